"""axe-core on every page template, both languages, both builds, at phone and laptop widths: no serious or
critical violation."""

from __future__ import annotations

import pytest

from ..conftest import ROOT
from .conftest import require

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# One page per template, in each language.
TEMPLATE_PAGES = {
    "real": [
        "",
        "communes/",
        "communes/{commune}/",
        "progression/",
        "partenaires/",
        "actualites/",
        "actualites/{news}/",
        "a-propos/",
        "404.html",
        "progression/completude/",
        "donnees/",
        "en/progress/completeness/",
        "en/data/",
        "recherche/",
        "en/search/",
        "en/",
        "en/communes/",
        "en/communes/{commune}/",
        "en/progress/",
        "en/partners/",
        "en/news/",
        "en/news/{news}/",
        "en/about/",
    ],
    "demo": [
        "",
        "communes/kerval-1/",
        "progression/",
        "partenaires/",
        "actualites/premier-accord-signe/",
        "en/",
        "en/communes/kerval-1/",
        "en/communes/anse-marine/",
        "en/progress/",
        "en/partners/",
        "en/news/premier-accord-signe/",
        "en/about/",
    ],
}


# A phone (tables scroll sideways there, menus wrap) and a laptop.
VIEWPORTS = {"phone-360": {"width": 360, "height": 740}, "desktop-1280": {"width": 1280, "height": 800}}


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("which", ["real", "demo"])
def test_no_serious_or_critical_axe_violation(browser, sites, which, viewport):
    require(AXE.is_file(), "axe-core not found: run `npm ci` (make test does it)")
    site = sites[which]
    # bypass_csp lets axe be injected despite the pages' strict Content-Security-Policy.
    context = browser.new_context(bypass_csp=True, viewport=VIEWPORTS[viewport])
    page = context.new_page()
    found = []
    # The real content changes every week: its first commune and news item stand for their templates.
    commune = min(p.name for p in (site.content / "communes").iterdir() if p.is_dir())
    news = min(p.name[11:].removesuffix(".fr.md") for p in (site.content / "news").glob("*.fr.md"))
    for template in TEMPLATE_PAGES[which]:
        path = template.format(commune=commune, news=news)
        assert (site.root / (path or "index.html")).exists() or (site.root / path / "index.html").exists(), (
            path
        )
        page.goto(site.url + path)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        for violation in result["violations"]:
            if violation["impact"] in ("serious", "critical"):
                for node in violation["nodes"]:
                    found.append(
                        f"{violation['id']} ({violation['impact']}) on /{path}: {node['target']} — "
                        f"{violation['help']}"
                    )
    context.close()
    print(f"axe: {len(TEMPLATE_PAGES[which])} pages of the {which} build checked at {viewport}")
    assert found == [], "\n".join(found)
