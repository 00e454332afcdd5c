"""Checkers for the course's exercises: each tests a learner's answer against nnlib.

Every ``check_*`` prints "Correct!" or a hint and returns True or False. It never raises
into the kernel: an answer that crashes is reported as a hint too. Inputs are random but
seeded, so a hint is reproducible. A checker compares against nnlib's own functions
(or a closed form), never against a pasted number.

Also here, for notebook 05: :func:`buggy_gradients`, a copy of the backward pass with
one planted bug, and :func:`blocks`, which splits a flat parameter vector by layer.
"""
import numpy as np

from . import activations, costs
from .network import Network


def _verdict(hint):
    """Print the outcome; hint None means correct."""
    print("Correct!" if hint is None else f"Not yet. Hint: {hint}")
    return hint is None


def _call(fn, *args):
    """(result, None) or (None, hint) when the learner's function raises."""
    try:
        return fn(*args), None
    except Exception as exc:  # the learner's code may raise anything; report, never crash
        return None, f"your function raised {type(exc).__name__}: {exc}"


def _same(got, want, rtol=1e-7, atol=1e-12):
    """None if got matches want (shape and values), else a hint."""
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return f"return numbers (an array or a float), not {type(got).__name__}"
    want = np.asarray(want, dtype=float)
    if got.shape != want.shape:
        return f"expected shape {want.shape}, got {got.shape}"
    if not np.allclose(got, want, rtol=rtol, atol=atol):
        return "the values differ from nnlib's"
    return None


def _array(got, shape, what):
    """(float array, None) if got is numbers of the given shape, else (None, a hint)."""
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return None, f"return an array: {what}"
    if got.shape != tuple(shape):
        return None, f"return {what}: shape {tuple(shape)}, got {got.shape}"
    return got, None


def _number(got, what):
    """(float, None) if got is one number, else (None, a hint)."""
    try:
        return float(got), None  # a NumPy scalar or 0-d array is fine too
    except (TypeError, ValueError):
        return None, f"return {what}, a single number"


def _close(a, b, rtol):
    return bool(np.isfinite(a)) and abs(a - b) <= rtol * abs(b)


def _elementwise(fn, reference, rng, extra=(), name="act"):
    """Shared test of an elementwise function on mixed-sign arrays of several shapes."""
    for shape in [(6,), (5, 3), (40, 10)]:
        z = rng.normal(size=shape) * 3
        z.flat[0] = -1.5   # at least one negative
        z.flat[-1] = 2.5   # and one positive entry
        z.flat[1] = 0.0    # and one exactly at the kink
        before = z.copy()
        got, hint = _call(fn, z, *extra)
        if hint:
            return hint
        if not np.array_equal(z, before):
            return "do not change the input array in place; return a new one"
        hint = _same(got, reference(z))
        if hint:
            neg, pos = z < 0, z > 0
            got = np.asarray(got, dtype=float)
            if got.shape == z.shape:
                if not np.allclose(got[pos], reference(z)[pos]):
                    return f"check {name} for positive inputs"
                if not np.allclose(got[neg], reference(z)[neg]):
                    return f"check {name} for negative inputs"
                zero = z == 0
                if not np.allclose(got[zero], reference(z)[zero]):
                    return f"check {name} at exactly z = 0: nnlib takes relu'(0) = 0 (use z > 0, not z >= 0)"
            return hint
    return None


# -- 00, 03, 04: activations ---------------------------------------------------
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
            return _verdict(hint + " (use the leak argument, not a fixed number)"
                            if "negative" in hint else hint)
    return _verdict(None)


def check_he_init(fn, seed=0):
    """fn(fan_in, fan_out, rng) -> (fan_in, fan_out) weights ~ N(0, 2 / fan_in), from ``rng``."""
    for fan_in, fan_out in [(7, 2000), (400, 50)]:
        got, hint = _call(fn, fan_in, fan_out, np.random.default_rng(seed))
        if not hint:
            got, hint = _array(got, (fan_in, fan_out), "weights of shape (fan_in, fan_out)")
        if hint:
            return _verdict(hint)
        std, want = got.std(), np.sqrt(2.0 / fan_in)
        if abs(got.mean()) > 0.1 * want:
            return _verdict("the weights should be centred on 0")
        if abs(std - want) > 0.05 * want:
            if abs(std - np.sqrt(1 / 3)) < 0.05:
                return _verdict("that is U(-1, 1) whatever the fan-in: the question's init")
            if abs(std - 2.0 / fan_in) < 0.05 * 2.0 / fan_in:
                return _verdict("2 / fan_in is the VARIANCE; the standard deviation is its square root")
            if abs(std - np.sqrt(1.0 / fan_in)) < 0.05 * np.sqrt(1.0 / fan_in):
                return _verdict("He init uses variance 2 / fan_in (ReLU zeroes half the inputs), not 1 / fan_in")
            return _verdict(f"standard deviation should be sqrt(2 / fan_in) = {want:.3g}, got {std:.3g}")
    first, second = (_call(fn, 7, 3, np.random.default_rng(seed))[0] for _ in range(2))
    if not np.array_equal(np.asarray(first, dtype=float), np.asarray(second, dtype=float)):
        return _verdict("draw from the rng argument (rng.normal), not from np.random: "
                        "the same seeded generator must give the same weights")
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
        return _verdict(f"return one flag per unit (columns): shape {want.shape}, got {got.shape}")
    if np.array_equal(got.astype(bool), want):
        return _verdict(None)
    if got[6]:
        return _verdict("a unit that is positive on even one sample still passes gradient: not dead")
    if not got.any():
        return _verdict("no unit flagged: a unit is dead when its column of Z is <= 0 on every row")
    if not got[7]:
        return _verdict("relu'(0) = 0: a pre-activation of exactly 0 counts as dead (use <= 0)")
    return _verdict(None if np.array_equal(got.astype(bool), want)
                    else "dead means <= 0 on EVERY sample (rows): look at np.all(..., axis=0)")


