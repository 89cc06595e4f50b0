// Manual cross-check against tstr.py on UCI Adult (not part of the test run):
//   [EVAL_SEED=0] [EVAL_MAX_BINS=64] node dist/test/eval/adult-crosscheck.js ADULT_TRAIN.csv ADULT_TEST.csv [sklearn.json] [classifier…]
// sklearn.json: per-classifier {roc, roc_hard, prc, prc_hard, acc} from scikit-learn for comparison.
import { readFileSync } from 'node:fs';
import { evaluateTstr } from '../../src/eval/tstr.js';
import type { ClassifierName } from '../../src/eval/classifiers/registry.js';
import { encodeAdult } from './adult-encode.js';

const [trainCsv, testCsv, refPath, ...only] = process.argv.slice(2);
if (!trainCsv || !testCsv) {
  process.stderr.write('usage: adult-crosscheck.js ADULT_TRAIN.csv ADULT_TEST.csv [sklearn.json] [classifier…]\n');
  process.exit(2);
}
const data = encodeAdult(trainCsv, testCsv);
type Ref = Record<string, { roc: number; roc_hard: number; prc: number; prc_hard: number; acc: number; sec?: number }>;
const ref: Ref = refPath && refPath !== '-' ? (JSON.parse(readFileSync(refPath, 'utf8')) as Ref) : {};
const alias: Record<string, string> = { HistGB: 'XGBoost' };
process.stdout.write(`d = ${data.d}, train ${data.trainY.length}, test ${data.testY.length}\n`);
const f = (v: number | undefined): string => (v === undefined ? '   -  ' : v.toFixed(4));
const result = evaluateTstr({
  ...data, k: 2, seed: Number(process.env.EVAL_SEED ?? 0),
  ...(process.env.EVAL_MAX_BINS ? { maxBins: Number(process.env.EVAL_MAX_BINS) } : {}),
  ...(only.length ? { classifiers: only as ClassifierName[] } : {}),
  onResult(r) {
    const s = ref[alias[r.name] ?? r.name];
    process.stdout.write(`${r.name.padEnd(13)} roc ${f(r.rocAuc)} (sk ${f(s?.roc)})  hard ${f(r.rocAucHard)} (sk ${f(s?.roc_hard)})  ` +
      `prc ${f(r.prAuc)} (sk ${f(s?.prc)})  acc ${f(r.accuracy)} (sk ${f(s?.acc)})  ${r.seconds.toFixed(2)} s (sk ${s?.sec?.toFixed(2) ?? '-'} s)` +
      `${r.error ? ' ERROR ' + r.error : ''}\n`);
  },
});
const m = result.mean;
process.stdout.write(`MEAN          roc ${f(m.rocAuc)}  hard ${f(m.rocAucHard)}  prc ${f(m.prAuc)}  prc_hard ${f(m.prAucHard)}  acc ${f(m.accuracy)}\n`);
process.stdout.write(`prepare ${result.prepareSeconds.toFixed(2)} s, total ${result.seconds.toFixed(2)} s\n`);
