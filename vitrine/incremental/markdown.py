"""Markdown rendered once: a text's HTML is kept in the store under the text, its typography, the base path
and the generator's code; texts not rendered before are rendered over several processes when there are
many."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from typing import cast

from ..loader import MarkdownDoc
from ..markup import render_jobs, too_slow
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
    ) -> Callable[[], list[str]]:
        """Each text's HTML, in order, in its language's typography (`typography`: language -> name of its
        i18n.TYPOGRAPHIES). The texts not in the cache are given to the processes now; the function
        returned waits for them, so that the build reads and checks the next communes meanwhile."""
        styles = [(typography or {}).get(doc.lang, "") for doc in docs]
        keys = [_key(doc, style, base_path) for doc, style in zip(docs, styles, strict=True)]
        found = [self.memo.get(key) for key in keys]
        todo = [i for i, html in enumerate(found) if html is None]
        jobs = [(docs[i].body, styles[i], base_path) for i in todo]
        if self.workers > 1 and len(jobs) >= 2 * PARALLEL_THRESHOLD:
            self.pool = self.pool or ProcessPoolExecutor(self.workers)
            size = max(1, len(jobs) // (self.workers * 8))
            chunks = [jobs[start : start + size] for start in range(0, len(jobs), size)]
            results = self.pool.map(render_jobs, chunks)  # submitted now, taken when finished
            rendered: Iterable[str | None] = (html for chunk in results for html in chunk)
        else:
            rendered = render_jobs(jobs)

        def finished() -> list[str]:
            htmls = list(rendered)
            slow = [too_slow(docs[i].path) for i, html in zip(todo, htmls, strict=True) if html is None]
            if slow:
                raise ContentError(slow)
            for index, html in zip(todo, htmls, strict=True):
                found[index] = encoded = cast(str, html).encode("utf-8")  # None was raised as too slow
                self.memo.put(keys[index], encoded)
            return [html.decode("utf-8") for html in cast(list[bytes], found)]  # each None is filled now

        return finished


def _key(doc: MarkdownDoc, typography: str, base_path: str) -> str:
    """What a text's HTML depends on, besides the generator's code."""
    return fingerprint("markdown", base_path, typography, doc.body)
