"""Choosing a learning rate: a range test, its five suggestion rules, and the measured limit.

    from nnlib import doctor, lrfind
    train = lrfind.runspec_train                        # or your own train(settings, steps) -> costs
    found = doctor.find_lr(train, {"sizes": [7, 10, 2], "lr": 0.01, "data": "sincos", "n": 200})
    found.suggestions["valley"], found.stable_lr, found.growth_lr
    print(found)                                        # one line per rule, and the limit

The train function: ``train(settings, steps) -> costs``, the same shape as the doctor's other
entry points. settings is your dict (it must hold "lr"); find_lr passes a copy with "lr"
replaced, and steps is how many updates to make from the same initial weights each call.
costs: the cost logged at each update, computed before its step (``steps`` values), or
also the cost after the last (``steps + 1``, as ``History.cost``); a run that stopped early
may return fewer, ending with inf or nan.
For the range test ``settings["lr"]`` is a (steps,) array: update i must use lr[i].

Three measurements, each a function here:
- :func:`range_test`: the learning rate grows exponentially from start_lr to end_lr over
  num_it updates (fastai's defaults: 1e-7, 10, 100) while the loss is logged; the loss is
  smoothed as fastai's Recorder does (an exponential moving average with beta = 0.98,
  divided by 1 - beta^(i+1) to remove its start-up bias), and the test stops once the
  smoothed loss exceeds 4 times its lowest value or stops being finite (fastai's stop_div;
  Lightning's early_stop_threshold = 4.0).
- :data:`SUGGESTIONS`, one rule each, applied to the smoothed curve (see each function).
- :func:`stable_limit`: the largest stable lr by bisection on short runs (the search itself,
  :func:`largest_stable`, is doctor.examine's too). A run is *stable*
  when every cost it logs is finite and the mean of its last tenth of costs (at least one)
  is below its first cost: it did not overflow and it ended lower than it began. The
  bracket starts where the range test diverged and moves by 4x until one stable and one
  unstable lr are known; bisection (in log lr) then halves it until unstable / stable
  <= 1 + rtol. The budget is capped: at most ``max_runs`` short runs in all (default 16;
  from a 4x bracket, rtol = 0.05 needs 5 bisection runs).

The growth-factor estimate of the largest stable lr, 2 lr / (1 + sqrt(g)) for a cost
growing g-fold per update, is the doctor's (``nnlib.diagnose``'s evidence "stable_lr"):
find_lr reads it from the first diverging run of the bracket, when its curve allows it
(a steady geometric rise), and leaves it nan otherwise.
"""
import math
from dataclasses import dataclass, field

import numpy as np

from ._checks import count, positive, show
from .diagnosis import diagnose

BETA = 0.98           # fastai's smoothing of the recorded loss
STOP_FACTOR = 4.0     # the range test stops once the smoothed loss exceeds 4x its lowest value
BRACKET = 4.0         # the bracket's step, before bisection


@dataclass(frozen=True)
class LRFind:
    """What :func:`find_lr` measured.

    lrs, losses, smoothed: (n,) the range test's learning rates, raw and smoothed losses
        (n <= num_it: the test stops once the smoothed loss diverges).
    suggestions: {rule name: lr} for each rule of SUGGESTIONS (nan when the curve is too
        short for it).
    stable_lr: the largest lr found stable by bisection; unstable_lr: the smallest found
        unstable (nan when the budget ran out before one was found); runs: ((lr, stable), ...)
        every short run in the order made; steps: the updates of each short run;
        max_runs: the budget it was given.
    growth_lr: the doctor's 2 lr / (1 + sqrt(g)) from the first diverging run (nan if none gave it).
    """
    lrs: np.ndarray
    losses: np.ndarray
    smoothed: np.ndarray
    suggestions: dict = field(default_factory=dict)
    stable_lr: float = math.nan
    unstable_lr: float = math.nan
    runs: tuple = ()
    steps: int = 0
    max_runs: int = 0
    growth_lr: float = math.nan

    def __str__(self):
        rules = ", ".join(f"{k} {v:.3g}" for k, v in self.suggestions.items())
        limit = (f"largest stable lr {self.stable_lr:.3g} (unstable at {self.unstable_lr:.3g}; "
                 f"{len(self.runs)} runs of {self.steps} updates, at most {self.max_runs} allowed)")
        growth = "" if math.isnan(self.growth_lr) else f"; from the growth of a diverging run: {self.growth_lr:.3g}"
        return f"Range test suggestions: {rules}. Measured: {limit}{growth}."


