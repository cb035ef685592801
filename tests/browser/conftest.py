"""Browser harness: build both sites, serve them on 127.0.0.1, drive Chromium with Playwright.

The browser is Debian's Chromium, or the Chromium-based browser named by VITRINE_BROWSER (GitHub's Ubuntu
runners have Google Chrome, not a Chromium package). When it is missing the tests are skipped locally
with a hint; under CI=true they fail instead.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from dataclasses import dataclass
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from vitrine import pipeline

from ..conftest import AS_OF, REAL, REAL_AS_OF, ROOT

CHROMIUM = Path(os.environ.get("VITRINE_BROWSER") or "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
# Flags for a closed network: no background connections, no sandbox as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require(condition: bool, reason: str) -> None:
    """Skip with a reason locally; fail under CI, where every tool must be there."""
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(reason + " (CI must run every test)")
    pytest.skip(reason)


@dataclass(frozen=True)
class ServedSite:
    name: str
    root: Path  # built files
    content: Path
    url: str  # http://127.0.0.1:<port>/


class _SiteHandler(SimpleHTTPRequestHandler):
    """Static files like a Pages host: unknown paths get /404.html with status 404."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".avif": "image/avif", ".webp": "image/webp"}

    def log_message(self, *args) -> None:
        pass

    def send_error(self, code, message=None, explain=None):
        not_found = Path(self.directory) / "404.html"
        if code != 404 or not not_found.is_file():
            return super().send_error(code, message, explain)
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve_site(name: str, content: Path, as_of: date, tmp: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_SiteHandler, directory=str(tmp)))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    pipeline.build(content, tmp, as_of, pipeline.Settings(base_url=url, cache=tmp.parent / "cache"))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, ServedSite(name, tmp, content, url)


@pytest.fixture(scope="session")
def sites(tmp_path_factory):
    """Both builds, served for the whole session."""
    servers, served = [], {}
    for name, content, as_of in (("real", REAL, REAL_AS_OF), ("demo", ROOT / "examples" / "demo", AS_OF)):
        folder = tmp_path_factory.mktemp(f"served-{name}") / "site"
        folder.mkdir()
        server, site = serve_site(name, content, as_of, folder)
        servers.append(server)
        served[name] = site
    yield served
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require(
        CHROMIUM.exists(),
        f"{CHROMIUM} not found: install it with `apt-get install chromium`, or set VITRINE_BROWSER",
    )
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    folder = ARTIFACTS / "screenshots"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder
