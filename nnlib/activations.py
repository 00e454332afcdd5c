"""Activation functions, each with its derivative beside it.

Two forms of the same maths:
- ``forward(name, z, leak)`` / ``slope(name, z, leak)``: readable, allocate new arrays;
  the textbook network (:mod:`nnlib.network`) uses these.
- ``calls_into(name, z, a, s, mask, leak)``: the fast kernel (:mod:`nnlib.kernel`);
  NumPy calls that write act(z) into ``a`` and act'(z) into ``s`` without allocating
  (``apply_into`` runs them once).
A test holds the two forms equal.

Convention at the kink: relu'(0) = 0 and leaky_relu'(0) = leak, so a unit whose
pre-activation is <= 0 on every sample passes no (relu) or almost no (leaky) gradient:
that is what :mod:`nnlib.training` counts as a dead unit.
"""
import numpy as np

from ._checks import choose

NAMES = ("relu", "leaky_relu", "sigmoid", "tanh", "identity")
RELU_LIKE = ("relu", "leaky_relu")  # zero (or leak) slope below 0: the ones that can die
# The largest leak a Network accepts: the fast form's slope arithmetic is exact below
# 2**24 in float32 (about 1.7e7); a leak above 1 is already a slope steeper than the
# positive side's, so the bound takes nothing a network needs.
MAX_LEAK = 1e6


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


# -- the fast form: each activation as a short fixed list of NumPy calls --------------
# The kernel runs one epoch as a list of (function, arguments) built once, so these
# return calls instead of making them. Arguments are positional (``out`` last) and the
# constants are 0-d arrays of the buffers' dtype: both skip per-call work in NumPy that
# is a large share of the time on arrays of a few thousand numbers.
def _const(value, like):
    # A leak beyond float32's range becomes inf here, as it would in the arithmetic itself;
    # training then diverges, which it reports without a warning.
    with np.errstate(over="ignore"):
        return np.array(value, dtype=like.dtype)


def _relu_calls(z, a, s, mask, leak):
    # s = (z > 0) as 0/1 via a bool mask: a bool->float copy is several times faster
    # than np.where or a mixed-type np.maximum (the mask is viewed as uint8, a little faster still).
    return [(np.greater, (z, _const(0, z), mask)),
            (np.copyto, (s, mask.view(np.uint8))),
            (np.multiply, (z, s, a))]


def _leaky_relu_calls(z, a, s, mask, leak):
    calls = _relu_calls(z, a, s, mask, leak)
    if leak != 0.0:  # s = leak + (1 - leak) * (z > 0), before a = z * s
        # Exact (1 and leak, as slope() gives) while 1 - leak is exact in s's dtype: for
        # leak < 2**24 in float32 (MAX_LEAK keeps it there), with 1 - leak computed in
        # that dtype from the rounded leak. Above that, 1 + (-leak) loses the 1.
        c = _const(leak, s)
        calls[2:2] = [(np.multiply, (s, np.subtract(_const(1.0, s), c)[()], s)),
                      (np.add, (s, c, s))]
    return calls


def _sigmoid_calls(z, a, s, mask, leak):
    one = _const(1.0, a)
    return [(np.negative, (z, a)), (np.exp, (a, a)), (np.add, (a, one, a)),
            (np.reciprocal, (a, a)), (np.subtract, (one, a, s)), (np.multiply, (s, a, s))]


def _tanh_calls(z, a, s, mask, leak):
    return [(np.tanh, (z, a)), (np.multiply, (a, a, s)), (np.subtract, (_const(1.0, s), s, s))]


def _identity_calls(z, a, s, mask, leak):
    return [] if a is z else [(np.copyto, (a, z))]


CALLS = {"relu": _relu_calls, "leaky_relu": _leaky_relu_calls, "sigmoid": _sigmoid_calls,
         "tanh": _tanh_calls, "identity": _identity_calls}


def calls_into(name, z, a, s, mask, leak):
    """The fast form as a list of (function, args): running them in order writes act(z)
    into ``a`` and act'(z) into ``s``, allocating nothing. Built once per layer and run
    every epoch by :mod:`nnlib.kernel`.

    z, a, s: float arrays of one shape (``a`` may be ``z`` itself for identity);
    mask: bool scratch of that shape (relu, leaky_relu leave z > 0 in it).
    For "identity" ``s`` is left alone (slope 1). One slope array serves both the
    forward product and the backward pass.
    """
    return CALLS[check(name)](z, a, s, mask, leak)


def apply_into(name, z, a, s, mask, leak):
    """Run :func:`calls_into` once: act(z) into ``a``, act'(z) into ``s``."""
    for f, args in calls_into(name, z, a, s, mask, leak):
        f(*args)
