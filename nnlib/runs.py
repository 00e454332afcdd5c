"""Any training run as one record: a History, or a plain sequence of costs with what is known.

    run = read(history)                                  # an nnlib.History (or anything with .cost)
    run = read([3.0, 2.0, 1.5], lr=0.05, n_samples=1797, reduction="mean", batch_size=32, every=1)
    run.cost (n,), run.lr (T,) or (0,), run.settings (dict), run.batch (None: full batch,
    an int, or UNKNOWN), run.every, run.dead_fraction (n, L) or None, run.grad_norm (m, L) or None

Every field but the costs may be missing; what is given is checked here, and bad input is a
ValueError that names the argument (``diagnose`` promises nothing else escapes).
"""
import re
from dataclasses import dataclass, field

import numpy as np

from . import activations
from ._checks import choose, count, show
from .runspec import RunSpec, summary

class _Unknown:
    def __repr__(self):
        return "UNKNOWN"


UNKNOWN = _Unknown()  # batch_size not given: the curve alone decides whether it is noisy


@dataclass
class Run:
    cost: np.ndarray
    settings: dict = field(default_factory=dict)
    lr: np.ndarray = field(default_factory=lambda: np.empty(0))
    batch: object = None
    every: int = 1
    dead_fraction: object = None
    grad_norm: object = None
    update_ratio: object = None
    rejected: object = None
    from_history: bool = False
    net: object = None      # diagnose(..., net, X, Y): the trained net and its data, when given
    X: object = None
    Y: object = None
    found: object = None    # the Finding so far, while diagnose runs its CHECKS


def numbers(value, what, ndim=(1,)):
    """value as a float array of one of the ranks in ndim (a scalar counts as rank 0)."""
    try:
        a = np.asarray(value)
        if a.dtype.kind == "c":
            raise TypeError("complex numbers")
        a = a.astype(float)
    except (TypeError, ValueError, OverflowError) as exc:
        raise ValueError(f"{what} must be numbers, got {_short(value)} ({exc})") from None
    if a.ndim not in ndim:
        raise ValueError(f"{what} must have {' or '.join(map(str, ndim))} dimension(s), got shape {a.shape}")
    return a


def number(value, what, positive=True):
    """One float (a one-element sequence counts); non-finite or <= 0 is a ValueError when positive."""
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{what} must be a number, got {value!r}")
    a = numbers(value, what, ndim=(0, 1))
    if a.size != 1:
        raise ValueError(f"{what} must be one number, got {a.size}")
    v = float(a.reshape(-1)[0])
    if positive and not (np.isfinite(v) and v > 0):
        raise ValueError(f"{what} must be a finite number > 0, got {value!r}")
    return v


def _short(value):
    text = repr(value)
    return text if len(text) < 60 else text[:57] + "..."


# the names a learner's history record gives its training cost, in the order they are looked for;
# without one of them, a key whose words name a loss or cost and no held-out set is read (_loss_key)
LOSS_KEYS = ("loss", "cost", "train_loss")
HELD_OUT_WORDS = {"val", "valid", "validation", "test", "eval", "dev", "holdout", "heldout"}
NOT_A_COST = {"scale"}  # a mixed-precision log's "loss scale" is a multiplier, not a cost


def costs(value, what="costs"):
    """(n,) costs from what a learner keeps: a sequence of costs; a 2-D (n, outputs) array of
    per-output costs (summed over outputs); (step, cost) pairs, whose first column counts steps
    (_counts_steps); a dict of lists with a cost entry (a Keras-style history, or an object
    whose .history is one); or a list of records (dicts), those holding a cost entry. A cost
    entry is one of LOSS_KEYS, else the one key naming a training loss (_loss_key)."""
    value = _loss_entries(value, what)
    c = numbers(value, what, ndim=(0, 1, 2))
    if c.ndim < 2:
        return c.reshape(-1)
    steps = _counts_steps(c[:, 0])
    if steps is None:
        return c.sum(axis=1)
    if not steps or c.shape[1] != 2:
        why = "but does not rise at every row" if not steps else f"and {c.shape[1] - 1} columns follow"
        raise ValueError(f"{what}: its first column looks like a step counter ({_short(c[:4, 0].tolist())}) "
                         f"{why}; pass the cost column alone")
    return c[:, 1]  # (step, cost) pairs: the steps are not costs


