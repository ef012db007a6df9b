"""Markdown as the documents' one intermediate form: escaping data into it, parsing it back.

Templates write Markdown (CommonMark with GFM tables). Every value a template prints is
escaped so that data can never become markup: a measure titled ``# <script>`` stays that
text in every format. Running text from the YAML files (paragraphs split by a blank line,
``- `` bullets, ``1. `` numbered points) is turned into Markdown blocks by ``prose``.

The parsed form is a small tree of blocks and inline spans that the DOCX and PDF converters
walk; the HTML converter renders markdown-it's own tokens.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


class Md(str):
    """Markdown that is already safe: printed by a template as it is."""

    __slots__ = ()


# Characters that are markup anywhere in a line. ``&`` only matters before an entity.
_INLINE = re.compile(r"([\\`*_\[\]<>|~])|&(?=#?\w+;)")
# What starts a block at the beginning of a line: a heading, quote, list item, rule.
_BLOCK_START = re.compile(r"^(?:#{1,6}(?=\s|$)|>|[-+=](?=[\s=-]|$)|\d{1,9}(?=[.)](?:\s|$)))")
# A run of white space, but not a no-break space: it holds an amount («500 000 kr») or a
# percentage together, and a line must never break inside one.
_SPACES = re.compile(r"[^\S\u00a0\u202f]+")


def escape(value: object) -> Md:
    """One line of plain text as Markdown that shows exactly that text, wherever it stands.

    Newlines become spaces (a value never starts a new block), and what would start a
    block at the beginning of a line (``#``, ``-``, ``1.``, ``>``) is escaped.
    """
    if isinstance(value, Md):
        return value
    text = _SPACES.sub(" ", str(value)).strip()
    text = _INLINE.sub(lambda m: "\\" + (m.group(1) or "&"), text)
    match = _BLOCK_START.match(text)
    if match:
        if match.group().isdigit():
            text = f"{text[: match.end()]}\\{text[match.end() :]}"
        else:
            text = f"\\{text}"
    return Md(text)


_BULLET = re.compile(r"^\s*[-•*]\s+")
_NUMBER = re.compile(r"^\s*(\d+)[.)]\s+")


def prose(text: str | None) -> Md:
    """Running text from the YAML as Markdown blocks: paragraphs, bullet and numbered lists.

    A block is a list when every line of it starts with ``- `` (or ``1. ``), a paragraph
    followed by one when its list starts on a later line (``_list_start``); the lines of
    a paragraph are joined, since a line break in YAML is not a break in the document.
    """
    if not text:
        return Md("")
    blocks = [b for b in re.split(r"\n\s*\n", text.strip()) if b.strip()]
    return Md("\n\n".join(_block(b) for b in blocks))


def _block(block: str) -> str:
    return _lines_block([line for line in block.splitlines() if line.strip()])


def _lines_block(lines: list[str]) -> str:
    head, *rest = lines
    start = _list_start(rest) if not (_BULLET.match(head) or _NUMBER.match(head)) else None
    if start is not None:  # a paragraph whose list follows it without a blank line
        paragraph, points = lines[: start + 1], rest[start:]
        return f"{_lines_block(paragraph)}\n\n{_lines_block(points)}"
    if _BULLET.match(head):
        items = _items(lines, _BULLET)
        return "\n".join(f"- {escape(item)}" for item in items)
    numbered = _NUMBER.match(head)
    if numbered:
        items = _items(lines, _NUMBER)
        start = int(numbered.group(1))
        return "\n".join(f"{start + i}. {escape(item)}" for i, item in enumerate(items))
    return escape(" ".join([head, *rest]))


def _list_start(lines: list[str]) -> int | None:
    """Where a list starts among a paragraph's later ``lines``: at the first bullet, or at
    a point numbered 1 (a line that starts with a larger number, «2026. », is taken as the
    paragraph's text wrapped there). «Tiltaket skal:» and its points under it on the next
    lines were one paragraph, its bullets printed as «- » inside it."""
    for n, line in enumerate(lines):
        numbered = _NUMBER.match(line)
        if _BULLET.match(line) or (numbered is not None and numbered.group(1) == "1"):
            return n
    return None


def _items(lines: list[str], marker: re.Pattern[str]) -> list[str]:
    """List items; a line without the marker continues the item before it."""
    items: list[str] = []
    for line in lines:
        if marker.match(line) or not items:
            items.append(marker.sub("", line, count=1))
        else:
            items[-1] += " " + line.strip()
    return items


def cell(text: str | None) -> Md:
    """Running text in one table cell: paragraphs joined, since a cell holds one line."""
    if not text:
        return Md("–")
    return escape(" ".join(p.strip() for p in re.split(r"\n\s*\n", text)))


# ---------------------------------------------------------------------------- parsing


@functools.cache
def parser() -> MarkdownIt:
    """CommonMark with GFM tables; raw HTML off, so ``<script>`` in a value is text."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def parse(markdown: str) -> list[Token]:
    return parser().parse(markdown)


@dataclass(frozen=True)
class Span:
    """A run of inline text with its emphasis; ``text == "\\n"`` is a line break."""

    text: str
    strong: bool = False
    emphasis: bool = False
    lang: str | None = None
    """The language of this run when it differs from the document's (``[text](lang:se)``)."""

    @property
    def is_break(self) -> bool:
        return self.text == "\n"


@dataclass
class Heading:
    level: int
    spans: list[Span]

    @property
    def text(self) -> str:
        return plain(self.spans)


@dataclass
class Paragraph:
    spans: list[Span]


@dataclass
class ListBlock:
    ordered: bool
    start: int
    items: list[list[Block]] = field(default_factory=list)


#: A table of this many rows or fewer is kept on one page (DOCX and PDF): split, a short
#: table leaves its header and a row or two at the foot of a page and its sum on the next.
KEEP_WHOLE_ROWS = 12
#: ... when its rows are short too: the longest cell of each row, summed, at most this many
#: characters. A table of long texts (the status of each measure) kept whole would leave
#: half a page empty before it, or run off a PDF page it cannot fit.
KEEP_WHOLE_CHARACTERS = 600


@dataclass
class Table:
    header: list[list[Span]]
    rows: list[list[list[Span]]]
    align: list[str | None]

    @property
    def kept_whole(self) -> bool:
        """Whether the table is short enough not to be split across pages."""
        if len(self.rows) > KEEP_WHOLE_ROWS:
            return False
        tallest = (max((_length(cell) for cell in row), default=0) for row in self.rows)
        return sum(tallest) <= KEEP_WHOLE_CHARACTERS

    @property
    def last_row_kept(self) -> bool:
        """Whether the last row is kept on the page of the row before it: a table split
        across pages left its last row (a total) alone on a page, under the repeated
        header. Only where those two rows are short enough to move to the next page
        together (at most ``KEEP_WHOLE_CHARACTERS``, as a table kept whole)."""
        if self.kept_whole or len(self.rows) < 2:
            return False
        tallest = (max((_length(cell) for cell in row), default=0) for row in self.rows[-2:])
        return sum(tallest) <= KEEP_WHOLE_CHARACTERS


def _length(cell: list[Span]) -> int:
    return sum(len(span.text) for span in cell)


@dataclass
class Rule:
    pass


@dataclass
class Figure:
    """A chart placed by its id (``![description](chart:ID)``, see render/charts.py)."""

    chart: str
    description: str


Block = Heading | Paragraph | ListBlock | Table | Rule | Figure


def figure_of(token: Token) -> Figure | None:
    """The chart an ``inline`` token stands for, when it is one chart image alone."""
    from bygdevekst_cli.render.charts import chart_id

    children = token.children or []
    if len(children) != 1 or children[0].type != "image":
        return None
    image = children[0]
    chart = chart_id(str(image.attrGet("src") or ""))
    return None if chart is None else Figure(chart, plain(inline(image)))


def plain(spans: Sequence[Span]) -> str:
    return "".join(" " if s.is_break else s.text for s in spans)


#: The longest paragraph (in characters) between a heading and a chart or a heading under
#: it that is kept with what follows it: a sentence or two («Delmålet er vekta 20 %.»), never
#: a paragraph long enough to leave half a page empty when it moves.
SHORT_INTRO = 300


def with_lead_ins(blocks: Sequence[Block]) -> Iterator[tuple[Block, bool]]:
    """Each block, and whether it is a paragraph that leads in to the table or list right
    after it («Dei andre partane:»), or the one paragraph between a heading and its table
    (the agreement's appendix: its heading and the paragraph on it ended a page, the
    table began the next), or a short one between a heading and a chart or a heading
    under it (the plan's «Diagram» and the sentence on its charts ended a page, the chart
    began the next; not one before a heading of its own level, which ends its section),
    or a chart with its table of the same figures after it (the plan's chart ended a
    page, its table began the next): a page must not end with it and leave what it
    introduces to the next page (DOCX keeps it with the next paragraph, the PDF makes it
    stick to the next block; a heading is kept with it in both)."""
    if not blocks:
        return
    previous = (None, *blocks[:-1])
    following = (*blocks[1:], None)
    for before, block, after in zip(previous, blocks, following, strict=True):
        lead_in = (isinstance(block, Figure) and isinstance(after, Table)) or (
            isinstance(block, Paragraph)
            and (
                (isinstance(after, Table | ListBlock) and plain(block.spans).rstrip().endswith(":"))
                or (isinstance(before, Heading) and isinstance(after, Table))
                or (
                    isinstance(before, Heading)
                    and (
                        isinstance(after, Figure)
                        or (isinstance(after, Heading) and after.level > before.level)
                    )
                    and len(plain(block.spans)) <= SHORT_INTRO
                )
            )
        )
        yield block, lead_in


def blocks(tokens: Sequence[Token]) -> list[Block]:
    """The token stream as a tree of blocks (what the DOCX and PDF converters walk)."""
    return list(_Reader(tokens).read_until(None))


@functools.lru_cache(maxsize=8)
def document_tokens(markdown: str) -> tuple[Token, ...]:
    """``parse(markdown)``, kept for the last few documents: the HTML, DOCX and PDF of one
    document (``render --format html,docx,pdf``) are made from one parse. The tokens are
    shared, so no converter changes them (HTML replaces the few it changes by copies)."""
    return tuple(parse(markdown))


@functools.lru_cache(maxsize=8)
def document_blocks(markdown: str) -> tuple[Block, ...]:
    """``blocks(parse(markdown))``, kept for the last few documents: the DOCX and the PDF
    of one document (``render --format docx,pdf``) are made from the same blocks, which
    the converters only read."""
    return tuple(blocks(document_tokens(markdown)))


class _Reader:
    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        self.at = 0

    def next(self) -> Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def read_until(self, closing: str | None) -> Iterator[Block]:
        while self.at < len(self.tokens):
            token = self.next()
            if token.type == closing:
                return
            block = self.block(token)
            if block is not None:
                yield block

    def block(self, token: Token) -> Block | None:
        kind = token.type
        if kind == "heading_open":
            spans = inline(self.next())
            self.next()
            return Heading(int(token.tag[1:]), spans)
        if kind == "paragraph_open":
            content = self.next()
            self.next()
            return figure_of(content) or Paragraph(inline(content))
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrGet("start") or 1)
            result = ListBlock(kind == "ordered_list_open", start)
            closing = kind.replace("_open", "_close")
            while (item := self.next()).type != closing:
                assert item.type == "list_item_open", item.type
                result.items.append(list(self.read_until("list_item_close")))
            return result
        if kind == "table_open":
            return self.table()
        if kind == "hr":
            return Rule()
        return None

    def table(self) -> Table:
        table = Table([], [], [])
        row: list[list[Span]] = []
        while (token := self.next()).type != "table_close":
            if token.type == "tr_open":
                row = []
            elif token.type == "th_open":
                style = str(token.attrGet("style") or "")
                table.align.append(style.removeprefix("text-align:") or None)
                table.header.append(inline(self.next()))
            elif token.type == "td_open":
                row.append(inline(self.next()))
            elif token.type == "tr_close" and row:
                table.rows.append(row)
        return table


#: The link address that marks a run of text in another language: ``[Gáivuotna](lang:se)``.
LANG_SCHEME = "lang:"
_LANG_LINK = re.compile(r"\]\(lang:([a-z]{2,3})\)")


def lang_link(text: object, language: str) -> Md:
    """``text`` (escaped) marked as written in ``language`` (an ISO 639 code)."""
    return Md(f"[{escape(text)}]({LANG_SCHEME}{language})")


def lang_of(token: Token) -> str | None:
    """The language a ``link_open`` token marks, or None for an ordinary link."""
    href = str(token.attrGet("href") or "")
    return href.removeprefix(LANG_SCHEME) if href.startswith(LANG_SCHEME) else None


def pandoc_spans(markdown: str) -> str:
    """Language links as Pandoc's bracketed spans (``[Gáivuotna]{lang=se}``) for the
    Markdown output, where a link would mislead."""
    return _LANG_LINK.sub(r"]{lang=\1}", markdown)


def line_spans(markdown: str) -> list[Span]:
    """The spans of one line of Markdown (a document's footer; a line of its body): the
    first paragraph's, none where the line holds no text."""
    inline_tokens = [t for t in parse(markdown) if t.type == "inline"]
    return inline(inline_tokens[0]) if inline_tokens else []


def inline(token: Token) -> list[Span]:
    """The spans of an ``inline`` token, with nested emphasis flattened onto each run."""
    spans: list[Span] = []
    strong = emphasis = 0
    langs: list[str | None] = []
    for child in token.children or []:
        kind = child.type
        lang = next((item for item in reversed(langs) if item is not None), None)
        if kind == "text" or kind == "code_inline":
            spans.append(Span(child.content, strong > 0, emphasis > 0, lang))
        elif kind == "link_open":
            langs.append(lang_of(child))
        elif kind == "link_close":
            if langs:
                langs.pop()
        elif kind in ("softbreak",):
            spans.append(Span(" ", strong > 0, emphasis > 0, lang))
        elif kind == "hardbreak":
            spans.append(Span("\n"))
        elif kind == "strong_open":
            strong += 1
        elif kind == "strong_close":
            strong -= 1
        elif kind == "em_open":
            emphasis += 1
        elif kind == "em_close":
            emphasis -= 1
    return _merge(spans)


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in spans:
        last = merged[-1] if merged else None
        if (
            last is not None
            and not last.is_break
            and not span.is_break
            and (last.strong, last.emphasis, last.lang) == (span.strong, span.emphasis, span.lang)
        ):
            merged[-1] = Span(last.text + span.text, span.strong, span.emphasis, span.lang)
        else:
            merged.append(span)
    return merged
