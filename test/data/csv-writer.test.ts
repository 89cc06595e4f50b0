import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { formatCsvRow, readCsvAll, writeCsv, writeFileAtomic, type CsvCell } from '../../src/data/index.js';
import { filesIn, rejectsUser, seededRandom, tempDir } from './helpers.js';

describe('csv writer', () => {
  it('quotes where needed and writes missing values as a configurable token', async () => {
    assert.equal(formatCsvRow(['a,b', 'say "x"', 'two\nlines', ' pad', 'NA', '', null, 3.5, NaN, true]), '"a,b","say ""x""","two\nlines"," pad","NA","",,3.5,,true');
    assert.equal(formatCsvRow(['x', null], { missing: '?' }), 'x,?');
  });

  it('writes atomically and reads back exactly (random values with special characters)', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const rand = seededRandom(7);
      const pieces = ['a', 'b', ',', '"', '\n', '\r\n', ' ', 'é', '?', 'NA', '', 'x y'];
      const rows: CsvCell[][] = [];
      for (let r = 0; r < 300; r++) {
        rows.push([0, 1, 2].map(() => {
          if (rand() < 0.15) return null;
          let s = '';
          const k = Math.floor(rand() * 4);
          for (let i = 0; i < k; i++) s += pieces[Math.floor(rand() * pieces.length)];
          return s;
        }));
      }
      for (const [name, options] of [
        ['out.csv', {}],
        ['out.csv.gz', {}],
        ['crlf.csv', { lineEnding: '\r\n' as const, missing: 'NA' }],
      ] as const) {
        const path = join(dir, name);
        assert.equal(await writeCsv(path, ['c1', 'c 2', 'c,3'], rows, options), rows.length);
        const back = await readCsvAll(path);
        assert.deepEqual(back.columns, ['c1', 'c 2', 'c,3']);
        assert.deepEqual(back.rows, rows);
      }
      assert.equal(gunzipSync(await readFile(join(dir, 'out.csv.gz'))).toString().split('\n')[0], 'c1,c 2,"c,3"');
      assert.deepEqual(await filesIn(dir), ['crlf.csv', 'out.csv', 'out.csv.gz']);
    } finally {
      await cleanup();
    }
  });

  it('leaves no file (and keeps an existing one) when writing fails midway', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const path = join(dir, 'out.csv');
      async function* failing(): AsyncGenerator<CsvCell[]> {
        for (let i = 0; i < 50_000; i++) yield [i, 'x'.repeat(10)];
        throw new Error('generator failed');
      }
      await assert.rejects(writeCsv(path, ['i', 's'], failing()), /generator failed/);
      assert.deepEqual(await filesIn(dir), []);
      async function* failsAtOnce(): AsyncGenerator<CsvCell[]> {
        throw new Error('no rows');
      }
      await assert.rejects(writeCsv(path, ['i'], failsAtOnce()), /no rows/);
      await assert.rejects(writeCsv(path, ['i'], [[1, 2]]), /row 1 has 2 cells but there are 1 columns/);
      assert.deepEqual(await filesIn(dir), []);
      await writeFile(path, 'old\n');
      await assert.rejects(writeCsv(path, ['i', 's'], failing()), /generator failed/);
      assert.deepEqual(await filesIn(dir), ['out.csv']);
      assert.equal(await readFile(path, 'utf8'), 'old\n');
    } finally {
      await cleanup();
    }
  });

  it('rejects an output path in a missing folder or that is a folder, writing nothing', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      await rejectsUser(writeCsv(join(dir, 'nope', 'out.csv'), ['a'], [[1]]), /because the folder .*nope does not exist; create it first/);
      await mkdir(join(dir, 'sub'));
      await rejectsUser(writeCsv(join(dir, 'sub'), ['a'], [[1]]), /is a folder; give a file name instead\.$/);
      await rejectsUser(writeCsv(join(dir, 'x.csv'), ['a'], [[1]], { missing: 'a,b' }), /missing-value token "a,b" contains a delimiter/);
      assert.deepEqual(await filesIn(dir), ['sub']);
    } finally {
      await cleanup();
    }
  });

  it('writeFileAtomic writes text and bytes and leaves no temp file', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      await writeFileAtomic(join(dir, 'a.json'), '{"x":1}\n');
      await writeFileAtomic(join(dir, 'b.bin'), Uint8Array.of(1, 2, 3));
      await writeFileAtomic(join(dir, 'a.json'), '{"x":2}\n');
      assert.equal(await readFile(join(dir, 'a.json'), 'utf8'), '{"x":2}\n');
      assert.deepEqual([...(await readFile(join(dir, 'b.bin')))], [1, 2, 3]);
      assert.deepEqual(await filesIn(dir), ['a.json', 'b.bin']);
      assert.equal(process.listenerCount('SIGINT'), 0, 'signal handlers are removed once no write is in progress');
    } finally {
      await cleanup();
    }
  });

  it('removes the temp file when the process is interrupted (SIGINT) during a write', async () => {
    const { dir, cleanup } = await tempDir();
    const { dir: outDir, cleanup: cleanupOut } = await tempDir();
    try {
      const script = join(dir, 'child.mjs');
      const module = new URL('../../src/data/index.js', import.meta.url).href;
      await writeFile(
        script,
        `import { writeCsv } from ${JSON.stringify(module)};
         async function* rows() {
           for (let i = 0; ; i++) {
             yield [i];
             if (i === 1000) { console.log('started'); }
             await new Promise((r) => setTimeout(r, 1));
           }
         }
         await writeCsv(${JSON.stringify(join(outDir, 'out.csv'))}, ['i'], rows());`,
      );
      const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      assert.equal((await filesIn(outDir)).length, 1, 'a temp file exists while writing');
      child.kill('SIGINT');
      const [code, signal] = (await new Promise((resolve) => child.once('exit', (c, s) => resolve([c, s])))) as [number | null, string | null];
      assert.equal(signal, 'SIGINT', `child should die of SIGINT (code ${code})`);
      assert.deepEqual(await filesIn(outDir), []);
    } finally {
      await cleanup();
      await cleanupOut();
    }
  });
});
