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
import functools
import html
import io
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.numbering import NumberingPart
from docx.section import Section
from docx.shared import Cm, Length, Mm, Pt, Twips
from docx.styles import BabelFish
from docx.styles.style import ParagraphStyle
from lxml import etree  # type: ignore[import-untyped]  # no stubs; python-docx uses it

from bygdevekst_cli.errors import UserError
from bygdevekst_cli.language import cli_words, words
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
    line_spans,
    plain,
    with_lead_ins,
)
from bygdevekst_cli.render.pipeline import Rendered
from bygdevekst_cli.render.reproducible import fixed_package

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject
    from docx.opc.package import OpcPackage
    from docx.section import _Footer, _Header
    from docx.text.paragraph import Paragraph as DocxParagraph


#: A4, and the margins of a Norwegian municipal letter (2.5 cm all round).
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Mm(210), Mm(297), Mm(25)
#: The distance of the header and footer from the page's edge where a template has no page
#: set-up (Word's, 1.25 cm).
HEADER_DISTANCE = Mm(12.5)
#: A chart's width: the text width of the default page (A4 less 2.5 cm margins).
CHART_WIDTH = Cm(16)
#: The space above a paragraph that follows a table (the Normal style's space after a
#: paragraph), in place of an empty paragraph; a heading keeps its style's space.
SPACE_AFTER_TABLE = Twips(200)
#: The size of a table's text in the default template (the table style's, so that a
#: municipality's template sets its own): as the PDF's tables, and small enough for five
#: columns of amounts and a measure's title to share an A4 page.
TABLE_TEXT = Pt(9)
#: The footer's text in the default template, as the PDF's (7.5 pt): a provenance line of
#: three lines and the page number fit the bottom margin.
FOOTER_TEXT = Pt(8)
#: The space above the footer's provenance line. Word and LibreOffice move the body up
#: where a footer outgrows the bottom margin, but only just clear of it: without this the
#: last body line of a full page ran into the footer's first line, read as one paragraph.
FOOTER_GAP = Pt(9)

_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_EXTENDED_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
#: The format id Word gives every user-defined custom property.
_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_PROPERTY = f"{{{_CUSTOM_NS}}}property"
#: A parser for a template's own parts: no entities resolved, nothing fetched.
_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def convert(rendered: Rendered, draft: str | None = None) -> bytes:
    reference = rendered.meta.reference_docx
    template = _template_bytes(reference)
    # a copy of the template as opened once (reading and parsing its parts is the cost)
    document = copy.deepcopy(_opened(template, reference))
    _set_language(document, rendered.locale)
    _set_properties(document, rendered)
    style_id = _StyleIds(document, template)
    if draft is not None:
        _mark_draft(document, draft, style_id)
    writer = _Writer(document, rendered.charts, style_id)
    for block, lead_in in with_lead_ins(document_blocks(rendered.body)):
        if lead_in and isinstance(block, Paragraph):  # kept with what it introduces
            writer.paragraph(block.spans).get_or_add_pPr().keepNext_val = True
        else:
            writer.block(block)
            if lead_in:  # a chart, kept with its table
                writer.keep_with_next()
    writer.close()
    if reference is None or not _has_footer_text(document):
        _set_footer(document, rendered, style_id)
    _across_the_page(document, writer.page_wide)
    _set_package_parts(document, rendered)
    buffer = io.BytesIO()
    document.save(buffer)
    # python-docx dates each zip entry by the clock: every run gave other bytes for the same
    # document, and a case system's checksum or git saw a change. The entries are dated as
    # the core properties are (the day of the data's rendering, ``SOURCE_DATE_EPOCH``'s).
    day = dt.datetime.combine(rendered.provenance.date, dt.time())
    return fixed_package(buffer.getvalue(), day)


@functools.lru_cache(maxsize=4)
def _opened(template: bytes, reference: Path | None) -> DocumentObject:
    """The document every file from ``template`` starts as, opened once per process and
    template content; ``convert`` changes only a deep copy of it."""
    return _from_reference(template, reference) if reference is not None else _default_document()


def _default_document() -> DocumentObject:
    """python-docx's template on A4 with Norwegian margins, tables in ``TABLE_TEXT`` and
    the footer in ``FOOTER_TEXT``."""
    document = Document(io.BytesIO(_template_bytes(None)))
    document.styles["Table Grid"].font.size = TABLE_TEXT
    document.styles["Footer"].font.size = FOOTER_TEXT
    for section in document.sections:
        _norwegian_page(section)
    return document


