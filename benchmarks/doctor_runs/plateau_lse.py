"""Style "plateau_lse": wine cultivars with log-sum-exp cross-entropy and a reduce-lr-on-plateau loop.

Written for the next held-out half (doctor_runs.WAITING) by someone who never read or ran the
doctor. The learner classifies sklearn's `load_wine` (13 chemical measurements, proline in the
hundreds to over a thousand, hue near 1) into three cultivars with a two-hidden-layer net. They
write cross-entropy on the logits with log-sum-exp, ``logsumexp(z) - z[y]``, and its gradient
``softmax(z) - onehot``, averaged over a minibatch of 16. Each epoch they add the minibatch losses
into `epoch_loss` (a sum over the epoch's 8 batches, not their mean: that is what they print and
keep in `history`). A hand-written ReduceLROnPlateau halves the lr when `epoch_loss` has not fallen
by 1% for 5 epochs. `history` holds the learner's costs. The score is the test accuracy.
"""
import numpy as np
from sklearn.datasets import load_wine

from .common import one_blas_thread, translate, usual_own

SCORE = "accuracy"
N_TRAIN, BATCH = 118, 16


def _data(standardize):
    X, y = load_wine(return_X_y=True)
    order = np.random.default_rng(3).permutation(len(y))
    X, y = X[order], y[order]
    if standardize:
        X = (X - X[:N_TRAIN].mean(0)) / X[:N_TRAIN].std(0)
    return X[:N_TRAIN], y[:N_TRAIN], X[N_TRAIN:], y[N_TRAIN:]


def logsumexp(z):
    """log sum_j exp(z_j) along the last axis, shifted by the row max so exp never overflows."""
    m = z.max(1, keepdims=True)
    return (m + np.log(np.exp(z - m).sum(1, keepdims=True)))[:, 0]


def _hidden(z, name):
    return np.maximum(z, 0) if name == "relu" else np.tanh(z)


def forward(params, X, act):
    hs = [X]
    for W, b in params[:-1]:
        hs.append(_hidden(hs[-1] @ W + b, act))
    W, b = params[-1]
    return hs, hs[-1] @ W + b


def step(params, X, y, s, lr):
    hs, z = forward(params, X, s["activation"])
    loss = logsumexp(z) - z[np.arange(len(y)), y]
    d = np.exp(z - logsumexp(z)[:, None])
    d[np.arange(len(y)), y] -= 1
    d /= 1 if s["reduction"] == "sum" else len(y)
    for i in range(len(params) - 1, -1, -1):
        W, b = params[i]
        gW, gb = hs[i].T @ d, d.sum(0)
        if i:
            d = (d @ W.T) * ((hs[i] > 0) if s["activation"] == "relu" else 1 - hs[i] ** 2)
        params[i] = (W - lr * gW, b - lr * gb)
    return float(loss.sum() if s["reduction"] == "sum" else loss.mean())


def _init(s, rng):
    sizes = [13, s["hidden"], s["hidden"], 3]
    params = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        std = {"he": np.sqrt(2 / a), "xavier": np.sqrt(1 / a)}.get(s["init"], s["init"])
        params.append((rng.normal(0, float(std), (a, b)), np.full(b, float(s["bias"]) if i < 2 else 0.0)))
    return params


def run(settings, steps=None):
    s = settings
    Xtr, ytr, Xte, yte = _data(s.get("standardize", False))
    rng = np.random.default_rng(s["seed"])
    params = _init(s, rng)
    lr, best, wait, done, history = s["lr"], np.inf, 0, 0, []
    with np.errstate(all="ignore"), one_blas_thread():
        for epoch in range(s["epochs"]):
            epoch_loss = 0.0
            order = rng.permutation(N_TRAIN)
            for k in range(0, N_TRAIN, BATCH):
                epoch_loss += step(params, Xtr[order[k:k + BATCH]], ytr[order[k:k + BATCH]], s, lr)
                done += 1
                if done == steps:
                    break
            history.append(epoch_loss)
            if done == steps or not np.isfinite(epoch_loss):
                break
            if epoch_loss < best * 0.99:  # the plateau rule: 1% better resets the patience
                best, wait = epoch_loss, 0
            else:
                wait += 1
                if wait > 5:
                    lr, wait = lr * 0.5, 0
        _, z = forward(params, Xte, s["activation"])
        acc = float(100 * np.mean(z.argmax(1) == yte)) if np.isfinite(z).all() else 0.0
    return history, acc


def known(settings):
    return dict(lr=settings["lr"], n_samples=N_TRAIN, batch_size=BATCH, loss="cross_entropy", n_classes=3,
                reduction=settings["reduction"], every=-(-N_TRAIN // BATCH))


OWN = usual_own(activations=("relu", "tanh"))


def apply(settings, action):
    return translate(settings, action, OWN)


def base(**kw):
    s = dict(lr=0.05, seed=0, standardize=True, epochs=60, hidden=32, activation="relu", init="he", bias=0.0,
             reduction="mean")
    s.update(kw)
    return s


def suite():
    runs = [(f"healthy seed {k}", "healthy", base(seed=k)) for k in (0, 1, 2)]
    runs += [("healthy tanh xavier", "healthy", base(seed=3, activation="tanh", init="xavier")),
             ("healthy 64 wide, lr 0.03", "healthy", base(seed=4, hidden=64, lr=0.03))]
    runs += [("lr 2 (40x)", "lr_high", base(lr=2.0, seed=5)),
             ("lr 1.5 (30x)", "lr_high", base(lr=1.5, seed=6)),
             ("lr 0.0005 (100x low)", "lr_low", base(lr=0.0005, seed=7)),
             ("lr 0.0005 tanh (100x low)", "lr_low", base(lr=0.0005, seed=8, activation="tanh", init="xavier")),
             ("raw measurements tanh, lr 0.1", "unscaled_diverging",
              base(standardize=False, seed=9, activation="tanh", init="xavier", lr=0.1)),
             ("raw measurements tanh, lr 0.05", "unscaled_diverging",
              base(standardize=False, seed=10, activation="tanh", init="xavier")),
             ("raw measurements, lr 1e-6 so it stays finite", "unscaled_conditioned",
              base(standardize=False, seed=11, lr=1e-6)),
             ("raw measurements, lr 3e-6", "unscaled_conditioned", base(standardize=False, seed=12, lr=3e-6)),
             ("relu biases -10", "dead", base(bias=-10.0, seed=13)),
             ("relu biases -6, 64 wide", "dead", base(bias=-6.0, seed=14, hidden=64)),
             ("lr 3 (60x): a leap, then every relu off", "jump_stuck", base(lr=3.0, seed=15)),
             ("lr 5 (100x)", "jump_stuck", base(lr=5.0, seed=16))]
    return runs
