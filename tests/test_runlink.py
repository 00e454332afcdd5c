"""An explorer run as a link, and a diagnosis's fix on the explorer's settings (NumPy only)."""
import re
from pathlib import Path
from urllib.parse import quote

import numpy as np
import pytest
from hypothesis import given, settings as hsettings, strategies as st

from nnlib import activations, costs, init, optimizers
from nnlib.live import liverun, runlink

DIAGNOSIS = Path(liverun.__file__).resolve().parents[1] / "diagnosis"
TUPLE, BAD_TUPLE = "hidden", "0"  # the one setting written as a list: "10,10"; 0 units is refused
CHOICES = dict(reduction=costs.REDUCTIONS, output_activation=activations.NAMES,
               activation=activations.NAMES, weight_init=init.WEIGHT_INITS,
               optimizer=optimizers.OPTIMIZERS, bias_init=tuple(init.BIAS_CHOICES))


def reachable(rng):
    """Settings a learner can reach with the controls (and an lr typed anywhere on its slider)."""
    lr = 10.0 ** (rng.integers(-28, 5) / 4) if rng.random() < 0.5 else float(10 ** rng.uniform(-7, 1))
    s = dict(lr=lr, leak=float(rng.choice(liverun.LEAKS)), n=int(rng.choice(liverun.NS)),
             epochs=int(rng.choice(liverun.EPOCHS)), seed=int(rng.integers(liverun.SEEDS)),
             adaptive=bool(rng.random() < 0.5))
    s.update({k: str(rng.choice(v)) for k, v in CHOICES.items() if k in liverun.DEFAULTS})
    s["hidden"] = tuple(int(u) for u in rng.integers(1, 65, rng.integers(0, 4)))
    s["data"] = str(rng.choice(liverun.DATA_NAMES))
    # a random subset stays at the defaults, so short and long states are both tried
    return liverun.settings(**{k: v for k, v in s.items() if rng.random() < 0.6})


@pytest.mark.parametrize("seed", range(300))
def test_a_link_gives_back_the_same_settings(seed):
    s = reachable(np.random.default_rng(seed))
    changes, notes = runlink.parse_state(runlink.state(s))
    assert notes == [] and len(runlink.state(s)) < 300  # short enough to send
    assert liverun.settings(**changes) == s
    assert set(changes) == {k for k in s if s[k] != liverun.DEFAULTS[k]}  # only what differs


@given(st.floats(min_value=1e-7, max_value=10.0))
def test_any_lr_on_the_slider_is_written_exactly(lr):
    changes, _ = runlink.parse_state(runlink.state(liverun.settings(lr=lr)))
    assert changes.get("lr", liverun.DEFAULTS["lr"]) == lr


def test_a_link_is_short_in_a_fixed_order_and_encoded():
    assert runlink.state(liverun.settings()) == ""
    s = liverun.settings(leak=0.0, lr=1e-3, bias_init="U(0,1)")  # U(0,1) is the default
    assert runlink.state(s) == "lr=0.001&leak=0"
    assert runlink.state(liverun.settings(lr=1e-6, bias_init="none", adaptive=True)) == \
        "lr=1e-6&bias_init=none&adaptive=1"
    s = liverun.settings(bias_init="0.1", reduction="mean")
    assert liverun.settings(**runlink.parse_state(runlink.state(s))[0]) == s
    changes, notes = runlink.parse_state("bias_init=U%280%2C1%29&leak=1e-2")
    assert changes == {"bias_init": "U(0,1)", "leak": 0.01} and notes == []


@pytest.mark.parametrize("text", ["lr=0.001&leak=0", "?lr=0.001&leak=0", "  ?lr=0.001&leak=0#top",
                                  "http://127.0.0.1:8866/voila/render/07_playground.ipynb?lr=0.001&leak=0",
                                  "https://x.org/?LR=1e-3&&leak=0.0", "lr=%31e-3&leak=0"])
def test_a_state_is_read_from_a_query_a_question_mark_or_a_url(text):
    assert runlink.parse_state(text) == ({"lr": 0.001, "leak": 0.0}, [])


