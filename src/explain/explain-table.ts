// `privkit explain` as a library call: train a classifier on encoded table rows, then learn its Q-FIT
// explanation (global or local) with the importance over the table's columns (a category's one-hot
// code is one feature). Without privacy both steps are plain training. With privacy both run with
// DP-SGD at one noise multiplier, calibrated so that the two runs and whatever the ledger already
// holds (schema estimate, record count) fit its budget; the explanation is then (ε, δ)-DP.
import type { LabelledData } from '../dpsgd/dataset.js';
import { plannedSteps } from '../dpsgd/make-private.js';
import { trainWithDpSgd } from '../dpsgd/run.js';
import { buildClassifier, type Classifier } from '../nn/models.js';
import { dpSgdEvent } from '../privacy/events.js';
import type { Ledger } from '../privacy/ledger.js';
import { calibrateScale } from '../synth/budget.js';
import { UserError } from '../errors.js';
import { privateQfitGlobal, privateQfitLocal } from './private.js';
import { qfitGlobal, type GlobalImportance } from './qfit.js';
import { qfitLocal, type LocalExplainer } from './qfit-local.js';
import { trainTableClassifier } from './classifier.js';
import { frozenClassifier, type TableData } from './types.js';

export interface ExplainSettings {
  /** Hidden widths of the classifier (the card's privacy study: 100 → 20). */
  readonly hidden: readonly number[];
  readonly classifierEpochs: number;
  readonly classifierBatchSize: number;
  readonly classifierLearningRate: number;
  /** 'sample': Dirichlet draws (one per step globally, one per row locally); 'point': φ/Σφ. */
  readonly estimator: 'sample' | 'point';
  readonly importanceEpochs: number;
  readonly importanceBatchSize: number;
  readonly importanceLearningRate: number;
  /** Width of the local selector's hidden layers. */
  readonly selectorHidden: number;
  /** Adam's step size for the selector (a network: smaller than θ's). */
  readonly selectorLearningRate: number;
  /** DP-SGD clipping norms (private runs only). */
  readonly classifierClip: number;
  readonly importanceClip: number;
}

/**
 * The card's Adult privacy study, scaled to a CPU: classifier 100 → 20 with Adam (1e-3 plain, 1e-2
 * under DP-SGD as there), batch 1,000 under DP-SGD; importance with Adam 0.1 and one Dirichlet draw
 * per step as there, but 10 epochs of batches of 1,000 instead of 400 epochs of 20,000 (DP-SGD on θ
 * clips at 0.1). No KL term
 * in either mode: under DP-SGD it is not a per-example loss, and both modes stay comparable.
 */
export const EXPLAIN_DEFAULTS: { readonly plain: ExplainSettings; readonly private: ExplainSettings } = {
  plain: {
    hidden: [100, 20], classifierEpochs: 20, classifierBatchSize: 200, classifierLearningRate: 1e-3,
    estimator: 'sample', importanceEpochs: 10, importanceBatchSize: 1000, importanceLearningRate: 0.1, selectorHidden: 100, selectorLearningRate: 1e-2,
    // not read without privacy; present so that both modes report one settings shape
    classifierClip: 1, importanceClip: 1,
  },
  private: {
    hidden: [100, 20], classifierEpochs: 20, classifierBatchSize: 1000, classifierLearningRate: 1e-2,
    estimator: 'sample', importanceEpochs: 10, importanceBatchSize: 1000, importanceLearningRate: 0.1, selectorHidden: 100, selectorLearningRate: 1e-2,
    // Per-example gradients in θ are ~0.1 at the start and ~0.02 once learnt (measured on adult.data,
    // so a data-informed default, see BENCHMARKS.md): C = 1 would leave the noise σC far above them.
    classifierClip: 1, importanceClip: 0.1,
  },
};

