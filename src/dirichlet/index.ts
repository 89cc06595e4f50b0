// Shared Dirichlet machinery for Dirichlet pruning and Q-FIT: float64 special functions, Gamma and
// Dirichlet draws with implicit reparameterisation gradients, the closed-form Dirichlet KL, and
// the tfjs ops that later code trains θ through.

export { lnGamma, digamma, trigamma, gammaP, gammaQ, gammaPDerivA, gammaLogDensity } from './special.js';
export { sampleGamma, sampleLogGamma, gammaReparamGrad, gammaLogReparamGrad } from './gamma-sample.js';
export {
  drawDirichlet, sampleDirichlet, dirichletVjp, dirichletJacobian, dirichletMean, dirichletVariance,
  softplus, sigmoid, softplusInverse, type DirichletDraw,
} from './dirichlet.js';
export { klDirichlet, klDirichletGradAlpha, klDirichletGradBeta, type DirichletPrior } from './kl.js';
export { dirichletSample, dirichletKl } from './ops.js';
