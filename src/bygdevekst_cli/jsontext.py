"""Indented JSON text, byte for byte what ``json.dumps(value, ensure_ascii=False, indent=2)``
writes, through ``json``'s C encoder: the reports of ``validate`` (json, sarif, gitlab) and
``history --format json`` are written with it."""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable
from typing import Any


class _Unusual(Exception):
    """A value the quick encoder leaves to ``json`` (a subclass, a float that is not finite,
    a key that is not a string)."""


def indented_json(value: Any) -> str:
    """Exactly ``json.dumps(value, ensure_ascii=False, indent=2)``, several times quicker.

    With ``indent``, ``json`` runs its pure-Python encoder, a generator per container. Here
    a container of plain values (a finding, a change) goes through ``json``'s C encoder,
    with the line break and indentation of its level as the separator between items, and
    the rest is joined once. Anything but plain dicts, lists, tuples, strings, ints, finite
    floats, booleans and None is left to ``json`` whole, so the output is always ``json``'s.
    """
    parts: list[str] = []
    try:
        _encode(value, "\n", parts)
    except _Unusual:
        return json.dumps(value, ensure_ascii=False, indent=2)
    return "".join(parts)


_STRING = json.encoder.encode_basestring
_CONSTANTS = {None: "null", True: "true", False: "false"}
_PLAIN = frozenset({str, int, float, bool, type(None)})
"""Values the C encoder writes as the pure one does, on one line."""


@functools.cache
def _flat_encoder(inner: str) -> Callable[[Any, int], Any] | None:
    """``json``'s C encoder writing items separated by ``,`` and ``inner`` (None without it)."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return None
    encoder: Callable[[Any, int], Any] = make(
        None, _refuse, _STRING, None, ": ", "," + inner, False, False, True
    )
    return encoder


def _refuse(value: Any) -> Any:
    raise _Unusual


def _encode(value: Any, newline: str, parts: list[str]) -> None:
    kind = type(value)
    if kind is str:
        parts.append(_STRING(value))
    elif kind is dict or kind is list or kind is tuple:
        if not value:
            parts.append("{}" if kind is dict else "[]")
            return
        inner = newline + "  "
        items = value.values() if kind is dict else value
        encoder = _flat_encoder(inner)
        # the C encoder turns keys into strings as the pure one does
        if encoder is not None and _PLAIN.issuperset(map(type, items)):
            text = "".join(encoder(value, 0))  # "{a, b}": the brackets get their lines
            parts.append(text[0] + inner + text[1:-1] + newline + text[-1])
        elif kind is dict:
            _encode_dict(value, newline, inner, parts)
        else:
            separator = "[" + inner
            for item in value:
                parts.append(separator)
                _encode(item, inner, parts)
                separator = "," + inner
            parts.append(newline + "]")
    elif value is None or kind is bool:
        parts.append(_CONSTANTS[value])
    elif kind is int:
        parts.append(int.__repr__(value))
    elif kind is float and math.isfinite(value):
        parts.append(float.__repr__(value))
    else:
        raise _Unusual


def _encode_dict(value: dict[Any, Any], newline: str, inner: str, parts: list[str]) -> None:
    separator = "{" + inner
    for key, item in value.items():
        if type(key) is not str:
            raise _Unusual
        if type(item) is str:  # most values of a mixed mapping: no call for them
            parts.append(f"{separator}{_STRING(key)}: {_STRING(item)}")
        else:
            parts.append(f"{separator}{_STRING(key)}: ")
            _encode(item, inner, parts)
        separator = "," + inner
    parts.append(newline + "}")
