"""A diagnosis's fix on the explorer's controls. NumPy only.

    runlink.try_fix(spec, {"lr_scale": 0.1})   # (spec with lr / 10, "lr 0.001 -> 0.0001")

A run as a link is the spec's own: ``spec.to_query()`` and ``RunSpec.from_query(text)`` (or
``nnlib.runspec.read_query(text)``, which skips a bad piece with a note instead of raising).
Here the action is applied by ``spec.apply`` and the result moved onto values the sliders
can show: the grids of values the controls offer live in liverun (liverun.LEAKS,
liverun.NS, liverun.EPOCHS, liverun.SEEDS, liverun.LR_DECADES).
"""
import math

import numpy as np

from .. import init
from ..i18n import _
from . import liverun


# -- a diagnosis's fix on the explorer's settings -------------------------------------------
def _nearest(grid, value, log=True, up=False):
    """The grid value nearest to value (in log scale; with up, the smallest one >= value)."""
    grid = sorted(grid)
    if up:
        return next((g for g in grid if g >= value), grid[-1])
    key = (lambda g: abs(math.log(max(g, 1e-300)) - math.log(max(value, 1e-300)))) if log \
        else (lambda g: abs(g - value))
    return min(grid, key=key)


def _snap_lr(lr, now):
    """lr rounded down to two significant figures (a short link; a lowered lr stays under
    the limit the fix named), inside the slider's range widened to hold the current lr."""
    low, high = min(10.0 ** liverun.LR_DECADES[0], now), max(10.0 ** liverun.LR_DECADES[1], now)
    lr = float(np.clip(lr, low, high))
    exp = math.floor(math.log10(lr)) - 1
    return float(f"{math.floor(lr / 10.0 ** exp + 1e-9)}e{exp}")


def _bias_label(value):
    """The label of init.BIAS_CHOICES whose value is nearest to a bias_init value."""
    if isinstance(value, str):  # a label already (RunSpec stores a value a label names as the label)
        return value
    centre = {k: (None if v is None else (v[1] + v[2]) / 2 if isinstance(v, tuple) else v)
              for k, v in init.BIAS_CHOICES.items()}
    v = float(np.mean(value[1:])) if isinstance(value, (tuple, list)) else float(value)
    return min((k for k, c in centre.items() if c is not None), key=lambda k: abs(centre[k] - v))


def on_grid(spec, now):
    """spec with each value that differs from ``now`` (the spec before the change) moved onto
    one its control can show: an lr to two significant figures inside the slider's range
    (widened to hold now's lr), a leak, n or epochs to the nearest of liverun's grids, a bias
    to the nearest label, a seed past the slider wrapped to 0."""
    snap = dict(lr=lambda v: _snap_lr(v, now.lr), leak=lambda v: _nearest(liverun.LEAKS, v) if v else 0.0,
                bias_init=_bias_label, seed=lambda v: v % liverun.SEEDS,
                n=lambda v: _nearest(liverun.NS, v), epochs=lambda v: _nearest(liverun.EPOCHS, v, up=True))
    return spec.replace(**{k: f(getattr(spec, k)) for k, f in snap.items() if getattr(spec, k) != getattr(now, k)})


def try_fix(spec, action):
    """(new spec, words): a Diagnosis.action applied to the explorer's spec (``spec.apply``),
    then moved onto values the controls can show (:func:`on_grid`). words says what changed
    ("lr 0.001 -> 0.0001; reduction sum -> mean"), or why nothing could (an action the spec
    refuses, such as standardize on data with no standardized version, is said, not raised)."""
    try:
        new = on_grid(spec.apply(action), spec)
        new = liverun.check(new) if new != spec else new
    except ValueError as exc:
        return spec, _("the fix cannot be applied here: {error}").format(error=exc)
    words = new.changes_from(spec)
    return new, words or (_("nothing to change") if not action else _("already set"))
