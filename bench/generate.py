"""Deterministic synthetic programmes for the benchmark: N communes shaped like the real content.

    python bench/generate.py 1000 /tmp/bench-1000

Each commune has a profile (figures, assets, themes, projects, contacts), a progress file (steps,
partnerships, funds, trainings) and ~600-word French and English pitches; one news item per 20 communes.
Settings, vocabularies and the (fictional) map come from examples/demo.
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "demo"
FR_WORDS = (
    "commune marché eau école santé route forêt coopération partenaires jeunes femmes agriculture "
    "artisans patrimoine tourisme rivière collines village canton récolte formation projet mairie "
    "conseil budget puits énergie solaire numérique culture fête musée sentier élevage"
).split()
EN_WORDS = (
    "commune market water school health road forest cooperation partners youth women farming "
    "craftspeople heritage tourism river hills village canton harvest training project town hall "
    "council budget well energy solar digital culture festival museum trail livestock"
).split()
THEMES = [
    "water_sanitation",
    "agriculture_food",
    "education",
    "health",
    "culture_heritage",
    "tourism",
    "local_economy",
    "environment_climate",
    "local_governance",
    "youth_sport",
    "gender_equality",
    "urban_planning",
    "energy",
    "digital",
]
STEPS = ["training", "marketing_fiche", "networks", "action_plan", "partner_contacts", "agreement"]
REGIONS = {"nord": (10.75, 20.5), "collines": (10.45, 20.5), "littoral": (10.15, 20.5)}


def paragraph(rng: random.Random, words: tuple[str, ...] | list[str], length: int) -> str:
    text = " ".join(rng.choice(words) for _ in range(length))
    return text[0].upper() + text[1:] + "."


def pitch(rng: random.Random, words, name: str) -> str:
    """About 600 words in six paragraphs, with a little Markdown."""
    paragraphs = [f"**{name}** " + paragraph(rng, words, 95)] + [paragraph(rng, words, 100) for _ in range(5)]
    paragraphs.insert(3, "\n".join(f"- {paragraph(rng, words, 6)}" for _ in range(3)))
    return "\n\n".join(paragraphs) + "\n"


def commune(rng: random.Random, index: int) -> tuple[dict, dict, str, str]:
    slug, name = f"commune-{index:05d}", f"Commune {index}"
    region = rng.choice(sorted(REGIONS))
    lat, lon = REGIONS[region]
    steps = {}
    for step in STEPS[: rng.randrange(0, len(STEPS) + 1)]:
        steps[step] = {
            "status": rng.choice(["done", "done", "in_progress"]),
            "date": "2026-01-15",
            "evidence": f"https://example.org/{slug}/{step}",
        }
    profile = {
        "slug": slug,
        "name": name,
        "prefecture": f"Préfecture {index % 97}",
        "region": region,
        "identity_source": "https://example.org/sources/decoupage",
        "chef_lieu": {"value": f"Ville {index}", "source": "https://example.org/chefs-lieux"},
        "cantons": {
            "value": [f"Canton {index}-{k}" for k in range(4)],
            "source": "https://example.org/cantons",
        },
        "location": {
            "lat": round(lat + rng.uniform(-0.12, 0.12), 4),
            "lon": round(lon + rng.uniform(-0.4, 0.4), 4),
            "approximate": rng.random() < 0.3,
            "source": "https://example.org/positions",
        },
        "figures": [
            {
                "kind": "population",
                "value": rng.randrange(8_000, 250_000),
                "year": 2022,
                "level": "commune",
                "source": "https://example.org/recensement",
            },
            {
                "kind": "area",
                "value": rng.randrange(40, 2_000),
                "year": None,
                "level": "commune",
                "source": "https://example.org/superficies",
            },
        ],
        "assets": [
            {
                "text": {"fr": paragraph(rng, FR_WORDS, 18), "en": paragraph(rng, EN_WORDS, 18)},
                "level": "commune",
                "source": f"https://example.org/{slug}/atout-{k}",
            }
            for k in range(3)
        ],
        "themes_sought": rng.sample(THEMES, 3),
        "projects": [
            {
                "title": {"fr": paragraph(rng, FR_WORDS, 4), "en": paragraph(rng, EN_WORDS, 4)},
                "summary": {"fr": paragraph(rng, FR_WORDS, 20), "en": paragraph(rng, EN_WORDS, 20)},
                "theme": rng.choice(THEMES),
                "status": "seeking_partner",
                "budget": {"amount": rng.randrange(1, 90) * 1_000_000, "currency": "XOF"},
            }
            for _ in range(2)
        ],
        "governance": {
            "mayor": f"Maire {index}",
            "secretary_general": f"SG {index}",
            "council_size": 23,
            "source": "Déclaration de la commune, 2026-11-01",
        },
        "contact": {
            "email": f"mairie@{slug}.example.org",
            "phone": f"+999 90 {index % 100:02d} 12 34",
            "address": {"fr": f"Hôtel de ville, {name}", "en": f"Town hall, {name}"},
            "website": f"https://{slug}.example.org/",
        },
        "photos": [],
    }
    progress = {
        "updated": "2026-06-01",
        "joined": {"date": "2025-09-01"},
        "steps": steps,
        "partnerships": [
            {
                "partner": f"Ville partenaire {index}",
                "country": {"fr": "Norvalie", "en": "Norvalia"},
                "stage": "discussion",
                "date": "2026-03-01",
            }
        ]
        if rng.random() < 0.4
        else [],
        "funds": [{"amount": 2_500_000, "currency": "XOF", "source": "Fonds de test", "date": "2026-02-01"}],
        "trainings": [{"component": "marketing", "date": "2025-10-01", "participants": 3, "women": 1}],
    }
    return profile, progress, pitch(rng, FR_WORDS, name), pitch(rng, EN_WORDS, name)


def generate(count: int, target: Path) -> None:
    rng = random.Random(count)  # the same N always gives the same programme
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    shutil.copyfile(DEMO / "site.yaml", target / "site.yaml")
    programme = yaml.safe_load((DEMO / "programme.yaml").read_text(encoding="utf-8"))
    programme["prefectures"] = [f"Préfecture {number}" for number in range(97)]  # as commune() names them
    (target / "programme.yaml").write_text(yaml.safe_dump(programme, allow_unicode=True), "utf-8")
    shutil.copytree(DEMO / "geo", target / "geo")
    shutil.copytree(DEMO / "pages", target / "pages")
    (target / "news").mkdir()
    for index in range(1, count + 1):
        profile, progress, french, english = commune(rng, index)
        folder = target / "communes" / profile["slug"]
        folder.mkdir(parents=True)
        (folder / "profile.yaml").write_text(
            yaml.safe_dump(profile, allow_unicode=True, sort_keys=False), "utf-8"
        )
        (folder / "progress.yaml").write_text(
            yaml.safe_dump(progress, allow_unicode=True, sort_keys=False), "utf-8"
        )
        (folder / "fr.md").write_text(french, encoding="utf-8")
        (folder / "en.md").write_text(english, encoding="utf-8")
    for index in range(max(1, count // 20)):
        day = f"2026-{1 + index % 9:02d}-{1 + index % 27:02d}"
        for lang, words in (("fr", FR_WORDS), ("en", EN_WORDS)):
            body = "\n\n".join(paragraph(rng, words, 60) for _ in range(3))
            front = {"title": f"Actualité {index}", "date": day, "summary": paragraph(rng, words, 12)}
            text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body + "\n"
            (target / "news" / f"{day}-actualite-{index}.{lang}.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
