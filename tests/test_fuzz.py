"""Property-based checks of the public API's promise, with every warning an error:

each call either returns a sane result or raises a ValueError whose message names the
argument that was wrong. One argument at a time gets an odd value (None, bools, huge or
negative numbers, NaN, complex numbers, text, lists, arrays, objects); the others stay valid.
And on valid but extreme settings, train's fast kernel must agree with the textbook Network.

Fixed budget, derandomized (the same cases on every machine): about 3,000 cases, well
under a minute. ``diagnose`` has tests of its own (tests/test_diagnosis.py).
"""
import re
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import nnlib
from nnlib import datasets, ladder, runspec
from nnlib.live import liverun

FUZZ = settings(max_examples=150, derandomize=True, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))
HUGE = [10 ** 13, 10 ** 400, -10 ** 400, 2 ** 63, 1e300, -1e300]

# odd values in general; counts stay small or refusable so that no case runs for minutes
ODD = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 40), st.sampled_from(HUGE),
    st.floats(allow_nan=True, allow_infinity=True),
    st.complex_numbers(max_magnitude=1e6, allow_nan=False, allow_infinity=False),
    st.text(max_size=4),
    st.sampled_from(["relu", "tanh", "sum", "mean", "adam", "momentum", "float32", "uniform",
                     "he", "sincos", "nope", "U(0,1)", "none"]),
    st.lists(st.floats(-1e3, 1e3), max_size=3),
    st.tuples(st.just("uniform"), st.floats(), st.floats()),
    st.sampled_from([np.array([1.0, 2.0]), np.float32(0.5), np.int64(3), np.bool_(True),
                     np.complex128(1 + 0j), {}, {"a": 1}, object(), (0.9,), (0.9, 0.99, 0.1),
                     [0, 1.5], [2, -1], range(3), np.float64("nan")]),
)


def odd_array(cols):
    """Data that may be fine, or not: wrong shapes, NaN/inf, huge, complex, text, empty."""
    finite = st.floats(-1e6, 1e6)
    extreme = st.floats(allow_nan=True, allow_infinity=True)
    return st.one_of(
        st.integers(1, 6).flatmap(lambda n: st.lists(st.lists(finite, min_size=cols, max_size=cols),
                                                       min_size=n, max_size=n)),
        st.integers(1, 6).flatmap(lambda n: st.lists(st.lists(extreme, min_size=cols, max_size=cols),
                                                       min_size=n, max_size=n)),
        st.sampled_from([[], [[]], [[1.0] * cols] * 3 + [[1.0]], np.ones((2, cols, 1)),
                         np.ones((3, cols)) * 1e39, np.ones((3, cols)) + 1j, "abc", 5, None,
                         [[10 ** 400] * cols], np.array([[object()] * cols])]),
        ODD,
    )


def names(message, *aliases):
    return any(re.search(rf"(?<![A-Za-z_]){re.escape(a)}", message) for a in aliases)


