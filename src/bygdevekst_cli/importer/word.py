"""A Word file (.docx) into blocks, by what the document shows rather than one style name.

* A heading is a paragraph whose style (or the style it is based on) has an outline level,
  a built-in heading or title style of any name, or a short bold or large paragraph that
  reads as a heading («1. Bakgrunn», «Delmål 1 …»).
* Automatic numbering is read from the numbering definitions, so a heading numbered by Word
  gets its number back («6.1»); a numbered or bulleted list paragraph is a list item.
* Tables give one block per row, with its cells (the parties' and the signatures' tables).
* A table of contents (a TOC field, a content control of that kind or TOC styles) is dropped
  and counted; tracked changes are accepted, rejected or refused (``Changes``); comments
  become open points with their author and date.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
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
from bygdevekst_cli.importer.textflow import BULLET_MARKS
from bygdevekst_cli.language import cli_words
from bygdevekst_cli.os_reasons import exception_reason

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W = _W
"""WordprocessingML's namespace, as lxml writes it before a tag."""
_HEADING_STYLES = ("heading", "overskrift", "title", "tittel")
_TOC_STYLES = ("toc", "innh", "table of contents")
_TOC_TITLES = ("innhald", "innhold", "innhaldsliste", "innholdsliste", "innholdsfortegnelse")
_LIST_STYLES = ("list", "liste")
_BODY_LEVEL = 9
_LARGE = 2 * LARGE_POINTS
"""In half-points, as Word gives a size."""
_INSERTED = (f"{_W}ins", f"{_W}moveTo")
_DELETED = (f"{_W}del", f"{_W}moveFrom")
_TEXT_BOX = f"{_W}txbxContent"
NOTES = (f"{_W}footnoteReference", f"{_W}endnoteReference")
"""Where a footnote or endnote stands: its text is in a part of its own, not read."""
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
"""The copy of a drawing for older Word versions: a text box in it is the same box again."""


@dataclass
class _Level:
    start: int
    format: str
    text: str


