"""Checkers for 06: momentum's stability limit, the answer's adaptive learning rate, the recap.
"""
import math

import numpy as np

from ..i18n import _
from .. import datasets
from ._common import _answers, _call, _choice, _close, _lambda_max, _number, _numeric, _verdict


def check_momentum_limit(value, X, momentum):
    """value: the largest stable lr for momentum on a linear layer, mean cost: 2 (1 + mu) / lambda_max(X^T X / N)."""
    X = np.asarray(X, dtype=float)
    lam = _lambda_max(X) / len(X)
    mu = float(momentum)
    want = 2.0 * (1.0 + mu) / lam
    value, hint = _number(value, _("the learning rate"))
    if hint:
        return _verdict(hint)
    if _close(value, want, 0.02):
        return _verdict(None)
    if _close(value, 2.0 / lam, 0.02):
        return _verdict(_("that is plain gradient descent's limit; momentum's is (1 + mu) times larger"))
    if _close(value, want / len(X), 0.02):
        return _verdict(_("that is the SUMMED cost's limit; use the mean cost's Hessian X^T X / N"))
    return _verdict(_("the heavy ball is stable while lr * lambda_max < 2 (1 + mu)"))


def check_adaptive_lr(fn):
    """fn(lr, cost_before, cost_after) -> next lr: halved if the cost rose or is not finite."""
    cases = [(0.1, 5.0, 4.0, 0.1), (0.1, 5.0, 6.0, 0.05), (0.02, 1.0, np.inf, 0.01),
             (0.02, 1.0, np.nan, 0.01), (0.3, 2.0, 2.0, 0.3)]
    for lr, before, after, want in cases:
        got, hint = _call(fn, lr, before, after)
        if not hint:
            got, hint = _number(got, _("the next learning rate"))
        if hint:
            return _verdict(hint)
        if not _close(got, want, 1e-12):
            if not np.isfinite(after):
                return _verdict(_("a non-finite cost (inf or NaN) must halve lr too: "
                                "`not (after <= before)` catches NaN"))
            if after == before and _close(got, lr / 2, 1e-12):
                return _verdict(_("the answer's words 'does not decrease' halve here too; this rule, "
                                "like nnlib.train, halves only when the cost RISES (an unchanged cost "
                                "keeps lr, so a converged run is not cut further)"))
            return _verdict(_("lr={lr}, cost {before} -> {after}: expected {want}, got {got}").format(
                lr=lr, before=before, after=after, want=want, got=got))
    return _verdict(None)


def check_understanding_06(halvings, momentum_bound, why_adam):
    """Notebook 06's recap, on cases the notebook did not show. halvings: how many halvings
    take lr 0.05 below the critical lr of the linear net, summed cost, on
    random_targets(n=1000, seed=0); momentum_bound: the largest stable lr * lambda_max for
    momentum mu = 0.5; why_adam: the letter of the reason Adam's run is the same for the
    summed and the mean cost."""
    critical = 2 / _lambda_max(datasets.random_targets(n=1000, seed=0)[0])
    return _answers([
        _numeric(halvings, math.ceil(math.log2(0.05 / critical)), 0, _("0.05 / 2^k < critical lr (0.0011): "
                 "the smallest such k")),
        _numeric(momentum_bound, 2 * (1 + 0.5), 1e-9, _("momentum is stable while lr * lambda_max < 2 (1 + mu)"),
                 wrong=[(2.0, _("that is plain gradient descent's bound (mu = 0)"))]),
        _choice(why_adam, "a", {
            "b": _("Adam is handed the cost you choose, summed or mean; what does it do with the gradient's size?"),
            "c": _("its lr is the same number as sgd's; look at what its step m / sqrt(v) does to a factor N")})])
