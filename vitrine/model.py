"""Model stage: typed, frozen objects built from valid content, with every derived figure computed once."""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple, Protocol
from urllib.parse import urlparse

from .geo import MapGeometry, make_map
from .i18n import N_, Locale, typeset
from .indicators import Indicator, compute_indicators, elapsed_share
from .loader import MarkdownDoc, RawCommune, RawContent
from .markup import first_paragraph_text
from .paths import SiteMap
from .scaffold import is_scaffold_pitch

Text = dict[str, str]  # one text per language code

PARTNERSHIP_STAGES = ("first_contact", "discussion", "agreement_signed")
LATEST_NEWS = 3  # news items on the home page


class PopulationBand(NamedTuple):
    """A band of the partner finder's population filter."""

    id: str
    label: str  # a catalog message
    below: float = float("inf")  # the band holds the populations below this, above the previous band's


POPULATION_BANDS = (
    PopulationBand("under_50k", N_("under 50,000"), 50_000),
    PopulationBand("50k_100k", N_("50,000 to 100,000"), 100_000),
    PopulationBand("100k_200k", N_("100,000 to 200,000"), 200_000),
    PopulationBand("over_200k", N_("over 200,000")),
)
UNKNOWN_POPULATION = PopulationBand("unknown", N_("not known yet"))  # no population of the commune itself


@dataclass(frozen=True, slots=True)
class Term:
    id: str
    label: Text
    unit: Text | None = None


@dataclass(frozen=True, slots=True)
class Source:
    text: str
    url: str | None
    label: str  # short form for display: the web site's name, or the citation itself


@dataclass(frozen=True, slots=True)
class Organisation:
    name: str
    role: Text | None
    url: str | None


@dataclass(frozen=True, slots=True)
class Parity:
    """A fixed exchange rate: 1 `base` = `rate` `quote` (e.g. 1 EUR = 655.957 XOF), with its source."""

    base: str
    quote: str
    rate: float
    source: Source


@dataclass(frozen=True, slots=True)
class Site:
    title: Text
    tagline: Text
    base_url: str  # absolute, ends with "/"
    base_path: str  # the path part of base_url, ends with "/"
    languages: tuple[str, ...]
    fictional: bool
    publisher: Organisation
    contact_name: Text
    contact_email: str | None
    contact_phone: str | None
    contact_address: Text | str | None
    credits: Text
    data_licence: dict | None
    parity: Parity | None = None  # a fixed exchange rate, to show amounts in both currencies
    admin: dict | None = None  # the browser editor's settings (site.yaml `admin`), read by vitrine/admin.py

    @property
    def default_language(self) -> str:
        return self.languages[0]


@dataclass(frozen=True, slots=True)
class Programme:
    name: Text
    summary: Text
    country: Text
    start: date
    end: date
    duration_months: int
    launch_date: date | None
    launch_place: str | None
    launch_source: Source | None
    implementer: Organisation
    supporters: tuple[Organisation, ...]
    sources: tuple[Source, ...]
    components: tuple[Term, ...]
    milestones: tuple[Term, ...]
    themes: tuple[Term, ...]
    regions: tuple[Term, ...]
    levels: tuple[Term, ...]
    figure_kinds: tuple[Term, ...]
    stale_after_days: int
    reporting_period_months: int
    indicator_definitions: tuple[dict, ...]
    map_credit: Text | None
    map_licence: str | None
    prefectures: tuple[str, ...] = ()

    @property
    def total_steps(self) -> int:
        """The number of steps on the milestone ladder."""
        return len(self.milestones)

    @property
    def step_numbers(self) -> tuple[int, ...]:
        """The steps' numbers on the ladder, 1 to the last (the partner finder's "at least n steps")."""
        return tuple(range(1, self.total_steps + 1))

    @property
    def steps_done_scale(self) -> tuple[int, ...]:
        """How many steps a commune may have done, from none to all (the map's legend)."""
        return tuple(range(self.total_steps + 1))


@dataclass(frozen=True, slots=True)
class Sourced:
    value: Any  # by field: a name (chef-lieu, town hall, None while unknown), a tuple of Canton
    source: Source | None
    note: Text | None


@dataclass(frozen=True, slots=True)
class Figure:
    kind: Term
    value: float | int | None
    year: int | None
    level: Term
    scope: Text | None
    source: Source | None
    note: Text | None


