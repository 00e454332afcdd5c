"""Style "ordinal_regression": a cumulative-link (ordered logit) MLP on graded data, its printed lines parsed back.

Written for a later held-out half (doctor_runs.WAITING) by someone who never read or ran the
doctor. The learner grades rows of a make_regression table (700 rows, 8 features, a fixed seed)
into K = 6 (or 5 or 7) ordered levels, the target cut at its quantiles, like a 0-5 quality
grade. The features are z-scored with the training part's mean and std, or left in made-up units
(each column scaled by 0.2 to 600 and shifted). A fixed 70/30 split: 490 training, 210 test rows.

The model: an MLP (1-3 hidden relu, tanh or sigmoid layers) ending in one score f (no bias) and
K - 1 thresholds theta, started at np.linspace(-2, 2, K - 1) and learned with the weights (not
forced to stay ordered). P(level <= k) = sigmoid(theta_k - f), so
    P(level = k) = sigmoid(theta_k - f) - sigmoid(theta_{k-1} - f)
and the loss is the negative log-likelihood -log(P(observed level) + 1e-9), averaged over the
minibatch (reduction "sum": added up over it). Minibatch SGD, optionally with momentum; a hand
written backward pass.

The log: at the start of every `every`-th epoch (epoch 0 first, before any update) and once at the
end, the learner prints "epoch   10 | nll 1.2345 | val mae 0.812" with the whole training part's
mean NLL (whatever the reduction used in training) and the test MAE in levels. A nan or inf NLL
is printed and ends training. The costs are the NLLs parsed back from those lines (rounded to four
decimals, as printed); the score is the test mean absolute error in levels (lower is better),
the predicted level being the number of thresholds the score f passes.

Weak spots: the thresholds are not kept ordered, so a too-large step (lr 10, or the NLL summed
over 64 or 490 rows) crosses them within the first epoch, P(level) goes negative and the next
printed NLL is nan: those lr_high and summed curves are two numbers, a start and a nan. A relu net
at lr 5-10 instead leaps to 17.1-17.4 (-log 1e-9 for most rows, where the gradient vanishes) and
stays: labelled jump_stuck; whether a given seed does that or goes nan is a matter of the seed
(seed 20 at lr 5 sticks; 18, 21, 22 go nan). Raw features into tanh at lr 0.2 wander around their
start (1.8-3.3) rather than climb. Healthy runs end at a test MAE of 0.16-0.22 levels.
"""
import contextlib
import io
import re

import numpy as np

from .common import one_blas_thread, translate, usual_own

SCORE = "loss"
N_ROWS, N_TRAIN = 700, 490
UNITS = np.array([0.2, 3.0, 15.0, 600.0, 1.0, 80.0, 0.5, 250.0])
SHIFT = np.array([1.0, 20.0, -40.0, 2000.0, 0.0, 500.0, 3.0, 900.0])
LINE = re.compile(r"epoch\s+\d+ \| nll (\S+) \|")


def load(standardize, levels):
    """(Xtr, ytr, Xte, yte): features and integer levels 0..K-1, split 70/30."""
    from sklearn.datasets import make_regression
    X, t = make_regression(n_samples=N_ROWS, n_features=8, n_informative=6, noise=15.0, random_state=5)
    cuts = np.quantile(t, np.linspace(0, 1, levels + 1)[1:-1])
    y = np.searchsorted(cuts, t)
    X = X * UNITS + SHIFT
    if standardize:
        X = (X - X[:N_TRAIN].mean(0)) / X[:N_TRAIN].std(0)
    return X[:N_TRAIN], y[:N_TRAIN], X[N_TRAIN:], y[N_TRAIN:]


def sigmoid(z):
    """The logistic function."""
    return 1 / (1 + np.exp(-z))


ACT = {"relu": (lambda z: np.maximum(z, 0), lambda h: (h > 0).astype(float)),
       "tanh": (np.tanh, lambda h: 1 - h * h),
       "sigmoid": (sigmoid, lambda h: h * (1 - h))}


def init_model(n_in, s, rng):
    """{"layers": [[W, b], ...], "w": the score's weights, "theta": K - 1 thresholds}."""
    sizes = [n_in] + list(s["hidden"])
    layers = []
    for m, n in zip(sizes[:-1], sizes[1:]):
        std = {"he": np.sqrt(2 / m), "xavier": np.sqrt(1 / m)}.get(s["init"], s["init"])
        layers.append([rng.normal(0, float(std), (m, n)), np.full(n, float(s["bias"]))])
    return {"layers": layers, "w": rng.normal(0, np.sqrt(1 / sizes[-1]), sizes[-1]),
            "theta": np.linspace(-2, 2, s["levels"] - 1)}


