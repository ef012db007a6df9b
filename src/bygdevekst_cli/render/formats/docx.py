"""Word (DOCX) with python-docx: real heading and list styles, tables whose header row
repeats on every page, the document language (nn-NO or nb-NO) and provenance in the core
properties, and the provenance line in the page footer."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from bygdevekst_cli.render.charts import DocumentChart, png
from bygdevekst_cli.render.markdown import (
    Block,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Rule,
    Span,
    Table,
    blocks,
    inline,
    parse,
    plain,
)
from bygdevekst_cli.render.pipeline import Rendered

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph as DocxParagraph


def convert(rendered: Rendered, draft: str | None = None) -> bytes:
    document = Document()
    _set_language(document, rendered.locale)
    _set_properties(document, rendered)
    if draft is not None:
        _mark_draft(document, draft)
    writer = _Writer(document, rendered.charts)
    for block in blocks(parse(rendered.body)):
        writer.block(block)
    _set_footer(document, rendered)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_language(document: DocumentObject, locale: str) -> None:
    """The language of all text: in the style defaults, every style, and the settings."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    assert defaults is not None
    run_defaults = defaults.find(qn("w:rPrDefault"))
    assert run_defaults is not None
    properties = run_defaults.find(qn("w:rPr"))
    assert properties is not None
    for element in styles.iter(qn("w:lang")):
        element.set(qn("w:val"), locale)
    if properties.find(qn("w:lang")) is None:
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), locale)
        properties.append(lang)
    settings = document.settings.element
    for element in settings.iter(qn("w:themeFontLang")):
        element.set(qn("w:val"), locale)


def _set_properties(document: DocumentObject, rendered: Rendered) -> None:
    stamp = rendered.provenance
    core = document.core_properties
    core.title = rendered.title
    core.subject = rendered.subject
    core.language = rendered.locale
    core.author = rendered.pilot_name
    core.last_modified_by = stamp.metadata()["generator"]
    core.category = f"bygdevekst {rendered.document}"
    core.keywords = "; ".join(stamp.keywords())
    core.comments = plain(_spans(rendered.footer))
    core.identifier = stamp.commit or ""
    core.version = stamp.short_commit or ""
    moment = dt.datetime.combine(stamp.date, dt.time(), tzinfo=dt.UTC)
    core.created = moment
    core.modified = moment
    core.revision = 1


def _mark_draft(document: DocumentObject, mark: str) -> None:
    """A draft from data with errors: the marking in every page's header and in the title,
    keywords and status of the core properties."""
    core = document.core_properties
    core.title = f"{mark}: {core.title}"
    core.keywords = f"{mark}; {core.keywords}"
    core.content_status = mark
    for section in document.sections:
        paragraph = section.header.paragraphs[0]
        paragraph.style = document.styles["Header"]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(mark).bold = True


def _set_footer(document: DocumentObject, rendered: Rendered) -> None:
    for section in document.sections:
        paragraph = section.footer.paragraphs[0]
        paragraph.style = document.styles["Footer"]
        for span in _spans(rendered.footer):
            _add_span(paragraph, span)


def _spans(markdown: str) -> list[Span]:
    tokens = parse(markdown)
    inline_tokens = [t for t in tokens if t.type == "inline"]
    return inline(inline_tokens[0]) if inline_tokens else []


def _add_span(paragraph: DocxParagraph, span: Span) -> None:
    if span.is_break:
        paragraph.add_run().add_break()
        return
    run = paragraph.add_run(span.text)
    run.bold = span.strong or None
    run.italic = span.emphasis or None


class _Writer:
    def __init__(
        self, document: DocumentObject, charts: Mapping[str, DocumentChart] | None = None
    ) -> None:
        self.document = document
        self.charts = charts or {}

    def block(self, block: Block, depth: int = 0) -> None:
        if isinstance(block, Heading):
            paragraph = self.document.add_heading(level=min(block.level, 9))
            for span in block.spans:
                _add_span(paragraph, span)
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
        shape = self.document.add_picture(io.BytesIO(png(chart.svg)), width=Cm(16))
        properties = shape._inline.docPr
        properties.set("title", chart.title)
        properties.set("descr", chart.alt)

    def paragraph(self, spans: list[Span], style: str | None = None) -> DocxParagraph:
        paragraph = self.document.add_paragraph(style=style)
        for span in spans:
            _add_span(paragraph, span)
        return paragraph

    def list_block(self, block: ListBlock, depth: int) -> None:
        level = min(depth, 2)
        suffix = f" {level + 1}" if level else ""
        style = ("List Number" if block.ordered else "List Bullet") + suffix
        number = _restart_numbering(self.document, style, block.start) if block.ordered else None
        for item in block.items:
            first = True
            for inner in item:
                if isinstance(inner, Paragraph) and first:
                    paragraph = self.paragraph(inner.spans, style)
                    if number is not None:
                        _use_numbering(paragraph, number, level)
                    first = False
                elif isinstance(inner, ListBlock):
                    self.list_block(inner, depth + 1)
                else:
                    self.block(inner, depth + 1)

    def table(self, block: Table) -> None:
        columns = len(block.header)
        table = self.document.add_table(rows=1 + len(block.rows), cols=columns)
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        header = table.rows[0]
        _repeat_as_header(header._tr)
        for i, spans in enumerate(block.header):
            self.cell(header.cells[i], spans, block.align[i], bold=True)
        for r, row in enumerate(block.rows, start=1):
            cells = table.rows[r].cells
            for i in range(columns):
                spans = row[i] if i < len(row) else []
                self.cell(cells[i], spans, block.align[i])
        self.document.add_paragraph()

    def cell(self, cell: _Cell, spans: list[Span], align: str | None, bold: bool = False) -> None:
        paragraph = cell.paragraphs[0]
        for span in spans:
            _add_span(paragraph, Span(span.text, span.strong or bold, span.emphasis))
        if align == "right":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _repeat_as_header(row: object) -> None:
    """Mark a table row as its header: Word repeats it at the top of every page."""
    properties = row.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _restart_numbering(document: DocumentObject, style: str, start: int) -> int:
    """A new numbering instance for one numbered list, so each list starts at ``start``
    instead of continuing the previous list (python-docx shares one per style)."""
    numbering = document.part.numbering_part.element
    style_element = document.styles[style].element
    num_pr = style_element.pPr.numPr if style_element.pPr is not None else None
    if num_pr is None or num_pr.numId is None:
        return 0
    base = numbering.num_having_numId(num_pr.numId.val)
    abstract_id = base.abstractNumId.val
    num = numbering.add_num(abstract_id)
    for level in range(3):
        override = num.add_lvlOverride(ilvl=level)
        override.add_startOverride(start)
    return int(num.numId)


def _use_numbering(paragraph: DocxParagraph, number: int, level: int) -> None:
    if number == 0:
        return
    properties = paragraph._p.get_or_add_pPr()
    num_pr = properties.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = number
