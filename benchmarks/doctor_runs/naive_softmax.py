"""Style "naive_softmax": a softmax classifier whose learner exponentiates the raw logits, per-epoch losses in a list.

Written for the next held-out half (doctor_runs.WAITING) on 2026-12-07 by someone who never read or
ran the doctor. The learner classifies scikit-learn's 8x8 digits (64 pixels 0-16, 10 classes), wine
(13 chemical measurements in their own units, proline in the hundreds to 1680, 3 classes) or a
make_classification table ("blobs": 20 columns, 4 classes, each column shifted and scaled at random
by 1 to 100, as scale=None does) with a 1-3 hidden-layer net (relu, tanh or sigmoid units) and a
softmax written the textbook way, np.exp(z) / np.exp(z).sum(axis=1, keepdims=True), with no row
maximum taken off, and the loss -np.mean(np.log(probs[np.arange(n), y])) with no clipping
(reduction "sum": np.sum, and the gradient not divided by the batch). A logit above 709 makes
np.exp inf and that row of probs nan, which then spreads into every weight; a true class 745 below
the best makes its probability 0 and the batch loss inf while the weights stay finite. Weights are
rng.randn(...) times a scale: 1 ("randn", the plain np.random.randn of many tutorials), He, Xavier,
or a number. A fixed shuffle splits 80/20; with "standardize" the columns are z-scored with the
training part's mean and std, without it the raw numbers go in. Plain SGD over a Python generator
of shuffled minibatches, `for xb, yb in batches(X, y, bs)` (batch None: the whole training set, one
update an epoch).

The log: the learner adds loss * len(xb) over the epoch's batches and appends that sum divided by
the samples seen to a list, one float per epoch; nan or inf goes in as it comes and training goes
on (nobody checks). The score is the test accuracy in points (360 digits, 36 wine, 240 blobs
samples). known() gives what the learner tells: everything it knows ("all": lr, training size,
batch, updates per record, the loss and classes, the reduction), lr with the loss and classes
("loss"), lr only ("lr"), or nothing ("none").

Weak spots: the naive softmax turns nearly every divergence into nan within the first epoch, so the
six lr_high, summed and unscaled_diverging curves are nan from their first record on (four of them)
or after one or two finite ones (the full-batch runs: 2.89, 22.4, then nan at lr 10; 4.08e3, the
first summed loss, then nan): nothing but known() tells those causes apart. The jump_stuck runs are
full batch, so each record is one update: the loss leaps to 10-45 within the first six records,
then every relu is off and it sits at log 10 = 2.30 to the end. With minibatches such a leap falls
inside the first epoch's mean and the curve looks like a dead run's (4.4, 2.32, 2.30, ...), and the
leap is seed-sensitive: of 15 seeds at lr 5 (and at lr 6) 3 (4) climbed on to nan instead and 1 (1)
leaped less than 1.5 times its first record (the two runs here show their cause with lr x0.9, x1.1
and seeds +100 and +1000). The unscaled_conditioned runs (raw wine into tanh or sigmoid units:
every unit saturated by proline) sit flat at 1.1-1.3, near log 3 = 1.10, like a dead run; the
full-batch sigmoid one creeps up from 1.11 to 1.28-1.34 and wobbles. The dead runs sit at log 10
and log 4 = 1.39; on digits a few units revive late (2.31 to 2.20). The saturated runs (tanh 3x128,
weights randn * 5) start high (36-72: logits in the tens) and fall slowly, 7-10 times over the run:
a slow curve, not a flat one, with a test accuracy 14-26 points under healthy (plain randn weights,
std 1, were not enough to hurt: the healthy sigmoid run uses them). The lr_low curves fall
smoothly, 2.97 to 1.08 and 1.94 to 0.46.
Checked (no doctor): every run, and again with lr x0.9, x1.1 and the seed +100 and +1000, shows its
cause (labels.looks_like), and each problem run scored more than 5 points under the healthy median
(96.6 here, healthy runs 95.6-97.2; the closest, the blobs lr_low run, 85.8; in the variants at
least 8.8 points under, the blobs saturated run at lr x1.1 scoring 87.9). The whole suite runs in
about 7 s on one thread.
"""
import numpy as np

from .common import one_blas_thread, translate, usual_own

SCORE = "accuracy"


