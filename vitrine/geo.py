"""Map geometry: read GeoJSON boundaries, project them keeping the country's shape, simplify, draw SVG paths.

The code knows no country: the content brings its boundary files (programme.yaml `map`).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

MAP_WIDTH = 300.0  # SVG user units; the height follows from the country's shape
SIMPLIFY_TOLERANCE = 0.6  # in SVG units: well under a pixel at the sizes the map is shown


@dataclass(frozen=True)
class Projection:
    """Equirectangular projection scaled by cos(mean latitude): true shape for a country of a few degrees."""

    west: float
    north: float
    x_scale: float
    y_scale: float

    def point(self, lat: float, lon: float) -> tuple[float, float]:
        return (round((lon - self.west) * self.x_scale, 1), round((self.north - lat) * self.y_scale, 1))


@dataclass(frozen=True)
class MapGeometry:
    width: float
    height: float
    projection: Projection
    regions: tuple[str, ...]  # SVG path data, one per region
    subdivisions: tuple[str, ...]


def read_features(path: Path) -> list[list[list[tuple[float, float]]]]:
    """The rings of each Polygon or MultiPolygon feature of a GeoJSON file, as (lon, lat) points."""
    return features_of(json.loads(path.read_text(encoding="utf-8")))


def features_of(data: dict) -> list[list[list[tuple[float, float]]]]:
    """The rings of each Polygon or MultiPolygon feature of parsed GeoJSON; ValueError, TypeError, KeyError
    or AttributeError when it does not have GeoJSON's shape."""
    features = []
    for feature in data.get("features", []):
        geometry = feature.get("geometry") or {}
        if geometry.get("type") == "Polygon":
            polygons = [geometry["coordinates"]]
        elif geometry.get("type") == "MultiPolygon":
            polygons = geometry["coordinates"]
        else:
            continue
        features.append(
            [[(float(x), float(y)) for x, y, *_ in ring] for polygon in polygons for ring in polygon]
        )
    return features


def feature_paths(features: list[list[list[tuple[float, float]]]], projection: Projection) -> tuple[str, ...]:
    """One SVG path per feature (all its rings), projected and simplified."""
    paths = []
    for rings in features:
        parts = []
        for ring in rings:
            points = simplify([projection.point(lat, lon) for lon, lat in ring], SIMPLIFY_TOLERANCE)
            if len(points) >= 3:
                parts.append("M" + "L".join(f"{_num(x)} {_num(y)}" for x, y in points) + "Z")
        paths.append("".join(parts))
    return tuple(paths)


def make_map(regions_file: Path, subdivisions_file: Path | None) -> MapGeometry:
    regions = read_features(regions_file)
    lons = [lon for rings in regions for ring in rings for lon, _ in ring]
    lats = [lat for rings in regions for ring in rings for _, lat in ring]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    shrink = math.cos(math.radians((north + south) / 2))
    scale = MAP_WIDTH / ((east - west) * shrink)
    projection = Projection(west, north, scale * shrink, scale)
    height = round((north - south) * scale, 1)
    subdivisions = feature_paths(read_features(subdivisions_file), projection) if subdivisions_file else ()
    return MapGeometry(MAP_WIDTH, height, projection, feature_paths(regions, projection), subdivisions)


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker, iterative; duplicate points (after rounding) are dropped first."""
    unique = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    if len(unique) < 4:
        return unique
    keep = [False] * len(unique)
    keep[0] = keep[-1] = True
    stack = [(0, len(unique) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, distance = None, tolerance
        for index in range(first + 1, last):
            d = _distance_to_segment(unique[index], unique[first], unique[last])
            if d > distance:
                farthest, distance = index, d
        if farthest is not None:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [p for p, kept in zip(unique, keep, strict=True) if kept]


def _distance_to_segment(p, a, b) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")