def _loss_entries(value, what):
    """value's costs when it is a dict of lists (or has a .history dict) or a list of records
    (dicts: the records holding the cost entry; the rest, such as a trainer's evaluation
    records, are not training costs), else value."""
    if not isinstance(value, (dict, list, tuple, np.ndarray)) and isinstance(getattr(value, "history", None), dict):
        value = value.history  # a Keras History object
    if isinstance(value, dict):
        key = _loss_key(list(value), what, "is a dict without", f"its keys: {_short(list(value))}")
        return value[key]
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, dict) for v in value):
        # in order of appearance; a NaN is a value not logged at that step (a table's records), as None is
        held = list(dict.fromkeys(k for v in value for k in v if not _missing(v[k])))
        key = _loss_key(held, what, "is a list of records and none holds", f"the first: {_short(value[0])}")
        return [v[key] for v in value if not _missing(v.get(key))]
    return value


def _missing(v):
    """Is a record's value absent: None, a NaN (a table's metric not logged at that step) or an
    empty string (a CSV row's)?"""
    return v is None or (isinstance(v, (float, np.floating)) and np.isnan(v)) or (isinstance(v, str) and not v.strip())


def _loss_key(keys, what, lead, shown):
    """The key among keys that holds the training cost: the first of LOSS_KEYS present, else the
    one key whose words (split at / . _ - and spaces, in any case) include loss or cost and no
    held-out set nor a scale, as a tracker's "train/loss" or "Training Loss"; where several do,
    the one naming train or total, then the one naming step (a per-step cost beside its epoch
    mean, as PyTorch Lightning logs "train_loss_step" and "train_loss_epoch"). No such key (lead
    and shown say what was given), or several alike: a ValueError."""
    key = next((k for k in LOSS_KEYS if k in keys), None)
    if key is not None:
        return key
    words = {k: set(re.split(r"[/._\-\s]+", k.lower())) for k in keys if isinstance(k, str)}
    named = [k for k, w in words.items() if w & {"loss", "cost"} and not w & (HELD_OUT_WORDS | NOT_A_COST)]
    for prefer in ({"train", "training", "total"}, {"step"}):
        if len(named) > 1:
            named = [k for k in named if words[k] & prefer] or named
    if len(named) == 1:
        return named[0]
    if named:
        raise ValueError(f"{what} holds several cost entries ({', '.join(named)}): pass the training cost alone")
    raise ValueError(f"{what} {lead} a cost entry (one of {', '.join(LOSS_KEYS)}, or a key naming a training "
                     f"loss); {shown}")


def _counts_steps(column):
    """Does a first column count steps? True: whole numbers rising at every row, or fractions
    rising by one constant step (epochs as 0.5, 1.0, 1.5); False: whole numbers >= 0 that move
    by one constant step on at least half the rows but do not rise at every row (a counter
    that resets each epoch, or counts down): not costs, but not readable as steps either;
    None: anything else (costs). Two rows are enough for whole numbers."""
    if column.size < 2 or not np.isfinite(column).all():
        return None
    step = np.diff(column)
    rising = bool(np.all(step > 0))
    if np.all(column == np.round(column)) and column.min() >= 0:
        if rising:
            return True
        _, counts = np.unique(step[step != 0], return_counts=True)
        return False if counts.size and counts.max() >= 0.5 * step.size else None
    if column.size >= 3 and rising and np.allclose(step, step[0], rtol=1e-3, atol=0):
        return True
    return None


