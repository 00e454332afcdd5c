"""Key press on a playground slider to redrawn plot, in headless Chromium against JupyterLab.

    .venv/bin/python benchmarks/widget_latency.py [--presses 15] [--control lr] [--kernel-only] [--write]

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
(the plot is final), plus where the time goes. Targets (median of >= 15 presses): the
first change within 60 ms, the last frame of the full 2000-epoch run within 100 ms.

Then it drags the slider's handle with the mouse for --drag seconds (default 2; 0 skips),
smoothly (a move every ~30 ms), and reports the complete frames per second: frames of a
whole run (not a preview) the kernel drew and sent while the handle moved (its DEBUG frame
log), and the canvas paints the browser made meanwhile. Target: at least 8 a second. After
the release it checks that the plot ends on the released position's run and diagnosis.

    --ab preview     the same presses in alternating blocks with and without the change
                     named (VARIANTS), so both medians come from one run, paired in time
    --write          store the figures in benchmarks/widget_latency.json: each part this run
                     measured (presses, or ab_NAME; drag; kernel_only) replaces its own
                     section, with its date, load and command; the other sections stay

Last, inside a kernel with no browser, the same moves and a drag, and the PNG encoding of one
of the playground's frames: livecanvas.png against PIL's encoder, interleaved in one process.
"""
import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "widget_latency.json"
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


def summary(values):
    """Median, min, interquartile range and max of ms values (rounded to 0.1 ms)."""
    v = sorted(values)
    q = statistics.quantiles(v, n=4) if len(v) >= 2 else [v[0]] * 3
    return {"median": round(statistics.median(v), 1), "min": round(v[0], 1),
            "iqr": [round(q[0], 1), round(q[2], 1)], "max": round(v[-1], 1), "n": len(v)}


def spread(s):
    return f"median {s['median']:6.1f} ms  (min {s['min']:.1f}, IQR {s['iqr'][0]:.1f}-{s['iqr'][1]:.1f}, max {s['max']:.1f})"


# What --ab compares: a name, the kernel code that turns the old way on, and the code that
# turns it off again (the explorer reads these module settings on every request).
VARIANTS = {
    "preview": ("from nnlib.live import liverun\n"
                "liverun.saved_full_at_once = getattr(liverun, 'saved_full_at_once', liverun.FULL_AT_ONCE_WORK)\n"
                "liverun.FULL_AT_ONCE_WORK = 0",
                "from nnlib.live import liverun\n"   # the first block runs this before the old way was ever on
                "liverun.FULL_AT_ONCE_WORK = getattr(liverun, 'saved_full_at_once', liverun.FULL_AT_ONCE_WORK)"),
    "pil_png": ("import io; from PIL import Image; from nnlib.live import livecanvas as c\n"
                "c.fast_png = getattr(c, 'fast_png', c.png)\n"
                "def pil(rgb, b=None):\n"
                "    b = io.BytesIO(); Image.fromarray(rgb).save(b, format='png', compress_level=1)\n"
                "    return b.getvalue()\n"
                "c.png = pil",
                "from nnlib.live import livecanvas as c; c.png = getattr(c, 'fast_png', c.png)"),
}


def kernel_exec(page, code):
    """Run code in the notebook's kernel (silently) and wait for it."""
    status = page.evaluate("""async (code) => {
        const k = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
        const r = await k.requestExecute({code, silent: true, store_history: false}).done;
        return r.content.status;
    }""", code)
    if status != "ok":
        raise RuntimeError(f"kernel code failed ({status}): {code}")


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


def measure_ab(box, control, presses, variant, block=4):
    """Presses in alternating blocks: the current code, then the old way (VARIANTS[variant])."""
    on, off = VARIANTS[variant]
    rows = {"now": [], variant: []}
    while min(len(r) for r in rows.values()) < presses:
        for name, code in (("now", off), (variant, on)):
            kernel_exec(box.page, code)
            rows[name] += measure(box, control, block)
    kernel_exec(box.page, off)
    return rows


