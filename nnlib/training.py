"""Full-batch gradient descent and the History it returns.

``train`` never prints. When the cost stops being finite, training stops: the history
says "diverged" and where, the network keeps its last finite weights, and no NumPy
warning reaches the learner: divergence is a result to look at, not an error.
"""
import math
from contextlib import nullcontext
from dataclasses import dataclass

import numpy as np

try:
    from threadpoolctl import ThreadpoolController
except ImportError:  # optional: without it BLAS keeps its default thread count
    ThreadpoolController = None

from . import activations, costs, optimizers, runspec
from ._checks import choose, count, data, dtype_name, eps_fits, fits, flag, network, positive, show, within_float32
from .kernel import Kernel


@dataclass(eq=False, repr=False)
class History:
    """What happened during one call to :func:`train`. T = number of updates made.

    cost: (T + 1,) cost before each update, then after the last; ends with the
        non-finite value if training diverged.
    lr: (T,) learning rate each update used.
    dead_fraction: (T + 1, n_layers) share of each layer's units whose pre-activation is
        <= 0 on every sample (a dead ReLU unit), for the weights at the same index
        (nnlib.activations.dead_share); NaN for a layer whose activation cannot die.
    grad_norm: (T, n_layers) Euclidean norm of each layer's gradient (weights and bias).
    update_ratio: (T, n_layers) ||lr * step|| / ||weights|| per layer (about 1e-3 is healthy).
    rejected: (T,) bool; with adaptive=True, True where update t was undone (lr halved).
    status: "ok" or "diverged"; diverged_at: the index in ``cost`` of the first
        non-finite value, else None. Weights that stop being finite end the run too, with
        cost NaN there even when a bounded output (tanh, sigmoid) kept the cost finite.
    snapshots: {epoch: [pre-activations (N, units) per layer]} for the requested epochs.
    settings: the run's :class:`nnlib.RunSpec`. ``spec.run()`` sets its own spec; a History of
        :func:`train` called on a Network holds what the net and train know, with data=None
        (the arrays were the caller's) and seed None when the net was seeded by a Generator.

    Every field but ``cost`` may be left out (None) when a History is made by hand, as the
    tests of :func:`nnlib.diagnose` do.
    """
    cost: np.ndarray
    lr: np.ndarray | None = None
    dead_fraction: np.ndarray | None = None
    grad_norm: np.ndarray | None = None
    update_ratio: np.ndarray | None = None
    rejected: np.ndarray | None = None
    status: str | None = None
    diverged_at: int | None = None
    snapshots: dict | None = None
    settings: object = None

    @property
    def epochs(self):
        """Number of updates made."""
        return len(self.cost) - 1

    @property
    def final_cost(self):
        return float(self.cost[-1])

    @property
    def diverged(self):
        return self.status == "diverged"

    def __repr__(self):
        return (f"History(status={self.status!r}, epochs={self.epochs}, "
                f"cost {self.cost[0]:.4g} -> {self.cost[-1]:.4g})")


_blas = None


def _one_blas_thread():
    """The kernel's products are skinny (a few rows by N columns): a second BLAS thread
    spends more time synchronising than multiplying."""
    global _blas
    if ThreadpoolController is None:
        return nullcontext()
    if _blas is None:
        _blas = ThreadpoolController()  # it scans the loaded libraries, a cost a small run would feel: once
    return _blas.limit(limits=1, user_api="blas")


def _layer_norms(vec, starts, scratch, out):
    np.multiply(vec, vec, out=scratch)
    np.add.reduceat(scratch, starts, out=out)


