"""Live explorers: move a slider, the network retrains and the panels redraw in place.

One line in a notebook (the figure is an ipympl canvas; ``%matplotlib widget`` is not required):

    from nnlib.live import widgets
    widgets.playground()                       # every control and panel (notebook 07)
    widgets.sum_vs_mean()                      # N, lr, sum/mean; cost + lr * lambda_max vs 2 (notebook 02)
    widgets.dead_units()                       # lr, LEAK (incl. 0), bias init; cost + dead units (notebook 03)
    widgets.Playground(controls=["lr", "n"], panels=["cost"], reduction="mean")  # any mix

Every factory takes the settings of nnlib.live.liverun.DEFAULTS as keywords (``lr=0.05``,
``hidden=(10, 10)``, ``activation="tanh"``, ``data="random_targets"``, ...), so a section
can start from its own case. Controls, by name: lr (log slider), leak (0 and powers of
ten), bias_init, n, epochs, seed, hidden (the hidden layer sizes as text: "10, 10"),
activation (the hidden layers'), data, reduction, output_activation, weight_init,
adaptive, optimizer. Panels: cost (log scale, marks an overflow), dead (dead share per
layer), stability (lr * lambda_max vs 2), fit (predicted against target), gradients (each
layer's gradient norm, log scale), plus the diagnosis text and a status line (caps
applied, errors such as a hidden size out of range) under the figure.

    widgets.static(liverun.run(liverun.settings(n=10000)), panels=("cost", "stability"))

gives the same panels as a PNG image, about 1000 px wide with the diagnosis and notes
written under them: the figure to put above a widget, for readers without a kernel
(``widgets.static_figure`` returns it as a LiveFigure, for tests). ``p.wait()`` blocks until a Playground has drawn its latest settings;
``p.result`` is then a liverun.Result (history, notes, ratio, diagnosis).

How it stays live: a control's callback only records the latest settings and wakes one
worker thread, so rapid moves coalesce (stale settings are dropped, never queued). The
worker first trains a short preview and draws it, then the full (capped) run; a newer
request abandons older work between the steps, the diagnosis included (the full run
starts from scratch, not from the preview: that would restart momentum, Adam's moments
and the adaptive lr). Training runs
in float32. The panels are nnlib.live.livefig's, redrawn by nnlib.live.livecanvas (blitting, no new
figure, whole frames sent straight to the browser); the diagnosis follows the final frame.
Any error, in training or in the diagnosis, is shown as text in the status line; a
callback never raises into the kernel.
"""
import html
import json
import threading
import time
import traceback

import ipywidgets as W
import numpy as np

from . import livecanvas, liverun
from .controls import CONTROLS, TOGGLE_LABELS, make_control
from .livefig import PANELS, STATIC, LiveFigure

