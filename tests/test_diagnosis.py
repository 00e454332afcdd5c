"""diagnose: the canonical runs get the right kind, with numbers that match theory."""
import numpy as np
import pytest

import nnlib
from nnlib.diagnosis import KINDS, diagnose
from nnlib.diagnosis.diverging import STANDARD_LR


@pytest.fixture(scope="module")
def question_data():
    return nnlib.datasets.random_targets(n=1000, seed=0)


def question_run(X, Y, activation, lr=0.01, reduction="sum", seed=0):
    net = nnlib.Network([7, 2], activation=activation, seed=seed)
    crit = nnlib.critical_lr(net, X, Y, reduction=reduction)
    return net, nnlib.train(net, X, Y, lr=lr, epochs=1000, reduction=reduction), crit


def test_identity_summed_cost_is_diverging(question_data):
    X, Y = question_data
    _, hist, crit = question_run(X, Y, "identity")
    d = diagnose(hist, critical_lr=crit)
    assert d.kind == "diverging"
    # Theory: the error along the top eigenvector is multiplied by |1 - lr lambda| per step,
    # the cost by its square (about 300 for the question's N = 1000).
    lam = np.linalg.eigvalsh(X.T @ X)[-1]
    assert d.evidence["growth_per_step"] == pytest.approx((1 - 0.01 * lam) ** 2, rel=0.05)
    assert d.evidence["overflow_epoch"] == hist.diverged_at
    assert f"epoch {hist.diverged_at}" in d.message
    assert d.evidence["lr_over_critical"] == pytest.approx(0.01 * lam / 2, rel=0.02)
    assert "reduction='mean'" in d.fix


@pytest.mark.parametrize("seed", [0, 1])
def test_relu_summed_cost_is_dead(question_data, seed):
    X, Y = question_data
    _, hist, crit = question_run(X, Y, "relu", seed=seed)
    d = diagnose(hist, critical_lr=crit)
    assert d.kind == "dead"
    assert d.evidence["dead_layer"] == 0  # the only layer: the output
    died = d.evidence["dead_since"]
    assert np.all(hist.dead_fraction[died:, 0] == 1.0) and hist.dead_fraction[died - 1, 0] < 1.0
    # Frozen: a net that outputs 0 costs 0.5 * sum(Y^2) (the question's frozen 165.5).
    assert hist.cost[-1] == pytest.approx(0.5 * np.sum(Y ** 2), rel=1e-9)
    assert f"since epoch {died}" in d.message


def test_identity_tiny_lr_mean_cost_is_stalled(question_data):
    X, Y = question_data
    _, hist, crit = question_run(X, Y, "identity", lr=1e-7, reduction="mean")
    d = diagnose(hist, critical_lr=crit)
    assert d.kind == "stalled"
    assert d.evidence["lr_over_critical"] == pytest.approx(1e-7 / crit)
    assert d.evidence["median_update_ratio"] < 1e-5
    assert "raise lr" in d.fix


def test_fixed_network_on_sincos_is_converging():
    X, Y = nnlib.datasets.sincos(n=1000, seed=0)
    net = nnlib.Network([7, 10, 2], activation="leaky_relu", output_activation="identity",
                        weight_init="he", bias_init=0.1, seed=0)
    hist = nnlib.train(net, X, Y, lr=0.05, epochs=2000, reduction="mean")
    d = diagnose(hist, net=net, X=X, Y=Y)
    assert d.kind == "converging", d.message
    assert d.evidence["critical_lr"] > 0.05


def test_diagnosis_at_a_saddle_says_so(hand_saddle):
    # Issue 3: where the Hessian curves downward, say so rather than give 2 / lambda_max
    # as if it were the whole story. The hand-made saddle: eigenvalues 0.91 S and -0.73 S.
    net0, x, S = hand_saddle
    hist = nnlib.train(net0.copy(), x, x, lr=1e-3, epochs=50, reduction="sum")
    d = diagnose(hist, net=net0, X=x, Y=x)
    assert d.evidence["critical_lr"] == pytest.approx(2 / (0.91 * S), rel=1e-3)
    assert d.evidence["lowest_curvature"] == pytest.approx(-0.73 * S, rel=1e-3)
    assert "curves downward" in d.message and "a saddle" in d.message
    assert f"lowest eigenvalue {-0.73 * S:.3g}" in d.message
    # Given the number, diagnose does not search (it stays cheap for the explorer).
    quiet = diagnose(hist, critical_lr=d.evidence["critical_lr"])
    assert "saddle" not in quiet.message and "lowest_curvature" not in quiet.evidence


def test_canonical_fixed_net_is_a_saddle_at_its_initial_weights():
    # The reviewer's case: [7, 10, 2] He init on sincos, lambda_max ~13.8 but a negative
    # eigenvalue as well; the diagnosis must not give 0.145 without a word.
    X, Y = nnlib.datasets.sincos(n=1000, seed=0)
    net = nnlib.Network([7, 10, 2], activation="leaky_relu", output_activation="identity",
                        weight_init="he", bias_init=0.1, seed=0)
    hist = nnlib.train(net.copy(), X, Y, lr=0.05, epochs=50, reduction="mean")
    d = diagnose(hist, net=net, X=X, Y=Y)
    assert d.evidence["lowest_curvature"] < 0 and "a saddle" in d.message


def test_answer_rewrite_stuck_seed_is_dead_given_the_net():
    # Measured on the question's code: one seed in five of the answer's rewrite gets an output unit stuck.
    X, Y = nnlib.datasets.sincos(n=1000, seed=0)
    kinds = []
    for seed in range(5):
        net = nnlib.Network([7, 10, 2], activation="leaky_relu", leak=1e-4,
                            bias_init=("uniform", 0, 1), seed=seed)
        hist = nnlib.train(net, X, Y, lr=1e-5, epochs=2000, reduction="sum")
        d = diagnose(hist, net=net, X=X, Y=Y)
        out = net.predict(X)
        stuck = np.any(np.sum((out - Y) ** 2, 0) > np.sum((Y - Y.mean(0)) ** 2, 0))
        assert (d.kind == "dead") == stuck, (seed, d.message)
        kinds.append(d.kind)
    assert 1 <= kinds.count("dead") <= 2


