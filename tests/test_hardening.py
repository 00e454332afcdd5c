"""The reproducers of the hardening issue, one test each, tried as a user would:
every bad input a ValueError naming the argument, no warning escaping (every warning is an
error here), no silent wrong result. (The live diagnosis's bound and the figure-size cap
are in tests/test_widgets.py; tests/test_fuzz.py covers the same promise at random.)
"""
import warnings

import numpy as np
import pytest

import nnlib
from nnlib.live import liverun


@pytest.fixture(autouse=True)
def every_warning_is_an_error():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


@pytest.fixture
def sincos():
    return nnlib.datasets.sincos(n=100, seed=0)


# item 3: float32 and finite data beyond its range
@pytest.mark.parametrize("case", ["data", "bias"])
def test_float32_refuses_values_beyond_its_range_by_name(case):
    if case == "data":
        net, X, Y = nnlib.Network([1, 1]), [[1e39]], [[0.0]]
    else:
        X, Y = nnlib.datasets.sincos(n=10)
        net = nnlib.Network([7, 2], bias_init=1e300)
    with pytest.raises(ValueError, match="beyond float32's range.*dtype='float64'"):
        nnlib.train(net, X, Y, epochs=1, dtype="float32")
    assert nnlib.train(net, X, Y, epochs=1).status in ("ok", "diverged")  # float64 takes them


# item 4: seed
@pytest.mark.parametrize("seed", [1.5, "0", -1, [1.5]])
def test_seed_is_checked_by_name(seed):
    with pytest.raises(ValueError, match="seed must be a whole number >= 0"):
        nnlib.Network([7, 2], seed=seed)


def test_a_generator_is_still_a_seed():
    a = nnlib.Network([7, 2], seed=np.random.default_rng(3))
    assert np.array_equal(a.get_params(), nnlib.Network([7, 2], seed=3).get_params())


# item 5: snapshots
@pytest.mark.parametrize("snapshots", [5, [None], [np.inf], [1.7], [-1], "01"])
def test_snapshots_are_checked_by_name(snapshots, sincos):
    with pytest.raises(ValueError, match="snapshot"):
        nnlib.train(nnlib.Network([7, 2]), *sincos, epochs=3, snapshots=snapshots)


def test_snapshots_beyond_the_run_are_left_out(sincos):
    hist = nnlib.train(nnlib.Network([7, 2]), *sincos, epochs=3, snapshots=[np.int64(1), 3, 10])
    assert sorted(hist.snapshots) == [1, 3]


# item 6: complex data
@pytest.mark.parametrize("where", ["X", "Y"])
def test_complex_data_is_refused_not_cast(where, sincos):
    X, Y = sincos
    X, Y = (X + 1j, Y) if where == "X" else (X, Y * (1 + 1e-3j))
    net = nnlib.Network([7, 2])
    for call in (lambda: nnlib.train(net, X, Y, epochs=1), lambda: net.cost(X, Y),
                 lambda: nnlib.gradient_check(net, X, Y)):
        with pytest.raises(ValueError, match=f"{where} must be an array of real numbers: complex"):
            call()


# item 7: numbers beyond float, ranges, and sizes that would not fit in memory
@pytest.mark.parametrize("kwargs, name", [
    (dict(lr=10 ** 400), "lr"), (dict(epochs=10 ** 13), "epochs"), (dict(epochs=10 ** 400), "epochs"),
    (dict(optimizer="momentum", momentum=10 ** 400), "momentum"),
    (dict(optimizer="adam", eps=10 ** 400), "eps"),
])
def test_train_options_out_of_range_are_named(kwargs, name, sincos):
    with pytest.raises(ValueError, match=name):
        nnlib.train(nnlib.Network([7, 2]), *sincos, **kwargs)


def test_an_epoch_count_that_cannot_fit_is_refused_before_allocating(sincos, monkeypatch):
    # refused by the memory check, not by a MemoryError from NumPy
    net = nnlib.Network([7, 2])
    monkeypatch.setattr(np, "empty", lambda *a, **k: pytest.fail("allocated before the check"))
    with pytest.raises(ValueError, match="epochs=10,000,000,000,000 .* would need about .* GiB"):
        nnlib.train(net, *sincos, epochs=10 ** 13)


