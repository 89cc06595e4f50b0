// Speed check, not part of the test run (its name does not end in .test.js):
//   node dist/test/eval/speed.bench.js
// All twelve classifiers, fit + predict, on an Adult-sized synthetic design matrix: 32,561 training
// and 16,281 test rows, 110 features (6 numerics in [0,1], two of them mostly 0, and 8 one-hot
// blocks with Adult's level counts), labels from a logistic model with interactions. Budget: 60 s.
import { createRng } from '../../src/engine/random/seeded-rng.js';
import { evaluateTstr } from '../../src/eval/tstr.js';

const LEVELS = [9, 16, 7, 15, 6, 5, 2, 44];
const NUMERIC = 6;
const d = NUMERIC + LEVELS.reduce((a, b) => a + b, 0);

function make(n: number, seed: number): { X: Float32Array; y: Int32Array } {
  const rng = createRng(seed);
  const effects = createRng(99); // the same coefficients for train and test
  const levelEffect = LEVELS.map((l) => Array.from({ length: l }, () => effects.normal()));
  const X = new Float32Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    const age = Math.min(1, Math.abs(rng.normal() * 0.25 + 0.3));
    const weight = rng.uniform();
    const edu = rng.int(16) / 15;
    const gain = rng.uniform() < 0.92 ? 0 : rng.uniform();
    const loss = rng.uniform() < 0.95 ? 0 : rng.uniform();
    const hours = rng.uniform() < 0.45 ? 0.4 : rng.uniform();
    X.set([age, weight, edu, gain, loss, hours], o);
    let z = 2 * age + 2.5 * edu + 3 * (gain > 0 ? 1 : 0) + 1.5 * (loss > 0 ? 1 : 0) + hours - 3.5;
    let off = o + NUMERIC;
    LEVELS.forEach((l, b) => {
      const level = Math.min(l - 1, Math.floor(l * rng.uniform() ** 1.5)); // skewed, like real categories
      X[off + level] = 1;
      z += 0.5 * levelEffect[b]![level]! * (b === 2 ? 1 + age : 1);
      off += l;
    });
    y[i] = rng.uniform() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { X, y };
}

const train = make(32_561, 1), test = make(16_281, 2);
process.stdout.write(`design matrix: ${d} features; train 32,561 rows, test 16,281 rows\n`);
const result = evaluateTstr({
  trainX: train.X, trainY: train.y, testX: test.X, testY: test.y, d, k: 2, seed: 0,
  onResult: (r) => process.stdout.write(`${r.name.padEnd(13)} ${r.seconds.toFixed(2).padStart(6)} s  ROC ${r.rocAuc.toFixed(4)}${r.error ? ' ERROR ' + r.error : ''}\n`),
});
process.stdout.write(`prepare ${result.prepareSeconds.toFixed(2)} s; total ${result.seconds.toFixed(2)} s (budget 60 s); mean ROC ${result.mean.rocAuc.toFixed(4)}\n`);
if (result.seconds > 60) process.exitCode = 1;
