"""Style "tabular_embed": an income classifier on a census-like table, the history kept in a Keras-like dict.

Written for the next held-out half (doctor_runs.WAITING) on 2026-12-07 by someone who never read or
ran the doctor. The learner makes a census-like table with a seeded RNG (4000 rows: age 17-90,
years of education 1-16, hours per week around 40 clipped to 1-99, capital gain 0-99999 with 9% of
rows above 0 and 22 at the 99999 top code; workclass, marital status and occupation as codes of 5,
4 and 7 levels) and a label, income over 50K, drawn from a logistic model of them (32% positive; a
logistic regression gets 89% of the validation rows, boosted trees 90%, always "no" 67%). The first
3200 rows train, the last 800 validate. The numeric columns go in z-scored with the training rows'
mean and std ("standardize") or in their own units; the categories go in as one-hot columns or as
rows of small learned embedding tables (4 numbers a level, np.add.at for their gradient). An MLP
with relu or leaky relu (slope 0.01) hidden layers and one logit, the loss binary cross-entropy
from the logit, np.logaddexp(0, z) - y * z, the mean over the batch (reduction "sum": the sum, and
the gradient not divided by the batch). Hand-written Adam (0.9, 0.999, 1e-8) or SGD with momentum
0.9 on shuffled minibatches.

The log: `history = {"loss": [], "val_loss": []}`; at the end of every epoch the learner appends
the mean of that epoch's batch losses and the loss of the validation rows (the same function, so a
summing learner sums over the 800). run() hands over that dict, as the learner has it (its "loss"
list is the curve: labels.curve); nan or a huge number goes in as it comes and training goes on.
The score is the validation accuracy in points (800 rows: steps of 0.125). known() gives what the
learner tells: everything ("all": lr, training rows, batch, updates per record, the loss, 2
classes, the reduction, targets 0/1), lr with the loss ("loss"), lr only ("lr"), or nothing
("none").

Weak spots: the cross-entropy's gradient is bounded (|p - y| <= 1) and this table is easy, so the
net shrugs off a too-large lr more than most: with one-hot columns and relu, momentum trained at lr
1-2 (20-40 times its 0.05) and Adam at 0.1-0.3 (100-300 times its 1e-3) in three seeds of three.
The lr_high runs are therefore leaky relu nets (no unit can die, so the weights grow without end)
at lr 4 and 5, 80-100 times: nan after one record (1.79, then 2.5e6, then nan) or from the first.
Adam ignores a scale on the loss (a summed Adam run scored 89.1), so the summed runs are momentum
ones: with leaky relu and embeddings nan from the first record; with relu (batches of 128) a noisy
70-220 for the whole run (per row 0.6, healthy 0.23) whose rise to 217 in record 4 shows its cause,
where other seeds' noise did not always rise 1.5 times above the first record (a one-hot leaky relu
net with a summed loss wandered at 45-130 and still scored 82: not here). A jump inside the first
epoch is lost in that epoch's mean, so the jump_stuck runs take batches of 800 and 1600 (4 and 2
updates an epoch): the loss peaks at 3.5 or 56 in records 2-6, then every relu is off and it sits
at 0.63, the entropy of a 32% label. The dead runs sit at that same 0.63-0.64 (Adam's output bias
creeps from 0.69 to 0.64), and so does the raw-numbers momentum run (unscaled_conditioned) after
its first record of 118, where the capital gain's first update switched every relu off. The other
unscaled_conditioned run (raw numbers, Adam) falls in a straight line from 175 to about 2 in eight
records (Adam moves the capital gain's weights by lr a step) and wobbles between 1 and 2: a fall
that may look like progress, to a loss 8 times the healthy one. The unscaled_diverging runs (raw
numbers, leaky relu, momentum) start at 1e7-1e19 and climb to 1e76-1e221, still finite. Adam at lr
1e-5 barely moves (0.744 to 0.724) and scores 47.8, under the 67% of always "no": the starting
net's "yes" (30% of rows) fall mostly on the wrong rows.
Checked (no doctor): every run, and again with lr x0.9, x1.1 and the seed +100 and +1000, shows its
cause (labels.looks_like), and each problem run scored more than 5 points under the healthy median
(90.2 here, healthy runs 89.1-90.5; the closest problem run, lr 5e-4 momentum, 77.6; in the
variants at least 9.1 points under). The whole suite runs in about 5 s on one thread.
"""
import numpy as np

