"""``import agreement`` in the layouts secretariats really have: Word files built here with
python-docx (outline-level styles, bold typed numbers, Word's automatic numbering, list
paragraphs, tables, a TOC field, tracked changes and comments written into the XML), ODT,
Markdown variants and text exports. Each is checked against the bundled pilot: sub-goal
titles, partners, main parties and municipality numbers."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bygdevekst_cli.loader import load_yaml
from bygdevekst_cli.models import Agreement, Pilot
from bygdevekst_cli.models.pilot import PartyRole
from tests.helpers import REPO, SEEDS, run_cli

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def bundled(pilot_id: str) -> tuple[Pilot, Agreement]:
    folder = REPO / "pilots" / pilot_id
    return (
        Pilot.model_validate(load_yaml(folder / "pilot.yaml").data),
        Agreement.model_validate(load_yaml(folder / "agreement.yaml").data),
    )


# --- the agreement as a sequence of pieces ----------------------------------------------


@dataclass
class Piece:
    kind: str  # title, chapter, goal, para, bullet, signatures, parties
    text: str = ""
    number: str = ""
    section: str = ""
    rows: tuple[tuple[str, ...], ...] = ()


def pieces(pilot_id: str, *, party_table: bool = False) -> Iterator[Piece]:
    pilot, agreement = bundled(pilot_id)
    lead = (
        "Hovudpartar i denne avtala er:"
        if pilot.language.value == "nn"
        else ("Hovedparter i denne avtalen er:")
    )
    yield Piece("title", agreement.title or f"Bygdevekstavtale for {pilot.name}")
    for chapter in agreement.chapters:
        yield Piece("chapter", chapter.title, chapter.number)
        if chapter.kind.value == "main_parties":
            mains = [p for p in pilot.parties if p.role is PartyRole.MAIN]
            if party_table:
                rows = (("Part", "Rolle"), *((p.name, p.description or "") for p in mains))
                yield Piece("parties", rows=rows)
            else:
                yield Piece("para", lead)
                for party in mains:
                    yield Piece("bullet", party.description or party.name)
        yield from _text(chapter.text)
        if chapter.kind.value == "sub_goals":
            for goal in agreement.sub_goals:
                yield Piece("goal", goal.title, str(goal.number), goal.section or "")
                yield from _text(goal.text)
    head = "Avtala er signert av" if pilot.language.value == "nn" else "Avtalen er signert av"
    names = []
    for signature in agreement.signatures:
        party = pilot.party(signature.party)
        assert party is not None
        names.append(party.name)
    yield Piece("para", head)
    yield Piece("signatures", rows=(("Avtalepart", "Dato"), *((n, "") for n in names)))


def _text(text: str) -> Iterator[Piece]:
    for part in text.split("\n\n"):
        if part.startswith("- "):
            for line in part.split("\n"):
                yield Piece("bullet", line[2:])
        else:
            yield Piece("para", part)


# --- Word builders -------------------------------------------------------------------------


def _table(document: Any, rows: tuple[tuple[str, ...], ...]) -> None:
    table = document.add_table(rows=0, cols=len(rows[0]))
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text


def _numbering(document: Any) -> tuple[str, str]:
    """Add a multi-level decimal list («1.», «6.1») and a plain numbered list; their numIds."""
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    root = document.part.numbering_part.element
    root.insert(
        0,
        parse_xml(
            f'<w:abstractNum {ns} w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:lvlText w:val="%1."/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:lvlText w:val="%1.%2"/></w:lvl></w:abstractNum>'
        ),
    )
    root.insert(
        1,
        parse_xml(
            f'<w:abstractNum {ns} w:abstractNumId="91">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:lvlText w:val="%1)"/></w:lvl></w:abstractNum>'
        ),
    )
    root.append(parse_xml(f'<w:num {ns} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    root.append(parse_xml(f'<w:num {ns} w:numId="91"><w:abstractNumId w:val="91"/></w:num>'))
    return "90", "91"


def _number(paragraph: Any, num_id: str, level: int) -> None:
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(
        parse_xml(f'<w:numPr {ns}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def _bold(document: Any, text: str, size: int | None = None) -> Any:
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = size is None
    if size is not None:
        run.font.size = Pt(size)
    return paragraph


def _goal_text(piece: Piece, language: str) -> str:
    return f"Delmål {piece.number}: {piece.text}"


def build_word(path: Path, pilot_id: str, layout: str) -> None:
    """One agreement in one Word layout (see LAYOUTS)."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    language = bundled(pilot_id)[0].language.value
    outline_styles = {}
    if layout == "outline_styles":
        from docx.oxml import parse_xml

        ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        for name, level in (("KDD Kapittel", 0), ("KDD Delmaal", 1)):
            style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.element.get_or_add_pPr().append(
                parse_xml(f'<w:outlineLvl {ns} w:val="{level}"/>')
            )
            outline_styles[level] = style
    multi, _plain = _numbering(document) if layout in ("auto_numbering", "list_goals") else ("", "")
    for piece in pieces(pilot_id, party_table=layout == "list_goals"):
        if piece.kind == "title":
            document.add_paragraph(piece.text)
        elif piece.kind == "chapter":
            typed = f"{piece.number}. {piece.text}"
            if layout == "outline_styles":
                document.add_paragraph(typed, style=outline_styles[0])
            elif layout == "bold_numbers":
                _bold(document, typed)
            elif layout == "large_font":
                _bold(document, typed, size=16)
            elif layout == "large_font_unnumbered":
                _bold(document, piece.text, size=16)
            elif layout in ("auto_numbering", "list_goals"):
                _number(_bold(document, piece.text, size=16), multi, 0)
        elif piece.kind == "goal":
            text = _goal_text(piece, language)
            if layout == "outline_styles":
                document.add_paragraph(f"{piece.section} {text}", style=outline_styles[1])
            elif layout == "bold_numbers":
                _bold(document, f"{piece.section} {text}")
            elif layout == "large_font":
                _bold(document, f"{piece.section} {text}", size=14)
            elif layout == "large_font_unnumbered":
                _bold(document, text, size=14)
            elif layout == "auto_numbering":
                _number(_bold(document, text, size=14), multi, 1)
            else:  # a plain numbered list paragraph
                paragraph = document.add_paragraph(text, style="List Number")
                _number(paragraph, multi, 1)
        elif piece.kind == "para":
            document.add_paragraph(piece.text)
        elif piece.kind == "bullet":
            document.add_paragraph(piece.text, style="List Bullet")
        else:
            _table(document, piece.rows)
    document.save(str(path))


def add_toc_changes_and_comments(path: Path) -> None:
    """A TOC field after the title, a tracked insertion and deletion, and a comment."""
    import docx
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document(str(path))
    body = document.element.body
    body[0]
    entries = [
        f'<w:p {ns}><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>1. Bakgrunn</w:t></w:r><w:r><w:tab/><w:t>2</w:t></w:r></w:p>",
        f"<w:p {ns}><w:r><w:t>6.1 Delmål 1 Noko anna</w:t></w:r><w:r><w:tab/><w:t>7</w:t>"
        '</w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>',
    ]
    for offset, xml in enumerate(entries, start=1):
        body.insert(offset, parse_xml(xml))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Fem pilotområde"))
    run = paragraph.runs[0]
    inserted = parse_xml(
        f'<w:ins {ns} w:id="101" w:author="A B" w:date="2026-01-05T10:00:00Z">'
        '<w:r><w:t xml:space="preserve"> Innsett setning.</w:t></w:r></w:ins>'
    )
    deleted = parse_xml(
        f'<w:del {ns} w:id="102" w:author="A B" w:date="2026-01-05T10:00:00Z">'
        '<w:r><w:delText xml:space="preserve">Sletta ord </w:delText></w:r></w:del>'
    )
    run._r.addnext(inserted)
    run._r.addprevious(deleted)
    purpose = next(p for p in document.paragraphs if p.text.startswith("Avtala skal gjelde"))
    document.add_comment(purpose.runs, text="Kva for dato?", author="Kari Nordmann", initials="KN")
    document.save(str(path))


