"""Turn a YAML file into plain data plus a map from every YAML path to its line and column.

The loader walks the parser's event stream itself (libyaml through PyYAML's C parser when
PyYAML is built with it, through ruamel.yaml.clib otherwise, a pure-Python parser as the
last resort) instead of building a node tree or round-trip objects: that keeps every
position, lets it refuse what pilot files must not contain (tags, anchors and aliases,
duplicate keys, several documents, deep nesting) with a finding at the right line, and is
an order of magnitude faster than a round-trip loader. PyYAML's events are plain objects,
cheaper to build than ruamel's (which carry comments), so it is the first choice;
``fmt`` and ``migrate``, which keep comments, stay on ruamel.

Scalars are resolved with ruamel's YAML 1.2 resolver, so ``yes`` stays text and ``2026``
is a number, as an editor with the YAML 1.2 language server shows them.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any, NamedTuple

from bygdevekst_cli.filesize import MAX_BYTES as MAX_BYTES  # the limit, read from here too
from bygdevekst_cli.filesize import FileTooLarge, read_within_limit
from bygdevekst_cli.findings import Finding, Severity, YamlPath, cut
from bygdevekst_cli.language import Words, cli_words
from bygdevekst_cli.yaml_problems import problem_code, problem_words, structure_words

Event = Any
"""A parser event (PyYAML's or ruamel's classes: they have the same names and fields)."""
EventReader = Callable[[], Event]


@dataclass(frozen=True, slots=True)
class YamlBackend:
    """One YAML parser: how to start it on a text, its event classes and its errors."""

    name: str
    reader: Callable[[Any], EventReader]
    """How to start it on a text (a ``str``; with ``reads_utf8``, also the text's bytes)."""
    events: ModuleType
    marked_error: type[Exception]
    error: type[Exception]
    yaml_only_breaks: bool = True
    """Whether its marks count U+0085, U+2028 and U+2029 as line breaks, as libyaml (YAML
    1.1) does; ruamel's pure parser reads YAML 1.2, which does not."""
    reads_utf8: bool = False
    """Whether ``reader`` takes a text's UTF-8 bytes and reads them as it reads the text:
    PyYAML's libyaml encodes a text to UTF-8 before it parses it, which costs more than a
    hundredth of reading a plan with letters outside Latin-1 (a «–», a «’»)."""


def _pyyaml_backend() -> YamlBackend | None:
    """libyaml through PyYAML (``yaml.cyaml.CParser``), when PyYAML is built with it."""
    try:
        import yaml
        import yaml.events
        from yaml.cyaml import CParser
    except ImportError:  # pragma: no cover - depends on the platform
        return None

    def reader(text: str | bytes) -> EventReader:
        # the parser's own method: no generator frame per event
        get: EventReader = CParser(text).get_event
        return get

    return YamlBackend(
        "pyyaml-libyaml",
        reader,
        yaml.events,
        yaml.MarkedYAMLError,
        yaml.YAMLError,
        reads_utf8=True,
    )


def _ruamel_backend(*, pure: bool = False) -> YamlBackend:
    """libyaml through ruamel.yaml.clib, else ruamel's pure-Python parser."""
    import ruamel.yaml.events
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    c_parser: Any = None
    if not pure:
        try:
            from ruamel.yaml import CParser as c_parser  # type: ignore[attr-defined,no-redef]
        except ImportError:  # pragma: no cover - depends on the platform
            c_parser = None

    def reader(text: str) -> EventReader:
        if c_parser is not None:
            get: EventReader = c_parser(text).get_event
            return get
        following: EventReader = iter(YAML(typ="safe", pure=True).parse(text)).__next__
        return following

    name = "ruamel-pure" if c_parser is None else "ruamel-libyaml"
    return YamlBackend(
        name, reader, ruamel.yaml.events, MarkedYAMLError, YAMLError, c_parser is not None
    )


@functools.cache
def default_backend() -> YamlBackend:
    """The fastest parser this installation has."""
    return _pyyaml_backend() or _ruamel_backend()


MAX_DEPTH = 24
"""Deepest nesting accepted; the models nest at most six levels."""


def too_large_finding(size: int, display: str, language: str | None = None) -> Finding:
    """BV007 for a file of ``size`` bytes, at its first line."""
    message = too_large(size, cli_words(language))
    return Finding(Severity.ERROR, YamlCode.TOO_LARGE, message, display, 1, None)


BOM = "\ufeff"
_UTF8_BOM = BOM.encode("utf-8")
_TAB_INDENT = re.compile(r"(?:^|(?<=\r)) *\t", re.MULTILINE)
"""A tab in a line's indentation; a line starts after LF or a lone CR."""
_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""A character YAML does not allow in a file (its ``c-printable`` set): NUL, other control
characters, a lone surrogate."""


def unprintable(text: str) -> tuple[int, int, str] | None:
    """Line and column (1-based) and the ``U+XXXX`` code of the first character YAML does
    not allow in ``text``, or None. Asked only once a parser has refused the text: the
    parsers' own report gives an offset (in bytes or characters, by parser), not a line."""
    found = _UNPRINTABLE.search(text)
    return None if found is None else _character_at(text, found.start())


def _character_at(text: str, index: int) -> tuple[int, int, str]:
    """The line and column (1-based, as editors count) and ``U+XXXX`` code at ``index``."""
    line, column = line_and_column(text, index)
    return line, column, f"U+{ord(text[index]):04X}"


def line_and_column(text: str | bytes, index: int) -> Position:
    """The line and column (1-based) of ``index`` in ``text`` as editors count them: a line
    ends in LF, CRLF or a lone CR (a file saved on an old Mac, or by a program that writes
    CR alone), which editors and the parsers show as a new line. In bytes (a file that is
    not UTF-8, up to its first bad byte) the column counts the characters before it."""
    head = text[:index]
    if isinstance(head, bytes):
        head = head.decode("utf-8", "replace")
    line = head.count("\n") + head.count("\r") - head.count("\r\n") + 1
    return line, len(head) - max(head.rfind("\n"), head.rfind("\r"))


def _first_of(text: str, characters: Iterable[str]) -> tuple[int, int, str] | None:
    """Where the first of ``characters`` stands in ``text`` (see ``_character_at``)."""
    indexes = [index for index in map(text.find, characters) if index >= 0]
    return _character_at(text, min(indexes)) if indexes else None


_YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")
"""Characters YAML 1.1 (and so libyaml) counts as line breaks, and editors, git and GitHub
do not: next line, line separator, paragraph separator (pasted from other programs)."""
_SPACE_LOOK_ALIKES = "\u00a0\u2007\u202f\u3000\u200b"
_LOOK_ALIKE_INDENT = re.compile(f"(?:^|(?<=\r)) *([{_SPACE_LOOK_ALIKES}])", re.MULTILINE)
"""A character that looks like a space, or like nothing, in a line's indentation: a
no-break space (what a word processor or a web page puts there when text is pasted from
it), a figure, narrow or ideographic space, a zero-width space. YAML reads it as text."""
_AS_EDITORS_SHOW_THEM = {**dict.fromkeys(map(ord, _SPACE_LOOK_ALIKES), " "), 0x200B: ""}
_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_EDITOR_BREAK = re.compile("\r\n|[\r\n]")

Position = tuple[int, int]


def _editor_positions(text: str) -> Callable[[Position], Position] | None:
    """For a text with a break only YAML counts, what turns the parser's (line, column)
    into the editor's; None for any other text (nearly every file), whose lines agree."""
    if not any(mark in text for mark in _YAML_ONLY_BREAKS):
        return None
    parser_starts = [0, *(found.end() for found in _YAML_BREAK.finditer(text))]
    editor_starts = [0, *(found.end() for found in _EDITOR_BREAK.finditer(text))]

    def editor(position: Position) -> Position:
        line, column = position
        index = parser_starts[min(line, len(parser_starts)) - 1] + column - 1
        editor_line = bisect.bisect_right(editor_starts, index)
        return editor_line, index - editor_starts[editor_line - 1] + 1

    return editor


def _on_editor_lines(loaded: LoadedYaml, editor: Callable[[Position], Position]) -> LoadedYaml:
    """``loaded`` (read by ``_Builder``) with every position counted as editors count."""
    source = loaded.source
    moved = SourceMap(
        {path: editor(at) for path, at in source.values.items()},
        {path: editor(at) for path, at in source.keys.items()},
        source.literal_blocks,
    )
    findings = []
    for finding in loaded.findings:
        if finding.line is not None:
            line, column = editor((finding.line, finding.column or 1))
            finding = replace(finding, line=line, column=column if finding.column else None)
        findings.append(finding)
    return replace(loaded, source=moved, findings=tuple(findings))


_TAG = "tag:yaml.org,2002:"


#: ruamel.yaml's YAML 1.2 rules for plain scalars (``VersionedResolver(version=(1, 2))``):
#: the first characters a rule applies to, its tag, its pattern and the pattern's flags.
#: Kept here so that reading a file does not import ruamel (a test checks they are still
#: ruamel's: ``tests/test_loader_backends.py``).
_YAML12_RULES: tuple[tuple[tuple[str, ...], str, str, int], ...] = (
    (("t", "T", "f", "F"), "bool", "^(?:true|True|TRUE|false|False|FALSE)$", 96),
    (
        ("-", "+", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "."),
        "float",
        (
            "^(?:\n"
            "         [-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+]?[0-9]+)?\n"
            "        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)\n"
            "        |[-+]?\\.[0-9_]+(?:[eE][-+][0-9]+)?\n"
            "        |[-+]?\\.(?:inf|Inf|INF)\n"
            "        |\\.(?:nan|NaN|NAN))$"
        ),
        96,
    ),
    (
        ("-", "+", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
        "int",
        (
            "^(?:[-+]?0b[0-1_]+\n"
            "        |[-+]?0o?[0-7_]+\n"
            "        |[-+]?[0-9_]+\n"
            "        |[-+]?0x[0-9a-fA-F_]+)$"
        ),
        96,
    ),
    (
        ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
        "timestamp",
        (
            "^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]\n"
            "        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?\n"
            "        (?:[Tt]|[ \\t]+)[0-9][0-9]?\n"
            "        :[0-9][0-9] :[0-9][0-9] (?:\\.[0-9]*)?\n"
            "        (?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$"
        ),
        96,
    ),
    (("<",), "merge", "^(?:<<)$", 32),
    (("~", "n", "N", ""), "null", "^(?: ~\n        |null|Null|NULL\n        | )$", 96),
    (("=",), "value", "^(?:=)$", 32),
    (("!", "&", "*"), "yaml", "^(?:!|&|\\*)$", 32),
)


def _implicit_resolvers() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """The rules by first character, compiled once: asking a resolver object per scalar
    costs more than the whole parse."""
    table: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for firsts, tag, pattern, flags in _YAML12_RULES:
        for first in firsts:
            table.setdefault(first, []).append((_TAG + tag, re.compile(pattern, flags)))
    return table


_IMPLICIT = _implicit_resolvers()
_DISCARDED = "\0discarded"
"""Path segment for the value of a duplicate key: read for its defects, then dropped."""
_SPECIAL_FLOATS = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}
_DECIMAL = re.compile(r"-?[0-9]{1,4000}\Z")
"""An integer as people write one: digits, perhaps a minus. YAML also reads ``0x10`` (16),
``0o17``, ``0b101``, ``1_000`` and ``+5`` as integers, which no secretariat means: those
stay text as written, so a number field names them instead of taking a value nobody typed.
So do more digits than ``int`` reads (4,300)."""


LFS_POINTER = "version https://git-lfs.github.com/spec/"
"""How a Git LFS pointer file begins: what git keeps in place of a file tracked by LFS, and
what a checkout without Git LFS has in the working tree (read by YAML as one text)."""


class YamlCode:
    """Finding codes for defects in the YAML itself."""

    SYNTAX = "BV001"
    TAB = "BV002"
    DUPLICATE_KEY = "BV003"
    TAG = "BV004"
    ANCHOR = "BV005"
    TOO_DEEP = "BV006"
    TOO_LARGE = "BV007"
    ENCODING = "BV008"
    MULTI_DOCUMENT = "BV009"
    NOT_MAPPING = "BV010"
    UNREADABLE = "BV011"
    COMPLEX_KEY = "BV012"
    CUT_OFF = "BV017"
    DIRECTIVE = "BV018"


_KEY, _VALUE, _LITERAL = 0, 1, 2
"""What a position in document order is of (``_Position``): a key, a value, or the mark
that the value which follows is a literal block."""
_Position = tuple[YamlPath, int, tuple[int, int]]


class _Mark(NamedTuple):
    """A kept parser mark (0-based, as the parser's)."""

    line: int
    column: int


class SourceMap:
    """Line and column (1-based) of every value and every mapping key, by YAML path.

    Only a finding needs a position, and most files give few, so a file that reads without
    a defect records no path while it is read, only the parser's marks in document order
    (``in_document_order``); the map is made from them as far as the positions asked for
    need. Recording a path and a position for every value as the file is read would cost a
    fifth of reading it.
    """

    __slots__ = ("_data", "_keys", "_literal", "_literal_blocks", "_marks", "_rest", "_values")

    def __init__(
        self,
        values: dict[YamlPath, tuple[int, int]] | None = None,
        keys: dict[YamlPath, tuple[int, int]] | None = None,
        literal_blocks: frozenset[YamlPath] | set[YamlPath] = frozenset(),
    ) -> None:
        self._values = {} if values is None else values
        self._keys = {} if keys is None else keys
        self._literal_blocks = set(literal_blocks)
        self._data: dict[str, Any] | None = None
        """The data whose positions are not all recorded yet (None: they are)."""
        self._marks: list[Any] = []
        self._literal: frozenset[int] = frozenset()
        self._rest: Iterator[_Position] | None = None
        """The positions not recorded yet, in document order (once the first is asked)."""

    @classmethod
    def in_document_order(
        cls, data: dict[str, Any], marks: list[Any], literal: Collection[int]
    ) -> SourceMap:
        """The map of ``data``, read from the start mark of every key and value in document
        order (objects with a 0-based ``line`` and ``column``: the parser's marks) and the
        indexes of the marks of literal blocks."""
        found = cls()
        found._data, found._marks, found._literal = data, marks, frozenset(literal)
        return found

    def kept(self) -> tuple[Any, ...]:
        """The map as plain data, for a cache (``from_kept`` makes it again): for a map of
        marks, the marks' lines and columns, which are fewer than the paths they stand for."""
        if self._data is not None:
            lines = [mark.line for mark in self._marks]
            columns = [mark.column for mark in self._marks]
            return ("order", lines, columns, sorted(self._literal))
        return ("map", self._values, self._keys, list(self._literal_blocks))

    @classmethod
    def from_kept(cls, data: dict[str, Any], kept: Any) -> SourceMap:
        """The map ``kept`` gave for ``data`` (raises TypeError or ValueError when the value
        has another shape, or marks that are not one for each key and value of ``data``)."""
        if kept[0] == "order" and len(kept) == 4:
            marks = [_Mark(int(line), int(column)) for line, column in zip(*kept[1:3], strict=True)]
            literal = [int(n) for n in kept[3]]
            if len(marks) != _marks_in(data) or not all(0 <= n < len(marks) for n in literal):
                raise ValueError("the marks are not the data's")
            return cls.in_document_order(data, marks, literal)
        if kept[0] == "map" and len(kept) == 4:
            values, keys, literal = kept[1:]
            if isinstance(values, dict) and isinstance(keys, dict):
                return cls(values, keys, {tuple(path) for path in literal})
        raise ValueError("not a kept source map")

    def _record(self, until: YamlPath | None = None) -> None:
        """Record positions up to the value at ``until`` (None: every position)."""
        if self._data is None or (until is not None and until in self._values):
            return
        if self._rest is None:
            self._rest = _in_document_order(self._data, self._marks, self._literal)
        keys, values, literal = self._keys, self._values, self._literal_blocks
        for path, kind, position in self._rest:
            if kind is _VALUE:
                values[path] = position
                if path == until:
                    return
            elif kind is _KEY:
                keys[path] = position
            else:
                literal.add(path)
        self._data, self._marks, self._rest = None, [], None

    def _in_data(self, path: YamlPath) -> YamlPath:
        """The longest start of ``path`` that names a value in the data (positions are
        recorded up to it: what is not in the data has no position)."""
        node: Any = self._data
        for end, step in enumerate(path):
            in_mapping = type(node) is dict and step in node
            in_list = type(node) is list and type(step) is int and 0 <= step < len(node)
            if not (in_mapping or in_list):
                return path[:end]
            node = node[step]
        return path

    @property
    def values(self) -> dict[YamlPath, tuple[int, int]]:
        """Where each value starts (the whole file: line 1)."""
        self._record()
        return self._values

    @property
    def keys(self) -> dict[YamlPath, tuple[int, int]]:
        """Where each mapping key stands."""
        self._record()
        return self._keys

    @property
    def literal_blocks(self) -> frozenset[YamlPath]:
        """Paths of literal block scalars (``|``), whose lines map one to one onto the text."""
        self._record()
        return frozenset(self._literal_blocks)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SourceMap):
            return NotImplemented
        return (self.values, self.keys, self.literal_blocks) == (
            other.values,
            other.keys,
            other.literal_blocks,
        )

    __hash__ = None  # type: ignore[assignment]  # it changes as positions are recorded

    def value_at(self, path: YamlPath) -> tuple[int, int] | None:
        """Where the value at ``path`` itself starts, if it is in the file."""
        if self._data is not None and path not in self._values:
            self._record(self._in_data(path))
        return self._values.get(path)

    def locate(self, path: YamlPath, *, key: bool = False) -> tuple[int, int] | None:
        """The position of ``path``, or of its nearest ancestor that exists in the file.

        A value on its key's line is pointed at directly; a block below its key (a nested
        table or list) is pointed at by its key, the line a reader looks for.
        """
        if self._data is not None and path not in self._values:
            self._record(self._in_data(path))  # its ancestors come before it in the file
        keys, values = self._keys, self._values
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            key_position = keys.get(prefix)
            value_position = values.get(prefix)
            if key_position is not None and (
                key
                or end < len(path)
                or value_position is None
                or value_position[0] != key_position[0]
            ):
                return key_position
            if value_position is not None:
                return value_position
        return None


