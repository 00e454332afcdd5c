"""Servers and browser helpers shared by the browser tests and benchmarks/widget_latency.py.

    with Lab(tmpdir) as lab, launch_browser() as browser:
        page = browser.new_page()
        nb = open_notebook(page, lab, "07_playground.ipynb")
        run_all(page)
        ...

Everything listens on 127.0.0.1 with a random token; every process started here is stopped
by the context manager that started it.
"""
import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
ARTIFACTS = ROOT / "test-artifacts"
APP_CONFIG = ROOT / "app"  # voila.py: the app server's settings, as `make app` uses them
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]

# JupyterLab settings for a quiet, deterministic session: no news or update pop-ups, no
# autosave writing into the copy, every cell rendered (no windowing of off-screen cells).
OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"checkForUpdates": False, "fetchNews": "false"},
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
}


def in_ci():
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def missing_browser():
    """None when a browser test can run, else why not (one line)."""
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package 'playwright' is not installed (pip install -r requirements-dev.txt)"
    return None


@contextlib.contextmanager
def launch_browser():
    from playwright.sync_api import sync_playwright
    exe = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url, proc, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not answer at {url} within {timeout} s")


def prepare_notebooks(dest):
    """Copy notebooks/ to dest; build any notebooks/src/NAME.py that has no NAME.ipynb."""
    dest = Path(dest)
    shutil.copytree(NOTEBOOKS, dest, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    src = dest / "src"
    if src.is_dir():
        import jupytext
        for py in sorted(src.glob("*.py")):
            target = dest / (py.stem + ".ipynb")
            if not target.exists():
                nb = jupytext.read(py)
                nb.metadata.pop("jupytext", None)  # else jupytext's contents manager wants the pair
                nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                             "language": "python"}
                jupytext.write(nb, target)
    return dest


class _Server:
    """A child process serving over HTTP on 127.0.0.1:port with a token."""

    what = "server"

    def __init__(self, root, port=None):
        self.root = Path(root)
        self.port = port or free_port()
        self.token = secrets.token_hex(16)
        self.proc = None
        self.log = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def url(self, path):
        sep = "&" if "?" in path else "?"
        return f"{self.base}/{path.lstrip('/')}{sep}token={self.token}"

    def env(self):
        # Our own config and runtime folders: a developer's ~/.jupyter settings stay out.
        env = dict(os.environ)
        env["JUPYTER_CONFIG_DIR"] = str(self.root / "config")
        env["JUPYTER_RUNTIME_DIR"] = str(self.root / "runtime")
        env["JUPYTER_PLATFORM_DIRS"] = "1"
        env["NNLIB_DEBUG"] = "1"  # the explorer's frame checksums and timings, read by these tests
        return env

    def __enter__(self):
        self.root.mkdir(parents=True, exist_ok=True)
        self.log = open(self.root / f"{self.what}.log", "w")
        self.proc = subprocess.Popen(self.command(), cwd=self.root, env=self.env(),
                                     stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        try:
            self._ready()
        except Exception:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self.log:
            self.log.close()

    def _ready(self):
        _wait_http(self.url(self.ready_path), self.proc, 90, self.what)

    def log_text(self):
        return (self.root / f"{self.what}.log").read_text(errors="replace")


class Lab(_Server):
    """JupyterLab over a temporary copy of notebooks/ (root/notebooks)."""

    what = "jupyterlab"
    ready_path = "api/status"

    def __enter__(self):
        self.notebooks = prepare_notebooks(self.root / "notebooks")
        settings = self.root / "app_settings"
        settings.mkdir(parents=True, exist_ok=True)
        (settings / "overrides.json").write_text(json.dumps(OVERRIDES))
        return super().__enter__()

    def command(self):
        return [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
                f"--port={self.port}", "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={self.token}", "--ServerApp.allow_root=True",
                f"--ServerApp.root_dir={self.notebooks}",
                f"--LabApp.app_settings_dir={self.root / 'app_settings'}",
                f"--LabApp.user_settings_dir={self.root / 'user_settings'}",
                f"--LabApp.workspaces_dir={self.root / 'workspaces'}",
                "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=",
                "--ServerApp.open_browser=False"]


class Voila(_Server):
    """Voila serving one notebook (code hidden, no execution requests from the page)."""

    what = "voila"

    def __init__(self, root, notebook, port=None, options=()):
        super().__init__(root, port)
        self.notebook = notebook
        self.options = list(options)  # more command-line options (they win over app/voila.py)

    def __enter__(self):
        self.notebooks = prepare_notebooks(self.root / "notebooks")
        return super().__enter__()

    def command(self):
        return [sys.executable, "-m", "voila", str(self.notebooks / self.notebook), "--no-browser",
                f"--port={self.port}", "--Voila.ip=127.0.0.1", f"--token={self.token}",
                # as `make app`: the app's settings (app/voila.py), then this server's own
                f"--Voila.config_file_paths={APP_CONFIG}", *self.options]

    def _ready(self, timeout=90):
        # A GET of the page would start a kernel and run the notebook: wait for the port only.
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"voila exited with code {self.proc.returncode}")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"voila did not listen on port {self.port} within {timeout} s")


