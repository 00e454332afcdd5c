"""THE QUESTION'S NETWORK, DELIBERATELY BROKEN. Do not use it to train anything.

This is our own re-creation of the code in the Stack Overflow question the course is
built around ("getting higher and higher total cost up until its infinity"). It keeps
every defect of that code, each marked below with a ``# DEFECT n`` comment, so that a
learner sees exactly the symptoms the question describes. It is not imported by
``nnlib/__init__``; the working library is :class:`nnlib.Network` + :func:`nnlib.train`.

The eight defects
-----------------
1. The cost is ``0.5 * sum((y - out)**2)`` over every sample and its gradient is never
   divided by N: the step grows with N, so the lr that works on 100 samples blows up on 1000.
2. The activation (ReLU) is applied to the output layer of a regression too: an output
   unit whose input is negative for every sample outputs 0 forever and the cost freezes.
3. ``self.bias = 0`` counts extra input nodes, so there are no biases at all: nothing can
   lift a dead unit back, and the net must pass through the origin.
4. Every weight is drawn from U(-1, 1) whatever the layer's fan-in (He or Xavier scaling
   would match the layer).
5. The class reads the global ``trng_output``, not its ``data_output`` argument: any
   other data set silently trains on the wrong targets.
6. Progress is printed when ``(i/1000.0) == (i/1000)``, always true in Python 3, so it
   prints every iteration (it meant ``i % 1000 == 0``, Python 2's integer division).
7. ``backprop`` turns the list of differently shaped weight arrays into ``np.array`` and
   back with ``.tolist()`` every step: with two or more layers current NumPy raises
   "inhomogeneous shape"; with one layer it works, slowly.
8. The cost is a per-output vector, summed over samples and then averaged over outputs:
   two reductions mixed.

What we changed, and only to make it usable from a notebook or a test (behaviour is the
question's): the weights come from a seeded NumPy generator, drawn one at a time in the
question's order, so ``OriginalNet(..., seed=s)`` starts from exactly the weights of
``nnlib.Network([7, 2], seed=s)``, and ``toy_data(n, seed)`` is
``nnlib.datasets.random_targets(n, seed)`` as lists; training in the
constructor can be switched off; every line the code would print is recorded in a list
and printed only when ``verbose=True``; the cost it prints is recorded too; the
activation can be swapped by name; NumPy's overflow warnings are silenced (the recorded
costs show the inf/nan instead).

API
---
Module-level data, as at the top of the question's script (the class reads these, not
its arguments, see defect 5)::

    original.trng_input, original.trng_output     # lists of rows (N x 7, N x 2)
    original.use_data(X, Y)                       # set both, as a learner edits the top
    original.toy_data(n=100, seed=0)              # (X, Y) as lists: the question's U(0,1) data

The network::

    net = original.OriginalNet(X, Y, nodes=(7, 2), lr=0.01, iterations=1000,
                               activation="relu",   # "relu" | "identity" | "sigmoid"
                               seed=None,           # same weights as nnlib.Network(nodes, seed=seed)
                               train=True,          # False: only initialise the weights
                               verbose=False)       # True: really print, like the question
    net.weights            # list; arrays (nodes[l], nodes[l+1]) before training,
                           # nested Python lists after (defect 7's round trip)
    net.weight_arrays()    # the current weights as a list of float arrays
    net.training(iterations, lr)   # run (more) training, as the constructor does
    net.costs              # (iterations, n_out) array: the per-output cost printed at
                           # each iteration (the cost of the weights BEFORE that update)
    net.printed            # list of str: every line the code printed / would print
    net.final_line         # the last printed value: mean over outputs of the last cost
    net.progress_checks    # how many iterations passed the progress test (defect 6)

    original.progress_condition(i)   # the question's test, (i/1000.0) == (i/1000)

With ``nodes`` deeper than one weight layer, e.g. ``[7, 10, 2]``, the first training step
raises NumPy's ``ValueError: ... inhomogeneous shape ...`` (defect 7).
"""
import numpy as np

from ..datasets import random_targets


def toy_data(n=100, seed=0):
    """The question's toy data set as Python lists: X (n x 7), Y (n x 2), all U(0, 1).

    The same numbers as ``nnlib.datasets.random_targets(n, seed)``: one seed, one data set
    across the course.
    """
    X, Y = random_targets(n=n, seed=seed)
    return X.tolist(), Y.tolist()


# The globals at the top of the learner's script.
trng_input, trng_output = toy_data()


def use_data(X, Y):
    """Replace the module's global data, like editing the top of the script.

    X: (N, 7), Y: (N, 2), arrays or lists; stored as lists of rows as in the question.
    """
    global trng_input, trng_output
    trng_input = np.asarray(X, dtype=float).tolist()
    trng_output = np.asarray(Y, dtype=float).tolist()


# -- activations: the question uses ReLU everywhere; the others are for comparison --
def relu(x):
    return x * (x > 0)


def relu_prime(x):
    return (x > 0).astype(x.dtype)


def identity(x):
    return x


