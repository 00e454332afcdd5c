"""Style "leaky_rmsprop": a small net trained with RMSProp, the loss of every update kept.

Written for the next held-out half (doctor_runs.WAITING) on 2026-12-07 by someone who never read or
ran the doctor. The learner fits a binary classifier to scikit-learn's make_moons, make_circles or
make_classification (8 columns), and in some runs appends "extra" columns measured on a large scale:
each a noisy linear mix of the first two columns, times 400 to 2000, plus an offset of the same size
(readings in raw units). A fixed shuffle splits 80/20; with "standardize" every column is z-scored with
the training part's mean and std, without it the raw numbers go in.

The net: one to three hidden layers of leaky_relu (slope `leak`, 0.01), relu, elu or sigmoid
units, one logit out, and the binary cross-entropy written from the logit as
np.logaddexp(0, z) - y * z (no clip, so the loss is not bounded). Reduction "mean" averages it over
the minibatch; "sum" adds it up (the learner read that some libraries sum). RMSProp by hand:
v = 0.9 v + 0.1 g**2, w -= lr * g / (sqrt(v) + 1e-8), on shuffled minibatches of 8 to 64.

The log: the loss of EVERY update, as float(loss), appended to a list `losses` (noisy minibatch
losses, no averaging, no smoothing); a loss that is not finite is appended and ends training. The
score is the test accuracy in points.

Why no "summed" run: RMSProp divides each gradient by the root of its own running square, so a loss
summed over the batch takes the same steps as its mean (only the 1e-8 differs). The two healthy runs
with reduction "sum" (one tells it) train as well as the mean ones; their losses are just batch-size
times larger (86 -> 0.2; 8.7 -> 0.14).

Weak spots: the same normalisation lets RMSProp climb back from a too-large lr: the lr_high runs
(elu at 50x and 100x the healthy 0.01) leap to 300-11000 in the first updates and then come down to
noisy single-digit losses, so their curves end low-ish; the moons one scored 92 with the seed +1000.
At lr 1 the relu nets lose every unit instead (jump_stuck): a leap to 3000-8000, then 0.69-0.79 for
the remaining 400 updates. The unscaled_diverging runs (three raw columns, weights N(0, 0.01) so the
first loss is 0.69) spike to 100-180 within 50 updates and then stay noisy between 0.5 and 2.3.
The saturated runs (sigmoid 32-32-32, weights N(0, 16) in every layer) start at 19-25 (huge logits)
and fall steadily to 1-2 as RMSProp shrinks the output weights, while the hidden units stay
saturated: a falling curve that ends above ln 2. The unscaled_conditioned runs (sigmoid units on raw
columns) sit at 0.5-0.6 from the first tenth on. Every loss is one minibatch's, so single values are
noisy (a healthy batch-of-8 run reads 0.37 three quarters in and 0.03 at its end); the lr_low moons run
falls from 1.18 to 0.26 by its end, slowly.
Checked (no doctor): every run, and again with lr x0.9, x1.1 and the seed +100 and +1000, shows its
cause (labels.looks_like); the healthy runs scored 95.0-99.2 (median 96.25; 91-99 under those
changes) and each problem run at least 14 points under the median (moons elu lr 0.5, 81.7). The
suite runs in about 3 s.
"""
import numpy as np

from .common import one_blas_thread, setter, translate, usual_own

SCORE = "accuracy"
N_ALL = 600
N_TRAIN = 480
RHO, EPS = 0.9, 1e-8
EXTRA_SCALE = [1500.0, 400.0, 2000.0, 800.0]


def load(name, extra, standardize):
    """(Xtr, ytr, Xte, yte), y a column of 0/1: a fixed 80/20 split, `extra` raw-unit columns appended."""
    from sklearn.datasets import make_circles, make_classification, make_moons
    if name == "moons":
        X, y = make_moons(n_samples=N_ALL, noise=0.2, random_state=1)
    elif name == "circles":
        X, y = make_circles(n_samples=N_ALL, noise=0.1, factor=0.5, random_state=1)
    else:
        X, y = make_classification(n_samples=N_ALL, n_features=8, n_informative=4, n_redundant=2, class_sep=2.0,
                                   random_state=1)
    rng = np.random.default_rng(21)
    cols = [(X[:, 0] * rng.normal() + X[:, 1] * rng.normal() + 0.3 * rng.normal(size=N_ALL)) * sc + sc
            for sc in EXTRA_SCALE[:extra]]
    X = np.column_stack([X] + cols)
    order = rng.permutation(N_ALL)
    X, y = X[order], y[order].reshape(-1, 1).astype(float)
    if standardize:
        X = (X - X[:N_TRAIN].mean(0)) / X[:N_TRAIN].std(0)
    return X[:N_TRAIN], y[:N_TRAIN], X[N_TRAIN:], y[N_TRAIN:]


