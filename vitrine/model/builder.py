"""Builds the model a few communes at a time, then the whole: the model stage as the pipeline runs it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

from ..i18n import Locale
from ..loader import MarkdownDoc, RawCommune, RawContent
from ..paths import SiteMap
from .commune import build_commune
from .programme import build_programme, build_site, read_map
from .texts import build_news, group_articles
from .totals import programme_totals, sort_key
from .types import Commune, KeptCommunes, Model, Page, RenderedText, RendersMarkdown

# Communes added (keys in folder order, those to build) and the wait for their texts' HTML.
Waiting = tuple[list[str], list[tuple[RawCommune, str]], Callable[[], dict[Path, RenderedText]]]


class ModelBuilder:
    """Builds the model a few communes at a time (add), then the whole (finish), so that a build never
    holds the parsed files of every commune at once.

    `kept` holds the communes of the previous build (the live preview's): a commune whose files, programme,
    site and as-of date are the same is taken from it instead of being built again. It is left with this
    build's communes.

    `locales` (by language) say each language's typography, which its texts are written in."""

    def __init__(
        self,
        head: RawContent,
        as_of: date,
        base_url: str | None,
        renderer: RendersMarkdown,
        locales: Mapping[str, Locale],
        kept: KeptCommunes | None = None,
    ):
        assert head.site is not None and head.programme is not None  # modelled once both passed
        self.head = head
        self.as_of = as_of
        self.site = build_site(head.site.data, base_url)
        self.programme = build_programme(head.programme.data)
        self.typography = {lang: locale.typography_style for lang, locale in locales.items()}
        self.site_map = SiteMap.of(dict(locales))
        self.context = _identity("context", self.site, self.programme, as_of, self.typography)
        self.renderer = renderer
        self.kept = kept
        self.built: dict[str, Commune] = {}
        self.waiting: Waiting | None = None  # the communes of the last add(), their texts being rendered

    def add(self, raw_communes: list[RawCommune]) -> None:
        """Build these communes, which passed validation: their Markdown is rendered in one batch, which
        starts now and is waited for at the next add() or at finish(), so that the next communes are read
        and checked meanwhile."""
        self._build_waiting()
        keys = [_identity(self.context, c.digest) for c in raw_communes]
        to_build = [(c, key) for c, key in zip(raw_communes, keys, strict=True) if self._kept(key) is None]
        rendered = self._start([doc for c, _ in to_build for doc in c.texts.values()])
        self.waiting = (keys, to_build, rendered)

    def _build_waiting(self) -> None:
        """The communes of the last add(), once their texts are rendered."""
        if self.waiting is None:
            return
        keys, to_build, rendered = self.waiting
        self.waiting = None
        htmls = rendered()
        new = {
            key: build_commune(c, self.programme, self.site, self.as_of, htmls, key) for c, key in to_build
        }
        for key in keys:  # in folder order, as a build from scratch would have them
            commune = new.get(key) or self._kept(key)
            assert commune is not None  # kept when it was not to build
            self.built[key] = commune
        if self.kept is not None:
            for key, commune in new.items():
                self.kept.put(key, commune)

    def _kept(self, key: str) -> Commune | None:
        return self.kept.get(key) if self.kept is not None else None

    def _start(self, docs: list[MarkdownDoc]) -> Callable[[], dict[Path, RenderedText]]:
        finished = self.renderer.start(docs, self.site.base_path, self.typography)

        def rendered() -> dict[Path, RenderedText]:
            return {
                doc.path: RenderedText(html, self.typography.get(doc.lang, ""))
                for doc, html in zip(docs, finished(), strict=True)
            }

        return rendered

    def finish(self) -> Model:
        """The model of the communes added, the news and pages, with every total computed."""
        self._build_waiting()
        raw, site, programme, as_of = self.head, self.site, self.programme, self.as_of
        htmls = self._start(raw.news + raw.pages)()
        if self.kept is not None:  # keep only this build's communes
            self.kept.keep_used()
        communes = tuple(sorted(self.built.values(), key=lambda c: sort_key(c.name)))
        assert raw.programme is not None  # as in __init__
        map_config = raw.programme.data.get("map")
        news = tuple(sorted(build_news(raw.news, site, htmls), key=lambda n: (n.date, n.slug), reverse=True))
        return Model(
            site=site,
            programme=programme,
            as_of=as_of,
            communes=communes,
            news=news,
            news_about={
                c.slug: tuple(item for item in news if c.slug in item.communes)
                for c in communes
                if any(c.slug in item.communes for item in news)
            },
            pages=tuple(
                Page(slug, versions) for slug, versions in group_articles(raw.pages, site, htmls).items()
            ),
            map=read_map(raw.root, map_config) if map_config else None,
            site_map=self.site_map,
            **programme_totals(programme, communes, as_of),
        )


def _identity(*parts: object) -> str:
    """What a commune is built from, as a short name: the preview keeps communes and pages by it."""
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()