@dataclass(frozen=True, slots=True)
class LoadedYaml:
    """A file as data, with its positions; ``data`` is None when the file was refused.

    ``data`` is read, never changed: the positions of a clean file are found from it when
    asked (``SourceMap.in_document_order``).
    """

    path: Path
    display: str
    data: dict[str, Any] | None
    source: SourceMap
    findings: tuple[Finding, ...]
    first_line: str = ""


def _syntax_message(problem: str, w: Words) -> str:
    """The parser's problem in the catalogue's words (``yaml_problems``)."""
    return w("load.syntax", problem=problem_words(problem, w))


class _Refused(Exception):
    """A defect after which the rest of the file cannot be read."""

    def __init__(self, code: str, message: str, line: int | None, column: int | None) -> None:
        super().__init__(message)
        self.code, self.message, self.line, self.column = code, message, line, column


def load_yaml(path: Path, display: str | None = None, language: str | None = None) -> LoadedYaml:
    """Read ``path``; every defect becomes a finding, never an exception."""
    shown = display if display is not None else path.as_posix()
    try:
        raw = read_within_limit(path)
    except FileTooLarge as exc:
        return LoadedYaml(
            path, shown, None, SourceMap(), (too_large_finding(exc.size, shown, language),)
        )
    except OSError as exc:
        message = cli_words(language)("load.unreadable", reason=exc)
        finding = Finding(Severity.ERROR, YamlCode.UNREADABLE, message, shown)
        return LoadedYaml(path, shown, None, SourceMap(), (finding,))
    return load_yaml_bytes(raw, path, shown, language)


