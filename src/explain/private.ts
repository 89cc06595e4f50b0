// Q-FIT on private rows: the explanation's parameters are learnt with DP-SGD (Poisson sampling,
// per-example clipping, Gaussian noise, the ledger), so what is released is (ε, δ)-DP. Global mode
// trains θ through the traced importance layer; local mode trains the selector's dense layers. The
// frozen classifier runs without the trace: its weights stay fixed, only its input gradient flows.
import * as tf from '../engine/tf.js';
import type { Network } from '../dpsgd/network.js';
import { trainWithDpSgd, type DpSgdRun } from '../dpsgd/run.js';
import { dirichletSample, softplus } from '../dirichlet/index.js';
import { uniquePrefix, variableFrom } from '../nn/init.js';
import { importanceLayer } from './importance-layer.js';
import { buildSelector, explainRows, type LocalExplainer } from './qfit-local.js';
import { featureLayout, perColumn, QFIT_THETA0, importanceFromPhi, qfitStreams, type GlobalImportance } from './qfit.js';
import { asLabelledData, checkTable, type FrozenClassifier, type TableData } from './types.js';

export interface PrivateQfitOptions extends Omit<DpSgdRun, 'label' | 'loss'> {
  readonly classifier: FrozenClassifier;
  readonly data: TableData;
  readonly groups?: Int32Array;
  /** 'sample': one Dirichlet draw per step (global) or per row (local); 'point': φ/Σφ. */
  readonly estimator: 'sample' | 'point';
  readonly inputScale?: number;
  readonly seed: number;
}

function run(net: Network, o: PrivateQfitOptions, label: string): Promise<void> {
  checkTable(o.data, 'The Q-FIT data');
  return trainWithDpSgd(net, asLabelledData(o.data, 0), { ...o, label });
}

/** Global Q-FIT with DP-SGD on θ. The training loss is private, so none is returned. */
export async function privateQfitGlobal(o: PrivateQfitOptions): Promise<GlobalImportance> {
  const { features, groups } = featureLayout(o);
  const streams = qfitStreams(o.seed);
  const theta = variableFrom(tf.fill([features], QFIT_THETA0), uniquePrefix('qfit-theta'));
  try {
    const layer = importanceLayer(theta, { estimator: o.estimator, groups, inputScale: o.inputScale ?? 1, rng: streams.dirichlet });
    await run({ params: [theta], apply: (x, trace) => o.classifier(layer(x, trace) as tf.Tensor2D) }, o, 'Q-FIT importance (DP-SGD on θ)');
    const th = Float32Array.from(theta.dataSync());
    return { ...importanceFromPhi(Float64Array.from(th, softplus)), theta: th, lossPerEpoch: [] };
  } finally {
    theta.dispose();
  }
}

/** Local Q-FIT with DP-SGD on the selector (no KL term: it is not a per-example loss here). */
export async function privateQfitLocal(o: PrivateQfitOptions & { readonly hidden?: number }): Promise<LocalExplainer> {
  const { features, groups } = featureLayout(o);
  const width = o.data.featureCount;
  const streams = qfitStreams(o.seed);
  const selector = buildSelector(width, features, o.hidden ?? 200, streams.init);
  const scale = o.inputScale ?? 1;
  const net: Network = {
    params: selector.params, layers: selector.layers,
    apply: (x, trace) => {
      const theta = selector.apply(x, trace, true) as tf.Tensor2D;
      const s = o.estimator === 'point'
        ? tf.div(tf.softplus(theta), tf.sum(tf.softplus(theta), 1, true)) as tf.Tensor2D
        : dirichletSample(theta, streams.dirichlet);
      const cols = perColumn(s, groups);
      return o.classifier(tf.mul(x, scale === 1 ? cols : tf.mul(cols, scale)) as tf.Tensor2D);
    },
  };
  try {
    await run(net, o, 'Q-FIT local selector (DP-SGD)');
  } catch (error) {
    selector.params.forEach((p) => p.dispose());
    throw error;
  }
  return {
    selector, featureCount: features, lossPerEpoch: [],
    explain: (rows) => explainRows(selector, width, features, rows),
    dispose: () => selector.params.forEach((p) => p.dispose()),
  };
}
