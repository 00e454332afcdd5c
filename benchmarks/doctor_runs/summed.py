"""Style: full-batch code whose loss and gradients are sums over the samples (never
divided by N), one hidden sigmoid or ReLU layer; the lr was found on a small data set."""
import numpy as np

from .common import translate

SCORE = "loss"


def get_data(N):
    g = np.random.default_rng(31)
    X = g.uniform(0, 1, size=(N, 5))
    Y = np.c_[X[:, 0] * X[:, 1], np.cos(3 * X[:, 2]) - X[:, 4]]
    return X, Y


def sig(x):
    return 1.0 / (1.0 + np.exp(-x))


def run(s, steps=None):
    X, Y = get_data(s["N"])
    if s.get("standardize"):
        X = (X - X.mean(0)) / X.std(0)
    g = np.random.default_rng(s["seed"])
    w1 = g.uniform(-1, 1, size=(5, s.get("H", 12)))
    c1 = np.zeros(s.get("H", 12)) + s.get("c1", 0.0)
    w2 = g.uniform(-1, 1, size=(s.get("H", 12), 2))
    c2 = np.zeros(2)
    relu = s.get("act") == "relu"
    divide = len(X) if s.get("mean") else 1.0
    costs = []
    with np.errstate(all="ignore"):
        for t in range(steps or s.get("T", 400)):
            u = X @ w1 + c1
            h = np.maximum(u, 0) if relu else sig(u)
            o = h @ w2 + c2
            E = o - Y
            costs.append(0.5 * np.sum(E * E) / divide)
            if not np.isfinite(costs[-1]):
                break
            d2 = E / divide
            d1 = (d2 @ w2.T) * ((u > 0) if relu else h * (1 - h))
            w2 -= s["lr"] * (h.T @ d2)
            c2 -= s["lr"] * d2.sum(0)
            w1 -= s["lr"] * (X.T @ d1)
            c1 -= s["lr"] * d1.sum(0)
        u = X @ w1 + c1
        h = np.maximum(u, 0) if relu else sig(u)
        mse = float(np.mean(np.sum((h @ w2 + c2 - Y) ** 2, 1)))
    return costs, mse if np.isfinite(mse) else np.inf


def known(s):
    X, Y = get_data(s["N"])
    return dict(lr=s["lr"], n_samples=s["N"], reduction="mean" if s.get("mean") else "sum",
                batch_size=None, loss="squared", targets=Y)


OWN = {"reduction": lambda s, v: s.__setitem__("mean", v == "mean"),
       "epochs": lambda s, v: s.__setitem__("T", int(v)),
       "activation": lambda s, v: s.__setitem__("act", "relu" if "relu" in v else "sigmoid"),
       "bias_init": lambda s, v: s.__setitem__("c1", 0.0)}


def apply(s, action):
    return translate(s, action, OWN)


def suite():
    small = dict(N=100, lr=0.005, T=400)
    out = []
    for seed in range(4):
        out.append((f"healthy N=100 seed {seed}", "healthy", dict(small, seed=seed)))
    out.append(("healthy N=1000 mean lr 1", "healthy", dict(small, seed=0, N=1000, mean=True, lr=1.0)))
    out.append(("healthy N=300 lr 0.0015", "healthy", dict(small, seed=1, N=300, lr=0.0015)))
    for N in (1000, 3000, 10000):
        for seed in range(2):
            out.append((f"summed N={N} seed {seed}", "summed", dict(small, seed=seed, N=N)))
    for seed in range(2):
        out.append((f"summed relu N=2000 seed {seed}", "summed", dict(small, seed=seed, N=2000, act="relu")))
    for seed in range(3):
        out.append((f"lr /100 seed {seed}", "lr_low", dict(small, seed=seed, lr=5e-5)))
    for seed in range(3):
        out.append((f"dead relu seed {seed}", "dead", dict(small, seed=seed, act="relu", c1=-3.0)))
    return out
