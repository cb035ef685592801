"""Structured data: schema.org JSON-LD for the site's organisation, the communes and the news items."""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from .model.types import Commune, Model, NewsItem

SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def json_ld(data: dict) -> Markup:
    """A JSON-LD block; <, > and & are written as JSON escapes, so no text can close the script element or
    open a comment in it ('<!--<script' would hide the rest of the page)."""
    text = json.dumps({"@context": "https://schema.org", **data}, ensure_ascii=False, separators=(",", ":"))
    return Markup('<script type="application/ld+json">' + text.translate(SCRIPT_SAFE) + "</script>")


def organisation(model: Model) -> dict:
    """The publisher (for the FCT: an Organization), with its contact where known."""
    data: dict[str, Any] = {
        "@type": "Organization",
        "name": model.site.publisher.name,
        "url": model.site.publisher.url or model.site.base_url,
    }
    contact = _contact_point(model.site.contact_email, model.site.contact_phone)
    if contact:
        data["contactPoint"] = contact
    return data


def commune_area(commune: Commune, url: str, lang: str, country: str, town_hall_name: str) -> dict:
    """The commune as an AdministrativeArea within its prefecture, region and country, and its town hall
    as a GovernmentOrganization serving it (with a contact point where known)."""
    region = commune.region.label.get(lang) or next(iter(commune.region.label.values()))
    data = {
        "@type": "AdministrativeArea",
        "@id": url + "#area",
        "name": commune.name,
        "url": url,
        "containedInPlace": {
            "@type": "AdministrativeArea",
            "name": commune.prefecture,
            "containedInPlace": {
                "@type": "AdministrativeArea",
                "name": region,
                "containedInPlace": {"@type": "Country", "name": country},
            },
        },
    }
    if commune.location:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": commune.location.lat,
            "longitude": commune.location.lon,
        }
    town_hall = {
        "@type": "GovernmentOrganization",
        "@id": url + "#town-hall",
        "name": town_hall_name,
        "areaServed": {"@id": url + "#area"},
    }
    contact = _contact_point(commune.email, commune.phone)
    if contact:
        town_hall["contactPoint"] = contact
    if commune.website:
        town_hall["url"] = commune.website
    return {"@graph": [data, town_hall]}


def news_article(item: NewsItem, lang: str, url: str, image: str, model: Model) -> dict:
    article = item.versions[lang]
    return {
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.summary,
        "datePublished": item.date.isoformat(),
        "inLanguage": article.lang,
        "url": url,
        "image": image,
        "publisher": organisation(model),
    }


def _contact_point(email: str | None, phone: str | None) -> dict | None:
    if not email and not phone:
        return None
    point = {"@type": "ContactPoint", "contactType": "public relations"}
    if email:
        point["email"] = email
    if phone:
        point["telephone"] = phone
    return point
