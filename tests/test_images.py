"""Photos as phones take them: a 5 MB JPEG with its GPS position, named IMG_2034.JPG, is published only
as derived images (a few widths, AVIF or WebP and JPEG), upright, without any metadata; never the original."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from vitrine import images, pipeline
from vitrine.problems import ContentError

from .conftest import AS_OF, files_of

COMMUNE = "kerval-1"
SECRET = "Fabricant-Secret"  # the camera's maker: must not reach the site
OWNER = "Proprietaire-Secret"
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description xmp:Label="Xmp-Secret"/>'
    b"</rdf:RDF></x:xmpmeta>"
)


def phone_jpeg(width: int = 4000, height: int = 3000, orientation: int = 1, quality: int = 90) -> bytes:
    """A phone's photo: about 5 MB at 4000×3000, with GPS position, camera, date, owner, orientation, an XMP
    packet, a comment and a colour profile."""
    gradient = Image.linear_gradient("L").resize((width, height))
    noise = Image.effect_noise((width, height), 24)
    image = Image.merge("RGB", (gradient, noise, gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    exif = Image.Exif()
    exif[0x010F] = SECRET  # Make
    exif[0x0110] = "Phone-Model-Secret"  # Model
    exif[0x013B] = OWNER  # Artist
    exif[0x8298] = OWNER  # Copyright
    exif[0x0132] = "2026:11:02 10:41:07"  # DateTime
    exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (6.0, 7.0, 53.21)  # 6°7'53" N, 1°13'22" E: Lomé
    gps[3], gps[4] = "E", (1.0, 13.0, 22.4)
    buffer = io.BytesIO()
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image.save(
        buffer, "JPEG", quality=quality, exif=exif, xmp=XMP, comment=b"Comment-Secret", icc_profile=srgb
    )
    return buffer.getvalue()


def add_photo(content: Path, name: str, data: bytes, commune: str = COMMUNE) -> None:
    folder = content / "communes" / commune
    (folder / "photos" / name).write_bytes(data)
    profile = folder / "profile.yaml"
    text = profile.read_text(encoding="utf-8")
    entry = (
        f"photos:\n  - file: photos/{name}\n    alt:\n      fr: Le marché vu du château d’eau\n"
        "    credit: Mairie (test)\n"
    )
    assert text.count("photos:\n") == 1
    profile.write_text(text.replace("photos:\n", entry), encoding="utf-8")


def build_site(content: Path, tmp_path: Path, name: str = "site", cache: str = "cache") -> Path:
    site = tmp_path / name
    pipeline.build(content, site, AS_OF, pipeline.Settings(search=False, jobs=1, cache=tmp_path / cache))
    return site


def first_picture(page: str) -> tuple[str, str, str, str, str]:
    """The first <picture> of a page: (modern type, modern srcset, img src, JPEG srcset, img width height)."""
    match = re.search(
        r'<picture><source type="([^"]+)" srcset="([^"]+)" sizes="[^"]+">'
        r'<img src="([^"]+)" srcset="([^"]+)" sizes="[^"]+" alt="[^"]*" (width="\d+" height="\d+")',
        page,
    )
    assert match, "no <picture> on the page"
    return match.groups()


def candidates(srcset: str) -> list[tuple[str, int]]:
    return [(url, int(width.removesuffix("w"))) for url, width in (c.split(" ") for c in srcset.split(", "))]


def assert_no_metadata(data: bytes, where: str) -> None:
    """Nothing of the original's metadata, read back both by Pillow and in the raw bytes."""
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif(), where
        for key in ("exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment"):
            assert not image.info.get(key), (where, key)
    for secret in (
        b"Exif\x00",
        b"xmpmeta",
        b"ns.adobe.com",
        SECRET.encode(),
        OWNER.encode(),
        b"Secret",
        b"GPS",
    ):
        assert secret not in data, (where, secret)


def test_a_5_mb_phone_jpeg_with_gps_is_published_only_as_clean_derived_images(demo_copy, tmp_path):
    original = phone_jpeg()
    assert len(original) > 4_500_000  # as a phone sends it
    with Image.open(io.BytesIO(original)) as check:
        assert check.getexif().get_ifd(0x8825)  # the fixture does carry a GPS position
    add_photo(demo_copy, "IMG_2034.JPG", original)
    site = build_site(demo_copy, tmp_path)

    page = (site / "communes" / COMMUNE / "index.html").read_text(encoding="utf-8")
    modern_type, modern, src, fallback, size = first_picture(page)
    assert modern_type in ("image/avif", "image/webp")
    modern_candidates, jpeg_candidates = candidates(modern), candidates(fallback)
    assert [w for _, w in modern_candidates] == [w for _, w in jpeg_candidates] == [480, 960, 1600]
    assert src == jpeg_candidates[-1][0] and size == 'width="1600" height="1200"'
    for url, width in modern_candidates + jpeg_candidates:
        assert "img-2034" in url and url.startswith(f"/media/{COMMUNE}/")
        data = (site / url.lstrip("/")).read_bytes()
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == ("JPEG" if url.endswith(".jpg") else modern_type.split("/")[1].upper())
            assert image.width == width <= 1600
            assert image.height == width * 3 // 4
        assert_no_metadata(data, url)

    files = files_of(site)
    assert original not in files.values()
    assert not [path for path in files if "IMG_2034" in path or path.endswith((".JPG", ".heic"))]
    published = {path for path in files if path.startswith("media/")}
    assert all(path.endswith((".avif", ".webp", ".jpg")) for path in published)


