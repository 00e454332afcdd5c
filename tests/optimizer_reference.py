"""Each update rule of nnlib.optimizers written the plain way, as a pure function:

    w, state = update(w, dw, state, lr, **options)

w, dw: (P,) parameters and the gradient of the cost at w; state: a dict the rule keeps
between steps ({} before the first), never changed in place, so a step can be taken again
from the same state at another lr (what adaptive training does after an undone update).
The defaults are the textbook ones, written here apart from the rules' ``OPTIONS``.
A new rule in nnlib/optimizers.py adds its function to REFERENCE.
"""
import numpy as np


def sgd(w, dw, state, lr):
    return w - lr * dw, state


def momentum(w, dw, state, lr, momentum=0.9):
    v = momentum * state.get("v", 0.0) + dw
    return w - lr * v, {"v": v}


def rmsprop(w, dw, state, lr, rho=0.99, eps=1e-8):
    cache = rho * state.get("cache", 0.0) + (1 - rho) * dw * dw
    return w - lr * dw / (np.sqrt(cache) + eps), {"cache": cache}


def adam(w, dw, state, lr, betas=(0.9, 0.999), eps=1e-8):
    b1, b2 = betas
    t = state.get("t", 0) + 1
    m = b1 * state.get("m", 0.0) + (1 - b1) * dw
    v = b2 * state.get("v", 0.0) + (1 - b2) * dw * dw
    m_hat, v_hat = m / (1 - b1 ** t), v / (1 - b2 ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), {"t": t, "m": m, "v": v}


REFERENCE = {"sgd": sgd, "momentum": momentum, "rmsprop": rmsprop, "adam": adam}