def drag(box, control, seconds, sign=1):
    """Drag the handle smoothly for `seconds` (harness.drag); returns the drag's figures and
    whether it ended on the released position."""
    page = box.page
    seq0, _ = harness.explorer_state(box)
    n_draws = page.evaluate("window.__draws.length")
    start, end = harness.drag(box, control, seconds, sign)
    readout = box.locator(f".nnlib-ctl-{control} .widget-readout").inner_text()
    # the release is done when the kernel has drawn and diagnosed the position the slider shows
    for _ in range(100):
        harness.wait_explorer(box, seq0 + 1, quiet=0.3)
        if _same(harness.explorer_info(box)["drawn"][control], readout):
            break
    state = box.evaluate("""b => { const s = b.querySelector('.nnlib-state');
        return {frames: JSON.parse(s.dataset.frames), seq: +s.dataset.seq, diagnosed: +s.dataset.tDiagnosed,
                final: +s.dataset.tFinal}; }""")
    draws = page.evaluate(f"window.__draws.slice({n_draws}).map(d => d + performance.timeOrigin)")
    frames = [f for f in state["frames"] if f[0] > seq0]
    during = [f for f in frames if start <= f[1] <= end]
    info = harness.explorer_info(box)
    last_full = [f for f in frames if f[2] == "full"][-1] if frames else None
    return dict(seconds=(end - start) / 1000, requests=state["seq"] - seq0,
                # distinct runs: a run is drawn again once lambda_max is known, which is no new frame
                full=len({f[0] for f in during if f[2] == "full"}), previews=sum(f[2] == "preview" for f in during),
                paints=sum(start <= d <= end for d in draws),
                release_to_final=(max(draws) - end) if draws else None,
                ends_on_release=bool(last_full and last_full[0] == state["seq"] and state["diagnosed"]),
                drawn=info["drawn"][control], readout=readout, kind=info["kind"])


def _same(drawn, readout):
    """Whether a drawn value is what the slider's readout shows (a number such as "1.0e-5",
    or an option's label such as "1,000")."""
    try:
        return abs(float(readout.replace(",", "")) / drawn - 1) < 0.06
    except (ValueError, TypeError, ZeroDivisionError):
        return str(drawn) == readout


def report_drag(runs, control):
    """Print the drag figures (several drags: medians); return them for --write."""
    print(f"\n{len(runs)} drag(s) of the '{control}' handle, about {runs[0]['seconds']:.1f} s each:")
    fps = [r["full"] / r["seconds"] for r in runs]
    fig = {"drags": len(runs), "seconds_each": round(statistics.median([r["seconds"] for r in runs]), 2),
           "complete_frames_per_s": {"median": round(statistics.median(fps), 1), "each": [round(v, 1) for v in fps]},
           "paints_per_s_median": round(statistics.median([r["paints"] / r["seconds"] for r in runs]), 1),
           "positions_per_drag_median": statistics.median([r["requests"] for r in runs]),
           "previews_while_dragging": sum(r["previews"] for r in runs),
           "release_to_final_paint_ms_median": round(statistics.median([r["release_to_final"] for r in runs])),
           "ends_on_release": [bool(r["ends_on_release"] and _same(r["drawn"], r["readout"])) for r in runs]}
    print(f"  complete frames per second (whole runs sent while dragging): "
          f"median {fig['complete_frames_per_s']['median']:.1f}  (each: {', '.join(f'{v:.1f}' for v in fps)})")
    print(f"  canvas paints per second while dragging: median {fig['paints_per_s_median']:.1f}")
    print(f"  positions the kernel received per drag: median {fig['positions_per_drag_median']}"
          f"; previews drawn while dragging: {fig['previews_while_dragging']}")
    print(f"  release -> the released position's frame painted: median {fig['release_to_final_paint_ms_median']} ms")
    for r, ok in zip(runs, fig["ends_on_release"]):
        print(f"  ends on the released position ({r['readout']}) with its diagnosis ({r['kind']}): "
              f"{'yes' if ok else 'NO: ' + str(r)}")
    return fig


def _training(r):
    """ms the kernel spent training for one press (the preview's, if any, and the whole run's)."""
    if "previewed" in r:
        return (r["previewed"] - r["start"]) + (r["trained"] - r["preview"])
    return r["trained"] - r["start"]


