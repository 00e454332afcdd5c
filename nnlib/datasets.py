"""The two data sets of the question, seeded.

Both draw X ~ U(0, 1) with 7 features, samples as rows.
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


# the data sets a settings dict can name ("data": "sincos"); add one here and it is offered
NAMED = {"random_targets": random_targets, "sincos": sincos}
