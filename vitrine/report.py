"""Report stage: time per stage and what was written."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import reduce
from pathlib import Path
from typing import Any

from .i18n import N_, Locale
from .loader import read_yaml
from .problems import Message, Problem, say, say_count, sort_problems, untranslated


@dataclass
class RenderCount:
    """How many pages were rendered and how many reused from the cache (reported by serve and the bench)."""

    rendered: int = 0
    reused: int = 0


# The stages as the build's summary names them (the timings keep the code's names, read by bench/).
STAGE_NAMES = {
    "up-to-date check": N_("up-to-date check"),
    "load": N_("load"),
    "validate": N_("validate"),
    "model": N_("model"),
    "photos": N_("photos"),
    "render": N_("render"),
    "write": N_("write"),
    "index": N_("search index"),
}


class StageTimer:
    """Measures each pipeline stage; one per build, never shared. A stage that runs inside another (the
    search index, written inside the write stage) counts for itself only: the seconds add up to the build."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.pages = 0
        self.count = 0
        self.warnings: list[Problem] = []
        self.rendering = RenderCount()
        self.up_to_date = False  # the output already held what the inputs give: nothing was written
        self._inner = 0.0  # seconds of the stages run inside the current one

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start, outer = time.perf_counter(), self._inner
        self._inner = 0.0
        try:
            yield
        finally:
            elapsed = time.perf_counter() - start
            self.seconds[name] = self.seconds.get(name, 0.0) + elapsed - self._inner
            self._inner = outer + elapsed

    def timed(self, name: str, function: Callable[[Path], None]) -> Callable[[Path], None]:
        """The function, its calls counted as stage `name`."""

        def timed_call(folder: Path) -> None:
            with self.stage(name):
                function(folder)

        return timed_call

    def timed_files(self, name: str, files: Iterable[tuple[str, Any]]) -> Iterator[tuple[str, Any]]:
        """The files as they are produced, the producing (of pieces too) counted as stage `name`: the
        render stage hands its files to the write stage one at a time, never all at once."""
        produced = iter(files)
        while True:
            with self.stage(name):
                item = next(produced, None)
            if item is None:
                return
            path, content = item
            if content is not None and not isinstance(content, bytes):
                content = self._timed_pieces(name, iter(content))
            yield path, content

    def _timed_pieces(self, name: str, pieces: Iterator[bytes]) -> Iterator[bytes]:
        """As stage(), without its cost: a listing page comes in many pieces."""
        while True:
            start = time.perf_counter()
            piece = next(pieces, None)
            elapsed = time.perf_counter() - start
            self.seconds[name] = self.seconds.get(name, 0.0) + elapsed
            self._inner += elapsed  # inside the stage that writes it
            if piece is None:
                return
            yield piece

    def summary(self, output: Path) -> Message:
        if self.up_to_date:
            return say(
                "%(output)s is up to date (%(pages)s): nothing changed since the last build",
                output=output,
                pages=say_count("%(n)s page", "%(n)s pages", self.pages),
            )
        # Each stage in the reader's language and number format: "load 0.07 s", « lecture 0,07 s ».
        timings = [
            say("%(stage)s %(seconds)s s", stage=say(STAGE_NAMES.get(name, name)), seconds=round(time, 2))
            for name, time in self.seconds.items()
        ]
        stages = reduce(
            lambda listed, timing: say("%(listed)s, %(next)s", listed=listed, next=timing), timings
        )
        return say(
            "Built %(pages)s (%(files)s) into %(output)s in %(total)ss: %(stages)s; "
            "%(rendered)s pages rendered, %(reused)s unchanged taken from the cache",
            pages=say_count("%(n)s page", "%(n)s pages", self.pages),
            files=say_count("%(n)s file", "%(n)s files", self.count),
            output=output,
            total=round(sum(self.seconds.values()), 2),
            stages=stages,
            rendered=self.rendering.rendered,
            reused=self.rendering.reused,
        )


class Reporter:
    """Prints problems and messages in the content's language; also as GitHub annotations on Actions."""

    def __init__(self, locale: Locale | None, annotate: bool = False):
        self.translations = locale.translations if locale else untranslated
        self.lang = locale.lang if locale else None  # None: the messages as the code writes them
        self.annotate = annotate

    def text(self, *parts: Message) -> str:
        return "".join(part.render(self.translations, self.lang) for part in parts)

    def say(self, *parts: Message, error: bool = True) -> None:
        print(self.text(*parts), file=sys.stderr if error else sys.stdout, flush=True)

    def lines(self, problems: list[Problem]) -> list[str]:
        return [item.line_for(self.translations, self.lang) for item in sort_problems(problems)]

    def problems(self, problems: list[Problem]) -> None:
        for item in sort_problems(problems):
            print(item.line_for(self.translations, self.lang), file=sys.stderr)
            if self.annotate:
                print(item.github_annotation(self.translations, self.lang), file=sys.stderr)


def content_language(content: Path) -> str | None:
    """The site's default language, for messages; None when site.yaml cannot be read."""
    try:  # read as the build reads it: no links, bounded size, no aliases
        site = read_yaml(content / "site.yaml", [])
        return str(site.data["languages"][0]) if site else None
    except (OSError, AttributeError, KeyError, IndexError, TypeError):
        return None
