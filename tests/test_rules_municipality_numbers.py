"""BV229: a municipality number typed wrong, still four digits, is told with the number
the party's name has; a number valid at the agreement's date (one of 2020-2023 in an
agreement from before the 2024 reorganisation) is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from bygdevekst_cli.loader import load_package_data
from bygdevekst_cli.municipalities import register
from tests.helpers import MINIMAL, check, copy_pilot, edit, line_of

FYRESDAL = 'municipality_number: "4032"'
SIGNED = "  period:\n    start: 2025-06-02\n    end: 2028-12-31\n  signed: 2025-06-02\n"

NEVER = {
    "nn": "«4043» er ikkje eit kommunenummer, korkje i kommuneinndelinga frå 2024 eller i den"
    " frå 2020–2023; meinte du «4032» (Fyresdal)?",
    "nb": "«4043» er ikke et kommunenummer, verken i kommuneinndelingen fra 2024 eller i den"
    " fra 2020–2023; mente du «4032» (Fyresdal)?",
    "en": "«4043» is not a municipality number, neither in the division of 2024 nor in that"
    " of 2020–2023; did you mean «4032» (Fyresdal)?",
}


@pytest.fixture(autouse=True)
def _fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BYGDEVEKST_NO_CACHE", "1")


def _bv229(pilot: Path) -> list[tuple[str, int | None, str, str]]:
    return [
        (f.code, f.line, f.severity.value, f.message)
        for f in check(pilot).findings
        if f.code in ("BV229", "BV201")
    ]


@pytest.mark.parametrize("language", ["nn", "nb", "en"])
def test_a_number_that_never_existed_is_told_with_the_number_of_the_name(
    tmp_path: Path, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, Fyresdal's 4032 typed 4043 passed without a word (it is four digits)."""
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", language)
    pilot = copy_pilot(MINIMAL, tmp_path, "testdalen", "nb" if language == "en" else language)
    text = edit(pilot / "pilot.yaml", FYRESDAL, 'municipality_number: "4043"')
    line = line_of(text, '"4043"')
    assert _bv229(pilot) == [("BV229", line, "warning", NEVER[language])]


def test_another_municipalitys_number_is_told_with_the_number_of_the_name(
    tmp_path: Path,
) -> None:
    """Fyresdal given Tokke's 4034: a number that exists, of another municipality."""
    pilot = copy_pilot(MINIMAL, tmp_path, "testdalen")
    text = edit(pilot / "pilot.yaml", FYRESDAL, 'municipality_number: "4034"')
    assert _bv229(pilot) == [
        (
            "BV229",
            line_of(text, '"4034"'),
            "warning",
            "«4034» er kommunenummeret til Tokke; meinte du «4032» (Fyresdal)?",
        )
    ]


def test_the_number_of_another_party_is_bv201_alone(tmp_path: Path) -> None:
    """Fyresdal given Kviteseid's 4028: BV201's error names both lines; BV229 does not
    say it again."""
    pilot = copy_pilot(MINIMAL, tmp_path, "testdalen")
    edit(pilot / "pilot.yaml", FYRESDAL, 'municipality_number: "4028"')
    assert [code for code, *_ in _bv229(pilot)] == ["BV201"]


def test_a_number_of_before_2024_in_an_agreement_of_2025_is_told_the_new_one(
    tmp_path: Path,
) -> None:
    pilot = copy_pilot(MINIMAL, tmp_path, "testdalen")
    text = edit(pilot / "pilot.yaml", FYRESDAL, 'municipality_number: "3823"')
    assert _bv229(pilot) == [
        (
            "BV229",
            line_of(text, '"3823"'),
            "warning",
            "«3823» var kommunenummeret til Fyresdal til og med 2023, men avtala er frå 2025;"
            " skriv det nye nummeret, «4032»",
        )
    ]


