"""The doctor: diagnose on plain lists, watch() on a learner's own NumPy code, check_gradients.

Each case is made here (no benchmark is read): plain lists of costs with a known shape, a
minibatch loop of the course's fixed network, and small loops that overflow, divide by zero
or take inf - inf on a line of this file.
"""
import inspect
import re
import warnings

import numpy as np
import pytest

import nnlib
from nnlib import diagnose, doctor
import nnlib.examine
from nnlib.diagnosis import HEALTHY, KINDS
from nnlib.diagnosis.diverging import BACK_OFF, BLIND_CUT, STANDARD_LR, STEEP_LR, standard_lr
from nnlib.diagnosis.reference import CRAWL_FACTOR, RECIPE, constant_level


def line_of(fn, text):
    """The line number in this file of the line of fn's source that contains text."""
    src, first = inspect.getsourcelines(fn)
    return first + next(i for i, line in enumerate(src) if text in line)


# -- each kind on a plain list ------------------------------------------------------------

def test_plain_list_of_costs_is_diagnosed_and_says_what_it_lacks():
    d = diagnose([3.0, 2.0, 1.5, 1.2])
    assert d.kind in KINDS and "Not given" in d.message and "lr" in d.message


def test_geometric_growth_gives_the_stable_lr():
    # error x |1 - lr lambda| = 3 per update, cost x 9: lr lambda = 4, stable lr 2 / lambda = lr / 2
    costs = 9.0 ** np.arange(40)
    d = diagnose(costs, lr=0.2, batch_size=None)
    assert d.kind == "diverging"
    assert d.evidence["stable_lr"] == pytest.approx(0.1)
    assert "largest stable lr is about 0.1" in d.message
    assert d.action == {"lr": pytest.approx(BACK_OFF * 0.1)}  # a step back from the limit


def test_overflow_in_a_list_with_summed_cost_says_use_the_mean():
    costs = list(300.0 ** np.arange(120)) + [np.inf]
    d = diagnose(costs, lr=0.01, n_samples=1000, reduction="sum", batch_size=None)
    assert d.kind == "diverging" and d.evidence["overflow_epoch"] == 120
    # the mean, with the lr that takes the steps of a stable summed run: N x the lowered lr
    stable = 0.01 * 2 / (1 + np.sqrt(300))
    assert d.action == {"reduction": "mean", "lr": pytest.approx(1000 * BACK_OFF * stable)}
    assert "reduction='mean' with lr" in d.fix
    # what the mean would give: the same lr, steps N times smaller
    assert d.evidence["mean_lr_times_lambda"] == pytest.approx((1 + np.sqrt(300)) / 1000)
    assert "lr x lambda_max ~ 0.0183, stable" in d.message


def test_frozen_flat_after_a_jump_is_dead_units_not_a_small_lr():
    costs = [140.0, 1022.0] + [165.5] * 200
    d = diagnose(costs, lr=0.01, n_samples=1000, reduction="sum", batch_size=None)
    assert d.kind == "dead" and "zero gradient" in d.message and "not" not in d.fix
    # no growth to read a limit from: the summed run's lr cut BLIND_CUT-fold, as the mean's lr (x N)
    assert d.evidence["frozen_since"] == 2 and d.evidence["jump_epoch"] == 1
    assert d.action == {"reduction": "mean", "lr": pytest.approx(0.01 / BLIND_CUT * 1000)}


def test_frozen_flat_from_the_start_restarts_the_units_and_the_output_layer():
    # no update moved it: every unit dead at the initial weights, or a dead ReLU output
    d = diagnose([5.0] * 50)
    assert d.kind == "dead" and d.action == {"weight_init": "he", "bias_init": 0.1, "output_activation": "identity"}
    # a classifier's output is a softmax or sigmoid: no linear output to give it
    d = diagnose([1.3] * 50, loss="cross_entropy", n_classes=3)
    assert d.kind == "dead" and "output_activation" not in d.action


def test_a_flat_printout_well_under_the_constant_guess_is_a_rounded_fit_not_dead_units():
    # a logistic regression printed to 2 decimals every 1000 updates: flat at 0.30, under half
    # of ln 2; dead units output a constant, which costs at least ln 2
    labels = np.arange(100) % 2
    kw = dict(lr=0.001, batch_size=None, every=1000, reduction="mean", loss="cross_entropy")
    d = diagnose([1.01, 0.31] + [0.30] * 9, targets=labels, **kw)
    assert d.kind in HEALTHY and "frozen" not in d.message
    assert diagnose([1.01, 0.75] + [0.70] * 9, targets=labels, **kw).kind == "dead"   # flat at ln 2: dead
    # n_classes alone: ln 2 is a uniform guess's; a dead net at a 90/10 prior sits at 0.325, under half of it
    assert diagnose([1.01, 0.33] + [0.325] * 9, n_classes=2, **kw).kind == "dead"


def test_frozen_after_a_fall_with_no_jump_revives_the_units_rather_than_cutting_the_lr():
    # it fell (the output layer fit what it could), then froze with no update raising it: the
    # units were dying from the start; a smaller step would not revive them
    costs = np.r_[12.0 * 0.7 ** np.arange(8) + 3.0, np.full(60, 3.0 + 12.0 * 0.7 ** 8)]
    d = diagnose(costs, lr=0.03, batch_size=None, reduction="mean")
    assert d.kind == "dead" and d.action == {"weight_init": "he", "bias_init": 0.1}
    jumped = np.r_[[12.0, 9.0, 40.0], np.full(60, 30.0)]  # a jump froze it: the step fix
    assert "lr" in diagnose(jumped, lr=0.03, batch_size=None, reduction="mean").action


def test_a_cost_that_settles_exactly_on_a_minimum_is_not_frozen():
    costs = np.r_[10 * 0.5 ** np.arange(60), np.zeros(0)]
    costs = np.maximum(costs, costs[50])  # rounds onto the minimum gradually
    assert diagnose(costs, batch_size=None).kind == "converging"


def test_dead_fraction_names_the_layer_and_when():
    dead = np.zeros((100, 2))
    dead[:, 0] = 1.0  # the first layer dead from the start
    d = diagnose(np.linspace(5, 4.9, 100), dead_fraction=dead, batch_size=None)
    assert d.kind == "dead" and d.evidence["dead_layer"] == 0 and d.action == {"bias_init": 0.1}
    assert "from the start" in d.message


def test_barely_moving_list_alone_cannot_tell_and_gets_the_recipe_not_the_lr_story():
    # from costs alone a flat cost fits dead units, saturated ones, raw inputs and a tiny lr:
    # the recipe, whose lr is the usual one for a mean cost (the reduction not given: the message
    # says that is what it assumed), never the lr alone
    d = diagnose(np.linspace(10.0, 9.997, 300), lr=1e-6, batch_size=None)
    assert d.kind == "stalled" and d.certainty == "can't tell"
    assert d.action == {**RECIPE, "lr": STANDARD_LR[0]} and "lr given is for a mean cost" in d.message
    assert "dead units" in d.message and "an lr far too small" in d.message
    assert "lr" not in diagnose(np.linspace(10.0, 9.997, 300), batch_size=None).action  # no lr given
    # the lr, its reduction and N known: the recipe's lr per sample
    d = diagnose(np.linspace(10.0, 9.997, 300), lr=1e-6, batch_size=None, reduction="mean", n_samples=500)
    assert d.certainty == "can't tell" and d.action["lr"] == STANDARD_LR[0]


def test_barely_moving_list_whose_weights_move_gets_no_larger_lr():
    # the update ratio says the steps are large (0.1 of the weights): the lr is not what holds it
    noisy = np.linspace(10.0, 9.997, 300) * (1 + 0.01 * np.random.default_rng(0).standard_normal(300))
    for costs, kw in ((np.linspace(10.0, 9.997, 300), {"batch_size": None}), (noisy, {"batch_size": 32}),
                      (np.linspace(10.0, 9.997, 300), {"batch_size": None, "reduction": "mean"})):
        d = diagnose(costs, lr=1e-3, update_ratio=np.full((300, 2), 0.1), **kw)
        assert d.kind == "stalled" and d.certainty == "can't tell" and d.action.get("lr", 0) <= 1e-3
        assert "logged updates already move the weights more" in d.fix


def test_barely_moving_list_with_tiny_updates_logged_raises_the_lr_to_aim_at_a_real_fall():
    # the weights barely move (update ratio 1e-7): the step is too small, whatever else
    d = diagnose(np.linspace(10.0, 9.997, 300), lr=1e-6, batch_size=None, update_ratio=np.full((300, 2), 1e-7))
    assert d.kind == "stalled"
    assert d.action["lr"] == pytest.approx(1e-6 * 0.3 / 3e-4, rel=1e-6)


def test_vanishing_gradients_make_a_settled_curve_stalled():
    costs = 1.0 + 0.5 * 0.9 ** np.arange(300)
    grads = np.column_stack([np.full(300, 1e-6), np.linspace(1.0, 1e-3, 300)])
    d = diagnose(costs, batch_size=None, grad_norm=grads)
    assert d.kind == "stalled" and d.action["activation"] == "leaky_relu"
    blind = diagnose(costs, batch_size=None)  # without them (and no level: a 1.5-fold fall): no way to tell
    assert blind.certainty == "can't tell" and "fell only" in blind.message
    assert diagnose(costs, batch_size=None, loss="squared").kind == "converging"


def test_full_batch_zigzag_is_oscillating():
    t = np.arange(400)
    d = diagnose(1.0 + 0.5 * (t % 2) + 1.0 / (1 + t), lr=0.1, batch_size=None)
    assert d.kind == "oscillating" and d.action == {"lr": 0.05}
    # unknown batch size: the strict alternation shows it is no sampling noise
    assert diagnose(1.0 + 0.5 * (t % 2) + 1.0 / (1 + t)).kind == "oscillating"


def test_minibatch_trend_that_rises_again_is_oscillating():
    rng = np.random.default_rng(0)
    t = np.arange(2000)
    level = np.where(t < 1000, 10 * np.exp(-t / 200), 10 * np.exp(-5) * np.exp((t - 1000) / 400))
    d = diagnose(level * (1 + 0.2 * rng.standard_normal(2000)), batch_size=32, lr=0.1)
    assert d.kind == "oscillating" and d.evidence["trend_swing"] > 0.1


