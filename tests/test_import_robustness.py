"""``import agreement`` and ``import plan`` on files as other municipalities write them, and on
broken files: every file is built here from code (python-docx, odfpy, openpyxl, raw bytes),
then imported through the real CLI and checked against the bundled pilot, or checked to be
refused with a Norwegian message that names the file, with nothing written."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bygdevekst_cli.loader import load_yaml
from bygdevekst_cli.models import ActionPlan
from tests.helpers import SEEDS
from tests.test_import import imported
from tests.test_import_layouts import (
    SEED,
    VT,
    VV,
    Piece,
    build_word,
    bundled,
    pieces,
    run_import,
)
from tests.test_import_plan import ods_cell, pilot_without_2026, refused_plan, run_plan

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = f'xmlns:w="{W}"'


def imports_as_bundled(tmp_path: Path, source: Path, pilot_id: str) -> None:
    """``source`` imports without an error into what the bundled pilot holds."""
    code, output = run_import(tmp_path, source, pilot_id)
    assert code == 0, output
    assert_like_bundled(tmp_path / "pilots" / pilot_id, pilot_id)


def assert_like_bundled(folder: Path, pilot_id: str) -> None:
    """Sub-goals, partners, chapters, parties and signatures as the bundled pilot has them."""
    pilot, agreement = imported(folder)
    want_pilot, want = bundled(pilot_id)
    assert [(g.number, g.title, g.partners) for g in agreement.sub_goals] == [
        (g.number, g.title, g.partners) for g in want.sub_goals
    ]
    assert [(c.number, c.kind, c.title) for c in agreement.chapters] == [
        (c.number, c.kind, c.title) for c in want.chapters
    ]
    assert sorted(p.id for p in pilot.parties) == sorted(p.id for p in want_pilot.parties)
    assert [s.party for s in agreement.signatures] == [s.party for s in want.signatures]


# --- characters a word processor leaves in the text ---------------------------------------


def _word_texts(path: Path, change: Callable[[Any], None], pilot_id: str) -> None:
    """A Word agreement with ``change`` applied to every text element (``w:t``)."""
    import docx

    build_word(path, pilot_id, "bold_numbers")
    document = docx.Document(str(path))
    for element in list(document.element.body.iter(f"{{{W}}}t")):
        change(element)
    document.save(str(path))


def _soft_hyphens(element: Any) -> None:
    """Optional breaks in every long word, as Word keeps them after hyphenation by hand."""
    element.text = re.sub(r"(\w{4})(\w{4,})", "\\1\u00ad\\2", element.text or "")


def _non_breaking_hyphens(element: Any) -> None:
    """Each «-» written as Word's non-breaking hyphen element (``w:noBreakHyphen``)."""
    from docx.oxml import parse_xml

    first, *rest = (element.text or "").split("-")
    element.text = first
    after = element
    for part in rest:
        hyphen = parse_xml(f"<w:noBreakHyphen {NS}/>")
        after.addnext(hyphen)
        after = parse_xml(f'<w:t {NS} xml:space="preserve"></w:t>')
        after.text = part
        hyphen.addnext(after)


def _text_with_breaks(path: Path, pilot_id: str) -> None:
    """The seed as a text export that kept soft hyphens, zero-width spaces and U+2011."""
    text = (SEEDS / SEED[pilot_id]).read_text(encoding="utf-8")
    text = re.sub(r"(\w{4})(\w{4,})", "\\1\u00ad\\2", text).replace("-", "\u2011")
    path.write_text(text.replace(" og ", " og\u200b "), encoding="utf-8")


INVISIBLE: dict[str, tuple[str, str, Callable[[Path], None]]] = {
    "docx-soft-hyphens-nn": (VT, ".docx", lambda p: _word_texts(p, _soft_hyphens, VT)),
    "docx-soft-hyphens-nb": (VV, ".docx", lambda p: _word_texts(p, _soft_hyphens, VV)),
    "docx-no-break-hyphens": (VT, ".docx", lambda p: _word_texts(p, _non_breaking_hyphens, VT)),
    "txt-invisible-breaks": (VT, ".txt", lambda p: _text_with_breaks(p, VT)),
}


@pytest.mark.parametrize("name", sorted(INVISIBLE))
def test_soft_hyphens_and_special_hyphens_do_not_split_words(tmp_path: Path, name: str) -> None:
    pilot_id, suffix, build = INVISIBLE[name]
    source = tmp_path / f"avtale{suffix}"
    build(source)
    code, output = run_import(tmp_path, source, pilot_id)
    assert code == 0, output
    folder = tmp_path / "pilots" / pilot_id
    assert_like_bundled(folder, pilot_id)
    written = (folder / "agreement.yaml").read_text(encoding="utf-8")
    assert not re.search("[\u00ad\u200b\u2011]", written)


# --- headings written «Kapittel 2 …» -------------------------------------------------------


def _word_chapter_words(path: Path, pilot_id: str) -> None:
    """Bold Normal headings «Kapittel 2 Hovudpartar i avtala» instead of «2. Hovudpartar …»."""
    import docx

    build_word(path, pilot_id, "bold_numbers")
    document = docx.Document(str(path))
    for paragraph in document.paragraphs:
        runs = paragraph.runs
        if runs and runs[0].bold and re.match(r"\d\. ", runs[0].text):
            runs[0].text = re.sub(r"^(\d)\. ", r"Kapittel \1 ", runs[0].text)
    document.save(str(path))


def _text_chapter_words(path: Path, pilot_id: str) -> None:
    """The seed as text with «Kap. 2: Hovudpartar i avtala» chapter lines."""
    text = (SEEDS / SEED[pilot_id]).read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^ ?(\d)\. (?=[A-ZÆØÅ])", r"Kap. \1: ", text), encoding="utf-8")


CHAPTER_WORDS: dict[str, tuple[str, str, Callable[[Path], None]]] = {
    "docx-nn": (VT, ".docx", lambda p: _word_chapter_words(p, VT)),
    "docx-nb": (VV, ".docx", lambda p: _word_chapter_words(p, VV)),
    "txt-nn": (VT, ".txt", lambda p: _text_chapter_words(p, VT)),
}


@pytest.mark.parametrize("name", sorted(CHAPTER_WORDS))
def test_chapter_headings_with_the_word_kapittel(tmp_path: Path, name: str) -> None:
    pilot_id, suffix, build = CHAPTER_WORDS[name]
    source = tmp_path / f"avtale{suffix}"
    build(source)
    imports_as_bundled(tmp_path, source, pilot_id)


