"""Activation functions, each with its derivative beside it.

Two forms of the same maths:
- ``forward(name, z, leak)`` / ``slope(name, z, leak)``: readable, allocate new arrays;
  the textbook network (:mod:`nnlib.network`) uses these.
- ``apply_into(name, z, a, s, mask, leak)``: the fast kernel (:mod:`nnlib.kernel`)
  writes act(z) into ``a`` and act'(z) into ``s`` without allocating.
A test holds the two forms equal.

Convention at the kink: relu'(0) = 0 and leaky_relu'(0) = leak, so a unit whose
pre-activation is <= 0 on every sample passes no (relu) or almost no (leaky) gradient:
that is what :mod:`nnlib.training` counts as a dead unit.
"""
import numpy as np

from ._checks import choose

NAMES = ("relu", "leaky_relu", "sigmoid", "tanh", "identity")
RELU_LIKE = ("relu", "leaky_relu")  # zero (or leak) slope below 0: the ones that can die


def check(name):
    return choose(name, NAMES, "activation")


def _sigmoid(z):
    # exp(-z) overflows to inf for z << 0; 1 / (1 + inf) = 0 is the right limit.
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-z))


def forward(name, z, leak=0.0):
    """act(z), same shape as z."""
    if name == "relu":
        return z * (z > 0)
    if name == "leaky_relu":
        return np.where(z > 0, z, leak * z)
    if name == "sigmoid":
        return _sigmoid(z)
    if name == "tanh":
        return np.tanh(z)
    if name == "identity":
        return np.array(z, dtype=float, copy=True)
    check(name)


def slope(name, z, leak=0.0):
    """d act / dz at z, same shape as z."""
    if name == "relu":
        return (z > 0).astype(float)
    if name == "leaky_relu":
        return np.where(z > 0, 1.0, leak)
    if name == "sigmoid":
        s = _sigmoid(z)
        return s * (1.0 - s)
    if name == "tanh":
        return 1.0 - np.tanh(z) ** 2
    if name == "identity":
        return np.ones_like(z, dtype=float)
    check(name)


def _relu_into(z, a, s, mask, leak):
    # s = where(z > 0, 1, leak) from a bool mask: a bool->float copy is several times
    # faster than np.where or a mixed-type np.maximum.
    np.greater(z, 0, out=mask)
    np.copyto(s, mask)
    np.multiply(z, s, out=a)


def _leaky_relu_into(z, a, s, mask, leak):
    np.greater(z, 0, out=mask)
    np.copyto(s, mask)
    if leak != 0.0:
        s *= 1.0 - leak
        s += leak
    np.multiply(z, s, out=a)


def _sigmoid_into(z, a, s, mask, leak):
    np.negative(z, out=a)
    np.exp(a, out=a)
    a += 1.0
    np.reciprocal(a, out=a)
    np.subtract(1.0, a, out=s)
    s *= a


def _tanh_into(z, a, s, mask, leak):
    np.tanh(z, out=a)
    np.multiply(a, a, out=s)
    np.subtract(1.0, s, out=s)


def _identity_into(z, a, s, mask, leak):
    if a is not z:
        a[...] = z


FAST = {"relu": _relu_into, "leaky_relu": _leaky_relu_into, "sigmoid": _sigmoid_into,
        "tanh": _tanh_into, "identity": _identity_into}


def apply_into(name, z, a, s, mask, leak):
    """Fast form: write act(z) into ``a`` and act'(z) into ``s``; no allocation.

    z, a, s: float arrays of one shape (``a`` may be ``z`` itself for identity);
    mask: bool scratch of that shape (relu, leaky_relu leave z > 0 in it).
    For "identity" ``s`` is left alone (slope 1). One slope array serves both the
    forward product and the backward pass.
    """
    FAST[check(name)](z, a, s, mask, leak)
