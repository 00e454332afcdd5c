"""diagnose: read any run, check the kinds in order, and say what was not given."""
import numpy as np

from .._checks import as_matrix, data, inputs
from ..i18n import _
from ..runs import UNKNOWN, read
from ..runspec import check_action
from .report import Diagnosis, Finding, HEALTHY, _found, scaled_lr
from .diverging import _diverging
from .dead import _activity, _dead
from .frozen import _frozen
from .settling import _noisy, _settling, _vanished
from .given_net import _critical, _fit_note
from .reference import (at_a_guess, blew_up_early, bounces_on_its_floor, constant_level, fell_little, falls_steadily,
                        fitted, guess_levels, judge, learned_nothing, never_raise_far_above)


def _overflowed_start(run, ev):
    """Only the first cost(s) not finite, then a finite run: not a blow-up (a blow-up does not
    come back) but an overflow at the initial weights, e.g. the log of a probability of 0
    from saturated outputs. The rest of the curve is read as the run: those first costs take
    the first finite one's value, so every index (and the dead fractions, gradient norms and
    lrs logged beside the costs) stays where it was. Run before the checks, which only read."""
    c = run.cost
    finite = np.isfinite(c)
    k = int(np.argmax(finite)) if finite.any() else len(c)
    if 0 < k and len(c) - k >= 4 and finite[k:].all():
        run.cost = np.r_[np.full(k, c[k]), c[k:]]
        ev.update(not_finite_first=k, initial_cost=float(c[k]))


def _not_finite_start(run, ev):
    c = run.cost
    if len(c) and not np.isfinite(c[0]):
        # the first logged cost can follow updates (a whole epoch of minibatches, say): a step
        # too large may have blown up before it; a smaller step cannot make a finite run worse
        return Finding("diverging", _("The cost is {cost} from the start: the data or weights are "
                                      "not finite, or the steps before the first logged cost blew up.").format(cost=c[0]),
                       _("lower lr 100-fold, and check that the data and the initial weights are finite"),
                       scaled_lr(ev["lr"], 0.01), "likely", ask=False)
    return None


def _no_updates(run, ev):
    return Finding("stalled", _("No updates were made."), _("train for some epochs"), ask=False) \
        if len(run.cost) < 2 else None


def _blows_up(run, ev):
    finite = np.isfinite(run.cost)
    return _found(_diverging(run.cost, finite, run, ev), "likely" if finite.all() else "sure")


def _dead_units(run, ev):
    shares = _activity(run.net, run.X) if run.net is not None and run.X is not None else None
    return _found(_dead(run.cost, run, ev, shares), "sure" if run.dead_fraction is not None else "likely")


def _settles(run, ev):  # always finds one: the last naming check
    c = run.cost
    return _found(_settling(c, run, ev) if run.batch is None or len(c) < 20 else _noisy(c, run, ev))


def _gradients_vanished(run, ev):
    f = run.found
    if f.kind not in HEALTHY or run.from_history:
        return None
    kind, what, fix, action = _vanished(run, ev, (f.kind, f.what, f.fix, f.action))
    return None if kind == f.kind else Finding(kind, what, fix, action)


def _fit(run, ev):
    f = run.found
    if f.kind not in HEALTHY or run.net is None or run.X is None or run.Y is None:
        return None
    what, fix, action = _fit_note(run.net, run.X, run.Y, run.settings, ev, f.what, f.fix, f.action)
    return Finding(f.kind, what, fix, action, f.certainty)


