"""What a prospective partner needs: amounts in both currencies at the parity set in site.yaml, e-mails
written in advance, share cards in the page's language, and elided words the search index can split."""

from __future__ import annotations

import re

import pytest
import yaml
from PIL import Image

from vitrine import pipeline
from vitrine.i18n import load_locales
from vitrine.model.types import Money, Parity, Source
from vitrine.partner import converted, mailto, rounded, split_elisions
from vitrine.share import share_cards

from .conftest import AS_OF, REAL, ROOT, model_of

DEMO = ROOT / "examples" / "demo"
PARITY = Parity("EUR", "XOF", 655.957, Source("BCEAO", None, "BCEAO"))


def test_amounts_convert_both_ways_rounded_to_three_significant_digits():
    assert converted(Money(12_500_000, "XOF"), PARITY) == Money(19_100, "EUR")
    assert converted(Money(9_000, "EUR"), PARITY) == Money(5_900_000, "XOF")
    assert converted(Money(100, "USD"), PARITY) is None
    assert converted(Money(100, "EUR"), None) is None
    assert rounded(42) == 42 and rounded(0) == 0 and rounded(1234.5) == 1230


def test_mailto_lists_each_address_once_and_encodes_subject_and_body():
    href = mailto(["team@example.org", None, "team@example.org", "town@example.org"], "À propos & co", "a\nb")
    assert href == ("mailto:team@example.org,town@example.org?subject=%C3%80%20propos%20%26%20co&body=a%0Ab")
    assert mailto([None, ""], "s", "b") is None


def test_elided_words_are_set_apart_in_text_only():
    html = '<p title="l’eau">Accès à l’eau, point d\'eau, aujourd’hui, qu’il, L’École</p>'
    assert split_elisions(html) == (
        '<p title="l’eau">Accès à l’ eau, point d\' eau, aujourd’hui, qu’ il, L’ École</p>'
    )


def build_demo(content, tmp_path):
    output = tmp_path / "site"
    pipeline.build(content, output, AS_OF, pipeline.Settings(search=False, cache=tmp_path / "cache"))
    return output


