"""Style "progress_bar": a home-made Keras-like ``fit()`` whose costs are read back from its printed bar.

Written for the next held-out half (doctor_runs.WAITING) by someone who never read or ran the
doctor. The learner likes how Keras reports training and copies it in NumPy: a ``Sequential``-ish
stack of dense layers (hidden ReLU, tanh or sigmoid, dropout after each hidden layer while
training), a sigmoid output and binary cross-entropy with the predictions clipped to
[1e-7, 1 - 1e-7] as Keras does, RMSprop written by hand (rho 0.9, eps 1e-7; "sgd" as the other
choice), Glorot-uniform weights ("xavier", the Keras default) or He-normal or N(0, std), the
hidden biases starting at one number (0 by default) and the output bias at 0. Data:
scikit-learn's breast cancer set (569 tumours, 30 measurements in their own units: areas in the
hundreds to thousands, smoothness around 0.1), split once 455 train / 114 test by a fixed
permutation. With "standardize" they z-score with the training split's mean and std; without it
the raw measurements go in. Minibatches of `batch` (the whole 455: full batch), reshuffled each
epoch; the batch loss is the mean over the batch (reduction "sum": added up, as a learner who
forgot to divide would).

Per epoch ``fit`` builds and prints a line such as
``Epoch 3/20 - 15/15 [==============================] - loss: 0.4123 - accuracy: 0.8711`` where
the loss is the mean of that epoch's batch losses (each taken before its update, under
dropout) and the accuracy the mean of the batch accuracies. The learner keeps the printed lines
and reads the costs back from them with ``float(line.split("loss: ")[1].split()[0])``: one cost
per epoch, rounded to four decimals. Like Keras's TerminateOnNaN, a "nan" loss ends fit after
its line. The score is the test accuracy in points (no dropout), higher is better.

Weak spots (what a reader of these runs should know): the cross-entropy is clipped, so a run that
"diverges" cannot go above about 16.1 per sample (with "sum": that times the batch) and shows as a
high, jumpy plateau (often ending in a "nan" line once the weights overflow) rather than growth to
inf. RMSprop's steps do not grow with the gradient, and on this easy data RMSprop trains even at
100x its lr, so the lr_high and summed runs use plain "sgd" (whose working lr the learner found to
be 0.5, in batches of 128 or full batch); summed over small batches (32 or 64) at an SGD lr of 0.05
or 0.1 the net recovered after the first epoch, so no summed run uses them. With several batches
per epoch a blow-up inside the first epoch is already averaged into the first cost, so the jump-
then-stuck runs are full batch, and they need small N(0, 0.01) weights so that the first cost is
the untrained 0.69. Raw measurements do not make this clipped, saturating classifier diverge (they
leap once and freeze at the class prior, or crawl), so this style has no unscaled_diverging run.
The dead, saturated and lr_low runs end near or below the class prior (about 63% benign); their
curves are flat and say little alone.
"""
from functools import lru_cache

import numpy as np

from .common import one_blas_thread, translate, usual_own

SCORE = "accuracy"
N_TRAIN = 455
ACTS = ("relu", "tanh", "sigmoid")


@lru_cache(maxsize=1)  # read the bundled CSV once: the benchmark runs this style many times
def _cancer():
    from sklearn.datasets import load_breast_cancer
    X, y = load_breast_cancer(return_X_y=True)
    order = np.random.default_rng(42).permutation(len(y))  # one fixed split, like train_test_split(random_state=42)
    return X[order], y[order].astype(float)


def split(standardize):
    """X_train (455, 30), y_train (455,), X_test (114, 30), y_test (114,)."""
    X, y = _cancer()
    Xtr, Xte = X[:N_TRAIN], X[N_TRAIN:]
    if standardize:
        mu, sd = Xtr.mean(0), Xtr.std(0)
        Xtr, Xte = (Xtr - mu) / sd, (Xte - mu) / sd
    return Xtr, y[:N_TRAIN], Xte, y[N_TRAIN:]


def activation(name):
    """(f, f' written in terms of the output a = f(z))."""
    if name == "tanh":
        return np.tanh, lambda a: 1 - a * a
    if name == "sigmoid":
        return (lambda z: 1 / (1 + np.exp(-z))), (lambda a: a * (1 - a))
    return (lambda z: np.maximum(0, z)), (lambda a: (a > 0) * 1.0)


