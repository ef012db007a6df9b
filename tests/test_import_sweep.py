"""``import``: agreements and plans laid out as municipalities write them (quality sweep).

Every file is a real one written here (python-docx, openpyxl, raw bytes), imported through
the real command line; what cannot be read exactly is refused with its file and cell."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_import import imported
from tests.test_import_gaps import WEIGHTS
from tests.test_import_layouts import VT, _bold, _number, _numbering, _table, bundled, pieces
from tests.test_import_layouts import run_import as run_agreement_import


@pytest.fixture(autouse=True)
def _language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")


# ------------------------------------------- delmål in a numbered list of a Word agreement


def _listed_word_agreement(path: Path, layout: str) -> None:
    """Vest-Telemark's agreement in Word, bold chapters «N. Tittel», each sub-goal a list
    item «Tittel (vekt 60 %)» without the word «Delmål»: its number typed («1) », «1. ») or
    given by Word's numbering («%1)», «%1.»), not in the text."""
    import docx

    document = docx.Document()
    dotted, bracketed = _numbering(document)
    for piece in pieces(VT):
        if piece.kind == "chapter":
            _bold(document, f"{piece.number}. {piece.text}")
        elif piece.kind == "goal":
            title = f"{piece.text} (vekt {WEIGHTS[int(piece.number)]})"
            if layout.startswith("typed"):
                mark = ")" if layout == "typed)" else "."
                document.add_paragraph(f"{piece.number}{mark} {title}")
            else:
                item = document.add_paragraph(title, style="List Number")
                _number(item, bracketed if layout == "numbered)" else dotted, 0)
        elif piece.kind == "bullet":
            document.add_paragraph(piece.text, style="List Bullet")
        elif piece.kind in ("title", "para"):
            document.add_paragraph(piece.text)
        else:
            _table(document, piece.rows)
    document.save(str(path))


@pytest.mark.parametrize("layout", ["typed)", "typed.", "numbered)", "numbered."])
def test_delmal_in_a_numbered_list_of_a_word_agreement(tmp_path: Path, layout: str) -> None:
    # «fann ingen delmål»: a Word list numbered «1)», «2)» by Word (the number in no text)
    # lost its numbers, so its items were bullets of the chapter, not its sub-goals
    source = tmp_path / "avtale.docx"
    _listed_word_agreement(source, layout)
    code, output = run_agreement_import(tmp_path, source, VT)
    assert code == 0, output
    _, agreement = imported(tmp_path / "pilots" / VT)
    _, want = bundled(VT)
    assert [(g.number, g.title, g.partners) for g in agreement.sub_goals] == [
        (g.number, g.title, g.partners) for g in want.sub_goals
    ]
    assert [str(g.weight) for g in agreement.sub_goals] == ["60", "20", "20"]
