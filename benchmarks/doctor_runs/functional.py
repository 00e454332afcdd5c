"""Style: a functional two-layer binary classifier (tanh hidden, sigmoid output, binary
cross-entropy) that returns its parameters and a loss_history, one entry per iteration."""
import numpy as np

from .common import translate

SCORE = "accuracy"


def make_moons(n=300, noise=0.15, seed=5):
    rng = np.random.default_rng(seed)
    t = rng.uniform(0, np.pi, n)
    top = np.c_[np.cos(t[: n // 2]), np.sin(t[: n // 2])]
    bottom = np.c_[1 - np.cos(t[n // 2:]), 0.5 - np.sin(t[n // 2:])]
    X = np.r_[top, bottom] + noise * rng.normal(size=(n, 2))
    y = np.r_[np.zeros(n // 2), np.ones(n - n // 2)].reshape(-1, 1)
    return X, y


def initialize(n_x, n_h, seed, scale=None, b1=0.0):
    rng = np.random.default_rng(seed)
    s1 = scale if scale is not None else 1 / np.sqrt(n_x)
    return {"W1": rng.normal(size=(n_x, n_h)) * s1, "b1": np.full((1, n_h), b1),
            "W2": rng.normal(size=(n_h, 1)) / np.sqrt(n_h), "b2": np.zeros((1, 1))}


def hidden(z, kind):
    return np.tanh(z) if kind == "tanh" else np.maximum(z, 0)


def forward(p, X, kind):
    Z1 = X @ p["W1"] + p["b1"]
    A1 = hidden(Z1, kind)
    A2 = 1 / (1 + np.exp(-(A1 @ p["W2"] + p["b2"])))
    return A1, A2


def compute_loss(A2, y):
    return float(-np.mean(y * np.log(A2) + (1 - y) * np.log(1 - A2)))


def gradients(p, X, y, A1, A2, kind):
    m = len(X)
    dZ2 = (A2 - y) / m
    dA1 = dZ2 @ p["W2"].T
    dZ1 = dA1 * ((1 - A1 ** 2) if kind == "tanh" else (A1 > 0))
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(0, keepdims=True), "W2": A1.T @ dZ2,
            "b2": dZ2.sum(0, keepdims=True)}


def model(X, y, n_h=8, iterations=1500, learning_rate=0.5, seed=0, scale=None, b1=0.0,
          kind="tanh"):
    p = initialize(X.shape[1], n_h, seed, scale, b1)
    loss_history = []
    for i in range(iterations):
        A1, A2 = forward(p, X, kind)
        loss_history.append(compute_loss(A2, y))
        g = gradients(p, X, y, A1, A2, kind)
        for k in p:
            p[k] = p[k] - learning_rate * g[k]
    return p, loss_history


def run(s, steps=None):
    X, y = make_moons()
    if s.get("standardize"):
        X = (X - X.mean(0)) / X.std(0)
    with np.errstate(all="ignore"):
        p, hist = model(X, y, s.get("n_h", 8), steps or s.get("iterations", 1500), s["lr"],
                        s["seed"], s.get("scale"), s.get("b1", 0.0), s.get("kind", "tanh"))
        acc = float(np.mean((forward(p, X, s.get("kind", "tanh"))[1] > 0.5) == y))
    return hist, 100 * acc


def known(s):
    X, y = make_moons()
    return dict(lr=s["lr"], n_samples=len(X), reduction="mean", batch_size=None,
                loss="cross_entropy", n_classes=2)


OWN = {"epochs": lambda s, v: s.__setitem__("iterations", int(v)),
       "activation": lambda s, v: s.__setitem__("kind", "tanh" if v in ("tanh", "sigmoid") else "relu"),
       "weight_init": lambda s, v: s.__setitem__("scale", None),
       "bias_init": lambda s, v: s.__setitem__("b1", 0.0)}


def apply(s, action):
    return translate(s, action, OWN)


def suite():
    base = dict(lr=0.5, iterations=1500, n_h=8)
    out = []
    for seed in range(4):
        out.append((f"healthy seed {seed}", "healthy", dict(base, seed=seed)))
    out.append(("healthy wide", "healthy", dict(base, seed=7, n_h=16)))
    out.append(("healthy relu", "healthy", dict(base, seed=1, kind="relu")))
    for seed in range(3):
        out.append((f"lr x100 seed {seed}", "lr_high", dict(base, seed=seed, lr=50.0)))
    for seed in range(3):
        out.append((f"lr /100 seed {seed}", "lr_low", dict(base, seed=seed, lr=0.005)))
    for seed in range(3):
        out.append((f"saturated tanh seed {seed}", "saturated", dict(base, seed=seed, scale=100.0)))
    for seed in range(2):
        out.append((f"dead relu seed {seed}", "dead", dict(base, seed=seed, kind="relu", b1=-6.0)))
    for seed in range(2):
        out.append((f"jumped up then stuck seed {seed}", "jump_stuck", dict(base, seed=seed, kind="relu", lr=10.0 + 2 * seed)))
    return out
