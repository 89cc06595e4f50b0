// Closed-form KL(Dir(α) ‖ Dir(β)) and its gradients. With A = Σα, B = Σβ:
//   KL = lnΓ(A) − lnΓ(B) − Σ lnΓ(α_i) + Σ lnΓ(β_i) + Σ (α_i − β_i)(ψ(α_i) − ψ(A)),
//   ∂KL/∂α_i = (α_i − β_i)ψ′(α_i) − (A − B)ψ′(A),
//   ∂KL/∂β_i = ψ(β_i) − ψ(B) − (ψ(α_i) − ψ(A)).
// A number for β means the symmetric prior β = β·1_D (the training prior a₀ of both methods).

import { digamma, lnGamma, trigamma } from './special.js';

/** The second Dirichlet: concentrations, or one number for a symmetric prior. */
export type DirichletPrior = ArrayLike<number> | number;

function positive(values: ArrayLike<number>, what: string): Float64Array {
  const out = Float64Array.from(values);
  for (const v of out) {
    if (!(v > 0) || !Number.isFinite(v)) throw new Error(`The ${what} concentrations must be positive finite numbers, got ${v}.`);
  }
  return out;
}

function operands(alpha: ArrayLike<number>, beta: DirichletPrior): [Float64Array, Float64Array] {
  const a = positive(alpha, 'α');
  if (a.length === 0) throw new Error('A Dirichlet KL needs at least one concentration.');
  const b = typeof beta === 'number' ? positive(new Array<number>(a.length).fill(beta), 'β') : positive(beta, 'β');
  if (b.length !== a.length) throw new Error(`KL(Dir(α) ‖ Dir(β)) needs α and β of one length, got ${a.length} and ${b.length}.`);
  return [a, b];
}

function sum(v: Float64Array): number {
  let s = 0;
  for (const x of v) s += x;
  return s;
}

/** KL(Dir(α) ‖ Dir(β)) in nats. */
export function klDirichlet(alpha: ArrayLike<number>, beta: DirichletPrior): number {
  const [a, b] = operands(alpha, beta);
  const sumA = sum(a), sumB = sum(b), psiA = digamma(sumA);
  let kl = lnGamma(sumA) - lnGamma(sumB);
  for (let i = 0; i < a.length; i++) {
    kl += lnGamma(b[i]!) - lnGamma(a[i]!) + (a[i]! - b[i]!) * (digamma(a[i]!) - psiA);
  }
  return kl;
}

/** ∂KL(Dir(α) ‖ Dir(β))/∂α. */
export function klDirichletGradAlpha(alpha: ArrayLike<number>, beta: DirichletPrior): Float64Array {
  const [a, b] = operands(alpha, beta);
  const sumA = sum(a), common = (sumA - sum(b)) * trigamma(sumA);
  return a.map((ai, i) => (ai - b[i]!) * trigamma(ai) - common);
}

/** ∂KL(Dir(α) ‖ Dir(β))/∂β (for a symmetric prior given as a number, still one entry per component). */
export function klDirichletGradBeta(alpha: ArrayLike<number>, beta: DirichletPrior): Float64Array {
  const [a, b] = operands(alpha, beta);
  const psiA = digamma(sum(a)), psiB = digamma(sum(b));
  return b.map((bi, i) => digamma(bi) - psiB - (digamma(a[i]!) - psiA));
}
