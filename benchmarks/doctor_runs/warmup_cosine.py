"""Style "warmup_cosine": five classes, a learning rate that warms up and then follows a cosine.

The learner copied the schedule from a transformer recipe: `lr_at(step)` rises linearly from 0 to
the peak `lr` over the first `warmup` updates, then falls as half a cosine to zero at the last
update. The data are sklearn's `make_classification` with five classes, whose sixteen features
the learner received as instrument readings, each in its own unit (a column times 1, 10, ... 5000,
plus an offset). The model is a `class Classifier` with `__call__`, `loss_and_grads` and a
`step(lr)`: one or more hidden layers and a softmax with mean cross-entropy, on minibatches. At
each epoch's end the learner appends the mean of that epoch's minibatch losses (`epoch_loss /
n_batches`) to `history["loss"]`; that list is the learner's costs.
"""
import math

import numpy as np
from sklearn.datasets import make_classification

from .common import bias_setter, init_setter, one_blas_thread, setter, translate

SCORE = "accuracy"
N_TRAIN = 1500
UNITS = np.array([1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 1, 10, 100, 1000], float)


def _data(standardize):
    X, y = make_classification(n_samples=2000, n_features=16, n_informative=10, n_redundant=2, n_classes=5,
                               n_clusters_per_class=1, class_sep=1.2, random_state=5)
    X = X * UNITS + 3 * UNITS  # each reading in its instrument's unit, none centred
    Xtr, Xte, ytr, yte = X[:N_TRAIN], X[N_TRAIN:], y[:N_TRAIN], y[N_TRAIN:]
    if standardize:
        mu, sd = Xtr.mean(0), Xtr.std(0)
        Xtr, Xte = (Xtr - mu) / sd, (Xte - mu) / sd
    return Xtr, ytr, Xte, yte


def lr_at(step, peak, warmup, total):
    if step < warmup:
        return peak * (step + 1) / warmup
    return 0.5 * peak * (1 + math.cos(math.pi * (step - warmup) / max(1, total - warmup)))


class Classifier:
    def __init__(self, rng, widths, act, init, bias):
        self.act, self.Ws, self.bs = act, [], []
        for i, (a, b) in enumerate(zip(widths[:-1], widths[1:])):
            std = {"he": math.sqrt(2 / a), "xavier": math.sqrt(2 / (a + b)), "lecun": math.sqrt(1 / a)}.get(init)
            self.Ws.append(rng.normal(0, float(init) if std is None else std, (a, b)))
            self.bs.append(np.full(b, bias if i < len(widths) - 2 else 0.0))

    def _f(self, z):
        if self.act == "relu":
            return np.maximum(z, 0)
        if self.act == "sigmoid":
            return 0.5 * (1 + np.tanh(0.5 * z))
        return np.tanh(z)

    def _df(self, h):  # from the layer's output
        return {"relu": h > 0, "sigmoid": h * (1 - h)}.get(self.act, 1 - h * h)

    def __call__(self, X):
        self.hs = [X]
        for W, b in zip(self.Ws[:-1], self.bs[:-1]):
            self.hs.append(self._f(self.hs[-1] @ W + b))
        return self.hs[-1] @ self.Ws[-1] + self.bs[-1]

    def loss_and_grads(self, X, y):
        logits = self(X)
        logits = logits - logits.max(1, keepdims=True)
        logp = logits - np.log(np.exp(logits).sum(1, keepdims=True))
        loss = -logp[np.arange(len(y)), y].mean()
        d = np.exp(logp)
        d[np.arange(len(y)), y] -= 1
        d /= len(y)
        self.gW, self.gb = [None] * len(self.Ws), [None] * len(self.Ws)
        for i in range(len(self.Ws) - 1, -1, -1):
            self.gW[i], self.gb[i] = self.hs[i].T @ d, d.sum(0)
            if i:
                d = (d @ self.Ws[i].T) * self._df(self.hs[i])
        return loss

    def step(self, lr):
        for i in range(len(self.Ws)):
            self.Ws[i] -= lr * self.gW[i]
            self.bs[i] -= lr * self.gb[i]