# --- broken files ---------------------------------------------------------------------------


def _compound(*streams: str) -> bytes:
    """A compound file (the container of Word 97–2003 files and of password-protected
    .docx/.xlsx): its header and a directory sector naming ``streams`` (in UTF-16)."""
    header = bytearray(512)
    header[:8] = bytes.fromhex("d0cf11e0a1b11ae1")
    header[24:34] = bytes.fromhex("3e000300feff09000600")  # version, byte order, sector size
    directory = bytearray()
    for name in ("Root Entry", *streams):
        entry = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\0\0"
        entry[: len(encoded)] = encoded
        entry[64:66] = len(encoded).to_bytes(2, "little")
        entry[66] = 5 if name == "Root Entry" else 2
        directory += entry
    return bytes(header) + bytes(directory).ljust(512, b"\0")


def _zip(path: Path, parts: dict[str, str]) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w") as package:
        for name, text in parts.items():
            package.writestr(name, text)


def _xlsx(path: Path) -> None:
    import openpyxl  # type: ignore[import-untyped]

    book = openpyxl.Workbook()
    book.active.append(["Tiltak", "Delmål"])
    book.save(str(path))


NOT_PACKAGE = ("er ikkje ei {}-fil", "er ikke en {}-fil", "Word-fil ({})")
_MANIFEST = "META-INF/manifest.xml"
_ODF_MANIFEST = (
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
    '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/>'
    "</manifest:file-entry></manifest:manifest>"
)
BROKEN: dict[str, tuple[str, Callable[[Path], None], tuple[str, ...]]] = {
    "empty": ("{}", lambda p: p.write_bytes(b""), ("fila er tom", "filen er tom")),
    "zip-of-other-files": (
        "{}",
        lambda p: _zip(p, {"notat.txt": "hei"}),
        NOT_PACKAGE,
    ),
    "old-binary-office-file": (
        "{}",
        lambda p: p.write_bytes(_compound("WordDocument", "1Table", "Workbook")),
        ("gammal Office-fil", "gammel Office-fil"),
    ),
    "password-protected": (
        "{}",
        lambda p: p.write_bytes(_compound("EncryptionInfo", "EncryptedPackage")),
        ("verna med passord", "beskyttet med passord"),
    ),
}


def _refused(output: str, file: str, suffix: str, wanted: tuple[str, ...]) -> None:
    assert "Traceback" not in output
    message = next(line for line in output.splitlines() if file in line)
    assert any(w.format(suffix) in message for w in wanted), message


@pytest.mark.parametrize("suffix", [".docx", ".odt"])
@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_agreement_file_is_refused_with_what_it_is(
    tmp_path: Path, name: str, suffix: str
) -> None:
    _, build, wanted = BROKEN[name]
    source = tmp_path / f"avtale{suffix}"
    build(source)
    code, output = run_import(tmp_path, source, "nye-dalen")
    assert code == 1
    _refused(output, source.name, suffix, wanted)
    assert not (tmp_path / "pilots").exists()


@pytest.mark.parametrize(
    ("suffix", "build"),
    [
        (".docx", _xlsx),  # a workbook renamed
        (".odt", lambda p: _zip(p, {"mimetype": "application/vnd.oasis.opendocument.spreadsheet"})),
    ],
)
def test_another_kind_of_package_under_the_suffix_is_refused(
    tmp_path: Path, suffix: str, build: Callable[[Path], None]
) -> None:
    source = tmp_path / f"avtale{suffix}"
    build(source)
    code, output = run_import(tmp_path, source, "nye-dalen")
    assert code == 1
    _refused(output, source.name, suffix, NOT_PACKAGE)


def test_a_password_protected_odt_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "avtale.odt"
    mimetype = "application/vnd.oasis.opendocument.text"
    _zip(source, {"mimetype": mimetype, "content.xml": "\x8f\x01", _MANIFEST: _ODF_MANIFEST})
    code, output = run_import(tmp_path, source, "nye-dalen")
    assert code == 1
    _refused(output, source.name, ".odt", ("verna med passord", "beskyttet med passord"))


def test_an_empty_text_agreement_is_said_to_be_empty(tmp_path: Path) -> None:
    source = tmp_path / "avtale.md"
    source.write_bytes(b"")
    code, output = run_import(tmp_path, source, "nye-dalen")
    assert code == 1
    _refused(output, source.name, ".md", ("fila er tom", "filen er tom"))


PLAN_BROKEN = [(n, s) for n in sorted(BROKEN) for s in (".docx", ".xlsx", ".ods")]
PLAN_BROKEN.append(("empty", ".csv"))  # a CSV file is text: only an empty one is broken


@pytest.mark.parametrize(("name", "suffix"), PLAN_BROKEN)
def test_a_broken_plan_table_is_refused_with_what_it_is(
    tmp_path: Path, name: str, suffix: str
) -> None:
    _, build, wanted = BROKEN[name]
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / f"handlingsplan{suffix}"
    build(source)
    output = refused_plan(folder, source)
    _refused(output, source.name, suffix, wanted)


def test_a_word_file_without_tables_given_as_a_plan(tmp_path: Path) -> None:
    import docx

    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "handlingsplan.docx"
    document = docx.Document()
    document.add_paragraph("Tiltak 1.1 Samarbeid om innsiktsarbeid, 400 000 kr")
    document.save(str(source))
    output = refused_plan(folder, source)
    assert "handlingsplan.docx: fann ingen tabell med tiltak" in output


# --- plan tables as municipalities keep them ----------------------------------------------


def _plan(folder: Path) -> dict[str, Any]:
    plan = ActionPlan.model_validate(load_yaml(folder / "plans" / "2026.yaml").data)
    return {m.id: m for m in plan.measures}


NEW_MEASURE = "Mentorordning for nytilsette i kommunane"


