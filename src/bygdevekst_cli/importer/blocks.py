"""What every source becomes before its structure is read: a list of blocks."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    HEADING = "heading"
    """A heading: marked up as one (Word style, Markdown ``#``) or a line that looks like one."""
    PARAGRAPH = "paragraph"
    BULLET = "bullet"
    LINE = "line"
    """A line kept as it stands (a table's row, the rows of the signature table)."""
    OPEN_POINT = "open_point"
    """A reviewer's comment left in the text by a word processor (``Kommentert [AB1]: …``)."""


class Changes(StrEnum):
    """What to do with tracked changes (insertions and deletions not yet accepted)."""

    ACCEPT = "accept"
    REJECT = "reject"
    FAIL = "fail"


@dataclass
class Block:
    kind: Kind
    text: str
    line: int | None = None
    """Line (or paragraph) in the source where the block starts, for messages."""
    ref: str | None = None
    """An open point's mark in the draft, e.g. ``AB1``."""
    marked: bool = False
    """A heading the source marks up as one (not only a line that looks like one)."""
    cells: tuple[str, ...] = ()
    """A table row's cells (``LINE`` blocks from a table)."""
    cell_lines: tuple[tuple[str, ...], ...] = ()
    """Each cell's paragraphs, one a line (``cells`` has them joined by spaces)."""
    plain: Block | None = None
    """What a heading that heads nothing stands for instead (a numbered list item)."""
    author: str | None = None
    date: str | None = None
    """An open point's author and date (ISO), when the source has them."""


@dataclass(frozen=True)
class DocumentText:
    """A word processor's file (.docx, .odt) read into blocks: what ``Source`` is made of
    before OCR repair, whatever program wrote the file."""

    blocks: list[Block]
    dropped: Counter[str]
    """What was left out, by kind (``toc``, ``footnote``, ``text_box``) → how many."""
    changes: Counter[str]
    """Tracked changes found: ``insertions`` and ``deletions`` → how many."""


@dataclass
class Source:
    """A source file read into blocks, with what reading it dropped or repaired."""

    blocks: list[Block]
    dropped: list[str]
    """Residue that is not content (``formaterte: …`` lines, a table of contents), one entry
    per kind with a count."""
    repairs: dict[tuple[str, str], int]
    """OCR repairs: ``(as scanned, repaired)`` → how often."""
    changes: dict[str, int] = field(default_factory=dict)
    """Tracked changes found: ``insertions`` and ``deletions`` → how many."""
    notices: list[str] = field(default_factory=list)
    """What the user is told about how the file was read (a name that says another kind)."""
