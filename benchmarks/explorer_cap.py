"""How long does a capped explorer run take? The explorer holds samples x epochs x weights
(biases included) under nnlib.live.liverun.WORK_CAP; this times the capped run, float32, for
the smallest net ([7, 2]), the answer's ([7, 10, 2]) and the largest the controls allow
([7, 64, 64, 64, 2]), on the most data (N = 100,000) and on N = 10,000, and the default run
(not capped) for scale. The cases are timed interleaved (the machine is shared and noisy);
medians are printed, with the load average, so a loaded run can be told from a quiet one;
--write stores them in benchmarks/explorer_cap.json (nnlib/live/liverun.py's caps cite it).

    python benchmarks/explorer_cap.py [--repeats 7] [--write]
"""
import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

from nnlib.live import liverun

OUT = Path(__file__).with_name("explorer_cap.json")

CASES = [("default (not capped)", dict()),
         ("[7, 2], N 100,000", dict(hidden=(), n=100_000, epochs=10_000)),
         ("[7, 10, 2], N 100,000", dict(n=100_000, epochs=10_000)),
         ("[7, 10, 2], N 10,000", dict(n=10_000, epochs=10_000)),
         ("[7, 64, 64, 64, 2], N 100,000", dict(hidden=(64, 64, 64), n=100_000, epochs=10_000)),
         ("[7, 64, 64, 64, 2], N 10,000", dict(hidden=(64, 64, 64), n=10_000, epochs=10_000))]


def main(repeats, write=False):
    settings = [(name, liverun.with_controls(liverun.DEFAULT, c)) for name, c in CASES]
    for _, s in settings:
        liverun.trained(s).replace(epochs=1).run()  # the data set made and cached, as in the explorer
    times = {name: [] for name, _ in settings}
    for _ in range(repeats):
        for name, s in settings:
            t0 = time.perf_counter()
            liverun.trained(s).run()
            times[name].append(time.perf_counter() - t0)
    load = os.getloadavg()[0]
    print(f"WORK_CAP = {liverun.WORK_CAP:,} samples x epochs x weights; load average "
          f"{load:.2f} on {os.cpu_count()} cores; median of {repeats}")
    rows = {}
    for name, s in settings:
        epochs = liverun.capped_epochs(s)[0]
        work = s.n * epochs * liverun.n_params(s.sizes)
        ms = statistics.median(times[name]) * 1000
        rows[name] = dict(epochs=epochs, work=work, median_ms=round(ms, 1))
        print(f"{name:32s} {epochs:6,} epochs  work {work / 1e9:5.2f}e9  {ms:7.1f} ms")
    if write:
        OUT.write_text(json.dumps(dict(
            measured=time.strftime("%Y-%m-%d"), command=".venv/bin/python benchmarks/explorer_cap.py --write",
            machine=f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}, "
                    f"Python {platform.python_version()}",
            load_average=round(load, 2), repeats=repeats, work_cap=liverun.WORK_CAP, runs=rows), indent=2) + "\n",
            encoding="utf-8")
        print(f"wrote {OUT}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--write", action="store_true", help=f"store the medians in {OUT.name}")
    args = ap.parse_args()
    main(args.repeats, args.write)
