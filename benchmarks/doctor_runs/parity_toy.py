"""Style "parity_toy": a tiny net on home-made toy data, full-batch gradient descent, a printout.

Written for the next held-out half (doctor_runs.WAITING) by someone who never read or ran the
doctor. The learner plays with two toy problems their own code makes: noisy n-bit parity (each
input is n bits, 0 or 1, plus Gaussian noise; the class is odd/even number of ones) and two
spirals (one turn each, drawn on a plot whose axes run to +-10, so the raw coordinates are in
those units). Classes are coded -1/+1 and the net's output is linear: a tiny MLP (one or two
hidden layers, tanh or relu) trained on the mean squared error between output and -1/+1 target
(reduction "sum": the squared errors added up over the data set), by plain full-batch gradient
descent for a few thousand iterations. With "standardize" the inputs are z-scored with the
training points' mean and std; without it they go in as made (bits 0/1 plus noise, coordinates
in plot units). The data and the initial weights come from one Generator seeded with "seed".

Printing: every `every` iterations (250 or 500), counting the one before any update as 0, the
learner prints ``f"iter {i} | loss {loss:.4f}"``, where loss is the training MSE at that
iteration before its update; the last iteration's line is printed too (in a full run it is a
multiple of `every`; a short run stops on it). If the loss is not finite they print that
iteration's line anyway and stop. The costs are the printed numbers read back from those lines
(4 decimals, so "0.0000" at the bottom, "nan" or "inf" at a blow-up). The score is the accuracy
(points) of sign(output) on 2000 fresh points from the same generator (a fixed seed, the same for
every run).

Weak spots (a note for whoever reads the doctor's results): the printout has 7 or 9 points;
every blow-up here (lr_high, summed, unscaled_diverging) is over within the first 250 iterations,
so those curves are two points, the first loss and "inf"; a full-batch jump would be over before
iteration 250 too, so there is no jump_stuck run; parity's raw inputs (0/1) are not in big units,
so the unscaled runs are all spirals. The saturated runs are 4-bit parity (an even function that
the saturated, near-odd features cannot fit): their printed loss still falls, slowly, while the
output layer fits what it can. known() gives the -1/+1 class codes as the "targets".
"""
import numpy as np

from .common import one_blas_thread, translate, usual_own

SCORE = "accuracy"
N_TEST = 2000


def noisy_parity(n, bits, noise, rng):
    """X (n, bits): bits 0/1 plus N(0, noise); y (n,): +1 for an odd number of ones, else -1."""
    B = rng.integers(0, 2, (n, bits))
    return B + rng.normal(0, noise, B.shape), np.where(B.sum(1) % 2 == 1, 1.0, -1.0)


def two_spirals(n, noise, rng, radius=10.0):
    """X (n, 2) in plot units (|X| up to about `radius`), y (n,): -1 for one arm, +1 for the other."""
    y = np.where(rng.random(n) < 0.5, -1.0, 1.0)
    t = np.sqrt(rng.random(n)) * 2 * np.pi  # one turn, more points further out
    r = radius * t / (2 * np.pi)
    X = np.column_stack([r * np.cos(t), r * np.sin(t)]) * y[:, None]  # the second arm is the first turned by 180
    return X + rng.normal(0, noise * radius / 10, X.shape), y


def make(s, n, rng):
    if s["data"] == "spirals":
        return two_spirals(n, s["noise"], rng)
    return noisy_parity(n, s["bits"], s["noise"], rng)


def relu(z):
    return np.maximum(z, 0)


ACT = {"tanh": (np.tanh, lambda h: 1 - h ** 2), "relu": (relu, lambda h: (h > 0) * 1.0)}


def predict(W, b, X, act):
    """Layer outputs [X, h1, (h2,) out]; out (n,) the linear output."""
    hs = [X]
    for k in range(len(W) - 1):
        hs.append(ACT[act][0](hs[-1] @ W[k] + b[k]))
    hs.append(hs[-1] @ W[-1][:, 0] + b[-1][0])
    return hs


