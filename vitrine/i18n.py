"""Interface strings from Babel catalogs, and dates, numbers and French typography per locale."""

from __future__ import annotations

import datetime
import gettext
import io
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

# Babel locale used for formatting each site language: British English writes "2 March 2026".
FORMAT_LOCALES = {"fr": "fr_FR", "en": "en_GB"}

_TAG_OR_ENTITY = re.compile(r"(<[^>]+>|&#?\w+;)")
_SPACE_BEFORE = re.compile(r"(?<=\S)[ \u00a0]?([;!?])(?=\s|$|<)")
_SPACE_BEFORE_COLON = re.compile(r"(?<=[^\s\d/])[ \u00a0]?:(?=\s|$)")
_OPEN_QUOTE = re.compile(r"«[ \u00a0]*")
_CLOSE_QUOTE = re.compile(r"[ \u00a0]*»")
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")


def N_(text: str) -> str:  # noqa: N802 - the usual gettext name for "mark for the catalog, translate later"
    """Marks a string for the Babel catalog; it is translated where it is shown."""
    return text


@dataclass(frozen=True)
class Locale:
    """What a page needs to speak one language: translations and formatters."""

    lang: str
    translations: gettext.NullTranslations
    catalog_text: str = ""  # the .po file's text: part of the render cache's key

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def date(self, value: date | None) -> str:
        if not value:
            return ""
        return _long_date(value, self.lang)

    def month_year(self, value: datetime.date) -> str:  # `date` is the method above, in here
        return format_date(value, format="MMMM y", locale=FORMAT_LOCALES[self.lang])

    def number(self, value: float | int) -> str:
        return format_decimal(value, locale=FORMAT_LOCALES[self.lang])

    def typography(self, text: str) -> str:
        return _short_french_typography(text) if self.lang == "fr" else text


@lru_cache(maxsize=4096)  # a site shows few distinct dates, each on many pages; Babel takes ~0.1 ms a call
def _long_date(value: date, lang: str) -> str:
    text = format_date(value, format="long", locale=FORMAT_LOCALES[lang])
    # French writes the first day of a month as an ordinal: « 1er mars 2026 ».
    return "1er" + text[1:] if lang == "fr" and value.day == 1 else text


def load_locales(locale_dir: Path, languages: list[str]) -> dict[str, Locale]:
    """Compile each language's .po catalog in memory (no .mo files to keep in sync)."""
    locales = {}
    for lang in languages:
        po_path = locale_dir / lang / "LC_MESSAGES" / "messages.po"
        text = po_path.read_text(encoding="utf-8") if po_path.is_file() else ""
        locales[lang] = Locale(lang, _compile(lang, text), text)
    return locales


@lru_cache(maxsize=8)  # the live preview loads the catalogs on every rebuild; parsing one takes ~50 ms
def _compile(lang: str, po_text: str) -> gettext.NullTranslations:
    if not po_text:
        return gettext.NullTranslations()
    catalog = read_po(io.StringIO(po_text), locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@lru_cache(maxsize=8192)  # labels (regions, themes, steps) are typeset on every page that lists communes
def _short_french_typography(text: str) -> str:
    return french_typography(text)


def french_typography(html: str) -> str:
    """Non-breaking spaces before : ; ! ? and inside « », curly apostrophes; text only, never inside tags."""
    parts = _TAG_OR_ENTITY.split(html)
    for i in range(0, len(parts), 2):
        text = parts[i]
        text = _SPACE_BEFORE.sub("\u202f\\1", text)
        text = _SPACE_BEFORE_COLON.sub("\u00a0:", text)
        text = _OPEN_QUOTE.sub("«\u00a0", text)
        text = _CLOSE_QUOTE.sub("\u00a0»", text)
        parts[i] = _APOSTROPHE.sub("’", text)
    return "".join(parts)
