"""nnlib.runspec: the one route from a settings dict to a trained run."""
import numpy as np
import pytest

import nnlib
from nnlib import ladder, runspec
from nnlib.live import liverun


def test_run_is_train_by_hand():
    s = {"sizes": [7, 4, 2], "activation": "tanh", "bias_init": "0.1", "lr": 0.1,
         "reduction": "mean", "epochs": 40, "data": "sincos", "n": 50, "seed": 3}
    hist, net = runspec.run(s)
    X, Y = nnlib.datasets.sincos(n=50, seed=0)
    ref = nnlib.Network([7, 4, 2], activation="tanh", bias_init=0.1, seed=3)
    expected = nnlib.train(ref, X, Y, lr=0.1, reduction="mean", epochs=40)
    assert np.array_equal(hist.cost, expected.cost)
    assert np.array_equal(net.get_params(), ref.get_params())


def test_every_bias_label_names_a_library_value():
    for label, value in nnlib.init.BIAS_CHOICES.items():
        assert runspec.network({"bias_init": label}).bias_init == value
    assert runspec.network({"bias_init": 0.5}).bias_init == 0.5  # values pass through


def test_unknown_name_is_named():
    with pytest.raises(ValueError, match="'nonsense'"):
        runspec.run({"nonsense": 1})


def test_the_three_callers_share_the_route():
    s = liverun.settings(epochs=20, n=30, bias_init="0.1", seed=2)
    hist, _ = liverun.train_run(s, dtype="float64")
    # by hand: the explorer's defaults (the answer's rewrite) with these changes, on its data
    X, Y = nnlib.datasets.sincos(n=30, seed=0)
    net = nnlib.Network([7, 10, 2], activation="leaky_relu", output_activation="leaky_relu",
                        leak=1e-4, weight_init="uniform", bias_init=0.1, seed=2)
    by_hand = nnlib.train(net, X, Y, lr=1e-5, epochs=20, reduction="sum")
    assert np.array_equal(hist.cost, by_hand.cost)
    net, kw = ladder.setup("biases", seed=4)
    assert np.array_equal(net.get_params(), runspec.network({**ladder.step("biases").network, "seed": 4}).get_params())


def test_curvature_key_follows_network_options_not_lr():
    s = liverun.settings()
    assert liverun._curvature_key(s) == liverun._curvature_key(dict(s, lr=1.0, epochs=5))
    assert liverun._curvature_key(s) != liverun._curvature_key(dict(s, leak=0.01))
    assert liverun._curvature_key(s) != liverun._curvature_key(dict(s, weight_init="he"))


def test_every_key_is_an_argument_of_what_it_feeds():
    # a new Network or train option is one name in NETWORK_KEYS / TRAIN_KEYS: a misspelt or
    # stale key there would be dropped or rejected at run time; here it fails at once
    import inspect
    net_args = set(inspect.signature(nnlib.Network).parameters)
    train_args = set(inspect.signature(nnlib.train).parameters)
    assert set(runspec.NETWORK_KEYS) <= net_args, set(runspec.NETWORK_KEYS) - net_args
    assert set(runspec.TRAIN_KEYS) <= train_args, set(runspec.TRAIN_KEYS) - train_args
    keys = runspec.NETWORK_KEYS + runspec.TRAIN_KEYS + runspec.DATA_KEYS
    assert len(keys) == len(set(keys)), "a key in two lists"


def test_bad_data_settings_are_named_before_any_data_is_made():
    with pytest.raises(ValueError, match="data"):
        runspec.run({"data": "nope"})
    with pytest.raises(ValueError, match="data_seed"):
        runspec.run({"data_seed": [1]})


def test_only_named_data_with_a_whole_seed_is_cached():
    named = runspec.data({"data": "sincos", "n": 20, "data_seed": 3})
    assert named[0] is runspec.data({"data": "sincos", "n": 20, "data_seed": 3})[0]
    assert not named[0].flags.writeable  # shared: nobody may change it
    gen = np.random.default_rng(0)
    first = runspec.data({"data": "sincos", "n": 20, "data_seed": gen})[0]
    second = runspec.data({"data": "sincos", "n": 20, "data_seed": gen})[0]
    assert not np.array_equal(first, second)  # a Generator draws anew each time


def test_standardized_sincos_is_sincos_with_its_own_mean_and_std():
    X, Y = nnlib.datasets.sincos(n=500, seed=4)
    Xs, Ys = nnlib.datasets.sincos_standardized(n=500, seed=4)
    assert np.array_equal(Ys, Y)
    np.testing.assert_allclose(Xs, (X - X.mean(axis=0)) / X.std(axis=0))
    np.testing.assert_allclose(Xs.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(Xs.std(axis=0), 1)
    assert np.array_equal(nnlib.datasets.sincos_standardized(n=500, seed=4)[0], Xs)  # seeded
    assert np.isfinite(nnlib.datasets.sincos_standardized(n=1)[0]).all()  # one sample: no spread, no nan


def test_a_run_can_name_the_standardized_data():
    s = {"sizes": [7, 3, 2], "data": "sincos_standardized", "n": 40, "epochs": 5, "lr": 1e-3}
    hist, net = runspec.run(s)
    X, Y = nnlib.datasets.sincos_standardized(n=40, seed=0)
    ref = nnlib.Network([7, 3, 2], seed=0)
    assert np.array_equal(hist.cost, nnlib.train(ref, X, Y, lr=1e-3, epochs=5).cost)


def test_the_explorer_reaches_runspec_with_its_hidden_layers_and_data():
    s = liverun.settings(hidden=(5, 4), activation="tanh", data="random_targets", n=60, epochs=7)
    hist, net = liverun.train_run(s, dtype="float64")
    assert net.sizes == [7, 5, 4, 2] == list(liverun.sizes(s))
    assert net.layer_activations == ["tanh", "tanh", "leaky_relu"]
    X, Y = nnlib.datasets.random_targets(n=60, seed=0)
    assert np.array_equal(liverun.data(s)[1], Y)
    ref = runspec.run(dict(sizes=[7, 5, 4, 2], activation="tanh", output_activation="leaky_relu",
                           leak=1e-4, weight_init="uniform", bias_init="U(0,1)", data="random_targets",
                           n=60, epochs=7, lr=1e-5, reduction="sum"))[0]
    assert np.array_equal(hist.cost, ref.cost)