class Playground:
    """Controls, a LiveFigure and two text panels, kept in step by one worker thread.

    controls: names from CONTROLS; panels: names from nnlib.live.livefig.PANELS;
    **settings: starting values (nnlib.live.liverun.DEFAULTS names).
    ``.box`` is the widget to display (a Playground displays itself as that box).
    """

    def __init__(self, controls=CONTROLS, panels=PANELS, dtype="float32", **settings):
        self.settings = liverun.settings(**settings)
        self.dtype = dtype
        self.controls = {name: make_control(name, self.settings[name]) for name in controls}
        # drawn for the deepest net the controls allow: a change of depth only hides lines
        self.fig = LiveFigure(panels, n_layers=liverun.MAX_LAYERS, live=True)
        self.lock = threading.RLock()
        canvas = self.fig.figure.canvas
        canvas.draw = self._draw_all  # a browser's draw request keeps the curves
        canvas.on_msg(self._on_canvas_message)
        self.diagnosis = W.HTML(layout=W.Layout(min_height="2.6em")).add_class("nnlib-diagnosis")
        self.status = W.HTML().add_class("nnlib-status")
        self.result, self.error, self.runs, self.timings = None, None, 0, []
        self._shown, self._extra = None, {}  # (history, epochs, ratio, ratio note), panel data last drawn
        self.canvas_messages = {}  # what the browser's canvas view asked for, by type
        self._cv = threading.Condition()
        self._pending, self._seq, self._done, self._closed = None, 0, 0, False
        self._requested, self._stamps, self._notes = {}, {}, []
        self.box = self._layout()
        for w in self.controls.values():
            w.observe(self._request, names="value")
        self._thread = threading.Thread(target=self._loop, daemon=True, name="nnlib-playground")
        self._thread.start()
        self._request()

    def _layout(self):
        sliders = [w for w in self.controls.values()
                   if isinstance(w, (W.IntSlider, W.FloatLogSlider, W.SelectionSlider))]
        half = (len(sliders) + 1) // 2
        rows = [W.HBox([W.VBox(sliders[:half]), W.VBox(sliders[half:])])] if sliders else []
        for name, w in self.controls.items():
            if w in sliders:
                continue
            if isinstance(w, W.ToggleButtons):  # a label beside the buttons, not above them
                label = W.Label(TOGGLE_LABELS[name], layout=W.Layout(width="94px"))
                rows.append(W.HBox([label, w]))
            else:
                rows.append(w)
        rows += [self.fig.figure.canvas, self.diagnosis, self.status]
        return W.VBox(rows).add_class("nnlib-playground")

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.box._repr_mimebundle_(**kwargs)
        if isinstance(bundle, dict) and "text/plain" in bundle:
            # what GitHub and nbviewer show instead of the live widget
            bundle["text/plain"] = (f"[live explorer with the controls {', '.join(self.controls)}: it needs "
                                    "a running kernel (run the notebook in JupyterLab, or the app); "
                                    "the still figure above shows what it draws]")
        return bundle

    def current(self):
        """The settings the controls show now."""
        return dict(self.settings, **{k: w.value for k, w in self.controls.items()})

    # -- coalescing: the callback records, the worker computes -----------------------
    def _request(self, change=None):
        try:
            with self._cv:
                self._seq += 1
                self._requested[self._seq] = time.time()
                self._pending = (self._seq, self.current())
                self._cv.notify()
        except Exception as exc:  # never raise into the kernel
            self._show_error(exc)

    def _stale(self, seq):
        # No lock: _pending is replaced whole (a tuple or None) and read once here, so this
        # sees the old request or the new one, never half of either.
        pending = self._pending
        return pending is not None and pending[0] > seq

    def _loop(self):
        while True:
            with self._cv:
                while self._pending is None and not self._closed:
                    self._cv.wait()
                if self._closed:
                    return
                seq, s = self._pending
                self._pending = None
            try:
                self._compute(seq, s)
            except Exception as exc:
                self._show_error(exc)
            with self._cv:
                idle = self._pending is None
            if idle:
                self._set_status(seq)
            with self._cv:
                self._done = seq

    def wait(self, timeout=30):
        """Block until every request so far has been computed (for scripts and tests)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._cv:
                if self._pending is None and self._done == self._seq:
                    return True
            time.sleep(0.01)
        return False

    # -- the work ---------------------------------------------------------------------
    def _compute(self, seq, s):
        stamps = self._stamps = {"seq": seq, "request": self._requested.get(seq, time.time()),
                                 "start": time.time()}
        s = liverun.settings(**s)  # a bad value typed in (hidden "10, x") is a named ValueError
        epochs, notes = liverun.capped_epochs(s)
        ratio, ratio_note = liverun.stability(s, compute=False)  # instant when only lr moved
        if liverun.preview_epochs(s) < epochs:
            # progressive drawing: the first epochs at once, then the whole run from the start
            # (continuing from the preview would restart momentum's velocity, Adam's moments
            # and the adaptive lr: a final curve unlike nnlib.train's)
            hist = liverun.train_run(s, epochs=liverun.preview_epochs(s), dtype=self.dtype)[0]
            if self._stale(seq):
                return
            stamps["previewed"] = time.time()
            self._draw(hist, epochs, ratio, ratio_note, preview=True)
            stamps["preview"] = time.time()
            time.sleep(0.003)  # let the kernel's IO thread take the GIL and send the image now
        hist, net = liverun.train_run(s, dtype=self.dtype)
        if self._stale(seq):
            return
        stamps["trained"] = time.time()
        fit = liverun.fit(s, net)
        self._draw(hist, epochs, ratio, ratio_note, fit=fit)
        stamps["final"] = time.time()
        if ratio is None and not ratio_note:
            # a new network or data size: lambda_max is computed once, after the curve is up
            ratio, ratio_note = liverun.stability(s)
            if self._stale(seq):
                return
            self._draw(hist, epochs, ratio, ratio_note)
        # after the drawing: an error here leaves the new curve up and shows as text.
        # A newer request abandons the diagnosis too, before it starts and before it is shown.
        if self._stale(seq):
            return
        diag = liverun.diagnosis(hist, s, net)
        if self._stale(seq):
            return
        stamps["diagnosed"] = time.time()
        self.result = liverun.Result(hist, s, epochs, notes, ratio, ratio_note, diag, fit)
        self._show_diagnosis(diag)
        self.error = None
        self.runs += 1
        self._notes = notes + ([ratio_note] if ratio_note else [])
        self.timings.append(dict(stamps))
        del self.timings[:-200]

    def _draw(self, hist, epochs, ratio, ratio_note, preview=False, **extra):
        with self.lock:
            self._shown = (hist, epochs, ratio, ratio_note)  # what a browser's redraw request gets
            self._extra.update(extra)
            self.fig.update(hist, epochs, ratio, ratio_note, preview=preview, **extra)

    def _show_diagnosis(self, diag):
        kind = html.escape(diag.kind)
        self.diagnosis.value = f"<div data-kind='{kind}'><b>{kind}</b>: {html.escape(diag.message)}</div>"

    def _on_canvas_message(self, widget, content, buffers):
        # ipympl handles the message first (it stops holding images back); then send the figure.
        kind = str(content.get("type"))
        self.canvas_messages[kind] = self.canvas_messages.get(kind, 0) + 1
        if content.get("type") == "initialized":
            try:
                self._draw_all()
            except Exception as exc:  # never raise into the kernel
                self._show_error(exc)

    def _draw_all(self, *args):
        with self.lock:
            self.fig.invalidate()
            if self._shown is not None:
                self.fig.update(*self._shown, **self._extra)
            else:
                self.fig.redraw_blank()

    def _show_error(self, exc):
        self.error = exc
        try:
            self.diagnosis.value = ""  # the last diagnosis belongs to other settings
            text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            self.status.value = (f"<span class='nnlib-error' style='color:#b00'>error: {html.escape(text)}</span>"
                                 f"<span data-seq='{self._seq}' data-idle='0'></span>")
        except Exception:
            pass

    def _set_status(self, seq):
        if self.error is not None:
            marker = f"<span class='nnlib-error' style='color:#b00'>error: {html.escape(str(self.error))}</span>"
        else:
            marker = "; ".join(html.escape(n) for n in self._notes) or "&nbsp;"
        drawn = html.escape(json.dumps({k: self.result.settings[k] for k in self.controls}
                                       if self.result is not None else {}), quote=True)
        self.status.value = (f"<small>{marker}</small>"
                             f"<span class='nnlib-state' data-seq='{seq}' data-idle='1' data-runs='{self.runs}' "
                             f"data-drawn='{drawn}'{self._debug_attributes()}></span>")
        with self._cv:
            self._requested = {k: v for k, v in self._requested.items() if k > seq}

    def _debug_attributes(self):
        """With livecanvas.DEBUG on: the last frame's RGB sum, the canvas messages, and the
        wall-clock stamps (ms) of the last request (the browser tests and the latency
        benchmark read them); "" otherwise."""
        if not livecanvas.DEBUG:
            return ""
        stamps = "".join(f" data-t-{k}='{v * 1000:.1f}'" for k, v in self._stamps.items() if k != "seq")
        return (f" data-frame='{self.fig.frame_sum}'"
                f" data-canvas='{html.escape(json.dumps(self.canvas_messages), quote=True)}'{stamps}")

    def close(self):
        """Stop the worker and close every widget."""
        with self._cv:
            self._closed = True
            self._cv.notify()
        for w in list(self.controls.values()) + [self.box, self.diagnosis, self.status]:
            w.close()
        self.fig.figure.canvas.close()


def playground(**settings):
    """Every control and every panel, starting from the answer's rewrite (notebook 07)."""
    return Playground(**settings)


