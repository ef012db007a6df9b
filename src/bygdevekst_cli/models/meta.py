"""What each field of the model means to the tool, said once, beside the field.

A field carries a ``Meta`` in its ``Annotated[...]`` type::

    title: Annotated[Text, Meta(compared=True)]
    responsible: Annotated[Id | None, Meta(ref=Ref.PARTY, compared=True)] = None
    change_reason: Annotated[Text | None, Meta(yearly=True)] = None

and the tool's parts read it instead of keeping their own tables: ``diff`` and ``history``
compare the ``compared`` fields (a field left out says why, ``not_compared``), ``plan new``
clears the ``yearly`` ones, the reference rule checks every ``ref``, the text walk reads
``prose`` (the ``Text`` type sets it). The label shown for a field is the catalogue key
``label`` (default ``field.<name>``); a field without a catalogue entry is shown by its name.
An empty ``label`` (``""``) names no field: the entry's own value (a grant's amount is "the
grant").
"""

from __future__ import annotations

import functools
from enum import StrEnum
from typing import Any, NamedTuple

from pydantic import BaseModel


class Ref(StrEnum):
    """What an id in a field refers to."""

    PARTY = "party"
    """A party id from pilot.yaml."""
    PARTY_OR_GROUP = "party_or_group"
    """A party id or a group id from ``organisation.groups``."""
    MUNICIPALITY = "municipality"
    """A party id of kind municipality."""
    SUB_GOAL = "sub_goal"
    """A sub-goal number of the agreement."""
    MEASURE = "measure"
    """A measure id of the same plan."""


class Unit(StrEnum):
    """How a number is shown."""

    KRONER = "kroner"
    PERCENT = "percent"


class Meta(NamedTuple):
    """The tool's view of one field (see the module docstring)."""

    label: str | None = None
    """Catalogue key of the field's label; default ``field.<name>``."""
    compared: bool = False
    """Compared by ``diff`` and ``history``: a difference is a change of the object."""
    not_compared: str | None = None
    """Why a field that is not ``compared`` is left out of ``diff`` and ``history`` on
    purpose (a test requires every field of the files to be compared, a key, or this)."""
    yearly: bool = False
    """Belongs to one plan year: ``plan new`` clears it."""
    ref: Ref | None = None
    """The field holds ids (one or a list or a map's keys) that must resolve."""
    prose: bool = False
    """Running text in the pilot's written standard (checked for it and for placeholders)."""
    key: bool = False
    """Identifies the object in a list (``id``, ``number``): a change path names it. Several
    key fields together identify it (a grant by year and source)."""
    unit: Unit | None = None
    """How a number is shown in a change (``400 000 kr``, ``60 %``)."""


_NONE = Meta()


@functools.cache
def field_meta(model: type[BaseModel]) -> dict[str, Meta]:
    """Every field of ``model`` with its ``Meta`` (an empty one where the field has none)."""
    found: dict[str, Meta] = {}
    for name, info in model.model_fields.items():
        metas = [m for m in info.metadata if isinstance(m, Meta)]
        found[name] = metas[0] if metas else _NONE
    return found


def label_key(name: str, meta: Meta) -> str:
    return meta.label if meta.label is not None else f"field.{name}"


def fields_where(model: type[BaseModel], **wanted: Any) -> list[str]:
    """Names of the fields whose ``Meta`` has every attribute as given."""
    return [
        name
        for name, meta in field_meta(model).items()
        if all(getattr(meta, attribute) == value for attribute, value in wanted.items())
    ]
