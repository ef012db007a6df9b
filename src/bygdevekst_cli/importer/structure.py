"""KDD's template in a list of blocks: chapters, sub-goals, signatures and open points.

Chapters are numbered headings in sequence (``1. Bakgrunn``, ``2. Hovudpartar …``); a
heading the source marks up as one may leave the number out. Sub-goals are headed
``6.1 Delmål 1 Tittel`` (or ``Delmål 1: Tittel``) in sequence; the chapter they stand in
keeps only the text before the first of them. Or they are the rows of a table in that
chapter (``Nr. | Delmål | Vekting | Samarbeidspartar``), their weights and partners read
from their columns. Everything after ``Avtala er signert av`` is the signature table. What
fits nowhere is kept as unplaced, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bygdevekst_cli.importer import matching
from bygdevekst_cli.importer.blocks import Block, Kind
from bygdevekst_cli.importer.headings import (
    GoalHeading,
    chapter_heading,
    goal_heading,
    is_short_title,
    is_signatures,
    listed_goal,
)
from bygdevekst_cli.models.agreement import ChapterKind

_SIGNATURE_TABLE = re.compile(r"(?i)^(avtalepart|signatur|underskrift|part)\b")
_GOAL_COLUMNS = matching.patterns("goal_table.headers")
_GOAL_NUMBER = matching.pattern("goal_table.number")


@dataclass
class ChapterPart:
    number: str
    title: str
    kind: ChapterKind | None
    blocks: list[Block] = field(default_factory=list)
    line: int | None = None


@dataclass
class GoalPart:
    number: int
    section: str | None
    title: str
    blocks: list[Block] = field(default_factory=list)
    line: int | None = None
    facts: list[Block] = field(default_factory=list)
    """Lines its weight and partners are read from that are not its text (a table's
    columns, as ``goal_table.weight_line`` and ``partners_line`` word them)."""


@dataclass
class OpenPointPart:
    ref: str | None
    chapter: str | None
    text: str
    author: str | None = None
    date: str | None = None
    line: int | None = None


@dataclass
class Parsed:
    preamble: list[Block] = field(default_factory=list)
    chapters: list[ChapterPart] = field(default_factory=list)
    goals: list[GoalPart] = field(default_factory=list)
    signatures: list[Block] = field(default_factory=list)
    open_points: list[OpenPointPart] = field(default_factory=list)
    stray_headings: list[Block] = field(default_factory=list)
    """Headings that look like a chapter or sub-goal but head nothing (out of sequence)."""

    def chapter(self, kind: ChapterKind) -> ChapterPart | None:
        return next((c for c in self.chapters if c.kind is kind), None)


class _Reader:
    def __init__(self, *, listed: bool = False, tabled: bool = False) -> None:
        self.listed = listed
        self.tabled = tabled
        """Whether a table in the chapter of the sub-goals with a header row of theirs
        (``_goal_columns``) gives them."""
        """Whether a numbered list item in the chapter of the sub-goals may head one."""
        self.parsed = Parsed()
        self.target: list[Block] = self.parsed.preamble
        self.in_signatures = False
        self.untitled: GoalPart | None = None
        """A sub-goal headed «Delmål 1» alone, whose title may be the next block."""
        self.goal_table: dict[str, int] | None = None
        """While in a table of the sub-goals: its columns (``_goal_columns``)."""

    @property
    def current_chapter(self) -> ChapterPart | None:
        return self.parsed.chapters[-1] if self.parsed.chapters else None

    def feed(self, block: Block) -> None:
        untitled, self.untitled = self.untitled, None
        if untitled is not None and block.kind is not Kind.OPEN_POINT and _title(block):
            untitled.title = block.text
            return
        if self.goal_table is not None and block.kind is not Kind.OPEN_POINT:
            if block.cells:
                self._goal_row(block, self.goal_table)
                return
            self.goal_table = None  # what follows the table is the chapter's text again
            chapter = self.current_chapter
            self.target = chapter.blocks if chapter is not None else self.parsed.preamble
        if block.kind is Kind.OPEN_POINT:
            chapter = self.current_chapter
            number = chapter.number if chapter is not None else None
            self.parsed.open_points.append(
                OpenPointPart(block.ref, number, block.text, block.author, block.date, block.line)
            )
        elif self.in_signatures:
            self.parsed.signatures.append(block)
        elif (
            (block.kind is Kind.HEADING and self._heading(block))
            or (self.listed and self._listed_goal(block))
            or (self.tabled and bool(block.cells) and self._goal_table_head(block))
        ):
            return
        elif block.kind is not Kind.HEADING and is_signatures(block.text):
            self.in_signatures = True
        elif block.cells and _SIGNATURE_TABLE.match(block.cells[0]) and self.parsed.goals:
            self.in_signatures = True
            self.parsed.signatures.append(block)
        elif block.kind is Kind.HEADING and block.plain is not None:
            self.target.append(block.plain)
        else:
            chapter = self.current_chapter
            if block.kind is Kind.HEADING and _stray(block, chapter.number if chapter else None):
                self.parsed.stray_headings.append(block)
            self.target.append(block)

    def _heading(self, block: Block) -> bool:
        """Start what the heading heads; False when it heads nothing we know."""
        if is_signatures(block.text):
            self.in_signatures = True
            return True
        return self._goal(block) or self._chapter(block)

    def _goal(self, block: Block) -> bool:
        goal = goal_heading(block.text)
        chapter = self.current_chapter
        if goal is None or chapter is None or goal.number != len(self.parsed.goals) + 1:
            return False
        named = "delm" in block.text.lower()
        in_table = bool(block.cells)  # a table's row: only where the sub-goals stand
        if (in_table or not named) and chapter.kind is not ChapterKind.SUB_GOALS:
            return False
        self._start_goal(goal, block)
        return True

    def _listed_goal(self, block: Block) -> bool:
        """Start the next sub-goal at a numbered list item of the chapter of the sub-goals
        (``listed_goal``); not at a table's row. An item numbered past the next sub-goal is
        kept as text and reported as a stray heading, as a «Delmål» heading out of sequence
        is; one numbered before it is a list of a sub-goal's own text."""
        chapter = self.current_chapter
        if chapter is None or chapter.kind is not ChapterKind.SUB_GOALS or block.cells:
            return False
        if block.kind not in (Kind.HEADING, Kind.PARAGRAPH):
            return False
        goal = listed_goal(block.text)
        expected = len(self.parsed.goals) + 1
        if goal is None or goal.number < expected:  # a list of its own in a sub-goal's text
            return False
        if goal.number > expected:  # a sub-goal skipped: said, as «Delmål 4» after 2 is
            self.parsed.stray_headings.append(block)
            self.target.append(block.plain or block)
            return True
        self._start_goal(goal, block)
        return True

    def _goal_table_head(self, block: Block) -> bool:
        """Start a table of the sub-goals at its header row: in the chapter of the
        sub-goals, before any sub-goal."""
        chapter = self.current_chapter
        if chapter is None or chapter.kind is not ChapterKind.SUB_GOALS or self.parsed.goals:
            return False
        self.goal_table = _goal_columns(block.cells)
        return self.goal_table is not None

    def _goal_row(self, block: Block, columns: dict[str, int]) -> None:
        """A row of the table of the sub-goals: the next sub-goal, numbered by its number
        column (or in sequence), titled by its title column («Delmål 2: Tittel» read as a
        heading is), its weight and partners from theirs, the other columns its text. A row
        numbered out of sequence is kept as text and said, as a heading out of sequence is."""
        cells = {name: _cell(block, index) for name, index in columns.items()}
        title = " ".join(cells.get("title", ()))
        if not title:
            self.target.append(block)  # a spacer row, or one that continues the text
            return
        expected = len(self.parsed.goals) + 1
        heading = goal_heading(title)
        number = heading.number if heading is not None and not heading.title_follows else None
        if heading is not None and heading.title:
            title = heading.title
        written = _GOAL_NUMBER.search(" ".join(cells.get("number", ())))
        if written is not None:
            number = int(written[1])
        if (number or expected) != expected:
            self.parsed.stray_headings.append(block)
            self.target.append(block)
            return
        part = GoalPart(expected, None, title, line=block.line)
        if weight := " ".join(cells.get("weight", ())):
            part.facts.append(_fact("weight_line", block, weight=weight))
        if names := ", ".join(n.rstrip(",;") for n in cells.get("partners", ())):
            part.facts.append(_fact("partners_line", block, names=names))
        shown = set(columns.values())
        for index, text in enumerate(block.cells):
            if index not in shown and text:
                part.blocks.append(Block(Kind.PARAGRAPH, text, block.line))
        self.parsed.goals.append(part)
        self.target = part.blocks

    def _start_goal(self, goal: GoalHeading, block: Block) -> None:
        part = GoalPart(goal.number, goal.section, goal.title, line=block.line)
        self.parsed.goals.append(part)
        self.target = part.blocks
        if goal.title_follows:
            self.untitled = part

    def _chapter(self, block: Block) -> bool:
        heading = chapter_heading(block.text, marked=block.marked)
        expected = len(self.parsed.chapters) + 1
        if heading is None:
            return False
        if heading.number is not None and int(heading.number) != expected:
            return False
        if heading.number is None and heading.kind is None:
            return False
        part = ChapterPart(
            heading.number or str(expected), heading.title, heading.kind, line=block.line
        )
        self.parsed.chapters.append(part)
        self.target = part.blocks
        return True


