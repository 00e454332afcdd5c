"""Style "poisson_counts": a count regression with a log link, its deviance printed every 25 epochs.

Written for the next held-out half (doctor_runs.WAITING) by someone who never read or ran the
doctor. The learner predicts how many visits a shop gets in a day from six measurements on very
different scales (temperature, a price in cents, a flag, a rating, a rate, a distance), made here
with a fixed seed. Their net has one tanh hidden layer; its output is the log of the expected
count, so the prediction is `np.exp(out)`. The gradient is that of the Poisson negative
log-likelihood, `(mu - y)`, averaged over the whole training set (full batch gradient descent), or
summed if they wrote reduction "sum". Every 25 epochs the learner prints the mean Poisson
deviance of the training set, ``print(f"epoch {e}: deviance {dev:.4f}")``: those printed numbers
are the learner's costs. The score is the mean deviance on a held-out test set (inf when the
predictions overflowed).
"""
import numpy as np

from .common import one_blas_thread, translate, usual_own

SCORE = "loss"
N_TRAIN, N_TEST = 400, 200
SCALES = np.array([10.0, 400.0, 0.5, 1.0, 0.05, 150.0])
CENTRES = np.array([18.0, 1500.0, 0.5, 3.5, 0.1, 300.0])


def _data(standardize):
    rng = np.random.default_rng(11)
    Z = rng.normal(size=(N_TRAIN + N_TEST, 6))
    log_mu = 1.0 + 0.9 * Z[:, 0] - 0.7 * Z[:, 1] + 0.5 * np.tanh(2 * Z[:, 3]) + 0.3 * Z[:, 4] * Z[:, 5]
    y = rng.poisson(np.exp(log_mu)).astype(float)
    X = Z * SCALES + CENTRES  # the measurements as the shop records them
    if standardize:
        mu, sd = X[:N_TRAIN].mean(0), X[:N_TRAIN].std(0)
        X = (X - mu) / sd
    return X[:N_TRAIN], y[:N_TRAIN], X[N_TRAIN:], y[N_TRAIN:]


def deviance(y, mu):
    """Mean Poisson deviance: 2 (y log(y / mu) - (y - mu)), with y log y = 0 at y = 0."""
    ylogy = np.where(y > 0, y * np.log(np.where(y > 0, y, 1.0) / mu), 0.0)
    return float(np.mean(2 * (ylogy - (y - mu))))


def _forward(P, X, act):
    h = np.tanh(X @ P["W1"] + P["b1"]) if act == "tanh" else 1 / (1 + np.exp(-(X @ P["W1"] + P["b1"])))
    return h, np.exp(h @ P["w2"] + P["b2"])


def run(settings, steps=None):
    s = settings
    Xtr, ytr, Xte, yte = _data(s.get("standardize", False))
    rng = np.random.default_rng(s["seed"])
    std = {"xavier": np.sqrt(1 / 6), "he": np.sqrt(2 / 6)}.get(s["init"])
    P = {"W1": rng.normal(0, float(s["init"]) if std is None else std, (6, s["hidden"])),
         "b1": np.full(s["hidden"], float(s["bias"])),
         "w2": rng.normal(0, np.sqrt(1 / s["hidden"]), s["hidden"]), "b2": 0.0}
    epochs = steps or s["epochs"]
    printed = []
    with np.errstate(all="ignore"), one_blas_thread():
        for e in range(epochs + 1):
            h, mu = _forward(P, Xtr, s["activation"])
            if e % 25 == 0 or e == epochs:
                printed.append(round(deviance(ytr, mu), 4))  # the learner's print, 4 decimals
                if not np.isfinite(printed[-1]):
                    break
            if e == epochs:
                break
            d = (mu - ytr) / (1 if s["reduction"] == "sum" else N_TRAIN)
            dh = np.outer(d, P["w2"]) * (1 - h * h if s["activation"] == "tanh" else h * (1 - h))
            for k, g in (("w2", h.T @ d), ("b2", d.sum()), ("W1", Xtr.T @ dh), ("b1", dh.sum(0))):
                P[k] = P[k] - s["lr"] * g
        _, mu = _forward(P, Xte, s["activation"])
        score = deviance(yte, mu)
    return printed, score if np.isfinite(score) else float("inf")


def known(settings):
    return dict(lr=settings["lr"], n_samples=N_TRAIN, reduction=settings["reduction"], every=25,
                targets=[float(v) for v in _data(False)[1]])


OWN = usual_own(activations=("tanh", "sigmoid"))


def apply(settings, action):
    return translate(settings, action, OWN)


def base(**kw):
    s = dict(lr=0.02, seed=0, standardize=True, epochs=400, hidden=16, activation="tanh", init="xavier",
             bias=0.0, reduction="mean")
    s.update(kw)
    return s


def suite():
    runs = [(f"healthy seed {k}", "healthy", base(seed=k)) for k in (0, 1, 2)]
    runs += [("healthy sigmoid hidden layer, lr 0.04", "healthy", base(seed=3, activation="sigmoid", lr=0.04)),
             ("healthy 32 hidden, 600 epochs", "healthy", base(seed=4, hidden=32, epochs=600, lr=0.015))]
    runs += [("lr 0.6 (30x)", "lr_high", base(lr=0.6, seed=5)),
             ("lr 1.5 (75x)", "lr_high", base(lr=1.5, seed=6)),
             ("lr 0.0002 (100x low)", "lr_low", base(lr=0.0002, seed=7)),
             ("lr 0.0002, 32 hidden (100x low)", "lr_low", base(lr=0.0002, seed=8, hidden=32)),
             ("raw measurements, lr 0.03", "unscaled_diverging", base(standardize=False, seed=9, lr=0.03)),
             ("raw measurements, lr 0.05", "unscaled_diverging", base(standardize=False, seed=10, lr=0.05)),
             ("raw measurements, lr 1e-7 so it does not blow up", "unscaled_conditioned",
              base(standardize=False, seed=11, lr=1e-7)),
             ("raw measurements, lr 3e-7", "unscaled_conditioned", base(standardize=False, seed=12, lr=3e-7)),
             ("summed over 400 counts", "summed", base(reduction="sum", seed=13)),
             ("summed, sigmoid, lr 0.04", "summed", base(reduction="sum", seed=14, activation="sigmoid", lr=0.04)),
             ("tanh N(0, 10)", "saturated", base(init=10.0, seed=15)),
             ("sigmoid N(0, 12)", "saturated", base(init=12.0, seed=16, activation="sigmoid", lr=0.04))]
    return runs