# --- ODT, Markdown and text ---------------------------------------------------------------


def odt_bullet(document: Any, items: Any, text: str) -> Any:
    """``text`` as the next item of the bullet list ``items`` (None: a new list after the
    document's last paragraph); the list, for the next item."""
    from odf.text import List, ListItem, P  # type: ignore[import-untyped]

    if items is None:
        items = List()
        document.text.addElement(items)
    item = ListItem()
    item.addElement(P(text=text))
    items.addElement(item)
    return items


def build_odt(path: Path, pilot_id: str, *, nested: bool = False, framed: bool = False) -> None:
    """One agreement as ODT; ``nested``: its signatures' table in a cell of a layout table
    (before, its rows ran together into the outer cell's text); ``framed``: in a frame
    (a text box anchored in a paragraph, as LibreOffice places a table beside the text;
    before, it was dropped as a text box and no one signed)."""
    from odf.draw import Frame, TextBox  # type: ignore[import-untyped]
    from odf.opendocument import OpenDocumentText  # type: ignore[import-untyped]
    from odf.table import Table, TableCell, TableColumn, TableRow  # type: ignore[import-untyped]
    from odf.text import H, P  # type: ignore[import-untyped]

    document = OpenDocumentText()
    items: Any = None
    for piece in pieces(pilot_id):
        if piece.kind != "bullet":
            items = None
        if piece.kind == "title":
            document.text.addElement(P(text=piece.text))
        elif piece.kind == "chapter":
            document.text.addElement(H(outlinelevel=1, text=f"{piece.number}. {piece.text}"))
        elif piece.kind == "goal":
            document.text.addElement(
                H(outlinelevel=2, text=f"{piece.section} Delmål {piece.number} {piece.text}")
            )
        elif piece.kind == "para":
            document.text.addElement(P(text=piece.text))
        elif piece.kind == "bullet":
            items = odt_bullet(document, items, piece.text)
        else:
            table = Table(name="Signaturar")
            table.addElement(TableColumn(numbercolumnsrepeated=2))
            for row in piece.rows:
                table_row = TableRow()
                for text in row:
                    cell = TableCell()
                    cell.addElement(P(text=text))
                    table_row.addElement(cell)
                table.addElement(table_row)
            if nested:
                frame, row, cell = Table(name="Ramme"), TableRow(), TableCell()
                frame.addElement(TableColumn(numbercolumnsrepeated=2))
                row.addElement(TableCell())
                cell.addElement(table)
                row.addElement(cell)
                frame.addElement(row)
                table = frame
            if framed:
                box, anchor = TextBox(), P()
                box.addElement(table)
                drawing = Frame(anchortype="paragraph", width="17cm", height="6cm")
                drawing.addElement(box)
                anchor.addElement(drawing)
                table = anchor
            document.text.addElement(table)
    document.save(str(path))


def build_markdown(path: Path, pilot_id: str, *, setext: bool, pandoc: bool) -> None:
    lines: list[str] = []
    for piece in pieces(pilot_id):
        if piece.kind != "bullet" and lines and lines[-1].startswith("-"):
            lines.append("")  # a list ends with a blank line, as pandoc writes it
        text = piece.text.replace("–", "--") if pandoc else piece.text
        if pandoc:
            text = text.replace("[", "\\[").replace("]", "\\]").replace("*", "\\*")
        if piece.kind == "title":
            lines += [text, "=" * len(text) if setext else "", ""]
        elif piece.kind == "chapter":
            heading = f"{piece.number}. {text}"
            lines += [heading, "-" * len(heading), ""] if setext else [f"# {heading}", ""]
        elif piece.kind == "goal":
            lines += [f"### {piece.section} Delmål {piece.number} {text}", ""]
        elif piece.kind == "para":
            lines += [text, ""]
        elif piece.kind == "bullet":
            lines += [f"-   {text}" if pandoc else f"- {text}"]
        else:
            lines += ["", "| " + " | ".join(piece.rows[0]) + " |", "| --- | --- |"]
            lines += ["| " + " | ".join(row) + " |" for row in piece.rows[1:]] + [""]
    path.write_text("\n".join(lines), encoding="utf-8")


def text_variant(path: Path, seed: str, variant: str) -> None:
    text = (SEEDS / seed).read_text(encoding="utf-8")
    if variant == "crlf_bom":
        path.write_bytes(("\ufeff" + text).replace("\n", "\r\n").encode("utf-8"))
    elif variant == "cp1252":
        path.write_bytes(text.replace("\n", "\r\n").encode("cp1252", errors="replace"))
    elif variant == "no_blank_lines":
        path.write_text(
            "\n".join(line for line in text.split("\n") if line.strip()), encoding="utf-8"
        )
    elif variant == "toc_lines":
        toc = (
            "Innhald\n1. Bakgrunn ..................... 2\n2. Hovudpartar i avtala ....... 2\n"
            "6. Delmål, samarbeidspartar og ansvar\t5\n6.1 Delmål 1 Fleire eigna bustader 6\n\n"
        )
        path.write_text(toc + text, encoding="utf-8")


# --- the checks -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    pilot: str
    suffix: str
    build: Callable[[Path], None]
    extra: tuple[str, ...] = ()


VT, VV, IN = "vest-telemark", "vestre-varanger", "innlandet"
SEED = {
    VT: "000_4442edc20838933b.txt",
    VV: "002_783df276833a03ce.txt",
    IN: "003_cdc476e1b307f5e7.txt",
}


def _word(pilot: str, layout: str) -> Callable[[Path], None]:
    return lambda path: build_word(path, pilot, layout)


def _word_with_residue(path: Path) -> None:
    build_word(path, VT, "outline_styles")
    add_toc_changes_and_comments(path)


def _nested_tables(path: Path) -> None:
    """The parties' and signatures' tables each nested in a cell of a layout table (a
    label cell left of it), as a letterhead template lays a page out: before, the outer
    cell read the inner table's text and the inner rows were read again."""
    import docx

    build_word(path, VT, "list_goals")
    document = docx.Document(str(path))
    for inner in list(document.tables):
        frame = document.add_table(rows=1, cols=2)
        inner._tbl.addprevious(frame._tbl)
        cell = frame.rows[0].cells[1]
        cell._tc.insert(cell._tc.index(cell.paragraphs[0]._p), inner._tbl)
    document.save(str(path))


def _partners_table(path: Path, label: str) -> None:
    """Each sub-goal's partners in a table of two cells, the label (``label``) and the
    names one paragraph each, instead of the template's sentence: before, the names ran
    together into one party («… Statsforvaltaren i Vestfold og Telemark» read as the
    administrator alone), or were not found at all."""
    import docx

    build_word(path, VT, "outline_styles")
    document = docx.Document(str(path))
    sentence = re.compile(r"(Samarbeidspart\w* under dette delmålet omfattar) (.*?)\. (.*)$")
    region = "Vestfold og Telemark"
    for paragraph in list(document.paragraphs):
        found = sentence.match(paragraph.text)
        if found is None:
            continue
        names = re.split(r", | og ", found[2].replace(region, "\0"))
        table = document.add_table(rows=1, cols=2)
        table.rows[0].cells[0].text = label
        cell = table.rows[0].cells[1]
        cell.text = names[0]
        for name in names[1:]:
            cell.add_paragraph(f"• {name.replace(chr(0), region)}")
        paragraph._p.addprevious(table._tbl)
        paragraph.text = found[3]
    document.save(str(path))


