"""The pipeline: load → validate → model → photos → render → write → index, one timed stage each.

Each stage is a module named after it and returns a value; the speed layer (vitrine/incremental/) is asked
here only, never by a stage, and a build without it writes the same bytes.
"""

from __future__ import annotations

from contextlib import closing
from datetime import date
from pathlib import Path

from .i18n import load_locales
from .incremental.layer import SpeedLayer
from .incremental.markdown import MarkdownRenderer
from .incremental.preview import PreviewState
from .index import index_site
from .loader import load_commune, open_content
from .model.builder import ModelBuilder
from .model.types import Model
from .pages import list_pages
from .paths import SiteMap
from .problems import ContentError, Problem, errors_only, sort_problems
from .render import SiteRenderer, make_environment, photo_originals, site_inputs
from .report import StageTimer
from .schema import schema_files
from .settings import Settings
from .share import share_cards
from .validate import SchemaChecks, check_across, check_commune, check_settings


def build(
    content: Path,
    output: Path,
    as_of: date,
    settings: Settings | None = None,
    preview: PreviewState | None = None,
) -> StageTimer:
    """Build the site of `content` as of a date into `output`; ContentError (and the previous site left
    untouched) on bad content. `preview`: what the live preview keeps from one rebuild to the next."""
    settings = settings or Settings()
    timer, speed = StageTimer(), SpeedLayer(settings, preview)
    if speed.output_is_current(content, output, as_of, timer):
        return timer
    problems, model = check_content(content, as_of, settings, timer, speed, with_model=True)
    if model is None:
        raise ContentError(problems)
    timer.warnings = problems
    with timer.stage("photos"):  # derived images only: resized, re-encoded, without metadata
        photos = speed.derive_photos(photo_originals(model, content))
    pages = list_pages(model)
    locales = load_locales(settings.locale, list(model.site.languages))
    env = speed.environment(output, make_environment)
    version = speed.version_of(site_inputs(model, env, locales, settings))
    site = SiteRenderer(model, pages, env, locales, settings, photos, version, speed.fragments)
    index = timer.timed("index", index_site) if settings.search else None
    # closing(): a failed write ends the worker processes at once, not when the generator is collected
    with closing(speed.reused(site, share_cards(model, locales, content), photos, timer.rendering)) as files:
        with timer.stage("write"):
            timer.count = speed.write(timer.timed_files("render", files), schema_files(), output, index)
    timer.pages = len(pages)
    speed.remember_outcome(output, timer)
    return timer


def check_content(
    content: Path,
    as_of: date,
    settings: Settings | None = None,
    timer: StageTimer | None = None,
    speed: SpeedLayer | None = None,
    with_model: bool = False,
) -> tuple[list[Problem], Model | None]:
    """Load, validate and (`with_model`) model the content, a few communes at a time, so that the parsed
    files of thousands of communes never sit in memory together. Returns every problem (errors and
    warnings, sorted) and the model when there is no error."""
    settings = settings or Settings()
    timer, speed = timer or StageTimer(), speed or SpeedLayer(settings)
    checks = speed.passed_checks(content)
    with MarkdownRenderer(speed.markdown, settings.jobs) as renderer:  # its processes serve every chunk
        with timer.stage("load"):
            head, folders, problems = open_content(content, speed.files)
        with timer.stage("validate"):
            schemas = SchemaChecks(problems, checks, settings.compiled_schemas)
            rules = check_settings(head, as_of, schemas)  # None: the settings fail their schemas
        builder, locales = None, load_locales(settings.locale, list(rules.languages) if rules else [])
        if with_model and rules:  # texts take their typography from the catalogs
            builder = ModelBuilder(head, as_of, settings.base_url, renderer, locales, speed.communes)
        for start in range(0, len(folders), settings.communes_at_once):
            with timer.stage("load"):
                chunk = folders[start : start + settings.communes_at_once]
                communes = [load_commune(folder, problems, speed.files) for folder in chunk]
            with timer.stage("validate"):
                for commune in communes:
                    check_commune(commune, schemas, rules)
            if builder and not errors_only(problems):  # with errors there is nothing to build
                with timer.stage("model"):
                    builder.add(communes)
        with timer.stage("validate"):
            check_across(head, rules, SiteMap.of(locales) if locales else None)
        speed.remember_reads(content, checks)
        problems = sort_problems(problems)
        if builder is None or errors_only(problems):
            return problems, None
        with timer.stage("model"):
            return problems, builder.finish()
