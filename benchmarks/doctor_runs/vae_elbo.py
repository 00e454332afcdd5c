"""Style "vae_elbo": a variational autoencoder on the 8x8 digits, the negative ELBO kept in a history dict.

Written for the next held-out half (doctor_runs.WAITING) by someone who never read or ran the
doctor. The learner follows a VAE tutorial in plain NumPy: scikit-learn's 1797 digits (64 pixels,
0-16), a fixed shuffle, 1400 images to train on and 397 to test. With "standardize" the encoder
sees the pixels divided by 16; without it the raw 0-16 pixels go into the encoder (the learner
forgot), while the decoder's targets are always the pixels divided by 16 (binary cross-entropy
needs them in [0, 1], so that part was done). The encoder is an MLP (one or two relu or tanh
layers) giving mu and log-variance of a 2-8 dim latent; z = mu + exp(logvar / 2) * eps; the
decoder is the mirror MLP with sigmoid outputs. The loss is the negative ELBO: the reconstruction
term (binary cross-entropy summed over the 64 pixels, or the squared error summed over them) plus
the KL term to N(0, I), averaged over the minibatch (reduction "sum": summed over it, as many
tutorials write it). The backward pass is written by hand, including the learner's BCE derivative
(p - x) / (p (1 - p)) on the clipped p, times the sigmoid's s (1 - s): an output whose sigmoid has
rounded to exactly 0 or 1 gets no gradient. Minibatch SGD, with or without momentum.

The log: history = {"loss": [...], "recon": [...], "kl": [...]}. With log "running" (as most
tutorials) each entry is the mean of that epoch's minibatch values; with log "eval" the learner
evaluates the whole training set once before training and after every epoch (so the curve starts
at the untrained net). A non-finite loss ends training. The costs handed over are the dict itself
(labels.curve reads its "loss"). Score: the test reconstruction error, the squared error between
the decoder's output at z = mu and the image (pixels / 16) summed over the 64 pixels and averaged
over the test images (lower is better; a decoder that gives the mean image scores about 4.4).
"""
import numpy as np

from .common import one_blas_thread, translate, usual_own

SCORE = "loss"
N_TRAIN = 1400
EPS = 1e-7
ACT = {"relu": (lambda a: np.maximum(a, 0.0), lambda h: (h > 0).astype(float)),
       "tanh": (np.tanh, lambda h: 1.0 - h * h)}


def sigmoid(a):
    """The logistic function (np.exp overflows to inf for very negative a: 1 / inf is 0)."""
    return 1.0 / (1.0 + np.exp(-a))


def load(standardize):
    """(encoder inputs train, targets train, inputs test, targets test): the digits, split 1400 / 397."""
    from sklearn.datasets import load_digits
    X = load_digits().data.astype(float)
    X = X[np.random.default_rng(5).permutation(len(X))]
    T = X / 16.0
    inputs = T if standardize else X
    return inputs[:N_TRAIN], T[:N_TRAIN], inputs[N_TRAIN:], T[N_TRAIN:]


def dense(m, n, init, bias, rng):
    """A [W, b] layer m -> n: W from N(0, std) (he, xavier or a number), b filled with bias."""
    std = {"he": np.sqrt(2.0 / m), "xavier": np.sqrt(1.0 / m)}.get(init, init)
    return [rng.normal(0.0, float(std), (m, n)), np.full(n, float(bias))]


def build(s, rng):
    """The VAE's parameters: enc (hidden layers), mu, lv, dec (hidden layers), out."""
    hid, d = list(s["hidden"]), s["latent"]
    sizes = [64] + hid
    enc = [dense(m, n, s["init"], s["bias"], rng) for m, n in zip(sizes[:-1], sizes[1:])]
    back = [d] + hid[::-1]
    dec = [dense(m, n, s["init"], s["bias"], rng) for m, n in zip(back[:-1], back[1:])]
    w = "he" if s["init"] == "he" else "xavier"  # the heads: the learner's scheme, or xavier beside a number
    return {"enc": enc, "mu": dense(hid[-1], d, w, 0.0, rng), "lv": dense(hid[-1], d, w, 0.0, rng),
            "dec": dec, "out": dense(hid[0], 64, w, 0.0, rng)}


def mlp(layers, h, act):
    """[h, h1, h2, ...]: the input and each hidden layer's output."""
    hs = [h]
    for W, b in layers:
        hs.append(ACT[act][0](hs[-1] @ W + b))
    return hs


