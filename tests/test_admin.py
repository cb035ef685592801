"""The browser editor at /admin/: its configuration matches the JSON Schemas, field for field, and both ways;
its vocabularies come from programme.yaml; it is vendored (nothing fetched from elsewhere), out of the
sitemap and the search engines, and a setting leaves it out."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
import yaml

from vitrine import pipeline
from vitrine.admin import DUMPER, backend, config, config_yaml
from vitrine.cms_output import Schemas, nullable
from vitrine.i18n import load_locales

from .conftest import AS_OF, REAL, ROOT, model_of

ADMIN = ROOT / "static" / "admin"


def load_config(site) -> dict:
    return yaml.safe_load((site / "admin" / "config.yml").read_text("utf-8"))


def collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


def schema_tree(schemas: Schemas, node: dict, document: str, programme: dict) -> dict:
    """Property name -> subtree of the properties below it (objects, list items), as the schema says."""
    node, document = schemas.resolve(node, document)
    node, _ = nullable(node)
    node, document = schemas.resolve(node, document)
    if "additionalProperties" in node and isinstance(node["additionalProperties"], dict):
        step = node["additionalProperties"]  # steps: one entry per milestone of programme.yaml
        return {m["id"]: schema_tree(schemas, step, document, programme) for m in programme["milestones"]}
    if node.get("type") == "array":
        items, document = schemas.resolve(node["items"], document)
        shapes = [choice for choice in items.get("oneOf", []) if choice.get("type") == "object"]
        return schema_tree(schemas, shapes[0] if shapes else items, document, programme)
    if "patternProperties" in node:
        return {"*languages*": {}}
    properties = node.get("properties", {})
    return {name: schema_tree(schemas, child, document, programme) for name, child in properties.items()}


def field_tree(fields: list[dict], languages: list[str]) -> dict:
    """The same from the editor's fields; a text in each language stands as one entry."""
    tree = {}
    for field in fields:
        below = field.get("fields") or []
        names = [sub["name"] for sub in below]
        if field.get("widget") == "object" and names == languages:
            tree[field["name"]] = {"*languages*": {}}
        else:
            tree[field["name"]] = field_tree(below, languages)
    return tree


@pytest.mark.parametrize("site_name", ["real_site", "demo_site"])
@pytest.mark.parametrize(
    ("name", "schema"),
    [("profiles", "profile.schema.json"), ("progress", "progress.schema.json")],
)
def test_every_schema_property_has_a_field_and_every_field_a_property(request, site_name, name, schema):
    site = request.getfixturevalue(site_name)
    content = REAL if site_name == "real_site" else ROOT / "examples" / "demo"
    programme = yaml.safe_load((content / "programme.yaml").read_text("utf-8"))
    languages = yaml.safe_load((content / "site.yaml").read_text("utf-8"))["languages"]
    schemas = Schemas()
    expected = schema_tree(schemas, schemas.get(schema), schema, programme)
    files = collection(load_config(site), name)["files"]
    assert sorted(f["name"] for f in files) == sorted(p.name for p in (content / "communes").iterdir())
    for file in files:
        assert field_tree(file["fields"], languages) == expected, file["name"]


def test_news_and_pages_fields_are_the_front_matter_schema(demo_site):
    config = load_config(demo_site)
    schema = json.loads((ROOT / "vitrine" / "schemas" / "frontmatter.schema.json").read_text("utf-8"))
    news = [f["name"] for f in collection(config, "news")["fields"]]
    assert news == [*schema["properties"], "body"]
    pages = {f["name"] for f in collection(config, "pages")["fields"]}
    assert pages <= {*schema["properties"], "body"}


def test_configuration_is_valid_for_the_vendored_cms(real_site, demo_site):
    cms_schema = json.loads((ADMIN / "cms" / "schema" / "sveltia-cms.json").read_text("utf-8"))
    for site in (real_site, demo_site):
        jsonschema.validate(load_config(site), cms_schema)


@pytest.mark.skipif(DUMPER is yaml.SafeDumper, reason="PyYAML without libyaml: only one emitter to compare")
def test_the_configuration_written_by_libyaml_is_the_one_pyyaml_writes(demo_site):
    """Each engine writes the same file: a machine with PyYAML alone builds the same site."""
    written = (demo_site / "admin" / "config.yml").read_text(encoding="utf-8")
    config = load_config(demo_site)  # PyYAML refuses an anchor named twice: each collection has its own
    assert b"".join(config_yaml(config, yaml.SafeDumper)).decode("utf-8") == written
    assert "&profiles001" in written and "&progress001" in written and "&id0" not in written


