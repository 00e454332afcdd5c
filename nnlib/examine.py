"""doctor.examine: fixes tried before they are given.

    def train(settings, steps):          # your loop, wrapped: settings is a dict of what you
        ...; return costs                # expose (lr, reduction, standardize, activation, ...)
    report = doctor.examine(train, {"lr": 0.01, "reduction": "sum"}, loss="squared", targets=Y)
    report.action      # the first fix that worked, with its lr: {"reduction": "mean", "lr": 2.5}
    print(report)      # what was tried, what worked, the evidence

Short trials (``steps`` each, at most ``budget`` of them, capped at MAX_BUDGET): first the
largest stable lr of your settings (by bisection on a log scale), then the candidate fixes
in order, each at half that lr and at a tenth of that (a dead or saturated
net is stable at lrs its repaired self is not). A trial worked when its costs are all finite, did not
end above where they started, and fell well below what a constant guess costs (or, when that
is unknown, below a fifth of where they started): a criterion on the costs, not the doctor's
verdict.
"""
from dataclasses import dataclass, field

import numpy as np

from .diagnosis.reference import constant_level

MAX_BUDGET = 20
WELL_BELOW = 0.3      # worked: the end under this share of the constant guess's cost
NO_LEVEL_FALL = 0.2   # ... or, with no level known, under this share of the first cost
MARGIN = 0.5          # the lr given: this share of the largest stable lr of a short trial
CANDIDATES = ({}, {"reduction": "mean"}, {"standardize": True},
              {"bias_init": 0.0, "weight_init": "he"},
              {"activation": "leaky_relu", "weight_init": "he", "bias_init": 0.0})


@dataclass
class Trial:
    settings: dict
    end: float
    stable: bool
    worked: bool


@dataclass
class Examination:
    """trials: every short run, in order; action: the first fix that worked with its lr
    ({} if none did); lr: the largest stable lr of the settings as given; level: the
    constant guess's cost, or None."""
    trials: list = field(default_factory=list)
    action: dict = field(default_factory=dict)
    lr: float = float("nan")
    level: object = None
    budget: int = MAX_BUDGET

    def __str__(self):
        lines = [f"{len(self.trials)} short trials (budget {self.budget}); largest stable lr "
                 f"of your settings: {self.lr:.3g}" + (f"; a constant guess costs {self.level:.3g}"
                                                       if self.level else "")]
        for t in self.trials:
            lines.append(f"  {t.settings}: ended at {t.end:.3g}, "
                         + ("worked" if t.worked else "stable, not enough" if t.stable else "unstable"))
        lines.append(f"Try: {self.action}" if self.action else "No fix worked in the budget: log dead "
                     "fractions and gradient norms (doctor.watch) to see why.")
        return "\n".join(lines)


def _end(costs):
    c = np.asarray(costs, dtype=float).reshape(-1)
    if c.size == 0 or not np.isfinite(c).all():
        return np.inf, False, np.nan
    end = float(np.median(c[-max(1, len(c) // 5):]))
    return end, end <= c[0], float(c[0])


def largest_stable(stable, lr, tries):
    """The largest lr with stable(lr) True, from lr up or down 10-fold then bisected on a
    log scale; stable is called at most ``tries`` times. Returns nan if none was stable."""
    lo, hi, n = None, None, 0
    x = lr
    while n < tries and (lo is None or hi is None) and 1e-6 * lr < x < 1e2 * lr + 1e-300:
        n += 1
        if stable(x):
            lo, x = x, x * 10
        else:
            hi, x = x, x / 10
        if lo is not None and x > 1e2 * lr:
            return lo  # stable far up: no need to look further
    while n < tries and lo is not None and hi is not None and hi / lo > 1.5:
        n += 1
        mid = np.sqrt(lo * hi)
        lo, hi = (mid, hi) if stable(mid) else (lo, mid)
    return lo if lo is not None else float("nan")


def examine(train, settings, *, steps=60, budget=MAX_BUDGET, loss=None, n_classes=None,
            targets=None, reduction=None, n_samples=None, batch_size=None, **_ignored):
    """See the module docstring. train(settings, steps) -> costs; settings must hold "lr"."""
    if "lr" not in settings or not settings["lr"] > 0:
        raise ValueError("settings must hold a positive 'lr'")
    budget = min(int(budget), MAX_BUDGET)
    level = constant_level(loss, n_classes, targets, settings.get("reduction", reduction),
                           n_samples, batch_size)
    report = Examination(level=level, budget=budget)

    def run(s):
        end, stable, first = _end(train(dict(s), steps))
        bar = WELL_BELOW * level if level else NO_LEVEL_FALL * first
        report.trials.append(Trial(dict(s), end, stable, bool(stable and end <= bar)))
        return report.trials[-1]

    report.lr = largest_stable(lambda lr: run({**settings, "lr": lr}).stable, settings["lr"], 8)
    base_lr = report.lr if np.isfinite(report.lr) else settings["lr"] / 100
    for fix in CANDIDATES:
        if any(settings.get(k, object()) == v for k, v in fix.items()) or \
                ("reduction" in fix and settings.get("reduction") != "sum") or \
                ("standardize" in fix and "standardize" not in settings):
            continue  # already so, or not exposed by these settings
        lr = MARGIN * base_lr * (n_samples or 1 if "reduction" in fix else 1)
        for attempt in (lr, lr / 10):
            if len(report.trials) >= budget:
                return report
            t = run({**settings, **fix, "lr": attempt})
            if t.worked:
                report.action = {**fix, "lr": attempt}
                return report
    return report
