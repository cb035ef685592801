"""Markdown to safe HTML: Python-Markdown, then nh3 with an allow-list, then site-relative links."""

from __future__ import annotations

import html as html_lib
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import markdown
import nh3

from .cache import DiskCache, fingerprint
from .i18n import french_typography

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
    "*": {"lang", "id"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
_ROOT_LINK = re.compile(r'(href|src)="/(?!/)')
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_TAGS = re.compile(r"<[^>]+>")
PARALLEL_THRESHOLD = 50  # below this many texts, starting processes costs more than it saves


def markdown_to_html(text: str, base_path: str) -> str:
    """Render Markdown, sanitise it, and point root links (/communes/…) under the site's base path."""
    html = markdown.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES)
    return _ROOT_LINK.sub(lambda m: f'{m.group(1)}="{base_path}', clean)


def first_paragraph_text(html: str, limit: int = 180) -> str:
    """Plain text of the first paragraph, cut at a word boundary: a fallback page description."""
    match = _FIRST_PARAGRAPH.search(html)
    text = " ".join(html_lib.unescape(_TAGS.sub("", match.group(1) if match else html)).split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def render_one(text: str, lang: str, base_path: str) -> str:
    """HTML of one text, with its language's typography (French spacing for French)."""
    html = markdown_to_html(text, base_path)
    return french_typography(html) if lang == "fr" else html


def _render_job(job: tuple[str, str, str]) -> str:
    return render_one(*job)


@dataclass(frozen=True)
class MarkdownRenderer:
    """Renders many texts at once: cached ones are reused, the others rendered over `workers` processes."""

    cache: DiskCache
    workers: int = 1

    def render(self, texts: list[tuple[str, str]], base_path: str) -> list[str]:
        """HTML for each (text, lang), in order."""
        keys = [fingerprint("markdown", base_path, lang, text) for text, lang in texts]
        found = [self.cache.get("markdown", key) for key in keys]
        todo = [i for i, html in enumerate(found) if html is None]
        jobs = [(texts[i][0], texts[i][1], base_path) for i in todo]
        if self.workers > 1 and len(jobs) >= 2 * PARALLEL_THRESHOLD:
            with ProcessPoolExecutor(self.workers) as pool:
                rendered = list(
                    pool.map(_render_job, jobs, chunksize=max(1, len(jobs) // (self.workers * 8)))
                )
        else:
            rendered = [_render_job(job) for job in jobs]
        for index, html in zip(todo, rendered, strict=True):
            self.cache.put("markdown", keys[index], html.encode("utf-8"))
            found[index] = html.encode("utf-8")
        return [html.decode("utf-8") for html in found]
