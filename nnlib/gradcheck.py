"""Is backprop right? Compare it with central differences.

For every parameter theta_i: numeric_i = (C(theta + h e_i) - C(theta - h e_i)) / (2 h),
and the relative error |a - n| / max(|a| + |n|, floor). In float64 with h = 1e-5, a correct
backward pass gives about 1e-7 or less on smooth activations; above 1e-4 something is
usually wrong. ReLU's kink can spoil a few entries when some pre-activation lies within
h of zero: :func:`kinks` counts them.

The floor keeps entries that are zero in truth from dividing noise by noise. At a
minimum every gradient entry is ~0, and the numeric side is then pure rounding: C is
known to about eps * |C| (eps = 2.2e-16), so numeric_i carries an error of about
eps * |C| / h whatever the backward pass does. :func:`gradient_check` therefore uses

    floor = max(1e-8 * max_i(|a_i| + |n_i|),  eps * |C| / (h * 1e-7))

the second term being the size below which the central difference cannot confirm an
entry to the 1e-7 a correct pass reaches (2.2e-4 |C| at h = 1e-5): smaller entries are
compared with that size instead of with themselves. Without it a correct backward pass
at the least-squares weights of a linear net reports ~1 (noise 1e-12 over noise 1e-12).
"""
import numpy as np

from ._checks import choose, data, finite_weights, inputs, network, positive
from .costs import REDUCTIONS


def numeric_gradient(net, X, Y, reduction="mean", h=1e-5):
    """Central-difference gradient as one flat vector (layout of ``net.get_params()``)."""
    network(net, "numeric_gradient(net, X, Y)")
    X, Y = data(net.sizes, X, Y)
    choose(reduction, REDUCTIONS, "reduction")
    h = positive(h, "h")
    finite_weights(net, "numeric_gradient(net, X, Y)")  # checked once: the loop writes unchecked
    work = net.copy()
    theta = net.get_params()
    num = np.empty_like(theta)
    for i in range(theta.size):
        old = theta[i]
        theta[i] = old + h
        work._write(theta)
        up = work.cost(X, Y, reduction)
        theta[i] = old - h
        work._write(theta)
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


def relative_errors(a, n, floor=None):
    """Elementwise |a - n| / max(|a| + |n|, floor); a, n: same shape.

    floor: the size below which an entry counts as zero (see the module docstring);
    default 1e-8 * max(|a| + |n|), so it scales with the gradient instead of being a fixed
    absolute number (an all-zero pair gives 0).
    """
    a, n = np.asarray(a, float), np.asarray(n, float)
    size = np.abs(a) + np.abs(n)
    if floor is None:
        floor = 1e-8 * float(size.max(initial=0.0))
    return np.abs(a - n) / np.maximum(size, max(float(floor), 1e-300))


def noise_floor(cost, h):
    """eps * |cost| / (h * 1e-7): entries smaller than this cannot be checked to 1e-7."""
    return np.finfo(float).eps * abs(float(cost)) / (h * 1e-7)


AGREE_BELOW = 1e-6     # a correct backward pass in float64 reads ~1e-7 or less
DISAGREE_ABOVE = 1e-4  # above this something is usually wrong


def floor(a, n, cost, h):
    """The floor of :func:`relative_errors` for gradients a, n of ``cost`` by step h: the
    larger of 1e-8 * the largest entry and :func:`noise_floor` (module docstring)."""
    size = float((np.abs(a) + np.abs(n)).max(initial=0.0))
    return max(1e-8 * size, noise_floor(cost, h))


def steppable(theta, h, call):
    """A ValueError when a step of h is lost in the rounding of the largest weight.

    theta + h rounds to a multiple of eps * |theta|; once that is above 0.1% of h the
    central difference measures rounding, not the slope (weights of 1e100 give 0.0, a
    "perfect" check of nothing).
    """
    top = float(np.abs(theta).max(initial=0.0))
    if top * np.finfo(float).eps > 1e-3 * h:
        raise ValueError(f"{call}: the weights reach {top:.3g}, too large for a step h = {h:g} "
                         f"(theta + h rounds to about {top * np.finfo(float).eps:.2g}); check the "
                         "gradient at weights of moderate size")


def overflowed(what, value, net, X, call):
    """A ValueError saying that the cost or gradient overflowed, with the sizes that made it."""
    top_w = max(float(np.abs(W).max(initial=0.0)) for W in net.weights)
    raise ValueError(f"{call}: the {what} is {value} at these weights and data (largest weight "
                     f"{top_w:.3g}, largest input {float(np.abs(X).max()):.3g}): it overflows, so "
                     "there is nothing to compare; scale the data or the weights down")


def gradient_check(net, X, Y, reduction="mean", h=1e-5):
    """Max relative error between backprop and central differences (a float).

    X: (N, sizes[0]); Y: (N, sizes[-1]). The floor is the larger of 1e-8 * the largest
    entry and :func:`noise_floor` of the cost (module docstring), so a correct pass reads
    ~1e-7 or less even at a minimum, where the gradient itself is ~0. Weights or data that
    are not finite, weights too large for the step h, and a cost or gradient that overflows
    are each a ValueError that says which: there is nothing to compare.
    """
    call = "gradient_check(net, X, Y)"
    network(net, call)
    h = positive(h, "h")
    X, Y = data(net.sizes, X, Y)
    choose(reduction, REDUCTIONS, "reduction")
    finite_weights(net, call)
    steppable(net.get_params(), h, call)
    cost = net.cost(X, Y, reduction)
    if not np.isfinite(cost):
        overflowed("cost", cost, net, X, call)
    num = numeric_gradient(net, X, Y, reduction, h)
    with np.errstate(all="ignore"):  # an overflowing gradient is named below, not warned of
        ana = analytic_gradient(net, X, Y, reduction)
    if not (np.isfinite(num).all() and np.isfinite(ana).all()):
        overflowed("gradient", "not finite", net, X, call)
    return float(relative_errors(ana, num, floor(ana, num, cost, h)).max())


def kinks(net, X, h=1e-5):
    """How many pre-activations lie within h of zero (where ReLU's derivative jumps).

    X: (N, sizes[0]). Weights that are not finite are a ValueError (no count means anything).
    """
    network(net, "kinks(net, X)")
    h = positive(h, "h")
    X = inputs(net.sizes, X)
    finite_weights(net, "kinks(net, X)")
    with np.errstate(all="ignore"):  # a pre-activation that overflows is inf: far from any kink
        _, cache = net.forward(X)
        return int(sum((np.abs(Z) < h).sum() for _, Z in cache))