def test_budgets_show_the_other_currency_at_the_parity_set_in_site_yaml(demo_copy, tmp_path):
    settings = yaml.safe_load((demo_copy / "site.yaml").read_text(encoding="utf-8"))
    settings["currency_parity"]["rate"] = 1000  # a parity of the content, not of the code
    (demo_copy / "site.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    site = build_demo(demo_copy, tmp_path)
    for slug in sorted(p.name for p in (demo_copy / "communes").iterdir()):
        profile = yaml.safe_load((demo_copy / "communes" / slug / "profile.yaml").read_text(encoding="utf-8"))
        html = (site / "en" / "communes" / slug / "index.html").read_text(encoding="utf-8")
        for project in profile["projects"]:
            budget = project.get("budget")
            if not budget:
                continue
            amount = budget["amount"] / 1000 if budget["currency"] == "XOF" else budget["amount"] * 1000
            other = "EUR" if budget["currency"] == "XOF" else "XOF"
            shown = (
                f"{budget['amount']:,}\u00a0{budget['currency']} (≈\u00a0{rounded(amount):,}\u00a0{other})"
            )
            assert shown in html, (slug, shown)
        if any(p.get("budget") for p in profile["projects"]):
            assert "1 EUR = 1,000 XOF" in html


def og_image(html: str) -> str:
    return re.search(r'<meta property="og:image" content="https://demo\.example\.org/([^"]+)">', html).group(
        1
    )


def test_english_pages_share_english_cards_with_the_communes_photo(demo_site):
    languages = yaml.safe_load((DEMO / "site.yaml").read_text(encoding="utf-8"))["languages"]
    other = languages[1]
    for folder in sorted((DEMO / "communes").iterdir()):
        profile = yaml.safe_load((folder / "profile.yaml").read_text(encoding="utf-8"))
        default_html = (demo_site / "communes" / folder.name / "index.html").read_text(encoding="utf-8")
        other_html = (demo_site / other / "communes" / folder.name / "index.html").read_text(encoding="utf-8")
        default_card, other_card = og_image(default_html), og_image(other_html)
        assert other_card == f"{other}/share/{folder.name}.jpg" and default_card == f"share/{folder.name}.jpg"
        assert (demo_site / other_card).read_bytes() != (demo_site / default_card).read_bytes()
        with Image.open(demo_site / other_card) as card:
            right = card.convert("L").crop((800, 100, 1180, 480))
            colours = len(right.getcolors(maxcolors=256 * 256) or ())
        # The right side is blank paper without a photo, a photo's many tones with one.
        assert (colours > 50) == bool(profile["photos"]), (folder.name, colours)
    home = (demo_site / other / "index.html").read_text(encoding="utf-8")
    assert og_image(home) == f"{other}/share/home.jpg"


def test_each_languages_cards_speak_that_language():
    model = model_of(DEMO)
    locales = load_locales(ROOT / "locale", list(model.site.languages))
    cards = {card.file: card for card in share_cards(model, locales, DEMO)}
    default = model.site.default_language
    for lang in model.site.languages:
        prefix = "" if lang == default else f"{lang}/"
        for commune in model.communes:
            card = cards[f"{prefix}share/{commune.slug}.jpg"]
            assert card.lines == tuple(theme.label[lang] for theme in commune.themes[:3])
            assert commune.region.label[lang] in card.subtitle and card.footer == model.site.title[lang]
            assert bool(card.photo) == bool(commune.photos)
        assert cards[f"{prefix}share/home.jpg"].subtitle == model.site.tagline[lang]


@pytest.mark.parametrize(("which", "content"), [("demo_site", DEMO), ("real_site", REAL)])
def test_become_a_partner_page_walks_the_ladder_and_is_linked_from_the_finder(request, which, content):
    site = request.getfixturevalue(which)
    programme = yaml.safe_load((content / "programme.yaml").read_text(encoding="utf-8"))
    for finder, path in (("", "partenaires/devenir-partenaire/"), ("en/", "en/partners/become-a-partner/")):
        html = (site / path / "index.html").read_text(encoding="utf-8")
        steps = re.search(r"<ol>(.*?)</ol>", html, re.S).group(1)
        assert steps.count("<li>") == len(programme["milestones"]), path
        partners = "partenaires/" if not finder else "en/partners/"
        assert f'href="/{path}"' in (site / partners / "index.html").read_text(encoding="utf-8")


def test_roles_and_addresses_written_per_language_are_shown_in_the_pages_language(demo_site):
    settings = yaml.safe_load((DEMO / "site.yaml").read_text(encoding="utf-8"))
    default, other = settings["languages"][:2]
    shown = 0
    for folder in sorted((DEMO / "communes").iterdir()):
        contact = yaml.safe_load((folder / "profile.yaml").read_text(encoding="utf-8"))["contact"]
        texts = [contact["person"], contact["address"], settings["contact"]["address"]]
        for lang, prefix in ((default, ""), (other, f"{other}/")):
            html = (demo_site / prefix / "communes" / folder.name / "index.html").read_text(encoding="utf-8")
            for text in (t for t in texts if isinstance(t, dict)):
                assert text[lang] in html, (folder.name, lang, text[lang])
                assert text[default if lang == other else other] not in html, (folder.name, lang)
                shown += 1
    assert shown  # the demo writes some per language


def test_partner_pages_sit_under_partners_in_the_menu(demo_site):
    for page, section in (
        ("partenaires/comparer/", "/partenaires/"),
        ("partenaires/devenir-partenaire/", "/partenaires/"),
        ("en/partners/compare/", "/en/partners/"),
        ("en/partners/become-a-partner/", "/en/partners/"),
        ("a-propos/", "/a-propos/"),
    ):
        html = (demo_site / page / "index.html").read_text(encoding="utf-8")
        assert re.findall(r'<a href="([^"]+)" aria-current="page">', html) == [section], page


def test_a_card_is_drawn_again_when_its_photo_changes(tmp_path):
    from vitrine.incremental.cards import ShareImages
    from vitrine.incremental.memo import Memo
    from vitrine.incremental.store import DiskCache
    from vitrine.share import ShareCard

    stored = Memo(None, DiskCache(tmp_path / "cache"), "share")

    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (64, 64), "#336699").save(photo)
    card = ShareCard("share/a.jpg", "Alpha", "Nord", (), "Test", str(photo), "photo.jpg:1:1")
    first = dict(ShareImages([card], stored).rest())["share/a.jpg"]
    Image.new("RGB", (64, 64), "#993366").save(photo)
    changed = ShareCard("share/a.jpg", "Alpha", "Nord", (), "Test", str(photo), "photo.jpg:1:2")
    assert dict(ShareImages([changed], stored).rest())["share/a.jpg"] != first


