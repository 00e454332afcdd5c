"""doctor.examine's rules, one test each: which fix wins, where each lr search starts, how
far the action's lr steps back from the edge, and what counts as stable.

Each learner's loop is written here: a full-batch linear regression on raw or unscaled
features, and small train(settings, steps) functions whose costs follow a stated rule.
"""
import numpy as np
import pytest

from nnlib import doctor
import nnlib.examine as ex


def _regression(scale):
    """(train, Y): a full-batch linear regression (mean squared error / 2, a bias) on four
    features, the last two of them ``scale`` times their natural size, as loaded."""
    rng = np.random.default_rng(3)
    X = rng.normal(size=(400, 4)) * np.array([1.0, 1.0, scale, scale])
    Y = X @ np.array([[1.0], [-1.0], [0.5 / scale], [1.0 / scale]]) + 0.05 * rng.normal(size=(400, 1))

    def train(settings, steps):
        Xs = (X - X.mean(0)) / X.std(0) if settings.get("standardize") else X
        W, b, costs = np.zeros((4, 1)), 0.0, []
        with np.errstate(all="ignore"):
            for _ in range(steps):
                r = Xs @ W + b - Y
                costs.append(0.5 * float(np.mean(r ** 2)))
                if not np.isfinite(costs[-1]):
                    break
                W, b = W - settings["lr"] * Xs.T @ r / len(X), b - settings["lr"] * float(r.mean())
        return costs
    return train, Y


def test_unscaled_inputs_get_standardized_with_an_lr_searched_from_a_unit_scale():
    train, Y = _regression(1000.0)
    level = 0.5 * Y.var()
    raw = {"lr": 1e-7, "standardize": False}  # near the raw inputs' limit (about 2e-6)
    report = doctor.examine(train, raw, loss="squared", targets=Y)
    assert report.lr < 1e-5                       # the raw inputs' lr is tiny ...
    assert report.action.get("standardize") is True and report.action["lr"] > 1e-3  # ... not the fix's
    assert len(report.trials) <= ex.MAX_BUDGET
    fixed = train({**raw, **report.action}, 300)
    lr_only = min(t.end for t in report.trials if not t.settings["standardize"] and t.stable)
    assert fixed[-1] < 0.05 * level < lr_only     # far below what any lr alone reached


def test_a_fix_ending_far_lower_wins_over_the_first_fix_that_passed_the_bar():
    def train(settings, steps):
        """Any lr up to 1 passes the bar (ends at 0.2 of the start); fresh biases end at 0.001."""
        if settings["lr"] > 1:
            return [1.0, np.inf]
        floor = 0.001 if settings["bias_init"] == 0.0 else 0.2
        return list(floor + (1 - floor) * np.exp(-settings["lr"] * np.arange(steps)))
    report = doctor.examine(train, {"lr": 0.1, "bias_init": -1.0})
    assert any(t.worked and t.settings["bias_init"] == -1.0 for t in report.trials)  # passed
    assert report.action["bias_init"] == 0.0 and "best" in str(report)


def test_the_action_steps_back_margin_below_the_smallest_unstable_lr():
    def train(settings, steps):
        """Unstable above lr 1; below it, the larger the lr the lower the end."""
        lr = settings["lr"]
        return [1.0, np.inf] if lr > 1 else list(np.exp(-lr * np.arange(steps)))
    report = doctor.examine(train, {"lr": 0.01})
    too_large = min(t.settings["lr"] for t in report.trials if not t.stable)
    assert 1 < too_large < 4
    assert too_large / (ex.MARGIN * np.sqrt(10)) < report.action["lr"] <= too_large / ex.MARGIN


def test_a_larger_lr_that_ends_higher_is_past_the_best_lr():
    def train(settings, steps):
        """Stable up to lr 100, but above lr 1 each update overshoots: it ends higher."""
        lr = settings["lr"]
        if lr > 100:
            return [1.0, np.inf]
        return list(np.exp(-min(lr, 1 / lr) * np.arange(steps)))
    report = doctor.examine(train, {"lr": 0.01})
    assert all(t.stable for t in report.trials)  # the search never neared the limit at 100
    assert report.action["lr"] < 1               # a step back from the best lr, not from 100