def test_dates_in_start_and_end_columns_give_their_years(tmp_path: Path) -> None:
    """Excel date cells, and «1.3.2026» typed in a CSV file: the year is what is meant."""
    import openpyxl

    folder = pilot_without_2026(tmp_path)
    header = ["Nr", "Delmål", "Tiltak", "Ansvarleg", "Start", "Slutt", "Budsjett 2026"]
    source = tmp_path / "handlingsplan.xlsx"
    book = openpyxl.Workbook()
    book.active.append(header)
    book.active.append(
        ["3.4", 3, NEW_MEASURE, "Nis\u00adsedal", dt.datetime(2026, 3, 1), dt.date(2027, 12, 31),
         120000]
    )  # fmt: skip
    book.save(str(source))
    code, output = run_plan(folder, source)
    assert code == 0, output
    measure = _plan(folder)["3.4"]
    assert (measure.start_year, measure.end_year) == (2026, 2027)
    assert measure.responsible == "nissedal"

    csv = tmp_path / "handlingsplan.csv"
    csv.write_text(
        ";".join(header) + f"\n3.4;3;{NEW_MEASURE};Nissedal;1.3.2026;31.12.2028;120000\n",
        encoding="utf-8",
    )
    code, output = run_plan(folder, csv, "--update")
    assert code == 0, output
    assert _plan(folder)["3.4"].end_year == 2028


def test_a_date_that_is_no_year_is_still_refused(tmp_path: Path) -> None:
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "handlingsplan.csv"
    source.write_text(f"Nr;Delmål;Tiltak;Start\n3.4;3;{NEW_MEASURE};mars 2026\n", encoding="utf-8")
    output = refused_plan(folder, source)
    assert "handlingsplan.csv:2: «mars 2026» i kolonna «Start» er ikkje eit tal" in output


def _formula_book(path: Path, cached: dict[str, int]) -> None:
    """A plan with a formula in a budget cell (G3) and a sum row (G4); a spreadsheet stores
    each formula's value beside it, a program writing the file may not: ``cached`` gives the
    values stored, by cell."""
    import zipfile

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Handlingsplan 2026"])
    sheet.append(["Nr", "Delmål", "Tiltak", "Ansvarleg", "Start", "Slutt", "Budsjett 2026"])
    sheet.append(["3.4", 3, NEW_MEASURE, None, 2026, 2027, "=100000+20000"])
    sheet.append([None, None, "Sum", None, None, None, "=SUM(G3:G3)"])
    written = path.with_suffix(".tmp")
    book.save(str(written))
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                for cell, value in cached.items():
                    text = re.sub(
                        rf'(<c r="{cell}"[^>]*>\s*<f>[^<]*</f>)\s*(<v\s*/>)?',
                        rf"\1<v>{value}</v>",
                        text,
                    )
                data = text.encode("utf-8")
            target.writestr(item, data)


def test_formulas_give_their_stored_values(tmp_path: Path) -> None:
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "handlingsplan.xlsx"
    _formula_book(source, {"G3": 120000, "G4": 120000})
    code, output = run_plan(folder, source)
    assert code == 0, output
    assert _plan(folder)["3.4"].budget[2026].state_measure_funds == 120000


def test_a_formula_without_a_stored_value_is_refused_not_read_as_empty(tmp_path: Path) -> None:
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "handlingsplan.xlsx"
    _formula_book(source, {"G4": 120000})
    output = refused_plan(folder, source)
    assert (
        "handlingsplan.xlsx:Sheet:3: kolonna «Budsjett 2026» har formelen «=100000+20000», "
        "men fila har ikkje lagra verdien han gir" in output
    )


def test_a_sum_row_without_a_stored_value_is_still_only_a_sum_row(tmp_path: Path) -> None:
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "handlingsplan.xlsx"
    _formula_book(source, {"G3": 120000})
    code, output = run_plan(folder, source)
    assert code == 0, output
    assert "handlingsplan.xlsx:Sheet:4: rada «Sum» har korkje delmål eller nummer" in output
    assert _plan(folder)["3.4"].budget[2026].state_measure_funds == 120000


# --- text boxes ------------------------------------------------------------------------------

_TEXT_BOX = (
    '<w:r {ns} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
    "<a:graphicData><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>UTKAST 12.03.2026</w:t>"
    "</w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor>"
    "</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p>"
    "<w:r><w:t>UTKAST 12.03.2026</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape>"
    "</w:pict></mc:Fallback></mc:AlternateContent></w:r>"
)


def test_text_boxes_anchored_in_headings_are_not_their_text(tmp_path: Path) -> None:
    """A «draft» stamp in a text box anchored to each chapter heading (Word writes the box
    twice: as a drawing and as a fallback for old versions)."""
    import docx
    from docx.oxml import parse_xml

    source = tmp_path / "avtale.docx"
    build_word(source, VT, "bold_numbers")
    document = docx.Document(str(source))
    headings = [p for p in document.paragraphs if re.match(r"\d\. ", p.text)]
    for paragraph in headings:
        paragraph._p.append(parse_xml(_TEXT_BOX.format(ns=NS)))
    document.save(str(source))
    code, output = run_import(tmp_path, source, VT)
    assert code == 0, output
    assert f"tekstboks ({len(headings)})" in output
    folder = tmp_path / "pilots" / VT
    assert_like_bundled(folder, VT)
    assert "UTKAST" not in (folder / "agreement.yaml").read_text(encoding="utf-8")


# --- a plan table with a heading row for each sub-goal --------------------------------------

_GROUPED: list[list[Any]] = [
    ["Nr", "Delmål", "Tiltak", "Budsjett 2026"],
    ["Delmål 1: Fleire eigna bustader", None, None, None],
    ["1.4", "1", "«Kompetansesirkel»", "150 000"],
    ["Delmål 3: Meir kompetanse", None, None, None],
    ["3.3", "3", "Rekrutteringskampanje for sjukepleiarar", "250 000"],
]


def _grouped(path: Path) -> None:
    """Each sub-goal's measures under a heading row: one cell merged across the row."""
    if path.suffix == ".xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        for index, values in enumerate(_GROUPED, start=1):
            book.active.append(values)
            if values[1] is None:
                book.active.merge_cells(f"A{index}:D{index}")
        book.save(str(path))
        return
    import docx

    document = docx.Document()
    table = document.add_table(rows=0, cols=4)
    for values in _GROUPED:
        cells = table.add_row().cells
        if values[1] is None:
            cells[0].merge(cells[3]).text = str(values[0])
            continue
        for cell, value in zip(cells, values, strict=True):
            cell.text = str(value)
    document.save(str(path))


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_heading_rows_merged_across_a_plan_table_are_notes(tmp_path: Path, suffix: str) -> None:
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / f"handlingsplan{suffix}"
    _grouped(source)
    code, output = run_plan(folder, source, "--format", "json")
    assert code == 0, output
    report = json.loads(output)
    assert [(p["id"], p["match"]) for p in report["placed"]] == [("1.4", "number"), ("3.3", "new")]
    assert [u["text"] for u in report["unplaced"]] == [
        "Delmål 1: Fleire eigna bustader",
        "Delmål 3: Meir kompetanse",
    ]
    assert _plan(folder)["3.3"].budget[2026].state_measure_funds == 250000


