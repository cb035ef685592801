"""The staff guide cannot drift from the content model: every field of the schemas has an example in it,
its vocabulary tables are the programme's, and its snippets pass `check` when pasted into a commune."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import REAL, ROOT, real_as_of_environment

GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
SCHEMAS = ROOT / "vitrine" / "schemas"
DEMO_PHOTO = ROOT / "examples" / "demo" / "communes" / "kerval-1" / "photos" / "marche-de-kerval.jpg"
FENCE = re.compile(r"^( *)```(\w*)\n(.*?)^\1```$", re.S | re.M)
FILE_NAME = re.compile(r"`(content/[^`\s]+\.md)`")


def indented(block: str) -> str:
    """Snippets inside numbered lists are indented by three spaces in the guide."""
    lines = block.splitlines()
    margin = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
    return "\n".join(line[margin:] for line in lines) + "\n"


def blocks(language: str, guide: str = GUIDE) -> list[str]:
    """The guide's fenced code blocks of one language, without the indentation of the list they are in."""
    return [indented(m.group(3)) for m in FENCE.finditer(guide) if m.group(2) == language]


def markdown_files(guide: str = GUIDE) -> dict[str, str]:
    """Each ```markdown block by the file the guide names just before it (`content/….md`)."""
    files = {}
    for match in FENCE.finditer(guide):
        if match.group(2) == "markdown":
            named = FILE_NAME.findall(guide[: match.start()])
            assert named, f"name the file before the example:\n{match.group(3)}"
            files[named[-1]] = indented(match.group(3))
    return files


def schema(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def front_matter(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1])


def key_paths(value, path: tuple = ()) -> set[tuple]:
    """Where each mapping key sits in a parsed YAML value, e.g. ('projects', '[]', 'budget', 'amount')."""
    if isinstance(value, dict):
        return set().union(*({path + (k,)} | key_paths(v, path + (k,)) for k, v in value.items()))
    if isinstance(value, list):
        return set().union(*(key_paths(item, path + ("[]",)) for item in value))
    return set()


def field_paths(schema_name: str) -> set[tuple]:
    """Every field a file of this schema may have, where it sits: in nested objects, in list items ('[]'),
    in the entries of a map such as steps ('*'), and what $ref brings in from this or another schema."""
    paths: set[tuple] = set()

    def walk(node, file: str, path: tuple) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item, file, path)
        if not isinstance(node, dict) or len(path) > 12:
            return
        if "$ref" in node:
            target_file, _, pointer = node["$ref"].partition("#")
            part = schema(target_file or file)
            for step in filter(None, pointer.split("/")):
                part = part[step]
            walk(part, target_file or file, path)
        for name, sub in node.get("properties", {}).items():
            paths.add(path + (name,))
            walk(sub, file, path + (name,))
        if isinstance(node.get("items"), dict):
            walk(node["items"], file, path + ("[]",))
        if isinstance(node.get("additionalProperties"), dict):
            walk(node["additionalProperties"], file, path + ("*",))
        for combined in ("oneOf", "anyOf", "allOf"):
            walk(node.get(combined, []), file, path)

    walk(schema(schema_name), schema_name, ())
    return paths


def shown_in(field: tuple, shown: set[tuple]) -> bool:
    """Whether an example writes this field ('*' stands for any key of a map, e.g. a step id)."""
    return any(
        len(path) == len(field) and all(f in ("*", p) for f, p in zip(field, path, strict=True))
        for path in shown
    )


def table(guide: str, header: str) -> list[tuple[str, str]]:
    """The first two columns of the guide's table whose header line starts with `header`, e.g. '| code |'."""
    start = guide.index(header)
    rows = []
    for line in guide[start:].splitlines()[2:]:
        line = line.strip()
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows.append((cells[0].strip("`"), cells[1]))
    return rows


FIELD_EXAMPLES = [
    (["profile.schema.json", "progress.schema.json"], "yaml"),
    (["frontmatter.schema.json"], "markdown"),
]


def missing_examples(guide: str, schemas: list[str], language: str) -> list[str]:
    """The schemas' fields that no example of the guide shows: fields of profile.yaml and progress.yaml
    are looked for in its ```yaml blocks, front matter fields (news, pages, fr.md/en.md) in the front
    matter of its ```markdown blocks."""
    if language == "yaml":
        shown = set().union(*(key_paths(yaml.safe_load(block)) for block in blocks("yaml", guide)))
    else:
        shown = set().union(*(key_paths(front_matter(block)) for block in blocks("markdown", guide)))
    fields = set().union(*(field_paths(name) for name in schemas))
    assert fields  # the walk found the schemas' fields
    return sorted(".".join(field) for field in fields if not shown_in(field, shown))


