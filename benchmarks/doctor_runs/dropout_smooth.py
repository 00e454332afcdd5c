"""Style "dropout_smooth": a softmax MLP with inverted dropout and label smoothing, a per-epoch log of tuples.

Written for a later held-out half (doctor_runs.WAITING) on 2026-12-07 by someone who never read
or ran the doctor. The learner classifies scikit-learn's 8x8 digits (64 pixels, ink counts 0-16,
10 classes) or wine (13 measurements in their own units, proline 278-1680, 3 classes) with one
to three hidden layers (relu or tanh) and a softmax, trained by plain minibatch SGD (no
momentum; a batch of None is the whole training part). While training, each hidden layer's
output goes through inverted dropout (units dropped with probability `drop`, the kept ones
scaled by 1 / (1 - drop), nothing dropped at test time). The cross-entropy is taken against
label-smoothed targets, (1 - smooth) * one_hot + smooth / K, so even a perfect fit keeps a floor
(the entropy of a smoothed row: 0.50 for digits at smooth 0.1, 0.29 for wine), and the dropout
noise keeps the training loss above it. The batch loss is the mean over the batch's rows
(reduction "sum": their sum, as a learner who forgot to divide by the batch size has it).

A fixed shuffle splits 70/30 into train and test. With "standardize" the features are z-scored
with the training part's mean and std (a pixel that is always 0 is left at 0); without it the raw
numbers go in.

The log: after each epoch the learner appends (epoch, mean of that epoch's batch losses) to a list
`log` (epoch counted from 1); a non-finite mean is appended and ends training. The costs are
[loss for epoch, loss in log]: the first one is already an average over the first epoch's updates,
never the loss of the untrained net. The score is the test accuracy in points.

Weak spots: the first record already averages an epoch of learning, so a healthy digits run
starts at 1.5-2.1 (not log 10 = 2.30) and ends at 0.39-0.71 (smoothing and dropout), a ratio of
only 0.25-0.36; full-batch runs start at the untrained loss (2.9-3.2 digits, 1.1-1.3 wine). The
softmax cross-entropy of a relu net bears a large lr well: digits with batches of 64 still trained
at lr 2 (40x, 96.7 points) and tanh at lr 5 (91.5), so the lr_high runs are relu at 50-100x, and
they climb by many orders of magnitude to nan within 20-130 epochs. Raw digits (ink counts 0-16)
train as well as z-scored ones at the healthy lr, so every raw run is on wine. The raw-wine tanh
runs labelled unscaled_diverging do not blow up: the tanh units saturate and the loss rises from
1.3-2.4 to 4-7 and wobbles there. The raw-wine relu run at lr 0.0005 (unscaled_conditioned) falls
from 215 to 0.79 like a converging run; only its end above the healthy 0.37 and its score (55.6)
show the cause. The saturated runs (tanh 64-64-64 with N(0, 3) weights, 32-32-32 with N(0, 4))
start at 29-38 (huge logits) and fall steadily to 5.8-13.5: slow, not flat. The digits dead run
(biases -5) creeps from 2.313 to 2.257 as a few units come back; the wine one sits at 1.07-1.10.
The jump_stuck runs are full-batch relu nets (lr 8 on digits, 16x the healthy full-batch lr; lr 5
on wine): up to 1e2-1e3 in the first 2-3 epochs, then chance level (2.302, 1.072) with, in
some seeds, single spikes as a unit wakes up. Wine has 54 test samples (accuracy in steps of 1.9).
Checked (no doctor): every run, and again with lr x0.9, x1.1 and the seed +100 and +1000, shows
its cause (labels.looks_like); the healthy median was 95.7-96.7 points (healthy runs 94.1-100) and
each problem run scored at least 10 points under it (the closest, the wine saturated run, 75.9-85.2).
"""
import numpy as np

from .common import activation_setter, init_setter, one_blas_thread, setter, translate

SCORE = "accuracy"
N_ALL = {"digits": 1797, "wine": 178}
N_CLASSES = {"digits": 10, "wine": 3}
INITS = ("he", "xavier", "uniform")


def load(name, standardize):
    """(Xtr, ytr, Xte, yte): a fixed 70/30 split of digits or wine, z-scored or raw."""
    from sklearn.datasets import load_digits, load_wine
    X, y = (load_wine if name == "wine" else load_digits)(return_X_y=True)
    order = np.random.default_rng(7).permutation(len(y))
    X, y = X[order].astype(float), y[order]
    a = int(0.7 * len(y))
    if standardize:
        mu, sd = X[:a].mean(0), X[:a].std(0)
        X = (X - mu) / np.where(sd > 0, sd, 1.0)
    return X[:a], y[:a], X[a:], y[a:]


ACT = {"relu": (lambda z: np.maximum(z, 0.0), lambda h: (h > 0).astype(float)),
       "tanh": (np.tanh, lambda h: 1.0 - h * h)}


