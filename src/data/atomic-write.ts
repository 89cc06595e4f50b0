/**
 * Atomic file output: write to a temp file in the target's directory, then rename over the target.
 * A reader never sees a half-written file, and a failure (or Ctrl-C) leaves no output behind
 * (principle 4: no partial output file).
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp, unlinkSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';

const liveTempFiles = new Set<string>();
let handlersInstalled = false;

function removeLiveTempFilesSync(): void {
  for (const path of liveTempFiles) {
    try {
      unlinkSync(path);
    } catch {
      // Already gone or never created; nothing to clean.
    }
  }
  liveTempFiles.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeLiveTempFilesSync();
  uninstallHandlers();
  // If nobody else listens, restore the default behaviour (terminate) by re-raising the signal.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

const onSigint = (): void => onSignal('SIGINT');
const onSigterm = (): void => onSignal('SIGTERM');

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', removeLiveTempFilesSync);
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
}

// Handlers are only installed while a temp file exists, so an idle library never changes how the
// process reacts to signals.
function uninstallHandlers(): void {
  if (!handlersInstalled) return;
  handlersInstalled = false;
  process.removeListener('exit', removeLiveTempFilesSync);
  process.removeListener('SIGINT', onSigint);
  process.removeListener('SIGTERM', onSigterm);
}

/** A fresh temp path beside `target` (same directory, so the final rename is atomic). */
export function tempPathFor(target: string): string {
  const suffix = `${process.pid}.${randomBytes(6).toString('hex')}`;
  return join(dirname(target), `.${basename(target)}.${suffix}.tmp`);
}

async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await fsp.stat(path);
  } catch {
    return null;
  }
}

/** Checks that `target` can be written (its directory exists and it is not a directory). */
export async function checkWritableTarget(target: string): Promise<void> {
  const dir = dirname(resolve(target));
  const dirStat = await statOrNull(dir);
  if (dirStat === null || !dirStat.isDirectory()) {
    throw new UserError(`cannot write ${target} because the folder ${dir} does not exist; create it first or choose another output path.`);
  }
  const targetStat = await statOrNull(target);
  if (targetStat?.isDirectory()) {
    throw new UserError(`cannot write ${target} because it is a folder; give a file name instead.`);
  }
}

/**
 * Runs `write(tempPath)` and renames the temp file to `target` only if it succeeds. On any failure
 * the temp file is removed and the error is rethrown; the previous `target` (if any) is untouched.
 */
export async function replaceFileAtomic(target: string, write: (tempPath: string) => Promise<void>): Promise<void> {
  await checkWritableTarget(target);
  const temp = tempPathFor(target);
  liveTempFiles.add(temp);
  installHandlers();
  try {
    await write(temp);
    await fsp.rename(temp, target);
  } catch (error) {
    await fsp.rm(temp, { force: true });
    throw error;
  } finally {
    liveTempFiles.delete(temp);
    if (liveTempFiles.size === 0) uninstallHandlers();
  }
}

/** Writes `data` to `path` atomically (temp file + fsync + rename). */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await replaceFileAtomic(path, async (temp) => {
    const handle = await fsp.open(temp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  });
}
