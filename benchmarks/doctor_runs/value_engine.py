"""Style "value_engine": a scalar autograd engine of the learner's own, one sample per update.

Written for the next held-out half (doctor_runs.WAITING) by someone who never read or ran the
doctor. The learner watched a from-scratch autograd lecture and wrote a `Value` class: each number
remembers its parents and how to pass its gradient back, and `backward()` walks the graph in reverse
topological order. Neurons, layers and the MLP are lists of `Value`s (two hidden layers). The task:
tell two kinds of parts apart from two measurements in raw units (a length near 150 mm, a mass near
2000 g), 64 training parts, logistic loss ``softplus(-y * score)`` with y = +-1. Every sample is its
own update (plain SGD, the lr falling linearly to a tenth of itself by the last epoch, the way the
lecture did). Before training they check that the untrained net's mean loss over the training parts
is near log 2 and keep that number first. They add up each sample's loss over the epoch and every
`every` samples append ``total / number of samples so far this epoch`` to `epoch_losses` (the
running mean restarts with each epoch): those are the costs. The score is the accuracy on 200
held-out parts. Python floats never raise on inf or nan; the learner's ``math.isfinite`` check on
the running mean stops a blown-up run.
"""
import math

import numpy as np

from .common import activation_setter, bias_setter, init_setter, setter, translate

SCORE = "accuracy"
N_TRAIN, N_TEST = 64, 200


class Value:
    """One scalar in the graph: data, grad, its parents and the closure that sends grad to them."""
    __slots__ = ("data", "grad", "_back", "_prev")

    def __init__(self, data, prev=()):
        self.data, self.grad, self._prev, self._back = data, 0.0, prev, None

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other))

        def back():
            self.grad += out.grad
            other.grad += out.grad
        out._back = back
        return out

    __radd__ = __add__

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other))

        def back():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._back = back
        return out

    __rmul__ = __mul__

    def relu(self):
        out = Value(self.data if self.data > 0 else 0.0, (self,))

        def back():
            self.grad += (out.data > 0) * out.grad
        out._back = back
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, (self,))

        def back():
            self.grad += (1 - t * t) * out.grad
        out._back = back
        return out

    def softplus(self):
        """log(1 + e^x), written so that math.exp never sees a large positive number."""
        x = self.data
        out = Value(max(x, 0.0) + math.log1p(math.exp(-abs(x))), (self,))

        def back():
            sig = 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))
            self.grad += sig * out.grad
        out._back = back
        return out

    def backward(self):
        order, seen, stack = [], set(), [(self, False)]
        while stack:  # an explicit stack: a deep graph would pass Python's recursion limit
            v, done = stack.pop()
            if done:
                order.append(v)
            elif id(v) not in seen:
                seen.add(id(v))
                stack.append((v, True))
                stack.extend((p, False) for p in v._prev)
        self.grad = 1.0
        for v in reversed(order):
            if v._back:
                v._back()


class Neuron:
    def __init__(self, n_in, std, bias, act, rng):
        self.w = [Value(float(rng.normal(0, std))) for _ in range(n_in)]
        self.b = Value(bias)
        self.act = act

    def __call__(self, x):
        z = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return {"relu": z.relu, "tanh": z.tanh}.get(self.act, lambda: z)()

    def parameters(self):
        return self.w + [self.b]


class MLP:
    def __init__(self, s, rng):
        sizes = [2, s["width"], s["width"], 1]
        self.layers = []
        for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
            last = i == len(sizes) - 2
            std = {"he": math.sqrt(2 / a), "xavier": math.sqrt(1 / a)}.get(s["init"], s["init"])
            self.layers.append([Neuron(a, float(std), 0.0 if last else float(s["bias"]),
                                       "linear" if last else s["nonlin"], rng) for _ in range(b)])

    def __call__(self, x):
        for layer in self.layers:
            x = [n(x) for n in layer]
        return x[0]

    def parameters(self):
        return [p for layer in self.layers for n in layer for p in n.parameters()]


def parts(n, seed):
    """n parts: (length mm, mass g) and kind +-1; the kinds differ by a curved boundary."""
    rng = np.random.default_rng(seed)
    u = rng.uniform(-1, 1, (n, 2))
    kind = np.where(u[:, 1] > 0.8 * u[:, 0] ** 2 - 0.3 + 0.25 * np.sin(3 * u[:, 0]), 1.0, -1.0)
    return np.column_stack([150 + 30 * u[:, 0], 2000 + 400 * u[:, 1]]), kind


