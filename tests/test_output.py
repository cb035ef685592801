"""Write stage: an interrupted or killed build never damages the previous output."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

import vitrine.output
from vitrine.output import write_output

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

    monkeypatch.setattr(vitrine.output.shutil, "copyfile", copy_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_output({"index.html": b"new"}.items(), {"photo.jpg": ROOT / "README.md"}, output)
    assert written and snapshot(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_killed_build_keeps_previous_output_and_next_build_cleans_up(tmp_path):
    command = [
        sys.executable,
        str(ROOT / "build.py"),
        "--content",
        str(ROOT / "examples" / "demo"),
        "--output",
        "site",
        "--as-of",
        "2026-11-26",
    ]
    subprocess.run(command, cwd=tmp_path, check=True, capture_output=True)
    before = snapshot(tmp_path / "site")
    for delay in (0.1, 0.3, 0.45, 0.55):  # kill at different moments (the whole build takes about 0.6 s)
        process = subprocess.Popen(
            command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(delay)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert snapshot(tmp_path / "site") == before
    subprocess.run(command, cwd=tmp_path, check=True, capture_output=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert snapshot(tmp_path / "site") == before
