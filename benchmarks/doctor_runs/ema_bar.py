"""Style "ema_bar": a regression whose learner watches a progress bar's smoothed loss.

The learner predicts a flat's monthly rent (in hundreds of euros) from five features in their
own units: floor area in m², rooms, the building's age in years, the distance to the centre in
metres, and the neighbourhood's median yearly income in euros. The net is a dict of arrays
(`params["W1"]`, ...) with a `forward` that returns its cache and a `grads` function, a tanh (or
ReLU) hidden layer, squared error, minibatch SGD. Like a tqdm bar's postfix, the learner keeps
`smooth = 0.98 * smooth + 0.02 * loss` (started at the first minibatch's loss) and writes it
down every `refresh` updates, when the bar redraws. Those smoothed numbers are the learner's costs.
"""
import numpy as np

from .common import bias_setter, init_setter, one_blas_thread, setter, translate

SCORE = "loss"
N_TRAIN = 800


def make_flats(n, rng):
    """n flats: X (n, 5) in m², rooms, years, metres, euros; rent (n,) in hundreds of euros."""
    area = rng.uniform(25, 160, n)
    rooms = np.clip(np.round(area / 30 + rng.normal(0, 0.7, n)), 1, 6)
    age = rng.uniform(0, 120, n)
    dist = rng.gamma(2.0, 2500.0, n)
    income = rng.normal(42000, 9000, n)
    rent = (0.09 * area + 0.4 * rooms - 0.012 * age + 5 * np.exp(-dist / 4000) + 6e-5 * income
            + 0.5 * np.tanh((area - 80) / 30) * np.exp(-dist / 8000) + rng.normal(0, 0.5, n))
    return np.column_stack([area, rooms, age, dist, income]), rent


def _data(standardize):
    X, y = make_flats(N_TRAIN + 300, np.random.default_rng(2024))
    Xtr, Xte, ytr, yte = X[:N_TRAIN], X[N_TRAIN:], y[:N_TRAIN], y[N_TRAIN:]
    if standardize:
        mu, sd = Xtr.mean(0), Xtr.std(0)
        Xtr, Xte = (Xtr - mu) / sd, (Xte - mu) / sd
    return Xtr, ytr, Xte, yte


def init_params(s, rng):
    sizes = [5] + [s["hidden"]] * s["depth"] + [1]
    params = {}
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:]), 1):
        std = {"xavier": np.sqrt(1 / a), "he": np.sqrt(2 / a)}.get(s["init"])
        params[f"W{i}"] = rng.normal(0, float(s["init"]) if std is None else std, (a, b))
        params[f"b{i}"] = np.full(b, s["bias"] if i < len(sizes) - 1 else 0.0)
    return params


def forward(params, X, act):
    L = len(params) // 2
    cache = [X]
    for i in range(1, L):
        z = cache[-1] @ params[f"W{i}"] + params[f"b{i}"]
        cache.append(np.tanh(z) if act == "tanh" else np.maximum(z, 0))
    return (cache[-1] @ params[f"W{L}"] + params[f"b{L}"])[:, 0], cache


def grads(params, cache, err, act):
    """err: (n,) d loss / d prediction."""
    L = len(params) // 2
    g, d = {}, err[:, None]
    for i in range(L, 0, -1):
        g[f"W{i}"], g[f"b{i}"] = cache[i - 1].T @ d, d.sum(0)
        if i > 1:
            h = cache[i - 1]
            d = (d @ params[f"W{i}"].T) * (1 - h ** 2 if act == "tanh" else h > 0)
    return g