# --- cells merged down over several measures ------------------------------------------------

_MEASURES = [
    ["Delmål", "Nr", "Tiltak", "Budsjett 2026"],
    ["1", "4", "«Kompetansesirkel»", "150 000"],
    ["1", "5", "Bustadkafé i kvar kommune", "80 000"],
    ["3", "3", "Rekrutteringskampanje for sjukepleiarar", "250 000"],
]
"""Numbers within the sub-goal: a measure's sub-goal is only in the «Delmål» column."""


def _merged_down(path: Path, column: int) -> None:
    """The plan's rows with the cell of ``column`` in the first measure merged down over the
    second (the second's own value left out, as a merge does)."""
    rows = [list(r) for r in _MEASURES]
    rows[2][column] = None
    if path.suffix == ".ods":
        _ods_merged_down(path, rows, column)
        return
    if path.suffix == ".xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        for values in rows:
            book.active.append(values)
        letter = "ABCD"[column]
        book.active.merge_cells(f"{letter}2:{letter}3")
        book.save(str(path))
        return
    import docx

    document = docx.Document()
    table = document.add_table(rows=0, cols=4)
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = "" if value is None else value
    table.cell(1, column).merge(table.cell(2, column))
    document.save(str(path))


def _ods_merged_down(path: Path, rows: list[list[Any]], column: int) -> None:
    """The rows as LibreOffice writes them: the merged cell spans two rows, the cell under
    it is a covered cell."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Tiltak")
    for index, values in enumerate(rows):
        row = TableRow()
        for position, value in enumerate(values):
            if index == 2 and position == column:
                row.addElement(CoveredTableCell())
                continue
            cell = (
                TableCell(numberrowsspanned=2) if index == 1 and position == column else TableCell()
            )
            if value is not None:
                cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    document.spreadsheet.addElement(table)
    document.save(str(path))


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".ods"])
def test_a_sub_goal_merged_down_holds_for_every_row_it_spans(tmp_path: Path, suffix: str) -> None:
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / f"handlingsplan{suffix}"
    _merged_down(source, 0)
    code, output = run_plan(folder, source)
    assert code == 0, output
    measures = _plan(folder)
    assert (measures["1.5"].sub_goal, measures["1.5"].title) == (1, "Bustadkafé i kvar kommune")
    assert measures["1.5"].budget[2026].state_measure_funds == 80000


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".ods"])
def test_an_amount_merged_down_over_two_measures_is_refused(tmp_path: Path, suffix: str) -> None:
    """One amount for two measures: counted for both, the plan would double it."""
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / f"handlingsplan{suffix}"
    _merged_down(source, 3)
    output = refused_plan(folder, source)
    where = {".docx": "1:3", ".xlsx": "Sheet:3", ".ods": "Tiltak:3"}[suffix]
    assert (
        f"handlingsplan{suffix}:{where}: beløpet «150 000» i kolonna «Budsjett 2026» står i "
        "ei celle som er slått saman med rada over"
    ) in output


# --- OpenDocument sheets: merged and repeated cells -----------------------------------------


def _ods(
    path: Path, rows: list[tuple[list[Any], int]], hidden: frozenset[int] = frozenset()
) -> None:
    """An .ods sheet from (cells, times repeated) rows; a cell ``("text", n)`` spans n
    columns and is followed by its covered cells, as LibreOffice writes a merge; the rows
    at the indexes ``hidden`` are hidden (``table:visibility="collapse"``)."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Tiltak")
    for index, (values, repeat) in enumerate(rows):
        row = TableRow(numberrowsrepeated=repeat) if repeat > 1 else TableRow()
        if index in hidden:
            row.setAttribute("visibility", "collapse")
        for value in values:
            if isinstance(value, tuple):
                cell = TableCell(numbercolumnsspanned=value[1])
                cell.addElement(P(text=value[0]))
                row.addElement(cell)
                row.addElement(CoveredTableCell(numbercolumnsrepeated=value[1] - 1))
                continue
            row.addElement(ods_cell(value))
        table.addElement(row)
    document.spreadsheet.addElement(table)
    document.save(str(path))


def test_an_ods_header_cell_merged_across_keeps_the_columns_after_it(tmp_path: Path) -> None:
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "handlingsplan.ods"
    _ods(
        source,
        [
            (["Nr", ("Tiltak", 2), "Budsjett 2026"], 1),
            (["1.4", "«Kompetansesirkel»", "(held fram)", 150000], 1),
        ],
    )
    code, output = run_plan(folder, source)
    assert code == 0, output
    assert _plan(folder)["1.4"].budget[2026].state_measure_funds == 150000


def test_repeated_empty_ods_rows_count_for_the_row_named(tmp_path: Path) -> None:
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "handlingsplan.ods"
    _ods(
        source,
        [
            (["Nr", "Delmål", "Tiltak", "Budsjett 2026"], 1),
            (["1.4", 1, "«Kompetansesirkel»", 150000], 1),
            ([None, None, None, None], 3),
            (["3.3", 3, "Rekrutteringskampanje for sjukepleiarar", "mykje"], 1),
        ],
    )
    output = refused_plan(folder, source)
    assert "handlingsplan.ods:Tiltak:6: «mykje» i kolonna «Budsjett 2026»" in output


# --- amounts as they are written --------------------------------------------------------------

AMOUNTS = {
    "1 200 000": 1200000,
    "1.200.000": 1200000,
    "kr 1 200 000,-": 1200000,
    "1 200 000,00": 1200000,
    "1,2 mill.": 1200000,
    "1,25 millionar": 1250000,
}


@pytest.mark.parametrize("written", sorted(AMOUNTS))
def test_amounts_as_municipalities_write_them(tmp_path: Path, written: str) -> None:
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "handlingsplan.csv"
    source.write_text(f"Nr;Delmål;Tiltak;Budsjett 2026\n3.4;3;{NEW_MEASURE};{written}\n", "utf-8")
    code, output = run_plan(folder, source)
    assert code == 0, output
    assert _plan(folder)["3.4"].budget[2026].state_measure_funds == AMOUNTS[written]


