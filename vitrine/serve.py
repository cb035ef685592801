"""Live preview: build once, rebuild on every change, reload the browser (livereload)."""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable
from pathlib import Path

from .problems import ContentError


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def serve(
    rebuild: Callable, report: Callable, host: str, port: int, output: Path, watched: list[Path]
) -> int:
    """Serve output on host:port; content errors are printed and the last good site stays served."""
    from livereload import Server

    if not port_is_free(host, port):
        print(f"build.py: port {port} on {host} is already in use: try --port {port + 1}", file=sys.stderr)
        return 2

    def rebuild_and_report() -> None:
        try:
            print(rebuild().summary(output), flush=True)
        except ContentError as error:
            report(error.problems)
            print(
                f"{len(error.problems)} error(s): fix them and save; the last good site is still served",
                flush=True,
            )

    rebuild_and_report()
    server = Server()
    for path in watched:
        server.watch(str(path), rebuild_and_report)
    print(f"Preview at http://{host}:{port}/ (Ctrl+C to stop)", flush=True)
    server.serve(host=host, port=port, root=str(output), open_url_delay=None, restart_delay=0)
    return 0
