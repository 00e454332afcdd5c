"""A run as a link (RunSpec.to_query / read_query), and a diagnosis's fix on the explorer's controls."""
from urllib.parse import quote

import numpy as np
import pytest
from hypothesis import given, settings as hsettings, strategies as st

from nnlib import activations, costs, init, optimizers, runspec
from nnlib.live import liverun, runlink
from nnlib.runspec import RunSpec, read_query

CHOICES = dict(reduction=costs.REDUCTIONS, output_activation=activations.NAMES,
               activation=activations.NAMES, weight_init=init.WEIGHT_INITS,
               optimizer=optimizers.OPTIMIZERS, bias_init=tuple(init.BIAS_CHOICES))


def reachable(rng):
    """A spec a learner can reach with the controls (and an lr typed anywhere on its slider)."""
    lr = 10.0 ** (rng.integers(-28, 5) / 4) if rng.random() < 0.5 else float(10 ** rng.uniform(-7, 1))
    s = dict(lr=lr, leak=float(rng.choice(liverun.LEAKS)), n=int(rng.choice(liverun.NS)),
             epochs=int(rng.choice(liverun.EPOCHS)), seed=int(rng.integers(liverun.SEEDS)),
             adaptive=bool(rng.random() < 0.5))
    s.update({k: str(rng.choice(v)) for k, v in CHOICES.items()})
    s["hidden"] = tuple(int(u) for u in rng.integers(1, 65, rng.integers(0, 4)))
    s["data"] = str(rng.choice(liverun.DATA_NAMES))
    # a random subset stays at the defaults, so short and long links are both tried
    return liverun.with_controls(liverun.DEFAULT, {k: v for k, v in s.items() if rng.random() < 0.6})


@pytest.mark.parametrize("seed", range(300))
def test_a_link_gives_back_the_same_spec(seed):
    s = reachable(np.random.default_rng(seed))
    q = s.to_query()
    assert read_query(q) == (s, []) and len(q) < 300  # short enough to send
    written = {piece.split("=")[0] for piece in q.split("&") if piece}
    assert written == {k for k in runspec.FIELDS if getattr(s, k) != getattr(RunSpec(), k)}  # only what differs


@given(st.floats(min_value=1e-7, max_value=10.0))
def test_any_lr_on_the_slider_is_written_exactly(lr):
    assert read_query(RunSpec(lr=lr).to_query())[0].lr == lr


def test_a_link_is_short_in_a_fixed_order_and_encoded():
    assert RunSpec().to_query() == ""
    assert RunSpec(leak=0.0, lr=1e-3, bias_init="U(0,1)").to_query() == "lr=0.001&leak=0"  # U(0,1): the default
    assert RunSpec(lr=1e-6, bias_init="none", adaptive=True).to_query() == "lr=1e-6&bias_init=none&adaptive=1"
    s = RunSpec(bias_init="0.1", reduction="mean")
    assert read_query(s.to_query())[0] == s
    assert RunSpec(bias_init=0.5).to_query() == "bias_init=0.5"
    assert read_query("bias_init=U%280%2C1%29&leak=1e-2") == (RunSpec(bias_init="U(0,1)", leak=0.01), [])


@pytest.mark.parametrize("text", ["lr=0.001&leak=0", "?lr=0.001&leak=0", "  ?lr=0.001&leak=0#top",
                                  "http://127.0.0.1:8866/voila/render/07_playground.ipynb?lr=0.001&leak=0",
                                  "https://x.org/?LR=1e-3&&leak=0.0", "lr=%31e-3&leak=0"])
def test_a_link_is_read_from_a_query_a_question_mark_or_a_url(text):
    assert read_query(text) == (RunSpec(lr=0.001, leak=0.0), [])


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
    ("bias_init=U(0,2)", {}, "bias_init=U(0,2) is not a number"),
    ("bias_init=11", {}, "outside its control's range, -10 to 10"),
    ("data=mnist", {}, "data=mnist is refused: unknown data"),
    ("optimizer_options=x", {}, "is not a setting"),
    ("momentum=0.5", {}, "momentum=0.5 is refused: optimizer 'sgd' has no option 'momentum'"),
    ("optimizer=momentum&momentum=2", {"optimizer": "momentum"}, "outside its control's range, 0 to 1"),
    ("sizes=7,10,3", {}, "do not fit the 'sincos' data"),
    ("seed", {}, "seed has no value"),
    ("seed=1&seed=2", {"seed": 2}, "given twice"),
    ("sizes=7,x,2", {}, "layer sizes of 1 to 64"),
    ("sizes=7,0,2", {}, "layer sizes of 1 to 64"),
    ("sizes=7,1_0,2", {}, "layer sizes of 1 to 64"),
    ("sizes=7,\u0661\u0660,2", {}, "layer sizes of 1 to 64"),
    ("sizes=7," + "1" * 1900, {}, "layer sizes of 1 to 64"),
])
def test_odd_input_becomes_a_note_and_is_skipped(text, kept, said):
    spec, notes = read_query(text)
    assert spec == RunSpec(**kept)
    assert len(notes) == 1 and said in notes[0], notes


