"""Same seed, same numbers: the cost histories recorded in tests/data/golden_histories.npz
(by tools/golden_histories.py, before the refactor that made it) are reproduced bit for bit."""
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import golden_histories  # noqa: E402

GOLDEN = np.load(ROOT / "tests" / "data" / "golden_histories.npz")


def test_fixture_covers_every_case():
    names = set(golden_histories.cases())
    assert names == {k for k in GOLDEN.files if not k.startswith("status__")}
    assert {"diverged", "ok"} == {str(GOLDEN[f"status__{k}"]) for k in names}


@pytest.fixture(scope="module")
def now():
    return golden_histories.histories()


@pytest.mark.parametrize("name", sorted(golden_histories.cases()))
def test_cost_history_is_bit_identical(now, name):
    cost, status = now[name]
    assert status == str(GOLDEN[f"status__{name}"])
    assert cost.dtype == GOLDEN[name].dtype
    assert np.array_equal(cost, GOLDEN[name], equal_nan=True), name
