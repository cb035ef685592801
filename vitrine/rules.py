"""Cross-file rules: what JSON Schema cannot see (vocabularies, slugs, translations, photos, dates, links)."""

from __future__ import annotations

import difflib
import json
import os
import re
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cache, partial
from pathlib import Path
from typing import Any, Protocol

from PIL import Image

from .geo import features_of
from .images import HEIF, PHOTO_FORMATS
from .loader import (
    NEWS_NAME,
    KeyPath,
    MarkdownDoc,
    RawCommune,
    RawContent,
    YamlDoc,
    leaves_folder,
    read_regular_file,
)
from .names import slugify
from .paths import SiteMap, photo_path
from .problems import Message, Problem, display_path, listing, problem, say, suggest
from .scaffold import is_scaffold_pitch

COMMON_WORDS = Path(__file__).resolve().parent / "common_words.json"
WORD = re.compile(r"[^\W\d_]+")
# Photos come as phones take them: only derived images are published (vitrine/images.py), so the size of an
# original costs the repository, not the readers.
MAX_PHOTO_BYTES = 15_000_000  # a phone's photo is 3 to 8 MB; more is a scan or a camera's raw export
HEAVY_PHOTO_BYTES = 8_000_000  # above it, a warning: the repository keeps every original forever
MAX_PHOTO_PIXELS = 50_000_000  # a phone's largest photos; decoding more could exhaust memory
MARKDOWN_LINK = re.compile(r"\]\(\s*<?(/[^)\s>]*)|href=[\"'](/[^\"']*)")
UNKNOWN_TERM = {
    "region": lambda value: say("'%(value)s' is not a known region (see programme.yaml)", value=value),
    "theme": lambda value: say("'%(value)s' is not a known theme (see programme.yaml)", value=value),
    "level": lambda value: say("'%(value)s' is not a known level (see programme.yaml)", value=value),
    "kind": lambda value: say("'%(value)s' is not a known kind of figure (see programme.yaml)", value=value),
    "milestone": lambda value: say("'%(value)s' is not a known milestone (see programme.yaml)", value=value),
    "component": lambda value: say(
        "'%(value)s' is not a known programme component (see programme.yaml)", value=value
    ),
    "prefecture": lambda value: say(
        "'%(value)s' is not in programme.yaml's list of préfectures: check the spelling", value=value
    ),
}


@contextmanager
def unless_malformed() -> Iterator[None]:
    """Skip a rule on a part whose shape is wrong: the schema check has already reported it."""
    try:
        yield
    except (KeyError, TypeError, AttributeError, ValueError):
        pass


class CheckMemo(Protocol):
    """Runs a check unless it passed before with the same inputs (the speed layer's PassedChecks)."""

    def passed(self, *depends_on: object) -> bool: ...

    def add(self, *depends_on: object) -> None: ...

    def check_once(self, depends_on: tuple, problems: list[Problem], check: Callable[[], None]) -> None: ...


