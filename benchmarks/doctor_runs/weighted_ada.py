"""Style "weighted_ada": imbalanced digits, class-weighted cross-entropy with label smoothing, AdaGrad.

Written for the next held-out half (doctor_runs.WAITING) by someone who never read or ran the
doctor. The learner's data are lopsided: of sklearn's `load_digits` they have every zero but ever
fewer of each later digit (about 0.72**k as many nines' worth, so few nines). They read that one
should weight the classes, so each image's loss is weighted by ``n / (10 * n_class)`` ("balanced"),
and that label smoothing helps, so the target is ``0.9 * onehot + 0.01``. The batch loss is the
weighted sum divided by the sum of the weights (reduction "sum": not divided). The optimiser is
AdaGrad (each parameter's step is lr * g / sqrt(sum of its squared gradients)), with a triangular
cyclical lr between lr/10 and lr every 4 epochs. They shuffle the training set once, before the
first epoch, and then walk the same batches of 32 in the same order every epoch. `history` gets
every batch's loss: those are the costs. The score is the balanced accuracy on a held-out third
(the mean of the per-class recalls, in points). A non-finite loss ends training.
"""
import numpy as np
from sklearn.datasets import load_digits

from .common import activation_setter, bias_setter, init_setter, one_blas_thread, setter, translate

SCORE = "accuracy"
BATCH, SMOOTH = 32, 0.1


def lopsided(standardize):
    """Train and test images of an imbalanced digits subset; class k keeps about 0.72**k of its images."""
    X, y = load_digits(return_X_y=True)
    rng = np.random.default_rng(9)
    train, test = [], []
    for k in range(10):
        idx = rng.permutation(np.flatnonzero(y == k))[:int(round(len(np.flatnonzero(y == k)) * 0.72 ** k))]
        cut = int(round(len(idx) * 2 / 3))
        train += list(idx[:cut])
        test += list(idx[cut:])
    train, test = np.array(train), np.array(test)
    X = X.astype(float)
    if standardize:
        X = (X - X[train].mean(0)) / (X[train].std(0) + 1e-8)
    else:
        X = X / 16.0  # the learner's own scaling: pixels to 0..1
    return X[train], y[train], X[test], y[test]


def _f(name):
    if name == "relu":
        return lambda z: np.maximum(z, 0), lambda h: (h > 0).astype(float)
    if name == "tanh":
        return np.tanh, lambda h: 1 - h * h
    return lambda z: 1 / (1 + np.exp(-z)), lambda h: h * (1 - h)


def network(s, rng):
    widths = [64] + list(s["widths"]) + [10]
    net = []
    for i, (a, b) in enumerate(zip(widths[:-1], widths[1:])):
        std = {"he": np.sqrt(2 / a), "xavier": np.sqrt(1 / a)}.get(s["init"], s["init"])
        net.append({"W": rng.normal(0, float(std), (a, b)),
                    "b": np.full(b, 0.0 if i == len(widths) - 2 else float(s["bias"]))})
    return net


def forward(net, X, act):
    f, _ = _f(act)
    hs = [X]
    for layer in net[:-1]:
        hs.append(f(hs[-1] @ layer["W"] + layer["b"]))
    return hs, hs[-1] @ net[-1]["W"] + net[-1]["b"]


def loss_and_grads(net, X, y, cw, s):
    hs, z = forward(net, X, s["act"])
    z = z - z.max(1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(1, keepdims=True))
    q = np.full(z.shape, SMOOTH / 10)
    q[np.arange(len(y)), y] += 1 - SMOOTH
    w = cw[y]
    norm = 1.0 if s["reduction"] == "sum" else w.sum()
    loss = float(np.sum(w * -(q * logp).sum(1)) / norm)
    d = w[:, None] * (np.exp(logp) - q) / norm
    grads = []
    _, df = _f(s["act"])
    for i in range(len(net) - 1, -1, -1):
        grads.append({"W": hs[i].T @ d, "b": d.sum(0)})
        if i:
            d = (d @ net[i]["W"].T) * df(hs[i])
    return loss, grads[::-1]


