"""Checkers for the course's exercises: each tests a learner's answer against nnlib.

Every ``check_*`` prints "Correct!" or a hint and returns True or False. It never raises
into the kernel: an answer that crashes is reported as a hint too. Inputs are random but
seeded, so a hint is reproducible. A checker compares against nnlib's own functions
(or a closed form), never against a pasted number.

``check_understanding_0N`` is notebook N's closing "check your understanding": a few
short answers (numbers, names, or the letter of one of three reasons for a "why" question),
one verdict line each, True only when all are right.

Also here, for notebook 05: :func:`buggy_gradients`, a copy of the backward pass with
one planted bug, and :func:`blocks`, which splits a flat parameter vector by layer.
"""
from .choosing import check_understanding_09
from .doctor import check_mean_lr, check_planted_fix, check_understanding_08
from .fixes import check_understanding_04
from .gradients import (blocks, buggy_gradients, check_bug_location, check_central_difference,
                        check_relative_error, check_understanding_05)
from .playground import check_understanding_07
from .stability import check_blowup_factor, check_critical_lr, check_mean_cost, check_understanding_02
from .steps import check_adaptive_lr, check_momentum_limit, check_understanding_06
from .symptoms import check_frozen_cost, check_progress_condition, check_understanding_01
from .units import (check_dead_units, check_he_init, check_leaky_relu, check_relu, check_relu_prime,
                    check_understanding_03)

__all__ = ["blocks", "buggy_gradients", "check_adaptive_lr", "check_blowup_factor",
           "check_bug_location", "check_central_difference", "check_critical_lr",
           "check_dead_units", "check_frozen_cost", "check_he_init", "check_leaky_relu",
           "check_mean_cost", "check_mean_lr", "check_momentum_limit", "check_planted_fix", "check_progress_condition",
           "check_relative_error", "check_relu", "check_relu_prime"] + [
           f"check_understanding_0{k}" for k in range(1, 10)]
