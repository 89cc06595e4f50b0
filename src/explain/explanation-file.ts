// The explanation file `privkit explain --out` writes and `--compare` reads: the features, the learnt
// concentrations φ (global: one vector; local: one per explained row) and the privacy record.
import { readFile } from 'node:fs/promises';
import { UserError } from '../errors.js';
import type { LedgerJson } from '../privacy/ledger.js';
import { compareExplanations, type ExplanationDistance } from './compare.js';

export interface ExplanationFile {
  readonly format: 'privkit-explanation';
  readonly version: 1;
  readonly mode: 'global' | 'local';
  readonly target: string;
  /** The CSV columns the importance is over, in order. */
  readonly features: readonly string[];
  /** Global: φ/Σφ. Local: the mean over the explained rows of each row's φ/Σφ (a summary only). */
  readonly importance: readonly number[];
  /** Global: the concentrations φ. */
  readonly phi?: readonly number[];
  /** Local: φ of each explained row. */
  readonly rows?: readonly (readonly number[])[];
  /** Null when no privacy was applied (the explanation then reveals its data). */
  readonly privacy: LedgerJson | null;
  readonly settings: Readonly<Record<string, unknown>>;
}

export async function readExplanationFile(path: string): Promise<ExplanationFile> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UserError(`Cannot read the explanation ${path} (${(error as Error).message.split('\n')[0]}); pass a file written by privkit explain --out.`);
  }
  const f = parsed as Partial<ExplanationFile> | null;
  if (f?.format !== 'privkit-explanation' || (f.mode !== 'global' && f.mode !== 'local')) {
    throw new UserError(`${path} is not an explanation written by privkit explain --out.`);
  }
  const problem = explanationProblem(f);
  if (problem) throw new UserError(`${path} is damaged: ${problem}; write it again with privkit explain --out.`);
  return f as ExplanationFile;
}

const concentrations = (v: unknown, d: number): boolean =>
  Array.isArray(v) && v.length === d && v.every((x) => typeof x === 'number' && x > 0 && Number.isFinite(x));

/** What makes a parsed explanation unusable by --compare, or null. */
function explanationProblem(f: Partial<ExplanationFile>): string | null {
  const features = f.features;
  if (!Array.isArray(features) || features.length === 0 || !features.every((x) => typeof x === 'string')) return "'features' is not a list of column names";
  const d = features.length;
  if (f.mode === 'global') return concentrations(f.phi, d) ? null : `'phi' is not ${d} positive numbers, one per feature`;
  if (!Array.isArray(f.rows) || f.rows.length === 0) return "'rows' holds no explained rows";
  const bad = f.rows.findIndex((row) => !concentrations(row, d));
  return bad < 0 ? null : `row ${bad + 1} of 'rows' is not ${d} positive numbers, one per feature`;
}

export interface FileDistance extends ExplanationDistance {
  readonly mode: 'global' | 'local';
  /** Local: rows compared (the KLs are averages over them). */
  readonly rows: number | null;
}

/** Dirichlet KL between two explanation files of the same features (local: averaged over rows). */
export function compareExplanationFiles(a: ExplanationFile, b: ExplanationFile, names: [string, string]): FileDistance {
  if (a.mode !== b.mode) throw new UserError(`${names[0]} is a ${a.mode} explanation and ${names[1]} a ${b.mode} one; compare explanations of one mode.`);
  if (a.features.join('\u0000') !== b.features.join('\u0000')) throw new UserError(`${names[0]} and ${names[1]} explain different features (${a.features.join(', ')} against ${b.features.join(', ')}); compare explanations of the same table.`);
  if (a.mode === 'global') return { mode: 'global', rows: null, ...compareExplanations({ phi: a.phi! }, { phi: b.phi! }) };
  const ra = a.rows!, rb = b.rows!;
  if (ra.length !== rb.length) throw new UserError(`${names[0]} explains ${ra.length} rows and ${names[1]} ${rb.length}; explain the same rows (--rows) to compare local explanations.`);
  let kl = 0, reverseKl = 0, l2 = 0;
  for (let i = 0; i < ra.length; i++) {
    const d = compareExplanations({ phi: ra[i]! }, { phi: rb[i]! });
    kl += d.kl; reverseKl += d.reverseKl; l2 += d.l2;
  }
  const n = Math.max(1, ra.length);
  return { mode: 'local', rows: ra.length, kl: kl / n, reverseKl: reverseKl / n, l2: l2 / n };
}
