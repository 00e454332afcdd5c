"""Name what a cost curve shows, with its evidence in numbers and the fix to try first.

    hist = nnlib.train(net, X, Y, lr=0.01, epochs=1000, reduction="sum")
    d = nnlib.diagnose(hist)                    # cheap: reads the History only
    d = nnlib.diagnose(hist, critical_lr=0.0011)  # also says how far lr is from the limit
    d.kind, d.message, d.fix, d.evidence        # "diverging", "The cost grew ...", ...

Kinds, checked in this order (the first that fits wins):
- "diverging":   the cost became non-finite, or grows geometrically at the end;
- "dead":        every unit of some ReLU-like layer, or some unit of a ReLU-like output
                 layer, has a pre-activation <= 0 on every sample at the end (it passes no
                 gradient; given the trained net and X, "fewer than 2% of the samples"
                 counts too). Sigmoid, tanh and identity units are never called dead;
- "stalled":     the cost moved by less than 1% over the whole run: the step is far too
                 small, or gradients vanish;
- "oscillating": more than 30% of the updates in the second half raised the cost;
- "slow":        the cost is still falling by more than 5% over the last tenth of the run;
- "converging":  otherwise: the cost fell and is settling.
Epochs count updates: ``cost[t]`` is the cost after t updates.
diagnose never raises for a diverged or odd history and takes about a millisecond
(unless it is asked to compute the critical lr from ``net, X, Y``).
"""
from dataclasses import dataclass, field

import numpy as np

from . import activations, costs
from .ladder import SUCCESS_UNEXPLAINED  # the one bar: above it a fit is poor

KINDS = ("diverging", "dead", "stalled", "oscillating", "slow", "converging")
STALLED_BELOW = 0.01      # relative change of the cost over the run
RISING_SHARE = 0.3        # share of updates that raise the cost
SLOW_TAIL = 0.05          # relative fall over the last tenth of the run
HEALTHY_UPDATE_RATIO = 1e-3
BOUNDED_OUTPUTS = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}  # the range an output can reach
NEARLY_DEAD = 0.02        # with net and X: a unit active on fewer samples counts as dead


@dataclass
class Diagnosis:
    """kind: one of KINDS; message: plain sentences with numbers, ending with the fix;
    fix: the fix to try first alone; evidence: the numbers, by name."""
    kind: str
    message: str
    fix: str = ""
    evidence: dict = field(default_factory=dict)

    def __str__(self):
        return f"{self.kind}: {self.message}"


def _g(x):
    return f"{x:.3g}"


def _layer_name(l, L):
    return "the output layer" if l == L - 1 else f"hidden layer {l + 1}"


def _lr_sentence(ev):
    note = ev.get("curvature_note")
    return _lr_ratio_sentence(ev) + (" " + note if note else "")


def _lr_ratio_sentence(ev):
    r = ev.get("lr_over_critical")
    if r is None or not np.isfinite(r):
        return ""
    if r == 0:
        return " The cost has no upward curvature at these weights (no critical lr): nothing pulls them anywhere."
    crit = _g(ev["critical_lr"])
    lr = f"lr = {_g(ev['lr'])}" if "final_lr" not in ev else f"The final lr {_g(ev['final_lr'])}"
    if r >= 1:
        return f" {lr} is {r:.3g} times the critical lr {crit} (2 / lambda_max)."
    return f" {lr} is {1 / r:.3g} times below the critical lr {crit} (2 / lambda_max)."


def _step_fix(ev):
    """The first fix for a step that is too large."""
    crit = ev.get("critical_lr")
    target = f" to below {_g(crit)}, e.g. {_g(0.5 * crit)}" if crit and np.isfinite(crit) else " by 10x"
    if ev["reduction"] == "sum" and ev["n_samples"] > 1:
        return (f"use reduction='mean': the summed cost makes every step N = {ev['n_samples']} "
                f"times larger (or lower lr{target})")
    return f"lower lr{target}"


def _critical(history, critical_lr, net, X, Y, ev):
    """The critical lr given, or computed from net, X, Y; then a saddle or an unsettled
    power iteration is said in ev["curvature_note"] (repeated after the lr sentence)."""
    if critical_lr is None and net is not None and X is not None and Y is not None:
        from .curvature import critical_lr_report
        critical_lr, note, top = critical_lr_report(
            net, X, Y, history.settings.get("reduction", "mean"), max_iter=100)
        if note:
            ev["curvature_note"] = note
        if top.lowest is not None:
            ev["lowest_curvature"] = float(top.lowest)
    return None if critical_lr is None else float(critical_lr)


