"""Style "price_mae": used-car prices in dollars, a ReLU net on the mean absolute error, printed as "MAE $4,312".

Written for the next held-out half (doctor_runs.WAITING) by someone who never read or ran the
doctor. The learner scraped (here: simulated, seeded) a table of 1200 used cars: model year,
odometer miles, engine litres, horsepower, mpg, number of previous owners and an accident flag,
and each car's asking price in dollars (about $3,000 to $60,000). They keep the first 1000 rows
to train and the last 200 to test. Because "the loss was in the millions" on their first try,
they train on the price in thousands of dollars (price / 1000, not centred: the net must climb
from 0 to about 20 by itself) and multiply by 1000 when they print. With "standardize" they
z-score the seven columns with the training rows' mean and std; without it the year (about
2015), the miles (tens of thousands) and the 0/1 flag go in as they are. The net: dense layers
with ReLU (or tanh) and a linear output, He-normal weights (or "xavier": N(0, 1/fan_in), or
N(0, std)), hidden biases starting at one number (0 by default), output bias 0. Minibatch SGD
(batches of 32, reshuffled each epoch; the whole 1000 for full batch), no momentum. The batch
loss is the mean absolute error in $k (reduction "sum": the absolute errors added up over the
batch).

What they see: after each epoch one printed line, ``epoch  12  MAE $4,312``, where the number is
the mean of that epoch's batch losses (each before its update) times 1000, formatted with
``{:,.0f}``: whole dollars. The costs are read back from those lines (``$`` and commas
stripped), one per epoch. A batch loss that is not finite prints the line ``MAE $nan`` (or
``$inf``) and training stops there. The score is the test MAE in dollars (lower is better).

Weak spots (what a reader of these runs should know): the MAE's gradient does not grow with the
error, so a blow-up grows only through the weights multiplying each other; with minibatches it
happens inside the first epoch, is averaged into the first cost, and the net then freezes (every
relu off) at the cost of a constant guess, about $9,400, a curve that only goes down. So every
lr_high, summed, unscaled_diverging and jump_stuck run here is full batch (one update per epoch),
and even then most of them leap for a few epochs and then sit at that constant-guess plateau:
their curves look alike, and the labels say what was planted, not what the curve can tell
apart. The full-batch runs on raw features zigzag even at tiny lr (a sign gradient, steps that do
not shrink), so both unscaled_conditioned runs are minibatch; they crawl with predictions in the
millions. The dead and lr_low runs sink slowly, because the output bias alone still walks toward
the prices by lr per update. Whole-dollar rounding hides changes below $1.
"""
import numpy as np

from .common import one_blas_thread, translate, usual_own

SCORE = "loss"
N_TRAIN, N_CARS = 1000, 1200
COLUMNS = ("year", "miles", "engine_l", "hp", "mpg", "owners", "accident")


def used_cars(seed=2024):
    """X (1200, 7) in the units of COLUMNS, price (1200,) in dollars."""
    rng = np.random.default_rng(seed)
    age = rng.integers(0, 20, N_CARS)
    miles = np.round(age * rng.lognormal(np.log(11000), 0.35, N_CARS) + rng.uniform(0, 3000, N_CARS))
    engine = np.round(rng.uniform(1.0, 5.0, N_CARS), 1)
    hp = np.round(55 * engine + rng.normal(25, 20, N_CARS))
    mpg = np.round(48 - 6 * engine + rng.normal(0, 2.5, N_CARS), 1)
    owners = np.minimum(1 + rng.poisson(0.15 * age), 5)
    accident = (rng.random(N_CARS) < 0.04 + 0.02 * age).astype(float)
    value = (9000 + 32000 * np.exp(-0.13 * age) * (hp / 180) ** 0.7 - 0.03 * miles * np.exp(-0.05 * age)
             - 1200 * (owners - 1) - 3500 * accident)
    price = np.round(np.maximum(value, 1500) * rng.lognormal(0, 0.06, N_CARS), -1)
    return np.column_stack([2023 - age, miles, engine, hp, mpg, owners, accident]), price


def table(standardize):
    """X_train (1000, 7), y_train (1000,) in $k, X_test (200, 7), price_test (200,) in dollars."""
    X, price = used_cars()
    if standardize:
        mu, sd = X[:N_TRAIN].mean(0), X[:N_TRAIN].std(0)
        X = (X - mu) / sd
    return X[:N_TRAIN], price[:N_TRAIN] / 1000, X[N_TRAIN:], price[N_TRAIN:]


def init_params(s, rng):
    """[W (fan_in, fan_out), b (fan_out,)] per layer, 7 -> s["hidden"]... -> 1."""
    sizes = [len(COLUMNS)] + list(s["hidden"]) + [1]
    params = []
    for k in range(len(sizes) - 1):
        std = {"he": np.sqrt(2 / sizes[k]), "xavier": np.sqrt(1 / sizes[k])}.get(s["init"], s["init"])
        params.append(rng.normal(0, float(std), (sizes[k], sizes[k + 1])))
        params.append(np.full(sizes[k + 1], float(s["bias"]) if k < len(sizes) - 2 else 0.0))
    return params


def predict(params, X, act):
    """The layer outputs [X, h1, ..., yhat (n,)]."""
    f = np.tanh if act == "tanh" else (lambda z: np.maximum(z, 0))
    outs = [X]
    for k in range(0, len(params) - 2, 2):
        outs.append(f(outs[-1] @ params[k] + params[k + 1]))
    outs.append(outs[-1] @ params[-2][:, 0] + params[-1][0])
    return outs


