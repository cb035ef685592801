"""Deploy workflows: valid YAML, the right triggers, and the build commands they run pass here."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import tarfile

import yaml

from vitrine import pipeline

from .conftest import AS_OF, REAL, ROOT, real_as_of_environment

PAGES_URL = "https://fct.example.org/vitrine"


def github(name: str) -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def commands(lines: list[str]) -> list[list[str]]:
    """build.py commands of a job, with the forge's variables replaced as the forge would."""
    found = []
    for line in lines:
        line = line.replace("${{ steps.pages.outputs.base_url }}", PAGES_URL).replace(
            "$CI_PAGES_URL", PAGES_URL
        )
        if "build.py" in line:
            found.append([sys.executable if word == "python" else word for word in shlex.split(line)])
    return found


def run_all(found: list[list[str]], tmp_path) -> None:
    for target in ("content", "examples", "build.py", "vitrine", "templates", "static", "locale"):
        (tmp_path / target).symlink_to(ROOT / target)
    for command in found:
        result = subprocess.run(
            command, cwd=tmp_path, capture_output=True, text=True, env=real_as_of_environment()
        )
        assert result.returncode == 0, f"{shlex.join(command)}\n{result.stderr}"


def test_github_checks_pull_requests_and_publishes_main(tmp_path):
    check, pages = github("check.yml"), github("pages.yml")
    # PyYAML reads the key "on" as True.
    assert "pull_request" in check[True] and pages[True]["push"]["branches"] == ["main"]
    steps = pages["jobs"]["build"]["steps"]
    assert any(step.get("uses", "").startswith("actions/upload-pages-artifact") for step in steps)
    assert pages["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages")
    runs = [
        step["run"]
        for job in (check, pages)
        for j in job["jobs"].values()
        for step in j["steps"]
        if "run" in step
    ]
    found = commands(runs)
    assert len(found) == 5
    run_all(found, tmp_path)
    slug = min(folder.name for folder in (REAL / "communes").iterdir())
    canonical = (tmp_path / "site" / "communes" / slug / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{PAGES_URL}/communes/{slug}/">' in canonical


def test_gitlab_publishes_public_folder(tmp_path):
    config = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert config["pages"]["artifacts"]["paths"] == ["public"]
    found = commands(config["check"]["script"] + config["pages"]["script"])
    run_all(found, tmp_path)
    assert (tmp_path / "public" / "index.html").is_file() and (tmp_path / "preview" / "index.html").is_file()


def uses(job: dict, action: str) -> list[dict]:
    """The job's steps that use the action (any version)."""
    return [step for step in job["steps"] if step.get("uses", "").startswith(action + "@")]


def test_github_keeps_the_build_cache_on_main_and_pull_requests_only_read_it():
    """pages.yml restores and saves .cache/ (a push rebuilds only what changed); check.yml restores main's
    without ever saving, so nothing a pull request runs reaches the cache that main's build reads."""
    build_job, content_job = github("pages.yml")["jobs"]["build"], github("check.yml")["jobs"]["content"]
    for job, action in ((build_job, "actions/cache"), (content_job, "actions/cache/restore")):
        steps = job["steps"]
        [name] = [step for step in steps if step.get("id") == "cache"]
        assert "python tools/ci_cache_key.py" in name["run"] and "$GITHUB_OUTPUT" in name["run"]
        [cache] = uses(job, action)
        prefix = "${{ steps.cache.outputs.name }}-"
        assert cache["with"]["path"] == ".cache" and cache["with"]["restore-keys"] == prefix
        assert cache["with"]["key"].startswith(prefix)
        runs = [step.get("run", "") for step in steps]
        # restored before anything builds, and every build.py command uses it
        assert steps.index(cache) < min(i for i, run in enumerate(runs) if "build.py" in run)
        assert not [run for run in runs if "--no-cache" in run]
    # Each run of main saves a cache of its own, the newest restored by the next.
    assert "${{ github.run_id }}" in uses(build_job, "actions/cache")[0]["with"]["key"]
    # The same name on both sides: a pull request finds main's cache.
    assert [s for s in build_job["steps"] if s.get("id") == "cache"][0]["run"] == [
        s for s in content_job["steps"] if s.get("id") == "cache"
    ][0]["run"]
    # Only the Pages workflow, run on main, ever saves.
    for name in ("check.yml", "test.yml"):
        for job in github(name)["jobs"].values():
            assert not uses(job, "actions/cache") and not uses(job, "actions/cache/save")


def test_gitlab_keeps_the_build_cache_on_the_default_branch_only():
    config = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    pages = config["pages"]
    assert pages["cache"]["paths"] == [".cache/"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert not [line for line in pages["script"] if "--no-cache" in line]
    assert not [
        name for name, job in config.items() if isinstance(job, dict) and name != "pages" and "cache" in job
    ]


def test_gitlab_empties_a_cache_made_by_other_code_or_libraries(tmp_path):
    script = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))["pages"]["script"]
    lines = [line for line in script if "build.py" not in line and "pip install" not in line]
    shell = "\n".join(lines).replace("python ", f"{shlex.quote(sys.executable)} ")
    (tmp_path / "tools").symlink_to(ROOT / "tools")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "made-by").write_text("other code\n")
    (tmp_path / ".cache" / "secret").write_bytes(b"k" * 32)
    subprocess.run(["sh", "-e", "-c", shell], cwd=tmp_path, check=True)
    assert sorted(path.name for path in (tmp_path / ".cache").iterdir()) == ["made-by"]
    (tmp_path / ".cache" / "secret").write_bytes(b"k" * 32)
    subprocess.run(["sh", "-e", "-c", shell], cwd=tmp_path, check=True)  # made by this code: kept
    assert sorted(path.name for path in (tmp_path / ".cache").iterdir()) == ["made-by", "secret"]


