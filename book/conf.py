"""Sphinx configuration of the course's website (`make book` -> build/book/index.html).

Offline by design: the theme and every extension come from PyPI packages, nothing is fetched
at build time (no intersphinx, no CDN scripts), and the committed notebooks are rendered as
they are, never executed again. Every notebooks/*.ipynb is copied into book/notebooks/ (not
committed) when the build starts, and the home page's toctree takes them by glob, so a new
notebook appears without an edit here. (A symbolic link would not do: links between
notebooks are resolved through it to paths outside the book's sources.)

The Chinese edition (book/zh/, built into build/book/zh/) takes these settings and changes
only what differs (book/zh/conf.py); this book leaves its folder out.
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE / "_ext"), str(HERE.parent / "tools")]

import course_book  # noqa: E402  (book/_ext: launch links, widget notes, the teacher's numbers)
import course_links  # noqa: E402  (tools/: every public link, from pyproject.toml)

course_book.sync_notebooks(HERE.parent / "notebooks", HERE / "notebooks")

project = "Why does my network's cost go to infinity, or freeze?"
author = "the nnlib course"
copyright = "the nnlib course authors"

extensions = ["myst_nb", "course_book"]
exclude_patterns = ["**/.ipynb_checkpoints", "zh"]  # zh/: the Chinese book, built on its own
root_doc = "index"

# Render what is committed; a notebook is executed only by `make notebooks`.
nb_execution_mode = "off"
nb_ipywidgets_js = {}        # no saved widget state exists, and its scripts would come from a CDN
nb_merge_streams = True
myst_enable_extensions = ["substitution"]
myst_heading_anchors = 3     # a link to notebook.ipynb#a-heading finds its section

# The teacher's page quotes numbers that live elsewhere: substitutions keep them in one place.
course_repository = course_links.repository()
course_edition = course_book.edition("en", HERE.parent)  # which pages have a Chinese twin
myst_substitutions = course_book.substitutions(HERE.parent, course_repository)

html_theme = "sphinx_book_theme"
html_title = "Why does my network's cost go to infinity, or freeze?"
html_static_path = ["_static"]
html_css_files = ["course.css"]
html_js_files = ["launch.js"]
html_favicon = "_static/favicon.svg"  # else every browser asks for /favicon.ico and logs a 404
html_context = {"default_mode": "light"}  # else the theme logs "invalid theme mode" on a first visit
html_copy_source = False     # the pages are the course; the .ipynb files are in the repository
html_show_sourcelink = False
html_theme_options = {
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "use_download_button": False,  # the source is not copied (above)
    "use_fullscreen_button": False,
    # launch links are ours (book/_ext/course_book.py): any JupyterHub, and a plain note while
    # the repository's address is not set
    "launch_buttons": {},
    "repository_url": course_repository or "",
    "use_repository_button": bool(course_repository),
}
