"""Style "half_precision": an MLP whose learner keeps weights and activations in np.float16.

Written for the next held-out half (doctor_runs.WAITING) on 2026-12-07 by someone who never read or
ran the doctor. The learner read that half precision halves the memory, so every array of the net
is np.float16: the inputs, the weights and biases, the activations, the gradients. The data are
scikit-learn's breast cancer (30 measurements in their own units, "worst area" up to 4254) or a
make_classification set whose 12 columns the learner multiplied by fixed factors from 0.05 to 800
("sensor readings" in their units). A fixed shuffle splits 80/20; with "standardize" the columns
are z-scored with the training part's mean and std (in float64, then cast), without it the raw
numbers go in (float16 holds them: 4254 is under its 65504).

The net: one to four hidden layers (relu, tanh or sigmoid), a sigmoid output, the binary
cross-entropy written as naive NumPy has it, p clipped to [1e-3, 1 - 1e-3] (the learner first
wrote 1e-7, but 1 - 1e-7 is 1.0 in float16 and the loss went inf; 1e-3 is the clip that survives,
so the loss of one sample is at most 6.91). Reduction "sum" adds the batch's losses up and does not
divide the gradient by the batch size. Plain gradient descent, full batch or shuffled minibatches;
the update W -= lr * dW is done in float16 too, so an update under half a float16 step of the weight
is lost.

The log: each epoch's cost as a Python float: full batch, the loss of that epoch's forward pass (before
its update); minibatches, the mean of the epoch's batch losses. A cost that is not finite is
appended and ends training ("loss is nan, stopping"). The score is the test accuracy in points
(a prediction p > 0.5; a nan p says class 0).

Weak spots: the clipped loss cannot climb past 6.91 per sample (the sum of a batch: 6.91 times
its size), so a too-large lr on standardized data does not blow up as a float64 net would: it
bounces between near 0 and a few; the runs that end at nan are those where a float16 activation
passed 65504 (raw inputs, or a summed gradient times an lr). In float16 a too-small lr is worse
than slow: most updates round away, so the lr_low runs are nearly flat. The saturated runs (deep
tanh or sigmoid, weights N(0, 4)) have exact zeros for most derivatives (tanh rounds to 1.0 in
float16 from z = 4.2 on), but the output layer still learns on the saturated codes, so their
curves fall a little.
"""
import numpy as np

from .common import one_blas_thread, translate, usual_own

SCORE = "accuracy"
F16 = np.float16
EPS = 1e-3  # 1e-7 rounds 1 - eps to 1.0 in float16 (log(0) = -inf)
SENSOR_SCALE = [800.0, 0.05, 120.0, 3.0, 0.2, 45.0, 600.0, 1.0, 0.1, 250.0, 8.0, 30.0]
N_TRAIN = {"cancer": 455, "sensors": 480}


def load(name, standardize):
    """(Xtr, ytr, Xte, yte) in float16, y a column of 0/1: a fixed 80/20 split."""
    if name == "cancer":
        from sklearn.datasets import load_breast_cancer
        X, y = load_breast_cancer(return_X_y=True)
    else:
        from sklearn.datasets import make_classification
        X, y = make_classification(n_samples=600, n_features=12, n_informative=6, n_redundant=2,
                                   class_sep=1.0, flip_y=0.02, random_state=5)
        X = X * np.array(SENSOR_SCALE) + 2 * np.array(SENSOR_SCALE)
    order = np.random.default_rng(3).permutation(len(y))
    X, y = X[order], y[order].reshape(-1, 1)
    a = N_TRAIN[name]
    if standardize:
        X = (X - X[:a].mean(0)) / X[:a].std(0)
    return X[:a].astype(F16), y[:a].astype(F16), X[a:].astype(F16), y[a:].astype(F16)


def act(z, name):
    """The hidden activation, in float16."""
    if name == "relu":
        return np.maximum(z, F16(0))
    if name == "tanh":
        return np.tanh(z)
    return F16(1) / (F16(1) + np.exp(-z))


def act_grad(h, name):
    """Its derivative, from the activation's output h."""
    if name == "relu":
        return (h > 0).astype(F16)
    if name == "tanh":
        return F16(1) - h * h
    return h * (F16(1) - h)


def init_params(sizes, s, rng):
    """[W1, b1, W2, b2, ...] in float16; hidden biases start at s["bias"], the output's at 0."""
    params = []
    for i, (m, n) in enumerate(zip(sizes[:-1], sizes[1:])):
        std = {"he": np.sqrt(2 / m), "xavier": np.sqrt(1 / m)}.get(s["init"], s["init"])
        params.append((rng.standard_normal((m, n)) * float(std)).astype(F16))
        params.append(np.full((1, n), s["bias"] if i < len(sizes) - 2 else 0.0, dtype=F16))
    return params


def forward(params, X, activation):
    """[X, h1, ..., p]: every layer's output, p the sigmoid output."""
    hs = [X]
    for i in range(0, len(params) - 2, 2):
        hs.append(act(hs[-1] @ params[i] + params[i + 1], activation))
    z = hs[-1] @ params[-2] + params[-1]
    hs.append(F16(1) / (F16(1) + np.exp(-z)))
    return hs


def bce(p, y, reduction):
    """The binary cross-entropy of the batch, p clipped to [EPS, 1 - EPS]; summed or averaged."""
    p = np.clip(p, EPS, 1 - EPS)
    losses = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    return np.sum(losses) if reduction == "sum" else np.mean(losses)


