"""The rules of one commune's files (profile, progress, texts, photos), checked as each commune is read."""

from __future__ import annotations

import warnings
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from PIL import Image

from ..images import HEIF, PHOTO_FORMATS
from ..loader import (
    KeyPath,
    RawCommune,
    YamlDoc,
    leaves_folder,
)
from ..paths import photo_path
from ..problems import Message, display_path, problem, say
from ..scaffold import is_scaffold_pitch
from .across import page_links
from .shared import RuleContext, is_mapping, unless_malformed

# Photos come as phones take them: only derived images are published (vitrine/images.py), so the size of an
# original costs the repository, not the readers.
MAX_PHOTO_BYTES = 15_000_000  # a phone's photo is 3 to 8 MB; more is a scan or a camera's raw export


HEAVY_PHOTO_BYTES = 8_000_000  # above it, a warning: the repository keeps every original forever


MAX_PHOTO_PIXELS = 50_000_000  # a phone's largest photos; decoding more could exhaust memory


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


def _megabytes(size: int) -> float:
    return round(size / 1_000_000, 1)


class CommuneRules(RuleContext):
    """A commune's own rules, and the few facts the rules across communes keep of it."""

    def check_commune(self, commune: RawCommune) -> None:
        """A commune's own rules, and what the rules across communes need of it, kept in a few small facts
        (its folder, slug and links) so that its parsed files can be let go."""
        self.folders.append(commune.folder.name)
        self.links += page_links(commune.texts.values())
        if is_mapping(commune.profile) and is_mapping(commune.progress):
            self._check_commune_once(commune)
            self.check_unique_slug(commune)

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
        return ("commune rules", self.settings_digest, commune.digest, photos)

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
        elif (size := path.stat().st_size) > MAX_PHOTO_BYTES:  # read once, as for the heavy photo
            message = say(
                "photo '%(file)s' is too large (%(size)s MB, the limit is %(limit)s MB): send the photo "
                "as the phone took it, or export it again at about 4000 pixels wide",
                file=file,
                size=_megabytes(size),
                limit=MAX_PHOTO_BYTES // 1_000_000,
            )
        else:
            message = _image_problem(path, file)
            if message is None:
                if size > HEAVY_PHOTO_BYTES:
                    heavy = say(
                        "photo '%(file)s' is heavy (%(size)s MB): it is published resized, but the "
                        "repository keeps the original; under %(limit)s MB is enough",
                        file=file,
                        size=_megabytes(size),
                        limit=HEAVY_PHOTO_BYTES // 1_000_000,
                    )
                    where = ("photos", index, "file")
                    self.problems.append(commune.profile.problem(where, heavy, warning=True))
                return
        self.problems.append(commune.profile.problem(("photos", index, "file"), message))

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
