"""The render cache and the live preview's incremental rebuilds: only what changed is redone, never stale."""

from __future__ import annotations

import dataclasses
import re
import shutil

import pytest

import vitrine.incremental.layer
import vitrine.incremental.store
import vitrine.model.commune
from vitrine import pipeline
from vitrine.incremental.memo import Memo
from vitrine.model.texts import pitch_versions
from vitrine.model.types import Html

from .conftest import AS_OF, files_of


def test_preview_rebuild_redoes_only_what_the_edit_touches(demo_copy, tmp_path):
    output, state = tmp_path / "site", pipeline.PreviewState()
    settings = pipeline.Settings(search=False, cache=tmp_path / "cache", preview=True)
    pipeline.build(demo_copy, output, AS_OF, settings, state)
    before = files_of(output)
    pitch = demo_copy / "communes" / "hautecombe" / "fr.md"
    pitch.write_text(
        pitch.read_text(encoding="utf-8") + "\nUne phrase ajoutée pendant l’aperçu.\n", encoding="utf-8"
    )
    timer = pipeline.build(demo_copy, output, AS_OF, settings, state)
    after = files_of(output)
    changed = sorted(path for path in after if after[path] != before.get(path))
    assert "communes/hautecombe/index.html" in changed
    assert "Une phrase ajoutée pendant l’aperçu." in after["communes/hautecombe/index.html"].decode()
    assert all(
        not path.startswith("communes/") or path.startswith("communes/hautecombe/") for path in changed
    )
    assert timer.count == len(changed)  # only changed files were written
    single_item_pages = [
        p
        for p in after
        if p.endswith("index.html")
        and p.count("/") >= 2
        and p.split("/")[-3] in ("communes", "actualites", "news")
    ] + sorted((demo_copy / "pages").glob("*.md"))  # each page of content/pages/, in each language
    assert timer.rendering.reused == len(single_item_pages) - 2  # all but the edited commune's two pages


def test_the_preview_keeps_only_what_the_last_rebuild_used(demo_copy, tmp_path):
    output, state = tmp_path / "site", pipeline.PreviewState()
    settings = pipeline.Settings(search=False, cache=tmp_path / "cache", preview=True)
    pipeline.build(demo_copy, output, AS_OF, settings, state)
    files, communes = len(state.files), len(state.communes)
    pitch = demo_copy / "communes" / "hautecombe" / "fr.md"
    pitch.write_text(pitch.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8")
    pipeline.build(demo_copy, output, AS_OF, settings, state)
    read = [p for p in demo_copy.rglob("*.*") if p.suffix in (".md", ".yaml") and p.name != "README.md"]
    assert files == len(read)  # every content file (the folder's README is for staff, not read)
    assert (len(state.files), len(state.communes)) == (files, communes)
    assert [key[0] for key in state.files].count(pitch) == 1  # the edited file's old reading is gone


def test_renaming_a_commune_updates_the_pages_that_list_it(demo_copy, tmp_path):
    output, state = tmp_path / "site", pipeline.PreviewState()
    settings = pipeline.Settings(search=False, cache=tmp_path / "cache", preview=True)
    pipeline.build(demo_copy, output, AS_OF, settings, state)
    profile = demo_copy / "communes" / "montbrise" / "profile.yaml"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace("name: Montbrisé", "name: Montbrisé-les-Bains"),
        encoding="utf-8",
    )
    pipeline.build(demo_copy, output, AS_OF, settings, state)
    for page in (
        "communes/index.html",
        "partenaires/index.html",
        "progression/index.html",
        "index.html",
        "communes/montbrise/index.html",
        "en/communes/montbrise/index.html",
    ):
        assert "Montbrisé-les-Bains" in (output / page).read_text(encoding="utf-8"), page
    assert "Montbrisé-les-Bains" in (output / "data" / "communes.csv").read_text(encoding="utf-8")