@pytest.mark.parametrize("written", ["1,2345678 mill.", "12,50", "0,3", "ca. 1 mill."])
def test_an_amount_that_is_not_whole_kroner_is_refused(tmp_path: Path, written: str) -> None:
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "handlingsplan.csv"
    source.write_text(f"Nr;Delmål;Tiltak;Budsjett 2026\n3.4;3;{NEW_MEASURE};{written}\n", "utf-8")
    output = refused_plan(folder, source)
    assert (
        f"handlingsplan.csv:2: «{written}» i kolonna «Budsjett 2026» er ikkje eit heilt" in output
    )


def test_a_csv_file_with_excels_separator_line(tmp_path: Path) -> None:
    """«sep=;» first, as Excel writes it to be opened right; Windows-1252, commas in cells."""
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "handlingsplan.csv"
    lines = [
        "sep=;",
        "Nr;Delmål;Tiltak;Samarbeidspartar;Budsjett 2026",
        f"3.4;3;{NEW_MEASURE};USN, KS;kr 90 000,-",
        "3.5;3;Lærlingplassar i helse;Nissedal studiesenter;mange",
    ]
    source.write_bytes("\r\n".join(lines).encode("cp1252"))
    code, output = run_plan(folder, source)
    assert code == 1
    assert "handlingsplan.csv:4: «mange» i kolonna «Budsjett 2026»" in output
    source.write_bytes("\r\n".join(lines[:3]).encode("cp1252"))
    code, output = run_plan(folder, source)
    assert code == 0, output
    measure = _plan(folder)["3.4"]
    assert (measure.partners, measure.budget[2026].state_measure_funds) == (["usn", "ks"], 90000)


# --- a sub-goal's partners after a colon: in a bullet list, a table, the same line -----------


def _bold_chapter(document: Any, piece: Piece) -> None:
    document.add_paragraph().add_run(f"{piece.number}. {piece.text}").bold = True


def _word_agreement(path: Path, pilot_id: str, own: Callable[[Any, Piece], bool]) -> None:
    """The bundled agreement as a Word file of bold «2. Tittel» chapter lines, bulleted
    lists, two-column tables of parties and signatures and plain paragraphs, but for the
    pieces ``own`` writes itself (it returns True for those): the layout a test is about.
    A sub-goal ``own`` leaves is a plain paragraph."""
    import docx

    document = docx.Document()
    for piece in pieces(pilot_id):
        if own(document, piece):
            continue
        if piece.kind == "chapter":
            _bold_chapter(document, piece)
        elif piece.kind == "bullet":
            document.add_paragraph(piece.text, style="List Bullet")
        elif piece.kind in ("parties", "signatures"):
            table = document.add_table(rows=0, cols=2)
            for row in piece.rows:
                cells = table.add_row().cells
                cells[0].text, cells[1].text = row
        else:
            document.add_paragraph(piece.text)
    document.save(str(path))


_PARTNERS = re.compile(r"^(Samarbeidspart\w* under dette delmålet omfatt\w+) (.+?)\.(?= |$)(.*)$")


def _partners_listed(path: Path, pilot_id: str, how: str) -> None:
    """The agreement with each «Samarbeidspartar under dette delmålet omfattar A, B og C.»
    written «… omfattar:» and the partners as bullets («A,» … «B og», «C»), in the next
    cell of a table's row, or on the same line."""
    from bygdevekst_cli.importer.sentences import split_list

    def own(document: Any, piece: Piece) -> bool:
        if piece.kind == "goal":
            heading = f"{piece.section} Delmål {piece.number}: {piece.text}"
            document.add_paragraph().add_run(heading).bold = True
            return True
        found = _PARTNERS.match(piece.text) if piece.kind == "para" else None
        if found is None:
            return False
        names = split_list(found[2])
        if how == "bullets":
            document.add_paragraph(f"{found[1]}:")
            for index, name in enumerate(names):
                end = " og" if index == len(names) - 2 else ("," if name != names[-1] else "")
                document.add_paragraph(name + end, style="List Bullet")
        elif how == "table":
            row = document.add_table(rows=1, cols=2).rows[0]
            row.cells[0].text, row.cells[1].text = f"{found[1]}:", ", ".join(names)
        else:
            document.add_paragraph(f"{found[1]}: {found[2]}.")
        if found[3].strip():
            document.add_paragraph(found[3].strip())
        return True

    _word_agreement(path, pilot_id, own)


@pytest.mark.parametrize("how", ["bullets", "table", "same-line"])
@pytest.mark.parametrize("pilot_id", [VT, VV])
def test_partners_listed_after_a_colon(tmp_path: Path, pilot_id: str, how: str) -> None:
    source = tmp_path / "avtale.docx"
    _partners_listed(source, pilot_id, how)
    imports_as_bundled(tmp_path, source, pilot_id)


# --- the whole agreement laid out in a one-column table ---------------------------------------


def _framed(path: Path, pilot_id: str) -> None:
    """Every paragraph of the agreement in its own row of a one-column table (a layout some
    templates use for a frame or a background colour); headings bold, bullets as lists."""
    import docx

    document = docx.Document()
    table = document.add_table(rows=0, cols=1)
    for piece in pieces(pilot_id):
        if piece.kind in ("parties", "signatures"):
            for row in piece.rows:
                table.add_row().cells[0].text = "   ".join(row)
            continue
        paragraph = table.add_row().cells[0].paragraphs[0]
        if piece.kind == "chapter":
            paragraph.add_run(f"{piece.number}. {piece.text}").bold = True
        elif piece.kind == "goal":
            paragraph.add_run(f"{piece.section} Delmål {piece.number} {piece.text}").bold = True
        else:
            paragraph.add_run(piece.text)
            if piece.kind == "bullet":
                paragraph.style = document.styles["List Bullet"]
    document.save(str(path))


@pytest.mark.parametrize("pilot_id", [VT, VV])
def test_an_agreement_laid_out_in_a_one_column_table(tmp_path: Path, pilot_id: str) -> None:
    source = tmp_path / "avtale.docx"
    _framed(source, pilot_id)
    imports_as_bundled(tmp_path, source, pilot_id)


# --- OpenDocument headings made bold, without a number ---------------------------------------


