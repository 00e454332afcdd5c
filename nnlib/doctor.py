"""The doctor for your own NumPy code: the first bad number, its line, and a diagnosis.

    from nnlib import doctor
    with doctor.watch(lr=0.01, n_samples=1000, reduction="sum") as w:   # keywords: nnlib.diagnose's
        for i in range(1000):
            ...                      # your training loop, unchanged
            w.log(cost)              # optional; also weights=[W1, W2], activations=[Z1, Z2]
    w.first_error        # None, or .kind ("overflow" | "invalid" | "divide"), .filename,
                         # .lineno, .code (the source line), .step (costs logged before it)
    w.diagnosis          # nnlib.diagnose of the logged costs
    print(w)             # the first bad operation, then the diagnosis

    doctor.check_gradients(cost_fn, grad_fn, [W1, W2])   # your backprop against central differences
    doctor.find_lr(train, settings)      # a range test's suggestions and the measured limit (nnlib.lrfind)

How watch finds the line: NumPy checks every floating-point operation for overflow, an
invalid result (inf - inf, 0 / 0, sqrt(-1)) and division by zero, and by default warns
(once per place) or ignores. Inside ``watch`` those three call a function instead
(``np.errstate(..., call=...)``), which walks up the stack past NumPy's own frames to the
first line of yours. Results are never changed (the same IEEE infs and NaNs come out), the
previous error handling is restored on exit, and an exception in your code propagates.
Underflow (a tiny number rounded to 0) is left as it was: it is harmless and frequent.
"""
import linecache
import os
import sys
from dataclasses import dataclass

import numpy as np

from . import gradcheck
from ._checks import as_matrix
from .diagnosis import diagnose
from .diagnosis.reference import constant_level
from .activations import dead_share
from .examine import examine  # noqa: F401 (doctor.examine)
from .i18n import _, N_
from .lrfind import find_lr  # noqa: F401  (doctor.find_lr: the range test and the measured limit)
from .runs import number, numbers, read

KINDS = {"overflow": "overflow", "invalid value": "invalid", "divide by zero": "divide"}
MEANING = {"overflow": N_("a number grew past the largest float (about 1.8e308) and became inf"),
           "invalid": N_("an operation had no defined result (inf - inf, 0 / 0, inf * 0) and gave nan"),
           "divide": N_("a division by zero or log(0) gave inf")}
# the kinds and verdicts as printed (the fields keep these English names: code compares them)
SHOWN = {"overflow": N_("overflow"), "invalid": N_("invalid"), "divide": N_("divide"),
         "correct": N_("correct"), "wrong": N_("wrong"), "unsure": N_("unsure")}
_SKIP = (os.path.dirname(np.__file__) + os.sep, os.path.abspath(__file__))  # sep: not numpy_foo/


@dataclass
class FirstError:
    """kind: "overflow" | "invalid" | "divide"; filename, lineno, code: where in your code;
    step: how many costs had been logged before it."""
    kind: str
    filename: str
    lineno: int
    code: str
    step: int

    def __str__(self):
        # a notebook cell's file is a temporary name (/tmp/ipykernel_.../123.py): say what it is
        where = _("a notebook cell") if "ipykernel_" in self.filename else self.filename
        return _("First bad number: {kind} at step {step}, {where}, line {line}:\n    {code}\n  ({meaning})").format(
            kind=_(SHOWN[self.kind]), step=self.step, where=where, line=self.lineno, code=self.code,
            meaning=_(MEANING[self.kind]))


def _your_frame():
    """The innermost frame outside NumPy and this module (the line that called the ufunc)."""
    f = sys._getframe(2)
    while f is not None and os.path.abspath(f.f_code.co_filename).startswith(_SKIP):
        f = f.f_back
    return f


