"""Content problems: where they are, what is wrong and what to do, reported in the site's language."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from gettext import NullTranslations
from pathlib import Path

from babel.numbers import format_decimal

untranslated = NullTranslations()  # the English msgids as they are


@dataclass(frozen=True)
class Message:
    """One piece of a message: an English template (the catalog's msgid) and its values.

    Texts that carry their own translations (hints stored in the JSON Schemas) come as `localized`.
    """

    template: str
    values: tuple[tuple[str, str | float | Message], ...] = ()
    localized: tuple[tuple[str, str], ...] = ()
    plural: str = ""  # with `count`: the msgid_plural, for "1 error" / "2 errors"
    count: int = 0

    def render(self, translations: NullTranslations, lang: str) -> str:
        if self.localized:
            texts = dict(self.localized)
            return texts.get(lang) or texts.get("en") or next(iter(texts.values()))
        if not self.template:
            return ""  # gettext("") would return the catalog's header
        values = {name: _render_value(value, translations, lang) for name, value in self.values}
        if self.plural:
            text = translations.ngettext(self.template, self.plural, self.count)
        else:
            text = translations.gettext(self.template)
        return text % values if values else text


def _render_value(value: str | float | Message, translations: NullTranslations, lang: str) -> str:
    if isinstance(value, Message):
        return value.render(translations, lang)
    if isinstance(value, float):  # 4.6 MB is « 4,6 Mo » in French
        return format_decimal(value, locale=lang)
    return value


def say(template: str, **values: object) -> Message:
    """A message to translate later; %(name)s placeholders take the values (a value may be a Message;
    a float is written the language's way)."""
    kept = (
        (name, value if isinstance(value, Message | float) else str(value)) for name, value in values.items()
    )
    return Message(template, tuple(sorted(kept)))


def say_count(singular: str, plural: str, count: int, **values: object) -> Message:
    """A message whose words agree with a number, %(n)s in the text: "1 error", "2 errors"."""
    message = say(singular, n=count, **values)
    return Message(message.template, message.values, plural=plural, count=count)


def suggest(value: object, choices: list[str], show_all: bool = False) -> list[Message]:
    """ "Did you mean …?" for a near miss, else the list of choices when it is short."""
    close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.6)
    if close:
        return [say("; did you mean '%(choice)s'?", choice=close[0])]
    if show_all or len(choices) <= 12:
        return [say("; expected one of: %(choices)s", choices=", ".join(choices))]
    return []


def listing(parts: list[Message]) -> Message:
    """Messages joined by commas. (Its template is only placeholders: the catalogs need no entry for it.)"""
    return Message(
        ", ".join(f"%(p{i})s" for i in range(len(parts))), tuple((f"p{i}", m) for i, m in enumerate(parts))
    )


def localized(texts: dict[str, str]) -> Message:
    return Message("", (), tuple(sorted(texts.items())))


@dataclass(frozen=True)
class Problem:
    """One mistake in the content, located as path:line:col (1-based)."""

    path: str
    line: int
    col: int
    parts: tuple[Message, ...]
    warning: bool = False

    def text(self, translations: NullTranslations = untranslated, lang: str = "en") -> str:
        return "".join(part.render(translations, lang) for part in self.parts)

    @property
    def message(self) -> str:
        return self.text()

    def line_for(self, translations: NullTranslations = untranslated, lang: str = "en") -> str:
        prefix = say("warning: ").render(translations, lang) if self.warning else ""
        return f"{self.path}:{self.line}:{self.col}: {prefix}{self.text(translations, lang)}"

    def github_annotation(self, translations: NullTranslations = untranslated, lang: str = "en") -> str:
        kind = "warning" if self.warning else "error"
        text = self.text(translations, lang)
        return f"::{kind} file={self.path},line={self.line},col={self.col}::{text}"

    def __str__(self) -> str:
        return self.line_for()


def problem(path: Path | str, line: int, col: int, *parts: Message, warning: bool = False) -> Problem:
    where = display_path(path) if isinstance(path, Path) else path
    return Problem(where, line, col, parts, warning)


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Unique problems, by file, line and column."""
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.col, p.message))


class ContentError(Exception):
    """Raised when the content has errors; carries all problems (errors and warnings)."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(errors_only(problems))} content error(s)")
        self.problems = problems


def display_path(path: Path) -> str:
    """Path as shown in messages: relative to the current directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def errors_only(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if not p.warning]
