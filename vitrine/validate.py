"""Validate stage: JSON Schema per file kind, then the cross-file rules (rules.py). Gathers every problem."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, cast

from email_validator import EmailNotValidError, validate_email
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from .loader import MarkdownDoc, RawCommune, RawContent, YamlDoc
from .paths import SiteMap, schema_path
from .problems import Problem, localized, problem, say, suggest
from .rules import CheckMemo, CrossFileRules

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
FRONT_MATTER_REQUIRED = {"news": ["title", "date", "summary"], "page": ["title", "summary"], "pitch": []}
TYPE_NAMES = {
    "object": say("a list of 'key: value' lines"),
    "array": say("a list"),
    "string": say("a text"),
    "number": say("a number"),
    "integer": say("a whole number"),
    "boolean": say("true or false"),
    "null": say("nothing"),
}


def schema_files() -> dict[str, Path]:
    """The JSON Schemas as published with the site (schemas/<name>), for editors to validate while typing."""
    return {schema_path(path.name): path for path in sorted(SCHEMA_DIR.glob("*.schema.json"))}


@cache
def _schemas() -> dict[str, dict]:
    return {path.name: json.loads(path.read_text(encoding="utf-8")) for path in SCHEMA_DIR.glob("*.json")}


@cache
def validator(kind: str) -> Draft202012Validator:
    registry = Registry().with_resources((name, Resource.from_contents(s)) for name, s in _schemas().items())
    return Draft202012Validator(
        _schemas()[f"{kind}.schema.json"], registry=registry, format_checker=_format_checker()
    )


def _format_checker() -> FormatChecker:
    """jsonschema's own e-mail check only looks for an '@': check the address's syntax and the form of its
    domain for real (with no network look-up: the build runs offline)."""
    checker = FormatChecker()

    @checker.checks("email", raises=EmailNotValidError)
    def is_email(value: object) -> bool:
        return not isinstance(value, str) or bool(validate_email(value, check_deliverability=False))

    return checker


def base_url_is_valid(url: str) -> bool:
    """Whether an address given on the command line passes the check of site.yaml's base_url."""
    schema = _schemas()["site.schema.json"]["properties"]["base_url"]
    return Draft202012Validator(schema).is_valid(url)


class ContentChecks:
    """Validation a commune at a time, for a build that reads communes a few at a time: the settings, news
    and pages on creation, each commune as it is read, then the rules across files in finish()."""

    def __init__(self, head: RawContent, as_of: date, known: CheckMemo, problems: list[Problem]):
        self.head = head
        self.problems = problems
        self.known = known
        site_ok = _check_schema(head.site, "site", problems, self.known)
        programme_ok = _check_schema(head.programme, "programme", problems, self.known)
        for doc in head.news:
            _check_front_matter(doc, "news", problems, self.known)
        for doc in head.pages:
            _check_front_matter(doc, "page", problems, self.known)
        self.rules = None  # the other rules need the vocabularies and languages
        if site_ok and programme_ok:
            assert head.site is not None and head.programme is not None  # else they would not be ok
            self.rules = CrossFileRules(head.site.data, head.programme.data, as_of, problems, self.known)
            self.rules.check_settings(head)

    @property
    def settings_valid(self) -> bool:
        return self.rules is not None

    @property
    def languages(self) -> list[str]:
        """The site's languages, the default first, once its settings are valid (else none)."""
        return list(self.rules.languages) if self.rules else []

    def check_commune(self, commune: RawCommune) -> None:
        _check_schema(commune.profile, "profile", self.problems, self.known)
        _check_schema(commune.progress, "progress", self.problems, self.known)
        for doc in commune.texts.values():
            _check_front_matter(doc, "pitch", self.problems, self.known)
        if self.rules:
            self.rules.check_commune(commune)

    def finish(self, site_map: SiteMap | None) -> None:
        """The rules across files; links are checked against `site_map` (of the settings' languages)."""
        if self.rules and site_map:
            self.rules.check_across(self.head, site_map)


def _check_schema(doc: YamlDoc | None, kind: str, problems: list[Problem], known: CheckMemo) -> bool:
    if doc is None:
        return False
    if doc.data is None:
        problems.append(doc.problem((), say("file has no content")))
        return False
    if known.passed(kind, doc.text):  # the text determines the data
        return True
    errors = sorted(validator(kind).iter_errors(doc.data), key=lambda e: doc.position(tuple(e.absolute_path)))
    for error in errors:
        problems.extend(_describe(error, doc))
    if not errors:
        known.add(kind, doc.text)
    return not errors


