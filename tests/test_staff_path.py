"""The publishing path as staff walk it: the commands the guide gives, photos as phones name them, and the
placeholder of a new commune never published unnoticed."""

from __future__ import annotations

import shutil
import subprocess
import sys

from vitrine import pipeline
from vitrine.images import MODERN

from .conftest import AS_OF, ROOT
from .test_cli import run

PHOTO = ROOT / "examples" / "demo" / "communes" / "kerval-1" / "photos" / "marche-de-kerval.jpg"


def test_build_py_without_the_libraries_says_what_to_run_instead(tmp_path):
    # -S: no site-packages, as with a system Python that never ran `make`.
    result = subprocess.run(
        [sys.executable, "-S", str(ROOT / "build.py"), "check"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith("build.py\u00a0: le module Python «\u00a0") and "make check" in first


def test_make_gives_staff_the_guide_s_commands():
    commands = subprocess.run(
        [
            "make",
            "-n",
            "check",
            "serve",
            "PORT=8001",
            "new-commune",
            "NAME=Kloto 4",
            "PREFECTURE=Kloto",
            "REGION=Plateaux",
            "STAMP=Makefile",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert ".venv/bin/python build.py check" in commands
    assert ".venv/bin/python build.py serve --port 8001" in commands
    assert (
        '.venv/bin/python build.py new commune "Kloto 4" --prefecture "Kloto" --region "Plateaux"' in commands
    )


def test_a_photo_named_by_a_phone_is_published_under_a_safe_name(minimal_content, tmp_path):
    folder = minimal_content / "communes" / "alpha"
    (folder / "photos").mkdir()
    shutil.copyfile(PHOTO, folder / "photos" / "IMG_2034.JPG")
    shutil.copyfile(PHOTO, folder / "photos" / "marché kuma.jpg")
    profile = folder / "profile.yaml"
    photos = (
        "photos:\n"
        "  - {file: photos/IMG_2034.JPG, alt: {fr: Le marché}, credit: Mairie}\n"
        "  - {file: photos/marché kuma.jpg, alt: {fr: Le marché de Kuma}, credit: Mairie}\n"
    )
    profile.write_text(profile.read_text(encoding="utf-8").replace("photos: []\n", photos), encoding="utf-8")
    site = tmp_path / "site"
    pipeline.build(minimal_content, site, AS_OF, pipeline.Settings(search=False, cache=tmp_path / "cache"))
    names = sorted(p.name for p in (site / "media" / "alpha").iterdir())
    modern = MODERN.lower()
    expected = sorted(
        f"{name}-{width}.{extension}"
        for name in ("img-2034", "marche-kuma")
        for width in (480, 960)  # the photo is 960 pixels wide: never enlarged
        for extension in (modern, "jpg")
    )
    assert names == expected  # derived images only, under safe names: never the originals
    page = (site / "communes" / "alpha" / "index.html").read_text(encoding="utf-8")
    assert 'src="/media/alpha/img-2034-960.jpg"' in page


def test_a_new_commune_s_placeholder_is_reported_and_listed_as_to_complete(minimal_content, tmp_path):
    assert (
        run(
            "new", "commune", "Beta 1", "--prefecture", "Betapref", "--region", "sud", cwd=tmp_path
        ).returncode
        == 0
    )
    checked = run("check", cwd=tmp_path)
    assert checked.returncode == 0
    assert (
        "content/communes/beta-1/fr.md:1:1: avertissement\u00a0: c’est encore le texte provisoire"
        in checked.stderr
    )
    site = tmp_path / "site"
    pipeline.build(minimal_content, site, AS_OF, pipeline.Settings(search=False, cache=tmp_path / "cache"))
    completeness = (site / "progression" / "completude" / "index.html").read_text(encoding="utf-8")
    beta = completeness.split('href="/communes/beta-1/"', 1)[1].split("</tr>", 1)[0]
    alpha = completeness.split('href="/communes/alpha/"', 1)[1].split("</tr>", 1)[0]
    assert "Texte de présentation (fr)" in beta and "Texte de présentation (fr)" not in alpha
