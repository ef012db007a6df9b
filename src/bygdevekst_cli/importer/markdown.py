"""Markdown (CommonMark, as pandoc and editors write it) into blocks, via markdown-it.

ATX and setext headings are headings, and so are typed or bold paragraphs that read as one;
list items are bullets (ordered ones too, with their number kept where the item reads as a
heading); table rows keep their cells.
Emphasis and links give their text; backslash escapes are CommonMark's, and pandoc's
``--``/``---`` dashes and ``[text]{.class}`` spans become plain text.
"""

from __future__ import annotations

import re
from typing import Any

from bygdevekst_cli.importer.blocks import Block, Kind
from bygdevekst_cli.importer.headings import (
    MAX_EMPHASISED_WORDS,
    chapter_kind,
    listed_goal,
    looks_like_heading,
)
from bygdevekst_cli.importer.textflow import merge_continuations

_SPAN = re.compile(r"\[([^\]]*)\]\{[^}]*\}")
_ATTRIBUTES = re.compile(r"\{[#.][^}]*\}\s*$")


def markdown_blocks(text: str) -> list[Block]:
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable("table")
    tokens = parser.parse(text)
    blocks: list[Block] = []
    lists: list[tuple[str, int]] = []
    row: list[str] | None = None
    row_line = 0
    for index, token in enumerate(tokens):
        line = token.map[0] + 1 if token.map else None
        if token.type in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrs.get("start", 1) or 1)
            lists.append((token.type, start))
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "tr_open":
            row, row_line = [], line or 0
        elif token.type == "tr_close" and row is not None:
            cells = tuple(row)
            shown = [c for c in dict.fromkeys(cells) if c]
            if shown:
                blocks.append(Block(Kind.LINE, "   ".join(shown), row_line, cells=cells))
            row = None
        elif token.type == "inline":
            content = _inline(token)
            opener = tokens[index - 1]
            if row is not None:
                row.append(content)
            elif not content:
                continue
            elif opener.type == "heading_open":
                blocks.append(Block(Kind.HEADING, content, line, marked=True))
            elif lists:
                blocks.append(_item(content, line, tokens, index, lists))
            else:
                blocks.append(_paragraph(content, line, _bold(token)))
    return merge_continuations(blocks)


def _paragraph(content: str, line: int | None, bold: bool) -> Block:
    """A paragraph, or a heading written as one: typed («1. Bakgrunn», kept as the paragraph
    where it heads nothing), or all bold and naming a chapter of the template («**1.
    Bakgrunn**», «**Bakgrunn**», as a Word file's bold headings convert to Markdown)."""
    paragraph = Block(Kind.PARAGRAPH, content, line)
    short = len(content.split()) <= MAX_EMPHASISED_WORDS
    named = bold and short and chapter_kind(content) is not None
    if looks_like_heading(content) or named:
        return Block(Kind.HEADING, content, line, marked=bold, plain=paragraph)
    return paragraph


def _bold(token: Any) -> bool:
    """Whether an inline token is all strong emphasis («**…**»)."""
    children = [c for c in token.children or [] if c.type != "text" or c.content.strip()]
    return (
        len(children) >= 3
        and children[0].type == "strong_open"
        and children[-1].type == "strong_close"
        and sum(c.type == "strong_open" for c in children) == 1
    )


def _item(
    content: str, line: int | None, tokens: list[Any], index: int, lists: list[tuple[str, int]]
) -> Block:
    item = Block(Kind.BULLET, content, line)
    kind, _ = lists[-1]
    opener = next((t for t in reversed(tokens[:index]) if t.type == "list_item_open"), None)
    if kind == "ordered_list_open" and opener is not None and opener.info:
        numbered = f"{opener.info}{opener.markup} {content}"
        if looks_like_heading(numbered) or listed_goal(numbered) is not None:
            return Block(Kind.HEADING, numbered, line, plain=item)
    return item


def _inline(token: Any) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type in ("html_inline",) and not child.content.startswith("<"):
            parts.append(child.content)
    text = _ATTRIBUTES.sub("", _SPAN.sub(r"\1", "".join(parts)))
    text = text.replace("---", "—").replace("--", "–")
    return " ".join(text.split())
