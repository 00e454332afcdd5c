"""What a diagnosis is: the kinds, the thresholds that separate them, the Diagnosis record,
and the small sentences every kind uses (numbers, places in the run, the lr against its limit)."""
from dataclasses import dataclass, field

import numpy as np

from .. import activations
from ..i18n import _, N_
from ..activations import active_share, dead_units, is_dead  # noqa: F401  (the kind modules import them from here)

HEALTHY = ("converging", "slow")  # the kinds with nothing to repair
STALLED_BELOW = 0.01      # relative change of the cost over the run
RISING_SHARE = 0.3        # share of updates that raise the cost
STEADY_RISE = 0.8         # a full-batch cost rising on this share of all updates is climbing
# ... and growing less than this per update from the first: maybe W += lr dW. An uphill step
# at a small lr climbs (1 + lr lambda)^2, just over 1, per update; an lr past the limit climbs
# (lr lambda - 1)^2: under 1.2 it would sit within 5% of the limit, where a hand-picked lr rarely lies
SIGN_SUSPECT = 1.2
SLOW_TAIL = 0.05          # relative fall over the last tenth of the run
CRAWL_FALL = 0.002        # a second half that fell under this share of the cost has no crawl to read
CRAWL_STRAIGHT = 0.8      # a crawl's last tenth falls nearly as much as the second half's mean per tenth
                          # (a straight line: 1; settling geometrically: well under 0.5; a 1/t tail: 0.55)
STEADY_FALL = 0.5         # a last tenth that fell at least this share of the run's mean fall per tenth
                          # is not settling: a straight decline, the mark of a step far too small
HEALTHY_UPDATE_RATIO = 1e-3
MOSTLY_DEAD = 0.5         # a logged layer with this share of its units dead at the end is mostly dead
NEARLY_DEAD = 0.02        # with net and X: a unit active on fewer samples counts as dead
FROZEN_ROUNDING = 1e-13   # relative change of a frozen cost: rounding only
FROZEN_SHARE = 0.5        # a cost exactly flat over the last half of the run or more: zero gradient
GRADUAL = 1e-9            # a last step onto an exactly flat tail under this share of the cost:
                          # it settled onto a minimum
UNSCALED = 10.0           # an input column whose mean or spread exceeds this is unscaled
BOUNCED = 2.0             # an oscillating cost that ended this far above its best left its basin
OFF_SCALE = 20.0          # a first cost above this multiple of the constant guess's: inputs off scale
SMOOTH = 0.1              # a curve of unknown batch rising on fewer updates has no sampling noise
ALTERNATING = 0.9         # share of sign flips that marks a full-batch overshoot in a curve of unknown batch


def flat_since(c):
    """The index from which the costs c (n,) stay equal up to rounding (FROZEN_ROUNDING: the
    same sums rounded in another order); n - 1 when the last two differ."""
    same = np.abs(np.diff(c)) <= FROZEN_ROUNDING * np.abs(c[1:])
    tail = int(np.argmin(same[::-1])) if not same.all() else len(same)
    return len(same) - tail


def settled_onto_minimum(c, since):
    """Did the costs c (n,) reach their flat tail (from index since) gradually, the last step
    onto it under GRADUAL of the cost? Gradient descent converging does; a printout rounded
    to a few digits, or units that died in one step, reach it by a visible step."""
    return since > 0 and abs(c[since] - c[since - 1]) < GRADUAL * abs(c[since])


@dataclass
class Diagnosis:
    """kind: one of KINDS (defined by nnlib.diagnosis.core's CHECKS, in the order checked);
    message: plain sentences with numbers, ending with the fix;
    fix: the fix to try first alone; evidence: the numbers, by name; action: that fix as
    fields of nnlib.RunSpec with typed values ({"lr": 0.0005}, {"reduction": "mean"},
    {"output_activation": "identity"}, {"leak": 0.01}, ...) or the changes named in
    nnlib.runspec.CHANGES ({"lr_scale": 0.5} multiplies an lr that was not given,
    {"standardize": True}, {"next_seed": True}); ``spec.apply(action)`` applies it;
    {} when there is nothing to change;
    certainty: "sure" (a number overflowed, or dead fractions were given), "likely" (read
    from the curve's shape), or "can't tell" (several causes fit: the message says what to log)."""
    kind: str
    message: str
    fix: str = ""
    evidence: dict = field(default_factory=dict)
    action: dict = field(default_factory=dict)
    certainty: str = "likely"

    def __str__(self):
        return _("{kind}: {message}").format(kind=kind_word(self.kind), message=self.message)


# the kinds as the learner reads them, one entry per kind of KINDS (a test holds them equal);
# d.kind itself stays the English name: code compares it
KIND_WORDS = {"diverging": N_("diverging"), "dead": N_("dead"), "stalled": N_("stalled"),
              "oscillating": N_("oscillating"), "slow": N_("slow"), "converging": N_("converging")}


def kind_word(kind):
    """A kind as the learner reads it, in the language in use (str(d), the playground)."""
    return _(KIND_WORDS.get(kind, kind))


@dataclass
class Finding:
    """What one check found: kind (one of KINDS), what (the sentences with numbers), fix
    (words), action (the fix as settings), certainty ("sure" | "likely" | "can't tell"),
    ask (False: the message does not list what was not given)."""
    kind: str
    what: str
    fix: str
    action: dict = field(default_factory=dict)
    certainty: str = "likely"
    ask: bool = True


