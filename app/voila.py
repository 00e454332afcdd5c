"""Voila's settings for the playground app: `make app`, the browser tests' Voila, benchmarks/app_soak.py.

Voila reads this file as its configuration file (``voila.py`` in a folder named by
``--Voila.config_file_paths``); options given on the command line win over it. It holds
what keeps one server healthy for a whole class:

- kernel websockets must speak the v1 protocol (``v1.kernel.websocket.jupyter.org``).
  Voila's own handler reads every binary frame it sends as v1; a socket opened with the
  legacy protocol (no subprotocol) gets binary frames (an explorer's PNG) in the legacy
  layout, whose first 8 bytes Voila then takes for a count of billions of offsets: the
  server spins and grows by gigabytes, and stops answering every page. So such a socket
  is refused before it opens (HTTP 400). The page's own widgets ask for v1.
- the page's shutdown on leave works: Voila's page posts the ``_xsrf`` cookie's value
  when it is closed or reloaded, but nothing set that cookie, so every shutdown was
  refused (403) and the kernel leaked. The page's handler sets it now.
- kernels no page is connected to are culled after CULL_IDLE_S seconds idle (checked
  every CULL_INTERVAL_S seconds): a closed laptop, a crashed tab or a lost shutdown
  request leaves no kernel behind for longer than their sum.
- the page asks no other host for anything: the template ``nnlib`` (share/voila/templates,
  found through JUPYTER_PATH) is Voila's lab template without its Font Awesome CDN links.
- jupytext's lab extension (a dev tool) is kept out of the page.
"""
import os
from pathlib import Path

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from tornado import web

V1 = "v1.kernel.websocket.jupyter.org"
CULL_IDLE_S = 300      # an unconnected kernel idle this long is shut down
CULL_INTERVAL_S = 60   # how often the server looks for such kernels
DISABLED_EXTENSIONS = ["jupyterlab-jupytext"]
TEMPLATE = "nnlib"
SHARE = Path(__file__).resolve().parent / "share"  # a Jupyter data folder: voila/templates/nnlib


def offers_v1(header):
    """Whether a Sec-WebSocket-Protocol header value ("a, b") lists the v1 kernel protocol."""
    return V1 in [p.strip() for p in (header or "").split(",")]


class V1OnlyConnection(ZMQChannelsWebsocketConnection):
    """The kernel websocket connection, refused (HTTP 400) unless the client asks for v1."""

    async def prepare(self):
        request = self.websocket_handler.request
        if not offers_v1(request.headers.get("Sec-WebSocket-Protocol")):
            self.log.warning("refused a kernel websocket without the %s subprotocol from %s",
                             V1, request.remote_ip)
            raise web.HTTPError(400, f"this server speaks only the {V1} kernel protocol")
        await super().prepare()


def set_xsrf_cookie(req, notebook, cwd):
    """Voila's prelaunch hook: reading tornado's xsrf_token sets the ``_xsrf`` cookie on the
    page, which the page sends back with its shutdown request when it is left."""
    req.xsrf_token  # noqa: B018 (the property sets the cookie)
    return notebook


if "c" in globals():  # read by Voila as its configuration (importing this module sets nothing)
    c = globals()["c"]
    c.Voila.kernel_websocket_connection_class = V1OnlyConnection
    c.VoilaConfiguration.prelaunch_hook = set_xsrf_cookie
    c.VoilaConfiguration.extension_denylist = DISABLED_EXTENSIONS
    c.VoilaConfiguration.template = TEMPLATE
    # Voila looks for templates in the Jupyter data path, which it reads after this file
    os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(SHARE), os.environ.get("JUPYTER_PATH")) if p)
    c.MappingKernelManager.cull_idle_timeout = CULL_IDLE_S
    c.MappingKernelManager.cull_interval = CULL_INTERVAL_S
