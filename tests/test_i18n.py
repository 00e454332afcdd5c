"""nnlib speaks English unless asked, Chinese when asked (nnlib.i18n), and never crashes for a
missing catalogue: every marked message has its translation, with the same placeholders."""
import os
import re
import string
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import nnlib
from nnlib import exercises, i18n

ROOT = Path(__file__).resolve().parent.parent
# where messages are marked for the catalogue (curvature.py: the note the diagnosis repeats)
MARKED = [ROOT / "nnlib" / "exercises", ROOT / "nnlib" / "live" / "controls.py",
          ROOT / "nnlib" / "diagnosis", ROOT / "nnlib" / "doctor.py", ROOT / "nnlib" / "examine.py",
          ROOT / "nnlib" / "curvature.py", ROOT / "nnlib" / "live" / "widgets.py",
          ROOT / "nnlib" / "live" / "runlink.py", ROOT / "nnlib" / "live" / "liverun.py",
          ROOT / "nnlib" / "live" / "livefig.py"]


@pytest.fixture
def zh():
    before = nnlib.set_language("zh")
    yield
    nnlib.set_language(before)


def marked_messages():
    """Every literal wrapped in _() or N_() in MARKED: {msgid: 'file:line'}."""
    from babel.messages.extract import extract_from_file

    found = {}
    for place in MARKED:
        for path in sorted(place.glob("*.py")) if place.is_dir() else [place]:
            for line, msg, _comments, _ctx in extract_from_file("python", str(path), keywords={"_": None, "N_": None}):
                found.setdefault(msg, f"{path.relative_to(ROOT)}:{line}")
    return found


def catalogue():
    from babel.messages.pofile import read_po

    with open(i18n.po_path("zh"), "rb") as f:
        return {m.id: m.string for m in read_po(f) if m.id}


def fields(text):
    return sorted(name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None)


def test_english_is_the_default_and_unchanged(capsys):
    assert nnlib.get_language() == "en" or os.environ.get("NNLIB_LANG") == "zh"
    nnlib.set_language("en")
    assert exercises.check_relu(lambda z: z) is False
    assert capsys.readouterr().out == "Not yet. Hint: check relu(z) for negative inputs\n"


def test_chinese_when_asked(zh, capsys):
    assert exercises.check_relu(lambda z: z) is False
    assert capsys.readouterr().out == "还不对。提示：检查 relu(z) 在负输入上的值\n"
    assert exercises.check_planted_fix(1, {"scale": 2.0}) is False   # a formatted message
    out = capsys.readouterr().out
    assert "scale 是数据到手时的样子" in out and "lr, reduction, bias_init, standardize" in out


def test_the_controls_speak_chinese(zh):
    pytest.importorskip("ipywidgets")
    from nnlib.live import controls

    assert controls.make_control("n", 1000).description == "样本数 N"
    assert dict((v, k) for k, v in controls.make_control("data", "random_targets").options)["random_targets"] == "随机目标"
    nnlib.set_language("en")
    assert controls.make_control("n", 1000).description == "N samples"


def test_every_marked_message_is_translated_with_its_placeholders():
    marked, zh = marked_messages(), catalogue()
    assert len(marked) > 100
    missing = {m: where for m, where in marked.items() if not zh.get(m)}
    assert not missing, "no zh translation (add them to nnlib/locale/zh/LC_MESSAGES/nnlib.po):\n" + \
        "\n".join(f"{where}: {m!r}" for m, where in missing.items())
    wrong = [m for m in marked if fields(m) != fields(zh[m])]
    assert not wrong, f"placeholders differ between msgid and msgstr: {wrong}"
    unused = set(zh) - set(marked)
    assert not unused, f"translations of messages the code no longer marks: {sorted(unused)}"


def test_a_wrong_language_is_a_clear_error():
    with pytest.raises(ValueError, match="nnlib speaks en, zh; got language 'fr'"):
        nnlib.set_language("fr")
    assert nnlib.set_language("zh_CN") in i18n.LANGUAGES   # a locale name is read as its language
    assert nnlib.get_language() == "zh"
    nnlib.set_language("en")


