"""Round-trip YAML: read a file keeping comments, order and quoting; write it back.

One configuration serves every command that writes YAML, and it is the canonical layout
``bygdevekst fmt`` enforces: 2-space indentation, block sequences indented under their key
(``  - ``), no line folding, ``null`` written out, UTF-8, LF line endings, final newline.
A bundled file in that layout loads and dumps byte for byte unchanged.
"""

from __future__ import annotations

import bisect
import difflib
import io
import re
from collections import Counter
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.scanner import RoundTripScanner
from ruamel.yaml.tokens import ScalarToken

from bygdevekst_cli.errors import UserError
from bygdevekst_cli.filesize import FileTooLarge, read_within_limit
from bygdevekst_cli.findings import Severity, cut
from bygdevekst_cli.language import cli_words
from bygdevekst_cli.loader import (
    LFS_POINTER,
    MAX_BYTES,
    MAX_DEPTH,
    line_and_column,
    load_yaml_bytes,
    saved_as_utf16,
    too_large,
    utf16_without_bom,
)
from bygdevekst_cli.yaml_problems import problem_words

BOM = "\ufeff"
SCHEMA_LINE = "# yaml-language-server: $schema="

_START_MARKER = re.compile(r"---(?:[ \t]+(?P<comment>#.*))?[ \t]*")
_END_MARKER = re.compile(r"\.\.\.(?:[ \t]+(?P<comment>#.*))?[ \t]*")
"""A document start (``---``) or end (``...``) line, with the comment it may carry."""
_YAML_1_2 = re.compile(r"%YAML[ \t]+1\.2(?:[ \t]+(?P<comment>#.*))?[ \t]*")
"""The directive that names the YAML version the parser reads anyway."""

_NO_WRAP = 1 << 30
"""Line width that never folds a long scalar onto several lines."""


