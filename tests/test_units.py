"""Model, i18n and markup stages on small inputs."""

import json
from datetime import date

import yaml

from vitrine.i18n import english_typography, french_typography, load_locales
from vitrine.markup import first_paragraph_text, markdown_to_html
from vitrine.model.types import add_months, programme_month
from vitrine.opendata import Field, csv_in_pieces, json_in_pieces
from vitrine.pages import list_pages

from .conftest import MINIMAL, ROOT, model_of


def test_french_typography_spaces_and_apostrophes():
    assert (
        french_typography("Contact : a ; b ? « oui » l'eau")
        == "Contact\u00a0: a\u202f; b\u202f? «\u00a0oui\u00a0» l’eau"
    )
    assert french_typography('<a href="https://x.org/?a=1">Tom &amp; Jerry</a>') == (
        '<a href="https://x.org/?a=1">Tom &amp; Jerry</a>'
    )
    assert french_typography("10:30 et https://x.org") == "10:30 et https://x.org"


def test_english_typography_curls_apostrophes_in_text_only():
    assert english_typography("<a title=\"it's\">Togo's 'own' data, the communes' own.</a>") == (
        "<a title=\"it's\">Togo’s 'own' data, the communes’ own.</a>"
    )
    english = load_locales(ROOT / "locale", ["en"])["en"]  # the catalog names the style
    assert english.typography("the commune's page") == "the commune’s page"


def test_dates_and_numbers_per_locale():
    locales = load_locales(ROOT / "locale", ["fr", "en"])
    assert locales["fr"].date(date(2026, 3, 2)) == "2 mars 2026"
    assert locales["en"].date(date(2026, 3, 2)) == "2 March 2026"
    assert locales["fr"].date(date(2025, 9, 1)) == "1er septembre 2025"
    assert locales["fr"].number(1234567) == "1\u202f234\u202f567"
    assert locales["en"].number(1234567) == "1,234,567"


def test_french_catalog_translates_interface_strings():
    locales = load_locales(ROOT / "locale", ["fr", "en"])
    assert locales["fr"].gettext("to be completed") == "à compléter"
    assert locales["en"].gettext("to be completed") == "to be completed"
    assert locales["fr"].gettext("Who we are") == "Qui sommes-nous\u202f?"


def test_markdown_is_sanitised_and_links_follow_base_path():
    html = markdown_to_html(
        '[x](/communes/a/) <script>alert(1)</script> <a href="javascript:alert(1)" onclick="x()">y</a>'
        ' <iframe src="https://e.org"></iframe>',
        "/sub/",
    )
    assert 'href="/sub/communes/a/"' in html
    for forbidden in ("<script", "javascript:", "onclick", "<iframe"):
        assert forbidden not in html


def test_first_paragraph_is_a_plain_short_description():
    html = markdown_to_html("Un **texte** &amp; " + "mot " * 80 + "\n\nSecond.", "/")
    text = first_paragraph_text(html)
    assert text.startswith("Un texte & mot") and text.endswith("…") and len(text) <= 181


def test_add_months_and_programme_month():
    assert add_months(date(2026, 3, 2), 18) == date(2027, 9, 2)
    programme = model_of(MINIMAL, date(2026, 11, 26)).programme  # starts on 1 January 2026, for 12 months
    assert model_of(MINIMAL, date(2026, 11, 26)).programme_month == 11
    assert programme_month(programme, date(2025, 12, 31)) == 0
    assert programme_month(programme, date(2026, 1, 1)) == 1
    assert programme_month(programme, date(2030, 1, 1)) == 12


