// `privkit explain`: Q-FIT feature importance of a classifier trained on a CSV, globally or row by
// row; with --epsilon both the classifier and the explanation are learnt with DP-SGD and the privacy
// spent is printed. `privkit explain --compare a.json b.json` prints the Dirichlet KL of two files.
import { UserError } from '../../errors.js';
import { initEngine } from '../../engine/index.js';
import { checkWritableTarget } from '../../data/atomic-write.js';
import { readSchema, writeFileAtomic } from '../../data/index.js';
import { accuracy } from '../../dpsgd/train.js';
import { readEncodedTable } from '../../train/table-data.js';
import { readExplainTable } from '../../explain/table-input.js';
import { explainTable, type ExplainSettings } from '../../explain/explain-table.js';
import { compareExplanationFiles, readExplanationFile, type ExplanationFile } from '../../explain/explanation-file.js';
import { MIN_CONCENTRATION } from '../../explain/qfit.js';
import { rankFeatures } from '../../explain/metrics.js';
import { num, str, type Command, type OptionValues, type Output } from '../command.js';
import { formatLedger } from '../format-ledger.js';
import { interruptSignal } from '../interrupt.js';
import { createProgress, type Progress } from '../progress.js';

const NOT_PRIVATE = 'No privacy: without --epsilon the classifier and its explanation are learnt from the rows as they are; do not release them if the data are private.';
const DEFAULT_DELTA = 1e-5;
/** Rows explained in local mode without --rows, when there is no privacy. */
const DEFAULT_LOCAL_ROWS = 1000;

function progressBars(io: Output): { onProgress: (phase: 'classifier' | 'importance', done: number, total: number) => void; done: () => void } {
  let bar: Progress | null = null, current = '';
  return {
    onProgress(phase, done, total) {
      if (phase !== current) { bar?.done(); bar = createProgress(phase === 'classifier' ? 'training the classifier' : 'learning the importance', total, io); current = phase; }
      bar!.tick();
      if (done === total) { bar!.done(); bar = null; current = ''; }
    },
    done: () => bar?.done(),
  };
}

async function compare(positionals: string[], values: OptionValues, io: Output): Promise<number> {
  if (positionals.length !== 2) throw new UserError(`privkit explain --compare takes two explanation files, got ${positionals.length}; e.g. privkit explain --compare private.json plain.json.`);
  const [a, b] = positionals as [string, string];
  const d = compareExplanationFiles(await readExplanationFile(a), await readExplanationFile(b), [a, b]);
  if (values.json) { io.out(`${JSON.stringify({ a, b, ...d }, null, 2)}\n`); return 0; }
  const over = d.mode === 'local' ? ` (mean over ${d.rows} rows)` : '';
  io.out([
    `KL(${a} ‖ ${b}) = ${d.kl.toPrecision(4)} nats${over}`,
    `KL(${b} ‖ ${a}) = ${d.reverseKl.toPrecision(4)} nats`,
    `L2 distance of the mean importances = ${d.l2.toPrecision(4)}`,
    '',
  ].join('\n'));
  return 0;
}

