"""Style: a class-based regression net that keeps one cost per epoch (the mean of its
batch losses), as tutorials that wrap everything in a class write it."""
import numpy as np

from .common import translate

SCORE = "loss"


def _data(n=400, seed=11):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2, 2, (n, 4))
    y = np.sin(X[:, :1]) + 0.5 * X[:, 1:2] ** 2 - 0.3 * X[:, 2:3] * X[:, 3:4]
    return X, y + 0.05 * rng.normal(size=y.shape)


class MLP:
    def __init__(self, layers, activation="relu", init="he", bias=0.0, seed=0):
        rng = np.random.default_rng(seed)
        self.act = activation
        self.W, self.b = [], []
        for a, b in zip(layers[:-1], layers[1:]):
            std = np.sqrt(2.0 / a) if init == "he" else np.sqrt(1.0 / a)
            self.W.append(rng.normal(0.0, std, (a, b)))
            self.b.append(np.full((1, b), float(bias)))
        self.b[-1][:] = 0.0

    def _f(self, z):
        if self.act == "relu":
            return np.maximum(0, z)
        if self.act == "leaky_relu":
            return np.where(z > 0, z, 0.01 * z)
        if self.act == "tanh":
            return np.tanh(z)
        return 1 / (1 + np.exp(-z))

    def _df(self, z, a):
        if self.act == "relu":
            return (z > 0) * 1.0
        if self.act == "leaky_relu":
            return np.where(z > 0, 1.0, 0.01)
        if self.act == "tanh":
            return 1 - a ** 2
        return a * (1 - a)

    def predict(self, X):
        self.cache = [(None, X)]
        a = X
        for i, (W, b) in enumerate(zip(self.W, self.b)):
            z = a @ W + b
            a = z if i == len(self.W) - 1 else self._f(z)
            self.cache.append((z, a))
        return a

    def step(self, X, y, lr):
        out = self.predict(X)
        loss = np.mean((out - y) ** 2)
        g = 2 * (out - y) / len(X)
        for i in reversed(range(len(self.W))):
            a_prev = self.cache[i][1]
            gW, gb = a_prev.T @ g, g.sum(0, keepdims=True)
            if i > 0:
                z, a = self.cache[i]
                g = (g @ self.W[i].T) * self._df(z, a)
            self.W[i] -= lr * gW
            self.b[i] -= lr * gb
        return loss

    def fit(self, X, y, epochs, lr, batch=None, first_lr=None, seed=0):
        rng = np.random.default_rng(seed + 1)
        self.costs = []
        batch = batch or len(X)
        for epoch in range(epochs):
            idx = rng.permutation(len(X))
            losses = []
            for s in range(0, len(X), batch):
                j = idx[s:s + batch]
                rate = first_lr if (first_lr and epoch == 0 and s == 0) else lr
                losses.append(self.step(X[j], y[j], rate))
            self.costs.append(float(np.mean(losses)))
            if not np.isfinite(self.costs[-1]):
                break
        return self


def run(s, steps=None):
    X, y = _data()
    if s.get("standardize"):
        X = (X - X.mean(0)) / X.std(0)
    net = MLP([4, *s.get("hidden", [16]), 1], s.get("activation", "relu"), s.get("init", "he"),
              s.get("bias", 0.0), s["seed"])
    with np.errstate(all="ignore"):
        net.fit(X, y, steps or s.get("epochs", 200), s["lr"], s.get("batch"), s.get("first_lr"), s["seed"])
        final = float(np.mean((net.predict(X) - y) ** 2))
    return net.costs, final if np.isfinite(final) else np.inf


def known(s):
    """What this learner knows to tell the doctor."""
    X, y = _data()
    return dict(lr=s["lr"], n_samples=len(X), reduction="mean", batch_size=s.get("batch"),
                loss="squared", targets=y)


def _set(key, fn=lambda v: v):
    return lambda s, v: s.__setitem__(key, fn(v))


OWN = {"activation": lambda s, v: s.__setitem__("activation", v) if v in ("relu", "leaky_relu", "tanh", "sigmoid") else None,
       "weight_init": _set("init", lambda v: "he" if v == "he" else "xavier"),
       "bias_init": _set("bias", lambda v: 0.01 if isinstance(v, str) else float(v)),
       "epochs": _set("epochs", int)}


def apply(s, action):
    """The learner applies a fix in this code's own terms (a new lr replaces the first step's too)."""
    s = translate(s, action, OWN)
    if "lr" in action or "lr_scale" in action:
        s.pop("first_lr", None)
    return s


def suite():
    base = dict(lr=0.05, epochs=200, hidden=[16], activation="relu", bias=0.0)
    mb = dict(base, batch=32, epochs=40, lr=0.02)
    out = []
    for seed in range(5):
        out.append((f"healthy full seed {seed}", "healthy", dict(base, seed=seed)))
    for seed in range(3):
        out.append((f"healthy minibatch seed {seed}", "healthy", dict(mb, seed=seed)))
    out.append(("healthy tanh", "healthy", dict(base, seed=0, activation="tanh", init="xavier")))
    for seed in range(2):
        out.append((f"lr x30 full seed {seed}", "lr_high", dict(base, seed=seed, lr=1.5)))
        out.append((f"lr x100 full seed {seed}", "lr_high", dict(base, seed=seed, lr=5.0)))
        out.append((f"lr x50 minibatch seed {seed}", "lr_high", dict(mb, seed=seed, lr=1.0)))
    for seed in range(3):
        out.append((f"lr /100 full seed {seed}", "lr_low", dict(base, seed=seed, lr=0.0005)))
    out.append(("lr /100 minibatch", "lr_low", dict(mb, seed=0, lr=0.0002)))
    for seed in range(3):
        out.append((f"negative bias seed {seed}", "dead", dict(base, seed=seed, bias=-4.0)))
    for seed in range(2):
        out.append((f"huge first step seed {seed}", "jump_stuck", dict(base, seed=seed, first_lr=2.0)))
    for seed in range(3):
        out.append((f"deep sigmoid seed {seed}", "saturated",
                    dict(base, seed=seed, hidden=[16] * 7, activation="sigmoid", init="xavier", lr=0.05)))
    out.append(("huge first step seed 2", "jump_stuck", dict(base, seed=2, first_lr=2.5)))
    return out
