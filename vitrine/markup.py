"""Markdown to safe HTML: Python-Markdown, then nh3 with an allow-list, then site-relative links."""

from __future__ import annotations

import html as html_lib
import re

import markdown
import nh3

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
