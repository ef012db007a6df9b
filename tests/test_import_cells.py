"""``import plan``: every id, amount, sub-goal and header read as the municipality wrote it.

Each table is a real file written here (openpyxl, python-docx, raw bytes in the encodings
Windows and Excel save), imported through the real command line into a copy of the
bundled Vest-Telemark pilot without plans, so that every row is a new measure and its id
is the one the table gives. A cell that cannot be known is said to be, with its file, sheet
and row; it is never a guess and never 0."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from bygdevekst_cli.loader import load_yaml
from tests.helpers import REPO, run_cli

HEADER = ["Nr", "Delmål", "Tiltak", "Budsjett 2026"]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Vest-Telemark without plans: the import makes the pilot's first plan."""
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    target = tmp_path / "pilots" / "vest-telemark"
    shutil.copytree(REPO / "pilots" / "vest-telemark", target)
    for plan in (target / "plans").glob("*.yaml"):
        plan.unlink()
    return target


def workbook(path: Path, rows: list[list[Any]], formats: dict[str, str] | None = None) -> Path:
    """A workbook of ``rows`` on its one sheet «Ark1», cells given number ``formats``."""
    import openpyxl  # type: ignore[import-untyped]

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Ark1"
    for row in rows:
        sheet.append(row)
    for cell, number_format in (formats or {}).items():
        sheet[cell].number_format = number_format
    book.save(str(path))
    return path


def imported(folder: Path, source: Path, *extra: str) -> tuple[int, str]:
    return run_cli("import", "plan", str(source), "--pilot", str(folder), "--year", "2026", *extra)


def plan_measures(folder: Path, source: Path) -> dict[str, dict[str, Any]]:
    """The measures of the plan written from ``source`` (the import must succeed), by id.
    The pilot's validation after writing fails (no grants for 2026 in this copy): exit 1."""
    code, output = imported(folder, source)
    assert code in (0, 1) and "Skreiv " in output and "Traceback" not in output, output
    data = load_yaml(folder / "plans" / "2026.yaml").data
    return {str(m["id"]): m for m in data["measures"]}


def refused(folder: Path, source: Path) -> str:
    """What the import said refusing ``source`` (exit 1, no traceback, nothing written)."""
    code, output = imported(folder, source)
    assert code == 1, output
    assert "Traceback" not in output
    assert not (folder / "plans" / "2026.yaml").exists()
    return output


def report(folder: Path, source: Path) -> dict[str, Any]:
    """The JSON report of a dry run of ``source``."""
    code, output = imported(folder, source, "--dry-run", "--format", "json")
    assert code == 0, output
    result: dict[str, Any] = json.loads(output)
    return result


# --- CSV without a byte order mark -----------------------------------------------------------

CSV = "Nr;Delmål;Tiltak;Budsjett 2026\r\n1.1;1;Gårdsbruk, bustader og søknader for æ-lyden;1000\r\n"


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8"])
def test_norwegian_letters_survive_a_csv_without_a_bom(
    tmp_path: Path, folder: Path, encoding: str
) -> None:
    source = tmp_path / "plan.csv"
    source.write_bytes(CSV.encode(encoding))
    measures = plan_measures(folder, source)
    assert measures["1.1"]["title"] == "Gårdsbruk, bustader og søknader for æ-lyden"


@pytest.mark.parametrize("encoding", ["cp850", "mac_roman"])
def test_a_csv_in_a_dos_or_mac_code_page_is_refused(
    tmp_path: Path, folder: Path, encoding: str
) -> None:
    source = tmp_path / "plan.csv"
    source.write_bytes(CSV.encode(encoding))
    output = refused(folder, source)
    assert "plan.csv:1: «Delm" in output and "ein annan teiknkode" in output


def test_a_byte_neither_encoding_holds_is_refused_at_its_line(tmp_path: Path, folder: Path) -> None:
    source = tmp_path / "plan.csv"
    source.write_bytes(CSV.encode("cp1252") + b"1.2;1;Tomter\x81;2000\r\n")
    output = refused(folder, source)
    assert "plan.csv:3: byten 0x81 er korkje UTF-8 eller Windows-1252" in output


def test_a_csv_mixing_utf8_and_windows_letters_is_refused(tmp_path: Path, folder: Path) -> None:
    """A UTF-8 file with a line added by a Windows program: read as either, one of the two
    would come out as mojibake («GÃ¥rd»)."""
    source = tmp_path / "plan.csv"
    source.write_bytes(CSV.encode("utf-8") + "1.2;1;Tomter på Ø;2000\r\n".encode("cp1252"))
    output = refused(folder, source)
    assert "plan.csv:3: byten 0xE5" in output


def test_a_text_agreement_in_a_dos_code_page_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "avtale.txt"
    source.write_bytes("Bygdevekstavtale for Gården\n\n1 Innleiing\n".encode("cp850"))
    code, output = run_cli("import", "agreement", str(source), "--pilot", "garden", "--dry-run")
    assert code == 1, output
    assert "avtale.txt:1: «G†rden»" in output
