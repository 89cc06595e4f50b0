/** Shared test helpers for the data layer: fixture paths, temp folders, UserError assertions. */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../src/errors.js';

// Compiled to dist/test/data/, three levels below the repository root.
const FIXTURES = new URL('../../../test/fixtures/data/', import.meta.url);

export function fixture(name: string): string {
  return fileURLToPath(new URL(name, FIXTURES));
}

/** A fresh temp folder, removed by the returned cleanup. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'privkit-data-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function filesIn(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

/** Asserts that `action` rejects with a one-sentence UserError matching `pattern`. */
export async function rejectsUser(action: Promise<unknown> | (() => Promise<unknown>), pattern: RegExp): Promise<UserError> {
  let caught: unknown;
  try {
    await (typeof action === 'function' ? action() : action);
  } catch (error) {
    caught = error;
  }
  return checkUserError(caught, pattern);
}

/** Asserts that `action` throws (synchronously) a UserError matching `pattern`. */
export function throwsUser(action: () => unknown, pattern: RegExp): UserError {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  return checkUserError(caught, pattern);
}

function checkUserError(caught: unknown, pattern: RegExp): UserError {
  assert.ok(caught instanceof UserError, `expected a UserError, got ${String(caught)}`);
  assert.match(caught.message, pattern);
  // One sentence: problem; fix. Ends with a period, no line breaks.
  assert.ok(caught.message.endsWith('.'), `message should end with a period: ${caught.message}`);
  assert.ok(!caught.message.includes('\n'), `message should be one line: ${caught.message}`);
  assert.ok(caught.message.includes(';'), `message should name the problem and the fix: ${caught.message}`);
  return caught;
}

/** Deterministic PRNG (mulberry32) for reproducible random tests. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