def act(z, name, leak=0.01):
    """The hidden activation (leak: leaky_relu's slope below 0)."""
    if name == "leaky_relu":
        return np.where(z > 0, z, leak * z)
    if name == "relu":
        return np.maximum(z, 0)
    if name == "elu":
        return np.where(z > 0, z, np.expm1(np.minimum(z, 0)))
    return 1 / (1 + np.exp(-z))


def act_grad(z, h, name, leak=0.01):
    """Its derivative at z (h = act(z))."""
    if name == "leaky_relu":
        return np.where(z > 0, 1.0, leak)
    if name == "relu":
        return (z > 0).astype(float)
    if name == "elu":
        return np.where(z > 0, 1.0, h + 1)
    return h * (1 - h)


def init_net(sizes, s, rng):
    """{"W": [...], "b": [...]}: hidden biases start at s["bias"], the output's at 0."""
    net = {"W": [], "b": []}
    for i, (m, n) in enumerate(zip(sizes[:-1], sizes[1:])):
        std = {"he": np.sqrt(2 / m), "xavier": np.sqrt(1 / m)}.get(s["init"], s["init"])
        net["W"].append(rng.normal(0, float(std), (m, n)))
        net["b"].append(np.full(n, s["bias"] if i < len(sizes) - 2 else 0.0))
    return net


def forward(net, X, activation, leak=0.01):
    """(zs, hs): each layer's pre-activation and output, hs[0] = X; zs[-1] is the logit."""
    zs, hs = [], [X]
    for i, (W, b) in enumerate(zip(net["W"], net["b"])):
        zs.append(hs[-1] @ W + b)
        if i < len(net["W"]) - 1:
            hs.append(act(zs[-1], activation, leak))
    return zs, hs


def loss_and_grads(net, X, y, s):
    """The batch's cross-entropy (mean or sum) and the gradients {"W": [...], "b": [...]}."""
    zs, hs = forward(net, X, s["activation"], s["leak"])
    logit = zs[-1]
    per_sample = np.logaddexp(0, logit) - y * logit
    loss = per_sample.sum() if s["reduction"] == "sum" else per_sample.mean()
    d = 1 / (1 + np.exp(-logit)) - y
    if s["reduction"] != "sum":
        d = d / len(y)
    grads = {"W": [None] * len(zs), "b": [None] * len(zs)}
    for i in range(len(zs) - 1, -1, -1):
        grads["W"][i], grads["b"][i] = hs[i].T @ d, d.sum(0)
        if i:
            d = (d @ net["W"][i].T) * act_grad(zs[i - 1], hs[i], s["activation"], s["leak"])
    return loss, grads


def rmsprop(net, grads, cache, lr):
    """One RMSProp update of every weight and bias, in place; cache holds the running squares."""
    for key in ("W", "b"):
        for i, g in enumerate(grads[key]):
            cache[key][i] = RHO * cache[key][i] + (1 - RHO) * g * g
            net[key][i] -= lr * g / (np.sqrt(cache[key][i]) + EPS)


def train(s, Xtr, ytr, rng, steps=None):
    """The learner's loop: (the loss of every update, the net); steps: stop after that many updates."""
    net = init_net([Xtr.shape[1]] + list(s["hidden"]) + [1], s, rng)
    cache = {key: [np.zeros_like(p) for p in net[key]] for key in ("W", "b")}
    losses = []
    for _ in range(s["epochs"]):
        order = rng.permutation(len(ytr))
        for k in range(0, len(ytr), s["batch"]):
            idx = order[k:k + s["batch"]]
            loss, grads = loss_and_grads(net, Xtr[idx], ytr[idx], s)
            losses.append(float(loss))
            if not np.isfinite(loss) or len(losses) == steps:
                return losses, net
            rmsprop(net, grads, cache, s["lr"])
    return losses, net


def run(settings, steps=None):
    """(the loss of every update, test accuracy in points); steps: stop after that many updates."""
    s = settings
    Xtr, ytr, Xte, yte = load(s["data"], s["extra"], s["standardize"])
    rng = np.random.default_rng(s["seed"])
    with np.errstate(all="ignore"), one_blas_thread():
        losses, net = train(s, Xtr, ytr, rng, steps)
        logit = forward(net, Xte, s["activation"], s["leak"])[0][-1]
    return losses, float(100 * np.mean((logit > 0) == (yte > 0.5)))


