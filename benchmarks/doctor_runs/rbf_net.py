"""Style "rbf_net": a radial-basis-function network, its printed "iter 200  mse=0.123456" lines parsed back.

Written for the next held-out half (doctor_runs.WAITING) by someone who never read or ran the
doctor. The learner classifies one-vs-rest with an RBF net, as in a course chapter on RBF
networks: scikit-learn's wine (13 chemical measurements in their own units, proline 278-1680),
iris (4 lengths in cm) or make_moons (2 features, noise 0.25), a fixed 70/30 split; with
"standardize" the features are z-scored with the training part's mean and std. The hidden layer
is K Gaussian units exp(-||x - c||^2 / (2 s^2)) whose centres are K random training samples (or
those moved by a few k-means steps) and whose width s is the mean distance between the centres
(or a number the learner fixed). Optionally a tanh or sigmoid layer follows the RBFs (the "deep"
variant), optionally the raw inputs also feed the outputs directly (an RBF net "with a linear
term"). The outputs, one per class, are linear (or sigmoids), fitted to the 0/1 one-hot rows by
gradient descent on the squared error np.mean((P - Y) ** 2) over the batch's entries (reduction
"sum": np.sum over them); full batch or shuffled minibatches, no momentum. Only the weights after
the RBF layer are trained; centres and width stay fixed.

The log: every `every` updates (and before the first) the learner prints the whole training
part's "iter 200  mse=0.123456" into its log; a non-finite mse is printed and ends training.
The costs are the mse values parsed back from those lines (6 decimals). The score is the test
accuracy in points.
"""
import io
import re

import numpy as np

from .common import one_blas_thread, setter, translate, usual_own

SCORE = "accuracy"
N_ALL = {"wine": 178, "iris": 150, "moons": 300}
CLASSES = {"wine": 3, "iris": 3, "moons": 2}
HIDDEN = {"tanh": (np.tanh, lambda h: 1 - h * h),
          "sigmoid": (lambda a: 1 / (1 + np.exp(-a)), lambda h: h * (1 - h))}


def load(name, standardize):
    """(Xtr, Ytr, Xte, Yte), Y one-hot: a fixed 70/30 split of wine, iris or make_moons."""
    from sklearn.datasets import load_iris, load_wine, make_moons
    if name == "moons":
        X, y = make_moons(N_ALL["moons"], noise=0.25, random_state=3)
    else:
        X, y = (load_wine if name == "wine" else load_iris)(return_X_y=True)
    order = np.random.default_rng(21).permutation(len(y))
    X, Y = X[order].astype(float), np.eye(CLASSES[name])[y[order]]
    a = int(0.7 * len(y))
    if standardize:
        X = (X - X[:a].mean(0)) / X[:a].std(0)
    return X[:a], Y[:a], X[a:], Y[a:]


def sq_dist(A, B):
    """Every squared distance between the rows of A and of B."""
    return np.maximum((A * A).sum(1)[:, None] - 2 * A @ B.T + (B * B).sum(1)[None, :], 0.0)


def centres_and_width(X, s, rng):
    """K centres (random samples, moved by s["kmeans"] Lloyd steps) and the width s."""
    C = X[rng.choice(len(X), s["k"], replace=False)].copy()
    for _ in range(s["kmeans"]):
        near = sq_dist(X, C).argmin(1)
        for j in range(len(C)):
            if np.any(near == j):
                C[j] = X[near == j].mean(0)
    if s["width"] == "mean":
        D = np.sqrt(sq_dist(C, C))
        return C, float(D.sum() / (len(C) * (len(C) - 1)))
    return C, float(s["width"])


def features(X, C, width):
    """The RBF layer's outputs for the rows of X."""
    return np.exp(-sq_dist(X, C) / (2 * width ** 2))


def init_net(n_rbf, n_in, n_out, s, rng):
    """{"hidden": [[W, b]] (the deep variant's layer), "out": [W, b], "lin": W (the linear term) or None}."""
    def layer(m, n, std):
        return [rng.normal(0, float(std), (m, n)), np.zeros(n)]
    std = {"xavier": 1 / np.sqrt(n_rbf), "he": np.sqrt(2 / n_rbf), "small": 0.1}.get(s["init"], s["init"])
    hidden = [layer(n_rbf, s["deep"], std)] if s["deep"] else []
    width = s["deep"] or n_rbf
    return {"hidden": hidden, "out": layer(width, n_out, 0.1),
            "lin": np.zeros((n_in, n_out)) if s["linear_term"] else None}


def forward(net, Phi, X, s):
    """(the hidden layer's output or Phi, the outputs P)."""
    h = Phi
    for W, b in net["hidden"]:
        h = HIDDEN[s["activation"]][0](h @ W + b)
    a = h @ net["out"][0] + net["out"][1]
    if net["lin"] is not None:
        a = a + X @ net["lin"]
    return h, (1 / (1 + np.exp(-a)) if s["out"] == "sigmoid" else a)


def mse(P, Y, reduction):
    """The learner's loss: np.mean((P - Y) ** 2), or np.sum for reduction "sum"."""
    return float(np.sum((P - Y) ** 2) if reduction == "sum" else np.mean((P - Y) ** 2))


def update(net, Phi, X, Y, s):
    """One gradient-descent step on the batch."""
    h, P = forward(net, Phi, X, s)
    d = 2 * (P - Y) / (1 if s["reduction"] == "sum" else P.size)
    if s["out"] == "sigmoid":
        d = d * P * (1 - P)
    W, b = net["out"]
    dh = d @ W.T
    W -= s["lr"] * (h.T @ d)
    b -= s["lr"] * d.sum(0)
    if net["lin"] is not None:
        net["lin"] -= s["lr"] * (X.T @ d)
    for Wh, bh in net["hidden"]:
        dz = dh * HIDDEN[s["activation"]][1](h)
        Wh -= s["lr"] * (Phi.T @ dz)
        bh -= s["lr"] * dz.sum(0)


