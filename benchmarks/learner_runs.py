"""Training runs made outside nnlib's trainer, each a function of one settings dict.

doctor_accuracy.py labels them, diagnoses them, applies each diagnosis's ``action`` to the
settings (``apply``) and runs them again. Three families:
- ``numpy_run``: a plain NumPy MLP as a learner writes it (regression with a squared error,
  or classification with a naive softmax and cross-entropy), full batch or minibatch,
  watched by ``nnlib.doctor.watch`` (costs, pre-activations, gradients logged);
- ``sklearn_run``: scikit-learn's MLPRegressor / MLPClassifier, one loss per epoch
  (``partial_fit`` over the data) or per batch;
- ``original_run``: the question's own code (nnlib.question.original), one printed cost per iteration.
Each returns (diagnosis, truth): nnlib's diagnosis of the costs the learner has, and what an
independent check sees at the end (weights finite, a layer or output unit dead on all of X).
"""
import warnings

import numpy as np

import nnlib
from nnlib import doctor
from nnlib.question import original

_DATA = {}


def data(s):
    """(X, Y, classes): sincos regression, or scikit-learn's digits (pixels / 16, one-hot Y)."""
    key = (s["data"], s.get("n"), s.get("center_targets", False))
    if key not in _DATA:
        if s["data"] == "digits":
            from sklearn.datasets import load_digits
            X, y = load_digits(return_X_y=True)
            _DATA[key] = (X / 16.0, np.eye(10)[y], y)
        elif s["data"] == "random":  # the question's toy data
            X, Y = nnlib.datasets.random_targets(n=s["n"], seed=0)
            _DATA[key] = (X, Y, None)
        else:
            X, Y = nnlib.datasets.sincos(n=s["n"], seed=0)
            _DATA[key] = (X, Y - Y.mean(0) if s.get("center_targets") else Y, None)
    X, Y, y = _DATA[key]
    X = X * s.get("input_scale", 1.0)
    if s.get("standardize"):
        X = (X - X.mean(0)) / np.where(X.std(0) > 0, X.std(0), 1.0)
    return X, Y, y


def apply(s, action):
    """The settings with a diagnosis's action applied (lr_scale multiplies lr)."""
    s = dict(s)
    for key, value in action.items():
        if key == "lr_scale":
            s["lr"] *= value
        elif key == "seed":
            s["seed"] += 100
        else:
            s[key] = value
    return s


def _act(name, z, leak):
    if name == "relu":
        return np.maximum(z, 0), (z > 0).astype(float)
    if name == "leaky_relu":
        return np.where(z > 0, z, leak * z), np.where(z > 0, 1.0, leak)
    if name == "sigmoid":
        a = 1 / (1 + np.exp(-z))
        return a, a * (1 - a)
    return z, np.ones_like(z)


def _init(sizes, s, rng):
    Ws, bs = [], []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        scale = {"he": np.sqrt(2 / fan_in), "xavier": np.sqrt(1 / fan_in)}.get(s.get("weight_init", "he"))
        W = rng.normal(0, scale, (fan_in, fan_out)) if scale else rng.uniform(-1, 1, (fan_in, fan_out))
        Ws.append(W)
        bs.append(np.full(fan_out, float(s.get("bias_init", 0.1))))
    return Ws, bs


def _loss(out, yb, classify, reduction):
    """(cost, d cost / d output pre-activation)."""
    scale = 1.0 / len(yb) if reduction == "mean" else 1.0
    if classify:  # naive softmax, as a learner writes it: exp can overflow
        e = np.exp(out)
        p = e / e.sum(axis=1, keepdims=True)
        return -scale * np.sum(yb * np.log(p)), scale * (p - yb)
    err = out - yb
    return 0.5 * scale * np.sum(err ** 2), scale * err


def numpy_run(s):
    X, Y, _ = data(s)
    classify = s["data"] == "digits"
    rng = np.random.default_rng(s["seed"])
    sizes = [X.shape[1], *s["hidden"], Y.shape[1]]
    Ws, bs = _init(sizes, s, rng)
    acts = [s["activation"]] * (len(sizes) - 2) + ["identity" if classify else s["output_activation"]]
    N, B = len(X), s.get("batch_size") or len(X)
    with doctor.watch(lr=s["lr"], n_samples=N, reduction=s["reduction"], batch_size=s.get("batch_size"), X=X) as w:
        for _ in range(s["epochs"]):
            order = rng.permutation(N) if B < N else np.arange(N)
            for start in range(0, N, B):
                idx = order[start:start + B]
                cost, zs, grads = _step(Ws, bs, acts, X[idx], Y[idx], s, classify)
                w.log(cost, activations=zs, gradients=grads)
                if not np.isfinite(cost):  # a learner would stop here too
                    return w.diagnosis, _truth(Ws, bs, acts, X, s)
    return w.diagnosis, _truth(Ws, bs, acts, X, s)