def test_flat_at_every_lr_tries_the_fixes_that_revive_units_first():
    def train(settings, steps):
        """Dead units (bias -3): flat at every lr; fresh biases fall; standardizing changes nothing."""
        if settings["lr"] > 10:
            return [1.0, np.inf]
        if settings["bias_init"] < 0:
            return [1.0] * steps
        return list(0.01 + 0.99 * np.exp(-settings["lr"] * np.arange(steps)))
    report = doctor.examine(train, {"lr": 0.1, "bias_init": -3.0, "standardize": False},
                            loss="squared", targets=np.r_[-1.0, 1.0] * np.sqrt(2))  # level 1
    changed = [t for t in report.trials if t.settings != {**t.settings, "bias_init": -3.0, "standardize": False}]
    assert changed and changed[0].settings["bias_init"] == 0.0  # revived before standardized
    assert not any(t.settings["standardize"] for t in report.trials)  # and that sufficed
    assert report.action["bias_init"] == 0.0


def test_a_trial_asked_for_twice_is_run_once():
    calls = []

    def train(settings, steps):
        calls.append(dict(settings))
        return [1.0] * steps  # flat everywhere: the search and the cooler trials meet
    report = doctor.examine(train, {"lr": 0.1, "standardize": False})
    assert len(calls) == len(report.trials) <= ex.MAX_BUDGET
    assert len({repr(sorted(c.items())) for c in calls}) == len(calls)


def test_a_flat_or_noisy_cost_a_little_above_its_start_is_stable_a_rise_is_not():
    assert ex._end([1.0, 1.05, 1.02, 1.1])[1]          # noise about a flat cost: stuck, stable
    assert not ex._end([1.0, 1.5, 1.4, 1.3])[1]        # ended above ABOVE_START x its start
    assert not ex._end([1.0, 20.0, 0.5, 0.5])[1]       # rose past BLOWN x its first
    assert not ex._end([1.0, np.nan])[1]


def test_examine_rejects_settings_without_a_positive_lr():
    with pytest.raises(ValueError, match="lr"):
        doctor.examine(lambda s, n: [1.0], {"lr": 0.0})


def test_a_fix_far_below_the_bar_ends_the_search():
    def train(settings, steps):
        """Any lr up to 1 ends at a thousandth of its start: far below the bar."""
        if settings["lr"] > 1:
            return [1.0, np.inf]
        return list(0.001 + 0.999 * np.exp(-10 * settings["lr"] * np.arange(steps)))
    report = doctor.examine(train, {"lr": 0.1, "standardize": False, "bias_init": 0.1},
                            loss="cross_entropy", n_classes=2)  # a constant guess costs ln 2
    assert set(report.action) == {"lr"} and 0.01 < report.action["lr"] <= 1  # lr alone, a stable one
    assert all(t.settings["standardize"] is False and t.settings["bias_init"] == 0.1 for t in report.trials)
    assert len(report.trials) <= 5 < ex.MAX_BUDGET  # the search ended early: no other fix was tried


def test_settings_that_blew_up_at_their_own_lr_start_the_other_fixes_lower():
    def train(settings, steps):
        """Unstable above lr 0.05 whatever the fix; dead biases never get below half the start."""
        if settings["lr"] > 0.05:
            return [1.0, np.inf]
        floor = 0.01 if settings["bias_init"] == 0.0 else 0.5
        return list(floor + (1 - floor) * np.exp(-10 * settings["lr"] * np.arange(steps)))
    report = doctor.examine(train, {"lr": 1.0, "bias_init": -1.0})
    assert 0.01 <= report.lr <= 0.05  # 1 and 0.1 blew up
    revived = [t.settings["lr"] for t in report.trials if t.settings["bias_init"] == 0.0]
    assert revived[0] == pytest.approx(report.lr)  # not from 1.0 again
    assert report.action["bias_init"] == 0.0


def test_examine_survives_negative_costs_and_an_exhausted_budget():
    """A log-likelihood can be negative; and the lr the budget never let it try is not 'too large'."""
    def train(s, steps):
        return list(-s["lr"] * np.arange(1.0, steps + 1))  # falls at any lr, never blows up
    report = ex.examine(train, {"lr": 0.1})
    assert report.action and np.isfinite(report.action["lr"])
    short = ex.examine(lambda s, steps: list(np.exp(-s["lr"] * np.arange(steps))), {"lr": 1.0}, budget=3)
    assert all(t.stable for t in short.trials)
    assert short.action["lr"] >= 1.0  # nothing was unstable: no step back from an untried lr


def test_a_loop_that_logs_every_k_updates_gets_trials_long_enough_to_log_a_curve():
    """One cost per 100 updates: 100-update trials would log a point, not a curve."""
    asked = []

    def train(settings, steps):
        asked.append(steps)
        t = np.arange(0, steps, 100)  # what the learner logs: every 100th update
        return list(0.05 + np.exp(-settings["lr"] * t / 50))
    report = ex.examine(train, {"lr": 0.1}, every=100)
    assert min(asked) >= ex.MIN_LOGGED * 100 and report.action
    assert all(len(range(0, s, 100)) >= ex.MIN_LOGGED for s in asked)  # costs each trial logged
    asked.clear()
    ex.examine(train, {"lr": 0.1})
    assert set(asked) == {100}  # every update logged: the steps asked for
    for bad in (0, 2.5, "10"):
        with pytest.raises(ValueError, match="every"):
            ex.examine(train, {"lr": 0.1}, every=bad)


