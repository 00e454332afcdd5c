"""How long does a capped explorer run take? The explorer holds samples x epochs x weights
(biases included) under nnlib.live.liverun.WORK_CAP; this times the capped run, float32, for
the smallest net ([7, 2]), the answer's ([7, 10, 2]) and the largest the controls allow
([7, 64, 64, 64, 2]), on the most data (N = 100,000) and on N = 10,000, and the default run
(not capped) for scale. The cases are timed interleaved (the machine is shared and noisy);
medians are printed, with the load average, so a loaded run can be told from a quiet one.

    python benchmarks/explorer_cap.py [--repeats 7]
"""
import argparse
import os
import statistics
import time

from nnlib.live import liverun

CASES = [("default (not capped)", dict()),
         ("[7, 2], N 100,000", dict(hidden=(), n=100_000, epochs=10_000)),
         ("[7, 10, 2], N 100,000", dict(n=100_000, epochs=10_000)),
         ("[7, 10, 2], N 10,000", dict(n=10_000, epochs=10_000)),
         ("[7, 64, 64, 64, 2], N 100,000", dict(hidden=(64, 64, 64), n=100_000, epochs=10_000)),
         ("[7, 64, 64, 64, 2], N 10,000", dict(hidden=(64, 64, 64), n=10_000, epochs=10_000))]


def main(repeats):
    settings = [(name, liverun.with_controls(liverun.DEFAULT, c)) for name, c in CASES]
    for _, s in settings:
        liverun.trained(s).replace(epochs=1).run()  # the data set made and cached, as in the explorer
    times = {name: [] for name, _ in settings}
    for _ in range(repeats):
        for name, s in settings:
            t0 = time.perf_counter()
            liverun.trained(s).run()
            times[name].append(time.perf_counter() - t0)
    print(f"WORK_CAP = {liverun.WORK_CAP:,} samples x epochs x weights; load average "
          f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; median of {repeats}")
    for name, s in settings:
        epochs = liverun.capped_epochs(s)[0]
        work = s.n * epochs * liverun.n_params(s.sizes)
        print(f"{name:32s} {epochs:6,} epochs  work {work / 1e9:5.2f}e9  "
              f"{statistics.median(times[name]) * 1000:7.1f} ms")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeats", type=int, default=7)
    main(ap.parse_args().repeats)