def _scanned_word(path: Path) -> None:
    """Innlandet's scanned text pasted into Word, one paragraph per block of the export."""
    import docx

    document = docx.Document()
    text = (SEEDS / SEED[IN]).read_text(encoding="utf-8")
    heading = re.compile(r"^\s*(\d{1,2}(\.\d)?\.?\s+[A-ZÆØÅ]|Avtalen er signert)")
    for block in re.split(r"\n[ \t]*\n", text):
        lines: list[str] = []
        for line in block.split("\n"):
            if heading.match(line) and len(line.split()) < 12:
                if lines:
                    document.add_paragraph(" ".join(" ".join(lines).split()))
                document.add_paragraph(line.strip())
                lines = []
            elif line.strip():
                lines.append(line)
        if lines:
            document.add_paragraph(" ".join(" ".join(lines).split()))
    document.save(str(path))


LAYOUTS: dict[str, Layout] = {
    "docx-outline-styles": Layout(VT, ".docx", _word(VT, "outline_styles")),
    "docx-bold-numbers": Layout(VV, ".docx", _word(VV, "bold_numbers")),
    "docx-large-font": Layout(VT, ".docx", _word(VT, "large_font")),
    "docx-large-font-unnumbered": Layout(IN, ".docx", _word(IN, "large_font_unnumbered")),
    "docx-auto-numbering": Layout(IN, ".docx", _word(IN, "auto_numbering")),
    "docx-list-goals-tables": Layout(VT, ".docx", _word(VT, "list_goals")),
    "docx-nested-tables": Layout(VT, ".docx", _nested_tables),
    "docx-partners-table": Layout(VT, ".docx", lambda p: _partners_table(p, "Samarbeidspartar")),
    "docx-partners-table-colon": Layout(VT, ".docx", lambda p: _partners_table(p, "Partnarar:")),
    "docx-toc-changes-comments": Layout(VT, ".docx", _word_with_residue, ("--changes", "accept")),
    "odt": Layout(VV, ".odt", lambda p: build_odt(p, VV)),
    "odt-nested-tables": Layout(VV, ".odt", lambda p: build_odt(p, VV, nested=True)),
    "md-setext": Layout(VT, ".md", lambda p: build_markdown(p, VT, setext=True, pandoc=False)),
    "md-pandoc": Layout(IN, ".md", lambda p: build_markdown(p, IN, setext=False, pandoc=True)),
    "txt-crlf-bom": Layout(VT, ".txt", lambda p: text_variant(p, SEED[VT], "crlf_bom")),
    "txt-cp1252": Layout(VV, ".txt", lambda p: text_variant(p, SEED[VV], "cp1252")),
    "txt-no-blank-lines": Layout(VT, ".txt", lambda p: text_variant(p, SEED[VT], "no_blank_lines")),
    "txt-toc-lines": Layout(VT, ".txt", lambda p: text_variant(p, SEED[VT], "toc_lines")),
    "docx-scanned": Layout(IN, ".docx", _scanned_word),
}


def run_import(tmp_path: Path, source: Path, pilot_id: str, *extra: str) -> tuple[int, str]:
    return run_cli(
        "import", "agreement", str(source), "--pilot", pilot_id,
        "--dir", str(tmp_path / "pilots"), *extra,
    )  # fmt: skip


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_each_layout_imports_every_sub_goal_partner_and_party(tmp_path: Path, name: str) -> None:
    layout = LAYOUTS[name]
    source = tmp_path / f"avtale{layout.suffix}"
    layout.build(source)
    code, output = run_import(tmp_path, source, layout.pilot, *layout.extra)
    assert code == 0, output
    folder = tmp_path / "pilots" / layout.pilot
    pilot = Pilot.model_validate(load_yaml(folder / "pilot.yaml").data)
    agreement = Agreement.model_validate(load_yaml(folder / "agreement.yaml").data)
    want_pilot, want = bundled(layout.pilot)
    assert [(g.number, g.title, g.partners) for g in agreement.sub_goals] == [
        (g.number, g.title, g.partners) for g in want.sub_goals
    ]
    assert [c.kind for c in agreement.chapters] == [c.kind for c in want.chapters]
    if not name.startswith(("txt-", "docx-scanned", "docx-toc", "docx-partners")):  # as is
        assert [c.text for c in agreement.chapters] == [c.text for c in want.chapters]
        assert [g.text for g in agreement.sub_goals] == [g.text for g in want.sub_goals]
    mains = [(p.id, p.municipality_number) for p in pilot.parties if p.role is PartyRole.MAIN]
    assert mains == [
        (p.id, p.municipality_number) for p in want_pilot.parties if p.role is PartyRole.MAIN
    ]
    assert [s.party for s in agreement.signatures] == [s.party for s in want.signatures]
    assert run_cli("validate", str(folder))[0] == 0


def test_tracked_changes_fail_by_default_with_counts(tmp_path: Path) -> None:
    source = tmp_path / "avtale.docx"
    _word_with_residue(source)
    code, output = run_import(tmp_path, source, "vt")
    assert code == 1
    assert "spora endringar" in output or "sporede endringer" in output
    assert "(1 innsetting, 1 sletting)" in output
    assert not (tmp_path / "pilots").exists() or not (tmp_path / "pilots" / "vt").exists()


@pytest.mark.parametrize(
    ("mode", "present", "absent"),
    [("accept", "Innsett setning.", "Sletta ord"), ("reject", "Sletta ord", "Innsett setning.")],
)
def test_tracked_changes_accepted_or_rejected(
    tmp_path: Path, mode: str, present: str, absent: str
) -> None:
    source = tmp_path / "avtale.docx"
    _word_with_residue(source)
    code, output = run_import(tmp_path, source, "vt", "--changes", mode)
    assert code == 0, output
    text = (tmp_path / "pilots" / "vt" / "agreement.yaml").read_text(encoding="utf-8")
    assert present in text
    assert absent not in text


def test_toc_is_dropped_and_comments_keep_author_and_date(tmp_path: Path) -> None:
    source = tmp_path / "avtale.docx"
    _word_with_residue(source)
    code, output = run_import(tmp_path, source, "vt", "--changes", "accept")
    assert code == 0, output
    assert "innhaldsliste (2)" in output
    agreement = Agreement.model_validate(
        load_yaml(tmp_path / "pilots" / "vt" / "agreement.yaml").data
    )
    assert next(c.title for c in agreement.chapters) == "Bakgrunn"
    (point,) = agreement.open_points
    assert point.ref == "KN1" and point.chapter == "4"
    assert point.text.startswith("Kva for dato? (Kari Nordmann, 20")


def test_scanned_text_in_word_is_repaired_and_reported(tmp_path: Path) -> None:
    source = tmp_path / "avtale.docx"
    _scanned_word(source)
    code, output = run_import(tmp_path, source, IN, "--format", "json")
    assert code == 0, output
    report = json.loads(output)
    assert sum(r["count"] for r in report["repaired"]) > 50
    assert {"from": "Valer", "to": "Våler"}.items() <= next(
        r for r in report["repaired"] if r["to"] == "Våler"
    ).items()
    want = [m.municipality_number for m in bundled(IN)[0].municipalities]
    assert [p["municipality_number"] for p in report["placed"]["parties"][:4]] == want


def test_nynorsk_scanning_damage_is_repaired(tmp_path: Path) -> None:
    text = (SEEDS / SEED[VT]).read_text(encoding="utf-8")
    damaged = text.replace("på ", "pa ").replace("også", "ogsa").replace("møte", "mgte")
    damaged = damaged.replace("særleg", "saerleg").replace("område", "omrade")
    source = tmp_path / "avtale.txt"
    source.write_text(damaged, encoding="utf-8")
    code, output = run_import(tmp_path, source, VT)
    assert code == 0, output
    assert "pa → på" in output
    written = (tmp_path / "pilots" / VT / "agreement.yaml").read_text(encoding="utf-8")
    assert " pa " not in written


