"""Style "gauss_nll": a regression net that predicts a mean and a log-variance, trained on the Gaussian NLL.

Written for a later held-out half (doctor_runs.WAITING) on 2026-12-07 by someone who never read
or ran the doctor. The learner wants error bars, so the net's last layer has two outputs per
sample, a mean mu and a log-variance s, and the loss is the Gaussian negative log-likelihood
0.5 * (s + (y - mu) ** 2 * exp(-s)) per sample, plus 0.5 * log(2 pi) when the learner writes
the full formula (`full`). Averaged over the batch (reduction "sum": summed over it). As the
net gets sure of a good fit s goes negative, so the NLL goes below zero: a healthy curve starts
near 0.5-1.5 and ends below 0; it has no floor at zero.

The data is a made-up "plant" table: scikit-learn's make_regression (8 features, 6 of them
informative, bias 400), a bend the linear part misses (30 tanh(x0 x1)) and noise whose spread
grows with |x2| (5 + 15 |x2|), so the variance head has something to learn; the targets run from
8 to 944 (std about 140). The learner then puts each feature into its instrument's units (a
temperature near 20, a humidity near 60, a flow near 150, a pressure near 101.3 kPa, a fraction
near 0.5, ...) so the table looks like a real one. A fixed shuffle splits 70/30 into train and
test. With "standardize" the features and the targets are z-scored with the training part's means
and stds (the predicted mean scaled back for the score); without it the raw numbers go in and the
targets stay in the hundreds.

One to three hidden layers (relu or tanh) drawn by he, xavier, uniform or N(0, std); the head's
weights start at N(0, 0.01) so every sample starts near mean 0, variance 1. Plain SGD, full batch
or shuffled minibatches, a global step counter over the epochs. Every `every`-th step (step 0
first, before any update) and at the last step the learner prints the batch's loss as
"step 400 | nll 1.2345"; a loss that is nan or inf is printed and ends training. The costs are
the numbers parsed back from those printed lines, so they are rounded to 4 decimals as printed.
The score is the test RMSE of the predicted mean in the targets' own units (lower is better; a
non-finite one counts as 1e6).

Weak spots: the variance head damps a too-large lr: as the errors grow, so does the predicted
variance, and the mean's gradient shrinks by it. Relu nets at 20-100x the healthy lr still scored
30-52 against the healthy 25-31, so the lr_high runs are tanh nets (20x and 50x), which do the
opposite: their NLL falls faster than a healthy run's, to -0.5 or -1 in 60-100 steps, and then the
small variance makes the mean's step too large: a last line of inf or nan (7 lines in all). The
summed full-batch run prints 212 and then nan (2 lines); the summed batches of 128 swing between
-99 and 312 and end near 60 (a sum over 128 rows, over 36 in each epoch's last batch). Raw
inputs make the relu units' outputs, and so the log-variance, hundreds wide: the NLL starts at
1e4-1e7 and is nan at the next line (the full-batch raw run: 2 lines); with other seeds the
log-variance leaps up instead and the NLL sits at 40-1500 (such a run would be conditioned,
not diverging). The raw batches-of-32 run prints every step: from 9e4 up to 3e9, down to 93, a
plateau there for some 1700 steps, then inf. The raw tanh runs (unscaled_conditioned) fall from
1e5 to 2e3-3e3 at the first printed step (the log-variance leaps up) and then crawl: a big first
drop, then a flat curve. A dead net and a bias-saturated one (tanh 64-64, biases 4) both sit at
0.5000 (1.4189 with the full formula): the head still learns the targets' mean and variance, so
the NLL of the untrained start is also the end. The weight-saturated run (tanh 32-32-32, N(0, 5))
falls steadily from 0.49 to 0.09: slow, not flat. The jump_stuck runs are relu nets at lr 1
printing every 10 steps: the NLL leaps to 18-30 (the log-variance thrown up), falls by a constant
amount a line as it comes down, then sits at 0.5 with every relu off; with the seed +100 or
+1000 the full-batch one is nan within 3-10 lines instead, and so is the batches-of-64 one at
+100. A healthy run's last printed lines are negative (-0.3 to -1.5), while a stuck one ends
at 0.5 or above: here a lower cost can be below zero.
Checked (no doctor): every run, and again with lr x0.9, x1.1 and the seed +100 and +1000, shows
its cause (labels.looks_like); the healthy median was 26.8-28.1 (healthy runs 24.2-31.3) and each
problem run's RMSE was at least 3 times it (the closest, the weight-saturated run, 87.4-88.9).
"""
import contextlib
import io
import re

