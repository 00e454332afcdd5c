"""Is backprop right? Compare it with central differences.

For every parameter theta_i: numeric_i = (C(theta + h e_i) - C(theta - h e_i)) / (2 h),
and the relative error |a - n| / max(|a| + |n|, tiny). In float64 with h = 1e-5, a correct
backward pass gives about 1e-7 or less on smooth activations; above 1e-4 something is
usually wrong. ReLU's kink can spoil a few entries when some pre-activation lies within
h of zero: :func:`kinks` counts them.
"""
import numpy as np

from ._checks import data, positive


def numeric_gradient(net, X, Y, reduction="mean", h=1e-5):
    """Central-difference gradient as one flat vector (layout of ``net.get_params()``)."""
    X, Y = data(net.sizes, X, Y)
    h = positive(h, "h")
    work = net.copy()
    theta = net.get_params()
    num = np.empty_like(theta)
    for i in range(theta.size):
        old = theta[i]
        theta[i] = old + h
        work.set_params(theta)
        up = work.cost(X, Y, reduction)
        theta[i] = old - h
        work.set_params(theta)
        down = work.cost(X, Y, reduction)
        theta[i] = old
        num[i] = (up - down) / (2 * h)
    return num


def analytic_gradient(net, X, Y, reduction="mean"):
    """Backprop's gradient as one flat vector (layout of ``net.get_params()``)."""
    dWs, dbs = net.gradients(X, Y, reduction)
    parts = []
    for l, dW in enumerate(dWs):
        parts.append(dW.ravel())
        if dbs is not None:
            parts.append(dbs[l].ravel())
    return np.concatenate(parts)


def relative_errors(a, n, tiny=1e-12):
    """Elementwise |a - n| / max(|a| + |n|, tiny)."""
    a, n = np.asarray(a, float), np.asarray(n, float)
    return np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), tiny)


def gradient_check(net, X, Y, reduction="mean", h=1e-5):
    """Max relative error between backprop and central differences (a float)."""
    num = numeric_gradient(net, X, Y, reduction, h)
    return float(relative_errors(analytic_gradient(net, X, Y, reduction), num).max())


def kinks(net, X, h=1e-5):
    """How many pre-activations lie within h of zero (where ReLU's derivative jumps)."""
    _, cache = net.forward(np.asarray(X, float))
    return int(sum((np.abs(Z) < h).sum() for _, Z in cache))
