"""critical_lr against closed forms and against training itself."""
import numpy as np
import pytest

import nnlib
from nnlib import curvature


def linear_net(seed=0):
    return nnlib.Network([7, 2], activation="identity", seed=seed)


def closed_form(X):
    """2 / lambda_max(X^T X), computed independently with a dense eigensolver."""
    return 2.0 / np.linalg.eigvalsh(X.T @ X)[-1]


@pytest.mark.parametrize("n", [50, 1000, 5000])
def test_linear_layer_matches_closed_form_both_reductions(n):
    X, Y = nnlib.datasets.random_targets(n=n, seed=1)
    exact = closed_form(X)
    assert nnlib.critical_lr(linear_net(), X, Y, reduction="sum") == pytest.approx(exact, rel=0.02)
    assert nnlib.critical_lr(linear_net(), X, Y, reduction="mean") == pytest.approx(n * exact, rel=0.02)


@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_linear_closed_form_matches_a_finite_difference_hessian(reduction):
    # Independent of the closed form: differentiate the textbook network's gradient
    # numerically, take the dense Hessian's top eigenvalue, and compare 2 / it.
    X, Y = nnlib.datasets.random_targets(n=300, seed=1)
    H = dense_hessian(linear_net(), X, Y, reduction=reduction)
    assert curvature.linear_critical_lr(X, reduction) == pytest.approx(
        2 / np.linalg.eigvalsh(H)[-1], rel=1e-6)


def test_question_figure_lambda_max_about_1833():
    # The question's estimate: lambda_max ~ N (1/12 + 7/4) ~ 1833 for N = 1000, limit ~ 0.0011.
    X, Y = nnlib.datasets.random_targets(n=1000, seed=0)
    top = curvature.top_eigenvalue(linear_net(), X, Y, reduction="sum")
    assert top.converged and not top.negative
    assert top.value == pytest.approx(1000 * (1 / 12 + 7 / 4), rel=0.05)
    assert 2 / top.value == pytest.approx(0.0011, rel=0.05)


@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_training_below_limit_converges_above_diverges(reduction):
    X, Y = nnlib.datasets.random_targets(n=500, seed=2)
    crit = nnlib.critical_lr(linear_net(), X, Y, reduction=reduction)
    below = nnlib.train(linear_net(), X, Y, lr=0.9 * crit, epochs=3000, reduction=reduction)
    above = nnlib.train(linear_net(), X, Y, lr=1.1 * crit, epochs=5000, reduction=reduction)
    assert below.status == "ok" and below.cost[-1] < below.cost[0]
    assert np.all(np.diff(below.cost[-100:]) <= 1e-12 * below.cost[-100:-1])
    assert above.status == "diverged"


def dense_hessian(net, X, Y, h=1e-5, reduction="mean"):
    """Central differences of the textbook network's gradient, column by column."""
    theta = net.get_params()

    def grad(t):
        net.set_params(t)
        dWs, dbs = net.gradients(X, Y, reduction)
        parts = []
        for l, dW in enumerate(dWs):
            parts.append(dW.ravel())
            if dbs is not None:
                parts.append(dbs[l])
        return np.concatenate(parts)

    H = np.empty((theta.size, theta.size))
    for i in range(theta.size):
        e = np.zeros_like(theta)
        e[i] = h
        H[:, i] = (grad(theta + e) - grad(theta - e)) / (2 * h)
    net.set_params(theta)
    return 0.5 * (H + H.T)


@pytest.mark.parametrize("act", ["tanh", "sigmoid", "leaky_relu"])
def test_nonlinear_net_top_eigenvalue_matches_dense_hessian(act):
    X, Y = nnlib.datasets.sincos(n=200, seed=3)
    net = nnlib.Network([7, 5, 2], activation=act, output_activation="identity",
                        weight_init="xavier", bias_init=0.1, seed=4)
    ev = np.linalg.eigvalsh(dense_hessian(net, X, Y))
    top = curvature.top_eigenvalue(net, X, Y, reduction="mean", max_iter=500, tol=1e-6,
                                   find_lowest=True)
    assert top.converged
    assert top.value == pytest.approx(ev[-1], rel=1e-3)
    assert top.negative == (ev[0] < -1e-6 * ev[-1])
    if top.negative:
        assert top.lowest == pytest.approx(ev[0], rel=0.02)


def test_saddle_reports_negative_curvature(hand_saddle):
    net, x, S = hand_saddle  # eigenvalues 0.91 S and -0.73 S, by hand (tests/conftest.py)
    top = curvature.top_eigenvalue(net, x, x, reduction="sum", find_lowest=True)
    assert top.converged and top.negative
    assert top.value == pytest.approx(0.91 * S, rel=1e-3)
    assert top.lowest == pytest.approx(-0.73 * S, rel=1e-3)
    assert "saddle" in top.message


def test_critical_lr_report_says_saddle(hand_saddle):
    net, x, S = hand_saddle
    lr, note, top = curvature.critical_lr_report(net, x, x, reduction="sum")
    assert lr == pytest.approx(2 / (0.91 * S), rel=1e-3)
    assert lr == nnlib.critical_lr(net, x, x, reduction="sum")  # the number itself is unchanged
    assert "saddle" in note and f"{-0.73 * S:.3g}" in note and "upward directions" in note


