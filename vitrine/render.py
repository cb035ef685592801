"""Render stage: one Jinja2 environment turns the model and the page list into files (path -> bytes)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import NamedTuple

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .admin import admin_files
from .i18n import N_, Locale
from .images import Original, Photos, PhotoSet, Rendition
from .model.types import (
    POPULATION_BANDS,
    UNKNOWN_POPULATION,
    Article,
    Commune,
    Figure,
    Model,
    Money,
    ProfileField,
    Project,
    Term,
    Text,
)
from .opendata import COMMUNE_FIELDS, PROGRESS_FIELDS, data_files
from .pages import PageSpec, nav_section
from .partner import converted, in_base_currency, mailto, seeking_projects, total_budget
from .paths import (
    FAVICON,
    PREVIEW_STATUS,
    ROBOTS,
    SEARCH_INDEX,
    SITEMAP,
    asset_path,
    data_path,
    stylesheet_path,
)
from .report import RenderCount
from .settings import Settings
from .share import ShareCard
from .structured import commune_area, json_ld, news_article, organisation
from .svg import Marker, map_svg, qr_svg, stacked_bar, timeline_svg
from .write import FileContent

# The main menu: the sections it leads to, in its order, with their labels.
MENU = (
    ("communes", N_("Communes")),
    ("progress", N_("Progress")),
    ("partners", N_("Partners")),
    ("news", N_("News")),
    ("about", N_("About")),
)


class MenuEntry(NamedTuple):
    url: str
    label: str
    current: bool  # the page is in this section


class Seeking(NamedTuple):
    """A commune's projects that seek a partner, and their total budget (None without budgets)."""

    projects: tuple[Project, ...]
    total: Money | None

    @property
    def size(self) -> int:
        """How many projects seek a partner."""
        return len(self.projects)


class LanguageLink(NamedTuple):
    """A page's version in one language, as the language menu shows it."""

    lang: str
    name: str  # the language's name in itself
    path: str
    current: bool  # the page's own language


