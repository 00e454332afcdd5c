"""The course's translations: each English markdown cell of a notebook source may be followed
by its translation, a markdown cell marked with the language and a hash of the English it
translates:

    # %% [markdown]
    # The cost grew 285-fold.

    # %% [markdown] lang="zh" en="3f2a9c0d1b4e"
    # 代价增长了 285 倍。

Code cells are never translated: the Chinese notebook runs the English code, so its numbers
are the English numbers.

    python tools/translations.py check [NN ...]   # missing, unstamped, stale and number mismatches
    python tools/translations.py stamp [NN ...]   # write the hash into translations that lack one

``stamp`` only fills an empty ``en=""`` (or a missing one): run it right after translating a
cell. A stale translation keeps its old hash until someone updates the Chinese and stamps it
again with ``stamp --restamp CELL`` (the English cell's index, as ``check`` prints it).
"""
import argparse
import hashlib
import re
import sys
from pathlib import Path

import jupytext

ROOT = Path(__file__).resolve().parent.parent
SRC_DIR = ROOT / "notebooks" / "src"
LANGS = ("zh",)
HEADER = re.compile(r'^# %% \[markdown\] lang="(?P<lang>\w+)"(?: en="(?P<en>[0-9a-f]*)")?(?P<rest>.*)$')
# A number as the prose writes it: 1,000 and 1000 are one number; 3.5e-3, 2.0 and 90% too.
NUMBER = re.compile(r"(?<![A-Za-z0-9_.])\d[\d,]*(?:\.\d+)?(?:[eE][+-]?\d+)?")


def english_hash(text):
    """The 12-hex hash a translation records of the English cell it translates."""
    return hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:12]


SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


def numbers(text):
    """Sorted numbers written in ``text`` (thousands commas dropped, trailing zeros kept;
    a superscript exponent counts as a number: 10⁷ holds 10 and 7)."""
    text = re.sub("[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+", lambda m: "^" + m.group(0).translate(SUPERSCRIPT), text)
    found = []
    for m in NUMBER.finditer(text):
        tok = m.group(0).rstrip(",")
        found.append(tok.replace(",", ""))
    return sorted(found)


def pairs(src, lang="zh"):
    """[(index, english cell, translation or None)] for each English markdown cell of ``src``.

    index counts the English markdown cells from 0, as ``check`` prints it.
    """
    nb = jupytext.read(src)
    out, last = [], None
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            last = None
            continue
        if "lang" in cell.metadata:
            if last is not None and cell.metadata["lang"] == lang and out[-1][2] is None:
                out[-1] = (out[-1][0], out[-1][1], cell)
            last = None
            continue
        out.append((len(out), cell, None))
        last = cell
    return out


def problems(src, lang="zh"):
    """Lines naming every missing, unstamped, stale or number-mismatched translation in ``src``."""
    found = []
    for i, en, tr in pairs(src, lang):
        where = f"{src.name} cell {i} ({en.source.strip().splitlines()[0][:60]!r})"
        if tr is None:
            found.append(f"{where}: no {lang} translation")
            continue
        if not tr.metadata.get("en"):   # en="" or no en at all: translated, never stamped
            found.append(f"{where}: not stamped: the translation records no English hash yet "
                         f"(run `python tools/translations.py stamp {src.name[:2]}`)")
        elif tr.metadata.get("en") != english_hash(en.source):
            found.append(f"{where}: stale: the English changed since it was translated "
                         f"(recorded en={tr.metadata.get('en')!r}, now {english_hash(en.source)!r})")
        a, b = numbers(en.source), numbers(tr.source)
        if a != b:
            found.append(f"{where}: numbers differ: only in English {sorted(set(a) - set(b))}, "
                         f"only in {lang} {sorted(set(b) - set(a))} (counts: {len(a)} vs {len(b)})")
    return found


def stamp(src, lang="zh", restamp=()):
    """Write the English hash into translations of ``src`` that lack one (or are listed in restamp)."""
    lines = src.read_text(encoding="utf-8").split("\n")
    hashes = {i: english_hash(en.source) for i, en, tr in pairs(src, lang)}
    english, changed = -1, 0
    for k, line in enumerate(lines):
        if line.startswith("# %%"):
            m = HEADER.match(line)
            if m is None:
                english += line.startswith("# %% [markdown]")  # an English markdown cell
                continue
            if m["lang"] == lang and (not m["en"] or english in restamp):
                lines[k] = f'# %% [markdown] lang="{lang}" en="{hashes[english]}"{m["rest"]}'
                changed += 1
    src.write_text("\n".join(lines), encoding="utf-8")
    return changed


NAME = re.compile(r"^\d\d_\w+\.py$")  # a notebook source: NN_name.py


def sources(prefixes=()):
    """The notebook sources in course order; optionally only names starting with a prefix
    (the build's list too: tools/build_notebooks.py)."""
    found = sorted(p for p in SRC_DIR.glob("*.py") if NAME.match(p.name))
    return [p for p in found if not prefixes or p.name.startswith(tuple(prefixes))]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["check", "stamp"])
    parser.add_argument("prefixes", nargs="*")
    parser.add_argument("--lang", default="zh", choices=LANGS)
    parser.add_argument("--restamp", type=int, nargs="*", default=[])
    args = parser.parse_args(argv)
    if args.command == "stamp":
        for src in sources(args.prefixes):
            print(f"{src.name}: {stamp(src, args.lang, set(args.restamp))} stamped")
        return 0
    found = [p for src in sources(args.prefixes) for p in problems(src, args.lang)]
    print("\n".join(found) or "every translation present, current, and with the English numbers")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