@pytest.mark.parametrize(("schemas", "language"), FIELD_EXAMPLES)
def test_guide_has_an_example_of_every_field(schemas, language):
    """A field added to a schema without an example in the guide fails here: the guide follows the model.
    A field counts where it sits: `evidence` under a step is not shown by `evidence` under a training."""
    assert missing_examples(GUIDE, schemas, language) == []


@pytest.mark.parametrize(("schemas", "language"), FIELD_EXAMPLES)
def test_a_field_without_example_is_noticed(schemas, language):
    """The test above can fail: take away every example that writes a field, and that field is missing."""
    field = min(set().union(*(field_paths(name) for name in schemas)))[-1]
    without = "".join(
        part
        for part in re.split(r"(^ *```\w*\n.*?^ *```$)", GUIDE, flags=re.S | re.M)
        if not re.search(rf"^[ -]*{field}:", part, re.M) or not part.lstrip().startswith("```")
    )
    assert without != GUIDE
    assert field in [name.rsplit(".", 1)[-1] for name in missing_examples(without, schemas, language)]


@pytest.mark.parametrize(
    ("vocabulary", "header"),
    [
        ("themes", "| code | thème |"),
        ("components", "| identifiant | module |"),
        ("milestones", "| identifiant | étape |"),
    ],
)
def test_guide_tables_are_the_programme_vocabularies(vocabulary, header):
    """The guide's tables of theme codes, training modules and steps list exactly the programme's ids with
    their French labels, in its order. This reads content/programme.yaml on purpose: its vocabularies are
    edited only by the FCT's engineers, never by commune staff, and whoever changes one must update the
    guide in the same change (this test says so). A valid commune edit cannot break it."""
    programme = yaml.safe_load((REAL / "programme.yaml").read_text(encoding="utf-8"))
    expected = [(item["id"], item["label"]["fr"]) for item in programme[vocabulary]]
    assert table(GUIDE, header) == expected


def merge(snippets: list[dict]) -> dict:
    """One file's worth of fields from several snippets: lists are joined (every item is checked), maps are
    merged one level down (a step or a contact field from each), other values: the last one wins."""
    merged: dict = {}
    for snippet in snippets:
        for key, value in snippet.items():
            if isinstance(value, list):
                merged[key] = merged.get(key, []) + value
            elif isinstance(value, dict) and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
    return merged


def paste_guide(content: Path) -> Path:
    """Write every snippet of the guide into a copy of the real content: all profile and progress snippets
    merged into one commune (the one the identity snippet names; a copy of the first commune if the
    content has no such folder), photo files under the names the snippets use, and every Markdown example
    (news in both languages, the pitch, the page) at the path the guide names. Returns the commune folder."""
    snippets = [yaml.safe_load(block) for block in blocks("yaml")]
    profile_fields = set(schema("profile.schema.json")["properties"])
    progress_fields = set(schema("progress.schema.json")["properties"])
    for snippet in snippets:
        assert set(snippet) <= profile_fields or set(snippet) <= progress_fields, f"which file? {snippet}"
    profile_snippets = [s for s in snippets if set(s) <= profile_fields]
    progress_snippets = [s for s in snippets if set(s) <= progress_fields]
    slug = merge(profile_snippets)["slug"]
    folder = content / "communes" / slug
    if not folder.exists():
        shutil.copytree(min((content / "communes").iterdir()), folder)
    profile = yaml.safe_load((folder / "profile.yaml").read_text(encoding="utf-8"))
    progress = yaml.safe_load((folder / "progress.yaml").read_text(encoding="utf-8"))
    profile.update(merge(profile_snippets))
    progress.update(merge(progress_snippets))
    (folder / "profile.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    (folder / "progress.yaml").write_text(yaml.safe_dump(progress, allow_unicode=True), encoding="utf-8")
    (folder / "photos").mkdir(exist_ok=True)
    for photo in profile["photos"]:
        shutil.copyfile(DEMO_PHOTO, folder / photo["file"])
    for name, text in markdown_files().items():
        (content.parent / name).write_text(text, encoding="utf-8")
    return folder


def test_guide_snippets_pass_check(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REAL, content)
    paste_guide(content)
    news = [name for name in markdown_files() if name.startswith("content/news/")]
    assert sorted(name.rsplit(".", 2)[1] for name in news) == ["en", "fr"]  # a news item in both languages
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "check"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=real_as_of_environment(),
    )
    assert result.returncode == 0, result.stderr


def test_guide_error_example_has_the_contract_format():
    example = re.search(r"```\n(content/communes/\S+:\d+:\d+: .+)\n```", GUIDE).group(1)
    assert re.fullmatch(r"content/communes/kloto-3/profile\.yaml:\d+:\d+: contact → email : .+", example)


def test_guide_shows_make_targets_not_build_py():
    """Staff run the make targets; build.py's own options are for the README."""
    assert "python build.py" not in GUIDE
    for command in ("make check", "make serve PORT=8001", 'make new-commune NAME="Kloto 4"'):
        assert command in GUIDE