def test_an_unreadable_structure_fails_loudly_with_what_is_unplaced(tmp_path: Path) -> None:
    source = tmp_path / "avtale.md"
    build_markdown(source, VT, setext=False, pandoc=False)
    text = source.read_text(encoding="utf-8").replace("# 3. Andre", "# 9. Andre")
    source.write_text(text, encoding="utf-8")
    code, output = run_import(tmp_path, source, VT, "--format", "json")
    assert code == 1
    report = json.loads(output)
    assert report["written"] is False
    heading = next(u for u in report["unplaced"] if u["kind"] == "heading")
    assert heading["text"].startswith("9. Andre") and heading["line"] is not None
    assert not (tmp_path / "pilots" / VT).exists()


def test_dry_run_prints_the_files_and_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "avtale.odt"
    build_odt(source, VV)
    code, output = run_import(tmp_path, source, VV, "--dry-run")
    assert code == 0, output
    assert "--- " in output and "sub_goals:" in output
    assert not (tmp_path / "pilots" / VV).exists()


def test_tracked_changes_in_odt_fail_by_default_and_accept_reads_the_body(
    tmp_path: Path,
) -> None:
    from odf.dc import Creator, Date  # type: ignore[import-untyped]
    from odf.office import Annotation, ChangeInfo  # type: ignore[import-untyped]
    from odf.opendocument import load  # type: ignore[import-untyped]
    from odf.text import (  # type: ignore[import-untyped]
        ChangedRegion,
        Insertion,
        P,
        TrackedChanges,
    )

    source = tmp_path / "avtale.odt"
    build_odt(source, VV)
    document = load(str(source))
    changes = TrackedChanges()
    region = ChangedRegion(check_grammar=False)
    region.setAttrNS("urn:oasis:names:tc:opendocument:xmlns:text:1.0", "id", "ct1")
    insertion = Insertion()
    info = ChangeInfo()
    info.addElement(Creator(text="A B"))
    info.addElement(Date(text="2026-01-05T10:00:00"))
    insertion.addElement(info)
    region.addElement(insertion)
    changes.addElement(region)
    document.text.insertBefore(changes, document.text.childNodes[0])
    note = Annotation()
    note.addElement(Creator(text="Kari Nordmann"))
    note.addElement(Date(text="2026-02-01T09:00:00"))
    note.addElement(P(text="Sjekk perioden."))
    document.text.childNodes[-3].addElement(note)
    document.save(str(source))
    code, output = run_import(tmp_path, source, VV)
    assert code == 1
    assert "(1 innsetting, 0 slettinger)" in output
    code, output = run_import(tmp_path, source, VV, "--changes", "reject")
    assert code == 1 and "--changes accept" in output
    code, output = run_import(tmp_path, source, VV, "--changes", "accept")
    assert code == 0, output
    agreement = Agreement.model_validate(
        load_yaml(tmp_path / "pilots" / VV / "agreement.yaml").data
    )
    assert [p.text for p in agreement.open_points] == [
        "Sjekk perioden. (Kari Nordmann, 2026-02-01)"
    ]


def test_a_numbered_section_of_a_chapter_is_its_text_not_a_stray_heading(tmp_path: Path) -> None:
    source = tmp_path / "avtale.md"
    build_markdown(source, VT, setext=False, pandoc=False)
    text = source.read_text(encoding="utf-8")
    text = text.replace("# 5. Forankring\n", "# 5. Forankring\n\n## 5.1 Vedtak i kommunane\n", 1)
    source.write_text(text, encoding="utf-8")
    code, output = run_import(tmp_path, source, VT)
    assert code == 0, output
    agreement = Agreement.model_validate(
        load_yaml(tmp_path / "pilots" / VT / "agreement.yaml").data
    )
    anchoring = next(c for c in agreement.chapters if c.number == "5")
    assert anchoring.text.startswith("5.1 Vedtak i kommunane")


def test_a_new_draft_over_an_existing_pilot_replaces_only_the_agreement(
    tmp_path: Path,
) -> None:
    import shutil

    folder = tmp_path / "pilots" / VT
    shutil.copytree(REPO / "pilots" / VT, folder)
    pilot_before = (folder / "pilot.yaml").read_bytes()
    source = tmp_path / "avtale.docx"
    build_word(source, VT, "bold_numbers")
    code, output = run_import(tmp_path, source, VT)
    assert code == 0, output
    assert f"--- {VT}/agreement.yaml" in output
    assert "bruk --update" in output
    code, output = run_import(tmp_path, source, VT, "--update", "--format", "json")
    report = json.loads(output)
    assert report["written"] is True and report["missing_parties"] == []
    assert (folder / "pilot.yaml").read_bytes() == pilot_before
    agreement = Agreement.model_validate(load_yaml(folder / "agreement.yaml").data)
    assert [g.title for g in agreement.sub_goals] == [g.title for g in bundled(VT)[1].sub_goals]
    assert code == 0, report["findings"]


# --- action plans: cells, columns and tables laid out as municipalities write them ---------
#
# ``import plan`` through the real CLI on tables written here with openpyxl, python-docx,
# odfpy and as CSV; each checked against what the table says, or against the report that
# says what could not be read.

PLAN_HEADER = ["Nr", "Delmål", "Tiltak", "Samarbeidspartnarar", "Budsjett 2026"]


def write_sheet(
    path: Path, rows: list[list[Any]], *, hide: str = "", title: str = "Tiltak"
) -> None:
    """A workbook of one sheet ``title`` holding ``rows``; the columns named by the letters
    in ``hide`` hidden (``column_dimensions[…].hidden``, as Excel hides a column)."""
    import openpyxl  # type: ignore[import-untyped]

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for letter in hide:
        sheet.column_dimensions[letter].hidden = True
    book.save(str(path))


def write_word_table(path: Path, rows: list[list[Any]]) -> None:
    """A Word document with one table of ``rows`` (a cell's «\\n» a paragraph of its own)."""
    import docx

    document = docx.Document()
    document.add_paragraph("Handlingsplan 2026")
    table = document.add_table(rows=0, cols=max(len(row) for row in rows))
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=False):
            cell.text = "" if value is None else str(value)
    document.save(str(path))


def write_ods_sheet(
    path: Path, rows: list[list[Any]], *, hide: frozenset[int] = frozenset()
) -> None:
    """An .ods sheet «Tiltak» of ``rows``: a text cell's lines each a paragraph, a number
    a float cell; the columns at the positions ``hide`` hidden (``visibility="collapse"``)."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Tiltak")
    for position in range(max(len(row) for row in rows)):
        column = TableColumn()
        if position in hide:
            column.setAttribute("visibility", "collapse")
        table.addElement(column)
    for values in rows:
        row = TableRow()
        for value in values:
            if isinstance(value, int):
                cell = TableCell(valuetype="float", value=str(value))
                cell.addElement(P(text=str(value)))
            else:
                cell = TableCell()
                for line in (value or "").split("\n") if value else []:
                    cell.addElement(P(text=line))
            row.addElement(cell)
        table.addElement(row)
    document.spreadsheet.addElement(table)
    document.save(str(path))


def write_plan_csv(path: Path, rows: list[list[Any]]) -> None:
    """A CSV export with «;», every cell quoted (a cell's line breaks kept inside quotes)."""
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL).writerows(
        [["" if v is None else v for v in row] for row in rows]
    )
    path.write_text(buffer.getvalue(), encoding="utf-8")


