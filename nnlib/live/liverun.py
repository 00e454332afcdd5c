"""One bounded training run for the live explorers: settings in, everything the panels show out.

    s = liverun.settings(lr=1e-3, reduction="mean")     # the answer's network, changed by name
    r = liverun.run(s)                                    # r.history, r.notes, r.ratio, r.diagnosis

NumPy only (the drawing lives in nnlib.live.livefig, the controls in nnlib.live.controls), so the
caps, the stability readout and the diagnosis can be tested without a browser.
Work is bounded: samples x epochs x weights (biases included) never exceeds WORK_CAP,
memory too: a wide net trains on at most SAMPLE_UNITS_CAP // units samples (trained_n),
and every cap applied is said in plain words in ``notes``. The defaults are the rewrite in
the question's answer: one hidden layer of 10 (``hidden=(10,)``: the net [7, 10, 2]), leaky
ReLU with LEAK 1e-4 everywhere, U(-1, 1) weights, U(0, 1) biases, summed cost, lr 1e-5,
2000 epochs on sincos N = 1000. ``hidden`` takes up to MAX_HIDDEN layers of 1 to MAX_UNITS
units, as a tuple or as text ("10, 10"; "" for none); ``data`` one of DATA_NAMES.
"""
import re
import threading
from dataclasses import dataclass

import numpy as np

from .. import datasets, init, lrfind, runspec
from .._checks import choose, count, flag, layer_sizes, show
from .. import curvature
from ..diagnosis import diagnose
from ..network import Network, n_params
from ..training import check_options

BIAS_INITS = init.BIAS_CHOICES  # the bias slider's labels, each naming a library value
DEFAULTS = dict(lr=1e-5, leak=1e-4, bias_init="U(0,1)", n=1000, epochs=2000, seed=0,
                reduction="sum", output_activation="leaky_relu", activation="leaky_relu",
                weight_init="uniform", adaptive=False, optimizer="sgd", hidden=(10,), data="sincos")
# the data sets offered: every named one (nnlib.datasets.NAMED; each has 7 inputs, 2 targets)
DATA_NAMES = tuple(datasets.NAMED)
DATA_SEED = 0              # every explorer run draws its data with seed 0 (the seed slider moves the weights)
N_IN, N_OUT = 7, 2         # the data's inputs and targets: the net's first and last layer
MAX_HIDDEN, MAX_UNITS = 3, 64  # hidden layers, units per hidden layer
MAX_LAYERS = MAX_HIDDEN + 1    # layers with weights (the panels draw one line per layer)
# A run this cheap (samples x epochs x weights and biases) is drawn once, whole, with no
# preview first: a preview delays the whole run's frame by its own training, drawing and
# sending (64 ms median, paired, by benchmarks/widget_latency.py --ab preview), which pays
# only when the whole run takes far longer. The default playground (1000 x 2000 x 102 =
# 2.04e8; 105-126 ms in float32 on an idle 2-core machine, 170-210 ms on a busy one) is below
# it; N = 10,000 (1,000 epochs after the cap: 1.02e9, five times the work) is above.
FULL_AT_ONCE_WORK = 500_000_000
# the values the sliders offer (controls.py builds them from these; a fix lands on one)
LR_DECADES = (-7, 1)  # the lr slider runs from 1e-7 to 10 (it widens to hold a value outside)
LEAKS = (0.0, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 0.3)
NS = (10, 30, 100, 300, 1000, 3000, 10000, 30000, 100000)
EPOCHS = (10, 30, 100, 300, 1000, 2000, 3000, 10000)
SEEDS = 20  # the seed slider's 0 .. 19
MAX_N = 100_000            # samples: the N slider's top (the data set is cached)
MAX_EPOCHS = 100_000       # the sliders go to 10,000; the history of one run stays small
PREVIEW_WORK = 100_000     # samples x epochs drawn first, so the plot answers at once
CURVATURE_SAMPLES = 3_000  # lambda_max is estimated on at most this many samples
FIT_POINTS = 300           # the fit panel shows the first this many samples (a fixed subsample)


# The largest net the controls allow: [7, 64, 64, 64, 2], 8,962 weights and biases.
MAX_PARAMS = n_params((N_IN,) + (MAX_UNITS,) * MAX_HIDDEN + (N_OUT,))
# samples x epochs x weights and biases of one run: the answer's net keeps its old cap of
# 10 million samples x epochs (so N = 10,000 still runs 1,000 epochs); benchmarks/explorer_cap.py
# times a capped run of the smallest, the answer's and the largest net (float32, median of 9,
# 2 cores shared at load 2.5: 0.35 to 0.66 s, the uncapped default run 0.12 s; at load 0.9:
# 0.07 to 0.76 s, the default run 0.18 s. A capped run does five times the default's work).
WORK_CAP = 10_000_000 * n_params((N_IN, 10, N_OUT))
# The training buffers grow with samples x units (float32 activations, slopes and deltas of
# every layer, and the masks: about 13 bytes per sample and unit), and so does the
# diagnosis's forward pass. A run trains on at most SAMPLE_UNITS_CAP // units samples (hidden
# units and outputs): the largest net (194) on 26,391 of N = 100,000, which keeps the
# learner's kernel under 300 MB at its peak with room to spare (benchmarks/app_soak.py; it
# peaked near 450 MB on all 100,000, and at 299 MB on 39,587). The answer's net (12 units)
# and any net at N <= 26,391 are never capped.
SAMPLE_UNITS_CAP = 5_120_000


