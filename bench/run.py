"""Benchmark: the generator against a bare floor, at 20, 117, 1,000 and 10,000 communes, in one run.

    .venv/bin/python bench/run.py [--sizes 20 117 1000 10000] [--work /tmp/vitrine-bench]

For each size it generates a synthetic programme (bench/generate.py) and measures, each in a fresh process:
the floor (Python-Markdown into one Jinja2 template, single process and all cores), the peer (MkDocs
building the French pitches, bench/peer.py), a cold full build (empty cache, no search index), a warm
rebuild with nothing changed, and the rebuild after editing one commune through the code path `serve`
uses; plus the cold build's peak memory. It prints two Markdown tables (times, and the cost per page side by
side with the peer's) and writes them into bench/README.md between the RESULTS markers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
START, END = "<!-- RESULTS:START -->", "<!-- RESULTS:END -->"


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def reported(command: list[str]) -> dict:
    """The JSON a measuring script prints on its last line."""
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(mode: str, content: Path, output: Path, cache: Path) -> dict:
    return reported([PYTHON, str(HERE / "measure.py"), mode, str(content), str(output), str(cache)])


def bench(size: int, work: Path) -> dict:
    content, output, cache = work / f"content-{size}", work / f"site-{size}", work / f"cache-{size}"
    subprocess.run([PYTHON, str(HERE / "generate.py"), str(size), str(content)], check=True)
    for folder in (output, cache, work / "floor"):
        shutil.rmtree(folder, ignore_errors=True)
    cores = os.cpu_count() or 1
    floor_single = timed([PYTHON, str(HERE / "floor.py"), str(content), str(work / "floor")])
    floor_all = timed(
        [PYTHON, str(HERE / "floor.py"), str(content), str(work / "floor"), "--jobs", str(cores)]
    )
    peer = reported([PYTHON, str(HERE / "peer.py"), str(content)])
    cold = measure("build", content, output, cache)
    warm = measure("build", content, output, cache)
    edit = measure("edit", content, output, cache)
    return {
        "size": size,
        "pages": cold["pages"],
        "floor_single": floor_single,
        "floor_all": floor_all,
        # what the floor writes: each commune's French and English page
        "floor_pages": sum(len(list((content / "communes").glob(f"*/{lang}.md"))) for lang in ("fr", "en")),
        "peer": peer,
        "cold": cold,
        "warm": warm,
        "edit": edit,
    }


def table(rows: list[dict]) -> str:
    lines = [
        "| communes | pages | floor 1 core | floor all cores | cold build | pages/s (cold) | warm rebuild | "
        "one-commune rebuild | peak memory (cold) | cold ÷ floor all (≤ 3) | warm ÷ floor 1 (≤ 0.35) | "
        "edit ÷ cold (≤ 5 %) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        cold, warm, edit = r["cold"]["seconds"], r["warm"]["seconds"], r["edit"]["seconds"]
        lines.append(
            f"| {r['size']:,} | {r['pages']:,} | {r['floor_single']:.2f} s | {r['floor_all']:.2f} s | "
            f"{cold:.2f} s | "
            f"{r['pages'] / cold:,.0f} | {warm:.2f} s | {edit:.2f} s | {r['cold']['peak_mb']:.0f} MB | "
            f"{cold / r['floor_all']:.2f} | {warm / r['floor_single']:.2f} | {100 * edit / cold:.1f} % |"
        )
    lines += [
        "",
        "| communes | MkDocs pages | MkDocs | MkDocs ms/page | floor all cores ms/page | "
        "cold build ms/page | cold ms/page ÷ MkDocs ms/page (≤ 3) |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        peer = 1000 * r["peer"]["seconds"] / r["peer"]["pages"]
        floor = 1000 * r["floor_all"] / r["floor_pages"]
        cold = 1000 * r["cold"]["seconds"] / r["pages"]
        lines.append(
            f"| {r['size']:,} | {r['peer']['pages']:,} | {r['peer']['seconds']:.2f} s | {peer:.2f} | "
            f"{floor:.2f} | {cold:.2f} | {cold / peer:.2f} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 117, 1000, 10000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/vitrine-bench"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in args.sizes:
        rows.append(bench(size, args.work))
        print(json.dumps(rows[-1]), flush=True)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    command = " ".join([".venv/bin/python bench/run.py", *sys.argv[1:]])
    text = f"{table(rows)}\n\nMachine: {machine}. Command: `{command}`.\n"
    print(text)
    readme = HERE / "README.md"
    current = readme.read_text(encoding="utf-8")
    if START in current and END in current:
        before, rest = current.split(START, 1)
        readme.write_text(before + START + "\n" + text + END + rest.split(END, 1)[1], encoding="utf-8")
    (HERE / "results.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
