// `privkit demo`: the main job on the bundled UCI Adult data — DP-HP synthesis at ε = 1 with the
// schema estimated privately, then train-on-synthetic / test-on-real utility beside the real-data
// baseline.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import { bundledDatasetPath } from '../../data/index.js';
import { evaluateCsv } from '../../eval/evaluate-csv.js';
import { num, str, type Command } from '../command.js';
import { formatLedger } from '../format-ledger.js';
import { formatUtility } from '../format-utility.js';
import { createProgress } from '../progress.js';
import { runSynth } from './synth.js';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Synthesize the bundled UCI Adult data privately (DP-HP, ε = 1) and evaluate its utility.',
  usage: 'privkit demo [--out FILE] [--epsilon 1] [--method hp|merf] [--seed S]',
  options: [
    { name: 'out', type: 'string', valueName: 'FILE', description: 'Where to write the synthetic CSV (default: a new temporary folder).' },
    { name: 'epsilon', type: 'number', valueName: 'ε', default: 1, description: 'Total privacy budget ε.' },
    { name: 'method', type: 'string', choices: ['hp', 'merf'], default: 'hp', description: 'Synthesizer.' },
    { name: 'seed', type: 'number', valueName: 'S', description: 'Seed for everything but the privacy noise.' },
  ],
  async run(values, positionals, io) {
    if (positionals.length > 0) throw new UserError('privkit demo takes no file arguments; it uses the bundled UCI Adult data.');
    const train = bundledDatasetPath('adult-train'), test = bundledDatasetPath('adult-test');
    const out = str(values, 'out') ?? join(mkdtempSync(join(tmpdir(), 'privkit-demo-')), 'adult-synthetic.csv');
    const epsilon = num(values, 'epsilon')!, method = (str(values, 'method') ?? 'hp') as 'hp' | 'merf';
    io.out(`privkit demo: ${method === 'hp' ? 'DP-HP' : 'DP-MERF'} on UCI Adult (32,561 training rows, bundled), ε = ${epsilon}, δ = 1e-5, target income.\n`);
    io.out('No schema is given, so types, bounds, categories and the row count are estimated privately and paid for.\n\n');
    const seed = num(values, 'seed');
    const report = await runSynth({ input: train, output: out, method, epsilon, delta: 1e-5, target: 'income', ...(seed !== undefined ? { seed } : {}) }, io);
    io.out(`Wrote ${report.rowsWritten} synthetic rows to ${out} (${(report.seconds.preprocessing! + report.seconds.embedding! + report.seconds.training! + report.seconds.sampling!).toFixed(0)} s).\n`);
    io.out(formatLedger(report.privacy));
    io.out('\n');
    const bar = createProgress('evaluating (12 classifiers × synthetic and real)', 24, io);
    const utility = await evaluateCsv({ real: test, synthetic: out, target: 'income', train, onResult: () => bar.tick() });
    bar.done();
    io.out(formatUtility(utility));
    return 0;
  },
};
