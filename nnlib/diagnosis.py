"""Name what a cost curve shows, with its evidence in numbers and the fix to try first.

    hist = nnlib.train(net, X, Y, lr=0.01, epochs=1000, reduction="sum")
    d = nnlib.diagnose(hist)                    # cheap: reads the History only
    d = nnlib.diagnose(hist, critical_lr=0.0011)  # also says how far lr is from the limit
    d = nnlib.diagnose([3.0, 2.0, 1.5, 1.2], lr=0.05, n_samples=1797, reduction="mean",
                       batch_size=32, every=1)  # any run: a plain sequence of costs
    d.kind, d.message, d.fix, d.evidence        # "diverging", "The cost grew ...", ...
    d.action                                    # the fix as settings to change, e.g. {"lr": 0.0005}

Kinds, checked in this order (the first that fits wins):
- "diverging":   the cost became non-finite, or grows geometrically at the end;
- "dead":        every unit of some ReLU-like layer, or some unit of a ReLU-like output
                 layer, has a pre-activation <= 0 on every sample at the end (it passes no
                 gradient; given the trained net and X, "fewer than 2% of the samples"
                 counts too). Sigmoid, tanh and identity units are never called dead.
                 Without dead fractions, a cost frozen exactly flat for most of the run
                 (a zero gradient) counts too;
- "stalled":     the cost moved by less than 1% over the whole run: the step is far too
                 small, or gradients vanish;
- "oscillating": full batch: more than 30% of the updates in the second half raised the
                 cost. Minibatch (each cost from one batch): the trend (median of each
                 twentieth of the run) rises again, or the noise band around it grows
                 (nnlib.trend); rises inside a steady band are sampling noise;
- "slow":        the cost (its trend) is still falling by more than 5% over the last tenth;
- "converging":  otherwise: the cost fell and is settling.
Epochs count updates: ``cost[t]`` is the cost after t updates (t * every with ``every``).
diagnose never raises for a diverged or odd history (bad arguments are a ValueError that
names them) and takes about a millisecond (unless it is asked to compute the critical lr
from ``net, X, Y``).
"""
from dataclasses import dataclass, field

import numpy as np

from . import activations, costs, trend
from ._checks import as_matrix, data
from .ladder import SUCCESS_UNEXPLAINED  # the one bar: above it a fit is poor
from .runs import UNKNOWN, number, read

KINDS = ("diverging", "dead", "stalled", "oscillating", "slow", "converging")
HEALTHY = ("converging", "slow")  # the kinds with nothing to repair
STALLED_BELOW = 0.01      # relative change of the cost over the run
RISING_SHARE = 0.3        # share of updates that raise the cost
SLOW_TAIL = 0.05          # relative fall over the last tenth of the run
HEALTHY_UPDATE_RATIO = 1e-3
BOUNDED_OUTPUTS = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}  # the range an output can reach
NEARLY_DEAD = 0.02        # with net and X: a unit active on fewer samples counts as dead
FROZEN_ROUNDING = 1e-13   # relative change of a frozen cost: rounding only
FROZEN_SHARE = 0.5        # a cost exactly flat over the last half of the run or more: zero gradient
UNSCALED = 10.0           # an input column whose mean or spread exceeds this is unscaled
SMOOTH = 0.1             # a curve of unknown batch rising on fewer updates has no sampling noise
ALTERNATING = 0.9         # share of sign flips that marks a full-batch overshoot in a curve of unknown batch


@dataclass
class Diagnosis:
    """kind: one of KINDS; message: plain sentences with numbers, ending with the fix;
    fix: the fix to try first alone; evidence: the numbers, by name; action: that fix as
    settings to change ({"lr": 0.0005}, {"reduction": "mean"}, {"output_activation":
    "identity"}, {"leak": 0.01}, {"standardize": True}, ...; "lr_scale" multiplies an lr
    that was not given); {} when there is nothing to change."""
    kind: str
    message: str
    fix: str = ""
    evidence: dict = field(default_factory=dict)
    action: dict = field(default_factory=dict)

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
    """The first fix for a step that is too large, as (words, action)."""
    crit = ev.get("critical_lr")
    if not (crit and np.isfinite(crit) and crit > 0):
        crit = ev.get("stable_lr")  # from the growth of the curve alone
    known = crit is not None and np.isfinite(crit) and crit > 0
    # without a limit: a blow-up that speeds up (or overflows at once) is a step far too large
    cut = 100 if "growth_per_step" in ev else 10
    target = f" to below {_g(crit)}, e.g. {_g(0.5 * crit)}" if known else f" by {cut}x"
    lower = {"lr": float(0.5 * crit)} if known else (
        {"lr": ev["lr"] / cut} if np.isfinite(ev["lr"]) else {"lr_scale": 1 / cut})
    if ev["reduction"] == "sum" and ev["n_samples"] > 1:
        return (f"use reduction='mean': the summed cost makes every step N = {ev['n_samples']} "
                f"times larger (or lower lr{target})"), {"reduction": "mean"}
    if ev.get("input_scale", 0) > UNSCALED:
        return (f"standardize the inputs (subtract each column's mean, divide by its spread): "
                f"a column of size {ev['input_scale']:.3g} makes the curvature about "
                f"{ev['input_scale'] ** 2:.3g} times larger (or lower lr{target})"), {"standardize": True}
    return f"lower lr{target}", lower


