"""The Chinese edition cannot drift from the English (tools/translations.py's checks, as tests).

- every translation present is current: it records the hash of the English cell it translates,
  so an edited English cell fails here, naming the stale translation;
- every translation writes the numbers its English cell writes;
- a notebook that has translations has all of them (a Chinese notebook is never half English);
- untranslated notebooks are listed, not failed, until the whole course is translated: then
  flip EVERY_NOTEBOOK_TRANSLATED to True, and a notebook without its twin fails.

The tests of the tests below show each check failing on a planted source.
"""
import importlib.util
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("translations", ROOT / "tools" / "translations.py")
translations = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(translations)

# The one switch: False while translators work (untranslated notebooks are listed), True once
# every notebook 00-09 has its Chinese twin (then a missing one fails).
EVERY_NOTEBOOK_TRANSLATED = True
LANG = "zh"
SOURCES = translations.sources(())


def drift(src, lang=LANG):
    """What is wrong with the translations present in src: stale or other numbers (one line each)."""
    return [p for p in translations.problems(src, lang) if not p.endswith(f"no {lang} translation")]


def coverage(src, lang=LANG):
    """(translated cells, English markdown cells) of src."""
    found = translations.pairs(src, lang)
    return sum(tr is not None for _i, _en, tr in found), len(found)


def incomplete(src, lang=LANG, required=EVERY_NOTEBOOK_TRANSLATED):
    """A line if src must be complete and is not: it has some translations (or all are
    required) but not all; None otherwise."""
    done, total = coverage(src, lang)
    if done == total or (done == 0 and not required):
        return None
    missing = [i for i, _en, tr in translations.pairs(src, lang) if tr is None]
    return (f"{src.name}: {total - done} of {total} markdown cells have no {lang} translation "
            f"(cells {missing[:10]}{' ...' if len(missing) > 10 else ''})")


@pytest.mark.parametrize("src", SOURCES, ids=[s.stem for s in SOURCES])
def test_every_translation_is_current_and_has_the_english_numbers(src):
    problems = drift(src)
    assert not problems, ("\n".join(problems) + "\nupdate the Chinese, then "
                          "`python tools/translations.py stamp --restamp CELL " + src.name[:2] + "`")


@pytest.mark.parametrize("src", SOURCES, ids=[s.stem for s in SOURCES])
def test_a_translated_notebook_is_complete(src):
    problem = incomplete(src)
    assert problem is None, problem


def test_untranslated_notebooks_are_listed():
    """Listed (a warning in pytest's summary) while EVERY_NOTEBOOK_TRANSLATED is False."""
    untranslated = [s.name for s in SOURCES if coverage(s)[0] == 0]
    if untranslated:
        warnings.warn(f"no {LANG} translation yet: {', '.join(untranslated)}", UserWarning)
    assert all(s.name[:2].isdigit() for s in SOURCES) and len(SOURCES) >= 10


# -- the tests of the tests: each check fails on a planted source ----------------------------
ENGLISH = ["# Title\n#\n# The cost grew 285-fold in 3 updates.", "# At lr = 0.01 it settles."]
CHINESE = ["# 标题\n#\n# 代价在 3 次更新中增长了 285 倍。", "# lr = 0.01 时它趋于平稳。"]


def planted(tmp_path, english=ENGLISH, chinese=CHINESE, hashes_of=None):
    """A source whose translations record the hashes of hashes_of (default: its own English)."""
    hashes_of = hashes_of or english
    parts = ["# ---\n# jupyter:\n#   kernelspec:\n#     display_name: Python 3 (ipykernel)\n"
             "#     language: python\n#     name: python3\n# ---\n"]
    for k, (en, zh, old) in enumerate(zip(english, chinese, hashes_of)):
        digest = translations.english_hash("\n".join(ln[2:] for ln in old.splitlines()))
        parts.append(f"# %% [markdown]\n{en}\n")
        if zh is not None:
            parts.append(f'# %% [markdown] lang="zh" en="{digest}"\n{zh}\n')
        parts.append(f"# %%\nx{k} = {k}\n")
    path = tmp_path / "90_planted.py"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def test_the_checks_pass_a_faithful_translation(tmp_path):
    src = planted(tmp_path)
    assert drift(src) == [] and incomplete(src) is None and coverage(src) == (2, 2)
    test_every_translation_is_current_and_has_the_english_numbers(src)


def test_an_edited_english_cell_fails_and_names_the_stale_translation(tmp_path):
    edited = [ENGLISH[0], "# At lr = 0.01 it settles after a while."]
    src = planted(tmp_path, english=edited, hashes_of=ENGLISH)
    with pytest.raises(AssertionError, match=r"90_planted.py cell 1 \('At lr = 0.01 it settles after a while.'\): stale"):
        test_every_translation_is_current_and_has_the_english_numbers(src)


def test_an_unstamped_translation_is_named_not_stamped_not_stale(tmp_path):
    src = planted(tmp_path)
    stamped = 'en="%s"' % translations.english_hash("Title\n\nThe cost grew 285-fold in 3 updates.")
    assert src.read_text(encoding="utf-8").count(stamped) == 1
    src.write_text(src.read_text(encoding="utf-8").replace(stamped, 'en=""'), encoding="utf-8")
    found = drift(src)
    assert found == ["90_planted.py cell 0 ('Title'): not stamped: the translation records no English "
                     "hash yet (run `python tools/translations.py stamp 90`)"]
    with pytest.raises(AssertionError, match=r"cell 0 \('Title'\): not stamped"):
        test_every_translation_is_current_and_has_the_english_numbers(src)
    assert translations.stamp(src) == 1 and drift(src) == []   # stamping is the cure it names


def test_a_changed_number_fails(tmp_path):
    wrong = [CHINESE[0].replace("285", "258"), CHINESE[1]]
    src = planted(tmp_path, chinese=wrong)
    with pytest.raises(AssertionError, match=r"cell 0 \('Title'\): numbers differ: only in English \['285'\], only in zh \['258'\]"):
        test_every_translation_is_current_and_has_the_english_numbers(src)
    dropped = [CHINESE[0].replace("3 次", "几次"), CHINESE[1]]   # a number left out fails too
    assert "numbers differ" in drift(planted(tmp_path, chinese=dropped))[0]


def test_a_half_translated_notebook_fails_and_an_untranslated_one_waits_for_the_switch(tmp_path):
    half = planted(tmp_path, chinese=[CHINESE[0], None])
    assert incomplete(half) == "90_planted.py: 1 of 2 markdown cells have no zh translation (cells [1])"
    with pytest.raises(AssertionError, match="1 of 2 markdown cells"):
        test_a_translated_notebook_is_complete(half)
    none = planted(tmp_path, chinese=[None, None])
    assert incomplete(none, required=False) is None                        # listed, not failed
    assert incomplete(none, required=True).startswith("90_planted.py: 2 of 2")  # after the switch

