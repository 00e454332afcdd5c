"""Style "csv_logger": Keras's CSVLogger habit in plain NumPy, the log read back with csv.DictReader.

Written for the next held-out half (doctor_runs.WAITING) on 2026-12-08 by someone who never read or ran the
doctor. The learner classifies the 8x8 digits (pixels 0-16, 10 classes), wine (13 measurements in their own
units, 3 classes) or a make_classification table (12 columns, 4 classes, shifted and scaled by
make_classification itself, factors 1-100), split 75/25, z-scored with the training part's mean and std or
left raw. The net: two to four hidden layers (relu, elu or sigmoid; optional inverted dropout), a softmax,
weights randn * std (He, Xavier, or a plain number such as 4), minibatch or full-batch SGD with optional
momentum and L2 decay (its penalty in the logged loss, as in Keras). The cross-entropy is the batch's mean, or
its sum (reduction "sum"). After each epoch one CSV row "epoch,loss,accuracy,val_loss,val_accuracy" goes into
an io.StringIO; loss is the mean of that epoch's batch losses (or their total, log_total: such a learner
says reduction "sum"); a nan loss ends training (TerminateOnNaN). The costs are
[float(row["loss"]) for row in csv.DictReader(log)]; the score the validation accuracy in points.

Weak spots: softmax cross-entropy has a bounded gradient, so too large a step mostly kills the relus: the
lr_high and summed runs are full-batch (a row per update) or summed over batches of 16, and climb to 20-35 or
nan in 10-100 rows; the lr_high full-batch relu run (lr 25) comes back down to 2.6 on some seeds after its
leap (still 1.5x above its start there at the peak). The saturated runs (sigmoid, randn * 4) start at 5-9 and
fall to 0.06-0.7: a curve that falls 10-100x, though their validation accuracy stays at 42-72. Raw wine into
relu dies (a flat 1.08) and raw digits train fine (95 points), so neither is a run here.
Checked (no doctor): every run with the seed +0, +100 and +1000 shows its cause (labels.looks_like), the
healthy median was 95.2-95.9 and every problem run scored at least 16 points under it (the closest: raw
table sigmoid, 72-78).
"""
import csv
import io

import numpy as np

from .common import activation_setter, bias_setter, init_setter, one_blas_thread, setter, translate

SCORE = "accuracy"
N_TRAIN = {"digits": 1347, "wine": 133, "table": 900}
N_CLASSES = {"digits": 10, "wine": 3, "table": 4}
FIELDS = ["epoch", "loss", "accuracy", "val_loss", "val_accuracy"]


def load(data, standardize):
    """(Xtr, ytr, Xva, yva): the 8x8 digits (pixels 0-16), wine (its own units) or a make_classification
    table whose columns make_classification itself shifted and scaled (scale=None: factors 1-100); 75/25."""
    from sklearn.datasets import load_digits, load_wine, make_classification
    if data == "table":
        X, y = make_classification(n_samples=1200, n_features=12, n_informative=8, n_classes=4, class_sep=2.0,
                                   shift=None, scale=None, random_state=5)
    else:
        X, y = (load_digits if data == "digits" else load_wine)(return_X_y=True)
    order = np.random.default_rng(42).permutation(len(y))
    X, y = X[order].astype(float), y[order]
    a = N_TRAIN[data]
    if standardize:
        mu, sd = X[:a].mean(0), X[:a].std(0) + 1e-8
        X = (X - mu) / sd
    return X[:a], y[:a], X[a:], y[a:]


def activation(name):
    """(f, f' from (z, f(z))) of the hidden layers."""
    if name == "sigmoid":
        return (lambda z: 1 / (1 + np.exp(-z))), (lambda z, h: h * (1 - h))
    if name == "elu":
        return (lambda z: np.where(z > 0, z, np.expm1(np.minimum(z, 0)))), (lambda z, h: np.where(z > 0, 1.0, h + 1))
    return (lambda z: np.maximum(z, 0)), (lambda z, h: (z > 0).astype(float))


def build(sizes, init, bias, rng):
    """Weights and biases: W ~ randn * std (He, Xavier, or a number such as 1.0); hidden biases `bias`, output 0."""
    Ws, bs = [], []
    for i, (m, n) in enumerate(zip(sizes[:-1], sizes[1:])):
        std = {"he": np.sqrt(2 / m), "xavier": np.sqrt(1 / m)}.get(init, init)
        Ws.append(rng.standard_normal((m, n)) * float(std))
        bs.append(np.full(n, float(bias) if i < len(sizes) - 2 else 0.0))
    return Ws, bs


