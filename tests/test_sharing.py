"""Share previews and structured data: OpenGraph tags, 1200×630 cards (cached), schema.org JSON-LD."""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import re
import shutil
from datetime import date
from functools import partial
from pathlib import Path

import pytest
import yaml
from PIL import Image

import vitrine.incremental.workers as workers_module
from vitrine import pipeline
from vitrine.i18n import load_locales
from vitrine.incremental.cards import CHUNK, ShareImages, draw_and_keep
from vitrine.incremental.memo import Memo
from vitrine.incremental.store import DiskCache
from vitrine.incremental.workers import WorkerFailed, Workers
from vitrine.problems import ContentError, problem
from vitrine.share import ShareCard

from .conftest import REAL, ROOT
from .sitecheck import html_pages

DEMO = ROOT / "examples" / "demo"


def json_ld_blocks(html: str) -> list[dict]:
    return [
        json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    ]


def test_every_page_has_share_tags_whose_image_exists(demo_site):
    for url, path in html_pages(demo_site).items():
        html = path.read_text(encoding="utf-8")
        image = re.search(
            r'<meta property="og:image" content="https://demo\.example\.org/([^"]+)">', html
        ).group(1)
        assert (demo_site / image).is_file(), url
        for tag in ('property="og:title"', 'property="og:description"', 'name="twitter:card"'):
            assert tag in html, (url, tag)


def test_share_cards_are_1200_by_630(real_site):
    cards = sorted((real_site / "share").glob("*.jpg"))
    assert len(cards) == 21  # 20 communes and the programme
    for card in cards:
        with Image.open(card) as image:
            assert image.size == (1200, 630)


def stored_images(folder: Path) -> Memo[str, bytes]:
    return Memo(None, DiskCache(folder), "share")


def test_share_images_are_drawn_once_then_taken_from_the_cache(tmp_path):
    cards = [
        ShareCard("share/a.jpg", "Alpha", "Nord", ("Éducation",), "Test"),
        ShareCard("share/b.jpg", "Béta", "Sud", (), "Test"),
    ]
    images = ShareImages(cards, stored_images(tmp_path))
    assert images.to_draw == 2
    first = dict(images.rest())
    changed = [cards[0], ShareCard("share/b.jpg", "Béta", "Sud", ("Santé",), "Test")]
    images = ShareImages(changed, stored_images(tmp_path))
    assert images.to_draw == 1  # only the changed card is drawn again
    second = dict(images.rest())
    assert second["share/a.jpg"] == first["share/a.jpg"] and second["share/b.jpg"] != first["share/b.jpg"]
    with Image.open(io.BytesIO(second["share/b.jpg"])) as image:
        assert image.format == "JPEG"


def _drawn_by_workers(images: ShareImages, cache: Memo[str, bytes]) -> list[tuple[str, bytes | None]]:
    """Every card, those the store lacks drawn by two worker processes, given as the build gives them."""
    with Workers(2, {"cards": partial(draw_and_keep, cache)}) as workers:
        images.give(workers)
        given = list(workers.finished()) + list(images.drawn_by(workers)) + list(workers.rest())
    return given + list(images.rest())


def test_share_images_drawn_in_worker_processes_are_each_given_once(tmp_path):
    cards = [ShareCard(f"share/c{i}.jpg", f"Commune {i}", "Nord", (), "Test") for i in range(30)]
    cache = stored_images(tmp_path)
    given = _drawn_by_workers(ShareImages(cards, cache), cache)
    assert sorted(path for path, _ in given) == sorted(card.file for card in cards)
    with Image.open(io.BytesIO(dict(given)["share/c29.jpg"])) as image:
        assert image.size == (1200, 630)
    again = ShareImages(cards, cache)
    assert again.to_draw == 0 and dict(again.rest()) == dict(given)  # all from the store now


def test_share_images_given_to_the_workers_a_few_at_a_time_are_each_given_once(tmp_path, monkeypatch):
    monkeypatch.setattr(workers_module, "IN_FLIGHT_PER_WORKER", 1)
    cards = [ShareCard(f"share/c{i}.jpg", f"Commune {i}", "Nord", (), "Test") for i in range(5 * CHUNK)]
    cache = stored_images(tmp_path)
    images = ShareImages(cards, cache)
    with Workers(2, {"cards": partial(draw_and_keep, cache)}) as workers:
        images.give(workers)
        assert workers.in_flight == 1 and len(images.waiting) == 4  # cards take half the room, pages the rest
        given = list(workers.finished()) + list(images.drawn_by(workers)) + list(workers.rest())
    assert sorted(path for path, _ in given) == sorted(card.file for card in cards)


def test_a_worker_that_dies_fails_the_build_rather_than_hanging_it():
    with pytest.raises(WorkerFailed):
        with Workers(1, {"exit": os._exit}) as workers:
            workers.submit("exit", 3)
            list(workers.rest())