def known(settings):
    """What the learner says: the lr always, and that every update is logged (every 1); with tell
    "some" or "all" the batch and training size; with "all" the loss, its reduction and the 2 classes."""
    out = dict(lr=settings["lr"], every=1)
    if settings["tell"] in ("some", "all"):
        out.update(batch_size=settings["batch"], n_samples=N_TRAIN)
    if settings["tell"] == "all":
        out.update(loss="cross_entropy", reduction=settings["reduction"], n_classes=2)
    return out


OWN = usual_own(activations=("leaky_relu", "relu", "elu", "sigmoid"))
OWN["leak"] = setter("leak", float)


def set_sizes(settings, sizes):
    """An action's layer sizes (input first, output last): the hidden ones are the learner's `hidden`."""
    settings["hidden"] = [int(n) for n in list(sizes)[1:-1]]


OWN["sizes"] = set_sizes


def apply(settings, action):
    """A doctor's action as this learner applies it (lr, standardize, seed, reduction, init, bias,
    activation, leak, epochs, hidden sizes); any other key has no place in this code and is dropped."""
    return translate(settings, action, OWN)


def base(**kw):
    """A moons run: leaky_relu 32-32, RMSProp lr 0.01, batches of 32, 30 epochs (450 updates)."""
    s = dict(data="moons", extra=0, seed=0, lr=0.01, standardize=True, epochs=30, batch=32, hidden=[32, 32],
             activation="leaky_relu", leak=0.01, init="he", bias=0.0, reduction="mean", tell="all")
    s.update(kw)
    return s


def circles(**kw):
    """A make_circles run: as base."""
    return base(**{"data": "circles", **kw})


def blobs(**kw):
    """A make_classification run (8 columns): as base."""
    return base(**{"data": "blobs", **kw})


def suite():
    """The 20 labelled runs: (name, cause, settings), the cause put in by the settings."""
    raw = dict(extra=3, standardize=False, init=0.01)  # three raw-unit columns, weights N(0, 0.01)
    sig3 = dict(activation="sigmoid", hidden=[32, 32, 32], init=16.0)
    runs = [("healthy moons leaky_relu 32-32", "healthy", base()),
            ("healthy circles elu 32-32", "healthy", circles(seed=1, activation="elu", tell="some")),
            ("healthy blobs leaky_relu 32-32", "healthy", blobs(seed=2, tell="lr")),
            ("healthy moons batches of 8, lr 0.002", "healthy", base(seed=3, batch=8, lr=0.002, epochs=10)),
            ("healthy moons batches of 64, loss summed over the batch", "healthy",
             base(seed=4, batch=64, epochs=40, reduction="sum")),
            ("healthy blobs leaky_relu 32-32-32, batches of 16 summed", "healthy",
             blobs(seed=5, hidden=[32, 32, 32], batch=16, lr=0.003, epochs=20, reduction="sum", tell="some"))]
    runs += [("circles elu, lr 1 (100x)", "lr_high", circles(seed=6, lr=1.0, activation="elu")),
             ("moons elu, lr 0.5 (50x)", "lr_high", base(seed=6, lr=0.5, activation="elu", tell="lr")),
             ("moons lr 1e-4 (100x low)", "lr_low", base(seed=7, lr=1e-4)),
             ("circles batches of 16, lr 1e-4 (100x low)", "lr_low", circles(seed=7, lr=1e-4, batch=16, epochs=15,
                                                                           tell="some")),
             ("blobs with 3 raw columns, lr 0.02", "unscaled_diverging", blobs(seed=8, lr=0.02, **raw)),
             ("circles elu with 3 raw columns, lr 0.02", "unscaled_diverging",
              circles(seed=8, lr=0.02, activation="elu", tell="some", **raw)),
             ("circles sigmoid with 2 raw columns", "unscaled_conditioned",
              circles(seed=9, extra=2, standardize=False, activation="sigmoid", init="xavier")),
             ("blobs sigmoid 16 with 4 raw columns", "unscaled_conditioned",
              blobs(seed=9, extra=4, standardize=False, activation="sigmoid", init="xavier", hidden=[16], tell="lr")),
             ("moons relu, biases -3", "dead", base(seed=10, activation="relu", bias=-3.0)),
             ("blobs relu, biases -6, batches of 8", "dead",
              blobs(seed=10, activation="relu", bias=-6.0, batch=8, epochs=10, tell="some")),
             ("circles sigmoid 32-32-32, weights N(0, 16)", "saturated", circles(seed=11, **sig3)),
             ("blobs sigmoid 32-32-32, weights N(0, 16)", "saturated", blobs(seed=11, tell="lr", **sig3)),
             ("moons relu, lr 1: a leap, then every relu off", "jump_stuck", base(seed=15, lr=1.0, activation="relu")),
             ("circles relu, lr 1", "jump_stuck", circles(seed=14, lr=1.0, activation="relu", tell="some"))]
    return runs
