import numpy as np

import nnlib


def test_fixed_network_trains_on_sincos():
    X, Y = nnlib.datasets.sincos(n=200, seed=0)
    net = nnlib.Network([7, 10, 2], activation="leaky_relu", output_activation="identity",
                        weight_init="he", bias_init=0.1, seed=0)
    hist = nnlib.train(net, X, Y, lr=0.05, epochs=300)
    assert hist.status == "ok"
    assert hist.cost[-1] < 0.05 * hist.cost[0]
    assert np.isclose(net.cost(X, Y), hist.cost[-1])
