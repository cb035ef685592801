"""The commune page as a partner reads it: news that name the commune, every photo, and what is unknown said
once (the completeness page, kept out of search engines, lists every gap)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
import zxingcpp
from PIL import Image, ImageDraw

from vitrine import pipeline
from vitrine.problems import ContentError

from .conftest import AS_OF, ROOT

DEMO = ROOT / "examples" / "demo"


def read_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def news_fronts(content: Path) -> dict[str, dict[str, dict]]:
    """News slug -> language -> front matter."""
    fronts: dict[str, dict[str, dict]] = {}
    for path in (content / "news").glob("*.md"):
        slug, lang = path.name[11:].removesuffix(".md").rsplit(".", 1)
        front = path.read_text(encoding="utf-8").split("---")[1]
        fronts.setdefault(slug, {})[lang] = yaml.safe_load(front)
    return fronts


def main_of(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    return html[html.index("<main") : html.index("</main>")]


def test_a_commune_page_lists_the_news_that_name_it(demo_site):
    fronts = news_fronts(DEMO)
    slugs = sorted(p.name for p in (DEMO / "communes").iterdir())
    assert any(front["fr"].get("communes") for front in fronts.values())
    for commune in slugs:
        for prefix, section in (("", "actualites"), ("en/", "news")):
            page = main_of(demo_site / prefix / "communes" / commune / "index.html")
            for slug, front in fronts.items():
                named = commune in front["fr"].get("communes", [])
                link = f'href="/{prefix}{section}/{slug}/"'
                assert (link in page) == named, (commune, prefix, slug)
                if named:
                    title = front.get(prefix.rstrip("/") or "fr", front["fr"])["title"]
                    assert title.replace("'", "’")[:20] in page.replace("\u00a0", " ").replace("\u202f", " ")


PICTURE = re.compile(
    r'<picture>\s*<source type="(image/(?:avif|webp))" srcset="([^"]+)" sizes="[^"]+">\s*'
    r'<img src="([^"]+)" srcset="([^"]+)" sizes="[^"]+" alt="([^"]*)" width="(\d+)" height="(\d+)"([^>]*)>'
)


def test_every_photo_of_a_commune_is_shown_with_alt_and_credit(demo_site):
    """Each photo as a <picture> of derived images that exist, with the real size of the image served; the
    first fetched first, the gallery's when they come near the screen."""
    shown = 0
    for folder in sorted((DEMO / "communes").iterdir()):
        photos = read_yaml(folder / "profile.yaml")["photos"]
        for prefix, lang in (("", "fr"), ("en/", "en")):
            page = main_of(demo_site / prefix / "communes" / folder.name / "index.html")
            pictures = PICTURE.findall(page)
            assert len(pictures) == len(photos) == page.count("<picture>"), folder.name
            for index, (photo, picture) in enumerate(zip(photos, pictures, strict=True)):
                _, modern, src, fallback, alt, width, height, rest = picture
                stem = photo["file"].removeprefix("photos/").rpartition(".")[0]
                assert src.startswith(f"/media/{folder.name}/{stem}-") and src.endswith(".jpg"), src
                with Image.open(demo_site / src.lstrip("/")) as served:
                    assert served.size == (int(width), int(height)), src
                for srcset in (modern, fallback):
                    for candidate in srcset.split(", "):
                        url, descriptor = candidate.split(" ")
                        with Image.open(demo_site / url.lstrip("/")) as image:
                            assert f"{image.width}w" == descriptor, url
                assert alt == photo["alt"].get(lang, photo["alt"]["fr"])
                assert photo["credit"] in page
                if index == 0:
                    assert rest == ' fetchpriority="high"', rest
                else:
                    assert rest == ' loading="lazy" decoding="async"', rest
            shown += len(photos) > 1
    assert shown, "the demo must have a commune with several photos"


def test_what_is_unknown_is_said_once(demo_copy, tmp_path):
    """A commune without themes, projects, mayor or contact: one line says so; the completeness page lists
    every field; the partner page names it once among the communes without themes."""
    profile_path = demo_copy / "communes" / "kerval-1" / "profile.yaml"
    profile = read_yaml(profile_path)
    profile["themes_sought"], profile["projects"] = [], []
    profile["governance"] = {"mayor": None, "secretary_general": None, "council_size": None}
    profile["contact"] = {"email": None, "phone": None, "address": None, "website": None}
    profile_path.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    site = tmp_path / "site"
    pipeline.build(demo_copy, site, AS_OF)
    page = main_of(site / "communes" / "kerval-1" / "index.html")
    text = re.sub(r"<[^>]+>", "", page).replace("\u00a0", " ").replace("\u202f", " ")
    line = "Profil en cours de rédaction : maire, thèmes recherchés, projets, contact — à venir."
    assert text.count(line) == 1
    assert text.count("à compléter") == 1  # the link to the completeness page, nothing else
    english = main_of(site / "en" / "communes" / "kerval-1" / "index.html")
    assert english.count("Profile being written: mayor, themes sought, projects, contact — to come.") == 1
    completeness = main_of(site / "progression" / "completude" / "index.html")
    row = re.search(r'<tr id="kerval-1">.*?</tr>', completeness, re.S).group(0)
    for label in ("Maire", "Courriel", "Téléphone", "Adresse", "Site web", "Thèmes recherchés", "Projets"):
        assert label in row, label
    partners = main_of(site / "partenaires" / "index.html")
    assert "thèmes à compléter" not in partners
    without = re.search(r'<section aria-labelledby="no-themes-title".*?</section>', partners, re.S).group(0)
    assert without.count('href="/communes/kerval-1/"') == 1


