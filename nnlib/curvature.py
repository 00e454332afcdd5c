"""The stability limit of gradient descent: critical_lr = 2 / lambda_max of the Hessian.

Near a minimum, gradient descent with step lr multiplies the error along the Hessian's
top eigenvector by (1 - lr * lambda_max) each update: it shrinks while lr < 2 / lambda_max
and grows geometrically above it. For a linear layer without bias the Hessian of the
summed cost is X^T X (one copy per output), so the limit is 2 / lambda_max(X^T X), which
falls as 1 / N; the mean cost divides the Hessian by N and removes that dependence.

Method: power iteration on Hessian-vector products. H v is taken as a central difference
of nnlib's analytic gradient,

    H v ~ (g(theta + e v) - g(theta - e v)) / (2 e),  e = 1e-5 * max(1, |theta|), |v| = 1,

which costs two gradient evaluations. Accuracy: for a linear network the gradient is
linear in theta, so the difference is exact up to rounding (relative error ~1e-9); for
smooth activations (tanh, sigmoid) the error is O(e^2) ~ 1e-10 relative; for ReLU-like
units H is piecewise constant and the difference sees only the kinks within e of the
current weights (a generalised Hessian: the curvature of the piece you are on).
The Rayleigh quotient v.Hv is the estimate; iteration stops when it changes by less than
``tol`` (relative). If the largest-magnitude eigenvalue is negative, a second iteration
on H - lambda I finds the largest positive one. Typical cost for [7, 10, 2] on 1000
samples: 10 to 40 iterations.

    >>> X, Y = nnlib.datasets.random_targets(n=1000, seed=0)
    >>> net = nnlib.Network([7, 2], activation="identity", seed=0)
    >>> nnlib.critical_lr(net, X, Y, reduction="sum")       # ~0.0011
    >>> lr, note, top = nnlib.curvature.critical_lr_report(net, X, Y, reduction="sum")
    >>> top = nnlib.curvature.top_eigenvalue(net, X, Y, reduction="sum")
    >>> top.value, top.converged, top.negative              # (~1830, True, False)
"""
import time
from dataclasses import dataclass

import numpy as np

from . import costs
from ._checks import choose, count, data, flag, network, number, positive, show
from ._checks import seed as check_seed
from .kernel import Kernel
from .i18n import _

RESIDUAL = 0.05  # accept an eigenvector estimate whose residual is below 5% of its eigenvalue


@dataclass
class Curvature:
    """Result of :func:`top_eigenvalue`.

    value: the largest eigenvalue of the Hessian (nan if it did not settle).
    converged: the power iteration settled within ``tol`` before ``max_iter``.
    negative: the Hessian has a negative eigenvalue (a saddle or a maximum, not a
        minimum: 2 / value then describes only the upward directions); ``lowest``
        holds the lowest eigenvalue when it was computed, else None. Without
        ``find_lowest`` only a negative eigenvalue that dominates in magnitude is seen.
    iterations: Hessian-vector products used. message: one plain sentence.
    stopped: why the iteration was stopped before it settled ("time": past its deadline,
        "cancelled": its cancel check said so), else None; vector: the last unit vector,
        (n_params,), from which a later call can go on (``start=``) where this one stopped.
    """
    value: float
    converged: bool
    negative: bool
    lowest: float | None
    iterations: int
    message: str
    stopped: str | None = None
    vector: np.ndarray | None = None

    @property
    def critical_lr(self):
        """2 / value; inf when there is no positive curvature, nan when not converged."""
        if not self.converged or not np.isfinite(self.value):
            return float("nan")
        return float("inf") if self.value <= 0 else 2.0 / self.value


class _HessianProduct:
    """v -> H v by central differences of the kernel's analytic gradient."""

    def __init__(self, net, X, Y, reduction):
        self.k = Kernel(net, X, Y, costs.scale(reduction, len(X)))
        self.theta = self.k.params.copy()
        self.e = 1e-5 * max(1.0, float(np.linalg.norm(self.theta)))
        self.calls = 0

    def _grad(self, theta):
        self.k.params[...] = theta
        self.k.forward()
        return self.k.backward().copy()

    def __call__(self, v):
        self.calls += 1
        with np.errstate(all="ignore"):
            gp = self._grad(self.theta + self.e * v)
            gm = self._grad(self.theta - self.e * v)
            return (gp - gm) / (2.0 * self.e)