PLAN_WRITERS: dict[str, Callable[[Path, list[list[Any]]], None]] = {
    ".xlsx": write_sheet,
    ".docx": write_word_table,
    ".ods": write_ods_sheet,
    ".csv": write_plan_csv,
}


def plan_import(tmp_path: Path, source: Path, *extra: str) -> tuple[int, str, Path]:
    """``import plan`` of ``source`` into a copy of Vest-Telemark without its 2026 plan:
    the exit code, the output and the pilot's folder."""
    from tests.test_import_plan import pilot_without_2026, run_plan

    folder = pilot_without_2026(tmp_path)
    code, output = run_plan(folder, source, *extra)
    assert "Traceback" not in output
    return code, output, folder


def import_plan_json(tmp_path: Path, source: Path, *extra: str) -> tuple[dict[str, Any], Path]:
    """The JSON report of an import that wrote the plan, and the pilot's folder."""
    _, output, folder = plan_import(tmp_path, source, "--format", "json", *extra)
    report = json.loads(output)
    assert report["written"], output
    return report, folder


def plan_measures(folder: Path) -> dict[str, dict[str, Any]]:
    """The measures of the written 2026 plan, by id, as the YAML holds them."""
    data = load_yaml(folder / "plans" / "2026.yaml").data
    return {str(m["id"]): m for m in data["measures"]}


PARTNER_CELLS = {
    # the cell as written → the parties it names, in order
    "Telemark fylkeskommune\nHusbanken\nInnovasjon Norge": [
        "telemark-fylkeskommune", "husbanken", "innovasjon-norge"],
    "Husbanken; KS / USN": ["husbanken", "ks", "usn"],
    "• Husbanken\n• KS": ["husbanken", "ks"],
    "- Husbanken\n- Nav Vest-Telemark": ["husbanken", "nav-vest-telemark"],
    "Husbanken,\nKS og\nTFK": ["husbanken", "ks", "telemark-fylkeskommune"],
    "Husbanken og KS": ["husbanken", "ks"],
    "Statsforvaltaren i Vestfold og Telemark": ["statsforvaltaren-vestfold-telemark"],
    "1. Husbanken\n2. Seljord": ["husbanken", "seljord"],
}  # fmt: skip


@pytest.mark.parametrize("suffix", sorted(PLAN_WRITERS))
def test_partners_listed_in_one_cell_each_become_a_party(tmp_path: Path, suffix: str) -> None:
    """One name per line (bullets, numbers or none before them), or «;», «/», «og» between
    them: each name is matched as a single name is; the whole cell read as one unknown
    name was the defect."""
    rows = [PLAN_HEADER] + [
        [f"3.{n}", "3", f"Tiltak nummer {n}", cell, 1000 * n]
        for n, cell in enumerate(PARTNER_CELLS, start=4)
    ]
    source = tmp_path / f"handlingsplan{suffix}"
    PLAN_WRITERS[suffix](source, rows)
    report, folder = import_plan_json(tmp_path, source)
    assert report.get("unplaced") == [], report
    measures = plan_measures(folder)
    for n, expected in enumerate(PARTNER_CELLS.values(), start=4):
        assert measures[f"3.{n}"]["partners"] == expected, (n, expected)


def test_an_unknown_name_among_partners_is_named_alone(tmp_path: Path) -> None:
    """The names found are kept; the one not found is listed by itself, with its row."""
    source = tmp_path / "handlingsplan.xlsx"
    cell = "Husbanken\nBygdeungdomslaget\nKS"
    write_sheet(source, [PLAN_HEADER, ["3.4", "3", "Lærlingplassar", cell, 9000]])
    report, folder = import_plan_json(tmp_path, source)
    assert [(u["kind"], u["text"], u["source"]) for u in report["unplaced"]] == [
        ("party", "Bygdeungdomslaget", "Tiltak:2")
    ]
    assert plan_measures(folder)["3.4"]["partners"] == ["husbanken", "ks"]


def test_partners_none_of_which_is_known_are_left_unknown_not_emptied(tmp_path: Path) -> None:
    """A cell whose names are all unknown says nothing of who the partners are: the
    measure's partners are not written as an empty list (unknown is never «none»)."""
    source = tmp_path / "handlingsplan.xlsx"
    write_sheet(source, [PLAN_HEADER, ["3.4", "3", "Lærlingplassar", "Bygdeungdomslaget", 9000]])
    report, folder = import_plan_json(tmp_path, source)
    assert [u["text"] for u in report["unplaced"]] == ["Bygdeungdomslaget"]
    assert "partners" not in plan_measures(folder)["3.4"]


SEVERAL_GOALS = {"1 og 2": [1, 2], "1, 2": [1, 2], "1 + 3": [1, 3], "delmål 2 og 3": [2, 3],
                 "2/3": [2, 3], "Delmål 1 og delmål 3": [1, 3], "1–3": [1, 2, 3],
                 "1. og 2. delmål": [1, 2]}  # fmt: skip


def test_a_sub_goal_cell_naming_several_is_told_never_silently_one(tmp_path: Path) -> None:
    """A measure belongs to one sub-goal (``Measure.sub_goal``). Without a number the first
    named is taken, with a number such as «3.6» its sub-goal; either way the report names
    the row, the cell and the sub-goal chosen (before, the first was taken without a word)."""
    rows: list[list[Any]] = [["Nr", "Delmål", "Tiltak", "Budsjett 2026"]]
    for index, (cell, goals) in enumerate(SEVERAL_GOALS.items()):
        rows.append([None, cell, f"Utan nummer {index}", 1000])
        rows.append([f"{goals[-1]}.{index + 6}", cell, f"Med nummer {index}", 1000])
    source = tmp_path / "handlingsplan.csv"
    write_plan_csv(source, rows)
    report, folder = import_plan_json(tmp_path, source)
    placed = {p["title"]: p["id"] for p in report["placed"]}
    measures = plan_measures(folder)
    for index, (cell, goals) in enumerate(SEVERAL_GOALS.items()):
        first, last = goals[0], goals[-1]
        assert measures[placed[f"Utan nummer {index}"]]["sub_goal"] == first
        assert measures[placed[f"Med nummer {index}"]]["sub_goal"] == last
        told = [g for g in report["guesses"] if f"«{cell}»" in g]
        assert len(told) == 2, (cell, report["guesses"])
        assert f"{source}:{2 * index + 2}:" in told[0] and told[0].endswith(f"delmål {first}")
        assert f"{source}:{2 * index + 3}:" in told[1] and told[1].endswith(f"delmål {last}")


def test_a_sub_goal_cell_naming_one_is_told_nothing(tmp_path: Path) -> None:
    source = tmp_path / "handlingsplan.csv"
    rows = [
        ["Nr", "Delmål", "Tiltak"],
        ["3.4", "Delmål 3: Kompetanse", "Lærlingplassar"],
        [None, "2", "Felles traineeordning"],
        ["1.5", "1.", "Felles lærlingkontor"],
    ]
    write_plan_csv(source, rows)
    report, _ = import_plan_json(tmp_path, source)
    assert [p["id"] for p in report["placed"]] == ["3.4", "2.5", "1.5"]
    assert report["guesses"] == []