def _odt_bold_headings(path: Path, pilot_id: str, how: str) -> None:
    """Chapter headings as plain paragraphs made bold (by the paragraph's style, or by a
    span around the text, as LibreOffice writes direct formatting), without their number."""
    from odf.opendocument import OpenDocumentText
    from odf.style import Style, TextProperties
    from odf.text import P, Span

    from tests.test_import_layouts import odt_bullet

    document = OpenDocumentText()
    family = "paragraph" if how == "paragraph-style" else "text"
    bold = Style(name="Fet", family=family)
    bold.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(bold)
    items: Any = None
    for piece in pieces(pilot_id):
        items = items if piece.kind == "bullet" else None
        if piece.kind == "chapter" and how == "paragraph-style":
            document.text.addElement(P(stylename=bold, text=piece.text))
        elif piece.kind == "chapter":
            paragraph = P()
            paragraph.addElement(Span(stylename=bold, text=piece.text))
            document.text.addElement(paragraph)
        elif piece.kind == "goal":
            document.text.addElement(P(text=f"Delmål {piece.number}: {piece.text}"))
        elif piece.kind == "bullet":
            items = odt_bullet(document, items, piece.text)
        elif piece.kind in ("parties", "signatures"):
            for row in piece.rows:
                document.text.addElement(P(text="   ".join(row)))
        else:
            document.text.addElement(P(text=piece.text))
    document.save(str(path))


@pytest.mark.parametrize(("pilot_id", "how"), [(VT, "paragraph-style"), (VV, "span")])
def test_odt_chapter_headings_made_bold_without_numbers(
    tmp_path: Path, pilot_id: str, how: str
) -> None:
    source = tmp_path / "avtale.odt"
    _odt_bold_headings(source, pilot_id, how)
    imports_as_bundled(tmp_path, source, pilot_id)


# --- text files: UTF-16, and files that are not text -----------------------------------------


def test_a_utf16_text_agreement_as_notepad_saves_it(tmp_path: Path) -> None:
    source = tmp_path / "avtale.txt"
    text = (SEEDS / SEED[VT]).read_text(encoding="utf-8")
    source.write_bytes(text.replace("\n", "\r\n").encode("utf-16"))  # with its BOM
    imports_as_bundled(tmp_path, source, VT)


def test_a_plan_saved_as_excels_unicode_text(tmp_path: Path) -> None:
    """Excel's «Unicode text»: UTF-16 with a BOM, tab-separated (named .csv here)."""
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "handlingsplan.csv"
    lines = ["Nr\tDelmål\tTiltak\tBudsjett 2026", f"3.4\t3\t{NEW_MEASURE}\t90000"]
    source.write_bytes("\r\n".join(lines).encode("utf-16"))
    code, output = run_plan(folder, source)
    assert code == 0, output
    assert _plan(folder)["3.4"].budget[2026].state_measure_funds == 90000


@pytest.mark.parametrize("suffix", [".txt", ".md", ".csv"])
@pytest.mark.parametrize("what", ["word-file", "pdf"])
def test_a_file_named_as_text_that_is_not_text(tmp_path: Path, suffix: str, what: str) -> None:
    source = tmp_path / f"avtale{suffix}"
    if what == "word-file":
        build_word(source, VT, "bold_numbers")
    else:
        source.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    if suffix == ".csv":
        code, output = run_plan(pilot_without_2026(tmp_path), source)
    else:
        code, output = run_import(tmp_path, source, VT)
    assert code == 1
    _refused(output, source.name, suffix, ("er ikkje ei tekstfil", "er ikke en tekstfil"))


def test_a_dir_that_is_a_file_is_refused_without_a_traceback(tmp_path: Path) -> None:
    source = tmp_path / "avtale.docx"
    build_word(source, VT, "bold_numbers")
    taken = tmp_path / "pilots"
    taken.write_text("ikkje ei mappe\n", encoding="utf-8")
    code, output = run_import(tmp_path, source, VT)
    assert code == 1
    assert "Traceback" not in output
    _refused(output, taken.as_posix(), "", ("kan ikke skrive filen", "kan ikkje skrive fila"))
    assert taken.read_text(encoding="utf-8") == "ikkje ei mappe\n"


def test_a_logical_cell_is_no_amount(tmp_path: Path) -> None:
    """TRUE in a budget cell (a check box column mapped by mistake) is refused, not 1."""
    import openpyxl

    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "handlingsplan.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Nr", "Delmål", "Tiltak", "Budsjett 2026"])
    book.active.append(["3.4", 3, NEW_MEASURE, True])
    book.save(str(source))
    output = refused_plan(folder, source)
    assert "handlingsplan.xlsx:Sheet:2: «TRUE» i kolonna «Budsjett 2026»" in output


# --- a sub-goal's heading over two paragraphs -------------------------------------------------


def _goal_over_two_lines(path: Path, pilot_id: str, section: bool) -> None:
    """Each sub-goal headed «6.1 Delmål 1» (or «Delmål 1») in bold, its title the bold
    paragraph under it."""

    def own(document: Any, piece: Piece) -> bool:
        if piece.kind != "goal":
            return False
        label = f"{piece.section} Delmål {piece.number}" if section else f"Delmål {piece.number}"
        document.add_paragraph().add_run(label).bold = True
        document.add_paragraph().add_run(piece.text).bold = True
        return True

    _word_agreement(path, pilot_id, own)


@pytest.mark.parametrize(("pilot_id", "section"), [(VT, True), (VV, False)])
def test_a_sub_goal_heading_with_its_title_on_the_next_line(
    tmp_path: Path, pilot_id: str, section: bool
) -> None:
    source = tmp_path / "avtale.docx"
    _goal_over_two_lines(source, pilot_id, section)
    imports_as_bundled(tmp_path, source, pilot_id)


def test_one_budget_in_two_columns_is_refused(tmp_path: Path) -> None:
    """Only the first would be read: the second column's amounts would be lost unsaid."""
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "handlingsplan.csv"
    header = "Nr;Delmål;Tiltak;Budsjett 2026;Kroner 2026"
    source.write_text(f"{header}\n3.4;3;{NEW_MEASURE};90 000;15 000\n", encoding="utf-8")
    output = refused_plan(folder, source)
    assert (
        "handlingsplan.csv:1: både «Budsjett 2026» og «Kroner 2026» er kolonner for "
        "budget.2026.state_measure_funds" in output
    )
    source.write_text(
        f"{header}\n3.4;3;{NEW_MEASURE};90 000;15 000\n".replace("Kroner", "Eigne midlar"),
        encoding="utf-8",
    )
    code, output = run_plan(folder, source)
    assert code == 0, output
    budget = _plan(folder)["3.4"].budget[2026]
    assert (budget.state_measure_funds, budget.own_funds) == (90000, 15000)


