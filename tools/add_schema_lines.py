"""Start every content YAML file with the yaml-language-server line that points at its JSON Schema.

    python tools/add_schema_lines.py content examples/demo

Editors such as VS Code (with the YAML extension) then check the file while it is typed.
Files that already have the line are left as they are.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from vitrine.scaffold import schema_comment  # noqa: E402

KINDS = {
    "site.yaml": "site",
    "programme.yaml": "programme",
    "profile.yaml": "profile",
    "progress.yaml": "progress",
}


def main(folders: list[str]) -> int:
    for folder in folders:
        for path in sorted(Path(folder).rglob("*.yaml")):
            if path.name not in KINDS:
                continue
            text = path.read_text(encoding="utf-8")
            if not text.startswith("# yaml-language-server:"):
                path.write_text(schema_comment(path, KINDS[path.name]) + "\n" + text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
