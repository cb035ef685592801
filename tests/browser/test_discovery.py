"""Search (Pagefind) in each language, the search box without JavaScript, and the printed fiche."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .test_journeys import profiles

SEARCHES = [
    # (site, search page, words, a commune expected among the results)
    ("demo", "recherche/", "artisanat", "Hautecombe"),  # French stemming: the page says "artisans"
    ("demo", "en/search/", "mangrove", "Anse-Marine"),
    ("real", "recherche/", "Koutammakou", "Kéran 3"),
    ("real", "en/search/", "airport", "Doufelgou 1"),
    ("real", "recherche/", "aéroport", "Doufelgou 1"),
]


@pytest.mark.parametrize(("which", "path", "words", "commune"), SEARCHES)
def test_search_finds_the_commune_in_the_pages_language(page: Page, sites, which, path, words, commune):
    site = sites[which]
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


def test_every_real_commune_prints_on_one_a4_page(browser, sites, screenshots_dir):
    site = sites["real"]
    context = browser.new_context()
    page = context.new_page()
    pages = {}
    for slug in profiles(site.content):
        page.goto(site.url + f"communes/{slug}/")
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
        pages[slug] = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        if slug == "kloto-3":
            (screenshots_dir / "real-fiche-kloto-3.pdf").write_bytes(pdf)
            (screenshots_dir / "real-share-card-kloto-3.jpg").write_bytes(
                (site.root / "share" / "kloto-3.jpg").read_bytes()
            )
            page.screenshot(path=str(screenshots_dir / "real-fiche-kloto-3-print.png"), full_page=True)
    context.close()
    assert pages == {slug: 1 for slug in pages}


def test_print_button_appears_with_javascript_only(browser, sites):
    url = sites["real"].url + "communes/kloto-3/"
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
