"""Names on the site: slugs made from what people write."""

from __future__ import annotations

import re
import unicodedata


def slugify(name: str) -> str:
    """'Agoè-Nyivé 1' -> 'agoe-nyive-1': ASCII, lower case, hyphenated."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
