"""What the live preview keeps between rebuilds, so that an edit redoes only what it affects."""

from __future__ import annotations

from dataclasses import dataclass, field

from jinja2 import Environment
from markupsafe import Markup


@dataclass
class RenderMemory:
    """What rendering keeps between rebuilds: compiled templates, rows of the listing pages, and the cache
    key of each file on disk, so that a file rendered under the same key is not even read again."""

    environment: Environment | None = None  # compiled templates (Jinja recompiles a file that changed)
    fragments: dict[tuple, Markup] = field(default_factory=dict)  # per-commune rows of the listing pages
    on_disk: dict[str, str] = field(default_factory=dict)  # output path -> cache key of the file there
    given: dict[str, str] = field(default_factory=dict)  # the same for the last render, until written

    def written(self) -> None:
        """The last render's files are on disk now."""
        self.on_disk = self.given
        self.given = {}

    def forget_output(self) -> None:
        """The output is not known any more (a failed write): nothing may be skipped as unchanged."""
        self.on_disk = {}
        self.given = {}


@dataclass
class PreviewState:
    """One live preview's memory, from one rebuild to the next: what each Memo of the last rebuild used
    (memo.py), and what rendering and writing keep."""

    files: dict = field(default_factory=dict)  # what each file gave, by its size and time: not read again
    passed_checks: dict = field(default_factory=dict)  # nor checked again (schema, rules)
    communes: dict = field(default_factory=dict)  # the model's communes, by their source's fingerprint
    photo_digests: dict = field(default_factory=dict)  # each photo's hash, by its size and time
    derived_photos: dict = field(default_factory=dict)  # each photo's derived images, by its key
    listed: dict = field(default_factory=dict)  # each commune's fingerprint as listings show it
    written: dict[str, str] = field(default_factory=dict)  # hash of each file on disk: rewrite only changes
    rendering: RenderMemory = field(default_factory=RenderMemory)  # templates, rows, what is on disk