def run(settings, steps=None):
    s = settings
    Xtr, ytr, Xte, yte = _data(s.get("standardize", False))
    rng = np.random.default_rng(s["seed"])
    model = Classifier(rng, [16] + [s["hidden"]] * s["layers"] + [5], s["activation"], s["init"], s["bias"])
    bs = s["batch_size"] or N_TRAIN
    per_epoch = -(-N_TRAIN // bs)
    total = s["epochs"] * per_epoch
    history, step = {"loss": []}, 0
    with np.errstate(all="ignore"), one_blas_thread():
        for epoch in range(s["epochs"]):
            perm = rng.permutation(N_TRAIN)
            epoch_loss, n_batches = 0.0, 0
            for i in range(0, N_TRAIN, bs):
                idx = perm[i:i + bs]
                epoch_loss += model.loss_and_grads(Xtr[idx], ytr[idx])
                model.step(lr_at(step, s["lr"], s["warmup"], total))
                step += 1
                n_batches += 1
                if step == steps:
                    break
            history["loss"].append(float(epoch_loss / n_batches))
            if step == steps or not np.isfinite(epoch_loss):
                break
        acc = float(100 * np.mean(model(Xte).argmax(1) == yte))
    return history["loss"], acc


def known(settings):
    bs = settings["batch_size"] or N_TRAIN
    return dict(lr=settings["lr"], n_samples=N_TRAIN, batch_size=bs, every=-(-N_TRAIN // bs), loss="cross_entropy",
                n_classes=5, reduction="mean")


def _activation(s, v):
    if v in ("relu", "tanh", "sigmoid"):
        s["activation"] = v


OWN = {"weight_init": init_setter("init", ("he", "xavier", "lecun")), "bias_init": bias_setter("bias"),
       "activation": _activation, "epochs": setter("epochs", int)}


def apply(settings, action):
    return translate(settings, action, OWN)


def base(**kw):
    s = dict(lr=0.5, seed=0, standardize=True, batch_size=50, epochs=30, warmup=60, hidden=48, layers=1,
             activation="tanh", init="xavier", bias=0.0)
    s.update(kw)
    return s


def full(**kw):
    return base(**{"batch_size": None, "epochs": 300, "warmup": 15, "lr": 2.0, **kw})


def suite():
    runs = [(f"healthy minibatch seed {k}", "healthy", base(seed=k)) for k in (0, 1, 2)]
    runs += [("healthy relu he minibatch", "healthy", base(seed=3, activation="relu", init="he")),
             ("healthy full batch", "healthy", full(seed=4))]
    runs += [("peak lr 10 (20x)", "lr_high", base(lr=10.0, seed=5)),
             ("peak lr 50 (100x)", "lr_high", base(lr=50.0, seed=6)),
             ("peak lr 200 full batch (100x)", "lr_high", full(lr=200.0, seed=7)),
             ("peak lr 0.005 (100x low)", "lr_low", base(lr=0.005, seed=8)),
             ("peak lr 0.02 full batch (100x low)", "lr_low", full(lr=0.02, seed=9)),
             ("readings in their units relu", "unscaled_diverging",
              base(standardize=False, activation="relu", init="he", seed=10)),
             ("readings in their units relu full batch", "unscaled_diverging",
              full(standardize=False, activation="relu", init="he", seed=11)),
             ("readings in their units, peak lr 1e-7", "unscaled_conditioned",
              base(standardize=False, lr=1e-7, seed=12)),
             ("readings in their units full batch lr 1e-6", "unscaled_conditioned",
              full(standardize=False, lr=1e-6, seed=13)),
             ("4 sigmoid layers N(0, 2)", "saturated", base(activation="sigmoid", layers=4, init=2.0, seed=14)),
             ("sigmoid N(0, 4) full batch", "saturated", full(activation="sigmoid", init=4.0, seed=15)),
             ("relu biases -6", "dead", base(activation="relu", init="he", bias=-6.0, seed=16)),
             ("relu biases -6 full batch", "dead", full(activation="relu", init="he", bias=-6.0, seed=17)),
             ("relu peak lr 10 (20x), long warm-up: blows up near the top, then chance", "jump_stuck",
              base(activation="relu", init="he", lr=10.0, warmup=150, seed=20)),
             ("relu peak lr 10 (20x), long warm-up, another seed", "jump_stuck",
              base(activation="relu", init="he", lr=10.0, warmup=150, seed=21))]
    return runs
