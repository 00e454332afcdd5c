"""Style "early_stop": a used-car price regression with early stopping on a validation loss.

The learner predicts a used car's price (in thousands of euros) from its age in years, its
mileage in km, its engine power in kW, its engine size in cm³ and its number of previous owners,
all in those units unless the learner standardizes them. A fifth of the training cars are held
back as a validation set. The loop is the one the learner read about for early stopping: after
every epoch of shuffled minibatch SGD it computes the validation mean squared error, prints
`epoch 12  val_loss 3.2841` and appends that number to `val_losses` (the untrained net's loss is
printed first, as epoch 0, to see where it starts); when `patience` epochs in a
row bring no new best (or the loss is no longer a number) it stops, keeping the last weights.
The printed validation losses are the learner's costs. The net has one or more hidden layers
(ReLU or tanh) kept in two lists `weights` and `biases`, and a linear output.
"""
import numpy as np

from .common import one_blas_thread, translate, usual_own

SCORE = "loss"
N_FIT, N_VAL, N_TEST = 640, 160, 300


def cars(n, rng):
    """X (n, 5): years, km, kW, cm³, owners; price (n,) in thousands of euros."""
    age = rng.uniform(0, 15, n)
    km = np.clip(age * rng.normal(14000, 5000, n) + rng.normal(0, 3000, n), 50, None)
    kw = rng.gamma(6.0, 16.0, n) + 30
    cc = np.clip(kw * 14 + rng.normal(0, 250, n), 800, None)
    owners = np.clip(np.round(age / 4 + rng.normal(0, 0.8, n)), 1, 6)
    price = (32 * np.exp(-age / 6) * (kw / 100) ** 0.8 * np.exp(-km / 300000) - 0.6 * owners + 3
             + rng.normal(0, 1.2, n))
    return np.column_stack([age, km, kw, cc, owners]), price


def _data(standardize):
    X, y = cars(N_FIT + N_VAL + N_TEST, np.random.default_rng(11))
    a, b = N_FIT, N_FIT + N_VAL
    parts = [X[:a], X[a:b], X[b:]]
    if standardize:
        mu, sd = parts[0].mean(0), parts[0].std(0)
        parts = [(p - mu) / sd for p in parts]
    return parts[0], y[:a], parts[1], y[a:b], parts[2], y[b:]


def make_net(s, rng):
    sizes = [5] + [s["hidden"]] * s["layers"] + [1]
    weights, biases = [], []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        std = {"he": np.sqrt(2 / a), "xavier": np.sqrt(2 / (a + b))}.get(s["init"])
        weights.append(rng.normal(0, float(s["init"]) if std is None else std, (a, b)))
        biases.append(np.full(b, s["bias"] if i < len(sizes) - 2 else 0.0))
    return weights, biases


def predict(weights, biases, X, act, keep=None):
    h = X
    for W, b in zip(weights[:-1], biases[:-1]):
        z = h @ W + b
        h = np.maximum(z, 0) if act == "relu" else np.tanh(z)
        if keep is not None:
            keep.append(h)
    return (h @ weights[-1] + biases[-1])[:, 0]


def sgd_step(weights, biases, X, y, s):
    hs = [X]
    r = predict(weights, biases, X, s["activation"], keep=hs) - y
    d = (2 * r if s["reduction"] == "sum" else 2 * r / len(y))[:, None]
    for i in range(len(weights) - 1, -1, -1):
        gW, gb = hs[i].T @ d, d.sum(0)
        if i:
            d = (d @ weights[i].T) * ((hs[i] > 0) if s["activation"] == "relu" else 1 - hs[i] ** 2)
        weights[i] -= s["lr"] * gW
        biases[i] -= s["lr"] * gb