def train(s, X, Y, rng, log, steps=None):
    """The learner's loop, printing "iter t  mse=..." into log; returns (net, C, width)."""
    C, width = centres_and_width(X, s, rng)
    Phi = features(X, C, width)
    net = init_net(s["k"], X.shape[1], Y.shape[1], s, rng)
    batch = s["batch"] or len(Y)
    t, last = 0, min(s["iters"], steps or s["iters"])
    order, pos = rng.permutation(len(Y)), 0
    while True:
        if t % s["every"] == 0 or t == last:
            loss = mse(forward(net, Phi, X, s)[1], Y, s["reduction"])
            print(f"iter {t}  mse={loss:.6f}", file=log)
            if not np.isfinite(loss) or t == last:
                break
        if pos >= len(Y):
            order, pos = rng.permutation(len(Y)), 0
        idx = order[pos:pos + batch]
        pos += batch
        update(net, Phi[idx], X[idx], Y[idx], s)
        t += 1
    return net, C, width


def run(settings, steps=None):
    """(the printed mse values, test accuracy in points); steps: stop after that many updates, with a line."""
    s = settings
    X, Y, Xte, Yte = load(s["data"], s["standardize"])
    rng = np.random.default_rng(s["seed"])
    log = io.StringIO()
    with np.errstate(all="ignore"), one_blas_thread():
        net, C, width = train(s, X, Y, rng, log, steps)
        P = forward(net, features(Xte, C, width), Xte, s)[1]
    costs = [float(v) for v in re.findall(r"mse=(\S+)", log.getvalue())]
    acc = float(100 * np.mean(P.argmax(1) == Yte.argmax(1))) if np.isfinite(P).all() else 0.0
    return costs, acc


def known(settings):
    """lr, the training size, the batch, the updates between lines; the loss and reduction when told (tell)."""
    n_train = int(0.7 * N_ALL[settings["data"]])
    out = dict(lr=settings["lr"], n_samples=n_train, batch_size=settings["batch"] or n_train,
               every=settings["every"], n_classes=CLASSES[settings["data"]])
    if settings["tell"]:
        out.update(loss="squared", reduction=settings["reduction"], targets=[0, 1])
    return out


OWN = usual_own(activations=tuple(HIDDEN), init_names=("xavier", "he", "small"), epochs="iters")
OWN.pop("bias_init")  # the deep layer's biases always start at 0: no knob
OWN["epochs"] = lambda s, v: setter("iters", int)(s, int(v) * s["every"])  # an epoch here is a printed line


def apply(settings, action):
    """A doctor's action as this learner applies it (lr, standardize, seed, reduction, init, activation,
    epochs as printed lines); anything else the code has no knob for."""
    return translate(settings, action, OWN)


def base(**kw):
    """A full-batch standardized wine run: 30 centres from samples, width the mean distance, linear outputs."""
    s = dict(data="wine", seed=0, lr=0.05, standardize=True, k=30, kmeans=0, width="mean", deep=0,
             activation="tanh", init="xavier", linear_term=False, out="linear", reduction="mean", batch=None,
             iters=1000, every=25, tell=False)
    s.update(kw)
    return s


def suite():
    """The 19 labelled runs: (name, cause, settings), the cause put in by the settings."""
    mb = dict(batch=16, lr=0.02, iters=2000, every=50)  # about 8 minibatches a pass, a line every 50 updates
    deep = dict(deep=16, activation="sigmoid")
    runs = [("healthy wine, seed 0", "healthy", base(tell=True)),
            ("healthy wine lr 0.1, seed 1", "healthy", base(seed=1, lr=0.1)),
            ("healthy wine batches of 16", "healthy", base(seed=2, **mb)),
            ("healthy wine, centres by 5 k-means steps", "healthy", base(seed=3, kmeans=5, tell=True)),
            ("healthy wine with a linear term", "healthy", base(seed=4, linear_term=True)),
            ("healthy wine, a tanh layer of 16 after the RBFs", "healthy", base(seed=5, deep=16)),
            ("healthy iris", "healthy", base(seed=6, data="iris", tell=True))]
    runs += [("wine lr 2.5 (50x)", "lr_high", base(seed=7, lr=2.5)),
             ("iris batches of 16, lr 1 (50x)", "lr_high", base(seed=8, data="iris", **dict(mb, lr=1.0))),
             ("wine lr 5e-4 (100x low)", "lr_low", base(seed=9, lr=5e-4, tell=True)),
             ("wine batches of 16, lr 2e-4 (100x low)", "lr_low", base(seed=10, **dict(mb, lr=2e-4))),
             ("wine squared error summed over 124 x 3", "summed", base(seed=11, reduction="sum", tell=True)),
             ("wine batches of 16, summed", "summed", base(seed=12, reduction="sum", **mb)),
             ("raw wine with a linear term", "unscaled_diverging", base(seed=13, standardize=False, linear_term=True)),
             ("raw iris with a linear term, lr 0.1", "unscaled_diverging",
              base(seed=14, data="iris", standardize=False, linear_term=True, lr=0.1)),
             ("raw wine, width the mean distance (proline's)", "unscaled_conditioned",
              base(seed=15, standardize=False)),
             ("raw wine, width fixed at 1", "unscaled_conditioned", base(seed=16, standardize=False, width=1.0)),
             ("wine, sigmoid layer of 16, weights N(0, 8)", "saturated", base(seed=17, init=8.0, **deep)),
             ("wine, tanh layer of 32, weights N(0, 8)", "saturated",
              base(seed=18, init=8.0, deep=32, activation="tanh"))]
    return runs
