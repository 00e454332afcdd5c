"""diverging: a cost that became non-finite or grows geometrically; from its growth g per
update, lr x lambda_max ~ 1 + sqrt(g) and the largest stable lr 2 lr / (1 + sqrt(g))."""
import numpy as np

from .. import trend
from ..i18n import _
from .report import _at, _g, _lr_sentence, _off_scale, scaled_lr, SIGN_SUSPECT, UNSCALED


# A mean cost of unit-scale inputs in a small net has a top curvature of order 1-100 (largest
# stable lr 0.02-2), and large initial weights can raise it some orders; one whose growth
# says the limit is under STEEP_LR has a curvature over 2e5, the square of inputs on scales
# of several hundred. After standardizing, an lr in STANDARD_LR (the learner's, clipped into
# it) is the usual start. (The bar is set far out because the action may raise the lr.)
STEEP_LR = 1e-5
HUGE_RISE = 1e6  # a cost this many times its lowest (in size) has blown up, whatever its path
# The limit read at the start is a ceiling: a net's top curvature grows as it trains (its
# sharpest directions sharpen), so a run near the limit ends bouncing. The fix takes this
# share of it.
BACK_OFF = 0.25
# The floor: on the tuning half (532 runs), a floor of 0.01 left 5 runs short that 0.02 repaired
# (lrs 100x too small, raw inputs at a crawling lr), and lost none; 0.03 and 0.05 no better.
STANDARD_LR = (0.02, 0.1)
# A squared error on class outputs (loss "squared" with n_classes: one-hot targets through a
# sigmoid or softmax) passes its gradient through the output's slope (a sigmoid's is at most
# 1/4) and its errors are under 1: its usual lrs are this many times higher. (On the tuning
# half such code trained healthy at 0.5 and 3.0, the latter a classic book's, 5-30x over the
# range; at STANDARD_LR's own those runs crawled.)
CLASS_OUTPUTS_FACTOR = 10
# A step too large whose limit cannot be read (no steady growth to read it from: it jumped,
# leapt or froze) is cut by this factor. Such jumps came from lrs 20-100x too large: on the
# tuning half a 10x cut left 4 of 12 such runs short of healthy, 30x none, 100x one (too slow).
BLIND_CUT = 30


def usual_lrs(ev):
    """(low, high): the usual lr per sample for standardized inputs (STANDARD_LR), times
    CLASS_OUTPUTS_FACTOR for a squared error on class outputs (ev["class_outputs"])."""
    k = CLASS_OUTPUTS_FACTOR if ev.get("class_outputs") else 1
    return STANDARD_LR[0] * k, STANDARD_LR[1] * k


def per_sample(ev):
    """How many samples one cost sums over (1 for a mean cost, or when that is not known)."""
    return ev["summed_over"] if ev["reduction"] == "sum" and ev["summed_over"] > 1 else 1


def standard_lr(ev, ceiling=None):
    """The learner's lr clipped into STANDARD_LR per sample, for standardized inputs (and at
    most ceiling), or None when that cannot be read: lr not given, a sum over an unknown N, or
    an optimizer whose step does not scale with the gradient (Adam). A reduction not given is
    read as a mean, every framework's default (the message says so: core._unknowns). Leaving
    the lr out there instead left the learner's own in the usual recipe: on the tuning half
    (1183 runs) reading a mean repaired 18 more runs (lrs 100x too small, jumps, a dead net) and
    broke none."""
    summed_unknown = ev["reduction"] == "sum" and ev["summed_over"] <= 1
    if not np.isfinite(ev["lr"]) or summed_unknown or ev.get("adaptive_steps"):
        return None
    if not ev.get("reduction_given"):
        ev["mean_assumed"] = True  # core._unknowns says so wherever the action's lr is not the learner's
    per = per_sample(ev)
    each = ev["lr"] * per
    # inside the range: the learner's own, exactly (clip(lr x N) / N need not give it back)
    lo, hi = usual_lrs(ev)
    inside = lo <= each <= hi
    lr = float(ev["lr"]) if inside else float(np.clip(each, lo, hi) / per)
    return lr if ceiling is None else min(lr, ceiling)


def usual_floor(ev):
    """The usual lr's floor (usual_lrs, per sample) for this run's reduction: stable on
    unit-scale inputs whatever the targets' offset."""
    return usual_lrs(ev)[0] / per_sample(ev)


def half_critical(ev):
    """Half the measured critical lr (a step safely under the run's own limit), or None."""
    crit = ev.get("critical_lr")
    return 0.5 * crit if crit and np.isfinite(crit) else None


