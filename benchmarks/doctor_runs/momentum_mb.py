"""Style "momentum_mb": a minibatch classifier that logs the loss of every minibatch.

Parameters in a dict {"W1", "b1", "W2", "b2", "W3", "b3"}, two ReLU or leaky-ReLU hidden
layers, softmax cross-entropy, and the learner's own optimizers (heavy-ball momentum, Adam,
RMSprop, plain SGD). The loss list has one entry per minibatch, so it is noisy; a loss that
is no longer a number stops the loop. Data: "cancer" (sklearn's breast cancer table, raw
measurements whose scales run from 0.001 to 4000, 2 classes), "blobs" (make_classification,
4 classes, near unit scale) and "sensors" (the same blobs, each column in its own unit, 0.002
to 5000). Score: test accuracy.
"""
import numpy as np
from sklearn.datasets import load_breast_cancer, make_classification

from .common import translate

SCORE = "accuracy"
SENSOR_UNITS = np.array([2000.0, 0.01, 1.0, 50.0, 0.002, 300.0, 0.1, 5000.0, 1.0, 0.5, 20.0, 800.0])
_DATA = {}


def data(name):
    """(Xtr, ytr, Xte, yte), shuffled once with a fixed seed."""
    if name not in _DATA:
        if name == "cancer":
            X, y = load_breast_cancer(return_X_y=True)
        else:
            X, y = make_classification(n_samples=1000, n_features=12, n_informative=8, n_redundant=2,
                                       n_classes=4, class_sep=3.0, random_state=5)
            if name == "sensors":  # the same blobs as a logger records them, each column in its unit
                X = X * SENSOR_UNITS + 2 * SENSOR_UNITS
        idx = np.random.default_rng(99).permutation(len(X))
        X, y = X[idx], y[idx]
        cut = int(0.7 * len(X))
        _DATA[name] = (X[:cut], y[:cut], X[cut:], y[cut:])
    return _DATA[name]


def init_params(sizes, s, rng):
    p = {}
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:]), 1):
        if s["init"] == "he":
            p[f"W{i}"] = rng.normal(size=(a, b)) * np.sqrt(2.0 / a)
        elif s["init"] == "xavier":
            p[f"W{i}"] = rng.normal(size=(a, b)) * np.sqrt(1.0 / a)
        else:  # "uniform"
            p[f"W{i}"] = rng.uniform(-0.1, 0.1, (a, b))
        hidden = i < len(sizes) - 1
        if hidden and s["bias"] == "U(0,1)":
            p[f"b{i}"] = rng.uniform(0.0, 1.0, b)
        else:
            p[f"b{i}"] = np.full(b, float(s["bias"]) if hidden else 0.0)
    return p


def loss_and_grads(p, xb, yb, s):
    """Cross-entropy of one minibatch xb (m, d), labels yb (m,), and its gradients."""
    leak = s["leak"] if s["activation"] == "leaky_relu" else 0.0
    h, zs = xb, []
    for i in (1, 2):
        z = h @ p[f"W{i}"] + p[f"b{i}"]
        zs.append((h, z))
        h = np.where(z > 0, z, leak * z)
    logits = h @ p["W3"] + p["b3"]
    logits = logits - logits.max(1, keepdims=True)
    logp = logits - np.log(np.exp(logits).sum(1, keepdims=True))
    m = len(yb)
    loss = -logp[np.arange(m), yb].sum()
    d = np.exp(logp)
    d[np.arange(m), yb] -= 1.0
    if s["reduction"] == "mean":
        loss, d = loss / m, d / m
    g = {"W3": h.T @ d, "b3": d.sum(0)}
    d = d @ p["W3"].T
    for i in (2, 1):
        hin, z = zs[i - 1]
        d = d * np.where(z > 0, 1.0, leak)
        g[f"W{i}"], g[f"b{i}"] = hin.T @ d, d.sum(0)
        d = d @ p[f"W{i}"].T
    return float(loss), g


def step(p, g, state, s):
    """One optimizer step in place. state: the optimizer's memory (a dict)."""
    lr, kind = s["lr"], s["optimizer"]
    state["t"] = state.get("t", 0) + 1
    for k in p:
        if kind == "momentum":
            state[k] = s["beta"] * state.get(k, 0.0) - lr * g[k]
            p[k] += state[k]
        elif kind == "adam":
            m1, m2 = state.get(k, (0.0, 0.0))
            m1, m2 = 0.9 * m1 + 0.1 * g[k], 0.999 * m2 + 0.001 * g[k] ** 2
            state[k] = (m1, m2)
            t = state["t"]
            p[k] -= lr * (m1 / (1 - 0.9 ** t)) / (np.sqrt(m2 / (1 - 0.999 ** t)) + 1e-8)
        elif kind == "rmsprop":
            state[k] = 0.9 * state.get(k, 0.0) + 0.1 * g[k] ** 2
            p[k] -= lr * g[k] / (np.sqrt(state[k]) + 1e-8)
        else:
            p[k] -= lr * g[k]