@dataclass
class _Numbering:
    """Word's numbering definitions and the counters of the lists read so far."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    """abstractNumId → level → definition."""
    nums: dict[str, str] = field(default_factory=dict)
    """numId → abstractNumId."""
    starts: dict[tuple[str, int], int] = field(default_factory=dict)
    """(numId, level) → a start override."""
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    def label(self, num_id: str, level: int) -> tuple[str, bool] | None:
        """The number Word shows before the paragraph, and whether it is a bullet."""
        abstract = self.nums.get(num_id)
        levels = self.levels.get(abstract or "", {})
        definition = levels.get(level)
        if abstract is None or definition is None:
            return None
        if definition.format in ("bullet", "none"):
            return "", definition.format == "bullet"
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for (num, lvl), start in self.starts.items():
                if num == num_id:
                    counters[lvl] = start - 1
        counters[level] = counters.get(level, definition.start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        text = definition.text
        for lvl in range(level + 1):
            shown = levels.get(lvl)
            value = counters.get(lvl, shown.start if shown else 1)
            text = text.replace(f"%{lvl + 1}", _format(value, shown.format if shown else ""))
        return text.strip(), False


def _format(value: int, kind: str) -> str:
    if kind == "lowerLetter":
        return chr(ord("a") + (value - 1) % 26)
    if kind == "upperLetter":
        return chr(ord("A") + (value - 1) % 26)
    if kind in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman.lower() if kind == "lowerRoman" else roman
    return str(value)


def _roman(value: int) -> str:
    out = ""
    for number, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while value >= number:
            out, value = out + letters, value - number
    return out


def _numbering(document: Any) -> _Numbering:
    numbering = _Numbering()
    try:
        root = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return numbering
    for abstract in root.iter(f"{_W}abstractNum"):
        levels: dict[int, _Level] = {}
        for lvl in abstract.iter(f"{_W}lvl"):
            levels[int(lvl.get(f"{_W}ilvl", "0"))] = _Level(
                int(_val(lvl.find(f"{_W}start")) or "1"),
                _val(lvl.find(f"{_W}numFmt")) or "decimal",
                _val(lvl.find(f"{_W}lvlText")) or "",
            )
        numbering.levels[abstract.get(f"{_W}abstractNumId")] = levels
    for num in root.iter(f"{_W}num"):
        num_id = num.get(f"{_W}numId")
        numbering.nums[num_id] = _val(num.find(f"{_W}abstractNumId")) or ""
        for override in num.iter(f"{_W}lvlOverride"):
            start = _val(override.find(f"{_W}startOverride"))
            if start is not None:
                numbering.starts[(num_id, int(override.get(f"{_W}ilvl", "0")))] = int(start)
    return numbering


def _val(element: Any) -> str | None:
    return None if element is None else element.get(f"{_W}val")


@dataclass
class _Style:
    name: str
    outline: int | None
    num: tuple[str, int] | None
    bold: bool
    size: int | None


class _Reader:
    def __init__(self, document: Any, changes: Changes) -> None:
        self.document = document
        self.changes = changes
        self.counts: Counter[str] = Counter()
        self.dropped: Counter[str] = Counter()
        self.numbering = _numbering(document)
        self.default_style: str | None = None
        self.styles = self._styles()
        self.comments = {c.comment_id: c for c in document.comments}
        self.seen_comments: set[int] = set()
        self.toc_depth = 0
        self.position = 0

    # --- styles -------------------------------------------------------------------------

    def _styles(self) -> dict[str, _Style]:
        raw: dict[str, Any] = {}
        for style in self.document.styles.element.iter(f"{_W}style"):
            raw[style.get(f"{_W}styleId")] = style
        resolved: dict[str, _Style] = {}

        def resolve(style_id: str, depth: int = 0) -> _Style:
            if style_id in resolved:
                return resolved[style_id]
            element = raw.get(style_id)
            if element is None or depth > 20:
                return _Style("", None, None, False, None)
            based = _val(element.find(f"{_W}basedOn"))
            parent = resolve(based, depth + 1) if based else _Style("", None, None, False, None)
            ppr, rpr = element.find(f"{_W}pPr"), element.find(f"{_W}rPr")
            outline = _val(ppr.find(f"{_W}outlineLvl")) if ppr is not None else None
            num = _num(ppr) if ppr is not None else None
            bold = _on(rpr.find(f"{_W}b")) if rpr is not None else None
            size = _val(rpr.find(f"{_W}sz")) if rpr is not None else None
            name = _val(element.find(f"{_W}name")) or style_id
            style = _Style(
                name.lower(),
                int(outline) if outline is not None else parent.outline,
                num or parent.num,
                parent.bold if bold is None else bold,
                int(size) if size is not None else parent.size,
            )
            resolved[style_id] = style
            return style

        for style_id, element in raw.items():
            resolve(style_id)
            if element.get(f"{_W}type") == "paragraph" and element.get(f"{_W}default") in (
                "1",
                "true",
            ):
                self.default_style = style_id
        return resolved

    def style(self, paragraph: Any) -> _Style:
        ppr = paragraph.find(f"{_W}pPr")
        style_id = _val(ppr.find(f"{_W}pStyle")) if ppr is not None else None
        if style_id is None:
            style_id = self.default_style
        return self.styles.get(style_id or "", _Style("", None, None, False, None))

    # --- the body -----------------------------------------------------------------------

    def blocks(self, body: Any) -> Iterator[Block]:
        for child in body.iterchildren():
            yield from self._element(child)

    def _element(self, child: Any) -> Iterator[Block]:
        if child.tag == f"{_W}p":
            self.position += 1
            block = self._paragraph(child)
            if block is not None:
                yield block
            yield from self._comments(child)
            for table in boxed_tables(child):  # a parties' or signatures' table in a box
                yield from self._table(table)
        elif child.tag == f"{_W}tbl":
            self.position += 1
            yield from self._table(child)
        elif child.tag == f"{_W}sdt":
            gallery = child.find(f".//{_W}docPartGallery")
            if _val(gallery) is not None and "content" in (_val(gallery) or "").lower():
                self.position += 1
                self.dropped["toc"] += 1
                return
            content = child.find(f"{_W}sdtContent")
            for inner in content.iterchildren() if content is not None else ():
                yield from self._element(inner)

    def _table(self, table: Any) -> Iterator[Block]:
        if self._frame(table):
            for row in table.iterchildren(f"{_W}tr"):
                for cell in row.iterchildren(f"{_W}tc"):
                    for child in cell.iterchildren():
                        yield from self._element(child)
            return
        for row in own(table, f"{_W}tr"):
            cells: list[str] = []
            paragraphs: list[Any] = []
            nested: list[Any] = []
            for cell in own(row, f"{_W}tc"):
                parts = list(own(cell, f"{_W}p", f"{_W}tbl"))
                texts = [self._text(p) for p in parts if p.tag == f"{_W}p"]
                cells.append("\n".join(texts))  # a paragraph a line (see ``table_row``)
                paragraphs += [p for p in parts if p.tag == f"{_W}p"]
                nested += [t for t in parts if t.tag == f"{_W}tbl"]
            block = table_row(tuple(cells), self.position)
            if block is not None:
                yield block
            for p in paragraphs:
                yield from self._comments(p)
            for inner in nested:  # a table in a cell: its rows after the row it stands in
                yield from self._table(inner)
            for boxed in (t for p in paragraphs for t in boxed_tables(p)):
                yield from self._table(boxed)

    def _frame(self, table: Any) -> bool:
        """Whether a table only frames text: one column, with headings in it (a whole
        agreement, or a chapter, laid out in a one-cell-wide table). Its paragraphs are
        read as the body's; any other table is read row by row."""
        rows = list(table.iterchildren(f"{_W}tr"))
        if not rows or any(len(row.findall(f"{_W}tc")) != 1 for row in rows):
            return False
        for row in rows:
            for paragraph in row.find(f"{_W}tc").iterchildren(f"{_W}p"):
                text = " ".join(self._words(paragraph).split())
                style = self.style(paragraph)
                if text and self._heading(paragraph, style, text, text):
                    return True
        return False

    def _paragraph(self, paragraph: Any) -> Block | None:
        in_toc = self._toc_field(paragraph)
        style = self.style(paragraph)
        text = " ".join(self._text(paragraph).split())
        if in_toc or style.name.startswith(_TOC_STYLES):
            self.dropped["toc"] += 1 if text else 0
            return None
        if not text:
            return None
        if text.lower().rstrip(":") in _TOC_TITLES:
            self.dropped["toc"] += 1
            return None
        label = self._label(paragraph, style)
        numbered = f"{label[0]} {text}" if label and label[0] else text
        if self._heading(paragraph, style, text, numbered):
            return Block(Kind.HEADING, numbered, self.position, marked=True)
        if label is not None or any(w in style.name for w in _LIST_STYLES):
            item = Block(Kind.BULLET, text.lstrip(BULLET_MARKS).strip(), self.position)
            # «1.» or «1)» in Word's numbering, not in the text: a heading, or a sub-goal
            # of a numbered list (structure.py), only with its number
            if label and label[0] and (looks_like_heading(numbered) or listed_goal(numbered)):
                return Block(Kind.HEADING, numbered, self.position, plain=item)
            return item
        if text[0] in BULLET_MARKS[:5]:
            return Block(Kind.BULLET, text.lstrip(BULLET_MARKS).strip(), self.position)
        paragraph_block = Block(Kind.PARAGRAPH, text, self.position)
        if looks_like_heading(text):  # a typed heading in plain paragraphs (a pasted export)
            return Block(Kind.HEADING, text, self.position, plain=paragraph_block)
        return paragraph_block

    def _label(self, paragraph: Any, style: _Style) -> tuple[str, bool] | None:
        ppr = paragraph.find(f"{_W}pPr")
        num = (_num(ppr) if ppr is not None else None) or style.num
        if num is None or num[0] == "0":
            return None
        return self.numbering.label(*num)

    def _heading(self, paragraph: Any, style: _Style, text: str, numbered: str) -> bool:
        ppr = paragraph.find(f"{_W}pPr")
        own = _val(ppr.find(f"{_W}outlineLvl")) if ppr is not None else None
        outline = int(own) if own is not None else style.outline
        if outline is not None and outline < _BODY_LEVEL:
            return True
        if style.name.startswith(_HEADING_STYLES):
            return True
        if len(text.split()) > MAX_EMPHASISED_WORDS or not self._emphasised(paragraph, style):
            return False
        return looks_like_heading(numbered) or chapter_kind(text) is not None

    def _emphasised(self, paragraph: Any, style: _Style) -> bool:
        runs = [r for r in paragraph.iter(f"{_W}r") if _own_text(r).strip()]
        if not runs:
            return False
        for run in runs:
            rpr = run.find(f"{_W}rPr")
            bold = _on(rpr.find(f"{_W}b")) if rpr is not None else None
            size = _val(rpr.find(f"{_W}sz")) if rpr is not None else None
            large = int(size) >= _LARGE if size else (style.size or 0) >= _LARGE
            if not ((style.bold if bold is None else bold) or large):
                return False
        return True

    def _toc_field(self, paragraph: Any) -> bool:
        """Whether the paragraph stands in a TOC field (entries between its begin and end)."""
        inside = self.toc_depth > 0
        for element in paragraph.iter(f"{_W}fldChar", f"{_W}instrText", f"{_W}fldSimple"):
            if element.tag == f"{_W}fldSimple":
                if element.get(f"{_W}instr", "").strip().startswith("TOC"):
                    inside = True
                continue
            if element.tag == f"{_W}instrText":
                if self.toc_depth == 0 and (element.text or "").strip().startswith("TOC"):
                    self.toc_depth = 1
                    inside = True
                continue
            kind = element.get(f"{_W}fldCharType")
            if self.toc_depth and kind == "begin":
                self.toc_depth += 1
            elif self.toc_depth and kind == "end":
                self.toc_depth -= 1
        return inside

    def _text(self, paragraph: Any) -> str:
        """The paragraph's text with tracked changes accepted or rejected (and counted)."""
        self.counts.update(tracked(paragraph))
        self._text_boxes(paragraph)
        notes = sum(1 for _ in paragraph.iter(*NOTES))
        if notes:
            self.dropped["footnote"] += notes
        hidden = sum(1 for run in paragraph.iter(f"{_W}r") if hidden_run(run) and _own_text(run))
        if hidden:
            self.dropped["hidden_text"] += hidden
        return self._words(paragraph)

    def _words(self, paragraph: Any) -> str:
        """The paragraph's text, nothing counted (``_text`` counts, once per paragraph)."""
        return paragraph_words(paragraph, self.changes)

    def _text_boxes(self, paragraph: Any) -> None:
        """Count the text boxes anchored in a paragraph (a «draft» stamp, a logo's caption,
        a side note): drawings beside the text, not the paragraph's words, so they are left
        out and reported as dropped."""
        for box in paragraph.iter(_TEXT_BOX):
            above = {a.tag for a in box.iterancestors()}
            inner = _FALLBACK in above or _TEXT_BOX in above
            if not inner and _box_text(box).strip():
                self.dropped["text_box"] += 1

    def _comments(self, element: Any) -> Iterator[Block]:
        for reference in element.iter(f"{_W}commentReference"):
            comment_id = int(reference.get(f"{_W}id"))
            comment = self.comments.get(comment_id)
            if comment is None or comment_id in self.seen_comments:
                continue
            self.seen_comments.add(comment_id)
            text = " ".join(comment.text.split())
            stamp = comment.timestamp
            yield Block(
                Kind.OPEN_POINT,
                text,
                self.position,
                ref=f"{comment.initials or ''}{len(self.seen_comments)}",
                author=comment.author or None,
                date=stamp.date().isoformat() if stamp is not None else None,
            )


