"""What the course's website adds to Sphinx and myst-nb.

- launch links at the top of every notebook page: JupyterLab on Binder, any JupyterHub
  through nbgitpuller (the reader types the hub's address), Colab, or `course.py lab`; while the
  repository's address is not set, the page says so instead of showing a broken link;
- a note in place of each live explorer's output (no widget state is saved, so the book
  cannot draw it): the still figure above it is what the explorer draws;
- the teacher page's numbers as MyST substitutions, from the places they live: the time per
  notebook from notebook 00's map, the class cost from benchmarks/class_cost.json, the app's
  soak from benchmarks/app_soak.json and its culling from app/voila.py;
- the two editions: the English book (book/ -> build/book/) and the Chinese one (book/zh/ ->
  build/book/zh/, its notebooks from notebooks/zh/); each page links to its translation where
  the other edition has it (``edition``), and the README's link to README.zh-CN.md becomes
  the Chinese home page.
"""
import html
import json
import math
import re
from pathlib import Path

import nbformat
from docutils import nodes

import course_links

WIDGET_VIEW = '<script type="application/vnd.jupyter.widget-view+json">'
NOTEBOOKS = "notebooks/"


# What the book adds to a page, in each edition's language ({...} filled where used).
WORDS = {
    "en": dict(
        run="Run this page live:",
        local="on your machine: <code>python3 course.py lab</code> (or <code>make lab</code>) in the "
              "repository, then open <code>{path}</code>",
        none="There is no Binder, Colab or JupyterHub link yet: {why}.",
        not_set=course_links.NOT_SET,
        binder="JupyterLab on Binder", binder_note="(the first start takes a few minutes)",
        colab="Open in Colab", colab_note="(live figures as images)", hub="on your JupyterHub", open="open",
        note_title="A live explorer stands here",
        note="The book shows it still: <a class='course-still' href='#{still_id}'>the figure above</a> "
             "is what it draws, made by the same code. To move its sliders, run this notebook live (the "
             "links at the top of the page) and run all its cells.",
        note_app=" For a projector, <code>make app</code> serves this playground as an app: sliders and "
                 "plots, no code.",
        answer="Show the answer",
        status_set="Run the course live: [JupyterLab on Binder]({lab}) or [the playground as an app on "
                   "Binder]({app}) (the first start takes a few minutes). Source: <{repo}>.",
        status_unset="**Not set yet:** {why}. Until it is, `make classroom-link` refuses to make a link, "
                     "and the pages have no Binder or JupyterHub links.",
        no_notebooks="No notebook is built in this language yet."),
    "zh": dict(
        run="运行本页：",
        local="在自己的电脑上：在仓库中运行 <code>python3 course.py lab</code>（或 <code>make lab</code>），"
              "然后打开 <code>{path}</code>",
        none="还没有 Binder、Colab 或 JupyterHub 链接：{why}。",
        not_set="仓库的公开地址尚未设置（`pyproject.toml` 的 `[project.urls]` 中没有 `Repository`）",
        binder="Binder 上的 JupyterLab", binder_note="（第一次启动需要几分钟）",
        colab="在 Colab 中打开", colab_note="（交互图显示为图片）", hub="在你的 JupyterHub 上", open="打开",
        note_title="这里是一个交互式探索器",
        note="本书只能显示它的静态版本：<a class='course-still' href='#{still_id}'>上面的图</a>就是它画出的"
             "图，由同样的代码生成。要拖动它的滑块，请以可运行的方式打开这个笔记本（本页顶部的链接），"
             "然后运行所有单元。",
        note_app="在投影仪上，<code>make app LANG=zh</code> 把这个实验台作为应用打开：只有滑块和图，没有代码。",
        answer="显示答案",
        status_set="在线运行课程：[Binder 上的 JupyterLab]({lab})，或 [Binder 上的实验台应用]({app})"
                   "（第一次启动需要几分钟）。源代码：<{repo}>。",
        status_unset="**尚未设置：**{why}。在设置之前，`make classroom-link` 不会生成链接，页面上也没有 "
                     "Binder 或 JupyterHub 链接。",
        no_notebooks="这里还没有构建好的中文笔记本（运行 make notebooks 即可生成）：在此之前，请读<a href=\"../index.html\">英文版</a>的笔记本。"),
}


