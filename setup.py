"""The one build step pyproject.toml cannot declare: compile nnlib's message catalogues.

Every route that installs nnlib runs build_py: ``pip install .`` (Binder's postBuild),
``pip install -e .`` (course.py and the Makefile's .venv), a wheel. Before the usual work it
compiles each nnlib/locale/<lang>/LC_MESSAGES/nnlib.po into its .mo with Babel (a build
requirement in pyproject.toml), next to the .po, so that the .mo is packaged (package-data)
or, in an editable install, read in place. Only the .po is committed (.gitignore: *.mo).
nnlib.i18n compiles in memory where this step never ran.
"""
import importlib.util
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

I18N = Path(__file__).resolve().parent / "nnlib" / "i18n.py"


class build_py_with_catalogues(build_py):
    def run(self):
        # nnlib/i18n.py alone (standard library and Babel): importing the package would need NumPy,
        # which the isolated build environment does not have
        spec = importlib.util.spec_from_file_location("nnlib_i18n", I18N)
        i18n = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(i18n)
        for mo in i18n.compile_catalogues():
            print(f"compiled {mo.relative_to(I18N.parent.parent)}")
        super().run()


setup(cmdclass={"build_py": build_py_with_catalogues})
