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
is lost. The dtype is one setting ("float16"; the learner's DTYPE line), so a doctor who says
float32 is heard; every run here is float16.

The log: each epoch's cost as a Python float: full batch, the loss of that epoch's forward pass (before
its update); minibatches, the mean of the epoch's batch losses. A cost that is not finite is
appended and ends training ("loss is nan, stopping"). The score is the test accuracy in points
(a prediction p > 0.5; a nan p says class 0).

Weak spots: the clipped loss cannot climb past 6.91 per sample (a summed loss: 6.91 times the
training size), so a too-large lr does not blow up as a float64 net's would: the runs labelled
lr_high, summed and unscaled_diverging end at nan only once a float16 activation passes 65504, and
their curves are short (5 to 7 records: 0.84 2.27 4.33 2.42 4.23 nan; 450 1740 1160 1980 nan); the
raw-cancer tanh run (unscaled_diverging) is the long one, bouncing between 0.66 and 2.6 for 150
epochs. Minibatch runs were left out of those causes: float16 has a cliff there (batches of 32 train
at lr 3 and are nan within the first epoch at lr 4, so the epoch's mean is the only record). In
float16 a too-small lr loses most updates to rounding: the lr_low runs creep (sensors 0.85 -> 0.68
in 150 epochs; cancer batches 1.16 -> 0.38 in 40, which halves, as a slow healthy run would). The
saturated runs (deep sigmoid or tanh, weights N(0, 8) in every layer) start high (3.6-4.4: the
output's logits are huge and clipped) and fall slowly as the output layer shrinks, while most
hidden derivatives are exact zeros (tanh rounds to 1.0 from z = 4.55 on); they end at 0.6-1.6, not
flat. The jump_stuck runs (relu 32-16 at lr 8) leap to 3-3.5, then every relu is off and the loss
sits at 0.66-0.70 (the class balance) for 140 epochs. Repairs: the summed runs at a mean loss keep
an lr 25 times too small (82-89 points); the deep sigmoid cancer net with xavier weights still sits
on its plateau after 80 float16 epochs (61 points).
Checked (no doctor): every run, and again with lr x0.9, x1.1 and the seed +100 and +1000, shows its
cause (labels.looks_like); the healthy runs scored 93.0-95.6 (median 94.5, 91-96 under those
changes), and each problem run at least 11 points under the median (the cancer lr_low run, 83.3;
87 with the seed +100). The suite runs in about 15 s on one thread (float16 matmuls have no BLAS).
"""
import numpy as np

from .common import activation_setter, one_blas_thread, translate, usual_own

SCORE = "accuracy"
EPS = 1e-3  # 1e-7 rounds 1 - eps to 1.0 in float16 (log(0) = -inf)
SENSOR_SCALE = [800.0, 0.05, 120.0, 3.0, 0.2, 45.0, 600.0, 1.0, 0.1, 250.0, 8.0, 30.0]
N_TRAIN = {"cancer": 455, "sensors": 480}


def load(name, standardize, dtype="float16"):
    """(Xtr, ytr, Xte, yte) in dtype (float16), y a column of 0/1: a fixed 80/20 split."""
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
    return X[:a].astype(dtype), y[:a].astype(dtype), X[a:].astype(dtype), y[a:].astype(dtype)


def act(z, name):
    """The hidden activation, in z's dtype (NumPy 2 keeps float16 with Python numbers)."""
    if name == "relu":
        return np.maximum(z, 0)
    if name == "tanh":
        return np.tanh(z)
    return 1 / (1 + np.exp(-z))


def act_grad(h, name):
    """Its derivative, from the activation's output h."""
    if name == "relu":
        return (h > 0).astype(h.dtype)
    if name == "tanh":
        return 1 - h * h
    return h * (1 - h)


def init_params(sizes, s, rng):
    """[W1, b1, W2, b2, ...] in s["dtype"]; hidden biases start at s["bias"], the output's at 0."""
    params = []
    for i, (m, n) in enumerate(zip(sizes[:-1], sizes[1:])):
        std = {"he": np.sqrt(2 / m), "xavier": np.sqrt(1 / m)}.get(s["init"], s["init"])
        params.append((rng.standard_normal((m, n)) * float(std)).astype(s["dtype"]))
        params.append(np.full((1, n), s["bias"] if i < len(sizes) - 2 else 0.0, dtype=s["dtype"]))
    return params


def forward(params, X, activation):
    """[X, h1, ..., p]: every layer's output, p the sigmoid output."""
    hs = [X]
    for i in range(0, len(params) - 2, 2):
        hs.append(act(hs[-1] @ params[i] + params[i + 1], activation))
    z = hs[-1] @ params[-2] + params[-1]
    hs.append(1 / (1 + np.exp(-z)))
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
        dz = dz / len(y)
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
    Xtr, ytr, Xte, yte = load(s["data"], s["standardize"], s["dtype"])
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
OWN["dtype"] = activation_setter("dtype", ("float16", "float32", "float64"))  # the one line DTYPE = np.float16


def set_sizes(settings, sizes):
    """An action's layer sizes (input first, output last): the hidden ones are the learner's `hidden`."""
    settings["hidden"] = [int(n) for n in list(sizes)[1:-1]]


OWN["sizes"] = set_sizes


def apply(settings, action):
    """A doctor's action as this learner applies it (lr, standardize, seed, reduction, init, bias,
    activation, epochs, dtype, hidden sizes); any other key has no place in this code and is dropped."""
    return translate(settings, action, OWN)


def base(**kw):
    """A full-batch breast-cancer run: relu 32, lr 0.5, 150 epochs, mean loss, standardized."""
    s = dict(data="cancer", seed=0, lr=0.5, standardize=True, epochs=150, batch=None, hidden=[32],
             activation="relu", init="he", bias=0.0, reduction="mean", tell="all", dtype="float16")
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
