"""Files saved by the browser editor pass `check` and lose nothing: every real commune and the demo, written
back the way the editor writes them, build into the same site.

The editor (Sveltia CMS) saves every field of its form in the form's order: a text left empty as "", a
group never filled in as null, a number as null, strings in double quotes (output.yaml.quote in the
generated config), block style, no comments (so no `# yaml-language-server` line). The browser test
(tests/browser/test_admin.py) checks this on a real save; here the same writing is applied to all content.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

import build
from vitrine import pipeline
from vitrine.loader import load_commune, read_markdown

from .conftest import AS_OF, REAL, REAL_AS_OF, ROOT, epoch_of, files_of


class CmsDumper(yaml.SafeDumper):
    """YAML as the editor writes it: block style, strings in double quotes, keys in the form's order."""


CmsDumper.add_representer(
    str, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')
)


def as_saved(value, field: dict):
    """What the editor writes for a field holding this value."""
    widget = field.get("widget")
    if widget == "object":
        if value is None and field.get("required") is False:
            return None
        return {sub["name"]: as_saved((value or {}).get(sub["name"]), sub) for sub in field["fields"]}
    if widget == "list" or field.get("multiple"):
        if "fields" not in field:
            return list(value or [])
        return [as_saved(item, {"widget": "object", "fields": field["fields"]}) for item in value or []]
    if widget == "number":
        return value
    if widget == "boolean":
        return bool(value)
    return "" if value is None else value  # string, text, select, date, image


def saved_file(data: dict, fields: list[dict]) -> str:
    form = {field["name"]: as_saved(data.get(field["name"]), field) for field in fields}
    return yaml.dump(form, Dumper=CmsDumper, allow_unicode=True, sort_keys=False, width=10_000)


def without_nulls(value):
    """The data with null values and empty lists left out: `key: null`, `key: []` and no key say the same
    (a required key that went missing is reported by `check`, which runs first)."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None and v != []}
    if isinstance(value, list):
        return [without_nulls(item) for item in value]
    return value


def collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


def commune_data(folder: Path) -> tuple[dict, dict]:
    commune = load_commune(folder, [])
    return without_nulls(commune.profile.data), without_nulls(commune.progress.data)


@pytest.mark.parametrize(
    ("content", "as_of"), [(REAL, REAL_AS_OF), (ROOT / "examples" / "demo", AS_OF)], ids=["real", "demo"]
)
def test_files_saved_by_the_editor_pass_check_and_lose_nothing(content, as_of, tmp_path, capsys, monkeypatch):
    original = tmp_path / "original"
    pipeline.build(content, original, as_of, pipeline.Settings(search=False, cache=tmp_path / "cache"))
    config = yaml.safe_load((original / "admin" / "config.yml").read_text("utf-8"))
    saved = tmp_path / "content"
    shutil.copytree(content, saved)

    for name in ("profiles", "progress"):
        for entry in collection(config, name)["files"]:
            path = saved / Path(entry["file"]).relative_to("content")
            data = yaml.safe_load(path.read_text("utf-8"))
            text = saved_file(data, entry["fields"])
            assert "#" not in text.splitlines()[0]
            path.write_text(text, "utf-8")
    news_fields = collection(config, "news")["fields"]
    for path in [*(saved / "news").glob("*.md"), *(saved / "pages").glob("*.md")]:
        doc = read_markdown(path, "fr", path.stem, [])
        fields = [f for f in news_fields if f["name"] in doc.front.data or path.parent.name == "news"]
        front = saved_file(doc.front.data, [f for f in fields if f["name"] != "body"])
        path.write_text(f"---\n{front}---\n{doc.body}", "utf-8")

    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch_of(as_of))  # `check` holds dates to this day
    assert build.main(["check", "--content", str(saved)]) == 0, capsys.readouterr().err
    for folder in sorted((content / "communes").iterdir()):
        assert commune_data(saved / "communes" / folder.name) == commune_data(folder), folder.name

    rebuilt = tmp_path / "rebuilt"
    pipeline.build(saved, rebuilt, as_of, pipeline.Settings(search=False, cache=tmp_path / "cache2"))
    before, after = files_of(original), files_of(rebuilt)
    assert sorted(after) == sorted(before)
    changed = [path for path in before if before[path] != after[path]]
    assert changed == [], "pages that differ once the editor saved every file"
