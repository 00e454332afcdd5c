"""Is nnlib.train as fast as it was at another commit? A paired A/B in one process.

    python benchmarks/train_ab.py [REV] [--rounds 31]     # REV: default main

The nnlib of REV is unpacked (git archive) into a temporary folder as the package
``nnlib_ref`` and imported beside the working tree's nnlib. Both train the answer's workload
(sincos n = 1000, [7, 10, 2], leaky ReLU 1e-4, U(0, 1) biases, summed cost, lr 1e-5, 2000
epochs, history on) in float64 and float32, in alternating order round by round; the costs
must be bit-identical, and the figure is the median over rounds of the ratio now / REV
(the machine is shared: a ratio within one round is what counts). A refactor that must not
slow training keeps it under 1.03.
"""
import argparse
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def reference(rev, folder):
    """Import REV's nnlib as ``nnlib_ref`` from ``folder``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "nnlib"], check=True,
                             capture_output=True).stdout
    with tempfile.TemporaryFile() as f:
        f.write(archive)
        f.seek(0)
        with tarfile.open(fileobj=f) as tar:
            tar.extractall(folder, filter="data")
    (Path(folder) / "nnlib").rename(Path(folder) / "nnlib_ref")
    sys.path.insert(0, str(folder))
    import nnlib_ref
    return nnlib_ref


def workload(lib, dtype):
    """A function that trains once with ``lib`` and returns (seconds, cost history)."""
    X, Y = lib.datasets.sincos(n=1000, seed=0)

    def once():
        net = lib.Network([7, 10, 2], activation="leaky_relu", leak=1e-4,
                          bias_init=("uniform", 0.0, 1.0), seed=0)
        start = time.perf_counter()
        hist = lib.train(net, X, Y, lr=1e-5, epochs=2000, reduction="sum", dtype=dtype)
        return time.perf_counter() - start, hist.cost
    return once


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rev", nargs="?", default="main")
    ap.add_argument("--rounds", type=int, default=31)
    args = ap.parse_args(argv)
    import nnlib
    with tempfile.TemporaryDirectory() as tmp:
        ref = reference(args.rev, tmp)
        print(f"nnlib.train now / at {args.rev}, answer's workload, {args.rounds} paired rounds")
        for dtype in ("float64", "float32"):
            before, now = workload(ref, dtype), workload(nnlib, dtype)
            ratios = []
            for r in range(args.rounds):
                first, second = (before, now) if r % 2 else (now, before)
                runs = {first: first(), second: second()}
                (tb, cb), (tn, cn) = runs[before], runs[now]
                if not np.array_equal(cb, cn, equal_nan=True):
                    raise SystemExit(f"{dtype}: the cost histories differ from {args.rev}'s")
                ratios.append(tn / tb)
            print(f"  {dtype}: median ratio {statistics.median(ratios):.3f} "
                  f"(rounds {min(ratios):.2f}-{max(ratios):.2f}); costs bit-identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
