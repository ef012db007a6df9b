"""Documents a case officer can send as they are, on municipalities' own Word templates
unlike python-docx's: heading styles without «keep with next», Norwegian style names, a
numbering of their own for headings, macros; and tables whose words are too long for
their columns. Each test runs the real CLI on the minimal pilot and reads the written file."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Length, Pt, RGBColor, Twips
from docx.styles.style import ParagraphStyle

from tests.helpers import copy_minimal, libreoffice_pdf, run_cli
from tests.test_render_send import _budget_of_measure_1_1, _over_eight_years

_W = nsdecls("w")


@pytest.fixture(autouse=True)
def _nynorsk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")


def _render(tmp_path: Path, document: str, template: Path, name: str = "out") -> docx.Document:
    """``document`` of the minimal pilot as DOCX on ``template``, opened."""
    pilot = tmp_path / "pilots" / "testdalen"
    if not pilot.exists():
        copy_minimal(tmp_path)
    out = tmp_path / f"{name}.docx"
    code, output = run_cli(
        "render", document, str(pilot), "-f", "docx", "--reference-docx", str(template),
        "-o", str(out),
    )  # fmt: skip
    assert code == 0, output
    return docx.Document(str(out))


def _chain(style: ParagraphStyle) -> list[ParagraphStyle]:
    """A style and those it is based on, nearest first."""
    chain = []
    while isinstance(style, ParagraphStyle):
        chain.append(style)
        style = style.base_style
    return chain


def _keeps_with_next(paragraph: docx.text.paragraph.Paragraph) -> bool:
    """Whether Word keeps ``paragraph`` with the next: its own setting, else its style's."""
    own = paragraph.paragraph_format.keep_with_next
    if own is not None:
        return own
    found = (s.paragraph_format.keep_with_next for s in _chain(paragraph.style))
    return next((k for k in found if k is not None), False)


def _headings(document: docx.Document) -> list[docx.text.paragraph.Paragraph]:
    return [p for p in document.paragraphs if p.style.name.startswith("Heading")]


def _without_keep_next(template: docx.Document) -> None:
    """Every paragraph style of ``template`` without «keep with next» (as a template made
    from a letter, whose headings never had it)."""
    for style in template.styles:
        properties = style.element.pPr
        for keep in properties.findall(qn("w:keepNext")) if properties is not None else []:
            properties.remove(keep)


# ------------------------------------------------------------------------- headings


def test_every_heading_keeps_with_the_next_paragraph_whatever_the_template_says(
    tmp_path: Path,
) -> None:
    """A template whose heading styles lack «keep with next» (and one whose Heading 2 says
    no to it outright): a heading could stand alone at the foot of a page, its text on the
    next. Every heading the plan writes (those over its tables too) now keeps with what
    follows it; the template's own look of its headings stays."""
    template = docx.Document()
    _without_keep_next(template)
    template.styles["Heading 2"].paragraph_format.keep_with_next = False
    template.styles["Heading 1"].font.color.rgb = RGBColor(0x00, 0x55, 0x8C)
    template.save(str(tmp_path / "mal.docx"))
    document = _render(tmp_path, "plan", tmp_path / "mal.docx")
    headings = _headings(document)
    assert len({p.style.name for p in headings}) >= 3
    assert all(_keeps_with_next(p) for p in headings)
    assert document.styles["Heading 1"].font.color.rgb == RGBColor(0x00, 0x55, 0x8C)


def _norwegian_names(template: docx.Document) -> None:
    """``template``'s headings and title as a style of the municipality's own, named and
    identified in Norwegian («Overskrift 1», ``Overskrift1``; «Tittel»), in dark red,
    without «keep with next»."""
    _without_keep_next(template)
    renamed = [(f"Heading {n}", f"Overskrift {n}") for n in range(1, 4)] + [("Title", "Tittel")]
    for name, local in renamed:
        style = template.styles[name]
        style.element.name_val = local
        style.element.set(qn("w:styleId"), local.replace(" ", ""))
        style.font.color.rgb = RGBColor(0x8B, 0x00, 0x00)


