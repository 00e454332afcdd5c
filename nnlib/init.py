"""Named weight and bias initialisers.

Following Nielsen's network2, the poor choice stays beside the good ones so a notebook
can switch between them with one argument:
- "uniform": U(-1, 1) whatever the layer's fan-in (the question's choice);
- "he": N(0, 2 / fan_in), matched to ReLU-like units;
- "xavier": N(0, 2 / (fan_in + fan_out)), matched to tanh/sigmoid/identity units.
"""
import numbers

import numpy as np

from ._checks import choose

WEIGHT_INITS = ("uniform", "he", "xavier")


def weights(sizes, how, rng):
    """List of arrays, element l of shape (sizes[l], sizes[l+1])."""
    choose(how, WEIGHT_INITS, "weight_init")
    out = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        if how == "uniform":
            w = rng.uniform(-1.0, 1.0, size=(fan_in, fan_out))
        elif how == "he":
            w = rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))
        else:
            w = rng.normal(0.0, np.sqrt(2.0 / (fan_in + fan_out)), size=(fan_in, fan_out))
        out.append(w)
    return out


def biases(sizes, how, rng):
    """None (no bias terms), a constant, or ("uniform", lo, hi); list of (sizes[l+1],)."""
    if how is None:
        return None
    if isinstance(how, numbers.Real) and not isinstance(how, (bool, np.bool_)):  # np.float32(0.1) too
        if not np.isfinite(how):
            raise ValueError(f"bias_init must be finite, got {how!r}")
        return [np.full(n, float(how)) for n in sizes[1:]]
    if isinstance(how, (tuple, list)) and len(how) == 3 and how[0] == "uniform":
        lo, hi = float(how[1]), float(how[2])
        if not (np.isfinite(lo) and np.isfinite(hi) and lo <= hi):
            raise ValueError(f"bias_init ('uniform', lo, hi) needs finite lo <= hi, got {how!r}")
        return [rng.uniform(lo, hi, size=n) for n in sizes[1:]]
    raise ValueError(f"bias_init must be None, a number, or ('uniform', lo, hi); got {how!r}")
