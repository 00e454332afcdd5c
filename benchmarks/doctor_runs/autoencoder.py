"""Style "autoencoder": a small fully connected autoencoder on the digits, printing the validation error.

Written for the next held-out half (doctor_runs.WAITING) by someone who never read or ran the
doctor. The learner compresses scikit-learn's 8x8 digits through a bottleneck and back: layer
sizes like [64, 16, 64] or [64, 32, 16, 32, 64], a hidden activation ("tanh", "relu", "sigmoid",
or "linear" for their check that a linear autoencoder does as well as PCA) in every layer but the
last, which is linear, and the squared reconstruction error averaged over every
pixel of the mini-batch (reduction "sum": added up over the batch and the pixels instead). The
1797 images are split once by a fixed shuffle: 1200 train, 297 validation, 300 test. With
"standardize" the pixels are divided by 16 into [0, 1]; without it the raw counts 0..16 go in
and come out. The optimiser is written by hand: classical momentum (v = 0.9 v - lr g; w += v)
or Adam (beta1 0.9, beta2 0.999, eps 1e-8, bias-corrected), mini-batches of 32 (or the whole
1200), reshuffled every epoch.

Logging: after the training of epoch 0, of every `every`-th epoch after it and of the last one,
they run the validation set through and print ``f"epoch {epoch:3d}  val recon {val:.4f}"``;
the costs are those printed numbers read back (four decimals, in the units of the pixels that went in). A
training loss that is not finite, or a printed "nan"/"inf", ends training (they print it, then
break). A short run (`steps`) prints one last line where it stops. The score is the test
reconstruction error, the mean squared error per pixel measured on pixels in [0, 1] (a raw run's
output is divided by 16 first), lower is better.

Weak spots (known, not tuned away): the first printed value comes after a whole epoch, so in a
mini-batch run the first updates are never seen, and a summed or lr-20 mini-batch run is already
at 1e68-1e228 on its first line: those blow-ups are 2-5 lines long (the full-batch ones 2-51).
Raw pixels into tanh or relu saturate or kill the hidden units instead of diverging, so the
"unscaled_diverging" runs all use the linear code; the raw tanh runs are "unscaled_conditioned".
A relu bottleneck that dies goes down to the mean image, not up; the "jump_stuck" runs are
full-batch Adam at lr 0.3 (15x its full-batch lr), one line an update: the second update jumps
2-4x, a few dozen lines swing and sink, and the tanh units end saturated with the output at the
mean image. Their seeds are ones whose first update is not yet the jump (on others, e.g. 23 and
25, the first line is already the highest).
Four decimals leave two or three digits on [0, 1] pixels. Predicting every image's mean pixel
gives about 0.073 and PCA with 16 components 0.011; the healthy runs end near 0.012-0.013, and the
"dead", "saturated", "lr_low" and "unscaled_conditioned" runs end at 0.04-0.12; the dead and
saturated curves sit flat at the mean image's level for most of the run.
"""
from functools import lru_cache

import numpy as np

from .common import activation_setter, bias_setter, init_setter, one_blas_thread, setter, translate

SCORE = "loss"
N_TRAIN, N_VAL = 1200, 297


@lru_cache(maxsize=2)
def load(standardize):
    """(train (1200, 64), val (297, 64), test (300, 64)) pixels, /16 if standardize."""
    from sklearn.datasets import load_digits
    X = load_digits().data[np.random.default_rng(11).permutation(1797)]
    if standardize:
        X = X / 16.0
    return X[:N_TRAIN], X[N_TRAIN:N_TRAIN + N_VAL], X[N_TRAIN + N_VAL:]


ACTS = {
    "relu": (lambda z: np.maximum(z, 0), lambda z, a: (z > 0).astype(float)),
    "tanh": (np.tanh, lambda z, a: 1 - a ** 2),
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z, a: a * (1 - a)),
    "linear": (lambda z: z, lambda z, a: np.ones_like(z)),  # their check: a linear autoencoder should match PCA
}