from .common import one_blas_thread, translate, usual_own

SCORE = "accuracy"
NUMERIC = ("age", "education_years", "hours_per_week", "capital_gain")
CATEGORIES = {"workclass": 5, "marital": 4, "occupation": 7}
N_ROWS, N_TRAIN = 4000, 3200


def census(n=N_ROWS, seed=1994):
    """A synthetic census table: numeric columns in their own units, category codes, and income > 50K (0/1)."""
    rng = np.random.default_rng(seed)
    age = np.clip(np.round(17 + rng.gamma(2.0, 11.0, n)), 17, 90)
    edu = np.clip(np.round(rng.normal(10.3, 2.6, n)), 1, 16)
    hours = np.clip(np.round(rng.normal(40.5, 12.0, n)), 1, 99)
    gain = np.where(rng.random(n) < 0.08, np.round(np.exp(rng.normal(8.3, 1.0, n))), 0.0)
    gain[rng.random(n) < 0.006] = 99999.0  # the top code
    gain = np.minimum(gain, 99999.0)
    cats = {"workclass": rng.choice(5, n, p=[0.70, 0.08, 0.04, 0.14, 0.04]),
            "marital": rng.choice(4, n, p=[0.47, 0.32, 0.14, 0.07]),
            "occupation": rng.choice(7, n, p=[0.13, 0.12, 0.16, 0.14, 0.15, 0.18, 0.12])}
    logit = (-3.6 + 4.9 * (cats["marital"] == 0) + 0.94 * (edu - 10) + 0.078 * (hours - 40)
             - 0.0036 * (age - 47) ** 2 + 6.3 * (gain > 6000) - 3.4 * (cats["workclass"] == 4)
             + np.array([2.2, 1.8, -1.4, -0.8, 0.4, -2.2, 0.0])[cats["occupation"]])
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(float)
    return np.column_stack([age, edu, hours, gain]), cats, y


def load(standardize):
    """(train, val): each (numeric columns, {category: codes}, y); the numeric columns z-scored or left raw."""
    num, cats, y = census()
    if standardize:
        mu, sd = num[:N_TRAIN].mean(axis=0), num[:N_TRAIN].std(axis=0)
        num = (num - mu) / sd
    train = (num[:N_TRAIN], {k: v[:N_TRAIN] for k, v in cats.items()}, y[:N_TRAIN])
    val = (num[N_TRAIN:], {k: v[N_TRAIN:] for k, v in cats.items()}, y[N_TRAIN:])
    return train, val


def init_params(s, rng):
    """{name: array}: embedding tables (or nothing, for one-hot columns), then the MLP's weights and biases."""
    params = {}
    if s["cats"] == "embed":
        for name, k in CATEGORIES.items():
            params["emb_" + name] = rng.normal(0, 0.1, (k, s["emb_dim"]))
        width = len(NUMERIC) + len(CATEGORIES) * s["emb_dim"]
    else:
        width = len(NUMERIC) + sum(CATEGORIES.values())
    sizes = [width] + list(s["hidden"]) + [1]
    for i in range(len(sizes) - 1):
        std = {"he": np.sqrt(2 / sizes[i]), "xavier": np.sqrt(1 / sizes[i])}.get(s["init"], s["init"])
        params[f"W{i}"] = rng.normal(0, float(std), (sizes[i], sizes[i + 1]))
        params[f"b{i}"] = np.full(sizes[i + 1], float(s["bias"]) if i < len(sizes) - 2 else 0.0)
    return params


def features(params, num, cats, s):
    """The MLP's input rows: the numeric columns next to the one-hot codes or the looked-up embeddings."""
    if s["cats"] == "embed":
        parts = [params["emb_" + name][cats[name]] for name in CATEGORIES]
    else:
        parts = [np.eye(k)[cats[name]] for name, k in CATEGORIES.items()]
    return np.hstack([num] + parts)


def forward(params, X, s):
    """[X, h1, ...] and the logits z (one per row)."""
    hs, n_layers = [X], len(s["hidden"]) + 1
    for i in range(n_layers - 1):
        a = hs[-1] @ params[f"W{i}"] + params[f"b{i}"]
        hs.append(np.where(a > 0, a, s["leak"] * a))
    return hs, (hs[-1] @ params[f"W{n_layers - 1}"] + params[f"b{n_layers - 1}"])[:, 0]


