"""Load stage: YAML keeps positions, syntax and encoding mistakes become located problems."""

from pathlib import Path

import pytest

from vitrine.loader import parse_yaml, read_markdown

from .conftest import problems_of


def parse(text: str):
    problems = []
    return parse_yaml(text, Path("x.yaml"), problems), problems


def test_positions_of_values_and_keys_are_one_based():
    doc, problems = parse("name: Alpha\nfigures:\n  - value: 12\n    year: 2022\n")
    assert problems == []
    assert doc.position(("name",)) == (1, 7)
    assert doc.position(("figures", 0, "year")) == (4, 11)
    assert doc.position(("figures", 0, "year"), of_key=True) == (4, 5)


def test_unknown_position_falls_back_to_nearest_parent():
    doc, _ = parse("contact:\n  email: null\n")
    assert doc.position(("contact", "phone")) == (2, 3)


def test_dates_stay_text_so_the_schema_checks_them():
    doc, _ = parse('updated: 2026-03-02\nquoted: "2026-03-02"\n')
    assert doc.data == {"updated": "2026-03-02", "quoted": "2026-03-02"}


def test_tab_indentation_is_reported_on_its_line():
    _, problems = parse("steps:\n\ttraining: done\n")
    assert [(p.line, p.col) for p in problems] == [(2, 1)]
    assert "indent with spaces" in problems[0].message


def test_duplicate_key_is_reported():
    _, problems = parse("name: A\nname: B\n")
    assert [(p.line, p.message) for p in problems] == [(2, "key 'name' is written twice: keep one")]


def test_front_matter_lines_count_from_top_of_file(tmp_path):
    path = tmp_path / "2026-01-01-x.fr.md"
    path.write_text('---\ntitle: X\ndate: "2026-01-01"\n---\nBody line\n', encoding="utf-8")
    problems = []
    doc = read_markdown(path, "fr", "x", problems)
    assert problems == []
    assert doc.front.position(("date",)) == (3, 7)
    assert doc.body_line == 5 and doc.body == "Body line\n"


def test_front_matter_syntax_error_reports_file_line(tmp_path):
    path = tmp_path / "p.fr.md"
    path.write_text("---\ntitle: X\nsummary: 'open\n---\nBody\n", encoding="utf-8")
    problems = []
    assert read_markdown(path, "fr", "p", problems) is None
    assert problems[0].line == 3


def test_empty_file_and_missing_required_file(minimal_content):
    (minimal_content / "communes" / "alpha" / "en.md").write_text("  \n", encoding="utf-8")
    (minimal_content / "site.yaml").unlink()
    problems = problems_of(minimal_content)
    messages = sorted(p.message for p in problems)
    assert messages == ["file is empty: fill it in or delete it", "missing file: create site.yaml"]


def test_badly_named_news_file_is_reported(minimal_content):
    (minimal_content / "news" / "lancement.fr.md").write_text("x", encoding="utf-8")
    problems = [p for p in problems_of(minimal_content) if p.path.endswith("lancement.fr.md")]
    assert [p.message for p in problems] == ["unexpected file name: use the form YYYY-MM-DD-name.fr.md"]


def test_short_texts_repeated_across_files_are_kept_once():
    """Thousands of communes repeat the same keys, languages and states: the model holds each once."""
    text = "currency: XOF\nname:\n  fr: " + "Un long texte propre à une commune, qui ne se répète pas." + "\n"
    (first, _), (second, _) = parse(text), parse(text)
    assert first.data["currency"] is second.data["currency"]
    assert next(iter(first.data["name"])) is next(iter(second.data["name"]))  # a key: "fr"
    assert first.data["name"]["fr"] == second.data["name"]["fr"]
    assert first.data["name"]["fr"] is not second.data["name"]["fr"]  # long texts are not looked up


PROGRESS = """updated: "2026-11-20"
steps:
  training:
    status: done
    date: "2026-11-20"
    note:
      fr: Les cinq modules
      en: The five modules
assets:
  - text:
      fr: Un marché
      en: A market
    level: commune
    source: https://example.org/a
  - text:
      fr: Une forêt
      en: A forest
    level: commune
contact:
  email: a@example.org
  phone: "+999 90 12 34 56"
  address: Rue 1
figures:
  - kind: population
    value: 48215
    note:
      fr: Une longue phrase
        qui continue ici
      en: A long sentence
cantons:
  value:
    - {name: A, population: 1}
    - {name: B, population: 2}
  year: 2022
photos: []
"""

INDENT = "check the indentation: this line"
# mistake: (line, its new text, words of the message, spaces it should start with); reported on `line`
SLIPS = {
    "first key of a block too far left": (4, "   status: done", INDENT, 4),
    "first key of a block too far right": (4, "     status: done", INDENT, 4),
    "second key too far left": (5, '   date: "2026-11-20"', INDENT, 4),
    "a key of a step pulled to its parent's level": (5, '  date: "2026-11-20"', INDENT, 4),
    "language line too far left": (7, "     fr: Les cinq modules", INDENT, 6),
    "first language line too far right": (7, "       fr: Les cinq modules", INDENT, 6),
    "key among a list's dashes": (13, "  level: commune", INDENT, 4),
    "list item's second key one space in": (25, "   value: 48215", INDENT, 4),
    "a key pulled out to the left margin": (20, "email: a@example.org", INDENT, 2),
    "a key after a list, one space in": (34, "   year: 2022", INDENT, 2),
    "second key too far right: a field, or text going on?": (
        5,
        '     date: "2026-11-20"',
        "put that whole",
        4,
    ),
    "a text going on with a colon in it": (28, "        qui continue : ici", "must be put in quotes", None),
    "a text going on at its key's level": (28, "      qui continue ici", "this line has no ':'", None),
    "no space after the colon": (4, "    status:done", "put a space after the ':' of 'status'", None),
    "no space after a language": (11, "      fr:Un marché", "put a space after the ':' of 'fr'", None),
    "no space after a list dash's key": (
        24,
        "  - kind:population",
        "put a space after the ':' of 'kind'",
        None,
    ),
    "no space after the dash": (24, "  -kind: population", "put a space after the '-'", None),
    "a field without its colon": (13, "    level commune", "this line has no ':'", None),
    "a block's first field without its colon": (4, "    status done", "this line has no ':'", None),
    "a key opening a block without its colon": (6, "    note", "this line has no ':'", None),
}


@pytest.mark.parametrize("mistake", SLIPS)
def test_a_yaml_slip_is_reported_on_its_line_with_what_to_do(mistake):
    """Staff's usual slips: the parser stumbles a line later with words about quotes; the message names the
    line that is wrong and what to do, and for a shifted one how far it should start."""
    number, text, words, spaces = SLIPS[mistake]
    lines = PROGRESS.splitlines()
    lines[number - 1] = text
    _, problems = parse("\n".join(lines) + "\n")
    assert [p.line for p in problems] == [number], [p.message for p in problems]
    assert words in problems[0].message
    if spaces is not None:
        assert f"{spaces} spaces" in problems[0].message


def test_the_slips_fixture_is_valid_as_it_is():
    assert parse(PROGRESS)[1] == []