class CrossFileRules:
    """Rules that need more than one file. Each check appends to the shared problem list."""

    def __init__(
        self,
        site: dict,
        programme: dict,
        as_of: date,
        problems: list[Problem],
        checks: CheckMemo,
    ):
        self.languages = site["languages"]
        self.default = self.languages[0]
        self.phone_format = site.get("phone_format")
        self.start = date.fromisoformat(programme["start"])
        self.as_of = as_of
        # Each vocabulary: code -> its label in the default language (codes are what the files hold).
        self.vocab = {
            vocab: {term["id"]: _label(term.get("label") or term["name"], self.default) for term in terms}
            for vocab, terms in (
                ("region", programme["regions"]),
                ("theme", programme["themes"]),
                ("level", programme["levels"]),
                ("kind", programme["figure_kinds"]),
                ("milestone", programme["milestones"]),
                ("component", programme["components"]),
            )
        }
        self.vocab["prefecture"] = {name: name for name in programme.get("prefectures", [])}
        self.problems = problems
        self.checks = checks
        self.folders: list[str] = []  # of the communes checked so far
        self.slugs: dict[str, Path] = {}  # slug -> folder of the first commune that has it
        self.links: list[Link] = []  # in the communes' texts

    def check_settings(self, raw: RawContent) -> None:
        """The rules of site.yaml and programme.yaml, before any commune."""
        assert raw.site is not None and raw.programme is not None  # both passed their schemas
        self.check_localized_texts([raw.site, raw.programme])
        self.check_programme(raw.programme, raw.root)
        self.check_phone(raw.site, ("contact", "phone"), raw.site.data["contact"].get("phone"))

    def check_commune(self, commune: RawCommune) -> None:
        """A commune's own rules, and what the rules across communes need of it, kept in a few small facts
        (its folder, slug and links) so that its parsed files can be let go."""
        self.folders.append(commune.folder.name)
        self.links += _page_links(commune.texts.values())
        if _is_mapping(commune.profile) and _is_mapping(commune.progress):
            self._check_commune_once(commune)
            self.check_unique_slug(commune)

    def check_across(self, raw: RawContent, site_map: SiteMap) -> None:
        """The rules across files, once every commune has passed check_commune."""
        news = [doc for doc in raw.news if _is_mapping(doc.front)]
        self.check_news(news, set(self.folders))
        self.check_translations(raw.pages)
        for doc in raw.news + raw.pages:
            self.check_text_language(doc)
        self.check_internal_links(raw, site_map)

    def check_programme(self, programme: YamlDoc, root: Path) -> None:
        """Indicators measure known steps and components; the map's boundary files exist and are GeoJSON."""
        for i, indicator in enumerate(programme.data.get("indicators", [])):
            measure = indicator["measure"]
            if "communes_at_step" in measure:
                self.in_vocabulary(
                    programme,
                    ("indicators", i, "measure", "communes_at_step"),
                    measure["communes_at_step"],
                    "milestone",
                )
            if measure.get("staff_trained", "all") != "all":
                self.in_vocabulary(
                    programme,
                    ("indicators", i, "measure", "staff_trained"),
                    measure["staff_trained"],
                    "component",
                )
        for key in ("regions", "subdivisions"):
            name = (programme.data.get("map") or {}).get(key)
            if name and not _is_geojson(root, name):
                message = say(
                    "map file '%(name)s' is missing or is not GeoJSON: put the boundary file in the content "
                    "folder",
                    name=name,
                )
                self.problems.append(programme.problem(("map", key), message))

    def in_vocabulary(self, doc: YamlDoc, where: tuple, value: str, vocab: str) -> None:
        """A code from one of programme.yaml's lists. Staff often write the label (« Eau et assainissement »)
        or a code of their own: name the code to write, with its label."""
        terms = self.vocab[vocab]
        if value in terms or not isinstance(value, str):
            return
        labelled = {
            code: say("'%(code)s' (%(label)s)", code=code, label=label)
            if label != code
            else say("'%(code)s'", code=code)
            for code, label in terms.items()
        }
        named = [code for code, label in terms.items() if _comparable(label) == _comparable(value)]
        if named:
            message = say(
                "'%(value)s' is the name: write its code %(code)s", value=value, code=labelled[named[0]]
            )
            self.problems.append(doc.problem(where, message, of_key=vocab == "milestone"))
            return
        # A near miss of a code or of a label ("eau_assainissement") points at its code.
        by_form = {_comparable(code): code for code in terms} | {_comparable(v): k for k, v in terms.items()}
        close = difflib.get_close_matches(_comparable(value), list(by_form), n=1, cutoff=0.6)
        if close:
            hints = [say("; did you mean %(choice)s?", choice=labelled[by_form[close[0]]])]
        else:
            hints = [say("; expected one of: %(choices)s", choices=listing(list(labelled.values())))]
        message = UNKNOWN_TERM[vocab](value)
        self.problems.append(doc.problem(where, message, *hints, of_key=vocab == "milestone"))

    def check_localized_texts(self, docs: list[YamlDoc]) -> None:
        """Every {fr: …, en: …} text has the default language."""
        for doc in docs:
            if doc.text:  # a file that passed, unchanged, passes
                depends_on = ("localized", self.default, doc.text)
                self.checks.check_once(depends_on, self.problems, partial(self._check_localized, doc))
            else:
                self._check_localized(doc)

    def _check_localized(self, doc: YamlDoc) -> None:
        for where, value in _walk(doc.data):
            if _is_localized(value) and self.default not in value:
                message = say("text has no '%(lang)s' version: add it", lang=self.default)
                self.problems.append(doc.problem(where, message))

    def _check_commune_once(self, commune: RawCommune) -> None:
        """The rules of one commune's files; skipped when the same files (and photos) passed them before
        under the same settings, vocabularies and date."""
        self.checks.check_once(
            self._commune_inputs(commune), self.problems, partial(self._check_commune, commune)
        )

    def _commune_inputs(self, commune: RawCommune) -> tuple:
        assert commune.profile is not None  # check_commune's condition
        photos = []
        with unless_malformed():
            for photo in commune.profile.data["photos"]:
                path = commune.folder / photo["file"]
                stat = path.stat() if path.is_file() else None
                photos.append((photo["file"], stat and (stat.st_size, stat.st_mtime_ns)))
        settings = (self.languages, self.phone_format, self.start, self.as_of, self.vocab)
        return ("commune rules", *settings, commune.digest, photos)

    def _check_commune(self, commune: RawCommune) -> None:
        assert commune.profile is not None and commune.progress is not None  # check_commune's condition
        profile, progress, data = commune.profile, commune.progress, commune.profile.data
        self.check_localized_texts([profile, progress])
        with unless_malformed():
            if data["slug"] != commune.folder.name:
                message = say(
                    "slug '%(slug)s' differs from the folder name '%(folder)s': make them equal",
                    slug=data["slug"],
                    folder=commune.folder.name,
                )
                self.problems.append(profile.problem(("slug",), message))
        with unless_malformed():
            self.in_vocabulary(profile, ("region",), data["region"], "region")
        if self.vocab["prefecture"]:  # programme.yaml may list them
            with unless_malformed():
                self.in_vocabulary(profile, ("prefecture",), data["prefecture"], "prefecture")
        with unless_malformed():
            self.check_governance_source(profile)
        with unless_malformed():
            for i, theme in enumerate(data["themes_sought"]):
                self.in_vocabulary(profile, ("themes_sought", i), theme, "theme")
        with unless_malformed():
            for i, project in enumerate(data["projects"]):
                self.in_vocabulary(profile, ("projects", i, "theme"), project["theme"], "theme")
        with unless_malformed():
            for i, figure in enumerate(data["figures"]):
                self.in_vocabulary(profile, ("figures", i, "kind"), figure["kind"], "kind")
                self.in_vocabulary(profile, ("figures", i, "level"), figure["level"], "level")
        with unless_malformed():
            for i, asset in enumerate(data["assets"]):
                self.in_vocabulary(profile, ("assets", i, "level"), asset["level"], "level")
        with unless_malformed():
            published: dict[str, str] = {}  # photos keep their phone names, published under safe ones
            for i, photo in enumerate(data["photos"]):
                self.check_photo(commune, i, photo["file"])
                name = photo_path(data["slug"], photo["file"])
                if published.setdefault(name, photo["file"]) != photo["file"]:
                    message = say(
                        "photos '%(file)s' and '%(other)s' would be published under the same name: "
                        "rename one of them",
                        file=photo["file"],
                        other=published[name],
                    )
                    self.problems.append(profile.problem(("photos", i, "file"), message))
        with unless_malformed():
            for step in progress.data["steps"]:
                self.in_vocabulary(progress, ("steps", step), step, "milestone")
        with unless_malformed():
            for i, partnership in enumerate(progress.data["partnerships"]):
                for j, theme in enumerate(partnership.get("themes", [])):
                    self.in_vocabulary(progress, ("partnerships", i, "themes", j), theme, "theme")
        with unless_malformed():
            self.check_phone(profile, ("contact", "phone"), data["contact"]["phone"])
        with unless_malformed():
            self.check_progress_dates(progress)
        with unless_malformed():
            for i, training in enumerate(progress.data.get("trainings", [])):
                self.in_vocabulary(
                    progress, ("trainings", i, "component"), training["component"], "component"
                )
                if training["women"] > training["participants"]:
                    message = say(
                        "%(women)s women among %(participants)s participants: check the figures",
                        women=training["women"],
                        participants=training["participants"],
                    )
                    self.problems.append(progress.problem(("trainings", i, "women"), message))
        self.check_languages(commune.folder / "profile.yaml", commune.texts, lambda lang: f"{lang}.md")
        for doc in commune.texts.values():
            self.check_text_language(doc)
            if is_scaffold_pitch(doc.body):
                message = say(
                    "this is still the placeholder written by 'new commune': replace it with the commune's "
                    "presentation (it would be published as it is)"
                )
                self.problems.append(problem(doc.path, doc.body_line, 1, message, warning=True))

    def check_text_language(self, doc: MarkdownDoc) -> None:
        """A text pasted into the other language's file (French in en.md) is shown under the wrong flag."""
        words = _common_words()
        if doc.lang not in words:
            return
        tokens = WORD.findall(doc.body.lower())
        hits = {lang: sum(token in known for token in tokens) for lang, known in words.items()}
        other = max((lang for lang in hits if lang != doc.lang), key=hits.__getitem__, default=None)
        if other and hits[other] >= 10 and hits[other] > 3 * max(hits[doc.lang], 1):
            message = say(
                "this text seems to be in '%(other)s', not in '%(lang)s': put each language's text in its "
                "own file (%(other)s.md, %(lang)s.md)",
                other=other,
                lang=doc.lang,
            )
            self.problems.append(problem(doc.path, doc.body_line, 1, message, warning=True))

    def check_governance_source(self, profile: YamlDoc) -> None:
        """A mayor, a secretary general or a council size is a fact like any other: it needs its source
        (the mayor's own in mayor_source, or one source for all in source)."""
        governance = profile.data["governance"]
        for key in ("mayor", "secretary_general", "council_size"):
            source_key = "mayor_source" if key == "mayor" else "source"
            if governance[key] is not None and not (governance.get(source_key) or governance.get("source")):
                message = say(
                    "%(field)s is filled in without a source: add '%(source)s:' to governance, a web address "
                    "or a short citation such as 'Statement by the commune, %(today)s'",
                    field=key,
                    source=source_key,
                    today=self.as_of.isoformat(),
                )
                self.problems.append(profile.problem(("governance", key), message))

    def check_phone(self, doc: YamlDoc, where: tuple, phone: str | None) -> None:
        """A local number has the country prefix and exactly the expected number of digits after it."""
        if not phone or not self.phone_format or not phone.startswith(self.phone_format["prefix"]):
            return
        prefix, expected = self.phone_format["prefix"], self.phone_format["digits"]
        digits = sum(ch.isdigit() for ch in phone.removeprefix(prefix))
        if digits != expected:
            message = say(
                "telephone '%(phone)s' has %(count)s digits after %(prefix)s; expected %(expected)s, "
                "e.g. %(prefix)s 90 12 34 56",
                phone=phone,
                count=digits,
                prefix=prefix,
                expected=expected,
            )
            self.problems.append(doc.problem(where, message))

    def check_progress_dates(self, progress: YamlDoc) -> None:
        """Reported dates fall between the programme's start and the as-of date."""
        data = progress.data
        dated: list[tuple[KeyPath, Any]] = [(("updated",), data["updated"])]
        if data.get("joined"):
            dated.append((("joined", "date"), data["joined"]["date"]))
        dated += [
            (("steps", key, "date"), step["date"])
            for key, step in data["steps"].items()
            if "date" in step and step["status"] != "planned"
        ]
        for key in ("partnerships", "funds", "trainings"):
            dated += [((key, i, "date"), item["date"]) for i, item in enumerate(data.get(key, []))]
        for where, text in dated:
            try:
                value = date.fromisoformat(text)
            except (TypeError, ValueError):
                continue  # a malformed date is reported by the schema
            if value < self.start and where[0] != "updated":
                message = say(
                    "%(date)s is before the programme started (%(start)s): check the year",
                    date=text,
                    start=self.start.isoformat(),
                )
                self.problems.append(progress.problem(where, message))
            elif value > self.as_of:
                message = say(
                    "%(date)s is after today (%(today)s): report only what has happened",
                    date=text,
                    today=self.as_of.isoformat(),
                )
                self.problems.append(progress.problem(where, message))

    def check_photo(self, commune: RawCommune, index: int, file: str) -> None:
        assert commune.profile is not None  # a photo is listed in it
        path = commune.folder / file
        folder = commune.folder.name
        message: Message | None  # None: the photo is fine
        # Judged by the name as written, links not followed: unsafe_entries reports every link.
        if leaves_folder(file):
            message = say(
                "photo '%(file)s' is outside the commune's folder: put it in %(folder)s/photos/",
                file=file,
                folder=folder,
            )
        elif not path.is_file() or path.is_symlink():
            there = sorted(p.name for p in (commune.folder / "photos").glob("*") if p.is_file())
            message = say(
                "photo '%(file)s' not found: add it to %(folder)s/photos/ or fix the name (%(there)s)",
                file=file,
                folder=folder,
                there=say("the folder holds: %(names)s", names=", ".join(there))
                if there
                else say("the folder has no photo yet"),
            )
        elif path.stat().st_size > MAX_PHOTO_BYTES:
            message = say(
                "photo '%(file)s' is too large (%(size)s MB, the limit is %(limit)s MB): send the photo "
                "as the phone took it, or export it again at about 4000 pixels wide",
                file=file,
                size=_megabytes(path.stat().st_size),
                limit=MAX_PHOTO_BYTES // 1_000_000,
            )
        else:
            message = _image_problem(path, file)
            if message is None:
                if path.stat().st_size > HEAVY_PHOTO_BYTES:
                    heavy = say(
                        "photo '%(file)s' is heavy (%(size)s MB): it is published resized, but the "
                        "repository keeps the original; under %(limit)s MB is enough",
                        file=file,
                        size=_megabytes(path.stat().st_size),
                        limit=HEAVY_PHOTO_BYTES // 1_000_000,
                    )
                    where = ("photos", index, "file")
                    self.problems.append(commune.profile.problem(where, heavy, warning=True))
                return
        self.problems.append(commune.profile.problem(("photos", index, "file"), message))

    def check_languages(self, anchor: Path, texts: dict, file_name: Callable[[str], str]) -> None:
        """The default language's text is required; the others are optional (the default is shown).
        `file_name` gives the name of a language's file, in the folder of `anchor`."""
        name = file_name(self.default)
        if self.default not in texts and not os.path.lexists(anchor.parent / name):  # else it has its error
            self.problems.append(
                problem(anchor.parent / name, 1, 1, say("missing text: create %(name)s", name=name))
            )
        for lang in self.languages[1:]:
            name = file_name(lang)
            if lang not in texts and not (anchor.parent / name).exists():
                message = say(
                    "no %(lang)s text yet: the %(default)s text is shown instead",
                    lang=lang,
                    default=self.default,
                )
                self.problems.append(problem(anchor.parent / name, 1, 1, message, warning=True))
        for lang, doc in texts.items():
            if lang not in self.languages:
                message = say("language '%(lang)s' is not in site.yaml languages", lang=lang)
                self.problems.append(problem(doc.path, 1, 1, message))

    def check_unique_slug(self, commune: RawCommune) -> None:
        assert commune.profile is not None  # check_commune's condition
        slug = commune.profile.data.get("slug")
        if not isinstance(slug, str):
            return  # reported by the schema
        if slug in self.slugs:
            other = display_path(self.slugs[slug] / "profile.yaml")
            message = say("slug '%(slug)s' is already used by %(other)s", slug=slug, other=other)
            self.problems.append(commune.profile.problem(("slug",), message))
        self.slugs.setdefault(slug, commune.folder)

    def check_news(self, news: list[MarkdownDoc], slugs: set[str]) -> None:
        for doc in news:
            front = doc.front.data
            named = NEWS_NAME.match(doc.path.name)
            assert named is not None  # the loader keeps only news named so
            name_date = named.group("date")
            if "date" in front and front["date"] != name_date:
                message = say(
                    "date %(date)s differs from the file name's %(name_date)s: make them equal",
                    date=front["date"],
                    name_date=name_date,
                )
                self.problems.append(doc.front.problem(("date",), message))
            with unless_malformed():
                for i, slug in enumerate(front.get("communes", [])):
                    if slug not in slugs:
                        message = say("unknown commune '%(slug)s'", slug=slug)
                        hints = suggest(slug, sorted(slugs))
                        self.problems.append(doc.front.problem(("communes", i), message, *hints))
        self.check_translations(news)

    def check_internal_links(self, raw: RawContent, site_map: SiteMap) -> None:
        """Links like [x](/communes/kloto-3/) in Markdown must lead to a page of the site."""
        contents = (self.folders, [d.slug for d in raw.news], [d.slug for d in raw.pages])
        known = site_map.all_paths(*contents)
        # A page in another language than the text's: the same page in the text's language, by path.
        same_page = {
            (path, lang): versions[lang]
            for versions in site_map.versions(*contents)
            for path in versions.values()
            for lang in versions
        }
        for link in self.links + _page_links(raw.news + raw.pages):
            target = link.target.lstrip("/")
            if target in known:
                translated = same_page.get((target, link.lang), target)
                if translated != target:
                    message = say(
                        "link to '%(target)s', a page in another language than this text: link to "
                        "'/%(translated)s'",
                        target=link.target,
                        translated=translated,
                    )
                    self.problems.append(problem(link.path, link.line, link.col, message, warning=True))
                continue
            message = say("link to '%(target)s': no such page on the site", target=link.target)
            hints = suggest(link.target, sorted("/" + path for path in known))
            self.problems.append(problem(link.path, link.line, link.col, message, *hints))

    def check_translations(self, docs: list[MarkdownDoc]) -> None:
        """Each news item or page has its default-language file; other languages are optional."""
        by_slug: dict[str, dict[str, MarkdownDoc]] = {}
        for doc in docs:
            by_slug.setdefault(doc.slug, {})[doc.lang] = doc
        for versions in by_slug.values():
            any_doc = next(iter(versions.values()))
            stem = any_doc.path.name.removesuffix(f".{any_doc.lang}.md")
            self.check_languages(any_doc.path, versions, _versions_named(stem))