def test_the_configuration_written_a_collection_at_a_time_reads_back_as_it_was():
    shared_a, shared_b = [{"name": "x"}], [{"name": "y"}]
    data = {
        "backend": {"name": "test-repo"},
        "collections": [
            {"name": "a", "files": [{"label": "x - &id001", "fields": shared_a}, {"fields": shared_a}]},
            {"name": "b", "files": [{"fields": shared_b}, {"fields": shared_b, "empty": []}]},
        ],
        "after": "*id001",
    }
    text = b"".join(config_yaml(data)).decode("utf-8")
    assert yaml.safe_load(text) == data
    assert list(yaml.safe_load(text)) == list(data)  # the keys in their order
    assert text.count("&a001") == 1 and text.count("*a001") == 1 and text.count("&b001") == 1


def options(fields: list[dict], *path: str) -> list[str]:
    for name in path:
        field = next(f for f in fields if f["name"] == name)
        fields = field.get("fields", [])
    return [option["value"] for option in field["options"]]


def test_code_lists_come_from_programme_yaml_and_show_french_labels(real_site):
    programme = yaml.safe_load((REAL / "programme.yaml").read_text("utf-8"))
    config = load_config(real_site)
    profile = collection(config, "profiles")["files"][0]["fields"]
    assert options(profile, "region") == [r["id"] for r in programme["regions"]]
    assert options(profile, "prefecture") == programme["prefectures"]
    assert options(profile, "themes_sought") == [t["id"] for t in programme["themes"]]
    assert options(profile, "projects", "theme") == [t["id"] for t in programme["themes"]]
    assert options(profile, "figures", "level") == [level["id"] for level in programme["levels"]]
    region = next(f for f in profile if f["name"] == "region")
    assert [o["label"] for o in region["options"]] == [r["name"]["fr"] for r in programme["regions"]]
    progress = collection(config, "progress")["files"][0]["fields"]
    steps = next(f for f in progress if f["name"] == "steps")
    assert [s["name"] for s in steps["fields"]] == [m["id"] for m in programme["milestones"]]
    assert [s["label"] for s in steps["fields"]] == [m["label"]["fr"] for m in programme["milestones"]]
    first_step = programme["milestones"][0]["id"]
    assert options(progress, "steps", first_step, "status") == ["planned", "in_progress", "done"]
    projects = next(f for f in profile if f["name"] == "projects")
    status = next(f for f in projects["fields"] if f["name"] == "status")
    french = load_locales(ROOT / "locale", ["fr"])["fr"]
    shown_on_pages = [french.gettext(s) for s in ("Idea", "Seeking a partner", "Under way", "Completed")]
    assert [o["label"] for o in status["options"]] == shown_on_pages


def test_labels_are_french_and_photos_go_to_the_communes_folder(real_site):
    config = load_config(real_site)
    for file in collection(config, "profiles")["files"]:
        assert file["media_folder"] == "photos"  # relative to the file: content/communes/<slug>/photos
        assert file["public_folder"] == "photos"
    profile = collection(config, "profiles")["files"][0]["fields"]
    contact = next(f for f in profile if f["name"] == "contact")
    assert [f["label"] for f in contact["fields"]] == [
        "Personne à contacter",
        "Courriel",
        "Téléphone",
        "Adresse postale",
        "Site web",
    ]
    photo = next(f for f in profile if f["name"] == "photos")
    assert [f["name"] for f in photo["fields"]] == ["file", "alt", "credit", "licence"]
    assert photo["fields"][0]["widget"] == "image"


def test_texts_are_one_file_per_language_side_by_side(real_site):
    texts = collection(load_config(real_site), "texts")
    assert texts["i18n"] is True
    for file in texts["files"]:
        assert file["file"] == f"content/communes/{file['name']}/{{{{locale}}}}.md"
    languages = yaml.safe_load((REAL / "site.yaml").read_text("utf-8"))["languages"]
    assert load_config(real_site)["i18n"]["locales"] == languages


