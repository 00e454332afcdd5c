"""Checkers for 08: three loops with a planted bug each, and the recap.

    costs = loop(settings)             # a learner's loop: one hidden ReLU layer of 16, a squared error
    check_planted_fix(k, settings)     # does your change to bug k's settings make it train?

The loop exposes what a learner's code would: lr, reduction ("sum" | "mean"), bias_init
(the hidden biases' start), standardize (inputs to mean 0, spread 1). PLANTED[k] is bug k's
settings. A fix passes when the cost ends finite and under a fifth of what a constant guess
costs (judged on the costs, as doctor.examine judges its trials).
"""
from functools import lru_cache

import numpy as np

from ..i18n import N_, _
from ..diagnosis.reference import constant_level
from ._common import _answers, _choice, _numeric, _verdict

N = 300
PLANTED = {
    1: {"lr": 0.01, "reduction": "sum", "bias_init": 0.1, "standardize": False, "scale": 1.0},
    2: {"lr": 0.05, "reduction": "mean", "bias_init": -3.0, "standardize": False, "scale": 1.0},
    3: {"lr": 0.05, "reduction": "mean", "bias_init": 0.1, "standardize": False, "scale": 300.0},
}
KEYS = ("lr", "reduction", "bias_init", "standardize")  # what the learner's loop exposes
# the cause of each bug, as (is it still there? settings -> bool, the hint that names it)
CAUSES = {
    1: (lambda s: s["reduction"] == "sum",
        N_("The cost is summed over the 300 samples, so each step is 300 times the mean cost's: "
           "divide by N (reduction='mean') and pick an lr for the mean")),
    2: (lambda s: s["bias_init"] <= 0,
        N_("Every hidden unit starts with its input <= 0 on every sample, so no gradient flows: "
           "change where the biases start")),
    3: (lambda s: not s["standardize"],
        N_("The inputs are hundreds of times their natural scale, so the stable lr is tiny and "
           "the fit slow: rescale the inputs inside the loop (standardize)")),
}
FIT_BAR = 0.2  # passes: the end under this share of the constant guess's cost


def data():
    """(X (300, 3), Y (300, 1)): a smooth target of three inputs."""
    rng = np.random.default_rng(8)
    X = rng.normal(size=(N, 3))
    Y = np.tanh(X @ np.array([[1.0], [-2.0], [0.5]])) + 0.05 * rng.normal(size=(N, 1))
    return X, Y


def loop(settings, steps=300):
    """The costs (steps,) of full-batch gradient descent with these settings."""
    X, Y = data()
    X = X * settings.get("scale", 1.0)
    if settings.get("standardize"):
        X = (X - X.mean(0)) / X.std(0)
    rng = np.random.default_rng(0)
    W1, b1 = rng.normal(0, np.sqrt(2 / 3), (3, 16)), np.full(16, float(settings.get("bias_init", 0.1)))
    W2, b2 = rng.normal(0, 0.25, (16, 1)), np.zeros(1)
    div = N if settings.get("reduction", "mean") == "mean" else 1
    lr, costs = settings["lr"], []
    with np.errstate(all="ignore"):
        for _ in range(steps):
            z = X @ W1 + b1
            h = np.maximum(z, 0)
            r = h @ W2 + b2 - Y
            costs.append(0.5 * float(np.sum(r ** 2)) / div)
            if not np.isfinite(costs[-1]):
                break
            d = r / div
            dz = (d @ W2.T) * (z > 0)
            W2, b2 = W2 - lr * h.T @ d, b2 - lr * d.sum(0)
            W1, b1 = W1 - lr * X.T @ dz, b1 - lr * dz.sum(0)
    return costs


def level(settings):
    """What a constant guess costs, in this loop's units."""
    return constant_level("squared", targets=data()[1], reduction=settings.get("reduction", "mean"),
                          n_samples=N)


def _refused(settings):
    """A hint for keys the loop does not expose (or that delete the bug), else None."""
    if "scale" in settings:
        return _("scale is how your data arrived, not a setting of your loop: changing it deletes "
                 "the bug instead of fixing the loop. Change {keys}").format(keys=", ".join(KEYS))
    unknown = sorted(set(settings) - set(KEYS))
    if unknown:
        return _("this loop has no setting {unknown}; it exposes {keys}").format(
            unknown=", ".join(map(repr, unknown)), keys=", ".join(KEYS))
    return None


@lru_cache(maxsize=None)
def _planted_blows_up(k):
    """Whether bug k's loop, as planted, ends in a cost that is not finite (the same every time)."""
    return not np.isfinite(loop(PLANTED[k])[-1])