# -- page helpers -----------------------------------------------------------------------
# Timestamps of every drawImage onto a visible canvas and of every key press: the latency
# benchmark reads them, the tests use them to know a figure was redrawn.
INIT_SCRIPT = """
window.__draws = []; window.__keys = [];
(function () {
  const orig = CanvasRenderingContext2D.prototype.drawImage;
  CanvasRenderingContext2D.prototype.drawImage = function (...a) {
    if (this.canvas && this.canvas.isConnected) window.__draws.push(performance.now());
    return orig.apply(this, a);
  };
  document.addEventListener('keydown', () => window.__keys.push(performance.now()), true);
})();
"""

# Messages a healthy session still logs at level "error" that are not our code's fault
# (none so far: a new entry needs a reason beside it).
BENIGN_CONSOLE = ()


def watch_console(page):
    """Collect console errors and page errors; a request block_external() refused is not one."""
    errors = []
    page.blocked = []

    def on_console(msg):
        url = (msg.location or {}).get("url", "")
        if url and any(url.startswith(b) for b in page.blocked):
            return
        if msg.type == "error" and not any(b in msg.text for b in BENIGN_CONSOLE):
            errors.append(msg.text)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
    page.add_init_script(INIT_SCRIPT)
    return errors


def block_external(page):
    """Refuse every request that does not go to 127.0.0.1 (Voila asks a CDN for fonts)."""
    def route(r):
        url = r.request.url
        if url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
            return r.continue_()
        page.blocked.append(url)
        return r.abort()

    page.route("**/*", route)


def open_notebook(page, lab, name, timeout=90_000):
    """Open a notebook in JupyterLab and wait until its kernel is connected and idle."""
    page.goto(lab.url(f"lab/tree/{name}"))
    page.wait_for_function("""(name) => {
        const app = window.jupyterapp; if (!app) return false;
        const w = app.shell.currentWidget;
        if (!w || !w.context || !w.context.path.endsWith(name)) return false;
        const k = w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
        return !!k && k.connectionStatus === 'connected' && k.status === 'idle';
    }""", arg=name, timeout=timeout, polling=200)


def run_all(page, timeout=180_000):
    """Run every cell and wait until each code cell has an execution count and the kernel is idle.

    Returns the error outputs (ename: evalue) found in the notebook, if any.
    """
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function("""() => {
        const w = window.jupyterapp.shell.currentWidget;
        const k = w.sessionContext.session.kernel;
        if (k.status !== 'idle') return false;
        return w.content.widgets.every(c => c.model.type !== 'code' || c.model.executionCount);
    }""", timeout=timeout, polling=250)
    return page.evaluate("""() => {
        const out = [];
        for (const c of window.jupyterapp.shell.currentWidget.content.widgets) {
            if (c.model.type !== 'code') continue;
            for (const o of c.model.outputs.toJSON())
                if (o.output_type === 'error') out.push(o.ename + ': ' + o.evalue);
        }
        return out;
    }""")


def canvas_png(page, root="body", index=0):
    """data: URL of the index-th ipympl canvas under root (changes whenever it redraws)."""
    return page.evaluate("""([root, i]) => {
        const cs = document.querySelector(root).querySelectorAll('.jupyter-matplotlib-canvas-div canvas:first-child');
        return cs.length > i ? cs[i].toDataURL() : null;
    }""", [root, index])