def forward(net, X, eps, act):
    """Everything the backward pass needs, for inputs X and noise eps."""
    he = mlp(net["enc"], X, act)
    mu = he[-1] @ net["mu"][0] + net["mu"][1]
    lv = he[-1] @ net["lv"][0] + net["lv"][1]
    z = mu + np.exp(0.5 * lv) * eps
    hd = mlp(net["dec"], z, act)
    s_out = sigmoid(hd[-1] @ net["out"][0] + net["out"][1])
    return dict(he=he, mu=mu, lv=lv, z=z, hd=hd, s=s_out, eps=eps)


def terms(f, T, recon):
    """(recon, kl) per image: BCE (p clipped) or squared error summed over pixels; KL to N(0, I)."""
    p = np.clip(f["s"], EPS, 1 - EPS)
    if recon == "bce":
        r = -np.sum(T * np.log(p) + (1 - T) * np.log(1 - p), axis=1)
    else:
        r = np.sum((f["s"] - T) ** 2, axis=1)
    kl = 0.5 * np.sum(f["mu"] ** 2 + np.exp(f["lv"]) - 1.0 - f["lv"], axis=1)
    return r, kl


def back_mlp(layers, hs, d, act, grads):
    """Backprop d (the gradient at the last hidden output) through an MLP; grads gets [dW, db]s; returns d input."""
    for i in range(len(layers) - 1, -1, -1):
        d = d * ACT[act][1](hs[i + 1])
        grads.insert(0, [hs[i].T @ d, d.sum(0)])
        d = d @ layers[i][0].T
    return d


def gradients(net, f, T, s):
    """The gradient of the batch loss (mean or sum over the images) for every parameter."""
    scale = 1.0 if s["reduction"] == "sum" else 1.0 / len(T)
    if s["recon"] == "bce":
        p = np.clip(f["s"], EPS, 1 - EPS)
        dp = (p - T) / (p * (1 - p))
    else:
        dp = 2.0 * (f["s"] - T)
    da = dp * f["s"] * (1 - f["s"]) * scale
    g = {"out": [f["hd"][-1].T @ da, da.sum(0)], "dec": [], "enc": []}
    dz = back_mlp(net["dec"], f["hd"], da @ net["out"][0].T, s["activation"], g["dec"])
    std = np.exp(0.5 * f["lv"])
    dmu = dz + f["mu"] * scale
    dlv = dz * f["eps"] * 0.5 * std + 0.5 * (std * std - 1.0) * scale
    h = f["he"][-1]
    g["mu"] = [h.T @ dmu, dmu.sum(0)]
    g["lv"] = [h.T @ dlv, dlv.sum(0)]
    back_mlp(net["enc"], f["he"], dmu @ net["mu"][0].T + dlv @ net["lv"][0].T, s["activation"], g["enc"])
    return g


def pairs(tree):
    """The [param, ...] leaves of the net (or its grads), in a fixed order."""
    return [a for key in ("enc", "mu", "lv", "dec", "out")
            for layer in (tree[key] if key in ("enc", "dec") else [tree[key]]) for a in layer]


def evaluate(net, X, T, s, rng):
    """(loss, recon, kl) over a whole set, one noise draw each image, per image."""
    f = forward(net, X, rng.standard_normal((len(X), s["latent"])), s["activation"])
    r, kl = terms(f, T, s["recon"])
    return float(np.mean(r + kl)), float(np.mean(r)), float(np.mean(kl))


def train(s, X, T, rng, steps=None):
    """The learner's loop; returns (history, net)."""
    net = build(s, rng)
    params = pairs(net)
    vel = [np.zeros_like(a) for a in params]
    history = {"loss": [], "recon": [], "kl": []}
    if s["log"] == "eval":
        for key, v in zip(history, evaluate(net, X, T, s, rng)):
            history[key].append(v)
    t = 0
    for epoch in range(s["epochs"]):
        order, sums = rng.permutation(len(X)), []
        for k in range(0, len(X), s["batch"]):
            idx = order[k:k + s["batch"]]
            f = forward(net, X[idx], rng.standard_normal((len(idx), s["latent"])), s["activation"])
            r, kl = terms(f, T[idx], s["recon"])
            sums.append((np.mean(r + kl), np.mean(r), np.mean(kl)))
            for p, v, g in zip(params, vel, pairs(gradients(net, f, T[idx], s))):
                v *= s["momentum"]
                v -= s["lr"] * g
                p += v
            t += 1
            if t == steps:
                break
        record = evaluate(net, X, T, s, rng) if s["log"] == "eval" else np.mean(sums, axis=0)
        for key, v in zip(history, record):
            history[key].append(float(v))
        if not np.isfinite(history["loss"][-1]) or t == steps:
            break
    return history, net


