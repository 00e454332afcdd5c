"""Checkers for 07: the recap of the playground (how the readout scales, which readout warns,
and why a run just over the limit only oscillates).
"""
from ..live import liverun
from ._common import _answers, _choice, _named, _numeric


def check_understanding_07(ratio, warning, why_oscillates):
    """Notebook 07's recap. ratio: the readout lr * lambda_max with the summed cost at N = 5,000
    and lr = 3e-5, other settings the defaults (which read 0.2 at N = 1,000, lr = 1e-5);
    warning: the readout that tells before training that the cost will explode;
    why_oscillates: the letter of the reason the N = 10,000 run oscillates instead of exploding."""
    default, _ = liverun.stability(liverun.settings())
    want = default * 5 * 3                       # lambda_max grows with N, the product with lr
    ratio_hint = _numeric(ratio, want, 0.03, "the summed cost's lambda_max grows in proportion to N, "
                          "and the readout in proportion to lr",
                          wrong=[(default * 5, "lr changed too, from 1e-5 to 3e-5"),
                                 (default * 3, "N changed too: the summed cost's lambda_max grows with N")])
    if ratio_hint and _numeric(ratio, 0.2 * 5 * 3, 0.005, "") is None:
        ratio_hint = None                        # from the readout as the prose rounds it, 0.2
    return _answers([
        ratio_hint,
        _named(warning, ("lambda", "λ", "stability", "lr x", "lr ×", "lr *", "critical"), "which panel is known "
               "before the first step?", wrong=[("dead", "the dead share shows a failure after it happened")]),
        _choice(why_oscillates, "b", {
            "a": "float32 changes when a cost overflows, not whether it grows (notebook 02, section 7)",
            "c": "the adaptive lr is off in this run; what did the first steps do to the curvature?"})])
