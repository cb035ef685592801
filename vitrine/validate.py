"""Validate stage, in three phases named after what they check: the settings (check_settings), each commune
as it is read (check_commune), then what spans communes (check_across). Each phase checks its files against
their JSON Schemas (schema.py), then runs its rules (rules/). Gathers every problem."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .loader import MarkdownDoc, RawCommune, RawContent, YamlDoc
from .paths import SiteMap
from .problems import Problem, problem, say
from .rules import CheckMemo, CrossFileRules
from .schema import describe_error, schema_errors

FRONT_MATTER_REQUIRED = {"news": ["title", "date", "summary"], "page": ["title", "summary"], "pitch": []}


@dataclass(frozen=True)
class SchemaChecks:
    """Checks files against their schemas into `problems`, skipping what passed before (`checks`).
    `compiled`: see schema_errors()."""

    problems: list[Problem]
    checks: CheckMemo
    compiled: bool = True

    def yaml_file(self, doc: YamlDoc | None, kind: str) -> bool:
        """Whether a YAML file is there, has content and passes the schema of `kind`."""
        if doc is None:
            return False
        if doc.data is None:
            self.problems.append(doc.problem((), say("file has no content")))
            return False
        if self.checks.passed(kind, doc.text):  # the text determines the data
            return True
        errors = schema_errors(kind, doc.data, self.compiled)
        errors.sort(key=lambda e: doc.position(tuple(e.absolute_path)))
        for error in errors:
            self.problems.extend(describe_error(error, doc))
        if not errors:
            self.checks.add(kind, doc.text)
        return not errors

    def front_matter(self, doc: MarkdownDoc, kind: str) -> None:
        """A text's front matter: its schema, and the keys a text of `kind` (news, page, pitch) must have."""
        passed = self.checks.passed("frontmatter", doc.front.data)
        errors = [] if passed else schema_errors("frontmatter", doc.front.data, self.compiled)
        for error in errors:
            self.problems.extend(describe_error(error, doc.front))
        if not errors:
            self.checks.add("frontmatter", doc.front.data)
        for key in FRONT_MATTER_REQUIRED[kind]:
            if key not in doc.front.data:
                message = say("missing '%(key)s' in the front matter (between --- lines at the top)", key=key)
                self.problems.append(problem(doc.path, 1, 1, message))


def check_settings(head: RawContent, as_of: date, schemas: SchemaChecks) -> CrossFileRules | None:
    """site.yaml and programme.yaml, the front matter of news and pages, then the rules of the settings.
    Returns the rules for the other phases, or None when site.yaml or programme.yaml fails its schema: the
    other rules read their vocabularies and languages, so none of them runs."""
    site_ok = schemas.yaml_file(head.site, "site")
    programme_ok = schemas.yaml_file(head.programme, "programme")
    for doc in head.news:
        schemas.front_matter(doc, "news")
    for doc in head.pages:
        schemas.front_matter(doc, "page")
    if not (site_ok and programme_ok):
        return None
    assert head.site is not None and head.programme is not None  # else they would not be ok
    rules = CrossFileRules(head.site.data, head.programme.data, as_of, schemas.problems, schemas.checks)
    rules.check_settings(head)
    return rules


def check_commune(commune: RawCommune, schemas: SchemaChecks, rules: CrossFileRules | None) -> None:
    """One commune as it is read: its profile, progress and texts' front matter, then its own rules."""
    schemas.yaml_file(commune.profile, "profile")
    schemas.yaml_file(commune.progress, "progress")
    for doc in commune.texts.values():
        schemas.front_matter(doc, "pitch")
    if rules:
        rules.check_commune(commune)


def check_across(head: RawContent, rules: CrossFileRules | None, site_map: SiteMap | None) -> None:
    """What spans communes, once every commune is checked: news naming communes, translations, text
    languages, and links (to the pages of `site_map`, of the settings' languages)."""
    if rules and site_map:
        rules.check_across(head, site_map)