def run(settings, steps=None):
    s = settings
    Xtr, ytr, Xte, yte = _data(s.get("standardize", False))
    rng = np.random.default_rng(s["seed"])
    params = init_params(s, rng)
    bs = s["batch_size"] or N_TRAIN
    shown, smooth, it = [], None, 0
    with np.errstate(all="ignore"), one_blas_thread():
        for epoch in range(s["epochs"]):
            order = rng.permutation(N_TRAIN)
            for k in range(0, N_TRAIN, bs):
                idx = order[k:k + bs]
                pred, cache = forward(params, Xtr[idx], s["activation"])
                r = pred - ytr[idx]
                loss = np.sum(r ** 2) if s["reduction"] == "sum" else np.mean(r ** 2)
                err = 2 * r if s["reduction"] == "sum" else 2 * r / len(idx)
                for key, gk in grads(params, cache, err, s["activation"]).items():
                    params[key] -= s["lr"] * gk
                smooth = loss if smooth is None else 0.98 * smooth + 0.02 * loss
                it += 1
                if it % s["refresh"] == 0 or it == steps:
                    shown.append(float(smooth))
                if it == steps or not np.isfinite(loss):
                    break
            if it == steps or not np.isfinite(loss):
                break
        test_pred, _ = forward(params, Xte, s["activation"])
        mse = float(np.mean((test_pred - yte) ** 2))
    if not shown:
        shown.append(float(smooth))
    return shown, mse if np.isfinite(mse) else float("inf")


def known(settings):
    bs = settings["batch_size"] or N_TRAIN
    _, ytr, _, _ = _data(False)
    return dict(lr=settings["lr"], n_samples=N_TRAIN, batch_size=bs, every=settings["refresh"], loss="squared",
                reduction=settings["reduction"], targets=[round(float(v), 4) for v in ytr])


def _activation(s, v):
    if v in ("tanh", "relu"):
        s["activation"] = v


OWN = {"reduction": setter("reduction"), "weight_init": init_setter("init", ("he", "xavier")),
       "bias_init": bias_setter("bias"), "activation": _activation, "epochs": setter("epochs", int)}


def apply(settings, action):
    return translate(settings, action, OWN)


def base(**kw):
    s = dict(lr=0.03, seed=0, standardize=True, batch_size=32, epochs=50, hidden=32, depth=1, activation="tanh",
             init="xavier", bias=0.0, reduction="mean", refresh=25)
    s.update(kw)
    return s


def full(**kw):
    return base(**{"batch_size": None, "epochs": 600, "lr": 0.05, "refresh": 20, **kw})


def suite():
    runs = [(f"healthy minibatch seed {k}", "healthy", base(seed=k)) for k in (0, 1, 2)]
    runs += [("healthy relu he minibatch", "healthy", base(seed=3, activation="relu", init="he")),
             ("healthy full batch", "healthy", full(seed=4))]
    runs += [("lr 0.6 minibatch (20x)", "lr_high", base(lr=0.6, seed=5)),
             ("lr 3 minibatch (100x)", "lr_high", base(lr=3.0, seed=6)),
             ("lr 1 full batch (20x)", "lr_high", full(lr=1.0, seed=7)),
             ("lr 0.0003 minibatch (100x low)", "lr_low", base(lr=0.0003, seed=8)),
             ("lr 0.0005 full batch (100x low)", "lr_low", full(lr=0.0005, seed=9)),
             ("squared errors summed over the batch of 32", "summed", base(reduction="sum", seed=10)),
             ("summed over all 800, full batch", "summed", full(reduction="sum", seed=11)),
             ("raw units full batch at lr 0.05", "unscaled_diverging", full(standardize=False, seed=12)),
             ("raw units batch 200 at lr 0.05", "unscaled_diverging",
              base(standardize=False, batch_size=200, lr=0.05, epochs=200, refresh=20, seed=13)),
             ("raw units tanh at lr 0.03", "unscaled_conditioned", base(standardize=False, seed=14)),
             ("raw units full batch, lr cut to 0.01 until it stopped blowing up", "unscaled_conditioned",
              full(standardize=False, lr=0.01, seed=15)),
             ("raw units, lr cut to 1e-10", "unscaled_conditioned", base(standardize=False, lr=1e-10, seed=16)),
             ("3 tanh layers N(0, 3)", "saturated", base(depth=3, init=3.0, seed=17)),
             ("tanh N(0, 10) full batch", "saturated", full(init=10.0, seed=18)),
             ("relu biases -6", "dead", base(activation="relu", init="he", bias=-6.0, seed=19)),
             ("relu biases -8 full batch", "dead", full(activation="relu", init="he", bias=-8.0, seed=20))]
    return runs
