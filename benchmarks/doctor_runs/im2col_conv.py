"""Style "im2col_conv": a small convolutional net on the 8x8 digits, written with im2col, the loss printed.

Written for a later held-out half (doctor_runs.WAITING) by someone who never read or ran the
doctor. The learner reshapes scikit-learn's digits (1797 images, pixel values 0-16) to 8x8
images and cuts them once (a fixed shuffle) into 1200 training and 597 test images. With
"standardize" the pixels are z-scored with the training images' one mean and one std (about 4.9
and 6.0), without it the raw 0-16 values go in. The net: one convolution of `filters` 3x3 kernels
(stride 1, no padding, so 6x6 maps), written as im2col (each image's 36 patches of 9 pixels
gathered by one index array, then a single matrix product), an activation (relu, tanh or
sigmoid), flattened, optionally dense hidden layers with the same activation, and a softmax over
the 10 digits. Cross-entropy averaged over the batch (reduction "sum": added up), plain SGD on
minibatches reshuffled every epoch (a batch as large as the training set: full batch).

The log: the learner prints a formatted line every `every` updates, starting with the first
(update 0, before any step has been taken on it), e.g. "epoch  2 | step   120 | loss 0.4172": the
loss of that one minibatch, four decimals. A non-finite loss is printed at once and ends training.
The costs are the printed loss values, read back from the captured printout with a regular
expression (so rounded to 4 decimals, and "nan"/"inf" as Python prints them). The score is the test
accuracy in points.

Weak spots (a note for whoever reads the doctor's results): each printed value is one minibatch's
loss, not a mean, so minibatch curves are noisy (a batch of 32 late in training swings between
about 0.01 and 0.3) and a brief spike between two printouts is not seen; the rounding to 4
decimals makes losses below 5e-5 print as 0.0000; summed runs print sums (3300-3600 at the start
of a full-batch summed run). There are no unscaled_diverging or unscaled_conditioned runs: raw
0-16 pixels are all of one scale, and a relu, tanh or sigmoid net on them trained about as well as
on z-scored pixels at the same lr (raw sigmoid nets that trained badly at lr 0.05 did as badly
z-scored, so the cause was the lr, and they were left out); at a large lr the raw pixels kill the
relus instead, labelled dead. Softmax cross-entropy with tanh is forgiving of a large lr: the
conv + softmax nets still reach 92-97% at lr 2.5-5 (50-100x), so the lr_high runs put a tanh dense
layer of 64 between (they then swing between 2 and 110 and end at 35-82%), and the relu nets at
50-100x leap to 1e9-1e300 within a printout or two and then lie flat at 2.3 with every relu off:
labelled jump_stuck, not lr_high. The saturated runs draw every layer, the output too, from N(0, 3)
or N(0, 4), so they start high (30-45) and fall 2.5-7x while the accuracy stays at 30-40%: a falling
curve, not a flat one. The "raw pixels, lr 0.3" dead run leaves a few kernels partly alive (it
reaches 55-75% at seeds 17 and lr x0.9/x1.1, 8% at the next seed). Checked while writing: every
run still shows its cause and scores at least 10 points under the healthy median (96.8-97.2) with
lr x0.9, lr x1.1 and the next seed, and again with a third seed (+200) and lr x0.8 and x1.25.
"""
import contextlib
import io
import re

import numpy as np

from .common import one_blas_thread, translate, usual_own

SCORE = "accuracy"
N_TRAIN = 1200
LINE = re.compile(r"loss (\S+)")
# PATCHES[p] holds the 9 flat pixel indices of the p-th 3x3 patch of an 8x8 image (36 patches)
PATCHES = np.array([[(r + i) * 8 + (c + j) for i in range(3) for j in range(3)] for r in range(6) for c in range(6)])


def load(standardize):
    """(Xtr, ytr, Xte, yte): flat 64-pixel images, a fixed 1200/597 split."""
    from sklearn.datasets import load_digits
    X, y = load_digits(return_X_y=True)
    order = np.random.default_rng(0).permutation(len(y))
    X, y = X[order].astype(float), y[order]
    if standardize:
        X = (X - X[:N_TRAIN].mean()) / X[:N_TRAIN].std()
    return X[:N_TRAIN], y[:N_TRAIN], X[N_TRAIN:], y[N_TRAIN:]


