"""Style "hinge_print": digits with a multiclass hinge loss, the loss printed as "loss: 1.23e+00".

Written for the next held-out half (doctor_runs.WAITING) by someone who never read or ran the
doctor. The learner comes from support vector machines: their net (one or more hidden layers and
ten class scores, no softmax) is trained on the multiclass hinge loss, for each image the sum over
wrong classes j of ``max(0, s_j - s_y + 1)``, averaged over a minibatch (32 images unless told) (reduction "sum":
added up instead), plus the L2 penalty ``0.5 * reg * sum(W**2)``. Pixels are standardized; with
"standardize" off the raw 0..16 pixel values go in. Every `every` updates they print
``f"step {t:4d}  loss: {loss:.2e}"`` for the minibatch just used (before its update), keep the
printed lines, and afterwards read the numbers back out of them: three significant digits, the
learner's costs. A nan prints as "nan" and reads back as nan; a loss that became nan ends the loop.
The score is the test accuracy.
"""
import numpy as np
from sklearn.datasets import load_digits

from .common import activation_setter, bias_setter, init_setter, one_blas_thread, setter, translate

SCORE = "accuracy"
N_TRAIN, REG = 1400, 1e-4


def _data(standardize):
    X, y = load_digits(return_X_y=True)
    order = np.random.default_rng(5).permutation(len(y))
    X, y = X[order], y[order]
    if standardize:
        X = (X - X[:N_TRAIN].mean(0)) / (X[:N_TRAIN].std(0) + 1e-8)
    return X[:N_TRAIN], y[:N_TRAIN], X[N_TRAIN:], y[N_TRAIN:]


ACT = {"relu": (lambda z: np.maximum(z, 0), lambda h: h > 0),
       "tanh": (np.tanh, lambda h: 1 - h * h),
       "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda h: h * (1 - h))}


def init_layers(s, rng):
    sizes = [64] + [s["hidden"]] * s["depth"] + [10]
    layers = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        std = {"he": np.sqrt(2 / a), "xavier": np.sqrt(1 / a)}.get(s["init"], s["init"])
        last = i == len(sizes) - 2
        layers.append([rng.normal(0, float(std), (a, b)), np.full(b, 0.0 if last else float(s["bias"]))])
    return layers


def hinge_step(layers, X, y, s):
    """One minibatch: forward, hinge loss (+ L2), backward, SGD update. Returns the loss before it."""
    f, df = ACT[s["act"]]
    hs = [X]
    for W, b in layers[:-1]:
        hs.append(f(hs[-1] @ W + b))
    scores = hs[-1] @ layers[-1][0] + layers[-1][1]
    rows = np.arange(len(y))
    margins = np.maximum(0, scores - scores[rows, y][:, None] + 1)
    margins[rows, y] = 0
    summed = s["reduction"] == "sum"
    data = margins.sum() if summed else margins.sum() / len(y)
    loss = data + 0.5 * REG * sum(np.sum(W * W) for W, _ in layers)
    d = (margins > 0).astype(float)
    d[rows, y] = -d.sum(1)
    if not summed:
        d /= len(y)
    for i in range(len(layers) - 1, -1, -1):
        W, b = layers[i]
        gW, gb = hs[i].T @ d + REG * W, d.sum(0)
        if i:
            d = (d @ W.T) * df(hs[i])
        W -= s["lr"] * gW
        b -= s["lr"] * gb
    return loss


def run(settings, steps=None):
    s = settings
    Xtr, ytr, Xte, yte = _data(s.get("standardize", True))
    rng = np.random.default_rng(s["seed"])
    layers = init_layers(s, rng)
    total = steps or s["epochs"] * (N_TRAIN // s["batch"])
    printed, t = [], 0
    with np.errstate(all="ignore"), one_blas_thread():
        while t < total:
            order = rng.permutation(N_TRAIN)
            for k in range(0, N_TRAIN - s["batch"] + 1, s["batch"]):  # the ragged last batch is dropped
                idx = order[k:k + s["batch"]]
                loss = hinge_step(layers, Xtr[idx], ytr[idx], s)
                if t % s["every"] == 0:
                    printed.append(f"step {t:4d}  loss: {loss:.2e}")
                t += 1
                if t == total or not np.isfinite(loss):
                    break
            if not np.isfinite(loss):
                break
        h = Xte
        for W, b in layers[:-1]:
            h = ACT[s["act"]][0](h @ W + b)
        z = h @ layers[-1][0] + layers[-1][1]
        acc = float(100 * np.mean(z.argmax(1) == yte)) if np.isfinite(z).all() else 0.0
    costs = [float(line.split("loss:")[1]) for line in printed]
    return costs, acc


def known(settings):
    return dict(lr=settings["lr"], n_samples=N_TRAIN, batch_size=settings["batch"], every=settings["every"],
                n_classes=10, reduction=settings["reduction"])


OWN = {"reduction": setter("reduction"), "weight_init": init_setter("init", ("he", "xavier")),
       "bias_init": bias_setter("bias"), "epochs": setter("epochs", int),
       "activation": activation_setter("act", tuple(ACT))}


def apply(settings, action):
    return translate(settings, action, OWN)


DEFAULTS = {"lr": 0.1, "seed": 0, "standardize": True, "epochs": 8, "batch": 32, "every": 5, "hidden": 64,
            "depth": 1, "act": "relu", "init": "he", "bias": 0.0, "reduction": "mean"}


def base(**kw):
    return {**DEFAULTS, **kw}


def suite():
    tanh = {"act": "tanh", "init": "xavier"}
    runs = [("healthy seed 0", "healthy", base()), ("healthy seed 1", "healthy", base(seed=1)),
            ("healthy seed 2", "healthy", base(seed=2))]
    runs += [("healthy tanh xavier, lr 0.2", "healthy", base(seed=3, lr=0.2, **tanh)),
             ("healthy batches of 256, lr 0.5, 12 epochs", "healthy", base(seed=4, batch=256, lr=0.5, epochs=12)),
             ("healthy full batch, lr 0.5, 100 steps", "healthy", base(seed=5, batch=N_TRAIN, lr=0.5, epochs=100))]
    runs += [("lr 3 (30x)", "lr_high", base(seed=6, lr=3.0)),
             ("tanh lr 20 (100x)", "lr_high", base(seed=7, lr=20.0, **tanh)),
             ("lr 0.001 (100x low)", "lr_low", base(seed=8, lr=0.001)),
             ("tanh lr 0.002 (100x low)", "lr_low", base(seed=9, lr=0.002, **tanh)),
             ("hinge summed over batches of 128", "summed", base(seed=10, reduction="sum", batch=128)),
             ("hinge summed over the full 1400, lr 0.01", "summed",
              base(seed=11, reduction="sum", batch=N_TRAIN, lr=0.01, epochs=100)),
             ("raw 0..16 pixels, tanh lr 0.2", "unscaled_diverging", base(seed=12, standardize=False, lr=0.2, **tanh)),
             ("raw 0..16 pixels, tanh lr 0.3", "unscaled_diverging", base(seed=13, standardize=False, lr=0.3, **tanh)),
             ("relu biases -8", "dead", base(seed=14, bias=-8.0)),
             ("raw 0..16 pixels into relus: the first steps switch them all off", "dead",
              base(seed=15, standardize=False)),
             ("4 sigmoid layers N(0, 5)", "saturated", base(seed=16, act="sigmoid", depth=4, init=5.0)),
             ("4 tanh layers N(0, 5)", "saturated", base(seed=17, act="tanh", depth=4, init=5.0))]
    return runs
