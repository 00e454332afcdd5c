"""Style "adam_bce": Adam with a step-decay schedule, a sigmoid output and binary cross-entropy.

The learner classifies sklearn's breast-cancer tumours (30 measurements whose raw values run
from about 0.001 to a few thousand) with a one-hidden-layer network, writing Adam out by hand
(moment estimates m and v with bias correction) and a StepLR-like schedule that multiplies the
rate by `gamma` every `step_size` epochs. The output is `sigmoid(z)` and the loss
`-mean(y log p + (1-y) log(1-p))` with p clipped to [1e-7, 1 - 1e-7], as people do against
log(0); its backward pass is the chain rule link by link, dL/dp then dp/dz = p(1-p).
Minibatches of `batch_size`; after each epoch the learner appends
`running_loss / n_batches`, the epoch's mean minibatch loss: those are the learner's costs.
"""
import numpy as np
from sklearn.datasets import load_breast_cancer

from .common import setter, translate

SCORE = "accuracy"
EPS = 1e-7
HIDDEN_ACTS = {
    "relu": (lambda a: np.maximum(a, 0.0), lambda a, h: (a > 0).astype(float)),
    "leaky_relu": (lambda a: np.where(a > 0, a, 0.01 * a), lambda a, h: np.where(a > 0, 1.0, 0.01)),
    "tanh": (np.tanh, lambda a, h: 1.0 - h * h),
    "sigmoid": (lambda a: 0.5 * (1 + np.tanh(0.5 * a)), lambda a, h: h * (1.0 - h)),
}


def tumours(standardize):
    X, y = load_breast_cancer(return_X_y=True)
    idx = np.random.default_rng(3).permutation(len(y))
    X, y = X[idx], y[idx].astype(float)
    Xtr, Xte, ytr, yte = X[:455], X[455:], y[:455], y[455:]
    if standardize:
        mu, sd = Xtr.mean(0), Xtr.std(0)
        Xtr, Xte = (Xtr - mu) / sd, (Xte - mu) / sd
    return Xtr, ytr, Xte, yte


class Adam:
    """Adam over a dict of named arrays, updated in place."""

    def __init__(self, params, lr, b1=0.9, b2=0.999, eps=1e-8):
        self.params, self.lr, self.b1, self.b2, self.eps, self.t = params, lr, b1, b2, eps, 0
        self.m = {k: np.zeros_like(v) for k, v in params.items()}
        self.v = {k: np.zeros_like(v) for k, v in params.items()}

    def update(self, grads):
        self.t += 1
        for k, g in grads.items():
            self.m[k] = self.b1 * self.m[k] + (1 - self.b1) * g
            self.v[k] = self.b2 * self.v[k] + (1 - self.b2) * g * g
            m_hat = self.m[k] / (1 - self.b1 ** self.t)
            v_hat = self.v[k] / (1 - self.b2 ** self.t)
            self.params[k] -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


def forward(P, X, act):
    """X (n, 30) -> (pre-activations (n, h), hidden (n, h), probabilities (n,))."""
    a = X @ P["W1"] + P["b1"]
    h = HIDDEN_ACTS[act][0](a)
    z = h @ P["w2"] + P["b2"]
    return a, h, 0.5 * (1 + np.tanh(0.5 * z))


def bce_and_grads(P, X, y, act):
    a, h, p = forward(P, X, act)
    pc = np.clip(p, EPS, 1 - EPS)
    loss = -np.mean(y * np.log(pc) + (1 - y) * np.log(1 - pc))
    dp = (-y / pc + (1 - y) / (1 - pc)) / len(y)  # the chain rule link by link: loss -> p -> z
    dz = dp * p * (1 - p)
    dh = np.outer(dz, P["w2"]) * HIDDEN_ACTS[act][1](a, h)
    return loss, {"W1": X.T @ dh, "b1": dh.sum(0), "w2": h.T @ dz, "b2": dz.sum()}


def init(s, rng):
    h = s["hidden"]
    scale = {"he": np.sqrt(2 / 30), "glorot": np.sqrt(2 / (30 + h))}.get(s["init"], s["init"])
    return {"W1": rng.normal(0, scale, (30, h)), "b1": np.full(h, float(s["bias"])),
            "w2": rng.normal(0, np.sqrt(1 / h), h), "b2": np.zeros(())}


