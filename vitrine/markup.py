"""Markdown to safe HTML: Python-Markdown, then nh3 with an allow-list, then site-relative links."""

from __future__ import annotations

import html as html_lib
import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import nh3

from .i18n import typeset
from .problems import Problem, problem, say

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
# A real text renders in milliseconds; some inputs (thousands of unclosed '[') would take Python-Markdown
# hours: past this, the text is an error.
SECONDS_PER_TEXT = 5


class TextTooSlow(BaseException):  # not an Exception: no `except Exception` in a library may swallow it
    """A text took longer than SECONDS_PER_TEXT to render."""


def markdown_to_html(text: str, base_path: str, converter: markdown.Markdown | None = None) -> str:
    """Render Markdown, sanitise it, and point root links (/communes/…) under the site's base path.
    `converter`: one made by new_converter(), for several texts in a row."""
    converter = converter or new_converter()
    with _time_limit(SECONDS_PER_TEXT):
        html = converter.reset().convert(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_local_images_only,
    )
    base = html_lib.escape(base_path)  # validated already; escaped all the same, as it goes into HTML
    return _ROOT_LINK.sub(lambda m: f'{m.group(1)}="{base}', clean)


def new_converter() -> markdown.Markdown:
    """A Markdown converter: making one (its extensions) costs a third of rendering a text, so a batch of
    texts shares one, reset before each text."""
    return markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")


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


def render_one(text: str, typography: str, base_path: str, converter: markdown.Markdown | None = None) -> str:
    """HTML of one text, in its language's typography (a name of i18n.TYPOGRAPHIES, "" for none)."""
    return typeset(markdown_to_html(text, base_path, converter), typography)


def render_job(job: tuple[str, str, str], converter: markdown.Markdown | None = None) -> str | None:
    """The HTML of one text, or None when it takes too long or nests too deeply for Python-Markdown."""
    try:
        return render_one(*job, converter)
    except (TextTooSlow, RecursionError):
        return None


def render_jobs(jobs: list[tuple[str, str, str]]) -> list[str | None]:
    """render_job() for each text, with one converter, made anew after a text that failed (one stopped
    halfway is left in a state that reset() does not undo)."""
    converter, rendered = new_converter(), []
    for job in jobs:
        html = render_job(job, converter)
        if html is None:
            converter = new_converter()
        rendered.append(html)
    return rendered


def too_slow(path: Path) -> Problem:
    message = say(
        "this text is too complex to turn into a page (it takes over %(seconds)s seconds or nests too "
        "deeply): look for many unclosed '[' or '<' or deeply indented lists, or split it",
        seconds=SECONDS_PER_TEXT,
    )
    return problem(path, 1, 1, message)
