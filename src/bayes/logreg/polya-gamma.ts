// The mean of the Pólya-Gamma distribution PG(1, c): E[ω] = tanh(c/2)/(2c), with its limit 1/4 at
// c = 0. It is the only moment VB for logistic regression needs, and it lies in (0, 1/4] — the bound
// the second statistic's sensitivity rests on.

export function polyaGammaMean(c: number): number {
  const a = Math.abs(c);
  // Near 0 the ratio loses digits; the Taylor series tanh(x)/x ≈ 1 − x²/3 + 2x⁴/15 is exact there.
  if (a < 1e-3) {
    const x2 = (a / 2) ** 2;
    return 0.25 * (1 - x2 / 3 + (2 * x2 * x2) / 15);
  }
  return Math.tanh(a / 2) / (2 * a);
}