class _NormRecorder:
    """Per-layer squared norms of ``vec`` at epochs 0, 1, 2, ... into rows of ``out``.

    ``take(t)`` copies vec into a block of rows (one NumPy call); the norms of a full
    block are computed together, which costs less than squaring and summing every epoch.
    The block stays under 1 MiB whatever the network's size.
    """

    def __init__(self, vec, starts, out):
        rows = int(max(1, min(128, 2 ** 20 // (vec.size * vec.itemsize))))
        self.block = np.empty((rows, vec.size), vec.dtype)
        self.rows = list(self.block)  # views made once
        self.vec, self.starts, self.out, self.first = vec, starts, out, 0

    def take(self, t):
        i = t - self.first
        np.copyto(self.rows[i], self.vec)
        if i == len(self.rows) - 1:
            self.flush(t + 1)

    def flush(self, end):
        """Norms of the rows taken for epochs first .. end - 1."""
        n = end - self.first
        if n > 0:
            sq = np.square(self.block[:n])
            np.add.reduceat(sq, self.starts, axis=1, out=self.out[self.first:end])
            self.first = end


def _snapshots(snapshots, epochs):
    """The requested epochs up to ``epochs`` (later ones cannot be taken), as a set."""
    if isinstance(snapshots, (str, bytes, dict)) or not np.iterable(snapshots):
        raise ValueError(f"snapshots must be a list of epochs (whole numbers >= 0), got {show(snapshots)}")
    return {e for e in (count(e, "every snapshot epoch") for e in snapshots) if e <= epochs}


def check_options(lr=0.01, epochs=1000, reduction="mean", adaptive=False, optimizer="sgd",
                  momentum=None, betas=None, eps=None, record=True, snapshots=(),
                  dtype="float64", **options):
    """:func:`train`'s options checked, nothing allocated (sweep checks a grid with it).

    Returns (lr, epochs, adaptive, record, snapshot epochs as a set, np.dtype,
    (optimizer name, its options)).
    """
    lr = positive(lr, "lr")
    epochs = count(epochs, "epochs")
    choose(reduction, costs.REDUCTIONS, "reduction")
    dtype = np.dtype(choose(dtype_name(dtype), ("float64", "float32"), "dtype"))
    rule = optimizers.options(optimizer, dict(momentum=momentum, betas=betas, eps=eps), **options)
    eps_fits(rule[1].get("eps"), dtype)
    adaptive, record = flag(adaptive, "adaptive"), flag(record, "record")
    return lr, epochs, adaptive, record, _snapshots(snapshots, epochs), dtype, rule


def check_size(net, n_samples, epochs, dtype, n_snapshots=0):
    """Refuse a run whose buffers and history would not fit in memory, before allocating."""
    N, units, L = n_samples, sum(net.sizes[1:]), net.n_layers
    kernel = N * (dtype.itemsize * (4 * sum(net.sizes) + L + 1) + units)  # passes and masks
    history = (epochs + 1) * (17 + units + 56 * L)  # costs, lrs, masks, norms, ratios
    fits(kernel + history + 8 * n_snapshots * N * units,
         f"train with epochs={epochs:,} on {N:,} samples and sizes {net.sizes}")


def train(net, X, Y, lr=0.01, epochs=1000, reduction="mean", adaptive=False,
          optimizer="sgd", momentum=None, betas=None, eps=None,
          record=True, snapshots=(), dtype="float64", **options):
    """Train ``net`` in place by full-batch gradient descent; return a :class:`History`.

    X: (N, sizes[0]); Y: (N, sizes[-1]). reduction: "sum" or "mean" (see nnlib.costs).
    adaptive: undo an update that raises the cost (or makes it non-finite) and halve lr.
    optimizer: a name in nnlib.optimizers.OPTIMIZERS ("sgd", "momentum", "adam", "rmsprop").
    Its options (each rule's ``OPTIONS``, with their defaults) come as keywords, as in
    ``optimizer="rmsprop", rho=0.9``, or as a pair with one dict, ("adam", {"eps": 1e-6}),
    which wins; a name the rule does not take is a ValueError listing those it does.
    momentum, betas and eps (None: the rule's default) are the exception: a rule without
    such an option ignores them, as it always has.
    record: False skips dead fractions, gradient norms and update ratios (they come back
    as NaN) for sweeps that need only the cost.
    snapshots: epochs at which to keep every layer's pre-activations.
    dtype: "float64" or "float32" (faster, less precise; the network stays float64);
    NumPy's np.float32 / np.dtype("float32") are accepted too.
    """
    network(net, "train(net, X, Y, ...)")
    lr, epochs, adaptive, record, snapshots, dtype, (name, options) = check_options(
        lr, epochs, reduction, adaptive, optimizer, momentum, betas, eps, record, snapshots, dtype,
        **options)
    X, Y = data(net.sizes, X, Y)
    check_size(net, len(X), epochs, dtype, len(snapshots))
    if dtype == np.float32:
        within_float32([X, Y] + net.weights + (net.biases or []), "X, Y or the network's weights and biases")

    units = sum(net.sizes[1:])
    # The masks of up to 16 epochs (under 256 kB) are kept and read together.
    slots = int(max(1, min(16, 2 ** 18 // (units * len(X))))) if record else 1
    k = Kernel(net, X, Y, costs.scale(reduction, len(X)), dtype, mask_slots=slots)
    rule = optimizers.make(name, k.params.size, dtype, **options)
    rec = _Recorder(k, units, epochs, slots, record, snapshots)
    watch = any(activations.get(a).bounded for a in net.layer_activations)
    with np.errstate(all="ignore"), _one_blas_thread():
        T = _descend(k, rule, rec, lr, epochs, adaptive, watch)
    k.store(net)
    return rec.history(T, net, rule, settings=runspec.from_history(
        net, len(X), lr, epochs, reduction, adaptive, name, options, dtype.name))


def _descend(k, rule, rec, lr, epochs, adaptive, watch):
    """The update loop: forward, accept or undo, backward, step; returns the updates made.
    watch: check that the weights are finite after each update (see below)."""
    params, prev = k.params, k.params.copy()
    # Calls bound once: a small network's epoch is a few dozen short NumPy calls, so a
    # look-up per call would be a visible share of it.
    forward, backward, copy, subtract = k.forward, k.backward, np.copyto, np.subtract
    slot, accept, undo, retry, recorded = rec.slot, rec.accept, rec.undo, rec.retry, rec.step
    rule_step, direction = rule.step, rule.direction
    factor = rule.factor(k.scale, lr)  # the backward pass's factor changes only with lr
    # params . 0 is NaN exactly when a weight is inf or NaN (finite ones give 0, and it never
    # overflows): one BLAS call per update sees weights the cost may not show, since a bounded
    # activation (tanh, sigmoid) maps inf to finite values. Without one an inf or NaN weight
    # always reaches the cost (relu-like units pass it on as inf or inf * 0 = NaN): no call.
    zeros, probe, dot = np.zeros_like(params), np.zeros((), params.dtype), np.dot
    dot(params, zeros, probe)
    bad = float(probe) != 0.0  # the weights are not finite
    accepted = step = None
    for t in range(epochs + 1):
        c = forward(slot(t))
        if adaptive and t > 0 and (bad or not (c <= accepted)):
            # The last update raised the cost (or overflowed the weights): undo it,
            # halve lr, retry its direction.
            params[...] = prev
            if not np.isfinite(step).all():
                # An infinite step stays infinite at any lr: halving cannot help.
                return rec.diverge(t, c if not math.isfinite(c) else np.nan)
            lr *= 0.5
            factor = rule.factor(k.scale, lr)
            step *= 0.5
            undo(t, accepted)
            if t == epochs:
                return t
            retry(t, lr)
        else:
            if bad or not math.isfinite(c):
                params[...] = prev
                # the weights are not finite, whatever the cost says
                return rec.diverge(t, np.nan if bad and math.isfinite(c) else c)
            accept(t, c)
            accepted = c
            if t == epochs:
                return t
            step = rule_step(backward(factor), lr)
            recorded(t, lr, direction)
            copy(prev, params)
        subtract(params, step, params)
        if watch:
            dot(params, zeros, probe)
            bad = float(probe) != 0.0


class _Recorder:
    """What :func:`train` keeps of a run, epoch by epoch, and the :class:`History` made of it.

    The update loop calls slot(t) before each forward pass, then accept(t, cost) or
    undo(t, cost), then step(t, lr, direction) or retry(t, lr) for the update it makes;
    diverge(t, cost) when the run ends early.
    """

    def __init__(self, k, units, epochs, slots, record, snapshots):
        L = k.L
        self.k, self.slots, self.record, self.snapshots = k, slots, record, snapshots
        self.cost = np.empty(epochs + 1)
        self.lrs = np.empty(epochs)
        self.rejected = np.zeros(epochs, bool)
        self.alive = np.zeros((epochs + 1, units), bool)  # units, layer by layer
        self.first = 0  # the epoch whose forward pass is in mask slot 0
        self.undone = []  # epochs after an undone update: their units are those of the epoch before
        # squared norms: of each layer's weights, then of its part of the backward buffer
        self.n2 = np.full((epochs, 2 * L), np.nan)
        self.s2 = np.full((epochs, L), np.nan)  # squared norms of the rule's direction (if it has one)
        self.scratch = np.empty_like(k.params)
        self.norms = _NormRecorder(k.both, k.norm_starts, self.n2)
        self.snaps, self.status, self.diverged_at = {}, "ok", None

    def slot(self, t):
        """The mask slot for epoch t's forward pass; full slots are read first."""
        if t - self.first == self.slots:
            if self.record:
                self.k.alive_into(self.alive[self.first:t])
            self.first = t
        return t - self.first

    def accept(self, t, cost):
        self.cost[t] = cost
        if t in self.snapshots:
            self.snaps[t] = self.k.pre_activations()

    def undo(self, t, cost):
        """Update t - 1 was undone: epoch t repeats the cost (and units) of epoch t - 1."""
        self.rejected[t - 1] = True
        self.cost[t] = cost
        self.undone.append(t)

    def step(self, t, lr, direction):
        self.lrs[t] = lr
        if self.record:
            self.norms.take(t)
            if direction is not None:
                _layer_norms(direction, self.k.starts, self.scratch, self.s2[t])

    def retry(self, t, lr):
        """Update t retries update t - 1's direction at a smaller lr."""
        self.lrs[t] = lr
        if self.record:
            self.norms.take(t)
            self.s2[t] = self.s2[t - 1]

    def diverge(self, t, cost):
        self.cost[t], self.status, self.diverged_at = cost, "diverged", t
        return t

    def history(self, T, net, rule, settings):
        """The History of the first T updates."""
        L, alive = self.k.L, self.alive
        if self.record:
            self.k.alive_into(alive[self.first:T + 1])
            for u in self.undone:  # in order, so a run of undone updates copies from its start
                alive[u] = alive[u - 1]
        lrs = self.lrs[:T]
        with np.errstate(all="ignore"):
            if self.record:
                self.norms.flush(T)
            grad_norm, step_norm = rule.norms(np.sqrt(self.n2[:T, L:]), np.sqrt(self.s2[:T]), lrs[:, None])
            update_ratio = step_norm / np.sqrt(self.n2[:T, :L])
            unit_starts = np.cumsum([0] + net.sizes[1:])
            dead = np.column_stack([1.0 - alive[:T + 1, a:b].mean(axis=1)
                                    for a, b in zip(unit_starts[:-1], unit_starts[1:])])
        if not self.record:
            dead[:] = np.nan
        dead[:, [not activations.get(a).can_die for a in net.layer_activations]] = np.nan
        return History(
            cost=self.cost[:T + 1].copy(), lr=lrs.copy(), dead_fraction=dead, grad_norm=grad_norm,
            update_ratio=update_ratio, rejected=self.rejected[:T].copy(), status=self.status,
            diverged_at=self.diverged_at, snapshots=self.snaps, settings=settings)