def bce(z, y, reduction):
    """Binary cross-entropy from the logits, log(1 + e^z) - y z: the mean (or sum) over the rows."""
    per_row = np.logaddexp(0, z) - y * z
    return float(per_row.sum() if reduction == "sum" else per_row.mean())


def gradients(params, num, cats, y, s):
    """(the batch's loss, {name: d loss / d param})."""
    X = features(params, num, cats, s)
    hs, z = forward(params, X, s)
    loss = bce(z, y, s["reduction"])
    dz = (1 / (1 + np.exp(-z)) - y)[:, None]
    if s["reduction"] != "sum":
        dz = dz / len(y)
    grads = {}
    for i in reversed(range(len(hs))):
        grads[f"W{i}"], grads[f"b{i}"] = hs[i].T @ dz, dz.sum(axis=0)
        dz = dz @ params[f"W{i}"].T
        if i > 0:
            dz = dz * np.where(hs[i] > 0, 1.0, s["leak"])
    if s["cats"] == "embed":
        col = len(NUMERIC)
        for name in CATEGORIES:
            g = np.zeros_like(params["emb_" + name])
            np.add.at(g, cats[name], dz[:, col:col + s["emb_dim"]])
            grads["emb_" + name], col = g, col + s["emb_dim"]
    return loss, grads


class Adam:
    """Adam (beta1 0.9, beta2 0.999, eps 1e-8) over a dict of parameters."""

    def __init__(self, params, lr):
        """Zero moments for every parameter."""
        self.lr, self.t = lr, 0
        self.m = {k: np.zeros_like(v) for k, v in params.items()}
        self.v = {k: np.zeros_like(v) for k, v in params.items()}

    def step(self, params, grads):
        """One bias-corrected update, in place."""
        self.t += 1
        for k, g in grads.items():
            self.m[k] = 0.9 * self.m[k] + 0.1 * g
            self.v[k] = 0.999 * self.v[k] + 0.001 * g * g
            m_hat, v_hat = self.m[k] / (1 - 0.9 ** self.t), self.v[k] / (1 - 0.999 ** self.t)
            params[k] -= self.lr * m_hat / (np.sqrt(v_hat) + 1e-8)


class Momentum:
    """SGD with momentum 0.9: v = 0.9 v - lr g; w += v."""

    def __init__(self, params, lr):
        """Zero velocities for every parameter."""
        self.lr = lr
        self.vel = {k: np.zeros_like(v) for k, v in params.items()}

    def step(self, params, grads):
        """One update, in place."""
        for k, g in grads.items():
            self.vel[k] = 0.9 * self.vel[k] - self.lr * g
            params[k] += self.vel[k]


def train(s, tr, va, steps=None):
    """The learner's loop; returns (history, params)."""
    rng = np.random.default_rng(s["seed"])
    params = init_params(s, rng)
    opt = (Adam if s["optimizer"] == "adam" else Momentum)(params, s["lr"])
    num, cats, y = tr
    history, t = {"loss": [], "val_loss": []}, 0
    for epoch in range(s["epochs"]):
        order, batch_losses = rng.permutation(len(y)), []
        for start in range(0, len(y), s["batch"]):
            idx = order[start:start + s["batch"]]
            loss, grads = gradients(params, num[idx], {k: v[idx] for k, v in cats.items()}, y[idx], s)
            opt.step(params, grads)
            batch_losses.append(loss)
            t += 1
            if t == steps:
                break
        _, z_val = forward(params, features(params, va[0], va[1], s), s)
        history["loss"].append(float(np.mean(batch_losses)))
        history["val_loss"].append(bce(z_val, va[2], s["reduction"]))
        if t == steps:
            break
    return history, params


def run(settings, steps=None):
    """(history: {"loss": [...], "val_loss": [...]}, validation accuracy in points); steps: stop after that many
    updates."""
    s = settings
    tr, va = load(s["standardize"])
    with np.errstate(all="ignore"), one_blas_thread():
        history, params = train(s, tr, va, steps)
        _, z = forward(params, features(params, va[0], va[1], s), s)
    return history, float(100 * np.mean((z > 0) == (va[2] == 1)))


