"""Live explorers: move a slider, the network retrains and the panels redraw in place.

One line in a notebook (the figure is an ipympl canvas, or images where ipympl cannot show: see
nnlib.live.livecanvas.FIGURES; ``%matplotlib widget`` is not required):

    from nnlib.live import widgets
    widgets.playground()                       # every control and panel (notebook 07)
    widgets.sum_vs_mean()                      # N, lr, sum/mean; cost + lr * lambda_max vs 2 (notebook 02)
    widgets.dead_units()                       # lr, LEAK (incl. 0), bias init; cost + dead units (notebook 03)
    widgets.Playground(controls=["lr", "n"], panels=["cost"], reduction="mean")  # any mix

Every factory takes the fields of nnlib.RunSpec as keywords (``lr=0.05``,
``sizes=(7, 10, 10, 2)`` or the control's ``hidden=(10, 10)``, ``activation="tanh"``,
``data="random_targets"``, ...), so a section can start from its own case; a run's settings
are one RunSpec, and each control sets one of its fields. Controls, by name: lr (log slider), leak (0 and powers of
ten), bias_init, n, epochs, seed, hidden (the hidden layer sizes as text: "10, 10"),
activation (the hidden layers'), data, reduction, output_activation, weight_init,
adaptive, optimizer. Panels: cost (log scale, marks an overflow), dead (dead share per
layer), stability (lr * lambda_max vs 2), fit (predicted against target), gradients (each
layer's gradient norm, log scale), plus the diagnosis text with a "Try the fix" button (it moves the
controls to the diagnosis's first fix), a status line (caps applied; a hidden size typed
wrong, which puts the box back at its last good sizes) and the run's link under the figure.

    p = widgets.playground(state="lr=0.001&leak=0")   # start from a link (nnlib.RunSpec.from_query)
    p.state                                          # the current run as a link
    widgets.playground(state=widgets.page_query())   # in the Voila app: the page's own link

    widgets.static(liverun.run(liverun.DEFAULT.replace(n=10000)), panels=("cost", "stability"))

gives the same panels as a PNG image, about 1000 px wide with the diagnosis and notes
written under them: the figure to put above a widget, for readers without a kernel
(``widgets.static_figure`` returns it as a LiveFigure, for tests). ``p.wait()`` blocks until a Playground has drawn its latest settings;
``p.result`` is then a liverun.Result (history, notes, ratio, diagnosis).

Three parts: the Playground is the view (controls, figure, diagnosis text, status, link);
a nnlib.live.worker.Worker, plain Python, computes in one thread, stage by stage as
nnlib.live.liverun.stages gives them (one Network built per run): a control's callback only
hands it the latest settings (a nnlib.RunSpec), so rapid moves coalesce (stale settings are dropped, never
queued), a costly run is previewed, a drag is followed at the pace of whole runs, and
lambda_max never holds a move up (its docstring says how); with NNLIB_DEBUG=1 a
nnlib.live.probe.Probe adds the test hooks (request numbers, timings, frame checksums).
Training runs in the spec's dtype, float32 unless told. The panels are nnlib.live.livefig's, redrawn by
nnlib.live.livecanvas (blitting, no new figure, whole frames sent straight to the browser);
the diagnosis follows the final frame. Any error, in training or in the diagnosis, is shown
as text in the status line; a callback never raises into the kernel.
"""
import dataclasses
import html
import os
import threading
import traceback
import unicodedata

import ipywidgets as W
import numpy as np

from .. import runspec
from ..diagnosis import kind_word
from ..i18n import _
from . import livecanvas, liverun, runlink
from .controls import CONTROLS, TOGGLE_LABELS, make_control, read, show_value, shown
from .livefig import DEFAULT_PANELS, STATIC, LiveFigure
from .probe import Probe
from .worker import Worker