@dataclass(frozen=True, slots=True)
class FigureGroup:
    """All figures of one kind for a commune; commune_known is False when only wider areas are known."""

    kind: Term
    figures: tuple[Figure, ...]
    commune_known: bool

    @property
    def known(self) -> tuple[Figure, ...]:
        """The figures whose value is known (the others are listed as to be completed)."""
        return tuple(figure for figure in self.figures if figure.value is not None)


@dataclass(frozen=True, slots=True)
class Asset:
    text: Text
    level: Term
    source: Source


@dataclass(frozen=True, slots=True)
class Money:
    amount: float
    currency: str


@dataclass(frozen=True, slots=True)
class Project:
    title: Text
    summary: Text
    theme: Term
    status: str
    budget: Money | None


@dataclass(frozen=True, slots=True)
class Photo:
    file: str
    alt: Text
    credit: str
    licence: str | None


@dataclass(frozen=True, slots=True)
class Location:
    lat: float
    lon: float
    approximate: bool
    note: Text | None
    source: Source | None
    kind: str | None = None  # town_hall, locality, prefecture_centre; None when not said


@dataclass(frozen=True, slots=True)
class Canton:
    name: str
    population: int | None  # in the year of the commune's cantons list, when the source gives it


@dataclass(frozen=True, slots=True)
class StepState:
    milestone: Term
    status: str | None  # None: not reported
    date: date | None
    evidence: str | None
    note: Text | None


@dataclass(frozen=True, slots=True)
class Partnership:
    partner: str
    country: Text
    stage: str
    date: date
    themes: tuple[Term, ...]
    evidence: str | None


@dataclass(frozen=True, slots=True)
class Fund:
    amount: float
    currency: str
    source: str
    date: date
    purpose: Text | None


@dataclass(frozen=True, slots=True)
class Training:
    component: Term
    date: date
    participants: int
    women: int
    evidence: str | None


class StoredText(Protocol):
    """A text's HTML kept elsewhere until a page shows it (so that thousands of texts are not all in
    memory), compared by what identifies it."""

    def read(self) -> str: ...


class RendersMarkdown(Protocol):
    def render(
        self, docs: list[MarkdownDoc], base_path: str, typography: Mapping[str, str]
    ) -> Sequence[tuple[str, str | StoredText]]:
        """For each text, its HTML in its language's typography (`typography`: language -> a name of
        i18n.TYPOGRAPHIES), and what the model keeps of it (the HTML, or a StoredText)."""
        ...


@dataclass(frozen=True, slots=True)
class Article:
    """A text in one language; lang differs from the page's language when it is a fallback."""

    lang: str
    title: str
    summary: str
    content: str | StoredText  # the HTML, or where the speed layer keeps it (incremental/markdown.py)

    @property
    def html(self) -> str:
        return self.content if isinstance(self.content, str) else self.content.read()


