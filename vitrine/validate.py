"""Validate stage: JSON Schema per file kind, then rules that span several files. Gathers every problem."""

from __future__ import annotations

import difflib
import json
import re
from contextlib import contextmanager
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from .loader import NEWS_NAME, MarkdownDoc, RawCommune, RawContent, YamlDoc
from .pages import site_paths
from .problems import Problem, display_path

SCHEMA_KINDS = ("site", "programme", "profile", "progress", "frontmatter")
MAX_PHOTO_BYTES = 1_000_000  # pages are read on slow, expensive mobile data
IMAGE_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")
MARKDOWN_LINK = re.compile(r"\]\(\s*<?(/[^)\s>]*)|href=[\"'](/[^\"']*)")
FRONT_MATTER_REQUIRED = {"news": ["title", "date", "summary"], "page": ["title", "summary"], "pitch": []}


SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"


def schema_files() -> dict[str, Path]:
    """The JSON Schemas as published with the site (schemas/<name>), for editors to validate while typing."""
    return {f"schemas/{path.name}": path for path in sorted(SCHEMA_DIR.glob("*.schema.json"))}


@cache
def schema_texts() -> dict[str, str]:
    """The packaged JSON Schemas, by file name."""
    return {path.name: path.read_text(encoding="utf-8") for path in SCHEMA_DIR.glob("*.schema.json")}


@cache
def validator(kind: str) -> Draft202012Validator:
    schemas = {name: json.loads(text) for name, text in schema_texts().items()}
    registry = Registry().with_resources((name, Resource.from_contents(s)) for name, s in schemas.items())
    return Draft202012Validator(
        schemas[f"{kind}.schema.json"], registry=registry, format_checker=FormatChecker()
    )


def validate_content(raw: RawContent, as_of: date | None = None) -> list[Problem]:
    """Every problem in the content: schema errors, then cross-file rules (dates checked against as_of)."""
    problems: list[Problem] = []
    site_ok = _check_schema(raw.site, "site", problems)
    programme_ok = _check_schema(raw.programme, "programme", problems)
    for commune in raw.communes:
        _check_schema(commune.profile, "profile", problems)
        _check_schema(commune.progress, "progress", problems)
        for doc in commune.texts.values():
            _check_front_matter(doc, "pitch", problems)
    for doc in raw.news:
        _check_front_matter(doc, "news", problems)
    for doc in raw.pages:
        _check_front_matter(doc, "page", problems)
    if not (site_ok and programme_ok):
        return problems  # the vocabularies the other rules need are not readable
    rules = CrossFileRules(raw.site.data, raw.programme.data, as_of or date.today(), problems)
    rules.check_localized_texts([raw.site, raw.programme])
    rules.check_phone(raw.site, ("contact", "phone"), raw.site.data["contact"].get("phone"))
    parsed = [c for c in raw.communes if _is_mapping(c.profile) and _is_mapping(c.progress)]
    for commune in parsed:
        rules.check_commune(commune)
    rules.check_unique_slugs(parsed)
    rules.check_news(
        [doc for doc in raw.news if _is_mapping(doc.front)], {c.folder.name for c in raw.communes}
    )
    rules.check_translations(raw.pages)
    rules.check_internal_links(raw)
    return problems


def _is_mapping(doc: YamlDoc | None) -> bool:
    return doc is not None and isinstance(doc.data, dict)


@contextmanager
def _unless_malformed():
    """Skip a rule on a part whose shape is wrong: the schema check has already reported it."""
    try:
        yield
    except (KeyError, TypeError, AttributeError, ValueError):
        pass


def _check_schema(doc: YamlDoc | None, kind: str, problems: list[Problem]) -> bool:
    if doc is None:
        return False
    if doc.data is None:
        problems.append(doc.problem((), "file has no content"))
        return False
    errors = sorted(validator(kind).iter_errors(doc.data), key=lambda e: doc.position(tuple(e.absolute_path)))
    problems.extend(_describe(error, doc) for error in errors)
    return not errors


def _check_front_matter(doc: MarkdownDoc, kind: str, problems: list[Problem]) -> bool:
    errors = list(validator("frontmatter").iter_errors(doc.front.data))
    problems.extend(_describe(error, doc.front) for error in errors)
    missing = [key for key in FRONT_MATTER_REQUIRED[kind] if key not in doc.front.data]
    for key in missing:
        problems.append(
            Problem(
                display_path(doc.path),
                1,
                1,
                f"missing '{key}' in the front matter (between --- lines at the top)",
            )
        )
    return not errors and not missing


