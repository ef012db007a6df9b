"""The case document as a case officer needs it: the saksframlegg header block from the
case record, and a DOCX on A4 with page numbers, per-document properties, Noark 5 custom
properties and the municipality's own Word template."""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest
from docx.shared import Mm

from bygdevekst_cli.render.formats.docx_template import PAGE_HEIGHT, PAGE_WIDTH
from tests.helpers import REPO, copy_minimal, copy_pilot, edit, libreoffice_pdf, run_cli

RECORD = """case:
  records:
    fyresdal:
      officer: Ola Saksbehandlar
      archive_case: 25/1234
      archive_code: "026"
      date: 2026-01-10
      attachments:
        - Handlingsplan 2026
        - Bygdevekstavtale for Testdalen
"""


@pytest.fixture
def pilot(tmp_path: Path) -> Path:
    folder = copy_minimal(tmp_path)
    edit(folder / "plans" / "2026.yaml", "case:\n", RECORD)  # beside the case texts
    return folder


def _render(pilot: Path, municipality: str, fmt: str, out: Path, *extra: str) -> Path:
    code, output = run_cli(
        "render", "case", str(pilot), "-m", municipality, "-f", fmt, "-o", str(out), *extra
    )
    assert code == 0, output
    return out


def _mm(length: int | None) -> int:
    assert length is not None
    return round(length / Mm(1))