def run(settings, steps=None):
    s = settings
    rng = np.random.default_rng(s["seed"])
    X, y = make(s, s["n"], rng)
    Xt, yt = make(s, N_TEST, np.random.default_rng(2024))
    if s["standardize"]:
        mu, sd = X.mean(0), X.std(0)
        X, Xt = (X - mu) / sd, (Xt - mu) / sd
    sizes = [X.shape[1]] + s["hidden"] + [1]
    W, b = [], []
    for m, n in zip(sizes[:-2], sizes[1:-1]):  # hidden layers: the chosen init and starting bias
        std = {"xavier": np.sqrt(1 / m), "he": np.sqrt(2 / m)}.get(s["init"], s["init"])
        W.append(rng.normal(0, float(std), (m, n)))
        b.append(np.full(n, float(s["bias"])))
    W.append(rng.normal(0, np.sqrt(1 / sizes[-2]), (sizes[-2], 1)))  # the output: always 1/sqrt(fan-in), bias 0
    b.append(np.zeros(1))
    iters = s["iters"] if steps is None else min(steps, s["iters"])
    printed = []
    with np.errstate(all="ignore"), one_blas_thread():
        for i in range(iters + 1):
            hs = predict(W, b, X, s["activation"])
            err = hs[-1] - y
            loss = np.sum(err ** 2) if s["reduction"] == "sum" else np.mean(err ** 2)
            if i % s["every"] == 0 or i == iters or not np.isfinite(loss):  # and the last, in a short run
                printed.append(f"iter {i} | loss {loss:.4f}")
            if i == iters or not np.isfinite(loss):
                break
            d = (2 * err if s["reduction"] == "sum" else 2 * err / len(y))[:, None]
            for k in range(len(W) - 1, -1, -1):
                dW, db = hs[k].T @ d, d.sum(0)
                if k:
                    d = (d @ W[k].T) * ACT[s["activation"]][1](hs[k])
                W[k] -= s["lr"] * dW
                b[k] -= s["lr"] * db
        acc = 100 * np.mean(np.sign(predict(W, b, Xt, s["activation"])[-1]) == yt)
    return [float(line.split("loss ")[1]) for line in printed], float(acc)


def known(settings):
    _, y = make(settings, settings["n"], np.random.default_rng(settings["seed"]))
    return dict(lr=settings["lr"], n_samples=settings["n"], batch_size=settings["n"], every=settings["every"],
                reduction=settings["reduction"], loss="squared", targets=[float(v) for v in y])


OWN = usual_own(activations=tuple(ACT), epochs="iters")


def apply(settings, action):
    return translate(settings, action, OWN)


def base(**kw):
    s = dict(data="parity", bits=3, noise=0.15, n=200, seed=0, lr=0.1, standardize=True, iters=2000, every=250,
             hidden=[16], activation="tanh", init="xavier", bias=0.0, reduction="mean")
    s.update(kw)
    return s


def spirals(**kw):
    return base(**{"data": "spirals", "noise": 0.5, "hidden": [32], "lr": 0.05, **kw})


def suite():
    relu = dict(activation="relu", init="he")
    runs = [(f"healthy 3-bit parity seed {k}", "healthy", base(seed=k)) for k in (0, 1)]
    runs += [("healthy 3-bit parity relu", "healthy", base(seed=2, **relu)),
             ("healthy 3-bit parity 8 hidden, 3000 iterations printed every 500", "healthy",
              base(seed=3, hidden=[8], iters=3000, every=500)),
             ("healthy 4-bit parity 16-16", "healthy", base(seed=4, bits=4, hidden=[16, 16])),
             ("healthy spirals tanh", "healthy", spirals(seed=5)),
             ("healthy spirals relu, lr 0.03", "healthy", spirals(seed=6, lr=0.03, **relu)),
             ("healthy spirals 16-16, lr 0.1", "healthy", spirals(seed=7, hidden=[16, 16], lr=0.1))]
    runs += [("3-bit parity lr 5 (50x)", "lr_high", base(seed=8, lr=5.0)),
             ("spirals lr 2 (40x)", "lr_high", spirals(seed=9, lr=2.0)),
             ("4-bit parity 16-16, lr 1e-3 (100x low)", "lr_low", base(seed=10, bits=4, hidden=[16, 16], lr=1e-3)),
             ("spirals lr 5e-4 (100x low)", "lr_low", spirals(seed=11, lr=5e-4)),
             ("3-bit parity, squared errors summed over 200 points", "summed", base(seed=12, reduction="sum")),
             ("spirals, squared errors summed over 200 points", "summed", spirals(seed=13, reduction="sum")),
             ("raw spiral coordinates, relu, lr 0.03", "unscaled_diverging",
              spirals(seed=14, standardize=False, lr=0.03, **relu)),
             ("raw spiral coordinates, relu, even at lr 0.01", "unscaled_diverging",
              spirals(seed=15, standardize=False, lr=0.01, **relu)),
             ("raw spiral coordinates, relu, lr 2e-3 so it stays finite", "unscaled_conditioned",
              spirals(seed=16, standardize=False, lr=2e-3, **relu)),
             ("raw spiral coordinates, relu, lr 1e-3", "unscaled_conditioned",
              spirals(seed=17, standardize=False, lr=1e-3, **relu)),
             ("3-bit parity relu biases -6", "dead", base(seed=18, bias=-6.0, **relu)),
             ("spirals relu biases -6", "dead", spirals(seed=19, bias=-6.0, **relu)),
             ("4-bit parity tanh 16-16, weights N(0, 5)", "saturated", base(seed=20, bits=4, hidden=[16, 16], init=5)),
             ("4-bit parity tanh 16-16, weights N(0, 8)", "saturated", base(seed=21, bits=4, hidden=[16, 16], init=8))]
    return runs
