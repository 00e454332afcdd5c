"""Style "nesterov_f32": a concrete-strength regression in float32, Nesterov momentum, step decay.

The learner predicts the compressive strength of concrete (in MPa) from its mix, in the units of
the lab sheet: cement, slag, fly ash, water, superplasticizer, coarse and fine aggregate (all in
kg per m³) and the age of the sample in days. To save memory, as the learner read GPUs do,
everything is `np.float32`: data, weights, gradients and the loss. The net is a `Sequential`-like
list of `Dense` objects with `forward`/`backward` and a velocity per parameter; the update is
Nesterov momentum in the form `v_new = mu * v - lr * g; p += -mu * v + (1 + mu) * v_new`, with L2
weight decay `wd * W` added to the weight gradients, and the learning rate divided by 10 every
`drop_every` epochs; the output bias starts at the mean strength. Every `print_every` updates
(and at a loss that is no longer a number, where the loop stops) the learner prints `iter 120
loss 23.4817`: the loss of that one minibatch, squared error plus `0.5 * wd * sum(W²)`, to four
decimals. Those printed numbers are the learner's costs.
"""
import numpy as np

from .common import one_blas_thread, translate, usual_own

SCORE = "loss"
N_TRAIN = 800
F = np.float32


def concrete(n, rng):
    """X (n, 8): kg/m³ of cement, slag, ash, water, superplasticizer, coarse, fine; age in days.
    y (n,): strength in MPa."""
    cement = rng.uniform(100, 540, n)
    slag = rng.choice([0, 1], n) * rng.uniform(0, 360, n)
    ash = rng.choice([0, 1], n) * rng.uniform(0, 200, n)
    water = rng.uniform(120, 250, n)
    plast = rng.uniform(0, 30, n)
    coarse = rng.uniform(800, 1150, n)
    fine = rng.uniform(590, 990, n)
    age = rng.choice([1, 3, 7, 14, 28, 56, 90, 180, 365], n).astype(float)
    binder = cement + 0.7 * slag + 0.4 * ash
    mpa = (28 * (binder / water / 2) ** 1.3 * np.log1p(age) / np.log(29) + 0.3 * plast
           + rng.normal(0, 3, n))
    return np.column_stack([cement, slag, ash, water, plast, coarse, fine, age]), np.minimum(mpa, 90)


def _data(standardize):
    X, y = concrete(N_TRAIN + 300, np.random.default_rng(42))
    Xtr, Xte = X[:N_TRAIN], X[N_TRAIN:]
    if standardize:
        mu, sd = Xtr.mean(0), Xtr.std(0)
        Xtr, Xte = (Xtr - mu) / sd, (Xte - mu) / sd
    return Xtr.astype(F), y[:N_TRAIN].astype(F), Xte.astype(F), y[N_TRAIN:].astype(F)


class Dense:
    def __init__(self, n_in, n_out, relu, s, rng):
        std = {"he": np.sqrt(2 / n_in), "xavier": np.sqrt(1 / n_in)}.get(s["init"])
        self.W = rng.normal(0, float(s["init"]) if std is None else std, (n_in, n_out)).astype(F)
        self.b = np.full(n_out, s["bias"] if relu else 0.0, F)
        self.relu, self.vW, self.vb = relu, np.zeros_like(self.W), np.zeros_like(self.b)

    def forward(self, x):
        self.x = x
        z = x @ self.W + self.b
        self.out = np.maximum(z, F(0)) if self.relu else z
        return self.out

    def backward(self, d):
        if self.relu:
            d = d * (self.out > 0)
        self.gW, self.gb = self.x.T @ d, d.sum(0)
        return d @ self.W.T

    def step(self, lr, mu, wd):
        for p, g, v in ((self.W, self.gW + F(wd) * self.W, self.vW), (self.b, self.gb, self.vb)):
            v_new = F(mu) * v - F(lr) * g
            p += -F(mu) * v + F(1 + mu) * v_new
            v[...] = v_new


