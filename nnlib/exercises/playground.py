"""Checkers for 07: the recap of the playground (how the readout scales, which readout warns,
and why a run just over the limit only oscillates).
"""
from ..i18n import N_, _
from ..live import liverun
from ._common import _answers, _choice, _named, _numeric


PAIR = N_('a pair in parentheses: the number, then "above" or "below" in quotes, e.g. (1.5, "below")')


def _ratio_and_side(answer, default):
    """None if answer is (the readout at N = 5,000 and lr = 3e-5, the side of the limit 2 it
    is on); else a hint. default: the readout at the default settings."""
    if answer is None:
        return _('replace None with your answer ({PAIR})').format(PAIR=_(PAIR))
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return _('answer with {PAIR}').format(PAIR=_(PAIR))
    ratio, side = answer
    want = default * 5 * 3                       # lambda_max grows with N, the product with lr
    hint = _numeric(ratio, want, 0.03, _("the summed cost's lambda_max grows in proportion to N, "
                    "and the readout in proportion to lr"),
                    wrong=[(default * 5, _("lr changed too, from 1e-5 to 3e-5")),
                           (default * 3, _("N changed too: the summed cost's lambda_max grows with N"))],
                    also=[(0.2 * 5 * 3, 0.005)])  # from the readout as the prose rounds it, 0.2
    if hint:
        return hint
    right = "above" if want > 2 else "below"
    if not isinstance(side, str) or side.strip().lower() not in ("above", "below"):
        return _('the number is right; now say "above" or "below" the limit, in quotes')
    return None if side.strip().lower() == right else _("the number is right; which side of the limit 2 is it on?")


def check_understanding_07(ratio_and_side, warning, why_oscillates):
    """Notebook 07's recap. ratio_and_side: (the readout lr * lambda_max with the summed cost at
    N = 5,000 and lr = 3e-5, other settings the defaults (which read 0.2 at N = 1,000, lr = 1e-5),
    "above" or "below" the limit 2); warning: the readout that tells before training that the
    cost will explode; why_oscillates: the letter of the reason the N = 10,000 run oscillates
    instead of exploding."""
    default, _side = liverun.stability(liverun.DEFAULT)  # not `_`: that is gettext here
    return _answers([
        _ratio_and_side(ratio_and_side, default),
        _named(warning, ("lambda", "λ", "stability", "lr x", "lr ×", "lr *", "critical"), _("which panel is known "
               "before the first step?"), wrong=[("dead", _("the dead share shows a failure after it happened")),
                                                ("readout", _("name which readout: the playground shows several, "
                                                 "and only one is known before the first step"))]),
        _choice(why_oscillates, "b", {
            "a": _("float32 changes when a cost overflows, not whether it grows (notebook 02, section 7)"),
            "c": _("the adaptive lr is off in this run; what did the first steps do to the curvature?")})])
