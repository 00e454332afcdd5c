"""Style "polylogit": logistic regression on polynomial features, the statistics-course way.

Two rings (make_circles) measured in centimetres (`units` scales the coordinates), expanded to
all monomials up to `degree`, then either plain logistic regression (hidden=0) or one hidden
layer in front of the logistic output. Full-batch gradient descent on binary cross-entropy,
summed over the examples or averaged (`reduction`), plus an L2 penalty `l2`. The cost, penalty
included, is written down at every iteration.
"""
import itertools

import numpy as np
from sklearn.datasets import make_circles

from .common import translate

SCORE = "accuracy"
N_TRAIN = 400


def _features(P, degree):
    cols = [P[:, list(c)].prod(1) for d in range(1, degree + 1)
            for c in itertools.combinations_with_replacement(range(P.shape[1]), d)]
    return np.column_stack(cols)


def _data(s):
    P, y = make_circles(n_samples=N_TRAIN + 200, noise=0.08, factor=0.5, random_state=11)
    X = _features(P * s["units"], s["degree"])
    Xtr, Xte = X[:N_TRAIN], X[N_TRAIN:]
    if s.get("standardize"):
        mu, sd = Xtr.mean(0), Xtr.std(0)
        Xtr, Xte = (Xtr - mu) / sd, (Xte - mu) / sd
    return Xtr, y[:N_TRAIN], Xte, y[N_TRAIN:]


def _hidden(s, A):
    if s["activation"] == "relu":
        return np.maximum(A, 0), (A > 0) * 1.0
    if s["activation"] == "sigmoid":
        H = 1 / (1 + np.exp(-A))
        return H, H * (1 - H)
    H = np.tanh(A)
    return H, 1 - H * H


def _init(s, d):
    rng = np.random.default_rng(s["seed"])
    if s["hidden"] == 0:
        return {"w": np.zeros(d), "c": 0.0}
    k = s["hidden"]
    scale = np.sqrt(2.0 / d) if s["init"] == "he" else np.sqrt(1.0 / d)
    return {"V": rng.normal(0, scale * s["init_gain"], (d, k)), "a": np.full(k, float(s["bias"])),
            "w": rng.normal(0, np.sqrt(1.0 / k), k), "c": 0.0}


def _logit(s, p, X):
    if s["hidden"] == 0:
        return X @ p["w"] + p["c"], X, None
    H, dH = _hidden(s, X @ p["V"] + p["a"])
    return H @ p["w"] + p["c"], H, dH


def _iterate(s, p, X, y):
    z, H, dH = _logit(s, p, X)
    # log(1 + e^z) - y z, written so that large |z| neither overflows nor loses the loss
    per = np.logaddexp(0, z) - y * z
    total = per.sum() if s["reduction"] == "sum" else per.mean()
    weights = p["w"] if s["hidden"] == 0 else p["V"]
    total += 0.5 * s["l2"] * np.sum(weights ** 2)
    r = 1 / (1 + np.exp(-z)) - y
    if s["reduction"] == "mean":
        r = r / len(y)
    lr = s["lr"]
    if s["hidden"]:
        gA = np.outer(r, p["w"]) * dH
        p["V"] -= lr * (X.T @ gA + s["l2"] * p["V"])
        p["a"] -= lr * gA.sum(0)
        p["w"] -= lr * (H.T @ r)
    else:
        p["w"] -= lr * (X.T @ r + s["l2"] * p["w"])
    p["c"] -= lr * r.sum()
    return float(total)


def run(settings, steps=None):
    Xtr, ytr, Xte, yte = _data(settings)
    p = _init(settings, Xtr.shape[1])
    costs = []
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(settings["iters"] if steps is None else steps):
            costs.append(_iterate(settings, p, Xtr, ytr))
        pred = _logit(settings, p, Xte)[0] > 0
    return costs, float(100 * np.mean(pred == yte))


def known(settings):
    return dict(lr=settings["lr"], n_samples=N_TRAIN, reduction=settings["reduction"], batch_size=None, every=1,
                loss="cross_entropy", n_classes=2)


def _put(key, cast=lambda v: v):
    def f(s, v):
        s[key] = cast(v)
    return f


def _bias(s, v):
    s["bias"] = float({"none": 0.0, "U(0,1)": 0.5}.get(v, v))


def _init_kind(s, v):
    s["init"], s["init_gain"] = ("he" if v == "he" else "xavier"), 1.0


OWN = {"reduction": _put("reduction"), "epochs": _put("iters", int), "activation": _put("activation"),
       "bias_init": _bias, "weight_init": _init_kind}


def apply(settings, action):
    return translate(settings, action, OWN)


def base(**kw):
    s = dict(lr=0.5, seed=0, standardize=True, units=1.0, degree=2, hidden=0, activation="tanh", init="xavier",
             init_gain=1.0, bias=0.0, reduction="mean", l2=1e-3, iters=300)
    s.update(kw)
    return s


def suite():
    runs = [("healthy logistic", "healthy", base()),
            ("healthy logistic degree 3", "healthy", base(degree=3, seed=1)),
            ("healthy tanh net seed 2", "healthy", base(hidden=8, seed=2)),
            ("healthy relu net seed 3", "healthy", base(hidden=8, activation="relu", init="he", seed=3)),
            ("healthy summed small lr", "healthy", base(reduction="sum", lr=0.002, seed=4))]
    relu = dict(hidden=8, activation="relu", init="he")
    runs += [("relu net lr 20 (40x)", "lr_high", base(**relu, lr=20.0, seed=3)),
             ("relu net lr 50 (100x)", "lr_high", base(**relu, lr=50.0, seed=1)),
             ("tanh net lr 0.005 (100x low)", "lr_low", base(hidden=8, lr=0.005, seed=2)),
             ("relu net lr 0.005", "lr_low", base(**relu, lr=0.005, seed=3)),
             ("relu net summed over 400", "summed", base(**relu, reduction="sum", seed=3)),
             ("relu net summed over 400 seed 1", "summed", base(**relu, reduction="sum", seed=1)),
             ("centimetres, lr 0.5", "unscaled_diverging", base(standardize=False, units=30.0)),
             ("centimetres degree 3, lr 0.01", "unscaled_diverging", base(standardize=False, units=30.0, degree=3,
                                                                          lr=0.01)),
             ("centimetres, lr 1e-7", "unscaled_conditioned", base(standardize=False, units=30.0, lr=1e-7)),
             ("centimetres tanh net, lr 1e-7", "unscaled_conditioned", base(standardize=False, units=30.0, lr=1e-7,
                                                                            hidden=8, seed=2)),
             ("relu net bias -4", "dead", base(**relu, bias=-4.0, seed=3)),
             ("relu net lr 300 jump", "jump_stuck", base(**relu, lr=300.0, seed=3))]
    return runs
