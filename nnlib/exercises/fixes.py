"""Checkers for 04: the recap of the fix ladder (what 1 - R^2 means, why a bias lowers the limit,
why the answer's rewrite gets stuck).
"""
import numpy as np

from ..i18n import _
from ._common import _answers, _choice, _numeric, _second_moment


def check_understanding_04(unexplained_zero, limit_with_bias, why_stuck):
    """Notebook 04's recap, on cases the notebook did not show.

    unexplained_zero: 1 - R^2 of a net that outputs 0 on every sample, for a target with
    mean 3 and standard deviation 1; limit_with_bias: the mean cost's critical lr
    2 / lambda_max(E[x~ x~^T]) of a linear layer WITH a bias on 3 inputs x ~ U(0, 1)^3;
    why_stuck: the letter of the reason the answer's rewrite gets stuck on some seeds.
    """
    m, sd = 3.0, 1.0
    lam = {bias: float(np.linalg.eigvalsh(_second_moment(3, bias))[-1]) for bias in (False, True)}
    return _answers([
        _numeric(unexplained_zero, (m ** 2 + sd ** 2) / sd ** 2, 0.01, _("1 - R^2 = (mean^2 + sd^2) / sd^2 "
                 "when the net outputs 0"), wrong=[(1.0, _("1 is for a net that outputs the MEAN of y; this one outputs 0")),
                                                 (m ** 2 / sd ** 2, _("the error of outputting 0 is mean^2 + sd^2 per sample"))]),
        _numeric(limit_with_bias, 2 / lam[True], 0.02, _("the bias is a weight on a constant input 1: "
                 "E[x~ x~^T] gets a row and a column of 1/2 and a 1 in the corner; then 2 / lambda_max"),
                 wrong=[(2 / lam[False], _("that is the limit WITHOUT a bias: add the constant input 1")),
                        (1 / lam[True], _("the limit is 2 / lambda_max, not 1 / lambda_max"))]),
        _choice(why_stuck, "b", {
            "a": _("the other units train at this lr; what makes the stuck unit's gradient 10,000 times smaller than theirs?"),
            "c": _("positive biases keep units on; the stuck unit is an OUTPUT unit: which of its parts can die?")})])
