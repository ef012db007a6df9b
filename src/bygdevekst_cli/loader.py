"""Turn a YAML file into plain data plus a map from every YAML path to its line and column.

The loader walks the parser's event stream itself (libyaml through ruamel.yaml.clib when it
is installed, ruamel's pure-Python parser otherwise) instead of building ruamel's round-trip
objects: that keeps every position, lets it refuse what pilot files must not contain
(tags, anchors and aliases, duplicate keys, several documents, deep nesting) with a finding
at the right line, and is an order of magnitude faster than the round-trip loader.

Scalars are resolved with ruamel's YAML 1.2 resolver, so ``yes`` stays text and ``2026``
is a number, as an editor with the YAML 1.2 language server shows them.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from ruamel.yaml.resolver import VersionedResolver

from bygdevekst_cli.findings import Finding, Severity, YamlPath, cut
from bygdevekst_cli.language import Words, cli_words

_CParser: Any
try:  # libyaml, when ruamel.yaml.clib is installed
    from ruamel.yaml import CParser as _CParser  # type: ignore[attr-defined,no-redef]
except ImportError:  # pragma: no cover - depends on the platform
    _CParser = None

MAX_BYTES = 1024 * 1024
"""Largest file accepted: a plan is some 10 KB; anything near this is a mistake."""
MAX_DEPTH = 24
"""Deepest nesting accepted; the models nest at most six levels."""

BOM = "\ufeff"
_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)

_TAG = "tag:yaml.org,2002:"


def _implicit_resolvers() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """ruamel's YAML 1.2 rules for plain scalars, as plain strings and compiled patterns.

    Asking the resolver object per scalar costs more than the whole parse; the rules are
    the same, so read them once.
    """
    table = VersionedResolver(version=(1, 2)).versioned_resolver
    return {
        first: [(str(tag), re.compile(regexp.pattern, regexp.flags)) for tag, regexp in rules]
        for first, rules in table.items()
    }


_IMPLICIT = _implicit_resolvers()
_DISCARDED = "\0discarded"
"""Path segment for the value of a duplicate key: read for its defects, then dropped."""
_SPECIAL_FLOATS = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}


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


@dataclass(frozen=True, slots=True)
class SourceMap:
    """Line and column (1-based) of every value and every mapping key, by YAML path."""

    values: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    literal_blocks: frozenset[YamlPath] = frozenset()
    """Paths of literal block scalars (``|``), whose lines map one to one onto the text."""

    def locate(self, path: YamlPath, *, key: bool = False) -> tuple[int, int] | None:
        """The position of ``path``, or of its nearest ancestor that exists in the file.

        A value on its key's line is pointed at directly; a block below its key (a nested
        table or list) is pointed at by its key, the line a reader looks for.
        """
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            key_position = self.keys.get(prefix)
            value_position = self.values.get(prefix)
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
    """A file as data, with its positions; ``data`` is None when the file was refused."""

    path: Path
    display: str
    data: dict[str, Any] | None
    source: SourceMap
    findings: tuple[Finding, ...]
    first_line: str = ""


_SYNTAX_HINTS = {
    "mapping values are not allowed": "mapping_values",
    "did not find expected key": "expected_key",
    "could not find expected ':'": "expected_colon",
    "did not find expected '-' indicator": "expected_dash",
    "block sequence entries are not allowed": "sequence_entries",
    "found character that cannot start any token": "cannot_start",
    "found unexpected end of stream": "end_of_stream",
    "found unknown escape character": "escape",
    "did not find expected ',' or ']'": "list_end",
    "did not find expected ',' or '}'": "mapping_end",
    "found undefined alias": "undefined_alias",
    "while scanning a quoted scalar": "quoted_scalar",
}
"""libyaml's English problem texts, by how they start, and the key of an explanation in the
catalogue (``load.hint.*``)."""


def _syntax_message(problem: str, w: Words) -> str:
    """libyaml's English problem text, with an explanation in the catalogue where we have one."""
    hint = next((key for start, key in _SYNTAX_HINTS.items() if problem.startswith(start)), None)
    if hint is None:
        return w("load.syntax", problem=cut(problem, 200))
    return w("load.syntax_hint", hint=w(f"load.hint.{hint}"), problem=cut(problem, 200))


