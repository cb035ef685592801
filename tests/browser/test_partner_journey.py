"""The partner's journey in Chromium: an e-mail about a commune written in advance, budgets in both
currencies, and a French search that finds elided words."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from playwright.sync_api import Page, expect

from ..sitecheck import html_pages
from .conftest import ARTIFACTS
from .test_journeys import LANG_PREFIX, profiles

ELIDED_EAU = re.compile(r"\bd[’']eau\b", re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")


def site_settings(content) -> dict:
    return yaml.safe_load((content / "site.yaml").read_text(encoding="utf-8"))


def main_text(path) -> str:
    """The text of a page's searchable part (what Pagefind indexes), without tags."""
    html = path.read_text(encoding="utf-8")
    main = re.search(r"<main[^>]*data-pagefind-body[^>]*>(.*)</main>", html, re.S)
    return TAG.sub(" ", main.group(1)) if main else ""


@pytest.mark.parametrize("which", ["demo", "real"])
def test_french_search_for_eau_finds_every_page_that_says_d_eau(page: Page, sites, which):
    site = sites[which]
    default = site_settings(site.content)["languages"][0]
    expected = {
        url
        for url, path in html_pages(site.root).items()
        if not url.startswith(tuple(f"/{lang}/" for lang in site_settings(site.content)["languages"]))
        and ELIDED_EAU.search(main_text(path))
    }
    if which == "demo":
        assert expected, "the demo says « d’eau » somewhere"
    page.goto(site.url + "recherche/")
    expect(page.locator("html")).to_have_attribute("lang", default)
    found = page.evaluate(
        """async () => {
            const pagefind = await import("/pagefind/pagefind.js");
            const search = await pagefind.search("eau");
            const pages = await Promise.all(search.results.map((result) => result.data()));
            return pages.map((data) => data.url);
        }"""
    )
    found = {url.replace("index.html", "") for url in found}
    assert expected <= found, sorted(expected - found)


def mail_parts(href: str) -> tuple[list[str], str, str]:
    parts = urlsplit(href)
    query = parse_qs(parts.query)
    return unquote(parts.path).split(","), query["subject"][0], query["body"][0]


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_commune_page_offers_an_email_about_it_written_in_its_language(
    browser, sites, lang, javascript
):
    site = sites["demo"]
    settings = site_settings(site.content)
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    for slug, profile in profiles(site.content).items():
        page.goto(site.url + LANG_PREFIX[lang] + f"communes/{slug}/")
        ask = page.locator(".commune-header a.button[href^='mailto:']")
        expect(ask).to_be_visible()
        expect(ask).to_contain_text(profile["name"])
        recipients, subject, body = mail_parts(ask.get_attribute("href"))
        expected = [settings["contact"]["email"]] + (
            [profile["contact"]["email"]] if profile["contact"]["email"] else []
        )
        assert recipients == expected
        assert profile["name"] in subject and profile["name"] in body
        assert page.url.split("?")[0] in body  # the profile's own address
        assert ("Bonjour" in body) == (lang == "fr") and ("Hello" in body) == (lang == "en")
    context.close()


def test_real_commune_pages_never_offer_a_dead_email_link(page: Page, sites):
    site = sites["real"]
    settings = site_settings(site.content)
    for slug, profile in profiles(site.content).items():
        page.goto(site.url + f"communes/{slug}/")
        ask = page.locator(".commune-header p.ask a")
        emails = [e for e in (settings["contact"]["email"], profile["contact"]["email"]) if e]
        href = ask.get_attribute("href")
        if emails:
            assert mail_parts(href)[0] == emails
        else:  # no address anywhere: the action leads to how else to reach the programme
            assert href == "#contact"
            expect(page.locator("#contact")).to_contain_text(settings["contact"]["address"] or "")


@pytest.mark.parametrize("javascript", [True, False])
def test_finder_email_names_the_theme_chosen(browser, sites, javascript):
    site = sites["demo"]
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(site.url + "en/partners/?theme=water_sanitation")
    if javascript:
        ask = page.locator("#finder-results > li:visible a.ask").first
    else:
        ask = page.locator("section[aria-labelledby='theme-water_sanitation'] a.ask").first
    expect(ask).to_be_visible()
    subject = mail_parts(ask.get_attribute("href"))[1]
    assert "Water" in subject, subject
    context.close()


PARTNERS = {"fr": "partenaires/", "en": "en/partners/"}
PATH_SHOTS = "partner-path"


