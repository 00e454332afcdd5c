"""Style "focal_imbalanced": a rare-class detector trained with the focal loss, the epoch means kept in `losses`.

Written on 2026-12-07 for the next held-out half (doctor_runs.WAITING) by someone who never read or
ran the doctor. The learner detects a rare class: a make_classification table (2000 rows, 16
features, 6 informative and 4 redundant, 10% positives, or 5% for "synthetic95", 1% of labels
flipped), or scikit-learn's breast cancer with malignant as the positive class, cut down to 42 of
its 212 malignant rows so that 10.5% are positive (30 measurements in their own units, mean area
up to 2500, unless standardized). A stratified 70/30 split (1400 or 279 training rows); with
"standardize" the features are z-scored with the training part's mean and std. The net: one to
three hidden layers (relu, leaky relu with slope 0.01, or sigmoid), He, Xavier (std sqrt(1/fan_in))
or N(0, std) weights, hidden biases starting at one number, and one sigmoid output. The loss is
the focal loss of Lin et al. (2017), FL = -alpha_t (1 - p_t)^gamma log(p_t), p clipped to
[1e-7, 1 - 1e-7], gamma 2 and alpha 0.25 for the positives as in the paper (gamma 0 with alpha
0.9-0.95 is the plain class-weighted binary cross-entropy some learners use instead), the mean over
the batch (reduction "sum": .sum()); its gradient with respect to the output's logit is worked out
by hand. Minibatch SGD over a reshuffled order each epoch (batch None: the whole training part each
step), optionally with momentum 0.9 (v = 0.9 v - lr g; w += v).

The log: the loss of each batch is taken before its update, and at the end of every epoch the mean
of that epoch's batch losses is appended to a list `losses`; a non-finite mean ends training. The
costs are `losses`; the score is the balanced accuracy (the mean of both classes' recalls, at the
threshold 0.5) on the test part, in points. known(): a learner who tells all ("tell": "all") gives
lr, the training size, batch, updates per entry, the reduction, 2 classes and targets 0/1 (and
loss "cross_entropy" only for gamma 0: the focal loss is not a cross-entropy's level); "some" gives
lr and the batch; "none" gives nothing.

Levels: the focal loss is small. A healthy run's first point is 0.04-0.13 and its last
0.001-0.016; the best constant guess on the 10% data sits at 0.031-0.032; an untrained full-batch
point can be up to 0.7 (He weights can give large output logits). Two levels recur in the broken
runs: 0.42, every row called negative with certainty (0.25 * 16.1 * 10.4% positives), and 10.83,
every row called positive with certainty (0.75 * 16.1 * 89.6%); a summed loss shows them times the
number of rows (588 = 0.42 * 1400; 117 and 2200-2500 on the 279 cancer rows).

Weak spots: the minibatch curves are epoch means, so a blow-up in the first epoch is inside the
first point; that is why the lr_high, summed and jump_stuck runs are full batch (their first point
is the untrained loss), and why no minibatch run at 20x its lr is here (leaky relu at lr 8-10: nan
in the first epoch for some seeds, after 14-31 epochs for others; relu at lr 10-100: the first
epoch's mean is the highest point and the relus die). The dead runs, the saturated runs and the relu
unscaled_conditioned run ("raw cancer, relu 16, momentum") give nearly the same curve: a fall in the
first epochs onto the constant-guess level (0.027-0.032) and a flat line (the raw inputs kill the
relus in the first updates; the saturated sigmoid 64-8 nets' outputs learn only the class balance).
The first jump_stuck run leaps to 0.42 and sits there, leaving it for 3-4 epochs about every 30 (the
output bias walks back across and is thrown out again), so most of its 300 points are 0.42 (with
lr x0.9 its last point is 0.06); the second (weighted BCE, lr 100) leaps from 0.14-0.18 to 1.0-1.5,
then every relu is off and the output bias steps across its best value each update: a period-2
bounce between two fixed levels (0.32 and 0.41 up to 0.35 and 0.55) to the end. "relu 32-16, full
batch, lr 60" (lr_high) leaps to 0.42-2.9, slides down and then cycles 0.04-0.14 with a period of
4; with lr x1.1 it settles flat at 0.095 after the leap, a jump_stuck shape. The summed runs and
the leaky relu lr_high run go between 0.42 and 10.83 (times N when summed), and the summed ones end
at nan after 7 (1400 rows: a curve of 7 points) or 77-80 (cancer) epochs. The raw-cancer
unscaled_diverging runs bounce at 0.9-1.8 (weighted BCE) or 3.5-9 (focal, then nan after 24-56
epochs): never down. Repaired by hand (lr x0.05 or x100, reduction mean, standardize, bias 0,
Xavier), the problem runs scored 67-92 (the saturated ones 67-71, below the healthy median).
Balanced accuracy moves in steps of 0.8 (63 test positives), 1.5 (34) or 3.8 points (13 cancer
positives).
Checked (no doctor): every run, and again with lr x0.9, x1.1 and the seed +100 and +1000, shows its
cause (labels.looks_like); the healthy median was 76.7-79.5 points (healthy runs 69.8-92.3), and
each problem run scored at least 10 points under it (the closest: the leaky relu lr_high run at
67.6 with lr x0.9; nearly all problem runs score 46-57).
"""
import numpy as np

