"""Input validation shared by every public entry point.

Each check raises ``ValueError`` with a message that names the argument and what was
expected, so a learner who passes the wrong thing reads what is wrong instead of a
traceback from deep inside NumPy. The checks run once per call, before any allocation
or arithmetic, and never in a per-epoch loop.
"""
import math
import numbers
import os

import numpy as np

FLOAT32_MAX = float(np.finfo(np.float32).max)
_TINY32 = float(np.finfo(np.float32).tiny)


def choose(name, valid, what):
    """Return ``name`` if it is one of ``valid``; else a ValueError listing them."""
    # a str test first: an array or a dict compared with the names would raise or warn
    if not isinstance(name, str) or name not in valid:
        raise ValueError(f"unknown {what} {show(name)}; valid names are: {', '.join(map(repr, valid))}")
    return name


def show(value, width=60):
    """repr(value), cut to ``width`` characters (10**400 has 401 digits)."""
    text = repr(value)
    return text if len(text) <= width else text[:width - 3] + "..."


def number(value, what, expected="a finite number"):
    """A finite real number as a float (not a bool, a complex or a string of text)."""
    bad = ValueError(f"{what} must be {expected}, got {show(value)}")
    if isinstance(value, (bool, np.bool_, complex, np.complexfloating, str, bytes)):
        raise bad
    try:
        v = float(value)
    except (TypeError, ValueError, OverflowError):  # 10**400 overflows float()
        raise bad from None
    if not np.isfinite(v):
        raise bad
    return v


def positive(value, what):
    """A finite number > 0."""
    v = number(value, what, "a finite number > 0")
    if v <= 0:
        raise ValueError(f"{what} must be a finite number > 0, got {show(value)}")
    return v


def count(value, what, minimum=0, maximum=None):
    """A whole number (int or NumPy integer) >= minimum (and <= maximum when given)."""
    ok = isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))
    if not ok or value < minimum or (maximum is not None and value > maximum):
        top = "" if maximum is None else f" and <= {maximum:,}"
        raise ValueError(f"{what} must be a whole number >= {minimum}{top}, got {show(value)}")
    return int(value)


def whole(value, what, minimum=0):
    """Like :func:`count`, but 3.0 counts as 3 (3.5, nan or "3" do not)."""
    if isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_, numbers.Integral)):
        if not (math.isfinite(float(value)) and float(value).is_integer()):  # Fraction too
            raise ValueError(f"{what} must be a whole number >= {minimum}, got {show(value)}")
        value = int(value)
    return count(value, what, minimum)


def flag(value, what):
    """True or False (also NumPy's bools and 0 / 1): an array's truth would be ambiguous."""
    if isinstance(value, (bool, np.bool_)) or (isinstance(value, (int, np.integer)) and value in (0, 1)):
        return bool(value)
    raise ValueError(f"{what} must be True or False, got {show(value)}")


def seed(value, what="seed"):
    """None, a whole number >= 0, or a NumPy Generator / SeedSequence (what default_rng takes)."""
    if value is None or isinstance(value, (np.random.Generator, np.random.SeedSequence)):
        return value
    return count(value, what)


def layer_sizes(sizes):
    """A list of two or more whole numbers >= 1, checked before int(): "72" or [7.9, 2]
    must not become [7, 2]."""
    bad = ValueError(f"sizes must be a list of whole layer widths, e.g. [7, 10, 2]; got {show(sizes)}")
    if isinstance(sizes, (str, bytes, dict)) or not np.iterable(sizes):
        raise bad
    sizes = list(sizes)
    for s in sizes:
        whole = isinstance(s, numbers.Integral) or (isinstance(s, numbers.Real) and float(s).is_integer())
        if isinstance(s, (bool, np.bool_)) or not whole:
            raise bad
    sizes = [int(s) for s in sizes]
    if len(sizes) < 2:
        raise ValueError(f"a network needs at least two layer sizes (input and output), got {sizes}")
    for s in sizes:
        count(s, "every layer size", minimum=1)
    return sizes


