// Adapts the synthesizer's phases to progress bars on a terminal (silent when piped).
import type { SynthProgress } from '../synth/synthesize.js';
import type { Output } from './command.js';
import { createProgress, type Progress } from './progress.js';

export function progressReporter(io: Output): SynthProgress {
  let bar: Progress | null = null;
  return {
    phase(name, total) {
      bar?.done();
      bar = createProgress(name, total, io);
    },
    tick(n = 1) { bar?.tick(n); },
    log(line) { bar?.done(); io.err(`${line}\n`); },
  };
}
