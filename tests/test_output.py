"""Write stage: an interrupted or killed build never damages the previous output."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

import vitrine.write
from vitrine.write import write_output

from .conftest import ROOT
from .test_cli import snapshot


def test_interrupted_write_keeps_previous_output(tmp_path, monkeypatch):
    output = tmp_path / "site"
    write_output({"index.html": b"old", "a/index.html": b"old a"}.items(), {}, output)
    before = snapshot(output)
    written = []

    def copy_then_interrupt(source, target):
        written.append(target)
        raise KeyboardInterrupt  # as if Ctrl+C arrived in the middle of writing

    monkeypatch.setattr(vitrine.write.shutil, "copyfile", copy_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_output({"index.html": b"new"}.items(), {"photo.jpg": ROOT / "README.md"}, output)
    assert written and snapshot(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_killed_build_keeps_previous_output_and_next_build_cleans_up(tmp_path):
    """Kill builds while they write their new folder, and while they swap it for the old one: the site
    stays whole (the old one, or the new one, which is the same bytes), and the next build clears what the
    killed ones left. --no-cache: every build writes (the up-to-date check would answer without writing)."""
    command = [sys.executable, str(ROOT / "build.py"), "--content", str(ROOT / "examples" / "demo")]
    command += ["--output", "site", "--as-of", "2026-11-26", "--no-cache", "--no-search"]
    subprocess.run(command, cwd=tmp_path, check=True, capture_output=True)
    before = snapshot(tmp_path / "site")
    for files_written in (1, 10, 30):  # early and later in the write (a build writes about 110 files)
        for _ in range(5):  # a busy machine may let the build run past the moment: try again
            process = start(command, tmp_path)
            caught = wait_for(lambda n=files_written: files_in_new_folder(tmp_path) >= n, process)
            if caught:
                kill(process)
            process.wait()
            assert snapshot(tmp_path / "site") == before
            if caught:
                break
        assert caught, f"no build was caught with {files_written} files written"
    process = start(command, tmp_path)  # as soon as the output folder changes: during the swap
    if wait_for(lambda: output_changed(tmp_path / "site", before), process):
        kill(process)
    process.wait()
    assert snapshot(tmp_path / "site") == before
    subprocess.run(command, cwd=tmp_path, check=True, capture_output=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert snapshot(tmp_path / "site") == before


def start(command: list[str], folder) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def kill(process: subprocess.Popen) -> None:
    os.kill(process.pid, signal.SIGKILL)
    process.wait()


def wait_for(condition, process: subprocess.Popen) -> bool:
    """Poll a condition while the build runs; False if the build ended first."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if condition():
                return True
        except FileNotFoundError:  # a folder swapped or removed while it was read
            pass
    return False


def files_in_new_folder(folder) -> int:
    """Files in a running build's new folder (beside the output)."""
    return max(
        (sum(1 for p in new.rglob("*") if p.is_file()) for new in folder.glob(".site.new-*")), default=0
    )


def output_changed(site, before: dict[str, bytes]) -> bool:
    """The output folder no longer holds the same set of files."""
    return not site.is_dir() or sum(1 for p in site.rglob("*") if p.is_file()) != len(before)
