// `privkit eval`: train on synthetic, test on real, with the twelve classifiers of the papers.
import { UserError } from '../../errors.js';
import { evaluateCsv } from '../../eval/evaluate-csv.js';
import { num, str, type Command } from '../command.js';
import { createProgress } from '../progress.js';
import { formatUtility } from '../format-utility.js';

export const evalCommand: Command = {
  name: 'eval',
  summary: 'Utility of synthetic data: twelve classifiers trained on it and tested on real data, plus fidelity.',
  usage: 'privkit eval --real test.csv --synthetic synth.csv --target COLUMN [--train real-train.csv] [--json]',
  options: [
    { name: 'real', type: 'string', valueName: 'FILE', description: 'Real test data (required).' },
    { name: 'synthetic', type: 'string', valueName: 'FILE', description: 'Synthetic data to train on (required).' },
    { name: 'target', type: 'string', valueName: 'COLUMN', description: 'Categorical column to predict (required).' },
    { name: 'train', type: 'string', valueName: 'FILE', description: 'Real training data: adds the real-data baseline to the table.' },
    { name: 'seed', type: 'number', valueName: 'S', default: 0, description: 'Seed of the randomized classifiers.' },
    { name: 'json', type: 'boolean', default: false, description: 'Print one JSON object with every figure.' },
  ],
  examples: ['privkit eval --real adult-test.csv --synthetic synth.csv --target income --train adult-train.csv'],
  async run(values, positionals, io) {
    if (positionals.length > 0) throw new UserError(`privkit eval takes its files as options (--real, --synthetic), got '${positionals[0]}'.`);
    const need = (name: string) => {
      const v = str(values, name);
      if (!v) throw new UserError(`--${name} is required; run \`privkit eval --help\` for the options.`);
      return v;
    };
    const real = need('real'), synthetic = need('synthetic'), target = need('target'), train = str(values, 'train');
    const bar = createProgress('evaluating', train ? 24 : 12, io);
    const report = await evaluateCsv({ real, synthetic, target, ...(train ? { train } : {}), seed: num(values, 'seed')!, onResult: () => bar.tick() });
    bar.done();
    io.out(values.json ? `${JSON.stringify(report)}\n` : formatUtility(report));
    return 0;
  },
};
