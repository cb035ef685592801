"""What templates may call: PageHelpers, one per language (translations, formats, addresses, figures drawn
as SVG), and the rows of the listing pages (Fragments)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from jinja2 import Environment
from markupsafe import Markup

from .i18n import N_, Locale
from .images import Photos, PhotoSet, Rendition
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
from .pages import PageSpec, nav_section
from .partner import converted, in_base_currency, mailto, seeking_projects, total_budget
from .paths import FAVICON, PREVIEW_STATUS, SEARCH_INDEX, asset_path, data_path
from .structured import commune_area, json_ld, news_article, organisation
from .svg import Marker, map_svg, qr_svg, stacked_bar, timeline_svg

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

    def fragment(self, macro: str, commune: Commune, theme: Term | None = None) -> Markup:
        """A commune's row, card or cell on a page that lists every commune (under a theme, for the
        pieces of the partner page that list communes by theme): a macro of macros.html."""
        return self.fragments.render(macro, commune, self, theme)

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

    def render(self, macro: str, commune: Commune, h: PageHelpers, theme: Term | None = None) -> Markup:
        key = (self.version, macro, h.lang, commune.source, None if theme is None else theme.id)
        html = self.kept.get(key)
        if html is None:
            module = getattr(self._module(h), macro)
            html = module(commune) if theme is None else module(commune, theme)
        if self.remember:
            self.used[key] = html
        return html

    def forget_unused(self) -> None:
        """Keep for the next build only what this one used (a template edit would otherwise pile up), unless
        it made no page that lists communes (the live preview's, when they are on disk already)."""
        if self.used:
            self.kept.clear()
            self.kept.update(self.used)

    def _module(self, h: PageHelpers):
        if h.lang not in self.modules:
            names = {"h": h, "_": h._, "n_": h.n_, "t": h.t, "lang": h.lang, "programme": h.model.programme}
            self.modules[h.lang] = self.env.get_template("macros.html").make_module(names)
        return self.modules[h.lang]