def standardize_fix(words, ev, ceiling=None):
    """(words, action): standardize, with standard_lr's lr (at most ceiling) when it can be
    read, said after words. An lr the ceiling holds at the learner's own is left out of the
    action: the words say to raise it in steps once the inputs are standardized."""
    lr = standard_lr(ev, ceiling)
    if lr is None:
        return words, {"standardize": True}
    per, (lo, hi) = per_sample(ev), usual_lrs(ev)
    if ceiling is not None and lr == ev["lr"]:  # held at the learner's own
        return words + _("; standardized inputs take an lr of {lo:g}-{hi:g} per sample (yours is {each:.3g}): "
                         "once they are, raise it in steps, watching that the cost still falls").format(
                             lo=lo, hi=hi, each=ev["lr"] * per), {"standardize": True}
    return words + _("; then lr {lr:.3g} ({each:.3g} per sample; standardized inputs take {lo:g}-{hi:g})").format(
        lr=lr, each=lr * per, lo=lo, hi=hi), {"standardize": True, "lr": lr}


def _step_fix(ev, blind_mean="own"):
    """The first fix for a step that is too large, as (words, action). For a summed cost
    whose limit could not be read, blind_mean says the mean's lr: "own" (the learner's, or
    theirs kept when not given: its steps are already N times smaller than the ones that blew
    up; on the tuning half a blind cut times N handed 6 blow-ups an lr 8-120x theirs, and none
    trained) or "cut" (the blind cut times N: for units killed by the sum's steps, whose rerun
    needs an lr that trains)."""
    crit, known, scale, target, lower = _lower(ev)
    if per_sample(ev) > 1:
        if blind_mean == "own" and not known and scale is None:
            return _mean_at_own_lr(ev["summed_over"], ev["lr"])
        return _mean_fix(ev["summed_over"], lower, target, ev["lr"])
    from_growth = not (ev.get("critical_lr") and np.isfinite(ev["critical_lr"]))
    unit_inputs = ev.get("input_scale", np.inf) <= UNSCALED  # X given, and it is not the cause
    if known and from_growth and not unit_inputs and ev.get("reduction_given") and ev["reduction"] == "mean" \
            and crit < STEEP_LR:
        ev["steep"] = True
        return standardize_fix(_("standardize the inputs (subtract each column's mean, divide by its spread): a mean "
                                 "cost whose largest stable lr is {crit:.3g} has a curvature near {lam:.3g}, which "
                                 "unit-scale inputs do not give; inputs on scales of hundreds do (their square) "
                                 "(or lower lr{target})").format(crit=crit, lam=2 / crit, target=target), ev)
    if _off_scale(ev) and not unit_inputs:
        # the inputs may not be the cause (targets or weights can start the outputs off
        # scale): standardize, but never at a larger lr than the learner's
        return standardize_fix(_("standardize the inputs (subtract each column's mean, divide by its spread): the "
                                 "first cost, {first:.3g}, is {ratio:.3g} "
                                 "times what a constant guess costs, so the outputs start far off the targets' scale "
                                 "(or lower lr{target})").format(first=ev["initial_cost"], target=target,
                                                                 ratio=ev["initial_cost"] / ev["constant_level"]), ev,
                               ceiling=ev["lr"])
    if ev.get("input_scale", 0) > UNSCALED:
        # a blow-up whose reduction was not given may be a sum: never a larger lr than the learner's
        own = None if ev.get("reduction_given") or not np.isfinite(ev["lr"]) else ev["lr"]
        return standardize_fix(_("standardize the inputs (subtract each column's mean, divide by its spread): "
                                 "a column of size {size:.3g} makes the curvature about "
                                 "{square:.3g} times larger (or lower lr{target})").format(
                                     size=ev["input_scale"], square=ev["input_scale"] ** 2, target=target), ev,
                               ceiling=own)
    return _("lower lr{target}").format(target=target), lower


