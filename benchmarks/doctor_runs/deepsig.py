"""Style "deepsig": a deep sigmoid/tanh MLP kept as lists of weight matrices.

The learner's textbook recipe: full-batch gradient descent, hidden layers all sigmoid (or
tanh), the output a sigmoid per class (mean squared error against one-hot targets) or a
softmax with cross-entropy. Two data sets from make_classification: "binary" (features near
unit scale) and "three" (3 classes whose features come in their own units, from 0.01 to
1000). A cost is recorded every iteration. Score: test accuracy.
"""
import numpy as np
from sklearn.datasets import make_classification

from .common import translate

SCORE = "accuracy"
UNITS = np.array([1000.0, 0.01, 50.0, 1.0, 300.0, 0.1, 20.0, 5.0, 2000.0, 1.0])  # column units of "three"
_CACHE = {}


def dataset(name):
    """(X_train, y_train, X_test, y_test) for "binary" or "three"; fixed, whatever the seed."""
    if name not in _CACHE:
        k = 2 if name == "binary" else 3
        X, y = make_classification(n_samples=1000, n_features=10, n_informative=6, n_redundant=2,
                                   n_classes=k, class_sep=1.2, flip_y=0.01, random_state=21 + k)
        if name == "three":
            X = X * UNITS + 0.5 * UNITS  # measured in units, off centre
        _CACHE[name] = (X[:800], y[:800], X[800:], y[800:])
    return _CACHE[name]


def squash(z, kind):
    return np.tanh(z) if kind == "tanh" else 1.0 / (1.0 + np.exp(-np.clip(z, -60, 60)))


def squash_slope(a, kind):
    return 1.0 - a ** 2 if kind == "tanh" else a * (1.0 - a)


def make_weights(sizes, init, bias, rng):
    """Lists Ws, bs: Ws[l] has shape (sizes[l], sizes[l+1]). init: "xavier", "he", "uniform"
    or a number (the standard deviation of every weight)."""
    Ws, bs = [], []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        if init == "xavier":
            std = np.sqrt(2.0 / (n_in + n_out))
        elif init == "he":
            std = np.sqrt(2.0 / n_in)
        elif init == "uniform":
            std = 1.0 / np.sqrt(3.0 * n_in)  # U(-1/sqrt(n_in), 1/sqrt(n_in)) has this std
        else:
            std = float(init)
        if init == "uniform":
            Ws.append(rng.uniform(-1, 1, (n_in, n_out)) / np.sqrt(n_in))
        else:
            Ws.append(rng.normal(0.0, std, (n_in, n_out)))
        bs.append(rng.uniform(0, 1, n_out) if bias == "U(0,1)" else np.full(n_out, float(bias)))
    return Ws, bs


def forward(X, Ws, bs, hidden, out):
    """All layers' outputs, acts[0] = X (n, d) ... acts[-1] = output (n, k)."""
    acts = [X]
    for l, (W, b) in enumerate(zip(Ws, bs)):
        z = acts[-1] @ W + b
        if l < len(Ws) - 1:
            acts.append(squash(z, hidden))
        elif out == "softmax":
            e = np.exp(z - z.max(axis=1, keepdims=True))
            acts.append(e / e.sum(axis=1, keepdims=True))
        else:
            acts.append(squash(z, "sigmoid"))
    return acts


def cost_and_delta(P, T, loss, reduction):
    """Cost and d cost / d (output pre-activation), both for outputs P and one-hot T (n, k)."""
    div = len(T) if reduction == "mean" else 1.0
    if loss == "mse":
        cost = 0.5 * np.sum((P - T) ** 2) / div
        return cost, (P - T) * P * (1 - P) / div
    cost = -np.sum(T * np.log(np.clip(P, 1e-12, 1.0))) / div
    return cost, (P - T) / div  # softmax + cross-entropy


