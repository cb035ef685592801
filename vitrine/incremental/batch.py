"""Results computed once: each under the key of everything it depends on, from the last rebuild or the disk
store when known, else computed (over several processes when there are several jobs) and stored."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from .store import DiskCache

Result = TypeVar("Result")


def computed(
    store: DiskCache,
    namespace: str,
    jobs: Sequence[tuple[str, Hashable]],
    work: Callable[[Any], Result],
    workers: int,
    kept: dict[str, Result],
    encode: Callable[[Result], bytes],
    decode: Callable[[bytes | None], Result | None],
) -> dict[str, Result]:
    """`work(job)` for each (key, job), by key. `kept`: the last rebuild's results (the live preview's)."""
    results: dict[str, Result] = {}
    todo: dict[str, Hashable] = {}
    for key, job in jobs:
        if key in results or key in todo:
            continue
        known = kept.get(key)
        if known is None:
            known = decode(store.get(namespace, key))
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
        store.put(namespace, key, encode(value))
    return results