def draw_count(page):
    return page.evaluate("window.__draws.length")


def wait_settled(page, quiet_ms=600, timeout_ms=30_000):
    """Wait until no canvas has been drawn for quiet_ms (the kernel has caught up)."""
    page.wait_for_function("""(q) => {
        const d = window.__draws; const now = performance.now();
        return d.length > 0 && now - d[d.length - 1] > q;
    }""", arg=quiet_ms, timeout=timeout_ms, polling=100)


# -- nnlib explorers ----------------------------------------------------------------------
def explorer(page, index=0):
    """A locator for the index-th nnlib explorer on the page."""
    return page.locator(".nnlib-playground").nth(index)


def explorer_state(box):
    """(seq, idle) of an explorer: requests received by the kernel, and whether all are drawn."""
    st = box.locator(".nnlib-state, .nnlib-status [data-seq]").last
    if st.count() == 0:
        return 0, False
    return int(st.get_attribute("data-seq")), st.get_attribute("data-idle") == "1"


def wait_explorer(box, min_seq, timeout=60, quiet=0.3):
    """Wait until the explorer got at least min_seq requests, drew the last, and stays so.

    The widget manager in the browser merges changes made while the kernel is busy, so
    n key presses may reach the kernel as fewer requests: hence the quiet period.
    """
    deadline = time.monotonic() + timeout
    stable_since, last = None, None
    while time.monotonic() < deadline:
        state = explorer_state(box)
        if state[0] >= min_seq and state[1]:
            if state != last:
                stable_since, last = time.monotonic(), state
            elif time.monotonic() - stable_since >= quiet:
                return state[0]
        else:
            stable_since, last = None, None
        box.page.wait_for_timeout(50)
    raise TimeoutError(f"explorer did not settle: state {explorer_state(box)}, wanted seq >= {min_seq}")


def explorer_canvas(box):
    return box.evaluate("""b => { const c = b.querySelector('.jupyter-matplotlib-canvas-div canvas');
                                  return c ? c.toDataURL() : null; }""")


def press(box, control, key="ArrowRight", times=1):
    """Focus a slider's handle and press a key; each press is one change for the kernel."""
    handle = box.locator(f".nnlib-ctl-{control} .noUi-handle")
    handle.focus()
    for _ in range(times):
        handle.press(key)


def explorer_info(box):
    """What the kernel last drew: {"seq", "runs", "drawn": {control: value}, "kind"}."""
    return box.evaluate("""b => {
        const s = b.querySelector('.nnlib-state'), d = b.querySelector('.nnlib-diagnosis [data-kind]');
        return {seq: s ? +s.dataset.seq : 0, runs: s ? +s.dataset.runs : 0, frame: s ? s.dataset.frame : null,
                drawn: s ? JSON.parse(s.dataset.drawn) : {}, kind: d ? d.dataset.kind : null,
                diagnosis: d ? d.textContent : '', status: b.querySelector('.nnlib-status').textContent};
    }""")


def control_names(box):
    return box.evaluate("""b => [...b.querySelectorAll('[class*="nnlib-ctl-"]')].map(e =>
        [...e.classList].find(c => c.startsWith('nnlib-ctl-')).slice('nnlib-ctl-'.length))""")


def move(box, name):
    """Change one control by one step (a slider key press, another toggle button, the checkbox)."""
    ctl = box.locator(f".nnlib-ctl-{name}")
    handle = ctl.locator(".noUi-handle")
    if handle.count():
        at_max = handle.evaluate("h => h.getAttribute('aria-valuenow') === h.getAttribute('aria-valuemax')")
        handle.focus()
        handle.press("ArrowLeft" if at_max else "ArrowRight")
        return
    buttons = ctl.locator("button:not(.mod-active)")
    if buttons.count():
        buttons.first.click()
        return
    ctl.locator("input[type=checkbox]").click()


