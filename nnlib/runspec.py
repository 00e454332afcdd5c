"""RunSpec: every setting of one run, in one frozen record, spoken the same way by every layer.

    spec = RunSpec(lr=1e-3, reduction="mean")        # the answer's run, changed by name
    hist = spec.run()                                # nnlib.train of spec.network() on spec.data()
    spec.to_query()                                  # "lr=0.001&reduction=mean": what differs from RunSpec()
    RunSpec.from_query("lr=0.001&leak=0")            # the same spec back (a ValueError naming a bad piece)
    spec.apply({"lr_scale": 0.1})                    # a diagnosis's action: lr / 10
    spec.replace(optimizer="adam", optimizer_options={"eps": 1e-6})

The defaults are the rewrite in the question's answer as the playground runs it: [7, 10, 2],
leaky ReLU with leak 1e-4 everywhere, U(-1, 1) weights, U(0, 1) biases, summed cost, lr 1e-5,
2000 epochs of plain gradient descent on sincos N = 1000, float32. Every value is checked
once, when the spec is made (a ValueError naming the field); after that it is only read.
``History.settings`` is the spec of its run, sweep and ladder grids are specs made with
:meth:`RunSpec.replace`, the playground's controls each set one field, and its links are
:meth:`RunSpec.to_query`. A new Network or train option is a field here (see the README's
"How to change it"). NumPy only.
"""
import dataclasses
import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote, unquote_plus

import numpy as np

from . import activations, costs, datasets, init, optimizers
from ._checks import choose, count, dtype_name, eps_fits, flag, layer_sizes, number, positive, show
from ._checks import seed as check_seed
from .network import Network

# The range of every number a link may carry: its control's own (the playground's sliders
# and box). lr: 1e-7 to 10 (a link beyond would stretch the slider to 10**308); a layer size
# 1 to 64, at most three hidden layers; an optimizer's option 0 to 1.
LIMITS = dict(lr=(1e-7, 10.0), leak=(0.0, 0.3), n=(1, 100_000), epochs=(1, 100_000), seed=(0, 19),
              data_seed=(0, 2 ** 32 - 1), sizes=(1, 64), bias_init=(-10.0, 10.0), option=(0.0, 1.0))
MAX_HIDDEN = 3
WHOLE = ("n", "epochs", "seed", "data_seed", "sizes")  # read as whole numbers
MAX_NUMBER_TEXT = 24  # characters: longer is no number a control holds (and int() of 5,000
# digits would answer with Python's own digit-limit message instead of ours)
_WHOLE_TEXT = re.compile(r"[+-]?[0-9]+")  # ASCII digits only: no "١٠٠٠", no "²", no "1_000"
_REAL_TEXT = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
MAX_QUERY = 2000  # characters of a link read; the longest spec is well under 300
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")

# The changes an action may ask for beyond a field's new value (Diagnosis.action; see apply).
CHANGES = {
    "lr_scale": "a factor > 0: lr becomes lr * factor",
    "standardize": "True: the data set's standardized version (sincos -> sincos_standardized)",
    "next_seed": "True: the next weight seed (seed + 1): the same run from other initial weights",
}