def _describe(error: ValidationError, doc: YamlDoc) -> Problem:
    """Turn a JSON Schema error into a message a person can act on, at the right line."""
    where = tuple(error.absolute_path)
    if error.validator in ("oneOf", "anyOf") and error.context:
        # "x or null": report why x failed, not that nothing matched.
        real = [e for e in error.context if e.validator_value != "null"]
        if real:
            error = min(real, key=lambda e: len(list(e.relative_path)))
    field = " → ".join(f"#{part + 1}" if isinstance(part, int) else str(part) for part in where)
    hint = error.schema.get("x-hint") if isinstance(error.schema, dict) else None
    match error.validator:
        case "required":
            missing = error.message.split("'")[1]
            return doc.problem(
                where, f"missing required field '{missing}'" + (f" in {field}" if field else "")
            )
        case "additionalProperties" if isinstance(error.instance, dict):
            allowed = sorted(error.schema.get("properties", {}))
            unknown = [key for key in error.instance if key not in allowed]
            if not allowed and unknown:
                return doc.problem(
                    where + (unknown[0],), f"unexpected key '{unknown[0]}'" + _hint(hint), of_key=True
                )
            key = unknown[0] if unknown else "?"
            return doc.problem(
                where + (key,),
                f"unknown key '{key}'" + (f" in {field}" if field else "") + _suggest(key, allowed),
                of_key=True,
            )
        case "enum":
            choices = [str(c) for c in error.validator_value]
            return doc.problem(
                where,
                f"{field}: '{error.instance}' is not allowed"
                + _suggest(str(error.instance), choices, show_all=True),
            )
        case "type":
            expected = error.validator_value
            expected = " or ".join(expected) if isinstance(expected, list) else expected
            return doc.problem(
                where, f"{field}: expected {_type_name(expected)}, found {_describe_value(error.instance)}"
            )
        case "minimum" | "exclusiveMinimum":
            return doc.problem(
                where, f"{field}: {error.instance} is too small (minimum {error.validator_value})"
            )
        case "maximum":
            return doc.problem(
                where, f"{field}: {error.instance} is too large (maximum {error.validator_value})"
            )
        case "minItems" | "minLength" | "minProperties":
            return doc.problem(where, f"{field}: must not be empty" + _hint(hint))
        case _:
            text = f"{field}: {_describe_value(error.instance)} is not valid"
            return doc.problem(where, text + _hint(hint or error.schema.get("description")))


def _hint(hint: str | None) -> str:
    return f": {hint}" if hint else ""


def _suggest(value: object, choices: list[str], show_all: bool = False) -> str:
    close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.6)
    if close:
        return f"; did you mean '{close[0]}'?"
    if show_all or len(choices) <= 12:
        return "; expected one of: " + ", ".join(choices)
    return ""


def _type_name(name: str) -> str:
    names = {
        "object": "a list of 'key: value' lines",
        "array": "a list",
        "string": "a text",
        "number": "a number",
        "integer": "a whole number",
        "boolean": "true or false",
        "null": "nothing",
    }
    return " or ".join(names.get(part, part) for part in name.split(" or "))


def _describe_value(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, dict):
        return "a list of 'key: value' lines"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return repr(value)


