"""One commune of the model, built from its files: identity, figures, projects, progress, and what is
missing or unsourced."""

from __future__ import annotations

from datetime import date

from ..i18n import N_
from ..loader import RawCommune
from ..scaffold import is_scaffold_pitch
from .programme import lookup, make_source, parse_date, required_source
from .texts import pitch_versions
from .types import (
    PARTNERSHIP_STAGES,
    Asset,
    Canton,
    Commune,
    Figure,
    FigureGroup,
    Fund,
    Location,
    Money,
    Partnership,
    Photo,
    ProfileField,
    Programme,
    Project,
    Site,
    Sourced,
    StepState,
    Training,
)


def build_commune(
    raw: RawCommune, programme: Programme, site: Site, as_of: date, htmls: dict, source: str
) -> Commune:
    assert raw.profile is not None and raw.progress is not None  # modelled once both passed
    data, progress = raw.profile.data, raw.progress.data
    components = lookup(programme.components)
    updated = date.fromisoformat(progress["updated"])
    themes, levels, kinds = (
        lookup(programme.themes),
        lookup(programme.levels),
        lookup(programme.figure_kinds),
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
            any(f.kind == kind and f.own_and_known for f in figures),
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
        region=lookup(programme.regions)[data["region"]],
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
            Asset(a["text"], levels[a["level"]], required_source(a["source"])) for a in data["assets"]
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
        pitch=pitch_versions(raw, data["name"], site, htmls),
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
