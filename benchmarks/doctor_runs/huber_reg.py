"""Style "huber_reg": a script-like regression trained on the Huber (or absolute) loss.

The learner predicts a building's daily heating energy (in tens of kWh) from its floor area
(m²), the outdoor temperature (°C), the number of occupants, the thermostat setting (°C) and
the insulation's U-value (W/m²K), all in those units unless the learner standardizes them. Having
read that squared error lets a few odd days dominate, the learner uses `np.where(|r| <= delta,
0.5 r², delta (|r| - 0.5 delta))` (or `|r|` when `loss="l1"`) and its gradient
`np.clip(r, -delta, delta)` (or `np.sign(r)`). The net is four loose arrays `W1, b1, W2, b2`, a
ReLU hidden layer, the output bias started at the median target. The loop goes over shuffled
minibatches; before the first epoch and after each one the learner computes the loss on the
whole training set and appends it to `train_losses`: those are the learner's costs. The loss is neither squared error
nor cross-entropy, so the learner does not name it to the doctor.
"""
import numpy as np

from .common import bias_setter, init_setter, one_blas_thread, setter, translate

SCORE = "loss"
N_TRAIN = 600


def buildings(n, rng):
    """X (n, 5): m², °C outside, occupants, °C thermostat, U-value; y (n,): tens of kWh a day."""
    area = rng.uniform(60, 900, n)
    outside = rng.uniform(-12, 18, n)
    people = rng.integers(1, 60, n).astype(float)
    thermostat = rng.uniform(17, 24, n)
    u = rng.uniform(0.15, 1.8, n)
    heat = 0.0009 * area * u * np.maximum(thermostat - outside, 0) * 2.4 - 0.03 * people + 1.0
    noise = rng.standard_t(3, n) * 0.3  # heavy-tailed odd days: why the learner chose Huber
    return np.column_stack([area, outside, people, thermostat, u]), heat + noise


def loss_and_slope(r, kind, delta):
    if kind == "l1":
        return np.abs(r), np.sign(r)
    small = np.abs(r) <= delta
    return np.where(small, 0.5 * r * r, delta * (np.abs(r) - 0.5 * delta)), np.clip(r, -delta, delta)


def run(settings, steps=None):
    s = settings
    X, y = buildings(N_TRAIN + 300, np.random.default_rng(7))
    X_train, X_test, y_train, y_test = X[:N_TRAIN], X[N_TRAIN:], y[:N_TRAIN], y[N_TRAIN:]
    if s.get("standardize", False):
        mean, std = X_train.mean(0), X_train.std(0)
        X_train, X_test = (X_train - mean) / std, (X_test - mean) / std
    rng = np.random.default_rng(s["seed"])
    h = s["hidden"]
    std1 = {"he": np.sqrt(2 / 5), "xavier": np.sqrt(2 / (5 + h))}.get(s["init"], s["init"])
    W1 = rng.normal(0, float(std1), (5, h))
    b1 = np.full(h, float(s["bias"]))
    W2 = rng.normal(0, np.sqrt(1 / h), (h, 1))
    b2 = np.array([np.median(y_train)])
    bs = s["batch_size"] or N_TRAIN
    def train_loss():
        pred = (np.maximum(X_train @ W1 + b1, 0) @ W2 + b2)[:, 0]
        return float(np.mean(loss_and_slope(pred - y_train, s["loss"], s["delta"])[0]))

    updates = 0
    with np.errstate(all="ignore"), one_blas_thread():
        train_losses = [train_loss()]  # "epoch 0": where the net starts
        for epoch in range(s["epochs"]):
            idx_all = rng.permutation(N_TRAIN)
            for i in range(0, N_TRAIN, bs):
                idx = idx_all[i:i + bs]
                z1 = X_train[idx] @ W1 + b1
                a1 = np.maximum(z1, 0)
                r = (a1 @ W2 + b2)[:, 0] - y_train[idx]
                _, g = loss_and_slope(r, s["loss"], s["delta"])
                g = (g if s["reduction"] == "sum" else g / len(idx))[:, None]
                dz1 = (g @ W2.T) * (z1 > 0)
                W2 -= s["lr"] * a1.T @ g
                b2 -= s["lr"] * g.sum(0)
                W1 -= s["lr"] * X_train[idx].T @ dz1
                b1 -= s["lr"] * dz1.sum(0)
                updates += 1
                if updates == steps:
                    break
            train_losses.append(train_loss())
            if updates == steps or not np.isfinite(train_losses[-1]):
                break
        test_pred = (np.maximum(X_test @ W1 + b1, 0) @ W2 + b2)[:, 0]
        mae = float(np.mean(np.abs(test_pred - y_test)))
    return train_losses, mae if np.isfinite(mae) else float("inf")


def known(settings):
    bs = settings["batch_size"] or N_TRAIN
    _, y = buildings(N_TRAIN + 300, np.random.default_rng(7))
    return dict(lr=settings["lr"], n_samples=N_TRAIN, batch_size=bs, every=-(-N_TRAIN // bs),
                reduction=settings["reduction"], targets=[round(float(v), 4) for v in y[:N_TRAIN]])


OWN = {"reduction": setter("reduction"), "weight_init": init_setter("init", ("he", "xavier")),
       "bias_init": bias_setter("bias"), "epochs": setter("epochs", int)}


def apply(settings, action):
    return translate(settings, action, OWN)


def base(**kw):
    s = dict(lr=0.05, seed=0, standardize=True, batch_size=30, epochs=40, hidden=32, init="he", bias=0.0,
             loss="huber", delta=1.0, reduction="mean")
    s.update(kw)
    return s


def full(**kw):
    return base(**{"batch_size": None, "epochs": 800, "lr": 0.3, **kw})


def suite():
    runs = [(f"healthy minibatch seed {k}", "healthy", base(seed=k)) for k in (0, 1)]
    runs += [("healthy l1 minibatch", "healthy", base(seed=2, loss="l1", epochs=60)),
             ("healthy full batch", "healthy", full(seed=3)),
             ("healthy full batch l1", "healthy", full(seed=4, loss="l1"))]
    runs += [("lr 0.0005 minibatch (100x low)", "lr_low", base(lr=0.0005, seed=5)),
             ("lr 0.003 full batch (100x low)", "lr_low", full(lr=0.003, seed=6)),
             ("loss summed over all 600, full batch", "summed", full(reduction="sum", seed=7)),
             ("l1 summed over all 600, full batch", "summed", full(reduction="sum", loss="l1", seed=8)),
             ("raw units, lr cut to 1e-5 until it stopped blowing up", "unscaled_conditioned",
              base(standardize=False, lr=1e-5, seed=9)),
             ("raw units full batch lr 1e-4", "unscaled_conditioned", full(standardize=False, lr=1e-4, seed=10)),
             ("hidden biases -6", "dead", base(bias=-6.0, seed=11)),
             ("hidden biases -6 full batch", "dead", full(bias=-6.0, seed=12)),
             ("lr 5 minibatch (100x): the first steps kill every unit", "dead", base(lr=5.0, seed=13)),
             ("lr 20 full batch (66x): jumps, every unit dies, stuck", "jump_stuck", full(lr=20.0, seed=14)),
             ("lr 100 full batch (330x): jumps, then bounces between two costs", "jump_stuck", full(lr=100.0, seed=15)),
             ("l1 lr 100 full batch (330x): jumps, then bounces between two costs", "jump_stuck",
              full(lr=100.0, loss="l1", seed=16))]
    return runs
