// The shape of a privkit sub-command, and the option parser all commands share.
import { parseArgs } from 'node:util';
import { UserError } from '../errors.js';

export type OptionType = 'string' | 'number' | 'boolean';

export interface OptionSpec {
  name: string;
  type: OptionType;
  description: string;
  default?: string | number | boolean;
  /** Allowed values for a string option. */
  choices?: readonly string[];
  valueName?: string;
  /** For a command with two modes (synth: a CSV or --images): the mode the option belongs to. */
  scope?: 'images' | 'table';
  /** The --method values the option applies to (given with another, it is refused, not ignored). */
  methods?: readonly string[];
}

export type OptionValues = Record<string, string | number | boolean | undefined>;

export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
  /** True when stderr is a terminal (progress bars are drawn only then). */
  interactive: boolean;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: OptionSpec[];
  /** Lines printed after the options in --help. */
  examples?: string[];
  /** Options that no longer exist, each with the sentence that says what replaced it. */
  retired?: Record<string, string>;
  /** A command that groups others (`privkit bayes logreg …`): the first word after it picks one. */
  subcommands?: Command[];
  run(values: OptionValues, positionals: string[], io: Output): Promise<number>;
}

export function helpText(cmd: Command): string {
  const width = Math.max(...cmd.options.map((o) => optionLabel(o).length), 6) + 2;
  const lines = [`Usage: ${cmd.usage}`, '', cmd.summary, '', 'Options:'];
  for (const o of [...cmd.options, { name: 'help', type: 'boolean' as const, description: 'Show this help.' }]) {
    const def = 'default' in o && o.default !== undefined ? ` (default: ${o.default})` : '';
    const choices = 'choices' in o && o.choices ? ` One of: ${o.choices.join(', ')}.` : '';
    lines.push(`  ${optionLabel(o).padEnd(width)}${o.description}${choices}${def}`);
  }
  if (cmd.examples?.length) lines.push('', 'Examples:', ...cmd.examples.map((e) => `  ${e}`));
  return `${lines.join('\n')}\n`;
}

function optionLabel(o: Pick<OptionSpec, 'name' | 'type' | 'valueName'>): string {
  return o.type === 'boolean' ? `--${o.name}` : `--${o.name} ${o.valueName ?? (o.type === 'number' ? 'N' : 'VALUE')}`;
}

/** Parses argv against the command's options; every mistake becomes one UserError sentence. */
export function parseOptions(cmd: Command, argv: string[]): { values: OptionValues; positionals: string[]; help: boolean } {
  const config: Record<string, { type: 'string' | 'boolean' }> = { help: { type: 'boolean' } };
  for (const o of cmd.options) config[o.name] = { type: o.type === 'boolean' ? 'boolean' : 'string' };
  const retired = cmd.retired ?? {};
  for (const arg of argv) {
    if (arg === '--') break; // what follows is positional
    const name = /^--([^=]+)/.exec(arg)?.[1];
    if (name !== undefined && Object.hasOwn(retired, name)) throw new UserError(`--${name} is gone: ${retired[name]}`);
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: joinNegativeNumbers(cmd, argv), options: config, allowPositionals: true, strict: true });
  } catch (error) {
    const first = (error as Error).message.split('\n')[0]!.replace(/\.$/, '');
    throw new UserError(`${first}; run \`privkit ${cmd.name} --help\` for the options.`);
  }
  const values: OptionValues = {};
  for (const o of cmd.options) {
    const raw = parsed.values[o.name];
    if (raw === undefined) { values[o.name] = o.default; continue; }
    if (o.type === 'number') values[o.name] = toNumber(o.name, raw as string);
    else if (o.type === 'string') {
      if (o.choices && !o.choices.includes(raw as string)) {
        throw new UserError(`--${o.name} must be one of ${o.choices.join(', ')}, got '${raw}'.`);
      }
      values[o.name] = raw as string;
    } else values[o.name] = raw as boolean;
  }
  return { values, positionals: parsed.positionals, help: parsed.values.help === true };
}

/** `--steps -1` → `--steps=-1`, so a negative number reaches validation instead of confusing the parser. */
function joinNegativeNumbers(cmd: Command, argv: string[]): string[] {
  const valued = new Set(cmd.options.filter((o) => o.type !== 'boolean').map((o) => `--${o.name}`));
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!, next = argv[i + 1];
    if (valued.has(a) && next !== undefined && /^-[\d.]/.test(next)) { out.push(`${a}=${next}`); i++; } else out.push(a);
  }
  return out;
}

function toNumber(name: string, raw: string): number {
  const x = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(x)) throw new UserError(`--${name} expects a number, got '${raw}'.`);
  return x;
}

/** The first option of `scope` given a value other than its default (giving the default is harmless). */
export function givenOption(cmd: Command, values: OptionValues, scope: 'images' | 'table'): string | undefined {
  return cmd.options.find((o) => o.scope === scope && isGiven(o, values))?.name;
}

/** The first option given whose `methods` leave out `method`. */
export function optionForOtherMethod(cmd: Command, values: OptionValues, method: string): OptionSpec | undefined {
  return cmd.options.find((o) => o.methods && !o.methods.includes(method) && isGiven(o, values));
}

/** Given on the command line with an effect: a default value given back cannot be told apart and changes nothing. */
function isGiven(o: OptionSpec, values: OptionValues): boolean {
  return values[o.name] !== undefined && values[o.name] !== o.default;
}

export function num(values: OptionValues, name: string): number | undefined {
  const v = values[name];
  return typeof v === 'number' ? v : undefined;
}

export function str(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

/** "64,32" → [64, 32]; null when a part is empty or not a number (ranges are the caller's). */
export function numberList(text: string): number[] | null {
  const parts = text.split(',').map((t) => (t.trim() === '' ? NaN : Number(t)));
  return parts.some(Number.isNaN) ? null : parts;
}

/** A string option `command` cannot run without: its value, or one sentence naming it (`context`, e.g. " with --images"). */
export function requiredStr(values: OptionValues, name: string, command: string, context = ''): string {
  const v = str(values, name);
  if (!v) throw new UserError(`--${name} is required${context}; run \`${command} --help\` for the options.`);
  return v;
}