@pytest.mark.parametrize("text, kept, said", [
    ("speed=3", {}, "'speed' is not a setting"),
    ("lr=fast", {}, "lr=fast is not a number"),
    ("lr=-1", {}, "lr=-1 is outside its control's range, 1e-07 to 10"),
    ("lr=nan&n=300", {"n": 300}, "lr=nan is not a number (write the digits 0-9"),
    ("lr=1e308", {}, "outside its control's range"),
    ("lr=10.5", {}, "outside its control's range, 1e-07 to 10"),
    ("lr=1_000", {}, "is not a number"),
    ("n=1_000", {}, "is not a whole number"),
    ("n=\u0661\u0660\u0660\u0660", {}, "is not a whole number (write the digits 0-9"),
    ("seed=\u00b2", {}, "is not a whole number"),
    ("n=" + "9" * 1900, {}, "is not a whole number"),
    ("seed=20", {}, "outside its control's range, 0 to 19"),
    ("leak=0.5", {}, "outside its control's range, 0 to 0.3"),
    ("n=12.5", {}, "not a whole number"),
    ("n=1000000", {}, "outside its control's range, 1 to 100000"),
    ("adaptive=maybe", {}, "not on or off"),
    ("reduction=median", {}, "reduction=median is refused"),
    ("bias_init=U(0,2)", {}, "is refused"),
    ("seed", {}, "seed has no value"),
    ("seed=1&seed=2", {"seed": 2}, "given twice"),
    (f"{TUPLE}=7,x,2", {}, "layer sizes of 1 to 64"),
    (f"{TUPLE}={BAD_TUPLE}", {}, "layer sizes of 1 to 64"),
    (f"{TUPLE}=1_0", {}, "layer sizes of 1 to 64"),
    (f"{TUPLE}=\u0661\u0660", {}, "layer sizes of 1 to 64"),
    (f"{TUPLE}=" + "1" * 1900, {}, "layer sizes of 1 to 64"),
])
def test_odd_input_becomes_a_note_and_is_skipped(text, kept, said):
    changes, notes = runlink.parse_state(text)
    assert changes == kept
    assert len(notes) == 1 and said in notes[0], notes


@pytest.mark.parametrize("text", [None, "", "?", "&&", "#", "http://127.0.0.1:8866/", "=1", "=", 3, b"lr=1"])
def test_nothing_or_not_text_sets_nothing(text):
    changes, notes = runlink.parse_state(text)
    assert changes == {}
    assert (notes != []) == (text in (3, b"lr=1", "=1", "="))


def test_a_very_long_link_is_cut_and_said():
    changes, notes = runlink.parse_state("lr=0.001&" + "x" * 5000)
    assert changes == {"lr": 0.001} and "only the first 2,000" in notes[0]


@hsettings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("lrnakesdbi_=&?%+,.()-e0123456789x ")), max_size=60)
       | st.text(max_size=40))
def test_any_text_gives_checked_settings_never_an_exception(text):
    changes, notes = runlink.parse_state(text)
    liverun.settings(**changes)  # every value kept passes the explorer's checks together
    assert all(isinstance(n, str) and n for n in notes)


def test_the_hidden_sizes_read_as_the_text_box_reads_them():
    assert runlink.state(liverun.settings(hidden=(10, 10), lr=0.001)) == "lr=0.001&hidden=10,10"
    assert runlink.state(liverun.settings(hidden=())) == "hidden="
    for text in ("hidden=", "hidden=none", "hidden=None"):
        assert runlink.parse_state(text) == ({"hidden": ()}, [])
    assert runlink.parse_state("hidden=64,64,64") == ({"hidden": (64, 64, 64)}, [])
    assert runlink.parse_state("hidden=10%2C%2010") == ({"hidden": (10, 10)}, [])  # as the box writes it
    for bad in ("1,2,3,4", "65", "0", "²", "10,x"):
        changes, notes = runlink.parse_state(f"hidden={bad}")
        assert changes == {} and "hidden" in notes[0] and "layer sizes" in notes[0], (bad, notes)


# -- a diagnosis's fix ---------------------------------------------------------------------
def action_keys():
    """Every key of every action the diagnosis can give, read from its source (its constant
    tables, such as BOUNDED_OUTPUTS, are not actions)."""
    text = "".join(line + "\n" for p in DIAGNOSIS.glob("*.py") for line in p.read_text().splitlines()
                   if not re.match(r"[A-Z_]+ = ", line))
    return set(re.findall(r'\{"(\w+)":', text)) | set(re.findall(r', "(\w+)": ', text))


EXAMPLES = {"lr": 4.37e-4, "lr_scale": 0.1, "reduction": "mean", "standardize": True, "leak": 0.01,
            "bias_init": 0.1, "weight_init": "he", "output_activation": "identity",
            "activation": "leaky_relu", "epochs": 4000, "seed": "another"}


def test_every_key_the_diagnosis_gives_is_known_here():
    assert {"lr", "lr_scale", "reduction", "standardize"} <= action_keys()  # the scan finds them
    assert action_keys() <= set(EXAMPLES), \
        f"the diagnosis gives keys this test (and apply_action) may not know: {action_keys() - set(EXAMPLES)}"


@pytest.mark.parametrize("key", sorted(EXAMPLES))
def test_every_action_key_is_applied_or_named(key):
    s = liverun.settings(activation="relu", weight_init="uniform", output_activation="leaky_relu")
    new, words = runlink.apply_action({key: EXAMPLES[key]}, s)
    assert liverun.settings(**new) == new
    changed = {k for k in new if new[k] != s[k]}
    if changed:
        assert all(k in words for k in changed), words
    else:
        assert key in words and "not a" in words, words


