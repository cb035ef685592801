"""The texts of the model: pitches, news and pages, each language's version, or the default language's in
its place."""

from __future__ import annotations

from datetime import date

from ..i18n import typeset
from ..loader import MarkdownDoc, RawCommune
from ..markup import first_paragraph_text
from .programme import make_source
from .types import Article, NewsItem, RenderedText, Site


def _article(doc: MarkdownDoc, rendered: RenderedText, title: str | None = None) -> Article:
    """A text with its title and summary, in its own language's typography, and its HTML."""
    front = doc.front.data
    summary = front.get("summary") or first_paragraph_text(str(rendered.html))
    title = typeset(front.get("title", title or ""), rendered.typography)
    return Article(doc.lang, title, typeset(summary, rendered.typography), rendered.html)


def _with_fallback(versions: dict[str, Article], site: Site) -> dict[str, Article]:
    """Every site language gets a version; a missing one is the default language's (marked by its lang)."""
    default = versions[site.default_language]
    return {lang: versions.get(lang, default) for lang in site.languages}


def pitch_versions(raw: RawCommune, name: str, site: Site, htmls: dict) -> dict[str, Article]:
    versions = {lang: _article(doc, htmls[doc.path], title=name) for lang, doc in raw.texts.items()}
    return _with_fallback(versions, site)


def group_articles(docs: list[MarkdownDoc], site: Site, htmls: dict) -> dict[str, dict[str, Article]]:
    grouped: dict[str, dict[str, Article]] = {}
    for doc in docs:
        grouped.setdefault(doc.slug, {})[doc.lang] = _article(doc, htmls[doc.path])
    return {slug: _with_fallback(versions, site) for slug, versions in sorted(grouped.items())}


def build_news(docs: list[MarkdownDoc], site: Site, htmls: dict) -> list[NewsItem]:
    items = []
    grouped = group_articles(docs, site, htmls)
    fronts = {doc.slug: doc.front.data for doc in docs if doc.lang == site.default_language}
    for slug, versions in grouped.items():
        front = fronts[slug]
        items.append(
            NewsItem(
                slug,
                date.fromisoformat(front["date"]),
                tuple(front.get("communes", [])),
                make_source(front.get("source")),
                versions,
            )
        )
    return items
