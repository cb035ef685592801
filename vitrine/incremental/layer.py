"""The one object the pipeline asks for speed: is the output current, what was read or checked before,
where rendered pieces are kept, and how to write only what changed."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from datetime import date
from importlib.metadata import distributions
from pathlib import Path

from jinja2 import Environment

from ..output import FileContent, manifest, recorded, update_output, write_output
from ..problems import problem_data, problem_from_data
from ..report import StageTimer
from ..settings import Settings
from .memo import FileMemo, PassedChecks
from .preview import PreviewState, RenderMemory
from .store import DiskCache, fingerprint, tree_digest


class SpeedLayer:
    """A one-off build's (settings.cache: the disk cache, or nothing) or the live preview's (`preview`:
    what the last rebuild kept)."""

    def __init__(self, settings: Settings, preview: PreviewState | None = None):
        self.settings = settings
        self.preview = preview
        self.store = DiskCache(settings.cache)
        self.inputs = ""  # the fingerprint of a one-off build's inputs, once output_is_current() asked

    # Before a build: nothing to do when the output holds what these inputs give.

    def output_is_current(self, content: Path, output: Path, as_of: date, timer: StageTimer) -> bool:
        """When the output still holds, untouched, what a build of these very inputs wrote, report that
        build's outcome (its warnings included) instead of building again. The live preview knows better
        what changed: it never asks; nor does a build without the disk cache."""
        if self.preview is not None or self.store.folder is None:
            return False
        with timer.stage("up-to-date check"):
            self.inputs = self.inputs_fingerprint(content, output, as_of)
            try:  # JSON data, never code: the cache is not trusted to run anything
                outcome = json.loads(self.store.get("outcome", self.inputs) or b"null")
                pages, count, warnings, written = outcome
                warnings = [problem_from_data(item) for item in warnings]
                if not output.is_dir() or manifest(output) != written:
                    return False
            except (OSError, ValueError, TypeError, KeyError):  # no entry, or a damaged one
                return False
        timer.pages, timer.count, timer.warnings, timer.up_to_date = int(pages), int(count), warnings, True
        return True

    def remember_outcome(self, output: Path, timer: StageTimer) -> None:
        if self.inputs:
            warnings = [problem_data(item) for item in timer.warnings]
            outcome = [timer.pages, timer.count, warnings, manifest(output)]
            self.store.put("outcome", self.inputs, json.dumps(outcome).encode())

    def inputs_fingerprint(self, content: Path, output: Path, as_of: date) -> str:
        """Everything a build's output depends on, read as bytes: content, templates, styles and scripts,
        catalogs, the generator's code (inside fingerprint()), the as-of date and the settings that show;
        and the output folder it was written to."""
        folders = [tree_digest(folder) for folder in (content, *self.settings.project_folders)]
        # Markdown, Jinja2, Pillow, Pagefind…: another version may write other bytes.
        libraries = sorted((package.metadata["Name"] or "", package.version) for package in distributions())
        return fingerprint(
            "inputs",
            folders,
            libraries,
            as_of,
            self.settings.base_url,
            self.settings.search,
            self.settings.preview,
            # /admin/'s forge
            sorted((k, v) for k, v in os.environ.items() if k.startswith("VITRINE_ADMIN_")),
            output.resolve(),
        )

    # While reading: files and checks already done.

    @property
    def files(self) -> FileMemo | None:
        """Files read by the last rebuild, reused while unchanged (the live preview's)."""
        return self.preview.files if self.preview else None

    def passed_checks(self, content: Path) -> PassedChecks:
        """The checks passed before: the preview's, or those stored for this content folder (each folder
        has its own, so that checking the demo does not forget what the real content passed)."""
        known = self.preview.valid if self.preview else set(self._stored_checks(content).split())
        return PassedChecks(known)

    def remember_checks(self, content: Path, checks: PassedChecks) -> None:
        before = set(checks.known)
        checks.keep_used()
        if checks.known != before:
            self.store.put("valid", _folder_key(content), "\n".join(sorted(checks.known)).encode())

    def _stored_checks(self, content: Path) -> str:
        return (self.store.get("valid", _folder_key(content)) or b"").decode()

    @property
    def communes(self) -> dict | None:
        """The last rebuild's communes, reused when their files did not change."""
        return self.preview.communes if self.preview else None

    @property
    def photo_digests(self) -> dict | None:
        return self.preview.photos if self.preview else None

    # Rendering and writing.

    def render_memory(
        self, output: Path, make_environment: Callable[[Path], Environment]
    ) -> RenderMemory | None:
        """The live preview's render memory, with its templates compiled once (and nothing known on disk
        when every file is to be written anew); None for a one-off build."""
        if self.preview is None:
            return None
        memory = self.preview.rendering
        if not self._updates_in_place(output):
            memory.forget_output()
        if memory.environment is None:
            memory.environment = make_environment(self.settings.templates)
        return memory

    def write(
        self,
        files: Iterable[tuple[str, FileContent]],
        copies: dict[str, Path],
        output: Path,
        finish: Callable[[Path], None] | None,
    ) -> int:
        """Write the output: the live preview rewrites only the files that changed, in place; any other
        build writes a new folder (finished by `finish`, e.g. the search index) and swaps it in at once."""
        written = self.preview.written if self.preview else None
        try:
            if self._updates_in_place(output):
                count = update_output(files, copies, output, written)
            else:
                files = recorded(files, written) if written is not None else files
                count = write_output(files, copies, output, finish)
        except BaseException:
            if self.preview:  # the next rebuild writes every file again
                self.preview.written.clear()
                self.preview.rendering.forget_output()
            raise
        if self.preview:
            self.preview.rendering.written()
        return count

    def _updates_in_place(self, output: Path) -> bool:
        return self.preview is not None and bool(self.preview.written) and output.is_dir()


def _folder_key(content: Path) -> str:
    return fingerprint("checks passed", content.resolve())