def test_a_number_under_another_sub_goal_than_the_cell_names_is_refused(tmp_path: Path) -> None:
    """«1.4» under the sub-goal «2»: which is meant cannot be told; before, the «Delmål»
    cell won without a word and the measure became 2.4."""
    source = tmp_path / "handlingsplan.csv"
    write_plan_csv(source, [["Nr", "Delmål", "Tiltak"], ["1.4", "2 og 3", "«Kompetansesirkel»"]])
    code, output, folder = plan_import(tmp_path, source)
    assert code == 1
    assert f"{source}:2: nummeret 1.4 høyrer til eit anna delmål enn «2 og 3»" in output
    assert not (folder / "plans" / "2026.yaml").exists()


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_hidden_columns_are_left_out_and_named(tmp_path: Path, suffix: str) -> None:
    """A column the sheet hides (draft figures beside the real ones, an old title) is not
    read: its header would have named a field, so the report names sheet, column and
    header. ``--map`` reads it when asked."""
    rows = [
        ["Nr", "Delmål", "Tiltak", "Budsjett 2026 utkast", "Budsjett 2026"],
        ["1.4", "1", "«Kompetansesirkel»", 5, 150000],
        ["3.4", "3", "Lærlingplassar", 7, 90000],
    ]
    source = tmp_path / f"handlingsplan{suffix}"
    if suffix == ".xlsx":
        write_sheet(source, rows, hide="D")
    else:
        write_ods_sheet(source, rows, hide=frozenset({3}))
    report, folder = import_plan_json(tmp_path, source)
    assert report["hidden_columns"] == [
        {"sheet": "Tiltak", "column": "D", "header": "Budsjett 2026 utkast"}
    ]
    measures = plan_measures(folder)
    assert measures["3.4"]["budget"][2026] == {"state_measure_funds": 90000}
    from tests.test_import_plan import run_plan

    code, output = run_plan(folder, source, "--update")
    assert (
        "Kolonner som reknearket skjuler, er ikkje lesne inn: "
        "Tiltak D «Budsjett 2026 utkast»." in output
    )
    mapped = "Budsjett 2026 utkast=budget.2026.own_funds"
    code, output = run_plan(folder, source, "--update", "--map", mapped, "--format", "json")
    assert code == 0, output
    assert json.loads(output)["hidden_columns"] == []
    assert plan_measures(folder)["3.4"]["budget"][2026]["own_funds"] == 7


def test_a_sheet_without_hidden_columns_says_nothing_of_them(tmp_path: Path) -> None:
    source = tmp_path / "handlingsplan.xlsx"
    write_sheet(source, [PLAN_HEADER, ["3.4", "3", "Lærlingplassar", None, 9000]])
    report, folder = import_plan_json(tmp_path, source)
    assert report["hidden_columns"] == []
    from tests.test_import_plan import run_plan

    assert "skjuler" not in run_plan(folder, source, "--update")[1]


def test_a_comment_and_line_breaks_in_an_ods_cell(tmp_path: Path) -> None:
    """LibreOffice keeps a cell's comment inside the cell and a line break (Shift+Enter)
    as an element: the comment was read as the cell's text («Sjekk tittelen Lærlingplassar»)
    and the break dropped («HusbankenKS»)."""
    from odf.office import Annotation
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import LineBreak, P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Tiltak")
    for values in ([*PLAN_HEADER], ["3.4", "3", None, None, 150000]):
        row = TableRow()
        for value in values:
            cell = TableCell()
            if isinstance(value, int):
                cell = TableCell(valuetype="float", value=str(value))
            if value is not None:
                cell.addElement(P(text=str(value)))
            row.addElement(cell)
        table.addElement(row)
    cells = row.getElementsByType(TableCell)
    partners = P(text="Husbanken")
    partners.addElement(LineBreak())
    partners.addText("KS")
    cells[3].addElement(partners)
    note = Annotation()
    note.addElement(P(text="Sjekk tittelen"))
    cells[2].addElement(note)
    cells[2].addElement(P(text="Lærlingplassar"))
    document.spreadsheet.addElement(table)
    source = tmp_path / "handlingsplan.ods"
    document.save(str(source))
    report, folder = import_plan_json(tmp_path, source)
    assert report["unplaced"] == []
    measure = plan_measures(folder)["3.4"]
    assert (measure["title"], measure["partners"]) == ("Lærlingplassar", ["husbanken", "ks"])


MEASURE_ROWS = [
    ["Nr", "Delmål", "Tiltak", "Budsjett 2026"],
    ["3.4", "3", "Lærlingplassar", "90 000"],
    ["3.5", "3", "Felles traineeordning", "kr 10 000,-"],
]


def _word_cells(table: Any, rows: list[list[str]]) -> None:
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value


def _nested_plan(path: Path) -> None:
    """The measures' table nested in a cell of a layout table (a letterhead's frame)."""
    import docx

    document = docx.Document()
    frame = document.add_table(rows=2, cols=2)
    frame.rows[0].cells[0].text = "Handlingsplan 2026"
    frame.rows[0].cells[1].text = "Vest-Telemark"
    _word_cells(frame.rows[1].cells[1].add_table(rows=0, cols=4), MEASURE_ROWS)
    document.save(str(path))


def _text_box_plan(path: Path) -> None:
    """The measures' table in a text box, as Word writes one: a DrawingML copy and, for
    older Word versions, a VML copy of the same box (``mc:Fallback``)."""
    import docx
    from docx.oxml import parse_xml

    scratch = docx.Document()
    _word_cells(scratch.add_table(rows=0, cols=4), MEASURE_ROWS)
    table = scratch.tables[0]._tbl.xml
    table = table[table.index("<w:tbl>") if "<w:tbl>" in table else table.index("<w:tbl ") :]
    names = (
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"'
    )
    box = f"<w:txbxContent>{table}<w:p/></w:txbxContent>"
    document = docx.Document()
    paragraph = document.add_paragraph("Handlingsplan 2026")
    paragraph._p.append(
        parse_xml(
            f"<w:r {names}><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing>"
            f"<wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></w:drawing></mc:Choice>"
            f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>"
            "</mc:Fallback></mc:AlternateContent></w:r>"
        )
    )
    document.save(str(path))


@pytest.mark.parametrize(
    ("build", "table"), [(_nested_plan, 2), (_text_box_plan, 1)], ids=["nested", "text-box"]
)
def test_a_word_table_in_a_cell_or_a_text_box_is_read_once(
    tmp_path: Path, build: Callable[[Path], None], table: int
) -> None:
    """python-docx lists only the body's own tables: a table nested in a cell or standing
    in a text box was not read (no table found); each is read once, in document order."""
    source = tmp_path / "handlingsplan.docx"
    build(source)
    report, folder = import_plan_json(tmp_path, source)
    placed = [(p["id"], p["source"]) for p in report["placed"]]
    assert placed == [("3.4", f"{table}:2"), ("3.5", f"{table}:3")]
    measures = plan_measures(folder)
    assert measures["3.5"]["budget"][2026] == {"state_measure_funds": 10000}