export const explainCommand: Command = {
  name: 'explain',
  summary: 'Q-FIT feature importance (a Dirichlet over the columns) of a classifier trained on a CSV; with --epsilon, classifier and explanation are learnt with DP-SGD. --compare prints the Dirichlet KL of two explanations.',
  usage: 'privkit explain --csv data.csv --target COLUMN [--epsilon ε [--delta δ] [--classifier-clip C] [--importance-clip C]] [--local [--rows rows.csv]] [--schema s.json] [--test-csv t.csv] [--out explanation.json] [--json] | privkit explain --compare a.json b.json',
  options: [
    { name: 'csv', type: 'string', valueName: 'FILE', description: 'The table to learn from (CSV with a header); private when --epsilon is given.' },
    { name: 'target', type: 'string', valueName: 'COLUMN', description: 'The categorical column the classifier predicts.' },
    { name: 'epsilon', type: 'number', valueName: 'ε', description: 'Total privacy budget ε: classifier and explanation are learnt with DP-SGD (without it: no privacy).' },
    { name: 'delta', type: 'number', valueName: 'δ', description: 'Total privacy budget δ (with --epsilon; default 1e-5).' },
    { name: 'schema', type: 'string', valueName: 'FILE', description: 'Schema JSON; columns it declares public cost no privacy (otherwise their domains are estimated privately).' },
    { name: 'public-size', type: 'number', valueName: 'N', description: 'Declare the number of rows public; without it a noisy count is released.' },
    { name: 'local', type: 'boolean', default: false, description: 'One explanation per row (a selector network) instead of one for the whole table.' },
    { name: 'rows', type: 'string', valueName: 'FILE', description: `With --local: the rows to explain (CSV, same columns; read without privacy). Without privacy the default is the first ${DEFAULT_LOCAL_ROWS} training rows; with --epsilon it is required.` },
    { name: 'test-csv', type: 'string', valueName: 'FILE', description: 'Test table for the classifier accuracy (read without privacy; printed, not stored).' },
    { name: 'estimator', type: 'string', choices: ['sample', 'point'], description: 'Dirichlet draws (default) or the mean φ/Σφ while learning the importance.' },
    { name: 'epochs', type: 'number', valueName: 'N', description: 'Passes over the data while learning the importance (default 10).' },
    { name: 'classifier-clip', type: 'number', valueName: 'C', description: 'With --epsilon: DP-SGD clipping norm of the classifier\'s per-example gradients (default 1).' },
    { name: 'importance-clip', type: 'number', valueName: 'C', description: 'With --epsilon: clipping norm of the per-example importance gradients (default 0.1).' },
    { name: 'seed', type: 'number', valueName: 'S', default: 1, description: 'Seed of initialisation, shuffling and Dirichlet draws (privacy noise always uses a secure source).' },
    { name: 'out', type: 'string', valueName: 'FILE', description: 'Write the explanation (features, concentrations, privacy record) as JSON, for --compare.' },
    { name: 'compare', type: 'boolean', default: false, description: 'Compare the two explanation files given as arguments.' },
    { name: 'json', type: 'boolean', default: false, description: 'Print the result as JSON.' },
  ],
  examples: [
    'privkit explain --csv adult.csv --target income --epsilon 1 --out private.json',
    'privkit explain --csv adult.csv --target income --out plain.json',
    'privkit explain --compare private.json plain.json',
  ],
  async run(values, positionals, io) {
    if (values.compare) return compare(positionals, values, io);
    if (positionals.length > 0) throw new UserError(`privkit explain takes no positional arguments without --compare (got '${positionals[0]}').`);
    const csv = str(values, 'csv'), target = str(values, 'target');
    if (!csv || !target) throw new UserError('privkit explain needs --csv FILE and --target COLUMN (or --compare a.json b.json).');
    const epsilon = num(values, 'epsilon');
    if (epsilon !== undefined && !(epsilon > 0 && Number.isFinite(epsilon))) throw new UserError(`--epsilon must be a positive number, got ${epsilon}.`);
    const delta = num(values, 'delta');
    if (delta !== undefined && epsilon === undefined) throw new UserError('--delta only matters with --epsilon; drop it or give a budget.');
    if (delta !== undefined && !(delta > 0 && delta < 1)) throw new UserError(`--delta must be a number in (0, 1), got ${delta}.`);
    const local = values.local === true;
    const rowsPath = str(values, 'rows');
    if (rowsPath && !local) throw new UserError('--rows names the rows to explain one by one; add --local.');
    if (local && epsilon !== undefined && !rowsPath) {
      throw new UserError('With --local and --epsilon, give --rows FILE: explanations of the private training rows themselves would reveal them.');
    }
    const epochs = num(values, 'epochs');
    if (epochs !== undefined && !(Number.isInteger(epochs) && epochs >= 1)) throw new UserError(`--epochs must be a whole number >= 1, got ${epochs}.`);
    const clips = {
      classifierClip: num(values, 'classifier-clip'),
      importanceClip: num(values, 'importance-clip'),
    };
    for (const [name, value] of [['--classifier-clip', clips.classifierClip], ['--importance-clip', clips.importanceClip]] as const) {
      if (value === undefined) continue;
      if (epsilon === undefined) throw new UserError(`${name} is a DP-SGD setting and only matters with --epsilon; drop it or give a budget.`);
      if (!(value > 0 && Number.isFinite(value))) throw new UserError(`${name} must be a positive number, got ${value}.`);
    }
    const out = str(values, 'out');
    if (out) await checkWritableTarget(out);
    await initEngine();
    const schemaPath = str(values, 'schema');
    const declared = num(values, 'public-size');
    if (declared !== undefined && !(Number.isInteger(declared) && declared >= 1)) throw new UserError(`--public-size must be a whole number >= 1, got ${declared}.`);
    if (declared !== undefined && epsilon === undefined) throw new UserError('--public-size only matters with --epsilon; drop it or give a budget.');
    const prepared = await readExplainTable({
      csv, target, ...(schemaPath ? { userSchema: await readSchema(schemaPath) } : {}), ...(declared !== undefined ? { publicSize: declared } : {}),
      budget: epsilon === undefined ? null : { epsilon, delta: delta ?? DEFAULT_DELTA },
    });
    const { encoding, train, features } = prepared;
    const testCsv = str(values, 'test-csv');
    const test = testCsv ? await readEncodedTable(testCsv, encoding) : undefined;
    const rows = local ? (rowsPath ? (await readEncodedTable(rowsPath, encoding, true, true)).features : train.features.subarray(0, Math.min(DEFAULT_LOCAL_ROWS, train.labels.length) * encoding.encoder.width)) : null;
    if (!prepared.privacy) io.err(`${NOT_PRIVATE}\n`);
    const settings: Partial<ExplainSettings> = {
      ...(epochs !== undefined ? { importanceEpochs: epochs } : {}),
      ...(str(values, 'estimator') ? { estimator: str(values, 'estimator') as 'sample' | 'point' } : {}),
      ...(clips.classifierClip !== undefined ? { classifierClip: clips.classifierClip } : {}),
      ...(clips.importanceClip !== undefined ? { importanceClip: clips.importanceClip } : {}),
    };
    const bars = progressBars(io);
    const interrupt = interruptSignal('Interrupted; nothing was written.');
    let result: Awaited<ReturnType<typeof explainTable>>;
    try {
      result = await explainTable({
        train, groups: prepared.groups, mode: local ? 'local' : 'global', privacy: prepared.privacy, settings,
        seed: num(values, 'seed')!, onProgress: bars.onProgress, signal: interrupt.signal,
      });
    } finally {
      interrupt.release();
      bars.done();
    }
    let file: ExplanationFile, sd: Float64Array | null = null, testAccuracy: number | null = null;
    try {
      testAccuracy = test ? accuracy(result.classifier, test) : null;
      const common = { format: 'privkit-explanation' as const, version: 1 as const, target, features, privacy: prepared.privacy ? prepared.privacy.ledger.toJSON() : null, settings: { ...result.settings, noiseMultiplier: result.noiseMultiplier } };
      if (result.global) {
        file = { ...common, mode: 'global', importance: [...result.global.importance], phi: Array.from(result.global.phi, (v) => Math.max(v, MIN_CONCENTRATION)) };
        sd = result.global.variance.map(Math.sqrt);
      } else {
        const r = result.local!.explain(rows!);
        const d = r.featureCount, n = r.phi.length / d;
        const mean = new Float64Array(d);
        for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += r.importance[i * d + j]! / n;
        const perRow = Array.from({ length: n }, (_, i) => Array.from(r.phi.subarray(i * d, (i + 1) * d), (v) => Math.max(v, MIN_CONCENTRATION)));
        file = { ...common, mode: 'local', importance: [...mean], rows: perRow };
      }
    } finally {
      result.dispose();
    }
    if (out) await writeFileAtomic(out, `${JSON.stringify(file)}\n`);
    const order = rankFeatures(Float64Array.from(file.importance), features.length);
    if (values.json) {
      io.out(`${JSON.stringify({ mode: file.mode, target, ranking: [...order].map((j) => ({ feature: features[j], importance: file.importance[j], ...(sd ? { sd: sd[j] } : {}) })), testAccuracy, privacy: file.privacy, out: out ?? null }, null, 2)}\n`);
      return 0;
    }
    const how = file.mode === 'global' ? 'Global' : `Local (mean over ${file.rows!.length} rows)`;
    const width = Math.max(7, ...features.map((f) => f.length));
    io.out([
      `${how} Q-FIT importance of the ${features.length} columns for predicting '${target}' (${prepared.privacy ? `DP-SGD, ε = ${epsilon}` : 'no privacy'}):`,
      `  rank  ${'feature'.padEnd(width)}  importance${sd ? '  ± sd' : ''}`,
      ...[...order].map((j, r) => `  ${String(r + 1).padStart(4)}  ${features[j]!.padEnd(width)}  ${file.importance[j]!.toFixed(4).padStart(10)}${sd ? `  ${sd[j]!.toFixed(4)}` : ''}`),
      ...(testAccuracy !== null ? [`Classifier test accuracy: ${testAccuracy.toFixed(4)} on ${test!.labels.length} rows of ${testCsv}.`] : []),
      ...(prepared.privacy ? ['', formatLedger(prepared.privacy.ledger.toJSON())] : [`  ${NOT_PRIVATE}`]),
      ...(out ? [`Explanation written to ${out}.`] : []),
      '',
    ].join('\n'));
    return 0;
  },
};
