"""The browser editor at /admin/ (Sveltia CMS, vendored in static/admin/): its page and its configuration.

The configuration is generated at build time from the JSON Schemas (vitrine/schemas/) and from the
vocabularies of programme.yaml, so that the editor's fields can never drift from what `check` accepts:
every schema property becomes a field (its `title` is the label, translated by the Babel catalogs; its
French `x-hint`, the help text), every code list a select list that shows labels and saves codes.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator, Mapping
from functools import partial
from html import escape
from pathlib import Path
from typing import Any

import yaml

from .cms_output import Schemas, nullable
from .i18n import N_, Locale
from .model.types import Model
from .paths import admin_path

# What each enum value of the schemas is called (msgids of the catalogs, shared with the pages).
ENUM_LABELS = {
    "status": {
        "planned": N_("Planned"),
        "in_progress": N_("In progress"),
        "done": N_("Done"),
        "idea": N_("Idea"),
        "seeking_partner": N_("Seeking a partner"),
        "completed": N_("Completed"),
    },
    "stage": {
        "first_contact": N_("First contact"),
        "discussion": N_("In discussion"),
        "agreement_signed": N_("Agreement signed"),
    },
    "kind": {
        "town_hall": N_("The town hall"),
        "locality": N_("A locality"),
        "prefecture_centre": N_("The centre of the prefecture (a stand-in)"),
    },
}
# A project's status says "in progress" its own way on the pages.
PROJECT_STATUS = {"in_progress": N_("Under way")}
# Currencies offered in the lists; the schema accepts any three-letter code, so a value the content
# already uses is offered as well.
CURRENCIES = {"XOF": N_("CFA franc (XOF)"), "EUR": N_("Euro (EUR)"), "USD": N_("US dollar (USD)")}
# Properties whose value is a code of one of programme.yaml's lists.
TERM_LISTS = {
    "region": "regions",
    "theme": "themes",
    "themes": "themes",
    "themes_sought": "themes",
    "level": "levels",
    "kind": "figure_kinds",
    "component": "components",
}
# Long texts get a text area rather than a one-line input.
LONG_TEXTS = {"summary", "text", "note", "scope", "purpose", "mayor_note"}
ENVIRONMENT = {  # Pages workflow variable -> backend setting
    "VITRINE_ADMIN_BACKEND": "name",
    "VITRINE_ADMIN_REPO": "repo",
    "VITRINE_ADMIN_BRANCH": "branch",
    "VITRINE_ADMIN_API_ROOT": "api_root",
    "VITRINE_ADMIN_BASE_URL": "base_url",
    "VITRINE_ADMIN_AUTH_TYPE": "auth_type",
    "VITRINE_ADMIN_APP_ID": "app_id",
}
# Where each forge's API lives, for the page's Content-Security-Policy.
FORGE_ORIGINS = {
    "github": ["https://api.github.com", "https://www.githubstatus.com"],
    "gitlab": ["https://gitlab.com"],
    "gitea": ["https://gitea.com"],
    "test-repo": [],
}
FORGE_IMAGES = {"github": ["https://avatars.githubusercontent.com"], "gitlab": ["https://gitlab.com"]}


def enabled(model: Model) -> bool:
    """Whether this build has the editor (site.yaml: admin: {enabled: false} leaves it out)."""
    return (model.site.admin or {}).get("enabled", True) is not False


def admin_files(
    model: Model,
    static_dir: Path,
    locale: Locale,
    environ: Mapping[str, str] = os.environ,
) -> Iterator[tuple[str, bytes]]:
    """The files of /admin/ but its configuration (admin_config): the vendored editor and its page."""
    if not enabled(model):
        return
    folder = admin_path()
    vendored = static_dir / "admin"
    for path in sorted(p for p in vendored.rglob("*") if p.is_file()):
        yield folder + path.relative_to(vendored).as_posix(), path.read_bytes()
    yield folder + "index.html", admin_page(model, backend(model, environ), locale).encode("utf-8")


def admin_config(
    model: Model,
    locale: Locale,
    environ: Mapping[str, str] = os.environ,
    language_names: Mapping[str, str] | None = None,
) -> tuple[str, tuple, Callable[[], Iterator[bytes]]] | None:
    """/admin/config.yml: its path, all it depends on, and how to write it; None without the editor."""
    if not enabled(model):
        return None
    settings = backend(model, environ)
    # What config() reads: of the communes, only these (a test watches what it reads of them)
    communes = [(c.slug, c.name, [fund.currency for fund in c.funds]) for c in model.communes]
    depends_on = (
        model.site,
        model.programme,
        communes,
        locale.lang,
        locale.catalog_text,
        language_names,
        settings,
    )
    return (
        admin_path() + "config.yml",
        depends_on,
        partial(_config_text, model, settings, locale, language_names),
    )


def _config_text(
    model: Model, settings: dict, locale: Locale, language_names: Mapping[str, str] | None
) -> Iterator[bytes]:
    return config_yaml(config(model, settings, locale, language_names))


def backend(model: Model, environ: Mapping[str, str] = os.environ) -> dict:
    """The forge the editor reads and saves through: site.yaml's admin.backend, overridden by the Pages
    workflow's VITRINE_ADMIN_* variables; without either, the trial backend (changes stay in the browser)."""
    settings = dict((model.site.admin or {}).get("backend") or {})
    given = {key: environ[name] for name, key in ENVIRONMENT.items() if environ.get(name)}
    if given.get("name") and given["name"] != settings.get("name"):
        settings = {}  # another forge: nothing of site.yaml's applies
    settings |= given
    if settings.get("auth_type") == "pkce" and not settings.get("app_id"):
        del settings["auth_type"]  # no GitLab application yet: sign-in by personal access token
    return settings if settings.get("name") else {"name": "test-repo"}