def _norwegian_page(section: Section) -> None:
    """A4 with the margins of a Norwegian municipal letter."""
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = section.bottom_margin = MARGIN


def _from_reference(template: bytes, path: Path) -> DocumentObject:
    """The municipality's template (``path``, read as ``template``) with its body emptied:
    its styles, numbering, page set-up (the last section's properties), header and footer
    stay. Styles the documents use that the template lacks are copied from python-docx's
    default template. A Word template (.dotx, .dotm) serves as well as a document."""
    try:
        document = Document(io.BytesIO(_as_document(template)))
    except (zipfile.BadZipFile, zlib.error, etree.XMLSyntaxError):
        # not a ZIP package, or one with a part damaged (cut short, edited by hand)
        raise _damaged(path, template) from None
    except (KeyError, ValueError, PackageNotFoundError):  # a package, but not Word's
        raise _bad_reference(path, "doc.docx.not_word") from None
    body = document.element.body
    _inherit_headers(body)
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    _detach_template(document)
    _ready_to_send(document)
    if body.sectPr is None:  # no page set-up of its own (valid; Word then uses its own)
        section = Section(body.get_or_add_sectPr(), document.part)
        _norwegian_page(section)
        section.header_distance = section.footer_distance = HEADER_DISTANCE
        section.gutter = Mm(0)  # w:pgMar has all seven attributes or it is not valid
    _take_local_styles(document)
    _copy_missing_styles(document)
    _headings_as_written(document)
    return document


def _inherit_headers(body: etree._Element) -> None:
    """The last section given the headers and footers it shows from earlier sections
    (Word's «same as previous»: a section without a reference of a kind uses the one
    before it), as the earlier sections go with the template's body text."""
    sections = body.xpath("w:p/w:pPr/w:sectPr | w:sectPr")
    if len(sections) < 2:
        return
    last = sections[-1]
    for tag in (qn("w:headerReference"), qn("w:footerReference")):
        for kind in ("default", "first", "even"):
            if _reference(last, tag, kind) is not None:
                continue
            inherited = (_reference(earlier, tag, kind) for earlier in reversed(sections[:-1]))
            found = next((ref for ref in inherited if ref is not None), None)
            if found is not None:
                last.insert(0, copy.deepcopy(found))  # the references come first


def _reference(section: etree._Element, tag: str, kind: str) -> etree._Element | None:
    """A section's header or footer reference (``tag``) of one kind (default, first, even)."""
    return next((e for e in section.findall(tag) if e.get(qn("w:type")) == kind), None)


def _detach_template(document: DocumentObject) -> None:
    """Without the template's own ``w:attachedTemplate``: a document made from a
    municipality's template names that template's file (often on the municipality's file
    server), and Word looks for it each time the document is opened, wherever it is sent."""
    part = document.part._settings_part
    for attached in part.element.findall(qn("w:attachedTemplate")):
        rid = attached.get(qn("r:id"))
        part.element.remove(attached)
        if rid in part.rels:
            del part.rels[rid]


#: Settings of a template that would make every document from it locked or recording: its
#: protection (read-only, forms or comments only, tracked changes forced), the «open
#: read-only» recommendation or password to modify, and revision tracking turned on.
_LOCKING_SETTINGS = ("w:documentProtection", "w:writeProtection", "w:trackRevisions")
#: The parts of a template's comments (Word's own and its extensions) and their authors.
_COMMENT_PARTS = (
    RT.COMMENTS,
    "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
    "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds",
    "http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible",
    "http://schemas.microsoft.com/office/2011/relationships/people",
)
#: The parts of a template's macros (.dotm, .docm): its VBA project and the toolbars and
#: key bindings that run them. A .docx may not hold them (Word refuses to open it).
_MACRO_PARTS = (
    "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
    "http://schemas.microsoft.com/office/2006/relationships/keyMapCustomizations",
    "http://schemas.microsoft.com/office/2006/relationships/attachedToolbars",
)
#: The core properties that are the template file's own state, not the document's: its
#: status («Final» when Word marked it as final) and when it was last printed.
_TEMPLATE_STATE = ("cp:contentStatus", "cp:lastPrinted")


