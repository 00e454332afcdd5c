"""What one learner costs a JupyterHub: kernel memory and CPU seconds per slider move.

    .venv/bin/python benchmarks/class_cost.py [--kernels 3] [--write]

For each of --kernels fresh kernels (jupyter_client, the same python3 kernel JupyterLab
starts, working directory notebooks/) it:
  1. runs every code cell of notebooks/07_playground.ipynb in order, as Run All does;
  2. tells the playground's figure that a browser view is there (the 'initialized' message
     ipympl's view sends), so every frame is encoded and sent as it would be in a class;
  3. moves each control of the playground through its range (up to five values each, then
     back to its start), one move at a time, the way a browser's move arrives: the
     control's value is set, its observer wakes the worker, and the move ends when the
     playground has drawn and diagnosed it (Playground.wait);
  4. reads the kernel process's RSS (now and its peak, VmHWM) and CPU time (user + system,
     all threads) from outside, with psutil, before and after each step.
Each learner on a hub also has a Jupyter server of their own: it starts JupyterLab once on
127.0.0.1 (tests/browser/harness.Lab, a token) and reads its RSS after the lab page was served.
It prints the medians over kernels (memory) and over all moves (CPU), and with --write
stores them in benchmarks/class_cost.json, which the book's teacher page quotes: the
page's numbers are the measured ones, with the date and the command.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat
import psutil
from jupyter_client.manager import start_new_kernel

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.browser import harness  # noqa: E402
NOTEBOOK = ROOT / "notebooks" / "07_playground.ipynb"
OUT = ROOT / "benchmarks" / "class_cost.json"

# Runs in the kernel after the notebook: find the playground it displayed, attach a "view",
# and list the moves (control name, value) a learner sweeping every control would make.
SETUP = """
import ipywidgets as _W, numpy as _np
from nnlib.live import widgets as _widgets
_p = [o for o in Out.values() if isinstance(o, _widgets.Playground)][-1]
_c = _p.fig.figure.canvas
_c._handle_custom_msg({"type": "initialized"}, [])  # what ipympl's browser view sends first
assert _p.wait(120)

def _values(w):
    if isinstance(w, _W.Checkbox):
        return [not w.value]
    if hasattr(w, "options"):
        vals = [o[1] if isinstance(o, tuple) else o for o in w.options]
    elif isinstance(w, _W.FloatLogSlider):
        vals = list(w.base ** _np.linspace(w.min, w.max, 5))
    else:
        vals = sorted({int(v) for v in _np.linspace(w.min, w.max, 5)})
    pick = [vals[int(i)] for i in _np.unique(_np.linspace(0, len(vals) - 1, min(5, len(vals))).round())]
    return [v for v in pick if v != w.value]

_moves = []
for _name, _w in _p.controls.items():
    _moves += [(_name, v) for v in _values(_w)] + [(_name, _w.value)]
print(len(_moves))
"""
MOVE = "_p.controls[_moves[{i}][0]].value = _moves[{i}][1]; assert _p.wait(300)"


def run(kc, code, timeout=600):
    """Execute code in the kernel; its stdout as text. Raises on an error."""
    out = []

    def hook(msg):
        if msg["msg_type"] == "stream":
            out.append(msg["content"]["text"])

    reply = kc.execute_interactive(code, timeout=timeout, output_hook=hook, allow_stdin=False)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"kernel error: {reply['content'].get('ename')}: {reply['content'].get('evalue')}\n{code}")
    return "".join(out)


def peak_rss(pid):
    """The process's peak resident memory (bytes), from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM in /proc: peak memory needs Linux")


def cpu(proc):
    t = proc.cpu_times()
    return t.user + t.system


