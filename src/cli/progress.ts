// A progress bar for long phases: drawn on stderr when it is a terminal, silent when piped.
import type { Output } from './command.js';

export interface Progress {
  /** Advances by `n` units (default 1). */
  tick(n?: number): void;
  /** Clears the bar. */
  done(): void;
}

export function createProgress(label: string, total: number, io: Pick<Output, 'err' | 'interactive'>): Progress {
  if (!io.interactive || !(total > 0)) return { tick() {}, done() {} };
  let current = 0, lastDraw = 0;
  const start = Date.now();
  const draw = () => {
    const frac = Math.min(1, current / total);
    const width = 28, filled = Math.round(frac * width);
    const elapsed = (Date.now() - start) / 1000;
    const eta = frac > 0 ? elapsed * (1 - frac) / frac : 0;
    io.err(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}%  ${eta > 0 ? `${eta.toFixed(0)}s left` : ''}   `);
  };
  return {
    tick(n = 1) {
      current += n;
      const now = Date.now();
      if (now - lastDraw > 100 || current >= total) { lastDraw = now; draw(); }
    },
    done() {
      io.err(`\r${' '.repeat(label.length + 50)}\r`);
    },
  };
}