def _ready_to_send(document: DocumentObject) -> None:
    """A template's state that a case officer would have to undo by hand before sending a
    document made from it, removed: the document is clean (no tracked changes, no
    comments, no macros) and editable (no protection, not marked as final); the template's styles,
    headers, footers, logo and page set-up stay as they are."""
    settings = document.settings.element
    for tag in _LOCKING_SETTINGS:
        for element in settings.findall(qn(tag)):
            settings.remove(element)
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype in _COMMENT_PARTS or rel.reltype in _MACRO_PARTS:
            del document.part.rels[rid]
    core = document.core_properties._element
    for tag in _TEMPLATE_STATE:
        for element in core.findall(qn(tag)):
            core.remove(element)
    for part in document.part.package.iter_parts():
        if isinstance(part, XmlPart):  # a part python-docx parsed: headers, styles, numbering
            _accept_revisions(part.element)


#: Revision marks whose content stays (inserted, moved here) and whose content goes
#: (deleted, moved away); and the marks that only record a change of formatting or a move.
_INSERTED = ("w:ins", "w:moveTo")
_DELETED = ("w:del", "w:moveFrom")
_RECORDS = (
    "w:rPrChange",
    "w:pPrChange",
    "w:sectPrChange",
    "w:tblPrChange",
    "w:tblPrExChange",
    "w:tblGridChange",
    "w:trPrChange",
    "w:tcPrChange",
    "w:numberingChange",
    "w:moveFromRangeStart",
    "w:moveFromRangeEnd",
    "w:moveToRangeStart",
    "w:moveToRangeEnd",
)
_MARK_HOLDERS = (qn("w:rPr"), qn("w:trPr"))


def _accept_revisions(root: etree._Element) -> None:
    """The tracked changes of a template's part (a header edited while changes were
    tracked) accepted, as Word's «Accept all changes» does: inserted text kept unmarked,
    deleted text and deleted table rows gone, the records of formatting changes dropped.
    Without this every document from the template opens with the header's changes shown."""
    inserted, deleted = {qn(t) for t in _INSERTED}, {qn(t) for t in _DELETED}
    records = {qn(t) for t in _RECORDS}
    marks = list(root.iter(*inserted, *deleted, *records))
    for element in marks:
        parent = element.getparent()
        if parent is None:
            continue
        if element.tag in records:
            parent.remove(element)
        elif parent.tag in _MARK_HOLDERS:  # a mark on a paragraph's end or a table row
            if element.tag in deleted and parent.tag == qn("w:trPr"):
                row = parent.getparent()
                if row is not None and row.getparent() is not None:
                    row.getparent().remove(row)
                    continue
            parent.remove(element)
        elif element.tag in deleted:
            parent.remove(element)
        else:
            _unwrap(element)


def _unwrap(element: etree._Element) -> None:
    """``element`` replaced by its children, in place."""
    parent = element.getparent()
    index = parent.index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(index + offset, child)
    parent.remove(element)


def _bad_reference(path: Path, reason: str, **values: object) -> UserError:
    say = cli_words()
    return UserError(say("doc.docx.bad_reference", file=str(path), reason=say(reason, **values)))


def _damaged(path: Path, template: bytes) -> UserError:
    """What is wrong with a template python-docx could not read: not a ZIP package, or the
    part that cannot be unpacked (a bad checksum, broken compressed data) or is not
    well-formed XML, with its line. python-docx does not say which part it was reading,
    so the parts are read again, in order, until one fails (only on this error path)."""
    if not zipfile.is_zipfile(io.BytesIO(template)):
        return _bad_reference(path, "doc.docx.not_zip")
    with zipfile.ZipFile(io.BytesIO(template)) as package:
        for name in package.namelist():
            try:
                data = package.read(name)
            except (zipfile.BadZipFile, zlib.error):
                return _bad_reference(path, "doc.docx.damaged_part", part=name)
            if not name.endswith((".xml", ".rels")):
                continue
            try:
                etree.fromstring(data, _SAFE_PARSER)
            except etree.XMLSyntaxError as found:
                return _bad_reference(path, "doc.docx.broken_part", part=name, line=found.lineno)
    return _bad_reference(path, "doc.docx.not_word")


