"""Style "lag_load": next-hour electricity load from lagged loads, logged as a table of rows.

Written for the next held-out half (doctor_runs.WAITING) by someone who never read or ran the
doctor. The learner forecasts a city's load (megawatts, around 800) one hour ahead without any
recurrent net: each sample is the last 12 hourly loads (MW) and the temperature (degrees F), a
plain feature table fed to a one-hidden-layer MLP. Train on the first 1100 hours, test on the
later 300 (a time split; only the training minibatches are shuffled). With "standardize" they
z-score the features and the target on the training hours and train in those units; without it
the MW and degrees go in raw and the squared error is in MW^2. SGD with momentum 0.9, minibatches
of 64 (or the whole 1100), squared error averaged over the batch (reduction "sum": added up).
At step 0 and every `every` updates after it they append a dict ``{"step", "epoch", "lr",
"avg_loss"}`` to a `log` list (they mean to turn it into a DataFrame), where "avg_loss" is the
mean of the batch losses since the previous row (the first row: the first batch's loss, before
any update): the costs are that column. A non-finite batch loss ends training. The score is
the test mean squared error in MW^2 divided by the test load's variance (1 - R^2, lower is better).
"""
import numpy as np

from .common import activation_setter, bias_setter, init_setter, one_blas_thread, setter, translate

SCORE = "loss"
LAGS, N_TRAIN, N_TEST = 12, 1100, 300


def city_load(hours, seed=7):
    """Hourly temperature (F) and load (MW): daily and weekly cycles, heat and cold both raise it."""
    rng = np.random.default_rng(seed)
    h = np.arange(hours)
    temp = 62 + 14 * np.sin(2 * np.pi * (h - 9) / 24) + 8 * np.sin(2 * np.pi * h / 700) + rng.normal(0, 2, hours)
    noise = np.zeros(hours)
    for t in range(1, hours):  # AR(1) wander, so yesterday's lags carry information
        noise[t] = 0.8 * noise[t - 1] + rng.normal(0, 12)
    load = (800 + 140 * np.sin(2 * np.pi * (h - 14) / 24) - 70 * (h % 168 >= 120)
            + 0.35 * (temp - 65) ** 2 + noise)
    return temp, load


def table(standardize):
    """Lag table: X (n, 13) = 12 past loads and this hour's temperature, y (n,) = this hour's load."""
    temp, load = city_load(LAGS + N_TRAIN + N_TEST)
    X = np.column_stack([load[LAGS - k:len(load) - k] for k in range(1, LAGS + 1)] + [temp[LAGS:]])
    y = load[LAGS:]
    mu, sd, ym, ys = X[:N_TRAIN].mean(0), X[:N_TRAIN].std(0), y[:N_TRAIN].mean(), y[:N_TRAIN].std()
    if not standardize:
        mu, sd, ym, ys = np.zeros(X.shape[1]), np.ones(X.shape[1]), 0.0, 1.0
    Z, t = (X - mu) / sd, (y - ym) / ys
    return Z[:N_TRAIN], t[:N_TRAIN], Z[N_TRAIN:], y[N_TRAIN:], (ym, ys)


def _act(name):
    if name == "tanh":
        return np.tanh, lambda h: 1 - h * h
    return (lambda z: np.maximum(z, 0)), (lambda h: (h > 0).astype(float))


