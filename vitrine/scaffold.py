"""`build.py new commune`: create a commune folder that passes `check`, with French placeholders."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import yaml

from .loader import read_yaml
from .names import slugify
from .problems import Message, say
from .report import content_language

# The comments that explain profile.yaml to staff: one line above each top-level field, the same in every
# commune's file (`new commune` writes them; tools/add_field_comments.py writes them into existing files).
PROFILE_HEADER = (
    "# Fiche de la commune : ce que le site montre aux partenaires. Chaque fait porte sa source.",
    "# Inconnu : null (ou [] pour une liste), jamais deviné ; la page de complétude liste ce qui manque.",
)
FIELD_COMMENTS = {
    "slug": "# Identifiant dans les adresses du site : minuscules sans accents, chiffres, tirets.",
    "name": "# Nom officiel de la commune, tel qu'il s'affiche.",
    "prefecture": "# Préfecture dont la commune fait partie.",
    "region": "# Région : un identifiant de la liste regions de programme.yaml (ex. plateaux).",
    "identity_source": "# Source du rattachement à la préfecture et à la région.",
    "chef_lieu": "# Chef-lieu : value (nom), source, note pour une réserve ; value: null si inconnu.",
    "town_hall": "# Siège de la mairie : value (localité), source, note (canton, boîte postale).",
    "cantons": "# Cantons (quartiers à Lomé) : name, population ; year du recensement ; source.",
    "location": "# Point sur la carte : lat, lon, approximate, kind (town_hall, locality…), note, source.",
    "figures": "# Chiffres clés : kind et level (listes de programme.yaml), value, year, source.",
    "assets": "# Atouts : text (fr, en), level (commune ou prefecture), source de chaque fait.",
    "themes_sought": "# Thèmes recherchés : codes de la liste themes de programme.yaml.",
    "projects": "# Projets : title et summary (fr, en), theme (code de programme.yaml), status, budget.",
    "governance": "# Gouvernance : mayor, mayor_since (date), mayor_source ; maire actuel seulement.",
    "contact": "# Contact de la mairie : email, phone (+228 …), address, website ; null si inconnu.",
    "photos": "# Photos du dossier photos/ : file, alt (fr, en), credit ; la première en grand.",
}


def add_field_comments(text: str) -> str:
    """The profile with the header and FIELD_COMMENTS above its top-level fields; the YAML values are left
    byte for byte, and a file that has them already comes back unchanged."""
    lines = text.splitlines(keepends=True)
    known = set(FIELD_COMMENTS.values()) | set(PROFILE_HEADER)
    head = [line for line in lines[:1] if line.startswith("# yaml-language-server:")]
    rest = lines[len(head) :]
    while rest and rest[0].startswith("#"):  # the old header: replaced by the reference one
        rest = rest[1:]
    out = head + [line + "\n" for line in PROFILE_HEADER]
    for line in rest:
        key = line.split(":", 1)[0]
        if line.rstrip("\n") in known:
            continue  # a comment written by an earlier run: written again just below
        if not line.startswith((" ", "#", "-")) and key in FIELD_COMMENTS:
            out.append(FIELD_COMMENTS[key] + "\n")
        out.append(line)
    return "".join(out)


PROFILE_BODY = """\
slug: {slug}
name: {name_yaml}
prefecture: {prefecture_yaml}
region: {region}
chef_lieu:
  value: null
  source: null
town_hall:
  value: null
  source: null
cantons:
  value: []  # un canton par ligne, par exemple : - {{name: Kouma, population: 6815}}
  year: null
  source: null
location: null
figures: []
assets: []
themes_sought: []
projects: []
governance:
  mayor: null
  mayor_since: null
  mayor_source: null
  secretary_general: null
  council_size: null
contact:
  email: null
  phone: null  # au format international, par exemple +228 90 00 00 00
  address: null
  website: null
