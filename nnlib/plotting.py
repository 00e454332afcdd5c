"""Static figures for the course: every function takes ``ax=None`` and returns the axes.

    import nnlib.plotting as nplt
    hist = nnlib.train(net, X, Y, lr=0.01, epochs=300, reduction="sum")
    nplt.cost_curve(hist)                        # log scale; marks where the cost overflowed
    nplt.cost_limits(ax, 1e-3, 1e30)             # its limits, in cost units
    nplt.dead_fraction(hist)                     # share of dead units per layer, per epoch
    nplt.update_ratio(hist)                      # |lr * step| / |weights| per layer, 1e-3 line
    nplt.preactivations(hist, epoch=0)           # needs train(..., snapshots=[0]); one colour per unit
    nplt.stability(0.01 * lambda_max)            # lr * lambda_max (a marker) against the limit 2
    nplt.blowup_map(ns, lrs, blew_up, theory)    # one square per run: red blew up, green fell
    nplt.phase_diagrams(res)                     # res = nnlib.sweep({"lr":..., "n":..., "reduction": ["sum", "mean"]}, ...)
    nplt.ladder_bars(nnlib.ladder.run())
    nplt.lr_range(nnlib.doctor.find_lr(train, settings))   # the range test, each rule, the limit

Non-finite costs never reach matplotlib: the curve stops at the last finite value and
the overflow is drawn as a marker and a dotted line with its epoch, so a diverged run
is visible instead of vanishing. matplotlib is imported by the drawing modules alone: this
one, nnlib.panels (the panels it shares with the live figures) and nnlib.live; ``import
nnlib`` does not load it (tests/test_layout.py holds both).
"""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from . import panels
from .curvature import linear_critical_lr
from .runs import settings_of

OUTCOMES = ("fell", "barely moved", "grew", "diverged")
OUTCOME_COLORS = (panels.GREEN, "#bdbdbd", "#fdae61", panels.RED)


def _ax(ax):
    return plt.subplots(figsize=(6, 3.5))[1] if ax is None else ax


def _crowded(ax, gid, y):
    """True if a label of this kind already sits within 8% of the data's height of y."""
    span = max(ax.dataLim.height, 1e-9)
    return any(t.get_gid() == gid and t.get_text() and abs(t.xy[1] - y) < 0.08 * span for t in ax.texts)


def cost_curve(hist, ax=None, label=None, color=None, diagnosis=None, ends=True):
    """Cost per epoch on a log scale, surviving inf and NaN (nnlib.panels' cost panel).

    hist: a History. diagnosis: optional nnlib.Diagnosis; its kind becomes the title.
    ends: mark epoch 0 (a hollow circle with its value; the x axis starts a little left of
    0 so a first steep drop is seen) and write the last finite cost at the right edge,
    where a tick would be.
    A diverged run's curve ends at its last finite cost; an "x" on the top edge and a
    dotted vertical line mark the epoch the cost became non-finite, with its label.
    Several calls on one ax share its axis (log10 of the cost, labelled as powers of ten).
    """
    ax = _ax(ax)
    c = np.asarray(hist.cost, float)
    y = panels.log10_cost(c)
    crowded = len(y) > 0 and _crowded(ax, "cost-start", y[0])  # before this curve adds a label
    arts = panels.draw_cost(ax, color=color, label=label)
    k = panels.update_cost(arts, c, getattr(hist, "diverged_at", None), len(c))
    ax.relim()  # data set after drawing: let the limits see it
    ax.autoscale_view()
    ok = np.isfinite(y)
    if not ends or crowded:  # curves that start together, or close on this scale, get one label
        panels.say(arts["start_text"], "")
    if not ends:
        panels.place(arts["start_mark"], [], [])
    elif ok[0]:
        ax.set_ymargin(max(ax.get_ymargin(), 0.1))  # room for the label beyond the curve's end
        last = np.flatnonzero(ok)[-1]
        if k is None and last > 0 and not _crowded(ax, "cost-end", y[last]):
            ax.annotate(panels.short(c[last]), xy=(1, y[last]), xycoords=("axes fraction", "data"),
                        xytext=(3, 0), textcoords="offset points", va="center", ha="left",
                        color=arts["line"].get_color(), fontsize=8, gid="cost-end")
    ax.set_ylabel(f"cost ({settings_of(hist).get('reduction', '')}), log scale".replace(" ()", ""))
    right = max(1, len(c) - 1, k or 0)
    pad = 0.025 * right  # epoch 0, and an overflow at the last epoch, stay off the spines
    ax.set_xlim(-pad if ends else 0, right + (pad if k is not None else 0))
    if diagnosis is not None:
        ax.set_title(f"{diagnosis.kind}", loc="left", fontsize=10)
    if label is not None:
        ax.legend(fontsize=8)
    return ax


