"""Content problems: where they are, what is wrong, and how they are reported."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in the content, located as path:line:col (1-based)."""

    path: str
    line: int
    col: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        prefix = "warning: " if self.warning else ""
        return f"{self.path}:{self.line}:{self.col}: {prefix}{self.message}"

    def github_annotation(self) -> str:
        kind = "warning" if self.warning else "error"
        return f"::{kind} file={self.path},line={self.line},col={self.col}::{self.message}"


class ContentError(Exception):
    """Raised when the content has errors; carries all of them."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} content error(s)")
        self.problems = problems


def display_path(path: Path) -> str:
    """Path as shown in messages: relative to the current directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def errors_only(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if not p.warning]