def launch_box(docname, repo, notebooks="notebooks", lang="en"):
    """HTML of the launch links for the page of <notebooks>/<name>.ipynb (docname 'notebooks/<name>');
    notebooks: the folder of this edition's notebooks ("notebooks/zh" for the Chinese book)."""
    w = WORDS[lang]
    path = f"{notebooks}/{docname.split('/', 1)[1]}.ipynb"
    local = w["local"].format(path=html.escape(path))
    if repo is None:
        return (f"<div class='course-launch course-launch-unset'><strong>{w['run']}</strong> "
                f"{local}{'.' if lang == 'en' else '。'} "
                f"{w['none'].format(why=html.escape(w['not_set'].replace('`', '')))}</div>")
    binder = html.escape(course_links.binder_lab(repo, path), quote=True)
    colab = course_links.colab(repo, path)
    colab = (f"<a class='course-colab' href='{html.escape(colab, quote=True)}'>{w['colab']}</a> "
             f"{w['colab_note']} &middot; " if colab else "")
    urlpath = f"lab/tree/{course_links.repo_dir(repo)}/{path}"
    return (f"<div class='course-launch'><strong>{w['run']}</strong> "
            f"<a class='course-binder' href='{binder}'>{w['binder']}</a> {w['binder_note']} "
            f"&middot; {colab}<form class='course-hub' data-repo='{html.escape(repo, quote=True)}' "
            f"data-branch='{course_links.BRANCH}' data-urlpath='{html.escape(urlpath, quote=True)}'>"
            f"<label>{w['hub']} <input type='url' name='hub' required "
            f"placeholder='https://your-hub.example.org'></label> <button type='submit'>{w['open']}</button>"
            f"</form> &middot; {local}{'.' if lang == 'en' else '。'}</div>")


def widget_note(docname, still_id, lang="en"):
    """HTML of the note that stands where a live explorer's output would be.

    still_id: the HTML id of the still figure before it (what the explorer draws).
    """
    w = WORDS[lang]
    app = w["note_app"] if docname.endswith("_playground") else ""
    return ("<div class='admonition note course-widget-note'><p class='admonition-title'>"
            f"{w['note_title']}</p><p>{w['note'].format(still_id=still_id)}{app}</p></div>")


def _is_still_or_widget(node):
    return isinstance(node, nodes.image) or (isinstance(node, nodes.raw)
                                             and node.astext().startswith(WIDGET_VIEW))


def _replace_widgets(doctree, docname, lang="en"):
    """Put a note, linked to the last figure before it, where each explorer's output is."""
    still, count = None, 0
    for node in list(doctree.findall(_is_still_or_widget)):
        if isinstance(node, nodes.image):
            still = node
            continue
        if still is None:
            raise ValueError(f"{docname}: a live explorer with no still figure before it "
                             "(the book shows that figure in its place)")
        count += 1
        still_id = f"course-still-{count}"
        target = still.parent if isinstance(still.parent, nodes.container) else still
        target["ids"].append(still_id)
        node.replace_self(nodes.raw("", widget_note(docname, still_id, lang), format="html"))


def _on_doctree_resolved(app, doctree, docname):
    edition = app.config.course_edition
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    title = section.next_node(nodes.title)
    at = section.index(title) + 1 if title is not None else 0
    if docname.startswith(NOTEBOOKS):
        _replace_widgets(doctree, docname, edition["lang"])
        box = launch_box(docname, app.config.course_repository, edition["notebooks"], edition["lang"])
        section.insert(at, nodes.raw("", box, format="html"))
    link = translation_link(docname, edition)
    if link:
        section.insert(at, nodes.raw("", link, format="html"))


# -- the two editions --------------------------------------------------------------------
LANGUAGE_NAMES = {"en": "English", "zh": "中文"}
ZH_ROOT = "zh/"  # where the Chinese book sits inside the English one (build/book/zh/)


def edition(lang, root):
    """This book's edition: its language, the folder of its notebooks, its pages (docnames) and
    the pages the other edition has, so a page links to its translation only where there is one."""
    def pages(folder):
        return sorted({"index", "teachers"} | {f"{NOTEBOOKS}{p.stem}" for p in folder.glob("*.ipynb")})
    en, zh = pages(root / "notebooks"), pages(root / "notebooks" / "zh")
    return {"lang": lang, "notebooks": "notebooks" if lang == "en" else "notebooks/zh",
            "pages": en if lang == "en" else zh, "other": zh if lang == "en" else en}


def translation_link(docname, edition):
    """HTML of the link from a page to the same page in the other language ("" if it has none)."""
    if docname not in edition["other"]:
        return ""
    up = "../" * docname.count("/")
    other, href = ("zh", f"{up}{ZH_ROOT}{docname}.html") if edition["lang"] == "en" else \
        ("en", f"{up}../{docname}.html")
    return (f"<p class='course-lang'><a class='course-lang-link' hreflang='{other}' lang='{other}' "
            f"href='{href}'>{LANGUAGE_NAMES[other]}</a></p>")


NOTEBOOK_TOCTREE = re.compile(r"```\{toctree\}\n(?:[^`\n]*\n)*?notebooks/\*\n```")


