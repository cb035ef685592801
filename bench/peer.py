"""The peer: MkDocs building the same French pitches, to read our per-page cost against another generator's.

Writes an MkDocs project into a temporary folder, one page per commune from its `fr.md` (YAML front matter
left out), one language, `plugins: []` (so no search index) and a minimal theme of our own: one
`main.html` that prints the title and the page's HTML, no navigation. MkDocs' default theme prints the
whole nav on every page, which makes a build quadratic in the number of pages: no fair anchor at 10,000.
Times `mkdocs build` alone (through its Python API, configuration included), not the writing of the
project; prints JSON: seconds and pages.

    python bench/peer.py CONTENT
"""

from __future__ import annotations

import json
import logging
import sys
import tempfile
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

THEME = (
    '<!doctype html><html lang="fr"><title>{{ page.title }}</title><main>{{ page.content }}</main></html>\n'
)
CONFIG = """site_name: Vitrine (peer)
use_directory_urls: true
theme:
  name: null
  custom_dir: theme
plugins: []
"""


def pitch(path: Path) -> str:
    """The Markdown of a commune's text, without its YAML front matter if it has one."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[end + 5 :]
    return text


def write_project(content: Path, project: Path) -> int:
    (project / "theme").mkdir(parents=True)
    (project / "theme" / "main.html").write_text(THEME, encoding="utf-8")
    (project / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    pages = 0
    for folder in sorted((content / "communes").iterdir()):
        text = folder / "fr.md"
        if text.is_file():
            page = project / "docs" / "communes" / f"{folder.name}.md"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(pitch(text), encoding="utf-8")
            pages += 1
    return pages


def run(content: Path) -> dict:
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="vitrine-peer-") as folder:
        project = Path(folder)
        pages = write_project(content, project)
        start = time.perf_counter()
        build(load_config(str(project / "mkdocs.yml")))
        seconds = time.perf_counter() - start
        built = len(list((project / "site" / "communes").glob("*/index.html")))
    assert built == pages, f"MkDocs wrote {built} pages of {pages}"
    return {"seconds": seconds, "pages": pages}


if __name__ == "__main__":
    print(json.dumps(run(Path(sys.argv[1]))))
