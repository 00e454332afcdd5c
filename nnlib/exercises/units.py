"""Checkers for 00, 03 and 04: ReLU and its slope, leaky ReLU, He init, dead units.
"""
import numpy as np

from ..i18n import _
from .. import activations
from ._common import _answers, _array, _call, _choice, _elementwise, _named, _numeric, _verdict


def check_relu(fn, seed=0):
    """fn(z) -> relu(z), any shape."""
    ref = lambda z: activations.forward("relu", z)
    return _verdict(_elementwise(fn, ref, np.random.default_rng(seed), name="relu(z)"))


def check_relu_prime(fn, seed=0):
    """fn(z) -> relu'(z): 1 where z > 0, else 0 (also at exactly 0, as nnlib and check_dead_units take it)."""
    ref = lambda z: activations.slope("relu", z)
    return _verdict(_elementwise(fn, ref, np.random.default_rng(seed), name="the slope"))


def check_leaky_relu(fn, seed=0):
    """fn(z, leak) -> leaky_relu(z) with slope ``leak`` below zero."""
    rng = np.random.default_rng(seed)
    for leak in (0.01, 0.1, 0.0):
        ref = lambda z: activations.forward("leaky_relu", z, leak)
        hint = _elementwise(fn, ref, rng, extra=(leak,), name=f"leaky_relu(z, {leak})")
        if hint:
            return _verdict(hint + _(" (use the leak argument, not a fixed number)")
                            if "negative" in hint else hint)
    return _verdict(None)


def check_he_init(fn, seed=0):
    """fn(fan_in, fan_out, rng) -> (fan_in, fan_out) weights ~ N(0, 2 / fan_in), from ``rng``."""
    for fan_in, fan_out in [(7, 2000), (400, 50)]:
        got, hint = _call(fn, fan_in, fan_out, np.random.default_rng(seed))
        if not hint:
            got, hint = _array(got, (fan_in, fan_out), _("weights of shape (fan_in, fan_out)"))
        if hint:
            return _verdict(hint)
        std, want = got.std(), np.sqrt(2.0 / fan_in)
        if abs(got.mean()) > 0.1 * want:
            return _verdict(_("the weights should be centred on 0"))
        if abs(std - want) > 0.05 * want:
            if abs(std - np.sqrt(1 / 3)) < 0.05:
                return _verdict(_("that is U(-1, 1) whatever the fan-in: the question's init"))
            if abs(std - 2.0 / fan_in) < 0.05 * 2.0 / fan_in:
                return _verdict(_("2 / fan_in is the VARIANCE; the standard deviation is its square root"))
            if abs(std - np.sqrt(1.0 / fan_in)) < 0.05 * np.sqrt(1.0 / fan_in):
                return _verdict(_("He init uses variance 2 / fan_in (ReLU zeroes half the inputs), not 1 / fan_in"))
            return _verdict(_('standard deviation should be sqrt(2 / fan_in) = {want:.3g}, got {std:.3g}').format(want=want, std=std))
    first, second = (_call(fn, 7, 3, np.random.default_rng(seed))[0] for _ in range(2))
    if not np.array_equal(np.asarray(first, dtype=float), np.asarray(second, dtype=float)):
        return _verdict(_("draw from the rng argument (rng.normal), not from np.random: "
                        "the same seeded generator must give the same weights"))
    return _verdict(None)


def check_dead_units(fn, seed=0):
    """fn(Z) with Z (N, units) pre-activations -> bool (units,): True where Z <= 0 on every sample."""
    rng = np.random.default_rng(seed)
    Z = rng.normal(size=(50, 8))
    Z[:, [1, 4]] = -np.abs(Z[:, [1, 4]])    # two dead units
    Z[:, 6] = -np.abs(Z[:, 6])
    Z[3, 6] = 0.5                           # alive on one sample only: not dead
    Z[:, 7] = np.minimum(Z[:, 7], 0.0)      # <= 0 everywhere, with zeros: dead
    got, hint = _call(fn, Z)
    if hint:
        return _verdict(hint)
    want = np.all(Z <= 0, axis=0)
    got = np.asarray(got)
    if got.shape != want.shape:
        return _verdict(_('return one flag per unit (columns): shape {v0}, got {v1}').format(v0=want.shape, v1=got.shape))
    if np.array_equal(got.astype(bool), want):
        return _verdict(None)
    if got[6]:
        return _verdict(_("a unit that is positive on even one sample still passes gradient: not dead"))
    if not got.any():
        return _verdict(_("no unit flagged: a unit is dead when its column of Z is <= 0 on every row"))
    if not got[7]:
        return _verdict(_("relu'(0) = 0: a pre-activation of exactly 0 counts as dead (use <= 0)"))
    return _verdict(None if np.array_equal(got.astype(bool), want)
                    else _("dead means <= 0 on EVERY sample (rows): look at np.all(..., axis=0)"))


def check_understanding_03(why_bias, dead_chance, reviver):
    """Notebook 03's recap.

    why_bias: the letter of the reason a trainable bias that starts at 0 does not revive a
    dead unit; dead_chance: the chance that a ReLU unit with 3 inputs in (0, 1), weights
    from U(-1, 1) and no bias is dead before any training (all its weights negative);
    reviver: which of 'bias from 0', 'leak 0.01', 'leak 1e-4' brings a dead unit back by training.
    """
    return _answers([
        _choice(why_bias, "a", {
            "b": _("nnlib trains biases when the net has them (bias_init); look at what the bias's gradient sums"),
            "c": _("any bias shifts z for every sample; the question is whether training ever moves it")}),
        _numeric(dead_chance, 0.5 ** 3, 0.02,
                 _("each weight is negative with chance 1/2, independently of the others"),
                 wrong=[(0.5, _("the unit needs ALL its weights negative, not one")),
                        (3 / 8, _("all three at once: multiply the chances"))]),
        _named(reviver, ("0.01",), _("which one lets a gradient through, large enough to matter?"),
               wrong=[("1e-4", _("a leak of 1e-4 passes a gradient 10,000 times smaller: "
                       "nothing visible happens in 1000 epochs")),
                      ("bias", _("a trainable bias of a dead unit gets a zero gradient too"))])])
