"""dead, from less: per-layer dead fractions alone (a plain run), or a cost frozen flat to
rounding for most of the run (a zero gradient; a classifier frozen at ln k is named)."""
import numpy as np

from ..i18n import _, N_
from .diverging import _step_fix, per_sample
from .reference import NEAR_CONSTANT
from .report import _at, _can_die, _which_layer, flat_since, settled_onto_minimum, FROZEN_SHARE

ROUNDED_FIT = 0.1  # a flat cost under this share of its earlier highest fell first: it fit
REVIVAL = {"weight_init": "he", "bias_init": 0.1}  # units dead from their start: start them again
REVIVE = N_("random weights scaled to the fan-in (weight_init='he') and biases starting small and "
            "positive (bias_init=0.1)")


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
    whole = [l for l, die in zip(range(L), _can_die(run, L)) if die and end[l] >= 1]
    if not whole:
        return None
    l = whole[0]
    col = dead[:, l] >= end[l] if len(dead) == len(c) else np.ones(1, bool)
    since = int(len(col) - np.argmin(col[::-1])) if not col.all() else 0
    ev.update(dead_layer=l, dead_share=float(end[l]), dead_since=since)
    what = (_("Every unit of {layer} has been dead from the start: its input is <= 0 on every "
              "sample, so it outputs 0 and passes no gradient back. The cost ended at {end:.3g}.")
            if since == 0 else
            _("Every unit of {layer} has been dead since {at}: its input is <= 0 on every "
              "sample, so it outputs 0 and passes no gradient back. The cost ended at {end:.3g}.")
            ).format(layer=_which_layer(run, l, L), at=_at(ev, since), end=c[-1])
    jump = _jump(c, since, ev)
    if jump:
        return ("dead", what + jump) + _step_fix(ev, blind_mean="cut")
    if since > 0 and per_sample(ev) > 1:
        # they died after updates whose steps the summed cost made N times larger
        what += _(" They died after {since} updates of a summed cost, whose steps are N = {n} times those "
                  "of the mean cost: such a step likely pushed them there.").format(since=since, n=ev["summed_over"])
        return ("dead", what) + _step_fix(ev, blind_mean="cut")
    if since == 0:
        return "dead", what + _(" At the initial weights already: the biases start too low."), \
            _("trainable biases starting small and positive (bias_init=0.1)"), {"bias_init": 0.1}
    return "dead", what, _("leaky ReLU (activation='leaky_relu', leak=0.01), or a linear output "
                           "layer if this is the output"), {"activation": "leaky_relu", "leak": 0.01}


def _jump(c, since, ev):
    """A sentence when an update before index `since` raised the cost over 1.5-fold."""
    before = c[:since + 1]
    jumps = before[1:] / np.maximum(before[:-1], 1e-300)
    if not (len(jumps) and jumps.max() > 1.5):
        return ""
    t = int(np.argmax(jumps))
    ev["jump_epoch"], ev["jump_factor"] = t + 1, float(jumps[t])
    return _(" Just before, {at} raised the cost {jump:.3g}-fold "
             "({before:.3g} to {after:.3g}): a step too large pushed the units there.").format(
                 at=_at(ev, t + 1), jump=jumps[t], before=before[t], after=before[t + 1])