@pytest.mark.parametrize("kwargs, name", [
    (dict(leak=10 ** 400), "leak"), (dict(bias_init=("uniform", None, 1)), "bias_init"),
    (dict(bias_init=("uniform", -1e308, 1e308)), "bias_init"), (dict(bias_init=10 ** 400), "bias_init"),
    (dict(sizes=[10 ** 6, 10 ** 6]), "sizes"), (dict(sizes=[10 ** 400, 2]), "sizes"),
])
def test_network_options_out_of_range_are_named(kwargs, name):
    kwargs = {"sizes": [7, 2], **kwargs}
    with pytest.raises(ValueError, match=name):
        nnlib.Network(**kwargs)


@pytest.mark.parametrize("n", [10 ** 13, 0, 2.5])
def test_data_sets_that_cannot_be_made_are_named(n):
    with pytest.raises(ValueError, match=r"\bn\b"):
        nnlib.datasets.sincos(n=n)


# item 8: the arguments of train swapped
def test_train_with_swapped_arguments_says_what_it_expects(sincos):
    X, Y = sincos
    with pytest.raises(ValueError, match="net must be a nnlib.Network, got ndarray .*network comes first"):
        nnlib.train(X, Y, nnlib.Network([7, 2]))
    for call in (nnlib.gradient_check, nnlib.critical_lr):
        with pytest.raises(ValueError, match="net must be a nnlib.Network"):
            call(X, Y, nnlib.Network([7, 2]))


# item 9: the kernel's leaky slope for huge leaks (see also tests/test_training.py)
def test_the_issue_leak_is_refused_and_the_largest_accepted_agrees(sincos):
    X, Y = sincos
    kw = dict(activation="leaky_relu", weight_init="he", bias_init=10.0, seed=0)
    with pytest.raises(ValueError, match="leak must be a number from 0 to 1e\\+06"):
        nnlib.Network([7, 2], leak=1e8, **kw)
    net = nnlib.Network([7, 2], leak=nnlib.activations.MAX_LEAK, **kw)
    for dtype, rel in (("float64", 1e-12), ("float32", 1e-6)):
        hist = nnlib.train(net.copy(), X, Y, lr=1e-12, epochs=1, dtype=dtype)
        assert hist.cost[0] == pytest.approx(net.cost(X, Y), rel=rel)


# item 10: a non-finite step with a bounded output
@pytest.mark.parametrize("output, lr, dtype", [("tanh", 1e307, "float64"), ("sigmoid", 1e308, "float64"),
                                               ("tanh", 1e38, "float32"), ("sigmoid", 1e39, "float32")])
@pytest.mark.parametrize("adaptive", [False, True])
def test_a_step_that_is_not_finite_is_a_divergence(output, lr, dtype, adaptive, sincos):
    net = nnlib.Network([7, 2], activation=output, bias_init=0.1, seed=0)
    before = net.get_params()
    hist = nnlib.train(net, *sincos, lr=lr, epochs=20, reduction="sum", adaptive=adaptive, dtype=dtype)
    assert hist.status == "diverged" and hist.diverged_at == 1 and np.isnan(hist.cost[-1])
    assert np.isfinite(net.get_params()).all()
    np.testing.assert_allclose(net.get_params(), before)  # the last finite weights are kept


def test_a_huge_but_finite_step_stays_ok(sincos):
    # finite weights of 1e300 with a tanh output are not a divergence: status says what is true
    net = nnlib.Network([7, 2], activation="tanh", bias_init=0.1, seed=0)
    hist = nnlib.train(net, *sincos, lr=1e305, epochs=5, reduction="sum")
    assert hist.status == "ok" and np.isfinite(net.get_params()).all()


# item 11: sweep and the explorer
def test_sweep_names_a_value_that_is_not_a_list():
    with pytest.raises(ValueError, match=r"grid\['lr'\] must be a list of values"):
        nnlib.sweep({"lr": 0.1})


def test_sweep_names_an_unknown_data_set_before_running():
    with pytest.raises(ValueError, match="unknown data 'nope'; valid names are: 'random_targets', 'sincos'"):
        nnlib.sweep({"data": ["sincos", "nope"]}, epochs=2)


def test_sweep_checks_every_run_before_the_first_starts(monkeypatch):
    from nnlib import grid as mod
    monkeypatch.setattr(mod, "run_jobs", lambda *a, **k: pytest.fail("ran before checking"))
    with pytest.raises(ValueError, match="lr must be a finite number > 0, got -1"):
        nnlib.sweep({"lr": [0.1, -1]}, epochs=2)