def test_a_content_error_in_a_worker_reaches_the_build_with_its_problems():
    """E.g. a text changed during the build, found by a worker as it renders the page."""
    changed = problem("communes/a/fr.md", 1, 1, "file changed during the build: build again")

    def render(_number):
        raise ContentError([changed])

    with pytest.raises(ContentError) as raised:
        with Workers(2, {"page": render}) as workers:
            workers.submit("page", 0)
            list(workers.rest())
    assert raised.value.problems == [changed]
    assert "in a worker process" in str(raised.value.__cause__)
    assert multiprocessing.active_children() == []


def test_an_error_in_a_worker_is_raised_in_the_build():
    with pytest.raises(ZeroDivisionError):
        with Workers(2, {"divide": lambda n: [("x", bytes(1 // n))]}) as workers:
            workers.submit("divide", 0)
            list(workers.rest())


def test_commune_json_ld_is_an_area_with_its_town_hall(demo_site):
    html = (demo_site / "communes" / "kerval-1" / "index.html").read_text(encoding="utf-8")
    graph = json_ld_blocks(html)[0]["@graph"]
    area, town_hall = graph
    assert area["@type"] == "AdministrativeArea" and area["name"] == "Kerval 1"
    assert {"latitude", "longitude"} <= set(area["geo"])
    assert area["containedInPlace"]["containedInPlace"]["containedInPlace"]["@type"] == "Country"
    assert town_hall["@type"] == "GovernmentOrganization" and town_hall["areaServed"] == {"@id": area["@id"]}
    assert town_hall["contactPoint"]["email"].endswith("example.org")


def test_real_communes_have_a_contact_point_only_where_the_yaml_has_one(real_site):
    for folder in sorted((REAL / "communes").iterdir()):
        contact = yaml.safe_load((folder / "profile.yaml").read_text(encoding="utf-8"))["contact"]
        html = (real_site / "communes" / folder.name / "index.html").read_text(encoding="utf-8")
        town_hall = json_ld_blocks(html)[0]["@graph"][1]
        point = town_hall.get("contactPoint", {})
        assert point.get("email") == contact["email"] and point.get("telephone") == contact["phone"]


def test_news_and_home_json_ld(demo_site):
    news = sorted((DEMO / "news").glob("*.fr.md"))[0]
    slug = news.name[11:].removesuffix(".fr.md")
    html = (demo_site / "actualites" / slug / "index.html").read_text(encoding="utf-8")
    article = json_ld_blocks(html)[0]
    assert article["@type"] == "NewsArticle" and article["datePublished"] == news.name[:10]
    home = json_ld_blocks((demo_site / "index.html").read_text(encoding="utf-8"))[0]
    publisher = yaml.safe_load((DEMO / "site.yaml").read_text(encoding="utf-8"))["publisher"]["name"]
    assert home["@type"] == "Organization" and publisher in home["name"]


def test_no_search_builds_without_an_index(tmp_path):
    pipeline.build(
        ROOT / "examples" / "demo", tmp_path / "site", date(2026, 11, 26), pipeline.Settings(search=False)
    )
    assert not (tmp_path / "site" / "pagefind").exists()
    assert (tmp_path / "site" / "recherche" / "index.html").is_file()


def test_a_share_image_whose_cache_entry_went_away_is_drawn_again(tmp_path):
    cards = [ShareCard("share/a.jpg", "Alpha", "Nord", (), "Test")]
    list(ShareImages(cards, stored_images(tmp_path)).rest())
    images = ShareImages(cards, stored_images(tmp_path))
    assert images.to_draw == 0
    shutil.rmtree(tmp_path / "share")  # the cache may be deleted at any time
    given = dict(images.rest())
    assert given["share/a.jpg"].startswith(b"\xff\xd8\xff")


def test_share_cards_take_the_default_language_where_a_text_has_no_other(minimal_content, tmp_path):
    """Only the default language is required in a text: an English card of a site titled in French only
    shows the French title (this was a KeyError found by the property test)."""
    site_yaml = minimal_content / "site.yaml"
    text = site_yaml.read_text(encoding="utf-8")
    french_only = text.replace("title: {fr: Site minimal, en: Minimal site}", "title: {fr: Site minimal}")
    site_yaml.write_text(french_only, encoding="utf-8")
    pipeline.build(minimal_content, tmp_path / "site", date(2026, 11, 26), pipeline.Settings(search=False))
    assert (tmp_path / "site" / "en" / "share" / "home.jpg").is_file()


def test_a_worker_killed_during_a_build_is_reported_in_a_sentence():
    with pytest.raises(WorkerFailed) as raised:
        with Workers(1, {"exit": os._exit}) as workers:
            workers.submit("exit", 9)
            list(workers.rest())
    french = raised.value.message.render(load_locales(ROOT / "locale", ["fr"])["fr"].translations, "fr")
    assert french.startswith("un processus qui produisait les pages s’est arrêté") and "--jobs 1" in french