def load(name, standardize):
    """(Xtr, ytr, Xte, yte) with integer labels: a fixed 80/20 split of digits, wine or a make_classification table."""
    from sklearn.datasets import load_digits, load_wine, make_classification
    if name == "digits":
        X, y = load_digits(return_X_y=True)
    elif name == "wine":
        X, y = load_wine(return_X_y=True)
    else:  # 4 classes, 20 columns, each shifted and scaled at random (scale=None: by 1 to 100)
        X, y = make_classification(n_samples=1200, n_features=20, n_informative=10, n_redundant=4, n_classes=4,
                                   n_clusters_per_class=1, class_sep=1.5, shift=None, scale=None, random_state=7)
    order = np.random.RandomState(42).permutation(len(y))
    X, y = X[order].astype(float), y[order]
    cut = int(0.8 * len(y))
    Xtr, Xte = X[:cut], X[cut:]
    if standardize:
        mu, sd = Xtr.mean(axis=0), Xtr.std(axis=0) + 1e-8
        Xtr, Xte = (Xtr - mu) / sd, (Xte - mu) / sd
    return Xtr, y[:cut], Xte, y[cut:]


ACTS = {"relu": (lambda z: np.maximum(0, z), lambda h: (h > 0) * 1.0),
        "tanh": (np.tanh, lambda h: 1 - h ** 2),
        "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda h: h * (1 - h))}


def init_params(sizes, init, bias, rng):
    """[(W, b)] per layer; W = rng.randn(...) times a scale (init "randn": none), hidden biases = bias."""
    params = []
    for i in range(len(sizes) - 1):
        fan_in = sizes[i]
        scale = {"randn": 1.0, "he": np.sqrt(2 / fan_in), "xavier": np.sqrt(1 / fan_in)}.get(init, init)
        W = rng.randn(sizes[i], sizes[i + 1]) * float(scale)
        b = np.zeros(sizes[i + 1]) + (float(bias) if i < len(sizes) - 2 else 0.0)
        params.append((W, b))
    return params


def batches(X, y, bs, rng):
    """The shuffled minibatches of one epoch."""
    idx = rng.permutation(len(X))
    for start in range(0, len(X), bs):
        j = idx[start:start + bs]
        yield X[j], y[j]


def forward(params, X, act):
    """The hidden layers' outputs [X, h1, ...] and the softmax probabilities."""
    hs = [X]
    for W, b in params[:-1]:
        hs.append(ACTS[act][0](hs[-1] @ W + b))
    z = hs[-1] @ params[-1][0] + params[-1][1]
    probs = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return hs, probs


def sgd_step(params, xb, yb, s):
    """One SGD step on the batch; returns the batch's loss (mean or sum of -log p[true class])."""
    n = len(xb)
    hs, probs = forward(params, xb, s["activation"])
    if s["reduction"] == "sum":
        loss = -np.sum(np.log(probs[np.arange(n), yb]))
    else:
        loss = -np.mean(np.log(probs[np.arange(n), yb]))
    dz = probs.copy()
    dz[np.arange(n), yb] -= 1
    if s["reduction"] != "sum":
        dz /= n
    for i in reversed(range(len(params))):
        W, b = params[i]
        dW, db = hs[i].T @ dz, dz.sum(axis=0)
        if i > 0:
            dz = (dz @ W.T) * ACTS[s["activation"]][1](hs[i])
        W -= s["lr"] * dW
        b -= s["lr"] * db
    return float(loss)


def train(s, Xtr, ytr, steps=None):
    """The learner's loop; returns (losses: one weighted average of the batch losses per epoch, params)."""
    rng = np.random.RandomState(s["seed"])
    params = init_params([Xtr.shape[1]] + list(s["hidden"]) + [int(ytr.max()) + 1], s["init"], s["bias"], rng)
    bs = s["batch"] or len(Xtr)
    losses, t = [], 0
    for epoch in range(s["epochs"]):
        running, seen = 0.0, 0
        for xb, yb in batches(Xtr, ytr, bs, rng):
            loss = sgd_step(params, xb, yb, s)
            running += loss * len(xb)
            seen += len(xb)
            t += 1
            if t == steps:
                break
        losses.append(running / seen)
        if t == steps:
            break
    return losses, params


def run(settings, steps=None):
    """(the per-epoch losses, test accuracy in points); steps: stop after that many updates."""
    s = settings
    Xtr, ytr, Xte, yte = load(s["data"], s["standardize"])
    with np.errstate(all="ignore"), one_blas_thread():
        losses, params = train(s, Xtr, ytr, steps)
        _, probs = forward(params, Xte, s["activation"])
    return losses, float(100 * np.mean(probs.argmax(axis=1) == yte))


N_TRAIN = {"digits": 1437, "wine": 142, "blobs": 960}
N_CLASSES = {"digits": 10, "wine": 3, "blobs": 4}


def known(settings):
    """What the learner tells: everything ("all"), lr with the loss and classes ("loss"), lr only, or nothing."""
    s, tell = settings, settings["tell"]
    if tell == "none":
        return {}
    out = {"lr": s["lr"]}
    if tell in ("all", "loss"):
        out.update(loss="cross_entropy", n_classes=N_CLASSES[s["data"]])
    if tell == "all":
        n = N_TRAIN[s["data"]]
        bs = s["batch"] or n
        out.update(n_samples=n, batch_size=bs, every=-(-n // bs), reduction=s["reduction"])
    return out


OWN = usual_own(activations=tuple(ACTS), init_names=("he", "xavier", "randn"))


def apply(settings, action):
    """A doctor's action as this learner applies it: lr, standardize, seed, weight scale, hidden biases,
    activation, epochs and reduction (a key this code has no knob for is dropped)."""
    return translate(settings, action, OWN)


def base(**kw):
    """A digits run: 64 relu units, He init, batches of 32, lr 0.1, 30 epochs."""
    s = {"data": "digits", "seed": 0, "lr": 0.1, "standardize": True, "epochs": 30, "batch": 32, "hidden": [64],
         "activation": "relu", "init": "he", "bias": 0.0, "reduction": "mean", "tell": "all"}
    s.update(kw)
    return s


def wine(**kw):
    """A wine run: as base, batches of 16, 60 epochs."""
    return base(**{"data": "wine", "batch": 16, "epochs": 60, **kw})


def blobs(**kw):
    """A make_classification run: as base, batches of 64, lr 0.3, 40 epochs."""
    return base(**{"data": "blobs", "batch": 64, "lr": 0.3, "epochs": 40, **kw})


def suite():
    """The 22 labelled runs: (name, cause, settings), the cause put in by the settings."""
    full = {"batch": None, "epochs": 200, "lr": 0.5}  # the whole training set in one batch: one update an epoch
    return [
        ("healthy digits relu 64, batches of 32", "healthy", base()),
        ("healthy digits relu 64, batches of 32, seed 1", "healthy", base(seed=1, tell="none")),
        ("healthy digits full batch, lr 0.5", "healthy", base(seed=2, tell="loss", **full)),
        ("healthy wine tanh 32", "healthy", wine(seed=3, hidden=[32], activation="tanh", init="xavier", tell="lr")),
        ("healthy blobs relu 64", "healthy", blobs(seed=4)),
        ("healthy blobs sigmoid 32, plain randn weights", "healthy",
         blobs(seed=5, hidden=[32], activation="sigmoid", init="randn", tell="loss")),
        ("digits lr 2 (20x)", "lr_high", base(seed=6, lr=2.0)),
        ("digits full batch, lr 10 (20x)", "lr_high", base(seed=7, tell="lr", **dict(full, lr=10.0))),
        ("digits lr 0.001 (100x low)", "lr_low", base(seed=8, lr=0.001, tell="loss")),
        ("blobs full batch, lr 0.01 (100x low), 100 epochs", "lr_low",
         blobs(seed=9, **dict(full, lr=0.01, epochs=100))),
        ("digits loss summed over batches of 32", "summed", base(seed=10, reduction="sum")),
        ("digits full batch, loss summed over 1437", "summed", base(seed=11, reduction="sum", tell="loss", **full)),
        ("raw wine relu", "unscaled_diverging", wine(seed=12, standardize=False, hidden=[32])),
        ("raw blobs relu", "unscaled_diverging", blobs(seed=13, standardize=False, tell="none")),
        ("raw wine tanh", "unscaled_conditioned", wine(seed=14, standardize=False, hidden=[32], activation="tanh")),
        ("raw wine sigmoid, full batch", "unscaled_conditioned",
         wine(seed=15, standardize=False, hidden=[32], activation="sigmoid", init="xavier", tell="loss", **full)),
        ("digits relu biases -8", "dead", base(seed=16, bias=-8.0)),
        ("blobs relu biases -8", "dead", blobs(seed=17, bias=-8.0, tell="lr")),
        ("digits tanh 3x128, weights randn * 5", "saturated",
         base(seed=18, hidden=[128] * 3, activation="tanh", init=5.0)),
        ("blobs tanh 3x128, weights randn * 5", "saturated",
         blobs(seed=19, hidden=[128] * 3, activation="tanh", init=5.0, tell="loss")),
        ("digits full batch relu 16-16, lr 5", "jump_stuck", base(seed=0, hidden=[16, 16], **dict(full, lr=5.0))),
        ("digits full batch relu 16-16, lr 6, seed 13", "jump_stuck",
         base(seed=13, hidden=[16, 16], tell="none", **dict(full, lr=6.0))),
    ]