def load_package_data(name: str) -> dict[str, Any]:
    """A YAML file shipped in the package's ``data/`` folder, read with the same loader.

    The data read is kept in the cache as the tool's own data (``cache``), keyed by the
    tool's version and the file's bytes: reading the register of municipalities (13 KiB)
    costs ~4 ms, the cached entry a tenth of that, and ``validate`` reads three such files
    on every run. A defect there is a packaging bug, not user input: it raises.
    """
    from bygdevekst_cli import __version__, cache

    raw = resources.files("bygdevekst_cli").joinpath("data", name).read_bytes()
    entry, key = f"package-data-{name}", (__version__, raw)
    kept = cache.load(entry, key, tool_data=True)
    if isinstance(kept, dict):
        return kept
    loaded = load_yaml_bytes(raw, Path(name), name)
    if loaded.data is None:
        raise RuntimeError(f"data/{name} is not valid: {loaded.findings}")
    cache.store(entry, key, loaded.data, tool_data=True)
    return loaded.data


def load_yaml_bytes(
    raw: bytes,
    path: Path,
    display: str,
    language: str | None = None,
    backend: YamlBackend | None = None,
) -> LoadedYaml:
    """Parse ``raw``; messages in ``language``'s words (default: the command line's).

    ``backend``: the parser to use (default: the fastest one installed; tests compare them).
    A clean file (``_CleanReader``) needs no words: they are looked up for a defect only.
    """
    text = _text_of(raw, path, display, language)
    if isinstance(text, LoadedYaml):  # refused before parsing
        return text
    loaded = _parsed(text, path, display, language, backend, raw.removeprefix(_UTF8_BOM))
    if raw[-1:] in (b"\n", b"\r") or loaded.data is None:
        return loaded  # a file that ends in a line break (nearly every one) is not cut off
    return _with_cut_off(loaded, text, language)


def _parsed(
    text: str,
    path: Path,
    display: str,
    language: str | None,
    backend: YamlBackend | None,
    utf8: bytes | None = None,
) -> LoadedYaml:
    """``text`` read by the clean reader, or by ``_Builder`` when it is not clean
    (``utf8``: the text's UTF-8 bytes, for a parser that reads them as it reads the text)."""
    first_line = text.partition("\n")[0].partition("\r")[0]  # a line ends in CR too
    start: Callable[[Any], EventReader] = _event_reader if backend is None else backend.reader
    backend = backend or default_backend()
    directive = _directive(text) if "%" in text else None  # a one-character scan: ~0.5 µs
    if directive is not None and directive.version != _YAML_11:  # before a parser sees it
        return _refusal(
            path, display, YamlCode.DIRECTIVE, directive.words(language), directive.line, 1
        )
    editor = _editor_positions(text) if backend.yaml_only_breaks else None
    if editor is None and directive is None:
        utf8_or_text = utf8 if utf8 is not None and backend.reads_utf8 else text
        clean = _CleanReader(start(utf8_or_text), _EventKinds.of(backend.events))
        try:
            clean_data = clean.read()
        except (_NotClean, backend.error):  # _Builder reads it, and words what is wrong
            pass
        else:
            source = SourceMap.in_document_order(clean_data, clean.marks, clean.literal)
            return LoadedYaml(path, display, clean_data, source, (), first_line)
    loaded = _built(text, path, display, first_line, language, start, backend, editor)
    if directive is None:
        return loaded
    differ = _read_otherwise_in_11(text, start, backend, editor)
    message = _yaml_11_message(differ, cli_words(language))
    finding = Finding(Severity.ERROR, YamlCode.DIRECTIVE, message, display, directive.line, 1)
    return replace(loaded, data=None, findings=(finding, *loaded.findings))


_CUT_TAIL = 40
"""Characters of a cut-off text quoted in the warning."""