def _critical(run, critical_lr, net, X, Y, ev):
    """The critical lr given, or computed from net, X, Y; then a saddle or an unsettled
    power iteration is said in ev["curvature_note"] (repeated after the lr sentence).
    A number that cannot be measured is said so, never quoted."""
    if critical_lr is not None:
        crit = number(critical_lr, "critical_lr", positive=False)
        if np.isnan(crit) or crit <= 0:
            ev["curvature_note"] = "The critical lr could not be measured (it was given as " \
                                   f"{crit:g}), so this run's lr is not compared with it."
            return None
        return crit
    if net is None or X is None or Y is None:
        return None
    if not (np.isfinite(run.cost).all() and np.isfinite(net.get_params()).all()):
        ev["curvature_note"] = ("The critical lr could not be measured: the trained weights "
                                "diverged (pass critical_lr computed at the initial weights).")
        return None
    from .curvature import critical_lr_report
    crit, note, top = critical_lr_report(net, X, Y, run.settings.get("reduction", "mean"), max_iter=100)
    if note:
        ev["curvature_note"] = note
    if top.lowest is not None:
        ev["lowest_curvature"] = float(top.lowest)
    return None if crit is None else float(crit)


def _span(ev, k):
    """k records as a length: "k epochs" for a History, else in updates."""
    return f"{k} epochs" if ev["unit"] == "epoch" else f"{k * ev['every']} updates"


def _at(ev, k):
    """Where cost[k] lies: "epoch k" for a History, else in updates."""
    if ev["unit"] == "epoch":
        return f"epoch {k}"
    return f"update {k * ev['every']}"


def _growth(c, k, ev):
    """Geometric mean growth per update over the last (up to) 20 finite costs before index k."""
    good = c[:k] if k is not None else c
    span = min(20, len(good) - 1)
    g = float((good[-1] / good[-1 - span]) ** (1.0 / span)) if span > 0 else float("nan")
    ev["growth_per_step"] = g
    early = _early_growth(good)
    per_update = early ** (1.0 / ev["every"]) if np.isfinite(early) and early > 1 else float("nan")
    if np.isfinite(per_update) and np.isfinite(ev["lr"]):
        # error x |1 - lr lambda| per update, cost x its square: lr lambda ~ 1 + sqrt(g)
        ev["stable_lr"] = 2 * ev["lr"] / (1 + np.sqrt(per_update))
        ev["early_growth"] = per_update
    return g, good


def _early_growth(good):
    """Median growth of the first 3 updates of the final rising streak, when the streak is
    steady (5 or more rises, log-growths within 50% of their mean): a linear model's blow-up.
    A deep net's blow-up speeds up as its layers' weights grow (they multiply): its growth
    overstates lr x lambda_max, so no stable lr is read from it (nan)."""
    ratios = good[1:] / good[:-1]
    if len(ratios) < 5 or not ratios[-1] > 1:
        return float("nan")
    start = len(ratios) - int(np.argmin(ratios[::-1] > 1)) if not (ratios > 1).all() else 0
    logs = np.log(ratios[start:])
    if len(logs) < 5 or np.std(logs) > 0.5 * np.mean(logs):
        return float("nan")
    return float(np.exp(np.median(logs[:3])))


