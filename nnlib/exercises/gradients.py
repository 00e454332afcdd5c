"""Checkers for 05: central differences, relative error and the planted bug; also
:func:`buggy_gradients` (a backward pass with one bug) and :func:`blocks`.
"""
import numpy as np

from ..i18n import _
from .. import activations, costs
from ..network import Network
from ._common import _answers, _array, _call, _named, _numeric, _verdict


def _quadratic(x):
    return float(np.sum(x ** 3) + 0.5 * x @ x + np.prod(np.cos(x)))


def _quadratic_grad(x):
    c = np.cos(x)
    others = np.array([np.prod(np.delete(c, i)) for i in range(x.size)])
    return 3 * x ** 2 + x - np.sin(x) * others


def check_central_difference(fn, seed=0):
    """fn(f, x, h) -> the central-difference gradient of scalar f at 1-D x: (f(x+h e_i) - f(x-h e_i)) / 2h."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=5)
    h = 1e-4
    got, hint = _call(fn, _quadratic, x.copy(), h)
    if not hint:
        got, hint = _array(got, x.shape, _("one partial derivative per entry of x"))
    if hint:
        return _verdict(hint)
    want = _quadratic_grad(x)
    err = np.max(np.abs(got - want) / (np.abs(want) + 1e-8))
    if err < 1e-6:
        return _verdict(None)
    if np.allclose(got, 2 * want, rtol=1e-5):
        return _verdict(_("the two points are 2h apart: divide by 2 * h"))
    if err < 1e-2:
        return _verdict(_("close, but the error is of order h: use both x + h and x - h (central)"))
    return _verdict(_("perturb one entry at a time: x[i] + h and x[i] - h, all other entries unchanged"))


def check_relative_error(fn, seed=0):
    """fn(a, n) -> elementwise |a - n| / (|a| + |n|), and 0 where both are 0."""
    rng = np.random.default_rng(seed)
    a = rng.normal(size=20)
    n = a + rng.normal(size=20) * 10.0 ** rng.integers(-9, 0, size=20)
    n[:3] = -a[:3]
    a[5] = n[5] = 0.0
    with np.errstate(all="ignore"):
        got, hint = _call(fn, a.copy(), n.copy())
    if not hint:
        got, hint = _array(got, a.shape, _("one error per entry"))
    if hint:
        return _verdict(hint)
    if not np.isfinite(got[5]):
        return _verdict(_("when both a and n are 0 the error is 0, not NaN: guard the denominator"))
    want = np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), 1e-300)
    want[5] = 0.0
    if np.allclose(got, want, rtol=1e-6, atol=1e-15):
        return _verdict(None)
    if np.any(got < 0):
        return _verdict(_("an error is never negative: take absolute values"))
    return _verdict(_("divide |a - n| by |a| + |n|, so a sign flip gives 1 and scale does not matter"))


def blocks(net, flat):
    """Split a flat vector laid out like ``net.get_params()`` into {"W0": ..., "b0": ..., ...}."""
    out, i = {}, 0
    for l, W in enumerate(net.weights):
        out[f"W{l}"] = np.asarray(flat[i:i + W.size]).reshape(W.shape)
        i += W.size
        if net.has_bias:
            n = W.shape[1]
            out[f"b{l}"] = np.asarray(flat[i:i + n])
            i += n
    return out


def buggy_gradients(net, X, Y, reduction="mean"):
    """A copy of ``Network.gradients`` with one planted bug; same return value (dWs, dbs|None).

    Find the bug with a gradient check, not by reading: it is the point of notebook 05.
    """
    X, Y = np.asarray(X, float), np.asarray(Y, float)
    out, cache = net.forward(X)
    dout = costs.cost_gradient(out, Y, reduction)
    dWs, dbs = [], []
    for l in reversed(range(net.n_layers)):
        A, Z = cache[l]
        grad_a = dout if l == net.n_layers - 1 else delta @ net.weights[l + 1].T
        if l == net.n_layers - 1:
            delta = grad_a * activations.slope(net.layer_activations[l], Z, net.leak)
        else:
            delta = grad_a
        dWs.insert(0, A.T @ delta)
        dbs.insert(0, delta.sum(axis=0))
    return dWs, (dbs if net.has_bias else None)


def _buggy_blocks(net):
    """Names of the blocks the planted bug gets wrong: every hidden layer's W and b."""
    hidden = range(net.n_layers - 1)
    return {f"W{l}" for l in hidden} | ({f"b{l}" for l in hidden} if net.has_bias else set())


def check_bug_location(answer):
    """answer: the set of block names, e.g. {"W0", "b0"}, whose gradients buggy_gradients gets wrong."""
    try:
        answer = {str(a) for a in ([answer] if isinstance(answer, str) else answer)}
    except TypeError:
        return _verdict(_('give a set of names such as {"W1", "b1"}'))
    net = Network([7, 10, 2], activation="leaky_relu", output_activation="identity",
                  weight_init="he", bias_init=0.1, seed=0)
    want = _buggy_blocks(net)
    valid = set(blocks(net, net.get_params()))
    unknown = answer - valid
    if unknown:
        return _verdict(_('unknown block name(s) {unknown}: give separate names from {valid}, '
                          'e.g. {{"W1", "b1"}}').format(unknown=sorted(unknown), valid=sorted(valid)))
    if answer == want:
        return _verdict(None)
    if answer < want:
        return _verdict(_("some wrong blocks are missing: compare every block's max relative error"))
    if answer - want:
        return _verdict(_('{v0} agree with central differences: they are fine').format(v0=sorted(answer - want)))
    return _verdict(_("compare every block's max relative error with the thresholds"))


def check_understanding_05(error_small_h, relative_error, count_first):
    """Notebook 05's recap, on cases the notebook did not show.

    error_small_h: the error of a central difference with h = 2e-3, given that the same
    function's central difference with h = 1e-2 is off by 3e-5 (the error goes as h^2);
    relative_error: that of a = 3 against n = 3.003; count_first: what to count first when
    a ReLU network fails a check (the kinks: pre-activations within h of zero).
    """
    want_error = 3e-5 * (2e-3 / 1e-2) ** 2       # h five times smaller: the error 25 times
    return _answers([
        _numeric(error_small_h, want_error, 0.05, _("the central difference's error is proportional to h^2: "
                 "h five times smaller, the error 25 times smaller"),
                 wrong=[(3e-5 / 5, _("that is an error proportional to h (a forward difference); the central one goes as h^2"))]),
        _numeric(relative_error, abs(3 - 3.003) / (abs(3) + abs(3.003)), 0.02, _("|a - n| / (|a| + |n|)"),
                 wrong=[(abs(3 - 3.003) / 3, _("divide by |a| + |n|, not by |a| alone"))]),
        _named(count_first, ("kink", "near zero", "near 0", "close to zero", "close to 0", "within h",
                             "around zero", "around 0", "|z| < h"),
               _("what does a central difference straddle near z = 0?"))])
