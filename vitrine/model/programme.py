"""The site and programme settings as the model holds them, and the sources and dates of every file."""

from __future__ import annotations

import sys
from datetime import date
from functools import lru_cache
from urllib.parse import urlparse

from ..geo import MapGeometry, make_map
from .types import Organisation, Parity, Programme, Site, Source, Term, add_months


@lru_cache(maxsize=4096)  # the same census or decree is the source of many communes' figures: one object
def make_source(text: str | None) -> Source | None:
    if not text:
        return None
    if text.startswith(("http://", "https://")):
        host = sys.intern(urlparse(text).netloc.removeprefix("www."))  # one per site named, not per source
        return Source(text, text, host)
    return Source(text, None, text)


def required_source(text: str) -> Source:
    """A source the schemas require: never empty, so never None."""
    source = make_source(text)
    assert source is not None
    return source


def parse_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _terms(items: list[dict]) -> tuple[Term, ...]:
    return tuple(Term(item["id"], item.get("label") or item["name"], item.get("unit")) for item in items)


def _organisation(data: dict) -> Organisation:
    return Organisation(data["name"], data.get("role"), data.get("url"))


def read_map(root, config: dict) -> MapGeometry:
    subdivisions = config.get("subdivisions")
    return make_map(root / config["regions"], root / subdivisions if subdivisions else None)


def build_site(data: dict, base_url: str | None) -> Site:
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
    return Parity(data["base"], data["quote"], data["rate"], required_source(data["source"]))


def build_programme(data: dict) -> Programme:
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
        sources=tuple(required_source(s) for s in data.get("sources", [])),
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


def lookup(terms: tuple[Term, ...]) -> dict[str, Term]:
    return {term.id: term for term in terms}