def sum_vs_mean(**settings):
    """N, lr and the sum/mean toggle; cost curve and lr * lambda_max against 2 (notebook 02).

    Defaults: the question's [7, 2] net made linear (identity activation, no bias), lr 1e-3,
    300 epochs: stable at N = 1000 with the summed cost, unstable as N grows.
    """
    base = dict(hidden=(), activation="identity", output_activation="identity",
                bias_init="none", lr=1e-3, epochs=300)
    return Playground(controls=("n", "lr", "reduction"), panels=("cost", "stability"),
                      **dict(base, **settings))


def dead_units(**settings):
    """lr, LEAK (including 0) and bias init; cost curve and dead share per layer (notebook 03)."""
    return Playground(controls=("lr", "leak", "bias_init"), panels=("cost", "dead"), **settings)


def caption(result, width=10.0, fontsize=10):
    """What the explorer prints under its figure, as lines that fit a figure this wide.

    The diagnosis in words ("diagnosis (dead): ..."), then each note (a cap applied, how
    lambda_max was estimated).
    """
    import textwrap

    per_line = max(40, int((width - 1.0) * 72 / (0.55 * fontsize)))
    d = result.diagnosis
    parts = [f"diagnosis ({d.kind}): {d.message}"]
    parts += [f"note: {n}" for n in list(result.notes) + ([result.ratio_note] if result.ratio_note else [])]
    return "\n".join(textwrap.fill(p, per_line) for p in parts)


