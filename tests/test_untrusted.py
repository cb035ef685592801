"""Content is untrusted input (issue 13): a pull request must not read the build machine, stall CI, break
pages or run code. Each test plays one attack on a copy of a fixture and shows that it fails: the secret is
in neither the output nor the log, the build ends within seconds with a message, nothing outside the output
is touched."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import pickle
import re
import shutil
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
import yaml

import build
from vitrine import markup, pipeline
from vitrine.incremental.markdown import MarkdownRenderer
from vitrine.incremental.memo import Memo
from vitrine.incremental.store import DiskCache, _new_file, fingerprint
from vitrine.loader import parse_yaml, read_markdown
from vitrine.markup import markdown_to_html
from vitrine.problems import ContentError, Problem, say, sort_problems
from vitrine.share import ShareCard, draw_card
from vitrine.write import MARKER, MARKER_TEXT

from .conftest import AS_OF, ROOT, files_of

SECRET = "TOP-SECRET-deploy-token-4242"
NOT_REGULAR = "n’est pas un fichier ordinaire"  # the fixtures' language is French: so are the messages


def run_main(argv: list[str], capsys) -> tuple[int, str]:
    """build.py in this process: its exit code and everything it printed."""
    code = build.main(argv)
    printed = capsys.readouterr()
    return code, printed.out + printed.err


def build_args(content: Path, output: Path) -> list[str]:
    return ["build", "--content", str(content), "--output", str(output), "--no-search", "--no-cache"]


def run_cli(args: list[str], cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    """build.py in its own process, for attacks that used to hang: a hang fails the test, not the suite."""
    env = {**os.environ, "LC_ALL": "C.UTF-8", "SOURCE_DATE_EPOCH": "1795651200"}
    env.pop("GITHUB_ACTIONS", None)
    command = [sys.executable, str(ROOT / "build.py"), *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)


def secret_file(tmp_path: Path, text: str = f"# {SECRET}\n\n{SECRET}\n") -> Path:
    path = tmp_path / "outside" / "secret.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def messages(problems: list[Problem]) -> str:
    return "\n".join(str(item) for item in problems)


# 1. Links publish files from outside the content folder.


def test_linked_pitch_is_an_error_and_never_shown(minimal_content, tmp_path, capsys, monkeypatch):
    pitch = minimal_content / "communes" / "alpha" / "fr.md"
    pitch.unlink()
    pitch.symlink_to(secret_file(tmp_path))
    monkeypatch.chdir(tmp_path)
    code, printed = run_main(build_args(Path("content"), Path("site")), capsys)
    assert code == 1 and not (tmp_path / "site").exists()
    assert f"content/communes/alpha/fr.md:1:1: ce {NOT_REGULAR}" in printed
    assert SECRET not in printed and "secret.md" not in printed  # nor where the link points


def test_linked_commune_folder_and_news_file_are_errors(minimal_content, tmp_path, capsys):
    outside = tmp_path / "outside" / "beta"
    outside.parent.mkdir()
    (minimal_content / "communes" / "alpha").rename(outside)
    (outside / "fr.md").write_text(f"{SECRET}\n", encoding="utf-8")
    (minimal_content / "communes" / "alpha").symlink_to(outside, target_is_directory=True)
    (minimal_content / "news" / "2026-01-02-fuite.fr.md").symlink_to(secret_file(tmp_path))
    output = tmp_path / "site"
    code, printed = run_main(build_args(minimal_content, output), capsys)
    assert code == 1 and not output.exists()
    assert printed.count(NOT_REGULAR) == 2
    assert SECRET not in printed


def test_linked_settings_file_is_not_printed(minimal_content, tmp_path, capsys):
    (minimal_content / "site.yaml").unlink()
    (minimal_content / "site.yaml").symlink_to(secret_file(tmp_path, f"{SECRET} {SECRET}\n"))
    code, printed = run_main(["check", "--content", str(minimal_content)], capsys)
    assert code == 1 and "site.yaml:1:1: not a regular file" in printed  # English: site.yaml unreadable
    assert SECRET not in printed


def test_broken_link_is_reported_by_the_preview_too(minimal_content, tmp_path):
    pitch = minimal_content / "communes" / "alpha" / "fr.md"
    pitch.unlink()
    pitch.symlink_to(tmp_path / "gone.md")
    preview = pipeline.SpeedLayer(pipeline.Settings(), pipeline.PreviewState())  # reads through its memo
    problems, _ = pipeline.check_content(minimal_content, AS_OF, speed=preview)
    errors = [item for item in sort_problems(problems) if not item.warning]
    assert [item.path.endswith("alpha/fr.md") for item in errors] == [True]  # one message, on the link


def test_a_folder_where_a_content_file_goes_is_reported_not_a_traceback(minimal_content):
    progress = minimal_content / "communes" / "alpha" / "progress.yaml"
    progress.unlink()
    progress.mkdir()  # a folder with the file's name
    problems = [str(item) for item in pipeline.check_content(minimal_content, AS_OF)[0]]
    assert any("progress.yaml:1:1: not a regular file" in item for item in problems), problems


def test_endless_device_and_pipe_end_the_build_quickly(minimal_content, tmp_path):
    pitch = minimal_content / "communes" / "alpha" / "fr.md"
    pitch.unlink()
    pitch.symlink_to("/dev/zero")
    os.mkfifo(minimal_content / "communes" / "alpha" / "notes.txt")
    start = time.monotonic()
    result = run_cli(build_args(minimal_content, tmp_path / "site"), cwd=tmp_path)
    assert result.returncode == 1 and time.monotonic() - start < 30
    assert f"fr.md:1:1: ce {NOT_REGULAR}" in result.stderr
    assert f"notes.txt:1:1: ce {NOT_REGULAR}" in result.stderr
    assert "Traceback" not in result.stderr


# 2. The build trusts .cache/.


class _Planted:
    """A pickle that, loaded, creates a folder: what a forged cache entry could do."""

    def __init__(self, path: Path):
        self.path = path

    def __reduce__(self):
        return (os.mkdir, (str(self.path),))


def test_forged_outcome_entry_never_runs(minimal_content, tmp_path):
    output, cache = tmp_path / "site", tmp_path / "cache"
    settings = pipeline.Settings(search=False, jobs=1, cache=cache)
    key = pipeline.SpeedLayer(settings).inputs_fingerprint(minimal_content, output, AS_OF)
    planted = tmp_path / "planted"
    entry = cache / "outcome" / key[:2] / key
    entry.parent.mkdir(parents=True)
    entry.write_bytes(pickle.dumps(_Planted(planted)))
    pipeline.build(minimal_content, output, AS_OF, settings)
    assert not planted.exists()
    assert (output / "index.html").is_file()


def test_forged_markdown_entry_with_committed_secret_is_never_served(minimal_content, tmp_path):
    cache_folder = tmp_path / "cache"
    cache_folder.mkdir()
    secret = cache_folder / "secret"
    secret.write_bytes(b"k" * 32)
    secret.chmod(0o644)  # as a Git checkout (or a pull request) writes it
    forged = b'<script>alert("forged")</script>'
    doc = read_markdown(minimal_content / "communes" / "alpha" / "fr.md", "fr", "alpha", [])
    key = fingerprint("markdown", "/", "fr", doc.body)
    entry = cache_folder / "markdown" / key[:2] / key
    entry.parent.mkdir(parents=True)
    # Sealed with the committed secret: a build that trusted that file would serve it.
    seal = hashlib.blake2b(f"markdown\x00{key}\x00".encode() + forged, key=b"k" * 32, digest_size=32).digest()
    entry.write_bytes(seal + forged)
    output = tmp_path / "site"
    settings = pipeline.Settings(search=False, jobs=1, cache=cache_folder)
    pipeline.build(minimal_content, output, AS_OF, settings)
    assert not any(forged in page for page in files_of(output).values())
    assert DiskCache(cache_folder).get("markdown", key) != forged


def test_cache_entries_written_by_hand_are_misses(tmp_path):
    cache = DiskCache(tmp_path)
    cache.put("pages", "ab12", b"<p>kept</p>")
    assert cache.get("pages", "ab12") == b"<p>kept</p>"
    (tmp_path / "pages" / "ab" / "cd34").write_bytes(b"<script>forged</script>")
    assert cache.get("pages", "cd34") is None
    assert (tmp_path / "secret").stat().st_mode & 0o077 == 0


def test_cache_folder_emptied_between_writes_is_made_again(tmp_path):
    cache = DiskCache(tmp_path / "cache")
    cache.put("pages", "ab12", b"first")
    shutil.rmtree(tmp_path / "cache" / "pages")  # as staff may do while the preview runs
    cache.put("pages", "ab12", b"again")
    assert cache.get("pages", "ab12") == b"again"


def test_cache_entry_half_written_is_a_miss_and_written_again(tmp_path):
    cache = DiskCache(tmp_path)
    cache.put("pages", "ab12", b"<p>whole page</p>")
    entry = tmp_path / "pages" / "ab" / "ab12"
    entry.write_bytes(entry.read_bytes()[:-5])  # as a build killed while writing it leaves it
    assert cache.get("pages", "ab12") is None
    cache.put("pages", "ab12", b"<p>whole page</p>")
    assert cache.get("pages", "ab12") == b"<p>whole page</p>"


@pytest.mark.parametrize("link", ["symbolic", "hard"])
def test_a_link_planted_at_a_cache_entry_is_never_read_or_written_through(tmp_path, link):
    cache, outside = DiskCache(tmp_path / "cache"), tmp_path / "outside.txt"
    outside.write_bytes(b"not the cache's")
    cache.put("pages", "ab12", b"<p>kept</p>")
    entry = tmp_path / "cache" / "pages" / "ab" / "ab12"
    entry.unlink()
    entry.symlink_to(outside) if link == "symbolic" else entry.hardlink_to(outside)
    if link == "symbolic":
        assert cache.get("pages", "ab12") is None
    cache.put("pages", "ab12", b"<p>kept</p>")
    assert outside.read_bytes() == b"not the cache's"
    assert cache.get("pages", "ab12") == b"<p>kept</p>"


def test_a_cache_entry_linked_to_an_endless_device_is_a_miss(tmp_path):
    cache = DiskCache(tmp_path)
    cache.put("pages", "ab12", b"<p>kept</p>")
    entry = tmp_path / "pages" / "ab" / "ab12"
    entry.unlink()
    entry.symlink_to("/dev/zero")  # read as a file, it would never end
    # In another process, so that a regression fails on its time limit instead of hanging the suite.
    script = "import sys, pathlib; from vitrine.incremental.store import DiskCache; "
    script += "print(DiskCache(pathlib.Path(sys.argv[1])).get('pages', 'ab12'))"
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=20, cwd=ROOT
    )
    assert result.stdout.strip() == "None"


def _plant(cache_folder: Path, what: str, outside: Path) -> None:
    """Something other than an entry where the entry pages/ab/ab12, or its folder, goes."""
    folder = cache_folder / "pages" / "ab"
    folder.parent.mkdir(parents=True, exist_ok=True)
    if what == "a folder at the entry":
        (folder / "ab12").mkdir(parents=True)
    elif what == "a file at its folder":
        folder.write_bytes(b"not a folder")
    elif what == "a link at its folder":
        folder.symlink_to(outside, target_is_directory=True)
    else:  # a file far larger than any entry, made sparse: it takes no room
        folder.mkdir()
        with open(folder / "ab12", "wb") as file:
            file.truncate(10**12)


@pytest.mark.parametrize(
    "what",
    ["a folder at the entry", "a file at its folder", "a link at its folder", "a huge file at the entry"],
)
def test_anything_planted_where_an_entry_goes_is_a_miss_never_a_failed_build(tmp_path, what):
    outside = tmp_path / "outside"
    outside.mkdir()
    _plant(tmp_path / "cache", what, outside)
    cache = DiskCache(tmp_path / "cache")
    assert cache.get("pages", "ab12") is None
    cache.put("pages", "ab12", b"<p>kept</p>")  # not kept, or kept: never an error
    assert list(outside.iterdir()) == []  # nothing written through the link
    assert cache.get("pages", "ab12") in (None, b"<p>kept</p>")


def test_two_processes_writing_the_same_entry_leave_it_whole(tmp_path):
    cache = DiskCache(tmp_path)
    value = b"<p>the same bytes from both</p>"
    cache.put("pages", "0000", b"")  # the folder and the secret exist, as in a build
    path = tmp_path / "pages" / "ab" / "ab12"
    path.parent.mkdir(parents=True, exist_ok=True)
    first = _new_file(path)  # the first process has begun its entry…
    assert first is not None
    cache.put("pages", "ab12", value)  # …when the second writes the whole of it
    with os.fdopen(first, "wb") as file:  # …and the first then finishes writing
        file.write(cache._seal("pages", "ab12", value) + value)
    assert cache.get("pages", "ab12") == value


# 3. Content that stalls CI or exhausts memory.

ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(7)
)


@pytest.mark.parametrize("text", [ALIAS_BOMB, "loop: &x [*x]\n"], ids=["bomb", "loop"])
def test_yaml_aliases_are_refused_at_once(minimal_content, tmp_path, text):
    profile = minimal_content / "communes" / "alpha" / "profile.yaml"
    profile.write_text(profile.read_text(encoding="utf-8") + text, encoding="utf-8")
    start = time.monotonic()
    result = run_cli(["check", "--content", str(minimal_content)], cwd=tmp_path)
    assert result.returncode == 1 and time.monotonic() - start < 30
    assert "les ancres (&) et les alias (*) ne sont pas acceptés" in result.stderr


@pytest.mark.parametrize("depth", [995, 5000])
def test_deep_nesting_is_a_message_not_a_traceback(depth):
    problems = []
    doc = parse_yaml("a: " + "[" * depth + "]" * depth + "\n", Path("x.yaml"), problems)
    assert doc is None and len(problems) == 1
    assert "nesting" in problems[0].message


def test_huge_markdown_file_is_refused(minimal_content):
    (minimal_content / "communes" / "alpha" / "fr.md").write_text("Texte. " * 150_000, encoding="utf-8")
    problems, _ = pipeline.check_content(minimal_content, AS_OF)
    assert "fr.md:1:1: file is too large (more than 200 KB)" in messages(problems)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("[" * 8000, 1), ("".join("\t" * level + "- a\n" for level in range(300)), 10)],
    ids=["unclosed-brackets-take-too-long", "nested-lists-recurse-too-deep"],
)
def test_pathological_markdown_ends_with_a_message(minimal_content, monkeypatch, text, seconds):
    monkeypatch.setattr(markup, "SECONDS_PER_TEXT", seconds)
    path = minimal_content / "communes" / "alpha" / "fr.md"
    path.write_text(text + "\n", encoding="utf-8")
    doc = read_markdown(path, "fr", "alpha", [])
    start = time.monotonic()
    with pytest.raises(ContentError) as raised, MarkdownRenderer(Memo()) as renderer:
        renderer.start([doc], "/")()
    assert time.monotonic() - start < seconds + 2
    assert "fr.md:1:1: this text is too complex to turn into a page" in messages(raised.value.problems)


def test_a_text_after_a_pathological_one_in_the_same_batch_renders_as_on_its_own(monkeypatch):
    """Texts of a batch share one Markdown converter: one interrupted halfway leaves nothing behind."""
    monkeypatch.setattr(markup, "SECONDS_PER_TEXT", 1)
    after = "Un [lien][1].\n\n[1]: /communes/\n\n*[FCT]: Faîtière des communes du Togo\n\nLa FCT.\n"
    nested = "".join("\t" * level + "- a\n" for level in range(300))
    jobs = [("[" * 8000, "", "/"), (after, "", "/"), (nested, "", "/"), (after, "", "/")]
    alone = markup.render_job((after, "", "/"))
    assert markup.render_jobs(jobs) == [None, alone, None, alone]
    assert "<abbr" in alone and 'href="/communes/"' in alone
    # A text's abbreviations and link references are its own: the next text of a batch knows none of them.
    uses = "La FCT, [lien][1].\n"
    assert markup.render_jobs([(after, "", "/"), (uses, "", "/")])[1] == markup.render_job((uses, "", "/"))
    assert "<abbr" not in markup.render_jobs([(after, "", "/"), (uses, "", "/")])[1]


def test_very_long_name_is_refused_and_the_share_card_fits_it_quickly(minimal_content):
    profile = minimal_content / "communes" / "alpha" / "profile.yaml"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace("name: Alpha", "name: " + "W" * 100_000), encoding="utf-8"
    )
    problems, _ = pipeline.check_content(minimal_content, AS_OF)
    assert "name: too long (more than 200 characters)" in messages(problems)
    start = time.monotonic()
    # 20,000 characters: the old one-at-a-time loop took half a minute, 100,000 a quarter of an hour.
    draw_card(ShareCard("share/x.jpg", "W" * 20_000, "s" * 20_000, ("l" * 20_000,), "f" * 20_000))
    assert time.monotonic() - start < 5


def test_every_ci_job_has_a_timeout_and_cache_files_are_refused():
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    jobs = [job for path in workflows for job in yaml.safe_load(path.read_text())["jobs"].values()]
    assert all(isinstance(job.get("timeout-minutes"), int) for job in jobs)
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text())
    gitlab_jobs = [value for value in gitlab.values() if isinstance(value, dict) and "script" in value]
    assert all("timeout" in job for job in gitlab_jobs)
    steps = [str(step.get("run", "")) for job in jobs for step in job.get("steps", [])]
    scripts = [line for job in gitlab_jobs for line in job["script"]]
    for lines in (steps, scripts):
        assert any("git ls-files -- .cache" in line for line in lines)


# 4, 5, 6. Output encoding: base_url, JSON-LD, CSV; and nh3's ids and remote images.


def test_base_url_must_be_an_address_and_nothing_else(minimal_content, capsys):
    payload = 'https://x.example/"><meta http-equiv="refresh" content="0;url=https://evil.example/">'
    site = minimal_content / "site.yaml"
    site.write_text(
        site.read_text(encoding="utf-8").replace("https://test.example.org/", f"'{payload}'"),
        encoding="utf-8",
    )
    problems, _ = pipeline.check_content(minimal_content, AS_OF)
    assert "site.yaml:3:11: base_url: " in messages(problems)
    with pytest.raises(SystemExit) as usage:
        build.main(["build", "--content", str(minimal_content), "--base-url", payload])
    assert usage.value.code == 2
    html = markdown_to_html("[a](/communes/)", '/"><meta http-equiv="refresh"/')
    assert "<meta" not in html and 'href="/&quot;&gt;&lt;meta' in html


HOSTILE_NAME = '=HYPERLINK("https://evil.example") <!--<script'


@pytest.fixture
def hostile_site(minimal_content, tmp_path) -> Path:
    """The minimal site with a commune name that would start a formula and open a comment in a script,
    and a pitch with an id of the page's own and a remote image."""
    profile = minimal_content / "communes" / "alpha" / "profile.yaml"
    text = profile.read_text(encoding="utf-8").replace("name: Alpha", f"name: '{HOSTILE_NAME}'")
    profile.write_text(text.replace("prefecture: Alphapref", "prefecture: '-2+3 <!--<script'"))
    pitch = minimal_content / "communes" / "alpha" / "fr.md"
    pitch.write_text('<p id="main">Texte</p>\n\n![traceur](https://evil.example/t.png)\n', encoding="utf-8")
    output = tmp_path / "site"
    pipeline.build(minimal_content, output, AS_OF, pipeline.Settings(search=False, jobs=1, cache=None))
    return output


