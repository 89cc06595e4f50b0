// `npm run bench -- qfit-adult`: Q-FIT global importance on Adult (adult.data rows; the classifier's
// accuracy on adult.test), as `privkit explain` computes it: without privacy, and with the schema
// estimate, row count, classifier and importance all under one (ε, δ = 1e-5) budget via DP-SGD.
// Per seed: one plain run and one private run per ε; the Dirichlet KL of each private explanation
// from the plain one of the same seed, and, as the yardstick, the KL between plain runs of
// consecutive seeds. PRIVKIT_BENCH_SEEDS=n (default 5), PRIVKIT_BENCH_EPSILONS=a,b (default 0.5,1,2,4).
import { bundledDatasetPath } from '../src/data/datasets.js';
import { initEngine } from '../src/engine/index.js';
import { accuracy } from '../src/dpsgd/train.js';
import { readEncodedTable } from '../src/train/table-data.js';
import { compareExplanations, explainTable, EXPLAIN_DEFAULTS, readExplainTable, type ExplainTableInput } from '../src/explain/index.js';
import { meanSd } from './fashion-mnist.js';
import { machineLine, writeSection } from './report.js';

interface Run { phi: Float64Array; importance: Float64Array; accuracy: number; seconds: number }

async function runOnce(input: ExplainTableInput, seed: number): Promise<Run> {
  const t = performance.now();
  const result = await explainTable({ train: input.train, groups: input.groups, mode: 'global', privacy: input.privacy, seed });
  try {
    const test = await readEncodedTable(bundledDatasetPath('adult-test'), input.encoding);
    return { phi: result.global!.phi, importance: result.global!.importance, accuracy: accuracy(result.classifier, test), seconds: (performance.now() - t) / 1000 };
  } finally {
    result.dispose();
  }
}

const f = (xs: number[], digits = 3) => { const s = meanSd(xs); return `${s.mean.toFixed(digits)} ± ${s.sd.toFixed(digits)}`; };
const topK = (v: Float64Array, k: number) => [...v.keys()].sort((a, b) => v[b]! - v[a]! || a - b).slice(0, k);

