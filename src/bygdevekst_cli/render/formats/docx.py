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
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Mm

from bygdevekst_cli.errors import UserError
from bygdevekst_cli.language import cli_words, words
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
    from docx.table import Table as DocxTable
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph as DocxParagraph


#: A4, and the margins of a Norwegian municipal letter (2.5 cm all round).
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Mm(210), Mm(297), Mm(25)

_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_EXTENDED_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
#: The format id Word gives every user-defined custom property.
_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def convert(rendered: Rendered, draft: str | None = None) -> bytes:
    reference = rendered.meta.reference_docx
    document = _from_reference(reference) if reference is not None else _default_document()
    _set_language(document, rendered.locale)
    _set_properties(document, rendered)
    if draft is not None:
        _mark_draft(document, draft)
    writer = _Writer(document, rendered.charts)
    for block in blocks(parse(rendered.body)):
        writer.block(block)
    if reference is None or not _has_footer_text(document):
        _set_footer(document, rendered)
    _set_package_parts(document, rendered)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _default_document() -> DocumentObject:
    """python-docx's template on A4 with Norwegian margins."""
    document = Document()
    for section in document.sections:
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.left_margin = section.right_margin = MARGIN
        section.top_margin = section.bottom_margin = MARGIN
    return document


def _from_reference(path: Path) -> DocumentObject:
    """The municipality's template with its body emptied: its styles, numbering, page
    set-up (the last section's properties), header and footer stay. Styles the documents
    use that the template lacks are copied from python-docx's default template."""
    try:
        document = Document(str(path))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as error:
        message = cli_words()("doc.docx.bad_reference", file=str(path), reason=str(error))
        raise UserError(message) from None
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    _copy_missing_styles(document)
    return document


_USED_STYLES = (
    "Title",
    *(f"Heading {level}" for level in range(1, 10)),
    "List Bullet",
    "List Bullet 2",
    "List Bullet 3",
    "List Number",
    "List Number 2",
    "List Number 3",
    "Table Grid",
    "Header",
    "Footer",
)


def _copy_missing_styles(document: DocumentObject) -> None:
    default = Document().styles
    names = {style.name for style in document.styles}
    for name in _USED_STYLES:
        if name not in names and name in {s.name for s in default}:
            element = copy.deepcopy(default[name].element)
            # a list style's numbering belongs to the default template's numbering part
            for num_pr in element.iter(qn("w:numPr")):
                num_pr.getparent().remove(num_pr)
            document.styles.element.append(element)


def _has_footer_text(document: DocumentObject) -> bool:
    return any(
        paragraph.text.strip() or paragraph._p.xpath(".//w:fldSimple | .//w:instrText")
        for section in document.sections
        for paragraph in section.footer.paragraphs
    )


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
    meta = rendered.meta
    core = document.core_properties
    core.title = meta.title or rendered.title
    core.subject = rendered.subject
    core.language = rendered.locale
    core.author = meta.author or rendered.pilot_name
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
    """The provenance line, and under it "Side 1 av 5" from PAGE and NUMPAGES fields."""
    page = words(rendered.language)("doc.docx.page", page="\0PAGE\0", pages="\0NUMPAGES\0")
    for section in document.sections:
        footer = section.footer
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = document.styles["Footer"]
        for span in _spans(rendered.footer):
            _add_span(paragraph, span)
        numbers = footer.add_paragraph(style=document.styles["Footer"])
        numbers.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for i, part in enumerate(page.split("\0")):
            if i % 2:
                _add_field(numbers, part)
            elif part:
                numbers.add_run(part)


