"""Style "sk_partial_fit": scikit-learn classifiers trained one epoch at a time with partial_fit.

Written for the next held-out half (doctor_runs.WAITING) by someone who never read or ran the
doctor. The learner loads the digits, wine or breast cancer (train_test_split 75/25, stratified),
raw or through StandardScaler fitted on the training part, and builds SGDClassifier(loss="log_loss",
learning_rate="constant", eta0=lr) or MLPClassifier(solver="sgd", learning_rate="constant",
learning_rate_init=lr, momentum 0.9, batch_size = the minibatch) with relu, tanh or logistic hidden
layers. Each epoch it shuffles the training part and calls partial_fit on each minibatch (batch
None: the whole part in one call). Some learners overwrite the net right after the first call:
intercepts_ of the hidden layers set to a very negative number, or coefs_ redrawn N(0, std).
After each epoch it computes sklearn.metrics.log_loss on the training part and appends it to a
list (nan, and the loop stops, if predict_proba is not finite): those are the costs (the first
after one epoch, none before training). The score is the test accuracy in points.

Causes: all but summed (sklearn averages over the minibatch; this code has no way to sum).
Weak spots: log_loss clips probabilities, so a diverging run cannot reach inf: the lr_high runs
and the raw-cancer SGDClassifier runs (unscaled_diverging) bounce at 3-30 rather than climb, and
pass looks_like as "never down". The raw-cancer SGDClassifier at eta0 0.01 scores 92.3 against a
healthy median of 97.8 (the test wants under 92.8): borderline. The unscaled_conditioned runs
(raw cancer relu, raw wine tanh) sit flat near the class-prior loss, like the dead ones. The
jump_stuck runs are relu 32-32 nets at lr 0.3-0.5: low for a few epochs, then a leap and every
relu off, flat at the prior's loss.
Checked (no doctor): every curve shows its cause; healthy 97.1-98.6, problems 10-92.3.
"""
import warnings

import numpy as np

from .common import one_blas_thread, setter, translate

SCORE = "accuracy"


def load(name, standardize):
    """(Xtr, ytr, Xte, yte): a fixed 75/25 split of digits, wine or breast_cancer, z-scored on request."""
    from sklearn.datasets import load_breast_cancer, load_digits, load_wine
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler
    loader = {"digits": load_digits, "wine": load_wine, "cancer": load_breast_cancer}[name]
    X, y = loader(return_X_y=True)
    Xtr, Xte, ytr, yte = train_test_split(X.astype(float), y, test_size=0.25, random_state=7, stratify=y)
    if standardize:
        scaler = StandardScaler().fit(Xtr)
        Xtr, Xte = scaler.transform(Xtr), scaler.transform(Xte)
    return Xtr, ytr, Xte, yte


def make_model(s):
    """The estimator: SGDClassifier(loss="log_loss") or an MLPClassifier, constant learning rate."""
    from sklearn.linear_model import SGDClassifier
    from sklearn.neural_network import MLPClassifier
    if s["model"] == "sgd":
        return SGDClassifier(loss="log_loss", learning_rate="constant", eta0=s["lr"], alpha=s["alpha"],
                             random_state=s["seed"])
    return MLPClassifier(hidden_layer_sizes=tuple(s["hidden"]), activation=s["activation"], solver="sgd",
                         learning_rate="constant", learning_rate_init=s["lr"], momentum=s["momentum"],
                         batch_size=s["batch"] or 100000, alpha=s["alpha"], random_state=s["seed"])


def tamper(model, s, rng):
    """What the learner does to the net right after its first partial_fit: a bias or weight scale."""
    if s.get("set_bias") is not None:
        model.intercepts_ = [np.full_like(b, s["set_bias"]) for b in model.intercepts_[:-1]] + [model.intercepts_[-1]]
    if s.get("set_std") is not None:
        model.coefs_ = [rng.normal(0, s["set_std"], W.shape) for W in model.coefs_]


def epoch_cost(model, X, y, classes):
    """The training log loss the learner computes after an epoch (nan if the probabilities are not finite)."""
    from sklearn.metrics import log_loss
    P = model.predict_proba(X)
    if not np.isfinite(P).all():
        return float("nan")
    return float(log_loss(y, P, labels=classes))


def train(s, Xtr, ytr, steps=None):
    """The learner's loop: shuffled minibatches into partial_fit, the training cost after each epoch."""
    rng = np.random.default_rng(s["seed"])
    classes = np.unique(ytr)
    model = make_model(s)
    batch = s["batch"] or len(ytr)
    costs, t = [], 0
    for epoch in range(s["epochs"]):
        order = rng.permutation(len(ytr))
        for k in range(0, len(ytr), batch):
            idx = order[k:k + batch]
            model.partial_fit(Xtr[idx], ytr[idx], classes=classes)
            if t == 0:
                tamper(model, s, rng)
            t += 1
            if t == steps:
                break
        costs.append(epoch_cost(model, Xtr, ytr, classes))
        if not np.isfinite(costs[-1]) or t == steps:
            break
    return costs, model


