"""Compare the site this tree builds with the one another revision builds, byte for byte.

    .venv/bin/python tools/compare_builds.py [REVISION] [--as-of 2026-11-26]

For a change that must not change the output (a restructuring, a speed-up): builds content/ and
examples/demo/ with this tree and with REVISION (default HEAD, checked out into a temporary worktree),
each with an empty cache and without the search index, and lists every file that differs or exists on one
side only. Exit code 0 when both builds are identical.
"""

from __future__ import annotations

import argparse
import filecmp
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENTS = ("content", "examples/demo")


def build(tree: Path, content: str, output: Path, as_of: str) -> None:
    """Build one content folder of this tree (with this tree's code) into output."""
    command = [sys.executable, "build.py", "--content", content, "--output", str(output)]
    command += ["--as-of", as_of, "--no-search", "--no-cache"]
    subprocess.run(command, cwd=tree, check=True, capture_output=True)


def differences(left: Path, right: Path, prefix: str = "") -> list[str]:
    """Files that differ, or exist on one side only, below two folders."""
    comparison = filecmp.dircmp(left, right)
    found = [f"only in this tree: {prefix}{name}" for name in comparison.left_only]
    found += [f"only in the revision: {prefix}{name}" for name in comparison.right_only]
    for name in comparison.common_files:
        if not filecmp.cmp(left / name, right / name, shallow=False):
            found.append(f"differs: {prefix}{name}")
    for name in comparison.common_dirs:
        found += differences(left / name, right / name, f"{prefix}{name}/")
    return found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revision", nargs="?", default="HEAD")
    parser.add_argument("--as-of", default="2026-11-26")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        other = work / "revision"
        worktree = ["git", "worktree", "add", "--quiet", "--detach", str(other), args.revision]
        subprocess.run(worktree, cwd=ROOT, check=True)
        try:
            found = []
            for content in CONTENTS:
                mine, theirs = work / "mine" / content, work / "theirs" / content
                build(ROOT, content, mine, args.as_of)
                build(other, str(ROOT / content), theirs, args.as_of)  # the same content, the other code
                found += [f"{content}: {line}" for line in differences(mine, theirs)]
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(other)], cwd=ROOT, check=True)
    print("\n".join(found) or f"identical: {', '.join(CONTENTS)} built by this tree and by {args.revision}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