class Playground:
    """The view: controls, a LiveFigure, the diagnosis with its "Try the fix" button, a status
    line and the run's link, kept in step by a nnlib.live.worker.Worker.

    controls: names from CONTROLS; panels: names from nnlib.live.livefig.PANELS (default
    DEFAULT_PANELS; "sharpness" adds lr x lambda_max over the epochs);
    state: a link's query string to start from ("lr=0.001&leak=0", see nnlib.live.runlink;
    what it cannot set is said under the figure); **settings: starting values (fields of
    nnlib.RunSpec, or hidden=(10, 10)), which win over the state's.
    ``.box`` is the widget to display (a Playground displays itself as that box);
    ``.state`` the link of the current settings; ``.try_fix()`` what the button
    "Try the fix" does; ``.wait()`` and ``.result`` the worker's.
    ``.probe`` is a nnlib.live.probe.Probe with NNLIB_DEBUG=1, else None.
    """

    def __init__(self, controls=CONTROLS, panels=DEFAULT_PANELS, state="", **settings):
        self.settings, self._link_notes = _start(state, settings)  # a RunSpec: what no control holds
        self.controls = {name: make_control(name, liverun.control_value(self.settings, name)) for name in controls}
        # drawn for the deepest net the controls allow: a change of depth only hides lines
        self.fig = LiveFigure(panels, n_layers=liverun.MAX_LAYERS, live=True)
        self.lock = threading.Lock()  # the figure: the worker draws, the kernel's thread redraws
        self._shown = None  # the last Frame drawn, what a browser's redraw request gets
        self.fig.figure.canvas.draw = self._draw_all  # a browser's draw request keeps the curves
        self.fig.figure.canvas.on_msg(self._on_canvas_message)
        self._make_text_widgets()
        self._last, self._good_hidden, self._input_notes = None, self.settings.hidden, []
        self.box = self._layout()
        for w in self.controls.values():
            w.observe(self._request, names="value")
        self.probe = Probe() if livecanvas.DEBUG else None
        self.worker = Worker(self, sharpness="sharpness" in self.fig.panels, probe=self.probe)
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
                label = W.Label(_(TOGGLE_LABELS[name]), layout=W.Layout(width="94px"))
                rows.append(W.HBox([label, w]))
            else:
                rows.append(w)
        rows += [livecanvas.view(self.fig.figure.canvas),  # ipympl's canvas, or an Image and its note
                 W.HBox([self.diagnosis, self.fix_button]), self.status, self.link]
        return W.VBox(rows).add_class("nnlib-playground")

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.box._repr_mimebundle_(**kwargs)
        if isinstance(bundle, dict) and "text/plain" in bundle:
            # what GitHub and nbviewer show instead of the live widget
            bundle["text/plain"] = _("[live explorer with the controls {controls}: it needs a running kernel "
                                     "(run the notebook in JupyterLab, or the app); the still figure above "
                                     "shows what it draws]").format(controls=", ".join(self.controls))
        return bundle

    def current(self):
        """The RunSpec the controls show now."""
        return liverun.with_controls(self.settings, {k: read(w) for k, w in self.controls.items()})

    @property
    def result(self):
        """The last run drawn and diagnosed (a liverun.Result), or None."""
        return self.worker.result

    @property
    def error(self):
        """The last request's error, or None."""
        return self.worker.error

    def wait(self, timeout=30):
        """Block until every request so far has been drawn (for scripts and tests)."""
        return self.worker.wait(timeout)

    # -- the run as a link, the diagnosis's fix as a button ------------------------------
    @property
    def state(self):
        """The current settings as a link's query string (RunSpec.to_query). A hidden
        size typed wrong never shows here: the box goes back to its last good sizes at once."""
        return self.current().to_query()

    def _make_text_widgets(self):
        self.diagnosis = W.HTML(layout=W.Layout(min_height="2.6em", flex="1 1 auto")).add_class("nnlib-diagnosis")
        self.status = W.HTML().add_class("nnlib-status")
        self.fix_words = ""  # what the last "Try the fix" changed, in words
        self.fix_button = W.Button(description=_("Try the fix"), disabled=True, icon="wrench",
                                   tooltip=_("apply the diagnosis's first fix to the controls"),
                                   layout=W.Layout(width="120px", flex="0 0 auto"))
        self.fix_button.add_class("nnlib-try-fix")
        self.fix_button.on_click(self.try_fix)
        self.link = W.HTML().add_class("nnlib-link")

    def _show_link(self, result):
        """After a run: the button follows its diagnosis, the link line its settings."""
        self.fix_button.disabled = not result.diagnosis.action
        query = result.settings.to_query()  # the run drawn, whose diagnosis this is
        words = (" <small>" + _("(the last fix: {changes})").format(changes=html.escape(self.fix_words)) + "</small>"
                 if self.fix_words else "")
        say, empty = _("this run as a link (add it to the address):"), _("(the defaults: nothing to add)")
        self.link.value = (f"<small>{html.escape(say)}</small> "
                           f"<input class='nnlib-link-text' readonly size='{max(12, len(query) + 2)}' "
                           f"value='{html.escape('?' + query if query else '', quote=True)}' "
                           f"placeholder='{html.escape(empty, quote=True)}'>{words}")

    def try_fix(self, *_):
        """Move the controls to the shown diagnosis's first fix; one run follows.

        The fix is applied to the settings that were diagnosed, not to what the controls
        show now: a control moved since would otherwise get a fix meant for other settings.
        """
        try:
            shown_run = self.result  # read once: the worker may replace it
            if shown_run is None or not shown_run.diagnosis.action:
                return
            new, self.fix_words = runlink.try_fix(shown_run.settings, shown_run.diagnosis.action)
            self._move_controls(new)
        except Exception as exc:  # never raise into the kernel
            self.failed(None, exc)

    def _move_controls(self, new):
        """Show RunSpec new: the controls move (their callbacks held, so one request follows
        rather than one per control); its fields without a control become the base settings."""
        for w in self.controls.values():
            w.unobserve(self._request, names="value")
        try:
            self.settings = new
            for name, w in self.controls.items():
                show_value(w, shown(name, liverun.control_value(new, name)))
        finally:  # even after a control refused its value: the run follows what is shown
            for w in self.controls.values():
                w.observe(self._request, names="value")
            self._request()

    # -- a move: the callback records, the worker computes ------------------------------
    def _request(self, change=None):
        try:
            if change is not None:
                self._input_notes = []  # a note on a reverted box lasts until the next move
            reverted = self._revert_bad_box()
            settings = self.current()
            if change is not None and settings == self._last and not reverted:
                # the browser echoing a value back (a slider snapped it): nothing moved, so the
                # shown diagnosis and its fix still hold (disabling the button here left it
                # disabled for good when the echo came after the diagnosis)
                return
            if change is not None:  # a learner's move (not Try the fix's): the shown fix is for
                self.fix_words = ""  # the old settings, so the button waits for the new diagnosis
                self.fix_button.disabled = True
            self._last = settings
            self.worker.request(settings)
        except Exception as exc:  # never raise into the kernel
            self.failed(None, exc)

    def _revert_bad_box(self):
        """A hidden box holding text that is no sizes (read as a link reads them, by
        liverun.hidden_layers) goes back to the last good sizes, with a note in the status:
        a typo never blocks the other controls. True when it was reverted."""
        box = self.controls.get("hidden")
        if box is None:
            return False
        try:
            self._good_hidden = liverun.hidden_layers(box.value)
            return False
        except ValueError as exc:
            good = shown("hidden", self._good_hidden)
            self._input_notes = [_("{error}; the box is back at {sizes}").format(error=exc, sizes=good)]
        box.unobserve(self._request, names="value")
        try:
            box.value = good
        finally:
            box.observe(self._request, names="value")
        return True

    # -- what the worker shows (its view's four methods) ---------------------------------
    def frame(self, seq, frame):
        """Draw a Frame (on the worker's thread)."""
        with self.lock:
            panels = dict(self._shown.panels if self._shown is not None else {}, **frame.panels)
            self._shown = dataclasses.replace(frame, preview=False, panels=panels)
            self.fig.update(frame.history, frame.epochs, frame.ratio, frame.ratio_note,
                            preview=frame.preview, **frame.panels)

    def diagnosed(self, seq, result):
        """Show the drawn run's diagnosis, its fix and its link."""
        # data-kind: the kind's name, which the browser tests read; the bold word: the learner's language
        diag = result.diagnosis
        kind, word = html.escape(diag.kind), html.escape(kind_word(diag.kind))
        self.diagnosis.value = f"<div data-kind='{kind}'><b>{word}</b>: {html.escape(diag.message)}</div>"
        self._show_link(result)

    def failed(self, seq, exc):
        """An error as text in the status line; the diagnosis of other settings goes."""
        try:
            self.diagnosis.value = ""  # the last diagnosis belongs to other settings
            self.fix_button.disabled = True
            text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            marker = self.probe.marker(self.worker.seq, idle=False) if self.probe is not None else ""
            self.status.value = error_span(text) + marker
        except Exception:
            pass

    def idle(self, seq):
        """Every request is drawn: the status line says the notes (or the error)."""
        error = self.worker.error
        if error is not None:
            text = error_span(str(error))
        else:
            notes = self._link_notes + self._input_notes + self.worker.notes
            # _(n): a note kept as its English msgid (liverun.NOT_IN_TIME, which the worker compares) is
            # translated here; one already written in the language in use has no msgid and stays
            text = _("; ").join(html.escape(_(n)) for n in notes) or "&nbsp;"
        self.status.value = f"<small>{text}</small>{self._marker(seq)}"

    def _marker(self, seq):
        """The debug probe's state span ("" without NNLIB_DEBUG=1)."""
        if self.probe is None:
            return ""
        r = self.result
        drawn = {k: liverun.control_value(r.settings, k) for k in self.controls} if r is not None else {}
        return self.probe.marker(seq, idle=True, runs=self.worker.runs, drawn=drawn, frame_sum=self.fig.frame_sum)

    # -- the browser's canvas ---------------------------------------------------------
    def _on_canvas_message(self, widget, content, buffers):
        # ipympl handles the message first (it stops holding images back); then send the figure.
        if self.probe is not None:
            self.probe.canvas(str(content.get("type")))
        if content.get("type") == "initialized":
            try:
                self._draw_all()
            except Exception as exc:  # never raise into the kernel
                self.failed(None, exc)

    def _draw_all(self, *args):
        with self.lock:
            self.fig.invalidate()
            f = self._shown
            if f is not None:
                self.fig.update(f.history, f.epochs, f.ratio, f.ratio_note, **f.panels)
            else:
                self.fig.redraw_blank()

    def close(self):
        """Stop the worker and close every widget."""
        self.worker.close()
        for w in list(self.controls.values()) + [self.box, self.diagnosis, self.status,
                                                 self.fix_button, self.link]:
            w.close()
        self.fig.figure.canvas.close()