def test_critical_lr_report_is_silent_at_a_minimum_and_says_when_unsettled():
    X, Y = nnlib.datasets.random_targets(n=200, seed=0)
    lr, note, _ = curvature.critical_lr_report(linear_net(), X, Y)  # convex: no saddle
    assert note == "" and lr == pytest.approx(200 * closed_form(X), rel=0.02)
    X, Y = nnlib.datasets.sincos(n=200, seed=0)
    net = nnlib.Network([7, 10, 2], activation="tanh", output_activation="identity", seed=0)
    lr, note, _ = curvature.critical_lr_report(net, X, Y, max_iter=2, tol=1e-12)
    assert np.isnan(lr) and "did not settle" in note


def test_no_convergence_is_reported_not_a_number():
    X, Y = nnlib.datasets.sincos(n=200, seed=0)
    net = nnlib.Network([7, 10, 2], activation="tanh", output_activation="identity", seed=0)
    top = curvature.top_eigenvalue(net, X, Y, max_iter=2, tol=1e-12)
    assert not top.converged and np.isnan(top.value)
    assert "did not settle" in top.message
    assert np.isnan(nnlib.critical_lr(net, X, Y, max_iter=2, tol=1e-12))


def test_dead_network_has_no_curvature_and_infinite_limit():
    X, Y = nnlib.datasets.random_targets(n=100, seed=0)
    net = nnlib.Network([7, 2], activation="relu", seed=0)
    net.weights[0][:] = -1.0  # every pre-activation negative: output 0, gradient 0
    assert nnlib.critical_lr(net, X, Y) == np.inf


def test_non_finite_weights_are_reported():
    X, Y = nnlib.datasets.random_targets(n=20, seed=0)
    net = linear_net()
    net.weights[0][0, 0] = np.inf
    top = curvature.top_eigenvalue(net, X, Y)
    assert not top.converged and "not finite" in top.message


@pytest.mark.parametrize("bad", [dict(reduction="median"), dict(max_iter=0), dict(tol=-1)])
def test_bad_arguments(bad):
    X, Y = nnlib.datasets.random_targets(n=20, seed=0)
    with pytest.raises(ValueError):
        curvature.top_eigenvalue(linear_net(), X, Y, **bad)


def test_a_deadline_or_a_cancel_stops_the_estimate_and_a_later_call_goes_on():
    import time
    net = nnlib.Network([7, 6, 2], activation="tanh", seed=0)
    X, Y = nnlib.datasets.random_targets(n=200, seed=0)
    whole = curvature.top_eigenvalue(net, X, Y, tol=1e-6, find_lowest=True)
    assert whole.converged and whole.stopped is None and whole.iterations > 3
    past = time.monotonic() - 1
    top = curvature.top_eigenvalue(net, X, Y, tol=1e-6, deadline=past, find_lowest=True)
    assert top.stopped == "time" and top.iterations == 1 and np.isnan(top.value)  # one product per call
    assert np.isnan(top.critical_lr) and "past its deadline" in top.message
    calls = 1
    while top.stopped:  # each call goes on exactly where the last one stopped, one product at a time
        top = curvature.top_eigenvalue(net, X, Y, tol=1e-6, deadline=past, start=top, find_lowest=True)
        calls += 1
    # the same iteration, sliced: the same products, the same numbers, both phases
    assert (calls, top.iterations) == (whole.iterations, whole.iterations)
    assert top.converged and top.value == pytest.approx(whole.value, rel=1e-9)
    assert top.lowest == pytest.approx(whole.lowest, rel=1e-9) and top.negative == whole.negative
    cancelled = curvature.top_eigenvalue(net, X, Y, cancel=lambda: True)
    assert cancelled.stopped == "cancelled" and cancelled.iterations == 0


def test_slices_of_an_estimate_that_never_settles_end_at_max_iter():
    # the budget belongs to the iteration, not to each call: slices cannot go on for ever
    import time
    net = nnlib.Network([7, 6, 2], activation="tanh", seed=0)
    X, Y = nnlib.datasets.random_targets(n=200, seed=0)
    top, calls = curvature.top_eigenvalue(net, X, Y, tol=1e-15, max_iter=7, deadline=time.monotonic() - 1), 1
    while top.stopped:
        top = curvature.top_eigenvalue(net, X, Y, tol=1e-15, max_iter=7, deadline=time.monotonic() - 1, start=top)
        calls += 1
    assert (calls, top.iterations, top.converged) == (7, 7, False) and "did not settle in 7" in top.message


@pytest.mark.parametrize("bad", [dict(deadline="soon"), dict(cancel=3), dict(start=np.zeros(3)),
                                 dict(start=np.full(62, np.nan)), dict(start=curvature.Curvature(1.0, True, False, None, 3, ""))])
def test_bad_stop_arguments_are_named(bad):
    X, Y = nnlib.datasets.random_targets(n=20, seed=0)
    with pytest.raises(ValueError, match=next(iter(bad))):
        curvature.top_eigenvalue(nnlib.Network([7, 6, 2], seed=0), X, Y, **bad)
