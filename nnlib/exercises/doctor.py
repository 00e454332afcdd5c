"""Checkers for 08: three loops with a planted bug each, and the recap.

    costs = loop(settings)             # a learner's loop: one hidden ReLU layer of 16, a squared error
    check_planted_fix(k, settings)     # does your change to bug k's settings make it train?

The loop exposes what a learner's code would: lr, reduction ("sum" | "mean"), bias_init
(the hidden biases' start), standardize (inputs to mean 0, spread 1). PLANTED[k] is bug k's
settings. A fix passes when the cost ends finite and under a fifth of what a constant guess
costs (judged on the costs, as doctor.examine judges its trials).
"""
import numpy as np

from ..diagnosis.reference import constant_level
from ._common import _answers, _named, _numeric, _verdict

N = 300
PLANTED = {
    1: {"lr": 0.01, "reduction": "sum", "bias_init": 0.1, "standardize": False, "scale": 1.0},
    2: {"lr": 0.05, "reduction": "mean", "bias_init": -3.0, "standardize": False, "scale": 1.0},
    3: {"lr": 0.05, "reduction": "mean", "bias_init": 0.1, "standardize": False, "scale": 300.0},
}
HINTS = {
    1: "the cost is summed over the 300 samples, so each step is 300 times the mean cost's: "
       "use reduction='mean' (and an lr for the mean, e.g. 0.05)",
    2: "every hidden unit starts with its input below 0 on every sample: start the biases "
       "small and positive (bias_init=0.1)",
    3: "the inputs are hundreds of times their natural scale, so the stable lr is tiny and "
       "the fit slow: standardize=True",
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


def check_planted_fix(k, settings):
    """settings: the changes you make to bug k's settings (a dict), e.g. {"lr": 0.001}."""
    if k not in PLANTED:
        return _verdict(f"k is 1, 2 or 3, got {k!r}")
    if not isinstance(settings, dict):
        return _verdict("give your changes as a dict, e.g. {'lr': 0.001}")
    s = {**PLANTED[k], **settings}
    if not (isinstance(s.get("lr"), (int, float)) and s["lr"] > 0):
        return _verdict("lr must be a positive number")
    c = loop(s)
    if not np.isfinite(c[-1]) or len(c) < 300:
        return _verdict("it still blows up. " + HINTS[k])
    if c[-1] > FIT_BAR * level(s):
        return _verdict(f"it no longer blows up but ends at {c[-1]:.3g}, "
                        f"{c[-1] / level(s):.2g} times what a constant guess costs. " + HINTS[k])
    return _verdict(None)


def check_understanding_08(ce_level, certainty, budget):
    """Notebook 08's recap. ce_level: what a constant guess costs under cross-entropy for
    4 classes (per sample); certainty: what the doctor says when dead units, saturated units
    and a tiny lr all fit a flat curve; budget: the most short runs doctor.examine makes."""
    from ..examine import MAX_BUDGET
    return _answers([
        _numeric(ce_level, np.log(4), 0.01, "a constant guess gives each class probability 1/4; "
                 "its cross-entropy is -ln(1/4)", wrong=[(0.25, "that is the probability; take -ln of it")]),
        _named(certainty, ("can't tell", "cant tell", "cannot tell", "can not tell"),
               "the Diagnosis's certainty when several causes fit", wrong=[("sure", "costs alone cannot "
               "tell dead units from a tiny lr"), ("likely", "several causes fit equally well")]),
        _numeric(budget, MAX_BUDGET, 0, "see nnlib.examine.MAX_BUDGET")])
