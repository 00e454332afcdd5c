"""Notebook 07's table of controls says what the controls offer: one row per control, each
toggle's every choice named in its row, each slider's range as the slider has it. A choice
added to a registry (an activation, an optimizer) fails here until the table names it."""
import re
from pathlib import Path

import pytest

from nnlib.live import controls, livefig, liverun

SOURCE = Path(__file__).resolve().parent.parent / "notebooks" / "src" / "07_playground.py"


def table():
    """{control label: its description} from the markdown table under "What you can change"."""
    text = SOURCE.read_text(encoding="utf-8")
    section = text.split("## What you can change", 1)[1].split("# | panel |", 1)[0]  # the panels' table follows
    rows = re.findall(r"^# \| \*\*(.+?)\*\* \| (.+) \|$", section, re.M)
    return dict(rows)


def panel_rows():
    """The bold names of the rows of notebook 07's table of panels, in order."""
    text = SOURCE.read_text(encoding="utf-8")
    section = text.split("# | panel |", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"^# \| \*\*(.+?)\*\*", section, re.M)


def label(name):
    """The name a learner sees beside a control."""
    if name in controls.TOGGLE_LABELS:
        return controls.TOGGLE_LABELS[name]
    if name == "adaptive":
        return "adaptive lr"
    return controls.make_control(name, DEFAULTS[name]).description


DEFAULTS = dict(lr=1e-5, leak=1e-4, bias_init="0.1", n=1000, epochs=2000, seed=0, hidden="10")


def mentions(text, word):
    """word in text as a whole word or phrase (so "he" is not found inside "the")."""
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def test_one_row_per_control():
    assert sorted(table()) == sorted(label(name) for name in controls.CONTROLS)


@pytest.mark.parametrize("name", sorted(controls.CHOICES))
def test_each_toggle_row_names_every_choice(name):
    row = table()[label(name)]
    missing = [c for c in controls.CHOICES[name] if not mentions(row, controls.LABELS.get(c, c))]
    assert not missing, f"notebook 07's row for {label(name)!r} does not name {missing}"


def test_slider_rows_state_the_sliders_ranges():
    rows = table()
    lr = controls.make_control("lr", DEFAULTS["lr"])
    assert f"1e{lr.min:.0f} to {10 ** lr.max:g}" in rows["lr"]
    for name in ("n", "epochs"):
        w = controls.make_control(name, DEFAULTS[name])
        assert f"{w.options[0][0]} to {w.options[-1][0]}" in rows[label(name)], name
    seed = controls.make_control("seed", 0)
    assert f"{seed.min} to {seed.max}" in rows["seed"]
    assert f"up to {liverun.MAX_HIDDEN} layers of 1 to {liverun.MAX_UNITS} units" in rows["hidden"]
    bias = rows["bias init"]
    assert all(f"`{b}`" in bias for b in controls.make_control("bias_init", "0.1").options)


def test_the_check_reads_the_table():
    # an empty parse would pass nothing above: the table has rows, and a made-up choice is missed
    assert len(table()) >= 10
    assert not mentions(table()["optimizer"], "nesterov") and not mentions("the net", "he")


def test_one_row_per_default_panel():
    # each panel the playground shows unless told, in its order, named as its title begins
    rows = panel_rows()
    titles = [livefig.PANELS[name].title for name in livefig.DEFAULT_PANELS]
    assert len(rows) == len(titles) and all(t.startswith(r) for r, t in zip(rows, titles)), (rows, titles)
