"""negative: a cost below 0 under a loss that cannot be (a squared error, a cross-entropy):
the cost is computed wrongly, so no setting can be judged from it."""
import numpy as np

from ..i18n import _
from .report import Finding, _at


def _negative(run, ev):
    """A check (name): some finite cost is below 0 while the loss is known to be >= 0."""
    if ev.get("loss") not in ("squared", "cross_entropy"):
        return None  # other losses (a log-likelihood of a density) may well be negative
    c = run.cost[np.isfinite(run.cost)]
    if not (c.size and c.min() < 0):
        return None
    k = int(np.argmax(run.cost < 0))
    ev["first_negative"] = k
    what = _("The cost is {cost:.3g} at {at}, below 0, which a {loss} cost can never be: "
             "it is computed wrongly, so its curve says nothing about the settings.").format(
                 cost=run.cost[k], at=_at(ev, k), loss=ev["loss"])
    return Finding("negative", what, _("check the cost's formula (a lost minus sign, as in "
                                       "mean(log p) for -mean(log p))"), {}, "sure", ask=False)