@dataclass(frozen=True, slots=True)
class Commune:
    slug: str
    name: str
    prefecture: str
    region: Term
    identity_source: Source | None
    chef_lieu: Sourced
    town_hall: Sourced  # where the town hall (siège de la mairie) is; value None while unknown
    cantons: Sourced  # value: tuple of Canton; year: the year of their populations
    cantons_year: int | None
    location: Location | None
    figure_groups: tuple[FigureGroup, ...]
    assets: tuple[Asset, ...]
    themes: tuple[Term, ...]
    projects: tuple[Project, ...]
    mayor: str | None
    mayor_since: date | None
    mayor_source: Source | None
    mayor_note: Text | None
    secretary_general: str | None
    council_size: int | None
    governance_source: Source | None
    contact_person: Text | str | None
    email: str | None
    phone: str | None
    address: Text | str | None
    website: str | None
    photos: tuple[Photo, ...]
    pitch: dict[str, Article]
    updated: date
    joined: date | None
    joined_evidence: str | None
    joined_source: Source | None  # a citation when the evidence has no web address
    steps: tuple[StepState, ...]
    partnerships: tuple[Partnership, ...]
    funds: tuple[Fund, ...]
    trainings: tuple[Training, ...]
    steps_done: int
    days_since_update: int
    stale: bool  # has reported, but not for longer than the programme's stale_after_days
    missing: tuple[ProfileField, ...]  # fields still "to be completed"
    to_come: tuple[ProfileField, ...]  # the same, grouped as a visitor reads them (PUBLIC_GAPS): said once
    unsourced: tuple[ProfileField, ...]  # facts shown without a source
    # Hash of all the commune was built from (its files, the programme, the site's settings, the as-of
    # date): it determines everything above, so caches key the commune and its pieces by it.
    source: str

    @property
    def population(self) -> Figure | None:
        """The latest population figure of the commune itself (not of its prefecture), if any."""
        own = [
            f
            for g in self.figure_groups
            if g.kind.id == "population"
            for f in g.figures
            if f.level.id == "commune" and f.value is not None
        ]
        return max(own, key=lambda f: f.year or 0, default=None)

    @property
    def population_band(self) -> str:
        """For the partner finder: the id of the band of the commune's own population (POPULATION_BANDS),
        or of UNKNOWN_POPULATION."""
        if self.population is None:
            return UNKNOWN_POPULATION.id
        value = self.population.value
        assert value is not None  # population is a figure with a value
        return next(band.id for band in POPULATION_BANDS if value < band.below)

    @property
    def population_for_sorting(self) -> float:
        """The commune's own population, 0 when it is not known."""
        population = self.population
        return population.value if population and population.value is not None else 0

    @property
    def theme_codes(self) -> str:
        """The codes of the themes it seeks partners for, separated by spaces (for the partner finder)."""
        return " ".join(theme.id for theme in self.themes)

    @property
    def has_figures(self) -> bool:
        """Whether any figure of any kind is listed (known or not)."""
        return any(group.figures for group in self.figure_groups)

    @property
    def has_budgets(self) -> bool:
        """Whether any of its projects has a budget."""
        return any(project.budget for project in self.projects)

    @property
    def gallery(self) -> tuple[Photo, ...]:
        """The photos after the first, which heads its page."""
        return self.photos[1:]

    @property
    def missing_count(self) -> int:
        return len(self.missing)

    @property
    def has_contact(self) -> bool:
        return any([self.email, self.phone, self.address, self.website])

    @property
    def reported_anything(self) -> bool:
        return any(step.status for step in self.steps) or bool(
            self.partnerships or self.funds or self.trainings
        )

    @property
    def canton_populations_known(self) -> bool:
        return any(canton.population is not None for canton in self.cantons.value)


@dataclass(frozen=True, slots=True)
class NewsItem:
    slug: str
    date: date
    communes: tuple[str, ...]
    source: Source | None
    versions: dict[str, Article]


@dataclass(frozen=True, slots=True)
class Page:
    slug: str
    versions: dict[str, Article]


@dataclass(frozen=True, slots=True)
class StepCount:
    milestone: Term
    done: int
    in_progress: int
    planned: int
    not_reported: int
    number: int  # the step's number on the ladder, from 1


class Group(NamedTuple):
    """A region or a theme with its communes, in the communes' order."""

    term: Term
    communes: tuple[Commune, ...]

    @property
    def size(self) -> int:
        """How many communes it has."""
        return len(self.communes)


@dataclass(frozen=True, slots=True)
class Model:
    """Everything the pages show, consistent across pages and computed once."""

    site: Site
    programme: Programme
    as_of: date
    communes: tuple[Commune, ...]
    by_region: tuple[Group, ...]  # the regions that have communes
    by_theme: tuple[Group, ...]  # every theme, with the communes that seek partners for it
    step_counts: tuple[StepCount, ...]
    partnerships_by_stage: dict[str, int]
    funds_by_currency: tuple[Money, ...]
    communes_reporting: int
    programme_month: int  # 1-based month of the programme at the as-of date, 0 before start
    elapsed: float  # share of the programme's duration elapsed at the as-of date
    news: tuple[NewsItem, ...]
    news_about: dict[str, tuple[NewsItem, ...]]  # commune slug -> the news items that name it, newest first
    pages: tuple[Page, ...]
    indicators: tuple[Indicator, ...]
    trained_by_component: tuple[tuple[Term, int, int], ...]  # component, participants, of whom women
    regions_summary: tuple[RegionSummary, ...]
    stale_communes: tuple[Commune, ...]
    map: MapGeometry | None
    site_map: SiteMap  # where each page goes, in each language

    @property
    def themes_stated(self) -> tuple[Group, ...]:
        """The themes at least one commune has stated, with those communes."""
        return tuple(group for group in self.by_theme if group.communes)

    @property
    def without_themes(self) -> tuple[Commune, ...]:
        """The communes that have not stated their themes yet (named once on the partner page)."""
        return tuple(c for c in self.communes if not c.themes)

    @property
    def without_themes_count(self) -> int:
        return len(self.without_themes)

    @property
    def any_report(self) -> bool:
        """Whether any commune has reported anything yet (before that, the progress page says so once)."""
        return self.communes_reporting > 0

    @property
    def commune_count(self) -> int:
        return len(self.communes)

    @property
    def region_count(self) -> int:
        """How many regions have communes in the programme."""
        return len(self.by_region)

    @property
    def stale_count(self) -> int:
        return len(self.stale_communes)

    @property
    def partnerships_in_talks(self) -> int:
        """Partnerships at their first contact or under discussion: not signed yet."""
        return self.partnerships_by_stage["first_contact"] + self.partnerships_by_stage["discussion"]

    @property
    def agreements_signed(self) -> int:
        return self.partnerships_by_stage["agreement_signed"]

    @property
    def latest_news(self) -> tuple[NewsItem, ...]:
        """The newest news items, for the home page."""
        return self.news[:LATEST_NEWS]

    @property
    def feed_updated(self) -> date:
        """When the news feed last changed: its newest item's date, else the programme's start."""
        return self.news[0].date if self.news else self.programme.start

    def news_naming(self, commune: Commune) -> tuple[NewsItem, ...]:
        """The news items that name the commune, newest first."""
        return self.news_about.get(commune.slug, ())


