"""Render stage: one Jinja2 environment turns the model and the page list into files (path -> bytes)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .admin import admin_config, admin_files
from .helpers import Fragments, PageHelpers
from .i18n import N_, Locale
from .images import Original, Photos
from .model.types import Commune, Html, Model
from .opendata import COMMUNE_FIELDS, PROGRESS_FIELDS, data_files
from .pages import PageSpec
from .paths import FAVICON, ROBOTS, SITEMAP, asset_path, stylesheet_path
from .report import RenderCount
from .settings import Settings
from .write import FileContent


def make_environment(templates_dir: Path) -> Environment:
    return Environment(
        loader=FileSystemLoader(templates_dir),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


# Title and description of the section pages (the others take theirs from their content).
SECTION_TEXTS = {
    "communes": (
        N_("The communes"),
        N_("The %(count)s communes of the programme, by region, with their profile and progress."),
    ),
    "progress": (
        N_("Programme progress"),
        N_("Where each commune stands on the programme's milestone ladder, and totals per step."),
    ),
    "partners": (
        N_("Become a partner"),
        N_("Find a commune by the themes where it seeks partners, and contact the programme."),
    ),
    "compare": (
        N_("Compare communes"),
        N_("Communes side by side: population, themes sought, projects and their budget, progress, contact."),
    ),
    "completeness": (
        N_("What is still to be completed"),
        N_("For each commune, the fields still to be completed and the facts without a source."),
    ),
    "data": (
        N_("Open data"),
        N_("The site's data as CSV, JSON and GeoJSON files, with a Frictionless data package."),
    ),
    "news": (N_("News"), N_("News of the programme and of its communes.")),
    "search": (N_("Search"), N_("Search the communes, their assets, projects and the programme's news.")),
    "not_found": (N_("Page not found"), N_("This page does not exist.")),
}


def page_title_and_description(page: PageSpec, model: Model, h: PageHelpers) -> tuple[str, str]:
    """The unique <title> and meta description of a page."""
    site_title = h.t(model.site.title)
    if page.kind == "home":
        return site_title, h.t(model.programme.summary)
    if page.kind == "commune":
        return page.item.name + " — " + site_title, page.item.pitch[page.lang].summary
    if page.kind in ("news_item", "page"):
        article = page.item.versions[page.lang]
        return article.title + " — " + site_title, article.summary
    title, description = SECTION_TEXTS[page.kind]
    return h._(title) + " — " + site_title, h._(description, count=len(model.communes))


# Pages that show one item only: they are cached under the item's own fingerprint. The other pages list or
# aggregate every commune and are few: they are rendered on every build.
CACHED_KINDS = ("commune", "news_item", "page")
PIECES_AT_ONCE = 256  # Jinja pieces of a listing page given to the write stage at once
SCRIPTS = ("sort.js", "search.js", "search-box.js", "finder.js", "compare.js", "print.js", "overlay.js")


@dataclass(frozen=True)
class Remade:
    """A file made from the whole site (a page that lists every commune, a feed, the sitemap, a data file,
    the editor's configuration): all it depends on, and how to make it. The live preview makes it again
    only when that changed: its own inputs (`depends_on`), what the whole site shows but the communes
    (`shown`), and the communes, as as_listed() gives them (the speed layer fingerprints each once, not on
    every rebuild)."""

    depends_on: tuple
    make: Callable[[], FileContent]
    shown: tuple = ()  # the same object for every such file of a build, fingerprinted once
    communes: tuple[Commune, ...] = ()


NO_HTML = Html.of("")


def as_listed(commune: Commune) -> Commune:
    """A commune as the files made from the whole site show it: without its texts' HTML, which only its
    own pages show (a test makes every Remade file with other HTML, and expects the same bytes)."""
    pitch = {lang: dataclasses.replace(article, content=NO_HTML) for lang, article in commune.pitch.items()}
    return dataclasses.replace(commune, pitch=pitch, source="")


@dataclass(frozen=True)
class Cached:
    """A page the speed layer may take from its store: all it depends on, and its number in the page list
    (SiteRenderer.page_bytes renders it)."""

    depends_on: tuple
    number: int


class SiteRenderer:
    """Every output file of the site but the photos and share images. `version` identifies all else pages
    depend on (site_inputs); `kept_fragments`: the live preview's rows of the listing pages, from one
    rebuild to the next."""

    def __init__(
        self,
        model: Model,
        pages: list[PageSpec],
        env: Environment,
        locales: dict[str, Locale],
        settings: Settings,
        photos: Photos,
        version: str,
        kept_fragments: dict[tuple, Markup] | None = None,
    ):
        self.model, self.pages, self.env, self.version = model, pages, env, version
        self.static = settings.static
        self.stylesheet = (self.static / "style.css").read_bytes()
        self.fragments = Fragments(env, version, kept_fragments)
        self.language_names = {lang: locale.name for lang, locale in locales.items()}
        self.admin_locale = locales[model.site.default_language]
        css_path = stylesheet_path(self.stylesheet)
        self.helpers = {
            lang: PageHelpers(
                model, locale, css_path, self.fragments, settings.preview, photos, self.language_names
            )
            for lang, locale in locales.items()
        }
        self.photos = photos
        # What the files made from the whole site show, but the communes (see Remade)
        self.shown = (
            model.news,
            model.pages,
            model.site_map,
            sorted(photos.sets.items()),
            self.language_names,
        )

    def files(self, count: RenderCount) -> Iterator[tuple[str, FileContent | Cached | Remade]]:
        """The files as (relative path, content), one at a time so that a large site never sits whole in
        memory (the pages that list every commune come in pieces, as they render). A page that shows one
        item comes as Cached: the speed layer renders it, or takes it from its store. A file made from the
        whole site comes as Remade: the speed layer makes it, unless it is on disk already."""
        model, env = self.model, self.env
        yield stylesheet_path(self.stylesheet), self.stylesheet
        yield FAVICON, (self.static / FAVICON).read_bytes()
        for script in SCRIPTS:
            yield asset_path(script), (self.static / script).read_bytes()
        for number, page in enumerate(self.pages):
            if page.kind in CACHED_KINDS:
                yield page.output_file, Cached(self._depends_on(page), number)
            else:  # a page that lists every commune: written as it renders, never whole in memory
                yield page.output_file, self._whole_site(page.output_file, partial(self._stream, page, count))
        self.fragments.forget_unused()
        for lang in model.site.languages:
            feed = model.site_map.feed(lang)
            yield feed, self._whole_site(feed, partial(self._feed, lang))
        sitemap_pages = [p for p in self.pages if p.listed]
        sitemap = partial(env.get_template("sitemap.xml").generate, pages=sitemap_pages, site=model.site)
        yield SITEMAP, self._whole_site(SITEMAP, lambda: _encoded(sitemap()))
        for path, content in data_files(model, model.site.default_language):
            yield path, self._whole_site(path, partial(_as_made, content))
        yield ROBOTS, f"User-agent: *\nAllow: /\nSitemap: {model.site.base_url}{SITEMAP}\n".encode()
        yield from admin_files(model, self.static, self.admin_locale)
        config = admin_config(model, self.admin_locale, language_names=self.language_names)
        if config:
            path, depends_on, make = config
            yield path, Remade(("admin config", *depends_on), make)

    def _whole_site(self, path: str, make: Callable[[], FileContent]) -> Remade:
        return Remade((self.version, path), make, self.shown, self.model.communes)

    def _feed(self, lang: str) -> bytes:
        h = self.helpers[lang]
        feed = self.env.get_template("feed.xml").render(model=self.model, h=h, lang=lang, _=h._, t=h.t)
        return feed.encode("utf-8")

    def page_bytes(self, number: int) -> bytes:
        """Page `number` of the page list, rendered."""
        page = self.pages[number]
        context = page_context(page, self.model, self.helpers[page.lang])
        return self.env.get_template(page.template).render(context).encode("utf-8")

    def _depends_on(self, page: PageSpec) -> tuple:
        # A commune carries its own fingerprint (plus the news that name it, listed on its page, and its
        # photos' derived images); news items and pages are few and small.
        item = page.item
        if isinstance(item, Commune):
            item = (item.source, _news_keys(self.model.news_naming(item)), self.photos.of_commune(item.slug))
        return (self.version, page.kind, page.lang, page.path, item)

    def _stream(self, page: PageSpec, count: RenderCount) -> Iterator[bytes]:
        """The page in pieces, as the template produces them, a few hundred at a time: a listing page of a
        thousand communes comes in some hundred pieces rather than a hundred thousand."""
        count.rendered += 1
        context = page_context(page, self.model, self.helpers[page.lang])
        stream = self.env.get_template(page.template).stream(context)
        stream.enable_buffering(PIECES_AT_ONCE)
        return _encoded(stream)


def _news_keys(items) -> tuple:
    """What a commune page shows of the news items that name it."""
    return tuple(
        (item.slug, item.date, tuple((lang, a.lang, a.title, a.summary) for lang, a in item.versions.items()))
        for item in items
    )


def page_context(page: PageSpec, model: Model, h: PageHelpers) -> dict:
    """What a page's template is given."""
    title, description = page_title_and_description(page, model, h)
    return {
        "model": model,
        "site": model.site,
        "programme": model.programme,
        "page": page,
        "item": page.item,
        "h": h,
        "_": h._,
        "n_": h.n_,
        "t": h.t,
        "lang": page.lang,
        "title": title,
        "description": description,
        "data_fields": {"communes.csv": COMMUNE_FIELDS, "progress.csv": PROGRESS_FIELDS},
    }


def _as_made(content: FileContent) -> FileContent:
    """A data file's content, made already (its rows are produced as they are written)."""
    return content


def _encoded(pieces: Iterator[str]) -> Iterator[bytes]:
    return (piece.encode("utf-8") for piece in pieces)


def site_inputs(model: Model, env: Environment, locales: dict[str, Locale], settings: Settings) -> tuple:
    """Everything a single-item page depends on besides its item: templates, styles, catalogs, settings."""
    static_dir, preview = settings.static, settings.preview
    assert env.loader is not None  # make_environment's
    templates = sorted((name, env.loader.get_source(env, name)[0]) for name in env.list_templates())
    statics = sorted((path.name, path.read_bytes()) for path in static_dir.iterdir() if path.is_file())
    catalogs = sorted((lang, locale.catalog_text) for lang, locale in locales.items())
    return (
        "site",
        templates,
        statics,
        catalogs,
        model.site,
        model.programme,
        model.as_of,
        model.map,
        preview,
    )


def photo_originals(model: Model, content_root: Path) -> list[Original]:
    """Every photo the communes list, as the image pipeline takes them (it publishes derived images only)."""
    return [
        Original(commune.slug, photo.file, content_root / "communes" / commune.slug / photo.file)
        for commune in model.communes
        for photo in commune.photos
    ]