def sane_call(f, *args, aliases, **kwargs):
    """f(*args, **kwargs) with every warning an error; a ValueError must name an alias.

    Returns (True, result) or (False, None) when refused.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            return True, f(*args, **kwargs)
        except ValueError as exc:
            assert names(str(exc), *aliases), f"{exc!r} does not name {aliases}"
            return False, None


def small_data(n=8, seed=0):
    return datasets.sincos(n=n, seed=seed)


def check_history(h, net, X, Y, dtype="float64", reduction="mean"):
    """A History that says what happened, and a network that holds finite weights."""
    assert h.status in ("ok", "diverged")
    c = np.asarray(h.cost)
    assert len(h.lr) == len(c) - 1 and np.isfinite(net.get_params()).all()
    if h.status == "ok":
        assert h.diverged_at is None and np.isfinite(c).all()
        if dtype == "float64":  # the network holds the weights of the last cost
            assert np.isclose(net.cost(X, Y, reduction), c[-1], rtol=1e-6, atol=1e-12)
    else:
        assert h.diverged_at == len(c) - 1 and not np.isfinite(c[-1])
        assert np.isfinite(c[:-1]).all()


# -- Network ---------------------------------------------------------------------------
NETWORK_ARGS = {"sizes": ("sizes", "layer size"), "activation": ("activation",),
                "output_activation": ("output_activation",), "leak": ("leak",),
                "weight_init": ("weight_init",), "bias_init": ("bias_init",), "seed": ("seed",)}


@FUZZ
@given(arg=st.sampled_from(sorted(NETWORK_ARGS)), value=ODD)
def test_network_takes_or_names_each_argument(arg, value):
    kwargs = {"sizes": [7, 3, 2], "activation": "leaky_relu", arg: value}
    ok, net = sane_call(nnlib.Network, aliases=NETWORK_ARGS[arg], **kwargs)
    if ok:
        assert np.isfinite(net.get_params()).all() and len(net.weights) == len(net.sizes) - 1


# -- train -----------------------------------------------------------------------------
TRAIN_ARGS = {"lr": ("lr",), "epochs": ("epochs",), "reduction": ("reduction",),
              "adaptive": ("adaptive",), "optimizer": ("optimizer",), "momentum": ("momentum",),
              "betas": ("betas",), "eps": ("eps",), "record": ("record",),
              "snapshots": ("snapshot",), "dtype": ("dtype",)}


@FUZZ
@given(arg=st.sampled_from(sorted(TRAIN_ARGS)), value=ODD,
       optimizer=st.sampled_from(["sgd", "momentum", "adam"]))
def test_train_takes_or_names_each_option(arg, value, optimizer):
    X, Y = small_data()
    net = nnlib.Network([7, 3, 2], activation="tanh", output_activation="identity", seed=1)
    kwargs = {"lr": 0.01, "epochs": 5, "optimizer": optimizer, arg: value}
    ok, h = sane_call(nnlib.train, net, X, Y, aliases=TRAIN_ARGS[arg], **kwargs)
    if ok:
        dtype = str(np.dtype(kwargs.get("dtype", "float64")))
        check_history(h, net, X, Y, dtype, kwargs.get("reduction", "mean"))
        for e, pre in h.snapshots.items():
            assert 0 <= e <= h.epochs and [p.shape for p in pre] == [(len(X), 3), (len(X), 2)]


@FUZZ
@given(which=st.sampled_from(["X", "Y"]), value=odd_array(7), dtype=st.sampled_from(["float64", "float32"]))
def test_train_predict_and_cost_take_or_name_the_data(which, value, dtype):
    X, Y = small_data()
    net = nnlib.Network([7, 2], activation="leaky_relu", bias_init=0.1, seed=0)
    if which == "Y":  # a 7-column array is the wrong width for Y: make it 2 where it can be
        value = np.asarray(value)[..., :2] if isinstance(value, np.ndarray) and value.ndim == 2 else value
    X1, Y1 = (value, Y) if which == "X" else (X, value)
    ok, h = sane_call(nnlib.train, net, X1, Y1, epochs=3, dtype=dtype, aliases=("X", "Y"))
    if ok:
        check_history(h, net, np.asarray(X1, float), np.asarray(Y1, float), dtype)
    ok, out = sane_call(net.predict, X1, aliases=("X",))
    if ok:
        assert out.shape == (np.asarray(X1, float).reshape(len(X1), -1).shape[0], 2)
    ok, c = sane_call(net.cost, X1, Y1, aliases=("X", "Y"))
    if ok:
        assert isinstance(c, float) and (c >= 0 or np.isnan(c))


@FUZZ
@given(value=ODD)
def test_train_names_a_network_that_is_not_one(value):
    X, Y = small_data()
    sane_call(nnlib.train, value, X, Y, epochs=2, aliases=("net",))
    ok, _ = sane_call(nnlib.train, X, Y, nnlib.Network([7, 2]), aliases=("net",))  # swapped
    assert not ok


# -- valid but extreme: the fast kernel against the textbook ----------------------------
@settings(FUZZ, max_examples=600)
@given(hidden=st.sampled_from([[], [3], [4, 3]]),
       activation=st.sampled_from(["relu", "leaky_relu", "sigmoid", "tanh", "identity"]),
       output=st.sampled_from(["relu", "leaky_relu", "sigmoid", "tanh", "identity"]),
       leak=st.one_of(st.sampled_from([0.0, 1e-4, 0.3, 1.0, 7.5, 1e6]), st.floats(0, 1e6)),
       weight_init=st.sampled_from(["uniform", "he", "xavier"]),
       bias_init=st.one_of(st.none(), st.floats(-1e3, 1e3), st.sampled_from([1e300, ("uniform", -5.0, 5.0)])),
       lr=st.one_of(st.floats(1e-8, 10.0), st.sampled_from([1e38, 1e39, 1e200, 1e305, 1e308])),
       scale=st.sampled_from([1e-300, 1e-3, 1.0, 1e3, 1e30, 1e150, 1e300]),
       epochs=st.integers(0, 12), adaptive=st.booleans(), record=st.booleans(),
       optimizer=st.sampled_from(["sgd", "momentum", "adam"]),
       reduction=st.sampled_from(["sum", "mean"]), dtype=st.sampled_from(["float64", "float32"]),
       seed=st.integers(0, 2 ** 32))
def test_train_agrees_with_the_textbook_network(hidden, activation, output, leak, weight_init, bias_init,
                                                lr, scale, epochs, adaptive, record, optimizer,
                                                reduction, dtype, seed):
    X, Y = small_data(n=6, seed=seed % 7)
    X, Y = X * scale, Y * scale
    net = nnlib.Network([7] + hidden + [2], activation=activation, output_activation=output, leak=leak,
                        weight_init=weight_init, bias_init=bias_init, seed=seed)
    start = net.copy()
    ok, h = sane_call(nnlib.train, net, X, Y, lr=lr, epochs=epochs, adaptive=adaptive, record=record,
                      optimizer=optimizer, reduction=reduction, dtype=dtype, aliases=("X, Y",))
    if not ok:  # only float32 may refuse, and only data or weights beyond its range
        assert dtype == "float32"
        return
    check_history(h, net, X, Y, dtype, reduction)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        c0 = start.cost(X, Y, reduction)
    if dtype == "float64" and np.isfinite(c0):
        assert np.isclose(h.cost[0], c0, rtol=1e-9, atol=0), (h.cost[0], c0)
    if dtype == "float64" and h.diverged and h.diverged_at > 0:  # the last finite weights are kept
        assert np.isclose(net.cost(X, Y, reduction), h.cost[h.diverged_at - 1], rtol=1e-6)


# -- the other entry points ------------------------------------------------------------
@FUZZ
@given(arg=st.sampled_from(["reduction", "h", "net"]), value=ODD)
def test_gradient_check_takes_or_names_each_argument(arg, value):
    X, Y = small_data(n=4)
    kwargs = {"net": nnlib.Network([7, 2], activation="tanh", seed=0), "reduction": "mean", "h": 1e-5}
    kwargs[arg] = value
    ok, err = sane_call(nnlib.gradient_check, kwargs.pop("net"), X, Y, aliases=(arg,), **kwargs)
    if ok:
        assert isinstance(err, float) and (err >= 0 or np.isnan(err))


@FUZZ
@given(arg=st.sampled_from(["reduction", "tol", "seed", "max_iter", "net"]), value=ODD)
def test_critical_lr_takes_or_names_each_argument(arg, value):
    X, Y = small_data(n=6)
    kwargs = {"net": nnlib.Network([7, 3, 2], activation="tanh", seed=0), "reduction": "mean",
              "max_iter": 30, "tol": 1e-3, "seed": 0}
    kwargs[arg] = value
    ok, crit = sane_call(nnlib.critical_lr, kwargs.pop("net"), X, Y, aliases=(arg,), **kwargs)
    if ok:
        assert isinstance(crit, float) and (crit > 0 or np.isnan(crit))


@FUZZ
@given(arg=st.sampled_from(["n", "seed"]), value=ODD, which=st.sampled_from(["sincos", "random_targets"]))
def test_datasets_take_or_name_each_argument(arg, value, which):
    kwargs = {"n": 5, "seed": 0, arg: value}
    ok, XY = sane_call(getattr(datasets, which), aliases=(arg,), **kwargs)
    if ok:
        X, Y = XY
        assert X.shape == (kwargs["n"], 7) and Y.shape == (kwargs["n"], 2) and np.isfinite(X).all()


SWEEP_NAMES = list(runspec.FIELDS)


@FUZZ
@given(name=st.sampled_from(SWEEP_NAMES), values=st.one_of(ODD, st.lists(ODD, min_size=1, max_size=2)))
def test_sweep_takes_or_names_each_grid_entry(name, values):
    aliases = (name, "grid", "layer size", "snapshot") + (("Network",) if name == "sizes" else ())
    if name == "data_seed":
        aliases += ("seed",)
    if name == "optimizer_options":
        aliases += ("option",)
    ok, res = sane_call(nnlib.sweep, {name: values}, fixed={"n": 5} if name != "n" else {"epochs": 3},
                        epochs=3 if name != "epochs" else None, processes=1, aliases=aliases)
    if ok:
        assert res.final_cost.shape == res.shape and set(np.unique(res.status)) <= {"ok", "diverged"}


@FUZZ
@given(arg=st.sampled_from(["grid", "fixed", "processes", "keep_cost"]), value=ODD)
def test_sweep_takes_or_names_its_own_arguments(arg, value):
    kwargs = {"grid": {"lr": [0.01]}, "fixed": {"n": 5}, "epochs": 2, "processes": 1, arg: value}
    ok, res = sane_call(nnlib.sweep, aliases=(arg, "name", "sweep option", "given both"), **kwargs)
    if ok:
        assert res.final_cost.size >= 1


@settings(FUZZ, max_examples=40)
@given(arg=st.sampled_from(["seeds", "steps", "epochs", "lr"]), value=ODD)
def test_ladder_takes_or_names_each_argument(arg, value):
    kwargs = {"seeds": [0], "steps": ["original", "deeper"], "epochs": 2, "processes": 1, arg: value}
    if arg == "epochs" and isinstance(value, int) and value > 40:
        return  # a long run, not an odd input
    ok, res = sane_call(ladder.run, aliases=(arg.rstrip("s"), "step", "seed"), **kwargs)
    if ok:
        assert res.success.shape == (len(res.steps), len(res.seeds))


def explorer_spec(**changes):
    return liverun.check(liverun.with_controls(liverun.DEFAULT, changes))


@settings(FUZZ, max_examples=200)
@given(arg=st.sampled_from(sorted(set(runspec.FIELDS) | {"hidden"})), value=ODD)
def test_explorer_specs_take_or_name_each_field(arg, value):
    aliases = {"sizes": ("sizes", "layer size", "layer widths"), "output_activation": ("output_activation",),
               "optimizer_options": ("optimizer_options", "option"), "data_seed": ("data_seed", "seed")}.get(arg, (arg,))
    ok, s = sane_call(explorer_spec, aliases=aliases, **{"n": 30, "epochs": 20, arg: value})
    if ok and arg in ("lr", "leak", "n", "epochs", "seed", "reduction", "output_activation", "adaptive"):
        ok, r = sane_call(liverun.run, s, aliases=())  # a checked setting must not fail later
        assert ok and r.history.status in ("ok", "diverged") and r.diagnosis.message


# -- gradcheck and set_params on odd weights and data ------------------------------------
ODD_SCALE = st.one_of(st.sampled_from([1e100, 1e300, -1e200, np.inf, -np.inf, np.nan, 0.0, 1e-300, 1e8]),
                      st.floats(-1e3, 1e3))


@FUZZ
@given(layer=st.integers(0, 1), scale=ODD_SCALE, data_scale=ODD_SCALE,
       activation=st.sampled_from(["identity", "relu", "sigmoid", "tanh"]))
def test_gradient_check_gives_a_number_or_names_weights_or_data(layer, scale, data_scale, activation):
    X, Y = small_data(n=4)
    net = nnlib.Network([7, 3, 2], activation=activation, seed=0)
    net.weights[layer] *= scale
    ok, err = sane_call(nnlib.gradient_check, net, X * data_scale, Y,
                        aliases=("weight", "X", "cost", "gradient"))
    if ok:  # never NaN, never a silent "perfect" from a step lost in rounding
        assert isinstance(err, float) and err >= 0
    ok, count = sane_call(nnlib.gradcheck.kinks, net, X * data_scale, aliases=("weight", "X"))
    if ok:
        assert 0 <= count <= 4 * (3 + 2)


@FUZZ
@given(value=st.one_of(ODD, odd_array(1), st.floats(allow_nan=True, allow_infinity=True).map(
    lambda v: np.full(3 * 7 + 3 + 2 * 3 + 2, v))))
def test_set_params_takes_or_names_theta(value):
    net = nnlib.Network([7, 3, 2], seed=0)
    before = net.get_params()
    ok, _ = sane_call(net.set_params, value, aliases=("theta", "parameters"))
    after = net.get_params()
    if ok:
        assert np.isfinite(after).all() and np.array_equal(after, np.asarray(value, float).ravel())
    else:
        assert np.array_equal(after, before)  # refused before anything was written
