"""Where a cost ended, against where it started, its best, and what a constant guess costs.

A settled curve is not a healthy one: a net stuck at what predicting a constant costs
(ln C per sample for C classes under cross-entropy, the targets' variance under a squared
error) has learned nothing, and a cost that ended above where it started jumped up and
stuck. From costs alone several causes fit such a curve (dead units, saturated units, a
tiny lr, badly scaled inputs): the verdict then says "can't tell", what to log to tell them
apart, and the usual recipe, which rules them all out at once.
"""
import numpy as np

from ..i18n import _, N_
from .. import trend
from ..runs import number, numbers
from .diverging import _step_fix, half_critical, per_sample, standard_lr, standardize_fix, usual_floor, usual_lrs
from .report import (Finding, HEALTHY, HEALTHY_UPDATE_RATIO, MOSTLY_DEAD, STALLED_BELOW, UNSCALED, _off_scale,
                     flat_since, scaled_lr, settled_onto_minimum)

LOSSES = ("squared", "cross_entropy")
OUTPUTS = {"mean": np.mean, "sum": np.sum}  # how a squared error takes its outputs
TARGET = 0.3          # a fit worth the name ends under this share of the constant guess (examine's bar too)
MIN_FACTOR = 10.0     # the fall slows as it nears a fit: the end rate understates the lr needed
NEAR_CONSTANT = 0.5   # a cost above this share of the constant guess's (smallest convention) learned nothing
# ... but against ln C read from n_classes alone (no targets: the class shares unknown) the bar is
# UNIFORM_NEAR: a uniform guess costs more than the best constant when the classes are skewed, and
# real character-level models end at 0.53-0.64 of ln 27 (three tuned printouts, healthy). On the
# tuning half that turned 4 runs' "can't tell" into "slow" with the same recipe (dead units, raw
# inputs), repaired as before; 4 more real printouts named right (those three among them).
UNIFORM_NEAR = 0.7
ABOVE_START = 1.2     # a final cost above this multiple of the first ended above where it started
FAR_BELOW = 0.1       # a cost that ended under this share of the constant guess's ...
NEAR_BEST = 1.5       # ... and within this multiple of its best has fit: its wiggles are no problem
NEGLIGIBLE = 0.01     # a cost under this share of the constant guess has fit, however it wiggles there
# A full-batch cost that fell this many times from its first and bounces near its best has fit
# (bounces_on_its_floor). On the tuning half (931 runs) this took 3 healthy runs out of
# "oscillating" (absolute and Huber errors), and no problem run.
FELL_FOLD = 5.0
# a settled cost within this (in ratio) of a whole multiple of the guess's may be a constant output
CONVENTION_MATCH = 0.02
ABOVE_GUESS = 2.0      # a cost over this multiple of the constant guess's (its widest convention) is worse than guessing
# The constant guess's cost is computed in its smallest convention (half the squared error,
# averaged over the outputs); a learner's cost whose reduction was not given may also be the
# whole error, not half (x2), summed over the batch or N (x that). Far above means above the
# dearest of these.
_LARGEST_CONVENTION = 2.0
# A cost that rose to this multiple of its first within the first fifth of the run (at least
# its first two costs) took a step too large: dead or saturated units or a tiny lr leave it
# flat (on the tuning half the highest such rise of a run with those causes was 1.9x), and a
# minibatch curve's rise is read from running medians (one small batch can cost several times
# the next; a step too large keeps the cost up for several)
JUMPED = 2.5
SPIKE = 5             # ... read from a minibatch curve's running medians of this many costs
BLEW_UP = 1e3         # ... and a rise of this many times its first is a blow-up, whatever followed
HARDLY_FELL = 0.7     # ... and stuck there: it ended above this share of where it started
FRONT = 0.4           # a fall spread over the run: its first tenth made under this share of it ...
TAIL = 0.01           # ... and its last tenth over this share (still going)
MIN_FALL = 0.05       # a fall smaller than this share of the first cost has no shape to read
# A fall spread evenly over the run has covered only the start of its curve. How much larger
# an lr it needs cannot be read from it (the curve's end rate says 2-5x and was short on every
# such run of the tuning half); there 10x left most of them short of healthy runs, 30x half,
# 50x and 100x none: 50x, the smaller, risks less of a blow-up.
CRAWL_FACTOR = 50.0
# When costs alone cannot tell dead units, saturated units, a tiny lr and badly scaled inputs
# apart, the usual recipe rules out all four at once: standardized inputs, leaky ReLU with He
# init and zero biases (units that cannot die or saturate at the start), and an lr in
# STANDARD_LR per sample, when the lr, the reduction and a plain gradient step are known
# (diverging.standard_lr). The run it replaces learned nothing; the lr is for standardized
# inputs, and the words say so. On the tuning half it repaired 37 of 47 such runs, against 20
# for the revival alone (which changes no step size, so it leaves a tiny lr or raw inputs as
# they were).
RECIPE = {"standardize": True, "activation": "leaky_relu", "weight_init": "he", "bias_init": 0.0}
# The recipe keeps a learner's lr that is under the usual range by at most KEEP_BAND (restart):
# code whose healthy lr sits there (a residual net, one sample per step) blew up at the floor.
# Further under, the floor: an lr 100x too small needs it. Above the range it is still clipped:
# He init with leaky ReLU at a healthy sigmoid net's lr of 1 blew up. On the tuning half (846
# runs) that repaired 3 more runs net (5 dead or saturated runs repaired; 2 lost: raw inputs whose
# lr had been cut to stay finite crawled once standardized); no healthy run given it was broken.
KEEP_BAND = 10
RECIPE_FIX = N_("start again from the usual recipe, which rules out all of them at once: "
                "standardized inputs, leaky ReLU with He init and zero biases, and an lr of "
                "{lo:g}-{hi:g} per sample{lr} (that lr is for standardized inputs: with raw ones it can blow up)")
TO_LOG = N_("the share of dead units per layer (doctor.watch: w.log(cost, activations=[Z1, ...])) "
            "and each layer's gradient norm (w.log(cost, gradients=[dW1, ...])); or run "
            "doctor.examine(train, settings), which tries the fixes")
TELL_APART = N_("{fix}; to tell the causes apart log {log}")  # a fix, then what to log


