"""Small helpers to look through type annotations (``X | None``, ``Annotated``, containers)."""

from __future__ import annotations

import types
import typing
from typing import Any


def strip_optional(annotation: Any) -> Any:
    """``X | None`` → ``X``; anything else unchanged."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        rest = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return annotation


def strip_annotated(annotation: Any) -> Any:
    """``Annotated[X, ...]`` (possibly optional) → ``X``."""
    annotation = strip_optional(annotation)
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = strip_optional(typing.get_args(annotation)[0])
    return annotation


def item_type(annotation: Any) -> Any:
    """The item type of a list or tuple, the value type of a dict, else None."""
    annotation = strip_annotated(annotation)
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (list, tuple) and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    return None