def admin_page(model: Model, settings: dict, locale: Locale) -> str:
    """/admin/index.html: the editor's script, its fonts from our files, its own security policy."""
    forge = settings.get("name", "test-repo")
    apis = [*FORGE_ORIGINS.get(forge, []), *_origins(settings)]
    policy = "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'unsafe-eval' blob:",
            "style-src 'self' 'unsafe-inline'",
            "font-src 'self'",
            "img-src " + " ".join(["'self'", "data:", "blob:", *FORGE_IMAGES.get(forge, []), *apis]),
            "media-src 'self' blob:",
            "connect-src " + " ".join(["'self'", "blob:", "data:", *apis]),
            "worker-src 'self' blob:",
            "frame-src 'none'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )
    title = f"{locale.gettext(N_('Edit the site'))} – {model.site.title[model.site.default_language]}"
    return f"""<!doctype html>
<html lang="{model.site.default_language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta http-equiv="Content-Security-Policy" content="{escape(policy, quote=False)}">
<title>{escape(locale.typography(title))}</title>
<link rel="cms-config-url" type="application/yaml" href="config.yml">
<link rel="preload" href="fonts/material-symbols-outlined.woff2" as="font" type="font/woff2" crossorigin>
</head>
<body data-pagefind-ignore="all">
<script src="sveltia-cms.js"></script>
</body>
</html>
"""


def _origins(settings: dict) -> list[str]:
    """The origins of a self-hosted forge or sign-in service named in the settings."""
    origins = []
    for key in ("api_root", "base_url"):
        if url := settings.get(key):
            scheme, _, rest = url.partition("://")
            origins.append(f"{scheme}://{rest.split('/')[0]}")
    return origins


# libyaml's emitter writes the same text as PyYAML's own, four times faster (a test compares them); every
# rebuild writes this file, which lists every commune.
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
CONFIG_HEAD = (
    "# yaml-language-server: $schema=./cms/schema/sveltia-cms.json\n"
    "# Generated by the build from vitrine/schemas/ and programme.yaml: do not edit.\n"
)
# An anchor or alias that the emitter writes after a key or a dash, at the end of its line.
ANCHOR = re.compile(r"(?m)^(\s*(?:- )*(?:[\w-]+: )?)([&*])id(\d+)(?=(?: \[\]| \{\})?$)")


