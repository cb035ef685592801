"""Fill untranslated French catalog entries from a Python dict file: python tools/translate_fr.py FILE

FILE defines FR = {msgid: msgstr} (or {(singular, plural): (one, many)}). French typography (non-breaking
spaces, curly apostrophes) is applied to the translations.
"""

import re
import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from vitrine.i18n import french_typography  # noqa: E402

CATALOG = Path(__file__).resolve().parent.parent / "locale" / "fr" / "LC_MESSAGES" / "messages.po"


def typeset(text: str) -> str:
    text = re.sub(r"(?<=\d) (?=\d{3}\b)", "\u202f", text)  # 100 000: thousands with a narrow space
    text = french_typography(text.replace("'", "’"))
    return (
        text.replace(" :", "\u00a0:")
        .replace(" ;", "\u202f;")
        .replace(" ?", "\u202f?")
        .replace(" !", "\u202f!")
    )


def main(path: str) -> int:
    translations = next(v for k, v in runpy.run_path(path).items() if k.isupper() and isinstance(v, dict))
    with CATALOG.open("rb") as po:
        catalog = read_po(po, locale="fr")
    for message in catalog:
        if message.id in translations:
            value = translations[message.id]
            if isinstance(value, tuple):
                one, many = (typeset(v) for v in value)
                message.string = (one, many, many)  # Babel's French plural forms: 0-1, millions, other
            else:
                message.string = typeset(value)
            message.flags.discard("fuzzy")
    with CATALOG.open("wb") as po:
        write_po(po, catalog, width=0)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