def _add_field(paragraph: DocxParagraph, instruction: str) -> None:
    """A field Word computes when it lays out the page (PAGE, NUMPAGES), with "1" shown
    until it does."""
    parts: list[tuple[str, str | None]] = [
        ("begin", None),
        ("instr", f" {instruction} "),
        ("separate", None),
        ("text", "1"),
        ("end", None),
    ]
    for kind, text in parts:
        run = paragraph.add_run()
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        elif kind == "text":
            element = OxmlElement("w:t")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def _set_package_parts(document: DocumentObject, rendered: Rendered) -> None:
    """What python-docx's template leaves behind, replaced: the application name, the
    thumbnail of an empty page, the spelling state; and the custom properties added."""
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype in (RT.THUMBNAIL, RT.EXTENDED_PROPERTIES, RT.CUSTOM_PROPERTIES):
            del package.rels[rid]
    for element in document.settings.element.findall(qn("w:proofState")):
        document.settings.element.remove(element)
    app = _extended_properties(rendered)
    package.relate_to(
        Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, app, package),
        RT.EXTENDED_PROPERTIES,
    )
    custom = _custom_properties(rendered)
    if custom is not None:
        package.relate_to(
            Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, custom, package),
            RT.CUSTOM_PROPERTIES,
        )


def _extended_properties(rendered: Rendered) -> bytes:
    generator = xml_escape(rendered.provenance.metadata()["generator"])
    company = xml_escape(rendered.meta.author or rendered.pilot_name)
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<Properties xmlns="{_EXTENDED_NS}" xmlns:vt="{_VT_NS}">'
        f"<Application>{generator}</Application><Company>{company}</Company>"
        "<DocSecurity>0</DocSecurity></Properties>"
    ).encode()


def _custom_properties(rendered: Rendered) -> bytes | None:
    values = rendered.meta.custom
    if not values:
        return None
    entries = "".join(
        f'<property fmtid="{_CUSTOM_FMTID}" pid="{pid}" name="{quoteattr(name)[1:-1]}">'
        f"<vt:lpwstr>{xml_escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(values.items(), start=2)
    )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<Properties xmlns="{_CUSTOM_NS}" xmlns:vt="{_VT_NS}">{entries}</Properties>'
    ).encode()


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
    if span.lang is not None:  # a name in another language (Sami, Kven): w:lang on the run
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), span.lang)
        run._r.get_or_add_rPr().append(lang)


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
        table.autofit = False
        header = table.rows[0]
        _repeat_as_header(header._tr)
        for i, spans in enumerate(block.header):
            self.cell(header.cells[i], spans, block.align[i], bold=True)
        for r, row in enumerate(block.rows, start=1):
            cells = table.rows[r].cells
            for i in range(columns):
                spans = row[i] if i < len(row) else []
                self.cell(cells[i], spans, block.align[i])
        _set_widths(table, block, self._text_width())
        self.document.add_paragraph()

    def _text_width(self) -> int:
        section = self.document.sections[-1]
        width = (section.page_width or PAGE_WIDTH) - (section.left_margin or MARGIN)
        return int(width - (section.right_margin or MARGIN))

    def cell(self, cell: _Cell, spans: list[Span], align: str | None, bold: bool = False) -> None:
        paragraph = cell.paragraphs[0]
        for span in spans:
            _add_span(paragraph, Span(span.text, span.strong or bold, span.emphasis, span.lang))
        if align == "right":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def column_weights(block: Table) -> list[float]:
    """How wide each column wants to be: its longest line of text up to a paragraph's
    worth, never narrower than its longest word (a "Vekt" column stays narrow)."""
    weights: list[float] = []
    for i in range(len(block.header)):
        texts = [plain(block.header[i])] + [plain(r[i]) for r in block.rows if i < len(r)]
        longest_word = max((len(word) for t in texts for word in t.split()), default=1)
        longest = max((len(t) for t in texts), default=1)
        weights.append(max(longest_word + 1.0, min(float(longest), 45.0), 3.0))
    return weights


def _set_widths(table: DocxTable, block: Table, text_width: int) -> None:
    weights = column_weights(block)
    total = sum(weights)
    widths = [int(text_width * weight / total) for weight in weights]
    grid = table._tbl.tblGrid
    for column, width in zip(grid.gridCol_lst, widths, strict=False):
        column.w = Length(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Length(width)


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