def cost_limits(ax, lo, hi):
    """Set a cost_curve axis's limits in cost units (the axis holds log10 of the cost)."""
    if not 0 < lo < hi:
        raise ValueError(f"cost limits need 0 < lo < hi, got {lo}, {hi}")
    ax.set_ylim(np.log10(lo), np.log10(hi))
    return ax


def learning_rate(hist, ax=None, color="C2"):
    """The lr each update used, as a dashed step line on a second (right, log) axis of ``ax``.

    Beside a cost curve it shows when an adaptive run halved its lr. Returns that axis.
    """
    lr_ax = _ax(ax).twinx()
    lr_ax.step(np.arange(len(hist.lr)), hist.lr, where="post", color=color, ls="--")
    lr_ax.set(yscale="log", ylabel="lr (dashed)")
    return lr_ax


def dead_fraction(hist, ax=None):
    """Share of each ReLU-like layer's units that are dead (input <= 0 on every sample), per
    epoch (nnlib.panels' dead panel: layers that cannot die get no line)."""
    ax = _ax(ax)
    dead = np.asarray(hist.dead_fraction, float)
    n_layers = dead.shape[1] if dead.ndim == 2 else 1
    acts = settings_of(hist).get("activations", ["relu"] * n_layers)
    arts = panels.draw_dead(ax, n_layers)
    panels.update_dead(arts, dead.reshape(len(dead), n_layers), acts)
    ax.relim()  # data set after drawing: let the limits see it
    ax.autoscale_view()
    return ax


def update_ratio(hist, ax=None, healthy=1e-3):
    """|lr * step| / |weights| per layer and epoch, log scale, with the healthy level."""
    ax = _ax(ax)
    r = np.asarray(hist.update_ratio, float)
    good = np.isfinite(r) & (r > 0)
    if not good.any():
        ax.text(0.5, 0.5, panels.NOT_RECORDED, ha="center", transform=ax.transAxes)
    else:
        for l, name in enumerate(panels.layer_names(r.shape[1])):
            ax.plot(np.where(good[:, l], r[:, l], np.nan), label=name)
        ax.set_yscale("log")
        ax.axhline(healthy, color="k", linestyle="--", linewidth=1)
        ax.text(0, healthy, f" healthy ~{healthy:g}", va="bottom", fontsize=8)
        ax.legend(fontsize=8)
    ax.set_xlabel("epoch")
    ax.set_ylabel("update / weight")
    return ax


def preactivations(hist, epoch=None, layer=-1, ax=None, bins=40, by_unit=None):
    """Histogram of one layer's pre-activations at a snapshot epoch (train(snapshots=[...])).

    epoch: a key of hist.snapshots (default the first). bins: a count, or bin edges (give
    several panels the same edges to compare them). by_unit: one colour per unit, its share
    of z <= 0 in the legend (default when the layer has at most 4 units), else all pooled.
    Shades z <= 0, where ReLU outputs 0 and passes no gradient.
    """
    ax = _ax(ax)
    if not hist.snapshots:
        raise ValueError("this History has no snapshots; train with snapshots=[epochs]")
    epoch = min(hist.snapshots) if epoch is None else epoch
    if epoch not in hist.snapshots:
        raise ValueError(f"no snapshot at epoch {epoch}; have {sorted(hist.snapshots)}")
    Zs = np.asarray(hist.snapshots[epoch][layer], float)
    Zs = Zs.reshape(len(Zs), -1)
    Z = Zs[np.isfinite(Zs)]
    L = len(hist.snapshots[epoch])
    name = panels.layer_names(L)[layer % L]
    by_unit = Zs.shape[1] <= 4 if by_unit is None else by_unit
    if Z.size:
        edges = np.histogram_bin_edges(Z, bins=bins)
        if by_unit:
            for j in range(Zs.shape[1]):
                z = Zs[np.isfinite(Zs[:, j]), j]
                share = f"{np.mean(z <= 0):.1%}" if z.size else "-"
                ax.hist(z, bins=edges, alpha=0.6, label=f"unit {j + 1}: z <= 0 on {share}")
            title = f"{name}, epoch {epoch}"
        else:
            ax.hist(Z, bins=edges, color="#377eb8")
            title = f"{name}, epoch {epoch}: z <= 0 for {np.mean(Z <= 0):.0%} of all (sample, unit)"
        ax.axvspan(min(edges[0], 0), 0, color="#d7191c", alpha=0.12, lw=0,
                   label="z <= 0: output 0, slope 0")
        ax.axvline(0, color="k", linewidth=1)
        ax.legend(fontsize=8)
        ax.set_title(title, fontsize=10)
    ax.set_xlabel("pre-activation z")
    ax.set_ylabel("count (samples)")
    return ax


