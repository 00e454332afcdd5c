"""Style "bn_momentum": a learner's net with batch normalisation, forward and backward by hand.

The learner wrote layer objects that keep what their forward pass saw (`self.cache`) and hand the
gradient back in `backward(dout)`: `Dense -> BatchNorm -> ReLU -> Dense`, softmax cross-entropy on
three classes from sklearn's `make_classification`. BatchNorm keeps running means for test time,
as in the lecture notes. The optimiser is SGD with momentum 0.9 (`v = 0.9 v - lr g; w += v`) on
minibatches. Like the PyTorch tutorial loop, the learner adds each minibatch loss to
`running_loss` and, every `log_every` updates, records `running_loss / log_every` and resets it;
those records are the learner's costs.
"""
import numpy as np
from sklearn.datasets import make_classification

from .common import bias_setter, init_setter, one_blas_thread, setter, translate

SCORE = "accuracy"
N_TRAIN = 1000


class Dense:
    def __init__(self, rng, n_in, n_out, init):
        scale = {"he": np.sqrt(2 / n_in), "xavier": np.sqrt(2 / (n_in + n_out))}.get(init)
        self.W = rng.normal(0, float(init) if scale is None else scale, (n_in, n_out))
        self.b = np.zeros(n_out)

    def forward(self, x, train):
        self.cache = x
        return x @ self.W + self.b

    def backward(self, dout):
        self.dW, self.db = self.cache.T @ dout, dout.sum(0)
        return dout @ self.W.T

    def params(self):
        return [("W", "dW"), ("b", "db")]


class BatchNorm:
    def __init__(self, n, beta):
        self.gamma, self.beta = np.ones(n), np.full(n, float(beta))
        self.run_mean, self.run_var = np.zeros(n), np.ones(n)

    def forward(self, x, train):
        if not train:
            return self.gamma * (x - self.run_mean) / np.sqrt(self.run_var + 1e-5) + self.beta
        mu, var = x.mean(0), x.var(0)
        self.run_mean = 0.9 * self.run_mean + 0.1 * mu
        self.run_var = 0.9 * self.run_var + 0.1 * var
        xhat = (x - mu) / np.sqrt(var + 1e-5)
        self.cache = (xhat, np.sqrt(var + 1e-5))
        return self.gamma * xhat + self.beta

    def backward(self, dout):
        xhat, std = self.cache
        self.dgamma, self.dbeta = (dout * xhat).sum(0), dout.sum(0)
        dxhat = dout * self.gamma
        # the short form of the chain rule through the batch mean and variance
        return (dxhat - dxhat.mean(0) - xhat * (dxhat * xhat).mean(0)) / std

    def params(self):
        return [("gamma", "dgamma"), ("beta", "dbeta")]


class Act:
    def __init__(self, kind):
        self.kind = kind

    def forward(self, x, train):
        if self.kind == "relu":
            self.cache = x > 0
            return x * self.cache
        self.cache = np.tanh(x)
        return self.cache

    def backward(self, dout):
        return dout * (self.cache if self.kind == "relu" else 1 - self.cache ** 2)

    def params(self):
        return []