def run(settings, steps=None):
    s = settings
    Xtr, ttr, Xte, yte, (ym, ys) = table(s.get("standardize", True))
    rng = np.random.default_rng(s["seed"])
    std = {"he": np.sqrt(2 / (LAGS + 1)), "xavier": np.sqrt(1 / (LAGS + 1))}.get(s["init"], s["init"])
    P = {"W1": rng.normal(0, float(std), (LAGS + 1, s["hidden"])), "b1": np.full(s["hidden"], float(s["bias"])),
         "w2": rng.normal(0, np.sqrt(1 / s["hidden"]), s["hidden"]), "b2": np.zeros(1)}
    V = {k: np.zeros_like(v) for k, v in P.items()}
    f, df = _act(s["act"])
    total = steps or s["epochs"] * -(-N_TRAIN // s["batch"])
    log, since, t = [], [], 0
    with np.errstate(all="ignore"), one_blas_thread():
        for epoch in range(s["epochs"]):
            order = rng.permutation(N_TRAIN)
            for k in range(0, N_TRAIN, s["batch"]):
                idx = order[k:k + s["batch"]]
                h = f(Xtr[idx] @ P["W1"] + P["b1"])
                err = h @ P["w2"] + P["b2"] - ttr[idx]
                loss = float(np.sum(err ** 2) if s["reduction"] == "sum" else np.mean(err ** 2))
                g = 2 * err / (1 if s["reduction"] == "sum" else len(idx))
                dz = np.outer(g, P["w2"]) * df(h)
                grads = {"W1": Xtr[idx].T @ dz, "b1": dz.sum(0), "w2": h.T @ g, "b2": g.sum(keepdims=True)}
                for key in P:
                    V[key] = 0.9 * V[key] + grads[key]
                    P[key] -= s["lr"] * V[key]
                since.append(loss)
                if t % s["every"] == 0 or t + 1 == total or not np.isfinite(loss):  # step 0: the first batch alone
                    log.append({"step": t, "epoch": epoch, "lr": s["lr"], "avg_loss": float(np.mean(since))})
                    since = []
                t += 1
                if t == total or not np.isfinite(loss):
                    break
            if t == total or not np.isfinite(loss):
                break
        pred = (f(Xte @ P["W1"] + P["b1"]) @ P["w2"] + P["b2"]) * ys + ym
        score = float(np.mean((pred - yte) ** 2) / np.var(yte))
    return [row["avg_loss"] for row in log], score if np.isfinite(score) else float("inf")


def known(settings):
    return dict(lr=settings["lr"], n_samples=N_TRAIN, batch_size=settings["batch"], every=settings["every"],
                loss="squared", reduction=settings["reduction"],
                targets=[float(v) for v in city_load(LAGS + N_TRAIN)[1][LAGS:]])


OWN = {"reduction": setter("reduction"), "weight_init": init_setter("init", ("he", "xavier")),
       "bias_init": bias_setter("bias"), "epochs": setter("epochs", int),
       "activation": activation_setter("act", ("relu", "tanh"))}


def apply(settings, action):
    return translate(settings, action, OWN)


def base(**kw):
    s = dict(lr=0.01, seed=0, standardize=True, epochs=30, batch=64, every=10, hidden=32, act="relu", init="he",
             bias=0.0, reduction="mean")
    s.update(kw)
    return s


def suite():
    tanh = dict(act="tanh", init="xavier")
    runs = [(f"healthy seed {k}", "healthy", base(seed=k)) for k in (0, 1, 2)]
    runs += [("healthy tanh xavier", "healthy", base(seed=3, **tanh)),
             ("healthy full batch, lr 0.05, 300 steps", "healthy", base(seed=4, batch=N_TRAIN, lr=0.05, epochs=300)),
             ("healthy 64 wide, lr 0.02", "healthy", base(seed=5, hidden=64, lr=0.02))]
    runs += [("lr 0.2 (20x)", "lr_high", base(seed=6, lr=0.2)),
             ("tanh lr 0.5 (50x)", "lr_high", base(seed=7, lr=0.5, **tanh)),
             ("lr 1e-4 (100x low)", "lr_low", base(seed=8, lr=1e-4)),
             ("tanh lr 1e-4 (100x low)", "lr_low", base(seed=9, lr=1e-4, **tanh)),
             ("squared errors summed over batches of 64", "summed", base(seed=10, reduction="sum")),
             ("summed over all 1100 hours, full batch, lr 0.05", "summed",
              base(seed=11, reduction="sum", batch=N_TRAIN, lr=0.05, epochs=300)),
             ("raw MW and degrees, lr 0.01", "unscaled_diverging", base(seed=12, standardize=False)),
             ("raw MW and degrees, lr 0.001", "unscaled_diverging", base(seed=13, standardize=False, lr=0.001)),
             ("raw MW and degrees, lr 5e-10 so it stays finite", "unscaled_conditioned",
              base(seed=14, standardize=False, lr=5e-10)),
             ("raw MW and degrees into tanh, lr 1e-4", "unscaled_conditioned",
              base(seed=15, standardize=False, lr=1e-4, **tanh)),
             ("relu biases -5", "dead", base(seed=16, bias=-5.0)),
             ("relu biases -6, 64 wide", "dead", base(seed=17, bias=-6.0, hidden=64)),
             ("raw MW, lr 1e-5: a leap, then every relu off, predicting 0 MW", "jump_stuck",
              base(seed=18, standardize=False, lr=1e-5)),
             ("raw MW, lr 1e-6", "jump_stuck", base(seed=19, standardize=False, lr=1e-6))]
    return runs