def test_a_photo_is_turned_upright_by_its_exif_orientation(demo_copy, tmp_path):
    add_photo(demo_copy, "IMG_2035.JPG", phone_jpeg(1200, 900, orientation=6, quality=80))
    site = build_site(demo_copy, tmp_path)
    page = (site / "communes" / COMMUNE / "index.html").read_text(encoding="utf-8")
    _, modern, src, _, size = first_picture(page)
    assert size == 'width="900" height="1200"'  # a portrait, as the phone was held
    assert [w for _, w in candidates(modern)] == [480, 900]  # never wider than the original
    with Image.open(site / src.lstrip("/")) as image:
        assert image.size == (900, 1200)


def test_a_rebuild_derives_no_image_again(demo_copy, tmp_path, monkeypatch):
    add_photo(demo_copy, "IMG_2034.JPG", phone_jpeg(2000, 1500, quality=80))
    first = files_of(build_site(demo_copy, tmp_path, "first"))

    def derive_again(data: bytes):
        raise AssertionError("a photo was derived again")

    monkeypatch.setattr(images, "derive", derive_again)
    second = files_of(build_site(demo_copy, tmp_path, "second"))  # a new output folder, the same cache
    assert first == second
    with pytest.raises(AssertionError, match="derived again"):  # the cache is what spared the work
        build_site(demo_copy, tmp_path, "third", cache="other-cache")


def test_derived_images_are_the_same_bytes_from_build_to_build(demo_copy, tmp_path):
    add_photo(demo_copy, "IMG_2034.JPG", phone_jpeg(1700, 1100, quality=80))
    first = files_of(build_site(demo_copy, tmp_path, "first", cache="cache-1"))
    second = files_of(build_site(demo_copy, tmp_path, "second", cache="cache-2"))
    media = sorted(path for path in first if path.startswith(f"media/{COMMUNE}/img-2034"))
    assert len(media) == 6
    assert {path: first[path] for path in media} == {path: second[path] for path in media}


def test_a_transparent_png_and_a_heic_photo_are_accepted(demo_copy, tmp_path):
    png = Image.new("RGBA", (700, 500), (0, 90, 60, 0))
    png.paste((0, 90, 60, 255), (100, 100, 600, 400))
    buffer = io.BytesIO()
    png.save(buffer, "PNG")
    add_photo(demo_copy, "Capture.PNG", buffer.getvalue())
    if images.HEIF:
        buffer = io.BytesIO()
        Image.new("RGB", (1000, 750), (200, 120, 40)).save(buffer, "HEIF", quality=60)
        add_photo(demo_copy, "IMG_2036.HEIC", buffer.getvalue(), commune="anse-marine")
    site = build_site(demo_copy, tmp_path)
    page = (site / "communes" / COMMUNE / "index.html").read_text(encoding="utf-8")
    *_, src, _, size = first_picture(page)
    assert size == 'width="700" height="500"'
    with Image.open(site / src.lstrip("/")) as image:
        assert image.getpixel((10, 10)) == pytest.approx((255, 255, 255), abs=3)  # transparency on white
    if images.HEIF:
        page = (site / "communes" / "anse-marine" / "index.html").read_text(encoding="utf-8")
        *_, src, _, size = first_picture(page)
        assert size == 'width="1000" height="750"' and "img-2036-1000.jpg" in src


def test_a_photo_over_15_mb_is_an_error_and_a_heavy_one_a_warning(demo_copy, tmp_path):
    heavy = phone_jpeg(600, 400, quality=80)
    heavy += b"\x00" * (9_300_000 - len(heavy))  # what follows the image's end is not read
    add_photo(demo_copy, "IMG_2040.JPG", heavy)
    problems, _ = pipeline.check_content(demo_copy, AS_OF)
    warnings = [p.text() for p in problems if p.warning and "IMG_2040" in p.text()]
    assert warnings == [
        "photo 'photos/IMG_2040.JPG' is heavy (9.3 MB): it is published resized, but the "
        "repository keeps the original; under 8 MB is enough"
    ]

    with (demo_copy / "communes" / COMMUNE / "photos" / "IMG_2040.JPG").open("ab") as file:
        file.truncate(15_200_000)
    with pytest.raises(ContentError) as error:
        build_site(demo_copy, tmp_path)
    errors = [p for p in error.value.problems if not p.warning]
    assert [p.text() for p in errors] == [
        "photo 'photos/IMG_2040.JPG' is too large (15.2 MB, the limit is 15 MB): send the photo as the phone "
        "took it, or export it again at about 4000 pixels wide"
    ]
    assert errors[0].path.endswith(f"communes/{COMMUNE}/profile.yaml") and errors[0].line > 1


def test_a_damaged_photo_is_reported_where_it_is_listed_not_as_a_failed_build(demo_copy, tmp_path):
    """A photo cut off in transfer has a sound header: its pixels are decoded by the check."""
    whole = phone_jpeg(800, 600, quality=80)
    add_photo(demo_copy, "IMG_2041.JPG", whole[: len(whole) // 2])
    with pytest.raises(ContentError) as error:
        build_site(demo_copy, tmp_path)
    errors = [p for p in error.value.problems if not p.warning]
    assert len(errors) == 1 and "photo 'photos/IMG_2041.JPG' is not a JPEG, PNG, WebP" in errors[0].text()
    assert errors[0].path.endswith(f"communes/{COMMUNE}/profile.yaml")
