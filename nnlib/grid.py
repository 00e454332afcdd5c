"""Run a grid of trainings and return tidy arrays: one call per study.

    res = nnlib.sweep({"lr": np.logspace(-5, 1, 20), "n": [10, 100, 1000, 10000],
                       "reduction": ["sum", "mean"]},
                      fixed={"sizes": [7, 2], "activation": "identity"}, epochs=300)
    res.final_cost.shape          # (20, 4, 2): one axis per grid name, in the given order
    res.diverged[:, -1, 0]        # the summed cost at N = 10000, lr by lr
    res.table()                   # the same as flat columns {name: (runs,) array}

A grid or ``fixed`` names fields of :class:`nnlib.RunSpec` (anything else is a ValueError);
every run is ``BASE.replace(**fixed).replace(**point)``. BASE is nnlib's own defaults
(Network's and train's: the question's ReLU net, mean cost, lr 0.01, float64) with sizes
[7, 2], data "random_targets", n 1000, seed 0 and 300 epochs.

Every run is ``spec.run(record=False)``, that is ``nnlib.train(spec.network(), X, Y, ...,
record=False)``, and gives the same numbers as that call made by hand (a test holds them
equal). When the grid is large the runs are shared among the CPU cores by forked worker
processes. ``nnlib.sweep`` is :func:`sweep`.
"""
import itertools
import os
import time
from concurrent.futures import ProcessPoolExecutor
import multiprocessing as mp
from dataclasses import dataclass

import numpy as np

from . import activations, costs
from ._checks import count, flag, show
from .runspec import BARE as BASE, FIELDS, RunSpec
PARALLEL_ABOVE = 0.5  # estimated serial seconds above which the grid goes to worker processes
_JOBS = None          # the grid, handed to forked workers by inheritance (nothing is pickled)


@dataclass(eq=False, repr=False)
class SweepResult:
    """Tidy results of :func:`run`. With grid names g1..gk of lengths n1..nk:

    names: (g1, ..., gk); values: {name: list of values}; shape: (n1, ..., nk).
    final_cost, initial_cost: shape floats (final is inf/nan where a run diverged).
    status: shape str array "ok" | "diverged"; diverged: shape bool.
    diverged_at: shape int, the epoch the cost became non-finite, -1 if it never did.
    dead_fraction: shape + (layers,) share of each layer's units dead at the end
        (NaN for a layer that cannot die, and NaN-padded when depths differ);
        unexplained: shape + (outputs,) the final
        cost of each output over that of always predicting its mean (0 perfect, 1 no better
        than a constant; NaN where the run diverged).
    cost: shape + (epochs + 1,) every cost curve (NaN after divergence) if keep_cost, else None.
    settings: the RunSpec every run started from (BASE with ``fixed``).
    seconds: wall time; processes: worker processes used (1 = this process).
    """
    names: tuple
    values: dict
    shape: tuple
    initial_cost: np.ndarray
    final_cost: np.ndarray
    status: np.ndarray
    diverged: np.ndarray
    diverged_at: np.ndarray
    dead_fraction: np.ndarray
    unexplained: np.ndarray
    settings: RunSpec
    seconds: float
    processes: int
    cost: np.ndarray | None = None

    @classmethod
    def of(cls, names, values, fields, seconds, processes, settings=None):
        """The result of a grid: fields as :func:`collect` gives them."""
        names = tuple(names)
        return cls(names=names, values=values, shape=tuple(len(values[n]) for n in names),
                   diverged=fields["status"] == "diverged", settings=settings,
                   seconds=seconds, processes=processes, **fields)

    def table(self):
        """{column: (runs,) array}: one entry per run, grid values as columns too."""
        index = np.indices(self.shape).reshape(len(self.shape), -1)
        cols = {}
        for axis, name in enumerate(self.names):
            vals = self.values[name]
            cols[name] = np.array([vals[i] if np.isscalar(vals[i]) else str(vals[i])
                                   for i in index[axis]])
        for key in ("final_cost", "initial_cost", "status", "diverged_at"):
            cols[key] = getattr(self, key).reshape(-1)
        for key in ("dead_fraction", "unexplained"):
            arr = getattr(self, key)
            for j in range(arr.shape[-1]):
                cols[f"{key}_{j}"] = arr.reshape(-1, arr.shape[-1])[:, j]
        return cols

    def __repr__(self):
        return (f"SweepResult({dict(zip(self.names, self.shape))}, {self.diverged.sum()} of "
                f"{self.diverged.size} diverged, {self.seconds:.2f} s on {self.processes} process(es))")


def _grid(grid, fixed, epochs):
    """(names, {name: list of values}, the shared spec) of a sweep, checked."""
    if not isinstance(grid, dict) or not grid:
        raise ValueError(f"grid must be a non-empty dict {{name: list of values}}, got {show(grid)}")
    base = BASE
    if isinstance(fixed, RunSpec):  # a whole spec: the grid's values replace its own
        base, fixed = fixed, {}
    if fixed is not None and not isinstance(fixed, dict):
        raise ValueError(f"fixed must be a dict {{name: value}}, a RunSpec or None, got {show(fixed)}")
    fixed = dict(fixed or {})
    if epochs is not None:
        fixed["epochs"] = epochs
    for name in list(grid) + list(fixed):
        if name not in FIELDS:
            raise ValueError(f"unknown sweep option {show(name)}; valid names are: {', '.join(FIELDS)}")
    clash = set(grid) & set(fixed)
    if clash:
        raise ValueError(f"{sorted(clash)} given both in grid and fixed; choose one")
    values = {}
    for n, vals in grid.items():
        if isinstance(vals, (str, bytes, dict)) or not np.iterable(vals):
            raise ValueError(f"grid[{n!r}] must be a list of values, e.g. {{{n!r}: [...]}}; got {show(vals)}")
        values[n] = list(vals)
        if not values[n]:
            raise ValueError(f"grid[{n!r}] has no values")
    return list(grid), values, base.replace(**fixed)


