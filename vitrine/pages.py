"""The page list: every page of the site, its URL in each language (from the site map), and what it shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .model.types import Model
from .paths import NOT_FOUND, PAGE_SECTIONS

# Pages for the programme team, kept out of the sitemap, the search index and search engines.
UNLISTED_KINDS = ("completeness", "not_found")
# Pages whose main content the search index leaves out.
UNSEARCHED_KINDS = ("completeness", "not_found", "search", "compare")
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


def list_pages(model: Model) -> list[PageSpec]:
    """All HTML pages, each language's version knowing the others (for hreflang and the switcher)."""
    languages = model.site.languages
    default = model.site.default_language
    paths = model.site_map

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
        pages += each_language(section, template, lambda lang, s=section: paths.section(s, lang))
    for commune in model.communes:
        pages += each_language(
            "commune", "commune.html", lambda lang, c=commune: paths.commune(c.slug, lang), commune
        )
    for item in model.news:
        pages += each_language(
            "news_item", "news_item.html", lambda lang, n=item: paths.news(n.slug, lang), item
        )
    for page in model.pages:
        pages += each_language("page", "page.html", lambda lang, p=page: paths.page(p.slug, lang), page)
    # One 404 for the whole site, in the default language; its switcher leads to each language's home.
    homes = {lang: paths.section("home", lang) for lang in languages}
    pages.append(PageSpec("not_found", default, NOT_FOUND, "404.html", None, homes))
    return pages
