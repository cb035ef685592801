"""JSON Schema: check one document against its schema (vitrine/schemas/), the compiled validator first when
it can tell, and word the errors so that a person can act on them, at the right lines."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path
from typing import Any, cast

import fastjsonschema
from email_validator import EmailNotValidError, validate_email
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from .loader import YamlDoc, load_commune, open_content
from .paths import schema_path
from .problems import Problem, localized, say, suggest

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
TYPE_NAMES = {
    "object": say("a list of 'key: value' lines"),
    "array": say("a list"),
    "string": say("a text"),
    "number": say("a number"),
    "integer": say("a whole number"),
    "boolean": say("true or false"),
    "null": say("nothing"),
}

# The keywords fastjsonschema compiles as jsonschema applies them (2020-12), or more strictly (patterns:
# see _compiled); a schema with any other (not, if, prefixItems, unevaluated…) is left to jsonschema.
# Not const either: fastjsonschema 2.22 cannot compile it without detailed exceptions.
COMPILED_KEYWORDS = {
    "$ref", "type", "enum", "allOf", "anyOf", "oneOf", "minLength", "maxLength", "pattern",
    "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minItems", "maxItems",
    "uniqueItems", "items", "minProperties", "maxProperties", "required", "properties",
    "patternProperties", "additionalProperties",
}  # fmt: skip
ANNOTATIONS = {"title", "description", "x-hint", "$comment", "examples", "$defs"}
DRAFT = "https://json-schema.org/draft/2020-12/schema"  # validator()'s, whatever a file says


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


def schema_errors(kind: str, data: Any, compiled: bool = True) -> list[ValidationError]:
    """jsonschema's errors for `data` against the schema of `kind`. `compiled`: a compiled validator first
    tells whether there are any (most files have none) at a fraction of the cost; jsonschema, which words
    every message, runs only when it finds one or cannot tell."""
    if compiled and compiled_verdict(kind, data):
        return []
    return list(validator(kind).iter_errors(data))


def schema_documents(content: Path) -> list[tuple[str, Any]]:
    """(schema kind, data) of each file of `content` that a check validates against a schema: to measure or
    test the schema checks on their own."""
    head, folders, problems = open_content(content)
    files = [("site", head.site), ("programme", head.programme)]
    texts = [*head.news, *head.pages]
    for folder in folders:
        commune = load_commune(folder, problems)
        files += [("profile", commune.profile), ("progress", commune.progress)]
        texts += commune.texts.values()
    documents = [(kind, doc.data) for kind, doc in files if doc is not None and doc.data is not None]
    return documents + [("frontmatter", doc.front.data) for doc in texts]


def compiled_verdict(kind: str, data: Any) -> bool | None:
    """Whether `data` is valid by the compiled validator of `kind`; None when it cannot tell (no compiled
    validator for the kind, a value YAML can make but JSON cannot, or an error in the generated code).
    Never True where jsonschema finds an error: it may say False where jsonschema finds none."""
    check = _compiled(kind)
    if check is None:
        return None
    try:
        check(data)
    except fastjsonschema.JsonSchemaValueException:
        return False
    except Exception:  # something the generated code did not foresee: jsonschema decides
        return None
    # fastjsonschema takes a tuple (which YAML's !!pairs and !!omap make) for an array, jsonschema does not
    return True if json_like(data) else None


def json_like(data: Any) -> bool:
    """Whether `data` holds only what JSON can (YAML can also make tuples, sets, bytes…)."""
    values = [data]
    while values:
        value = values.pop()
        if type(value) is dict:
            values.extend(value.values())
        elif type(value) is list:
            values.extend(value)
        elif type(value) not in (str, int, float, bool, type(None)):
            return False
    return True


@cache
def _compiled(kind: str) -> Callable[[Any], Any] | None:
    """fastjsonschema's validator for `kind`, or None where it might pass what jsonschema rejects.

    fastjsonschema writes Python source from a schema and exec()s it: only our own schemas (the files of
    this package) are compiled, once per kind; content reaches the compiled function only as the data it
    checks, never its source. It uses Python's re as jsonschema does, but it implements drafts 4 to 7, not
    2020-12: compiles_as_written() checks that our schemas use only what means the same in both. It is
    stricter in one way: it reads every '$' of a pattern as the end of the text ('\\Z'; Python's '$' also
    matches before a final line break), so a pattern with '$' inside [...] does not compile.

    Left to jsonschema (one file each): site (its base_url pattern has such a '$') and programme (it has a
    const, and a oneOf whose branches are all objects: see compiles_as_written)."""
    name = f"{kind}.schema.json"
    if not compiles_as_written(_schemas()[name], name):
        return None
    try:
        return fastjsonschema.compile(
            copy.deepcopy(_schemas()[name]),  # it rewrites the $refs of what it is given
            # every $ref names one of our files (checked above): none is fetched from elsewhere
            handlers={"": lambda uri: copy.deepcopy(_schemas()[uri])},
            formats=_compiled_formats(),
            use_default=False,  # never fill in the data
            detailed_exceptions=False,  # its messages are not shown: a fifth faster
        )
    except (fastjsonschema.JsonSchemaDefinitionException, re.error):  # jsonschema checks the kind alone
        return None


def _compiled_formats() -> dict[str, Callable[[Any], bool]]:
    """Every format jsonschema checks (our e-mail check included), checked the same way: by its checker."""
    checker = _format_checker()
    return {name: partial(_conforms, checker, name) for name in checker.checkers}


def _conforms(checker: FormatChecker, name: str, value: Any) -> bool:
    return checker.conforms(value, name)


def compiles_as_written(schema: Any, base: str, seen: set[int] | None = None) -> bool:
    """Whether fastjsonschema reads `schema` (in the file `base`) and all it refers to as jsonschema does."""
    seen = set() if seen is None else seen
    if not isinstance(schema, dict):
        return False  # true and false as schemas are not compiled alike
    if id(schema) in seen:
        return True
    seen.add(id(schema))
    # at the top of a file: the draft (fastjsonschema follows it), and no $id but the file's name (as $refs
    # are found); elsewhere, neither
    top = {"$schema": DRAFT, "$id": base} if schema is _schemas()[base] else {}
    if set(schema) - COMPILED_KEYWORDS - ANNOTATIONS - set(top):
        return False
    if any(schema.get(key, value) != value for key, value in top.items()):
        return False
    if "$ref" in schema:
        # fastjsonschema ignores the siblings of a $ref, as draft 7 did; 2020-12 applies them
        target = _resolve(schema["$ref"], base)
        alone = set(schema) - ANNOTATIONS == {"$ref"}
        return alone and target is not None and compiles_as_written(*target, seen)
    if "oneOf" in schema and not _distinct_types([_types(branch, base) for branch in schema["oneOf"]]):
        # a branch failed more strictly could turn two matches (an error) into one: allowed only when the
        # branches take values of different types ("x or null"), so that at most one can match anyway
        return False
    more = schema.get("additionalProperties", False)
    subschemas = [*schema.get("allOf", []), *schema.get("anyOf", []), *schema.get("oneOf", [])]
    subschemas += [*schema.get("properties", {}).values(), *schema.get("patternProperties", {}).values()]
    subschemas += [schema["items"]] if "items" in schema else []
    subschemas += [] if isinstance(more, bool) else [more]
    return all(compiles_as_written(sub, base, seen) for sub in subschemas)


def _resolve(ref: str, base: str) -> tuple[Any, str] | None:
    """The schema a $ref (a file name and a JSON pointer, both optional) points to, and its file."""
    file, _, pointer = ref.partition("#")
    file = file or base
    node = _schemas().get(file)
    if pointer and not pointer.startswith("/"):
        return None  # an anchor
    for part in pointer.split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return None if node is None else (node, file)


def _types(schema: Any, base: str) -> set[str] | None:
    """The JSON types a schema takes (after its $refs), or None when it does not say."""
    for _ in range(10):
        if not isinstance(schema, dict) or "$ref" not in schema:
            break
        target = _resolve(schema["$ref"], base)
        if target is None:
            return None
        schema, base = target
    if not isinstance(schema, dict) or "$ref" in schema or "type" not in schema:
        return None
    types = set(schema["type"]) if isinstance(schema["type"], list) else {schema["type"]}
    return types | {"integer"} if "number" in types else types


def _distinct_types(types: list[set[str] | None]) -> bool:
    known = [kinds for kinds in types if kinds is not None]
    return len(known) == len(types) and sum(map(len, known)) == len(set().union(*known))


@cache
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


def describe_error(error: ValidationError, doc: YamlDoc) -> list[Problem]:
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
