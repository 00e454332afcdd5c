"""The readable forms (forward, slope) equal the fast form (apply_into), activation by activation.

activations.py keeps two forms of the same maths: the textbook network uses the readable
one, the training kernel the fast one. Here every activation is fed the same z, including
z exactly 0 (the kink: relu'(0) = 0, leaky_relu'(0) = leak), +-0.0, tiny and large values
and values where sigmoid's exp overflows, with leaks 0 (plain ReLU), 0.01 and 0.3.
"""
import numpy as np
import pytest

from nnlib import activations

Z = np.array([[0.0, -0.0, 1e-300, -1e-300, 1e-8, -1e-8, 0.5, -0.5],
              [3.0, -3.0, 40.0, -40.0, 700.0, -700.0, 1e3, -1e3]])
LEAKS = [0.0, 0.01, 0.3]


def fast(name, z, leak):
    a = np.full_like(z, np.nan)
    s = np.full_like(z, np.nan)
    mask = np.zeros(z.shape, bool)
    with np.errstate(over="ignore"):  # sigmoid's exp(1000) -> inf, 1 / inf = 0: the right limit
        activations.apply_into(name, z.copy(), a, s, mask, leak)
    if name == "identity":  # apply_into leaves s alone for identity (slope 1 by contract)
        s[...] = 1.0
    return a, s, mask


@pytest.mark.parametrize("name", activations.NAMES)
@pytest.mark.parametrize("leak", LEAKS)
def test_readable_and_fast_forms_agree(name, leak):
    a, s, mask = fast(name, Z, leak)
    np.testing.assert_allclose(a, activations.forward(name, Z, leak), rtol=1e-15, atol=0)
    np.testing.assert_allclose(s, activations.slope(name, Z, leak), rtol=1e-12, atol=1e-300)
    if activations.get(name).fills_mask:
        np.testing.assert_array_equal(mask, Z > 0)


OVERWRITE = [n for n, a in activations.ACTIVATIONS.items() if a.overwrites_z and not a.unit_slope]


@pytest.mark.parametrize("name", OVERWRITE)
@pytest.mark.parametrize("leak", LEAKS)
def test_fast_form_may_write_over_z_where_the_record_says(name, leak):
    # The kernel passes a = z for these: mask and slope must be made before a overwrites z.
    z = Z.copy()
    s = np.full_like(z, np.nan)
    mask = np.zeros(z.shape, bool)
    activations.apply_into(name, z, z, s, mask, leak)
    np.testing.assert_array_equal(z, activations.forward(name, Z, leak))
    np.testing.assert_array_equal(s, activations.slope(name, Z, leak))
    if activations.get(name).fills_mask:
        np.testing.assert_array_equal(mask, Z > 0)


@pytest.mark.parametrize("name", activations.NAMES)
def test_each_record_says_what_its_maths_does(name):
    rec, leak = activations.get(name), 0.01
    below = activations.slope(name, -np.abs(Z) - 1e-3, leak)
    assert rec.can_die == bool(np.all(below <= leak)), "can_die: (almost) no slope below 0"
    assert rec.can_die == (name in activations.CAN_DIE)
    assert rec.unit_slope == bool(np.all(activations.slope(name, Z, leak) == 1.0))
    with np.errstate(over="ignore", invalid="ignore"):
        ends = activations.forward(name, np.array([np.inf, -np.inf]), leak)
    assert rec.bounded == bool(np.all(np.isfinite(ends)))


@pytest.mark.parametrize("name", activations.NAMES)
@pytest.mark.parametrize("leak", [0.0, 0.01, 3.0])
def test_output_range_is_what_the_activation_reaches(name, leak):
    # every output lies in output_range, and its far ends reach both ends (an infinite end
    # is approached by outputs that grow without bound)
    low, high = activations.get(name).output_range
    a = activations.forward(name, np.r_[Z.ravel(), -1e6, 1e6], leak)
    assert low <= a.min() and a.max() <= high
    with np.errstate(over="ignore"):
        far = activations.forward(name, np.array([-1e300, 1e300]), leak)
    for end, value in zip((low, high), far):
        assert np.isclose(value, end) if np.isfinite(end) else abs(value) > 1e200 or (name, leak) == ("leaky_relu", 0.0)


def test_dead_share_is_nan_for_a_layer_that_cannot_die():
    z = np.array([[-1.0, 2.0, 0.0], [-3.0, 0.5, -1.0], [0.0, -1.0, -2.0]])  # units 0 and 2 <= 0 everywhere
    for name in activations.NAMES:
        share = activations.dead_share(z, name)
        assert share == pytest.approx(2 / 3) if activations.get(name).can_die else np.isnan(share)
    assert activations.dead_share(z) == pytest.approx(2 / 3)  # no activation named: a logged ReLU layer
    # unit 1 is active on 2 of 3 samples: dead only when "nearly" asks for more
    assert activations.dead_share(z, "relu", nearly=0.5) == pytest.approx(2 / 3)
    assert activations.dead_share(z, "relu", nearly=0.7) == 1.0


@pytest.mark.parametrize("leak", LEAKS)
def test_kink_convention_at_exactly_zero(leak):
    z = np.array([0.0, -0.0])
    for name, want in (("relu", 0.0), ("leaky_relu", leak)):
        a, s, _ = fast(name, z, leak)
        assert np.all(s == want) and np.all(activations.slope(name, z, leak) == want)
        assert np.all(a == 0) and np.all(activations.forward(name, z, leak) == 0)


def test_readable_forms_against_their_definitions():
    # independent of both forms: the textbook formulas, computed here
    z = Z[0]
    np.testing.assert_array_equal(activations.forward("relu", z), np.maximum(z, 0))
    np.testing.assert_allclose(activations.slope("tanh", z), 1 / np.cosh(z) ** 2, rtol=1e-12)
    sig = 1 / (1 + np.exp(-z))
    np.testing.assert_allclose(activations.slope("sigmoid", z), sig * (1 - sig), rtol=1e-12)


def test_unknown_name_lists_the_valid_ones():
    with pytest.raises(ValueError, match="'relu', 'leaky_relu'"):
        activations.forward("swish", Z)
    with pytest.raises(ValueError, match="valid names"):
        activations.apply_into("swish", Z, Z.copy(), Z.copy(), np.zeros(Z.shape, bool), 0.0)
