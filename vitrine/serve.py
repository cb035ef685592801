"""Live preview: build once, rebuild on every change, reload the browser (livereload)."""

from __future__ import annotations

import ipaddress
import json
import mimetypes
import socket
from collections.abc import Callable
from pathlib import Path

from .paths import PREVIEW_STATUS
from .problems import ContentError, say
from .report import Reporter


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def host_allowed(name: str, host: str) -> bool:
    """Whether a request's Host names this preview: its address, localhost or an IP address. Any other name
    is a page elsewhere reaching the preview through a domain pointed at this machine (DNS rebinding)."""
    if name in (host, "localhost"):
        return True
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


def _checking_host(handler: type, host: str) -> type:
    """The static file handler, refusing requests for another host name."""
    from tornado import web

    class HostChecked(handler):
        def prepare(self):
            if not host_allowed(self.request.host_name, host):
                raise web.HTTPError(403)
            return super().prepare()

    return HostChecked


def write_status(output: Path, errors: list[str], title: str) -> None:
    """What the error overlay of the preview pages reads (assets/overlay.js)."""
    if output.is_dir():
        status = output / PREVIEW_STATUS
        status.parent.mkdir(exist_ok=True)
        status.write_text(
            json.dumps({"title": title, "errors": errors}, ensure_ascii=False), encoding="utf-8"
        )


def serve(
    rebuild: Callable, report: Reporter, host: str, port: int, output: Path, watched: list[Path]
) -> int:
    """Serve output on host:port; content errors are printed and the last good site stays served."""
    from livereload import Server

    mimetypes.add_type("image/avif", ".avif")  # the photos' modern format, unknown to older Pythons' tables
    if not port_is_free(host, port):
        report.say(
            say(
                "build.py: port %(port)s on %(host)s is already in use: try --port %(next)s",
                port=port,
                host=host,
                next=port + 1,
            )
        )
        return 2

    def rebuild_and_report() -> None:
        try:
            timer = rebuild()
            report.problems(timer.warnings)
            report.say(timer.summary(output), error=False)
            write_status(output, [], "")
        except ContentError as error:
            report.problems(error.problems)
            report.say(say("Fix the errors above and save: the last good site is still served"))
            title = report.text(
                say("This change has errors: fix them and save; the page shows the last good version")
            )
            write_status(output, report.lines(error.problems), title)

    rebuild_and_report()
    server = Server()
    server.SFH = _checking_host(server.SFH, host)
    for path in watched:
        server.watch(str(path), rebuild_and_report)
    report.say(say("Preview at %(url)s (Ctrl+C to stop)", url=f"http://{host}:{port}/"), error=False)
    server.serve(host=host, port=port, root=str(output), open_url_delay=None, restart_delay=0)
    return 0