def synthetic(cost, status="ok", activations=("identity",), sizes=(7, 2), lr=0.1):
    cost = np.asarray(cost, float)
    T = len(cost) - 1
    bad = ~np.isfinite(cost)
    return nnlib.History(
        cost=cost, lr=np.full(T, lr), dead_fraction=np.zeros((T + 1, len(activations))),
        grad_norm=np.ones((T, len(activations))), update_ratio=np.full((T, len(activations)), 1e-3),
        rejected=np.zeros(T, bool), status=status,
        diverged_at=int(np.argmax(bad)) if bad.any() else None, snapshots={},
        settings=dict(lr=lr, reduction="mean", n_samples=100, sizes=list(sizes),
                      activations=list(activations), leak=0.01, has_bias=True))


def test_geometric_growth_before_overflow_is_diverging():
    d = diagnose(synthetic(2.0 ** np.arange(200)))
    assert d.kind == "diverging"
    assert d.evidence["growth_per_step"] == pytest.approx(2.0)
    # log2(1e308 / 2^199) ~ 824 more doublings
    assert d.evidence["overflow_in"] == pytest.approx(np.log2(1e308) - 199, abs=1)


def test_alternating_cost_is_oscillating():
    t = np.arange(400)
    d = diagnose(synthetic(1.0 + 0.5 * (t % 2) + 1.0 / (1 + t)))
    assert d.kind == "oscillating"
    assert d.evidence["share_rising"] == pytest.approx(0.5, abs=0.01)


def test_steady_decline_is_slow():
    d = diagnose(synthetic(np.linspace(10.0, 5.0, 500)))
    assert d.kind == "slow"


@pytest.mark.parametrize("cost,status", [
    ([1.0], "ok"),
    ([np.nan], "diverged"),
    ([np.inf, np.inf], "diverged"),
    ([1.0, np.nan], "diverged"),
    ([0.0, 0.0, 0.0], "ok"),
])
def test_odd_histories_never_raise(cost, status):
    d = diagnose(synthetic(cost, status))
    assert d.kind in KINDS and d.message


def test_record_false_history_is_diagnosed(question_data):
    X, Y = question_data
    net = nnlib.Network([7, 2], activation="relu", seed=0)
    hist = nnlib.train(net, X, Y, lr=0.01, epochs=300, reduction="sum", record=False)
    assert diagnose(hist).kind in KINDS
    assert diagnose(hist, net=net, X=X, Y=Y).kind == "dead"


def test_converged_poor_fit_without_biases_points_at_biases():
    # Mean cost on sincos without biases converges to the best fit through the origin,
    # which cannot follow sum(cos x) (an independent least-squares fit shows the limit).
    X, Y = nnlib.ladder.data()
    net, kw = nnlib.ladder.setup("mean_cost", seed=0)
    hist = nnlib.train(net, X, Y, **kw)
    d = diagnose(hist, net=net, X=X, Y=Y)
    W = np.linalg.lstsq(X, Y, rcond=None)[0]
    best = np.sum((X @ W - Y) ** 2, 0) / np.sum((Y - Y.mean(0)) ** 2, 0)
    assert d.kind == "converging"
    assert d.evidence["unexplained"][1] == pytest.approx(best[1], rel=0.01)
    assert "bias" in d.fix


def test_bounded_output_that_cannot_reach_the_targets_points_at_a_linear_output():
    # sincos targets lie in about (1, 7); a sigmoid output lies in (0, 1): the cost settles,
    # high, and "converging" alone would say nothing is wrong.
    X, Y = nnlib.datasets.sincos(n=300, seed=0)
    net = nnlib.Network([7, 10, 2], activation="leaky_relu", output_activation="sigmoid",
                        weight_init="he", bias_init=0.1, seed=0)
    hist = nnlib.train(net, X, Y, lr=0.05, epochs=500)
    d = diagnose(hist, net=net, X=X, Y=Y)
    assert "poor" in d.message and "output_activation='identity'" in d.fix
    assert f"{Y[:, 1].max():.3g}" in d.fix  # the targets' reach, quoted from the data


def test_adaptive_run_is_compared_with_its_final_lr():
    X, Y = nnlib.ladder.data()
    net, kw = nnlib.ladder.setup("deeper", seed=0)
    hist = nnlib.train(net, X, Y, **kw)
    d = diagnose(hist, critical_lr=0.1)
    assert d.evidence["final_lr"] == hist.lr[-1] < kw["lr"]
    assert d.evidence["lr_over_critical"] == pytest.approx(hist.lr[-1] / 0.1)


def _with_dead_share(hist, share):
    """hist with its first layer's dead share set to `share` at every epoch."""
    hist.dead_fraction[:, 0] = share
    return hist


@pytest.mark.parametrize("act,said", [("sigmoid", False), ("tanh", False), ("relu", True)])
def test_a_layer_that_cannot_die_is_never_reported_dead(act, said):
    # a sigmoid or tanh unit with z <= 0 on every sample still passes a gradient back:
    # its recorded share of z <= 0 is no dead share
    cost = 1.0 + 1.0 / (1 + np.arange(400.0))
    settled = diagnose(_with_dead_share(synthetic(cost, activations=(act, "identity"), sizes=(7, 10, 2)), 0.3))
    assert ("30% of the units of hidden layer 1 are dead" in settled.message) == said
    flat = _with_dead_share(synthetic(np.r_[5.0, np.full(300, 2.0)], activations=(act, "identity"),
                                      sizes=(7, 10, 2)), 1.0)
    assert (diagnose(flat).kind == "dead") == said


def test_a_dead_relu_layer_under_an_output_that_cannot_die_is_named_for_sure():
    # the identity output records NaN (it cannot die); the hidden layer's record still counts
    X = np.random.default_rng(0).uniform(0, 1, (50, 3))
    net = nnlib.Network([3, 4, 1], activation="relu", output_activation="identity", bias_init=0, seed=0)
    net.biases[0][:] = -50.0  # every hidden z < 0 on every sample
    hist = nnlib.train(net, X, X.sum(axis=1, keepdims=True), lr=0.01, epochs=50)
    assert (hist.dead_fraction[:, 0] == 1).all() and np.isnan(hist.dead_fraction[:, 1]).all()
    d = diagnose(hist)
    assert d.kind == "dead" and d.certainty == "sure" and "hidden layer 1" in d.message


@pytest.mark.parametrize("act", ["sigmoid", "tanh"])
def test_a_trained_sigmoid_layer_with_every_input_below_zero_is_not_dead(act):
    X = np.random.default_rng(0).uniform(0, 1, (50, 3))
    Y = X.sum(axis=1, keepdims=True)
    net = nnlib.Network([3, 4, 1], activation=act, output_activation="identity", bias_init=0,
                        seed=0)
    net.biases[0][:] = -50.0  # every hidden z < 0 on every sample
    hist = nnlib.train(net, X, Y, lr=0.01, epochs=200, reduction="mean")
    assert np.isnan(hist.dead_fraction[:, 0]).all()  # z <= 0 everywhere, yet no dead share: it cannot die
    d = diagnose(hist, net=net, X=X, Y=Y)
    assert d.kind != "dead" and "dead" not in d.message.split("Try first")[0] and "dead" not in d.fix, d.message


def test_the_texts_the_new_user_found_wrong():
    # negative costs: a fall, not "-0.451 times lower"
    d = nnlib.diagnose(-np.linspace(0.1, 3.0, 60) - 0.2, lr=0.1, batch_size=None)
    assert "times lower" not in d.message and "-0." not in d.message.split("times")[0][-8:]
    # one update is "1 update", never "1 updates"
    from nnlib.diagnosis.report import _span
    assert _span({"unit": "update", "every": 1}, 1) == "1 update" and _span({"unit": "epoch", "every": 1}, 3) == "3 epochs"
    # a first cost near the largest float, then an overflow: no "1-fold" growth
    d = nnlib.diagnose([1.63e308, 900.0, 450.0, 195.0, np.inf], lr=0.1, batch_size=None)
    assert d.kind == "diverging" and "fold" not in d.message and "then to inf" in d.message
    # dead fractions of a plain run name the layer as recorded, not "the output layer"
    c = 1 + np.exp(-np.arange(100) / 10)
    d = nnlib.diagnose(c, lr=0.1, batch_size=None, dead_fraction=np.full((100, 1), 0.5))
    assert "the output layer" not in d.message


def test_a_first_cost_far_above_the_constant_guess_points_at_the_inputs_scale():
    Y = np.random.default_rng(0).normal(size=(200, 1))       # a constant guess costs about 0.5
    slow = 0.4 + 40 * np.exp(-np.arange(300) / 5.0)          # from 80x that level to 0.8x it
    d = nnlib.diagnose(slow, lr=0.05, batch_size=None, reduction="mean", loss="squared", targets=Y)
    # X not given: the targets' offset could start the outputs off scale too, so no larger lr;
    # the words say to raise it in steps once the inputs are standardized
    # ... and initial weights too large throw outputs off scale too: the fix starts from He init
    fresh = {"weight_init": "he", "bias_init": 0.0}
    assert d.kind == "stalled" and d.action == {"standardize": True, **fresh} and "scale" in d.message
    assert "raise it in steps" in d.fix and "weight_init='he'" in d.fix
    # ... but an lr under the usual one's floor (cut until raw inputs stopped blowing up) would
    # crawl once they are standardized: raised to the floor, where unit-scale inputs are stable
    d = nnlib.diagnose(slow, lr=1e-7, batch_size=None, reduction="mean", loss="squared", targets=Y)
    assert d.kind == "stalled" and d.action == {"standardize": True, "lr": STANDARD_LR[0], **fresh}
    raw = np.random.default_rng(1).normal(size=(200, 3)) * [1.0, 50.0, 400.0]
    d = nnlib.diagnose(slow, lr=1e-7, batch_size=None, reduction="mean", loss="squared", targets=Y, X=raw)
    assert d.action == {"standardize": True, "lr": STANDARD_LR[0]}  # X shows the inputs raw: the usual lr, no re-init
    blowup = [40.0, 400.0, 4e4, np.inf]
    d = nnlib.diagnose(blowup, lr=0.05, batch_size=None, reduction="mean", loss="squared", targets=Y)
    assert d.kind == "diverging" and d.action == {"standardize": True}  # 0.05: a usual lr, kept
    d = nnlib.diagnose(blowup, lr=3.0, batch_size=None, reduction="mean", loss="squared", targets=Y)
    assert d.action == {"standardize": True, "lr": 0.1}  # clipped down, never up
    d = nnlib.diagnose(blowup, lr=1e-4, batch_size=None, reduction="mean", loss="squared", targets=Y)
    assert d.action == {"standardize": True}  # a blow-up never gets a larger lr than the learner's
    d = nnlib.diagnose(blowup, lr=3.0, batch_size=None, loss="squared", targets=Y)
    assert d.action == {"standardize": True, "lr": 0.1}  # reduction not given: read as a mean, clipped down
    d = nnlib.diagnose(blowup, lr=0.05, batch_size=None)     # no level known: the lr is cut
    assert set(d.action) == {"lr"} and d.action["lr"] < 0.05


