"""Does a learner's kernel creep upward over thousands of changes? (the app's memory, in-process)

    .venv/bin/python benchmarks/kernel_creep.py [--changes 5000] [--write]

A class keeps one kernel per learner for an hour or more, so a few hundred kilobytes left
behind per change add up. This drives the playground as the app does (the real Playground,
its worker thread, figure and canvas, without a browser) through --changes setting changes,
cycling the lr slider, the leak, the seed and the hidden box (a bad size now and then), each
waited for until the explorer is idle; short runs (epochs 60) so that the changes, not the
training, dominate. Twenty times over the changes it samples the process's RSS (psutil). It prints the
lowest RSS of each fifth of the changes (the floor a leak would raise; the peaks follow
whatever run is on screen), and the slope of a line through the samples, in MB per 1,000
changes. --write stores them in benchmarks/kernel_creep.json.
"""
import argparse
import json
import sys
from pathlib import Path

import numpy as np
import psutil

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "kernel_creep.json"
MOVES = [("lr", v) for v in (1e-4, 3e-4, 1e-3, 3e-5)] + [("leak", v) for v in (0.0, 0.01, 0.1)] + \
        [("seed", v) for v in (0, 1, 2)] + [("hidden", v) for v in ("10", "6, 6", "1_0", "4")]


def drive(changes, every):
    """[(changes made, RSS MB)] sampled every ``every`` changes."""
    from nnlib.live import widgets
    p = widgets.Playground(epochs=60, n=300)
    proc, samples = psutil.Process(), []
    try:
        p.wait(60)
        for i in range(changes):
            name, value = MOVES[i % len(MOVES)]
            p.controls[name].value = value
            if not p.wait(60):
                raise RuntimeError(f"change {i} ({name}={value!r}) did not settle in 60 s")
            if (i + 1) % every == 0:
                samples.append((i + 1, proc.memory_info().rss / 1e6))
    finally:
        p.close()
    return samples


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--changes", type=int, default=5000)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)
    samples = drive(args.changes, every=max(1, args.changes // 20))
    x, rss = np.array(samples).T
    fifths = [float(part.min()) for part in np.array_split(rss, 5)]
    slope = float(np.polyfit(x / 1000, rss, 1)[0])
    print(f"{args.changes} changes; lowest RSS per fifth (MB): {', '.join(f'{f:.1f}' for f in fifths)}")
    print(f"slope of RSS over the changes: {slope:+.2f} MB per 1,000 changes "
          f"(first sample {rss[0]:.1f} MB, last {rss[-1]:.1f} MB)")
    if args.write:
        OUT.write_text(json.dumps({"changes": args.changes, "lowest_rss_mb_per_fifth": fifths,
                                   "slope_mb_per_1000": slope, "samples": samples}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