@dataclass(frozen=True)
class RunSpec:
    """Every setting of one run; made checked (ValueError naming the field), then frozen.

    sizes: layer widths, input first (a tuple); activation: hidden layers'; output_activation:
    the last layer's (None: the same as activation, whatever it becomes); leak: leaky ReLU's slope below 0; weight_init: a name of
    nnlib.init.WEIGHT_INITS; bias_init: a label of nnlib.init.BIAS_CHOICES ("none", "0", "0.1",
    "U(0,1)"; a value one of them names is stored as its label) or any other value
    nnlib.Network takes; data: a name of nnlib.datasets.NAMED, a function (n, seed) -> (X, Y),
    or None (the caller's own arrays: a spec :func:`nnlib.train` made); n: samples; data_seed:
    the data's seed (None with data=None); reduction: "sum" or "mean"; optimizer: a name of
    nnlib.optimizers.RULES; optimizer_options: that rule's options given (a tuple of (name,
    value) pairs, sorted; a dict is accepted), those at their default left out; lr; adaptive;
    epochs; dtype: "float32" or "float64"; seed: the weights' seed (None: not known).
    """
    lr: float = 1e-5
    leak: float = 1e-4
    bias_init: object = "U(0,1)"
    n: int = 1000
    epochs: int = 2000
    seed: int | None = 0
    sizes: tuple = (7, 10, 2)
    activation: str = "leaky_relu"
    data: object = "sincos"
    reduction: str = "sum"
    output_activation: str = "leaky_relu"
    weight_init: str = "uniform"
    adaptive: bool = False
    optimizer: str = "sgd"
    optimizer_options: tuple = field(default=())
    dtype: str = "float32"
    data_seed: int | None = 0

    def __post_init__(self):
        set_ = object.__setattr__.__get__(self)  # frozen: the checked forms are stored once, here
        set_("sizes", tuple(layer_sizes(self.sizes)))
        set_("activation", activations.check(self.activation))
        if self.output_activation is not None:
            choose(self.output_activation, activations.NAMES, "output_activation")
        leak = number(self.leak, "leak", f"a number from 0 to {activations.MAX_LEAK:g}")
        if not 0 <= leak <= activations.MAX_LEAK:
            raise ValueError(f"leak must be a number from 0 to {activations.MAX_LEAK:g}, got {show(self.leak)}")
        set_("leak", leak)
        set_("weight_init", choose(self.weight_init, init.WEIGHT_INITS, "weight_init"))
        set_("bias_init", _bias_label(self.bias_init))
        set_("seed", None if self.seed is None else count(self.seed, "seed"))
        self._check_data()
        set_("reduction", choose(self.reduction, costs.REDUCTIONS, "reduction"))
        set_("optimizer_options", _options(self.optimizer, self.optimizer_options))
        set_("lr", positive(self.lr, "lr"))
        set_("adaptive", flag(self.adaptive, "adaptive"))
        set_("epochs", count(self.epochs, "epochs"))
        set_("dtype", choose(dtype_name(self.dtype), ("float32", "float64"), "dtype"))
        eps_fits(dict(self.optimizer_options).get("eps"), self.dtype)

    def _check_data(self):
        set_ = object.__setattr__.__get__(self)
        set_("n", count(self.n, "n", minimum=1))
        data = self.data
        if data is None or callable(data):
            set_("data_seed", None if self.data_seed is None else check_seed(self.data_seed, "data_seed"))
            return
        choose(data, datasets.NAMED, "data")
        set_("data_seed", count(self.data_seed, "data_seed"))
        if (self.sizes[0], self.sizes[-1]) != (7, 2):
            raise ValueError(f"sizes {list(self.sizes)} do not fit the {data!r} data: it has 7 inputs "
                             "and 2 outputs (sizes=(7, ..., 2))")

    # -- changed copies -----------------------------------------------------------------
    def replace(self, **changes):
        """A new spec with ``changes`` ({field: value}), checked as a new one is.

        A new optimizer keeps only the options it has (sgd -> adam drops momentum's)."""
        unknown = [k for k in changes if k not in FIELDS]
        if unknown:
            raise ValueError(f"unknown setting {show(unknown[0])}; valid names are: {', '.join(FIELDS)}")
        if "optimizer" in changes and "optimizer_options" not in changes:
            rule = optimizers.RULES.get(changes["optimizer"]) if isinstance(changes["optimizer"], str) else None
            if rule is not None:
                changes["optimizer_options"] = tuple(p for p in self.optimizer_options if p[0] in rule.OPTIONS)
        return dataclasses.replace(self, **changes)

    def apply(self, action):
        """A new spec with a diagnosis's action applied (:attr:`nnlib.Diagnosis.action`).

        action: {name: value}, each name a field (the new value, typed as the field is) or
        one of CHANGES: lr_scale multiplies lr, standardize picks the data's standardized
        version, next_seed takes seed + 1. ValueError naming what cannot be applied
        (standardize on data that have no standardized version, say)."""
        changes = {}
        for key, value in check_action(action).items():
            if key == "lr_scale":
                changes["lr"] = self.lr * value
            elif key == "standardize":
                if value:
                    changes["data"] = self._standardized()
            elif key == "next_seed":
                if value:
                    changes["seed"] = (self.seed or 0) + 1
            else:
                changes[key] = value
        return self.replace(**changes)

    def _standardized(self):
        name = self.data if isinstance(self.data, str) else ""
        if name.endswith("_standardized"):
            return name
        if f"{name}_standardized" in datasets.NAMED:
            return f"{name}_standardized"
        raise ValueError(f"standardize=True cannot be applied: the data {show(self.data)} have no "
                         "standardized version in nnlib.datasets.NAMED")

    def changes_from(self, other):
        """What differs from ``other`` in words: "lr 0.001 -> 0.0001; reduction sum -> mean"."""
        return "; ".join(f"{k} {_text(getattr(other, k))} -> {_text(getattr(self, k))}"
                         for k in FIELDS if getattr(self, k) != getattr(other, k))

    # -- building and training ----------------------------------------------------------
    @property
    def hidden(self):
        """The hidden layers' sizes: sizes without the input and the output."""
        return self.sizes[1:-1]

    @property
    def layer_activations(self):
        """Each weight layer's activation, output last."""
        out = self.activation if self.output_activation is None else self.output_activation
        return (self.activation,) * (len(self.sizes) - 2) + (out,)

    def network(self):
        """A fresh nnlib.Network with this spec's initial weights."""
        return Network(list(self.sizes), self.activation, self.output_activation, self.leak,
                       self.weight_init, init.bias_value(self.bias_init), self.seed)

    def arrays(self):
        """(X (n, sizes[0]), Y (n, sizes[-1])) of the data. A named set is cached, read-only."""
        if self.data is None:
            raise ValueError("this spec has data=None (train was given its arrays): pass X and Y yourself")
        if isinstance(self.data, str):
            return _named(self.data, self.n, self.data_seed)
        return self.data(n=self.n, seed=self.data_seed)

    def train_options(self):
        """The keyword arguments of :func:`nnlib.train` for this spec; the optimizer's options
        given each as its own keyword (optimizer="momentum", momentum=0.5)."""
        return dict(lr=self.lr, epochs=self.epochs, reduction=self.reduction, adaptive=self.adaptive,
                    optimizer=self.optimizer, dtype=self.dtype, **dict(self.optimizer_options))

    def run(self, record=True, net=None):
        """Train the spec: a :class:`nnlib.History` whose ``settings`` is this spec.

        net: the Network to train in place (default: a fresh ``self.network()``; pass one to
        keep the trained net). record: as in :func:`nnlib.train`."""
        from .training import train
        net = self.network() if net is None else net
        hist = train(net, *self.arrays(), record=record, **self.train_options())
        hist.settings = self
        return hist

    # -- links ---------------------------------------------------------------------------
    def to_query(self):
        """The fields that differ from RunSpec() as a query string, in FIELDS order, each
        value in its shortest exact text; the optimizer's options as their own keys
        ("optimizer=adam&eps=1e-6"). "" for the defaults. ValueError for data not given by name."""
        if not isinstance(self.data, str):
            raise ValueError(f"a spec whose data is {show(self.data)} (not a name) has no link")
        parts = []
        for k in FIELDS:
            value = getattr(self, k)
            if k == "optimizer_options":
                parts += [f"{name}={quote(_text(v), safe=',')}" for name, v in value]
            elif value != getattr(_DEFAULT, k):
                parts.append(f"{k}={quote(_text(value), safe=',')}")
        return "&".join(parts)

    @classmethod
    def from_query(cls, text, base=None):
        """The spec a link (a query string, "?" + query, or a whole URL) describes: ``base``
        (default RunSpec()) with the link's values. A ValueError names every piece that is
        no setting or no value in its control's range; :func:`read_query` skips those."""
        spec, notes = read_query(text, base)
        if notes:
            raise ValueError("; ".join(notes))
        return spec


