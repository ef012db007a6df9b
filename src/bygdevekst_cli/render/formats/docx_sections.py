"""Tables set across the page in a section of their own (one column, or a page turned to
landscape), and the text width of a page set in columns."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TYPE_CHECKING

from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Length, Twips
from docx.styles.style import ParagraphStyle
from lxml import etree  # type: ignore[import-untyped]  # no stubs; python-docx uses it

from bygdevekst_cli.render.formats.docx_styles import style_chain
from bygdevekst_cli.render.formats.docx_template import PAGE_HEIGHT, PAGE_WIDTH

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject

# WordprocessingML names in Clark notation (``qn`` once each).
_P = qn("w:p")
_PPR = qn("w:pPr")
_PSTYLE = qn("w:pStyle")
_RPR = qn("w:rPr")
_VAL = qn("w:val")
_KEEPNEXT = qn("w:keepNext")
_SZ = qn("w:sz")
_W = qn("w:w")
_TYPE = qn("w:type")
_SECTPR = qn("w:sectPr")


def across_the_page(document: DocumentObject, tables: list[tuple[etree._Element, bool]]) -> None:
    """Each of ``tables`` in a section of one column of its own (on a page turned to
    landscape where it says True), as a case officer sets a wide table: a continuous
    section break before it ends the columns (or the upright pages), one after it ends its
    own section, and the document goes on after it as before. The sections are copies of
    the document's (its headers and footers, page and margins); only the first keeps the
    document's start and its first page's header."""
    if not tables:
        return
    last = document.element.body.find(_SECTPR)
    assert last is not None  # python-docx's template and every Word document have one
    kept = _kept_with_next(document)
    for n, (table, turned) in enumerate(tables):
        start = table
        while (before := start.getprevious()) is not None and kept(before):
            start = before  # its heading and lead-in go across the page with it
        start.addprevious(_section_break(last, first=n == 0))
        table.addnext(_section_break(last, first=False, own=True, turned=turned))
    _continuous(last)


def _kept_with_next(document: DocumentObject) -> Callable[[etree._Element], bool]:
    """Whether a body element is a paragraph kept with the next: by its own ``w:keepNext``
    (a lead-in) or its style's (a heading)."""
    styles = {
        style.style_id: _style_keeps_with_next(style)
        for style in document.styles
        if isinstance(style, ParagraphStyle)
    }

    def kept(element: etree._Element) -> bool:
        properties = element.find(_PPR) if element.tag == _P else None
        if properties is None:
            return False
        own = properties.find(_KEEPNEXT)
        if own is not None:
            return own.get(_VAL, "1") not in ("0", "false", "off")
        style = properties.find(_PSTYLE)
        return style is not None and bool(styles.get(style.get(_VAL, "")))

    return kept


def _style_keeps_with_next(style: ParagraphStyle) -> bool:
    """Whether ``style`` keeps a paragraph with the next, by itself or a style it is based on."""
    found = (s.paragraph_format.keep_with_next for s in style_chain(style))
    return bool(next((keep for keep in found if keep is not None), False))


def _section_break(
    properties: etree._Element, *, first: bool, own: bool = False, turned: bool = False
) -> etree._Element:
    """An empty paragraph, as small as Word allows and kept with the table, that ends a
    section with a copy of ``properties``: where ``own`` (the table's own section, before
    it) in one column, on a page turned to landscape where ``turned``; else as the
    document's pages."""
    copied = copy.deepcopy(properties)
    if not first:
        _continuous(copied)
    if own:
        cols = copied.find(qn("w:cols"))
        if cols is not None:
            copied.remove(cols)
        etree.SubElement(copied, qn("w:cols")).set(qn("w:space"), str(_COLUMN_SPACE))
        _in_schema_order(copied)
    size = copied.find(qn("w:pgSz"))
    if turned and size is not None:
        width, height = size.get(_W), size.get(qn("w:h"))
        size.set(_W, height or str(Length(PAGE_HEIGHT).twips))
        size.set(qn("w:h"), width or str(Length(PAGE_WIDTH).twips))
        size.set(qn("w:orient"), "landscape")
    paragraph = etree.Element(_P)
    properties_ = etree.SubElement(paragraph, _PPR)
    etree.SubElement(properties_, _KEEPNEXT)
    spacing = etree.SubElement(properties_, qn("w:spacing"))
    for name in ("w:before", "w:after"):
        spacing.set(qn(name), "0")
    etree.SubElement(etree.SubElement(properties_, _RPR), _SZ).set(_VAL, "2")
    properties_.append(copied)
    return paragraph


def _continuous(properties: etree._Element) -> None:
    """``properties`` of a section that starts where the one before ends (not on a new
    page) and has no first page of its own (a template's letterhead is for page one)."""
    for tag in ("w:type", "w:titlePg"):
        for found in properties.findall(qn(tag)):
            properties.remove(found)
    etree.SubElement(properties, _TYPE).set(_VAL, "continuous")
    _in_schema_order(properties)


#: The children of ``w:sectPr`` in the order the schema wants them.
_SECTION_ORDER = [
    qn(f"w:{tag}")
    for tag in (
        *("headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz"),
        *("pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt"),
        *("vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid"),
        *("printerSettings", "sectPrChange"),
    )
]


def _in_schema_order(properties: etree._Element) -> None:
    """``properties`` (a ``w:sectPr``) with its children in the schema's order."""
    rank = {tag: n for n, tag in enumerate(_SECTION_ORDER)}
    children = sorted(properties, key=lambda child: rank.get(child.tag, len(rank)))
    properties[:] = children


#: The space between a section's columns where its ``w:cols`` does not say (Word's 0.5").
_COLUMN_SPACE = 720


def column_width(section: Section, width: int) -> int:
    """The narrowest column of ``section`` whose text is ``width`` wide (EMU): a template in
    two columns had tables and charts as wide as the page, running over the next column.
    Columns of their own widths (``w:col``) give the narrowest of them; equal ones share
    ``width`` less the spaces between them."""
    columns = section._sectPr.find(qn("w:cols"))
    if columns is None:
        return width
    widths = (column.get(_W, "") for column in columns.findall(qn("w:col")))
    own = [int(Twips(int(w))) for w in widths if w.isdigit() and int(w)]
    if own and columns.get(qn("w:equalWidth")) in ("0", "false", "off"):
        return min(min(own), width)
    number = columns.get(qn("w:num"), "1")
    space = columns.get(qn("w:space"), str(_COLUMN_SPACE))
    if not (number.isdigit() and int(number) > 1 and space.isdigit()):
        return width
    return (width - (int(number) - 1) * int(Twips(int(space)))) // int(number)
