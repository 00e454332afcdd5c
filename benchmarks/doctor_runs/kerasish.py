"""Style "kerasish": a learner who knows Keras and rebuilt its shape in NumPy.

Layer objects (Dense with forward/backward), a Sequential model with compile() and
fit(X, y, epochs, batch_size) that shuffles each epoch and returns a Keras-like history
whose "loss" is the MEAN of that epoch's minibatch losses. Softmax + cross-entropy on
sklearn's 8x8 digits (10 classes). The learner has one cost per epoch. Score: test accuracy.
"""
import numpy as np
from sklearn.datasets import load_digits

from .common import translate

SCORE = "accuracy"


# ---------------------------------------------------------------- the little framework
def _act(name, z, leak=0.01):
    """Activation value for z (any shape) by name."""
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "leaky_relu":
        return np.where(z > 0, z, leak * z)
    if name == "tanh":
        return np.tanh(z)
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-np.clip(z, -500, 500)))
    return z  # "linear"/"identity"


def _act_grad(name, z, a, leak=0.01):
    """d act / d z, given z and a = act(z)."""
    if name == "relu":
        return (z > 0).astype(z.dtype)
    if name == "leaky_relu":
        return np.where(z > 0, 1.0, leak)
    if name == "tanh":
        return 1.0 - a * a
    if name == "sigmoid":
        return a * (1.0 - a)
    return np.ones_like(z)


class Dense:
    """units outputs; kernel_initializer in glorot_uniform | he_normal | random_uniform
    | random_normal (stddev 1); bias_initializer a number or "random_uniform" (U(0,1))."""

    def __init__(self, units, activation="linear", kernel_initializer="glorot_uniform",
                 bias_initializer=0.0, leak=0.01):
        self.units, self.activation, self.leak = units, activation, leak
        self.kernel_initializer, self.bias_initializer = kernel_initializer, bias_initializer

    def build(self, n_in, rng):
        k = self.kernel_initializer
        if k == "glorot_uniform":
            lim = np.sqrt(6.0 / (n_in + self.units))
            self.W = rng.uniform(-lim, lim, (n_in, self.units))
        elif k == "he_normal":
            self.W = rng.normal(0.0, np.sqrt(2.0 / n_in), (n_in, self.units))
        elif k == "random_uniform":
            self.W = rng.uniform(-0.05, 0.05, (n_in, self.units))  # Keras' default limits
        else:  # "random_normal": a stddev of 1, whatever the fan-in
            self.W = rng.normal(0.0, 1.0, (n_in, self.units))
        if self.bias_initializer == "random_uniform":
            self.b = rng.uniform(0.0, 1.0, self.units)
        else:
            self.b = np.full(self.units, float(self.bias_initializer))

    def forward(self, x):
        self.x = x
        self.z = x @ self.W + self.b
        self.a = _act(self.activation, self.z, self.leak)
        return self.a

    def backward(self, grad_a):
        """grad_a: d loss / d output (batch, units) -> d loss / d input (batch, n_in)."""
        grad_z = grad_a * _act_grad(self.activation, self.z, self.a, self.leak)
        self.dW = self.x.T @ grad_z
        self.db = grad_z.sum(axis=0)
        return grad_z @ self.W.T


class SGD:
    """Keras-like SGD (momentum=0 is plain SGD), and Adam / RMSprop with Keras' defaults."""

    def __init__(self, kind="sgd", learning_rate=0.01, momentum=0.0):
        self.kind, self.lr, self.momentum, self.t, self.state = kind, learning_rate, momentum, 0, {}

    def step(self, layers):
        self.t += 1
        for i, layer in enumerate(layers):
            for name in ("W", "b"):
                p, g = getattr(layer, name), getattr(layer, "d" + name)
                m, v = self.state.get((i, name), (np.zeros_like(p), np.zeros_like(p)))
                if self.kind == "adam":
                    m = 0.9 * m + 0.1 * g
                    v = 0.999 * v + 0.001 * g * g
                    upd = (m / (1 - 0.9 ** self.t)) / (np.sqrt(v / (1 - 0.999 ** self.t)) + 1e-7)
                elif self.kind == "rmsprop":
                    v = 0.9 * v + 0.1 * g * g
                    upd = g / (np.sqrt(v) + 1e-7)
                else:
                    m = self.momentum * m + g
                    upd = m
                self.state[(i, name)] = (m, v)
                p -= self.lr * upd