def config_yaml(data: dict, dumper: type = DUMPER) -> Iterator[bytes]:
    """The configuration as YAML, written a collection at a time: the YAML nodes of the whole document
    would take a hundred MB at 10,000 communes. Within a collection, a repeated field list is written once
    and referred to, under an anchor named after the collection."""
    yield CONFIG_HEAD.encode("utf-8")
    for key, value in data.items():
        if key != "collections":
            yield _yaml({key: value}, dumper)
            continue
        yield b"collections:\n"
        for collection in value:
            yield _yaml([collection], dumper, anchors=collection["name"])


def _yaml(data: dict | list, dumper: type, anchors: str = "id") -> bytes:
    text = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=120)
    # libyaml numbers the anchors of each document id001, id002…: renamed so that no two collections share one
    return ANCHOR.sub(rf"\1\2{anchors}\3", text).encode("utf-8")


def config(
    model: Model, settings: dict, locale: Locale, language_names: Mapping[str, str] | None = None
) -> dict:
    """The editor's configuration: one collection per kind of file staff edit."""
    schemas = Schemas()
    fields = FieldMaker(model, locale, schemas, language_names or {})
    languages = list(model.site.languages)
    default = model.site.default_language
    saves_through_forge = settings["name"] in ("github", "gitlab")
    _ = locale.gettext
    profile = fields.object_fields(schemas.get("profile.schema.json"), "profile.schema.json")
    progress = fields.object_fields(schemas.get("progress.schema.json"), "progress.schema.json")
    front = fields.object_fields(schemas.get("frontmatter.schema.json"), "frontmatter.schema.json")
    body = {"name": "body", "label": _("Text"), "widget": "markdown", "i18n": True}
    communes = sorted(model.communes, key=lambda c: c.slug)

    def per_commune(file: str, commune_fields: list[dict], photos: bool = False) -> list[dict]:
        """One entry per commune (the repository keeps the content in content/)."""
        files = []
        for commune in communes:
            entry = {
                "name": commune.slug,
                "label": commune.name,
                "file": f"content/communes/{commune.slug}/{file}",
                "fields": commune_fields,
            }
            if photos:  # a photo sent from the form lands in the commune's own photos/ folder (the
                # path is relative to the file's folder)
                entry["media_folder"] = "photos"
                entry["public_folder"] = "photos"
            files.append(entry)
        return files

    texts = [entry | {"i18n": True} for entry in per_commune("{{locale}}.md", [body])]
    collections = [
        {
            "name": "profiles",
            "label": _("Commune profiles"),
            "label_singular": _("Commune profile"),
            "icon": "location_city",
            "format": "yaml",
            "files": per_commune("profile.yaml", profile, photos=True),
        },
        {
            "name": "progress",
            "label": _("Progress of the communes"),
            "label_singular": _("Progress of a commune"),
            "icon": "trending_up",
            "format": "yaml",
            "files": per_commune("progress.yaml", progress),
        },
        {
            "name": "texts",
            "label": _("Presentation texts"),
            "label_singular": _("Presentation text"),
            "icon": "article",
            "format": "frontmatter",
            "i18n": True,
            "files": texts,
        },
        {
            "name": "news",
            "label": _("News"),
            "label_singular": _("News item"),
            "icon": "newspaper",
            "folder": "content/news",
            "format": "frontmatter",
            "extension": "md",
            "create": True,
            "slug": "{{year}}-{{month}}-{{day}}-{{slug}}",
            "summary": "{{title}}",
            "sortable_fields": ["date", "title"],
            "i18n": True,
            "fields": [_translatable(field) for field in front] + [body],
        },
        {
            "name": "pages",
            "label": _("Pages"),
            "label_singular": _("Page"),
            "icon": "description",
            "folder": "content/pages",
            "format": "frontmatter",
            "extension": "md",
            "create": False,
            "delete": False,
            "summary": "{{title}}",
            "i18n": True,
            "fields": [_translatable(field) for field in front if field["name"] in ("title", "summary")]
            + [body],
        },
    ]
    data = {
        "backend": settings,
        "publish_mode": "editorial_workflow" if saves_through_forge else "simple",
        # Photos belong to a commune and are sent from its profile; this folder only serves the
        # editor's own media library, which lists every commune's photos from here.
        "media_folder": "content/communes",
        "site_url": model.site.base_url,
        "display_url": model.site.base_url,
        "app_title": model.site.title[default],
        "i18n": {"structure": "multiple_files", "locales": languages, "default_locale": default},
        "output": {"omit_empty_optional_fields": False, "yaml": {"quote": "double"}},
        "collections": collections,
    }
    return data


