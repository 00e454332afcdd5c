"""Checkers for 01: the question's frozen cost, its progress condition, and its recap.
"""
import numpy as np

from .. import datasets
from ..network import Network
from ..training import train
from ._common import _answers, _call, _close, _lambda_max, _named, _numeric, _verdict


def check_frozen_cost(value, Y):
    """value: the per-output cost (one number per output) of a network that outputs 0 for every sample."""
    Y = np.asarray(Y, dtype=float)
    want = 0.5 * np.sum(Y ** 2, axis=0)
    try:
        value = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return _verdict("give an array with one number per output")
    if value.shape == () and _close(float(value), want.sum(), 1e-9):
        return _verdict("that is the total over both outputs; the question prints one cost per output")
    if value.shape == () and _close(float(value), want.mean(), 1e-9):
        return _verdict("that is the final line's mean over outputs; give one number per output")
    if value.shape != want.shape:
        return _verdict(f"one number per output: shape {want.shape}, got {value.shape}")
    if np.allclose(value, want / len(Y), rtol=1e-9):
        return _verdict("the question's cost SUMS over samples; it does not divide by N")
    if np.allclose(value, want, rtol=1e-9):
        return _verdict(None)
    return _verdict("put out = 0 into 0.5 * sum over samples of (y - out)**2, per output column")


def check_progress_condition(fn):
    """fn(i) -> True exactly when i is a multiple of 1000 (what the question meant)."""
    for i in [0, 1, 2, 999, 1000, 1001, 1500, 2000, 5000, 12345]:
        got, hint = _call(fn, i)
        if hint:
            return _verdict(hint)
        if bool(got) != (i % 1000 == 0):
            if i == 1 and got and _call(fn, 1500)[0]:
                return _verdict("true at i = 1 and 1500 too: in Python 3, / is true division; "
                                "use % (the remainder) or // (integer division)")
            if i == 1 and got:
                return _verdict("true at i = 1: that tests i < 1000 (i // 1000 == 0), not "
                                "'a multiple of 1000' (the remainder i % 1000 is 0)")
            return _verdict(f"at i = {i} it should be {i % 1000 == 0}, got {bool(got)}")
    return _verdict(None)


def check_understanding_01(frozen_from, growth, preprocessing):
    """Notebook 01's recap, on its own data (1000 random samples, seed 0).

    frozen_from: the first iteration from which the ReLU net's cost never changes;
    growth: the linear net's cost factor per step at lr 0.01; preprocessing: the name of
    what made the ReLU net go to infinity instead of freezing.
    """
    X, Y = datasets.random_targets(n=1000, seed=0)
    cost = train(Network([7, 2], seed=0), X, Y, lr=0.01, epochs=50, reduction="sum").cost
    last_change = int(np.flatnonzero(cost[1:] != cost[:-1])[-1]) + 1
    factor = (1 - 0.01 * _lambda_max(X)) ** 2
    return _answers([
        _numeric(frozen_from, last_change, 0, "print the costs of the first ten iterations: "
                 "after which one do both columns stop changing?"),
        _numeric(growth, factor, 0.01, "divide one step's total cost by the step before's, a few steps in",
                 wrong=[(factor ** 0.5, "that is the ERROR's factor; the cost is its square")]),
        _named(preprocessing, ("standard", "centr", "center"), "what was done to X1000 before the "
               "ReLU run that overflowed at epoch 226?")])
