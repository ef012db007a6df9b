"""The yearly update as the ministry asks for it (new measures, changed ones with their
reason, closed ones with an assessment) and the status report beside it, read as a council
member reads them: in every format, Nynorsk and Bokmål."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import REPO, copy_pilot, edit, render_file
from tests.test_render_gaps import text_of

VEST_TELEMARK = REPO / "pilots" / "vest-telemark"
FORMATS = ("md", "html", "docx", "pdf")
NOT_REPORTED = {"nn": "Ikkje rapportert", "nb": "Ikke rapportert"}


@pytest.fixture(autouse=True)
def _language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")


# ------------------------------------------------- a report not given is said, not dashed


@pytest.mark.parametrize("language", ["nn", "nb"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_measure_result_not_reported_is_said_in_words(
    tmp_path: Path, fmt: str, language: str
) -> None:
    # «| Ikkje starta. | – |»: a result not reported was a dash, which a council member
    # reads as «nothing came of it»; and a prioritised measure with no report at all was
    # two dashes
    pilot = copy_pilot(VEST_TELEMARK, tmp_path, "vest-telemark", language)
    edit(
        pilot / "plans" / "2025.yaml",
        "    title: Grøn region Vest-Telemark\n    start_year: 2025\n    status: planned\n",
        "    title: Grøn region Vest-Telemark\n    start_year: 2025\n    status: planned\n"
        "    prioritised: true\n",
    )
    text = text_of(render_file(pilot, tmp_path / "out", "status", fmt, "-y", "2025"))
    said = NOT_REPORTED[language]
    assert f"bygg og anlegg Ikkje starta. {said}" in text
    assert f"4 Grøn region Vest-Telemark {said} {said}" in text
