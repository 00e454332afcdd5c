"""The fix ladder: from the question's network to a fixed one, one change per step.

    res = nnlib.ladder.run(seeds=range(20))     # every step for 20 seeds; res.seconds: how long
    res.rate                                    # success rate per step, in STEPS order
    print(res.report())                         # a plain-text table
    net, kw = nnlib.ladder.setup("leaky_relu", seed=3)   # one step by hand:
    hist = nnlib.train(net, *nnlib.ladder.data(), **kw)
    nnlib.ladder.step("leaky_relu").spec                 # the same step as a RunSpec

Every step keeps the previous ones and adds one fix (the answer's advice, in order):
original -> mean cost -> trainable biases -> leaky ReLU -> linear output -> He init ->
adaptive lr -> deeper net; then the answer's own rewrite, as it wrote it.

Data: the answer's ``sincos`` set, n = 1000, data seed 0, for every step. Its targets
depend on the inputs, so a network can succeed; the question's random targets have no
signal (the best possible fit explains nothing), so "success" would be meaningless there.

Learning rate: the original keeps the question's 0.01 on the summed cost. Every
mean-cost step uses 0.5. For the [7, 2] steps with biases that is about 0.7 of their
stability limit 2 / lambda_max (nnlib.critical_lr at the initial weights: ~0.72, and ~1.1
without biases); the deeper [7, 10, 2] net's limit is ~0.145, so at 0.5 it relies on the
adaptive rule of the step before, which halves lr in its first updates. One lr throughout
keeps each step's change to one thing. The answer's rewrite keeps its own lr 1e-5
(summed cost). ``run(lr=...)`` replays the mean-cost steps at another lr (a harder
condition: above the limit the fixes separate).
Epochs: 2000 (the answer's), full batch.

Success is decided by :func:`success` alone (see there).
"""
from dataclasses import dataclass

import numpy as np

from . import costs
from ._checks import count, positive, show
from .grid import BASE, collect, run_jobs
from .runspec import RunSpec

EPOCHS = 2000


@dataclass(frozen=True)
class Step:
    """name: short key; label: for plots; spec: the step's RunSpec (weight seed 0); why: one line."""
    name: str
    label: str
    spec: RunSpec
    why: str


def _steps():
    # the question's net on the answer's data: sincos, n = 1000, data seed 0, 2000 epochs
    spec = BASE.replace(data="sincos", n=1000, data_seed=0, epochs=EPOCHS, lr=0.01, reduction="sum")
    out = [Step("original", "original", spec,
                "the question's [7, 2] ReLU net, no bias, U(-1,1), summed cost, lr 0.01")]
    spec = spec.replace(lr=0.5)
    changes = [
        ("mean_cost", "mean cost", {"reduction": "mean"}, "divide the cost by N: the step no longer grows with N"),
        ("biases", "+ biases", {"bias_init": 0.1}, "trainable biases from 0.1: the fit need not pass through 0"),
        ("leaky_relu", "+ leaky ReLU", {"activation": "leaky_relu", "leak": 0.01},
         "a unit with negative input still passes 1% of the gradient"),
        ("linear_output", "+ linear output", {"output_activation": "identity"},
         "a regression output should not be clipped at 0"),
        ("he_init", "+ He init", {"weight_init": "he"}, "weights scaled to the fan-in"),
        ("adaptive", "+ adaptive lr", {"adaptive": True}, "undo a step that raises the cost and halve lr"),
        ("deeper", "+ deeper [7,10,2]", {"sizes": (7, 10, 2)}, "a hidden layer of 10 units"),
    ]
    for name, label, change, why in changes:
        spec = spec.replace(**change)
        out.append(Step(name, label, spec, why))
    out.append(Step("answer", "answer's rewrite",
                    BASE.replace(data="sincos", epochs=EPOCHS, sizes=(7, 10, 2), activation="leaky_relu",
                                 leak=1e-4, weight_init="uniform", bias_init="U(0,1)", lr=1e-5, reduction="sum"),
                    "the answer's code: leaky ReLU 1e-4 everywhere, U(0,1) biases, summed cost, lr 1e-5"))
    return out


STEPS = _steps()
NAMES = tuple(s.name for s in STEPS)


def step(name):
    """The :class:`Step` called ``name``; ValueError listing NAMES otherwise."""
    for s in STEPS:
        if isinstance(name, str) and s.name == name:
            return s
    raise ValueError(f"unknown ladder step {show(name)}; valid names are: {', '.join(map(repr, NAMES))}")


def data():
    """(X, Y) of the ladder: sincos, n = 1000, seed 0 (copies: a notebook may change them)."""
    return tuple(a.copy() for a in STEPS[0].spec.arrays())