def sgd_step(params, X, y, s):
    """One update on a batch; returns the batch loss (MAE in $k, or its sum)."""
    outs = predict(params, X, s["activation"])
    err = outs[-1] - y
    loss = np.abs(err).sum() if s["reduction"] == "sum" else np.abs(err).mean()
    g = (np.sign(err) / (1 if s["reduction"] == "sum" else len(y)))[:, None]
    for k in range(len(params) - 2, -1, -2):
        gW, gb = outs[k // 2].T @ g, g.sum(0)
        if k:
            h = outs[k // 2]
            g = (g @ params[k].T) * ((1 - h * h) if s["activation"] == "tanh" else (h > 0))
        params[k] -= s["lr"] * gW
        params[k + 1] -= s["lr"] * gb
    return loss


def run(settings, steps=None):
    s = settings
    Xtr, ytr, Xte, price_te = table(s["standardize"])
    rng = np.random.default_rng(s["seed"])
    params = init_params(s, rng)
    printed, t = [], 0
    with np.errstate(all="ignore"), one_blas_thread():
        for epoch in range(1, s["epochs"] + 1):
            order = rng.permutation(N_TRAIN)
            losses = []
            for k in range(0, N_TRAIN, s["batch"]):
                idx = order[k:k + s["batch"]]
                losses.append(sgd_step(params, Xtr[idx], ytr[idx], s))
                t += 1
                if t == steps or not np.isfinite(losses[-1]):
                    break
            printed.append(f"epoch {epoch:>3}  MAE ${np.mean(losses) * 1000:,.0f}")  # print(...) in their script
            if t == steps or not np.isfinite(losses[-1]):
                break
        test_mae = np.mean(np.abs(predict(params, Xte, s["activation"])[-1] * 1000 - price_te))
    costs = [float(line.split("$")[1].replace(",", "")) for line in printed]
    return costs, float(test_mae) if np.isfinite(test_mae) else float("inf")


def known(settings):
    return dict(lr=settings["lr"], n_samples=N_TRAIN, batch_size=settings["batch"],
                every=-(-N_TRAIN // settings["batch"]), reduction=settings["reduction"],
                targets=[float(p) for p in used_cars()[1][:N_TRAIN]])


OWN = usual_own(activations=("relu", "tanh"))


def apply(settings, action):
    return translate(settings, action, OWN)


def base(**kw):
    s = dict(seed=0, lr=0.01, standardize=True, epochs=40, batch=32, hidden=[32, 16], activation="relu",
             init="he", bias=0.0, reduction="mean")
    s.update(kw)
    return s


def suite():
    full = dict(batch=N_TRAIN, epochs=400, hidden=[64])  # their full-batch script: lr 0.1 is what works there
    tanh_big = dict(activation="tanh", hidden=[32, 32, 32])
    runs = [(f"healthy seed {k}", "healthy", base(seed=k)) for k in (0, 1, 2)]
    runs += [("healthy tanh", "healthy", base(seed=3, activation="tanh")),
             ("healthy full batch, one layer of 64, lr 0.1", "healthy", base(seed=4, lr=0.1, **full)),
             ("healthy batches of 200, lr 0.05, 150 epochs", "healthy", base(seed=5, batch=200, lr=0.05, epochs=150))]
    runs += [("full batch lr 3 (30x)", "lr_high", base(seed=6, lr=3.0, **full)),
             ("full batch lr 5 (50x)", "lr_high", base(seed=7, lr=5.0, **full)),
             ("lr 1e-4 (100x low)", "lr_low", base(seed=8, lr=1e-4)),
             ("full batch lr 0.001 (100x low)", "lr_low", base(seed=9, lr=0.001, **full)),
             ("full batch lr 0.1, absolute errors summed over all 1000", "summed",
              base(seed=10, lr=0.1, reduction="sum", **full)),
             ("full batch lr 0.3, two layers, summed over all 1000", "summed",
              base(seed=11, lr=0.3, reduction="sum", batch=N_TRAIN, epochs=300)),
             ("raw year and miles, full batch lr 0.1", "unscaled_diverging",
              base(seed=12, standardize=False, lr=0.1, **full)),
             ("raw year and miles, full batch lr 0.01", "unscaled_diverging",
              base(seed=13, standardize=False, lr=0.01, **full)),
             ("raw year and miles, lr 1e-7 to stay finite", "unscaled_conditioned",
              base(seed=14, standardize=False, lr=1e-7)),
             ("raw year and miles, one layer of 64, lr 5e-8", "unscaled_conditioned",
              base(seed=15, standardize=False, lr=5e-8, hidden=[64])),
             ("relu biases -10", "dead", base(seed=16, bias=-10.0)),
             ("relu biases -6", "dead", base(seed=17, bias=-6.0)),
             ("three tanh layers, weights N(0, 5)", "saturated", base(seed=18, init=5.0, **tanh_big)),
             ("three tanh layers, weights N(0, 3)", "saturated", base(seed=19, init=3.0, **tanh_big)),
             ("the minibatch lr 0.01 on errors summed over all 1000, full batch: a leap, then every relu off",
              "jump_stuck", base(seed=20, lr=0.01, reduction="sum", batch=N_TRAIN, epochs=300)),
             ("lr 0.003, summed over all 1000, full batch", "jump_stuck",
              base(seed=21, lr=0.003, reduction="sum", batch=N_TRAIN, epochs=300))]
    return runs
