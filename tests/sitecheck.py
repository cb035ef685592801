"""Read a built site the way a crawler would: pages, their links and their language data."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

from vitrine.paths import admin_path


@dataclass
class PageInfo:
    lang: str = ""
    title: str = ""
    description: str = ""
    canonical: str = ""
    alternates: dict[str, str] = field(default_factory=dict)
    links: list[str] = field(default_factory=list)  # every href and src
    text: str = ""


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.info = PageInfo()
        self._in_title = False
        self._chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.info.lang = a.get("lang", "")
        elif tag == "title":
            self._in_title = True
        elif tag == "meta" and a.get("name") == "description":
            self.info.description = a.get("content", "")
        elif tag == "link" and a.get("rel") == "canonical":
            self.info.canonical = a["href"]
        elif tag == "link" and a.get("rel") == "alternate" and a.get("hreflang"):
            self.info.alternates[a["hreflang"]] = a["href"]
        for name in ("href", "src"):
            if a.get(name) is not None:
                self.info.links.append(a[name])

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.info.title += data
        self._chunks.append(data)

    def close(self):
        super().close()
        self.info.text = " ".join(" ".join(self._chunks).split())


def read_page(path: Path) -> PageInfo:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    collector.close()
    return collector.info


def html_pages(site: Path) -> dict[str, Path]:
    """URL path ('/communes/x/') -> file, for every HTML page (not the browser editor's, an application of
    its own tested by tests/browser/test_admin.py)."""
    pages = {}
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        if relative.startswith(admin_path()):
            continue
        pages["/" + relative.removesuffix("index.html")] = path
    return pages


def resolve_internal(site: Path, page_url: str, link: str) -> Path | None:
    """The file an internal link points to, or None for external, mailto: and tel: links."""
    parsed = urlparse(urljoin("http://site" + page_url, link))
    if parsed.netloc != "site":
        return None
    target = site / parsed.path.lstrip("/")
    return target / "index.html" if parsed.path.endswith("/") else target