def _translatable(field: dict) -> dict:
    """A front-matter field: each language's file has its own text, but the same date and communes."""
    return field | {"i18n": True if field["name"] in ("title", "summary") else "duplicate"}


class FieldMaker:
    """Turns schema properties into the editor's fields."""

    def __init__(self, model: Model, locale: Locale, schemas: Schemas, language_names: Mapping[str, str]):
        self.model, self.locale, self.schemas = model, locale, schemas
        self.language_names = language_names  # a text's field in each language is labelled so
        programme = model.programme
        self.lists = {
            name: [(term.id, term.label) for term in getattr(programme, name)]
            for name in ("themes", "levels", "figure_kinds", "components", "regions")
        }
        self.currencies = dict(CURRENCIES)
        for commune in model.communes:
            for fund in commune.funds:
                self.currencies.setdefault(fund.currency, fund.currency)

    def object_fields(self, node: dict, document: str) -> list[dict]:
        node, document = self.schemas.resolve(node, document)
        required = set(node.get("required", []))
        return [
            self.field(name, child, document, name in required)
            for name, child in node.get("properties", {}).items()
        ]

    def field(self, name: str, node: dict, document: str, required: bool, parent: str = "") -> dict:
        """One property as a field of the editor."""
        own_title = node.get("title")
        node, document = self.schemas.resolve(node, document)
        node, can_be_null = nullable(node)
        node, document = self.schemas.resolve(node, document)
        label = own_title or node.get("title") or name
        field: dict[str, Any] = {"name": name, "label": self.locale.typography(self.locale.gettext(label))}
        # Hints on writing YAML by hand (quotes, indentation) do not apply to the form's date picker and
        # language boxes.
        by_hand = node.get("format") == "date" or "patternProperties" in node
        if (hint := (node.get("x-hint") or {}).get(self.model.site.default_language)) and not by_hand:
            field["hint"] = self.locale.typography(hint[0].upper() + hint[1:] + ".")
        # The CMS's "required" means "not empty"; the schemas' means "the key is there" (an empty list or
        # null is fine when allowed): only a key that must hold a value is required in the form.
        if not required or can_be_null or node.get("type") == "array":
            field["required"] = False
        return field | self.widget(name, node, document)

    def widget(self, name: str, node: dict, document: str) -> dict:
        """The widget and its options for a property of this shape."""
        _ = self.locale.gettext
        if name == "steps":  # milestone id -> report: one optional group per step of the ladder
            step, document = self.schemas.resolve(node["additionalProperties"], document)
            return {
                "widget": "object",
                "collapsed": True,
                "fields": [
                    {
                        "name": milestone.id,
                        "label": self.locale.typography(self._text(milestone.label)),
                        "widget": "object",
                        "required": False,
                        "collapsed": True,
                        "fields": self.object_fields(step, document),
                    }
                    for milestone in self.model.programme.milestones
                ],
            }
        if "enum" in node:
            labels = ENUM_LABELS.get(name, {})
            if name == "status" and "idea" in node["enum"]:
                labels = labels | PROJECT_STATUS
            return self._select([(value, _(labels.get(value, value))) for value in node["enum"]])
        kind = node.get("type")
        if kind == "object" and "patternProperties" in node:  # a text in each language
            return {
                "widget": "object",
                "fields": [
                    {"name": lang, "label": self.language_names.get(lang, lang), "widget": "text"}
                    | ({} if lang == self.model.site.default_language else {"required": False})
                    for lang in self.model.site.languages
                ],
            }
        if kind == "object":
            return {"widget": "object", "fields": self.object_fields(node, document)}
        if kind == "array":
            return self._list(name, node, document)
        if kind in ("integer", "number"):
            number = {"widget": "number", "value_type": "int" if kind == "integer" else "float"}
            number |= {"min": node["minimum"]} if "minimum" in node else {}
            return number | ({"max": node["maximum"]} if "maximum" in node else {})
        if kind == "boolean":
            return {"widget": "boolean"}
        if name in TERM_LISTS and kind == "string":
            return self._terms(TERM_LISTS[name])
        if name == "prefecture":
            return self._select([(p, p) for p in self.model.programme.prefectures])
        if name == "currency":
            return self._select([(code, _(label)) for code, label in self.currencies.items()])
        if name == "file" and "pattern" in node:  # a photo: sent from the phone into photos/
            return {"widget": "image", "choose_url": False}
        if node.get("format") == "date":
            return {"widget": "datetime", "type": "date", "format": "YYYY-MM-DD", "time_format": False}
        text: dict[str, Any] = {"widget": "text" if name in LONG_TEXTS else "string"}
        if "pattern" in node:
            hint = (node.get("x-hint") or {}).get(self.model.site.default_language, "")
            text["pattern"] = [node["pattern"], self.locale.typography(hint[:1].upper() + hint[1:])]
        return text

    def _list(self, name: str, node: dict, document: str) -> dict:
        items, document = self.schemas.resolve(node["items"], document)
        if items.get("type") == "object" or "oneOf" in items:
            if "oneOf" in items:  # a name, or {name, population}: the form edits the fuller shape
                items = next(choice for choice in items["oneOf"] if choice.get("type") == "object")
            fields = self.object_fields(items, document)
            summary = _summary(fields, self.model.site.default_language)
            return {"widget": "list", "collapsed": True, "summary": summary, "fields": fields}
        if name in TERM_LISTS:
            return self._terms(TERM_LISTS[name]) | {"multiple": True}
        if name == "communes":
            return self._select([(c.slug, c.name) for c in self.model.communes]) | {"multiple": True}
        return {"widget": "list"}

    def _terms(self, vocabulary: str) -> dict:
        return self._select([(code, self._text(label)) for code, label in self.lists[vocabulary]])

    def _text(self, text) -> str:
        return text.get(self.model.site.default_language) or next(iter(text.values()))

    @staticmethod
    def _select(options: list[tuple[str, str]]) -> dict:
        return {"widget": "select", "options": [{"label": label, "value": value} for value, label in options]}


def _summary(fields: list[dict], lang: str) -> str:
    """What a collapsed list item shows: its first field (in the default language if it is translated)."""
    first = fields[0]["name"]
    return f"{{{{fields.{first}.{lang}}}}}" if fields[0]["widget"] == "object" else f"{{{{fields.{first}}}}}"


def extract_titles(fileobj, keywords, comment_tags, options):
    """Babel extractor (babel.cfg): the `title` of every schema property, a label of the editor's form."""
    text = fileobj.read().decode("utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        key, _, value = line.strip().partition(": ")
        # A property's title (a string), not the file's own (at the top) nor a property named "title".
        if key == '"title"' and value.startswith('"') and not line.startswith('  "title"'):
            yield number, "N_", json.loads(value.rstrip(",")), ["a field of the editor at /admin/"]
