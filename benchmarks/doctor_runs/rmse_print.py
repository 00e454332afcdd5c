"""Style "rmse_print": a regression script that prints a line per epoch and reads its numbers back.

The learner predicts a car's fuel consumption (litres per 100 km, about 5 to 20) from five
measurements in their own units: mass (kg, 800-2500), engine power (kW, 40-300), cruising
speed (km/h, 30-130), tyre pressure (bar, 1.8-3.0) and outside temperature (deg C, -10-35), logged
by a made-up fleet (synthetic, seeded). Gradient descent on mean (or, in some versions, summed)
squared error plus an L2 penalty `l2 * sum(W**2)` on the weights. Each epoch starts by printing

    epoch  12/200  train_rmse=0.83  objective=0.7412

to a log (a text stream), the RMSE of the whole training set, so the first line is the untrained
network. To plot the run afterwards the learner pulls `train_rmse=` out of each line with a regex:
those rounded RMSEs, 'nan' and 'inf' included, are the learner's costs.
"""
import io
import re

import numpy as np

from .common import setter, translate

SCORE = "loss"  # test RMSE, in the targets' units
N_TRAIN = 400
LINE = re.compile(r"train_rmse=(\S+)")
UNITS = {"relu": (lambda a: np.maximum(a, 0.0), lambda a: (a > 0) * 1.0),
         "leaky_relu": (lambda a: np.maximum(a, 0.01 * a), lambda a: np.where(a > 0, 1.0, 0.01)),
         "tanh": (np.tanh, lambda a: 1.0 / np.cosh(a) ** 2),
         "sigmoid": (lambda a: 0.5 * (1 + np.tanh(0.5 * a)), lambda a: 0.25 / np.cosh(0.5 * a) ** 2),
         "identity": (lambda a: a, lambda a: np.ones_like(a))}


def fleet(n=600, seed=11):
    """(X (n, 5): kg, kW, km/h, bar, deg C; y (n,): L/100 km)."""
    rng = np.random.default_rng(seed)
    mass, power = rng.uniform(800, 2500, n), rng.uniform(40, 300, n)
    speed, tyre, temp = rng.uniform(30, 130, n), rng.uniform(1.8, 3.0, n), rng.uniform(-10, 35, n)
    y = (1.0 + 0.0025 * mass + 0.012 * power + 0.0004 * speed ** 2 * (1 + mass / 5000) + 1.5 / tyre
         + 0.04 * np.maximum(15 - temp, 0) + rng.normal(0, 0.2, n))
    return np.column_stack([mass, power, speed, tyre, temp]), y


def cars(standardize):
    X, y = fleet()
    Xtr, Xte = X[:N_TRAIN], X[N_TRAIN:]
    if standardize:
        mean, std = Xtr.mean(axis=0), Xtr.std(axis=0)
        Xtr, Xte = (Xtr - mean) / std, (Xte - mean) / std
    return Xtr, y[:N_TRAIN], Xte, y[N_TRAIN:]


def make_net(s, rng, y_mean):
    sizes = [5] + [s["hidden"]] * s["depth"] + [1]
    std = {"he": lambda fan_in: np.sqrt(2 / fan_in), "xavier": lambda fan_in: np.sqrt(1 / fan_in)}.get(
        s["init"], lambda fan_in: s["init"])
    Ws = [rng.normal(0, std(a), (a, b)) for a, b in zip(sizes[:-1], sizes[1:])]
    bs = [np.full(b, float(s["bias"])) for b in sizes[1:-1]] + [np.full(1, y_mean if s["start_at_mean"] else 0.0)]
    return Ws, bs


def predict(Ws, bs, X, s):
    """X (n, 5) -> (pre-activations per layer, outputs per layer); the last output is (n, 1)."""
    pre, outs = [], [X]
    for i, (W, b) in enumerate(zip(Ws, bs)):
        pre.append(outs[-1] @ W + b)
        outs.append(UNITS[s["output"] if i == len(Ws) - 1 else s["activation"]][0](pre[-1]))
    return pre, outs


def gd_step(Ws, bs, X, y, s):
    pre, outs = predict(Ws, bs, X, s)
    scale = 2.0 / len(y) if s["reduction"] == "mean" else 2.0
    delta = scale * (outs[-1][:, 0] - y)[:, None] * UNITS[s["output"]][1](pre[-1])
    for i in range(len(Ws) - 1, -1, -1):
        gW = outs[i].T @ delta + 2 * s["l2"] * Ws[i]
        gb = delta.sum(0)
        if i:
            delta = (delta @ Ws[i].T) * UNITS[s["activation"]][1](pre[i - 1])
        Ws[i] -= s["lr"] * gW
        bs[i] -= s["lr"] * gb