def test_a_loop_logging_averages_may_write_its_first_cost_from_one_sample():
    """Logging the mean of each 100 updates from update 0, the first cost is one sample's: a
    lower first cost is no rise; logging every update, the same curve jumped up and stuck."""
    averages = [1.0, 4.0, 4.2, 4.1, 3.9]
    assert ex._end(averages, every=100)[1]
    assert not ex._end(averages)[1]
    assert not ex._end([1.0, 4.0, 6.0, 7.0, 8.0], every=100)[1]  # still a rise past the first two
    assert not ex._end([1.0, 1e200, 1e200, 1e200, 1e200], every=100)[1]  # blown up by the second


def test_a_fix_that_works_near_the_lr_given_beats_an_lr_raised_orders():
    """Saturated units can fit the training costs at an lr 1000x the learner's (weights grown
    huge); the revived units fit at the lr given. Both end far below the bar."""
    def train(settings, steps):
        if settings["lr"] > 1000:
            return [1.0, np.inf]
        revived = settings["weight_init"] == "he"
        fits = settings["lr"] <= 1 if revived else settings["lr"] >= 100
        floor = (0.005 if revived else 0.001) if fits else 0.9 / (1 + 0.01 * settings["lr"])  # a crawl
        return list(floor + (1 - floor) * np.exp(-0.1 * np.arange(steps)))
    report = ex.examine(train, {"lr": 0.1, "weight_init": 5.0, "bias_init": 0.0}, loss="cross_entropy", n_classes=2)
    assert any(t.worked and t.settings["lr"] >= 100 and t.settings["weight_init"] == 5.0 for t in report.trials)
    assert report.action["weight_init"] == "he" and report.action["lr"] <= 1


@pytest.mark.parametrize("raw_end", [300.0, 100.0])
def test_without_a_constant_guess_fixes_are_compared_by_where_they_ended(raw_end):
    """Raw inputs start the cost at 1e4 and end at 300 or 100 (a fall to 3% or 1%, far below
    the bar); standardized inputs start at 5 and end at 0.5 (10%). Each passed its own bar; the
    standardized run ended far lower, and is tried however far the raw run fell."""
    def train(settings, steps):
        if settings["lr"] > 1:
            return [1.0, np.inf]
        first, floor = (5.0, 0.5) if settings["standardize"] else (1e4, raw_end)
        return list(floor + (first - floor) * np.exp(-50 * settings["lr"] * np.arange(steps)))
    report = ex.examine(train, {"lr": 0.05, "standardize": False})
    assert any(t.worked and not t.settings["standardize"] for t in report.trials)
    assert report.action.get("standardize") is True


def test_an_lr_raised_orders_for_a_tiny_lr_is_not_traded_for_a_fix_that_is_not_of_the_units():
    """lr 100x too small: the lr alone works at 100x; standardizing, searched from UNIT_LR, works
    too and ends no lower. Only a fix of the units outranks a raised lr: the action is the lr."""
    def train(settings, steps):
        if settings["lr"] > 0.2:
            return [1.0, np.inf]
        floor = 0.05 + 0.85 * np.exp(-300 * settings["lr"])  # whatever the inputs
        return list(floor + (1 - floor) * np.exp(-0.3 * np.arange(steps)))
    report = ex.examine(train, {"lr": 5e-4, "standardize": False}, loss="cross_entropy", n_classes=2)
    assert any(t.worked and t.settings["standardize"] for t in report.trials)
    assert set(report.action) == {"lr"} and report.action["lr"] > 30 * 5e-4


def test_the_mean_of_a_summed_cost_is_not_raised_for_taking_n_times_the_lr():
    """Its search starts at N x the lr given (the same steps): a pick there is no raised lr."""
    settings = {"lr": 1e-4, "reduction": "sum"}
    mean = ex.Trial({"lr": 1e-4 * 600, "reduction": "mean"}, 0.1, 0.1, True, True)
    assert not ex._raised(mean, settings, 600)
    assert ex._raised(ex.Trial({"lr": 1e-4 * 600, "reduction": "sum"}, 0.1, 0.1, True, True), settings, 600)


