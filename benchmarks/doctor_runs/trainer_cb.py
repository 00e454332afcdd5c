"""Style "trainer_cb": a Trainer object that calls back.

A Trainer owns a one-hidden-layer softmax classifier on the wine data (13 raw chemical
measurements, some in the hundreds and thousands) and a list of callbacks: a LossLogger that
writes down the minibatch loss every `log_every` steps and an EarlyStopping that may end
training when the epoch's loss has not improved for `patience` epochs (or stops being a number).
Minibatch SGD, mean cross-entropy. The learner's costs are the logger's list.
"""
import numpy as np
from sklearn.datasets import load_wine

from .common import translate

SCORE = "accuracy"
ACTS = {
    "tanh": (np.tanh, lambda a, h: 1 - h * h),
    "relu": (lambda a: np.maximum(a, 0), lambda a, h: (a > 0) * 1.0),
    "sigmoid": (lambda a: 1 / (1 + np.exp(-a)), lambda a, h: h * (1 - h)),
    "leaky_relu": (lambda a: np.where(a > 0, a, 0.01 * a), lambda a, h: np.where(a > 0, 1.0, 0.01)),
    "identity": (lambda a: a, lambda a, h: np.ones_like(a)),
}


def _split(standardize):
    X, y = load_wine(return_X_y=True)
    order = np.random.default_rng(7).permutation(len(y))
    tr, te = order[:124], order[124:]
    Xtr, Xte = X[tr], X[te]
    if standardize:
        mu, sd = Xtr.mean(0), Xtr.std(0)
        Xtr, Xte = (Xtr - mu) / sd, (Xte - mu) / sd
    return Xtr, y[tr], Xte, y[te]


class LossLogger:
    def __init__(self, log_every):
        self.log_every, self.losses = log_every, []

    def on_step(self, trainer, step, loss):
        if step % self.log_every == 0:
            self.losses.append(float(loss))


class EarlyStopping:
    def __init__(self, patience):
        self.patience, self.best, self.waited = patience, np.inf, 0

    def on_epoch(self, trainer, epoch, loss):
        if not np.isfinite(loss):
            trainer.stop = True
        elif loss < self.best - 1e-4:
            self.best, self.waited = loss, 0
        else:
            self.waited += 1
            trainer.stop = self.waited >= self.patience


class Trainer:
    def __init__(self, s, callbacks):
        rng = np.random.default_rng(s["seed"])
        self.rng, self.s, self.callbacks, self.stop = rng, s, callbacks, False
        h = s["hidden"]
        self.W1 = rng.normal(0, s["init_scale"], (13, h))
        self.b1 = np.full(h, float(s["bias"]))
        self.W2 = rng.normal(0, s["init_scale"], (h, 3))
        self.b2 = np.zeros(3)

    def forward(self, X):
        f, _ = ACTS[self.s["activation"]]
        a = X @ self.W1 + self.b1
        hid = f(a)
        z = hid @ self.W2 + self.b2
        z = z - z.max(1, keepdims=True)
        p = np.exp(z)
        return a, hid, p / p.sum(1, keepdims=True)

    def step(self, X, y):
        a, hid, p = self.forward(X)
        n = len(y)
        with np.errstate(divide="ignore"):
            loss = -np.mean(np.log(p[np.arange(n), y]))
        g = p.copy()
        g[np.arange(n), y] -= 1
        g /= n
        _, df = ACTS[self.s["activation"]]
        gh = (g @ self.W2.T) * df(a, hid)
        lr = self.s["lr"]
        self.W2 -= lr * hid.T @ g
        self.b2 -= lr * g.sum(0)
        self.W1 -= lr * X.T @ gh
        self.b1 -= lr * gh.sum(0)
        return loss

    def fit(self, X, y, max_steps=None):
        step, bs = 0, self.s["batch_size"]
        for epoch in range(self.s["epochs"]):
            order = self.rng.permutation(len(y))
            epoch_losses = []
            for i in range(0, len(y), bs):
                idx = order[i:i + bs]
                with np.errstate(over="ignore", invalid="ignore"):
                    loss = self.step(X[idx], y[idx])
                epoch_losses.append(loss)
                for cb in self.callbacks:
                    if hasattr(cb, "on_step"):
                        cb.on_step(self, step, loss)
                step += 1
                if max_steps is not None and step >= max_steps:
                    return
            for cb in self.callbacks:
                if hasattr(cb, "on_epoch"):
                    cb.on_epoch(self, epoch, float(np.mean(epoch_losses)))
            if self.stop:
                return


