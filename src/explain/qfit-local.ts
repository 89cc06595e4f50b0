// Q-FIT local importance (card §3.2): a selector network g maps a row x to its own concentrations
// φ(x) = softplus(g(x)), and s(x) ∼ Dir(φ(x)) (or φ(x)/Σφ(x) in the point mode) scales the row the
// frozen classifier sees. Loss: CE + klWeight · mean_b KL(Dir(φ(x_b)) ‖ Dir(a₀·1)) / B, the card's
// batch scaling. Input scaling as in qfit.ts.
//
// Selector as the card, without its BatchNorm layers: Linear(D, h) → Linear(h, h) → ReLU → Linear(h, D)
// (no nonlinearity after the first layer, as there). privkit's batch norm has no running
// statistics, so with it a row's explanation would depend on the rows explained with it.
import * as tf from '../engine/tf.js';
import { dirichletKl, dirichletSample } from '../dirichlet/index.js';
import { activationLayer } from '../nn/activation.js';
import { denseLayer } from '../nn/dense.js';
import { uniquePrefix } from '../nn/init.js';
import { sequential, type Sequential } from '../nn/sequential.js';
import { optimizerStep, runMinibatches } from './loop.js';
import { rankFeatures } from './metrics.js';
import { MIN_CONCENTRATION, featureLayout, hooks, maskedLoss, perColumn, qfitStreams, resolveOptions, type QfitOptions } from './qfit.js';

export interface LocalQfitOptions extends QfitOptions {
  /** Width h of the selector's hidden layers (default 200, the card's). */
  readonly hidden?: number;
}

/** Importances of a set of rows, row-major [n, D]. */
export interface LocalImportance {
  readonly featureCount: number;
  /** φ(x)/Σφ(x) per row (each row sums to 1). */
  readonly importance: Float64Array;
  /** Var(s_j) = p_j(1 − p_j)/(Σφ(x) + 1) per row. */
  readonly variance: Float64Array;
  /** φ(x) per row. */
  readonly phi: Float64Array;
  /** Feature indices per row, most important first. */
  readonly ranking: Int32Array;
}

export interface LocalExplainer {
  /** The trained selector x ↦ g(x) (φ = softplus of its output). */
  readonly selector: Sequential;
  readonly featureCount: number;
  /** Mean training loss of each epoch. */
  readonly lossPerEpoch: readonly number[];
  /** Per-row importances of rows encoded like the training data (row-major, its columns each). */
  explain(features: Float32Array): LocalImportance;
  /** Frees the selector's weights. */
  dispose(): void;
}

/** The card's selector: `width` input columns to `features` concentrations (before softplus). */
export function buildSelector(width: number, features: number, hidden: number, rng: Parameters<typeof denseLayer>[2]): Sequential {
  const name = uniquePrefix('qfit-selector');
  return sequential([
    denseLayer(width, hidden, rng, `${name}/dense1`),
    denseLayer(hidden, hidden, rng, `${name}/dense2`),
    activationLayer('relu'),
    denseLayer(hidden, features, rng, `${name}/out`),
  ]);
}

/** Trains a selector that explains `classifier` row by row. */
export async function qfitLocal(options: LocalQfitOptions): Promise<LocalExplainer> {
  const o = resolveOptions(options);
  const hidden = options.hidden ?? 200;
  if (!Number.isInteger(hidden) || hidden < 1) throw new Error(`Q-FIT: hidden must be a whole number >= 1, got ${hidden}.`);
  const { data, classifier } = options;
  const width = data.featureCount;
  const { features: d, groups } = featureLayout(options);
  const streams = qfitStreams(options.seed);
  const selector = buildSelector(width, d, hidden, streams.init);
  const adam = tf.train.adam(o.learningRate);
  try {
    const lossPerEpoch = await runMinibatches(data, { ...o, ...hooks(options) }, streams.shuffle, (x, y) => {
      return optimizerStep(adam, () => {
        const theta = selector.apply(x, null, true) as tf.Tensor2D;
        const phi = tf.softplus(theta) as tf.Tensor2D;
        let fit: tf.Scalar;
        if (o.estimator === 'point') {
          fit = maskedLoss(classifier, x, y, perColumn(tf.div(phi, tf.sum(phi, 1, true)) as tf.Tensor2D, groups), o.inputScale, false);
        } else {
          // M draws per row: stack the rows M times (draw-major) and draw once per stacked row.
          const m = o.samples;
          const s = dirichletSample(m === 1 ? theta : tf.tile(theta, [m, 1]) as tf.Tensor2D, streams.dirichlet);
          fit = maskedLoss(classifier, m === 1 ? x : tf.tile(x, [m, 1]) as tf.Tensor2D, m === 1 ? y : tf.tile(y, [m]) as tf.Tensor1D, perColumn(s, groups), o.inputScale, false);
        }
        if (o.klWeight === 0) return fit;
        const batch = x.shape[0];
        return tf.add(fit, tf.mul(tf.mean(dirichletKl(tf.maximum(phi, MIN_CONCENTRATION) as typeof phi, o.prior)), o.klWeight / batch)) as tf.Scalar;
      }, [...selector.params]);
    });
    return {
      selector, featureCount: d, lossPerEpoch,
      explain: (rows) => explainRows(selector, width, d, rows),
      dispose: () => selector.params.forEach((p) => p.dispose()),
    };
  } catch (error) {
    selector.params.forEach((p) => p.dispose());
    throw error;
  } finally {
    adam.dispose();
  }
}

/** Per-row importances over `d` features of rows with `width` columns (row-major). */
export function explainRows(selector: Sequential, width: number, d: number, features: Float32Array): LocalImportance {
  if (features.length % width !== 0) throw new Error(`explain: ${features.length} values are not whole rows of ${width} columns.`);
  const n = features.length / width;
  const phi = new Float64Array(n * d);
  const chunk = 2048;
  for (let start = 0; start < n; start += chunk) {
    const rows = Math.min(chunk, n - start);
    const out = tf.tidy(() => tf.softplus(selector.apply(tf.tensor2d(features.subarray(start * width, (start + rows) * width), [rows, width]), null, false)));
    phi.set(out.dataSync(), start * d);
    out.dispose();
  }
  const importance = new Float64Array(n * d);
  const variance = new Float64Array(n * d);
  // Inline rather than dirichletMean/dirichletVariance: a float32 softplus can underflow to 0 for
  // an extreme selector output, which those (rightly, for a distribution) refuse; here it is p = 0.
  for (let i = 0; i < n; i++) {
    let total = 0;
    for (let j = 0; j < d; j++) total += phi[i * d + j]!;
    for (let j = 0; j < d; j++) {
      const p = phi[i * d + j]! / total;
      importance[i * d + j] = p;
      variance[i * d + j] = (p * (1 - p)) / (total + 1);
    }
  }
  return { featureCount: d, importance, variance, phi, ranking: rankFeatures(importance, d) };
}
