"""The command-line contract: exit codes, error lines, annotations, safe output, scaffolding."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def run(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environment,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_check_and_exit_codes(minimal_content, tmp_path):
    assert (
        run("--content", "content", "--output", "out", "--as-of", "2026-11-26", cwd=tmp_path).returncode == 0
    )
    assert (tmp_path / "out" / "index.html").is_file()
    assert run("check", cwd=tmp_path).returncode == 0
    assert run("--as-of", "26/11/2026", cwd=tmp_path).returncode == 2
    assert run("frobnicate", cwd=tmp_path).returncode == 2


def test_failed_build_leaves_previous_site_untouched(minimal_content, tmp_path):
    assert run("--output", "out", cwd=tmp_path).returncode == 0
    before = snapshot(tmp_path / "out")
    (minimal_content / "communes" / "alpha" / "progress.yaml").write_text("steps: [\n", encoding="utf-8")
    result = run("--output", "out", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("content/communes/alpha/progress.yaml:1:8: un crochet")
    assert result.stderr.endswith("\n1 erreur\u00a0: le site précédent n’a pas été modifié\n")
    assert "Traceback" not in result.stderr
    assert snapshot(tmp_path / "out") == before
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == [".cache", "content", "out"]  # the cache beside them, and no temporary folder left behind


def test_github_annotations(minimal_content, tmp_path):
    (minimal_content / "communes" / "alpha" / "progress.yaml").write_text("steps: [\n", encoding="utf-8")
    result = run("check", cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert "::error file=content/communes/alpha/progress.yaml,line=1,col=8::un crochet" in result.stderr


def test_refuses_to_overwrite_a_folder_it_did_not_write(minimal_content, tmp_path):
    (tmp_path / "precious").mkdir()
    (tmp_path / "precious" / "notes.txt").write_text("keep me", encoding="utf-8")
    for target in ("precious", "content", "."):
        result = run("--output", target, cwd=tmp_path)
        assert result.returncode == 2 and "écriture refusée" in result.stderr, target
    assert (tmp_path / "precious" / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_new_commune_scaffold_passes_check(minimal_content, tmp_path):
    result = run("new", "commune", "Kéran 4", "--prefecture", "Kéran", "--region", "Sud", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    folder = minimal_content / "communes" / "keran-4"
    assert "slug: keran-4" in (folder / "profile.yaml").read_text(encoding="utf-8")
    assert "region: sud" in (folder / "profile.yaml").read_text(encoding="utf-8")
    assert "À compléter" in (folder / "fr.md").read_text(encoding="utf-8")
    assert run("check", cwd=tmp_path).returncode == 0
    assert (
        run("new", "commune", "Kéran 4", "--prefecture", "Kéran", "--region", "sud", cwd=tmp_path).returncode
        == 2
    )
    assert run("new", "commune", "X", "--prefecture", "Y", "--region", "ouest", cwd=tmp_path).returncode == 2


def test_scaffold_explains_each_field_with_the_shared_comments(minimal_content, tmp_path):
    from vitrine.scaffold import FIELD_COMMENTS

    result = run("new", "commune", "Kéran 4", "--prefecture", "Kéran", "--region", "Sud", cwd=tmp_path)
    assert result.returncode == 0
    profile = minimal_content / "communes" / "keran-4" / "profile.yaml"
    lines = profile.read_text(encoding="utf-8").splitlines()
    fields = [(i, line.split(":")[0]) for i, line in enumerate(lines) if line[:1].isalpha()]
    assert fields and all(lines[i - 1] == FIELD_COMMENTS[key] for i, key in fields)


def test_field_comments_change_only_comments_of_every_profile():
    """The tool that writes the comments into existing profiles keeps every value and is idempotent."""
    import yaml

    from vitrine.scaffold import add_field_comments

    for path in sorted((ROOT / "content").glob("communes/*/profile.yaml")) + sorted(
        (ROOT / "examples" / "demo").glob("communes/*/profile.yaml")
    ):
        text = path.read_text(encoding="utf-8")
        commented = add_field_comments(text)
        assert yaml.safe_load(commented) == yaml.safe_load(text), path
        assert add_field_comments(commented) == commented, path
        kept = [line for line in text.splitlines() if not line.startswith("#")]
        assert [line for line in commented.splitlines() if not line.startswith("#")] == kept, path


def test_base_url_under_a_sub_path(minimal_content, tmp_path):
    assert run("--output", "out", "--base-url", "https://example.org/vitrine/", cwd=tmp_path).returncode == 0
    html = (tmp_path / "out" / "communes" / "alpha" / "index.html").read_text(encoding="utf-8")
    assert 'href="/vitrine/communes/"' in html
    assert '<link rel="canonical" href="https://example.org/vitrine/communes/alpha/">' in html


def test_messages_follow_the_sites_default_language(minimal_content, tmp_path):
    site = minimal_content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("languages: [fr, en]", "languages: [en, fr]"))
    (minimal_content / "communes" / "alpha" / "progress.yaml").write_text("steps: [\n", encoding="utf-8")
    result = run("check", cwd=tmp_path)
    assert "content/communes/alpha/progress.yaml:1:8: a bracket" in result.stderr
    assert result.stderr.endswith("2 errors, 0 warnings\n")


def test_the_build_summary_names_its_stages_in_the_readers_language():
    """Staff read this line in the forge's log: stage names and seconds as their language writes them."""
    from vitrine.i18n import load_locales
    from vitrine.report import StageTimer

    timer = StageTimer()
    timer.seconds.update({"load": 0.071, "render": 1.234})
    locales = load_locales(ROOT / "locale", ["fr", "en"])
    french = timer.summary(Path("site")).render(locales["fr"].translations, "fr")
    english = timer.summary(Path("site")).render(locales["en"].translations, "en")
    assert "lecture 0,07\u00a0s, rendu 1,23\u00a0s" in french
    assert "load 0.07 s, render 1.23 s" in english
