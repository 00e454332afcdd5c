"""The course's panels, each drawn by one pair of functions: the still figures
(nnlib.plotting) and the live explorer (nnlib.live.livefig) both use them.

    arts = draw_cost(ax)                      # the axis's fixed parts, and its changing artists
    update_cost(arts, hist.cost, hist.diverged_at, epochs)   # set the artists' data
    arts = draw_dead(ax, n_layers);  update_dead(arts, hist.dead_fraction, activations)
    arts = draw_stability(ax);       update_stability(arts, ratio)
    arts = draw_sharpness(ax);       update_sharpness(arts, epochs, lr * lambda_max at them)
    arts = draw_fit(ax);             update_fit(arts, targets, predictions)
    arts = draw_gradients(ax, n_layers);  update_gradients(arts, hist.grad_norm)

A panel with one line per layer (dead, gradients) is drawn for at most ``n_layers`` layers
and shows as many as its data have: the live explorer draws for the deepest net its
controls allow, and a change of depth only hides or relabels lines.

``draw_*`` sets up an axis once and returns a dict of the artists an update changes; a
still figure calls it and the update once, the live explorer draws once and then only
updates data (its artists are blitted: nnlib.live.livecanvas). The panels' constants (limits,
colours, line styles, names) live here and nowhere else.

The cost axis holds log10(cost), labelled as powers of ten: matplotlib's own log axis
overflows (RuntimeWarning) near the float limit of 1e308, which is where a diverging
run ends. Non-finite costs never reach matplotlib: the curve stops at the last finite
value, and an "x" on the top edge with a dotted line marks the epoch it overflowed.
"""
import math

import numpy as np
from matplotlib.ticker import FuncFormatter, MaxNLocator

from . import activations, i18n

LIMIT = 2.0  # gradient descent on a quadratic is stable while lr * lambda_max < 2
STAB_RANGE = (1e-4, 1e4)
STAB_BAND = 0.2  # height (axes fraction) of the stability panel's readout band
MAX_POINTS = 2000  # longer curves are thinned to this many points before drawing
GREEN, RED = "#4daf4a", "#d7191c"
COLORS = ("tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple")
# Dead-share lines often lie on top of each other (all 0, or all 1): the first layer is drawn
# wide and solid, later ones narrower and dashed on top of it, so every line stays visible.
DEAD_STYLES = ((4.5, "-"), (2.0, (0, (4, 2))), (1.5, (0, (1, 1.5))), (1.2, "-."), (1.0, "-"))
DEAD_YLIM = (-0.05, 1.3)  # the legend gets a strip of its own above share 1, where no line can be
LEGEND_ROW = 0.25  # how much a second row of legend widens that strip (in axis units of a share 1)
NOT_RECORDED = "not recorded (train with record=True)"
CANNOT_DIE = "no ReLU-like layer: units cannot die"



# Fonts with Chinese glyphs, preferred first (binder/apt.txt installs fonts-wqy-microhei)
CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
             "PingFang SC", "Heiti SC", "Microsoft YaHei", "SimHei")  # Linux, then macOS and Windows
CJK_FILES = ("notosanscjk", "sourcehansans", "wqy-microhei", "wqy-zenhei")


def cjk_font():
    """Let matplotlib draw Chinese text (the doctor's sentences under the explorers' figures):
    an installed CJK font joins the end of ``font.family``, so matplotlib falls back to it
    glyph by glyph while the font before it (DejaVu Sans) still draws the Latin letters and
    the numbers. Returns its family, or None (no such font: Chinese draws as boxes, with a
    warning)."""
    import os

    from matplotlib import font_manager, rcParams

    def installed():
        names = {f.name for f in font_manager.fontManager.ttflist}
        return next((f for f in CJK_FONTS if f in names), None)

    family = installed()
    if family is None:  # installed after matplotlib's font cache was built: add its files
        for path in font_manager.findSystemFonts():
            if any(k in os.path.basename(path).lower() for k in CJK_FILES):
                font_manager.fontManager.addfont(path)
        family = installed()
    if family is not None and family not in rcParams["font.family"]:
        rcParams["font.family"] = [*rcParams["font.family"], family]
    return family


