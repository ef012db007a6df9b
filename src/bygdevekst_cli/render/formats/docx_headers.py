"""The header and footer a page shows: the draft marking in the header, the provenance
line and «Side 1 av 5» in the footer, never written into a template's letterhead."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from bygdevekst_cli.language import words
from bygdevekst_cli.render.formats.docx_runs import add_span
from bygdevekst_cli.render.formats.docx_styles import StyleIds
from bygdevekst_cli.render.markdown import line_spans
from bygdevekst_cli.render.pipeline import Rendered

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject
    from docx.section import _Footer, _Header
    from docx.text.paragraph import Paragraph as DocxParagraph


#: The space above the footer's provenance line. Word and LibreOffice move the body up
#: where a footer outgrows the bottom margin, but only just clear of it: without this the
#: last body line of a full page ran into the footer's first line, read as one paragraph.
FOOTER_GAP = Pt(9)


def has_footer_text(document: DocumentObject) -> bool:
    return any(_has_text(section.footer) for section in document.sections)


def _has_text(part: _Header | _Footer) -> bool:
    """Whether a header or footer has text or a field (a page number) of its own."""
    return any(
        paragraph.text.strip() or paragraph._p.xpath(".//w:fldSimple | .//w:instrText")
        for paragraph in part.paragraphs
    )


def mark_draft(document: DocumentObject, mark: str, style_id: StyleIds) -> None:
    """A draft from data with errors: the marking in every page's header and in the title,
    keywords and status of the core properties."""
    core = document.core_properties
    core.title = f"{mark}: {core.title}"
    core.keywords = f"{mark}; {core.keywords}"
    core.content_status = mark
    for header in _shown(document, "header"):
        paragraph = _free_paragraph(header, at_start=True)  # above a template's logo
        paragraph._p.style = style_id("Header", WD_STYLE_TYPE.PARAGRAPH)  # as .style = name
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(mark).bold = True


def _shown(document: DocumentObject, kind: str) -> list[_Header | _Footer]:
    """Every header (``kind`` "header") or footer ("footer") a page of the document shows:
    each section's default one, its first page's where a template has a different first
    page (a letterhead with the logo), and the even pages' where it has different odd and
    even pages."""
    even = document.settings.odd_and_even_pages_header_footer
    shown: list[_Header | _Footer] = []
    for section in document.sections:
        shown.append(getattr(section, kind))
        if section.different_first_page_header_footer:
            shown.append(getattr(section, f"first_page_{kind}"))
        if even:
            shown.append(getattr(section, f"even_page_{kind}"))
    return shown


_CONTENT = ".//w:t | .//w:fldSimple | .//w:instrText | .//w:drawing | .//w:pict | .//w:object"
"""What makes a header's or footer's paragraph the template's own: text, a field, a picture."""


def _free_paragraph(part: _Header | _Footer, *, at_start: bool) -> DocxParagraph:
    """The header's or footer's first paragraph where it is empty (as in python-docx's
    template), else a new one at its start or end: a template's letterhead, logo or
    address is never written into."""
    paragraphs: list[DocxParagraph] = part.paragraphs
    if paragraphs and not paragraphs[0]._p.xpath(_CONTENT):
        return paragraphs[0]
    paragraph = part.add_paragraph()
    if at_start:
        part._element.insert(0, paragraph._p)
    return paragraph


def set_footer(document: DocumentObject, rendered: Rendered, style_id: StyleIds) -> None:
    """The provenance line, and under it "Side 1 av 5" from PAGE and NUMPAGES fields, in
    every footer a page shows."""
    page = words(rendered.language)("doc.docx.page", page="\0PAGE\0", pages="\0NUMPAGES\0")
    footer_style = style_id("Footer", WD_STYLE_TYPE.PARAGRAPH)
    for footer in _shown(document, "footer"):
        if _has_text(footer):  # a letterhead's first-page footer with the address
            continue
        footer.is_linked_to_previous = False
        paragraph = _free_paragraph(footer, at_start=False)
        paragraph._p.style = footer_style  # as ``paragraph.style = "Footer"``
        paragraph.paragraph_format.space_before = FOOTER_GAP
        for span in line_spans(rendered.footer):
            add_span(paragraph._p, span)
        numbers = footer.add_paragraph()
        numbers._p.style = footer_style  # as ``add_paragraph(style="Footer")``
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
