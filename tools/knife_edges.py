"""Which numbers a notebook rounds lie close to a rounding boundary? (an audit, not a test)

    python tools/knife_edges.py notebooks/0*.ipynb     # the closest calls of round() per notebook

An assert such as ``round(x, 2) == 0.79`` holds on another CPU only if x is far from the
boundary 0.785 / 0.795 compared with how far another BLAS kernel moves it (float64 about 1e-15
relative, float32 about 1e-6, far more in a chaotic run). This runs each notebook in a fresh
kernel with ``round`` wrapped, and prints the calls made from the notebook's own cells whose
value lies within a relative 1e-3 of a boundary, with the line that made each call. Counts and
epochs taken in chaotic runs are not seen here: rerun the notebooks under other kernels
(``OPENBLAS_CORETYPE=Sandybridge``, ``Prescott``, ``Haswell``; tests/test_portability.py does one).
"""
import json
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HOOK = r'''
import builtins as _b, linecache as _lc, math as _m, sys as _s
_round, _calls = _b.round, []
def _traced_round(x, nd=None):
    out = _round(x) if nd is None else _round(x, nd)
    frame = _s._getframe(1)
    if "ipykernel_" in frame.f_code.co_filename:  # a call from the notebook's own cells
        try:
            step = 10.0 ** -(nd or 0)
            q = float(x) / step
            gap = abs(q - _m.floor(q) - 0.5) * step / max(abs(float(x)), 1e-300)
            _calls.append((gap, float(x), nd, _lc.getline(frame.f_code.co_filename, frame.f_lineno).strip()))
        except (TypeError, ValueError, OverflowError):
            pass
    return out
_b.round = _traced_round
'''
REPORT = "import json; print('KNIFE' + json.dumps(sorted(c for c in _calls if c[0] < 1e-3)))"


def closest(path):
    """[(relative gap, value, ndigits, source line)] of one notebook's close calls."""
    nb = nbformat.read(path, as_version=4)
    nb.cells = [nbformat.v4.new_code_cell(HOOK), *nb.cells, nbformat.v4.new_code_cell(REPORT)]
    NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(Path(path).parent)}}).execute()
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    return next((json.loads(line[5:]) for line in text.splitlines() if line.startswith("KNIFE")), [])


def main(paths):
    for path in paths:
        calls = closest(path)
        print(f"{Path(path).name}: {len(calls)} call(s) within 1e-3 of a boundary")
        for gap, x, nd, line in calls[:10]:
            print(f"  {gap:.1e}  round({x!r}, {nd})  {line[:110]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