from .common import one_blas_thread, setter, translate

SCORE = "accuracy"
N_TRAIN = {"synthetic90": 1400, "synthetic95": 1400, "cancer": 279}  # the 70% split
EPS = 1e-7  # the learner's clip on p before taking logs


def load(name, standardize):
    """(Xtr, ytr, Xte, yte), y in {0, 1} with 1 the rare class, a stratified 70/30 split."""
    from sklearn.datasets import load_breast_cancer, make_classification
    from sklearn.model_selection import train_test_split
    if name == "cancer":
        X, y = load_breast_cancer(return_X_y=True)
        y = 1 - y  # malignant is 0 in sklearn: make it the positive class
        keep = np.random.default_rng(5).permutation(np.flatnonzero(y == 1))[:42]
        rows = np.sort(np.concatenate([np.flatnonzero(y == 0), keep]))
        X, y = X[rows], y[rows]
    else:
        rare = 0.05 if name == "synthetic95" else 0.1
        X, y = make_classification(n_samples=2000, n_features=16, n_informative=6, n_redundant=4, weights=[1 - rare],
                                   flip_y=0.01, class_sep=1.2, random_state=7)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, stratify=y, random_state=0)
    if standardize:
        mu, sd = Xtr.mean(0), Xtr.std(0)
        Xtr, Xte = (Xtr - mu) / sd, (Xte - mu) / sd
    return Xtr, ytr.astype(float), Xte, yte.astype(float)


def sigmoid(z):
    """1 / (1 + e^-z)."""
    return 1 / (1 + np.exp(-z))


ACT = {"relu": (lambda z: np.maximum(z, 0), lambda z, h: (z > 0).astype(float)),
       "leaky_relu": (lambda z: np.where(z > 0, z, 0.01 * z), lambda z, h: np.where(z > 0, 1.0, 0.01)),
       "sigmoid": (sigmoid, lambda z, h: h * (1 - h))}


def init_params(sizes, s, rng):
    """[[W, b]] per layer; hidden biases start at s["bias"], the output's at 0."""
    params = []
    for i, (m, n) in enumerate(zip(sizes[:-1], sizes[1:])):
        std = {"he": np.sqrt(2 / m), "xavier": np.sqrt(1 / m)}.get(s["init"], s["init"])
        b = np.full(n, float(s["bias"]) if i < len(sizes) - 2 else 0.0)
        params.append([rng.normal(0, float(std), (m, n)), b])
    return params


def forward(params, X, act):
    """(zs, hs): each layer's pre-activations and outputs, hs[0] = X, hs[-1] = p."""
    f = ACT[act][0]
    zs, hs = [], [X]
    for i, (W, b) in enumerate(params):
        z = hs[-1] @ W + b
        zs.append(z)
        hs.append(sigmoid(z) if i == len(params) - 1 else f(z))
    return zs, hs


def focal_loss(p, y, alpha, gamma, reduction):
    """FL = -alpha_t (1 - p_t)^gamma log(p_t), averaged (or summed) over the batch; p clipped."""
    p = np.clip(p.ravel(), EPS, 1 - EPS)
    pt = np.where(y == 1, p, 1 - p)
    at = np.where(y == 1, alpha, 1 - alpha)
    fl = -at * (1 - pt) ** gamma * np.log(pt)
    return fl.sum() if reduction == "sum" else fl.mean()


def focal_grad(p, y, alpha, gamma, reduction):
    """d FL / d z of the output logit, worked out by hand: sign * alpha_t (1-p_t)^g (g p_t log p_t - (1-p_t))."""
    p = np.clip(p.ravel(), EPS, 1 - EPS)
    pt = np.where(y == 1, p, 1 - p)
    at = np.where(y == 1, alpha, 1 - alpha)
    sign = 2 * y - 1
    g = sign * at * (1 - pt) ** gamma * (gamma * pt * np.log(pt) - (1 - pt))
    return (g if reduction == "sum" else g / len(y))[:, None]


