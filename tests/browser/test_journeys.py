"""What visitors and partners do, in real Chromium, on both builds and in both languages."""

from __future__ import annotations

import re

import pytest
import yaml
from playwright.sync_api import Page, expect

from ..sitecheck import html_pages

LANG_PREFIX = {"fr": "", "en": "en/"}
COMMUNES_LINK = {"fr": "Communes", "en": "Communes"}
LANGUAGE_NAME = {"fr": "Français", "en": "English"}


def profiles(content) -> dict[str, dict]:
    folder = content / "communes"
    return {
        p.name: yaml.safe_load((p / "profile.yaml").read_text(encoding="utf-8"))
        for p in sorted(folder.iterdir())
    }


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("which", ["real", "demo"])
def test_visitor_goes_from_home_to_a_commune_and_switches_language(page: Page, sites, which, lang):
    site = sites[which]
    other = "en" if lang == "fr" else "fr"
    page.goto(site.url + LANG_PREFIX[lang])
    page.get_by_role("navigation", name=re.compile("Menu|menu")).get_by_role(
        "link", name=COMMUNES_LINK[lang]
    ).click()
    expect(page).to_have_url(re.compile(r"/communes/$"))
    card = page.locator(".cards .card h3 a").first
    name = card.inner_text()
    card.click()
    expect(page.locator("h1")).to_have_text(name)
    slug = page.url.rstrip("/").rsplit("/", 1)[1]
    assert profiles(site.content)[slug]["name"] == name
    page.get_by_role("link", name=LANGUAGE_NAME[other]).click()
    expect(page).to_have_url(site.url + LANG_PREFIX[other] + f"communes/{slug}/")
    expect(page.locator("h1")).to_have_text(name)
    expect(page.locator("html")).to_have_attribute("lang", other)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_partner_follows_a_theme_to_a_commune_and_finds_the_contact(page: Page, sites, lang):
    site = sites["demo"]
    page.goto(site.url + LANG_PREFIX[lang] + ("partenaires/" if lang == "fr" else "partners/"))
    finder = page.locator("#finder")
    expect(finder).to_be_visible()
    theme = finder.locator("select[name=theme] option").nth(1)
    theme_id, theme_label = theme.get_attribute("value"), theme.inner_text().rsplit(" (", 1)[0]
    finder.locator("select[name=theme]").select_option(theme_id)
    finder.locator("#finder-results > li:visible a").first.click()
    expect(page.locator("main .tags")).to_contain_text(theme_label)
    contact = page.locator("#contact")
    expect(contact).to_be_visible()
    expect(contact.locator('a[href^="mailto:"]').first).to_be_visible()


def test_without_javascript_the_partners_page_lists_communes_by_theme(browser, sites):
    site = sites["demo"]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + "partenaires/")
    expect(page.locator("#finder")).to_be_hidden()
    stated = {t for profile in profiles(site.content).values() for t in profile["themes_sought"]}
    for theme in stated:
        expected = sorted(p["name"] for p in profiles(site.content).values() if theme in p["themes_sought"])
        section = page.locator(f"section[aria-labelledby='theme-{theme}']")
        links = section.locator("ul.columns a:not(.ask)").all_inner_texts()
        assert sorted(links) == expected, theme
    context.close()


FILTERS = [
    {"theme": "tourism"},
    {"region": "littoral"},
    {"steps": "3"},
    {"theme": "water_sanitation", "region": "nord"},
    {"population": "under_50k"},
    {"population": "50k_100k"},
    {"theme": "education", "steps": "1"},
]


def expected_communes(content, filters: dict) -> list[str]:
    """The communes a filter should show, computed from the YAML files."""
    names = []
    for slug, profile in profiles(content).items():
        progress = yaml.safe_load((content / "communes" / slug / "progress.yaml").read_text(encoding="utf-8"))
        done = sum(1 for step in progress["steps"].values() if step["status"] == "done")
        own = [
            f
            for f in profile["figures"]
            if f["kind"] == "population" and f["level"] == "commune" and f["value"] is not None
        ]
        value = max(own, key=lambda f: f["year"] or 0)["value"] if own else None
        band = (
            "unknown"
            if value is None
            else "under_50k"
            if value < 50_000
            else "50k_100k"
            if value < 100_000
            else "100k_200k"
            if value < 200_000
            else "over_200k"
        )
        if (
            ("theme" in filters and filters["theme"] not in profile["themes_sought"])
            or ("region" in filters and profile["region"] != filters["region"])
            or ("steps" in filters and done < int(filters["steps"]))
            or ("population" in filters and band != filters["population"])
        ):
            continue
        names.append(profile["name"])
    return sorted(names)


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: "+".join(f"{k}={v}" for k, v in f.items()))
def test_partner_finder_filters_match_the_yaml_and_live_in_the_address(page: Page, sites, filters):
    site = sites["demo"]
    page.goto(site.url + "partenaires/")
    for name, value in filters.items():
        page.locator(f"#finder select[name={name}]").select_option(value)
    shown = sorted(page.locator("#finder-results > li:visible h2").all_inner_texts())
    assert shown == expected_communes(site.content, filters)
    query = page.url.split("?", 1)[1]
    page.goto(site.url + "partenaires/?" + query)  # a shared link restores the same filters
    assert sorted(page.locator("#finder-results > li:visible h2").all_inner_texts()) == shown


