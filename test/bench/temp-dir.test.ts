import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { withTempDir } from '../../bench/temp-dir.js';

describe('bench scratch directory', () => {
  it('is removed after the work, and when the work throws', async () => {
    let kept = '';
    assert.equal(await withTempDir('privkit-test-', async (dir) => { kept = dir; writeFileSync(join(dir, 'x'), 'x'); return 7; }), 7);
    assert.equal(existsSync(kept), false);
    await assert.rejects(withTempDir('privkit-test-', async (dir) => { kept = dir; throw new Error('boom'); }), /boom/);
    assert.equal(existsSync(kept), false);
    assert.equal(process.listenerCount('SIGTERM'), 0, 'no signal handler is left behind');
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`is removed when ${signal} stops the process, which still dies of the signal`, async () => {
      const scratch = mkdtempSync(join(tmpdir(), 'privkit-test-'));
      try {
        const script = join(scratch, 'child.mjs');
        const module = new URL('../../bench/temp-dir.js', import.meta.url).href;
        writeFileSync(script, `import { withTempDir } from ${JSON.stringify(module)};
          await withTempDir('privkit-test-', async (dir) => { console.log(dir); await new Promise((r) => setTimeout(r, 60_000)); });`);
        const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
        const dir = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())));
        assert.equal(existsSync(dir), true, 'the directory exists while the work runs');
        child.kill(signal);
        const [, died] = (await new Promise((resolve) => child.once('exit', (c, s) => resolve([c, s])))) as [number | null, string | null];
        assert.equal(died, signal);
        assert.equal(existsSync(dir), false);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    });
  }
});
