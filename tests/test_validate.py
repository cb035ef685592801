"""Validate stage: each broken fixture gives exactly the error lines recorded beside it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import AS_OF, REAL, REAL_AS_OF, ROOT, problems_of

INVALID = ROOT / "tests" / "fixtures" / "invalid"
CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir())


def test_minimal_fixture_is_valid(minimal_content):
    problems = problems_of(minimal_content, AS_OF)
    assert [p for p in problems if not p.warning] == []


@pytest.mark.parametrize("case", CASES)
def test_invalid_fixture_reports_expected_lines(case, tmp_path):
    shutil.copytree(ROOT / "tests" / "fixtures" / "minimal", tmp_path / "content")
    shutil.copytree(INVALID / case, tmp_path / "content", dirs_exist_ok=True)
    (tmp_path / "content" / "expected.txt").unlink()
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "check"], cwd=tmp_path, capture_output=True, text=True
    )
    expected = (INVALID / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    reported = result.stderr.splitlines()[:-1]  # the last line is the count of errors and warnings
    assert reported == expected
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


def test_all_errors_are_reported_at_once(minimal_content):
    profile = minimal_content / "communes" / "alpha" / "profile.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace("region: nord", "region: est").replace("[water_sanitation]", "[eau]"))
    (minimal_content / "communes" / "alpha" / "progress.yaml").write_text(
        'updated: "2026-13-01"\nsteps: {}\npartnerships: []\nfunds: []\n', encoding="utf-8"
    )
    problems = problems_of(minimal_content, AS_OF)
    errors = sorted((Path(p.path).name, p.line) for p in problems if not p.warning)
    assert errors == [("profile.yaml", 4), ("profile.yaml", 13), ("progress.yaml", 1)]


def test_duplicate_slug_names_the_other_file(minimal_content):
    shutil.copytree(minimal_content / "communes" / "alpha", minimal_content / "communes" / "beta")
    messages = [p.message for p in problems_of(minimal_content) if not p.warning]
    assert any("slug 'alpha' differs from the folder name 'beta'" in m for m in messages)
    assert any(m.startswith("slug 'alpha' is already used by") for m in messages)


def test_missing_english_text_is_only_a_warning(minimal_content):
    (minimal_content / "communes" / "alpha" / "en.md").unlink()
    problems = problems_of(minimal_content, AS_OF)
    assert all(p.warning for p in problems)
    assert any(p.path.endswith("alpha/en.md") for p in problems)


def test_missing_default_language_text_is_an_error(minimal_content):
    (minimal_content / "communes" / "alpha" / "fr.md").unlink()
    errors = [p for p in problems_of(minimal_content) if not p.warning]
    assert [(Path(p.path).name, p.message) for p in errors] == [("fr.md", "missing text: create fr.md")]


def test_real_and_demo_content_are_valid():
    for folder, as_of in ((REAL, REAL_AS_OF), (ROOT / "examples" / "demo", AS_OF)):
        problems = problems_of(folder, as_of)
        assert [str(p) for p in problems if not p.warning] == []


def test_oversized_photo_is_reported(minimal_content):
    folder = minimal_content / "communes" / "alpha"
    (folder / "photos").mkdir()
    (folder / "photos" / "big.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 16_200_000)
    profile = folder / "profile.yaml"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace(
            "photos: []", "photos:\n  - {file: photos/big.png, alt: {fr: Vue}, credit: Mairie}"
        ),
        encoding="utf-8",
    )
    messages = [p.message for p in problems_of(minimal_content) if not p.warning]
    assert messages == [
        "photo 'photos/big.png' is too large (16.2 MB, the limit is 15 MB): send the photo as the phone "
        "took it, or export it again at about 4000 pixels wide"
    ]
