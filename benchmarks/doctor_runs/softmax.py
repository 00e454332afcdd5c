"""Style: a softmax classifier on three spiral arms, minibatch or full batch, with the
exponentials taken as written in the textbook (no max subtracted: they can overflow)."""
import numpy as np

from .common import translate

SCORE = "accuracy"
K = 3


def spiral(points=100, seed=41):
    rs = np.random.RandomState(seed)
    X = np.zeros((points * K, 2))
    y = np.zeros(points * K, dtype=int)
    for j in range(K):
        ix = range(points * j, points * (j + 1))
        r = np.linspace(0.0, 1, points)
        t = np.linspace(j * 4, (j + 1) * 4, points) + rs.randn(points) * 0.2
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        y[ix] = j
    return X, y


class Layer:
    def __init__(self, n_in, n_out, rs, bias=0.0, scale=None):
        self.W = rs.randn(n_in, n_out) * (scale if scale is not None else np.sqrt(2.0 / n_in))
        self.b = np.full((1, n_out), bias)


def probs(scores):
    e = np.exp(scores)
    return e / np.sum(e, axis=1, keepdims=True)


def run(s, steps=None):
    X, y = spiral()
    X = X * s.get("input_scale", 1.0)
    if s.get("standardize"):
        X = (X - X.mean(0)) / X.std(0)
    rs = np.random.RandomState(s["seed"])
    act = s.get("act", "relu")
    sizes = [2, *s.get("hidden", [64]), K]
    layers = [Layer(a, b, rs, s.get("bias", 0.0) if i < len(sizes) - 2 else 0.0,
                    None if act != "sigmoid" else np.sqrt(1.0 / a))
              for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:]))]
    n, bs = len(X), s.get("batch") or len(X)
    history = []
    with np.errstate(all="ignore"):
        for epoch in range(steps or s.get("epochs", 300)):
            order = rs.permutation(n)
            for st in range(0, n, bs):
                idx = order[st:st + bs]
                hs, h = [X[idx]], X[idx]
                for L in layers[:-1]:
                    z = h @ L.W + L.b
                    h = np.maximum(0, z) if act == "relu" else 1 / (1 + np.exp(-z))
                    hs.append(h)
                p = probs(h @ layers[-1].W + layers[-1].b)
                loss = -np.mean(np.log(p[range(len(idx)), y[idx]]))
                d = p.copy()
                d[range(len(idx)), y[idx]] -= 1
                d /= len(idx)
                for i in reversed(range(len(layers))):
                    dW, db = hs[i].T @ d, d.sum(0, keepdims=True)
                    if i:
                        d = d @ layers[i].W.T
                        d = d * (hs[i] > 0) if act == "relu" else d * hs[i] * (1 - hs[i])
                    layers[i].W -= s["lr"] * dW
                    layers[i].b -= s["lr"] * db
                history.append(float(loss))
            if not np.isfinite(history[-1]):
                break
        h = X
        for L in layers[:-1]:
            z = h @ L.W + L.b
            h = np.maximum(0, z) if act == "relu" else 1 / (1 + np.exp(-z))
        acc = float(np.mean(np.argmax(h @ layers[-1].W + layers[-1].b, 1) == y))
    return history, 100 * acc


def known(s):
    X, y = spiral()
    return dict(lr=s["lr"], n_samples=len(X), reduction="mean", batch_size=s.get("batch"),
                loss="cross_entropy", n_classes=K)


def _activation(s, v):
    s["act"] = "relu" if "relu" in v else "sigmoid"
    s["hidden"] = s.get("hidden", [64])[:2] if "relu" in v else s.get("hidden", [64])


OWN = {"epochs": lambda s, v: s.__setitem__("epochs", int(v) if not s.get("batch") else max(1, int(v) * s["batch"] // 300)),
       "activation": _activation,
       "bias_init": lambda s, v: s.__setitem__("bias", 0.0)}


def apply(s, action):
    return translate(s, action, OWN)


def suite():
    full = dict(lr=1.0, epochs=300, hidden=[64])
    mb = dict(full, batch=30, epochs=40, lr=0.3)
    out = []
    for seed in range(4):
        out.append((f"healthy full seed {seed}", "healthy", dict(full, seed=seed)))
    for seed in range(3):
        out.append((f"healthy minibatch seed {seed}", "healthy", dict(mb, seed=seed)))
    for seed in range(2):
        out.append((f"lr x100 full seed {seed}", "lr_high", dict(full, seed=seed, lr=100.0)))
        out.append((f"lr x50 minibatch seed {seed}", "lr_high", dict(mb, seed=seed, lr=15.0)))
    for seed in range(2):
        out.append((f"lr /100 full seed {seed}", "lr_low", dict(full, seed=seed, lr=0.01)))
    out.append(("lr /100 minibatch", "lr_low", dict(mb, seed=0, lr=0.003)))
    for seed in range(2):
        out.append((f"unscaled x100 seed {seed}", "unscaled_diverging", dict(full, seed=seed, input_scale=100.0)))
    out.append(("unscaled x100 minibatch", "unscaled_diverging", dict(mb, seed=0, input_scale=100.0)))
    for seed in range(2):
        out.append((f"negative bias seed {seed}", "dead", dict(full, seed=seed, bias=-3.0)))
    for seed in range(2):
        out.append((f"deep sigmoid seed {seed}", "saturated",
                    dict(full, seed=seed, hidden=[32] * 6, act="sigmoid", lr=0.5)))
    out.append(("lr x12 full", "lr_high", dict(full, seed=0, lr=12.0)))
    return out