def test_real_partners_page_says_no_theme_is_stated_yet_and_offers_the_contact(page: Page, sites):
    site = sites["real"]
    stated = {theme for p in profiles(site.content).values() for theme in p["themes_sought"]}
    page.goto(site.url + "partenaires/")
    sections = page.locator("main section[aria-labelledby^='theme-']")
    empty = sections.filter(has_text="Aucune commune n’a encore indiqué ce thème")
    expect(empty).to_have_count(sections.count() - len(stated))
    expect(page.locator("#contact")).to_be_visible()


@pytest.mark.parametrize("which", ["real", "demo"])
def test_progress_table_counts_match_the_yaml(page: Page, sites, which):
    site = sites[which]
    programme = yaml.safe_load((site.content / "programme.yaml").read_text(encoding="utf-8"))
    progress = [
        yaml.safe_load((p / "progress.yaml").read_text(encoding="utf-8"))
        for p in sorted((site.content / "communes").iterdir())
    ]
    page.goto(site.url + "progression/")
    if not any(
        any(step.get("status") for step in p["steps"].values())
        or any(p.get(key) for key in ("partnerships", "funds", "trainings"))
        for p in progress
    ):  # before any report: one short block instead of a table of zeros
        expect(page.get_by_role("heading", name="Premiers comptes rendus attendus")).to_be_visible()
        expect(page.locator("table.counts")).to_have_count(0)
        return
    rows = page.locator("table.counts tbody tr")
    expect(rows).to_have_count(len(programme["milestones"]))
    for index, milestone in enumerate(programme["milestones"]):
        statuses = [p["steps"].get(milestone["id"], {}).get("status") for p in progress]
        expected = [
            statuses.count("done"),
            statuses.count("in_progress"),
            statuses.count("planned"),
            statuses.count(None),
        ]
        cells = rows.nth(index).locator("td").all_inner_texts()
        assert [int(c) for c in cells] == expected, milestone["id"]


def test_unknown_path_gets_the_404_page(page: Page, sites):
    response = page.goto(sites["real"].url + "communes/nulle-part/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Page introuvable")
    page.get_by_role("link", name="Les communes").click()
    expect(page).to_have_url(sites["real"].url + "communes/")


@pytest.mark.parametrize("which", ["real", "demo"])
def test_every_page_is_readable_and_navigable_without_javascript(browser, sites, which):
    site = sites[which]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for url in html_pages(site.root):
        page.goto(site.url + url.lstrip("/"))
        assert page.locator("main h1").inner_text().strip(), url
        expect(page.locator("nav.main-nav a")).to_have_count(5)
        assert page.locator("nav.main-nav a").first.is_visible(), url
    context.close()


@pytest.mark.parametrize("which", ["real", "demo"])
def test_nothing_overflows_on_a_small_phone(browser, sites, which):
    site = sites[which]
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    console_errors = []  # CSP violations and missing resources show up here
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    overflowing = []
    for url in html_pages(site.root):
        if url == "/404.html":
            continue  # served with status 404 on purpose
        page.goto(site.url + url.lstrip("/"))
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            overflowing.append(f"{url}: {width}px")
    context.close()
    assert overflowing == []
    assert console_errors == []


@pytest.mark.parametrize("which", ["real", "demo"])
def test_screenshots_for_review(browser, sites, which, screenshots_dir):
    site = sites[which]
    commune = sorted(profiles(site.content))[0]
    for device, viewport in (
        ("phone", {"width": 360, "height": 740}),
        ("desktop", {"width": 1280, "height": 900}),
    ):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        for name, path in (("home", ""), ("commune", f"communes/{commune}/"), ("progress", "progression/")):
            page.goto(site.url + path)
            target = screenshots_dir / f"{which}-{name}-{device}.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 1000
        context.close()
