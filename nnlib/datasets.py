"""The data sets of the question, seeded, and the answer's data with standardized inputs.

All draw X ~ U(0, 1) with 7 features, samples as rows.
"""
import numpy as np

from ._checks import count, fits
from ._checks import seed as check_seed


def _check(n, seed):
    """n as a Python int (a NumPy integer would overflow in the size estimate), checked."""
    n = count(n, "n", minimum=1)
    check_seed(seed)
    fits(8 * 9 * 3 * n, f"a data set of n={n:,} samples")  # X, Y and the temporaries
    return n


def random_targets(n=100, seed=0):
    """The question's toy data: X (n, 7) and Y (n, 2), both U(0, 1) and unrelated."""
    n = _check(n, seed)
    rng = np.random.default_rng(seed)
    X = rng.uniform(size=(n, 7))
    Y = rng.uniform(size=(n, 2))
    return X, Y


def sincos(n=1000, seed=0):
    """The answer's data: X (n, 7) ~ U(0,1), Y (n, 2) = [sum(sin x), sum(cos x)]."""
    n = _check(n, seed)
    rng = np.random.default_rng(seed)
    X = rng.uniform(size=(n, 7))
    Y = np.column_stack([np.sin(X).sum(axis=1), np.cos(X).sum(axis=1)])
    return X, Y


def sincos_standardized(n=1000, seed=0):
    """sincos(n, seed) with each input column shifted and scaled to mean 0, std 1 (the
    data's own mean and std); Y is sincos's, unchanged. X (n, 7), Y (n, 2).

    A column with no spread (n = 1) is only shifted: its std 0 would divide by zero.
    """
    X, Y = sincos(n, seed)
    std = X.std(axis=0)
    return (X - X.mean(axis=0)) / np.where(std > 0, std, 1.0), Y


# the data sets a settings dict can name ("data": "sincos"); add one here and it is offered
NAMED = {"random_targets": random_targets, "sincos": sincos, "sincos_standardized": sincos_standardized}
