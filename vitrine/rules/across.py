"""The rules across files, once every commune is read: news naming communes, translations, links."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ..loader import (
    NEWS_NAME,
    MarkdownDoc,
    RawContent,
)
from ..paths import SiteMap
from ..problems import problem, say, suggest
from .shared import Link, RuleContext, is_mapping, unless_malformed

MARKDOWN_LINK = re.compile(r"\]\(\s*<?(/[^)\s>]*)|href=[\"'](/[^\"']*)")


def page_links(docs: Iterable[MarkdownDoc]) -> list[Link]:
    """The links to pages of the site in these texts (not to photos or schemas)."""
    links = []
    for doc in docs:
        for match in MARKDOWN_LINK.finditer(doc.body):
            target = (match.group(1) or match.group(2)).split("#", 1)[0].split("?", 1)[0]
            if target.startswith(("/media/", "/schemas/")):
                continue
            start = match.start(1) if match.group(1) else match.start(2)
            line = doc.body_line + doc.body.count("\n", 0, start)
            col = start - (doc.body.rfind("\n", 0, start) + 1) + 1
            links.append(Link(doc.path, line, col, target, doc.lang))
    return links


def _versions_named(stem: str) -> Callable[[str], str]:
    """The file name of a news item's or a page's version in a language: <stem>.<lang>.md."""
    return lambda lang: f"{stem}.{lang}.md"


class AcrossRules(RuleContext):
    """The rules across files."""

    def check_across(self, raw: RawContent, site_map: SiteMap) -> None:
        """The rules across files, once every commune has passed check_commune."""
        news = [doc for doc in raw.news if is_mapping(doc.front)]
        self.check_news(news, set(self.folders))
        self.check_translations(raw.pages)
        for doc in raw.news + raw.pages:
            self.check_text_language(doc)
        self.check_internal_links(raw, site_map)

    def check_news(self, news: list[MarkdownDoc], slugs: set[str]) -> None:
        for doc in news:
            front = doc.front.data
            named = NEWS_NAME.match(doc.path.name)
            assert named is not None  # the loader keeps only news named so
            name_date = named.group("date")
            if "date" in front and front["date"] != name_date:
                message = say(
                    "date %(date)s differs from the file name's %(name_date)s: make them equal",
                    date=front["date"],
                    name_date=name_date,
                )
                self.problems.append(doc.front.problem(("date",), message))
            with unless_malformed():
                for i, slug in enumerate(front.get("communes", [])):
                    if slug not in slugs:
                        message = say("unknown commune '%(slug)s'", slug=slug)
                        hints = suggest(slug, sorted(slugs))
                        self.problems.append(doc.front.problem(("communes", i), message, *hints))
        self.check_translations(news)

    def check_internal_links(self, raw: RawContent, site_map: SiteMap) -> None:
        """Links like [x](/communes/kloto-3/) in Markdown must lead to a page of the site."""
        contents = (self.folders, [d.slug for d in raw.news], [d.slug for d in raw.pages])
        known = site_map.all_paths(*contents)
        # A page in another language than the text's: the same page in the text's language, by path.
        same_page = {
            (path, lang): versions[lang]
            for versions in site_map.versions(*contents)
            for path in versions.values()
            for lang in versions
        }
        for link in self.links + page_links(raw.news + raw.pages):
            target = link.target.lstrip("/")
            if target in known:
                translated = same_page.get((target, link.lang), target)
                if translated != target:
                    message = say(
                        "link to '%(target)s', a page in another language than this text: link to "
                        "'/%(translated)s'",
                        target=link.target,
                        translated=translated,
                    )
                    self.problems.append(problem(link.path, link.line, link.col, message, warning=True))
                continue
            message = say("link to '%(target)s': no such page on the site", target=link.target)
            hints = suggest(link.target, sorted("/" + path for path in known))
            self.problems.append(problem(link.path, link.line, link.col, message, *hints))

    def check_translations(self, docs: list[MarkdownDoc]) -> None:
        """Each news item or page has its default-language file; other languages are optional."""
        by_slug: dict[str, dict[str, MarkdownDoc]] = {}
        for doc in docs:
            by_slug.setdefault(doc.slug, {})[doc.lang] = doc
        for versions in by_slug.values():
            any_doc = next(iter(versions.values()))
            stem = any_doc.path.name.removesuffix(f".{any_doc.lang}.md")
            self.check_languages(any_doc.path, versions, _versions_named(stem))