def run(settings, steps=None):
    s = settings
    Xtr, ytr, Xte, yte = lopsided(s.get("standardize", True))
    counts = np.bincount(ytr, minlength=10)
    cw = len(ytr) / (10 * counts)
    rng = np.random.default_rng(s["seed"])
    net = network(s, rng)
    G = [{k: np.zeros_like(v) for k, v in layer.items()} for layer in net]
    order = rng.permutation(len(ytr))  # shuffled once; every epoch then sees the same batches
    per_epoch = -(-len(ytr) // BATCH)
    total = steps or s["epochs"] * per_epoch
    history = []
    with np.errstate(all="ignore"), one_blas_thread():
        for t in range(total):
            k = (t % per_epoch) * BATCH
            idx = order[k:k + BATCH]
            phase = (t / (2 * per_epoch)) % 2  # up for 2 epochs, down for 2
            lr = s["lr"] * (0.1 + 0.9 * (phase if phase <= 1 else 2 - phase))
            loss, grads = loss_and_grads(net, Xtr[idx], ytr[idx], cw, s)
            history.append(loss)
            if not np.isfinite(loss):
                break
            for layer, acc, g in zip(net, G, grads):
                for key in layer:
                    acc[key] += g[key] ** 2
                    layer[key] -= lr * g[key] / (np.sqrt(acc[key]) + 1e-8)
        _, z = forward(net, Xte, s["act"])
        if not np.isfinite(z).all():
            return history, 0.0
        pred = z.argmax(1)
        recall = [np.mean(pred[yte == k] == k) for k in range(10)]
    return history, float(100 * np.mean(recall))


def known(settings):
    return dict(lr=settings["lr"], n_samples=len(lopsided(True)[1]), batch_size=BATCH, every=1,
                loss="cross_entropy", n_classes=10, reduction=settings["reduction"])


OWN = {"reduction": setter("reduction"), "weight_init": init_setter("init", ("he", "xavier")),
       "bias_init": bias_setter("bias"), "epochs": setter("epochs", int),
       "activation": activation_setter("act", ("relu", "tanh", "sigmoid"))}


def apply(settings, action):
    return translate(settings, action, OWN)


TANH = {"act": "tanh", "init": "xavier"}


def base(**kw):
    """The learner's usual settings, with `kw` changed."""
    return dict(dict(lr=0.04, seed=0, standardize=True, epochs=24, widths=[48], act="relu", init="he", bias=0.0,
                     reduction="mean"), **kw)


def suite():
    runs = [("healthy seed %d" % k, "healthy", base(seed=k)) for k in range(3)]
    runs += [("healthy tanh xavier", "healthy", base(seed=3, **TANH)),
             ("healthy pixels / 16", "healthy", base(seed=4, standardize=False)),
             ("healthy 64 wide", "healthy", base(seed=5, widths=[64]))]
    runs += [("lr 2 (50x)", "lr_high", base(seed=6, lr=2.0)),
             ("lr 2 (50x), 32 wide", "lr_high", base(seed=8, lr=2.0, widths=[32])),
             ("lr 0.0004 (100x low)", "lr_low", base(seed=8, lr=0.0004)),
             ("tanh lr 0.0004 (100x low)", "lr_low", base(seed=9, lr=0.0004, **TANH)),
             ("relu biases -5", "dead", base(seed=10, bias=-5.0)),
             ("two relu layers of 64, biases -4", "dead", base(seed=11, bias=-4.0, widths=[64, 64])),
             ("4 sigmoid layers of 32, N(0, 4)", "saturated", base(seed=12, act="sigmoid", widths=[32] * 4, init=4.0)),
             ("4 tanh layers of 32, N(0, 4)", "saturated", base(seed=13, act="tanh", widths=[32] * 4, init=4.0)),
             ("3 sigmoid layers of 48, N(0, 6)", "saturated", base(seed=14, act="sigmoid", widths=[48] * 3, init=6.0)),
             ("lr 3 (75x): a leap, then stuck", "jump_stuck", base(seed=15, lr=3.0)),
             ("lr 4 (100x)", "jump_stuck", base(seed=16, lr=4.0))]
    return runs