def _lower(ev):
    """(limit, whether it is known, the lr scale read from the curve or None, the words' target,
    the action): the lr cut for a step too large, from the critical or the growth's stable lr,
    else a blind cut (100x for a blow-up that speeds up or overflows at once, BLIND_CUT else)."""
    crit = ev.get("critical_lr")
    if not (crit and np.isfinite(crit) and crit > 0):
        crit = ev.get("stable_lr")  # from the growth of the curve alone
    known = crit is not None and np.isfinite(crit) and crit > 0
    cut = 100 if "growth_per_step" in ev else BLIND_CUT
    target = (_(" to below {crit:.3g}, e.g. {safe:.3g}").format(crit=crit, safe=BACK_OFF * crit) if known else
              _(" by {cut}x").format(cut=cut))
    lower = {"lr": float(BACK_OFF * crit)} if known else (
        {"lr": ev["lr"] / cut} if np.isfinite(ev["lr"]) else {"lr_scale": 1 / cut})
    scale = ev.get("stable_lr_scale")
    if not known and scale is not None:  # lr not given, but the curve gives the ratio
        target = _(" to below {scale:.2g} times yours, e.g. {safe:.2g} times").format(scale=scale, safe=BACK_OFF * scale)
        lower = {"lr_scale": float(BACK_OFF * scale)}
    return crit, known, scale, target, lower


def _mean_at_own_lr(n, lr):
    """(words, action): the mean cost at the learner's lr (kept as it is when not given): its
    steps are N times smaller than the summed cost's that blew up."""
    return _("use reduction='mean' at your lr: the summed cost makes every step N = {n} times "
             "larger, so the mean takes steps N times smaller than the ones that blew up "
             "(then lower lr if it still climbs)").format(n=n), \
        {"reduction": "mean", **({"lr": float(lr)} if np.isfinite(lr) else {})}


def _mean_fix(n, lower, target, lr):
    """(words, action): the mean cost, with the lr that takes the lowered summed run's steps.
    The mean's gradient is the sum's / n, so at the same lr the mean would crawl n times
    slower; lr x n keeps the step the lower lr would have taken, which the growth (or the
    default cut) says is stable. Never under the learner's own lr (when known): the mean at
    it already takes steps n times smaller than the ones that blew up. A growth read from
    an overflow in a few updates can put the limit far too low (on the tuning half it gave
    0.0005 and 0.0003 where the mean trained at the learner's 0.02 and 2)."""
    key = "lr" if "lr" in lower else "lr_scale"
    mean = float(lower[key] * n)
    own = float(lr) if key == "lr" and np.isfinite(lr) else 1.0  # lr_scale: times the learner's
    if mean < own:
        return _mean_at_own_lr(n, lr)
    value = _g(mean) if key == "lr" else _("{scale:.2g} times yours").format(scale=mean)
    return _("use reduction='mean' with lr {value}: the summed cost makes every step N = {n} "
             "times larger, and the mean at this lr takes the steps a stable summed run "
             "would (or lower lr{target})").format(value=value, n=n, target=target), \
        {"reduction": "mean", key: mean}


def _growth(c, k, ev):
    """Geometric mean growth per update over the last (up to) 20 finite costs before index k."""
    good = c[:k] if k is not None else c
    window = good[-1 - min(20, len(good) - 1):]
    start = np.flatnonzero(window > 0)[:1]  # from the first positive cost: 0 has no ratio
    span = len(window) - 1 - int(start[0]) if len(start) else 0
    g = float((window[-1] / window[-1 - span]) ** (1.0 / span)) if span > 0 else float("nan")
    ev["growth_per_step"] = g
    early = _early_growth(good)
    if not np.isfinite(early) and k is not None and 2 <= len(good) < 6 and np.all(np.diff(good) > 0) \
            and good[0] > 0:
        # overflowed within a few updates: too few for a steady streak. The first rise is the
        # measurement least inflated by weights that grow and multiply (a deep net's later
        # rises speed up), so the limit is read from it alone
        early = float(good[1] / good[0])
    per_update = early ** (1.0 / ev["every"]) if np.isfinite(early) and early > 1 else float("nan")
    if np.isfinite(per_update):
        # error x |1 - lr lambda| per update, cost x its square: lr lambda ~ 1 + sqrt(g)
        ev["early_growth"] = per_update
        ev["stable_lr_scale"] = float(2 / _lr_lambda(per_update, ev))  # of the run's lr
        if np.isfinite(ev["lr"]):
            ev["stable_lr"] = ev["lr"] * ev["stable_lr_scale"]
    return g, good


