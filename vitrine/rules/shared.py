"""What every cross-file rule needs: the settings' languages and vocabularies, the problem list,
the checks passed before, and the rules that apply to any file (localized texts, phones, languages)."""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cache, partial
from pathlib import Path
from typing import Any, Protocol

from ..loader import (
    MarkdownDoc,
    YamlDoc,
)
from ..names import slugify
from ..problems import Problem, listing, problem, say

COMMON_WORDS = Path(__file__).resolve().parent.parent / "common_words.json"


WORD = re.compile(r"[^\W\d_]+")


UNKNOWN_TERM = {
    "region": lambda value: say("'%(value)s' is not a known region (see programme.yaml)", value=value),
    "theme": lambda value: say("'%(value)s' is not a known theme (see programme.yaml)", value=value),
    "level": lambda value: say("'%(value)s' is not a known level (see programme.yaml)", value=value),
    "kind": lambda value: say("'%(value)s' is not a known kind of figure (see programme.yaml)", value=value),
    "milestone": lambda value: say("'%(value)s' is not a known milestone (see programme.yaml)", value=value),
    "component": lambda value: say(
        "'%(value)s' is not a known programme component (see programme.yaml)", value=value
    ),
    "prefecture": lambda value: say(
        "'%(value)s' is not in programme.yaml's list of préfectures: check the spelling", value=value
    ),
}


@contextmanager
def unless_malformed() -> Iterator[None]:
    """Skip a rule on a part whose shape is wrong: the schema check has already reported it."""
    try:
        yield
    except (KeyError, TypeError, AttributeError, ValueError):
        pass


class CheckMemo(Protocol):
    """Runs a check unless it passed before with the same inputs (the speed layer's PassedChecks)."""

    def passed(self, *depends_on: object) -> bool: ...

    def add(self, *depends_on: object) -> None: ...

    def check_once(self, depends_on: tuple, problems: list[Problem], check: Callable[[], None]) -> None: ...


def is_mapping(doc: YamlDoc | None) -> bool:
    return doc is not None and isinstance(doc.data, dict)


@cache
def _common_words() -> dict[str, frozenset[str]]:
    words = json.loads(COMMON_WORDS.read_text(encoding="utf-8"))["words"]
    return {lang: frozenset(known) for lang, known in words.items()}


def _label(texts: dict[str, str], lang: str) -> str:
    return texts.get(lang) or next(iter(texts.values()))


def _comparable(text: str) -> str:
    """'Eau et assainissement', 'eau-et-assainissement' -> 'eau_et_assainissement'."""
    return slugify(text).replace("-", "_")


def _walk(value: Any, where: tuple = ()):
    yield where, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, where + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, where + (index,))


def _is_localized(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and bool(value)
        and all(isinstance(k, str) and len(k) == 2 and k.isalpha() for k in value)
    )


