"""Style "poly_features": a curve fitted on polynomial features of raw columns, the costs a cost_history list.

(docstring completed below, once the suite is settled)
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
    """Demand against temperature, degree 4, standardized, linear regression, full batch GD, lr 0.1, 1500 iterations."""
    s = dict(data="power", degree=4, model="linear", standardize=True, scale_y=False, lr=0.1, epochs=1500,
             batch=None, reduction="mean", hidden=10, activation="tanh", init="xavier", bias=0.0, seed=0, tell="all")
    s.update(kw)
    return s


def net(**kw):
    """A one-hidden-layer tanh net (10 units) on degree-3 features, the target scaled too, lr 0.1, 3000 iterations."""
    return base(**{"model": "net", "degree": 3, "scale_y": True, "epochs": 3000, **kw})


def suite():
    """The 21 labelled runs: (name, cause, settings), the cause put in by the settings."""
    quad = dict(degree=2, lr=0.3, epochs=1000)
    mb = dict(batch=20, lr=0.05, epochs=100)  # 10 updates an epoch, one cost_history entry an epoch
    runs = [("healthy demand, degree 2", "healthy", base(seed=0, **quad)),
            ("healthy demand, degree 4, lr 0.3, 2000 iterations", "healthy", base(seed=1, lr=0.3, epochs=2000, tell="lr")),
            ("healthy visitors against year, degree 2", "healthy", base(seed=2, data="visitors", **quad)),
            ("healthy flat prices, degree 3, minibatches of 20", "healthy", base(seed=3, data="flat", degree=3, **mb)),
            ("healthy demand, degree 3, batches of 32, lr 0.1", "healthy",
             base(seed=4, degree=3, batch=32, lr=0.1, epochs=200, tell="lr")),
            ("healthy demand, tanh net", "healthy", net(seed=5)),
            ("healthy flat prices, sigmoid net, minibatches of 16", "healthy",
             net(seed=6, data="flat", degree=2, activation="sigmoid", batch=16, epochs=150)),
            ("demand degree 4, lr 15 (50x)", "lr_high", base(seed=7, lr=15.0, epochs=2000)),
            ("flat prices, minibatches of 20, lr 2.5 (50x)", "lr_high",
             base(seed=8, data="flat", degree=3, **dict(mb, lr=2.5))),
            ("demand tanh net, lr 5 (50x)", "lr_high", net(seed=9, lr=5.0, tell="lr")),
            ("demand degree 2, lr 0.003 (100x low)", "lr_low", base(seed=10, **dict(quad, lr=0.003))),
            ("demand tanh net, lr 0.001 (100x low)", "lr_low", net(seed=11, lr=0.001)),
            ("demand degree 2, J = 1/2 sum (no 1/m), lr 0.3", "summed", base(seed=12, reduction="sum", **quad)),
            ("flat prices, minibatches of 20, summed, lr 0.05", "summed",
             base(seed=13, data="flat", degree=3, reduction="sum", **mb)),
            ("raw visitors against year, degree 3, lr 0.001", "unscaled_diverging",
             base(seed=14, data="visitors", degree=3, lr=0.001, standardize=False)),
            ("raw demand, degree 4, lr 1e-4", "unscaled_diverging",
             base(seed=15, degree=4, lr=1e-4, standardize=False, tell="lr")),
            ("raw demand, degree 3, lr 1e-9 (the largest that does not blow up)", "unscaled_conditioned",
             base(seed=16, degree=3, lr=1e-9, standardize=False)),
            ("raw flat prices, degree 2, lr 1e-9", "unscaled_conditioned",
             base(seed=17, data="flat", degree=2, lr=1e-9, standardize=False)),
            ("raw demand into a tanh net", "unscaled_conditioned", net(seed=18, standardize=False)),
            ("flat prices, tanh net, weights N(0, 10)", "saturated",
             net(seed=19, data="flat", init=10.0, tell="lr")),
            ("flat prices, sigmoid net, weights N(0, 30)", "saturated",
             net(seed=20, data="flat", activation="sigmoid", init=30.0)),
            ]
    return runs
