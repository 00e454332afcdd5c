"""The language nnlib speaks: English unless asked, Chinese with ``set_language("zh")``.

    import nnlib
    nnlib.set_language("zh")       # the Chinese notebooks' first cell; or NNLIB_LANG=zh
    from nnlib.i18n import _
    print(_("Correct!"))           # "正确！"

One catalogue per language, ``nnlib/locale/<lang>/LC_MESSAGES/nnlib.po`` (GNU gettext's
format, which translators and their tools know). Only the ``.po`` is committed; the ``.mo``
that Python's gettext reads is compiled from it by Babel when the package is built
(setup.py's build_py, which ``pip install``, ``pip install -e .``, course.py and Binder's
postBuild all run; alone: ``python setup.py build_py``). If the ``.mo`` is missing or older than its ``.po``
(a source checkout whose build step never ran, or an edited .po), the catalogue is compiled
in memory from the ``.po`` with Babel; without Babel nnlib stays in English. It never raises
for a missing catalogue: a message in English is better than a crash in a lesson.

The language is chosen once at import from NNLIB_LANG, or, in the Voila app, from the
page's address (``?lang=zh``, Voila hands the kernel its QUERY_STRING), and changed later
by ``set_language``.

How to translate a new message: wrap the literal where it is used, ``_("...")``; an
f-string becomes ``_("... {name} ...").format(name=...)`` so that the catalogue holds one
msgid whatever the value. A literal kept in a module-level table is marked with ``N_()``
and translated where it is shown (``_(table[key])``), since the language can change after
import. Then add the msgid and its msgstr to the .po (``pybabel extract -k N_ -o
/tmp/nnlib.pot nnlib`` lists every marked message); ``tests/test_i18n.py`` fails while a
marked message has no translation.

The doctor's and the diagnosis's messages (``nnlib/doctor.py``, ``nnlib/examine.py``,
``nnlib/diagnosis/``) are wrapped the same way: each whole sentence (never a fragment joined
to others: Chinese orders a sentence's parts differently), with named placeholders whose
numbers are formatted inside them (``{growth:.3g}``), so that the Chinese writes the English
numbers. A noun phrase that several sentences share ("epoch 3", "hidden layer 1") is its own
message, filled into theirs. A msgid that starts with a space continues the sentence before
it; its Chinese starts without one. ``d.kind`` and ``d.certainty`` stay English names (code
compares them); the kind is shown translated by ``str(d)``.
"""
import gettext
import io
import os
from functools import lru_cache
from pathlib import Path

DOMAIN = "nnlib"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "zh")  # en is the source language: its messages are the msgids
ENV = "NNLIB_LANG"

_state = {"lang": "en", "catalogue": gettext.NullTranslations()}


def po_path(lang):
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang):
    return po_path(lang).with_suffix(".mo")


def _mo_bytes(po):
    """The .mo of a .po file, compiled by Babel (raises ImportError without Babel)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(po, "rb") as f:
        catalog = read_po(f, locale=Path(po).parent.parent.name, domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def _compiled(lang):
    """The .mo bytes of lang's .po, compiled by Babel; None without Babel."""
    try:
        return _mo_bytes(po_path(lang))
    except ImportError:
        return None


@lru_cache(maxsize=None)
def catalogue(lang):
    """The translations of lang: its .mo, else its .po compiled in memory, else English."""
    if lang == "en" or not po_path(lang).exists():
        return gettext.NullTranslations()
    mo, po = mo_path(lang), po_path(lang)
    fresh = mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime
    data = None if fresh else _compiled(lang)
    if data is None and mo.exists():  # fresh, or stale with no Babel to compile: the .mo we have
        data = mo.read_bytes()
    return gettext.NullTranslations() if data is None else gettext.GNUTranslations(io.BytesIO(data))


def set_language(lang):
    """Speak ``lang`` ("en" or "zh") from now on; returns the language that was in use.

    Raises ValueError for a language nnlib has no catalogue for. If the catalogue cannot
    be read (no .mo and no Babel to compile the .po), messages stay in English.
    """
    lang = (lang or "en").strip().lower().replace("_", "-").split("-")[0]
    if lang not in LANGUAGES:
        raise ValueError(f"nnlib speaks {', '.join(LANGUAGES)}; got language {lang!r}")
    before = _state["lang"]
    _state.update(lang=lang, catalogue=catalogue(lang))
    for listener in _listeners:
        listener(lang)
    return before


_listeners = []  # what else follows the language: nnlib.panels lets matplotlib draw Chinese


def on_language(listener):
    """Call listener(lang) now and after every set_language (the drawing modules use this to
    follow the language without i18n importing matplotlib)."""
    _listeners.append(listener)
    listener(_state["lang"])


def get_language():
    """The language nnlib speaks now: "en" or "zh"."""
    return _state["lang"]


def _(message):
    """message in the language in use (message itself where it has no translation, and ""
    stays "": gettext would answer it with the catalogue's header)."""
    return _state["catalogue"].gettext(message) if message else message


def N_(message):
    """Mark a literal for the catalogue without translating it now (translate where shown)."""
    return message


def _from_environment(environ=os.environ):
    """The language asked for by NNLIB_LANG, or by the Voila page's address (?lang=zh)."""
    if environ.get("SERVER_SOFTWARE", "").startswith("voila/"):
        for pair in environ.get("QUERY_STRING", "").split("&"):
            key, _sep, value = pair.partition("=")
            if key == "lang" and value in LANGUAGES:
                return value
    return environ.get(ENV) or "en"


def compile_catalogues(root=LOCALE_DIR):
    """Compile every .po under root into its .mo with Babel (the build step); returns the .mo paths."""
    written = []
    for po in sorted(Path(root).glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        po.with_suffix(".mo").write_bytes(_mo_bytes(po))
        written.append(po.with_suffix(".mo"))
    return written


try:
    set_language(_from_environment())
except ValueError:  # a wrong NNLIB_LANG must not stop an import: English, as if unset
    set_language("en")