@pytest.mark.parametrize("changes, name", [
    (dict(n=0), "n"), (dict(n=10 ** 9), "n"), (dict(epochs=0), "epochs"), (dict(seed=-1), "seed"),
    (dict(lr=0), "lr"), (dict(hidden=(1000,)), "hidden"), (dict(hidden="1, 2, 3, 4"), "hidden"), (dict(data="moons"), "data"),
    (dict(bias_init=[1]), "bias_init")])
def test_explorer_settings_are_checked_by_name(changes, name):
    with pytest.raises(ValueError, match=name):
        liverun.check(liverun.with_controls(liverun.DEFAULT, changes))


def test_explorer_with_n_zero_says_so():
    from nnlib.live import widgets
    with pytest.raises(ValueError, match="n must be a whole number >= 1"):
        widgets.Playground(n=0)


def test_whole_numbers_as_fractions_are_named_or_taken():
    from fractions import Fraction
    from nnlib._checks import whole
    assert whole(Fraction(6, 2), "epochs") == 3
    with pytest.raises(ValueError, match="epochs"):
        whole(Fraction(3, 2), "epochs")


# the last four slips of a fresh fuzz: each a ValueError that names what was wrong
@pytest.mark.parametrize("scale", [1e100, np.inf, -np.inf, np.nan])
@pytest.mark.parametrize("activation", ["identity", "relu", "sigmoid"])
def test_gradient_check_names_weights_it_cannot_check(scale, activation, sincos):
    # before: nan, or 0.0 ("perfect") for saturated sigmoids at 1e100, without a word
    net = nnlib.Network([7, 4, 2], activation=activation, seed=0)
    net.weights[0] *= scale
    with pytest.raises(ValueError, match=r"gradient_check.*(weight matrix|weights reach)"):
        nnlib.gradient_check(net, *sincos)


@pytest.mark.parametrize("scale, match", [(1e200, "the cost is inf .* largest input 1.*e\\+200"),
                                          (np.inf, "X contains"), (np.nan, "X contains")])
def test_gradient_check_names_data_that_overflow_or_are_not_finite(scale, match, sincos):
    X, Y = sincos
    with pytest.raises(ValueError, match=match):
        nnlib.gradient_check(nnlib.Network([7, 4, 2], seed=0), X * scale, Y)


def test_gradient_check_on_large_but_checkable_data_still_measures(sincos):
    # data of 1e100 overflow nothing in a ReLU net: the check is meaningful and passes
    X, Y = sincos
    err = nnlib.gradient_check(nnlib.Network([7, 4, 2], seed=0), X * 1e100, Y * 1e100)
    assert 0 <= err < 1e-4


@pytest.mark.parametrize("h", [None, "a", 0, -1e-5, np.nan, [1e-5]])
def test_kinks_names_h(h, sincos):
    with pytest.raises(ValueError, match=r"\bh\b must be"):
        nnlib.gradcheck.kinks(nnlib.Network([7, 4, 2], seed=0), sincos[0], h=h)


@pytest.mark.parametrize("scale", [1e100, np.inf, np.nan])
def test_kinks_never_warns_and_names_weights_that_are_not_finite(scale, sincos):
    # before: a RuntimeWarning from the matmul (inf weights, identity activation)
    net = nnlib.Network([7, 4, 2], activation="identity", seed=0)
    net.weights[0] *= scale
    if np.isfinite(scale):
        assert nnlib.gradcheck.kinks(net, sincos[0]) >= 0
    else:
        with pytest.raises(ValueError, match="kinks.*layer 1's weight matrix contains"):
            nnlib.gradcheck.kinks(net, sincos[0])


@pytest.mark.parametrize("bad, match", [(1j, "complex values"), (0j, "complex values"),
                                         (np.nan, "NaN or infinite"), (np.inf, "NaN or infinite")])
def test_set_params_refuses_complex_and_non_finite_vectors_and_changes_nothing(bad, match):
    # before: a ComplexWarning, and the imaginary part silently dropped
    net = nnlib.Network([7, 4, 2], seed=0)
    before = net.get_params()
    with pytest.raises(ValueError, match=f"set_params: theta .*{match}"):
        net.set_params(before + bad)
    assert np.array_equal(net.get_params(), before)