def run_one(spec):
    """One grid point: (Network, X, Y, History) exactly as sweep runs it (record=False)."""
    net = spec.network()
    return net, *spec.arrays(), spec.run(record=False, net=net)


def _summary(spec, keep=False):
    net, X, Y, hist = run_one(spec)
    with np.errstate(all="ignore"):
        out, cache = net.forward(X)
        dead = [activations.dead_share(Z, a) for (_, Z), a in zip(cache, net.layer_activations)]
        unexplained = costs.unexplained(out, Y)
    if hist.diverged:
        unexplained[:] = np.nan
    return (hist.cost[0], hist.cost[-1], hist.status,
            -1 if hist.diverged_at is None else hist.diverged_at, dead, unexplained,
            hist.cost if keep else None)


def _by_index(i):
    specs, keep = _JOBS
    return _summary(specs[i], keep)  # train() itself runs BLAS on one thread


def _cost_estimate(spec):
    """Relative work of a run: samples x epochs x weights."""
    return spec.n * spec.epochs * sum(a * b for a, b in zip(spec.sizes[:-1], spec.sizes[1:]))


def run_jobs(specs, processes=None, keep_cost=False):
    """Run a list of RunSpecs -> (summaries, processes).

    A summary is (initial cost, final cost, status, diverged_at, dead fractions,
    unexplained, cost curve or None (keep_cost)). processes: None chooses, as in :func:`sweep`.
    """
    global _JOBS
    if processes is None:
        work = sum(_cost_estimate(j) for j in specs) * 5e-10  # ~0.5 ns per sample-epoch-weight
        processes = min(os.cpu_count() or 1, len(specs)) if work > PARALLEL_ABOVE else 1
    # more workers than runs, or than cores, only costs forks (10**13 would exhaust the OS)
    processes = max(1, min(int(processes), len(specs), 4 * (os.cpu_count() or 1)))
    if processes == 1 or "fork" not in mp.get_all_start_methods():
        return [_summary(j, keep_cost) for j in specs], 1
    _JOBS = (specs, keep_cost)
    try:
        # Biggest runs first so the cores finish together; results go back in job order.
        order = sorted(range(len(specs)), key=lambda i: -_cost_estimate(specs[i]))
        chunk = max(1, len(specs) // (8 * processes))
        with ProcessPoolExecutor(processes, mp_context=mp.get_context("fork")) as pool:
            done = list(pool.map(_by_index, order, chunksize=chunk))
    finally:
        _JOBS = None
    out = [None] * len(specs)
    for i, r in zip(order, done):
        out[i] = r
    return out, processes


def sweep(grid, fixed=None, epochs=None, processes=None, keep_cost=False):
    """Train every combination of ``grid``'s values; return a :class:`SweepResult`.

    grid: {RunSpec field: sequence of values} (order of names = order of result axes).
    fixed: {field: value} for the settings every run shares (changes of BASE), or a whole
    RunSpec to start from. epochs: shorthand for
    fixed["epochs"] (default 300). processes: None chooses (the cores when the grid's
    estimated serial time is above PARALLEL_ABOVE seconds, else 1); 1 forces serial.
    keep_cost: also keep every cost curve.
    """
    names, values, base = _grid(grid, fixed, epochs)
    if processes is not None:
        processes = count(processes, "processes", minimum=1)
    keep_cost = flag(keep_cost, "keep_cost")
    # every run's spec is made (and so checked) before the first run starts
    specs = [base.replace(**dict(zip(names, combo)))
             for combo in itertools.product(*(values[n] for n in names))]
    start = time.perf_counter()
    out, processes = run_jobs(specs, processes, keep_cost)
    seconds = time.perf_counter() - start
    return SweepResult.of(names, values, _collect(out, values, names, keep_cost), seconds, processes, base)


def _collect(out, values, names, keep_cost):
    return collect(out, tuple(len(values[n]) for n in names), keep_cost)


def collect(out, shape, keep_cost=False):
    """Summaries from :func:`run_jobs` -> dict of arrays shaped ``shape`` (+ a trailing axis)."""
    L = max(len(r[4]) for r in out)
    K = max(len(r[5]) for r in out)

    def pad(rows, width):
        arr = np.full((len(rows), width), np.nan)
        for i, r in enumerate(rows):
            arr[i, :len(r)] = r
        return arr.reshape(shape + (width,))

    fields = dict(
        initial_cost=np.array([r[0] for r in out], float).reshape(shape),
        final_cost=np.array([r[1] for r in out], float).reshape(shape),
        status=np.array([r[2] for r in out]).reshape(shape),
        diverged_at=np.array([r[3] for r in out], int).reshape(shape),
        dead_fraction=pad([r[4] for r in out], L),
        unexplained=pad([r[5] for r in out], K))
    if keep_cost:
        fields["cost"] = pad([r[6] for r in out], max(len(r[6]) for r in out))
    return fields
