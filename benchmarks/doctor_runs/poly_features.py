"""Style "poly_features": a curve fitted on polynomial features of raw columns, the costs a cost_history list.

Written for the next held-out half (doctor_runs.WAITING) on 2026-12-07 by someone who never read or ran the
doctor. The learner fits a curve to data they made up (fixed, 200 rows to train on, 100 to test, noise of
sd 20 in every set): a city's electricity demand in MW against the day's high temperature 0-40 deg C
("power", a U-shape), a museum's visitors a year in thousands against the year 1950-2020 ("visitors"), or a
flat's price in thousands against its floor area 30-250 m^2 and its age 0-100 years ("flat", two columns).
poly_features turns each raw column into x, x^2, ..., x^d (d 2-4 here; no cross terms) and, when the
learner standardizes, feature_normalize z-scores them after expanding with the training set's mu and sigma;
otherwise the raw powers go in (year^3 is 8e9, 40^4 is 2.6e6). A column of ones is put first. Then either
linear regression, theta from np.random.randn as in the book, by gradient descent on
J = 1/(2m) * sum((X @ theta - y)^2) (reduction "sum": the learner wrote J = 1/2 * sum(...) and left the 1/m
out of the gradient too), or a one-hidden-layer net (tanh or sigmoid, 10 units, a linear output; W1 ~ N(0,
1/sqrt(n)) or the std the learner asks for) on the same cost. The net's learner also z-scores the target
and reports the error back in the target's units. Full batch, or shuffled minibatches of 16-32.

The log: cost_history gets J on the whole training set after every update (full batch: one entry an
iteration, the first after the first update) or after every epoch (minibatch); the costs are that list, in
the target's units squared over 2 for linear regression, in the z-scored target's for the net. The score is
the test mean squared error in the target's units (inf when the run ended in nan). known(): lr always;
"all" learners add the training size, the batch (200 for full batch), the updates between entries and the
loss (squared), and reduction="sum" when that is what they wrote.

This code has no relu, so no dead runs; and no jump_stuck run: the nearest it came (raw-unit targets into
the tanh net, where the first update saturates the hidden units and the cost stays high) has no jump to
show, since its first entry is already its highest.
Weak spots (the curves that are borderline for their cause):
- The linear diverging runs (lr_high, summed, unscaled_diverging) are far off at their first entry
  (1e8-1e59, J after one update) and nan after 7-86 entries: long all-nan tails, nothing before the climb.
  The net at lr 5 starts at 6-41 (the z-scored target's cost starts near 0.5) and is nan after 99-106.
- The linear unscaled_conditioned run (raw flat prices, lr 1e-9, the largest that does not blow up) is
  only repaired by standardizing and raising lr together (e.g. back to 0.3): standardize alone leaves the
  lr at 1e-9 and the test error at 2.5e5.
- Two healthy runs still creep at the end (demand degree 3 in batches of 32, and the flat-price sigmoid
  net): test error 700-720, 1.6x the median of the healthy runs.
- The saturated runs (flat prices, tanh N(0, 10), sigmoid N(0, 30)) fall from 0.2-0.7 to 0.03-0.06 like a
  converging curve: only their level (3-12 times a healthy net's final 0.005-0.009) and their test error
  (5800-10600) show it. The net lr_low run (lr 0.001) falls steadily from 0.64 to 0.11, like slow healthy training.
- The raw-input nets' curves are nearly flat from the start (tanh 0.52-0.71 to 0.43, sigmoid 0.39-0.47 to
  0.34-0.43).
Checked (no doctor): every run, and again with lr x0.9, x1.1 and the seed +100 and +1000, shows its cause
(labels.looks_like); the healthy median was 428-434 (healthy runs 415-724), and each problem run had a
test error at least 6 times it (the closest: the net lr_low run, 3000-5200, and the raw flat prices at lr
1e-9, 2800-19900). Applying lr_scale 0.02 (lr_high), 100 (lr_low), reduction "mean" (summed), standardize
(unscaled, but see above) or weight_init xavier (saturated) brought the rest back to 415-780. The whole suite
runs in 1-3 s on one thread.
"""
import numpy as np

from .common import one_blas_thread, translate

SCORE = "loss"
N_TRAIN, N_TEST = 200, 100


