"""A build reads, checks and models the communes a few at a time: nothing may depend on how many."""

from __future__ import annotations

import itertools
import multiprocessing
import shutil
import zlib

import vitrine.incremental.layer
from vitrine import pipeline

from .conftest import AS_OF, ROOT, files_of, model_of


def test_reading_one_commune_at_a_time_gives_the_same_site(demo_copy, tmp_path, monkeypatch):
    settings = pipeline.Settings(search=False, cache=None)
    pipeline.build(demo_copy, tmp_path / "together", AS_OF, settings)
    one_at_once = pipeline.Settings(search=False, cache=None, communes_at_once=1)
    pipeline.build(demo_copy, tmp_path / "one-by-one", AS_OF, one_at_once)
    together, one_by_one = files_of(tmp_path / "together"), files_of(tmp_path / "one-by-one")
    assert len(together) > 50
    assert one_by_one == together


def test_pages_and_share_images_made_by_worker_processes_are_those_made_here(demo_copy, tmp_path):
    here = pipeline.Settings(search=False, cache=tmp_path / "cache-here", jobs=1)
    pipeline.build(demo_copy, tmp_path / "here", AS_OF, here)
    workers = pipeline.Settings(search=False, cache=tmp_path / "cache-workers", jobs=2, workers_from=1)
    timer = pipeline.build(demo_copy, tmp_path / "workers", AS_OF, workers)
    assert timer.rendering.rendered == timer.pages  # every page rendered (by the workers, or here)
    assert files_of(tmp_path / "workers") == files_of(tmp_path / "here")
    again = pipeline.build(demo_copy, tmp_path / "again", AS_OF, workers)  # from what the workers stored
    assert again.rendering.reused >= 20 and files_of(tmp_path / "again") == files_of(tmp_path / "here")


def test_a_write_that_fails_while_workers_render_ends_them_and_leaves_the_site(
    demo_copy, tmp_path, monkeypatch
):
    settings = pipeline.Settings(search=False, cache=tmp_path / "cache", jobs=2, workers_from=1)
    pipeline.build(demo_copy, tmp_path / "site", AS_OF, settings)
    before = files_of(tmp_path / "site")
    (demo_copy / "communes" / "kerval-1" / "fr.md").write_text("Autre texte.\n", encoding="utf-8")

    def fails_halfway(files, *_):
        for _file in itertools.islice(files, 10):  # while the workers still have pages to render
            pass
        raise OSError("disk full")

    monkeypatch.setattr(vitrine.incremental.layer, "write_output", fails_halfway)
    try:
        pipeline.build(demo_copy, tmp_path / "site", AS_OF, settings)
    except OSError as error:
        held = error  # its traceback keeps the failed build's frames alive, as a caller reporting it does
    assert str(held) == "disk full"
    assert multiprocessing.active_children() == []  # ended with the build, not when its frames go
    assert files_of(tmp_path / "site") == before


def test_rules_across_communes_hold_when_communes_are_read_one_at_a_time(demo_copy, monkeypatch):
    communes = demo_copy / "communes"
    first, *_, last = sorted(path.name for path in communes.iterdir())
    shutil.copytree(communes / first, communes / "zz-copie")  # same slug as the first, in the last chunk
    pitch = communes / last / "fr.md"
    pitch.write_text(
        pitch.read_text(encoding="utf-8")
        + f"\nVoir [la première](/communes/{first}/) et [une autre](/communes/inconnue/).\n",
        encoding="utf-8",
    )
    problems, _ = pipeline.check_content(demo_copy, AS_OF)
    one_by_one, _ = pipeline.check_content(demo_copy, AS_OF, pipeline.Settings(communes_at_once=1))
    messages = [p.message for p in one_by_one if not p.warning]
    assert any(m.startswith(f"slug '{first}' is already used by") for m in messages), messages
    assert any("link to '/communes/inconnue/'" in m for m in messages), messages
    assert not any(f"link to '/communes/{first}/'" in m for m in messages)
    assert [str(p) for p in one_by_one] == [str(p) for p in problems]


def test_a_build_with_the_cache_gives_the_same_site_as_one_without(demo_copy, tmp_path):
    pipeline.build(demo_copy, tmp_path / "without", AS_OF, pipeline.Settings(search=False, cache=None))
    settings = pipeline.Settings(search=False, cache=tmp_path / "cache")
    pipeline.build(demo_copy, tmp_path / "with", AS_OF, settings)
    assert files_of(tmp_path / "with") == files_of(tmp_path / "without")
    feed = (tmp_path / "with" / "feed.xml").read_text(encoding="utf-8")
    assert '<content type="html" xml:lang="fr">&lt;p&gt;' in feed  # the news's HTML, escaped as Atom wants


def test_the_model_holds_each_text_compressed_and_needs_no_cache_to_show_it(demo_copy, tmp_path):
    cache = tmp_path / "cache"
    model = model_of(demo_copy, cache=cache)
    pitch = model.communes[0].pitch["fr"]
    shown = pitch.html
    assert "<p>" in shown
    packed = pitch.content.packed  # compressed: memory stays small
    assert zlib.decompress(packed) == shown.encode("utf-8") and len(packed) < len(shown.encode("utf-8"))
    shutil.rmtree(cache)
    (demo_copy / "communes" / model.communes[0].slug / "fr.md").unlink()
    assert pitch.html == shown  # a value: neither the cache nor the file is read again
    without_cache = model_of(ROOT / "examples" / "demo", cache=None)
    assert without_cache.communes[0].pitch["fr"].content == pitch.content
