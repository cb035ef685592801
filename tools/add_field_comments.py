"""Write the staff comments (one French line above each top-level field) into the communes' profile.yaml.

    python tools/add_field_comments.py content

The comments are vitrine.scaffold.FIELD_COMMENTS, the ones `build.py new commune` writes: change them
there, then run this again. Only comment lines change; the script refuses a file whose values would differ.
"""

import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from vitrine.scaffold import add_field_comments  # noqa: E402


def main(folders: list[str]) -> int:
    for folder in folders:
        for path in sorted(Path(folder).glob("communes/*/profile.yaml")):
            text = path.read_text(encoding="utf-8")
            commented = add_field_comments(text)
            if yaml.safe_load(commented) != yaml.safe_load(text):
                print(f"{path}: the values would change, left as it is", file=sys.stderr)
                return 1
            if commented != text:
                path.write_text(commented, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["content"]))
