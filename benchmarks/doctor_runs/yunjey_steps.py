"""Style "yunjey_steps": a PyTorch tutorial script redone in plain NumPy, the loss read back from its printed lines.

Written for the next held-out half (doctor_runs.WAITING) on 2026-12-07 by someone who never read or ran the
doctor. The learner knows the well-known PyTorch tutorial scripts and misses PyTorch: they write small module
classes (Linear, ReLU, Sigmoid, Tanh, each with forward and backward), a Sequential container, a
CrossEntropyLoss on raw scores (log-softmax inside; reduction "mean" over the batch, the default, or "sum"
when they pass reduction="sum"), and optimizer objects with zero_grad() and step() (SGD with or without
momentum, or Adam). Every Linear starts like PyTorch's, W and b uniform(-1/sqrt(fan_in), 1/sqrt(fan_in)),
unless they ask for randn, a std, kaiming or xavier, or fill the biases with a number. Arrays are float32,
as torch.tensor would make them, so a blow-up reaches inf and then nan. The data: scikit-learn's 8x8 digits
(1437 training images, 360 test) or a make_classification table of 16 columns in their own units (each
column scaled by 1 to 1000 and shifted; 4 classes, 1200 rows to train on, 300 to test), z-scored with the
training part's mean and std when the learner standardizes (the digits' always-blank pixels keep std 1).
A DataLoader-like generator shuffles minibatches of 32-128 each epoch (23 steps an epoch for the digits in
64s, 45 in 32s; 19 for the table in 64s).

The log: the loop prints 'Epoch [{}/{}], Step [{}/{}], Loss: {:.4f}' with the loss of the batch just
computed (before that step's update), the step counting from 1 again each epoch, when (i+1) % every == 0,
or (print_first) when i % every == 0, so the first line is the loss before any update. The costs are the
Loss values parsed back from those lines, 4 decimals as printed, "nan" and "inf" as such; a short trial
(steps) ends with a line. The score is the test accuracy in points. known(): lr always; "some" learners add
the batch size; "all" add the training size, the steps between lines, the loss (cross entropy) and the
classes, and reduction="sum" when they passed it (never "mean": they left the default alone).

Weak spots (the curves that are borderline for their cause):
- relu nets pushed too hard end with every relu off: the lr_high momentum run (lr 0.5, 50x) climbs to 15.5
  and then sits at 2.30 (log 10) for 70 lines; the Adam lr 0.1 (100x) run oscillates between 0.44 and 4.4
  and ends at 1.75 above its first line, but with the seed +1000 its first line (3.35) is its highest and the
  curve shows no climb. The summed run over 32 at lr 0.1 climbs to 5e15 and goes nan, but with lr x1.1 or
  the seed +100 it climbs only to 84-112 and then sits at 73.4-73.9 (32 log 10, relus off): a jump and a
  plateau. The momentum summed run (over 100) spikes between 85 and 2661 and ends near 89.
- The raw-table unscaled_diverging runs are nan after 2-5 printed lines: their curves are mostly "nan" (285
  lines with 4-5 finite, and 75 lines with 2 finite).
- The unscaled_conditioned runs (raw table, tanh) fall from 1.0-1.3 to 0.67-0.87, noisily, like slow
  training; only their level and the score (67 and 76.7 points) say more. Adam on the raw table trained to
  90-95 points, so no run here is raw with Adam.
- The saturated runs print a high first loss (18-35: the output layer's weights are large too) that falls
  fast while the output layer learns: the sigmoid 128-64-64 run with weights N(0, 5) gets to single-batch
  losses of 0.06-0.9 and looks like converging; its test accuracy (61 points) shows what it learnt. The tanh
  64x4 one ends at 7-10.
- The jump_stuck runs need print_first (their first line is the loss before any update); with (i+1) % every
  the jump happens before the first line and the curve looks like a dead one. With the seed +1000 the SGD
  lr 5 run jumps only to 6.7 before it goes flat at 2.3.
- The printed losses are single batches' losses, so every curve is noisy; the healthy summed-loss run
  (lr 0.001) prints 146 falling to 3-7.
Checked (no doctor): every run, and again with lr x0.9, x1.1 and the seed +100 and +1000, shows its cause
(labels.looks_like) except the one named above (Adam lr 0.1 at seed +1000); the healthy median was 97.2-97.6
points (healthy runs 95.8-98.7) and each problem run scored at least 18 points under it (the closest,
76.7-79, are the raw tanh runs). Applying lr_scale 0.02 (lr_high, jump_stuck), 100 (lr_low), reduction
"mean" (summed), standardize (unscaled), bias_init 0 (dead) or weight_init xavier (saturated) brought every
problem run back to 95-99 points. The whole suite runs in 4-9 s on one thread.
"""
import re

