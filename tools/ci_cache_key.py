"""The name of the build cache (.cache/) that CI restores and saves, printed as a short hash:

    python tools/ci_cache_key.py

It covers the Python version, the generator's code and the versions of the libraries installed. Every
entry's key covers the generator's code but not the libraries (a newer Markdown, nh3 or segno may write
other bytes for the same input), and CI installs the newest versions pyproject.toml allows: a run
restores only a cache made by the same code with the same libraries. A cache made by other code, whose
entries would all miss, is left behind rather than carried along and saved again.
"""

from __future__ import annotations

import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vitrine.incremental.store import fingerprint, libraries  # noqa: E402

if __name__ == "__main__":
    print(fingerprint("ci cache", platform.python_version(), libraries())[:16])