FIELDS = tuple(f.name for f in dataclasses.fields(RunSpec))


def _bias_label(value):
    """A bias_init as its BIAS_CHOICES label when it names one ("0.1" for 0.1); else the checked value."""
    if isinstance(value, str):
        return choose(value, init.BIAS_CHOICES, "bias_init")
    value = init.check_bias(tuple(value) if isinstance(value, list) else value)
    if isinstance(value, tuple):
        value = ("uniform", float(value[1]), float(value[2]))
    elif value is not None:
        value = float(value)
    return next((label for label, v in init.BIAS_CHOICES.items() if v == value), value)


def _options(optimizer, given):
    """The optimizer's given options, checked by its rule, as sorted (name, value) pairs;
    options at their default left out (so equal specs compare equal)."""
    given = dict(given) if isinstance(given, dict) else _pairs_dict(given)
    name, checked = optimizers.options((optimizer, given))
    defaults = optimizers.RULES[name].OPTIONS
    return tuple(sorted((k, _freeze(checked[k])) for k in given if checked[k] != defaults.get(k)))


def _pairs_dict(pairs):
    try:
        return {str(k): v for k, v in pairs}
    except (TypeError, ValueError):
        raise ValueError(f"optimizer_options must be a dict or (name, value) pairs, got {show(pairs)}") from None


