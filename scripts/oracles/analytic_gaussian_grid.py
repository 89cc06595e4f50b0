#!/usr/bin/env python3
"""Independent oracle for privkit's analytic Gaussian (Balle & Wang 2018, arXiv 1805.06530):
scipy's brentq applied to the exact condition

    δ(ε, s) = Φ(1/(2s) − εs) − e^ε·Φ(−1/(2s) − εs),   s = σ/Δ,

evaluated on log δ with scipy.special.log_ndtr, to solve for s given (ε, δ) and for ε given
(s, δ) on a log-spaced grid.

Usage: python3 scripts/oracles/analytic_gaussian_grid.py test/fixtures/privacy/analytic-gaussian-grid.json
"""
import json
import math
import sys

import numpy as np
from scipy.optimize import brentq
from scipy.special import log_ndtr

EPSILONS = [float(f"{x:.6g}") for x in np.geomspace(0.01, 20.0, 9)]
DELTAS = [1e-3, 1e-5, 1e-6, 1e-8, 1e-10, 1e-12]
SIGMAS = [float(f"{x:.6g}") for x in np.geomspace(0.2, 200.0, 8)]


def log_delta(eps, s):
    a = log_ndtr(1 / (2 * s) - eps * s)
    b = eps + log_ndtr(-1 / (2 * s) - eps * s)
    # log(e^a − e^b) for a > b; rounding can make them equal when δ underflows relative to Φ(a)
    if b >= a:
        return -math.inf
    return a + math.log(-math.expm1(b - a))


def sigma_for(eps, delta):
    f = lambda u: log_delta(eps, math.exp(u)) - math.log(delta)
    lo, hi = -10.0, 10.0
    return math.exp(brentq(f, lo, hi, xtol=1e-15, rtol=4 * np.finfo(float).eps, maxiter=500))


def epsilon_for(s, delta):
    f = lambda eps: log_delta(eps, s) - math.log(delta)
    if f(0.0) <= 0:
        return 0.0
    hi = 1.0
    while f(hi) > 0:
        hi *= 2
    return brentq(f, 0.0, hi, xtol=1e-16 * hi, rtol=4 * np.finfo(float).eps, maxiter=500)


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
    sigma_rows = [{"epsilon": e, "delta": d, "sigma": sigma_for(e, d)} for e in EPSILONS for d in DELTAS]
    epsilon_rows = [{"sigma": s, "delta": d, "epsilon": epsilon_for(s, d)} for s in SIGMAS for d in DELTAS]
    out = {
        "source": "scipy.optimize.brentq on the Balle–Wang condition in log space "
                  "(scipy.special.log_ndtr), scripts/oracles/analytic_gaussian_grid.py; sensitivity 1",
        "sigmaForEpsilon": sigma_rows,
        "epsilonForSigma": epsilon_rows,
    }
    write_json(sys.argv[1], out)
    print(f"{len(sigma_rows)} σ rows, {len(epsilon_rows)} ε rows")


if __name__ == "__main__":
    main()