def test_the_language_from_the_environment_and_the_app_address():
    assert i18n._from_environment({"NNLIB_LANG": "zh"}) == "zh"
    assert i18n._from_environment({}) == "en"
    voila = {"SERVER_SOFTWARE": "voila/0.5.8", "QUERY_STRING": "token=abc&lang=zh&lr=0.001"}
    assert i18n._from_environment(voila) == "zh"
    assert i18n._from_environment({**voila, "SERVER_SOFTWARE": "other"}) == "en"  # only in Voila
    out = subprocess.run([sys.executable, "-c", "import nnlib; print(nnlib.get_language())"],
                         env={**os.environ, "NNLIB_LANG": "zh"}, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "zh"
    bad = subprocess.run([sys.executable, "-c", "import nnlib; print(nnlib.get_language())"],
                         env={**os.environ, "NNLIB_LANG": "klingon"}, capture_output=True, text=True, check=True)
    assert bad.stdout.strip() == "en"   # a wrong NNLIB_LANG never stops the import


def test_every_route_to_a_catalogue(tmp_path, monkeypatch):
    """A fresh .mo is read; without one the .po is compiled in memory; without Babel, English."""
    po = tmp_path / "zh" / "LC_MESSAGES" / "nnlib.po"
    po.parent.mkdir(parents=True)
    po.write_bytes(i18n.po_path("zh").read_bytes())
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.catalogue.cache_clear()
    try:
        assert i18n.catalogue("zh").gettext("Correct!") == "正确！"           # in memory, no .mo
        assert i18n.compile_catalogues(tmp_path) == [po.with_suffix(".mo")]
        po.with_suffix(".mo").write_bytes(po.with_suffix(".mo").read_bytes())  # newer than the .po
        monkeypatch.setitem(sys.modules, "babel.messages.mofile", None)        # Babel cannot be used
        i18n.catalogue.cache_clear()
        assert i18n.catalogue("zh").gettext("Correct!") == "正确！"           # the .mo alone
        po.with_suffix(".mo").unlink()
        i18n.catalogue.cache_clear()
        assert i18n.catalogue("zh").gettext("Correct!") == "Correct!"         # English, no crash
    finally:
        i18n.catalogue.cache_clear()


def test_no_compiled_catalogue_is_committed():
    tracked = subprocess.run(["git", "ls-files", "nnlib/locale"], cwd=ROOT, capture_output=True, text=True).stdout
    if not tracked:
        pytest.skip("not a git checkout")
    assert "nnlib.po" in tracked and not re.search(r"\.mo$", tracked, re.M)


@pytest.mark.slow
def test_the_package_build_compiles_the_catalogue(tmp_path):
    """setup.py's build_py (what pip runs for Binder's postBuild, a wheel, `pip install -e .`)
    puts the compiled .mo in the package, and gettext reads it."""
    import gettext

    subprocess.run([sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(tmp_path)],
                   cwd=ROOT, check=True, capture_output=True)
    mo = tmp_path / "nnlib" / "locale" / "zh" / "LC_MESSAGES" / "nnlib.mo"
    assert mo.with_suffix(".po").exists()
    with open(mo, "rb") as f:
        assert gettext.GNUTranslations(f).gettext("Correct!") == "正确！"


def test_the_apps_language_is_not_read_as_a_run_setting(monkeypatch):
    """`?lang=zh` in the app's address chooses the language; the playground's link ignores it."""
    pytest.importorskip("ipywidgets")
    from nnlib.live import widgets

    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.8")
    monkeypatch.setenv("QUERY_STRING", "token=abc&lang=zh&lr=0.001")
    assert widgets.page_query() == "lr=0.001"
    assert i18n._from_environment() == "zh"


def test_a_multiple_choices_options_follow_the_language(zh):
    """Notebook 09 prints its options with .items(): in the language in use, letters unchanged."""
    from nnlib.exercises import choosing

    options = dict(choosing.WHY_2_07_CONVERGES.items())
    assert list(options) == ["a", "b", "c", "d"] and options["a"] == "lr 在运行中变小了"
    nnlib.set_language("en")
    assert choosing.WHY_2_07_CONVERGES["a"] == "lr shrinks during the run"


def test_the_doctors_chinese_in_a_figure_draws_without_missing_glyphs(zh):
    """The explorers write the diagnosis under their figures: in Chinese, a CJK font draws it."""
    import io
    import warnings

    pytest.importorskip("matplotlib")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from nnlib import panels

    if panels.cjk_font() is None:
        pytest.skip("no CJK font installed (binder/apt.txt: fonts-wqy-microhei)")
    message = str(nnlib.diagnose([1.0, 10.0, 100.0, 1e3, 1e4, 1e5], lr=0.1))
    assert message.startswith("发散（diverging）：代价每次更新大约增长到原来的 10 倍")
    fig = Figure(figsize=(4, 1))
    fig.text(0, 0.5, message[:40])
    with warnings.catch_warnings():
        warnings.simplefilter("error")        # a missing glyph is a UserWarning
        FigureCanvasAgg(fig).print_png(io.BytesIO())


def test_the_doctor_speaks_chinese_and_english_again(zh):
    """The same run, its verdict in each language: numbers and names the same, words translated."""
    from nnlib import doctor

    costs = [1.0, 10.0, 100.0, 1e3, 1e4, 1e5]
    zh_text = str(nnlib.diagnose(costs, lr=0.1, n_samples=100, reduction="sum"))
    assert "先试：改用 reduction='mean'，lr 取" in zh_text and "求和代价让每一步都大了 N = 100 倍" in zh_text
    assert "Try first" not in zh_text
    with doctor.watch() as w:
        w.log(float(np.exp(np.float64(1000.0))))
    assert str(w).startswith("第一个出问题的数：第 0 步发生溢出，位于")
    nnlib.set_language("en")
    en_text = str(nnlib.diagnose(costs, lr=0.1, n_samples=100, reduction="sum"))
    assert "Try first: use reduction='mean' with lr" in en_text and "the summed cost makes every step N = 100 times larger" in en_text
    assert str(w).startswith("First bad number: overflow at step 0, ")


def test_every_kind_has_its_word_and_the_playground_shows_it(zh):
    """A kind of KINDS (read from CHECKS) without an entry in KIND_WORDS would print its
    English name in every language: the recipe for a diagnosis kind adds both."""
    pytest.importorskip("ipywidgets")
    from nnlib.diagnosis import KINDS, kind_word
    from nnlib.diagnosis.report import KIND_WORDS
    from nnlib.live import widgets

    assert set(KIND_WORDS) == set(KINDS)
    assert all(catalogue().get(KIND_WORDS[k]) for k in KINDS)  # each word has its translation
    assert kind_word("diverging") == "发散（diverging）"
    p = widgets.Playground(controls=("lr",), panels=("cost",), epochs=20)
    try:
        assert p.wait()
        kind, html = p.result.diagnosis.kind, p.diagnosis.value
        assert f"data-kind='{kind}'" in html and f"<b>{kind_word(kind)}</b>" in html
        assert kind_word(kind) != kind  # the bold word is the Chinese one, the attribute the name
    finally:
        p.close()


def test_a_chinese_playground_shows_the_chinese_button_link_line_and_fix(zh):
    """The playground's own text (its button, the link line, the last fix's words, the still
    figure's caption) follows the language; the link itself (the settings) stays as it is."""
    pytest.importorskip("ipywidgets")
    from nnlib.live import widgets

    p = widgets.Playground(controls=("lr", "reduction"), panels=("cost",), state="lr=0.03&output_activation=identity")
    try:
        assert p.fix_button.description == "试用修复" and p.fix_button.tooltip == "把诊断给出的第一个修复应用到控件上"
        assert p.wait() and p.result.diagnosis.kind == "diverging"
        assert "这次运行的链接（加到地址后面）：" in p.link.value and "value='?lr=0.03&amp;" in p.link.value
        assert "this run as a link" not in p.link.value
        p.fix_button.click()
        assert p.wait() and p.controls["reduction"].value == "mean"
        assert "（上一次修复：" in p.link.value and "reduction sum -&gt; mean" in p.link.value
        text = widgets.caption(p.result)
        assert text.startswith("诊断为") and "diagnosis (" not in text
    finally:
        p.close()
    nnlib.set_language("en")
    p = widgets.Playground(controls=("lr",), panels=("cost",), epochs=20)
    try:
        assert p.fix_button.description == "Try the fix"
        assert p.wait() and "<small>this run as a link (add it to the address):</small> " in p.link.value
    finally:
        p.close()


def test_a_cached_lambda_max_note_follows_the_language(zh):
    """The note on a sampled lambda_max is cached as a number and written when shown, so a
    language change after the first measure is followed; a note kept as its English msgid
    (NOT_IN_TIME) is translated where it is shown."""
    from nnlib.live import liverun

    spec = liverun.DEFAULT.replace(n=liverun.CURVATURE_SAMPLES * 2, epochs=1)
    _ratio, note = liverun.stability(spec)
    assert note == f"lambda_max 是在 {spec.n:,} 个样本中的 {liverun.CURVATURE_SAMPLES:,} 个上估计的"
    nnlib.set_language("en")
    assert liverun.stability(spec)[1] == f"lambda_max estimated on {liverun.CURVATURE_SAMPLES:,} of {spec.n:,} samples"
    assert i18n._(liverun.NOT_IN_TIME) == liverun.NOT_IN_TIME and i18n._("") == ""
    nnlib.set_language("zh")
    assert i18n._(liverun.NOT_IN_TIME).startswith("lambda_max 没能及时测出")


def test_a_chinese_playground_says_why_a_hidden_box_went_back(zh):
    pytest.importorskip("ipywidgets")
    from nnlib.live import widgets

    p = widgets.Playground(controls=("hidden",), panels=("cost",), epochs=20)
    try:
        assert p.wait()
        p.controls["hidden"].value = "ten"
        assert p.wait() and p.controls["hidden"].value == "10"
        assert "hidden 须为至多" in p.status.value and "；输入框已恢复为 10" in p.status.value
    finally:
        p.close()
