#!/usr/bin/env python3
"""Vitrine des communes: build, check, preview or scaffold the site.

python build.py [build] [--content DIR] [--output DIR] [--base-url URL] [--as-of YYYY-MM-DD] [--no-search]
python build.py check [--content DIR]
python build.py serve [--host 127.0.0.1] [--port 8000]
python build.py new commune "Name" --prefecture P --region R
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, date, datetime
from pathlib import Path

# Staff follow the guide with whatever Python they have: without the project's libraries, say what to run
# instead of showing a traceback (in French, the language of the guide, and in English).
try:
    from vitrine.i18n import load_locales
    from vitrine.incremental.preview import PreviewState
    from vitrine.incremental.workers import WorkerFailed
    from vitrine.index import SearchIndexError
    from vitrine.pipeline import build, check_content
    from vitrine.problems import ContentError, errors_only, say, say_count
    from vitrine.report import Reporter, content_language
    from vitrine.schema import base_url_is_valid
    from vitrine.settings import PROJECT, Settings
    from vitrine.write import unsafe_output_reason
except ModuleNotFoundError as error:
    if (error.name or "").startswith("vitrine"):
        raise
    print(
        f"build.py\u00a0: le module Python «\u00a0{error.name}\u00a0» manque ici\u00a0: lancez plutôt "
        "«\u00a0make check\u00a0», «\u00a0make serve\u00a0» ou «\u00a0make site\u00a0», qui installent "
        "d’abord ce qu’il faut.\n"
        f"build.py: the Python module '{error.name}' is missing: run `make check`, `make serve` or "
        "`make site` instead, which install what is needed first.",
        file=sys.stderr,
    )
    sys.exit(2)

# Rendered Markdown, pages and share images (git-ignored, safe to delete), beside the output like site/:
# where the command runs, so a build run elsewhere (a test in its own folder) never shares it.
CACHE = Path(".cache")
COMMANDS = ("build", "check", "serve", "new")


def reporter_for(content: Path) -> Reporter:
    """Messages in the content's default language (English when site.yaml cannot be read)."""
    lang, catalogs = content_language(content), Settings().locale
    # Only a language that has a catalog: site.yaml is untrusted, its text never becomes a path.
    known = lang in {folder.name for folder in catalogs.iterdir() if folder.is_dir()}
    locale = load_locales(catalogs, [lang])[lang] if lang and known else None
    return Reporter(locale, annotate=os.environ.get("GITHUB_ACTIONS") == "true")


def default_as_of() -> date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return date.today()


def parse_args(argv: list[str]) -> argparse.Namespace:
    if not argv or argv[0] not in COMMANDS and argv[0] not in ("-h", "--help"):
        argv = ["build", *argv]
    parser = argparse.ArgumentParser(prog="build.py", description="Build the Vitrine des communes site.")
    commands = parser.add_subparsers(dest="command", required=True)

    build_cmd = commands.add_parser("build", help="read content/, write site/ (the default)")
    _add_content(build_cmd)
    _add_output(build_cmd)
    build_cmd.add_argument(
        "--base-url", type=_base_url, help="public address of the site, e.g. https://example.org/vitrine/"
    )
    build_cmd.add_argument(
        "--as-of", type=_iso_date, help="date the site is as of (default: SOURCE_DATE_EPOCH or today)"
    )
    build_cmd.add_argument(
        "--no-search", action="store_true", help="skip the search index, for fast previews"
    )
    build_cmd.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="processes for Markdown, pages and share images (default: all cores)",
    )
    build_cmd.add_argument(
        "--no-cache", action="store_true", help="render everything again, ignoring .cache/"
    )

    check_cmd = commands.add_parser("check", help="validate the content, write nothing")
    _add_content(check_cmd)

    serve_cmd = commands.add_parser("serve", help="live preview with automatic rebuild")
    _add_content(serve_cmd)
    _add_output(serve_cmd)
    serve_cmd.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve_cmd.add_argument("--port", type=int, default=8000, help="port (default 8000)")

    new_cmd = commands.add_parser("new", help="scaffold new content")
    new_cmd.add_argument("what", choices=["commune"])
    new_cmd.add_argument("name", help='the commune\'s name, e.g. "Kloto 4"')
    new_cmd.add_argument("--prefecture", required=True)
    new_cmd.add_argument("--region", required=True, help="region id from programme.yaml, e.g. plateaux")
    _add_content(new_cmd)
    return parser.parse_args(argv)


def _add_content(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content", type=Path, default=Path("content"), help="content folder (default: content)"
    )


def _add_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", type=Path, default=Path("site"), help="output folder (default: site)")


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date written YYYY-MM-DD"
        ) from None  # argparse: English


def _base_url(text: str) -> str:
    if not base_url_is_valid(text):  # it goes into every link: a web address and nothing else
        raise argparse.ArgumentTypeError(
            f"{text[:80]!r} is not a web address like https://example.org/vitrine/"
        )
    return text


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    report = reporter_for(args.content)
    if not args.content.is_dir():
        report.say(say("build.py: content folder not found: %(folder)s", folder=args.content))
        return 2
    if args.command == "check":
        problems, _ = check_content(args.content, default_as_of())
        report.problems(problems)
        errors = len(errors_only(problems))
        report.say(
            say(
                "%(errors)s, %(warnings)s",
                errors=say_count("%(n)s error", "%(n)s errors", errors),
                warnings=say_count("%(n)s warning", "%(n)s warnings", len(problems) - errors),
            )
        )
        return 1 if errors else 0
    if args.command == "new":
        from vitrine.scaffold import new_commune

        code, message = new_commune(args.content, args.name, args.prefecture, args.region, default_as_of())
        report.say(message, error=code != 0)
        return code
    reason = unsafe_output_reason(args.output, [PROJECT, args.content, *Settings().project_folders])
    if reason:
        report.say(say("build.py: refusing to write: "), reason)
        return 2
    if args.command == "serve":
        from vitrine.serve import serve

        preview_url = f"http://{args.host}:{args.port}/"
        state = PreviewState()  # an edit re-reads, re-checks and rewrites only what changed
        preview = Settings(preview_url, search=False, cache=CACHE, preview=True)
        watched = [args.content, *preview.project_folders]
        return serve(
            lambda: build(args.content, args.output, default_as_of(), preview, state),
            report,
            args.host,
            args.port,
            args.output,
            watched,
        )
    try:
        settings = Settings(
            args.base_url, not args.no_search, max(1, args.jobs), None if args.no_cache else CACHE
        )
        timer = build(args.content, args.output, args.as_of or default_as_of(), settings)
    except ContentError as error:
        report.problems(error.problems)
        count = len(errors_only(error.problems))
        report.say(
            say(
                "%(errors)s: the previous site was left untouched",
                errors=say_count("%(n)s error", "%(n)s errors", count),
            )
        )
        return 1
    except (SearchIndexError, WorkerFailed) as error:
        report.say(say("build.py: "), error.message, say(" (the previous site was left untouched)"))
        return 1
    report.problems(timer.warnings)
    report.say(timer.summary(args.output), error=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
