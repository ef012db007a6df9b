"""Many versions of one plan, read fast: each top-level block and each measure once.

A plan's history is hundreds of versions of one file that differ by a line or two, and
reading a 10 KB plan whole costs about a millisecond. Here a version is cut at its
top-level keys and, inside ``measures``, at each measure, and each measure at its fields;
each distinct piece is parsed (by the same loader, with the same refusals) and each
distinct measure validated once, and the plan is put together from the pieces. An
unchanged measure is then the very same object in both versions, so the diff passes over
it at once; a changed one reads again only the fields whose text changed.

Every piece keeps the line break that ends it, so that a block scalar (``|``) at the end
of a piece reads as it does in the whole file.

Anything out of the ordinary (a directive, a document marker, a key twice, a piece that
does not read or validate on its own) gives None: the caller then reads the file whole,
with the findings and line numbers of ``pilotset.read_document``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bygdevekst_cli.loader import BOM, MAX_BYTES, load_yaml_bytes
from bygdevekst_cli.models import ActionPlan
from bygdevekst_cli.models.plan import Measure

MEASURES = "measures"
# Each pattern starts with the newline before the line it looks for: re finds a literal
# prefix several times faster than a line start (``^``), and a plan has hundreds of lines.
_TOP_KEY = re.compile(r"\n(?=[A-Za-z_][A-Za-z0-9_-]*:(?: |\r?$))", re.MULTILINE)
_MARKER = re.compile(r"\n(?:---|\.\.\.|%)")
_ITEM = re.compile(r"^( *)- ", re.MULTILINE)
_FIRST_KEY = re.compile(r"( *)- (?=[A-Za-z_][A-Za-z0-9_-]*:(?: |\r?\n))")
_SOURCE = Path("plan.yaml")
_FINDINGS_LANGUAGE = "nb"


@dataclass
class PlanPieces:
    """Parses plan versions, remembering every piece it has read."""

    blocks: dict[str, Any] = field(default_factory=dict)
    """A top-level block's text → its value (None: it did not read on its own)."""
    measures: dict[str, Measure | None] = field(default_factory=dict)
    """A measure's text → the validated measure (None: it did not read or validate)."""
    fields: dict[str, tuple[str, Any] | None] = field(default_factory=dict)
    """A measure field's text → ``(key, value)`` (None: it did not read on its own)."""

    def parse(self, raw: bytes) -> ActionPlan | None:
        """The plan ``raw`` holds, or None when it must be read whole."""
        if len(raw) > MAX_BYTES:  # the whole-file reader refuses it: so must we
            return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return None
        blocks = split_top_level(text)
        if blocks is None:
            return None
        data: dict[str, Any] = {}
        for key, block in blocks:
            value = self._measures(block) if key == MEASURES else self._block(key, block)
            if value is None:
                return None
            data[key] = value
        try:
            return ActionPlan.model_validate(data)
        except ValidationError:
            return None

    def _block(self, key: str, block: str) -> Any:
        if block not in self.blocks:
            loaded = _load(block)
            value = loaded.get(key) if loaded is not None and len(loaded) == 1 else None
            self.blocks[block] = value
        return self.blocks[block]

    def _measures(self, block: str) -> list[Measure] | None:
        items = split_items(block)
        if items is None:
            value = self._block(MEASURES, block)
            return value if value == [] else None
        found = []
        for item in items:
            if item not in self.measures:
                self.measures[item] = self._measure(item)
            measure = self.measures[item]
            if measure is None:
                return None
            found.append(measure)
        return found

    def _measure(self, item: str) -> Measure | None:
        """The measure ``item`` holds, put together from its fields when they read on
        their own (else read whole)."""
        fields = split_fields(item)
        if fields is None:
            return _measure(item)
        data: dict[str, Any] = {}
        for text in fields:
            if text not in self.fields:
                self.fields[text] = _field(text)
            read = self.fields[text]
            if read is None:
                return _measure(item)
            data[read[0]] = read[1]
        try:
            return Measure.model_validate(data)
        except ValidationError:
            return None


def split_top_level(text: str) -> list[tuple[str, str]] | None:
    """``(key, block)`` for each top-level key, the block with its key line; None when the
    file is not a plain block mapping (or uses a key twice)."""
    text = "\n" + text
    if text.startswith("\n" + BOM) or _MARKER.search(text):
        return None
    head, *blocks = _TOP_KEY.split(text)
    if not blocks or not _only_comments(head):
        return None
    keys = [block.split(":", 1)[0] for block in blocks]
    if len(set(keys)) != len(keys):
        return None
    return list(zip(keys, _with_line_ends(blocks), strict=True))


def split_items(block: str) -> list[str] | None:
    """The measures of a ``measures:`` block, each as the text of its list item; None when
    the block is not a plain block sequence."""
    header, _, body = block.partition("\n")
    first = _ITEM.search(body)
    if header.rstrip() != f"{MEASURES}:" or first is None:
        return None
    if not _only_comments(body[: first.start()]):
        return None
    return _with_line_ends(_item_starts(first[1]).split("\n" + body[first.start() :])[1:])


def split_fields(item: str) -> list[str] | None:
    """A measure's fields, each as the text of its key and value, indented as in the file;
    None when the item is not a plain block mapping that starts on the dash's line."""
    start = _FIRST_KEY.match(item)
    if start is None:
        return None
    indent = start[1] + "  "
    mapping = indent + item[start.end() :]  # the dash as the spaces it stands for
    fields = _with_line_ends(_field_starts(indent).split(mapping))
    keys = [text.split(":", 1)[0] for text in fields]
    if len(set(keys)) != len(keys):
        return None
    return fields


def _with_line_ends(pieces: list[str]) -> list[str]:
    """Pieces split at the line break before each: the break given back to each piece
    but the last (which ends where the text did)."""
    return [piece + "\n" for piece in pieces[:-1]] + pieces[-1:]


@functools.cache
def _item_starts(indent: str) -> re.Pattern[str]:
    return re.compile(f"\n(?={indent}- )")


@functools.cache
def _field_starts(indent: str) -> re.Pattern[str]:
    return re.compile(f"\n(?={indent}[A-Za-z_][A-Za-z0-9_-]*:(?: |\r?$))", re.MULTILINE)


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def _load(text: str) -> dict[str, Any] | None:
    # A piece's findings are never shown (any finding sends the file to the whole-file
    # reader), so their language is fixed rather than looked up for every piece.
    loaded = load_yaml_bytes(text.encode("utf-8"), _SOURCE, "", _FINDINGS_LANGUAGE)
    return loaded.data if loaded.data is not None and not loaded.findings else None


def _field(text: str) -> tuple[str, Any] | None:
    """One field of a measure, read as a mapping of its own: ``(key, value)``."""
    loaded = _load(text)
    if loaded is None or len(loaded) != 1:
        return None
    return next(iter(loaded.items()))


def _measure(item: str) -> Measure | None:
    """One list item, read as the only measure of a ``measures:`` block."""
    loaded = _load(f"{MEASURES}:\n{item}")
    values = loaded.get(MEASURES) if loaded is not None else None
    if not isinstance(values, list) or len(values) != 1:
        return None
    try:
        return Measure.model_validate(values[0])
    except ValidationError:
        return None
