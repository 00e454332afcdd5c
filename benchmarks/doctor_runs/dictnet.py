"""Style "dictnet": the old-school backprop net, parameters in a dict.

Parameters live in one dict keyed "W0".."Wk" and "b0".."bk"; forward and backward passes are a
loop over the depth. Sigmoid or tanh hidden units, sigmoid outputs, squared error against
one-hot targets (E = 1/2 sum (t - o)^2 per pattern), weights drawn from U(-r, r). Patterns are
shown in shuffled minibatches (batch_size None: the whole set per update). The error of an epoch
is the patterns' errors as they were met during it, summed or averaged over patterns
(`reduction`); the same reduction scales the gradient. Iris flowers, raw measurements in cm.
"""
import numpy as np
from sklearn.datasets import load_iris

from .common import translate

SCORE = "accuracy"
N_TRAIN = 100


def _data(s):
    X, y = load_iris(return_X_y=True)
    order = np.random.default_rng(3).permutation(150)
    X, y = X[order].copy(), y[order]
    if s.get("standardize"):
        for j in range(X.shape[1]):  # column by column, with the training patterns' mean and spread
            column = X[:N_TRAIN, j]
            X[:, j] = (X[:, j] - column.mean()) / column.std()
    return X[:N_TRAIN], y[:N_TRAIN], X[N_TRAIN:], y[N_TRAIN:]


def _f(name, a):
    if name == "tanh":
        return np.tanh(a)
    if name == "identity":
        return a
    return 1 / (1 + np.exp(-a))


def _df(name, out):
    if name == "tanh":
        return 1 - out ** 2
    if name == "identity":
        return np.ones_like(out)
    return out * (1 - out)


def _init(s):
    rng = np.random.default_rng(s["seed"])
    sizes, net = s["layers"], {}
    for k in range(len(sizes) - 1):
        net[f"W{k}"] = rng.uniform(-s["r"], s["r"], (sizes[k], sizes[k + 1]))
        net[f"b{k}"] = rng.uniform(-s["r"], s["r"], sizes[k + 1]) if s["bias"] == "random" else np.zeros(sizes[k + 1])
    return net


def _forward(s, net, X):
    depth, outs = len(s["layers"]) - 1, [X]
    for k in range(depth):
        act = s["out_act"] if k == depth - 1 else s["act"]
        outs.append(_f(act, outs[-1] @ net[f"W{k}"] + net[f"b{k}"]))
    return outs


def _update(s, net, X, T):
    depth = len(s["layers"]) - 1
    outs = _forward(s, net, X)
    diff = outs[-1] - T
    errors = 0.5 * np.sum(diff ** 2, 1)
    delta = diff * _df(s["out_act"], outs[-1])
    if s["reduction"] == "mean":
        delta = delta / len(X)
    for k in range(depth - 1, -1, -1):
        gW, gb = outs[k].T @ delta, delta.sum(0)
        if k:
            delta = (delta @ net[f"W{k}"].T) * _df(s["act"], outs[k])
        net[f"W{k}"] -= s["lr"] * gW
        net[f"b{k}"] -= s["lr"] * gb
    return errors


def run(settings, steps=None):
    Xtr, ytr, Xte, yte = _data(settings)
    T = np.eye(3)[ytr]
    net, rng = _init(settings), np.random.default_rng(settings["seed"] + 7)
    bs = settings["batch_size"] or N_TRAIN
    epochs, done = [], 0
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(settings["epochs"]):
            order, errs = rng.permutation(N_TRAIN), []
            for i in range(0, N_TRAIN, bs):
                errs.append(_update(settings, net, Xtr[order[i:i + bs]], T[order[i:i + bs]]))
                done += 1
                if steps is not None and done >= steps:
                    break
            e = np.concatenate(errs)
            epochs.append(float(e.sum() if settings["reduction"] == "sum" else e.mean()))
            if steps is not None and done >= steps:
                break
        pred = _forward(settings, net, Xte)[-1].argmax(1)
    return epochs, float(100 * np.mean(pred == yte))


def known(settings):
    bs = settings["batch_size"]
    return dict(lr=settings["lr"], n_samples=N_TRAIN, batch_size=bs, reduction=settings["reduction"],
                every=-(-N_TRAIN // (bs or N_TRAIN)), loss="squared", n_classes=3)


def _put(key, cast=lambda v: v):
    def f(s, v):
        s[key] = cast(v)
    return f


def _activation(s, v):
    if v in ("tanh", "sigmoid", "identity"):  # this code knows no ReLU
        s["act"] = v


def _weight_init(s, v):
    fan_in = s["layers"][0]
    s["r"] = float(np.sqrt(6.0 / (fan_in + s["layers"][1]))) if v in ("xavier", "he") else 0.5


OWN = {"reduction": _put("reduction"), "epochs": _put("epochs", int), "activation": _activation,
       "weight_init": _weight_init}


def apply(settings, action):
    return translate(settings, action, OWN)


def base(**kw):
    s = dict(lr=0.5, seed=0, standardize=True, layers=[4, 10, 3], act="sigmoid", out_act="sigmoid", r=0.5,
             bias="zero", batch_size=10, reduction="mean", epochs=200)
    s.update(kw)
    return s


def suite():
    deep, lin = [4, 10, 10, 10, 3], dict(act="tanh", out_act="identity")
    runs = [("healthy seed 0", "healthy", base()),
            ("healthy seed 1", "healthy", base(seed=1)),
            ("healthy tanh", "healthy", base(act="tanh", lr=0.2, seed=2)),
            ("healthy full batch", "healthy", base(batch_size=None, lr=2.0, epochs=600, seed=3)),
            ("healthy summed online", "healthy", base(batch_size=1, reduction="sum", lr=0.05, epochs=100, seed=4)),
            ("healthy linear outputs", "healthy", base(**lin, lr=0.05)),
            ("healthy linear outputs full batch", "healthy", base(**lin, batch_size=None, lr=0.2, epochs=600, seed=4))]
    runs += [("linear outputs lr 2 (40x)", "lr_high", base(**lin, lr=2.0)),
             ("linear outputs lr 5 (100x)", "lr_high", base(**lin, lr=5.0, seed=1)),
             ("lr 0.005 (100x low)", "lr_low", base(lr=0.005)),
             ("full batch lr 0.02", "lr_low", base(batch_size=None, lr=0.02, epochs=600, seed=3)),
             ("summed full batch lr 2", "summed", base(batch_size=None, lr=2.0, epochs=600, reduction="sum", seed=3)),
             ("linear outputs summed full batch", "summed", base(**lin, batch_size=None, lr=0.2, epochs=600,
                                                                 reduction="sum", seed=4)),
             ("linear outputs summed batch 50", "summed", base(**lin, batch_size=50, lr=0.2, reduction="sum",
                                                               seed=2)),
             ("deep sigmoid U(-8,8)", "saturated", base(layers=deep, r=8.0)),
             ("deep tanh U(-6,6)", "saturated", base(layers=deep, act="tanh", r=6.0, lr=0.2, seed=2))]
    return runs