#: The main part of a document (.docx), and of the other Word packages that are the same
#: but for it: a template (.dotx), and a document or template with macros (.docm, .dotm).
_DOCUMENT_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_OTHER_MAINS = (
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    b"application/vnd.ms-word.document.macroEnabled.main+xml",
    b"application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)


def _as_document(template: bytes) -> bytes:
    """A Word template (.dotx), or a document or template with macros (.docm, .dotm), as
    the document it is the template of: the same package with its main part's content
    type changed (python-docx opens documents only; the macros go in ``_ready_to_send``).
    Any other file is returned as it is."""
    try:
        package = zipfile.ZipFile(io.BytesIO(template))
        types = package.read("[Content_Types].xml")
        main = next((kind for kind in _OTHER_MAINS if kind in types), None)
        if main is None:
            return template
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as document:
            for item in package.infolist():
                data = package.read(item.filename)
                if item.filename == "[Content_Types].xml":
                    data = data.replace(main, _DOCUMENT_MAIN)
                document.writestr(item, data)
    except (zipfile.BadZipFile, zlib.error, KeyError):
        return template  # python-docx says what is wrong with it
    return buffer.getvalue()


def _template_bytes(path: Path | None) -> bytes:
    """A template's file (None: python-docx's own), read once per process while it stays
    the same; each document is then opened from memory."""
    if path is None:
        return _default_template()
    try:
        stat = path.stat()
        return _read_template(path, stat.st_mtime_ns, stat.st_size)
    except FileNotFoundError:  # a municipality's reference_docx that is not there
        raise _bad_reference(path, "doc.docx.missing") from None
    except IsADirectoryError:
        raise _bad_reference(path, "doc.docx.folder") from None
    except OSError:
        raise _bad_reference(path, "doc.docx.unreadable") from None


@functools.cache
def _default_template() -> bytes:
    return resources.files("docx").joinpath("templates", "default.docx").read_bytes()


@functools.lru_cache(maxsize=16)
def _read_template(path: Path, modified: int, size: int) -> bytes:
    return path.read_bytes()


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


#: The names a Norwegian template may give the styles the documents use (``_USED_STYLES``):
#: a style of its own named as Word shows its built-in one in Norwegian («Overskrift 1»),
#: or that name as its id (``Overskrift1``), in place of Word's English name.
_LOCAL_NAMES = {
    "Title": "Tittel",
    **{f"Heading {level}": f"Overskrift {level}" for level in range(1, 10)},
    "List Bullet": "Punktliste",
    "List Number": "Nummerert liste",
    "Table Grid": "Tabellrutenett",
    "Header": "Topptekst",
    "Footer": "Bunntekst",
}


def _take_local_styles(document: DocumentObject) -> None:
    """The template's own style for each style the documents use that it has only under
    another name, given Word's name (as python-docx looks it up): Word's name in other
    letter case («Heading 1», as LibreOffice saves it, where Word writes «heading 1»: the
    lookup failed with a traceback), or its Norwegian name (``_LOCAL_NAMES``: the headings
    are then the municipality's «Overskrift 1», not python-docx's blue Cambria copied in
    beside it, and Word knows them as headings, for the navigation pane)."""
    names = {style.element.name_val for style in document.styles}
    for name in _USED_STYLES:
        internal = BabelFish.ui2internal(name)
        if internal in names:
            continue
        local = _LOCAL_NAMES.get(name, name)
        by_name = {_style_key(name), _style_key(local)}
        by_id = {_style_key(local.replace(" ", ""))} if local != name else set()
        kind = WD_STYLE_TYPE.TABLE if name == "Table Grid" else WD_STYLE_TYPE.PARAGRAPH
        found = next(
            (
                style
                for style in document.styles
                if style.type == kind
                and (
                    _style_key(style.element.name_val or "") in by_name
                    or _style_key(style.style_id) in by_id
                )
            ),
            None,
        )
        if found is not None:
            found.element.name_val = internal
            names.add(internal)


def _style_key(name: str) -> str:
    """A style's name or id as compared with ``_LOCAL_NAMES``: case and spacing aside."""
    return " ".join(name.split()).casefold()


def _headings_as_written(document: DocumentObject) -> None:
    """The template's heading styles as the documents need them: each heading kept with
    the paragraph (or table) after it, whatever the template says (a heading could stand
    alone at a page's foot), and without the template's own numbering of headings (the
    documents number their chapters, «1. Bakgrunn», and «1. 1. Bakgrunn» came out)."""
    for level in range(1, 10):
        style = next((s for s in document.styles if s.name == f"Heading {level}"), None)
        if not isinstance(style, ParagraphStyle):
            continue
        chain = list(_style_chain(style))
        keep = next((s.paragraph_format.keep_with_next for s in chain
                     if s.paragraph_format.keep_with_next is not None), None)  # fmt: skip
        if not keep:
            style.paragraph_format.keep_with_next = True
        if any(_numbering(s) is not None for s in chain):
            own = style.element.get_or_add_pPr()
            own.get_or_add_numPr().get_or_add_numId().val = 0  # «no numbering»
            for child in list(own.numPr):
                if child.tag != qn("w:numId"):
                    own.numPr.remove(child)


def _style_chain(style: ParagraphStyle) -> Iterator[ParagraphStyle]:
    """A style and the styles it is based on, nearest first (a loop in a damaged template
    ends the chain)."""
    seen: set[str] = set()
    current: object = style
    while isinstance(current, ParagraphStyle) and current.style_id not in seen:
        seen.add(current.style_id)
        yield current
        current = current.base_style


def _numbering(style: ParagraphStyle) -> etree._Element | None:
    """A paragraph style's own ``w:numPr`` whose ``w:numId`` is not 0 (0 ends numbering)."""
    properties = style.element.pPr
    num_pr = properties.numPr if properties is not None else None
    if num_pr is None or (num_pr.numId is not None and num_pr.numId.val == 0):
        return None
    return num_pr


def _copy_missing_styles(document: DocumentObject) -> None:
    """The styles the documents use that a template lacks, from python-docx's template. A
    template saved by Word defines only the styles it uses, so it often lacks the list
    styles: those come with their numbering (bullets; the numbers of an innstilling's
    points), copied into the template's numbering part."""
    source = Document(io.BytesIO(_template_bytes(None)))
    default = source.styles
    _add_numbering_part(document)
    names = {style.name for style in document.styles}
    ids = {style.style_id for style in document.styles}
    numbers: dict[int, int] = {}  # the default's numId → the copy's, each copied once
    for name in _USED_STYLES:
        if name not in names and name in {s.name for s in default}:
            element = copy.deepcopy(default[name].element)
            element.set(qn("w:styleId"), _free_id(element.get(qn("w:styleId")), ids))
            for num_pr in element.iter(qn("w:numPr")):
                _copy_numbering(num_pr, source, document, numbers)
            document.styles.element.append(element)


def _free_id(style_id: str, taken: set[str]) -> str:
    """``style_id``, or where a template's style of another name has it (its own «Title»
    named «Forside»), that id numbered on: two styles of one id are one style to Word,
    and the documents' titles took the template's other style. Added to ``taken``."""
    free, number = style_id, 1
    while free in taken:
        number += 1
        free = f"{style_id}{number}"
    taken.add(free)
    return free


def _add_numbering_part(document: DocumentObject) -> None:
    """An empty numbering part for a template without one (Word writes none where no list
    is used); python-docx cannot make one, and numbered lists need it."""
    part = document.part
    if any(rel.reltype == RT.NUMBERING for rel in part.rels.values()):
        return
    element = parse_xml(f"<w:numbering {nsdecls('w')}/>")
    numbering = NumberingPart(
        PackURI("/word/numbering.xml"), CT.WML_NUMBERING, element, part.package
    )
    part.relate_to(numbering, RT.NUMBERING)


def _copy_numbering(
    num_pr: etree._Element,
    source: DocumentObject,
    document: DocumentObject,
    numbers: dict[int, int],
) -> None:
    """A copied style's ``w:numPr`` pointed at a numbering of ``document`` that is a copy
    of the one it has in ``source`` (its ``w:abstractNum`` under a free id, and a new
    ``w:num``)."""
    if num_pr.numId is None:
        return
    old = int(num_pr.numId.val)
    if old not in numbers:
        numbering = document.part.numbering_part.element
        definition = source.part.numbering_part.element.num_having_numId(old)
        abstract = copy.deepcopy(
            definition.xpath(
                f"../w:abstractNum[@w:abstractNumId='{definition.abstractNumId.val}']"
            )[0]
        )
        for nsid in abstract.findall(qn("w:nsid")):  # Word joins lists of the same nsid
            abstract.remove(nsid)
        taken = [int(v) for v in numbering.xpath("w:abstractNum/@w:abstractNumId")]
        abstract_id = max(taken, default=-1) + 1
        abstract.set(qn("w:abstractNumId"), str(abstract_id))
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:  # every w:abstractNum comes before the first w:num
            first_num.addprevious(abstract)
        else:
            numbering.insert(0, abstract)
        numbers[old] = int(numbering.add_num(abstract_id).numId)
    num_pr.numId.val = numbers[old]


def _has_footer_text(document: DocumentObject) -> bool:
    return any(_has_text(section.footer) for section in document.sections)


def _has_text(part: _Header | _Footer) -> bool:
    """Whether a header or footer has text or a field (a page number) of its own."""
    return any(
        paragraph.text.strip() or paragraph._p.xpath(".//w:fldSimple | .//w:instrText")
        for paragraph in part.paragraphs
    )


def _set_language(document: DocumentObject, locale: str) -> None:
    """The language of all text: in the style defaults, every style, and the settings."""
    styles = document.styles.element
    properties = _run_defaults(styles)
    for element in styles.iter(qn("w:lang")):
        element.set(qn("w:val"), locale)
    if properties.find(qn("w:lang")) is None:
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), locale)
        properties.append(lang)
    settings = document.settings.element
    for element in settings.iter(qn("w:themeFontLang")):
        element.set(qn("w:val"), locale)