def backward(params, zs, hs, y, s):
    """[[dW, db]] for one batch."""
    d = focal_grad(hs[-1], y, s["alpha"], s["gamma"], s["reduction"])
    grads = []
    for i in range(len(params) - 1, -1, -1):
        grads.append([hs[i].T @ d, d.sum(0)])
        if i:
            d = (d @ params[i][0].T) * ACT[s["activation"]][1](zs[i - 1], hs[i])
    return grads[::-1]


def train(s, Xtr, ytr, rng, steps=None):
    """The learner's loop: minibatch SGD (or momentum), `losses` the mean batch loss of each epoch."""
    params = init_params([Xtr.shape[1]] + list(s["hidden"]) + [1], s, rng)
    velocity = [[np.zeros_like(W), np.zeros_like(b)] for W, b in params]
    batch = s["batch"] or len(ytr)
    losses, t = [], 0
    for epoch in range(s["epochs"]):
        order = rng.permutation(len(ytr))
        batch_losses = []
        for k in range(0, len(ytr), batch):
            idx = order[k:k + batch]
            zs, hs = forward(params, Xtr[idx], s["activation"])
            batch_losses.append(focal_loss(hs[-1], ytr[idx], s["alpha"], s["gamma"], s["reduction"]))
            for (W, b), (dW, db), v in zip(params, backward(params, zs, hs, ytr[idx], s), velocity):
                v[0] = s["momentum"] * v[0] - s["lr"] * dW
                v[1] = s["momentum"] * v[1] - s["lr"] * db
                W += v[0]
                b += v[1]
            t += 1
            if t == steps:
                break
        losses.append(float(np.mean(batch_losses)))
        if t == steps or not np.isfinite(losses[-1]):
            break
    return losses, params


def balanced_accuracy(y, pred):
    """The mean of the recalls of both classes, in points."""
    return float(50 * (np.mean(pred[y == 1] == 1) + np.mean(pred[y == 0] == 0)))


def run(settings, steps=None):
    """(losses, balanced accuracy on the test split in points); steps: stop after that many updates."""
    s = settings
    Xtr, ytr, Xte, yte = load(s["data"], s["standardize"])
    rng = np.random.default_rng(s["seed"])
    with np.errstate(all="ignore"), one_blas_thread():
        losses, params = train(s, Xtr, ytr, rng, steps)
        p = forward(params, Xte, s["activation"])[1][-1].ravel()
    return losses, balanced_accuracy(yte, (p > 0.5).astype(float))


