"""Style "matrix_factorization": a recommender fitted by SGD on (user, item, rating) triples, RMSE printed.

Written for the next held-out half (doctor_runs.WAITING) by someone who never read or ran the
doctor. The learner makes a ratings table: 300 users and 200 items with hidden factors (rank 4)
and biases, about 15% of the cells rated, plus noise; the ratings are 1-5 stars (rounded), or a
0-100 "score" (25 points a star, rounded), or raw implicit play counts (Poisson, 0 to a few
hundred). A fixed shuffle keeps 80% of the triples for training and 20% for the test.

The model: user and item embeddings P (300 x k) and Q (200 x k), optional user and item biases,
and a prediction base + b_u + c_i + P[u] . Q[i]. "center": the base is the training ratings' mean
(forgot it: the base is 0); "standardize": the learner fits (r - mean) / std and maps back. Some
learners squash the prediction into the stars' range, lo + (hi - lo) * sigmoid(z), as in fast.ai's
y_range. P and Q start N(0, init): 0.1 in the tutorials, randn (1.0) for some. SGD over shuffled
triples, one at a time (batch 1) or in minibatches, on the squared error plus reg * (|P[u]|^2 +
|Q[i]|^2) of the rows in the batch, averaged over the batch (reduction "sum": added up).

The log: before training and after every epoch the learner prints "Epoch 5: train RMSE 0.9123"
(the whole training part, in the ratings' units, 4 decimals); the costs are those numbers parsed
back from the printed lines. A non-finite RMSE is printed and ends training. The score is the test
RMSE converted to stars (lower is better; inf when the model is not finite): the RMSE in the
ratings' units times the training stars' std over the training ratings' std in that scale (1 for
stars, about 1/24 for scores, 1/15 for counts), so runs on every scale compare with one healthy median.

Weak spots: an epoch is 56-224 minibatch updates (about 7200 one at a time), so the runs labelled
lr_high, summed and unscaled_diverging go to nan in the first epoch: their curves are two numbers,
the RMSE before training and nan (lr 10, 5x, still reached one finite epoch). The healthy train RMSE
falls from 1.11 to 0.24-0.33 (the factors overfit; test 0.52-0.68). The lr_low runs forgot the global
mean: with it, a 100x-low lr still learns the biases and scores about 1.04, not clearly worse than
the healthy median (0.65) in the test's sense. The unscaled_conditioned runs are 0-100 scores with no
global mean and an lr cut until nothing diverges (0.003, 0.0001 one at a time); they crawl from 63 to
57. There is no sigmoid or tanh layer: the saturated run is the fast.ai-style y_range sigmoid on
randn (std 1) factors with k 128, its dot products far out on the sigmoid's flat ends; it still falls
(2.6 to 1.45 train, test 1.85): a slow, not a flat, curve. The jump_stuck runs use that y_range at
lr 30 and 60: a leap from 1.15 to 2.6 in the first epoch (predictions pushed to 0.5 or 5.5), then flat.
There is no ReLU, so no run is labelled dead.
"""
import re

import numpy as np

from .common import one_blas_thread, translate

SCORE = "loss"
N_USERS, N_ITEMS, RANK, DENSITY = 300, 200, 4, 0.15
LINE = re.compile(r"Epoch (\d+): train RMSE (\S+)")


def ratings(scale):
    """(users, items, r) of every rated cell in the learner's units: "stars" 1-5, "score" 0-100, "counts"."""
    rng = np.random.default_rng(2024)
    U, V = rng.normal(0, 0.7, (N_USERS, RANK)), rng.normal(0, 0.7, (N_ITEMS, RANK))
    bu, bi = rng.normal(0, 0.4, N_USERS), rng.normal(0, 0.5, N_ITEMS)
    users, items = np.nonzero(rng.random((N_USERS, N_ITEMS)) < DENSITY)
    raw = 3.3 + bu[users] + bi[items] + np.sum(U[users] * V[items], 1) + rng.normal(0, 0.3, len(users))
    if scale == "score":
        r = np.clip(np.round(25 * (raw - 1)), 0, 100)
    elif scale == "counts":
        r = rng.poisson(np.exp(0.9 * (np.clip(raw, 0, 6) - 1))).astype(float)
    else:
        r = np.clip(np.round(raw), 1, 5)
    return users, items, r


def split(scale):
    """(train, test): each (users, items, r), a fixed 80/20 shuffle of the triples."""
    users, items, r = ratings(scale)
    order = np.random.default_rng(7).permutation(len(r))
    a = int(0.8 * len(r))
    tr, te = order[:a], order[a:]
    return (users[tr], items[tr], r[tr]), (users[te], items[te], r[te])


