"""The headings of KDD's agreement template, as they appear in Nynorsk and Bokmål texts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bygdevekst_cli.importer import matching, weights
from bygdevekst_cli.importer.blocks import Block, Kind
from bygdevekst_cli.importer.sentences import partners_row
from bygdevekst_cli.models.agreement import ChapterKind

_CHAPTER = matching.pattern("headings.chapter")
_CHAPTER_WORD = matching.pattern("headings.chapter_word")
_UNNUMBERED = matching.pattern("headings.unnumbered")
_GOAL = matching.pattern("headings.goal")
_GOAL_LABEL = matching.pattern("headings.goal_label")
_SECTION = matching.pattern("headings.section")
_GOAL_ITEM = matching.pattern("headings.goal_item")
_SIGNATURES = matching.pattern("headings.signatures")
_MAX_TITLE_WORDS = 14
MAX_EMPHASISED_WORDS = 14
"""A bold or large paragraph this long or shorter may be a heading (Word, OpenDocument)."""
LARGE_POINTS = 14
"""14 pt and more is a heading's size in a body of 11 or 12 pt."""

_KINDS: tuple[tuple[ChapterKind, re.Pattern[str]], ...] = tuple(
    (ChapterKind(kind), pattern) for kind, pattern in matching.patterns("headings.kinds").items()
)


@dataclass(frozen=True)
class ChapterHeading:
    number: str | None
    title: str
    kind: ChapterKind | None


@dataclass(frozen=True)
class GoalHeading:
    number: int
    section: str | None
    title: str
    title_follows: bool = False
    """Only «Delmål 1» stands in the heading: its title may be the next paragraph."""


def chapter_kind(title: str) -> ChapterKind | None:
    return next((kind for kind, pattern in _KINDS if pattern.search(title)), None)


def is_short_title(title: str) -> bool:
    """Whether ``title`` is short enough to be a chapter's or a sub-goal's title."""
    return len(title.split()) <= _MAX_TITLE_WORDS


def chapter_heading(text: str, *, marked: bool) -> ChapterHeading | None:
    """A chapter heading: ``2. Hovudpartar i avtala`` or ``Kapittel 2 Hovudpartar i avtala``
    (a marked-up heading may lack the number)."""
    text = _CHAPTER_WORD.sub(r"\1. ", text.strip(), count=1)
    match = _CHAPTER.match(text)
    if match and is_short_title(match[2]):
        return ChapterHeading(match[1], match[2], chapter_kind(match[2]))
    if marked and (plain := _UNNUMBERED.match(text)) and is_short_title(plain[1]):
        return ChapterHeading(None, plain[1], chapter_kind(plain[1]))
    return None


def goal_heading(text: str) -> GoalHeading | None:
    """``6.1 Delmål 1 Fleire eigna bustader i Vest-Telemark`` (the section number optional)."""
    text = text.strip()
    match = _GOAL.match(text)
    if match and is_short_title(match[3]) and _title_ends(match[3], match[1]):
        return GoalHeading(int(match[2]), match[1], match[3])
    label = _GOAL_LABEL.match(text)
    if label:
        return GoalHeading(int(label[3]), label[1], label[2], title_follows=True)
    section = _SECTION.match(text)
    if section and is_short_title(section[2]) and not section[2].endswith("."):
        return GoalHeading(int(section[1].split(".")[1]), section[1], section[2])
    return None


def listed_goal(text: str) -> GoalHeading | None:
    """``1. Auka bulyst (vekt 30 %)`` or ``2) …``: a numbered list item that can be a
    sub-goal (a short title, not a sentence); only the chapter of the sub-goals has them."""
    match = _GOAL_ITEM.match(text.strip())
    if match and is_short_title(match[2]) and _title_ends(match[2], None):
        return GoalHeading(int(match[1]), None, match[2])
    return None


def _title_ends(title: str, section: str | None) -> bool:
    """Whether a sub-goal's title ends as a heading's does: not with a point, as a sentence
    beginning «Delmål 2 skal …» does, unless the section number leads it («6.3 Delmål 3
    Helse m.m.») or the point is the weight's («– 20 pst.»). Before, such a sub-goal ran
    into the one above without a word."""
    return not title.endswith(".") or bool(section) or weights.ends_with_weight(title)


def named_goal(text: str) -> int | None:
    """The number of a heading that names its sub-goal («Delmål 2: …», «Delmål 2»), as
    a group's heading row in a plan's table does; a section number alone («6.2 …») is not
    one there."""
    text = text.strip()
    match = _GOAL.match(text)
    if match:
        return int(match[2])
    label = _GOAL_LABEL.match(text)
    return int(label[3]) if label else None


def is_signatures(text: str) -> bool:
    return bool(_SIGNATURES.match(text.strip()))


def looks_like_heading(text: str) -> bool:
    """Whether a line of plain text stands for a heading (checked again in context later)."""
    return bool(chapter_heading(text, marked=False) or goal_heading(text) or is_signatures(text))


def table_row(texts: tuple[str, ...], position: int) -> Block | None:
    """A table's row as a block: its cells (each of its paragraphs a line of ``texts``) as
    a line, or, for «6.1 Delmål 1» | «Tittel», a sub-goal's heading laid out in two cells
    (the line where no sub-goal may start), or, for «Samarbeidspartar» | the names one a
    line, the template's sentence «Samarbeidspartar: A, B og C» (read as one line, the
    names would run together into one)."""
    lines = [
        tuple(line for line in (" ".join(part.split()) for part in text.split("\n")) if line)
        for text in texts
    ]
    cells = tuple(" ".join(cell) for cell in lines)
    shown = [c for c in dict.fromkeys(cells) if c]
    if not shown:
        return None
    partners = partners_row(lines)
    if partners is not None:
        return Block(Kind.LINE, partners, position, cells=cells)
    line = Block(Kind.LINE, "   ".join(shown), position, cells=cells, cell_lines=tuple(lines))
    if len(shown) != 2:
        return line
    label, title = shown
    goal = goal_heading(label)
    if goal is None or not goal.title_follows or looks_like_heading(title):
        return line
    if not is_short_title(title) or title.endswith("."):
        return line
    return Block(Kind.HEADING, f"{label} {title}", position, cells=cells, plain=line)
