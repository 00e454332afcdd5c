"""Style: scikit-learn's MLPRegressor / MLPClassifier fitted in one call; the learner reads
``model.loss_curve_`` (one loss per epoch)."""
import warnings

import numpy as np

from .common import translate

SCORE = "per run"  # accuracy for the classifier, loss for the regressor


def _data(task):
    r = np.random.default_rng(61)
    if task == "classify":
        X = r.normal(size=(400, 6))
        y = ((X[:, 0] * X[:, 1] > 0) ^ (X[:, 2] > 0.5)).astype(int)
        return X, y
    X = r.uniform(-1, 1, (400, 3))
    return X, np.sin(2 * X[:, 0]) + X[:, 1] * X[:, 2]


def run(s, steps=None):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier, MLPRegressor
    from sklearn.preprocessing import StandardScaler
    X, y = _data(s["task"])
    X = X * s.get("input_scale", 1.0)
    if s.get("standardize"):
        X = StandardScaler().fit_transform(X)
    cls = MLPClassifier if s["task"] == "classify" else MLPRegressor
    m = cls(hidden_layer_sizes=tuple(s.get("hidden", (32,))), solver=s.get("solver", "adam"),
            learning_rate_init=s["lr"], max_iter=steps or s.get("max_iter", 200), batch_size=s.get("batch", 32),
            activation=s.get("activation", "relu"), momentum=s.get("momentum", 0.9),
            random_state=s["seed"], tol=0, n_iter_no_change=10 ** 6)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            m.fit(X, y)
            curve = list(m.loss_curve_)
        except ValueError:  # "Solver produced non-finite parameter weights"
            curve = list(getattr(m, "loss_curve_", [])) + [np.inf]
            return curve, (0.0 if s["task"] == "classify" else np.inf)
        if s["task"] == "classify":
            return curve, 100 * float(m.score(X, y))
        mse = float(np.mean((m.predict(X) - y) ** 2))
    return curve, mse if np.isfinite(mse) else np.inf


def score_kind(s):
    return "accuracy" if s["task"] == "classify" else "loss"


def known(s):
    X, y = _data(s["task"])
    # loss_curve_ holds each epoch's mean of its minibatch losses: they carry batch noise
    kw = dict(lr=s["lr"], n_samples=len(X), reduction="mean", batch_size=s.get("batch", 32))
    if s["task"] == "classify":
        return dict(kw, loss="cross_entropy", n_classes=2)
    return dict(kw, loss="squared", targets=y)  # scikit-learn's squared loss is half the MSE


OWN = {"epochs": lambda s, v: s.__setitem__("max_iter", int(v)),
       "activation": lambda s, v: s.__setitem__("activation", {"leaky_relu": "relu"}.get(v, v))
       if v in ("relu", "tanh", "leaky_relu") else None}


def apply(s, action):
    return translate(s, action, OWN)


def suite():
    out = []
    for task in ("classify", "regress"):
        base = dict(task=task, lr=0.01, max_iter=100)
        for seed in range(3):
            out.append((f"{task} adam healthy seed {seed}", "healthy", dict(base, seed=seed)))
        out.append((f"{task} sgd healthy", "healthy", dict(base, seed=3, solver="sgd", lr=0.05)))
        for seed in range(2):
            out.append((f"{task} sgd lr x100 seed {seed}", "lr_high", dict(base, seed=seed, solver="sgd", lr=5.0)))
        out.append((f"{task} sgd lr /100", "lr_low", dict(base, seed=0, solver="sgd", lr=0.0005, momentum=0.0)))
        out.append((f"{task} adam lr /100", "lr_low", dict(base, seed=1, lr=1e-4)))
        out.append((f"{task} sgd unscaled x1000", "unscaled_diverging",
                    dict(base, seed=0, solver="sgd", lr=0.05, input_scale=1000.0)))
        out.append((f"{task} deep logistic", "saturated",
                    dict(base, seed=0, solver="sgd", lr=0.05, activation="logistic", hidden=(32,) * 8)))
    return out
