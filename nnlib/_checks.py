"""Input validation shared by every public entry point.

Each check raises ``ValueError`` with a message that names the problem, so a
learner who passes the wrong thing reads what is wrong instead of a traceback
from deep inside NumPy.
"""
import numpy as np


def choose(name, valid, what):
    """Return ``name`` if it is one of ``valid``; else a ValueError listing them."""
    if name not in valid:
        raise ValueError(f"unknown {what} {name!r}; valid names are: {', '.join(map(repr, valid))}")
    return name


def as_matrix(a, what):
    """Return ``a`` as a 2-D float64 array with only finite values.

    A 1-D array is read as one column. Raises ValueError for NaN/inf or other ranks.
    """
    try:
        arr = np.asarray(a, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{what} must be numeric: {exc}") from None
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2:
        raise ValueError(f"{what} must be 2-D (samples x features), got shape {arr.shape}")
    if arr.shape[0] == 0:
        raise ValueError(f"{what} has no samples (0 rows)")
    if not np.isfinite(arr).all():
        bad = int((~np.isfinite(arr)).sum())
        raise ValueError(f"{what} contains {bad} NaN or infinite value(s); clean the data first")
    return arr


def data(net_sizes, X, Y):
    """Validate a data set against a network's layer sizes; return float arrays.

    X: (N, sizes[0]); Y: (N, sizes[-1]).
    """
    X = as_matrix(X, "X")
    Y = as_matrix(Y, "Y")
    if X.shape[1] != net_sizes[0]:
        raise ValueError(f"X has {X.shape[1]} columns but the network's input layer has {net_sizes[0]} units")
    if Y.shape[1] != net_sizes[-1]:
        raise ValueError(f"Y has {Y.shape[1]} columns but the network's output layer has {net_sizes[-1]} units")
    if X.shape[0] != Y.shape[0]:
        raise ValueError(f"X has {X.shape[0]} rows (samples) but Y has {Y.shape[0]}; they must match")
    return X, Y


def positive(value, what):
    """A finite number > 0."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a number, got {value!r}") from None
    if not np.isfinite(v) or v <= 0:
        raise ValueError(f"{what} must be a finite number > 0, got {value!r}")
    return v


def count(value, what, minimum=0):
    """A whole number >= minimum."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{what} must be a whole number >= {minimum}, got {value!r}")
    return int(value)
