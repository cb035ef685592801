"""Every HTML file of both builds passes the Nu Html Checker (vnu-jar, run with Java) with zero errors."""

from __future__ import annotations

import json
import shutil
import subprocess

from .browser.conftest import require
from .conftest import ROOT
from .sitecheck import html_pages

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_page_is_valid_html(real_site, demo_site):
    java = shutil.which("java")
    require(java is not None, "Java not found: install it with `apt-get install default-jre-headless`")
    require(VNU.is_file(), "vnu-jar not found: run `npm ci` (make test does it)")
    pages = sorted(str(p) for site in (real_site, demo_site) for p in html_pages(site).values())
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *pages], capture_output=True, text=True
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{m.get('url', '?').rsplit('/site/', 1)[-1]}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    print(f"Nu Html Checker: {len(pages)} pages checked, {len(errors)} errors")
    assert errors == [], "\n".join(errors[:50])
