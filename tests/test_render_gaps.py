"""Gaps the last review of the documents left (robustness sweep): each test renders a pilot
through the real CLI and reads the file a case officer would send."""

from __future__ import annotations

from pathlib import Path

import docx
import pypdf
import pytest

from tests.helpers import DATA, copy_pilot, render_file

FULL = DATA / "fullpilot"
FORMATS = ("md", "html", "docx", "pdf")


@pytest.fixture(autouse=True)
def _language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")


def text_of(path: Path) -> str:
    """The words a reader sees in a rendered file of any format, whitespace made single."""
    if path.suffix == ".docx":
        document = docx.Document(str(path))
        cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
        raw = "\n".join([p.text for p in document.paragraphs] + cells)
    elif path.suffix == ".pdf":
        raw = "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    else:
        raw = path.read_text("utf-8")
    return " ".join(raw.replace("\u00a0", " ").split())


# ------------------------------------------------------------ shared work is named


@pytest.mark.parametrize("fmt", FORMATS)
def test_shared_work_is_headed_by_its_title_not_its_id(tmp_path: Path, fmt: str) -> None:
    # «Tiltak prosjektleiing Prosjektleiing og kommunikasjon»: shared work (no sub-goal)
    # was headed and listed by its id, a key for files that no reader knows
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    plan = text_of(render_file(pilot, tmp_path / "plan", "plan", fmt, "-y", "2026"))
    case = text_of(
        render_file(pilot, tmp_path / "case", "case", fmt, "-y", "2026", "-m", "fyresdal")
    )
    for text in (plan, case):
        assert "Tiltak Prosjektleiing og kommunikasjon" in text
        assert "prosjektleiing Prosjektleiing" not in text
    assert "Tiltak 1.1 Kartlegging av bustadbehov" in plan  # the others keep their number
