"""Style "online_sgd": the textbook stochastic gradient descent loop, one sample per update.

A learner predicts a house's daily heating energy (kWh) from four measurements in their own
units: floor area (m^2, 40-400), outdoor temperature (deg C, -15-25), occupants (1-6) and wall
insulation (mm, 50-300). A small network (4 -> hidden -> 1) is written with plain vectors:
`for epoch ...: for i in shuffled: forward(x_i), backward, w -= lr * grad`, the per-sample
loss 0.5 * (pred - y)^2. Printing 4000 losses is useless, so the learner keeps the recent ones
and every `every` samples writes down their average (counting from 0, so the first sample's
loss is written down alone): the learner's costs are those averages.
Because energy cannot be negative, some of the learner's runs put a ReLU on the output, and
start its bias at the mean target so the first predictions are sensible.
"""
import numpy as np

from .common import setter, translate

SCORE = "loss"  # test mean squared error, kWh^2
N_TRAIN = 400
ACT = {"relu": (lambda a: np.maximum(a, 0.0), lambda a: (a > 0) * 1.0),
       "tanh": (np.tanh, lambda a: 1 - np.tanh(a) ** 2),
       "sigmoid": (lambda a: 0.5 + 0.5 * np.tanh(0.5 * a), lambda a: 0.25 / np.cosh(0.5 * a) ** 2),
       "leaky_relu": (lambda a: np.where(a > 0, a, 0.01 * a), lambda a: np.where(a > 0, 1.0, 0.01)),
       "identity": (lambda a: a, lambda a: np.ones_like(a))}


def houses(n, seed):
    """(X (n, 4) in m^2, deg C, people, mm; y (n,) kWh a day) from a made-up building physics."""
    rng = np.random.default_rng(seed)
    area = rng.uniform(40, 400, n)
    temp = rng.uniform(-15, 25, n)
    people = rng.integers(1, 7, n).astype(float)
    insul = rng.uniform(50, 300, n)
    loss_per_degree = area * 0.012 * 120 / (insul + 60)  # kWh per degree below 18: walls scale with area
    y = loss_per_degree * np.maximum(18 - temp, 0) + 1.2 * people + rng.normal(0, 1.0, n)
    return np.column_stack([area, temp, people, insul]), y


def run(settings, steps=None):
    s = settings
    X, y = houses(N_TRAIN + 200, 2024)
    Xtr, ytr, Xte, yte = X[:N_TRAIN], y[:N_TRAIN], X[N_TRAIN:], y[N_TRAIN:]
    if s.get("standardize", False):
        mu, sd = Xtr.mean(0), Xtr.std(0)
        Xtr, Xte = (Xtr - mu) / sd, (Xte - mu) / sd
    rng = np.random.default_rng(s["seed"])
    h = s["hidden"]
    w1 = rng.normal(0, s["init_std"], (h, 4))
    b1 = np.full(h, float(s["bias"]))
    w2 = rng.normal(0, s["init_std"], h)
    b2 = float(ytr.mean()) if s["output_bias"] == "mean" else 0.0
    f, df = ACT[s["activation"]]
    out_f, out_df = ACT[s["output"]]
    lr, recent, logged, t = s["lr"], [], [], 0
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(s["epochs"]):
            for i in rng.permutation(N_TRAIN):
                x = Xtr[i]
                a1 = w1 @ x + b1
                h1 = f(a1)
                a2 = w2 @ h1 + b2
                err = out_f(a2) - ytr[i]
                recent.append(0.5 * err * err)
                d2 = err * out_df(a2)
                d1 = d2 * w2 * df(a1)
                w2 -= lr * d2 * h1
                b2 -= lr * d2
                w1 -= lr * np.outer(d1, x)
                b1 -= lr * d1
                if t % s["every"] == 0:  # t counts from 0, so the very first loss is written down too
                    logged.append(float(np.mean(recent[-s["every"]:])))
                t += 1
                if steps is not None and t >= steps:
                    break
            else:
                continue
            break
        pred = out_f(f(Xte @ w1.T + b1) @ w2 + b2)
        test_mse = float(np.mean((pred - yte) ** 2))
    return logged, test_mse if np.isfinite(test_mse) else float("inf")