def test_json_ld_escapes_comment_openers(hostile_site):
    scripts = [
        script
        for page in files_of(hostile_site).values()
        for script in re.findall(rb'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    ]
    assert scripts and not any(b"<" in script or b">" in script for script in scripts)
    assert any(b"\\u003c!--\\u003cscript" in script for script in scripts)


def test_csv_cells_never_start_a_formula(hostile_site):
    cells_of = {}
    for name in ("communes.csv", "progress.csv"):
        rows = list(csv.reader(io.StringIO((hostile_site / "data" / name).read_text(encoding="utf-8"))))
        cells = cells_of[name] = [cell for row in rows[1:] for cell in row]
        assert not [cell for cell in cells if cell[:1] in ("=", "+", "@", "\t", "\r")], name
        assert not [cell for cell in cells if cell[:1] == "-" and not re.fullmatch(r"-[\d.]+", cell)], name
    assert f"'{HOSTILE_NAME}" in cells_of["communes.csv"]


def test_markdown_keeps_no_id_and_no_remote_image(hostile_site):
    page = (hostile_site / "communes" / "alpha" / "index.html").read_text(encoding="utf-8")
    assert page.count('id="main"') == 1  # the page's own
    assert "evil.example/t.png" not in page


# 7. Error output.


def test_error_output_cannot_start_workflow_commands(minimal_content, monkeypatch, capsys):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    profile = minimal_content / "communes" / "alpha" / "profile.yaml"
    region = "nord\\n::warning file=x::pwned\\n::add-mask::" + "x" * 10_000
    profile.write_text(
        profile.read_text(encoding="utf-8").replace("region: nord", f'region: "{region}"'), encoding="utf-8"
    )
    code, printed = run_main(["check", "--content", str(minimal_content)], capsys)
    assert code == 1 and "::error file=" in printed
    lines = printed.splitlines()
    assert not [line for line in lines if line.startswith(("::warning file=x", "::add-mask"))]
    assert max(len(line) for line in lines) < 1000


def test_annotations_escape_percent_and_line_breaks():
    item = Problem("a,b:c.yaml", 1, 2, (say("value %(v)s", v="x"), say("\n::add-mask::%0A 100%")))
    assert (
        item.github_annotation()
        == "::error file=a%2Cb%3Ac.yaml,line=1,col=2::value x%0A::add-mask::%250A 100%25"
    )
    assert "\n" not in item.line_for()


# 8. Smaller findings.


SQUARE = (
    '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": '
    '{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}]}'
)


@pytest.mark.parametrize(
    "text",
    [
        '{"type": "FeatureCollection", "features": []}',
        '{"type": "FeatureCollection", "features": ' + "[" * 100_000 + "]" * 100_000 + "}",
        SQUARE.replace("[1, 0]", '["a"]'),
    ],
    ids=["no-polygon", "deep-nesting", "bad-point"],
)
def test_a_map_file_that_cannot_be_drawn_is_an_error_not_a_crash(demo_copy, tmp_path, text):
    (demo_copy / "geo" / "bellerive-regions.geojson").write_text(text, encoding="utf-8")
    problems, _ = pipeline.check_content(demo_copy, AS_OF)
    assert "map file 'geo/bellerive-regions.geojson' is missing or is not GeoJSON" in messages(problems)


def test_map_file_outside_the_content_folder_is_refused(demo_copy, tmp_path):
    (tmp_path / "secret.geojson").write_text(SQUARE)
    programme = demo_copy / "programme.yaml"
    text = programme.read_text(encoding="utf-8")
    programme.write_text(
        text.replace("regions: geo/bellerive-regions.geojson", "regions: ../secret.geojson"), encoding="utf-8"
    )
    problems, _ = pipeline.check_content(demo_copy, AS_OF)
    assert "map file '../secret.geojson' is missing or is not GeoJSON" in messages(problems)


def test_forged_marker_does_not_let_the_build_wipe_a_folder(minimal_content, tmp_path, capsys):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / MARKER).write_bytes(MARKER_TEXT)
    (folder / "precious.txt").write_text("keep me")
    code, printed = run_main(build_args(minimal_content, folder), capsys)
    assert code == 2 and "n’a pas été écrit par build.py" in printed
    assert (folder / "precious.txt").read_text() == "keep me"
    output = tmp_path / "site"
    assert run_main(build_args(minimal_content, output), capsys)[0] == 0
    assert run_main(build_args(minimal_content, output), capsys)[0] == 0  # its own marker is trusted


def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


def test_photos_are_checked_by_what_pillow_reads(demo_copy):
    photos = demo_copy / "communes" / "kerval-1" / "photos"
    (photos / "chateau-d-eau.jpg").write_bytes(_png_header(20_000, 20_000))
    (photos / "marche-de-kerval.jpg").write_bytes(b"\xff\xd8\xff" + b"not a picture" * 100)
    problems, _ = pipeline.check_content(demo_copy, AS_OF)
    text = messages(problems)
    assert "photo 'photos/chateau-d-eau.jpg' has too many pixels" in text
    assert "photo 'photos/marche-de-kerval.jpg' is not a JPEG, PNG, WebP" in text


def test_preview_answers_only_its_own_host_names():
    from vitrine.serve import host_allowed  # here, so that the other tests run against older code too

    assert host_allowed("127.0.0.1", "127.0.0.1") and host_allowed("localhost", "127.0.0.1")
    assert host_allowed("192.168.1.20", "0.0.0.0") and host_allowed("[::1]", "127.0.0.1")
    assert not host_allowed("evil.example", "127.0.0.1")


def test_a_pathological_text_of_the_first_communes_is_reported_once_the_next_are_read(
    minimal_content, monkeypatch
):
    """A chunk's texts render while the next chunk is read: the error comes later, but it comes."""
    monkeypatch.setattr(markup, "SECONDS_PER_TEXT", 1)
    first = sorted(path for path in (minimal_content / "communes").iterdir())[0]
    (first / "fr.md").write_text("[" * 8000 + "\n", encoding="utf-8")
    settings = pipeline.Settings(communes_at_once=1, cache=None)
    with pytest.raises(ContentError) as raised:
        pipeline.check_content(minimal_content, AS_OF, settings, with_model=True)
    assert "fr.md:1:1: this text is too complex to turn into a page" in messages(raised.value.problems)