def three_communes_for_a_theme(content) -> tuple[str, list[str]]:
    """The theme most communes seek, and three communes to compare: those that seek it first."""
    communes = profiles(content)
    counts: dict[str, int] = {}
    for profile in communes.values():
        for theme in profile["themes_sought"]:
            counts[theme] = counts.get(theme, 0) + 1
    theme = sorted(counts, key=lambda t: (-counts[t], t))[0]
    seekers = [slug for slug, p in communes.items() if theme in p["themes_sought"]]
    others = [slug for slug in communes if slug not in seekers]
    return theme, (seekers + others)[:3]


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_partner_goes_from_home_to_three_communes_side_by_side_and_an_email(browser, sites, lang, javascript):
    """Home → communes by theme → a table → three side by side (a shareable address) → budgets in both
    currencies → a pre-filled e-mail. With JavaScript, the five steps are kept as screenshots."""
    site = sites["demo"]
    theme, chosen = three_communes_for_a_theme(site.content)
    names = [profiles(site.content)[slug]["name"] for slug in chosen]
    shots = ARTIFACTS / PATH_SHOTS
    shots.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1280, "height": 900})
    page = context.new_page()

    def shot(step: str) -> None:
        if javascript:
            page.screenshot(path=str(shots / f"{lang}-{step}.png"), full_page=False)

    page.goto(site.url + LANG_PREFIX[lang])
    page.locator(f"main a[href='/{PARTNERS[lang]}']").first.click()
    expect(page).to_have_url(site.url + PARTNERS[lang])
    if javascript:  # 1. the finder, by theme
        page.locator("#finder select[name=theme]").select_option(theme)
        expect(page).to_have_url(re.compile(rf"\?theme={theme}$"))
        visible = page.locator("#finder-results > li:visible h2").all_inner_texts()
    else:
        visible = page.locator(
            f"section[aria-labelledby='theme-{theme}'] ul.columns a:not(.ask)"
        ).all_inner_texts()
    seekers = sorted(p["name"] for p in profiles(site.content).values() if theme in p["themes_sought"])
    assert sorted(visible) == seekers
    shot("1-finder-by-theme")
    # 2. the table, where three communes are ticked
    table = page.locator("#finder-table")
    table.scroll_into_view_if_needed()
    for slug in chosen:
        page.locator(f"#pick-{slug}").check()
    shot("2-table")
    page.locator("section.compare-table button[type=submit]").click()
    # 3. side by side, at an address that can be shared
    columns = page.locator("#compare thead th[data-commune]:visible")
    if javascript:
        expect(page).to_have_url(
            site.url
            + PARTNERS[lang]
            + ("comparer/" if lang == "fr" else "compare/")
            + "?c="
            + ",".join(chosen)
        )
        expect(columns).to_have_text(names)
        shared = context.new_page()
        shared.goto(page.url)
        expect(shared.locator("#compare thead th[data-commune]:visible")).to_have_text(names)
        shared.close()
    else:  # without JavaScript every commune is there, the chosen ones among them
        assert set(names) <= set(columns.all_inner_texts())
        assert "c=" + "&c=".join(chosen) in page.url
    shot("3-side-by-side")
    # 4. budgets in both currencies
    budgets = page.locator("#compare tbody tr").nth(3).locator("td:visible").all_inner_texts()
    assert any("XOF" in cell and "EUR" in cell for cell in budgets), budgets
    page.locator(f"#compare thead th[data-commune='{chosen[0]}'] a").click()
    projects = page.locator("#projects-title")
    projects.scroll_into_view_if_needed()
    expect(page.locator("main .cards .meta").filter(has_text="XOF").first).to_contain_text("EUR")
    shot("4-budgets")
    # 5. the e-mail about the commune
    page.evaluate("window.scrollTo(0, 0)")
    ask = page.locator(".commune-header a.button[href^='mailto:']")
    expect(ask).to_contain_text(names[0])
    subject = mail_parts(ask.get_attribute("href"))[1]
    assert names[0] in subject
    ask.focus()
    shot("5-email")
    context.close()


def commune_population(profile: dict) -> int:
    """The commune's own latest population from its YAML (0 when unknown)."""
    figures = [
        f
        for f in profile.get("figures", [])
        if f["kind"] == "population" and f["level"] == "commune" and f["value"] is not None
    ]
    return max(figures, key=lambda f: f["year"] or 0)["value"] if figures else 0


@pytest.mark.parametrize("javascript", [True, False])
def test_finder_table_lists_every_commune_and_sorts_by_population(browser, sites, javascript):
    site = sites["demo"]
    communes = profiles(site.content)
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(site.url + "en/partners/")
    names = page.locator("#finder-table tbody th a")
    expect(names).to_have_count(len(communes))
    if javascript:
        page.locator("#finder-table thead th").nth(3).locator("button.sort").click()
        by_population = sorted(communes.values(), key=commune_population)
        expect(names).to_have_text([p["name"] for p in by_population])
    context.close()