@dataclass(eq=False)
class Result:
    """One explorer run and its readouts.

    history: the nnlib.History; settings: the checked settings; epochs: the epochs run
    (after the cap); notes: the caps applied, in words; ratio: lr * lambda_max (stable
    below 2; None when not measured) and ratio_note, from :func:`stability`; diagnosis:
    a nnlib.Diagnosis of the run; fit: (targets, predictions) from :func:`fit`.
    """
    history: object
    settings: dict
    epochs: int
    notes: list
    ratio: float | None
    ratio_note: str
    diagnosis: object
    fit: tuple | None = None


def settings(**changes):
    """DEFAULTS updated by ``changes``, each value checked; ValueError naming the setting.

    Beyond what Network and train accept, the explorer keeps its runs live: n from 1 to
    MAX_N, epochs from 1 to MAX_EPOCHS, ``hidden`` as :func:`hidden_layers` takes it (kept
    as a tuple), ``data`` one of DATA_NAMES.
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
    choose(s["data"], DATA_NAMES, "data")
    check_options(lr=s["lr"], reduction=s["reduction"], optimizer=s["optimizer"])
    s["hidden"] = hidden_layers(s["hidden"])
    Network([N_IN, N_OUT], s["activation"], s["output_activation"], s["leak"], s["weight_init"])  # the names
    return s


# The range a number may take where it is typed (a link, the hidden box): its control's own.
# lr: the slider's decades (a link beyond them would stretch the slider to 10**308);
# leak, n, epochs, seed: the grids and limits above; a hidden size: 1 to MAX_UNITS.
LIMITS = dict(lr=(10.0 ** LR_DECADES[0], 10.0 ** LR_DECADES[1]), leak=(0.0, max(LEAKS)),
              n=(1, MAX_N), epochs=(1, MAX_EPOCHS), seed=(0, SEEDS - 1), hidden=(1, MAX_UNITS))
WHOLE = ("n", "epochs", "seed", "hidden")  # read as whole numbers
MAX_NUMBER_TEXT = 24  # characters: longer is no number a control holds (and int() of 5,000 digits
# would answer with Python's own digit-limit message instead of ours)
_WHOLE_TEXT = re.compile(r"[+-]?[0-9]+")
_REAL_TEXT = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")


def read_number(text, name):
    """(value, None) for text read as setting name's number, or (None, why not in words).

    The one reading of a typed number, for links and the hidden box alike: ASCII digits
    only (no "١٠٠٠", no "²"), no underscores ("1_000"), an optional sign, and for
    lr and leak a decimal point and an exponent ("1e-3"); the value must lie in
    LIMITS[name], its control's range. why reads after the text: "n=1_000 " + why.
    """
    low, high = LIMITS[name]
    whole = name in WHOLE
    t = text.strip() if isinstance(text, str) else ""
    form = "a whole number" if whole else "a number"
    example = "1000" if whole else "0.001 or 1e-3"
    pattern = _WHOLE_TEXT if whole else _REAL_TEXT
    if len(t) > MAX_NUMBER_TEXT or not pattern.fullmatch(t):
        return None, f"is not {form} (write the digits 0-9, such as {example})"
    value = int(t) if whole else float(t)
    if not (low <= value <= high):
        return None, f"is outside its control's range, {low:g} to {high:g}"
    return value, None


def hidden_layers(value):
    """The hidden layer sizes as a tuple: (10, 10) from (10, 10), [10, 10] or the text
    "10, 10"; () (no hidden layer: the net [7, 2]) from (), "" or "none".

    At most MAX_HIDDEN layers of 1 to MAX_UNITS units; else a ValueError naming ``hidden``.
    """
    what = (f"hidden must be up to {MAX_HIDDEN} layer sizes of 1 to {MAX_UNITS} units, "
            f"such as 10, 10 (none: no hidden layer), got {show(value)}")
    if isinstance(value, str):
        text = value.strip().strip("[]()").strip()
        parts = [] if text.lower() in ("", "none") else text.replace(";", ",").split(",")
        value = [read_number(p, "hidden")[0] for p in parts]  # a link's numbers read the same
        if None in value:
            raise ValueError(what)
    if isinstance(value, (bytes, dict)) or not np.iterable(value):
        raise ValueError(what)
    value = list(value)
    if len(value) > MAX_HIDDEN:
        raise ValueError(what)
    if value:
        try:
            layer_sizes(value + [N_OUT])
        except ValueError:
            raise ValueError(what) from None
    if any(int(v) > MAX_UNITS for v in value):
        raise ValueError(what)
    return tuple(int(v) for v in value)


def sizes(s):
    """Every layer's size of the settings' net: (7, *hidden, 2)."""
    return (N_IN,) + hidden_layers(s["hidden"]) + (N_OUT,)


def trained_n(s):
    """The samples a run trains on: s["n"], or fewer for a wide net (SAMPLE_UNITS_CAP)."""
    return min(int(s["n"]), SAMPLE_UNITS_CAP // (sum(hidden_layers(s["hidden"])) + N_OUT))


def capped_epochs(s):
    """(epochs to run, notes): samples x epochs x weights (biases included) is held under
    WORK_CAP, so the largest net on the most data stays as quick as the answer's; the
    epochs are counted on N as set, so the sample cap (trained_n) only lowers the work."""
    n, epochs, params, used = int(s["n"]), int(s["epochs"]), n_params(sizes(s)), trained_n(s)
    notes = []
    if used < n:
        notes.append(f"trained on the first {used:,} of {n:,} samples: N x units is kept "
                     f"under {SAMPLE_UNITS_CAP:,} so the kernel's memory stays small")
    if n * epochs * params <= WORK_CAP:
        return epochs, notes
    run = max(1, WORK_CAP // (n * params))
    return run, notes + [f"capped at {run:,} of {epochs:,} epochs: N x epochs x weights "
                         f"({n:,} x {epochs:,} x {params:,}) is kept under {WORK_CAP:,} so the plot stays live"]


def preview_epochs(s):
    """How many epochs to draw first (the whole run when it is small)."""
    return min(capped_epochs(s)[0], max(1, PREVIEW_WORK // trained_n(s)))


def run_work(s):
    """Samples x epochs (after the cap) x weights and biases: the arithmetic of one run."""
    return trained_n(s) * capped_epochs(s)[0] * n_params(sizes(s))


def wants_preview(s):
    """Whether the explorer draws the first epochs before the whole run (a costly run only)."""
    return preview_epochs(s) < capped_epochs(s)[0] and run_work(s) > FULL_AT_ONCE_WORK


def data(s):
    """(X, Y) of the named data set s["data"] with trained_n(s) samples (seed 0, cached: the
    seed slider moves the weights)."""
    return runspec.data(dict(data=s["data"], data_seed=DATA_SEED, n=trained_n(s)))


def _spec(s, **changes):
    """The explorer's settings as a nnlib.runspec settings dict (hidden becomes sizes)."""
    spec = {k: v for k, v in s.items() if k != "hidden"}
    return dict(spec, sizes=list(sizes(s)), data_seed=DATA_SEED, lr=float(s["lr"]),
                leak=float(s["leak"]), seed=int(s["seed"]), n=trained_n(s),
                adaptive=bool(s["adaptive"]), **changes)


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
_PARTIAL = {}   # curvature key -> a stopped estimate (a Curvature): the next slice goes on from it
_CRITICAL_LOCK = threading.Lock()  # the explorer's worker and the kernel's thread both use it
NOT_IN_TIME = "lambda_max not measured in time (the number follows once the plot is idle)"