class _Stopped(Exception):
    """Raised inside the iteration when its stop check answers a reason."""

    def __init__(self, reason, v, its):
        super().__init__(reason)
        self.reason, self.v, self.its = reason, v, its


def _stop_check(deadline, cancel):
    """A function of (one of a call's first two products or not) answering why to stop now
    ("time", "cancelled") or None; None if neither is set. The deadline lets a call's first
    two products through: calls that go on from each other's vector make progress, and
    two products in a row are what the settling test compares."""
    if deadline is None and cancel is None:
        return None

    def check(early):
        if cancel is not None and cancel():
            return "cancelled"
        if deadline is not None and not early and time.monotonic() >= deadline:
            return "time"
        return None
    return check


def _power(hvp, v, shift, max_iter, tol, stop=None):
    """Power iteration on H - shift I from unit v; returns (rayleigh of H, converged, its).

    Converged: the Rayleigh quotient changed by less than tol (relative) AND the residual
    |H v - lambda v| is below RESIDUAL * |lambda|, so a quotient that is stationary only
    because two eigenvalues of equal size cancel (a symmetric saddle) is not accepted.
    stop: checked before each product; a reason from it raises _Stopped with the current v.
    """
    lam, prev = np.nan, np.nan
    for it in range(1, max_iter + 1):
        why = stop(it <= 2) if stop is not None else None
        if why is not None:
            raise _Stopped(why, v, it - 1)
        hv = hvp(v) - shift * v
        lam = float(v @ hv)
        norm = float(np.linalg.norm(hv))
        if not np.isfinite(norm):
            return np.nan, False, it
        if norm == 0.0:  # v lies in the null space of H - shift I
            return lam + shift, True, it
        settled = it > 1 and abs(lam - prev) <= tol * max(abs(lam), abs(prev), 1e-300)
        if settled and np.linalg.norm(hv - lam * v) <= RESIDUAL * abs(lam):
            return lam + shift, True, it
        v = hv / norm
        prev = lam
    return lam + shift, False, max_iter


def top_eigenvalue(net, X, Y, reduction="mean", max_iter=200, tol=1e-4, seed=0,
                   find_lowest=False, deadline=None, cancel=None, start=None):
    """Largest eigenvalue of the cost's Hessian at ``net``'s current weights.

    X: (N, sizes[0]); Y: (N, sizes[-1]). Returns a :class:`Curvature` (never raises for
    a badly behaved network: non-finite weights or no convergence are reported in it).
    max_iter caps the Hessian-vector products per iteration (each = 2 gradients).
    find_lowest: also find the lowest eigenvalue (a second iteration on H - value I,
    about twice the cost), so ``negative`` reports any downward curvature, not only
    a dominant one.
    deadline: a time.monotonic() value; cancel: a function of no arguments, True to stop.
    Both are checked before each Hessian-vector product, so a caller waits at most one
    product past them; a stopped estimate has value nan, ``stopped`` set and its last
    ``vector``. start: a vector (n_params,) to begin from instead of the seed's random
    one, such as a stopped result's ``vector``: the iteration goes on where it stopped.
    """
    network(net, "top_eigenvalue(net, X, Y)")
    X, Y = data(net.sizes, X, Y)
    choose(reduction, costs.REDUCTIONS, "reduction")
    max_iter = count(max_iter, "max_iter", minimum=2)
    tol = positive(tol, "tol")
    check_seed(seed)
    find_lowest = flag(find_lowest, "find_lowest")
    if deadline is not None:
        deadline = number(deadline, "deadline", "a time.monotonic() value")
    if cancel is not None and not callable(cancel):
        raise ValueError(f"cancel must be a function of no arguments, got {show(cancel)}")
    if start is not None:
        start, size = np.asarray(start, dtype=float), net.get_params().size
        if start.shape != (size,) or not (np.isfinite(start).all() and start.any()):
            raise ValueError(f"start must be a finite, non-zero vector of the net's "
                             f"{size} parameters, got shape {start.shape}")
    with np.errstate(all="ignore"):  # weights that overflow are reported in the result
        try:
            return _top_eigenvalue(net, X, Y, reduction, max_iter, tol, seed, find_lowest,
                                   _stop_check(deadline, cancel), start)
        except _Stopped as stop:
            msg = (f"stopped after {stop.its} Hessian-vector products "
                   f"({'past its deadline' if stop.reason == 'time' else 'cancelled'}); no estimate yet")
            return Curvature(np.nan, False, False, None, stop.its, msg, stop.reason, stop.v)