def softmax_ce(logits, y, reduction):
    z = logits - logits.max(1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(1, keepdims=True)
    losses = -np.log(p[np.arange(len(y)), y] + 1e-12)
    p[np.arange(len(y)), y] -= 1
    if reduction == "sum":
        return losses.sum(), p
    return losses.mean(), p / len(y)


def _data(standardize):
    X, y = make_classification(n_samples=1300, n_features=20, n_informative=8, n_redundant=4, n_classes=3,
                               n_clusters_per_class=2, class_sep=1.5, random_state=11)
    Xtr, Xte, ytr, yte = X[:N_TRAIN], X[N_TRAIN:], y[:N_TRAIN], y[N_TRAIN:]
    if standardize:
        mu, sd = Xtr.mean(0), Xtr.std(0)
        Xtr, Xte = (Xtr - mu) / sd, (Xte - mu) / sd
    return Xtr, ytr, Xte, yte


def build(s, rng):
    return [Dense(rng, 20, s["hidden"], s["init"]), BatchNorm(s["hidden"], s["beta"]), Act(s["activation"]),
            Dense(rng, s["hidden"], 3, s["init"])]


def run(settings, steps=None):
    s = settings
    Xtr, ytr, Xte, yte = _data(s.get("standardize", False))
    rng = np.random.default_rng(s["seed"])
    layers = build(s, rng)
    velocity = {}
    log, running_loss, updates = [], 0.0, 0
    bs = s["batch_size"] or N_TRAIN
    with np.errstate(all="ignore"), one_blas_thread():
        for epoch in range(s["epochs"]):
            perm = rng.permutation(N_TRAIN)
            for start in range(0, N_TRAIN, bs):
                idx = perm[start:start + bs]
                out = Xtr[idx]
                for layer in layers:
                    out = layer.forward(out, True)
                loss, dout = softmax_ce(out, ytr[idx], s["reduction"])
                for layer in reversed(layers):
                    dout = layer.backward(dout)
                for i, layer in enumerate(layers):
                    for p, g in layer.params():
                        v = velocity.get((i, p), 0.0)
                        velocity[(i, p)] = s["momentum"] * v - s["lr"] * getattr(layer, g)
                        setattr(layer, p, getattr(layer, p) + velocity[(i, p)])
                running_loss += loss
                updates += 1
                since = updates % s["log_every"] or s["log_every"]  # updates in running_loss
                if since == s["log_every"] or updates == steps:
                    log.append(float(running_loss / since))
                    running_loss = 0.0
                if updates == steps or not np.isfinite(loss):
                    break
            if updates == steps or not np.isfinite(loss):
                break
        out = Xte
        for layer in layers:
            out = layer.forward(out, False)
    return log, float(100 * np.mean(out.argmax(1) == yte))


def known(settings):
    bs = settings["batch_size"] or N_TRAIN
    return dict(lr=settings["lr"], n_samples=N_TRAIN, batch_size=bs, every=settings["log_every"],
                loss="cross_entropy", n_classes=3, reduction=settings["reduction"])


def _activation(s, v):
    if v in ("relu", "tanh"):
        s["activation"] = v


OWN = {"reduction": setter("reduction"), "weight_init": init_setter("init", ("he", "xavier")),
       "bias_init": bias_setter("beta"),  # the only bias the ReLUs see is BatchNorm's shift
       "activation": _activation, "epochs": setter("epochs", int)}


def apply(settings, action):
    return translate(settings, action, OWN)


def base(**kw):
    s = dict(lr=0.02, seed=0, standardize=True, batch_size=50, epochs=12, hidden=64, init="he", beta=0.0,
             activation="relu", momentum=0.9, reduction="mean", log_every=20)
    s.update(kw)
    return s


def full(**kw):
    """The whole training set in one batch: one update an epoch, logged every 10."""
    return base(**{"batch_size": None, "epochs": 200, "lr": 0.2, "log_every": 10, **kw})


def suite():
    runs = [(f"healthy minibatch seed {k}", "healthy", base(seed=k)) for k in (0, 1, 2)]
    runs += [("healthy tanh minibatch", "healthy", base(seed=3, activation="tanh")),
             ("healthy full batch", "healthy", full(seed=4))]
    runs += [("lr 2 minibatch (100x)", "lr_high", base(lr=2.0, seed=5)),
             ("lr 2 minibatch (100x), another seed", "lr_high", base(lr=2.0, seed=6)),
             ("lr 2 tanh minibatch (100x)", "lr_high", base(lr=2.0, activation="tanh", seed=9)),
             ("lr 20 full batch (100x)", "lr_high", full(lr=20.0, seed=7)),
             ("lr 20 full batch (100x), another seed", "lr_high", full(lr=20.0, seed=8)),
             ("lr 0.0002 minibatch (100x low)", "lr_low", base(lr=0.0002, seed=10)),
             ("lr 0.002 full batch (100x low)", "lr_low", full(lr=0.002, seed=11)),
             ("loss summed over the batch of 200 at lr 0.1", "summed",
              base(reduction="sum", batch_size=200, lr=0.1, log_every=10, seed=12)),
             ("loss summed over all 1000, full batch", "summed", full(reduction="sum", seed=3)),
             ("loss summed over all 1000, full batch, another seed", "summed", full(reduction="sum", seed=4)),
             ("BatchNorm shift started at -3", "dead", base(beta=-3.0, seed=13)),
             ("BatchNorm shift -4 full batch", "dead", full(beta=-4.0, seed=14)),
             ("BatchNorm shift -3 batch 100", "dead", base(beta=-3.0, batch_size=100, seed=15))]
    return runs