def _check_front_matter(doc: MarkdownDoc, kind: str, problems: list[Problem], known: CheckMemo) -> bool:
    passed = known.passed("frontmatter", doc.front.data)
    errors = [] if passed else list(validator("frontmatter").iter_errors(doc.front.data))
    for error in errors:
        problems.extend(_describe(error, doc.front))
    if not errors:
        known.add("frontmatter", doc.front.data)
    missing = [key for key in FRONT_MATTER_REQUIRED[kind] if key not in doc.front.data]
    for key in missing:
        message = say("missing '%(key)s' in the front matter (between --- lines at the top)", key=key)
        problems.append(problem(doc.path, 1, 1, message))
    return not errors and not missing


def _describe(error: ValidationError, doc: YamlDoc) -> list[Problem]:
    """Turn a JSON Schema error into messages a person can act on, at the right lines."""
    if error.validator in ("oneOf", "anyOf") and error.context:
        # "x or null": report why x failed, not that nothing matched: every reason at once, so that a budget
        # with a wrong amount and a wrong currency gets both messages in one run. When no alternative fits its
        # shape (only missing or unknown keys), fall through to the schema's hint listing the accepted forms.
        real = [e for e in error.context if e.validator_value != "null"]
        specific = [e for e in real if e.validator not in ("required", "additionalProperties")]
        if specific:
            return [_describe_one(e, doc) for e in specific]
        if real and len(real) == len(error.context) - 1:
            return [_describe_one(min(real, key=lambda e: len(list(e.relative_path))), doc)]
    return [_describe_one(error, doc)]


def _describe_one(error: ValidationError, doc: YamlDoc) -> Problem:
    where = tuple(error.absolute_path)
    field = " → ".join(f"#{part + 1}" if isinstance(part, int) else str(part) for part in where)
    at = [say("%(field)s: ", field=field)] if field else []
    schema = error.schema if isinstance(error.schema, dict) else {}
    hint = [say(": "), localized(schema["x-hint"])] if "x-hint" in schema else []
    value = _describe_value(error.instance)
    match error.validator:
        case "required":
            missing = error.message.split("'")[1]
            return doc.problem(where, *at, say("missing required field '%(key)s'", key=missing))
        case "additionalProperties" if isinstance(error.instance, dict):
            allowed = sorted(schema.get("properties", {}))
            key = next((k for k in error.instance if k not in allowed), "?")
            unknown = say("unknown key '%(key)s'", key=key)
            return doc.problem(where + (key,), *at, unknown, *suggest(key, allowed), of_key=True)
        case "enum":
            choices = [str(c) for c in cast(list, error.validator_value)]  # never Unset from iter_errors
            not_allowed = say("'%(value)s' is not allowed", value=value)
            return doc.problem(where, *at, not_allowed, *suggest(value, choices, show_all=True))
        case "type":
            expected = (
                error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
            )
            wanted = cast(str, next(name for name in expected if name != "null"))  # a JSON type name
            if hint:  # the schema says how to write it: "+228 …" in quotes, fr: and en: below…
                return doc.problem(where, *at, say("'%(found)s'", found=value), *hint)
            message = say(
                "expected %(expected)s, found '%(found)s'",
                expected=TYPE_NAMES.get(wanted, wanted),
                found=value,
            )
            return doc.problem(where, *at, message)
        case "minimum" | "exclusiveMinimum":
            limit = error.validator_value
            return doc.problem(
                where, *at, say("%(value)s is too small (minimum %(limit)s)", value=value, limit=limit)
            )
        case "maximum":
            limit = error.validator_value
            return doc.problem(
                where, *at, say("%(value)s is too large (maximum %(limit)s)", value=value, limit=limit)
            )
        case "maxLength":
            limit = error.validator_value
            return doc.problem(
                where, *at, say("too long (more than %(limit)s characters): shorten it", limit=limit)
            )
        case "minItems" | "minLength" | "minProperties":
            return doc.problem(where, *at, say("must not be empty"), *hint)
        case _:
            return doc.problem(where, *at, say("'%(value)s' is not valid", value=value), *hint)


def _describe_value(value: Any) -> str:
    if isinstance(value, str):
        return value  # say() keeps a short excerpt of it
    if isinstance(value, dict | list) or value is None:
        shapes: dict[type, str] = {dict: "{…}", list: "[…]"}
        return shapes.get(type(value), "null")
    return repr(value)