@dataclass(frozen=True, slots=True)
class RegionSummary:
    region: Term
    communes: int
    reporting: int
    steps_done: int
    agreements: int
    steps_possible: int  # every step of every commune of the region

    @property
    def steps_done_share(self) -> float:
        """The share of the steps its communes could do that they have done."""
        return self.steps_done / self.steps_possible if self.steps_possible else 0.0


@lru_cache(maxsize=4096)  # the same census or decree is the source of many communes' figures: one object
def make_source(text: str | None) -> Source | None:
    if not text:
        return None
    if text.startswith(("http://", "https://")):
        host = urlparse(text).netloc.removeprefix("www.")
        return Source(text, text, host)
    return Source(text, None, text)


def _required_source(text: str) -> Source:
    """A source the schemas require: never empty, so never None."""
    source = make_source(text)
    assert source is not None
    return source


def parse_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, 28))


def _terms(items: list[dict]) -> tuple[Term, ...]:
    return tuple(Term(item["id"], item.get("label") or item["name"], item.get("unit")) for item in items)


def _organisation(data: dict) -> Organisation:
    return Organisation(data["name"], data.get("role"), data.get("url"))


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
        kept: dict[str, Commune] | None = None,
    ):
        assert head.site is not None and head.programme is not None  # modelled once both passed
        self.head = head
        self.as_of = as_of
        self.site = _build_site(head.site.data, base_url)
        self.programme = _build_programme(head.programme.data)
        self.typography = {lang: locale.typography_style for lang, locale in locales.items()}
        self.site_map = SiteMap.of(dict(locales))
        self.context = _identity("context", self.site, self.programme, as_of, self.typography)
        self.renderer = renderer
        self.kept = kept
        self.built: dict[str, Commune] = {}

    def add(self, raw_communes: list[RawCommune]) -> None:
        """Build these communes, which passed validation, rendering their Markdown in one batch."""
        previous = self.kept or {}
        keys = [_identity(self.context, c.digest) for c in raw_communes]
        to_build = [(c, key) for c, key in zip(raw_communes, keys, strict=True) if key not in previous]
        htmls = self._render([doc for c, _ in to_build for doc in c.texts.values()])
        new = {
            key: _build_commune(c, self.programme, self.site, self.as_of, htmls, key) for c, key in to_build
        }
        for key in keys:  # in folder order, as a build from scratch would have them
            self.built[key] = previous.get(key) or new[key]

    def _render(self, docs: list[MarkdownDoc]) -> dict[Path, RenderedText]:
        rendered = self.renderer.render(docs, self.site.base_path, self.typography)
        return {
            doc.path: RenderedText(html, kept, self.typography.get(doc.lang, ""))
            for doc, (html, kept) in zip(docs, rendered, strict=True)
        }

    def finish(self) -> Model:
        """The model of the communes added, the news and pages, with every total computed."""
        raw, site, programme, as_of = self.head, self.site, self.programme, self.as_of
        htmls = self._render(raw.news + raw.pages)
        if self.kept is not None:  # keep only this build's communes
            self.kept.clear()
            self.kept.update(self.built)
        communes = tuple(sorted(self.built.values(), key=lambda c: _sort_key(c.name)))
        by_region = tuple(
            Group(region, tuple(c for c in communes if c.region == region))
            for region in programme.regions
            if any(c.region == region for c in communes)
        )
        by_theme = tuple(
            Group(theme, tuple(c for c in communes if theme in c.themes)) for theme in programme.themes
        )
        stages = Counter(p.stage for c in communes for p in c.partnerships)
        funds: dict[str, float] = defaultdict(int)
        for commune in communes:
            for fund in commune.funds:
                funds[fund.currency] += fund.amount
        period_starts = [
            add_months(programme.start, months)
            for months in range(0, programme.duration_months, programme.reporting_period_months)
        ]
        indicators = compute_indicators(
            list(programme.indicator_definitions),
            communes,
            programme.start,
            programme.end,
            as_of,
            period_starts,
        )
        assert raw.programme is not None  # as in __init__
        map_config = raw.programme.data.get("map")
        news = tuple(sorted(_build_news(raw.news, site, htmls), key=lambda n: (n.date, n.slug), reverse=True))
        return Model(
            site=site,
            programme=programme,
            as_of=as_of,
            communes=communes,
            by_region=by_region,
            by_theme=by_theme,
            step_counts=_count_steps(programme, communes),
            partnerships_by_stage={stage: stages.get(stage, 0) for stage in PARTNERSHIP_STAGES},
            funds_by_currency=tuple(Money(amount, currency) for currency, amount in sorted(funds.items())),
            communes_reporting=sum(1 for c in communes if c.reported_anything),
            programme_month=programme_month(programme, as_of),
            elapsed=elapsed_share(programme.start, programme.end, as_of),
            news=news,
            news_about={
                c.slug: tuple(item for item in news if c.slug in item.communes)
                for c in communes
                if any(c.slug in item.communes for item in news)
            },
            pages=tuple(
                Page(slug, versions) for slug, versions in _group_articles(raw.pages, site, htmls).items()
            ),
            indicators=indicators,
            trained_by_component=tuple(
                (
                    component,
                    sum(t.participants for c in communes for t in c.trainings if t.component == component),
                    sum(t.women for c in communes for t in c.trainings if t.component == component),
                )
                for component in programme.components
            ),
            regions_summary=tuple(
                RegionSummary(
                    region,
                    len(members),
                    sum(1 for c in members if c.reported_anything),
                    sum(c.steps_done for c in members),
                    sum(1 for c in members for p in c.partnerships if p.stage == "agreement_signed"),
                    len(members) * programme.total_steps,
                )
                for region, members in by_region
            ),
            stale_communes=tuple(c for c in communes if c.stale),
            map=_read_map(raw.root, map_config) if map_config else None,
            site_map=self.site_map,
        )


