"""Word (DOCX) with python-docx: real heading and list styles, tables whose header row
repeats on every page and whose columns are as wide as their content needs, the document
language (nn-NO or nb-NO), A4 with Norwegian margins and "Side 1 av 5" in the footer.

Core properties carry a title per document and municipality and the municipality (or its
saksbehandlar) as author; the case record goes into custom properties under Noark 5 names,
so that a case system (Elements, WebSak, Public 360) can read it. With a reference document
(``--reference-docx`` or the municipality's ``reference_docx``) the styles, page set-up,
header and footer are the municipality's own, as with pandoc's ``--reference-doc``.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from collections.abc import Mapping
from typing import TYPE_CHECKING

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Twips
from lxml import etree  # type: ignore[import-untyped]  # no stubs; python-docx uses it

from bygdevekst_cli.render.charts import DocumentChart, png
from bygdevekst_cli.render.formats.docx_columns import (
    CELL_MARGINS,
    NARROW_CELL_MARGINS,
    SMALLEST_TABLE_TEXT,
    Columns,
    character_width,
    fits,
    grid_widths,
    set_cell_margins,
    set_run_size,
    table_fit,
    table_text_size,
    whole_words_fit,
)
from bygdevekst_cli.render.formats.docx_headers import has_footer_text, mark_draft, set_footer
from bygdevekst_cli.render.formats.docx_language import hyphenate_marked, set_language
from bygdevekst_cli.render.formats.docx_properties import set_package_parts, set_properties
from bygdevekst_cli.render.formats.docx_runs import add_span
from bygdevekst_cli.render.formats.docx_sections import across_the_page, column_width
from bygdevekst_cli.render.formats.docx_styles import StyleIds, restart_numbering, use_numbering
from bygdevekst_cli.render.formats.docx_template import (
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    opened,
    template_bytes,
)
from bygdevekst_cli.render.markdown import (
    Block,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Rule,
    Span,
    Table,
    document_blocks,
    with_lead_ins,
)
from bygdevekst_cli.render.pipeline import Rendered
from bygdevekst_cli.render.reproducible import fixed_package

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject


#: A chart's width: the text width of the default page (A4 less 2.5 cm margins).
CHART_WIDTH = Cm(16)
#: The space above a paragraph that follows a table (the Normal style's space after a
#: paragraph), in place of an empty paragraph; a heading keeps its style's space.
SPACE_AFTER_TABLE = Twips(200)


def convert(rendered: Rendered, draft: str | None = None) -> bytes:
    reference = rendered.meta.reference_docx
    template = template_bytes(reference)
    # a copy of the template as opened once (reading and parsing its parts is the cost)
    document = copy.deepcopy(opened(template, reference))
    set_language(document, rendered.locale)
    set_properties(document, rendered)
    style_id = StyleIds(document, template)
    if draft is not None:
        mark_draft(document, draft, style_id)
    writer = _Writer(document, rendered.charts, style_id)
    for block, lead_in in with_lead_ins(document_blocks(rendered.body)):
        if lead_in and isinstance(block, Paragraph):  # kept with what it introduces
            writer.paragraph(block.spans).get_or_add_pPr().keepNext_val = True
        else:
            writer.block(block)
            if lead_in:  # a chart, kept with its table
                writer.keep_with_next()
    writer.close()
    if reference is None or not has_footer_text(document):
        set_footer(document, rendered, style_id)
    across_the_page(document, writer.page_wide)
    set_package_parts(document, rendered)
    buffer = io.BytesIO()
    document.save(buffer)
    # python-docx dates each zip entry by the clock: every run gave other bytes for the same
    # document, and a case system's checksum or git saw a change. The entries are dated as
    # the core properties are (the day of the data's rendering, ``SOURCE_DATE_EPOCH``'s).
    day = dt.datetime.combine(rendered.provenance.date, dt.time())
    return fixed_package(buffer.getvalue(), day)


# WordprocessingML names in Clark notation (``qn`` once each).
_P = qn("w:p")
_PPR = qn("w:pPr")
_PSTYLE = qn("w:pStyle")
_JC = qn("w:jc")
_VAL = qn("w:val")
_TBL = qn("w:tbl")
_TBLPR = qn("w:tblPr")
_TBLSTYLE = qn("w:tblStyle")
_TBLW = qn("w:tblW")
_TBLLAYOUT = qn("w:tblLayout")
_TBLLOOK = qn("w:tblLook")
_TBLGRID = qn("w:tblGrid")
_GRIDCOL = qn("w:gridCol")
_TR = qn("w:tr")
_TRPR = qn("w:trPr")
_TBLHEADER = qn("w:tblHeader")
_TC = qn("w:tc")
_TCPR = qn("w:tcPr")
_TCW = qn("w:tcW")
_CANTSPLIT = qn("w:cantSplit")
_KEEPNEXT = qn("w:keepNext")
_SUPPRESS = "w:suppressAutoHyphens"
_SUPPRESS_HYPHENS = qn(_SUPPRESS)
_W = qn("w:w")
_TYPE = qn("w:type")
_SECTPR = qn("w:sectPr")
#: ``w:tblLook`` as python-docx's ``add_table`` writes it.
_TABLE_LOOK = (
    ("firstColumn", "1"),
    ("firstRow", "1"),
    ("lastColumn", "0"),
    ("lastRow", "0"),
    ("noHBand", "0"),
    ("noVBand", "1"),
    ("val", "04A0"),
)


class _Writer:
    """The body of the document, written as WordprocessingML elements.

    The elements are those python-docx's ``add_paragraph``, ``add_run`` and ``add_table``
    make (with the same children, attributes and order, so the file is the same), but
    made with lxml directly: python-docx's element API looks up and orders every child
    in Python, which cost most of the time a document took.
    """

    def __init__(
        self,
        document: DocumentObject,
        charts: Mapping[str, DocumentChart] | None,
        style_id: StyleIds,
    ) -> None:
        self.document = document
        self.charts = charts or {}
        self.style_id = style_id
        self.body = document.element.body
        self.width: int | None = None
        self.size: Length | None = None
        self.hyphenated = False  # a table's cells are hyphenated (``hyphenate_marked``)
        # tables set across a page in columns, or on a page turned to landscape (True)
        self.page_wide: list[tuple[etree._Element, bool]] = []

    def _follows_table(self) -> bool:
        """Whether the body ends (before its section properties) with a table."""
        last = next((e for e in reversed(self.body) if e.tag != _SECTPR), None)
        return last is not None and last.tag == _TBL

    def close(self) -> None:
        """A body may not end with a table: Word wants a paragraph before the section
        properties. Hyphenation turned on for the cells that ask for it."""
        if self._follows_table():
            self._new(_P)
        if self.hyphenated:
            hyphenate_marked(self.document)

    def keep_with_next(self) -> None:
        """The body's last paragraph (a chart's picture) kept with what follows it."""
        last = next((e for e in reversed(self.body) if e.tag != _SECTPR), None)
        if last is not None and last.tag == _P:
            last.get_or_add_pPr().keepNext_val = True

    def _new(self, tag: str) -> etree._Element:
        """A new element at the end of the body (before its section properties, which stay
        the body's last child: a picture is added before them too). Two tables in a row
        get an empty paragraph between them, as Word would join them into one."""
        if tag == _TBL and self._follows_table():
            self._new(_P)
        element = self.body.makeelement(tag)
        end = self.body[-1] if len(self.body) else None
        if end is None or end.tag != _SECTPR:
            self.body.append(element)
        else:
            end.addprevious(element)
        return element

    def block(self, block: Block, depth: int = 0) -> None:
        if isinstance(block, Heading):
            # as ``add_heading``: "Heading 1" to "Heading 9"
            self.paragraph(block.spans, f"Heading {min(block.level, 9)}")
        elif isinstance(block, Paragraph):
            self.paragraph(block.spans)
        elif isinstance(block, ListBlock):
            self.list_block(block, depth)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Figure):
            self.figure(block)
        elif isinstance(block, Rule):
            pass

    def figure(self, figure: Figure) -> None:
        """A chart as a PNG picture, its title and description as the alt text."""
        chart = self.charts.get(figure.chart)
        if chart is None:
            self.paragraph([Span(figure.description)])
            return
        # 16 cm, the default's text width; narrower where a template's margins are wider
        width = min(CHART_WIDTH, self._text_width())
        shape = self.document.add_picture(io.BytesIO(png(chart.svg)), width=Length(width))
        properties = shape._inline.docPr
        properties.set("title", chart.title)
        properties.set("descr", chart.alt)

    def paragraph(self, spans: list[Span], style: str | None = None) -> etree._Element:
        after_table = self._follows_table()
        paragraph = self._new(_P)
        if style is not None:  # as ``add_paragraph(style=style)``, with the id looked up once
            properties = etree.SubElement(paragraph, _PPR)
            style_id = self.style_id(style, WD_STYLE_TYPE.PARAGRAPH)
            if style_id is not None:
                etree.SubElement(properties, _PSTYLE).set(_VAL, style_id)
        heading = (style or "").startswith("Heading")
        if after_table and not heading:
            paragraph.get_or_add_pPr().spacing_before = SPACE_AFTER_TABLE
        for span in spans:
            add_span(paragraph, span, keep_words_whole=heading)
        return paragraph

    def list_block(self, block: ListBlock, depth: int) -> None:
        level = min(depth, 2)
        suffix = f" {level + 1}" if level else ""
        style = ("List Number" if block.ordered else "List Bullet") + suffix
        number = restart_numbering(self.document, style, block.start) if block.ordered else None
        for item in block.items:
            first = True
            for inner in item:
                if isinstance(inner, Paragraph) and first:
                    paragraph = self.paragraph(inner.spans, style)
                    if number is not None:
                        use_numbering(paragraph, number, level)
                    first = False
                elif isinstance(inner, ListBlock):
                    self.list_block(inner, depth + 1)
                else:
                    self.block(inner, depth + 1)

    def table(self, block: Table) -> None:
        """As python-docx's ``add_table`` with the grid style, left aligned, fixed layout,
        the header row repeated on every page, and columns as wide as their content. No
        row is split across pages; a short table (``Table.kept_whole``) is kept on one page
        (each row but the last kept with the next, as Word does it), a long one keeps its
        last row (a total) with the one before (``Table.last_row_kept``). Its columns are
        measured, and which of its rows are kept with the next decided, once."""
        columns = len(block.header)
        measured = Columns.of(block)
        text_width, own_section = self._width_for(measured)
        fit = table_fit(measured, text_width, self._size())
        widths = grid_widths(measured, text_width, fit)
        # a word too long for its column broke at any letter («arbeidsp» over «lassar»)
        hyphenate = not whole_words_fit(measured, text_width, fit.character, fit.margins)
        kept = _rows_kept(block)
        self.hyphenated |= hyphenate
        table = self._new(_TBL)
        if own_section is not None:
            self.page_wide.append((table, own_section))
        properties = etree.SubElement(table, _TBLPR)
        style_id = self.style_id("Table Grid", WD_STYLE_TYPE.TABLE)
        if style_id is not None:
            etree.SubElement(properties, _TBLSTYLE).set(_VAL, style_id)
        width = etree.SubElement(properties, _TBLW)
        width.set(_TYPE, "auto")
        width.set(_W, "0")
        etree.SubElement(properties, _JC).set(_VAL, "left")
        etree.SubElement(properties, _TBLLAYOUT).set(_TYPE, "fixed")
        if fit.margins != CELL_MARGINS:
            set_cell_margins(properties, fit.margins)
        look = etree.SubElement(properties, _TBLLOOK)
        for name, value in _TABLE_LOOK:
            look.set(qn(f"w:{name}"), value)
        grid = etree.SubElement(table, _TBLGRID)
        for twips in widths:
            etree.SubElement(grid, _GRIDCOL).set(_W, twips)
        header = etree.SubElement(table, _TR)
        header_properties = etree.SubElement(header, _TRPR)
        etree.SubElement(header_properties, _CANTSPLIT)
        etree.SubElement(header_properties, _TBLHEADER).set(_VAL, "true")
        for i, spans in enumerate(block.header):
            self.cell(header, widths[i], spans, block.align[i], bold=True, keep=kept[0],
                      hyphenate=hyphenate)  # fmt: skip
        for row, keep in zip(block.rows, kept[1:], strict=True):
            line = etree.SubElement(table, _TR)
            etree.SubElement(etree.SubElement(line, _TRPR), _CANTSPLIT)
            for i in range(columns):
                spans = row[i] if i < len(row) else []
                self.cell(line, widths[i], spans, block.align[i], keep=keep, hyphenate=hyphenate)
        if fit.size is not None:
            set_run_size(table, fit.size)

    def _size(self) -> Length:
        if self.size is None:
            self.size = table_text_size(self.document)
        return self.size

    def _text_width(self) -> int:
        """The width of the text (EMU): of the page less its margins, or of the narrowest
        column where a template sets its page in columns."""
        if self.width is None:
            self.width = column_width(self.document.sections[-1], self._page_text_width())
        return self.width

    def _page_text_width(self, *, turned: bool = False) -> int:
        """The width of the page less its margins (EMU), whatever its columns; ``turned``:
        of the page turned to landscape (``_section_break``)."""
        section = self.document.sections[-1]
        across = section.page_height or PAGE_HEIGHT if turned else section.page_width or PAGE_WIDTH
        return int(across - (section.left_margin or MARGIN) - (section.right_margin or MARGIN))

    def _width_for(self, columns: Columns) -> tuple[int, bool | None]:
        """The width a table of ``columns`` is set in, and whether that is a section of its
        own: None where its amounts stand whole in a column (as nearly every table), False
        across a page set in columns, True on a page turned to landscape. In a template in two
        columns with wide margins, the amounts of a table of six columns (and its «Sum»)
        broke over two lines even at the smallest text; on A4 upright, those of eight
        years in the hundreds of millions did, and its text column was a letter wide
        (``across_the_page``)."""
        smallest = character_width(SMALLEST_TABLE_TEXT)
        turned = self._page_text_width(turned=True)
        for width, own in ((self._text_width(), None), (self._page_text_width(), False)):
            if (
                fits(columns, width, smallest, NARROW_CELL_MARGINS, _AMOUNTS_ONLY)
                or width >= turned
            ):
                return width, own
        return turned, True

    def cell(
        self,
        row: etree._Element,
        twips: str,
        spans: list[Span],
        align: str | None,
        bold: bool = False,
        keep: bool = False,
        hyphenate: bool = False,
    ) -> None:
        """A cell; ``keep``: its paragraph kept with the next (the next row); ``hyphenate``:
        its words hyphenated (in the document's language) where too long for a line."""
        cell = etree.SubElement(row, _TC)
        width = etree.SubElement(etree.SubElement(cell, _TCPR), _TCW)
        width.set(_TYPE, "dxa")
        width.set(_W, twips)
        paragraph = etree.SubElement(cell, _P)
        if keep or align == "right" or hyphenate:
            properties = etree.SubElement(paragraph, _PPR)
            if keep:  # w:keepNext, w:suppressAutoHyphens and w:jc in this order in w:pPr
                etree.SubElement(properties, _KEEPNEXT)
            if hyphenate:
                etree.SubElement(properties, _SUPPRESS_HYPHENS).set(_VAL, "0")
            if align == "right":
                etree.SubElement(properties, _JC).set(_VAL, "right")
        for span in spans:
            add_span(paragraph, Span(span.text, span.strong or bold, span.emphasis, span.lang))


def _rows_kept(block: Table) -> list[bool]:
    """Whether each row of ``block``, its header first, is kept with the next: the header
    always (a long table's header, with the heading and lead-in kept with it, ended a page
    alone, its rows on the next, as Typst never leaves a header), every row but the last
    of a short table (``Table.kept_whole``), the last but one of a long one whose last
    row is kept (``Table.last_row_kept``)."""
    rows = len(block.rows)
    if block.kept_whole:
        return [bool(rows)] + [n < rows for n in range(1, rows + 1)]
    last_two = block.last_row_kept
    return [bool(rows)] + [last_two and n == rows - 1 for n in range(1, rows + 1)]


#: The characters of a word a table must hold whole beside its amounts for it to stay in
#: the document's column: none to speak of (its words may be hyphenated, its amounts not).
_AMOUNTS_ONLY = 1