# Every check has one shape, check(run, evidence) -> Finding | None, and sits here with the
# kinds it can give and its stage. "name" checks run in order until one finds a kind;
# "rewrite" checks then run in order on what was found (run.found) and may replace it.
# A new kind is a module of its own in this package and one entry here.
CHECKS = (
    (("diverging",), _not_finite_start, "name"),
    (("stalled",), _no_updates, "name"),
    (("diverging",), _blows_up, "name"),
    (("dead",), _dead_units, "name"),
    (("dead",), lambda run, ev: _found(_frozen(run.cost, run, ev)), "name"),  # a cost frozen flat
    (("stalled", "dead", "oscillating", "slow", "converging"), _settles, "name"),
    (("stalled",), _gradients_vanished, "rewrite"),
    ((), _fit, "rewrite"),                                  # converging, but to what?
    (("diverging",), blew_up_early, "rewrite"),             # an oscillation after a blow-up
    # against the start, the best and the constant guess
    (("stalled",), at_a_guess, "rewrite"),                  # loss not given: settled at a constant's cost
    (("stalled", "diverging", "slow", "converging"), judge, "rewrite"),
    (("diverging",), never_raise_far_above, "rewrite"),     # far above the guess: a step too large (or raw inputs)
    (("converging",), fitted, "rewrite"),                   # ended near its best, far below the guess
    (("converging",), bounces_on_its_floor, "rewrite"),     # full batch, bouncing on the floor it reached
    (("stalled",), learned_nothing, "rewrite"),
    (("stalled",), fell_little, "rewrite"),                 # no level known: fell under 2-fold and settled
)
KINDS = tuple(dict.fromkeys(kind for kinds, _check, _stage in CHECKS for kind in kinds))  # in the order checked


