#!/usr/bin/env python3
"""High-precision (mpmath) reference values for privkit's log-space special functions and for the
one-step RDP of the Poisson-subsampled Gaussian:

  - log Φ(x), log erfc(x), log|Γ(x)| and log|C(a, k)| at points across their ranges;
  - exact RDP at integer orders (the binomial sum of Mironov–Talwar–Zhang 2019, 60 digits);
  - RDP at fractional orders by adaptive quadrature of
    A_α = E_{z∼N(0,σ²)}[((1 − q) + q·exp((2z − 1)/(2σ²)))^α].

Usage: python3 scripts/oracles/mpmath_reference.py test/fixtures/privacy/mpmath-reference.json
"""
import json
import sys

import mpmath

mpmath.mp.dps = 60

NORMAL_POINTS = [-1000.0, -200.0, -38.5, -30.0, -20.0, -12.3, -8.0, -5.5, -3.0, -1.7, -1.0, -0.3,
                 -1e-8, 0.0, 1e-8, 0.4, 1.0, 1.77, 2.5, 4.0, 5.605, 6.5, 9.0, 15.0, 30.0]
ERFC_POINTS = [-30.0, -5.0, -1.3, -1.25, -0.7, -1e-9, 0.0, 1e-9, 0.2, 0.9, 1.2499, 1.25, 1.6, 2.2,
               3.5, 6.0, 10.0, 26.0, 27.5, 100.0, 1e4]
GAMMA_POINTS = [1e-6, 0.1, 0.5, 1.0, 1.5, 2.0, 2.5, 3.7, 9.99, 10.5, 14.9, 15.0, 33.3, 64.0, 257.0,
                1025.0, 1e5, -0.5, -1.5, -2.9, -7.1, -30.3]
BINOMIAL_PAIRS = [(1.1, 0), (1.1, 1), (1.1, 2), (1.1, 3), (1.1, 10), (1.1, 150), (5.5, 4), (5.5, 9),
                  (63.0, 31), (10.9, 7), (2.25, 40), (256.0, 128)]
INTEGER_RDP = [(q, s, a) for q, s in [(1e-4, 20.0), (1e-4, 0.5), (0.001, 0.8), (0.01, 1.0),
                                       (0.04, 1.5), (0.3, 0.5), (0.9, 0.7)]
               for a in [2, 3, 8, 32, 63]]
FRACTIONAL_RDP = [(0.01, 1.0, 1.5), (0.01, 1.0, 7.3), (0.001, 0.8, 1.5), (0.001, 0.8, 4.5),
                  (0.1, 2.0, 1.25), (0.1, 2.0, 3.5), (0.04, 1.5, 3.9), (0.5, 5.0, 5.2),
                  (0.3, 0.5, 1.7), (0.9, 0.7, 2.5), (0.01, 2.5, 1.5), (0.01, 2.5, 2.5)]


def log_ndtr(x):
    x = mpmath.mpf(x)
    if x > 0:  # log(1 − Φ(−x)) keeps its digits for large x
        return mpmath.log1p(-mpmath.ncdf(-x))
    return mpmath.log(mpmath.ncdf(x))


def log_erfc(x):
    x = mpmath.mpf(x)
    if x < 0:
        return mpmath.log(2 - mpmath.erfc(-x))
    return mpmath.log(mpmath.erfc(x))


def log_abs_gamma(x):
    return mpmath.re(mpmath.loggamma(mpmath.mpf(x)))


def log_abs_binomial(a, k):
    return mpmath.log(abs(mpmath.binomial(mpmath.mpf(a), k)))


def rdp_integer(q, sigma, alpha):
    q, s = mpmath.mpf(q), mpmath.mpf(sigma)
    total = mpmath.fsum(mpmath.binomial(alpha, k) * (1 - q) ** (alpha - k) * q ** k
                        * mpmath.exp(mpmath.mpf(k * k - k) / (2 * s * s)) for k in range(alpha + 1))
    return mpmath.log(total) / (alpha - 1)


def rdp_fractional(q, sigma, alpha):
    q, s, a = mpmath.mpf(q), mpmath.mpf(sigma), mpmath.mpf(alpha)
    integrand = lambda z: mpmath.npdf(z, 0, s) * ((1 - q) + q * mpmath.exp((2 * z - 1) / (2 * s * s))) ** a
    z0 = s * s * mpmath.log(1 / q - 1) + mpmath.mpf(1) / 2
    pieces = sorted({-12 * s, 0, z0, z0 + 12 * s, a * 1 + 12 * s})
    total = mpmath.quad(integrand, [-mpmath.inf] + pieces + [mpmath.inf])
    return mpmath.log(total) / (a - 1)


def write_json(path, obj):
    """Writes one row per line so the fixture stays readable and diff-friendly."""
    parts = []
    for key, value in obj.items():
        if isinstance(value, list) and value and isinstance(value[0], (dict, list)):
            body = ",\n".join("  " + json.dumps(row, allow_nan=False) for row in value)
            parts.append(f" {json.dumps(key)}: [\n{body}\n ]")
        else:
            parts.append(f" {json.dumps(key)}: {json.dumps(value, allow_nan=False)}")
    with open(path, "w") as fh:
        fh.write("{\n" + ",\n".join(parts) + "\n}\n")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    f = lambda v: float(v)
    out = {
        "source": "mpmath 60-digit evaluation, scripts/oracles/mpmath_reference.py",
        "logNormalCdf": [[x, f(log_ndtr(x))] for x in NORMAL_POINTS],
        "logErfc": [[x, f(log_erfc(x))] for x in ERFC_POINTS],
        "lgamma": [[x, f(log_abs_gamma(x))] for x in GAMMA_POINTS],
        "logAbsBinomial": [[a, k, f(log_abs_binomial(a, k))] for a, k in BINOMIAL_PAIRS],
        "rdpInteger": [[q, s, a, f(rdp_integer(q, s, a))] for q, s, a in INTEGER_RDP],
        "rdpFractional": [[q, s, a, f(rdp_fractional(q, s, a))] for q, s, a in FRACTIONAL_RDP],
    }
    write_json(sys.argv[1], out)
    print("written", sys.argv[1])


if __name__ == "__main__":
    main()
