import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../src/errors.js';
import { parseAptDump, readAptDump } from '../../src/bayes/lda/read-apt.js';
import { detectFormat, readCorpus } from '../../src/bayes/lda/read-corpus.js';
import { readFolder } from '../../src/bayes/lda/read-folder.js';
import { parseJsonLines, readJsonLines } from '../../src/bayes/lda/read-jsonl.js';
import { tokenize } from '../../src/bayes/lda/tokenize.js';
import { splitDocuments } from '../../src/bayes/lda/split.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../../test/fixtures/bayes/${name}`, import.meta.url));

test('lda readers: JSON lines take strings and {text} objects, skip blank lines', async () => {
  const docs = await readJsonLines(fixture('lda-docs.jsonl'));
  assert.deepEqual(docs, [
    'The quick brown fox jumps over the lazy dog',
    'Compiler toolchain for the Rust programming language',
    'Library for parsing JSON documents quickly',
  ]);
  assert.throws(() => parseJsonLines('"ok"\n{"title": "x"}\n', 'x.jsonl'), (e: unknown) => e instanceof UserError && /Line 2 of x\.jsonl/.test(e.message));
  assert.throws(() => parseJsonLines('not json\n', 'x.jsonl'), (e: unknown) => e instanceof UserError && /Line 1 .* not valid JSON/.test(e.message));
});

test('lda readers: a folder is one document per file, recursive, sorted, hidden files skipped', async () => {
  const docs = await readFolder(fixture('lda-folder'));
  assert.deepEqual(docs, ['Network daemon for serving files over HTTP.\n', 'Graphical editor\nfor vector images.\n', 'Python bindings for the library.']);
  await assert.rejects(readFolder(fixture('lda-nope')), UserError);
});

test('lda readers: apt-cache dumpavail stanzas, continuation lines, paragraph breaks, one document per package', async () => {
  const parsed = parseAptDump(await import('node:fs').then((fs) => fs.readFileSync(fixture('lda-apt-dump.txt'), 'utf8')));
  assert.deepEqual(parsed.map((d) => d.name), ['0ad', 'zlib1g', 'vim']); // duplicate 0ad and description-less package dropped
  assert.equal(parsed[0]!.description, 'Real-time strategy game of ancient warfare\n0 A.D. is a free, open-source, cross-platform real-time strategy game.\n\nIt depicts ancient wars between civilizations.');
  assert.equal(parsed[1]!.description, 'compression library - runtime\nzlib is a library implementing the deflate compression method.');
  assert.ok(!parsed[0]!.description.includes('uitoolkit'), 'continuations of other fields (Tag:) are not description');
  assert.equal((await readAptDump(fixture('lda-apt-dump.txt'))).length, 3);
  await assert.rejects(readAptDump(fixture('lda-docs.jsonl')), (e: unknown) => e instanceof UserError && /apt-cache dumpavail/.test(e.message));
});

test('lda readers: the format is detected from the path and first line', async () => {
  assert.equal(await detectFormat(fixture('lda-docs.jsonl')), 'jsonl');
  assert.equal(await detectFormat(fixture('lda-folder')), 'folder');
  assert.equal(await detectFormat(fixture('lda-apt-dump.txt')), 'apt');
  assert.equal(await detectFormat('apt'), 'apt');
  await assert.rejects(detectFormat(fixture('missing.jsonl')), UserError);
  const corpus = await readCorpus(fixture('lda-apt-dump.txt'));
  assert.equal(corpus.format, 'apt');
  assert.equal(corpus.documents.length, 3);
});

test('lda tokenizer: lowercase letters only, three letters or more, stop words removed', () => {
  assert.deepEqual(tokenize('The Rust compiler, v1.75: fast & SAFE; it is an x86-64 toolchain for systems.'), ['rust', 'compiler', 'fast', 'safe', 'toolchain', 'systems']);
  assert.deepEqual(tokenize('Éditeur généré'), ['éditeur', 'généré']);
});

test('lda split: membership depends only on the seed and the document text', () => {
  const docs = Array.from({ length: 400 }, (_, i) => `document number ${i}`);
  const a = splitDocuments(docs, (d) => d, 0.25, 3);
  const b = splitDocuments(['an inserted document', ...docs.slice(0, 100), ...docs.slice(101)], (d) => d, 0.25, 3);
  const testA = new Set(a.test), testB = new Set(b.test);
  for (const d of docs) if (d !== docs[100]) assert.equal(testA.has(d), testB.has(d), d);
  assert.ok(a.test.length > 60 && a.test.length < 140, `held out ${a.test.length} of 400`);
});
