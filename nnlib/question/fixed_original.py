"""The question's network with every fix applied: what to change in your own code.

:mod:`nnlib.question.original` re-creates the question's code with its defects marked
``# DEFECT n``. This module is the same class, same layout and method names, with each
defect repaired and marked ``# FIX n`` (n as in ``nnlib.question.original``'s list of the eight defects). Notebook 04 prints it.

    from nnlib.question.fixed_original import FixedNet
    X, Y = nnlib.datasets.sincos(n=1000, seed=0)
    net = FixedNet(X, Y, nodes=(7, 2), lr=0.5, iterations=2000, seed=0)
    net.costs            # (iterations + 1,) mean cost before each update, then the final one
    net.predict(X)       # (N, outputs)

It trains exactly as ``nnlib.Network(nodes, activation="leaky_relu",
output_activation="identity", leak=LEAK, weight_init="he", bias_init=0.1, seed=seed)``
under ``nnlib.train(net, X, Y, lr=lr, reduction="mean")`` (same draws, same steps; a test
holds the two cost curves equal). The one thing most easily missed is FIX 1: dividing
the printed cost by N (``np.mean`` in ``cost_function``) changes only the number you
read; training uses ``cost_function_prime``, so the GRADIENT must be divided by N.
"""
import numpy as np

LEAK = 0.01  # FIX 2: 1% of the gradient still flows through a unit whose input is negative


def leaky_relu(x):
    return np.where(x > 0, x, LEAK * x)


def leaky_relu_prime(x):
    return np.where(x > 0, 1.0, LEAK)


class FixedNet:
    """The question's Neural_Net, fixed. See the module docstring."""

    def __init__(self, data_input, data_output, nodes=(7, 2), lr=0.5, iterations=2000,
                 seed=None, train=True, verbose=False):
        self.data_input = np.asarray(data_input, dtype=float)
        # FIX 5: the data_output argument, not the global trng_output.
        self.trng_output = np.asarray(data_output, dtype=float)
        if self.data_input.ndim != 2 or self.trng_output.shape[:1] != self.data_input.shape[:1]:
            raise ValueError(f"data_input (N, inputs) and data_output (N, outputs) must have the same "
                             f"number of rows, got {self.data_input.shape} and {self.trng_output.shape}")
        self.nodes = [int(n) for n in nodes]
        # FIX 1: with the mean gradient one lr suits every N; 0.5 is below this net's
        # stability limit 2 / lambda_max (about 0.7 on the course's sin/cos data).
        self.LR = lr
        self.verbose = verbose
        self.rng = np.random.default_rng(seed)
        self.cost_rows = []
        self.weight_init()
        if train:
            self.training(iterations, self.LR)

    def weight_init(self):
        # FIX 4: He init, N(0, 2 / fan_in): the scale of each layer's input is kept.
        self.weights = [self.rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
                        for n_in, n_out in zip(self.nodes[:-1], self.nodes[1:])]
        # FIX 3: real biases, one per unit, trained like the weights, starting at 0.1.
        self.biases = [np.full(n_out, 0.1) for n_out in self.nodes[1:]]

    def forward(self, data):
        self.Z = []
        self.A = [np.asarray(data, dtype=float)]
        last = len(self.weights) - 1
        for layer in range(len(self.weights)):
            self.Z.append(self.A[layer] @ self.weights[layer] + self.biases[layer])  # FIX 3
            # FIX 2: leaky ReLU in hidden layers; the output layer is linear (a regression
            # output must be free to take any value, and a linear unit cannot die).
            self.A.append(self.Z[layer] if layer == last else leaky_relu(self.Z[layer]))
        self.output = self.A[-1]
        return self.output

    def predict(self, data):
        return self.forward(data)

    def cost_function(self):
        # FIX 1 and 8: one number, the mean over samples of the per-sample cost.
        n = len(self.trng_output)
        self.total_cost = 0.5 * np.sum((self.trng_output - self.output) ** 2) / n
        return self.total_cost

    def cost_function_prime(self):
        self.forward(self.data_input)
        n = len(self.data_input)
        last = len(self.weights) - 1
        self.delta = [None] * len(self.weights)
        self.dcost_dw = [None] * len(self.weights)
        self.dcost_db = [None] * len(self.weights)
        for layer in reversed(range(len(self.weights))):
            if layer == last:
                # FIX 1: the gradient of the MEAN cost: divide by N here, not only in
                # cost_function. FIX 2: a linear output's slope is 1 (no Zprime factor).
                self.delta[layer] = -(self.trng_output - self.output) / n
            else:
                self.delta[layer] = (self.delta[layer + 1] @ self.weights[layer + 1].T
                                     * leaky_relu_prime(self.Z[layer]))
            self.dcost_dw[layer] = self.A[layer].T @ self.delta[layer]
            self.dcost_db[layer] = self.delta[layer].sum(axis=0)  # FIX 3
        return self.dcost_dw, self.dcost_db

    def backprop(self, lr):
        # FIX 7: update each layer's array in place; no np.array(...).tolist() round
        # trip, so a deeper net such as [7, 10, 2] works.
        for layer in range(len(self.weights)):
            self.weights[layer] -= lr * self.dcost_dw[layer]
            self.biases[layer] -= lr * self.dcost_db[layer]

    def training(self, iterations, lr):
        for i in range(iterations):
            self.cost_function_prime()
            self.cost_rows.append(self.cost_function())  # the cost before this update
            self.backprop(lr)
            if self.verbose and i % 1000 == 0:  # FIX 6: every 1000th iteration, in Python 3 too
                print(i, self.total_cost)
        self.forward(self.data_input)
        self.cost_rows.append(self.cost_function())

    @property
    def costs(self):
        """(iterations + 1,): the mean cost before each update, then after the last."""
        return np.array(self.cost_rows, dtype=float)
