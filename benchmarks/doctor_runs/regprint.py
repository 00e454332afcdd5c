"""Style "regprint": a regression script that prints its loss as text.

One hidden layer (w1, b1, w2, b2), full-batch gradient descent on the mean or the summed
squared error, and a print of the loss every `every` iterations with a fixed number of
decimals. The learner has only the printout: run() reads the costs back from that text, so
the rounding is real. Two data sets: "friedman" (make_friedman1, inputs in [0, 1], one
output) and "plant" (make_regression with two outputs, whose inputs are in their own units,
from 0.001 to 5000). Score: the test set's mean squared error (lower is better).
"""
import contextlib
import io
import re

import numpy as np
from sklearn.datasets import make_friedman1, make_regression

from .common import translate

SCORE = "loss"
UNITS = np.array([5000.0, 0.001, 30.0, 1.0, 800.0, 0.05, 2.0, 150.0])  # the plant's input units
LINE = re.compile(r"^iter\s+(\d+)\s+loss\s+(\S+)$")


def load(name):
    """(X, Y): 800 rows; Y has shape (800, 1) or (800, 2). The same data for every seed."""
    if name == "friedman":
        X, y = make_friedman1(n_samples=800, n_features=6, noise=0.5, random_state=3)
        return X, y[:, None]
    X, Y = make_regression(n_samples=800, n_features=8, n_informative=6, n_targets=2, noise=8.0,
                           random_state=4)
    Y = np.tanh(Y / 150.0) * 10.0  # a gentle bend, so the hidden layer earns its keep
    return X * UNITS + 3 * UNITS, Y


def script(s, iterations):
    """The learner's training script: prints as it goes; returns the test MSE."""
    X, Y = load(s["data"])
    Xtr, Ytr, Xte, Yte = X[:600], Y[:600], X[600:], Y[600:]
    if s["standardize"]:
        m, sd = Xtr.mean(0), Xtr.std(0)
        Xtr, Xte = (Xtr - m) / sd, (Xte - m) / sd
    rng = np.random.default_rng(s["seed"])
    h = s["hidden"]
    w1 = rng.normal(0, np.sqrt(2.0 / Xtr.shape[1]) if s["init"] == "he" else 0.1, (Xtr.shape[1], h))
    b1 = np.full(h, float(s["bias"]))
    w2 = rng.normal(0, 0.1, (h, Ytr.shape[1]))
    b2 = np.zeros(Ytr.shape[1])
    relu = s["activation"] == "relu"
    for i in range(iterations):
        z = Xtr @ w1 + b1
        a = np.maximum(z, 0) if relu else np.tanh(z)
        err = a @ w2 + b2 - Ytr
        if s["reduction"] == "sum":
            loss, g = np.sum(err ** 2), 2 * err
        else:
            loss, g = np.mean(err ** 2), 2 * err / err.size
        if i % s["every"] == 0:
            print(f"iter {i:5d}  loss {loss:.{s['decimals']}f}")
        da = g @ w2.T
        dz = da * (z > 0) if relu else da * (1 - a ** 2)
        w2 -= s["lr"] * a.T @ g
        b2 -= s["lr"] * g.sum(0)
        w1 -= s["lr"] * Xtr.T @ dz
        b1 -= s["lr"] * dz.sum(0)
    a = np.maximum(Xte @ w1 + b1, 0) if relu else np.tanh(Xte @ w1 + b1)
    return float(np.mean((a @ w2 + b2 - Yte) ** 2))


def run(settings, steps=None):
    """steps: a short run of that many iterations. Returns (the printed losses read back, test MSE)."""
    s = dict(DEFAULTS, **settings)
    text = io.StringIO()
    with contextlib.redirect_stdout(text), np.errstate(all="ignore"):  # blow-ups print inf/nan
        mse = script(s, steps or s["iterations"])
    costs = [float(m.group(2)) for m in map(LINE.match, text.getvalue().splitlines()) if m]
    return costs, (mse if np.isfinite(mse) else float("inf"))


def known(settings):
    s = dict(DEFAULTS, **settings)
    X, Y = load(s["data"])
    return dict(lr=s["lr"], n_samples=600, reduction=s["reduction"], batch_size=None, every=s["every"],
                loss="squared", targets=Y[:600] if Y.shape[1] > 1 else Y[:600, 0])


DEFAULTS = dict(data="friedman", hidden=32, activation="relu", init="he", bias=0.0, reduction="mean",
                iterations=2000, every=20, decimals=3, standardize=True)


def _bias(s, v):
    s["bias"] = 0.0 if v in ("none", "U(0,1)") else float(v)  # the script knows constant biases only


OWN = {"epochs": lambda s, v: s.__setitem__("iterations", int(v)),
       "reduction": lambda s, v: s.__setitem__("reduction", v),
       "activation": lambda s, v: s.__setitem__("activation", v) if v in ("relu", "tanh") else None,
       "weight_init": lambda s, v: s.__setitem__("init", "he" if v == "he" else "small"),
       "bias_init": _bias}


def apply(settings, action):
    return translate(settings, action, OWN)


def _s(**kw):
    return dict(DEFAULTS, **kw)


def suite():
    """Seeds and settings chosen before the doctor saw any of it; each problem run's cure was checked."""
    plant, raw = dict(data="plant"), dict(data="plant", standardize=False)
    return [
        ("healthy friedman seed 0", "healthy", _s(lr=0.03, seed=0)),
        ("healthy friedman every 50 seed 1", "healthy", _s(lr=0.03, seed=1, every=50, decimals=2)),
        ("healthy plant seed 2", "healthy", _s(lr=0.03, seed=2, **plant)),
        ("healthy plant 1 decimal seed 3", "healthy", _s(lr=0.03, seed=3, decimals=1, **plant)),
        ("healthy tanh 1 decimal seed 4", "healthy", _s(lr=0.03, seed=4, activation="tanh", decimals=1)),
        ("friedman lr 0.6 seed 1", "lr_high", _s(lr=0.6, seed=1)),
        ("plant lr 1 seed 0", "lr_high", _s(lr=1.0, seed=0, **plant)),
        ("friedman lr 0.0003 seed 0", "lr_low", _s(lr=0.0003, seed=0)),
        ("plant lr 0.0003 seed 1", "lr_low", _s(lr=0.0003, seed=1, **plant)),
        ("friedman summed seed 0", "summed", _s(lr=0.03, seed=0, reduction="sum")),
        ("plant summed seed 1", "summed", _s(lr=0.03, seed=1, reduction="sum", **plant)),
        ("raw plant lr 0.03 seed 0", "unscaled_diverging", _s(lr=0.03, seed=0, **raw)),
        ("raw plant lr 0.001 seed 1", "unscaled_diverging", _s(lr=0.001, seed=1, **raw)),
        ("raw plant lr 1e-7 seed 0", "unscaled_conditioned", _s(lr=1e-7, seed=0, **raw)),
        ("raw plant lr 1e-8 seed 2", "unscaled_conditioned", _s(lr=1e-8, seed=2, **raw)),
        ("friedman bias -5 seed 0", "dead", _s(lr=0.03, seed=0, bias=-5.0)),
        ("plant bias -5 seed 1", "dead", _s(lr=0.03, seed=1, bias=-5.0, **plant)),
    ]