def test_a_measure_number_alone_on_a_row_is_still_an_error(tmp_path: Path) -> None:
    """Not a group's heading: a measure whose title was forgotten."""
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "handlingsplan.csv"
    source.write_text(f"Nr;Delmål;Tiltak\n3.4;3;{NEW_MEASURE}\n3.5;;\n", encoding="utf-8")
    code, output = run_plan(folder, source)
    assert code == 1
    assert "handlingsplan.csv:3: rada har ingen tittel på tiltaket" in output


# --- sub-goal headings laid out in a table ----------------------------------------------------


def _goal_tables(path: Path, pilot_id: str) -> None:
    """Each sub-goal headed by a two-cell table row «6.1 Delmål 1» | «Tittel»; the same rows
    also in an overview table in the background chapter (where no sub-goal may start)."""
    goals = [p for p in pieces(pilot_id) if p.kind == "goal"]

    def own(document: Any, piece: Piece) -> bool:
        if piece.kind == "chapter" and piece.number == "1":
            _bold_chapter(document, piece)
            overview = document.add_table(rows=0, cols=2)
            for goal in goals:
                cells = overview.add_row().cells
                cells[0].text, cells[1].text = f"Delmål {goal.number}", goal.text
            return True
        if piece.kind == "goal":
            cells = document.add_table(rows=1, cols=2).rows[0].cells
            cells[0].text, cells[1].text = f"{piece.section} Delmål {piece.number}", piece.text
            return True
        return False

    _word_agreement(path, pilot_id, own)


@pytest.mark.parametrize("pilot_id", [VT, VV])
def test_sub_goal_headings_in_table_rows(tmp_path: Path, pilot_id: str) -> None:
    source = tmp_path / "avtale.docx"
    _goal_tables(source, pilot_id)
    code, output = run_import(tmp_path, source, pilot_id)
    assert code == 0, output
    folder = tmp_path / "pilots" / pilot_id
    assert_like_bundled(folder, pilot_id)
    _, agreement = imported(folder)
    first = agreement.sub_goals[0].title
    assert f"Delmål 1   {first}" in agreement.chapters[0].text  # the overview stays text


def test_a_signature_tables_header_labels_and_lines_are_not_parties(tmp_path: Path) -> None:
    import docx

    source = tmp_path / "avtale.docx"
    build_word(source, VT, "bold_numbers")
    document = docx.Document(str(source))
    table = document.tables[-1]
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Part", "Underskrift og dato"
    for label in ("Stad og dato:", "______________________"):
        table.add_row().cells[0].text = label
    document.save(str(source))
    imports_as_bundled(tmp_path, source, VT)


# --- a plan in several tables -------------------------------------------------------------------

_PER_GOAL = {
    1: ["1.4", "«Kompetansesirkel»", "150 000"],
    3: ["3.4", NEW_MEASURE, "90 000"],
}


def _table_per_goal(path: Path) -> None:
    """A table (Word) or a sheet (Excel) for each sub-goal, each with its header."""
    header = ["Nr", "Tiltak", "Budsjett 2026"]
    if path.suffix == ".xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        book.remove(book.active)
        for goal, row in _PER_GOAL.items():
            sheet = book.create_sheet(f"Delmål {goal}")
            sheet.append(header)
            sheet.append(row)
        book.save(str(path))
        return
    import docx

    document = docx.Document()
    for goal, row in _PER_GOAL.items():
        document.add_paragraph(f"Delmål {goal}")
        table = document.add_table(rows=0, cols=3)
        for values in (header, row):
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = value
    document.save(str(path))


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_a_plan_in_a_table_per_sub_goal_is_read_whole(tmp_path: Path, suffix: str) -> None:
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / f"handlingsplan{suffix}"
    _table_per_goal(source)
    code, output = run_plan(folder, source)
    assert code == 0, output
    measures = _plan(folder)
    assert measures["1.4"].budget[2026].state_measure_funds == 150000
    assert measures["3.4"].budget[2026].state_measure_funds == 90000


def test_one_measure_on_two_rows_is_refused(tmp_path: Path) -> None:
    """In one table or two: which row is the measure cannot be told."""
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "handlingsplan.csv"
    rows = ["Nr;Delmål;Tiltak;Budsjett 2026", f"3.4;3;{NEW_MEASURE};90 000"]
    source.write_text("\n".join([*rows, rows[1].replace("90 000", "10 000")]), encoding="utf-8")
    output = refused_plan(folder, source)
    assert "handlingsplan.csv:3: tiltak 3.4 står alt på rad 2" in output


def test_odt_headings_numbered_by_a_list(tmp_path: Path) -> None:
    """LibreOffice writes a heading numbered by a list style inside the list's item."""
    from odf.opendocument import OpenDocumentText
    from odf.text import H, List, ListItem, P

    document = OpenDocumentText()
    for piece in pieces(VV):
        if piece.kind in ("chapter", "goal"):
            text = f"{piece.number}. {piece.text}"
            if piece.kind == "goal":
                text = f"{piece.section} Delmål {piece.number} {piece.text}"
            item = ListItem()
            item.addElement(H(outlinelevel=1 if piece.kind == "chapter" else 2, text=text))
            numbered = List()
            numbered.addElement(item)
            document.text.addElement(numbered)
        elif piece.kind in ("parties", "signatures"):
            for row in piece.rows:
                document.text.addElement(P(text="   ".join(row)))
        elif piece.kind == "bullet":
            item = ListItem()
            item.addElement(P(text=piece.text))
            bullets = List()
            bullets.addElement(item)
            document.text.addElement(bullets)
        else:
            document.text.addElement(P(text=piece.text))
    source = tmp_path / "avtale.odt"
    document.save(str(source))
    imports_as_bundled(tmp_path, source, VV)


def test_odt_text_boxes_anchored_in_headings_are_not_their_text(tmp_path: Path) -> None:
    from odf.draw import Frame, TextBox
    from odf.opendocument import load
    from odf.text import H, P

    from tests.test_import_layouts import build_odt

    source = tmp_path / "avtale.odt"
    build_odt(source, VV)
    document = load(str(source))
    chapters = [
        h for h in document.text.getElementsByType(H) if h.getAttribute("outlinelevel") == "1"
    ]
    for heading in chapters:
        frame = Frame(width="3cm", height="1cm", anchortype="paragraph")
        box = TextBox()
        box.addElement(P(text="UTKAST 12.03.2026"))
        frame.addElement(box)
        heading.addElement(frame)
    document.save(str(source))
    code, output = run_import(tmp_path, source, VV)
    assert code == 0, output
    assert f"tekstboks ({len(chapters)})" in output
    assert_like_bundled(tmp_path / "pilots" / VV, VV)
    assert "UTKAST" not in (tmp_path / "pilots" / VV / "agreement.yaml").read_text("utf-8")