class Watch:
    """See the module docstring. ``diagnose_kw`` go to :func:`nnlib.diagnose`."""

    def __init__(self, **diagnose_kw):
        self.diagnose_kw = diagnose_kw
        self.costs, self.dead, self.steps, self.grads = [], [], [], []
        self.first_error, self.errors = None, {k: 0 for k in MEANING}
        self._last_weights, self._state = None, None

    def _on_error(self, what, flag):
        kind = KINDS.get(what)
        if kind is None:
            return
        self.errors[kind] += 1
        if self.first_error is None:
            f = _your_frame()
            name, line = (f.f_code.co_filename, f.f_lineno) if f is not None else ("?", 0)
            self.first_error = FirstError(kind, name, line, linecache.getline(name, line).strip(),
                                          len(self.costs))

    def __enter__(self):
        if self._state is not None:
            raise ValueError("this watch is already in use: start a new one with doctor.watch()")
        self._state = np.errstate(over="call", divide="call", invalid="call", call=self._on_error)
        self._state.__enter__()
        return self

    def __exit__(self, *exc):
        state, self._state = self._state, None  # free again: the same watch may be entered later
        state.__exit__(*exc)  # NumPy's previous error handling and callback come back
        return False

    def log(self, cost, weights=None, activations=None, gradients=None):
        """Record one cost (a number, or per-output costs: summed); optionally the weights
        (a list of arrays: step sizes), activations (a list of (N, units) arrays, the inputs
        or outputs of your ReLU-like layers only: a unit <= 0 on every sample is dead; a
        softmax's or a linear layer's values may all be <= 0 with nothing dead, so leave
        them out) and gradients (a list of arrays, one per layer, the output layer last:
        vanishing gradients). Keeps copies or norms, never references."""
        cost = numbers(cost, "cost", ndim=(0, 1))  # a ValueError naming it, not NumPy's TypeError
        with np.errstate(all="ignore"):  # the doctor's own arithmetic is not the learner's
            self.costs.append(float(np.sum(cost)))
            if activations:
                self.dead.append([dead_share(a) for a in activations])
            if weights:
                now = [np.array(W, dtype=float) for W in weights]
                if self._last_weights is not None:
                    self.steps.append([np.linalg.norm(W - V) / max(np.linalg.norm(V), 1e-300)
                                       for W, V in zip(now, self._last_weights)])
                self._last_weights = now
            if gradients:
                self.grads.append([float(np.linalg.norm(g)) for g in gradients])

    @property
    def diagnosis(self):
        """nnlib.diagnose of the logged costs (None if nothing was logged)."""
        if not self.costs:
            return None
        kw = dict(self.diagnose_kw)
        if self.dead and len(self.dead) == len(self.costs) and len({len(d) for d in self.dead}) == 1:
            kw.setdefault("dead_fraction", self.dead)
        if self.steps and len({len(s) for s in self.steps}) == 1:
            kw.setdefault("update_ratio", self.steps)
        if self.grads and len({len(g) for g in self.grads}) == 1:
            kw.setdefault("grad_norm", self.grads)
        return diagnose(self.costs, **kw)

    def _no_error(self):
        if np.isfinite(self.costs).all():
            return _("No overflow, invalid value or division by zero.")
        # NumPy called back nothing, yet a cost is inf or nan: the loop changed the handling
        return _("No floating-point error was caught, yet a logged cost is not finite: the "
                 "error handling was changed inside the loop (np.seterr or np.errstate), so the "
                 "first bad operation could not be seen. Remove that call to see its line.")

    def __str__(self):
        first = str(self.first_error) if self.first_error else self._no_error()
        more = sum(self.errors.values())
        if more > 1:
            counts = _(", ").join(_("{n} {kind}").format(n=n, kind=_(SHOWN[k])) for k, n in self.errors.items() if n)
            first += _("\n  ({n} bad operations in all: {counts})").format(n=more, counts=counts)
        d = self.diagnosis
        return first + (_("\nDiagnosis: {diagnosis}").format(diagnosis=d) if d is not None
                        else _("\nNo costs were logged (w.log(cost))."))


READ_KEYWORDS = ("lr", "n_samples", "reduction", "batch_size", "every")  # checked by runs.read
WATCH_KEYWORDS = READ_KEYWORDS + ("X", "loss", "n_classes", "targets")


def watch(**diagnose_kw):
    """A context manager that watches your NumPy code; see the module docstring.

    Keywords (each optional): lr, n_samples, reduction, batch_size, every, X (the inputs:
    unscaled ones are named), as for :func:`nnlib.diagnose`; they are checked now, not
    after your loop has run.
    """
    unknown = sorted(set(diagnose_kw) - set(WATCH_KEYWORDS))
    if unknown:
        raise ValueError(f"unknown keyword(s) {', '.join(unknown)} for watch; valid: {', '.join(WATCH_KEYWORDS)}")
    if diagnose_kw.get("X") is not None:
        diagnose_kw["X"] = as_matrix(diagnose_kw["X"], "X")
    read([1.0, 1.0], **{k: v for k, v in diagnose_kw.items() if k in READ_KEYWORDS})
    constant_level(*(diagnose_kw.get(k) for k in ("loss", "n_classes", "targets")))  # checks them
    return Watch(**diagnose_kw)