def _goal_columns(cells: tuple[str, ...]) -> dict[str, int] | None:
    """A table of the sub-goals' columns by what they hold (``goal_table.headers``), from
    what may be its header row; None when the row is not one: no title column, or nothing
    beside it that only such a table has (a number, a weight, the partners)."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        header = " ".join(cell.split()).lower()
        name = next((n for n, p in _GOAL_COLUMNS.items() if p.search(header)), None)
        if name is not None and name not in found:
            found[name] = index
    return found if "title" in found and len(found) > 1 else None


def _cell(block: Block, index: int) -> tuple[str, ...]:
    """A row's cell at ``index``, one line a paragraph (none when the row is shorter)."""
    if index < len(block.cell_lines):
        return block.cell_lines[index]
    if index < len(block.cells) and block.cells[index]:
        return (block.cells[index],)
    return ()


def _fact(key: str, block: Block, **slots: str) -> Block:
    return Block(Kind.PARAGRAPH, matching.text(f"goal_table.{key}", **slots), block.line)


def _title(block: Block) -> bool:
    """Whether a block can be the title of a sub-goal headed «Delmål 1» alone: a short
    line, not a sentence, and not a heading of its own."""
    if block.kind not in (Kind.PARAGRAPH, Kind.HEADING) or block.text.endswith((".", ":")):
        return False
    own = goal_heading(block.text) or chapter_heading(block.text, marked=False)
    return own is None and is_short_title(block.text)