def init_net(sizes, s, rng):
    """[[W, b], ...] for the layer sizes; the hidden biases start at s["bias"], the output's at 0."""
    net = []
    for i, (m, n) in enumerate(zip(sizes[:-1], sizes[1:])):
        if s["init"] == "uniform":
            W = rng.uniform(-1, 1, (m, n)) / np.sqrt(m)
        else:
            W = rng.normal(0.0, {"he": np.sqrt(2 / m), "xavier": np.sqrt(1 / m)}.get(s["init"], s["init"]), (m, n))
        if i == len(sizes) - 2:
            b = np.zeros(n)
        elif s["bias"] == "U(0,1)":
            b = rng.uniform(0, 1, n)
        else:
            b = np.full(n, float(s["bias"]))
        net.append([W, b])
    return net


def forward(net, X, s, rng=None):
    """(inputs, acts, masks, logits): each layer's input, each hidden layer's activation before dropout,
    its dropout mask (all ones at test time: rng None) and the logits."""
    f = ACT[s["activation"]][0]
    inputs, acts, masks = [X], [], []
    for W, b in net[:-1]:
        a = f(inputs[-1] @ W + b)
        keep = 1 - s["drop"]
        m = (rng.random(a.shape) < keep) / keep if rng is not None else np.ones_like(a)
        acts.append(a)
        masks.append(m)
        inputs.append(a * m)
    return inputs, acts, masks, inputs[-1] @ net[-1][0] + net[-1][1]


def smoothed(y, k, eps):
    """The label-smoothed target rows: 1 - eps + eps/k for the class, eps/k elsewhere."""
    T = np.full((len(y), k), eps / k)
    T[np.arange(len(y)), y] += 1 - eps
    return T


def ce_and_grad(logits, T, reduction):
    """(loss, d loss / d logits) of the softmax cross-entropy against the rows T."""
    z = logits - logits.max(1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(1, keepdims=True))
    per_row = -(T * logp).sum(1)
    div = 1 if reduction == "sum" else len(T)
    return float(per_row.sum() / div), (np.exp(logp) - T) / div


def sgd_step(net, X, T, s, rng):
    """One SGD update on the batch (X, T), dropout on; returns the batch loss."""
    inputs, acts, masks, logits = forward(net, X, s, rng)
    loss, d = ce_and_grad(logits, T, s["reduction"])
    dact = ACT[s["activation"]][1]
    for i in range(len(net) - 1, -1, -1):
        W, b = net[i]
        d_below = (d @ W.T) * masks[i - 1] * dact(acts[i - 1]) if i else None
        W -= s["lr"] * (inputs[i].T @ d)
        b -= s["lr"] * d.sum(0)
        d = d_below
    return loss


def train(s, Xtr, ytr, rng, steps=None):
    """The learner's loop: returns (log, net), log = [(epoch, mean batch loss)]."""
    k = N_CLASSES[s["data"]]
    net = init_net([Xtr.shape[1]] + list(s["hidden"]) + [k], s, rng)
    T_all = smoothed(ytr, k, s["smooth"])
    batch = s["batch"] or len(ytr)
    log, t = [], 0
    for epoch in range(1, s["epochs"] + 1):
        order = rng.permutation(len(ytr))
        losses = []
        for a in range(0, len(ytr), batch):
            idx = order[a:a + batch]
            losses.append(sgd_step(net, Xtr[idx], T_all[idx], s, rng))
            t += 1
            if t == steps:
                break
        log.append((epoch, float(np.mean(losses))))
        if not np.isfinite(log[-1][1]) or t == steps:
            break
    return log, net


def run(settings, steps=None):
    """(the logged epoch losses, test accuracy in points); steps: stop after that many updates."""
    s = settings
    Xtr, ytr, Xte, yte = load(s["data"], s["standardize"])
    rng = np.random.default_rng(s["seed"])
    with np.errstate(all="ignore"), one_blas_thread():
        log, net = train(s, Xtr, ytr, rng, steps)
        pred = forward(net, Xte, s)[3].argmax(1)
    return [loss for _, loss in log], float(100 * np.mean(pred == yte))


