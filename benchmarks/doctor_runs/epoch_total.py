"""Style "epoch_total": a beginner's momentum loop that adds up the batch losses and prints the total.

Written for the next held-out half (doctor_runs.WAITING) by someone who never read or ran the
doctor. The learner builds a binary classifier with two or three hidden layers (relu, tanh or
sigmoid) and one sigmoid output, on scikit-learn's breast cancer data (30 measurements in their
own units: areas in the hundreds to 2500, smoothness near 0.1) or on a make_classification set
(20 features near unit scale, 1500 samples, 3% of the labels flipped). A fixed shuffle splits 75/25
into train and test; with "standardize" the features are z-scored with the training part's mean
and std, without it the raw numbers go in. The loss of a batch is the binary cross-entropy written
from the logit (log(1 + e^z) - y z, by np.logaddexp), averaged over the batch (reduction "sum":
added up over it). The update is SGD with classical momentum (v = mu v - lr g; W += v).

The log: inside each epoch the learner does `total += loss` after every batch and, at the end of
the epoch, prints "Epoch {e}, total loss {total:.2f}" (e from 1). So a printed cost is the SUM of
that epoch's batch losses (27 or 36 batches in the minibatch runs, one in the full-batch runs), made
while the weights moved, and rounded to 2 decimals. A non-finite total is printed ("nan", "inf")
and the learner stops there. The costs are the numbers read back from the printed lines (a regex);
the score is the test accuracy in points.

Weak spots: there is no cost before the first update (epoch 1's total is already a sum over an
epoch of learning, so a jump inside epoch 1 is hidden in it: the jump_stuck runs are a full-batch
one, whose epoch-1 total is the loss before any step, and a momentum-0.99 one that leaps around
epochs 2-6); minibatch totals are about 30 times a mean loss, full-batch ones are the mean loss
itself, so a first line says 9-25 or 0.7-1.1; two decimals make a well-trained
full-batch run print 0.00-0.03 at its end. A short trial (steps) of fewer updates than an epoch
prints one line: a partial total. Summed runs (full batch, the loss added over the 426 or 1125
training samples) start at 280-1200, leap to 3e12-7e28 and wander between 3e2 and 5e4. A dead
run's total sits at (batches in an epoch x 0.66-0.69), 17.8 or 25.0: the output bias still learns
the class balance, so the curve falls a little, then is flat; the relu lr_high run (blobs, lr
0.3) swings for a few epochs, then its relus die and it sits at that same 25, above its start;
the tanh one (lr 1) swings between 16 and 33 around its start of about 20 for all 40 epochs.
The saturated runs (sigmoid 32-16-8, weights N(0, 5)) start high (27-102) and fall slowly while
the accuracy stays low: a slow curve, not a flat one. There is no unscaled_diverging run: raw
cancer features into these relu nets never gave a climbing curve (a big first step kills the
relus; with tanh the units saturate), so raw runs are labelled unscaled_conditioned.
Checked (no doctor): every run, and again with lr x0.9, x1.1 and the seed +100 and +1000, shows
its cause (labels.looks_like); the healthy medians were 94.8-95.5 points, the healthy runs
92.5-97.2, and each problem run scored at least 12 points under the median but one: the
saturated cancer run with seed +1000 scored 87.4, 7.4 under. The cancer test part is 143
samples, make_classification's 375.
"""
import re

import numpy as np

from .common import one_blas_thread, translate, usual_own

SCORE = "accuracy"
LINE = re.compile(r"Epoch (\d+), total loss (\S+)")


def load(name, standardize):
    """(Xtr, ytr, Xte, yte): a fixed 75/25 split of breast cancer or of a make_classification set."""
    from sklearn.datasets import load_breast_cancer, make_classification
    if name == "cancer":
        X, y = load_breast_cancer(return_X_y=True)
    else:
        X, y = make_classification(n_samples=1500, n_features=20, n_informative=8, n_redundant=4,
                                   flip_y=0.03, class_sep=1.0, random_state=7)
    order = np.random.default_rng(3).permutation(len(y))
    X, y = X[order].astype(float), y[order].astype(float)
    a = int(0.75 * len(y))
    if standardize:
        mu, sd = X[:a].mean(0), X[:a].std(0)
        X = (X - mu) / sd
    return X[:a], y[:a], X[a:], y[a:]


