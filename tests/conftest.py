"""Shared fixtures: both real and demo content built once per session into a temporary folder."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

import build

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2026, 11, 26)  # fixed clock: every test builds "as of" this day
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"


@pytest.fixture(autouse=True)
def fixed_environment(monkeypatch):
    """No test depends on the machine's locale, clock or CI variables."""
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795651200")  # 2026-11-26
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("real") / "site"
    build.build(ROOT / "content", output, AS_OF)
    return output


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("demo") / "site"
    build.build(ROOT / "examples" / "demo", output, AS_OF)
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
