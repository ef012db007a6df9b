"""Every text in a pilot's models, with its YAML path and whether it is running text.

Running text is what the pilot writes in its written standard (fields typed ``Text``);
names and ids are text too, but not prose. The walk is planned once per model class, so
looking through a plan's texts costs no type introspection per value.
"""

from __future__ import annotations

import functools
from typing import Any

from pydantic import BaseModel

from bygdevekst_cli.annotations import has_marker, item_type
from bygdevekst_cli.findings import YamlPath
from bygdevekst_cli.types import PROSE

TextEntry = tuple[YamlPath, str, bool]


def texts(model: BaseModel) -> list[TextEntry]:
    """``(path, text, is_prose)`` for every string in ``model``, in document order."""
    found: list[TextEntry] = []
    _model(model, (), found)
    return found


def _model(model: BaseModel, path: YamlPath, found: list[TextEntry]) -> None:
    for name, shape in _plan(type(model)):
        _value(getattr(model, name), shape, (*path, name), found)


def _value(value: Any, shape: _Shape, path: YamlPath, found: list[TextEntry]) -> None:
    # An accumulator, not nested generators: a plan has thousands of values.
    if value is None:
        return
    if isinstance(value, str):
        found.append((path, value, shape.is_prose))
    elif isinstance(value, BaseModel):
        _model(value, path, found)
    elif isinstance(value, list):
        items = shape.items()
        for i, item in enumerate(value):
            _value(item, items, (*path, i), found)
    elif isinstance(value, dict):
        items = shape.items()
        for key, item in value.items():
            _value(item, items, (*path, key), found)


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
