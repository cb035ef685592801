"""Generate the invented boundaries of the fictional demo (examples/demo/geo/*.geojson).

The Republic of Bellerive does not exist: its outline, its three regions (Nord, Collines, Littoral) and
their prefectures are drawn here from a few wavy lines. Deterministic: the only randomness comes from a
generator seeded with a fixed seed, so the files are identical on every run.

Construction: four west-east lines (the northern border, the Nord/Collines border, the Collines/Littoral
border and the coast) run between a western and an eastern border. Each region lies between two
consecutive lines; prefectures cut a region along north-south lines that join vertices of its upper and
lower lines. Neighbours therefore share exactly the same vertices along their common edges.

    .venv/bin/python examples/make_demo_geo.py
"""

from __future__ import annotations

import json
import random
from pathlib import Path

SEED = 20250901
DECIMALS = 4
MAX_BYTES = 15_000
DEMO = Path(__file__).resolve().parent / "demo"
OUT = DEMO / "geo"

Point = tuple[float, float]  # (lon, lat), GeoJSON order

# West-east lines, from north to south: (latitude at each end and in the middle, waviness, vertices).
# The western and eastern ends of each line lie on the country's western and eastern borders.
LINES = {
    "north": {"west": (20.10, 10.90), "east": (20.95, 10.97), "mid_lat": 11.03, "wave": 0.035, "n": 13},
    "nord_collines": {
        "west": (19.96, 10.64),
        "east": (21.06, 10.58),
        "mid_lat": 10.64,
        "wave": 0.025,
        "n": 12,
    },
    "collines_littoral": {
        "west": (19.97, 10.30),
        "east": (21.12, 10.34),
        "mid_lat": 10.28,
        "wave": 0.025,
        "n": 12,
    },
    # the coast, with a bay east of Port-Azur: (position along the line, half-width, depth in degrees)
    "coast": {
        "west": (20.06, 10.00),
        "east": (21.08, 10.09),
        "mid_lat": 9.98,
        "wave": 0.025,
        "n": 15,
        "bay": (0.45, 0.12, 0.09),
    },
}

# Extra vertices on the western and eastern borders between two consecutive lines (lon offsets).
SIDE_BULGES = {
    ("north", "nord_collines"): {"west": [-0.07, -0.10], "east": [0.09, 0.11]},
    ("nord_collines", "collines_littoral"): {"west": [-0.06, -0.03], "east": [0.05, 0.09]},
    ("collines_littoral", "coast"): {"west": [0.03, 0.06], "east": [0.02, -0.04]},
}

REGIONS = [  # id, name, upper line, lower line, prefectures: (name, index of its western cut on the lines)
    (
        "nord",
        "Nord",
        "north",
        "nord_collines",
        [("Haut-Kerval", None), ("Montbrisé", 6), ("Les Marches", 10)],
    ),
    ("collines", "Collines", "nord_collines", "collines_littoral", [("Hautecombe", None), ("Val-de-Lys", 5)]),
    (
        "littoral",
        "Littoral",
        "collines_littoral",
        "coast",
        [("Port-Azur", None), ("Baie-des-Sables", 4), ("Anse-Marine", 8)],
    ),
]

# Each cut joins vertex i of the upper line to vertex j of the lower line, with one wavy point between.
# Keys: (upper line, index on upper line) -> index on lower line.
CUT_LOWER_INDEX = {
    ("north", 6): 6,
    ("north", 10): 9,
    ("nord_collines", 5): 5,
    ("collines_littoral", 4): 5,
    ("collines_littoral", 8): 10,
}


def r4(p: Point) -> Point:
    return (round(p[0], DECIMALS), round(p[1], DECIMALS))


def make_line(rng: random.Random, spec: dict) -> list[Point]:
    """A wavy west-east line from spec['west'] to spec['east'] through spec['mid_lat']."""
    (w_lon, w_lat), (e_lon, e_lat), n = spec["west"], spec["east"], spec["n"]
    points = []
    for k in range(n):
        t = k / (n - 1)
        lon = w_lon + (e_lon - w_lon) * t
        # a parabola through both ends and the middle latitude, plus noise (none at the ends)
        base = (1 - t) * w_lat + t * e_lat + 4 * t * (1 - t) * (spec["mid_lat"] - (w_lat + e_lat) / 2)
        noise = 0.0 if k in (0, n - 1) else rng.uniform(-spec["wave"], spec["wave"])
        jitter = 0.0 if k in (0, n - 1) else rng.uniform(-0.015, 0.015)
        if "bay" in spec:
            centre, half_width, depth = spec["bay"]
            base += depth * max(0.0, 1 - ((t - centre) / half_width) ** 2)
        points.append(r4((lon + jitter, base + noise)))
    return points


def side(upper: Point, lower: Point, offsets: list[float]) -> list[Point]:
    """Vertices strictly between two line ends on a western or eastern border, top to bottom."""
    count = len(offsets)
    return [
        r4(
            (
                upper[0] + (lower[0] - upper[0]) * (k + 1) / (count + 1) + off,
                upper[1] + (lower[1] - upper[1]) * (k + 1) / (count + 1),
            )
        )
        for k, off in enumerate(offsets)
    ]


