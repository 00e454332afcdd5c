"""The explorers' figure: panels that redraw in place, fast enough to follow a slider.

Panels, chosen by name: "cost" (log scale; a non-finite cost ends the curve with a
marker at the epoch it overflowed), "dead" (dead fraction per layer), "stability"
(lr * lambda_max against the limit 2).

    fig = LiveFigure(["cost", "dead"], n_layers=2)        # a plain Figure: a static plot
    fig.update(hist, epochs=2000, ratio=0.3)
    fig.figure                                              # display or savefig it
    LiveFigure(["cost"], **STATIC, caption="diagnosis: ...")  # sized for a page (GitHub, nbviewer)

The default size is the live one (small, so a redraw is cheap); STATIC is about 1000 px
wide with 9-11 pt text, and a caption (the diagnosis in words) under the panels.

With ``live=True`` the figure sits on an ipympl canvas and redraws by blitting
(nnlib.livecanvas): only the changing artists are drawn; an axis whose limits change is
re-rendered alone, and the cost axis keeps its limits while the curve still fits them.
"""
import math

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator
from matplotlib.transforms import blended_transform_factory

from . import livecanvas

PANELS = ("cost", "dead", "stability")
LIMIT = 2.0  # gradient descent on a quadratic is stable while lr * lambda_max < 2
STAB_RANGE = (1e-4, 1e4)
MAX_POINTS = 2000  # longer curves are thinned to this many points before drawing
COLORS = ("tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple")
# Dead-share lines often lie on top of each other (all 0, or all 1): the first layer is drawn
# wide and solid, later ones narrower and dashed on top of it, so every line stays visible.
DEAD_STYLES = ((4.0, "-"), (2.0, (0, (4, 2))), (1.5, (0, (1, 1.5))), (1.2, "-."), (1.0, "-"))
# The figure a reader sees without a kernel: about 1000 px wide, text 9 pt or larger.
STATIC = dict(width=10.0, height=3.2, dpi=100, fontsize=10)


def _decades(values):
    """(lo, hi) powers of ten around the positive finite values, or None."""
    v = values[np.isfinite(values) & (values > 0)]
    if v.size == 0:
        return None
    lo, hi = math.floor(math.log10(v.min())), math.ceil(math.log10(v.max()))
    return 10.0 ** lo, 10.0 ** max(hi, lo + 1)


def _log_axis(axis):
    """Decade ticks labelled 1e3 in plain text: mathtext labels and minor ticks are slow to draw."""
    axis.set_major_locator(LogLocator(base=10, numticks=6))
    axis.set_minor_locator(NullLocator())
    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0e}".replace("e+0", "e").replace("e-0", "e-")
                                           .replace("e+", "e") if v > 0 else ""))


def _thin(y):
    """(x, y) with at most about MAX_POINTS points, the last one always kept."""
    x = np.arange(len(y))
    if len(y) <= MAX_POINTS:
        return x, y
    idx = np.unique(np.r_[np.arange(0, len(y), math.ceil(len(y) / MAX_POINTS)), len(y) - 1])
    return x[idx], y[idx]


