"""A persistent, content-addressed cache (.cache/): results kept under the hash of everything they depend on.

A key covers the generator's version and every input, so an entry can only ever be reused for the same
inputs: the cache never serves stale output, it can only miss. Deleting the folder is always safe.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import __version__


def _code_hash() -> str:
    """The generator's own code: a change to it (even without a new version number) changes every key."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parent.rglob("*")):
        if path.suffix in (".py", ".json"):
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


CODE = _code_hash()


def fingerprint(*parts: object) -> str:
    """A stable hash of the parts' text (reprs of frozen model objects are deterministic)."""
    digest = hashlib.sha256((__version__ + CODE).encode())
    for part in parts:
        digest.update(b"\x00")
        digest.update(part if isinstance(part, bytes) else repr(part).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def tree_digest(folder: Path) -> str:
    """A hash of the paths of every folder and file under the folder, and of every file's bytes: a build's
    inputs, read without parsing. Linked folders are followed, as the loader follows them."""
    digest = hashlib.sha256()
    visited: set[tuple[int, int]] = set()
    for directory, subfolders, names in os.walk(folder, followlinks=True):
        stat = os.stat(directory)
        if (stat.st_dev, stat.st_ino) in visited:  # a link back up the tree: walked already
            subfolders.clear()
            continue
        visited.add((stat.st_dev, stat.st_ino))
        subfolders.sort()  # os.walk visits them in this order: the hash does not depend on the disk's
        digest.update(b"folder " + _relative(directory, folder) + b"\x00")
        for name in sorted(names):
            path = os.path.join(directory, name)
            digest.update(_relative(path, folder) + b"\x00")
            try:
                with open(path, "rb") as file:
                    digest.update(hashlib.file_digest(file, "sha256").digest())
            except OSError:  # e.g. a broken link: the loader reports it if it matters
                digest.update(b"unreadable")
    return digest.hexdigest()


def _relative(path: str, folder: Path) -> bytes:
    return os.path.relpath(path, folder).encode("utf-8", "surrogateescape")


@dataclass(frozen=True)
class DiskCache:
    """Entries as files under folder/namespace/ab/abcdef…; None for the folder means no caching."""

    folder: Path | None

    def get(self, namespace: str, key: str) -> bytes | None:
        if self.folder is None:
            return None
        try:
            return self._path(namespace, key).read_bytes()
        except OSError:
            return None

    def has(self, namespace: str, key: str) -> bool:
        return self.folder is not None and self._path(namespace, key).is_file()

    def put(self, namespace: str, key: str, value: bytes) -> None:
        if self.folder is None:
            return
        path = self._path(namespace, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename, so an interrupted build never leaves a half-written entry.
        handle, temporary = tempfile.mkstemp(dir=path.parent)
        with os.fdopen(handle, "wb") as file:
            file.write(value)
        os.replace(temporary, path)

    def _path(self, namespace: str, key: str) -> Path:
        return self.folder / namespace / key[:2] / key