def _identity(*parts: object) -> str:
    """What a commune is built from, as a short name: the preview keeps communes and pages by it."""
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _read_map(root, config: dict) -> MapGeometry:
    subdivisions = config.get("subdivisions")
    return make_map(root / config["regions"], root / subdivisions if subdivisions else None)


def _sort_key(name: str) -> str:
    # Sort "Agoè-Nyivé 1" with A and "Éa" with E: compare without accents.
    return "".join(
        ch for ch in unicodedata.normalize("NFD", name.casefold()) if not unicodedata.combining(ch)
    )


def _build_site(data: dict, base_url: str | None) -> Site:
    base_url = (base_url or data["base_url"]).rstrip("/") + "/"
    return Site(
        title=data["title"],
        tagline=data["tagline"],
        base_url=base_url,
        base_path=urlparse(base_url).path or "/",
        languages=tuple(data["languages"]),
        fictional=data["fictional"],
        publisher=Organisation(data["publisher"]["name"], None, data["publisher"].get("url")),
        contact_name=data["contact"]["name"],
        contact_email=data["contact"].get("email"),
        contact_phone=data["contact"].get("phone"),
        contact_address=data["contact"].get("address"),
        credits=data["credits"],
        data_licence=data.get("data_licence"),
        parity=_parity(data.get("currency_parity")),
        admin=data.get("admin"),
    )


def _parity(data: dict | None) -> Parity | None:
    if not data:
        return None
    return Parity(data["base"], data["quote"], data["rate"], _required_source(data["source"]))


