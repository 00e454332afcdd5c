"""The textbook network: gradients against central differences, shapes, flat parameters, bad input.

Tolerance: in float64 with h = 1e-6 a correct backward pass agrees with central differences
to about 1e-8 relative; we require every entry within rtol 1e-5 plus 1e-7 of the largest
entry, and the whole vector within 1e-6 relative (norm). Wrong maths gives O(1) errors.
ReLU's kink would spoil the numeric side, so for relu/leaky_relu we pick seeds whose
pre-activations all lie farther than 100 h from zero (nnlib.gradcheck.kinks).
"""
import itertools

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import nnlib
from nnlib import activations, costs, gradcheck

ACTS = activations.NAMES
H = 1e-6


def smooth_net(sizes, act, out_act, bias, seed_base):
    """A small net and data set with no pre-activation within 100 h of a kink."""
    for seed in range(seed_base, seed_base + 200):
        rng = np.random.default_rng(seed)
        X = rng.normal(size=(6, sizes[0]))
        Y = rng.normal(size=(6, sizes[-1]))
        net = nnlib.Network(sizes, activation=act, output_activation=out_act, leak=0.1,
                            weight_init="xavier", bias_init=("uniform", -0.5, 0.5) if bias else None,
                            seed=seed)
        if gradcheck.kinks(net, X, h=100 * H) == 0:
            return net, X, Y
    raise AssertionError("no kink-free seed found")


def assert_gradients_match(net, X, Y, reduction):
    a = gradcheck.analytic_gradient(net, X, Y, reduction)
    n = gradcheck.numeric_gradient(net, X, Y, reduction, h=H)
    assert np.linalg.norm(a - n) <= 1e-6 * np.linalg.norm(n) + 1e-12
    np.testing.assert_allclose(a, n, rtol=1e-5, atol=1e-7 * np.abs(n).max())


DEPTHS = {1: [3, 2], 2: [3, 4, 2], 3: [3, 4, 3, 2]}


@pytest.mark.parametrize("act,reduction,bias,depth",
                         list(itertools.product(ACTS, costs.REDUCTIONS, [False, True], [1, 2, 3])))
def test_gradients_match_central_differences(act, reduction, bias, depth):
    net, X, Y = smooth_net(DEPTHS[depth], act, None, bias, seed_base=depth * 1000)
    assert_gradients_match(net, X, Y, reduction)


@pytest.mark.parametrize("act", ACTS)
def test_gradients_with_linear_output(act):
    net, X, Y = smooth_net([4, 5, 3], act, "identity", True, seed_base=7)
    assert_gradients_match(net, X, Y, "mean")
    assert nnlib.gradient_check(net, X, Y, "mean", h=H) < 1e-4


@settings(max_examples=20, deadline=None, derandomize=True)
@given(sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4),
       act=st.sampled_from(ACTS), out_act=st.sampled_from(ACTS), bias=st.booleans(),
       reduction=st.sampled_from(costs.REDUCTIONS), seed=st.integers(0, 10_000))
def test_gradients_hypothesis(sizes, act, out_act, bias, reduction, seed):
    net, X, Y = smooth_net(sizes, act, out_act, bias, seed_base=seed)
    assert_gradients_match(net, X, Y, reduction)


class ForgetsOutputSlope(nnlib.Network):
    """A genuinely wrong backward pass: the output layer's activation slope is left out."""

    def backward(self, dout, cache):
        A, Z = cache[-1]
        slope = activations.slope(self.output_activation, Z, self.leak)
        return super().backward(dout / slope, cache)  # the parent multiplies it back in: net effect 1


def assert_check_passes(net, X, Y):
    """The project's own check, with the bar its docstring sets for a correct pass."""
    assert nnlib.gradient_check(net, X, Y, "mean", h=H) < 1e-4


def test_wrong_gradient_is_caught():
    # The check can fail: the same weights, once with the right backward pass and once
    # with one that forgets the output slope (tanh: the slope is 1 - tanh^2, well below 1).
    net, X, Y = smooth_net([3, 4, 2], "tanh", None, True, seed_base=0)
    assert_check_passes(net, X, Y)
    wrong = ForgetsOutputSlope([3, 4, 2], activation="tanh", leak=0.1, bias_init=0.0)
    wrong.set_params(net.get_params())
    assert np.allclose(wrong.cost(X, Y), net.cost(X, Y))  # same forward pass
    with pytest.raises(AssertionError):
        assert_check_passes(wrong, X, Y)


