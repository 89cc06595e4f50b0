// `npm run bench -- compress`: Dirichlet pruning of the LeNet-5 of the method card on Fashion-MNIST
// (non-private: base model, switches and fine-tuning on the 60k training images; accuracy on the
// 10k test images, never used for any choice). The base LeNet (10-20-100-25) is trained once per
// seed, then pruned to 30% of its parameters with three rankings at the same architecture:
// Dirichlet switches, L1 magnitude, random; each pruned model is fine-tuned the same way.
// Switches are trained on the first 10,000 training images (one epoch per layer), for CPU time.
// Fine-tuning (and the base model's training) ends with low-rate epochs (FINE_TUNE_DEFAULTS.decayEpochs).
// PRIVKIT_BENCH_SEEDS=n (default 3) base models.
import { fashionMnist, fashionMnistAvailable, NOT_AVAILABLE, meanSd } from './fashion-mnist.js';
import { machineLine, writeSection } from './report.js';
import { initEngine } from '../src/engine/index.js';
import * as tf from '../src/engine/tf.js';
import { buildClassifier, type Classifier } from '../src/nn/models.js';
import { accuracy } from '../src/dpsgd/train.js';
import type { LabelledData } from '../src/dpsgd/dataset.js';
import {
  architectureCost, dirichletRankings, fineTune, FINE_TUNE_DEFAULTS, keepCountsForFraction, keptUnits, magnitudeRankings, pruneClassifier, randomRankings,
  type RankingMethod, type UnitRanking,
} from '../src/compress/index.js';

const KEEP = 0.3, BASE_EPOCHS = 10, FINE_TUNE_EPOCHS = 5, SWITCH_ROWS = 10_000;

function firstRows(d: LabelledData, n: number): LabelledData {
  const size = d.exampleShape.reduce((a, b) => a * b, 1);
  return { ...d, features: d.features.subarray(0, n * size), labels: d.labels.subarray(0, n) };
}

const dispose = (m: Classifier) => tf.dispose([...m.params]);

export async function compressBench(command: string): Promise<void> {
  if (!fashionMnistAvailable()) { writeSection('compress', command, NOT_AVAILABLE); return; }
  await initEngine();
  const { train, test } = await fashionMnist();
  const seeds = Number(process.env.PRIVKIT_BENCH_SEEDS ?? 3);
  const rows: Record<RankingMethod, { pruned: number[]; tuned: number[] }> = { dirichlet: { pruned: [], tuned: [] }, magnitude: { pruned: [], tuned: [] }, random: { pruned: [], tuned: [] } };
  const base: number[] = [], perSeed: string[] = [], secs: Record<string, number[]> = { base: [], switches: [] };
  let costLine = '';
  for (let seed = 1; seed <= seeds; seed++) {
    const model = buildClassifier({ kind: 'lenet', inputShape: [28, 28, 1], classes: 10 }, seed);
    let t = performance.now();
    await fineTune(model, train, { epochs: BASE_EPOCHS, seed });
    secs.base!.push((performance.now() - t) / 1000);
    base.push(accuracy(model, test));
    const plan = keepCountsForFraction(model.architecture, KEEP);
    t = performance.now();
    const rankings: Record<RankingMethod, UnitRanking[]> = {
      dirichlet: (await dirichletRankings(model, firstRows(train, SWITCH_ROWS), { seed })).rankings,
      magnitude: magnitudeRankings(model),
      random: randomRankings(model, seed),
    };
    secs.switches!.push((performance.now() - t) / 1000);
    for (const method of ['dirichlet', 'magnitude', 'random'] as const) {
      const small = pruneClassifier(model, keptUnits(rankings[method], plan.keep));
      const pruned = accuracy(small, test);
      await fineTune(small, train, { epochs: FINE_TUNE_EPOCHS, seed: seed + 1000 });
      const tuned = accuracy(small, test);
      rows[method].pruned.push(pruned); rows[method].tuned.push(tuned);
      const cost = { o: architectureCost(model.architecture), p: architectureCost(small.architecture) };
      costLine = `units kept per layer ${plan.keep.join('-')} of 10-20-100-25; parameters ${cost.o.params} → ${cost.p.params} (${((100 * cost.p.params) / cost.o.params).toFixed(1)}%); multiply-adds per image ${cost.o.multiplyAdds} → ${cost.p.multiplyAdds} (${((100 * cost.p.multiplyAdds) / cost.o.multiplyAdds).toFixed(1)}%)`;
      perSeed.push(`seed ${seed}, ${method}: base ${base.at(-1)!.toFixed(4)}, pruned ${pruned.toFixed(4)}, fine-tuned ${tuned.toFixed(4)}`);
      process.stderr.write(`${perSeed.at(-1)}\n`);
      dispose(small);
    }
    dispose(model);
  }
  const f = (xs: number[]) => { const s = meanSd(xs); return `${s.mean.toFixed(4)} ± ${s.sd.toFixed(4)}`; };
  const baseMean = meanSd(base).mean;
  const body = [
    `Fashion-MNIST, non-private. LeNet-5 of the card (conv 5×5 10 – pool – conv 5×5 20 – pool – fc 100 – fc 25 – 10, ReLU, no BatchNorm) trained ${BASE_EPOCHS} epochs with Adam 1e-3 (batch 100), then ${FINE_TUNE_DEFAULTS.decayEpochs} at 1e-4; pruned to ${KEEP * 100}% of its parameters (the same share of units in every hidden layer, the largest that fits): ${costLine}. Rankings at the same architecture: Dirichlet switches (one layer at a time, frozen weights, M = 10 draws per step, a₀ = 2, θ₀ = −1, Adam 1e-3, KL weight 0, one epoch over the first ${SWITCH_ROWS} training images), L1 magnitude of each unit's incoming weights, random. Fine-tuning: ${FINE_TUNE_EPOCHS} epochs with Adam 1e-3, then ${FINE_TUNE_DEFAULTS.decayEpochs} at 1e-4 (the schedule chosen on a validation split of the training images, 50k/10k, never the test set); the base model gets the same ${FINE_TUNE_DEFAULTS.decayEpochs} low-rate epochs after its ${BASE_EPOCHS}, so that the comparison does not favour the pruned models. Test accuracy on the 10k test images; ${seeds} base models (seeds); mean ± sd. ${machineLine()}.`,
    '',
    '| ranking | after pruning | after fine-tuning | fine-tuned − unpruned (points) |',
    '|---|---|---|---|',
    `| unpruned | ${f(base)} | — | — |`,
    ...(['dirichlet', 'magnitude', 'random'] as const).map((m) => `| ${m} | ${f(rows[m].pruned)} | ${f(rows[m].tuned)} | ${(100 * (meanSd(rows[m].tuned).mean - baseMean)).toFixed(2)} |`),
    '',
    `Seconds per seed: base training ${f(secs.base!)}, switch training (4 layers) ${f(secs.switches!)}.`,
    '',
    ...perSeed.map((l) => `- ${l}`),
  ].join('\n');
  writeSection('compress', command, body);
  process.stdout.write(`${body}\n`);
}