def diagnose(history, critical_lr=None, net=None, X=None, Y=None, *, lr=None, n_samples=None,
             reduction=None, batch_size=UNKNOWN, every=1, dead_fraction=None, grad_norm=None,
             update_ratio=None, loss=None, n_classes=None, targets=None):
    """Diagnose a training run; returns a :class:`Diagnosis`.

    history: a :class:`nnlib.History` (or any object with ``.cost``; its other fields may
    be missing), or a plain sequence of costs (list, array, anything ``np.asarray`` reads;
    (n, outputs) per-output costs are summed; (step, cost) pairs, a dict of lists with a "loss"
    entry, or a list of {"loss": ...} records are read for their costs: nnlib.runs.costs).
    Keywords, each optional (missing information is never an error: the message says what it
    could not check):
    lr, n_samples, reduction ("sum" | "mean"): as the run used them;
    batch_size: None for full batch, an int for minibatches (each cost from one batch);
    not given: judged from the curve; every: one cost per ``every`` updates;
    dead_fraction: (n, L) or (L,) share of each ReLU-like layer's units dead (<= 0 on every
    sample), in the order of the layers (named "recorded layer l" in the message);
    grad_norm: (m, L) or (L,) each layer's gradient norm;
    update_ratio: (m, L) or (L,) each layer's ||step|| / ||weights||;
    loss ("squared" | "cross_entropy"), n_classes, targets ((n,) or (n, k); class labels or
    one-hot rows for cross-entropy): what a constant guess costs can then be known, and a
    cost that settled near it is no success (the verdict says "can't tell" and what to log).

    critical_lr: the stability limit 2 / lambda_max, if known (best computed at the
    initial weights, e.g. ``nnlib.critical_lr(net0, X, Y, reduction)``); or pass
    ``net, X, Y`` and it is computed at net's current weights (a power iteration, two
    gradient evaluations a step), together with the lowest eigenvalue: at a saddle the
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
    level = _level(run, loss, n_classes, targets)
    steps = _summed_steps(run, level, loss, targets)
    with np.errstate(all="ignore"):  # a diverged run's numbers are the lesson, not a warning
        return _diagnose(run, critical_lr, net, X, Y, level if steps is None else level * steps, loss,
                         best_constant=targets is not None, n_classes=n_classes, targets=targets,
                         summed_steps=steps)


# An untrained net's first cost is within this multiple of what a constant guess costs: a
# summed cost whose first logged value is over it sums more than one batch
START_WITHIN = 3.0
# A cross-entropy whose first cost is within WHOLE_MULTIPLE of k times ln C (k a whole number
# from MIN_STEPS to MAX_STEPS; n_classes without targets, so ln C is the uniform guess an untrained
# net makes) sums k predictions: a sequence's steps, as a character-level model's loss does. An
# untrained net answers about uniformly, so its first cost is ln C, k times over, to the third
# decimal. On the tuning half (1095 runs) that read the guess right for a character-level RNN
# (healthy, called "learned little"); no other run or real printout changed. A review found
# chance multiples with a looser match (0.01) or small k (2-5: a bad init's binary cross-entropy
# at 2 ln 2, a raw-input start at 5 ln 10 then called a partial fit): about 1 in 250 first costs
# still lands this near a whole multiple by chance. A squared error is left out: its halved and
# whole conventions are a factor 2 apart already.
WHOLE_MULTIPLE = 0.002
MIN_STEPS = 10
MAX_STEPS = 100


def _level(run, loss, n_classes, targets):
    """What a constant guess costs per logged cost (reference.constant_level), or None. A summed
    cost (reduction "sum") logged once per several updates may add up its batch, or the whole
    interval (a learner who adds up an epoch's batch costs; at most n_samples): the batch's when
    the first cost is within START_WITHIN of it (where an untrained net starts), else the
    interval's (its first sum already holds an interval of learning)."""
    s = run.settings
    args = (loss, n_classes, targets, s.get("reduction"), s.get("n_samples"))
    outputs = "sum" if run.from_history else "mean"  # nnlib's cost sums them
    level = constant_level(*args, run.batch, outputs=outputs)
    if level is None or s.get("reduction") != "sum" or not isinstance(run.batch, int) or run.every <= 1:
        return level
    first = run.cost[np.isfinite(run.cost)][:1]
    if first.size and 0 < first[0] <= START_WITHIN * level:
        return level
    n = s.get("n_samples")
    return constant_level(*args, min(run.batch * run.every, n) if n else run.batch * run.every, outputs=outputs)


def _summed_steps(run, level, loss, targets):
    """k when a cross-entropy's first cost is k times ln C (level, from n_classes without targets;
    a whole k from MIN_STEPS to MAX_STEPS, within WHOLE_MULTIPLE), the mark of a cost summed over k
    predictions (a sequence's steps, as a character-level model's loss is), else None. A summed
    batch given as reduction "sum" is _level's, and the cost of a net fed from a History is
    nnlib's own."""
    if loss != "cross_entropy" or targets is not None or level is None or not level > 0 or run.from_history \
            or run.settings.get("reduction") == "sum":
        return None
    first = run.cost[:1]
    if not first.size or not np.isfinite(first[0]):
        return None
    ratio = float(first[0]) / level
    k = round(ratio)
    return k if MIN_STEPS <= k <= MAX_STEPS and abs(ratio - k) <= WHOLE_MULTIPLE else None


def _net_data(net, X, Y):
    """Check net, X, Y as far as they are given; X (and Y) as float matrices."""
    if net is not None and not all(hasattr(net, a) for a in ("forward", "get_params", "sizes")):
        raise ValueError(f"net must be an nnlib.Network, got {type(net).__name__}")
    if net is not None and X is not None and Y is not None:
        X, Y = data(net.sizes, X, Y)
    elif X is not None:
        X = as_matrix(X, "X") if net is None else inputs(net.sizes, X)
    elif Y is not None:
        Y = as_matrix(Y, "Y")
    return net, X, Y


# optimizers whose step does not scale with the gradient: the lr rules of plain gradient
# descent (per sample, times a summed cost's N) do not hold for them
ADAPTIVE_OPTIMIZERS = ("adam", "rmsprop")


def _evidence(run, X):
    c, s = run.cost, run.settings
    ev = dict(lr=float(s.get("lr", np.nan)), reduction=s.get("reduction", "mean"),
              n_samples=int(s.get("n_samples", 0)), epochs=(len(c) - 1) * run.every,
              initial_cost=float(c[0]) if len(c) else np.nan,
              final_cost=float(c[-1]) if len(c) else np.nan,
              unit="epoch" if run.from_history else "update", every=run.every,
              reduction_given="reduction" in s,
              adaptive_steps=s.get("optimizer") in ADAPTIVE_OPTIMIZERS or bool(s.get("adaptive")))
    ev["falls_steadily"] = falls_steadily(c)  # the recipe's lr (reference.restart)
    # a summed cost's steps are this many times the mean cost's: the samples in one cost
    ev["summed_over"] = run.batch if isinstance(run.batch, int) and run.batch > 0 else ev["n_samples"]
    if X is not None:
        ev["input_scale"] = float(np.max(np.maximum(np.abs(X.mean(0)), X.std(0))))
    ratio = run.update_ratio  # read by every verdict's lr (reference.restart), full batch or not
    if ratio is not None and ratio.size and np.isfinite(ratio).any():
        ev["median_update_ratio"] = float(np.nanmedian(ratio))
    return ev


def _diagnose(run, critical_lr, net, X, Y, level=None, loss=None, best_constant=False, n_classes=None,
              targets=None, summed_steps=None):
    ev = _evidence(run, X)
    if summed_steps is not None:
        ev["summed_steps"] = summed_steps  # the level is k times the guess's (_summed_steps)
    if loss is None and targets is not None:  # what a constant costs under each common loss
        ev["guess_levels"], ev["n_outputs"] = guess_levels(targets)
    if level is not None:
        ev["constant_level"] = level
        # from the targets: the best constant guess's cost; from n_classes alone, ln C is a
        # uniform guess's, above the best constant's when the classes are imbalanced
        ev["level_is_best_constant"] = bool(best_constant)
    if loss is not None:
        ev["loss"] = loss  # how a blow-up's growth reads as lr x lambda_max
    ev["class_outputs"] = loss == "squared" and n_classes is not None  # diverging.usual_lrs
    if ev["class_outputs"] and targets is None and level is not None:  # reference.fitted
        ev["cheapest_level"] = level / max(1.0, float(n_classes))
    crit = _critical(run, critical_lr, net, X, Y, ev)
    if run.settings.get("adaptive") and run.lr.size and run.lr[-1] != ev["lr"]:
        ev["final_lr"] = float(run.lr[-1])  # the adaptive rule changed it: compare what it ended with
    if crit is not None:
        ev["critical_lr"] = crit
        ev["lr_over_critical"] = ev.get("final_lr", ev["lr"]) / crit
    run.net, run.X, run.Y, run.found = net, X, Y, None
    _overflowed_start(run, ev)
    for _kinds, check, stage in CHECKS:
        if (stage == "name") == (run.found is None):
            found = check(run, ev)
            run.found = found if found is not None else run.found
    f, run.found = run.found, None
    # an lr read per sample from a reduction not given (diverging.standard_lr), not the learner's own
    sized = ev.get("mean_assumed", False) and "lr" in (f.action or {}) and f.action["lr"] != ev["lr"]
    unknowns = _unknowns(run, f.kind, "constant_level" in ev, sized) if f.ask else ""
    action = check_action(f.action)  # RunSpec fields and runspec.CHANGES only: spec.apply takes it
    what = f.what if "summed_steps" not in ev else f.what + _(
        " (The first cost, {first:.4g}, is {k} times what one prediction's constant guess costs "
        "({one:.3g}): a cost summed over {k} predictions, such as a sequence's steps, so the guess "
        "is read as {k} times that.)").format(first=run.cost[0], k=ev["summed_steps"],
                                            one=ev["constant_level"] / ev["summed_steps"])
    message = _("{what} Try first: {fix}.{unknowns}").format(what=what, fix=f.fix, unknowns=unknowns)
    return Diagnosis(f.kind, message, f.fix, ev, action, f.certainty)


def _unknowns(run, kind, level_known=True, lr_sized=False):
    """What the message could not check for lack of information, and what to record.
    level_known: the constant guess's cost was known (loss= with targets= or n_classes=);
    lr_sized: the action sets an lr other than the learner's, read per sample for a mean cost
    though the reduction was not given."""
    if run.from_history:
        return ""
    s, missing = run.settings, []
    if not level_known and kind in ("stalled", "converging", "slow"):
        # without it a net stuck at what predicting the mean costs reads as settled: the most
        # common miss on training code that gave neither
        missing.append(_("loss and targets or n_classes (without what a constant guess costs, "
                         "a net stuck at the mean looks settled)"))
    if "lr" not in s and kind != "converging":
        missing.append(_("lr (to size the fix)"))
    if "reduction" not in s and kind == "diverging" and not lr_sized:  # a cut relative to the learner's lr
        missing.append(_("reduction and n_samples (a summed cost grows with N)"))
    elif "reduction" not in s and lr_sized:
        missing.append(_("reduction (the lr given is for a mean cost, the usual default; a cost summed "
                         "over B samples takes B times smaller)"))
    if run.batch is UNKNOWN:
        missing.append(_("batch_size (None for full batch; judged from the curve's noise)"))
    if run.dead_fraction is None and kind in ("stalled", "converging", "slow"):
        missing.append(_("dead_fraction (dead units; in doctor.watch, log your ReLU layers: "
                         "w.log(cost, activations=[...]))"))
    # the items' separator: the Chinese list takes its own punctuation
    return _(" Not given: {missing}.").format(missing=_(", ").join(missing)) if missing else ""