def known(settings):
    return dict(lr=settings["lr"], n_samples=N_TRAIN, batch_size=1, every=settings["every"], loss="squared",
                reduction="mean", targets=[float(v) for v in houses(N_TRAIN + 200, 2024)[1][:N_TRAIN]])



def _bias(s, v):
    if isinstance(v, str):  # the learner's loop starts every hidden bias at one number
        v = 0.5 if v.startswith("U(") else 0.0
    s["bias"] = float(v)


def _init(s, v):
    fan_in = 4.0  # the learner scales by the inputs of the first layer
    s["init_std"] = float({"he": np.sqrt(2 / fan_in), "xavier": np.sqrt(1 / fan_in)}.get(v, 0.1 if isinstance(v, str)
                                                                                         else v))


def _output(s, v):
    s["output"] = "identity" if v in ("linear", "identity", "none") else v


OWN = {"activation": setter("activation"), "bias_init": _bias, "weight_init": _init, "output": _output,
       "epochs": setter("epochs", int)}


def apply(settings, action):
    return translate(settings, action, OWN)


def base(**kw):
    s = dict(lr=0.003, seed=0, standardize=True, hidden=16, activation="tanh", init_std=0.5, bias=0.0,
             output="identity", output_bias="zero", epochs=10, every=100)
    s.update(kw)
    return s


def suite():
    runs = [("healthy tanh seed 0", "healthy", base()),
            ("healthy tanh seed 1", "healthy", base(seed=1)),
            ("healthy tanh 32 hidden", "healthy", base(seed=2, hidden=32)),
            ("healthy relu", "healthy", base(seed=3, activation="relu", init_std=0.3)),
            ("healthy relu output, bias at the mean", "healthy",
             base(seed=20, activation="relu", init_std=0.3, output="relu", output_bias="mean"))]
    runs += [("lr 0.06 (20x)", "lr_high", base(lr=0.06, seed=4)),
             ("lr 0.1 (30x)", "lr_high", base(lr=0.1, seed=5)),
             ("lr 0.3 relu (100x)", "lr_high", base(lr=0.3, seed=6, activation="relu", init_std=0.3)),
             ("lr 3e-5 (100x low)", "lr_low", base(lr=3e-5, seed=6)),
             ("lr 3e-5 relu (100x low)", "lr_low", base(lr=3e-5, seed=7, activation="relu", init_std=0.3)),
             ("raw units relu lr 0.003", "unscaled_diverging", base(standardize=False, seed=9, activation="relu")),
             ("raw units leaky relu lr 0.001 small init", "unscaled_diverging",
              base(standardize=False, seed=10, activation="leaky_relu", lr=0.001, init_std=0.1)),
             ("raw units relu lr 1e-5 tiny init", "unscaled_conditioned",
              base(standardize=False, seed=11, activation="relu", lr=1e-5, init_std=0.02)),
             ("raw units relu lr 3e-6", "unscaled_conditioned",
              base(standardize=False, seed=12, activation="relu", lr=3e-6, init_std=0.05)),
             ("relu bias -6, output bias at the mean", "dead",
              base(activation="relu", bias=-6.0, seed=13, output_bias="mean")),
             ("relu bias -4", "dead", base(activation="relu", bias=-4.0, seed=14, init_std=0.3)),
             ("tanh weights N(0, 8)", "saturated", base(init_std=8.0, seed=15)),
             ("sigmoid weights N(0, 10)", "saturated", base(activation="sigmoid", init_std=10.0, seed=16)),
             ("relu output, lr 0.06 (20x)", "jump_stuck",
              base(activation="relu", output="relu", output_bias="mean", lr=0.06, seed=18)),
             ("relu output, lr 0.3 (100x)", "jump_stuck",
              base(activation="relu", output="relu", output_bias="mean", lr=0.3, seed=19))]
    return runs
