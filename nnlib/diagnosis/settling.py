"""The kinds of a run that did not blow up or die: stalled, oscillating, slow, converging.
A full-batch curve is read as it is; a minibatch curve by its trend and noise band."""
import numpy as np

from .. import trend
from ..i18n import _, N_
from ..runs import UNKNOWN
from .report import (CRAWL_FALL, CRAWL_STRAIGHT, _calm, _can_die, _halvings, _which_layer, _longer, _lr_sentence, _span,
                     _times_lower, ALTERNATING, HEALTHY_UPDATE_RATIO, RISING_SHARE, SLOW_TAIL,
                     SMOOTH, STALLED_BELOW, STEADY_FALL, STEADY_RISE, MOSTLY_DEAD, UNSCALED, scaled_lr)
from .reference import MIN_FACTOR, NEAR_CONSTANT, TARGET, guess_floor, restart

AT_CONSTANT = 0.02  # a cost within this share of the constant guess's sits at it
# A full-batch cost that rises every other update while each pair of updates still falls
# (PAIRS_FALL of them) and ends at its lowest (within AT_LOWEST) bounces along its steepest
# direction with an lr at that direction's limit, and trains: the edge of stability, not
# an oscillation to calm. (A bounce that has left its basin ends well above its lowest.)
PAIRS_FALL = 0.9
AT_LOWEST = 1.1
# A minibatch cost whose second half stays under this share of its first (and under TARGET of
# the constant guess, when known) has trained: its rises are sampling scatter
SAMPLED_FALL = 0.5
# A cost that fell less than FLAT_FALL-fold and whose second half stays within FLAT_BAND of
# its lowest may be stuck, however often it rises (_flat_half). On the tuning half that renamed 5
# "oscillating" runs (dead, jumped-and-stuck, raw inputs), 2 of them repaired by the recipe,
# and no healthy run; a band of 5% or a larger fall changed no more.
FLAT_BAND = 1.02
FLAT_FALL = 3.0
TRAIN_LONGER = N_("train longer, or raise lr while it stays below the critical lr")
# A cost still falling at the end, at an lr under STANDARD_LR's floor per sample, is raised to
# that floor. On the tuning half that repaired 10 of the 14 problem runs it applies to (lrs 100x
# too small among them) and left all 11 such healthy runs healthy; a 10x raise for any slow
# run broke 29 of 78 healthy ones, and the floor for "converging" runs broke 19 of 35.
RAISE_TO_FLOOR = N_("raise lr to {lr:.3g} ({lo:g} per sample, the bottom of the usual range for "
                    "standardized inputs), watching that the cost still falls; or train longer")
RAISE_TO_HALF_CRITICAL = N_("raise lr to {lr:.3g}, half the critical lr, watching that the cost still "
                            "falls; or train longer")
NOTHING_TO_FIX = N_("nothing to fix; compare the final cost across seeds")
# A cost that barely moved, read from costs alone, fits dead units, saturated units, a tiny lr
# and badly scaled inputs alike. The lr raise it used to get (up to 1e4x, sized to move the
# cost 30%) repaired none of the 8 such runs of the tuning half (dead, jumped-and-stuck, raw
# inputs, and an lr 100x too large among them); the usual recipe rules out all four at once.
FLAT_FITS = N_(" From costs alone a flat cost fits dead units, saturated sigmoid/tanh units, an lr "
               "far too small, or badly scaled inputs.")
from .diverging import _rising, half_critical, standard_lr, standardize_fix, usual_lrs