def _data(standardize):
    X, y = parts(N_TRAIN + N_TEST, 11)
    if standardize:
        X = (X - X[:N_TRAIN].mean(0)) / X[:N_TRAIN].std(0)
    return X[:N_TRAIN].tolist(), y[:N_TRAIN].tolist(), X[N_TRAIN:].tolist(), y[N_TRAIN:]


def run(settings, steps=None):
    s = settings
    Xtr, ytr, Xte, yte = _data(s.get("standardize", True))
    rng = np.random.default_rng(s["seed"])
    model = MLP(s, rng)
    params = model.parameters()
    # the lecture's sanity check first: an untrained net should score about log 2 on every sample
    epoch_losses, done = [sum((-y * model(x)).softplus().data for x, y in zip(Xtr, ytr)) / N_TRAIN], 0
    for epoch in range(s["epochs"]):
        lr = s["lr"] * (1.0 - 0.9 * epoch / max(s["epochs"] - 1, 1))
        total, seen = 0.0, 0
        for i in rng.permutation(N_TRAIN):
            loss = (-ytr[i] * model(Xtr[i])).softplus()
            for p in params:
                p.grad = 0.0
            loss.backward()
            for p in params:
                p.data -= lr * p.grad
            total, seen, done = total + loss.data, seen + 1, done + 1
            if seen % s["every"] == 0 or done == steps:  # the epoch's running mean so far, as a progress line shows it
                epoch_losses.append(total / seen)
                if done == steps or not math.isfinite(epoch_losses[-1]):
                    break
        if done == steps or not math.isfinite(epoch_losses[-1]):
            break
    scores = np.array([model(x).data for x in Xte])
    acc = float(100 * np.mean(np.sign(scores) == yte)) if np.isfinite(scores).all() else 0.0
    return epoch_losses, acc


def known(settings):
    return dict(lr=settings["lr"], n_samples=N_TRAIN, batch_size=1, every=settings["every"], loss="cross_entropy",
                n_classes=2, reduction="mean")


OWN = {"weight_init": init_setter("init", ("he", "xavier")), "bias_init": bias_setter("bias"),
       "epochs": setter("epochs", int), "activation": activation_setter("nonlin", ("relu", "tanh"))}


def apply(settings, action):
    return translate(settings, action, OWN)


def base(**kw):
    s = dict(lr=0.05, seed=0, standardize=True, epochs=12, every=16, width=6, nonlin="relu", init="he", bias=0.0)
    s.update(kw)
    return s


def suite():
    runs = [(f"healthy seed {k}", "healthy", base(seed=k)) for k in (0, 1, 2)]
    runs += [("healthy tanh xavier, lr 0.1, 16 epochs", "healthy",
              base(seed=3, nonlin="tanh", init="xavier", lr=0.1, epochs=16)),
             ("healthy 8 wide, lr 0.03", "healthy", base(seed=4, width=8, lr=0.03))]
    runs += [("tanh lr 2 (20x the tanh lr)", "lr_high", base(seed=5, nonlin="tanh", init="xavier", lr=2.0)),
             ("tanh lr 5 (50x)", "lr_high", base(seed=6, nonlin="tanh", init="xavier", lr=5.0)),
             ("lr 0.0005 (100x low)", "lr_low", base(seed=7, lr=0.0005)),
             ("tanh lr 0.001 (100x low)", "lr_low", base(seed=8, nonlin="tanh", init="xavier", lr=0.001)),
             ("raw mm and g, lr 1e-5 so it stays finite", "unscaled_conditioned",
              base(seed=9, standardize=False, lr=1e-5)),
             ("raw mm and g, lr 2e-5", "unscaled_conditioned", base(seed=10, standardize=False, lr=2e-5)),
             ("relu biases -4", "dead", base(seed=11, bias=-4.0)),
             ("relu biases -3, 8 wide", "dead", base(seed=12, bias=-3.0, width=8)),
             ("relu biases -5", "dead", base(seed=13, bias=-5.0)),
             ("lr 0.0003, 8 wide (100x low)", "lr_low", base(seed=14, lr=0.0003, width=8)),
             ("lr 3 (60x): one leap, then every relu off", "jump_stuck", base(seed=15, lr=3.0)),
             ("lr 5 (100x)", "jump_stuck", base(seed=16, lr=5.0))]
    return runs
