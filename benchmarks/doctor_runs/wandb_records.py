"""Style "wandb_records": an MLP whose learner logs records like an experiment tracker and hands over the list.

Written on 2026-12-07 for the next held-out half (doctor_runs.WAITING) by someone who never read or
ran the doctor. The learner classifies scikit-learn's iris (4 features, 3 classes), wine (13
chemical measurements in their own units, proline up to 1680, 3 classes), the 8x8 digits (64 pixels
0-16, 10 classes) or "blobs", a make_classification table (1500 rows, 20 features, 4 classes, one
cluster each), split 80/20 with stratification into training and validation parts. With
"standardize" the features are z-scored with the training part's mean and std (+1e-8 for the blank
pixels); without it the raw numbers go in. The net: two to five hidden layers (relu, gelu in its
tanh approximation, tanh or sigmoid), weights He, Xavier (std sqrt(2/(fan_in+fan_out))) or
rng.standard_normal(...) * std (some learners use 1.0), hidden biases starting at one number, and a
softmax over the logits; the loss is the cross-entropy from a log-softmax (the row maximum taken
off), the batch's mean (reduction "sum": the batch's sum), backpropagated by hand. Plain minibatch
SGD over a reshuffled order each epoch, no momentum; optionally a step decay (the lr halves every
`decay_every` epochs).

The log: the batch loss (before that batch's update) and accuracy are added to running sums, and
at every `log_every`-th step (step 0 first, so the first record is the first batch alone) the
learner appends {"step": step, "epoch": epoch, "train/loss": mean loss since the last record,
"train/acc": mean batch accuracy, "lr": the lr then} to a list `log`, as it would call
wandb.log(...); a non-finite "train/loss" is logged and ends training. The costs are that list of
dicts as it is (labels.curve reads its "train/loss" values); the score is the validation accuracy in
points. known(): a learner who tells all ("tell": "all") gives lr (the schedule's start), the
logging interval as every, the number of classes, the training size, the batch, loss
"cross_entropy" and the reduction; "some" gives lr, every and the classes; "none" gives nothing.

Levels: ln 3 = 1.10 (iris, wine), ln 4 = 1.39 (blobs), ln 10 = 2.30 (digits) are the constant
guesses; a fresh He-init relu net starts above them (the first record is one batch: 2.4-3.9 on the
digits), a healthy run ends at 0.0007-0.06. A summed loss is the mean times the batch (64 on the
digits, 120 rows of iris in one batch).

Weak spots: the first record is a single batch and the others are means over `log_every` steps, so
a blow-up inside the first interval is averaged in: the digits jump_stuck run logs every 5 steps so
that its leap shows (to 7-16 in the means with lr x0.9-1.1, from a first batch at 3.46); logged
every 10 or 20 steps its leap came under 1.5x the first record for some of those lrs. After the
leap it sits at 2.31-2.33 (every relu off), as the dead runs do from the start (2.24-2.30, blobs
1.386): the two give the same flat tail. The
wine jump_stuck run (lr 2) leaps to 1e182 in the second record and then sits at 1.08-1.15; with lr
x1.1 it ends at nan in its third record instead (a diverging curve). The raw-wine runs start at
40-430 (one batch of raw proline through He weights), leap to 1e3-1e6, and then the gelu ones
(unscaled_diverging) bounce at 1.2-50 for the rest of the run without coming down to ln 3 (with
the seed +1000 the first of them settles at 1.1-1.3), while the tanh one (unscaled_conditioned)
sits at 1.07-1.12 from the second record on. The raw-digits run (unscaled_conditioned) falls from
10-18 to 0.5-2.3 and scores 10-76: a curve that goes down, only far above a healthy one. The saturated
runs (tanh, five layers of 64, randn * 1.0) start at 5-14 (the output layer's logits are large too)
and fall slowly to 0.26-1.0 by the end: down 10-40x, like a slow healthy run, and they score 71-86
against 94-98. The wine lr_high run (sigmoid, lr 30) scored 88.9 with lr x0.9 (median 96.9). The
validation parts are small for iris (30) and wine (36): accuracies move in steps of 3.3 and 2.8.
Repaired by hand (lr x0.05 or x100, reduction mean, standardize, bias 0, Xavier), the problem runs
scored 92-98.
Checked (no doctor): every run, and again with lr x0.9, x1.1 and the seed +100 and +1000, shows its
cause (labels.looks_like); the healthy median was 96.9-97.2 points (healthy runs 91.7-97.8), and
each problem run scored at least 8 points under it.
"""
import numpy as np

