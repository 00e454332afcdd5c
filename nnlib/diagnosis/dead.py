"""dead, from a History: every unit of a ReLU-like layer (or some output unit) with an
input <= 0 on every sample, read from the dead fractions, the layer sizes and, given the
trained net and X, the share of samples on which each unit is active."""
import numpy as np

from .. import activations
from ..i18n import _
from .report import _can_die, _layer_name, _lr_sentence, active_share, is_dead, NEARLY_DEAD
from .diverging import _step_fix
from .frozen import _dead_fractions


def _activity(net, X):
    """Per layer, the share of samples on which each unit's pre-activation is > 0: (units,),
    or None for a layer whose units cannot die (a sigmoid unit at z <= 0 still passes a
    gradient back)."""
    _out, cache = net.forward(X)
    return [active_share(Z, a) for (_A, Z), a in zip(cache, net.layer_activations)]


def _dead(c, run, ev, shares=None):
    """Dead units from a History's per-layer dead fractions and the run's sizes and activations."""
    dead = run.dead_fraction
    acts = list(run.settings.get("activations", []))
    sizes = list(run.settings.get("sizes", []))
    if dead is None or len(sizes) != dead.shape[1] + 1:
        return _dead_fractions(c, run, ev)
    found = _dead_layer(dead, run, sizes, shares, ev)
    if found is None:
        return None
    l, whole, worst, strict = found
    L = dead.shape[1]
    col = dead[:, l] >= dead[-1, l] - 1e-12 if strict else np.zeros(len(dead), bool)
    since = int(len(col) - np.argmin(col[::-1])) if not col.all() else 0
    ev.update(dead_layer=l, dead_units=worst[l], dead_since=since)
    tail = c[since:]
    change = float(abs(tail[-1] - tail[0]) / max(abs(tail[0]), 1e-300)) if len(tail) > 1 else 0.0
    ev["change_since_dead"] = change
    leak = run.settings.get("leak", 0.0) if acts and acts[l] == "leaky_relu" else 0.0
    units = (_("Every unit of {layer} ({n} units)").format(layer=_layer_name(l, L), n=sizes[l + 1]) if whole
             else _("{dead} of {n} output units").format(dead=worst[l], n=sizes[-1]))
    passes = (_("it outputs 0 and passes no gradient back.") if not leak else
              _("it passes only leak = {leak:g} times the gradient back.").format(leak=leak))
    low = 0.0
    if strict:
        what = (_("{units} has been dead from the start: its input is <= 0 on every sample, so {passes}")
                if since == 0 else
                _("{units} has been dead since epoch {since}: its input is <= 0 on every sample, so {passes}"))
    else:
        low = float(np.min(shares[l]))
        since = None
        what = (_("{units} is dead by the end: its input is <= 0 on every sample, so {passes}") if low == 0 else
                _("{units} is as good as dead by the end: its input is > 0 on only "
                  "{low:.1%} of the samples, so for the rest {passes}"))
    what = what.format(units=units, since=since, low=low, passes=passes)
    frozen_for = len(c) - 1 - since if since is not None else 0
    if frozen_for > 0:
        what += _(" Over the {n} epochs since, the cost moved by {change:.2g} "
                  "(relative), ending at {end:.3g}.").format(n=frozen_for, change=change, end=c[-1])
    jump, fix, action = _dead_fix(c, since, run, ev)
    return "dead", what + jump + _lr_sentence(ev), fix, action


def _dead_layer(dead, run, sizes, shares, ev):
    """(l, whole, worst, strict): the first wholly dead ReLU-like layer, else a ReLU-like
    output layer with a dead unit (or None); whole: the wholly dead layers; worst: dead
    units per layer, counting those active on < 2% of the samples when shares are given;
    strict: layer l's count needs no such near-dead unit."""
    L = dead.shape[1]
    relu_like = _can_die(run, L)
    if shares is not None and len(shares) == L:  # the net knows its activations, if the run does not
        relu_like = [r and sh is not None for r, sh in zip(relu_like, shares)]
    if np.isfinite(dead[-1]).all():  # a unit that cannot die is never counted dead
        n_dead = [int(round(dead[-1, l] * sizes[l + 1])) if relu_like[l] else 0 for l in range(L)]
    elif shares is None:
        return None
    else:
        n_dead = [0] * L
    nearly = [0] * L
    if shares is not None:  # the trained net is at hand: count units alive on < 2% of samples
        nearly = [int(np.sum(is_dead(sh, NEARLY_DEAD))) if sh is not None else 0 for sh in shares]
        ev["active_share"] = [sh.tolist() if sh is not None else None for sh in shares]
    worst = [max(a, b) for a, b in zip(n_dead, nearly)]
    whole = [l for l in range(L) if relu_like[l] and worst[l] == sizes[l + 1]]
    if not whole and not (relu_like[-1] and worst[-1] > 0):
        return None
    l = whole[0] if whole else L - 1
    return l, whole, worst, n_dead[l] == worst[l]


def _dead_fix(c, since, run, ev):
    """(sentence, fix, action): a jump before the units died means the step pushed them
    there (fix the step first); else the cures the run lacks."""
    before = c[:(since if since is not None else len(c) - 1) + 1]
    jumps = before[1:] / np.maximum(before[:-1], 1e-300) if len(before) > 1 else np.array([])
    too_big, text = ev.get("lr_over_critical", 0) > 1, ""
    if len(jumps) and jumps.max() > 1.5:
        t = int(np.argmax(jumps))
        ev["jump_epoch"], ev["jump_factor"] = t + 1, float(jumps[t])
        text = _(" Update {t} raised the cost {jump:.3g}-fold ({before:.3g} to "
                 "{after:.3g}): a step too large pushed the units there.").format(
                     t=t + 1, jump=jumps[t], before=before[t], after=before[t + 1])
        too_big = True
    cures, actions = _dead_cures(run.settings)
    if too_big:
        fix, action = _step_fix(ev, blind_mean="cut")
        fix += _("; then {cures}").format(cures=cures) if cures else ""
    else:
        fix = cures or _("lower lr and start from another seed")
        action = actions[0] if actions else {"next_seed": True}
    return text, fix, action


def _dead_cures(settings):
    """What the run lacks among the cures for dead units, most effective first: (words, actions)."""
    acts = settings.get("activations", [])
    cures, actions = [], []
    if acts and acts[-1] in activations.CAN_DIE:
        cures.append(_("a linear output layer (output_activation='identity')"))
        actions.append({"output_activation": "identity"})
    if any(a == "relu" for a in acts[:-1]) or (acts and acts[-1] == "relu" and len(acts) == 1):
        cures.append(_("leaky ReLU (activation='leaky_relu', leak=0.01)"))
        actions.append({"activation": "leaky_relu", "leak": 0.01})
    elif any(a == "leaky_relu" for a in acts) and settings.get("leak", 0.01) < 1e-3:
        cures.append(_("a larger leak than {leak:g} (e.g. 0.01)").format(leak=settings.get("leak")))
        actions.append({"leak": 0.01})
    if not settings.get("has_bias", True):
        cures.append(_("trainable biases starting small and positive (bias_init=0.1)"))
        actions.append({"bias_init": 0.1})
    return _(", ").join(cures), actions
