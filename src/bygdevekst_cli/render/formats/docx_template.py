"""A municipality's own Word template (``--reference-docx`` or its ``reference_docx``) read
and made ready to write a document in: its styles, numbering, page set-up, header and
footer kept, its body, locks, comments, macros and tracked changes not; or python-docx's
template on A4 with Norwegian margins where there is none."""

from __future__ import annotations

import copy
import functools
import io
import zipfile
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.part import XmlPart
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt
from lxml import etree  # type: ignore[import-untyped]  # no stubs; python-docx uses it

from bygdevekst_cli.errors import UserError
from bygdevekst_cli.language import cli_words
from bygdevekst_cli.render.formats.docx_styles import (
    copy_missing_styles,
    default_template,
    headings_as_written,
    take_local_styles,
)

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject


#: A4, and the margins of a Norwegian municipal letter (2.5 cm all round).
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Mm(210), Mm(297), Mm(25)
#: The distance of the header and footer from the page's edge where a template has no page
#: set-up (Word's, 1.25 cm).
HEADER_DISTANCE = Mm(12.5)
#: The size of a table's text in the default template (the table style's, so that a
#: municipality's template sets its own): as the PDF's tables, and small enough for five
#: columns of amounts and a measure's title to share an A4 page.
TABLE_TEXT = Pt(9)
#: The footer's text in the default template, as the PDF's (7.5 pt): a provenance line of
#: three lines and the page number fit the bottom margin.
FOOTER_TEXT = Pt(8)
#: A parser for a template's own parts: no entities resolved, nothing fetched.
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


@functools.lru_cache(maxsize=4)
def opened(template: bytes, reference: Path | None) -> DocumentObject:
    """The document every file from ``template`` starts as, opened once per process and
    template content; ``convert`` changes only a deep copy of it."""
    return _from_reference(template, reference) if reference is not None else default_document()


def default_document() -> DocumentObject:
    """python-docx's template on A4 with Norwegian margins, tables in ``TABLE_TEXT`` and
    the footer in ``FOOTER_TEXT``."""
    document = Document(io.BytesIO(template_bytes(None)))
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
    take_local_styles(document)
    copy_missing_styles(document)
    headings_as_written(document)
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
                etree.fromstring(data, SAFE_PARSER)
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


def template_bytes(path: Path | None) -> bytes:
    """A template's file (None: python-docx's own), read once per process while it stays
    the same; each document is then opened from memory."""
    if path is None:
        return default_template()
    try:
        stat = path.stat()
        return _read_template(path, stat.st_mtime_ns, stat.st_size)
    except FileNotFoundError:  # a municipality's reference_docx that is not there
        raise _bad_reference(path, "doc.docx.missing") from None
    except IsADirectoryError:
        raise _bad_reference(path, "doc.docx.folder") from None
    except OSError:
        raise _bad_reference(path, "doc.docx.unreadable") from None


@functools.lru_cache(maxsize=16)
def _read_template(path: Path, modified: int, size: int) -> bytes:
    return path.read_bytes()
