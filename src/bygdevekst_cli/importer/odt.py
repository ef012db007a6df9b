"""An OpenDocument text (.odt, LibreOffice) into blocks, via odfpy.

``text:h`` (and a paragraph whose style has an outline level) is a heading, with the
number LibreOffice shows when the file stores it; list items are bullets; table rows keep
their cells (a table placed in a frame too); a table of contents is dropped and counted;
other frames (text boxes) are dropped and counted; annotations (comments) become
open points with author and date. Tracked changes are counted: with ``accept`` the body as
it stands is the accepted text (deletions live outside it), ``reject`` is refused (the
rejected text cannot be rebuilt safely from the change log).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bygdevekst_cli.errors import UserError
from bygdevekst_cli.importer.blocks import Block, Changes, DocumentText, Kind
from bygdevekst_cli.importer.chars import plain
from bygdevekst_cli.importer.headings import (
    LARGE_POINTS,
    MAX_EMPHASISED_WORDS,
    chapter_kind,
    listed_goal,
    looks_like_heading,
    table_row,
)
from bygdevekst_cli.language import cli_words
from bygdevekst_cli.os_reasons import exception_reason

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_DC = "http://purl.org/dc/elements/1.1/"
_FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
_DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"


def read_odt(path: Path, display: str, changes: Changes) -> DocumentText:
    from odf.opendocument import load  # type: ignore[import-untyped]

    say = cli_words()
    try:
        document = load(str(path))
    except Exception as exc:  # a damaged or foreign file: never a traceback
        reason = exception_reason(exc, say)
        raise UserError(say("cli.import.bad_odt", file=display, reason=reason)) from None
    reader = _Reader(document)
    blocks = list(reader.children(document.text))
    counts = reader.counts
    if counts and changes is Changes.REJECT:
        raise UserError(say("cli.import.odt_reject", file=display))
    return DocumentText(blocks, reader.dropped, counts)


def _name(node: Any) -> tuple[str, str]:
    return node.qname if hasattr(node, "qname") else ("", "")


class _Reader:
    def __init__(self, document: Any) -> None:
        self.counts: Counter[str] = Counter()
        self.dropped: Counter[str] = Counter()
        self.position = 0
        self.outline = self._outline_styles(document)
        self.numbered = _numbered_lists(document)
        self.counted: dict[str, int] = {}
        """A numbered list style → the items numbered so far (a list that continues one)."""
        self.emphasised = _emphasised_styles(document)
        self.comment = 0

    def _outline_styles(self, document: Any) -> set[str]:
        names: set[str] = set()
        for styles in (document.automaticstyles, document.styles):
            for style in styles.childNodes:
                level = style.attributes.get((_STYLE, "default-outline-level"))
                if level:
                    names.add(str(style.attributes.get((_STYLE, "name"))))
        return names

    def children(self, node: Any) -> Iterator[Block]:
        for child in node.childNodes:
            yield from self._node(child)

    def _node(self, node: Any) -> Iterator[Block]:
        space, tag = _name(node)
        if (space, tag) == (_TEXT, "tracked-changes"):
            for region in node.childNodes:
                for change in region.childNodes:
                    kind = _name(change)[1]
                    if kind in ("insertion", "deletion"):
                        self.counts[f"{kind}s"] += 1
            return
        if (space, tag) == (_TEXT, "table-of-content"):
            self.position += 1
            self.dropped["toc"] += 1
            return
        if space == _TEXT and tag in ("h", "p"):
            self.position += 1
            yield from self._paragraph(node, tag == "h")
        elif (space, tag) == (_TEXT, "list"):
            yield from self._list(node)
        elif (space, tag) == (_TABLE, "table"):
            self.position += 1
            yield from self._table(node)
        elif space == _TEXT and tag == "section":
            yield from self.children(node)

    def _list(self, node: Any) -> Iterator[Block]:
        """A list's items, each given the number its list style shows («2)»), counted on
        from the list before of that style where this one goes on from it."""
        style = str(node.attributes.get((_TEXT, "style-name"), ""))
        numbering = self.numbered.get(style)
        goes_on = node.attributes.get((_TEXT, "continue-numbering")) == "true" or bool(
            node.attributes.get((_TEXT, "continue-list"))
        )
        first = self.counted.get(style, 0) if goes_on else 0
        for index, item in enumerate(node.childNodes, start=first):
            label = f"{numbering[1] + index}{numbering[0]}" if numbering else ""
            self.counted[style] = index + 1
            for part in item.childNodes:
                if _name(part) == (_TEXT, "h"):  # a heading numbered by a list
                    self.position += 1
                    yield from self._paragraph(part, True)
                elif _name(part) == (_TEXT, "p"):
                    self.position += 1
                    yield from self._item(part, label)
                else:
                    yield from self._node(part)

    def _item(self, node: Any, label: str) -> Iterator[Block]:
        """A list item's paragraph: a bullet, or a heading numbered by a list that is a
        chapter by its format (a Word file's numbered headings saved by LibreOffice: the
        number is not stored) or by its words («Delmål 2 …»); the number is read from the
        text or the order of the chapters, as for unnumbered headings. An item of a
        numbered list (``label``, «2)») that reads as a sub-goal with it is one, as in Word."""
        text, notes = self._text(node)
        if text:
            item = Block(Kind.BULLET, text, self.position)
            style = str(node.attributes.get((_TEXT, "style-name"), ""))
            if self._bold_chapter(node, style, text) or looks_like_heading(text):
                yield Block(Kind.HEADING, text, self.position, marked=True, plain=item)
            elif label and listed_goal(f"{label} {text}"):
                yield Block(Kind.HEADING, f"{label} {text}", self.position, plain=item)
            else:
                yield item
        yield from notes

    def _paragraph(self, node: Any, heading: bool) -> Iterator[Block]:
        text, notes = self._text(node)
        style = str(node.attributes.get((_TEXT, "style-name"), ""))
        if text:
            number = node.attributes.get((_TEXT, "number"))
            shown = f"{number} {text}" if number else text
            if heading or style in self.outline:
                yield Block(Kind.HEADING, shown, self.position, marked=True)
            elif looks_like_heading(text):  # a typed heading, as in a text export
                yield Block(Kind.HEADING, text, self.position)
            elif self._bold_chapter(node, style, text):
                paragraph = Block(Kind.PARAGRAPH, text, self.position)
                yield Block(Kind.HEADING, text, self.position, marked=True, plain=paragraph)
            else:
                yield Block(Kind.PARAGRAPH, text, self.position)
        yield from notes

    def _bold_chapter(self, node: Any, style: str, text: str) -> bool:
        """A short bold or large paragraph that names a chapter of the template: a heading
        made by formatting, without a number (as Word's are read)."""
        if len(text.split()) > MAX_EMPHASISED_WORDS or chapter_kind(text) is None:
            return False
        if style in self.emphasised:
            return True
        parts = [child for child in node.childNodes if str(child).strip()]  # with text
        return bool(parts) and all(
            _name(part) == (_TEXT, "span")
            and str(part.attributes.get((_TEXT, "style-name"), "")) in self.emphasised
            for part in parts
        )

    def _table(self, node: Any) -> Iterator[Block]:
        for row in _descendants(node, (_TABLE, "table-row")):
            cells: list[str] = []
            notes: list[Block] = []
            nested: list[Any] = []
            for cell in row.childNodes:
                if _name(cell) != (_TABLE, "table-cell"):
                    continue
                texts = []
                for part in cell.childNodes:
                    if _name(part) == (_TABLE, "table"):  # read as a table, after this row
                        nested.append(part)
                        continue
                    text, found = self._text(part)
                    texts.append(text)
                    notes += found
                cells.append("\n".join(texts))  # a paragraph a line (see ``table_row``)
            block = table_row(tuple(cells), self.position)
            if block is not None:
                yield block
            yield from notes
            for inner in nested:
                yield from self._table(inner)

    def _text(self, node: Any) -> tuple[str, list[Block]]:
        parts: list[str] = []
        notes: list[Block] = []
        self._collect(node, parts, notes)
        return " ".join(plain("".join(parts)).split()), notes

    def _collect(self, node: Any, parts: list[str], notes: list[Block]) -> None:
        if node.nodeType == node.TEXT_NODE:
            parts.append(str(node.data))
            return
        space, tag = _name(node)
        if (space, tag) == (_OFFICE, "annotation"):
            notes.append(self._annotation(node))
            return
        if (space, tag) in ((_TEXT, "s"), (_TEXT, "tab"), (_TEXT, "line-break")):
            parts.append(" ")
            return
        if (space, tag) == (_TEXT, "note"):  # a footnote or endnote: not the text's words
            self.dropped["footnote"] += 1
            return
        if (space, tag) == (_DRAW, "frame"):  # a text box or picture anchored here
            tables = list(_descendants(node, (_TABLE, "table")))  # not those within them
            for table in tables:  # a table placed in a frame is the document's own
                notes.extend(self._table(table))
            if not tables and str(node).strip():
                self.dropped["text_box"] += 1
            return
        for child in node.childNodes:
            self._collect(child, parts, notes)

    def _annotation(self, node: Any) -> Block:
        author = date = None
        texts: list[str] = []
        for child in node.childNodes:
            space, tag = _name(child)
            if (space, tag) == (_DC, "creator"):
                author = str(child)
            elif (space, tag) == (_DC, "date"):
                date = str(child)[:10]
            elif space == _TEXT:
                texts.append(str(child))
        self.comment += 1
        initials = "".join(word[0] for word in (author or "").split())[:3]
        return Block(
            Kind.OPEN_POINT,
            " ".join(" ".join(texts).split()),
            self.position,
            ref=f"{initials}{self.comment}",
            author=author,
            date=date,
        )


def _numbered_lists(document: Any) -> dict[str, tuple[str, int]]:
    """The list styles whose first level is numbered «1.» or «1)», by name: the mark after
    the number and the first number. LibreOffice stores no list item's number."""
    found: dict[str, tuple[str, int]] = {}
    for styles in (document.automaticstyles, document.styles):
        for style in styles.childNodes:
            if _name(style) != (_TEXT, "list-style"):
                continue
            for level in style.childNodes:
                attributes = level.attributes if hasattr(level, "attributes") else {}
                if _name(level) != (_TEXT, "list-level-style-number"):
                    continue
                if str(attributes.get((_TEXT, "level"), "1")) != "1":
                    continue
                if str(attributes.get((_STYLE, "num-format"), "")) != "1":
                    continue
                suffix = str(attributes.get((_STYLE, "num-suffix"), ""))
                start = str(attributes.get((_TEXT, "start-value"), "1"))
                name = str(style.attributes.get((_STYLE, "name")))
                found[name] = (suffix, int(start) if start.isdigit() else 1)
    return found


def _emphasised_styles(document: Any) -> set[str]:
    """The styles (paragraph or text) that make their text bold or large, by name; a style
    inherits from its parent style."""
    found: dict[str, bool] = {}
    parents: dict[str, str] = {}
    for styles in (document.styles, document.automaticstyles):
        for style in styles.childNodes:
            name = str(style.attributes.get((_STYLE, "name"), ""))
            parent = style.attributes.get((_STYLE, "parent-style-name"))
            if parent:
                parents[name] = str(parent)
            for properties in style.childNodes:
                if _name(properties) == (_STYLE, "text-properties"):
                    found[name] = _bold_or_large(properties)
    resolved: set[str] = set()
    for name in set(found) | set(parents):
        seen, current = set(), name
        while current not in found and current in parents and current not in seen:
            seen.add(current)
            current = parents[current]
        if found.get(current):
            resolved.add(name)
    return resolved


def _bold_or_large(properties: Any) -> bool:
    weight = str(properties.attributes.get((_FO, "font-weight"), ""))
    size = str(properties.attributes.get((_FO, "font-size"), ""))
    try:
        points = float(size.removesuffix("pt")) if size.endswith("pt") else 0.0
    except ValueError:
        points = 0.0
    return weight in ("bold", "700", "800", "900") or points >= LARGE_POINTS


def _descendants(node: Any, name: tuple[str, str]) -> Iterator[Any]:
    for child in node.childNodes:
        if _name(child) == name:
            yield child
        elif child.nodeType == child.ELEMENT_NODE:
            yield from _descendants(child, name)
