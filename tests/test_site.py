"""Integration: build content/ and examples/demo/ and check the site as a visitor and a crawler would."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html import escape
from pathlib import Path

import pytest
import yaml

from vitrine import pipeline

from .conftest import AS_OF, REAL, ROOT
from .sitecheck import html_pages, read_page, resolve_internal

SECTIONS = [
    "/",
    "/communes/",
    "/progression/",
    "/partenaires/",
    "/partenaires/comparer/",
    "/actualites/",
    "/a-propos/",
    "/progression/completude/",
    "/donnees/",
    "/recherche/",
    "/en/",
    "/en/communes/",
    "/en/progress/",
    "/en/partners/",
    "/en/partners/compare/",
    "/en/news/",
    "/en/about/",
    "/en/progress/completeness/",
    "/en/data/",
    "/en/search/",
    "/404.html",
]


def commune_slugs(content: Path) -> list[str]:
    return sorted(p.name for p in (content / "communes").iterdir() if p.is_dir())


@pytest.fixture(params=["real", "demo"])
def site_and_content(request, real_site, demo_site):
    if request.param == "real":
        return real_site, REAL
    return demo_site, ROOT / "examples" / "demo"


def test_page_set(site_and_content):
    site, content = site_and_content
    pages = html_pages(site)
    expected = set(SECTIONS)
    for slug in commune_slugs(content):
        expected |= {f"/communes/{slug}/", f"/en/communes/{slug}/"}
    for news in (content / "news").glob("*.fr.md"):
        slug = news.name[11:].removesuffix(".fr.md")
        expected |= {f"/actualites/{slug}/", f"/en/news/{slug}/"}
    if (content / "pages" / "become-partner.fr.md").is_file():  # a page of content/pages/, under the finder
        expected |= {"/partenaires/devenir-partenaire/", "/en/partners/become-a-partner/"}
    assert set(pages) == expected
    for extra in ("sitemap.xml", "robots.txt", "feed.xml", "en/feed.xml"):
        assert (site / extra).is_file()


def test_every_internal_link_and_asset_resolves(site_and_content):
    site, _ = site_and_content
    broken = []
    for url, path in html_pages(site).items():
        for link in read_page(path).links:
            target = resolve_internal(site, url, link)
            if target is not None and not target.is_file():
                broken.append(f"{url} -> {link}")
            elif target is None:
                assert link.startswith(("https://", "http://", "mailto:", "tel:")), f"{url}: odd link {link}"
    assert broken == []


def test_languages_titles_and_counterparts(site_and_content):
    site, _ = site_and_content
    pages = html_pages(site)
    titles = {}
    for url, path in pages.items():
        info = read_page(path)
        assert info.lang == ("en" if url.startswith("/en/") else "fr"), url
        assert info.title and info.description, url
        titles.setdefault(info.title, []).append(url)
        if url == "/404.html":
            continue
        assert info.canonical.endswith(url), url
        assert set(info.alternates) == {"fr", "en", "x-default"}, url
        for lang in ("fr", "en"):
            other = "/" + info.alternates[lang].split("/", 3)[3]
            assert other in pages, f"{url}: {lang} counterpart {other} missing"
            assert read_page(pages[other]).alternates[lang] == info.alternates[lang]
    assert [t for t, urls in titles.items() if len(urls) > 1] == []


def test_sitemap_lists_exactly_the_pages_with_alternates(site_and_content):
    site, _ = site_and_content
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(site / "sitemap.xml").getroot()
    locs = {"/" + loc.text.split("/", 3)[3] for loc in root.findall("s:url/s:loc", ns)}
    noindex = {
        url
        for url, path in html_pages(site).items()
        if '<meta name="robots" content="noindex">' in path.read_text(encoding="utf-8")
    }
    # The completeness page is the team's to-do list: reachable, but not for search engines.
    assert noindex == {"/404.html", "/progression/completude/", "/en/progress/completeness/"}
    assert locs == set(html_pages(site)) - noindex
    assert all(len(url.findall("x:link", ns)) == 2 for url in root.findall("s:url", ns))


def test_feeds_are_well_formed_atom(site_and_content):
    site, content = site_and_content
    ns = {"a": "http://www.w3.org/2005/Atom"}
    for feed in ("feed.xml", "en/feed.xml"):
        root = ET.parse(site / feed).getroot()
        assert len(root.findall("a:entry", ns)) == len(list((content / "news").glob("*.fr.md")))


def test_real_commune_pages_show_identity_sourced_figures_and_ladder(real_site):
    """Read from the YAML, whatever it says this week: name, préfecture, every figure's year, « Non signalé »
    for the steps not reported, and what is unknown said once."""
    milestones = yaml.safe_load((REAL / "programme.yaml").read_text(encoding="utf-8"))["milestones"]
    for slug in commune_slugs(REAL):
        folder = REAL / "communes" / slug
        profile = yaml.safe_load((folder / "profile.yaml").read_text(encoding="utf-8"))
        progress = yaml.safe_load((folder / "progress.yaml").read_text(encoding="utf-8"))
        contact = profile["contact"]
        gaps = (
            not profile["themes_sought"]
            or not profile["projects"]
            or profile["governance"]["mayor"] is None
            or not any(contact[key] for key in ("email", "phone", "address", "website"))
        )
        for lang, url, todo, to_come in (
            ("fr", f"communes/{slug}/", "à compléter", "Profil en cours de rédaction"),
            ("en", f"en/communes/{slug}/", "to be completed", "Profile being written"),
        ):
            text = read_page(real_site / url / "index.html").text
            assert profile["name"] in text and profile["prefecture"] in text
            for figure in profile["figures"]:
                assert str(figure["year"] or "") in text
            assert text.count(todo) <= 1 and text.count(to_come) == int(gaps)  # unknowns said once
            unreported = len(milestones) > len(progress["steps"])
            assert (("Non signalé" if lang == "fr" else "Not reported") in text) == unreported


def test_real_figures_show_their_source_links(real_site):
    for slug in commune_slugs(REAL):
        profile = yaml.safe_load((REAL / "communes" / slug / "profile.yaml").read_text(encoding="utf-8"))
        html = (real_site / "communes" / slug / "index.html").read_text(encoding="utf-8")
        for figure in profile["figures"]:
            if figure["value"] is None:
                continue
            assert f"{figure['value']:,}".replace(",", "\u202f") in html
            if figure["source"].startswith("http"):
                assert f'href="{escape(figure["source"])}"' in html
            if figure["level"] == "commune" and figure["kind"] == "population":
                assert f"la commune elle-même, {figure['year']}" in html
            if figure["level"] == "prefecture":
                assert f"l’ensemble de la préfecture {profile['prefecture']}" in html or (
                    f"l’ensemble de la préfecture de {profile['prefecture']}" in html
                )


def test_no_page_links_to_a_wikipedia_mirror(site_and_content):
    site, _ = site_and_content
    for url, path in html_pages(site).items():
        for href in re.findall(r'href="(https?://[^"]+)"', path.read_text(encoding="utf-8")):
            host = href.split("/")[2]
            assert "wiki" not in host or host.endswith(".wikipedia.org"), (url, href)


def test_demo_pages_all_say_they_are_fictional(demo_site):
    for url, path in html_pages(demo_site).items():
        text = read_page(path).text
        assert ("Démonstration fictive" in text) or ("Fictional demo" in text), url


def test_real_pages_do_not_claim_to_be_fictional(real_site):
    for url, path in html_pages(real_site).items():
        assert "fictive" not in read_page(path).text.lower().replace("fictives", ""), url


def test_english_fallback_is_marked_and_in_french(demo_site):
    content = ROOT / "examples" / "demo" / "communes"
    slug = next(p.name for p in content.iterdir() if not (p / "en.md").exists())
    html = (demo_site / "en" / "communes" / slug / "index.html").read_text(encoding="utf-8")
    assert "not yet available in English" in html
    assert '<div class="prose" lang="fr">' in html


def test_demo_shows_every_field(demo_site):
    html = (demo_site / "communes" / "kerval-1" / "index.html").read_text(encoding="utf-8")
    for marker in ("mailto:", "tel:", "Budget", "Accord signé", "Fonds mobilisés", "<img "):
        assert marker in html, marker
    assert "à compléter" not in html


def test_two_builds_are_byte_identical(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    pipeline.build(ROOT / "examples" / "demo", first, AS_OF)
    pipeline.build(ROOT / "examples" / "demo", second, AS_OF)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert [f for f in files if (first / f).read_bytes() != (second / f).read_bytes()] == []


def test_pages_carry_a_csp_they_satisfy(site_and_content):
    """No inline script, style attribute or event handler: the Content-Security-Policy holds everywhere."""
    site, _ = site_and_content
    for url, path in html_pages(site).items():
        html = path.read_text(encoding="utf-8")
        assert '<meta http-equiv="Content-Security-Policy"' in html, url
        assert "script-src 'self'" in html and "'unsafe-inline'" not in html, url
        assert not re.search(r"<script(?![^>]*\b(src=|type=\"application/ld\+json\"))[^>]*>", html), url
        assert not re.search(r"<[^>]+\s(style|on[a-z]+)=", html), url