def setup(name, seed=0):
    """(Network, train kwargs) for one step and weight seed: a notebook trains it by hand."""
    spec = step(name).spec.replace(seed=seed)
    return spec.network(), spec.train_options()


def unexplained(net, X, Y):
    """(outputs,) final cost of each output over that of predicting its mean: 1 - R^2
    (:func:`nnlib.costs.unexplained` of net's predictions)."""
    with np.errstate(all="ignore"):
        return costs.unexplained(net.predict(X), Y)


def success(status, unexplained):
    """THE definition of success, used by every study and test.

    A run succeeds when it did not diverge (status "ok") and, for every output, the
    network explains at least 80% of the target's variance: its squared error is at
    most costs.SUCCESS_UNEXPLAINED = 0.2 of the error of always predicting that output's mean
    (R^2 >= 0.8 per output). Why this bar: a linear fit with bias reaches R^2 ~ 0.95 on
    sincos, a dead or stuck output (constant 0) has an error many times its variance,
    so runs fall far on either side of 0.2 and the rate does not hinge on the threshold.
    It does not depend on N or on the sum/mean reduction.

    status: str array "ok"/"diverged"; unexplained: status.shape + (outputs,).
    Returns a bool array of status's shape.
    """
    u = np.asarray(unexplained, float)
    with np.errstate(invalid="ignore"):
        good = np.all(u <= costs.SUCCESS_UNEXPLAINED, axis=-1)  # NaN (diverged) is not <=
    return (np.asarray(status) == "ok") & good


@dataclass
class LadderResult:
    """steps: the Step objects run; seeds: (S,); success: (steps, S) bool; rate: (steps,);
    status, final_cost: (steps, S); unexplained: (steps, S, outputs); seconds, processes."""
    steps: list
    seeds: np.ndarray
    success: np.ndarray
    rate: np.ndarray
    status: np.ndarray
    final_cost: np.ndarray
    unexplained: np.ndarray
    seconds: float
    processes: int

    @property
    def labels(self):
        return [s.label for s in self.steps]

    def report(self):
        """Plain-text table: step, success rate, median worst-output 1 - R^2."""
        worst = np.max(self.unexplained, axis=-1)
        lines = [f"{'step':<20} {'success':>8} {'median 1-R^2':>13}  diverged"]
        for i, s in enumerate(self.steps):
            w = worst[i][np.isfinite(worst[i])]
            med = f"{np.median(w):.3g}" if w.size else "-"
            div = int(np.sum(self.status[i] == "diverged"))
            lines.append(f"{s.label:<20} {self.rate[i]:>7.0%} {med:>13}  {div}/{len(self.seeds)}")
        return "\n".join(lines)


def run(seeds=range(20), steps=None, epochs=None, processes=None, lr=None):
    """Train every step for every weight seed; return a :class:`LadderResult`.

    steps: names to run (default: all, in order). epochs: override EPOCHS (for quick
    looks). lr: override the learning rate of every mean-cost step (the original and
    the answer's rewrite keep theirs). processes: as in :func:`nnlib.sweep`.
    """
    import time
    if isinstance(seeds, (str, bytes, dict)) or not np.iterable(seeds):
        raise ValueError(f"seeds must be a list of whole numbers >= 0, e.g. range(20); got {show(seeds)}")
    seeds = np.array([count(s, "every seed") for s in seeds], int)
    if seeds.size == 0:
        raise ValueError("seeds is empty")
    if lr is not None:
        lr = positive(lr, "lr")
    if epochs is not None:
        epochs = count(epochs, "epochs")
    if steps is not None and isinstance(steps, str):
        steps = [steps]
    if steps is not None and not np.iterable(steps):
        raise ValueError(f"steps must be None, a step name or a list of them; got {show(steps)}")
    chosen = [step(n) for n in (NAMES if steps is None else steps)]
    if not chosen:
        raise ValueError("steps is empty; pass None for every step")
    specs = []
    for s in chosen:
        spec = s.spec if epochs is None else s.spec.replace(epochs=epochs)
        if lr is not None and spec.reduction == "mean":
            spec = spec.replace(lr=lr)
        specs += [spec.replace(seed=int(seed)) for seed in seeds]
    if processes is not None:
        processes = count(processes, "processes", minimum=1)
    start = time.perf_counter()
    out, processes = run_jobs(specs, processes)
    f = collect(out, (len(chosen), len(seeds)))
    ok = success(f["status"], f["unexplained"])
    return LadderResult(chosen, seeds, ok, ok.mean(axis=1), f["status"], f["final_cost"],
                        f["unexplained"], time.perf_counter() - start, processes)