def run(settings, steps=None):
    s = settings
    Xtr, ytr, Xte, yte = tumours(s.get("standardize", False))
    rng = np.random.default_rng(s["seed"])
    P = init(s, rng)
    opt = Adam(P, s["lr"])
    history, done = [], 0
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for epoch in range(s["epochs"]):
            opt.lr = s["lr"] * s["gamma"] ** (epoch // s["step_size"])  # StepLR
            order = rng.permutation(len(ytr))
            running, batches = 0.0, 0
            for i in range(0, len(ytr), s["batch_size"]):
                b = order[i:i + s["batch_size"]]
                loss, grads = bce_and_grads(P, Xtr[b], ytr[b], s["activation"])
                opt.update(grads)
                running, batches, done = running + loss, batches + 1, done + 1
                if steps is not None and done >= steps:
                    break
            history.append(float(running / batches))
            if steps is not None and done >= steps:
                break
        acc = np.mean((forward(P, Xte, s["activation"])[2] > 0.5) == yte)
    return history, float(100 * acc)


def known(settings):
    bs = settings["batch_size"]
    return dict(lr=settings["lr"], n_samples=455, batch_size=bs, every=-(-455 // bs), loss="cross_entropy",
                n_classes=2, reduction="mean")



def _weight_init(s, v):
    s["init"] = v if v in ("he", "glorot") else ("glorot" if v == "xavier" else float(v))


def _bias_init(s, v):
    s["bias"] = 0.0 if v in ("none", "zero", "zeros") else float({"U(0,1)": 0.5, "small": 0.01}.get(v, v))


def _activation(s, v):
    if v in HIDDEN_ACTS:
        s["activation"] = v


OWN = {"activation": _activation, "weight_init": _weight_init, "bias_init": _bias_init, "epochs": setter("epochs", int)}


def apply(settings, action):
    return translate(settings, action, OWN)


def base(**kw):
    s = dict(lr=0.01, seed=0, standardize=True, hidden=16, activation="relu", init="he", bias=0.0,
             batch_size=32, epochs=30, step_size=10, gamma=0.5)
    s.update(kw)
    return s


def full(**kw):
    """The whole training set as one batch: one update an epoch, so more epochs."""
    return base(**{"batch_size": 455, "epochs": 150, "step_size": 50, **kw})


def suite():
    runs = [("healthy relu seed 0", "healthy", base()),
            ("healthy relu seed 1", "healthy", base(seed=1)),
            ("healthy tanh glorot", "healthy", base(seed=2, activation="tanh", init="glorot")),
            ("healthy full batch", "healthy", full(seed=3)),
            ("healthy batch 64 leaky", "healthy", base(seed=14, batch_size=64, activation="leaky_relu"))]
    runs += [("lr 0.3 (30x)", "lr_high", base(lr=0.3, seed=4)),
             ("lr 1 (100x)", "lr_high", base(lr=1.0, seed=5)),
             ("lr 0.5 full batch (50x)", "lr_high", full(lr=0.5, seed=15)),
             ("lr 1e-4 (100x low)", "lr_low", base(lr=1e-4, seed=6)),
             ("lr 1e-4 full batch tanh (100x low)", "lr_low", full(lr=1e-4, seed=16, activation="tanh", init="glorot")),
             ("raw measurements", "unscaled_conditioned", base(standardize=False, seed=6)),
             ("raw measurements, weights N(0, 0.001)", "unscaled_conditioned",
              base(standardize=False, init=0.001, seed=7)),
             ("raw measurements, lr 0.001, weights N(0, 0.001)", "unscaled_conditioned",
              base(standardize=False, init=0.001, seed=8, lr=0.001)),
             ("relu bias -8", "dead", base(bias=-8.0, seed=10)),
             ("relu bias -10 full batch", "dead", full(bias=-10.0, seed=11)),
             ("tanh weights N(0, 10)", "saturated", base(init=10.0, activation="tanh", seed=12)),
             ("sigmoid weights N(0, 5)", "saturated", base(init=5.0, activation="sigmoid", seed=13))]
    return runs
