"""Build the course notebooks from their jupytext sources: convert, execute, check, write.

    python tools/build_notebooks.py            # every notebooks/src/NN_name.py
    python tools/build_notebooks.py 02 05      # only the notebooks whose name starts so

Each source (jupytext "percent" format) becomes ``notebooks/NN_name.ipynb``, executed top
to bottom in one fresh kernel with ``notebooks/`` as the working directory. The build
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

ROOT = Path(__file__).resolve().parent.parent
NB_DIR = ROOT / "notebooks"
SRC_DIR = NB_DIR / "src"
MAX_BYTES = 3 * 1024 * 1024
NAME = re.compile(r"^\d\d_\w+\.py$")
WARNING = re.compile(r"\b\w*Warning\b")
HEADING_IN_CODE = re.compile(r"^#\s*#{1,4}\s+\S.*$", re.MULTILINE)


def sources(prefixes=()):
    """The jupytext sources, in course order; optionally only names starting with a prefix."""
    found = sorted(p for p in SRC_DIR.glob("*.py") if NAME.match(p.name))
    if prefixes:
        found = [p for p in found if p.name.startswith(tuple(prefixes))]
    return found


def target(src):
    return NB_DIR / (src.stem + ".ipynb")


def convert(src):
    """Read a percent-format source as a notebook with no jupytext pairing metadata."""
    nb = jupytext.read(src)
    nb.metadata.pop("jupytext", None)
    # Translations (markdown cells marked lang="zh", see tools/translations.py) are not English.
    nb.cells = [c for c in nb.cells if "lang" not in c.metadata]
    for i, cell in enumerate(nb.cells):
        cell.metadata.pop("lines_to_next_cell", None)  # jupytext's layout hint, not ours
        cell.id = f"cell-{i}"  # stable ids: a rebuild only changes what really changed
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
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


def build(src, max_seconds):
    """Execute one source; return (notebook, seconds). Raise SystemExit on any failure."""
    nb = convert(src)
    misplaced = headings_in_code(nb)
    if misplaced:  # checked before running: a cell-marker slip needs no kernel to be seen
        lines = "\n".join(f"  cell {i}: {text}" for i, text in misplaced)
        raise SystemExit(f"FAILED {src.name}: a markdown heading sits in a code cell "
                         f"(missing '# %% [markdown]'?):\n{lines}")
    client = NotebookClient(nb, timeout=max(60, 4 * max_seconds), kernel_name="python3",
                            resources={"metadata": {"path": str(NB_DIR)}},
                            record_timing=False, store_widget_state=False)
    start = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as exc:
        raise SystemExit(f"FAILED {src.name}: a cell raised (tag it raises-exception if that is "
                         f"the point):\n{exc}") from None
    seconds = time.perf_counter() - start
    clean(nb, src.stem)
    bad = warnings_in(nb)
    if bad:
        lines = "\n".join(f"  cell {i}: {text}" for i, text in bad)
        raise SystemExit(f"FAILED {src.name}: warnings on stderr:\n{lines}")
    if seconds > max_seconds:
        raise SystemExit(f"FAILED {src.name}: ran {seconds:.1f} s, the limit is {max_seconds:g} s")
    size = len(nbformat.writes(nb).encode())
    if size > MAX_BYTES:
        raise SystemExit(f"FAILED {src.name}: {size / 1e6:.2f} MB, the limit is 3 MB")
    return nb, seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("prefixes", nargs="*", help="build only notebooks whose name starts so")
    parser.add_argument("--max-seconds", type=float, default=30.0)
    parser.add_argument("--max-total", type=float, default=180.0)
    args = parser.parse_args(argv)
    todo = sources(args.prefixes)
    if not todo:
        raise SystemExit(f"no notebook sources match {args.prefixes or '*'} in {SRC_DIR}")
    total = 0.0
    for src in todo:
        nb, seconds = build(src, args.max_seconds)
        out = target(src)
        nbformat.write(nb, out)
        total += seconds
        print(f"{out.relative_to(ROOT)}: {seconds:5.1f} s, {out.stat().st_size / 1e3:7.1f} kB",
              flush=True)
    print(f"total: {total:.1f} s for {len(todo)} notebook(s)")
    if not args.prefixes and total > args.max_total:
        raise SystemExit(f"FAILED: all notebooks together ran {total:.1f} s, "
                         f"the limit is {args.max_total:g} s")


if __name__ == "__main__":
    sys.exit(main())
