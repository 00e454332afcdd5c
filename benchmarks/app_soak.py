"""The Voila app (`make app`) held for minutes by one learner in Chromium, as a class would hold it.

    .venv/bin/python benchmarks/app_soak.py [--seconds 300] [--write]

It starts Voila as `make app` does (app/voila.py; 127.0.0.1, a token) with idle kernels
culled after --cull-idle seconds (checked every --cull-interval; the app's own values are
minutes, too long to wait for here), opens the app in Chromium with every request to another
host refused and counted, and for --seconds (default five minutes, as the issue asked):
  - moves a random slider one step with an arrow key (most actions), types into the hidden
    box (good sizes and bad ones: "1_0", "ten", 5,000 digits), clicks "Try the fix" when it
    is enabled, or drags a handle for two seconds;
  - reloads the page five times, evenly spread; the first reload opens the largest setting
    (hidden 64, 64, 64 at N = 100,000), whose kernel peak is read;
  - after each action waits until the explorer says it drew the newest request and is idle,
    and records that key-to-idle time (a drag's from its release);
  - samples the server's and the kernels' RSS (psutil; each kernel's peak from VmHWM).
Then it closes the tab (with the page's shutdown) and counts the kernels still running
after the cull interval. It prints every figure; --write stores them in
benchmarks/app_soak.json, which the teacher's page quotes.
"""
import argparse
import datetime
import json
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.browser import harness  # noqa: E402

OUT = ROOT / "benchmarks" / "app_soak.json"
SLIDERS = ("lr", "leak", "bias_init", "n", "epochs", "seed")
HIDDEN = ("10", "10, 10", "64, 64, 64", "4", "none", "1_0", "ten", "9" * 5000)
LARGEST = "?hidden=64,64,64&n=100000&epochs=10000"
LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")


def kernel_peaks(server, seen):
    """Update seen {pid: peak RSS MB (VmHWM)} with the server's kernels; returns their RSS now."""
    now = []
    for child in psutil.Process(server.proc.pid).children(recursive=True):
        try:
            now.append(child.memory_info().rss / 1e6)
            with open(f"/proc/{child.pid}/status") as f:
                hwm = next(int(ln.split()[1]) for ln in f if ln.startswith("VmHWM"))
            seen[child.pid] = max(seen.get(child.pid, 0), hwm / 1024 * 1.048576)
        except (psutil.NoSuchProcess, FileNotFoundError, StopIteration):
            pass
    return now


def open_app(page, app, query=""):
    page.goto(app.url(query), timeout=180_000)
    box = harness.explorer(page)
    box.wait_for(timeout=180_000)
    box.scroll_into_view_if_needed()
    harness.wait_explorer(box, 1, timeout=180)
    return box


def act(box, rng):
    """One learner action; returns its name."""
    r = rng.random()
    if r < 0.85:
        harness.move(box, rng.choice(SLIDERS))
        return "key"
    if r < 0.93:
        text = box.locator(".nnlib-ctl-hidden input")
        text.fill(rng.choice(HIDDEN))
        text.press("Enter")
        return "hidden"
    if r < 0.98:
        button = box.locator(".nnlib-try-fix")
        if button.is_enabled():
            button.click()
            return "fix"
        harness.move(box, rng.choice(SLIDERS))
        return "key"
    harness.drag(box, rng.choice(("lr", "seed")), 2.0, sign=rng.choice((1, -1)))
    return "drag"


def soak(app, browser, seconds, seed=0):
    rng = random.Random(seed)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.console_errors = harness.watch_console(page)
    elsewhere = []
    page.on("request", lambda r: None if r.url.startswith(LOCAL) else elsewhere.append(r.url))
    harness.block_external(page)
    box = open_app(page, app)
    kids, peaks, samples, latencies, counts, slowest = [harness.kernel_id(page)], {}, [], [], {}, {}
    reloads = [seconds * (k + 1) / 6 for k in range(5)]
    start = time.monotonic()
    while (elapsed := time.monotonic() - start) < seconds:
        if reloads and elapsed >= reloads[0]:
            box = open_app(page, app, LARGEST if len(reloads) == 5 else "")
            reloads.pop(0)
            kids.append(harness.kernel_id(page))
            counts["reload"] = counts.get("reload", 0) + 1
        seq = harness.explorer_state(box)[0]
        t = time.monotonic()
        kind = act(box, rng)
        if kind == "drag":
            t = time.monotonic()  # a drag is timed from its release (it lasts two seconds)
        try:
            harness.wait_explorer(box, seq + 1, timeout=60, quiet=0)
            latencies.append(time.monotonic() - t)
            slowest[kind] = max(slowest.get(kind, 0.0), latencies[-1])
        except TimeoutError:  # a move the browser did not send (a value it holds already)
            pass
        counts[kind] = counts.get(kind, 0) + 1
        server_mb, kernels_mb = harness.server_memory(app)
        kernel_peaks(app, peaks)
        samples.append((round(time.monotonic() - start, 1), round(server_mb, 1), round(sum(kernels_mb), 1),
                        len(kernels_mb), round(harness.login_seconds(app), 3)))
    errors = list(page.console_errors)
    page.close(run_before_unload=True)
    context.close()
    return dict(kids=kids, peaks=peaks, samples=samples, latencies=latencies, counts=counts,
                errors=errors, elsewhere=elsewhere, slowest=slowest)


