"""Load stage: read the content folder into documents that remember where each value came from."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

import yaml

from .cms_output import settle
from .problems import Message, Problem, problem, say, say_count

NEWS_NAME = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<lang>[a-z]{2})\.md$"
)
PAGE_NAME = re.compile(r"^(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<lang>[a-z]{2})\.md$")
ANY_LANGUAGE = "LL"  # a language's code in the form of a file name, when site.yaml does not give one
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?---[ \t]*\n", re.S)
# "key: value" lines (and their indented or list continuations), as a front matter holds.
HEADER_LINES = re.compile(r"(?:[A-Za-z_][\w-]*[ \t]*:.*\n|(?!---)[ \t-].*\n)+")
# Content comes by pull request: what one file may cost to read and parse is bounded, generously.
# A pitch of a few thousand words is ~30 KB; boundary files a few hundred KB.
MAX_FILE_BYTES = {".yaml": 1_000_000, ".md": 200_000, ".geojson": 20_000_000}
MAX_DEPTH = 50  # levels of nesting in a YAML file; real content uses fewer than ten
SHORT_TEXT = 40  # characters: a text this short is likely repeated across communes (see _DatesAsStrings)

Position = tuple[int, int]
KeyPath = tuple[str | int, ...]


if TYPE_CHECKING:  # a base chosen at run time is beyond a type checker: both have this interface
    _SafeLoader = yaml.SafeLoader
else:
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _DatesAsStrings(_SafeLoader):
    """Safe YAML loader (libyaml's when available) that keeps dates as text, so the schema checks them."""

    def construct_yaml_str(self, node: yaml.Node) -> str:
        # The short texts every commune repeats (keys, languages, states, currencies) are kept once:
        # the model of ten thousand communes is about 15 MB lighter.
        text = super().construct_yaml_str(node)
        return sys.intern(text) if len(text) <= SHORT_TEXT else text


_DatesAsStrings.add_constructor("tag:yaml.org,2002:str", _DatesAsStrings.construct_yaml_str)


_DatesAsStrings.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class YamlDoc:
    """Parsed YAML that can tell the line and column of every value and key.

    Positions are worked out again from the text only when a problem needs one: most files have none,
    and keeping them for every value of thousands of files would cost more memory than the data."""

    path: Path
    data: Any
    text: str = ""
    first_line: int = 1

    @cached_property
    def _positions(self) -> tuple[dict[KeyPath, Position], dict[KeyPath, Position]]:
        values: dict[KeyPath, Position] = {}
        keys: dict[KeyPath, Position] = {}
        if self.text:
            node = yaml.compose(self.text, Loader=_DatesAsStrings)
            if node is not None:
                _walk_nodes(node, (), self.first_line - 1, values, keys)
        return values, keys

    def position(self, where: KeyPath, of_key: bool = False) -> Position:
        """Position of a value (or its key), falling back to the nearest enclosing one."""
        values, keys = self._positions
        table = keys if of_key else values
        if where in table:
            return table[where]
        while where:
            where = where[:-1]
            if where in values:
                return values[where]
        return (1, 1)

    def problem(
        self, where: KeyPath, *message: Message, of_key: bool = False, warning: bool = False
    ) -> Problem:
        line, col = self.position(where, of_key)
        return problem(self.path, line, col, *message, warning=warning)


@dataclass(frozen=True)
class MarkdownDoc:
    """A Markdown file: optional front matter, body, and the line where the body starts."""

    path: Path
    lang: str
    slug: str
    front: YamlDoc
    body: str
    body_line: int


@dataclass(frozen=True)
class RawCommune:
    folder: Path
    profile: YamlDoc | None
    progress: YamlDoc | None
    texts: dict[str, MarkdownDoc]

    @cached_property
    def digest(self) -> str:
        """A hash of the commune's files as read: the rules and the model key what they keep by it."""
        texts = [self.profile.text if self.profile else "", self.progress.text if self.progress else ""]
        for lang, doc in sorted(self.texts.items()):
            texts += [lang, doc.front.text, doc.body]
        digest = hashlib.sha256(self.folder.name.encode("utf-8", "surrogateescape"))
        for text in texts:  # hashed as bytes: repr() of every text would cost ten times more
            digest.update(b"\x00" + text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()


@dataclass(frozen=True)
class RawContent:
    """Everything read from a content folder, not yet checked."""

    root: Path
    site: YamlDoc | None
    programme: YamlDoc | None
    communes: list[RawCommune] = field(default_factory=list)
    news: list[MarkdownDoc] = field(default_factory=list)
    pages: list[MarkdownDoc] = field(default_factory=list)


def read_text(path: Path, problems: list[Problem]) -> str | None:
    """Read a UTF-8 file; report encoding mistakes instead of failing."""
    data = read_regular_file(path, problems)
    if data is None:
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        message = say("file starts with a byte-order mark (BOM): save it as UTF-8 without BOM")
        problems.append(problem(path, 1, 1, message))
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        problems.append(
            problem(path, line, col, say("file is not valid UTF-8: save it with the UTF-8 encoding"))
        )
        return None
    if not text.strip():
        problems.append(problem(path, 1, 1, say("file is empty: fill it in or delete it")))
        return None
    return text.replace("\r\n", "\n")


def read_regular_file(path: Path, problems: list[Problem]) -> bytes | None:
    """The bytes of a regular file no larger than its kind allows; a link (which could publish a file from
    outside the content folder), a device or a pipe (which could be endless) is reported, never read."""
    limit = MAX_FILE_BYTES.get(path.suffix, MAX_FILE_BYTES[".yaml"])
    data = regular_file_bytes(path, limit)
    if data is None:
        problems.append(problem(path, 1, 1, _not_a_regular_file()))
        return None
    if len(data) > limit:
        message = say("file is too large (more than %(size)s KB): shorten it or split it", size=limit // 1000)
        problems.append(problem(path, 1, 1, message))
        return None
    return data


def regular_file_bytes(path: Path, limit: int) -> bytes | None:
    """At most limit + 1 bytes of a regular file (more than `limit` tells the caller it is too large); None
    for anything else, never followed or read: a link, a folder, a device, a pipe."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            return None
        with os.fdopen(descriptor, "rb", closefd=False) as file:
            # Asked for by the file's size, not the limit: a buffer of the limit's size (a megabyte for a
            # few kilobytes) took longer to make than the read itself.
            data = file.read(min(info.st_size, limit) + 1)
            if len(data) > info.st_size:  # it grew since: read on, up to the limit
                data += file.read(limit + 1 - len(data))
            return data
    finally:
        os.close(descriptor)


def _not_a_regular_file() -> Message:
    return say(
        "not a regular file: links, devices and pipes are not allowed in the content folder; "
        "put the file itself here"
    )


def leaves_folder(name: str) -> bool:
    """Whether a file name written in the content (a photo, a map file) points outside its folder."""
    return os.path.isabs(name) or os.path.normpath(name).split(os.sep)[0] == ".."


def unsafe_entries(root: Path) -> list[Problem]:
    """Every link and special file (device, pipe, socket) under the content folder, each a problem: content
    is only ever regular files and folders inside it, so nothing from elsewhere can be published."""
    problems = []
    folders = [root]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(Path(entry.path))
                elif not entry.is_file(follow_symlinks=False):
                    problems.append(problem(Path(entry.path), 1, 1, _not_a_regular_file()))
    return problems


def parse_yaml(text: str, path: Path, problems: list[Problem], first_line: int = 1) -> YamlDoc | None:
    """Parse YAML text, recording positions; first_line shifts lines for front matter."""
    loader = None
    try:
        loader = _DatesAsStrings(text)
        node = loader.get_single_node()
        # Aliases and depth are checked before building the data: an alias bomb would build (and a
        # later walk visit) billions of values, a self-referencing alias an endless one.
        if node is not None and not _check_keys(node, first_line - 1, path, problems):
            return None
        data = loader.construct_document(node) if node is not None else None
    except yaml.reader.ReaderError as error:
        problems.append(_forbidden_character_problem(error, text, path, first_line))
        return None
    except yaml.MarkedYAMLError as error:
        problems.append(_yaml_syntax_problem(error, text, path, first_line))
        return None
    finally:
        if loader is not None:
            loader.dispose()
    return YamlDoc(path, data, text, first_line)


def _forbidden_character_problem(
    error: yaml.reader.ReaderError, text: str, path: Path, first_line: int
) -> Problem:
    position = error.position if 0 <= error.position <= len(text) else 0
    line = text.count("\n", 0, position) + first_line
    col = position - (text.rfind("\n", 0, position) + 1) + 1
    character = chr(error.character) if isinstance(error.character, int) else error.character
    message = say(
        "character %(char)s is not allowed in YAML: delete it (it is often invisible)", char=repr(character)
    )
    return problem(path, line, col, message)


def _yaml_syntax_problem(error: yaml.MarkedYAMLError, text: str, path: Path, first_line: int) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, col = (mark.line, mark.column + 1) if mark else (0, 1)
    unclosed_line = _first_unclosed_quote(text, line)
    if error.context_mark and "quoted scalar" in (error.context or ""):
        unclosed_line = error.context_mark.line
    bracket = _first_unclosed_bracket(text, line) if "flow" in (error.context or "") else None
    if bracket and unclosed_line is None:
        # [ or { left open: PyYAML stumbles lines later, often at the end of the file; point at the bracket.
        message = say("a bracket '[' or '{' opened on this line is never closed: add the closing ']' or '}'")
        return problem(path, bracket[0] + first_line, bracket[1] + 1, message)
    if unclosed_line is not None:
        # A quote left open swallows the following lines: PyYAML stumbles much later, so point at the quote.
        message = say('a quote (") opened on this line is never closed: add the closing quote')
        return problem(path, unclosed_line + first_line, 1, message)
    lines = text.splitlines()
    faulty = lines[line] if 0 <= line < len(lines) else ""
    misplaced = None if "\t" in faulty else _misplaced_line(lines, line)
    if misplaced and (misplaced.kind != "shift" or misplaced.found != misplaced.expected):
        # The parser stumbles a line or more after the slip, with words about quotes or keys: point at the
        # line to fix and say what to do.
        return problem(
            path, misplaced.number + first_line, misplaced.found + 1, _misplaced_message(misplaced)
        )
    glued = _key_without_space(lines, line)
    if glued:
        number, key = glued
        message = say("put a space after the ':' of '%(key)s' (write '%(key)s: …')", key=key)
        return problem(path, number + first_line, _indent(lines[number]) + 1, message)
    bare = _bare_line_before(lines, line) if "mapping values" in (error.problem or "") else None
    if bare is not None:  # "value Kerval" then "source: …": the parser stumbles on the second
        return problem(path, bare + first_line, _indent(lines[bare]) + 1, NO_COLON)
    if "could not find expected ':'" in (error.problem or "") and error.context_mark:
        # A line without "key:" inside a block of keys: PyYAML stumbles on the next line.
        return problem(path, error.context_mark.line + first_line, error.context_mark.column + 1, NO_COLON)
    line += first_line
    what = error.problem or "invalid YAML"
    if "tab" in what or "\t" in what or "\t" in faulty:
        hint = say("YAML does not allow tabs: indent with spaces")
    elif "mapping values are not allowed" in what:
        hint = say("a value containing ': ' must be put in quotes")
    elif "end of the stream" in what or "unexpected end" in what:
        hint = say("a quote or bracket is not closed")
    elif "nesting" in what:  # deeper than the parser allows, so far deeper than MAX_DEPTH
        hint = say(
            "too many levels of nesting (more than %(limit)s): simplify the structure", limit=MAX_DEPTH
        )
    else:  # no plain-language reading of the parser's words (in English): the usual causes
        hint = say("check the indentation and quotes on this line and the one before")
    return problem(path, line, col, say("YAML syntax error: "), hint)


NO_COLON = say(
    "this line has no ':': if it is a field, write its name, then ': ' and the value; if it goes on with "
    "the text above, start it further right than that line, or join the two lines"
)


def _misplaced_message(misplaced: Misplaced) -> Message:
    if misplaced.kind == "no colon":
        return NO_COLON
    if misplaced.kind == "dash":
        return say("put a space after the '-' that starts this list item")
    if misplaced.kind == "pair":
        return say(
            "check the indentation of this line and of the line above: one of them is not aligned with "
            "the lines of its block"
        )
    spaces = {
        "found": say_count("%(n)s space", "%(n)s spaces", misplaced.found),
        "expected": say_count("%(n)s space", "%(n)s spaces", misplaced.expected),
    }
    if misplaced.kind == "deeper":
        return say(
            "this line starts further right than its block (%(found)s, not %(expected)s): if it is a field, "
            "align it with the line above; if it goes on with the text above, put that whole text in quotes",
            **spaces,
        )
    return say(
        "check the indentation: this line starts with %(found)s, the other lines of its block with "
        "%(expected)s: align it with them",
        **spaces,
    )


def _first_unclosed_bracket(text: str, before: int) -> tuple[int, int] | None:
    """(line, column), 0-based, of the first [ or { still open at line `before`, outside quotes."""
    opened: list[tuple[int, int]] = []
    for number, line in enumerate(text.splitlines()[: before + 1]):
        quote = None
        for col, char in enumerate(line):
            if quote:
                quote = None if char == quote else quote
            elif char in "\"'" and (col == 0 or line[col - 1] in " [{,:"):
                quote = char
            elif char == "#" and (col == 0 or line[col - 1] == " "):
                break
            elif char in "[{":
                opened.append((number, col))
            elif char in "]}" and opened:
                opened.pop()
    return opened[0] if opened else None


def _misplaced_line(lines: list[str], error_line: int) -> Misplaced | None:
    """The line to fix near a syntax error (0-based line numbers), or None. Follows the blocks that lines
    ending in ':' open, and the guide's rule of two spaces per level."""
    entries = [
        Entry(number, _indent(line), line.split(" #", 1)[0].strip())
        for number, line in enumerate(lines[: error_line + 2])
        if line.strip() and not line.lstrip().startswith("#")
    ]
    blocks, dashes, opens = [0], [False], False  # the blocks open at this line; whether each is a list
    for k, entry in enumerate(entries):
        if entry.code.startswith("-") and not entry.code.startswith(("- ", "---")) and entry.code != "-":
            found = Misplaced(entry.number, entry.indent, entry.indent, "dash")  # "-kind:": no space
        elif opens and entry.indent > blocks[-1]:
            blocks.append(entry.indent)
            dashes.append(entry.code.startswith("- "))
            found = None
        elif entry.indent in blocks:
            depth = blocks.index(entry.indent) + 1
            del blocks[depth:], dashes[depth:]
            # A key among a list's dashes belongs in the item above.
            wrong = dashes[-1] and not entry.code.startswith("- ")
            found = Misplaced(entry.number, entry.indent, entry.indent + 2, "shift") if wrong else None
        elif not opens and not _KEY.match(entry.code) and k and ": " in entries[k - 1].code:
            continue  # the next line of a long text, which YAML allows deeper than its key
        else:
            found = _shifted_line(entries, k, blocks, dashes)
        if found:
            return found if error_line - 2 <= found.number <= error_line + 1 else None
        opens = entry.code.endswith(":")
        if _KEY.match(entry.code) and entry.code.startswith("- ") and entry.indent + 2 not in blocks:
            blocks.append(entry.indent + 2)  # the keys of a list item line up after its "- "
            dashes.append(False)
    return None


class Entry(NamedTuple):
    number: int  # 0-based
    indent: int
    code: str  # without indentation and comment


class Misplaced(NamedTuple):
    number: int  # 0-based
    found: int  # its indentation
    expected: int  # the indentation it should have
    # "shift", "deeper" (a key, or a text going on?), "pair" (this one or the one above), "no colon", "dash"
    kind: str


_KEY = re.compile(r"(- )?[\w.-]+:(\s|$)")  # a line that starts with a key
_GLUED_KEY = re.compile(r"\s*(?:- )?([A-Za-z_][\w-]*):[^\s/:]")  # "key:value", not "https://"


def _bare_line_before(lines: list[str], error_line: int) -> int | None:
    """The line just above the error when it has no ':' and is no list item, quoted text or text going on
    from a "key: text" line above it (deeper than it)."""
    above = [n for n in range(min(error_line, len(lines)) - 1, -1, -1) if lines[n].strip()]
    above = [n for n in above if not lines[n].lstrip().startswith("#")][:2]
    if not above or ":" in lines[above[0]] or lines[above[0]].lstrip().startswith(("-", '"', "'")):
        return None
    if len(above) > 1 and ": " in lines[above[1]] and _indent(lines[above[0]]) > _indent(lines[above[1]]):
        return None
    return above[0]


def _indent(line: str) -> int:
    """The spaces a line starts with (a tab is reported apart)."""
    return len(line) - len(line.lstrip(" "))


def _key_without_space(lines: list[str], error_line: int) -> tuple[int, str] | None:
    """(line, key) of a "key:value" missing the space YAML needs, on the error's line or just above."""
    for number in range(min(error_line, len(lines) - 1), max(error_line - 3, -1), -1):
        if match := _GLUED_KEY.match(lines[number]):
            return number, match.group(1)
    return None


def _shifted_line(entries: list[Entry], k: int, blocks: list[int], dashes: list[bool]) -> Misplaced | None:
    """Which line is wrong when line k fits no open block, by the neighbours it disagrees with."""
    line = entries[k]
    before = entries[k - 1] if k >= 1 else None
    opener = entries[k - 2] if k >= 2 else None
    after = entries[k + 1].indent if k + 1 < len(entries) else None
    if before and before.code.startswith("- ") and line.indent > before.indent:
        return Misplaced(line.number, line.indent, before.indent + 2, "shift")  # the item's keys follow "- "
    a_list = before and before.code.startswith("- ") and not line.code.startswith("- ")  # k is no item
    if before and opener and opener.code.endswith(":") and before.indent > opener.indent and not a_list:
        # Line k disagrees with the first line of the block just opened: the wrong one is the one not two
        # spaces right of the opening key.
        expected = opener.indent + (4 if opener.code.startswith("- ") else 2)
        if before.indent != expected and line.indent == expected:
            return Misplaced(before.number, before.indent, line.indent, "shift")
        # Deeper than a "key: text" line, it may be a field or the text going on.
        deeper = line.indent > before.indent and not before.code.endswith(":")
        return Misplaced(line.number, line.indent, before.indent, "deeper" if deeper else "shift")
    if before and opener and opener.code.endswith(":") and before.indent <= opener.indent < line.indent:
        return Misplaced(before.number, before.indent, line.indent, "shift")  # pulled out of the new block
    if (
        before
        and len(blocks) > 1
        and before.indent == blocks[-1] > line.indent > blocks[-2]
        and after == line.indent
    ):
        return Misplaced(before.number, before.indent, line.indent, "shift")  # a block's first line pushed
    if before and opener and opener.indent == line.indent > before.indent and not opener.code.endswith(":"):
        # The line above was pulled left out of the block, or this one pushed right into nothing: when the
        # line after this one agrees with it (a sibling, or its own block), the one above is wrong.
        if after is not None and (after == line.indent or (line.code.endswith(":") and after > line.indent)):
            return Misplaced(before.number, before.indent, line.indent, "shift")
        return Misplaced(line.number, line.indent, before.indent, "pair")
    if line.indent > blocks[-1]:
        continued = opener and ": " in opener.code and before and before.indent > opener.indent
        if before and ":" not in before.code and not before.code.startswith("-") and not continued:
            return Misplaced(before.number, before.indent, before.indent, "no colon")  # "note" opens nothing
        return Misplaced(line.number, line.indent, blocks[-1], "deeper")
    item = line.code.startswith("- ")
    keys = [indent for indent, dash in zip(blocks, dashes, strict=True) if not dash or item]
    expected = min(keys, key=lambda indent: (abs(indent - line.indent), indent))
    return Misplaced(line.number, line.indent, expected, "shift")


def _first_unclosed_quote(text: str, before: int) -> int | None:
    """0-based number of the first line before `before` with an odd number of double quotes, if any."""
    for number, line in enumerate(text.splitlines()[:before]):
        code = line.split(" #", 1)[0]
        if code.count('"') - code.count('\\"') & 1:
            return number
    return None


def _check_keys(node, shift: int, path: Path, problems: list[Problem]) -> bool:
    """Keys must be plain words, each written once (PyYAML would silently keep the last); no anchors or
    aliases (a node met twice), no nesting deeper than MAX_DEPTH. False when something is wrong."""
    known = len(problems)
    stack = [(node, 1)]
    seen_nodes: set[int] = set()
    while stack:
        node, depth = stack.pop()
        position = (node.start_mark.line + 1 + shift, node.start_mark.column + 1)
        if id(node) in seen_nodes:
            message = say("anchors (&) and aliases (*) are not allowed: write the value out in full")
            problems.append(problem(path, *position, message))
            return False
        seen_nodes.add(id(node))
        if depth > MAX_DEPTH and not isinstance(node, yaml.ScalarNode):
            message = say(
                "too many levels of nesting (more than %(limit)s): simplify the structure", limit=MAX_DEPTH
            )
            problems.append(problem(path, *position, message))
            return False
        if isinstance(node, yaml.MappingNode):
            seen: set = set()
            for key_node, value_node in node.value:
                key = key_node.value
                position = (key_node.start_mark.line + 1 + shift, key_node.start_mark.column + 1)
                if key_node.tag != "tag:yaml.org,2002:str" or not key:
                    message = say(
                        "a key must be a word followed by ':' (e.g. name: …); put unusual keys in quotes"
                    )
                    problems.append(problem(path, *position, message))
                elif key in seen:
                    problems.append(
                        problem(path, *position, say("key '%(key)s' is written twice: keep one", key=key))
                    )
                seen.add(key)
                stack.append((value_node, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)
    return len(problems) == known


def _walk_nodes(node, where: KeyPath, shift: int, values: dict, keys: dict) -> None:
    """Record the position of every value and key below a node."""
    values[where] = (node.start_mark.line + 1 + shift, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            keys[where + (key_node.value,)] = (
                key_node.start_mark.line + 1 + shift,
                key_node.start_mark.column + 1,
            )
            _walk_nodes(value_node, where + (key_node.value,), shift, values, keys)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk_nodes(item, where + (index,), shift, values, keys)


def read_yaml(path: Path, problems: list[Problem]) -> YamlDoc | None:
    text = read_text(path, problems)
    return None if text is None else parse_yaml(text, path, problems)


def read_markdown(path: Path, lang: str, slug: str, problems: list[Problem]) -> MarkdownDoc | None:
    """Read a Markdown file and its optional front matter between --- lines."""
    text = read_text(path, problems)
    if text is None:
        return None
    match = FRONT_MATTER.match(text)
    front = YamlDoc(path, {})
    body, body_line = text, 1
    if match:
        parsed = parse_yaml(match.group("yaml") or "", path, problems, first_line=2)
        if parsed is None:
            return None
        front = parsed if parsed.data is not None else front
        body = text[match.end() :]
        body_line = text[: match.end()].count("\n") + 1
    elif text.startswith("---"):
        opening_end = text.find("\n") + 1 or len(text)  # the file may be this one line
        header = HEADER_LINES.match(text, opening_end)
        end = header.end() if header else opening_end
        line = text.count("\n", 0, end) + 1  # the first line after the "key: value" lines
        message = say("the header (front matter) is not closed: add a line '---' before this line")
        problems.append(problem(path, line, 1, message))
        return None
    elif (header := HEADER_LINES.match(text)) and re.match(r"---[ \t]*\n", text[header.end() :]):
        message = say("the header (front matter) has no opening line: add a line '---' at the very top")
        problems.append(problem(path, 1, 1, message))
        return None
    return MarkdownDoc(path, lang, slug, front, body, body_line)


class Reads(Protocol):
    """Reads a file with a reader, perhaps from memory (the speed layer's FileMemo, a Memo)."""

    def read(self, path: Path, reader: Callable[..., Any], problems: list[Problem]) -> Any: ...


class ReadEachTime:
    """Reads every file when asked: a one-off build reads each once anyway."""

    def read(self, path: Path, reader: Callable[..., Any], problems: list[Problem]) -> Any:
        return reader(path, problems=problems)


def open_content(root: Path, memo: Reads | None = None) -> tuple[RawContent, list[Path], list[Problem]]:
    """Read the settings, news and pages, and list the commune folders without reading them: a build reads
    communes a few at a time (load_commune), so that thousands of parsed files never sit in memory at once.
    The RawContent returned has no communes: what needs them gets them chunk by chunk."""
    problems = unsafe_entries(root)
    memo = memo or ReadEachTime()
    site = _read_required_yaml(root / "site.yaml", problems, memo)
    programme = _read_required_yaml(root / "programme.yaml", problems, memo)
    lang = _default_language(site)
    news = _load_texts(root / "news", NEWS_NAME, problems, memo, lang)
    pages = _load_texts(root / "pages", PAGE_NAME, problems, memo, lang)
    folders = _real_folders(root / "communes")
    return RawContent(root, site, programme, [], news, pages), folders, problems


def _default_language(site: YamlDoc | None) -> str:
    """The site's default language, to name files after in messages (ANY_LANGUAGE when it is not known)."""
    languages = site.data.get("languages") if site and isinstance(site.data, dict) else None
    first = languages[0] if isinstance(languages, list) and languages else None
    return first if isinstance(first, str) and re.fullmatch(r"[a-z]{2}", first) else ANY_LANGUAGE


def _real_folders(folder: Path) -> list[Path]:
    """The folders inside, links left out (unsafe_entries reports them)."""
    if folder.is_symlink() or not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if path.is_dir() and not path.is_symlink())


def _read_required_yaml(
    path: Path, problems: list[Problem], memo: Reads, kind: str | None = None
) -> YamlDoc | None:
    """The file, read as the browser editor means it when it is of a `kind` the editor writes."""
    if not os.path.lexists(path):
        problems.append(problem(path, 1, 1, say("missing file: create %(name)s", name=path.name)))
        return None
    return memo.read(path, partial(_read_as_saved, kind=kind) if kind else read_yaml, problems)


def _read_as_saved(path: Path, problems: list[Problem], kind: str) -> YamlDoc | None:
    return as_saved(read_yaml(path, problems), kind)


def _read_text_as_saved(path: Path, problems: list[Problem], lang: str, slug: str) -> MarkdownDoc | None:
    doc = read_markdown(path, lang, slug, problems)
    if doc is None:
        return None
    front = as_saved(doc.front, "frontmatter")
    assert front is not None  # as_saved gives None for None only
    return replace(doc, front=front)


def load_commune(folder: Path, problems: list[Problem], memo: Reads | None = None) -> RawCommune:
    memo = memo or ReadEachTime()
    profile = _read_required_yaml(folder / "profile.yaml", problems, memo, "profile")
    progress = _read_required_yaml(folder / "progress.yaml", problems, memo, "progress")
    texts = {}
    for path in sorted(folder.glob("*.md")):
        lang = path.stem
        if not re.fullmatch(r"[a-z]{2}", lang):
            message = say("unexpected file name: a commune's texts are named fr.md, en.md")
            problems.append(problem(path, 1, 1, message))
            continue
        doc = memo.read(path, partial(read_markdown, lang=lang, slug=folder.name), problems)
        if doc is not None:
            texts[lang] = doc
    return RawCommune(folder, profile, progress, texts)


def _load_texts(
    folder: Path, pattern: re.Pattern, problems: list[Problem], memo: Reads, default: str
) -> list[MarkdownDoc]:
    """The texts of a folder of news or pages; a file named otherwise is told the form (in the `default`
    language)."""
    docs: list[MarkdownDoc] = []
    if folder.is_symlink():  # reported by unsafe_entries
        return docs
    for path in sorted(folder.glob("*.md")):
        match = pattern.match(path.name)
        if not match:
            expected = f"YYYY-MM-DD-name.{default}.md" if pattern is NEWS_NAME else f"name.{default}.md"
            problems.append(
                problem(path, 1, 1, say("unexpected file name: use the form %(form)s", form=expected))
            )
            continue
        slug, lang = match.group("slug"), match.group("lang")
        doc = memo.read(path, partial(_read_text_as_saved, lang=lang, slug=slug), problems)
        if doc is not None:
            docs.append(doc)
    return docs


def as_saved(doc: YamlDoc | None, kind: str) -> YamlDoc | None:
    """The browser editor (/admin/) writes a field left empty as "" or null: read it as the schemas mean
    (vitrine/cms_output.py); a file written by hand comes out the same."""
    if doc is None or not isinstance(doc.data, dict):
        return doc
    return replace(doc, data=settle(doc.data, kind))