def _stable_sentence(ev):
    if "stable_lr" not in ev or np.isfinite(ev.get("lr_over_critical", np.nan)):
        return ""
    g = ev["early_growth"]
    text = (f" From the growth alone (over its first steady rises, {g:.3g}-fold per update): "
            f"lr x lambda_max ~ 1 + sqrt({g:.3g}) = {1 + np.sqrt(g):.3g} on the steepest "
            f"direction, so the largest stable lr is about {_g(ev['stable_lr'])}.")
    if ev["reduction"] == "sum" and ev["n_samples"] > 1:
        mean = (1 + np.sqrt(g)) / ev["n_samples"]
        ev["mean_lr_times_lambda"] = float(mean)
        text += (f" The mean cost would take steps N = {ev['n_samples']} times smaller at the same "
                 f"lr: lr x lambda_max ~ {mean:.3g}, " + ("stable (below 2)." if mean < 2 else
                                                          "still above 2: lower lr too."))
    return text


def _diverging(c, finite, run, ev):
    if not finite.all():
        k = int(np.argmin(finite))
        ev["overflow_epoch"] = k
    else:
        tail = c[-max(3, len(c) // 10):]
        up = np.diff(tail) > 0
        rising = len(c) >= 5 and up.mean() >= 0.8 and c[-1] > 1e3 * np.min(c)
        if not (rising or _noisy_blowup(c, run)):
            return None
        k = None
    growth, good = _growth(c, k, ev)
    if k is not None and not np.isfinite(growth):
        what = f"The cost went from {_g(c[0])} to {c[k]} at {_at(ev, k)}."
    elif k is not None:
        what = (f"The cost grew about {growth:.3g}-fold per update (from {_g(c[0])} to "
                f"{_g(good[-1])}) and overflowed to {c[k]} at {_at(ev, k)}.")
    else:
        left = (np.log(1e308) - np.log(c[-1])) / np.log(growth) if growth > 1 else np.inf
        ev["overflow_in"] = float(left)
        soon = f"in about {left:.0f} more {ev['unit']}s" if np.isfinite(left) else "eventually"
        what = (f"The cost grows about {growth:.3g}-fold per update (from {_g(c[0])} to "
                f"{_g(c[-1])}); at this rate it overflows {soon}.")
    fix, action = _step_fix(ev)
    return "diverging", what + _lr_sentence(ev) + _stable_sentence(ev), fix, action


def _noisy_blowup(c, run):
    """A minibatch curve whose trend ends 1000x above its lowest level, still rising."""
    if run.batch is None or len(c) < 20:
        return False
    b = trend.band(c)
    return bool(b.trend[-1] > 1e3 * np.min(b.trend) and b.trend[-1] > b.trend[-2])


def _activity(net, X):
    """Per layer, the share of samples on which each unit's pre-activation is > 0."""
    _, cache = net.forward(X)
    return [np.mean(Z > 0, axis=0) for _, Z in cache]


def _dead(c, run, ev, shares=None):
    """Dead units from a History's per-layer dead fractions and the run's sizes and activations."""
    dead = run.dead_fraction
    acts = list(run.settings.get("activations", []))
    sizes = list(run.settings.get("sizes", []))
    if dead is None or len(sizes) != dead.shape[1] + 1:
        return _dead_fractions(c, run, ev)
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
    leak = run.settings.get("leak", 0.0) if acts and acts[l] == "leaky_relu" else 0.0
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
    cures, actions = _dead_cures(run.settings)
    if too_big:
        fix, action = _step_fix(ev)
        fix += "; then " + cures if cures else ""
    else:
        fix = cures or "lower lr and start from another seed"
        action = actions[0] if actions else {"seed": "another"}
    return "dead", what + _lr_sentence(ev), fix, action


def _dead_cures(settings):
    """What the run lacks among the cures for dead units, most effective first: (words, actions)."""
    acts = settings.get("activations", [])
    cures, actions = [], []
    if acts and acts[-1] in activations.RELU_LIKE:
        cures.append("a linear output layer (output_activation='identity')")
        actions.append({"output_activation": "identity"})
    if any(a == "relu" for a in acts[:-1]) or (acts and acts[-1] == "relu" and len(acts) == 1):
        cures.append("leaky ReLU (activation='leaky_relu', leak=0.01)")
        actions.append({"activation": "leaky_relu", "leak": 0.01})
    elif any(a == "leaky_relu" for a in acts) and settings.get("leak", 0.01) < 1e-3:
        cures.append(f"a larger leak than {settings.get('leak'):g} (e.g. 0.01)")
        actions.append({"leak": 0.01})
    if not settings.get("has_bias", True):
        cures.append("trainable biases starting small and positive (bias_init=0.1)")
        actions.append({"bias_init": 0.1})
    return ", ".join(cures), actions


def _dead_fractions(c, run, ev):
    """A whole dead layer from per-layer dead fractions alone (columns: the layers, the
    output last if it is ReLU-like).
    A minibatch run counts a unit dead only if it was dead on every batch of the last tenth."""
    dead = run.dead_fraction
    if dead is None:
        return None
    rows = dead[-max(1, len(dead) // 10):] if run.batch is not None else dead[-1:]
    if not np.isfinite(rows).all():
        return None
    end = rows.min(axis=0)
    L = len(end)
    whole = [l for l in range(L) if end[l] >= 1]
    if not whole:
        return None
    l = whole[0]
    col = dead[:, l] >= end[l] if len(dead) == len(c) else np.ones(1, bool)
    since = int(len(col) - np.argmin(col[::-1])) if not col.all() else 0
    ev.update(dead_layer=l, dead_share=float(end[l]), dead_since=since)
    units = f"Every unit of {_layer_name(l, L) if run.from_history else _recorded(l, L)}"
    when = "from the start" if since == 0 else f"since {_at(ev, since)}"
    what = (f"{units} has been dead {when}: its input is <= 0 on every sample, so it outputs 0 "
            f"and passes no gradient back. The cost ended at {_g(c[-1])}.")
    jump = _jump(c, since, ev)
    if jump:
        return ("dead", what + jump) + _step_fix(ev)
    if since == 0:
        return "dead", what + " At the initial weights already: the biases start too low.", \
            "trainable biases starting small and positive (bias_init=0.1)", {"bias_init": 0.1}
    return "dead", what, ("leaky ReLU (activation='leaky_relu', leak=0.01), or a linear output "
                          "layer if this is the output"), {"activation": "leaky_relu", "leak": 0.01}


def _recorded(l, L):
    """Dead fractions from a plain run: only the learner knows which layers they are."""
    return "the layer you recorded" if L == 1 else f"recorded layer {l + 1} (of {L})"


def _jump(c, since, ev):
    """A sentence when an update before index `since` raised the cost over 1.5-fold."""
    before = c[:since + 1]
    jumps = before[1:] / np.maximum(before[:-1], 1e-300)
    if not (len(jumps) and jumps.max() > 1.5):
        return ""
    t = int(np.argmax(jumps))
    ev["jump_epoch"], ev["jump_factor"] = t + 1, float(jumps[t])
    return (f" Just before, {_at(ev, t + 1)} raised the cost {jumps[t]:.3g}-fold "
            f"({_g(before[t])} to {_g(before[t + 1])}): a step too large pushed the units there.")


def _frozen(c, run, ev):
    """A cost exactly flat (to rounding) over the last half of the run or more: zero gradient.
    Minibatch costs differ batch to batch even when the weights are frozen: not judged here."""
    known = run.dead_fraction is not None and np.isfinite(run.dead_fraction).all()
    if known or isinstance(run.batch, int) or len(c) < 5 or c[-1] == 0:
        return None  # dead fractions say more; a cost of exactly 0 is a perfect fit
    # a zero gradient leaves the weights, and so the cost, unchanged (up to the last digit
    # or two: the same sums rounded in another order)
    same = np.abs(np.diff(c)) <= FROZEN_ROUNDING * np.abs(c[1:])
    tail = int(np.argmin(same[::-1])) if not same.all() else len(same)
    if tail < FROZEN_SHARE * len(same):
        return None
    since = len(same) - tail
    if since > 0 and abs(c[since] - c[since - 1]) < 1e-9 * abs(c[since]):
        return None  # it settled gradually onto a minimum: converged, not frozen
    ev.update(frozen_since=since, frozen_share=tail / len(same))
    when = "from the start" if since == 0 else f"since {_at(ev, since)}"
    span = f"all {len(c)} costs" if since == 0 else f"the last {tail + 1} of {len(c)} costs"
    what = (f"The cost has not changed {when}: it stayed at {c[-1]:.6g} for {span} "
            f"({tail / len(same):.0%} of the run). A small lr "
            f"still moves the cost a little; a cost frozen exactly flat means a zero gradient: "
            f"dead units (every ReLU input <= 0, so no gradient flows back).")
    jump = _jump(c, since, ev)
    if since > 0:  # it froze after updates: one of them pushed every unit below 0
        return ("dead", what + (jump or " An update pushed the units there: the step is too large.")) \
            + _step_fix(ev)
    k = _uniform_classes(c[-1])
    if k:
        ev["uniform_classes"] = k
        what += (f" And {c[-1]:.6g} is ln {k}: the cross-entropy of a classifier that gives each of "
                 f"{k} classes probability 1/{k} on every sample, whatever the input, so every "
                 f"hidden unit outputs the same (dead ReLUs, or weights that all start at 0).")
        return "dead", what, ("random weights scaled to the fan-in (weight_init='he') and biases "
                              "starting small and positive (bias_init=0.1)"), \
            {"weight_init": "he", "bias_init": 0.1}
    fix = ("a linear output layer (output_activation='identity'), and leaky ReLU (leak=0.01) in "
           "the hidden layers")
    return "dead", what, fix, {"output_activation": "identity"}


def _uniform_classes(cost):
    """k when cost is ln k (k = 2..1000, to the 4 digits a printout keeps), else None."""
    k = int(round(np.exp(cost))) if 0.6 < cost < 7 else 0
    return k if k >= 2 and abs(cost - np.log(k)) < 5e-4 * np.log(k) else None


def _fit_note(net, X, Y, settings, ev, what, fix, action):
    """Converging, but to what? Compare each output's error with predicting its mean."""
    u = costs.unexplained(net.predict(X), Y)
    ev["unexplained"] = u.tolist()
    worst = int(np.nanargmax(u)) if np.isfinite(u).any() else None
    if worst is None or u[worst] <= SUCCESS_UNEXPLAINED:  # the ladder's bar for success
        return what, fix, action
    what += (f" But the fit is poor: output {worst + 1}'s error is {u[worst]:.3g} times that of "
             f"always predicting its mean.")
    low, high = BOUNDED_OUTPUTS.get((settings.get("activations") or [None])[-1], (-np.inf, np.inf))
    if Y[:, worst].min() < low or Y[:, worst].max() > high:
        fix = (f"use a linear output layer (output_activation='identity'): this output can only "
               f"lie in ({low:g}, {high:g}), but the targets run from {Y[:, worst].min():.3g} "
               f"to {Y[:, worst].max():.3g}")
        action = {"output_activation": "identity"}
    elif not settings.get("has_bias", True):
        fix = ("add trainable biases (bias_init=0.1): without them the fit must pass through "
               "the origin")
        action = {"bias_init": 0.1}
    else:
        fix = "a bigger model or more epochs; check that no unit is dead"
        action = {}
    return what, fix, action


def diagnose(history, critical_lr=None, net=None, X=None, Y=None, *, lr=None, n_samples=None,
             reduction=None, batch_size=UNKNOWN, every=1, dead_fraction=None, grad_norm=None,
             update_ratio=None):
    """Diagnose a training run; returns a :class:`Diagnosis`.

    history: a :class:`nnlib.History` (or any object with ``.cost``; its other fields may
    be missing), or a plain sequence of costs (list, array, anything ``np.asarray`` reads;
    (n, outputs) per-output costs are summed). Keywords, each optional (missing
    information is never an error: the message says what it could not check):
    lr, n_samples, reduction ("sum" | "mean"): as the run used them;
    batch_size: None for full batch, an int for minibatches (each cost from one batch);
    not given: judged from the curve; every: one cost per ``every`` updates;
    dead_fraction: (n, L) or (L,) share of each ReLU-like layer's units dead (<= 0 on every
    sample), in the order of the layers (named "recorded layer l" in the message); grad_norm: (m, L) or (L,) each layer's gradient norm;
    update_ratio: (m, L) or (L,) each layer's ||step|| / ||weights||.

    critical_lr: the stability limit 2 / lambda_max, if known (best computed at the
    initial weights, e.g. ``nnlib.critical_lr(net0, X, Y, reduction)``); or pass
    ``net, X, Y`` and it is computed at net's current weights (costs about 10 ms for
    [7, 10, 2] on 1000 samples), together with the lowest eigenvalue: at a saddle the
    message adds that the limit applies to the upward directions only, and when the
    curvature cannot be measured it says so (evidence "curvature_note", "lowest_curvature").
    The message then says how far the run's lr is from it. With ``net`` and ``X`` (the
    trained net), a ReLU-like unit active on fewer than 2% of the samples counts as dead.
    X alone: inputs far from unit scale are named as the cause of a divergence.
    """
    run = read(history, lr=lr, n_samples=n_samples, reduction=reduction, batch_size=batch_size,
               every=every, dead_fraction=dead_fraction, grad_norm=grad_norm,
               update_ratio=update_ratio)
    net, X, Y = _net_data(net, X, Y)
    with np.errstate(all="ignore"):  # a diverged run's numbers are the lesson, not a warning
        return _diagnose(run, critical_lr, net, X, Y)


def _net_data(net, X, Y):
    """Check net, X, Y as far as they are given; X (and Y) as float matrices."""
    if net is not None and not all(hasattr(net, a) for a in ("forward", "get_params", "sizes")):
        raise ValueError(f"net must be an nnlib.Network, got {type(net).__name__}")
    if net is not None and X is not None and Y is not None:
        X, Y = data(net.sizes, X, Y)
    elif X is not None:
        X = as_matrix(X, "X")
        if net is not None and X.shape[1] != net.sizes[0]:
            raise ValueError(f"X has {X.shape[1]} columns but the network's input layer has "
                             f"{net.sizes[0]} units")
    elif Y is not None:
        Y = as_matrix(Y, "Y")
    return net, X, Y


def _evidence(run, X):
    c, s = run.cost, run.settings
    ev = dict(lr=float(s.get("lr", np.nan)), reduction=s.get("reduction", "mean"),
              n_samples=int(s.get("n_samples", 0)), epochs=(len(c) - 1) * run.every,
              initial_cost=float(c[0]) if len(c) else np.nan,
              final_cost=float(c[-1]) if len(c) else np.nan,
              unit="epoch" if run.from_history else "update", every=run.every)
    if X is not None:
        ev["input_scale"] = float(np.max(np.maximum(np.abs(X.mean(0)), X.std(0))))
    return ev


def _diagnose(run, critical_lr, net, X, Y):
    c = run.cost
    ev = _evidence(run, X)
    crit = _critical(run, critical_lr, net, X, Y, ev)
    if run.settings.get("adaptive") and run.lr.size and run.lr[-1] != ev["lr"]:
        ev["final_lr"] = float(run.lr[-1])  # the adaptive rule changed it: compare what it ended with
    if crit is not None:
        ev["critical_lr"] = crit
        ev["lr_over_critical"] = ev.get("final_lr", ev["lr"]) / crit
    finite = np.isfinite(c)
    if len(c) and not finite[0]:
        fix = "check the data and the initial weights"
        return Diagnosis("diverging", f"The cost is {c[0]} from the start: the data or weights "
                         f"are not finite. Try first: {fix}.", fix, ev, {})
    if len(c) < 2:
        fix = "train for some epochs"
        return Diagnosis("stalled", f"No updates were made. Try first: {fix}.", fix, ev, {})
    found = _diverging(c, finite, run, ev)
    if found is None:
        shares = _activity(net, X) if net is not None and X is not None else None
        found = _dead(c, run, ev, shares)
    found = found or _frozen(c, run, ev)
    if found is None:
        found = _settling(c, run, ev) if run.batch is None or len(c) < 20 else _noisy(c, run, ev)
    kind, what, fix, action = found
    if kind in HEALTHY and not run.from_history:
        kind, what, fix, action = _vanished(run, ev, (kind, what, fix, action))
    if kind in HEALTHY and net is not None and X is not None and Y is not None:
        what, fix, action = _fit_note(net, X, Y, run.settings, ev, what, fix, action)
    return Diagnosis(kind, f"{what} Try first: {fix}.{_unknowns(run, kind)}", fix, ev, action)


def _vanished(run, ev, found):
    """A settled curve whose first layer's gradient is under 1e-3 of the last layer's
    stopped because the first layers cannot learn, not because it fit: stalled."""
    g = run.grad_norm
    if g is None or g.shape[1] < 2 or not np.isfinite(g).all() or not g[:, -1].max() > 0:
        return found
    # largest over the run: once the last layer has fit what it can, its gradient fades too
    ratio = float(g[:, 0].max() / g[:, -1].max())
    ev["gradient_ratio_first_to_last"] = ratio
    if ratio >= 1e-3:
        return found
    what = (f"The cost settled at {_g(run.cost[-1])}, but not because it fit: the first layer's "
            f"gradient is at most {ratio:.2g} times the last layer's largest, so the first "
            f"layers barely learn: the gradients vanish on their way back.")
    return ("stalled", what, "use leaky ReLU with He init (activation='leaky_relu', weight_init='he')",
            {"activation": "leaky_relu", "weight_init": "he"})


def _unknowns(run, kind):
    """What the message could not check for lack of information, and what to record."""
    if run.from_history:
        return ""
    s, missing = run.settings, []
    if "lr" not in s and kind != "converging":
        missing.append("lr (to size the fix)")
    if "reduction" not in s and kind == "diverging":
        missing.append("reduction and n_samples (a summed cost grows with N)")
    if run.batch is UNKNOWN:
        missing.append("batch_size (None for full batch; judged from the curve's noise)")
    if run.dead_fraction is None and kind in ("stalled", "converging", "slow"):
        missing.append("dead_fraction (dead units; in doctor.watch, log your ReLU layers: "
                       "w.log(cost, activations=[...]))")
    return f" Not given: {', '.join(missing)}." if missing else ""


def _stalled_fix(ev, run, upd, change):
    """(words, action) for a cost that barely moved."""
    crit, lr = ev.get("critical_lr"), ev["lr"]
    g = run.grad_norm
    if g is not None and g.shape[1] > 1 and np.isfinite(g).all() and g[:, -1].max() > 0:
        ratio = float(g[:, 0].max() / g[:, -1].max())
        ev["gradient_ratio_first_to_last"] = ratio
        if ratio < 1e-3:
            return (f"the gradients vanish (the first layer's gradient is {ratio:.2g} times the "
                    f"last layer's): use leaky ReLU with He init"), \
                {"activation": "leaky_relu", "weight_init": "he"}
    if crit and np.isfinite(crit) and lr < 0.1 * crit:
        return f"raise lr toward {_g(0.5 * crit)} (half the critical lr)", {"lr": 0.5 * crit}
    if (upd is not None and upd < 1e-5) or not run.from_history:
        # in the linear regime the fall grows with lr: aim at a fall of about 30% over the run
        factor = float(np.clip(0.3 / max(abs(change), 1e-12), 10, 1e4))
        ev["lr_factor"] = factor
        action = {"lr": factor * lr} if np.isfinite(lr) else {"lr_scale": factor}
        return f"raise lr by {factor:.3g}x, watching that the cost still falls", action
    return ("the gradients vanish: check for saturated sigmoid/tanh units or dead units, "
            "and try He init with leaky ReLU"), {"activation": "leaky_relu", "weight_init": "he"}


def _settling(c, run, ev):
    change = float((c[0] - c[-1]) / max(abs(c[0]), 1e-300))
    ev["relative_change"] = change
    ratio = run.update_ratio
    if ratio is not None and ratio.size and np.isfinite(ratio).any():
        ev["median_update_ratio"] = float(np.nanmedian(ratio))
    upd = ev.get("median_update_ratio")
    upd_txt = (f" The median update moves the weights by {upd:.2g} of their size "
               f"(about {HEALTHY_UPDATE_RATIO:g} is healthy).") if upd is not None else ""
    if abs(change) < STALLED_BELOW:
        what = (f"The cost barely moved: {c[0]:.6g} to {c[-1]:.6g} in {_span(ev, len(c) - 1)} "
                f"({change:.2g} relative).{upd_txt}" + _lr_sentence(ev))
        return ("stalled", what) + _stalled_fix(ev, run, upd, change)
    half = c[len(c) // 2:]
    rises = float(np.mean(np.diff(half) > 1e-12 * np.abs(half[:-1]))) if len(half) > 1 else 0.0
    ev["share_rising"] = rises
    if rises > RISING_SHARE:
        what = (f"The cost goes up and down: {rises:.0%} of the updates in the second half "
                f"raised it (it ended at {_g(c[-1])}, from {_g(c[0])}).") + _lr_sentence(ev)
        return "oscillating", what, "halve lr, or use adaptive=True", _halve(ev)
    tail = c[-max(2, len(c) // 10):]
    fall = float((tail[0] - tail[-1]) / max(abs(tail[0]), 1e-300))
    ev["tail_fall"] = fall
    halved = _halvings(run, ev)
    if fall > SLOW_TAIL:
        what = (f"The cost is falling ({_g(c[0])} to {_g(c[-1])}) but slowly: it still fell "
                f"{fall:.0%} over the last {_span(ev, len(tail) - 1)}.{halved}{upd_txt}") + _lr_sentence(ev)
        return "slow", what, "train longer, or raise lr while it stays below the critical lr", _longer(run, ev)
    what = (f"The cost fell from {_g(c[0])} to {_g(c[-1])} ({_times_lower(c[0], c[-1])}) and is "
            f"settling: {fall:.2%} over the last {_span(ev, len(tail) - 1)}.{halved}") + _lr_sentence(ev)
    dead = run.dead_fraction
    if dead is not None and np.isfinite(dead[-1]).all() and dead[-1].max() > 0:
        l = int(np.argmax(dead[-1]))
        what += f" ({dead[-1, l]:.0%} of the units of {_layer_name(l, dead.shape[1])} are dead.)"
    return "converging", what, "nothing to fix; compare the final cost across seeds", {}


def _times_lower(first, last):
    if last == 0:
        return "a perfect fit"
    if first < last or not np.isfinite(first / last):
        return f"{_g(last / first)} times the first" if first > 0 else "a change of sign"
    return f"{_g(first / last)} times lower"


def _halve(ev):
    return {"lr": 0.5 * ev["lr"]} if np.isfinite(ev["lr"]) else {"lr_scale": 0.5}


def _longer(run, ev):
    epochs = run.settings.get("epochs")
    return {"epochs": 2 * int(epochs)} if isinstance(epochs, (int, np.integer)) else {}


def _halvings(run, ev):
    if run.rejected is None or not np.any(run.rejected):
        return ""
    lr_now = run.lr[-1] if run.lr.size else ev["lr"]
    ev["lr_halvings"] = int(np.sum(run.rejected))
    return f" The adaptive rule halved lr {ev['lr_halvings']} times (to {_g(lr_now)})."


def _noisy(c, run, ev):
    """A curve of minibatch costs (or of unknown batch): judged on its trend and noise band."""
    b = trend.band(c)
    m = b.trend
    change = float((m[0] - m[-1]) / max(abs(m[0]), 1e-300))
    ev.update(relative_change=change, noise=b.relative_noise, trend=m.tolist())
    band_ = f" Its noise band is about {b.relative_noise:.0%} of the cost around the trend"
    noise = band_ + " (the trend: the median of each twentieth of the run)"
    half = c[len(c) // 2:]
    if run.batch is UNKNOWN and trend.alternates(half) > ALTERNATING:
        ev["alternating"] = trend.alternates(half)
        return _settling(c, run, ev)  # a full-batch zigzag, not sampling noise
    if run.batch is UNKNOWN and np.mean(np.diff(c) > 0) < SMOOTH:
        return _settling(c, run, ev)  # it hardly ever rises: no sampling noise to see through
    if abs(change) < STALLED_BELOW:
        what = (f"The cost's trend barely moved: {_g(m[0])} to {_g(m[-1])} over {ev['epochs']} "
                f"updates ({change:.2g} relative).{noise}." + _lr_sentence(ev))
        return ("stalled", what) + _stalled_fix(ev, run, None, change)
    sw, gr = trend.swing(b), trend.grows(b)
    ev.update(trend_swing=sw, noise_growth=gr)
    if sw > 0 or gr > trend.NOISE_GROWTH:
        why = (f"its trend rose again by {sw:.0%} in the second half" if sw > 0 else
               f"its noise band grew {gr:.3g}-fold from the second quarter to the last")
        what = (f"The cost goes up and down beyond sampling noise: {why} (it ended near "
                f"{_g(m[-1])}, from {_g(m[0])}).{noise}." + _lr_sentence(ev))
        return "oscillating", what, "halve lr", _halve(ev)
    fall = float((m[-2] - m[-1]) / max(abs(m[-2]), 1e-300))
    ev["tail_fall"] = fall
    sure = m[-2] - m[-1] > trend.SIGMAS * np.hypot(b.standard_error[-1], b.standard_error[-2])
    if fall > SLOW_TAIL and sure:
        what = (f"The cost is falling ({_g(m[0])} to {_g(m[-1])}, trend) but slowly: its trend "
                f"still fell {fall:.0%} over the last twentieth of the run.{noise}." + _lr_sentence(ev))
        return "slow", what, "train longer, or raise lr while it stays below the critical lr", _longer(run, ev)
    what = (f"The cost's trend (the median of each twentieth of the run) fell from {_g(m[0])} to "
            f"{_g(m[-1])} ({_times_lower(m[0], m[-1])}) and is settling.{band_}: batch-to-batch "
            f"sampling noise, not a problem."
            + _lr_sentence(ev))
    return "converging", what, "nothing to fix; compare the final cost across seeds", {}
