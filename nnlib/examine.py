"""doctor.examine: fixes tried before they are given.

    def train(settings, steps):          # your loop, wrapped: settings is a dict of what you
        ...; return costs                # expose (lr, reduction, standardize, activation, ...)
    report = doctor.examine(train, {"lr": 0.01, "reduction": "sum"}, loss="squared", targets=Y)
    report.action      # the first fix that worked, with a cautious lr: {"reduction": "mean", "lr": 2.5}
    print(report)      # what was tried, what worked, the evidence

Short trials (``steps`` each, at most ``budget`` of them, capped at MAX_BUDGET): first the
largest stable lr of your settings (lrfind.largest_stable, find_lr's search too: 10-fold steps,
then bisection on a log scale), then the candidate fixes
in order, each cut to the keys your settings expose (an action never holds a key your
train() does not read), each with its own lr search (a fix changes the scale of the steps).
The settings as given, stable but never working, are also tried at lr / 10 and / 100 (a
stable run can bounce, confidently wrong). The action's lr is the smallest of the fix's
worked trials that ended within NEAR_BEST of the best of them (a step back from the edge).
A largest stable lr at the search's upper end (UP x yours) is reported as "at least".
When no trial met the bar, ``action`` is the best stable trial and ``best_only`` says so. A trial worked when its costs are all finite, did not
end above where they started, and fell well below what a constant guess costs (or, when that
is unknown, below a fifth of where they started): a criterion on the costs, not the doctor's
verdict.
"""
from dataclasses import dataclass, field

import numpy as np

from .diagnosis.reference import TARGET, constant_level
from .i18n import _
from .lrfind import largest_stable

MAX_BUDGET = 20
UP = 1e3              # the lr search goes at most this far above the lr given
WELL_BELOW = TARGET   # worked: the end under this share of the constant guess's cost (the
                      # bar a fit must pass in diagnose too)
NO_LEVEL_FALL = 0.2   # ... or, with no level known, under this share of the first cost
BLOWN = 10.0          # a trial whose cost rose past this multiple of its first is unstable
TRIES = 4             # lr trials per candidate fix (the first candidate, the settings as given: one more)
COOLER = 10.0         # the settings as given, stable but not working: also tried at lr / 10 and / 100
NEAR_BEST = 2.0       # a worked trial ending within this factor of the best one's is as good
CANDIDATES = ({}, {"reduction": "mean"}, {"standardize": True},
              {"bias_init": 0.0, "weight_init": "he"},
              {"activation": "leaky_relu", "weight_init": "he", "bias_init": 0.0})


@dataclass
class Trial:
    """One short run: its settings, where its cost ended (median of its last fifth), that
    end over the constant guess's cost (or over its first cost), stable, worked."""
    settings: dict
    end: float
    score: float
    stable: bool
    worked: bool


@dataclass
class Examination:
    """trials: every short run, in order; action: the first fix that worked, with a cautious lr
    ({} if none did); lr: the largest stable lr of the settings as given; level: the
    constant guess's cost, or None."""
    trials: list = field(default_factory=list)
    action: dict = field(default_factory=dict)
    lr: float = float("nan")
    level: object = None
    budget: int = MAX_BUDGET
    best_only: bool = False
    capped: bool = False  # lr is the search's upper end (UP x the lr given): a bound, not a measurement

    def __str__(self):
        lr = (_("at least {lr:.3g} (the search's upper end)") if self.capped else "{lr:.3g}").format(lr=self.lr)
        head = _("{n} short trials (budget {budget}); largest stable lr of your settings: {lr}").format(
            n=len(self.trials), budget=self.budget, lr=lr)
        if self.level:
            head += _("; a constant guess costs {level:.3g}").format(level=self.level)
        lines = [head]
        for t in self.trials:
            lines.append((_("  {settings}: ended at {end:.3g}, worked") if t.worked else
                          _("  {settings}: ended at {end:.3g}, stable, not enough") if t.stable else
                          _("  {settings}: ended at {end:.3g}, unstable")).format(settings=t.settings, end=t.end))
        if self.action:
            lines.append((_("No fix met the bar; the best stable trial: {action}") if self.best_only else
                          _("Try (the first fix that worked, with a cautious lr): {action}")).format(action=self.action))
        else:
            lines.append(_("No trial was stable in the budget: log dead fractions and gradient "
                           "norms (doctor.watch) to see why."))
        return "\n".join(lines)


