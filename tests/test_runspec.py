"""nnlib.RunSpec: every setting of a run in one checked record, spoken the same way by every layer."""
import dataclasses
import inspect

import numpy as np
import pytest

import nnlib
from nnlib import ladder, runspec
from nnlib.live import liverun
from nnlib.runspec import RunSpec, read_query


def test_run_is_train_by_hand():
    spec = RunSpec(sizes=[7, 4, 2], activation="tanh", output_activation=None, bias_init="0.1", lr=0.1,
                   reduction="mean", epochs=40, n=50, seed=3, dtype="float64", weight_init="he")
    net = spec.network()
    hist = spec.run(net=net)
    X, Y = nnlib.datasets.sincos(n=50, seed=0)
    ref = nnlib.Network([7, 4, 2], activation="tanh", leak=1e-4, weight_init="he", bias_init=0.1, seed=3)
    expected = nnlib.train(ref, X, Y, lr=0.1, reduction="mean", epochs=40)
    assert np.array_equal(hist.cost, expected.cost)
    assert np.array_equal(net.get_params(), ref.get_params())
    assert hist.settings is spec


def test_train_on_a_network_records_what_it_knows_as_a_spec():
    net = nnlib.Network([7, 3, 2], activation="leaky_relu", output_activation="identity", leak=0.05,
                        weight_init="xavier", bias_init=("uniform", 0.0, 1.0), seed=4)
    X, Y = nnlib.datasets.sincos(n=30, seed=1)
    hist = nnlib.train(net, X, Y, lr=0.02, epochs=3, reduction="sum", optimizer=("adam", {"eps": 1e-6}),
                       dtype="float32")
    s = hist.settings
    assert isinstance(s, RunSpec) and s.data is None and s.data_seed is None and s.n == 30
    assert (s.sizes, s.layer_activations, s.leak, s.weight_init, s.bias_init, s.seed) == \
        ((7, 3, 2), ("leaky_relu", "identity"), 0.05, "xavier", "U(0,1)", 4)
    assert (s.lr, s.epochs, s.reduction, s.optimizer, s.optimizer_options, s.dtype) == \
        (0.02, 3, "sum", "adam", (("eps", 1e-6),), "float32")
    # the same run again from its spec, given the same arrays
    again = nnlib.train(s.network(), X, Y, **s.train_options())
    assert np.array_equal(again.cost, hist.cost)
    # a net seeded by a Generator has no seed to record
    gen_net = nnlib.Network([7, 2], seed=np.random.default_rng(0))
    assert nnlib.train(gen_net, X, Y, epochs=1).settings.seed is None


def test_the_diagnosis_reads_a_spec():
    hist = RunSpec(leak=0.0, lr=1e-3, epochs=300).run()
    d = nnlib.diagnose(hist)
    assert d.evidence["n_samples"] == 1000 and d.evidence["lr"] == 1e-3


@pytest.mark.parametrize("field, value", [
    ("lr", 0), ("lr", float("inf")), ("leak", -1), ("bias_init", "U(0,2)"), ("bias_init", [1, 2]),
    ("n", 0), ("n", 2.5), ("epochs", -1), ("seed", -3), ("sizes", [7]), ("sizes", [7, 10, 3]),
    ("activation", "swish"), ("data", "mnist"), ("reduction", "avg"), ("output_activation", 3),
    ("weight_init", "zeros"), ("adaptive", "yes"), ("optimizer", "lion"), ("optimizer_options", {"rho": 0.9}),
    ("dtype", "float16"), ("data_seed", -1)])
def test_every_bad_value_is_a_value_error_naming_its_field(field, value):
    name = "sizes" if field == "sizes" else ("rho" if field == "optimizer_options" else field)
    with pytest.raises(ValueError, match=name):
        RunSpec(**{field: value})


def test_every_bias_label_names_a_library_value_and_a_value_its_label():
    for label, value in nnlib.init.BIAS_CHOICES.items():
        assert RunSpec(bias_init=label).network().bias_init == value
        assert RunSpec(bias_init=value).bias_init == label  # one form for one choice
    assert RunSpec(bias_init=0.5).network().bias_init == 0.5  # other values pass through


def test_replace_checks_and_drops_options_the_new_optimizer_does_not_have():
    s = RunSpec(optimizer="momentum", optimizer_options={"momentum": 0.5})
    assert s.optimizer_options == (("momentum", 0.5),)
    assert s.replace(optimizer="adam").optimizer_options == ()
    assert RunSpec(optimizer="momentum", optimizer_options={"momentum": 0.9}).optimizer_options == ()  # the default
    with pytest.raises(ValueError, match="'speed'"):
        s.replace(speed=2)
    with pytest.raises(ValueError, match="lr"):
        s.replace(lr=-1)
    assert dataclasses.is_dataclass(s) and hash(s) == hash(RunSpec(optimizer="momentum", optimizer_options={"momentum": 0.5}))


