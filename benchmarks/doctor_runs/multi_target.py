"""Style "multi_target": three quantities of a building predicted at once, the epoch's mean loss kept in a list.

Written for the next held-out half (doctor_runs.WAITING) by someone who never read or ran the
doctor. The learner (an engineering student) predicts, for each of 1200 simulated buildings, its
annual heating energy (kWh), its peak heating power (kW) and its indoor CO2 level (ppm) from seven
features in their own units: floor area (square feet, 600-6000), year built (1920-2020), number
of occupants, window-to-wall fraction, wall R-value, hours of use per year (2000-8760) and the
site's heating degree days (1000-7000). The first 900 buildings train, the last 300 test.

Targets: the learner always z-scores each target column on the training buildings (kWh would
swamp ppm otherwise) and trains in those units. Features: with "standardize" they are z-scored on
the training buildings too; without it they go in raw (square feet, years, hours), which is what
the unscaled runs plant. The net: hidden layers of `hidden` units (a list, e.g. [32, 32]) of ReLU
or tanh, a linear output of 3. The loss of a batch: the squared error summed over the three
outputs, averaged over the batch's buildings (reduction "sum": added up over them too). Plain
minibatch SGD with a 1/t decay of the learning rate per epoch, lr / (1 + decay * epoch). After each
epoch they append the mean of that epoch's batch losses to `history` (they plot it afterwards);
a non-finite epoch mean is appended and ends training. The costs are `history`. The score is the
test loss: the same summed-over-outputs squared error, averaged over the 300 test buildings, in
z-scored target units (lower is better; predicting the training means gives about 3).

Weak spots (known to the author): the curve has one point per epoch and each point is a mean over
the epoch, so a blow-up inside the first epoch shows as a single huge first point; full batch runs
log one point per update. So the jump_stuck runs are full batch ones (an epoch mean over
minibatches would hide the jump): lr 0.3 leaps to about 20x the first loss, comes back and sits at
3.0, every ReLU of the second hidden layer off so the net predicts the training means: below the
first point. The single-layer dead run starts dead (biases -6); several blow-ups (minibatch summed,
raw units at lr 0.05) are one nan point; the tanh runs on raw units saturate their first layer.
"""
import numpy as np

from .common import activation_setter, bias_setter, init_setter, one_blas_thread, setter, translate

SCORE = "loss"
N_TRAIN, N_TEST = 900, 300


def buildings(n=N_TRAIN + N_TEST, seed=11):
    """X (n, 7) features in their own units, Y (n, 3): heating kWh, peak kW, CO2 ppm."""
    rng = np.random.default_rng(seed)
    area = rng.uniform(600, 6000, n)
    year = rng.integers(1920, 2021, n).astype(float)
    people = rng.poisson(area / 500) + 1.0
    window = rng.uniform(0.1, 0.6, n)
    r_value = rng.uniform(8, 40, n)
    hours = rng.uniform(2000, 8760, n)
    hdd = rng.uniform(1000, 7000, n)
    leak = 1 + 0.6 * np.clip((1980 - year) / 60, 0, None)  # old buildings leak air
    loss_coef = area * (1 / r_value + 0.35 * window) * leak  # heat loss per degree, arbitrary units
    kwh = 0.45 * loss_coef * hdd / 100 + 0.8 * hours * people / 10 + rng.normal(0, 2500, n)
    kw = 0.004 * loss_coef * (20 + hdd / 200) + 0.3 * people + rng.normal(0, 1.5, n)
    ppm = 420 + 9000 * people / (area * 0.12 * leak) * (0.5 + hours / 8760) + rng.normal(0, 25, n)
    X = np.column_stack([area, year, people, window, r_value, hours, hdd])
    return X, np.column_stack([kwh, kw, ppm])


def split(standardize):
    """Training and test arrays the way the learner prepares them (see the docstring)."""
    X, Y = buildings()
    Y = (Y - Y[:N_TRAIN].mean(0)) / Y[:N_TRAIN].std(0)
    if standardize:
        X = (X - X[:N_TRAIN].mean(0)) / X[:N_TRAIN].std(0)
    return X[:N_TRAIN], Y[:N_TRAIN], X[N_TRAIN:], Y[N_TRAIN:]


ACTS = {"relu": (lambda z: np.maximum(z, 0), lambda a: (a > 0).astype(float)),
        "tanh": (np.tanh, lambda a: 1 - a ** 2)}


def init_params(sizes, init, bias, rng):
    params = []
    for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        std = {"he": np.sqrt(2 / fan_in), "xavier": np.sqrt(1 / fan_in)}.get(init, init)
        if i == len(sizes) - 2:  # the linear output layer: always small, bias 0
            std, b = np.sqrt(1 / fan_in), 0.0
        else:
            b = bias
        params.append([rng.normal(0, float(std), (fan_in, fan_out)), np.full(fan_out, float(b))])
    return params


def forward(params, X, act):
    acts = [X]
    for W, b in params[:-1]:
        acts.append(act(acts[-1] @ W + b))
    W, b = params[-1]
    return acts, acts[-1] @ W + b


