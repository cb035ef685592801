"""Share previews: a 1200×630 JPEG per commune and one for the programme, drawn with Pillow at build time.

Images are cached by what they show (and the generator's version), so a rebuild redraws only what changed.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from importlib import resources

from PIL import Image, ImageDraw, ImageFont

from .cache import DiskCache, fingerprint

WIDTH, HEIGHT = 1200, 630
GREEN, YELLOW, RED, INK, PAPER = "#006a4e", "#ffce00", "#d21034", "#1b1f23", "#ffffff"


@dataclass(frozen=True)
class ShareCard:
    """What one share image shows."""

    file: str  # path in the site, e.g. share/kloto-3.jpg
    title: str
    subtitle: str
    lines: tuple[str, ...]  # e.g. the top themes
    footer: str


def share_images(cards: list[ShareCard], cache: DiskCache, workers: int = 1) -> Iterator[tuple[str, bytes]]:
    """(site path, JPEG bytes) per card; each card is drawn once (over `workers` processes when there are
    many), then taken from the cache."""
    keys = [
        fingerprint("share", WIDTH, HEIGHT, card.title, card.subtitle, card.lines, card.footer)
        for card in cards
    ]
    images = {key: cache.get("share", key) for key in keys}
    missing = [(card, key) for card, key in zip(cards, keys, strict=True) if images[key] is None]
    if workers > 1 and len(missing) > 20:
        with ProcessPoolExecutor(workers) as pool:
            drawn = list(pool.map(draw_card, [card for card, _ in missing], chunksize=8))
    else:
        drawn = [draw_card(card) for card, _ in missing]
    for (_, key), jpeg in zip(missing, drawn, strict=True):
        cache.put("share", key, jpeg)
        images[key] = jpeg
    for card, key in zip(cards, keys, strict=True):
        yield card.file, images[key]


def draw_card(card: ShareCard) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 28), fill=GREEN)
    draw.rectangle((0, 28, WIDTH, 40), fill=YELLOW)
    draw.rectangle((0, HEIGHT - 120, WIDTH, HEIGHT), fill=GREEN)
    draw.rectangle((80, 110, 116, 146), fill=RED)
    draw.text((140, 90), _fit(draw, card.title, 76, WIDTH - 220, "Bold"), font=_font(76, "Bold"), fill=INK)
    draw.text((80, 200), _fit(draw, card.subtitle, 38, WIDTH - 160), font=_font(38), fill="#555c63")
    for index, line in enumerate(card.lines[:3]):
        draw.text(
            (80, 280 + index * 58), "• " + _fit(draw, line, 40, WIDTH - 200), font=_font(40), fill=GREEN
        )
    draw.text((80, HEIGHT - 88), _fit(draw, card.footer, 36, WIDTH - 160), font=_font(36), fill=PAPER)
    buffer = io.BytesIO()
    # JPEG at full chroma resolution keeps the text crisp and encodes ten times faster than PNG (a cold
    # build draws one card per commune); only link previews fetch these, never a visitor's page.
    image.save(buffer, format="JPEG", quality=90, subsampling=0)
    return buffer.getvalue()


@cache
def _font(size: int, weight: str = "Semibold") -> ImageFont.FreeTypeFont:
    # Source Sans Pro (SIL Open Font License), from its PyPI package: covers French and other Latin scripts.
    path = resources.files("font_source_sans_pro") / "files" / f"SourceSansPro-{weight}.ttf"
    with resources.as_file(path) as font_file:
        return ImageFont.truetype(str(font_file), size)


def _fit(draw: ImageDraw.ImageDraw, text: str, size: int, width: int, weight: str = "Semibold") -> str:
    """The text, shortened with an ellipsis when it is wider than the space."""
    font = _font(size, weight)
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"
