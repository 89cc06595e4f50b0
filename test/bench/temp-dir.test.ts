import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { withTempDir } from '../../bench/temp-dir.js';

describe('bench scratch directory', () => {
  it('is removed after the work, and when the work throws', async () => {
    const root = mkdtempSync(join(tmpdir(), 'privkit-test-root-'));
    try {
      let kept = '';
      assert.equal(await withTempDir('scratch-', async (dir) => { kept = dir; writeFileSync(join(dir, 'x'), 'x'); return 7; }, root), 7);
      assert.equal(existsSync(kept), false);
      await assert.rejects(withTempDir('scratch-', async (dir) => { kept = dir; throw new Error('boom'); }, root), /boom/);
      assert.equal(existsSync(kept), false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a directory left by a killed run is removed by the next one; a live run\'s and a foreign one are kept', async () => {
    const root = mkdtempSync(join(tmpdir(), 'privkit-test-root-'));
    try {
      const ended = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
      const dead = Number(ended.stdout);
      assert.ok(dead > 0);
      const make = (name: string, owner?: number) => {
        mkdirSync(join(root, name));
        if (owner !== undefined) writeFileSync(join(root, name, 'owner.pid'), String(owner));
        return join(root, name);
      };
      const stale = make('scratch-stale', dead), live = make('scratch-live', process.pid), foreign = make('scratch-foreign'), other = make('other-stale', dead);
      let seen = false;
      await withTempDir('scratch-', async () => { seen = true; }, root);
      assert.ok(seen);
      assert.equal(existsSync(stale), false, 'the dead owner\'s directory is gone');
      assert.ok(existsSync(live), 'a running owner\'s directory stays');
      assert.ok(existsSync(foreign), 'a directory without an owner file is not ours');
      assert.ok(existsSync(other), 'another prefix is not touched');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