def tracked(*elements: Any) -> Counter[str]:
    """The tracked changes in ``elements`` not yet accepted: ``insertions`` and
    ``deletions``, each change that holds text counted once (also when it stands in two of
    them, a table and the table nested in it)."""
    counts: Counter[str] = Counter()
    seen: set[Any] = set()
    for element in elements:
        for tag, name in ((_INSERTED, "insertions"), (_DELETED, "deletions")):
            for change in element.iter(*tag):
                if change not in seen and change.find(f".//{_W}r") is not None:
                    seen.add(change)
                    counts[name] += 1
    return counts


def paragraph_words(paragraph: Any, changes: Changes, line_break: str = " ") -> str:
    """A paragraph's text with its tracked changes accepted (``Changes.FAIL`` too: the
    caller refuses what it counted) or rejected; a text box anchored in it left out, a tab
    a space, a manual line break ``line_break``."""
    parts: list[str] = []
    for element in paragraph.iter(
        f"{_W}t", f"{_W}delText", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}noBreakHyphen"
    ):
        ancestors = _between(element, paragraph)
        if _TEXT_BOX in ancestors:  # a box anchored in the paragraph, not one it stands in
            continue
        if hidden_run(element.getparent()):  # Word does not show it (nor print it)
            continue
        inserted = bool(ancestors & set(_INSERTED))
        deleted = bool(ancestors & set(_DELETED)) or element.tag == f"{_W}delText"
        if (changes is Changes.REJECT and inserted) or (changes is not Changes.REJECT and deleted):
            continue
        if element.tag == f"{_W}noBreakHyphen":
            parts.append("-")
        elif element.tag == f"{_W}tab":
            parts.append(" ")
        elif element.tag in (f"{_W}br", f"{_W}cr"):
            parts.append(line_break)
        else:
            parts.append(element.text or "")
    return plain("".join(parts))