i18n.on_language(lambda lang: cjk_font() if lang == "zh" else None)

def layer_names(n_layers):
    """Short names of the layers, as the legends show them: hidden 1, ..., output."""
    return [f"hidden {l + 1}" for l in range(n_layers - 1)] + ["output"]


def dying_layers(layer_activations):
    """Indices of the layers whose units can die (z <= 0 on every sample freezes them)."""
    return tuple(l for l, a in enumerate(layer_activations) if activations.get(a).can_die)


def thin(y):
    """(x, y) with at most about MAX_POINTS points: (n,) -> (m,), (m,).
    Each block of k points keeps its lowest and its highest (in order), so a spike one
    epoch wide survives thinning; the first and last points are always kept. NaN (a gap
    in the curve) is kept only where a whole block is NaN."""
    y = np.asarray(y)
    n = len(y)
    x = np.arange(n)
    if n <= MAX_POINTS:
        return x, y
    k = math.ceil(n / (MAX_POINTS // 2 - 1))  # two points a block, room for the ends
    blocks = math.ceil(n / k)
    padded = np.full(blocks * k, np.nan)
    padded[:n] = y
    padded = padded.reshape(blocks, k)
    nan = np.isnan(padded)
    starts = np.arange(blocks) * k
    low = starts + np.argmin(np.where(nan, np.inf, padded), axis=1)
    high = starts + np.argmax(np.where(nan, -np.inf, padded), axis=1)
    idx = np.unique(np.r_[0, np.minimum(low, n - 1), np.minimum(high, n - 1), n - 1])
    return x[idx], y[idx]


def short(v):
    """A cost as a short label: 3880, 7.02, 0.0123, 2.33e4 (an exponent from 10,000 on)."""
    if 0.01 <= abs(v) < 1e4:
        return np.format_float_positional(v, precision=3, fractional=False, trim="-")
    mant, exp = f"{v:.2e}".split("e")
    return f"{mant}e{int(exp)}"


def log10_cost(cost):
    """log10 of each positive finite cost, nan elsewhere: (epochs,) -> (epochs,)."""
    c = np.asarray(cost, float)
    ok = np.isfinite(c) & (c > 0)
    y = np.full(len(c), np.nan)
    y[ok] = np.log10(c[ok])
    return y


def say(text, words):
    """Set a Text's words; an empty one is hidden, since an empty Text still claims a box
    at the figure's corner in tight_layout's sums."""
    text.set_text(words)
    text.set_visible(bool(words))


def place(line, x, y):
    """Set a Line2D's data; an empty one is hidden (unclipped, it would claim a box at the
    figure's corner too)."""
    line.set_data(x, y)
    line.set_visible(len(x) > 0)


# -- cost ----------------------------------------------------------------------------------
def _power_of_ten(axis):
    """Formatter for log10(cost): "10^n" when every tick is a whole decade, else the cost
    itself with just enough digits to tell the ticks apart (a curve spanning less than a
    decade gets fractional ticks, which "10^n" would round to the same label)."""
    def label(v, _pos=None):
        locs = np.asarray(axis.get_majorticklocs(), float)
        if np.all(np.abs(locs - np.round(locs)) < 1e-9):
            return f"$10^{{{round(v)}}}$"
        def text(x, digits):  # significant digits, without an exponent: 310, not 3.1e+02
            return np.format_float_positional(10 ** x, precision=digits, fractional=False, trim="-")
        for digits in range(2, 9):
            if len({text(x, digits) for x in locs}) == len(locs):
                break
        return text(v, digits)
    return label


def draw_cost(ax, color=None, label=None, fontsize=8, plain_ticks=False):
    """Set up a cost axis (log10 of the cost) and add one curve's artists; returns them.

    plain_ticks: decade labels as plain text (1e3), which the live figure re-renders
    faster than mathtext. Several calls on one ax share the axis (several curves).
    """
    line, = ax.plot([], [], color=color, label=label, lw=1.5)
    col = line.get_color()
    trans = ax.get_xaxis_transform()  # x in epochs, y in axes fraction
    arts = dict(line=line,
                overflow_line=ax.plot([], [], color=col, ls=":", lw=1, transform=trans)[0],
                overflow_mark=ax.plot([], [], "x", color=col, ms=9, mew=2, transform=trans,
                                      clip_on=False)[0],
                overflow_text=ax.text(0, 0.93, "", color=col, transform=trans, va="top",
                                      fontsize=fontsize, visible=False),
                # epoch 0, marked and labelled: a first steep drop would hide against the axis
                start_mark=ax.plot([], [], "o", mfc="white", color=col, ms=6, zorder=3)[0],
                start_text=ax.annotate("", xy=(0, 0), xytext=(8, 3), textcoords="offset points",
                                       color=col, fontsize=fontsize, gid="cost-start", visible=False))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(
        (lambda v, _=None: f"1e{round(v)}") if plain_ticks else _power_of_ten(ax.yaxis)))
    ax.set_xlabel("epoch")
    ax.set_ylabel("cost, log scale")
    return arts


def update_cost(arts, cost, diverged_at=None, epochs=None):
    """Show one cost history: (epochs,) costs, the epoch they overflowed (None: never).

    epochs: the x range shown (the overflow label goes on the side with room); default
    the history's length. Returns the overflow epoch (None: none). Epoch 0's label goes where the curve leaves room: below it
    when the curve rises, above it when it falls.
    """
    y = log10_cost(cost)
    arts["line"].set_data(*thin(y))
    k = diverged_at
    if k is None and not np.isfinite(np.asarray(cost, float)).all():
        k = int(np.argmin(np.isfinite(cost)))
    over = arts["overflow_text"]
    if k is None:
        for name in ("overflow_line", "overflow_mark"):
            place(arts[name], [], [])
        say(over, "")
    else:
        place(arts["overflow_line"], [k, k], [0, 1])
        place(arts["overflow_mark"], [k], [1.0])
        left = k < 0.5 * (epochs or len(y))  # keep the label inside the axes
        over.set_position((k, 0.93))
        over.set_horizontalalignment("left" if left else "right")
        say(over, f" overflow ({cost[k]}) at epoch {k} ")
    start = arts["start_text"]
    if len(y) == 0 or not np.isfinite(y[0]):
        place(arts["start_mark"], [], [])
        say(start, "")
        return k
    rising = bool(np.nanmax(y[: max(2, len(y) // 10)]) > y[0])
    place(arts["start_mark"], [0], [y[0]])
    start.xy = (0, y[0])
    start.set_position((8, -3 if rising else 3))
    start.set_verticalalignment("top" if rising else "bottom")
    say(start, f"epoch 0: {short(10 ** y[0])}")
    return k


def decade_limits(cost):
    """(lo, hi) whole decades, in log10(cost), around the positive finite costs, or None."""
    y = log10_cost(cost)
    y = y[np.isfinite(y)]
    if y.size == 0:
        return None
    lo, hi = math.floor(y.min()), math.ceil(y.max())
    return lo, max(hi, lo + 1)


# -- dead units ----------------------------------------------------------------------------
def draw_dead(ax, n_layers, fontsize=8):
    """Set up a dead-share axis with one (empty) line per layer; returns the artists.

    update_dead fills the lines of the layers that can die and gives them the legend.
    """
    ax.set(xlabel="epoch", ylabel="dead units (share)", ylim=DEAD_YLIM, yticks=[0, 0.25, 0.5, 0.75, 1])
    lines = []
    for l, name in enumerate(layer_names(n_layers)):
        lw, ls = DEAD_STYLES[min(l, len(DEAD_STYLES) - 1)]
        lines += ax.plot([], [], color=COLORS[l % len(COLORS)], lw=lw, ls=ls, label=name)
    note = ax.text(0.5, 0.5, "", ha="center", transform=ax.transAxes, fontsize=fontsize, visible=False)
    return dict(lines=lines, note=note, shown=None, fontsize=fontsize, legend_rows=1)


def update_dead(arts, dead, layer_activations):
    """Show the dead share per epoch, (epochs, layers), of the layers that can die.

    ``arts["shown"]`` names the layers drawn: a live figure re-renders the axis when it changes.
    """
    dead = np.asarray(dead, float)
    lines = arts["lines"]
    dying = dying_layers(layer_activations)  # the others record NaN: they have no dead share
    recorded = dead.size > 0 and np.isfinite(dead[:, list(dying)]).any()
    shown = dying if recorded else ()
    for l, line in enumerate(lines):
        line.set_data(*thin(dead[:, l]) if l in shown else ([], []))
    say(arts["note"], "" if shown else CANNOT_DIE if not dying else NOT_RECORDED)
    if _legend(arts, tuple(layer_names(len(layer_activations))[l] for l in shown), shown):
        lines[0].axes.set_ylim(DEAD_YLIM[0], DEAD_YLIM[1] + LEGEND_ROW * (arts["legend_rows"] - 1))


def _legend(arts, names, shown):
    """Give the lines ``shown`` (layer indices) the legend ``names``, when they changed; True
    when it did.

    The names follow the depth (the second of three layers is "hidden 2", of two "output"),
    so ``arts["shown"]`` holds the names: a new depth is a new legend. Up to three names sit
    in one row, four in two (``arts["legend_rows"]``: a panel's axis grows by LEGEND_ROW per
    row, so the legend never covers a line).
    """
    if names == arts["shown"]:
        return False
    arts["shown"] = names
    arts["legend_rows"] = 1 if len(shown) <= 3 else 2
    lines = arts["lines"]
    for l, name in zip(shown, names):
        lines[l].set_label(name)
    ax = lines[0].axes
    if ax.get_legend() is not None:
        ax.get_legend().remove()
    if shown:
        ax.legend(handles=[lines[l] for l in shown], loc="upper center",
                  ncol=-(-len(shown) // arts["legend_rows"]),
                  fontsize=arts["fontsize"], handlelength=2.2, columnspacing=1.0,
                  borderaxespad=0.3, framealpha=1)
    return True


# -- stability -----------------------------------------------------------------------------
def draw_stability(ax, limit=LIMIT, fontsize=8, readout_in_title=False):
    """Set up the lr * lambda_max axis (log) against the limit; returns the artists.

    A marker, not a bar: on a log axis a bar would have to start at some arbitrary small
    value, and its length would mean nothing. The readout (value and verdict) goes in a
    band of its own at the bottom, which the limit line stops above, or in the title.
    """
    lo, hi = STAB_RANGE
    band = 0.0 if readout_in_title else STAB_BAND
    ax.set_xscale("log")
    ax.set(xlim=STAB_RANGE, ylim=(0, 1), yticks=[], xlabel="lr × λ_max (log scale)")
    ax.axvspan(lo, limit, ymin=band, color=GREEN, alpha=0.15, lw=0)
    ax.axvspan(limit, hi, ymin=band, color=RED, alpha=0.15, lw=0)
    ax.axvline(limit, ymin=band, color="k", lw=1)
    ax.text(limit, 0.97, f" {limit:g}", va="top", fontsize=fontsize)
    ax.text(0.014, 0.97, "stable", va="top", ha="center", color=GREEN, fontsize=fontsize)
    ax.text(140, 0.97, "explodes", va="top", ha="center", color=RED, fontsize=fontsize)
    if band:
        ax.axhline(band, color="0.7", lw=0.8)
        text = ax.text(0.5, band / 2, "", transform=ax.transAxes, ha="center", va="center",
                       fontsize=fontsize + 1, visible=False)
    else:
        text = ax.title
    marker, = ax.plot([], [], "D", mec="k", ms=9, clip_on=False)
    value = ax.annotate("", xy=(1, 0), xytext=(0, -12), textcoords="offset points",
                        ha="center", va="top", fontsize=fontsize, visible=False)
    return dict(marker=marker, value=value, text=text, limit=limit, y=(1 + band) / 2)


def update_stability(arts, ratio, note=""):
    """Show lr * lambda_max (a float, or None / nan / inf: not known, ``note`` says why)."""
    r = np.nan if ratio is None else float(ratio)
    limit = arts["limit"]
    if not (np.isfinite(r) and r > 0):
        place(arts["marker"], [], [])
        say(arts["value"], "")
        say(arts["text"], note or "lr × λ_max: not known")
        return
    x = min(max(r, STAB_RANGE[0]), STAB_RANGE[1])
    place(arts["marker"], [x], [arts["y"]])
    arts["marker"].set_color(RED if r >= limit else GREEN)
    arts["marker"].set_markeredgecolor("k")
    arts["value"].xy = (x, arts["y"])
    say(arts["value"], f"{r:.3g}")
    say(arts["text"], f"lr × λ_max = {r:.3g}: {'unstable' if r >= limit else 'stable'}")


# -- sharpness: lr * lambda_max over the epochs -----------------------------------------------
NO_SHARPNESS = "λ_max over the epochs: plain gradient descent only (no momentum, Adam or adaptive lr)"


def draw_sharpness(ax, limit=LIMIT, fontsize=8):
    """Set up the lr * lambda_max against epoch axis (log) with the limit; returns the artists.

    lambda_max measured at a few epochs of the run, not only at its start: under full-batch
    gradient descent it rises until lr * lambda_max reaches about 2 and hovers there (the
    edge of stability, notebook 09).
    """
    ax.set_yscale("log")
    ax.axhline(limit, color="k", lw=1, ls="--")
    ax.text(0.01, limit, f" {limit:g}", transform=ax.get_yaxis_transform(), va="bottom", fontsize=fontsize)
    line, = ax.plot([], [], "o-", ms=4, color="tab:purple")
    note = ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center", va="center", wrap=True,
                   fontsize=fontsize, visible=False)
    ax.set(xlabel="epoch", ylabel="lr × λ_max", ylim=(limit / 10, limit * 10))
    return dict(line=line, note=note, limit=limit)


def update_sharpness(arts, epochs, ratio, note=""):
    """epochs (k,), ratio (k,): lr * lambda_max at those epochs (nan where not measured);
    an empty pair shows ``note`` instead. Returns the y limits (a change re-renders the axis)."""
    r = np.asarray(ratio, float)
    ok = np.isfinite(r) & (r > 0)
    place(arts["line"], np.asarray(epochs, float)[ok], r[ok])
    say(arts["note"], "" if ok.any() else (note or NO_SHARPNESS))
    limit = arts["limit"]
    lo = min(limit / 10, float(r[ok].min()) / 2) if ok.any() else limit / 10
    hi = max(limit * 10, float(r[ok].max()) * 2) if ok.any() else limit * 10
    lims = (10 ** math.floor(math.log10(lo)), 10 ** math.ceil(math.log10(hi)))
    arts["line"].axes.set_ylim(lims)
    return lims


# -- fit: predicted against target -------------------------------------------------------
FIT_MARGIN = 2.0  # predictions further than this many target ranges off the targets are off the scale
NO_FIT = "no predictions: the run overflowed"


def nice_limits(lo, hi):
    """(lo, hi) widened to multiples of a round step (1, 2 or 5 times a power of ten, about a
    tenth of the range): small changes of the data keep the same limits."""
    span = hi - lo if hi > lo else max(abs(hi), 1.0)
    step = 10.0 ** math.floor(math.log10(span / 10))
    step *= next(m for m in (1, 2, 5, 10) if span / (m * step) <= 10)
    return math.floor(lo / step) * step, math.ceil(hi / step) * step


def draw_fit(ax, n_outputs=2, fontsize=8):
    """Set up a predicted-against-target axis: the line y = x and one (empty) set of points
    per output; returns the artists. A net that learned the function puts its points on
    the line; one that learned only the mean, on a flat row at the targets' mean."""
    ax.set(xlabel="target", ylabel="predicted")
    diag = ax.axline((0, 0), (1, 1), color="0.35", lw=1, ls="--", label="y = x")
    points = [ax.plot([], [], "o", ms=2.5, alpha=0.6, color=COLORS[k % len(COLORS)],
                      label=f"output {k + 1}")[0] for k in range(n_outputs)]
    ax.legend(handles=[diag] + points, loc="upper left", fontsize=fontsize, framealpha=1,
              handlelength=1.5, markerscale=2)
    note = ax.text(0.5, 0.5, "", ha="center", transform=ax.transAxes, fontsize=fontsize, visible=False)
    off = ax.text(0.98, 0.03, "", ha="right", transform=ax.transAxes, fontsize=fontsize, visible=False)
    return dict(points=points, note=note, off=off)


def fit_limits(targets, predictions):
    """Limits for both axes of the fit panel: the targets and every finite prediction within
    FIT_MARGIN target ranges of them, widened to round steps (nice_limits); (k, outputs) each."""
    t = np.asarray(targets, float)
    p = np.asarray(predictions, float)
    lo, hi = float(t.min()), float(t.max())
    reach = FIT_MARGIN * max(hi - lo, 1e-9)
    near = p[np.isfinite(p) & (p >= lo - reach) & (p <= hi + reach)]
    if near.size:
        lo, hi = min(lo, float(near.min())), max(hi, float(near.max()))
    return nice_limits(lo, hi)


def update_fit(arts, targets, predictions):
    """Show each output's predictions against its targets: (k, outputs) each.

    Returns the limits both axes need (fit_limits); predictions beyond them are counted
    in a note, and non-finite ones (an overflowed run) leave the panel empty with a note.
    """
    t = np.asarray(targets, float)
    p = np.asarray(predictions, float)
    lims = fit_limits(t, p)
    finite = np.isfinite(p).all()
    for k, pts in enumerate(arts["points"]):
        place(pts, t[:, k] if finite else [], p[:, k] if finite else [])
    say(arts["note"], "" if finite else NO_FIT)
    count_off(arts, p, lims)
    return lims


def count_off(arts, predictions, lims):
    """Say how many predictions lie outside the limits (lo, hi) the fit panel shows."""
    p = np.asarray(predictions, float)
    out = int(((p < lims[0]) | (p > lims[1])).sum()) if np.isfinite(p).all() else 0
    say(arts["off"], f"{out} of {p.size} off the scale" if out else "")


# -- gradient norm per layer -------------------------------------------------------------
def draw_gradients(ax, n_layers, fontsize=8):
    """Set up a gradient-norm axis (log10 of the norm, labelled 1eN) with one (empty) line
    per layer, up to n_layers; returns the artists. Exploding gradients climb, vanishing
    ones sit decades below the others (the first layers first)."""
    ax.set(xlabel="epoch", ylabel="gradient norm, log scale")
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _=None: f"1e{round(v)}"))
    lines = [ax.plot([], [], color=COLORS[l % len(COLORS)], lw=1.5)[0] for l in range(n_layers)]
    note = ax.text(0.5, 0.5, "", ha="center", transform=ax.transAxes, fontsize=fontsize, visible=False)
    return dict(lines=lines, note=note, shown=None, fontsize=fontsize, legend_rows=1)


def update_gradients(arts, grad_norm):
    """Show each layer's gradient norm per epoch, (epochs, layers), as log10 (a zero or
    non-finite norm leaves a gap). Returns the decade limits of the values (decade_limits),
    or None when there are none."""
    g = np.asarray(grad_norm if grad_norm is not None else np.empty((0, 0)), float)
    recorded = g.ndim == 2 and g.size > 0
    n = g.shape[1] if recorded else 0
    y = log10_cost(g.ravel()).reshape(g.shape) if recorded else g
    for l, line in enumerate(arts["lines"]):
        line.set_data(*thin(y[:, l]) if l < n else ([], []))
        line.set_visible(l < n)
    say(arts["note"], "" if recorded else NOT_RECORDED)
    shown = tuple(range(min(n, len(arts["lines"]))))
    _legend(arts, tuple(layer_names(n)[l] for l in shown), shown)
    return decade_limits(g.ravel()) if recorded else None
