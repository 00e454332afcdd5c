"""The kinds of a run that did not blow up or die: stalled, oscillating, slow, converging.
A full-batch curve is read as it is; a minibatch curve by its trend and noise band."""
import numpy as np

from .. import trend
from ..runs import UNKNOWN
from .report import (_calm, _can_die, _g, _halvings, _which_layer, _longer, _lr_sentence, _span,
                     _times_lower, ALTERNATING, HEALTHY_UPDATE_RATIO, RISING_SHARE, SLOW_TAIL,
                     SMOOTH, STALLED_BELOW, STEADY_FALL, STEADY_RISE, MOSTLY_DEAD, scaled_lr)
from .reference import MIN_FACTOR, SAFE_ACTION, SAFE_FIX, TO_LOG

AT_CONSTANT = 0.02  # a cost within this share of the constant guess's sits at it
from .diverging import _rising


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
        return _stuck(c, run, ev, what) or (("stalled", what) + _stalled_fix(ev, run, upd, change))
    half = c[len(c) // 2:]
    rises = float(np.mean(np.diff(half) > 1e-12 * np.abs(half[:-1]))) if len(half) > 1 else 0.0
    ev["share_rising"] = rises
    if np.mean(np.diff(c) > 0) >= STEADY_RISE and c[-1] > c[0]:
        return _rising(c, run, ev)  # up, not up and down
    if rises > RISING_SHARE:
        what = (f"The cost goes up and down: {rises:.0%} of the updates in the second half "
                f"raised it (it ended at {_g(c[-1])}, from {_g(c[0])}).") + _lr_sentence(ev)
        words, action = _calm(ev, c)
        return "oscillating", what, f"{words}, or use adaptive=True", action
    tail = c[-max(2, len(c) // 10):]
    fall = float((tail[0] - tail[-1]) / max(abs(tail[0]), 1e-300))
    ev["tail_fall"] = fall
    halved = _halvings(run, ev)
    if fall > SLOW_TAIL:
        what = (f"The cost is falling ({_g(c[0])} to {_g(c[-1])}) but slowly: it still fell "
                f"{fall:.0%} over the last {_span(ev, len(tail) - 1)}.{halved}{upd_txt}") + _lr_sentence(ev)
        return "slow", what, "train longer, or raise lr while it stays below the critical lr", _longer(run, ev)
    steady = _steady(c, tail, ev)
    if steady:
        return steady
    what = (f"The cost fell from {_g(c[0])} to {_g(c[-1])} ({_times_lower(c[0], c[-1])}) and is "
            f"settling: {fall:.2%} over the last {_span(ev, len(tail) - 1)}.{halved}") + _lr_sentence(ev)
    dead = run.dead_fraction
    end = None if dead is None else dead[-1] * _can_die(run, dead.shape[1])  # a sigmoid unit cannot die
    if end is not None and np.isfinite(end).all() and end.max() > 0:
        l = int(np.argmax(end))
        what += f" ({end[l]:.0%} of the units of {_which_layer(run, l, dead.shape[1])} are dead.)"
    return "converging", what, "nothing to fix; compare the final cost across seeds", {}


def _steady(c, tail, ev):
    """A "slow" verdict for a full-batch cost that falls in a straight line: its last tenth
    fell at least STEADY_FALL of the run's mean fall per tenth. A run that converges falls
    fast first and slows as it nears the minimum; one whose step is far too small has not
    left the straight start of that curve, however little each tenth falls. None otherwise."""
    per_tenth = (c[0] - c[-1]) * (len(tail) - 1) / max(len(c) - 1, 1)
    last = tail[0] - tail[-1]
    if not (per_tenth > 0 and last >= STEADY_FALL * per_tenth and c[-1] > 0):
        return None
    ev["steady_fall"] = float(last / per_tenth)
    what = (f"The cost is falling in a straight line ({_g(c[0])} to {_g(c[-1])}): its last "
            f"{_span(ev, len(tail) - 1)} fell {last / per_tenth:.2g} times as much as the run's "
            f"average for that span, so it is not settling: a fall that does not slow has not "
            f"come near a minimum. The step is likely far too small.") + _lr_sentence(ev)
    return ("slow", what, f"raise lr {MIN_FACTOR:g}-fold, watching that the cost still falls "
            f"(or train far longer)", scaled_lr(ev["lr"], MIN_FACTOR))


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
    fix is the biases' start, never the step size. None otherwise."""
    level = _at_level(c[-1], ev)
    dead = _mostly_dead(run)
    if dead is None and level is None:
        return None
    fix = ("start the biases small and positive (bias_init=0.1) with weights scaled to the "
           "fan-in (weight_init='he'); a bigger lr does not revive dead units")
    if level is not None:
        ev["end_over_constant"] = float(c[-1] / ev["constant_level"])
        what += (f" It sits at what a constant guess costs ({_g(level)}): the outputs do not "
                 f"depend on the input.")
    if dead is not None:
        l, share = dead
        ev.update(dead_layer=l, dead_share=share)
        what += (f" {share:.0%} of the units of {_which_layer(run, l, run.dead_fraction.shape[1])} "
                 f"are dead (input <= 0 on every sample): they pass no gradient back.")
        return "dead", what, fix, {"bias_init": 0.1}, "sure"
    # nothing logged: dead units, saturated units and a tiny lr all sit there (reference.py)
    return "stalled", what, SAFE_FIX + f"; to tell the causes apart log {TO_LOG}", dict(SAFE_ACTION), "can't tell"


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
        action = scaled_lr(lr, factor)
        return f"raise lr by {factor:.3g}x, watching that the cost still falls", action
    return ("the gradients vanish: check for saturated sigmoid/tanh units or dead units, "
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
    what = (f"The cost settled at {_g(run.cost[-1])}, but not because it fit: the first layer's "
            f"gradient is at most {ratio:.2g} times the last layer's largest, so the first "
            f"layers barely learn: the gradients vanish on their way back.")
    return ("stalled", what, "use leaky ReLU with He init (activation='leaky_relu', weight_init='he')",
            {"activation": "leaky_relu", "weight_init": "he"})


def _noisy(c, run, ev):
    """A curve of minibatch costs (or of unknown batch): judged on its trend and noise band."""
    b = trend.band(c)
    m = b.trend
    change = float((m[0] - m[-1]) / max(abs(m[0]), 1e-300))
    ev.update(relative_change=change, noise=b.relative_noise, trend=m.tolist())
    band_ = f" Its noise band is about {b.relative_noise:.0%} of the cost around the trend"
    part = "twentieth" if len(m) == 20 else f"of {len(m)} equal parts"
    noise = band_ + f" (the trend: the median of each {part} of the run)"
    half = c[len(c) // 2:]
    if run.batch is UNKNOWN and trend.alternates(half) > ALTERNATING:
        ev["alternating"] = trend.alternates(half)
        return _settling(c, run, ev)  # a full-batch zigzag, not sampling noise
    if run.batch is UNKNOWN and np.mean(np.diff(c) > 0) < SMOOTH:
        return _settling(c, run, ev)  # it hardly ever rises: no sampling noise to see through
    if abs(change) < STALLED_BELOW:
        what = (f"The cost's trend barely moved: {_g(m[0])} to {_g(m[-1])} over {ev['epochs']} "
                f"updates ({change:.2g} relative).{noise}." + _lr_sentence(ev))
        return _stuck(m, run, ev, what) or (("stalled", what) + _stalled_fix(ev, run, None, change))
    sw, gr = trend.swing(b), trend.grows(b)
    ev.update(trend_swing=sw, noise_growth=gr)
    if sw > 0 or gr > trend.NOISE_GROWTH:
        why = (f"its trend rose again by {sw:.0%} in the second half" if sw > 0 else
               f"its noise band grew {gr:.3g}-fold from the second quarter to the last")
        what = (f"The cost goes up and down beyond sampling noise: {why} (it ended near "
                f"{_g(m[-1])}, from {_g(m[0])}).{noise}." + _lr_sentence(ev))
        return ("oscillating", what) + _calm(ev, c)
    fall = float((m[-2] - m[-1]) / max(abs(m[-2]), 1e-300))
    ev["tail_fall"] = fall
    sure = m[-2] - m[-1] > trend.SIGMAS * np.hypot(b.standard_error[-1], b.standard_error[-2])
    if fall > SLOW_TAIL and sure:
        what = (f"The cost is falling ({_g(m[0])} to {_g(m[-1])}, trend) but slowly: its trend "
                f"still fell {fall:.0%} over the last {part} of the run.{noise}." + _lr_sentence(ev))
        return "slow", what, "train longer, or raise lr while it stays below the critical lr", _longer(run, ev)
    what = (f"The cost's trend (the median of each {part} of the run) fell from {_g(m[0])} to "
            f"{_g(m[-1])} ({_times_lower(m[0], m[-1])}) and is settling.{band_}: batch-to-batch "
            f"sampling noise, not a problem."
            + _lr_sentence(ev))
    return "converging", what, "nothing to fix; compare the final cost across seeds", {}
