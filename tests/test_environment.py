"""environment.yml (conda, mamba) asks for what requirements.txt asks for, range for range."""
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_binder import requirement_lines  # noqa: E402

# pip's name -> conda-forge's, where they differ (matplotlib-base: matplotlib without Qt)
CONDA_NAME = {"matplotlib": "matplotlib-base"}
NOT_FROM_REQUIREMENTS = {"python", "pip"}


def split(spec):
    """('name', 'ranges') of a requirement such as 'numpy>=1.26,<3' (spaces dropped)."""
    name, ranges = re.match(r"([A-Za-z0-9_.\-]+)\s*(.*)", spec.strip()).groups()
    return name.lower(), ranges.replace(" ", "")


def conda_specs(env):
    """{name: ranges} of environment.yml's dependencies, its pip section included."""
    specs = {}
    for dep in env["dependencies"]:
        for spec in dep["pip"] if isinstance(dep, dict) else [dep]:
            name, ranges = split(spec)
            assert name not in specs, f"{name} is listed twice in environment.yml"
            specs[name] = ranges
    return specs


def test_environment_yml_has_the_packages_and_ranges_of_requirements_txt():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    got = conda_specs(env)
    want = {}
    for line in requirement_lines(ROOT / "requirements.txt"):
        name, ranges = split(line)
        want[CONDA_NAME.get(name, name)] = ranges
    assert {k: v for k, v in got.items() if k not in NOT_FROM_REQUIREMENTS} == want
    assert env["channels"] == ["conda-forge"] and "pip" in got


def test_environment_python_is_the_one_pyproject_requires():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    requires = re.search(r'^requires-python\s*=\s*"([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.M)
    assert conda_specs(env)["python"] == requires.group(1).replace(" ", "")


def test_the_pip_section_and_spaces_in_a_range_are_read():
    env = {"channels": ["conda-forge"], "dependencies": ["python>=3.10", "pip", "numpy>=1.26,<2",
                                                          {"pip": ["voila >= 0.5.8, <1"]}]}
    assert conda_specs(env) == {"python": ">=3.10", "pip": "", "numpy": ">=1.26,<2", "voila": ">=0.5.8,<1"}