import numpy as np

from .common import activation_setter, init_setter, one_blas_thread, setter, translate

SCORE = "loss"
INITS = ("he", "xavier", "uniform")
# each feature's instrument: temperature (C), humidity (%), flow (l/min), pressure (kPa), speed (rpm / 100),
# a valve's opening (a fraction), current (A), pH: their typical readings and spreads
OFFSETS = np.array([20.0, 60.0, 150.0, 101.3, 45.0, 0.5, 12.0, 7.0])
UNITS = np.array([4.0, 12.0, 40.0, 0.9, 15.0, 0.08, 3.0, 1.2])
HALF_LOG_2PI = 0.5 * np.log(2 * np.pi)


def make_table(n):
    """(X, y) of the made-up plant table with n rows: features in their units, targets around 400."""
    from sklearn.datasets import make_regression
    X, y = make_regression(n_samples=n, n_features=8, n_informative=6, bias=400.0, random_state=3)
    rng = np.random.default_rng(3)
    y = y + 30 * np.tanh(X[:, 0] * X[:, 1]) + rng.normal(0, 1, n) * (5 + 15 * np.abs(X[:, 2]))
    return X * UNITS + OFFSETS, y


def load(n, standardize):
    """(Xtr, ytr, Xte, yte, (y_mean, y_std)): a fixed 70/30 split, z-scored or raw; y_mean, y_std undo
    the targets' scaling (0, 1 when raw)."""
    X, y = make_table(n)
    order = np.random.default_rng(11).permutation(n)
    X, y = X[order], y[order]
    a = int(0.7 * n)
    y_mean, y_std = 0.0, 1.0
    if standardize:
        X = (X - X[:a].mean(0)) / X[:a].std(0)
        y_mean, y_std = float(y[:a].mean()), float(y[:a].std())
        y = (y - y_mean) / y_std
    return X[:a], y[:a], X[a:], y[a:], (y_mean, y_std)


ACT = {"relu": (lambda z: np.maximum(z, 0.0), lambda h: (h > 0).astype(float)),
       "tanh": (np.tanh, lambda h: 1.0 - h * h)}


def init_net(sizes, s, rng):
    """[[W, b], ...]: the hidden layers drawn by s["init"], their biases at s["bias"]; the head's two
    outputs (mean, log-variance) start near 0, weights N(0, 0.01): every sample starts at variance 1."""
    net = []
    for m, n in zip(sizes[:-2], sizes[1:-1]):
        if s["init"] == "uniform":
            W = rng.uniform(-1, 1, (m, n)) / np.sqrt(m)
        else:
            W = rng.normal(0.0, {"he": np.sqrt(2 / m), "xavier": np.sqrt(1 / m)}.get(s["init"], s["init"]), (m, n))
        b = rng.uniform(0, 1, n) if s["bias"] == "U(0,1)" else np.full(n, float(s["bias"]))
        net.append([W, b])
    net.append([rng.normal(0.0, 0.01, (sizes[-2], 2)), np.zeros(2)])
    return net


def forward(net, X, s):
    """(hs, mu, logvar): the layers' inputs, the predicted means and log-variances."""
    f = ACT[s["activation"]][0]
    hs = [X]
    for W, b in net[:-1]:
        hs.append(f(hs[-1] @ W + b))
    out = hs[-1] @ net[-1][0] + net[-1][1]
    return hs, out[:, 0], out[:, 1]


