"""The live preview (`build.py serve`): an edit shows after the rebuild; a mistake shows the error overlay,
which clears once the file is fixed."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from ..conftest import ROOT

# livereload ignores a change that comes within 3 s of its previous reload ("too many files at once").
RELOAD_PAUSE = 3.5


def serve_command(content, output, port: int) -> list[str]:
    return [
        sys.executable,
        str(ROOT / "build.py"),
        "serve",
        "--content",
        str(content),
        "--output",
        str(output),
        "--port",
        str(port),
    ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def preview(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "examples" / "demo", content)
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    log = (tmp_path / "serve.log").open("wb")  # a pipe nobody reads would fill up and block the server
    server = subprocess.Popen(
        serve_command(content, tmp_path / "site", port),
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    yield content, url
    server.terminate()
    server.wait(timeout=10)
    log.close()


def test_edit_shows_after_rebuild_and_mistake_shows_overlay(page: Page, preview):
    content, url = preview
    page.goto(url + "communes/hautecombe/")
    expect(page.locator("h1")).to_have_text("Hautecombe")
    expect(page.locator("#preview-errors")).to_have_count(0)
    page.wait_for_function("window.LiveReload !== undefined")  # the reload channel is open
    time.sleep(RELOAD_PAUSE)

    pitch = content / "communes" / "hautecombe" / "fr.md"
    pitch.write_text(
        pitch.read_text(encoding="utf-8") + "\nCette phrase vient d’être ajoutée.\n", encoding="utf-8"
    )
    expect(page.locator(".prose")).to_contain_text("Cette phrase vient d’être ajoutée.", timeout=20_000)

    time.sleep(RELOAD_PAUSE)
    profile = content / "communes" / "hautecombe" / "profile.yaml"
    good = profile.read_text(encoding="utf-8")
    profile.write_text(good.replace("region: collines", "region: colines"), encoding="utf-8")
    overlay = page.locator("#preview-errors")
    expect(overlay).to_be_visible(timeout=20_000)
    page.wait_for_function("window.LiveReload !== undefined")
    time.sleep(RELOAD_PAUSE)
    expect(overlay).to_contain_text("communes/hautecombe/profile.yaml:")
    expect(overlay).to_contain_text("« colines » n’est pas une région connue")

    profile.write_text(good, encoding="utf-8")
    expect(page.locator("#preview-errors")).to_have_count(0, timeout=20_000)
    expect(page.locator(".prose")).to_contain_text("Cette phrase vient d’être ajoutée.")


def test_port_already_in_use_gets_a_clear_message(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            serve_command(ROOT / "examples" / "demo", tmp_path / "site", port),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 2
    assert f"le port {port} sur 127.0.0.1 est déjà utilisé" in result.stderr