def _diverging(c, finite, history, ev):
    if not finite.all():
        k = int(np.argmin(finite))
        ev["overflow_epoch"] = k
    else:
        tail = c[-max(3, len(c) // 10):]
        up = np.diff(tail) > 0
        if not (len(c) > 10 and up.mean() >= 0.8 and c[-1] > 1e3 * np.min(c)):
            return None
        k = None
    good = c[:k] if k is not None else c
    span = min(20, len(good) - 1)  # geometric mean growth over the last (up to) 20 updates
    with np.errstate(all="ignore"):
        growth = float((good[-1] / good[-1 - span]) ** (1.0 / span)) if span > 0 else float("nan")
    ev["growth_per_step"] = growth
    if k is not None and not np.isfinite(growth):
        what = f"The cost went from {_g(c[0])} to {c[k]} at epoch {k}."
    elif k is not None:
        what = (f"The cost grew about {growth:.3g}-fold per update (from {_g(c[0])} to "
                f"{_g(good[-1])}) and overflowed to {c[k]} at epoch {k}.")
    else:
        left = (np.log(1e308) - np.log(c[-1])) / np.log(growth) if growth > 1 else np.inf
        ev["overflow_in"] = float(left)
        what = (f"The cost grows about {growth:.3g}-fold per update (from {_g(c[0])} to "
                f"{_g(c[-1])}); at this rate it overflows in about {left:.0f} more epochs.")
    return "diverging", what + _lr_sentence(ev), _step_fix(ev)


def _activity(net, X):
    """Per layer, the share of samples on which each unit's pre-activation is > 0."""
    with np.errstate(all="ignore"):
        _, cache = net.forward(np.asarray(X, float))
    return [np.mean(Z > 0, axis=0) for _, Z in cache]


def _dead(c, history, ev, shares=None):
    dead = np.asarray(history.dead_fraction, float)
    acts = history.settings.get("activations", [])
    sizes = history.settings.get("sizes", [])
    if dead.ndim != 2 or dead.size == 0 or len(sizes) != dead.shape[1] + 1:
        return None
    L = dead.shape[1]
    relu_like = [a in activations.RELU_LIKE for a in acts] if len(acts) == L else [True] * L
    if np.isfinite(dead[-1]).all():
        n_dead = [int(round(dead[-1, l] * sizes[l + 1])) for l in range(L)]
    elif shares is None:
        return None
    else:
        n_dead = [0] * L
    nearly = [0] * L
    if shares is not None:  # the trained net is at hand: count units alive on < 2% of samples
        nearly = [int(np.sum(sh < NEARLY_DEAD)) for sh in shares]
        ev["active_share"] = [sh.tolist() for sh in shares]
    worst = [max(a, b) for a, b in zip(n_dead, nearly)]
    whole = [l for l in range(L) if relu_like[l] and worst[l] == sizes[l + 1]]
    if not whole and not (relu_like[-1] and worst[-1] > 0):
        return None
    l = whole[0] if whole else L - 1
    strict = n_dead[l] == worst[l]
    col = dead[:, l] >= dead[-1, l] - 1e-12 if strict else np.zeros(len(dead), bool)
    since = int(len(col) - np.argmin(col[::-1])) if not col.all() else 0
    ev.update(dead_layer=l, dead_units=worst[l], dead_since=since)
    tail = c[since:]
    change = float(abs(tail[-1] - tail[0]) / max(abs(tail[0]), 1e-300)) if len(tail) > 1 else 0.0
    ev["change_since_dead"] = change
    leak = history.settings.get("leak", 0.0) if acts and acts[l] == "leaky_relu" else 0.0
    units = (f"Every unit of {_layer_name(l, L)} ({sizes[l + 1]} units)" if whole
             else f"{worst[l]} of {sizes[-1]} output units")
    if strict:
        when = "from the start" if since == 0 else f"since epoch {since}"
        what = f"{units} has been dead {when}: its input is <= 0 on every sample, so "
    else:
        low = float(np.min(shares[l]))
        when, since = "by the end", None
        what = (f"{units} is dead by the end: its input is <= 0 on every sample, so " if low == 0 else
                f"{units} is as good as dead by the end: its input is > 0 on only "
                f"{low:.1%} of the samples, so for the rest ")
    what += ("it outputs 0 and passes no gradient back." if not leak else
             f"it passes only leak = {leak:g} times the gradient back.")
    frozen_for = len(c) - 1 - since if since is not None else 0
    if frozen_for > 0:
        what += (f" Over the {frozen_for} epochs since, the cost moved by {change:.2g} "
                 f"(relative), ending at {_g(c[-1])}.")
    before = c[:(since if since is not None else len(c) - 1) + 1]
    jumps = before[1:] / np.maximum(before[:-1], 1e-300) if len(before) > 1 else np.array([])
    too_big = ev.get("lr_over_critical", 0) > 1
    if len(jumps) and jumps.max() > 1.5:
        t = int(np.argmax(jumps))
        ev["jump_epoch"], ev["jump_factor"] = t + 1, float(jumps[t])
        what += (f" Update {t + 1} raised the cost {jumps[t]:.3g}-fold ({_g(before[t])} to "
                 f"{_g(before[t + 1])}): a step too large pushed the units there.")
        too_big = True
    cures = _dead_cures(history.settings)
    if too_big:
        fix = _step_fix(ev) + ("; then " + cures if cures else "")
    else:
        fix = cures or "lower lr and start from another seed"
    return "dead", what + _lr_sentence(ev), fix


def _dead_cures(settings):
    """What the run lacks among the cures for dead units, most effective first."""
    acts = settings.get("activations", [])
    cures = []
    if acts and acts[-1] in activations.RELU_LIKE:
        cures.append("a linear output layer (output_activation='identity')")
    if any(a == "relu" for a in acts[:-1]) or (acts and acts[-1] == "relu" and len(acts) == 1):
        cures.append("leaky ReLU (activation='leaky_relu', leak=0.01)")
    elif any(a == "leaky_relu" for a in acts) and settings.get("leak", 0.01) < 1e-3:
        cures.append(f"a larger leak than {settings.get('leak'):g} (e.g. 0.01)")
    if not settings.get("has_bias", True):
        cures.append("trainable biases starting small and positive (bias_init=0.1)")
    return ", ".join(cures)


def _fit_note(net, X, Y, settings, ev, what, fix):
    """Converging, but to what? Compare each output's error with predicting its mean."""
    Y = np.asarray(Y, float)
    with np.errstate(all="ignore"):
        u = costs.unexplained(net.predict(X), Y)
    ev["unexplained"] = u.tolist()
    worst = int(np.nanargmax(u)) if np.isfinite(u).any() else None
    if worst is None or u[worst] <= SUCCESS_UNEXPLAINED:  # the ladder's bar for success
        return what, fix
    what += (f" But the fit is poor: output {worst + 1}'s error is {u[worst]:.3g} times that of "
             f"always predicting its mean.")
    low, high = BOUNDED_OUTPUTS.get(settings.get("activations", [None])[-1], (-np.inf, np.inf))
    if Y[:, worst].min() < low or Y[:, worst].max() > high:
        fix = (f"use a linear output layer (output_activation='identity'): this output can only "
               f"lie in ({low:g}, {high:g}), but the targets run from {Y[:, worst].min():.3g} "
               f"to {Y[:, worst].max():.3g}")
    elif not settings.get("has_bias", True):
        fix = ("add trainable biases (bias_init=0.1): without them the fit must pass through "
               "the origin")
    else:
        fix = "a bigger model or more epochs; check that no unit is dead"
    return what, fix


def diagnose(history, critical_lr=None, net=None, X=None, Y=None):
    """Diagnose a :class:`nnlib.History`; returns a :class:`Diagnosis`.

    critical_lr: the stability limit 2 / lambda_max, if known (best computed at the
    initial weights, e.g. ``nnlib.critical_lr(net0, X, Y, reduction)``); or pass
    ``net, X, Y`` and it is computed at net's current weights (costs about 10 ms for
    [7, 10, 2] on 1000 samples), together with the lowest eigenvalue: at a saddle the
    message adds that the limit applies to the upward directions only, and when the
    curvature cannot be measured it says so (evidence "curvature_note", "lowest_curvature").
    The message then says how far the run's lr is from it. With ``net`` and ``X`` (the
    trained net), a ReLU-like unit active on fewer than 2% of the samples counts as dead.
    """
    c = np.asarray(history.cost, float)
    s = getattr(history, "settings", {}) or {}
    ev = dict(lr=float(s.get("lr", np.nan)), reduction=s.get("reduction", "mean"),
              n_samples=int(s.get("n_samples", 0)), epochs=len(c) - 1,
              initial_cost=float(c[0]) if len(c) else np.nan,
              final_cost=float(c[-1]) if len(c) else np.nan)
    crit = _critical(history, critical_lr, net, X, Y, ev)
    lrs = np.asarray(getattr(history, "lr", []), float)
    if s.get("adaptive") and lrs.size and lrs[-1] != ev["lr"]:
        ev["final_lr"] = float(lrs[-1])  # the adaptive rule changed it: compare what it ended with
    if crit is not None:
        ev["critical_lr"] = crit
        ev["lr_over_critical"] = ev.get("final_lr", ev["lr"]) / crit if crit > 0 else np.nan
    finite = np.isfinite(c)
    if len(c) and not finite[0]:
        fix = "check the data and the initial weights"
        return Diagnosis("diverging", f"The cost is {c[0]} from the start: the data or weights "
                         f"are not finite. Try first: {fix}.", fix, ev)
    if len(c) < 2:
        fix = "train for some epochs"
        return Diagnosis("stalled", f"No updates were made. Try first: {fix}.", fix, ev)
    found = _diverging(c, finite, history, ev)
    if found is None:
        shares = _activity(net, X) if net is not None and X is not None else None
        found = _dead(c, history, ev, shares)
    if found is None:
        found = _settling(c, history, ev)
    kind, what, fix = found
    if kind in ("converging", "slow") and net is not None and X is not None and Y is not None:
        what, fix = _fit_note(net, X, Y, history.settings, ev, what, fix)
    return Diagnosis(kind, f"{what} Try first: {fix}.", fix, ev)


def _settling(c, history, ev):
    change = float((c[0] - c[-1]) / max(abs(c[0]), 1e-300))
    ev["relative_change"] = change
    ratio = np.asarray(getattr(history, "update_ratio", np.empty((0, 0))), float)
    if ratio.size and np.isfinite(ratio).any():
        ev["median_update_ratio"] = float(np.nanmedian(ratio))
    upd = ev.get("median_update_ratio")
    upd_txt = (f" The median update moves the weights by {upd:.2g} of their size "
               f"(about {HEALTHY_UPDATE_RATIO:g} is healthy).") if upd is not None else ""
    if abs(change) < STALLED_BELOW:
        what = (f"The cost barely moved: {c[0]:.6g} to {c[-1]:.6g} in {len(c) - 1} epochs "
                f"({change:.2g} relative).{upd_txt}" + _lr_sentence(ev))
        crit = ev.get("critical_lr")
        if crit and np.isfinite(crit) and ev["lr"] < 0.1 * crit:
            fix = f"raise lr toward {_g(0.5 * crit)} (half the critical lr)"
        elif upd is not None and upd < 1e-5:
            fix = "raise lr by 100x, watching that the cost still falls"
        else:
            fix = ("the gradients vanish: check for saturated sigmoid/tanh units or dead units, "
                   "and try He init with leaky ReLU")
        return "stalled", what, fix
    half = c[len(c) // 2:]
    rises = float(np.mean(np.diff(half) > 1e-12 * np.abs(half[:-1]))) if len(half) > 1 else 0.0
    ev["share_rising"] = rises
    if rises > RISING_SHARE:
        what = (f"The cost goes up and down: {rises:.0%} of the updates in the second half "
                f"raised it (it ended at {_g(c[-1])}, from {_g(c[0])}).") + _lr_sentence(ev)
        return "oscillating", what, "halve lr, or use adaptive=True"
    tail = c[-max(2, len(c) // 10):]
    fall = float((tail[0] - tail[-1]) / max(abs(tail[0]), 1e-300))
    ev["tail_fall"] = fall
    lr_now = history.lr[-1] if len(history.lr) else ev["lr"]
    halved = ""
    if getattr(history, "rejected", None) is not None and np.any(history.rejected):
        n = int(np.sum(history.rejected))
        ev["lr_halvings"] = n
        halved = f" The adaptive rule halved lr {n} times (to {_g(lr_now)})."
    if fall > SLOW_TAIL:
        what = (f"The cost is falling ({_g(c[0])} to {_g(c[-1])}) but slowly: it still fell "
                f"{fall:.0%} over the last {len(tail) - 1} epochs.{halved}{upd_txt}") + _lr_sentence(ev)
        return "slow", what, "train longer, or raise lr while it stays below the critical lr"
    what = (f"The cost fell from {_g(c[0])} to {_g(c[-1])} ({_g(c[0] / c[-1])} times lower) and is "
            f"settling: {fall:.2%} over the last {len(tail) - 1} epochs.{halved}") + _lr_sentence(ev)
    dead = np.asarray(getattr(history, "dead_fraction", np.empty((0, 0))), float)
    if dead.size and np.isfinite(dead[-1]).all() and dead[-1].max() > 0:
        l = int(np.argmax(dead[-1]))
        what += f" ({dead[-1, l]:.0%} of the units of {_layer_name(l, dead.shape[1])} are dead.)"
    return "converging", what, "nothing to fix; compare the final cost across seeds"