# --- the rules, each from its documented definition --------------------------------------

def _tail(lrs, losses):
    """fastai drops the first tenth and the last 5 points of the curve before its rules."""
    n = len(lrs)
    return lrs[n // 10: max(n - 5, n // 10)], losses[n // 10: max(n - 5, n // 10)]


def valley(lrs, losses):
    """fastai's default ("valley"): the longest valley. Its documentation: the longest
    decreasing stretch of the loss curve: a longest strictly decreasing subsequence, ending
    at index end, taken as the stretch of its length L before end (start = end - L), and
    the lr a little past the middle of it: index start + int(L/3) + int(L/6) (fastai's
    documentation of SuggestionMethod.Valley in fastai.callback.schedule)."""
    lrs, losses = _tail(lrs, losses)
    n = len(losses)
    if n < 2:
        return math.nan
    depth = np.ones(n, int)
    for i in range(1, n):
        below = np.flatnonzero(losses[:i] > losses[i])
        if below.size:
            depth[i] = depth[below].max() + 1
    end = int(np.argmax(depth))
    start = max(0, end - int(depth[end]))  # as documented: the valley ends at `end` and is as long as the subsequence
    third = (end - start) / 3
    return float(lrs[start + int(third) + int(third / 2)])


def slide(lrs, losses, lr_diff=15, thresh=0.005, adjust_value=1.0):
    """fastai's "slide" (the interval slide rule): with the loss's gradient per index,
    compare it at two points lr_diff = 15 apart, starting from the right end, and move both
    left while they differ by more than thresh = 0.005; suggest the left point's lr (times
    adjust_value = 1). The threshold is in loss units, as documented: on a summed cost it
    is a much smaller share of the loss than on a mean cost."""
    lrs, losses = _tail(lrs, losses)
    if len(losses) <= lr_diff:
        return math.nan
    grad = np.gradient(losses)
    r, l = len(losses) - 1, len(losses) - 1 - lr_diff
    lr = lrs[l]
    while l >= 0 and abs(grad[r] - grad[l]) > thresh:
        lr = lrs[l]
        r, l = r - 1, l - 1
    return float(lr * adjust_value)


def minimum(lrs, losses):
    """fastai's "minimum": one tenth of the lr at which the smoothed loss is lowest."""
    lrs, losses = _tail(lrs, losses)
    return float(lrs[int(np.argmin(losses))] / 10) if len(losses) else math.nan


def steep(lrs, losses):
    """fastai's "steep": the lr where the loss falls fastest against log(lr), the slope
    taken between neighbouring points, (loss[i+1] - loss[i]) / (log lr[i+1] - log lr[i])."""
    lrs, losses = _tail(lrs, losses)
    if len(losses) < 2:
        return math.nan
    slope = np.diff(losses) / np.diff(np.log(lrs))
    return float(lrs[int(np.argmin(slope))])


def steepest(lrs, losses, skip_begin=10, skip_end=1):
    """Lightning's (and torch-lr-finder's) suggestion: drop the first skip_begin = 10 and
    the last skip_end = 1 points, take the loss's gradient per index (numpy.gradient) and
    suggest the lr where it is most negative. Works on the whole curve, not fastai's tail."""
    lrs, losses = lrs[skip_begin: len(lrs) - skip_end], losses[skip_begin: len(losses) - skip_end]
    keep = np.isfinite(losses)
    lrs, losses = lrs[keep], losses[keep]
    if len(losses) < 2:
        return math.nan
    return float(lrs[int(np.argmin(np.gradient(losses)))])


SUGGESTIONS = {"valley": valley, "slide": slide, "minimum/10": minimum, "steep": steep,
               "steepest": steepest}


# --- the measurements ---------------------------------------------------------------------

def _costs(train, settings, lr, steps):
    """The run's costs as a float array (overflow inside the learner's train is the lesson)."""
    with np.errstate(all="ignore"):
        out = train({**settings, "lr": lr}, steps)
    try:
        c = np.asarray(out, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise ValueError(f"train(settings, steps) must return a sequence of costs, got {show(out)}") from None
    if c.size == 0:
        raise ValueError("train(settings, steps) returned no costs")
    return c


def is_stable(costs):
    """The module's definition: every cost finite, and the mean of the last tenth (at
    least one cost) below the first cost. costs: (T,)."""
    c = np.asarray(costs, dtype=float)
    if not np.isfinite(c).all() or len(c) < 2:
        return False
    return bool(np.mean(c[-max(1, len(c) // 10):]) < c[0])


def smooth(losses, beta=BETA):
    """fastai's smoothed loss: avg_i = beta avg_{i-1} + (1 - beta) loss_i, divided by
    1 - beta^(i+1). losses: (n,) -> (n,)."""
    out, avg = np.empty(len(losses)), 0.0
    with np.errstate(all="ignore"):
        for i, x in enumerate(losses):
            avg = beta * avg + (1 - beta) * x
            out[i] = avg / (1 - beta ** (i + 1))
    return out


def range_test(train, settings, start_lr=1e-7, end_lr=10.0, num_it=100):
    """(lrs, losses, smoothed), each (n,), n <= num_it: the exponential sweep, cut where the
    smoothed loss first exceeds STOP_FACTOR times its lowest value or is not finite."""
    lrs = start_lr * (end_lr / start_lr) ** (np.arange(num_it) / (num_it - 1))
    try:
        c = _costs(train, settings, lrs, num_it)
    except TypeError as exc:  # float(settings["lr"]) of an array, say
        raise ValueError(f"for the range test, train(settings, steps) must accept settings['lr'] as an "
                         f"array of steps learning rates, one per update; it raised TypeError: {exc}") from exc
    losses = c[:num_it]  # as fastai pairs them: lr[i] with the loss computed before update i
    losses = np.concatenate([losses, np.full(num_it - len(losses), np.inf)])
    s = smooth(losses)
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(s) | (s > STOP_FACTOR * np.minimum.accumulate(np.where(np.isfinite(s), s, np.inf)))
    n = int(np.argmax(bad)) if bad.any() else num_it
    return lrs[:n], losses[:n], s[:n]


def largest_stable(stable, guess, max_runs, factor=BRACKET, rtol=0.05, ceiling=math.inf):
    """(lo, hi): the largest lr with stable(lr) True and the smallest found False (nan where
    none was found), the one bracket-and-bisection search of the library (find_lr's limit,
    doctor.examine's trials). From ``guess`` the bracket moves by ``factor`` (up while
    stable, at most to ``ceiling``; down while unstable) until one stable and one unstable
    lr are known; bisection in log lr then halves it until hi / lo <= 1 + rtol. stable is
    called at most ``max_runs`` times."""
    lo, hi, lr, runs = math.nan, math.nan, float(guess), 0
    while runs < max_runs and (math.isnan(lo) or math.isnan(hi)):
        runs += 1
        if stable(lr):
            lo = lr
            if lr >= ceiling * (1 - 1e-9):
                break  # stable at the search's upper end: lo is a bound
            lr = min(lr * factor, ceiling)
        else:
            hi, lr = lr, lr / factor
    while runs < max_runs and not math.isnan(lo) and not math.isnan(hi) and hi / lo > 1 + rtol:
        runs += 1
        mid = math.sqrt(lo * hi)
        lo, hi = (mid, hi) if stable(mid) else (lo, mid)
    return lo, hi


def stable_limit(train, settings, guess, steps=100, max_runs=16, rtol=0.05):
    """(stable lr, unstable lr, runs, growth lr): :func:`largest_stable` on short runs of
    train from ``guess``. runs: ((lr, stable), ...)."""
    runs, growth = [], math.nan

    def stable(lr):
        nonlocal growth
        c = _costs(train, settings, float(lr), steps)
        ok = is_stable(c)
        runs.append((float(lr), ok))
        if not ok and math.isnan(growth):
            growth = _growth_lr(c, lr)
        return ok

    lo, hi = largest_stable(stable, guess, max_runs, BRACKET, rtol)
    return lo, hi, tuple(runs), growth


def _growth_lr(costs, lr):
    """The doctor's 2 lr / (1 + sqrt(g)) for a diverging full-batch run (nan if it does not give one)."""
    ev = diagnose(costs, lr=float(lr), batch_size=None).evidence
    return float(ev.get("stable_lr", math.nan))


def find_lr(train, settings, start_lr=1e-7, end_lr=10.0, num_it=100, steps=100, max_runs=16,
            rtol=0.05):
    """The range test, its suggestions and the measured stable limit; returns :class:`LRFind`.

    train: ``train(settings, steps) -> costs`` (module docstring); settings: a dict with
    "lr" (it is never changed). start_lr < end_lr: the sweep (fastai's 1e-7 to 10 over
    num_it = 100 updates); steps: updates of each short run of the bisection; max_runs:
    its budget in runs (each ``steps`` updates); rtol: its relative precision.
    """
    if not callable(train):
        raise ValueError(f"train must be a function train(settings, steps) -> costs, got {show(train)}")
    if not isinstance(settings, dict) or "lr" not in settings:
        raise ValueError(f"settings must be a dict holding 'lr', got {show(settings)}")
    start_lr, end_lr = positive(start_lr, "start_lr"), positive(end_lr, "end_lr")
    if not start_lr < end_lr:
        raise ValueError(f"start_lr must be below end_lr, got {start_lr} and {end_lr}")
    num_it = count(num_it, "num_it", minimum=20)
    steps = count(steps, "steps", minimum=2)
    max_runs = count(max_runs, "max_runs", minimum=2)
    rtol = positive(rtol, "rtol")
    lrs, losses, smoothed = range_test(train, settings, start_lr, end_lr, num_it)
    suggestions = {name: rule(lrs, smoothed) for name, rule in SUGGESTIONS.items()}
    guess = float(lrs[-1]) if len(lrs) else start_lr  # where the sweep diverged (or ended)
    lo, hi, runs, growth = stable_limit(train, settings, guess, steps, max_runs, rtol)
    return LRFind(lrs, losses, smoothed, suggestions, lo, hi, runs, steps, max_runs, growth)


def runspec_train(settings, steps):
    """An nnlib run as ``train(settings, steps) -> costs``: settings is {RunSpec field: value}
    (changes of nnlib.runspec.BARE, nnlib's own defaults), trained by full-batch plain
    gradient descent for ``steps`` updates; costs: (steps + 1,) as History.cost, shorter
    when the run diverged. An array lr (the range test) makes one update per entry (plain
    gradient descent has no state to carry between them)."""
    from .runspec import BARE
    from .training import train

    if not isinstance(settings, dict) or "lr" not in settings:
        raise ValueError(f"settings must be a dict of RunSpec fields with an lr, got {show(settings)}")
    lr = settings["lr"]
    spec = BARE.replace(**{k: v for k, v in settings.items() if k != "lr"}, epochs=steps)
    if spec.optimizer != "sgd" or spec.adaptive:
        raise ValueError("runspec_train makes plain gradient descent only: leave out optimizer and adaptive")
    X, Y = spec.arrays()
    net = spec.network()
    if np.ndim(lr) == 0:
        return train(net, X, Y, record=False, **dict(spec.train_options(), lr=lr)).cost
    kwargs, costs = dict(spec.train_options(), epochs=1), []  # once, not at each of the range test's steps
    for rate in np.asarray(lr, dtype=float):
        c = train(net, X, Y, record=False, **dict(kwargs, lr=float(rate))).cost
        costs.extend(c if not costs else c[1:])
        if not np.isfinite(c).all():
            break
    return np.array(costs)


def sharpness(net, X, Y, lr, epochs, every, reduction="mean", samples=None, dtype="float64",
              max_iter=1000):
    """Train ``net`` in place by full-batch gradient descent and measure lambda_max (the
    sharpness) at chosen epochs: returns (at (k,), lam (k,), cost (T + 1,)).

    X: (N, sizes[0]); Y: (N, sizes[-1]). every: a whole number (measure at epochs 0, every,
    2 every, ..., epochs) or a sequence of epochs from 0 to ``epochs``. Plain gradient descent
    keeps no state between updates, so training in pieces is the same run as training at once.
    samples: measure on the first ``samples`` rows only (cheaper), scaled by N / samples for
    the summed cost as the playground's readout does; nan where the power iteration did not
    settle within max_iter. The run stops at the first piece that diverged.
    """
    from .curvature import top_eigenvalue
    from .training import train

    epochs = count(epochs, "epochs")
    if isinstance(every, (int, np.integer)):
        marks = sorted(set(range(0, epochs + 1, count(every, "every", minimum=1))) | {epochs})
    else:
        marks = sorted({count(m, "every epoch to measure at", maximum=epochs) for m in every})
    n = len(X) if samples is None else min(len(X), count(samples, "samples", minimum=1))
    grow = len(X) / n if reduction == "sum" else 1.0
    at, lam, cost, done = [], [], [], 0
    for mark in marks:
        if mark > done:
            h = train(net, X, Y, lr=lr, epochs=mark - done, reduction=reduction, record=False, dtype=dtype)
            cost.extend(h.cost if not cost else h.cost[1:])
            done += h.epochs
            if h.diverged:
                break
        top = top_eigenvalue(net, X[:n], Y[:n], reduction=reduction, max_iter=max_iter)
        at.append(done)
        lam.append(top.value * grow)
    if not cost:
        cost = [float(net.cost(X, Y, reduction))]
    return np.array(at), np.array(lam), np.array(cost)


def score_table(scores):
    """The estimators' scores as a text table, one line each (benchmarks/lr_truth.py prints
    it and notebook 09 quotes it). scores: {estimator: {"stable_lr": {...}, "best_lr": {...},
    "diverged": share or None}}, each truth's dict holding median and p90 of
    |log10(estimate / truth)|, signed_median (of log10(estimate / truth): below 0 means too
    low), within15 and given (shares); a missing number prints as "-"."""
    def f(x, fmt):
        return "-".center(len(format(0.0, fmt))) if x is None else format(x, fmt)
    lines = [f"{'estimator':<13}{'vs stable lr':>16}{'signed':>8}{'within 15%':>11}{'vs best lr':>16}"
             f"{'answers':>8}{'unstable':>9}"]
    for name, row in scores.items():
        st, be = row["stable_lr"], row["best_lr"]
        lines.append(f"{name:<13}{f(st['median'], '8.2f')} [{f(st['p90'], '4.2f')}]{f(st.get('signed_median'), '+8.2f')}"
                     f"{f(st['within15'], '10.0%')}{f(be['median'], '9.2f')} [{f(be['p90'], '4.2f')}]"
                     f"{st['given']:>8.0%}{f(row['diverged'], '9.0%')}")
    return "\n".join(lines)
