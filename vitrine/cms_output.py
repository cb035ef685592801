"""What the browser editor (Sveltia CMS, /admin/) writes, read as staff meant it.

The editor saves every field of its form: a text left empty as "", a group never filled in as null. The
schemas say it their way: an unknown value is null where null is allowed, an optional key is left out.
settle() turns the first into the second, guided by the same JSON Schemas, before validation: an
empty text becomes null where the schema allows null; an empty text, a null or an empty group under an
optional key that cannot be null is left out. A value that is required and empty stays as it is, so that
`check` still reports it. Files written by hand are unchanged by it, unless they hold such empty values.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"


class Schemas:
    """The JSON Schemas by file name, with $ref and allOf resolution across them."""

    def __init__(self, folder: Path = SCHEMA_DIR):
        self.documents = {path.name: json.loads(path.read_text("utf-8")) for path in folder.glob("*.json")}

    def get(self, name: str) -> dict:
        return self.documents[name]

    def resolve(self, node: dict, document: str) -> tuple[dict, str]:
        """The node with its $ref followed and its allOf merged, and the document it now lives in."""
        while "$ref" in node:
            target, _, pointer = node["$ref"].partition("#")
            document = target or document
            found = self.documents[document]
            for part in [p for p in pointer.split("/") if p]:
                found = found[part]
            node = {**found, **{k: v for k, v in node.items() if k != "$ref"}}
        if "allOf" in node:
            merged: dict = {}
            for part in node["allOf"]:
                base, document = self.resolve(part, document)
                merged |= base
            properties = {**merged.get("properties", {}), **node.get("properties", {})}
            node = {**merged, **{k: v for k, v in node.items() if k != "allOf"}, "properties": properties}
        return node, document


def nullable(node: dict) -> tuple[dict, bool]:
    """`oneOf: [X, {type: null}]` -> (X, True); `oneOf: [X, Y, {type: null}]` -> (oneOf [X, Y], True);
    anything else -> (node, False)."""
    choices = node.get("oneOf") or []
    real = [choice for choice in choices if choice.get("type") != "null"]
    if not choices or len(real) == len(choices):
        return node, False
    if len(real) == 1:
        return {**real[0], **{k: v for k, v in node.items() if k != "oneOf"}}, True
    return {**node, "oneOf": real}, True


@cache
def _schemas() -> Schemas:
    return Schemas()


def settle(data: Any, kind: str) -> Any:
    """The data of a file of this kind (profile, progress, frontmatter) with the editor's empty values
    read the schemas' way."""
    schemas = _schemas()
    name = f"{kind}.schema.json"
    return _settle(data, schemas.get(name), name, schemas)


def _settle(value: Any, node: dict, document: str, schemas: Schemas) -> Any:
    node, document = schemas.resolve(node, document)
    node, can_be_null = nullable(node)
    node, document = schemas.resolve(node, document)
    if value == "" and can_be_null:
        return None
    if isinstance(value, list) and isinstance(node.get("items"), dict):
        items = node["items"]
        if "oneOf" in items:  # a name, or {name, population}: the object choice for objects
            shapes = [choice for choice in items["oneOf"] if choice.get("type") == "object"]
            items = shapes[0] if shapes else items
        return [_settle(item, items, document, schemas) if isinstance(item, dict) else item for item in value]
    if not isinstance(value, dict) or node.get("type") != "object":
        return value
    required = set(node.get("required", []))
    settled = {}
    for key, child in value.items():
        schema = _child_schema(node, key)
        if schema is None:  # not in the schema: validation reports it
            settled[key] = child
            continue
        child = _settle(child, schema, document, schemas)
        if key not in required and _empty(child) and not _allows(child, schema, document, schemas):
            continue
        settled[key] = child
    return settled


def _child_schema(node: dict, key: str) -> dict | None:
    if key in node.get("properties", {}):
        return node["properties"][key]
    for pattern_schema in node.get("patternProperties", {}).values():
        return pattern_schema
    extra = node.get("additionalProperties")
    return extra if isinstance(extra, dict) else None


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == {}


def _allows(value: Any, node: dict, document: str, schemas: Schemas) -> bool:
    """Whether this empty value is a value the schema accepts there (null where null is allowed)."""
    node, document = schemas.resolve(node, document)
    node, can_be_null = nullable(node)
    return value is None and can_be_null