def _build_programme(data: dict) -> Programme:
    start = date.fromisoformat(data["start"])
    launch = data.get("launch") or {}
    return Programme(
        name=data["name"],
        summary=data["summary"],
        country=data["country"],
        start=start,
        end=add_months(start, data["duration_months"]),
        duration_months=data["duration_months"],
        launch_date=parse_date(launch.get("date")),
        launch_place=launch.get("place"),
        launch_source=make_source(launch.get("source")),
        implementer=_organisation(data["implementer"]),
        supporters=tuple(_organisation(s) for s in data["supporters"]),
        sources=tuple(_required_source(s) for s in data.get("sources", [])),
        components=_terms(data["components"]),
        milestones=_terms(data["milestones"]),
        themes=_terms(data["themes"]),
        regions=_terms(data["regions"]),
        levels=_terms(data["levels"]),
        figure_kinds=_terms(data["figure_kinds"]),
        stale_after_days=data.get("stale_after_days", 180),
        reporting_period_months=data.get("reporting_period_months", 6),
        indicator_definitions=tuple(data.get("indicators", [])),
        map_credit=(data.get("map") or {}).get("credit"),
        map_licence=(data.get("map") or {}).get("licence"),
        prefectures=tuple(data.get("prefectures", [])),
    )


def _lookup(terms: tuple[Term, ...]) -> dict[str, Term]:
    return {term.id: term for term in terms}


def _build_commune(
    raw: RawCommune, programme: Programme, site: Site, as_of: date, htmls: dict, source: str
) -> Commune:
    assert raw.profile is not None and raw.progress is not None  # modelled once both passed
    data, progress = raw.profile.data, raw.progress.data
    components = _lookup(programme.components)
    updated = date.fromisoformat(progress["updated"])
    themes, levels, kinds = (
        _lookup(programme.themes),
        _lookup(programme.levels),
        _lookup(programme.figure_kinds),
    )
    figures = tuple(
        Figure(
            kinds[f["kind"]],
            f["value"],
            f["year"],
            levels[f["level"]],
            f.get("scope"),
            make_source(f["source"]),
            f.get("note"),
        )
        for f in data["figures"]
    )
    figure_groups = tuple(
        FigureGroup(
            kind,
            tuple(f for f in figures if f.kind == kind),
            any(f.kind == kind and f.level.id == "commune" and f.value is not None for f in figures),
        )
        for kind in programme.figure_kinds
    )
    reported = progress["steps"]
    steps = tuple(
        StepState(
            milestone,
            reported.get(milestone.id, {}).get("status"),
            parse_date(reported.get(milestone.id, {}).get("date")),
            reported.get(milestone.id, {}).get("evidence"),
            reported.get(milestone.id, {}).get("note"),
        )
        for milestone in programme.milestones
    )
    governance, contact, location = data["governance"], data["contact"], data["location"]
    chef_lieu, cantons = data["chef_lieu"], data.get("cantons") or {"value": []}
    town_hall = data.get("town_hall") or {"value": None}
    return Commune(
        source=source,
        slug=data["slug"],
        name=data["name"],
        prefecture=data["prefecture"],
        region=_lookup(programme.regions)[data["region"]],
        identity_source=make_source(data.get("identity_source")),
        chef_lieu=Sourced(chef_lieu["value"], make_source(chef_lieu.get("source")), chef_lieu.get("note")),
        town_hall=Sourced(town_hall["value"], make_source(town_hall.get("source")), town_hall.get("note")),
        cantons=Sourced(
            tuple(_canton(item) for item in cantons["value"]),
            make_source(cantons.get("source")),
            cantons.get("note"),
        ),
        cantons_year=cantons.get("year"),
        location=Location(
            location["lat"],
            location["lon"],
            location["approximate"],
            location.get("note"),
            make_source(location.get("source")),
            location.get("kind"),
        )
        if location
        else None,
        figure_groups=figure_groups,
        assets=tuple(
            Asset(a["text"], levels[a["level"]], _required_source(a["source"])) for a in data["assets"]
        ),
        themes=tuple(themes[t] for t in data["themes_sought"]),
        projects=tuple(
            Project(
                p["title"],
                p["summary"],
                themes[p["theme"]],
                p["status"],
                Money(p["budget"]["amount"], p["budget"]["currency"]) if p.get("budget") else None,
            )
            for p in data["projects"]
        ),
        mayor=governance["mayor"],
        mayor_since=parse_date(governance.get("mayor_since")),
        mayor_source=make_source(governance.get("mayor_source")),
        mayor_note=governance.get("mayor_note"),
        secretary_general=governance["secretary_general"],
        council_size=governance["council_size"],
        governance_source=make_source(governance.get("source")),
        contact_person=contact.get("person"),
        email=contact["email"],
        phone=contact["phone"],
        address=contact["address"],
        website=contact["website"],
        photos=tuple(Photo(p["file"], p["alt"], p["credit"], p.get("licence")) for p in data["photos"]),
        pitch=_pitch_versions(raw, data["name"], site, htmls),
        updated=updated,
        joined=parse_date((progress.get("joined") or {}).get("date")),
        joined_evidence=(progress.get("joined") or {}).get("evidence"),
        joined_source=make_source((progress.get("joined") or {}).get("source")),
        steps=steps,
        steps_done=sum(1 for step in steps if step.status == "done"),
        partnerships=tuple(
            sorted(
                (
                    Partnership(
                        p["partner"],
                        p["country"],
                        p["stage"],
                        date.fromisoformat(p["date"]),
                        tuple(themes[t] for t in p.get("themes", [])),
                        p.get("evidence"),
                    )
                    for p in progress["partnerships"]
                ),
                key=lambda p: (PARTNERSHIP_STAGES.index(p.stage), p.date),
                reverse=True,
            )
        ),
        funds=tuple(
            Fund(f["amount"], f["currency"], f["source"], date.fromisoformat(f["date"]), f.get("purpose"))
            for f in progress["funds"]
        ),
        trainings=tuple(
            Training(
                components[t["component"]],
                date.fromisoformat(t["date"]),
                t["participants"],
                t["women"],
                t.get("evidence"),
            )
            for t in progress.get("trainings", [])
        ),
        days_since_update=(as_of - updated).days,
        stale=(as_of - updated).days > programme.stale_after_days and _reported(steps, progress),
        missing=(missing := _missing_fields(data, raw.texts, site.languages)),
        to_come=public_gaps(missing),
        unsourced=_unsourced_facts(data),
    )