def im2col(X):
    """(n, 36, 9): each image's 3x3 patches, one row per output position."""
    return X[:, PATCHES]


ACTS = {"relu": (lambda z: np.maximum(z, 0.0), lambda a: (a > 0).astype(float)),
        "tanh": (np.tanh, lambda a: 1.0 - a * a),
        "sigmoid": (lambda z: 1.0 / (1.0 + np.exp(-z)), lambda a: a * (1.0 - a))}


def init_layers(s, rng):
    """[(W, b)]: the conv kernels (9, filters), then each dense layer; the output bias starts at 0."""
    sizes = [9, s["filters"]] + [36 * s["filters"]] + list(s["hidden"]) + [10]
    pairs = [(9, s["filters"])] + list(zip(sizes[2:-1], sizes[3:]))
    layers = []
    for i, (m, n) in enumerate(pairs):
        std = {"he": np.sqrt(2.0 / m), "xavier": np.sqrt(1.0 / m)}.get(s["init"], s["init"])
        layers.append([rng.normal(0.0, float(std), (m, n)), np.full(n, 0.0 if i == len(pairs) - 1 else s["bias"])])
    return layers


def forward(layers, X, act):
    """(cols, [conv maps flattened, hidden..., logits]): cols are the batch's patches."""
    f = ACTS[act][0]
    cols = im2col(X)
    maps = f(cols @ layers[0][0] + layers[0][1])  # (n, 36, filters)
    outs = [maps.reshape(len(X), -1)]
    for W, b in layers[1:-1]:
        outs.append(f(outs[-1] @ W + b))
    outs.append(outs[-1] @ layers[-1][0] + layers[-1][1])
    return cols, outs


def cross_entropy(logits, y, reduction):
    """The batch's cross-entropy and its gradient with respect to the logits."""
    z = logits - logits.max(1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(1, keepdims=True))
    d = np.exp(logp)
    d[np.arange(len(y)), y] -= 1.0
    losses = -logp[np.arange(len(y)), y]
    if reduction == "sum":
        return float(losses.sum()), d
    return float(losses.mean()), d / len(y)


def step(layers, cols, outs, d, act, lr):
    """Backpropagate the logits' gradient `d` and take one SGD step on every layer."""
    grad = ACTS[act][1]
    for i in range(len(layers) - 1, 0, -1):
        dW, db = outs[i - 1].T @ d, d.sum(0)
        d = (d @ layers[i][0].T) * grad(outs[i - 1])
        layers[i][0] -= lr * dW
        layers[i][1] -= lr * db
    d = d.reshape(len(cols), 36, -1)  # back to one row per patch
    layers[0][0] -= lr * (cols.reshape(-1, 9).T @ d.reshape(-1, d.shape[2]))
    layers[0][1] -= lr * d.sum((0, 1))


