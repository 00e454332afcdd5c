"""Activation functions: one record each (:class:`Activation`) in ACTIVATIONS.

A record holds the activation's forward and slope, its fast calls, and what the rest of
the library needs to know about it (can a unit die? may the kernel write act(z) over z?).
Adding an activation is one record here, plus its tests (tests/test_activations.py).

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
from dataclasses import dataclass
from typing import Callable

import numpy as np

from ._checks import choose

# The largest leak a Network accepts: the fast form's slope arithmetic is exact below
# 2**24 in float32 (about 1.7e7); a leak above 1 is already a slope steeper than the
# positive side's, so the bound takes nothing a network needs.
MAX_LEAK = 1e6


def _sigmoid(z):
    # exp(-z) overflows to inf for z << 0; 1 / (1 + inf) = 0 is the right limit.
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-z))


def _relu(z, leak):
    return z * (z > 0)


def _relu_slope(z, leak):
    return (z > 0).astype(float)


def _leaky_relu(z, leak):
    return np.where(z > 0, z, leak * z)


def _leaky_relu_slope(z, leak):
    return np.where(z > 0, 1.0, leak)


def _sigmoid_slope(z, leak):
    s = _sigmoid(z)
    return s * (1.0 - s)


def _tanh_slope(z, leak):
    return 1.0 - np.tanh(z) ** 2


def _identity(z, leak):
    return np.array(z, dtype=float, copy=True)


def _identity_slope(z, leak):
    return np.ones_like(z, dtype=float)


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


@dataclass(frozen=True)
class Activation:
    """One activation, everything about it in one place.

    forward(z, leak), slope(z, leak): the readable forms (new arrays, z's shape).
    calls(z, a, s, mask, leak): the fast form, a list of (function, args); see :func:`calls_into`.
    can_die: the slope is 0 (or leak) for z <= 0, so a unit whose z is <= 0 on every
        sample passes (almost) no gradient: the dead-unit counts and panels read this.
    overwrites_z: the fast calls read z before they write a, so the kernel may pass a = z.
    fills_mask: the fast calls leave z > 0 in ``mask`` (else the kernel adds that call).
    unit_slope: the slope is 1 everywhere: the kernel keeps no slope array and no calls.
    bounded: finite for any z, so an inf weight may not reach the cost (train watches).
    """
    name: str
    forward: Callable
    slope: Callable
    calls: Callable
    can_die: bool = False
    overwrites_z: bool = False
    fills_mask: bool = False
    unit_slope: bool = False
    bounded: bool = False


ACTIVATIONS = {a.name: a for a in (
    Activation("relu", _relu, _relu_slope, _relu_calls, can_die=True, overwrites_z=True, fills_mask=True),
    Activation("leaky_relu", _leaky_relu, _leaky_relu_slope, _leaky_relu_calls,
               can_die=True, overwrites_z=True, fills_mask=True),
    Activation("sigmoid", lambda z, leak: _sigmoid(z), _sigmoid_slope, _sigmoid_calls, bounded=True),
    Activation("tanh", lambda z, leak: np.tanh(z), _tanh_slope, _tanh_calls, bounded=True),
    Activation("identity", _identity, _identity_slope, _identity_calls, overwrites_z=True, unit_slope=True),
)}
NAMES = tuple(ACTIVATIONS)
CAN_DIE = tuple(n for n, a in ACTIVATIONS.items() if a.can_die)
RELU_LIKE = CAN_DIE  # the older name: the activations whose units can die


def check(name):
    """The name, if it is one of NAMES; else a ValueError listing them."""
    return choose(name, NAMES, "activation")


def get(name):
    """The :class:`Activation` record called ``name`` (ValueError listing NAMES otherwise)."""
    return ACTIVATIONS[check(name)]


def forward(name, z, leak=0.0):
    """act(z), same shape as z."""
    return get(name).forward(z, leak)


def slope(name, z, leak=0.0):
    """d act / dz at z, same shape as z."""
    return get(name).slope(z, leak)


def calls_into(name, z, a, s, mask, leak):
    """The fast form as a list of (function, args): running them in order writes act(z)
    into ``a`` and act'(z) into ``s``, allocating nothing. Built once per layer and run
    every epoch by :mod:`nnlib.kernel`.

    z, a, s: float arrays of one shape (``a`` may be ``z`` itself where the record says
    overwrites_z); mask: bool scratch of that shape (filled with z > 0 where it says
    fills_mask). For "identity" ``s`` is left alone (slope 1). One slope array serves
    both the forward product and the backward pass.
    """
    return get(name).calls(z, a, s, mask, leak)


def apply_into(name, z, a, s, mask, leak):
    """Run :func:`calls_into` once: act(z) into ``a``, act'(z) into ``s``."""
    for f, args in calls_into(name, z, a, s, mask, leak):
        f(*args)
