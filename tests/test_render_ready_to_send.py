"""The DOCX and PDF a case officer sends as they are (round 18): each test renders a
bundled pilot through the real CLI and reads the file that would be sent."""

from __future__ import annotations

from pathlib import Path

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
