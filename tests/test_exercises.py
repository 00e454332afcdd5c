"""Every checker in nnlib.exercises accepts a right answer and rejects a wrong one, with a hint."""
import numpy as np
import pytest

import nnlib
from nnlib import exercises as ex
from nnlib import gradcheck


def central(f, x, h):
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(len(x))])


def forward_difference(f, x, h):
    return np.array([(f(x + h * e) - f(x)) / h for e in np.eye(len(x))])


def crash(*args):
    raise ZeroDivisionError("boom")


CASES = [
    # (checker, extra args, right answer, wrong answer, words the wrong answer's hint must contain)
    (ex.check_relu, (), lambda z: np.maximum(z, 0), lambda z: np.abs(z), "negative"),
    (ex.check_relu_prime, (), lambda z: (z > 0).astype(float), lambda z: np.maximum(z, 0), "positive"),
    (ex.check_leaky_relu, (), lambda z, leak: np.where(z > 0, z, leak * z),
     lambda z, leak: np.where(z > 0, z, 0.01 * z), "leak argument"),
    (ex.check_he_init, (), lambda i, o, rng: rng.normal(0, np.sqrt(2 / i), size=(i, o)),
     lambda i, o, rng: rng.normal(0, 2 / i, size=(i, o)), "VARIANCE"),
    (ex.check_dead_units, (), lambda Z: np.all(Z <= 0, axis=0), lambda Z: np.all(Z < 0, axis=0), "exactly 0"),
    (ex.check_mean_cost, (), lambda out, Y: 0.5 * np.sum((Y - out) ** 2) / len(Y),
     lambda out, Y: 0.5 * np.sum((Y - out) ** 2), "summed"),
    (ex.check_central_difference, (), central, forward_difference, "central"),
    (ex.check_relative_error, (), lambda a, n: np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), 1e-30),
     lambda a, n: np.abs(a - n) / (np.abs(a) + np.abs(n)), "NaN"),
    (ex.check_progress_condition, (), lambda i: i % 1000 == 0, lambda i: (i / 1000.0) == (i / 1000),
     "true division"),
    (ex.check_adaptive_lr, (), lambda lr, b, a: lr if a <= b else lr / 2,
     lambda lr, b, a: lr / 2 if a > b else lr, "non-finite"),
]


@pytest.mark.parametrize("checker, extra, right, wrong, words", CASES,
                         ids=[c[0].__name__ for c in CASES])
def test_checker_accepts_right_rejects_wrong(checker, extra, right, wrong, words, capsys):
    assert checker(right, *extra) is True
    assert capsys.readouterr().out.strip() == "Correct!"
    assert checker(wrong, *extra) is False
    out = capsys.readouterr().out
    assert out.startswith("Not yet. Hint:") and words in out


@pytest.mark.parametrize("checker", [c[0] for c in CASES], ids=[c[0].__name__ for c in CASES])
def test_a_crashing_answer_is_a_hint_not_an_exception(checker, capsys):
    assert checker(crash) is False
    assert "ZeroDivisionError" in capsys.readouterr().out


def test_critical_lr_and_blowup_factor(capsys):
    X, _ = nnlib.datasets.random_targets(n=300, seed=1)
    lam = np.linalg.svd(X, compute_uv=False)[0] ** 2   # independent of eigvalsh
    assert ex.check_critical_lr(2 / lam, X)
    assert not ex.check_critical_lr(2 * len(X) / lam, X)
    assert "MEAN" in capsys.readouterr().out
    assert ex.check_blowup_factor(abs(1 - 0.01 * lam), 0.01, X)
    assert not ex.check_blowup_factor((1 - 0.01 * lam) ** 2, 0.01, X)
    assert "square" in capsys.readouterr().out
    assert 0.01 * lam > 2                               # unstable: the signed factor is negative
    assert not ex.check_blowup_factor(1 - 0.01 * lam, 0.01, X)
    assert "abs()" in capsys.readouterr().out
    assert not ex.check_blowup_factor(0.01 * lam, 0.01, X)   # within 2% of the answer, still wrong
    assert "1 - lr" in capsys.readouterr().out


