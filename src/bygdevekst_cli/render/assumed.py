"""Values that are assumed or not known, as the documents show them (issue 10).

A model that may hold assumed values (``models.base.AssumedValues``) names them in its
``assumed`` map with a note. Each document gets one ``Assumptions`` as ``assumed``: printing
a field through it marks an assumed value «(antatt, note 1)» and keeps the note, which the
template prints as the document's numbered notes at its end (``common/party.md.j2``,
``assumed_notes``). A template names the field as an attribute, never as a quoted string
(templates quote only catalogue keys): ``assumed.of(period).end(period.end | date)`` prints
the formatted value, ``assumed.of(phase).start_year()`` the field's own.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

from bygdevekst_cli.language import words
from bygdevekst_cli.models.base import AssumedValues
from bygdevekst_cli.render.environment import shown
from bygdevekst_cli.render.markdown import Md, escape


@runtime_checkable
class Assumes(Protocol):
    """What is not a model but holds assumed values all the same (a sum of entries)."""

    def assumption(self, field: str) -> str | None: ...


_FIELD = object()
"""Marks «print the field's own value» (the default of ``value``)."""


class Assumptions:
    """The assumed values of one document: marks in the text, notes at the end."""

    def __init__(self, language: str) -> None:
        self._words = words(language)
        self.notes: list[str] = []

    def of(self, owner: Any) -> _Fields:
        """``owner``'s fields as markers: ``assumed.of(party).area()``."""
        return _Fields(self, owner)

    def mark(self, owner: Any, field: str, value: Any = _FIELD) -> Md:
        """``value`` (default: the field's own), marked when ``owner`` assumes ``field``.

        A value that already ends with the same mark keeps its one mark: a one-year period
        is its start year marked by both its fields (``common/blocks.md.j2``, ``period``),
        and two fields assumed for one reason are one note.
        """
        printed = shown(getattr(owner, field) if value is _FIELD else value)
        mark = self.note_mark(owner, field)
        if mark is None or printed.endswith(f" {escape(mark)}"):
            return printed
        return Md(f"{printed} {escape(mark)}")

    def note_mark(self, owner: Any, field: str) -> str | None:
        """«(anteke, note 1)» as plain text when ``owner`` assumes ``field`` (its note kept
        for the end of the document), else None."""
        note = owner.assumption(field) if isinstance(owner, AssumedValues | Assumes) else None
        if note is None:
            return None
        if note not in self.notes:
            self.notes.append(note)
        number = self.notes.index(note) + 1
        return self._words("doc.assumed.mark", number=number)


class _Fields:
    """One object's fields, each a marker of its value (see ``Assumptions.of``)."""

    def __init__(self, assumptions: Assumptions, owner: Any) -> None:
        self._assumptions = assumptions
        self._owner = owner

    def __getattr__(self, field: str) -> Callable[..., Md]:
        if field.startswith("_"):
            raise AttributeError(field)
        return functools.partial(self._assumptions.mark, self._owner, field)
