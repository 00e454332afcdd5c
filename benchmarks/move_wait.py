"""How long can a move wait for the step the playground is in? (the largest net, every N)

    .venv/bin/python benchmarks/move_wait.py [--delays 8] [--write]

The playground's worker finishes the step it is in before it takes a newer move: training a
preview or a whole run, drawing, the diagnosis, or one Hessian-vector product of the lambda_max
estimate (which is measured in slices and stopped by a newer move). The target: no step holds
a move up for more than 1 s, on the largest net the controls allow ([7, 64, 64, 64, 2]) at
every N the slider offers.

For each N it moves the seed (a new network: lambda_max is not known yet, so every step
comes), waits a delay, and moves lr; the wait is the time from that lr move to the moment
the worker starts it (the debug probe's stamps; the step the worker was in follows the last
stamp of the seed move: "start", training; "trained", drawing; "final", lambda_max or the
diagnosis; "diagnosed", lambda_max measured later). The delays run from 20 ms to 2 s on a
log scale, so the move lands in each step in turn. It prints the longest wait per N, and
with --write stores them in benchmarks/move_wait.json.
"""
import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

os.environ["NNLIB_DEBUG"] = "1"  # the probe's stamps (read when nnlib.live is imported)
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "move_wait.json"
LARGEST = (64, 64, 64)
TARGET_S = 1.0


def waits(p, n, delays, seed0):
    """[(delay, seconds the lr move waited, the seed move's last step done when the lr move
    came)] for N = n, each trial with a new seed."""
    p.controls["n"].value = n
    assert p.wait(120), "the playground did not settle"
    found = []
    for k, delay in enumerate(delays):
        p.controls["seed"].value = (seed0 + k) % 20
        time.sleep(delay)
        step = max(p.probe.stamps.items(), key=lambda kv: kv[1] if kv[0] != "seq" else 0)[0]
        p.controls["lr"].value = p.controls["lr"].value * (10 ** 0.25 if k % 2 == 0 else 10 ** -0.25)
        assert p.wait(120), "the playground did not settle"
        last = p.probe.timings[-1]
        found.append((delay, last["start"] - last["request"], step))
    return found


def main(argv=None):
    from nnlib.live import liverun, widgets
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--delays", type=int, default=8, help="moves per N (delays from 20 ms to 2 s)")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)
    delays = list(np.geomspace(0.02, 2.0, args.delays))
    p = widgets.Playground(controls=("n", "seed", "lr"), panels=("cost", "dead", "stability", "fit", "gradients"),
                           hidden=LARGEST, lr=1e-5)
    result = {"net": [liverun.N_IN, *LARGEST, liverun.N_OUT], "target_s": TARGET_S, "load_1min": os.getloadavg()[0],
              "longest_wait_s": {}}
    try:
        for i, n in enumerate(liverun.NS):
            w = waits(p, n, delays, seed0=i * args.delays)
            delay, worst, step = max(w, key=lambda t: t[1])
            result["longest_wait_s"][n] = round(worst, 3)
            print(f"N = {n:>7,}: longest wait {worst:.2f} s (moved {delay:.2f} s after the seed, its last "
                  f"step done: {step}; median {np.median([t[1] for t in w]):.2f} s over {len(w)} moves)", flush=True)
    finally:
        p.close()
    worst = max(result["longest_wait_s"].values())
    print(f"longest wait at any N: {worst:.2f} s (target: at most {TARGET_S:g} s; load {result['load_1min']:.1f})")
    if args.write:
        OUT.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