# -- 01: the original network -----------------------------------------------------
def check_frozen_cost(value, Y):
    """value: the per-output cost (one number per output) of a network that outputs 0 for every sample."""
    Y = np.asarray(Y, dtype=float)
    want = 0.5 * np.sum(Y ** 2, axis=0)
    try:
        value = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return _verdict("give an array with one number per output")
    if value.shape == () and _close(float(value), want.sum(), 1e-9):
        return _verdict("that is the total over both outputs; the question prints one cost per output")
    if value.shape == () and _close(float(value), want.mean(), 1e-9):
        return _verdict("that is the final line's mean over outputs; give one number per output")
    if value.shape != want.shape:
        return _verdict(f"one number per output: shape {want.shape}, got {value.shape}")
    if np.allclose(value, want / len(Y), rtol=1e-9):
        return _verdict("the question's cost SUMS over samples; it does not divide by N")
    if np.allclose(value, want, rtol=1e-9):
        return _verdict(None)
    return _verdict("put out = 0 into 0.5 * sum over samples of (y - out)**2, per output column")


def check_progress_condition(fn):
    """fn(i) -> True exactly when i is a multiple of 1000 (what the question meant)."""
    for i in [0, 1, 2, 999, 1000, 1001, 1500, 2000, 5000, 12345]:
        got, hint = _call(fn, i)
        if hint:
            return _verdict(hint)
        if bool(got) != (i % 1000 == 0):
            if i == 1 and got and _call(fn, 1500)[0]:
                return _verdict("true at i = 1 and 1500 too: in Python 3, / is true division; "
                                "use % (the remainder) or // (integer division)")
            if i == 1 and got:
                return _verdict("true at i = 1: that tests i < 1000 (i // 1000 == 0), not "
                                "'a multiple of 1000' (the remainder i % 1000 is 0)")
            return _verdict(f"at i = {i} it should be {i % 1000 == 0}, got {bool(got)}")
    return _verdict(None)


# -- 02: the reduction and the stability limit ------------------------------------
def check_mean_cost(fn, seed=0):
    """fn(out, Y) -> 0.5 * sum((Y - out)**2) / N, N the number of samples (rows)."""
    rng = np.random.default_rng(seed)
    out, Y = rng.normal(size=(30, 2)), rng.normal(size=(30, 2))
    got, hint = _call(fn, out, Y)
    if not hint:
        got, hint = _number(got, "the cost (a float), not an array per output")
    if hint:
        return _verdict(hint)
    want = costs.cost(out, Y, "mean")
    if _close(got, want, 1e-9):
        return _verdict(None)
    hints = {costs.cost(out, Y, "sum"): "that is the summed cost: divide by the number of samples",
             want / 2: "divide by the number of samples N only, not by N times the outputs",
             2 * want: "the cost has a factor 0.5 in front"}
    for value, h in hints.items():
        if _close(got, value, 1e-9):
            return _verdict(h)
    return _verdict(f"expected {want:.6g} for this test, got {got:.6g}")


def _lambda_max(X):
    return float(np.linalg.eigvalsh(X.T @ X)[-1])


def check_critical_lr(value, X):
    """value: 2 / lambda_max(X^T X), the stability limit of a linear layer with the summed cost."""
    X = np.asarray(X, dtype=float)
    want = 2.0 / _lambda_max(X)
    value, hint = _number(value, "the learning rate")
    if hint:
        return _verdict(hint)
    if _close(value, want, 0.02):
        return _verdict(None)
    if _close(value, want * len(X), 0.02):
        return _verdict("that is the limit for the MEAN cost; the summed cost's Hessian is X^T X")
    if _close(value, want / 2, 0.02):
        return _verdict("the limit is 2 / lambda_max, not 1 / lambda_max")
    return _verdict("compute lambda_max = np.linalg.eigvalsh(X.T @ X)[-1], then 2 / lambda_max")


