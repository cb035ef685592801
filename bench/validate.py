"""The schema checks alone, with and without the compiled validator: every file of a content folder (each
commune's profile and progress, every front matter, the settings) checked against its schema, the best of
a few rounds; then the validate stage of a whole check (schemas and rules), once each way.

    python bench/generate.py 1000 /tmp/bench-1000
    python bench/validate.py /tmp/bench-1000 [--rounds 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vitrine import pipeline
from vitrine.report import StageTimer
from vitrine.schema import schema_documents, schema_errors

AS_OF = date(2026, 11, 26)


def schema_time(docs: list[tuple[str, object]], compiled: bool, rounds: int) -> tuple[float, int]:
    """Best time over `rounds` to check every document, and how many have an error."""
    for kind in {kind for kind, _ in docs}:
        schema_errors(kind, None, compiled)  # compiles the validators: once per process, not measured
    best, invalid = float("inf"), 0
    for _ in range(rounds):
        start = time.perf_counter()
        invalid = sum(bool(schema_errors(kind, data, compiled)) for kind, data in docs)
        best = min(best, time.perf_counter() - start)
    return best, invalid


def stage_time(content: Path, compiled: bool) -> float:
    timer = StageTimer()
    settings = pipeline.Settings(search=False, compiled_schemas=compiled)
    pipeline.check_content(content, AS_OF, settings, timer)
    return timer.seconds["validate"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    docs = schema_documents(args.content)
    print(f"{len(docs)} documents")
    for compiled in (False, True):
        label = "compiled first" if compiled else "jsonschema alone"
        seconds, invalid = schema_time(docs, compiled, args.rounds)
        print(f"{label:>16}: schemas {seconds:.2f} s ({invalid} with errors)", end="", flush=True)
        print(f", validate stage {stage_time(args.content, compiled):.2f} s")


if __name__ == "__main__":
    main()
