"""The styles a document is written in: a template's own under Word's names, the missing
ones copied from python-docx's template with their numbering, headings kept with what
follows, style ids looked up once, and a numbered list's own numbering."""

from __future__ import annotations

import copy
import functools
import io
from collections.abc import Iterator
from importlib import resources
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.numbering import NumberingPart
from docx.styles import BabelFish
from docx.styles.style import ParagraphStyle
from lxml import etree  # type: ignore[import-untyped]  # no stubs; python-docx uses it

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject


@functools.cache
def default_template() -> bytes:
    return resources.files("docx").joinpath("templates", "default.docx").read_bytes()


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


def take_local_styles(document: DocumentObject) -> None:
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


def headings_as_written(document: DocumentObject) -> None:
    """The template's heading styles as the documents need them: each heading kept with
    the paragraph (or table) after it, whatever the template says (a heading could stand
    alone at a page's foot), and without the template's own numbering of headings (the
    documents number their chapters, «1. Bakgrunn», and «1. 1. Bakgrunn» came out)."""
    for level in range(1, 10):
        style = next((s for s in document.styles if s.name == f"Heading {level}"), None)
        if not isinstance(style, ParagraphStyle):
            continue
        chain = list(style_chain(style))
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


def style_chain(style: ParagraphStyle) -> Iterator[ParagraphStyle]:
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


def copy_missing_styles(document: DocumentObject) -> None:
    """The styles the documents use that a template lacks, from python-docx's template. A
    template saved by Word defines only the styles it uses, so it often lacks the list
    styles: those come with their numbering (bullets; the numbers of an innstilling's
    points), copied into the template's numbering part."""
    source = Document(io.BytesIO(default_template()))
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


_STYLE_IDS: dict[tuple[bytes, str, WD_STYLE_TYPE], str | None] = {}
"""Style ids by template (its file's bytes), name and kind."""


class StyleIds:
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


def restart_numbering(document: DocumentObject, style: str, start: int) -> int:
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


def use_numbering(paragraph: etree._Element, number: int, level: int) -> None:
    if number == 0:
        return
    properties = paragraph.get_or_add_pPr()  # CT_P (python-docx)
    num_pr = properties.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = number