@pytest.mark.parametrize(("pilot_id", "numbered"), [(VT, True), (VV, False)])
def test_markdown_headings_written_as_bold_paragraphs(
    tmp_path: Path, pilot_id: str, numbered: bool
) -> None:
    """«**1. Bakgrunn**» (or «**Bakgrunn**»): a Word file's bold headings as pandoc writes
    them."""
    from tests.test_import_layouts import build_markdown

    source = tmp_path / "avtale.md"
    build_markdown(source, pilot_id, setext=False, pandoc=False)
    text = source.read_text(encoding="utf-8")
    if not numbered:
        text = re.sub(r"(?m)^# \d+\. ", "# ", text)
    source.write_text(re.sub(r"(?m)^#+ (.*)$", r"**\1**", text), encoding="utf-8")
    imports_as_bundled(tmp_path, source, pilot_id)


# --- rows and sheets a spreadsheet hides ----------------------------------------------------


@pytest.mark.parametrize("hide", ["row", "sheet"])
def test_measures_from_hidden_rows_are_read_and_named(tmp_path: Path, hide: str) -> None:
    """A secretariat may hide rows (closed measures, notes) or a whole sheet: what they hold
    is read as any row is, and the user is told which rows those were, in text and JSON."""
    import openpyxl

    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "handlingsplan.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tiltak"
    sheet.append(["Nr", "Delmål", "Tiltak", "Budsjett 2026"])
    sheet.append(["3.4", 3, NEW_MEASURE, 90000])
    sheet.append(["3.5", 3, "Felles traineeordning", 40000])
    if hide == "row":
        sheet.row_dimensions[3].hidden = True
        shown = "Tiltak:3"
    else:
        other = book.create_sheet("Gamle")
        other.append(["Nr", "Delmål", "Tiltak", "Budsjett 2026"])
        other.append(["3.6", 3, "Utgått tiltak", 10000])
        other.sheet_state = "hidden"
        shown = "Gamle:2"
    book.save(str(source))
    code, output = run_plan(folder, source)
    assert code == 0, output
    assert f"Tiltak frå rader som reknearket skjuler, er lesne inn: {shown}." in output
    measures = _plan(folder)
    assert {"3.4", "3.5"} <= set(measures)
    assert ("3.6" in measures) is (hide == "sheet")
    code, output = run_plan(folder, source, "--update", "--format", "json")
    assert json.loads(output)["hidden_rows"] == [shown]


def test_a_spreadsheet_without_hidden_rows_says_nothing_of_them(tmp_path: Path) -> None:
    import openpyxl

    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "handlingsplan.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Nr", "Delmål", "Tiltak", "Budsjett 2026"])
    book.active.append(["3.4", 3, NEW_MEASURE, 90000])
    book.save(str(source))
    code, output = run_plan(folder, source)
    assert code == 0, output
    assert "skjuler" not in output


@pytest.mark.parametrize(
    "content_type",
    [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    ],
)
@pytest.mark.parametrize("what", ["agreement", "plan"])
def test_a_word_template_or_macro_document_named_docx_is_refused_as_such(
    tmp_path: Path, content_type: str, what: str
) -> None:
    """python-docx opens only plain documents: a .dotx or .docm saved under .docx got its
    English «is not a Word file» inside our frame."""
    import zipfile

    plain = tmp_path / "plain.docx"
    build_word(plain, VT, "bold_numbers")
    source = tmp_path / "avtale.docx"
    with zipfile.ZipFile(plain) as given, zipfile.ZipFile(source, "w") as written:
        for item in given.infolist():
            data = given.read(item.filename)
            if item.filename == "[Content_Types].xml":
                main = b"wordprocessingml.document.main+xml"
                assert main in data
                prefix = b"application/vnd.openxmlformats-officedocument."
                data = data.replace(prefix + main, content_type.encode())
            written.writestr(item, data)
    if what == "agreement":
        code, output = run_import(tmp_path, source, VT)
    else:
        code, output = run_plan(pilot_without_2026(tmp_path), source)
    assert code == 1
    assert "Traceback" not in output
    assert "ikkje eit vanleg Word-dokument" in output or "ikke et vanlig Word-dokument" in output
    assert "is not a Word file" not in output


def test_a_row_an_ods_sheet_hides_is_read_and_named(tmp_path: Path) -> None:
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "handlingsplan.ods"
    rows = [
        ["Nr", "Delmål", "Tiltak", "Budsjett 2026"],
        ["3.4", "3", NEW_MEASURE, 90000],
        ["3.5", "3", "Felles traineeordning", 40000],
    ]
    _ods(source, [(row, 1) for row in rows], hidden=frozenset({2}))
    code, output = run_plan(folder, source)
    assert code == 0, output
    assert "Tiltak frå rader som reknearket skjuler, er lesne inn: Tiltak:3." in output
    assert {"3.4", "3.5"} <= set(_plan(folder))


def test_a_date_under_the_party_dates_its_signature_and_a_number_row_is_listed(
    tmp_path: Path,
) -> None:
    """Lines without a letter were passed over: a date set under the party's name was lost,
    and so were the number rows of a table after the signatures, without a word."""
    import docx

    source = tmp_path / "avtale.docx"
    build_word(source, VT, "bold_numbers")
    document = docx.Document(str(source))
    table = document.tables[-1]
    first = table.rows[1].cells[0].text
    dated = table.rows[1]._tr
    for text in ("______________________", "19.02.2026"):  # under the name: a line, the date
        row = table.add_row()
        row.cells[0].text = text
        dated.addnext(row._tr)
        dated = row._tr
    table.add_row().cells[0].text = "4.2   150 000"
    document.save(str(source))
    code, output = run_import(tmp_path, source, VT)
    assert code != 0  # a row not placed stops the import, as any text not placed does
    assert "Signaturlinje utan kjend part: 4.2 150 000" in " ".join(output.split())
    assert not (tmp_path / "pilots" / VT / "agreement.yaml").exists()
    code, output = run_import(tmp_path, source, VT, "--allow-unplaced")
    assert code == 0, output
    _, agreement = imported(tmp_path / "pilots" / VT)
    dates = {s.party: s.decision_date for s in agreement.signatures}
    assert first == "Fyresdal kommune"
    assert str(dates.pop("fyresdal")) == "2026-02-19"
    assert set(dates.values()) == {None}  # the date is the party's above it, no other's