def test_minibatch_noise_that_grows_is_oscillating():
    rng = np.random.default_rng(1)
    t = np.arange(2000)
    spread = np.where(t < 1000, 0.05, 0.5)
    d = diagnose(1 + spread * rng.standard_normal(2000) ** 2, batch_size=32)
    assert d.kind == "oscillating" and d.evidence["noise_growth"] > 2


def test_steady_decline_is_slow_and_a_settled_one_converging():
    assert diagnose(np.linspace(10.0, 5.0, 500), batch_size=None).kind == "slow"
    assert diagnose(1 + 9 * 0.95 ** np.arange(500), batch_size=None).kind == "converging"


def fixed_net_minibatch_costs(seed, epochs=50, batch=50, lr=0.05):
    """The course's fixed network trained on minibatches; the cost of each batch."""
    X, Y = nnlib.datasets.sincos(n=1000, seed=0)
    net = nnlib.Network([7, 10, 2], activation="leaky_relu", output_activation="identity",
                        weight_init="he", bias_init=0.1, seed=seed)
    rng, costs = np.random.default_rng(seed), []
    for _ in range(epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch):
            xb, yb = X[order[start:start + batch]], Y[order[start:start + batch]]
            costs.append(net.cost(xb, yb))
            dWs, dbs = net.gradients(xb, yb)
            for W, b, dW, db in zip(net.weights, net.biases, dWs, dbs):
                W -= lr * dW
                b -= lr * db
    return np.array(costs)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_healthy_minibatch_run_is_not_oscillating(seed):
    costs = fixed_net_minibatch_costs(seed, epochs=25)
    assert np.mean(np.diff(costs[len(costs) // 2:]) > 0) > 0.3  # the old rule's "oscillating"
    d = diagnose(costs, lr=0.05, n_samples=1000, batch_size=50)
    assert d.kind in ("converging", "slow"), d.message
    assert d.action in ({}, {"epochs": 50}) and "noise band is about" in d.message


# -- watch() -------------------------------------------------------------------------------

def overflow_loop(w):
    W = np.array([[2.0]])
    for _ in range(2000):
        W = W * W  # overflows once W passes 1e154
        w.log(float(W[0, 0]))
    return W


def invalid_loop(w):
    a = np.array([np.inf])
    w.log(1.0)
    b = a - a  # inf - inf
    return b


def zero_over_zero_loop(w):
    z = np.zeros(3)
    w.log(1.0)
    w.log(2.0)
    q = z / z  # 0 / 0
    return q


def divide_loop(w):
    x = np.array([1.0, 0.0])
    r = 1.0 / x  # 1 / 0
    return r


@pytest.mark.parametrize("loop,kind,text,step", [
    (overflow_loop, "overflow", "W = W * W", 9),
    (invalid_loop, "invalid", "b = a - a", 1),
    (zero_over_zero_loop, "invalid", "q = z / z", 2),
    (divide_loop, "divide", "r = 1.0 / x", 0),
])
def test_watch_names_the_first_bad_line(loop, kind, text, step):
    with doctor.watch() as w:
        loop(w)
    e = w.first_error
    assert e.kind == kind and e.lineno == line_of(loop, text) and text in e.code
    assert e.filename == __file__ and e.step == step
    assert f"line {e.lineno}" in str(w) and kind in str(w)


def test_watch_restores_numpy_error_state_and_callback():
    seen = []
    old_call = np.seterrcall(lambda *a: seen.append(a))
    old = np.seterr(over="raise", divide="ignore", invalid="warn", under="ignore")
    try:
        before = (np.geterr(), np.geterrcall())
        with doctor.watch() as w:
            overflow_loop(w)
        assert (np.geterr(), np.geterrcall()) == before
        with pytest.raises(ZeroDivisionError):
            with doctor.watch():
                raise ZeroDivisionError("the learner's own bug")  # propagates
        assert (np.geterr(), np.geterrcall()) == before
        with pytest.raises(FloatingPointError):
            np.array([1e308]) * 10  # the learner's "raise" setting is back
    finally:
        np.seterr(**old)
        np.seterrcall(old_call)


def test_watch_leaves_results_bit_identical():
    def work():
        x = np.linspace(-1e200, 1e200, 101)
        return np.r_[x * x, x - x * np.inf, np.log(np.abs(x)), 1 / x, np.exp(x)]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        bare = work()
    with doctor.watch():
        watched = work()
    assert bare.tobytes() == watched.tobytes() and np.isnan(bare).any() and np.isinf(bare).any()


def test_watch_when_nothing_goes_wrong():
    with doctor.watch(lr=0.1, batch_size=None) as w:
        for t in range(100):
            w.log(1 + 9 * 0.9 ** t, weights=[np.full(3, 1.0 + 0.01 * t)],
                  activations=[np.ones((5, 3))])
    assert w.first_error is None and "No overflow" in str(w)
    assert w.diagnosis.kind == "converging" and sum(w.errors.values()) == 0
    steps = 0.01 / (1.0 + 0.01 * np.arange(99))  # |W_t+1 - W_t| / |W_t| of the logged weights
    assert w.diagnosis.evidence["median_update_ratio"] == pytest.approx(np.median(steps))


def test_watch_on_the_questions_loop_gives_growth_and_stable_lr():
    X, Y = nnlib.datasets.random_targets(n=1000, seed=0)
    W = np.random.default_rng(0).uniform(-1, 1, (7, 2))
    lam = np.linalg.eigvalsh(X.T @ X)[-1]
    with doctor.watch(lr=0.01, n_samples=1000, reduction="sum", batch_size=None) as w:
        for _ in range(200):
            out = X @ W
            cost = 0.5 * np.sum((Y - out) ** 2)
            W = W - 0.01 * X.T @ (out - Y)
            w.log(cost)
    d = w.diagnosis
    assert w.first_error.kind == "overflow" and "np.sum((Y - out) ** 2)" in w.first_error.code
    assert d.kind == "diverging" and d.evidence["stable_lr"] == pytest.approx(2 / lam, rel=0.02)


# -- check_gradients -----------------------------------------------------------------------

def tiny_problem():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(20, 3)), rng.normal(size=(20, 2))
    params = [rng.normal(size=(3, 2)), rng.normal(size=2)]

    def cost(p):
        return 0.5 * np.sum(np.tanh(x @ p[0] + p[1]) - y) ** 2 / 20

    def grad(p):
        a = np.tanh(x @ p[0] + p[1])
        d = np.sum(a - y) / 20 * (1 - a ** 2)
        return [x.T @ d, d.sum(0)]
    return cost, grad, params


def test_check_gradients_passes_a_correct_gradient_and_restores_params():
    cost, grad, params = tiny_problem()
    before = [p.copy() for p in params]
    r = doctor.check_gradients(cost, grad, params)
    assert r.verdict == "correct" and max(r.errors) < 1e-7
    assert all(np.array_equal(a, b) for a, b in zip(params, before))


def test_check_gradients_fails_a_wrong_gradient():
    cost, grad, params = tiny_problem()
    r = doctor.check_gradients(cost, lambda p: [grad(p)[0], 2 * grad(p)[1]], params)
    assert r.verdict == "wrong" and r.errors[0] < 1e-7 < 1e-2 < r.errors[1]


# -- bad input: a ValueError that names it -------------------------------------------------

@pytest.mark.parametrize("call,name", [
    (lambda: diagnose("abc"), "history"),
    (lambda: diagnose([[1.0, 2.0], [3.0]]), "history"),
    (lambda: diagnose(np.array([1 + 2j, 3j])), "history"),
    (lambda: diagnose([1.0, 2.0], lr=-1), "lr"),
    (lambda: diagnose([1.0, 2.0], lr="fast"), "lr"),
    (lambda: diagnose([1.0, 2.0], n_samples=1.5), "n_samples"),
    (lambda: diagnose([1.0, 2.0], reduction="avg"), "reduction"),
    (lambda: diagnose([1.0, 2.0], batch_size=0), "batch_size"),
    (lambda: diagnose([1.0, 2.0], every=0), "every"),
    (lambda: diagnose([1.0, 2.0], critical_lr="x"), "critical_lr"),
    (lambda: diagnose([1.0, 2.0], critical_lr=[0.1, 0.2]), "critical_lr"),
    (lambda: diagnose([1.0, 2.0], dead_fraction=[[0.1], [0.2], [0.3]]), "dead_fraction"),
    (lambda: diagnose([1.0, 2.0], net="net"), "net"),
    (lambda: diagnose(nnlib.History(cost=[1.0, 2.0], settings=[1])), "settings"),
    (lambda: doctor.watch(speed=1), "speed"),
    (lambda: doctor.watch(lr=0), "lr"),
    (lambda: doctor.check_gradients(len, len, np.zeros(3)), "params"),
    (lambda: doctor.check_gradients(len, len, [np.zeros(3, int)]), "params[0]"),
    (lambda: doctor.check_gradients(lambda p: "x", lambda p: [np.zeros(3)], [np.zeros(3)]), "cost_fn"),
    (lambda: doctor.check_gradients(lambda p: 1.0, lambda p: [np.zeros(2)], [np.zeros(3)]), "grad_fn"),
])
def test_bad_input_is_a_value_error_that_names_it(call, name):
    with pytest.raises(ValueError, match=re.escape(name)):
        call()


# -- the hardening reproducers --------------------------------------------------------------

def test_cost_reaching_exactly_zero_gives_no_warning_and_no_inf():
    X, Y = nnlib.datasets.sincos(n=1)
    net = nnlib.Network([7, 10, 2], activation="leaky_relu", output_activation="identity",
                        weight_init="he", bias_init=0.1, seed=0)
    hist = nnlib.train(net, X, Y, lr=0.05, epochs=2000)
    assert hist.cost[-1] == 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        d = diagnose(hist, net=net, X=X, Y=Y)
    assert "inf" not in d.message and "perfect fit" in d.message


def test_history_like_objects_with_missing_fields():
    for h in (nnlib.History(cost=[3.0, 2.0, 1.0]), nnlib.History(cost=[3.0, 2.0, 1.0], settings=None)):
        assert diagnose(h).kind in KINDS
    d = diagnose(nnlib.History(cost=[3.0, 2.0, 1.0], settings={"lr": 0.1}), critical_lr=[0.01])
    assert d.evidence["lr_over_critical"] == pytest.approx(10)


def test_a_critical_lr_on_diverged_weights_is_not_quoted():
    X, Y = nnlib.datasets.sincos(n=200, seed=0)
    net = nnlib.Network([7, 10, 2], activation="leaky_relu", output_activation="identity", seed=0)
    hist = nnlib.train(net, X, Y, lr=10.0, epochs=100)
    assert hist.diverged
    d = diagnose(hist, net=net, X=X, Y=Y)
    assert "could not be measured" in d.message and "critical_lr" not in d.evidence
    assert not re.search(r"critical lr \d", d.message) and "times the critical" not in d.message
    nan = diagnose(hist, critical_lr=float("nan"))
    assert "could not be measured" in nan.message and "times the critical" not in nan.message


def test_scikit_learn_per_batch_losses_of_a_healthy_run_are_not_oscillating():
    sklearn = pytest.importorskip("sklearn.neural_network")
    from sklearn.datasets import load_digits
    X, y = load_digits(return_X_y=True)
    model = sklearn.MLPClassifier(hidden_layer_sizes=(32,), learning_rate_init=0.001, random_state=0)
    rng, losses = np.random.default_rng(0), []
    for _ in range(4):
        order = rng.permutation(len(X))
        for start in range(0, len(X), 32):
            idx = order[start:start + 32]
            model.partial_fit(X[idx] / 16, y[idx], classes=np.arange(10))
            losses.append(model.loss_)
    assert np.mean(np.diff(losses[len(losses) // 2:]) > 0) > 0.3  # the old rule's "oscillating"
    d = diagnose(losses, lr=0.001, n_samples=len(X), batch_size=32)
    assert d.kind in ("converging", "slow"), d.message


# -- what a learner's first runs showed (each test fails on the message before its fix) ----

def test_dead_layer_from_logged_activations_is_named_as_recorded_not_as_the_output():
    # a learner logs only the hidden layer: the doctor cannot know it is not the output
    X = np.random.default_rng(0).uniform(0, 1, (200, 3))
    W, b = np.ones((3, 4)), np.full(4, -5.0)  # every input <= 0
    with doctor.watch(batch_size=None) as w:
        for i in range(30):
            z = X @ W + b
            w.log(1.0 / (1 + i), activations=[z])
    d = w.diagnosis
    assert d.kind == "dead" and "the layer you recorded" in d.message
    assert "output layer" not in d.message


def test_a_smooth_curve_of_unknown_batch_is_not_called_sampling_noise():
    d = diagnose(1.0 + 3.0 * 0.95 ** np.arange(60))
    assert d.kind == "converging" and "sampling noise" not in d.message
    assert "over the last 5 updates" in d.message  # a plain list counts updates, not epochs


def test_a_list_with_every_counts_its_span_in_updates():
    d = diagnose(np.linspace(10.0, 5.0, 50), batch_size=None, every=10)
    assert d.kind == "slow" and "over the last 40 updates" in d.message and "epochs" not in d.message


def test_not_given_dead_units_says_how_to_record_them():
    d = diagnose(1 + 9 * 0.95 ** np.arange(100), batch_size=None)
    assert "activations=[...]" in d.message


def test_frozen_from_the_start_counts_every_cost():
    assert "for all 30 costs" in diagnose([5.0] * 30).message


def zero_init_classifier(weight_init="zeros", bias_init=0.0, steps=200, lr=0.5):
    """A learner's two-class softmax classifier, ReLU hidden layer: (costs, final accuracy)."""
    rng = np.random.default_rng(0)
    X = np.r_[rng.normal(-1, 1, (100, 2)), rng.normal(1, 1, (100, 2))]
    Y = np.repeat(np.eye(2), 100, axis=0)  # balanced: 100 of each class
    scale = np.sqrt(2 / 2) if weight_init == "he" else 0.0
    W1, b1 = scale * rng.standard_normal((2, 8)), np.full(8, bias_init)
    W2, b2 = scale * rng.standard_normal((8, 2)) / 2, np.zeros(2)
    costs = []
    for _ in range(steps):
        z = X @ W1 + b1
        a = np.maximum(z, 0)
        logits = a @ W2 + b2
        p = np.exp(logits - logits.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        costs.append(float(-np.mean(np.sum(Y * np.log(p), 1))))
        d = (p - Y) / len(X)
        dz = d @ W2.T * (z > 0)
        W2 -= lr * a.T @ d; b2 -= lr * d.sum(0); W1 -= lr * X.T @ dz; b1 -= lr * dz.sum(0)
    return costs, float(np.mean(p.argmax(1) == Y.argmax(1)))


def test_a_classifier_frozen_at_ln_k_is_named_and_its_fix_works():
    costs, acc = zero_init_classifier()
    assert costs[-1] == pytest.approx(np.log(2), rel=1e-15) and acc == 0.5
    assert len(set(costs)) > 1  # frozen to rounding: its last digit still moves
    d = diagnose(costs, lr=0.5, batch_size=None)
    assert d.kind == "dead" and "ln 2" in d.message and d.evidence["uniform_classes"] == 2
    assert d.action == {"weight_init": "he", "bias_init": 0.1}
    fixed, acc = zero_init_classifier(**d.action)
    assert diagnose(fixed, lr=0.5, batch_size=None).kind in ("converging", "slow")
    assert fixed[-1] < 0.5 * np.log(2) and acc > 0.85
    assert "ln 10" in diagnose([2.3026] * 30).message and "ln" not in diagnose([5.0] * 30).message


def test_a_notebook_cell_is_named_as_one_not_by_its_temporary_file():
    e = doctor.FirstError("overflow", "/tmp/ipykernel_123/4567.py", 6, "y = x ** 2", 3)
    assert "a notebook cell, line 6" in str(e) and "/tmp" not in str(e)


def linear_gd(lr, steps=60, sign=-1.0):
    """A learner's linear regression, mean squared error, full batch; sign=+1 is the bug W += lr dW."""
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 1, (200, 3))
    y = X @ np.array([[1.0], [2.0], [3.0]])
    W, costs = np.zeros((3, 1)), []
    for _ in range(steps):
        e = X @ W - y
        costs.append(float(np.mean(e ** 2)))
        W += sign * lr * 2 * X.T @ e / len(X)
    return costs, 2 / np.linalg.eigvalsh(2 * X.T @ X / len(X)).max()


def test_a_cost_climbing_on_every_update_is_diverging_not_oscillating():
    d = diagnose(2.0 ** np.arange(8))  # 128-fold: short of the 1000-fold a blow-up needs
    assert d.kind == "diverging" and "up and down" not in d.message and "climbing" in d.message
    _, crit = linear_gd(0.01)
    costs, _ = linear_gd(1.2 * crit)  # just past the limit: a mild climb
    d = diagnose(costs, lr=1.2 * crit, batch_size=None)
    assert d.kind == "diverging" and d.evidence["stable_lr"] == pytest.approx(crit, rel=0.05)
    fixed, _ = linear_gd(d.action["lr"])  # the advice, applied once, works
    assert diagnose(fixed, lr=d.action["lr"], batch_size=None).kind in ("converging", "slow")


def test_a_climb_from_the_first_update_suspects_the_sign_of_the_step():
    costs, _ = linear_gd(0.01, sign=+1.0)
    d = diagnose(costs, lr=0.01, batch_size=None)
    assert d.kind == "diverging" and d.evidence.get("sign_suspect") and "W -= lr * dW" in d.message
    fast = diagnose(300.0 ** np.arange(30), lr=0.01, batch_size=None)  # the question's overshoot
    assert "sign_suspect" not in fast.evidence


def relu_output_loop(reduction, lr=0.01):
    """The question's code with ReLU, as a learner's loop: one layer [7, 2], ReLU output,
    N = 1000, lr 0.01; logs the output layer's inputs."""
    X, Y = nnlib.datasets.random_targets(n=1000, seed=0)
    W = np.random.default_rng(0).uniform(-1, 1, (7, 2))
    n = 1000 if reduction == "mean" else 1
    with doctor.watch(lr=lr, n_samples=1000, reduction=reduction, batch_size=None) as w:
        for _ in range(200):
            z = X @ W
            out = np.maximum(z, 0)
            w.log(0.5 * np.sum((Y - out) ** 2) / n, activations=[z])
            W = W - lr * X.T @ ((out - Y) * (z > 0)) / n
    return w


def test_units_that_die_under_a_summed_cost_point_at_the_mean_first():
    d = relu_output_loop("sum").diagnosis
    assert d.kind == "dead" and d.evidence["dead_since"] > 0 and "jump_epoch" not in d.evidence
    assert d.action["reduction"] == "mean" and "N = 1000" in d.message
    # the mean's lr: the summed run's steps cut BLIND_CUT-fold, so N x lr / BLIND_CUT
    assert d.action["lr"] == pytest.approx(1000 * 0.01 / BLIND_CUT)
    fixed = relu_output_loop("mean", d.action["lr"]).diagnosis
    assert fixed.kind in ("converging", "slow")  # the advice works
    assert fixed.evidence["final_cost"] < 0.5 * d.evidence["final_cost"] / 1000  # and beats the dead run's mean cost


def test_without_lr_the_growth_still_sizes_the_cut_and_the_cut_works():
    X, Y = nnlib.datasets.random_targets(n=1000, seed=0)

    def question(lr):  # the question's linear loop, summed cost
        W, costs = np.random.default_rng(0).uniform(-1, 1, (7, 2)), []
        with np.errstate(all="ignore"):
            for _ in range(100):
                out = X @ W
                costs.append(0.5 * np.sum((Y - out) ** 2))
                W = W - lr * X.T @ (out - Y)
        return costs

    d = diagnose(question(0.01), batch_size=None)  # the learner did not say lr = 0.01
    scale = d.evidence["stable_lr_scale"]
    assert 0.01 * scale == pytest.approx(nnlib.curvature.linear_critical_lr(X, reduction="sum"), rel=0.02)
    assert d.action == {"lr_scale": pytest.approx(BACK_OFF * scale)} and "times yours" in d.message
    fixed = question(0.01 * d.action["lr_scale"])
    assert diagnose(fixed, lr=0.01 * d.action["lr_scale"], batch_size=None).kind in ("converging", "slow")


def test_a_watch_cannot_be_nested_in_itself_and_the_outer_state_survives():
    before = np.geterr()
    w = doctor.watch()
    with w:
        with pytest.raises(ValueError, match="already in use"):
            with w:
                pass
        assert np.geterr()["over"] == "call"  # the outer watch still watches
    assert np.geterr() == before
    with w:  # entered again after it ended: fine
        pass
    assert np.geterr() == before


def test_odd_values_are_named():
    with doctor.watch() as w:
        with pytest.raises(ValueError, match="cost"):
            w.log(object())
    params = [np.ones(3)]
    with pytest.raises(ValueError, match=r"grad_fn\(params\)\[0\]"):
        doctor.check_gradients(lambda p: float(np.sum(p[0] ** 2)), lambda p: [["a", "b", "c"]], params)


def test_a_run_that_starts_at_zero_cost_has_a_finite_growth():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        d = diagnose([0.0, 1.0, 2.0, 3.0, 4.0])
        e = diagnose([0.0] * 5 + [1.0, 10.0, 100.0, 1e3, 1e4, 1e5])
    assert "inf-fold" not in d.message and "inf-fold" not in e.message
    assert d.evidence["growth_per_step"] == pytest.approx(4 ** (1 / 3))
    assert e.kind == "diverging" and e.evidence["growth_per_step"] == pytest.approx(10)


# -- the constant guess's level, certainty, and examine() ------------------------------
def _linear_train(X, Y):
    """A learner's full-batch linear regression as train(settings, steps) -> costs."""
    def train(settings, steps):
        Xs = (X - X.mean(0)) / X.std(0) if settings.get("standardize") else X
        W, costs = np.zeros((X.shape[1], Y.shape[1])), []
        with np.errstate(all="ignore"):
            for _ in range(steps):
                r = Xs @ W - Y
                cost = 0.5 * np.sum(r ** 2)
                costs.append(cost / len(X) if settings.get("reduction") == "mean" else cost)
                g = Xs.T @ r
                W = W - settings["lr"] * (g / len(X) if settings.get("reduction") == "mean" else g)
        return costs
    return train


def test_a_cost_settled_at_the_constant_guess_is_cant_tell():
    c = np.log(3) + 0.3 * np.exp(-np.arange(200) / 20)  # settles onto ln 3: learned nothing
    d = nnlib.diagnose(c, lr=0.1, batch_size=None, loss="cross_entropy", n_classes=3)
    assert d.kind == "stalled" and d.certainty == "can't tell"
    assert "constant guess" in d.message and "log" in d.fix
    healthy = nnlib.diagnose(0.1 + np.exp(-np.arange(200) / 20), lr=0.1, batch_size=None,
                             loss="cross_entropy", n_classes=3)
    assert healthy.kind == "converging" and healthy.certainty == "likely"


def test_a_fall_spread_over_the_run_near_the_constant_guess_is_a_step_too_small():
    """lr 100x too small: the curve is the start of a healthy one, falling evenly to the end."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(500, 4))
    Y = X @ rng.normal(size=(4, 1)) + 0.1 * rng.normal(size=(500, 1))
    train, kw = _linear_train(X, Y), dict(batch_size=None, loss="squared", targets=Y, reduction="mean", n_samples=500)
    d = nnlib.diagnose(train({"lr": 0.0005, "reduction": "mean"}, 300), lr=0.0005, **kw)
    assert d.kind == "stalled" and d.certainty == "likely" and d.evidence["fall_first_tenth"] < 0.4
    assert d.action == {"lr": pytest.approx(0.0005 * CRAWL_FACTOR)}
    healthy = train({"lr": 0.05, "reduction": "mean"}, 300)
    fixed = train({"lr": d.action["lr"], "reduction": "mean"}, 300)
    assert fixed[-1] < 1.5 * healthy[-1]  # the advice, applied once, reaches the healthy run
    # a fall at the start, then flat at the guess (the output layer fit the mean): not this
    flat = np.log(3) + 0.3 * np.exp(-np.arange(200) / 5)
    assert nnlib.diagnose(flat, lr=0.1, batch_size=None, loss="cross_entropy", n_classes=3).certainty == "can't tell"


def test_a_cost_that_ended_above_its_start_is_no_success():
    """It jumped up and stuck: a step too large, whatever it did to the units; a rerun with a
    smaller step never takes the jump. Under a summed cost whose limit cannot be read, the mean
    at the learner's lr: its steps are N times smaller than the ones that jumped."""
    c = np.r_[1.0, 40.0, 8.0, np.full(100, 5.0) + 1e-3 * np.arange(100)[::-1]]
    d = nnlib.diagnose(c, lr=0.5, batch_size=None)
    assert d.kind == "diverging" and d.certainty == "likely" and d.action == {"lr": pytest.approx(0.5 / BLIND_CUT)}
    assert "jumped up and got stuck" in d.message
    summed = nnlib.diagnose(c, lr=0.5, batch_size=None, reduction="sum", n_samples=300)
    assert summed.action == {"reduction": "mean", "lr": 0.5}


def test_a_larger_lr_is_never_advised_for_a_cost_stuck_far_above_the_constant_guess():
    """A minibatch run flat at 8x ln 10: confidently wrong outputs, a step that was too large."""
    rng = np.random.default_rng(0)
    c = 19.3 * (1 + 0.04 * rng.standard_normal(1100))
    d = nnlib.diagnose(c, lr=2.5, batch_size=50, loss="cross_entropy", n_classes=10, reduction="mean")
    assert d.kind == "diverging" and d.action == {"lr": 0.25} and "worse than a constant guess" in d.message
    # with the reduction not given, the cost may be summed over the batch: 19.3 is no longer far above
    assert "worse than a constant guess" not in nnlib.diagnose(c, lr=2.5, batch_size=50, loss="cross_entropy",
                                                                n_classes=10).message
    # without the constant guess's cost, nothing says it is far above: the lr story stands
    plain = nnlib.diagnose(c, lr=2.5, batch_size=50)
    assert plain.kind != "diverging"
    # and a run still coming down from a high start is left alone (it may be slow)
    falling = 19.3 * np.exp(-np.arange(1100) / 3000) * (1 + 0.04 * rng.standard_normal(1100))
    assert "worse than a constant guess" not in nnlib.diagnose(falling, lr=2.5, batch_size=50, loss="cross_entropy",
                                                                n_classes=10, reduction="mean").message


def test_outputs_thrown_far_above_the_guess_at_an_lr_under_the_usual_range_get_the_recipe():
    """Flat at 8x ln 10 at lr 1e-4 (under the usual range): the lr's size is not what threw the
    outputs (raw inputs or an init did), and a tenth of it would crawl; the usual recipe, at an
    lr in the range, replaces it. Above the range the same curve still gets a tenth of the lr."""
    rng = np.random.default_rng(0)
    c = 19.3 * (1 + 0.04 * rng.standard_normal(1100))
    kw = dict(batch_size=50, loss="cross_entropy", n_classes=10, reduction="mean")
    d = nnlib.diagnose(c, lr=1e-4, **kw)
    assert d.kind == "diverging" and "worse than a constant guess" in d.message and "under the usual range" in d.message
    assert d.action["standardize"] is True and d.action["bias_init"] == 0.0
    assert STANDARD_LR[0] <= d.action["lr"] <= STANDARD_LR[1]
    assert nnlib.diagnose(c, lr=2.5, **kw).action == {"lr": 0.25}
    # inputs measured at unit scale, or an lr over the limit the learner measured: a tenth, as before
    X = np.random.default_rng(1).normal(size=(500, 4))
    assert nnlib.diagnose(c, lr=1e-4, X=X, **kw).action == {"lr": pytest.approx(1e-5)}
    assert nnlib.diagnose(c, lr=1e-2, critical_lr=4e-3, **kw).action.get("standardize") is None


def test_watch_checks_the_loss_keyword():
    with pytest.raises(ValueError, match="loss"):
        doctor.watch(loss="hinge")


def test_examine_finds_a_fix_that_works_within_its_budget():
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 1, (500, 4))
    Y = X @ rng.normal(size=(4, 1)) + 0.01 * rng.normal(size=(500, 1))
    train = _linear_train(X, Y)
    settings = {"lr": 0.05, "reduction": "sum"}  # 500 samples summed: it blows up
    assert train(settings, 60)[-1] > 1e6 * train(settings, 60)[0]
    report = doctor.examine(train, settings, loss="squared", targets=Y, n_samples=500)
    assert 0 < len(report.trials) <= nnlib.examine.MAX_BUDGET
    assert report.action and "lr" in report.action
    fixed = train({**settings, **report.action}, 300)
    level = 0.5 * Y.var() * (1 if report.action.get("reduction") == "mean" else 500)
    assert np.isfinite(fixed).all() and fixed[-1] < 0.3 * level
    assert "worked" in str(report)


# -- a straight decline, a non-finite first cost, cross-entropy growth, one lr search --------

def _tiny_linear(lr, steps=300):
    """A learner's full-batch linear regression (mean squared error) at a given lr."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 3))
    y = X @ np.array([1.0, -2.0, 0.5])
    w, costs = np.zeros(3), []
    for _ in range(steps):
        e = X @ w - y
        costs.append(0.5 * np.mean(e ** 2))
        w -= lr * X.T @ e / len(X)
    return costs


def test_a_straight_decline_from_a_tiny_lr_is_slow_not_converging_and_its_fix_works():
    costs = _tiny_linear(3e-4)  # the limit is near 2: lr ~ 1e4 times too small
    d = diagnose(costs, lr=3e-4)  # no loss or targets: no constant guess to compare with
    assert d.kind == "slow" and d.certainty != "sure" and "straight line" in d.message
    assert "Try first: raise lr 10-fold" in d.message and d.action == {"lr": pytest.approx(3e-3)}
    fixed = _tiny_linear(d.action["lr"])  # applied once, it falls far more in the same updates
    assert np.isfinite(fixed).all() and costs[-1] - fixed[-1] > 3 * (costs[0] - costs[-1])
    assert diagnose(_tiny_linear(0.3), lr=0.3).kind == "converging"  # a fall that slows: settled


def test_a_first_cost_already_not_finite_lowers_lr_100_fold_and_that_is_finite():
    def epoch_costs(lr, epochs=20):
        """One cost per epoch of single-sample steps on a linear model: at lr 10 the first
        epoch's steps overflow before any cost is logged."""
        rng = np.random.default_rng(1)
        X, w, costs = rng.normal(size=(300, 4)), np.zeros(4), []
        y = X @ np.ones(4)
        with np.errstate(all="ignore"):
            for _ in range(epochs):
                for x, t in zip(X, y):
                    w = w - lr * x * (x @ w - t)
                costs.append(0.5 * np.mean((X @ w - y) ** 2))
        return costs
    blown = epoch_costs(10.0)
    assert not np.isfinite(blown[0])
    d = diagnose(blown, lr=10.0)
    assert d.kind == "diverging" and "Try first: lower lr 100-fold" in d.message
    assert d.action == {"lr": pytest.approx(0.1)}
    fixed = epoch_costs(d.action["lr"])
    assert np.isfinite(fixed).all() and fixed[-1] < 1e-3 * fixed[0]


def test_a_cross_entropy_blow_up_reads_lr_lambda_as_one_plus_g():
    # cost x 9 per update: a squared error means lr lambda = 1 + 3; a cross-entropy 1 + 9
    costs = 0.7 * 9.0 ** np.arange(12)
    sq = diagnose(costs, lr=1.0, batch_size=None)
    ce = diagnose(costs, lr=1.0, batch_size=None, loss="cross_entropy", n_classes=3)
    assert sq.evidence["stable_lr"] == pytest.approx(2 / 4)
    assert ce.evidence["stable_lr"] == pytest.approx(2 / 10) and "1 + 9 = 10" in ce.message


def test_examine_and_find_lr_share_one_lr_search():
    from nnlib import lrfind
    assert nnlib.examine.largest_stable is lrfind.largest_stable
    calls = []

    def stable(lr):
        calls.append(lr)
        return lr < 0.37

    lo, hi = lrfind.largest_stable(stable, 0.01, max_runs=30, factor=4.0, rtol=0.01)
    assert lo < 0.37 <= hi and hi / lo <= 1.01 and len(calls) <= 30
    lo, hi = lrfind.largest_stable(stable, 0.01, max_runs=30, factor=10.0, ceiling=0.1)
    assert lo == pytest.approx(0.1) and np.isnan(hi)  # stable at the ceiling: a bound


def test_wiggles_near_a_fit_far_below_the_constant_guess_are_converging():
    rng = np.random.default_rng(0)
    t = np.arange(300)
    c = 0.05 + 0.9 * np.exp(-t / 20) + 0.01 * np.sin(3 * t)  # a fit, with a wiggle each update
    targets = 1.5 * rng.normal(size=500)                       # a constant guess costs ~1.1
    # without a level, a cost that fell under 5-fold reads as a bounce from the wiggle alone (one that fell
    # further and wiggles near its best reads as a fit: test_a_full_batch_cost_bouncing_every_other_step...)
    shape_only = diagnose(c + 0.5, lr=0.1, batch_size=None)
    assert shape_only.kind == "oscillating"
    d = diagnose(c, lr=0.1, batch_size=None, loss="squared", targets=targets)
    assert d.kind == "converging" and d.action == {} and "times below what a constant guess" in d.message
    stuck = 0.5 * targets.var() + 0.01 * np.sin(3 * t)        # the same wiggle at the guess's level
    assert diagnose(stuck, lr=0.1, batch_size=None, loss="squared", targets=targets).kind != "converging"


def test_targets_that_are_not_the_class_labels_of_n_classes_give_way_to_it():
    """A learner with label smoothing gives n_classes=10 and targets holding its smoothed values
    (0.01 and 0.91): they are not labels of 10 classes, so the guess is ln 10, not the entropy of
    two values; whole-numbered labels within range are still read for their class shares."""
    smoothed = [0.01] * 90 + [0.91] * 10
    assert constant_level("cross_entropy", 10, smoothed) == pytest.approx(np.log(10))
    assert constant_level("cross_entropy", 10, [0] * 90 + [1] * 10) == pytest.approx(0.325, abs=1e-3)
    assert constant_level("cross_entropy", 2, [0, 1, 1, 1]) == constant_level("cross_entropy", None, [0, 1, 1, 1])
    c = 0.70 + 1.6 * np.exp(-np.arange(300) / 40)  # a healthy fall from ln 10 to a smoothing floor
    d = diagnose(c, lr=0.05, batch_size=None, loss="cross_entropy", n_classes=10, targets=smoothed, reduction="mean")
    assert d.kind in ("converging", "slow")


def test_a_full_batch_cost_bouncing_every_other_step_on_the_floor_it_fell_to_is_converging():
    """An absolute error under full-batch steps of constant size: it fell 10-fold, then bounces
    every other update within 10% of its best. That is a fit, not an oscillation to calm, on
    whichever step the run stops. A bounce wider than 1.5x its best, one after a rise over its
    first, or one that has not fallen well under what a constant guess costs, still is one."""
    t = np.arange(400)
    c = 1.0 + 11.0 * np.exp(-t / 10) + 0.08 * (t > 100) * (-1.0) ** t
    kw = dict(lr=0.3, batch_size=None, reduction="mean", n_samples=600)
    for run in (c, c[:-1]):  # ending on the low step or the high one
        d = diagnose(run, **kw)
        assert d.kind == "converging" and d.action == {} and "bounces there" in d.message
    wide = np.r_[c[:100], np.where(t[100:] % 2, 0.3, 6.0)]  # a 20-fold bounce
    assert diagnose(wide, **kw).kind != "converging" and diagnose(wide[:-1], **kw).kind != "converging"
    rose = np.r_[c[0], 3 * c[0], c[1:]]
    assert diagnose(rose, **kw).kind != "converging"
    rng = np.random.default_rng(0)
    targets = 0.5 * rng.normal(size=600)  # the cheapest constant guess (half squared) costs ~0.12
    assert diagnose(c, **kw, targets=targets).kind != "converging"
    # around what a constant guess costs (ln 10): it learned nothing, however well it fell to there
    at_guess = 2.3 + 12.7 * np.exp(-t / 8) + 0.3 * (t > 60) * (-1.0) ** t
    assert diagnose(at_guess, **kw, loss="cross_entropy", n_classes=10).kind != "converging"


def test_a_cost_that_fell_little_and_then_jitters_in_a_narrow_band_is_stuck_not_oscillating():
    """A full-batch cost that fell 1.3-fold and then rose on half of its updates, but within 0.4%
    of its lowest, is stuck: a step too large bounces between levels far apart, and halving the
    lr does nothing for a flat cost. From costs alone that is "can't tell" with the usual
    recipe. The same jitter 10% wide, or after a 10-fold fall, is not read as stuck."""
    t = np.arange(300)
    jitter = 0.002 * np.random.default_rng(0).uniform(-1, 1, size=300)  # no every-other-update pattern
    flat = 2.0 - 0.5 * (1 - np.exp(-t / 20)) + jitter * (t > 100)
    kw = dict(lr=0.05, batch_size=None, reduction="mean", n_samples=500)
    d = diagnose(flat, **kw)
    assert d.kind == "stalled" and d.certainty == "can't tell" and d.action == {**RECIPE, "lr": 0.05}
    assert d.evidence["flat_band"] < 1.02 and "may be stuck" in d.message
    wide = 2.0 - 0.5 * (1 - np.exp(-t / 20)) + 50 * jitter * (t > 100)
    assert diagnose(wide, **kw).kind == "oscillating"
    fell = 0.15 + 1.85 * np.exp(-t / 20) + 0.1 * jitter * (t > 100)  # fell 13-fold: not flat
    assert "flat_band" not in diagnose(fell, **kw).evidence
    # 2.3 to 0.8 is a small fall too, but to a third of what a constant guess costs: learned, not stuck
    floor = 0.8 + 1.5 * np.exp(-t / 20) + jitter * (t > 100)
    assert "flat_band" not in diagnose(floor, **kw, loss="cross_entropy", n_classes=10).evidence
    assert "flat_band" in diagnose(floor, **kw).evidence  # no level known: can't tell
    spread = 3.0 * np.random.default_rng(1).normal(size=500)  # targets: the cheapest guess (absolute) ~2.4
    assert "flat_band" not in diagnose(floor, **kw, targets=spread).evidence
    fell_more = 2.0 - 1.45 * (1 - np.exp(-t / 20)) + jitter * (t > 100)  # 2.0 to 0.55: 3.6-fold
    assert "flat_band" not in diagnose(fell_more, **kw).evidence


def test_a_cost_that_started_at_a_constant_guess_and_barely_fell_learned_little_without_a_loss_given():
    """Targets given, loss= not: a cost that started at what a constant output costs under one
    common loss (here the absolute error's: a fresh net answers alike) and ended at 0.9 of it,
    1.2-fold lower, has learned little beyond the mean: "can't tell" with the usual recipe. Not
    so: a 4-fold fall to the same end; a start that matches no common loss's guess (a per-epoch
    log whose first epoch already fell, targets in other units: fell_little reads that one, as no
    level is known); a minibatch curve that started
    at the guess and fell to well under it; or a known loss, whose level judge reads."""
    rng = np.random.default_rng(1)
    targets = rng.normal(size=500) * 3.0
    mae = np.abs(targets - np.median(targets)).mean()
    t = np.arange(200)
    kw = dict(lr=0.05, batch_size=None, reduction="mean", n_samples=500, targets=targets)
    barely = 0.9 * mae + 0.1 * mae * np.exp(-t / 30)  # 1.0 x the guess to 0.9 x it
    d = diagnose(barely, **kw)
    assert d.kind == "stalled" and d.certainty == "can't tell" and d.action == {**RECIPE, "lr": 0.05}
    assert d.evidence["end_over_constant"] == pytest.approx(0.9, rel=0.01)
    assert "learned little beyond the mean" in d.message
    assert diagnose(0.25 * mae + 0.75 * mae * np.exp(-t / 30), **kw).kind in HEALTHY  # 4-fold
    between = diagnose(3.0 * barely, **kw)  # starts between two common losses' guesses: not this rule's,
    assert "learned little beyond the mean" not in between.message  # but a 1.1-fold fall with no level
    assert between.certainty == "can't tell" and "fell only" in between.message  # known (fell_little)
    noisy = (0.3 * mae + 0.7 * mae * np.exp(-t / 15)) * (1 + 0.05 * rng.standard_normal(200))
    assert diagnose(noisy, **{**kw, "batch_size": 32}).kind in HEALTHY
    known = diagnose(barely, **kw, loss="squared")  # judge reads it against the squared error's level
    assert "learned little" not in known.message or known.evidence["constant_level"] != pytest.approx(mae)


def test_a_cross_entropy_summed_over_a_sequence_is_read_against_the_summed_guess():
    """A character-level model sums its cross-entropy over a sequence of 25 steps: its first cost
    is exactly 25 ln 36. Read against ln 36 it would start 25 times off scale and end "stalled";
    read as summed over 25 predictions, a fall to 0.32 of 25 ln 36 is a partial fit (healthy). A
    first cost off every whole multiple, or a squared error, is not read so."""
    t = np.arange(50)
    guess = 25 * np.log(36)
    c = guess * (0.3 + 0.7 * np.exp(-t / 12))
    kw = dict(lr=0.1, every=100, loss="cross_entropy", n_classes=36)
    d = diagnose(c, **kw)
    assert d.kind in HEALTHY and d.evidence["summed_steps"] == 25
    assert d.evidence["constant_level"] == pytest.approx(guess) and "summed over 25 predictions" in d.message
    assert "summed_steps" not in diagnose(c * 25.5 / 25, **kw).evidence  # 25.5 ln 36: no whole multiple
    t40 = np.arange(40)  # a raw-input start at 5 ln 10 that ends above ln 10: a small k is chance, not a sum
    raw = np.log(10) * (1.1 + 3.902 * np.exp(-t40 / 5))
    assert "summed_steps" not in diagnose(raw, lr=0.1, batch_size=32, every=10, loss="cross_entropy",
                                          n_classes=10).evidence
    bad_init = 0.6 + (2 * np.log(2) - 0.6) * np.exp(-t40 / 4)  # 2 ln 2: a bad init, not two predictions
    assert "summed_steps" not in diagnose(bad_init, lr=0.05, batch_size=32, loss="cross_entropy",
                                          n_classes=2).evidence
    assert "summed_steps" not in diagnose(c, lr=0.1, every=100, loss="squared", targets=[0.0, 1.0]).evidence
    assert diagnose(c, lr=0.1, every=100).kind in HEALTHY  # no loss given: nothing to read it against


def test_a_cost_stuck_far_above_the_constant_guess_is_not_called_learned_little():
    """Stuck at 7 times ln 3 is worse than one constant answer, not "learned little beyond the
    mean": the same can't-tell verdict and recipe, in words that say so."""
    t = np.arange(100)
    kw = dict(lr=0.05, batch_size=None, reduction="mean", loss="cross_entropy", n_classes=3)
    far = diagnose(8.0 + 0.5 * np.exp(-t / 10), **kw)
    near = diagnose(np.log(3) * (0.95 + 0.05 * np.exp(-t / 10)), **kw)
    assert far.certainty == near.certainty == "can't tell" and far.action == near.action
    assert "worse than one constant answer" in far.message and "learned little" not in far.message
    assert "learned little" in near.message


def test_learned_little_against_a_uniform_guess_needs_a_cost_nearer_it():
    """From n_classes alone, ln C is what a uniform guess costs, above the best constant's when the
    classes are skewed: a character-level model ending at 0.6 of ln 27 has learned (slow, fit in
    part), not "learned little". With the targets given (their shares known) 0.6 of the best
    constant's cost is still "learned little", and so is 0.8 of ln 27. A squared error on class
    outputs keeps the usual bar."""
    t = np.arange(20)
    c = np.log(27) * (0.6 + 0.4 * np.exp(-t / 3))
    kw = dict(lr=0.1, batch_size=32, every=10000, loss="cross_entropy", reduction="mean")
    d = diagnose(c, **kw, n_classes=27)
    near = diagnose(np.log(27) * (0.8 + 0.2 * np.exp(-t / 3)), **kw, n_classes=27)
    assert d.kind == "slow" and "learned little" not in d.message and "give targets=" in d.message
    assert d.action == near.action  # the recipe, as for a run that learned little
    assert near.kind == "stalled" and "learned little" in near.message
    labels = np.repeat(np.arange(27), 10)  # balanced: the best constant costs ln 27 too
    known = diagnose(c, **kw, n_classes=27, targets=labels)
    assert known.kind == "stalled" and "learned little" in known.message
    sq = diagnose(0.45 * (0.6 + 0.4 * np.exp(-t / 3)), lr=0.1, batch_size=32, every=10000, loss="squared",
                  n_classes=10, reduction="mean")
    assert sq.kind == "stalled"


def test_a_settled_cost_that_fell_less_than_twofold_with_no_level_known_is_cant_tell():
    """Without what a constant guess costs, a cost that fell 1.6-fold and settled fits a net that
    learned little as well as a fit: "can't tell", with the usual recipe. A 3-fold fall is
    converging; so is the 1.6-fold one given loss="squared" (a healthy fit to noisy targets can end
    at over half their variance; a regression is held to 1.3-fold), or a level to judge it by
    (judge's, not this rule's)."""
    t = np.arange(200)
    little = 1.0 + 0.6 * np.exp(-t / 10)  # fell 1.6-fold, then flat
    kw = dict(lr=0.1, batch_size=None)
    d = diagnose(little, **kw)
    assert d.kind == "stalled" and d.certainty == "can't tell" and "fell only" in d.message
    assert {k: v for k, v in d.action.items() if k != "lr"} == RECIPE
    assert d.evidence["fall_fold"] == pytest.approx(1.6, rel=1e-3)
    assert diagnose(1.0 + 2.0 * np.exp(-t / 10), **kw).kind == "converging"  # 3-fold
    assert diagnose(little, **kw, loss="squared").kind == "converging"  # a regression is held to 1.3-fold
    weak = diagnose(1.0 + 0.2 * np.exp(-t / 10), **kw, loss="squared")
    assert weak.certainty == "can't tell" and "fell only" in weak.message
    fit = diagnose(0.02 + 0.012 * np.exp(-t / 10), **kw, loss="cross_entropy", n_classes=10)  # far under ln 10
    assert fit.kind == "converging" and "fall_fold" not in fit.evidence
    t4 = np.arange(400)  # a 2.6-fold fall, 25% batch noise: one batch's low first cost is no start
    folds = [diagnose((1 + 1.6 * np.exp(-t4 / 40)) * np.exp(0.25 * np.random.default_rng(s).standard_normal(400)),
                      lr=0.05, batch_size=32).evidence.get("fall_fold") for s in range(20)]
    assert folds.count(None) >= 19  # fell_little sets fall_fold only where it calls the fall too small


def test_a_flat_squared_cost_logged_unhalved_at_the_constant_guess_is_cant_tell_not_the_lr_story():
    rng = np.random.default_rng(2)
    targets = rng.normal(size=400)
    full_mse = targets.var() * (1 + 1e-9 * np.arange(200)[::-1])  # mean((y - mean)^2): twice the halved level
    d = diagnose(full_mse, lr=0.05, batch_size=None, loss="squared", targets=targets)
    assert d.kind == "stalled" and d.certainty == "can't tell" and "constant guess" in d.message
    assert d.action == {**RECIPE, "lr": 0.05}  # the usual recipe; the reduction not given is read as a mean
    assert "lr given is for a mean cost" not in d.message  # 0.05 is the learner's own: nothing was sized
    mean = diagnose(full_mse, lr=0.05, batch_size=None, loss="squared", targets=targets, reduction="mean")
    assert mean.action == {**RECIPE, "lr": 0.05}  # 0.05 is already a usual lr
    assert d.evidence["end_over_constant"] == pytest.approx(2.0, rel=1e-6)
    elsewhere = diagnose(1.5 * full_mse, lr=0.05, batch_size=None, loss="squared", targets=targets)
    assert "end_over_constant" not in elsewhere.evidence  # 3 times the level: not sitting at it


def test_examine_tries_a_stable_but_useless_lr_cooler_and_steps_back_from_the_edge():
    def train(settings, steps):
        """Blows up above lr 10; between 1.5 and 10 it is stable but learns nothing (a bounce
        that never overflows); below 1.5 it falls toward 0.05, sooner with a larger lr."""
        lr = settings["lr"]
        if lr > 10:
            return [1.0, np.inf]
        if lr > 1.5:
            return [5.0] * steps
        return list(0.05 + 0.95 * np.exp(-lr * np.arange(steps) / 2))
    report = doctor.examine(train, {"lr": 2.0})
    assert 6 < report.lr <= 10                      # the largest stable lr tried: useless there
    cooler = [t for t in report.trials if t.settings["lr"] < 1.5]
    assert len(cooler) >= 2 and all(t.stable for t in cooler) and any(t.worked for t in cooler)
    best = min(cooler, key=lambda t: t.end)
    assert set(report.action) == {"lr"} and report.action["lr"] < best.settings["lr"] < 1.5  # a step back ...
    chosen = next(t for t in cooler if t.settings["lr"] == report.action["lr"])
    assert chosen.worked and chosen.end <= 2 * best.end  # ... to an lr that ended nearly as low (notebook 08:
    # "the smallest that ended within 2 times the best"): no smaller lr that worked did as well
    assert not any(t.worked and t.end <= 2 * best.end and t.settings["lr"] < chosen.settings["lr"] for t in cooler)
    assert train(report.action, 100)[-1] < 0.1      # the action works in the learner's loop


def test_a_signed_error_that_blows_up_negative_is_diverging_not_slow():
    """A learner printing the signed error: it went negative and grew 1e28-fold in size."""
    d = diagnose([3.49, -30525.3, -3.29e12, -5.78e28], lr=1.0, batch_size=None)
    assert d.kind == "diverging" and "never negative" in d.message
    assert d.action == {"lr": pytest.approx(0.01)}
    assert diagnose([3.0, 1.0, -0.5, -0.9], lr=1.0).kind != "diverging"  # negative, but no blow-up


def test_a_leap_after_falls_is_a_blow_up_whatever_its_path():
    """Four falling epochs, then one leap to 1e18: not 'up and down'."""
    costs = [0.35, 0.22, 0.175, 0.16, 1.63e18]
    d = diagnose(costs)
    assert d.kind == "diverging" and d.evidence["jump_factor"] == pytest.approx(1.63e18 / 0.16)
    assert diagnose(costs[:4] + [0.5]).kind != "diverging"  # a bounce is not a blow-up


def test_a_mean_cost_whose_limit_reads_absurdly_small_gets_standardize_with_a_usual_lr():
    """Inputs on a scale of 1000: a mean cost that blows up at lr 1e-4 has a curvature of
    about 1e6, which unit-scale inputs never give; standardized at lr 1e-4 it would crawl."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(500, 4)) * [1000.0, 1.0, 300.0, 1.0]
    Y = (X / X.std(0)) @ rng.normal(size=(4, 1)) + 0.1 * rng.normal(size=(500, 1))
    train = _linear_train(X, Y)
    kw = dict(batch_size=None, loss="squared", targets=Y, reduction="mean", n_samples=500)
    d = nnlib.diagnose(train({"lr": 1e-4, "reduction": "mean"}, 60), lr=1e-4, **kw)
    assert d.kind == "diverging" and d.evidence["stable_lr"] < STEEP_LR and d.evidence["steep"]
    assert d.action == {"standardize": True, "lr": STANDARD_LR[0]}
    fixed = train({"reduction": "mean", **d.action}, 300)
    assert fixed[-1] < 0.1 * 0.5 * Y.var()  # the advice, applied once, fits
    # the same blow-up on standardized inputs (lr far too high): only the lr changes
    Xs = (X - X.mean(0)) / X.std(0)
    d2 = nnlib.diagnose(_linear_train(Xs, Y)({"lr": 5.0, "reduction": "mean"}, 60), lr=5.0, **kw)
    assert d2.kind == "diverging" and "standardize" not in d2.action and d2.action["lr"] < 5.0


def test_a_plunge_then_a_straight_crawl_is_slow_not_settling():
    """Unscaled inputs at a tiny lr: 2529 to 696 at once, then about 1 per printed line."""
    c = [2529.46, 695.99, 694.92, 693.86, 692.81, 691.77, 690.73, 689.71, 688.70, 687.69]
    d = diagnose(c, lr=5e-7, batch_size=None, every=100)
    assert d.kind == "slow" and "straight" in d.message and d.evidence["steady_fall"] > 0.8
    settled = [2529.46] + list(600 + 96 * 0.5 ** np.arange(9))  # the same plunge, then settling
    assert "straight" not in diagnose(settled, lr=5e-7, batch_size=None, every=100).message


def test_only_a_first_cost_not_finite_is_an_overflow_at_the_start_not_a_blow_up():
    """log(0) at the initial weights, then a finite run that falls: the run is read without it."""
    c = [np.inf] + list(0.62 * np.exp(-np.arange(14) / 30))
    d = diagnose(c, lr=0.01, batch_size=None)
    assert d.kind != "diverging" and d.evidence["not_finite_first"] == 1
    assert diagnose([np.inf, 1.0, np.inf, 1.0, 1.0, 1.0]).kind == "diverging"  # it came back: not this


def test_review_mends_advice_that_could_make_a_run_worse():
    # a negative log-likelihood-like curve is no signed error blowing up
    nll = np.r_[1e-7, -np.linspace(0.2, 1.1, 20)]
    assert "never negative" not in diagnose(nll, lr=0.1).message
    # the plunge-then-crawl gives standardize, not a larger lr (the steep directions hold the lr at their limit)
    c = [2529.46, 695.99, 694.92, 693.86, 692.81, 691.77, 690.73, 689.71, 688.70, 687.69]
    assert diagnose(c, lr=5e-7, batch_size=None, every=100).action == {"standardize": True}
    # inputs shown unit-scale: an absurd curvature is not blamed on them, and no lr is raised
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 3))
    d = diagnose(30.0 ** np.arange(12), lr=1e-6, batch_size=None, reduction="mean", n_samples=200, X=X)
    assert "standardize" not in d.action and d.action["lr"] < 1e-6
    # an overflow only at the first cost keeps every index where it was
    dead = np.zeros((11, 1))
    dead[3:] = 1.0
    d = diagnose([np.inf] + [1.0] * 10, batch_size=None, dead_fraction=dead)
    assert d.evidence["not_finite_first"] == 1 and d.evidence.get("dead_since") == 3


def _raw_data():
    """(X, y): 400 samples of 3 columns on scales 1, 40 and 300 (offsets up to 2000); y (400, 1)."""
    rng = np.random.default_rng(5)
    Z = rng.normal(size=(400, 3))
    y = np.tanh(Z @ np.array([1.0, -2.0, 0.5])) + 0.5 * Z[:, 0] * Z[:, 1]
    return Z * np.array([1.0, 40.0, 300.0]) + np.array([0.0, 100.0, 2000.0]), y[:, None]


def small_net(settings, steps=400):
    """A learner's one-hidden-layer ReLU regression, full batch, mean half squared error; the
    settings it exposes: lr, standardize, weight_init ("he" or N(0, 1)), activation, bias_init."""
    X, y = _raw_data()
    if settings.get("standardize"):
        X = (X - X.mean(0)) / X.std(0)
    rng = np.random.default_rng(0)
    W1 = rng.normal(0, np.sqrt(2 / 3) if settings.get("weight_init") == "he" else 1.0, (3, 16))
    b1, W2, b2 = np.full(16, settings.get("bias_init", 0.1)), rng.normal(0, 0.25, (16, 1)), np.zeros(1)
    leak = 0.01 if settings.get("activation") == "leaky_relu" else 0.0
    lr, costs = settings["lr"], []
    with np.errstate(all="ignore"):
        for _ in range(steps):
            a = X @ W1 + b1
            h = np.where(a > 0, a, leak * a)
            r = h @ W2 + b2 - y
            costs.append(0.5 * np.mean(r ** 2))
            gh = (r @ W2.T) * np.where(a > 0, 1.0, leak) / len(X)
            W2, b2 = W2 - lr * h.T @ r / len(X), b2 - lr * r.mean(0)
            W1, b1 = W1 - lr * X.T @ gh, b1 - lr * gh.sum(0)
    return costs


@pytest.mark.parametrize("settings", [{"lr": 0.05, "standardize": True, "bias_init": -20.0},  # dead units
                                      {"lr": 1e-7}, {"lr": 1e-6}],                          # raw inputs, lr tiny
                         ids=["dead", "raw-1e-7", "raw-1e-6"])
def test_the_advice_for_a_run_that_learned_nothing_applied_once_reaches_a_healthy_run(settings):
    """Advice is checked: a run stuck near the constant guess (dead units, or raw inputs at the
    tiny lr they hold stable) gets the usual recipe or standardize, each with an lr in
    STANDARD_LR, and that action, applied once, ends within 2x of the healthy run."""
    _, y = _raw_data()
    healthy = small_net({"lr": 0.05, "standardize": True, "weight_init": "he", "activation": "leaky_relu",
                         "bias_init": 0.0})
    level = 0.5 * y.var()
    assert healthy[-1] < 0.2 * level
    c = small_net(settings)
    assert c[-1] > 0.5 * level  # it learned nothing (or as good as nothing)
    X = _raw_data()[0]  # the learner gives the doctor their inputs: it sees they are raw
    d = diagnose(c, lr=settings["lr"], batch_size=None, reduction="mean", loss="squared", targets=y, n_samples=400,
                 X=X)
    assert d.kind == "stalled" and d.action["standardize"] is True
    assert STANDARD_LR[0] <= d.action["lr"] <= STANDARD_LR[1]
    assert small_net({**settings, **d.action})[-1] < 2 * healthy[-1]
    old = small_net({**settings, **{k: v for k, v in d.action.items() if k != "lr"}})  # without the lr
    assert settings["lr"] > 1e-3 or old[-1] > 0.5 * level  # the tiny lr alone would have stayed stuck


def test_the_usual_recipe_clips_the_lr_per_sample_and_keeps_a_summed_cost_summed():
    flat = np.log(3) + 0.3 * np.exp(-np.arange(200) / 5)  # fell at the start, then flat at the guess
    kw = dict(batch_size=None, loss="cross_entropy", n_classes=3)
    assert diagnose(flat, lr=1e-6, reduction="mean", **kw).action == {**RECIPE, "lr": STANDARD_LR[0]}
    assert diagnose(flat, lr=5.0, reduction="mean", **kw).action == {**RECIPE, "lr": STANDARD_LR[1]}
    summed = diagnose(flat * 100, lr=1e-6, reduction="sum", n_samples=100, **kw)
    assert summed.certainty == "can't tell"
    assert summed.action == {**RECIPE, "lr": pytest.approx(STANDARD_LR[0] / 100)}  # 0.01 per sample
    assert "here lr" in summed.fix and "log" in summed.fix
    bare = diagnose(flat, batch_size=None, reduction="mean", loss="cross_entropy", n_classes=3)
    assert bare.action == RECIPE  # lr not given: no lr to set


def test_a_full_batch_cost_that_bounces_every_other_update_while_its_pairs_fall_is_training():
    """The edge of stability: rises on every other update, yet every pair of updates falls and
    the cost ends at its lowest. A bounce that stays level, or that ended above its lowest, is
    still an oscillation."""
    t = np.arange(600)
    edge = (0.05 + 0.2 * np.exp(-t / 200)) * (1 + 0.02 * (-1.0) ** t)
    d = diagnose(edge, lr=0.5, batch_size=None)
    assert d.kind in ("converging", "slow") and "lr" not in d.action and d.evidence["pairs_falling"] >= 0.9
    assert d.evidence["share_rising"] > 0.3 and "every other update" in d.message
    settled = (0.05 + 0.2 * np.exp(-t / 50)) * (1 + 0.02 * (-1.0) ** t)  # the same bounce, settled
    assert diagnose(settled, lr=0.5, batch_size=None).kind == "converging"
    rng = np.random.default_rng(0)  # rises on a third of the updates, not alternating: no such sentence
    jitter = (0.05 + 0.2 * np.exp(-t / 200)) * (1 + 0.02 * (rng.random(600) < 0.35))
    assert "every other update" not in diagnose(jitter, lr=0.5, batch_size=None).message
    level = 0.1 * (1 + 0.3 * (-1.0) ** t)                       # bounces, goes nowhere
    assert diagnose(level, lr=0.5, batch_size=None).kind == "oscillating"
    left = np.r_[np.linspace(1.0, 0.02, 100), edge[100:] * 0.5 + 0.05]  # pairs fall, but 3x above its best
    assert left[-1] > 2 * left.min()
    assert diagnose(left, lr=0.5, batch_size=None).kind == "oscillating"


def test_ups_and_downs_far_above_the_constant_guess_are_a_step_too_large_not_an_oscillation():
    """Bouncing at 8x what a constant guess costs: confidently wrong outputs; halving the lr
    to calm the bounce is not the point."""
    t = np.arange(300)
    c = np.log(3) * (8 + 0.5 * (-1.0) ** t)
    shape_only = diagnose(c, lr=1.0, batch_size=None)
    assert shape_only.kind == "oscillating"
    d = diagnose(c, lr=1.0, batch_size=None, reduction="mean", loss="cross_entropy", n_classes=3)
    assert d.kind == "diverging" and "worse than a constant guess" in d.message
    assert d.action == {"lr": pytest.approx(0.1)}
    near = diagnose(np.log(3) * (0.2 + 0.05 * (-1.0) ** t), lr=1.0, batch_size=None, reduction="mean",
                    loss="cross_entropy", n_classes=3)
    assert near.kind == "oscillating"  # a bounce near a fit is still one


def test_no_larger_lr_is_read_where_the_sum_or_the_step_rule_is_unknown():
    """A sum over an unknown N, or Adam (whose step does not scale with the gradient): the lr per
    sample cannot be read, so no action sets one; given a mean cost and plain steps, the recipe's
    lr is read, and so it is when the reduction is not given (read as a mean, the usual default,
    and the message says so)."""
    flat = np.log(3) + 0.3 * np.exp(-np.arange(200) / 5)
    kw = dict(batch_size=None, loss="cross_entropy", n_classes=3)
    blind = diagnose(flat, lr=1e-3, **kw)                                        # reduction not given
    assert blind.action["lr"] == STANDARD_LR[0] and "lr given is for a mean cost" in blind.message
    assert "lr" not in diagnose(flat * 50, lr=1e-3, reduction="sum", **kw).action  # N not given
    assert diagnose(flat, lr=1e-3, reduction="mean", **kw).action["lr"] == STANDARD_LR[0]
    X, Y = nnlib.datasets.sincos(n=100, seed=0)
    for optimizer, adaptive in (("adam", True), ("sgd", False)):
        net = nnlib.Network([7, 4, 2], activation="leaky_relu", output_activation="identity", seed=0)
        h = nnlib.train(net, X, Y, lr=1e-3, epochs=20, reduction="mean", optimizer=optimizer)
        ev = diagnose(h).evidence
        assert ev["adaptive_steps"] is adaptive
        assert (standard_lr(ev) is None) is adaptive  # Adam's lr is not read per sample


def test_a_settled_curve_without_a_constant_guess_asks_for_loss_and_targets():
    """Without loss= and targets= (or n_classes=) a net stuck at the mean reads as settled:
    the message asks for them, and stops asking once they are given."""
    c = 0.5 + np.exp(-np.arange(100) / 10)
    d = nnlib.diagnose(c, lr=0.1, batch_size=None, reduction="mean")
    assert d.kind == "converging" and "loss and targets or n_classes" in d.message
    told = nnlib.diagnose(c, lr=0.1, batch_size=None, reduction="mean", loss="cross_entropy", n_classes=2)
    assert "loss and targets" not in told.message


def test_a_learners_history_formats_are_read_for_their_costs():
    """(step, cost) pairs (steps on a grid, with a gap, off the grid at the end, or fractional
    epochs), a Keras-style dict of lists (or History object), and a list of records (a trainer's
    evaluation records among them; a tracker's "train/loss" beside "val/loss", with NaN where a
    table's record did not log it; Lightning's per-step cost beside its epoch mean; a cost beside
    a loss scale) give the verdict of the plain costs; the steps are never added to them."""
    c = list(1 + 9 * 0.95 ** np.arange(50))
    plain = diagnose(c)

    class History:  # keras.callbacks.History keeps its lists in .history
        history = {"loss": c}
    steps = list(range(0, 4900, 100)) + [4999]
    for kept in ([(i, v) for i, v in enumerate(c)], [[s, v] for s, v in zip(steps, c)],
                 [(i if i < 25 else i + 5, v) for i, v in enumerate(c)], [(0.5 * (i + 1), v) for i, v in enumerate(c)],
                 {"loss": c, "val_loss": [2 * v for v in c]}, History(),
                 [{"epoch": i, "loss": v, "acc": 0.5} for i, v in enumerate(c)]
                 + [{"eval_loss": 0.1}, {"train_loss": 3.0}],  # a trainer's evaluation and summary records
                 [{"cost": v} for v in c],
                 [{"step": 10 * i, "train/loss": v, "val/loss": 2 * v} for i, v in enumerate(c)],  # a tracker's
                 [{"step": i, "train/loss": v, "val/loss": np.nan} for i, v in enumerate(c)]  # a table's records:
                 + [{"step": 50, "train/loss": np.nan, "val/loss": 3.0}],                     # NaN is not logged
                 [{"train_loss_step": v, "epoch": i} for i, v in enumerate(c)] + [{"train_loss_epoch": 9.0}],
                 [{"lm loss": v, "loss scale": 2.0 ** 16} for v in c],  # a mixed-precision log's multiplier
                 {"Training Loss": c, "Validation Loss": [2 * v for v in c]}):
        d = diagnose(kept)
        assert (d.kind, d.evidence["final_cost"]) == (plain.kind, plain.evidence["final_cost"]), kept
    assert diagnose([(100, 2.3), (200, 2.0)]).evidence["final_cost"] == 2.0  # two pairs are enough
    per_output = diagnose(np.c_[c, c])  # two outputs' costs (not a step counter): summed
    assert per_output.evidence["final_cost"] == pytest.approx(2 * plain.evidence["final_cost"])
    whole = diagnose(np.c_[np.round(np.array(c) * 100), c])  # whole-numbered costs that fall: costs
    assert whole.evidence["final_cost"] == pytest.approx(np.round(c[-1] * 100) + c[-1])


@pytest.mark.parametrize("kept,said", [([(i, 1.0 / (i + 1), 0.5) for i in range(10)], "columns follow"),
                                       ([(i % 5 + 1, 1.0 / (i + 1)) for i in range(20)], "does not rise"),
                                       ({"acc": [0.5, 0.6, 0.7]}, "without a cost entry"),
                                       ([{"acc": 0.5}, {"acc": 0.6}], "none holds a cost entry"),
                                       ([{"val/loss": 0.5}, {"val/loss": 0.4}], "none holds a cost entry"),
                                       ([{"recon_loss": 0.5, "kl_loss": 0.1}], "several cost entries"),
                                       ({"holdout_loss": [0.5, 0.4]}, "without a cost entry")])
def test_a_history_whose_cost_cannot_be_found_is_a_clear_error(kept, said):
    with pytest.raises(ValueError, match=said):
        diagnose(kept)


def test_a_reduction_not_given_never_raises_the_lr_where_a_sum_would_make_that_unsafe():
    """Read as a mean, a reduction not given sizes the recipe's lr; but where the cost may be a sum,
    no larger lr: outputs thrown far above the guess (a step too large, if summed) get a cut, and
    a blow-up on raw inputs gets standardized at no more than the learner's lr."""
    high = np.r_[2.3, np.full(199, 400.0)] * (1 + 1e-3 * np.sin(np.arange(200)))
    thrown = diagnose(high, lr=1e-3, batch_size=32, loss="cross_entropy", n_classes=10)
    assert thrown.kind == "diverging" and thrown.action.get("lr", 1.0) < 1e-3
    mean = diagnose(high, lr=1e-3, batch_size=32, loss="cross_entropy", n_classes=10, reduction="mean")
    assert mean.action.get("lr", 0.0) > 1e-3  # a mean, as given: the lr did not throw them (the recipe)
    raw = np.random.default_rng(0).normal(size=(500, 3)) * 300
    blow = diagnose(2 * 3.0 ** np.arange(30), X=raw, lr=1e-6, batch_size=None)
    assert blow.action["standardize"] and blow.action.get("lr", 1e-6) <= 1e-6


def test_targets_without_a_batch_or_n_is_no_division_by_zero():
    y = np.random.default_rng(0).normal(size=100) * 3
    flat = 0.5 * y.var() * (1 + 0.3 * np.exp(-np.arange(200) / 10))  # settles on the halved variance
    for kw in ({}, {"batch_size": None}, {"lr": 1e-3, "batch_size": None}):
        assert diagnose(flat, targets=y, **kw).certainty == "can't tell"


def test_a_diverging_verdict_says_when_its_lr_was_read_for_a_mean_cost():
    """Reduction not given: the recipe's lr after a jump (read per sample, for a mean cost) says
    that it assumed a mean; a cut read from the growth, relative to the learner's lr, says only
    that a summed cost grows with N."""
    t = np.arange(200)
    jumped = np.r_[np.log(10), 20.0, 8.0, np.log(10) * (0.95 + 0.3 * np.exp(-t[3:] / 5))]
    d = diagnose(jumped, lr=5.0, batch_size=None, loss="cross_entropy", n_classes=10)
    assert d.kind == "diverging" and d.action["lr"] == STANDARD_LR[1]
    assert "lr given is for a mean cost" in d.message and "summed cost grows" not in d.message
    grows = diagnose(2 * 3.0 ** np.arange(30), lr=0.5, batch_size=None)
    assert grows.kind == "diverging" and grows.action["lr"] < 0.5
    assert "summed cost grows" in grows.message and "lr given is for a mean cost" not in grows.message


def test_a_records_unlogged_values_are_skipped_whatever_their_type():
    """A table's NaN (a NumPy float too) and a CSV row's empty string are values not logged."""
    c = list(1 + 9 * 0.95 ** np.arange(50))
    plain = diagnose(c)
    for missing in (np.float32("nan"), np.nan, "", None):
        kept = [{"train/loss": v, "val/loss": missing} for v in c] + [{"train/loss": missing, "val/loss": 3.0}]
        d = diagnose(kept)
        assert (d.kind, d.evidence["final_cost"]) == (plain.kind, plain.evidence["final_cost"]), repr(missing)