def _xml(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode()


def test_the_case_document_opens_with_the_header_block_from_the_record(
    pilot: Path, tmp_path: Path
) -> None:
    text = _render(pilot, "fyresdal", "md", tmp_path / "f.md").read_text(encoding="utf-8")
    head = text.split("## ")[0]
    assert "**Saksbehandlar:** Ola Saksbehandlar" in head
    assert "**Arkivsak:** 25/1234" in head
    assert "**Arkivkode:** 026" in head
    assert "**Dato:** 10. januar 2026" in head
    assert "| 26/11 | Kommunestyret | 19. februar 2026 |" in head
    assert "1. Handlingsplan 2026\n2. Bygdevekstavtale for Testdalen" in head
    assert "Tilgangskode" not in head  # not exempt from public access: no line


def test_absent_case_record_values_are_shown_as_not_fixed(pilot: Path, tmp_path: Path) -> None:
    text = _render(pilot, "kviteseid", "md", tmp_path / "k.md").read_text(encoding="utf-8")
    head = text.split("## ")[0]
    assert "**Saksbehandlar:** ikkje fastsett" in head
    assert "**Arkivsak:** ikkje fastsett" in head
    assert "**Dato:** ikkje fastsett" in head
    assert "Vedlegg" not in head


def test_docx_is_a4_with_page_numbers_and_properties_per_municipality(
    pilot: Path, tmp_path: Path
) -> None:
    fyresdal = _render(pilot, "fyresdal", "docx", tmp_path / "f.docx")
    kviteseid = _render(pilot, "kviteseid", "docx", tmp_path / "k.docx")
    document = docx.Document(str(fyresdal))
    section = document.sections[0]
    assert _mm(section.page_width) == _mm(PAGE_WIDTH) == 210
    assert _mm(section.page_height) == _mm(PAGE_HEIGHT) == 297
    assert _mm(section.left_margin) == _mm(section.top_margin) == 25
    footer = _xml(fyresdal, "word/footer1.xml")
    assert re.search(r"<w:t[^>]*>Side </w:t>.*PAGE .*<w:t[^>]*> av </w:t>.*NUMPAGES", footer)
    core = document.core_properties
    other = docx.Document(str(kviteseid)).core_properties
    assert core.author == "Ola Saksbehandlar"
    assert other.author == "Kviteseid kommune"
    assert "Fyresdal kommune" in core.title and "Kviteseid kommune" in other.title
    assert core.title != other.title
    app = _xml(fyresdal, "docProps/app.xml")
    assert "<Application>bygdevekst " in app and "Microsoft" not in app
    names = zipfile.ZipFile(fyresdal).namelist()
    assert not any("thumbnail" in name for name in names)
    assert "proofState" not in _xml(fyresdal, "word/settings.xml")


def test_docx_carries_the_case_record_as_noark5_custom_properties(
    pilot: Path, tmp_path: Path
) -> None:
    custom = _xml(_render(pilot, "fyresdal", "docx", tmp_path / "f.docx"), "docProps/custom.xml")
    found = dict(re.findall(r'name="([^"]+)"><vt:lpwstr>([^<]*)<', custom))
    assert found["saksbehandler"] == "Ola Saksbehandlar"
    assert found["mappeID"] == "25/1234"
    assert found["klasseID"] == "026"
    assert found["dokumentetsDato"] == "2026-01-10"
    assert found["utvalgssaksnummer.municipal_council"] == "26/11"
    assert found["utvalgssaksnummer.executive_committee"] == "26/10"
    assert "skjermingshjemmel" not in found  # absent, not invented
    content_types = _xml(tmp_path / "f.docx", "[Content_Types].xml")
    assert "custom-properties+xml" in content_types


def test_table_columns_are_as_wide_as_their_content(pilot: Path, tmp_path: Path) -> None:
    document = docx.Document(str(_render(pilot, "fyresdal", "docx", tmp_path / "f.docx")))
    utval = document.tables[0]
    widths = [cell.width for cell in utval.rows[0].cells]
    assert len(set(widths)) > 1
    # "Utvalssaksnr." and "Møtedato" fit in less than the body name column with its dates?
    assert all(w is not None and w > Mm(15) for w in widths)


def _reference(path: Path) -> Path:
    """A municipality's template: Letter paper, wide margins, a header and a red Normal."""
    template = docx.Document()
    section = template.sections[0]
    section.page_width, section.page_height = Mm(216), Mm(279)
    section.left_margin = Mm(40)
    section.header.paragraphs[0].text = "Fyresdal kommune – Rådmannen"
    section.footer.paragraphs[0].text = "Postadresse: Fyresdal"
    template.styles["Normal"].font.name = "Garamond"
    template.add_paragraph("Malens eigen tekst som ikkje skal vere med.")
    template.save(str(path))
    return path


def test_a_reference_docx_gives_styles_page_setup_header_and_footer(
    pilot: Path, tmp_path: Path
) -> None:
    reference = _reference(tmp_path / "mal.docx")
    option = ("--reference-docx", str(reference))
    out = _render(pilot, "fyresdal", "docx", tmp_path / "f.docx", *option)
    document = docx.Document(str(out))
    section = document.sections[-1]
    assert _mm(section.page_width) == 216 and _mm(section.left_margin) == 40
    assert section.header.paragraphs[0].text == "Fyresdal kommune – Rådmannen"
    assert section.footer.paragraphs[0].text == "Postadresse: Fyresdal"
    assert document.styles["Normal"].font.name == "Garamond"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Malens eigen tekst" not in text
    assert "Bakgrunn for saka" in text


def test_the_municipality_template_in_the_data_is_used(pilot: Path, tmp_path: Path) -> None:
    _reference(pilot / "fyresdal-mal.docx")
    edit(
        pilot / "pilot.yaml",
        "      chief_executive_name: Kari Nordmann\n",
        "      chief_executive_name: Kari Nordmann\n      reference_docx: fyresdal-mal.docx\n",
    )
    document = docx.Document(str(_render(pilot, "fyresdal", "docx", tmp_path / "f.docx")))
    assert _mm(document.sections[-1].left_margin) == 40
    kviteseid = docx.Document(str(_render(pilot, "kviteseid", "docx", tmp_path / "k.docx")))
    assert _mm(kviteseid.sections[-1].left_margin) == 25


def test_a_reference_that_is_not_a_docx_is_one_line_naming_the_file(
    pilot: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "mal.docx"
    bad.write_text("not a zip", encoding="utf-8")
    code, output = run_cli(
        "render", "case", str(pilot), "-m", "fyresdal", "-f", "docx",
        "-o", str(tmp_path / "f.docx"), "--reference-docx", str(bad),
    )  # fmt: skip
    assert code != 0
    assert "mal.docx" in output and "Traceback" not in output
    assert not (tmp_path / "f.docx").exists()


def _runs(page: pypdf.PageObject) -> list[tuple[float, float, str]]:
    """A page's text runs: (baseline from the page's bottom, font size, text), in points."""
    runs: list[tuple[float, float, str]] = []

    def seen(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if text.strip():
            runs.append((tm[5] * cm[3] + cm[5], size * tm[3] * cm[3], text.strip()))

    page.extract_text(visitor_text=seen)
    return runs


@pytest.mark.skipif(  # CI installs LibreOffice (.ci/run)
    shutil.which("soffice") is None and not os.environ.get("CI"), reason="needs LibreOffice"
)
def test_no_body_line_runs_into_a_footer_of_three_lines(tmp_path: Path) -> None:
    # a pilot folder outside git has a footer of three lines («… Pilotmappa ligg ikkje i eit
    # git-repo …») and the page number: in LibreOffice the last body line of a full page
    # stood in the footer's first line, read as one paragraph with it
    pilot = copy_pilot(REPO / "pilots" / "vest-telemark", tmp_path, "vest-telemark")
    written = _render(pilot, "fyresdal", "docx", tmp_path / "f.docx")
    pages = [_runs(page) for page in pypdf.PdfReader(libreoffice_pdf(written)).pages]
    assert len(pages) > 5
    for number, runs in enumerate(pages, 1):
        [footer] = [y for y, _, text in runs if text.startswith("Laga med bygdevekst")]
        top = footer + max(size for y, size, _ in runs if y <= footer)
        body = [(y, size) for y, size, _ in runs if y > footer]
        lowest = min(y - size / 4 for y, size in body)  # the last line's descenders
        assert lowest > top + 3, f"page {number}: a body line at {lowest:.1f} pt, footer {top:.1f}"


@pytest.mark.skipif(  # CI installs LibreOffice (.ci/run)
    shutil.which("soffice") is None and not os.environ.get("CI"), reason="needs LibreOffice"
)
@pytest.mark.parametrize(
    ("language", "phrase"), [("nn", "ikkje registrert"), ("nb", "ikke registrert")]
)
def test_not_recorded_stays_on_one_line_in_the_table_of_the_other_parties(
    tmp_path: Path, language: str, phrase: str
) -> None:
    # Vest-Telemark's parties have their decision dates and case numbers not registered:
    # in a column as wide as «juli 2025» the words broke over two lines in every row
    pilot = copy_pilot(REPO / "pilots" / "vest-telemark", tmp_path, "vest-telemark", language)
    written = _render(pilot, "fyresdal", "docx", tmp_path / "f.docx")
    text = "\n".join(
        page.extract_text() for page in pypdf.PdfReader(libreoffice_pdf(written)).pages
    )
    row = re.compile(r"^\w+ kommune (Formannskapet|Kommunestyret) 2025 ")
    parties = [line for line in text.splitlines() if row.match(line)]
    assert len(parties) == 10, text
    for line in parties:
        assert line.count(phrase) == 2, line


def _vest_telemark_case(tmp_path: Path) -> Path:
    pilot = copy_pilot(REPO / "pilots" / "vest-telemark", tmp_path, "vest-telemark")
    return _render(pilot, "fyresdal", "docx", tmp_path / "f.docx")


def test_a_hyphen_inside_a_name_in_a_heading_does_not_break(tmp_path: Path) -> None:
    """«Vest-Telemark» in a heading is held by Word's non-breaking hyphen, and still reads
    «Vest-Telemark» as text; body text keeps ordinary hyphens (a line may break there),
    and a hyphen that ends a word («Kommunal- og …») is left as it is."""
    written = _vest_telemark_case(tmp_path)
    document = docx.Document(str(written))
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]
    named = [p for p in headings if "Vest-Telemark" in p.text]
    assert named[0].text == "Handlingsplan 2026 for bygdevekstavtala i Vest-Telemark"
    assert len(named) >= 3  # the title, a sub-goal, a measure
    for paragraph in named:
        xml = paragraph._p.xml
        assert "<w:noBreakHyphen/>" in xml
        assert "Vest-" not in xml
    body = [p for p in document.paragraphs if not p.style.name.startswith("Heading")]
    assert any("Vest-Telemark" in p._p.xml for p in body)
    assert "noBreakHyphen" not in "".join(p._p.xml for p in body)
    assert any("Kommunal- og" in p._p.xml for p in body)


@pytest.mark.skipif(  # CI installs LibreOffice (.ci/run)
    shutil.which("soffice") is None and not os.environ.get("CI"), reason="needs LibreOffice"
)
def test_libreoffice_keeps_vest_telemark_whole_in_the_title(tmp_path: Path) -> None:
    # LibreOffice broke the title after «Vest-», «Telemark» alone on the second line
    written = _vest_telemark_case(tmp_path)
    first = pypdf.PdfReader(libreoffice_pdf(written)).pages[0].extract_text().splitlines()
    title = first[: next(n for n, line in enumerate(first) if "Telemark" in line) + 1]
    assert "Vest-Telemark" in title[-1], title  # found in the PDF's text, with «-»
    assert not any(line.endswith("Vest-") for line in title), title