# ---------------------------------------------------------------- the data the learner made up
def make_data(name, n, rng):
    """(x, y): x the raw input columns (n, 1 or 2) in their own units, y the target in its units."""
    if name == "power":  # daily high in deg C -> the grid's demand in MW: cheap to heat and cool at 18
        t = rng.uniform(0.0, 40.0, n)
        return t[:, None], 900.0 + 1.2 * (t - 18.0) ** 2 + rng.normal(0.0, 20.0, n)
    if name == "visitors":  # year -> a museum's visitors a year, in thousands: growing, bending up a little
        year = rng.uniform(1950.0, 2020.0, n)
        t = year - 1950.0
        return year[:, None], 150.0 + 4.0 * t + 0.01 * t ** 2 + rng.normal(0.0, 20.0, n)
    if name == "flat":  # floor area in m^2 and the building's age in years -> the price in thousands
        area, age = rng.uniform(30.0, 250.0, n), rng.uniform(0.0, 100.0, n)
        price = 40.0 + 2.5 * area + 0.004 * area ** 2 - 2.0 * age + 0.015 * age ** 2
        return np.column_stack([area, age]), price + rng.normal(0.0, 20.0, n)
    raise ValueError(name)


def poly_features(x, degree):
    """[x, x^2, ..., x^degree] for each raw column, side by side (no cross terms)."""
    return np.column_stack([x[:, [j]] ** p for j in range(x.shape[1]) for p in range(1, degree + 1)])


def feature_normalize(X, mu=None, sigma=None):
    """(X - mu) / sigma with the training set's mu and sigma (computed when not given)."""
    if mu is None:
        mu, sigma = X.mean(0), X.std(0)
    return (X - mu) / sigma, mu, sigma


def add_ones(X):
    """The column of ones for the intercept theta_0."""
    return np.column_stack([np.ones(len(X)), X])


def load(s):
    """(X_train, y_train, X_test, y_test, y_mean, y_std): design matrices (ones first), the targets (scaled
    when the learner scales them for a net), and the numbers to take the scaling back off."""
    rng = np.random.default_rng(2024)  # the data set is fixed; the run's seed is the weights'
    x, y = make_data(s["data"], N_TRAIN + N_TEST, rng)
    X = poly_features(x, s["degree"])
    X_train, X_test, y_train, y_test = X[:N_TRAIN], X[N_TRAIN:], y[:N_TRAIN], y[N_TRAIN:]
    if s["standardize"]:
        X_train, mu, sigma = feature_normalize(X_train)
        X_test, _, _ = feature_normalize(X_test, mu, sigma)
    y_mean, y_std = (y_train.mean(), y_train.std()) if s["scale_y"] else (0.0, 1.0)
    return add_ones(X_train), (y_train - y_mean) / y_std, add_ones(X_test), y_test, y_mean, y_std


# ---------------------------------------------------------------- linear regression
def compute_cost(X, y, theta, reduction="mean"):
    """J = 1/(2m) * sum of squared errors; the learner's "sum" version leaves out the 1/m."""
    err = X @ theta - y
    return float(err @ err / 2.0 / (1 if reduction == "sum" else len(y)))


def cost_gradient(X, y, theta, reduction="mean"):
    """dJ/dtheta = 1/m * X^T (X theta - y) (without the 1/m for "sum")."""
    return X.T @ (X @ theta - y) / (1 if reduction == "sum" else len(y))


def batches(m, batch_size, rng):
    """The index sets of one epoch: everything at once (full batch) or shuffled minibatches."""
    if not batch_size:
        return [np.arange(m)]
    order = rng.permutation(m)
    return [order[k:k + batch_size] for k in range(0, m, batch_size)]


def gradient_descent(X, y, s, rng, steps=None):
    """theta and cost_history: one entry per iteration (full batch, J after the update) or per epoch
    (minibatch, J on the whole training set after the epoch). theta starts at randn, as in the book."""
    theta = rng.standard_normal(X.shape[1])
    cost_history, t = [], 0
    for _ in range(s["epochs"]):
        for idx in batches(len(y), s["batch"], rng):
            theta = theta - s["lr"] * cost_gradient(X[idx], y[idx], theta, s["reduction"])
            t += 1
            if t == steps:
                break
        cost_history.append(compute_cost(X, y, theta, s["reduction"]))
        if t == steps:
            break
    return theta, cost_history


# ---------------------------------------------------------------- one hidden layer
ACT = {"tanh": (np.tanh, lambda a: 1.0 - a ** 2),
       "sigmoid": (lambda z: 1.0 / (1.0 + np.exp(-z)), lambda a: a * (1.0 - a))}


