// `privkit schema data.csv`: a schema inferred from the data, for a person to review.
import { UserError } from '../../errors.js';
import { inferSchema, schemaToJson, writeSchema } from '../../data/index.js';
import { str, type Command } from '../command.js';

export const schemaCommand: Command = {
  name: 'schema',
  summary: 'Print a schema inferred from a CSV (derived from the data: not private until a person reviews it).',
  usage: 'privkit schema data.csv [--out schema.json] [--no-header]',
  options: [
    { name: 'out', type: 'string', valueName: 'FILE', description: 'Write the schema to FILE instead of printing it.' },
    { name: 'no-header', type: 'boolean', default: false, description: 'The CSV has no header row; columns are named col1, col2, ….' },
  ],
  examples: ['privkit schema adult.csv --out adult-schema.json'],
  async run(values, positionals, io) {
    if (positionals.length !== 1) throw new UserError('privkit schema needs exactly one CSV file, e.g. `privkit schema data.csv`.');
    const schema = await inferSchema(positionals[0]!, { header: !values['no-header'] });
    const out = str(values, 'out');
    if (out) {
      await writeSchema(out, schema);
      io.err(`Wrote ${out}. It was derived from the data: review every column and mark public only what may be published.\n`);
    } else {
      io.out(`${schemaToJson(schema)}\n`);
      io.err('This schema was derived from the data and is NOT private: review it before marking columns public.\n');
    }
    return 0;
  },
};
