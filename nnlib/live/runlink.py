"""An explorer run as a link, and a diagnosis's fix as the explorer's settings. NumPy only.

    runlink.state(s)                       # "lr=0.001&leak=0": what differs from the defaults
    runlink.parse_state("?lr=0.001&x=1")   # ({"lr": 0.001}, ["'x' is not a setting ..."])
    runlink.apply_action({"lr_scale": 0.1}, s)   # (s with lr / 10, "lr 0.001 -> 0.0001")

The keys are the names of nnlib.live.liverun.DEFAULTS (the control names), written in its
order; each value is written the short way that reads back exactly (floats by their
shortest repr, tuples as "10,10", "" for an empty one). Reading never raises: an unknown
key or a bad value becomes a note in plain words and is skipped, and every value kept has
passed liverun.settings. A fix lands on a value a slider can show: the grids of values the
controls offer live in liverun (liverun.LEAKS, liverun.NS, liverun.EPOCHS, liverun.SEEDS, liverun.LR_DECADES).
"""
import math
import re
from urllib.parse import quote, unquote_plus

import numpy as np

from .. import init
from . import liverun

MAX_TEXT = 2000  # characters of a link read; the longest state is well under 300
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def _text(value, default):
    """One value in its shortest exact form: 0.001, 1e-5, 0, 10,10, U(0,1), 1 (on)."""
    if isinstance(default, bool):
        text = "1" if value else "0"
    elif isinstance(default, (tuple, list)):
        text = ",".join(str(int(v)) for v in value)
    elif isinstance(default, float):
        text = repr(float(value))
        text = text[:-2] if text.endswith(".0") else re.sub(r"e([+-])0*(\d)", r"e\1\2", text)
    else:
        text = str(value)
    return text


def _write(value, default):
    """One value as link text: _text URL-encoded (commas kept: "hidden=10,10" stays readable)."""
    return quote(_text(value, default), safe=",")


def state(s):
    """The settings s that differ from liverun.DEFAULTS as a query string (no leading "?").

    s: a settings dict (liverun.settings); "" when s is the defaults. Keys in DEFAULTS' order.
    """
    return "&".join(f"{k}={_write(s[k], d)}" for k, d in liverun.DEFAULTS.items()
                    if k in s and s[k] != d)


def _read(text, name):
    """(value, None) read as setting name's value, or (None, why not in words)."""
    default = liverun.DEFAULTS[name]
    t = text.strip()
    if isinstance(default, bool):
        if t.lower() in _TRUE + _FALSE:
            return t.lower() in _TRUE, None
        return None, "is not on or off (write 1 or 0)"
    if isinstance(default, (tuple, list)):  # the hidden sizes: read as the text box reads them
        try:
            return liverun.hidden_layers(t), None
        except ValueError:
            return None, (f"is not up to {liverun.MAX_HIDDEN} layer sizes of 1 to {liverun.MAX_UNITS} "
                          "(write it as 10,10; nothing or none for no hidden layer)")
    if name in liverun.LIMITS:  # every number: liverun.read_number, as the hidden box reads sizes
        return liverun.read_number(t, name)
    return t, None


def _pairs(text):
    """(key, value text or None) for each piece of a query string, a "?query" or a URL."""
    text = text.strip().split("#", 1)[0]
    if "?" in text:
        text = text.split("?", 1)[1]
    elif "=" not in text and ("/" in text or "." in text.split("&", 1)[0]):
        return []  # an address without a query: nothing to set
    out = []
    for piece in text.split("&"):
        if piece.strip():
            key, eq, value = piece.partition("=")
            out.append((unquote_plus(key).strip().lower(), unquote_plus(value) if eq else None))
    return out


