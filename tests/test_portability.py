"""The suite on another CPU: the golden histories and every notebook, rerun under a second
OpenBLAS kernel.

A machine with another CPU runs another OpenBLAS kernel (SkylakeX, Haswell, Sandybridge,
Prescott...), which sums in another order and moves the last digits of every float. A
number asserted bit for bit, or a count taken in a chaotic regime, then fails there and
nowhere here. ``OPENBLAS_CORETYPE`` makes this machine run the kernel another CPU would pick
(it must be set before OpenBLAS loads, hence a fresh process): Sandybridge, which every
x86-64 with AVX runs, or Prescott when this machine already runs Sandybridge.
"""
import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = ("import numpy, threadpoolctl; print(' '.join(i.get('architecture') or '?' for i in "
         "threadpoolctl.threadpool_info() if i.get('internal_api') == 'openblas'))")


def _kernel(env=None):
    """The architecture OpenBLAS runs in a fresh process with ``env``; '' if no OpenBLAS."""
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def _has_avx():
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return platform.machine().lower() in ("x86_64", "amd64") and " avx " in flags.replace("\n", " ")


def second_kernel():
    """(name to set, kernel running now), or a skip that says why it cannot be done here."""
    native = _kernel()
    if not native:
        pytest.skip("portability pass skipped: NumPy's BLAS here is not OpenBLAS, so "
                    "OPENBLAS_CORETYPE cannot pick another kernel")
    if not _has_avx():
        pytest.skip("portability pass skipped: this CPU lacks AVX (or is not x86-64), so it "
                    "cannot run OpenBLAS's Sandybridge kernel")
    return ("Prescott" if native.lower() == "sandybridge" else "Sandybridge"), native


@pytest.fixture(scope="module")
def other_env():
    name, native = second_kernel()
    env = {**os.environ, "OPENBLAS_CORETYPE": name}
    running = _kernel(env)
    assert running and running != native, f"OPENBLAS_CORETYPE={name} left the kernel at {native}"
    return env


# The Chinese notebooks run the English code cells (tools/translations.py), so the English
# ones cover them here.
@pytest.mark.parametrize("paths", [["tests/test_golden_histories.py"], ["notebooks", "--ignore=notebooks/zh"]],
                         ids=["golden_histories", "notebooks"])
def test_passes_under_a_second_blas_kernel(other_env, paths):
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *paths]
    out = subprocess.run(cmd, cwd=ROOT, env=other_env, capture_output=True, text=True)
    tail = "\n".join((out.stdout + out.stderr).splitlines()[-40:])
    assert out.returncode == 0, (f"under OPENBLAS_CORETYPE={other_env['OPENBLAS_CORETYPE']} "
                                 f"({_kernel(other_env)}):\n{tail}")
