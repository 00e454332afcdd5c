"""diagnose on odd and random input: a Diagnosis, or a ValueError that names the argument;
never another exception, never a warning (every warning is an error here).

A fixed budget of derandomized cases (the same ones on every run, a few seconds).
"""
import warnings

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nnlib
from nnlib import diagnose
from nnlib.diagnosis import KINDS

ARGUMENTS = ("history", "lr", "n_samples", "reduction", "batch_size", "every", "critical_lr",
             "dead_fraction", "grad_norm", "update_ratio", "settings")

odd_floats = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([0.0, -0.0, 1e308, 5e-324])
numbers = odd_floats | st.integers(-10 ** 400, 10 ** 400) | st.booleans()
anything = (numbers | st.none() | st.text(max_size=3) | st.lists(odd_floats, max_size=3)
            | st.just(np.array([1 + 2j])) | st.just(np.zeros((2, 2, 2))))
cost_lists = st.lists(odd_floats, max_size=60) | st.lists(
    st.floats(0, 1e6), min_size=20, max_size=300)  # long finite curves reach the noise rule
def float32(c):
    with np.errstate(over="ignore"):  # the strategy's own cast, not diagnose's
        return np.array(c, dtype=np.float32)


arrays = cost_lists.map(np.array) | cost_lists.map(float32)


@st.composite
def histories(draw):
    """A History-like object with any subset of fields, odd settings included."""
    fields = {"cost": draw(cost_lists | anything)}
    if draw(st.booleans()):
        fields["settings"] = draw(st.none() | st.just({}) | st.fixed_dictionaries(
            {}, optional={"lr": numbers, "n_samples": numbers, "reduction": st.sampled_from(["sum", "mean", "x"]),
                          "sizes": st.just([7, 2]), "activations": st.just(["relu"])}))
    if draw(st.booleans()):
        fields["dead_fraction"] = draw(anything | st.just(np.ones((3, 1))))
    if draw(st.booleans()):
        fields["lr"] = draw(anything)
    return nnlib.History(**fields)


keywords = st.fixed_dictionaries({}, optional={
    "lr": anything, "n_samples": anything, "reduction": anything | st.sampled_from(["sum", "mean"]),
    "batch_size": anything | st.integers(1, 100), "every": anything | st.integers(1, 5),
    "critical_lr": anything, "dead_fraction": anything | st.just(np.ones((5, 2))),
    "grad_norm": anything | st.just(np.ones((5, 2))), "update_ratio": anything})


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(history=cost_lists | arrays | anything | histories(), kw=keywords)
def test_diagnose_gives_a_diagnosis_or_a_value_error_naming_the_argument(history, kw):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            d = diagnose(history, **kw)
        except ValueError as exc:
            assert any(name in str(exc) for name in ARGUMENTS), str(exc)
            return
    assert d.kind in KINDS and isinstance(d.message, str) and d.message
    assert "inf times" not in d.message and "nan times" not in d.message
    assert isinstance(d.action, dict)
