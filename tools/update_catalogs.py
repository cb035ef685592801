"""Extract interface strings and update the Babel catalogs: python tools/update_catalogs.py

Runs `pybabel extract` then `pybabel update` for each language that has a folder in locale/; new strings
appear untranslated (msgstr "") in locale/<lang>/LC_MESSAGES/messages.po, ready to translate. (A new
language: create locale/<lang>/, run this, then translate, the `language:` messages first.)
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POT = ROOT / "locale" / "messages.pot"


def main() -> int:
    pybabel = [sys.executable, "-m", "babel.messages.frontend"]
    POT.parent.mkdir(exist_ok=True)
    subprocess.run(
        [
            *pybabel,
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_",
            "-k",
            "n_:1,2",
            "-k",
            "say",
            "-k",
            "say_count:1,2",
            "-k",
            "N_",
            "-k",
            "NP_:1c,2",
            "--no-wrap",
            "--sort-output",
            "--no-location",
            "--omit-header",
            "-o",
            str(POT),
            ".",
        ],
        cwd=ROOT,
        check=True,
    )
    for lang in sorted(path.name for path in POT.parent.iterdir() if path.is_dir()):  # each catalog's
        po = ROOT / "locale" / lang / "LC_MESSAGES" / "messages.po"
        action = ["update", "--ignore-obsolete", "--no-fuzzy-matching"] if po.exists() else ["init"]
        subprocess.run(
            [*pybabel, *action, "-i", str(POT), "-d", "locale", "-l", lang, "--no-wrap"], cwd=ROOT, check=True
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