def left_after_cull(app, kids, wait_s):
    """Kernels still running wait_s seconds after the tab closed (all of them, and of kids)."""
    time.sleep(wait_s)
    alive = [k for k in kids if harness.kernel_alive(app, k)]
    return len(harness.server_memory(app)[1]), alive


def summary(r, cull_idle, cull_interval, left, alive):
    lat = sorted(r["latencies"])
    pct = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]  # noqa: E731
    s = r["samples"]
    third = max(1, len(s) // 3)
    return {
        "actions": r["counts"], "key_to_idle_s": {"p50": round(statistics.median(lat), 2),
                                                  "p95": round(pct(0.95), 2), "max": round(lat[-1], 2),
                                                  "n": len(lat)},
        "key_to_idle_max_by_action_s": {k: round(v, 2) for k, v in r["slowest"].items()},
        "server_rss_mb": {"start": s[0][1], "max": max(x[1] for x in s), "end": s[-1][1]},
        "kernels_rss_mb": {"start": s[0][2], "max": max(x[2] for x in s), "end": s[-1][2]},
        # the lowest total of the first and of the last third of the samples: creep shows there
        "kernels_rss_low_mb": {"first_third": min(x[2] for x in s[:third]),
                               "last_third": min(x[2] for x in s[-third:])},
        "kernel_peak_rss_mb": round(max(r["peaks"].values()), 1),
        "kernels_at_once_max": max(x[3] for x in s),
        "login_s_max": max(x[4] for x in s),
        "cull_idle_s": cull_idle, "cull_interval_s": cull_interval,
        "kernels_left_after_cull": left, "page_kernels_alive_after_cull": len(alive),
        "console_errors": len(r["errors"]), "requests_to_other_hosts": len(r["elsewhere"]),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=300.0)
    ap.add_argument("--cull-idle", type=int, default=20)
    ap.add_argument("--cull-interval", type=int, default=5)
    ap.add_argument("--write", action="store_true", help=f"store the figures in {OUT.relative_to(ROOT)}")
    args = ap.parse_args()
    options = [f"--MappingKernelManager.cull_idle_timeout={args.cull_idle}",
               f"--MappingKernelManager.cull_interval={args.cull_interval}"]
    with tempfile.TemporaryDirectory() as tmp, harness.Voila(Path(tmp), "07_playground.ipynb",
                                                              options=options) as app, \
            harness.launch_browser() as browser:
        r = soak(app, browser, args.seconds)
        left, alive = left_after_cull(app, r["kids"], args.cull_idle + 2 * args.cull_interval)
    result = summary(r, args.cull_idle, args.cull_interval, left, alive)
    for t, server, kernels, n, login in r["samples"][:: max(1, len(r["samples"]) // 12)]:
        print(f"  t={t:6.1f} s  server {server:6.1f} MB  kernels {kernels:6.1f} MB ({n})  /login {login:.3f} s")
    for e in r["errors"][:5]:
        print("  console error:", e[:200])
    for u in r["elsewhere"][:5]:
        print("  request to another host:", u[:200])
    print(json.dumps(result, indent=1))
    if args.write:
        result = {"measured": datetime.date.today().isoformat(),
                  "command": f".venv/bin/python benchmarks/app_soak.py --seconds {args.seconds:g} --write",
                  "machine": f"{psutil.cpu_count()} cores, {psutil.virtual_memory().total / 1024 ** 3:.0f} GiB, "
                             f"{platform.system()} {platform.machine()}, Python {platform.python_version()}",
                  "seconds": args.seconds, **result}
        OUT.write_text(json.dumps(result, indent=1) + "\n")
        print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
