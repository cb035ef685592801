"""The layout a newcomer relies on: build.py is the command line, vitrine/pipeline.py the stages in one
screen, the speed layer apart, and one site map for every output path."""

from __future__ import annotations

import ast
import inspect
import re

from vitrine import pipeline

from .conftest import ROOT

VITRINE = ROOT / "vitrine"


def imported_modules(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_stage_modules_do_not_import_the_speed_layer():
    importing = {
        str(path.relative_to(VITRINE))
        for path in VITRINE.rglob("*.py")
        if path.stem != "pipeline"
        and "incremental" not in path.parts
        and any(name.startswith((".incremental", "vitrine.incremental")) for name in imported_modules(path))
    }
    assert not importing, "the pipeline hands the stages what they need from vitrine/incremental/"


def test_the_pipeline_reads_in_one_screen_and_build_py_is_the_command_line_only():
    assert len(inspect.getsource(pipeline.build).splitlines()) <= 40
    command_line = ast.parse((ROOT / "build.py").read_text(encoding="utf-8"))
    defined = {node.name for node in command_line.body if isinstance(node, ast.FunctionDef | ast.ClassDef)}
    assert not defined & {"build", "check", "check_content", "Settings", "BuildState"}, defined


def names_called(function) -> set[str]:
    calls = ast.walk(ast.parse(inspect.getsource(function)))
    return {call.func.id for call in calls if isinstance(call, ast.Call) and isinstance(call.func, ast.Name)}


SCHEMA_LIBRARIES = ("jsonschema", "fastjsonschema", "referencing", "email_validator")


def test_validation_is_split_by_what_it_checks():
    """schema.py checks one document against its schema and words its errors, knowing no rule; validate.py
    runs the phases, with no JSON Schema machinery of its own; the pipeline calls each phase by its name."""
    validate, schema = (imported_modules(VITRINE / name) for name in ("validate.py", "schema.py"))
    assert not [name for name in validate if name.startswith(SCHEMA_LIBRARIES)], "schema.py's job"
    assert not [name for name in schema if name.startswith((".rules", ".validate"))], "one document, no rule"
    assert {"check_settings", "check_commune", "check_across"} <= names_called(pipeline.check_content)


# An output path written outside the site map: a quoted folder of the site, or a file at its root.
OUTPUT_PATH = re.compile(
    r"""["'](?:assets|data|schemas|media|share|pagefind|_preview)/|["'](?:feed|sitemap)\.xml|["']robots\.txt"""
)


def test_output_paths_are_written_in_the_site_map_only():
    places = [*VITRINE.glob("*.py"), *(ROOT / "templates").glob("*.html")]
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in places
        if path.name != "paths.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OUTPUT_PATH.search(line) and "get_template(" not in line
    ]
    assert not found, "\n".join(found)
