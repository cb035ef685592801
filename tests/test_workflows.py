"""Deploy workflows: valid YAML, the right triggers, and the build commands they run pass here."""

from __future__ import annotations

import shlex
import subprocess
import sys

import yaml

from .conftest import REAL, ROOT, real_as_of_environment

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
