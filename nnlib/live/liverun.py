"""One bounded training run for the live explorers: settings in, everything the panels show out.

    s = liverun.settings(lr=1e-3, reduction="mean")     # the answer's network, changed by name
    r = liverun.run(s)                                    # r.history, r.notes, r.ratio, r.diagnosis

NumPy only (the drawing lives in nnlib.live.livefig, the controls in nnlib.live.controls), so the
caps, the stability readout and the diagnosis can be tested without a browser.
Work is bounded: samples x epochs never exceeds WORK_CAP, and every cap applied is
said in plain words in ``notes``. The defaults are the rewrite in the question's answer:
[7, 10, 2], leaky ReLU with LEAK 1e-4 everywhere, U(-1, 1) weights, U(0, 1) biases,
summed cost, lr 1e-5, 2000 epochs on sincos N = 1000.
"""
import threading
from dataclasses import dataclass

import numpy as np

from .. import init, runspec
from .._checks import count, flag, layer_sizes, show
from ..curvature import critical_lr
from ..diagnosis import diagnose
from ..network import Network
from ..training import check_options

BIAS_INITS = init.BIAS_CHOICES  # the bias slider's labels, each naming a library value
DEFAULTS = dict(lr=1e-5, leak=1e-4, bias_init="U(0,1)", n=1000, epochs=2000, seed=0,
                reduction="sum", output_activation="leaky_relu", activation="leaky_relu",
                weight_init="uniform", adaptive=False, optimizer="sgd", sizes=(7, 10, 2))
DATA = dict(data="sincos", data_seed=0)  # every explorer run: the answer's data (seed 0)
WORK_CAP = 10_000_000      # samples x epochs of one run (about 0.3 s in float32 on 2 cores)
PREVIEW_WORK = 100_000     # samples x epochs drawn first, so the plot answers at once
# A run this cheap (samples x epochs x weights and biases) is drawn once, whole, with no
# preview first: a preview delays the whole run's frame by its own training, drawing and
# sending (64 ms median, paired, by benchmarks/widget_latency.py --ab preview), which pays
# only when the whole run takes far longer. The default playground (1000 x 2000 x 112 =
# 2.2e8; 45 ms in float32 on a fast machine, 170-210 ms on a busy 2-core one) is below
# it; N = 10,000 (ten times the work) is above.
FULL_AT_ONCE_WORK = 500_000_000
CURVATURE_SAMPLES = 3_000  # lambda_max is estimated on at most this many samples
MAX_N = 100_000            # samples: the N slider's top (the data set is cached)
MAX_EPOCHS = 100_000       # the sliders go to 10,000; the history of one run stays small
MAX_PARAMS = 10_000        # weights and biases (the answer's network has 112)


@dataclass(eq=False)
class Result:
    """One explorer run and its readouts.

    history: the nnlib.History; settings: the checked settings; epochs: the epochs run
    (after the cap); notes: the caps applied, in words; ratio: lr * lambda_max (stable
    below 2; None when not measured) and ratio_note, from :func:`stability`; diagnosis:
    a nnlib.Diagnosis of the run.
    """
    history: object
    settings: dict
    epochs: int
    notes: list
    ratio: float | None
    ratio_note: str
    diagnosis: object


def settings(**changes):
    """DEFAULTS updated by ``changes``, each value checked; ValueError naming the setting.

    Beyond what Network and train accept, the explorer keeps its runs live: n from 1 to
    MAX_N, epochs from 1 to MAX_EPOCHS, at most MAX_PARAMS weights and biases.
    """
    unknown = sorted(set(changes) - set(DEFAULTS))
    if unknown:
        raise ValueError(f"unknown setting(s) {unknown}; valid: {sorted(DEFAULTS)}")
    s = dict(DEFAULTS, **changes)
    if not isinstance(s["bias_init"], str) or s["bias_init"] not in BIAS_INITS:
        raise ValueError(f"bias_init must be one of {list(BIAS_INITS)}, got {show(s['bias_init'])}")
    count(s["n"], "n", minimum=1, maximum=MAX_N)
    count(s["epochs"], "epochs", minimum=1, maximum=MAX_EPOCHS)
    count(s["seed"], "seed")
    flag(s["adaptive"], "adaptive")
    check_options(lr=s["lr"], reduction=s["reduction"], optimizer=s["optimizer"])
    sizes = layer_sizes(s["sizes"])
    if (sizes[0], sizes[-1]) != (7, 2):
        raise ValueError(f"sizes must start with 7 inputs and end with 2 outputs (the sincos data), "
                         f"got {show(s['sizes'])}")
    params = sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:]))  # with biases
    if params > MAX_PARAMS:
        raise ValueError(f"sizes {show(s['sizes'])} give {params:,} weights and biases; the explorer "
                         f"retrains on every move and takes at most {MAX_PARAMS:,}")
    Network([7, 2], s["activation"], s["output_activation"], s["leak"], s["weight_init"])  # the names
    return s