def init_params(sizes, init, bias, rng):
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        if init == "he":
            std = np.sqrt(2.0 / n_in)
        elif init == "xavier":
            std = np.sqrt(1.0 / n_in)
        else:
            std = float(init)
        layers.append([rng.normal(0, std, (n_in, n_out)), np.full(n_out, float(bias))])
    return layers


def forward(layers, x, act):
    f = ACTS[act][0]
    cache = []
    a = x
    for i, (W, b) in enumerate(layers):
        z = a @ W + b
        out = z if i == len(layers) - 1 else f(z)
        cache.append((a, z, out))
        a = out
    return a, cache


def backward(layers, cache, x, act, reduction):
    """Gradients of the reconstruction error (mean or sum over the batch's pixels)."""
    df = ACTS[act][1]
    recon = cache[-1][2]
    d = 2 * (recon - x)
    if reduction == "mean":
        d = d / x.size
    grads = [None] * len(layers)
    for i in reversed(range(len(layers))):
        a_in, z, out = cache[i]
        if i < len(layers) - 1:
            d = d * df(z, out)
        grads[i] = [a_in.T @ d, d.sum(axis=0)]
        d = d @ layers[i][0].T
    return grads


def make_optimizer(name, layers, lr):
    state = [[np.zeros_like(p) for p in layer] for layer in layers]
    state2 = [[np.zeros_like(p) for p in layer] for layer in layers]
    t = [0]

    def momentum(grads):
        for layer, v, g in zip(layers, state, grads):
            for k in range(2):
                v[k] = 0.9 * v[k] - lr * g[k]
                layer[k] += v[k]

    def adam(grads):
        t[0] += 1
        for layer, m, v, g in zip(layers, state, state2, grads):
            for k in range(2):
                m[k] = 0.9 * m[k] + 0.1 * g[k]
                v[k] = 0.999 * v[k] + 0.001 * g[k] ** 2
                mhat, vhat = m[k] / (1 - 0.9 ** t[0]), v[k] / (1 - 0.999 ** t[0])
                layer[k] -= lr * mhat / (np.sqrt(vhat) + 1e-8)

    return {"momentum": momentum, "adam": adam}[name]


def recon_error(layers, X, act):
    recon, _ = forward(layers, X, act)
    return np.mean((recon - X) ** 2)


def train(s, Xtr, Xval, rng, steps=None):
    layers = init_params(s["sizes"], s["init"], s["bias"], rng)
    step = make_optimizer(s["optimizer"], layers, s["lr"])
    printed, t = [], 0
    for epoch in range(s["epochs"]):
        perm = rng.permutation(len(Xtr))
        for i in range(0, len(Xtr), s["batch"]):
            xb = Xtr[perm[i:i + s["batch"]]]
            recon, cache = forward(layers, xb, s["act"])
            loss = np.sum((recon - xb) ** 2) if s["reduction"] == "sum" else np.mean((recon - xb) ** 2)
            step(backward(layers, cache, xb, s["act"], s["reduction"]))
            t += 1
            if not np.isfinite(loss) or t == steps:
                break
        stop = not np.isfinite(loss) or t == steps
        if epoch % s["every"] == 0 or stop or epoch == s["epochs"] - 1:
            line = f"epoch {epoch:3d}  val recon {recon_error(layers, Xval, s['act']):.4f}"
            printed.append(float(line.split()[-1]))
            if not np.isfinite(printed[-1]):
                stop = True
        if stop:
            break
    return layers, printed


def run(settings, steps=None):
    s = settings
    standardize = bool(s.get("standardize", True))
    Xtr, Xval, Xte = load(standardize)
    rng = np.random.default_rng(s["seed"])
    with np.errstate(all="ignore"), one_blas_thread():
        layers, costs = train(s, Xtr, Xval, rng, steps)
        recon, _ = forward(layers, Xte, s["act"])
        scale = 1.0 if standardize else 16.0
        score = float(np.mean((recon / scale - Xte / scale) ** 2))
    return costs, score if np.isfinite(score) else float("inf")