def test_the_completeness_page_is_for_the_team_only(demo_site):
    html = (demo_site / "progression" / "completude" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in html
    assert "data-pagefind-body" not in html  # out of the site's search index
    assert "completude" not in (demo_site / "sitemap.xml").read_text(encoding="utf-8")
    progress = (demo_site / "progression" / "index.html").read_text(encoding="utf-8")
    assert 'href="/progression/completude/"' in progress  # still reachable for staff


def test_a_town_hall_without_source_is_listed_for_the_team(demo_copy, tmp_path):
    profile_path = demo_copy / "communes" / "kerval-1" / "profile.yaml"
    profile = read_yaml(profile_path)
    profile["town_hall"]["source"] = None
    profile_path.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    pipeline.build(demo_copy, tmp_path / "site", AS_OF)
    completeness = main_of(tmp_path / "site" / "progression" / "completude" / "index.html")
    row = re.search(r'<tr id="kerval-1">.*?</tr>', completeness, re.S).group(0)
    unsourced = re.search(r'data-label="Sans source">(.*?)</td>', row, re.S).group(1)
    assert "Siège de la mairie" in unsourced


def test_a_mayor_without_source_is_an_error_as_the_guide_says(demo_copy, tmp_path):
    profile_path = demo_copy / "communes" / "kerval-1" / "profile.yaml"
    profile = read_yaml(profile_path)
    for key in ("mayor_source", "source"):
        profile["governance"].pop(key, None)
    profile_path.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        pipeline.build(demo_copy, tmp_path / "site", AS_OF)
    messages = [p.message for p in raised.value.problems if not p.warning]
    assert [m for m in messages if m.startswith("mayor is filled in without a source")], messages


@pytest.mark.parametrize("page", ["communes/kerval-1", "en/communes/kerval-1"])
def test_the_printed_qr_code_leads_to_the_page(demo_site, page):
    """The QR code is read back by a decoder from the built page, drawn as a printer would draw it."""
    html = (demo_site / page / "index.html").read_text(encoding="utf-8")
    fiche = re.search(r'<aside class="print-only fiche-link">(.*?)</aside>', html, re.S).group(1)
    side = int(re.search(r'viewBox="0 0 (\d+) \1"', fiche).group(1))
    scale = 8
    image = Image.new("L", (side * scale, side * scale), 255)
    draw = ImageDraw.Draw(image)
    for x, y, length in re.findall(r"M(\d+) (\d+)\.5h(\d+)", fiche):
        left, top = int(x) * scale, int(y) * scale
        draw.rectangle((left, top, left + int(length) * scale - 1, top + scale - 1), fill=0)
    code = zxingcpp.read_barcode(image)
    address = re.search(r"<strong>(https?://[^<]+)</strong>", fiche).group(1)
    assert code is not None and code.format == zxingcpp.BarcodeFormat.QRCode
    assert code.text == address and address.endswith(f"/{page}/")


def test_a_citation_is_named_as_a_source_where_nothing_else_says_so(demo_site):
    """A web source is a link to its site; a citation beside a fact reads "(source: …)" in the page's
    language, and stays bare where a "Source" label or column already names it."""
    profile = read_yaml(DEMO / "communes" / "kerval-1" / "profile.yaml")
    citation, figure = profile["chef_lieu"]["source"], profile["figures"][-1]["source"]
    assert not citation.startswith("http") and not figure.startswith("http")
    for lang, label in (("en", "(source: "), ("fr", "(source\u00a0: ")):
        folder = demo_site / ("en" if lang == "en" else "") / "communes" / "kerval-1"
        html = (folder / "index.html").read_text(encoding="utf-8")
        assert f'<span class="source">{label}{citation})</span>' in html
        bare = rf'<td data-label="[^"]+"><span class="source">{re.escape(figure)}</span></td>'
        assert re.search(bare, html)