photos: []
"""

PROGRESS = """\
{schema_progress}
# Progression de {name} dans le programme. Ajoutez une étape quand elle est engagée ou franchie :
#   steps:
#     training: {{status: done, date: "2026-04-15", evidence: https://…}}
# Statuts possibles : planned (prévu), in_progress (en cours), done (réalisé).
updated: "{today}"
steps: {{}}
partnerships: []
funds: []
"""

PITCH = """\
À compléter : présentez {name} en quelques paragraphes (qui vous êtes, vos atouts, ce que vous cherchez
chez un partenaire). N'écrivez que des faits dont vous pouvez indiquer la source.
"""
PITCH_MARK = "N'écrivez que des faits dont vous pouvez indiquer la source."


def is_scaffold_pitch(text: str) -> bool:
    """True while the placeholder that `new commune` wrote is still in a text: it is no presentation."""
    return PITCH_MARK in " ".join(text.split())


def schema_comment(path: Path, kind: str) -> str:
    """The first line of a content YAML file: tells editors which JSON Schema checks it."""
    schema = Path(__file__).resolve().parent / "schemas" / f"{kind}.schema.json"
    return f"# yaml-language-server: $schema={os.path.relpath(schema, path.resolve().parent)}"


def new_commune(content: Path, name: str, prefecture: str, region: str, today: date) -> tuple[int, Message]:
    """Create content/communes/<slug>/; return the exit code and what to tell the person."""
    slug = slugify(name)
    folder = content / "communes" / slug
    regions = _region_ids(content)
    region = regions.get(slugify(region), region)  # accept the region's name too: "Plateaux" -> plateaux
    if regions and region not in regions.values():
        choices = ", ".join(sorted(set(regions.values())))
        return 2, say(
            "build.py: unknown region '%(region)s': use one of %(choices)s", region=region, choices=choices
        )
    if not slug:
        return 2, say("build.py: the name must contain letters or digits")
    if folder.exists():
        return 2, say("build.py: %(folder)s already exists: nothing was changed", folder=folder)
    lang = content_language(content)  # the presentation text is required in the default language
    if lang is None:
        return 2, say("build.py: site.yaml does not give the site's languages: run make check")
    folder.mkdir(parents=True)
    values = {
        "schema_profile": schema_comment(folder / "profile.yaml", "profile"),
        "schema_progress": schema_comment(folder / "progress.yaml", "progress"),
        "name": name,
        "slug": slug,
        "region": region,
        "today": today.isoformat(),
        "name_yaml": _scalar(name),
        "prefecture_yaml": _scalar(prefecture),
    }
    profile = values["schema_profile"] + "\n" + PROFILE_BODY.format(**values)
    (folder / "profile.yaml").write_text(add_field_comments(profile), encoding="utf-8")
    (folder / "progress.yaml").write_text(PROGRESS.format(**values), encoding="utf-8")
    (folder / f"{lang}.md").write_text(PITCH.format(**values), encoding="utf-8")
    return 0, say(
        "Created %(folder)s: fill in profile.yaml, progress.yaml and %(text)s, then run: make check",
        folder=folder,
        text=f"{lang}.md",
    )


def _scalar(text: str) -> str:
    return yaml.safe_dump(text, allow_unicode=True, default_style=None).removesuffix("\n...\n").strip()


def _region_ids(content: Path) -> dict[str, str]:
    """Region ids by every way of writing them: the id itself and each language's name, slugified."""
    try:
        # Read as the build reads content (no aliases, bounded), since it may come from anyone.
        programme = read_yaml(content / "programme.yaml", [])
        if programme is None:
            return {}
        ids = {}
        for region in programme.data["regions"]:
            ids.update({slugify(name): region["id"] for name in region["name"].values()})
            ids[region["id"]] = region["id"]
        return ids
    except (OSError, KeyError, TypeError, AttributeError):  # no usable file: `check` will say why
        return {}