def make_environment(templates_dir: Path) -> Environment:
    return Environment(
        loader=FileSystemLoader(templates_dir),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


class PageHelpers:
    """What templates may call for one language: translations, formatting and URLs. No lookups."""

    def __init__(
        self,
        model: Model,
        locale: Locale,
        stylesheet: str,
        fragments: Fragments,
        preview: bool = False,
        photos: Photos | None = None,
        language_names: Mapping[str, str] | None = None,
    ):
        self.photos = photos or Photos({}, {})
        self.language_names = language_names or {locale.lang: locale.name}  # each in itself
        self.preview = preview  # the live preview adds the error overlay script
        self.fragments = fragments
        self.model = model
        self.locale = locale
        self.lang = locale.lang
        self.default = model.site.default_language
        self.stylesheet = stylesheet

    def t(self, text: Text | str | None) -> str:
        """A content text in this page's language, falling back to the default language (a plain string
        is the same in every language: a name, an address without words to translate)."""
        if not text:
            return ""
        if isinstance(text, str):
            return text
        return self.locale.typography(text.get(self.lang) or text[self.default])

    def _(self, message: str, **values) -> str:
        translated = self.locale.gettext(message)
        return translated % values if values else translated

    def n_(self, singular: str, plural: str, n: int, **values) -> str:
        """Plural-aware translation; %(n)s is the count."""
        return self.locale.ngettext(singular, plural, n) % {"n": n, **values}

    def url(self, path: str) -> str:
        return self.model.site.base_path + path

    def absolute(self, path: str) -> str:
        """Absolute address of a path below the base path (for canonical links, feeds)."""
        return self.model.site.base_url + path

    def absolute_url(self, url: str) -> str:
        """Absolute address of a URL returned by section(), commune() or news()."""
        return self.model.site.base_url + url.removeprefix(self.model.site.base_path)

    def section(self, name: str) -> str:
        return self.url(self.model.site_map.section(name, self.lang))

    def commune(self, slug: str) -> str:
        return self.url(self.model.site_map.commune(slug, self.lang))

    def page(self, slug: str) -> str | None:
        """Address of a page of content/pages/ in this language; None when the content has no such page."""
        if not any(page.slug == slug for page in self.model.pages):
            return None
        return self.url(self.model.site_map.page(slug, self.lang))

    def news(self, slug: str) -> str:
        return self.url(self.model.site_map.news(slug, self.lang))

    def feed(self) -> str:
        return self.url(self.model.site_map.feed(self.lang))

    def asset(self, name: str) -> str:
        """A script or icon of static/ (FAVICON at the site's root)."""
        return self.url(name if name == FAVICON else asset_path(name))

    def search_bundle(self) -> str:
        return self.url(SEARCH_INDEX + "pagefind.js")

    def preview_status(self) -> str:
        return self.url(PREVIEW_STATUS)

    def data_file(self, name: str) -> str:
        return self.url(data_path(name))

    def photo(self, slug: str, file: str) -> PhotoSet:
        """The derived images of a commune's photo (widths, formats, real sizes)."""
        return self.photos.of(slug, file)

    def srcset(self, renditions: tuple[Rendition, ...]) -> str:
        return ", ".join(f"{self.url(r.path)} {r.width}w" for r in renditions)

    def media(self, rendition: Rendition) -> str:
        return self.url(rendition.path)

    def date(self, value) -> str:
        return self.locale.date(value)

    def number(self, value) -> str:
        return self.locale.number(value)

    def money(self, money: Money) -> str:
        """An amount with its equivalent at the site's fixed parity: "9,000 EUR (≈ 5,900,000 XOF)"."""
        text = f"{self.number(money.amount)}\u00a0{money.currency}"
        equivalent = self.equivalent(money)
        return (
            self._("%(amount)s (%(equivalent)s)", amount=text, equivalent=equivalent) if equivalent else text
        )

    def equivalent(self, money: Money) -> str:
        """The amount in the other currency of the site's fixed parity, "≈ 5,900,000 XOF" ("" if none)."""
        other = converted(money, self.model.site.parity)
        return f"≈\u00a0{self.number(other.amount)}\u00a0{other.currency}" if other else ""

    def seeking(self, commune: Commune) -> Seeking:
        """The commune's projects seeking a partner and their total budget (None without budgets)."""
        projects = seeking_projects(commune)
        return Seeking(projects, total_budget(projects, self.model.site.parity))

    def sort_amount(self, money: Money | None) -> str:
        """An amount as a number to sort by, in one currency whatever it was given in."""
        return str(round(in_base_currency(money, self.model.site.parity)))

    def parity_note(self) -> str:
        """The fixed parity that the equivalents use, as a sentence ("" without one)."""
        parity = self.model.site.parity
        if parity is None:
            return ""
        return self._(
            "Equivalents rounded, at the fixed parity 1 %(base)s = %(rate)s %(quote)s.",
            base=parity.base,
            rate=self.number(parity.rate),
            quote=parity.quote,
        )

    def ask_mailto(self, commune: Commune, theme: Term | None = None) -> str | None:
        """An e-mail about the commune to the programme's contact and the commune's, with its subject and
        a short body written in this page's language; None when neither has an e-mail address."""
        values = {"name": commune.name, "site": self.t(self.model.site.title)}
        if theme is None:
            subject = self._("Partnership with %(name)s — %(site)s", **values)
            interest = self._("[your field]")
        else:
            subject = self._(
                "Partnership with %(name)s: %(theme)s — %(site)s", theme=self.t(theme.label), **values
            )
            interest = self.t(theme.label)
        body = self._(
            "Hello,\nWe are [local government, country], interested in a partnership with %(name)s.\n"
            "Theme: %(interest)s\nProfile: %(url)s\nContact: [name, role, e-mail]",
            name=commune.name,
            interest=interest,
            url=self.absolute_url(self.commune(commune.slug)),
        )
        return mailto([self.model.site.contact_email, commune.email], subject, body)

    def percent(self, share: float) -> str:
        return self.locale.percent(share)

    def label(self, field: ProfileField) -> str:
        """A field of a commune's profile, named in this language."""
        return self._(field.label, **dict(field.values))

    def population_bands(self) -> list[tuple[str, str]]:
        """The partner finder's population bands, as (id, label), the unknown one last."""
        return [(band.id, self._(band.label)) for band in (*POPULATION_BANDS, UNKNOWN_POPULATION)]

    def inhabitants(self, population: Figure) -> str:
        """A population with its year: "12,345 inhabitants (2022)"."""
        return self._(
            "%(population)s inhabitants (%(year)s)",
            population=self.number(population.value),
            year=population.year or "?",
        )

    def tel(self, phone: str) -> str:
        """A tel: link's address for a telephone number as written ("+228 90 12 34 56")."""
        return "tel:" + phone.replace(" ", "")

    def menu(self, page: PageSpec) -> list[MenuEntry]:
        """The main menu's entries, the page's own section marked."""
        current = nav_section(page)
        return [MenuEntry(self.section(name), self._(label), name == current) for name, label in MENU]

    def languages(self, page: PageSpec) -> list[LanguageLink]:
        """The page in each of its languages, for the language menu; none when it has only one."""
        if len(page.alternates) < 2:
            return []
        return [
            LanguageLink(lang, self.language_names[lang], path, lang == self.lang)
            for lang, path in page.alternates.items()
        ]

    def untranslated_notice(self, article: Article) -> str:
        """What a page says above a text shown in another language than its own, for want of a version."""
        return self._(
            "This text is not yet available in %(language)s; here it is in %(original)s.",
            language=self.locale.language_name(self.lang),
            original=self.locale.language_name(article.lang),
        )

    def share_image(self, page: PageSpec) -> str:
        """Absolute address of the page's share image (its commune's card, or the programme's)."""
        name = page.item.slug if page.kind == "commune" else "home"
        return self.absolute(self.model.site_map.share_card(name, page.lang))

    def structured_data(self, page: PageSpec) -> Markup:
        """schema.org JSON-LD: organisation (home), area and town hall (commune), article (news)."""
        url = self.absolute(page.path)
        if page.kind == "home":
            return json_ld(organisation(self.model))
        if page.kind == "commune":
            town_hall = self._("Town hall of %(name)s", name=page.item.name)
            return json_ld(
                commune_area(page.item, url, self.lang, self.t(self.model.programme.country), town_hall)
            )
        if page.kind == "news_item":
            return json_ld(news_article(page.item, self.lang, url, self.share_image(page), self.model))
        return Markup("")

    def fragment(self, macro: str, commune: Commune) -> Markup:
        """A commune's row or card on a page that lists every commune: a macro of macros.html."""
        return self.fragments.render(macro, commune, self)

    def qr(self, page: PageSpec) -> Markup:
        return qr_svg(self.absolute(page.path), self._("QR code leading to this page"))

    def map(self, highlight: Commune | None = None) -> Markup:
        """The map with one linked marker per located commune; on a commune's page, only that commune.
        Empty when the content has no boundaries."""
        geometry = self.model.map
        if geometry is None:
            return Markup("")
        shown = [highlight] if highlight else self.model.communes
        markers = [self._marker(c, geometry, c is highlight) for c in shown if c.location is not None]
        title = self._("Map of the communes of the programme")
        return map_svg(geometry, markers, title, small=highlight is not None)

    def _marker(self, commune: Commune, geometry, highlighted: bool) -> Marker:
        total = len(self.model.programme.milestones)
        label = (
            commune.name
            + " — "
            + self.n_(
                "%(n)s step of %(total)s reached",
                "%(n)s steps of %(total)s reached",
                commune.steps_done,
                total=total,
            )
        )
        assert commune.location is not None  # map() marks located communes only
        if commune.location.approximate:
            label += " (" + self._("approximate position") + ")"
        x, y = geometry.projection.point(commune.location.lat, commune.location.lon)
        return Marker(
            x,
            y,
            self.commune(commune.slug),
            label,
            commune.steps_done,
            commune.location.approximate,
            highlighted,
        )

    def step_bar(self, count) -> Markup:
        parts = [("done", count.done), ("in-progress", count.in_progress), ("planned", count.planned)]
        return stacked_bar(parts, len(self.model.communes))

    def share_bar(self, share: float | None) -> Markup:
        return stacked_bar([("done", max(0.0, min(1.0, share or 0.0)))], 1.0)

    def timeline(self) -> Markup:
        programme = self.model.programme
        labels = [self._("M%(n)s", n=month) for month in range(1, programme.duration_months + 1)]
        title = self._(
            "Month %(month)s of %(total)s of the programme",
            month=self.model.programme_month,
            total=programme.duration_months,
        )
        return timeline_svg(
            programme.duration_months,
            self.model.programme_month,
            labels,
            self.date(self.model.as_of),
            title,
        )


class Fragments:
    """The pieces of the pages that list every commune (a row, a card per commune), kept under the
    commune's source and everything else pages depend on. The live preview keeps them between rebuilds,
    so that an edit re-renders its own commune's pieces, not a thousand rows."""

    def __init__(self, env: Environment, version: str, kept: dict[tuple, Markup] | None = None):
        self.env = env
        self.version = version
        self.remember = kept is not None  # a one-off build keeps nothing
        self.kept = kept if kept is not None else {}
        self.used: dict[tuple, Markup] = {}
        self.modules: dict[str, object] = {}  # macros.html, bound to one language's helpers

    def render(self, macro: str, commune: Commune, h: PageHelpers) -> Markup:
        key = (self.version, macro, h.lang, commune.source)
        html = self.kept.get(key)
        if html is None:
            html = getattr(self._module(h), macro)(commune)
        if self.remember:
            self.used[key] = html
        return html

    def forget_unused(self) -> None:
        """Keep for the next build only what this one used (a template edit would otherwise pile up)."""
        self.kept.clear()
        self.kept.update(self.used)

    def _module(self, h: PageHelpers):
        if h.lang not in self.modules:
            names = {"h": h, "_": h._, "n_": h.n_, "t": h.t, "lang": h.lang, "programme": h.model.programme}
            self.modules[h.lang] = self.env.get_template("macros.html").make_module(names)
        return self.modules[h.lang]


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


def share_cards(
    model: Model, locales: dict[str, Locale], content_root: Path | None = None
) -> list[ShareCard]:
    """One card per commune and one for the programme, in each of the site's languages; a commune's card
    shows its first photo when it has one (and the content folder is known)."""
    default = model.site.default_language
    photos = {commune.slug: _card_photo(commune, content_root) for commune in model.communes}
    cards = []
    for lang, locale in locales.items():

        def text(texts: Text, lang: str = lang) -> str:  # only the default language is required
            return texts.get(lang) or texts[default]

        site_title = text(model.site.title)
        cards.append(
            ShareCard(
                model.site_map.share_card("home", lang),
                site_title,
                text(model.site.tagline),
                tuple(text(model.programme.name).split(" — ")[:1]),
                model.programme.implementer.name,
            )
        )
        for commune in model.communes:
            place = f"{commune.prefecture} · {text(commune.region.label)} · {text(model.programme.country)}"
            themes = tuple(text(theme.label) for theme in commune.themes[:3]) or (
                locale.gettext("Territorial profile and progress in the programme"),
            )
            photo, digest = photos[commune.slug]
            path = model.site_map.share_card(commune.slug, lang)
            cards.append(ShareCard(path, commune.name, place, themes, site_title, photo, digest))
    return cards


def _card_photo(commune: Commune, content_root: Path | None) -> tuple[str | None, str]:
    """The commune's first photo for its share card, with what identifies its version for the cache key:
    its size and modification time (hashing every photo's bytes would slow each live-preview rebuild)."""
    if content_root is None or not commune.photos:
        return None, ""
    file = content_root / "communes" / commune.slug / commune.photos[0].file
    try:
        stat = file.stat()
    except OSError:
        return None, ""
    return str(file), f"{commune.photos[0].file}:{stat.st_size}:{stat.st_mtime_ns}"


# Pages that show one item only: they are cached under the item's own fingerprint. The other pages list or
# aggregate every commune and are few: they are rendered on every build.
CACHED_KINDS = ("commune", "news_item", "page")
PIECES_AT_ONCE = 256  # Jinja pieces of a listing page given to the write stage at once
SCRIPTS = ("sort.js", "search.js", "search-box.js", "finder.js", "compare.js", "print.js", "overlay.js")


@dataclass(frozen=True)
class Cached:
    """A page the speed layer may take from its store: all it depends on, and how to render it."""

    depends_on: tuple
    render: Callable[[], bytes]


def render_site(
    model: Model,
    pages: list[PageSpec],
    env: Environment,
    locales: dict[str, Locale],
    settings: Settings,
    count: RenderCount,
    photos: Photos,
    version: str,
    kept_fragments: dict[tuple, Markup] | None = None,
) -> Iterator[tuple[str, FileContent | Cached]]:
    """Every output file of the site but the photos and share images, as (relative path, content),
    produced one at a time so that a large site never sits whole in memory (the pages that list every
    commune come in pieces, as they render). A page that shows one item comes as Cached: the speed layer
    renders it, or takes it from its store. `version` identifies all else pages depend on (site_inputs);
    `kept_fragments`: the live preview's rows of the listing pages, from one rebuild to the next."""
    static_dir, preview = settings.static, settings.preview
    stylesheet = (static_dir / "style.css").read_bytes()
    css_path = stylesheet_path(stylesheet)
    yield css_path, stylesheet
    yield FAVICON, (static_dir / FAVICON).read_bytes()
    for script in SCRIPTS:
        yield asset_path(script), (static_dir / script).read_bytes()
    pieces = Fragments(env, version, kept_fragments)
    names = {lang: locale.name for lang, locale in locales.items()}
    helpers = {
        lang: PageHelpers(model, locale, css_path, pieces, preview, photos, names)
        for lang, locale in locales.items()
    }
    for page in pages:
        h = helpers[page.lang]
        if page.kind in CACHED_KINDS:
            # A commune carries its own fingerprint (plus the news that name it, listed on its page, and its
            # photos' derived images); news items and pages are few and small.
            item = (
                (
                    page.item.source,
                    _news_keys(model.news_naming(page.item)),
                    photos.of_commune(page.item.slug),
                )
                if isinstance(page.item, Commune)
                else page.item
            )
            render = partial(_page_bytes, page, model, env, h)
            yield page.output_file, Cached((version, page.kind, page.lang, page.path, item), render)
        else:  # a page that lists every commune: written as it renders, never whole in memory
            count.rendered += 1
            yield page.output_file, stream_page(page, model, env, h)
    pieces.forget_unused()
    for lang in model.site.languages:
        h = helpers[lang]
        feed = env.get_template("feed.xml").render(model=model, h=h, lang=lang, _=h._, t=h.t)
        yield model.site_map.feed(lang), feed.encode("utf-8")
    sitemap_pages = [p for p in pages if p.listed]
    sitemap = env.get_template("sitemap.xml").generate(pages=sitemap_pages, site=model.site)
    yield SITEMAP, _encoded(sitemap)
    yield from data_files(model, model.site.default_language)
    yield ROBOTS, f"User-agent: *\nAllow: /\nSitemap: {model.site.base_url}{SITEMAP}\n".encode()
    admin_locale = locales[model.site.default_language]
    yield from admin_files(model, static_dir, admin_locale, language_names=names)


def _news_keys(items) -> tuple:
    """What a commune page shows of the news items that name it."""
    return tuple(
        (item.slug, item.date, tuple((lang, a.lang, a.title, a.summary) for lang, a in item.versions.items()))
        for item in items
    )


def _page_bytes(page: PageSpec, model: Model, env: Environment, h: PageHelpers) -> bytes:
    return render_page(page, model, env, h).encode("utf-8")


def render_page(page: PageSpec, model: Model, env: Environment, h: PageHelpers) -> str:
    return env.get_template(page.template).render(page_context(page, model, h))


def stream_page(page: PageSpec, model: Model, env: Environment, h: PageHelpers) -> Iterator[bytes]:
    """The page in pieces, as the template produces them, a few hundred at a time: a listing page of a
    thousand communes comes in some hundred pieces rather than a hundred thousand."""
    stream = env.get_template(page.template).stream(page_context(page, model, h))
    stream.enable_buffering(PIECES_AT_ONCE)
    return _encoded(stream)


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
