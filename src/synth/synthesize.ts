// `privkit synth` as a library call: private CSV in, synthetic CSV and privacy ledger out.
//   1. private pre-processing: schema (types, bounds, categories) and row count, paid from a share
//      of the budget unless declared public;
//   2. one streaming pass: per-class sums of the method's feature maps;
//   3. one noisy release of the class counts and of every sum, calibrated to the rest of the budget;
//   4. generator training on the released values only; 5. sampling and an atomic CSV write.
import { checkBudgetOptions, stopwatch } from './run-checks.js';
import { UserError } from '../errors.js';
import { createRng, initEngine, privacyNoiseIsSeeded } from '../engine/index.js';
import { createEncoder, writeCsv, type CsvCell, type Schema } from '../data/index.js';
import { createLedger, epsilonOfEvent, gaussian, zcdp, type LedgerJson, type PrivacyEvent } from '../privacy/index.js';
import { estimateSchema, PREPROCESSING_ORDERS, splitTarget, totalRho } from '../estimate/index.js';
import { calibrateScale } from './budget.js';
import { labeledChunks } from './labeled-chunks.js';
import { classMeans, embedChunks, releasedProportions, releaseSum } from './mean-embedding.js';
import { DEFAULT_COMMON, DEFAULT_HP, DEFAULT_MERF, DEFAULT_NTK, planHp, planMerf, planNtk, type CommonSettings, type HpSettings, type MerfSettings, type MethodName, type NtkSettings } from './methods.js';
import { drawClassCounts, sampleRows } from './sample-rows.js';
import { createTabularGenerator } from './tabular-generator.js';
import { linearDecay, trainGenerator } from './train-generator.js';

export interface SynthProgress {
  phase(name: string, total: number): void;
  tick(n?: number): void;
  log(line: string): void;
}

export interface SynthOptions {
  input: string;
  output: string;
  method?: MethodName;
  epsilon: number;
  delta: number;
  target?: string;
  schema?: Schema;
  rows?: number;
  seed?: number;
  header?: boolean;
  /**
   * Share of the budget for pre-processing (default 0.1), as a share of the zCDP budget ρ that
   * (ε, δ) allows, and of δ. A share of ρ, not of ε: ε grows like √ρ, so 10% of ε would be only ~1%
   * of what the releases can spend, and the schema would come out needlessly coarse.
   */
  preprocessingShare?: number;
  hp?: Partial<HpSettings>;
  merf?: Partial<MerfSettings>;
  ntk?: Partial<NtkSettings>;
  common?: Partial<CommonSettings>;
  progress?: SynthProgress;
  shouldStop?: () => boolean;
}

/** What every synthesizer's report holds besides its inputs and outputs. */
export interface SynthReportCommon {
  privacy: LedgerJson;
  /** True when privacy noise was seeded for testing: then nothing here is private. */
  noiseSeededForTesting: boolean;
  settings: Record<string, unknown>;
  seconds: Record<string, number>;
  /** Peak resident memory of the process so far, in MB. */
  peakMemoryMb: number;
  finalLoss: number | null;
  /** What the run took as public without noise (structure every neighbour shares, or what the user declared). */
  treatedAsPublic: string[];
}

export interface SynthReport extends SynthReportCommon {
  method: MethodName;
  input: string;
  output: string;
  rowsWritten: number;
  target: string | null;
  classes: string[];
  /** Released class proportions (post-processed: clipped and renormalised). */
  classProportions: number[];
}

const quiet: SynthProgress = { phase() {}, tick() {}, log() {} };

function checkBudget(o: SynthOptions): void {
  checkBudgetOptions(o.epsilon, o.delta, 'rows');
  if (o.rows !== undefined && !(Number.isInteger(o.rows) && o.rows > 0)) throw new UserError(`--rows must be a positive integer, got ${o.rows}.`);
  const share = o.preprocessingShare ?? 0.1;
  if (!(share > 0 && share < 1)) throw new UserError(`The pre-processing share must be in (0, 1), got ${share}.`);
}