def restart(ev, ceiling=None, crawl=True):
    """(words, action): the usual recipe (RECIPE), with the learner's lr clipped into the
    usual range per sample (diverging.standard_lr; no lr where that cannot be read), or kept
    when under it by at most KEEP_BAND, and at most ceiling; a cost that fell at every step
    (ev["falls_steadily"]) at an lr under the usual floor takes CRAWL_FACTOR x its lr when that
    is more, up to the usual range's top (crawl=False: not for a cost that settled). Logged updates
    larger than healthy (ev["median_update_ratio"]) cap it at the learner's lr: the step is not
    what holds the cost."""
    # a measured limit holds for inputs already at unit scale (standardizing raw ones moves it)
    limit = half_critical(ev) if ev.get("input_scale", np.inf) <= UNSCALED else None
    large_steps = ev.get("median_update_ratio", 0) > HEALTHY_UPDATE_RATIO and np.isfinite(ev["lr"])
    if large_steps:  # the logged updates already move the weights more than healthy: no larger lr
        ceiling = min(ev["lr"], np.inf if ceiling is None else ceiling)
    if limit is not None or ceiling is not None:
        ceiling = min(c for c in (limit, ceiling) if c is not None)
    action, lr, said = dict(RECIPE), standard_lr(ev, ceiling), ""
    lo, hi = usual_lrs(ev)
    # under the range by at most KEEP_BAND, and not already the learner's (a ceiling at it): yours
    kept = lr is not None and lr != ev["lr"] and lo / KEEP_BAND <= ev["lr"] * per_sample(ev) < lo
    if kept:
        lr = float(ev["lr"]) if ceiling is None else min(float(ev["lr"]), ceiling)
    # a cost that fell at every step and still falls, at an lr under the usual floor: the
    # shape of a step too small, raised as a crawl's is (CRAWL_FACTOR), not only to the floor,
    # which left runs whose lr was 100x too small crawling. (Dead or saturated units at such an
    # lr bounce or stop; on the tuning half, raising their lr 50x as well broke 11 runs.)
    crawled = crawl and lr is not None and ceiling is None and _crawls(ev)
    raised = min(CRAWL_FACTOR * ev["lr"], hi / per_sample(ev)) if crawled else None
    if crawled and raised > lr:  # never past the usual range's top: a 50x raise from just under
        lr = raised              # the floor would be 10x over it, and blew up a regression there
    else:
        crawled = False
    if lr is not None:
        action["lr"] = lr
        per = per_sample(ev)
        said = (_(" (here lr {lr:.3g}: {each:.3g} per sample over the {n} samples the cost sums)").format(
                    lr=lr, each=lr * per, n=per) if per > 1 else _(" (here lr {lr:.3g})").format(lr=lr))
        if large_steps and lr == ev["lr"]:  # inside the bracket, before its closing mark
            said = said[:-1] + _(", yours: your logged updates already move the weights more than "
                                 "healthy ones do") + said[-1]
        elif kept and not crawled and lr == ev["lr"]:  # inside the bracket, before its closing mark
            said = said[:-1] + _(", yours: at most {band:g}x under that range, so kept").format(
                band=KEEP_BAND) + said[-1]
        if crawled:  # inside the bracket, before its closing mark
            said = said[:-1] + _(", {factor:.3g}x yours: your cost fell at every step, still falling at the "
                                 "end, the shape of a step too small").format(factor=lr / ev["lr"]) + said[-1]
    words = _(RECIPE_FIX).format(lo=lo, hi=hi, lr=said)
    return _(TELL_APART).format(fix=words, log=_(TO_LOG)), action


def constant_level(loss=None, n_classes=None, targets=None, reduction=None, n_samples=None,
                   batch=None, outputs="mean"):
    """The cost of the best constant guess, per cost as logged, in its smallest common
    convention (half the squared error, its outputs taken by `outputs`: "mean", or "sum" as
    nnlib's own cost does); None when it cannot be known. targets: (n,) or (n, k) targets;
    class labels or one-hot rows for cross-entropy ((n,) targets given beside n_classes that
    are not its labels are set aside for it). A squared error with n_classes and no targets:
    one-hot rows of balanced classes, their outputs summed."""
    if loss is None:
        return None
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {', '.join(map(repr, LOSSES))}, got {loss!r}")
    if outputs not in OUTPUTS:
        raise ValueError(f"outputs must be one of {', '.join(map(repr, OUTPUTS))}, got {outputs!r}")
    level = None
    if targets is not None and not _usable(targets):
        targets = None  # empty or not finite: no guess to read from them (n_classes may still give one)
    if loss == "cross_entropy":
        labels = None
        if targets is not None:
            t = numbers(targets, "targets", ndim=(1, 2))
            labels = t.argmax(1) if t.ndim == 2 and t.shape[1] > 1 else t.reshape(-1)
        if labels is not None and not (n_classes is not None and _not_labels(labels, n_classes)):
            p = np.unique(labels, return_counts=True)[1] / len(labels)
            level = float(-np.sum(p * np.log(p)))
        elif n_classes is not None:
            level = float(np.log(number(n_classes, "n_classes")))
    elif targets is not None:
        t = numbers(targets, "targets", ndim=(1, 2))
        t = t.reshape(len(t), -1)
        level = 0.5 * float(OUTPUTS[outputs](t.var(axis=0)))
    elif n_classes is not None:
        # one-hot targets of C balanced classes: each output's variance is (1/C)(1 - 1/C). Taken
        # summed over the outputs whatever `outputs` says: averaged, it would be C times smaller,
        # and a fit in the summed convention (a classic book's quadratic cost) ends above that,
        # so that every healthy run would read as stuck. The dearer level can only hide a stuck
        # run whose cost averages its outputs; it cannot make a healthy one look stuck.
        k = number(n_classes, "n_classes")
        level = 0.5 * (1.0 - 1.0 / k) if k > 1 else None
    if level is None or not level > 0:
        return None
    if reduction == "sum":
        level *= batch if isinstance(batch, int) else (n_samples or 1)
    return level


def _not_labels(labels, n_classes):
    """Do (n,) targets given beside n_classes fail to be its class labels (whole numbers from 0 to
    n_classes - 1)? Label-smoothed values such as 0.01 and 0.91 are not: n_classes is trusted."""
    k = number(n_classes, "n_classes")
    return bool(np.any(labels != np.round(labels)) or labels.min() < 0 or labels.max() > k - 1)


