"""The explorers' figure: panels that redraw in place, fast enough to follow a slider.

Panels, chosen by name from PANELS: "cost" (log scale; a non-finite cost ends the curve
with a marker at the epoch it overflowed), "dead" (dead fraction per layer), "stability"
(lr * lambda_max against the limit 2), "fit" (predicted against target, each output; its
data come as ``update(..., fit=(targets, predictions))``), "gradients" (each layer's
gradient norm, log scale). Each is drawn by nnlib.panels, the same functions that draw the
still figures (nnlib.plotting); this module lays them out and keeps them live.

    fig = LiveFigure(["cost", "dead"], n_layers=2)        # a plain Figure: a static plot
    fig.update(hist, epochs=2000, ratio=0.3)
    fig.update(hist, fit=(Y[:300], net.predict(X[:300])))   # data beyond the History, by panel
    fig.figure                                              # display or savefig it
    LiveFigure(["cost"], **STATIC, caption="diagnosis: ...")  # sized for a page (GitHub, nbviewer)

n_layers is the most layers a run may have: the per-layer panels (dead, gradients) draw a
line for each and show as many as the run has. Up to three panels sit in a row; more go
on a second row (the default five: cost, dead, stability over fit, gradients). An option,
"sharpness": lr x lambda_max at a few epochs of the run against 2 (``update(..., sharpness=(epochs, ratios))``).

The default size is the live one (small, so a redraw is cheap); STATIC is about 1000 px
wide with 9-11 pt text, and a caption (the diagnosis in words) under the panels.

With ``live=True`` the figure sits on a live canvas (ipympl's, or an image: livecanvas.FIGURES) and redraws by blitting
(nnlib.live.livecanvas): only the changing artists are drawn; an axis whose limits change is
re-rendered alone, and the cost axis keeps its limits while the curve still fits them.
"""
from dataclasses import dataclass, field
from typing import Callable

from matplotlib.figure import Figure

from . import livecanvas
from ..i18n import _
from .. import panels as panel  # "panels" is the name of the chosen panels here
from ..panels import LIMIT  # noqa: F401  (the limit the stability panel draws, for callers)


@dataclass(frozen=True)
class LivePanel:
    """How the live figure shows one panel of nnlib.panels.

    draw(ax, fig) -> artists: sets the axis up once (fig: the LiveFigure, for its n_layers
    and text size); update(fig, artists, frame) -> limits: sets the artists' data from a
    Frame and returns what the axis's limits depend on (a change re-renders that axis alone);
    xlim: whether the x axis spans the frame's epochs.
    """
    title: str
    draw: Callable
    update: Callable
    xlim: bool = True


@dataclass(frozen=True)
class Frame:
    """What one redraw shows: a History, the epochs the x axis spans, lr * lambda_max (or None)
    with its note, whether it is a preview of a longer run, and ``extra``: data a panel needs
    beyond the History, by panel name."""
    history: object
    epochs: int
    ratio: float | None = None
    ratio_note: str = ""
    preview: bool = False
    extra: dict = field(default_factory=dict)


def _draw_cost(ax, fig):
    return panel.draw_cost(ax, color="tab:blue", fontsize=fig.small, plain_ticks=True)


def _update_cost(fig, arts, f):
    panel.update_cost(arts, f.history.cost, f.history.diverged_at, f.epochs)
    return fig._cost_limits(f.history.cost, widen_only=f.preview)


def _update_dead(fig, arts, f):
    acts = f.history.settings.layer_activations
    panel.update_dead(arts, f.history.dead_fraction, acts)
    return arts["shown"]  # a new legend re-renders the axis


def _draw_stability(ax, fig):
    arts = panel.draw_stability(ax, fontsize=fig.small)
    ax.set_xlabel("lr × λ_max (initial weights)")
    return arts


def _update_stability(fig, arts, f):
    # _(): a note kept as its English msgid (liverun.NOT_IN_TIME) is said in the language in use
    panel.update_stability(arts, f.ratio, _(f.ratio_note) or _("unavailable"))
    return ()


def _update_sharpness(fig, arts, f):
    data = f.extra.get("sharpness")
    if data is None:  # not measured with this frame (a preview): the last points stay up
        return fig._limits.get("sharpness")
    # the last point sits at the last epoch: a margin keeps its marker and tick label inside
    arts["line"].axes.set_xlim(-0.03 * f.epochs, 1.06 * f.epochs)
    return f.epochs, panel.update_sharpness(arts, *data)


