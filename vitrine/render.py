"""Render stage: one Jinja2 environment turns the model and the page list into files (path -> bytes)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .i18n import Locale
from .model import Model, Text
from .pages import PageSpec, commune_path, news_path, section_path

LANGUAGE_NAMES = {"fr": "Français", "en": "English"}


def make_environment(templates_dir: Path) -> Environment:
    return Environment(
        loader=FileSystemLoader(templates_dir),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


class PageHelpers:
    """What templates may call for one language: translations, formatting and URLs. No lookups."""

    def __init__(self, model: Model, locale: Locale, stylesheet: str):
        self.model = model
        self.locale = locale
        self.lang = locale.lang
        self.default = model.site.default_language
        self.stylesheet = stylesheet

    def t(self, text: Text | None) -> str:
        """A content text in this page's language, falling back to the default language."""
        if not text:
            return ""
        return self.locale.typography(text.get(self.lang) or text[self.default])

    def _(self, message: str, **values) -> str:
        translated = self.locale.gettext(message)
        return translated % values if values else translated

    def n_(self, singular: str, plural: str, n: int, **values) -> str:
        """Plural-aware translation; %(n)s is the count."""
        return self.locale.ngettext(singular, plural, n) % {"n": n, **values}

    def url(self, path: str) -> str:
        return self.model.site.base_path + path

    def absolute(self, path: str) -> str:
        """Absolute address of a path below the base path (for canonical links, feeds)."""
        return self.model.site.base_url + path

    def absolute_url(self, url: str) -> str:
        """Absolute address of a URL returned by section(), commune() or news()."""
        return self.model.site.base_url + url.removeprefix(self.model.site.base_path)

    def section(self, name: str) -> str:
        return self.url(section_path(name, self.lang, self.default))

    def commune(self, slug: str) -> str:
        return self.url(commune_path(slug, self.lang, self.default))

    def news(self, slug: str) -> str:
        return self.url(news_path(slug, self.lang, self.default))

    def media(self, slug: str, file: str) -> str:
        return self.url(f"media/{slug}/{file.removeprefix('photos/')}")

    def date(self, value) -> str:
        return self.locale.date(value)

    def number(self, value) -> str:
        return self.locale.number(value)


def page_title_and_description(page: PageSpec, model: Model, h: PageHelpers) -> tuple[str, str]:
    """The unique <title> and meta description of a page."""
    site_title = h.t(model.site.title)
    match page.kind:
        case "home":
            return site_title, h.t(model.programme.summary)
        case "communes":
            return h._("The communes") + " — " + site_title, h._(
                "The %(count)s communes of the programme, by region, with their profile and progress.",
                count=len(model.communes),
            )
        case "commune":
            commune = page.item
            return commune.name + " — " + site_title, commune.pitch[page.lang].summary
        case "progress":
            return h._("Programme progress") + " — " + site_title, h._(
                "Where each commune stands on the programme's milestone ladder, and totals per step."
            )
        case "partners":
            return h._("Become a partner") + " — " + site_title, h._(
                "Find a commune by the themes where it seeks partners, and contact the programme."
            )
        case "news":
            return h._("News") + " — " + site_title, h._("News of the programme and of its communes.")
        case "news_item" | "page":
            article = page.item.versions[page.lang]
            return article.title + " — " + site_title, article.summary
        case _:
            return h._("Page not found") + " — " + site_title, h._("This page does not exist.")


def render_site(
    model: Model, pages: list[PageSpec], env: Environment, locales: dict[str, Locale], static_dir: Path
) -> dict[str, bytes]:
    """Every output file of the site, as relative path -> content."""
    files: dict[str, bytes] = {}
    stylesheet = (static_dir / "style.css").read_bytes()
    css_path = f"assets/style.{hashlib.sha256(stylesheet).hexdigest()[:10]}.css"
    files[css_path] = stylesheet
    files["favicon.svg"] = (static_dir / "favicon.svg").read_bytes()
    helpers = {lang: PageHelpers(model, locale, css_path) for lang, locale in locales.items()}
    for page in pages:
        h = helpers[page.lang]
        title, description = page_title_and_description(page, model, h)
        html = env.get_template(page.template).render(
            model=model,
            site=model.site,
            programme=model.programme,
            page=page,
            item=page.item,
            h=h,
            _=h._,
            n_=h.n_,
            t=h.t,
            lang=page.lang,
            title=title,
            description=description,
            language_names=LANGUAGE_NAMES,
        )
        files[page.output_file] = html.encode("utf-8")
    for lang in model.site.languages:
        feed = env.get_template("feed.xml").render(
            model=model, h=helpers[lang], lang=lang, _=helpers[lang]._, t=helpers[lang].t
        )
        files[section_path("home", lang, model.site.default_language) + "feed.xml"] = feed.encode("utf-8")
    sitemap_pages = [p for p in pages if p.kind != "not_found"]
    files["sitemap.xml"] = (
        env.get_template("sitemap.xml").render(pages=sitemap_pages, site=model.site).encode()
    )
    files["robots.txt"] = f"User-agent: *\nAllow: /\nSitemap: {model.site.base_url}sitemap.xml\n".encode()
    return files


def photo_files(model: Model, content_root: Path) -> dict[str, Path]:
    """Photos to copy: output path -> source file."""
    return {
        f"media/{commune.slug}/{photo.file.removeprefix('photos/')}": content_root
        / "communes"
        / commune.slug
        / photo.file
        for commune in model.communes
        for photo in commune.photos
    }