def error_span(text):
    """An error's text as the status line's red span, in the language in use."""
    return "<span class='nnlib-error' style='color:#b00'>" + _("error: {error}").format(error=html.escape(text)) + "</span>"


def _start(state, settings):
    """(starting settings, notes): a link's state under the keywords given; never a state's error."""
    spec, notes = runspec.read_query(state, liverun.DEFAULT)
    try:
        return liverun.check(liverun.with_controls(spec, settings)), notes
    except ValueError as exc:
        if spec == liverun.DEFAULT:
            raise  # the keywords themselves are wrong: say so as for any explorer
        return liverun.check(liverun.with_controls(liverun.DEFAULT, settings)), \
            notes + [_("the link's settings were not used: {error}").format(error=exc)]


def page_query():
    """The query string of the Voila page this kernel serves, without Voila's own keys
    (token, template, theme) and the language (lang, read by nnlib.i18n); "" outside Voila (JupyterLab, a script).

    Voila (without preheated kernels) starts each page's kernel with the page's request in
    its environment, CGI style: SERVER_SOFTWARE "voila/<version>" and QUERY_STRING.
    """
    if not os.environ.get("SERVER_SOFTWARE", "").startswith("voila/"):
        return ""
    pairs = os.environ.get("QUERY_STRING", "").split("&")
    return "&".join(p for p in pairs if p and p.split("=", 1)[0] not in ("token", "template", "theme", "lang"))


