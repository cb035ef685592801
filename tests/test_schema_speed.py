"""The compiled schema validator (vitrine/schema.py) only speeds the checks up: the same problems as
jsonschema alone, and never a pass where jsonschema finds an error."""

from __future__ import annotations

import copy
import math
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vitrine.loader import parse_yaml
from vitrine.schema import (
    SCHEMA_DIR,
    compiled_verdict,
    compiles_as_written,
    json_like,
    schema_documents,
    schema_errors,
    validator,
)

from .conftest import AS_OF, MINIMAL, REAL, REAL_AS_OF, problems_of
from .test_mutations import MUTATIONS, ROOTS, replace_line
from .test_validate import CASES, INVALID

DEMO, DEMO_SLUG, DEMO_PREFIX = ROOTS["demo"]
# Mistakes in the files left to jsonschema (the fixtures have none there): (line start, replacement).
SETTINGS_MISTAKES = {
    "site.yaml": ("base_url:", "base_url: test.example.org"),
    "programme.yaml": ("start:", 'start: "2026-02-30"'),
}
SOURCES = ["real", "demo", "minimal"] + [f"invalid/{case}" for case in CASES]
SOURCES += [f"mutation/{name}" for name in MUTATIONS] + [f"settings/{name}" for name in SETTINGS_MISTAKES]
COMPILED_KINDS = {"profile", "progress", "frontmatter"}  # a file per commune or text: where the time goes
VALID = [(kind, data) for kind, data in schema_documents(DEMO) if kind in COMPILED_KINDS]


def content_of(source: str, tmp_path: Path) -> tuple[Path, object]:
    """The content folder of a source (a copy, when it is changed) and the as-of date to check it at."""
    if source == "real":
        return REAL, REAL_AS_OF
    content = tmp_path / "content"
    group, _, name = source.partition("/")
    shutil.copytree(DEMO if group in ("demo", "mutation") else MINIMAL, content)
    if group == "invalid":
        shutil.copytree(INVALID / name, content, dirs_exist_ok=True)
    elif group == "settings":
        replace_line(content / name, *SETTINGS_MISTAKES[name])
    elif group == "mutation":
        file, starts, new, _ = MUTATIONS[name]
        replace_line(content / "communes" / DEMO_SLUG / file, starts, new.format(prefix=DEMO_PREFIX))
    return content, AS_OF


@pytest.mark.parametrize("source", SOURCES)
def test_same_problems_with_and_without_the_compiled_validator(source, tmp_path):
    content, as_of = content_of(source, tmp_path)
    reference = problems_of(content, as_of, compiled_schemas=False)
    assert problems_of(content, as_of) == reference


@pytest.mark.parametrize("source", SOURCES)
def test_compiled_validator_agrees_with_jsonschema(source, tmp_path):
    content, _ = content_of(source, tmp_path)
    for kind, data in schema_documents(content):
        verdict = compiled_verdict(kind, data)
        if kind in COMPILED_KINDS:
            assert verdict is not None, kind  # else the fast path would not run at all
        if verdict is not None:
            assert verdict == validator(kind).is_valid(data), (kind, data)


def test_site_and_programme_are_left_to_jsonschema():
    """Their schemas use what fastjsonschema reads otherwise (schema.py, _compiled): one file each."""
    verdicts = {kind: compiled_verdict(kind, data) for kind, data in schema_documents(DEMO)}
    assert verdicts["site"] is None and verdicts["programme"] is None


def test_stricter_verdicts_are_settled_by_jsonschema():
    """fastjsonschema reads a pattern's '$' as the very end of the text: a slug ending in a line break
    fails there, not in jsonschema, which then decides (no error)."""
    kind, profile = next((kind, data) for kind, data in VALID if kind == "profile")
    profile = {**profile, "slug": profile["slug"] + "\n"}
    assert compiled_verdict(kind, profile) is False
    assert validator(kind).is_valid(profile)
    assert schema_errors(kind, profile) == []