def forward(model, X, activation):
    """(hs, f): the layers' outputs [X, h1, ...] and the score of each row."""
    hs = [X]
    for W, b in model["layers"]:
        hs.append(ACT[activation][0](hs[-1] @ W + b))
    return hs, hs[-1] @ model["w"]


def level_probs(f, theta, y):
    """(P(observed level), the upper and lower cumulative terms' sigmoids, or 1 and 0 beyond the ends)."""
    n = len(f)
    edges = np.concatenate([[-np.inf], theta, [np.inf]])
    upper = sigmoid(edges[y + 1] - f)
    lower = sigmoid(edges[y] - f)
    upper[y == len(theta)] = 1.0
    lower[y == 0] = 0.0
    return upper - lower, upper, lower, np.arange(n)


def nll(model, X, y, s):
    """The mean negative log-likelihood of the levels y over the rows X (what the learner prints)."""
    f = forward(model, X, s["activation"])[1]
    p = level_probs(f, model["theta"], y)[0]
    return float(np.mean(-np.log(p + 1e-9)))


def gradients(model, X, y, s):
    """The gradients of the batch loss (mean or sum of -log(p + 1e-9)) in the model's shape."""
    hs, f = forward(model, X, s["activation"])
    p, up, lo, _ = level_probs(f, model["theta"], y)
    scale = 1.0 if s["reduction"] == "sum" else 1.0 / len(y)
    dp = -scale / (p + 1e-9)  # d loss / d p
    d_up, d_lo = up * (1 - up), lo * (1 - lo)  # sigmoid' of the two terms (0 at the open ends)
    df = dp * -(d_up - d_lo)
    K1 = len(model["theta"])
    g_theta = np.zeros(K1)
    inner = y < K1
    np.add.at(g_theta, y[inner], (dp * d_up)[inner])
    np.add.at(g_theta, y[y > 0] - 1, -(dp * d_lo)[y > 0])
    g = {"w": hs[-1].T @ df, "theta": g_theta, "layers": []}
    dh = np.outer(df, model["w"])
    for i in range(len(model["layers"]) - 1, -1, -1):
        d = dh * ACT[s["activation"]][1](hs[i + 1])
        g["layers"].insert(0, [hs[i].T @ d, d.sum(0)])
        dh = d @ model["layers"][i][0].T
    return g


def update(model, g, vel, s):
    """One SGD (momentum) step: v = mu * v - lr * g; param += v."""
    flat = [(model, "w", g["w"], vel, "w"), (model, "theta", g["theta"], vel, "theta")]
    for i, (pw, gw) in enumerate(zip(model["layers"], g["layers"])):
        flat += [(pw, 0, gw[0], vel["layers"][i], 0), (pw, 1, gw[1], vel["layers"][i], 1)]
    for owner, key, grad, vowner, vkey in flat:
        vowner[vkey] = s["momentum"] * vowner[vkey] - s["lr"] * grad
        owner[key] = owner[key] + vowner[vkey]


def predict(model, X, activation):
    """The predicted level of each row: how many thresholds its score passes."""
    f = forward(model, X, activation)[1]
    return (f[:, None] > model["theta"][None, :]).sum(1)


def report(epoch, model, data, s):
    """Print the learner's line; return the training NLL."""
    Xtr, ytr, Xte, yte = data
    loss = nll(model, Xtr, ytr, s)
    mae = np.mean(np.abs(predict(model, Xte, s["activation"]) - yte))
    print(f"epoch {epoch:4d} | nll {loss:.4f} | val mae {mae:.3f}")
    return loss


def train(s, data, rng, steps=None):
    """The learner's loop, printing as it goes; returns the model."""
    Xtr, ytr = data[0], data[1]
    model = init_model(Xtr.shape[1], s, rng)
    vel = {"w": 0.0, "theta": 0.0, "layers": [[0.0, 0.0] for _ in model["layers"]]}
    t = 0
    for epoch in range(s["epochs"]):
        if epoch % s["every"] == 0 and not np.isfinite(report(epoch, model, data, s)):
            return model
        order = rng.permutation(len(ytr))
        for k in range(0, len(ytr), s["batch"]):
            idx = order[k:k + s["batch"]]
            update(model, gradients(model, Xtr[idx], ytr[idx], s), vel, s)
            t += 1
            if t == steps:
                report(epoch + 1, model, data, s)
                return model
    report(s["epochs"], model, data, s)
    return model