@dataclass
class GradientCheck:
    """errors: the worst relative error of each array; verdict: "correct" | "wrong" |
    "unsure" (between the two thresholds: a ReLU kink within h of 0, or float32 data)."""
    errors: list
    verdict: str

    def __str__(self):
        worst = ", ".join(f"{e:.2g}" for e in self.errors)
        return _("{verdict}: worst relative error per array {worst}").format(
            verdict=_(SHOWN.get(self.verdict, self.verdict)), worst=worst)


def _params(params):
    if not isinstance(params, (list, tuple)) or not params:
        raise ValueError(f"params must be a non-empty list of NumPy arrays, got {type(params).__name__}")
    for i, p in enumerate(params):
        if not isinstance(p, np.ndarray) or p.dtype.kind != "f":
            raise ValueError(f"params[{i}] must be a float NumPy array (it is perturbed in place), "
                             f"got {type(p).__name__}{' of ' + str(p.dtype) if isinstance(p, np.ndarray) else ''}")
    return params


def _cost(cost_fn, params):
    c = number(cost_fn(params), "cost_fn(params)", positive=False)
    if not np.isfinite(c):
        raise ValueError(f"cost_fn(params) must be a finite number, got {c}")
    return c


def _numeric(cost_fn, params, h):
    """Central differences, one entry at a time; every entry is restored exactly."""
    out = []
    for p in params:
        num, flat = np.empty(p.shape), p.reshape(-1)  # reshape of a contiguous array: a view
        for i in range(flat.size):
            old = flat[i]
            flat[i] = old + h
            up = _cost(cost_fn, params)
            flat[i] = old - h
            down = _cost(cost_fn, params)
            flat[i] = old
            num.flat[i] = (up - down) / (2 * h)
        out.append(num)
    return out


def check_gradients(cost_fn, grad_fn, params, h=1e-5):
    """Your backprop against central differences; returns a :class:`GradientCheck`.

    params: list of float arrays, perturbed in place one entry at a time and restored;
    cost_fn(params) -> float; grad_fn(params) -> list of arrays shaped like params.
    The relative error uses :func:`nnlib.gradcheck.floor` (the noise floor of
    ``gradient_check``), so a correct gradient reads ~1e-7 or less even at a minimum.
    """
    params = _params(params)
    h = number(h, "h")
    if not (callable(cost_fn) and callable(grad_fn)):
        raise ValueError("cost_fn and grad_fn must be functions of params")
    if not all(p.flags.c_contiguous for p in params):  # perturbed through a flat view
        raise ValueError("params must be C-contiguous arrays (np.ascontiguousarray)")
    grads = grad_fn(params)
    if not isinstance(grads, (list, tuple)) or len(grads) != len(params):
        raise ValueError(f"grad_fn(params) must return a list of {len(params)} arrays, one per param")
    grads = [numbers(g, f"grad_fn(params)[{i}]", ndim=(p.ndim,)) for i, (g, p) in enumerate(zip(grads, params))]
    for i, (g, p) in enumerate(zip(grads, params)):
        if g.shape != p.shape:
            raise ValueError(f"grad_fn(params)[{i}] has shape {g.shape}, but params[{i}] has {p.shape}")
    cost = _cost(cost_fn, params)
    nums = _numeric(cost_fn, params, h)
    a, n = np.concatenate([g.ravel() for g in grads]), np.concatenate([m.ravel() for m in nums])
    fl = gradcheck.floor(a, n, cost, h)
    errors = [float(gradcheck.relative_errors(g, m, fl).max(initial=0.0)) for g, m in zip(grads, nums)]
    worst = max(errors)
    verdict = ("correct" if worst < gradcheck.AGREE_BELOW else
               "wrong" if worst > gradcheck.DISAGREE_ABOVE else "unsure")
    return GradientCheck(errors, verdict)