def test_a_templates_headings_named_in_norwegian_are_the_documents_headings(
    tmp_path: Path,
) -> None:
    """A template whose heading styles are its own, named «Overskrift 1»–«Overskrift 3»:
    the documents' headings took python-docx's blue Cambria «Heading 1», copied in beside
    them, and the municipality's were never used. Now the headings are its own (dark red),
    known to Word as headings, kept with the next paragraph."""
    template = docx.Document()
    _norwegian_names(template)
    template.save(str(tmp_path / "mal.docx"))
    document = _render(tmp_path, "agreement", tmp_path / "mal.docx")
    headings = _headings(document)
    assert {p.style.style_id for p in headings} == {"Overskrift1", "Overskrift2"}
    assert {p.style.font.color.rgb for p in headings} == {RGBColor(0x8B, 0x00, 0x00)}
    assert all(_keeps_with_next(p) for p in headings)
    ids = [s.style_id for s in document.styles]
    assert "Heading1" not in ids and len(ids) == len(set(ids))


def test_a_style_of_the_templates_own_under_words_id_is_not_doubled(tmp_path: Path) -> None:
    """A template with a style of its own under the id ``Heading1`` but another name
    («Uthevet»), and no heading styles: the copied «Heading 1» got the same id, two styles
    of one id are one to Word, and the headings took the template's «Uthevet». The copy
    now has an id of its own."""
    template = docx.Document()
    own = template.styles["Heading 1"]
    own.element.name_val = "Uthevet"
    own.font.color.rgb = RGBColor(0x8B, 0x00, 0x00)
    template.save(str(tmp_path / "mal.docx"))
    document = _render(tmp_path, "agreement", tmp_path / "mal.docx")
    ids = [s.style_id for s in document.styles]
    assert len(ids) == len(set(ids))
    [heading] = [p for p in document.paragraphs if p.text == "Bygdevekstavtale for Testdalen"]
    assert heading.style.name == "Heading 1" and heading.style.style_id != "Heading1"
    assert heading.style.font.color.rgb != RGBColor(0x8B, 0x00, 0x00)


def test_a_template_saved_by_libreoffice_names_its_styles_in_its_own_letter_case(
    tmp_path: Path,
) -> None:
    """LibreOffice saves Word's built-in styles as «Heading 1», «List Bullet» where Word
    writes «heading 1»: python-docx did not find them, and render stopped with a traceback
    (KeyError: no style with name 'Heading 1'). They are now the documents' styles, the
    template's own look kept, and no style is copied in beside them."""
    template = docx.Document()
    template.styles["Heading 2"].font.color.rgb = RGBColor(0x8B, 0x00, 0x00)
    for level in range(1, 4):
        template.styles[f"Heading {level}"].element.name_val = f"Heading {level}"
    template.save(str(tmp_path / "mal.docx"))
    document = _render(tmp_path, "agreement", tmp_path / "mal.docx")
    [heading] = [p for p in _headings(document) if p.text == "1. Bakgrunn"]
    assert heading.style.style_id == "Heading2"
    assert heading.style.font.color.rgb == RGBColor(0x8B, 0x00, 0x00)
    ids = [s.style_id for s in document.styles]
    assert len(ids) == len(set(ids))


def _numbered_headings(template: docx.Document) -> None:
    """Heading 1 and 2 of ``template`` numbered «1.» and «1.1» (a list linked to them)."""
    numbering = template.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        f'<w:pStyle w:val="Heading{level + 1}"/><w:lvlText w:val="{text}"/>'
        '<w:lvlJc w:val="left"/></w:lvl>'
        for level, text in enumerate(("%1.", "%1.%2"))
    )
    numbering.find(qn("w:num")).addprevious(
        parse_xml(f'<w:abstractNum {_W} w:abstractNumId="90">{levels}</w:abstractNum>')
    )
    number = numbering.add_num(90).numId
    for level in range(2):
        num_pr = template.styles[f"Heading {level + 1}"].element.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_numId().val = number
        num_pr.get_or_add_ilvl().val = level