# Without loss=, what a constant guess costs is known from the targets in each common loss's
# units: the mean absolute error of their median, half or all of the squared error of their
# mean, its root. A cost that settled onto one of them (its outputs summed or averaged, summed
# over the batch or not) to within AT_GUESS_MATCH, holding to AT_GUESS_FLAT over the last
# AT_GUESS_TAIL of the run, is a net that outputs a constant: such a match does not come by
# chance (on the tuning half no healthy run's tail held to 5%, and no healthy run ended at
# a constant's cost).
AT_GUESS_MATCH = 0.005
# learned_nothing: a first cost within FRESH_START of one common loss's constant guess names the
# learner's convention (a fresh net answers about the same for every sample); a run that ended at
# NEAR_GUESS of that level or more (stricter than judge's NEAR_CONSTANT: the convention is read,
# not given), having fallen less than HARDLY_LEARNED-fold, learned little. On the tuning half
# (loss= not given, targets given) it renamed runs called converging or slow (lrs 100x too small,
# dead units, raw inputs), and no healthy run or real printout. Taking the cheapest convention
# instead raised false alarms on healthy regressions whose targets are not at unit scale.
FRESH_START = 1.25
NEAR_GUESS = 0.8
HARDLY_LEARNED = 2.0
# fell_little: with no constant guess's cost known at all, a "converging" run that fell less than
# HARDLY_LEARNED-fold from its first cost (less than REGRESSION_FELL-fold for a regression) cannot
# be told from one that learned little. On the tuning half (1183 runs) every healthy run read
# "converging" without a level had fallen 2.2-fold or more, and 19 runs with lrs 100x too small,
# dead units, raw inputs or a jump were renamed (12 of them repaired by the recipe). Two healthy
# real printouts of regressions (a least-squares line; a housing net that met its target) fell
# 1.5-fold: a weak fit to noisy targets is no problem, hence the regression's lower bar.
REGRESSION_FELL = 1.3
# what judge and learned_nothing say of a run that learned little beyond a constant answer
LEARNED_LITTLE = N_("The cost ended at {end:.3g}, {ratio:.2g} times what a constant guess costs "
                    "({level:.3g}): the net has learned little beyond the mean. From costs alone this "
                    "fits dead units, saturated sigmoid/tanh units, an lr far too small, or badly scaled "
                    "inputs.")
# ... and what judge says of one that ended worse than that answer (over ABOVE_GUESS times its cost)
WORSE_THAN_GUESS = N_("The cost ended at {end:.3g}, {ratio:.2g} times what a constant guess costs "
                      "({level:.3g}): the outputs are worse than one constant answer. From costs alone this "
                      "fits units thrown out of range (saturated or dead, by their init or an early step), "
                      "badly scaled inputs, or an lr far too small to bring a bad start down.")
AT_GUESS_FLAT = 1e-3
AT_GUESS_TAIL = 5
MAX_LABELS = 100  # whole-numbered targets with at most this many values are class labels


def _crawls(ev):
    """The shape of a step too small: the cost fell at every step and still falls
    (ev["falls_steadily"]), at an lr under the usual floor."""
    return bool(ev.get("falls_steadily")) and ev["lr"] < usual_floor(ev)