def test_deadness_is_decided_in_one_place_from_the_activation_record():
    from nnlib.activations import dead_units
    z = np.array([[-1.0, 2.0, -3.0], [-0.5, -1.0, 0.0], [-2.0, 0.5, -1.0]])
    assert dead_units(z, "relu").tolist() == [True, False, True]
    assert dead_units(z, "leaky_relu").tolist() == [True, False, True]
    assert dead_units(z, "sigmoid") is None and dead_units(z, "tanh") is None  # cannot die
    assert dead_units(z).tolist() == [True, False, True]  # a layer the learner logged as ReLU
    assert dead_units(z, "relu", nearly=0.7).tolist() == [True, True, True]  # active on 2/3 < 0.7


def _curves():
    """Curves of every shape the checks tell apart, with what each may be given."""
    t = np.arange(200.0)
    targets = np.r_[np.zeros(50), 2.0 * np.ones(50)]  # a constant guess costs 0.5 per sample
    told = dict(lr=0.01, batch_size=None, reduction="mean", loss="squared", targets=targets)
    return [([1.0], {}), ([np.inf, 1.0, 1.0], {}), (1e3 * 300.0 ** t[:120], {"lr": 0.01}),
            ([1.0, 2.0, np.nan], {}), (np.r_[1.0, np.full(40, 0.7)], {}), (1.0 + 1e-4 * np.cos(t), {}),
            (1.0 + 0.5 * (t % 2) + 1.0 / (1 + t), {}), (10.0 - 0.01 * t, {"lr": 0.1}),
            (np.exp(-t / 20) + 0.01, {}), (np.exp(-t / 20) + 0.69, {"loss": "cross_entropy", "n_classes": 2}),
            (1.0 + 0.01 * t, {"lr": 0.1}), (1.0 + np.random.default_rng(0).normal(0, 0.2, 200) + np.exp(-t / 30),
                                            {"batch_size": 32}),
            (np.r_[np.exp(-t / 20) + 0.01, 50.0, np.full(50, 50.0)], {}),
            # settled exactly above a constant guess (a net without biases), and short of a fit
            (120.0 + 1e3 * np.exp(-np.arange(300.0) / 5), dict(told, reduction="sum", n_samples=100)),
            (0.2 + np.exp(-t / 20), told),
            # an oscillation after a blow-up, and a jump that came back only to the guess
            (np.r_[12.0, 1e3, 8e5, 1e9, 1e7, 1e5, np.tile([94.0, 86.0], 40)], {"lr": 100.0, "batch_size": None}),
            (np.r_[0.6, 5.0, 3.0, 2.0, 0.55 + 0.5 * np.exp(-np.arange(40.0) / 10)], dict(told, lr=2.0))]


def test_kinds_are_read_from_checks_and_each_check_gives_only_the_kinds_it_declares(monkeypatch):
    """The recipe's claims: KINDS is the CHECKS entries' kinds in the order checked, and a
    check's entry lists the kinds it gives (a rewrite with none keeps the kind it was given)."""
    from nnlib.diagnosis import core
    assert KINDS == tuple(dict.fromkeys(k for kinds, _c, _s in core.CHECKS for k in kinds))
    assert set(nnlib.diagnosis.HEALTHY) <= set(KINDS)
    given = []

    def declared(kinds, check):
        def wrapped(run, ev):
            before = run.found.kind if run.found is not None else None
            f = check(run, ev)
            given.append(f is not None)
            assert f is None or f.kind in (kinds or (before,)), (check, f.kind, kinds)
            return f
        return wrapped
    monkeypatch.setattr(core, "CHECKS", tuple((k, declared(k, c), s) for k, c, s in core.CHECKS))
    found = {diagnose(c, **kw).kind for c, kw in _curves()}
    assert any(given) and len(found) >= 5  # the curves reach most kinds, through the wrapped checks


def test_rebounds_counts_the_rises_undone_at_once():
    from nnlib.trend import rebounds
    t = np.arange(200)
    assert rebounds(1 + 0.1 * (-1.0) ** t) == 1.0                                  # a bounce every other update
    assert rebounds(np.r_[np.linspace(5, 1, 100), 1 + 0.1 * (-1.0) ** t]) == 1.0    # falls first: not held against it
    assert rebounds(np.linspace(5, 1, 100)) == 0.0                                  # no rises at all
    noise = np.random.default_rng(0).normal(size=4000)
    assert 0.6 < rebounds(noise) < 0.75  # independent noise: a rise is undone about 2/3 of the time


@pytest.mark.parametrize("share, kind, recipe", [(0.4, "slow", True), (0.15, "slow", True), (0.05, "converging", False)])
def test_a_run_that_settled_short_of_a_fit_is_slow_and_pointed_at_examine(share, kind, recipe):
    """Settled at 0.4 of what a constant guess costs: it learned something, short of a fit
    worth the name (under 0.3 of it); noisy targets end there too, so "slow", with the usual
    recipe (which a healthy net takes without harm) and examine named. At 0.15: part of a fit,
    short of a clean one (under 0.1): "slow" with the recipe too, at the learner's lr (kept: at
    most 10x under the usual range), examine named. At 0.05: converging."""
    Y = np.random.default_rng(0).normal(size=(300, 1))
    level = 0.5 * float(Y.var())
    costs = level * (share + (1 - share) * np.exp(-np.arange(200) / 10.0))
    d = nnlib.diagnose(costs, lr=0.01, batch_size=None, reduction="mean", loss="squared", targets=Y)
    assert d.kind == kind and d.certainty != "can't tell"
    assert ("examine" in d.fix) == (kind == "slow")
    # the recipe keeps lr 0.01: within 10x of the usual range (reference.KEEP_BAND)
    assert (d.action.get("standardize") and d.action.get("lr") == 0.01) if recipe else d.action == {}
    if kind == "slow":
        assert d.evidence["end_over_constant"] == pytest.approx(share, rel=0.01)