def stability(ratio, ax=None, limit=panels.LIMIT):
    """lr * lambda_max as a marker on a log axis against gradient descent's limit 2
    (nnlib.panels' stability panel, its readout in the title).

    ratio: lr * lambda_max, a float (nan or inf: no marker, said in the title). Green below
    the limit (the error shrinks), red above (it grows by |1 - ratio| per step).
    """
    ax = _ax(ax)
    arts = panels.draw_stability(ax, limit=limit, fontsize=9, readout_in_title=True)
    panels.update_stability(arts, ratio)
    ax.title.set_fontsize(10)
    return ax


def blowup_map(ns, lrs, blew_up, theory=None, ax=None):
    """One square per run of an lr x N grid, red where the cost blew up, green where it fell.

    ns: (n_N,), lrs: (n_lr,), blew_up: (n_lr, n_N) bool; theory: optional (n_N,) critical
    lrs, drawn as a line. Markers, not shaded cells: a cell would also colour the space
    between two learning rates, where no run was made, and red would then reach below a
    theory line that the runs themselves never cross.
    """
    ax = _ax(ax)
    blew_up = np.asarray(blew_up, bool)
    N, L = np.meshgrid(np.asarray(ns, float), np.asarray(lrs, float))
    for mask, colour, name in [(~blew_up, OUTCOME_COLORS[0], "fell"), (blew_up, OUTCOME_COLORS[3], "blew up")]:
        ax.scatter(N[mask], L[mask], marker="s", s=40, color=colour, label=name, zorder=2)
    if theory is not None:
        ax.plot(ns, theory, "k-", lw=2, label="theory: 2 / λ_max", zorder=3)
    ax.set(xscale="log", yscale="log", xlabel="N (samples)", ylabel="learning rate")
    return ax


def outcome(res):
    """Integer outcome per run of a SweepResult: index into OUTCOMES."""
    with np.errstate(all="ignore"):
        change = (res.final_cost - res.initial_cost) / np.abs(res.initial_cost)
    out = np.where(change < -0.01, 0, np.where(change <= 0.01, 1, 2))
    return np.where(res.diverged | ~np.isfinite(res.final_cost), 3, out)


def phase_diagram(res, reduction=None, ax=None, theory=True):
    """lr (y) x N (x) map of outcomes for one reduction, with 2 / lambda_max(X^T X) overlaid.

    res: a SweepResult whose grid has "lr" and "n" (and maybe "reduction", then pick one).
    Any other grid axis must have length 1. The theory line is the closed form of a
    linear layer without bias on the same data (exact for activation="identity").
    """
    ax = _ax(ax)
    if "lr" not in res.names or "n" not in res.names:
        raise ValueError(f"phase_diagram needs 'lr' and 'n' in the grid, got {res.names}")
    oc = outcome(res)
    index = []
    red = reduction or res.settings.reduction
    for name in res.names:
        if name in ("lr", "n"):
            index.append(slice(None))
        elif name == "reduction":
            if reduction is None:
                raise ValueError("the grid has several reductions: pass reduction='sum' or 'mean'")
            index.append(res.values["reduction"].index(reduction))
        elif len(res.values[name]) == 1:
            index.append(0)
        else:
            raise ValueError(f"grid axis {name!r} has {len(res.values[name])} values; phase_diagram shows one")
    grid = oc[tuple(index)]
    if res.names.index("lr") > res.names.index("n"):
        grid = grid.T  # rows = lr, columns = n
    lrs, ns = np.asarray(res.values["lr"], float), np.asarray(res.values["n"], float)
    order_l, order_n = np.argsort(lrs), np.argsort(ns)
    grid = grid[order_l][:, order_n]
    lrs, ns = lrs[order_l], ns[order_n]
    # one square per run, not shaded cells: a cell would colour lrs no run was made at
    N, L = np.meshgrid(ns, lrs)
    ax.scatter(N.ravel(), L.ravel(), c=np.asarray(OUTCOME_COLORS)[grid.ravel()], marker="s", s=40, zorder=2)
    ax.set_xscale("log")
    ax.set_yscale("log")
    if theory:
        nn = np.unique(np.geomspace(ns[0], ns[-1], 60).astype(int))
        crit = [linear_critical_lr(res.settings.replace(n=int(n)).arrays()[0], red) for n in nn]
        ax.plot(nn, crit, color="k", linewidth=2, label=r"$2/\lambda_{max}$")
        ax.legend(loc="lower left", fontsize=8)
    ax.set_xlabel("N (samples)")
    ax.set_ylabel("learning rate")
    ax.set_title(f"{red} cost", fontsize=10)
    return ax


