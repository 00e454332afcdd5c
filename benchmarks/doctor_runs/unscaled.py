"""Style: a house-price-like regression whose raw features span 0.01 to 3000, a linear
model plus one tanh layer trained by full-batch gradient descent on the raw columns."""
import numpy as np

from .common import translate

SCORE = "loss"


def houses(n=250, seed=51):
    rnd = np.random.default_rng(seed)
    area = rnd.uniform(50, 300, n)         # m^2
    rooms = rnd.integers(1, 7, n).astype(float)
    year = rnd.uniform(1950, 2020, n)
    dist = rnd.uniform(0.5, 30, n)         # km
    X = np.c_[area, rooms, year, dist]
    price = (0.01 * area + 0.2 * rooms + 0.02 * (year - 1950) - 0.04 * dist
             + 0.3 * np.tanh((area - 150) / 50) + 0.1 * rnd.normal(size=n))
    return X, price.reshape(-1, 1)


def run(s, steps=None):
    X, y = houses()
    if s.get("standardize"):
        X = (X - X.mean(0)) / X.std(0)
    rnd = np.random.default_rng(s["seed"])
    w = np.zeros((4, 1))
    V = rnd.normal(0, 0.5, (4, 6))
    a = rnd.normal(0, 0.1, (6, 1))
    b = float(y.mean()) if s.get("center_b") else 0.0
    costs = []
    with np.errstate(all="ignore"):
        for _ in range(steps or s.get("epochs", 500)):
            H = np.tanh(X @ V)
            pred = X @ w + H @ a + b
            r = pred - y
            costs.append(float(np.mean(r ** 2)))
            if not np.isfinite(costs[-1]):
                break
            g = 2 * r / len(X)
            gV = X.T @ ((g @ a.T) * (1 - H ** 2))
            w -= s["lr"] * X.T @ g
            a -= s["lr"] * H.T @ g
            V -= s["lr"] * gV
            b -= s["lr"] * float(g.sum())
        H = np.tanh(X @ V)
        mse = float(np.mean((X @ w + H @ a + b - y) ** 2))
    return costs, mse if np.isfinite(mse) else np.inf


def known(s):
    X, y = houses()
    return dict(lr=s["lr"], n_samples=len(X), reduction="mean", batch_size=None,
                loss="squared", targets=y)


OWN = {"epochs": lambda s, v: s.__setitem__("epochs", int(v))}


def apply(s, action):
    return translate(s, action, OWN)


def suite():
    std = dict(lr=0.05, epochs=500, standardize=True)
    raw = dict(epochs=500, standardize=False)
    out = []
    for seed in range(5):
        out.append((f"healthy standardized seed {seed}", "healthy", dict(std, seed=seed)))
    out.append(("healthy standardized lr 0.1", "healthy", dict(std, seed=5, lr=0.1)))
    for seed in range(2):
        out.append((f"raw lr 0.05 seed {seed}", "unscaled_diverging", dict(raw, seed=seed, lr=0.05)))
        out.append((f"raw lr 1e-4 seed {seed}", "unscaled_diverging", dict(raw, seed=seed, lr=1e-4)))
        out.append((f"raw lr 1e-7 seed {seed}", "unscaled_conditioned", dict(raw, seed=seed, lr=1e-7)))
        out.append((f"raw lr 2e-8 seed {seed}", "unscaled_conditioned", dict(raw, seed=seed, lr=2e-8)))
    out.append(("raw lr 1e-7 seed 2", "unscaled_conditioned", dict(raw, seed=2, lr=1e-7)))
    for seed in range(3):
        out.append((f"standardized lr /100 seed {seed}", "lr_low", dict(std, seed=seed, lr=0.0005)))
    return out
