"""The model's types: frozen objects that the pages show, with the figures derived from their own fields."""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple, Protocol

from ..geo import MapGeometry
from ..i18n import N_
from ..indicators import Indicator
from ..loader import MarkdownDoc
from ..paths import SiteMap

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

    @property
    def own_and_known(self) -> bool:
        """A figure of the commune itself (not of its préfecture or region), with a value."""
        return self.level.id == "commune" and self.value is not None


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

    @property
    def signed(self) -> bool:
        return self.stage == "agreement_signed"


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


@dataclass(frozen=True, slots=True)
class Html:
    """A text's HTML, kept compressed: the model of ten thousand communes holds every text in a quarter of
    the memory. Compared, and fingerprinted, by its digest: the Markdown store's key (the text, its
    typography, the base path, the code), or the HTML's own digest for an Html.of()."""

    digest: str  # of what the HTML was made from, or of the HTML itself (of)
    packed: bytes = field(repr=False, compare=False)

    @staticmethod
    def pack(text: str) -> bytes:
        return zlib.compress(text.encode("utf-8"), 1)

    @classmethod
    def of(cls, text: str) -> Html:
        return cls(hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest(), cls.pack(text))

    def __str__(self) -> str:
        return zlib.decompress(self.packed).decode("utf-8")


class KeptCommunes(Protocol):
    """The communes of the previous build (the live preview's), by what each is built from."""

    def get(self, key: str) -> Commune | None: ...

    def put(self, key: str, value: Commune) -> None: ...

    def keep_used(self) -> None:
        """Keep only the communes got or put since the last call."""
        ...


class RendersMarkdown(Protocol):
    def start(
        self, docs: list[MarkdownDoc], base_path: str, typography: Mapping[str, str]
    ) -> Callable[[], Sequence[Html]]:
        """Start rendering the texts (elsewhere, when it can); the function returned waits for them and
        gives each text's HTML in its language's typography (`typography`: language -> a name of
        i18n.TYPOGRAPHIES)."""
        ...


@dataclass(frozen=True, slots=True)
class Article:
    """A text in one language; lang differs from the page's language when it is a fallback."""

    lang: str
    title: str
    summary: str
    content: Html

    @property
    def html(self) -> str:
        return str(self.content)


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
            f for g in self.figure_groups if g.kind.id == "population" for f in g.figures if f.own_and_known
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
    def agreements_signed(self) -> int:
        return sum(1 for p in self.partnerships if p.signed)

    @property
    def steps_reported(self) -> bool:
        """Whether any step has a status: until then the steps reached are not known, not zero."""
        return any(step.status for step in self.steps)

    @property
    def reported_anything(self) -> bool:
        return self.steps_reported or bool(self.partnerships or self.funds or self.trainings)

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


def add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, 28))


class ProfileField(NamedTuple):
    """A field of a commune's profile, as the completeness page and the commune page name it."""

    id: str
    label: str  # a catalog message, its %(name)s placeholders filled by `values`
    values: tuple[tuple[str, str], ...] = ()


class RenderedText(NamedTuple):
    """A Markdown text as the renderer gives it (RendersMarkdown), with the typography it is in."""

    html: Html
    typography: str  # a name of i18n.TYPOGRAPHIES, "" for none


def programme_month(programme: Programme, as_of: date) -> int:
    if as_of < programme.start:
        return 0
    months = (as_of.year - programme.start.year) * 12 + as_of.month - programme.start.month
    if as_of.day < programme.start.day:
        months -= 1
    return min(months + 1, programme.duration_months)