def build(s, rng):
    """[(W (fan_in, fan_out), b (fan_out,))] for 30 -> s["hidden"]... -> 1."""
    sizes = [30] + list(s["hidden"]) + [1]
    layers = []
    for k, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        if s["init"] == "xavier":
            limit = np.sqrt(6 / (fan_in + fan_out))
            W = rng.uniform(-limit, limit, (fan_in, fan_out))
        else:
            std = np.sqrt(2 / fan_in) if s["init"] == "he" else float(s["init"])
            W = rng.normal(0, std, (fan_in, fan_out))
        layers.append([W, np.full(fan_out, float(s["bias"]) if k < len(sizes) - 2 else 0.0)])  # output: zeros
    return layers


def forward(layers, X, f, drop=0.0, rng=None):
    """The layer inputs [X, a1*mask1, ...] + [p], the hidden outputs before dropout [a1, ...]
    and the dropout masks (inverted dropout while training)."""
    acts, outs, masks = [X], [], []
    for W, b in layers[:-1]:
        a = f(acts[-1] @ W + b)
        mask = (rng.random(a.shape) >= drop) / (1 - drop) if drop else 1.0
        outs.append(a)
        masks.append(mask)
        acts.append(a * mask)
    W, b = layers[-1]
    acts.append(1 / (1 + np.exp(-(acts[-1] @ W + b))))
    return acts, outs, masks


def train_step(layers, cache, X, y, s, f, df, rng):
    """One minibatch: returns (batch loss, batch accuracy) and updates layers/cache in place."""
    acts, outs, masks = forward(layers, X, f, s["dropout"], rng)
    p = np.clip(acts[-1][:, 0], 1e-7, 1 - 1e-7)
    per = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    mean = s["reduction"] == "mean"
    loss = per.mean() if mean else per.sum()
    delta = ((acts[-1][:, 0] - y) / (len(y) if mean else 1))[:, None]
    for i in range(len(layers) - 1, -1, -1):
        W, b = layers[i]
        gW, gb = acts[i].T @ delta, delta.sum(0)
        if i:
            delta = (delta @ W.T) * masks[i - 1] * df(outs[i - 1])
        for j, g in ((0, gW), (1, gb)):
            if s["optimizer"] == "rmsprop":
                cache[i][j] = 0.9 * cache[i][j] + 0.1 * g * g
                layers[i][j] = layers[i][j] - s["lr"] * g / (np.sqrt(cache[i][j]) + 1e-7)
            else:
                layers[i][j] = layers[i][j] - s["lr"] * g
    return loss, np.mean((p > 0.5) == y)


