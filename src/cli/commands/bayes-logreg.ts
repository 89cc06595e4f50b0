// PLACEHOLDER (being written): `privkit bayes logreg`.
import { UserError } from '../../errors.js';
import type { Command } from '../command.js';

export const bayesLogregCommand: Command = {
  name: 'bayes logreg',
  summary: 'not yet available',
  usage: 'privkit bayes logreg',
  options: [],
  async run() {
    throw new UserError('privkit bayes logreg is not available yet.');
  },
};
