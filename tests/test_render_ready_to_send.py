"""The DOCX and PDF a case officer sends as they are (round 18): each test renders a
bundled pilot through the real CLI and reads the file that would be sent."""

from __future__ import annotations

import os
import re
import shutil
from collections import Counter
from pathlib import Path

import docx
import pypdf
import pytest

from bygdevekst_cli.render.formats import docx_columns
from bygdevekst_cli.render.markdown import Table
from tests.helpers import REPO, copy_pilot, edit, libreoffice_pdf, render_file
from tests.test_render_gaps import text_of

VEST_TELEMARK = REPO / "pilots" / "vest-telemark"

NOT_RECORDED = {"nn": "ikkje registrert", "nb": "ikke registrert"}


# ------------------------------------------- a signature without its decision date


@pytest.mark.parametrize("language", ["nn", "nb"])
@pytest.mark.parametrize("fmt", ["md", "docx", "pdf"])
def test_a_signature_without_a_decision_date_says_it_is_not_recorded(
    tmp_path: Path, fmt: str, language: str
) -> None:
    # Vest-Telemark's agreement has a decision date for the county only: the other seven
    # parties stood in «Avtala er signert av» with a bare «–», which reads as a gap
    pilot = copy_pilot(VEST_TELEMARK, tmp_path, "vest-telemark", language)
    text = text_of(render_file(pilot, tmp_path / "out", "agreement", fmt))
    kdd = "Kommunal- og distriktsdepartementet"
    assert f"Fyresdal kommune {NOT_RECORDED[language]}" in text
    assert f"{kdd} {NOT_RECORDED[language]}" in text
    assert f"{kdd} –" not in text
    # the one party with a date keeps it
    assert "24. april 2025" in text
    # and the other written standard's words are not in it
    other = NOT_RECORDED["nb" if language == "nn" else "nn"]
    assert other not in text


# --------------------------------------------------- the PDF's table headers in bold


def _fonts(pdf: Path) -> dict[str, set[str]]:
    """Each piece of text in ``pdf`` (as the PDF draws it, stripped) and the fonts it is
    drawn in."""
    found: dict[str, set[str]] = {}
    for page in pypdf.PdfReader(pdf).pages:

        def seen(text: str, _cm: object, _tm: object, font: object, _size: object) -> None:
            if isinstance(font, dict) and text.strip():
                found.setdefault(text.strip(), set()).add(str(font.get("/BaseFont")))

        page.extract_text(visitor_text=seen)
    return found


HEADERS = {
    "nn": ["Utvalssaksnr.", "Formannskapsmøte", "Tiltaksnr. og tittel", "Førebels resultat"],
    "nb": ["Utvalgssaksnr.", "Formannskapsmøte", "Tiltaksnr. og tittel", "Foreløpig resultat"],
}


@pytest.mark.parametrize("language", ["nn", "nb"])
def test_the_pdf_sets_each_table_header_in_bold(tmp_path: Path, language: str) -> None:
    # the seeds' tables (and the DOCX's) have a bold header row; the PDF's was as its rows
    pilot = copy_pilot(VEST_TELEMARK, tmp_path, "vest-telemark", language)
    fonts = _fonts(render_file(pilot, tmp_path / "out", "case", "pdf", "-m", "fyresdal"))
    for header in HEADERS[language]:
        assert header in fonts, header
        assert all("Bold" in font for font in fonts[header]), (header, fonts[header])
    # the rows are not
    assert all("Bold" not in font for font in fonts["Fyresdal kommune"])


# ------------------------------------- a heading and its one paragraph kept with the table


def _padded_agreement(tmp_path: Path, lines: int) -> Path:
    """Vest-Telemark with ``lines`` one-line paragraphs more at the end of the agreement's
    last chapter: they push what follows (the signatures, the appendix) down the page."""
    pilot = copy_pilot(VEST_TELEMARK, tmp_path / str(lines), "vest-telemark")
    padding = "".join(f"\n\n      Tilleggslinje {n}." for n in range(lines))
    edit(pilot / "agreement.yaml", "\nsub_goals:\n", f"{padding}\nsub_goals:\n")
    return pilot


def _appendix_pages(pdf: Path) -> tuple[int, int, int]:
    """The pages of the appendix's heading, of its one paragraph and of its table's header."""
    pages = [page.extract_text() for page in pypdf.PdfReader(pdf).pages]

    def first(pattern: str) -> int:
        return next(n for n, page in enumerate(pages) if re.search(pattern, page))

    return (
        first(r"Vedlegg: Oversikt over delmåla"),
        first(r"er ikkje ein del av avtaleteksten"),
        first(r"Vekt\s+Samarbeidspartar"),
    )


