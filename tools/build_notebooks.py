"""Build the course notebooks from their jupytext sources: convert, execute, check, write.

    python tools/build_notebooks.py            # every notebooks/src/NN_name.py
    python tools/build_notebooks.py 02 05      # only the notebooks whose name starts so
    python tools/build_notebooks.py --lang en  # only the English notebooks (zh: only the Chinese)

Each source (jupytext "percent" format) becomes ``notebooks/NN_name.ipynb``, executed top
to bottom in one fresh kernel with ``notebooks/`` as the working directory. A source whose
every English markdown cell has its Chinese twin (tools/translations.py) also becomes
``notebooks/zh/NN_name.ipynb``: the same conversion with each English markdown cell replaced
by its twin, so the code cells are the English ones by construction, plus one code cell
``import nnlib; nnlib.set_language("zh")`` after the setup cell (the setup cell installs
nnlib on Colab, so it stays first); it is executed and checked the same way, in
``notebooks/zh/`` (where nbval runs it too). A source with no or some translations is not
built in Chinese, and the build says so: a Chinese notebook is never half English. The build
fails loudly (exit status 1, nothing written for that notebook) when
- a cell raises, unless the cell is tagged ``raises-exception``;
- an untagged cell writes a warning to stderr (a RuntimeWarning is a bug in our course);
- a code cell holds a markdown heading as a comment (``# ## Title``): a missing
  ``# %% [markdown]`` marker, which would hide that section from the reader;
- the notebook takes longer than --max-seconds (default 30) or is larger than 3 MB;
- all notebooks together take longer than --max-total (default 180 s).
Widget state is never saved (GitHub refuses to render notebooks that carry it) and no
per-cell timing metadata is kept, so a rebuild only changes what really changed.
"""
import argparse
import re
import sys
import time
import uuid
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

sys.path.insert(0, str(Path(__file__).resolve().parent))
import translations  # noqa: E402  (tools/: the translations' format and checks)

ROOT = Path(__file__).resolve().parent.parent
NB_DIR = ROOT / "notebooks"
SRC_DIR = NB_DIR / "src"
TRANSLATED = translations.LANGS  # the languages a notebook may be built in besides English
LANGUAGE_CELL = 'import nnlib; nnlib.set_language("{lang}")'
SETUP_MARK = "# Setup, written by tools/course_links.py"  # the first code cell of every notebook
MAX_BYTES = 3 * 1024 * 1024
NAME = translations.NAME  # a notebook source: NN_name.py
WARNING = re.compile(r"\b\w*Warning\b")
HEADING_IN_CODE = re.compile(r"^#\s*#{1,4}\s+\S.*$", re.MULTILINE)


sources = translations.sources  # one list of notebook sources, for the build and the checks


def target(src, lang=None):
    """notebooks/NN_name.ipynb, or notebooks/<lang>/NN_name.ipynb for a translation."""
    return (NB_DIR / lang if lang else NB_DIR) / (src.stem + ".ipynb")


class Untranslated(Exception):
    """A source that cannot be built in a language: some English markdown cells lack their twin."""


def translated_cells(cells, lang):
    """cells with each English markdown cell replaced by its ``lang`` twin (the cell right
    after it), other languages' cells dropped, and the language cell after the setup cell.

    The twin's text with the English cell's metadata (tags, collapsed answer keys), so the
    structure is the English one. Raises Untranslated naming how many cells lack a twin.
    """
    out, missing, english = [], [], 0
    for k, cell in enumerate(cells):
        if "lang" in cell.metadata:
            continue
        twin = cells[k + 1] if k + 1 < len(cells) else None
        if cell.cell_type == "markdown":
            english += 1
            if twin is None or twin.cell_type != "markdown" or twin.metadata.get("lang") != lang:
                missing.append(english - 1)
                continue
            cell = nbformat.v4.new_markdown_cell(twin.source, metadata=dict(cell.metadata))
        out.append(cell)
    if missing:
        raise Untranslated(f"{len(missing)} of {english} markdown cells have no {lang} translation "
                           f"(first: cell {missing[0]}; python tools/translations.py check)")
    at = next((i for i, c in enumerate(out) if c.cell_type == "code"), len(out))
    at += at < len(out) and out[at].source.startswith(SETUP_MARK)
    out.insert(at, nbformat.v4.new_code_cell(LANGUAGE_CELL.format(lang=lang)))
    return out


def convert(src, lang=None):
    """Read a percent-format source as a notebook with no jupytext pairing metadata: in
    English, or in lang (raises Untranslated unless every English markdown cell has its twin)."""
    nb = jupytext.read(src)
    nb.metadata.pop("jupytext", None)
    if lang:
        nb.cells = translated_cells(nb.cells, lang)
    else:  # translations (markdown cells marked lang="zh", see tools/translations.py) are not English
        nb.cells = [c for c in nb.cells if "lang" not in c.metadata]
    for i, cell in enumerate(nb.cells):
        cell.metadata.pop("lines_to_next_cell", None)  # jupytext's layout hint, not ours
        cell.id = f"cell-{i}"  # stable ids: a rebuild only changes what really changed
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    if lang:
        nb.metadata["nnlib_lang"] = lang  # which edition this is, for the book and the tests
    return nb


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _merge_streams(outputs):
    """Join consecutive stdout (or stderr) chunks: how prints were split is timing, not content."""
    merged = []
    for out in outputs:
        if (out.output_type == "stream" and merged and merged[-1].output_type == "stream"
                and merged[-1].name == out.name):
            merged[-1].text += out.text
        else:
            merged.append(out)
    return merged


