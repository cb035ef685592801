"""Report stage: time per stage and what was written."""

from __future__ import annotations

import time
from contextlib import contextmanager
from pathlib import Path


class StageTimer:
    """Measures each pipeline stage; one per build, never shared."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.pages = 0
        self.count = 0

    @contextmanager
    def stage(self, name: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start

    def summary(self, output: Path) -> str:
        stages = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in self.seconds.items())
        total = sum(self.seconds.values())
        return f"Built {self.pages} pages ({self.count} files) into {output} in {total:.2f}s: {stages}"
