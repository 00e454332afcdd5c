"""Style "decay_table": a softmax MLP whose training log is a CSV table, read back for the plot.

Written for the next held-out half (doctor_runs.WAITING) by someone who never read or ran the
doctor. The learner trains a softmax classifier with one or two hidden layers (relu, tanh or
sigmoid) on scikit-learn's digits (8x8 pixel values 0-16, 10 classes) or wine (13 chemical
measurements in their own units, proline in the hundreds to well over a thousand, 3 classes).
The data are split once (a fixed shuffle) 60/20/20 into train, validation and test; with
"standardize" the features are z-scored with the training part's mean and std, without it the raw
units go in. Minibatch SGD (or the whole training part at once) on the cross-entropy averaged over
the batch (reduction "sum": added up), L2 weight decay added to the weight gradients in the update
(not to the loss), and a step decay: the lr halves every `decay_every` epochs.

The log: a csv.writer writes the header "epoch,lr,train_loss,val_loss" and one row per epoch, each
number written with 5 significant digits ("%.5g"). Row 0 is written before any update (the whole
training part's loss, so the plot starts where the net starts); row k (k >= 1) holds epoch k's lr
and the mean of that epoch's minibatch losses (a running mean, as the batches came), and the
validation loss after the epoch. A non-finite batch loss ends training after its row is written
("nan" or "inf" in the table). The costs are the train_loss column read back from the written text
with csv.DictReader, so rounded as written. The score is the test accuracy in points.

Weak spots (a note for whoever reads the doctor's results): one row per epoch, so a full-batch
run logs one update per row and a minibatch run 34 (digits) or 7 (wine); row 0 is the whole
training part's loss, the other rows running means over an epoch, so a jump inside epoch 1 shows
as one averaged row; blow-ups climb through huge finite rows (1e+26 ... 1e+300: the log-sum-exp
loss grows with the logits) before "inf"/"nan" ends the table; summed runs log sums (row 0 of
full-batch digits is about 3000). There is no unscaled_diverging run: raw wine or digits into
relu + softmax never gave a climbing curve here (the first big step kills the relus, labelled
dead or jump_stuck, or a small lr trains badly, labelled unscaled_conditioned). The saturated runs
draw the output layer from the same large N(0, std), so they start high (35-50) and fall steadily
while the accuracy stays low: a slow curve, not a flat one. Wine's test part is 36 samples, so its
accuracies move in steps of 2.8 points.
"""
import csv
import io

import numpy as np

from .common import one_blas_thread, translate, usual_own

SCORE = "accuracy"
HEADER = ["epoch", "lr", "train_loss", "val_loss"]


def load(name, standardize):
    """(Xtr, ytr, Xva, yva, Xte, yte): a fixed 60/20/20 split of digits or wine."""
    from sklearn.datasets import load_digits, load_wine
    X, y = (load_wine if name == "wine" else load_digits)(return_X_y=True)
    order = np.random.default_rng(42).permutation(len(y))  # one split for every run, like random_state=42
    X, y = X[order].astype(float), y[order]
    a, b = int(0.6 * len(y)), int(0.8 * len(y))
    if standardize:
        mu, sd = X[:a].mean(0), X[:a].std(0)
        X = (X - mu) / np.where(sd > 0, sd, 1.0)  # digits has pixels that are always 0
    return X[:a], y[:a], X[a:b], y[a:b], X[b:], y[b:]


