"""Markdown rendered once: a text's HTML is kept in the store under the text, its typography, the base path
and the generator's code; texts not rendered before are rendered over several processes when there are
many."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from typing import cast

from ..loader import MarkdownDoc
from ..markup import render_jobs, too_slow
from ..model.types import Html
from ..problems import ContentError
from .memo import Memo
from .store import fingerprint

PARALLEL_THRESHOLD = 50  # below this many texts, starting processes costs more than it saves


class MarkdownRenderer:
    """Renders texts a batch at a time: cached ones are reused, the others rendered over `workers` processes.
    Used as a context manager, it keeps its processes for every batch of the build."""

    def __init__(self, memo: Memo[str, bytes], workers: int = 1):
        self.memo = memo
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> MarkdownRenderer:
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)  # texts of a build stopped by errors are not awaited
            self.pool = None

    def start(
        self, docs: list[MarkdownDoc], base_path: str, typography: Mapping[str, str] | None = None
    ) -> Callable[[], list[Html]]:
        """Each text's HTML, in order, in its language's typography (`typography`: language -> name of its
        i18n.TYPOGRAPHIES), compressed where it was rendered (the store keeps it so). The texts not in the
        cache are given to the processes now; the function returned waits for them, so that the build
        reads and checks the next communes meanwhile."""
        styles = [(typography or {}).get(doc.lang, "") for doc in docs]
        keys = [_key(doc, style, base_path) for doc, style in zip(docs, styles, strict=True)]
        found = [self.memo.get(key) for key in keys]
        todo = [i for i, packed in enumerate(found) if packed is None]
        jobs = [(docs[i].body, styles[i], base_path) for i in todo]
        if self.workers > 1 and len(jobs) >= 2 * PARALLEL_THRESHOLD:
            self.pool = self.pool or ProcessPoolExecutor(self.workers)
            size = max(1, len(jobs) // (self.workers * 8))
            chunks = [jobs[start : start + size] for start in range(0, len(jobs), size)]
            results = self.pool.map(_render_packed, chunks)  # submitted now, taken when finished
            rendered: Iterable[bytes | None] = (packed for chunk in results for packed in chunk)
        else:
            rendered = _render_packed(jobs)

        def finished() -> list[Html]:
            packs = list(rendered)
            slow = [too_slow(docs[i].path) for i, packed in zip(todo, packs, strict=True) if packed is None]
            if slow:
                raise ContentError(slow)
            for index, packed in zip(todo, cast(list[bytes], packs), strict=True):  # None raised as slow
                found[index] = packed
                self.memo.put(keys[index], packed)
            return [Html(key, packed) for key, packed in zip(keys, cast(list[bytes], found), strict=True)]

        return finished


def _render_packed(jobs: list[tuple[str, str, str]]) -> list[bytes | None]:
    """Each text's HTML compressed as the model keeps it (Html), or None when it took too long."""
    return [None if html is None else Html.pack(html) for html in render_jobs(jobs)]


def _key(doc: MarkdownDoc, typography: str, base_path: str) -> str:
    """What a text's HTML depends on, besides the generator's code."""
    return fingerprint("markdown", base_path, typography, doc.body)
