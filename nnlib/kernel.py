"""Fast full-batch training: the maths of ``Network.forward/backward``, laid out for speed.

Why it looks different from the textbook passes (a test holds the two equal):
- samples are columns: Z_l = W_l @ A_{l-1} with A (units, N), so every array is a few
  long contiguous rows;
- biases are folded into the weights as an extra column, fed by a row of ones in A;
- all parameters live in one flat vector (and all gradients in another), so an update is
  two NumPy calls whatever the depth;
- one slope array per layer, act'(z), serves the forward product and the backward pass;
- every buffer is allocated once per run and written with ``out=``: no allocation per epoch;
- an epoch is a fixed list of NumPy calls with their arguments bound, built once: on
  arrays of a few thousand numbers NumPy's work per call (parsing keywords, converting
  Python numbers) costs as much as the arithmetic, so the list skips it.
"""
import numpy as np

from . import activations


class Kernel:
    """Buffers and passes for one network on one data set.

    X: (N, n_in), Y: (N, n_out) float arrays, already validated.
    mask_slots: how many forward passes' "z > 0" masks to keep before they must be
    read with :meth:`alive_into`: reading a block of them at once costs less than one
    reduction per epoch.
    """

    def __init__(self, net, X, Y, scale, dtype=np.float64, mask_slots=1):
        self.L, self.scale = net.n_layers, scale
        self.acts = net.layer_activations
        recs = [activations.get(a) for a in self.acts]  # what each layer's activation allows
        self._parameters(net, dtype)
        masks = self._masks(net.sizes, X.shape[0], mask_slots)
        self._passes(net, X, Y, dtype, recs)
        self._forward_calls = [self._forward_list(mask, recs, net.leak, dtype) for mask in masks]
        self._backward_calls = self._backward_list()

    def _parameters(self, net, dtype):
        """Every weight (bias as a last column) in one flat vector, the gradient in another."""
        sizes, nb = net.sizes, 1 if net.has_bias else 0
        shapes = [(sizes[l + 1], sizes[l] + nb) for l in range(self.L)]
        self.starts = np.cumsum([0] + [r * c for r, c in shapes])[:-1]
        total = sum(r * c for r, c in shapes)
        # params and grad share one buffer so one reduceat gives every layer's norm of both
        self.both = np.empty(2 * total, dtype)
        self.params, self.grad = self.both[:total], self.both[total:]
        self.norm_starts = np.concatenate([self.starts, self.starts + total])
        self.W = [self.params[s:s + r * c].reshape(r, c) for s, (r, c) in zip(self.starts, shapes)]
        self.G = [self.grad[s:s + r * c].reshape(r, c) for s, (r, c) in zip(self.starts, shapes)]
        self.W_back = [W[:, :sizes[l]].T for l, W in enumerate(self.W)]  # no bias column
        self.load(net)

    def _masks(self, sizes, N, mask_slots):
        """[slot][layer] views of the "z > 0" masks: (units, N) bool each."""
        # One slot per forward pass, rows padded to whole 8-byte words (the padding stays
        # False), so a bitwise OR over words finds live units.
        self.mask_block = np.zeros((mask_slots, sum(sizes[1:]), -(-N // 8) * 8), bool)
        unit_starts = np.cumsum([0] + sizes[1:])
        return [[self.mask_block[j, unit_starts[l]:unit_starts[l + 1], :N] for l in range(self.L)]
                for j in range(mask_slots)]

    def _passes(self, net, X, Y, dtype, recs):
        """The buffers of the passes: A (inputs, a row of ones for the bias), Z, slopes S, deltas D."""
        sizes, nb, L, N = net.sizes, 1 if net.has_bias else 0, self.L, X.shape[0]
        A0 = np.ones((sizes[0] + nb, N), dtype)
        A0[:sizes[0]] = X.T
        self.A, self.Z, self.Aout, self.S, self.D = [A0], [], [], [], []
        for l in range(L):
            rows, last = sizes[l + 1], l == L - 1
            A = np.ones((rows + (0 if last else nb), N), dtype)
            out = A[:rows]
            self.A.append(A)
            self.Aout.append(out)
            # identity: z is a; relu-like: a = z * s is written over z (the mask and the
            # slope are made from z first); sigmoid, tanh: z has a buffer of its own.
            self.Z.append(out if recs[l].overwrites_z else np.empty((rows, N), dtype))
            self.S.append(None if recs[l].unit_slope else np.empty((rows, N), dtype))
            self.D.append(np.empty((rows, N), dtype))
        self.Yt = np.ascontiguousarray(Y.T, dtype=dtype)
        self.E = np.empty_like(self.Yt)
        self.E_flat = self.E.reshape(-1)
        self.AT = [A.T for A in self.A]
        if self.S[-1] is None:
            self.D[-1] = self.E  # identity output: dC/dZ_L is the error itself
        self._sq = np.empty((), dtype)  # sum of squared errors
        self._half_scale = 0.5 * self.scale
        self._factor = np.empty((), dtype)

    # An epoch is two fixed lists of NumPy calls on the buffers above, built once:
    # (function, positional args). Running a list is a loop of f(*args), with no
    # look-ups, keyword parsing or Python-number conversion per call.
    def _forward_list(self, mask, recs, leak, dtype):
        """The forward pass and the squared error, writing the "z > 0" masks into ``mask``."""
        zero = np.zeros((), dtype)
        calls = []
        for l in range(self.L):
            calls.append((np.dot, (self.W[l], self.A[l], self.Z[l])))
            if not recs[l].unit_slope:
                calls += recs[l].calls(self.Z[l], self.Aout[l], self.S[l], mask[l], leak)
            # a layer that cannot die has no dead share to count (training records NaN): no mask
            if recs[l].can_die and not recs[l].fills_mask:
                calls.append((np.greater, (self.Z[l], zero, mask[l])))
        return calls + [(np.subtract, (self.Aout[-1], self.Yt, self.E)),
                        (np.dot, (self.E_flat, self.E_flat, self._sq))]

    def _backward_list(self):
        """The backward pass: every layer's gradient into self.G (unscaled)."""
        back = []
        if self.S[-1] is not None:
            back.append((np.multiply, (self.E, self.S[-1], self.D[-1])))
        for l in range(self.L - 1, -1, -1):
            back.append((np.dot, (self.D[l], self.AT[l], self.G[l])))
            if l:
                # W_back is a strided view (the bias column left out): np.matmul hands it to
                # BLAS as it is, where np.dot would take a slower path.
                back.append((np.matmul, (self.W_back[l], self.D[l], self.D[l - 1])))
                if self.S[l - 1] is not None:
                    back.append((np.multiply, (self.D[l - 1], self.S[l - 1], self.D[l - 1])))
        return back

    # -- parameters in and out of the flat vector -------------------------------
    def load(self, net):
        for l, W in enumerate(self.W):
            W[:, :net.sizes[l]] = net.weights[l].T
            if net.has_bias:
                W[:, -1] = net.biases[l]

    def store(self, net):
        """Write the current parameters back into the network."""
        for l, W in enumerate(self.W):
            net.weights[l][...] = W[:, :net.sizes[l]].T
            if net.has_bias:
                net.biases[l][...] = W[:, -1]

    # -- passes -----------------------------------------------------------------
    def forward(self, slot=0):
        """Cost at the current parameters; the "z > 0" masks go to mask slot ``slot``."""
        for f, args in self._forward_calls[slot]:
            f(*args)
        return self._half_scale * float(self._sq)

    def pre_activations(self):
        """[Z_l (N, units)] at the current parameters, as float64 copies: recomputed,
        since the forward pass writes a relu-like layer's activation over its z."""
        return [np.dot(W, A).T.astype(np.float64) for W, A in zip(self.W, self.A)]

    def alive_into(self, out):
        """out (n, all units): for the forward passes run in slots 0 .. n-1, is each unit's
        pre-activation > 0 on some sample? Units are listed layer by layer; a layer that
        cannot die keeps no mask, so its units read False (training records NaN there)."""
        words = self.mask_block[:len(out)].view(np.uint64)
        np.not_equal(np.bitwise_or.reduce(words, axis=2), 0, out=out)

    def backward(self, factor=None):
        """Gradient of the cost, times ``factor`` (default: the reduction's scale), into self.grad.

        Needs the forward pass just before. The scale is applied once, to the small
        gradient vector; plain gradient descent passes factor = scale * lr and gets the step.
        """
        for f, args in self._backward_calls:
            f(*args)
        factor = self.scale if factor is None else factor
        if factor != 1.0:
            self._factor[()] = factor
            np.multiply(self.grad, self._factor, self.grad)
        return self.grad
