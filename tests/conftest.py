"""Fixtures shared by several test files, and the two tiers of the suite.

``make test-fast`` (``pytest -m "not slow"``) runs the maths, training, diagnosis, doctor,
runlink and layout tests, for the edit loop; ``make test`` runs everything. The slow tier is
marked here by place, so that a new notebook or browser test joins it by itself.
"""
from pathlib import Path

import numpy as np
import pytest

import nnlib

ROOT = Path(__file__).resolve().parent.parent
# what makes a test slow: it executes notebooks, drives a browser, builds a virtual
# environment or the website, reruns part of the suite under another BLAS kernel, or renders
# figures and live explorers by the hundred (test_widgets and test_plotting: half the time of
# everything else together)
SLOW_DIRS = (ROOT / "notebooks", ROOT / "tests" / "browser")
SLOW_FILES = {"test_binder.py", "test_book.py", "test_build_notebooks.py", "test_portability.py",
              "test_widgets.py", "test_plotting.py"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(str(item.path))
        if path.name in SLOW_FILES or any(d in path.parents for d in SLOW_DIRS):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def hand_saddle():
    """(net, x, S): a two-weight linear net at a saddle whose Hessian is known by hand.

    f(w1, w2) = 0.5 sum (y - w2 w1 x)^2 with y = x, S = sum x^2, at w1 = w2 = a = 0.3:
    H = [[a^2 S, (2 a^2 - 1) S], [(2 a^2 - 1) S, a^2 S]], so the eigenvalues are
    (a^2 +- |2 a^2 - 1|) S = 0.91 S and -0.73 S.
    """
    x = np.linspace(0.1, 1, 50)[:, None]
    net = nnlib.Network([1, 1, 1], activation="identity", seed=0)
    net.weights[0][:] = 0.3
    net.weights[1][:] = 0.3
    return net, x, float(np.sum(x ** 2))


@pytest.fixture(scope="session")
def book_site(tmp_path_factory):
    """The course's website, built once per session as a fresh clone builds it: Path of its root.

    (tests/book_build.py copies the files git tracks and runs `make book`'s Sphinx commands,
    both editions; a Chinese notebook 03 is planted where the translation has not arrived.)
    """
    from book_build import build, plant_chinese_03
    return build(tmp_path_factory.mktemp("book"), plant=plant_chinese_03)


@pytest.fixture
def networks_built(monkeypatch):
    """A list that grows by one for every nnlib.Network built from now on in the test."""
    built = []
    real = nnlib.Network.__init__

    def counting(self, *args, **kwargs):
        built.append(1)
        real(self, *args, **kwargs)

    return built, lambda: monkeypatch.setattr(nnlib.Network, "__init__", counting)
