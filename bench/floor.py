"""The floor: the least a generator must do for these pages, to compare the real build with.

Reads each commune's French and English Markdown, renders it with Python-Markdown into one minimal Jinja2
template and writes one file per page; single process, or over all cores with --jobs.

    python bench/floor.py CONTENT OUTPUT [--jobs N]
"""

from __future__ import annotations

import argparse
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import markdown
from jinja2 import Template

TEMPLATE = Template(
    '<!doctype html><html lang="{{ lang }}"><title>{{ title }}</title><main>{{ body }}</main></html>'
)


def render(job: tuple[str, str, str]) -> None:
    source, target, lang = job
    body = markdown.markdown(Path(source).read_text(encoding="utf-8"), extensions=["extra"])
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TEMPLATE.render(lang=lang, title=path.parent.name, body=body), encoding="utf-8")


def jobs_for(content: Path, output: Path) -> list[tuple[str, str, str]]:
    jobs = []
    for folder in sorted((content / "communes").iterdir()):
        for lang, prefix in (("fr", ""), ("en", "en/")):
            text = folder / f"{lang}.md"
            if text.is_file():
                jobs.append((str(text), str(output / prefix / "communes" / folder.name / "index.html"), lang))
    return jobs


def run(content: Path, output: Path, workers: int) -> float:
    start = time.perf_counter()
    jobs = jobs_for(content, output)
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(render, jobs, chunksize=max(1, len(jobs) // (workers * 8))))
    else:
        for job in jobs:
            render(job)
    return time.perf_counter() - start


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("content", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    print(f"{run(args.content, args.output, args.jobs):.3f}")
