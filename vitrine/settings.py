"""How to build, beyond what to build: the project's own folders, search, parallelism, caching, preview."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    base_url: str | None = None  # overrides site.yaml's (the live preview's own address)
    search: bool = True
    jobs: int = os.cpu_count() or 1
    cache: Path | None = None  # a folder for the persistent cache (the command line's .cache/); None: none
    preview: bool = False  # the live preview's extras (error overlay)
    templates: Path = PROJECT / "templates"
    static: Path = PROJECT / "static"
    locale: Path = PROJECT / "locale"
    communes_at_once: int = 200  # read, checked and modelled together: enough to keep every core busy
    # Pages and share images to make from which worker processes make them: fewer are made faster by the
    # main process than by starting others.
    workers_from: int = 200
    compiled_schemas: bool = True  # False: jsonschema alone checks every file (the same problems, slower)

    @property
    def project_folders(self) -> list[Path]:
        """The generator's own inputs besides the content: what the output also depends on."""
        return [self.templates, self.static, self.locale]
