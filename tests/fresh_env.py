"""Fresh environments for the tests that install the course as a learner would (tests only).

    env = clean_env(bin_dir)            # os.environ without this session's venv, Jupyter or pip settings
    run([python, "-m", "pip", ...], cwd, env)   # fails the test with the command's output
"""
import os
import subprocess


def clean_env(bin_dir=None):
    """os.environ without the variables that would tie a child to this session's environment;
    bin_dir (a venv's bin/ or Scripts/) first on PATH if given."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("VIRTUAL_ENV", "PYTHON", "JUPYTER", "PIP_REQUIRE"))}
    if bin_dir is not None:
        env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def run(cmd, cwd, env, timeout=900):
    """Run cmd; its stdout, or a failed assert with the end of its output."""
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, f"{cmd} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout
