"""What the trained net and its data add: the critical lr (given, or measured at the net's
weights) and, for a run that settled, how well it fits against predicting the mean."""
import numpy as np

from .. import activations, costs
from ..i18n import _
from ..costs import SUCCESS_UNEXPLAINED  # the one bar: above it a fit is poor
from ..runs import number


def _critical(run, critical_lr, net, X, Y, ev):
    """The critical lr given, or computed from net, X, Y; then a saddle or an unsettled
    power iteration is said in ev["curvature_note"] (repeated after the lr sentence).
    A number that cannot be measured is said so, never quoted."""
    if critical_lr is not None:
        crit = number(critical_lr, "critical_lr", positive=False)
        if np.isnan(crit) or crit <= 0:
            ev["curvature_note"] = _("The critical lr could not be measured (lambda_max could "
                                     "not be estimated), so this run's lr is not compared with it.")
            return None
        return crit
    if net is None or X is None or Y is None:
        return None
    if not (np.isfinite(run.cost).all() and np.isfinite(net.get_params()).all()):
        ev["curvature_note"] = _("The critical lr could not be measured: the trained weights "
                                 "diverged (pass critical_lr computed at the initial weights).")
        return None
    from ..curvature import critical_lr_report
    crit, note, top = critical_lr_report(net, X, Y, run.settings.get("reduction", "mean"), max_iter=100)
    if note:
        ev["curvature_note"] = note
    if top.lowest is not None:
        ev["lowest_curvature"] = float(top.lowest)
    return None if crit is None else float(crit)


def _fit_note(net, X, Y, settings, ev, what, fix, action):
    """Converging, but to what? Compare each output's error with predicting its mean."""
    u = costs.unexplained(net.predict(X), Y)
    ev["unexplained"] = u.tolist()
    worst = int(np.nanargmax(u)) if np.isfinite(u).any() else None
    if worst is None or u[worst] <= SUCCESS_UNEXPLAINED:  # the ladder's bar for success
        return what, fix, action
    what += _(" But the fit is poor: output {k}'s error is {ratio:.3g} times that of "
              "always predicting its mean.").format(k=worst + 1, ratio=u[worst])
    out = (settings.get("activations") or [None])[-1]
    low, high = activations.get(out).output_range if out in activations.NAMES else (-np.inf, np.inf)
    if Y[:, worst].min() < low or Y[:, worst].max() > high:
        fix = _("use a linear output layer (output_activation='identity'): this output can only "
                "lie in ({low:g}, {high:g}), but the targets run from {ymin:.3g} "
                "to {ymax:.3g}").format(low=low, high=high, ymin=Y[:, worst].min(), ymax=Y[:, worst].max())
        action = {"output_activation": "identity"}
    elif not settings.get("has_bias", True):
        fix = _("add trainable biases (bias_init=0.1): without them the fit must pass through "
                "the origin")
        action = {"bias_init": 0.1}
    else:
        acts = settings.get("activations") or []
        can_die = not acts or any(a in activations.CAN_DIE for a in acts)
        fix = _("a bigger model or more epochs; check that no unit is dead") if can_die else \
            _("a bigger model or more epochs")
        action = {}
    return what, fix, action