ACTS = {"relu": (lambda z: np.maximum(z, 0), lambda h: (h > 0).astype(float)),
        "tanh": (np.tanh, lambda h: 1 - h * h),
        "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda h: h * (1 - h))}


def init_params(sizes, init, bias, rng):
    """[(W, b)] for layer sizes [n_in, h1, (h2,) n_out]; hidden biases start at `bias`, the output's at 0."""
    params = []
    for i, (m, n) in enumerate(zip(sizes[:-1], sizes[1:])):
        std = {"he": np.sqrt(2 / m), "xavier": np.sqrt(1 / m)}.get(init, init)
        last = i == len(sizes) - 2
        params.append([rng.normal(0, float(std), (m, n)), np.full(n, 0.0 if last else float(bias))])
    return params


def forward(params, X, act):
    """Activations [X, h1, (h2,) z]; z (n, n_classes): the logits minus their row max (for a stable softmax)."""
    f = ACTS[act][0]
    hs = [X]
    for W, b in params[:-1]:
        hs.append(f(hs[-1] @ W + b))
    z = hs[-1] @ params[-1][0] + params[-1][1]
    hs.append(z - z.max(1, keepdims=True))
    return hs


def log_softmax(z):
    """(n, k) log-probabilities, by log-sum-exp on logits already shifted by their row max."""
    return z - np.log(np.exp(z).sum(1, keepdims=True))


def cross_entropy(z, y, reduction="mean"):
    losses = -log_softmax(z)[np.arange(len(y)), y]
    return float(losses.sum() if reduction == "sum" else losses.mean())


def backward(params, hs, y, act, reduction):
    """[(dW, db)] of the batch's cross-entropy (mean or sum over the batch)."""
    d = np.exp(log_softmax(hs[-1]))
    d[np.arange(len(y)), y] -= 1
    if reduction != "sum":
        d /= len(y)
    grads = []
    for i in range(len(params) - 1, -1, -1):
        grads.append((hs[i].T @ d, d.sum(0)))
        if i:
            d = (d @ params[i][0].T) * ACTS[act][1](hs[i])
    return grads[::-1]


def train(s, data, rng, steps=None):
    """Train; return the log as the CSV text the learner wrote."""
    Xtr, ytr, Xva, yva = data[:4]
    sizes = [Xtr.shape[1]] + list(s["hidden"]) + [int(ytr.max()) + 1]
    params = init_params(sizes, s["init"], s["bias"], rng)
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(HEADER)
    g, act, red = "%.5g", s["activation"], s["reduction"]
    w.writerow([0, g % s["lr"], g % cross_entropy(forward(params, Xtr, act)[-1], ytr, red),
                g % cross_entropy(forward(params, Xva, act)[-1], yva, red)])
    t, stop = 0, False
    for epoch in range(1, s["epochs"] + 1):
        lr = s["lr"] * 0.5 ** ((epoch - 1) // s["decay_every"])
        order = rng.permutation(len(ytr))
        running = []
        for k in range(0, len(ytr), s["batch"]):
            idx = order[k:k + s["batch"]]
            hs = forward(params, Xtr[idx], act)
            running.append(cross_entropy(hs[-1], ytr[idx], red))
            for (W, b), (dW, db) in zip(params, backward(params, hs, ytr[idx], act, red)):
                W -= lr * (dW + s["wd"] * W)
                b -= lr * db
            t += 1
            stop = t == steps or not np.isfinite(running[-1])
            if stop:
                break
        val = cross_entropy(forward(params, Xva, act)[-1], yva, red)
        w.writerow([epoch, g % lr, g % np.mean(running), g % val])
        if stop:
            break
    return out.getvalue(), params


def run(settings, steps=None):
    s = settings
    data = load(s["data"], s["standardize"])
    rng = np.random.default_rng(s["seed"])
    with np.errstate(all="ignore"), one_blas_thread():
        text, params = train(s, data, rng, steps)
        pred = forward(params, data[4], s["activation"])[-1].argmax(1)
    costs = [float(row["train_loss"]) for row in csv.DictReader(io.StringIO(text))]
    return costs, float(100 * np.mean(pred == data[5]))


def known(settings):
    n = {"wine": 178, "digits": 1797}[settings["data"]]
    n_train = int(0.6 * n)
    return dict(lr=settings["lr"], n_samples=n_train, batch_size=min(settings["batch"], n_train),
                every=-(-n_train // settings["batch"]), reduction=settings["reduction"], loss="cross_entropy",
                n_classes={"wine": 3, "digits": 10}[settings["data"]])


OWN = usual_own(activations=tuple(ACTS))


def apply(settings, action):
    return translate(settings, action, OWN)


def base(**kw):
    s = dict(data="digits", seed=0, lr=0.1, standardize=True, epochs=30, batch=32, hidden=[64],
             activation="relu", init="he", bias=0.0, reduction="mean", wd=1e-4, decay_every=10)
    s.update(kw)
    return s


def wine(**kw):
    """Wine runs: 4 minibatches of 16 per epoch, 60 epochs, the lr halved every 20."""
    return base(**{"data": "wine", "batch": 16, "epochs": 60, "decay_every": 20, "hidden": [32], **kw})


def suite():
    full = dict(batch=1078, epochs=150, lr=0.5, decay_every=50)  # all 1078 training digits in one batch
    wine_full = dict(batch=106, epochs=300, lr=0.3, decay_every=100)
    raw_small = dict(standardize=False, init=0.01)  # raw wine, weights N(0, 0.01) as in the course they followed
    runs = [(f"healthy digits seed {k}", "healthy", base(seed=k)) for k in (0, 1)]
    runs += [("healthy digits full batch, lr 0.5", "healthy", base(seed=2, **full)),
             ("healthy digits 64-32 hidden", "healthy", base(seed=3, hidden=[64, 32])),
             ("healthy digits tanh xavier", "healthy", base(seed=4, activation="tanh", init="xavier")),
             ("healthy digits sigmoid 64-32, lr 0.5", "healthy",
              base(seed=5, activation="sigmoid", init="xavier", hidden=[64, 32], lr=0.5)),
             ("healthy wine batches of 16", "healthy", wine(seed=6)),
             ("healthy wine full batch, lr 0.3", "healthy", wine(seed=7, **wine_full))]
    runs += [("digits lr 5 (50x)", "lr_high", base(seed=8, lr=5.0)),
             ("digits lr 8 (80x)", "lr_high", base(seed=9, lr=8.0)),
             ("digits lr 1e-3 (100x low)", "lr_low", base(seed=10, lr=1e-3)),
             ("digits 64-32 hidden, lr 1e-3 (100x low)", "lr_low", base(seed=11, lr=1e-3, hidden=[64, 32])),
             ("digits full batch, loss summed over 1078", "summed", base(seed=12, reduction="sum", **full)),
             ("wine full batch, loss summed over 106", "summed", wine(seed=13, reduction="sum", **wine_full)),
             ("raw wine, lr 5e-4 so it stays finite", "unscaled_conditioned", wine(seed=14, lr=5e-4, **raw_small)),
             ("raw wine, lr 2e-4", "unscaled_conditioned", wine(seed=15, lr=2e-4, **raw_small)),
             ("digits relu biases -6", "dead", base(seed=16, bias=-6.0)),
             ("raw wine, he, lr 0.1: the first step kills every relu", "dead", wine(seed=17, standardize=False)),
             ("digits tanh 64-64, weights N(0, 4)", "saturated",
              base(seed=18, activation="tanh", init=4.0, hidden=[64, 64])),
             ("digits sigmoid 64-64, weights N(0, 6)", "saturated",
              base(seed=19, activation="sigmoid", init=6.0, hidden=[64, 64])),
             ("raw wine, lr 0.3: a leap in epoch 1, then every relu off", "jump_stuck",
              wine(seed=20, lr=0.3, **raw_small)),
             ("raw wine, lr 1", "jump_stuck", wine(seed=21, lr=1.0, **raw_small))]
    return runs
