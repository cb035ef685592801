"""Property tests: whatever is typed into a content file, the build gives a site or clear errors."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vitrine import pipeline
from vitrine.problems import ContentError

from .conftest import AS_OF, MINIMAL

YAML_PIECES = st.sampled_from(
    [
        "slug: ",
        "name: ",
        "region: ",
        "nord",
        "sud",
        "null",
        "[]",
        "{}",
        "- ",
        ": ",
        "\n",
        "  ",
        "\t",
        '"',
        "'",
        "2026-02-30",
        "-5",
        "1e9",
        "fr: ",
        "en: ",
        "themes_sought:",
        "water_sanitation",
        "photos:",
        "#",
        "&a",
        "*a",
        "!!python/object:os.system",
        "---",
        "...",
        "é",
        "\x00",
        "｜",
        "value: ",
        "status: done",
        "steps:",
    ]
)
TEXT = st.lists(st.one_of(YAML_PIECES, st.text(max_size=8)), max_size=40).map("".join)
FILES = st.sampled_from(
    [
        "communes/alpha/profile.yaml",
        "communes/alpha/progress.yaml",
        "site.yaml",
        "programme.yaml",
        "communes/alpha/fr.md",
        "news/2026-01-01-lancement.fr.md",
    ]
)
SETTINGS = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def build_or_errors(content: Path, output: Path) -> None:
    """The only acceptable outcomes: a site, or ContentError with located messages."""
    try:
        pipeline.build(content, output, AS_OF)
    except ContentError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.line >= 1 and problem.col >= 1 and problem.message
            assert problem.path.startswith(str(content)) or not Path(problem.path).is_absolute()


def fresh_copy(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.rmtree(content, ignore_errors=True)
    shutil.copytree(MINIMAL, content)
    return content


@SETTINGS
@given(file=FILES, text=TEXT)
def test_random_file_content_never_raises_a_traceback(tmp_path, file, text):
    content = fresh_copy(tmp_path)
    (content / file).write_text(text, encoding="utf-8", errors="surrogatepass")
    build_or_errors(content, tmp_path / "out")


@SETTINGS
@given(file=FILES, position=st.integers(min_value=0, max_value=2000), insert=TEXT, cut=st.integers(0, 30))
def test_random_edits_of_valid_files_never_raise_a_traceback(tmp_path, file, position, insert, cut):
    content = fresh_copy(tmp_path)
    path = content / file
    original = path.read_text(encoding="utf-8")
    position = min(position, len(original))
    path.write_text(
        original[:position] + insert + original[position + cut :], encoding="utf-8", errors="surrogatepass"
    )
    build_or_errors(content, tmp_path / "out")
