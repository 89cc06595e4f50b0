// An encoded private table as rows for the Bayesian regression models (VIPS and DP-SEP logistic
// regression): each row scaled into the unit ball by the schema's public bound, an intercept
// appended, and a readable name per coefficient.
import { UserError } from '../errors.js';
import type { LabelledData } from '../dpsgd/dataset.js';
import type { TableEncoding } from '../train/table-data.js';
import { scaleRows } from './logreg/model.js';

/** Rows of width + 1 (intercept last) with ‖x‖ ≤ 1; refuses a target without exactly 2 classes. */
export function binaryTableRows(data: LabelledData, encoding: TableEncoding): { features: Float64Array; rows: number; dim: number } {
  if (encoding.classes.length !== 2) {
    throw new UserError(`Bayesian logistic regression needs a target with 2 classes; '${encoding.target}' has ${encoding.classes.length} released classes (${encoding.classes.slice(0, 5).join(', ')}${encoding.classes.length > 5 ? ', …' : ''}); pick a binary column.`);
  }
  const rows = data.labels.length, width = encoding.encoder.width;
  return { features: scaleRows(data.features, rows, width, encoding.encoder.maxRowNorm), rows, dim: width + 1 };
}

/** column, column=category, column=(missing) per encoded slot, then (intercept). */
export function coefficientNames(encoding: TableEncoding): string[] {
  const names: string[] = [];
  for (const block of encoding.encoder.blocks) {
    const column = encoding.encoder.schema.columns.find((c) => c.name === block.name);
    for (let k = 0; k < block.width; k++) {
      if (k === block.missingSlot) names.push(`${block.name}=(missing)`);
      else if (column?.type === 'categorical') names.push(`${block.name}=${column.categories?.[k] ?? k}`);
      else names.push(block.name);
    }
  }
  names.push('(intercept)');
  return names;
}