export interface ExplainTableOptions {
  /** Encoded rows and labels. */
  readonly train: LabelledData;
  /** The feature (column of the CSV) of each encoded column. */
  readonly groups: Int32Array;
  readonly mode: 'global' | 'local';
  /** Null: no privacy. Otherwise the ledger (budget, earlier releases) and the released row count. */
  readonly privacy: { readonly ledger: Ledger; readonly releasedCount: number } | null;
  readonly settings?: Partial<ExplainSettings>;
  readonly seed: number;
  readonly onProgress?: (phase: 'classifier' | 'importance', done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

export interface ExplainTableResult {
  readonly classifier: Classifier;
  readonly settings: ExplainSettings;
  readonly global?: GlobalImportance;
  readonly local?: LocalExplainer;
  /** The DP-SGD noise multiplier of both runs (null without privacy). */
  readonly noiseMultiplier: number | null;
  /** Frees the classifier and the selector. */
  dispose(): void;
}

export async function explainTable(o: ExplainTableOptions): Promise<ExplainTableResult> {
  const settings: ExplainSettings = { ...(o.privacy ? EXPLAIN_DEFAULTS.private : EXPLAIN_DEFAULTS.plain), ...o.settings };
  const { train } = o;
  const width = train.exampleShape[0]!;
  const hooks = (phase: 'classifier' | 'importance') => ({
    ...(o.onProgress ? { onProgress: (d: number, t: number) => o.onProgress!(phase, d, t) } : {}), ...(o.signal ? { signal: o.signal } : {}),
  });
  const table: TableData = { features: train.features, labels: train.labels, featureCount: width };
  let noiseMultiplier: number | null = null;
  let classifier: Classifier | null = null;
  try {
    if (o.privacy) {
      classifier = buildClassifier({ kind: 'mlp', inputSize: width, hidden: [...settings.hidden], classes: train.classes }, o.seed);
      const { ledger, releasedCount } = o.privacy;
      const largest = Math.max(settings.classifierBatchSize, settings.importanceBatchSize);
      if (largest > releasedCount) throw new UserError(`The batch size ${largest} exceeds the number of rows (released or declared: ${releasedCount}); DP-SGD needs more rows than one batch.`);
      const q = (batch: number) => Math.min(1, batch / releasedCount);
      const classifierSteps = plannedSteps(settings.classifierEpochs, q(settings.classifierBatchSize));
      const importanceSteps = plannedSteps(settings.importanceEpochs, q(settings.importanceBatchSize));
      noiseMultiplier = calibrateScale(ledger, (sigma) => [
        dpSgdEvent(sigma, q(settings.classifierBatchSize), classifierSteps), dpSgdEvent(sigma, q(settings.importanceBatchSize), importanceSteps),
      ]);
      const common = { noiseMultiplier, delta: ledger.budget.delta, releasedCount, ledger };
      await trainWithDpSgd(classifier, train, {
        ...common, epochs: settings.classifierEpochs, batchSize: settings.classifierBatchSize, learningRate: settings.classifierLearningRate,
        clip: settings.classifierClip, label: 'Q-FIT classifier (DP-SGD)', ...hooks('classifier'),
      });
      const qfit = {
        ...common, classifier: frozenClassifier(classifier), data: table, groups: o.groups, estimator: settings.estimator,
        epochs: settings.importanceEpochs, batchSize: settings.importanceBatchSize, learningRate: settings.importanceLearningRate,
        clip: settings.importanceClip, seed: o.seed + 1, ...hooks('importance'),
      };
      return o.mode === 'global'
        ? result(classifier, settings, noiseMultiplier, { global: await privateQfitGlobal(qfit) })
        : result(classifier, settings, noiseMultiplier, { local: await privateQfitLocal({ ...qfit, hidden: settings.selectorHidden, learningRate: settings.selectorLearningRate }) });
    }
    // Without privacy: the plain table classifier Q-FIT's own benchmarks use, at these settings.
    const plain = await trainTableClassifier({
      data: table, classes: train.classes, hidden: settings.hidden, epochs: settings.classifierEpochs, batchSize: settings.classifierBatchSize,
      learningRate: settings.classifierLearningRate, seed: o.seed, ...hooks('classifier'),
    });
    classifier = plain.model;
    const qfit = {
      classifier: frozenClassifier(classifier), data: table, groups: o.groups, estimator: settings.estimator, samples: 1, klWeight: 0,
      epochs: settings.importanceEpochs, batchSize: settings.importanceBatchSize, learningRate: settings.importanceLearningRate,
      seed: o.seed + 1, ...hooks('importance'),
    };
    return o.mode === 'global'
      ? result(classifier, settings, null, { global: await qfitGlobal(qfit) })
      : result(classifier, settings, null, { local: await qfitLocal({ ...qfit, hidden: settings.selectorHidden, learningRate: settings.selectorLearningRate }) });
  } catch (error) {
    classifier?.params.forEach((p) => p.dispose());
    throw error;
  }
}

function result(classifier: Classifier, settings: ExplainSettings, noiseMultiplier: number | null, explanation: { global?: GlobalImportance; local?: LocalExplainer }): ExplainTableResult {
  return {
    classifier, settings, noiseMultiplier, ...explanation,
    dispose: () => { classifier.params.forEach((p) => p.dispose()); explanation.local?.dispose(); },
  };
}
