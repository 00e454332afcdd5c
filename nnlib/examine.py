"""doctor.examine: fixes tried before they are given.

    def train(settings, steps):          # your loop, wrapped: settings is a dict of what you
        ...; return costs                # expose (lr, reduction, standardize, activation, ...)
    report = doctor.examine(train, {"lr": 0.01, "reduction": "sum"}, loss="squared", targets=Y)
    report.action      # the fix that worked best, with a cautious lr: {"reduction": "mean", "lr": 2.5}
    print(report)      # what was tried, what worked, the evidence

Short trials (``steps`` updates each, and at least MIN_LOGGED x ``every`` so that each logs a
curve; at most ``budget`` of them, capped at MAX_BUDGET; a trial asked
for twice is run once). A trial *worked* when its costs are all finite, never rose past BLOWN
times the first, did not end above ABOVE_START times it (diagnose's bar), and ended well below
what a constant guess costs (or, when that is unknown, below a fifth of where they started):
a criterion on the costs, not the doctor's verdict. (With ``every`` > 1, where it "started",
for ABOVE_START, is the higher of the first two costs: a loop logging averages often writes its
first from one sample.)

The settings as given come first, then the candidate fixes in order (CANDIDATES), each cut to
the keys your settings expose (an action never holds a key your train() does not read). Each
gets its own lr search (lrfind.largest_stable, find_lr's search too: 10-fold steps, then one
bisection), from where that fix's scale puts it: your lr, times N for the mean of a summed
cost, at least UNIT_LR (per sample) for standardized inputs (raw inputs' lr can be orders too
small), and, when your settings blew up at their own lr, from the largest lr they took. The
search counts a step as too large when its trial is unstable, or stable but ending higher
than a smaller lr's (past the best lr, even if not yet past the limit). The settings as given,
stable but never working, are also tried at a tenth and a hundredth of the largest lr their
search kept (a stable run can bounce, confidently wrong);
when they learned nothing at any lr (every stable end above NOTHING of the constant guess),
the fixes that revive units (activation, init, biases) are tried before the others.

Each fix's pick is cautious: among its trials that worked at most 1 / MARGIN of the smallest
lr that was too large (one more trial there when none is near it), the smallest lr ending
within NEAR_BEST of their best end. A short run's edge is not a long run's: further from the
edge, a longer or noisier run still ends near the best. (When the too-large lr was only past
the best lr, not a blow-up, and the step back falls too little in a short trial, the worked
trials under it count.) The action is the first fix (in the order tried) whose pick ended
within NEAR_BEST of the best pick's end (with a constant guess known, under GOOD of the bar
counts as near): not simply the first fix that worked, since a lr alone can pass the bar while
a later fix ends ten times lower. A pick whose lr is over RAISED times its fix's usual start
yields to a fix of the units that is not (saturated units can fit the training costs at an lr
orders too large, with weights grown huge). With no constant guess known, picks are compared
by where they ended, not by their fall from their first cost. A fix whose pick ended under
GOOD of the bar, at an lr not RAISED, ends the search (with no constant guess known, only once
standardizing has been tried, where it can be). When no trial met the bar, ``action`` is the
best stable trial and ``best_only`` says so. ``lr`` is the largest stable lr tried with
the settings as given, "at least" when that is the search's upper end (UP x yours).
"""
from dataclasses import dataclass, field

import numpy as np

from .diagnosis.reference import ABOVE_START, NEAR_CONSTANT, TARGET, constant_level
from .i18n import _
from .lrfind import largest_stable
from .runs import costs as read_costs

MAX_BUDGET = 20
# A trial runs long enough to log at least this many costs: a curve, not a point. (A loop
# that logs one cost per 100 updates gave a 100-update trial one cost to judge by. On the
# tuning half, 5 repaired 243 of 261 runs, 10 239, 20 240, none 242: longer trials make the
# cautious pick smaller, too small for some runs with an lr 100x too low.)
MIN_LOGGED = 5
UP = 1e4              # the lr search goes at most this far above the lr given
WELL_BELOW = TARGET   # worked: the end under this share of the constant guess's cost (the
                      # bar a fit must pass in diagnose too)