def least_squares_net(n=100, seed=0):
    """A linear [7, 2] net at the exact least-squares weights: the gradient is ~0."""
    X, Y = nnlib.datasets.random_targets(n=n, seed=seed)
    net = nnlib.Network([7, 2], activation="identity", seed=seed)
    net.weights[0][...] = np.linalg.lstsq(X, Y, rcond=None)[0]
    return net, X, Y


def test_gradient_check_at_a_minimum():
    # At a minimum both gradients are rounding noise (~1e-13); an absolute floor made a
    # correct pass read ~1.0 there. The floor now scales with the cost's rounding error.
    net, X, Y = least_squares_net()
    a = gradcheck.analytic_gradient(net, X, Y, "mean")
    assert np.abs(a).max() < 1e-10  # really at the minimum
    assert nnlib.gradient_check(net, X, Y, "mean") < 1e-6
    assert nnlib.gradient_check(net, X, Y, "sum") < 1e-6
    # ... and it still sees a wrong pass there: forgetting the factor 1/N of the mean
    # cost is invisible at the minimum (0 * N = 0), so move off it first.
    net.weights[0] += 0.01
    wrong = nnlib.Network([7, 2], activation="identity")
    wrong.set_params(net.get_params())
    wrong.gradients = lambda X, Y, reduction="mean": net.gradients(X, Y, "sum")
    assert nnlib.gradient_check(wrong, X, Y, "mean") > 0.5


def test_relative_errors_floor_scales_with_the_gradient():
    a = np.array([1.0, 1e-14, 0.0])
    n = np.array([1.0 + 1e-9, 3e-14, 0.0])
    r = gradcheck.relative_errors(a, n)
    assert r[0] == pytest.approx(1e-9 / (2 + 1e-9))
    assert r[1] < 1e-5 and r[2] == 0  # tiny entries are measured against 1e-8 * the largest
    assert gradcheck.relative_errors(a * 1e-20, n * 1e-20)[1] == pytest.approx(r[1])  # scale-free
    assert gradcheck.relative_errors([0.0], [0.0])[0] == 0


# -- the cost and its reductions -----------------------------------------------------
def test_cost_definitions_and_reduction_scale():
    net, X, Y = smooth_net([3, 4, 2], "sigmoid", "identity", True, seed_base=3)
    out = net.predict(X)
    summed = 0.5 * sum(((Y[i] - out[i]) ** 2).sum() for i in range(len(X)))
    assert net.cost(X, Y, "sum") == pytest.approx(summed, rel=1e-13)
    assert net.cost(X, Y, "mean") == pytest.approx(summed / len(X), rel=1e-13)
    gs, _ = net.gradients(X, Y, "sum")
    gm, _ = net.gradients(X, Y, "mean")
    for a, b in zip(gs, gm):
        np.testing.assert_allclose(a / len(X), b, rtol=1e-13)


def test_textbook_forward_by_hand():
    net = nnlib.Network([2, 3, 1], activation="relu", output_activation="identity", bias_init=0.5, seed=1)
    X = np.array([[1.0, -2.0], [0.5, 0.25]])
    h = np.maximum(X @ net.weights[0] + 0.5, 0)
    np.testing.assert_allclose(net.predict(X), h @ net.weights[1] + 0.5, rtol=1e-14)


# -- structure ----------------------------------------------------------------------
def test_defaults_are_the_questions_net():
    net = nnlib.Network([7, 2], seed=0)
    assert net.layer_activations == ["relu"] and net.biases is None and not net.has_bias
    assert net.weights[0].shape == (7, 2) and np.abs(net.weights[0]).max() <= 1


def test_sizes_accept_whole_numbers_of_any_type():
    for sizes in ([7, 2], (7, 2), np.array([7, 2]), [np.int64(7), 2.0]):
        assert nnlib.Network(sizes, seed=0).sizes == [7, 2]