def forward(Ws, bs, X, s, rng=None):
    """(zs, acts, keeps, hs, probabilities): each hidden layer's z, f(z), dropout factor and output; with rng,
    inverted dropout of rate s["dropout"] (kept units scaled by 1 / (1 - rate)), else none."""
    f, _ = activation(s["activation"])
    zs, acts, keeps, hs = [], [], [], [X]
    for W, b in zip(Ws[:-1], bs[:-1]):
        zs.append(hs[-1] @ W + b)
        acts.append(f(zs[-1]))
        keep = 1.0
        if rng is not None and s["dropout"]:
            keep = (rng.random(zs[-1].shape) >= s["dropout"]) / (1 - s["dropout"])
        keeps.append(keep)
        hs.append(acts[-1] * keep)
    logits = hs[-1] @ Ws[-1] + bs[-1]
    e = np.exp(logits - logits.max(1, keepdims=True))
    return zs, acts, keeps, hs, e / e.sum(1, keepdims=True)


def cross_entropy(P, y, reduction):
    """The batch's cross-entropy: mean over the rows, or their sum (reduction "sum")."""
    nll = -np.log(P[np.arange(len(y)), y] + 1e-12)
    return float(nll.sum() if reduction == "sum" else nll.mean())


def update(Ws, bs, vel, X, y, s, rng):
    """One minibatch step of SGD (momentum s["momentum"], L2 decay s["l2"]); returns (loss, correct)."""
    _, df = activation(s["activation"])
    zs, acts, keeps, hs, P = forward(Ws, bs, X, s, rng)
    loss = cross_entropy(P, y, s["reduction"]) + 0.5 * s["l2"] * sum(float((W * W).sum()) for W in Ws)
    d = P.copy()
    d[np.arange(len(y)), y] -= 1
    if s["reduction"] != "sum":
        d /= len(y)
    for i in range(len(Ws) - 1, -1, -1):
        gW, gb = hs[i].T @ d + s["l2"] * Ws[i], d.sum(0)
        if i:
            d = (d @ Ws[i].T) * keeps[i - 1] * df(zs[i - 1], acts[i - 1])
        vel[i] = (s["momentum"] * vel[i][0] - s["lr"] * gW, s["momentum"] * vel[i][1] - s["lr"] * gb)
        Ws[i] += vel[i][0]
        bs[i] += vel[i][1]
    return loss, int((P.argmax(1) == y).sum())


def evaluate(Ws, bs, X, y, s):
    """(mean cross-entropy, accuracy) of the whole set, no dropout."""
    P = forward(Ws, bs, X, s)[-1]
    return cross_entropy(P, y, "mean"), float(np.mean(P.argmax(1) == y))


def fit(s, data, rng, log, steps=None):
    """The learner's loop: an epoch of shuffled minibatches, then one CSV row for it (the loss: the mean of the
    epoch's batch losses, or their total with s["log_total"]); a nan loss ends training (as TerminateOnNaN)."""
    Xtr, ytr, Xva, yva = data
    Ws, bs = build([Xtr.shape[1]] + list(s["hidden"]) + [N_CLASSES[s["data"]]], s["init"], s["bias"], rng)
    vel = [(0.0, 0.0)] * len(Ws)
    writer = csv.writer(log)
    writer.writerow(FIELDS)
    batch, t = s["batch"] or len(ytr), 0
    for epoch in range(s["epochs"]):
        order, losses, correct, seen = rng.permutation(len(ytr)), [], 0, 0
        for k in range(0, len(ytr), batch):
            idx = order[k:k + batch]
            loss, right = update(Ws, bs, vel, Xtr[idx], ytr[idx], s, rng)
            losses.append(loss)
            correct, seen, t = correct + right, seen + len(idx), t + 1
            if t == steps:
                break
        epoch_loss = float(np.sum(losses) if s["log_total"] else np.mean(losses))
        val_loss, val_acc = evaluate(Ws, bs, Xva, yva, s)
        writer.writerow([epoch, epoch_loss, correct / seen, val_loss, val_acc])
        if t == steps or not np.isfinite(epoch_loss):
            break
    return Ws, bs


def run(settings, steps=None):
    """(the "loss" column of the CSV log, read back; the validation accuracy in points)."""
    s = settings
    data = load(s["data"], s["standardize"])
    log = io.StringIO()
    with np.errstate(all="ignore"), one_blas_thread():
        Ws, bs = fit(s, data, np.random.default_rng(s["seed"]), log, steps)
        _, val_acc = evaluate(Ws, bs, data[2], data[3], s)
    log.seek(0)
    rows = list(csv.DictReader(log))
    return [float(row["loss"]) for row in rows], float(100 * val_acc)


