"""Golden snapshot of one demo commune page. Refresh after an intended change with: make golden"""

from __future__ import annotations

import difflib
import os

from .conftest import ROOT

GOLDEN = ROOT / "tests" / "golden" / "demo-kerval-1.fr.html"


def test_demo_commune_page_matches_golden(demo_site):
    actual = (demo_site / "communes" / "kerval-1" / "index.html").read_text(encoding="utf-8")
    actual = "\n".join(line for line in actual.splitlines() if "/assets/style." not in line) + "\n"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(actual, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    diff = "".join(
        difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "golden", "built", n=2)
    )
    assert not diff, f"page differs from {GOLDEN.name} (run `make golden` if intended):\n{diff}"