def _settling(c, run, ev):
    change = float((c[0] - c[-1]) / max(abs(c[0]), 1e-300))
    ev["relative_change"] = change
    upd = ev.get("median_update_ratio")  # core._evidence, when update ratios were logged
    upd_txt = _(" The median update moves the weights by {upd:.2g} of their size "
                "(about {healthy:g} is healthy).").format(upd=upd, healthy=HEALTHY_UPDATE_RATIO) \
        if upd is not None else ""
    if abs(change) < STALLED_BELOW:
        what = _("The cost barely moved: {first:.6g} to {last:.6g} in {span} "
                 "({change:.2g} relative).").format(first=c[0], last=c[-1], span=_span(ev, len(c) - 1),
                                                    change=change) + upd_txt + _lr_sentence(ev)
        return _stuck(c, run, ev, what) or _stalled(what, ev, run, upd, change)
    half = c[len(c) // 2:]
    rises = float(np.mean(np.diff(half) > 1e-12 * np.abs(half[:-1]))) if len(half) > 1 else 0.0
    ev["share_rising"] = rises
    if np.mean(np.diff(c) > 0) >= STEADY_RISE and c[-1] > c[0]:
        return _rising(c, run, ev)  # up, not up and down
    edge = _edge_of_stability(c, half, ev) if rises > RISING_SHARE else ""
    if rises > RISING_SHARE and not edge:
        return _sampled_fall(c, half, run, ev) or _flat_half(c, half, run, ev) or _up_and_down(c, rises, ev)
    if edge:  # a bounce every other update: read the mean of each pair, or its phase decides the rest
        c = (c[:-1] + c[1:]) / 2
    tail = c[-max(2, len(c) // 10):]
    fall = float((tail[0] - tail[-1]) / max(abs(tail[0]), 1e-300))
    ev["tail_fall"] = fall
    halved = edge + _halvings(run, ev)
    if fall > SLOW_TAIL:
        what = _("The cost is falling ({first:.3g} to {last:.3g}) but slowly: it still fell "
                 "{fall:.0%} over the last {span}.").format(first=c[0], last=c[-1], fall=fall,
                                                            span=_span(ev, len(tail) - 1)) \
            + halved + upd_txt + _lr_sentence(ev)
        return ("slow", what) + _slow_fix(run, ev)
    steady = _steady(c, tail, ev)
    if steady:
        return steady
    what = _("The cost fell from {first:.3g} to {last:.3g} ({lower}) and is "
             "settling: {fall:.2%} over the last {span}.").format(
                 first=c[0], last=c[-1], lower=_times_lower(c[0], c[-1]), fall=fall,
                 span=_span(ev, len(tail) - 1)) + halved + _lr_sentence(ev) + _dead_note(run, ev)
    return "converging", what, _(NOTHING_TO_FIX), {}


def _slow_fix(run, ev):
    """(words, action) for a cost still falling at the end: its lr raised to STANDARD_LR's floor
    per sample when it is under it and that can be read (RAISE_TO_FLOOR), never past half the
    critical lr when that is known (RAISE_TO_HALF_CRITICAL); inputs given and unscaled:
    standardized instead; a run already at its step's limit (a bounce every other update, or
    updates larger than healthy) is not raised; else train longer."""
    if ev.get("input_scale", 0) > UNSCALED:  # X given: its scale, not the lr, holds the fall back
        return standardize_fix(_("standardize the inputs (subtract each column's mean, divide by its spread)"), ev)
    lr, half = standard_lr(ev), half_critical(ev)  # the floor is for unit-scale inputs; half is this run's own
    at_limit = "pairs_falling" in ev or ev.get("median_update_ratio", 0) > HEALTHY_UPDATE_RATIO
    if lr is None or at_limit or not min(lr, half or np.inf) > ev["lr"]:
        return _(TRAIN_LONGER), _longer(run, ev)
    if half is not None and half < lr:
        return _(RAISE_TO_HALF_CRITICAL).format(lr=half), {"lr": half}
    return _(RAISE_TO_FLOOR).format(lr=lr, lo=usual_lrs(ev)[0]), {"lr": lr}


def _dead_note(run, ev):
    """The sentence on the logged layer with the most dead units at the end, or ""."""
    dead = run.dead_fraction
    end = None if dead is None else dead[-1] * _can_die(run, dead.shape[1])  # a sigmoid unit cannot die
    if end is None or not np.isfinite(end).all() or not end.max() > 0:
        return ""
    l = int(np.argmax(end))
    ev.update(dead_layer=l, dead_share=float(end[l]))  # what the sentence says, by name
    return _(" ({share:.0%} of the units of {layer} are dead.)").format(
        share=end[l], layer=_which_layer(run, l, dead.shape[1]))


def _up_and_down(c, rises, ev):
    """The "oscillating" verdict of a full-batch cost that rises on `rises` of its late updates."""
    what = _("The cost goes up and down: {share:.0%} of the updates in the second half "
             "raised it (it ended at {last:.3g}, from {first:.3g}).").format(
                 share=rises, last=c[-1], first=c[0]) + _lr_sentence(ev)
    words, action = _calm(ev, c)
    return "oscillating", what, _("{words}, or use adaptive=True").format(words=words), action


def _sampled_fall(c, half, run, ev):
    """The "converging" verdict of a minibatch cost too short for a noise band (each logged
    cost one batch's sample) whose second half stays under SAMPLED_FALL of its first (every
    cost of it) and, when a constant guess's cost is known, whose median is under TARGET of it:
    its rises are the samples' scatter around a level the run reached, not a step too large
    (which sends samples back near the start, or keeps the level high). None otherwise.
    c: (n,) finite costs; half: its second half."""
    if run.batch is None or run.batch is UNKNOWN or not c[0] > 0:
        return None
    level, guess = float(np.median(half)), ev.get("constant_level")
    if np.max(half) >= SAMPLED_FALL * c[0] or guess and level >= TARGET * guess:
        return None  # a sample back near the start, or a level that has not fit
    ev["sampled_level"] = level
    what = _("The cost fell from {first:.3g} to about {level:.3g} (the median of its second half). "
             "{share:.0%} of its later logged costs rose, but costs read on minibatches "
             "scatter around the level the run reached.").format(first=c[0], level=level,
                                                                 share=ev["share_rising"]) \
        + _lr_sentence(ev) + _dead_note(run, ev)
    return "converging", what, _(NOTHING_TO_FIX), {}


def _flat_half(c, half, run, ev):
    """A cost read as it is (full batch, or too short or too smooth for a noise band) that rises
    often but fell less than FLAT_FALL-fold and whose second half stays within FLAT_BAND of its
    lowest may be stuck, not oscillating: a step too large bounces between levels far apart (or
    climbs), and halving it does nothing for a flat cost. Read as a cost that barely moved
    (:func:`_stuck`, :func:`_stalled`). None otherwise, and for a floor under NEAR_CONSTANT of
    the cheapest constant guess (reference.guess_floor, when known): that net learned something.
    c: (n,) finite costs; half: its second half."""
    level, mid = guess_floor(ev), float(np.median(half))
    if not half.min() > 0 or half.max() > FLAT_BAND * half.min() or half.max() > c[0] \
            or c[0] >= FLAT_FALL * mid or level and half.max() < NEAR_CONSTANT * level:
        return None  # (a floor under half the guess's cost learned something: a high floor, not stuck)
    ev["flat_band"] = float(half.max() / half.min())
    what = _("The cost fell from {first:.3g} to {mid:.3g}, {fold:.2g} times lower, and its second half "
             "stayed within {band:.1%} of {low:.3g}: it rises and falls by too little to be a step too "
             "large (which bounces between levels far apart), so it may be stuck.").format(
                 first=c[0], mid=mid, fold=c[0] / mid, band=ev["flat_band"] - 1, low=float(half.min())) \
        + _lr_sentence(ev)
    return _stuck(half, run, ev, what) or _stalled(what, ev, run, None, 0.0)


def _edge_of_stability(c, half, ev):
    """A sentence when a full-batch cost's rises alternate with falls (ALTERNATING of the
    second half's rises are followed by a fall) while its pairs of updates fall (PAIRS_FALL) and it
    ends within AT_LOWEST of its lowest; "" otherwise. c: (n,) finite costs; half: its second half."""
    if len(half) < 4:
        return ""
    pairs = float(np.mean(half[2:] < half[:-2]))
    if trend.rebounds(half) < ALTERNATING or pairs < PAIRS_FALL or c[-1] > AT_LOWEST * np.min(c):
        return ""
    ev["pairs_falling"] = pairs
    return _(" It rises every other update ({share:.0%} of the second half's updates raised it), "
             "but {pairs:.0%} of its pairs of updates lowered it and it ended within {slack:.0%} of "
             "its lowest: it bounces along its steepest direction with an lr at that direction's "
             "limit, and still trains.").format(share=ev["share_rising"], pairs=pairs, slack=AT_LOWEST - 1)


def _steady(c, tail, ev):
    """A "slow" verdict for a full-batch cost that falls in a straight line: its last tenth
    fell at least STEADY_FALL of the run's mean fall per tenth. A run that converges falls
    fast first and slows as it nears the minimum; one whose step is far too small has not
    left the straight start of that curve, however little each tenth falls: raise the lr.
    Else :func:`_crawl`. ev["steady_fall"] is the ratio that fired. None otherwise."""
    per_tenth = (c[0] - c[-1]) * (len(tail) - 1) / max(len(c) - 1, 1)
    last = tail[0] - tail[-1]
    if not (per_tenth > 0 and last >= STEADY_FALL * per_tenth and c[-1] > 0):
        return _crawl(c, tail, last, ev)
    ev["steady_fall"] = float(last / per_tenth)
    what = _("The cost is falling in a straight line ({first:.3g} to {last:.3g}): its last "
             "{span} fell {ratio:.2g} times as much as the run's "
             "average for that span, so it is not settling: a fall that does not slow has not "
             "come near a minimum. The step is likely far too small.").format(
                 first=c[0], last=c[-1], span=_span(ev, len(tail) - 1), ratio=last / per_tenth) + _lr_sentence(ev)
    return ("slow", what, _("raise lr {factor:g}-fold, watching that the cost still falls "
                            "(or train far longer)").format(factor=MIN_FACTOR), scaled_lr(ev["lr"], MIN_FACTOR))


def _crawl(c, tail, last, ev):
    """A "slow" verdict for a cost whose second half falls in a line after a first plunge
    (its last tenth fell at least CRAWL_STRAIGHT of the second half's mean per tenth): the
    steep directions of badly scaled inputs fit at once and the rest crawl, at an lr the
    steep ones hold at their limit, so a larger lr would blow up: standardize. The plunge
    hides the line from :func:`_steady`'s whole-run average. None otherwise."""
    h = len(c) // 2
    later = (c[h] - c[-1]) * (len(tail) - 1) / max(len(c) - 1 - h, 1)
    if not (later > 0 and (c[h] - c[-1]) > CRAWL_FALL * abs(c[-1]) and last >= CRAWL_STRAIGHT * later
            and c[-1] > 0):
        return None
    ev["steady_fall"], ev["plunge"] = float(last / later), float(c[0] - c[h])
    what = _("After a first plunge the cost crawls down in a straight line ({mid:.4g} to "
             "{last:.4g} over the second half): its last {span} fell {ratio:.2g} times the "
             "second half's average for that span, so it is not settling. A plunge then a "
             "straight crawl is the mark of badly scaled inputs (the steep directions fit at "
             "once, the others barely move) or of a step far too small.").format(
                 mid=c[h], last=c[-1], span=_span(ev, len(tail) - 1), ratio=last / later) + _lr_sentence(ev)
    return ("slow", what, _("standardize the inputs (subtract each column's mean, divide by "
                            "its spread); if they are already, raise lr, watching that the cost "
                            "still falls"), {"standardize": True})


def _mostly_dead(run):
    """(layer, share) of the most dead ReLU-like layer logged at the end, if over MOSTLY_DEAD."""
    dead = run.dead_fraction
    if dead is None or not np.isfinite(dead[-1]).all():
        return None
    end = dead[-1] * _can_die(run, dead.shape[1])
    l = int(np.argmax(end))
    return (l, float(end[l])) if end[l] >= MOSTLY_DEAD else None


def _stuck(c, run, ev, what):
    """A cost that barely moved with a mostly dead layer logged, or sitting at what a constant
    guess costs: a bigger lr would only push the live units (or the biases) further, so the
    fix is the biases' start, never a larger step for the dead units (sitting at the constant
    guess with nothing logged, the usual recipe, whose lr is for standardized inputs). None otherwise."""
    level = _at_level(c[-1], ev)
    dead = _mostly_dead(run)
    if dead is None and level is None:
        return None
    fix = _("start the biases small and positive (bias_init=0.1) with weights scaled to the "
            "fan-in (weight_init='he'); a bigger lr does not revive dead units")
    if level is not None:
        ev["end_over_constant"] = float(c[-1] / ev["constant_level"])
        what += _(" It sits at what a constant guess costs ({level:.3g}): the outputs do not "
                  "depend on the input.").format(level=level)
    if dead is not None:
        l, share = dead
        ev.update(dead_layer=l, dead_share=share)
        what += _(" {share:.0%} of the units of {layer} "
                  "are dead (input <= 0 on every sample): they pass no gradient back.").format(
                      share=share, layer=_which_layer(run, l, run.dead_fraction.shape[1]))
        return "dead", what, fix, {"bias_init": 0.1}, "sure"
    # nothing logged: dead units, saturated units, a tiny lr and raw inputs all sit there (reference.py)
    return ("stalled", what, *restart(ev), "can't tell")


def _at_level(end, ev):
    """The constant guess's cost, in the convention the cost sits at (within AT_CONSTANT of
    it), or None. A squared error may be logged halved (the level's convention) or not."""
    level = ev.get("constant_level")
    if level is None or not np.isfinite(end):
        return None
    for k in (1.0, 2.0) if ev.get("loss", "squared") == "squared" else (1.0,):
        if abs(end - k * level) <= AT_CONSTANT * k * level:
            return k * level
    return None


def _stalled(what, ev, run, upd, change):
    """The "stalled" verdict of a cost that barely moved, nothing logged showing a dead layer or
    a constant guess's cost (:func:`_stuck`): the fix its evidence reads (:func:`_stalled_fix`),
    or, from costs alone, "can't tell" and the usual recipe (reference.restart)."""
    read = _stalled_fix(ev, run, upd, change)
    if read is not None:
        return ("stalled", what) + read
    return ("stalled", what + _(FLAT_FITS), *restart(ev), "can't tell")


def _stalled_fix(ev, run, upd, change):
    """(words, action) for a cost that barely moved, read from what was logged beside it (the
    gradient norms, the critical lr, the update ratios of nnlib's History); None from costs alone."""
    crit, lr = ev.get("critical_lr"), ev["lr"]
    g = run.grad_norm
    if g is not None and g.shape[1] > 1 and np.isfinite(g).all() and g[:, -1].max() > 0:
        ratio = float(g[:, 0].max() / g[:, -1].max())
        ev["gradient_ratio_first_to_last"] = ratio
        if ratio < 1e-3:
            return _("the gradients vanish (the first layer's gradient is {ratio:.2g} times the "
                     "last layer's): use leaky ReLU with He init").format(ratio=ratio), \
                {"activation": "leaky_relu", "weight_init": "he"}
    if crit and np.isfinite(crit) and lr < 0.1 * crit:
        return _("raise lr toward {half:.3g} (half the critical lr)").format(half=0.5 * crit), {"lr": 0.5 * crit}
    if upd is not None and upd < 1e-5:
        # in the linear regime the fall grows with lr: aim at a fall of about 30% over the run
        factor = float(np.clip(0.3 / max(abs(change), 1e-12), 10, 1e4))
        ev["lr_factor"] = factor
        action = scaled_lr(lr, factor)
        return _("raise lr by {factor:.3g}x, watching that the cost still falls").format(factor=factor), action
    if not run.from_history:
        return None  # the weights move (or nothing says): costs alone cannot tell why the cost does not
    return _("the gradients vanish: check for saturated sigmoid/tanh units or dead units, "
             "and try He init with leaky ReLU"), {"activation": "leaky_relu", "weight_init": "he"}


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
    what = _("The cost settled at {end:.3g}, but not because it fit: the first layer's "
             "gradient is at most {ratio:.2g} times the last layer's largest, so the first "
             "layers barely learn: the gradients vanish on their way back.").format(end=run.cost[-1], ratio=ratio)
    return ("stalled", what, _("use leaky ReLU with He init (activation='leaky_relu', weight_init='he')"),
            {"activation": "leaky_relu", "weight_init": "he"})


def _noisy(c, run, ev):
    """A curve of minibatch costs (or of unknown batch): judged on its trend and noise band."""
    b = trend.band(c)
    m = b.trend
    change = float((m[0] - m[-1]) / max(abs(m[0]), 1e-300))
    ev.update(relative_change=change, noise=b.relative_noise, trend=m.tolist())
    band_ = _(" Its noise band is about {noise:.0%} of the cost around the trend").format(noise=b.relative_noise)
    part = _("twentieth") if len(m) == 20 else _("of {n} equal parts").format(n=len(m))
    noise = band_ + _(" (the trend: the median of each {part} of the run).").format(part=part)
    half = c[len(c) // 2:]
    if run.batch is UNKNOWN and trend.alternates(half) > ALTERNATING:
        ev["alternating"] = trend.alternates(half)
        return _settling(c, run, ev)  # a full-batch zigzag, not sampling noise
    if run.batch is UNKNOWN and np.mean(np.diff(c) > 0) < SMOOTH:
        return _settling(c, run, ev)  # it hardly ever rises: no sampling noise to see through
    if abs(change) < STALLED_BELOW:
        what = _("The cost's trend barely moved: {first:.3g} to {last:.3g} over {n} "
                 "updates ({change:.2g} relative).").format(first=m[0], last=m[-1], n=ev["epochs"],
                                                            change=change) + noise + _lr_sentence(ev)
        return _stuck(m, run, ev, what) or _stalled(what, ev, run, None, change)
    sw, gr = trend.swing(b), trend.grows(b)
    ev.update(trend_swing=sw, noise_growth=gr)
    if sw > 0 or gr > trend.NOISE_GROWTH:
        why = (_("its trend rose again by {swing:.0%} in the second half").format(swing=sw) if sw > 0 else
               _("its noise band grew {growth:.3g}-fold from the second quarter to the last").format(growth=gr))
        what = _("The cost goes up and down beyond sampling noise: {why} (it ended near "
                 "{last:.3g}, from {first:.3g}).").format(why=why, last=m[-1], first=m[0]) + noise + _lr_sentence(ev)
        return ("oscillating", what) + _calm(ev, c)
    fall = float((m[-2] - m[-1]) / max(abs(m[-2]), 1e-300))
    ev["tail_fall"] = fall
    sure = m[-2] - m[-1] > trend.SIGMAS * np.hypot(b.standard_error[-1], b.standard_error[-2])
    if fall > SLOW_TAIL and sure:
        what = _("The cost is falling ({first:.3g} to {last:.3g}, trend) but slowly: its trend "
                 "still fell {fall:.0%} over the last {part} of the run.").format(
                     first=m[0], last=m[-1], fall=fall, part=part) + noise + _lr_sentence(ev)
        return ("slow", what) + _slow_fix(run, ev)
    what = _("The cost's trend (the median of each {part} of the run) fell from {first:.3g} to "
             "{last:.3g} ({lower}) and is settling.").format(
                 part=part, first=m[0], last=m[-1], lower=_times_lower(m[0], m[-1])) \
        + _("{band}: batch-to-batch sampling noise, not a problem.").format(band=band_) + _lr_sentence(ev)
    return "converging", what, _(NOTHING_TO_FIX), {}