def _numbered(paragraph: docx.text.paragraph.Paragraph) -> bool:
    """Whether Word numbers ``paragraph``: the nearest ``w:numPr`` (its own, else its
    style's chain) names a numbering other than 0."""
    for properties in [paragraph._p.pPr] + [s.element.pPr for s in _chain(paragraph.style)]:
        num_pr = properties.numPr if properties is not None else None
        if num_pr is not None and num_pr.numId is not None:
            return num_pr.numId.val != 0
    return False


def test_a_templates_numbering_of_headings_does_not_number_the_chapters_again(
    tmp_path: Path,
) -> None:
    """A template whose Heading 1 and 2 are numbered «1.», «1.1»: the agreement's chapters
    (numbered by the agreement itself) came out as «1.1 1. Bakgrunn». The headings are now
    not numbered by the template."""
    template = docx.Document()
    _numbered_headings(template)
    template.save(str(tmp_path / "mal.docx"))
    document = _render(tmp_path, "agreement", tmp_path / "mal.docx")
    headings = _headings(document)
    assert "1. Bakgrunn" in [p.text for p in headings]
    assert not [p.text for p in headings if _numbered(p)]


# ------------------------------------------------------------------------- macros

_MAINS = {
    "dotm": "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    "docm": "application/vnd.ms-word.document.macroEnabled.main+xml",
}
_VBA_RELATIONSHIP = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"


def _with_macros(template: docx.Document, path: Path) -> Path:
    """``template`` saved as Word saves it with macros (``path``'s suffix, .dotm or .docm):
    its main part's content type, and a VBA project related from it."""
    buffer = io.BytesIO()
    template.save(buffer)
    source = zipfile.ZipFile(buffer)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename in ("[Content_Types].xml", "word/_rels/document.xml.rels"):
                data = _with_macro_parts(data.decode("utf-8"), path.suffix[1:]).encode()
            target.writestr(item, data)
        target.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 the macros")
    return path


def _with_macro_parts(xml: str, kind: str) -> str:
    """The content types or the main part's relationships of a package with macros."""
    document_main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if xml.rstrip().endswith("</Types>"):
        vba = '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
        xml = xml.replace(f"{document_main}.main+xml", _MAINS[kind])
        return xml.replace("</Types>", f"{vba}</Types>")
    relationship = f'<Relationship Id="rIdVba" Type="{_VBA_RELATIONSHIP}" Target="vbaProject.bin"/>'
    return xml.replace("</Relationships>", f"{relationship}</Relationships>")


@pytest.mark.parametrize("suffix", ["dotm", "docm"])
def test_a_template_with_macros_serves_as_a_template_without_them(
    tmp_path: Path, suffix: str
) -> None:
    """A municipality's template saved with macros (.dotm, or a .docm letter): refused as
    «not a Word document». Now its styles serve as a .dotx's do, and the document is a
    .docx without the macros (Word does not open a .docx that holds them)."""
    template = docx.Document()
    template.styles["Heading 1"].font.color.rgb = RGBColor(0x00, 0x55, 0x8C)
    path = _with_macros(template, tmp_path / f"mal.{suffix}")
    document = _render(tmp_path, "agreement", path)
    assert document.styles["Heading 1"].font.color.rgb == RGBColor(0x00, 0x55, 0x8C)
    assert "Bygdevekstavtale for Testdalen" in [p.text for p in _headings(document)]
    with zipfile.ZipFile(tmp_path / "out.docx") as package:
        names = package.namelist()
        types = package.read("[Content_Types].xml").decode("utf-8")
        relationships = package.read("word/_rels/document.xml.rels").decode("utf-8")
    assert not [name for name in names if "vba" in name.casefold()]
    assert "wordprocessingml.document.main+xml" in types and "macro" not in types
    assert "vba" not in types.casefold() and _VBA_RELATIONSHIP not in relationships


# ------------------------------------------------------------------------- narrow columns

_SOURCES = ("operating_grant", "state_measure_funds", "project_management_grant")
_SOURCES += ("own_funds", "other_grants")


def _table(document: docx.Document, header: str) -> docx.table.Table:
    """The one table with a header cell ``header``."""
    [table] = [t for t in document.tables if header in [c.text for c in t.rows[0].cells]]
    return table


