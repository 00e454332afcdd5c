"""Style "tensorgrad": a learner's own tiny reverse-mode autograd, used like PyTorch.

The learner wrote a `Tensor` that keeps its parents and a closure for its piece of the chain
rule, a `.backward()` that walks the graph in reverse topological order, `Linear` layers and an
`SGD` optimiser with `zero_grad()` / `step()`. The model is an MLP on sklearn's digits (8x8
images, pixels 0..16 as they come unless the learner standardizes them), softmax cross-entropy
with `reduction="mean"` or `"sum"` as in `F.cross_entropy`. The learner prints
`loss.item()` once per epoch, the loss of the epoch's last minibatch, as the usual loop does
after its inner `for` ends. The learner's costs are those printed numbers.
"""
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from .common import setter, translate

SCORE = "accuracy"


class Tensor:
    """An array with a gradient, its parents, and how to pass a gradient back to them."""

    def __init__(self, data, parents=(), back=None):
        self.data = np.asarray(data, float)
        self.grad = np.zeros_like(self.data)
        self.parents, self.back = parents, back

    def __matmul__(self, other):
        def back(g):
            self.grad += g @ other.data.T
            other.grad += self.data.T @ g
        return Tensor(self.data @ other.data, (self, other), back)

    def __add__(self, bias):  # bias: shape (n,), added to every row
        def back(g):
            self.grad += g
            bias.grad += g.sum(0)
        return Tensor(self.data + bias.data, (self, bias), back)

    def _pointwise(self, value, slope):
        def back(g):
            self.grad += g * slope
        return Tensor(value, (self,), back)

    def relu(self):
        return self._pointwise(np.maximum(self.data, 0), self.data > 0)

    def leaky_relu(self):
        return self._pointwise(np.where(self.data > 0, self.data, 0.01 * self.data), np.where(self.data > 0, 1.0, 0.01))

    def tanh(self):
        t = np.tanh(self.data)
        return self._pointwise(t, 1 - t * t)

    def sigmoid(self):
        s = 0.5 * (1 + np.tanh(0.5 * self.data))  # the tanh form cannot overflow
        return self._pointwise(s, s * (1 - s))

    def item(self):
        return float(self.data)

    def backward(self):
        order, seen = [], set()

        def visit(t):
            if id(t) not in seen:
                seen.add(id(t))
                for p in t.parents:
                    visit(p)
                order.append(t)
        visit(self)
        self.grad = np.ones_like(self.data)
        for t in reversed(order):
            if t.back is not None:
                t.back(t.grad)


def cross_entropy(logits, y, reduction="mean"):
    """logits: Tensor (n, k); y: int labels (n,). One op: log-softmax and the picked log-likelihoods."""
    z = logits.data - logits.data.max(1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(1, keepdims=True))
    n = len(y)
    losses = -logp[np.arange(n), y]
    scale = 1.0 / n if reduction == "mean" else 1.0

    def back(g):
        d = np.exp(logp)
        d[np.arange(n), y] -= 1
        logits.grad += g * scale * d
    return Tensor(losses.sum() * scale, (logits,), back)


class Linear:
    def __init__(self, rng, n_in, n_out, init, bias):
        if init == "torch":  # U(-1/sqrt(fan_in), 1/sqrt(fan_in)), PyTorch's nn.Linear default
            w = rng.uniform(-1, 1, (n_in, n_out)) / np.sqrt(n_in)
        elif init == "he":
            w = rng.normal(0, np.sqrt(2.0 / n_in), (n_in, n_out))
        elif init == "xavier":
            w = rng.normal(0, np.sqrt(2.0 / (n_in + n_out)), (n_in, n_out))
        else:  # a number: the learner's own N(0, init) for every layer
            w = rng.normal(0, float(init), (n_in, n_out))
        self.W, self.b = Tensor(w), Tensor(np.full(n_out, float(bias)))

    def __call__(self, x):
        return x @ self.W + self.b


class SGD:
    def __init__(self, params, lr):
        self.params, self.lr = params, lr

    def zero_grad(self):
        for p in self.params:
            p.grad = np.zeros_like(p.data)

    def step(self):
        for p in self.params:
            p.data -= self.lr * p.grad


class MLP:
    def __init__(self, rng, sizes, activation, init, bias):
        self.layers = [Linear(rng, a, b, init, bias if i < len(sizes) - 2 else 0.0)
                       for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:]))]
        self.activation = activation

    def parameters(self):
        return [p for layer in self.layers for p in (layer.W, layer.b)]

    def __call__(self, x):
        for layer in self.layers[:-1]:
            x = getattr(layer(x), self.activation)()
        return self.layers[-1](x)