def test_apply_action_maps_and_snaps_to_what_the_controls_show():
    s = liverun.settings(lr=1e-3, epochs=2000, seed=19, bias_init="none")
    assert runlink.apply_action({"lr_scale": 0.1}, s)[0]["lr"] == pytest.approx(1e-4)
    assert runlink.apply_action({"lr": 4.37e-4}, s)[0]["lr"] == 4.3e-4  # two figures, rounded down
    assert runlink.apply_action({"lr": 1e-9}, s)[0]["lr"] == 1e-7       # the slider's lowest
    assert runlink.apply_action({"epochs": 4000}, s)[0]["epochs"] == 10000  # the next it offers
    assert runlink.apply_action({"seed": "another"}, s)[0]["seed"] == 0  # the slider holds 0..19
    assert runlink.apply_action({"leak": 0.02}, s)[0]["leak"] == 0.01
    for value, label in [(0.1, "0.1"), (0.45, "U(0,1)"), (0.0, "0"), (None, "none"),
                         (("uniform", 0.0, 1.0), "U(0,1)"), ("0.1", "0.1")]:
        assert runlink.apply_action({"bias_init": value}, s)[0]["bias_init"] == label
    new, words = runlink.apply_action({"reduction": "mean", "bias_init": 0.1}, s)
    assert (new["reduction"], new["bias_init"]) == ("mean", "0.1")
    assert words == "reduction sum -> mean; bias_init none -> 0.1"


def test_standardize_picks_the_standardized_data_when_there_is_such_a_choice():
    s = liverun.settings()
    new, words = runlink.apply_action({"standardize": True}, s)
    assert new["data"] == "sincos_standardized" and "data sincos -> sincos_standardized" in words
    for data, why in [("sincos_standardized", "standardized already"), ("random_targets", "no standardized")]:
        new, words = runlink.apply_action({"standardize": True}, liverun.settings(data=data))
        assert new["data"] == data and why in words, words


def test_an_empty_or_odd_action_changes_nothing_and_says_so():
    s = liverun.settings()
    assert runlink.apply_action({}, s) == (s, "nothing to change")
    assert runlink.apply_action({"reduction": "sum"}, s) == (s, "already set")
    new, words = runlink.apply_action({"momentum": 0.5, "reduction": "mean"}, s)
    assert new["reduction"] == "mean" and "momentum=0.5 is not a setting of this explorer" in words
    new, words = runlink.apply_action({"output_activation": "softmax"}, s)
    assert new == s and "refused" in words
    new, words = runlink.apply_action({"epochs": "many", "lr_scale": None, "leak": 0.01}, s)
    assert new == dict(s, leak=0.01) and "epochs='many' is not a value" in words and "lr_scale=None" in words


@pytest.mark.parametrize("start", [dict(lr=0.03, output_activation="identity"),
                                   dict(lr=1e-4, output_activation="identity"),
                                   dict(lr=3e-4, n=3000)])
def test_the_fix_turns_a_blowing_up_run_into_a_converging_one(start):
    s = liverun.settings(**start)
    before = liverun.run(s).diagnosis
    assert before.kind in ("diverging", "oscillating", "dead") and before.action
    after = liverun.run(runlink.apply_action(before.action, s)[0])
    assert after.diagnosis.kind == "converging", after.diagnosis.message
    assert np.isfinite(after.history.cost[-1])


NUMBER_TEXT = st.text(alphabet=st.sampled_from(list("0123456789+-._eE ,") + ["\u0661", "\u00b2", "\uff11"]),
                      max_size=30)


@hsettings(max_examples=400, deadline=None)
@given(name=st.sampled_from(sorted(liverun.LIMITS)), text=NUMBER_TEXT)
def test_a_number_is_read_one_way_ascii_and_inside_its_controls_range(name, text):
    value, why = liverun.read_number(text, name)
    low, high = liverun.LIMITS[name]
    if why is None:
        assert text.strip().isascii() and "_" not in text and low <= value <= high
        assert isinstance(value, int) == (name in liverun.WHOLE)
    else:
        assert value is None and why.startswith("is ")


@hsettings(max_examples=300, deadline=None)
@given(NUMBER_TEXT)
def test_the_link_and_the_hidden_box_read_sizes_alike(text):
    """What the hidden box (liverun.settings(hidden=text)) accepts, a link accepts, and the same."""
    try:
        box = liverun.settings(hidden=text)["hidden"]
    except ValueError as exc:
        box = None
        assert "hidden must be up to 3 layer sizes" in str(exc) and "digits" not in str(exc)
    changes, notes = runlink.parse_state("hidden=" + quote(text, safe=","))
    assert changes.get("hidden") == box and (notes == []) == (box is not None)


@pytest.mark.parametrize("name, text, value", [("lr", "1e-3", 0.001), ("lr", "+.5", 0.5), ("lr", "10", 10.0),
                                               ("leak", "0", 0.0), ("n", "+300", 300), ("seed", " 7 ", 7)])
def test_plain_ascii_numbers_are_read(name, text, value):
    assert liverun.read_number(text, name) == (value, None)