def _top_eigenvalue(net, X, Y, reduction, max_iter, tol, seed, find_lowest, stop=None, start=None):
    hvp = _HessianProduct(net, X, Y, reduction)
    if not np.isfinite(hvp.theta).all():
        return Curvature(np.nan, False, False, None, 0, "the weights are not finite")
    v = np.random.default_rng(seed).standard_normal(hvp.theta.size) if start is None else start.copy()
    v /= np.linalg.norm(v)
    lam, ok, its = _power(hvp, v, 0.0, max_iter, tol, stop)
    lowest, negative = None, False
    if ok and lam < 0:
        # The dominant eigenvalue is negative: shift by it so the top positive one dominates.
        negative, lowest = True, lam
        lam, ok, more = _power(hvp, v, lam, max_iter, tol, stop)
        its += more
    if ok and find_lowest and not negative and lam > 0:
        low, ok_low, more = _power(hvp, v, lam, max_iter, tol, stop)
        its += more
        if ok_low:
            lowest = low
            negative = low < -tol * lam
    if not ok:
        msg = (f"the power iteration did not settle in {its} Hessian-vector products "
               f"(last estimate {lam:.4g}); no critical learning rate reported")
        return Curvature(np.nan, False, negative, lowest, its, msg)
    if lam <= 0:
        msg = "the cost has no upward curvature here: no learning rate is unstable for it"
    else:
        msg = f"largest curvature {lam:.4g}, so the critical learning rate is 2 / {lam:.4g} = {2 / lam:.4g}"
    if negative:
        msg += f"; the Hessian also curves down (eigenvalue {lowest:.4g}): this is a saddle, not a minimum"
    return Curvature(float(lam), True, negative, lowest, its, msg)


def critical_lr(net, X, Y, reduction="mean", max_iter=200, tol=1e-4, seed=0):
    """2 / lambda_max of the Hessian at ``net``'s current weights, a float.

    Above it, plain gradient descent grows the error along the top eigenvector by
    |1 - lr * lambda_max| > 1 per update. Returns inf when the cost has no positive
    curvature (e.g. every unit dead: nothing moves at any lr) and nan when the power
    iteration did not settle within max_iter; use :func:`top_eigenvalue` for the reason.

    At a saddle the number is still returned, and is still the stability limit along the
    upward directions, but it is not the whole story: along a downward direction
    (negative eigenvalue) the cost falls at any lr, and the quadratic picture behind
    2 / lambda_max does not describe the run. The canonical [7, 10, 2] He-init net at its
    initial weights is such a saddle (lambda_max 13.8, lowest eigenvalue -10.6). This
    function does not look for that (it would double its cost): call
    :func:`critical_lr_report`, which does, when the words matter; ``diagnose`` uses it
    when it computes the critical lr itself from ``net, X, Y``.
    """
    return top_eigenvalue(net, X, Y, reduction, max_iter, tol, seed).critical_lr


def critical_lr_report(net, X, Y, reduction="mean", max_iter=200, tol=1e-4, seed=0):
    """(critical lr, note, Curvature): 2 / lambda_max, one plain sentence on what it does
    not say, and the full :class:`Curvature` result.

    X: (N, sizes[0]); Y: (N, sizes[-1]). Runs :func:`top_eigenvalue` with
    ``find_lowest=True`` (about twice :func:`critical_lr`'s cost). note is "" at a
    minimum; at a saddle it says the cost also curves downward and gives the lowest
    eigenvalue; when the power iteration did not settle it says so (the lr is then nan).
    """
    top = top_eigenvalue(net, X, Y, reduction, max_iter, tol, seed, find_lowest=True)
    if not top.converged:
        note = _("The curvature could not be measured (the power iteration did not settle), "
                 "so no critical lr is given.")
    elif top.negative and top.lowest is not None:
        note = _("The cost also curves downward along some direction (a saddle, lowest "
                 "eigenvalue {lowest:.3g}): the limit applies to the upward directions.").format(lowest=top.lowest)
    else:
        note = ""
    return top.critical_lr, note, top


def linear_critical_lr(X, reduction="sum"):
    """Closed form for a linear layer without bias: 2 / lambda_max(X^T X), times N for "mean".

    X: (N, n_in). The theory line of the phase diagram.
    """
    X = np.asarray(X, dtype=float)
    lam = float(np.linalg.eigvalsh(X.T @ X)[-1]) * costs.scale(reduction, len(X))
    return 2.0 / lam