def test_kinks_and_near_misses_get_their_own_hints(capsys):
    # relu'(0) = 0 in both checkers that meet a zero pre-activation
    assert not ex.check_relu_prime(lambda z: (z >= 0).astype(float))
    assert "z = 0" in capsys.readouterr().out
    assert not ex.check_dead_units(lambda Z: np.all(Z < 0, axis=0))
    assert "exactly 0" in capsys.readouterr().out
    # i // 1000 == 0 tests i < 1000: not a division problem
    assert not ex.check_progress_condition(lambda i: i // 1000 == 0)
    out = capsys.readouterr().out
    assert "i < 1000" in out and "true division" not in out


def test_frozen_cost(capsys):
    _, Y = nnlib.datasets.random_targets(n=200, seed=2)
    dead = nnlib.Network([7, 2], seed=0)
    dead.weights[0][...] = -1.0                     # every pre-activation < 0: outputs 0
    per_output = np.array([nnlib.costs.cost(dead.predict(np.ones((200, 7)))[:, [k]], Y[:, [k]], "sum")
                           for k in range(2)])      # independent of the checker's formula
    assert ex.check_frozen_cost(per_output, Y)
    assert not ex.check_frozen_cost(per_output / len(Y), Y)
    assert "SUMS" in capsys.readouterr().out
    assert not ex.check_frozen_cost(per_output.sum(), Y)
    assert "total" in capsys.readouterr().out


def test_momentum_limit(capsys):
    X, Y = nnlib.datasets.random_targets(n=500, seed=4)
    lam = np.linalg.svd(X / np.sqrt(len(X)), compute_uv=False)[0] ** 2
    assert ex.check_momentum_limit(2 * 1.9 / lam, X, 0.9)
    assert not ex.check_momentum_limit(2 / lam, X, 0.9)
    assert "plain gradient descent" in capsys.readouterr().out
    # and the limit is real: just below it momentum converges, just above it diverges
    net = nnlib.Network([7, 2], activation="identity", seed=0)
    below = nnlib.train(net.copy(), X, Y, lr=0.95 * 3.8 / lam, epochs=1500, optimizer="momentum", momentum=0.9)
    above = nnlib.train(net.copy(), X, Y, lr=1.05 * 3.8 / lam, epochs=1500, optimizer="momentum", momentum=0.9)
    assert below.status == "ok" and below.cost[-1] < below.cost[0] and above.cost[-1] > above.cost[0]


def test_planted_bug_is_where_check_bug_location_says():
    """The answer key must agree with an actual gradient check of buggy_gradients."""
    X, Y = nnlib.datasets.sincos(n=40, seed=3)
    net = nnlib.Network([7, 10, 2], activation="leaky_relu", output_activation="identity",
                        weight_init="he", bias_init=0.1, seed=0)
    dWs, dbs = ex.buggy_gradients(net, X, Y)
    flat = np.concatenate([np.concatenate([w.ravel(), b]) for w, b in zip(dWs, dbs)])
    bad = ex.blocks(net, flat)
    good = ex.blocks(net, gradcheck.numeric_gradient(net, X, Y))
    wrong = {k for k in good if gradcheck.relative_errors(bad[k], good[k]).max() > 1e-4}
    assert wrong == {"W0", "b0"}
    assert ex.check_bug_location(wrong)
    assert not ex.check_bug_location({"W1", "b1"})


def test_bug_location_rejects_unknown_names(capsys):
    assert not ex.check_bug_location("W0, b0")   # one string, not two names
    out = capsys.readouterr().out
    assert "unknown" in out and "'W0', 'W1', 'b0', 'b1'" in out
    assert not ex.check_bug_location({"W0", "b0", "W2"})
    assert "unknown" in capsys.readouterr().out


def test_adaptive_lr_hint_for_the_answers_wording(capsys):
    assert not ex.check_adaptive_lr(lambda lr, b, a: lr if a < b else lr / 2)  # halves on a tie
    assert "RISES" in capsys.readouterr().out


def test_blocks_round_trip():
    net = nnlib.Network([3, 4, 2], bias_init=0.5, seed=0)
    parts = ex.blocks(net, net.get_params())
    assert list(parts) == ["W0", "b0", "W1", "b1"]
    assert np.array_equal(parts["W1"], net.weights[1]) and np.array_equal(parts["b0"], net.biases[0])


def test_he_init_must_use_the_rng_argument(capsys):
    global_draws = lambda fan_in, fan_out, rng: np.random.normal(0, np.sqrt(2 / fan_in), (fan_in, fan_out))
    assert not ex.check_he_init(global_draws)
    assert "rng argument" in capsys.readouterr().out


# "Check your understanding": (checker, right answers, wrong answers, words of each wrong one's hint)
UNDERSTANDING = [
    (ex.check_understanding_01, ("b", 292.6, 500), ("a", 17.1, 1000),
     ("lr stays", "ERROR's factor", "factor 0.5")),
    (ex.check_understanding_02, (-1.2, 0.00218, "b"), (1.2, 0.00218 / 2, "a"),
     ("keep the sign", "not 1 / lambda_max", "zigzags")),
    (ex.check_understanding_03, ("a", 0.125, "leak 0.01"), ("b", 0.5, "leak 1e-4"),
     ("nnlib trains biases", "ALL its weights", "10,000 times smaller")),
    (ex.check_understanding_04, (10, 1.12, "b"), (1, 2.4, "c"),
     ("MEAN of y", "WITHOUT a bias", "OUTPUT unit")),
    (ex.check_understanding_05, (1.2e-6, 5e-4, "kinks"), (6e-6, 0.001, "the bias"),
     ("forward difference", "|a| alone", "straddle")),
    (ex.check_understanding_06, (6, 3, "a"), (5, 2, "c"),
     ("smallest such k", "plain gradient descent", "m / sqrt(v)")),
    (ex.check_understanding_07, ((3.0, "above"), "lr x lambda_max", "b"), ((1.0, "above"), "dead share", "a"),
     ("lr changed too", "after it happened", "float32")),
    (ex.check_understanding_09, ("b", 8, "b"), ("a", 4, "c"), ("scales lambda_max", "not 1", "sampling noise")),
    (ex.check_understanding_08, (0.000182, "b", 1.386), (0.00001, "a", 0.25),
     ("square root", "trend and band", "take -ln")),
]


@pytest.mark.parametrize("checker, right, wrong, words", UNDERSTANDING, ids=[u[0].__name__ for u in UNDERSTANDING])
def test_understanding_accepts_right_and_hints_at_each_wrong_answer(checker, right, wrong, words, capsys):
    assert checker(*right) is True
    assert capsys.readouterr().out.splitlines() == [f"{k}. Correct!" for k in range(1, len(right) + 1)]
    for k in range(len(right)):      # one wrong answer at a time: only its own line turns to a hint
        answers = list(right)
        answers[k] = wrong[k]
        assert checker(*answers) is False
        lines = capsys.readouterr().out.splitlines()
        assert lines[k].startswith(f"{k + 1}. Not yet. Hint:") and words[k] in lines[k], lines[k]
        assert all(line.endswith("Correct!") for j, line in enumerate(lines) if j != k)


# The words the course itself uses for the same answer, and the prose's own rounding, are right too
SYNONYMS = [
    (ex.check_understanding_01, 1, (300, 290)),                 # 01 says "about 300-fold per step"
    (ex.check_understanding_02, 2, ("(b)", " B ", "b)")),         # a letter, however written
    (ex.check_understanding_05, 2, ("pre-activations near zero", "z close to 0", "the kinks within h")),
    (ex.check_understanding_07, 0, ((3.0, "above"), [3.05, " Above "])),   # 0.2 x 15, or the unrounded readout
    (ex.check_understanding_07, 1, ("critical lr", "the stability readout", "λ_max")),
]


@pytest.mark.parametrize("checker, k, answers", SYNONYMS, ids=[f"{s[0].__name__}-{s[1] + 1}" for s in SYNONYMS])
def test_understanding_accepts_the_courses_own_words_and_rounding(checker, k, answers, capsys):
    right = next(u[1] for u in UNDERSTANDING if u[0] is checker)
    for answer in answers:
        given = list(right)
        given[k] = answer
        assert checker(*given) is True, answer
    capsys.readouterr()


def test_understanding_rejects_what_is_only_near_the_course_rounding(capsys):
    """Accepting 300 for 292.6 must not open the door to any number nearby."""
    assert not ex.check_understanding_01("b", 310, 500)
    assert not ex.check_understanding_01("b", 280, 500)
    assert not ex.check_understanding_07((2.7, "above"), "lr x lambda_max", "b")
    assert not ex.check_understanding_02(-1.2, 0.00218, "d")
    assert "one letter" in capsys.readouterr().out


@pytest.mark.parametrize("checker", [u[0] for u in UNDERSTANDING], ids=[u[0].__name__ for u in UNDERSTANDING])
def test_understanding_unanswered_or_odd_answers_are_hints(checker, capsys):
    assert checker(None, None, None) is False
    assert capsys.readouterr().out.count("replace None with your answer") == 3
    assert checker([1, 2], object(), {"a": 1}) is False      # nothing raises into the kernel
    assert capsys.readouterr().out.count("Not yet") == 3


def test_understanding_07_wants_the_side_of_the_limit_and_names_the_readout(capsys):
    """Question 1 asks "above or below the limit?": the right number on the wrong side is wrong."""
    for side, words in (("below", "which side of the limit 2"), ("over", '"above" or "below"'), (None, '"above" or "below"')):
        assert ex.check_understanding_07((3.0, side), "lr x lambda_max", "b") is False
        assert words in capsys.readouterr().out.splitlines()[0]
    assert ex.check_understanding_07(3.0, "lr x lambda_max", "b") is False      # the number alone is not the answer
    assert "a pair in parentheses" in capsys.readouterr().out.splitlines()[0]
    assert ex.check_understanding_07((3.0, "above"), "the readout", "b") is False
    assert "name which readout" in capsys.readouterr().out.splitlines()[1]


def test_understanding_09_wants_a_choice_not_words_that_sound_right(capsys):
    # free text that names the right quantity with the wrong claim must not pass
    for text in ("lambda stays fixed", "the curvature moves with the weights", "b or c"):
        assert ex.check_understanding_09("b", 8, text) is False
        assert "one letter in quotes" in capsys.readouterr().out.splitlines()[2]
    assert ex.check_understanding_09(" B ", 8.2, "(b)") is True


# Notebook 08's planted bugs: (k, a fix that works, a change that does not, a word of its hint)
PLANTED = [(1, {"reduction": "mean", "lr": 0.05}, {"lr": 0.002}, "summed"),
           (2, {"bias_init": 0.1}, {"lr": 0.5}, "biases"),
           (3, {"standardize": True}, {"lr": 1e-6}, "standardize")]


@pytest.mark.parametrize("k, fix, not_fix, word", PLANTED)
def test_planted_bug_checker_accepts_a_fix_and_hints_otherwise(k, fix, not_fix, word, capsys):
    from nnlib.exercises import doctor as planted
    assert not np.isfinite(planted.loop(planted.PLANTED[k])[-1]) or \
        planted.loop(planted.PLANTED[k])[-1] > 0.9 * planted.level(planted.PLANTED[k])  # the bug shows
    assert ex.check_planted_fix(k, fix) is True
    assert ex.check_planted_fix(k, not_fix) is False
    assert word in capsys.readouterr().out.splitlines()[-1]
    assert ex.check_planted_fix(k, "lr 0.1") is False  # odd answers are hints, never errors


@pytest.mark.parametrize("k, change, said, unsaid", [
    (2, {"lr": 1.5}, "biases", "no longer blows up"),      # bug 2 never blew up
    (1, {"reduction": "mean", "lr": 3.0}, "too large", "reduction='mean'"),  # the cause is mended
    (3, {"scale": 1.0}, "deletes the bug", "Correct"),      # the data, not a setting
    (2, {"weight_init": "he", "bias_init": 0.0}, "no setting 'weight_init'", "Correct"),
])
def test_planted_hints_answer_what_was_tried(k, change, said, unsaid, capsys):
    assert ex.check_planted_fix(k, change) is False
    out = capsys.readouterr().out
    assert said in out and unsaid not in out


def test_the_placeholder_for_the_planted_fixes_gives_no_answer_away():
    from pathlib import Path
    src = (Path(__file__).parents[1] / "notebooks/src/08_your_own_network.py").read_text()
    lines = [line for line in src.splitlines() if line.startswith("fix_")]
    assert len(lines) == 3
    assert not any(word in line for line in lines for word in ("reduction", "bias_init", "standardize"))


def test_the_mean_lr_exercise_wants_the_rule_worked_out(capsys):
    assert ex.check_mean_lr(1000 * 2 * 0.01 / (1 + np.sqrt(292))) is True   # the rule, times N
    assert ex.check_mean_lr(0.0011) is False and "summed cost's" in capsys.readouterr().out
    assert ex.check_mean_lr(1.1e-6) is False and "other way" in capsys.readouterr().out
    assert ex.check_mean_lr("1.1") is True and ex.check_mean_lr(None) is False  # a number in quotes reads