from .common import one_blas_thread, setter, translate

SCORE = "accuracy"
N_CLASSES = {"iris": 3, "wine": 3, "digits": 10, "blobs": 4}
N_TRAIN = {"iris": 120, "wine": 142, "digits": 1437, "blobs": 1200}  # the 80% kept for training


def load(name, standardize):
    """(Xtr, ytr, Xval, yval): a stratified 80/20 split of iris, wine, the 8x8 digits or a 4-class table."""
    from sklearn.datasets import load_digits, load_iris, load_wine, make_classification
    from sklearn.model_selection import train_test_split
    if name == "blobs":
        X, y = make_classification(n_samples=1500, n_features=20, n_informative=8, n_redundant=4, n_classes=4,
                                   n_clusters_per_class=1, class_sep=1.5, random_state=3)
    else:
        X, y = {"iris": load_iris, "wine": load_wine, "digits": load_digits}[name](return_X_y=True)
    Xtr, Xval, ytr, yval = train_test_split(X.astype(float), y, test_size=0.2, stratify=y, random_state=42)
    if standardize:
        mu, sd = Xtr.mean(0), Xtr.std(0)
        Xtr, Xval = (Xtr - mu) / (sd + 1e-8), (Xval - mu) / (sd + 1e-8)  # +1e-8: blank pixels of the digits
    return Xtr, ytr, Xval, yval


def gelu(z):
    """GELU, the tanh approximation."""
    return 0.5 * z * (1 + np.tanh(0.7978845608 * (z + 0.044715 * z ** 3)))


def gelu_grad(z):
    """d gelu / dz of the tanh approximation."""
    t = np.tanh(0.7978845608 * (z + 0.044715 * z ** 3))
    return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * 0.7978845608 * (1 + 3 * 0.044715 * z * z)