def row_of(html: str, slug: str) -> str:
    """The finder table's row of one commune."""
    return re.search(rf'<tr data-themes[^>]*>\s*<td><input[^>]*value="{slug}".*?</tr>', html, re.S).group(0)


def test_what_a_commune_has_not_reported_shows_as_a_dash_not_as_zero(demo_copy, tmp_path):
    """Nothing reported is never shown as zero: a commune without any progress report and without listed
    projects shows "—" in the finder's table and says so side by side; reported zeros stay zeros."""
    profile_path = demo_copy / "communes" / "montbrise" / "profile.yaml"
    profile = yaml.safe_load(profile_path.read_text(encoding="utf-8"))
    profile["projects"] = []
    profile_path.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    site = build_demo(demo_copy, tmp_path)
    finder = (site / "en" / "partners" / "index.html").read_text(encoding="utf-8")
    silent = re.findall(r"<td[^>]*>([^<]*)</td>", row_of(finder, "montbrise"))
    assert silent[-3:-1] == ["—", "—"] and "0/6" not in row_of(finder, "montbrise")
    assert "0/6" in row_of(finder, "vallon-sur-lys")  # its steps are reported, as planned: zero is true
    compare = (site / "en" / "partners" / "compare" / "index.html").read_text(encoding="utf-8")
    assert '<td data-commune="montbrise">no step reported yet</td>' in compare
    assert '<td data-commune="montbrise">not stated yet</td>' in compare
    progress = (site / "en" / "progress" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="/en/communes/montbrise/".*?<td data-value="0">—</td>', progress, re.S)


def test_a_commune_that_reported_trainings_but_no_step_has_no_steps_count(demo_copy, tmp_path):
    """Trainings are a report, but not of the steps: the steps reached stay unknown, not 0/6."""
    path = demo_copy / "communes" / "kerval-1" / "progress.yaml"
    progress = yaml.safe_load(path.read_text(encoding="utf-8"))
    progress["steps"] = {}
    path.write_text(yaml.safe_dump(progress, allow_unicode=True), encoding="utf-8")
    site = build_demo(demo_copy, tmp_path)
    assert progress["trainings"]
    finder = (site / "en" / "partners" / "index.html").read_text(encoding="utf-8")
    assert "0/6" not in row_of(finder, "kerval-1")
    compare = (site / "en" / "partners" / "compare" / "index.html").read_text(encoding="utf-8")
    assert '<td data-commune="kerval-1">no step reported yet</td>' in compare


def test_without_any_theme_stated_the_finder_offers_no_theme_to_choose(demo_copy, tmp_path):
    """Fourteen themes each counted "(0)" would read as "nobody seeks this": while no commune has stated its
    themes, the finder leaves the theme out and says the communes are defining them."""
    site = build_demo(demo_copy, tmp_path / "with")
    assert 'name="theme"' in (site / "en" / "partners" / "index.html").read_text(encoding="utf-8")
    for folder in (demo_copy / "communes").iterdir():
        path = folder / "profile.yaml"
        profile = yaml.safe_load(path.read_text(encoding="utf-8"))
        profile["themes_sought"] = []
        path.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    html = (build_demo(demo_copy, tmp_path / "without") / "en" / "partners" / "index.html").read_text("utf-8")
    assert 'name="theme"' not in html and "(0)" not in html
    assert "still defining the themes" in html


def test_the_ask_note_names_the_commune_only_when_the_e_mail_goes_to_it_too(demo_copy, tmp_path):
    path = demo_copy / "communes" / "montbrise" / "profile.yaml"
    profile = yaml.safe_load(path.read_text(encoding="utf-8"))
    profile["contact"]["email"] = None
    path.write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    site = build_demo(demo_copy, tmp_path)
    to_both = (site / "en" / "communes" / "kerval-1" / "index.html").read_text(encoding="utf-8")
    assert "(an e-mail to the programme team and the commune, drafted for you)" in to_both
    to_team = (site / "en" / "communes" / "montbrise" / "index.html").read_text(encoding="utf-8")
    assert "(an e-mail to the programme team, drafted for you)" in to_team
    assert "and the commune, drafted" not in to_team
    settings = yaml.safe_load((demo_copy / "site.yaml").read_text(encoding="utf-8"))
    settings["contact"]["email"] = None  # no programme address yet, as on the real site today
    (demo_copy / "site.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    site = build_demo(demo_copy, tmp_path / "without-team")
    to_commune = (site / "en" / "communes" / "kerval-1" / "index.html").read_text(encoding="utf-8")
    assert "(an e-mail to the commune, drafted for you)" in to_commune
