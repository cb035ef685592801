"""Open data under /data/: the communes, their progress and the indicators as CSV, JSON and GeoJSON,
described by a Frictionless data package. Every figure comes from the same model as the pages."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass

from .i18n import N_
from .indicators import Indicator
from .model.types import Commune, Model
from .paths import data_path


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Frictionless field type
    description: str  # English; the data page shows it translated


COMMUNE_FIELDS = (
    Field("slug", "string", N_("Identifier of the commune, as in its page address")),
    Field("name", "string", N_("Name of the commune")),
    Field("prefecture", "string", N_("Prefecture the commune belongs to")),
    Field("region_id", "string", N_("Identifier of the region")),
    Field("region", "string", N_("Name of the region")),
    Field("chef_lieu", "string", N_("Administrative seat (chef-lieu) of the commune; empty when not known")),
    Field("latitude", "number", N_("Latitude of the marker on the map (WGS 84)")),
    Field("longitude", "number", N_("Longitude of the marker on the map (WGS 84)")),
    Field("location_approximate", "boolean", N_("true when the marker is only an approximate position")),
    Field(
        "population", "integer", N_("Latest population figure of the commune itself; empty when not known")
    ),
    Field("population_year", "integer", N_("Year of that population figure")),
    Field("themes_sought", "string", N_("Themes where the commune seeks partners, separated by ';'")),
    Field("steps_done", "integer", N_("Number of programme steps the commune has completed")),
    Field("partnerships_signed", "integer", N_("Partnership agreements signed")),
    Field("updated", "date", N_("Date of the commune's last progress report")),
    Field(
        "stale",
        "boolean",
        N_("true when the progress has not been updated for longer than the programme allows"),
    ),
    Field("url", "string", N_("Address of the commune's page")),
)
PROGRESS_FIELDS = (
    Field("slug", "string", N_("Identifier of the commune")),
    Field("commune", "string", N_("Name of the commune")),
    Field("step_order", "integer", N_("Position of the step on the programme's ladder, from 1")),
    Field("step_id", "string", N_("Identifier of the step")),
    Field("status", "string", N_("done, in_progress, planned, or not_reported")),
    Field("date", "date", N_("Date reported for the step; empty when none")),
    Field("evidence", "string", N_("Link to the public evidence; empty when none")),
)


def data_files(model: Model, lang: str) -> Iterator[tuple[str, bytes | Iterator[bytes]]]:
    """Every file under data/ with its path in the site; those with a row per commune in pieces, a few
    hundred rows at a time, so that none sits whole in memory at thousands of communes."""

    def rows() -> Iterator[dict]:
        return (_commune_row(model, commune) for commune in model.communes)

    yield data_path("communes.csv"), csv_in_pieces(COMMUNE_FIELDS, rows())
    yield data_path("communes.json"), json_in_pieces({"as_of": model.as_of.isoformat()}, "communes", rows())
    yield (
        data_path("communes.geojson"),
        json_in_pieces({"type": "FeatureCollection"}, "features", _features(rows())),
    )
    yield data_path("progress.csv"), csv_in_pieces(PROGRESS_FIELDS, _progress_rows(model))
    yield data_path("indicators.json"), _json(_iati_results(model))
    yield data_path("datapackage.json"), _json(_datapackage(model, lang), readable=True)


def _commune_row(model: Model, commune: Commune) -> dict:
    latest = commune.population
    location = commune.location
    return {
        "slug": commune.slug,
        "name": commune.name,
        "prefecture": commune.prefecture,
        "region_id": commune.region.id,
        "region": commune.region.label[model.site.default_language],
        "chef_lieu": commune.chef_lieu.value,
        "latitude": location.lat if location else None,
        "longitude": location.lon if location else None,
        "location_approximate": location.approximate if location else None,
        "population": int(latest.value) if latest and latest.value is not None else None,
        "population_year": latest.year if latest else None,
        "themes_sought": ";".join(theme.id for theme in commune.themes),
        "steps_done": commune.steps_done,
        "partnerships_signed": commune.agreements_signed,
        "updated": commune.updated.isoformat(),
        "stale": commune.stale,
        "url": model.site.base_url + model.site_map.commune(commune.slug, model.site.default_language),
    }


def _progress_rows(model: Model) -> Iterator[dict]:
    return (
        {
            "slug": commune.slug,
            "commune": commune.name,
            "step_order": order,
            "step_id": step.milestone.id,
            "status": step.status or "not_reported",
            "date": step.date.isoformat() if step.date else None,
            "evidence": step.evidence,
        }
        for commune in model.communes
        for order, step in enumerate(commune.steps, 1)
    )


def _iati_results(model: Model) -> dict:
    """Indicators in the shape of IATI results (indicator → baseline, target, periods with actuals)."""
    return {
        "as_of": model.as_of.isoformat(),
        "programme": model.programme.name,
        "result": {
            "type": "outcome",
            "indicator": [_iati_indicator(indicator) for indicator in model.indicators],
        },
    }


def _iati_indicator(indicator: Indicator) -> dict:
    return {
        "ref": indicator.id,
        "title": indicator.label,
        "unit": indicator.unit,
        "ascending": indicator.ascending,
        "measure": indicator.measure,
        "baseline": {"year": indicator.baseline_year, "value": indicator.baseline},
        "target": {"value": indicator.target, "source": indicator.target_source},
        "actual": indicator.actual,
        "progress": round(indicator.progress, 4) if indicator.progress is not None else None,
        "status": indicator.status,
        "period": [
            {
                "period-start": period.start.isoformat(),
                "period-end": period.end.isoformat(),
                "actual": {"value": period.actual},
            }
            for period in indicator.periods
        ],
    }


def _features(rows: Iterator[dict]) -> Iterator[dict]:
    """A GeoJSON point for each located commune."""
    return (
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
            "properties": {key: value for key, value in row.items() if key not in ("latitude", "longitude")},
        }
        for row in rows
        if row["latitude"] is not None
    )


def _datapackage(model: Model, lang: str) -> dict:
    licence = model.site.data_licence

    def schema(fields):  # noqa: E306
        return {"fields": [{"name": f.name, "type": f.type, "description": f.description} for f in fields]}

    return {
        "name": "vitrine-des-communes",
        "title": model.site.title[lang],
        "description": model.programme.summary[lang],
        "created": model.as_of.isoformat() + "T00:00:00Z",
        "homepage": model.site.base_url,
        "licenses": [licence] if licence else [],
        "resources": [
            {
                "name": "communes",
                "path": "communes.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema(COMMUNE_FIELDS),
            },
            {
                "name": "progress",
                "path": "progress.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema(PROGRESS_FIELDS),
            },
            {
                "name": "communes-json",
                "path": "communes.json",
                "format": "json",
                "mediatype": "application/json",
            },
            {
                "name": "indicators",
                "path": "indicators.json",
                "format": "json",
                "mediatype": "application/json",
            },
            {
                "name": "communes-geojson",
                "path": "communes.geojson",
                "format": "geojson",
                "mediatype": "application/geo+json",
            },
        ],
    }


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ROWS_AT_ONCE = 500  # rows (or JSON items) of a data file given to the write stage at once


def csv_in_pieces(
    fields: tuple[Field, ...], rows: Iterator[dict], at_once: int = ROWS_AT_ONCE
) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[f.name for f in fields], lineterminator="\n")
    writer.writeheader()
    for count, row in enumerate(rows, 1):
        writer.writerow({f.name: _csv_value(row[f.name]) for f in fields})
        if count % at_once == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        # A spreadsheet would run it as a formula (OWASP's CSV injection): a leading quote makes it text.
        return "'" + value
    return str(value)


def json_in_pieces(
    head: dict, key: str, items: Iterator[dict], at_once: int = ROWS_AT_ONCE
) -> Iterator[bytes]:
    """{**head, key: [items…]} in pieces: the bytes _json() writes for the whole, a few hundred items at a
    time."""
    opening = _json(head).decode("utf-8").rstrip("\n").removesuffix("}")
    pieces = [f"{opening}{',' if head else ''}{json.dumps(key)}:["]
    for count, item in enumerate(items):
        pieces.append(("," if count else "") + json.dumps(item, ensure_ascii=False, separators=(",", ":")))
        if len(pieces) >= at_once:
            yield "".join(pieces).encode("utf-8")
            pieces.clear()
    pieces.append("]}\n")
    yield "".join(pieces).encode("utf-8")


def _json(data, readable: bool = False) -> bytes:
    """Compact JSON (smaller, and encoded by json's C encoder, which indenting would turn off); the data
    package's descriptor is indented for people to read."""
    if readable:
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
