"""The one object the pipeline asks for speed: is the output current, what was read or checked before,
where rendered pieces are kept, and how to write only what changed."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment

from ..images import SETTINGS, Original, Photos, derive_original, packed, published, read_original, unpacked
from ..problems import problem_data, problem_from_data
from ..render import Cached, Remade, SiteRenderer, as_listed
from ..report import RenderCount, StageTimer
from ..settings import Settings
from ..share import ShareCard
from ..write import FileContent, manifest, recorded, update_output, write_output
from .cards import ShareImages, draw_and_keep
from .memo import FileMemo, Memo, PassedChecks
from .preview import PreviewState
from .store import DiskCache, fingerprint, libraries, tree_digest
from .workers import Made, Workers


class SpeedLayer:
    """A one-off build's (settings.cache: the disk cache, or nothing) or the live preview's (`preview`:
    what the last rebuild kept)."""

    def __init__(self, settings: Settings, preview: PreviewState | None = None):
        self.settings = settings
        self.preview = preview
        self.store = store = DiskCache(settings.cache)
        self.inputs = ""  # the fingerprint of a one-off build's inputs, once output_is_current() asked
        # Work not done twice (memo.py): in the preview's memory, in the store, or both
        self.files = FileMemo(preview.files) if preview else None
        self.communes: Memo[str, Any] | None = Memo(preview.communes) if preview else None
        self.markdown: Memo[str, bytes] = Memo(None, store, "markdown")
        self.pages: Memo[str, bytes] = Memo(None, store, "pages")
        self.share_images: Memo[str, bytes] = Memo(None, store, "share")
        self.listed: Memo[str, str] = Memo(preview.listed if preview else None)  # see _remade_key
        self.whole_site_key: tuple[tuple, tuple, str] | None = None  # what Remade files show, fingerprinted

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
        return fingerprint(
            "inputs",
            folders,
            libraries(),
            as_of,
            self.settings.base_url,
            self.settings.search,
            self.settings.preview,
            # /admin/'s forge
            sorted((k, v) for k, v in os.environ.items() if k.startswith("VITRINE_ADMIN_")),
            output.resolve(),
        )

    # While reading: files and checks already done.

    def passed_checks(self, content: Path) -> PassedChecks:
        """The checks passed before: the preview's, or those stored for this content folder (each folder
        has its own, so that checking the demo does not forget what the real content passed)."""
        if self.preview:
            return PassedChecks(self.preview.passed_checks)
        return PassedChecks(dict.fromkeys(self._stored_checks(content).split(), True))

    def remember_reads(self, content: Path, checks: PassedChecks) -> None:
        """Keep for the next build the files read and the checks passed by this one."""
        if self.files:
            self.files.keep_used()
        before = checks.keys
        checks.keep_used()
        if checks.keys != before:
            self.store.put("checks", _folder_key(content), "\n".join(sorted(checks.keys)).encode())

    def _stored_checks(self, content: Path) -> str:
        return (self.store.get("checks", _folder_key(content)) or b"").decode()

    # Derived photos.

    def derive_photos(self, originals: list[Original]) -> Photos:
        """The derived images of every photo, each original derived once for these settings; the live
        preview keeps each original's hash by its size and time, and the last build's images, so an
        unchanged photo is neither read nor taken from the store again."""
        digests: Memo[tuple, str] = Memo(self.preview.photo_digests if self.preview else None)
        derived: Memo[str, Any] = Memo(
            self.preview.derived_photos if self.preview else None, self.store, "photos", packed, unpacked
        )
        keyed = [
            (item, fingerprint("photo", _photo_digest(item.path, digests), SETTINGS)) for item in originals
        ]
        images = derived.computed(
            [(key, item.path) for item, key in keyed], derive_original, self.settings.jobs
        )
        digests.keep_used()
        derived.keep_used()
        return published(keyed, images)

    # Rendering and writing.

    def version_of(self, inputs: tuple) -> str:
        """A short name for everything the pages depend on besides their own item (render.site_inputs)."""
        return fingerprint(*inputs)

    @property
    def fragments(self) -> dict | None:
        """The rows of the listing pages that the live preview keeps between rebuilds."""
        return self.preview.rendering.fragments if self.preview else None

    def reused(
        self, site: SiteRenderer, cards: list[ShareCard], photos: Photos, count: RenderCount
    ) -> Generator[tuple[str, FileContent], None, None]:
        """The site's files, each single-item page from the store when rendered before with the same inputs,
        and the share images and photos added; with the live preview, a file already on disk as it would
        be written now comes as (path, None), not even read (a page) or made (a Remade file) again. Pages
        and share images the store lacks are made by worker processes (when there are many) while this one
        streams the listing pages."""
        memory = self.preview.rendering if self.preview else None
        on_disk = memory.on_disk if memory else {}
        keys: dict[str, str] = {}  # output path -> key, for the next rebuild
        images = ShareImages(cards, self.share_images, on_disk)
        with self._workers(site, images) as workers:
            for path, content in site.files(count):
                if isinstance(content, Cached):
                    keys[path] = fingerprint(*content.depends_on)
                    yield from self._page(site, path, keys[path], content.number, on_disk, count, workers)
                elif isinstance(content, Remade) and memory:
                    keys[path] = self._remade_key(content)
                    yield path, None if on_disk.get(path) == keys[path] else content.make()
                elif isinstance(content, Remade):  # a one-off build makes them all
                    yield path, content.make()
                else:
                    yield path, content
                if workers:
                    images.give(workers)
                    yield from workers.finished()
            if workers:
                yield from images.drawn_by(workers)
                yield from workers.rest()
            yield from images.rest()
        yield from photos.files(on_disk)
        if memory:  # on disk once the write succeeds (RenderMemory.written)
            memory.given = keys | images.keys | photos.keys
            self.listed.keep_used()

    def _page(
        self,
        site: SiteRenderer,
        path: str,
        key: str,
        number: int,
        on_disk: dict[str, str],
        count: RenderCount,
        workers: Workers | None,
    ) -> Iterator[tuple[str, FileContent]]:
        """The page: None when it is on disk already as it would be rendered now, else from the store, or
        rendered (given to a worker, it comes later from Workers.finished)."""
        html = None if on_disk.get(path) == key else self.pages.get(key)
        if html is not None or on_disk.get(path) == key:
            count.reused += 1
            yield path, html
            return
        count.rendered += 1
        if workers:
            workers.submit("page", (number, path, key))
        else:
            yield from render_and_keep(self.pages, site.page_bytes, (number, path, key))

    def _remade_key(self, remade: Remade) -> str:
        """The key of a file made from the whole site. What the whole site shows is fingerprinted once per
        build, and each commune once (kept by the fingerprint of its files), not on every rebuild."""
        if not remade.shown and not remade.communes:
            return fingerprint(*remade.depends_on)
        known = self.whole_site_key
        if known is None or known[0] is not remade.shown or known[1] is not remade.communes:
            listed = [self.listed.get(commune.source) for commune in remade.communes]
            for index, commune in enumerate(remade.communes):
                if listed[index] is None:
                    listed[index] = digest = fingerprint(as_listed(commune))
                    self.listed.put(commune.source, digest)
            self.whole_site_key = known = (remade.shown, remade.communes, fingerprint(remade.shown, listed))
        return fingerprint(*remade.depends_on, known[2])

    def _workers(self, site: SiteRenderer, images: ShareImages) -> AbstractContextManager[Workers | None]:
        """Worker processes when there are cores and enough to do. Never for the live preview: it rebuilds
        what one edit changed, from inside a server that a fork would copy (its sockets, its threads)."""
        enough = len(site.pages) + images.to_draw >= self.settings.workers_from
        if self.settings.jobs < 2 or not enough or self.preview is not None:
            return nullcontext(None)
        handlers: dict[str, Callable[[Any], Made]] = {
            "page": partial(render_and_keep, self.pages, site.page_bytes),
            "cards": partial(draw_and_keep, self.share_images),
        }
        self.store.prepare()  # the store's secret exists before the fork: every process seals with it
        return Workers(self.settings.jobs, handlers)

    def environment(self, output: Path, make_environment: Callable[[Path], Environment]) -> Environment:
        """The templates, compiled once for the live preview (which also forgets what is on disk when every
        file is to be written anew); compiled for this build only otherwise."""
        if self.preview is None:
            return make_environment(self.settings.templates)
        memory = self.preview.rendering
        if not self._updates_in_place(output):
            memory.forget_output()
        if memory.environment is None:
            memory.environment = make_environment(self.settings.templates)
        return memory.environment

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
            if written is not None and self._updates_in_place(output):
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


def render_and_keep(
    pages: Memo[str, bytes], page_bytes: Callable[[int], bytes], job: tuple[int, str, str]
) -> Made:
    """Render page `number` and keep it under its key."""
    number, path, key = job
    html = page_bytes(number)
    pages.put(key, html)
    return [(path, html)]


def _folder_key(content: Path) -> str:
    return fingerprint("checks passed", content.resolve())


def _photo_digest(path: Path, digests: Memo[tuple, str]) -> str:
    info = os.stat(path, follow_symlinks=False)
    mark = (str(path), info.st_size, info.st_mtime_ns, info.st_ino)
    digest = digests.get(mark)
    if digest is None:
        digest = hashlib.sha256(read_original(path)).hexdigest()
        digests.put(mark, digest)
    return digest
