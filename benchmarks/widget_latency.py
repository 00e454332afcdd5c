"""Key press on a playground slider to redrawn plot, in headless Chromium against JupyterLab.

    .venv/bin/python benchmarks/widget_latency.py [--presses 15] [--control lr] [--kernel-only]

Opens notebooks/07_playground (the default playground: sincos N = 1000, [7, 10, 2],
2000 epochs), runs it, then presses the arrow keys on one slider, alternating right and
left so every press is the same kind of work, and waits for the plot to settle after each.
For every press it records, on one clock (the browser's wall clock; the kernel stamps its
steps with time.time() on the same machine):
  key       the keydown event in the page
  request   the kernel's callback saw the new value (browser -> server -> kernel)
  preview   the preview (first epochs) was drawn and sent
  final     the full run was drawn and sent
  diagnosed the diagnosis text was ready (it follows the final frame)
  paint1    the browser drew the first new image on the canvas
  paintN    the browser drew the last one
and prints the median and spread of key -> paint1 (the plot answers) and key -> paintN
(the plot is final), plus where the time goes. Target: key -> redrawn plot <= 100 ms.
"""
import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["NNLIB_DEBUG"] = "1"  # the explorer's timing stamps, here and in the kernels started below
from tests.browser import harness  # noqa: E402

STATE = """b => {
    const s = b.querySelector('.nnlib-state');
    if (!s) return null;
    const wall = performance.timeOrigin;   // page time = wall ms - timeOrigin
    const out = {seq: +s.dataset.seq};
    for (const k of ['request', 'start', 'previewed', 'preview', 'trained', 'final', 'diagnosed'])
        if (s.dataset['t' + k[0].toUpperCase() + k.slice(1)]) out[k] = +s.dataset['t' + k[0].toUpperCase() + k.slice(1)] - wall;
    return out;
}"""


def spread(values):
    v = sorted(values)
    q = statistics.quantiles(v, n=4) if len(v) >= 2 else [v[0]] * 3
    return f"median {statistics.median(v):6.1f} ms  (min {v[0]:.1f}, IQR {q[0]:.1f}-{q[2]:.1f}, max {v[-1]:.1f})"


def measure(box, control, presses):
    page = box.page
    rows = []
    handle = box.locator(f".nnlib-ctl-{control} .noUi-handle")
    handle.focus()
    for i in range(presses):
        seq, _ = harness.explorer_state(box)
        n_keys = page.evaluate("window.__keys.length")
        n_draws = page.evaluate("window.__draws.length")
        handle.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
        harness.wait_explorer(box, seq + 1, quiet=0.3)
        key = page.evaluate(f"window.__keys[{n_keys}]")
        draws = page.evaluate(f"window.__draws.slice({n_draws})")
        st = box.evaluate(STATE)
        if not draws:
            print(f"press {i}: no redraw seen", file=sys.stderr)
            continue
        rows.append(dict(key=key, paint1=draws[0], paintN=draws[-1], n_draws=len(draws), **st))
    return rows


def report(rows, label):
    print(f"\n{label}: {len(rows)} presses")
    print(f"  key -> first redraw  (plot answers): {spread([r['paint1'] - r['key'] for r in rows])}")
    print(f"  key -> last redraw   (plot final)  : {spread([r['paintN'] - r['key'] for r in rows])}")
    parts = [("browser -> kernel callback", "key", "request"),
             ("kernel: wait for worker", "request", "start"),
             ("kernel: preview training", "start", "previewed"),
             ("kernel: preview draw + send", "previewed", "preview"),
             ("preview sent -> browser painted", "preview", "paint1"),
             ("kernel: rest of the training", "preview", "trained"),
             ("kernel: final draw + send", "trained", "final"),
             ("final sent -> browser painted", "final", "paintN"),
             ("kernel: diagnosis (after the frame)", "final", "diagnosed")]
    print("  where the time goes (medians):")
    for name, a, b in parts:
        vals = [r[b] - r[a] for r in rows if a in r and b in r]
        if vals:
            print(f"    {name:34s} {statistics.median(vals):6.1f} ms")


KERNEL_ONLY = r"""
import json, time
from nnlib.live import widgets
p = widgets.playground(); p.wait()
p.fig.figure.canvas.syncing_data_url = False   # as after a browser view attached: frames are sent
for i in range(%d):
    w = p.controls[%r]
    if hasattr(w, "options"):
        opts = [o[1] if isinstance(o, tuple) else o for o in w.options]
        k = opts.index(w.value); w.value = opts[k + 1 if i %% 2 == 0 else k - 1]
    else:
        w.value = w.value * 10 ** (0.25 if i %% 2 == 0 else -0.25)
    p.wait()
print(json.dumps(p.timings[-%d:]))
"""


def kernel_only(control, presses):
    """The same moves made from inside a kernel, no browser: the kernel's own share."""
    import json

    from jupyter_client.manager import start_new_kernel
    km, kc = start_new_kernel(kernel_name="python3")
    try:
        kc.execute(KERNEL_ONLY % (presses + 4, control, presses))
        out = ""
        while True:
            msg = kc.get_iopub_msg(timeout=120)
            if msg["msg_type"] == "stream":
                out += msg["content"]["text"]
            elif msg["msg_type"] == "error":
                raise RuntimeError("\n".join(msg["content"]["traceback"]))
            elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    rows = json.loads(out.strip().splitlines()[-1])
    print(f"\nsame moves inside a kernel, no browser ({len(rows)} moves):")
    for name, a, b in [("preview training", "start", "previewed"), ("preview draw + send", "previewed", "preview"),
                       ("rest of the training", "preview", "trained"), ("final draw + send", "trained", "final"),
                       ("diagnosis (after the frame)", "final", "diagnosed"),
                       ("request -> final frame sent", "request", "final")]:
        print(f"    {name:34s} {statistics.median([(r[b] - r[a]) * 1000 for r in rows]):6.1f} ms")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--presses", type=int, default=15)
    ap.add_argument("--control", default="lr")
    ap.add_argument("--kernel-only", action="store_true",
                    help="only the same moves made inside a kernel (no JupyterLab, no browser)")
    args = ap.parse_args(argv)
    if args.presses < 10:
        ap.error("use at least 10 presses")
    if args.kernel_only:
        kernel_only(args.control, args.presses)
        return 0
    missing = harness.missing_browser()
    if missing:
        print(f"widget latency benchmark skipped: {missing}")
        return 0
    with tempfile.TemporaryDirectory() as tmp, harness.Lab(tmp) as lab, harness.launch_browser() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        errors = harness.watch_console(page)
        harness.open_notebook(page, lab, "07_playground.ipynb")
        bad = harness.run_all(page)
        if bad:
            raise SystemExit(f"notebook cells raised: {bad}")
        box = harness.explorer(page)
        box.scroll_into_view_if_needed()
        harness.wait_explorer(box, 1)
        measure(box, args.control, 4)  # warm-up (caches, first images); an even count ends where it began
        rows = measure(box, args.control, args.presses)
        print("canvas messages from the browser:", box.evaluate(
            "b => b.querySelector('.nnlib-state').dataset.canvas"))
        report(rows, f"default playground, '{args.control}' slider, headless Chromium + JupyterLab")
        if errors:
            print(f"\nbrowser console errors: {errors}")
    kernel_only(args.control, args.presses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