def _end(costs):
    """(end, stable, first): stable = all finite, never past BLOWN x the first, not above it at the end."""
    c = np.asarray(costs, dtype=float).reshape(-1)
    if c.size == 0 or not np.isfinite(c).all():
        return np.inf, False, np.nan
    end = float(np.median(c[-max(1, len(c) // 5):]))
    return end, bool(end <= c[0] and c.max() <= BLOWN * abs(c[0])), float(c[0])


def _candidates(settings):
    """The fixes these settings can take, in order (the settings as given first), each cut
    to the keys the settings expose: a key the learner's loop never reads would be a fix
    that changes nothing, and an action the learner cannot apply."""
    seen = []
    for whole in CANDIDATES:
        fix = {k: v for k, v in whole.items() if k in settings}
        if whole and (not fix or fix in seen or all(settings[k] == v for k, v in fix.items())):
            continue  # nothing exposed, tried already, or already so
        if "reduction" in fix and settings.get("reduction") != "sum":
            continue  # not summed
        seen.append(fix)
        yield fix


def examine(train, settings, *, steps=100, budget=MAX_BUDGET, loss=None, n_classes=None,
            targets=None, reduction=None, n_samples=None, batch_size=None, **_ignored):
    """See the module docstring. train(settings, steps) -> costs; settings must hold "lr".
    The other keywords are nnlib.diagnose's: they say what a constant guess costs."""
    if "lr" not in settings or not settings["lr"] > 0:
        raise ValueError("settings must hold a positive 'lr'")
    budget = min(int(budget), MAX_BUDGET)
    report = Examination(budget=budget)

    def level(s):
        return constant_level(loss, n_classes, targets, s.get("reduction", reduction), n_samples,
                              batch_size)

    def run(s):
        if len(report.trials) >= budget:
            return False
        end, stable, first = _end(train(dict(s), steps))
        lv = level(s)  # once: each call checks the targets again
        ref = lv or abs(first)
        bar = WELL_BELOW if lv else NO_LEVEL_FALL
        score = end / ref if ref and np.isfinite(end) else np.inf
        report.trials.append(Trial(dict(s), end, score, stable, bool(stable and score <= bar)))
        return stable

    report.level = level(settings)
    for i, fix in enumerate(_candidates(settings)):
        n = len(report.trials)
        lr0 = settings["lr"] * (n_samples or 1 if "reduction" in fix else 1)
        # 10-fold steps (a fix can move the limit by orders), bisected while trials remain
        found, _trials = largest_stable(lambda lr: run({**settings, **fix, "lr": lr}), lr0, TRIES + (i == 0),
                                  factor=10.0, rtol=0.0, ceiling=UP * lr0)
        if i == 0:
            report.lr = found
            report.capped = bool(found >= UP * lr0 * (1 - 1e-9))
            if np.isfinite(found) and not any(t.worked for t in report.trials[n:]):
                # stable is not good: a run can bounce, confidently wrong, without blowing
                # up. Below the limit, before any other fix: COOLER times smaller, twice
                for k in (1, 2):
                    run({**settings, "lr": found / COOLER ** k})
        worked = [t for t in report.trials[n:] if t.worked]
        if worked:
            report.action = _change(settings, _cautious(worked).settings)
            return report
    stable = [t for t in report.trials if t.stable and np.isfinite(t.score)]
    if stable:  # none met the bar: the best stable trial, said so in the report
        report.action = _change(settings, min(stable, key=lambda t: t.score).settings)
        report.best_only = True
    return report


def _cautious(worked):
    """Of the trials that worked, the smallest lr whose end is within NEAR_BEST of the best
    end: the largest stable lr of a short run sits at the edge, where a longer or noisier run
    can still blow up, and a step back costs little when it ends nearly as low."""
    best = min(t.score for t in worked)
    return min((t for t in worked if t.score <= NEAR_BEST * best), key=lambda t: t.settings["lr"])


def _change(settings, tried):
    """What a trial changed in the settings, with its lr."""
    return {**{k: v for k, v in tried.items() if settings.get(k, object()) != v}, "lr": float(tried["lr"])}
