"""Work not done twice: files already read, and checks already passed, while they stay the same."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .store import fingerprint


class FileMemo:
    """What each file gave when read, reused while its size and modification time stay the same.

    The live preview keeps one between rebuilds, so an edit re-reads one file, not thousands."""

    def __init__(self) -> None:
        self._entries: dict[Path, tuple[tuple[int, int], Any, list]] = {}

    def read(self, path: Path, reader: Callable[..., Any], problems: list) -> Any:
        info = path.lstat()  # a link's own: links are reported, never followed
        stamp = (info.st_mtime_ns, info.st_size)
        entry = self._entries.get(path)
        if entry is None or entry[0] != stamp:
            found: list = []
            entry = (stamp, reader(path, problems=found), found)
            self._entries[path] = entry
        problems.extend(entry[2])
        return entry[1]


class PassedChecks:
    """The checks that files passed (schema, rules), each under the fingerprint of what it depends on, so
    that a file that has not changed is not checked again. Only the keys a validation used are kept for the
    next one: old ones do not pile up."""

    def __init__(self, keys: set[str] | None = None):
        self.keys = keys if keys is not None else set()  # of the checks passed (kept between builds)
        self.used: set[str] = set()

    def passed(self, *depends_on: object) -> bool:
        key = fingerprint(*depends_on)
        if key in self.keys:
            self.used.add(key)
            return True
        return False

    def add(self, *depends_on: object) -> None:
        self.used.add(fingerprint(*depends_on))

    def check_once(self, depends_on: tuple, problems: list, check: Callable[[], None]) -> None:
        """Run a check unless it passed with the same inputs before; remember it when it adds no problem."""
        if self.passed(*depends_on):
            return
        found = len(problems)
        check()
        if len(problems) == found:
            self.add(*depends_on)

    def keep_used(self) -> None:
        self.keys.clear()
        self.keys.update(self.used)