import numpy as np

from .common import one_blas_thread, translate

SCORE = "accuracy"
TEST_FRACTION = 0.2
UNITS = 3


# ---------------------------------------------------------------- data
def load_dataset(name, standardize, dtype="float32"):
    """(X_train, y_train, X_test, y_test): the 8x8 digits, or a make_classification table whose
    columns the learner turned into readings in their own units (scaled by 1 to 1000, shifted);
    X as torch.tensor(X, dtype=torch.float32) would have it (the learner's dtype)."""
    from sklearn.datasets import load_digits, make_classification
    if name == "digits":
        X, y = load_digits(return_X_y=True)
    else:
        X, y = make_classification(n_samples=1500, n_features=16, n_informative=10, n_redundant=2, n_classes=4,
                                   n_clusters_per_class=1, class_sep=2.0, random_state=7)
        units = np.logspace(0, UNITS, X.shape[1])  # grams, millimetres, ... and one column in the thousands
        X = X * units + 2 * units
    order = np.random.default_rng(1234).permutation(len(y))
    X, y = X[order].astype(np.float64), y[order]
    n_test = int(TEST_FRACTION * len(y))
    X_train, y_train, X_test, y_test = X[n_test:], y[n_test:], X[:n_test], y[:n_test]
    if standardize:  # like transforms.Normalize, with the training part's mean and std
        mean, std = X_train.mean(0), X_train.std(0)
        std[std == 0] = 1.0  # the digits' always-blank corner pixels
        X_train, X_test = (X_train - mean) / std, (X_test - mean) / std
    return X_train.astype(dtype), y_train, X_test.astype(dtype), y_test


def train_loader(X, y, batch_size, rng):
    """Like torch.utils.data.DataLoader(..., shuffle=True): one pass of shuffled minibatches."""
    order = rng.permutation(len(y))
    for start in range(0, len(y), batch_size):
        idx = order[start:start + batch_size]
        yield X[idx], y[idx]


# ---------------------------------------------------------------- nn
class Linear:
    """nn.Linear: y = x @ W + b, initialised like PyTorch (uniform(-1/sqrt(fan_in), 1/sqrt(fan_in)))
    unless the learner asks for randn, a std, kaiming or xavier; bias: None (PyTorch's uniform) or a number."""

    def __init__(self, in_features, out_features, rng, init="default", bias=None, dtype="float32"):
        """W (in_features, out_features) and b drawn the learner's way, their grads zero."""
        bound = 1.0 / np.sqrt(in_features)
        shape = (in_features, out_features)
        if init == "default":
            self.W = rng.uniform(-bound, bound, shape)
        elif init == "kaiming":
            self.W = rng.standard_normal(shape) * np.sqrt(2.0 / in_features)
        elif init == "xavier":
            limit = np.sqrt(6.0 / (in_features + out_features))
            self.W = rng.uniform(-limit, limit, shape)
        elif init == "randn":
            self.W = rng.standard_normal(shape)
        else:
            self.W = rng.standard_normal(shape) * float(init)
        if bias is None:
            self.b = rng.uniform(-bound, bound, out_features)
        elif bias == "U(0,1)":
            self.b = rng.uniform(0.0, 1.0, out_features)
        else:
            self.b = np.full(out_features, float(bias))
        self.W, self.b = self.W.astype(dtype), self.b.astype(dtype)
        self.dW, self.db = np.zeros_like(self.W), np.zeros_like(self.b)

    def forward(self, x):
        """Keep x for backward."""
        self.x = x
        return x @ self.W + self.b

    def backward(self, grad):
        """Accumulate dW, db (as .grad does) and return the gradient for the layer below."""
        self.dW += self.x.T @ grad
        self.db += grad.sum(0)
        return grad @ self.W.T

    def parameters(self):
        """[(param, grad)] pairs."""
        return [(self.W, self.dW), (self.b, self.db)]


class ReLU:
    """nn.ReLU."""

    def forward(self, x):
        """max(x, 0)."""
        self.mask = x > 0
        return x * self.mask

    def backward(self, grad):
        """Pass the gradient where x was positive."""
        return grad * self.mask

    def parameters(self):
        """No parameters."""
        return []