def phase_diagrams(res, axes=None, theory=True):
    """Sum and mean side by side (res's grid must hold reduction=["sum", "mean"])."""
    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
    else:
        fig = axes[0].figure
    for ax, red in zip(axes, ("sum", "mean")):
        phase_diagram(res, red, ax=ax, theory=theory)
    axes[1].set_ylabel("")
    handles = [Patch(color=c, label=o) for c, o in zip(OUTCOME_COLORS, OUTCOMES)]
    fig.legend(handles=handles, loc="upper center", ncol=4, fontsize=8, frameon=False)
    return axes


def ladder_bars(result, ax=None):
    """Horizontal bars: success rate per ladder step (nnlib.ladder.run's result)."""
    ax = _ax(ax)
    n = len(result.seeds)
    y = np.arange(len(result.steps))[::-1]
    colors = ["#984ea3" if s.name == "answer" else "#4daf4a" for s in result.steps]
    ax.barh(y, result.rate, color=colors)
    for yi, rate in zip(y, result.rate):
        ax.text(min(rate, 0.88) + 0.01, yi, f"{int(round(rate * n))}/{n}", va="center", fontsize=8)
    ax.set_yticks(y, result.labels)
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"success rate over {n} seeds")
    return ax


RULE_STYLES = {"valley": ("tab:blue", "--"), "slide": ("tab:orange", "--"), "minimum/10": ("tab:pink", "--"),
               "steep": ("tab:purple", "--"), "steepest": ("tab:brown", ":")}  # Lightning's dotted: it often sits on steep


def lr_range(found, ax=None, best_lr=None):
    """The range test of ``nnlib.doctor.find_lr`` (an LRFind): the smoothed cost against lr
    (log-log, the raw cost faint), each rule's suggestion as a dashed (fastai) or dotted
    (Lightning) line, and the measured largest stable lr as a red band from it to the
    smallest unstable lr. The x axis ends where the test stopped.
    best_lr: an lr to mark as well (e.g. the lowest final cost of a sweep), a solid green line, or None."""
    ax = _ax(ax)
    ax.plot(found.lrs, panels.log10_cost(found.losses), color="0.6", linewidth=1, label="cost")
    ax.plot(found.lrs, panels.log10_cost(found.smoothed), color="k", linewidth=1.5, label="smoothed (the rules read it)")
    ax.set_xscale("log")
    ax.yaxis.set_major_formatter(FuncFormatter(panels._power_of_ten(ax.yaxis)))
    for name, lr in found.suggestions.items():
        if np.isfinite(lr):
            color, style = RULE_STYLES.get(name, ("0.5", "--"))
            ax.axvline(lr, color=color, linestyle=style, linewidth=1.4, label=f"{name} {lr:.2g}")
    if np.isfinite(found.stable_lr):
        top = found.unstable_lr if np.isfinite(found.unstable_lr) else found.stable_lr
        ax.axvspan(found.stable_lr, top * 1.02, color=panels.RED, alpha=0.5,
                   label=f"measured limit {found.stable_lr:.2g}")
    if best_lr is not None and np.isfinite(best_lr):
        ax.axvline(best_lr, color=panels.GREEN, linewidth=3, alpha=0.6, label=f"best lr {best_lr:.2g}")
    ax.set_xlabel("learning rate (the range test makes one update at each)")
    ax.set_ylabel("cost")
    ax.legend(fontsize=7, loc="upper left")
    return ax