def _lr_lambda(g, ev):
    """lr x lambda_max from a cost growing g-fold per update: 1 + sqrt(g) for a squared error
    (the cost is the error squared); 1 + g for cross-entropy, whose cost grows like the
    logits' error itself once the predictions are confidently wrong."""
    return 1 + (g if ev.get("loss") == "cross_entropy" else np.sqrt(g))


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
    if "early_growth" not in ev or np.isfinite(ev.get("lr_over_critical", np.nan)):
        return ""
    g = ev["early_growth"]
    stable = (_g(ev["stable_lr"]) if "stable_lr" in ev else
              _("{scale:.2g} times yours (lr was not given)").format(scale=ev["stable_lr_scale"]))
    root = f"{g:.3g}" if ev.get("loss") == "cross_entropy" else f"sqrt({g:.3g})"  # a formula: no words
    text = _(" From the growth alone (over its first steady rises, {g:.3g}-fold per update): "
             "lr x lambda_max ~ 1 + {root} = {product:.3g} on the steepest "
             "direction, so the largest stable lr is about {stable}.").format(
                 g=g, root=root, product=_lr_lambda(g, ev), stable=stable)
    if per_sample(ev) > 1:
        mean = _lr_lambda(g, ev) / ev["summed_over"]
        ev["mean_lr_times_lambda"] = float(mean)
        text += (_(" The mean cost would take steps N = {n} times smaller at the same "
                   "lr: lr x lambda_max ~ {mean:.3g}, stable (below 2).") if mean < 2 else
                 _(" The mean cost would take steps N = {n} times smaller at the same "
                   "lr: lr x lambda_max ~ {mean:.3g} by this reading, over 2, but a climb this steep "
                   "overstates it (growing weights multiply each rise): start the mean at your lr, "
                   "and lower it if it still climbs.")).format(
                       n=ev["summed_over"], mean=mean)
    return text