class CrossFileRules:
    """Rules that need more than one file: vocabularies, slugs, translations, photos."""

    def __init__(self, site: dict, programme: dict, as_of: date, problems: list[Problem]):
        self.languages = site["languages"]
        self.default = self.languages[0]
        self.phone_format = site.get("phone_format")
        self.start = date.fromisoformat(programme["start"])
        self.as_of = as_of
        self.vocab = {
            "region": [r["id"] for r in programme["regions"]],
            "theme": [t["id"] for t in programme["themes"]],
            "level": [t["id"] for t in programme["levels"]],
            "kind": [t["id"] for t in programme["figure_kinds"]],
            "milestone": [t["id"] for t in programme["milestones"]],
        }
        self.problems = problems

    def _in_vocabulary(self, doc: YamlDoc, where: tuple, value: str, vocab: str) -> None:
        if value not in self.vocab[vocab]:
            choices = self.vocab[vocab]
            message = f"'{value}' is not a known {vocab} (see programme.yaml)" + _suggest(
                value, choices, True
            )
            self.problems.append(doc.problem(where, message, of_key=vocab == "milestone"))

    def check_localized_texts(self, docs: list[YamlDoc]) -> None:
        """Every {fr: …, en: …} text has the default language."""
        for doc in docs:
            for where, value in _walk(doc.data):
                if _is_localized(value) and self.default not in value:
                    self.problems.append(doc.problem(where, f"text has no '{self.default}' version: add it"))

    def check_commune(self, commune: RawCommune) -> None:
        profile, progress, data = commune.profile, commune.progress, commune.profile.data
        self.check_localized_texts([profile, progress])
        with _unless_malformed():
            if data["slug"] != commune.folder.name:
                message = f"slug '{data['slug']}' differs from the folder name '{commune.folder.name}'"
                self.problems.append(profile.problem(("slug",), message + ": make them equal"))
        with _unless_malformed():
            self._in_vocabulary(profile, ("region",), data["region"], "region")
        with _unless_malformed():
            for i, theme in enumerate(data["themes_sought"]):
                self._in_vocabulary(profile, ("themes_sought", i), theme, "theme")
        with _unless_malformed():
            for i, project in enumerate(data["projects"]):
                self._in_vocabulary(profile, ("projects", i, "theme"), project["theme"], "theme")
        with _unless_malformed():
            for i, figure in enumerate(data["figures"]):
                self._in_vocabulary(profile, ("figures", i, "kind"), figure["kind"], "kind")
                self._in_vocabulary(profile, ("figures", i, "level"), figure["level"], "level")
        with _unless_malformed():
            for i, asset in enumerate(data["assets"]):
                self._in_vocabulary(profile, ("assets", i, "level"), asset["level"], "level")
        with _unless_malformed():
            for i, photo in enumerate(data["photos"]):
                self._check_photo(commune, i, photo["file"])
        with _unless_malformed():
            for step in progress.data["steps"]:
                self._in_vocabulary(progress, ("steps", step), step, "milestone")
        with _unless_malformed():
            for i, partnership in enumerate(progress.data["partnerships"]):
                for j, theme in enumerate(partnership.get("themes", [])):
                    self._in_vocabulary(progress, ("partnerships", i, "themes", j), theme, "theme")
        with _unless_malformed():
            self.check_phone(profile, ("contact", "phone"), data["contact"]["phone"])
        with _unless_malformed():
            self._check_progress_dates(progress)
        self._check_languages(commune.folder / "profile.yaml", commune.texts, "fr.md")

    def check_phone(self, doc: YamlDoc, where: tuple, phone: str | None) -> None:
        """A local number has the country prefix and exactly the expected number of digits after it."""
        if not phone or not self.phone_format or not phone.startswith(self.phone_format["prefix"]):
            return
        digits = "".join(ch for ch in phone.removeprefix(self.phone_format["prefix"]) if ch.isdigit())
        expected = self.phone_format["digits"]
        if len(digits) != expected:
            message = (
                f"telephone '{phone}' has {len(digits)} digits after {self.phone_format['prefix']}; "
                f"expected {expected}, e.g. {self.phone_format['prefix']} 90 12 34 56"
            )
            self.problems.append(doc.problem(where, message))

    def _check_progress_dates(self, progress: YamlDoc) -> None:
        """Reported dates fall between the programme's start and the as-of date."""
        data = progress.data
        dated = [(("updated",), data["updated"])]
        if data.get("joined"):
            dated.append((("joined", "date"), data["joined"]["date"]))
        dated += [
            (("steps", key, "date"), step["date"])
            for key, step in data["steps"].items()
            if "date" in step and step["status"] != "planned"
        ]
        for key in ("partnerships", "funds"):
            dated += [((key, i, "date"), item["date"]) for i, item in enumerate(data[key])]
        for where, text in dated:
            try:
                value = date.fromisoformat(text)
            except (TypeError, ValueError):
                continue  # a malformed date is reported by the schema
            if value < self.start and where[0] != "updated":
                message = f"{text} is before the programme started ({self.start.isoformat()}): check the year"
                self.problems.append(progress.problem(where, message))
            elif value > self.as_of:
                message = f"{text} is after today ({self.as_of.isoformat()}): report only what has happened"
                self.problems.append(progress.problem(where, message))

    def _check_photo(self, commune: RawCommune, index: int, file: str) -> None:
        path = (commune.folder / file).resolve()
        if commune.folder.resolve() not in path.parents:
            message = (
                f"photo '{file}' is outside the commune's folder: put it in {commune.folder.name}/photos/"
            )
        elif not path.is_file():
            message = f"photo '{file}' not found: add it to {commune.folder.name}/photos/ or fix the name"
        elif not _looks_like_image(path):
            message = (
                f"photo '{file}' is not a JPEG, PNG or WebP image: export it again in one of these formats"
            )
        elif path.stat().st_size > MAX_PHOTO_BYTES:
            size = path.stat().st_size / 1_000_000
            message = (
                f"photo '{file}' is too large ({size:.1f} MB): resize it under 1 MB (about 1600 pixels wide)"
            )
        else:
            return
        self.problems.append(commune.profile.problem(("photos", index, "file"), message))

    def _check_languages(self, anchor, texts: dict, example: str) -> None:
        if self.default not in texts:
            name = example.replace("fr", self.default)
            self.problems.append(
                Problem(display_path(anchor.parent / name), 1, 1, f"missing text: create {name}")
            )
        for lang in self.languages[1:]:
            name = example.replace("fr", lang)
            if lang not in texts and not (anchor.parent / name).exists():
                self.problems.append(
                    Problem(
                        display_path(anchor.parent / name),
                        1,
                        1,
                        f"no {lang} text yet: the {self.default} text is shown instead",
                        warning=True,
                    )
                )
        for lang, doc in texts.items():
            if lang not in self.languages:
                self.problems.append(
                    Problem(display_path(doc.path), 1, 1, f"language '{lang}' is not in site.yaml languages")
                )

    def check_unique_slugs(self, communes: list[RawCommune]) -> None:
        seen: dict[str, RawCommune] = {}
        for commune in communes:
            slug = commune.profile.data.get("slug")
            if not isinstance(slug, str):
                continue  # reported by the schema
            if slug in seen:
                other = display_path(seen[slug].folder / "profile.yaml")
                self.problems.append(
                    commune.profile.problem(("slug",), f"slug '{slug}' is already used by {other}")
                )
            seen.setdefault(slug, commune)

    def check_news(self, news: list[MarkdownDoc], slugs: set[str]) -> None:
        for doc in news:
            front = doc.front.data
            name_date = NEWS_NAME.match(doc.path.name).group("date")
            if "date" in front and front["date"] != name_date:
                message = f"date {front['date']} differs from the file name's {name_date}: make them equal"
                self.problems.append(doc.front.problem(("date",), message))
            with _unless_malformed():
                for i, slug in enumerate(front.get("communes", [])):
                    if slug not in slugs:
                        message = f"unknown commune '{slug}'" + _suggest(str(slug), sorted(slugs))
                        self.problems.append(doc.front.problem(("communes", i), message))
        self.check_translations(news)

    def check_internal_links(self, raw: RawContent) -> None:
        """Links like [x](/communes/kloto-3/) in Markdown must lead to a page of the site."""
        known = site_paths(
            self.languages,
            [c.folder.name for c in raw.communes],
            [d.slug for d in raw.news],
            [d.slug for d in raw.pages],
        )
        docs = [doc for commune in raw.communes for doc in commune.texts.values()] + raw.news + raw.pages
        for doc in docs:
            for match in MARKDOWN_LINK.finditer(doc.body):
                target = (match.group(1) or match.group(2)).split("#", 1)[0].split("?", 1)[0]
                if target.lstrip("/") in known or target.startswith(("/media/", "/schemas/")):
                    continue
                start = match.start(1) if match.group(1) else match.start(2)
                line = doc.body_line + doc.body.count("\n", 0, start)
                col = start - (doc.body.rfind("\n", 0, start) + 1) + 1
                message = f"link to '{target}': no such page on the site" + _suggest(
                    target, sorted("/" + path for path in known)
                )
                self.problems.append(Problem(display_path(doc.path), line, col, message))

    def check_translations(self, docs: list[MarkdownDoc]) -> None:
        """Each news item or page has its default-language file; other languages are optional."""
        by_slug: dict[str, dict[str, MarkdownDoc]] = {}
        for doc in docs:
            by_slug.setdefault(doc.slug, {})[doc.lang] = doc
        for versions in by_slug.values():
            any_doc = next(iter(versions.values()))
            example = any_doc.path.name.replace(f".{any_doc.lang}.md", ".fr.md")
            self._check_languages(any_doc.path, versions, example)


def _looks_like_image(path: Path) -> bool:
    head = path.read_bytes()[:12]
    return head.startswith(IMAGE_SIGNATURES) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


def _walk(value: Any, where: tuple = ()):
    yield where, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, where + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, where + (index,))


def _is_localized(value: Any) -> bool:
    return isinstance(value, dict) and bool(value) and all(len(k) == 2 and k.isalpha() for k in value)
