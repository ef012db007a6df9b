"""The DOCX body writer makes its elements with lxml directly: the same XML as python-docx's
own ``add_paragraph``/``add_run``/``add_table`` give (which the writer used before), for
every kind of block and run; and each document starts from a copy of the template opened
once, never from the document before it."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import docx
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree  # type: ignore[import-untyped]

from bygdevekst_cli.render.documents import Request
from bygdevekst_cli.render.formats import docx as writer
from bygdevekst_cli.render.formats import docx_columns, docx_properties, docx_styles, docx_template
from bygdevekst_cli.render.markdown import (
    Block,
    Heading,
    ListBlock,
    Paragraph,
    Rule,
    Span,
    Table,
    document_blocks,
    with_lead_ins,
)
from bygdevekst_cli.render.output import prepare_pilot
from tests.helpers import REPO, run_cli

SPANS = [
    Span("Plain "),
    Span("bold", strong=True),
    Span(" italic ", emphasis=True),
    Span("both", strong=True, emphasis=True),
    Span("\n"),
    Span("Gáivuotna", lang="se"),
    Span("tab\there, line\nbreak", strong=True),
    Span(""),
    Span("  spaced  "),
    Span("<&> «»"),
]

BLOCKS: list[Block] = [
    Heading(1, [Span("Title")]),
    Heading(3, SPANS[:3]),
    Paragraph(SPANS),
    Rule(),
    ListBlock(
        False,
        1,
        [
            [Paragraph([Span("one")])],
            [
                Paragraph([Span("two", emphasis=True)]),
                ListBlock(True, 3, [[Paragraph([Span("three")])], [Paragraph([Span("four")])]]),
            ],
        ],
    ),
    ListBlock(True, 7, [[Paragraph([Span("seven")]), Paragraph([Span("more")])]]),
    Table(
        [[Span("Name")], [Span("Sum")], [Span("Note")]],
        [
            [[Span("A long name of a measure")], [Span("1 000", strong=True)], []],
            [[Span("B")], [Span("20")]],
        ],
        ["left", "right", None],
    ),
    Table([[Span("Year")]], [[[Span("2026")]]], ["right"]),  # two tables in a row
    Heading(2, [Span("After a table")]),
    Heading(2, [Span("Vest-Telemark, "), Span("Nord-Fron", strong=True), Span(" og Aust-")]),
    Paragraph([Span("Vest-Telemark og Kommunal- og distriktsdepartementet")]),
    Table([[Span("Year")]], [[[Span("2027")]]], ["right"]),
    Paragraph([]),
]


def _api_span(paragraph: DocxParagraph, span: Span, heading: bool = False) -> None:
    """A run as the writer made it with python-docx's API before; in a heading, a hyphen
    inside a word as Word's non-breaking hyphen."""
    if span.is_break:
        paragraph.add_run().add_break()
        return
    run = paragraph.add_run()
    if heading and not {"\t", "\r", "\n"} & set(span.text):
        for number, part in enumerate(re.split(r"(?<=\w)-(?=\w)", span.text)):
            if number:
                run._r.append(OxmlElement("w:noBreakHyphen"))
            if part:
                run._r.add_t(part)
    else:
        run.text = span.text
    run.bold = span.strong or None
    run.italic = span.emphasis or None
    if span.lang is not None:
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), span.lang)
        run._r.get_or_add_rPr().append(lang)


def _follows_table(document: DocumentObject) -> bool:
    last = [e for e in document.element.body if e.tag != qn("w:sectPr")][-1:]
    return bool(last) and last[0].tag == qn("w:tbl")


def _api_paragraph(document: DocumentObject, spans: list[Span], style: str | None = None) -> None:
    after_table = _follows_table(document)
    paragraph = document.add_paragraph(style=style)
    if after_table and not (style or "").startswith("Heading"):
        paragraph.paragraph_format.space_before = writer.SPACE_AFTER_TABLE
    for span in spans:
        _api_span(paragraph, span, (style or "").startswith("Heading"))


def _api_list(document: DocumentObject, block: ListBlock, depth: int) -> None:
    level = min(depth, 2)
    style = ("List Number" if block.ordered else "List Bullet") + (f" {level + 1}" if level else "")
    number = docx_styles.restart_numbering(document, style, block.start) if block.ordered else None
    for item in block.items:
        first = True
        for inner in item:
            if isinstance(inner, Paragraph) and first:
                _api_paragraph(document, inner.spans, style)
                if number is not None:
                    docx_styles.use_numbering(document.paragraphs[-1]._p, number, level)
                first = False
            elif isinstance(inner, ListBlock):
                _api_list(document, inner, depth + 1)
            else:
                _api_block(document, inner, depth + 1)


