"""app/voila.py, the app server's settings, as Voila reads them (no server started here;
tests/browser/test_app_voila.py drives a real one)."""
import os
from pathlib import Path

import pytest
from traitlets.config.loader import PyFileConfigLoader

APP = Path(__file__).resolve().parents[1] / "app"


@pytest.fixture
def config(monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", "/elsewhere")
    loaded = PyFileConfigLoader("voila.py", path=str(APP)).load_config()
    return loaded, os.environ["JUPYTER_PATH"]


def test_voila_reads_the_guard_the_hook_the_culling_and_the_template(config):
    c, jupyter_path = config
    assert c.Voila.kernel_websocket_connection_class.__name__ == "V1OnlyConnection"
    assert c.VoilaConfiguration.prelaunch_hook.__name__ == "set_xsrf_cookie"
    assert 0 < c.MappingKernelManager.cull_interval < c.MappingKernelManager.cull_idle_timeout <= 600
    assert c.VoilaConfiguration.template == "nnlib"
    assert c.VoilaConfiguration.extension_denylist == ["jupyterlab-jupytext"]
    share = APP / "share"
    assert jupyter_path.split(os.pathsep) == [str(share), "/elsewhere"]  # ours first, the rest kept
    assert (share / "voila" / "templates" / "nnlib" / "index.html.j2").exists()


@pytest.mark.parametrize("header, ok", [("v1.kernel.websocket.jupyter.org", True),
                                        ("foo, v1.kernel.websocket.jupyter.org", True),
                                        (None, False), ("", False), ("v1.kernel.websocket", False),
                                        ("v2.kernel.websocket.jupyter.org", False)])
def test_only_a_client_asking_for_v1_is_let_in(config, header, ok):
    import importlib.util
    spec = importlib.util.spec_from_file_location("app_voila", APP / "voila.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.offers_v1(header) is ok