ACT = {"relu": (lambda z: np.maximum(z, 0), lambda z, h: (z > 0).astype(float)),
       "gelu": (gelu, lambda z, h: gelu_grad(z)),
       "tanh": (np.tanh, lambda z, h: 1 - h * h),
       "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z, h: h * (1 - h))}


def init_model(sizes, s, rng):
    """{"W": [...], "b": [...]}: He, Xavier or randn * std weights; hidden biases s["bias"], the output's 0."""
    W, b = [], []
    for i, (m, n) in enumerate(zip(sizes[:-1], sizes[1:])):
        std = {"he": np.sqrt(2 / m), "xavier": np.sqrt(2 / (m + n))}.get(s["init"], s["init"])
        W.append(rng.standard_normal((m, n)) * float(std))
        b.append(np.full(n, float(s["bias"]) if i < len(sizes) - 2 else 0.0))
    return {"W": W, "b": b}


def forward(model, X, act):
    """(zs, hs): the pre-activations and the layers' outputs, hs[0] = X, hs[-1] the logits."""
    f = ACT[act][0]
    zs, hs = [], [X]
    last = len(model["W"]) - 1
    for i, (W, b) in enumerate(zip(model["W"], model["b"])):
        zs.append(hs[-1] @ W + b)
        hs.append(zs[-1] if i == last else f(zs[-1]))
    return zs, hs


def cross_entropy(logits, y, reduction):
    """(loss, softmax probabilities): -log softmax(logits)[y], averaged over the batch (or summed)."""
    z = logits - logits.max(1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(1, keepdims=True))
    nll = -logp[np.arange(len(y)), y]
    return (nll.sum() if reduction == "sum" else nll.mean()), np.exp(logp)


def sgd_step(model, zs, hs, probs, y, lr, s):
    """Backprop of the cross-entropy and one SGD step on every W and b."""
    d = probs.copy()
    d[np.arange(len(y)), y] -= 1
    if s["reduction"] != "sum":
        d /= len(y)
    for i in range(len(model["W"]) - 1, -1, -1):
        dW, db = hs[i].T @ d, d.sum(0)
        if i:
            d = (d @ model["W"][i].T) * ACT[s["activation"]][1](zs[i - 1], hs[i])
        model["W"][i] -= lr * dW
        model["b"][i] -= lr * db


def lr_at(s, epoch):
    """The schedule: lr halves every s["decay_every"] epochs (None: constant)."""
    return s["lr"] * 0.5 ** (epoch // s["decay_every"]) if s["decay_every"] else s["lr"]


def train(s, Xtr, ytr, rng, steps=None):
    """The learner's loop: every log_every steps a record of the mean loss and accuracy since the last one."""
    model = init_model([Xtr.shape[1]] + list(s["hidden"]) + [N_CLASSES[s["data"]]], s, rng)
    log, step = [], 0
    run_loss, run_acc, count = 0.0, 0.0, 0
    for epoch in range(s["epochs"]):
        lr = lr_at(s, epoch)
        order = rng.permutation(len(ytr))
        for k in range(0, len(ytr), s["batch_size"]):
            idx = order[k:k + s["batch_size"]]
            zs, hs = forward(model, Xtr[idx], s["activation"])
            loss, probs = cross_entropy(hs[-1], ytr[idx], s["reduction"])
            sgd_step(model, zs, hs, probs, ytr[idx], lr, s)
            run_loss, run_acc, count = run_loss + loss, run_acc + np.mean(probs.argmax(1) == ytr[idx]), count + 1
            if step % s["log_every"] == 0 or step + 1 == steps:
                log.append({"step": step, "epoch": epoch, "train/loss": float(run_loss / count),
                            "train/acc": float(run_acc / count), "lr": lr})
                run_loss, run_acc, count = 0.0, 0.0, 0
                if not np.isfinite(log[-1]["train/loss"]):
                    return log, model
            step += 1
            if step == steps:
                return log, model
    return log, model


def run(settings, steps=None):
    """(the list of records, validation accuracy in points); steps: stop after that many updates, with a record."""
    s = settings
    Xtr, ytr, Xval, yval = load(s["data"], s["standardize"])
    rng = np.random.default_rng(s["seed"])
    with np.errstate(all="ignore"), one_blas_thread():
        log, model = train(s, Xtr, ytr, rng, steps)
        pred = forward(model, Xval, s["activation"])[1][-1].argmax(1)
    return log, float(100 * np.mean(pred == yval))


def known(settings):
    """What this learner can tell: all its config ("tell": "all"), the lr, logging interval and classes ("some"),
    or nothing."""
    s = settings
    if s["tell"] == "none":
        return {}
    out = dict(lr=s["lr"], every=s["log_every"], n_classes=N_CLASSES[s["data"]])
    if s["tell"] == "all":
        out.update(n_samples=N_TRAIN[s["data"]], batch_size=s["batch_size"], loss="cross_entropy",
                   reduction=s["reduction"])
    return out


def _init(settings, value):
    """weight_init: he or xavier by name, a number as the std of randn * std; another scheme is not in this code."""
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


OWN = {"reduction": setter("reduction"), "weight_init": _init, "bias_init": _bias, "epochs": setter("epochs", int),
       "activation": lambda s, v: s.update(activation=v) if v in ACT else None}


def apply(settings, action):
    """A doctor's action as this learner applies it: lr (the schedule's start), standardize, seed, reduction,
    init, bias, activation, epochs; a key it has no knob for is dropped."""
    return translate(settings, action, OWN)


def base(**kw):
    """The 8x8 digits, relu 128-64, He init, batches of 32, lr 0.1, 20 epochs, a record every 20 steps."""
    s = dict(data="digits", seed=0, lr=0.1, standardize=True, epochs=20, batch_size=32, hidden=[128, 64],
             activation="relu", init="he", bias=0.0, reduction="mean", decay_every=None, log_every=20, tell="all")
    s.update(kw)
    return s


def small(data, **kw):
    """iris or wine: batches of 16, 100 epochs, a record every 10 steps."""
    return base(**{"data": data, "batch_size": 16, "epochs": 100, "log_every": 10, **kw})


def suite():
    """The 22 labelled runs: (name, cause, settings), the cause put in by the settings."""
    deep_tanh = dict(activation="tanh", hidden=[64] * 5, init=1.0)  # randn * 1.0, five layers
    runs = [("healthy digits relu 128-64", "healthy", base()),
            ("healthy digits gelu 256-128-64, lr halves every 5 epochs", "healthy",
             base(seed=1, activation="gelu", hidden=[256, 128, 64], decay_every=5, tell="some")),
            ("healthy iris tanh 32-32, full batch, lr 0.5", "healthy",
             small("iris", seed=2, activation="tanh", hidden=[32, 32], lr=0.5, batch_size=120, epochs=300,
                   log_every=5, tell="none")),
            ("healthy wine gelu 64-64", "healthy", small("wine", seed=3, activation="gelu", hidden=[64, 64])),
            ("healthy blobs relu 64-64-64, lr halves every 5 epochs", "healthy",
             base(seed=4, data="blobs", hidden=[64, 64, 64], decay_every=5, tell="some")),
            ("healthy digits sigmoid 128-64, lr 1", "healthy", base(seed=5, activation="sigmoid", lr=1.0))]
    runs += [("digits sigmoid 128-64, lr 30 (30x)", "lr_high", base(seed=6, activation="sigmoid", lr=30.0)),
             ("wine sigmoid 32-32, lr 30 (60x)", "lr_high",
              small("wine", seed=7, activation="sigmoid", hidden=[32, 32], lr=30.0, tell="some")),
             ("digits relu 128-64, lr 0.001 (100x low)", "lr_low", base(seed=8, lr=0.001)),
             ("iris tanh 32-32, lr 0.001 (100x low)", "lr_low",
              small("iris", seed=9, activation="tanh", hidden=[32, 32], lr=0.001, tell="none")),
             ("digits sigmoid 128-64, loss summed over batches of 64", "summed",
              base(seed=10, activation="sigmoid", lr=0.5, batch_size=64, reduction="sum")),
             ("iris tanh 32-32, full batch, loss summed over 120", "summed",
              small("iris", seed=11, activation="tanh", hidden=[32, 32], lr=0.1, batch_size=120, epochs=300,
                    log_every=5, reduction="sum", tell="some")),
             ("raw wine gelu 128-64, lr 0.01", "unscaled_diverging",
              small("wine", seed=12, activation="gelu", lr=0.01, standardize=False)),
             ("raw wine gelu 128-64, batches of 32, lr 0.01", "unscaled_diverging",
              small("wine", seed=13, activation="gelu", lr=0.01, batch_size=32, standardize=False, tell="none")),
             ("raw wine tanh 128-64, xavier, lr 0.01", "unscaled_conditioned",
              small("wine", seed=14, activation="tanh", init="xavier", lr=0.01, standardize=False)),
             ("raw digits relu 128-64, lr 0.1", "unscaled_conditioned",
              base(seed=15, standardize=False, tell="some")),
             ("digits relu 128-64, hidden biases -3", "dead", base(seed=16, bias=-3.0)),
             ("blobs relu 128-64, hidden biases -5", "dead", base(seed=17, data="blobs", bias=-5.0, tell="none")),
             ("digits tanh 64x5, randn * 1.0", "saturated", base(seed=18, **deep_tanh)),
             ("blobs tanh 64x5, randn * 1.0", "saturated", base(seed=19, data="blobs", tell="some", **deep_tanh)),
             ("digits relu 128-64, lr 2, a record every 5 steps: a leap, then flat", "jump_stuck",
              base(seed=20, lr=2.0, log_every=5)),
             ("wine relu 128-64, lr 2", "jump_stuck", small("wine", seed=21, lr=2.0, tell="none"))]
    return runs
