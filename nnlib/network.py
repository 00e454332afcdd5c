"""A fully connected network, written as a textbook would: samples as rows.

Every choice the question made is a named option, and the defaults reproduce the
question's network (ReLU everywhere, U(-1, 1) weights, no biases), so going from
broken to fixed is a change of arguments:

    Network([7, 2])                                         # the question's net
    Network([7, 10, 2], activation="leaky_relu", output_activation="identity",
            weight_init="he", bias_init=0.1)                # a net that trains

The forward and backward passes here are the readable reference. Training runs on
:mod:`nnlib.kernel`, a faster form of the same maths; a test holds the two equal.
"""
import numpy as np

from . import activations, costs, init
from ._checks import choose, data, finite, fits, inputs, layer_sizes, number, real_array, show
from ._checks import seed as check_seed


def n_params(sizes):
    """Weights and biases of a net with these layer sizes: [7, 10, 2] -> 102."""
    return sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:]))


class Network:
    """Weights ``weights[l]``: (sizes[l], sizes[l+1]); biases ``biases[l]``: (sizes[l+1],) or None.

    activation: hidden layers; output_activation: last layer (None: same as activation).
    leak: slope below zero for "leaky_relu", 0 to activations.MAX_LEAK (1e6). bias_init:
    None (no bias terms, as in the question), a constant, or ("uniform", lo, hi).
    seed: for the initialisers (None, a whole number >= 0, or a NumPy Generator).
    """

    def __init__(self, sizes, activation="relu", output_activation=None, leak=0.01,
                 weight_init="uniform", bias_init=None, seed=None):
        sizes = layer_sizes(sizes)
        fits(8 * n_params(sizes), f"a network of sizes {show(sizes)}")
        self.sizes = sizes
        self.activation = activations.check(activation)
        self.output_activation = (self.activation if output_activation is None else
                                  choose(output_activation, activations.NAMES, "output_activation"))
        expected = f"a number from 0 to {activations.MAX_LEAK:g}"
        self.leak = number(leak, "leak", expected)
        if not 0 <= self.leak <= activations.MAX_LEAK:  # see MAX_LEAK: the fast slope stays exact
            raise ValueError(f"leak must be {expected} (the fast kernel's slope is exact up to "
                             f"there), got {show(leak)}")
        self.weight_init = choose(weight_init, init.WEIGHT_INITS, "weight_init")
        bias_init = init.check_bias(bias_init)
        self.bias_init = bias_init
        self.seed = check_seed(seed)
        rng = np.random.default_rng(seed)
        self.weights = init.weights(sizes, weight_init, rng)
        self.biases = init.biases(sizes, bias_init, rng)

    # -- structure -------------------------------------------------------------
    @property
    def n_layers(self):
        """Number of weight layers (len(sizes) - 1)."""
        return len(self.sizes) - 1

    @property
    def layer_activations(self):
        """The activation name of each weight layer, output last."""
        return [self.activation] * (self.n_layers - 1) + [self.output_activation]

    @property
    def has_bias(self):
        return self.biases is not None

    def copy(self):
        """An independent copy: same settings, copied arrays."""
        new = object.__new__(Network)
        new.__dict__.update(self.__dict__)
        new.sizes = list(self.sizes)
        new.weights = [w.copy() for w in self.weights]
        new.biases = None if self.biases is None else [b.copy() for b in self.biases]
        return new

    def __repr__(self):
        bias = "no bias" if self.biases is None else f"bias_init={self.bias_init!r}"
        return (f"Network({self.sizes}, activation={self.activation!r}, "
                f"output_activation={self.output_activation!r}, leak={self.leak:g}, "
                f"weight_init={self.weight_init!r}, {bias})")

    # -- the textbook passes ---------------------------------------------------
    def forward(self, X):
        """X: (N, sizes[0]) -> (out (N, sizes[-1]), cache).

        cache holds, per layer, the input A (N, sizes[l]) and pre-activation Z (N, sizes[l+1]).
        """
        A = X
        cache = []
        for l, (W, act) in enumerate(zip(self.weights, self.layer_activations)):
            Z = A @ W
            if self.biases is not None:
                Z = Z + self.biases[l]
            cache.append((A, Z))
            A = activations.forward(act, Z, self.leak)
        return A, cache

    def backward(self, dout, cache):
        """dout: dC/d out (N, sizes[-1]) -> (list of dW, list of db or None)."""
        dWs, dbs = [], []
        delta = None
        for l in reversed(range(self.n_layers)):
            A, Z = cache[l]
            grad_a = dout if l == self.n_layers - 1 else delta @ self.weights[l + 1].T
            delta = grad_a * activations.slope(self.layer_activations[l], Z, self.leak)
            dWs.append(A.T @ delta)
            dbs.append(delta.sum(axis=0))
        dWs.reverse()
        dbs.reverse()
        return dWs, (dbs if self.biases is not None else None)

    def predict(self, X):
        """X: (N, sizes[0]) -> (N, sizes[-1])."""
        X = inputs(self.sizes, X)
        with np.errstate(all="ignore"):  # an overflow is inf in the output, not a warning
            return self.forward(X)[0]

    def cost(self, X, Y, reduction="mean"):
        """X: (N, sizes[0]), Y: (N, sizes[-1]) -> float.

        0.5 * sum over samples and outputs of (Y - out)**2, divided by N for "mean".
        """
        X, Y = data(self.sizes, X, Y)
        choose(reduction, costs.REDUCTIONS, "reduction")
        with np.errstate(all="ignore"):
            return costs.cost(self.forward(X)[0], Y, reduction)

    def gradients(self, X, Y, reduction="mean"):
        """X: (N, sizes[0]), Y: (N, sizes[-1]) -> (dWs, dbs): dWs[l] (sizes[l], sizes[l+1]) like
        weights[l]; dbs[l] (sizes[l+1],) like biases[l], or None without biases."""
        X, Y = data(self.sizes, X, Y)
        choose(reduction, costs.REDUCTIONS, "reduction")
        with np.errstate(all="ignore"):
            out, cache = self.forward(X)
            return self.backward(costs.cost_gradient(out, Y, reduction), cache)

    # -- flat parameter view (for gradient checks, curvature and the kernel) ---
    def get_params(self):
        """All parameters as one vector, layer by layer: W_l row-major, then b_l."""
        parts = []
        for l, W in enumerate(self.weights):
            parts.append(np.ravel(W))
            if self.biases is not None:
                parts.append(np.ravel(self.biases[l]))
        return np.concatenate(parts)

    def set_params(self, theta):
        """Inverse of get_params: write the vector back into weights and biases in place."""
        # real and finite, checked before writing: a complex vector would lose its imaginary
        # part and a NaN would spread through every later pass
        theta = real_array(theta, "set_params: theta")
        expected = sum(W.size for W in self.weights)
        if self.biases is not None:
            expected += sum(b.size for b in self.biases)
        if theta.shape != (expected,):
            # checked before writing: a vector one short would otherwise broadcast into the last bias
            raise ValueError(f"expected a vector of {expected} parameters, got shape {theta.shape}")
        finite(theta, "set_params: theta", "weights must be finite numbers")
        self._write(theta)

    def _write(self, theta):
        """set_params without its checks, for callers that made theta from get_params
        (a central difference writes 2 vectors per parameter: checking each would cost O(P^2))."""
        i = 0
        for l, W in enumerate(self.weights):
            W[...] = theta[i:i + W.size].reshape(W.shape)
            i += W.size
            if self.biases is not None:
                b = self.biases[l]
                b[...] = theta[i:i + b.size]
                i += b.size