def known(settings):
    """lr, the training size, the batch, one row per epoch's updates, the classes and the loss; the reduction
    (a sum, whether over each batch's rows or over the epoch's batches) when the learner says so."""
    s = settings
    n = N_TRAIN[s["data"]]
    batch = s["batch"] or n
    out = dict(lr=s["lr"], n_samples=n, batch_size=batch, every=-(-n // batch), n_classes=N_CLASSES[s["data"]],
               loss="cross_entropy")
    if s["tell"]:
        out["reduction"] = "sum" if s["reduction"] == "sum" or s["log_total"] else "mean"
    return out


def set_reduction(settings, value):
    """reduction: "mean" puts np.mean back wherever this learner summed (the batch loss and the epoch's log)."""
    settings["reduction"] = value
    if value == "mean":
        settings["log_total"] = False


OWN = {"reduction": set_reduction, "weight_init": init_setter("init", ("he", "xavier")),
       "bias_init": bias_setter("bias"), "epochs": setter("epochs", int),
       "activation": activation_setter("activation", ("relu", "elu", "sigmoid"))}


def apply(settings, action):
    """A doctor's action as this learner applies it (lr, standardize, seed, reduction, init, bias, activation,
    epochs); other keys have no knob in this code and are dropped."""
    return translate(settings, action, OWN)


def base(**kw):
    """Standardized digits, relu 128-64, He weights, batches of 32, lr 0.05, no momentum, 30 epochs."""
    s = dict(data="digits", seed=0, lr=0.05, standardize=True, epochs=30, batch=32, hidden=[128, 64],
             activation="relu", init="he", bias=0.0, momentum=0.0, l2=0.0, dropout=0.0, reduction="mean",
             log_total=False, tell=True)
    s.update(kw)
    return s


def suite():
    """The labelled runs: (name, cause, settings), the cause put in by the settings."""
    wine = dict(data="wine", hidden=[32, 32], epochs=60, batch=16)
    table = dict(data="table", hidden=[64, 64])
    sig = dict(activation="sigmoid", init="xavier", lr=0.5)
    full = dict(batch=None, epochs=100)
    runs = [("healthy digits relu 128-64, batches of 32", "healthy", base(seed=0)),
            ("healthy digits, dropout 0.2, momentum 0.9, L2 1e-4", "healthy",
             base(seed=1, dropout=0.2, momentum=0.9, lr=0.01, l2=1e-4, tell=False)),
            ("healthy wine elu 32-32, batches of 16", "healthy", base(seed=2, activation="elu", **wine)),
            ("healthy table sigmoid 64-64, lr 0.5", "healthy", base(seed=3, **table, **sig)),
            ("healthy digits full batch, lr 0.5", "healthy", base(seed=4, batch=None, epochs=150, lr=0.5)),
            ("healthy table relu 64-64, the epoch's batch losses totalled", "healthy",
             base(seed=5, log_total=True, **table))]
    runs += [("digits full batch, lr 25 (50x)", "lr_high", base(seed=6, lr=25.0, **full)),
             ("digits full batch elu, lr 20 (40x)", "lr_high", base(seed=7, lr=20.0, activation="elu", **full)),
             ("digits lr 0.0005 (100x low)", "lr_low", base(seed=8, lr=0.0005)),
             ("table sigmoid, lr 0.005 (100x low)", "lr_low",
              base(seed=9, tell=False, **table, **dict(sig, lr=0.005))),
             ("digits, cross-entropy summed over batches of 16", "summed", base(seed=10, batch=16, reduction="sum")),
             ("table full batch, cross-entropy summed over 900 rows", "summed",
              base(seed=11, lr=0.02, reduction="sum", **table, **full)),
             ("raw wine elu", "unscaled_diverging", base(seed=12, standardize=False, activation="elu", **wine)),
             ("raw table elu, full batch", "unscaled_diverging",
              base(seed=13, standardize=False, activation="elu", tell=False, **table, **full)),
             ("raw wine sigmoid", "unscaled_conditioned", base(seed=14, standardize=False, **wine, **sig)),
             ("raw table sigmoid", "unscaled_conditioned", base(seed=15, standardize=False, **table, **sig)),
             ("digits relu, biases -8", "dead", base(seed=16, bias=-8.0)),
             ("table relu, biases -6", "dead", base(seed=17, bias=-6.0, **table)),
             ("digits sigmoid 128-64-32, randn * 4", "saturated",
              base(seed=18, hidden=[128, 64, 32], activation="sigmoid", init=4.0, lr=0.5)),
             ("table sigmoid 64-64-64-64, randn * 4", "saturated",
              base(seed=19, data="table", hidden=[64, 64, 64, 64], activation="sigmoid", init=4.0, lr=0.5)),
             ("digits momentum 0.9, lr 0.2: up, then every relu off", "jump_stuck",
              base(seed=20, momentum=0.9, lr=0.2)),
             ("table full batch, lr 10: a leap, then flat", "jump_stuck",
              base(seed=21, lr=10.0, tell=False, **table, **full))]
    return runs
