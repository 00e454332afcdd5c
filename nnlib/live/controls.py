"""The explorers' controls, one widget per setting, chosen by name.

    make_control("lr", 1e-5)     # a log slider; every widget gets the class nnlib-ctl-NAME

Names: lr (log slider), leak (0 and powers of ten), bias_init (the names of
nnlib.live.liverun.BIAS_INITS), n, epochs, seed (sliders); hidden (a text box: the hidden
layer sizes, "10, 10"; sent on Enter or when it loses focus; its numbers are read as a link's,
by nnlib.runspec.read_number, and a size typed wrong puts the box back at its last good sizes with a
note in the status line); activation, data, reduction, output_activation, weight_init,
optimizer (toggle buttons); adaptive (a checkbox). Sliders send every position while
dragged (continuous_update=True): the explorer's worker keeps only the newest, so the plot
follows the handle without queueing stale runs.

The hidden sizes are typed, as in a paper's "[7, 64, 64, 2]": one box adds or removes a
layer and changes any layer's width in one edit, where sliders would need one per layer.
A toggle offers every name of the library's registry for its setting (CHOICES), so a
choice added there appears here without an edit.
"""
import math

import ipywidgets as W

from .. import activations, costs, init, optimizers
from ..i18n import N_, _
from . import liverun

CONTROLS = ("lr", "leak", "bias_init", "n", "epochs", "seed", "hidden", "activation", "data",
            "reduction", "output_activation", "weight_init", "adaptive", "optimizer")
SLIDER = dict(continuous_update=True, style={"description_width": "90px"},
              layout=W.Layout(width="330px"))
# words on screen are marked N_ here and translated where a widget is made (nnlib.i18n)
TOGGLE_LABELS = dict(reduction=N_("cost"), output_activation=N_("output"), weight_init=N_("weights"),
                     optimizer=N_("optimizer"), activation=N_("hidden act."), data=N_("data"))
TOGGLE = dict(style={"button_width": "96px"})
# one registry per choice: the toggles offer what the library accepts, in the library's order
CHOICES = dict(reduction=costs.REDUCTIONS, output_activation=activations.NAMES,
               activation=activations.NAMES, data=liverun.DATA_NAMES,
               weight_init=init.WEIGHT_INITS, optimizer=optimizers.OPTIMIZERS)
# a button shows its name unless listed here
LABELS = {"relu": "ReLU", "leaky_relu": "leaky ReLU", "sincos": "sin/cos",
          "random_targets": N_("random targets"), "sincos_standardized": N_("sin/cos, standardised x")}


def _options(options, value):
    """Slider options with value added in order if it is not one of them."""
    vals = [v for _, v in options]
    if value in vals:
        return options
    return sorted(options + [(f"{value:g}", value)], key=lambda o: o[1])


def hidden_text(hidden):
    """Hidden layer sizes as the text box shows them: (10, 10) -> "10, 10", () -> "none"."""
    sizes = liverun.hidden_layers(hidden)
    return ", ".join(map(str, sizes)) if sizes else "none"


LR_STEP = 0.25  # the lr slider moves in quarter decades


def _log_range(value, lo, hi):
    """(min, max) exponents of a log slider that holds value ON its grid of LR_STEP steps.

    The browser's slider snaps its value to min + k * step and, as it sends every position,
    would send the snapped value back: lr 0.03 from a link would run as 0.0316. So the grid
    is anchored at the value (1e-5 and every quarter decade keep the grid from -7), and the
    range grows to hold a value outside it (a slider would clamp it silently)."""
    exponent = math.log10(value)
    # at least one step inside each end: at an end, 10 ** min can round past the value and
    # the slider would clamp it by a hair (3e-9 read back as 3.0000000000000012e-09)
    below = max(1, math.ceil((exponent - min(lo, exponent)) / LR_STEP - 1e-9))
    above = max(1, math.ceil((max(hi, exponent) - exponent) / LR_STEP - 1e-9))
    return exponent - below * LR_STEP, exponent + above * LR_STEP


def read(w):
    """The setting a control holds. A log slider's value comes back from the browser as
    base ** exponent, off by float noise (0.03 as 0.030000000000000013): twelve significant
    digits give back the value a learner or a link set."""
    return float(f"{w.value:.12g}") if isinstance(w, W.FloatLogSlider) else w.value


def shown(name, value):
    """A setting's value as its control holds it (the hidden box holds text, the others the value)."""
    return hidden_text(value) if name == "hidden" else value


def make_control(name, value):
    """The widget for one setting (class ``nnlib-ctl-NAME``, for tests and styling)."""
    if name == "lr":
        lo, hi = _log_range(value, *liverun.LR_DECADES)
        w = W.FloatLogSlider(value=value, base=10, min=lo, max=hi, step=LR_STEP, description="lr",
                             readout_format=".1e", **SLIDER)
    elif name == "leak":
        opts = [(f"{v:g}" if v in (0, 0.3) else f"1e{round(math.log10(v))}", v) for v in liverun.LEAKS]
        w = W.SelectionSlider(options=_options(opts, value), value=value, description="LEAK", **SLIDER)
    elif name == "bias_init":
        w = W.SelectionSlider(options=list(liverun.BIAS_INITS), value=value, description=_("bias init"), **SLIDER)
    elif name == "n":
        opts = [(f"{v:,}", v) for v in liverun.NS]
        w = W.SelectionSlider(options=_options(opts, value), value=value, description=_("N samples"), **SLIDER)
    elif name == "epochs":
        opts = [(f"{v:,}", v) for v in liverun.EPOCHS]
        w = W.SelectionSlider(options=_options(opts, value), value=value, description=_("epochs"), **SLIDER)
    elif name == "seed":
        w = W.IntSlider(value=value, min=0, max=max(liverun.SEEDS - 1, value), description=_("seed"), **SLIDER)
    elif name == "hidden":
        w = W.Text(value=shown(name, value), description=_("hidden"), continuous_update=False,
                   placeholder=_("none, or sizes: 10, 10"), style={"description_width": "90px"},
                   layout=W.Layout(width="330px"))
    elif name in CHOICES:
        style = {"button_width": "150px"} if name == "data" else TOGGLE["style"]
        w = W.ToggleButtons(options=[(_(LABELS.get(c, c)), c) for c in CHOICES[name]], value=value,
                            style=style)
    elif name == "adaptive":
        w = W.Checkbox(value=bool(value), description=_("adaptive lr (halve when the cost rises)"),
                       indent=False)
    else:
        raise ValueError(f"unknown control {name!r}; valid: {list(CONTROLS)}")
    w.add_class(f"nnlib-ctl-{name}")
    return w


def show_value(w, value):
    """Set a control to value, widening a slider that cannot show it (a slider would clamp)."""
    if w.value == value:
        return
    if isinstance(w, W.FloatLogSlider):
        lo, hi = _log_range(value, *liverun.LR_DECADES)
        w.min, w.max = min(lo, w.max), max(hi, w.min)  # never a moment with min > max
        w.min, w.max = lo, hi
    elif isinstance(w, W.IntSlider):
        w.max = max(w.max, value)
    elif isinstance(w, W.SelectionSlider) and all(isinstance(o, tuple) for o in w.options) \
            and value not in [v for _, v in w.options] and isinstance(value, (int, float)):
        w.options = _options(list(w.options), value)  # numbers only: a label is offered or refused
    w.value = value
