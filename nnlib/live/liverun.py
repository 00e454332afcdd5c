"""One bounded training run for the live explorers: a RunSpec in, everything the panels show out.

    spec = liverun.DEFAULT.replace(lr=1e-3, reduction="mean")   # the answer's run, changed by name
    r = liverun.run(spec)                        # r.history, r.notes, r.ratio, r.diagnosis
    for r in liverun.stages(spec): ...           # the same run, stage by stage (what the live figure draws)

NumPy only (the drawing lives in nnlib.live.livefig, the controls in nnlib.live.controls), so the
caps, the stability readout and the diagnosis can be tested without a browser.
Work is bounded: samples x epochs x weights (biases included) never exceeds WORK_CAP,
memory too: a wide net trains on at most SAMPLE_UNITS_CAP // units samples (trained_n),
and every cap applied is said in plain words in ``notes``. The start, DEFAULT, is
nnlib.RunSpec(): the rewrite in the question's answer, the net [7, 10, 2], float32. A spec
the explorer runs has a named data set (DATA_NAMES), up to MAX_HIDDEN hidden layers of 1 to
MAX_UNITS units, n up to MAX_N and epochs up to MAX_EPOCHS (:func:`check`). Each control
sets one field; the hidden box sets the middle of ``sizes`` (:func:`with_controls`).
"""
import threading
import time
from dataclasses import dataclass, replace

import numpy as np

from .. import curvature, datasets, init, lrfind, runspec
from .._checks import choose, layer_sizes, show
from ..i18n import N_, _
from ..diagnosis import diagnose
from ..network import n_params
from ..runspec import RunSpec

DEFAULT = RunSpec()  # the playground's start: the answer's run, float32
BIAS_INITS = init.BIAS_CHOICES  # the bias slider's labels, each naming a library value
# the data sets offered: every named one (nnlib.datasets.NAMED; each has 7 inputs, 2 targets)
DATA_NAMES = tuple(datasets.NAMED)
N_IN, N_OUT = 7, 2         # the data's inputs and targets: the net's first and last layer
MAX_HIDDEN, MAX_UNITS = runspec.MAX_HIDDEN, runspec.LIMITS["sizes"][1]  # hidden layers, units per hidden layer
MAX_LAYERS = MAX_HIDDEN + 1    # layers with weights (the panels draw one line per layer)
# A run this cheap (samples x epochs x weights and biases) is drawn once, whole, with no
# preview first: a preview delays the whole run's frame by its own training, drawing and
# sending (measured paired by benchmarks/widget_latency.py --ab preview; figures in
# benchmarks/widget_latency.json), which pays only when the whole run takes far longer. The
# default playground (1000 x 2000 x 102 = 2.04e8) is below it; N = 10,000 (1,000 epochs
# after the cap: 1.02e9, five times the work) is above.
FULL_AT_ONCE_WORK = 500_000_000
# the values the sliders offer (controls.py builds them from these; a fix lands on one)
LR_DECADES = (-7, 1)  # the lr slider runs from 1e-7 to 10 (it widens to hold a value outside)
LEAKS = (0.0, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 0.3)
NS = (10, 30, 100, 300, 1000, 3000, 10000, 30000, 100000)
EPOCHS = (10, 30, 100, 300, 1000, 2000, 3000, 10000)
SEEDS = runspec.LIMITS["seed"][1] + 1  # the seed slider's 0 .. 19
MAX_N = runspec.LIMITS["n"][1]            # samples: the N slider's top (the data set is cached)
MAX_EPOCHS = runspec.LIMITS["epochs"][1]  # the sliders go to 10,000; the history of one run stays small
PREVIEW_WORK = 100_000     # samples x epochs drawn first, so the plot answers at once
CURVATURE_SAMPLES = 3_000  # lambda_max is estimated on at most this many samples
FIT_POINTS = 300           # the fit panel shows the first this many samples (a fixed subsample)


# The largest net the controls allow: [7, 64, 64, 64, 2], 8,962 weights and biases.
MAX_PARAMS = n_params((N_IN,) + (MAX_UNITS,) * MAX_HIDDEN + (N_OUT,))
# samples x epochs x weights and biases of one run: the answer's net keeps its old cap of
# 10 million samples x epochs (so N = 10,000 still runs 1,000 epochs); benchmarks/explorer_cap.py
# times a capped run of the smallest, the answer's and the largest net against the default run
# (figures in benchmarks/explorer_cap.json). A capped run does five times the default's work.
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
    """One explorer run and its readouts, as far as its stage has come.

    stage: "preview", "run", "stability" or "diagnosis" (see :func:`stages`); history: the
    nnlib.History (its settings: the spec trained, after the caps); settings: the RunSpec
    asked for; epochs: the epochs run (after the cap); notes: the caps applied, in words;
    ratio: lr * lambda_max (stable below 2; None when not measured) and ratio_note, from
    :func:`stability`; diagnosis: a nnlib.Diagnosis of the run (None before its stage);
    fit: (targets, predictions) from :func:`fit`; net: the trained Network; initial: a copy
    of it before training (the one Network of the run: curvature and sharpness start there).
    """
    history: object
    settings: RunSpec
    epochs: int
    notes: list
    ratio: float | None
    ratio_note: str
    diagnosis: object = None
    fit: tuple | None = None
    net: object = None
    initial: object = None
    stage: str = "run"