def run(settings, steps=None):
    """(history, test reconstruction error per image); steps: stop after that many updates, with a record."""
    s = settings
    X, T, Xte, Tte = load(s["standardize"])
    rng = np.random.default_rng(s["seed"])
    with np.errstate(all="ignore"), one_blas_thread():
        history, net = train(s, X, T, rng, steps)
        f = forward(net, Xte, np.zeros((len(Xte), s["latent"])), s["activation"])
        err = float(np.mean(np.sum((f["s"] - Tte) ** 2, axis=1)))
    return history, err if np.isfinite(err) else float("inf")


def known(settings):
    """lr, the training size, the batch and the updates between records; the reduction when the learner says it."""
    per_epoch = -(-N_TRAIN // settings["batch"])
    out = dict(lr=settings["lr"], n_samples=N_TRAIN, batch_size=settings["batch"], every=per_epoch)
    if settings["tell"]:
        out["reduction"] = settings["reduction"]
    return out


OWN = usual_own(activations=tuple(ACT))


def apply(settings, action):
    """A doctor's action as this learner applies it (lr, standardize, seed, reduction, init, bias, activation,
    epochs); anything else the code has no knob for."""
    return translate(settings, action, OWN)


def base(**kw):
    """A relu 128 -> latent 8 VAE, BCE, batches of 50, SGD lr 0.01 with momentum 0.9, 40 epochs."""
    s = dict(seed=0, lr=0.01, momentum=0.9, standardize=True, hidden=[128], latent=8, activation="relu",
             init="he", bias=0.0, recon="bce", reduction="mean", batch=50, epochs=40, log="eval", tell=False)
    s.update(kw)
    return s


def suite():
    """The 18 labelled runs: (name, cause, settings), the cause put in by the settings."""
    deep_tanh = dict(activation="tanh", hidden=[128, 64])
    runs = [("healthy relu 128, seed 0", "healthy", base()),
            ("healthy relu 128, seed 1, says its loss is averaged", "healthy", base(seed=1, tell=True)),
            ("healthy batches of 100, lr 0.02", "healthy", base(seed=2, batch=100, lr=0.02)),
            ("healthy tanh 128, 50 epochs", "healthy", base(seed=3, activation="tanh", epochs=50)),
            ("healthy plain SGD lr 0.05", "healthy", base(seed=4, lr=0.05, momentum=0.0, tell=True)),
            ("healthy relu 128-64, latent 4", "healthy", base(seed=6, hidden=[128, 64], latent=4))]
    runs += [("lr 0.5 (50x)", "lr_high", base(seed=5, lr=0.5)),
             ("plain SGD lr 2.5 (50x)", "lr_high", base(seed=8, lr=2.5, momentum=0.0, tell=True)),
             ("plain SGD, batches of 100, lr 5e-4 (100x low)", "lr_low",
              base(seed=9, batch=100, lr=5e-4, momentum=0.0)),
             ("plain SGD lr 5e-4 (100x low), running means", "lr_low",
              base(seed=10, lr=5e-4, momentum=0.0, log="running")),
             ("negative ELBO summed over batches of 50", "summed", base(seed=11, reduction="sum", tell=True)),
             ("summed over batches of 100, lr 0.02", "summed", base(seed=12, reduction="sum", batch=100, lr=0.02)),
             ("raw 0-16 pixels into a relu encoder", "unscaled_diverging", base(seed=13, standardize=False)),
             ("raw pixels, relu, plain SGD lr 0.001", "unscaled_diverging",
              base(seed=14, standardize=False, init="xavier", lr=0.001, momentum=0.0)),
             ("relu biases start at -3", "dead", base(seed=7, bias=-3.0)),
             ("relu biases start at -5, running means", "dead", base(seed=15, bias=-5.0, log="running")),
             ("tanh 128-64, weights N(0, 3)", "saturated", base(seed=16, init=3.0, **deep_tanh)),
             ("tanh 128-64, weights N(0, 4), lr 0.005", "saturated", base(seed=17, init=4.0, lr=0.005, **deep_tanh)),
             ("lr 0.1: a leap, then sigmoid outputs pinned at 0 or 1", "jump_stuck", base(seed=18, lr=0.1)),
             ("lr 0.07, batches of 100", "jump_stuck", base(seed=2, lr=0.07, batch=100))]
    return runs