def nll(mu, logvar, y, s):
    """(the batch's Gaussian NLL, d NLL / d [mu, logvar]) as the learner's formula has it."""
    inv_var = np.exp(-logvar)
    r2 = (y - mu) ** 2
    per_row = 0.5 * (logvar + r2 * inv_var) + (HALF_LOG_2PI if s["full"] else 0.0)
    div = 1 if s["reduction"] == "sum" else len(y)
    grad = np.stack([(mu - y) * inv_var, 0.5 * (1 - r2 * inv_var)], axis=1) / div
    return float(per_row.sum() / div), grad


def sgd_step(net, X, y, s):
    """One SGD update on the batch; returns its loss (computed before the update)."""
    hs, mu, logvar = forward(net, X, s)
    loss, d = nll(mu, logvar, y, s)
    dact = ACT[s["activation"]][1]
    for i in range(len(net) - 1, -1, -1):
        W, b = net[i]
        d_below = (d @ W.T) * dact(hs[i]) if i else None
        W -= s["lr"] * (hs[i].T @ d)
        b -= s["lr"] * d.sum(0)
        d = d_below
    return loss


def train(s, Xtr, ytr, rng, steps=None):
    """The learner's loop of s["steps"] updates (steps: fewer), printing every s["every"]-th step's loss and the
    last one's; returns the net."""
    net = init_net([Xtr.shape[1]] + list(s["hidden"]) + [2], s, rng)
    batch = s["batch"] or len(ytr)
    total = s["steps"] if steps is None else min(steps, s["steps"])
    step = 0
    while step < total:
        order = rng.permutation(len(ytr))
        for a in range(0, len(ytr), batch):
            idx = order[a:a + batch]
            loss = sgd_step(net, Xtr[idx], ytr[idx], s)
            if step % s["every"] == 0 or step == total - 1:
                print(f"step {step} | nll {loss:.4f}")
                if not np.isfinite(loss):
                    return net
            step += 1
            if step == total:
                break
    return net


def parse(printed):
    """The numbers after "nll" in the printed lines, as floats (nan and inf as printed)."""
    return [float(m.group(1)) for m in re.finditer(r"\| nll (\S+)", printed)]


def run(settings, steps=None):
    """(the NLLs parsed from the printout, test RMSE in the targets' units); steps: stop after that step."""
    s = settings
    Xtr, ytr, Xte, yte, (y_mean, y_std) = load(s["n"], s["standardize"])
    rng = np.random.default_rng(s["seed"])
    out = io.StringIO()
    with np.errstate(all="ignore"), one_blas_thread(), contextlib.redirect_stdout(out):
        net = train(s, Xtr, ytr, rng, steps)
        mu = forward(net, Xte, s)[1]
    rmse = float(np.sqrt(np.mean((mu * y_std - yte * y_std) ** 2)))
    return parse(out.getvalue()), rmse if np.isfinite(rmse) and rmse < 1e6 else 1e6


def known(settings):
    """What this learner says: the keys in settings["tell"], out of lr, the training size, the batch,
    the steps between printed lines, the reduction and the range of the targets the net is fitted to."""
    s = settings
    n_train = int(0.7 * s["n"])
    ytr = load(s["n"], s["standardize"])[1]
    could = dict(lr=s["lr"], n_samples=n_train, batch_size=s["batch"] or n_train, every=s["every"],
                 reduction=s["reduction"], targets=[round(float(ytr.min()), 1), round(float(ytr.max()), 1)])
    return {key: could[key] for key in s["tell"]}


def bias_start(settings, value):
    """bias_init as this learner sets it: one number for every hidden bias, or U(0, 1) draws."""
    if value in (None, "none", "zero", "zeros"):
        value = 0.0
    settings["bias"] = value if value == "U(0,1)" else float(value)