def make_cut(rng: random.Random, top: Point, bottom: Point) -> list[Point]:
    """A north-south cut from top to bottom (both included), with two wavy points between."""
    middle = []
    for t in (1 / 3, 2 / 3):
        middle.append(
            r4(
                (
                    top[0] + (bottom[0] - top[0]) * t + rng.uniform(-0.03, 0.03),
                    top[1] + (bottom[1] - top[1]) * t,
                )
            )
        )
    return [top, *middle, bottom]


def ring(points: list[Point]) -> list[list[float]]:
    """Close the ring and orient it counterclockwise (RFC 7946)."""
    area = sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(points, points[1:] + points[:1], strict=True))
    if area < 0:
        points = points[::-1]
    return [list(p) for p in points + points[:1]]


def inside(point: Point, polygon: list[list[float]]) -> bool:
    x, y = point
    result = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:], strict=False):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            result = not result
    return result


def feature(properties: dict, coordinates: list) -> dict:
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": "Polygon", "coordinates": [coordinates]},
    }


def build() -> tuple[dict, dict]:
    rng = random.Random(SEED)
    lines = {name: make_line(rng, spec) for name, spec in LINES.items()}
    sides = {
        pair: {
            "west": side(lines[pair[0]][0], lines[pair[1]][0], offsets["west"]),
            "east": side(lines[pair[0]][-1], lines[pair[1]][-1], offsets["east"]),
        }
        for pair, offsets in SIDE_BULGES.items()
    }
    lower_of = {upper: lower for _, _, upper, lower, _ in REGIONS}
    cuts = {
        (upper, i): make_cut(rng, lines[upper][i], lines[lower_of[upper]][j])
        for (upper, i), j in CUT_LOWER_INDEX.items()
    }

    regions, prefectures = [], []
    for region_id, name, upper, lower, parts in REGIONS:
        west, east = sides[(upper, lower)]["west"], sides[(upper, lower)]["east"]
        top, bottom = lines[upper], lines[lower]
        # clockwise from the north-west corner; ring() turns it counterclockwise
        outline = top + east + bottom[::-1] + west[::-1]
        regions.append(feature({"name": name}, ring(outline)))
        starts = [i for _, i in parts]
        for k, (pref_name, i) in enumerate(parts):
            nxt = starts[k + 1] if k + 1 < len(parts) else None
            up_from = i or 0
            up_to = nxt if nxt is not None else len(top) - 1
            lo_from = CUT_LOWER_INDEX[(upper, i)] if i is not None else 0
            lo_to = CUT_LOWER_INDEX[(upper, nxt)] if nxt is not None else len(bottom) - 1
            points = top[up_from : up_to + 1]
            points += cuts[(upper, nxt)][1:-1] if nxt is not None else east
            points += bottom[lo_from : lo_to + 1][::-1]
            points += cuts[(upper, i)][-2:0:-1] if i is not None else west[::-1]
            prefectures.append(feature({"name": pref_name, "region": region_id}, ring(points)))
    return (
        {"type": "FeatureCollection", "name": "bellerive_regions_invented", "features": regions},
        {"type": "FeatureCollection", "name": "bellerive_prefectures_invented", "features": prefectures},
    )


def check(regions: dict, prefectures: dict) -> None:
    """Every commune lies in its own region and in exactly one prefecture of that region."""
    import yaml  # noqa: PLC0415 - only for the check

    by_name = {f["properties"]["name"]: f for f in regions["features"]}
    names = {region_id: name for region_id, name, *_ in REGIONS}
    for profile in sorted((DEMO / "communes").glob("*/profile.yaml")):
        data = yaml.safe_load(profile.read_text(encoding="utf-8"))
        point = (data["location"]["lon"], data["location"]["lat"])
        region = by_name[names[data["region"]]]
        assert inside(point, region["geometry"]["coordinates"][0]), (
            f"{profile.parent.name} outside its region"
        )
        holders = [
            f["properties"]["name"]
            for f in prefectures["features"]
            if inside(point, f["geometry"]["coordinates"][0])
        ]
        assert len(holders) == 1, f"{profile.parent.name} in prefectures {holders}"
        pref = next(f for f in prefectures["features"] if f["properties"]["name"] == holders[0])
        assert pref["properties"]["region"] == data["region"], f"{profile.parent.name}: prefecture region"
        print(f"  {profile.parent.name}: {region['properties']['name']} / {holders[0]}")
    for collection in (regions, prefectures):
        for f in collection["features"]:
            count = len(f["geometry"]["coordinates"][0]) - 1
            print(f"  {f['properties']['name']}: {count} vertices")


def main() -> None:
    regions, prefectures = build()
    check(regions, prefectures)
    OUT.mkdir(exist_ok=True)
    for name, data in (
        ("bellerive-regions.geojson", regions),
        ("bellerive-prefectures.geojson", prefectures),
    ):
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
        assert len(text.encode()) <= MAX_BYTES, f"{name} is over {MAX_BYTES} bytes"
        (OUT / name).write_text(text, encoding="utf-8")
        print(f"wrote {OUT / name} ({len(text.encode())} bytes)")


if __name__ == "__main__":
    main()