def real_array(a, what):
    """``a`` as a float64 array of any shape; a ValueError for text, complex numbers (their
    imaginary part would be dropped) or anything NumPy cannot read as real numbers."""
    if isinstance(a, (str, bytes, dict)):
        raise ValueError(f"{what} must be an array of real numbers, got {type(a).__name__}")
    try:
        arr = np.asarray(a)
        if np.iscomplexobj(arr):
            raise ValueError("complex values (the imaginary part would be dropped)")
        return arr.astype(np.float64, copy=False)
    except (TypeError, ValueError, OverflowError) as exc:
        raise ValueError(f"{what} must be an array of real numbers: {exc}") from None


def finite(arr, what, advice="clean the data first"):
    """``arr`` unchanged if every value is finite; else a ValueError counting the others."""
    if not np.isfinite(arr).all():
        bad = int((~np.isfinite(arr)).sum())
        raise ValueError(f"{what} contains {bad} NaN or infinite value(s); {advice}")
    return arr


def as_matrix(a, what):
    """Return ``a`` as a 2-D float64 array with only finite values.

    A 1-D array is read as one column. Raises ValueError for NaN/inf, complex numbers
    (their imaginary part would be dropped) or other ranks.
    """
    arr = real_array(a, what)
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2:
        raise ValueError(f"{what} must be 2-D (samples x features), got shape {arr.shape}")
    if arr.shape[0] == 0:
        raise ValueError(f"{what} has no samples (0 rows)")
    return finite(arr, what)


def finite_weights(net, call):
    """A ValueError naming the first layer whose weights or biases are NaN or infinite
    (a net that diverged, or was scaled by inf): no gradient or count is meaningful there."""
    for l, W in enumerate(net.weights):
        advice = "the network diverged or was set so: make a new one"
        finite(W, f"{call}: layer {l + 1}'s weight matrix", advice)
        if net.biases is not None:
            finite(net.biases[l], f"{call}: layer {l + 1}'s bias vector", advice)
    return net


def inputs(net_sizes, X):
    """X alone (no targets) checked against a network's input layer: a float (N, sizes[0])."""
    X = as_matrix(X, "X")
    if X.shape[1] != net_sizes[0]:
        raise ValueError(f"X has {X.shape[1]} columns but the network's input layer has {net_sizes[0]} units")
    return X


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


def network(net, call):
    """``net`` must be a nnlib.Network: a swapped argument is named, not an AttributeError."""
    from .network import Network  # here: network.py imports this module
    if not isinstance(net, Network):
        raise ValueError(f"{call}: net must be a nnlib.Network, got {type(net).__name__} "
                         "(the network comes first, then X and Y)")
    return net


def within_float32(values, what):
    """A ValueError when a value would overflow float32 (it would become inf in the cast)."""
    # max and -min: no |v| copy of a data set that may hold 100,000 rows
    top = max((max(float(v.max(initial=0.0)), -float(v.min(initial=0.0))) for v in values), default=0.0)
    if top > FLOAT32_MAX:
        raise ValueError(f"{what} reach {top:.3g}, beyond float32's range ({FLOAT32_MAX:.3g}); "
                         "use dtype='float64'")


def _memory():
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):  # no sysconf (Windows): assume 16 GiB
        return 16 * 2 ** 30


def fits(nbytes, what):
    """A ValueError when ``nbytes`` (an estimate) exceeds half of this machine's memory."""
    budget = _memory() // 2
    if nbytes > budget:
        gib = float(min(nbytes, 1e300)) / 2 ** 30  # an exact int may be too big for a float
        raise ValueError(f"{what} would need about {gib:,.3g} GiB, more than half "
                         f"of this machine's memory ({2 * budget / 2 ** 30:.3g} GiB)")


def eps_fits(eps, dtype):
    """An optimizer's eps that does not round to 0 in dtype (None: the rule has no eps)."""
    if np.dtype(dtype) == np.float32 and eps is not None and eps < _TINY32:
        raise ValueError(f"eps {eps!r} rounds to 0 in float32; use eps >= {_TINY32:.3g} or dtype='float64'")


def dtype_name(dtype):
    """"float32", np.float32 and np.dtype("float32") all name float32 (str() of the type does not)."""
    try:
        return np.dtype(dtype).name
    except (TypeError, ValueError, SyntaxError):  # "U(0,1)" is a malformed dtype string
        return dtype  # choose() names it as given
