"""Style "clip_norm": handwritten digits with every gradient clipped to a maximum norm.

The learner classifies sklearn's 8x8 `load_digits` images (pixels 0 to 16, as they come, unless
the learner standardizes them) with a small fully connected net and a softmax over the ten
digits, mean cross-entropy over a minibatch. Having read that clipping "prevents exploding
gradients", the learner joins all the gradients into one list and, like `clip_grad_norm_`,
scales them by `max_norm / total_norm` whenever their total norm is above `max_norm`, before the
plain SGD step. The parameters are a list of `(W, b)` pairs and the backward pass a loop over them
in reverse. After each epoch the learner appends `sum(batch_losses) / len(batch_losses)`, the mean
of that epoch's minibatch losses, to `losses`: those are the learner's costs. The score is the
test accuracy.
"""
import numpy as np
from sklearn.datasets import load_digits

from .common import one_blas_thread, translate, usual_own

SCORE = "accuracy"
N_TRAIN = 1300


def _data(standardize):
    X, y = load_digits(return_X_y=True)
    order = np.random.default_rng(0).permutation(len(y))
    X, y = X[order], y[order]
    Xtr, Xte, ytr, yte = X[:N_TRAIN], X[N_TRAIN:], y[:N_TRAIN], y[N_TRAIN:]
    if standardize:
        mu, sd = Xtr.mean(0), Xtr.std(0) + 1e-8  # some border pixels are always 0
        Xtr, Xte = (Xtr - mu) / sd, (Xte - mu) / sd
    return Xtr, ytr, Xte, yte


def layers(s, rng):
    sizes = [64] + [s["hidden"]] * s["depth"] + [10]
    params = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        std = {"he": np.sqrt(2 / a), "xavier": np.sqrt(2 / (a + b))}.get(s["init"])
        W = rng.normal(0, float(s["init"]) if std is None else std, (a, b))
        params.append((W, np.full(b, s["bias"] if i < len(sizes) - 2 else 0.0)))
    return params


def act(z, name):
    return np.maximum(z, 0) if name == "relu" else np.tanh(z) if name == "tanh" else 1 / (1 + np.exp(-z))


def slope(h, name):
    return (h > 0) if name == "relu" else 1 - h * h if name == "tanh" else h * (1 - h)


def loss_and_grads(params, X, y, s):
    hs = [X]
    for W, b in params[:-1]:
        hs.append(act(hs[-1] @ W + b, s["activation"]))
    z = hs[-1] @ params[-1][0] + params[-1][1]
    z = z - z.max(1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(1, keepdims=True))
    n = 1 if s["reduction"] == "sum" else len(y)
    loss = -logp[np.arange(len(y)), y].sum() / n
    d = np.exp(logp)
    d[np.arange(len(y)), y] -= 1
    d /= n
    grads = []
    for i in range(len(params) - 1, -1, -1):
        grads.append((hs[i].T @ d, d.sum(0)))
        if i:
            d = (d @ params[i][0].T) * slope(hs[i], s["activation"])
    return loss, grads[::-1]


def clip(grads, max_norm):
    total = np.sqrt(sum(np.sum(gW ** 2) + np.sum(gb ** 2) for gW, gb in grads))
    if not max_norm or not total > max_norm:  # NaN norms pass through unclipped, as in the learner's code
        return grads
    return [(gW * (max_norm / total), gb * (max_norm / total)) for gW, gb in grads]


def run(settings, steps=None):
    s = settings
    Xtr, ytr, Xte, yte = _data(s.get("standardize", False))
    rng = np.random.default_rng(s["seed"])
    params = layers(s, rng)
    bs = s["batch_size"] or N_TRAIN
    losses, done = [], 0
    with np.errstate(all="ignore"), one_blas_thread():
        for epoch in range(s["epochs"]):
            batch_losses = []
            order = rng.permutation(N_TRAIN)
            for k in range(0, N_TRAIN, bs):
                idx = order[k:k + bs]
                loss, grads = loss_and_grads(params, Xtr[idx], ytr[idx], s)
                batch_losses.append(loss)
                for (W, b), (gW, gb) in zip(params, clip(grads, s["max_norm"])):
                    W -= s["lr"] * gW
                    b -= s["lr"] * gb
                done += 1
                if done == steps:
                    break
            losses.append(float(sum(batch_losses) / len(batch_losses)))
            if done == steps or not np.isfinite(losses[-1]):
                break
        h = Xte
        for W, b in params[:-1]:
            h = act(h @ W + b, s["activation"])
        z = h @ params[-1][0] + params[-1][1]
        acc = float(100 * np.mean(z.argmax(1) == yte)) if np.isfinite(z).all() else 0.0  # a broken net scores 0
    return losses, acc


def known(settings):
    bs = settings["batch_size"] or N_TRAIN
    return dict(lr=settings["lr"], n_samples=N_TRAIN, batch_size=bs, every=-(-N_TRAIN // bs), loss="cross_entropy",
                n_classes=10, reduction=settings["reduction"])


OWN = usual_own(activations=("relu", "tanh", "sigmoid"))


def apply(settings, action):
    return translate(settings, action, OWN)


def base(**kw):
    s = dict(lr=0.05, seed=0, standardize=True, batch_size=64, epochs=40, max_norm=5.0, hidden=64, depth=2,
             activation="relu", init="he", bias=0.0, reduction="mean")
    s.update(kw)
    return s


def full(**kw):
    return base(**{"batch_size": None, "epochs": 300, "lr": 0.5, **kw})


def suite():
    runs = [(f"healthy minibatch seed {k}", "healthy", base(seed=k)) for k in (0, 1, 2)]
    runs += [("healthy tanh xavier minibatch", "healthy", base(seed=3, activation="tanh", init="xavier")),
             ("healthy full batch", "healthy", full(seed=4)),
             ("pixels 0-16 as they come, fine at this scale", "healthy", base(standardize=False, seed=12)),
             ("cross-entropy summed over the batch of 64, the clipping keeps it in hand", "healthy",
              base(reduction="sum", seed=10))]
    runs += [("lr 2 minibatch (40x)", "lr_high", base(lr=2.0, seed=5)),
             ("lr 30 full batch (60x)", "lr_high", full(lr=30.0, seed=8)),
             ("lr 0.0005 minibatch (100x low)", "lr_low", base(lr=0.0005, seed=6)),
             ("lr 0.005 full batch (100x low)", "lr_low", full(lr=0.005, seed=9)),
             ("lr 10 full batch (20x): a few clipped leaps, then every relu is off", "jump_stuck",
              full(lr=10.0, seed=7)),
             ("lr 20 full batch (40x): the same", "jump_stuck", full(lr=20.0, seed=11)),
             ("relu biases -10", "dead", base(bias=-10.0, seed=14)),
             ("relu biases -10 full batch", "dead", full(bias=-10.0, seed=15)),
             ("4 sigmoid layers N(0, 4)", "saturated", base(activation="sigmoid", depth=4, init=4.0, seed=16)),
             ("3 tanh layers N(0, 5)", "saturated", base(activation="tanh", depth=3, init=5.0, seed=17))]
    return runs
