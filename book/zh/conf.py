"""Sphinx configuration of the Chinese edition of the course's website (build/book/zh/).

`make book` builds it after the English book, into build/book/zh/, so that each page can
link to its translation with a relative link. It takes the English book's settings
(book/conf.py) and changes what differs: the language, the Chinese search (Sphinx's zh
search language segments words with jieba, a PyPI package whose dictionary ships with it:
nothing is downloaded), the title, and the notebooks, which come from notebooks/zh/ (built
by tools/build_notebooks.py where a source is fully translated). Offline, as the English book.
"""
import logging
import sys
from pathlib import Path

import jieba

ZH = Path(__file__).resolve().parent
sys.path.insert(0, str(ZH.parent))

from conf import *  # noqa: E402,F401,F403  (the English book's settings)
from conf import HERE as BOOK, course_book, course_repository  # noqa: E402

ROOT = BOOK.parent
course_book.sync_notebooks(ROOT / "notebooks" / "zh", ZH / "notebooks", lang="zh")

language = "zh_CN"
project = html_title = "为什么我的网络的代价会变成无穷大，或者一动不动？"
html_search_language = "zh"   # jieba segments the words of the search index and of a query
jieba.setLogLevel(logging.WARNING)  # its dictionary loads quietly (`make book` is -q)
exclude_patterns = ["**/.ipynb_checkpoints"]
html_static_path = [str(BOOK / "_static")]
html_favicon = str(BOOK / "_static" / "favicon.svg")
course_edition = course_book.edition("zh", ROOT)
# the teacher's page's map links a notebook without a Chinese page to the English one
myst_substitutions = course_book.substitutions(ROOT, course_repository, course_edition)
# Until a notebook is fully translated, the home page says so instead of listing notebooks
# (course_book.without_empty_notebook_list: an empty glob would fail the -W build).