def _run_defaults(styles: etree._Element) -> etree._Element:
    """The styles' default run properties (``w:docDefaults/w:rPrDefault/w:rPr``), added
    where a template has none (they are optional; Word's own templates have them)."""
    parent = styles
    for tag in ("w:docDefaults", "w:rPrDefault", "w:rPr"):
        child = parent.find(qn(tag))
        if child is None:
            child = OxmlElement(tag)
            parent.insert(0, child)  # each comes first in its parent
        parent = child
    return parent


def _set_properties(document: DocumentObject, rendered: Rendered) -> None:
    stamp = rendered.provenance
    core = document.core_properties
    core.title = rendered.file_title
    core.subject = rendered.subject
    core.language = rendered.locale
    core.author = rendered.author
    core.last_modified_by = stamp.metadata()["generator"]
    core.category = rendered.category
    core.keywords = "; ".join(rendered.keywords)
    core.comments = plain(line_spans(rendered.footer))
    core.identifier = stamp.commit or ""
    core.version = stamp.short_commit or ""
    moment = dt.datetime.combine(stamp.date, dt.time(), tzinfo=dt.UTC)
    core.created = moment
    core.modified = moment
    core.revision = 1


def _mark_draft(document: DocumentObject, mark: str, style_id: _StyleIds) -> None:
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