def run(settings, steps=None):
    """(the per-epoch training costs, test accuracy in points); steps: stop after that many partial_fits."""
    s = settings
    Xtr, ytr, Xte, yte = load(s["data"], s["standardize"])
    with np.errstate(all="ignore"), one_blas_thread(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        costs, model = train(s, Xtr, ytr, steps)
        try:
            acc = float(100 * np.mean(model.predict(Xte) == yte))
        except ValueError:  # nan weights
            acc = 0.0
    return costs, acc


N_TRAIN = {"digits": 1347, "wine": 133, "cancer": 426}
N_CLASSES = {"digits": 10, "wine": 3, "cancer": 2}


def known(settings):
    """The lr always; the data's size, batch and loss for a learner who tells."""
    s = settings
    out = dict(lr=s["lr"])
    if s["tell"]:
        n = N_TRAIN[s["data"]]
        out.update(n_samples=n, batch_size=s["batch"] or n, loss="cross_entropy", n_classes=N_CLASSES[s["data"]],
                   reduction="mean")
    return out


def put_activation(settings, value):
    """activation: the MLP's hidden layers take sklearn's names (sigmoid is "logistic")."""
    name = {"sigmoid": "logistic"}.get(value, value)
    if settings["model"] == "mlp" and name in ("relu", "tanh", "logistic", "identity"):
        settings["activation"] = name


def drop_tamper(key):
    """bias_init / weight_init: the learner stops overwriting the net's biases or weights."""
    def put(settings, value):
        settings[key] = None
    return put


OWN = {"activation": put_activation, "bias_init": drop_tamper("set_bias"), "weight_init": drop_tamper("set_std"),
       "epochs": setter("epochs", int)}


def apply(settings, action):
    """A doctor's action as this learner applies it: eta0 / learning_rate_init, StandardScaler, the
    random_state, the hidden activation, the biases or weights left as sklearn drew them, epochs."""
    return translate(settings, action, OWN)


def mlp(**kw):
    """An MLPClassifier on standardized digits: relu 64, batches of 32, lr 0.01, momentum 0.9, 30 epochs."""
    s = dict(model="mlp", data="digits", standardize=True, hidden=[64], activation="relu", lr=0.01, momentum=0.9,
             batch=32, alpha=1e-4, epochs=30, seed=0, tell=True, set_bias=None, set_std=None)
    s.update(kw)
    return s


def sgd(**kw):
    """An SGDClassifier(loss="log_loss") on standardized breast cancer: eta0 0.01, batches of 32, 30 epochs."""
    return mlp(**{"model": "sgd", "data": "cancer", "lr": 0.01, "hidden": [], "activation": "none", **kw})


def suite():
    """The 20 labelled runs: (name, cause, settings), the cause put in by the settings."""
    wine16 = dict(data="wine", batch=16)
    deep_relu = dict(hidden=[32, 32])
    runs = [("healthy digits relu 64", "healthy", mlp()),
            ("healthy cancer SGDClassifier", "healthy", sgd(seed=1)),
            ("healthy wine tanh 32, batches of 16", "healthy", mlp(seed=2, activation="tanh", hidden=[32], tell=False,
                                                                   **wine16)),
            ("healthy digits full batch, lr 0.1", "healthy", mlp(seed=3, batch=None, lr=0.1, epochs=60)),
            ("healthy cancer logistic 32", "healthy", mlp(seed=4, data="cancer", activation="logistic", hidden=[32])),
            ("healthy digits relu 32, 20 epochs", "healthy", mlp(seed=5, hidden=[32], epochs=20, tell=False))]
    runs += [("digits lr 0.3 (30x)", "lr_high", mlp(seed=6, lr=0.3, epochs=20)),
             ("digits lr 1 (100x)", "lr_high", mlp(seed=7, lr=1.0, epochs=20, tell=False)),
             ("digits lr 1e-4 (100x low)", "lr_low", mlp(seed=8, lr=1e-4, epochs=20)),
             ("wine tanh lr 1e-4 (100x low)", "lr_low",
              mlp(seed=9, activation="tanh", hidden=[32], lr=1e-4, **wine16)),
             ("raw cancer SGDClassifier", "unscaled_diverging", sgd(seed=10, standardize=False)),
             ("raw cancer SGDClassifier eta0 0.1", "unscaled_diverging", sgd(seed=11, standardize=False, lr=0.1,
                                                                             tell=False)),
             ("raw cancer relu 64", "unscaled_conditioned", mlp(seed=12, data="cancer", standardize=False)),
             ("raw wine tanh 32", "unscaled_conditioned", mlp(seed=13, activation="tanh", hidden=[32],
                                                              standardize=False, **wine16)),
             ("digits relu, intercepts_ set to -20", "dead", mlp(seed=14, set_bias=-20.0, epochs=20)),
             ("wine relu, intercepts_ set to -10", "dead", mlp(seed=15, set_bias=-10.0, tell=False, **wine16)),
             ("digits logistic 64x3, coefs_ set to N(0, 4)", "saturated",
              mlp(seed=16, activation="logistic", hidden=[64, 64, 64], set_std=4.0, epochs=20)),
             ("wine tanh 32x3, coefs_ set to N(0, 5)", "saturated",
              mlp(seed=17, activation="tanh", hidden=[32, 32, 32], set_std=5.0, **wine16)),
             ("wine relu 32-32, lr 0.3: a leap, then every relu off", "jump_stuck",
              mlp(seed=18, lr=0.3, **deep_relu, **wine16)),
             ("cancer relu 32-32, lr 0.5, full batches of 100", "jump_stuck",
              mlp(seed=19, data="cancer", lr=0.5, batch=100, **deep_relu))]
    return runs