@pytest.mark.parametrize("text", [None, "", "?", "&&", "#", "http://127.0.0.1:8866/", "=1", "=", 3, b"lr=1"])
def test_nothing_or_not_text_sets_nothing(text):
    spec, notes = read_query(text)
    assert spec == RunSpec()
    assert (notes != []) == (text in (3, b"lr=1", "=1", "="))


def test_a_very_long_link_is_cut_and_said():
    spec, notes = read_query("lr=0.001&" + "x" * 5000)
    assert spec == RunSpec(lr=0.001) and "only the first 2,000" in notes[0]


@hsettings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("lrnakesdbi_=&?%+,.()-e0123456789x ")), max_size=60)
       | st.text(max_size=40))
def test_any_text_gives_a_checked_spec_never_an_exception(text):
    spec, notes = read_query(text)
    liverun.check(spec)  # every value kept passes the explorer's checks together
    assert all(isinstance(n, str) and n for n in notes)


def test_the_sizes_are_written_whole():
    assert liverun.with_controls(RunSpec(lr=0.001), {"hidden": (10, 10)}).to_query() == "lr=0.001&sizes=7,10,10,2"
    assert liverun.with_controls(RunSpec(), {"hidden": ()}).to_query() == "sizes=7,2"
    assert read_query("sizes=7,64,64,64,2") == (RunSpec(sizes=(7, 64, 64, 64, 2)), [])
    assert read_query("sizes=7%2C%2010%2C%202") == (RunSpec(sizes=(7, 10, 2)), [])  # spaces as a box writes them
    for bad in ("7,1,2,3,4,2", "7,65,2", "7,0,2", "7,²,2", "7,10,x,2", "7"):
        spec, notes = read_query(f"sizes={bad}")
        assert spec == RunSpec() and "sizes" in notes[0] and "layer sizes" in notes[0], (bad, notes)


# -- a diagnosis's fix -----------------------------------------------------------------------
EXAMPLES = {"lr": 4.37e-4, "lr_scale": 0.1, "reduction": "mean", "standardize": True, "leak": 0.01,
            "bias_init": 0.1, "weight_init": "he", "output_activation": "identity",
            "activation": "leaky_relu", "epochs": 4000, "next_seed": True}


@pytest.mark.parametrize("key", sorted(EXAMPLES))
def test_every_action_key_is_applied_and_said(key):
    s = RunSpec(activation="relu", weight_init="uniform", output_activation="leaky_relu")
    new, words = runlink.try_fix(s, {key: EXAMPLES[key]})
    assert liverun.check(new) == new
    changed = [k for k in runspec.FIELDS if getattr(new, k) != getattr(s, k)]
    assert changed and all(k in words for k in changed), words


def test_the_fix_is_snapped_to_what_the_controls_show():
    s = RunSpec(lr=1e-3, epochs=2000, seed=19, bias_init="none")
    assert runlink.try_fix(s, {"lr_scale": 0.1})[0].lr == pytest.approx(1e-4)
    assert runlink.try_fix(s, {"lr": 4.37e-4})[0].lr == 4.3e-4  # two figures, rounded down
    assert runlink.try_fix(s, {"lr": 1e-9})[0].lr == 1e-7       # the slider's lowest
    assert runlink.try_fix(s, {"epochs": 4000})[0].epochs == 10000  # the next it offers
    assert runlink.try_fix(s, {"next_seed": True})[0].seed == 0  # the slider holds 0..19
    assert runlink.try_fix(s, {"leak": 0.02})[0].leak == 0.01
    for value, label in [(0.1, "0.1"), (0.45, "U(0,1)"), (0.0, "0"), (("uniform", 0.0, 1.0), "U(0,1)"),
                         ("0.1", "0.1")]:
        assert runlink.try_fix(s, {"bias_init": value})[0].bias_init == label
    assert runlink.try_fix(RunSpec(), {"bias_init": None})[0].bias_init == "none"
    new, words = runlink.try_fix(s, {"reduction": "mean", "bias_init": 0.1})
    assert (new.reduction, new.bias_init) == ("mean", "0.1")
    assert words == "bias_init none -> 0.1; reduction sum -> mean"
    odd = RunSpec(lr=1.234e-5)  # a value typed in a link stays as it is when the fix does not touch it
    assert runlink.try_fix(odd, {"reduction": "mean"})[0].lr == 1.234e-5