def _set_footer(document: DocumentObject, rendered: Rendered, style_id: _StyleIds) -> None:
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
            _add_span(paragraph._p, span)
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


def _set_package_parts(document: DocumentObject, rendered: Rendered) -> None:
    """What python-docx's template leaves behind, replaced: the application name, the
    thumbnail of an empty page, the spelling state; and the custom properties added (to
    those of a municipality's template)."""
    package = document.part.package
    kept = _template_custom_properties(package)
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
    custom = _custom_properties(rendered, kept)
    if custom is not None:
        package.relate_to(
            Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, custom, package),
            RT.CUSTOM_PROPERTIES,
        )


def _extended_properties(rendered: Rendered) -> bytes:
    generator = xml_escape(rendered.provenance.metadata()["generator"])
    company = xml_escape(rendered.author)
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<Properties xmlns="{_EXTENDED_NS}" xmlns:vt="{_VT_NS}">'
        f"<Application>{generator}</Application><Company>{company}</Company>"
        "<DocSecurity>0</DocSecurity></Properties>"
    ).encode()


def _template_custom_properties(package: OpcPackage) -> list[etree._Element]:
    """The custom properties a template has of its own (``w:property`` elements): a case
    system's template fills its header with them through DOCPROPERTY fields. None from a
    part that is not XML."""
    for rel in package.rels.values():
        if rel.reltype == RT.CUSTOM_PROPERTIES and not rel.is_external:
            try:
                root = etree.fromstring(rel.target_part.blob, _SAFE_PARSER)
            except etree.XMLSyntaxError:
                return []
            return [
                p
                for p in root
                if p.tag == _PROPERTY and p.get("name") and p.get("name") != _MARKED_FINAL
            ]
    return []


#: The custom property by which Word marks a document as final (read-only until the reader
#: clicks «Edit anyway»): a template's, never the document's.
_MARKED_FINAL = "_MarkAsFinal"


def _custom_properties(rendered: Rendered, kept: list[etree._Element]) -> bytes | None:
    """The document's custom properties (the case record), then the template's own that
    the document does not set, numbered on."""
    values = rendered.meta.custom
    own = [p for p in kept if p.get("name") not in values]
    if not values and not own:
        return None
    entries = "".join(
        f'<property fmtid="{_CUSTOM_FMTID}" pid="{pid}" name="{_attribute(name)}">'
        f"<vt:lpwstr>{xml_escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(values.items(), start=2)
    )
    for pid, element in enumerate(own, start=2 + len(values)):
        renumbered = copy.deepcopy(element)
        renumbered.set("pid", str(pid))
        entries += etree.tostring(renumbered, encoding="unicode")
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<Properties xmlns="{_CUSTOM_NS}" xmlns:vt="{_VT_NS}">{entries}</Properties>'
    ).encode()