def check(spec):
    """spec if the explorer can run it, else a ValueError naming the field: a named data set,
    up to MAX_HIDDEN hidden layers of 1 to MAX_UNITS units, n <= MAX_N, epochs 1 to MAX_EPOCHS."""
    if not isinstance(spec, RunSpec):
        raise ValueError(f"the explorer runs a nnlib.RunSpec (liverun.DEFAULT.replace(...)), got {show(spec)}")
    choose(spec.data, DATA_NAMES, "data")
    if len(spec.hidden) > MAX_HIDDEN or max(spec.hidden, default=1) > MAX_UNITS:
        raise ValueError(f"sizes {list(spec.sizes)}: the explorer takes up to {MAX_HIDDEN} hidden layers "
                         f"of 1 to {MAX_UNITS} units")
    if spec.n > MAX_N or not 1 <= spec.epochs <= MAX_EPOCHS:
        raise ValueError(f"n must be 1 to {MAX_N:,} and epochs 1 to {MAX_EPOCHS:,} here, got n={spec.n:,}, "
                         f"epochs={spec.epochs:,}")
    return spec


def control_value(spec, name):
    """The value control ``name`` shows for spec: a field's value; hidden: the hidden sizes."""
    return spec.hidden if name == "hidden" else getattr(spec, name)


def with_controls(spec, values):
    """spec with the controls' values ({control name: value}); hidden sets the middle of sizes."""
    changes = dict(values)
    if "hidden" in changes:
        changes["sizes"] = (N_IN,) + hidden_layers(changes.pop("hidden")) + (N_OUT,)
    return spec.replace(**changes)


def hidden_layers(value):
    """The hidden layer sizes as a tuple: (10, 10) from (10, 10), [10, 10] or the text
    "10, 10"; () (no hidden layer: the net [7, 2]) from (), "" or "none".

    At most MAX_HIDDEN layers of 1 to MAX_UNITS units; else a ValueError naming ``hidden``.
    Text is read as a link's numbers are (nnlib.runspec.read_number).
    """
    what = _("hidden must be up to {layers} layer sizes of 1 to {units} units, such as 10, 10 "
             "(none: no hidden layer), got {value}").format(layers=MAX_HIDDEN, units=MAX_UNITS, value=show(value))
    if isinstance(value, str):
        text = value.strip().strip("[]()").strip()
        parts = [] if text.lower() in ("", "none") else text.replace(";", ",").split(",")
        value = [runspec.read_number(p, "sizes")[0] for p in parts]
        if None in value:
            raise ValueError(what)
    if isinstance(value, (bytes, dict)) or not np.iterable(value):
        raise ValueError(what)
    value = list(value)
    try:
        value = layer_sizes(value + [N_OUT])[:-1] if value else []  # whole numbers >= 1 (8.0 is 8; 7.9 is refused)
    except ValueError:
        raise ValueError(what) from None
    if len(value) > MAX_HIDDEN or max(value, default=1) > MAX_UNITS:
        raise ValueError(what)
    return tuple(value)


