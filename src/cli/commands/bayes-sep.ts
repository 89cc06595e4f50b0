// PLACEHOLDER (being written): `privkit bayes sep`.
import { UserError } from '../../errors.js';
import type { Command } from '../command.js';

export const bayesSepCommand: Command = {
  name: 'bayes sep',
  summary: 'not yet available',
  usage: 'privkit bayes sep',
  options: [],
  async run() {
    throw new UserError('privkit bayes sep is not available yet.');
  },
};