def _represent_none(representer: Any, _data: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


class _Refused(Exception):
    """Something a pilot file must not hold, met while composing: the catalogue key of the
    problem, its slots, and the start mark where it is."""

    def __init__(self, mark: Any, key: str, **slots: Any) -> None:
        super().__init__(key)
        self.mark, self.key, self.slots = mark, key, slots


class _PilotComposer(Composer):
    """A composer that refuses what the validating loader refuses before building a value:
    aliases (``BV005``) and nesting deeper than ``MAX_DEPTH``.

    The walks that rewrite a file (comments, key order, the content check) visit a node
    once per reference and recurse once per level: a few lines of nested aliases (a
    "billion laughs") would keep them busy for ever, and a few thousand brackets would
    overflow Python's stack.
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.parser.check_event(AliasEvent):
            event = self.parser.peek_event()
            raise _Refused(event.start_mark, "load.alias", name=cut(str(event.anchor)))
        if self.depth >= MAX_DEPTH:
            raise _Refused(self.parser.peek_event().start_mark, "load.too_deep", depth=MAX_DEPTH)
        return super().compose_node(parent, index)


_LINE_END = "\0\r\n\x85\u2028\u2029"
"""What ends a line for the scanner (``\0``: the end of the text)."""


class _PilotScanner(RoundTripScanner):
    """A round-trip scanner that takes tabs as separation white space where libyaml, and so
    ``validate``, takes them: between the tokens of a line (``title: Tiltak\t# merknad``,
    ``title:\tTiltak``, ``key\t: value``), and inside and after a plain scalar on its line.

    ruamel's scanner takes only spaces there, so the writers refused, in ruamel's English,
    files that validate reads. Tabs that indent (at the start of a line, after ``-``, ``?``
    or a ``:`` of a complex key, and any tab in the blanks that open a line: ``BV002``) are
    refused by both. Where libyaml takes a tab and this scanner does not (before the comment
    of a block scalar's header) the refusal is in the catalogue's words (``_parser_error``).
    """

    def _blanks(self) -> str:
        """The spaces and tabs from the reader's position on (not consumed)."""
        length = 0
        while self.reader.peek(length) in " \t":
            length += 1
        return str(self.reader.prefix(length))

    def scan_to_next_token(self) -> Any:
        """After a token of the line (libyaml's rule: where no simple key may start) tabs
        separate like spaces."""
        if not self.flow_level and not self.allow_simple_key:
            self.reader.forward(len(self._blanks()))
        return super().scan_to_next_token()

    def scan_plain_spaces(self, indent: Any, start_mark: Any) -> Any:
        """Blanks with a tab inside a plain scalar's line are part of it (``a\tb``), and
        blanks at its end are not; what follows a line break is the scanner's own."""
        blanks = self._blanks()
        if "\t" not in blanks:
            return super().scan_plain_spaces(indent, start_mark)
        self.reader.forward(len(blanks))
        if self.reader.peek() in _LINE_END:
            return super().scan_plain_spaces(indent, start_mark)
        return [blanks]


_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class _NotADate(str):
    """A plain scalar shaped like a date that is none (``2026-02-30``, ``2026-13-01``):
    text, as the validating loader reads every date, written back plain as it stood."""


class _PilotConstructor(RoundTripConstructor):
    """A round-trip constructor that keeps a date-shaped plain scalar that is no date as
    text (``_NotADate``) instead of failing in ruamel's English («month must be in
    1..12»): ``validate`` reads it, names it at its line when the field wants a date, and
    takes it as it is where any text will do (a name), so the writers must read it too."""

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return _NotADate(self.construct_scalar(node))


_PilotConstructor.add_constructor(_TIMESTAMP_TAG, _PilotConstructor.construct_yaml_timestamp)


def _represent_not_a_date(representer: Any, data: _NotADate) -> Any:
    """As it was read: plain, since it resolves as a timestamp (a ``str`` would be quoted)."""
    return representer.represent_scalar(_TIMESTAMP_TAG, str(data))


def make_yaml() -> YAML:
    """A round-trip YAML 1.2 instance in the canonical layout (aliases refused, tabs
    read where ``validate`` reads them, dates that are none kept as text)."""
    yaml = YAML(typ="rt", pure=True)
    yaml.Scanner = _PilotScanner
    yaml.Composer = _PilotComposer
    yaml.Constructor = _PilotConstructor
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = _NO_WRAP
    yaml.allow_unicode = True
    yaml.representer.add_representer(type(None), _represent_none)
    yaml.representer.add_representer(_NotADate, _represent_not_a_date)
    return yaml


def decode(raw: bytes, display: str) -> str:
    """Bytes as text: UTF-8, without a byte order mark, with LF line endings.

    A file larger than the validating loader accepts (``MAX_BYTES``, ``BV007``) is refused
    here too: the round-trip parser is pure Python, and takes about a second a megabyte.
    """
    if len(raw) > MAX_BYTES:
        raise too_large_error(len(raw), display)
    if saved_as_utf16(raw):
        w = cli_words()
        raise UserError(w("cli.msg.file.refused", where=f"{display}:1", problem=w("load.utf16")))
    order = utf16_without_bom(raw)
    if order is not None:
        w = cli_words()
        problem = w("load.utf16_no_bom", order=order)
        raise UserError(w("cli.msg.file.refused", where=f"{display}:1", problem=problem))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserError(_not_utf8(raw, exc, display)) from None
    return text.removeprefix(BOM).replace("\r\n", "\n").replace("\r", "\n")


def _not_utf8(raw: bytes, error: UnicodeDecodeError, display: str) -> str:
    """Why ``raw`` is refused, as ``validate`` says it (BV008): a file saved as «ANSI» in
    Notepad is told so, with the letter (``0xe5`` is «å») the secretariat can find in it;
    ``fmt``, ``migrate`` and ``plan new`` had said only that it was not UTF-8."""
    from bygdevekst_cli.loader import _ansi_letter, _other_code_page

    w = cli_words()
    line, _ = line_and_column(raw, error.start)
    byte, letter = f"{raw[error.start]:02x}", _ansi_letter(raw, error.start)
    other = _other_code_page(raw, error.start)  # Mac Roman (old Word or Excel for Mac), DOS
    if other is not None:
        page, letter = other
        problem = w("load.code_page", byte=byte, letter=letter, page=w(f"code_page.{page}"))
    elif letter is not None:
        problem = w("load.ansi", byte=byte, letter=letter)
    else:
        return w("cli.msg.file.not_utf8", file=display, line=line)
    return w("cli.msg.file.refused", where=f"{display}:{line}", problem=problem)


def too_large_error(size: int, display: str) -> UserError:
    """The refusal of a file of ``size`` bytes, over ``MAX_BYTES`` (BV007), at its line 1."""
    w = cli_words()
    problem = too_large(size, w)
    return UserError(w("cli.msg.file.refused", where=f"{display}:1", problem=problem))


def read_bytes(path: Path, display: str) -> bytes:
    """The file's bytes; a missing or unreadable file is a ``UserError`` naming it, and so
    is a file too large (BV007), from its size, unread."""
    try:
        return read_within_limit(path)
    except FileTooLarge as exc:
        raise too_large_error(exc.size, display) from None
    except FileNotFoundError:
        raise UserError(cli_words()("cli.msg.file.missing", file=display)) from None
    except OSError as exc:
        raise UserError(cli_words()("cli.msg.file.cannot_read", file=display, reason=exc)) from None


def read_text(path: Path, display: str) -> str:
    return decode(read_bytes(path, display), display)


def crlf_throughout(raw: bytes) -> bool:
    """Whether every line of ``raw`` ends in CRLF (and there is a line end)."""
    return bool(raw.count(b"\r\n")) and raw.count(b"\r\n") == raw.count(b"\n") == raw.count(b"\r")


def encoded_like(text: str, raw: bytes) -> bytes:
    """``text`` (as ``decode`` gives it) in the encoding details of ``raw``: its byte order
    mark and its line endings, line by line.

    For the commands that change a few lines of a file and nothing else (``migrate``): a
    file saved on Windows (CRLF) or by a program that ends lines with CR alone must not
    come back with every line changed in the diff; nor a file of mixed endings (edited on
    two systems), whose unchanged lines keep their own and whose new lines get the most
    common one.
    """
    bom = BOM if raw.startswith(BOM.encode("utf-8")) else ""
    original = raw.decode("utf-8").removeprefix(BOM)
    ends = _RAW_LINE_END.split(original)[1::2]
    kinds = set(ends)
    if len(kinds) > 1:
        text = _with_line_ends_of(text, original)
    elif kinds and kinds != {"\n"}:
        text = text.replace("\n", kinds.pop())
    return (bom + text).encode("utf-8")


_RAW_LINE_END = re.compile("(\r\n|\r|\n)")


def _with_line_ends_of(text: str, original: str) -> str:
    """``text`` (LF line ends) with the line ends ``original`` has on the lines the two share
    (as a line diff pairs them); other lines end as most lines of ``original`` do."""
    parts = _RAW_LINE_END.split(original)
    old_lines, old_ends = parts[0::2], [*parts[1::2], ""]
    new_lines = text.split("\n")
    usual = Counter(end for end in old_ends if end).most_common(1)[0][0]
    new_ends = [usual] * (len(new_lines) - 1) + [""]
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("equal", "replace"):
            for old, new in zip(range(i1, i2), range(j1, j2), strict=False):
                if old_ends[old] and new < len(new_lines) - 1:
                    new_ends[new] = old_ends[old]
    return "".join(line + end for line, end in zip(new_lines, new_ends, strict=True))


def loads(text: str, display: str) -> CommentedMap:
    """Parse ``text``; a YAML error becomes a one-line message with file and line."""
    source = _markers_unless_needed(text)
    try:
        data = make_yaml().load(source)
    except _Refused as exc:
        raise _refusal(display, exc.mark.line + 1, exc.key, **exc.slots) from None
    except (YAMLError, ValueError) as exc:
        raise _as_validate_words_it(text, display) or _parser_error(exc, source, display) from None
    if data is None:  # nothing but blank lines and comments: as validate words it
        raise _refusal(display, 1, "load.empty")
    if isinstance(data, str) and data.startswith(LFS_POINTER):  # as validate words it
        raise _refusal(display, 1, "load.lfs_pointer")
    if not isinstance(data, CommentedMap):
        raise UserError(cli_words()("cli.msg.file.not_mapping", file=display))
    return data


def _is_comment_or_blank(line: str) -> bool:
    return not line.strip() or line.lstrip().startswith("#")


def _markers_unless_needed(text: str) -> str:
    """``text`` with its ``---`` and ``...`` lines blanked when comments stand beyond them.

    The round-trip parser drops every comment above a document start marker (and beside a
    ``%YAML`` directive) and below a document end marker (and one on the end marker's
    line): a file that opens with a comment and then ``---`` would lose it on the first
    rewrite. The markers of a single document carry nothing, and ``%YAML 1.2`` says what
    the parser assumes anyway, so they become blank lines (line numbers stay) and the
    comments become the file's first or last ones. Without such comments the text is left
    as it is, and so is a start marker after any other directive.
    """
    lines = text.split("\n")
    content = [i for i, line in enumerate(lines) if not _is_comment_or_blank(line)]
    if not content:
        return text
    directives: dict[int, re.Match[str]] = {}
    for i in content:
        directive = _YAML_1_2.fullmatch(lines[i])
        if directive is None:
            break
        directives[i] = directive
    first, last = content[len(directives)], content[-1]
    start = _START_MARKER.fullmatch(lines[first])
    if start and any(line.strip() for i, line in enumerate(lines[:first]) if i not in directives):
        for i, directive in directives.items():
            lines[i] = directive["comment"] or ""
        lines[first] = start["comment"] or ""
    end = _END_MARKER.fullmatch(lines[last])
    if end and (end["comment"] or any(line.strip() for line in lines[last + 1 :])):
        lines[last] = end["comment"] or ""
    return "\n".join(lines)


def _as_validate_words_it(text: str, display: str) -> UserError | None:
    """The validating loader's first error in ``text``, at its line: the defect in the
    catalogue's words (duplicate key, tab, control character, a hint for a syntax error),
    where the round-trip parser has only an English text. Read only once that parser has
    refused the file; None when the loader finds no error there."""
    loaded = load_yaml_bytes(text.encode("utf-8"), Path(display), display)
    error = next((f for f in loaded.findings if f.severity is Severity.ERROR), None)
    if error is None:
        return None
    where = display if error.line is None else f"{display}:{error.line}"
    return UserError(cli_words()("cli.msg.file.refused", where=where, problem=error.message))


def _parser_error(exc: Exception, text: str, display: str) -> UserError:
    """The round-trip parser's own report, with its line when it has a mark; a tab it
    stops at (one libyaml takes, as the validating loader found no error) in the
    catalogue's words."""
    w = cli_words()
    mark = None
    problem: Any = exc
    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or w("cli.msg.file.invalid_yaml")
    where = f"{display}:{mark.line + 1}" if mark is not None else display
    if mark is not None and text[mark.index : mark.index + 1] == "\t":
        return UserError(w("cli.msg.file.tab_unreadable", where=where, column=mark.column + 1))
    return UserError(
        w("cli.msg.file.yaml_syntax", where=where, problem=problem_words(str(problem), w))
    )


def _refusal(display: str, line: int, key: str, **slots: Any) -> UserError:
    """The error for something a pilot file must not hold, at ``display:line``."""
    w = cli_words()
    return UserError(w("cli.msg.file.refused", where=f"{display}:{line}", problem=w(key, **slots)))


_HASH = re.compile(r"(?:^|(?<=[ \t]))#", re.MULTILINE)


def comments(text: str) -> list[tuple[int, str]]:
    """Every comment of ``text`` (parsed as YAML) as ``(line, text without trailing spaces)``.

    A ``#`` counts when it starts a line or follows a space or tab and stands outside
    every scalar (the scanner's tokens say where those are): ``"a #b"`` and ``|`` blocks
    hold text, not comments. The writers compare these lists before and after a rewrite,
    so a comment the round-trip parser cannot place (inside a ``[...]`` or ``{...}`` that
    spans lines) is noticed instead of dropped.
    """
    return [(line, text[at:end].rstrip()) for line, at, end in _comment_spans(text)]


def _comment_spans(text: str) -> list[tuple[int, int, int]]:
    """Every comment of ``text`` as ``(line, index of its #, index of its line's end)``."""
    starts: list[int] = []
    ends: list[int] = []
    for token in make_yaml().scan(text):
        if isinstance(token, ScalarToken):  # in the order of the text, never overlapping
            starts.append(token.start_mark.index)
            ends.append(token.end_mark.index)
    found: list[tuple[int, int, int]] = []
    line, counted, line_end = 1, 0, -1
    for match in _HASH.finditer(text):
        at = match.start()
        scalar = bisect.bisect_right(starts, at) - 1
        if at < line_end or (scalar >= 0 and at < ends[scalar]):
            continue
        line += text.count("\n", counted, at)
        counted = at
        line_end = text.find("\n", at)
        if line_end < 0:
            line_end = len(text)
        found.append((line, at, line_end))
    return found


def _end_of_line_comments(text: str) -> list[tuple[str, str, str, int]]:
    """The comments of ``text`` that follow a value on their line, as ``(the line's content
    before them, its blanks made single spaces; the blanks between; the comment; the index
    of those blanks)``."""
    found = []
    for _, at, end in _comment_spans(text):
        start = text.rfind("\n", 0, at) + 1
        before = text[start:at]
        content = before.rstrip(" \t")
        if content.strip():
            blanks = before[len(content) :]
            key = " ".join(content.split())  # the same content whatever its blanks
            found.append((key, blanks, text[at:end].rstrip(), start + len(content)))
    return found


def keep_comment_separators(before: str, after: str) -> str:
    """``after`` (a rewrite of ``before``) with the tabs that separated a value from its
    comment in ``before`` put back: the emitter writes spaces up to the comment's column,
    and a tab is one column. A comment counts as the same when its line holds the same
    content and comment (as often as each occurs); nothing else is touched."""
    if "\t" not in before:
        return after
    separators: dict[tuple[str, str], list[str]] = {}
    for content, blanks, comment, _ in _end_of_line_comments(before):
        separators.setdefault((content, comment), []).append(blanks)
    pieces: list[str] = []
    done = 0
    for content, blanks, comment, at in _end_of_line_comments(after):
        kept = separators.get((content, comment))
        separator = kept.pop(0) if kept else blanks
        if "\t" in separator:
            pieces += [after[done:at], separator]
            done = at + len(blanks)
    return "".join(pieces) + after[done:]


def lost_comments(before: str, after: str) -> list[tuple[int, str]]:
    """The comments of ``before`` that ``after`` no longer holds, with their lines in
    ``before`` (compared by text, trailing spaces aside, as often as each occurs)."""
    kept = Counter(comment for _, comment in comments(after))
    lost: list[tuple[int, str]] = []
    for line, comment in comments(before):
        if kept[comment] > 0:
            kept[comment] -= 1
        else:
            lost.append((line, comment))
    return lost


def refuse_lost_comments(before: str, after: str, display: str) -> None:
    """Raise ``UserError`` naming the first comment of ``before`` that ``after`` lost (at
    its line of ``display``): the writers refuse rather than drop what someone wrote."""
    lost = lost_comments(before, after)
    if lost:
        line, comment = lost[0]
        w = cli_words()
        raise UserError(
            w("cli.msg.file.loses_comment", where=f"{display}:{line}", comment=cut(comment))
        )


def load(path: Path, display: str) -> CommentedMap:
    return loads(read_text(path, display), display)


_OPEN_END = "\n...\n"
"""The end marker ruamel's emitter closes a document with when its last scalar keeps its
final line breaks (``|+``, ``>+``): they are the scalar's text, and the marker tells where
they end."""


def dumps(data: Any) -> str:
    """The canonical text of ``data``: LF line endings and exactly one final newline.

    A block that keeps its final line breaks (``|+``) at the end of the file keeps them,
    as they are its text, without the end marker (``...``) the emitter adds after them:
    at the end of the file the breaks end there, and a ``...`` line the user never wrote
    only puzzles. (Taking the breaks away with the marker would change the text.)
    """
    stream = io.StringIO()
    make_yaml().dump(data, stream)
    text = stream.getvalue()
    if text.endswith(_OPEN_END):
        return text.removesuffix(_OPEN_END) + "\n"
    return text.rstrip("\n") + "\n"
