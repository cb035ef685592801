"""Share images drawn once: those the store lacks are drawn by the worker processes while the pages render
(or here, without workers), and kept in the store."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from ..share import HEIGHT, WIDTH, CardPainter, ShareCard
from .memo import Memo
from .store import fingerprint
from .workers import Made, Workers

CardFile = tuple[str, bytes | None]  # path in the site, image (None: unchanged on disk)
Chunk = list[tuple[ShareCard, str]]  # cards with their keys
CHUNK = 16  # cards per task given to a worker (a painter draws what they share once)


class ShareImages:
    """The share images of a build: each taken from the store, or drawn and kept there."""

    def __init__(
        self, cards: list[ShareCard], images: Memo[str, bytes], on_disk: dict[str, str] | None = None
    ):
        self.images = images
        self.on_disk = on_disk or {}  # site path -> key of the card on disk (live preview): not read again
        keyed = [(card, _key(card)) for card in cards]
        self.keys = {card.file: key for card, key in keyed}
        self.cached: Chunk = []
        missing: Chunk = []
        for card, key in keyed:
            known = self.on_disk.get(card.file) == key or images.has(key)  # on disk: not even looked up
            (self.cached if known else missing).append((card, key))
        self.waiting = deque(missing[start : start + CHUNK] for start in range(0, len(missing), CHUNK))

    @property
    def to_draw(self) -> int:
        """Cards that the store lacks and that no worker was given yet."""
        return sum(len(chunk) for chunk in self.waiting)

    def give(self, workers: Workers) -> None:
        """Cards for the workers, in at most half their room: pages, which the main process gives as it
        goes, find room without waiting for a batch of cards."""
        while self.waiting and workers.in_flight < workers.capacity // 2:
            workers.submit("cards", self.waiting.popleft())

    def drawn_by(self, workers: Workers) -> Iterator[tuple[str, bytes]]:
        """Every card not given yet, given to the workers, a few at a time; with the files the workers
        finish meanwhile (pages too)."""
        while self.waiting:
            workers.submit("cards", self.waiting.popleft())  # waits for room, if need be
            yield from workers.finished()

    def rest(self) -> Iterator[CardFile]:
        """The cards of the store, and those not given to workers, drawn here; None for a card that is on
        disk already."""
        for card, key in self.cached:
            if self.on_disk.get(card.file) == key:
                yield card.file, None
                continue
            image = self.images.get(key)
            if image is None:  # the entry went away since (the cache may be deleted at any time)
                yield from draw_and_keep(self.images, [(card, key)])
            else:
                yield card.file, image
        while self.waiting:
            yield from draw_and_keep(self.images, self.waiting.popleft())


def draw_and_keep(images: Memo[str, bytes], chunk: Chunk) -> Made:
    painter, drawn = CardPainter(), []
    for card, key in chunk:
        image = painter.draw(card)
        images.put(key, image)
        drawn.append((card.file, image))
    return drawn


def _key(card: ShareCard) -> str:
    return fingerprint(
        "share", WIDTH, HEIGHT, card.title, card.subtitle, card.lines, card.footer, card.photo_digest
    )