export async function synthesize(o: SynthOptions): Promise<SynthReport> {
  checkBudget(o);
  const progress = o.progress ?? quiet;
  const method = o.method ?? 'hp';
  const { seconds, lap } = stopwatch();
  await initEngine();
  const rng = createRng(o.seed ?? Math.floor(Math.random() * 2 ** 31));
  const ledger = createLedger({ epsilon: o.epsilon, delta: o.delta });
  const share = o.preprocessingShare ?? 0.1;
  const csv = { header: o.header ?? true };
  const stop = () => { if (o.shouldStop?.()) throw new UserError('Interrupted; no output was written.'); };

  progress.phase('pre-processing', 0);
  let read = 0;
  const estimated = await estimateSchema({
    source: o.input, ...(o.schema ? { userSchema: o.schema } : {}), ledger, ...(o.target !== undefined ? { target: o.target } : {}), header: csv.header,
    budget: preprocessingBudget(o.epsilon, o.delta, share),
    onProgress: (total: number) => { progress.tick(total - read); read = total; },
  });
  // With a fully public schema pre-processing releases no row count; the released class sizes give one.
  const rowCount = estimated.rowCount;
  lap('preprocessing');
  stop();

  const { featureSchema, classes } = splitTarget(estimated.schema, o.target);
  if (featureSchema.columns.length === 0) throw new UserError('There is no column to synthesize besides the target; give a CSV with at least one other column.');
  const encoder = createEncoder(featureSchema);
  const remaining = { epsilon: ledger.remainingEpsilon(), delta: (1 - share) * o.delta };
  const plan = method === 'hp'
    ? planHp(encoder.blocks, encoder.width, { ...DEFAULT_HP, ...o.hp }, remaining, rng.fork())
    : method === 'merf'
      ? planMerf(encoder.blocks, encoder.width, { ...DEFAULT_MERF, ...o.merf }, remaining, rng.fork())
      : planNtk(encoder.width, Math.max(1, classes.length), { ...DEFAULT_NTK, ...o.ntk }, remaining);
  try {
    return await synthesizeWithPlan();
  } finally {
    plan.dispose();
  }

  async function synthesizeWithPlan(): Promise<SynthReport> {
    const common = { ...DEFAULT_COMMON, ...o.common };
    const withTarget = o.target !== undefined;

    // Every release of the synthesis proper, as events of a common noise scale.
    // (Exactly the releases below, one event each, so no assumption on the plan's noise pattern.)
    const releases = (scale: number): PrivacyEvent[] =>
      [plan.baseNoise.classCounts, ...plan.baseNoise.terms].map((sigma) => gaussian(sigma * scale));
    const scale = calibrateScale(ledger, releases);

    progress.phase('embedding the private data', rowCount ?? 0);
    const sums = await embedChunks(
      labeledChunks({ path: o.input, csv, encoder, ...(withTarget ? { target: { name: o.target!, classes } } : {}) }),
      plan.terms, Math.max(1, classes.length), encoder.width, (n) => { progress.tick(n); stop(); },
    );
    lap('embedding');

    // Releases. Replace-one: a changed row moves Σφ⊗e_y by ≤ 2 (‖φ‖ ≤ 1) and the class counts by √2.
    // Without a target all rows are one class, and this is the (noisy) row count that scales the embedding.
    const classSizes = releaseSum(ledger, withTarget ? 'class counts' : 'row count', sums.classCounts, plan.baseNoise.classCounts * scale, Math.SQRT2, withTarget ? { classes } : {});
    const means = plan.terms.map((term, t) => {
      const noisy = releaseSum(ledger, `mean embedding: ${term.name}`, sums.sums[t]!, plan.baseNoise.terms[t]! * scale, 2);
      return classMeans(noisy, classSizes, term.dim);
    });
    const proportions = releasedProportions(classSizes);

    progress.phase('training the generator', plan.steps);
    const generator = createTabularGenerator({ codeSize: common.codeSize, classes: classSizes.length, blocks: encoder.blocks, width: encoder.width }, rng.fork());
    const termLosses = plan.terms.map((term, t) => term.createLoss(means[t]!, classSizes.length));
    let losses: number[];
    try {
      losses = await trainGenerator({
        generator: { codeSize: generator.shape.codeSize, classes: generator.shape.classes, variables: generator.variables, generate: generator.generate },
        losses: termLosses, schedule: plan.schedule, steps: plan.steps, batchSize: common.batchSize,
        learningRate: linearDecay(common.learningRate, common.finalLearningRateFraction, plan.steps),
        rng: rng.fork(), onStep: () => progress.tick(1), ...(o.shouldStop ? { shouldStop: o.shouldStop } : {}),
      });
      lap('training');
      stop();

      const rows = o.rows ?? Math.max(1, Math.round(rowCount ?? classSizes.reduce((a, b) => a + Math.max(0, b), 0)));
      progress.phase('sampling', rows);
      const quota = drawClassCounts(rows, proportions, rng.fork());
      const columns = estimated.schema.columns.map((c) => c.name);
      const featureIndex = new Map(featureSchema.columns.map((c, j) => [c.name, j]));
      const sampler = sampleRows(generator, encoder, quota, common.batchSize, rng.fork());
      const lines = (function* (): Generator<CsvCell[]> {
        for (const { values, label } of sampler) {
          progress.tick(1);
          yield columns.map((name) => (name === o.target ? classes[label]! : (values[featureIndex.get(name)!] ?? null)));
        }
      })();
      await writeCsv(o.output, columns, lines);
      lap('sampling');
      return {
        method, input: o.input, output: o.output, rowsWritten: rows, target: o.target ?? null, classes,
        classProportions: Array.from(proportions), privacy: ledger.toJSON(), noiseSeededForTesting: privacyNoiseIsSeeded(),
        settings: { ...plan.settings, ...common, noiseScale: scale, preprocessingShare: share, decisions: estimated.decisions },
        seconds, peakMemoryMb: Math.round(process.resourceUsage().maxRSS / 1024), finalLoss: losses.length > 0 ? losses[losses.length - 1]! : null,
        treatedAsPublic: [
          csv.header ? 'column names and order (CSV header)' : 'column count',
          ...(o.schema ? ['what the schema declares public (--schema)'] : []),
        ],
      };
    } finally {
      generator.dispose();
      for (const l of termLosses) l.dispose();
    }
  }
}

/** The feature schema (without the target) and the target's released classes. */

/** (ε, δ) for pre-processing: `share` of the total zCDP ρ, expressed at `share` of δ. */
export function preprocessingBudget(epsilon: number, delta: number, share: number): { epsilon: number; delta: number } {
  const rho = share * totalRho(epsilon, delta, 'improved');
  const partDelta = share * delta;
  return { epsilon: epsilonOfEvent(zcdp(rho), { delta: partDelta, orders: PREPROCESSING_ORDERS }).epsilon, delta: partDelta };
}