def test_admin_page_is_vendored_private_and_out_of_the_sitemap(real_site):
    page = (real_site / "admin" / "index.html").read_text("utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "Content-Security-Policy" in page and "font-src 'self'" in page
    assert re.findall(r'(?:src|href)="([^"]+)"', page) == [
        "config.yml",
        "fonts/material-symbols-outlined.woff2",
        "sveltia-cms.js",
    ]
    assert "admin" not in (real_site / "sitemap.xml").read_text("utf-8")
    home = (real_site / "index.html").read_text("utf-8")
    assert "sveltia" not in home and "/admin/" not in home
    for name in ("sveltia-cms.js", "LICENSE-sveltia-cms.txt", "locales/fr.json", "fonts/source-sans-3.woff2"):
        assert (real_site / "admin" / name).read_bytes() == (ADMIN / name).read_bytes()


def test_vendored_script_fetches_nothing_from_elsewhere():
    script = (ADMIN / "sveltia-cms.js").read_text("utf-8")
    assert "cdn.jsdelivr.net" not in script  # fonts
    assert "unpkg.com/@sveltia/cms" not in script  # locale files and the update check
    for font in re.findall(r"src:url\(([^)]+)\)", script):
        assert (ADMIN / font).is_file()
    version = json.loads((ADMIN / "cms" / "package.json").read_text())["version"]
    assert f"VERSION = {version!r}".replace("'", '"') in (ROOT / "tools" / "update_cms.py").read_text()
    for licence in ("LICENSE-sveltia-cms.txt", "fonts/material-symbols-outlined.LICENSE.txt"):
        assert (ADMIN / licence).stat().st_size > 500


def test_a_setting_leaves_the_editor_out(demo_copy, tmp_path):
    site_yaml = demo_copy / "site.yaml"
    site_yaml.write_text(site_yaml.read_text("utf-8") + "admin:\n  enabled: false\n", "utf-8")
    output = tmp_path / "site"
    pipeline.build(demo_copy, output, AS_OF, pipeline.Settings(search=False, cache=tmp_path / "cache"))
    assert (output / "index.html").is_file()
    assert not (output / "admin").exists()


def test_backend_from_site_yaml_then_from_the_pages_workflow(demo_copy, tmp_path):
    site_yaml = demo_copy / "site.yaml"
    setting = "admin:\n  backend:\n    name: gitlab\n    repo: fct/vitrine\n"
    setting += "    auth_type: pkce\n    app_id: a1\n"
    site_yaml.write_text(site_yaml.read_text("utf-8") + setting, "utf-8")
    output = tmp_path / "site"
    pipeline.build(demo_copy, output, AS_OF, pipeline.Settings(search=False, cache=tmp_path / "cache"))
    config = load_config(output)
    assert config["backend"] == {"name": "gitlab", "repo": "fct/vitrine", "auth_type": "pkce", "app_id": "a1"}
    assert config["publish_mode"] == "editorial_workflow"
    assert "https://gitlab.com" in (output / "admin" / "index.html").read_text("utf-8")

    class Site:
        admin = {"backend": {"name": "gitlab", "repo": "fct/vitrine"}}

    class Model:
        site = Site()

    github = {"VITRINE_ADMIN_BACKEND": "github", "VITRINE_ADMIN_REPO": "fct/vitrine-gh"}
    assert backend(Model(), github) == {"name": "github", "repo": "fct/vitrine-gh"}
    assert backend(Model(), {"VITRINE_ADMIN_BRANCH": "main"})["repo"] == "fct/vitrine"
    Site.admin = None
    assert backend(Model(), {}) == {"name": "test-repo"}


class _Watched:
    """An object of the model that notes which of its fields are read, and which fields of what they hold:
    the communes of the model, and the funds of a commune."""

    def __init__(self, value, read: set[str], prefix: str = ""):
        self._value, self._read, self._prefix = value, read, prefix

    def __getattr__(self, name: str):
        self._read.add(self._prefix + name)
        value = getattr(self._value, name)
        if name in ("communes", "funds"):
            return tuple(_Watched(item, self._read, f"{self._prefix}{name}.") for item in value)
        return value


def test_the_configuration_reads_only_what_its_preview_key_holds():
    """The live preview writes admin/config.yml again only when admin_config's key changes: the key holds
    the site, the programme and each commune's slug, name and fund currencies, so the configuration may
    read nothing else of the model."""
    model = model_of(ROOT / "examples" / "demo", cache=None)
    locale = load_locales(ROOT / "locale", list(model.site.languages))[model.site.default_language]
    read: set[str] = set()
    watched = _Watched(model, read)
    config(watched, backend(model, {}), locale, {"fr": "Français", "en": "English"})
    keyed = {"site", "programme", "communes", "communes.slug", "communes.name", "communes.funds"}
    assert read - keyed == {"communes.funds.currency"}