def check_blowup_factor(value, lr, X):
    """value: |1 - lr * lambda_max(X^T X)|, the per-step growth of the error (summed cost).

    The tolerance (0.1%) is tighter than 1 / (lr * lambda_max) whenever the factor is
    large, so lr * lambda_max (without the 1 -) is not accepted.
    """
    lam = _lambda_max(np.asarray(X, dtype=float))
    signed = 1.0 - float(lr) * lam
    want = abs(signed)
    value, hint = _number(value, "the growth factor")
    if hint:
        return _verdict(hint)
    if _close(value, want, 1e-3):
        return _verdict(None)
    if signed < 0 and _close(value, signed, 1e-3):
        return _verdict("that is the signed factor (the error flips sign every step): take abs()")
    if _close(value, want ** 2, 0.02):
        return _verdict("that is the COST's factor (the square); the question asks for the error's")
    if _close(value, float(lr) * lam, 1e-3):
        return _verdict("that is lr * lambda_max; the error is multiplied by 1 - lr * lambda_max")
    return _verdict("along the top eigenvector the error is multiplied by 1 - lr * lambda_max "
                    "each step: give its absolute value, abs(1 - lr * lambda_max)")


# -- 05: gradient checking ------------------------------------------------------
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
        got, hint = _array(got, x.shape, "one partial derivative per entry of x")
    if hint:
        return _verdict(hint)
    want = _quadratic_grad(x)
    err = np.max(np.abs(got - want) / (np.abs(want) + 1e-8))
    if err < 1e-6:
        return _verdict(None)
    if np.allclose(got, 2 * want, rtol=1e-5):
        return _verdict("the two points are 2h apart: divide by 2 * h")
    if err < 1e-2:
        return _verdict("close, but the error is of order h: use both x + h and x - h (central)")
    return _verdict("perturb one entry at a time: x[i] + h and x[i] - h, all other entries unchanged")


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
        got, hint = _array(got, a.shape, "one error per entry")
    if hint:
        return _verdict(hint)
    if not np.isfinite(got[5]):
        return _verdict("when both a and n are 0 the error is 0, not NaN: guard the denominator")
    want = np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), 1e-300)
    want[5] = 0.0
    if np.allclose(got, want, rtol=1e-6, atol=1e-15):
        return _verdict(None)
    if np.any(got < 0):
        return _verdict("an error is never negative: take absolute values")
    return _verdict("divide |a - n| by |a| + |n|, so a sign flip gives 1 and scale does not matter")


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
        return _verdict('give a set of names such as {"W1", "b1"}')
    net = Network([7, 10, 2], activation="leaky_relu", output_activation="identity",
                  weight_init="he", bias_init=0.1, seed=0)
    want = _buggy_blocks(net)
    valid = set(blocks(net, net.get_params()))
    unknown = answer - valid
    if unknown:
        return _verdict(f"unknown block name(s) {sorted(unknown)}: give separate names from "
                        f"{sorted(valid)}, e.g. {{\"W1\", \"b1\"}}")
    if answer == want:
        return _verdict(None)
    if answer < want:
        return _verdict("some wrong blocks are missing: compare every block's max relative error")
    if answer - want:
        return _verdict(f"{sorted(answer - want)} agree with central differences: they are fine")
    return _verdict("compare every block's max relative error with the thresholds")


# -- 06: learning rates and optimizers --------------------------------------------
def check_momentum_limit(value, X, momentum):
    """value: the largest stable lr for momentum on a linear layer, mean cost: 2 (1 + mu) / lambda_max(X^T X / N)."""
    X = np.asarray(X, dtype=float)
    lam = _lambda_max(X) / len(X)
    mu = float(momentum)
    want = 2.0 * (1.0 + mu) / lam
    value, hint = _number(value, "the learning rate")
    if hint:
        return _verdict(hint)
    if _close(value, want, 0.02):
        return _verdict(None)
    if _close(value, 2.0 / lam, 0.02):
        return _verdict("that is plain gradient descent's limit; momentum's is (1 + mu) times larger")
    if _close(value, want / len(X), 0.02):
        return _verdict("that is the SUMMED cost's limit; use the mean cost's Hessian X^T X / N")
    return _verdict("the heavy ball is stable while lr * lambda_max < 2 (1 + mu)")


# -- 06: the answer's adaptive learning rate -------------------------------------
def check_adaptive_lr(fn):
    """fn(lr, cost_before, cost_after) -> next lr: halved if the cost rose or is not finite."""
    cases = [(0.1, 5.0, 4.0, 0.1), (0.1, 5.0, 6.0, 0.05), (0.02, 1.0, np.inf, 0.01),
             (0.02, 1.0, np.nan, 0.01), (0.3, 2.0, 2.0, 0.3)]
    for lr, before, after, want in cases:
        got, hint = _call(fn, lr, before, after)
        if not hint:
            got, hint = _number(got, "the next learning rate")
        if hint:
            return _verdict(hint)
        if not _close(got, want, 1e-12):
            if not np.isfinite(after):
                return _verdict("a non-finite cost (inf or NaN) must halve lr too: "
                                "`not (after <= before)` catches NaN")
            if after == before and _close(got, lr / 2, 1e-12):
                return _verdict("the answer's words 'does not decrease' halve here too; this rule, "
                                "like nnlib.train, halves only when the cost RISES (an unchanged cost "
                                "keeps lr, so a converged run is not cut further)")
            return _verdict(f"lr={lr}, cost {before} -> {after}: expected {want}, got {got}")
    return _verdict(None)