def _reported(steps: tuple[StepState, ...], progress: dict) -> bool:
    """Whether a commune has reported anything (one that never has awaits its first report: not "stale")."""
    return any(step.status for step in steps) or any(
        progress.get(key) for key in ("partnerships", "funds", "trainings")
    )


def _canton(item: str | dict) -> Canton:
    return Canton(item, None) if isinstance(item, str) else Canton(item["name"], item["population"])


class ProfileField(NamedTuple):
    """A field of a commune's profile, as the completeness page and the commune page name it."""

    id: str
    label: str  # a catalog message, its %(name)s placeholders filled by `values`
    values: tuple[tuple[str, str], ...] = ()


# The fields shown as "to be completed" while they are empty, with their labels, in the completeness
# page's order; then each language's presentation text.
FIELD_LABELS = {
    "chef_lieu": N_("Administrative seat"),
    "town_hall": N_("Town hall"),
    "cantons": N_("Cantons"),
    "location": N_("Location on the map"),
    "population": N_("Population of the commune"),
    "mayor": N_("Mayor"),
    "secretary_general": N_("Secretary-general"),
    "council_size": N_("Municipal councillors"),
    "email": N_("E-mail"),
    "phone": N_("Telephone"),
    "address": N_("Address"),
    "website": N_("Website"),
    "themes": N_("Themes sought"),
    "projects": N_("Projects"),
    "photos": N_("Photos"),
}

# What a visitor is told is still to come, in this order: a group is named when all its fields are missing
# (a contact with only a phone is a contact). The completeness page lists every field.
PUBLIC_GAPS = (
    (ProfileField("chef_lieu", N_("administrative seat")), ("chef_lieu", "town_hall")),
    (ProfileField("population", N_("population of the commune")), ("population",)),
    (ProfileField("mayor", N_("mayor")), ("mayor",)),
    (ProfileField("themes", N_("themes sought")), ("themes",)),
    (ProfileField("projects", N_("projects")), ("projects",)),
    (ProfileField("contact", N_("contact")), ("email", "phone", "address", "website")),
)


def public_gaps(missing: tuple[ProfileField, ...]) -> tuple[ProfileField, ...]:
    """The groups of PUBLIC_GAPS whose fields are all missing."""
    ids = {field.id for field in missing}
    return tuple(group for group, fields in PUBLIC_GAPS if ids.issuperset(fields))