def train(s, steps=None):
    Xtr, ytr, Xte, yte = dataset(s["data"])
    if s["standardize"]:
        mu, sd = Xtr.mean(axis=0), Xtr.std(axis=0)
        Xtr, Xte = (Xtr - mu) / sd, (Xte - mu) / sd
    k = int(ytr.max()) + 1
    T = np.eye(k)[ytr]
    rng = np.random.default_rng(s["seed"])
    Ws, bs = make_weights([Xtr.shape[1]] + [s["width"]] * s["depth"] + [k], s["init"], s["bias"], rng)
    out = "softmax" if s["loss"] == "xent" else "sigmoid"
    costs = []
    for _ in range(steps or s["iterations"]):
        acts = forward(Xtr, Ws, bs, s["activation"], out)
        cost, delta = cost_and_delta(acts[-1], T, s["loss"], s["reduction"])
        costs.append(float(cost))
        for l in range(len(Ws) - 1, -1, -1):
            gW, gb = acts[l].T @ delta, delta.sum(axis=0)
            if l > 0:
                delta = (delta @ Ws[l].T) * squash_slope(acts[l], s["activation"])
            Ws[l] -= s["lr"] * gW
            bs[l] -= s["lr"] * gb
    pred = forward(Xte, Ws, bs, s["activation"], out)[-1].argmax(axis=1)
    return costs, float(100.0 * np.mean(pred == yte))


def run(settings, steps=None):
    """steps: a short run of that many iterations. Returns (cost per iteration, test accuracy %)."""
    with np.errstate(all="ignore"):  # a run that blows up is kept, as its costs say
        return train(dict(DEFAULTS, **settings), steps)


def known(settings):
    s = dict(DEFAULTS, **settings)
    return dict(lr=s["lr"], n_samples=800, reduction=s["reduction"], batch_size=None, every=1,
                loss="squared" if s["loss"] == "mse" else "cross_entropy",
                n_classes=2 if s["data"] == "binary" else 3)


DEFAULTS = dict(data="binary", depth=4, width=16, activation="tanh", init="xavier", bias=0.0,
                loss="mse", reduction="mean", iterations=600, standardize=True)


def _bias(s, v):
    s["bias"] = "U(0,1)" if v == "U(0,1)" else (0.0 if v == "none" else float(v))


OWN = {"epochs": lambda s, v: s.__setitem__("iterations", int(v)),
       "reduction": lambda s, v: s.__setitem__("reduction", v),
       "activation": lambda s, v: s.__setitem__("activation", v) if v in ("tanh", "sigmoid") else None,
       "weight_init": lambda s, v: s.__setitem__("init", v),
       "bias_init": _bias}


def apply(settings, action):
    """The learner's code has sigmoid and tanh only: other activations (and any optimizer)
    are not things it can do."""
    return translate(settings, action, OWN)


def _s(**kw):
    return dict(DEFAULTS, **kw)


def suite():
    """Seeds and settings chosen before the doctor saw any of it; each problem run's cure was checked."""
    three = dict(data="three")
    return [
        ("healthy tanh mse seed 0", "healthy", _s(lr=0.5, seed=0)),
        ("healthy tanh xent seed 1", "healthy", _s(lr=0.1, seed=1, loss="xent")),
        ("healthy three xent seed 2", "healthy", _s(lr=0.5, seed=2, loss="xent", **three)),
        ("healthy three mse seed 3", "healthy", _s(lr=0.5, seed=3, **three)),
        ("healthy sigmoid mse seed 1", "healthy", _s(lr=5.0, seed=1, activation="sigmoid", iterations=1000)),
        ("tanh std 4 seed 0", "saturated", _s(lr=0.5, seed=0, init=4.0)),
        ("tanh std 2 xent seed 0", "saturated", _s(lr=0.1, seed=0, init=2.0, loss="xent")),
        ("sigmoid std 6 seed 0", "saturated",
         _s(lr=5.0, seed=0, init=6.0, activation="sigmoid", iterations=1000)),
        ("xent lr 10 seed 0", "lr_high", _s(lr=10.0, seed=0, loss="xent")),
        ("three xent lr 10 seed 1", "lr_high", _s(lr=10.0, seed=1, loss="xent", **three)),
        ("xent lr 0.001 seed 0", "lr_low", _s(lr=0.001, seed=0, loss="xent")),
        ("mse lr 0.005 seed 2", "lr_low", _s(lr=0.005, seed=2)),
        ("summed xent seed 0", "summed", _s(lr=0.1, seed=0, loss="xent", reduction="sum")),
        ("summed three mse seed 0", "summed", _s(lr=0.5, seed=0, reduction="sum", **three)),
        ("raw three xent seed 0", "unscaled_conditioned",
         _s(lr=0.1, seed=0, loss="xent", standardize=False, **three)),
        ("raw three mse seed 1", "unscaled_conditioned", _s(lr=0.5, seed=1, standardize=False, **three)),
        ("mse lr 1000 seed 0", "jump_stuck", _s(lr=1000.0, seed=0)),
        ("three mse lr 200 seed 0", "jump_stuck", _s(lr=200.0, seed=0, **three)),
    ]
