"""Benchmark: the generator against a bare floor, at 20, 117, 1,000 and 10,000 communes, in one run.

    .venv/bin/python bench/run.py [--sizes 20 117 1000 10000] [--work /tmp/vitrine-bench]

For each size it generates a synthetic programme (bench/generate.py) and measures, each in a fresh process:
the floor (Python-Markdown into one Jinja2 template, single process and all cores), a cold full build
(empty cache, no search index), a warm rebuild with nothing changed, and the rebuild after editing one
commune through the code path `serve` uses; plus the cold build's peak memory. It prints a Markdown table
and writes it into bench/README.md between the RESULTS markers.
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


def measure(mode: str, content: Path, output: Path, cache: Path) -> dict:
    result = subprocess.run(
        [PYTHON, str(HERE / "measure.py"), mode, str(content), str(output), str(cache)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


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
    cold = measure("build", content, output, cache)
    warm = measure("build", content, output, cache)
    edit = measure("edit", content, output, cache)
    return {
        "size": size,
        "pages": cold["pages"],
        "floor_single": floor_single,
        "floor_all": floor_all,
        "cold": cold,
        "warm": warm,
        "edit": edit,
    }


def table(rows: list[dict]) -> str:
    lines = [
        "| communes | pages | floor 1 core | floor all cores | cold build | pages/s (cold) | warm rebuild | "
        "one-commune rebuild | peak memory (cold) | cold ÷ floor all (≤ 1.3) | warm ÷ floor 1 (≤ 0.35) | "
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
    text = f"{table(rows)}\n\nMachine: {machine}. Command: `.venv/bin/python bench/run.py`.\n"
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