NO_LEVEL_FALL = 0.2   # ... or, with no level known, under this share of the first cost
BARELY_FELL = 0.9     # with no level known, a trial ending over this share of its first cost learned nothing
BLOWN = 10.0          # a trial whose cost rose past this multiple of its first is unstable
TRIES = 4             # lr trials per candidate fix (the first candidate, the settings as given: one more)
COOLER = 10.0         # the settings as given, stable but not working: also tried at lr / 10 and / 100
NEAR_BEST = 2.0       # a worked trial ending within this factor of the best one's is as good
BISECT = 2.2          # the lr search stops once too large / stable <= 1 + BISECT (one bisection)
MARGIN = 5.0          # a pick's lr is at most the smallest too-large lr / MARGIN
GOOD = 0.1            # a fix's pick ending under this share of the bar: no later fix is tried ...
RAISED = 30.0         # ... unless its lr is over this multiple of the lr given: saturated units can
                      # fit the training costs at an lr orders too large (weights grown huge) and
                      # generalize badly; a fix of the units that works nearer it is preferred
UNIT_LR = 0.01        # standardized inputs: the lr search starts at least here (mean cost)
NOTHING = NEAR_CONSTANT  # a stable trial ending above this share of the constant guess learned
                        # nothing (diagnose's bar for the same thing)
REVIVE = {"activation", "weight_init", "bias_init"}  # the fixes that revive dead or saturated units
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
    """trials: every short run, in order; action: the fix that worked best (the first within
    NEAR_BEST of the best), with a cautious lr ({} if none was stable); lr: the largest stable
    lr tried with the settings as given; level: the constant guess's cost, or None."""
    trials: list = field(default_factory=list)
    action: dict = field(default_factory=dict)
    lr: float = float("nan")
    level: object = None
    budget: int = MAX_BUDGET
    best_only: bool = False
    capped: bool = False  # lr is the search's upper end (UP x the lr given): a bound, not a measurement

    def __str__(self):
        lr = (_("at least {lr:.3g} (the search's upper end)") if self.capped else "{lr:.3g}").format(lr=self.lr)
        head = _("{n} short trials (budget {budget}); the largest stable lr tried with your settings: {lr}").format(
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
                          _("Try (the fix that worked best, with a cautious lr): {action}")).format(action=self.action))
        else:
            lines.append(_("No trial was stable in the budget: log dead fractions and gradient "
                           "norms (doctor.watch) to see why."))
        return "\n".join(lines)


