"""Shared fixtures: both real and demo content built once per session into a temporary folder."""

from __future__ import annotations

import os
import re
import shutil
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from vitrine import pipeline

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2026, 11, 26)  # fixed clock: every test builds "as of" this day
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
REAL = ROOT / "content"  # staff edit it every week: tests read expectations from it, never hard-code them
ISO_DATE = re.compile(rb"\b(20\d\d-[01]\d-[0-3]\d)\b")


def newest_report_in(content: Path) -> date:
    """The latest date reported in a content folder's progress files and news (AS_OF at least). The real
    content is built as of that day: an edit dated today passes on any later day, and no test reads the
    clock. (`build.py check` in the pull-request workflow holds those dates to the real today.)"""
    found = [AS_OF]
    for path in [*content.glob("communes/*/progress.yaml"), *content.glob("news/*.md")]:
        for match in ISO_DATE.finditer(path.read_bytes()):
            try:
                found.append(date.fromisoformat(match.group(1).decode()))
            except ValueError:
                pass  # not a real date: the content check reports it
    return max(found)


REAL_AS_OF = newest_report_in(REAL)


def problems_of(content: Path, as_of: date = AS_OF, **settings) -> list:
    """Every problem (errors and warnings) a check of the content finds, through the command line's own
    assembly (vitrine.pipeline)."""
    return pipeline.check_content(content, as_of, pipeline.Settings(**settings))[0]


def model_of(content: Path, as_of: date = AS_OF, **settings) -> pipeline.Model:
    """The model of content without errors, as a build makes it."""
    problems, model = pipeline.check_content(content, as_of, pipeline.Settings(**settings), with_model=True)
    assert model is not None, [str(p) for p in problems]
    return model


def epoch_of(day: date) -> str:
    """SOURCE_DATE_EPOCH for a day: what `build.py check` takes as today."""
    return str(int(datetime.combine(day, time(), UTC).timestamp()))


def real_as_of_environment() -> dict[str, str]:
    """The environment for a command run on the real content: its as-of date in SOURCE_DATE_EPOCH."""
    return {**os.environ, "SOURCE_DATE_EPOCH": epoch_of(REAL_AS_OF)}


@pytest.fixture(autouse=True)
def fixed_environment(monkeypatch):
    """No test depends on the machine's locale, clock or CI variables."""
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795651200")  # 2026-11-26
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("real") / "site"
    pipeline.build(REAL, output, REAL_AS_OF, pipeline.Settings(cache=output.parent / "cache"))
    return output


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("demo") / "site"
    settings = pipeline.Settings(cache=output.parent / "cache")
    pipeline.build(ROOT / "examples" / "demo", output, AS_OF, settings)
    return output


@pytest.fixture
def demo_copy(tmp_path) -> Path:
    """A writable copy of the fictional demo."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "examples" / "demo", content)
    return content


def files_of(site: Path) -> dict[str, bytes]:
    """Every file of a built site, by its path in the site."""
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.fixture
def minimal_content(tmp_path) -> Path:
    """A writable copy of the one-commune fixture site."""
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    return content