def per_layer(value, what, rows=None):
    """(rows, L) per-layer values; a 1-D array is one row (the end of the run)."""
    if value is None:
        return None
    a = numbers(value, what, ndim=(1, 2))
    a = a[None, :] if a.ndim == 1 else a
    if a.shape[1] == 0 or a.shape[0] == 0:
        return None  # no layers (or no rows) given: nothing to read
    if rows is not None and a.shape[0] not in (1, rows):
        raise ValueError(f"{what} has {a.shape[0]} rows; give one per cost ({rows}) or one row")
    return a


def settings_of(history):
    """The facts a History's settings give, as a dict (:func:`nnlib.runspec.summary` of a
    RunSpec; a hand-made History's dict as it is; {} for none)."""
    s = getattr(history, "settings", None)
    if s is None:
        return {}
    if isinstance(s, RunSpec):
        return summary(s)
    if not isinstance(s, dict):
        raise ValueError(f"history.settings must be a RunSpec, a dict or None, got {_short(s)}")
    return dict(s)


def read(history, lr=None, n_samples=None, reduction=None, batch_size=UNKNOWN, every=1,
         dead_fraction=None, grad_norm=None, update_ratio=None):
    """A :class:`Run` from a History-like object (anything with ``.cost``) or a sequence of costs."""
    is_history = hasattr(history, "cost")
    c = costs(history.cost if is_history else history, "history.cost" if is_history else "history")
    s = settings_of(history) if is_history else {}
    for key, value in (("lr", lr), ("n_samples", n_samples), ("reduction", reduction)):
        if value is not None:
            s[key] = value
    if "lr" in s:
        s["lr"] = number(s["lr"], "lr")
    if "n_samples" in s:
        s["n_samples"] = count(s["n_samples"], "n_samples", minimum=1)
    if "reduction" in s:
        if not isinstance(s["reduction"], str):
            raise ValueError(f"reduction must be 'sum' or 'mean', got {_short(s['reduction'])}")
        choose(s["reduction"], ("sum", "mean"), "reduction")
    batch = None if is_history and batch_size is UNKNOWN else batch_size
    if batch is not None and batch is not UNKNOWN:
        batch = count(batch, "batch_size", minimum=1)
        if batch >= s.get("n_samples", batch + 1):
            batch = None  # one batch holds every sample: full batch
    run = Run(cost=c, settings=s, batch=batch, every=count(every, "every", minimum=1),
              from_history=is_history)
    if is_history:
        for name in ("lr", "dead_fraction", "grad_norm", "update_ratio", "rejected"):
            value = getattr(history, name, None)
            if value is not None:
                setattr(run, name, numbers(value, f"history.{name}", ndim=(1, 2)))
    run.dead_fraction = per_layer(dead_fraction, "dead_fraction", len(c)) if dead_fraction is not None \
        else _none_dead_where_none_can(_rows(run.dead_fraction, len(c)), s.get("activations"), run.grad_norm)
    if grad_norm is not None:
        run.grad_norm = per_layer(grad_norm, "grad_norm")
    if update_ratio is not None:
        run.update_ratio = per_layer(update_ratio, "update_ratio")
    return run


def _none_dead_where_none_can(dead, acts, grad_norm):
    """A History's dead fractions with 0 in the layers that cannot die, where training
    records NaN: to the diagnosis NaN means "not recorded", and such a layer has no dead
    unit. A run trained with record=False (its gradient norms NaN too) stays unrecorded."""
    recorded = grad_norm is not None and np.isfinite(grad_norm).any()
    if dead is None or not recorded or not isinstance(acts, (list, tuple)) or len(acts) != dead.shape[1] \
            or not all(isinstance(a, str) and a in activations.NAMES for a in acts):
        return dead
    cannot = [not activations.get(a).can_die for a in acts]
    if not any(cannot):
        return dead
    dead = dead.copy()
    dead[:, cannot] = 0.0
    return dead


def _rows(a, n):
    """A History's dead fractions when they are (n, L); else None (too odd to read)."""
    return a if a is not None and a.ndim == 2 and a.shape[0] == n and a.shape[1] > 0 else None
