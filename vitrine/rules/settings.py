"""The rules of site.yaml and programme.yaml, checked before any commune."""

from __future__ import annotations

import json
from pathlib import Path

from ..geo import features_of
from ..loader import (
    RawContent,
    YamlDoc,
    leaves_folder,
    read_regular_file,
)
from ..problems import say
from .shared import RuleContext


def _is_geojson(root: Path, name: str) -> bool:
    """Whether the content folder has this GeoJSON file (a regular file, named inside the folder) and it
    draws at least one polygon: the map is drawn from it without further checks."""
    if leaves_folder(name):
        return False
    data = read_regular_file(root / name, [])
    if data is None:
        return False
    try:
        parsed = json.loads(data)
        return parsed.get("type") == "FeatureCollection" and bool(features_of(parsed))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
        return False


class SettingsRules(RuleContext):
    """The rules of the settings files."""

    def check_settings(self, raw: RawContent) -> None:
        """The rules of site.yaml and programme.yaml, before any commune."""
        assert raw.site is not None and raw.programme is not None  # both passed their schemas
        self.check_localized_texts([raw.site, raw.programme])
        self.check_programme(raw.programme, raw.root)
        self.check_phone(raw.site, ("contact", "phone"), raw.site.data["contact"].get("phone"))

    def check_programme(self, programme: YamlDoc, root: Path) -> None:
        """Indicators measure known steps and components; the map's boundary files exist and are GeoJSON."""
        for i, indicator in enumerate(programme.data.get("indicators", [])):
            measure = indicator["measure"]
            if "communes_at_step" in measure:
                self.in_vocabulary(
                    programme,
                    ("indicators", i, "measure", "communes_at_step"),
                    measure["communes_at_step"],
                    "milestone",
                )
            if measure.get("staff_trained", "all") != "all":
                self.in_vocabulary(
                    programme,
                    ("indicators", i, "measure", "staff_trained"),
                    measure["staff_trained"],
                    "component",
                )
        for key in ("regions", "subdivisions"):
            name = (programme.data.get("map") or {}).get(key)
            if name and not _is_geojson(root, name):
                message = say(
                    "map file '%(name)s' is missing or is not GeoJSON: put the boundary file in the content "
                    "folder",
                    name=name,
                )
                self.problems.append(programme.problem(("map", key), message))
