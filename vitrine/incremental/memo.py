"""Work not done twice. One mechanism, Memo, behind every reuse of the build: files read, checks passed,
communes built, Markdown, pages, share images, photos."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Generic, TypeVar

from .store import DiskCache, fingerprint

Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value")


class Memo(Generic[Key, Value]):
    """Results, each under the key of everything it depends on (store.fingerprint): found in memory
    (`kept`: what the live preview kept from its last rebuild), else in the disk store (`namespace`), else
    made by the caller and put back in both. Either may be absent: a one-off build keeps nothing in memory,
    and files read or checks passed are too small to be worth a file each in the store.

    A rebuild keeps in memory only the results it used (keep_used), so that nothing piles up between edits."""

    def __init__(
        self,
        kept: dict[Key, Value] | None = None,
        store: DiskCache | None = None,
        namespace: str = "",
        encode: Callable[[Value], bytes] | None = None,
        decode: Callable[[bytes], Value | None] | None = None,
    ):
        self.kept = kept
        self.store = store
        self.namespace = namespace
        self.encode: Callable[[Any], bytes] = encode or _same
        self.decode: Callable[[bytes], Any] = decode or _same
        self.used: dict[Key, Value] = {}

    def get(self, key: Key) -> Value | None:
        value = self.used.get(key)  # put by this build
        if value is None and self.kept is not None:
            value = self.kept.get(key)
        if value is None and self.store is not None:
            found = self.store.get(self.namespace, str(key))
            value = None if found is None else self.decode(found)
        if value is not None and self.kept is not None:
            self.used[key] = value
        return value

    def has(self, key: Key) -> bool:
        """Whether a result is there without reading it (get() may still find a stored one forged or gone)."""
        in_memory = key in self.used or (self.kept is not None and key in self.kept)  # as get() looks
        return in_memory or (self.store is not None and self.store.has(self.namespace, str(key)))

    def put(self, key: Key, value: Value) -> None:
        if self.kept is not None:
            self.used[key] = value
        if self.store is not None:
            self.store.put(self.namespace, str(key), self.encode(value))

    def keep_used(self) -> None:
        """Keep in memory, for the next rebuild, only what this one used."""
        if self.kept is not None:
            self.kept.clear()
            self.kept.update(self.used)
        self.used = {}

    def computed(
        self, jobs: Sequence[tuple[Key, Hashable]], work: Callable[[Any], Value], workers: int
    ) -> dict[Key, Value]:
        """`work(job)` for each (key, job), by key: only the jobs whose key is not known are worked, over
        several processes when there are several."""
        results: dict[Key, Value] = {}
        todo: dict[Key, Hashable] = {}
        for key, job in jobs:
            if key in results or key in todo:
                continue
            known = self.get(key)
            if known is None:
                todo[key] = job
            else:
                results[key] = known
        if workers > 1 and len(todo) > 1:
            with ProcessPoolExecutor(min(workers, len(todo))) as pool:
                values = list(pool.map(work, todo.values()))
        else:
            values = [work(job) for job in todo.values()]
        for key, value in zip(todo, values, strict=True):
            results[key] = value
            self.put(key, value)
        return results


def _same(value: Any) -> Any:
    return value


class FileMemo(Memo[tuple[Path, int, int], tuple[Any, list]]):
    """What each file gave when read (and the problems it had), reused while its size and modification
    time stay the same. The live preview keeps one between rebuilds, so an edit re-reads one file, not
    thousands."""

    def read(self, path: Path, reader: Callable[..., Any], problems: list) -> Any:
        info = path.lstat()  # a link's own: links are reported, never followed
        key = (path, info.st_mtime_ns, info.st_size)
        entry = self.get(key)
        if entry is None:
            found: list = []
            entry = (reader(path, problems=found), found)
            self.put(key, entry)
        problems.extend(entry[1])
        return entry[0]


class PassedChecks(Memo[str, bool]):
    """The checks that files passed (schema, rules), each under the fingerprint of what it depends on, so
    that a file that has not changed is not checked again. Kept in memory between rebuilds, or stored as
    one list per content folder by the speed layer (SpeedLayer.remember_reads)."""

    @property
    def keys(self) -> set[str]:
        """The checks kept for the next build."""
        return set(self.kept or ())

    def passed(self, *depends_on: object) -> bool:
        return self.get(fingerprint(*depends_on)) is not None

    def add(self, *depends_on: object) -> None:
        self.put(fingerprint(*depends_on), True)

    def check_once(self, depends_on: tuple, problems: list, check: Callable[[], None]) -> None:
        """Run a check unless it passed with the same inputs before; remember it when it adds no problem."""
        if self.passed(*depends_on):
            return
        found = len(problems)
        check()
        if len(problems) == found:
            self.add(*depends_on)
