"""How long does the learning-rate x N phase diagram take, sum and mean?

Grid: 20 learning rates (1e-5 .. 10) x 20 sizes N (10 .. 10,000, log-spaced) x 2
reductions = 800 runs of 300 epochs, the question's [7, 2] net with identity activation on
random targets. Target: under 20 s on 2 cores. Also checks the boundary against theory:
every run at lr <= 0.5 * 2/lambda_max survives, every run at lr >= 2 * 2/lambda_max grows.

    python benchmarks/phase_diagram.py [--processes 2] [--figure phase.png]
"""
import argparse
import os
import time

import numpy as np

import nnlib
from nnlib.curvature import linear_critical_lr


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--processes", type=int, default=None, help="default: choose (both cores)")
    p.add_argument("--figure", default=None, help="also save the figure here")
    args = p.parse_args()
    lrs = np.logspace(-5, 1, 20)
    ns = np.unique(np.geomspace(10, 10_000, 20).astype(int)).tolist()
    start = time.perf_counter()
    res = nnlib.sweep({"lr": lrs, "n": ns, "reduction": ["sum", "mean"]},
                      fixed={"sizes": [7, 2], "activation": "identity"}, epochs=300,
                      processes=args.processes)
    seconds = time.perf_counter() - start
    bad = 0
    for j, n in enumerate(ns):
        X = nnlib.datasets.random_targets(n=n, seed=0)[0]
        for k, red in enumerate(["sum", "mean"]):
            crit = linear_critical_lr(X, red)
            grew = res.diverged[:, j, k] | (res.final_cost[:, j, k] > res.initial_cost[:, j, k])
            bad += int(np.sum(grew & (lrs <= 0.5 * crit)) + np.sum(~grew & (lrs >= 2 * crit)))
    print(f"phase diagram: {res.diverged.size} runs of 300 epochs, N up to {max(ns)}, "
          f"{seconds:.2f} s on {res.processes} process(es) ({os.cpu_count()} cores; target < 20 s)")
    print(f"  diverged: {int(res.diverged.sum())}; runs on the wrong side of theory "
          f"(outside 0.5x..2x of 2/lambda_max): {bad}")
    if args.figure:
        import matplotlib
        matplotlib.use("Agg")
        import nnlib.plotting as nplt
        nplt.phase_diagrams(res)[0].figure.savefig(args.figure, dpi=100)
        print(f"  figure: {args.figure}")
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
