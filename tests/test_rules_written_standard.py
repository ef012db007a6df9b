"""BV211's marker words: the clear Bokmål words a Nynorsk text must not hold, and the
reverse, each found where it is written, and none where the pilots and the seeds are
right (words valid in both written standards are no markers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bygdevekst_cli.models import Language
from bygdevekst_cli.rules.language import marker_words
from tests.helpers import MINIMAL, SEEDS, check, copy_minimal, copy_pilot, edit, line_of

OVERALL = "overall: Året har gått som planlagt."

#: Bokmål words that are never Nynorsk, with the Nynorsk word to write, that BV211 missed.
BOKMAAL_MARKERS = [
    ("innen", "innan"),
    ("kommer", "kjem"),
    ("hverandre", "kvarandre"),
    ("vært", "vore"),
    ("allerede", "allereie"),
    ("ennå", "enno"),
    ("tilbud", "tilbod"),
    ("disse", "desse"),
    ("hennes", "hennar"),
    ("deres", "deira"),
    ("egen", "eigen"),
    ("eget", "eige"),
    ("mulig", "mogleg"),
    ("mulige", "moglege"),
    ("vanlig", "vanleg"),
    ("offentlig", "offentleg"),
    ("tydelig", "tydeleg"),
    ("årlig", "årleg"),
    ("årlige", "årlege"),
    ("tilgjengelig", "tilgjengeleg"),
    ("faglig", "fagleg"),
    ("endelig", "endeleg"),
    ("daglig", "dagleg"),
    ("hvor", "kvar"),
]


@pytest.fixture(autouse=True)
def _nynorsk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    monkeypatch.setenv("BYGDEVEKST_NO_CACHE", "1")


@pytest.mark.parametrize(("bokmaal", "nynorsk"), BOKMAAL_MARKERS)
def test_a_bokmaal_word_in_a_nynorsk_plan_is_one_warning_on_its_line(
    tmp_path: Path, bokmaal: str, nynorsk: str
) -> None:
    """Before, «Tiltaket er ferdig innen 2027.» in a Nynorsk plan passed without a word."""
    pilot = copy_minimal(tmp_path)
    text = edit(pilot / "plans" / "2026.yaml", OVERALL, f"{OVERALL} Sjå {bokmaal.title()}.")
    found = [f for f in check(pilot).findings if f.code == "BV211"]
    assert [(Path(f.file).name, f.line, f.severity.value) for f in found] == [
        ("2026.yaml", line_of(text, "overall:"), "warning")
    ]
    assert f"«{bokmaal.title()}» (nynorsk: «{nynorsk}»)" in found[0].message


@pytest.mark.parametrize(("bokmaal", "nynorsk"), BOKMAAL_MARKERS)
def test_the_nynorsk_word_in_a_bokmaal_plan_is_found_too(
    tmp_path: Path, bokmaal: str, nynorsk: str
) -> None:
    """The Bokmål copy of the Nynorsk pilot has BV211's warnings of its Nynorsk words; the
    Nynorsk word added to its plan is one more, on its line."""
    pilot = copy_pilot(MINIMAL, tmp_path, "testdalen", "nb")
    before = [(f.line, f.message) for f in check(pilot).findings if f.code == "BV211"]
    text = edit(pilot / "plans" / "2026.yaml", OVERALL, f"{OVERALL} Sjå {nynorsk}.")
    after = [(f.line, f.message) for f in check(pilot).findings if f.code == "BV211"]
    (added,) = (finding for finding in after if finding not in before)
    assert added[0] == line_of(text, "overall:")
    twin = "hver" if nynorsk == "kvar" else bokmaal  # «kvar» is «hver» as often as «hvor»
    assert f"«{nynorsk}» (bokmål: «{twin}»)" in added[1]


def test_the_seeds_hold_no_new_marker_of_the_other_standard() -> None:
    """The Nynorsk seeds (the Vest-Telemark agreement and Fyresdal's case document) hold
    Bokmål only where they quote Bokmål titles, and the Bokmål seeds the residue of a
    Nynorsk draft («Eit», «heile») and OCR («gjere»): what BV211 found before these markers."""
    markers = marker_words()
    found = {
        seed.name[:3]: sorted({w.lower() for _, w, _ in markers.find(seed.read_text(), language)})
        for seed, language in [
            (next(SEEDS.glob("000_*.txt")), Language.NYNORSK),
            (next(SEEDS.glob("001_*.txt")), Language.NYNORSK),
            (next(SEEDS.glob("002_*.txt")), Language.BOKMAAL),
            (next(SEEDS.glob("003_*.txt")), Language.BOKMAAL),
            (next(SEEDS.glob("004_*.txt")), Language.BOKMAAL),
        ]
    }
    assert found == {
        "000": ["bygdevekstavtaler", "kommunene", "samarbeidsparter"],
        "001": [],
        "002": ["eit", "heile"],
        "003": ["eit", "gjere", "heile"],
        "004": [],
    }