def _frozen(c, run, ev):
    """A cost exactly flat (to rounding) over the last half of the run or more: zero gradient.
    Minibatch costs differ batch to batch even when the weights are frozen: not judged here."""
    known = run.dead_fraction is not None and np.isfinite(run.dead_fraction).all()
    if known or isinstance(run.batch, int) or len(c) < 5 or c[-1] == 0:
        return None  # dead fractions say more; a cost of exactly 0 is a perfect fit
    # a zero gradient leaves the weights, and so the cost, unchanged (up to the last digit
    # or two: the same sums rounded in another order)
    since = flat_since(c)
    tail = len(c) - 1 - since
    if tail < FROZEN_SHARE * (len(c) - 1):
        return None
    if settled_onto_minimum(c, since):
        return None  # converged, not frozen
    if since > 0 and 0 <= c[-1] < ROUNDED_FIT * np.max(c[:since]):
        return None  # far below where it was: a fit whose printout is rounded, not a dead net
    if _below_any_constant(c[-1], ev):
        return None
    ev.update(frozen_since=since, frozen_share=tail / (len(c) - 1))
    what = (_("The cost has not changed from the start: it stayed at {end:.6g} for all {n} costs "
              "({share:.0%} of the run).") if since == 0 else
            _("The cost has not changed since {at}: it stayed at {end:.6g} for the last {tail} of "
              "{n} costs ({share:.0%} of the run).")).format(
                  at=_at(ev, since), end=c[-1], n=len(c), tail=tail + 1, share=tail / (len(c) - 1))
    what += _(" A small lr still moves the cost a little; a cost frozen exactly flat means a zero "
              "gradient: dead units (every ReLU input <= 0, so no gradient flows back).")
    return _frozen_fix(c, since, ev, what)


def _frozen_fix(c, since, ev, what):
    """(kind, what, fix, action) for a cost frozen since index `since` (0: from the start)."""
    jump = _jump(c, since, ev)
    if since > 0 and (jump or per_sample(ev) > 1):  # a jump, or a summed cost's N-fold steps, did it
        return ("dead", what + (jump or _(" An update pushed the units there: the step is too large."))) \
            + _step_fix(ev, blind_mean="cut")
    if since > 0:
        # it fell, then froze, with no jump: the units were dying from the start (the output
        # layer fit what it could, then nothing moved); a smaller step does not revive them
        # (on the tuning half, a learner's ReLU net with biases at -8 froze so; lr / 30 left it
        # frozen, fresh weights and biases trained it)
        return "dead", what + _(" It fell, then froze, with no update raising it: the units died without "
                                "a jump, as units that start near death do."), _(REVIVE), dict(REVIVAL)
    k = _uniform_classes(c[-1])
    if k:
        ev["uniform_classes"] = k
        what += _(" And {end:.6g} is ln {k}: the cross-entropy of a classifier that gives each of "
                  "{k} classes probability 1/{k} on every sample, whatever the input, so every "
                  "hidden unit outputs the same (dead ReLUs, or weights that all start at 0).").format(
                      end=c[-1], k=k)
        return "dead", what, _(REVIVE), dict(REVIVAL)
    # frozen at the initial weights: every unit was dead from the start (or the output is a
    # dead ReLU; not under a cross-entropy, whose output is a softmax or sigmoid)
    if ev.get("loss") == "cross_entropy":
        return "dead", what, _(REVIVE), dict(REVIVAL)
    fix = _("random weights scaled to the fan-in (weight_init='he'), biases starting small and positive "
            "(bias_init=0.1), and a linear output layer (output_activation='identity')")
    return "dead", what, fix, {**REVIVAL, "output_activation": "identity"}


def _below_any_constant(cost, ev):
    """Is a mean cross-entropy under NEAR_CONSTANT of what the best constant guess costs (read
    from the targets: with n_classes alone, ln C is a uniform guess's, and a net stuck at an
    imbalanced prior costs less)? A net whose units are all dead outputs the same for every
    sample, which costs at least that: a flat cost well under it is a fit whose printout is
    rounded (0.30 to 2 decimals, for a logistic regression that settled there), not dead units.
    (Cross-entropy only: a squared error may be logged as its root, which the constant guess's
    cost cannot be compared with.)"""
    level = ev.get("constant_level")
    return bool(level and ev.get("level_is_best_constant") and ev.get("loss") == "cross_entropy"
                and ev.get("reduction_given") and ev["reduction"] == "mean"
                and 0 <= cost < NEAR_CONSTANT * level)


def _uniform_classes(cost):
    """k when cost is ln k (k = 2..1000, to the 4 digits a printout keeps), else None."""
    k = int(round(np.exp(cost))) if 0.6 < cost < 7 else 0
    return k if k >= 2 and abs(cost - np.log(k)) < 5e-4 * np.log(k) else None
