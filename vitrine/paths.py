"""The site map: where every output file goes, in each language (DESIGN.md §2). The page list, rendering,
the rules that check links, images, open data and the tests all ask here; no other module writes a path."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from .i18n import NP_, Locale
from .names import slugify

# Each section's folder, as the English site names it: each language's catalog translates it (context
# "path"), so that a new language gets its own addresses with its catalog (DESIGN.md §2).
SECTIONS = {
    "home": "",
    "communes": NP_("path", "communes/"),
    "progress": NP_("path", "progress/"),
    "partners": NP_("path", "partners/"),
    "news": NP_("path", "news/"),
    "about": NP_("path", "about/"),
    "completeness": NP_("path", "progress/completeness/"),
    "data": NP_("path", "data/"),
    "search": NP_("path", "search/"),
    "compare": NP_("path", "partners/compare/"),
    "become_partner": NP_("path", "partners/become-a-partner/"),
}
# Static pages from content/pages/<slug>.<lang>.md that take a section's place.
PAGE_SECTIONS = {"about": "about", "become-partner": "become_partner"}
# Files of the whole site, at its root.
FEED, SITEMAP, ROBOTS, NOT_FOUND, FAVICON = "feed.xml", "sitemap.xml", "robots.txt", "404.html", "favicon.svg"
SEARCH_INDEX = "pagefind/"  # Pagefind's bundle, written after the pages
PREVIEW_STATUS = "_preview/status.json"  # the live preview's build status, read by its error overlay


@dataclass(frozen=True)
class SiteMap:
    """Where each page goes in each language: the default language at the root, the others under /<lang>/,
    each section in the folder its language's catalog names."""

    languages: tuple[str, ...]  # the default first
    folders: dict[str, dict[str, str]]  # language -> section -> folder

    @classmethod
    def of(cls, locales: dict[str, Locale]) -> SiteMap:
        """The site map of these languages (the default first), from their catalogs."""
        return cls(
            tuple(locales),
            {
                lang: {
                    name: locale.pgettext("path", folder) if folder else ""
                    for name, folder in SECTIONS.items()
                }
                for lang, locale in locales.items()
            },
        )

    def prefix(self, lang: str) -> str:
        return "" if lang == self.languages[0] else f"{lang}/"

    def section(self, section: str, lang: str) -> str:
        return self.prefix(lang) + self.folders[lang][section]

    def commune(self, slug: str, lang: str) -> str:
        return self.section("communes", lang) + f"{slug}/"

    def news(self, slug: str, lang: str) -> str:
        return self.section("news", lang) + f"{slug}/"

    def page(self, slug: str, lang: str) -> str:
        section = PAGE_SECTIONS.get(slug)
        return self.section(section, lang) if section else self.prefix(lang) + f"{slug}/"

    def feed(self, lang: str) -> str:
        """Each language's Atom feed, beside its home page."""
        return self.section("home", lang) + FEED

    def share_card(self, name: str, lang: str) -> str:
        """A page's share image, in the page's language: share/<commune>.jpg, en/share/<commune>.jpg;
        `name` is a commune's slug, or "home" for the programme's card."""
        return self.prefix(lang) + f"share/{name}.jpg"

    def all_paths(self, commune_slugs, news_slugs, page_slugs) -> set[str]:
        """Every page path of a site with these contents, in every language (for link checks)."""
        paths = {FEED, SITEMAP, ROBOTS, NOT_FOUND, admin_path()}
        for versions in self.versions(commune_slugs, news_slugs, page_slugs):
            paths |= set(versions.values())
        return paths

    def versions(self, commune_slugs, news_slugs, page_slugs) -> list[dict[str, str]]:
        """Each page of a site with these contents, as its path in each language (feeds included)."""
        makers: list[Callable[[str], str]] = [partial(self.section, section) for section in SECTIONS]
        makers.append(self.feed)
        makers += [partial(self.commune, slug) for slug in commune_slugs]
        makers += [partial(self.news, slug) for slug in news_slugs]
        makers += [partial(self.page, slug) for slug in page_slugs]
        return [{lang: path_of(lang) for lang in self.languages} for path_of in makers]


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