def run(settings, steps=None):
    """steps: a short run of that many epochs. Returns (loss of every minibatch, test accuracy %)."""
    s = dict(DEFAULTS, **settings)
    Xtr, ytr, Xte, yte = data(s["data"])
    if s["standardize"]:
        mu, sd = Xtr.mean(0), Xtr.std(0)
        Xtr, Xte = (Xtr - mu) / sd, (Xte - mu) / sd
    rng = np.random.default_rng(s["seed"])
    p = init_params([Xtr.shape[1], s["width"], s["width"], int(ytr.max()) + 1], s, rng)
    state, losses = {}, []
    with np.errstate(all="ignore"):  # blow-ups are part of the lesson
        for _ in range(steps or s["epochs"]):
            order = rng.permutation(len(Xtr))
            for start in range(0, len(Xtr), s["batch_size"]):
                idx = order[start:start + s["batch_size"]]
                loss, g = loss_and_grads(p, Xtr[idx], ytr[idx], s)
                losses.append(loss)
                if not np.isfinite(loss):
                    break
                step(p, g, state, s)
            if not np.isfinite(losses[-1]):  # the learner's own guard: stop once the loss is not a number
                break
        h = Xte
        for i in (1, 2):
            z = h @ p[f"W{i}"] + p[f"b{i}"]
            h = np.where(z > 0, z, (s["leak"] if s["activation"] == "leaky_relu" else 0.0) * z)
        pred = (h @ p["W3"] + p["b3"]).argmax(1)
    return losses, float(100.0 * np.mean(pred == yte))


def known(settings):
    s = dict(DEFAULTS, **settings)
    Xtr, ytr, _, _ = data(s["data"])
    return dict(lr=s["lr"], n_samples=len(Xtr), reduction=s["reduction"], batch_size=s["batch_size"],
                every=1, loss="cross_entropy", n_classes=int(ytr.max()) + 1)


DEFAULTS = dict(data="cancer", width=32, activation="leaky_relu", leak=0.01, init="he", bias=0.0,
                optimizer="momentum", beta=0.9, batch_size=32, epochs=20, reduction="mean", standardize=True)


def _bias(s, v):
    s["bias"] = "U(0,1)" if v == "U(0,1)" else (0.0 if v == "none" else float(v))


OWN = {"epochs": lambda s, v: s.__setitem__("epochs", int(v)),
       "reduction": lambda s, v: s.__setitem__("reduction", v),
       "activation": lambda s, v: s.__setitem__("activation", v) if v in ("relu", "leaky_relu") else None,
       "leak": lambda s, v: s.update(activation="leaky_relu", leak=float(v)),
       "weight_init": lambda s, v: s.__setitem__("init", v),
       "bias_init": _bias,
       "optimizer": lambda s, v: s.__setitem__("optimizer", v)}


def apply(settings, action):
    """Only ReLU-family activations exist in this code: another name is ignored."""
    return translate(settings, action, OWN)


def _s(**kw):
    return dict(DEFAULTS, **kw)


def suite():
    """Seeds and settings chosen before the doctor saw any of it; each problem run's cure was checked."""
    blobs, raw = dict(data="blobs"), dict(data="sensors", standardize=False)
    return [
        ("healthy cancer momentum seed 0", "healthy", _s(lr=0.01, seed=0)),
        ("healthy cancer adam seed 1", "healthy", _s(lr=0.001, seed=1, optimizer="adam")),
        ("healthy cancer relu sgd seed 2", "healthy", _s(lr=0.1, seed=2, optimizer="sgd", activation="relu")),
        ("healthy blobs momentum seed 3", "healthy", _s(lr=0.01, seed=3, **blobs)),
        ("healthy blobs adam seed 4", "healthy", _s(lr=0.003, seed=4, optimizer="adam", **blobs)),
        ("healthy sensors standardized seed 5", "healthy", _s(lr=0.01, seed=5, data="sensors")),
        ("cancer momentum lr 1 seed 0", "lr_high", _s(lr=1.0, seed=0)),
        ("blobs momentum lr 0.5 seed 1", "lr_high", _s(lr=0.5, seed=1, **blobs)),
        ("blobs momentum lr 0.0001 seed 1", "lr_low", _s(lr=0.0001, seed=1, **blobs)),
        ("cancer adam lr 0.00001 seed 2", "lr_low", _s(lr=0.00001, seed=2, optimizer="adam")),
        ("blobs relu bias -3 seed 1", "dead", _s(lr=0.01, seed=1, activation="relu", bias=-3.0, **blobs)),
        ("cancer relu bias -5 seed 0", "dead", _s(lr=0.01, seed=0, activation="relu", bias=-5.0)),
        ("raw sensors lr 0.01 seed 0", "unscaled_diverging", _s(lr=0.01, seed=0, **raw)),
        ("raw cancer lr 0.01 seed 0", "unscaled_diverging", _s(lr=0.01, seed=0, standardize=False)),
        ("raw sensors lr 1e-6 seed 0", "unscaled_conditioned", _s(lr=1e-6, seed=0, **raw)),
        ("raw sensors adam lr 0.001 seed 1", "unscaled_conditioned",
         _s(lr=0.001, seed=1, optimizer="adam", **raw)),
        ("cancer summed bs128 seed 0", "summed", _s(lr=0.01, seed=0, reduction="sum", batch_size=128)),
        ("blobs summed bs64 seed 2", "summed", _s(lr=0.01, seed=2, reduction="sum", batch_size=64, **blobs)),
        ("blobs relu adam lr 0.3 seed 0", "jump_stuck",
         _s(lr=0.3, seed=0, optimizer="adam", activation="relu", **blobs)),
        ("cancer relu momentum lr 0.4 seed 0", "jump_stuck", _s(lr=0.4, seed=0, activation="relu")),
    ]
