"""How long does the fix ladder take, and what does it find?

Every step of nnlib.ladder (original -> mean cost -> ... -> deeper net, and the answer's
rewrite) for 20 weight seeds, 2000 epochs each on sincos n = 1000: 180 runs.
Target: under 30 s on 2 cores. Prints the success table (success as nnlib.ladder.success
defines it).

    python benchmarks/fix_ladder.py [--seeds 20] [--processes 2]
"""
import argparse
import os
import time

import nnlib


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seeds", type=int, default=20)
    p.add_argument("--processes", type=int, default=None, help="default: choose (both cores)")
    args = p.parse_args()
    start = time.perf_counter()
    res = nnlib.ladder.run(seeds=range(args.seeds), processes=args.processes)
    seconds = time.perf_counter() - start
    print(f"fix ladder: {len(res.steps)} steps x {args.seeds} seeds x {nnlib.ladder.EPOCHS} epochs, "
          f"{seconds:.2f} s on {res.processes} process(es) ({os.cpu_count()} cores; target < 30 s)")
    print(res.report())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