def init_model(s, r_train, rng):
    """The learner's parameters: P, Q, biases, and how targets map to ratings (base, unit, squash range)."""
    std = float(s["init"])
    m = dict(P=rng.normal(0, std, (N_USERS, s["k"])), Q=rng.normal(0, std, (N_ITEMS, s["k"])),
             bu=np.zeros(N_USERS), bi=np.zeros(N_ITEMS), base=0.0, unit=1.0, squash=None)
    if s["standardize"]:
        m["base"], m["unit"] = float(r_train.mean()), float(r_train.std())
    elif s["center"]:
        m["base"] = float(r_train.mean())
    if s["squash"]:
        m["squash"] = (float(r_train.min()) - 0.5, float(r_train.max()) + 0.5)
    return m


def predict(m, u, i):
    """The predicted ratings (the learner's units) of the pairs (u, i), and dprediction/dz."""
    z = m["bu"][u] + m["bi"][i] + np.sum(m["P"][u] * m["Q"][i], -1)
    if m["squash"]:
        lo, hi = m["squash"]
        sig = 1 / (1 + np.exp(-z))
        return lo + (hi - lo) * sig, (hi - lo) * sig * (1 - sig)
    return m["base"] + m["unit"] * z, np.full_like(z, m["unit"])


def sgd_batch(m, u, i, r, s):
    """One SGD step on the triples (u, i, r): squared error (in target units) plus the L2 penalty."""
    pred, dz = predict(m, u, i)
    g = 2 * (pred - r) / m["unit"] * dz / m["unit"]  # d/dz of ((pred - r) / unit)^2
    scale = s["lr"] / (1 if s["reduction"] == "sum" else len(r))
    Pu, Qi = m["P"][u], m["Q"][i]
    gP = g[:, None] * Qi + 2 * s["reg"] * Pu
    gQ = g[:, None] * Pu + 2 * s["reg"] * Qi
    np.add.at(m["P"], u, -scale * gP)
    np.add.at(m["Q"], i, -scale * gQ)
    if s["biases"]:
        np.add.at(m["bu"], u, -scale * g)
        np.add.at(m["bi"], i, -scale * g)


def sgd_one(m, u, i, r, s):
    """One SGD step on a single triple, written the way the classic Funk-SVD loop is."""
    P, Q = m["P"], m["Q"]
    pred, dz = predict(m, u, i)
    err = (r - pred) / m["unit"] * dz / m["unit"]
    pu = P[u].copy()
    P[u] += s["lr"] * (2 * err * Q[i] - 2 * s["reg"] * pu)
    Q[i] += s["lr"] * (2 * err * pu - 2 * s["reg"] * Q[i])
    if s["biases"]:
        m["bu"][u] += s["lr"] * 2 * err
        m["bi"][i] += s["lr"] * 2 * err


def rmse(m, data):
    """The RMSE of the model on (users, items, r), in the ratings' units."""
    u, i, r = data
    pred, _ = predict(m, u, i)
    return float(np.sqrt(np.mean((pred - r) ** 2)))


def train(s, data, rng, steps=None):
    """The learner's loop; returns (the printed lines, the model)."""
    u, i, r = data
    m = init_model(s, r, rng)
    lines, t = [f"Epoch 0: train RMSE {rmse(m, data):.4f}"], 0
    for epoch in range(1, s["epochs"] + 1):
        order = rng.permutation(len(r))
        for k in range(0, len(r), s["batch"]):
            idx = order[k:k + s["batch"]]
            if s["batch"] == 1:
                sgd_one(m, u[idx[0]], i[idx[0]], r[idx[0]], s)
            else:
                sgd_batch(m, u[idx], i[idx], r[idx], s)
            t += 1
            if t == steps:
                break
        err = rmse(m, data)
        lines.append(f"Epoch {epoch}: train RMSE {err:.4f}")
        if not np.isfinite(err) or t == steps:
            break
    return lines, m


def run(settings, steps=None):
    """(the train RMSEs parsed back from the printed lines, test RMSE); steps: stop after that many updates."""
    s = settings
    train_part, test_part = split(s["scale"])
    rng = np.random.default_rng(s["seed"])
    with np.errstate(all="ignore"), one_blas_thread():
        lines, m = train(s, train_part, rng, steps)
        score = rmse(m, test_part)
    costs = [float(LINE.match(line).group(2)) for line in lines]
    score *= star_factor(s["scale"])
    return costs, score if np.isfinite(score) else float("inf")


def star_factor(scale):
    """Stars per unit of the scale: the training ratings' spread in stars over their spread in that scale."""
    return float(split("stars")[0][2].std() / split(scale)[0][2].std())


