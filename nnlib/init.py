"""Named weight and bias initialisers.

Following Nielsen's network2, the poor choice stays beside the good ones so a notebook
can switch between them with one argument:
- "uniform": U(-1, 1) whatever the layer's fan-in (the question's choice);
- "he": N(0, 2 / fan_in), matched to ReLU-like units;
- "xavier": N(0, 2 / (fan_in + fan_out)), matched to tanh/sigmoid/identity units.
"""
import math
import numbers

import numpy as np

from ._checks import choose, number, show

WEIGHT_INITS = ("uniform", "he", "xavier")
# The bias choices a learner meets in the question and the answer: the explorers show these
# labels, the library takes the values (a settings dict may give either; see nnlib.runspec).
BIAS_CHOICES = {"none": None, "0": 0.0, "0.1": 0.1, "U(0,1)": ("uniform", 0.0, 1.0)}


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


def check_bias(how):
    """Validate a bias_init (see :func:`biases`) before anything is drawn; returns it."""
    bad = ValueError(f"bias_init must be None, a finite number, or ('uniform', lo, hi) with "
                     f"finite lo <= hi a finite distance apart; got {show(how)}")
    if how is None:
        return None
    if isinstance(how, numbers.Real) and not isinstance(how, (bool, np.bool_)):  # np.float32(0.1) too
        number(how, "bias_init", "None, a finite number, or ('uniform', lo, hi)")
        return how
    if not (isinstance(how, (tuple, list)) and len(how) == 3
            and isinstance(how[0], str) and how[0] == "uniform"):
        raise bad
    try:
        lo, hi = number(how[1], "lo"), number(how[2], "hi")
    except ValueError:
        raise bad from None
    if not (lo <= hi and math.isfinite(hi - lo)):  # rng.uniform needs a finite width
        raise bad
    return how


def bias_value(how):
    """A BIAS_CHOICES label as the value it names; any other bias_init is returned as it is."""
    return BIAS_CHOICES[how] if isinstance(how, str) and how in BIAS_CHOICES else how


def biases(sizes, how, rng):
    """None (no bias terms), a constant, or ("uniform", lo, hi); list of (sizes[l+1],)."""
    how = check_bias(how)
    if how is None:
        return None
    if not isinstance(how, (tuple, list)):
        return [np.full(n, float(how)) for n in sizes[1:]]
    lo, hi = float(how[1]), float(how[2])
    return [rng.uniform(lo, hi, size=n) for n in sizes[1:]]
