"""The staff guide's examples are real: its YAML snippets pass `check` when pasted into a commune."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import yaml

from .conftest import REAL, ROOT, real_as_of_environment

GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
YAML_BLOCKS = re.findall(r"```yaml\n(.*?)```", GUIDE, re.S)


def indented(block: str) -> str:
    """Snippets inside numbered lists are indented by three spaces in the guide."""
    lines = block.splitlines()
    margin = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
    return "\n".join(line[margin:] for line in lines) + "\n"


def test_guide_snippets_pass_check(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REAL, content)
    folder = min((content / "communes").iterdir())  # whichever commune: the snippets replace its fields
    profile = yaml.safe_load((folder / "profile.yaml").read_text(encoding="utf-8"))
    snippets = [yaml.safe_load(indented(block)) for block in YAML_BLOCKS]
    contact = next(s for s in snippets if "contact" in s)
    photos = next(s for s in snippets if "photos" in s)
    progress = next(s for s in snippets if "steps" in s)
    profile.update(contact | photos)
    (folder / "photos").mkdir(exist_ok=True)
    shutil.copyfile(
        ROOT / "examples" / "demo" / "communes" / "kerval-1" / "photos" / "marche-de-kerval.jpg",
        folder / "photos" / "marche-kuma.jpg",
    )
    (folder / "profile.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8")
    (folder / "progress.yaml").write_text(
        indented(next(b for b in YAML_BLOCKS if "steps:" in b)), encoding="utf-8"
    )
    assert progress["steps"]["training"]["status"] == "done"
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "check"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=real_as_of_environment(),
    )
    assert result.returncode == 0, result.stderr


def test_guide_error_example_has_the_contract_format():
    example = re.search(r"```\n(content/communes/\S+:\d+:\d+: .+)\n```", GUIDE).group(1)
    assert re.fullmatch(r"content/communes/kloto-3/profile\.yaml:\d+:\d+: contact → email : .+", example)