def _kept_together(pages: list[tuple[int, int, int]]) -> None:
    # each time on one page; and the padding did push them across a page's foot once
    assert all(heading == lead == table for heading, lead, table in pages), pages
    assert len({table for _, _, table in pages}) == 2, pages


def test_a_heading_and_its_paragraph_stay_with_their_table_in_the_pdf(tmp_path: Path) -> None:
    # the agreement's «Vedlegg: Oversikt over delmåla» and «Vedlegget er laga frå dataa …»
    # ended page 5, and the table they introduce began page 6
    written = [
        render_file(_padded_agreement(tmp_path, n), tmp_path / f"{n}.out", "agreement", "pdf")
        for n in range(20, 30)
    ]
    pages = [_appendix_pages(pdf) for pdf in written]
    _kept_together(pages)


@pytest.mark.skipif(  # CI installs LibreOffice (.ci/run)
    shutil.which("soffice") is None and not os.environ.get("CI"), reason="needs LibreOffice"
)
def test_a_heading_and_its_paragraph_stay_with_their_table_in_the_docx(tmp_path: Path) -> None:
    # the same in Word and LibreOffice: the paragraph is kept with the next (the table)
    pages = []
    for n in range(11, 17):
        pilot = _padded_agreement(tmp_path, n)
        written = render_file(pilot, tmp_path / f"{n}.out", "agreement", "docx")
        paragraphs = docx.Document(str(written)).paragraphs
        lead = next(p for p in paragraphs if p.text.startswith("Vedlegget er laga frå dataa"))
        assert lead.paragraph_format.keep_with_next
        pages.append(_appendix_pages(libreoffice_pdf(written)))
    _kept_together(pages)


# ------------------------------------------------- a DOCX table measured once, not per row


def test_each_docx_table_is_measured_once_and_its_keeping_decided_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the cells of a table were measured anew for every choice of its size, margins and
    # widths (a dozen times and more), and whether it is kept whole was decided for each
    # of its rows, measuring all its rows each time
    measured: list[object] = []
    longest_runs = docx_columns.longest_runs

    def spy(*args: object) -> object:
        measured.append(args)
        return longest_runs(*args)  # type: ignore[arg-type]

    decided: Counter[int] = Counter()
    kept_whole = Table.kept_whole

    def counted(table: Table) -> bool:
        decided[id(table)] += 1
        return bool(kept_whole.fget(table))  # type: ignore[attr-defined]

    monkeypatch.setattr(docx_columns, "longest_runs", spy)
    monkeypatch.setattr(Table, "kept_whole", property(counted))
    pilot = copy_pilot(VEST_TELEMARK, tmp_path, "vest-telemark")
    written = render_file(pilot, tmp_path / "out", "case", "docx", "-m", "fyresdal")
    tables = docx.Document(str(written)).tables
    assert max(len(table.rows) for table in tables) > 10  # the table of decisions
    assert len(measured) == sum(len(table.columns) for table in tables)  # a column once
    assert len(decided) == len(tables)
    assert max(decided.values()) <= 2  # kept whole; and is the last row kept (reads it)


# ------------------------------------- a meeting the schedule does not list is said so

NOT_LISTED = {"nn": "ikkje ført opp", "nb": "ikke ført opp"}


@pytest.mark.parametrize("language", ["nn", "nb"])
@pytest.mark.parametrize("fmt", ["md", "docx", "pdf"])
def test_a_meeting_the_schedule_does_not_list_is_said_to_be_not_listed(
    tmp_path: Path, fmt: str, language: str
) -> None:
    # Nissedal's council adopts the plan at an extraordinary meeting, and the schedule
    # lists no meeting of its executive committee: the table of the political treatment
    # said «–» there, which a council member could not tell from a gap in the document
    pilot = copy_pilot(VEST_TELEMARK, tmp_path, "vest-telemark", language)
    text = text_of(render_file(pilot, tmp_path / "out", "case", fmt, "-m", "fyresdal"))
    extraordinary = "22. januar 2026 (ekstraordinært)"
    assert f"Nissedal kommune {NOT_LISTED[language]} {extraordinary}" in text
    assert f"Nissedal kommune – {extraordinary}" not in text
    assert NOT_LISTED["nb" if language == "nn" else "nn"] not in text


# ------------------------------------------------ a PDF table's row kept on one page


def _page_of(pages: list[str], text: str) -> list[int]:
    return [n for n, page in enumerate(pages) if text in " ".join(page.split())]


