// A benchmark's scratch directory, removed when the work ends or fails. A run killed by a signal
// skips that (a `finally` does not run; SIGKILL cannot be caught at all, and a SIGINT/SIGTERM
// listener would replace the signal's default of ending the process), so each directory records
// its owner's pid and the next run removes those whose owner is gone: a stopped run's ~50 MB
// image set does not pile up.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const OWNER = 'owner.pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/** Removes `prefix*` directories in the temp folder whose recorded owner process has ended. */
export function removeStaleTempDirs(prefix: string, root = tmpdir()): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(root)) {
    if (!name.startsWith(prefix)) continue;
    const owner = join(root, name, OWNER);
    if (!existsSync(owner)) continue; // not ours, or from before owners were recorded
    const pid = Number(readFileSync(owner, 'utf8'));
    if (Number.isInteger(pid) && pid > 0 && !alive(pid)) {
      rmSync(join(root, name), { recursive: true, force: true });
      removed.push(name);
    }
  }
  return removed;
}

export async function withTempDir<T>(prefix: string, use: (dir: string) => Promise<T>, root = tmpdir()): Promise<T> {
  const stale = removeStaleTempDirs(prefix, root);
  if (stale.length > 0) process.stderr.write(`Removed ${stale.length} scratch folder${stale.length === 1 ? '' : 's'} left by stopped runs: ${stale.join(', ')}\n`);
  const dir = mkdtempSync(join(root, prefix));
  writeFileSync(join(dir, OWNER), String(process.pid));
  try {
    return await use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
