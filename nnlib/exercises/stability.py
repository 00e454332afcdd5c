"""Checkers for 02: the mean cost, the stability limit 2 / lambda_max, the blow-up factor, the recap.
"""
import numpy as np

from ..i18n import _
from .. import costs
from ._common import (_answers, _call, _choice, _close, _lambda_max, _number, _numeric,
                      _second_moment, _verdict)


def check_mean_cost(fn, seed=0):
    """fn(out, Y) -> 0.5 * sum((Y - out)**2) / N, N the number of samples (rows)."""
    rng = np.random.default_rng(seed)
    out, Y = rng.normal(size=(30, 2)), rng.normal(size=(30, 2))
    got, hint = _call(fn, out, Y)
    if not hint:
        got, hint = _number(got, _("the cost (a float), not an array per output"))
    if hint:
        return _verdict(hint)
    want = costs.cost(out, Y, "mean")
    if _close(got, want, 1e-9):
        return _verdict(None)
    hints = {costs.cost(out, Y, "sum"): _("that is the summed cost: divide by the number of samples"),
             want / 2: _("divide by the number of samples N only, not by N times the outputs"),
             2 * want: _("the cost has a factor 0.5 in front")}
    for value, h in hints.items():
        if _close(got, value, 1e-9):
            return _verdict(h)
    return _verdict(_('expected {want:.6g} for this test, got {got:.6g}').format(want=want, got=got))


def check_critical_lr(value, X):
    """value: 2 / lambda_max(X^T X), the stability limit of a linear layer with the summed cost."""
    X = np.asarray(X, dtype=float)
    want = 2.0 / _lambda_max(X)
    value, hint = _number(value, _("the learning rate"))
    if hint:
        return _verdict(hint)
    if _close(value, want, 0.02):
        return _verdict(None)
    if _close(value, want * len(X), 0.02):
        return _verdict(_("that is the limit for the MEAN cost; the summed cost's Hessian is X^T X"))
    if _close(value, want / 2, 0.02):
        return _verdict(_("the limit is 2 / lambda_max, not 1 / lambda_max"))
    return _verdict(_("compute lambda_max = np.linalg.eigvalsh(X.T @ X)[-1], then 2 / lambda_max"))


def check_blowup_factor(value, lr, X):
    """value: |1 - lr * lambda_max(X^T X)|, the per-step growth of the error (summed cost).

    The tolerance (0.1%) is tighter than 1 / (lr * lambda_max) whenever the factor is
    large, so lr * lambda_max (without the 1 -) is not accepted.
    """
    lam = _lambda_max(np.asarray(X, dtype=float))
    signed = 1.0 - float(lr) * lam
    want = abs(signed)
    value, hint = _number(value, _("the growth factor"))
    if hint:
        return _verdict(hint)
    if _close(value, want, 1e-3):
        return _verdict(None)
    if signed < 0 and _close(value, signed, 1e-3):
        return _verdict(_("that is the signed factor (the error flips sign every step): take abs()"))
    if _close(value, want ** 2, 0.02):
        return _verdict(_("that is the COST's factor (the square); the question asks for the error's"))
    if _close(value, float(lr) * lam, 1e-3):
        return _verdict(_("that is lr * lambda_max; the error is multiplied by 1 - lr * lambda_max"))
    return _verdict(_("along the top eigenvector the error is multiplied by 1 - lr * lambda_max "
                    "each step: give its absolute value, abs(1 - lr * lambda_max)"))


def check_understanding_02(factor, critical_lr_500, why_sigmoid):
    """Notebook 02's recap.

    factor: what one step multiplies w by in the one-weight bowl when lr * lambda = 2.2;
    critical_lr_500: the summed cost's critical lr for a linear layer on 500 samples of
    x ~ U(0, 1)^7, predicted from lambda_max ~ (1/12 + 7/4) N (a draw of 500 samples lands
    within a few per cent of it); why_sigmoid: the letter of the reason the sigmoid net
    trained at N = 1000, lr 0.01.
    """
    lam_500 = float(np.linalg.eigvalsh(_second_moment(7, False))[-1]) * 500
    want = 2 / lam_500
    return _answers([
        _numeric(factor, 1 - 2.2, 1e-9, _("one step is w <- w - lr * lambda * w = (1 - lr * lambda) w"),
                 wrong=[(2.2 - 1, _("keep the sign: the step overshoots the bottom, so w changes sign"))]),
        _numeric(critical_lr_500, want, 0.03, _("2 / lambda_max, with lambda_max about (1/12 + 7/4) x N"),
                 wrong=[(want / 2, _("the limit is 2 / lambda_max, not 1 / lambda_max")),
                        (want * 500, _("that is the MEAN cost's limit; the summed cost's lambda_max grows with N"))]),
        _choice(why_sigmoid, "b", {
            "a": _("the cap keeps the cost from running to infinity (the N = 10,000 run), but that run "
                 "zigzags instead of training: what makes the step itself safe at N = 1000?"),
            "c": _("a sigmoid unit cannot die, yet at N = 10,000 the same lr fails: what sets its critical lr?")})])
