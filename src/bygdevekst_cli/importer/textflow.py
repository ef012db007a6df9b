"""Plain text (as exported from Word or a PDF) into blocks: paragraphs re-flowed.

Exported text breaks every line at the page width, and marks paragraphs in one of two
ways: a blank line between paragraphs, or (in "double-spaced" exports, where every line
is followed by an empty one) a line holding only spaces. Page breaks leave stray breaks
inside paragraphs; a paragraph that goes on in lower case after a break without a full
stop is joined again. A line that is much shorter than the page, ends a sentence and is
followed by a capital is the end of a paragraph too.

Word-processor residue is not content: a reviewer's comment (``Kommentert [AB1]: …``,
with its continuation lines) becomes an open point; ``formaterte: …`` lines are dropped.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from bygdevekst_cli.importer import matching
from bygdevekst_cli.importer.blocks import Block, Kind
from bygdevekst_cli.importer.headings import is_signatures, listed_goal, looks_like_heading

_COMMENT = matching.pattern("textflow.comment")
_FORMATTING = matching.pattern("textflow.formatting")
_PAGE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
_TOC_ENTRY = re.compile(r"^(?P<title>.*?\S)(?:\s*[.…·_]{3,}\s*|\s+)(?P<page>\d{1,3})\s*$")
_TOC_TITLE = matching.pattern("textflow.toc_title")
BULLET_MARKS = "•·▪◦‣●○-–*"
_BULLET = re.compile(rf"^\s*[{re.escape(BULLET_MARKS)}]\s+(?=\S)")
_SENTENCE_END = re.compile(r"[.!?:;»)\]]\s*$")
_RUNS_ON = matching.pattern("textflow.runs_on")
_COMPOUND_JOIN = matching.pattern("textflow.compound_join")
_DOUBLE_SPACED_SHARE = 0.8
_SHORT_LINE = 0.85
"""A line ends its paragraph when the next word would have fitted on it with room to spare.

