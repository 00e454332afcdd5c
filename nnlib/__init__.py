"""nnlib: why a network's cost goes to infinity, or freezes, and how to fix it.

    X, Y = nnlib.datasets.sincos(n=1000, seed=0)
    net = nnlib.Network([7, 10, 2], activation="leaky_relu", output_activation="identity",
                        weight_init="he", bias_init=0.1, seed=0)
    hist = nnlib.train(net, X, Y, lr=0.05, epochs=2000, reduction="mean")
    hist.settings                       # the run as a nnlib.RunSpec; RunSpec(...).run() trains one

The question's own code, defects and all, lives in ``nnlib.question.original`` (not imported here).
"""
from . import activations, costs, datasets, init, optimizers
from .gradcheck import gradient_check
from .network import Network
from .training import History, train
from . import curvature, diagnosis, ladder
from .curvature import critical_lr
from .diagnosis import diagnose
from .grid import sweep
from .runspec import RunSpec
from .i18n import get_language, set_language  # English by default; "zh" for the Chinese course

__all__ = ["Network", "train", "History", "gradient_check", "datasets", "activations",
           "costs", "init", "optimizers", "critical_lr", "diagnose", "sweep", "curvature", "RunSpec",
           "diagnosis", "ladder", "set_language", "get_language"]
__version__ = "0.1.0"

_LIVE = ("widgets", "liverun", "controls", "livefig", "livecanvas")


def __getattr__(name):
    """``from nnlib import widgets`` keeps working: the explorers moved to nnlib.live, and
    they are imported only when asked for (they need ipywidgets and ipympl; the maths does not)."""
    if name in _LIVE:
        import importlib

        return importlib.import_module(f"nnlib.live.{name}")
    raise AttributeError(f"module 'nnlib' has no attribute {name!r}")