@pytest.mark.parametrize(
    "agreement",
    [
        "  period:\n    start: 2023-07-01\n    end: 2026-12-31\n  signed: 2023-06-20\n",
        "  period:\n    start: 2023-07-01\n    end: 2026-12-31\n",  # not signed yet
        "  period:\n    end: 2026-12-31\n",  # no date: it may have been valid
    ],
)
def test_a_number_valid_at_the_agreements_date_is_not_flagged(
    tmp_path: Path, agreement: str
) -> None:
    """An agreement of 2023 names Fyresdal 3823 and Kviteseid 3821, as they were then."""
    pilot = copy_pilot(MINIMAL, tmp_path, "testdalen")
    edit(pilot / "pilot.yaml", FYRESDAL, 'municipality_number: "3823"')
    edit(pilot / "pilot.yaml", 'municipality_number: "4028"', 'municipality_number: "3821"')
    edit(pilot / "pilot.yaml", SIGNED, agreement)
    assert _bv229(pilot) == []


def test_every_number_before_2024_is_a_municipality_of_the_register() -> None:
    """Each number of 2020-2023 names a municipality of 2024 in the county it is listed
    under, and none is a number of 2024 (the two never overlap)."""
    data = load_package_data("municipalities.yaml")["before_2024"]
    known = register()
    listed = {number: county for county, numbers in data.items() for number in numbers}
    assert set(known.renumbered) == set(listed)
    assert {n: m.county for n, m in known.renumbered.items()} == listed
    assert not set(listed) & set(known.by_number)
    assert len(listed) == 114  # 51 of Viken, 23 of Vestfold og Telemark, 39 of Troms og
    # Finnmark, and Ålesund's 1507


OLD_2023 = "  period:\n    start: 2023-07-01\n    end: 2026-12-31\n  signed: 2023-06-20\n"


@pytest.mark.parametrize(
    ("agreement", "suggested"),
    [(SIGNED, "4032"), (OLD_2023, "3823")],
    ids=["agreement of 2025", "agreement of 2023"],
)
def test_a_number_of_before_2024_of_another_municipality_names_that_municipality(
    tmp_path: Path, agreement: str, suggested: str
) -> None:
    """Fyresdal given Kviteseid's 3821 of 2020-2023. Before: passed without a word in an
    agreement of 2023, and in one of 2025 was told «3821 was Kviteseid's number; write the
    new number, 4032», as if 4032 followed from 3821."""
    pilot = copy_pilot(MINIMAL, tmp_path, "testdalen")
    text = edit(pilot / "pilot.yaml", FYRESDAL, 'municipality_number: "3821"')
    edit(pilot / "pilot.yaml", SIGNED, agreement)
    assert _bv229(pilot) == [
        (
            "BV229",
            line_of(text, '"3821"'),
            "warning",
            "«3821» var kommunenummeret til Kviteseid i 2020–2023, ikkje til Fyresdal; meinte du"
            f" «{suggested}» (Fyresdal)?",
        )
    ]


@pytest.mark.parametrize("agreement", [SIGNED, OLD_2023], ids=["2025", "2023"])
def test_alesunds_1507_for_haram_names_alesund(tmp_path: Path, agreement: str) -> None:
    """1507 was Ålesund's until 2024, when Ålesund (1508) and Haram (1580) split: Haram
    had no number of its own before, so 1507 is another municipality's at either date."""
    pilot = copy_pilot(MINIMAL, tmp_path, "testdalen")
    edit(pilot / "pilot.yaml", "county: Telemark", "county: Møre og Romsdal")
    edit(pilot / "pilot.yaml", "name: Fyresdal kommune", "name: Haram kommune")
    text = edit(pilot / "pilot.yaml", FYRESDAL, 'municipality_number: "1507"')
    edit(pilot / "pilot.yaml", SIGNED, agreement)
    assert [f for f in _bv229(pilot) if f[1] == line_of(text, '"1507"')] == [
        (
            "BV229",
            line_of(text, '"1507"'),
            "warning",
            "«1507» var kommunenummeret til Ålesund i 2020–2023, ikkje til Haram; meinte du"
            " «1580» (Haram)?",
        )
    ]