def _grid(table: docx.table.Table) -> list[int]:
    return [int(Twips(int(w))) for w in table._tbl.xpath("w:tblGrid/w:gridCol/@w:w")]


def _hyphenated(paragraph: docx.text.paragraph.Paragraph) -> bool:
    """Whether ``paragraph`` asks for automatic hyphenation itself."""
    return bool(paragraph._p.xpath("w:pPr/w:suppressAutoHyphens[@w:val='0']"))


def test_a_header_word_too_long_for_its_column_is_set_smaller_not_broken_in_docx(
    tmp_path: Path,
) -> None:
    """A measure funded from all five sources: the funding table's seven columns fitted
    their amounts at 9 pt, but not the headers' words, and LibreOffice broke them at any
    letter («Driftstilsk» over «ot», «prosjektle» over «iing»; «Kartleggin» over «g»). The
    table is now set smaller, with narrow cell margins, and every word fits its column
    whole; the plan's other tables keep the style's size."""
    pilot = copy_minimal(tmp_path)
    _budget_of_measure_1_1(pilot, range(2026, 2028), dict.fromkeys(_SOURCES, 100000))
    document = _render_default(pilot, tmp_path)
    table = _table(document, "Driftstilskot")
    [size] = {r.font.size for c in table._cells for p in c.paragraphs for r in p.runs}
    assert Pt(7) <= size < Pt(9)
    _assert_words_fit(table, Pt(9))
    assert not [p for c in table._cells for p in c.paragraphs if _hyphenated(p)]
    assert document.settings.element.find(qn("w:autoHyphenation")) is None


def _assert_words_fit(table: docx.table.Table, style_size: Length) -> None:
    """Every word of ``table`` (in its own size, else ``style_size``; with its cell margins)
    fits its column, as the widths count a character (0.64 em): an amount's no-break
    spaces half a digit wide, a letter 0.85 of one, a header's word (bold) a digit each
    and one more."""
    [size] = {r.font.size for c in table._cells for p in c.paragraphs for r in p.runs}
    character = int((size or style_size) * 0.64)
    margins = sum(map(int, table._tbl.xpath("w:tblPr/w:tblCellMar/*/@w:w"))) or 216
    for column, width in enumerate(_grid(table)):
        cells = table.columns[column].cells
        amounts = [w for c in cells[1:] for w in c.text.split(" ") if any(map(str.isdigit, w))]
        words = [w for c in cells[1:] for w in c.text.split() if w not in amounts]
        amount = max((len(w) - w.count("\u00a0") / 2 for w in amounts), default=0)
        header = max(map(len, cells[0].text.split())) + 1
        needed = max(amount, max(map(len, words), default=0) * 0.85, header) * character
        assert width >= needed + Twips(margins), cells[0].text


def _render_default(pilot: Path, tmp_path: Path) -> docx.Document:
    """The plan of ``pilot`` as DOCX on python-docx's template, opened."""
    out = tmp_path / "plan.docx"
    code, output = run_cli("render", "plan", str(pilot), "-f", "docx", "-o", str(out))
    assert code == 0, output
    return docx.Document(str(out))


def test_a_word_too_long_for_the_narrowest_column_is_hyphenated_in_docx(tmp_path: Path) -> None:
    """The table of an eight-year period, at its smallest size: «arbeidsplassar» does not
    fit its column whole, and Word and LibreOffice broke it at any letter («arbeidsp» over
    «lassar»; hyphenation was off). That table's cells now ask for hyphenation, which the
    document turns on for them alone (in its language, nn-NO): the body text and the other
    tables stay unhyphenated."""
    pilot = copy_minimal(tmp_path)
    _over_eight_years(pilot)
    document = _render_default(pilot, tmp_path)
    wide = _table(document, "2033")
    assert all(_hyphenated(p) for c in wide._cells for p in c.paragraphs)
    others = [t for t in document.tables if t._tbl is not wide._tbl]
    assert others and not [p for t in others for c in t._cells for p in c.paragraphs
                           if _hyphenated(p)]  # fmt: skip
    assert not [p for p in document.paragraphs if _hyphenated(p)]
    assert document.settings.element.find(qn("w:autoHyphenation")) is not None
    defaults = document.styles.element.xpath("w:docDefaults/w:pPrDefault/w:pPr")[0]
    assert defaults.find(qn("w:suppressAutoHyphens")) is not None
    assert document.styles.element.xpath("w:docDefaults//w:lang/@w:val") == ["nn-NO"]


