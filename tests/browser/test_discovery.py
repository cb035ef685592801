"""Search (Pagefind) in each language, the search box without JavaScript, and the printed fiche."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .test_journeys import profiles

SEARCHES = [
    # (site, search page, words, a commune expected among the results); the real content changes every
    # week, so its searches are for each commune's own name (None: every commune, one at a time).
    ("demo", "recherche/", "artisanat", "Hautecombe"),  # French stemming: the page says "artisans"
    ("demo", "en/search/", "mangrove", "Anse-Marine"),
    ("demo", "en/search/", "cheese", "Kerval 1"),
    ("real", "recherche/", None, None),
    ("real", "en/search/", None, None),
]


@pytest.mark.parametrize(("which", "path", "words", "commune"), SEARCHES)
def test_search_finds_the_commune_in_the_pages_language(page: Page, sites, which, path, words, commune):
    site = sites[which]
    if words is None:
        for name in sorted(profile["name"] for profile in profiles(site.content).values()):
            assert_search_finds(page, site, path, name, name)
    else:
        assert_search_finds(page, site, path, words, commune)


def assert_search_finds(page: Page, site, path: str, words: str, commune: str) -> None:
    page.goto(site.url + path + "?q=" + words)
    results = page.locator("#search-results li a")
    expect(results.first).to_be_visible(timeout=10_000)
    titles = results.all_inner_texts()
    assert commune in titles, titles
    hrefs = [href for href in results.evaluate_all("links => links.map(a => a.getAttribute('href'))")]
    english = path.startswith("en/")
    assert all(href.startswith("/en/") == english for href in hrefs), hrefs  # only the page's language


def test_header_search_box_goes_to_the_search_page(page: Page, sites):
    site = sites["demo"]
    page.goto(site.url + "communes/")
    page.locator("#site-search").fill("mangrove")
    page.locator("#site-search").press("Enter")
    expect(page).to_have_url(re.compile(r"/recherche/\?q=mangrove$"))
    expect(page.locator("#search-results li a").first).to_have_text("Anse-Marine", timeout=10_000)


def test_without_javascript_the_search_box_leads_to_the_communes_index(browser, sites):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(sites["real"].url + "a-propos/")
    page.locator("#site-search").fill("Kloto")
    page.locator("#site-search").press("Enter")
    expect(page).to_have_url(re.compile(r"/communes/\?q=Kloto$"))
    expect(page.locator("h1")).to_have_text("Les communes")
    context.close()


def test_search_index_is_loaded_only_when_searching(page: Page, sites):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(sites["demo"].url + "recherche/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "/pagefind/" in url]
    page.locator("#search-input").fill("port")
    expect(page.locator("#search-results li").first).to_be_visible(timeout=10_000)
    assert [url for url in requested if url.endswith("/pagefind/pagefind.js")]


@pytest.mark.parametrize("which", ["real", "demo"])
def test_every_commune_prints_as_a_short_fiche(browser, sites, screenshots_dir, which):
    """The demo's fiches, every field filled, fit two A4 pages; the real ones are kept for review (a long
    presentation written by staff may take more: that is no reason to fail their edit)."""
    site = sites[which]
    context = browser.new_context()
    page = context.new_page()
    pages = {}
    for slug in profiles(site.content):
        page.goto(site.url + f"communes/{slug}/")
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
        pages[slug] = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        (screenshots_dir / f"{which}-fiche-{slug}.pdf").write_bytes(pdf)
    first = next(iter(pages))
    (screenshots_dir / f"{which}-share-card-{first}.jpg").write_bytes(
        (site.root / "share" / f"{first}.jpg").read_bytes()
    )
    context.close()
    assert all(count >= 1 for count in pages.values()), pages
    if which == "demo":
        assert max(pages.values()) <= 2, pages


def test_print_button_appears_with_javascript_only(browser, sites):
    url = sites["real"].url + f"communes/{next(iter(profiles(sites['real'].content)))}/"
    with_js = browser.new_context()
    page = with_js.new_page()
    page.goto(url)
    expect(page.get_by_role("button", name="Imprimer / enregistrer en PDF")).to_be_visible()
    with_js.close()
    without_js = browser.new_context(java_script_enabled=False)
    page = without_js.new_page()
    page.goto(url)
    expect(page.locator("[data-print]")).to_be_hidden()
    without_js.close()