def _update_fit(fig, arts, f):
    data = f.extra.get("fit")
    if data is None:  # no predictions with this frame (a preview): the last ones stay up
        return fig._limits.get("fit")
    need = panel.update_fit(arts, *data)
    lims = fig._kept("fit", need, slack=0.5 * (need[1] - need[0]))
    if lims != need:
        panel.count_off(arts, data[1], lims)
    ax = arts["points"][0].axes
    ax.set_xlim(lims)
    ax.set_ylim(lims)
    return lims


def _update_gradients(fig, arts, f):
    lims = fig._kept("gradients", panel.update_gradients(arts, f.history.grad_norm) or (-3, 3),
                     widen_only=f.preview, slack=2)
    lo, hi = lims
    # a strip above the highest decade for the legend, so it never hides a line
    strip = panel.LEGEND_ROW * arts["legend_rows"] * (hi - lo)
    arts["lines"][0].axes.set_ylim(lo - 0.05 * (hi - lo), hi + strip)
    return lims, arts["shown"]  # new decades or a new depth: the axis is re-rendered


# One entry per panel, in the order the playground shows them: a new panel is a
# draw_NAME/update_NAME pair in nnlib.panels and one entry here, whose update sets its own
# axis's limits (see LivePanel; the rest of the recipe: README, "How to change it").
PANELS = {
    "cost": LivePanel("cost (log scale)", _draw_cost, _update_cost),
    "dead": LivePanel("dead units per layer", lambda ax, fig: panel.draw_dead(ax, fig.n_layers, fontsize=fig.small),
                      _update_dead),
    "stability": LivePanel("stability: lr × λ_max < 2 ?", _draw_stability, _update_stability, xlim=False),
    "fit": LivePanel("fit: predicted vs target", lambda ax, fig: panel.draw_fit(ax, fontsize=fig.small),
                     _update_fit, xlim=False),
    "gradients": LivePanel("gradient norm per layer",
                           lambda ax, fig: panel.draw_gradients(ax, fig.n_layers, fontsize=fig.small),
                           _update_gradients),
    "sharpness": LivePanel("lr × λ_max over the epochs",
                           lambda ax, fig: panel.draw_sharpness(ax, fontsize=fig.small), _update_sharpness,
                           xlim=False),
}
# The panels shown unless others are chosen: sharpness is an option (it costs one more run).
DEFAULT_PANELS = ("cost", "dead", "stability", "fit", "gradients")
ROW = 3  # panels per row at most
# The figure a reader sees without a kernel: about 1000 px wide, text 9 pt or larger.
STATIC = dict(width=10.0, height=3.2, dpi=100, fontsize=10)


