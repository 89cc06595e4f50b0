// `privkit synth`: a private CSV in, a synthetic CSV out, with the privacy ledger printed.
import { UserError } from '../../errors.js';
import { readSchema, writeFileAtomic } from '../../data/index.js';
import { synthesize, type SynthReport } from '../../synth/synthesize.js';
import { num, str, type Command, type Output } from '../command.js';
import { progressReporter } from '../synth-progress.js';
import { formatLedger } from '../format-ledger.js';
import { interruptFlag } from '../interrupt.js';

export const synthCommand: Command = {
  name: 'synth',
  summary: 'Write a differentially private synthetic copy of a CSV (DP-HP or DP-MERF).',
  usage: 'privkit synth data.csv --out synth.csv [--method hp|merf] [--epsilon 1] [--delta 1e-5] [--target COLUMN] [--schema schema.json] [--rows N] [--seed S] [--report run.json]',
  options: [
    { name: 'out', type: 'string', valueName: 'FILE', description: 'Where to write the synthetic CSV (required).' },
    { name: 'method', type: 'string', choices: ['hp', 'merf'], default: 'hp', description: 'hp: Hermite-polynomial features (DP-HP); merf: random Fourier features (DP-MERF).' },
    { name: 'epsilon', type: 'number', valueName: 'ε', default: 1, description: 'Total privacy budget ε, pre-processing included.' },
    { name: 'delta', type: 'number', valueName: 'δ', default: 1e-5, description: 'Total privacy budget δ.' },
    { name: 'target', type: 'string', valueName: 'COLUMN', description: 'Categorical column to generate class-conditionally (with privatized class proportions).' },
    { name: 'schema', type: 'string', valueName: 'FILE', description: 'Schema JSON; columns it declares public cost no privacy (see `privkit schema`).' },
    { name: 'rows', type: 'number', valueName: 'N', description: 'Rows to write (default: the privately released row count of the input).' },
    { name: 'seed', type: 'number', valueName: 'S', description: 'Seed for everything except the privacy noise (which always comes from a secure source).' },
    { name: 'report', type: 'string', valueName: 'FILE', description: 'Also write the run report (privacy ledger, settings, timings) as JSON.' },
    { name: 'preprocessing-share', type: 'number', valueName: 'F', default: 0.1, description: 'Share of ε and δ spent on the private schema (bounds, categories, types, row count).' },
    { name: 'no-header', type: 'boolean', default: false, description: 'The CSV has no header row.' },
  ],
  examples: ['privkit synth adult.csv --out synth.csv --target income --epsilon 1 --report run.json'],
  async run(values, positionals, io) {
    if (positionals.length !== 1) throw new UserError('privkit synth needs exactly one input CSV, e.g. `privkit synth data.csv --out synth.csv`.');
    const out = str(values, 'out');
    if (!out) throw new UserError('--out is required: name the synthetic CSV to write, e.g. --out synth.csv.');
    const schemaPath = str(values, 'schema');
    const report = await runSynth({
      input: positionals[0]!, output: out, method: (str(values, 'method') ?? 'hp') as 'hp' | 'merf',
      epsilon: num(values, 'epsilon')!, delta: num(values, 'delta')!,
      ...(str(values, 'target') !== undefined ? { target: str(values, 'target')! } : {}),
      ...(schemaPath !== undefined ? { schema: await readSchema(schemaPath) } : {}),
      ...(num(values, 'rows') !== undefined ? { rows: num(values, 'rows')! } : {}),
      ...(num(values, 'seed') !== undefined ? { seed: num(values, 'seed')! } : {}),
      preprocessingShare: num(values, 'preprocessing-share')!,
      header: !values['no-header'],
    }, io);
    const reportPath = str(values, 'report');
    if (reportPath) await writeFileAtomic(reportPath, `${JSON.stringify(report, null, 2)}\n`);
    io.out(`Wrote ${report.rowsWritten} synthetic rows to ${report.output}.\n`);
    io.out(formatLedger(report.privacy));
    return 0;
  },
};

/** Runs the synthesizer with a progress bar and Ctrl-C handling. */
export async function runSynth(options: Parameters<typeof synthesize>[0], io: Output): Promise<SynthReport> {
  const interrupt = interruptFlag();
  try {
    return await synthesize({ ...options, progress: progressReporter(io), shouldStop: interrupt.raised });
  } finally {
    interrupt.release();
  }
}
