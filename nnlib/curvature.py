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
import dataclasses
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
class _Progress:
    """Where a power iteration stands, enough to go on exactly from there: the current unit
    vector v, the last Rayleigh quotient (of H - shift I), products so far (all phases, and
    in this phase), the phase ("top"; "shifted": the dominant eigenvalue was negative, so
    H - that I is iterated for the top positive one; "lowest": H - top I for the lowest),
    and what the finished phases found."""
    v: np.ndarray
    start: np.ndarray  # each later phase begins from the first vector again
    prev: float = np.nan
    its: int = 0
    phase_its: int = 0
    phase: str = "top"
    shift: float = 0.0
    negative: bool = False
    lowest: float | None = None
    top: float = np.nan

    def next_phase(self, phase, shift):
        self.phase, self.shift, self.prev, self.phase_its, self.v = phase, shift, np.nan, 0, self.start.copy()


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
        "cancelled": its cancel check said so), else None; progress: where it stopped
        (pass the result as ``start=`` to go on from there).
    """
    value: float
    converged: bool
    negative: bool
    lowest: float | None
    iterations: int
    message: str
    stopped: str | None = None
    progress: _Progress | None = None

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

    def __init__(self, reason, progress):
        super().__init__(reason)
        self.reason, self.progress = reason, progress


def _stop_check(deadline, cancel):
    """A function called before each product, answering why to stop now ("time",
    "cancelled") or None; None if neither is set. The deadline lets the call's first
    product through, so calls that go on from each other (``start=``) always progress."""
    if deadline is None and cancel is None:
        return None
    made = []

    def check():
        if cancel is not None and cancel():
            return "cancelled"
        if deadline is not None and made and time.monotonic() >= deadline:
            return "time"
        made.append(1)
        return None
    return check


def _power(hvp, p, max_iter, tol, stop=None):
    """Power iteration on H - p.shift I, going on from progress p (updated in place);
    returns (rayleigh of H, converged). At most max_iter products in this phase, counted
    over every call that went on from p.

    Converged: the Rayleigh quotient changed by less than tol (relative) AND the residual
    |H v - lambda v| is below RESIDUAL * |lambda|, so a quotient that is stationary only
    because two eigenvalues of equal size cancel (a symmetric saddle) is not accepted.
    stop: checked before each product; a reason from it raises _Stopped with p.
    """
    lam = p.prev
    while p.phase_its < max_iter:
        why = stop() if stop is not None else None
        if why is not None:
            raise _Stopped(why, p)
        hv = hvp(p.v) - p.shift * p.v
        p.its, p.phase_its = p.its + 1, p.phase_its + 1
        lam = float(p.v @ hv)
        norm = float(np.linalg.norm(hv))
        if not np.isfinite(norm):
            return np.nan, False
        if norm == 0.0:  # v lies in the null space of H - shift I
            return lam + p.shift, True
        settled = abs(lam - p.prev) <= tol * max(abs(lam), abs(p.prev), 1e-300)  # False while prev is nan
        if settled and np.linalg.norm(hv - lam * p.v) <= RESIDUAL * abs(lam):
            return lam + p.shift, True
        p.v, p.prev = hv / norm, lam
    return lam + p.shift, False


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
    Both are checked before each Hessian-vector product but a call's first (so a caller
    waits at most one product past them, and a call always progresses); a stopped
    estimate has value nan and ``stopped`` set. start: a vector (n_params,) to begin from
    instead of the seed's random one, or a stopped result: the iteration goes on exactly
    where it stopped, and its products count toward max_iter (so slices of a budget end,
    settled or not, as one call would).
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
    progress = _progress(start, net.get_params().size, seed)
    with np.errstate(all="ignore"):  # weights that overflow are reported in the result
        try:
            return _top_eigenvalue(net, X, Y, reduction, max_iter, tol, find_lowest, progress,
                                   _stop_check(deadline, cancel))
        except _Stopped as stop:
            msg = (f"stopped after {stop.progress.its} Hessian-vector products "
                   f"({'past its deadline' if stop.reason == 'time' else 'cancelled'}); no estimate yet")
            return Curvature(np.nan, False, False, None, stop.progress.its, msg, stop.reason, stop.progress)


def _progress(start, size, seed):
    """The _Progress to begin from: a stopped result's (a copy), or a fresh one from the
    vector start (or the seed's random one); ValueError naming start otherwise."""
    if isinstance(start, Curvature):
        if start.progress is None or start.progress.v.shape != (size,):
            raise ValueError(f"start must be a stopped result of top_eigenvalue for this net ({size} "
                             f"parameters), got a result that did not stop or is another net's")
        p = start.progress
        return dataclasses.replace(p, v=p.v.copy())
    if start is None:
        v = np.random.default_rng(seed).standard_normal(size)
    else:
        v = np.asarray(start, dtype=float)
        if v.shape != (size,) or not (np.isfinite(v).all() and v.any()):
            raise ValueError(f"start must be a finite, non-zero vector of the net's "
                             f"{size} parameters (or a stopped result), got shape {v.shape}")
    v = v / np.linalg.norm(v)
    return _Progress(v=v, start=v.copy())


def _top_eigenvalue(net, X, Y, reduction, max_iter, tol, find_lowest, p, stop=None):
    """The phases of the power iteration (see _Progress), from wherever p stands."""
    hvp = _HessianProduct(net, X, Y, reduction)
    if not np.isfinite(hvp.theta).all():
        return Curvature(np.nan, False, False, None, 0, "the weights are not finite")
    if p.phase == "top":
        p.top, ok = _power(hvp, p, max_iter, tol, stop)
        if ok and p.top < 0:
            # The dominant eigenvalue is negative: shift by it so the top positive one dominates.
            p.negative, p.lowest = True, p.top
            p.next_phase("shifted", p.top)
        elif ok and find_lowest and p.top > 0:
            p.next_phase("lowest", p.top)
        else:
            return _result(p, ok)
    if p.phase == "shifted":
        p.top, ok = _power(hvp, p, max_iter, tol, stop)
        return _result(p, ok)
    low, ok_low = _power(hvp, p, max_iter, tol, stop)
    if ok_low:
        p.lowest, p.negative = low, low < -tol * p.top
    return _result(p, True)


def _result(p, ok):
    """The Curvature of a finished iteration (its top eigenvalue settled or not)."""
    lam, negative, lowest, its = p.top, p.negative, p.lowest, p.its
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