KLASS_PARALLEL_NAMES = {
    "1826": "Aarborte - Hattfjelldal",
    "1833": "Rana - Raane",
    "1841": "Fauske - Fuossko",
    "1845": "Sørfold - Fuolldá",
    "1853": "Evenes - Evenášši",
    "1870": "Sortland - Suortá",
    "1875": "Hábmer - Hamarøy",
    "5001": "Trondheim - Tråante",
    "5007": "Namsos - Nåavmesjenjaelmie",
    "5025": "Røros - Rosse",
    "5037": "Levanger - Levangke",
    "5041": "Snåase - Snåsa",
    "5043": "Raarvihke - Røyrvik",
    "5503": "Harstad - Hárstták",
    "5512": "Dielddanuorri - Tjeldsund",
    "5516": "Gratangen - Rivtták",
    "5518": "Loabák - Lavangen",
    "5538": "Storfjord - Omasvuotna - Omasvuono",
    "5540": "Gáivuotna - Kåfjord - Kaivuono",
    "5544": "Nordreisa - Ráisa - Raisi",
    "5603": "Hammerfest - Hámmerfeasta",
    "5610": "Kárášjohka - Karasjok",
    "5612": "Guovdageaidnu - Kautokeino",
    "5622": "Porsanger - Porsáŋgu - Porsanki",
    "5628": "Deatnu - Tana",
    "5636": "Unjárga - Nesseby",
}
"""Every municipality KLASS 131 (2026) names in more than one language, as KLASS writes it."""


def test_the_register_has_every_sami_and_kven_name_klass_gives() -> None:
    """Before, twelve were missing (Trondheim - Tråante, Harstad - Hárstták, Hammerfest -
    Hámmerfeasta, ...): a party named so was «not in the register»."""
    known = register()
    for number, klass_name in KLASS_PARALLEL_NAMES.items():
        for name in klass_name.split(" - "):
            found = known.find(f"{name} kommune")
            assert found is not None and found.number == number, (number, name)
    several = {m.number for m in known.municipalities if len(_names_of(m.number)) > 1}
    assert several == set(KLASS_PARALLEL_NAMES)


def _names_of(number: str) -> list[str]:
    data = load_package_data("municipalities.yaml")["counties"]
    return next(
        names[number] for names in (c["municipalities"] for c in data.values()) if number in names
    )


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("Trondheim - Tråante", "5001"),
        ("Gáivuotna - Kåfjord - Kaivuono kommune", "5540"),
        ("Deatnu – Tana", "5628"),
        ("Fyresdal - Tokke", None),  # two municipalities: neither
        ("Nord-Odal", "3414"),  # a hyphen in a name joins nothing
    ],
)
def test_a_name_as_klass_joins_the_names_is_found(name: str, number: str | None) -> None:
    """Before, «Trondheim - Tråante», as KLASS 131 and SSB's tables write it, was no name."""
    found = register().find(name)
    assert (found.number if found else None) == number


def test_a_party_named_as_klass_writes_it_is_checked_against_its_number(tmp_path: Path) -> None:
    """Kåfjord, named in its three languages, given Nordreisa's 5544: before, the name was
    no municipality's, and the number passed unchecked."""
    pilot = copy_pilot(MINIMAL, tmp_path, "testdalen")
    edit(pilot / "pilot.yaml", "county: Telemark", "county: Troms")
    edit(pilot / "pilot.yaml", "name: Fyresdal kommune", "name: Gáivuotna - Kåfjord - Kaivuono")
    text = edit(pilot / "pilot.yaml", FYRESDAL, 'municipality_number: "5544"')
    assert [f for f in _bv229(pilot) if f[1] == line_of(text, '"5544"')] == [
        (
            "BV229",
            line_of(text, '"5544"'),
            "warning",
            "«5544» er kommunenummeret til Nordreisa; meinte du «5540» (Kåfjord)?",
        )
    ]