def _missing_fields(data: dict, texts: dict, languages: tuple[str, ...]) -> tuple[ProfileField, ...]:
    """The fields still shown as "to be completed" (the completeness page lists them)."""
    governance, contact = data["governance"], data["contact"]
    checks = {
        "chef_lieu": data["chef_lieu"]["value"],
        "town_hall": (data.get("town_hall") or {}).get("value"),
        "cantons": (data.get("cantons") or {}).get("value"),
        "location": data["location"],
        "population": any(
            f["kind"] == "population" and f["level"] == "commune" and f["value"] is not None
            for f in data["figures"]
        ),
        "mayor": governance["mayor"],
        "secretary_general": governance["secretary_general"],
        "council_size": governance["council_size"],
        "email": contact["email"],
        "phone": contact["phone"],
        "address": contact["address"],
        "website": contact["website"],
        "themes": data["themes_sought"],
        "projects": data["projects"],
        "photos": data["photos"],
    }
    missing = [ProfileField(field, FIELD_LABELS[field]) for field, value in checks.items() if not value]
    unwritten = [lang for lang in languages if lang not in texts or is_scaffold_pitch(texts[lang].body)]
    text = N_("Presentation text (%(lang)s)")
    return tuple(missing + [ProfileField(f"text_{lang}", text, (("lang", lang),)) for lang in unwritten])


def _unsourced_facts(data: dict) -> tuple[ProfileField, ...]:
    """Facts shown without a source: figures, chef-lieu, town hall, cantons, location. (A governance value
    without its source is an error: see rules.check_governance_source.)"""
    unsourced = [
        ProfileField(
            f"figure:{f['kind']}:{f['year'] or ''}",
            N_("Figure: %(what)s"),
            (("what", f"{f['kind']} {f['year']}" if f["year"] else f["kind"]),),
        )
        for f in data["figures"]
        if f["value"] is not None and not f["source"]
    ]
    for field in ("chef_lieu", "town_hall", "cantons"):
        value = data.get(field) or {}
        if value.get("value") and not value.get("source"):
            unsourced.append(ProfileField(field, FIELD_LABELS[field]))
    if data["location"] and not data["location"].get("source"):
        unsourced.append(ProfileField("location", FIELD_LABELS["location"]))
    return tuple(unsourced)


class RenderedText(NamedTuple):
    """A Markdown text as the renderer gives it (RendersMarkdown), with the typography it is in."""

    html: str
    kept: str | StoredText  # what the model keeps of the HTML (see RendersMarkdown)
    typography: str  # a name of i18n.TYPOGRAPHIES, "" for none


def _article(doc: MarkdownDoc, rendered: RenderedText, title: str | None = None) -> Article:
    """A text with its title and summary, in its own language's typography, and its HTML (or where to find
    it: see RendersMarkdown)."""
    front = doc.front.data
    summary = front.get("summary") or first_paragraph_text(rendered.html)
    title = typeset(front.get("title", title or ""), rendered.typography)
    return Article(doc.lang, title, typeset(summary, rendered.typography), rendered.kept)


def _with_fallback(versions: dict[str, Article], site: Site) -> dict[str, Article]:
    """Every site language gets a version; a missing one is the default language's (marked by its lang)."""
    default = versions[site.default_language]
    return {lang: versions.get(lang, default) for lang in site.languages}


def _pitch_versions(raw: RawCommune, name: str, site: Site, htmls: dict) -> dict[str, Article]:
    versions = {lang: _article(doc, htmls[doc.path], title=name) for lang, doc in raw.texts.items()}
    return _with_fallback(versions, site)


def _group_articles(docs: list[MarkdownDoc], site: Site, htmls: dict) -> dict[str, dict[str, Article]]:
    grouped: dict[str, dict[str, Article]] = {}
    for doc in docs:
        grouped.setdefault(doc.slug, {})[doc.lang] = _article(doc, htmls[doc.path])
    return {slug: _with_fallback(versions, site) for slug, versions in sorted(grouped.items())}


def _build_news(docs: list[MarkdownDoc], site: Site, htmls: dict) -> list[NewsItem]:
    items = []
    grouped = _group_articles(docs, site, htmls)
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


def _count_steps(programme: Programme, communes: tuple[Commune, ...]) -> tuple[StepCount, ...]:
    counts = []
    for index, milestone in enumerate(programme.milestones):
        statuses = Counter(c.steps[index].status for c in communes)
        counts.append(
            StepCount(
                milestone,
                statuses["done"],
                statuses["in_progress"],
                statuses["planned"],
                statuses[None],
                index + 1,
            )
        )
    return tuple(counts)


def programme_month(programme: Programme, as_of: date) -> int:
    if as_of < programme.start:
        return 0
    months = (as_of.year - programme.start.year) * 12 + as_of.month - programme.start.month
    if as_of.day < programme.start.day:
        months -= 1
    return min(months + 1, programme.duration_months)
