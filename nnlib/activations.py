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
that is a dead unit. :func:`dead_units` and :func:`dead_share` are the one place that
decides it (training's fast count is held equal to them by tests/test_training.py); a
layer whose record says it cannot die has no dead share (NaN), not a share of 0.
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
    output_range: (low, high), the values act(z) can approach (open ends; +-inf: none).
        An output layer cannot fit targets outside it: the diagnosis reads it.
    can_die: the slope is 0 (or leak) for z <= 0, so a unit whose z is <= 0 on every
        sample passes (almost) no gradient: :func:`dead_units`, training, the diagnosis
        and the panels read this.
    overwrites_z: the fast calls read z before they write a, so the kernel may pass a = z.
    fills_mask: the fast calls leave z > 0 in ``mask`` (else the kernel adds that call).
    unit_slope: the slope is 1 everywhere: the kernel keeps no slope array and no calls.
    """
    name: str
    forward: Callable
    slope: Callable
    calls: Callable
    output_range: tuple = (-np.inf, np.inf)
    can_die: bool = False
    overwrites_z: bool = False
    fills_mask: bool = False
    unit_slope: bool = False

    @property
    def bounded(self):
        """Finite for any z (both ends of output_range finite), so an inf weight may not
        reach the cost: train watches the weights themselves."""
        return bool(np.isfinite(self.output_range).all())


ACTIVATIONS = {a.name: a for a in (
    Activation("relu", _relu, _relu_slope, _relu_calls, output_range=(0.0, np.inf),
               can_die=True, overwrites_z=True, fills_mask=True),
    # output_range is that of a leak > 0; with leak = 0 it is relu's [0, inf), which a
    # record that does not know the leak cannot say
    Activation("leaky_relu", _leaky_relu, _leaky_relu_slope, _leaky_relu_calls,
               can_die=True, overwrites_z=True, fills_mask=True),
    Activation("sigmoid", lambda z, leak: _sigmoid(z), _sigmoid_slope, _sigmoid_calls, output_range=(0.0, 1.0)),
    Activation("tanh", lambda z, leak: np.tanh(z), _tanh_slope, _tanh_calls, output_range=(-1.0, 1.0)),
    Activation("identity", _identity, _identity_slope, _identity_calls, overwrites_z=True, unit_slope=True),
)}
NAMES = tuple(ACTIVATIONS)
CAN_DIE = tuple(n for n, a in ACTIVATIONS.items() if a.can_die)


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


# -- dead units: the one place that decides them -----------------------------------------
def active_share(z, activation=None):
    """(units,) the share of the samples (rows of z, (samples, units)) on which each unit's
    pre-activation is > 0; None when the activation's record says it cannot die (a sigmoid
    unit at z <= 0 still passes a gradient back). activation None: the caller says the
    layer can die (a ReLU layer a learner logged)."""
    if activation is not None and not get(activation).can_die:
        return None
    z = np.asarray(z, dtype=float)
    return np.mean((z.reshape(len(z), -1) if z.ndim != 2 else z) > 0, axis=0)


def is_dead(share, nearly=0.0):
    """(units,) bool from :func:`active_share`: active on no sample (nearly > 0: on fewer
    than that share of them)."""
    return share <= 0 if nearly == 0 else share < nearly


def dead_units(z, activation=None, nearly=0.0):
    """(units,) bool for z (samples, units): which units are dead; None when they cannot die."""
    share = active_share(z, activation)
    return None if share is None else is_dead(share, nearly)


def dead_share(z, activation=None, nearly=0.0):
    """The share of a layer's units that are dead, from its pre-activations z (samples,
    units); NaN when its activation cannot die (no unit of it is ever counted)."""
    dead = dead_units(z, activation, nearly)
    return float("nan") if dead is None else float(np.mean(dead))