def test_shapes_copy_and_flat_params():
    net = nnlib.Network([7, 10, 2], activation="leaky_relu", output_activation="identity",
                        weight_init="he", bias_init=0.1, seed=0)
    assert [w.shape for w in net.weights] == [(7, 10), (10, 2)]
    assert [b.shape for b in net.biases] == [(10,), (2,)]
    assert net.n_layers == 2 and net.layer_activations == ["leaky_relu", "identity"]
    twin = net.copy()
    twin.weights[0][0, 0] += 1.0
    twin.biases[1][0] += 1.0
    assert net.weights[0][0, 0] != twin.weights[0][0, 0] and net.biases[1][0] == 0.1
    theta = net.get_params()
    assert theta.size == 7 * 10 + 10 + 10 * 2 + 2
    other = nnlib.Network([7, 10, 2], bias_init=0.0, seed=5)
    other.set_params(theta)
    assert np.array_equal(other.get_params(), theta)
    with pytest.raises(ValueError, match="expected a vector of 102 parameters, got shape"):
        other.set_params(theta[:-1])


@pytest.mark.parametrize("cut", [-1, -3, 1])
def test_set_params_of_wrong_length_changes_nothing(cut):
    # The length is checked before writing: a vector one short used to broadcast into the
    # last bias before the error was raised.
    net = nnlib.Network([7, 10, 2], bias_init=0.1, seed=0)
    before = net.get_params()
    theta = np.arange(before.size + 5, dtype=float)[:before.size + cut] + 100.0
    with pytest.raises(ValueError, match="expected a vector of 102 parameters"):
        net.set_params(theta)
    assert np.array_equal(net.get_params(), before)


def test_same_seed_same_weights_different_seed_different():
    a, b, c = (nnlib.Network([7, 10, 2], bias_init=("uniform", 0, 1), seed=s) for s in (4, 4, 5))
    assert np.array_equal(a.get_params(), b.get_params())
    assert not np.array_equal(a.get_params(), c.get_params())


@pytest.mark.parametrize("how,scale", [("he", lambda i, o: np.sqrt(2 / i)),
                                       ("xavier", lambda i, o: np.sqrt(2 / (i + o)))])
def test_scaled_inits_have_their_spread(how, scale):
    net = nnlib.Network([400, 300, 10], weight_init=how, seed=0)
    for w in net.weights:
        assert w.std() == pytest.approx(scale(*w.shape), rel=0.05)


# -- bad input ----------------------------------------------------------------------
@pytest.mark.parametrize("kwargs,message", [
    (dict(sizes=[7]), "at least two layer sizes"),
    (dict(sizes=[]), "at least two layer sizes"),
    (dict(sizes=[7, 0, 2]), "layer size"),
    (dict(sizes=[7, 2], activation="relux"), "unknown activation 'relux'.*'relu', 'leaky_relu'"),
    (dict(sizes=[7, 2], output_activation="softmax"), "unknown output_activation 'softmax'"),
    (dict(sizes=[7, 2], weight_init="glorot"), "'uniform', 'he', 'xavier'"),
    (dict(sizes=[7, 2], bias_init="zero"), "bias_init"),
    (dict(sizes=[7, 2], bias_init=float("nan")), "bias_init"),
    (dict(sizes=[7, 2], leak=-1), "leak"),
    (dict(sizes="72"), "whole layer widths"),
    (dict(sizes=[7.9, 2]), "whole layer widths"),
    (dict(sizes=[7, "2"]), "whole layer widths"),
    (dict(sizes=7), "whole layer widths"),
])
def test_bad_construction(kwargs, message):
    with pytest.raises(ValueError, match=message):
        nnlib.Network(**kwargs)


def test_bad_data_for_cost_gradients_predict():
    net = nnlib.Network([7, 2], seed=0)
    X, Y = nnlib.datasets.random_targets(n=10, seed=0)
    with pytest.raises(ValueError, match="'sum', 'mean'"):
        net.cost(X, Y, reduction="total")
    with pytest.raises(ValueError, match="X has 6 columns .* 7 units"):
        net.gradients(X[:, :6], Y)
    with pytest.raises(ValueError, match="X has 6 columns .* 7 units"):
        net.predict(X[:, :6])
    with pytest.raises(ValueError, match="X has 10 rows .* Y has 9"):
        net.cost(X, Y[:9])
    bad = X.copy()
    bad[3, 3] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        net.cost(bad, Y)