def _versions_named(stem: str) -> Callable[[str], str]:
    """The file name of a news item's or a page's version in a language: <stem>.<lang>.md."""
    return lambda lang: f"{stem}.{lang}.md"


@dataclass(frozen=True)
class Link:
    """A link to a page of the site (/communes/…) in a Markdown text, where it is written."""

    path: Path
    line: int
    col: int
    target: str
    lang: str  # of the text it is in


def _page_links(docs: Iterable[MarkdownDoc]) -> list[Link]:
    """The links to pages of the site in these texts (not to photos or schemas)."""
    links = []
    for doc in docs:
        for match in MARKDOWN_LINK.finditer(doc.body):
            target = (match.group(1) or match.group(2)).split("#", 1)[0].split("?", 1)[0]
            if target.startswith(("/media/", "/schemas/")):
                continue
            start = match.start(1) if match.group(1) else match.start(2)
            line = doc.body_line + doc.body.count("\n", 0, start)
            col = start - (doc.body.rfind("\n", 0, start) + 1) + 1
            links.append(Link(doc.path, line, col, target, doc.lang))
    return links


def _is_mapping(doc: YamlDoc | None) -> bool:
    return doc is not None and isinstance(doc.data, dict)


def _is_geojson(root: Path, name: str) -> bool:
    """Whether the content folder has this GeoJSON file (a regular file, named inside the folder) and it
    draws at least one polygon: the map is drawn from it without further checks."""
    if leaves_folder(name):
        return False
    data = read_regular_file(root / name, [])
    if data is None:
        return False
    try:
        parsed = json.loads(data)
        return parsed.get("type") == "FeatureCollection" and bool(features_of(parsed))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
        return False


