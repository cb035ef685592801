"""Vendor the browser editor (Sveltia CMS) into static/admin/, at a pinned version, from npm.

    python tools/update_cms.py            # refresh the pinned version (VERSION below)
    python tools/update_cms.py 0.222.0    # move to another version: then update VERSION below

It runs `npm pack @sveltia/cms@<version>` (the one time it needs the network), copies the script, its
licence, the three fonts it uses (icons, interface, monospace, shipped in the same package with their
licences) and the French locale file, and rewrites the script's outside addresses to our own files:
- the fonts, which it would load from cdn.jsdelivr.net, come from fonts/;
- the locale file, which it would fetch from unpkg.com, comes from locales/;
- its update check, which would fetch unpkg.com/@sveltia/cms/package.json every hour, reads
  cms/package.json, which names the vendored version, so it never reports an update.
Each rewrite must match exactly once: if a new version changes them, the script stops and says which.
Nothing is downloaded at build or test time: the build copies static/admin/ as it is.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VERSION = "0.221.1"
PACKAGE = "@sveltia/cms"
TARGET = Path(__file__).resolve().parent.parent / "static" / "admin"
LOCALES = ("fr",)  # the interface languages shipped; others fall back to English, built into the script
FONTS = ("material-symbols-outlined", "source-sans-3", "noto-mono")

# (what, pattern, replacement): each pattern must match exactly once in the script.
REWRITES = [
    (
        "fonts from cdn.jsdelivr.net",
        r"https://cdn\.jsdelivr\.net/fontsource/fonts/([a-z0-9-]+)(?::vf)?@[0-9.]+/latin-[a-z0-9-]+\.woff2",
        r"fonts/\1.woff2",
    ),
    ("locale files from unpkg.com", r"`\$\{\w+\}@\$\{\w+\}/locales`", "`./locales`"),
    ("package base on unpkg.com (update check)", r"`https://unpkg\.com/@sveltia/cms`", "`./cms`"),
]
EXPECTED = {"fonts from cdn.jsdelivr.net": len(FONTS)}


def rewrite(script: str) -> str:
    """The script with its outside addresses pointing at our files; SystemExit if one does not match."""
    for what, pattern, replacement in REWRITES:
        script, count = re.subn(pattern, replacement, script)
        expected = EXPECTED.get(what, 1)
        if count != expected:
            sys.exit(f"update_cms: {what}: {count} matches, expected {expected}; check the new script")
    return script


def fetch(version: str, workdir: Path) -> Path:
    """The unpacked npm package."""
    subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{version}", "--silent", "--pack-destination", str(workdir)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    (tarball,) = workdir.glob("*.tgz")
    with tarfile.open(tarball) as archive:
        archive.extractall(workdir, filter="data")
    return workdir / "package"


def vendor(package: Path, target: Path) -> None:
    """Copy what the admin page serves into target, replacing what was there."""
    if target.exists():
        shutil.rmtree(target)
    (target / "fonts").mkdir(parents=True)
    (target / "locales").mkdir()
    (target / "cms" / "schema").mkdir(parents=True)
    script = (package / "dist" / "sveltia-cms.js").read_text(encoding="utf-8")
    # The source map comment would make browsers' developer tools ask for a file we do not ship.
    script = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", rewrite(script))
    (target / "sveltia-cms.js").write_text(script, encoding="utf-8")
    shutil.copy(package / "LICENSE.txt", target / "LICENSE-sveltia-cms.txt")
    for font in FONTS:
        (woff2,) = (package / "npm" / "assets").glob(f"{font}-latin-*.woff2")
        shutil.copy(woff2, target / "fonts" / f"{font}.woff2")
        licence = package / "npm" / "assets" / f"{font}.LICENSE.txt"
        shutil.copy(licence, target / "fonts" / f"{font}.LICENSE.txt")
    for locale in LOCALES:
        shutil.copy(package / "locales" / f"{locale}.json", target / "locales" / f"{locale}.json")
    # The configuration's own JSON Schema: the tests validate the generated config.yml against it.
    shutil.copy(package / "schema" / "sveltia-cms.json", target / "cms" / "schema" / "sveltia-cms.json")
    meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
    answer = {"name": meta["name"], "version": meta["version"], "license": meta["license"]}
    (target / "cms" / "package.json").write_text(json.dumps(answer, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    version = argv[0] if argv else VERSION
    with tempfile.TemporaryDirectory() as tmp:
        package = fetch(version, Path(tmp))
        vendor(package, TARGET)
    print(f"{PACKAGE} {version} vendored into {TARGET}")
    if version != VERSION:
        print(f"now set VERSION = {version!r} in {Path(__file__).name} and commit static/admin/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
