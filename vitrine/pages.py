"""The page list: every page of the site, its URL in each language, and what it shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .model import Model
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
# Pages for the programme team, kept out of the sitemap, the search index and search engines.
UNLISTED_KINDS = ("completeness", "not_found")
# Pages whose main content the search index leaves out.
UNSEARCHED_KINDS = ("completeness", "not_found", "search", "compare")
# Static pages from content/pages/<slug>.<lang>.md that take a section's place.
PAGE_SECTIONS = {"about": "about", "become-partner": "become_partner"}


# The menu entry a page belongs to, when it is not its own kind.
NAV_SECTIONS = {
    "commune": "communes",
    "news_item": "news",
    "compare": "partners",
    "completeness": "progress",
    "become_partner": "partners",
}


def nav_section(page: PageSpec) -> str:
    """The section of the main menu a page is part of (a page of content/pages/: its section's)."""
    kind = PAGE_SECTIONS.get(page.item.slug, page.kind) if page.kind == "page" else page.kind
    return NAV_SECTIONS.get(kind, kind)


@dataclass(frozen=True)
class PageSpec:
    """One page in one language: where it goes and which template shows which object."""

    kind: str  # home, communes, commune, progress, partners, news, news_item, page, not_found
    lang: str
    path: str  # URL path below the base path, "" for the home page, ends with "/"
    template: str
    item: Any = None  # by kind: a Commune, a NewsItem, a static page; None for a section
    alternates: dict[str, str] = field(default_factory=dict)  # lang -> path of the same page

    @property
    def listed(self) -> bool:
        """In the sitemap and open to search engines (the others carry noindex)."""
        return self.kind not in UNLISTED_KINDS

    @property
    def searchable(self) -> bool:
        """Indexed by the site's own search."""
        return self.kind not in UNSEARCHED_KINDS

    @property
    def output_file(self) -> str:
        return self.path + "index.html" if not self.path.endswith(".html") else self.path


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
    paths = {"feed.xml", "sitemap.xml", "robots.txt", "404.html", admin_path()}
    for versions in page_versions(languages, commune_slugs, news_slugs, page_slugs):
        paths |= set(versions.values())
    return paths


def page_versions(languages, commune_slugs, news_slugs, page_slugs) -> list[dict[str, str]]:
    """Each page of a site with these contents, as its path in each language (feeds included)."""
    default = languages[0]
    makers: list[Callable[..., str]] = [
        lambda lang, s=section: section_path(s, lang, default) for section in SECTIONS
    ]
    makers.append(lambda lang: section_path("home", lang, default) + "feed.xml")
    makers += [lambda lang, s=slug: commune_path(s, lang, default) for slug in commune_slugs]
    makers += [lambda lang, s=slug: news_path(s, lang, default) for slug in news_slugs]
    makers += [lambda lang, s=slug: page_path(s, lang, default) for slug in page_slugs]
    return [{lang: path_of(lang) for lang in languages} for path_of in makers]


def list_pages(model: Model) -> list[PageSpec]:
    """All HTML pages, each language's version knowing the others (for hreflang and the switcher)."""
    languages = model.site.languages
    default = model.site.default_language

    def each_language(kind, template, path_of, item=None):
        paths = {lang: path_of(lang) for lang in languages}
        return [PageSpec(kind, lang, paths[lang], template, item, paths) for lang in languages]

    pages = []
    for section, template in [
        ("home", "home.html"),
        ("communes", "communes.html"),
        ("progress", "progress.html"),
        ("partners", "partners.html"),
        ("compare", "compare.html"),
        ("news", "news_list.html"),
        ("completeness", "completeness.html"),
        ("data", "data.html"),
        ("search", "search.html"),
    ]:
        pages += each_language(section, template, lambda lang, s=section: section_path(s, lang, default))
    for commune in model.communes:
        pages += each_language(
            "commune", "commune.html", lambda lang, c=commune: commune_path(c.slug, lang, default), commune
        )
    for item in model.news:
        pages += each_language(
            "news_item", "news_item.html", lambda lang, n=item: news_path(n.slug, lang, default), item
        )
    for page in model.pages:
        pages += each_language(
            "page", "page.html", lambda lang, p=page: page_path(p.slug, lang, default), page
        )
    # One 404 for the whole site, in the default language; its switcher leads to each language's home.
    homes = {lang: section_path("home", lang, default) for lang in languages}
    pages.append(PageSpec("not_found", default, "404.html", "404.html", None, homes))
    return pages