def init_net(n_in, s, rng):
    """{"W1", "b1", "W2", "b2"}: W1 ~ N(0, std) with std 1/sqrt(n_in) ("xavier"), 0.01 ("small") or a number."""
    std = {"xavier": 1.0 / np.sqrt(n_in), "small": 0.01}.get(s["init"], s["init"])
    h = s["hidden"]
    return {"W1": rng.standard_normal((n_in, h)) * float(std), "b1": np.full(h, float(s["bias"])),
            "W2": rng.standard_normal(h) / np.sqrt(h), "b2": 0.0}


def net_predict(params, X, activation):
    """(hidden activations, predictions); X carries its ones column, which the net does not use."""
    a = ACT[activation][0](X[:, 1:] @ params["W1"] + params["b1"])
    return a, a @ params["W2"] + params["b2"]


def net_step(params, X, y, s):
    """One gradient step on J = 1/(2m) sum (y_hat - y)^2 (no 1/m for "sum")."""
    a, y_hat = net_predict(params, X, s["activation"])
    d_out = (y_hat - y) / (1 if s["reduction"] == "sum" else len(y))
    d_hidden = np.outer(d_out, params["W2"]) * ACT[s["activation"]][1](a)
    grads = {"W2": a.T @ d_out, "b2": d_out.sum(), "W1": X[:, 1:].T @ d_hidden, "b1": d_hidden.sum(0)}
    for key, g in grads.items():
        params[key] = params[key] - s["lr"] * g


def train_net(X, y, s, rng, steps=None):
    """The net and its cost_history, kept as in gradient_descent."""
    params = init_net(X.shape[1] - 1, s, rng)
    cost_history, t = [], 0
    for _ in range(s["epochs"]):
        for idx in batches(len(y), s["batch"], rng):
            net_step(params, X[idx], y[idx], s)
            t += 1
            if t == steps:
                break
        err = net_predict(params, X, s["activation"])[1] - y
        cost_history.append(float(err @ err / 2.0 / (1 if s["reduction"] == "sum" else len(y))))
        if t == steps:
            break
    return params, cost_history


def run(settings, steps=None):
    """(cost_history, test mean squared error in the target's units); steps: stop after that many updates."""
    s = settings
    X_train, y_train, X_test, y_test, y_mean, y_std = load(s)
    rng = np.random.default_rng(s["seed"])
    with np.errstate(all="ignore"), one_blas_thread():
        if s["model"] == "linear":
            theta, cost_history = gradient_descent(X_train, y_train, s, rng, steps)
            predictions = X_test @ theta
        else:
            params, cost_history = train_net(X_train, y_train, s, rng, steps)
            predictions = net_predict(params, X_test, s["activation"])[1]
        mse = float(np.mean((predictions * y_std + y_mean - y_test) ** 2))
    return cost_history, mse if np.isfinite(mse) else float("inf")