def _end(costs, every=1):
    """(end, stable, start): stable = all finite, never past BLOWN x the first, and not ended
    above where it started (over ABOVE_START x, diagnose's bar: a flat or noisy cost that ends a
    hair above its start is stuck, not unstable); start is also the score's reference when no
    constant guess is known. Where it started: the first cost, or, for a loop logging once per
    `every` > 1 updates, the higher of the first two: such a loop often writes its first cost from
    one sample, the next from `every` of them. (A second cost past BLOWN x the first is a
    blow-up, whatever the first was made of.)"""
    c = read_costs(costs, "train's costs")  # as diagnose reads them: (step, cost) pairs, {"loss": [...]}, ...
    if c.size == 0 or not np.isfinite(c).all():
        return np.inf, False, np.nan
    end, start = float(np.median(c[-max(1, len(c) // 5):])), float(np.max(c[:2 if every > 1 else 1]))
    return end, bool(end <= start + (ABOVE_START - 1) * abs(start) and c.max() <= BLOWN * abs(c[0])), start


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
            targets=None, reduction=None, n_samples=None, batch_size=None, every=1, **_ignored):
    """See the module docstring. train(settings, steps) -> costs; settings must hold "lr".
    The other keywords are nnlib.diagnose's: they say what a constant guess costs; every: one
    cost logged per `every` updates, so each trial runs at least MIN_LOGGED x every updates."""
    if "lr" not in settings or not settings["lr"] > 0:
        raise ValueError("settings must hold a positive 'lr'")
    if not (isinstance(every, (int, np.integer)) and every >= 1):
        raise ValueError(f"every must be a whole number of updates >= 1, got {every!r}")
    steps = max(int(steps), MIN_LOGGED * int(every))
    budget = min(int(budget), MAX_BUDGET)
    report = Examination(budget=budget)
    done = {}  # settings -> Trial: a trial asked for twice is run once

    def level(s):
        return constant_level(loss, n_classes, targets, s.get("reduction", reduction), n_samples,
                              batch_size)

    def run(s):
        key = repr(sorted(s.items()))
        if key not in done:
            if len(report.trials) >= budget:
                return None
            end, stable, start = _end(train(dict(s), steps), every)
            lv = level(s)  # once: each call checks the targets again
            ref = lv or abs(start)
            bar = _bar(lv)
            score = end / ref if ref and np.isfinite(end) else np.inf
            done[key] = Trial(dict(s), end, score, stable, bool(stable and score <= bar))
            report.trials.append(done[key])
        return done[key]

    report.level = level(settings)
    picks = _search(run, settings, report, n_samples, budget)
    if picks:
        report.action = _change(settings, _choose(picks, settings, report.level, n_samples).settings)
        return report
    stable = [t for t in report.trials if t.stable and np.isfinite(t.score)]
    if stable:  # none met the bar: the best stable trial, said so in the report
        # with no constant guess, a trial that barely fell from its first cost (flat from a low
        # start) learned nothing: it is the best only when every trial is like that
        learned = [t for t in stable if report.level or t.score < BARELY_FELL] or stable
        report.action = _change(settings, min(learned, key=_merit(learned, report.level)).settings)
        report.best_only = True
    return report


def _search(run, settings, report, n_samples, budget):
    """Each candidate fix's cautious pick that worked, in the order tried; sets report.lr and
    report.capped from the settings as given."""
    bar = _bar(report.level)
    fixes, picks, start, stuck = list(_candidates(settings)), [], None, False
    while fixes and len(report.trials) < budget:
        fix = fixes.pop(0)
        lr0 = _start(settings, fix, start, n_samples, stuck)
        pick, trials = _try_fix(run, settings, fix, lr0, fix == {})
        if fix == {}:  # the settings as given: always the first
            ok = [t.settings["lr"] for t in trials if t.stable]
            report.lr = max(ok, default=float("nan"))
            report.capped = bool(report.lr >= UP * lr0 * (1 - 1e-9))
            if trials and not trials[0].stable and ok:
                start = max(ok)  # blew up at its own lr: the other fixes start lower
            stuck = bool(trials) and trials[0].stable and not any(t.worked for t in trials)
            if ok and all(t.score >= NOTHING for t in trials if t.stable):
                fixes.sort(key=lambda f: not REVIVE & set(f))  # flat at every lr: units first
        if pick is not None:
            picks.append(pick)
            if pick.score <= GOOD * bar and not _raised(pick, settings, n_samples) and (
                    report.level or "standardize" not in settings or settings["standardize"] or fix.get("standardize")):
                # far below the bar: later fixes change more for little. (With no constant guess
                # the bar is a fall from the first cost, which raw inputs start orders higher:
                # standardizing is tried before stopping.)
                break
    return picks


def _start(settings, fix, limit, n_samples, stuck=False):
    """Where a fix's lr search starts: the lr given (times N for the mean of a summed cost,
    unless the summed run was stable at it and still did not work (stuck): the mean at the lr
    given then takes steps N times smaller than the ones that got it stuck, and the search
    goes up from there);
    for standardized inputs at least UNIT_LR (per sample: their scale, not the raw inputs',
    sets the limit, and an lr found for raw inputs can be orders too small); for the other
    fixes, ``limit`` when given (the largest stable lr of settings that blew up at their own
    lr: a fix of the units does not move the limit by orders)."""
    lr = settings["lr"]
    if "reduction" in fix:  # the mean's lr that takes the summed steps of the (stable) lr
        return lr if stuck else (limit if limit else lr) * (n_samples or 1)
    if "standardize" in fix:
        per = 1 if settings.get("reduction", "mean") != "sum" else (n_samples or 1)
        return max(lr, UNIT_LR / per)
    return limit if fix and limit else lr


def _try_fix(run, settings, fix, lr0, first):
    """(the fix's cautious pick that worked, or None; its trials): the 10-fold search, one
    bisection, then the step back from the edge."""
    trials, too_large = [], []

    def fine(lr):
        """Stable and, past a smaller stable lr, ending lower: a larger step that ends
        higher is past the best lr, if not yet past the limit. (No trial left in the
        budget: False, to end the search, but no lr is then known to be too large.)"""
        t = run({**settings, **fix, "lr": lr})
        if t is None:
            return False
        below = [u.end for u in trials if u.stable and u.settings["lr"] < lr]
        trials.append(t)
        ok = bool(t.stable and (not below or t.end < min(below)))
        if not ok:
            too_large.append(lr)
        return ok
    largest_stable(fine, lr0, TRIES + first, factor=10.0, rtol=BISECT, ceiling=UP * lr0)
    lo = max((t.settings["lr"] for t in trials if t.settings["lr"] not in too_large), default=np.nan)
    hi = min(too_large, default=np.inf)
    if first and np.isfinite(lo) and not any(t.worked for t in trials):
        # stable is not good: a run can bounce, confidently wrong, without blowing
        # up. Below the limit, before any other fix: COOLER times smaller, twice
        for k in (1, 2):
            fine(lo / COOLER ** k)
    return _cautious(fine, trials, hi), trials


def _cautious(fine, trials, hi):
    """Of the trials that worked at most 1 / MARGIN of the smallest lr found too large (hi;
    any lr when none was), the smallest lr whose end is within NEAR_BEST of the best end;
    one more trial at hi / MARGIN when none is near it. The largest stable lr of a short
    run sits at the edge, where a longer or noisier run still blows up or ends high: a
    step back costs little when it ends nearly as low. When hi was stable (past the best lr,
    ending higher, not blowing up) and the step back fell too little in a short trial, the
    trials that worked under hi count."""
    cap = hi / MARGIN if np.isfinite(hi) else np.inf
    ok = [t for t in trials if t.worked and t.settings["lr"] <= cap * (1 + 1e-9)]
    # near: within one bisection step (sqrt 10) below the cap
    if np.isfinite(cap) and not any(t.settings["lr"] * np.sqrt(10.0) > cap for t in ok):
        fine(cap)
        ok += [t for t in trials[-1:] if t.worked and t.settings["lr"] == cap]
    past_best = any(t.stable for t in trials if t.settings["lr"] == hi)  # ended higher, did not blow up
    if not ok and past_best:  # the step back fell too little in a short trial: the worked lrs under hi
        ok = [t for t in trials if t.worked and t.settings["lr"] < hi]
    if not ok:
        return None
    best = min(t.score for t in ok)
    return min((t for t in ok if _near(t.score, best)), key=lambda t: t.settings["lr"])


def _choose(picks, settings, level, n_samples):
    """The pick to act on: the first (in the order tried) within NEAR_BEST of the best; with a
    constant guess known, all picks under GOOD of the bar count alike; and a pick whose lr is
    RAISED over its fix's usual start yields to a fix of the units (REVIVE) that is not.
    Measured by score, or, with no constant guess known and one reduction throughout, by the
    end itself: a fix that lowers the first cost (standardizing raw inputs does, by orders)
    shows a smaller fall from it while ending far lower."""
    merit, by_score = _merit(picks, level), _by_score(picks, level)
    best, good = min(merit(t) for t in picks), GOOD * _bar(level)
    near = [t for t in picks if _near(merit(t), best) or by_score and t.score <= good]
    if not _raised(near[0], settings, n_samples):
        return near[0]
    revived = [t for t in near if not _raised(t, settings, n_samples) and REVIVE & set(_change(settings, t.settings))]
    return revived[0] if revived else near[0]


def _merit(trials, level):
    """How trials compare (lower is better): by score, or, with no constant guess known and one
    reduction throughout, by the end itself. A fix that moves the first cost (standardizing raw
    inputs, or fresh weights that start higher) changes a fall from it, not where it ended."""
    return (lambda t: t.score) if _by_score(trials, level) else (lambda t: t.end)


def _by_score(trials, level):
    """Are trials compared by score (a constant guess known, or reductions that differ)?"""
    return bool(level) or len({t.settings.get("reduction") for t in trials}) > 1


def _raised(trial, settings, n_samples):
    """Did the trial need an lr over RAISED times where its fix's search starts (_start, as if
    nothing blew up: the mean of a summed cost at N x the lr given, standardized inputs at
    least UNIT_LR)?"""
    fix = {k: v for k, v in _change(settings, trial.settings).items() if k != "lr"}
    return trial.settings["lr"] > RAISED * _start(settings, fix, None, n_samples)


def _bar(level):
    """A trial's bar: its end over the constant guess's cost (WELL_BELOW), or, with no level
    known, over its first cost (NO_LEVEL_FALL)."""
    return WELL_BELOW if level else NO_LEVEL_FALL


def _near(score, best):
    """Within NEAR_BEST of the best score (as a distance: a cost, and so a score, can be
    negative, e.g. a log-likelihood)."""
    return score <= best + (NEAR_BEST - 1) * abs(best)


def _change(settings, tried):
    """What a trial changed in the settings, with its lr."""
    return {**{k: v for k, v in tried.items() if settings.get(k, object()) != v}, "lr": float(tried["lr"])}
