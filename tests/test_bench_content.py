"""The benchmark's synthetic programme is valid content: a benchmark that stops on content errors measures
nothing (the contact's address once became a text per language, and bench/generate.py had to follow)."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT, problems_of


def test_the_benchmark_generates_content_without_a_problem(tmp_path):
    content = tmp_path / "content"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "3", str(content)], check=True)
    assert len(list((content / "communes").iterdir())) == 3
    assert problems_of(content, jobs=1, cache=tmp_path / "cache") == []