class Sequential:
    def __init__(self, layers, seed=0):
        self.layers, self.rng = layers, np.random.default_rng(seed)

    def compile(self, optimizer, reduction="mean"):
        self.optimizer, self.reduction = optimizer, reduction

    def _build(self, n_in):
        for layer in self.layers:
            layer.build(n_in, self.rng)
            n_in = layer.units

    def predict(self, X):
        for layer in self.layers:
            X = layer.forward(X)
        z = X - X.max(axis=1, keepdims=True)  # softmax output, shifted so exp cannot overflow
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def train_on_batch(self, xb, yb):
        """One update; returns the batch's loss (categorical cross-entropy, mean or sum)."""
        p = self.predict(xb)
        onehot = np.eye(p.shape[1])[yb]
        losses = -np.log(np.clip(p[np.arange(len(yb)), yb], 1e-12, None))
        grad = p - onehot
        if self.reduction == "mean":
            grad = grad / len(yb)
        for layer in reversed(self.layers):
            grad = layer.backward(grad)
        self.optimizer.step(self.layers)
        return float(losses.mean() if self.reduction == "mean" else losses.sum())

    def fit(self, X, y, epochs=1, batch_size=32):
        self._build(X.shape[1])
        history = {"loss": []}
        for _ in range(epochs):
            order = self.rng.permutation(len(X))
            batch_losses = [self.train_on_batch(X[idx], y[idx])
                            for idx in np.array_split(order, max(1, -(-len(X) // batch_size)))]
            history["loss"].append(float(np.mean(batch_losses)))
        return history


# ---------------------------------------------------------------- the learner's script
_DATA = {}


def _digits():
    """Train/test split of the digits, fixed (the settings' seed is the model's)."""
    if not _DATA:
        X, y = load_digits(return_X_y=True)
        order = np.random.default_rng(12345).permutation(len(X))
        X, y = X[order].astype(float), y[order]
        _DATA["split"] = (X[:1200], y[:1200], X[1200:], y[1200:])
    return _DATA["split"]


def _inputs(settings):
    Xtr, ytr, Xte, yte = _digits()
    if settings.get("standardize"):
        mu, sd = Xtr.mean(axis=0), Xtr.std(axis=0) + 1e-8  # some corner pixels are always 0
        Xtr, Xte = (Xtr - mu) / sd, (Xte - mu) / sd
    return Xtr, ytr, Xte, yte


def _model(s):
    hidden = [Dense(s["units"], s["activation"], s["kernel_init"], s["bias_init"], s.get("leak", 0.01))
              for _ in range(s["depth"])]
    model = Sequential(hidden + [Dense(10, "linear", s["kernel_init"], 0.0)], seed=s["seed"])
    model.compile(SGD(s["optimizer"], s["lr"], s["momentum"]), s["reduction"])
    return model


def run(settings, steps=None):
    """steps: a short run of that many epochs. Returns (history["loss"], test accuracy %)."""
    s = dict(DEFAULTS, **settings)
    Xtr, ytr, Xte, yte = _inputs(s)
    model = _model(s)
    with np.errstate(all="ignore"):  # a diverging run is a lesson: its losses go to inf/nan
        history = model.fit(Xtr, ytr, epochs=steps or s["epochs"], batch_size=s["batch_size"])
        pred = model.predict(Xte).argmax(axis=1)
    return history["loss"], float(100.0 * np.mean(pred == yte))


def known(settings):
    s = dict(DEFAULTS, **settings)
    n = len(_digits()[0])
    full = s["batch_size"] >= n
    return dict(lr=s["lr"], n_samples=n, reduction=s["reduction"], loss="cross_entropy", n_classes=10,
                batch_size=None if full else s["batch_size"], every=-(-n // s["batch_size"]))


DEFAULTS = dict(epochs=30, batch_size=32, units=32, depth=1, activation="relu", kernel_init="glorot_uniform",
                bias_init=0.0, optimizer="sgd", momentum=0.0, reduction="mean", standardize=True)
_INITS = {"xavier": "glorot_uniform", "he": "he_normal", "uniform": "random_uniform"}


def _bias(s, v):
    if v in ("U(0,1)", "uniform"):
        s["bias_init"] = "random_uniform"
    else:
        s["bias_init"] = 0.0 if v in ("none", None) else float(v)


def _optimizer(s, v):
    s["optimizer"], s["momentum"] = ("sgd", 0.9) if v == "momentum" else (v, 0.0)


OWN = {"epochs": lambda s, v: s.__setitem__("epochs", int(v)),
       "reduction": lambda s, v: s.__setitem__("reduction", v),
       "activation": lambda s, v: s.__setitem__("activation", "linear" if v == "identity" else v),
       "weight_init": lambda s, v: s.__setitem__("kernel_init", _INITS.get(v, v)),
       "bias_init": _bias, "optimizer": _optimizer,
       "leak": lambda s, v: s.__setitem__("leak", float(v))}


def apply(settings, action):
    return translate(settings, action, OWN)


def _s(**kw):
    return dict(DEFAULTS, **kw)


def suite():
    """Seeds and sizes chosen before the doctor saw any of it; each problem run's cure was checked."""
    full = dict(batch_size=1200, epochs=100)  # full batch: one update per epoch, so more epochs
    return [
        ("healthy bs32 seed 0", "healthy", _s(lr=0.05, seed=0)),
        ("healthy bs64 seed 1", "healthy", _s(lr=0.05, seed=1, batch_size=64)),
        ("healthy bs16 seed 3", "healthy", _s(lr=0.02, seed=3, batch_size=16)),
        ("healthy momentum seed 4", "healthy", _s(lr=0.01, seed=4, momentum=0.9)),
        ("healthy raw pixels seed 5", "healthy", _s(lr=0.01, seed=5, standardize=False)),
        ("healthy full batch seed 2", "healthy", _s(lr=0.5, seed=2, **full)),
        ("lr 2.5 seed 0", "lr_high", _s(lr=2.5, seed=0)),
        ("lr 5 seed 1", "lr_high", _s(lr=5.0, seed=1)),
        ("full batch lr 25 seed 1", "lr_high", _s(lr=25.0, seed=1, **full)),
        ("lr 0.0005 seed 0", "lr_low", _s(lr=0.0005, seed=0)),
        ("full batch lr 0.005 seed 2", "lr_low", _s(lr=0.005, seed=2, **full)),
        ("raw pixels full batch seed 0", "unscaled_diverging", _s(lr=0.5, seed=0, standardize=False, **full)),
        ("raw pixels full batch seed 1", "unscaled_diverging", _s(lr=0.5, seed=1, standardize=False, **full)),
        ("bias -6 seed 0", "dead", _s(lr=0.05, seed=0, bias_init=-6.0)),
        ("bias -10 bs64 seed 1", "dead", _s(lr=0.05, seed=1, bias_init=-10.0, batch_size=64)),
        ("summed bs128 seed 0", "summed", _s(lr=0.05, seed=0, reduction="sum", batch_size=128)),
        ("summed full batch seed 3", "summed", _s(lr=0.5, seed=3, reduction="sum", **full)),
        ("deep tanh stddev 1 seed 0", "saturated",
         _s(lr=0.05, seed=0, depth=6, activation="tanh", kernel_init="random_normal")),
        ("deep tanh stddev 1 seed 1", "saturated",
         _s(lr=0.05, seed=1, depth=6, activation="tanh", kernel_init="random_normal")),
    ]
