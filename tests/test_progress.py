"""Programme progress in depth: every figure recomputed by hand from the YAML files and compared with the
dashboard, the open data and the map."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from vitrine import pipeline

from .conftest import AS_OF, REAL, REAL_AS_OF, ROOT

CONTENTS = {"real": REAL, "demo": ROOT / "examples" / "demo"}
AS_OFS = {"real": REAL_AS_OF, "demo": AS_OF}


def read_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def communes(content: Path) -> dict[str, tuple[dict, dict]]:
    folders = sorted(p for p in (content / "communes").iterdir() if p.is_dir())
    return {f.name: (read_yaml(f / "profile.yaml"), read_yaml(f / "progress.yaml")) for f in folders}


def reported(progress: dict) -> bool:
    """Whether a commune has reported anything at all."""
    return any(step.get("status") for step in progress["steps"].values()) or any(
        progress.get(key) for key in ("partnerships", "funds", "trainings")
    )


def expected_actual(measure: dict, progress_files: list[dict]):
    """The indicator's value, computed here independently of vitrine.indicators; None while no commune
    has reported what it measures (not known is not 0)."""
    if "communes_at_step" in measure:
        if not any(p["steps"].get(measure["communes_at_step"], {}).get("status") for p in progress_files):
            return None
        return sum(
            1
            for p in progress_files
            if p["steps"].get(measure["communes_at_step"], {}).get("status") == "done"
        )
    if "partnerships_at_stage" in measure:
        if not any(p["partnerships"] for p in progress_files):
            return None
        return sum(
            1
            for p in progress_files
            for x in p["partnerships"]
            if x["stage"] == measure["partnerships_at_stage"]
        )
    if "funds_in" in measure:
        if not any(p["funds"] for p in progress_files):
            return None
        return sum(
            f["amount"] for p in progress_files for f in p["funds"] if f["currency"] == measure["funds_in"]
        )
    trainings = [t for p in progress_files for t in p.get("trainings", [])]
    if not trainings:
        return None
    if "staff_trained" in measure:
        return sum(
            t["participants"] for t in trainings if measure["staff_trained"] in ("all", t["component"])
        )
    people = sum(t["participants"] for t in trainings)
    return round(100 * sum(t["women"] for t in trainings) / people, 1) if people else None


@pytest.fixture(params=["real", "demo"])
def built(request, real_site, demo_site):
    return request.param, CONTENTS[request.param], {"real": real_site, "demo": demo_site}[request.param]


def test_indicators_equal_a_hand_computation(built):
    which, content, site = built
    programme = read_yaml(content / "programme.yaml")
    progress_files = [progress for _, progress in communes(content).values()]
    published = {
        i["ref"]: i
        for i in json.loads((site / "data" / "indicators.json").read_text())["result"]["indicator"]
    }
    dashboard = (site / "progression" / "index.html").read_text(encoding="utf-8")
    start = date.fromisoformat(programme["start"])
    months = start.month - 1 + programme["duration_months"]
    end = date(start.year + months // 12, months % 12 + 1, start.day)
    elapsed = (AS_OFS[which] - start).days / (end - start).days
    assert len(published) == len(programme["indicators"])
    for definition in programme["indicators"]:
        actual = expected_actual(definition["measure"], progress_files)
        indicator = published[definition["id"]]
        assert indicator["actual"] == actual, definition["id"]
        target, baseline = definition["target"]["value"], definition["baseline"]["value"]
        if target is None or actual is None:
            assert indicator["status"] is None
            continue
        share = (actual - baseline) / (target - baseline)
        status = "done" if share >= 1 else "on_track" if share >= min(elapsed, 1) else "late"
        assert (indicator["progress"], indicator["status"]) == (round(share, 4), status), definition["id"]
        assert f"{round(100 * share)}\u00a0%" in dashboard
    if which == "demo":  # the demo shows every status
        assert {i["status"] for i in published.values()} == {"done", "on_track", "late"}
    if not any(reported(p) for p in progress_files):  # before any report: one short block, no zeros
        assert "Premiers comptes rendus attendus" in dashboard
        assert "status-late" not in dashboard and 'class="tiles"' not in dashboard


def test_an_indicator_nobody_reported_is_not_reported_not_zero(demo_copy, tmp_path):
    """Remove every training from the demo: the trainings indicators show "non signalé", no 0, no status."""
    for folder in (demo_copy / "communes").iterdir():
        progress = folder / "progress.yaml"
        data = read_yaml(progress)
        data["trainings"] = []
        progress.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    pipeline.build(demo_copy, tmp_path / "site", AS_OF)
    site = tmp_path / "site"
    published = {
        i["ref"]: i
        for i in json.loads((site / "data" / "indicators.json").read_text())["result"]["indicator"]
    }
    assert published["staff_trained"]["actual"] is None and published["staff_trained"]["status"] is None
    dashboard = (site / "progression" / "index.html").read_text(encoding="utf-8")
    row = re.search(
        r"<tr>\s*<th scope=\"row\">Participations des élus et cadres aux formations.*?</tr>",
        dashboard,
        re.S,
    ).group(0)
    assert "non signalé" in row and "status" not in row and ">0<" not in row


def test_before_any_report_the_progress_page_awaits_first_reports(demo_copy, tmp_path):
    for folder in (demo_copy / "communes").iterdir():
        progress = folder / "progress.yaml"
        data = read_yaml(progress)
        data.update(steps={}, partnerships=[], funds=[], trainings=[])
        data["updated"] = data["joined"]["date"]  # long ago: still awaiting, never "stale"
        progress.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    pipeline.build(demo_copy, tmp_path / "site", AS_OF)
    dashboard = (tmp_path / "site" / "progression" / "index.html").read_text(encoding="utf-8")
    assert "Premiers comptes rendus attendus" in dashboard
    assert 'class="tiles"' not in dashboard and "status-late" not in dashboard
    assert "en attente du premier compte rendu" in dashboard and 'class="stale"' not in dashboard
    page = (tmp_path / "site" / "communes" / "kerval-1" / "index.html").read_text(encoding="utf-8")
    assert "En attente du premier compte rendu" in page and "stale-notice" not in page


def test_stale_communes_are_flagged_on_their_page_and_counted(built):
    which, content, site = built
    limit = read_yaml(content / "programme.yaml")["stale_after_days"]
    stale = sorted(  # a commune that never reported awaits its first report: it is not "stale"
        slug
        for slug, (_, progress) in communes(content).items()
        if (AS_OFS[which] - date.fromisoformat(progress["updated"])).days > limit and reported(progress)
    )
    flagged = sorted(
        slug
        for slug in communes(content)
        if "stale-notice" in (site / "communes" / slug / "index.html").read_text(encoding="utf-8")
    )
    assert flagged == stale
    if which == "demo":
        assert stale
    dashboard = (site / "progression" / "index.html").read_text(encoding="utf-8")
    if any(reported(progress) for _, progress in communes(content).values()):
        label = "commune" if len(stale) <= 1 else "communes"  # French: 0 and 1 take the singular
        assert (
            f'<span class="tile-value">{len(stale)}</span> <span class="tile-label">{label} sans mise à jour'
            in dashboard
        )


def test_map_has_one_linked_marker_per_commune(built):
    which, content, site = built
    located = {
        slug: profile["location"] for slug, (profile, _) in communes(content).items() if profile["location"]
    }
    approximate = sum(1 for location in located.values() if location["approximate"])
    for page in ("index.html", "communes/index.html", "en/communes/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        svg = re.search(r"<svg class=\"map\".*?</svg>", html, re.S).group(0)
        assert len(svg.encode()) < 60_000
        links = re.findall(r'<a href="/(?:en/)?communes/([a-z0-9-]+)/" aria-label="([^"]+)">', svg)
        assert sorted(slug for slug, _ in links) == sorted(located)
        assert svg.count("marker approx") == approximate
        assert all(label.strip() for _, label in links)
    for slug in located:
        html = (site / "communes" / slug / "index.html").read_text(encoding="utf-8")
        small = re.search(r"<svg class=\"map map-small\".*?</svg>", html, re.S).group(0)
        assert re.findall(r'<a href="/communes/([a-z0-9-]+)/"', small) == [slug] and "highlighted" in small


def test_completeness_page_lists_what_is_unknown(real_site):
    html = (real_site / "progression" / "completude" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in html
    limit = read_yaml(REAL / "programme.yaml")["stale_after_days"]
    for slug, (profile, progress) in communes(REAL).items():
        row = re.search(rf'<a href="/communes/{slug}/">.*?</tr>', html, re.S).group(0)
        assert ("Maire" in row) == (profile["governance"]["mayor"] is None)
        assert ("Courriel" in row) == (profile["contact"]["email"] is None)
        assert ("en attente du premier compte rendu" in row) == (not reported(progress))
        stale = (REAL_AS_OF - date.fromisoformat(progress["updated"])).days > limit and reported(progress)
        assert ("sans mise à jour depuis" in row) == stale


def test_open_data_package_is_valid_and_equals_the_pages(built):
    from frictionless import validate

    which, content, site = built
    report = validate(str(site / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    rows = list(csv.DictReader((site / "data" / "communes.csv").read_text(encoding="utf-8").splitlines()))
    data = communes(content)
    assert sorted(row["slug"] for row in rows) == sorted(data)
    for row in rows:
        profile, progress = data[row["slug"]]
        done = sum(1 for step in progress["steps"].values() if step["status"] == "done")
        assert int(row["steps_done"]) == done
        page = (site / "communes" / row["slug"] / "index.html").read_text(encoding="utf-8")
        assert page.count("status status-done") == done
        population = [
            f
            for f in profile["figures"]
            if f["kind"] == "population" and f["level"] == "commune" and f["value"] is not None
        ]
        if population:
            latest = max(population, key=lambda f: f["year"] or 0)
            assert int(row["population"]) == latest["value"]
            assert f"{latest['value']:,}".replace(",", "\u202f") in page
        else:
            assert row["population"] == ""
    progress_rows = list(
        csv.DictReader((site / "data" / "progress.csv").read_text(encoding="utf-8").splitlines())
    )
    milestones = read_yaml(content / "programme.yaml")["milestones"]
    assert len(progress_rows) == len(data) * len(milestones)
    geojson = json.loads((site / "data" / "communes.geojson").read_text(encoding="utf-8"))
    assert len(geojson["features"]) == sum(1 for profile, _ in data.values() if profile["location"])


def test_as_of_date_drives_elapsed_and_stale_figures(tmp_path):
    now, later = tmp_path / "now", tmp_path / "later"
    pipeline.build(CONTENTS["demo"], now, AS_OF)
    pipeline.build(CONTENTS["demo"], later, date(2027, 2, 15))
    now_html = (now / "progression" / "index.html").read_text(encoding="utf-8")
    later_html = (later / "progression" / "index.html").read_text(encoding="utf-8")
    assert "Mois 15 sur 18" in now_html and "Mois 18 sur 18" in later_html
    assert now_html.count('class="stale"') < later_html.count('class="stale"')
