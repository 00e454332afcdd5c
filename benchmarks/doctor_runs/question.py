"""Style: the question's own code (nnlib/question/original.py): summed cost, ReLU on the
output, no biases, one printed cost per iteration."""
import numpy as np

from .common import translate

from nnlib.question import original

SCORE = "loss"


def run(s, steps=None):
    X, Y = original.toy_data(n=s["N"], seed=0)
    X, Y = np.array(X), np.array(Y)
    if s.get("standardize"):
        X = (X - X.mean(0)) / X.std(0)
    original.use_data(X.tolist(), Y.tolist())
    lr = s["lr"] / s["N"] if s.get("mean") else s["lr"]
    net = original.OriginalNet(X.tolist(), Y.tolist(), nodes=(7, 2), lr=lr,
                               activation=s.get("activation", "relu"), seed=s["seed"], train=False)
    net.training(steps or s.get("iterations", 300), lr)
    costs = net.costs.sum(1)
    W = net.weight_arrays()[0]
    act = {"relu": lambda z: np.maximum(z, 0), "identity": lambda z: z,
           "sigmoid": lambda z: 1 / (1 + np.exp(-z))}[net.activation]
    with np.errstate(all="ignore"):
        mse = float(np.mean(np.sum((act(X @ W) - Y) ** 2, 1)))
    if s.get("mean"):
        costs = costs / s["N"]
    return list(costs), mse if np.isfinite(mse) else np.inf


def known(s):
    X, Y = original.toy_data(n=s["N"], seed=0)
    return dict(lr=s["lr"], n_samples=s["N"], reduction="mean" if s.get("mean") else "sum",
                batch_size=None, loss="squared", targets=np.array(Y))


def _activation(s, v):
    if v in ("identity", "sigmoid", "relu"):
        s["activation"] = v


OWN = {"reduction": lambda s, v: s.__setitem__("mean", v == "mean"),
       "epochs": lambda s, v: s.__setitem__("iterations", int(v)),
       "activation": _activation, "output_activation": _activation}


def apply(s, action):
    return translate(s, action, OWN)


def suite():
    base = dict(N=100, lr=0.01, iterations=300, activation="identity")
    out = []
    for seed in range(3):
        out.append((f"identity N=100 seed {seed}", "healthy", dict(base, seed=seed)))
    out.append(("identity N=1000 mean", "healthy", dict(base, seed=0, N=1000, mean=True, lr=1.0)))
    out.append(("relu N=100 seed 0", "healthy", dict(base, seed=0, activation="relu")))
    for seed in range(3):
        out.append((f"identity N=1000 seed {seed}", "summed", dict(base, seed=seed, N=1000)))
    out.append(("identity N=3000", "summed", dict(base, seed=0, N=3000)))
    for seed in range(4):
        out.append((f"relu N=1000 seed {seed}", "dead", dict(base, seed=seed, N=1000, activation="relu")))
    for seed in range(2):
        out.append((f"identity lr /100 seed {seed}", "lr_low", dict(base, seed=seed, lr=1e-4)))
    return out