def _stray(block: Block, chapter: str | None) -> bool:
    """A heading with a chapter's number, or a sub-goal's, that heads nothing: out of
    sequence. A numbered section of the chapter it stands in («4.1 …» in 4) is its text."""
    goal = goal_heading(block.text)
    if goal is not None:
        named = "delm" in block.text.lower()
        return named or goal.section is None or goal.section.split(".")[0] != chapter
    heading = chapter_heading(block.text, marked=False)
    return heading is not None and heading.number is not None


def parse(blocks: list[Block]) -> Parsed:
    """The template's parts in ``blocks``. Where no sub-goal is headed as the template
    heads them, a table of the sub-goals in their chapter gives them («Nr. | Delmål |
    Vekting | …»), else a numbered list there («1. Auka bulyst (vekt 30 %)», «Delmål 2: …»,
    «3) …»), as a text export of a Word list has it; a document that heads its sub-goals
    keeps such a table and its numbered lists (a summary before the headings) as text."""
    parsed = _read(blocks)
    if parsed.goals:
        return parsed
    tabled = _read(blocks, tabled=True)
    if tabled.goals:
        return tabled
    listed = _read(blocks, listed=True)
    return listed if listed.goals else parsed


def _read(blocks: list[Block], *, listed: bool = False, tabled: bool = False) -> Parsed:
    reader = _Reader(listed=listed, tabled=tabled)
    for block in blocks:
        reader.feed(block)
    return reader.parsed


def render_text(blocks: list[Block]) -> str:
    """Chapter text as the model wants it: paragraphs apart by a blank line, bullets «- »."""
    parts: list[str] = []
    for block in blocks:
        if block.kind is Kind.BULLET:
            item = f"- {block.text}"
            if parts and parts[-1].startswith("- "):
                parts[-1] = f"{parts[-1]}\n{item}"
            else:
                parts.append(item)
        else:
            parts.append(block.text)
    return "\n\n".join(part.strip() for part in parts if part.strip())