def _critical_lr(s, deadline=None, cancel=None, start=None):
    """(critical lr, note, the stopped estimate or None) of the settings' net."""
    X, Y = data(s)
    n = len(X)
    note = ""
    if n > CURVATURE_SAMPLES:
        X, Y = X[:CURVATURE_SAMPLES], Y[:CURVATURE_SAMPLES]
        note = f"lambda_max estimated on {CURVATURE_SAMPLES:,} of {n:,} samples"
    top = curvature.top_eigenvalue(network(s), X, Y, reduction=s["reduction"], deadline=deadline,
                         cancel=cancel, start=start)
    crit = top.critical_lr
    if note and s["reduction"] == "sum":
        crit *= CURVATURE_SAMPLES / n  # the summed cost's curvature grows in proportion to N
    return float(crit), note, (top if top.stopped else None)


def _cached_critical(s, compute=True, deadline=None, cancel=None):
    """(critical lr, note) for settings s from the cache, measured first if compute (else None).

    With a deadline (time.monotonic()) or a cancel check, a measure they stop is not cached:
    None is returned and the next call goes on from where it stopped."""
    key = _curvature_key(s)
    with _CRITICAL_LOCK:
        found, start = _CRITICAL.get(key), _PARTIAL.get(key)
    if found is None and compute:
        # outside the lock: it takes milliseconds to seconds (the largest net on a busy machine)
        crit, note, stopped_at = _critical_lr(s, deadline, cancel, start)
        with _CRITICAL_LOCK:
            if stopped_at is not None:
                _PARTIAL[key] = stopped_at
                return None
            _PARTIAL.pop(key, None)
            found = _CRITICAL[key] = (crit, note)
            for cache in (_CRITICAL, _PARTIAL):
                if len(cache) > 256:
                    cache.pop(next(iter(cache)))
    return found


