"""Photos as published: each original (a phone's JPEG, PNG, WebP or HEIC, as it was taken) is turned into a
few widths in a modern format (AVIF, or WebP where this Pillow cannot write AVIF) and in JPEG for older
browsers, its EXIF orientation applied, its colours converted to sRGB and every metadata dropped (GPS
position, camera, date, owner, comments, colour profile). The site never serves an original.

The speed layer keeps derived images under the original's hash and these SETTINGS, so a rebuild derives
none of them again.
"""

from __future__ import annotations

import io
import json
import math
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, features

from .paths import derived_photo_path

try:  # HEIC/HEIF, the format of many phones, when pillow-heif is installed
    from pillow_heif import register_heif_opener

    register_heif_opener()
    HEIF: tuple[str, ...] = ("HEIF",)
except ImportError:  # pragma: no cover - depends on the installation
    HEIF = ()

PHOTO_FORMATS = ("JPEG", "PNG", "WEBP", *HEIF)  # what Pillow may open a photo as
WIDTHS = (480, 960, 1600)  # published widths, never above the original's
MODERN = "AVIF" if "avif" in features.modules and features.check_module("avif") else "WEBP"
ENCODINGS = {  # format -> (file extension, MIME type, Pillow's options); each encoder is deterministic
    "AVIF": ("avif", "image/avif", {"quality": 60, "speed": 8}),
    "WEBP": ("webp", "image/webp", {"quality": 75, "method": 4}),
    "JPEG": ("jpg", "image/jpeg", {"quality": 80, "optimize": True, "progressive": True}),
}
FORMATS = (MODERN, "JPEG")  # the modern one first: browsers take the first <source> they can show
BACKGROUND = (255, 255, 255)  # transparent parts of a PNG or WebP, on the JPEG and everywhere
ORIENTATION = 0x0112  # EXIF tag
SETTINGS = (WIDTHS, FORMATS, [ENCODINGS[f] for f in FORMATS], BACKGROUND, Image.__version__)
DerivedImage = tuple[str, int, int, bytes]  # format, width, height, the file's bytes


@dataclass(frozen=True, slots=True)
class Rendition:
    """One derived image: where it is in the site, its real size in pixels."""

    path: str
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class PhotoSet:
    """What a page shows of one photo: the same widths in the modern format and in JPEG, narrowest first."""

    mime: str  # of the modern format
    modern: tuple[Rendition, ...]
    fallback: tuple[Rendition, ...]

    @property
    def largest(self) -> Rendition:
        return self.fallback[-1]


@dataclass(frozen=True, slots=True)
class Original:
    """A photo as a commune lists it: whose, under which name, where the file is."""

    slug: str
    file: str  # as written in profile.yaml, e.g. photos/IMG_2034.JPG
    path: Path


class Photos:
    """The derived images of a build: their PhotoSet per photo, and their files."""

    def __init__(self, sets: dict[tuple[str, str], PhotoSet], files: dict[str, tuple[str, bytes]]):
        self.sets = sets
        self._files = files  # site path -> (key of its original's derivation, bytes)

    def of(self, slug: str, file: str) -> PhotoSet:
        return self.sets[(slug, file)]

    def of_commune(self, slug: str) -> tuple[PhotoSet, ...]:
        """What a commune's page shows of its photos (a part of the page's cache key)."""
        return tuple(value for (owner, _), value in sorted(self.sets.items()) if owner == slug)

    @property
    def keys(self) -> dict[str, str]:
        return {path: key for path, (key, _) in self._files.items()}

    def files(self, on_disk: dict[str, str] | None = None) -> Iterator[tuple[str, bytes | None]]:
        """Every derived image as (site path, bytes); None for one already on disk (live preview)."""
        on_disk = on_disk or {}
        for path, (key, data) in sorted(self._files.items()):
            yield path, None if on_disk.get(path) == key else data


def published(originals: list[tuple[Original, str]], derived: dict[str, list[DerivedImage]]) -> Photos:
    """The derived images of every photo, named and sized for the pages: `derived` holds each original's
    images under its key (the speed layer's, see vitrine/incremental/layer.py)."""
    sets, files = {}, {}
    for original, key in originals:
        renditions: dict[str, list[Rendition]] = {name: [] for name in FORMATS}
        for name, width, height, data in derived[key]:
            path = derived_photo_path(original.slug, original.file, width, ENCODINGS[name][0])
            renditions[name].append(Rendition(path, width, height))
            files[path] = (key, data)
        sets[(original.slug, original.file)] = PhotoSet(
            ENCODINGS[MODERN][1], tuple(renditions[MODERN]), tuple(renditions["JPEG"])
        )
    return Photos(sets, files)


def derive_original(path: Path) -> list[DerivedImage]:
    return derive(read_original(path))


def derive(data: bytes) -> list[DerivedImage]:
    """Every derived image of one original, as (format, width, height, bytes), narrowest first."""
    with Image.open(io.BytesIO(data), formats=PHOTO_FORMATS) as original:
        image = _upright_srgb(original)
    widths = sorted({min(width, image.width) for width in WIDTHS})
    images = []
    for width in widths:
        height = max(1, round(image.height * width / image.width))
        resized = image if width == image.width else image.resize((width, height), Image.Resampling.LANCZOS)
        clean = Image.new("RGB", resized.size)  # a new image: nothing of the original's metadata
        clean.paste(resized)
        for name in FORMATS:
            buffer = io.BytesIO()
            clean.save(buffer, format=name, **ENCODINGS[name][2])
            images.append((name, width, height, buffer.getvalue()))
    return images


def _upright_srgb(original: Image.Image) -> Image.Image:
    """The picture as it should be seen, in sRGB on an opaque background; a large JPEG is decoded at a
    reduced scale (libjpeg's own), no smaller than the widest published width."""
    icc = original.info.get("icc_profile")
    rotated = original.getexif().get(ORIENTATION) in (5, 6, 7, 8)
    shown_width = original.height if rotated else original.width
    if original.format == "JPEG" and shown_width > WIDTHS[-1]:
        scale = WIDTHS[-1] / shown_width
        original.draft("RGB", (math.ceil(original.width * scale), math.ceil(original.height * scale)))
    image = ImageOps.exif_transpose(original)
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, BACKGROUND)
        image.paste(rgba, mask=rgba.getchannel("A"))
    else:
        image = image.convert("RGB")
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            image = ImageCms.profileToProfile(  # type: ignore[assignment]  # None only when inPlace=True
                image, source, ImageCms.createProfile("sRGB"), outputMode="RGB"
            )
        except (ImageCms.PyCMSError, OSError, ValueError):  # a broken profile: the pixels as they are
            pass
    return image


def read_original(path: Path) -> bytes:
    """The original's bytes (the rules have checked it is a regular file in the commune's folder)."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(f"{path} is not a regular file")
        return file.read()


def packed(images: list[DerivedImage]) -> bytes:
    """A cache entry: one JSON line saying what follows (data, never code), then the images' bytes."""
    header = [[name, width, height, len(data)] for name, width, height, data in images]
    return json.dumps(header).encode() + b"\n" + b"".join(data for *_, data in images)


def unpacked(entry: bytes | None) -> list[DerivedImage] | None:
    if entry is None:
        return None
    try:
        line, _, rest = entry.partition(b"\n")
        images, offset = [], 0
        for name, width, height, length in json.loads(line):
            if name not in FORMATS or not (isinstance(width, int) and isinstance(height, int)):
                return None
            images.append((name, width, height, rest[offset : offset + length]))
            offset += length
        return images if offset == len(rest) else None
    except (ValueError, TypeError):
        return None