def test_values_json_cannot_hold_are_told_apart():
    """YAML's !!pairs makes tuples, which fastjsonschema takes for arrays and jsonschema does not: a document
    that holds one is left to jsonschema, whatever the compiled validator says."""
    doc = parse_yaml("value: !!pairs [a: 1]\n", Path("x.yaml"), [])
    assert doc is not None and doc.data == {"value": [("a", 1)]}
    assert not json_like(doc.data)
    assert all(json_like(data) for _, data in VALID)


@pytest.mark.parametrize(
    "schema, compiled",
    [
        ({"$ref": "#/$defs/date", "title": "Date"}, True),
        ({"$ref": "#/$defs/date", "maxLength": 5}, False),  # 2020-12 applies a $ref's siblings
        ({"$ref": "https://example.org/other.schema.json"}, False),  # not one of ours
        ({"not": {"type": "null"}}, False),
        ({"type": "array", "prefixItems": [{"type": "string"}]}, False),
        ({"items": [{"type": "string"}]}, False),
        ({"oneOf": [{"$ref": "#/$defs/email"}, {"type": "null"}]}, True),
        ({"oneOf": [{"type": "string"}, {"type": "string", "maxLength": 3}]}, False),
        ({"oneOf": [{"type": "integer"}, {"type": "number"}]}, False),
        ({"anyOf": [{"type": "string"}, {"type": "string", "maxLength": 3}]}, True),
    ],
)
def test_only_schemas_read_alike_are_compiled(schema, compiled):
    assert compiles_as_written(schema, "common.schema.json") is compiled


# Values that sit on the edges of the schemas' checks: line breaks after a pattern's end, days that do not
# exist, e-mail addresses and web addresses with odd characters, lengths at the limits, numbers of every
# kind, and YAML's own shapes (tuples).
EDGES = [
    "", "x", "x\n", "kloto-3", "kloto-3\n", "Kloto", "2026-03-02", "2026-02-30", "2026-03-02\n",
    "mairie@example.org", "mairie@example", "mairie@example.org\n", "https://example.org",
    "https://exa\x1cmple.org", "https://example.org\n", "+228 90 12 34 56", "+228 90 12 34 56\n", "XOF",
    "XOF\n", "photos/a.jpg", "photos/a.jpg\n", "x" * 200, "x" * 201, "x" * 3001, "idea", "nord",
    "water_sanitation", "town_hall", 0, -1, 1, 1.0, 1.5, 1900, 2101, 10**30, math.inf, math.nan, True,
    False, None, [], {}, (), ("a", 1),
]  # fmt: skip
# Keys to add where they may or may not belong: the schemas' (some of them keywords no content has).
OBJECT_KEYS = re.compile(r'"(\w+)": \{')
KEYS = sorted(
    {
        "fr",
        "en",
        *(key for path in SCHEMA_DIR.glob("*.json") for key in OBJECT_KEYS.findall(path.read_text())),
    }
)
VALUES = st.recursive(
    st.sampled_from(EDGES) | st.text(max_size=6) | st.integers() | st.floats(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=3),
    max_leaves=6,
)
EDIT = st.tuples(st.sampled_from(["set", "add", "drop"]), st.integers(0), st.sampled_from(KEYS), VALUES)


def places(data, where=()):
    """Every place in a document: its path and value."""
    yield where, data
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        yield from places(value, (*where, key))


def edited(data, how: str, choice: int, key: str, value):
    """`data` with one value set, one added (a key to an object, an item to a list) or one removed."""
    found = list(places(data))
    where, target = found[choice % len(found)]
    if how == "set" and not where:
        return value
    parent = data
    for step in where[:-1]:
        parent = parent[step]
    if how == "set":
        parent[where[-1]] = value
    elif how == "add" and isinstance(target, dict):
        target[key] = value
    elif how == "add" and isinstance(target, list):
        target.append(value)
    elif how == "drop" and where:
        del parent[where[-1]]
    return data


@settings(max_examples=400, deadline=None)
@given(document=st.sampled_from(VALID), edits=st.lists(EDIT, min_size=1, max_size=3))
def test_compiled_validator_never_passes_what_jsonschema_rejects(document, edits):
    kind, data = document
    data = copy.deepcopy(data)
    for edit in edits:
        data = edited(data, *edit)
    if compiled_verdict(kind, data):
        assert validator(kind).is_valid(data), (kind, data)
