"""The format version line every file starts with (``schema_version: 2``)."""

from __future__ import annotations

import re
from typing import Any

from bygdevekst_cli.editing import roundtrip
from bygdevekst_cli.models.base import SCHEMA_VERSION

VERSION_KEY = "schema_version"
VERSION_LINE = f"{VERSION_KEY}: {SCHEMA_VERSION}"

_PREAMBLE = re.compile(r"^\s*(#.*)?$")
"""A line before the data: blank or a comment."""
_TOP_LEVEL_VERSION = re.compile(rf"^{VERSION_KEY}[ \t]*:", re.MULTILINE)
"""The version key of the top-level mapping, on any line (keys may come in any order)."""
_MARKER = re.compile(r"^(---|%)")
"""A document start marker or a directive: the data follows it."""


_NAMED_ONE = re.compile(rf"^({VERSION_KEY}[ \t]*:[ \t]*)1(?=[ \t]*(?:#.*)?$)", re.MULTILINE)
"""``schema_version: 1`` written out on a line of the top-level mapping (the value alone)."""


def file_version(data: Any) -> int:
    """The format version of a file's data (1 when the key is missing; -1 for a value that
    names no version). ``2.0`` is version 2, as ``validate`` (and JSON Schema's ``const``)
    reads it."""
    if isinstance(data, dict) and VERSION_KEY in data:
        value = data[VERSION_KEY]
        if isinstance(value, bool) or not isinstance(value, int | float):
            return -1
        if value == SCHEMA_VERSION:
            return SCHEMA_VERSION
        return value if isinstance(value, int) else -1
    return 1


def named_current(text: str) -> str:
    """``text`` with a ``schema_version: 1`` it writes out rewritten to the current version
    on its line, comments kept (unchanged when the value is not written so)."""
    return _NAMED_ONE.sub(rf"\g<1>{SCHEMA_VERSION}", text, count=1)


def with_version(text: str) -> str:
    """``text`` with ``schema_version: 2`` as its first key, every other line as it was.

    The line goes after the editor's schema line and after ``---`` when the file has one
    (directives above it included), whichever comes later, else at the very top: above a
    schema line that follows ``---`` it left that line below a key, where ``fmt`` does not
    look for it and wrote a second one. A text that already names a version, on any line
    of the top-level mapping (a file may list ``year`` first), is returned unchanged.
    """
    if _TOP_LEVEL_VERSION.search(text):
        return text
    lines = text.split("\n")
    data_start = next(
        (i for i, line in enumerate(lines) if not (_PREAMBLE.match(line) or _MARKER.match(line))),
        len(lines),
    )
    markers = [i for i in range(data_start) if _MARKER.match(lines[i])]
    schema = [i for i in range(data_start) if lines[i].startswith(roundtrip.SCHEMA_LINE)]
    # after the last marker (a directive, %YAML, must stay above its ---) and the schema line
    after = [*markers[-1:], *schema[:1]]
    at = max(after) + 1 if after else 0
    return "\n".join([*lines[:at], VERSION_LINE, *lines[at:]])
