"""Worker processes for the render stage: forked once the model is built, they inherit it with the templates
and helpers (only a page's number and the share cards' texts travel to them, never the model), render
single-item pages and draw share images where the cores are, and keep what they make in the store, while
the main process streams the listing pages and writes files."""

from __future__ import annotations

import gc
import multiprocessing
import pickle
import queue
import signal
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

from ..problems import say

Made = list[tuple[str, bytes]]  # (path in the site, bytes) for each file a task made
IN_FLIGHT_PER_WORKER = 4  # tasks given at a time, per worker: enough to keep it busy, few results waiting
WAIT_SECONDS = 1.0  # how often a wait checks that the other side is still alive


class WorkerFailed(RuntimeError):
    """A worker process died (killed, out of memory) before finishing its tasks; carries what to tell the
    person."""

    def __init__(self) -> None:
        self.message = say(
            "a process rendering pages ended before finishing (out of memory?): build again, or with --jobs 1"
        )
        super().__init__(self.message.template)


class Workers:
    """`count` processes forked from this one, each running `handlers[kind](argument)` for the tasks it is
    given; each handler returns the files it made. Used as a context manager: the processes end with it."""

    def __init__(self, count: int, handlers: dict[str, Callable[[Any], Made]]):
        context = multiprocessing.get_context("fork")  # the workers inherit the model: nothing is pickled
        # Queues, not pipes: a put never blocks this process (their threads do), and a get can time out.
        self.tasks: Any = context.Queue()
        self.results: Any = context.Queue()
        self.capacity = IN_FLIGHT_PER_WORKER * count
        self.in_flight = 0
        self.made: deque[tuple[str, bytes]] = deque()  # finished, not yet taken
        self.processes = [
            context.Process(target=_serve, args=(handlers, self.tasks, self.results), daemon=True)
            for _ in range(count)
        ]
        gc.freeze()  # the model's objects stay shared with the workers, not copied as the collector visits
        try:
            for process in self.processes:
                process.start()
        except BaseException:
            self._stop(finished=False)
            raise
        finally:
            gc.unfreeze()

    def submit(self, kind: str, argument: Any) -> None:
        """Give a task, first waiting for one to finish when every worker has enough to do."""
        while self.in_flight >= self.capacity:
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
                    raise WorkerFailed from None
        self.in_flight -= 1
        if error is not None:
            raised, text = error
            raise raised from RuntimeError("in a worker process:\n" + text)
        self.made.extend(made)
        return True

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind, *_) -> None:
        self._stop(finished=kind is None)

    def _stop(self, finished: bool) -> None:
        """After the last task, each worker is told to end; after a failure, they are ended at once."""
        if finished:
            for _process in self.processes:
                self.tasks.put(None)
        for process in self.processes:
            if finished:
                process.join(timeout=WAIT_SECONDS)
            if process.is_alive():
                process.terminate()
            if process.pid is not None:
                process.join()
        for channel in (self.tasks, self.results):
            channel.close()
            channel.cancel_join_thread()  # what nobody will read is dropped, not waited for


def _serve(handlers: dict[str, Callable[[Any], Made]], tasks: Any, results: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle: it ends us
    parent = multiprocessing.parent_process()
    while True:
        try:
            task = tasks.get(timeout=WAIT_SECONDS)
        except queue.Empty:
            if parent is not None and not parent.is_alive():  # killed: nobody will end us
                return
            continue
        if task is None:
            return
        kind, argument = task
        try:
            results.put((handlers[kind](argument), None))
        except Exception as error:  # raised again in the main process, with this traceback as its cause
            results.put(([], (_sendable(error), "".join(traceback.format_exception(error)))))


def _sendable(error: Exception) -> Exception:
    """The error itself when it survives pickling both ways (a ContentError keeps its problems), else a
    RuntimeError that says what it was."""
    try:
        return pickle.loads(pickle.dumps(error))
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")
