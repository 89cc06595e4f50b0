// `npm run bench -- dpsgd-pruning`: does shrinking the parameter space DP-SGD touches help?
// Fashion-MNIST, default CNN; a public split of 10,000 training images (never in the private set)
// chooses magnitude masks (model pre-trained on it) and public-gradient selections. Arms: no
// pruning; pre-pruning 50/80/95 % (random, magnitude); gradient dropping 50/90 % (random, public).
// ε = 1, 3, 8, δ = 1e-5, 3 seeds. Scaled to fit a 2-core machine (all settings fixed in advance,
// none tuned on the test set): PRIVKIT_BENCH_PRIVATE private images (default 20,000 of the other
// 50,000), expected batch 500, PRIVKIT_BENCH_EPOCHS epochs (default 5), momentum 0.9, lr 2, C = 0.1.
// PRIVKIT_BENCH_MODEL=mlp runs the same grid on a 784-512-512-10 MLP (669,706 parameters, where
// the noise dimension is 26× the CNN's) into the section dpsgd-pruning-mlp.
import { createRng } from '../src/engine/random/seeded-rng.js';
import { initEngine } from '../src/engine/index.js';
import { splitExamples, subset, exampleCount, type LabelledData } from '../src/dpsgd/dataset.js';
import { trainClassifier, type TrainClassifierOptions } from '../src/train/train-classifier.js';
import type { Architecture } from '../src/nn/models.js';
import { fashionMnist, fashionMnistAvailable, meanSd, NOT_AVAILABLE } from './fashion-mnist.js';
import { writeSection } from './report.js';

const EPSILONS = [1, 3, 8];
const SEEDS = [1, 2, 3];

interface Arm { name: string; prune?: TrainClassifierOptions['prune']; drop?: TrainClassifierOptions['drop'] }

const ARMS: Arm[] = [
  { name: 'no pruning' },
  ...[0.5, 0.8, 0.95].flatMap((rate) => (['random', 'magnitude'] as const).map((mode) => ({ name: `pre-prune ${rate * 100} % ${mode}`, prune: { rate, mode } }))),
  ...[0.5, 0.9].flatMap((rate) => (['random', 'public'] as const).map((mode) => ({ name: `grad-drop ${rate * 100} % ${mode}`, drop: { rate, mode } }))),
];

interface Result { arm: string; epsilon: number; seed: number; accuracy: number; coordinates: number; total: number }

function body(results: Result[], settings: string): string {
  const lines = [settings, '', `| arm | coordinates updated per step | ${EPSILONS.map((e) => `ε = ${e}`).join(' | ')} |`, `|---|---|${EPSILONS.map(() => '---').join('|')}|`];
  for (const arm of ARMS) {
    const rs = results.filter((r) => r.arm === arm.name);
    const cells = EPSILONS.map((e) => {
      const acc = rs.filter((r) => r.epsilon === e).map((r) => r.accuracy);
      if (acc.length === 0) return 'not run yet';
      const { mean, sd } = meanSd(acc);
      return `${mean.toFixed(4)} ± ${sd.toFixed(4)} (n=${acc.length})`;
    });
    lines.push(`| ${arm.name} | ${rs[0] ? `${rs[0].coordinates} of ${rs[0].total}` : ''} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

export async function dpsgdPruningBench(command: string): Promise<void> {
  if (!fashionMnistAvailable()) { writeSection(process.env.PRIVKIT_BENCH_MODEL === 'mlp' ? 'dpsgd-pruning-mlp' : 'dpsgd-pruning', command, NOT_AVAILABLE); return; }
  await initEngine();
  const privateCount = Number(process.env.PRIVKIT_BENCH_PRIVATE ?? 20000), epochs = Number(process.env.PRIVKIT_BENCH_EPOCHS ?? 5);
  const mlp = process.env.PRIVKIT_BENCH_MODEL === 'mlp';
  const section = mlp ? 'dpsgd-pruning-mlp' : 'dpsgd-pruning';
  const architecture: Architecture = mlp ? { kind: 'mlp', inputSize: 784, hidden: [512, 512], classes: 10 } : { kind: 'cnn', inputShape: [28, 28, 1], classes: 10 };
  const loaded = await fashionMnist();
  const flat = (d: LabelledData): LabelledData => (mlp ? { ...d, exampleShape: [784] } : d);
  const train = flat(loaded.train), test = flat(loaded.test);
  const [publicData, rest] = splitExamples(train, 10000, createRng(0));
  const privateData: LabelledData = privateCount < exampleCount(rest) ? splitExamples(rest, privateCount, createRng(1))[0] : subset(rest, Array.from({ length: exampleCount(rest) }, (_, i) => i));
  const settings = `Model: ${mlp ? 'MLP 784-512-512-10 (ReLU)' : 'the default CNN'}. Private: ${exampleCount(privateData)} images (disjoint from the 10,000 public ones); expected batch 500 (Poisson), ${epochs} epochs, SGD momentum 0.9, lr 2, C = 0.1, δ = 1e-5; test: the 10,000 test images; masks layer-wise on dense and conv kernels (biases always trained); pruned weights set to 0; training from random initialisation (the public data only chooses masks/selections). Mean ± sd over seeds ${SEEDS.join(', ')} (initialisation, masks, selections; noise from the secure source).`;
  const results: Result[] = [];
  for (const epsilon of EPSILONS) {
    for (const arm of ARMS) {
      for (const seed of SEEDS) {
        const start = performance.now();
        const r = await trainClassifier({
          train: privateData, test, publicData, architecture,
          epsilon, delta: 1e-5, publicSize: exampleCount(privateData), clip: 0.1, batchSize: 500, epochs, learningRate: 2, optimizer: 'momentum', seed,
          ...(arm.prune ? { prune: arm.prune } : {}), ...(arm.drop ? { drop: arm.drop } : {}),
        });
        results.push({ arm: arm.name, epsilon, seed, accuracy: r.testAccuracy!, coordinates: r.trainedCoordinates, total: r.totalCoordinates });
        r.model.params.forEach((p) => p.dispose());
        process.stderr.write(`ε ${epsilon} ${arm.name} seed ${seed}: ${r.testAccuracy!.toFixed(4)} (${((performance.now() - start) / 1000).toFixed(0)} s)\n`);
      }
      writeSection(section, mlp ? `PRIVKIT_BENCH_MODEL=mlp ${command}` : command, body(results, settings));
    }
  }
}