def test_a_still_falling_cost_is_raised_to_the_usual_floor_but_never_past_half_the_critical_lr():
    """A full-batch mean cost still falling 5%+ over its last tenth at lr 0.002, under the usual
    floor (0.02 per sample): raised to the floor, unless the measured critical lr says the run's
    own limit is lower (then half of it, or no raise when that is not above the lr)."""
    costs = 1 + 3 * np.exp(-np.arange(300) / 200.0)
    kw = dict(lr=0.002, reduction="mean", batch_size=None)
    assert nnlib.diagnose(costs, **kw).action == {"lr": 0.02}
    d = nnlib.diagnose(costs, 0.03, **kw)
    assert d.kind == "slow" and d.action == {"lr": pytest.approx(0.015)}
    assert "lr" not in nnlib.diagnose(costs, 0.003, **kw).action


def _raw_column_run(lr):
    """A linear net on columns at scales 30 and 1, trained with nnlib near its critical lr."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 2)) * np.r_[30.0, 1.0]
    y = (X @ np.r_[1 / 30, 1.0])[:, None] + 0.1 * rng.normal(size=(200, 1))
    net = nnlib.Network([2, 1], activation="identity", seed=0)
    return nnlib.train(net, X, y, lr=lr, epochs=300), X


def test_a_still_falling_cost_at_its_step_limit_or_on_raw_inputs_is_not_told_to_raise_lr():
    """lr 0.00225 sits just under this run's critical lr (the wide column sets it); the cost still
    falls because the narrow column crawls. The usual floor (0.02) would blow it up: with X given
    the advice is to standardize; without it, the updates (0.047 of the weights, healthy about
    0.001) say the step is at its limit, so no lr raise."""
    h, X = _raw_column_run(0.00225)
    with_x, costs_only = nnlib.diagnose(h, X=X), nnlib.diagnose(h)
    assert with_x.kind == costs_only.kind == "slow"
    assert with_x.action["standardize"] and costs_only.evidence["median_update_ratio"] > 0.001
    assert "lr" not in costs_only.action


def test_a_measured_fit_is_not_overruled_by_the_constant_guess_bands():
    """A sigmoid output cannot reach targets from -1.2 to 1.9: the trained net's own fit (net, X, Y
    given) names the linear output, and the constant-guess bands (0.25 of its cost here) keep it."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 1))
    Y = 0.7 * X + 0.5
    net = nnlib.Network([1, 16, 1], activation="tanh", output_activation="sigmoid", seed=0)
    h = nnlib.train(net, X, Y, lr=0.5, epochs=2000)
    assert 0.1 < h.cost[-1] / (0.5 * Y.var()) < 0.3  # the case: in the band
    d = nnlib.diagnose(h, net=net, X=X, Y=Y, loss="squared", targets=Y)
    assert d.action == {"output_activation": "identity"}


def test_nnlibs_own_cost_is_compared_with_a_guess_summed_over_its_outputs():
    """nnlib's cost sums its outputs' squared errors: four outputs each fit to 1 - R^2 of about
    0.06 end near 0.06 of a guess summed over them, not 4 x 0.06 of one averaged over them."""
    rng = np.random.default_rng(0)
    X, W = rng.normal(size=(300, 3)), rng.normal(size=(3, 4))
    Y = X @ W + 0.25 * rng.normal(size=(300, 4)) * np.linalg.norm(W, axis=0)
    net = nnlib.Network([3, 16, 4], activation="tanh", output_activation="identity", seed=0)
    h = nnlib.train(net, X, Y, lr=0.05, epochs=1500)
    assert nnlib.costs.unexplained(net.predict(X), Y).max() < 0.1
    assert nnlib.diagnose(h, loss="squared", targets=Y).kind == "converging"


def test_the_recipe_short_of_a_fit_keeps_its_lr_under_half_a_measured_critical_lr():
    """Settled at 0.4 of the guess at lr 0.001 on unit-scale inputs whose critical lr is 0.01: the
    recipe's usual floor (0.02) would be twice the limit; it takes half the limit instead."""
    Y = np.random.default_rng(0).normal(size=(300, 1))
    level = 0.5 * float(Y.var())
    costs = level * (0.4 + 0.6 * np.exp(-np.arange(200) / 10.0))
    d = nnlib.diagnose(costs, 0.01, X=np.random.default_rng(1).normal(size=(300, 2)), lr=0.001,
                       batch_size=None, reduction="mean", loss="squared", targets=Y)
    assert d.kind == "slow" and d.action["lr"] == pytest.approx(0.005)


def test_constant_level_takes_a_squared_errors_outputs_by_name():
    from nnlib.diagnosis.reference import constant_level
    Y = np.random.default_rng(0).normal(size=(50, 3)) * [1.0, 2.0, 3.0]
    mean, summed = (constant_level("squared", targets=Y, outputs=o) for o in ("mean", "sum"))
    assert summed == pytest.approx(3 * mean) == pytest.approx(0.5 * Y.var(axis=0).sum())
    with pytest.raises(ValueError, match="outputs"):
        constant_level("squared", targets=Y, outputs="max")


