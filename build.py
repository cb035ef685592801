#!/usr/bin/env python3
"""Vitrine des communes: build, check, preview or scaffold the site.

python build.py [build] [--content DIR] [--output DIR] [--base-url URL] [--as-of YYYY-MM-DD] [--no-search]
python build.py check [--content DIR]
python build.py serve [--host 127.0.0.1] [--port 8000]
python build.py new commune "Name" --prefecture P --region R
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import partial
from importlib.metadata import distributions
from pathlib import Path

# Staff follow the guide with whatever Python they have: without the project's libraries, say what to run
# instead of showing a traceback (in French, the language of the guide, and in English).
try:
    from vitrine.cache import DiskCache, fingerprint, tree_digest
    from vitrine.i18n import load_locales
    from vitrine.images import derive_photos
    from vitrine.loader import FileMemo, RawContent, load_commune, open_content
    from vitrine.markup import MarkdownRenderer
    from vitrine.model import Commune, Model, ModelBuilder
    from vitrine.output import manifest, recorded, unsafe_output_reason, update_output, write_output
    from vitrine.pages import list_pages
    from vitrine.problems import (
        ContentError,
        Problem,
        errors_only,
        problem_data,
        problem_from_data,
        say,
        say_count,
        sort_problems,
    )
    from vitrine.render import RenderMemory, make_environment, photo_originals, render_site
    from vitrine.report import Reporter, StageTimer, content_language
    from vitrine.search import SearchIndexError, index_site
    from vitrine.validate import ContentChecks, base_url_is_valid, schema_files
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

ROOT = Path(__file__).resolve().parent
TEMPLATES, STATIC, LOCALE = ROOT / "templates", ROOT / "static", ROOT / "locale"
# Rendered Markdown, pages and share images (git-ignored, safe to delete), beside the output like site/:
# where the command runs, so a build run elsewhere (a test in its own folder) never shares it.
CACHE = Path(".cache")
COMMANDS = ("build", "check", "serve", "new")
COMMUNES_AT_ONCE = 200  # read, checked and modelled together: enough to keep every core busy


@dataclass
class BuildState:
    """What the live preview keeps between rebuilds, so that an edit redoes only what it affects."""

    files: FileMemo = field(default_factory=FileMemo)  # unchanged files are not read again
    valid: set[str] = field(default_factory=set)  # nor checked again (schema, rules): see PassedChecks
    written: dict[str, str] = field(default_factory=dict)  # hash of each file on disk: rewrite only changes
    communes: dict[str, Commune] = field(default_factory=dict)  # the model's communes, by Commune.source
    rendering: RenderMemory = field(default_factory=RenderMemory)  # templates, rows, what is on disk
    photos: dict = field(default_factory=dict)  # each photo's hash, by its size and time: not read again


def check(
    content: Path,
    as_of: date,
    timer: StageTimer | None = None,
    state: BuildState | None = None,
    cache: DiskCache | None = None,
    modeller: Callable[[RawContent], ModelBuilder] | None = None,
) -> tuple[list[Problem], Model | None]:
    """Read and validate the content, a few communes at a time; return all problems (errors and warnings),
    and with a `modeller`, the model of content without errors (built as communes pass, so that the parsed
    files of thousands of communes never sit in memory together)."""
    timer = timer or StageTimer()
    memo = state.files if state else None
    cache = cache or DiskCache(None)
    # Files that already passed a check (same text, same schemas and rules) are not checked again.
    known = state.valid if state else set((cache.get("valid", "known") or b"").decode().split())
    before = set(known)
    with timer.stage("load"):
        head, folders, problems = open_content(content, memo)
    with timer.stage("validate"):
        checks = ContentChecks(head, as_of, known, problems)
    builder = modeller(head) if modeller and checks.settings_valid else None
    for start in range(0, len(folders), COMMUNES_AT_ONCE):
        with timer.stage("load"):
            communes = [
                load_commune(folder, problems, memo) for folder in folders[start : start + COMMUNES_AT_ONCE]
            ]
        with timer.stage("validate"):
            for commune in communes:
                checks.check_commune(commune)
        if builder and not errors_only(problems):  # with errors there is nothing to build
            with timer.stage("model"):
                builder.add(communes)
    with timer.stage("validate"):
        checks.finish()
    if known != before:
        cache.put("valid", "known", "\n".join(sorted(known)).encode())
    problems = sort_problems(problems)
    if builder is None or errors_only(problems):
        return problems, None
    with timer.stage("model"):
        return problems, builder.finish()


@dataclass(frozen=True)
class Settings:
    """How to build, beyond what to build: search, parallelism, caching, live-preview extras."""

    base_url: str | None = None
    search: bool = True
    jobs: int = os.cpu_count() or 1
    cache: Path | None = None  # a folder for the persistent cache (the command line's: CACHE); None: none
    preview: bool = False


def build(
    content: Path, output: Path, as_of: date, settings: Settings = Settings(), state: BuildState | None = None
) -> StageTimer:
    """The pipeline: load → validate → model, a chunk of communes at a time (check), then render + write
    (→ index). ContentError on bad content."""
    timer = StageTimer()
    cache = DiskCache(settings.cache)
    inputs = ""
    if state is None:  # the live preview keeps its own record of what changed
        with timer.stage("up-to-date check"):
            inputs = inputs_fingerprint(content, output, as_of, settings)
            if _take_outcome(cache, inputs, output, timer):
                return timer
    with MarkdownRenderer(cache, settings.jobs) as renderer:  # its worker processes serve every chunk
        kept = state.communes if state else None
        modeller = partial(
            ModelBuilder, as_of=as_of, base_url=settings.base_url, renderer=renderer, kept=kept
        )
        problems, model = check(content, as_of, timer, state, cache, modeller)
    if errors_only(problems):
        raise ContentError(problems)
    assert model is not None  # content without errors always has one
    timer.warnings = problems
    with timer.stage("photos"):  # derived images only: resized, re-encoded, without metadata
        photos = derive_photos(
            photo_originals(model, content), cache, settings.jobs, state.photos if state else None
        )
    with timer.stage("render + write" + (" + index" if settings.search else "")):
        pages = list_pages(model)
        locales = load_locales(LOCALE, list(model.site.languages))
        incremental = state is not None and bool(state.written) and output.is_dir()
        memory = _render_memory(state, incremental)
        env = memory.environment if memory and memory.environment else make_environment(TEMPLATES)
        rendering = render_site(
            model,
            pages,
            env,
            locales,
            STATIC,
            cache,
            timer.rendering,
            settings.preview,
            settings.jobs,
            memory,
            content,
            photos,
        )
        copies = schema_files()
        # Closed on failure, so that the share images' worker processes stop at once.
        with closing(rendering) as files:
            try:
                if incremental and state is not None:
                    timer.count = update_output(files, copies, output, state.written)
                else:
                    # The search index is built in the new folder: a failure leaves the old site in place.
                    finish = index_site if settings.search else None
                    to_write = recorded(files, state.written) if state is not None else files
                    timer.count = write_output(to_write, copies, output, finish)
            except BaseException:
                if state is not None:  # the next preview build writes every file again
                    state.written.clear()
                    state.rendering.forget_output()
                raise
        if memory:
            memory.written()
    timer.pages = len(pages)
    if inputs:
        warnings = [problem_data(item) for item in timer.warnings]
        outcome = [timer.pages, timer.count, warnings, manifest(output)]
        cache.put("outcome", inputs, json.dumps(outcome).encode())
    return timer


def _render_memory(state: BuildState | None, incremental: bool) -> RenderMemory | None:
    """The live preview's render memory, with its templates compiled once (and nothing known on disk when
    every file is to be written anew); None for a one-off build."""
    if state is None:
        return None
    memory = state.rendering
    if not incremental:  # every file is written anew: none may be skipped as unchanged
        memory.forget_output()
    if memory.environment is None:
        memory.environment = make_environment(TEMPLATES)
    return memory


def inputs_fingerprint(content: Path, output: Path, as_of: date, settings: Settings) -> str:
    """Everything a build's output depends on, read as bytes: content, templates, styles and scripts,
    catalogs, the generator's code (inside fingerprint()), the as-of date and the settings that show;
    and the output folder it was written to."""
    folders = [tree_digest(folder) for folder in (content, TEMPLATES, STATIC, LOCALE)]
    pipeline = Path(__file__).read_bytes()
    # Markdown, Jinja2, Pillow, Pagefind…: another version may write other bytes.
    libraries = sorted((package.metadata["Name"] or "", package.version) for package in distributions())
    return fingerprint(
        "inputs",
        folders,
        pipeline,
        libraries,
        as_of,
        settings.base_url,
        settings.search,
        settings.preview,
        sorted((k, v) for k, v in os.environ.items() if k.startswith("VITRINE_ADMIN_")),  # /admin/'s forge
        output.resolve(),
    )


def _take_outcome(cache: DiskCache, inputs: str, output: Path, timer: StageTimer) -> bool:
    """When the output still holds, untouched, what a build of these very inputs wrote, report that build's
    outcome (its warnings included) instead of building again. False when the cache does not know it."""
    try:  # JSON data, never code: the cache is not trusted to run anything
        pages, count, warnings, written = json.loads(cache.get("outcome", inputs) or b"null")
        warnings = [problem_from_data(item) for item in warnings]
        if not output.is_dir() or manifest(output) != written:
            return False
    except (OSError, ValueError, TypeError, KeyError):  # no entry, or a damaged one
        return False
    timer.pages, timer.count, timer.warnings, timer.up_to_date = int(pages), int(count), warnings, True
    return True


def reporter_for(content: Path) -> Reporter:
    """Messages in the content's default language (English when site.yaml cannot be read)."""
    lang = content_language(content)
    locale = load_locales(LOCALE, [lang])[lang] if lang in ("fr", "en") else None
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
        "--jobs", type=int, default=os.cpu_count() or 1, help="processes for Markdown (default: all cores)"
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
        problems, _ = check(args.content, default_as_of())
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
    reason = unsafe_output_reason(args.output, [ROOT, args.content, TEMPLATES, STATIC, LOCALE])
    if reason:
        report.say(say("build.py: refusing to write: "), reason)
        return 2
    if args.command == "serve":
        from vitrine.serve import serve

        preview_url = f"http://{args.host}:{args.port}/"
        state = (
            BuildState()
        )  # kept between rebuilds: an edit re-reads, re-checks and rewrites only what changed
        preview = Settings(preview_url, search=False, cache=CACHE, preview=True)
        watched = [args.content, TEMPLATES, STATIC, LOCALE]
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
    except SearchIndexError as error:
        report.say(say("build.py: "), error.message, say(" (the previous site was left untouched)"))
        return 1
    report.problems(timer.warnings)
    report.say(timer.summary(args.output), error=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
