// ψ(x), the digamma function, for x > 0: E[log θ] under a Dirichlet is ψ(γ_k) − ψ(Σγ). Recurrence
// ψ(x) = ψ(x + 1) − 1/x up to x ≥ 6, then the asymptotic series (error < 1e-12 there).
export function digamma(x: number): number {
  let result = 0;
  while (x < 6) {
    result -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  return result + Math.log(x) - 0.5 / x
    - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f * (1 / 132)))));
}
