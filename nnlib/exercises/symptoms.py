"""Checkers for 01: the question's frozen cost, its progress condition, and its recap.
"""
import numpy as np

from ..i18n import _
from .. import datasets
from ._common import _answers, _call, _choice, _close, _lambda_max, _numeric, _verdict


def check_frozen_cost(value, Y):
    """value: the per-output cost (one number per output) of a network that outputs 0 for every sample."""
    Y = np.asarray(Y, dtype=float)
    want = 0.5 * np.sum(Y ** 2, axis=0)
    try:
        value = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return _verdict(_("give an array with one number per output"))
    if value.shape == () and _close(float(value), want.sum(), 1e-9):
        return _verdict(_("that is the total over both outputs; the question prints one cost per output"))
    if value.shape == () and _close(float(value), want.mean(), 1e-9):
        return _verdict(_("that is the final line's mean over outputs; give one number per output"))
    if value.shape != want.shape:
        return _verdict(_('one number per output: shape {v0}, got {v1}').format(v0=want.shape, v1=value.shape))
    if np.allclose(value, want / len(Y), rtol=1e-9):
        return _verdict(_("the question's cost SUMS over samples; it does not divide by N"))
    if np.allclose(value, want, rtol=1e-9):
        return _verdict(None)
    return _verdict(_("put out = 0 into 0.5 * sum over samples of (y - out)**2, per output column"))


def check_progress_condition(fn):
    """fn(i) -> True exactly when i is a multiple of 1000 (what the question meant)."""
    for i in [0, 1, 2, 999, 1000, 1001, 1500, 2000, 5000, 12345]:
        got, hint = _call(fn, i)
        if hint:
            return _verdict(hint)
        if bool(got) != (i % 1000 == 0):
            if i == 1 and got and _call(fn, 1500)[0]:
                return _verdict(_("true at i = 1 and 1500 too: in Python 3, / is true division; "
                                "use % (the remainder) or // (integer division)"))
            if i == 1 and got:
                return _verdict(_("true at i = 1: that tests i < 1000 (i // 1000 == 0), not "
                                "'a multiple of 1000' (the remainder i % 1000 is 0)"))
            return _verdict(_('at i = {i} it should be {v1}, got {v2}').format(i=i, v1=i % 1000 == 0, v2=bool(got)))
    return _verdict(None)


def check_understanding_01(why_frozen, growth, frozen_3000):
    """Notebook 01's recap.

    why_frozen: the letter of the reason the ReLU net's cost never changes after
    iteration 4 (N = 1000); growth: the linear net's cost factor per step at lr 0.01 on
    its 1000 samples (the measured 292.6, or the prose's "about 300"); frozen_3000: the
    cost per output a net that outputs 0 is expected to freeze at on 3000 targets drawn
    from U(0, 1), from the rule 0.5 x N x E[y^2] with E[y^2] = 1/3.
    """
    X, _Y = datasets.random_targets(n=1000, seed=0)
    factor = (1 - 0.01 * _lambda_max(X)) ** 2
    growth_hint = _numeric(growth, factor, 0.01, _("divide one step's total cost by the step before's, a few steps in"),
                           wrong=[(factor ** 0.5, _("that is the ERROR's factor; the cost is its square"))],
                           also=[(300, 0.005)])  # the prose's own rounding: "about 300-fold per step"
    return _answers([
        _choice(why_frozen, "b", {
            "a": _("lr stays 0.01 all along; what multiplies every gradient of a unit whose input is negative?"),
            "c": _("0.5 x sum(Y^2) is what outputting 0 costs, far above the sigmoid net's cost: not the lowest")}),
        growth_hint,
        _numeric(frozen_3000, 0.5 * 3000 / 3, 0.02, _("0.5 x N x E[y^2], with E[y^2] = 1/3 for y ~ U(0, 1)"),
                 wrong=[(3000 / 3, _("the question's cost has a factor 0.5 in front")),
                        (0.5 * 3000 / 4, _("E[y^2] = 1/3, not E[y]^2 = 1/4")),
                        (3000 / 6 / 3000, _("the question's cost SUMS over the samples; it does not divide by N"))])])