def test_a_squared_error_on_class_outputs_knows_its_constant_guess_from_n_classes():
    from nnlib.diagnosis.reference import constant_level
    # one-hot rows of 10 balanced classes, summed over the outputs and halved: 0.5 x 10 x 0.1 x 0.9
    assert constant_level("squared", n_classes=10) == pytest.approx(0.45)
    assert constant_level("squared", n_classes=10, reduction="sum", batch=32) == pytest.approx(0.45 * 32)
    assert constant_level("squared", n_classes=1) is None
    with pytest.raises(ValueError, match="n_classes"):
        constant_level("squared", n_classes=0)
    told = dict(lr=3.0, batch_size=10, every=500, reduction="mean", n_samples=5000, loss="squared", n_classes=10)
    epochs = np.arange(21.0)
    stuck = 0.46 + 1.2 * np.exp(-epochs / 2)                # a net that learned nothing: onto the guess
    healthy = 0.012 + 1.5 * np.exp(-epochs / 2)             # a classic book's quadratic cost, fitting
    d = diagnose(stuck, **told)
    assert d.kind not in ("converging", "slow") and d.evidence["end_over_constant"] == pytest.approx(1.02, abs=0.01)
    assert diagnose(healthy, **told).kind in ("converging", "slow")
    # 100 classes averaged over the outputs (Keras' mse): stuck at (1/C)(1 - 1/C), 50x under the
    # dearer level; still not read as a fit
    flat = np.full(50, 0.0099) + 0.0001 * np.exp(-np.arange(50.0))
    assert diagnose(flat, **dict(told, n_classes=100)).kind != "converging"
    # the usual recipe's lr for such outputs is CLASS_OUTPUTS_FACTOR x the usual range
    from nnlib.diagnosis.diverging import CLASS_OUTPUTS_FACTOR, STANDARD_LR
    lr = diagnose(stuck, **dict(told, lr=100.0)).action["lr"]
    assert lr == pytest.approx(STANDARD_LR[1] * CLASS_OUTPUTS_FACTOR)
    assert diagnose(stuck, **dict(told, lr=100.0, n_classes=None, loss="cross_entropy")).action.get("lr") != lr


def test_a_summed_cost_logged_once_an_epoch_may_sum_the_whole_epoch():
    # online updates (batch 1), the learner adds up the epoch's per-sample costs: the constant
    # guess's cost is taken over the epoch's samples, so a fit is not read as stuck far above it
    epochs = np.arange(100.0)
    costs = 6.0 + 31.0 * np.exp(-epochs / 20)
    told = dict(lr=0.01, batch_size=1, every=120, reduction="sum", n_samples=120, loss="cross_entropy", n_classes=3)
    d = diagnose(costs, **told)
    assert d.evidence["constant_level"] == pytest.approx(120 * np.log(3))
    assert d.kind in ("converging", "slow")
    # logged every update, the same sum is one sample's
    assert diagnose(costs, **dict(told, every=1)).evidence["constant_level"] == pytest.approx(np.log(3))
    # a batch's sum printed every 100 updates, stuck at the batch's guess: the level nearer the
    # first cost is the batch's, and the run is not read as far below the epoch's
    stuck = 32 * np.log(10) * (1 + 0.002 * np.cos(np.arange(60.0)))
    told = dict(lr=0.1, batch_size=32, every=100, reduction="sum", n_samples=60000, loss="cross_entropy", n_classes=10)
    d = diagnose(stuck, **told)
    assert d.evidence["constant_level"] == pytest.approx(32 * np.log(10)) and d.kind != "converging"
    # the first sum already holds an interval of learning (0.2 per sample, a tenth of the guess):
    # more than an untrained batch's, so the interval's level, and a healthy fall is no stall
    rng = np.random.default_rng(0)
    for first in (0.2, 0.1):
        fit = 3200 * (0.03 + (first - 0.03) * np.exp(-np.arange(40.0) / 6)) * (1 + 0.01 * rng.standard_normal(40))
        d = diagnose(fit, **dict(told, n_samples=3200))
        assert d.evidence["constant_level"] == pytest.approx(3200 * np.log(10)) and d.kind in ("converging", "slow")
    # n_samples not given: the interval's level is batch x every
    d = diagnose(fit, **dict(told, n_samples=None))
    assert d.evidence["constant_level"] == pytest.approx(3200 * np.log(10))


def test_a_bias_free_net_settled_above_the_constant_guess_is_converging_and_pointed_at_biases():
    # the question's net has no biases: at a stable lr its cost falls and settles exactly onto
    # its best, above what outputting the targets' mean costs; training is not what to fix
    X, Y = nnlib.datasets.random_targets(n=100, seed=0)
    net = nnlib.Network([7, 2], activation="identity", seed=0)
    cost = np.asarray(nnlib.train(net, X, Y, lr=0.01, epochs=300, reduction="sum").cost)
    told = dict(lr=0.01, batch_size=None, reduction="sum", n_samples=100, loss="squared", targets=Y)
    d = diagnose(cost, **told)
    assert d.kind == "converging" and d.action == {} and "biases" in d.fix
    assert d.evidence["end_over_constant"] > 2
    # a printout rounded to 2 decimals reaches its flat tail by a visible step: not read as a minimum
    assert "settled onto a minimum" not in diagnose(np.round(cost, 2), **told).message
    # a net that outputs a constant settles at a whole multiple of the guess's cost (here the
    # whole error, not half): dead units, not a missing bias
    level = d.evidence["constant_level"]
    dead = 3 * level + 20 * level * np.exp(-np.arange(300) / 5.0)
    assert "settled onto a minimum" not in diagnose(dead, **told).message
    assert diagnose(dead + 0.3 * level, **told).kind == "converging"  # 3.3x: off every whole multiple