def without_empty_notebook_list(source, edition):
    """The home page's source, its toctree of notebooks replaced by a sentence while this
    edition has no notebook (an empty glob is a warning, and the book is built with -W)."""
    if any(page.startswith(NOTEBOOKS) for page in edition["pages"]):
        return source
    return NOTEBOOK_TOCTREE.sub(WORDS[edition["lang"]]["no_notebooks"], source)


def _on_source_read(app, docname, source):
    if docname == "index":
        source[0] = without_empty_notebook_list(source[0], app.config.course_edition)


def _readme_link_to_the_chinese_book(app, relative_path, parent_docname, content):
    """The README (quoted by the home page) links to README.zh-CN.md; in the book, to the Chinese book."""
    if relative_path.name == "README.md":
        content[0] = content[0].replace("[中文](README.zh-CN.md)", f'<a href="{ZH_ROOT}index.html">中文</a>')


def sync_notebooks(source, dest, lang="en"):
    """Make dest hold exactly the notebooks source/*.ipynb, as the book shows them.

    One change: what JupyterLab shows collapsed stays hidden until asked for. A collapsed
    code cell (a worked solution) gets the tag 'hide-input'; a collapsed markdown cell (an
    answer key) is wrapped in a <details> element, since myst-nb ignores the tags of
    markdown cells. A copy is written only when it changes, so Sphinx rebuilds only the
    pages whose notebook changed.
    """
    dest.mkdir(exist_ok=True)
    wanted = {p.name: p for p in sorted(source.glob("*.ipynb"))}
    for old in dest.glob("*.ipynb"):
        if old.name not in wanted:
            old.unlink()
    for name, src in wanted.items():
        nb = nbformat.read(src, as_version=4)
        for cell in nb.cells:
            tags = cell.metadata.get("tags", [])
            if not cell.metadata.get("jupyter", {}).get("source_hidden"):
                continue
            if cell.cell_type == "code" and "hide-input" not in tags:
                cell.metadata["tags"] = tags + ["hide-input"]
            elif cell.cell_type == "markdown":
                cell.source = hidden_markdown(cell.source, WORDS[lang]["answer"])
        text, target = nbformat.writes(nb), dest / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")


ANSWER_KEY_SUMMARY = WORDS["en"]["answer"]


def hidden_markdown(source, summary=ANSWER_KEY_SUMMARY):
    """Markdown source wrapped in a closed <details> element: the reader clicks to see it.

    The blank lines around the source let MyST parse it as markdown between two raw HTML
    blocks. A heading inside would break the page's sections, so it is refused.
    """
    if re.search(r"^#{1,6} ", source, flags=re.M):
        raise ValueError("a collapsed markdown cell holds a heading; keep the heading in a cell of its own")
    return (f'<details class="answer-key">\n<summary>{summary}</summary>\n\n'
            f"{source}\n\n</details>")