def stability(s, compute=True, deadline=None, cancel=None):
    """(lr * lambda_max or None, note). Stable gradient descent needs lr * lambda_max < 2.

    compute=False answers only from the cache (None, "" when this case is not cached yet).
    deadline (a time.monotonic() value) and cancel (a function, True to stop) bound the
    measure: stopped by them, it answers (None, NOT_IN_TIME), and a later call goes on.
    """
    found = _cached_critical(s, compute, deadline, cancel)
    if found is None:
        return None, (NOT_IN_TIME if compute else "")
    crit, note = found
    if crit == np.inf:
        return 0.0, "no upward curvature at the start: no lr is unstable there (nothing moves)"
    if not np.isfinite(crit) or crit <= 0:
        return None, "lambda_max could not be estimated here (negative curvature or no convergence)"
    return 2.0 * float(s["lr"]) / crit, note


def diagnosis(hist, s, net, measure=True):
    """nnlib.diagnose of the run with settings s and its trained net (a nnlib.Diagnosis).

    The critical lr is the one the stability panel shows: measured at the initial weights
    on at most CURVATURE_SAMPLES samples (cached; measure=False takes it only from the
    cache, as the explorer does, which bounds its time). When it is not known, diagnose
    gets NaN and quotes no number, as the panel says none: it is never recomputed on the
    whole data set (up to 100,000 samples took seconds). With the trained net and the data,
    a unit alive on almost no sample counts as dead, and a poor fit is named (forward
    passes only). Errors propagate: the explorer shows them as text (its callbacks never raise).
    """
    found = _cached_critical(s, compute=measure)  # the stability panel's number
    crit = float("nan") if found is None else found[0]
    if not (crit > 0):  # nan or a negative estimate: not measured (inf: no upward curvature)
        crit = float("nan")
    X, Y = data(s)
    return diagnose(hist, critical_lr=crit, net=net, X=X, Y=Y)


def fit(s, net):
    """(targets, predictions), each (k, 2): the first k = min(n, FIT_POINTS) samples of the
    settings' data and the trained net's outputs for them (a fixed subsample: the data are
    drawn at random, so the first samples are as good as any and the same at every move).
    An overflowed net gives inf or nan predictions, never a warning."""
    X, Y = data(s)
    k = min(len(X), FIT_POINTS)
    return Y[:k], net.predict(X[:k])


SHARPNESS_POINTS = 6  # the sharpness panel measures lambda_max at epoch 0 and about 5 more


def sharpness(s, dtype="float32"):
    """(epochs (k,), lr * lambda_max (k,)) over the capped run, for the sharpness panel.

    lambda_max is measured at SHARPNESS_POINTS epochs from 0 to the last, spaced on a log
    scale (the first updates move it most), on at most CURVATURE_SAMPLES samples as the
    stability readout is (scaled to N for the summed cost); nan where it did not settle.
    The run is trained again in pieces (the same run: plain gradient descent keeps no state
    between updates), so the panel costs one more capped run and six curvature estimates.
    Momentum, Adam and the adaptive lr do keep state: for them both arrays are empty.
    """
    if s["optimizer"] != "sgd" or s["adaptive"]:
        return np.array([], int), np.array([])
    epochs = capped_epochs(s)[0]
    at = np.unique(np.round(np.geomspace(1, epochs + 1, SHARPNESS_POINTS)).astype(int) - 1)
    X, Y = data(s)
    at, lam, _ = lrfind.sharpness(network(s), X, Y, float(s["lr"]), epochs, at, reduction=s["reduction"],
                                  samples=CURVATURE_SAMPLES, dtype=dtype, max_iter=200)
    return at, float(s["lr"]) * lam


def run(s, dtype="float32"):
    """The full bounded run with its readouts (what the static figure and the final redraw show)."""
    if not isinstance(s, dict):
        raise ValueError(f"run(s): s must be a dict of settings from liverun.settings(), got {show(s)}")
    s = settings(**s)
    epochs, notes = capped_epochs(s)
    hist, net = train_run(s, dtype=dtype)
    ratio, ratio_note = stability(s)
    return Result(hist, s, epochs, notes, ratio, ratio_note, diagnosis(hist, s, net), fit(s, net))