class _Refused(Exception):
    """A defect after which the rest of the file cannot be read."""

    def __init__(self, code: str, message: str, line: int | None, column: int | None) -> None:
        super().__init__(message)
        self.code, self.message, self.line, self.column = code, message, line, column


def load_yaml(path: Path, display: str | None = None, language: str | None = None) -> LoadedYaml:
    """Read ``path``; every defect becomes a finding, never an exception."""
    shown = display if display is not None else path.as_posix()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        message = cli_words(language)("load.unreadable", reason=exc.strerror or str(exc))
        finding = Finding(Severity.ERROR, YamlCode.UNREADABLE, message, shown)
        return LoadedYaml(path, shown, None, SourceMap(), (finding,))
    return load_yaml_bytes(raw, path, shown, language)


def load_package_data(name: str) -> dict[str, Any]:
    """A YAML file shipped in the package's ``data/`` folder, read with the same loader.

    A defect there is a packaging bug, not user input: it raises.
    """
    raw = resources.files("bygdevekst_cli").joinpath("data", name).read_bytes()
    loaded = load_yaml_bytes(raw, Path(name), name)
    if loaded.data is None:
        raise RuntimeError(f"data/{name} is not valid: {loaded.findings}")
    return loaded.data


def load_yaml_bytes(
    raw: bytes, path: Path, display: str, language: str | None = None
) -> LoadedYaml:
    """Parse ``raw``; messages in ``language``'s words (default: the command line's)."""
    w = cli_words(language)

    def refused(code: str, message: str, line: int | None, column: int | None) -> LoadedYaml:
        finding = Finding(Severity.ERROR, code, message, display, line, column)
        return LoadedYaml(path, display, None, SourceMap(), (finding,))

    if len(raw) > MAX_BYTES:
        return refused(
            YamlCode.TOO_LARGE,
            w("load.too_large", size=len(raw) // 1024, limit=MAX_BYTES // 1024),
            None,
            None,
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return refused(
            YamlCode.ENCODING,
            w("load.not_utf8", byte=f"{raw[exc.start]:02x}"),
            line,
            column,
        )
    text = text.removeprefix(BOM)
    first_line = text.split("\n", 1)[0].rstrip("\r")
    tab = _TAB_INDENT.search(text)
    if tab is not None:
        line = text.count("\n", 0, tab.start()) + 1
        column = tab.end() - tab.start()
        return refused(YamlCode.TAB, w("load.tab"), line, column)
    builder = _Builder(display, w)
    try:
        data = builder.build(_event_reader(text))
    except _Refused as exc:
        return refused(exc.code, exc.message, exc.line, exc.column)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or w("load.invalid")
        if mark is None:
            return refused(YamlCode.SYNTAX, _syntax_message(problem, w), None, None)
        message = _syntax_message(problem, w)
        return refused(YamlCode.SYNTAX, message, mark.line + 1, mark.column + 1)
    except YAMLError as exc:
        return refused(YamlCode.SYNTAX, w("load.syntax", problem=cut(str(exc), 200)), None, None)
    source = SourceMap(builder.values, builder.keys, frozenset(builder.literal_blocks))
    findings = tuple(builder.findings)
    if findings and any(f.severity is Severity.ERROR for f in findings):
        return LoadedYaml(path, display, None, source, findings, first_line)
    return LoadedYaml(path, display, data, source, findings, first_line)


def _event_reader(text: str) -> Callable[[], Event]:
    """A function returning the next parser event (the parser's own method: no generator
    frame per event, which is a fifth of the loading time)."""
    if _CParser is not None:
        reader: Callable[[], Event] = _CParser(text).get_event
        return reader
    events: Iterator[Event] = iter(YAML(typ="safe", pure=True).parse(text))
    following: Callable[[], Event] = events.__next__
    return following


class _Builder:
    """Builds plain Python data from parser events, recording positions and defects."""

    def __init__(self, display: str, w: Words) -> None:
        self.display = display
        self.w = w
        self.values: dict[YamlPath, tuple[int, int]] = {}
        self.keys: dict[YamlPath, tuple[int, int]] = {}
        self.literal_blocks: list[YamlPath] = []
        self.findings: list[Finding] = []

    def build(self, next_event: Callable[[], Event]) -> dict[str, Any] | None:
        event = next_event()
        if not isinstance(event, StreamStartEvent):  # pragma: no cover - parser contract
            raise _Refused(YamlCode.SYNTAX, self.w("load.start"), None, None)
        event = next_event()
        if isinstance(event, StreamEndEvent):
            raise _Refused(YamlCode.NOT_MAPPING, self.w("load.empty"), 1, 1)
        assert isinstance(event, DocumentStartEvent)
        root_event = next_event()
        root = self._node(root_event, (), 1, next_event)
        self.values[()] = (1, 1)  # the document as a whole starts at the top of the file
        end = next_event()
        assert isinstance(end, DocumentEndEvent)
        following = next_event()
        if isinstance(following, DocumentStartEvent):
            line, column = _position(following)
            raise _Refused(
                YamlCode.MULTI_DOCUMENT,
                self.w("load.multi_document"),
                line,
                column,
            )
        if not isinstance(root, dict):
            line, column = _position(root_event)
            raise _Refused(
                YamlCode.NOT_MAPPING,
                self.w("load.not_mapping", kind=self.w(_kind_key(root))),
                line,
                column,
            )
        return root

    def _node(
        self, event: Event, path: YamlPath, depth: int, next_event: Callable[[], Event]
    ) -> Any:
        mark = event.start_mark
        position = (mark.line + 1, mark.column + 1)
        if depth > MAX_DEPTH:
            raise _Refused(YamlCode.TOO_DEEP, self.w("load.too_deep", depth=MAX_DEPTH), *position)
        self.values[path] = position
        if type(event) is ScalarEvent and event.anchor is None and event.tag is None:
            # the common case first: a plain or quoted scalar without anchor or tag
            if event.style == "|":
                self.literal_blocks.append(path)
            return _plain(event.value) if event.implicit[0] else event.value
        if isinstance(event, AliasEvent):
            self._flag(
                YamlCode.ANCHOR,
                self.w("load.alias", name=cut(str(event.anchor))),
                position,
            )
            return None
        if not isinstance(event, ScalarEvent | CollectionStartEvent):
            raise _Refused(YamlCode.SYNTAX, self.w("load.structure"), *position)
        if event.anchor is not None:
            self._flag(YamlCode.ANCHOR, self.w("load.anchor", name=cut(event.anchor)), position)
        if event.tag is not None:
            self._flag(YamlCode.TAG, self.w("load.tag", tag=cut(str(event.tag))), position)
        if isinstance(event, ScalarEvent):
            if event.style == "|":
                self.literal_blocks.append(path)
            return _scalar(event)
        if isinstance(event, SequenceStartEvent):
            items: list[Any] = []
            item = next_event()
            while type(item) is not SequenceEndEvent:
                items.append(self._node(item, (*path, len(items)), depth + 1, next_event))
                item = next_event()
            return items
        return self._mapping(path, depth, next_event)

    def _mapping(
        self, path: YamlPath, depth: int, next_event: Callable[[], Event]
    ) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        keys = self.keys
        key_event = next_event()
        while type(key_event) is not MappingEndEvent:
            mark = key_event.start_mark
            key_position = (mark.line + 1, mark.column + 1)
            if not isinstance(key_event, ScalarEvent):
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
                mapping[key] = self._node(value_event, here, depth + 1, next_event)
            key_event = next_event()
        return mapping

    def _flag(self, code: str, message: str, position: tuple[int, int]) -> None:
        self.findings.append(Finding(Severity.ERROR, code, message, self.display, *position))


def _position(event: Event) -> tuple[int, int]:
    mark = event.start_mark
    return mark.line + 1, mark.column + 1


def _scalar(event: ScalarEvent) -> Any:
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
        digits = value.replace("_", "").lower()
        return int(digits, 0) if digits.startswith(("0o", "0x", "0b")) else int(digits, 10)
    if tag == _TAG + "float":
        special = _SPECIAL_FLOATS.get(value.lower())
        return special if special is not None else float(value.replace("_", ""))
    return value


def _kind_key(value: Any) -> str:
    if isinstance(value, list):
        return "load.kind_list"
    if value is None:
        return "load.kind_none"
    return "load.kind_scalar"