def test_apply_takes_fields_and_the_documented_changes():
    s = RunSpec(lr=1e-3, seed=4)
    assert s.apply({"lr_scale": 0.1}).lr == pytest.approx(1e-4)
    assert s.apply({"reduction": "mean", "bias_init": 0.1}) == s.replace(reduction="mean", bias_init="0.1")
    assert s.apply({"standardize": True}).data == "sincos_standardized"
    assert s.apply({"next_seed": True}).seed == 5
    assert s.apply({}) == s and s.apply(None) == s
    with pytest.raises(ValueError, match="no standardized version"):
        s.replace(data="random_targets").apply({"standardize": True})
    with pytest.raises(ValueError, match="'lr_scales'"):
        s.apply({"lr_scales": 2})
    with pytest.raises(ValueError, match="lr_scale"):
        s.apply({"lr_scale": "half"})
    assert set(runspec.CHANGES) == {"lr_scale", "standardize", "next_seed"}


def test_every_action_the_diagnosis_emits_applies_to_a_spec():
    # the runs of the explorer whose diagnoses carry each kind of action
    runs = [RunSpec(leak=0.0, lr=1e-3, epochs=300), RunSpec(lr=1e-3, output_activation="identity", leak=0.01,
                                                            epochs=30),
            RunSpec(leak=0.0, epochs=300, seed=16), RunSpec(data="random_targets", epochs=300),
            RunSpec(sizes=(7, 10, 10, 10, 2), activation="sigmoid", epochs=300)]
    for spec in runs:
        r = liverun.run(spec)
        action = r.diagnosis.action
        new = spec.apply(action)
        assert (new != spec) == bool(action), (spec, action)
    # a cost list with no lr known gives an lr factor
    d = nnlib.diagnose(list(10.0 * 3.0 ** np.arange(30)), n_samples=100, reduction="mean")
    assert "lr_scale" in d.action and RunSpec().apply(d.action).lr < RunSpec().lr


def test_a_query_round_trips_and_lists_only_what_differs():
    assert RunSpec().to_query() == ""
    s = RunSpec(lr=1e-3, leak=0.0, sizes=(7, 10, 10, 2), bias_init=0.1, adaptive=True, optimizer="adam",
                optimizer_options={"eps": 1e-6, "betas": (0.8, 0.99)}, dtype="float64")
    q = s.to_query()
    assert q == "lr=0.001&leak=0&bias_init=0.1&sizes=7,10,10,2&adaptive=1&optimizer=adam&betas=0.8,0.99&eps=1e-6&dtype=float64"
    assert RunSpec.from_query(q) == s
    assert RunSpec.from_query("https://host/voila?token=x&lr=0.001".replace("token=x&", "")) == RunSpec(lr=1e-3)
    with pytest.raises(ValueError, match="function"):
        RunSpec(data=lambda n, seed: nnlib.datasets.sincos(n, seed)).to_query()


@pytest.mark.parametrize("text, key", [
    ("n=1_000", "n"), ("lr=1_0e-3", "lr"), ("seed=١", "seed"), ("n=1²", "n"), ("epochs=" + "9" * 5000, "epochs"),
    ("lr=" + "1" * 5000, "lr"), ("lr=11", "lr"), ("lr=1e-9", "lr"), ("leak=0.5", "leak"), ("n=0", "n"),
    ("n=100001", "n"), ("seed=20", "seed"), ("sizes=7,65,2", "sizes"), ("sizes=7,1,1,1,1,2", "sizes"),
    ("sizes=7,10,3", "sizes"), ("adaptive=maybe", "adaptive"), ("optimizer=adam&eps=2", "eps"),
    ("momentum=0.5", "momentum"), ("bias_init=nan", "bias_init"), ("lr=inf", "lr"), ("speed=3", "speed")])
def test_every_malformed_value_is_our_own_sentence(text, key):
    spec, notes = read_query(text)
    assert spec == RunSpec(**({"optimizer": "adam"} if "optimizer=adam" in text else {}))
    assert notes[-1].startswith(f"{key}=") or notes[-1].startswith(f"'{key}'"), notes
    assert not any("Exceeds the limit" in n or "invalid literal" in n for n in notes)
    with pytest.raises(ValueError, match=key):
        RunSpec.from_query(text)


def test_underscores_are_refused_in_every_number_alike():
    for key, text in (("lr", "1_0"), ("leak", "0_1"), ("n", "1_0"), ("epochs", "1_0"), ("seed", "1_0"),
                      ("sizes", "7,1_0,2"), ("bias_init", "0_1"), ("data_seed", "1_0")):
        assert read_query(f"{key}={text}")[1], key


def test_the_ladder_and_sweep_start_from_specs():
    net, kw = ladder.setup("biases", seed=4)
    spec = ladder.step("biases").spec.replace(seed=4)
    assert np.array_equal(net.get_params(), spec.network().get_params()) and kw == spec.train_options()
    res = nnlib.sweep({"seed": [0, 1]}, fixed=spec.replace(epochs=5, n=30))
    assert res.settings == spec.replace(epochs=5, n=30)
    for i, seed in enumerate((0, 1)):
        assert res.final_cost[i] == spec.replace(epochs=5, n=30, seed=seed).run().final_cost


