"""Name what a cost curve shows, with its evidence in numbers and the fix to try first.

    hist = nnlib.train(net, X, Y, lr=0.01, epochs=1000, reduction="sum")
    d = nnlib.diagnose(hist)                    # cheap: reads the History only
    d = nnlib.diagnose(hist, critical_lr=0.0011)  # also says how far lr is from the limit
    d = nnlib.diagnose([3.0, 2.0, 1.5, 1.2], lr=0.05, n_samples=1797, reduction="mean",
                       batch_size=32, every=1)  # any run: a plain sequence of costs
    d.kind, d.message, d.fix, d.evidence        # "diverging", "The cost grew ...", ...
    d.action                                    # the fix as settings to change, e.g. {"lr": 0.0005}

Kinds, checked in this order (the first that fits wins):
- "diverging":   the cost became non-finite, or grows geometrically at the end;
- "dead":        every unit of some ReLU-like layer, or some unit of a ReLU-like output
                 layer, has a pre-activation <= 0 on every sample at the end (it passes no
                 gradient; given the trained net and X, "fewer than 2% of the samples"
                 counts too). Sigmoid, tanh and identity units are never called dead.
                 Without dead fractions, a cost frozen exactly flat for most of the run
                 (a zero gradient) counts too, unless a mean cross-entropy sits there
                 under half of what the best constant guess costs (a rounded fit);
- "stalled":     the cost moved by less than 1% over the whole run: the step is far too
                 small, or gradients vanish (from costs alone, "can't tell": dead or
                 saturated units, raw inputs and a tiny lr all leave it flat); also, "can't
                 tell", a cost that settled near what a constant guess costs, or, with no
                 such level known, one that fell less than 2-fold (1.3-fold for a
                 regression) and settled;
- "oscillating": full batch: more than 30% of the updates in the second half raised the
                 cost (unless it fell 5-fold and bounces within 1.5x its best, under 0.3
                 of a constant guess's cost when that is known: a fit; or fell under 3-fold
                 and its second half stays within 2%: "stalled", it may be stuck).
                 Minibatch (each cost from one batch): the trend (median of each twentieth
                 of the run; fewer parts, of 10 costs or more, for a short run) rises again,
                 or the noise band around it grows (nnlib.trend); rises inside a steady band
                 are sampling noise;
- "slow":        the cost (its trend) is still falling by more than 5% over the last tenth;
                 or, when a constant guess's cost is known, it settled between 0.3 and 0.5
                 times it: short of a fit (noisy targets end there too);
- "converging":  otherwise: the cost fell and is settling.
Epochs count updates: ``cost[t]`` is the cost after t updates (t * every with ``every``).
diagnose never raises for a diverged or odd history (bad arguments are a ValueError that
names them) and does little work on the costs alone (computing the critical lr from
``net, X, Y`` costs a few gradient evaluations per iteration).
"""
# One module per concern: report.py (the record, the thresholds, the shared sentences),
# one per kind (diverging.py, dead.py, frozen.py, settling.py), given_net.py (what a
# trained net and its data add), core.py (diagnose itself, checking the kinds in order).
from .core import KINDS, diagnose
from .report import (ALTERNATING, FROZEN_ROUNDING, FROZEN_SHARE, HEALTHY,
                     HEALTHY_UPDATE_RATIO, NEARLY_DEAD, RISING_SHARE, SLOW_TAIL, SMOOTH,
                     STALLED_BELOW, UNSCALED, Diagnosis, kind_word)

__all__ = ["diagnose", "Diagnosis", "KINDS", "HEALTHY", "HEALTHY_UPDATE_RATIO", "kind_word"]