def known(settings):
    """What the learner says: "all": lr, the training size, the batch (200 for full batch), the updates
    between cost_history entries and the loss (squared; the reduction only if they wrote the sum);
    "lr": lr alone."""
    s = settings
    out = {"lr": s["lr"]}
    if s["tell"] == "all":
        batch = s["batch"] or N_TRAIN
        out.update(n_samples=N_TRAIN, batch_size=batch, every=-(-N_TRAIN // batch), loss="squared")
        if s["reduction"] == "sum":
            out["reduction"] = "sum"
    return out


# ---------------------------------------------------------------- a doctor's action, the learner's way
def _init(settings, value):
    """weight_init for the net's first layer: "xavier" (and "he", "uniform": the learner's 1/sqrt(n) normal)
    or a std; linear regression's theta is randn whatever is asked."""
    if settings["model"] == "net":
        settings["init"] = "xavier" if value in ("xavier", "he", "uniform") else float(value)


def _bias(settings, value):
    """bias_init for the net's hidden layer: a number; zero for "none"/"zero"; U(0,1) is not in this code."""
    if settings["model"] == "net" and value != "U(0,1)":
        settings["bias"] = float({"none": 0.0, "zero": 0.0, "zeros": 0.0}.get(value, value))


def _activation(settings, value):
    """The net's hidden units: tanh or sigmoid (this code has no other)."""
    if settings["model"] == "net" and value in ACT:
        settings["activation"] = value


def _epochs(settings, value):
    """The iterations (full batch) or epochs (minibatch)."""
    settings["epochs"] = int(value)


OWN = {"reduction": lambda s, v: s.update(reduction=v), "weight_init": _init, "bias_init": _bias,
       "activation": _activation, "epochs": _epochs}


def apply(settings, action):
    """A doctor's action as this learner applies it; keys the code has no knob for are dropped."""
    return translate(settings, action, OWN)


def base(**kw):
    """Demand against temperature, degree 4, standardized, linear regression by full-batch GD, lr 0.1, 1500 steps."""
    s = dict(data="power", degree=4, model="linear", standardize=True, scale_y=False, lr=0.1, epochs=1500,
             batch=None, reduction="mean", hidden=10, activation="tanh", init="xavier", bias=0.0, seed=0, tell="all")
    s.update(kw)
    return s


def net(**kw):
    """A one-hidden-layer tanh net (10 units) on degree-3 features, the target scaled too, lr 0.1, 3000 iterations."""
    return base(**{"model": "net", "degree": 3, "scale_y": True, "epochs": 3000, **kw})


def suite():
    """The 22 labelled runs: (name, cause, settings), the cause put in by the settings."""
    quad = dict(degree=2, lr=0.3, epochs=1000)
    mb = dict(batch=20, lr=0.05, epochs=100)  # 10 updates an epoch, one cost_history entry an epoch
    runs = [("healthy demand, degree 2", "healthy", base(seed=0, **quad)),
            ("healthy demand, degree 4, lr 0.3, 2000 iterations", "healthy",
             base(seed=1, lr=0.3, epochs=2000, tell="lr")),
            ("healthy visitors against year, degree 2", "healthy", base(seed=2, data="visitors", **quad)),
            ("healthy flat prices, degree 3, minibatches of 20", "healthy",
             base(seed=3, data="flat", degree=3, **mb)),
            ("healthy demand, degree 3, batches of 32, lr 0.1", "healthy",
             base(seed=4, degree=3, batch=32, lr=0.1, epochs=200, tell="lr")),
            ("healthy demand, tanh net", "healthy", net(seed=5)),
            ("healthy flat prices, sigmoid net, minibatches of 16", "healthy",
             net(seed=6, data="flat", degree=2, activation="sigmoid", batch=16, epochs=150)),
            ("healthy visitors, degree 2, J = 1/2 sum (no 1/m) with lr 0.0015", "healthy",
             base(seed=21, data="visitors", reduction="sum", **dict(quad, lr=0.0015))),
            ("demand degree 4, lr 15 (50x)", "lr_high", base(seed=7, lr=15.0, epochs=2000)),
            ("flat prices, minibatches of 20, lr 2.5 (50x)", "lr_high",
             base(seed=8, data="flat", degree=3, **dict(mb, lr=2.5))),
            ("demand tanh net, lr 5 (50x)", "lr_high", net(seed=9, lr=5.0, tell="lr")),
            ("demand degree 2, lr 0.003 (100x low)", "lr_low", base(seed=10, **dict(quad, lr=0.003))),
            ("demand tanh net, lr 0.001 (100x low)", "lr_low", net(seed=11, lr=0.001)),
            ("demand degree 2, J = 1/2 sum (no 1/m), lr 0.3", "summed", base(seed=12, reduction="sum", **quad)),
            ("flat prices, minibatches of 20, summed, lr 0.05", "summed",
             base(seed=13, data="flat", degree=3, reduction="sum", **mb)),
            ("raw visitors against year, degree 3, lr 0.3", "unscaled_diverging",
             base(seed=14, data="visitors", standardize=False, **dict(quad, degree=3))),
            ("raw demand, degree 4, lr 0.3, 2000 iterations", "unscaled_diverging",
             base(seed=15, lr=0.3, epochs=2000, standardize=False, tell="lr")),
            ("raw flat prices, degree 2, lr 1e-9 (the largest that does not blow up)", "unscaled_conditioned",
             base(seed=17, data="flat", degree=2, lr=1e-9, standardize=False)),
            ("raw demand into a tanh net", "unscaled_conditioned", net(seed=18, standardize=False)),
            ("raw flat prices into a sigmoid net, minibatches of 16", "unscaled_conditioned",
             net(seed=16, data="flat", degree=2, activation="sigmoid", batch=16, epochs=150, standardize=False)),
            ("flat prices, tanh net, weights N(0, 10)", "saturated",
             net(seed=19, data="flat", init=10.0, tell="lr")),
            ("flat prices, sigmoid net, weights N(0, 30)", "saturated",
             net(seed=20, data="flat", activation="sigmoid", init=30.0)),
            ]
    return runs