def _image_problem(path: Path, file: str) -> Message | None:
    """What is wrong with a photo as Pillow reads it (its real format, its pixel count, its pixels), or None.
    The pixels are decoded only once the header says they are not too many: a small file can announce
    billions of pixels."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=PHOTO_FORMATS) as image:
                pixels = image.width * image.height
                if pixels <= MAX_PHOTO_PIXELS:
                    # Every pixel decoded once (a JPEG at an eighth of its size, which still reads it all):
                    # a damaged or cut-off file is reported here, where the build derives images from it.
                    image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
                    image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        pixels = MAX_PHOTO_PIXELS + 1
    except (OSError, ValueError, SyntaxError):  # what Pillow raises for a file it cannot read as an image
        if HEIF:
            return say(
                "photo '%(file)s' is not a JPEG, PNG, WebP or HEIC image: export it again in one of these "
                "formats",
                file=file,
            )
        return say(
            "photo '%(file)s' is not a JPEG, PNG or WebP image: export it again in one of these formats",
            file=file,
        )
    if pixels > MAX_PHOTO_PIXELS:
        return say(
            "photo '%(file)s' has too many pixels (more than %(limit)s million): resize it to about 4000 "
            "pixels wide",
            file=file,
            limit=MAX_PHOTO_PIXELS // 1_000_000,
        )
    return None


@cache
def _common_words() -> dict[str, frozenset[str]]:
    words = json.loads(COMMON_WORDS.read_text(encoding="utf-8"))["words"]
    return {lang: frozenset(known) for lang, known in words.items()}


def _label(texts: dict[str, str], lang: str) -> str:
    return texts.get(lang) or next(iter(texts.values()))


def _comparable(text: str) -> str:
    """'Eau et assainissement', 'eau-et-assainissement' -> 'eau_et_assainissement'."""
    return slugify(text).replace("-", "_")


def _walk(value: Any, where: tuple = ()):
    yield where, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, where + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, where + (index,))


def _is_localized(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and bool(value)
        and all(isinstance(k, str) and len(k) == 2 and k.isalpha() for k in value)
    )


def _megabytes(size: int) -> float:
    return round(size / 1_000_000, 1)