def capped_epochs(s):
    """(epochs to run, notes): samples x epochs is held under WORK_CAP."""
    n, epochs = int(s["n"]), int(s["epochs"])
    if n * epochs <= WORK_CAP:
        return epochs, []
    run = max(1, WORK_CAP // n)
    return run, [f"capped at {run:,} of {epochs:,} epochs: N x epochs is kept under "
                 f"{WORK_CAP:,} so the plot stays live"]


def preview_epochs(s):
    """How many epochs to draw first (the whole run when it is small)."""
    return min(capped_epochs(s)[0], max(1, PREVIEW_WORK // int(s["n"])))


def run_work(s):
    """Samples x epochs (after the cap) x weights and biases: the arithmetic of one run."""
    sizes = layer_sizes(s["sizes"])
    params = sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:]))
    return int(s["n"]) * capped_epochs(s)[0] * params


def wants_preview(s):
    """Whether the explorer draws the first epochs before the whole run (a costly run only)."""
    return preview_epochs(s) < capped_epochs(s)[0] and run_work(s) > FULL_AT_ONCE_WORK


def data(s):
    """The sincos data set of size s["n"] (seed 0, cached: the seed slider moves the weights)."""
    return runspec.data(dict(DATA, n=int(s["n"])))


def _spec(s, **changes):
    """The explorer's settings as a nnlib.runspec settings dict."""
    return dict(s, **DATA, lr=float(s["lr"]), leak=float(s["leak"]), seed=int(s["seed"]),
                n=int(s["n"]), adaptive=bool(s["adaptive"]), **changes)


def network(s):
    """A fresh Network built from the settings."""
    return runspec.network(_spec(s))


def train_run(s, epochs=None, dtype="float32"):
    """(History, the trained Network) for the settings; epochs defaults to the capped number."""
    return runspec.run(_spec(s, epochs=capped_epochs(s)[0] if epochs is None else epochs, dtype=dtype))


def _curvature_key(s):
    """What lambda_max at the initial weights depends on: the network, the data, the reduction."""
    return runspec.key(_spec(s), runspec.NETWORK_KEYS + runspec.DATA_KEYS + ("reduction",))


_CRITICAL = {}  # curvature key -> (critical lr, note): lr moves never recompute it
_CRITICAL_LOCK = threading.Lock()  # the explorer's worker and the kernel's thread both use it


def _critical_lr(s):
    X, Y = data(s)
    n = len(X)
    note = ""
    if n > CURVATURE_SAMPLES:
        X, Y = X[:CURVATURE_SAMPLES], Y[:CURVATURE_SAMPLES]
        note = f"lambda_max estimated on {CURVATURE_SAMPLES:,} of {n:,} samples"
    crit = float(critical_lr(network(s), X, Y, reduction=s["reduction"]))
    if note and s["reduction"] == "sum":
        crit *= CURVATURE_SAMPLES / n  # the summed cost's curvature grows in proportion to N
    return crit, note


def _cached_critical(s, compute=True):
    """(critical lr, note) for settings s from the cache, measured first if compute (else None)."""
    key = _curvature_key(s)
    with _CRITICAL_LOCK:
        found = _CRITICAL.get(key)
    if found is None and compute:
        found = _critical_lr(s)  # outside the lock: it takes milliseconds to a second
        with _CRITICAL_LOCK:
            _CRITICAL[key] = found
            if len(_CRITICAL) > 256:
                _CRITICAL.pop(next(iter(_CRITICAL)))
    return found


def stability(s, compute=True):
    """(lr * lambda_max or None, note). Stable gradient descent needs lr * lambda_max < 2.

    compute=False answers only from the cache (None, "" when this case is not cached yet).
    """
    found = _cached_critical(s, compute)
    if found is None:
        return None, ""
    crit, note = found
    if crit == np.inf:
        return 0.0, "no upward curvature at the start: no lr is unstable there (nothing moves)"
    if not np.isfinite(crit) or crit <= 0:
        return None, "lambda_max could not be estimated here (negative curvature or no convergence)"
    return 2.0 * float(s["lr"]) / crit, note


def diagnosis(hist, s, net):
    """nnlib.diagnose of the run with settings s and its trained net (a nnlib.Diagnosis).

    The critical lr is the one the stability panel shows: measured at the initial weights
    on at most CURVATURE_SAMPLES samples (cached). When it could not be measured, diagnose
    gets NaN and quotes no number, as the panel says none: it is never recomputed on the
    whole data set (up to 100,000 samples took seconds). With the trained net and the data,
    a unit alive on almost no sample counts as dead, and a poor fit is named (forward
    passes only). Errors propagate: the explorer shows them as text (its callbacks never raise).
    """
    crit = _cached_critical(s)[0]  # the stability panel's number (cached after its first call)
    if not (crit > 0):  # nan or a negative estimate: not measured (inf: no upward curvature)
        crit = float("nan")
    X, Y = data(s)
    return diagnose(hist, critical_lr=crit, net=net, X=X, Y=Y)


def run(s, dtype="float32"):
    """The full bounded run with its readouts (what the static figure and the final redraw show)."""
    if not isinstance(s, dict):
        raise ValueError(f"run(s): s must be a dict of settings from liverun.settings(), got {show(s)}")
    s = settings(**s)
    epochs, notes = capped_epochs(s)
    hist, net = train_run(s, dtype=dtype)
    ratio, ratio_note = stability(s)
    return Result(hist, s, epochs, notes, ratio, ratio_note, diagnosis(hist, s, net))
