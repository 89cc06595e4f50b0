// The `privkit` command: dispatch to a sub-command, print user errors as one sentence.
import { readFileSync } from 'node:fs';
import { isUserError } from '../errors.js';
import { helpText, parseOptions, type Command, type Output } from './command.js';
import { accountCommand } from './commands/account.js';
import { schemaCommand } from './commands/schema.js';
import { demoCommand } from './commands/demo.js';
import { synthCommand } from './commands/synth.js';
import { trainCommand } from './commands/train.js';
import { predictCommand } from './commands/predict.js';
import { evalCommand } from './commands/eval.js';
import { bayesCommand } from './commands/bayes.js';
import { pretrainCommand } from './commands/pretrain.js';
import { compressCommand } from './commands/compress.js';
import { explainCommand } from './commands/explain.js';

const commands: Command[] = [demoCommand, synthCommand, evalCommand, trainCommand, predictCommand, compressCommand, explainCommand, bayesCommand, pretrainCommand, accountCommand, schemaCommand];

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    'privkit — differentially private synthetic data, training and inference.',
    '',
    'Usage: privkit <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Run `privkit <command> --help` for the options of a command.',
    '',
  ].join('\n');
}

export function processOutput(): Output {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    interactive: Boolean(process.stderr.isTTY) && !process.env.CI,
  };
}

/** A grouping command takes its sub-command from the next word; a string is what to print instead. */
function pickSubcommand(cmd: Command, rest: string[]): { cmd: Command; args: string[] } | { print: string; code: number } {
  if (!cmd.subcommands) return { cmd, args: rest };
  const [word, ...args] = rest;
  const names = cmd.subcommands.map((c) => c.name.split(' ').pop()!);
  const list = cmd.subcommands.map((c) => `  ${c.name.padEnd(24)}${c.summary}`).join('\n');
  if (word === undefined || word === '--help' || word === '-h') {
    return { print: `Usage: ${cmd.usage}\n\n${cmd.summary}\n\nCommands:\n${list}\n`, code: word === undefined ? 1 : 0 };
  }
  const sub = cmd.subcommands.find((c) => c.name.split(' ').pop() === word);
  if (!sub) return { print: `privkit ${cmd.name}: unknown sub-command '${word}'; use one of ${names.join(', ')} (\`privkit ${cmd.name} --help\`).\n`, code: 2 };
  return { cmd: sub, args };
}

export async function main(argv: string[], io: Output = processOutput()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(overview());
    return name === undefined ? 1 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(`${version()}\n`);
    return 0;
  }
  const found = commands.find((c) => c.name === name);
  if (!found) {
    io.err(`privkit: unknown command '${name}'; run \`privkit --help\` to list the commands.\n`);
    return 2;
  }
  const picked = pickSubcommand(found, rest);
  if ('print' in picked) {
    if (picked.code === 2) io.err(picked.print);
    else io.out(picked.print);
    return picked.code;
  }
  const { cmd, args } = picked;
  try {
    const { values, positionals, help } = parseOptions(cmd, args);
    if (help) {
      io.out(helpText(cmd));
      return 0;
    }
    return await cmd.run(values, positionals, io);
  } catch (error) {
    if (isUserError(error)) {
      io.err(`privkit ${cmd.name}: ${error.message}\n`);
      return 2;
    }
    io.err(`privkit ${cmd.name}: internal error: ${(error as Error).message}\n`);
    if (process.env.PRIVKIT_DEBUG) io.err(`${(error as Error).stack}\n`);
    else io.err('This is a bug in privkit; rerun with PRIVKIT_DEBUG=1 for the stack trace and report it.\n');
    return 70;
  }
}