def _freeze(value):
    return tuple(float(v) for v in value) if isinstance(value, (tuple, list)) else value


@lru_cache(maxsize=16)
def _named(data, n, data_seed):
    X, Y = datasets.NAMED[data](n=n, seed=data_seed)
    X.flags.writeable = Y.flags.writeable = False  # shared by every run that names it
    return X, Y


def check_action(action):
    """The action as a dict, every name a field or one of CHANGES; ValueError naming the first
    that is neither, or a documented change with a value of the wrong type. The fields'
    values are checked when the action is applied."""
    if action is None:
        return {}
    if not isinstance(action, dict):
        raise ValueError(f"an action must be a dict {{name: value}}, got {show(action)}")
    out = {}
    for key, value in action.items():
        if key == "lr_scale":
            value = positive(value, "lr_scale")
        elif key in ("standardize", "next_seed"):
            value = flag(value, key)
        elif key not in FIELDS:
            raise ValueError(f"unknown action {show(key)}; an action names fields of RunSpec "
                             f"({', '.join(FIELDS)}) or changes ({', '.join(CHANGES)})")
        out[key] = value
    return out


# -- reading and writing links ----------------------------------------------------------
def _text(value):
    """One value in its shortest exact form: 0.001, 1e-5, 0, 7,10,10,2, U(0,1), 1 (on)."""
    if isinstance(value, (bool, np.bool_)):
        return "1" if value else "0"
    if isinstance(value, tuple):
        return ",".join(_text(v) for v in value)
    if isinstance(value, float):
        text = repr(value)
        return text[:-2] if text.endswith(".0") else re.sub(r"e([+-])0*(\d)", r"e\1\2", text)
    return str(value)


def read_number(text, name):
    """(value, None) for text read as ``name``'s number, or (None, why not in words).

    The one reading of a typed number, for links and the playground's hidden box alike:
    ASCII digits only (no "١٠٠٠", no "²"), no underscores for any number ("1_000"), an
    optional sign, and for a real number a decimal point and an exponent ("1e-3"); at most
    MAX_NUMBER_TEXT characters; the value must lie in LIMITS[name], its control's range.
    why reads after the text: "n=1_000 " + why.
    """
    low, high = LIMITS[name]
    whole = name in WHOLE
    t = text.strip() if isinstance(text, str) else ""
    form, example = ("a whole number", "1000") if whole else ("a number", "0.001 or 1e-3")
    if len(t) > MAX_NUMBER_TEXT or not (_WHOLE_TEXT if whole else _REAL_TEXT).fullmatch(t):
        return None, f"is not {form} (write the digits 0-9, such as {example})"
    value = int(t) if whole else float(t)
    if not (low <= value <= high):
        return None, f"is outside its control's range, {low:g} to {high:g}"
    return value, None


def read_sizes(text):
    """(sizes tuple, None) from "7,10,10,2", or (None, why not). Each size as read_number reads it."""
    parts = [p for p in text.replace(";", ",").strip().strip("[]()").split(",")]
    values = [read_number(p, "sizes")[0] for p in parts]
    if None in values or not 2 <= len(values) <= MAX_HIDDEN + 2:
        low, high = LIMITS["sizes"]
        return None, (f"is not 2 to {MAX_HIDDEN + 2} layer sizes of {low} to {high} "
                      "(write them as 7,10,10,2)")
    return tuple(values), None


def _read(text, name):
    """(value, None) for one link value of field or option ``name``, or (None, why not)."""
    default = getattr(_DEFAULT, name, None)
    t = text.strip()
    if name == "adaptive":
        return (t.lower() in _TRUE, None) if t.lower() in _TRUE + _FALSE else (None, "is not on or off (write 1 or 0)")
    if name == "sizes":
        return read_sizes(t)
    if name == "bias_init":
        return (t, None) if t in init.BIAS_CHOICES else read_number(t, "bias_init")
    if name in LIMITS:
        return read_number(t, name)
    if name in _OPTION_NAMES:
        values = [read_number(p, "option") for p in t.split(",")]
        why = next((w for _, w in values if w), None)
        return (None, why) if why else (values[0][0] if len(values) == 1 else tuple(v for v, _ in values), None)
    return (t, None) if isinstance(default, str) or name == "data" else (None, "cannot be set by a link")


