"""Checkers for 09: choosing a learning rate (the growth rule, the edge of stability, why the
limit moves).
"""
import numpy as np

from ._common import _answers, _named, _numeric


def check_understanding_09(stable_lr, settled_lambda, what_moves):
    """Notebook 09's recap. stable_lr: the largest stable lr of a full-batch run at lr 0.02
    whose cost grows 16-fold per update on a quadratic; settled_lambda: where lambda_max
    settles under full-batch gradient descent at lr 0.25; what_moves: why a run that starts
    with lr x lambda_max = 2.07 can still converge (what changes)."""
    lr, growth = 0.02, 16.0
    return _answers([
        _numeric(stable_lr, 2 * lr / (1 + np.sqrt(growth)), 0.02,
                 "the error grows by |1 - lr lambda| = sqrt(16) per update: solve for lambda, then 2 / lambda",
                 wrong=[(2 * lr / growth, "the COST grows 16-fold, the error only sqrt(16)-fold"),
                        (lr / np.sqrt(growth), "lr lambda = 1 + sqrt(g), not sqrt(g)")]),
        _numeric(settled_lambda, 2 / 0.25, 0.1, "at the edge of stability lr x lambda_max hovers near 2",
                 wrong=[(1 / 0.25, "the limit is lr x lambda_max = 2, not 1")]),
        _named(what_moves, ("curvature", "lambda", "λ", "sharp", "weights", "flat", "hessian", "eigen"),
               "which of the numbers in lr x lambda_max changes as the weights move?",
               wrong=[("lr", "lr is fixed here; the other factor moves"),
                      ("noise", "this run is full batch: there is no sampling noise")])])