def known(settings):
    """What the learner tells: everything ("all"), lr with the loss ("loss"), lr only, or nothing."""
    s, tell = settings, settings["tell"]
    if tell == "none":
        return {}
    out = {"lr": s["lr"]}
    if tell in ("all", "loss"):
        out.update(loss="cross_entropy", n_classes=2)
    if tell == "all":
        out.update(n_samples=N_TRAIN, batch_size=s["batch"], every=-(-N_TRAIN // s["batch"]),
                   reduction=s["reduction"], targets=[0, 1])
    return out


def set_activation(settings, value):
    """relu or leaky_relu (slope 0.01) for the hidden layers; another name is one this code does not have."""
    if value in ("relu", "leaky_relu"):
        settings["leak"] = 0.01 if value == "leaky_relu" else 0.0


def set_optimizer(settings, value):
    """Adam or SGD with momentum, the two this learner has written."""
    if value in ("adam", "momentum"):
        settings["optimizer"] = value


OWN = dict(usual_own(), activation=set_activation, optimizer=set_optimizer)


def apply(settings, action):
    """A doctor's action as this learner applies it: lr, standardize, seed, weight scale, hidden biases,
    relu or leaky relu, optimizer, epochs and reduction (a key this code has no knob for is dropped)."""
    return translate(settings, action, OWN)


def base(**kw):
    """An Adam run: one-hot categories, standardized numbers, relu 32, batches of 128, lr 1e-3, 20 epochs."""
    s = {"seed": 0, "lr": 1e-3, "optimizer": "adam", "standardize": True, "cats": "onehot", "emb_dim": 4,
         "hidden": [32], "leak": 0.0, "init": "he", "bias": 0.0, "batch": 128, "epochs": 20, "reduction": "mean",
         "tell": "all"}
    s.update(kw)
    return s


def momentum(**kw):
    """A run of SGD with momentum: as base, lr 0.05."""
    return base(**{"optimizer": "momentum", "lr": 0.05, **kw})


def suite():
    """The 19 labelled runs: (name, cause, settings), the cause put in by the settings."""
    emb = {"cats": "embed", "hidden": [64, 32]}  # embedding tables of 4 numbers a category, relu 64-32
    leaky = {"leak": 0.01}
    return [
        ("healthy adam, one-hot", "healthy", base()),
        ("healthy adam, embeddings", "healthy", base(seed=1, tell="loss", **emb)),
        ("healthy momentum, one-hot", "healthy", momentum(seed=2, tell="none")),
        ("healthy momentum, embeddings, leaky relu, batches of 256", "healthy",
         momentum(seed=3, batch=256, tell="lr", **leaky, **emb)),
        ("healthy adam, embeddings, leaky relu, batches of 512, lr 3e-3", "healthy",
         base(seed=4, batch=512, lr=3e-3, **leaky, **emb)),
        ("momentum lr 4 (80x), embeddings, leaky relu, batches of 800", "lr_high",
         momentum(seed=5, lr=4.0, batch=800, **leaky, **emb)),
        ("momentum lr 5 (100x), leaky relu 64-32", "lr_high", momentum(seed=5, lr=5.0, hidden=[64, 32], **leaky)),
        ("adam lr 1e-5 (100x low)", "lr_low", base(seed=7, lr=1e-5, tell="loss")),
        ("momentum lr 5e-4 (100x low), embeddings", "lr_low", momentum(seed=8, lr=5e-4, **emb)),
        ("momentum, loss summed over batches of 128", "summed", momentum(seed=14, reduction="sum")),
        ("momentum, embeddings, leaky relu, loss summed over batches of 512", "summed",
         momentum(seed=10, reduction="sum", batch=512, tell="loss", **leaky, **emb)),
        ("raw numbers, momentum, leaky relu", "unscaled_diverging", momentum(seed=11, standardize=False, **leaky)),
        ("raw numbers, momentum, leaky relu, batches of 512", "unscaled_diverging",
         momentum(seed=12, standardize=False, batch=512, tell="none", **leaky)),
        ("raw numbers, momentum", "unscaled_conditioned", momentum(seed=13, standardize=False, tell="lr")),
        ("raw numbers, adam, batches of 256", "unscaled_conditioned", base(seed=14, standardize=False, batch=256)),
        ("adam, relu biases -5", "dead", base(seed=15, bias=-5.0)),
        ("momentum, embeddings, relu biases -5", "dead", momentum(seed=16, bias=-5.0, tell="loss", **emb)),
        ("momentum lr 4, embeddings, batches of 800", "jump_stuck",
         momentum(seed=0, lr=4.0, batch=800, epochs=40, **emb)),
        ("momentum lr 3, embeddings, batches of 1600", "jump_stuck",
         momentum(seed=3, lr=3.0, batch=1600, epochs=40, tell="none", **emb)),
    ]