def trained_n(s):
    """The samples a run trains on: s.n, or fewer for a wide net (SAMPLE_UNITS_CAP)."""
    return min(s.n, SAMPLE_UNITS_CAP // (sum(s.hidden) + N_OUT))


def capped_epochs(s):
    """(epochs to run, notes): samples x epochs x weights (biases included) is held under
    WORK_CAP, so the largest net on the most data stays as quick as the answer's; the
    epochs are counted on N as set, so the sample cap (trained_n) only lowers the work."""
    n, epochs, params, used = s.n, s.epochs, n_params(s.sizes), trained_n(s)
    notes = []
    if used < n:
        notes.append(_("trained on the first {used:,} of {n:,} samples: N x units is kept "
                       "under {cap:,} so the kernel's memory stays small").format(used=used, n=n, cap=SAMPLE_UNITS_CAP))
    if n * epochs * params <= WORK_CAP:
        return epochs, notes
    run = max(1, WORK_CAP // (n * params))
    return run, notes + [_("capped at {run:,} of {epochs:,} epochs: N x epochs x weights "
                           "({n:,} x {epochs:,} x {params:,}) is kept under {cap:,} so the plot stays live").format(
                               run=run, epochs=epochs, n=n, params=params, cap=WORK_CAP)]


def trained(s):
    """The spec a run of s trains: its samples and epochs after the caps."""
    return s.replace(n=trained_n(s), epochs=capped_epochs(s)[0])


def preview_epochs(s):
    """How many epochs to draw first (the whole run when it is small)."""
    return min(capped_epochs(s)[0], max(1, PREVIEW_WORK // trained_n(s)))


def run_work(s):
    """Samples x epochs (after the cap) x weights and biases: the arithmetic of one run."""
    return trained_n(s) * capped_epochs(s)[0] * n_params(s.sizes)


def wants_preview(s):
    """Whether the explorer draws the first epochs before the whole run (a costly run only)."""
    return preview_epochs(s) < capped_epochs(s)[0] and run_work(s) > FULL_AT_ONCE_WORK


def data(s):
    """(X, Y) of spec s's data with trained_n(s) samples (cached, read-only)."""
    return s.replace(n=trained_n(s)).arrays()


_CURVATURE_FIELDS = ("sizes", "activation", "output_activation", "leak", "weight_init", "bias_init",
                     "seed", "data", "n", "data_seed", "reduction")


def _curvature_key(s):
    """What lambda_max at the initial weights depends on: the network, the data, the reduction."""
    return tuple(getattr(s, k) for k in _CURVATURE_FIELDS)


_CRITICAL = {}  # curvature key -> (critical lr, of: see _critical_lr): lr moves never recompute it
_PARTIAL = {}   # curvature key -> a stopped estimate (a Curvature): the next slice goes on from it
_CRITICAL_LOCK = threading.Lock()  # the explorer's worker and the kernel's thread both use it
# kept English (the worker compares it); nnlib.live.widgets and livefig translate it where shown
NOT_IN_TIME = N_("lambda_max not measured in time (the number follows once the plot is idle)")


def _critical_lr(s, net, deadline=None, cancel=None, start=None):
    """(critical lr, of, the stopped estimate (a Curvature) or None) of the spec's net at its
    initial weights (net: that Network, None to build it); of: the data's N when lambda_max was
    estimated on its first CURVATURE_SAMPLES (0: on all of it). A number, not a note, is cached:
    the note is written in the language in use when it is shown (stability)."""
    X, Y = data(s)
    n = len(X)
    of = 0
    if n > CURVATURE_SAMPLES:
        X, Y = X[:CURVATURE_SAMPLES], Y[:CURVATURE_SAMPLES]
        of = n
    top = curvature.top_eigenvalue(s.network() if net is None else net, X, Y, reduction=s.reduction,
                                   deadline=deadline, cancel=cancel, start=start)
    crit = top.critical_lr
    if of and s.reduction == "sum":
        crit *= CURVATURE_SAMPLES / n  # the summed cost's curvature grows in proportion to N
    return float(crit), of, (top if top.stopped else None)


def _cached_critical(s, compute=True, deadline=None, cancel=None, net=None):
    """(critical lr, of) for spec s from the cache (of: see _critical_lr), measured first if compute (else None).

    With a deadline (time.monotonic()) or a cancel check, a measure they stop is not cached:
    None is returned and the next call goes on from where it stopped."""
    key = _curvature_key(s)
    with _CRITICAL_LOCK:
        found, start = _CRITICAL.get(key), _PARTIAL.get(key)
    if found is None and compute:
        # outside the lock: it takes milliseconds to seconds (the largest net on a busy machine)
        crit, of, stopped_at = _critical_lr(s, net, deadline, cancel, start)
        with _CRITICAL_LOCK:
            if stopped_at is not None:
                _PARTIAL[key] = stopped_at
                return None
            _PARTIAL.pop(key, None)
            found = _CRITICAL[key] = (crit, of)
            for cache in (_CRITICAL, _PARTIAL):
                if len(cache) > 256:
                    cache.pop(next(iter(cache)))
    return found


def stability(s, compute=True, deadline=None, cancel=None, net=None):
    """(lr * lambda_max or None, note). Stable gradient descent needs lr * lambda_max < 2.

    compute=False answers only from the cache (None, "" when this case is not cached yet).
    deadline (a time.monotonic() value) and cancel (a function, True to stop) bound the
    measure: stopped by them, it answers (None, NOT_IN_TIME), and a later call goes on.
    net: the run's Network at its initial weights (None: one is built).
    """
    found = _cached_critical(s, compute, deadline, cancel, net)
    if found is None:
        return None, (NOT_IN_TIME if compute else "")
    crit, of = found
    if crit == np.inf:
        return 0.0, _("no upward curvature at the start: no lr is unstable there (nothing moves)")
    if not np.isfinite(crit) or crit <= 0:
        return None, _("lambda_max could not be estimated here (negative curvature or no convergence)")
    note = _("lambda_max estimated on {used:,} of {n:,} samples").format(used=CURVATURE_SAMPLES, n=of) if of else ""
    return 2.0 * s.lr / crit, note


def diagnosis(hist, s, net, measure=True):
    """nnlib.diagnose of the run of spec s and its trained net (a nnlib.Diagnosis).

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
    spec's data and the trained net's outputs for them (a fixed subsample: the data are
    drawn at random, so the first samples are as good as any and the same at every move).
    An overflowed net gives inf or nan predictions, never a warning."""
    X, Y = data(s)
    k = min(len(X), FIT_POINTS)
    return Y[:k], net.predict(X[:k])


SHARPNESS_POINTS = 6  # the sharpness panel measures lambda_max at epoch 0 and about 5 more


def sharpness(s, initial=None):
    """(epochs (k,), lr * lambda_max (k,)) over the capped run, for the sharpness panel.

    lambda_max is measured at SHARPNESS_POINTS epochs from 0 to the last, spaced on a log
    scale (the first updates move it most), on at most CURVATURE_SAMPLES samples as the
    stability readout is (scaled to N for the summed cost); nan where it did not settle.
    The run is trained again in pieces (the same run: plain gradient descent keeps no state
    between updates), from a copy of ``initial`` (the run's Network before training; None:
    one is built), so the panel costs one more capped run and six curvature estimates.
    Momentum, Adam and the adaptive lr do keep state: for them both arrays are empty.
    """
    if s.optimizer != "sgd" or s.adaptive:
        return np.array([], int), np.array([])
    epochs = capped_epochs(s)[0]
    at = np.unique(np.round(np.geomspace(1, epochs + 1, SHARPNESS_POINTS)).astype(int) - 1)
    X, Y = data(s)
    net = s.network() if initial is None else initial.copy()
    at, lam, _ = lrfind.sharpness(net, X, Y, s.lr, epochs, at, reduction=s.reduction,
                                  samples=CURVATURE_SAMPLES, dtype=s.dtype, max_iter=200)
    return at, s.lr * lam


def stages(spec, preview=True, measure_s=None, cancel=None):
    """The run of ``spec`` stage by stage, each a :class:`Result` as far as it has come: what
    the live figure draws as it goes and the still figure draws at the end.

    "preview" (only when preview and the run is costly, :func:`wants_preview`): its first
    epochs; "run": the whole (capped) run, its fit, the stability ratio if cached; "stability"
    (only when the ratio was not cached): lambda_max measured, for at most measure_s seconds
    (None: to the end) and until cancel() is True, else ratio_note is NOT_IN_TIME and a later
    :func:`stability` goes on; "diagnosis": the run diagnosed. A caller that stops iterating
    does no more work. One Network is built per run: the preview, the run and the curvature
    start from copies of it.
    """
    check(spec)
    epochs, notes = capped_epochs(spec)
    run_spec = trained(spec)
    initial = spec.network()
    ratio, ratio_note = stability(spec, compute=False)  # instant when only lr moved
    r = Result(None, spec, epochs, notes, ratio, ratio_note, initial=initial, stage="preview")
    if preview and wants_preview(spec):
        # progressive drawing of a costly run: the first epochs at once, then the whole run
        # from the start (continuing from the preview would restart momentum's velocity,
        # Adam's moments and the adaptive lr: a final curve unlike nnlib.train's)
        yield replace(r, history=run_spec.replace(epochs=preview_epochs(spec)).run(net=initial.copy()))
    net = initial.copy()
    hist = run_spec.run(net=net)
    r = replace(r, history=hist, net=net, fit=fit(spec, net), stage="run")
    yield r
    if ratio is None and not ratio_note:
        deadline = None if measure_s is None else time.monotonic() + measure_s
        ratio, ratio_note = stability(spec, deadline=deadline, cancel=cancel, net=initial)
        r = replace(r, ratio=ratio, ratio_note=ratio_note, stage="stability")
        yield r
    yield replace(r, diagnosis=diagnosis(hist, spec, net, measure=False), stage="diagnosis")


def run(spec):
    """The full bounded run with its readouts (what the static figure and the final redraw
    show): the last of :func:`stages`, lambda_max measured to the end."""
    for r in stages(spec, preview=False):
        pass
    return r