def sgd_step(params, acts, pred, Y, dact, lr, reduction):
    """One SGD update on a batch; returns the batch loss (summed over outputs, mean or sum over rows)."""
    n = 1 if reduction == "sum" else len(Y)
    err = pred - Y
    loss = np.sum(err ** 2) / n
    delta = 2 * err / n
    for i in range(len(params) - 1, -1, -1):
        W, b = params[i]
        gW, gb = acts[i].T @ delta, delta.sum(0)
        if i > 0:
            delta = (delta @ W.T) * dact(acts[i])
        params[i][0] = W - lr * gW
        params[i][1] = b - lr * gb
    return float(loss)


def run(settings, steps=None):
    s = settings
    Xtr, Ytr, Xte, Yte = split(s["standardize"])
    rng = np.random.default_rng(s["seed"])
    act, dact = ACTS[s["activation"]]
    params = init_params([Xtr.shape[1]] + list(s["hidden"]) + [3], s["init"], s["bias"], rng)
    history, t = [], 0
    with np.errstate(all="ignore"), one_blas_thread():
        for epoch in range(s["epochs"]):
            lr = s["lr"] / (1 + s["decay"] * epoch)
            perm = rng.permutation(N_TRAIN)
            batch_losses = []
            for start in range(0, N_TRAIN, s["batch_size"]):
                idx = perm[start:start + s["batch_size"]]
                acts, pred = forward(params, Xtr[idx], act)
                batch_losses.append(sgd_step(params, acts, pred, Ytr[idx], dact, lr, s["reduction"]))
                t += 1
                if t == steps:
                    break
            history.append(float(np.mean(batch_losses)))
            if not np.isfinite(history[-1]) or t == steps:
                break
        _, pred = forward(params, Xte, act)
        test_loss = float(np.mean(np.sum((pred - Yte) ** 2, axis=1)))
    return history, test_loss if np.isfinite(test_loss) else float("inf")


def known(settings):
    return dict(lr=settings["lr"], n_samples=N_TRAIN, batch_size=settings["batch_size"],
                every=-(-N_TRAIN // settings["batch_size"]), reduction=settings["reduction"], loss="squared")


OWN = {"reduction": setter("reduction"), "weight_init": init_setter("init", ("he", "xavier")),
       "bias_init": bias_setter("bias"), "epochs": setter("epochs", int),
       "activation": activation_setter("activation", tuple(ACTS))}


def apply(settings, action):
    return translate(settings, action, OWN)


def base(**kw):
    s = dict(seed=0, lr=0.05, decay=0.05, standardize=True, epochs=30, batch_size=32, hidden=[32, 32],
             activation="relu", init="he", bias=0.0, reduction="mean")
    s.update(kw)
    return s


def suite():
    tanh = dict(activation="tanh", init="xavier")
    full = dict(batch_size=N_TRAIN, lr=0.1, epochs=200, decay=0.002)
    runs = [(f"healthy relu seed {k}", "healthy", base(seed=k)) for k in (0, 1, 2)]
    runs += [("healthy tanh xavier", "healthy", base(seed=3, **tanh)),
             ("healthy full batch, lr 0.1", "healthy", base(seed=4, **full)),
             ("healthy tanh full batch, lr 0.3", "healthy", base(seed=5, **dict(full, lr=0.3), **tanh)),
             ("healthy one hidden layer of 48", "healthy", base(seed=20, hidden=[48]))]
    runs += [("lr 2 (40x)", "lr_high", base(seed=6, lr=2.0)),
             ("tanh lr 1.5 (30x)", "lr_high", base(seed=7, lr=1.5, **tanh)),
             ("lr 5e-4 (100x low)", "lr_low", base(seed=8, lr=5e-4)),
             ("full batch lr 1e-3 (100x low)", "lr_low", base(seed=9, **dict(full, lr=1e-3))),
             ("squared errors summed over batches of 128", "summed", base(seed=10, reduction="sum", batch_size=128)),
             ("summed over all 900 buildings, full batch", "summed", base(seed=11, reduction="sum", **full)),
             ("raw square feet, years and hours, lr 0.05", "unscaled_diverging", base(seed=12, standardize=False)),
             ("raw units, full batch, lr 1e-7", "unscaled_diverging", base(seed=13, standardize=False,
                                                                          **dict(full, lr=1e-7))),
             ("raw units, lr 2e-9 so it stays finite", "unscaled_conditioned",
              base(seed=14, standardize=False, lr=2e-9)),
             ("raw units into tanh, lr 1e-4", "unscaled_conditioned",
              base(seed=15, standardize=False, lr=1e-4, **tanh)),
             ("relu biases -5", "dead", base(seed=16, bias=-5.0)),
             ("relu biases -6, one layer of 48", "dead", base(seed=17, bias=-6.0, hidden=[48])),
             ("tanh, weights N(0, 5)", "saturated", base(seed=18, activation="tanh", init=5.0)),
             ("full batch lr 0.3 (3x): a leap, then the 2nd layer off", "jump_stuck",
              base(seed=21, **dict(full, lr=0.3))),
             ("full batch lr 0.3, seed 25", "jump_stuck", base(seed=25, **dict(full, lr=0.3)))]
    return runs
