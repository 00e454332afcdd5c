"""tools/build_notebooks.py fails loudly where it promises to, and cleans what it writes."""
import importlib.util
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("build_notebooks", ROOT / "tools" / "build_notebooks.py")
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)

HEADER = ("# ---\n# jupyter:\n#   kernelspec:\n#     display_name: Python 3 (ipykernel)\n"
          "#     language: python\n#     name: python3\n# ---\n\n")


def source(tmp_path, body, name="90_probe.py"):
    path = tmp_path / name
    path.write_text(HEADER + body)
    return path


def test_executes_in_order_and_cleans(tmp_path):
    src = source(tmp_path, '# %% [markdown]\n# hello\n\n# %%\nx = 2\n\n# %%\nprint(x * 21)\n\n'
                           '# %% tags=["raises-exception"]\n1 / 0\n')
    nb, seconds = build.build(src, max_seconds=60)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == [1, 2, 3]
    assert code[1].outputs[0].text == "42\n"
    assert code[2].outputs[0].output_type == "error"        # allowed by its tag
    assert "widgets" not in nb.metadata and "jupytext" not in nb.metadata
    assert [c.id for c in nb.cells] == ["cell-0", "cell-1", "cell-2", "cell-3"]
    assert 0 < seconds < 60
    again, _ = build.build(src, max_seconds=60)
    assert nbformat.writes(again) == nbformat.writes(nb)     # a rebuild is byte-identical


# Each way the build promises to fail loudly: (the planted cell, the time limit, what it says).
# The heading is the slip notebook 07 once had: a section's heading left as comments in code.
FAILURES = {
    "error": ("# %%\nraise ValueError('planted')\n", 60, "planted"),
    "warning": ("# %%\nimport numpy as np\nnp.log(np.zeros(1))\n", 60, "RuntimeWarning"),
    "too slow": ("# %%\nimport time\ntime.sleep(1.5)\n", 1, "limit is 1 s"),
    "heading in code": ("# %%\nx = 1\n#\n# ## The next section\n#\n# Its paragraph.\n", 60,
                        "The next section"),
}


@pytest.mark.parametrize("what", FAILURES)
def test_the_build_fails_loudly(tmp_path, what):
    body, max_seconds, says = FAILURES[what]
    with pytest.raises(SystemExit, match=says):
        build.build(source(tmp_path, body), max_seconds=max_seconds)


def test_widget_views_get_stable_ids():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("w")
    cell.id = "cell-0"
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        build.WIDGET_VIEW: {"model_id": "random", "version_major": 2, "version_minor": 0}}),
        nbformat.v4.new_output("stream", name="stdout", text="a"),
        nbformat.v4.new_output("stream", name="stdout", text="b")]
    nb.cells.append(cell)
    nb.metadata["widgets"] = {"state": {}}
    build.clean(nb, "99_x")
    first = cell.outputs[0].data[build.WIDGET_VIEW]["model_id"]
    assert first != "random" and len(first) == 32 and "widgets" not in nb.metadata
    assert [o.text for o in cell.outputs[1:]] == ["ab"]


def test_sources_are_found_in_course_order():
    names = [p.name for p in build.sources()]
    assert names == sorted(names) and names[0] == "00_start_here.py"
    assert all(build.NAME.match(n) for n in names)
    assert sys.executable  # the build runs the kernel of this interpreter


def test_headings_are_found_only_in_code_cells():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("## A heading where it belongs"),
                nbformat.v4.new_code_cell("y = 2  # ## not at a line start\n#   comment"),
                nbformat.v4.new_code_cell("z = 3\n#### Deep heading"),
                nbformat.v4.new_code_cell("# # Title")]
    assert build.headings_in_code(nb) == [(2, "#### Deep heading"), (3, "# # Title")]


def test_every_course_source_is_free_of_misplaced_headings():
    found = {p.name: build.headings_in_code(build.convert(p)) for p in build.sources()}
    assert {name: hits for name, hits in found.items() if hits} == {}


# -- the Chinese edition: a source whose every markdown cell has its zh twin ---------------------
def bilingual(tmp_path, translate_last=True):
    """A small source in both languages: the setup cell, a checker's hint, a number."""
    sys.path.insert(0, str(ROOT / "tools"))
    import translations

    title, hint = "# Probe\n\nThe cost grew 285-fold.", "A wrong relu, checked:"
    zh = {title: "# 探针\n\n代价增长了 285 倍。", hint: "一个错误的 relu，检查一下："}

    def md(text, twin=True):
        cell = "# %% [markdown]\n" + "".join(f"# {ln}".rstrip() + "\n" for ln in text.splitlines()) + "\n"
        if twin:
            cell += (f'# %% [markdown] lang="zh" en="{translations.english_hash(text)}"\n'
                     + "".join(f"# {ln}".rstrip() + "\n" for ln in zh[text].splitlines()) + "\n")
        return cell
    body = (md(title) + f"# %%\n{build.SETUP_MARK}: nothing here\nimport nnlib\n\n"
            + md(hint, translate_last) + "# %%\nfrom nnlib import exercises\nexercises.check_relu(lambda z: z)\n")
    return source(tmp_path, body, name="91_bilingual.py")


def test_the_chinese_edition_runs_the_english_code(tmp_path):
    src = bilingual(tmp_path)
    en, _ = build.build(src, max_seconds=60)
    zh, _ = build.build(src, max_seconds=60, lang="zh")
    code = lambda nb: [c.source for c in nb.cells if c.cell_type == "code"]
    assert code(zh) == code(en)[:1] + ['import nnlib; nnlib.set_language("zh")'] + code(en)[1:]
    assert [c.source.splitlines()[0] for c in zh.cells if c.cell_type == "markdown"] == ["# 探针", "一个错误的 relu，检查一下："]
    assert [c.source.splitlines()[0] for c in en.cells if c.cell_type == "markdown"] == ["# Probe", "A wrong relu, checked:"]
    assert code(en)[-1] == code(zh)[-1] and en.cells[-1].outputs[0].text.startswith("Not yet. Hint:")
    assert zh.cells[-1].outputs[0].text.startswith("还不对。提示：")   # the library speaks Chinese there
    assert zh.metadata["nnlib_lang"] == "zh" and "nnlib_lang" not in en.metadata


def test_a_notebook_partly_translated_is_not_built_in_chinese(tmp_path, capsys):
    src = bilingual(tmp_path, translate_last=False)
    with pytest.raises(build.Untranslated, match="1 of 2 markdown cells have no zh translation"):
        build.convert(src, "zh")
    assert build.build_all([src], ["zh"], max_seconds=60) == {}
    assert "not built: 1 of 2 markdown cells" in capsys.readouterr().out
    assert not build.target(src, "zh").exists()