def parse_state(text):
    """(changes, notes) from a state string, "?" + state, or a whole URL; never raises.

    changes: {name: value}, each checked by liverun.settings together with those before it;
    notes: one sentence per key or value skipped, e.g. "'speed' is not a setting (ignored)".
    """
    if text is None:
        return {}, []
    if not isinstance(text, str):
        return {}, [f"the link must be text, got {type(text).__name__} (ignored)"]
    notes = []
    if len(text) > MAX_TEXT:
        notes.append(f"the link is {len(text):,} characters long; only the first {MAX_TEXT:,} were read")
        text = text[:MAX_TEXT]
    changes = {}
    for key, raw in _pairs(text):
        if key not in liverun.DEFAULTS:
            notes.append(f"'{_short(key)}' is not a setting (ignored); the link knows: "
                         f"{', '.join(liverun.DEFAULTS)}")
            continue
        if raw is None:
            notes.append(f"{key} has no value (write {key}=...; ignored)")
            continue
        value, why = _read(raw, key)
        if why is None:
            why = _refused(dict(changes, **{key: value}))
        if why is not None:
            notes.append(f"{key}={_short(raw)} {why}, so {key} stays as it was")
            continue
        if key in changes and changes[key] != value:
            notes.append(f"{key} is given twice; the last value, {_short(raw)}, is used")
        changes[key] = value
    return changes, notes


def _short(text, width=40):
    return text if len(text) <= width else text[:width - 3] + "..."


def _refused(changes):
    """None when liverun.settings accepts changes, else its reason in words."""
    try:
        liverun.settings(**changes)
    except ValueError as exc:
        return f"is refused: {exc}"
    return None


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
    if isinstance(value, str) and value in init.BIAS_CHOICES:
        return value
    centre = {k: (None if v is None else (v[1] + v[2]) / 2 if isinstance(v, tuple) else v)
              for k, v in init.BIAS_CHOICES.items()}
    if value is None:
        return next(k for k, c in centre.items() if c is None)
    v = float(np.mean(value[1:])) if isinstance(value, (tuple, list)) else float(value)
    return min((k for k, c in centre.items() if c is not None), key=lambda k: abs(centre[k] - v))


def _map(key, value, s):
    """(explorer key, value) for one action entry, or (None, why it cannot be set here)."""
    if key == "lr_scale":
        return "lr", _snap_lr(s["lr"] * float(value), s["lr"])
    if key == "lr":
        return "lr", _snap_lr(float(value), s["lr"])
    if key == "standardize":
        data = s.get("data", "")
        if value and f"{data}_standardized" in liverun.DATA_NAMES:
            return "data", f"{data}_standardized"
        if value and data.endswith("_standardized"):
            return None, "standardize=True: the inputs are standardized already"
        return None, "standardize=True is not a choice here: these data have no standardized version"
    if key == "bias_init":
        return key, _bias_label(value)
    if key == "seed":
        return key, (int(s["seed"]) + 1) % liverun.SEEDS if value == "another" else int(value)
    if key == "leak":
        return key, _nearest(liverun.LEAKS, float(value)) if value else 0.0
    if key == "n":
        return key, _nearest(liverun.NS, float(value))
    if key == "epochs":
        return key, _nearest(liverun.EPOCHS, float(value), up=True)
    if key in liverun.DEFAULTS:
        return key, value
    return None, f"{key}={value!r} is not a setting of this explorer"


def apply_action(action, s):
    """(new settings, words): a Diagnosis.action applied to the explorer's settings s.

    lr_scale multiplies lr; standardize picks the standardized data when there is such a
    choice; bias_init becomes the nearest label of init.BIAS_CHOICES; a value a slider
    cannot show is moved to the nearest it can. words says what changed ("lr 0.001 ->
    0.0001; reduction sum -> mean") and, for each key the explorer cannot set, why not.
    """
    new, words, said = dict(s), [], []
    for key, value in (action or {}).items():
        try:
            name, v = _map(key, value, new)
        except (TypeError, ValueError, OverflowError):  # e.g. epochs="many": said, never raised
            name, v = None, f"{key}={value!r} is not a value this explorer can show"
        if name is None:
            said.append(v)
            continue
        why = _refused(dict(new, **{name: v}))
        if why is not None:
            said.append(f"{name}={v!r} {why}")
            continue
        if new[name] != v:
            words.append(f"{name} {_text(new[name], liverun.DEFAULTS[name])} -> "
                         f"{_text(v, liverun.DEFAULTS[name])}")
        new[name] = v
    if not words and not said:
        said.append("nothing to change" if not action else "already set")
    return liverun.settings(**new), "; ".join(words + said)
