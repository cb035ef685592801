"""A persistent, content-addressed cache (.cache/): results kept under the hash of everything they depend on.

A key covers the generator's version and every input, so an entry can only ever be reused for the same
inputs: the cache never serves stale output, it can only miss. Deleting the folder is always safe.

Entries are bytes, never code, and each is sealed with a secret that the build itself wrote into the
folder: an entry that arrives any other way (a pull request adding files under .cache/, a shared CI cache)
fails its seal and is a miss, so forged HTML is never served.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
import tempfile
from dataclasses import dataclass
from functools import cached_property
from importlib.metadata import distributions
from pathlib import Path

from .. import __version__
from ..loader import regular_file_bytes


def _code_hash() -> str:
    """The generator's own code: a change to it (even without a new version number) changes every key."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parent.parent.rglob("*")):
        if path.suffix in (".py", ".json"):
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


CODE = _code_hash()


def libraries() -> list[tuple[str, str]]:
    """The installed distributions and their versions (Markdown, Jinja2, Pillow, Pagefind…: another version
    may write other bytes). Not in every entry's key (reading them takes a tenth of a second): in the
    up-to-date check's, and in the name of the cache CI restores (tools/ci_cache_key.py)."""
    return sorted((package.metadata["Name"] or "", package.version) for package in distributions())


def fingerprint(*parts: object) -> str:
    """A stable hash of the parts' text (reprs of frozen model objects are deterministic)."""
    digest = hashlib.sha256((__version__ + CODE).encode())
    for part in parts:
        digest.update(b"\x00")
        digest.update(part if isinstance(part, bytes) else repr(part).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def tree_digest(folder: Path) -> str:
    """A hash of the paths of every folder and file under the folder, and of every regular file's bytes: a
    build's inputs, read without parsing. Links and special files are not followed or read (a link to
    /dev/zero would never end): the loader reports them as errors."""
    digest = hashlib.sha256()
    for directory, subfolders, names in os.walk(folder):  # os.walk does not follow linked folders
        subfolders.sort()  # os.walk visits them in this order: the hash does not depend on the disk's
        digest.update(b"folder " + _relative(directory, folder) + b"\x00")
        for name in sorted(names):
            path = os.path.join(directory, name)
            digest.update(_relative(path, folder) + b"\x00")
            digest.update(_file_digest(path))
    return digest.hexdigest()


def _file_digest(path: str) -> bytes:
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:  # e.g. a link: the loader reports it if it matters
        return b"not read"
    with os.fdopen(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return b"not a file"
        return hashlib.file_digest(file, "sha256").digest()


def _relative(path: str, folder: Path) -> bytes:
    return os.path.relpath(path, folder).encode("utf-8", "surrogateescape")


@dataclass(frozen=True)
class DiskCache:
    """Entries as files under folder/namespace/ab/abcdef…, each its seal then its bytes; None for the folder
    means no caching."""

    folder: Path | None

    def get(self, namespace: str, key: str) -> bytes | None:
        if self.folder is None:
            return None
        entry = _entry_bytes(self._path(namespace, key))
        if entry is None:
            return None
        seal, value = entry[:SEAL_BYTES], entry[SEAL_BYTES:]
        return value if hmac.compare_digest(seal, self._seal(namespace, key, value)) else None

    def has(self, namespace: str, key: str) -> bool:
        """Whether an entry is there (get() may still find it forged or gone)."""
        return self.folder is not None and self._path(namespace, key).is_file()

    def put(self, namespace: str, key: str, value: bytes) -> None:
        if self.folder is None:
            return
        path = self._path(namespace, key)
        # Not kept, rather than a failed build, when something else stands where the entry goes (a folder
        # or a link planted in a restored cache) or the disk refuses: a cache can only miss.
        if any(folder.is_symlink() for folder in (path.parent, path.parent.parent)):
            return  # never written through a link to another folder
        try:
            handle = _new_file(path)
            if handle is None:  # another process is writing this entry now, with the same bytes
                return
            with os.fdopen(handle, "wb") as file:
                file.write(self._seal(namespace, key, value) + value)
        except OSError:
            pass

    def prepare(self) -> None:
        """Make the folder's secret now (before worker processes fork: they must all seal with it)."""
        if self.folder is not None:
            self._secret  # noqa: B018 (a cached property: reading it makes it)

    def _path(self, namespace: str, key: str) -> Path:
        assert self.folder is not None  # callers return early without a folder
        return self.folder / namespace / key[:2] / key

    def _seal(self, namespace: str, key: str, value: bytes) -> bytes:
        # Keyed BLAKE2 is a MAC in itself, and hashes faster than HMAC-SHA256 (pages are read back by the MB).
        seal = hashlib.blake2b(f"{namespace}\x00{key}\x00".encode(), key=self._secret, digest_size=SEAL_BYTES)
        seal.update(value)
        return seal.digest()

    @cached_property
    def _secret(self) -> bytes:
        """The folder's secret: kept only if this user wrote it readable by nobody else (Git cannot record
        such a file, and a CI cache keeps modes), else replaced, which turns every entry into a miss."""
        assert self.folder is not None  # only sealing reads it, and only with a folder
        path = self.folder / SECRET_FILE
        try:
            descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            with os.fdopen(descriptor, "rb") as file:
                info = os.fstat(descriptor)
                secret = file.read(SEAL_BYTES + 1)
            if (
                stat.S_ISREG(info.st_mode)
                and info.st_uid == os.getuid()
                and not info.st_mode & 0o077
                and len(secret) == SEAL_BYTES
            ):
                return secret
        except OSError:
            pass
        secret = secrets.token_bytes(SEAL_BYTES)
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.folder)  # created readable by this user only
        with os.fdopen(handle, "wb") as file:
            file.write(secret)
        os.replace(temporary, path)
        return secret


def _entry_bytes(path: Path) -> bytes | None:
    """The bytes of an entry; None for anything but a regular file no larger than any entry: never through a
    link (one to /dev/zero would never end), never a planted file of gigabytes."""
    try:
        entry = regular_file_bytes(path, MAX_ENTRY_BYTES)
    except OSError:  # a read refused: a miss, like any entry not there
        return None
    return entry if entry is not None and len(entry) <= MAX_ENTRY_BYTES else None


def _new_file(path: Path) -> int | None:
    """A new file at the path, open for writing; None when another process made it meanwhile.

    No temporary file and rename (0.2 to 0.4 s of a cold build of 1,000 communes: bench/README.md): an
    entry half written, by a build killed or by another process writing the same key, fails its seal,
    which makes it a miss. Made with O_EXCL, so a link planted where an entry goes is removed, never
    written through. The folder is made only when missing (new, or emptied since), not asked for on every
    entry."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    try:
        return os.open(path, flags, 0o600)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # an older entry (or a link): replaced
        path.unlink(missing_ok=True)
    try:
        return os.open(path, flags, 0o600)
    except FileExistsError:
        return None


SEAL_BYTES = 32  # a keyed BLAKE2b digest (and the secret's length)
MAX_ENTRY_BYTES = 64_000_000  # the largest entry, a photo's derived images, is a few megabytes
SECRET_FILE = "secret"
