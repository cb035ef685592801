"""Share previews: a 1200×630 JPEG per commune and one for the programme, drawn with Pillow at build time.

The speed layer keeps them by what they show (vitrine/incremental/cards.py): a rebuild redraws only what
changed.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

from .i18n import Locale
from .model.types import Commune, Model, Text

WIDTH, HEIGHT = 1200, 630
PHOTO_WIDTH = 440  # the commune's photo, on the right of its card
THEME_SIZE = 40  # font size of the theme lines
GREEN, YELLOW, RED, INK, PAPER = "#006a4e", "#ffce00", "#d21034", "#1b1f23", "#ffffff"


@dataclass(frozen=True)
class ShareCard:
    """What one share image shows."""

    file: str  # path in the site, e.g. share/kloto-3.jpg
    title: str
    subtitle: str
    lines: tuple[str, ...]  # e.g. the top themes
    footer: str
    photo: str | None = None  # file of a photo shown on the card's right side
    photo_digest: str = ""  # what identifies that file's version (size, time), part of the card's cache key


class CardPainter:
    """Draws share images. What repeats from one card to the next (the bands and footer, the theme lines of
    a small vocabulary) it draws once, for the cards it is given: a cold build draws one per commune and
    language."""

    def __init__(self) -> None:
        self.backgrounds: dict[str, Image.Image] = {}
        self.stamps: dict[str, Image.Image] = {}

    def draw(self, card: ShareCard) -> bytes:
        image = self._background(card.footer).copy()
        draw = ImageDraw.Draw(image)
        right = WIDTH - _paste_photo(image, card.photo) if card.photo else WIDTH  # where the text must stop
        draw.text((140, 90), _fit(card.title, 76, right - 220, "Bold"), font=_font(76, "Bold"), fill=INK)
        draw.text((80, 200), _fit(card.subtitle, 38, right - 160), font=_font(38), fill="#555c63")
        for index, line in enumerate(card.lines[:3]):
            line = "• " + _fit(line, THEME_SIZE, right - 200)
            image.paste(GREEN, (80, 280 + index * 58), self._stamp(line))
        buffer = io.BytesIO()
        # JPEG encodes ten times faster than PNG. Colour at half resolution (4:2:0) looks the same even
        # zoomed in on the green text, and is a third faster to encode and a quarter lighter than full.
        image.save(buffer, format="JPEG", quality=90, subsampling="4:2:0")
        return buffer.getvalue()

    def _background(self, footer: str) -> Image.Image:
        """What every card of a site shows: the bands, the mark and the footer."""
        if footer not in self.backgrounds:
            image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
            draw = ImageDraw.Draw(image)
            draw.rectangle((0, 0, WIDTH, 28), fill=GREEN)
            draw.rectangle((0, 28, WIDTH, 40), fill=YELLOW)
            draw.rectangle((0, HEIGHT - 120, WIDTH, HEIGHT), fill=GREEN)
            draw.rectangle((80, 110, 116, 146), fill=RED)
            draw.text((80, HEIGHT - 88), _fit(footer, 36, WIDTH - 160), font=_font(36), fill=PAPER)
            self.backgrounds[footer] = image
        return self.backgrounds[footer]

    def _stamp(self, line: str) -> Image.Image:
        """A theme line as a mask, to paste in a colour."""
        if line not in self.stamps:
            font = _font(THEME_SIZE)
            _, _, width, height = font.getbbox(line)
            mask = Image.new("L", (max(math.ceil(width), 1), max(math.ceil(height), 1)), 0)
            ImageDraw.Draw(mask).text((0, 0), line, font=font, fill=255)
            self.stamps[line] = mask
        return self.stamps[line]


def draw_card(card: ShareCard) -> bytes:
    return CardPainter().draw(card)


def _paste_photo(image: Image.Image, file: str) -> int:
    """The photo, cropped to fill the card's right side between the bands; returns the width it takes
    (0 when the file cannot be read as an image: the card is drawn without it)."""
    width, top, bottom = PHOTO_WIDTH, 40, HEIGHT - 120
    try:
        with Image.open(file) as photo:
            photo.draft("RGB", (width, bottom - top))  # a JPEG is decoded at a reduced size: faster
            fitted = ImageOps.fit(photo.convert("RGB"), (width, bottom - top))
    except (OSError, ValueError, Image.DecompressionBombError):
        return 0
    image.paste(fitted, (WIDTH - width, top))
    return width


@cache
def _font(size: int, weight: str = "Semibold") -> ImageFont.FreeTypeFont:
    # Source Sans Pro (SIL Open Font License), from its PyPI package: covers French and other Latin scripts.
    path = resources.files("font_source_sans_pro") / "files" / f"SourceSansPro-{weight}.ttf"
    with resources.as_file(path) as font_file:
        return ImageFont.truetype(str(font_file), size)


def _fit(text: str, size: int, width: int, weight: str = "Semibold") -> str:
    """The text, shortened with an ellipsis when it is wider than the space (the longest prefix that fits,
    found by bisection: a text of any length costs a few measures)."""
    font = _font(size, weight)
    if font.getlength(text) <= width:
        return text
    fits, too_long = 0, len(text)
    while too_long - fits > 1:
        middle = (fits + too_long) // 2
        if font.getlength(text[:middle] + "…") <= width:
            fits = middle
        else:
            too_long = middle
    return text[:fits].rstrip() + "…"


def share_cards(
    model: Model, locales: dict[str, Locale], content_root: Path | None = None
) -> list[ShareCard]:
    """One card per commune and one for the programme, in each of the site's languages; a commune's card
    shows its first photo when it has one (and the content folder is known)."""
    default = model.site.default_language
    photos = {commune.slug: _card_photo(commune, content_root) for commune in model.communes}
    cards = []
    for lang, locale in locales.items():

        def text(texts: Text, lang: str = lang) -> str:  # only the default language is required
            return texts.get(lang) or texts[default]

        site_title = text(model.site.title)
        cards.append(
            ShareCard(
                model.site_map.share_card("home", lang),
                site_title,
                text(model.site.tagline),
                tuple(text(model.programme.name).split(" — ")[:1]),
                model.programme.implementer.name,
            )
        )
        for commune in model.communes:
            place = f"{commune.prefecture} · {text(commune.region.label)} · {text(model.programme.country)}"
            themes = tuple(text(theme.label) for theme in commune.themes[:3]) or (
                locale.gettext("Territorial profile and progress in the programme"),
            )
            photo, digest = photos[commune.slug]
            path = model.site_map.share_card(commune.slug, lang)
            cards.append(ShareCard(path, commune.name, place, themes, site_title, photo, digest))
    return cards


def _card_photo(commune: Commune, content_root: Path | None) -> tuple[str | None, str]:
    """The commune's first photo for its share card, with what identifies its version for the cache key:
    its size and modification time (hashing every photo's bytes would slow each live-preview rebuild)."""
    if content_root is None or not commune.photos:
        return None, ""
    file = content_root / "communes" / commune.slug / commune.photos[0].file
    try:
        stat = file.stat()
    except OSError:
        return None, ""
    return str(file), f"{commune.photos[0].file}:{stat.st_size}:{stat.st_mtime_ns}"