def test_model_counts_follow_the_demo_files():
    demo = ROOT / "examples" / "demo"
    model = model_of(demo, date(2026, 11, 26))
    progress = [yaml.safe_load(path.read_text("utf-8")) for path in demo.glob("communes/*/progress.yaml")]
    statuses = {}
    for data in progress:
        for step_id, step in data["steps"].items():
            statuses.setdefault(step_id, []).append(step["status"])
    for count in model.step_counts:
        reported = statuses.get(count.milestone.id, [])
        assert count.done == reported.count("done")
        assert count.in_progress == reported.count("in_progress")
        assert count.planned == reported.count("planned")
        assert count.not_reported == len(progress) - len(reported)
    signed = sum(p["stage"] == "agreement_signed" for data in progress for p in data["partnerships"])
    assert model.partnerships_by_stage["agreement_signed"] == signed


def test_missing_translation_falls_back_to_default_language():
    demo = ROOT / "examples" / "demo"
    model = model_of(demo, date(2026, 11, 26))
    without_english = [path for path in (demo / "communes").iterdir() if not (path / "en.md").exists()]
    assert without_english, "the demo keeps one commune without en.md"
    commune = next(c for c in model.communes if c.slug == without_english[0].name)
    assert commune.pitch["en"].lang == "fr" and commune.pitch["en"] is commune.pitch["fr"]


def test_page_list_pairs_languages_and_base_url_override():
    model = model_of(ROOT / "examples" / "demo", date(2026, 11, 26), base_url="https://example.org/vitrine")
    assert model.site.base_path == "/vitrine/"
    pages = list_pages(model)
    paths = [p.path for p in pages]
    assert len(paths) == len(set(paths))
    commune = next(p for p in pages if p.kind == "commune" and p.lang == "en")
    assert commune.alternates == {
        "fr": f"communes/{commune.item.slug}/",
        "en": f"en/communes/{commune.item.slug}/",
    }
    assert {
        "",
        "en/",
        "progression/",
        "en/progress/",
        "partenaires/",
        "en/partners/",
        "a-propos/",
        "en/about/",
    } <= set(paths)


def test_french_catalog_is_complete():
    from babel.messages.pofile import read_po

    with (ROOT / "locale" / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po, locale="fr")
    untranslated = [
        m.id for m in catalog if m.id and not all(m.string if isinstance(m.string, tuple) else [m.string])
    ]
    assert untranslated == []
    assert not [m.id for m in catalog if m.id and m.fuzzy]


def test_data_files_written_in_pieces_are_the_files_written_whole():
    rows = [{"slug": f"c{i}", "name": f"=Commune {i}", "n": i, "ok": i % 2 == 0} for i in range(7)]
    fields = tuple(Field(name, "string", "") for name in ("slug", "name", "n", "ok"))
    whole = json.dumps({"as_of": "2026-11-26", "communes": rows}, ensure_ascii=False, separators=(",", ":"))
    for at_once in (1, 2, 7, 500):
        pieces = list(json_in_pieces({"as_of": "2026-11-26"}, "communes", iter(rows), at_once))
        assert b"".join(pieces) == (whole + "\n").encode("utf-8")
        assert len(pieces) >= 7 // at_once  # a few items a piece, never the whole file at once
        in_pieces = b"".join(csv_in_pieces(fields, iter(rows), at_once)).decode("utf-8")
        assert in_pieces == b"".join(csv_in_pieces(fields, iter(rows), len(rows) + 1)).decode("utf-8")
    assert in_pieces.splitlines()[:2] == ["slug,name,n,ok", "c0,'=Commune 0,0,true"]
    empty = json.dumps({"type": "FeatureCollection", "features": []}, separators=(",", ":")) + "\n"
    assert b"".join(json_in_pieces({"type": "FeatureCollection"}, "features", iter([]))) == empty.encode()


def test_numbers_are_written_as_babel_writes_them():
    from babel.numbers import format_decimal

    values = [0, 7, 1234, 12345.5, 9_000_000, -42, 0.125, 655.957, 1e9, 2.5]
    for lang, locale in load_locales(ROOT / "locale", ["fr", "en"]).items():
        for value in values:
            assert locale.number(value) == format_decimal(value, locale=locale.format_locale), (lang, value)
    assert load_locales(ROOT / "locale", ["fr"])["fr"].number(1234) == "1\u202f234"
