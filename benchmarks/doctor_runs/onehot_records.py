"""Style "onehot_records": one-hot targets fitted by squared error, the history kept as a list of dicts.

Written for the next held-out half (doctor_runs.WAITING) by someone who never read or ran the
doctor. The learner classifies scikit-learn's iris (4 lengths in cm, 3 classes) or wine (13
chemical measurements in their own units, proline in the hundreds to 1680, 3 classes) with a
small net: zero, one or two hidden layers (tanh, relu or sigmoid) and an output layer that is a
softmax, three sigmoids, or left linear (least squares onto the one-hot rows, as in a lecture on
linear classifiers). The targets are the one-hot rows of the labels and the loss is the squared
error np.mean((P - Y) ** 2) over every entry of the batch (reduction "sum": np.sum, added up over
the samples and classes). A fixed shuffle splits 70/30 into train and test; with "standardize" the
features are z-scored with the training part's mean and std, without it the raw numbers go in.
Plain gradient descent, full batch or shuffled minibatches, no momentum.

The log: at the start of every `log_every`-th epoch (epoch 0 first, before any update) the learner
computes the whole training part's loss and accuracy and appends
{"epoch": epoch, "loss": round(loss, 5), "acc": round(100 * acc, 1)} to a list `history`; a
non-finite loss is appended and ends training. The costs are [h["loss"] for h in history]; the
score is the test accuracy in points.

Weak spots: the squared error of a softmax or sigmoid output is bounded (at most 2/3 per entry
for softmax, 1 for sigmoid), so a too-large lr on those outputs cannot climb far (wine softmax at
lr 50 still trained); the runs labelled lr_high, summed and unscaled_diverging use the linear
output, where the loss is not bounded: they climb by tens of orders of magnitude in a few records
and end at inf or nan, so their curves are short (8-15 records; the raw-wine run logs every
epoch and has 58). Raw wine into a linear output diverges at any lr that trains standardized
wine (lr 1e-3 here, 100 times under the healthy 0.1), from a start of 4e3-3e4.
The loss is averaged over classes too, so its scale is a third of a per-sample sum: a
softmax net starts near 0.20-0.36, and a dead net sits at 0.220-0.222 (the output bias
still learns the class balance). Raw wine into tanh or sigmoid units (unscaled_conditioned) falls
to that same 0.22 in the first record and stays: such a curve looks like the dead runs'. Five
decimals stop a healthy run near 0.0001-0.03. The jump_stuck runs are relu nets with linear
outputs at lr 1.5-2 logging every epoch: a leap to 2e1-1e110 in the first records, then every
relu off and the loss at 0.22 (with the seed +100 the iris one climbs on to nan instead; with lr
x0.9 or the seed +100 a few of the wine one's relus revive and it ends at 0.16-0.19). The
saturated runs (sigmoid 32-32, weights N(0, 8) on iris, N(0, 5) on wine) fall slowly from
0.37-0.65 rather than sit flat. Iris and wine are small (45 and 54 test samples: accuracies move
in steps of 2.2 and 1.9 points).
Checked (no doctor): every run, and again with lr x0.9, x1.1 and the seed +100 and +1000, shows
its cause (labels.looks_like); the healthy median was 100 points every time (healthy runs
96.3-100), and each problem run scored at least 17.8 points under it (the iris lr_low run, 82.2).
"""
import numpy as np

from .common import one_blas_thread, translate, usual_own

SCORE = "accuracy"
N_ALL = {"iris": 150, "wine": 178}


def load(name, standardize):
    """(Xtr, Ytr, Xte, Yte) with one-hot Y: a fixed 70/30 split of iris or wine."""
    from sklearn.datasets import load_iris, load_wine
    X, y = (load_wine if name == "wine" else load_iris)(return_X_y=True)
    order = np.random.default_rng(11).permutation(len(y))
    X, Y = X[order].astype(float), np.eye(3)[y[order]]
    a = int(0.7 * len(y))
    if standardize:
        mu, sd = X[:a].mean(0), X[:a].std(0)
        X = (X - mu) / sd
    return X[:a], Y[:a], X[a:], Y[a:]


