"""A document's package properties: the core properties (title, author, language, dates),
the extended ones (application, company) and the custom ones, the case record under
Noark 5 names beside a template's own, for a case system to read."""

from __future__ import annotations

import copy
import datetime as dt
import html
from typing import TYPE_CHECKING

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree  # type: ignore[import-untyped]  # no stubs; python-docx uses it

from bygdevekst_cli.render.formats.docx_template import SAFE_PARSER
from bygdevekst_cli.render.markdown import line_spans, plain
from bygdevekst_cli.render.pipeline import Rendered

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject
    from docx.opc.package import OpcPackage


_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_EXTENDED_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
#: The format id Word gives every user-defined custom property.
_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_PROPERTY = f"{{{_CUSTOM_NS}}}property"


def set_properties(document: DocumentObject, rendered: Rendered) -> None:
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


def set_package_parts(document: DocumentObject, rendered: Rendered) -> None:
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
                root = etree.fromstring(rel.target_part.blob, SAFE_PARSER)
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
