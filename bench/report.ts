// Writes a benchmark's figures into BENCHMARKS.md, replacing that benchmark's previous section.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { writeFileAtomicSync } from './atomic.js';

export interface Timing { min: number; median: number; runs: number }

export function machineLine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}`;
}

/** Times `step` after `warmup` untimed runs; returns min and median in ms. */
export function timeRuns(step: () => void, runs: number, warmup = 2): Timing {
  for (let i = 0; i < warmup; i++) step();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    step();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { min: times[0]!, median: times[Math.floor(times.length / 2)]!, runs };
}

export function ms(x: number): string {
  return `${x.toFixed(1)} ms`;
}

/** Replaces (or appends) the section of `name` in BENCHMARKS.md. */
export function writeSection(name: string, command: string, body: string, file = 'BENCHMARKS.md'): void {
  const begin = `<!-- bench:${name} -->`, end = `<!-- /bench:${name} -->`;
  const section = [
    begin,
    `## ${name}`,
    '',
    `- date: ${new Date().toISOString()}`,
    `- command: \`${command}\``,
    `- machine: ${machineLine()}`,
    '',
    body.trim(),
    end,
  ].join('\n');
  const header = '# Benchmarks\n\nEach section is written by `npm run bench -- <name>`; figures are measured, never edited by hand.\n';
  let text = existsSync(file) ? readFileSync(file, 'utf8') : header;
  const from = text.indexOf(begin), to = text.indexOf(end);
  text = from >= 0 && to > from ? text.slice(0, from) + section + text.slice(to + end.length) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileAtomicSync(file, text);
}