# -- the teacher page's numbers --------------------------------------------------------
def notebook_times(root, edition=None):
    """Notebook 00's map (a markdown table with a 'time' column), its links made book-relative.

    In the Chinese book (edition), a notebook without a Chinese page links to the English one."""
    nb = nbformat.read(root / "notebooks" / "00_start_here.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "markdown" or "## The map" not in cell.source:
            continue
        lines = cell.source.split("## The map", 1)[1].splitlines()
        table = [ln for ln in lines if ln.startswith("|")]
        if table and "time" in table[0]:
            return "\n".join(re.sub(r"\[([^]]+)\]\((\d\d_[^)]+)\.ipynb\)", lambda m: _map_link(m, edition), ln)
                             for ln in table)
    raise ValueError("notebook 00 has no '## The map' table with a 'time' column: "
                     "the teacher's page takes the time per notebook from there")


def _map_link(match, edition):
    text, name = match.groups()
    if edition is None or f"{NOTEBOOKS}{name}" in edition["pages"]:
        return f"[{text}](notebooks/{name}.ipynb)"
    return f'<a href="../notebooks/{name}.html">{html.escape(text)}</a>'  # the English page


def class_cost(root, learners=30):
    """The measured class cost (benchmarks/class_cost.json) as the teacher page's numbers."""
    data = json.loads((root / "benchmarks" / "class_cost.json").read_text(encoding="utf-8"))
    peak, server, move = data["kernel_peak_rss_mb"], data["server_rss_mb"], data["cpu_s_per_move_median"]
    return {
        "cost_measured": data["measured"], "cost_command": f"`{data['command']}`",
        "cost_machine": data["machine"], "cost_moves": str(data["moves"] // data["kernels"]),  # per kernel
        "cost_kernels": str(data["kernels"]),
        "cost_rss_cells": f"{data['kernel_rss_after_cells_mb']:.0f}",
        "cost_rss_moves": f"{data['kernel_rss_after_moves_mb']:.0f}",
        "cost_peak": f"{peak:.0f}", "cost_server": f"{server:.0f}",
        "cost_cpu_move": f"{move:.2f}", "cost_cpu_move_max": f"{data['cpu_s_per_move_max']:.2f}",
        "cost_cpu_cells": f"{data['cpu_s_run_all_cells']:.0f}",
        "cost_learners": str(learners),
        # a hub is sized by peak memory: each learner's kernel and Jupyter server, rounded up to 0.5 GB
        "cost_class_gb": f"{math.ceil(learners * (peak + server) / 1024 * 2) / 2:g}",
        # cores busy if every learner moves a slider every 10 s on average
        "cost_class_cores": f"{learners * move / 10:.1f}",
    }


def _app_settings(root):
    """CULL_IDLE_S and CULL_INTERVAL_S of app/voila.py (the app server's settings), read as text:
    the book needs no Jupyter server to build."""
    text = (root / "app" / "voila.py").read_text(encoding="utf-8")
    return {k: int(re.search(rf"^{k} = (\d+)", text, re.M).group(1)) for k in ("CULL_IDLE_S", "CULL_INTERVAL_S")}


def app_soak(root, learners=30):
    """The app's soak (benchmarks/app_soak.json) and its culling as the teacher page's numbers."""
    data = json.loads((root / "benchmarks" / "app_soak.json").read_text(encoding="utf-8"))
    cull = _app_settings(root)
    kernel, server = data["kernel_peak_rss_mb"], data["server_rss_mb"]["max"]
    return {
        "soak_measured": data["measured"], "soak_command": f"`{data['command']}`",
        "soak_machine": data["machine"], "soak_minutes": f"{data['seconds'] / 60:g}",
        "soak_actions": str(sum(data["actions"].values())), "soak_reloads": str(data["actions"].get("reload", 0)),
        "soak_p50": f"{data['key_to_idle_s']['p50']:.2f}", "soak_p95": f"{data['key_to_idle_s']['p95']:.2f}",
        "soak_max": f"{data['key_to_idle_s']['max']:.2f}",
        "soak_kernel_peak": f"{kernel:.0f}", "soak_server_max": f"{server:.0f}",
        "soak_low_first": f"{data['kernels_rss_low_mb']['first_third']:.0f}",
        "soak_low_last": f"{data['kernels_rss_low_mb']['last_third']:.0f}",
        "soak_left": str(data["kernels_left_after_cull"]), "soak_errors": str(data["console_errors"]),
        "soak_elsewhere": str(data["requests_to_other_hosts"]), "soak_login_max": f"{data['login_s_max']:.2f}",
        "app_cull_idle_min": f"{cull['CULL_IDLE_S'] / 60:g}", "app_cull_interval_s": str(cull["CULL_INTERVAL_S"]),
        "app_cull_max_min": f"{(cull['CULL_IDLE_S'] + cull['CULL_INTERVAL_S']) / 60:g}",
        # one app server for the class: a kernel per open page at its peak, and the server once
        "app_class_gb": f"{math.ceil((learners * kernel + server) / 1024 * 2) / 2:g}",
    }


def substitutions(root, repo, edition=None):
    w = WORDS[edition["lang"] if edition else "en"]
    subs = {"times_table": notebook_times(root, edition)}
    subs.update(class_cost(root))
    subs.update(app_soak(root))
    subs["repo_status"] = (w["status_set"].format(lab=course_links.binder_lab(repo), app=course_links.binder_app(repo),
                                                  repo=repo) if repo else w["status_unset"].format(why=w["not_set"]))
    return subs


def _chinese_search_stemmer(app, exception):
    """Make the zh search page search: Sphinx 9.0's language_data.js for zh ends with
    ``window.Stemmer = ChineseStemmer``, a class it never defines (sphinx-doc/sphinx#14229), so
    the page's script stops and finds nothing. Sphinx's zh search stems the Latin words of a
    page with the English stemmer, so the line should name EnglishStemmer (the upstream fix)."""
    path = Path(app.outdir) / "_static" / "language_data.js"
    if exception is None and path.exists():
        text = path.read_text(encoding="utf-8")
        if "window.Stemmer = ChineseStemmer;" in text and "ChineseStemmer=" not in text:
            path.write_text(text.replace("window.Stemmer = ChineseStemmer;", "window.Stemmer = EnglishStemmer;"),
                            encoding="utf-8")


def setup(app):
    app.connect("build-finished", _chinese_search_stemmer)
    app.add_config_value("course_repository", None, "env")
    app.add_config_value("course_edition", {"lang": "en", "notebooks": "notebooks", "pages": [], "other": []},
                         "env")
    app.connect("doctree-resolved", _on_doctree_resolved)
    app.connect("include-read", _readme_link_to_the_chinese_book)
    app.connect("source-read", _on_source_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
