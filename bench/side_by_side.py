"""This tree against another revision, on the same synthetic programme, in one run (cold, warm, one edit).

    .venv/bin/python bench/side_by_side.py [REVISION] [--size 1000] [--rounds 2] [--work /tmp/vitrine-side]

For a change that must not make builds slower (a restructuring): REVISION (default HEAD) is checked out
into a temporary worktree, and each tree's own bench/measure.py builds the same generated content, the two
trees taking turns, each in a fresh process with an empty cache. Prints the median seconds of each.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(tree: Path, mode: str, content: Path, work: Path) -> dict:
    output, cache = work / "site", work / "cache"
    command = [sys.executable, str(tree / "bench" / "measure.py"), mode]
    command += [str(content), str(output), str(cache)]
    result = subprocess.run(command, cwd=tree, check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("revision", nargs="?", default="HEAD")
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "vitrine-side")
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    content = args.work / "content"
    generate = [sys.executable, str(ROOT / "bench" / "generate.py"), str(args.size), str(content)]
    subprocess.run(generate, check=True)
    other = args.work / "other-tree"
    subprocess.run(["git", "worktree", "add", "--detach", str(other), args.revision], cwd=ROOT, check=True)
    trees = {"this tree": ROOT, args.revision: other}
    seconds: dict[str, dict[str, list[float]]] = {name: {} for name in trees}
    try:
        for _ in range(args.rounds):
            for name, tree in trees.items():
                work = args.work / name.replace(" ", "-")
                for folder in ("site", "cache", "content"):
                    shutil.rmtree(work / folder, ignore_errors=True)
                shutil.copytree(content, work / "content")  # the edits of one tree never reach the other
                for mode, label in (("build", "cold"), ("build", "warm"), ("edit", "one commune")):
                    result = measure(tree, mode, work / "content", work)
                    seconds[name].setdefault(label, []).append(result["seconds"])
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(other)], cwd=ROOT, check=True)
    print(f"| {args.size} communes | cold (s) | warm (s) | one commune (s) |\n|---|---|---|---|")
    for name, results in seconds.items():
        cells = " | ".join(f"{statistics.median(values):.2f}" for values in results.values())
        print(f"| {name} | {cells} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