def one_kernel():
    km, kc = start_new_kernel(kernel_name="python3", cwd=str(NOTEBOOK.parent))
    try:
        proc = psutil.Process(km.provisioner.process.pid)
        rss0 = proc.memory_info().rss
        c0 = cpu(proc)
        for cell in nbformat.read(NOTEBOOK, as_version=4).cells:
            if cell.cell_type == "code":
                run(kc, cell.source)
        cells_cpu = cpu(proc) - c0
        n_moves = int(run(kc, SETUP).split()[-1])
        rss_cells = proc.memory_info().rss
        moves = []
        for i in range(n_moves):
            name = run(kc, f"print(_moves[{i}][0])").strip()
            c, t = cpu(proc), time.perf_counter()
            run(kc, MOVE.format(i=i))
            moves.append((name, cpu(proc) - c, time.perf_counter() - t))
        # every move was drawn, and its frames were encoded for the browser view
        frames = int(run(kc, "assert _p.fig._blit.sent > 0 and _p.error is None; print(_p.worker.runs)").strip())
        return dict(rss_start=rss0, rss_cells=rss_cells, rss_moves=proc.memory_info().rss,
                    peak=peak_rss(proc.pid), cells_cpu=cells_cpu, moves=moves, runs=frames)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def server_rss():
    """RSS (bytes) of a JupyterLab server that has served its page once, as a learner's would."""
    with tempfile.TemporaryDirectory() as tmp, harness.Lab(Path(tmp)) as lab:
        with urllib.request.urlopen(lab.url("lab"), timeout=60) as r:
            r.read()
        time.sleep(1)
        return psutil.Process(lab.proc.pid).memory_info().rss


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kernels", type=int, default=3)
    ap.add_argument("--write", action="store_true", help=f"store the medians in {OUT.relative_to(ROOT)}")
    args = ap.parse_args()
    MB = 1024 ** 2
    runs = []
    for k in range(args.kernels):
        r = one_kernel()
        runs.append(r)
        print(f"kernel {k + 1}: RSS at start {r['rss_start'] / MB:.0f} MB, after 07's cells "
              f"{r['rss_cells'] / MB:.0f} MB, after {len(r['moves'])} moves {r['rss_moves'] / MB:.0f} MB, "
              f"peak {r['peak'] / MB:.0f} MB; CPU for 07's cells {r['cells_cpu']:.1f} s; "
              f"{r['runs']} runs drawn", flush=True)
    server = server_rss()
    print(f"JupyterLab server, after serving its page: RSS {server / MB:.0f} MB")
    moves = [m for r in runs for m in r["moves"]]
    cpus = [c for _, c, _ in moves]
    print("\nCPU seconds per move, by control (median over kernels and values; wall median):")
    for name in dict.fromkeys(n for n, _, _ in moves):
        mine = [(c, w) for n, c, w in moves if n == name]
        print(f"  {name:18s} {statistics.median(c for c, _ in mine):6.3f} s CPU  "
              f"{statistics.median(w for _, w in mine):6.3f} s wall  ({len(mine)} moves)")
    med = lambda key: statistics.median(r[key] for r in runs) / MB  # noqa: E731
    result = {
        "measured": datetime.date.today().isoformat(),
        "command": ".venv/bin/python benchmarks/class_cost.py --write",
        "machine": f"{psutil.cpu_count()} cores, {psutil.virtual_memory().total / 1024 ** 3:.0f} GiB, "
                   f"{platform.system()} {platform.machine()}, Python {platform.python_version()}",
        "kernels": len(runs), "moves": len(moves),
        "kernel_rss_start_mb": round(med("rss_start"), 1),
        "kernel_rss_after_cells_mb": round(med("rss_cells"), 1),
        "kernel_rss_after_moves_mb": round(med("rss_moves"), 1),
        "kernel_peak_rss_mb": round(med("peak"), 1),
        "server_rss_mb": round(server / MB, 1),
        "cpu_s_run_all_cells": round(statistics.median(r["cells_cpu"] for r in runs), 2),
        "cpu_s_per_move_median": round(statistics.median(cpus), 3),
        "cpu_s_per_move_max": round(max(cpus), 3),
    }
    print(f"\nmedians over {len(runs)} kernels: RSS after 07's cells {result['kernel_rss_after_cells_mb']:.0f} MB, "
          f"after the moves {result['kernel_rss_after_moves_mb']:.0f} MB, peak {result['kernel_peak_rss_mb']:.0f} MB")
    print(f"CPU per slider move (median of {len(moves)}): {result['cpu_s_per_move_median']:.3f} s "
          f"(largest {result['cpu_s_per_move_max']:.2f} s); Run All of 07: {result['cpu_s_run_all_cells']:.1f} s")
    if args.write:
        OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    sys.exit(main())