def _diverging(c, finite, run, ev):
    # against the typical size (the median), not the first cost: a first cost near 0 sets no scale
    if finite.all() and len(c) >= 3 and c.min() < 0 and abs(c[-1]) > HUGE_RISE * max(abs(c[0]), np.median(np.abs(c))) > 0:
        return _signed(c, ev)
    if not finite.all():
        k = int(np.argmin(finite))
        ev["overflow_epoch"] = k
    else:
        tail = c[-max(3, len(c) // 10):]
        up = np.diff(tail) > 0
        floor = np.min(c[c > 0]) if np.any(c > 0) else np.inf  # a cost of 0 sets no scale
        rising = len(c) >= 5 and up.mean() >= 0.8 and c[-1] > 1e3 * floor
        # a rise of a million-fold over the lowest cost is a blow-up however it bounced on the
        # way (a few printed epochs can hold one fall after another, then the jump)
        leapt = len(c) >= 3 and c[-1] > HUGE_RISE * floor and np.isfinite(c[-1] / floor)  # a subnormal floor sets no scale
        if not (rising or leapt or _noisy_blowup(c, run)):
            return None
        k = None
        if leapt and not rising:
            return _leapt(c, ev)
    growth, good = _growth(c, k, ev)
    if k is not None and not (np.isfinite(growth) and growth > 1):
        # no steady growth before the overflow (e.g. a first cost near 1e308): no rate to quote
        what = (_("The cost went from {first:.3g} to {bad} at {at}.") if k <= 1 or len(good) < 2 else
                _("The cost went from {first:.3g} to {last:.3g}, then to {bad} at {at}.")).format(
                    first=c[0], last=good[-1], bad=c[k], at=_at(ev, k))
    elif k is not None and not np.all(np.diff(good) > 0):
        what = _jumped(c, good, k, ev)  # not a steady growth: no rate per update to quote
    elif k is not None:
        what = _("The cost grew about {growth:.3g}-fold per update (from {first:.3g} to "
                 "{last:.3g}) and {end}.").format(growth=growth, first=c[0], last=good[-1],
                                                  end=_ended(c, k, ev))
    else:
        left = (np.log(1e308) - np.log(c[-1])) / np.log(growth) if growth > 1 else np.inf
        ev["overflow_in"] = float(left)
        soon = ((_("in about {n:.0f} more epochs") if ev["unit"] == "epoch" else
                 _("in about {n:.0f} more updates")).format(n=left) if np.isfinite(left) else _("eventually"))
        what = _("The cost grows about {growth:.3g}-fold per update (from {first:.3g} to "
                 "{last:.3g}); at this rate it overflows {soon}.").format(
                     growth=growth, first=c[0], last=c[-1], soon=soon)
    if k is None and run.batch is None:
        what += _sign_hint(c, growth, ev)
    more, fix, action = _fix_of_climb(ev)
    return "diverging", what + more, fix, action


def _leapt(c, ev):
    """A cost that ended a million-fold above its lowest without a steady climb."""
    b = int(np.argmin(np.where(c > 0, c, np.inf)))
    ev["jump_factor"] = float(c[-1] / c[b])
    what = _("The cost fell to {low:.3g} ({at}), then leapt to {last:.3g}, {jump:.3g} times its "
             "lowest: a step far too large threw the weights out of their valley.").format(
                 low=c[b], at=_at(ev, b), last=c[-1], jump=ev["jump_factor"])
    more, fix, action = _fix_of_climb(ev)
    return "diverging", what + more, fix, action


def _signed(c, ev):
    """A logged 'cost' that went negative and grew a million-fold (HUGE_RISE) in size over its
    first and its median: a signed error (a squared error or a cross-entropy is never
    negative) blowing up."""
    ev["signed_growth"] = float(abs(c[-1]) / abs(c[0]))
    what = _("The logged cost went negative and grew {growth:.3g}-fold in size (from {first:.3g} "
             "to {last:.3g}). A squared error or a cross-entropy is never negative: this is a "
             "signed error, and its size is blowing up.").format(
                 growth=ev["signed_growth"], first=c[0], last=c[-1])
    return "diverging", what, _("lower lr 100-fold, and log a cost that cannot be negative "
                                "(the mean of the squared errors)"), scaled_lr(ev["lr"], 0.01)


def _ended(c, k, ev):
    """How cost[k] stopped being finite, as the end of a sentence."""
    if np.isnan(c[k]):
        return _("became nan at {at} (nan comes from an invalid operation such as inf - inf or "
                 "0 / 0, not from an overflow)").format(at=_at(ev, k))
    return _("overflowed to {bad} at {at}").format(bad=c[k], at=_at(ev, k))


def _jumped(c, good, k, ev):
    """The words for a cost that went non-finite after no steady growth: its shape said."""
    end = _ended(c, k, ev)
    b = int(np.argmin(good))
    jump = good[-1] / good[-2] if good[-2] > 0 else np.inf
    if 0 < b < len(good) - 1 and b == len(good) - 2 and jump > 1.5:
        ev["jump_factor"] = float(jump)
        return _("The cost fell from {first:.3g} to {low:.3g}, jumped once to {last:.3g} "
                 "({jump:.3g}-fold in one update), then {end}.").format(
                     first=c[0], low=good[b], last=good[-1], jump=jump, end=end)
    return _("The cost went from {first:.3g} (lowest {low:.3g}) to {last:.3g}, then {end}.").format(
        first=c[0], low=good[b], last=good[-1], end=end)


def _noisy_blowup(c, run):
    """A minibatch curve whose trend ends 1000x above its lowest level, still rising."""
    if run.batch is None or len(c) < 20:
        return False
    b = trend.band(c)
    return bool(b.trend[-1] > 1e3 * np.min(b.trend) and b.trend[-1] > b.trend[-2])


def _rising(c, run, ev):
    """A full-batch curve that climbs on nearly every update but has not blown up yet: it is
    diverging, slowly, not going up and down. A mild climb from the very first update may
    also be an update with the wrong sign, which no lr cures."""
    growth, _good = _growth(c, None, ev)
    share = float(np.mean(np.diff(c) > 0))
    ev["share_rising"] = share
    what = _("The cost rose on {share:.0%} of the updates, from {first:.3g} to {last:.3g} (about "
             "{growth:.3g}-fold per update lately): it is not bouncing, it is climbing.").format(
                 share=share, first=c[0], last=c[-1], growth=growth)
    what += _sign_hint(c, growth, ev)
    more, fix, action = _fix_of_climb(ev)
    return "diverging", what + more, fix, action


def _fix_of_climb(ev):
    """(more sentences, fix, action). When the sign is suspect a stable lr read from the
    growth means nothing (a step uphill climbs at any lr): the sign check comes first and
    no stable lr is quoted."""
    if not ev.get("sign_suspect"):
        fix, action = _step_fix(ev)
        return _lr_sentence(ev) + _stable_sentence(ev), fix, action
    for key in ("stable_lr", "stable_lr_scale", "early_growth"):
        ev.pop(key, None)
    lower = scaled_lr(ev["lr"], 0.1)
    return _lr_sentence(ev), _("check the sign of your update first (W -= lr * dW, not W += lr * dW); "
                               "only if it is right, lower lr 10-fold"), lower


def _sign_hint(c, growth, ev):
    """A mild climb from the very first updates: the step may point uphill."""
    first = np.diff(c[:6])
    if not (len(first) and (first > 0).all() and growth < SIGN_SUSPECT):
        return ""
    ev["sign_suspect"] = True
    return _(" It climbed from the very first update, by under {suspect:g}-fold per update: the "
             "mark of a step that points uphill, which climbs at any lr (a smaller lr only slows it).").format(
                 suspect=SIGN_SUSPECT)