def _tracked_plan(path: Path, nested: bool) -> None:
    """A budget cell changed from 100 000 to 150 000 with tracked changes on; ``nested``:
    the table in a cell of a layout table (its changes counted once, not twice)."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    parent = document.add_table(rows=1, cols=1).rows[0].cells[0] if nested else document
    table = parent.add_table(rows=0, cols=4)
    _word_cells(table, MEASURE_ROWS[:2])
    cell = table.rows[1].cells[3]
    cell.text = ""
    names = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    cell.paragraphs[0]._p.append(
        parse_xml(
            f'<w:del {names} w:id="1" w:author="Kari"><w:r><w:delText>100 000</w:delText>'
            f"</w:r></w:del>"
        )
    )
    cell.paragraphs[0]._p.append(
        parse_xml(f'<w:ins {names} w:id="2" w:author="Kari"><w:r><w:t>150 000</w:t></w:r></w:ins>')
    )
    document.save(str(path))


@pytest.mark.parametrize(
    ("changes", "kroner", "nested"), [("accept", 150000, False), ("reject", 100000, True)]
)
def test_tracked_changes_in_a_word_plan_are_refused_or_taken_as_asked(
    tmp_path: Path, changes: str, kroner: int, nested: bool
) -> None:
    """python-docx reads neither inserted nor deleted text: the changed amount read as an
    empty cell, the budget left out without a word. As for an agreement, the import stops
    with the counts unless ``--changes`` says what to do."""
    source = tmp_path / "handlingsplan.docx"
    _tracked_plan(source, nested)
    code, output, folder = plan_import(tmp_path, source)
    assert code == 1
    assert f"{source}: fila har spora endringar som ikkje er godtekne" in output
    assert "1 innsetting, 1 sletting" in output
    assert not (folder / "plans" / "2026.yaml").exists()
    from tests.test_import_plan import run_plan

    code, output = run_plan(folder, source, "--changes", changes)
    assert code == 0, output
    assert plan_measures(folder)["3.4"]["budget"][2026] == {"state_measure_funds": kroner}


def test_a_word_row_that_starts_after_the_first_column(tmp_path: Path) -> None:
    """A row whose first grid column is left empty (``w:gridBefore``, a pasted row): its
    cells stand under their headers, not one column to the left."""
    import docx
    from docx.oxml import parse_xml

    source = tmp_path / "handlingsplan.docx"
    document = docx.Document()
    table = document.add_table(rows=0, cols=4)
    _word_cells(table, MEASURE_ROWS[:2])
    row = table.add_row()
    row._tr.remove(row._tr.tc_lst[0])
    names = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    row._tr.insert(0, parse_xml(f'<w:trPr {names}><w:gridBefore w:val="1"/></w:trPr>'))
    for cell, value in zip(row.cells, ["3", "Felles traineeordning", "40 000"], strict=True):
        cell.text = value
    document.save(str(source))
    report, folder = import_plan_json(tmp_path, source)
    assert [p["title"] for p in report["placed"]] == ["Lærlingplassar", "Felles traineeordning"]
    new = plan_measures(folder)[report["placed"][1]["id"]]
    assert (new["sub_goal"], new["budget"][2026]) == (3, {"state_measure_funds": 40000})


AMOUNTS = {"kr 1 200 000,-": 1200000, "1,2 mill.": 1200000, "1.200.000": 1200000,
           "NOK 300'": 300000, "1 200'": 1200000, "300 000 kr": 300000, "-": None}  # fmt: skip


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm"])
def test_a_workbook_laid_out_as_a_municipality_writes_it(tmp_path: Path, suffix: str) -> None:
    """Title rows above a header that is not the first row, a title merged across, the
    columns in an order no test used, blank rows inside the table, amounts written every
    way, a «Sum» row at the bottom; the same as a macro workbook (.xlsm). Each amount
    is right, the dash unknown (no budget), the sum row listed, nothing else."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Handlingsplan"
    sheet.append(["Handlingsplan 2026 – Vest-Telemark"])
    sheet.merge_cells("A1:E1")
    sheet.append(["Vedteke i styringsgruppa 12.11.2025"])
    sheet.append([])
    sheet.append(["Budsjett 2026", "Tiltak", "Samarbeidspartnarar", "Delmål", "Nr"])
    for index, written in enumerate(AMOUNTS):
        sheet.append([written, f"Tiltak {index}", "Husbanken\nKS", "3", f"3.{index + 4}"])
        sheet.append([])
    sheet.append([1234, "Sum", None, None, None])
    source = tmp_path / f"handlingsplan{suffix}"
    book.save(str(source))
    report, folder = import_plan_json(tmp_path, source)
    measures = plan_measures(folder)
    for index, kroner in enumerate(AMOUNTS.values()):
        measure = measures[f"3.{index + 4}"]
        assert measure["title"] == f"Tiltak {index}"
        assert measure["partners"] == ["husbanken", "ks"]
        if kroner is None:
            assert "budget" not in measure
        else:
            assert measure["budget"][2026] == {"state_measure_funds": kroner}
    assert [u["source"] for u in report["unplaced"]] == ["Handlingsplan:19"]


def test_measures_split_over_two_word_tables_and_a_cp1252_csv(tmp_path: Path) -> None:
    """Two Word tables, the header repeated on the second (a page break), a reviewer's
    comment on a title, and the same measures exported as CSV from Excel on Windows
    (cp1252, «;»): the same plan (the comment is not the title's text)."""
    import docx

    rows = [
        ["Tiltak", "Nr", "Delmål", "Ansvarleg", "Budsjett 2026"],
        ["Lærlingplassar i helse", "3.4", "3", "Nissedal", "kr 90 000,-"],
        ["Felles traineeordning", "3.5", "3", "Seljord kommune", "40 000"],
    ]
    word = tmp_path / "handlingsplan.docx"
    document = docx.Document()
    for part in (rows[:2], [rows[0], rows[2]]):
        _word_cells(document.add_table(rows=0, cols=5), part)
        document.add_paragraph("")
    title = document.tables[1].rows[1].cells[0].paragraphs[0]
    title.text = ""
    document.add_comment(title.add_run(rows[2][0]), text="Sjekk namnet", author="Kari")
    document.save(str(word))
    text = tmp_path / "handlingsplan.csv"
    text.write_bytes("\r\n".join(";".join(row) for row in rows).encode("cp1252"))
    written = []
    for source in (word, text):
        report, folder = import_plan_json(tmp_path / source.suffix[1:], source)
        assert report["unplaced"] == []
        written.append((folder / "plans" / "2026.yaml").read_text(encoding="utf-8"))
        measures = plan_measures(folder)
        assert measures["3.4"]["responsible"] == "nissedal"
        assert measures["3.5"]["responsible"] == "seljord"
        assert measures["3.4"]["budget"][2026] == {"state_measure_funds": 90000}
    assert written[0] == written[1]


@pytest.mark.parametrize("column", ["Nr", "Delmål"])
def test_a_measure_number_excel_made_a_date_is_refused_by_name(tmp_path: Path, column: str) -> None:
    """Norwegian Excel turns «1.4» into 1 April: the cell is a date, said to be one with
    what to do, never read as a number (in «Delmål», before, as sub-goal 202)."""
    import datetime as dt

    source = tmp_path / "handlingsplan.xlsx"
    write_sheet(source, [[column, "Tiltak"], [dt.datetime(2026, 4, 1), "«Kompetansesirkel»"]])
    code, output, folder = plan_import(tmp_path, source)
    assert code == 1
    said = f"{source}:Tiltak:2: «2026-04-01» i kolonna «{column}» er ein dato, ikkje eit nummer"
    assert said in output
    assert not (folder / "plans" / "2026.yaml").exists()


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_a_title_header_merged_over_the_number_and_the_title(tmp_path: Path, suffix: str) -> None:
    """«Tiltak» merged over two columns, «1.4» under its left half and the title under its
    right: before, «1.4» became the title of a new measure and the title was left out."""
    rows = [
        ["Delmål", "Tiltak", None, "Budsjett 2026"],
        [1, "1.4", "«Kompetansesirkel»", 150000],
        [3, "3.4", "Lærlingplassar", 90000],
        [None, "Sum", None, 240000],
    ]
    source = tmp_path / f"handlingsplan{suffix}"
    if suffix == ".xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        for row in rows:
            book.active.append(row)
        book.active.merge_cells("B1:C1")
        book.save(str(source))
    else:
        import docx

        document = docx.Document()
        table = document.add_table(rows=0, cols=4)
        _word_cells(table, [["" if v is None else str(v) for v in row] for row in rows])
        table.rows[0].cells[1].merge(table.rows[0].cells[2])
        document.save(str(source))
    report, folder = import_plan_json(tmp_path, source)
    assert [(p["id"], p["title"], p["match"]) for p in report["placed"]] == [
        ("1.4", "«Kompetansesirkel»", "number"),
        ("3.4", "Lærlingplassar", "new"),
    ]
    assert plan_measures(folder)["1.4"]["budget"][2026] == {"state_measure_funds": 150000}
    assert [u["text"] for u in report["unplaced"]] == ["Sum"]


