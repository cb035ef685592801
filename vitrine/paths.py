"""The site map: where every output file goes, in each language (DESIGN.md §2). The page list, rendering,
the rules that check links, images, open data and the tests all ask here; no other module writes a path."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from .names import slugify

# Section paths per language (DESIGN.md §2). The default language lives at the root, others under /<lang>/.
SECTIONS = {
    "home": {"fr": "", "en": ""},
    "communes": {"fr": "communes/", "en": "communes/"},
    "progress": {"fr": "progression/", "en": "progress/"},
    "partners": {"fr": "partenaires/", "en": "partners/"},
    "news": {"fr": "actualites/", "en": "news/"},
    "about": {"fr": "a-propos/", "en": "about/"},
    "completeness": {"fr": "progression/completude/", "en": "progress/completeness/"},
    "data": {"fr": "donnees/", "en": "data/"},
    "search": {"fr": "recherche/", "en": "search/"},
    "compare": {"fr": "partenaires/comparer/", "en": "partners/compare/"},
    "become_partner": {"fr": "partenaires/devenir-partenaire/", "en": "partners/become-a-partner/"},
}
# Static pages from content/pages/<slug>.<lang>.md that take a section's place.
PAGE_SECTIONS = {"about": "about", "become-partner": "become_partner"}
# Files of the whole site, at its root.
FEED, SITEMAP, ROBOTS, NOT_FOUND, FAVICON = "feed.xml", "sitemap.xml", "robots.txt", "404.html", "favicon.svg"
SEARCH_INDEX = "pagefind/"  # Pagefind's bundle, written after the pages
PREVIEW_STATUS = "_preview/status.json"  # the live preview's build status, read by its error overlay


def language_prefix(lang: str, default: str) -> str:
    return "" if lang == default else f"{lang}/"


def section_path(section: str, lang: str, default: str) -> str:
    return language_prefix(lang, default) + SECTIONS[section][lang]


def commune_path(slug: str, lang: str, default: str) -> str:
    return section_path("communes", lang, default) + f"{slug}/"


def news_path(slug: str, lang: str, default: str) -> str:
    return section_path("news", lang, default) + f"{slug}/"


def page_path(slug: str, lang: str, default: str) -> str:
    section = PAGE_SECTIONS.get(slug)
    return section_path(section, lang, default) if section else language_prefix(lang, default) + f"{slug}/"


def share_card_path(name: str, lang: str, default: str) -> str:
    """A page's share image, in the page's language: share/<commune>.jpg, en/share/<commune>.jpg;
    `name` is a commune's slug, or "home" for the programme's card."""
    return language_prefix(lang, default) + f"share/{name}.jpg"


def photo_path(commune_slug: str, file: str) -> str:
    """The safe name under which a commune's photo is published, whatever the phone called it, before its
    width and format: photos/IMG_2034.JPG -> media/<commune>/img-2034 (see derived_photo_path)."""
    stem = file.removeprefix("photos/").rpartition(".")[0] or file.removeprefix("photos/")
    return f"media/{commune_slug}/{slugify(stem) or 'photo'}"


def derived_photo_path(commune_slug: str, file: str, width: int, extension: str) -> str:
    """Where one derived image of a photo is published: media/<commune>/img-2034-960.avif. The original
    never is."""
    return f"{photo_path(commune_slug, file)}-{width}.{extension}"


def admin_path() -> str:
    """The browser editor for staff (vitrine/admin.py): one folder for every language, out of the sitemap
    and the search index."""
    return "admin/"


def site_paths(languages, commune_slugs, news_slugs, page_slugs) -> set[str]:
    """Every page path of a site with these contents, in every language (for link checks)."""
    paths = {FEED, SITEMAP, ROBOTS, NOT_FOUND, admin_path()}
    for versions in page_versions(languages, commune_slugs, news_slugs, page_slugs):
        paths |= set(versions.values())
    return paths


def page_versions(languages, commune_slugs, news_slugs, page_slugs) -> list[dict[str, str]]:
    """Each page of a site with these contents, as its path in each language (feeds included)."""
    default = languages[0]
    makers: list[Callable[..., str]] = [
        lambda lang, s=section: section_path(s, lang, default) for section in SECTIONS
    ]
    makers.append(lambda lang: feed_path(lang, default))
    makers += [lambda lang, s=slug: commune_path(s, lang, default) for slug in commune_slugs]
    makers += [lambda lang, s=slug: news_path(s, lang, default) for slug in news_slugs]
    makers += [lambda lang, s=slug: page_path(s, lang, default) for slug in page_slugs]
    return [{lang: path_of(lang) for lang in languages} for path_of in makers]


def feed_path(lang: str, default: str) -> str:
    """Each language's Atom feed, beside its home page."""
    return section_path("home", lang, default) + FEED


def asset_path(name: str) -> str:
    """A script or image of static/, as published."""
    return f"assets/{name}"


def stylesheet_path(stylesheet: bytes) -> str:
    """The stylesheet under a name that changes with its content, so that browsers may keep it for good."""
    return asset_path(f"style.{hashlib.sha256(stylesheet).hexdigest()[:10]}.css")


def data_path(name: str) -> str:
    """An open-data file (CSV, JSON, GeoJSON, data package)."""
    return f"data/{name}"


def schema_path(name: str) -> str:
    """A JSON Schema of the content, published for editors that validate while typing."""
    return f"schemas/{name}"