class Sigmoid(ReLU):
    """nn.Sigmoid."""

    def forward(self, x):
        """1 / (1 + exp(-x))."""
        self.out = 1.0 / (1.0 + np.exp(-x))
        return self.out

    def backward(self, grad):
        """grad * s * (1 - s)."""
        return grad * self.out * (1.0 - self.out)


class Tanh(ReLU):
    """nn.Tanh."""

    def forward(self, x):
        """tanh(x)."""
        self.out = np.tanh(x)
        return self.out

    def backward(self, grad):
        """grad * (1 - t^2)."""
        return grad * (1.0 - self.out ** 2)


ACTIVATIONS = {"relu": ReLU, "sigmoid": Sigmoid, "tanh": Tanh}


class Sequential:
    """nn.Sequential: the layers in order, backward in reverse."""

    def __init__(self, *layers):
        """The layers, in order."""
        self.layers = layers

    def __call__(self, x):
        """model(x): the forward pass."""
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, grad):
        """Backpropagate through every layer."""
        for layer in reversed(self.layers):
            grad = layer.backward(grad)

    def parameters(self):
        """Every layer's (param, grad) pairs."""
        return [pair for layer in self.layers for pair in layer.parameters()]


class CrossEntropyLoss:
    """nn.CrossEntropyLoss on raw scores (log-softmax inside), reduction "mean" (the default) or "sum"."""

    def __init__(self, reduction="mean"):
        """reduction: "mean" over the batch (PyTorch's default) or "sum"."""
        self.reduction = reduction

    def __call__(self, outputs, labels):
        """criterion(outputs, labels): the loss, keeping the softmax for backward."""
        shifted = outputs - outputs.max(1, keepdims=True)
        log_probs = shifted - np.log(np.exp(shifted).sum(1, keepdims=True))
        self.probs, self.labels = np.exp(log_probs), labels
        losses = -log_probs[np.arange(len(labels)), labels]
        return losses.sum() if self.reduction == "sum" else losses.mean()

    def backward(self):
        """d loss / d outputs."""
        grad = self.probs.copy()
        grad[np.arange(len(self.labels)), self.labels] -= 1.0
        return grad if self.reduction == "sum" else grad / len(self.labels)


# ---------------------------------------------------------------- optim
class SGD:
    """optim.SGD(params, lr, momentum): v = momentum * v + g; p -= lr * v."""

    def __init__(self, params, lr, momentum=0.0):
        """params: [(param, grad)] pairs, updated in place."""
        self.params, self.lr, self.momentum = params, lr, momentum
        self.velocity = [np.zeros_like(p) for p, _ in params]

    def zero_grad(self):
        """Clear every .grad."""
        for _, g in self.params:
            g.fill(0.0)

    def step(self):
        """One update."""
        for (p, g), v in zip(self.params, self.velocity):
            if self.momentum:
                v *= self.momentum
                v += g
                g = v
            p -= self.lr * g


class Adam(SGD):
    """optim.Adam(params, lr, betas=(0.9, 0.999), eps=1e-8)."""

    def __init__(self, params, lr, betas=(0.9, 0.999), eps=1e-8):
        """params: [(param, grad)] pairs; the moments start at zero."""
        super().__init__(params, lr)
        self.betas, self.eps, self.t = betas, eps, 0
        self.m = [np.zeros_like(p) for p, _ in params]
        self.v = [np.zeros_like(p) for p, _ in params]

    def step(self):
        """One update, bias-corrected."""
        self.t += 1
        b1, b2 = self.betas
        for (p, g), m, v in zip(self.params, self.m, self.v):
            m *= b1
            m += (1 - b1) * g
            v *= b2
            v += (1 - b2) * g * g
            m_hat, v_hat = m / (1 - b1 ** self.t), v / (1 - b2 ** self.t)
            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


# ---------------------------------------------------------------- the script
def build_model(s, input_size, num_classes, rng):
    """Linear -> act -> ... -> Linear(num_classes), every Linear initialised the learner's way."""
    sizes = [input_size] + list(s["hidden"]) + [num_classes]
    layers = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(Linear(n_in, n_out, rng, s["init"], s["bias"], s["dtype"]))
        if i < len(sizes) - 2:
            layers.append(ACTIVATIONS[s["activation"]]())
    return Sequential(*layers)


def make_optimizer(s, params):
    """SGD (with the learner's momentum, 0 for none) or Adam."""
    if s["optimizer"] == "adam":
        return Adam(params, lr=s["lr"])
    return SGD(params, lr=s["lr"], momentum=s["momentum"])


