"""Update rules, one shape for all: ``direction = rule.step(grad)``, then params -= lr * direction.

Keeping lr outside the rule lets adaptive training halve it and retry the same direction.
- "sgd": direction = grad. It has no class: :func:`nnlib.train` folds lr into the gradient's
  scale for plain descent (one multiply fewer per epoch), so :func:`make` returns None for it.
- "momentum": v = mu * v + grad; direction = v.
- "adam": bias-corrected m / (sqrt(v) + eps). The direction is about +-1 per parameter
  whatever the gradient's scale, which is why Adam hardly cares whether the cost is summed
  or averaged over samples.
All buffers are preallocated; step() writes in place.
"""
import numpy as np

from ._checks import choose, number, positive

OPTIMIZERS = ("sgd", "momentum", "adam")


class Momentum:
    def __init__(self, size, dtype, momentum=0.9):
        self.mu = float(momentum)
        self.v = np.zeros(size, dtype)

    def step(self, grad):
        self.v *= self.mu
        self.v += grad
        return self.v


class Adam:
    def __init__(self, size, dtype, betas=(0.9, 0.999), eps=1e-8):
        self.b1, self.b2 = map(float, betas)
        self.eps = float(eps)
        self.m = np.zeros(size, dtype)
        self.v = np.zeros(size, dtype)
        self.d = np.empty(size, dtype)
        self.t = 0

    def step(self, grad):
        self.t += 1
        self.m *= self.b1
        self.m += (1.0 - self.b1) * grad
        self.v *= self.b2
        np.multiply(grad, grad, out=self.d)
        self.d *= 1.0 - self.b2
        self.v += self.d
        # d = (m / c1) / (sqrt(v / c2) + eps)
        np.multiply(self.v, 1.0 / (1.0 - self.b2 ** self.t), out=self.d)
        np.sqrt(self.d, out=self.d)
        self.d += self.eps
        np.divide(self.m, self.d, out=self.d)
        self.d *= 1.0 / (1.0 - self.b1 ** self.t)
        return self.d


def _fraction(value, what):
    """A number in [0, 1), or a ValueError naming the option."""
    v = number(value, what, "a number in [0, 1)")
    if not 0.0 <= v < 1.0:
        raise ValueError(f"{what} must be in [0, 1), got {value!r}")
    return v


def make(name, size, dtype, momentum=0.9, betas=(0.9, 0.999), eps=1e-8):
    """The rule called ``name`` with buffers of ``size`` in ``dtype``; None for "sgd" (no state).

    Checks the options of the chosen rule only; ValueError naming the option otherwise.
    """
    choose(name, OPTIMIZERS, "optimizer")
    if name == "sgd":
        return None
    if name == "momentum":
        return Momentum(size, dtype, _fraction(momentum, "momentum"))
    try:
        if isinstance(betas, (str, bytes)):
            raise TypeError
        b1, b2 = betas
    except (TypeError, ValueError):
        raise ValueError(f"betas must be two numbers (beta1, beta2), each in [0, 1); got {betas!r}") from None
    betas = (_fraction(b1, "betas[0] (beta1)"), _fraction(b2, "betas[1] (beta2)"))
    return Adam(size, dtype, betas, positive(eps, "eps"))