def _found(result, certainty="likely"):
    """A kind module's (kind, what, fix, action[, certainty]) as a Finding; None stays None."""
    if result is None:
        return None
    return Finding(*result[:4], certainty=result[4] if len(result) > 4 else certainty)


def _g(x):
    return f"{x:.3g}"


def _can_die(run, L):
    """Per layer (L of them), whether its units can die: its activation's can_die, or True
    for every layer when the run does not say its L activations."""
    acts = list(run.settings.get("activations", []))
    if len(acts) != L:
        return [True] * L
    return [a in activations.CAN_DIE for a in acts]


def _layer_name(l, L):
    return _("the output layer") if l == L - 1 else _("hidden layer {n}").format(n=l + 1)


def _recorded(l, L):
    """Dead fractions from a plain run: only the learner knows which layers they are."""
    return _("the layer you recorded") if L == 1 else _("recorded layer {n} (of {L})").format(n=l + 1, L=L)


def _which_layer(run, l, L):
    """A layer's name: from a History its place in the net, from a plain run its place in what was logged."""
    return _layer_name(l, L) if run.from_history else _recorded(l, L)


def _lr_sentence(ev):
    note = ev.get("curvature_note")
    return _lr_ratio_sentence(ev) + (_(" {note}").format(note=note) if note else "")


def _lr_ratio_sentence(ev):
    r = ev.get("lr_over_critical")
    if r is None or not np.isfinite(r):
        return ""
    if r == 0:
        return _(" The cost has no upward curvature at these weights (no critical lr): nothing pulls them anywhere.")
    crit = ev["critical_lr"]
    lr = (_("lr = {lr:.3g}").format(lr=ev["lr"]) if "final_lr" not in ev else
          _("The final lr {lr:.3g}").format(lr=ev["final_lr"]))
    if r >= 1:
        return _(" {lr} is {ratio:.3g} times the critical lr {crit:.3g} (2 / lambda_max).").format(
            lr=lr, ratio=r, crit=crit)
    return _(" {lr} is {ratio:.3g} times below the critical lr {crit:.3g} (2 / lambda_max).").format(
        lr=lr, ratio=1 / r, crit=crit)


def _span(ev, k):
    """k records as a length: "k epochs" for a History, else in updates (singular for one)."""
    if ev["unit"] == "epoch":
        return _("{n} epoch").format(n=k) if k == 1 else _("{n} epochs").format(n=k)
    n = k * ev["every"]
    return _("{n} update").format(n=n) if n == 1 else _("{n} updates").format(n=n)


def _at(ev, k):
    """Where cost[k] lies: "epoch k" for a History, else in updates."""
    if ev["unit"] == "epoch":
        return _("epoch {k}").format(k=k)
    return _("update {k}").format(k=k * ev["every"])


def _times_lower(first, last):
    if last == 0:
        return _("a perfect fit")
    if first <= 0 or last < 0:  # a ratio of signed costs means nothing: say the fall
        return (_("a fall of {d:.3g}").format(d=first - last) if first > last else
                _("a rise of {d:.3g}").format(d=last - first))
    if first < last or not np.isfinite(first / last):
        return _("{r:.3g} times the first").format(r=last / first) if first > 0 else _("a change of sign")
    return _("{r:.3g} times lower").format(r=first / last)


def _off_scale(ev):
    """The first cost far above what a constant guess costs: the outputs start far off the
    targets' scale, most often from unscaled inputs (large weights or offset targets do it too)."""
    level = ev.get("constant_level")
    return bool(level and np.isfinite(ev["initial_cost"]) and ev["initial_cost"] > OFF_SCALE * level)


def scaled_lr(lr, factor):
    """The action that multiplies lr by factor: {"lr": factor * lr}, or {"lr_scale": factor}
    when lr was not given (nan)."""
    return {"lr": factor * lr} if np.isfinite(lr) else {"lr_scale": factor}


def _calm(ev, c):
    """(words, action) for a cost that goes up and down, sized by how far it bounced: a run
    that ended near its best needs half the lr; one that ended BOUNCED x above its best has
    left its basin, and half would still bounce: a tenth."""
    f = np.asarray(c, dtype=float)
    f = f[np.isfinite(f)]
    end, best = (float(np.median(f[-max(1, len(f) // 10):])), float(f.min())) if f.size else (0.0, 0.0)
    ev["end_over_best"] = end / best if best > 0 else float("nan")
    factor = 0.1 if best > 0 and end > BOUNCED * best else 0.5
    ratio = ev["end_over_best"]
    if factor == 0.5:
        words = _("halve lr")
    elif np.isfinite(ratio):
        words = _("lower lr 10-fold (it ended {ratio:.3g} times above its best)").format(ratio=ratio)
    else:  # a best of 5e-324
        words = _("lower lr 10-fold (it ended far above its best)")
    return words, scaled_lr(ev["lr"], factor)


def _longer(run, ev):
    epochs = run.settings.get("epochs")
    return {"epochs": 2 * int(epochs)} if isinstance(epochs, (int, np.integer)) else {}


def _halvings(run, ev):
    if run.rejected is None or not np.any(run.rejected):
        return ""
    lr_now = run.lr[-1] if run.lr.size else ev["lr"]
    ev["lr_halvings"] = int(np.sum(run.rejected))
    return _(" The adaptive rule halved lr {n} times (to {lr:.3g}).").format(n=ev["lr_halvings"], lr=lr_now)