class RuleContext:
    """The settings every rule reads, and the rules any file may need."""

    def __init__(
        self,
        site: dict,
        programme: dict,
        as_of: date,
        problems: list[Problem],
        checks: CheckMemo,
    ):
        self.languages = site["languages"]
        self.default = self.languages[0]
        self.phone_format = site.get("phone_format")
        self.start = date.fromisoformat(programme["start"])
        self.as_of = as_of
        # Each vocabulary: code -> its label in the default language (codes are what the files hold).
        self.vocab = {
            vocab: {term["id"]: _label(term.get("label") or term["name"], self.default) for term in terms}
            for vocab, terms in (
                ("region", programme["regions"]),
                ("theme", programme["themes"]),
                ("level", programme["levels"]),
                ("kind", programme["figure_kinds"]),
                ("milestone", programme["milestones"]),
                ("component", programme["components"]),
            )
        }
        self.vocab["prefecture"] = {name: name for name in programme.get("prefectures", [])}
        # What a commune's rules read of the settings, as one short text for the check memo's keys: spelled
        # out once per build, not once per commune.
        settings = (self.languages, self.phone_format, self.start, self.as_of, self.vocab)
        self.settings_digest = hashlib.sha256(repr(settings).encode("utf-8", "surrogatepass")).hexdigest()
        self.problems = problems
        self.checks = checks
        self.folders: list[str] = []  # of the communes checked so far
        self.slugs: dict[str, Path] = {}  # slug -> folder of the first commune that has it
        self.links: list[Link] = []  # in the communes' texts

    def in_vocabulary(self, doc: YamlDoc, where: tuple, value: str, vocab: str) -> None:
        """A code from one of programme.yaml's lists. Staff often write the label (« Eau et assainissement »)
        or a code of their own: name the code to write, with its label."""
        terms = self.vocab[vocab]
        if value in terms or not isinstance(value, str):
            return
        labelled = {
            code: say("'%(code)s' (%(label)s)", code=code, label=label)
            if label != code
            else say("'%(code)s'", code=code)
            for code, label in terms.items()
        }
        named = [code for code, label in terms.items() if _comparable(label) == _comparable(value)]
        if named:
            message = say(
                "'%(value)s' is the name: write its code %(code)s", value=value, code=labelled[named[0]]
            )
            self.problems.append(doc.problem(where, message, of_key=vocab == "milestone"))
            return
        # A near miss of a code or of a label ("eau_assainissement") points at its code.
        by_form = {_comparable(code): code for code in terms} | {_comparable(v): k for k, v in terms.items()}
        close = difflib.get_close_matches(_comparable(value), list(by_form), n=1, cutoff=0.6)
        if close:
            hints = [say("; did you mean %(choice)s?", choice=labelled[by_form[close[0]]])]
        else:
            hints = [say("; expected one of: %(choices)s", choices=listing(list(labelled.values())))]
        message = UNKNOWN_TERM[vocab](value)
        self.problems.append(doc.problem(where, message, *hints, of_key=vocab == "milestone"))

    def check_localized_texts(self, docs: list[YamlDoc]) -> None:
        """Every {fr: …, en: …} text has the default language."""
        for doc in docs:
            if doc.text:  # a file that passed, unchanged, passes
                depends_on = ("localized", self.default, doc.text)
                self.checks.check_once(depends_on, self.problems, partial(self._check_localized, doc))
            else:
                self._check_localized(doc)

    def _check_localized(self, doc: YamlDoc) -> None:
        for where, value in _walk(doc.data):
            if _is_localized(value) and self.default not in value:
                message = say("text has no '%(lang)s' version: add it", lang=self.default)
                self.problems.append(doc.problem(where, message))

    def check_text_language(self, doc: MarkdownDoc) -> None:
        """A text pasted into the other language's file (French in en.md) is shown under the wrong flag."""
        words = _common_words()
        if doc.lang not in words:
            return
        tokens = WORD.findall(doc.body.lower())
        hits = {lang: sum(token in known for token in tokens) for lang, known in words.items()}
        other = max((lang for lang in hits if lang != doc.lang), key=hits.__getitem__, default=None)
        if other and hits[other] >= 10 and hits[other] > 3 * max(hits[doc.lang], 1):
            message = say(
                "this text seems to be in '%(other)s', not in '%(lang)s': put each language's text in its "
                "own file (%(other)s.md, %(lang)s.md)",
                other=other,
                lang=doc.lang,
            )
            self.problems.append(problem(doc.path, doc.body_line, 1, message, warning=True))

    def check_phone(self, doc: YamlDoc, where: tuple, phone: str | None) -> None:
        """A local number has the country prefix and exactly the expected number of digits after it."""
        if not phone or not self.phone_format or not phone.startswith(self.phone_format["prefix"]):
            return
        prefix, expected = self.phone_format["prefix"], self.phone_format["digits"]
        digits = sum(ch.isdigit() for ch in phone.removeprefix(prefix))
        if digits != expected:
            message = say(
                "telephone '%(phone)s' has %(count)s digits after %(prefix)s; expected %(expected)s, "
                "e.g. %(prefix)s 90 12 34 56",
                phone=phone,
                count=digits,
                prefix=prefix,
                expected=expected,
            )
            self.problems.append(doc.problem(where, message))

    def check_languages(self, anchor: Path, texts: dict, file_name: Callable[[str], str]) -> None:
        """The default language's text is required; the others are optional (the default is shown).
        `file_name` gives the name of a language's file, in the folder of `anchor`."""
        name = file_name(self.default)
        if self.default not in texts and not os.path.lexists(anchor.parent / name):  # else it has its error
            self.problems.append(
                problem(anchor.parent / name, 1, 1, say("missing text: create %(name)s", name=name))
            )
        for lang in self.languages[1:]:
            name = file_name(lang)
            if lang not in texts and not (anchor.parent / name).exists():
                message = say(
                    "no %(lang)s text yet: the %(default)s text is shown instead",
                    lang=lang,
                    default=self.default,
                )
                self.problems.append(problem(anchor.parent / name, 1, 1, message, warning=True))
        for lang, doc in texts.items():
            if lang not in self.languages:
                message = say("language '%(lang)s' is not in site.yaml languages", lang=lang)
                self.problems.append(problem(doc.path, 1, 1, message))


@dataclass(frozen=True)
class Link:
    """A link to a page of the site (/communes/…) in a Markdown text, where it is written."""

    path: Path
    line: int
    col: int
    target: str
    lang: str  # of the text it is in
