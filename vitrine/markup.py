"""Markdown to safe HTML: Python-Markdown, then nh3 with an allow-list, then site-relative links."""

from __future__ import annotations

import html as html_lib
import re
import signal
import threading
from collections.abc import Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import nh3

from .cache import DiskCache, fingerprint
from .i18n import typeset
from .loader import MarkdownDoc, read_markdown
from .problems import ContentError, Problem, problem, say

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "caption",
    "code",
    "dd",
    "del",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "hr",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "small",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "*": {"lang"},  # no id: a text's id could repeat one of the page's own
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
_ROOT_LINK = re.compile(r'(href|src)="/(?!/)')
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_TAGS = re.compile(r"<[^>]+>")
PARALLEL_THRESHOLD = 50  # below this many texts, starting processes costs more than it saves
# A real text renders in milliseconds; some inputs (thousands of unclosed '[') would take Python-Markdown
# hours: past this, the text is an error.
SECONDS_PER_TEXT = 5


class TextTooSlow(BaseException):  # not an Exception: no `except Exception` in a library may swallow it
    """A text took longer than SECONDS_PER_TEXT to render."""


def markdown_to_html(text: str, base_path: str) -> str:
    """Render Markdown, sanitise it, and point root links (/communes/…) under the site's base path."""
    with _time_limit(SECONDS_PER_TEXT):
        html = markdown.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_local_images_only,
    )
    base = html_lib.escape(base_path)  # validated already; escaped all the same, as it goes into HTML
    return _ROOT_LINK.sub(lambda m: f'{m.group(1)}="{base}', clean)


def _local_images_only(tag: str, attribute: str, value: str) -> str | None:
    """Images come from the site itself: a remote one would tell another server who reads the page."""
    if tag == "img" and attribute == "src" and (urlsplit(value).scheme or value.startswith("//")):
        return None
    return value


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise TextTooSlow in the block after `seconds` (an interval timer: main thread only, elsewhere no
    limit; the build and its worker processes render in their main thread)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(*_) -> None:
        raise TextTooSlow

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def first_paragraph_text(html: str, limit: int = 180) -> str:
    """Plain text of the first paragraph, cut at a word boundary: a fallback page description."""
    match = _FIRST_PARAGRAPH.search(html)
    text = " ".join(html_lib.unescape(_TAGS.sub("", match.group(1) if match else html)).split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def render_one(text: str, typography: str, base_path: str) -> str:
    """HTML of one text, in its language's typography (a name of i18n.TYPOGRAPHIES, "" for none)."""
    return typeset(markdown_to_html(text, base_path), typography)


def _render_job(job: tuple[str, str, str]) -> str | None:
    """The HTML of one text, or None when it takes too long or nests too deeply for Python-Markdown."""
    try:
        return render_one(*job)
    except (TextTooSlow, RecursionError):
        return None


def _too_slow(path: Path) -> Problem:
    message = say(
        "this text is too complex to turn into a page (it takes over %(seconds)s seconds or nests too "
        "deeply): look for many unclosed '[' or '<' or deeply indented lists, or split it",
        seconds=SECONDS_PER_TEXT,
    )
    return problem(path, 1, 1, message)


@dataclass(frozen=True, slots=True)
class StoredHtml:
    """Where the cache keeps a text's HTML until a page shows it, so that a build of thousands of communes
    does not hold all their texts in memory. Only the key counts in comparisons and page fingerprints."""

    key: str  # covers the text, its typography, the base path and the generator's code
    cache: DiskCache = field(repr=False, compare=False)
    source: str = field(repr=False, compare=False)  # the Markdown file
    lang: str = field(repr=False, compare=False)
    base_path: str = field(repr=False, compare=False)
    typography: str = field(repr=False, compare=False, default="")

    def read(self) -> str:
        html = self.cache.get("markdown", self.key)
        return self._render_again() if html is None else html.decode("utf-8")

    def _render_again(self) -> str:
        """The cache folder was emptied since: the file is rendered again, if it still says the same."""
        path, problems = Path(self.source), []
        try:
            doc = read_markdown(path, self.lang, path.stem, problems)
        except OSError:
            doc = None
        if doc is None or _key(doc, self.typography, self.base_path) != self.key:
            raise ContentError([problem(path, 1, 1, say("file changed during the build: build again"))])
        html = _render_job((doc.body, self.typography, self.base_path))
        if html is None:
            raise ContentError([_too_slow(path)])
        self.cache.put("markdown", self.key, html.encode("utf-8"))
        return html


class MarkdownRenderer:
    """Renders texts a batch at a time: cached ones are reused, the others rendered over `workers` processes.
    Used as a context manager, it keeps its processes for every batch of the build."""

    def __init__(self, cache: DiskCache, workers: int = 1):
        self.cache = cache
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> MarkdownRenderer:
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None

    def render(
        self, docs: list[MarkdownDoc], base_path: str, typography: Mapping[str, str] | None = None
    ) -> list[tuple[str, str | StoredHtml]]:
        """For each text, in order: its HTML, in its language's typography (`typography`: language ->
        name of its i18n.TYPOGRAPHIES), and what to keep of it until pages are rendered (a reference to
        the cache, or the HTML itself when there is no cache folder)."""
        styles = [(typography or {}).get(doc.lang, "") for doc in docs]
        keys = [_key(doc, style, base_path) for doc, style in zip(docs, styles, strict=True)]
        found = [self.cache.get("markdown", key) for key in keys]
        todo = [i for i, html in enumerate(found) if html is None]
        jobs = [(docs[i].body, styles[i], base_path) for i in todo]
        if self.workers > 1 and len(jobs) >= 2 * PARALLEL_THRESHOLD:
            self.pool = self.pool or ProcessPoolExecutor(self.workers)
            chunk = max(1, len(jobs) // (self.workers * 8))
            rendered = list(self.pool.map(_render_job, jobs, chunksize=chunk))
        else:
            rendered = [_render_job(job) for job in jobs]
        slow = [_too_slow(docs[i].path) for i, html in zip(todo, rendered, strict=True) if html is None]
        if slow:
            raise ContentError(slow)
        for index, html in zip(todo, rendered, strict=True):
            found[index] = html.encode("utf-8")
            self.cache.put("markdown", keys[index], found[index])
        htmls = [html.decode("utf-8") for html in found]
        if self.cache.folder is None:
            return [(html, html) for html in htmls]
        return [
            (html, StoredHtml(key, self.cache, str(doc.path), doc.lang, base_path, style))
            for html, key, doc, style in zip(htmls, keys, docs, styles, strict=True)
        ]


def _key(doc: MarkdownDoc, typography: str, base_path: str) -> str:
    """What a text's HTML depends on, besides the generator's code."""
    return fingerprint("markdown", base_path, typography, doc.body)