def xml_escape(text: str) -> str:
    """Text as XML character data: ``&``, ``<`` and ``>`` escaped (as ``xml.sax.saxutils``
    does; that module imports ``urllib.request``, and with it ``ssl``)."""
    return html.escape(text, quote=False)


def _attribute(text: str) -> str:
    """Text inside a double-quoted XML attribute (as ``saxutils.quoteattr`` escapes it)."""
    escaped = xml_escape(text).replace('"', "&quot;")
    return escaped.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")


#: Characters python-docx turns into elements of their own in a run's text.
_RUN_CONTROLS = frozenset("\t\r\n")

# The WordprocessingML names the body writer makes, in Clark notation (``qn`` once each).
_P, _PPR, _PSTYLE, _JC = qn("w:p"), qn("w:pPr"), qn("w:pStyle"), qn("w:jc")
_R, _RPR, _T, _BR = qn("w:r"), qn("w:rPr"), qn("w:t"), qn("w:br")
_B, _I, _LANG, _VAL = qn("w:b"), qn("w:i"), qn("w:lang"), qn("w:val")
_TBL, _TBLPR, _TBLSTYLE, _TBLW = qn("w:tbl"), qn("w:tblPr"), qn("w:tblStyle"), qn("w:tblW")
_TBLLAYOUT, _TBLLOOK, _TBLGRID = qn("w:tblLayout"), qn("w:tblLook"), qn("w:tblGrid")
_GRIDCOL, _TR, _TRPR, _TBLHEADER = qn("w:gridCol"), qn("w:tr"), qn("w:trPr"), qn("w:tblHeader")
_TC, _TCPR, _TCW = qn("w:tc"), qn("w:tcPr"), qn("w:tcW")
_CANTSPLIT, _KEEPNEXT = qn("w:cantSplit"), qn("w:keepNext")
_SUPPRESS = "w:suppressAutoHyphens"
_SUPPRESS_HYPHENS = qn(_SUPPRESS)
_SZ = qn("w:sz")
_W, _TYPE, _SECTPR, _SPACE = qn("w:w"), qn("w:type"), qn("w:sectPr"), qn("xml:space")
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


def _add_span(paragraph: etree._Element, span: Span) -> None:
    """One run at the end of ``paragraph`` (a ``w:p``): the elements python-docx's
    ``add_run()``, ``run.bold``, ``run.italic`` and ``add_break()`` make, made directly."""
    run = etree.SubElement(paragraph, _R)
    if span.is_break:
        etree.SubElement(run, _BR)
        return
    properties = etree.SubElement(run, _RPR)
    if span.strong:
        etree.SubElement(properties, _B)
    if span.emphasis:
        etree.SubElement(properties, _I)
    if span.lang is not None:  # a name in another language (Sami, Kven): w:lang on the run
        etree.SubElement(properties, _LANG).set(_VAL, span.lang)
    text = span.text
    if not _RUN_CONTROLS.isdisjoint(text):
        run.text = text  # CT_R (python-docx): tabs and line breaks as elements
    elif text:
        t = etree.SubElement(run, _T)
        t.text = text
        if len(text.strip()) < len(text):
            t.set(_SPACE, "preserve")


_STYLE_IDS: dict[tuple[bytes, str, WD_STYLE_TYPE], str | None] = {}
"""Style ids by template (its file's bytes), name and kind."""


