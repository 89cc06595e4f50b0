// `npm run bench -- <name>`: long measurements that do not belong in `npm test`.
import { engineBench } from './engine.js';
import { synthScaleBench } from './synth-scale.js';
import { synthAdultBench } from './synth-adult.js';
import { dpsgdFmnistBench } from './dpsgd-fmnist.js';
import { dpsgdPruningBench } from './dpsgd-pruning.js';
import { dpsgdStepBench } from './dpsgd-step.js';
import { ntkBench } from './ntk.js';
import { synthImagesBench } from './synth-images.js';
import { bayesLogregBench } from './bayes-logreg.js';
import { bayesLdaBench } from './bayes-lda.js';
import { bayesSepBench } from './bayes-sep.js';
import { compressBench } from './compress.js';
import { qfitBench } from './qfit.js';
import { qfitAdultBench } from './qfit-adult.js';

const benches: Record<string, (command: string) => Promise<void>> = {
  engine: engineBench,
  'synth-scale': synthScaleBench,
  'synth-adult': synthAdultBench,
  'dpsgd-fmnist': dpsgdFmnistBench,
  'dpsgd-pruning': dpsgdPruningBench,
  'dpsgd-step': dpsgdStepBench,
  ntk: ntkBench,
  'synth-images': synthImagesBench,
  'bayes-logreg': bayesLogregBench,
  'bayes-lda': bayesLdaBench,
  'bayes-sep': bayesSepBench,
  compress: compressBench,
  qfit: qfitBench,
  'qfit-adult': qfitAdultBench,
};

const name = process.argv[2];
if (!name || !(name in benches)) {
  process.stderr.write(`Name a benchmark: npm run bench -- <${Object.keys(benches).join('|')}>\n`);
  process.exitCode = 2;
} else {
  await benches[name]!(`npm run bench -- ${name}`);
}
