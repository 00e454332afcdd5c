"""Style "resid_reg": a residual MLP regression that keeps the last minibatch's loss of each epoch.

Written for the next held-out half (doctor_runs.WAITING) by someone who never read or ran the
doctor. The learner fits sklearn's `make_friedman1` (ten inputs in [0, 1], a target between about
0 and 30, noise 1) with a residual MLP: an input layer to `width` units, then `blocks` blocks of
``h = h + act(h @ W + b)``, then a linear output. The loss is the squared error, averaged over a
minibatch of 32 (or summed, with reduction "sum"), and the backward pass adds the skip path's
gradient to the block's. At the end of each epoch the learner does what many tutorials print:
``losses.append(loss)`` with the loss of the epoch's last minibatch only, so the costs are noisy.
The score is the mean squared error on a test set (inf when the predictions are not finite).
"""
import numpy as np
from sklearn.datasets import make_friedman1

from .common import one_blas_thread, translate, usual_own

SCORE = "loss"
N_TRAIN, BATCH = 480, 32


def _data(standardize):
    X, y = make_friedman1(n_samples=720, noise=1.0, random_state=0)
    if standardize:
        X = (X - X[:N_TRAIN].mean(0)) / X[:N_TRAIN].std(0)
    return X[:N_TRAIN], y[:N_TRAIN], X[N_TRAIN:], y[N_TRAIN:]


def _f(z, name):
    return np.maximum(z, 0) if name == "relu" else np.tanh(z)


def _df(a, name):
    return (a > 0) if name == "relu" else 1 - a * a


def _layer(rng, n_in, n_out, init, bias):
    std = {"he": np.sqrt(2 / n_in), "xavier": np.sqrt(1 / n_in)}.get(init, init)
    return [rng.normal(0, float(std), (n_in, n_out)), np.full(n_out, float(bias))]


def build(s, rng):
    inp = _layer(rng, 10, s["width"], s["init"], s["bias"])
    blocks = [_layer(rng, s["width"], s["width"], s["init"], s["bias"]) for _ in range(s["blocks"])]
    out = [rng.normal(0, np.sqrt(1 / s["width"]), (s["width"], 1)), np.zeros(1)]
    return inp, blocks, out


def predict(net, X, act, keep=None):
    inp, blocks, out = net
    h = _f(X @ inp[0] + inp[1], act)
    if keep is not None:
        keep.append(h)
    for W, b in blocks:
        a = _f(h @ W + b, act)
        if keep is not None:
            keep.append((h, a))
        h = h + a
    if keep is not None:
        keep.append(h)
    return (h @ out[0] + out[1])[:, 0]


def sgd_step(net, X, y, s):
    inp, blocks, out = net
    keep = []
    err = predict(net, X, s["activation"], keep) - y
    loss = np.sum(err ** 2) if s["reduction"] == "sum" else np.mean(err ** 2)
    d = (2 * err / (1 if s["reduction"] == "sum" else len(y)))[:, None]
    h = keep[-1]
    grads = [(out, h.T @ d, d.sum(0))]
    dh = d @ out[0].T
    for (W, b), (h_in, a) in zip(blocks[::-1], keep[-2:0:-1]):
        da = dh * _df(a, s["activation"])
        grads.append(([W, b], h_in.T @ da, da.sum(0)))
        dh = dh + da @ W.T  # the skip path passes dh on unchanged; the block adds its own
    dz = dh * _df(keep[0], s["activation"])
    grads.append((inp, X.T @ dz, dz.sum(0)))
    for p, gW, gb in grads:
        p[0] -= s["lr"] * gW
        p[1] -= s["lr"] * gb
    return float(loss)


def run(settings, steps=None):
    s = settings
    Xtr, ytr, Xte, yte = _data(s.get("standardize", False))
    rng = np.random.default_rng(s["seed"])
    inp, blocks, out = build(s, rng)
    net = (inp, blocks, out)
    losses, done = [], 0
    with np.errstate(all="ignore"), one_blas_thread():
        for epoch in range(s["epochs"]):
            order = rng.permutation(N_TRAIN)
            for k in range(0, N_TRAIN, BATCH):
                loss = sgd_step(net, Xtr[order[k:k + BATCH]], ytr[order[k:k + BATCH]], s)
                done += 1
                if done == steps or not np.isfinite(loss):
                    break
            losses.append(loss)  # the epoch's last minibatch loss, as the learner prints it
            if done == steps or not np.isfinite(loss):
                break
        mse = float(np.mean((predict(net, Xte, s["activation"]) - yte) ** 2))
    return losses, mse if np.isfinite(mse) else float("inf")


def known(settings):
    return dict(lr=settings["lr"], n_samples=N_TRAIN, batch_size=BATCH, every=N_TRAIN // BATCH, loss="squared",
                reduction=settings["reduction"], targets=[float(v) for v in _data(False)[1]])


OWN = usual_own(activations=("relu", "tanh"))


def apply(settings, action):
    return translate(settings, action, OWN)


def base(**kw):
    s = dict(lr=0.002, seed=0, standardize=True, epochs=60, width=32, blocks=3, activation="relu", init="he",
             bias=0.0, reduction="mean")
    s.update(kw)
    return s


def suite():
    runs = [(f"healthy seed {k}", "healthy", base(seed=k)) for k in (0, 1, 2)]
    runs += [("healthy tanh xavier", "healthy", base(seed=3, activation="tanh", init="xavier")),
             ("healthy 2 blocks of 48", "healthy", base(seed=4, blocks=2, width=48))]
    runs += [("healthy lr 0.004", "healthy", base(seed=18, lr=0.004)),
             ("healthy tanh 48 wide, lr 0.003", "healthy", base(seed=19, lr=0.003, activation="tanh", init="xavier",
                                                                  width=48))]
    runs += [("lr 0.06 tanh (30x)", "lr_high", base(lr=0.06, seed=6, activation="tanh", init="xavier")),
             ("lr 0.1 tanh, 2 blocks (50x)", "lr_high", base(lr=0.1, seed=5, activation="tanh", init="xavier", blocks=2)),
             ("lr 0.00002 (100x low)", "lr_low", base(lr=0.00002, seed=7)),
             ("lr 0.00002 tanh (100x low)", "lr_low", base(lr=0.00002, seed=8, activation="tanh", init="xavier")),
             ("squared errors summed over the batch of 32: inf within the first epoch", "summed",
              base(reduction="sum", seed=9)),
             ("summed, tanh", "summed", base(reduction="sum", seed=10, activation="tanh", init="xavier")),
             ("relu biases -10", "dead", base(bias=-10.0, seed=11)),
             ("relu biases -10, 2 blocks of 48", "dead", base(bias=-10.0, seed=12, blocks=2, width=48)),
             ("tanh N(0, 5)", "saturated", base(activation="tanh", init=5.0, seed=13)),
             ("tanh N(0, 8), 2 blocks", "saturated", base(activation="tanh", init=8.0, seed=14, blocks=2))]
    return runs
