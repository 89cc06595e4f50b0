// A benchmark's scratch directory, removed when the work ends, fails, or is stopped with Ctrl-C or
// SIGTERM: a `finally` does not run when a signal ends the process, and a synthetic image set
// left in /tmp is ~50 MB.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export async function withTempDir<T>(prefix: string, use: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  const onSignal = (signal: NodeJS.Signals): void => {
    remove();
    for (const s of SIGNALS) process.removeListener(s, onSignal);
    // Nobody else listening: end the process as the signal would have.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  try {
    return await use(dir);
  } finally {
    for (const s of SIGNALS) process.removeListener(s, onSignal);
    remove();
  }
}