def report(rows, label):
    """Print the presses' figures; return them for --write."""
    fig = {"presses": len(rows),
           "key_to_first_paint_ms": summary([r["paint1"] - r["key"] for r in rows]),
           "key_to_last_paint_ms": summary([r["paintN"] - r["key"] for r in rows]),
           "key_to_last_paint_less_training_ms": summary([r["paintN"] - r["key"] - _training(r) for r in rows]),
           "where_the_time_goes_ms_median": {}}
    print(f"\n{label}: {len(rows)} presses")
    print(f"  key -> first redraw  (plot answers): {spread(fig['key_to_first_paint_ms'])}")
    print(f"  key -> last redraw   (plot final)  : {spread(fig['key_to_last_paint_ms'])}")
    # On a shared machine the training time swings by more than what a change to the drawing
    # saves: less the kernel's training (preview and whole run), the rest compares fairly.
    print(f"  the same, less the training        : {spread(fig['key_to_last_paint_less_training_ms'])}")
    parts = [("browser -> kernel callback", "key", "request"),
             ("kernel: wait for worker", "request", "start"),
             ("kernel: preview training", "start", "previewed"),
             ("kernel: preview draw + send", "previewed", "preview"),
             ("preview sent -> browser painted", "preview", "paint1"),
             ("kernel: rest of the training", "preview", "trained"),
             ("kernel: training, whole at once", "start", "trained"),
             ("kernel: final draw + send", "trained", "final"),
             ("final sent -> browser painted", "final", "paintN"),
             ("kernel: diagnosis (after the frame)", "final", "diagnosed")]
    print("  where the time goes (medians):")
    for name, a, b in parts:
        vals = [r[b] - r[a] for r in rows if a in r and b in r and (b != "trained" or a != "start" or "preview" not in r)]
        if vals:
            print(f"    {name:34s} {statistics.median(vals):6.1f} ms")
            fig["where_the_time_goes_ms_median"][name] = round(statistics.median(vals), 1)
    return fig


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
timings = p.probe.timings[-%d:]
# a drag: a new position every 30 ms for 2 s (a triangle over the options), then the release
w, opts = p.controls[%r], None
if hasattr(w, "options"):
    opts = [o[1] if isinstance(o, tuple) else o for o in w.options]
start, seq0, v0 = time.time(), p.worker.seq, w.value
while time.time() - start < 2.0:
    f = (time.time() - start) / 2.0
    up = f if f < 0.5 else 1 - f  # 0 -> 0.5 -> 0: out and back
    if opts:  # an options slider: 6 options out and back
        w.value = opts[(opts.index(v0) + round(12 * up)) %% len(opts)]
    else:  # lr: 1.5 decades out and back, a new value each time
        w.value = v0 * 10 ** (3 * up)
    time.sleep(0.03)
end = time.time()
p.wait()
full = {f[0] for f in p.probe.frames if f[0] > seq0 and f[2] == "full" and start <= f[1] <= end}  # runs, not redraws
# one of the playground's frames, PNG-encoded by livecanvas.png and by PIL (the encoder it
# replaced: adaptive filters, compress_level=1), interleaved so both share the machine's load
import io
import numpy as np
from PIL import Image
from nnlib.live import livecanvas
rgb = np.asarray(p.fig.figure.canvas.get_renderer().buffer_rgba())[..., :3].copy()
def pil(rgb):
    b = io.BytesIO(); Image.fromarray(rgb).save(b, format="png", compress_level=1)
    return b.getvalue()
enc = {"livecanvas.png": [], "PIL": []}
for _ in range(21):
    for name, f in (("livecanvas.png", livecanvas.png), ("PIL", pil)):
        t = time.perf_counter(); data = f(rgb); enc[name].append(time.perf_counter() - t)
png = dict(frame=list(rgb.shape[:2]), kb={"livecanvas.png": len(livecanvas.png(rgb)) / 1000, "PIL": len(pil(rgb)) / 1000},
           ms=enc)
print(json.dumps(dict(timings=timings, drag_fps=len(full) / (end - start), positions=p.worker.seq - seq0, png=png)))
"""


def kernel_only(control, presses):
    """The same moves made from inside a kernel, no browser: the kernel's own share."""
    import json

    from jupyter_client.manager import start_new_kernel
    km, kc = start_new_kernel(kernel_name="python3")
    try:
        kc.execute(KERNEL_ONLY % (presses + 4, control, presses, control))
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
    found = json.loads(out.strip().splitlines()[-1])
    rows = found["timings"]
    fig = {"moves": len(rows), "where_the_time_goes_ms_median": {}}
    print(f"\nsame moves inside a kernel, no browser ({len(rows)} moves):")
    for name, a, b in [("preview training", "start", "previewed"), ("preview draw + send", "previewed", "preview"),
                       ("rest of the training", "preview", "trained"), ("training, whole at once", "start", "trained"),
                       ("final draw + send", "trained", "final"),
                       ("diagnosis (after the frame)", "final", "diagnosed"),
                       ("request -> final frame sent", "request", "final")]:
        vals = [(r[b] - r[a]) * 1000 for r in rows if a in r and b in r and (b != "trained" or a != "start" or "preview" not in r)]
        if vals:
            print(f"    {name:34s} {statistics.median(vals):6.1f} ms")
            fig["where_the_time_goes_ms_median"][name] = round(statistics.median(vals), 1)
    print(f"    a 2 s drag (a position every 30 ms, {found['positions']} in all): "
          f"{found['drag_fps']:.1f} complete frames per second")
    fig.update(drag_2s_complete_frames_per_s=round(found["drag_fps"], 1), drag_2s_positions=found["positions"],
               png_encode=report_png(found["png"]))
    return fig


