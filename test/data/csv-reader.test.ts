import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { openCsv, readCsvAll } from '../../src/data/index.js';
import { fixture, rejectsUser, tempDir } from './helpers.js';

describe('csv reader: parsing', () => {
  it('handles quotes, escaped quotes, embedded commas and newlines, and trims around quotes', async () => {
    const { columns, rows } = await readCsvAll(fixture('quotes.csv'));
    assert.deepEqual(columns, ['name', 'comment', 'score']);
    assert.deepEqual(rows, [
      ['Smith, J', 'said "hi"', '3'],
      ['plain', 'multi\nline', '4'],
      ['spaced', 'quoted, with space', '5'],
    ]);
  });

  it('reports the line where each record starts, counting newlines inside quotes', async () => {
    const file = await openCsv(fixture('quotes.csv'));
    const lines: number[] = [];
    for await (const record of file.rows) lines.push(record.line);
    assert.deepEqual(lines, [2, 3, 5]);
  });

  it('reads CRLF files and keeps a CRLF inside quotes', async () => {
    const { columns, rows } = await readCsvAll(fixture('crlf.csv'));
    assert.deepEqual(columns, ['a', 'b', 'c']);
    assert.deepEqual(rows, [
      ['1', 'x', '2.5'],
      ['2', 'y\r\nz', '3.5'],
    ]);
  });

  it('strips the BOM, trims ", " separators and maps missing tokens to null (quoted tokens stay values)', async () => {
    const { columns, rows } = await readCsvAll(fixture('missing.csv'));
    assert.deepEqual(columns, ['age', 'workclass', 'income']);
    assert.deepEqual(rows, [
      ['39', 'State-gov', '<=50K'],
      ['50', null, '>50K'],
      [null, 'Private', null],
      [null, '?', '<=50K'],
    ]);
  });

  it('uses configurable missing tokens and can keep spaces', async () => {
    const { rows } = await readCsvAll({ text: 'a,b\n-, ?\n' }, { missing: ['-'], trim: false });
    assert.deepEqual(rows, [[null, ' ?']]);
  });

  it('names columns col1..colN when there is no header', async () => {
    const { columns, rows } = await readCsvAll(fixture('no-header.csv'), { header: false });
    assert.deepEqual(columns, ['col1', 'col2', 'col3']);
    assert.deepEqual(rows, [
      ['1', '2', 'x'],
      ['3', '4', 'y'],
    ]);
  });

  it('reads gzipped input transparently', async () => {
    assert.deepEqual(await readCsvAll(fixture('quotes.csv.gz')), await readCsvAll(fixture('quotes.csv')));
  });

  it('skips blank lines and accepts a last row without a newline, a lone CR and another delimiter', async () => {
    assert.deepEqual((await readCsvAll({ text: 'a,b\n\n1,2\n\n3,' })).rows, [
      ['1', '2'],
      ['3', null],
    ]);
    assert.deepEqual((await readCsvAll({ text: 'a;b\r1;2\r' }, { delimiter: ';' })).rows, [['1', '2']]);
  });

  it('gives the same rows whatever the chunk boundaries (1-byte chunks, split UTF-8 and CRLF)', async () => {
    const text = 'name,v\r\n"a ""q"", b",1\r\nçé€,"x\r\ny"\r\n  z  ,  "w"  \r\n';
    const whole = await readCsvAll({ text });
    const bytes = Buffer.from(text, 'utf8');
    const oneByte = Readable.from(Array.from(bytes, (b) => Buffer.from([b])));
    assert.deepEqual(await readCsvAll(oneByte), whole);
    const oneChar = Readable.from([...text], { objectMode: true });
    assert.deepEqual(await readCsvAll(oneChar), whole);
    assert.deepEqual(whole.rows, [
      ['a "q", b', '1'],
      ['çé€', 'x\r\ny'],
      ['z', 'w'],
    ]);
  });

  it('streams a large file row by row and can stop early', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const { writeFile } = await import('node:fs/promises');
      const path = `${dir}/big.csv`;
      const n = 50_000;
      let text = 'i,x,s\n';
      for (let i = 0; i < n; i++) text += `${i},${i * 0.5},"s,${i}"\n`;
      await writeFile(path, text);
      const file = await openCsv(path);
      let count = 0;
      let last = '';
      for await (const record of file.rows) {
        count++;
        last = record.values[2] as string;
      }
      assert.equal(count, n);
      assert.equal(last, `s,${n - 1}`);
      const early = await openCsv(path);
      for await (const record of early.rows) {
        assert.equal(record.values[0], '0');
        break; // the generator's finally closes the file
      }
    } finally {
      await cleanup();
    }
  });
});

describe('csv reader: bad input is a UserError naming file and line', () => {
  it('missing file', async () => {
    await rejectsUser(openCsv('/nonexistent/dir/adult.csv'), /\/nonexistent\/dir\/adult\.csv does not exist; check the path/);
  });

  it('a folder instead of a file', async () => {
    await rejectsUser(openCsv(fixture('')), /is a folder, not a file;/);
  });

  it('empty file', async () => {
    await rejectsUser(openCsv(fixture('empty.csv')), /^empty\.csv is empty; give a CSV file with a header row/);
    await rejectsUser(openCsv({ text: '\n\n' }, { header: false }), /is empty;/);
  });

  it('header without rows', async () => {
    await rejectsUser(readCsvAll(fixture('header-only.csv')), /^header-only\.csv has a header row but no data rows;/);
  });

  it('wrong number of fields', async () => {
    const error = await rejectsUser(readCsvAll(fixture('wrong-fields.csv')), /^wrong-fields\.csv line 3 has 2 fields but the header has 3; fix the row or quote fields that contain commas\.$/);
    assert.equal(error.name, 'UserError');
    await rejectsUser(readCsvAll({ text: '1,2\n3,4,5\n' }, { header: false }), /line 2 has 3 fields but the first row has 2;/);
  });

  it('a quote that is never closed, and text after a closing quote', async () => {
    await rejectsUser(readCsvAll(fixture('unclosed-quote.csv')), /^unclosed-quote\.csv line 2 opens a quote that is never closed;/);
    await rejectsUser(readCsvAll(fixture('text-after-quote.csv')), /^text-after-quote\.csv line 2 has text after a closing quote;/);
  });

  it('a record longer than maxRecordChars', async () => {
    const text = 'a\n"' + 'x'.repeat(200_000) + '"\n';
    await rejectsUser(readCsvAll({ text, name: 'long.csv' }, { maxRecordChars: 100_000 }), /^long\.csv line 2 starts a record longer than 100000 characters;/);
  });

  it('empty or duplicate column names', async () => {
    await rejectsUser(openCsv({ text: 'a,,c\n1,2,3\n', name: 'h.csv' }), /^h\.csv line 1 has an empty name for column 2;/);
    await rejectsUser(openCsv({ text: 'a,b,a\n1,2,3\n', name: 'h.csv' }), /names two columns 'a' \(columns 1 and 3\);/);
  });

  it('corrupt gzip', async () => {
    const bad = Readable.from([Buffer.from([0x1f, 0x8b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])]);
    await rejectsUser(readCsvAll(bad, { name: 'x.csv.gz' }), /^x\.csv\.gz looks gzipped but cannot be decompressed/);
  });
});
