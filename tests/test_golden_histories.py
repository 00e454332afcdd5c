"""Same seed, same numbers: the cost histories recorded in tests/data/golden_histories.npz
(by tools/golden_histories.py) are reproduced within tolerances that survive another CPU's
BLAS: float64 within rtol 1e-10, float32 within 1e-4, the same status, and a divergence
epoch within one step. (Bit for bit, for a refactor on one machine:
``python tools/golden_histories.py --check --exact``.)"""
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import golden_histories  # noqa: E402

GOLDEN = golden_histories.load()


def test_fixture_covers_every_case():
    names = set(golden_histories.cases())
    assert names == set(GOLDEN)
    assert {"diverged", "ok"} == {status for _, status in GOLDEN.values()}
    assert golden_histories.TOLERANCE == {"float64": 1e-10, "float32": 1e-4}


@pytest.fixture(scope="module")
def now():
    return golden_histories.histories()


@pytest.mark.parametrize("name", sorted(golden_histories.cases()))
def test_cost_history_agrees_within_tolerance(now, name):
    cost, status = now[name]
    assert cost.dtype == GOLDEN[name][0].dtype
    assert golden_histories.differences(name, cost, GOLDEN[name][0], status, GOLDEN[name][1]) == []


# the comparison itself: each tolerance must be able to fail
def _case(name):
    return GOLDEN[name][0].copy(), GOLDEN[name][1]


@pytest.mark.parametrize("name, rel, fails", [
    ("sgd_mean_float64", 1e-12, False), ("sgd_mean_float64", 1e-8, True),
    ("sgd_mean_float32", 1e-5, False), ("sgd_mean_float32", 1e-3, True),
])
def test_a_change_beyond_the_tolerance_fails(name, rel, fails):
    cost, status = _case(name)
    moved = cost.copy()
    moved[30] *= 1 + rel
    assert bool(golden_histories.differences(name, moved, cost, status, status)) == fails
    assert golden_histories.differences(name, moved, cost, status, status, exact=True) != []


def test_divergence_may_move_one_epoch_not_two():
    cost, status = _case("diverge_float64")
    assert golden_histories.differences("diverge_float64", cost[:-1].copy(), cost, status, status) == []
    earlier = np.append(cost[:-2], np.inf)  # overflow one epoch earlier
    assert golden_histories.differences("diverge_float64", earlier, cost, status, status) == []
    much_earlier = np.append(cost[:-3], np.inf)
    assert golden_histories.differences("diverge_float64", much_earlier, cost, status, status) != []
    assert golden_histories.differences("diverge_float64", cost, cost, "ok", status) != []


def test_a_run_that_should_be_healthy_may_not_overflow():
    cost, status = _case("sgd_mean_float64")
    cost[-1] = np.inf
    assert golden_histories.differences("sgd_mean_float64", cost, _case("sgd_mean_float64")[0], status, status)