ACTS = {"relu": (lambda z: np.maximum(z, 0), lambda h: (h > 0).astype(float)),
        "tanh": (np.tanh, lambda h: 1 - h * h),
        "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda h: h * (1 - h))}


def make_net(sizes, init, bias, rng):
    """Weights Ws and biases bs for layer sizes [n_in, h1, h2, (h3,) 1]; hidden biases start at `bias`."""
    Ws, bs = [], []
    for i, (m, n) in enumerate(zip(sizes[:-1], sizes[1:])):
        std = {"he": np.sqrt(2 / m), "xavier": np.sqrt(1 / m)}.get(init, init)
        Ws.append(rng.normal(0, float(std), (m, n)))
        bs.append(np.full(n, 0.0 if i == len(sizes) - 2 else float(bias)))
    return Ws, bs


def forward(Ws, bs, X, act):
    """The layers' outputs [X, h1, ..., logit]; the logit (n,) is the last layer's, before the sigmoid."""
    f = ACTS[act][0]
    hs = [X]
    for W, b in zip(Ws[:-1], bs[:-1]):
        hs.append(f(hs[-1] @ W + b))
    hs.append((hs[-1] @ Ws[-1] + bs[-1])[:, 0])
    return hs


def bce(logit, y, reduction):
    """Binary cross-entropy from the logit, np.logaddexp(0, z) - y z, averaged (or summed) over the batch."""
    losses = np.logaddexp(0, logit) - y * logit
    return float(losses.sum() if reduction == "sum" else losses.mean())


def gradients(Ws, hs, y, act, reduction):
    """(dWs, dbs) of the batch's loss by backpropagation."""
    d = (1 / (1 + np.exp(-hs[-1])) - y)[:, None]
    if reduction != "sum":
        d = d / len(y)
    dWs, dbs = [], []
    for i in range(len(Ws) - 1, -1, -1):
        dWs.insert(0, hs[i].T @ d)
        dbs.insert(0, d.sum(0))
        if i:
            d = (d @ Ws[i].T) * ACTS[act][1](hs[i])
    return dWs, dbs


def train(s, Xtr, ytr, rng, steps=None):
    """The learner's loop; returns (the printed lines, Ws, bs)."""
    sizes = [Xtr.shape[1]] + list(s["hidden"]) + [1]
    Ws, bs = make_net(sizes, s["init"], s["bias"], rng)
    vel = [np.zeros_like(p) for p in Ws + bs]
    lines, t = [], 0
    for epoch in range(1, s["epochs"] + 1):
        order = rng.permutation(len(ytr))
        total = 0.0
        for k in range(0, len(ytr), s["batch"]):
            idx = order[k:k + s["batch"]]
            hs = forward(Ws, bs, Xtr[idx], s["activation"])
            total += bce(hs[-1], ytr[idx], s["reduction"])
            dWs, dbs = gradients(Ws, hs, ytr[idx], s["activation"], s["reduction"])
            for p, v, g in zip(Ws + bs, vel, dWs + dbs):
                v *= s["momentum"]
                v -= s["lr"] * g
                p += v
            t += 1
            if t == steps:
                break
        lines.append(f"Epoch {epoch}, total loss {total:.2f}")
        if t == steps or not np.isfinite(total):
            break
    return lines, Ws, bs


def run(settings, steps=None):
    """(the printed totals read back as numbers, test accuracy in points); steps: stop after that many updates."""
    s = settings
    Xtr, ytr, Xte, yte = load(s["data"], s["standardize"])
    rng = np.random.default_rng(s["seed"])
    with np.errstate(all="ignore"), one_blas_thread():
        lines, Ws, bs = train(s, Xtr, ytr, rng, steps)
        pred = forward(Ws, bs, Xte, s["activation"])[-1] > 0
    costs = [float(LINE.match(line).group(2)) for line in lines]
    return costs, float(100 * np.mean(pred == (yte > 0.5)))


def known(settings):
    """What this learner says: lr, the training size, the batch and the batches per printed line;
    the loss and its reduction only when they say so (tell)."""
    n_train = int(0.75 * {"cancer": 569, "blobs": 1500}[settings["data"]])
    batch = min(settings["batch"], n_train)
    out = dict(lr=settings["lr"], n_samples=n_train, batch_size=batch, every=-(-n_train // batch))
    if settings["tell"]:
        out.update(loss="cross_entropy", reduction=settings["reduction"], n_classes=2, targets=[0, 1])
    return out


OWN = usual_own(activations=tuple(ACTS))


def apply(settings, action):
    """A doctor's action as this learner applies it (lr, standardize, seed, init, bias, activation, epochs)."""
    return translate(settings, action, OWN)


def base(**kw):
    """A minibatch run on make_classification: batches of 32, momentum 0.9, 40 epochs."""
    s = dict(data="blobs", seed=0, lr=0.01, momentum=0.9, standardize=True, epochs=40, batch=32, hidden=[32, 16],
             activation="relu", init="he", bias=0.0, reduction="mean", tell=True)
    s.update(kw)
    return s


def cancer(**kw):
    """Breast cancer runs: batches of 16 (27 a epoch)."""
    return base(**{"data": "cancer", "batch": 16, **kw})


def suite():
    """The 22 labelled runs: (name, cause, settings), the cause put in by the settings."""
    full = dict(epochs=200, lr=0.05)  # the whole training part in one batch: batch 2000 > n_train
    deep_tanh = dict(hidden=[32, 16, 8], activation="tanh", init="xavier")
    deep_sig = dict(hidden=[32, 16, 8], activation="sigmoid")
    raw = dict(standardize=False)
    runs = [(f"healthy cancer seed {k}", "healthy", cancer(seed=k, tell=k == 0)) for k in (0, 1)]
    runs += [("healthy cancer full batch, lr 0.05", "healthy", cancer(seed=2, batch=2000, **full)),
             ("healthy blobs seed 3", "healthy", base(seed=3)),
             ("healthy blobs seed 4, says nothing of its loss", "healthy", base(seed=4, tell=False)),
             ("healthy blobs full batch, lr 0.05", "healthy", base(seed=5, batch=2000, **full)),
             ("healthy cancer tanh 32-16-8", "healthy", cancer(seed=6, **deep_tanh)),
             ("healthy cancer sigmoid 32-16-8, lr 0.05", "healthy",
              cancer(seed=7, init="xavier", lr=0.05, **deep_sig))]
    runs += [("blobs lr 0.3 (30x)", "lr_high", base(seed=8, lr=0.3)),
             ("blobs tanh 32-16-8, lr 1 (100x)", "lr_high", base(seed=9, lr=1.0, **deep_tanh)),
             ("blobs lr 1e-4 (100x low)", "lr_low", base(seed=10, lr=1e-4, tell=False)),
             ("blobs full batch, lr 5e-4 (100x low)", "lr_low", base(seed=11, batch=2000, epochs=200, lr=5e-4)),
             ("cancer full batch, loss summed over 426", "summed",
              cancer(seed=12, batch=2000, reduction="sum", **full)),
             ("blobs full batch, loss summed over 1125", "summed",
              base(seed=13, batch=2000, reduction="sum", tell=False, **full)),
             ("raw cancer, tanh, weights N(0, 0.01), lr 1e-3", "unscaled_conditioned",
              cancer(seed=14, init=0.01, lr=1e-3, activation="tanh", **raw)),
             ("raw cancer full batch, weights N(0, 0.01), lr 1e-4", "unscaled_conditioned",
              cancer(seed=15, init=0.01, lr=1e-4, batch=2000, epochs=200, **raw)),
             ("blobs relu biases -4", "dead", base(seed=16, bias=-4.0)),
             ("cancer relu biases -5", "dead", cancer(seed=17, bias=-5.0, tell=False)),
             ("blobs sigmoid 32-16-8, weights N(0, 5)", "saturated", base(seed=18, init=5.0, **deep_sig)),
             ("cancer sigmoid 32-16-8, weights N(0, 5)", "saturated", cancer(seed=19, init=5.0, **deep_sig)),
             ("cancer full batch, lr 5: a leap, then every relu off", "jump_stuck",
              cancer(seed=20, batch=2000, epochs=200, lr=5.0)),
             ("cancer momentum 0.99, lr 0.05", "jump_stuck", cancer(seed=21, momentum=0.99, lr=0.05))]
    return runs
