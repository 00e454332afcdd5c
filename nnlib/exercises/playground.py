"""Checkers for 07: the recap of the playground (which readout warns, and of what).
"""
import numpy as np

from ..live import liverun
from ._common import _answers, _named, _numeric


def check_understanding_07(ratio_factor, warning, dead_epoch):
    """Notebook 07's recap. ratio_factor: what N from 1,000 to 10,000 does to lr * lambda_max
    with the summed cost; warning: the readout that tells before training that the cost will
    explode; dead_epoch: the epoch from which every hidden unit is dead at LEAK 0, lr 1e-3."""
    hist, _ = liverun.train_run(liverun.settings(leak=0.0, lr=1e-3), epochs=10)
    epoch = int(np.argmax(hist.dead_fraction[:, 0] == 1))
    return _answers([
        _numeric(ratio_factor, 10_000 / 1_000, 0.05, "the summed cost's lambda_max grows in proportion to N",
                 wrong=[(1.0, "that is the MEAN cost; the summed cost's curvature grows with N")]),
        _named(warning, ("lambda", "λ", "stability", "lr x", "lr ×", "lr *"), "which panel is known "
               "before the first step?", wrong=[("dead", "the dead share shows a failure after it happened")]),
        _numeric(dead_epoch, epoch, 0, "look at check 3's close-up and the dead share it prints")])
