"""One measurement in a fresh process (so that peak memory is this run's only); prints JSON.

python bench/measure.py build CONTENT OUTPUT CACHE      a full build (cold or warm, by the cache's state)
python bench/measure.py edit CONTENT OUTPUT CACHE       serve's path: build, edit one commune, rebuild
"""

from __future__ import annotations

import json
import resource
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import build  # noqa: E402

AS_OF = date(2026, 11, 26)


def main(mode: str, content: Path, output: Path, cache: Path) -> dict:
    settings = build.Settings(search=False, cache=cache)
    if mode == "build":
        start = time.perf_counter()
        timer = build.build(content, output, AS_OF, settings)
        seconds = time.perf_counter() - start
    else:
        state = build.BuildState()
        preview = build.Settings(search=False, cache=cache, preview=True)
        build.build(content, output, AS_OF, preview, state)
        pitch = sorted((content / "communes").iterdir())[len(state.written) % 7] / "fr.md"
        pitch.write_text(
            pitch.read_text(encoding="utf-8") + f"\nModifié à {time.time()}.\n", encoding="utf-8"
        )
        start = time.perf_counter()
        timer = build.build(content, output, AS_OF, preview, state)
        seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    return {
        "seconds": seconds,
        "peak_mb": peak,
        "pages": timer.pages,
        "rendered": timer.rendering.rendered,
        "stages": timer.seconds,
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))))
