"""Index stage: Pagefind builds the search index inside the new site folder, before it replaces the old."""

from __future__ import annotations

import ctypes
import json
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from .partner import split_elisions
from .paths import SEARCH_INDEX
from .problems import Message, say

PR_SET_PDEATHSIG = 1  # prctl option: signal sent to the child when its parent dies


class SearchIndexError(Exception):
    """Pagefind could not index the site; carries what to tell the person."""

    def __init__(self, message: Message):
        super().__init__(message.template)
        self.message = message


def _die_with_parent() -> None:
    """On Linux, Pagefind ends with a killed build instead of writing into a folder already cleaned up."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def index_site(folder: Path) -> None:
    """Run Pagefind (the PyPI package and its binary) on a built site folder; the index goes to pagefind/.
    Pagefind reads a copy of the pages whose elided words are set apart (« d’ eau »), so that « eau » finds
    « d’eau »: it splits words at spaces, not at a typographic apostrophe."""
    with tempfile.TemporaryDirectory(prefix="vitrine-search-") as shadow:
        _searchable_copy(folder, Path(shadow))
        _run_pagefind(Path(shadow), folder / SEARCH_INDEX)
    _sort_entry_file(folder / SEARCH_INDEX / "pagefind-entry.json")


def _searchable_copy(folder: Path, shadow: Path) -> None:
    """The site's HTML pages, with elided words split, under the same paths (nothing else is indexed)."""
    for page in folder.rglob("*.html"):
        if page.is_symlink() or not page.is_file():
            continue
        copy = shadow / page.relative_to(folder)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(split_elisions(page.read_text(encoding="utf-8")), encoding="utf-8")


def _run_pagefind(site: Path, bundle: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(bundle)]
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=300, preexec_fn=_die_with_parent
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SearchIndexError(
            say(
                "the search index could not be built (%(error)s): build with --no-search, or "
                "reinstall with make",
                error=error,
            )
        ) from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["?"]
        raise SearchIndexError(
            say(
                "the search index could not be built (%(error)s): build with --no-search, or "
                "reinstall with make",
                error=detail[0],
            )
        )


def _sort_entry_file(entry: Path) -> None:
    """Pagefind lists the languages in a varying order; sorting them keeps builds byte-identical."""
    if entry.is_file():
        data = json.loads(entry.read_text(encoding="utf-8"))
        entry.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")), encoding="utf-8")