def _data(standardize):
    X, y = load_digits(return_X_y=True)
    Xtr, Xte, ytr, yte = train_test_split(X, y, train_size=1400, random_state=42, stratify=y)
    if standardize:  # fitted on the training images only; blank corner pixels keep a scale of 1
        scaler = StandardScaler().fit(Xtr)
        Xtr, Xte = scaler.transform(Xtr), scaler.transform(Xte)
    return Xtr, ytr, Xte, yte


def run(settings, steps=None):
    s = settings
    Xtr, ytr, Xte, yte = _data(s.get("standardize", False))
    rng = np.random.default_rng(s["seed"])
    model = MLP(rng, [64] + [s["hidden"]] * s["depth"] + [10], s["activation"], s["init"], s["bias"])
    opt = SGD(model.parameters(), s["lr"])
    bs = s["batch_size"] or len(ytr)
    printed, updates = [], 0
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for epoch in range(s["epochs"]):
            order = rng.permutation(len(ytr))
            for i in range(0, len(ytr), bs):
                idx = order[i:i + bs]
                loss = cross_entropy(model(Tensor(Xtr[idx])), ytr[idx], s["reduction"])
                opt.zero_grad()
                loss.backward()
                opt.step()
                updates += 1
                if steps is not None and updates >= steps:
                    break
            printed.append(loss.item())
            if steps is not None and updates >= steps or not np.isfinite(loss.item()):
                break
        pred = model(Tensor(Xte)).data.argmax(1)
    return printed, float(100 * np.mean(pred == yte))


def known(settings):
    bs = settings["batch_size"] or 1400
    return dict(lr=settings["lr"], n_samples=1400, batch_size=bs, every=-(-1400 // bs), loss="cross_entropy",
                n_classes=10, reduction=settings["reduction"])



def _bias(s, v):
    s["bias"] = float({"none": 0.0, "zero": 0.0, "zeros": 0.0, "U(0,1)": 0.5}.get(v, v))


def _init(s, v):
    s["init"] = v if v in ("torch", "he", "xavier") else float(v)


def _activation(s, v):
    if v in ("relu", "leaky_relu", "tanh", "sigmoid"):  # the learner's Tensor has these four
        s["activation"] = v


OWN = {"reduction": setter("reduction"), "activation": _activation, "weight_init": _init, "bias_init": _bias,
       "epochs": setter("epochs", int)}


def apply(settings, action):
    return translate(settings, action, OWN)


def base(**kw):
    s = dict(lr=0.1, seed=0, standardize=True, batch_size=64, epochs=15, hidden=32, depth=1, activation="tanh",
             init="torch", bias=0.0, reduction="mean")
    s.update(kw)
    return s


def full(**kw):
    """Full batch: one update an epoch, so more epochs and a larger step."""
    return base(**{"batch_size": None, "epochs": 150, "lr": 0.5, **kw})


def suite():
    runs = [(f"healthy minibatch seed {k}", "healthy", base(seed=k)) for k in (0, 1)]
    runs += [("healthy relu minibatch", "healthy", base(seed=2, activation="relu")),
             ("healthy full batch tanh", "healthy", full(seed=3)),
             ("healthy full batch relu he", "healthy", full(seed=4, activation="relu", init="he"))]
    runs += [("lr 3 relu minibatch (30x)", "lr_high", base(lr=3.0, activation="relu", seed=1)),
             ("lr 10 relu minibatch (100x)", "lr_high", base(lr=10.0, activation="relu", seed=2)),
             ("lr 50 full batch (100x)", "lr_high", full(lr=50.0, seed=3)),
             ("lr 0.001 minibatch (100x low)", "lr_low", base(lr=0.001, seed=4)),
             ("lr 0.005 full batch (100x low)", "lr_low", full(lr=0.005, seed=5)),
             ("relu, sum over the batch of 64, lr 0.1", "summed", base(reduction="sum", activation="relu", seed=6)),
             ("sum over all 1400, lr 0.5", "summed", full(reduction="sum", seed=7)),
             ("raw pixels relu lr 0.1", "unscaled_diverging", base(standardize=False, activation="relu", seed=8)),
             ("raw pixels relu full batch lr 0.5", "unscaled_diverging",
              full(standardize=False, activation="relu", seed=9)),
             ("relu bias -3", "dead", base(activation="relu", bias=-3.0, seed=12)),
             ("relu bias -6 full batch", "dead", full(activation="relu", bias=-6.0, seed=13)),
             ("4 sigmoid layers N(0, 1)", "saturated", base(activation="sigmoid", depth=4, init=1.0, seed=14)),
             ("sigmoid N(0, 5) full batch", "saturated", full(activation="sigmoid", init=5.0, seed=15))]
    return runs
