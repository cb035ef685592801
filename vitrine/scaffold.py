"""`build.py new commune`: create a commune folder that passes `check`, with French placeholders."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import yaml

from .names import slugify
from .problems import Message, say

PROFILE = """\
{schema_profile}
# Fiche de la commune {name}. Remplacez chaque null par l'information, avec sa source (adresse web).
# Ce qui reste null s'affiche « à compléter » sur le site. Les listes vides [] se remplissent ligne par ligne.
slug: {slug}
name: {name_yaml}
prefecture: {prefecture_yaml}
region: {region}
chef_lieu:
  value: null  # nom du chef-lieu
  source: null  # adresse web qui l'atteste
cantons:
  value: []  # un canton par ligne, par exemple : - Kuma
  source: null
location: null  # position sur la carte : lat, lon, approximate (true/false), source
figures: []  # chiffres clés : kind (population, area), value, year, level (commune, prefecture), source
assets: []  # atouts : text (fr, en), level, source
themes_sought: []  # thèmes recherchés, identifiants de programme.yaml (par exemple water_sanitation)
projects: []  # projets : title, summary (fr, en), theme, status, budget
governance:
  mayor: null  # nom du maire ou de la maire
  secretary_general: null
  council_size: null  # nombre de conseillers municipaux
contact:
  email: null  # adresse électronique de la mairie
  phone: null  # numéro au format international, par exemple +228 90 00 00 00
  address: null
  website: null
photos: []  # file (photos/nom.jpg), alt (fr, en), credit
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
    (folder / "profile.yaml").write_text(PROFILE.format(**values), encoding="utf-8")
    (folder / "progress.yaml").write_text(PROGRESS.format(**values), encoding="utf-8")
    (folder / "fr.md").write_text(PITCH.format(**values), encoding="utf-8")
    return 0, say(
        "Created %(folder)s: fill in profile.yaml, progress.yaml and fr.md, then run: make check",
        folder=folder,
    )


def _scalar(text: str) -> str:
    return yaml.safe_dump(text, allow_unicode=True, default_style=None).removesuffix("\n...\n").strip()


def _region_ids(content: Path) -> dict[str, str]:
    """Region ids by every way of writing them: the id itself and each language's name, slugified."""
    try:
        programme = yaml.safe_load((content / "programme.yaml").read_text(encoding="utf-8"))
        ids = {}
        for region in programme["regions"]:
            ids.update({slugify(name): region["id"] for name in region["name"].values()})
            ids[region["id"]] = region["id"]
        return ids
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError):
        return {}