def train_step(params, X, y, s):
    """One gradient-descent step on (X, y); returns the batch's loss (a float16 scalar)."""
    hs = forward(params, X, s["activation"])
    loss = bce(hs[-1], y, s["reduction"])
    dz = hs[-1] - y
    if s["reduction"] == "mean":
        dz = dz / F16(len(y))
    for i in range(len(params) - 2, -1, -2):
        dW, db = hs[i // 2].T @ dz, dz.sum(axis=0, keepdims=True)
        if i:
            dz = (dz @ params[i].T) * act_grad(hs[i // 2], s["activation"])
        params[i] -= s["lr"] * dW
        params[i + 1] -= s["lr"] * db
    return loss


def train(s, Xtr, ytr, rng, steps=None):
    """The learner's loop: (the per-epoch costs, the params); steps: stop after that many updates."""
    sizes = [Xtr.shape[1]] + list(s["hidden"]) + [1]
    params = init_params(sizes, s, rng)
    batch = s["batch"] or len(ytr)
    costs, t = [], 0
    for _ in range(s["epochs"]):
        order = rng.permutation(len(ytr)) if s["batch"] else np.arange(len(ytr))
        losses = []
        for k in range(0, len(ytr), batch):
            idx = order[k:k + batch]
            losses.append(float(train_step(params, Xtr[idx], ytr[idx], s)))
            t += 1
            if t == steps:
                break
        costs.append(float(np.mean(losses)))
        if not np.isfinite(costs[-1]) or t == steps:
            break  # "loss is nan, stopping"
    return costs, params


def run(settings, steps=None):
    """(the per-epoch costs, test accuracy in points); steps: stop after that many updates."""
    s = settings
    Xtr, ytr, Xte, yte = load(s["data"], s["standardize"])
    rng = np.random.default_rng(s["seed"])
    with np.errstate(all="ignore"), one_blas_thread():
        costs, params = train(s, Xtr, ytr, rng, steps)
        p = forward(params, Xte, s["activation"])[-1]
    return costs, float(100 * np.mean((p > 0.5) == (yte > 0.5)))


def known(settings):
    """What the learner says: the lr always; with tell "some" or "all" the training size, the batch and
    the updates an epoch; with "all" the loss and its reduction too."""
    out = dict(lr=settings["lr"])
    if settings["tell"] in ("some", "all"):
        n = N_TRAIN[settings["data"]]
        batch = settings["batch"] or n
        out.update(n_samples=n, batch_size=batch, every=-(-n // batch))
    if settings["tell"] == "all":
        out.update(loss="cross_entropy", reduction=settings["reduction"], n_classes=2)
    return out


OWN = usual_own(activations=("relu", "tanh", "sigmoid"))


def apply(settings, action):
    """A doctor's action as this learner applies it (lr, standardize, seed, reduction, init, bias,
    activation, epochs); any other key has no place in this code and is dropped."""
    return translate(settings, action, OWN)


def base(**kw):
    """A full-batch breast-cancer run: relu 32, lr 0.5, 150 epochs, mean loss, standardized."""
    s = dict(data="cancer", seed=0, lr=0.5, standardize=True, epochs=150, batch=None, hidden=[32],
             activation="relu", init="he", bias=0.0, reduction="mean", tell="all")
    s.update(kw)
    return s


def sensors(**kw):
    """A run on the scaled make_classification columns: as base."""
    return base(**{"data": "sensors", **kw})


def suite():
    """The 22 labelled runs: (name, cause, settings), the cause put in by the settings."""
    mb = dict(batch=32, epochs=40, lr=0.1)  # 15 minibatches an epoch
    runs = [("healthy cancer relu 32, lr 0.5", "healthy", base()),
            ("healthy cancer relu 32, lr 1, seed 1", "healthy", base(seed=1, lr=1.0, tell="some")),
            ("healthy cancer tanh 32, lr 0.5", "healthy", base(seed=4, activation="tanh", init="xavier", tell="lr")),
            ("healthy sensors relu 32, lr 0.5", "healthy", sensors(seed=2)),
            ("healthy cancer batches of 32, lr 0.1", "healthy", base(seed=5, **mb)),
            ("healthy sensors batches of 32, lr 0.1", "healthy", sensors(seed=6, tell="some", **mb))]
    runs += [("cancer lr 10 (20x)", "lr_high", base(seed=7, lr=10.0)),
             ("sensors lr 25 (50x)", "lr_high", sensors(seed=7, lr=25.0, tell="some")),
             ("sensors lr 0.005 (100x low)", "lr_low", sensors(seed=8, lr=0.005)),
             ("cancer batches of 32, lr 0.001 (100x low)", "lr_low", base(seed=8, tell="lr", **dict(mb, lr=0.001))),
             ("cancer loss summed over 455, lr 0.02", "summed", base(seed=9, lr=0.02, reduction="sum")),
             ("sensors loss summed over 480, lr 0.03", "summed",
              sensors(seed=9, lr=0.03, reduction="sum", tell="some")),
             ("raw sensors relu, lr 0.02", "unscaled_diverging", sensors(seed=10, lr=0.02, standardize=False)),
             ("raw cancer tanh, lr 0.5", "unscaled_diverging",
              base(seed=10, activation="tanh", init="xavier", standardize=False, tell="some")),
             ("raw sensors tanh, lr 0.05", "unscaled_conditioned",
              sensors(seed=10, lr=0.05, activation="tanh", init="xavier", standardize=False)),
             ("raw cancer tanh, lr 0.05", "unscaled_conditioned",
              base(seed=10, lr=0.05, activation="tanh", init="xavier", standardize=False)),
             ("cancer batches of 32, relu biases -10", "dead", base(seed=13, bias=-10.0, **mb)),
             ("sensors relu 32-16, biases -3", "dead", sensors(seed=13, bias=-3.0, hidden=[32, 16], tell="lr")),
             ("cancer sigmoid 16-16-16-16, weights N(0, 8)", "saturated",
              base(seed=14, activation="sigmoid", init=8.0, hidden=[16] * 4, epochs=80)),
             ("sensors tanh 32-32-32, weights N(0, 8)", "saturated",
              sensors(seed=14, activation="tanh", init=8.0, hidden=[32] * 3, epochs=80)),
             ("cancer relu 32-16, lr 8: a leap, then every relu off", "jump_stuck",
              base(seed=15, lr=8.0, hidden=[32, 16])),
             ("sensors relu 32-16, lr 8", "jump_stuck", sensors(seed=16, lr=8.0, hidden=[32, 16], tell="some"))]
    return runs