def canvas_sum(box):
    """Sum of the R, G and B values of the explorer's visible canvas (the kernel sends the
    same sum of the last frame it drew as data-frame: equal sums mean the plot is current)."""
    return box.evaluate("""b => {
        const c = b.querySelector('.jupyter-matplotlib-canvas-div canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let s = 0;
        for (let i = 0; i < d.length; i += 4) s += d[i] + d[i + 1] + d[i + 2];
        return String(s);
    }""")


def assert_plot_current(box):
    """The browser shows the last frame the kernel drew, pixel for pixel (by checksum)."""
    page = box.page
    for _ in range(20):  # the last image may still be decoding
        info = explorer_info(box)
        if info["frame"] == canvas_sum(box):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"stale plot: the kernel drew a frame summing to {info['frame']}, "
                         f"the canvas sums to {canvas_sum(box)}")


# -- dragging a slider's handle (the playground follows a drag) ----------------------------
NOW = "performance.timeOrigin + performance.now()"  # the page's wall clock, in ms


def drag(box, control, seconds, sign=1, step_ms=30):
    """Drag a slider's handle with the mouse for `seconds`, smoothly: a third of the track to
    the left, then right to half that past the start (sign=-1: the mirror image), then
    release. The handle's place follows the clock, however fast the moves go through.
    Returns (start, end) of the drag on the page's wall clock (ms)."""
    page = box.page
    handle = box.locator(f".nnlib-ctl-{control} .noUi-handle")
    track = box.locator(f".nnlib-ctl-{control} .noUi-target").bounding_box()
    h = handle.bounding_box()
    x0, y = h["x"] + h["width"] / 2, h["y"] + h["height"] / 2
    span = sign * track["width"] / 3

    def at(f):
        return x0 - span * 2 * f if f <= 0.5 else x0 - span + 1.5 * span * (2 * f - 1)

    page.mouse.move(x0, y)
    page.mouse.down()
    start = page.evaluate(NOW)
    while True:
        f = min(1.0, (page.evaluate(NOW) - start) / (seconds * 1000))
        page.mouse.move(at(f), y)
        if f >= 1.0:
            break
        page.wait_for_timeout(step_ms)
    end = page.evaluate(NOW)
    page.mouse.up()
    return start, end


def frame_log(box):
    """The kernel's recent frames, [[request number, wall ms, "full" or "preview"], ...]
    (DEBUG only; written into the status when the explorer is idle)."""
    return box.evaluate("b => JSON.parse(b.querySelector('.nnlib-state').dataset.frames || '[]')")


# -- the app server's health (the Voila tests and benchmarks/app_soak.py) -----------------
def app_settings():
    """app/voila.py as a module (its V1, CULL_IDLE_S, CULL_INTERVAL_S, offers_v1)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("app_voila_settings", APP_CONFIG / "voila.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def kernel_id(page):
    """The id of the kernel Voila started for this page (from its #jupyter-config-data)."""
    return page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")


def kernel_alive(server, kid):
    """Whether the server still runs kernel kid (GET /api/kernels/<id>: 200, else 404)."""
    try:
        with urllib.request.urlopen(server.url(f"api/kernels/{kid}"), timeout=5) as r:
            return r.status == 200
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return False
        raise


def login_seconds(server, timeout=5.0):
    """How long the server takes to answer GET /login (inf when it does not within timeout)."""
    start = time.monotonic()
    try:
        with urllib.request.urlopen(f"{server.base}/login", timeout=timeout) as r:
            r.read()
    except OSError:
        return float("inf")
    return time.monotonic() - start


def server_memory(server):
    """(the server's RSS, [RSS of each kernel it started]) in MB (psutil)."""
    import psutil
    proc = psutil.Process(server.proc.pid)
    kernels = []
    for child in proc.children(recursive=True):
        try:
            kernels.append(child.memory_info().rss / 1e6)
        except psutil.NoSuchProcess:
            pass
    return proc.memory_info().rss / 1e6, kernels


def open_kernel_socket(server, kid, subprotocols=None):
    """A websocket to the kernel's channels (websocket-client), as a second client would open
    it; subprotocols None is the legacy protocol. Raises when the server refuses it."""
    import websocket
    url = f"ws://127.0.0.1:{server.port}/api/kernels/{kid}/channels?session_id=x&token={server.token}"
    return websocket.create_connection(url, subprotocols=subprotocols, timeout=10)