def test_ci_cache_name_covers_code_and_libraries():
    def name() -> str:
        command = [sys.executable, str(ROOT / "tools" / "ci_cache_key.py")]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()

    assert re.fullmatch("[0-9a-f]{16}", name()) and name() == name()


def test_a_cache_restored_as_the_forges_do_is_used(minimal_content, tmp_path):
    """The forges save .cache/ as an archive and restore it into a fresh checkout (another folder, a new
    output folder): its secret keeps its mode there, so the next build takes the unchanged pages from it."""
    saved = tmp_path / "saved.tar"
    pipeline.build(
        minimal_content, tmp_path / "site", AS_OF, pipeline.Settings(search=False, cache=tmp_path / "a")
    )
    with tarfile.open(saved, "w") as archive:
        archive.add(tmp_path / "a", arcname=".cache")
    with tarfile.open(saved) as archive:
        archive.extractall(tmp_path / "checkout", filter="tar")
    pitch = minimal_content / "communes" / "alpha" / "fr.md"
    pitch.write_text(pitch.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8")
    settings = pipeline.Settings(search=False, cache=tmp_path / "checkout" / ".cache")
    timer = pipeline.build(minimal_content, tmp_path / "checkout" / "site", AS_OF, settings)
    assert timer.rendering.reused > 0 and timer.rendering.rendered < timer.pages


def test_pre_commit_hook_runs_check():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entries = [hook["entry"] for repo in config["repos"] for hook in repo["hooks"]]
    assert "python build.py check" in entries
    for entry in entries:
        result = subprocess.run(
            [sys.executable, *shlex.split(entry)[1:]],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env=real_as_of_environment(),
        )
        assert result.returncode == 0, result.stderr


def test_content_edits_are_judged_by_the_check_and_code_changes_by_the_tests():
    """A pull request that only edits content/ runs what staff can act on (check and build, with each
    mistake on its line); one that touches the code runs the whole test suite too, in a browser the
    forge's runner has."""
    check, tests = github("check.yml"), github("test.yml")
    check_runs = [step.get("run", "") for job in check["jobs"].values() for step in job["steps"]]
    assert not [run for run in check_runs if "make test" in run or "pytest" in run]
    assert tests[True]["pull_request"]["paths-ignore"] == ["content/**"]
    job = tests["jobs"]["tests"]
    assert [step["run"] for step in job["steps"] if "run" in step] == ["make test"]
    assert job["env"]["CI"] == "true" and job["env"]["VITRINE_BROWSER"].startswith("/")
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    changes = gitlab["test"]["rules"][0]["changes"]
    assert "make test" in gitlab["test"]["script"] and not [c for c in changes if c.startswith("content")]
    assert not [line for line in gitlab["check"]["script"] if "make test" in line]
