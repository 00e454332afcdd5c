"""Every course notebook that shows an nnlib explorer: it runs clean in JupyterLab, and each
control of each explorer reaches the kernel and redraws the plot, with no console errors.

(Notebook 07, the full playground, has its own deeper tests in test_playground_lab.py.)
"""
import re

import pytest

from . import harness

WIDGET_CALL = re.compile(r"^\s*widgets\.(playground|sum_vs_mean|dead_units|Playground)\(", re.M)


def _notebooks():
    src = harness.NOTEBOOKS / "src"
    return sorted(p.stem + ".ipynb" for p in src.glob("*.py")
                  if WIDGET_CALL.search(p.read_text()) and not p.stem.startswith("07"))


@pytest.mark.parametrize("name", _notebooks())
def test_explorers_in_notebook(lab, page, name):
    harness.open_notebook(page, lab, name)
    errors = harness.run_all(page)
    assert errors == [], f"cells raised: {errors}"
    n = page.locator(".nnlib-playground").count()
    assert n >= 1, "no explorer on the page"
    for i in range(n):
        box = harness.explorer(page, i)
        box.scroll_into_view_if_needed()
        harness.wait_explorer(box, 1)
        for control in harness.control_names(box):
            before = harness.explorer_canvas(box)
            drawn = harness.explorer_info(box)["drawn"]
            seq = harness.explorer_state(box)[0]
            harness.move(box, control)
            harness.wait_explorer(box, seq + 1)
            info = harness.explorer_info(box)
            assert info["drawn"][control] != drawn[control], f"explorer {i}: the kernel did not see {control} move"
            assert "error" not in info["status"], info["status"]
            if control != "adaptive":  # halving lr changes nothing while no update raises the cost
                assert harness.explorer_canvas(box) != before, f"explorer {i}: {control} did not change the plot"
            harness.assert_plot_current(box)
    assert page.console_errors == [], page.console_errors