def train(s, Xtr, ytr, rng, steps=None):
    """The learner's loop: prints a loss line every s["every"] updates; returns the layers."""
    layers = init_layers(s, rng)
    t, total = 0, steps if steps is not None else s["epochs"] * -(-len(ytr) // s["batch"])
    for epoch in range(1, s["epochs"] + 1):
        order = rng.permutation(len(ytr))
        for k in range(0, len(ytr), s["batch"]):
            idx = order[k:k + s["batch"]]
            cols, outs = forward(layers, Xtr[idx], s["activation"])
            loss, d = cross_entropy(outs[-1], ytr[idx], s["reduction"])
            if t % s["every"] == 0 or not np.isfinite(loss):
                print(f"epoch {epoch:2d} | step {t:5d} | loss {loss:.4f}")
            if not np.isfinite(loss):
                return layers
            step(layers, cols, outs, d, s["activation"], s["lr"])
            t += 1
            if t >= total:
                return layers
    return layers


def run(settings, steps=None):
    s = settings
    Xtr, ytr, Xte, yte = load(s["standardize"])
    rng = np.random.default_rng(s["seed"])
    printed = io.StringIO()
    with np.errstate(all="ignore"), one_blas_thread(), contextlib.redirect_stdout(printed):
        layers = train(s, Xtr, ytr, rng, steps)
        pred = forward(layers, Xte, s["activation"])[1][-1].argmax(1)  # a nan row gives class 0
    costs = [float(m) for m in LINE.findall(printed.getvalue())]
    return costs, float(100 * np.mean(pred == yte))


def known(settings):
    """lr, the batch and how often a line is printed; loss and classes as the learner chooses to say."""
    s = settings
    batch = min(s["batch"], N_TRAIN)
    told = dict(lr=s["lr"], batch_size=batch, every=s["every"], n_samples=N_TRAIN, reduction=s["reduction"],
                loss="cross_entropy", n_classes=10)
    return {k: v for k, v in told.items() if k in ("lr", "batch_size", "every") or k in s["tells"]}


OWN = usual_own(activations=tuple(ACTS))


def apply(settings, action):
    return translate(settings, action, OWN)


def base(**kw):
    """8 relu kernels then softmax, batches of 32, 8 epochs (300 updates), a line every 10 updates."""
    s = dict(seed=0, lr=0.05, standardize=True, epochs=8, batch=32, every=10, filters=8, hidden=[],
             activation="relu", init="he", bias=0.0, reduction="mean", tells=["loss", "n_classes"])
    s.update(kw)
    return s


def full(**kw):
    """A full-batch run: all 1200 training images in each of 40 updates, lr 0.5, a line every 2."""
    return base(**{"batch": 1200, "epochs": 40, "lr": 0.5, "every": 2, **kw})


def suite():
    tanh64 = dict(activation="tanh", init="xavier", hidden=[64])
    runs = [(f"healthy relu seed {k}", "healthy", base(seed=k)) for k in (0, 1)]
    runs += [("healthy tanh xavier", "healthy", base(seed=2, activation="tanh", init="xavier", tells=[])),
             ("healthy tanh xavier, dense 64", "healthy", base(seed=3, **tanh64)),
             ("healthy sigmoid xavier, lr 0.5", "healthy", base(seed=4, activation="sigmoid", init="xavier", lr=0.5)),
             ("healthy 16 kernels", "healthy", base(seed=5, filters=16, tells=["reduction"])),
             ("healthy full batch, lr 0.5", "healthy", full(seed=6))]
    runs += [("tanh dense 64, lr 5 (100x)", "lr_high", base(seed=7, lr=5.0, **tanh64)),
             ("tanh dense 64, lr 4 (80x)", "lr_high", base(seed=8, lr=4.0, **tanh64, tells=[])),
             ("relu lr 5e-4 (100x low)", "lr_low", base(seed=9, lr=5e-4)),
             ("tanh lr 5e-4 (100x low)", "lr_low", base(seed=10, lr=5e-4, activation="tanh", init="xavier", tells=[])),
             ("full batch, loss summed over 1200", "summed", full(seed=11, reduction="sum")),
             ("batches of 300, loss summed", "summed",
              base(seed=12, batch=300, epochs=20, every=4, reduction="sum", tells=["reduction", "n_classes"])),
             ("relu biases -5", "dead", base(seed=15, bias=-5.0)),
             ("relu dense 32, biases -5", "dead", base(seed=16, bias=-5.0, hidden=[32], tells=[])),
             ("raw pixels, relu, lr 0.3: the first steps kill every relu", "dead",
              base(seed=17, standardize=False, lr=0.3)),
             ("tanh 64-64 dense, weights N(0, 3)", "saturated",
              base(seed=18, activation="tanh", init=3.0, hidden=[64, 64])),
             ("sigmoid 64-64 dense, weights N(0, 4)", "saturated",
              base(seed=19, activation="sigmoid", init=4.0, hidden=[64, 64], tells=["loss"])),
             ("relu lr 2.5 (50x): a leap, then every relu off", "jump_stuck", base(seed=20, lr=2.5)),
             ("relu lr 5 (100x)", "jump_stuck", base(seed=21, lr=5.0, tells=["n_classes"]))]
    return runs