def report_png(png):
    """Print the PNG encoders' medians (ms, paired in one process); return them for --write."""
    h, w = png["frame"]
    fig = {"frame": f"{w} x {h}", "runs_each": len(png["ms"]["PIL"]),
           "ms_median": {k: round(1000 * statistics.median(v), 2) for k, v in png["ms"].items()},
           "kb": {k: round(v, 1) for k, v in png["kb"].items()}}
    fig["livecanvas_over_pil_median_of_pairs"] = round(statistics.median(
        [a / b for a, b in zip(png["ms"]["livecanvas.png"], png["ms"]["PIL"])]), 2)
    print(f"  PNG encoding of one {fig['frame']} frame, interleaved ({fig['runs_each']} each), medians: "
          + ", ".join(f"{k} {fig['ms_median'][k]:.1f} ms ({fig['kb'][k]:.0f} kB)" for k in fig["ms_median"])
          + f"; livecanvas.png / PIL per pair: {fig['livecanvas_over_pil_median_of_pairs']:.2f}")
    return fig


def write(sections, argv):
    """Store the sections this run measured in OUT, each with its date, load and command."""
    old = json.loads(OUT.read_text()) if OUT.exists() else {}
    found = old.get("sections", {}) if old.get("written_by") == "benchmarks/widget_latency.py --write" else {}
    stamp = {"measured": time.strftime("%Y-%m-%d", time.gmtime()), "load_1min": round(os.getloadavg()[0], 1),
             "cores": os.cpu_count(),
             "command": " ".join([".venv/bin/python benchmarks/widget_latency.py", *(argv or sys.argv[1:])])}
    found.update({name: {**stamp, **fig} for name, fig in sections.items()})
    OUT.write_text(json.dumps({
        "written_by": "benchmarks/widget_latency.py --write",
        "what": "the default playground (sincos N = 1000, [7, 10, 2], 2000 epochs, float32) in notebook 07: "
                "key press on a slider to redrawn plot in headless Chromium against JupyterLab (presses; "
                "ab_NAME: paired with an older way), a dragged handle (drag), and the same moves inside a "
                "kernel with no browser, with the PNG encoders paired (kernel_only)",
        "targets": {"key_to_first_paint_ms_median": 60, "key_to_last_paint_ms_median": 100,
                    "drag_complete_frames_per_s": 8},
        "sections": dict(sorted(found.items()))}, indent=1, ensure_ascii=False) + "\n")
    print(f"\nwrote {', '.join(sections)} to {OUT.relative_to(ROOT)}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--presses", type=int, default=15)
    ap.add_argument("--control", default="lr")
    ap.add_argument("--drag", type=float, default=2.0, help="seconds of each drag (0: no drag)")
    ap.add_argument("--drags", type=int, default=3, help="how many drags")
    ap.add_argument("--ab", choices=sorted(VARIANTS), help="compare with the old way, paired")
    ap.add_argument("--kernel-only", action="store_true",
                    help="only the same moves made inside a kernel (no JupyterLab, no browser)")
    ap.add_argument("--write", action="store_true", help=f"store the figures in {OUT.relative_to(ROOT)}")
    args = ap.parse_args(argv)
    if args.presses < 10:
        ap.error("use at least 10 presses")
    sections = {}
    if not args.kernel_only:
        skipped = browser_part(args, sections)
        if skipped:
            print(f"widget latency benchmark skipped: {skipped}")
            return 0
    sections["kernel_only"] = kernel_only(args.control, args.presses)
    if args.write:
        write(sections, argv)
    return 0


def browser_part(args, sections):
    """The presses and drags in Chromium against JupyterLab, their figures put in sections;
    why not, if they cannot run here."""
    missing = harness.missing_browser()
    if missing:
        return missing
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
        label = f"default playground, '{args.control}' slider, headless Chromium + JupyterLab"
        if args.ab:
            sections[f"ab_{args.ab}"] = {"control": args.control, **{
                name: report(rows, f"{label}, {name}")
                for name, rows in measure_ab(box, args.control, args.presses, args.ab).items()}}
        else:
            sections["presses"] = {"control": args.control, **report(measure(box, args.control, args.presses), label)}
        print("canvas messages from the browser:", box.evaluate(
            "b => b.querySelector('.nnlib-state').dataset.canvas"))
        if args.drag > 0:
            runs = [drag(box, args.control, args.drag, sign=(-1) ** k) for k in range(args.drags)]
            sections["drag"] = {"control": args.control, **report_drag(runs, args.control)}
        if errors:
            print(f"\nbrowser console errors: {errors}")
        for fig in sections.values():
            fig["browser_console_errors"] = len(errors)
    return None


if __name__ == "__main__":
    sys.exit(main())
