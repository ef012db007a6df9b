"""Walks through a pilot's models that carry each value's YAML path, so rules need no
hand-built paths.

- ``texts``: every string, with whether it is running text (prose). Prose is what the model's
  metadata says (``Meta(prose=True)`` on the field or in its type; ``Text`` sets it). A code
  from a fixed list (an enum's member: ``body: municipal_council``) is no text: nobody
  writes it in a written standard, and the schema has already checked it.
- ``objects``: every object of one model class (every ``Measure`` of a plan, every
  ``Treatment``), with its path.
- ``references``: every id in a field whose ``Meta.ref`` is set, with what it refers to.

Each walk is planned once per model class, so looking through a plan costs no type
introspection per value.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

from pydantic import BaseModel

from bygdevekst_cli.annotations import item_type, strip_optional
from bygdevekst_cli.findings import YamlPath
from bygdevekst_cli.models.meta import Meta, Ref, field_meta
from bygdevekst_cli.types import PROSE

TextEntry = tuple[YamlPath, str, bool]
T = TypeVar("T", bound=BaseModel)


# --- texts ---------------------------------------------------------------------------------


def texts(model: BaseModel) -> list[TextEntry]:
    """``(path, text, is_prose)`` for every string in ``model``, in document order."""
    found: list[TextEntry] = []
    _model(model, (), found)
    return found


def _model(model: BaseModel, path: YamlPath, found: list[TextEntry]) -> None:
    for name, shape in _plan(type(model)):
        value = getattr(model, name)
        if value is None:
            continue
        if isinstance(value, str):  # the common case of ``_value``, without a call
            found.append(((*path, name), value, shape.is_prose))
        else:
            _value(value, shape, (*path, name), found)


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


def is_prose(annotation: Any, metadata: list[Any] | tuple[Any, ...] = ()) -> bool:
    """Whether a field (its metadata, or the ``Annotated`` type it has) is marked as prose."""
    import typing

    marks = list(metadata)
    inner = strip_optional(annotation)
    while typing.get_origin(inner) is typing.Annotated:
        args = typing.get_args(inner)
        marks.extend(args[1:])
        inner = strip_optional(args[0])
    # PROSE is the older marker of ``Text``; it goes when ``Text`` carries Meta(prose=True).
    return any((isinstance(m, Meta) and m.prose) or m is PROSE for m in marks)


class _Shape:
    """What a field's annotation says about the strings under it (computed once)."""

    __slots__ = ("_items", "annotation", "is_prose")

    def __init__(self, annotation: Any, is_prose: bool) -> None:
        self.annotation = annotation
        self.is_prose = is_prose
        self._items: _Shape | None = None

    def items(self) -> _Shape:
        """The shape of the items (kept: hashing an annotation to look it up costs more)."""
        if self._items is None:
            self._items = _item_shape(self.annotation)
        return self._items


@functools.cache
def _item_shape(annotation: Any) -> _Shape:
    inner = item_type(annotation)
    return _Shape(inner, is_prose(inner))


@functools.cache
def _plan(model: type[BaseModel]) -> tuple[tuple[str, _Shape], ...]:
    """The fields of ``model`` that can hold a string, at any depth (the others are never
    looked at: amounts, dates, numbers)."""
    metas = field_meta(model)
    return tuple(
        (
            name,
            _Shape(
                field.annotation, metas[name].prose or is_prose(field.annotation, field.metadata)
            ),
        )
        for name, field in model.model_fields.items()
        if _may_hold_text(field.annotation)
    )


#: Types whose values are never a string and hold none.
_NO_TEXT: tuple[type, ...] = (int, float, dt.date, dt.time, type(None))


def _may_hold_text(annotation: Any, seen: frozenset[type[BaseModel]] = frozenset()) -> bool:
    """Whether a value of this annotation can be, or hold where ``texts`` walks (model
    fields, list items, dict values), a string. Anything it cannot tell counts as yes."""
    import types
    import typing

    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _may_hold_text(args[0], seen)
    if origin in (typing.Union, types.UnionType):
        return any(_may_hold_text(arg, seen) for arg in args)
    if origin is typing.Literal:
        return any(isinstance(arg, str) for arg in args)
    if origin in (list, tuple) and args:
        return any(_may_hold_text(arg, seen) for arg in args if arg is not Ellipsis)
    if origin is dict and len(args) == 2:
        return _may_hold_text(args[1], seen)
    if origin is None and isinstance(annotation, type):
        if issubclass(annotation, enum.Enum):  # a code (``StrEnum`` is a ``str`` too)
            return False
        if issubclass(annotation, str):
            return True
        if issubclass(annotation, BaseModel):
            if annotation in seen:
                return True  # a model that holds itself: decided where it was entered
            inner = seen | {annotation}
            return any(
                _may_hold_text(f.annotation, inner) for f in annotation.model_fields.values()
            )
        if issubclass(annotation, _NO_TEXT):
            return False
    return True


# --- objects -------------------------------------------------------------------------------