def run(settings, steps=None):
    s = settings
    Xtr, ytr, Xte, yte = _data(s.get("standardize", False))
    rng = np.random.default_rng(s["seed"])
    sizes = [8] + s["hidden"] + [1]
    net = [Dense(a, b, i < len(sizes) - 2, s, rng) for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:]))]
    net[-1].b[:] = ytr.mean()  # the output starts at the average strength
    bs = s["batch_size"] or N_TRAIN
    printed, it = [], 0
    with np.errstate(all="ignore"), one_blas_thread():
        for epoch in range(s["epochs"]):
            lr = s["lr"] * 0.1 ** (epoch // s["drop_every"])
            order = rng.permutation(N_TRAIN)
            for k in range(0, N_TRAIN, bs):
                idx = order[k:k + bs]
                h = Xtr[idx]
                for layer in net:
                    h = layer.forward(h)
                r = h[:, 0] - ytr[idx]
                n = F(1) if s["reduction"] == "sum" else F(len(idx))
                loss = np.sum(r * r) / n + F(0.5 * s["wd"]) * sum(np.sum(L.W * L.W) for L in net)
                d = (F(2) * r / n)[:, None]
                for layer in reversed(net):
                    d = layer.backward(d)
                for layer in net:
                    layer.step(lr, s["momentum"], s["wd"])
                if it % s["print_every"] == 0 or it + 1 == steps or not np.isfinite(loss):
                    printed.append(float(f"{loss:.4f}"))
                it += 1
                if it == steps or not np.isfinite(loss):
                    break
            if it == steps or not np.isfinite(loss):
                break
        h = Xte
        for layer in net:
            h = layer.forward(h)
        mse = float(np.mean((h[:, 0].astype(float) - yte) ** 2))
    return printed, mse if np.isfinite(mse) else float("inf")


def known(settings):
    bs = settings["batch_size"] or N_TRAIN
    _, ytr, _, _ = _data(False)
    return dict(lr=settings["lr"], n_samples=N_TRAIN, batch_size=bs, every=settings["print_every"], loss="squared",
                reduction=settings["reduction"], targets=[round(float(v), 3) for v in ytr])


OWN = usual_own()


def apply(settings, action):
    return translate(settings, action, OWN)


def base(**kw):
    s = dict(lr=0.001, seed=0, standardize=True, batch_size=32, epochs=60, drop_every=30, momentum=0.9, wd=1e-4,
             hidden=[64, 32], init="he", bias=0.0, reduction="mean", print_every=25)
    s.update(kw)
    return s


def full(**kw):
    return base(**{"batch_size": None, "epochs": 600, "drop_every": 300, "lr": 0.003, "print_every": 10, **kw})


def suite():
    runs = [(f"healthy minibatch seed {k}", "healthy", base(seed=k)) for k in (0, 1, 2)]
    runs += [("healthy one hidden layer", "healthy", base(seed=3, hidden=[64])),
             ("healthy batch 64", "healthy", base(seed=5, batch_size=64, print_every=15)),
             ("healthy full batch", "healthy", full(seed=4))]
    runs += [("lr 0.03 minibatch (30x)", "lr_high", base(lr=0.03, seed=6)),
             ("lr 0.1 minibatch (100x)", "lr_high", base(lr=0.1, seed=7)),
             ("lr 0.1 full batch (33x)", "lr_high", full(lr=0.1, seed=8)),
             ("lr 0.00001 minibatch (100x low)", "lr_low", base(lr=1e-5, seed=9)),
             ("lr 0.00003 full batch (100x low)", "lr_low", full(lr=3e-5, seed=10)),
             ("squared errors summed over the batch of 32", "summed", base(reduction="sum", seed=11)),
             ("summed over all 800, full batch", "summed", full(reduction="sum", seed=12)),
             ("kg/m³ and days as on the lab sheet", "unscaled_diverging", base(standardize=False, seed=13)),
             ("lab-sheet units full batch", "unscaled_diverging", full(standardize=False, seed=14)),
             ("lab-sheet units, lr cut to 1e-8 until it stopped blowing up", "unscaled_conditioned",
              base(standardize=False, lr=1e-8, seed=15)),
             ("lab-sheet units full batch, lr 3e-8", "unscaled_conditioned", full(standardize=False, lr=3e-8, seed=16)),
             ("relu biases -8", "dead", base(bias=-8.0, seed=17)),
             ("relu biases -8 full batch", "dead", full(bias=-8.0, seed=18)),
             ("lr 0.02 full batch: the weights leap in the first steps, the relus go off, weight decay keeps "
              "the loss high", "jump_stuck", full(lr=0.02, seed=19)),
             ("lr 0.006 minibatch, the same", "jump_stuck", base(lr=0.006, seed=20))]
    return runs