class LiveFigure:
    """One figure holding the chosen panels side by side."""

    def __init__(self, panels=DEFAULT_PANELS, n_layers=2, live=False, width=None, height=2.6, dpi=80,
                 fontsize=None, caption=""):
        """n_layers: the most layers a run may have (the per-layer panels draw one line each);
        width: of the whole figure in inches (default 3.1 per panel of the fullest row, the
        live size); height: of each row of panels; fontsize: None keeps the live figure's
        small text, a number sets every text from it (legends and notes 1 pt smaller);
        caption: text under the panels (static figures).
        """
        bad = [p for p in panels if p not in PANELS]
        if bad or not panels:
            raise ValueError(f"unknown panel(s) {bad}; valid: {list(PANELS)}")
        self.panels, self.live, self.n_layers = tuple(panels), live, n_layers
        self.fs = fontsize
        self.small = 8 if fontsize is None else fontsize - 1  # legends and notes
        rows = [self.panels[i:i + ROW] for i in range(0, len(self.panels), ROW)]
        width = 3.1 * len(rows[0]) if width is None else width
        caption_in = 0.0
        if caption:
            lines = caption.count("\n") + 1
            caption_in = 0.15 + lines * (fontsize or 9) * 1.3 / 72
        self.figure = Figure(figsize=(width, height * len(rows) + caption_in), dpi=dpi)
        if caption:
            self.caption = self.figure.text(0.8 / width, (caption_in - 0.08) / self.figure.get_figheight(),
                                            caption, va="top", ha="left", fontsize=fontsize or 9)
        if live:
            livecanvas.attach(self.figure)
        self.ax = self._place_axes(rows, height, caption_in)
        if fontsize is not None:
            for ax in self.ax.values():
                ax.tick_params(labelsize=fontsize)
        self.artists, self._limits = self._draw_panels(), {}
        self._ranges = {}  # panel name -> the (lo, hi) data range its axis shows (see _kept)
        self._blit = livecanvas.Blitter(self.figure, self._animated()) if live else None

    def _place_axes(self, rows, height, caption_in):
        """{panel name: its Axes}, each row of panels spread over the width.

        Fixed margins in inches, not a layout engine: a full redraw must stay cheap, and the
        margins fit the text whatever the size (the live figure's small text, or a page's).
        """
        left, right, bottom, top, gap = ((0.68, 0.25, 0.49, 0.31, 0.85) if self.fs is None
                                         else (0.8, 0.3, 0.6, 0.4, 0.95))
        W, H = self.figure.get_figwidth(), self.figure.get_figheight()
        axes = {}
        for r, row in enumerate(rows):
            axw = (W - left - right - gap * (len(row) - 1)) / len(row)
            y0 = caption_in + (len(rows) - 1 - r) * height + bottom
            for i, name in enumerate(row):
                x0 = left + i * (axw + gap)
                axes[name] = self.figure.add_axes((x0 / W, y0 / H, axw / W, (height - bottom - top) / H))
        return axes

    @property
    def frame_sum(self):
        """RGB sum of the last frame sent to the browser (None: none sent, or not live)."""
        return self._blit.frame_sum if self._blit is not None else None

    def _draw_panels(self):
        """Each chosen panel drawn by its PANELS entry: {panel name: its changing artists}."""
        artists = {}
        for name, ax in self.ax.items():
            artists[name] = PANELS[name].draw(ax, self)
            ax.set_title(PANELS[name].title)
            self._fonts(ax)
        return artists

    def _animated(self):
        """The artists an update changes (blitted over a cached background when live)."""
        out = []
        for arts in self.artists.values():
            for a in arts.values():
                out += a if isinstance(a, list) else [a] if hasattr(a, "set_animated") else []
        return out

    def _fonts(self, ax):
        if self.fs is not None:
            ax.title.set_fontsize(self.fs + 1)
            ax.xaxis.label.set_fontsize(self.fs)
            ax.yaxis.label.set_fontsize(self.fs)

    # -- updates ---------------------------------------------------------------------
    def update(self, hist, epochs=None, ratio=None, ratio_note="", preview=False, **extra):
        """Show a History (possibly a preview of the first epochs of a longer run).

        epochs: the x range (default: the history's own length); ratio: lr * lambda_max or None.
        preview: the cost axis only widens (to the union of old and new limits), so the
        full run that follows usually fits without another re-render.
        extra: data a panel needs beyond the History, by panel name (see Frame).
        Returns the names of the panels whose axes had to be re-rendered (empty: only
        the data moved, the cheap case).
        """
        epochs = max(1, int(epochs if epochs is not None else hist.epochs))
        frame = Frame(hist, epochs, ratio, ratio_note, preview, extra)
        limits = {}
        for name in self.panels:
            lim = PANELS[name].update(self, self.artists[name], frame)
            limits[name] = (epochs, lim) if PANELS[name].xlim else lim
        return self._redraw(limits)

    def _cost_limits(self, cost, widen_only=False):
        """Decade limits (log10 of the cost) for the cost axis, kept while the data still fits
        them well (see _kept)."""
        return self._kept("cost", panel.decade_limits(cost) or (-3, 3), widen_only, slack=2)

    def _kept(self, name, new, widen_only=False, slack=0.0):
        """(lo, hi) limits for a panel's data range ``new``: the old limits while they hold it
        and are at most ``slack`` wider, so most moves need no re-render of the axis (the
        slow part of a redraw). widen_only (a preview): the union of old and new, so the
        full run that follows usually fits without another re-render."""
        old = self._ranges.get(name)
        if old is None:
            keep = new
        elif widen_only:
            keep = min(old[0], new[0]), max(old[1], new[1])
        elif old[0] <= new[0] and new[1] <= old[1] and old[1] - old[0] <= new[1] - new[0] + slack:
            keep = old
        else:
            keep = new
        self._ranges[name] = keep
        return keep

    def _redraw(self, limits):
        changed = [name for name, lim in limits.items() if self._limits.get(name) != lim]
        for name in changed:
            lim = limits[name]
            if PANELS[name].xlim:
                self.ax[name].set_xlim(-0.025 * lim[0], lim[0])  # epoch 0 off the y axis
            if name == "cost":
                lo, hi = lim[1]  # a margin below the lowest decade: room for epoch 0's label
                self.ax[name].set_ylim(lo - 0.12 * (hi - lo), hi)
        self._limits = dict(limits)
        if not self.live:
            return changed
        redone = self._blit.frame([self.ax[name] for name in changed])
        return [name for name in self.panels if self.ax[name] in redone]

    def redraw_blank(self):
        """Render and send the figure with no data yet (before the first run is done)."""
        if self.live:
            self._redraw(dict(self._limits))

    def invalidate(self):
        """Forget the cached background (after a resize or a reconnect)."""
        if self._blit is not None:
            self._blit.invalidate()
