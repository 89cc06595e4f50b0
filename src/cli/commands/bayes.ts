// `privkit bayes <logreg|lda|sep>`: private Bayesian inference (VIPS and DP-SEP).
import type { Command } from '../command.js';
import { bayesLogregCommand } from './bayes-logreg.js';
import { bayesLdaCommand } from './bayes-lda.js';
import { bayesSepCommand } from './bayes-sep.js';

export const bayesCommand: Command = {
  name: 'bayes',
  summary: 'Private Bayesian inference: posteriors with a formal (ε, δ) guarantee (VIPS, DP-SEP).',
  usage: 'privkit bayes <logreg|lda|sep> [options]',
  options: [],
  subcommands: [bayesLogregCommand, bayesLdaCommand, bayesSepCommand],
  async run() {
    return 1; // never called: main dispatches to a sub-command
  },
};