def run(settings, steps=None):
    Xtr, ytr, Xte, yte = _split(settings.get("standardize", False))
    logger = LossLogger(settings["log_every"])
    trainer = Trainer(settings, [logger, EarlyStopping(settings["patience"])])
    trainer.fit(Xtr, ytr, max_steps=steps)
    with np.errstate(over="ignore", invalid="ignore"):
        pred = trainer.forward(Xte)[2].argmax(1)
    return logger.losses or [float("nan")], float(100 * np.mean(pred == yte))


def known(settings):
    return dict(lr=settings["lr"], n_samples=124, batch_size=settings["batch_size"], every=settings["log_every"],
                loss="cross_entropy", n_classes=3, reduction="mean")


def _set(key, cast=lambda v: v):
    def f(s, v):
        s[key] = cast(v)
    return f


def _bias(s, v):
    s["bias"] = float({"none": 0.0, "U(0,1)": 0.5}.get(v, v))  # the learner has one number for every unit


def _weight_init(s, v):
    s["init_scale"] = float(np.sqrt(2.0 / 13) if v == "he" else np.sqrt(1.0 / 13))  # by the first layer's fan-in


OWN = {"epochs": _set("epochs", int), "activation": _set("activation"), "bias_init": _bias,
       "weight_init": _weight_init}


def apply(settings, action):
    return translate(settings, action, OWN)


def base(**kw):
    s = dict(lr=0.1, seed=0, standardize=True, batch_size=16, epochs=150, log_every=4, hidden=16,
             init_scale=0.3, bias=0.0, activation="tanh", patience=30)
    s.update(kw)
    return s


def suite():
    runs = [(f"healthy seed {k}", "healthy", base(seed=k)) for k in (0, 1, 2)]
    runs += [("healthy relu batch 32", "healthy", base(seed=3, activation="relu", batch_size=32)),
             ("healthy small batch", "healthy", base(seed=4, batch_size=8, lr=0.05))]
    runs += [("lr 10 tanh (100x)", "lr_high", base(lr=10.0, seed=2)),
             ("lr 3 relu (30x)", "lr_high", base(lr=3.0, activation="relu", seed=1)),
             ("lr 0.001 (100x low)", "lr_low", base(lr=0.001)),
             ("lr 0.0005 relu", "lr_low", base(lr=0.0005, activation="relu", seed=2)),
             ("raw wine tanh lr 0.1", "unscaled_diverging", base(standardize=False)),
             ("raw wine relu lr 0.001", "unscaled_diverging", base(standardize=False, activation="relu", lr=0.001,
                                                                  init_scale=0.01)),
             ("raw wine relu lr 3e-5", "unscaled_conditioned", base(standardize=False, activation="relu", lr=3e-5,
                                                                    init_scale=0.01)),
             ("raw wine tanh lr 1e-4", "unscaled_conditioned", base(standardize=False, lr=1e-4, init_scale=0.01)),
             ("relu bias -5", "dead", base(activation="relu", bias=-5.0)),
             ("relu bias -8", "dead", base(activation="relu", bias=-8.0, seed=1)),
             ("sigmoid weights N(0, 30)", "saturated", base(activation="sigmoid", init_scale=30.0, seed=1)),
             ("tanh weights N(0, 30)", "saturated", base(init_scale=30.0, seed=1))]
    return runs