Word and PDF exports break lines by rendered width, not characters, so only a clearly
short line counts (a paragraph wrongly joined loses nothing; one wrongly split reads badly)."""
_BREAK = "break"


@dataclass
class _Line:
    text: str
    number: int
    indented: bool


def blocks_from_text(text: str) -> tuple[list[Block], Counter[str]]:
    """Blocks of a plain-text agreement, and the residue lines dropped (by kind)."""
    raw = [line.replace("\u00a0", " ").replace("\t", " ").rstrip() for line in text.split("\n")]
    dropped: Counter[str] = Counter()
    items = _items(raw, _double_spaced(raw), dropped)
    width = _page_width(items)
    blocks = _assemble(items, width)
    return merge_continuations(blocks), dropped


def _double_spaced(lines: list[str]) -> bool:
    """Every text line followed by an empty one: empty lines only separate lines."""
    text_lines = [i for i, line in enumerate(lines[:-1]) if line.strip()]
    if len(text_lines) < 10:
        return False
    followed = sum(1 for i in text_lines if lines[i + 1] == "")
    return followed / len(text_lines) >= _DOUBLE_SPACED_SHARE


def _items(lines: list[str], double: bool, dropped: Counter[str]) -> list[_Line | str]:
    """Lines and paragraph breaks, residue removed; empty lines resolved by the mode."""
    items: list[_Line | str] = []
    empties = 0
    for number, line in enumerate(lines, start=1):
        if line == "":
            empties += 1
            if not double or empties == 2:
                items.append(_BREAK)
            continue
        empties = 0
        if not line.strip():
            items.append(_BREAK)
        elif _FORMATTING.match(line):
            dropped[line.split(":")[0].strip().lower()] += 1
        elif _toc_line(line):
            dropped["toc"] += 1
        elif not _PAGE_NUMBER.match(line):
            items.append(_Line(line.strip(), number, line.startswith(" ")))
    return items


def _toc_line(line: str) -> bool:
    """A line of a table of contents: a heading followed by its page number, or its title."""
    if _TOC_TITLE.match(line):
        return True
    entry = _TOC_ENTRY.match(line.strip())
    return entry is not None and looks_like_heading(entry["title"])


def _page_width(items: list[_Line | str]) -> int:
    lengths = sorted(len(item.text) for item in items if isinstance(item, _Line))
    if not lengths:
        return 0
    return int(statistics.quantiles(lengths, n=20)[-1]) if len(lengths) > 20 else lengths[-1]


class _Assembler:
    def __init__(self, width: int) -> None:
        self.width = width
        self.blocks: list[Block] = []
        self.open: Block | None = None
        self.last: _Line | None = None
        self.signatures = False

    def close(self) -> None:
        self.open = None
        self.last = None

    def start(self, kind: Kind, line: _Line, text: str, ref: str | None = None) -> None:
        self.open = Block(kind, text, line.number, ref)
        self.blocks.append(self.open)
        self.last = line

    def add(self, line: _Line) -> None:
        assert self.open is not None
        if self.open.kind is Kind.OPEN_POINT:
            self.open.text = f"{self.open.text} {line.text}".strip()
        else:
            self.open.text = join_lines(self.open.text, line.text)
        self.last = line

    def feed(self, line: _Line) -> None:
        comment = _COMMENT.match(line.text)
        if comment:
            self.start(Kind.OPEN_POINT, line, comment[2].strip(), comment[1])
        elif self.open is not None and self.open.kind is Kind.OPEN_POINT:
            self.add(line)  # a comment runs on to the next break
        elif self.signatures:
            self.start(Kind.LINE, line, line.text)
            self.close()
        elif looks_like_heading(line.text):
            self.start(Kind.HEADING, line, line.text)
            self.signatures = is_signatures(line.text)
            self.close()
        elif _BULLET.match(line.text):
            self.start(Kind.BULLET, line, _BULLET.sub("", line.text))
        elif self.open is None or self._new_paragraph(line):
            self.start(Kind.PARAGRAPH, line, line.text)
        else:
            self.add(line)

    def _new_paragraph(self, line: _Line) -> bool:
        """A line that starts a paragraph although no break precedes it: also a numbered
        list item that can head a sub-goal («2) Fleire arbeidsplassar (vekt 20 %)»), which
        ran into the paragraph above in a text with no blank line of its own before it."""
        if self._bullet_ends(line) or listed_goal(line.text) is not None:
            return True
        if self.last is None or not _SENTENCE_END.search(self.last.text):
            return False
        if not line.text[:1].isupper():
            return False
        first_word = line.text.split()[0]
        fits = len(self.last.text) + 1 + len(first_word) < self.width * _SHORT_LINE
        return line.indented or fits

    def _bullet_ends(self, line: _Line) -> bool:
        """A list item ends where a capitalised line follows a line that does not run on.

        A list item wraps mid-phrase («… på vegne av» / «staten, …»); a line ending in a
        name or a full phrase, followed by a capital, is the next paragraph (an export
        without blank lines)."""
        if self.open is None or self.open.kind is not Kind.BULLET or self.last is None:
            return False
        if not line.text[:1].isupper():
            return False
        return not _RUNS_ON.search(self.last.text)


def _assemble(items: list[_Line | str], width: int) -> list[Block]:
    assembler = _Assembler(width)
    for item in items:
        if isinstance(item, str):
            assembler.close()
        else:
            assembler.feed(item)
    return [b for b in assembler.blocks if b.text.strip() or b.kind is Kind.OPEN_POINT]


def join_lines(first: str, second: str) -> str:
    """Join two lines of one paragraph, undoing hyphenation at the line end."""
    first, second = first.rstrip(), second.strip()
    if not first:
        return second
    if re.search(r"[^\W\d_]-$", first) and not _COMPOUND_JOIN.match(second):
        return first + second
    if re.search(r"\d[–—-]$", first) and second[:1].isdigit():
        return first + second
    return f"{first} {second}"


def merge_continuations(blocks: list[Block]) -> list[Block]:
    """Join a paragraph that goes on in lower case to the text before it (page breaks).

    Open points found in between do not stop the join; they are kept after the joined text.
    """
    result: list[Block] = []
    pending: list[Block] = []
    for block in blocks:
        if block.kind is Kind.OPEN_POINT:
            pending.append(block)
            continue
        target = next((b for b in reversed(result) if b.kind is not Kind.OPEN_POINT), None)
        if target is not None and _continues(target, block):
            target.text = join_lines(target.text, block.text)
        else:
            result.extend(pending)
            pending = []
            result.append(block)
            continue
        result.extend(pending)
        pending = []
    result.extend(pending)
    return result


def _continues(before: Block, block: Block) -> bool:
    return (
        block.kind is Kind.PARAGRAPH
        and before.kind in (Kind.PARAGRAPH, Kind.BULLET)
        and block.text[:1].islower()
        and not _SENTENCE_END.search(before.text)
    )
