"""One route from a settings dict to a trained run, for every caller.

    hist, net = runspec.run({"sizes": [7, 10, 2], "activation": "leaky_relu", "lr": 1e-3,
                             "data": "sincos", "n": 1000})

The live explorers (:mod:`nnlib.live.liverun`), :func:`nnlib.sweep` and :mod:`nnlib.ladder` all
build their networks and runs here, so a new Network or train option is one name added to
NETWORK_KEYS or TRAIN_KEYS (and its own module), not an edit in each of them.

Names a settings dict may hold:
- Network: sizes, activation, output_activation, leak, weight_init, bias_init, seed
  (seed initialises the weights; bias_init may be a value or a label of
  nnlib.init.BIAS_CHOICES such as "U(0,1)");
- train: lr, epochs, reduction, adaptive, optimizer, momentum, betas, eps, dtype;
- data: data (a name of nnlib.datasets.NAMED or a function (n, seed) -> (X, Y)), n, data_seed.
Unset names take DEFAULTS, then nnlib's own defaults. NumPy only.
"""
from functools import lru_cache

import numpy as np

from . import datasets, init
from ._checks import choose, count, show
from ._checks import seed as check_seed
from .network import Network
from .training import check_options, check_size, train

NETWORK_KEYS = ("sizes", "activation", "output_activation", "leak", "weight_init", "bias_init", "seed")
TRAIN_KEYS = ("lr", "epochs", "reduction", "adaptive", "optimizer", "momentum", "betas", "eps", "dtype")
DATA_KEYS = ("data", "n", "data_seed")
KEYS = NETWORK_KEYS + TRAIN_KEYS + DATA_KEYS
DEFAULTS = {"sizes": [7, 2], "seed": 0, "n": 1000, "data_seed": 0, "data": "random_targets", "epochs": 300}


def check_names(names, what="setting"):
    """ValueError naming the first name that is not in KEYS."""
    for name in names:
        if name not in KEYS:
            raise ValueError(f"unknown {what} {name!r}; valid names are: {', '.join(map(repr, KEYS))}")


def complete(settings):
    """DEFAULTS updated by ``settings`` (names checked); a new dict."""
    if not isinstance(settings, dict):
        raise ValueError(f"settings must be a dict {{name: value}}, got {show(settings)}")
    check_names(settings)
    return {**DEFAULTS, **settings}


def network_kwargs(s):
    """The Network arguments of settings ``s`` (bias labels as their values)."""
    kw = {k: s[k] for k in NETWORK_KEYS if k in s}
    if "bias_init" in kw:
        kw["bias_init"] = init.bias_value(kw["bias_init"])
    return kw


def train_kwargs(s):
    """The train arguments of settings ``s``."""
    return {k: s[k] for k in TRAIN_KEYS if k in s}


def network(s):
    """A fresh Network built from settings ``s`` (unset names: DEFAULTS)."""
    return Network(**network_kwargs({**DEFAULTS, **s}))


@lru_cache(maxsize=16)
def _named(data, n, data_seed):
    X, Y = datasets.NAMED[data](n=n, seed=data_seed)
    X.flags.writeable = Y.flags.writeable = False  # shared by every run that names it
    return X, Y


def data(s):
    """(X, Y) of settings ``s``. A named data set with a whole-number seed is cached (and
    read-only); a function of the learner's, or a Generator as seed, is called every time."""
    s = {**DEFAULTS, **s}
    data, n, seed = s["data"], s["n"], s["data_seed"]
    if isinstance(data, str) and isinstance(seed, (int, np.integer)):
        return _named(data, n, int(seed))
    make = datasets.NAMED[choose(data, datasets.NAMED, "data")] if isinstance(data, str) else data
    return make(n=n, seed=seed)


def key(s, names):
    """A hashable key of the values ``s`` holds for ``names`` (lists as tuples), for caches."""
    return tuple((k, tuple(s[k]) if isinstance(s[k], list) else s[k]) for k in names if k in s)


def check(s):
    """Every setting of one run checked (a ValueError naming it), nothing trained.

    s: complete settings (see :func:`complete`).
    """
    data = s["data"]
    if not callable(data):
        choose(data, datasets.NAMED, "data")
    n = count(s["n"], "n", minimum=1)
    check_seed(s["data_seed"], "data_seed")
    net = network(s)
    if not callable(data) and (net.sizes[0], net.sizes[-1]) != (7, 2):
        raise ValueError(f"sizes {net.sizes} do not fit the {data!r} data: it has 7 inputs and 2 outputs")
    opts = check_options(**train_kwargs(s))
    check_size(net, n, opts[1], opts[5])


def run(settings, record=True):
    """(History, the trained Network) of one run: ``nnlib.train(network(s), *data(s), **train_kwargs(s))``.

    settings: {name: value} (see the module docstring); unset names take DEFAULTS.
    record: as in :func:`nnlib.train` (a sweep needs only the cost).
    """
    s = complete(settings)
    check(s)  # before the data are made: a bad name or seed is a ValueError naming it
    X, Y = data(s)
    net = network(s)
    return train(net, X, Y, record=record, **train_kwargs(s)), net
