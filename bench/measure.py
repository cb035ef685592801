"""One measurement in a fresh process (so that peak memory is this run's only); prints JSON.

python bench/measure.py build CONTENT OUTPUT CACHE      a full build (cold or warm, by the cache's state)
python bench/measure.py edit CONTENT OUTPUT CACHE       serve's path: build, then edit one commune and
                                                        rebuild, three times (median)
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vitrine import pipeline

AS_OF = date(2026, 11, 26)
EDITS = 3


def main(mode: str, content: Path, output: Path, cache: Path) -> dict:
    settings = pipeline.Settings(search=False, cache=cache)
    if mode == "build":
        start = time.perf_counter()
        timer = pipeline.build(content, output, AS_OF, settings)
        seconds = time.perf_counter() - start
    else:
        state = pipeline.PreviewState()
        preview = pipeline.Settings(search=False, cache=cache, preview=True)
        pipeline.build(content, output, AS_OF, preview, state)
        folders = sorted((content / "communes").iterdir())
        edits = []  # three edits to three communes: the median is steadier than one time on a busy machine
        for step in range(EDITS):
            pitch = folders[(7 + 101 * step) % len(folders)] / "fr.md"
            text = pitch.read_text(encoding="utf-8")
            pitch.write_text(text + f"\nModifié à {time.time()}.\n", encoding="utf-8")
            start = time.perf_counter()
            timer = pipeline.build(content, output, AS_OF, preview, state)
            edits.append(time.perf_counter() - start)
        seconds = statistics.median(edits)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    return {
        "seconds": seconds,
        "peak_mb": peak,
        "pages": timer.pages,
        "rendered": timer.rendering.rendered,
        "stages": timer.seconds,
        "runs": edits if mode == "edit" else [seconds],
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))))
