import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/engine/random/seeded-rng.js';
import { UNSAFE_seedPrivacyNoiseForTesting } from '../../src/engine/random/secure-gaussian.js';
import { createLedger } from '../../src/privacy/index.js';
import { UserError } from '../../src/errors.js';
import { cappedDistinctWords, documentFrequencies, parseVocabularyFile, releaseVocabulary } from '../../src/bayes/lda/vocabulary.js';
import { fitLda, VOCAB_DELTA_SHARE } from '../../src/bayes/lda/private-lda.js';

test('lda vocabulary: each document adds each distinct word once, at most m words (L2 sensitivity √m)', () => {
  const rng = createRng(3);
  const long = Array.from({ length: 500 }, (_, i) => `word${i % 120}`);
  const capped = cappedDistinctWords(long, 20, rng.nextUint32());
  assert.equal(capped.length, 20);
  assert.equal(new Set(capped).size, 20);
  const docs = [['apple', 'apple', 'pear'], ['pear', 'plum']];
  const before = documentFrequencies(docs, 20, 1);
  assert.deepEqual([...before].sort(), [['apple', 1], ['pear', 2], ['plum', 1]]);
  const after = documentFrequencies([...docs, long], 20, 1);
  let change = 0;
  for (const [w, c] of after) change += (c - (before.get(w) ?? 0)) ** 2;
  assert.ok(Math.sqrt(change) <= Math.sqrt(20) + 1e-12);
});

test('lda vocabulary: adding a long document first leaves every other document’s subset alone (sensitivity √m with a known key)', () => {
  const rng = createRng(5);
  const docs = Array.from({ length: 200 }, () => Array.from({ length: 40 }, () => `w${rng.int(300)}`));
  const adversary = Array.from({ length: 40 }, (_, i) => `z${i}`);
  for (const key of [0, 1, 12345]) {
    const before = documentFrequencies(docs, 5, key), after = documentFrequencies([adversary, ...docs], 5, key);
    let change = 0;
    for (const w of new Set([...before.keys(), ...after.keys()])) change += ((after.get(w) ?? 0) - (before.get(w) ?? 0)) ** 2;
    assert.ok(Math.sqrt(change) <= Math.sqrt(5) + 1e-12, `key ${key}: change ${Math.sqrt(change)}`);
  }
});

test('lda vocabulary: released privately, thresholded, δ reserved in the ledger', () => {
  UNSAFE_seedPrivacyNoiseForTesting(21);
  try {
    const ledger = createLedger({ epsilon: 4, delta: 1e-5, adjacency: 'add-remove-one' });
    // 2,000 documents share 'common' and 'frequent'; 300 unique words appear in one document each.
    const docs = Array.from({ length: 2000 }, (_, i) => ['common', 'frequent', ...(i < 300 ? [`rare${i}`] : []), ...(i % 2 ? ['half'] : [])]);
    const released = releaseVocabulary(ledger, docs, { maxWordsPerDoc: 4, vocabSize: 100, noiseMultiplier: 3, thresholdDelta: 1e-6, rng: createRng(2) });
    assert.deepEqual(released.words, ['common', 'frequent', 'half']);
    assert.ok(released.threshold > 1 + 5 * released.noiseStd, `τ = ${released.threshold}`);
    assert.equal(released.noiseStd, 3 * 2);
    const json = ledger.toJSON();
    assert.equal(json.reservations.length, 1);
    assert.equal(json.reservations[0]!.delta, 1e-6);
    assert.equal(json.entries.length, 1);
    assert.equal(json.entries[0]!.noise, 3);
    assert.equal(json.entries[0]!.details!.noiseStd, 6);
    // The top-V cut keeps the largest released counts.
    const top1 = releaseVocabulary(createLedger({ epsilon: 4, delta: 1e-5 }), docs, { maxWordsPerDoc: 4, vocabSize: 2, noiseMultiplier: 3, thresholdDelta: 1e-6, rng: createRng(2) });
    assert.deepEqual(top1.words, ['common', 'frequent']);
  } finally {
    UNSAFE_seedPrivacyNoiseForTesting(null);
  }
});

test('lda vocabulary: an end-to-end private run reserves its δ share and pays count, vocabulary and VIPS in one ledger', async () => {
  UNSAFE_seedPrivacyNoiseForTesting(22);
  try {
    const words = ['cat', 'dog', 'bird', 'fish', 'horse', 'sheep'];
    // Every document also holds a word of its own (letters only, so the tokenizer keeps it).
    const own = (i: number): string => `own${i.toString(26).replace(/[0-9]/g, (d) => 'qrstuvwxyz'[Number(d)]!)}`;
    const docs = Array.from({ length: 3000 }, (_, i) => `${words[i % 6]} ${words[(i * 7 + 1) % 6]} ${words[(i * 5 + 2) % 6]} ${own(i)}`);
    const r = await fitLda({ documents: docs, topics: 2, privacy: { epsilon: 3, delta: 1e-5 }, batchSize: 300, iterations: 3, maxDocNorm: 2, seed: 4 });
    assert.equal(r.vocabulary.source, 'private');
    assert.deepEqual([...r.vocabulary.words].sort(), [...words].sort(), 'no word of a single document is released');
    const ledger = r.ledger!;
    assert.deepEqual(ledger.reservations.map((x) => x.delta), [VOCAB_DELTA_SHARE * 1e-5]);
    assert.deepEqual(ledger.entries.map((e) => e.label), ['training record count', 'vocabulary (thresholded Gaussian histogram of document frequencies)', 'VIPS topic–word statistics']);
    assert.ok(ledger.spent.epsilon <= 3 && ledger.spent.epsilon > 2.99, `spent ${ledger.spent.epsilon}`);
    assert.equal(r.trainingDocuments.source, 'released');
  } finally {
    UNSAFE_seedPrivacyNoiseForTesting(null);
  }
});

test('lda vocabulary: a public vocabulary file is one word per line', () => {
  const v = parseVocabularyFile('# words\nApple 12\n\npear\napple\n', 'v.txt');
  assert.deepEqual(v.words, ['apple', 'pear']);
  assert.throws(() => parseVocabularyFile('\n# nothing\n', 'v.txt'), UserError);
});