def clean(nb, name=""):
    """Drop widget state and volatile metadata; keep outputs.

    A widget view's model_id points at state we do not save, so it means nothing in the
    file; it is replaced by one derived from the notebook and cell, so rebuilding does
    not change it.
    """
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = _merge_streams(cell.outputs)
            for k, out in enumerate(cell.outputs):
                out.get("metadata", {}).pop("widgets", None)
                view = out.get("data", {}).get(WIDGET_VIEW)
                if view and "model_id" in view:
                    view["model_id"] = uuid.uuid5(uuid.NAMESPACE_URL, f"{name}/{cell.id}/{k}").hex
    return nb


def warnings_in(nb):
    """(cell index, text) of stderr warnings printed by cells not tagged to allow them."""
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or "allow-warnings" in cell.metadata.get("tags", []):
            continue
        for out in cell.outputs:
            if out.output_type == "stream" and out.name == "stderr" and WARNING.search(out.text):
                found.append((i, out.text.strip()[:300]))
    return found


def headings_in_code(nb):
    """(cell index, line) of markdown headings written as comments inside code cells."""
    return [(i, m.group(0)) for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
            for m in HEADING_IN_CODE.finditer(cell.source)]


def build(src, max_seconds, lang=None):
    """Execute one source (in lang: see convert); return (notebook, seconds).
    Raise SystemExit on any failure, Untranslated if lang's translations are incomplete."""
    nb = convert(src, lang)
    name = f"{lang}/{src.name}" if lang else src.name
    target(src, lang).parent.mkdir(exist_ok=True)  # the kernel runs there, as nbval runs it
    misplaced = headings_in_code(nb)
    if misplaced:  # checked before running: a cell-marker slip needs no kernel to be seen
        lines = "\n".join(f"  cell {i}: {text}" for i, text in misplaced)
        raise SystemExit(f"FAILED {name}: a markdown heading sits in a code cell "
                         f"(missing '# %% [markdown]'?):\n{lines}")
    client = NotebookClient(nb, timeout=max(60, 4 * max_seconds), kernel_name="python3",
                            resources={"metadata": {"path": str(target(src, lang).parent)}},
                            record_timing=False, store_widget_state=False)
    start = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as exc:
        raise SystemExit(f"FAILED {name}: a cell raised (tag it raises-exception if that is "
                         f"the point):\n{exc}") from None
    seconds = time.perf_counter() - start
    clean(nb, f"{lang}/{src.stem}" if lang else src.stem)
    bad = warnings_in(nb)
    if bad:
        lines = "\n".join(f"  cell {i}: {text}" for i, text in bad)
        raise SystemExit(f"FAILED {name}: warnings on stderr:\n{lines}")
    if seconds > max_seconds:
        raise SystemExit(f"FAILED {name}: ran {seconds:.1f} s, the limit is {max_seconds:g} s")
    size = len(nbformat.writes(nb).encode())
    if size > MAX_BYTES:
        raise SystemExit(f"FAILED {name}: {size / 1e6:.2f} MB, the limit is 3 MB")
    return nb, seconds


def build_all(todo, langs, max_seconds):
    """Build and write each source in each language; returns {lang: total seconds}.

    A source not (fully) translated into a language is skipped with a line that says so."""
    totals = {}
    for src in todo:
        for lang in langs:
            try:
                nb, seconds = build(src, max_seconds, lang)
            except Untranslated as why:
                print(f"{target(src, lang).relative_to(ROOT)}: not built: {why}", flush=True)
                continue
            out = target(src, lang)
            nbformat.write(nb, out)
            totals[lang] = totals.get(lang, 0.0) + seconds
            print(f"{out.relative_to(ROOT)}: {seconds:5.1f} s, {out.stat().st_size / 1e3:7.1f} kB",
                  flush=True)
            if lang:  # built, yet maybe stale or with other numbers: the test will fail on it
                for problem in translations.problems(src, lang):
                    print(f"  note: {problem}")
    return totals


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("prefixes", nargs="*", help="build only notebooks whose name starts so")
    parser.add_argument("--lang", choices=["all", "en", *TRANSLATED], default="all",
                        help="English, one translation, or all (default: English and every "
                             "complete translation)")
    parser.add_argument("--max-seconds", type=float, default=30.0)
    parser.add_argument("--max-total", type=float, default=180.0)
    args = parser.parse_args(argv)
    todo = sources(args.prefixes)
    if not todo:
        raise SystemExit(f"no notebook sources match {args.prefixes or '*'} in {SRC_DIR}")
    langs = {"all": [None, *TRANSLATED], "en": [None]}.get(args.lang, [args.lang])
    totals = build_all(todo, langs, args.max_seconds)
    for lang, total in totals.items():  # each edition has the whole limit: the code is the same
        print(f"total{f' ({lang})' if lang else ''}: {total:.1f} s for {len(todo)} source(s)")
        if not args.prefixes and total > args.max_total:
            raise SystemExit(f"FAILED: all {lang or 'English'} notebooks together ran {total:.1f} s, "
                             f"the limit is {args.max_total:g} s")


if __name__ == "__main__":
    sys.exit(main())