def known(settings):
    s = settings
    return dict(lr=s["lr"], n_samples=N_TRAIN, batch_size=s["batch"], reduction=s["reduction"], loss="squared",
                every=s["every"] * -(-N_TRAIN // s["batch"]))


OWN = {"reduction": setter("reduction"), "weight_init": init_setter("init", ("he", "xavier")),
       "bias_init": bias_setter("bias"), "epochs": setter("epochs", int),
       "activation": activation_setter("act", tuple(ACTS)),
       "optimizer": lambda s, v: s.update(optimizer=v) if v in ("momentum", "adam") else None}


def apply(settings, action):
    return translate(settings, action, OWN)


def base(**kw):
    s = dict(seed=0, lr=1.0, standardize=True, epochs=60, batch=32, every=5, sizes=[64, 16, 64], act="tanh",
             init="xavier", bias=0.0, optimizer="momentum", reduction="mean")
    s.update(kw)
    return s


def suite():
    full = dict(batch=N_TRAIN, epochs=300, every=20)  # one update an epoch, a line every 20
    deep = [64, 48, 32, 16, 32, 48, 64]
    relu = dict(act="relu", init="he")
    runs = [(f"healthy tanh, momentum lr 1.0, seed {k}", "healthy", base(seed=k)) for k in (0, 1)]
    runs += [("healthy Adam lr 0.005", "healthy", base(seed=3, optimizer="adam", lr=0.005)),
             ("healthy full batch, Adam lr 0.02", "healthy", base(seed=4, optimizer="adam", lr=0.02, **full)),
             ("healthy 64-32-16-32-64", "healthy", base(seed=5, sizes=[64, 32, 16, 32, 64])),
             ("healthy linear code, full batch, momentum", "healthy", base(seed=15, act="linear", **full))]
    runs += [("momentum lr 0.01 (100x low)", "lr_low", base(seed=7, lr=0.01)),
             ("Adam lr 5e-5 (100x low)", "lr_low", base(seed=8, optimizer="adam", lr=5e-5)),
             ("full batch, lr 50, a line every 2 epochs", "lr_high",
              base(seed=9, lr=50.0, batch=N_TRAIN, epochs=100, every=2)),
             ("lr 20, a line every epoch", "lr_high", base(seed=10, lr=20.0, every=1, epochs=20)),
             ("squared error summed over the batch of 32", "summed",
              base(seed=11, reduction="sum", every=1, epochs=20)),
             ("linear code, full batch, error summed over 1200 images", "summed",
              base(seed=12, act="linear", reduction="sum", batch=N_TRAIN, epochs=300, every=1)),
             ("raw 0..16 pixels, linear code, full batch", "unscaled_diverging",
              base(seed=13, standardize=False, act="linear", batch=N_TRAIN, epochs=300, every=5)),
             ("raw 0..16 pixels, linear code, full batch, lr 0.03", "unscaled_diverging",
              base(seed=14, standardize=False, act="linear", lr=0.03, batch=N_TRAIN, epochs=100, every=1)),
             ("raw 0..16 pixels into tanh, lr 0.01", "unscaled_conditioned", base(seed=16, standardize=False, lr=0.01)),
             ("raw 0..16 pixels into tanh, lr 0.001", "unscaled_conditioned",
              base(seed=17, standardize=False, lr=0.001)),
             ("relu, biases -2", "dead", base(seed=18, bias=-2.0, act="relu")),
             ("relu, He init, lr 2.0", "dead", base(seed=19, lr=2.0, **relu)),
             ("six tanh layers, weights N(0, 9)", "saturated", base(seed=20, sizes=deep, init=3.0)),
             ("six sigmoid layers, weights N(0, 16)", "saturated", base(seed=21, sizes=deep, act="sigmoid", init=4.0))]
    runs += [(f"full batch, Adam lr 0.3, seed {k}: up, then down to the mean image and stuck", "jump_stuck",
              base(seed=k, optimizer="adam", lr=0.3, batch=N_TRAIN, epochs=100, every=1)) for k in (22, 24)]
    return runs
