"""Style: a minibatch SGD loop that prints the batch loss every k iterations; the learner
has only the printed text ("iter 400  loss 0.0213"), rounded as printed."""
import io

import numpy as np

from .common import translate

SCORE = "loss"


def dataset(seed=21, n=600):
    r = np.random.default_rng(seed)
    X = r.normal(size=(n, 3))
    y = (np.tanh(X @ np.array([[1.0], [-2.0], [0.5]])) + 0.3 * X[:, :1] * X[:, 1:2]
         + 0.05 * r.normal(size=(n, 1)))
    return X, y


def train(X, y, lr, iters, batch, seed, bias0, hidden, k, decimals, out):
    r = np.random.default_rng(seed)
    W1 = r.normal(size=(X.shape[1], hidden)) * np.sqrt(2 / X.shape[1])
    b1 = np.ones(hidden) * bias0
    W2 = r.normal(size=(hidden, 1)) * np.sqrt(1 / hidden)
    b2 = np.zeros(1)
    for it in range(iters):
        i = r.integers(0, len(X), batch)
        xb, yb = X[i], y[i]
        h = np.maximum(xb @ W1 + b1, 0)
        pred = h @ W2 + b2
        loss = ((pred - yb) ** 2).mean()
        dp = 2 * (pred - yb) / batch
        dh = (dp @ W2.T) * (h > 0)
        W2 -= lr * h.T @ dp
        b2 -= lr * dp.sum(0)
        W1 -= lr * xb.T @ dh
        b1 -= lr * dh.sum(0)
        if it % k == 0:
            print(f"iter {it:5d}  loss {loss:.{decimals}f}", file=out)
        if not np.isfinite(loss):
            print(f"iter {it:5d}  loss {loss:.{decimals}f}", file=out)
            break
    h = np.maximum(X @ W1 + b1, 0)
    return float(np.mean((h @ W2 + b2 - y) ** 2))


def parse(text):
    """What a learner copies from the printout."""
    return [float(line.split("loss")[1]) for line in text.splitlines() if "loss" in line]


def run(s, steps=None):
    X, y = dataset()
    if s.get("standardize"):
        X = (X - X.mean(0)) / X.std(0)
    buf = io.StringIO()
    with np.errstate(all="ignore"):
        final = train(X, y, s["lr"], steps * s.get("k", 50) if steps else s.get("iters", 6000),
                      s.get("batch", 16), s["seed"], s.get("bias0", 0.1), s.get("hidden", 32),
                      s.get("k", 50), s.get("decimals", 4), buf)
    return parse(buf.getvalue()), final if np.isfinite(final) else np.inf


def known(s):
    X, y = dataset()
    return dict(lr=s["lr"], n_samples=len(X), reduction="mean", batch_size=s.get("batch", 16),
                every=s.get("k", 50), loss="squared", targets=y)


OWN = {"epochs": lambda s, v: s.__setitem__("iters", int(v) * s.get("k", 50)),  # printed lines to iterations
       "bias_init": lambda s, v: s.__setitem__("bias0", 0.1)}


def apply(s, action):
    return translate(s, action, OWN)


def suite():
    base = dict(lr=0.05, iters=6000, batch=16, k=50, decimals=4, hidden=32)
    out = []
    for seed in range(4):
        out.append((f"healthy seed {seed}", "healthy", dict(base, seed=seed)))
    out.append(("healthy printed to 6 decimals", "healthy", dict(base, seed=4, decimals=6)))
    out.append(("healthy printed every 200", "healthy", dict(base, seed=5, k=200, iters=12000)))
    out.append(("healthy batch 64", "healthy", dict(base, seed=6, batch=64)))
    for seed in range(3):
        out.append((f"lr x40 seed {seed}", "lr_high", dict(base, seed=seed, lr=2.0)))
    out.append(("lr x100 seed 0", "lr_high", dict(base, seed=0, lr=5.0)))
    for seed in range(3):
        out.append((f"lr /100 seed {seed}", "lr_low", dict(base, seed=seed, lr=0.0005)))
    for seed in range(3):
        out.append((f"negative bias seed {seed}", "dead", dict(base, seed=seed, bias0=-8.0)))
    for seed in range(2):
        out.append((f"lr x20 seed {seed}", "lr_high", dict(base, seed=seed, lr=1.0)))
    out.append(("negative bias 6 decimals", "dead", dict(base, seed=3, bias0=-8.0, decimals=6)))
    return out