def run(settings, steps=None):
    s = settings
    Xtr, ytr, Xval, yval, Xte, yte = _data(s.get("standardize", False))
    rng = np.random.default_rng(s["seed"])
    weights, biases = make_net(s, rng)
    bs = s["batch_size"] or N_FIT
    updates, waited = 0, 0
    with np.errstate(all="ignore"), one_blas_thread():
        val_losses = [float(np.mean((predict(weights, biases, Xval, s["activation"]) - yval) ** 2))]
        best = val_losses[0]
        for epoch in range(s["max_epochs"]):
            order = rng.permutation(N_FIT)
            for k in range(0, N_FIT, bs):
                idx = order[k:k + bs]
                sgd_step(weights, biases, Xtr[idx], ytr[idx], s)
                updates += 1
                if updates == steps:
                    break
            val_loss = float(np.mean((predict(weights, biases, Xval, s["activation"]) - yval) ** 2))
            val_losses.append(val_loss)
            if val_loss < best:
                best, waited = val_loss, 0
            else:
                waited += 1
            if waited >= s["patience"] or not np.isfinite(val_loss) or updates == steps:
                break
        test = float(np.mean((predict(weights, biases, Xte, s["activation"]) - yte) ** 2))
    return val_losses, test if np.isfinite(test) else float("inf")


def known(settings):
    bs = settings["batch_size"] or N_FIT
    ytr = _data(False)[1]
    return dict(lr=settings["lr"], n_samples=N_FIT, batch_size=bs, every=-(-N_FIT // bs), loss="squared",
                reduction=settings["reduction"], targets=[round(float(v), 3) for v in ytr])


OWN = usual_own(activations=("relu", "tanh"), epochs="max_epochs")


def apply(settings, action):
    return translate(settings, action, OWN)


def base(**kw):
    s = dict(lr=0.01, seed=0, standardize=True, batch_size=32, max_epochs=150, patience=10, hidden=32, layers=1,
             activation="relu", init="he", bias=0.0, reduction="mean")
    s.update(kw)
    return s


def full(**kw):
    return base(**{"batch_size": None, "max_epochs": 1500, "patience": 30, "lr": 0.02, **kw})


def suite():
    runs = [(f"healthy minibatch seed {k}", "healthy", base(seed=k)) for k in (0, 1, 2)]
    runs += [("healthy tanh xavier minibatch", "healthy", base(seed=3, activation="tanh", init="xavier")),
             ("healthy full batch", "healthy", full(seed=4))]
    runs += [("lr 0.3 minibatch (30x)", "lr_high", base(lr=0.3, seed=5)),
             ("lr 1 minibatch (100x)", "lr_high", base(lr=1.0, seed=6)),
             ("lr 0.5 full batch (25x)", "lr_high", full(lr=0.5, seed=7)),
             ("lr 0.0001 minibatch (100x low)", "lr_low", base(lr=0.0001, seed=8)),
             ("lr 0.0002 full batch (100x low)", "lr_low", full(lr=0.0002, seed=9)),
             ("squared errors summed over the batch of 32", "summed", base(reduction="sum", seed=10)),
             ("summed over all 640, full batch", "summed", full(reduction="sum", seed=11)),
             ("km and cm³ as they are, lr 0.01", "unscaled_diverging", base(standardize=False, seed=12)),
             ("raw units full batch", "unscaled_diverging", full(standardize=False, seed=13)),
             ("raw units, lr cut to 1e-10 until it stopped blowing up", "unscaled_conditioned",
              base(standardize=False, lr=1e-10, seed=14)),
             ("raw units full batch, lr 1e-11", "unscaled_conditioned", full(standardize=False, lr=1e-11, seed=15)),
             ("raw units tanh xavier, lr 0.01", "unscaled_conditioned",
              base(standardize=False, activation="tanh", init="xavier", seed=19)),
             ("relu biases -10", "dead", base(bias=-10.0, seed=16)),
             ("relu biases -10 full batch", "dead", full(bias=-10.0, seed=17)),
             ("3 tanh layers N(0, 4)", "saturated", base(activation="tanh", layers=3, init=4.0, seed=18))]
    return runs