def _api_table(document: DocumentObject, block: Table) -> None:
    columns = len(block.header)
    if _follows_table(document):
        document.add_paragraph()
    table = document.add_table(rows=1 + len(block.rows), cols=columns)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    header = table.rows[0]
    for row in table.rows:  # no row split across pages
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(flag)
    kept = bool(block.rows)  # the header kept with the first row
    cells = [
        (header.cells[i], spans, True, block.align[i], kept) for i, spans in enumerate(block.header)
    ]
    for r, row in enumerate(block.rows, start=1):
        found = table.rows[r].cells
        kept = block.kept_whole and r < len(block.rows)  # a short table kept on one page
        for i in range(columns):
            cells.append((found[i], row[i] if i < len(row) else [], False, block.align[i], kept))
    for cell, spans, bold, align, keep in cells:
        paragraph = cell.paragraphs[0]
        for span in spans:  # a number's spaces no-break spaces, as HTML and PDF keep it whole
            text = docx_columns.bound(span.text)
            _api_span(paragraph, Span(text, span.strong or bold, span.emphasis, span.lang))
        if keep:
            paragraph.paragraph_format.keep_with_next = True
        if align == "right":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    section = document.sections[-1]
    assert section.page_width and section.left_margin and section.right_margin
    text_width = int(section.page_width - section.left_margin - section.right_margin)
    measured = docx_columns.Columns.of(block)
    fit = docx_columns.table_fit(measured, text_width, docx_columns.table_text_size(document))
    assert fit.size is None  # the document's tables are all at the style's size
    widths = docx_columns.column_widths(
        measured, text_width, fit.character, fit.margins, measured=fit.whole
    )
    if fit.margins != docx_columns.CELL_MARGINS:  # narrow cell margins, before w:tblLook
        look = table._tbl.tblPr.find(qn("w:tblLook"))
        docx_columns.set_cell_margins(table._tbl.tblPr, fit.margins)
        look.addprevious(table._tbl.tblPr[-1])
    for grid_column, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        grid_column.w = Length(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Length(width)


def _api_block(document: DocumentObject, block: Block, depth: int = 0) -> None:
    if isinstance(block, Heading):
        _api_paragraph(document, block.spans, f"Heading {block.level}")
    elif isinstance(block, Paragraph):
        _api_paragraph(document, block.spans)
    elif isinstance(block, ListBlock):
        _api_list(document, block, depth)
    elif isinstance(block, Table):
        _api_table(document, block)


def _body(document: DocumentObject) -> bytes:
    return bytes(etree.tostring(document.element.body))


def test_the_direct_writer_makes_the_xml_python_docx_makes() -> None:
    template = docx_template.template_bytes(None)
    by_api = docx_template.default_document()
    for block in BLOCKS:
        _api_block(by_api, block)
    direct = docx_template.default_document()
    body_writer = writer._Writer(direct, None, docx_styles.StyleIds(direct, template))
    for block in BLOCKS:
        body_writer.block(block)
    assert b"<w:i/>" in _body(direct) and b"<w:tab/>" in _body(direct)  # the cases are here
    assert _body(direct).count(b"<w:noBreakHyphen/>") == 2  # in the heading, not «Aust-»
    assert _body(direct) == _body(by_api)
    numbering = direct.part.numbering_part.element
    assert etree.tostring(numbering) == etree.tostring(by_api.part.numbering_part.element)


def test_a_case_document_written_directly_equals_one_written_through_the_api() -> None:
    prepared = prepare_pilot(
        str(REPO / "pilots" / "vest-telemark"), Request("case", 2026, "fyresdal"), cwd=REPO
    )
    [rendered] = prepared.render()
    written = docx.Document(io.BytesIO(writer.convert(rendered)))
    by_api = docx_template.default_document()
    for block, lead_in in with_lead_ins(document_blocks(rendered.body)):
        _api_block(by_api, block)
        if lead_in:  # kept with the table or list it introduces
            by_api.paragraphs[-1].paragraph_format.keep_with_next = True
    if _follows_table(by_api):
        by_api.add_paragraph()
    ours = [etree.tostring(e) for e in written.element.body if e.tag != qn("w:sectPr")]
    theirs = [etree.tostring(e) for e in by_api.element.body if e.tag != qn("w:sectPr")]
    assert len(ours) > 50
    assert ours == theirs


def test_each_document_starts_from_a_fresh_copy_of_the_template(tmp_path: Path) -> None:
    # a copy outside the repository: a commit made between the two runs (by someone at work
    # in this checkout) would change the provenance in the footer and the properties
    pilot = tmp_path / "vest-telemark"
    shutil.copytree(REPO / "pilots" / "vest-telemark", pilot)
    code, output = run_cli(
        "render", "case", str(pilot), "--year", "2026",
        "--municipality", "all", "--format", "docx", "--output", str(tmp_path / "many"),
    )  # fmt: skip
    assert code == 0, output
    code, output = run_cli(
        "render", "case", str(pilot), "--year", "2026",
        "--municipality", "vinje", "--format", "docx", "--output", str(tmp_path / "one"),
    )  # fmt: skip
    assert code == 0, output
    [alone] = list((tmp_path / "one").rglob("*.docx"))
    [last] = [p for p in (tmp_path / "many").rglob("*.docx") if p.name == alone.name]
    with zipfile.ZipFile(alone) as one, zipfile.ZipFile(last) as many:
        assert {n: one.read(n) for n in one.namelist()} == {
            n: many.read(n) for n in many.namelist()
        }
    pristine = docx_template.opened(docx_template.template_bytes(None), None)
    assert not [e for e in pristine.element.body if e.tag != qn("w:sectPr")]


def test_the_property_escapes_are_those_of_saxutils() -> None:
    from xml.sax.saxutils import escape, quoteattr

    for text in ("a&b<c>d", "x\ny\tz\rw", "it's", "plain æøå", "&amp;", ""):
        assert docx_properties.xml_escape(text) == escape(text)
        assert docx_properties._attribute(text) == quoteattr(text)[1:-1]
    assert docx_properties._attribute('say "hi"') == "say &quot;hi&quot;"  # saxutils: unquoted