_HYPHENATION = Path("/usr/share/hyphen/hyph_nn_NO.dic")


@pytest.mark.skipif(  # CI installs both (.ci/run)
    (shutil.which("soffice") is None or not _HYPHENATION.exists()) and not os.environ.get("CI"),
    reason="needs LibreOffice and its Nynorsk hyphenation (hyphen-no)",
)
def test_libreoffice_breaks_no_word_of_a_narrow_table_inside_but_by_hyphenation(
    tmp_path: Path,
) -> None:
    """The plan of an eight-year period with a measure funded from all five sources, as
    LibreOffice lays it out: «arbeidsp» over «lassar», «Driftstilsk» over «ot» and
    «Kartleggin» over «g» before. Now each word of its tables is whole on its line, or
    hyphenated where Nynorsk hyphenates it («arbeids-» over «plassar»)."""
    pilot = copy_minimal(tmp_path)
    _over_eight_years(pilot)
    _render_default(pilot, tmp_path)
    converted = libreoffice_pdf(tmp_path / "plan.docx")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(converted).pages)
    for word in ("Driftstilskot", "tiltaksmidlar", "prosjektleiing", "Kartlegging"):
        assert word in text
    assert "arbeids-\nplassar" in text


@pytest.mark.parametrize(("template_says", "suppressed"), [("1", False), ("0", True)])
def test_a_templates_own_hyphenation_setting_is_kept_or_mended(
    tmp_path: Path, template_says: str, suppressed: bool
) -> None:
    """A template that hyphenates all its text keeps doing so (nothing is suppressed); one
    that turns hyphenation off outright has it turned on for the narrow table's cells
    alone, as a template without the setting: one ``w:autoHyphenation``, on."""
    template = docx.Document()
    settings = template.settings.element
    settings.find(qn("w:defaultTabStop")).addnext(
        parse_xml(f'<w:autoHyphenation {_W} w:val="{template_says}"/>')
    )
    template.save(str(tmp_path / "mal.docx"))
    pilot = copy_minimal(tmp_path)
    _over_eight_years(pilot)
    document = _render(tmp_path, "plan", tmp_path / "mal.docx")
    assert all(_hyphenated(p) for c in _table(document, "2033")._cells for p in c.paragraphs)
    found = document.settings.element.findall(qn("w:autoHyphenation"))
    assert [e.get(qn("w:val"), "1") for e in found] == ["1"]
    defaults = document.styles.element.xpath("w:docDefaults/w:pPrDefault/w:pPr")[0]
    assert (defaults.find(qn("w:suppressAutoHyphens")) is not None) == suppressed


# ------------------------------------------------------------------------- page set-up


def test_tables_and_charts_fit_a_column_of_a_template_in_two_columns(tmp_path: Path) -> None:
    """A template on Letter paper set in two columns: every table and chart was as wide as
    the page's text and ran over the next column (the status table lost its «i gang» and
    «Sum»). They are now as wide as a column at most."""
    template = docx.Document()
    section = template.sections[0]
    columns = section._sectPr.find(qn("w:cols"))
    columns.set(qn("w:num"), "2")
    columns.set(qn("w:space"), "708")
    template.save(str(tmp_path / "mal.docx"))
    document = _render(tmp_path, "plan", tmp_path / "mal.docx")
    page = document.sections[-1]
    column = (page.page_width - page.left_margin - page.right_margin - Twips(708)) / 2
    assert document.tables and document.inline_shapes
    for table in document.tables:
        assert sum(_grid(table)) <= column + Twips(len(table.columns))
    assert all(shape.width <= column for shape in document.inline_shapes)