HIDDEN = {"relu": (lambda z: np.maximum(z, 0), lambda h: (h > 0).astype(float)),
          "tanh": (np.tanh, lambda h: 1 - h * h),
          "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda h: h * (1 - h))}


def output(z, out):
    """The net's outputs from the last layer's z: softmax rows, sigmoids, or z itself."""
    if out == "softmax":
        e = np.exp(z - z.max(1, keepdims=True))
        return e / e.sum(1, keepdims=True)
    return 1 / (1 + np.exp(-z)) if out == "sigmoid" else z


def init_layers(sizes, init, bias, rng):
    """[[W, b]] for sizes [n_in, (hidden...,) 3]; hidden biases start at `bias`, the output's at 0."""
    layers = []
    for i, (m, n) in enumerate(zip(sizes[:-1], sizes[1:])):
        std = {"he": np.sqrt(2 / m), "xavier": np.sqrt(1 / m)}.get(init, init)
        layers.append([rng.normal(0, float(std), (m, n)), np.full(n, float(bias) if i < len(sizes) - 2 else 0.0)])
    return layers


def forward(layers, X, s):
    """[X, h1, ..., P]: the hidden layers' outputs and the net's outputs P."""
    f = HIDDEN[s["activation"]][0]
    hs = [X]
    for W, b in layers[:-1]:
        hs.append(f(hs[-1] @ W + b))
    hs.append(output(hs[-1] @ layers[-1][0] + layers[-1][1], s["out"]))
    return hs


def squared_error(P, Y, reduction):
    """The learner's loss: np.mean((P - Y) ** 2), or np.sum for reduction "sum"."""
    return float(np.sum((P - Y) ** 2) if reduction == "sum" else np.mean((P - Y) ** 2))


def out_delta(P, Y, s):
    """d loss / d z of the output layer (z: before softmax or sigmoid)."""
    g = 2 * (P - Y) / (1 if s["reduction"] == "sum" else P.size)
    if s["out"] == "softmax":
        return P * (g - (g * P).sum(1, keepdims=True))
    return g * P * (1 - P) if s["out"] == "sigmoid" else g


def step(layers, X, Y, s):
    """One gradient-descent step on the batch (X, Y)."""
    hs = forward(layers, X, s)
    d = out_delta(hs[-1], Y, s)
    for i in range(len(layers) - 1, -1, -1):
        W, b = layers[i]
        d_prev = (d @ W.T) * HIDDEN[s["activation"]][1](hs[i]) if i else None
        W -= s["lr"] * (hs[i].T @ d)
        b -= s["lr"] * d.sum(0)
        d = d_prev


def train(s, Xtr, Ytr, rng, steps=None):
    """The learner's loop; returns (history, layers)."""
    sizes = [Xtr.shape[1]] + list(s["hidden"]) + [3]
    layers = init_layers(sizes, s["init"], s["bias"], rng)
    history, t = [], 0
    batch = s["batch"] or len(Ytr)
    for epoch in range(s["epochs"]):
        if epoch % s["log_every"] == 0 or t == steps:  # a short trial ends with a record
            P = forward(layers, Xtr, s)[-1]
            loss = squared_error(P, Ytr, s["reduction"])
            acc = np.mean(P.argmax(1) == Ytr.argmax(1))
            history.append({"epoch": epoch, "loss": round(loss, 5), "acc": round(100 * acc, 1)})
            if not np.isfinite(loss) or t == steps:
                break
        order = rng.permutation(len(Ytr))
        for k in range(0, len(Ytr), batch):
            idx = order[k:k + batch]
            step(layers, Xtr[idx], Ytr[idx], s)
            t += 1
            if t == steps:
                break
    return history, layers


def run(settings, steps=None):
    """(the history's losses, test accuracy in points); steps: stop after that many updates, with a record."""
    s = settings
    Xtr, Ytr, Xte, Yte = load(s["data"], s["standardize"])
    rng = np.random.default_rng(s["seed"])
    with np.errstate(all="ignore"), one_blas_thread():
        history, layers = train(s, Xtr, Ytr, rng, steps)
        pred = forward(layers, Xte, s)[-1].argmax(1)
    costs = [h["loss"] for h in history]
    return costs, float(100 * np.mean(pred == Yte.argmax(1)))


def known(settings):
    """lr, the training size and batch, the updates between records; the loss only when told (tell)."""
    n_train = int(0.7 * N_ALL[settings["data"]])
    batch = settings["batch"] or n_train
    out = dict(lr=settings["lr"], n_samples=n_train, batch_size=batch,
               every=settings["log_every"] * -(-n_train // batch), n_classes=3)
    if settings["tell"]:
        out.update(loss="squared", reduction=settings["reduction"], targets=[0, 1])
    return out


OWN = usual_own(activations=tuple(HIDDEN))


def apply(settings, action):
    """A doctor's action as this learner applies it (lr, standardize, seed, init, bias, activation, epochs)."""
    return translate(settings, action, OWN)


def base(**kw):
    """A full-batch iris run: 16 tanh units, a softmax, lr 0.5, 500 epochs, a record every 10."""
    s = dict(data="iris", seed=0, lr=0.5, standardize=True, epochs=500, log_every=10, batch=None, hidden=[16],
             activation="tanh", init="xavier", bias=0.0, out="softmax", reduction="mean", tell=True)
    s.update(kw)
    return s


def wine(**kw):
    """A wine run: as base, on wine."""
    return base(**{"data": "wine", **kw})


def suite():
    """The 21 labelled runs: (name, cause, settings), the cause put in by the settings."""
    mb = dict(batch=16, epochs=100, log_every=2)  # 7 or 8 minibatches an epoch, a record every other epoch
    relu_lin = dict(activation="relu", init="he", hidden=[32, 16], out="linear", epochs=300, log_every=1)
    bare = dict(hidden=[], out="linear", lr=0.1)  # no hidden layer: least squares onto the one-hot rows
    sig_deep = dict(hidden=[32, 32], activation="sigmoid")
    runs = [(f"healthy iris seed {k}", "healthy", base(seed=k, tell=k == 0)) for k in (0, 1)]
    runs += [("healthy wine full batch", "healthy", wine(seed=2)),
             ("healthy iris batches of 16, lr 0.3", "healthy", base(seed=3, lr=0.3, **mb)),
             ("healthy wine batches of 16, sigmoid outputs", "healthy", wine(seed=4, out="sigmoid", **mb)),
             ("healthy wine relu 32-16, lr 1", "healthy",
              wine(seed=5, activation="relu", init="he", hidden=[32, 16], lr=1.0, tell=False)),
             ("healthy wine, no hidden layer, linear outputs", "healthy", wine(seed=6, **bare))]
    runs += [("iris linear outputs, lr 5 (50x)", "lr_high", base(seed=7, **dict(bare, hidden=[16], lr=5.0))),
             ("wine no hidden layer, lr 5 (50x)", "lr_high", wine(seed=8, **dict(bare, lr=5.0))),
             ("iris lr 0.005 (100x low)", "lr_low", base(seed=9, lr=0.005)),
             ("wine batches of 16, lr 0.001 (100x low)", "lr_low", wine(seed=10, lr=0.001, tell=False, **mb)),
             ("wine linear outputs, squared error summed over 124 x 3", "summed",
              wine(seed=11, reduction="sum", **dict(bare, hidden=[16]))),
             ("raw wine, no hidden layer, lr 1e-3, a record every epoch", "unscaled_diverging",
              wine(seed=12, standardize=False, log_every=1, **dict(bare, lr=1e-3))),
             ("raw wine tanh, lr 0.5", "unscaled_conditioned", wine(seed=13, standardize=False)),
             ("raw wine batches of 16, sigmoid outputs", "unscaled_conditioned",
              wine(seed=14, standardize=False, out="sigmoid", **mb)),
             ("wine relu 32-16, biases -3", "dead",
              wine(seed=15, activation="relu", init="he", hidden=[32, 16], lr=1.0, bias=-3.0)),
             ("iris relu 32-16, biases -3", "dead",
              base(seed=16, activation="relu", init="he", hidden=[32, 16], lr=1.0, bias=-3.0, tell=False)),
             ("iris sigmoid 32-32, weights N(0, 8)", "saturated", base(seed=17, init=8.0, **sig_deep)),
             ("wine sigmoid 32-32, weights N(0, 5)", "saturated", wine(seed=18, init=5.0, **sig_deep)),
             ("wine relu, linear outputs, lr 1.5: a leap, then every relu off", "jump_stuck",
              wine(seed=19, lr=1.5, **relu_lin)),
             ("iris relu, linear outputs, lr 2", "jump_stuck", base(seed=20, lr=2.0, **relu_lin))]
    return runs