def test_a_cost_that_jumped_early_and_came_back_only_to_the_guess_is_a_step_too_large():
    rng = np.random.default_rng(0)
    settle = 2.25 + 0.05 * rng.standard_normal(60)               # back near ln 10 = 2.30, a guess's cost
    jumped = np.concatenate([[2.4, 19.0, 12.0, 8.5], np.linspace(6.0, 2.3, 20), settle])
    told = dict(lr=2.0, batch_size=64, reduction="mean", loss="cross_entropy", n_classes=10)
    d = diagnose(jumped, **told)
    assert d.kind == "diverging" and d.evidence["early_jump"] > 2.5  # the running medians of a minibatch curve
    # the usual recipe: fresh units that cannot die or saturate, and an lr clipped into the usual range
    assert d.action["activation"] == "leaky_relu" and d.action["lr"] < 2.0
    # a step too large: the recipe never raises the learner's lr, even one under the usual range
    assert diagnose(jumped, **dict(told, lr=0.001)).action["lr"] == pytest.approx(0.001)
    # the bar: a rise of 2.6x within the first fifth is a step too large, 2.4x is not
    def rise(r):
        return np.r_[0.6, 0.6 * r, np.linspace(0.6 * r, 0.6, 8), 0.55 + 0.05 * np.exp(-np.arange(40.0) / 10)]
    full = dict(lr=2.0, batch_size=None, reduction="mean", loss="cross_entropy", targets=np.r_[np.zeros(50), np.ones(50)])
    assert diagnose(rise(2.6), **full).kind == "diverging"
    assert diagnose(rise(2.4), **full).kind != "diverging" and diagnose(rise(2.4), **full).evidence["early_jump"] > 2
    # one small batch's cost can be several times the next's: a minibatch curve's jump is read
    # from its trend, so a net stalled at the guess with sampling noise is no step too large
    for seed in range(10):
        noise = np.random.default_rng(seed).chisquare(4, 200) / 4      # a batch of 4's spread
        d = diagnose(0.69 * noise, lr=0.1, batch_size=4, reduction="mean", loss="cross_entropy", n_classes=2)
        assert "within its first" not in d.message, (seed, d.message)  # (other noisy readings: not this rule)


def test_an_off_scale_start_that_rose_further_is_a_step_too_large_and_gets_both_fixes():
    Y = np.random.default_rng(0).normal(size=(300, 1))       # a constant guess costs about 0.5
    told = dict(batch_size=None, reduction="mean", loss="squared", targets=Y)
    rose = np.concatenate([[500.0, 6e5, 60.0], 4.3 + 2.0 * np.exp(-np.arange(57) / 10.0)])
    d = nnlib.diagnose(rose, lr=1.5, **told)
    assert d.kind == "diverging" and d.action == {"standardize": True, "lr": pytest.approx(0.15)}
    # never under the usual floor on unit-scale inputs, unless the learner's own lr is
    assert nnlib.diagnose(rose, lr=0.06, **told).action == {"standardize": True, "lr": pytest.approx(0.02)}
    kept = nnlib.diagnose(rose, lr=0.001, **told)
    assert kept.action == {"standardize": True, "lr": pytest.approx(0.001)} and "at your lr" in kept.fix
    # an off-scale start that only fell: the inputs' scale alone, the lr is not cut
    fell = np.concatenate([[500.0, 60.0], 4.3 + 2.0 * np.exp(-np.arange(58) / 10.0)])
    assert nnlib.diagnose(fell, lr=1.5, **told).kind == "stalled"


def test_an_oscillation_after_a_thousandfold_rise_is_a_blow_up_and_a_summed_one_takes_the_mean():
    bounce = np.concatenate([[12.0, 1e3, 8e5, 1e9, 1e7, 1e5], np.tile([94.0, 86.0], 40)])
    d = diagnose(bounce, lr=100.0, batch_size=None, reduction="mean", n_samples=600)
    assert d.kind == "diverging" and d.action["lr"] < 100.0 / 10
    d = diagnose(bounce, lr=0.3, batch_size=None, reduction="sum", n_samples=600)
    assert d.kind == "diverging" and d.action == {"reduction": "mean", "lr": 0.3}
    # the words say what the action does: the mean at the learner's lr, or at theirs if not given
    assert "at your lr" in d.fix and "30x" not in d.fix
    assert diagnose(bounce, batch_size=None, reduction="sum", n_samples=600).action == {"reduction": "mean"}
    # the same bounce after a rise of 500x (under BLEW_UP) stays an oscillation
    calm = np.concatenate([[12.0, 1e3, 6e3, 3e3, 1e3, 500.0], np.tile([94.0, 86.0], 40)])
    assert diagnose(calm, lr=0.3, batch_size=None, reduction="sum", n_samples=600).kind == "oscillating"
    # a blow-up that came back far below where it started may have fit: not rewritten
    fit = np.r_[0.6, 50.0, 800.0, 1e3, 20.0, 1.0, np.tile([0.012, 0.010], 40)]
    Y = np.random.default_rng(0).normal(size=(300, 1))
    d = diagnose(fit, lr=0.5, batch_size=None, reduction="mean", loss="squared", targets=Y)
    assert d.kind != "diverging" and not d.action.get("lr", 1.0) < 0.5


@pytest.mark.parametrize("cost", [[], [0.5], [np.nan], [1e308, 1e308]])
def test_odd_curves_with_a_known_constant_guess_never_raise(cost):
    """No costs, one cost, or none finite, with the keywords that bring in the constant guess's
    cost: a verdict, never a crash (no costs once raised IndexError in the fit check)."""
    Y = np.random.default_rng(0).normal(size=(30, 1))
    d = diagnose(cost, lr=0.1, loss="squared", targets=Y, batch_size=None, reduction="mean")
    assert d.kind in KINDS and d.message


