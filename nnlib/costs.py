"""The squared-error cost and its two reductions.

    sum:  C = 0.5 * sum over samples n and outputs k of (Y[n,k] - out[n,k])**2
    mean: C = that / N

The reduction is applied here and nowhere else: every other module asks
``scale(reduction, n)`` for the factor. With "sum" the cost and its gradient grow in
proportion to N, so the same learning rate takes an N times larger step on a larger
data set: the question's first defect.
"""
import numpy as np

from ._checks import choose, count

REDUCTIONS = ("sum", "mean")


def scale(reduction, n):
    """Factor that turns the summed cost of n samples into the chosen reduction."""
    choose(reduction, REDUCTIONS, "reduction")
    n = count(n, "n (the number of samples)", minimum=1)
    return 1.0 if reduction == "sum" else 1.0 / n


def cost(out, Y, reduction="mean"):
    """out, Y: (N, K) -> float."""
    err = out - Y
    return 0.5 * scale(reduction, len(Y)) * float(np.sum(err * err))


def cost_gradient(out, Y, reduction="mean"):
    """dC/d out: (N, K)."""
    return scale(reduction, len(Y)) * (out - Y)


# THE bar for a good fit, next to its definition: an output fits when unexplained() is at most
# this (R^2 >= 0.8). ladder.success and diagnose's "poor fit" note both read it here.
SUCCESS_UNEXPLAINED = 0.2


def unexplained(out, Y):
    """out, Y: (N, K) -> (K,) 1 - R^2 per output: its squared error over that of always
    predicting the output's mean (0 perfect, 1 no better than a constant; NaN for a
    constant target, where it is undefined, and where out is not finite).

    The one definition: ladder.success, sweep's ``unexplained`` and diagnose's fit note use it.
    """
    out, Y = np.asarray(out, float), np.asarray(Y, float)
    with np.errstate(all="ignore"):
        sse = np.sum((out - Y) ** 2, axis=0)
        base = np.sum((Y - Y.mean(axis=0)) ** 2, axis=0)
        varies = base > 1e-24 * np.sum(Y ** 2, axis=0)  # a constant's mean leaves ~1e-30 of rounding
        u = np.where(varies, sse / np.where(varies, base, 1.0), np.nan)
    u[~np.isfinite(u)] = np.nan
    return u
