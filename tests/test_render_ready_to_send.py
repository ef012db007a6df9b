"""The DOCX and PDF a case officer sends as they are (round 18): each test renders a
bundled pilot through the real CLI and reads the file that would be sent."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

from tests.helpers import REPO, copy_pilot, render_file
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