class LiveFigure:
    """One figure holding the chosen panels side by side."""

    def __init__(self, panels=PANELS, n_layers=2, live=False, width=None, height=2.6, dpi=80,
                 fontsize=None, caption=""):
        """width: of the whole figure in inches (default 3.1 per panel, the live size);
        fontsize: None keeps the live figure's small text, a number sets every text from it
        (legends and notes 1 pt smaller); caption: text under the panels (static figures).
        """
        bad = [p for p in panels if p not in PANELS]
        if bad or not panels:
            raise ValueError(f"unknown panel(s) {bad}; valid: {list(PANELS)}")
        self.panels, self.live = tuple(panels), live
        self.fs = fontsize
        small = 8 if fontsize is None else fontsize - 1
        self._text = dict(legend=small, note=8 if fontsize is None else fontsize - 1,
                          readout=9 if fontsize is None else fontsize)
        width = 3.1 * len(panels) if width is None else width
        caption_in = 0.0
        if caption:
            lines = caption.count("\n") + 1
            caption_in = 0.15 + lines * (fontsize or 9) * 1.3 / 72
        self.figure = Figure(figsize=(width, height + caption_in), dpi=dpi)
        # Fixed margins, not a layout engine: a full redraw must stay cheap.
        if fontsize is None:
            self.figure.subplots_adjust(left=0.22 / len(panels), right=1 - 0.05 / len(panels),
                                        bottom=0.19, top=0.88, wspace=0.38)
        else:  # margins in inches, so they fit the text whatever the width
            total_h = height + caption_in
            self.figure.subplots_adjust(left=0.8 / width, right=1 - 0.15 / width,
                                        bottom=(caption_in + 0.6) / total_h, top=1 - 0.4 / total_h,
                                        wspace=0.95 / ((width - 0.95) / len(panels) - 0.95))
        if caption:
            self.caption = self.figure.text(0.8 / width, (caption_in - 0.08) / (height + caption_in),
                                            caption, va="top", ha="left", fontsize=fontsize or 9)
        if live:
            livecanvas.attach(self.figure)
        axes = self.figure.subplots(1, len(panels), squeeze=False)[0]
        self.ax = dict(zip(self.panels, axes))
        if fontsize is not None:
            for ax in axes:
                ax.tick_params(labelsize=fontsize)
        self._artists = []
        self._limits = {}
        if "cost" in self.ax:
            self._init_cost(self.ax["cost"])
        if "dead" in self.ax:
            self._init_dead(self.ax["dead"], n_layers)
        if "stability" in self.ax:
            self._init_stability(self.ax["stability"])
        self._blit = livecanvas.Blitter(self.figure, self._artists) if live else None

    @property
    def frame_sum(self):
        """RGB sum of the last frame sent to the browser (None: none sent, or not live)."""
        return self._blit.frame_sum if self._blit is not None else None

    # -- panels ----------------------------------------------------------------------
    def _init_cost(self, ax):
        ax.set_yscale("log")
        _log_axis(ax.yaxis)
        ax.set(xlabel="epoch", ylabel="cost", title="cost (log scale)")
        self._fonts(ax)
        (self.cost_line,) = ax.plot([], [], color="tab:blue", lw=1.5)
        trans = blended_transform_factory(ax.transData, ax.transAxes)
        (self.overflow_mark,) = ax.plot([], [], "rx", ms=9, mew=2, transform=trans, clip_on=False)
        self.overflow_text = ax.text(0, 0.93, "", color="tab:red", transform=trans,
                                     ha="right", va="top", fontsize=self._text["note"])
        # epoch 0, marked and labelled: a first steep drop would otherwise hide against the axis
        (self.start_mark,) = ax.plot([], [], "o", mfc="white", color="tab:blue", ms=5, zorder=3)
        self.start_text = ax.annotate("", xy=(0, 1), xytext=(6, 3), textcoords="offset points", va="bottom",
                                      color="tab:blue", fontsize=self._text["note"])
        self._artists += [self.cost_line, self.overflow_mark, self.overflow_text,
                          self.start_mark, self.start_text]

    def _init_dead(self, ax, n_layers):
        # the legend gets a strip of its own above share 1, where no line can ever be
        ax.set(xlabel="epoch", ylabel="share of units dead", title="dead units per layer",
               ylim=(-0.05, 1.3), yticks=[0, 0.25, 0.5, 0.75, 1])
        self._fonts(ax)
        self.dead_lines = []
        for l in range(n_layers):
            lw, ls = DEAD_STYLES[min(l, len(DEAD_STYLES) - 1)]
            label = "output" if l == n_layers - 1 else f"hidden {l + 1}"
            self.dead_lines += ax.plot([], [], color=COLORS[l % len(COLORS)], lw=lw, ls=ls, label=label)
        ax.legend(loc="upper center", ncol=min(n_layers, 3), fontsize=self._text["legend"],
                  handlelength=2.2, columnspacing=1.0, borderaxespad=0.3, framealpha=1)
        self._artists += self.dead_lines

    def _init_stability(self, ax):
        ax.set_xscale("log")
        _log_axis(ax.xaxis)
        ax.set(xlim=STAB_RANGE, ylim=(0, 1), yticks=[], xlabel="lr × λ_max (initial weights)",
               title="stability: lr × λ_max < 2 ?")
        self._fonts(ax)
        # The readout sits in a band of its own at the bottom: the limit line stops above it.
        band = 0.2
        ax.axvspan(STAB_RANGE[0], LIMIT, ymin=band, color="tab:green", alpha=0.12)
        ax.axvspan(LIMIT, STAB_RANGE[1], ymin=band, color="tab:red", alpha=0.12)
        ax.axvline(LIMIT, ymin=band, color="k", lw=1)
        ax.axhline(band, color="0.7", lw=0.8)
        note = self._text["note"]
        ax.text(LIMIT, 0.97, " 2", va="top", fontsize=note)
        ax.text(0.014, 0.97, "stable", va="top", ha="center", color="tab:green", fontsize=note)
        ax.text(140, 0.97, "explodes", va="top", ha="center", color="tab:red", fontsize=note)
        self.stab_bar = ax.barh([0.53], [0], left=STAB_RANGE[0], height=0.3, color="tab:blue")[0]
        self.stab_text = ax.text(0.5, band / 2, "", transform=ax.transAxes, ha="center", va="center",
                                 fontsize=self._text["readout"])
        self._artists += [self.stab_bar, self.stab_text]

    def _fonts(self, ax):
        if self.fs is not None:
            ax.title.set_fontsize(self.fs + 1)
            ax.xaxis.label.set_fontsize(self.fs)
            ax.yaxis.label.set_fontsize(self.fs)

    # -- updates ---------------------------------------------------------------------
    def update(self, hist, epochs=None, ratio=None, ratio_note="", preview=False):
        """Show a History (possibly a preview of the first epochs of a longer run).

        epochs: the x range (default: the history's own length); ratio: lr * lambda_max or None.
        preview: the cost axis only widens (to the union of old and new limits), so the
        full run that follows usually fits without another re-render.
        Returns the names of the panels whose axes had to be re-rendered (empty: only
        the data moved, the cheap case).
        """
        epochs = max(1, int(epochs if epochs is not None else hist.epochs))
        cost = np.asarray(hist.cost, dtype=float)
        limits = {}
        if "cost" in self.ax:
            finite = np.where(np.isfinite(cost) & (cost > 0), cost, np.nan)
            self.cost_line.set_data(*_thin(finite))
            self._show_start(finite)
            bad = hist.diverged_at
            if bad is not None:
                self.overflow_mark.set_data([bad], [1.0])
                left = bad < 0.5 * epochs  # keep the label inside the axes
                self.overflow_text.set_position((bad, 0.93))
                self.overflow_text.set_horizontalalignment("left" if left else "right")
                self.overflow_text.set_text(f" overflow ({cost[bad]}) at epoch {bad} ")
            else:
                self.overflow_mark.set_data([], [])
                self.overflow_text.set_text("")
            limits["cost"] = (epochs, self._cost_limits(cost, widen_only=preview))
        if "dead" in self.ax:
            dead = np.asarray(hist.dead_fraction, dtype=float)
            for l, line in enumerate(self.dead_lines):
                line.set_data(*_thin(dead[:, l]))
            limits["dead"] = (epochs,)
        if "stability" in self.ax:
            if ratio is None:
                self.stab_bar.set_width(0)
                self.stab_text.set_text(ratio_note or "unavailable")
            else:
                shown = min(max(ratio, STAB_RANGE[0]), STAB_RANGE[1])
                self.stab_bar.set_width(shown - STAB_RANGE[0])
                self.stab_bar.set_color("tab:green" if ratio < LIMIT else "tab:red")
                verdict = "stable" if ratio < LIMIT else "unstable"
                self.stab_text.set_text(f"lr × λ_max = {ratio:.3g} ({verdict})")
            limits["stability"] = ()
        return self._redraw(limits)

    def _show_start(self, finite):
        """Epoch 0's marker with its value above and right of it (the decade limits leave no
        room below a rising curve's start; a falling curve leaves that corner empty)."""
        if len(finite) == 0 or not np.isfinite(finite[0]):
            self.start_mark.set_data([], [])
            self.start_text.set_text("")
            return
        self.start_mark.set_data([0], [finite[0]])
        self.start_text.xy = (0, finite[0])
        self.start_text.set_text(f"epoch 0: {finite[0]:.3g}")

    def _cost_limits(self, cost, widen_only=False):
        """Decade limits for the cost axis, kept while the data still fits them well.

        Keeping them saves a re-render of the axis (the slow part of a redraw) on most moves.
        """
        new = _decades(cost) or (1e-3, 1e3)
        old = self._limits.get("cost", (None, None))[1]
        if widen_only and old is not None:
            return min(old[0], new[0]), max(old[1], new[1])
        if old is not None and old[0] <= new[0] and new[1] <= old[1] \
                and math.log10(old[1] / old[0]) <= math.log10(new[1] / new[0]) + 2:
            return old
        return new

    def _redraw(self, limits):
        changed = [name for name, lim in limits.items() if self._limits.get(name) != lim]
        for name in changed:
            lim = limits[name]
            if name in ("cost", "dead"):
                self.ax[name].set_xlim(-0.025 * lim[0], lim[0])  # epoch 0 off the y axis
            if name == "cost":
                self.ax[name].set_ylim(*lim[1])
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
