// DP-NTK's embedding as an EmbeddingTerm: the normalised tangent features of an untrained
// network (src/features/ntk.ts). The data side goes through the per-example gradient machinery;
// the generator side is the closed form, so per-sample features (636k values each for 28×28
// images) are never materialised.
import { createNtkNetwork, ntkClassSums, ntkEmbeddingLoss, prepareNtkTarget } from '../features/ntk.js';
import type { EmbeddingTerm } from './embedding-term.js';

export interface NtkTermOptions {
  inputDim: number;
  width: number;
  classes: number;
  /** Seed of the network's initialisation (public: it does not depend on the data). */
  seed: number;
}

export function ntkTerm(o: NtkTermOptions): EmbeddingTerm & { dispose(): void } {
  // Outputs = classes, as the reference (its feature is the gradient of the summed outputs).
  const net = createNtkNetwork({ inputDim: o.inputDim, width: o.width, outputs: o.classes, seed: o.seed });
  const dim = net.parameterCount;
  return {
    name: `neural tangent features (${o.inputDim}-${o.width}-${o.classes} network, ${dim} parameters)`,
    dim,
    accumulate(x, labels, classes, sums) {
      const perClass = Array.from({ length: classes }, (_, c) => sums.subarray(c * dim, (c + 1) * dim));
      ntkClassSums(net, x, labels, classes, perClass);
    },
    createLoss(means, classes, estimator = 'biased') {
      if (estimator !== 'biased') throw new Error('DP-NTK\'s closed-form loss has the biased estimator only.');
      const target = prepareNtkTarget(net, Array.from({ length: classes }, (_, c) => means.subarray(c * dim, (c + 1) * dim)), classes);
      return { loss: (x, perClass) => ntkEmbeddingLoss(net, target, x, perClass), dispose: () => target.dispose() };
    },
    dispose: () => net.dispose(),
  };
}
