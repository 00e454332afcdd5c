"""Style "accum_val": digits with gradient accumulation, and a fixed validation batch logged every k updates.

Written for the next held-out half (doctor_runs.WAITING) by someone who never read or ran the
doctor. The learner classifies sklearn's 8x8 `load_digits` images with a one-hidden-layer net and
a softmax. Their memory is small (they think), so each update adds up the gradients of `accum`
micro-batches of 16 images and then takes one SGD step with that sum divided by `accum` (with
reduction "sum" they forget to divide and each micro-batch's loss is summed too). They keep 200
training images aside as a fixed validation batch and before the first update and every `log_every` updates append its mean
cross-entropy to `val_log`: those are the learner's costs. The score is the test accuracy.
"""
import numpy as np
from sklearn.datasets import load_digits

from .common import one_blas_thread, translate, usual_own

SCORE = "accuracy"
N_TRAIN, N_VAL, MICRO = 1100, 200, 16


def _data(standardize):
    X, y = load_digits(return_X_y=True)
    order = np.random.default_rng(1).permutation(len(y))
    X, y = X[order], y[order]
    if standardize:
        mu, sd = X[:N_TRAIN].mean(0), X[:N_TRAIN].std(0) + 1e-8
        X = (X - mu) / sd
    else:
        X = X / 16.0  # the learner's own scaling: pixels to 0..1
    a, b = N_TRAIN, N_TRAIN + N_VAL
    return X[:a], y[:a], X[a:b], y[a:b], X[b:], y[b:]


def _act(z, name):
    return np.maximum(z, 0) if name == "relu" else np.tanh(z) if name == "tanh" else 1 / (1 + np.exp(-z))


def _dact(h, name):
    return (h > 0) if name == "relu" else 1 - h * h if name == "tanh" else h * (1 - h)


class Net:
    def __init__(self, s, rng):
        std = {"he": np.sqrt(2 / 64), "xavier": np.sqrt(1 / 64)}.get(s["init"])
        self.W1 = rng.normal(0, float(s["init"]) if std is None else std, (64, s["hidden"]))
        self.b1 = np.full(s["hidden"], float(s["bias"]))
        self.W2 = rng.normal(0, np.sqrt(1 / s["hidden"]), (s["hidden"], 10))
        self.b2 = np.zeros(10)
        self.act = s["activation"]

    def logits(self, X):
        self.X, self.h = X, _act(X @ self.W1 + self.b1, self.act)
        return self.h @ self.W2 + self.b2

    def loss(self, X, y, summed=False):
        z = self.logits(X)
        p = np.exp(z - z.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        nll = -np.log(np.clip(p[np.arange(len(y)), y], 1e-12, None))
        self.d = p.copy()
        self.d[np.arange(len(y)), y] -= 1
        if not summed:
            self.d /= len(y)
        return nll.sum() if summed else nll.mean()

    def grads(self):
        dh = (self.d @ self.W2.T) * _dact(self.h, self.act)
        return [self.X.T @ dh, dh.sum(0), self.h.T @ self.d, self.d.sum(0)]


def run(settings, steps=None):
    s = settings
    Xtr, ytr, Xva, yva, Xte, yte = _data(s.get("standardize", False))
    rng = np.random.default_rng(s["seed"])
    net = Net(s, rng)
    summed = s["reduction"] == "sum"
    total = steps or s["updates"]
    val_log = []
    with np.errstate(all="ignore"), one_blas_thread():
        order, pos = rng.permutation(N_TRAIN), 0
        for update in range(total + 1):
            if update % s["log_every"] == 0 or update == total:  # before the step: the first entry is the untrained net's
                val_log.append(float(net.loss(Xva, yva)))
                if not np.isfinite(val_log[-1]) or update == total:
                    break
            acc = None
            for _ in range(s["accum"]):
                if pos + MICRO > N_TRAIN:
                    order, pos = rng.permutation(N_TRAIN), 0
                idx = order[pos:pos + MICRO]
                pos += MICRO
                net.loss(Xtr[idx], ytr[idx], summed)
                g = net.grads()
                acc = g if acc is None else [a + b for a, b in zip(acc, g)]
            scale = 1.0 if summed else 1.0 / s["accum"]
            for p, g in zip((net.W1, net.b1, net.W2, net.b2), acc):
                p -= s["lr"] * scale * g
        z = net.logits(Xte)
        score = float(100 * np.mean(z.argmax(1) == yte)) if np.isfinite(z).all() else 0.0
    return val_log, score


def known(settings):
    return dict(lr=settings["lr"], n_samples=N_TRAIN, batch_size=MICRO * settings["accum"], every=settings["log_every"],
                loss="cross_entropy", n_classes=10, reduction=settings["reduction"])


OWN = usual_own(activations=("relu", "tanh", "sigmoid"), epochs="updates")


def apply(settings, action):
    return translate(settings, action, OWN)


def base(**kw):
    s = dict(lr=0.1, seed=0, standardize=False, accum=4, updates=300, log_every=10, hidden=48,
             activation="relu", init="he", bias=0.0, reduction="mean")
    s.update(kw)
    return s


def suite():
    runs = [(f"healthy seed {k}", "healthy", base(seed=k)) for k in (0, 1, 2)]
    runs += [("healthy tanh xavier, 2 micro-batches", "healthy", base(seed=3, activation="tanh", init="xavier", accum=2)),
             ("healthy standardized pixels", "healthy", base(seed=4, standardize=True, lr=0.05))]
    runs += [("lr 5 (50x)", "lr_high", base(lr=5.0, seed=5)),
             ("lr 10 tanh (100x)", "lr_high", base(lr=10.0, seed=6, activation="tanh", init="xavier")),
             ("lr 0.001 (100x low)", "lr_low", base(lr=0.001, seed=7)),
             ("lr 0.001, 8 micro-batches (100x low)", "lr_low", base(lr=0.001, seed=8, accum=8)),
             ("sum over 4 micro-batches of 16, not divided", "summed", base(reduction="sum", seed=9)),
             ("sum over 8 micro-batches, standardized", "summed", base(reduction="sum", seed=10, accum=8,
                                                                       standardize=True, lr=0.05)),
             ("relu biases -8", "dead", base(bias=-8.0, seed=11)),
             ("relu biases -8, standardized", "dead", base(bias=-8.0, seed=12, standardize=True, lr=0.05)),
             ("sigmoid N(0, 6)", "saturated", base(activation="sigmoid", init=6.0, seed=13, standardize=True)),
             ("tanh N(0, 8)", "saturated", base(activation="tanh", init=8.0, seed=14, standardize=True)),
             ("lr 3 standardized (60x): leaps, then dead relus", "jump_stuck", base(lr=3.0, seed=15, standardize=True)),
             ("lr 4 standardized (80x)", "jump_stuck", base(lr=4.0, seed=16, standardize=True))]
    return runs
