"""Mistakes made in a copy of the demo are caught with file, line and hint. (Not in a copy of the real
content: staff edit it every week, and a test must not break because a line it mutates has moved.)"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import AS_OF, ROOT, problems_of

ROOTS = {"demo": (ROOT / "examples" / "demo", "kerval-1", "+999")}


def replace_line(path: Path, starts: str, new: str) -> int:
    """Replace the first line starting with `starts` (after indentation); return its 1-based number."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for number, line in enumerate(lines, 1):
        if line.lstrip().startswith(starts):
            indent = line[: len(line) - len(line.lstrip())]
            lines[number - 1] = indent + new + "\n"
            path.write_text("".join(lines), encoding="utf-8")
            return number
    raise AssertionError(f"no line starting with {starts!r} in {path}")


MUTATIONS = {
    # name: (file in the commune folder, line start, replacement, words expected in the message)
    "tab": ("profile.yaml", "prefecture:", "\tprefecture: X", "tabs"),
    "unclosed quote": ("profile.yaml", "name:", 'name: "Kloto', "never closed"),
    "unknown key": ("profile.yaml", "themes_sought:", "theme_sought: []", "did you mean 'themes_sought'"),
    "region": ("profile.yaml", "region:", "region: plateau", "is not a known region"),
    "wrong type": ("profile.yaml", "council_size:", "council_size: beaucoup", "expected a whole number"),
    "bad date": ("progress.yaml", "updated:", 'updated: "2026-02-30"', "YYYY-MM-DD"),
    "future date": ("progress.yaml", "updated:", 'updated: "2031-01-01"', "after today"),
    "slug": ("profile.yaml", "slug:", "slug: autre-commune", "folder name"),
    "email": ("profile.yaml", "email:", "email: mairie-at-example", "e-mail address"),
    "phone": ("profile.yaml", "phone:", 'phone: "{prefix} 90 12 34"', "expected 8"),
}


@pytest.mark.parametrize("which", ROOTS)
@pytest.mark.parametrize("name", MUTATIONS)
def test_mistake_is_caught_with_file_line_and_hint(tmp_path, which, name):
    source, slug, prefix = ROOTS[which]
    content = tmp_path / "content"
    shutil.copytree(source, content)
    file, starts, new, words = MUTATIONS[name]
    path = content / "communes" / slug / file
    line = replace_line(path, starts, new.format(prefix=prefix))
    problems = problems_of(content, AS_OF)
    errors = [p for p in problems if not p.warning]
    assert {Path(p.path).name for p in errors} == {file}, [str(p) for p in errors]
    assert any(p.line == line and words in p.message for p in errors), [str(p) for p in errors]