class _StyleIds:
    """Style ids by name, looked up once per template and process.

    python-docx searches every style for its type's default on each lookup by name (to
    leave the default unnamed); with hundreds of paragraphs that was most of the time a
    document took. Every document from one template has the same styles (``convert``
    only adds missing ones, the same each time), so the id a name gives is kept.
    """

    def __init__(self, document: DocumentObject, template: bytes) -> None:
        self.styles = document.styles
        self.template = template

    def __call__(self, name: str, kind: WD_STYLE_TYPE) -> str | None:
        key = (self.template, name, kind)
        if key not in _STYLE_IDS:
            _STYLE_IDS[key] = self.styles.get_style_id(name, kind)
        return _STYLE_IDS[key]


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
        style_id: _StyleIds,
    ) -> None:
        self.document = document
        self.charts = charts or {}
        self.style_id = style_id
        self.body = document.element.body
        self.width: int | None = None
        self.size: Length | None = None
        self.hyphenated = False  # a table's cells are hyphenated (``_hyphenate_marked``)
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
            _hyphenate_marked(self.document)

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
        if after_table and not (style or "").startswith("Heading"):
            paragraph.get_or_add_pPr().spacing_before = SPACE_AFTER_TABLE
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
            self.width = _column_width(self.document.sections[-1], self._page_text_width())
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
        (``_across_the_page``)."""
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
            _add_span(paragraph, Span(span.text, span.strong or bold, span.emphasis, span.lang))


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


def _across_the_page(document: DocumentObject, tables: list[tuple[etree._Element, bool]]) -> None:
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
    found = (s.paragraph_format.keep_with_next for s in _style_chain(style))
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


def _column_width(section: Section, width: int) -> int:
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


def _hyphenate_marked(document: DocumentObject) -> None:
    """Automatic hyphenation (in each paragraph's language: nn-NO, nb-NO) for the paragraphs
    that ask for it (``w:suppressAutoHyphens`` off: the cells of a table whose words do not
    fit their columns whole), and for no other (where a template hyphenates all its text,
    it stays so): Word and LibreOffice then break «arbeids-plassar» by their Norwegian
    hyphenation, and body text stays as it was."""
    settings = document.settings.element
    for existing in settings.findall(qn("w:autoHyphenation")):
        if existing.get(_VAL, "true") not in ("0", "false", "off"):
            return  # the template hyphenates all text: the cells too
        settings.remove(existing)
    settings.insert_element_before(OxmlElement("w:autoHyphenation"), *_AFTER_AUTO_HYPHENATION)
    defaults = _paragraph_defaults(document.styles.element)
    for existing in defaults.findall(_SUPPRESS_HYPHENS):  # a template's, on or off
        defaults.remove(existing)
    defaults.insert_element_before(OxmlElement(_SUPPRESS), *_AFTER_SUPPRESS)


#: The children of ``w:settings`` that come after ``w:autoHyphenation`` (the schema's
#: order, as python-docx's ``CT_Settings`` has it).
_AFTER_AUTO_HYPHENATION = (
    "w:consecutiveHyphenLimit", "w:hyphenationZone", "w:doNotHyphenateCaps",
    "w:showEnvelope", "w:summaryLength", "w:clickAndTypeStyle", "w:defaultTableStyle",
    "w:evenAndOddHeaders", "w:bookFoldRevPrinting", "w:bookFoldPrinting",
    "w:bookFoldPrintingSheets", "w:drawingGridHorizontalSpacing",
    "w:drawingGridVerticalSpacing", "w:displayHorizontalDrawingGridEvery",
    "w:displayVerticalDrawingGridEvery", "w:doNotUseMarginsForDrawingGridOrigin",
    "w:drawingGridHorizontalOrigin", "w:drawingGridVerticalOrigin", "w:doNotShadeFormData",
    "w:noPunctuationKerning", "w:characterSpacingControl", "w:printTwoOnOne",
    "w:strictFirstAndLastChars", "w:noLineBreaksAfter", "w:noLineBreaksBefore",
    "w:savePreviewPicture", "w:doNotValidateAgainstSchema", "w:saveInvalidXml",
    "w:ignoreMixedContent", "w:alwaysShowPlaceholderText", "w:doNotDemarcateInvalidXml",
    "w:saveXmlDataOnly", "w:useXSLTWhenSaving", "w:saveThroughXslt", "w:showXMLTags",
    "w:alwaysMergeEmptyNamespace", "w:updateFields", "w:hdrShapeDefaults", "w:footnotePr",
    "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
    "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
    "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags",
    "w:decimalSymbol", "w:listSeparator",
)  # fmt: skip
#: The children of ``w:pPr`` that come after ``w:suppressAutoHyphens``.
_AFTER_SUPPRESS = (
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
    "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
    "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def _paragraph_defaults(styles: etree._Element) -> etree._Element:
    """The styles' default paragraph properties (``w:docDefaults/w:pPrDefault/w:pPr``),
    added where a template has none (after the run defaults)."""
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        _run_defaults(styles)
        defaults = styles.find(qn("w:docDefaults"))
    paragraph = defaults.find(qn("w:pPrDefault"))
    if paragraph is None:
        paragraph = OxmlElement("w:pPrDefault")
        defaults.append(paragraph)  # after w:rPrDefault, the only other child
    properties = paragraph.find(_PPR)
    if properties is None:
        properties = OxmlElement("w:pPr")
        paragraph.append(properties)
    return properties


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


def _use_numbering(paragraph: etree._Element, number: int, level: int) -> None:
    if number == 0:
        return
    properties = paragraph.get_or_add_pPr()  # CT_P (python-docx)
    num_pr = properties.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = number
