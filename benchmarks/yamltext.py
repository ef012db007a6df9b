"""A small YAML emitter that writes pilot files the way people write them by hand.

Block style throughout; short lists of ids in flow style (``[husbanken, fylket]``); long
or multi-line text as ``|-`` literal blocks; quotes only where a plain scalar would be
read as something other than text (``"1.1"``, ``"4032"``). Mapping keys keep their order.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

SCHEMA_LINE = "# yaml-language-server: $schema="
LONG_TEXT = 90
"""Text longer than this (or with a line break) is written as a literal block."""
FLOW_LIST = 60
"""A list of ids shorter than this (written out) goes on one line."""

_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_NOT_TEXT = re.compile(
    r"^(?:[-+]?[0-9][0-9_.eE:+-]*|true|false|yes|no|on|off|null|~|[-+]?\.inf|\.nan)$",
    re.IGNORECASE,
)
_INDICATORS = tuple("-?:,[]{}#&*!|>'\"%@`")


def document(data: Mapping[str, Any], schema: str) -> str:
    """A whole file: the editor's schema line, then ``data`` as a block mapping."""
    return "\n".join([SCHEMA_LINE + schema, *_mapping(data, 0)]) + "\n"


def _mapping(data: Mapping[Any, Any], indent: int) -> list[str]:
    lines: list[str] = []
    for key, value in data.items():
        lines.extend(_entry(f"{' ' * indent}{key}:", value, indent))
    return lines


def _sequence(items: Sequence[Any], indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for item in items:
        if isinstance(item, Mapping):
            body = _mapping(item, indent + 2)
            body[0] = f"{pad}- {body[0].lstrip()}"
            lines.extend(body)
        else:
            lines.extend(_entry(f"{pad}-", item, indent))
    return lines


def _entry(head: str, value: Any, indent: int) -> list[str]:
    """``head`` (``key:`` or ``-``) followed by ``value``, inline or as a nested block."""
    if isinstance(value, Mapping):
        return [head, *_mapping(value, indent + 2)]
    if isinstance(value, list):
        if _flow_list(value):
            return [f"{head} [{', '.join(value)}]"]
        return [head, *_sequence(value, indent + 2)]
    if isinstance(value, str) and (len(value) > LONG_TEXT or "\n" in value):
        pad = " " * (indent + 2)
        return [f"{head} |-", *(pad + line if line else "" for line in value.split("\n"))]
    return [f"{head} {scalar(value)}"]


def _flow_list(items: list[Any]) -> bool:
    ids = all(isinstance(item, str) and _ID.match(item) for item in items)
    return ids and sum(len(item) + 2 for item in items) < FLOW_LIST


def scalar(value: Any) -> str:
    """One value on one line, quoted only when it must be."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if _needs_quotes(text):
        return json.dumps(text, ensure_ascii=False)
    return text


def _needs_quotes(text: str) -> bool:
    return (
        not text
        or text != text.strip()
        or text.startswith(_INDICATORS)
        or ": " in text
        or " #" in text
        or text.endswith(":")
        or _NOT_TEXT.match(text) is not None
    )