def identity_prime(x):
    return np.ones_like(x)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def sigmoid_prime(x):
    s = sigmoid(x)
    return s * (1.0 - s)


ACTIVATIONS = {"relu": (relu, relu_prime), "identity": (identity, identity_prime),
               "sigmoid": (sigmoid, sigmoid_prime)}


def progress_condition(i):
    # DEFECT 6: meant "every 1000th iteration" (Python 2 integer division, i % 1000 == 0);
    # in Python 3 both sides are the same true division, so it holds for every i.
    return (i / 1000.0) == (i / 1000)


class OriginalNet:
    """The question's Neural_Net, defects and all. See the module docstring."""

    def __init__(self, data_input, data_output, nodes=(7, 2), lr=0.01, iterations=1000,
                 activation="relu", seed=None, train=True, verbose=False):
        if activation not in ACTIVATIONS:
            raise ValueError(f"unknown activation {activation!r}; valid names are: "
                             f"{', '.join(map(repr, ACTIVATIONS))}")
        self.act, self.act_prime = ACTIVATIONS[activation]
        self.activation = activation
        self.data_input = data_input
        # DEFECT 5: the global trng_output is read; the data_output argument is ignored.
        self.trng_output = trng_output
        # DEFECT 3: "bias" is a count of extra input nodes, and it is 0: no bias terms at all.
        self.bias = 0
        self.nodes = np.array(nodes)
        self.LR = lr
        self.verbose = verbose
        self.rng = np.random.default_rng(seed)  # the draws nnlib.Network(nodes, seed) makes
        self.printed = []
        self.cost_rows = []
        self.progress_checks = 0
        self.weight_init()
        if train:
            self.training(iterations, self.LR)

    # -- DEFECT 4: every weight U(-1, 1), one draw at a time, whatever the fan-in --
    def random_weights(self, n):
        return [self.rng.uniform(-1, 1) for _ in range(n)]

    def weight_init(self):
        self.weights = []
        for n in range(len(self.nodes) - 1):
            rows = [self.random_weights(self.nodes[n + 1])
                    for _ in range(self.nodes[n] + self.bias)]
            self.weights.append(np.array(rows))

    def weight_arrays(self):
        """The current weights as float arrays, whatever form the round trip left them in."""
        return [np.array(w, dtype=float) for w in self.weights]

    # -- forward pass: samples as rows --
    def forward(self, data):
        self.Z = []
        self.A = [np.array(data)]
        for layer in range(len(self.weights)):
            self.Z.append(np.dot(self.A[layer], self.weights[layer]))
            # DEFECT 2: the activation (ReLU) is applied to the output layer too.
            self.A.append(self.act(self.Z[layer]))
        self.output = self.A[-1]
        return self.output

    def cost_function(self):
        # DEFECT 1: summed over every sample (builtin sum over rows), so it grows with N.
        # DEFECT 8: what is left is a per-output vector; the last print averages it.
        # It uses self.output from the last forward pass, i.e. the weights before the update.
        self.total_cost = 0.5 * sum((self.trng_output - self.output) ** 2)
        return self.total_cost

    def cost_function_prime(self):
        self.forward(self.data_input)
        self.delta = [None] * len(self.weights)
        self.dcost_dw = [None] * len(self.weights)
        for layer in reversed(range(len(self.weights))):
            z_prime = self.act_prime(self.Z[layer])
            if layer == len(self.weights) - 1:
                # DEFECT 1 again: the gradient of the summed cost, never divided by N.
                self.delta[layer] = -(self.trng_output - self.output) * z_prime
            else:
                self.delta[layer] = np.dot(self.delta[layer + 1], self.weights[layer + 1].T) * z_prime
            self.dcost_dw[layer] = np.dot(self.A[layer].T, self.delta[layer])
        return self.dcost_dw

    def backprop(self, lr):
        # DEFECT 7: the list of differently shaped layers goes through np.array and back
        # with .tolist() every step. One layer: works (slowly). Two or more: NumPy raises
        # "ValueError: ... inhomogeneous shape".
        self.dcost_dw = (np.array(self.dcost_dw) * lr).tolist()
        self.weights = (np.array(self.weights) - np.array(self.dcost_dw)).tolist()

    def _print(self, value):
        self.printed.append(str(value))
        if self.verbose:
            print(value)

    def training(self, iterations, lr):
        with np.errstate(over="ignore", invalid="ignore"):
            for i in range(iterations):
                self.cost_function_prime()
                self.backprop(lr)
                if progress_condition(i):
                    self.progress_checks += 1
                    cost = self.cost_function()
                    self.cost_rows.append(np.array(cost, dtype=float))
                    self._print(cost)
            last = self.cost_function()
            # DEFECT 8: sum over samples, then mean over outputs.
            self.final_line = sum(last) / len(last)
            self._print(self.final_line)

    @property
    def costs(self):
        """(iterations so far, n_out): the per-output cost printed at each iteration."""
        return np.array(self.cost_rows, dtype=float).reshape(len(self.cost_rows), -1)