def hidden_run(run: Any) -> bool:
    """Whether a run is hidden text (``w:vanish``): a note or an old figure left in the
    document that Word neither shows nor prints, so not what the document says."""
    if run is None or run.tag != f"{_W}r":
        return False
    properties = run.find(f"{_W}rPr")
    return properties is not None and bool(_on(properties.find(f"{_W}vanish")))


def has_hidden_text(element: Any) -> bool:
    """Whether ``element`` (a table's row) holds hidden text with words in it, which
    ``paragraph_words`` leaves out."""
    return any(hidden_run(run) and _own_text(run).strip() for run in element.iter(f"{_W}r"))


def _between(element: Any, paragraph: Any) -> set[str]:
    """The tags of the elements between ``element`` and the paragraph it stands in."""
    tags: set[str] = set()
    for ancestor in element.iterancestors():
        if ancestor is paragraph:
            break
        tags.add(ancestor.tag)
    return tags


_WRAPPERS = (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml")
"""Elements that wrap a table's rows, a row's cells or a cell's paragraphs without being
one: a content control and custom XML."""


def own(element: Any, *tags: str) -> Iterator[Any]:
    """The children of ``element`` with one of ``tags``, in order, also those a content
    control wraps; never what stands in a table nested deeper (that table is one of them
    when ``tbl`` is asked for)."""
    for child in element.iterchildren():
        if child.tag in tags:
            yield child
        elif child.tag in _WRAPPERS:
            yield from own(child, *tags)


def all_tables(body: Any) -> list[Any]:
    """Every table of a document's body in document order, a table nested in a cell right
    after the start of the table it stands in, and those in text boxes; not the copy of a
    text box kept for older Word versions (``mc:Fallback``), which is the same table again."""
    return [
        table
        for table in body.iter(f"{_W}tbl")
        if not any(a.tag == _FALLBACK for a in table.iterancestors())
    ]


def boxed_tables(paragraph: Any) -> list[Any]:
    """The tables standing in the text boxes anchored in ``paragraph`` (not one nested in
    another's cell, read with it, nor the copy kept for older Word versions): read where the
    box is anchored, as the plan's tables are (``all_tables``)."""
    return [
        table
        for table in paragraph.iter(f"{_W}tbl")
        if not any(a.tag == _FALLBACK for a in table.iterancestors())
        and next(a for a in table.iterancestors(f"{_W}tbl", _TEXT_BOX)).tag == _TEXT_BOX
    ]


def _box_text(box: Any) -> str:
    """A text box's own text: its paragraphs', not its tables' (those are read)."""
    return "".join(e.text or "" for e in box.iter(f"{_W}t") if f"{_W}tbl" not in _between(e, box))


def _own_text(run: Any) -> str:
    """A run's text, without the text of a text box anchored in it (or that it stands in)."""
    if any(a.tag == _TEXT_BOX for a in run.iterancestors()):
        return ""
    boxes = set(run.iter(_TEXT_BOX))
    if not boxes:
        return "".join(run.itertext())
    inside = {e for box in boxes for e in box.iter()}
    return "".join(e.text or "" for e in run.iter() if e not in inside and isinstance(e.tag, str))


def _num(ppr: Any) -> tuple[str, int] | None:
    numpr = ppr.find(f"{_W}numPr")
    if numpr is None:
        return None
    num_id = _val(numpr.find(f"{_W}numId"))
    level = _val(numpr.find(f"{_W}ilvl"))
    return (num_id, int(level or "0")) if num_id is not None else None


def _on(element: Any) -> bool | None:
    if element is None:
        return None
    return element.get(f"{_W}val", "true") not in ("0", "false", "off")


def read_docx(path: Path, display: str, changes: Changes) -> DocumentText:
    """The blocks of a Word file; tracked changes handled by ``changes``."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    say = cli_words()
    try:
        document = docx.Document(str(path))
        reader = _Reader(document, changes)
        blocks = list(reader.blocks(document.element.body))
    except PackageNotFoundError:
        raise UserError(say("cli.import.not_docx", file=display)) from None
    except Exception as exc:  # zip, XML and part errors of a damaged file: never a traceback
        raise UserError(
            say("cli.import.bad_docx", file=display, reason=exception_reason(exc, say))
        ) from None
    return DocumentText(blocks, reader.dropped, reader.counts)