def train(s, X_train, y_train, model, rng, steps=None):
    """The tutorial's loop; returns the printed lines. The step count restarts each epoch; the learner
    prints when (i+1) % every == 0 or, with print_first, when i % every == 0 (so step 1 is printed)."""
    criterion = CrossEntropyLoss(reduction=s["reduction"])
    optimizer = make_optimizer(s, model.parameters())
    num_epochs, every = s["epochs"], s["every"]
    total_step = -(-len(y_train) // s["batch_size"])
    lines, t = [], 0
    for epoch in range(num_epochs):
        for i, (images, labels) in enumerate(train_loader(X_train, y_train, s["batch_size"], rng)):
            outputs = model(images)
            loss = criterion(outputs, labels)
            optimizer.zero_grad()
            model.backward(criterion.backward())
            optimizer.step()
            t += 1
            due = (i % every == 0) if s["print_first"] else ((i + 1) % every == 0)
            if due or t == steps:  # a short trial ends with a line
                lines.append('Epoch [{}/{}], Step [{}/{}], Loss: {:.4f}'
                             .format(epoch + 1, num_epochs, i + 1, total_step, loss))
            if t == steps:
                return lines
    return lines


def parse_losses(lines):
    """The Loss values back from the printed lines, as printed (4 decimals; nan and inf as such)."""
    return [float(re.search(r"Loss: (\S+)", line).group(1)) for line in lines]


def run(settings, steps=None):
    """(the printed losses, test accuracy in points); steps: stop after that many updates, with a line."""
    s = settings
    X_train, y_train, X_test, y_test = load_dataset(s["data"], s["standardize"], s["dtype"])
    rng = np.random.default_rng(s["seed"])
    with np.errstate(all="ignore"), one_blas_thread():
        model = build_model(s, X_train.shape[1], int(y_train.max()) + 1, rng)
        lines = train(s, X_train, y_train, model, rng, steps)
        predicted = np.argmax(model(X_test), 1)
    return parse_losses(lines), float(100.0 * np.mean(predicted == y_test))


def n_train(settings):
    """The size of the training part."""
    n_all = 1797 if settings["data"] == "digits" else 1500
    return n_all - int(TEST_FRACTION * n_all)


def known(settings):
    """What the learner says: "all": lr, batch size, training size, steps between prints, the loss and
    the classes (the reduction only if passed to CrossEntropyLoss); "some": lr and batch size; "lr": lr."""
    s = settings
    out = {"lr": s["lr"]}
    if s["tell"] in ("all", "some"):
        out["batch_size"] = s["batch_size"]
    if s["tell"] == "all":
        out.update(n_samples=n_train(s), every=s["every"], loss="cross_entropy",
                   n_classes=10 if s["data"] == "digits" else 4)
        if s["reduction"] == "sum":
            out["reduction"] = "sum"
    return out


# ---------------------------------------------------------------- a doctor's action, the learner's way
def _init(settings, value):
    """weight_init: "he" is kaiming, "xavier" xavier, "uniform" PyTorch's default; a number: a std."""
    settings["init"] = {"he": "kaiming", "uniform": "default"}.get(value, value)
    if settings["init"] not in ("kaiming", "xavier", "default", "randn"):
        settings["init"] = float(value)


def _bias(settings, value):
    """bias_init: "none" leaves PyTorch's default; zero, a number or "U(0,1)" is filled in."""
    if value in (None, "none"):
        settings["bias"] = None
    else:
        settings["bias"] = value if value == "U(0,1)" else float({"zero": 0.0, "zeros": 0.0}.get(value, value))


def _activation(settings, value):
    """The hidden layers' nn.ReLU / nn.Sigmoid / nn.Tanh; another name is not in this script."""
    if value in ACTIVATIONS:
        settings["activation"] = value


def _optimizer(settings, value):
    """optim.SGD, SGD with momentum 0.9, or optim.Adam; RMSprop is not in this script."""
    if value == "adam":
        settings["optimizer"] = "adam"
    elif value in ("sgd", "momentum"):
        settings["optimizer"] = "sgd"
        settings["momentum"] = 0.9 if value == "momentum" else 0.0


def _sizes(settings, value):
    """New hidden widths from sizes (input first, output last)."""
    hidden = [int(v) for v in list(value)[1:-1]]
    if hidden:
        settings["hidden"] = hidden


OWN = {"weight_init": _init, "bias_init": _bias, "activation": _activation, "optimizer": _optimizer,
       "sizes": _sizes, "reduction": lambda s, v: s.update(reduction=v), "dtype": lambda s, v: s.update(dtype=v),
       "epochs": lambda s, v: s.update(epochs=int(v))}


def apply(settings, action):
    """A doctor's action as this learner applies it; keys the script has no knob for are dropped."""
    return translate(settings, action, OWN)


def base(**kw):
    """Digits, standardized, relu 128-64, SGD lr 0.1, batches of 64 (23 steps an epoch), 20 epochs, a line every 5."""
    s = dict(data="digits", seed=0, lr=0.1, optimizer="sgd", momentum=0.0, batch_size=64, epochs=20, every=5,
             print_first=False, hidden=[128, 64], activation="relu", init="default", bias=None, reduction="mean",
             standardize=True, dtype="float32", tell="all")
    s.update(kw)
    return s


def table(**kw):
    """As base, on the make_classification table (1200 training rows, 19 steps an epoch), 15 epochs, a line every 5."""
    return base(**{"data": "table", "epochs": 15, **kw})


def suite():
    """The 22 labelled runs: (name, cause, settings), the cause put in by the settings."""
    adam = dict(optimizer="adam", lr=0.001)
    mom = dict(momentum=0.9, lr=0.01)
    b32 = dict(batch_size=32, every=15)  # 45 steps an epoch: lines at steps 15, 30, 45
    runs = [("healthy digits relu SGD lr 0.1", "healthy", base(seed=0)),
            ("healthy digits tanh SGD batches of 128, a line every 3 steps", "healthy",
             base(seed=1, activation="tanh", batch_size=128, every=3, print_first=True, tell="some")),
            ("healthy digits relu 256-128 Adam batches of 100", "healthy",
             base(seed=2, hidden=[256, 128], batch_size=100, **adam)),
            ("healthy digits relu 128-64-32 SGD momentum 0.9", "healthy",
             base(seed=3, hidden=[128, 64, 32], tell="lr", **mom, **b32)),
            ("healthy table relu Adam", "healthy", table(seed=4, print_first=True, **adam)),
            ("healthy digits, summed loss, lr 0.001", "healthy", base(seed=5, reduction="sum", lr=0.001)),
            ("digits relu Adam lr 0.1 (100x)", "lr_high", base(seed=12, tell="some", **dict(adam, lr=0.1))),
            ("digits relu SGD momentum 0.9 lr 0.5 (50x)", "lr_high", base(seed=14, **dict(mom, lr=0.5))),
            ("digits relu SGD lr 0.001 (100x low), batches of 32", "lr_low", base(seed=6, lr=0.001, **b32)),
            ("digits relu Adam lr 1e-5 (100x low)", "lr_low", base(seed=7, tell="lr", **dict(adam, lr=1e-5))),
            ("digits, CrossEntropyLoss(reduction='sum') over 32, lr 0.1, a line from step 1", "summed",
             base(seed=10, reduction="sum", print_first=True, **b32)),
            ("digits, summed over 100, SGD momentum 0.9 lr 0.01", "summed",
             base(seed=11, reduction="sum", batch_size=100, every=5, **mom)),
            ("raw table SGD lr 0.1, batches of 128, a line every 2 steps", "unscaled_diverging",
             table(seed=17, standardize=False, batch_size=128, every=2)),
            ("raw table SGD lr 0.1, a line every step", "unscaled_diverging",
             table(seed=18, standardize=False, every=1, tell="some")),
            ("raw table tanh SGD lr 0.1", "unscaled_conditioned",
             table(seed=20, standardize=False, activation="tanh", tell="lr")),
            ("raw table tanh SGD momentum 0.9 lr 0.01", "unscaled_conditioned",
             table(seed=24, standardize=False, activation="tanh", **mom)),
            ("digits relu, every bias filled with -3", "dead", base(seed=21, bias=-3.0)),
            ("digits relu 128-64-32 kaiming, biases -4, batches of 32", "dead",
             base(seed=22, hidden=[128, 64, 32], init="kaiming", bias=-4.0, **b32)),
            ("digits sigmoid 128-64-64, weights N(0, 5), lr 0.5, batches of 32", "saturated",
             base(seed=23, activation="sigmoid", init=5.0, hidden=[128, 64, 64], lr=0.5, **b32)),
            ("digits tanh 64x4, weights N(0, 3)", "saturated",
             base(seed=24, activation="tanh", init=3.0, hidden=[64, 64, 64, 64], tell="some")),
            ("digits relu SGD lr 5, a line from step 1", "jump_stuck", base(seed=0, lr=5.0, print_first=True)),
            ("digits relu Adam lr 0.5, a line from step 1", "jump_stuck",
             base(seed=6, print_first=True, **dict(adam, lr=0.5))),
            ]
    return runs
