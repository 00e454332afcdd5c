"""Does a learner's kernel creep upward over thousands of changes? (the app's memory, in-process)

    .venv/bin/python benchmarks/kernel_creep.py [--changes 5000] [--write]

A class keeps one kernel per learner for an hour or more, so a few hundred kilobytes left
behind per change add up. This drives the playground as the app does (the real Playground,
its worker thread, figure and canvas, without a browser) through --changes setting changes,
cycling the lr slider, the leak, the seed and the hidden box (a bad size now and then), each
waited for until the explorer is idle; short runs (epochs 60) so that the changes, not the
training, dominate. Twenty times over the changes it samples the process's RSS (psutil) and
the Python objects alive (sys.getallocatedblocks, free to read). It prints the lowest RSS of
each fifth of the changes (the floor a leak would raise; the peaks follow whatever run is on
screen), the slope of a line through the samples and through the later half alone, in MB
per 1,000 changes, and the objects alive at the first and last sample (a leak of Python
objects raises them). --write stores them in benchmarks/kernel_creep.json.

What it found (issue "The app holds a class", its memory item): tracemalloc between fifths
(5 frames) shows no growth of Python's heap, NumPy's arrays included; the playground with
its figure updates switched off stays flat (92.2 -> 92.5 MB over 5,000 changes), and the
worker alone (training and diagnosis, no drawing, no widgets) too (80.0 -> 80.3 MB). The rise
is native memory under matplotlib's drawing (Agg, FreeType, the allocator), and it levels off
after about 2,000 changes: run --changes 10000 to see the plateau. A fixed glibc mmap
threshold (MALLOC_MMAP_THRESHOLD_) did not change it.
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
    """[(changes made, RSS MB, Python objects alive)] sampled every ``every`` changes."""
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
                samples.append((i + 1, proc.memory_info().rss / 1e6, sys.getallocatedblocks()))
    finally:
        p.close()
    return samples


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--changes", type=int, default=5000)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)
    samples = drive(args.changes, every=max(1, args.changes // 20))
    x, rss, blocks = np.array(samples).T
    fifths = [float(part.min()) for part in np.array_split(rss, 5)]
    slope = float(np.polyfit(x / 1000, rss, 1)[0])
    half = len(x) // 2
    later = float(np.polyfit(x[half:] / 1000, rss[half:], 1)[0])
    print(f"{args.changes} changes; lowest RSS per fifth (MB): {', '.join(f'{f:.1f}' for f in fifths)}")
    print(f"slope of RSS over the changes: {slope:+.2f} MB per 1,000 changes, over the later half "
          f"{later:+.2f} (first sample {rss[0]:.1f} MB, last {rss[-1]:.1f} MB)")
    print(f"Python objects alive: {int(blocks[0]):,} at the first sample, {int(blocks[-1]):,} at the last")
    if args.write:
        OUT.write_text(json.dumps({"changes": args.changes, "lowest_rss_mb_per_fifth": fifths,
                                   "slope_mb_per_1000": slope, "later_half_slope_mb_per_1000": later,
                                   "python_blocks_first_last": [int(blocks[0]), int(blocks[-1])],
                                   "samples": samples}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
