#!/usr/bin/env python3
"""Oracle grid for privkit's RDP accountant: ε of the Poisson-subsampled Gaussian computed by
Opacus's pure-math RDP module, on ~200 log-spaced (q, σ, steps, δ) points plus all 16 corners.

Usage:
  python3 scripts/oracles/opacus_rdp_grid.py PATH/TO/opacus/accountants/analysis/rdp.py \
      test/fixtures/privacy/opacus-rdp-grid.json [LABEL, e.g. "pytorch/opacus@4d0ebc8"]

The Opacus file is loaded from the given path (e.g. a checkout under /tmp); nothing of it is
copied. Only numbers are written: inputs, ε and the optimal order (improved conversion, Opacus's
default orders). Needs numpy and scipy.
"""
import importlib.util
import json
import math
import sys
import time
import warnings

import numpy as np

# Opacus RDPAccountant.DEFAULT_ALPHAS, rebuilt here so the script needs only the analysis module.
ORDERS = [1 + x / 10.0 for x in range(1, 100)] + list(range(12, 64))
RANGES = {"q": (1e-4, 1.0), "sigma": (0.5, 20.0), "steps": (1, 1e5), "delta": (1e-8, 1e-3)}
N_INTERIOR = 184
SEED = 20240611
# (q, σ) pairs whose one-step RDP is recorded on every order: the fractional-order series is
# hardest for large q and small σ (slowly decaying terms) and least accurate for tiny RDP.
PER_ORDER_PAIRS = [(1e-4, 0.5), (1e-4, 20.0), (0.001, 0.8), (0.01, 1.0), (0.04, 1.5), (0.1, 2.0),
                   (0.3, 0.5), (0.5, 0.5), (0.5, 5.0), (0.9, 0.7), (0.99, 0.5), (0.9999, 3.0)]


def load_module(path):
    spec = importlib.util.spec_from_file_location("opacus_rdp_analysis", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def halton(index, base):
    """Radical inverse of index in the given base (a low-discrepancy sequence)."""
    result, f = 0.0, 1.0
    while index > 0:
        f /= base
        result += f * (index % base)
        index //= base
    return result


def log_interp(lo, hi, u):
    return math.exp(math.log(lo) + u * (math.log(hi) - math.log(lo)))


def grid_points():
    points = []
    for q in RANGES["q"]:
        for sigma in RANGES["sigma"]:
            for steps in RANGES["steps"]:
                for delta in RANGES["delta"]:
                    points.append((q, sigma, int(steps), delta))
    rng = np.random.default_rng(SEED)
    shift = rng.random(4)  # Cranley–Patterson rotation of the Halton points
    for i in range(1, N_INTERIOR + 1):
        u = [(halton(i, b) + s) % 1.0 for b, s in zip((2, 3, 5, 7), shift)]
        q = float(f"{log_interp(*RANGES['q'], u[0]):.6g}")
        sigma = float(f"{log_interp(*RANGES['sigma'], u[1]):.6g}")
        steps = int(round(log_interp(*RANGES["steps"], u[2])))
        delta = float(f"{log_interp(*RANGES['delta'], u[3]):.6g}")
        points.append((q, sigma, steps, delta))
    return points


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
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    rdp_module = load_module(sys.argv[1])
    rows = []
    start = time.time()
    for q, sigma, steps, delta in grid_points():
        rdp = rdp_module.compute_rdp(q=q, noise_multiplier=sigma, steps=steps, orders=ORDERS)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            eps, order = rdp_module.get_privacy_spent(orders=ORDERS, rdp=rdp, delta=delta)
        rows.append({
            "q": q, "sigma": sigma, "steps": steps, "delta": delta,
            "epsilon": float(eps), "order": float(order),
            "edgeWarning": bool(caught),
        })
    per_order = []
    for q, sigma in PER_ORDER_PAIRS:
        rdp = rdp_module.compute_rdp(q=q, noise_multiplier=sigma, steps=1, orders=ORDERS)
        per_order.append({"q": q, "sigma": sigma, "rdp": [float(v) for v in rdp]})
    out = {
        "source": "Opacus opacus/accountants/analysis/rdp.py (compute_rdp + get_privacy_spent, "
                  "improved conversion, DEFAULT_ALPHAS 1.1..10.9, 12..63), run by "
                  "scripts/oracles/opacus_rdp_grid.py",
        "opacusVersion": sys.argv[3] if len(sys.argv) == 4 else "unspecified",
        "ranges": RANGES,
        "orders": ORDERS,
        "rows": rows,
        "perOrder": per_order,
    }
    write_json(sys.argv[2], out)
    print(f"{len(rows)} rows in {time.time() - start:.1f} s")


if __name__ == "__main__":
    main()