def known(settings):
    """What this learner says: the keys in settings["tell"], out of lr, the training size, the
    batch, the updates per logged epoch, the loss, its reduction, the classes and the smoothed targets."""
    s = settings
    n_train = int(0.7 * N_ALL[s["data"]])
    batch = s["batch"] or n_train
    k = N_CLASSES[s["data"]]
    hi, lo = 1 - s["smooth"] + s["smooth"] / k, s["smooth"] / k
    every = -(-n_train // batch)
    could = dict(lr=s["lr"], n_samples=n_train, batch_size=batch, every=every, loss="cross_entropy",
                 reduction=s["reduction"], n_classes=k, targets=[round(lo, 4), round(hi, 4)])
    return {key: could[key] for key in s["tell"]}


def bias_start(settings, value):
    """bias_init as this learner sets it: one number for every hidden bias, or U(0, 1) draws."""
    if value in (None, "none", "zero", "zeros"):
        value = 0.0
    settings["bias"] = value if value == "U(0,1)" else float(value)


OWN = {"reduction": setter("reduction"), "weight_init": init_setter("init", INITS), "bias_init": bias_start,
       "activation": activation_setter("activation", tuple(ACT)), "epochs": setter("epochs", int)}


def apply(settings, action):
    """A doctor's action as this learner applies it (lr, standardize, seed, reduction, init, bias, activation,
    epochs); keys this code has no knob for are dropped."""
    return translate(settings, action, OWN)


ALL = ["lr", "n_samples", "batch_size", "every", "loss", "reduction", "n_classes", "targets"]
SOME = ["loss", "n_classes"]  # "my cross-entropy on 10 classes..."


def digits(**kw):
    """A digits run: relu 64, dropout 0.2, smoothing 0.1, batches of 64, lr 0.05, 40 epochs."""
    s = dict(data="digits", seed=0, lr=0.05, standardize=True, epochs=40, batch=64, hidden=[64],
             activation="relu", init="he", bias=0.0, drop=0.2, smooth=0.1, reduction="mean", tell=ALL)
    s.update(kw)
    return s


def wine(**kw):
    """A wine run: relu 32, batches of 16 (8 updates an epoch), otherwise as digits."""
    return digits(**{"data": "wine", "hidden": [32], "batch": 16, **kw})


def suite():
    """The 23 labelled runs: (name, cause, settings), the cause put in by the settings."""
    full = dict(batch=None, lr=0.5, epochs=150)  # one update an epoch
    tanh = dict(activation="tanh", init="xavier")
    deep_tanh = dict(activation="tanh", hidden=[64, 64, 64])
    runs = [("healthy digits relu 64, batches of 64", "healthy", digits()),
            ("healthy digits relu 64, lr 0.1, seed 1", "healthy", digits(seed=1, lr=0.1, tell=SOME)),
            ("healthy digits tanh 64, smoothing 0.05", "healthy",
             digits(seed=2, lr=0.1, smooth=0.05, tell=[], **tanh)),
            ("healthy digits relu 128-64, dropout 0.3", "healthy", digits(seed=3, lr=0.1, hidden=[128, 64], drop=0.3)),
            ("healthy digits full batch, lr 0.5", "healthy", digits(seed=4, tell=["lr"], **full)),
            ("healthy wine relu 32, batches of 16", "healthy", wine(seed=5, tell=SOME)),
            ("healthy wine tanh 32, full batch", "healthy", wine(seed=6, **tanh, **full))]
    runs += [("digits lr 5 (100x)", "lr_high", digits(seed=7, lr=5.0, tell=["lr", "batch_size"])),
             ("wine full batch, lr 25 (50x)", "lr_high", wine(seed=8, **dict(full, lr=25.0))),
             ("digits full batch, lr 0.005 (100x low)", "lr_low", digits(seed=9, **dict(full, lr=0.005))),
             ("wine lr 0.0005 (100x low)", "lr_low", wine(seed=10, lr=0.0005, tell=[])),
             ("digits, batch losses summed over 64 rows", "summed", digits(seed=11, reduction="sum")),
             ("digits full batch, loss summed over 1257 rows", "summed",
              digits(seed=12, reduction="sum", tell=SOME, **full)),
             ("raw wine tanh, batches of 16, lr 0.5", "unscaled_diverging",
              wine(seed=13, standardize=False, lr=0.5, **tanh)),
             ("raw wine tanh, full batch", "unscaled_diverging",
              wine(seed=14, standardize=False, tell=[], **tanh, **full)),
             ("raw wine tanh, batches of 16", "unscaled_conditioned", wine(seed=15, standardize=False, **tanh)),
             ("raw wine relu, lr 0.0005 (lowered until it stopped blowing up)", "unscaled_conditioned",
              wine(seed=16, standardize=False, lr=0.0005, tell=["lr"])),
             ("digits relu 64, biases -5", "dead", digits(seed=17, bias=-5.0)),
             ("wine relu 32-16 full batch, biases -4", "dead",
              wine(seed=18, hidden=[32, 16], bias=-4.0, tell=SOME, **full)),
             ("digits tanh 64-64-64, weights N(0, 3)", "saturated", digits(seed=19, init=3.0, **deep_tanh)),
             ("wine tanh 32-32-32, weights N(0, 4)", "saturated",
              wine(seed=20, init=4.0, tell=[], **dict(deep_tanh, hidden=[32, 32, 32]))),
             ("digits relu 64-32 full batch, lr 8: a leap, then every relu off", "jump_stuck",
              digits(seed=21, hidden=[64, 32], **dict(full, lr=8.0, epochs=100))),
             ("wine relu 32-32 full batch, lr 5", "jump_stuck", wine(seed=22, hidden=[32, 32], **dict(full, lr=5.0)))]
    return runs
