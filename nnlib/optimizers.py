"""Update rules, one shape for all: ``step = rule.step(kernel.backward(rule.factor(scale, lr)), lr)``,
then params -= step.

- "sgd": step = lr * grad. lr is folded into the gradient's scale (``factor`` returns
  scale * lr), so the backward pass hands back the step itself: one multiply fewer per epoch.
- "momentum": v = mu * v + grad; step = lr * v.
- "rmsprop": v = rho * v + (1 - rho) * grad**2; step = lr * grad / (sqrt(v) + eps).
- "adam": step = lr * bias-corrected m / (sqrt(v) + eps). The direction is about +-1 per
  parameter whatever the gradient's scale, which is why Adam hardly cares whether the cost
  is summed or averaged over samples.
lr stays outside the rules' state, so adaptive training can halve a step and retry it.
Each rule names its options and their defaults in ``OPTIONS``; :func:`options` takes them
as keywords (``train(..., optimizer="rmsprop", rho=0.9)``) or in one argument,
``("adam", {"eps": 1e-6})``. tests/optimizer_reference.py holds each rule as a plain
``update(w, dw, state, lr, **options) -> (w, state)``, and a test holds the two equal.
All buffers are preallocated; step() writes in place.
"""
import numpy as np

from ._checks import choose, number, positive, show


class SGD:
    """Plain gradient descent: no state."""
    OPTIONS = {}
    direction = None  # the step is the backward buffer itself: no direction of its own

    def __init__(self, size, dtype):
        pass

    @staticmethod
    def check():
        return {}

    @staticmethod
    def factor(scale, lr):
        return scale * lr

    @staticmethod
    def step(grad, lr):
        return grad

    @staticmethod
    def norms(buffer, direction, lrs):
        """(gradient, step) norms from those of the backward buffer (the step) and the direction."""
        return buffer / lrs, buffer


class _Directed:
    """A rule whose step is lr times a direction of its own (``self.direction``)."""

    def __init__(self, size, dtype):
        self.out = np.empty(size, dtype)

    @staticmethod
    def factor(scale, lr):
        return scale

    def step(self, grad, lr):
        return np.multiply(self.direct(grad), lr, out=self.out)

    @staticmethod
    def norms(buffer, direction, lrs):
        """(gradient, step) norms from those of the backward buffer (the gradient) and the direction."""
        return buffer, lrs * direction


class Momentum(_Directed):
    OPTIONS = {"momentum": 0.9}

    def __init__(self, size, dtype, momentum=0.9):
        super().__init__(size, dtype)
        self.mu = float(momentum)
        self.v = self.direction = np.zeros(size, dtype)

    @staticmethod
    def check(momentum):
        return {"momentum": _fraction(momentum, "momentum")}

    def direct(self, grad):
        self.v *= self.mu
        self.v += grad
        return self.v


class RMSProp(_Directed):
    OPTIONS = {"rho": 0.99, "eps": 1e-8}

    def __init__(self, size, dtype, rho=0.99, eps=1e-8):
        super().__init__(size, dtype)
        self.rho, self.eps = float(rho), float(eps)
        self.v = np.zeros(size, dtype)
        self.d = self.direction = np.empty(size, dtype)

    @staticmethod
    def check(rho, eps):
        return {"rho": _fraction(rho, "rho"), "eps": positive(eps, "eps")}

    def direct(self, grad):
        # d = grad / (sqrt(v) + eps), with v = rho v + (1 - rho) grad**2
        self.v *= self.rho
        np.multiply(grad, grad, out=self.d)
        self.d *= 1.0 - self.rho
        self.v += self.d
        np.sqrt(self.v, out=self.d)
        self.d += self.eps
        np.divide(grad, self.d, out=self.d)
        return self.d


class Adam(_Directed):
    OPTIONS = {"betas": (0.9, 0.999), "eps": 1e-8}

    def __init__(self, size, dtype, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(size, dtype)
        self.b1, self.b2 = map(float, betas)
        self.eps = float(eps)
        self.m = np.zeros(size, dtype)
        self.v = np.zeros(size, dtype)
        self.d = self.direction = np.empty(size, dtype)
        self.t = 0

    @staticmethod
    def check(betas, eps):
        try:
            if isinstance(betas, (str, bytes)):
                raise TypeError
            b1, b2 = betas
        except (TypeError, ValueError):
            raise ValueError(f"betas must be two numbers (beta1, beta2), each in [0, 1); "
                             f"got {betas!r}") from None
        betas = (_fraction(b1, "betas[0] (beta1)"), _fraction(b2, "betas[1] (beta2)"))
        return {"betas": betas, "eps": positive(eps, "eps")}

    def direct(self, grad):
        self.t += 1
        self.m *= self.b1
        self.m += np.multiply(grad, 1.0 - self.b1, out=self.out)  # out is free until step() fills it
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


RULES = {"sgd": SGD, "momentum": Momentum, "adam": Adam, "rmsprop": RMSProp}
OPTIMIZERS = tuple(RULES)


def _fraction(value, what):
    """A number in [0, 1), or a ValueError naming the option."""
    v = number(value, what, "a number in [0, 1)")
    if not 0.0 <= v < 1.0:
        raise ValueError(f"{what} must be in [0, 1), got {value!r}")
    return v


def options(optimizer, shorthands=None, **given):
    """(name, checked options) of ``optimizer``: a name, or a pair (name, {option: value}).

    given: options as keywords (``rho=0.9``); each must be one of the rule's ``OPTIONS``.
    The pair's dict wins over them. shorthands: {option: value} that a rule without such an
    option ignores (train's momentum=, betas=, eps=, which every rule has always accepted).
    ValueError naming an unknown name or option (with the rule's options), or a bad value.
    """
    name, pair = optimizer, {}
    if isinstance(optimizer, (tuple, list)) and len(optimizer) == 2:
        name, pair = optimizer
        if not isinstance(pair, dict):
            raise ValueError(f"an optimizer's options come as a dict, as in ('adam', {{'eps': 1e-6}}); "
                             f"got {show(pair)}")
    rule = RULES[choose(name, OPTIMIZERS, "optimizer")]
    unknown = [key for key in (*given, *pair) if key not in rule.OPTIONS]
    if unknown:
        known = ", ".join(map(repr, rule.OPTIONS)) or "none"
        raise ValueError(f"optimizer {name!r} has no option {show(unknown[0])}; its options: {known}")
    chosen = dict(rule.OPTIONS)
    chosen.update((key, value) for key, value in (shorthands or {}).items()
                  if key in rule.OPTIONS and value is not None)
    chosen.update(given)
    chosen.update(pair)
    return name, rule.check(**chosen)


def make(name, size, dtype, **checked):
    """The rule called ``name`` with buffers of ``size`` in ``dtype`` and the options from :func:`options`."""
    return RULES[name](size, dtype, **checked)
