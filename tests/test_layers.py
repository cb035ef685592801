"""Each layer keeps to its job: templates only display (no arithmetic, counting, parsing or copied data),
and no language is written in the code or the templates: a language is content (site.yaml), and what the
code needs to know of it (its name, locale, typography) its catalog says."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pytest
from jinja2 import Environment, nodes

from vitrine.helpers import PageHelpers
from vitrine.i18n import load_locales
from vitrine.incremental.markdown import MarkdownRenderer
from vitrine.incremental.memo import Memo
from vitrine.loader import open_content, read_markdown
from vitrine.model.types import POPULATION_BANDS, Article
from vitrine.paths import SiteMap
from vitrine.problems import untranslated
from vitrine.render import make_environment
from vitrine.scaffold import new_commune

from .conftest import AS_OF, MINIMAL, ROOT, model_of, problems_of

# The languages the generator has catalogs for: as codes, as locales (fr_FR, en-GB) and in file names
# (fr.md, 2026-03-02-news.en.md), none may be written in code or templates.
CODES = "|".join(sorted(path.name for path in (ROOT / "locale").iterdir() if path.is_dir()))
A_LANGUAGE = re.compile(rf"(?:{CODES})|[a-z]{{2,3}}[_-][A-Z]{{2}}|(?:.+\.)?(?:{CODES})\.md")
A_LANGUAGE_IN_HTML = re.compile(rf"""(?:lang|hreflang)=["'](?:{CODES})["']""")
PYTHON = [*sorted((ROOT / "vitrine").rglob("*.py")), ROOT / "build.py"]
ENVIRONMENT = make_environment(ROOT / "templates")
TEMPLATES = sorted(ENVIRONMENT.list_templates())

ARITHMETIC = (nodes.Add, nodes.Sub, nodes.Mul, nodes.Div, nodes.FloorDiv, nodes.Mod, nodes.Pow, nodes.Neg)
DISPLAY_FILTERS = {"safe", "e", "escape"}  # |length, |sum, |replace, |map… compute
COMPUTING_FUNCTIONS = {"range", "dict", "namespace"}
COMPUTING_METHODS = {"startswith", "endswith", "replace", "split", "rsplit", "join", "strip", "format", "get"}
# A table written as a chain of {% if x == "a" %}…{% elif x == "b" %}: past this many ids, it is data.
MOST_IDS_COMPARED = 4
# The population bands' ids, which the partner finder's template once copied with their labels.
BAND_IDS = {band.id for band in POPULATION_BANDS}


def languages_in_python(path: Path) -> list[str]:
    """The string literals of a module that name a language, as file:line: literal."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.name}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and A_LANGUAGE.fullmatch(node.value)
    ]


def parsed(name: str, environment: Environment) -> nodes.Template:
    return environment.parse(environment.loader.get_source(environment, name)[0])


def languages_in_template(name: str, environment: Environment = ENVIRONMENT) -> list[str]:
    """The literals of a template's expressions, and its HTML's lang attributes, that name a language."""
    tree = parsed(name, environment)
    found = [
        f"{name}:{node.lineno}: {node.value!r}"
        for node in tree.find_all(nodes.Const)
        if isinstance(node.value, str) and A_LANGUAGE.fullmatch(node.value)
    ]
    for data in tree.find_all(nodes.TemplateData):
        found += [f"{name}: {match.group()}" for match in A_LANGUAGE_IN_HTML.finditer(data.data)]
    return found


def computations_in_template(name: str, environment: Environment = ENVIRONMENT) -> list[str]:
    """What a template computes instead of displaying, as template:line: what."""
    tree = parsed(name, environment)
    found = [(node, type(node).__name__) for node in tree.find_all(ARITHMETIC)]
    found += [
        (node, f"|{node.name}") for node in tree.find_all(nodes.Filter) if node.name not in DISPLAY_FILTERS
    ]
    for call in tree.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name in COMPUTING_FUNCTIONS:
            found.append((call, f"{call.node.name}()"))
        if isinstance(call.node, nodes.Getattr) and call.node.attr in COMPUTING_METHODS:
            found.append((call, f".{call.node.attr}()"))
    found += [(node, "a slice") for node in tree.find_all(nodes.Slice)]
    found += [(node, "data written in the template") for node in tree.find_all((nodes.List, nodes.Dict))]
    found += [
        (node, "a tuple written in the template") for node in tree.find_all(nodes.Tuple) if node.ctx == "load"
    ]
    found += [(loop, "a filtered loop") for loop in tree.find_all(nodes.For) if loop.test is not None]
    elifs = {id(branch) for chain in tree.find_all(nodes.If) for branch in chain.elif_}
    for chain in (node for node in tree.find_all(nodes.If) if id(node) not in elifs):
        compared: dict[str, set] = {}
        for test in [chain.test, *(branch.test for branch in chain.elif_)]:
            if isinstance(test, nodes.Compare) and isinstance(test.expr, nodes.Name):
                ids = {operand.expr.value for operand in test.ops if isinstance(operand.expr, nodes.Const)}
                compared.setdefault(test.expr.name, set()).update(ids)
        found += [
            (chain, f"a table of {name!r}") for name, ids in compared.items() if len(ids) > MOST_IDS_COMPARED
        ]
    for data in tree.find_all(nodes.TemplateData):
        found += [(data, f"the band {id_!r}") for id_ in sorted(BAND_IDS) if f'"{id_}"' in data.data]
    return [f"{name}:{node.lineno}: {what}" for node, what in found]


@pytest.mark.parametrize("path", PYTHON, ids=lambda path: path.name)
def test_no_language_is_written_in_the_code(path):
    assert languages_in_python(path) == []


@pytest.mark.parametrize("name", TEMPLATES)
def test_no_language_is_written_in_the_templates(name):
    assert languages_in_template(name) == []


@pytest.mark.parametrize("name", TEMPLATES)
def test_templates_only_display(name):
    assert computations_in_template(name) == []


def test_the_scans_see_what_they_look_for(tmp_path):
    """The scans above find what the old code had (so an empty list means something)."""
    module = tmp_path / "i18n.py"
    module.write_text(
        'LOCALES = {"fr": "fr_FR"}\ntypeset = lang == "en"\nname = "x.fr.md"\n', encoding="utf-8"
    )
    assert sorted(line.split(": ", 1)[1] for line in languages_in_python(module)) == [
        "'en'",
        "'fr'",
        "'fr_FR'",
        "'x.fr.md'",
    ]
    (tmp_path / "t.html").write_text(
        "<html lang=\"fr\">{{ 'fr_FR' if lang == 'fr' else 'en_GB' }}{% for n in range(a|length + 1) %}"
        "{{ x[1:] }}{{ f.startswith('text_') }}{% endfor %}{% for a in b if a %}{{ a }}{% endfor %}"
        '<option value="under_50k">{% set m = [(1, 2)] %}'
        '{% if f == "a" %}A{% elif f == "b" %}B{% elif f == "c" %}C{% elif f == "d" %}D{% elif f == "e" %}E'
        "{% endif %}",
        encoding="utf-8",
    )
    environment = make_environment(tmp_path)
    assert len(languages_in_template("t.html", environment)) == 4
    assert {line.split(": ", 1)[1] for line in computations_in_template("t.html", environment)} == {
        "Add",
        "|length",
        "range()",
        "a slice",
        ".startswith()",
        "a filtered loop",
        "data written in the template",
        "a tuple written in the template",
        "the band 'under_50k'",
        "a table of 'f'",
    }


def catalog(lang: str, facts: dict[str, str], folders: dict[str, str] | None = None) -> str:
    """A .po catalog that says only a language's facts (and the folders of its site's sections)."""
    entries = "".join(f'msgid "{msgid}"\nmsgstr "{msgstr}"\n\n' for msgid, msgstr in facts.items())
    entries += "".join(
        f'msgctxt "path"\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n\n' for msgid, msgstr in (folders or {}).items()
    )
    header = f'msgid ""\nmsgstr ""\n"Language: {lang}\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
    return header + entries


def test_a_language_is_what_its_catalog_says(tmp_path):
    """A language the code has never heard of, from its catalog alone; and what one without says."""
    facts = {
        "language: its own name, as the language menu shows it": "Português",
        "language: its CLDR locale, for dates and numbers, such as en_GB": "pt_PT",
        "language: its typography, 'french' for French spacing": "french",
        "language: CLDR pattern of a long date on a month's first day, if not the usual": "'dia' d 'de' MMMM",
    }
    folders = {"news/": "noticias/", "partners/compare/": "parceiros/comparar/"}
    (tmp_path / "pt" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "pt" / "LC_MESSAGES" / "messages.po").write_text(catalog("pt", facts, folders), "utf-8")
    locales = load_locales(tmp_path, ["pt", "de"])
    portuguese, german = locales.values()
    site_map = SiteMap.of(locales)  # Portuguese the default language, at the root; German under /de/
    assert site_map.news("festa", "pt") == "noticias/festa/"
    assert site_map.section("compare", "pt") == "parceiros/comparar/"
    assert site_map.section("progress", "de") == "de/progress/"  # untranslated: the English folder
    assert portuguese.name == "Português"
    assert portuguese.date(date(2026, 3, 2)) == "2 de março de 2026"
    assert portuguese.date(date(2026, 3, 1)) == "dia 1 de março"
    assert portuguese.percent(0.834) == "83%"
    assert portuguese.typography("Olá !") == "Olá\u202f!"
    assert portuguese.language_name("fr") == "francês"
    assert (german.name, german.format_locale, german.typography_style) == ("Deutsch", "de", "")
    assert german.date(date(2026, 3, 1)) == "1. März 2026"
    assert german.percent(0.834) == "83\u00a0%"


def test_texts_are_typeset_as_their_catalog_says(minimal_content, tmp_path):
    path = tmp_path / "fr.md"
    path.write_text("Contact : « oui » !\n", encoding="utf-8")
    doc = read_markdown(path, "fr", "alpha", [])
    with MarkdownRenderer(Memo()) as renderer:
        [french] = renderer.start([doc], "/", {"fr": "french"})()
        [plain] = renderer.start([doc], "/", {"fr": ""})()
    assert str(french) == "<p>Contact\u00a0: «\u00a0oui\u00a0»\u202f!</p>"
    assert str(plain) == "<p>Contact : « oui » !</p>"
    news = minimal_content / "news" / "2026-01-01-lancement.fr.md"
    text = news.read_text(encoding="utf-8")
    news.write_text(text.replace("title: Lancement", "title: 'Lancement : Alpha'"), encoding="utf-8")
    titles = [
        model_of(minimal_content, locale=folder).news[0].versions["fr"].title
        for folder in (ROOT / "locale", tmp_path / "no catalogs")
    ]
    assert titles == ["Lancement\u00a0: Alpha", "Lancement : Alpha"]


def test_a_text_shown_in_another_language_says_which_ones():
    model = model_of(MINIMAL)
    locales = load_locales(ROOT / "locale", ["fr", "en"])
    h = PageHelpers(model, locales["en"], "style.css", None)
    article = Article("fr", "Lancement", "Le programme est lancé.", "<p></p>")
    assert (
        h.untranslated_notice(article) == "This text is not yet available in English; here it is in French."
    )


def test_a_text_missing_in_a_language_is_named_after_its_file(minimal_content):
    news = minimal_content / "news" / "2026-01-01-lancement.fr.md"
    news.rename(news.with_name("2026-01-01-fraternite.fr.md"))
    problems = problems_of(minimal_content)
    missing = [Path(p.path).name for p in problems if p.warning and "text yet" in p.message]
    assert missing == ["2026-01-01-fraternite.en.md"]


def test_file_names_follow_the_default_language(minimal_content):
    site = minimal_content / "site.yaml"
    text = site.read_text(encoding="utf-8")
    site.write_text(text.replace("languages: [fr, en]", "languages: [en, fr]"), encoding="utf-8")
    (minimal_content / "news" / "launch.md").write_text("Launched.\n", encoding="utf-8")
    _, _, problems = open_content(minimal_content)
    assert [p.message for p in problems] == ["unexpected file name: use the form YYYY-MM-DD-name.en.md"]
    code, message = new_commune(minimal_content, "Bêta", "Kéran", "sud", AS_OF)
    assert code == 0 and "progress.yaml and en.md, then run" in message.render(untranslated, None)
    assert sorted(path.name for path in (minimal_content / "communes" / "beta").glob("*.md")) == ["en.md"]