def test_only_named_data_is_cached_and_read_only():
    named = RunSpec(n=20, data_seed=3).arrays()
    assert named[0] is RunSpec(n=20, data_seed=3).arrays()[0]
    assert not named[0].flags.writeable  # shared: nobody may change it
    calls = []

    def make(n, seed):
        calls.append(seed)
        return nnlib.datasets.sincos(n, seed)

    spec = RunSpec(data=make, n=20)
    spec.arrays(), spec.arrays()
    assert calls == [0, 0]  # the learner's own function is called every time


def test_standardized_sincos_is_sincos_with_its_own_mean_and_std():
    X, Y = nnlib.datasets.sincos(n=500, seed=4)
    Xs, Ys = nnlib.datasets.sincos_standardized(n=500, seed=4)
    assert np.array_equal(Ys, Y)
    np.testing.assert_allclose(Xs, (X - X.mean(axis=0)) / X.std(axis=0))
    np.testing.assert_allclose(Xs.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(Xs.std(axis=0), 1)
    assert np.isfinite(nnlib.datasets.sincos_standardized(n=1)[0]).all()  # one sample: no spread, no nan


# -- the README's recipe "a Network or train option": one RunSpec field reaches every layer ---------
RUN_ONLY = {"net", "X", "Y", "record", "snapshots"}  # how a run is kept, not what it is
SHORTHANDS = {"momentum", "betas", "eps"}  # train's shorthands for optimizer_options


def test_every_network_and_train_option_is_a_field_that_reaches_them():
    def named(f):  # a rule's own options, as **options, go through optimizer_options
        return {k for k, p in inspect.signature(f).parameters.items() if p.kind != p.VAR_KEYWORD}

    net_args = named(nnlib.Network)
    train_args = named(nnlib.train) - RUN_ONLY - SHORTHANDS
    fields = set(runspec.FIELDS)
    assert net_args <= fields, net_args - fields
    assert train_args <= fields, train_args - fields
    assert set(RunSpec().train_options()) == train_args  # every train option is passed


def test_a_train_option_reaches_the_explorer_and_its_link():
    # the recipe followed for an optimizer's option (what liverun.settings(momentum=0.5) refused)
    spec = liverun.DEFAULT.replace(optimizer="momentum", optimizer_options={"momentum": 0.5}, epochs=20,
                                   lr=1e-6)
    r = liverun.run(spec)
    assert r.history.settings.optimizer_options == (("momentum", 0.5),)
    by_hand = nnlib.train(spec.network(), *spec.arrays(), lr=1e-6, epochs=20, reduction="sum",
                          optimizer="momentum", momentum=0.5, dtype="float32")
    assert np.array_equal(r.history.cost, by_hand.cost)
    assert RunSpec.from_query(spec.to_query()) == spec and "momentum=0.5" in spec.to_query()
    # every field is a keyword of the explorer's spec, so a new one is too
    for name in runspec.FIELDS:
        assert liverun.with_controls(liverun.DEFAULT, {name: getattr(RunSpec(), name)}) == liverun.DEFAULT


def test_one_network_is_built_per_explorer_run(networks_built):
    built, start_counting = networks_built
    start_counting()
    liverun.run(liverun.DEFAULT.replace(epochs=20, seed=7, n=300))  # lambda_max measured too
    assert len(built) == 1
    built.clear()
    stages = [r.stage for r in liverun.stages(liverun.DEFAULT.replace(n=30_000, seed=8))]
    assert stages == ["preview", "run", "stability", "diagnosis"] and len(built) == 1


def test_curvature_key_follows_network_options_not_lr():
    s = liverun.DEFAULT
    assert liverun._curvature_key(s) == liverun._curvature_key(s.replace(lr=1.0, epochs=5))
    assert liverun._curvature_key(s) != liverun._curvature_key(s.replace(leak=0.01))
    assert liverun._curvature_key(s) != liverun._curvature_key(s.replace(weight_init="he"))


def test_the_explorer_runs_its_hidden_layers_and_data():
    s = liverun.with_controls(liverun.DEFAULT, dict(hidden=(5, 4), activation="tanh", data="random_targets",
                                                    n=60, epochs=7, dtype="float64"))
    r = liverun.run(s)
    assert r.net.sizes == [7, 5, 4, 2] and r.net.layer_activations == ["tanh", "tanh", "leaky_relu"]
    X, Y = nnlib.datasets.random_targets(n=60, seed=0)
    assert np.array_equal(liverun.data(s)[1], Y)
    ref = RunSpec(sizes=[7, 5, 4, 2], activation="tanh", data="random_targets", n=60, epochs=7,
                  dtype="float64").run()
    assert np.array_equal(r.history.cost, ref.cost)
    with pytest.raises(ValueError, match="hidden"):
        liverun.with_controls(liverun.DEFAULT, {"hidden": "10, x"})
    with pytest.raises(ValueError, match="n must be"):
        liverun.run(liverun.DEFAULT.replace(n=200_000))