def static_figure(result=None, panels=PANELS, **settings):
    """The LiveFigure that static() renders (page-sized, with the caption), already updated."""
    r = result if result is not None else liverun.run(liverun.settings(**settings))
    fig = LiveFigure(panels, n_layers=len(liverun.sizes(r.settings)) - 1, **STATIC,
                     caption=caption(r, width=STATIC["width"], fontsize=STATIC["fontsize"]))
    fig.update(r.history, r.epochs, r.ratio, r.ratio_note, fit=r.fit)
    return fig


def static(result=None, panels=PANELS, **settings):
    """A PNG image of the panels for one run (the figure a reader sees without a kernel).

    result: a liverun.Result (default: liverun.run of the settings). The run is float32,
    as in the live explorer, so the picture matches what the sliders show. The image is
    about 1000 px wide with text of 9 pt or more (nnlib.live.livefig.STATIC), and the diagnosis
    and notes the explorer prints under its figure are written under the panels.
    """
    return _image(static_figure(result, panels, **settings).figure)


def closeup_figure(cost, epochs, title, log=False):
    """A small figure of cost[epochs]: a close-up the explorer's panel is too wide to show."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(5, 2.4), layout="constrained")
    ax = fig.add_subplot(xlabel="epoch", ylabel="cost", yscale="log" if log else "linear", title=title)
    ax.plot(epochs, np.asarray(cost, float)[epochs], ".-", ms=4)
    return fig


def closeup(cost, epochs, title, log=False):
    """closeup_figure as a PNG image: a still that shows under ``%matplotlib widget`` too."""
    return _image(closeup_figure(cost, epochs, title, log))


def _image(figure):
    """A matplotlib Figure as an IPython PNG image, drawn without pyplot's backend."""
    import io

    from IPython.display import Image
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    buf = io.BytesIO()
    FigureCanvasAgg(figure).print_png(buf)
    return Image(data=buf.getvalue(), format="png")