def test_standardize_picks_the_standardized_data_when_there_is_such_a_choice():
    new, words = runlink.try_fix(RunSpec(), {"standardize": True})
    assert new.data == "sincos_standardized" and "data sincos -> sincos_standardized" in words
    for data, why in [("sincos_standardized", "already set"), ("random_targets", "no standardized")]:
        new, words = runlink.try_fix(RunSpec(data=data), {"standardize": True})
        assert new.data == data and why in words, words


def test_an_empty_or_odd_action_changes_nothing_and_says_so():
    s = RunSpec()
    assert runlink.try_fix(s, {}) == (s, "nothing to change")
    assert runlink.try_fix(s, {"reduction": "sum"}) == (s, "already set")
    for odd, said in [({"momentum": 0.5, "reduction": "mean"}, "unknown action 'momentum'"),
                      ({"output_activation": "softmax"}, "output_activation"),
                      ({"epochs": "many"}, "epochs"), ({"lr_scale": None}, "lr_scale")]:
        new, words = runlink.try_fix(s, odd)
        assert new == s and words.startswith("the fix cannot be applied here") and said in words, words


@pytest.mark.parametrize("start", [dict(lr=0.03, output_activation="identity"),
                                   dict(lr=1e-4, output_activation="identity"),
                                   dict(lr=3e-4, n=3000)])
def test_the_fix_turns_a_blowing_up_run_into_a_converging_one(start):
    s = liverun.DEFAULT.replace(**start)
    before = liverun.run(s).diagnosis
    assert before.kind in ("diverging", "oscillating", "dead") and before.action
    after = liverun.run(runlink.try_fix(s, before.action)[0])
    assert after.diagnosis.kind == "converging", after.diagnosis.message
    assert np.isfinite(after.history.cost[-1])


NUMBER_TEXT = st.text(alphabet=st.sampled_from(list("0123456789+-._eE ,") + ["\u0661", "\u00b2", "\uff11"]),
                      max_size=30)


@hsettings(max_examples=400, deadline=None)
@given(name=st.sampled_from(sorted(runspec.LIMITS)), text=NUMBER_TEXT)
def test_a_number_is_read_one_way_ascii_and_inside_its_controls_range(name, text):
    value, why = runspec.read_number(text, name)
    low, high = runspec.LIMITS[name]
    if why is None:
        assert text.strip().isascii() and "_" not in text and low <= value <= high
        assert isinstance(value, int) == (name in runspec.WHOLE)
    else:
        assert value is None and why.startswith("is ")


@hsettings(max_examples=300, deadline=None)
@given(NUMBER_TEXT)
def test_the_link_and_the_hidden_box_read_sizes_alike(text):
    """What the hidden box (liverun.hidden_layers(text)) accepts, a link's sizes accept, and the same."""
    try:
        box = liverun.hidden_layers(text)
    except ValueError as exc:
        box = None
        assert "hidden must be up to 3 layer sizes" in str(exc) and "digits" not in str(exc)
    if box == ():
        return  # the box's "no hidden layer" is the link's sizes=7,2
    spec, notes = read_query("sizes=" + quote(f"7,{text},2", safe=","))
    assert (spec.sizes == (7, *box, 2) if box else spec == RunSpec()) and (notes == []) == (box is not None)


@pytest.mark.parametrize("name, text, value", [("lr", "1e-3", 0.001), ("lr", "+.5", 0.5), ("lr", "10", 10.0),
                                               ("leak", "0", 0.0), ("n", "+300", 300), ("seed", " 7 ", 7)])
def test_plain_ascii_numbers_are_read(name, text, value):
    assert runspec.read_number(text, name) == (value, None)