def _step(Ws, bs, acts, xb, yb, s, classify):
    """One forward and backward pass and update; returns (cost, the activations of the
    ReLU-like layers, gradients)."""
    A, Z, D = [xb], [], []
    for W, b, name in zip(Ws, bs, acts):
        z = A[-1] @ W + b
        a, d = _act(name, z, s.get("leak", 0.01))
        Z.append(z), A.append(a), D.append(d)
    cost, delta = _loss(A[-1], yb, classify, s["reduction"])
    delta = delta * D[-1]
    grads = []
    for l in reversed(range(len(Ws))):
        gW, gb = A[l].T @ delta, delta.sum(axis=0)
        if l:
            delta = (delta @ Ws[l].T) * D[l - 1]
        Ws[l] -= s["lr"] * gW
        bs[l] -= s["lr"] * gb
        grads.append(gW)
    relu_like = [a for a, name in zip(A[1:], acts) if name in ("relu", "leaky_relu")]
    return cost, relu_like, grads[::-1]


def _truth(Ws, bs, acts, X, s):
    """Independent of diagnose: is every weight finite, and is some layer dead on all of X?"""
    with np.errstate(all="ignore"):
        finite = all(np.isfinite(W).all() for W in Ws)
        A, dead = X, []
        for W, b, name in zip(Ws, bs, acts):
            z = A @ W + b
            off = np.all(z <= 0, axis=0)  # units dead on every sample
            last = W is Ws[-1]
            dead.append(bool(name in ("relu", "leaky_relu") and (off.any() if last else off.all())))
            A = _act(name, z, s.get("leak", 0.01))[0]
    return dict(finite=finite, dead_layer=any(dead))


def sklearn_run(s):
    """scikit-learn's MLP: partial_fit one epoch (or one batch) at a time, loss_ after each."""
    from sklearn.neural_network import MLPClassifier, MLPRegressor
    X, Y, y = data(s)
    classify = s["data"] == "digits"
    model = (MLPClassifier if classify else MLPRegressor)(
        hidden_layer_sizes=tuple(s["hidden"]), solver=s["solver"], learning_rate_init=s["lr"],
        batch_size=s["batch_size"], random_state=s["seed"], activation=s.get("activation", "relu"))
    target, extra = (y, dict(classes=np.arange(10))) if classify else (Y, {})
    rng, losses = np.random.default_rng(s["seed"]), []
    chunks = s["batch_size"] if s.get("per_batch") else len(X)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")  # scikit-learn warns on overflow and on max_iter
        try:
            for _ in range(s["epochs"]):
                order = rng.permutation(len(X))
                for start in range(0, len(X), chunks):
                    idx = order[start:start + chunks]
                    model.partial_fit(X[idx], target[idx], **extra)
                    losses.append(model.loss_)
                    if not np.isfinite(model.loss_):
                        raise ValueError("non-finite loss")
        except ValueError:  # "Solver produced non-finite parameter weights"
            losses.append(np.inf)
    kw = dict(lr=s["lr"], n_samples=len(X), reduction="mean")
    if s.get("per_batch"):
        kw["batch_size"] = s["batch_size"]
    finite = all(np.isfinite(c).all() for c in model.coefs_)
    return nnlib.diagnose(losses, X=X, **kw), dict(finite=finite, dead_layer=False)


def original_run(s):
    """The question's code; reduction="mean" divides its lr by N (the mean's gradient is the
    sum's / N); output_activation="identity" makes its one layer linear."""
    X, Y, _ = data(s)
    original.use_data(X, Y)
    lr = s["lr"] / len(X) if s.get("reduction") == "mean" else s["lr"]
    act = "identity" if s.get("output_activation") == "identity" else s["activation"]
    net = original.OriginalNet(X.tolist(), Y.tolist(), nodes=(7, 2), lr=lr, activation=act,
                               seed=s["seed"], train=False)
    net.training(s["epochs"], lr)
    W = net.weight_arrays()[0]
    with np.errstate(all="ignore"):
        z = X @ W
    d = nnlib.diagnose(net.costs, lr=s["lr"], n_samples=len(X), reduction=s.get("reduction", "sum"),
                       batch_size=None)
    dead = act == "relu" and bool(np.all(z <= 0, axis=0).any())
    return d, dict(finite=bool(np.isfinite(W).all()), dead_layer=dead)


RUNNERS = {"numpy": numpy_run, "sklearn": sklearn_run, "original": original_run}


def run(s):
    """(diagnosis, truth) of the run with settings s."""
    return RUNNERS[s["runner"]](s)