def playground(state="", **settings):
    """Every control and every panel, starting from the answer's rewrite (notebook 07).

    state: a link's query string to start from (``widgets.playground(state="lr=0.001")``,
    or ``state=widgets.page_query()`` in the Voila app); keywords given win over it.
    """
    return Playground(state=state, **settings)


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

    The diagnosis in words ("diagnosis (dead): ...", the kind's word in the language in
    use, as the live view shows it), then each note (a cap applied, how lambda_max was
    estimated). A wide character (Chinese) counts as two columns of the line.
    """
    per_line = max(40, int((width - 1.0) * 72 / (0.55 * fontsize)))  # columns of average Latin width
    d = result.diagnosis
    parts = [_("diagnosis ({kind}): {message}").format(kind=kind_word(d.kind), message=d.message)]
    parts += [_("note: {note}").format(note=_(n))
              for n in list(result.notes) + ([result.ratio_note] if result.ratio_note else [])]
    return "\n".join(line for p in parts for line in fill_columns(p, per_line))


# punctuation that closes a phrase: kept on the line of the character before it
_CLOSING = set("，。、；：！？）》」』”’,.;:!?)")


def _columns(text):
    """How many columns text takes: an East Asian wide or full-width character two, others one."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _pieces(text):
    """text as the pieces a line may break between: runs of spaces, words of narrow
    characters, and single wide characters (Chinese breaks between any two), closing
    punctuation joined to the piece before it."""
    pieces = []
    for c in text:
        wide, space = _columns(c) == 2, c.isspace()
        last = pieces[-1] if pieces else ""
        if last and (c in _CLOSING and not last.isspace()
                     or not wide and not space and _columns(last[-1]) == 1 and not last.isspace() and last[-1] not in _CLOSING
                     or space and last.isspace()):
            pieces[-1] = last + c
        else:
            pieces.append(c)
    return pieces


