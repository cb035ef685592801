"""Share images drawn once: those the store lacks are drawn in worker processes while the pages render."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from ..share import HEIGHT, WIDTH, ShareCard, draw_card, draw_cards
from .store import DiskCache, fingerprint

CardFile = tuple[str, bytes | None]  # path in the site, image (None: unchanged on disk)
CHUNK = 8  # cards per task sent to a worker process
IN_FLIGHT_PER_WORKER = 4  # tasks given to the workers at a time, per worker


class ShareImages:
    """The share images of a build: those the cache lacks are drawn in worker processes while the pages
    render (when there are many), and taken as they are ready, so that few wait in memory."""

    def __init__(
        self,
        cards: list[ShareCard],
        cache: DiskCache,
        workers: int = 1,
        on_disk: dict[str, str] | None = None,
    ):
        self.cache = cache
        self.on_disk = on_disk or {}  # site path -> key of the card on disk (live preview): not read again
        keyed = [
            (
                card,
                fingerprint(
                    "share",
                    WIDTH,
                    HEIGHT,
                    card.title,
                    card.subtitle,
                    card.lines,
                    card.footer,
                    card.photo_digest,
                ),
            )
            for card in cards
        ]
        self.keys = {card.file: key for card, key in keyed}
        self.cached: list[tuple[ShareCard, str]] = []
        missing: list[tuple[ShareCard, str]] = []
        for card, key in keyed:
            (self.cached if cache.has("share", key) else missing).append((card, key))
        self.waiting = deque(missing[start : start + CHUNK] for start in range(0, len(missing), CHUNK))
        self.pool = ProcessPoolExecutor(workers) if workers > 1 and len(missing) > 2 * CHUNK else None
        # A few chunks at a time are given to the workers: drawn images wait in memory until the pages let
        # them be written, and the workers may well draw faster than the pages render.
        self.in_flight = IN_FLIGHT_PER_WORKER * workers
        self.pending: deque[tuple[list[tuple[ShareCard, str]], Future]] = deque()
        self._submit()

    def ready(self) -> Iterator[CardFile]:
        """The cards drawn so far, without waiting."""
        while self.pending and self.pending[0][1].done():
            yield from self._take_first()

    def _submit(self) -> None:
        while self.pool and self.waiting and len(self.pending) < self.in_flight:
            chunk = self.waiting.popleft()
            self.pending.append((chunk, self.pool.submit(draw_cards, [card for card, _ in chunk])))

    def rest(self) -> Iterator[CardFile]:
        """Every card not given yet, waiting for (or drawing) the missing ones; None for a card that is
        on disk already."""
        for card, key in self.cached:
            if self.on_disk.get(card.file) == key:
                yield card.file, None
                continue
            image = self.cache.get("share", key)
            if image is None:  # the entry went away since (the cache may be deleted at any time)
                yield from self._keep([(card, key)], [draw_card(card)])
            else:
                yield card.file, image
        while self.pending:  # drawn by the workers, which are given the waiting chunks as they go
            yield from self._take_first()
        for chunk in self.waiting:  # no workers: drawn here
            yield from self._keep(chunk, draw_cards([card for card, _ in chunk]))

    def close(self) -> None:
        if self.pool:
            self.pool.shutdown(cancel_futures=True)

    def __enter__(self) -> ShareImages:
        return self

    def __exit__(self, *_) -> None:
        self.close()

    def _take_first(self) -> Iterator[CardFile]:
        chunk, future = self.pending.popleft()
        self._submit()
        yield from self._keep(chunk, future.result())

    def _keep(self, chunk: list[tuple[ShareCard, str]], images: list[bytes]) -> Iterator[CardFile]:
        for (card, key), image in zip(chunk, images, strict=True):
            self.cache.put("share", key, image)
            yield card.file, image