def falls_steadily(c):
    """Did the costs c (n,) fall at every step, the last half still making at least TAIL of
    the fall? (At least 5 costs: fewer have no shape.)"""
    d = np.diff(c)
    return bool(len(c) >= 5 and np.isfinite(c).all() and (d < 0).all()
                and c[len(c) // 2] - c[-1] >= TAIL * (c[0] - c[-1]))


def guess_levels(targets):
    """({loss name: what the best constant output costs under it, per sample, outputs
    averaged}, the number of outputs) from targets (n,) or (n, k) when loss= was not given;
    ({}, 1) for targets that hold no such guess: not numbers, another shape, empty, not
    finite, or class targets (one-hot rows, or whole numbers of at most MAX_LABELS values:
    a regression on counts or ratings that few is skipped too)."""
    try:
        t = numbers(targets, "targets", ndim=(1, 2))
    except ValueError:  # ragged, or another shape (masks): no guess to read, as without them
        return {}, 1
    if len(t) < 2 or not _usable(t):
        return {}, 1
    t = t.reshape(len(t), -1)
    one_hot = t.shape[1] > 1 and np.isin(t, (0.0, 1.0)).all() and (t.sum(1) == 1).all()
    labels = t.shape[1] == 1 and (t == np.round(t)).all() and len(np.unique(t)) <= MAX_LABELS
    if one_hot or labels:  # class targets: their loss is a cross-entropy, whose guess is none of these
        return {}, 1
    var = float(t.var(axis=0).mean())
    return {N_("absolute"): float(np.abs(t - np.median(t, axis=0)).mean()), N_("half squared"): 0.5 * var,
            N_("squared"): var, N_("root mean squared"): float(t.std(axis=0).mean())}, t.shape[1]


def at_a_guess(run, ev):
    """A check (rewrite): a healthy-looking run whose cost settled onto exactly what a constant
    output costs under some common loss (guess_levels; loss= not given) learned nothing; a
    Finding ("can't tell" which of the flat causes did it), or None."""
    levels, c = ev.get("guess_levels"), run.cost
    if run.found.kind not in HEALTHY + ("oscillating",) or not levels or not np.isfinite(c).all() \
            or len(c) < 2 * AT_GUESS_TAIL:
        return None
    tail = c[-max(2, len(c) // AT_GUESS_TAIL):]
    end = float(np.median(tail))
    if not end > 0 or np.ptp(tail) > AT_GUESS_FLAT * end:
        return None
    sums = {1, ev["summed_over"]} - {0} if ev["reduction"] == "sum" or not ev.get("reduction_given") else {1}
    multiples = sorted({m * o for m in sums for o in (1, ev.get("n_outputs", 1))})
    for name, level in levels.items():
        for k in multiples:
            if level > 0 and abs(end / (level * k) - 1) < AT_GUESS_MATCH:
                ev.update(constant_level=level * k, end_over_constant=end / (level * k), guess_loss=name)
                what = _("The cost settled at {end:.4g}, what outputting one constant costs under {loss} "
                         "error ({level:.4g}): the net gives every sample the same answer. From costs alone "
                         "this fits dead units, saturated sigmoid/tanh units, a step that threw them "
                         "there, or an lr far too small.").format(end=end, loss=_(name), level=level * k)
                return Finding("stalled", what, *restart(ev, crawl=False), "can't tell")
    return None


def learned_nothing(run, ev):
    """A check (rewrite): a healthy-looking run, loss= not given but targets given, whose first
    cost sat at what a constant output costs under one common loss (guess_levels: within
    FRESH_START of it, as a fresh net's does) and which ended at NEAR_GUESS or more of that
    level, having fallen less than HARDLY_LEARNED-fold, has learned little beyond a constant
    answer: "can't tell" which of the flat causes, and the usual recipe. (judge reads the same
    from a known loss's level; here the first cost names the convention.) A Finding, or None."""
    f, c, levels = run.found, run.cost, ev.get("guess_levels")
    if f.kind not in HEALTHY or not levels or "constant_level" in ev or "unexplained" in ev \
            or not np.isfinite(c).all() or len(c) < 5 or not c[0] > 0:
        return None
    first, end = float(c[0]), _end(c, run)[2]
    level = min((l for l in levels.values() if l > 0), key=lambda l: abs(np.log(first / l)), default=None)
    if level is None or abs(np.log(first / level)) > np.log(FRESH_START) \
            or not (end >= NEAR_GUESS * level and first < HARDLY_LEARNED * end):
        return None
    ev.update(constant_level=level, end_over_constant=end / level)
    return Finding("stalled", _(LEARNED_LITTLE).format(end=end, ratio=end / level, level=level),
                   *restart(ev), "can't tell")


def fell_little(run, ev):
    """A check (rewrite): a "converging" run whose constant guess's cost is not known (neither
    loss= with n_classes= or targets=, nor a convention read from targets) and which fell less
    than HARDLY_LEARNED-fold from its first cost to its end cannot be told from one that learned
    little: "can't tell", and the usual recipe. A healthy classifier falls far more than that from
    its untrained start. A regression (loss="squared", or regression targets given) is held to
    REGRESSION_FELL: a healthy fit to noisy targets ends at the share of their variance it cannot
    explain, often over half. Left alone: nnlib's own History, and a run whose logs rule dead
    units and vanishing gradients out. A Finding, or None."""
    f, c = run.found, run.cost
    regression = ev.get("loss") == "squared" or bool(ev.get("guess_levels"))  # regression targets given
    if f.kind != "converging" or "constant_level" in ev or "unexplained" in ev \
            or run.from_history or _ruled_out(run, ev) or not np.isfinite(c).all() or len(c) < 5 or not c[0] > 0:
        return None
    first, end = _start(c, run), _end(c, run)[2]
    fold = REGRESSION_FELL if regression else HARDLY_LEARNED
    if not (end > 0 and first < fold * end):
        return None
    ev.update(end_cost=end, fall_fold=first / end)
    what = _("The cost fell only from {first:.3g} to {end:.3g} ({fold:.2g} times lower) and settled. "
             "Without what a constant guess costs, that cannot be told from a net that learned little: "
             "dead units, saturated sigmoid/tanh units, an lr far too small, or badly scaled inputs "
             "fit it as well as a fit to a hard problem does, and so does a healthy run whose first "
             "logged cost came after much of its fall (a per-epoch log, a pretrained start) or whose "
             "loss has an offset. Give loss= with n_classes= or targets= to judge it against a "
             "constant guess.").format(first=first, end=end, fold=first / end)
    return Finding("stalled", what, *restart(ev), "can't tell")


def _start(c, run):
    """Where a cost started: its first value; for a minibatch curve (20 costs or more), the first
    value or, where one batch's cost came out low, its first five costs' median or its trend's
    first value, whichever is largest (on a healthy curve with 25% batch noise, reading c[0] alone
    called 18 of 100 seeds a fall too small; the median alone, or the trend, under-reads a start
    that falls quickly)."""
    if run.batch is None or len(c) < 20:
        return float(c[0])
    return float(max(c[0], np.median(c[:5]), _curve(c, run)[0]))


def guess_floor(ev):
    """What the cheapest constant guess costs, as far as the run's keywords tell: the known
    loss's level in its cheapest convention, else the cheapest of the targets' common losses
    (guess_levels), else None."""
    level = ev.get("cheapest_level", ev.get("constant_level"))
    levels = [level] if level is not None else list(ev.get("guess_levels", {}).values())
    return min(levels) if levels else None


def _usable(targets):
    """Do targets hold at least one finite row, all finite? (Their shape is checked where read.)"""
    t = numbers(targets, "targets", ndim=(1, 2))
    return t.size > 0 and bool(np.isfinite(t).all())


def _end(c, run):
    """(first, best, end) of the finite costs; a noisy curve's end is its last tenth's median."""
    f = c[np.isfinite(c)]
    tail = f[-max(1, len(f) // 10):]
    return float(f[0]), float(f.min()), float(np.median(tail) if run.batch is not None else f[-1])


def judge(run, ev):
    """A check (rewrite): a healthy-looking verdict rewritten when the cost ended at or above
    a reference; a Finding, or None (nothing to rewrite)."""
    c = run.cost
    if run.found.kind not in HEALTHY or not np.isfinite(c).any():
        return None
    first, best, end = _end(c, run)
    level = ev.get("constant_level")
    ev.update(best_cost=best, end_cost=end)
    if end > ABOVE_START * first and first > 0:
        return _jumped_stuck(ev, first, best, end)
    since = _settled_above(c, run, ev, level, first, end) if level is not None else None
    if since is not None:
        return _cannot_reach_guess(c, ev, level, end, since)
    if level is not None and end >= NEAR_CONSTANT * level:
        ev["end_over_constant"] = end / level
        unscaled = ev.get("input_scale", np.inf)  # inf: X not given
        jumped = _early_jump(c, run, ev) >= JUMPED
        if _off_scale(ev) and not np.isfinite(unscaled) and jumped:
            return _off_scale_and_rose(ev, level, end)  # X not given: raw inputs, or a step too large
        if _off_scale(ev) and unscaled > UNSCALED:
            return _started_off_scale(ev, level, end, unscaled)
        if jumped and not _ruled_out(run, ev):  # logs can rule its story out
            return _jumped_back(ev, level, end)
        if _ruled_out(run, ev) and np.isfinite(ev["lr"]):
            return _too_small(c, ev, level, end)
        if _spread_fall(c, run, ev) and np.isfinite(ev["lr"]):
            return _crawling(c, ev, level, end)
        # ln C from n_classes alone is a uniform guess's cost, above the best constant's when the
        # classes are skewed (text): "learned little" needs a cost nearer it (UNIFORM_NEAR)
        if end >= (UNIFORM_NEAR if _uniform(ev) else NEAR_CONSTANT) * level:
            said = WORSE_THAN_GUESS if end > ABOVE_GUESS * level else LEARNED_LITTLE
            what = _(said).format(end=end, ratio=end / level, level=level)
            return Finding("stalled", what, *restart(ev), "can't tell")
    if level is None or "unexplained" in ev:  # net, X and Y given: the fit was measured, not guessed
        return None
    if end >= TARGET * level:  # the usual recipe (a net stuck at a skewed prior takes it too)
        return _short_of_a_fit(ev, level, end, restart(ev))
    if end >= FAR_BELOW * level and run.found.kind == "converging":
        # under TARGET healthy nets end too: never the recipe's lr under an lr above the usual
        # range (a healthy net there, fit in part, did worse at the range's top)
        above = np.isfinite(ev["lr"]) and ev["lr"] * per_sample(ev) > usual_lrs(ev)[1]
        return _short_of_a_fit(ev, level, end, None if above else restart(ev))
    return None


def _uniform(ev):
    """Is the constant guess's level ln C (times the summed count) from n_classes alone, a uniform
    guess's cost rather than the best constant's (targets not given)?"""
    return ev.get("loss") == "cross_entropy" and not ev.get("level_is_best_constant", True)


def _settled_above(c, run, ev, level, first, end):
    """The index where a full-batch cost that fell (to under HARDLY_FELL of its first) settled
    gradually onto an exact minimum (report.settled_onto_minimum) far above what a constant
    guess costs (ABOVE_GUESS x its dearest convention), or None. Gradient descent did its job
    there; the net's best is worse than a constant output, so it cannot output a constant: it
    has no biases (or its output cannot reach the targets' range). Units that died or saturated
    leave a cost at the guess, not above it, and they slow a cost down rather than settle it to
    the last digit."""
    widest = _widest(ev, level)
    if run.batch is not None or widest is None or "unexplained" in ev or not end < HARDLY_FELL * first:
        return None  # ("unexplained": net, X and Y given, the fit was measured by given_net, not guessed)
    # a net that outputs a constant (dead units under an output bias) settles exactly at the
    # constant guess's cost in the learner's convention: a whole multiple of level (the error
    # whole or halved, its outputs summed or averaged); a cost off every whole multiple is not that
    ratio = end / level
    if abs(ratio - round(ratio)) < CONVENTION_MATCH:
        return None
    since = flat_since(c)  # settled over at least the last tenth of the run
    settled = len(c) - since > len(c) // 10 and settled_onto_minimum(c, since) and end > ABOVE_GUESS * widest
    return since if settled else None


def _cannot_reach_guess(c, ev, level, end, since):
    """A Finding: "converging" onto a minimum worse than a constant guess, settled from index
    since (_settled_above)."""
    ev.update(end_over_constant=end / level, settled_since=since)
    what = _("The cost fell and settled onto a minimum, unchanged to its last digits over the last "
             "{tail} costs, but at {end:.3g}, {ratio:.2g} times what a constant guess costs ({level:.3g}): "
             "training did its job, and this net's best is worse than outputting the targets' mean. "
             "A net that cannot output a constant has no biases (or an output that cannot reach the "
             "targets' range).").format(tail=len(c) - ev["settled_since"], end=end, ratio=end / level,
                                        level=level)
    return Finding("converging", what, _("nothing to fix in the training; to beat a constant guess, give "
                                         "the net biases (or centre the targets)"), {}, "likely")


def blew_up_early(run, ev):
    """A check (rewrite): an "oscillating" verdict for a cost that rose BLEW_UP-fold or more
    over its first in the first fifth of the run is a blow-up that the net came back from,
    bouncing where it was thrown (units dead or saturated by it), as long as it never came
    back well below where it started (HARDLY_FELL: below that, what follows may be a fit); a
    smaller step never takes that rise, so it gets the step fix of a blow-up, named
    "diverging". A Finding, or None."""
    f, c = run.found, run.cost
    if f.kind != "oscillating" or f.certainty == "sure" or _early_jump(c, run, ev) < BLEW_UP:
        return None
    first, _best, end = _end(c, run)
    if end <= HARDLY_FELL * first:
        return None  # it came back down well below where it started: what follows may be a fit
    what = _("The cost rose {jump:.3g}-fold over its first within its first {k} logged costs, a blow-up, "
             "and what goes up and down since is where that step threw the net.").format(
                 jump=ev["early_jump"], k=ev["early_within"])
    return Finding("diverging", what, *_step_fix(ev), "likely")


def _early_jump(c, run, ev):
    """The highest cost of the first fifth of the run (at least its first two) over the first,
    0 when the first is not positive. A minibatch curve's costs are read as running medians of
    SPIKE costs (one small batch's cost can be several times the next's; a step too large
    keeps the cost up for several), over the first cost or the constant guess's, the higher (a
    first batch can cost little by chance). Kept in ev["early_jump"], with the number of costs
    it was read over in ev["early_within"]."""
    f = c[np.isfinite(c)]
    k = max(2, len(f) // 5)
    jump = float(f[:k].max() / f[0]) if len(f) and f[0] > 0 else 0.0
    if run.batch is not None and len(f) >= SPIKE and jump < BLEW_UP:  # noise never multiplies a cost 1000x
        head = np.median(np.lib.stride_tricks.sliding_window_view(f[:k + SPIKE - 1], SPIKE), axis=1)
        base = max(f[0], ev.get("constant_level") or 0.0)
        jump = float(head.max() / base) if base > 0 else 0.0
    ev["early_jump"], ev["early_within"] = jump, min(k, len(f))
    return jump


def _started_off_scale(ev, level, end, unscaled):
    """A Finding: a cost that started far off the targets' scale (report._off_scale) and
    ended near or above the constant guess's: the inputs' scale (X given and raw, or not
    given), whose steep directions hold the lr down while the others barely move; with X not
    given, initial weights too large throw the outputs there too (saturated units), so the
    fix also starts from weights scaled to the fan-in with zero biases."""
    what = _("The cost ended at {end:.3g}, {ratio:.2g} times what a constant guess "
             "costs ({level:.3g}), after starting at {start:.3g} times it: "
             "the outputs started far off the targets' scale, the mark of unscaled inputs, "
             "whose steep directions hold the lr down while the others barely move.").format(
                 end=end, ratio=end / level, level=level, start=ev["initial_cost"] / level)
    # X given and unscaled: the usual lr for standardized inputs; X not given: the
    # outputs may start off scale for another reason (the targets' offset), so no lr
    # larger than the learner's, or than the usual one's floor (an lr under it, cut until
    # raw inputs stopped blowing up, crawls once they are standardized; at the floor,
    # unit-scale inputs do not blow up whatever the targets' offset)
    given = np.isfinite(unscaled)
    words = (_("standardize the inputs (subtract each column's mean, divide by its spread)") if given else
             _("standardize the inputs (subtract each column's mean, divide by its spread) and start again from "
               "weights scaled to the fan-in (weight_init='he') with zero biases: initial weights too large "
               "throw the outputs off scale too"))
    fix, action = standardize_fix(words, ev, ceiling=None if given else max(ev["lr"], usual_floor(ev)))
    if not given:  # on the tuning half, 4 saturated nets (weights N(0, 5-30)) trained only with both
        action = {**action, "weight_init": "he", "bias_init": 0.0}
    return Finding("stalled", what, fix, action, "likely")


def _off_scale_and_rose(ev, level, end):
    """A Finding: outputs that started far off the targets' scale (the mark of raw inputs, or
    of a blow-up inside the first logged epoch; X not given, so which is not known) and then
    rose JUMPED-fold or more: a step too large, whichever started it. Named "diverging"; the
    fix does both: standardize, and lower the lr 10-fold (a step that overshot stays too large
    on unit-scale inputs), to no less than the usual floor or the learner's own lr, whichever
    is smaller."""
    ev["end_over_constant"] = end / level
    what = _("The cost started at {start:.3g} times what a constant guess costs ({level:.3g}), then rose "
             "{jump:.3g}-fold within its first {k} logged costs, and ended at {end:.3g}, {ratio:.2g} times "
             "it: a step too large, on outputs already far off the targets' scale (raw inputs, or a blow-up "
             "before the first logged cost).").format(start=ev["initial_cost"] / level, level=level,
                                                       jump=ev["early_jump"], k=ev["early_within"], end=end,
                                                       ratio=end / level)
    if not np.isfinite(ev["lr"]):
        return Finding("diverging", what, _("standardize the inputs (subtract each column's mean, divide by its "
                                            "spread) and lower lr 10-fold"), {"standardize": True, "lr_scale": 0.1},
                       "likely")
    # 10-fold lower, but not under the usual floor (stable on unit-scale inputs whatever the
    # targets' offset) unless the learner's own is: an lr cut until raw inputs stopped blowing
    # up would crawl once they are standardized
    lr = max(0.1 * ev["lr"], min(ev["lr"], usual_floor(ev)))
    fix = (_("standardize the inputs (subtract each column's mean, divide by its spread) and lower lr to "
             "{lr:.3g}") if lr < ev["lr"] else
           _("standardize the inputs (subtract each column's mean, divide by its spread) at your lr, "
             "{lr:.3g}, already under the usual one's floor")).format(lr=lr)
    return Finding("diverging", what, fix, {"standardize": True, "lr": float(lr)}, "likely")


def _jumped_back(ev, level, end):
    """A Finding: a cost that jumped up early (_early_jump >= JUMPED) and came back down only
    as far as a constant guess: a step too large threw the units out of range, named
    "diverging"; which units (dead or saturated) costs alone cannot say, so the usual recipe
    (fresh units, standardized inputs, the lr clipped into the usual range) is the fix."""
    ev["end_over_constant"] = end / level
    what = _("The cost rose {jump:.3g}-fold within its first {k} logged costs and came back down only to "
             "{end:.3g}, {ratio:.2g} times what a constant guess costs ({level:.3g}): a step too large "
             "threw the units out of range (dead or saturated; costs alone cannot say which), and the "
             "net has learned little beyond the mean since.").format(
                 jump=ev["early_jump"], k=ev["early_within"], end=end, ratio=end / level, level=level)
    # a step too large: the recipe's lr is never larger than the learner's
    return Finding("diverging", what, *restart(ev, ceiling=ev["lr"] if np.isfinite(ev["lr"]) else None), "likely")


def _short_of_a_fit(ev, level, end, recipe):
    """A Finding: a healthy-looking run that ended between FAR_BELOW and NEAR_CONSTANT of the
    constant guess's cost fit part of what the targets hold, short of a clean fit. Healthy nets
    on noisy targets end there too, so it is named "slow", not a problem, and the words point at
    examine (ev["examine_advised"]); recipe = restart(ev), the usual recipe as (words, action),
    given "if your targets allow a better fit", or None (judge: under TARGET at an lr above the
    usual range) for no action. Under TARGET it used to give none: the recipe's lr, clipped up
    to the usual floor, broke healthy runs there (a residual net's, whose lr is 10x under it).
    With the learner's lr kept within KEEP_BAND under the range, on the tuning half (846 runs)
    it repaired 9 more problem runs (lrs 100x too small, saturated nets, raw inputs) and none
    of the 58 healthy runs given an action was broken. The level is in its smallest convention
    (nnlib's own cost's, summed over outputs, in core; from n_classes alone, summed over the
    one-hot outputs): a learner's squared error logged without the half, or summed over outputs,
    reads higher."""
    ev.update(end_over_constant=end / level, examine_advised=True)
    what = _("The cost ended at {end:.3g}, {ratio:.2g} times what a constant guess costs ({level:.3g}): "
             "it fit part of what the targets hold, not all (a clean fit ends under {far:g} times it). "
             "Targets that noisy end there too; so do an lr far too small, saturated units and badly "
             "scaled inputs.").format(end=end, ratio=end / level, level=level, far=FAR_BELOW)
    if _uniform(ev) and end >= NEAR_CONSTANT * level:  # where a known prior would say "learned little"
        what += _(" (That guess is a uniform one, ln C: with skewed classes the best constant costs less, "
                  "and a net that learned only the class shares ends here too; give targets= to compare "
                  "with it.)")
    if recipe is None:
        return Finding("slow", what, _("if your targets allow a better fit, run doctor.examine(train, settings), "
                                       "which tries a larger lr, standardized inputs and fresh units in short runs"),
                       {}, "likely")
    words, action = recipe
    return Finding("slow", what, _("if your targets allow a better fit: {fix}").format(fix=words), action, "likely")


def _jumped_stuck(ev, first, best, end):
    """A Finding: the cost ended above where it started. It went up, so a step was too large
    whatever it then did to the units (killed them, saturated them): on a rerun, a smaller
    step never takes that jump. The step fix of a blow-up (the mean with its lr, when the
    cost is summed), named "diverging"; which units it ruined costs alone cannot say."""
    fix, action = _step_fix(ev)
    what = _("The cost ended at {end:.3g}, above where it started ({first:.3g}; its best was "
             "{best:.3g}): it jumped up and got stuck, a blow-up that stopped when the units it "
             "threw out of range (dead or saturated; costs alone cannot say which) stopped "
             "passing gradient. On a rerun, a smaller step never takes that jump.").format(
                 end=end, first=first, best=best)
    return Finding("diverging", what, fix, action, "likely")


def never_raise_far_above(run, ev):
    """A check (rewrite): a verdict whose action raises the lr, or that calls the curve an
    oscillation, or that cannot tell the causes of a cost that barely moved apart, for a cost
    that ended far above what a constant guess costs (ABOVE_GUESS x its largest convention), is replaced:
    outputs worse than a constant guess are confidently wrong, the mark of a step that was too
    large (units thrown out of range); a larger lr can only make that worse, the ups and downs
    are not the problem, and a tiny lr, dead or saturated units or raw inputs leave a cost near
    the guess, not far above it."""
    f, c = run.found, run.cost
    level = ev.get("constant_level")
    if level is None or f.kind == "diverging" or f.certainty == "sure" or not np.isfinite(c).any() \
            or not (_raises_lr(f.action, ev) or f.kind == "oscillating" or _flat_unknown(f, ev)):
        return None
    widest = _widest(ev, level)
    if widest is None:
        return None
    first, best, end = _end(c, run)
    if not (end > ABOVE_GUESS * widest and end > HARDLY_FELL * first):
        return None  # a run still coming down from a high start may just be slow
    ev.update(end_cost=end, end_over_constant=end / level)
    if _thrown_at_a_small_lr(ev):
        what = _("The cost ended at {end:.3g}, {ratio:.2g} times what a constant guess costs ({level:.3g}): "
                 "the outputs are worse than a constant guess, confidently wrong. Your lr, {lr:g}, is under the "
                 "usual range, so its size is not what threw them: inputs far from unit scale or an init that "
                 "starts the units out of range did, and a smaller lr would crawl.").format(
                     end=end, ratio=end / level, level=level, lr=ev["lr"])
        # On the tuning half (931 runs) the recipe repaired 8 such runs a tenth of the lr left
        # stuck (raw inputs, dead or saturated units at lr 1e-10 to 0.01), lost none, and no
        # healthy run was given it.
        return Finding("diverging", what, *restart(ev, crawl=False), "likely")
    what = _("The cost ended at {end:.3g}, {ratio:.2g} times what a constant guess costs ({level:.3g}): "
             "the outputs are worse than a constant guess, confidently wrong, the mark of a step so "
             "large it threw the units out of range. A larger lr would only make that worse.").format(
                 end=end, ratio=end / level, level=level)
    return Finding("diverging", what, *_confidently_wrong_fix(ev), "likely")


def _thrown_at_a_small_lr(ev):
    """Were outputs thrown worse than a constant guess at a plain step under the usual range
    (a mean cost, as given, its lr known, no measured limit it is over, inputs not known to be at
    unit scale)? Then the lr's size did not throw them, and a tenth of it would crawl. (diagnose cannot
    see an adaptive optimizer in plain costs: an Adam lr reads as under the range.)"""
    crit = ev.get("critical_lr")
    over = crit is not None and np.isfinite(crit) and ev["lr"] > crit
    # a reduction not given may be a sum (the level's widest convention says so): no lr to read per sample
    return ev.get("reduction_given") and per_sample(ev) == 1 and standard_lr(ev) is not None \
        and ev["lr"] < usual_lrs(ev)[0] and not over and ev.get("input_scale", np.inf) > UNSCALED


def _widest(ev, level):
    """The constant guess's cost in the dearest convention the learner's cost may be in: level
    itself when the reduction was given, else the whole error (not half) summed over the batch
    or N; None when even that cannot be bounded."""
    if ev.get("reduction_given"):
        return level
    if ev["summed_over"] > 0:  # not given: it may be summed over the batch (or N)
        return level * _LARGEST_CONVENTION * ev["summed_over"]
    return None


def _flat_unknown(f, ev):
    """Is f the "can't tell" of a cost that barely moved (settling.FLAT_FITS)?"""
    return f.certainty == "can't tell" and abs(ev.get("relative_change", 1.0)) < STALLED_BELOW


def _confidently_wrong_fix(ev):
    """(words, action) for outputs thrown worse than a constant guess: lr 10-fold lower; for
    a cost summed over N samples, the mean at the learner's own lr: its steps are N times
    smaller, a cut the size of the overshoot the sum caused, and the lr keeps its scale."""
    n = per_sample(ev)
    if n > 1:
        same = {"lr": float(ev["lr"])} if np.isfinite(ev["lr"]) else {}
        return _("use reduction='mean' at the same lr: a cost summed over N = {n} samples takes steps "
                 "N times the mean's (or lower lr by {n}x)").format(n=n), {"reduction": "mean", **same}
    return _("lower lr 10-fold"), scaled_lr(ev["lr"], 0.1)


def _raises_lr(action, ev):
    """Does the action make the step larger? (The mean's lr takes steps N times smaller than
    the same lr on a summed cost.)"""
    per = ev["summed_over"] if action.get("reduction") == "mean" and ev["reduction"] == "sum" else 1
    if "lr_scale" in action:
        return action["lr_scale"] / max(per, 1) > 1
    return "lr" in action and np.isfinite(ev["lr"]) and action["lr"] / max(per, 1) > ev["lr"]


def bounces_on_its_floor(run, ev):
    """A check (rewrite): an "oscillating" verdict for a full-batch cost that never rose over its
    first and fell FELL_FOLD-fold or more from it to the top of its last tenth, a top within
    NEAR_BEST of its best and under TARGET x what a constant guess costs (its cheapest convention,
    or the targets' cheapest when no loss was given), is a fit: "converging". Full-batch steps at
    the largest stable lr (the edge of stability) and the constant-size steps of a kinked loss
    (absolute error) bounce on the floor they reached, and keep it. A fit far below the guess was
    already named by `fitted`, which runs first. A Finding, or None."""
    f, c = run.found, run.cost
    if f.kind != "oscillating" or f.certainty == "sure" or run.batch is not None or not c.size \
            or not np.isfinite(c).all():  # (runs.read makes a batch of all n_samples None)
        return None
    first, best = float(c[0]), float(c.min())
    top = float(c[-max(4, len(c) // 10):].max())  # the bounce's top, whatever phase the last step ended on
    floor = guess_floor(ev)
    if not (0 < best and FELL_FOLD * top <= first and top <= NEAR_BEST * best) or c.max() > first \
            or (floor is not None and top >= TARGET * floor):  # rose over its first: a step too large at some point
        return None
    what = _("The cost fell from {first:.3g} to between {best:.3g} and {top:.3g} over its last tenth "
             "({fold:.3g} times lower) and bounces there, within {near:g} times its best: full-batch steps "
             "at the largest stable lr, or the steps of a kinked loss (absolute error), bounce on the floor "
             "they reached; that is no problem.").format(first=first, best=best, top=top, fold=first / top,
                                                         near=NEAR_BEST)
    return Finding("converging", what, _("nothing to fix; halve lr only if you want a smooth curve"), {}, "likely")


def fitted(run, ev):
    """A check (rewrite): an "oscillating" or "stalled" verdict read from the curve's shape
    alone, for a run that ended near its best and far below what a constant guess costs, is
    a fit: "converging". A Finding, or None. (A blow-up, dead units, or anything the learner
    logged to be sure of, stays.)"""
    # a squared error's guess read from n_classes alone is its dearest convention: a fit is
    # judged against the cheapest (outputs averaged), lest a stuck net read as far below it
    f, c, level = run.found, run.cost, ev.get("cheapest_level", ev.get("constant_level"))
    if f.kind not in ("oscillating", "stalled") or f.certainty == "sure" or level is None \
            or not c.size or not np.isfinite(c).all():  # no costs (no updates): nothing fit
        return None
    _first, best, end = _end(c, run)
    if not 0 <= end <= FAR_BELOW * level:
        return None
    shape = _curve(c, run)  # read only for an end this low: a noisy curve's trend costs a band
    top = float(np.max(shape[-max(1, len(shape) // 10):]))  # the last tenth's highest (a trend's, if noisy)
    if not (end <= NEAR_BEST * max(best, 0) or top <= NEGLIGIBLE * level):
        return None
    ev.update(best_cost=best, end_cost=end, end_over_constant=end / level)
    ratio = level / end if end > 0 else 0.0
    if end <= 0:
        what = _("The cost ended at 0, below what a constant guess costs ({level:.3g}): a perfect fit.").format(level=level)
    elif end <= NEAR_BEST * best:
        what = _("The cost ended at {end:.3g}, within {near:g} times its best ({best:.3g}) and "
                 "{ratio:.3g} times below what a constant guess costs ({level:.3g}): it fit; "
                 "what is left of its ups and downs is no problem.").format(
                     end=end, near=NEAR_BEST, best=best, ratio=ratio, level=level)
    else:
        what = _("The cost ended at {end:.3g}, {ratio:.3g} times below what a constant guess costs "
                 "({level:.3g}), and its last tenth stayed under {top:.3g}: it fit; ups and downs under "
                 "a hundredth of that scale are no problem.").format(end=end, ratio=ratio, level=level, top=top)
    return Finding("converging", what, _("nothing to fix; compare the final cost across seeds"), {})


def _ruled_out(run, ev):
    """Dead units and vanishing gradients both logged and both absent."""
    dead = run.dead_fraction
    no_dead = dead is not None and np.isfinite(dead[-1]).all() and dead[-1].max() < MOSTLY_DEAD
    if no_dead:
        ev["dead_max"] = float(dead[-1].max())
    return no_dead and ev.get("gradient_ratio_first_to_last", 0) >= 1e-3


def _curve(c, run):
    """The curve whose shape is read: the finite costs, or a minibatch curve's trend."""
    f = c[np.isfinite(c)]
    return trend.band(f).trend if run.batch is not None and len(f) >= 20 else f


def _spread_fall(c, run, ev):
    """A fall spread over the whole run and still going at its end: the first tenth holds
    under FRONT of it, the last tenth over TAIL. A step too small gives this shape (the
    early part of a healthy curve, stretched); units that died or saturated give a fall at
    the start (their output layer fits the mean) and then nothing, and a badly conditioned
    run a quick fall along its steep directions, then a crawl along the rest."""
    f = _curve(c, run)
    if len(f) < 10:
        return False
    k = max(1, len(f) // 10)
    fall = f[0] - f[-1]
    if not fall > MIN_FALL * abs(f[0]):
        return False
    first, last = (f[0] - f[k]) / fall, (f[-k - 1] - f[-1]) / fall
    ev.update(fall_first_tenth=float(first), fall_last_tenth=float(last))
    return bool(0 <= first < FRONT and TAIL <= last <= 0.5)


def _crawling(c, ev, level, end):
    """A Finding: a fall spread over the run, ending near the constant guess: lr too small."""
    ev["lr_factor"] = CRAWL_FACTOR
    what = _("The cost ended at {end:.3g}, {ratio:.2g} times what a constant guess costs "
             "({level:.3g}), but its fall is spread over the whole run (the first tenth of the "
             "run made {first:.0%} of it) and still going in the last tenth ({last:.0%}): the "
             "shape of a step too small. Units that died or saturated fall at the start, then stop.").format(
                 end=end, ratio=end / level, level=level, first=ev["fall_first_tenth"],
                 last=ev["fall_last_tenth"])
    return Finding("stalled", what, _("raise lr by {factor:g}x, watching that the cost still falls "
                                      "(or run doctor.examine(train, settings), which tries it)").format(
                                          factor=CRAWL_FACTOR), {"lr": CRAWL_FACTOR * ev["lr"]}, "likely")


def _too_small(c, ev, level, end):
    """A Finding: the lr is too small, with a factor read from the curve's end rate."""
    f = c[np.isfinite(c)]
    k = max(1, (len(f) - 1) // 10)
    rate = float(np.log(f[-k - 1] / f[-1]) / k) if f[-1] > 0 and f[-k - 1] > f[-1] else 0.0
    n, goal = len(f) - 1, TARGET * level
    # cost ~ F(lr t): at its end rate, reaching goal takes 1 + ln(end / goal) / (rate n) runs' worth
    need = 1 + np.log(end / goal) / (rate * n) if rate > 0 else np.inf
    factor = float(np.clip(need, MIN_FACTOR, 1e3))
    ev.update(end_rate=rate, lr_factor=factor)
    what = _("The cost ended at {end:.3g}, {ratio:.2g} times what a constant guess costs "
             "({level:.3g}), still falling {rate:.2%} per update. The logged layers have "
             "{dead:.0%} dead units at most and the first layer's gradient is "
             "{grad:.2g} times the last's: neither dead units nor "
             "vanishing gradients, so the lr is too small. At the end rate, reaching {goal:.3g} "
             "(under {target:g} times the constant guess) takes about {need:.2g} times this run's updates.").format(
                 end=end, ratio=end / level, level=level, rate=rate, dead=ev.get("dead_max", 0),
                 grad=ev["gradient_ratio_first_to_last"], goal=goal, target=TARGET, need=need)
    return Finding("stalled", what, _("raise lr by {factor:.3g}x (the fall slows near a fit: at least "
                                      "{least:g}x), watching that the cost still falls").format(
                                          factor=factor, least=MIN_FACTOR), {"lr": factor * ev["lr"]}, "likely")
