"""Interface strings from Babel catalogs; what each language's catalog says about the language itself (its
name, its locale for dates and numbers, its typography); dates, numbers and percentages in that locale."""

from __future__ import annotations

import datetime
import gettext
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, lru_cache
from pathlib import Path

from babel import Locale as BabelLocale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import NumberPattern, format_percent, parse_pattern

_TAG_OR_ENTITY = re.compile(r"(<[^>]+>|&#?\w+;)")
_SPACE_BEFORE = re.compile(r"(?<=\S)[ \u00a0]?([;!?])(?=\s|$|<)")
_SPACE_BEFORE_COLON = re.compile(r"(?<=[^\s\d/])[ \u00a0]?:(?=\s|$)")
_OPEN_QUOTE = re.compile(r"«[ \u00a0]*")
_CLOSE_QUOTE = re.compile(r"[ \u00a0]*»")
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_PLURAL_POSSESSIVE = re.compile(r"(?<=s)'(?=[\s.,;:!?)]|$)")  # governments' (not a closing 'quote')


def N_(text: str) -> str:  # noqa: N802 - the usual gettext name for "mark for the catalog, translate later"
    """Marks a string for the Babel catalog; it is translated where it is shown."""
    return text


def NP_(context: str, text: str) -> str:  # noqa: N802 - as N_, for a message with a context
    """Marks a string for the Babel catalog under a context (pgettext); it is translated where it is used."""
    return text


# What a language's catalog says about the language itself: its translators know it, the code does not.
# Each is a message whose translation is the fact (an untranslated one gives what its comment says).
LANGUAGE_NAME = N_("language: its own name, as the language menu shows it")  # else CLDR's
FORMAT_LOCALE = N_("language: its CLDR locale, for dates and numbers, such as en_GB")  # else its code
TYPOGRAPHY = N_("language: its typography, 'french' for French spacing")  # else none (see TYPOGRAPHIES)
# else "long", the locale's usual long date
FIRST_DAY = N_("language: CLDR pattern of a long date on a month's first day, if not the usual")


@dataclass(frozen=True)
class Locale:
    """What a page needs to speak one language: translations, formatters, and the language's own facts
    (from its catalog)."""

    lang: str
    translations: gettext.NullTranslations
    catalog_text: str = ""  # the .po file's text: part of the render cache's key

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def pgettext(self, context: str, message: str) -> str:
        return self.translations.pgettext(context, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def _fact(self, message: str) -> str | None:
        """The catalog's translation of one of the language's facts; None when it gives none."""
        translated = self.translations.gettext(message)
        return translated if translated and translated != message else None

    @cached_property
    def name(self) -> str:
        """The language's name in itself, as a menu of languages shows it: « Français », "English"."""
        return self._fact(LANGUAGE_NAME) or BabelLocale.parse(self.lang).get_display_name() or self.lang

    @cached_property
    def format_locale(self) -> str:
        """The CLDR locale of its dates and numbers (and Open Graph's og:locale): British English writes
        "2 March 2026"."""
        return self._fact(FORMAT_LOCALE) or self.lang

    @cached_property
    def typography_style(self) -> str:
        """The name of its typography in TYPOGRAPHIES ("" for none)."""
        return self._fact(TYPOGRAPHY) or ""

    @cached_property
    def first_day_pattern(self) -> str:
        """How it writes a long date on the first day of a month: French says « 1er mars 2026 »."""
        return self._fact(FIRST_DAY) or "long"

    def language_name(self, lang: str) -> str:
        """The name of a language in this one, as a sentence says it: "French", « anglais » (CLDR's)."""
        return BabelLocale.parse(self.format_locale).languages.get(lang, lang)

    def date(self, value: datetime.date | None) -> str:
        if not value:
            return ""
        return _long_date(value, self.format_locale, self.first_day_pattern)

    def month_year(self, value: datetime.date) -> str:  # `date` is the method above, in here
        return format_date(value, format="MMMM y", locale=self.format_locale)

    def number(self, value: float | int) -> str:
        """As Babel's format_decimal(), with the locale and its pattern parsed once (pages show thousands
        of numbers, and parsing took most of each call)."""
        return self._decimal_pattern.apply(value, self._babel_locale)

    @cached_property
    def _babel_locale(self) -> BabelLocale:
        return BabelLocale.parse(self.format_locale)

    @cached_property
    def _decimal_pattern(self) -> NumberPattern:
        return parse_pattern(self._babel_locale.decimal_formats[None])

    def percent(self, share: float) -> str:
        """A share as a whole percentage, written the language's way: "50%", « 50 % »."""
        return format_percent(Decimal(round(100 * share)).scaleb(-2), locale=self.format_locale)

    def typography(self, text: str) -> str:
        """A short text (a label, a title) in the language's typography."""
        style = self.typography_style
        return _short_typeset(text, style) if style else text


@lru_cache(maxsize=4096)  # a site shows few distinct dates, each on many pages; Babel takes ~0.1 ms a call
def _long_date(value: datetime.date, locale: str, first_day_pattern: str) -> str:
    return format_date(value, format=first_day_pattern if value.day == 1 else "long", locale=locale)


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


def typeset(text: str, style: str) -> str:
    """The text (or HTML) in a typography of TYPOGRAPHIES, by its name; as it is for "" or an unknown one."""
    typography = TYPOGRAPHIES.get(style)
    return typography(text) if typography else text


@lru_cache(maxsize=8192)  # labels (regions, themes, steps) are typeset on every page that lists communes
def _short_typeset(text: str, style: str) -> str:
    return typeset(text, style)


def _in_text(html: str, change: Callable[[str], str]) -> str:
    """The HTML with `change` applied to its text only, never inside tags or entities."""
    parts = _TAG_OR_ENTITY.split(html)
    parts[::2] = [change(text) for text in parts[::2]]
    return "".join(parts)


def _french(text: str) -> str:
    text = _SPACE_BEFORE.sub("\u202f\\1", text)
    text = _SPACE_BEFORE_COLON.sub("\u00a0:", text)
    text = _CLOSE_QUOTE.sub("\u00a0»", _OPEN_QUOTE.sub("«\u00a0", text))
    return _APOSTROPHE.sub("’", text)


def french_typography(html: str) -> str:
    """Non-breaking spaces before : ; ! ? and inside « », curly apostrophes; text only, never inside tags."""
    return _in_text(html, _french)


def english_typography(html: str) -> str:
    """Curly apostrophes (Togo’s, governments’), as the French pages have; text only, never inside tags."""
    return _in_text(html, lambda text: _PLURAL_POSSESSIVE.sub("’", _APOSTROPHE.sub("’", text)))


# The typographies a catalog may name for its language (TYPOGRAPHY).
TYPOGRAPHIES = {"french": french_typography, "english": english_typography}