def more_steps(settings, epochs):
    """epochs as this learner counts its run: in steps, an epoch being len(train) / batch of them."""
    n_train = int(0.7 * settings["n"])
    settings["steps"] = int(epochs) * -(-n_train // (settings["batch"] or n_train))


OWN = {"reduction": setter("reduction"), "weight_init": init_setter("init", INITS), "bias_init": bias_start,
       "activation": activation_setter("activation", tuple(ACT)), "epochs": more_steps}


def apply(settings, action):
    """A doctor's action as this learner applies it (lr, standardize, seed, reduction, init, bias, activation,
    epochs as steps); keys this code has no knob for are dropped."""
    return translate(settings, action, OWN)


ALL = ["lr", "n_samples", "batch_size", "every", "reduction", "targets"]


def base(**kw):
    """A full-batch run on 600 rows (420 to train): relu 64, lr 0.003, 3000 steps, a line every 100."""
    s = dict(n=600, seed=0, lr=0.003, standardize=True, steps=3000, every=100, batch=None, hidden=[64],
             activation="relu", init="he", bias=0.0, full=False, reduction="mean", tell=ALL)
    s.update(kw)
    return s


def suite():
    """The 21 labelled runs: (name, cause, settings), the cause put in by the settings."""
    mb = dict(batch=32, lr=0.002)  # 14 steps an epoch
    tanh = dict(activation="tanh", init="xavier")
    raw = dict(standardize=False)
    runs = [("healthy relu 64, full batch", "healthy", base()),
            ("healthy relu 64, batches of 32", "healthy", base(seed=1, tell=["lr", "every"], **mb)),
            ("healthy tanh 64, full batch, full NLL", "healthy", base(seed=2, full=True, tell=[], **tanh)),
            ("healthy relu 64-32, 1000 rows", "healthy", base(seed=3, n=1000, hidden=[64, 32])),
            ("healthy tanh 64, batches of 32, lr 0.004", "healthy", base(seed=4, **dict(mb, lr=0.004), **tanh))]
    runs += [("tanh full batch, lr 0.06 (20x): falls below 0, then nan", "lr_high",
              base(seed=5, lr=0.06, every=20, **tanh)),
             ("tanh batches of 32, lr 0.1 (50x)", "lr_high",
              base(seed=6, every=20, tell=["lr"], **dict(mb, lr=0.1), **tanh)),
             ("relu full batch, lr 3e-5 (100x low)", "lr_low", base(seed=7, lr=3e-5)),
             ("relu batches of 32, lr 2e-5 (100x low), full NLL", "lr_low",
              base(seed=8, full=True, tell=[], **dict(mb, lr=2e-5))),
             ("relu full batch, NLL summed over 420 rows", "summed",
              base(seed=9, reduction="sum", tell=["lr", "every"])),
             ("relu batches of 128, NLL summed over the batch", "summed", base(seed=10, reduction="sum", batch=128)),
             ("raw table, relu full batch, xavier init, a line every 10 steps", "unscaled_diverging",
              base(seed=11, init="xavier", every=10, **raw)),
             ("raw table, relu batches of 32, uniform init, a line every step", "unscaled_diverging",
              base(seed=12, init="uniform", every=1, tell=["lr", "batch_size", "every"], **raw, **mb)),
             ("raw table, tanh full batch", "unscaled_conditioned", base(seed=13, **raw, **tanh)),
             ("raw table, tanh batches of 32", "unscaled_conditioned", base(seed=14, tell=[], **raw, **mb, **tanh)),
             ("relu 64, biases -5", "dead", base(seed=15, bias=-5.0, tell=["lr"])),
             ("relu 64-32, biases -3, full NLL", "dead", base(seed=16, bias=-3.0, hidden=[64, 32], full=True)),
             ("tanh 64-64, biases 4", "saturated", base(seed=17, bias=4.0, hidden=[64, 64], **tanh)),
             ("tanh 32-32-32, weights N(0, 5), 1000 rows", "saturated",
              base(seed=18, n=1000, steps=1500, hidden=[32, 32, 32], tell=[], **dict(tanh, init=5.0))),
             ("relu full batch, lr 1, a line every 10 steps: a leap, then flat", "jump_stuck",
              base(seed=0, lr=1.0, steps=1000, every=10)),
             ("relu batches of 64, lr 1", "jump_stuck", base(seed=100, lr=1.0, steps=1000, every=10, batch=64))]
    return runs
