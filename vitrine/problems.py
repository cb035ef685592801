"""Content problems: where they are, what is wrong and what to do, reported in the site's language."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from gettext import NullTranslations
from pathlib import Path

from babel.numbers import format_decimal

MAX_ECHO = 120  # characters of a value a message may repeat: content can be anything, and long
untranslated = NullTranslations()  # the msgids as they are, in the code's own words


@dataclass(frozen=True)
class Message:
    """One piece of a message: an English template (the catalog's msgid) and its values.

    Texts that carry their own translations (hints stored in the JSON Schemas) come as `localized`, by
    language, the msgids' own language first.

    Rendered in a language (`lang`, with its catalog's translations), or as the code writes it (`lang`
    None, translations `untranslated`).
    """

    template: str
    values: tuple[tuple[str, str | float | Message], ...] = ()
    localized: tuple[tuple[str, str], ...] = ()
    plural: str = ""  # with `count`: the msgid_plural, for "1 error" / "2 errors"
    count: int = 0

    def render(self, translations: NullTranslations, lang: str | None) -> str:
        if self.localized:
            texts = dict(self.localized)
            return (texts.get(lang) if lang else None) or next(iter(texts.values()))
        if not self.template:
            return ""  # gettext("") would return the catalog's header
        values = {name: _render_value(value, translations, lang) for name, value in self.values}
        if self.plural:
            text = translations.ngettext(self.template, self.plural, self.count)
        else:
            text = translations.gettext(self.template)
        return text % values if values else text


def _render_value(value: str | float | Message, translations: NullTranslations, lang: str | None) -> str:
    if isinstance(value, Message):
        return value.render(translations, lang)
    if isinstance(value, float):  # 4.6 MB is « 4,6 Mo » in French; CLDR's root locale writes 4.6
        return format_decimal(value, locale=lang or "root")
    return value


def message_data(message: Message) -> dict:
    """The message as plain JSON data (the cache keeps a build's warnings so, never as code)."""
    values = [[name, message_data(v) if isinstance(v, Message) else v] for name, v in message.values]
    return {
        "template": message.template,
        "values": values,
        "localized": list(message.localized),
        "plural": message.plural,
        "count": message.count,
    }


def message_from_data(data: dict) -> Message:
    """The message message_data gave; TypeError, KeyError or ValueError for anything else."""
    values = tuple((str(name), _value_from_data(value)) for name, value in data["values"])
    localized = tuple((str(lang), str(text)) for lang, text in data["localized"])
    return Message(str(data["template"]), values, localized, str(data["plural"]), int(data["count"]))


def _value_from_data(value: object) -> str | float | Message:
    if isinstance(value, dict):
        return message_from_data(value)
    return float(value) if isinstance(value, float) else str(value)


def say(template: str, **values: object) -> Message:
    """A message to translate later; %(name)s placeholders take the values (a value may be a Message; a
    float is written the language's way), each shown as a short excerpt on one line."""
    kept = (
        (name, value if isinstance(value, Message | float) else excerpt(str(value)))
        for name, value in values.items()
    )
    return Message(template, tuple(sorted(kept)))


def say_count(singular: str, plural: str, count: int, **values: object) -> Message:
    """A message whose words agree with a number, %(n)s in the text: "1 error", "2 errors"."""
    message = say(singular, n=count, **values)
    return Message(message.template, message.values, plural=plural, count=count)


def listing(parts: list[Message]) -> Message:
    """Messages joined by commas. (Its template is only placeholders: the catalogs need no entry for it.)"""
    return Message(
        ", ".join(f"%(p{i})s" for i in range(len(parts))), tuple((f"p{i}", m) for i, m in enumerate(parts))
    )


def excerpt(text: str, limit: int = MAX_ECHO) -> str:
    """The text as a message may show it: cut after `limit` characters, control characters written as
    escapes (as repr does), so that a value never adds a line to the output nor fills it."""
    return one_line(text if len(text) <= limit else text[:limit] + "…")


def one_line(text: str) -> str:
    """The text with its control characters (line breaks included) written as escapes, as repr does."""
    return "".join(repr(char)[1:-1] if _is_control(char) else char for char in text)


def _is_control(char: str) -> bool:
    return char < " " or "\x7f" <= char <= "\x9f" or char in "\u2028\u2029"


def suggest(value: object, choices: list[str], show_all: bool = False) -> list[Message]:
    """ "Did you mean …?" for a near miss, else the list of choices when it is short."""
    close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.6)
    if close:
        return [say("; did you mean '%(choice)s'?", choice=close[0])]
    if show_all or len(choices) <= 12:
        return [say("; expected one of: %(choices)s", choices=", ".join(choices))]
    return []


def localized(texts: dict[str, str]) -> Message:
    """A text given in each language, the msgids' own language first (as the schemas' x-hint write it):
    it is the one shown in a language the texts lack."""
    return Message("", (), tuple(texts.items()))


@dataclass(frozen=True)
class Problem:
    """One mistake in the content, located as path:line:col (1-based)."""

    path: str
    line: int
    col: int
    parts: tuple[Message, ...]
    warning: bool = False

    def text(self, translations: NullTranslations = untranslated, lang: str | None = None) -> str:
        return "".join(part.render(translations, lang) for part in self.parts)

    @property
    def message(self) -> str:
        return self.text()

    def line_for(self, translations: NullTranslations = untranslated, lang: str | None = None) -> str:
        prefix = say("warning: ").render(translations, lang) if self.warning else ""
        # One line, whatever a file name holds.
        return one_line(f"{self.path}:{self.line}:{self.col}: {prefix}{self.text(translations, lang)}")

    def github_annotation(
        self, translations: NullTranslations = untranslated, lang: str | None = None
    ) -> str:
        """A workflow command; escaped as GitHub documents, so that no value can start another command."""
        kind = "warning" if self.warning else "error"
        file = _escape_command(self.path, ":,")
        text = _escape_command(self.text(translations, lang))
        return f"::{kind} file={file},line={self.line},col={self.col}::{text}"

    def __str__(self) -> str:
        return self.line_for()


def _escape_command(text: str, also: str = "") -> str:
    for char in "%\r\n" + also:
        text = text.replace(char, f"%{ord(char):02X}")
    return text


def problem_data(item: Problem) -> list:
    parts = [message_data(part) for part in item.parts]
    return [item.path, item.line, item.col, parts, item.warning]


def problem_from_data(data: list) -> Problem:
    path, line, col, parts, warning = data
    messages = tuple(message_from_data(part) for part in parts)
    return Problem(str(path), int(line), int(col), messages, bool(warning))


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

    def __reduce__(self):  # pickled whole: a worker process sends its problems to the build
        return (ContentError, (self.problems,))


def display_path(path: Path) -> str:
    """Path as shown in messages: relative to the current directory when possible. Links are not followed:
    a message names the content's own file, never what a link points to."""
    try:
        return str(Path(os.path.abspath(path)).relative_to(os.getcwd()))
    except ValueError:
        return str(path)


def errors_only(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if not p.warning]
