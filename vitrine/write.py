"""Write stage: build into a temporary folder beside the output, then swap it into place."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .problems import Message, say

# A file's bytes; or its pieces (the largest pages), read in full before the next file is asked for, as
# they are rendered on demand; or None: unchanged on disk.
FileContent = bytes | Iterable[bytes] | None
MARKER = ".vitrine-build"
MARKER_TEXT = b"Written by vitrine (build.py). This folder is replaced as a whole on every build.\n"


def unsafe_output_reason(output: Path, protected: list[Path]) -> Message | None:
    """Why writing to this folder could destroy something, or None when it is safe."""
    target = output.resolve()
    for folder in protected:
        folder = folder.resolve()
        if target == folder or target in folder.parents:
            return say(
                "%(output)s is or contains %(folder)s: choose another output folder, e.g. site",
                output=output,
                folder=folder.name or folder,
            )
    if target.exists() and not target.is_dir():
        return say("%(output)s is a file, not a folder", output=output)
    if target.is_dir() and any(target.iterdir()) and not has_own_marker(target):
        return say(
            "%(output)s exists and was not written by build.py: choose an empty or new folder", output=output
        )
    return None


def write_output(
    files: Iterable[tuple[str, FileContent]],
    copies: dict[str, Path],
    output: Path,
    finish: Callable[[Path], None] | None = None,
) -> int:
    """Write every file into a fresh folder, let `finish` complete it (the search index), then swap it for
    the old output; return the file count."""
    output.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(output)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    try:
        written, folders = 0, {staging}
        for relative, content in files:
            _put(staging / relative, content, folders)
            written += 1
        _copy_all(copies, staging)
        mark(staging)
        if finish:
            finish(staging)
        staging.chmod(0o755)
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return written + len(copies)


def mark(folder: Path) -> None:
    """Mark a folder as made by build.py. Besides its sentence for people, the marker's modification time is
    the folder's own inode number: a marker copied, committed or unpacked from elsewhere does not carry it,
    and the site's bytes stay the same from build to build."""
    marker = folder / MARKER
    marker.write_bytes(MARKER_TEXT)
    stamp = _stamp(folder)
    os.utime(marker, (stamp, stamp))


def has_own_marker(folder: Path) -> bool:
    marker = folder / MARKER
    if marker.is_symlink() or not marker.is_file():
        return False
    with marker.open("rb") as file:
        text = file.read(len(MARKER_TEXT) + 1)
    return text == MARKER_TEXT and int(marker.stat().st_mtime) == _stamp(folder)


def _stamp(folder: Path) -> int:
    """The folder's inode number as a time in whole seconds, which every file system keeps."""
    return folder.stat().st_ino % 2**31


def manifest(folder: Path) -> str:
    """One line per file of a written site: size, modification time, path. Any change to the folder after
    a build (a file edited, added or removed by hand) changes it."""
    lines = []
    for directory, _, names in sorted(os.walk(folder)):
        for name in sorted(names):
            path = os.path.join(directory, name)
            stat = os.stat(path)
            lines.append(f"{stat.st_size} {stat.st_mtime_ns} {os.path.relpath(path, folder)}")
    return "\n".join(lines)


def remove_leftovers(output: Path) -> None:
    """Delete temporary folders that a killed build may have left beside the output."""
    for pattern in (f".{output.name}.new-*", f".{output.name}.old-*"):
        for leftover in output.parent.glob(pattern):
            shutil.rmtree(leftover, ignore_errors=True)


def _swap(staging: Path, output: Path) -> None:
    if not output.exists():
        staging.rename(output)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
    retired.rmdir()
    output.rename(retired)
    staging.rename(output)
    shutil.rmtree(retired, ignore_errors=True)


def recorded(files: Iterable[tuple[str, FileContent]], hashes: dict[str, str]) -> Iterator[tuple[str, bytes]]:
    """Pass the files through, noting the hash of each (for update_output next time)."""
    for relative, content in files:
        content = _whole(content)
        hashes[relative] = hashlib.sha256(content).hexdigest()
        yield relative, content


def update_output(
    files: Iterable[tuple[str, FileContent]], copies: dict[str, Path], output: Path, hashes: dict[str, str]
) -> int:
    """Live preview: rewrite in place only the files whose content changed (None: known unchanged), and
    remove the ones no longer produced. Not atomic, which is fine for a preview; the published build
    always uses write_output."""
    produced: dict[str, str] = {}
    changed, folders = 0, set[Path]()
    for relative, content in files:
        if content is None:  # the same as the file on disk: not read, not hashed
            produced[relative] = hashes[relative]
            continue
        content = _whole(content)
        digest = hashlib.sha256(content).hexdigest()
        produced[relative] = digest
        if hashes.get(relative) != digest:
            _put(output / relative, content, folders)
            changed += 1
    _copy_all(copies, output)
    for relative in set(hashes) - set(produced):
        (output / relative).unlink(missing_ok=True)
    hashes.clear()
    hashes.update(produced)
    return changed


def _put(target: Path, content: FileContent, folders: set[Path]) -> None:
    """Write a file, making its folder unless this write already made it (`folders`): the share images,
    open data and assets share a few folders."""
    assert content is not None, "an unchanged file (None) is for update_output only"
    if target.parent not in folders:
        target.parent.mkdir(parents=True, exist_ok=True)
        folders.add(target.parent)
    with target.open("wb") as file:
        if isinstance(content, bytes):
            file.write(content)
        else:
            file.writelines(content)


def _whole(content: FileContent) -> bytes:
    assert content is not None, "an unchanged file (None) is for update_output only"
    return content if isinstance(content, bytes) else b"".join(content)


def _copy_all(copies: dict[str, Path], folder: Path) -> None:
    for relative, source in copies.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