@pytest.mark.parametrize("header", ["Partnarar", "Partnere"])
def test_a_partners_column_headed_by_another_word(tmp_path: Path, header: str) -> None:
    """«Partnarar» and «Partnere» head the partners as «Samarbeidspartar» does: before, the
    column was not read, without a word."""
    source = tmp_path / "handlingsplan.csv"
    write_plan_csv(
        source,
        [["Nr", "Delmål", "Tiltak", header], ["3.4", "3", "Lærlingplassar", "Husbanken\nKS"]],
    )
    _, folder = import_plan_json(tmp_path, source)
    assert plan_measures(folder)["3.4"]["partners"] == ["husbanken", "ks"]


def test_word_rows_in_a_repeating_section_are_read(tmp_path: Path) -> None:
    """A template's measures in a repeating section content control (``w:sdt`` around the
    rows): python-docx lists only the table's own rows, so they were left out."""
    import docx
    from docx.oxml import parse_xml

    source = tmp_path / "handlingsplan.docx"
    document = docx.Document()
    table = document.add_table(rows=0, cols=4)
    _word_cells(table, MEASURE_ROWS)
    names = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    section = parse_xml(f"<w:sdt {names}><w:sdtPr/><w:sdtContent/></w:sdt>")
    rows = table._tbl.tr_lst
    rows[1].addprevious(section)
    for row in rows[1:]:
        section[1].append(row)
    document.save(str(source))
    report, folder = import_plan_json(tmp_path, source)
    assert [(p["id"], p["source"]) for p in report["placed"]] == [("3.4", "1:2"), ("3.5", "1:3")]
    assert plan_measures(folder)["3.4"]["budget"][2026] == {"state_measure_funds": 90000}


def test_a_hidden_row_under_a_cell_merged_down_is_named(tmp_path: Path) -> None:
    """The sub-goal merged down over two rows, the second hidden: the merge's fill dropped
    the row's hidden mark, so its measure was read without a word."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tiltak"
    for row in (["Delmål", "Nr", "Tiltak"], [3, "3.4", "Lærlingplassar"], [3, "3.5", "Trainee"]):
        sheet.append(row)
    sheet.merge_cells("A2:A3")
    sheet.row_dimensions[3].hidden = True
    source = tmp_path / "handlingsplan.xlsx"
    book.save(str(source))
    report, folder = import_plan_json(tmp_path, source)
    assert report["hidden_rows"] == ["Tiltak:3"]
    assert plan_measures(folder)["3.5"]["sub_goal"] == 3


def test_a_responsible_cell_naming_several_parties_is_said_to(tmp_path: Path) -> None:
    """A measure has one responsible party: «Seljord og Tokke» (or one a line) sets none
    and says why; before, it was «no party "Seljord Tokke"», as if the names were wrong."""
    source = tmp_path / "handlingsplan.csv"
    rows = [
        ["Nr", "Delmål", "Tiltak", "Ansvarleg"],
        ["3.4", "3", "Lærlingplassar", "Seljord og Tokke"],
        ["3.5", "3", "Trainee", "Seljord kommune\nTokke kommune"],
        ["3.6", "3", "Kurs", "Nissedal"],
    ]
    write_plan_csv(source, rows)
    report, folder = import_plan_json(tmp_path, source)
    messages = [u["message"] for u in report["unplaced"]]
    assert len(messages) == 2
    assert all("nemner fleire partar som ansvarlege" in m for m in messages)
    assert f"{source}:2: «Seljord og Tokke»" in messages[0]
    measures = plan_measures(folder)
    assert "responsible" not in measures["3.4"] and "responsible" not in measures["3.5"]
    assert measures["3.6"]["responsible"] == "nissedal"


def test_a_sheet_an_ods_file_hides_is_read_and_named(tmp_path: Path) -> None:
    """LibreOffice hides a sheet through its table style (``table:display="false"``): its
    measures are read and named, as an .xlsx file's hidden sheet's are (before, without a
    word)."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableProperties
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    hidden = Style(name="ta2", family="table")
    hidden.addElement(TableProperties(display="false"))
    document.automaticstyles.addElement(hidden)
    sheets = {"Tiltak": ["3.4", "Lærlingplassar"], "Gamle": ["3.6", "Utgått tiltak"]}
    for name, measure in sheets.items():
        table = Table(name=name, stylename=hidden if name == "Gamle" else None)
        for values in (["Nr", "Tiltak"], measure):
            row = TableRow()
            for value in values:
                cell = TableCell()
                cell.addElement(P(text=value))
                row.addElement(cell)
            table.addElement(row)
        document.spreadsheet.addElement(table)
    source = tmp_path / "handlingsplan.ods"
    document.save(str(source))
    report, folder = import_plan_json(tmp_path, source)
    assert report["hidden_rows"] == ["Gamle:2"]
    assert {"3.4", "3.6"} <= set(plan_measures(folder))


def test_scanned_bullets_before_partners_one_a_line_are_repaired(tmp_path: Path) -> None:
    """A scanned table whose partners' cell has bullets read as «e» or «*»: each line is
    repaired as the cell is («e Husbanken» → «• Husbanken»), so the names are found."""
    from tests.test_import_plan import SCANNED

    rows = [[*SCANNED[0], "Samarbeidspartar"]]
    rows += [[*row, "e Husbanken\n* KS"] for row in SCANNED[1:]]
    source = tmp_path / "skanna.xlsx"
    write_sheet(source, rows)
    report, folder = import_plan_json(tmp_path, source)
    assert report["repaired"] and report["unplaced"] == []
    assert plan_measures(folder)["1.4"]["partners"] == ["husbanken", "ks"]


def test_a_party_whose_name_holds_og_is_kept_whole_among_others(tmp_path: Path) -> None:
    """One name a line, one of them a party whose own name has «og» in it: that line is the
    party, not «Fyresdal» and «Nissedal næringsselskap»."""
    from tests.helpers import edit
    from tests.test_import_plan import pilot_without_2026, run_plan

    folder = pilot_without_2026(tmp_path)
    edit(
        folder / "pilot.yaml",
        "  - id: ks\n",
        "  - id: fn-naering\n    name: Fyresdal og Nissedal næringsselskap\n"
        "    kind: other\n    role: partner\n  - id: ks\n",
    )
    source = tmp_path / "handlingsplan.csv"
    cell = "Fyresdal og Nissedal næringsselskap\nHusbanken; KS"
    write_plan_csv(source, [PLAN_HEADER[:4], ["3.4", "3", "Lærlingplassar", cell]])
    _, output = run_plan(folder, source, "--format", "json")
    assert json.loads(output)["unplaced"] == [], output
    assert plan_measures(folder)["3.4"]["partners"] == ["fn-naering", "husbanken", "ks"]


def test_an_id_that_is_no_id_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    """An «Id» column's value a new measure would take as its id must be one: «T 3/5» was
    written and the plan failed validation afterwards. A value whose row found its measure
    by title is not used, and not refused."""
    source = tmp_path / "handlingsplan.csv"
    rows = [["Id", "Delmål", "Tiltak"], ["Tiltak 1.4", "1", "«Kompetansesirkel»"]]
    write_plan_csv(source, [*rows, ["T 3/5", "3", "Felles traineeordning"]])
    code, output, folder = plan_import(tmp_path, source)
    assert code == 1
    assert f"{source}:3: «t 3/5» i kolonna «Id» er ikkje ein id" in output
    assert not (folder / "plans" / "2026.yaml").exists()
    write_plan_csv(source, rows)
    report, _ = import_plan_json(tmp_path / "again", source)
    assert [(p["id"], p["match"]) for p in report["placed"]] == [("1.4", "title")]