def run(settings, steps=None):
    """(the NLLs parsed from the printed lines, the test MAE in levels); steps: stop after that many updates."""
    s = settings
    data = load(s["standardize"], s["levels"])
    rng = np.random.default_rng(s["seed"])
    out = io.StringIO()
    with np.errstate(all="ignore"), one_blas_thread(), contextlib.redirect_stdout(out):
        model = train(s, data, rng, steps)
        mae = float(np.mean(np.abs(predict(model, data[2], s["activation"]) - data[3])))
    costs = [float(m.group(1)) for m in LINE.finditer(out.getvalue())]
    return costs, mae


def known(settings):
    """lr, the training size, the batch, the updates between printed lines; the reduction and levels when told."""
    per_epoch = -(-N_TRAIN // settings["batch"])
    out = dict(lr=settings["lr"], n_samples=N_TRAIN, batch_size=settings["batch"],
               every=settings["every"] * per_epoch)
    if settings["tell"]:
        out.update(reduction=settings["reduction"], n_classes=settings["levels"])
    return out


OWN = usual_own(activations=tuple(ACT))


def apply(settings, action):
    """A doctor's action as this learner applies it (lr, standardize, seed, reduction, init, bias, activation,
    epochs); a key this code has no knob for is dropped."""
    return translate(settings, action, OWN)


def base(**kw):
    """Six levels, a tanh 32 net, minibatches of 32, lr 0.05, 60 epochs, a line every 5."""
    s = dict(seed=0, lr=0.05, momentum=0.0, batch=32, epochs=60, every=5, hidden=[32], activation="tanh",
             init="xavier", bias=0.0, levels=6, standardize=True, reduction="mean", tell=True)
    s.update(kw)
    return s


def suite():
    """The labelled runs: (name, cause, settings), the cause put in by the settings."""
    relu = dict(activation="relu", init="he")
    full = dict(batch=N_TRAIN, epochs=300, every=10)  # one update an epoch
    runs = [("healthy tanh 32, lr 0.2", "healthy", base(seed=0, lr=0.2)),
            ("healthy tanh 32, momentum 0.9, lr 0.02", "healthy", base(seed=1, lr=0.02, momentum=0.9, tell=False)),
            ("healthy relu 32-16, lr 0.2", "healthy", base(seed=2, lr=0.2, hidden=[32, 16], **relu)),
            ("healthy full batch, lr 0.5", "healthy", base(seed=3, lr=0.5, **full)),
            ("healthy seven levels, lr 0.2", "healthy", base(seed=4, lr=0.2, levels=7, tell=False)),
            ("lr 10 (50x), a line every epoch", "lr_high", base(seed=5, lr=10.0, every=1)),
            ("full batch, lr 10 (20x), a line every epoch", "lr_high",
             base(seed=6, lr=10.0, **dict(full, every=1))),
            ("lr 0.002 (100x low), 30 epochs", "lr_low", base(seed=7, lr=0.002, epochs=30)),
            ("full batch, lr 0.005 (100x low)", "lr_low", base(seed=8, lr=0.005, tell=False, **full)),
            ("nll summed over batches of 64, lr 0.2", "summed", base(seed=9, lr=0.2, batch=64, reduction="sum")),
            ("nll summed over all 490 rows, lr 0.5", "summed", base(seed=10, lr=0.5, reduction="sum", **full)),
            ("raw features, tanh, lr 0.2, a line every epoch", "unscaled_diverging",
             base(seed=11, lr=0.2, standardize=False, every=1)),
            ("raw features, sigmoid, lr 0.2", "unscaled_conditioned",
             base(seed=12, lr=0.2, standardize=False, activation="sigmoid")),
            ("raw features, tanh, lr 0.002", "unscaled_conditioned",
             base(seed=13, lr=0.002, standardize=False, tell=False)),
            ("relu 32, biases -10", "dead", base(seed=14, lr=0.2, bias=-10.0, **relu)),
            ("relu 32-16, momentum 0.9, biases -6", "dead",
             base(seed=15, lr=0.02, momentum=0.9, hidden=[32, 16], bias=-6.0, **relu)),
            ("sigmoid 32-32-32, weights N(0, 8)", "saturated",
             base(seed=16, lr=0.2, activation="sigmoid", hidden=[32, 32, 32], init=8.0)),
            ("tanh 32-32-32, weights N(0, 6)", "saturated", base(seed=17, lr=0.2, hidden=[32, 32, 32], init=6.0)),
            ("relu 32-16, lr 5: a leap, then every row's level at p = 0", "jump_stuck",
             base(seed=20, lr=5.0, hidden=[32, 16], **relu)),
            ("relu 64-32, lr 10, a line every epoch", "jump_stuck",
             base(seed=19, lr=10.0, hidden=[64, 32], every=1, tell=False, **relu))]
    return runs