def known(settings):
    """What this learner can tell: all it knows (tell "all"), its lr and batch ("some"), or nothing."""
    s = settings
    n = N_TRAIN[s["data"]]
    batch = s["batch"] or n
    if s["tell"] == "none":
        return {}
    if s["tell"] == "some":
        return dict(lr=s["lr"], batch_size=batch)
    out = dict(lr=s["lr"], n_samples=n, batch_size=batch, every=-(-n // batch), reduction=s["reduction"],
               n_classes=2, targets=[0, 1])
    if s["gamma"] == 0:  # gamma 0 is the alpha-weighted binary cross-entropy
        out["loss"] = "cross_entropy"
    return out


def _init(settings, value):
    """weight_init: he or xavier by name, a number as the std of N(0, std); another scheme is not in this code."""
    if value in ("he", "xavier"):
        settings["init"] = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        settings["init"] = float(value)


def _bias(settings, value):
    """bias_init: one starting number for the hidden biases ("none", "0", "zeros": 0.0); a range (U(0,1)) is
    not in this code."""
    names = {"none": 0.0, "zero": 0.0, "zeros": 0.0}
    try:
        settings["bias"] = names[value] if value in names else float(value)
    except (TypeError, ValueError):
        pass


def _optimizer(settings, value):
    """optimizer: plain SGD (momentum 0) or SGD with momentum 0.9; any other rule is not in this code."""
    if value in ("sgd", "momentum"):
        settings["momentum"] = 0.0 if value == "sgd" else (settings["momentum"] or 0.9)


OWN = {"reduction": setter("reduction"), "weight_init": _init, "bias_init": _bias, "epochs": setter("epochs", int),
       "activation": lambda s, v: s.update(activation=v) if v in ACT else None, "optimizer": _optimizer}


def apply(settings, action):
    """A doctor's action as this learner applies it: lr, standardize, seed, reduction, init, bias, activation,
    epochs, optimizer; a key it has no knob for is dropped."""
    return translate(settings, action, OWN)


def base(**kw):
    """Minibatches of 32 from the 10%-positive table, relu 32-16, He init, focal loss (gamma 2, alpha 0.25), lr 0.5."""
    s = dict(data="synthetic90", seed=0, lr=0.5, standardize=True, epochs=60, batch=32, hidden=[32, 16],
             activation="relu", init="he", bias=0.0, gamma=2.0, alpha=0.25, reduction="mean", momentum=0.0,
             tell="all")
    s.update(kw)
    return s


def suite():
    """The 22 labelled runs: (name, cause, settings), the cause put in by the settings."""
    full = dict(batch=None, epochs=300)  # the whole training split each step
    raw = dict(data="cancer", standardize=False, hidden=[16])
    runs = [("healthy relu 32-16, batches of 32", "healthy", base()),
            ("healthy relu 32-16, full batch, lr 2", "healthy", base(seed=2, lr=2.0, tell="some", **full)),
            ("healthy cancer relu 16, momentum 0.9, batches of 16", "healthy",
             base(seed=3, data="cancer", hidden=[16], batch=16, momentum=0.9, lr=0.05)),
            ("healthy sigmoid 32-16, xavier, lr 5", "healthy",
             base(seed=4, activation="sigmoid", init="xavier", lr=5.0, tell="none")),
            ("healthy 5% positives, weighted BCE (alpha 0.95, gamma 0)", "healthy",
             base(seed=5, data="synthetic95", alpha=0.95, gamma=0.0)),
            ("healthy weighted BCE (alpha 0.9, gamma 0), leaky relu 64", "healthy",
             base(seed=6, alpha=0.9, gamma=0.0, activation="leaky_relu", hidden=[64], tell="none"))]
    runs += [("leaky relu 64, full batch, lr 60 (30x)", "lr_high",
              base(seed=8, activation="leaky_relu", hidden=[64], lr=60.0, tell="some", **full)),
             ("relu 32-16, full batch, lr 60 (30x)", "lr_high", base(seed=9, lr=60.0, **full)),
             ("relu, lr 0.005 (100x low)", "lr_low", base(seed=10, lr=0.005)),
             ("relu, full batch, lr 0.02 (100x low)", "lr_low", base(seed=11, lr=0.02, tell="some", **full)),
             ("leaky relu, full batch, lr 2, focal loss summed over 1400", "summed",
              base(seed=12, activation="leaky_relu", lr=2.0, reduction="sum", **full)),
             ("cancer leaky relu 16, full batch, focal loss summed over 279", "summed",
              base(seed=13, data="cancer", hidden=[16], activation="leaky_relu", lr=1.0, reduction="sum",
                   tell="none", **full)),
             ("raw cancer, leaky relu 16, lr 0.5", "unscaled_diverging",
              base(seed=14, activation="leaky_relu", **raw)),
             ("raw cancer, leaky relu 16, weighted BCE (alpha 0.9, gamma 0)", "unscaled_diverging",
              base(seed=15, activation="leaky_relu", gamma=0.0, alpha=0.9, tell="some", **raw)),
             ("raw cancer, sigmoid 16, lr 5", "unscaled_conditioned",
              base(seed=16, activation="sigmoid", init="xavier", lr=5.0, **raw)),
             ("raw cancer, relu 16, momentum 0.9, lr 0.05", "unscaled_conditioned",
              base(seed=17, batch=16, momentum=0.9, lr=0.05, tell="none", **raw)),
             ("relu 32-16, batches of 64, hidden biases -4", "dead", base(seed=18, batch=64, bias=-4.0)),
             ("relu 64, full batch, lr 2, hidden biases -3", "dead",
              base(seed=19, hidden=[64], bias=-3.0, lr=2.0, tell="some", **full)),
             ("sigmoid 64-8, weights N(0, 5), lr 3", "saturated",
              base(seed=20, activation="sigmoid", hidden=[64, 8], init=5.0, lr=3.0)),
             ("sigmoid 64-8, weights N(0, 6), lr 5", "saturated",
              base(seed=21, activation="sigmoid", hidden=[64, 8], init=6.0, lr=5.0, tell="some")),
             ("relu 32-16, full batch, lr 200: a leap, then flat", "jump_stuck", base(seed=22, lr=200.0, **full)),
             ("weighted BCE (alpha 0.9, gamma 0), relu 32-16, full batch, lr 100", "jump_stuck",
              base(seed=23, gamma=0.0, alpha=0.9, lr=100.0, tell="none", **full))]
    return runs