def test_a_step_back_too_small_for_a_short_trial_keeps_a_worked_lr_under_a_limit_that_did_not_blow_up():
    """lr 0.1 works; 0.32 ends higher (past the best lr); a fifth of it, 0.063, falls too
    little in 100 updates. The pick is 0.1, not 'no fix met the bar'."""
    def train(settings, steps):
        lr = settings["lr"]
        if lr >= 1:
            return [1.0, np.inf]
        if lr > 0.2:
            return [1.0] + [0.5] * (steps - 1)
        return list(np.exp(-0.2 * lr * np.arange(steps)))
    report = ex.examine(train, {"lr": 0.01})
    assert not any(t.worked for t in report.trials if t.settings["lr"] <= 0.32 / ex.MARGIN)
    assert not report.best_only and report.action["lr"] == pytest.approx(0.1)
    # the same, but 0.32 blows up: 0.1 is a third of a blow-up, not a cautious pick
    report = ex.examine(lambda s, steps: [1.0, np.inf] if s["lr"] > 0.2 else train(s, steps), {"lr": 0.01})
    assert report.best_only


def test_a_summed_cost_stuck_at_its_own_lr_searches_the_mean_from_that_lr():
    """Summed over N = 1000: at the lr given the run is stable but stuck far above the constant
    guess (its steps threw the units out of range: a cost that stays put), and no summed lr fits
    (here: none gets under 0.4 per sample). The mean at lr x N takes the same steps and sticks the same
    way; the mean at the lr given takes steps N times smaller and trains: the mean's search starts
    there, not at lr x N (which left examine with the best summed trial, short of a fit)."""
    n = 1000

    def train(settings, steps):
        summed = settings["reduction"] == "sum"
        step = settings["lr"] * (n if summed else 1)  # the step per sample
        per = [30.0] + [20.0] * (steps - 1) if step > 5.0 else \
            (0.4 if summed else 0.02) + np.exp(-step * np.arange(steps))
        return list(np.asarray(per) * (n if summed else 1))
    report = doctor.examine(train, {"lr": 0.2, "reduction": "sum"}, loss="squared", targets=np.r_[-1.0, 1.0] * np.sqrt(2),
                            n_samples=n)
    assert report.trials[0].stable and not report.trials[0].worked  # the case: stable, stuck
    assert report.action["reduction"] == "mean" and report.action["lr"] <= 5.0 and not report.best_only


def test_when_no_fix_met_the_bar_without_a_constant_guess_the_best_is_where_it_ended():
    """No constant guess known, so a trial worked when it ended under a fifth of its first cost.
    Here none does: as given the cost starts at 0.04 and ends at best at 0.013 (lr 1); fresh
    weights start at 0.1 and end at 0.03, a larger fall from a higher start. The best stable
    trial is the one that ended lowest, not the one that fell most."""
    def train(settings, steps):
        if settings["lr"] > 5:
            return [1.0, np.inf]
        fresh = settings.get("weight_init") == "he"
        first, floor = (0.1, 0.03) if fresh else (0.04, 0.0125 + 0.03 * abs(np.log10(settings["lr"])) / 3)
        return list(floor + (first - floor) * np.exp(-np.arange(steps) / 10))
    report = ex.examine(train, {"lr": 0.01, "weight_init": None})
    assert report.best_only and not any(t.worked for t in report.trials)
    assert "weight_init" not in report.action and 0.1 < report.action["lr"] < 5


def test_a_trial_flat_from_a_low_start_is_not_the_best_when_others_learned():
    """No fix met the bar and no constant guess is known: fresh weights give a cost flat at 0.08
    from the start (it learned nothing, however low it sits); the settings as given fall from
    0.5 to 0.105 at lr 1. The best stable trial is one that learned."""
    def train(settings, steps):
        if settings["lr"] > 5:
            return [1.0, np.inf]
        if settings.get("weight_init") == "he":
            return [0.08] * steps
        floor = 0.105 + 0.02 * abs(np.log10(settings["lr"]))
        return list(floor + (0.5 - floor) * np.exp(-np.arange(steps) / 10))
    report = ex.examine(train, {"lr": 0.01, "weight_init": None, "bias_init": None})
    assert report.best_only and report.action == {"lr": 1.0}


def test_a_train_that_returns_epoch_cost_pairs_is_read_like_plain_costs():
    """A loop that keeps (epoch, cost) pairs gets the report of the same loop returning its
    costs: the epoch column is not a cost."""
    train, Y = _regression(1000.0)

    def pairs(settings, steps):
        return [(epoch, cost) for epoch, cost in enumerate(train(settings, steps))]
    raw = {"lr": 1e-7, "standardize": False}
    plain, paired = (doctor.examine(t, raw, loss="squared", targets=Y) for t in (train, pairs))
    assert paired.action == plain.action and [t.end for t in paired.trials] == [t.end for t in plain.trials]
