"""nnlib.question.fixed_original: the question's class with every fix trains on every seed, and
follows nnlib.Network + nnlib.train step for step."""
import numpy as np
import pytest

import nnlib
from nnlib import ladder
from nnlib.question.fixed_original import FixedNet


def test_trains_on_every_seed():
    X, Y = ladder.data()
    for seed in range(20):
        net = FixedNet(X, Y, nodes=(7, 2), lr=0.5, iterations=2000, seed=seed)
        assert ladder.success("ok", ladder.unexplained(net, X, Y)), seed


@pytest.mark.parametrize("nodes, lr, step", [((7, 2), 0.5, "he_init"), ((7, 10, 2), 0.1, None)])
def test_same_trajectory_as_nnlib(nodes, lr, step):
    X, Y = ladder.data()
    for seed in (0, 3):
        net = nnlib.Network(list(nodes), activation="leaky_relu", output_activation="identity",
                            leak=0.01, weight_init="he", bias_init=0.1, seed=seed)
        if step is not None:  # the ladder's "He init" step is exactly this configuration
            ref, kw = ladder.setup(step, seed=seed)
            assert kw["lr"] == lr and kw["reduction"] == "mean" and not kw.get("adaptive")
            for a, b in zip(ref.get_params(), net.get_params()):
                assert a == b
        fixed = FixedNet(X, Y, nodes=nodes, lr=lr, iterations=300, seed=seed)
        hist = nnlib.train(net, X, Y, lr=lr, epochs=300, reduction="mean")
        np.testing.assert_allclose(fixed.costs, hist.cost, rtol=1e-9)
        for W, V in zip(fixed.weights, net.weights):
            np.testing.assert_allclose(W, V, rtol=1e-8, atol=1e-12)


def test_gradient_is_the_mean_costs_gradient():
    # FIX 1: the gradient is divided by N (numeric slope of the mean cost, not of the sum).
    X, Y = nnlib.datasets.sincos(n=50, seed=1)
    net = FixedNet(X, Y, nodes=(7, 4, 2), seed=2, train=False)
    dW, db = net.cost_function_prime()
    h, i, j = 1e-6, 3, 1
    costs = []
    for sign in (1, -1):
        net.weights[0][i, j] += sign * h
        net.forward(X)
        costs.append(net.cost_function())
        net.weights[0][i, j] -= sign * h
    assert dW[0][i, j] == pytest.approx((costs[0] - costs[1]) / (2 * h), rel=1e-6)


def test_uses_its_data_output_argument():
    X, Y = ladder.data()
    net = FixedNet(X, -Y, iterations=500, seed=0)  # FIX 5: not a global
    assert ladder.success("ok", ladder.unexplained(net, X, -Y))


def test_rejects_mismatched_data():
    with pytest.raises(ValueError, match="same number of rows"):
        FixedNet(np.zeros((5, 7)), np.zeros((4, 2)), train=False)
