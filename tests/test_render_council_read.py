"""The documents as a council member and KDD read them (sweep of round 16): each test
renders a bundled pilot through the real CLI, in Nynorsk and Bokmål where the words
differ, and reads the file that would be sent."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pypdf
import pytest

from tests.helpers import NBSP, REPO, copy_pilot, edit, libreoffice_pdf, render_file
from tests.test_render_gaps import text_of

VEST_TELEMARK = REPO / "pilots" / "vest-telemark"


@pytest.fixture(autouse=True)
def _language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")


# ------------------------------------------------ dates whole in the DOCX decision table

#: The 2025 decisions of the five other municipalities: (party, body, date, case number).
DECIDED = [
    (party, body, date, f"25/{100 + n}")
    for n, party in enumerate(("kviteseid", "nissedal", "seljord", "tokke", "vinje"))
    for body, date in (
        ("executive_committee", f"2025-08-{11 + n}"),
        ("municipal_council", f"2025-09-{22 + n}"),
    )
]


def _with_decision_dates(pilot: Path) -> None:
    plan = pilot / "plans" / "2025.yaml"
    for party, body, date, case in DECIDED:
        edit(
            plan,
            f"  - party: {party}\n    body: {body}\n    outcome: adopted\n",
            f"  - party: {party}\n    body: {body}\n    date: {date}\n"
            f"    case_number: {case}\n    outcome: adopted\n",
        )


@pytest.mark.skipif(  # CI installs LibreOffice (.ci/run)
    shutil.which("soffice") is None and not os.environ.get("CI"), reason="needs LibreOffice"
)
def test_the_docx_decision_table_shows_each_date_on_one_line(tmp_path: Path) -> None:
    # «Dei andre partane:» in Fyresdal's case document: the columns shared out by the
    # length of their texts left «Møtedato» too narrow, and every date broke over two
    # lines in Word and LibreOffice («22. september» over «2025»)
    pilot = copy_pilot(VEST_TELEMARK, tmp_path, "vest-telemark")
    _with_decision_dates(pilot)
    written = render_file(pilot, tmp_path / "docx", "case", "docx", "-m", "fyresdal")
    text = "\n".join(
        page.extract_text() for page in pypdf.PdfReader(libreoffice_pdf(written)).pages
    )
    lines = [" ".join(line.replace(NBSP, " ").split()) for line in text.splitlines()]
    for date in ("11. august 2025", "22. september 2025", "26. september 2025"):
        assert any(date in line for line in lines), f"{date} is broken over two lines"
    # and the room the dates take is not taken from a word of the other columns
    for word in ("distriktsdepartementet", "Formannskapet", "Kommunestyret"):
        assert any(word in line.split() for line in lines), f"{word} is broken"


# ------------------------------------------------------ the plan marks the new measures

NEW_MEASURE = (
    '  - id: "1.5"\n    sub_goal: 1\n    number: 5\n    title: Bustadbyggjeprogram\n'
    "    start_year: 2026\n    status: planned\n"
)
MARK = "Nytt tiltak i handlingsplanen for 2026."
SAID_NEW = {
    "nn": (
        "Tiltak som er nye samanlikna med handlingsplanen for 2025: 1.5 Bustadbyggjeprogram.",
        "Ingen tiltak er nye samanlikna med handlingsplanen for 2025.",
    ),
    "nb": (
        "Tiltak som er nye sammenlignet med handlingsplanen for 2025: 1.5 Bustadbyggjeprogram.",
        "Ingen tiltak er nye sammenlignet med handlingsplanen for 2025.",
    ),
}


@pytest.mark.parametrize("language", ["nn", "nb"])
@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pdf"])
def test_the_plan_names_and_marks_the_measures_new_this_year(
    tmp_path: Path, fmt: str, language: str
) -> None:
    # KDD approves the plan, and its letter asks each yearly update to state the new
    # measures: the case and changes documents listed them, the plan itself did not say
    # which of its measures were new
    pilot = copy_pilot(VEST_TELEMARK, tmp_path, "vest-telemark", language)
    plan = pilot / "plans" / "2026.yaml"
    edit(plan, '  - id: "2.1"\n', NEW_MEASURE + '  - id: "2.1"\n')
    summary, none_new = SAID_NEW[language]
    text = text_of(render_file(pilot, tmp_path / "out", "plan", fmt)).replace("**", "")
    assert summary in text
    assert f"Tiltak 1.5 Bustadbyggjeprogram {MARK}" in text
    assert text.count(MARK) == 1  # 1.1 and the others were in the plan for 2025
    # a year without a new measure says so; the first plan in the data marks none
    edit(plan, NEW_MEASURE, "")
    assert none_new in text_of(render_file(pilot, tmp_path / "again", "plan", fmt))
    (pilot / "plans" / "2025.yaml").unlink()
    first = text_of(render_file(pilot, tmp_path / "first", "plan", fmt))
    assert "handlingsplanen for 2025" not in first
    assert MARK not in first


# ------------------------------------------------ the PDF decision table's columns


def test_the_pdf_decision_table_gives_the_names_the_room_the_short_columns_leave(
    tmp_path: Path,
) -> None:
    # every column an equal share: «Kviteseid kommune» broke over two lines beside a
    # «Plan» column of «2025» with room to spare, and «distriktsdeparte-mentet» was
    # hyphenated; the short columns are now as wide as their cells
    pilot = copy_pilot(VEST_TELEMARK, tmp_path, "vest-telemark")
    written = render_file(pilot, tmp_path / "out", "status", "pdf", "-y", "2025")
    lines = [
        line for page in pypdf.PdfReader(written).pages for line in page.extract_text().splitlines()
    ]
    assert "Part Organ Plan Møtedato Sak Utfall" in lines
    assert "Kviteseid kommune Kommunestyret 2025 ikkje registrert ikkje registrert vedteke" in lines
    assert any(
        line.startswith("Kommunal- og distriktsdepartementet Departementet 2025") for line in lines
    )


# ------------------------------------------ a decision's date note is not «not recorded»

KDD_ROW = {
    "nn": "Kommunal- og distriktsdepartementet Departementet 2025 juli 2025 ikkje registrert",
    "nb": "Kommunal- og distriktsdepartementet Departementet 2025 juli 2025 ikke registrert",
}


@pytest.mark.parametrize("language", ["nn", "nb"])
@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pdf"])
def test_a_decision_dated_only_by_its_note_shows_the_note(
    tmp_path: Path, fmt: str, language: str
) -> None:
    # KDD approved the plan for 2025 «juli 2025» (the data's date_note, there being no
    # day): the status report and the case documents said its date was «ikkje registrert»
    pilot = copy_pilot(VEST_TELEMARK, tmp_path, "vest-telemark", language)
    status = text_of(render_file(pilot, tmp_path / "status", "status", fmt, "-y", "2025"))
    case = text_of(render_file(pilot, tmp_path / "case", "case", fmt, "-m", "fyresdal"))
    for text in (status, case):
        assert KDD_ROW[language] in text.replace("| ", "").replace(" |", "")


# ------------------------------------------- a bold header beside a long name in DOCX

LONG_NAME = "Porsanger kommune – Porsáŋggu gielda – Porsangin komuuni"


@pytest.mark.skipif(  # CI installs LibreOffice (.ci/run)
    shutil.which("soffice") is None and not os.environ.get("CI"), reason="needs LibreOffice"
)
def test_a_bold_header_keeps_its_word_whole_beside_a_long_name_in_docx(tmp_path: Path) -> None:
    # a municipality with its name in three languages: the schedule's name column took
    # the page, the date column was left as wide as its regular letters, and the bold
    # header broke into «Formannskapsmøt» over «e» in LibreOffice
    pilot = copy_pilot(VEST_TELEMARK, tmp_path, "vest-telemark")
    edit(pilot / "pilot.yaml", "    name: Vinje kommune\n", f"    name: {LONG_NAME}\n")
    written = render_file(pilot, tmp_path / "docx", "case", "docx", "-m", "fyresdal")
    text = "\n".join(
        page.extract_text() for page in pypdf.PdfReader(libreoffice_pdf(written)).pages
    )
    assert "Kommune Formannskapsmøte Kommunestyremøte" in text.splitlines()


# ----------------------------------------------------- the PDF's pages are numbered in words


@pytest.mark.parametrize("language", ["nn", "nb"])
def test_the_pdf_footer_numbers_the_pages_as_the_docx_does(tmp_path: Path, language: str) -> None:
    # the PDF's footer said «2 / 3» where the DOCX of the same document says «Side 2 av 3»
    pilot = copy_pilot(VEST_TELEMARK, tmp_path, "vest-telemark", language)
    written = render_file(pilot, tmp_path / "out", "status", "pdf", "-y", "2025")
    pages = [page.extract_text() for page in pypdf.PdfReader(written).pages]
    assert len(pages) > 1
    for number, text in enumerate(pages, 1):
        assert f"Side {number} av {len(pages)}" in text.splitlines()