export async function qfitAdultBench(command: string): Promise<void> {
  await initEngine();
  const seeds = Number(process.env.PRIVKIT_BENCH_SEEDS ?? 5);
  const epsilons = (process.env.PRIVKIT_BENCH_EPSILONS ?? '0.5,1,2,4').split(',').map(Number);
  const csv = bundledDatasetPath('adult-train'), target = 'income';
  const plainInput = await readExplainTable({ csv, target, budget: null });
  const features = plainInput.features;
  const plain: Run[] = [];
  const priv = new Map<number, Run[]>(epsilons.map((e) => [e, []]));
  const lines: string[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    plain.push(await runOnce(plainInput, seed));
    lines.push(`seed ${seed}, no privacy: test accuracy ${plain.at(-1)!.accuracy.toFixed(4)}, top 3 ${topK(plain.at(-1)!.importance, 3).map((j) => features[j]).join(', ')}, Σφ ${plain.at(-1)!.phi.reduce((a, b) => a + b, 0).toFixed(1)}`);
    process.stderr.write(`${lines.at(-1)}\n`);
    for (const epsilon of epsilons) {
      const input = await readExplainTable({ csv, target, budget: { epsilon, delta: 1e-5 } });
      if (input.features.join() !== features.join()) throw new Error(`The private schema at ε = ${epsilon} has columns ${input.features.join(', ')}, the plain one ${features.join(', ')}.`);
      const run = await runOnce(input, seed);
      priv.get(epsilon)!.push(run);
      const d = compareExplanations(run, plain.at(-1)!);
      lines.push(`seed ${seed}, ε = ${epsilon}: test accuracy ${run.accuracy.toFixed(4)}, KL to the plain run ${d.kl.toFixed(1)}, L2 ${d.l2.toFixed(3)}, top 3 ${topK(run.importance, 3).map((j) => features[j]).join(', ')}, Σφ ${run.phi.reduce((a, b) => a + b, 0).toFixed(1)}, ε spent ${input.privacy!.ledger.spent().epsilon.toFixed(3)}`);
      process.stderr.write(`${lines.at(-1)}\n`);
    }
  }
  const plainMean = Float64Array.from(features, (_, j) => meanSd(plain.map((r) => r.importance[j]!)).mean);
  const plainTop3 = new Set(topK(plainMean, 3));
  const seedKl = plain.slice(1).map((r, i) => compareExplanations(r, plain[i]!));
  const rows = epsilons.map((e) => {
    const runs = priv.get(e)!;
    const d = runs.map((r, i) => compareExplanations(r, plain[i]!));
    const overlap = runs.map((r) => topK(r.importance, 3).filter((j) => plainTop3.has(j)).length);
    return `| ${e} | ${f(runs.map((r) => r.accuracy), 4)} | ${f(d.map((x) => x.kl), 1)} | ${f(d.map((x) => x.l2))} | ${f(overlap, 1)} |`;
  });
  const one = priv.get(1) ?? priv.get(epsilons[0]!)!;
  const oneEps = priv.has(1) ? 1 : epsilons[0]!;
  const order = topK(plainMean, features.length);
  const s = EXPLAIN_DEFAULTS;
  const body = [
    `Adult (\`adult.data\`, 32,561 rows → accuracy on \`adult.test\`, 16,281 rows), global Q-FIT over the 14 columns (a category's one-hot code is one feature), exactly as \`privkit explain\` computes it; ${seeds} seeds. Classifier ${s.plain.hidden.join(' → ')} (plain: Adam ${s.plain.classifierLearningRate}, batch ${s.plain.classifierBatchSize}, ${s.plain.classifierEpochs} epochs; private: DP-SGD, Adam ${s.private.classifierLearningRate}, expected batch ${s.private.classifierBatchSize}, ${s.private.classifierEpochs} epochs, clip ${s.private.classifierClip}); importance: one Dirichlet draw per step, Adam ${s.plain.importanceLearningRate}, batch ${s.plain.importanceBatchSize}, ${s.plain.importanceEpochs} epochs, no KL term (private: DP-SGD on θ, clip ${s.private.importanceClip}, the classifier's noise multiplier). Private runs: schema estimated privately (10% of the budget), then both DP-SGD runs calibrated to the rest; δ = 1e-5. KL = KL(Dir(φ_private) ‖ Dir(φ_plain)) against the plain run of the same seed. ${machineLine()}.`,
    '',
    '| ε | classifier test accuracy | KL to plain (nats) | L2 of mean importances | top-3 overlap with plain |',
    '|---|---|---|---|---|',
    `| no privacy | ${f(plain.map((r) => r.accuracy), 4)} | ${seedKl.length ? `${f(seedKl.map((x) => x.kl), 1)} (plain seed s vs s−1)` : '—'} | ${seedKl.length ? f(seedKl.map((x) => x.l2)) : '—'} | 3 |`,
    ...rows,
    '',
    `Global ranking (mean importance over seeds, ± sd), without privacy and at ε = ${oneEps}:`,
    '',
    `| rank | feature | no privacy | ε = ${oneEps} |`,
    '|---|---|---|---|',
    ...order.map((j, r) => `| ${r + 1} | ${features[j]} | ${f(plain.map((x) => x.importance[j]!))} | ${f(one.map((x) => x.importance[j]!))} |`),
    '',
    `Seconds per run: plain ${f(plain.map((r) => r.seconds), 1)}; private ${f([...priv.values()].flat().map((r) => r.seconds), 1)}.`,
    '',
    ...lines.map((l) => `- ${l}`),
  ].join('\n');
  writeSection('qfit-adult', command, body);
  process.stdout.write(`${body}\n`);
}