def run(settings, steps=None):
    s = settings
    Xtr, ytr, Xte, yte = cars(s.get("standardize", False))
    rng = np.random.default_rng(s["seed"])
    Ws, bs = make_net(s, rng, ytr.mean())
    log, bsz, done = io.StringIO(), s["batch_size"] or N_TRAIN, 0
    with np.errstate(all="ignore"):
        for epoch in range(s["epochs"]):
            err = predict(Ws, bs, Xtr, s)[1][-1][:, 0] - ytr
            objective = np.sum(err ** 2) * (1 / N_TRAIN if s["reduction"] == "mean" else 1) \
                + s["l2"] * sum(np.sum(W ** 2) for W in Ws)
            print(f"epoch {epoch:3d}/{s['epochs']}  train_rmse={np.sqrt(np.mean(err ** 2)):.2f}  "
                  f"objective={objective:.5g}", file=log)
            order = rng.permutation(N_TRAIN)
            for i in range(0, N_TRAIN, bsz):
                gd_step(Ws, bs, Xtr[order[i:i + bsz]], ytr[order[i:i + bsz]], s)
                done += 1
                if steps is not None and done >= steps:
                    break
            if steps is not None and done >= steps:
                break
        test_rmse = float(np.sqrt(np.mean((predict(Ws, bs, Xte, s)[1][-1][:, 0] - yte) ** 2)))
    costs = [float(m.group(1)) for m in LINE.finditer(log.getvalue())]
    return costs, test_rmse if np.isfinite(test_rmse) else float("inf")


def known(settings):
    bsz = settings["batch_size"] or N_TRAIN
    return dict(lr=settings["lr"], n_samples=N_TRAIN, batch_size=bsz, every=-(-N_TRAIN // bsz), loss="squared",
                reduction=settings["reduction"], targets=[float(v) for v in cars(False)[1]])



def _weights(s, v):
    s["init"] = v if v in ("he", "xavier") else float(v)


def _biases(s, v):
    s["bias"] = float({"none": 0.0, "zero": 0.0, "zeros": 0.0, "U(0,1)": 0.5}.get(v, v))


def _output(s, v):
    s["output"] = "identity" if v in ("linear", "identity", "none") else v


OWN = {"reduction": setter("reduction"), "activation": setter("activation"), "weight_init": _weights,
       "bias_init": _biases, "output": _output, "epochs": setter("epochs", int)}


def apply(settings, action):
    return translate(settings, action, OWN)


def base(**kw):
    s = dict(lr=0.03, seed=0, standardize=True, hidden=32, depth=1, activation="relu", init="he", bias=0.0,
             output="identity", start_at_mean=False, reduction="mean", l2=1e-3, batch_size=None, epochs=200)
    s.update(kw)
    return s


def mini(**kw):
    """Minibatches of 32: 13 updates an epoch, so fewer epochs and a smaller step."""
    return base(**{"batch_size": 32, "epochs": 40, "lr": 0.01, **kw})


def suite():
    runs = [("healthy relu seed 0", "healthy", base()),
            ("healthy relu seed 1", "healthy", base(seed=1)),
            ("healthy tanh xavier", "healthy", base(seed=2, activation="tanh", init="xavier")),
            ("healthy minibatch 32", "healthy", mini(seed=3)),
            ("healthy relu output, bias at the mean", "healthy", base(seed=21, output="relu", start_at_mean=True))]
    runs += [("lr 0.6 (20x)", "lr_high", base(lr=0.6, seed=3)),
             ("lr 3 (100x)", "lr_high", base(lr=3.0, seed=4)),
             ("lr 3e-4 (100x low)", "lr_low", base(lr=3e-4, seed=5)),
             ("lr 1e-4 minibatch (100x low)", "lr_low", mini(lr=1e-4, seed=22)),
             ("summed over 400, lr 0.03", "summed", base(reduction="sum", seed=6)),
             ("summed over batches of 32, lr 0.01", "summed", mini(reduction="sum", seed=7)),
             ("raw units lr 0.03", "unscaled_diverging", base(standardize=False, seed=8)),
             ("raw units minibatch lr 0.01", "unscaled_diverging", mini(standardize=False, seed=23)),
             # raw units: near the largest lr that stays stable (relu 3e-5 already swings), or tanh units pinned at +-1
             ("raw units lr 1e-5, weights N(0, 0.01)", "unscaled_conditioned",
              base(standardize=False, seed=9, init=0.01, lr=1e-5)),
             ("raw units tanh lr 1e-3, weights N(0, 0.01)", "unscaled_conditioned",
              base(standardize=False, seed=11, init=0.01, lr=1e-3, activation="tanh")),
             ("relu bias -6, output bias at the mean", "dead", base(bias=-6.0, seed=14, start_at_mean=True)),
             ("relu bias -8", "dead", base(bias=-8.0, seed=24)),
             ("3 sigmoid layers N(0, 4)", "saturated", base(activation="sigmoid", depth=3, init=4.0, seed=15)),
             ("3 tanh layers N(0, 3)", "saturated", base(activation="tanh", depth=3, init=3.0, seed=16)),
             ("relu output from the mean, lr 0.6 (20x)", "jump_stuck",
              base(output="relu", start_at_mean=True, lr=0.6, seed=18)),
             ("relu output from the mean, lr 3 (100x)", "jump_stuck",
              base(output="relu", start_at_mean=True, lr=3.0, seed=19)),
             ("relu output from the mean, summed over 400", "jump_stuck",
              base(output="relu", start_at_mean=True, reduction="sum", seed=20))]
    return runs
