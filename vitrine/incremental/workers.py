"""Worker processes for the render stage: forked once the model is built, they inherit it with the templates
and helpers (only a page's number and the share cards' texts travel to them, never the model), render
single-item pages and draw share images where the cores are, and keep what they make in the store, while
the main process streams the listing pages and writes files."""

from __future__ import annotations

import multiprocessing
import queue
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

from .store import DiskCache

Made = list[tuple[str, bytes]]  # (path in the site, bytes) for each file a task made
Task = tuple[str, Any]  # (kind, what the kind's handler is given)
IN_FLIGHT_PER_WORKER = 4  # tasks given at a time, per worker: enough to keep it busy, few results waiting
WAIT_SECONDS = 1.0  # how often a wait checks that the workers are still alive


class WorkerFailed(RuntimeError):
    """A worker process died (killed, out of memory) before finishing its tasks."""


class Workers:
    """`count` processes forked from this one, each running `handlers[kind](argument)` for the tasks it is
    given; each handler returns the files it made. Used as a context manager: the processes end with it."""

    def __init__(self, count: int, handlers: dict[str, Callable[[Any], Made]], store: DiskCache):
        store.prepare()  # the store's secret exists before the fork: every process seals with the same
        context = multiprocessing.get_context("fork")  # the workers inherit the model: nothing is pickled
        self.tasks: Any = context.SimpleQueue()
        self.results: Any = context.Queue()
        self.processes = [
            context.Process(target=_serve, args=(handlers, self.tasks, self.results), daemon=True)
            for _ in range(count)
        ]
        for process in self.processes:
            process.start()
        self.capacity = IN_FLIGHT_PER_WORKER * count
        self.in_flight = 0
        self.made: deque[tuple[str, bytes]] = deque()  # finished, not yet taken

    @property
    def has_room(self) -> bool:
        return self.in_flight < self.capacity

    def submit(self, kind: str, argument: Any) -> None:
        """Give a task, first waiting for one to finish when every worker has enough to do."""
        while not self.has_room:
            self._receive(block=True)
        self.tasks.put((kind, argument))
        self.in_flight += 1

    def finished(self) -> Iterator[tuple[str, bytes]]:
        """The files made so far, without waiting."""
        while self.in_flight and self._receive(block=False):
            pass
        while self.made:
            yield self.made.popleft()

    def rest(self) -> Iterator[tuple[str, bytes]]:
        """Every file still to come, waiting for each."""
        while self.in_flight or self.made:
            if not self.made:
                self._receive(block=True)
            while self.made:
                yield self.made.popleft()

    def _receive(self, block: bool) -> bool:
        while True:
            try:
                made, error = self.results.get(block=block, timeout=WAIT_SECONDS if block else None)
                break
            except queue.Empty:
                if not block:
                    return False
                if not all(process.is_alive() for process in self.processes):
                    raise WorkerFailed("a worker process ended before finishing its tasks") from None
        self.in_flight -= 1
        if error is not None:
            raise error
        self.made.extend(made)
        return True

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *_) -> None:
        for _process in self.processes:
            self.tasks.put(None)
        for process in self.processes:
            process.join(timeout=WAIT_SECONDS)
            if process.is_alive():  # the build failed while it still had tasks
                process.terminate()
                process.join()


def _serve(handlers: dict[str, Callable[[Any], Made]], tasks: Any, results: Any) -> None:
    for kind, argument in iter(tasks.get, None):
        try:
            results.put((handlers[kind](argument), None))
        except Exception as error:  # raised again in the main process, with the worker's traceback
            results.put(([], _sendable(error)))


def _sendable(error: Exception) -> Exception:
    """The error itself when it survives pickling (a ContentError keeps its problems), else its text."""
    try:
        multiprocessing.reduction.ForkingPickler.dumps(error)
        return error
    except Exception:
        return RuntimeError(traceback.format_exc())