def test_a_pdf_table_row_is_not_split_across_pages(tmp_path: Path) -> None:
    # the status of measure 1.1 in Fyresdal's case document began at the foot of page 3
    # and ended at the top of page 4, in the middle of its sentence, under the repeated
    # header; the DOCX keeps each row on one page (w:cantSplit)
    pilot = copy_pilot(VEST_TELEMARK, tmp_path, "vest-telemark")
    written = render_file(pilot, tmp_path / "out", "case", "pdf", "-m", "fyresdal")
    pages = [page.extract_text() for page in pypdf.PdfReader(written).pages]
    first = _page_of(pages, "Det er gjennomført to fysiske og ei digital samling")
    last = _page_of(pages, "avklare behovet til dei ulike")
    assert first and first == last
    # the row of measure 3.2 likewise
    first = _page_of(pages, "Behov for målgrupperetta kompetanseløp")
    assert first and first == _page_of(pages, "kompetansenettverket i Telemark")[-1:]


def test_a_pdf_table_row_taller_than_a_page_may_break_and_loses_no_text(tmp_path: Path) -> None:
    # a row kept on one page that is taller than the page runs off its foot: such a row
    # breaks, as Word breaks it, and every word of it is in the PDF
    pilot = copy_pilot(VEST_TELEMARK, tmp_path, "vest-telemark")
    long = " ".join(f"Ord{n}" for n in range(1500))
    edit(pilot / "plans" / "2025.yaml", "      done: Ikkje starta.\n", f"      done: {long}\n")
    written = render_file(pilot, tmp_path / "out", "case", "pdf", "-m", "fyresdal")
    shown: set[str] = set()  # the words drawn on a page, not below its foot
    for page in pypdf.PdfReader(written).pages:

        def seen(text: str, cm: list[float], tm: list[float], _font: object, _size: object) -> None:
            if pypdf.mult(tm, cm)[5] > 0:  # the text's baseline above the page's foot
                shown.update(text.split())

        page.extract_text(visitor_text=seen)
    assert all(f"Ord{n}" in shown for n in range(1500))


# --------------------------------------------------- a chart kept with its table


def _padded_plan(tmp_path: Path, lines: int) -> Path:
    """Vest-Telemark with a description of ``lines`` one-line paragraphs for measure 3.2
    (in both plans, so that it is no change): it pushes the plan's chart down the page."""
    pilot = copy_pilot(VEST_TELEMARK, tmp_path / str(lines), "vest-telemark")
    paragraphs = "\n\n".join(f"      Linje {n}." for n in range(lines))
    for year in ("2025", "2026"):
        title = "    title: Utvikle tilpassa kompetanseløp for flyktningar og arbeidsinnvandrarar\n"
        edit(pilot / "plans" / f"{year}.yaml", title, f"{title}    description: |-\n{paragraphs}\n")
    return pilot


def _chart_pages(pdf: Path) -> tuple[int, int]:
    """The pages of the chart's heading and of the header of its table."""
    pages = [page.extract_text() for page in pypdf.PdfReader(pdf).pages]
    heading = next(n for n, page in enumerate(pages) if "tiltak etter status per delmål" in page)
    table = next(n for n, page in enumerate(pages) if re.search(r"planlagt\s+i gang\s+Sum", page))
    return heading, table


def test_a_chart_stays_with_its_table_in_the_pdf(tmp_path: Path) -> None:
    # the plan's chart «tiltak etter status per delmål» ended a page, and the table of
    # its figures («Tabellen under kvart diagram har dei same tala») began the next
    pages = [
        _chart_pages(render_file(_padded_plan(tmp_path, n), tmp_path / f"{n}.out", "plan", "pdf"))
        for n in range(19, 28, 2)
    ]
    assert all(heading == table for heading, table in pages), pages
    assert len({table for _, table in pages}) == 2, pages  # it did move across a page


@pytest.mark.skipif(  # CI installs LibreOffice (.ci/run)
    shutil.which("soffice") is None and not os.environ.get("CI"), reason="needs LibreOffice"
)
def test_a_chart_stays_with_its_table_in_the_docx(tmp_path: Path) -> None:
    # Vest-Telemark's plan as it is: the chart ended page 2 in LibreOffice, its table
    # began page 3
    pilot = copy_pilot(VEST_TELEMARK, tmp_path, "vest-telemark")
    written = render_file(pilot, tmp_path / "out", "plan", "docx")
    pictures = [p for p in docx.Document(str(written)).paragraphs if p._p.xpath(".//pic:pic")]
    assert pictures and all(p.paragraph_format.keep_with_next for p in pictures)
    heading, table = _chart_pages(libreoffice_pdf(written))
    assert heading == table
