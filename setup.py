"""The one build step pyproject.toml cannot declare: compile nnlib's message catalogues.

Every route that installs nnlib runs build_py: ``pip install .`` (Binder's postBuild),
``pip install -e .`` (course.py and the Makefile's .venv), a wheel. Before the usual work it
compiles each nnlib/locale/<lang>/LC_MESSAGES/nnlib.po into its .mo with Babel (a build
requirement in pyproject.toml), next to the .po, so that the .mo is packaged (package-data)
or, in an editable install, read in place. Only the .po is committed (.gitignore: *.mo).
nnlib.i18n compiles in memory where this step never ran.
"""
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

LOCALE = Path(__file__).resolve().parent / "nnlib" / "locale"


class build_py_with_catalogues(build_py):
    def run(self):
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
            with open(po, "rb") as f:
                catalog = read_po(f, locale=po.parent.parent.name, domain=po.stem)
            with open(po.with_suffix(".mo"), "wb") as f:
                write_mo(f, catalog)
        super().run()


setup(cmdclass={"build_py": build_py_with_catalogues})