def _model_classes(annotation: Any) -> frozenset[type[BaseModel]]:
    """The model classes a field's annotation can hold, at any depth of lists and maps."""
    import typing

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return frozenset({annotation})
    found: set[type[BaseModel]] = set()
    for arg in typing.get_args(annotation):
        found |= _model_classes(arg)
    return frozenset(found)


@functools.cache
def _reachable(model: type[BaseModel]) -> frozenset[type[BaseModel]]:
    """Every model class that can stand anywhere inside ``model``."""
    seen: set[type[BaseModel]] = set()
    todo = [model]
    while todo:
        for field in todo.pop().model_fields.values():
            for cls in _model_classes(field.annotation) - seen:
                seen.add(cls)
                todo.append(cls)
    return frozenset(seen)


@functools.cache
def _fields_towards(model: type[BaseModel], wanted: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``model`` under which an object of class ``wanted`` can stand."""
    return tuple(
        name
        for name, field in model.model_fields.items()
        if any(
            issubclass(cls, wanted) or wanted in _reachable(cls)
            for cls in _model_classes(field.annotation)
        )
    )


def objects(model: BaseModel, kind: type[T]) -> list[tuple[YamlPath, T]]:
    """Every object of class ``kind`` inside ``model`` (not ``model`` itself), with its path,
    in document order: ``objects(plan, Measure)`` → ``[(("measures", 0), measure), ...]``.
    Only fields whose type can hold one are entered (planned once per class)."""
    found: list[tuple[YamlPath, Any]] = []
    _objects(model, kind, (), found)
    return found


def _objects(value: Any, kind: type[BaseModel], path: YamlPath, found: list[Any]) -> None:
    if isinstance(value, BaseModel):
        for name in _fields_towards(type(value), kind):
            child = getattr(value, name)
            if isinstance(child, kind):
                found.append(((*path, name), child))
            _objects(child, kind, (*path, name), found)
        return
    if isinstance(value, list):
        items: Any = enumerate(value)
    elif isinstance(value, dict):
        items = value.items()
    else:
        return
    for key, item in items:
        if isinstance(item, kind):
            found.append(((*path, key), item))
        _objects(item, kind, (*path, key), found)


# --- references ----------------------------------------------------------------------------


class Reference(NamedTuple):
    """One id a field refers to, where it stands, and what it must name (a named tuple:
    a plan has dozens, and a frozen dataclass costs some five times as much to build)."""

    path: YamlPath
    value: str | int
    ref: Ref
    key: bool = False
    """The id is a map's key (``local_assessment: {fyresdal: ...}``): point at the key."""


RefOf = Callable[[type[BaseModel], str], Ref | None]


def ref_from_meta(model: type[BaseModel], name: str) -> Ref | None:
    return field_meta(model)[name].ref


def references(model: BaseModel, ref_of: RefOf = ref_from_meta) -> list[Reference]:
    """Every id in a field whose metadata says it refers to something, in document order."""
    found: list[Reference] = []
    _references(model, (), ref_of, found)
    return found


@functools.cache
def _has_refs(model: type[BaseModel], ref_of: RefOf) -> bool:
    return any(
        ref_of(cls, name) for cls in (model, *_reachable(model)) for name in cls.model_fields
    )


@functools.cache
def _ref_plan(model: type[BaseModel], ref_of: RefOf) -> tuple[tuple[str, Ref | None], ...]:
    """The fields to look at: those with a ref, and those that can hold one further down."""
    plan = []
    for name, field in model.model_fields.items():
        ref = ref_of(model, name)
        if ref is not None or any(_has_refs(c, ref_of) for c in _model_classes(field.annotation)):
            plan.append((name, ref))
    return tuple(plan)


def _references(value: Any, path: YamlPath, ref_of: RefOf, found: list[Reference]) -> None:
    if isinstance(value, BaseModel):
        for name, ref in _ref_plan(type(value), ref_of):
            child = getattr(value, name)
            where = (*path, name)
            if ref is not None:
                _ids(child, where, ref, found)
            else:
                _references(child, where, ref_of, found)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _references(item, (*path, i), ref_of, found)
    elif isinstance(value, dict):
        for key, item in value.items():
            _references(item, (*path, key), ref_of, found)


#: What an id can be (a tuple: ``str | int`` would build a union at every id).
_ID_TYPES = (str, int)


def _ids(value: Any, path: YamlPath, ref: Ref, found: list[Reference]) -> None:
    if isinstance(value, _ID_TYPES) and not isinstance(value, bool):
        found.append(Reference(path, value, ref))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if type(item) is str:  # the common case, without a call
                found.append(Reference(path + (i,), item, ref))
            else:
                _ids(item, path + (i,), ref, found)
    elif isinstance(value, dict):
        found.extend(Reference(path + (key,), key, ref, key=True) for key in value)


# --- all three in one walk -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Walked:
    """What ``texts``, ``objects(model, BaseModel)`` and ``references`` give, from one walk."""

    texts: list[TextEntry]
    objects: list[tuple[YamlPath, BaseModel]]
    references: list[Reference]


def walk(model: BaseModel) -> Walked:
    """Every string, every object and every reference of ``model`` in one walk: each list
    is what its own walk gives (the same fields entered, the same document order)."""
    walked = Walked([], [], [])
    _walk_model(model, (), True, walked)
    return walked


_FieldPlan = tuple[str, tuple[str], _Shape | None, Ref | None, bool, bool]
"""A field: its name, the one-item tuple a path under it adds, its text shape (None: holds
no string), the reference it holds (if any), whether the references walk looks below it
(not below an id field, nor where no id can stand), and whether objects can stand in it."""


def _walk_plan(model: type[BaseModel]) -> tuple[_FieldPlan, ...]:
    """Worked out once per class: ``_walk_model`` keeps it in ``_PLANS``."""
    text_shapes = dict(_plan(model))
    ref_fields = dict(_ref_plan(model, ref_from_meta))
    object_fields = set(_fields_towards(model, BaseModel))
    return tuple(
        (
            name,
            (name,),
            text_shapes.get(name),
            ref_fields.get(name),
            name in ref_fields and ref_fields[name] is None,
            name in object_fields,
        )
        for name in model.model_fields
        if name in text_shapes or name in ref_fields or name in object_fields
    )


#: Each class's ``_walk_plan``, by its exact class: a dict look-up, and the test that an
#: item of a list or map is an object of a class walked before.
_PLANS: dict[type[BaseModel], tuple[_FieldPlan, ...]] = {}

#: Types of values with nothing below them to walk (an id of one of them is read before
#: this is asked): looked up by exact type, one test instead of three ``isinstance``.
_LEAVES: frozenset[type] = frozenset({int, float, bool, dt.date, dt.datetime, dt.time})


def _walk_model(model: BaseModel, path: YamlPath, refs: bool, walked: Walked) -> None:
    """One object's fields. A path is built only for what is found or entered, as the
    parent's plus the field's one-item tuple (one tuple made, not a list and a tuple).
    A field's value is read from the instance's ``__dict__``, where pydantic keeps every
    declared field: a dict look-up, cheaper than ``getattr``'s search of the class first."""
    cls = type(model)
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = _walk_plan(cls)
    fields = model.__dict__
    for name, step, shape, ref, refs_below, holds_objects in plan:
        value = fields[name]
        if value is None:
            continue
        if ref is not None and refs:
            if type(value) is str:  # the common case of ``_ids``, without a call
                walked.references.append(Reference(path + step, value, ref))
            else:
                _ids(value, path + step, ref, walked.references)
        kind = type(value)
        if kind is str:
            if shape is not None:
                walked.texts.append((path + step, value, shape.is_prose))
        elif kind is list or kind is dict:
            if value:  # an empty list or map holds nothing to find
                below = refs and refs_below
                _walk_items(value, path + step, shape, below, holds_objects, walked)
        elif kind not in _LEAVES:
            below = refs and refs_below
            _walk_value(value, path + step, shape, below, holds_objects, walked)


def _walk_value(
    value: Any,
    path: YamlPath,
    shape: _Shape | None,
    refs: bool,
    holds_objects: bool,
    walked: Walked,
) -> None:
    """The general case of a value that is not None, a leaf or a plain string
    (``_walk_model`` and ``_walk_items`` settle those, and the common other cases): an
    enum's member, a list, a map, an object, or anything else."""
    if isinstance(value, str):
        if shape is not None:
            walked.texts.append((path, value, shape.is_prose))
    elif isinstance(value, _COLLECTIONS):
        _walk_items(value, path, shape, refs, holds_objects, walked)
    elif isinstance(value, BaseModel):
        if holds_objects:
            walked.objects.append((path, value))
        _walk_model(value, path, refs, walked)


#: A list or a map (a tuple: ``list | dict`` would build a union at every value).
_COLLECTIONS = (list, dict)


def _walk_items(
    value: list[Any] | dict[Any, Any],
    path: YamlPath,
    shape: _Shape | None,
    refs: bool,
    holds_objects: bool,
    walked: Walked,
) -> None:
    """The items of a list or a map: texts, objects, and what they hold. An object of a
    class walked before goes straight to ``_walk_model`` (known by its exact class, the
    common case); what is neither that nor a string or a leaf, to ``_walk_value``."""
    items: Any = enumerate(value) if isinstance(value, list) else value.items()
    inner = shape.items() if shape is not None else None
    for key, item in items:
        kind = type(item)
        if kind is str:
            if inner is not None:
                walked.texts.append((path + (key,), item, inner.is_prose))
        elif item is None or kind in _LEAVES:
            continue
        elif kind in _PLANS:
            here = path + (key,)
            if holds_objects:
                walked.objects.append((here, item))
            _walk_model(item, here, refs, walked)
        elif (kind is list or kind is dict) and not item:
            continue  # an empty list or map: nothing to find below
        else:
            _walk_value(item, path + (key,), inner, refs, holds_objects, walked)