_DEFAULT = RunSpec()  # made once every helper above exists
# nnlib's own defaults, Network's and train's (the question's [7, 2] ReLU net, U(-1, 1) weights,
# no bias; mean cost, lr 0.01, float64), on random targets, n 1000, 300 epochs: where a sweep,
# the ladder and lrfind.runspec_train start
BARE = RunSpec(lr=0.01, leak=0.01, bias_init=None, n=1000, epochs=300, seed=0, sizes=(7, 2),
               activation="relu", data="random_targets", reduction="mean", output_activation=None,
               weight_init="uniform", dtype="float64")
_OPTION_NAMES = tuple(dict.fromkeys(o for rule in optimizers.RULES.values() for o in rule.OPTIONS))


def _pieces(text):
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


def _short(text, width=40):
    return text if len(text) <= width else text[:width - 3] + "..."


def read_query(text, base=None):
    """(spec, notes) from a link; never raises. spec: ``base`` (default RunSpec()) with
    every value the link sets that is valid with those before it; notes: one sentence per
    key or value skipped ("'speed' is not a setting (ignored)", "n=1_000 is not a whole
    number ..., so n stays as it was")."""
    spec = _DEFAULT if base is None else base
    if text is None:
        return spec, []
    if not isinstance(text, str):
        return spec, [f"the link must be text, got {type(text).__name__} (ignored)"]
    notes, given = [], {}
    if len(text) > MAX_QUERY:
        notes.append(f"the link is {len(text):,} characters long; only the first {MAX_QUERY:,} were read")
        text = text[:MAX_QUERY]
    options = dict(spec.optimizer_options)
    for key, raw in _pieces(text):
        if key not in FIELDS and key not in _OPTION_NAMES or key == "optimizer_options":
            notes.append(f"'{_short(key)}' is not a setting (ignored); the link knows: "
                         f"{', '.join(f for f in FIELDS if f != 'optimizer_options')} and the optimizers' "
                         f"options ({', '.join(_OPTION_NAMES)})")
            continue
        if raw is None:
            notes.append(f"{key} has no value (write {key}=...; ignored)")
            continue
        value, why = _read(raw, key)
        if why is None:
            try:
                new = (spec.replace(optimizer_options={**options, key: value}) if key in _OPTION_NAMES
                       else spec.replace(**{key: value}))
            except ValueError as exc:
                why = f"is refused: {exc}"
        if why is not None:
            notes.append(f"{key}={_short(raw)} {why}, so {key} stays as it was")
            continue
        if key in given and given[key] != value:
            notes.append(f"{key} is given twice; the last value, {_short(raw)}, is used")
        given[key], spec = value, new
        options = dict(spec.optimizer_options)
    return spec, notes


def from_history(net, n_samples, lr, epochs, reduction, adaptive, optimizer, options, dtype):
    """The spec of a :func:`nnlib.train` call on a Network: everything the net and train
    know; data=None (the caller's arrays), seed None when the net was seeded by a Generator."""
    seed = net.seed if isinstance(net.seed, (int, np.integer)) else None
    return RunSpec(lr=lr, leak=net.leak, bias_init=net.bias_init, n=n_samples, epochs=epochs, seed=seed,
                   sizes=tuple(net.sizes), activation=net.activation, data=None, reduction=reduction,
                   output_activation=net.output_activation, weight_init=net.weight_init, adaptive=adaptive,
                   optimizer=optimizer, optimizer_options=options, dtype=dtype, data_seed=None)


def summary(spec):
    """The facts of a run the diagnosis reads, as a dict: lr, epochs, reduction, adaptive,
    optimizer, n_samples, sizes, activations, leak, has_bias, dtype (and data, data_seed)."""
    return dict(lr=spec.lr, epochs=spec.epochs, reduction=spec.reduction, adaptive=spec.adaptive,
                optimizer=spec.optimizer, n_samples=spec.n, sizes=list(spec.sizes),
                activations=list(spec.layer_activations), leak=spec.leak,
                has_bias=spec.bias_init != "none", dtype=spec.dtype, data=spec.data,
                data_seed=spec.data_seed)


def limits_error(spec):
    """None when every number of spec lies in its control's range (LIMITS), else why not."""
    for name in ("lr", "leak", "n", "epochs", "seed"):
        low, high = LIMITS[name]
        v = getattr(spec, name)
        if v is not None and not low <= v <= high:
            return f"{name}={_text(v)} is outside its control's range, {low:g} to {high:g}"
    low, high = LIMITS["sizes"]
    if len(spec.hidden) > MAX_HIDDEN or any(not low <= s <= high for s in spec.hidden):
        return f"sizes {list(spec.sizes)}: at most {MAX_HIDDEN} hidden layers of {low} to {high} units"
    return None

