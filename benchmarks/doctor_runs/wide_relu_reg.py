"""Style "wide_relu_reg": a wide ReLU regression net, layer sizes in a list.

Friedman's first regression problem (10 inputs in [0, 1], a target around 14), a net of
`sizes` hidden units (two or three wide layers) with He or uniform initial weights, trained by
minibatch SGD on squared error, averaged over the batch or summed (`reduction`). An optional
gradient-norm clip (`clip`, None by default). The learner prints and keeps one number per
epoch: the average of that epoch's minibatch losses. Score: test mean squared error.
"""
import numpy as np
from sklearn.datasets import make_friedman1

from .common import translate

SCORE = "loss"
N_TRAIN = 600


class Scaler:
    """Learns each column's centre and spread on the training rows; the learner's own StandardScaler."""

    def fit(self, X):
        self.centre, self.spread = X.mean(axis=0), X.std(axis=0)
        return self

    def transform(self, X):
        return (X - self.centre) / self.spread


def _data(s):
    X, y = make_friedman1(n_samples=N_TRAIN + 300, noise=1.0, random_state=5)
    train, test = slice(0, N_TRAIN), slice(N_TRAIN, None)
    if s.get("standardize"):
        X = Scaler().fit(X[train]).transform(X)
    return X[train], y[train], X[test], y[test]


def _act(s, A):
    if s["activation"] == "sigmoid":
        H = 1 / (1 + np.exp(-A))
        return H, H * (1 - H)
    if s["activation"] == "tanh":
        H = np.tanh(A)
        return H, 1 - H * H
    slope = s["leak"] if s["activation"] == "leaky_relu" else 0.0
    return np.where(A > 0, A, slope * A), np.where(A > 0, 1.0, slope)


def _layers(s, n_in):
    rng = np.random.default_rng(s["seed"])
    sizes = [n_in] + list(s["sizes"]) + [1]
    Ws, bs = [], []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        if s["init"] == "he":
            W = rng.normal(0, np.sqrt(2.0 / a), (a, b))
        else:  # "uniform": U(-1/sqrt(a), 1/sqrt(a)), the old default of many tutorials
            W = rng.uniform(-1, 1, (a, b)) / np.sqrt(a)
        Ws.append(W * s["gain"])
        bs.append(np.full(b, float(s["bias"]) if i < len(sizes) - 2 else 0.0))
    return Ws, bs


def _sgd_step(s, Ws, bs, X, y):
    hs, ds = [X], []
    for W, b in zip(Ws[:-1], bs[:-1]):
        H, dH = _act(s, hs[-1] @ W + b)
        hs.append(H)
        ds.append(dH)
    err = hs[-1] @ Ws[-1][:, 0] + bs[-1][0] - y
    loss = 0.5 * (np.sum(err ** 2) if s["reduction"] == "sum" else np.mean(err ** 2))
    g = (err if s["reduction"] == "sum" else err / len(y))[:, None]
    grads = []
    for i in range(len(Ws) - 1, -1, -1):
        grads.append((hs[i].T @ g, g.sum(0)))
        if i:
            g = (g @ Ws[i].T) * ds[i - 1]
    grads.reverse()
    scale = 1.0
    if s["clip"] is not None:
        norm = np.sqrt(sum(np.sum(gW ** 2) + np.sum(gb ** 2) for gW, gb in grads))
        scale = min(1.0, s["clip"] / max(norm, 1e-12))
    for (gW, gb), W, b in zip(grads, Ws, bs):
        W -= s["lr"] * scale * gW
        b -= s["lr"] * scale * gb
    return loss


def _predict(s, Ws, bs, X):
    H = X
    for W, b in zip(Ws[:-1], bs[:-1]):
        H = _act(s, H @ W + b)[0]
    return H @ Ws[-1][:, 0] + bs[-1][0]


def run(settings, steps=None):
    Xtr, ytr, Xte, yte = _data(settings)
    Ws, bs = _layers(settings, Xtr.shape[1])
    rng = np.random.default_rng(settings["seed"] + 1)
    history, done, bsz = [], 0, settings["batch_size"]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(settings["epochs"]):
            order, losses = rng.permutation(N_TRAIN), []
            for i in range(0, N_TRAIN, bsz):
                losses.append(_sgd_step(settings, Ws, bs, Xtr[order[i:i + bsz]], ytr[order[i:i + bsz]]))
                done += 1
                if steps is not None and done >= steps:
                    break
            history.append(float(np.mean(losses)))
            if steps is not None and done >= steps:
                break
        test = float(np.mean((_predict(settings, Ws, bs, Xte) - yte) ** 2))
    return history, test if np.isfinite(test) else float("inf")


def known(settings):
    ytr = _data(settings)[1]
    return dict(lr=settings["lr"], n_samples=N_TRAIN, batch_size=settings["batch_size"], reduction=settings["reduction"],
                every=-(-N_TRAIN // settings["batch_size"]), loss="squared", targets=ytr)


def _setter(key, cast):
    return lambda s, v: s.__setitem__(key, cast(v))


# the doctor's keys this code has, each with the type the settings keep; bias_init's labels are numbers here
OWN = {key: _setter(key, cast) for key, cast in
       (("reduction", str), ("epochs", int), ("activation", str), ("leak", float))}
OWN["bias_init"] = _setter("bias", lambda v: float({"none": 0.0, "U(0,1)": 0.5}.get(v, v)))
OWN["weight_init"] = lambda s, v: s.update(init="he" if v == "he" else "uniform", gain=1.0)


def apply(settings, action):
    return translate(settings, action, OWN)


def base(**kw):
    s = dict(lr=0.01, seed=0, standardize=True, sizes=[64, 64], activation="relu", leak=0.01, init="he", gain=1.0,
             bias=0.0, batch_size=32, reduction="mean", clip=None, epochs=150)
    s.update(kw)
    return s


def suite():
    runs = [("healthy he seed 0", "healthy", base()),
            ("healthy he seed 1", "healthy", base(seed=1)),
            ("healthy uniform three layers", "healthy", base(init="uniform", sizes=[64, 64, 32], seed=2)),
            ("healthy batch 100", "healthy", base(batch_size=100, lr=0.02, seed=3)),
            ("healthy raw [0,1] inputs", "healthy", base(standardize=False, seed=4))]
    runs += [("lr 0.5 (50x)", "lr_high", base(lr=0.5)),
             ("lr 0.1 batch 100 (5x)", "lr_high", base(batch_size=100, lr=0.1, seed=1)),
             ("lr 0.15 batch 100 (7x)", "lr_high", base(batch_size=100, lr=0.15, seed=0)),
             ("lr 1e-4 (100x low)", "lr_low", base(lr=1e-4)),
             ("lr 1e-4 three layers", "lr_low", base(lr=1e-4, sizes=[64, 64, 32], init="uniform", seed=2)),
             ("summed over batch 100", "summed", base(batch_size=100, lr=0.02, reduction="sum", seed=3)),
             ("summed over batch 32", "summed", base(reduction="sum", seed=1)),
             ("bias -3", "dead", base(bias=-3.0)),
             ("bias -5 three layers", "dead", base(bias=-5.0, sizes=[64, 64, 32], seed=2)),
             ("lr 0.1 batch 100 jump", "jump_stuck", base(batch_size=100, lr=0.1, seed=2)),
             ("lr 0.3 batch 100 jump", "jump_stuck", base(batch_size=100, lr=0.3, seed=0))]
    return runs