def _with_cut_off(loaded: LoadedYaml, text: str, language: str | None) -> LoadedYaml:
    """``loaded`` with a warning when the file, without a final line break, ends in the
    middle of a text (``… grunnlag for statleg medfina``): what a file cut off by a crash, a
    full disk or a sync conflict looks like, and YAML reads it without a word. The file's
    last value must be prose that stops on a letter or digit: several words, or a block
    (``|``) of one. A warning, not an error: Notepad saves a line typed at the end without a
    break, and a title there has no full stop either."""
    path, value = _last_value(loaded.data)
    if not isinstance(value, str) or not value or not value[-1].isalnum():
        return loaded
    tail_line = value.splitlines()[-1]
    if not text.endswith(tail_line):  # quoted, or a comment after it: ended where typed
        return loaded
    prose = " " in tail_line or "\n" in value or path in loaded.source.literal_blocks
    if not prose:
        return loaded
    last = _EDITOR_BREAK.split(text)[-1]
    line = len(_EDITOR_BREAK.findall(text)) + 1
    tail = value[-_CUT_TAIL:]
    message = cli_words(language)("load.cut_off", tail=tail if tail == value else f"…{tail}")
    at = (line, len(last) + 1)
    warning = Finding(Severity.WARNING, YamlCode.CUT_OFF, message, loaded.display, *at)
    return replace(loaded, findings=(*loaded.findings, warning))


def _last_value(data: Any) -> tuple[YamlPath, Any]:
    """The path and value of the last scalar in ``data`` (in the order of the file)."""
    path: list[str | int] = []
    while isinstance(data, dict | list) and data:
        key = next(reversed(data)) if isinstance(data, dict) else len(data) - 1
        path.append(key)
        data = data[key]
    return tuple(path), data


