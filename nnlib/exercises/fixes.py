"""Checkers for 04: the recap of the fix ladder (what 1 - R^2 means, why a bias lowers the limit).
"""
import numpy as np

from .. import ladder
from ._common import _answers, _named, _numeric


def check_understanding_04(unexplained_zero, limit_with_bias, rescue):
    """Notebook 04's recap, on the ladder's data (ladder.data()).

    unexplained_zero: 1 - R^2 of output 2 for a net that outputs 0 on every sample;
    limit_with_bias: the mean cost's critical lr for a linear layer WITH a bias on this X
    (2 / lambda_max of [X 1]^T [X 1] / N); rescue: the one change that makes the answer's
    rewrite train on all 20 seeds.
    """
    X, Y = ladder.data()
    y = Y[:, 1]
    want_r = float(np.sum(y ** 2) / np.sum((y - y.mean()) ** 2))
    A = np.column_stack([X, np.ones(len(X))])
    want_limit = 2 / float(np.linalg.eigvalsh(A.T @ A / len(A))[-1])
    return _answers([
        _numeric(unexplained_zero, want_r, 0.01, "1 - R^2 = sum((y - out)^2) / sum((y - mean(y))^2), "
                 "with out = 0", wrong=[(1.0, "1 is for a net that outputs the MEAN of y; this one outputs 0")]),
        _numeric(limit_with_bias, want_limit, 0.02, "the bias is a weight on a constant input 1: "
                 "append a column of ones to X, then 2 / lambda_max of A^T A / N",
                 wrong=[(2 / float(np.linalg.eigvalsh(X.T @ X / len(X))[-1]),
                         "that is the limit WITHOUT a bias: append the column of ones")]),
        _named(rescue, ("linear", "identity"), "which layer's activation can die in the rewrite?")])