def known(settings):
    """lr, the training triples, the batch, the updates between lines; the reduction and range when told."""
    n_train = int(0.8 * len(ratings(settings["scale"])[2]))
    batch = settings["batch"]
    out = dict(lr=settings["lr"], n_samples=n_train, batch_size=batch, every=-(-n_train // batch))
    if settings["tell"] in ("loss", "all"):
        out.update(loss="squared", reduction=settings["reduction"])
    if settings["tell"] == "all":
        out["targets"] = {"stars": [1, 5], "score": [0, 100]}.get(settings["scale"], [0, 400])
    return out


def set_init(settings, value):
    """weight_init: a number is the std of P and Q; xavier and he are read as 1/sqrt(k) and sqrt(2/k)."""
    k = settings["k"]
    names = {"xavier": np.sqrt(1 / k), "glorot": np.sqrt(1 / k), "he": np.sqrt(2 / k)}
    try:
        settings["init"] = float(names.get(value, value))
    except (TypeError, ValueError):
        pass  # a scheme this learner's randn * std line cannot express


def set_standardize(settings, value):
    """standardize: the learner z-scores the ratings (and drops the squash, which the z-scores do not need)."""
    settings["standardize"] = bool(value)
    if value:
        settings["squash"] = False


OWN = {"reduction": lambda s, v: s.update(reduction=v), "weight_init": set_init,
       "epochs": lambda s, v: s.update(epochs=int(v))}


def apply(settings, action):
    """A doctor's action as this learner applies it (lr, standardize, seed, reduction, init, epochs)."""
    s = translate(settings, {k: v for k, v in action.items() if k != "standardize"}, OWN)
    if "standardize" in action:
        set_standardize(s, action["standardize"])
    return s


def base(**kw):
    """A stars run: centred, biases, k 10, factors N(0, 0.1), batches of 64, mean loss, 20 epochs."""
    s = dict(scale="stars", seed=0, lr=2.0, reg=0.02, k=10, init=0.1, batch=64, epochs=20, center=True,
             standardize=False, biases=True, squash=False, reduction="mean", tell="loss")
    s.update(kw)
    return s


def suite():
    """The 20 labelled runs: (name, cause, settings), the cause put in by the settings."""
    funk = dict(batch=1, lr=0.03, epochs=10)  # the classic one-triple-at-a-time loop: ~7200 updates an epoch
    raw = dict(center=False)  # the learner forgot the global mean: the biases and factors must learn it
    fastai = dict(center=False, squash=True)  # predictions squashed into (0.5, 5.5) by a sigmoid
    runs = [("healthy stars, batches of 64, lr 2", "healthy", base()),
            ("healthy stars standardized, seed 1", "healthy", base(seed=1, standardize=True, tell="none")),
            ("healthy stars, no global mean, batches of 128, lr 4", "healthy", base(seed=2, batch=128, lr=4.0, **raw)),
            ("healthy stars, one triple at a time, lr 0.03", "healthy", base(seed=3, tell="all", **funk)),
            ("healthy stars, sigmoid y_range", "healthy", base(seed=4, **fastai)),
            ("healthy stars, summed over batches of 32, lr 0.05", "healthy",
             base(seed=5, batch=32, lr=0.05, reduction="sum", tell="all")),
            ("healthy 0-100 scores standardized", "healthy", base(seed=6, scale="score", standardize=True))]
    runs += [("stars lr 40 (20x)", "lr_high", base(seed=7, lr=40.0)),
             ("stars one at a time, lr 1 (33x)", "lr_high", base(seed=8, tell="none", **dict(funk, lr=1.0))),
             ("stars no global mean, lr 0.02 (100x low)", "lr_low", base(seed=9, lr=0.02, **raw)),
             ("stars no global mean, one at a time, lr 0.0003 (100x low)", "lr_low",
              base(seed=10, **dict(funk, lr=0.0003, **raw))),
             ("stars squared error summed over batches of 64, lr 2", "summed",
              base(seed=11, reduction="sum", tell="all")),
             ("stars summed over batches of 128, lr 1", "summed",
              base(seed=12, reduction="sum", batch=128, lr=1.0, tell="none")),
             ("0-100 scores centred, lr 2", "unscaled_diverging", base(seed=13, scale="score")),
             ("raw play counts, no global mean, lr 2", "unscaled_diverging", base(seed=14, scale="counts", **raw)),
             ("0-100 scores, no global mean, lr cut to 0.003", "unscaled_conditioned",
              base(seed=15, scale="score", lr=0.003, **raw)),
             ("0-100 scores, no global mean, one at a time, lr 0.0001", "unscaled_conditioned",
              base(seed=16, scale="score", **dict(funk, lr=0.0001, **raw))),
             ("stars sigmoid y_range, k 128, randn factors", "saturated", base(seed=17, k=128, init=1.0, **fastai)),
             ("stars sigmoid y_range, lr 30: a leap to the range's ends", "jump_stuck",
              base(seed=18, lr=30.0, **fastai)),
             ("stars sigmoid y_range, batches of 32, lr 60", "jump_stuck",
              base(seed=19, lr=60.0, batch=32, tell="all", **fastai))]
    return runs
