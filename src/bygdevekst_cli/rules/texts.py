"""Every text in a pilot's models, with its YAML path and whether it is running text.

Running text is what the pilot writes in its written standard (fields typed ``Text``);
names and ids are text too, but not prose. The walk is planned once per model class, so
looking through a plan's texts costs no type introspection per value.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from bygdevekst_cli.annotations import has_marker, item_type
from bygdevekst_cli.findings import YamlPath
from bygdevekst_cli.types import PROSE


def texts(model: BaseModel, path: YamlPath = ()) -> Iterator[tuple[YamlPath, str, bool]]:
    """``(path, text, is_prose)`` for every string in ``model``."""
    for name, shape in _plan(type(model)):
        yield from _walk(getattr(model, name), shape, (*path, name))


def prose(model: BaseModel) -> Iterator[tuple[YamlPath, str]]:
    """Every running text (fields typed ``Text``) in a model, with its YAML path."""
    return ((path, text) for path, text, is_prose in texts(model) if is_prose)


def _walk(value: Any, shape: _Shape, path: YamlPath) -> Iterator[tuple[YamlPath, str, bool]]:
    if value is None:
        return
    if isinstance(value, str):
        yield path, value, shape.is_prose
    elif isinstance(value, BaseModel):
        yield from texts(value, path)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, shape.items(), (*path, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, shape.items(), (*path, key))


class _Shape:
    """What a field's annotation says about the strings under it (computed once)."""

    __slots__ = ("annotation", "is_prose")

    def __init__(self, annotation: Any, is_prose: bool) -> None:
        self.annotation = annotation
        self.is_prose = is_prose

    def items(self) -> _Shape:
        return _item_shape(self.annotation)


@functools.cache
def _item_shape(annotation: Any) -> _Shape:
    inner = item_type(annotation)
    return _Shape(inner, has_marker(inner, PROSE))


@functools.cache
def _plan(model: type[BaseModel]) -> tuple[tuple[str, _Shape], ...]:
    return tuple(
        (
            name,
            _Shape(
                field.annotation, PROSE in field.metadata or has_marker(field.annotation, PROSE)
            ),
        )
        for name, field in model.model_fields.items()
    )