def test_without_loss_a_cost_settled_at_a_constants_mean_absolute_error_is_stalled():
    # used-car prices, a mean absolute error; the learner gave targets but not loss=. A net whose
    # units died outputs the median: its cost settles onto what that costs, to the last digit
    prices = np.random.default_rng(0).lognormal(9.6, 0.6, size=1000)
    guess = float(np.abs(prices - np.median(prices)).mean())
    steps = np.arange(400.0)
    # thrown by a step too large: it bounces a few times, then holds at the median's cost
    stuck = (np.r_[prices.mean(), 0.5 * guess, 1.6 * guess, 0.9 * guess,
                           guess * (1 + 0.3 * np.exp(-steps[:396] / 3) * np.cos(steps[:396]))])
    told = dict(lr=3.0, batch_size=None, reduction="mean", n_samples=1000, targets=prices)
    d = diagnose(stuck, **told)
    assert d.kind == "stalled" and d.certainty == "can't tell" and d.evidence["guess_loss"] == "absolute"
    assert d.action["standardize"] is True and d.action["lr"] == pytest.approx(0.1)  # the usual recipe
    # settled 10% above it, or still moving at the end: not a constant's cost
    assert "guess_loss" not in diagnose(stuck * 1.1, **told).evidence
    healthy = 0.1 * guess + prices.mean() * np.exp(-steps / 20)
    assert diagnose(healthy, **told).kind in ("converging", "slow")
    # with loss= given the level is known outright: this check stands aside
    assert "guess_loss" not in diagnose(stuck, **dict(told, loss="squared")).evidence
    # still falling at the end (0.5% over its last fifth): not settled there
    moving = stuck * (1 + 0.05 * np.exp(-steps / 400))
    assert "guess_loss" not in diagnose(moving, **told).evidence
    # class targets (one-hot rows, whole-numbered labels): their loss is a cross-entropy's, whose
    # guess is none of these; a fit that ends at, say, their root mean square is not stuck
    labels = np.random.default_rng(1).integers(0, 10, size=500)
    for targets in (labels, np.eye(10)[labels]):
        levels = [0.5 * np.eye(10)[labels].var(0).mean(), np.eye(10)[labels].std(0).mean(), 2.87]
        for end in levels:
            fit = end + 2.0 * np.exp(-np.arange(300.0) / 10)
            assert "guess_loss" not in diagnose(fit, **dict(told, n_samples=500, targets=targets)).evidence
    # targets that hold no guess: no crash, as without them (with loss= too)
    for loss in ("squared", "cross_entropy"):
        for odd in (np.zeros(0), np.zeros((0, 3)), np.full(5, np.nan)):
            assert "constant_level" not in diagnose(stuck, **dict(told, loss=loss, targets=odd)).evidence
    for odd in (np.zeros(0), np.zeros((0, 3)), np.zeros((5, 4, 4)), np.full(10, np.nan)):
        assert diagnose(stuck, **dict(told, targets=odd)).kind in nnlib.diagnosis.KINDS


def test_the_recipe_raises_an_lr_under_the_floor_by_the_crawl_factor_when_every_step_fell():
    from nnlib.diagnosis.reference import CRAWL_FACTOR
    told = dict(lr=0.001, batch_size=None, reduction="mean", n_samples=500, loss="cross_entropy", n_classes=10)
    straight = np.linspace(2.35, 2.27, 31)            # 100x too small an lr: a straight, barely moving fall
    d = diagnose(straight, **told)
    assert d.certainty == "can't tell" and d.action["lr"] == pytest.approx(CRAWL_FACTOR * 0.001)
    assert "50x yours" in d.message
    # the same ends, reached with bounces (dead or saturated units do that): only the usual floor
    bouncing = straight + 0.004 * (np.arange(31) % 2)
    d = diagnose(bouncing, **told)
    assert d.certainty == "can't tell" and d.action["lr"] == pytest.approx(0.02) and "yours" not in d.message
    # an lr inside the usual range is left as it is
    assert diagnose(straight, **dict(told, lr=0.05)).action["lr"] == pytest.approx(0.05)
    # just under the floor: raised to the usual range's top at most, not 50x past it
    assert diagnose(straight, **dict(told, lr=0.019)).action["lr"] == pytest.approx(0.1)


def test_short_of_a_fit_under_the_target_gets_the_recipe_at_an_lr_its_shape_reads():
    # ended at 0.17 of the guess's cost: the usual recipe. Fell at every step and still falls, lr
    # 20x under the usual floor: 50x its lr, the shape of a step too small; the same ends with
    # bounces: the floor; 4x under the floor: the learner's lr, kept; in the usual range: left
    y = np.random.default_rng(0).normal(size=500) * 10
    level = 0.5 * y.var()
    steady = level * (0.17 + 4.5 * np.exp(-np.arange(1500) / 200.0))
    bouncing = steady * (1 + 0.01 * (np.arange(1500) % 2))
    told = dict(batch_size=None, reduction="mean", n_samples=500, loss="squared", targets=y)
    d = diagnose(steady, lr=0.001, **told)
    assert d.kind == "slow" and 0.1 < d.evidence["end_over_constant"] < 0.3
    assert d.action["standardize"] is True and d.action["lr"] == pytest.approx(0.05) and "every step" in d.fix
    assert diagnose(bouncing, lr=0.001, **told).action["lr"] == STANDARD_LR[0]
    kept = diagnose(bouncing, lr=0.005, **told)
    assert kept.action["lr"] == 0.005 and "so kept" in kept.fix
    assert diagnose(steady, lr=0.05, **told).action["lr"] == 0.05  # an lr in the usual range: left alone
    above = diagnose(steady, lr=0.5, **told)  # above the range: no lr lowered under it, examine named
    assert above.kind == "slow" and above.action == {} and "doctor.examine" in above.fix


def test_the_recipe_keeps_an_lr_within_ten_times_of_the_usual_range():
    """A flat cost at an lr 4x under the usual floor (code whose healthy lr sits there) keeps it
    in the recipe, and says so; one 2000x under it gets the floor."""
    flat = list(2.3 - 0.2 * (1 - np.exp(-np.arange(100) / 5)))  # fell to 2.1 at once, then nothing
    kw = dict(loss="cross_entropy", n_classes=10, reduction="mean", batch_size=None)
    near, far = (nnlib.diagnose(flat, lr=lr, **kw) for lr in (0.005, 1e-5))
    assert near.certainty == far.certainty == "can't tell"
    assert near.action["lr"] == 0.005 and "so kept" in near.fix
    assert far.action["lr"] == STANDARD_LR[0] and "so kept" not in far.fix