def fill_columns(text, width):
    """text as lines of at most width columns (see _columns): broken at spaces and between
    wide characters; a word longer than a line is cut. The spaces at a break are dropped."""
    lines, line = [], ""
    for piece in _pieces(" ".join(text.split())):
        if piece.isspace():
            line += piece if line else ""
            continue
        if line and _columns(line) + _columns(piece) > width:
            lines.append(line.rstrip())
            line = ""
        while _columns(piece) > width:  # a word longer than a whole line (line is empty here): cut it
            cut = 1
            while _columns(piece[:cut + 1]) <= width:
                cut += 1
            lines.append(piece[:cut])
            piece = piece[cut:]
        line += piece
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def static_figure(result=None, panels=DEFAULT_PANELS, **settings):
    """The LiveFigure that static() renders (page-sized, with the caption), already updated."""
    r = result if result is not None else liverun.run(liverun.with_controls(liverun.DEFAULT, settings))
    fig = LiveFigure(panels, n_layers=len(r.settings.sizes) - 1, **STATIC,
                     caption=caption(r, width=STATIC["width"], fontsize=STATIC["fontsize"]))
    extra = {"sharpness": liverun.sharpness(r.settings, r.initial)} if "sharpness" in panels else {}
    fig.update(r.history, r.epochs, r.ratio, r.ratio_note, fit=r.fit, **extra)
    return fig


def static(result=None, panels=DEFAULT_PANELS, **settings):
    """A PNG image of the panels for one run (the figure a reader sees without a kernel).

    result: a liverun.Result (default: liverun.run of the settings). The run is the
    spec's dtype, float32 unless told, as in the live explorer, so the picture matches what the sliders show. The image is
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