def fit(s, Xtr, ytr, layers, rng, steps=None):
    """Keras-like fit: prints a bar line per epoch and returns the printed lines."""
    f, df = activation(s["activation"])
    cache = [[np.zeros_like(W), np.zeros_like(b)] for W, b in layers]
    n_batches = -(-len(ytr) // s["batch"])
    lines, done = [], 0
    for epoch in range(1, s["epochs"] + 1):
        order = rng.permutation(len(ytr))
        losses, accs = [], []
        for k in range(n_batches):
            idx = order[k * s["batch"]:(k + 1) * s["batch"]]
            loss, acc = train_step(layers, cache, Xtr[idx], ytr[idx], s, f, df, rng)
            losses.append(loss)
            accs.append(acc)
            done += 1
            if done == steps:
                break
        bar = "=" * round(30 * len(losses) / n_batches)
        line = (f"Epoch {epoch}/{s['epochs']} - {len(losses)}/{n_batches} [{bar:<30}] - "
                f"loss: {np.mean(losses):.4f} - accuracy: {np.mean(accs):.4f}")
        lines.append(line)  # print(line) in the learner's notebook
        if "nan" in line or done == steps:
            break
    return lines


def run(settings, steps=None):
    s = settings
    Xtr, ytr, Xte, yte = split(s["standardize"])
    rng = np.random.default_rng(s["seed"])
    with np.errstate(all="ignore"), one_blas_thread():
        layers = build(s, rng)
        lines = fit(s, Xtr, ytr, layers, rng, steps)
        p = forward(layers, Xte, activation(s["activation"])[0])[0][-1][:, 0]
    costs = [float(line.split("loss: ")[1].split()[0]) for line in lines]
    return costs, float(100 * np.mean((p > 0.5) == yte))


def known(settings):
    return dict(lr=settings["lr"], n_samples=N_TRAIN, batch_size=settings["batch"],
                every=-(-N_TRAIN // settings["batch"]), loss="cross_entropy", n_classes=2,
                reduction=settings["reduction"])


def _optimizer(settings, value):
    if value in ("rmsprop", "sgd"):  # the only two their fit() has; any other name is left out
        settings["optimizer"] = value


OWN = dict(usual_own(activations=ACTS), optimizer=_optimizer)


def apply(settings, action):
    return translate(settings, action, OWN)


def base(**kw):
    s = dict(seed=0, lr=0.001, standardize=True, epochs=20, batch=32, hidden=[16], activation="relu",
             init="xavier", bias=0.0, dropout=0.2, optimizer="rmsprop", reduction="mean")
    s.update(kw)
    return s


def suite():
    runs = [(f"healthy seed {k}", "healthy", base(seed=k)) for k in (0, 1, 2)]
    runs += [("healthy tanh, 32 wide", "healthy", base(seed=3, activation="tanh", hidden=[32])),
             ("healthy full batch, lr 0.005, 150 epochs", "healthy", base(seed=4, batch=N_TRAIN, lr=0.005, epochs=150)),
             ("healthy two hidden layers, he init", "healthy", base(seed=5, hidden=[32, 16], init="he"))]
    deep_sig = dict(activation="sigmoid", hidden=[32, 32, 32, 32])
    sgd = dict(optimizer="sgd", batch=128)  # their SGD runs: batches of 128, lr 0.5 is what works
    full = dict(batch=N_TRAIN, epochs=150)
    runs += [("healthy sgd lr 0.5, batches of 128", "healthy", base(seed=23, lr=0.5, **sgd)),
             ("healthy sgd lr 0.5, full batch", "healthy", base(seed=24, optimizer="sgd", lr=0.5, **full))]
    runs += [("sgd lr 10 (20x), batches of 128", "lr_high", base(seed=6, lr=10.0, **sgd)),
             ("sgd lr 25 (50x), full batch", "lr_high", base(seed=8, optimizer="sgd", lr=25.0, **full)),
             ("rmsprop lr 1e-5 (100x low)", "lr_low", base(seed=9, lr=1e-5)),
             ("tanh, rmsprop lr 1e-5 (100x low)", "lr_low", base(seed=10, lr=1e-5, activation="tanh")),
             ("sgd lr 0.5, losses summed over batches of 128", "summed",
              base(seed=11, lr=0.5, reduction="sum", **sgd)),
             ("sgd lr 0.5, summed over all 455, full batch", "summed",
              base(seed=12, optimizer="sgd", lr=0.5, reduction="sum", **full)),
             ("raw measurements, sgd lr 1e-6 to stay finite", "unscaled_conditioned",
              base(seed=15, standardize=False, optimizer="sgd", lr=1e-6)),
             ("raw measurements, rmsprop lr 1e-5", "unscaled_conditioned", base(seed=16, standardize=False, lr=1e-5)),
             ("relu biases -10", "dead", base(seed=17, bias=-10.0)),
             ("relu biases -8, two layers", "dead", base(seed=18, bias=-8.0, hidden=[32, 16])),
             ("four sigmoid layers, weights N(0, 5)", "saturated", base(seed=19, init=5.0, **deep_sig)),
             ("four sigmoid layers, weights N(0, 8), sgd lr 0.01", "saturated",
              base(seed=20, init=8.0, optimizer="sgd", lr=0.01, **deep_sig)),
             ("raw measurements, N(0, 0.01) weights, sgd lr 0.5, full batch: a leap, then every relu off",
              "jump_stuck", base(seed=21, standardize=False, optimizer="sgd", lr=0.5, init=0.01, **full)),
             ("raw measurements, N(0, 0.01) weights, sgd lr 0.05, full batch", "jump_stuck",
              base(seed=22, standardize=False, optimizer="sgd", lr=0.05, init=0.01, **full))]
    return runs
