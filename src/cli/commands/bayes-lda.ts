// PLACEHOLDER (being written): `privkit bayes lda`.
import { UserError } from '../../errors.js';
import type { Command } from '../command.js';

export const bayesLdaCommand: Command = {
  name: 'bayes lda',
  summary: 'not yet available',
  usage: 'privkit bayes lda',
  options: [],
  async run() {
    throw new UserError('privkit bayes lda is not available yet.');
  },
};