def test_a_fixed_mistake_builds_again_in_the_preview(demo_copy, tmp_path):
    output, state = tmp_path / "site", pipeline.PreviewState()
    settings = pipeline.Settings(search=False, cache=tmp_path / "cache", preview=True)
    pipeline.build(demo_copy, output, AS_OF, settings, state)
    progress = demo_copy / "communes" / "kerval-1" / "progress.yaml"
    good = progress.read_text(encoding="utf-8")
    progress.write_text(good.replace("updated:", "updated: [", 1), encoding="utf-8")
    with pytest.raises(pipeline.ContentError):
        pipeline.build(demo_copy, output, AS_OF, settings, state)
    progress.write_text(good, encoding="utf-8")
    pipeline.build(demo_copy, output, AS_OF, settings, state)
    assert (output / "communes" / "kerval-1" / "index.html").is_file()


@pytest.mark.parametrize("change", ["template", "settings", "version", "as_of"])
def test_cache_is_invalidated_by_what_pages_depend_on(change, demo_copy, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    pipeline.build(demo_copy, tmp_path / "a", AS_OF, pipeline.Settings(search=False, cache=cache))
    again = pipeline.build(demo_copy, tmp_path / "b", AS_OF, pipeline.Settings(search=False, cache=cache))
    assert again.rendering.reused > 0 and again.rendering.rendered < again.pages
    settings, as_of = pipeline.Settings(search=False, cache=cache), AS_OF
    marker = None
    if change == "template":
        templates = tmp_path / "templates"
        shutil.copytree(pipeline.Settings().templates, templates)
        marker = "<!-- changed template -->"
        page = templates / "commune.html"
        page.write_text(
            page.read_text(encoding="utf-8").replace("{% block content %}", "{% block content %}" + marker),
            encoding="utf-8",
        )
        settings = pipeline.Settings(search=False, cache=cache, templates=templates)
    elif change == "settings":
        settings = pipeline.Settings(base_url="https://other.example.org/vitrine/", search=False, cache=cache)
        marker = "https://other.example.org/vitrine/communes/kerval-1/"
    elif change == "version":
        monkeypatch.setattr(vitrine.incremental.store, "__version__", "99.0.0")
    else:
        as_of = AS_OF.replace(day=27)
        marker = "27 novembre 2026"
    timer = pipeline.build(demo_copy, tmp_path / "c", as_of, settings)
    assert timer.rendering.reused == 0  # nothing served from a cache made for other inputs
    if marker:
        assert marker in (tmp_path / "c" / "communes" / "kerval-1" / "index.html").read_text(encoding="utf-8")


def test_a_build_with_nothing_changed_leaves_the_output_as_it_is(demo_copy, tmp_path):
    output, settings = tmp_path / "site", pipeline.Settings(search=False, cache=tmp_path / "cache")
    first = pipeline.build(demo_copy, output, AS_OF, settings)
    stamps = {path: path.stat().st_mtime_ns for path in output.rglob("*") if path.is_file()}
    again = pipeline.build(demo_copy, output, AS_OF, settings)
    assert again.up_to_date and not first.up_to_date
    assert again.pages == first.pages and again.count == first.count
    assert again.warnings == first.warnings != []  # the demo's missing English text is reported again
    assert {path: path.stat().st_mtime_ns for path in output.rglob("*") if path.is_file()} == stamps


@pytest.mark.parametrize("change", ["content", "output", "as_of", "no_cache"])
def test_a_build_after_a_change_builds_again(change, demo_copy, tmp_path):
    output, settings = tmp_path / "site", pipeline.Settings(search=False, cache=tmp_path / "cache")
    pipeline.build(demo_copy, output, AS_OF, settings)
    page = output / "communes" / "hautecombe" / "index.html"
    expected, as_of = page.read_text(encoding="utf-8"), AS_OF
    if change == "content":
        pitch = demo_copy / "communes" / "hautecombe" / "fr.md"
        pitch.write_text(pitch.read_text(encoding="utf-8") + "\nUne phrase ajoutée.\n", encoding="utf-8")
        expected = "Une phrase ajoutée."
    elif change == "output":  # a file of the site changed by hand is put back
        page.write_text("changed by hand", encoding="utf-8")
    elif change == "as_of":
        as_of, expected = AS_OF.replace(day=27), "27 novembre 2026"
    else:  # --no-cache: everything is built again
        settings = pipeline.Settings(search=False, cache=None)
    timer = pipeline.build(demo_copy, output, as_of, settings)
    assert not timer.up_to_date and timer.rendering.rendered > 0
    assert expected in page.read_text(encoding="utf-8")


def test_preview_rows_of_the_listing_pages_follow_an_edit(demo_copy, tmp_path):
    """The listing pages keep each commune's row between rebuilds: the edited commune's row changes, the
    others stay as they were."""
    output, state = tmp_path / "site", pipeline.PreviewState()
    settings = pipeline.Settings(search=False, cache=tmp_path / "cache", preview=True)
    pipeline.build(demo_copy, output, AS_OF, settings, state)
    pages = ["progression/index.html", "progression/completude/index.html", "en/progress/index.html"]
    before = {page: (output / page).read_text(encoding="utf-8") for page in pages}
    progress = demo_copy / "communes" / "kerval-1" / "progress.yaml"
    text = progress.read_text(encoding="utf-8")
    progress.write_text(text.replace('updated: "2026-11-18"', 'updated: "2026-11-20"'), encoding="utf-8")
    pipeline.build(demo_copy, output, AS_OF, settings, state)
    for page, expected in (
        (pages[0], "20 novembre 2026"),
        (pages[1], "20 novembre 2026"),
        (pages[2], "20 November 2026"),
    ):
        html = (output / page).read_text(encoding="utf-8")
        kerval = re.search(r"<tr[^>]*>\s*<th scope=\"row\"><a href=\"[^\"]*/kerval-1/\">.*?</tr>", html, re.S)
        assert expected in kerval.group(0), page
        others = [row for row in re.findall(r"<tr[^>]*>.*?</tr>", html, re.S) if "/kerval-1/" not in row]
        assert others == [
            r for r in re.findall(r"<tr[^>]*>.*?</tr>", before[page], re.S) if "/kerval-1/" not in r
        ]


def test_a_broken_link_in_the_content_is_an_error_not_a_crash(demo_copy, tmp_path):
    """Links are not content (issue 13): the up-to-date check hashes it without following it, then the
    loader reports it."""
    (demo_copy / "notes.txt").symlink_to(tmp_path / "missing")
    settings = pipeline.Settings(search=False, cache=tmp_path / "cache")
    with pytest.raises(pipeline.ContentError) as error:
        pipeline.build(demo_copy, tmp_path / "site", AS_OF, settings)
    errors = [problem for problem in error.value.problems if not problem.warning]
    assert [problem.path.endswith("notes.txt") for problem in errors] == [True]


def test_preview_reports_a_photo_removed_after_a_passing_build(demo_copy, tmp_path):
    """The rules of an unchanged commune are skipped only while its files and photos stay the same."""
    output, state = tmp_path / "site", pipeline.PreviewState()
    settings = pipeline.Settings(search=False, cache=tmp_path / "cache", preview=True)
    pipeline.build(demo_copy, output, AS_OF, settings, state)
    photo = sorted((demo_copy / "communes" / "kerval-1" / "photos").iterdir())[0]
    photo.unlink()
    with pytest.raises(pipeline.ContentError) as error:
        pipeline.build(demo_copy, output, AS_OF, settings, state)
    assert any(f"'photos/{photo.name}'" in problem.text() for problem in error.value.problems)


def test_a_failed_preview_write_is_followed_by_a_full_one(demo_copy, tmp_path, monkeypatch):
    output, state = tmp_path / "site", pipeline.PreviewState()
    settings = pipeline.Settings(search=False, cache=tmp_path / "cache", preview=True)
    pipeline.build(demo_copy, output, AS_OF, settings, state)
    pitch = demo_copy / "communes" / "hautecombe" / "fr.md"
    pitch.write_text(pitch.read_text(encoding="utf-8") + "\nUne phrase ajoutée.\n", encoding="utf-8")

    def fails_after_rendering(files, *_):
        for _file in files:
            pass
        raise OSError("disk full")

    monkeypatch.setattr(vitrine.incremental.layer, "update_output", fails_after_rendering)
    with pytest.raises(OSError):
        pipeline.build(demo_copy, output, AS_OF, settings, state)
    monkeypatch.undo()
    pipeline.build(demo_copy, output, AS_OF, settings, state)
    assert "Une phrase ajoutée." in (output / "communes" / "hautecombe" / "index.html").read_text("utf-8")


def test_after_an_edit_the_preview_holds_what_a_build_from_scratch_writes(demo_copy, tmp_path):
    """Every piece kept between rebuilds (rows, cards, the cells of the side-by-side page, the communes
    listed under each theme) follows an edit of the themes a commune seeks."""
    output, state = tmp_path / "site", pipeline.PreviewState()
    settings = pipeline.Settings(search=False, cache=tmp_path / "cache", preview=True)
    pipeline.build(demo_copy, output, AS_OF, settings, state)
    profile = demo_copy / "communes" / "kerval-1" / "profile.yaml"
    text = profile.read_text(encoding="utf-8")
    edited = text.replace(
        "themes_sought: [water_sanitation, agriculture_food,", "themes_sought: [agriculture_food,"
    )
    assert edited != text
    profile.write_text(edited, encoding="utf-8")
    pipeline.build(demo_copy, output, AS_OF, settings, state)
    fresh = pipeline.Settings(search=False, cache=tmp_path / "fresh-cache", preview=True)
    pipeline.build(demo_copy, tmp_path / "fresh", AS_OF, fresh, pipeline.PreviewState())
    assert files_of(output) == files_of(tmp_path / "fresh")


def test_after_a_text_edit_the_preview_remakes_no_listing_page_yet_holds_what_a_build_writes(
    demo_copy, tmp_path
):
    output, state = tmp_path / "site", pipeline.PreviewState()
    settings = pipeline.Settings(search=False, cache=tmp_path / "cache", preview=True)
    pipeline.build(demo_copy, output, AS_OF, settings, state)
    pitch = demo_copy / "communes" / "hautecombe" / "fr.md"
    pitch.write_text(pitch.read_text(encoding="utf-8") + "\nUn paragraphe de plus.\n", encoding="utf-8")
    timer = pipeline.build(demo_copy, output, AS_OF, settings, state)
    assert timer.rendering.rendered == 2  # the commune's own pages (the English one shows the French text)
    fresh = pipeline.Settings(search=False, cache=tmp_path / "fresh-cache", preview=True)
    pipeline.build(demo_copy, tmp_path / "fresh", AS_OF, fresh, pipeline.PreviewState())
    assert files_of(output) == files_of(tmp_path / "fresh")


def test_files_made_from_the_whole_site_show_no_text_of_a_commune(demo_copy, tmp_path, monkeypatch):
    """What lets the preview skip them after a text edit (render.as_listed): only a commune's own pages
    show its texts' HTML."""
    settings = pipeline.Settings(search=False, cache=None)
    pipeline.build(demo_copy, tmp_path / "before", AS_OF, settings)
    other = Html.of("<p>Un tout autre texte.</p>")

    def other_texts(*args):
        versions = pitch_versions(*args)  # their summaries are kept: only the HTML changes
        return {lang: dataclasses.replace(article, content=other) for lang, article in versions.items()}

    monkeypatch.setattr(vitrine.model.commune, "pitch_versions", other_texts)
    pipeline.build(demo_copy, tmp_path / "after", AS_OF, settings)
    before, after = files_of(tmp_path / "before"), files_of(tmp_path / "after")
    slugs = [folder.name for folder in (demo_copy / "communes").iterdir()]
    own_pages = {f"{prefix}communes/{slug}/index.html" for slug in slugs for prefix in ("", "en/")}
    assert {path for path in before if before[path] != after[path]} == own_pages


def test_a_memo_has_what_this_build_put_as_it_gets_it():
    memo: Memo[str, bytes] = Memo({})
    memo.put("key", b"value")
    assert memo.has("key") and memo.get("key") == b"value"
    memo.keep_used()
    assert memo.has("key") and not memo.has("other")