def _text_of(raw: bytes, path: Path, display: str, language: str | None) -> str | LoadedYaml:
    """``raw`` as text (without a byte order mark), or the file refused before it is parsed:
    too large, not UTF-8, or indented with a tab (which YAML forbids, and a parser words
    obscurely), each at the line and column where the editor shows it."""
    refused = functools.partial(_refusal, path, display)
    if len(raw) > MAX_BYTES:  # the whole file is the defect: its first line is where it starts
        return refused(YamlCode.TOO_LARGE, too_large(len(raw), cli_words(language)), 1, None)
    if saved_as_utf16(raw):
        return refused(YamlCode.ENCODING, cli_words(language)("load.utf16"), 1, 1)
    order = utf16_without_bom(raw)
    if order is not None:
        return refused(
            YamlCode.ENCODING, cli_words(language)("load.utf16_no_bom", order=order), 1, 1
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = line_and_column(raw, exc.start)
        # a character begun in the last bytes and never finished: the file was cut off
        key = (
            "load.cut_in_character"
            if exc.end == len(raw) and exc.start >= len(raw) - 3
            else "load.not_utf8"
        )
        w = cli_words(language)
        byte, letter = f"{raw[exc.start]:02x}", _ansi_letter(raw, exc.start)
        other = _other_code_page(raw, exc.start) if key == "load.not_utf8" else None
        if other is not None:  # Mac Roman (old Word or Excel for Mac), or DOS
            page, letter = other
            message = w("load.code_page", byte=byte, letter=letter, page=w(f"code_page.{page}"))
            return refused(YamlCode.ENCODING, message, line, column)
        if letter is not None and key == "load.not_utf8":
            key = "load.ansi"  # «ANSI» in Notepad: the Norwegian letters one byte each
        return refused(YamlCode.ENCODING, w(key, byte=byte, letter=letter), line, column)
    text = text.removeprefix(BOM)
    tab = _TAB_INDENT.search(text) if "\t" in text else None  # a scan of the text, not a regex
    if tab is not None:
        line, column = line_and_column(text, tab.end() - 1)
        return refused(YamlCode.TAB, cli_words(language)("load.tab"), line, column)
    return text


def too_large(size: int, w: Words) -> str:
    """The message for a file of ``size`` bytes, over ``MAX_BYTES``: both in bytes, written
    out (a size in whole KiB made a file one byte over the limit «1024 KiB; the largest
    allowed is 1024 KiB»)."""
    from bygdevekst_cli.formatting import number

    limit = number(MAX_BYTES, w.language)
    mib = MAX_BYTES // (1024 * 1024)
    return w("load.too_large", size=number(size, w.language), limit=limit, mib=mib)


def _ansi_letter(raw: bytes, index: int) -> str | None:
    """The character the byte at ``index`` is in Windows-1252 (Latin-1 with more), when the
    whole of ``raw`` reads so and that byte is a letter (``0xe5``: «å») or a mark a word
    processor puts in (``0x96``: «–», ``0x93``: «“»), not a space, else None. None too
    for a file another code page reads with more Norwegian letters (``codepages``): a Mac
    Roman «å» is Windows-1252's «Œ»."""
    from bygdevekst_cli.codepages import WINDOWS, code_page

    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letter = text[index]
    if not letter.isprintable() or letter.isspace() or code_page(raw) != WINDOWS:
        return None
    return letter


def _other_code_page(raw: bytes, index: int) -> tuple[str, str] | None:
    """The code page other than Windows-1252 ``raw`` was saved in (Mac Roman or DOS), and
    the character the byte at ``index`` is there, when it is one of them."""
    from bygdevekst_cli.codepages import OTHERS, code_page

    page = code_page(raw)
    if page is None or page not in OTHERS:
        return None
    return page, raw[index : index + 1].decode(page)


def saved_as_utf16(raw: bytes) -> bool:
    """Whether ``raw`` starts with a UTF-16 byte order mark: Notepad's «Unicode» (and
    «Unicode big endian»), and what PowerShell 5 writes with ``>``. Told apart from a file
    with one wrong byte, which «byte 0xff on line 1» described as."""
    return raw.startswith((b"\xff\xfe", b"\xfe\xff"))


_UTF16_SAMPLE = 4096
"""Bytes looked at to tell UTF-16 without a byte order mark: a line or two of YAML."""


def utf16_without_bom(raw: bytes) -> str | None:
    """``"LE"`` or ``"BE"`` when ``raw`` is UTF-16 without a byte order mark (what some
    Windows programs and scripts write, Notepad among them when told «UTF-16 LE» without
    BOM), else None. A YAML file is mostly ASCII, whose UTF-16 has a zero byte in every
    other place; UTF-8 text has none (``in`` is a byte scan: nothing to a clean file)."""
    if b"\0" not in raw:
        return None
    sample = raw[:_UTF16_SAMPLE]
    pairs = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if pairs and odd > pairs // 3 and even * 10 < odd:
        return "LE"
    if pairs and even > pairs // 3 and odd * 10 < even:
        return "BE"
    return None


def _refusal(
    path: Path, display: str, code: str, message: str, line: int | None, column: int | None
) -> LoadedYaml:
    """A file refused for one defect, at ``line`` and ``column`` when known."""
    finding = Finding(Severity.ERROR, code, message, display, line, column)
    return LoadedYaml(path, display, None, SourceMap(), (finding,))


def _built(
    text: str,
    path: Path,
    display: str,
    first_line: str,
    language: str | None,
    start: Callable[[str], EventReader],
    backend: YamlBackend,
    editor: Callable[[Position], Position] | None,
) -> LoadedYaml:
    """``text`` read by ``_Builder``, which words every defect it finds; the parser's
    positions moved to the editor's lines by ``editor`` (see ``_editor_positions``)."""

    def refused(code: str, message: str, line: int | None, column: int | None) -> LoadedYaml:
        found = _refusal(path, display, code, message, line, column)
        return found if editor is None else _on_editor_lines(found, editor)

    def refused_as(syntax: _SyntaxError) -> LoadedYaml:
        message, line, column, as_editors_count, code = syntax
        if as_editors_count:  # already on the editor's lines
            return _refusal(path, display, code, message, line, column)
        return refused(code, message, line, column)

    w = cli_words(language)
    builder = _Builder(display, w, backend.events, editor)
    try:
        data = builder.build(start(text))
    except _Refused as exc:
        return refused(exc.code, exc.message, exc.line, exc.column)
    except backend.marked_error as exc:
        return refused_as(_marked_syntax_error(exc, text, start, backend, w))
    except backend.error as exc:
        return refused_as(_unmarked_syntax_error(exc, text, w))
    source = SourceMap(builder.values, builder.keys, frozenset(builder.literal_blocks))
    findings = tuple(builder.findings)
    if findings and any(f.severity is Severity.ERROR for f in findings):
        data = None
    loaded = LoadedYaml(path, display, data, source, findings, first_line)
    return loaded if editor is None else _on_editor_lines(loaded, editor)


_PROLOGUE = re.compile(r"\A(?:[ \t]*(?:#[^\r\n]*)?(?:\r\n|[\r\n])|%[^\r\n]*(?:\r\n|[\r\n]|\Z))*")
"""The lines before a file's content: blank lines, comments and directives (``%YAML 1.1``,
``%TAG``), which YAML allows only there."""
_READ_VERSION, _YAML_11 = "1.2", "1.1"
_VALUES_NAMED = 10
"""Most values a ``%YAML 1.1`` finding names."""


class _Directive(NamedTuple):
    """A directive that stops a file being read as the YAML 1.2 it is taken for: its line
    (as editors count), its text and, for ``%YAML``, the version it names."""

    line: int
    text: str
    version: str | None

    def words(self, language: str | None) -> str:
        """The finding's message, for any directive but ``%YAML 1.1`` (its values decide)."""
        key = "load.directive" if self.version is None else "load.yaml_version"
        return cli_words(language)(key, directive=cut(self.text))


def _directive(text: str) -> _Directive | None:
    """The first directive in ``text`` other than ``%YAML 1.2`` or ``%TAG`` (BV018): the
    project reads YAML 1.2, so a file marked ``%YAML 1.1`` (where ``yes`` is true and
    ``0755`` is 493) is not read in a version its writer did not mean, and a version or
    directive no parser reads is refused before a parser words it obscurely (or, for
    ruamel's pure parser, fails an assertion)."""
    for line, directive in _directives(text):
        name, _, rest = directive.partition(" ")
        version = rest.split("#")[0].strip()
        if name == "%TAG" or (name == "%YAML" and version == _READ_VERSION):
            continue
        return _Directive(line, directive, version if name == "%YAML" else None)
    return None


def _directives(text: str) -> Iterator[tuple[int, str]]:
    """The line (as editors count) and text of each directive in ``text``'s prologue."""
    head = _PROLOGUE.match(text)
    lines = _EDITOR_BREAK.split(head.group()) if head is not None else []
    for number, line in enumerate(lines, start=1):
        if line.startswith("%"):
            yield number, " ".join(line.split())


def _read_otherwise_in_11(
    text: str,
    start: Callable[[str], EventReader],
    backend: YamlBackend,
    editor: Callable[[Position], Position] | None,
) -> list[tuple[str, int]]:
    """Each plain scalar (key or value) YAML 1.1 reads otherwise than the loader's YAML 1.2,
    with its line: ``yes``/``no``/``on``/``off`` (true or false in 1.1), ``0755`` (octal),
    ``1_000``, ``1:20`` (base 60), ``0x10``, ``+5``, ``1.5e6`` (text in 1.1). A date is one
    in both (the loader keeps it as text for the models). Read on this error path only."""
    from yaml.constructor import ConstructorError, SafeConstructor
    from yaml.nodes import ScalarNode
    from yaml.resolver import Resolver

    resolver, constructor = Resolver(), SafeConstructor()
    scalar, found = backend.events.ScalarEvent, []
    get = start(text)
    try:
        event = get()
        while event is not None:
            if type(event) is scalar and event.implicit[0] and event.anchor is None:
                value = event.value
                tag = resolver.resolve(ScalarNode, value, (True, False))
                if tag.rsplit(":", 1)[-1] in ("bool", "int", "float", "null", "str"):
                    in_11 = constructor.construct_object(ScalarNode(tag, value))
                    in_12 = _plain(value)
                    if type(in_11) is not type(in_12) or (in_11 != in_12 and in_12 == in_12):
                        line = _position(event)
                        found.append((value, (editor(line) if editor else line)[0]))
            event = get()
    except (StopIteration, ConstructorError, backend.error):  # the builder words a syntax error
        pass
    return found


def _yaml_11_message(differ: list[tuple[str, int]], w: Words) -> str:
    """The ``%YAML 1.1`` finding: the values 1.1 reads otherwise, with their lines."""
    if not differ:
        return w("load.yaml_11_same")
    shown: list[object] = [
        w("load.yaml_11_value", value=cut(value), line=line) for value, line in differ
    ]
    if len(shown) > _VALUES_NAMED:
        shown = [*shown[:_VALUES_NAMED], "…"]
    return w.plural("load.yaml_11_differs", len(differ), values=w.join(shown))


class _SyntaxError(NamedTuple):
    """A file the parser gave up on: the message, where, and whether that place is already
    as an editor counts lines (else it is the parser's, moved by ``_built``'s editor)."""

    message: str
    line: int | None
    column: int | None
    as_editors_count: bool = False
    code: str = YamlCode.SYNTAX


def _marked_syntax_error(
    exc: Exception,
    text: str,
    start: Callable[[str], EventReader],
    backend: YamlBackend,
    w: Words,
) -> _SyntaxError:
    """Where the fault of a parser error with a position lies, worded: a line break YAML
    reads but an editor hides, a quoted text never closed, or what the parser said."""
    hidden = _first_of(text, _YAML_ONLY_BREAKS)
    if hidden is not None and _readable(_without_yaml_only_breaks(text), start, backend):
        # the hidden break is the fault, not where the parser stopped (a line later)
        line, column, code = hidden  # as editors count
        return _SyntaxError(w("load.hidden_break", code=code), line, column, True)
    look_alike = _look_alike_indentation(text, start, backend)
    if look_alike is not None:
        line, column, code = look_alike  # as editors count
        return _SyntaxError(w("load.look_alike_space", code=code), line, column, True)
    marked: Any = exc
    opened = _unclosed_quote(marked)
    if opened is not None:
        line, column, end = opened
        message = w("load.syntax", problem=w("load.unclosed_quote", line=end))
        return _SyntaxError(message, line, column)
    mark = marked.problem_mark or marked.context_mark
    problem = marked.problem or marked.context or w("load.invalid")
    if mark is None:
        return _SyntaxError(_syntax_message(problem, w), None, None)
    if problem_code(str(problem)) == "too_deep":  # the parser's own limit, far past ours
        message = w("load.too_deep", depth=MAX_DEPTH)
        return _SyntaxError(message, mark.line + 1, mark.column + 1, code=YamlCode.TOO_DEEP)
    unmarked = (
        _directive_without_start(text) if problem_code(str(problem)) == "document_start" else None
    )
    if unmarked is not None:  # «%YAML 1.2» and the content below it, with no «---» between
        line, directive = unmarked
        said = w("load.directive_without_start", directive=cut(directive), line=line)
        return _SyntaxError(w("load.syntax", problem=said), mark.line + 1, mark.column + 1)
    context = marked.context_mark
    structure = structure_words(
        _YAML_BREAK.split(text),
        str(problem),
        None if context is None else (context.line, context.column),
        (mark.line, mark.column),
        w,
    )
    if structure is not None:  # «[1]» then «b: 2»; «a: 1» then «- b»
        return _SyntaxError(w("load.syntax", problem=structure), mark.line + 1, mark.column + 1)
    message = _syntax_message(problem, w)
    if problem_code(str(problem)) == "cannot_start" and _is_tab(text, mark.line, mark.column):
        message = w("load.syntax", problem=w("load.problem.tab"))  # «-\tid: 1.1»
    colon = problem_code(str(problem)) == "mapping_values"
    quote = _typographic_quote(text, mark.line, mark.column) if colon else None
    if quote is not None:
        message = w("load.syntax", problem=w("load.typographic_quotes", quote=quote))
    squeezed = _colon_without_space(text, marked)
    if squeezed is not None:  # «year:2026», which YAML reads as a text going on below
        line, column, written, key, value = squeezed
        words = {"written": cut(written), "key": cut(key), "value": cut(value)}
        return _SyntaxError(w("load.syntax", problem=w("load.colon_space", **words)), line, column)
    dash = problem_code(str(problem)) == "sequence_entries"
    dashed = _key_before_dash(text, mark.line, mark.column) if dash else None
    if dashed is not None:  # «amount: -» for nothing, «note: - første punkt»
        message = w("load.syntax", problem=w("load.dash_after_key", key=cut(dashed)))
    return _SyntaxError(message, mark.line + 1, mark.column + 1)


_DOCUMENT_START = re.compile(r"---(?:[ \t\r\n]|\Z)")


def _directive_without_start(text: str) -> tuple[int, str] | None:
    """The line and text of the last directive of ``text``'s prologue when no «---» follows
    the prologue: YAML allows directives only before a document's start marker, and the
    parser words content right after one as content after a document's end («...»)."""
    head = _PROLOGUE.match(text)
    if head is None or _DOCUMENT_START.match(text, head.end()):
        return None
    found = list(_directives(text))
    return found[-1] if found else None


_SQUEEZED = re.compile(
    r"( *(?:- +)?)([^\s#:'\"\[\]{},&*!|>%@`-][^#:]*?):(?!//)([^\s#][^#]*?)\s*(?:#.*)?"
)
"""A key and its value with no space after the colon («year:2026», «- id:1.1»)."""


def _colon_without_space(text: str, marked: Any) -> tuple[int, int, str, str, str] | None:
    """Where a colon without a space after it stands (line and column, 1-based, as the
    parser counts), the text there, its key and value, when it is what the parser stumbled
    on: YAML reads «year:2026» as a text, which the next line goes on (the parser names
    that line, «manglar «:» etter nøkkelen»), or a line more indented, «b:1» under «a:»,
    takes the next key into it («kolon på feil stad» a line too late)."""
    code = problem_code(str(marked.problem or ""))
    start, stop = marked.context_mark, marked.problem_mark
    if code == "expected_colon" and start is not None:
        line = start.line
    elif code == "mapping_values" and stop is not None and stop.line > 0:
        line = stop.line - 1
    else:
        return None
    lines = _YAML_BREAK.split(text, maxsplit=line + 2)
    found = _SQUEEZED.fullmatch(lines[line]) if line < len(lines) else None
    if found is None:
        return None
    if code == "mapping_values":  # the next line must be a key at the same indentation
        indent = len(found.group(1))
        below = lines[line + 1] if line + 1 < len(lines) else ""
        if len(below) - len(below.lstrip(" ")) != indent:
            return None
    written = f"{found.group(2)}:{found.group(3)}"
    return line + 1, found.end(2) + 2, written, found.group(2), found.group(3)


_KEY_THEN_DASH = re.compile(r" *(?:- +)*([^\s#:][^#:]*?): +-(?: |\Z)")
"""A key, its colon and a «-» on the same line: the start of a list to YAML."""


def _key_before_dash(text: str, line: int, column: int) -> str | None:
    """The key a «-» the parser refused (``line`` and ``column`` its, from 0) follows on
    the same line, when it does: a writer's «nothing» («amount: -») or a text that starts
    with a dash, which the parser words as a list item out of place («indentation?»)."""
    lines = _YAML_BREAK.split(text, maxsplit=line + 1)
    found = _KEY_THEN_DASH.match(lines[line][: column + 2]) if line < len(lines) else None
    return found.group(1) if found is not None and found.end() >= column + 1 else None


_TYPOGRAPHIC_QUOTES = "\u201c\u201d\u201e\u2018\u2019\u201a\u00ab\u00bb"
"""Quotation marks a word processor or a Mac puts in (“ ” „ ‘ ’ ‚ « »): text to YAML."""


def _is_tab(text: str, line: int, column: int) -> bool:
    """Whether the character at the parser's ``line`` and ``column`` (from 0) is a tab: one
    after a list's «-» is indentation to the parser, which words it as a character that
    cannot start a value («-\tid: 1.1», as a tab key in an editor makes it)."""
    lines = _YAML_BREAK.split(text, maxsplit=line + 1)
    return line < len(lines) and lines[line][column : column + 1] == "\t"


def _typographic_quote(text: str, line: int, column: int) -> str | None:
    """The typographic quotation mark that opens the value with a colon in it the parser
    stumbled on (``line`` and ``column`` its, from 0), when one does: the writer meant the
    text as quoted, and the parser's hint («put it in quotation marks») was what they
    believed they had done."""
    lines = _YAML_BREAK.split(text, maxsplit=line + 1)
    before = lines[line][:column] if line < len(lines) else ""
    value = before.partition(": ")[2].lstrip() or before.lstrip(" -")
    return value[0] if value[:1] and value[0] in _TYPOGRAPHIC_QUOTES else None


def _unmarked_syntax_error(exc: Exception, text: str, w: Words) -> _SyntaxError:
    """A parser error without a position: a character YAML does not allow, found here with
    its place, or the parser's words."""
    where = unprintable(text)
    if where is not None:
        line, column, code = where  # as editors count
        return _SyntaxError(w("load.unprintable", code=code), line, column, True)
    return _SyntaxError(w("load.syntax", problem=cut(str(exc), 200)), None, None)


def _unclosed_quote(marked: Any) -> tuple[int, int, int] | None:
    """``(line, column, last line)`` of a quoted text that runs to the end of the file: the
    parser stops at the end («the file ends in the middle of a value», line 195), but what
    to mend is the quotation mark that opened it, often far above (line 17)."""
    start, stop = marked.context_mark, marked.problem_mark
    if start is None or stop is None or start.line >= stop.line:
        return None
    quoted = str(marked.context or "").startswith(("while scanning a quoted scalar",))
    if not quoted or problem_code(str(marked.problem or "")) != "end_of_stream":
        return None
    return start.line + 1, start.column + 1, stop.line + 1


def _look_alike_indentation(
    text: str, start: Callable[[str], EventReader], backend: YamlBackend
) -> tuple[int, int, str] | None:
    """Where the first space look-alike in a line's indentation stands, when it is what
    the parser stumbled on (the text reads once each is a space): the parser's words name
    a colon or a list item out of place, often a line below, and the editor shows spaces."""
    found = _LOOK_ALIKE_INDENT.search(text)
    if found is None:
        return None
    spaces = text.translate(_AS_EDITORS_SHOW_THEM)
    return _character_at(text, found.start(1)) if _readable(spaces, start, backend) else None


def _without_yaml_only_breaks(text: str) -> str:
    return text.translate(dict.fromkeys(map(ord, _YAML_ONLY_BREAKS), " "))


def _readable(text: str, start: Callable[[str], EventReader], backend: YamlBackend) -> bool:
    """Whether the parser reads ``text`` to its end without a syntax error."""
    get = start(text)
    try:
        while get() is not None:
            pass
    except StopIteration:  # ruamel's pure parser ends its events so
        return True
    except backend.error:
        return False
    return True


def _event_reader(source: str | bytes) -> EventReader:
    """The next-event function of the default parser on a text, or on its UTF-8 bytes when
    the parser ``reads_utf8`` (one place to count parses)."""
    return default_backend().reader(source)


@dataclass(frozen=True, slots=True)
class _EventKinds:
    """A backend's event classes, the ones a clean file is made of (``Any``: PyYAML's and
    ruamel's classes have the same names and fields, and no common type)."""

    stream_start: Any
    stream_end: Any
    document_start: Any
    document_end: Any
    scalar: Any
    mapping_start: Any
    mapping_end: Any
    sequence_start: Any
    sequence_end: Any

    @staticmethod
    @functools.cache
    def of(events: ModuleType) -> _EventKinds:
        return _EventKinds(
            events.StreamStartEvent,
            events.StreamEndEvent,
            events.DocumentStartEvent,
            events.DocumentEndEvent,
            events.ScalarEvent,
            events.MappingStartEvent,
            events.MappingEndEvent,
            events.SequenceStartEvent,
            events.SequenceEndEvent,
        )


class _NotClean(Exception):
    """The file holds something only ``_Builder`` reads: a defect, or a rarer form."""


class _CleanReader:
    """Reads a clean file: one document with a mapping at the top, and below it mappings,
    sequences and scalars without anchor or tag, at most ``MAX_DEPTH`` deep, without a
    duplicate key. What a pilot's files almost always are.

    It records no path and no position, only the start mark of every key and value in
    document order (and which values are literal blocks), from which ``SourceMap`` finds
    positions when a finding asks (``_in_document_order``). Anything else raises
    ``_NotClean``, and ``_Builder`` reads the file instead.
    """

    def __init__(self, next_event: EventReader, kinds: _EventKinds) -> None:
        self.next_event = next_event
        self.kinds = kinds
        self.marks: list[Any] = []
        self.literal: set[int] = set()
        """Indexes in ``marks`` of the values that are literal blocks."""

    def read(self) -> dict[str, Any]:
        """The file's data (raises ``_NotClean``, or the parser's error on a syntax error)."""
        kinds, next_event = self.kinds, self.next_event
        if type(next_event()) is not kinds.stream_start:
            raise _NotClean
        if type(next_event()) is not kinds.document_start:
            raise _NotClean
        root = next_event()
        if type(root) is not kinds.mapping_start or root.anchor is not None or root.tag is not None:
            raise _NotClean
        data = self._mapping(1)
        if (
            type(next_event()) is not kinds.document_end
            or type(next_event()) is not kinds.stream_end
        ):
            raise _NotClean
        return data

    def _mapping(self, depth: int) -> dict[Any, Any]:
        """The rest of a mapping whose start was read (a mapping as deep as ``MAX_DEPTH``
        is left to ``_Builder``, which words the limit)."""
        if depth >= MAX_DEPTH:
            raise _NotClean
        mapping: dict[Any, Any] = {}
        next_event, mark = self.next_event, self.marks.append
        scalar, mapping_end = self.kinds.scalar, self.kinds.mapping_end
        key_event = next_event()
        while type(key_event) is not mapping_end:
            if type(key_event) is not scalar:
                raise _NotClean
            # a key's anchor or tag is not looked at, as in ``_Builder._mapping``
            key = _plain(key_event.value) if key_event.implicit[0] else key_event.value
            if key in mapping:
                raise _NotClean
            mark(key_event.start_mark)
            event = next_event()
            if type(event) is scalar and event.anchor is None and event.tag is None:
                if event.style == "|":
                    self.literal.add(len(self.marks))
                mark(event.start_mark)
                mapping[key] = _plain(event.value) if event.implicit[0] else event.value
            else:
                mark(event.start_mark)
                mapping[key] = self._collection(event, depth + 1)
            key_event = next_event()
        return mapping

    def _sequence(self, depth: int) -> list[Any]:
        """The rest of a sequence whose start was read."""
        if depth >= MAX_DEPTH:
            raise _NotClean
        items: list[Any] = []
        next_event, mark = self.next_event, self.marks.append
        scalar, sequence_end = self.kinds.scalar, self.kinds.sequence_end
        event = next_event()
        while type(event) is not sequence_end:
            if type(event) is scalar and event.anchor is None and event.tag is None:
                if event.style == "|":
                    self.literal.add(len(self.marks))
                mark(event.start_mark)
                items.append(_plain(event.value) if event.implicit[0] else event.value)
            else:
                mark(event.start_mark)
                items.append(self._collection(event, depth + 1))
            event = next_event()
        return items

    def _collection(self, event: Event, depth: int) -> dict[Any, Any] | list[Any]:
        """A mapping or a sequence without anchor or tag; anything else is not clean (an
        alias, whose event has no tag, is caught by its anchor)."""
        if event.anchor is None and event.tag is None:
            kind = type(event)
            if kind is self.kinds.mapping_start:
                return self._mapping(depth)
            if kind is self.kinds.sequence_start:
                return self._sequence(depth)
        raise _NotClean


def _marks_in(data: dict[str, Any] | list[Any]) -> int:
    """How many marks the clean reading records for ``data``: one for each key and value."""
    in_mapping = isinstance(data, dict)
    values: Iterable[Any] = data.values() if isinstance(data, dict) else data
    count = 0
    for value in values:
        count += 2 if in_mapping else 1
        if type(value) is dict or type(value) is list:
            count += _marks_in(value)
    return count


def _in_document_order(
    data: dict[str, Any], marks: list[Any], literal: frozenset[int]
) -> Iterator[_Position]:
    """Every key's and value's position in ``data``, in the order the clean reading met
    them, which is the order of ``marks`` (dicts keep the order keys were read in)."""
    yield (), _VALUE, (1, 1)  # the document as a whole starts at the top of the file
    at = 0
    stack: list[tuple[YamlPath, Iterator[tuple[Any, Any]], bool]] = [((), iter(data.items()), True)]
    while stack:
        path, entries, in_mapping = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        key, value = entry
        here = (*path, key)
        if in_mapping:
            mark = marks[at]
            yield here, _KEY, (mark.line + 1, mark.column + 1)
            at += 1
        if at in literal:
            yield here, _LITERAL, (0, 0)
        mark = marks[at]
        yield here, _VALUE, (mark.line + 1, mark.column + 1)
        at += 1
        if type(value) is dict:
            stack.append((here, iter(value.items()), True))
        elif type(value) is list:
            stack.append((here, enumerate(value), False))


_LINES_NAMED = 10
"""Most lines of an anchor's aliases its finding names."""


class _Builder:
    """Builds plain Python data from parser events, recording positions and defects."""

    def __init__(
        self,
        display: str,
        w: Words,
        events: ModuleType,
        editor: Callable[[Position], Position] | None = None,
    ) -> None:
        self.display = display
        self.editor = editor
        """What turns a parser position into an editor's, for the lines a message names."""
        self.w = w
        self.values: dict[YamlPath, tuple[int, int]] = {}
        self.keys: dict[YamlPath, tuple[int, int]] = {}
        self.literal_blocks: list[YamlPath] = []
        self.findings: list[Finding] = []
        self.anchors: dict[str, int] = {}
        """An anchor's name → the index in ``findings`` of its finding (the last of that
        name, which an alias refers to)."""
        self.aliased: dict[int, tuple[str, list[int], bool]] = {}
        """The index of an anchor's (or an alias's) finding → the name, the lines (as editors
        count them) of the aliases it stands for, and whether no anchor has that name: one
        finding per anchor, however often it is used."""
        # the backend's event classes, looked up once
        self.scalar_event: Any = events.ScalarEvent
        self.alias_event: Any = events.AliasEvent
        self.collection_start: Any = events.CollectionStartEvent
        self.sequence_start: Any = events.SequenceStartEvent
        self.mapping_start: Any = events.MappingStartEvent
        self.sequence_end: Any = events.SequenceEndEvent
        self.mapping_end: Any = events.MappingEndEvent
        self.stream_start: Any = events.StreamStartEvent
        self.stream_end: Any = events.StreamEndEvent
        self.document_start: Any = events.DocumentStartEvent
        self.document_end: Any = events.DocumentEndEvent

    def build(self, next_event: EventReader) -> dict[str, Any] | None:
        event = next_event()
        if not isinstance(event, self.stream_start):  # pragma: no cover - parser contract
            raise _Refused(YamlCode.SYNTAX, self.w("load.start"), None, None)
        event = next_event()
        if isinstance(event, self.stream_end):
            # a file of comments is not empty to the person who sees them in it
            empty = "load.empty" if _position(event) == (1, 1) else "load.only_comments"
            raise _Refused(YamlCode.NOT_MAPPING, self.w(empty), 1, 1)
        assert isinstance(event, self.document_start)
        root_event = next_event()
        root = self._node(root_event, (), 1, next_event)
        self.values[()] = (1, 1)  # the document as a whole starts at the top of the file
        end = next_event()
        assert isinstance(end, self.document_end)
        following = next_event()
        if isinstance(following, self.document_start):
            line, column = _position(following)
            raise _Refused(
                YamlCode.MULTI_DOCUMENT,
                self.w("load.multi_document"),
                line,
                column,
            )
        self._word_aliases()
        if isinstance(root, str) and root.startswith(LFS_POINTER):
            # a clone without Git LFS, or any commit of a file kept in LFS: git's pointer
            raise _Refused(YamlCode.UNREADABLE, self.w("load.lfs_pointer"), 1, 1)
        if not isinstance(root, dict):
            line, column = _position(root_event)
            raise _Refused(
                YamlCode.NOT_MAPPING,
                self.w("load.not_mapping", kind=self.w(_kind_key(root))),
                line,
                column,
            )
        return root

    def _node(self, event: Event, path: YamlPath, depth: int, next_event: EventReader) -> Any:
        mark = event.start_mark
        position = (mark.line + 1, mark.column + 1)
        if depth > MAX_DEPTH:
            raise _Refused(YamlCode.TOO_DEEP, self.w("load.too_deep", depth=MAX_DEPTH), *position)
        self.values[path] = position
        if type(event) is self.scalar_event and event.anchor is None and event.tag is None:
            # the common case first: a plain or quoted scalar without anchor or tag
            if event.style == "|":
                self.literal_blocks.append(path)
            return _plain(event.value) if event.implicit[0] else event.value
        if isinstance(event, self.alias_event):
            self._alias(str(event.anchor), position)
            return None
        if not isinstance(event, self.scalar_event | self.collection_start):
            raise _Refused(YamlCode.SYNTAX, self.w("load.structure"), *position)
        if event.anchor is not None:
            self.anchors[str(event.anchor)] = len(self.findings)
            self._flag(YamlCode.ANCHOR, self.w("load.anchor", name=cut(event.anchor)), position)
        if event.tag is not None:
            self._flag(YamlCode.TAG, self.w("load.tag", tag=cut(str(event.tag))), position)
        if isinstance(event, self.scalar_event):
            if event.style == "|":
                self.literal_blocks.append(path)
            return _scalar(event)
        if isinstance(event, self.sequence_start):
            return self._sequence(path, depth, next_event)
        return self._mapping(path, depth, next_event)

    def _sequence(self, path: YamlPath, depth: int, next_event: EventReader) -> list[Any]:
        items: list[Any] = []
        values = self.values
        scalar_event, sequence_end = self.scalar_event, self.sequence_end
        inline = depth < MAX_DEPTH  # items one level down need no depth check
        item = next_event()
        while type(item) is not sequence_end:
            here = (*path, len(items))
            kind = type(item)
            if not inline or item.anchor is not None or item.tag is not None:
                items.append(self._node(item, here, depth + 1, next_event))
            elif kind is scalar_event:  # the common cases of ``_node``, without its checks
                mark = item.start_mark
                values[here] = (mark.line + 1, mark.column + 1)
                if item.style == "|":
                    self.literal_blocks.append(here)
                items.append(_plain(item.value) if item.implicit[0] else item.value)
            else:
                items.append(self._collection(kind, item, here, depth + 1, next_event))
            item = next_event()
        return items

    def _mapping(self, path: YamlPath, depth: int, next_event: EventReader) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        keys, values = self.keys, self.values
        scalar_event, mapping_end = self.scalar_event, self.mapping_end
        inline = depth < MAX_DEPTH  # values one level down need no depth check
        key_event = next_event()
        while type(key_event) is not mapping_end:
            mark = key_event.start_mark
            key_position = (mark.line + 1, mark.column + 1)
            if type(key_event) is not scalar_event and not isinstance(key_event, scalar_event):
                raise _Refused(YamlCode.COMPLEX_KEY, self.w("load.complex_key"), *key_position)
            key = _plain(key_event.value) if key_event.implicit[0] else key_event.value
            value_event = next_event()
            if key in mapping:
                first = keys[(*path, key)]
                self._flag(
                    YamlCode.DUPLICATE_KEY,
                    self.w("load.duplicate_key", key=cut(str(key)), line=first[0]),
                    key_position,
                )
                self._node(value_event, (*path, _DISCARDED), depth + 1, next_event)
            else:
                here = (*path, key)
                keys[here] = key_position
                kind = type(value_event)
                if not inline or value_event.anchor is not None or value_event.tag is not None:
                    mapping[key] = self._node(value_event, here, depth + 1, next_event)
                elif kind is scalar_event:  # the common cases of ``_node``, without its checks
                    mark = value_event.start_mark
                    values[here] = (mark.line + 1, mark.column + 1)
                    if value_event.style == "|":
                        self.literal_blocks.append(here)
                    value = value_event.value
                    mapping[key] = _plain(value) if value_event.implicit[0] else value
                else:
                    mapping[key] = self._collection(kind, value_event, here, depth + 1, next_event)
            key_event = next_event()
        return mapping

    def _collection(
        self, kind: type, event: Event, path: YamlPath, depth: int, next_event: EventReader
    ) -> Any:
        """A value without anchor or tag, not a scalar, at most ``MAX_DEPTH`` deep: a
        mapping or a sequence read straight away, anything else through ``_node``."""
        if kind is self.mapping_start:
            mark = event.start_mark
            self.values[path] = (mark.line + 1, mark.column + 1)
            return self._mapping(path, depth, next_event)
        if kind is self.sequence_start:
            mark = event.start_mark
            self.values[path] = (mark.line + 1, mark.column + 1)
            return self._sequence(path, depth, next_event)
        return self._node(event, path, depth, next_event)

    def _alias(self, name: str, position: tuple[int, int]) -> None:
        """An alias: a line more for its anchor's finding (or for the first alias of a name
        no anchor has), not a finding of its own."""
        index = self.anchors.get(name)
        unanchored = index is None
        if index is None:
            index = self.anchors[name] = len(self.findings)
            self._flag(YamlCode.ANCHOR, self.w("load.alias", name=cut(name)), position)
        line = (self.editor(position) if self.editor else position)[0]
        self.aliased.setdefault(index, (name, [], unanchored))[1].append(line)

    def _word_aliases(self) -> None:
        """Each anchor's finding names the lines of its aliases."""
        for index, (name, lines, unanchored) in self.aliased.items():
            finding = self.findings[index]
            key = "load.anchor_used"
            if unanchored:
                key, lines = "load.alias_again", lines[1:]  # the first is the finding's own
            if lines:
                unique: list[object] = list(dict.fromkeys(lines))
                if len(unique) > _LINES_NAMED:  # a billion laughs uses one anchor a lot
                    unique = [*unique[:_LINES_NAMED], "…"]
                shown = self.w.join(unique)
                message = self.w.plural(key, len(lines), name=cut(name), lines=shown)
                self.findings[index] = replace(finding, message=message)

    def _flag(self, code: str, message: str, position: tuple[int, int]) -> None:
        self.findings.append(Finding(Severity.ERROR, code, message, self.display, *position))


def _position(event: Event) -> tuple[int, int]:
    mark = event.start_mark
    return mark.line + 1, mark.column + 1


def _scalar(event: Event) -> Any:
    value: str = event.value
    if not event.implicit[0]:  # quoted or block scalar: always text
        return value
    return _plain(value)


@functools.lru_cache(maxsize=4096)
def _plain(value: str) -> Any:
    """The value of a plain scalar under the YAML 1.2 core schema (cached: keys repeat)."""
    tag = next(
        (tag for tag, pattern in _IMPLICIT.get(value[:1], ()) if pattern.match(value)),
        _TAG + "str",
    )
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "bool":
        return value.lower() == "true"
    if tag == _TAG + "int":
        return int(value) if _DECIMAL.match(value) else value
    if tag == _TAG + "float":
        special = _SPECIAL_FLOATS.get(value.lower())
        return special if special is not None else float(value.replace("_", ""))
    return value


_PLAIN_TOKEN = re.compile(r"[^\s,\[\]{}#:]+")
"""A plain scalar that YAML reads as a number, as it stands in the file: numbers have no
spaces, in a flow list (``[1.10, 2]``) a comma or bracket ends them, and a colon a key."""


def typed_at(raw: bytes, position: tuple[int, int], value: Any) -> str | None:
    """The plain scalar at ``position`` (line and column, 1-based, as editors count them)
    of the file ``raw`` as the user typed it (``2.10``, ``0301``), when YAML reads it as
    ``value``; None when the text there is not that value. Asked on the error path only:
    it decodes the file again."""
    line, column = position
    text = raw.decode("utf-8", "replace").removeprefix(BOM)
    lines = _EDITOR_BREAK.split(text, maxsplit=line)
    if line > len(lines):
        return None
    found = _PLAIN_TOKEN.match(lines[line - 1], column - 1)
    if found is None:
        return None
    token = found.group()
    read = _plain(token)
    same = read == value and type(read) is type(value)
    return token if same or (value != value and read != read) else None  # NaN is NaN


def _kind_key(value: Any) -> str:
    if isinstance(value, list):
        return "load.kind_list"
    if value is None:
        return "load.kind_none"
    return "load.kind_scalar"