def _hint(k, s, c):
    """What the run with the learner's change did, then the hint that fits what they tried."""
    blew = not np.isfinite(c[-1])  # loop stops early only at a cost that is not finite
    was_blowing = _planted_blows_up(k)
    ends = (_("it no longer blows up but ends at {end:.3g}, {ratio:.2g} times what a constant guess costs. ")
            if was_blowing else _("it ends at {end:.3g}, {ratio:.2g} times what a constant guess costs. "))
    now = (_("it still blows up. ") if blew and was_blowing else _("it now blows up. ") if blew else
           ends.format(end=c[-1], ratio=c[-1] / level(s)))
    still, hint = CAUSES[k]
    if still(s):
        return now + _(hint)
    if blew:  # the cause is mended; the lr chosen with it is too large
        return now + _("The cause is mended; lr = {lr:g} is now too large: lower it.").format(lr=s["lr"])
    return now + _("The cause is mended; lr = {lr:g} is now too small to fit in 300 updates: "
                   "raise it.").format(lr=s["lr"])


def check_planted_fix(k, settings):
    """settings: the changes you make to bug k's settings (a dict), e.g. {"lr": 0.001}."""
    if k not in PLANTED:
        return _verdict(_("k is 1, 2 or 3, got {k!r}").format(k=k))
    if not isinstance(settings, dict):
        return _verdict(_("give your changes as a dict, e.g. {'lr': 0.001}"))
    refused = _refused(settings)
    if refused:
        return _verdict(refused)
    s = {**PLANTED[k], **settings}
    if not (isinstance(s.get("lr"), (int, float)) and s["lr"] > 0):
        return _verdict(_("lr must be a positive number"))
    c = loop(s)
    if not np.isfinite(c[-1]) or c[-1] > FIT_BAR * level(s):
        return _verdict(_hint(k, s, c))
    return _verdict(None)


def check_mean_lr(lr_mean):
    """Notebook 08, section 1's loop: its summed cost grew 292-fold per update at lr 0.01
    over N = 1000 samples. lr_mean: the largest stable lr once the cost (and so the step)
    is divided by N, worked out from the rule lr x lambda_max ~ 1 + sqrt(g). Checked against
    2 / lambda_max of the data's mean cost (nnlib.curvature), within 5%."""
    from ..curvature import linear_critical_lr
    from ..datasets import random_targets
    want = linear_critical_lr(random_targets(n=1000, seed=0)[0], reduction="mean")
    summed = 2 * 0.01 / (1 + np.sqrt(292.0))
    return _verdict(_numeric(lr_mean, want, 0.05, _("the summed cost's stable lr is 2 lr / (1 + sqrt(g)); "
                                                   "the mean's steps are N times smaller at the same lr"),
                             wrong=[(summed, _("that is the summed cost's stable lr: the mean's steps are "
                                               "1000 times smaller, so a 1000 times larger lr is stable")),
                                    (summed / 1000, _("the other way round: smaller steps allow a larger lr"))]))


def check_understanding_08(stable_lr, kind, ce_level):
    """Notebook 08's recap, each on a case the notebook did not show. stable_lr: a full-batch
    cost grows 100-fold per update at lr 0.001: the largest stable lr; kind: 45% of a
    minibatch run's updates raise the cost while its trend falls and its noise band stays
    steady: "a" oscillating, "b" sampling noise (not a problem), "c" diverging; ce_level:
    what a constant guess costs per sample under cross-entropy for 4 balanced classes."""
    want = 2 * 0.001 / (1 + np.sqrt(100.0))  # lr lambda_max ~ 1 + sqrt(g)
    return _answers([
        _numeric(stable_lr, want, 0.05, _("the cost grows by (lr lambda_max - 1)^2 per update: "
                                          "lr lambda_max ~ 1 + sqrt(100); the stable lr is 2 / lambda_max"),
                 wrong=[(0.001 / 100, _("the growth is of the cost, the square of the error's: take "
                                        "its square root")), (2 * 0.001 / 100, _("lr lambda_max is 1 + sqrt(g), not g"))]),
        _choice(kind, "b", {"a": _("rises inside a steady band around a falling trend are batches "
                                   "that happen to be harder: the trend and band decide"),
                            "c": _("a diverging cost's trend rises; this one falls")}),
        _numeric(ce_level, np.log(4), 0.01, _("a constant guess gives each class probability 1/4; "
                                              "its cross-entropy is -ln(1/4)"),
                 wrong=[(0.25, _("that is the probability; take -ln of it"))])])
