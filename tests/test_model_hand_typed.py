"""What a secretariat member types by hand in pilot.yaml and the plans, and a slip in it:
each slip is one finding on its file and line that says what to write, in the pilot's
written standard, on real files through the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import MINIMAL, copy_pilot, edit, line_of, validate_json

PERIOD_ORDER = {
    "nn": "Avtaleperioden sluttar (end 2024-12-31) før han startar (start 2025-06-02)",
    "nb": "Avtaleperioden slutter (end 2024-12-31) før den starter (start 2025-06-02)",
}
PHASE_ORDER = {
    "nn": "Fasen sluttar (end_year 2024) før han startar (start_year 2025)",
    "nb": "Fasen slutter (end_year 2024) før den starter (start_year 2025)",
}


def one_error(folder: Path) -> dict[str, object]:
    """The one error of ``validate`` on ``folder`` (a Bokmål copy of the Nynorsk pilot
    has warnings of its Nynorsk words, BV211)."""
    code, findings = validate_json(folder)
    assert code == 1, findings
    (finding,) = (f for f in findings if f["severity"] == "error")
    return finding


@pytest.mark.parametrize("language", ["nn", "nb"])
def test_an_agreement_period_that_ends_before_it_starts_is_one_error_on_the_period(
    tmp_path: Path, language: str
) -> None:
    """Before, each plan year, measure year and meeting was «outside the period 2025–2024»
    (16 errors on the plan), and pilot.yaml, where the slip is, had none."""
    folder = copy_pilot(MINIMAL, tmp_path, "testdalen", language)
    text = edit(folder / "pilot.yaml", "    end: 2028-12-31", "    end: 2024-12-31")
    finding = one_error(folder)
    assert str(finding["file"]).endswith("testdalen/pilot.yaml")
    assert finding["line"] == line_of(text, "  period:")
    assert PERIOD_ORDER[language] in str(finding["message"])


@pytest.mark.parametrize("language", ["nn", "nb"])
def test_a_phase_that_ends_before_it_starts_is_an_error_on_the_phase(
    tmp_path: Path, language: str
) -> None:
    """Before, a phase from 2025 to 2024 was accepted without a word."""
    folder = copy_pilot(MINIMAL, tmp_path, "testdalen", language)
    text = edit(folder / "pilot.yaml", "    end_year: 2028", "    end_year: 2024")
    finding = one_error(folder)
    assert str(finding["file"]).endswith("testdalen/pilot.yaml")
    assert finding["line"] == line_of(text, "  - name: Fase 2")
    assert PHASE_ORDER[language] in str(finding["message"])


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("nn", "Nøstinga er djupare enn 24 nivå"),
        ("nb", "Nøstingen er dypere enn 24 nivåer"),
    ],
)
def test_a_thousand_brackets_deep_is_told_in_the_pilots_words(
    tmp_path: Path, language: str, said: str
) -> None:
    """libyaml stops at a thousand levels with its own English words («exceeded maximum
    nesting depth»), which the message showed as they were; then as a syntax error
    (BV001, «nøstinga er for djup»), where 25 levels were BV006: now BV006 for both."""
    folder = copy_pilot(MINIMAL, tmp_path, "testdalen", language)
    plan = folder / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8") + "notes:\n  - " + "[" * 1500 + "]" * 1500 + "\n"
    plan.write_text(text, encoding="utf-8")
    finding = one_error(folder)
    assert str(finding["file"]).endswith("plans/2026.yaml")
    assert finding["line"] == line_of(text, "  - [[[")
    assert (finding["code"], finding["message"]) == ("BV006", said)


AMOUNT = "        state_measure_funds: 600000\n        own_funds"
WRITTEN = {
    "nn": "Skriv beløpet som eit heiltal utan mellomrom, punktum, «kr» eller hermeteikn: {}",
    "nb": "Skriv beløpet som et heltall uten mellomrom, punktum, «kr» eller anførselstegn: {}",
}


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("1 500 000", 1500000),
        ("1\u00a0500\u00a0000", 1500000),  # a no-break space, as Word puts between groups
        ("1.500.000", 1500000),
        ("1,5 mill", 1500000),
        ("kr 200 000", 200000),
        ("200 000 kr", 200000),
        ('"600000"', 600000),
        ("1e6", 1000000),
        ("600000.0", 600000),
        ("600_000", 600000),  # YAML read it as 600000; no other reader of the file does
        ("1_500_000", 1500000),
    ],
)
@pytest.mark.parametrize("language", ["nn", "nb"])
def test_an_amount_written_as_people_write_it_is_told_how_to_write_it(
    tmp_path: Path, language: str, written: str, meant: int
) -> None:
    """Before, each was «amounts must be whole kroner (…), got …», and the writer had to
    work out what to change; now the message gives the amount to write."""
    folder = copy_pilot(MINIMAL, tmp_path, "testdalen", language)
    new = AMOUNT.replace("600000", written)
    text = edit(folder / "plans" / "2026.yaml", AMOUNT, new)
    finding = one_error(folder)
    assert finding["code"] == "BV104"
    assert str(finding["file"]).endswith("plans/2026.yaml")
    assert finding["line"] == line_of(text, "state_measure_funds: " + written)
    assert WRITTEN[language].format(meant) in str(finding["message"])


@pytest.mark.parametrize("written", ["200000.50", "1,500,000", "ukjent", "1e20", '"-5"'])
def test_an_amount_that_says_no_whole_kroner_gets_no_amount_to_write(
    tmp_path: Path, written: str
) -> None:
    """Øre, a comma as the English write thousands, a word, an amount beyond the bound and
    a negative one in quotation marks: the message names no amount (it would be a guess)."""
    folder = copy_pilot(MINIMAL, tmp_path, "testdalen", "nn")
    edit(folder / "plans" / "2026.yaml", AMOUNT, AMOUNT.replace("600000", written))
    finding = one_error(folder)
    assert finding["code"] == "BV104"
    assert "Skriv beløpet" not in str(finding["message"])
    assert "Beløp må vere heile kroner" in str(finding["message"])


DIGITS = {
    "nn": "Skriv beløpet med berre sifra 0–9, utan «+», «_» eller bokstavar, fekk «{}»",
    "nb": "Skriv beløpet med bare sifrene 0–9, uten «+», «_» eller bokstaver, fikk «{}»",
    "en": "Write the amount with the digits 0–9 alone, without «+», «_» or letters, got «{}»",
}


@pytest.mark.parametrize("written", ["0x10", "0X1F", "0o17", "0b101", "+5", "1_5", '"+5"'])
@pytest.mark.parametrize("language", ["nn", "nb", "en"])
def test_an_amount_in_a_form_only_yaml_reads_is_refused_as_typed(
    tmp_path: Path, language: str, written: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, YAML's hexadecimal, octal and binary integers, a plus sign and digits split
    by «_» at random were read as numbers nobody typed (``0x10`` was 16 kr, and the budget
    said so without a word): no secretariat means them, so each is refused as written."""
    if language == "en":
        monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "en")
    folder = copy_pilot(MINIMAL, tmp_path, "testdalen", "nb" if language == "en" else language)
    text = edit(folder / "plans" / "2026.yaml", AMOUNT, AMOUNT.replace("600000", written))
    finding = one_error(folder)
    assert finding["code"] == "BV104"
    assert str(finding["file"]).endswith("plans/2026.yaml")
    assert finding["line"] == line_of(text, "state_measure_funds: " + written)
    assert DIGITS[language].format(written.strip('"')) in str(finding["message"])


@pytest.mark.parametrize("written", ["1" * 5000, '"9999999999999"'])
def test_an_amount_of_more_digits_than_any_amount_is_too_large(
    tmp_path: Path, written: str
) -> None:
    """Before, 5,000 digits stopped validate with a traceback (Python reads at most 4,300
    into a number), and a too large amount in quotation marks was «not whole kroner»."""
    folder = copy_pilot(MINIMAL, tmp_path, "testdalen", "nn")
    text = edit(folder / "plans" / "2026.yaml", AMOUNT, AMOUNT.replace("600000", written))
    finding = one_error(folder)
    assert finding["code"] == "BV104"
    assert finding["line"] == line_of(text, "state_measure_funds: " + written[:20])
    assert "er for stort" in str(finding["message"])


MEETING = "    date: 2026-02-19\n"
AS_ISO = {
    "nn": "Venta ein dato på forma ÅÅÅÅ-MM-DD, fekk «{}»; skriv {}",
    "nb": "Forventet en dato på formen ÅÅÅÅ-MM-DD, fikk «{}»; skriv {}",
}


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("1. mars 2026", "2026-03-01"),
        ("19. Februar 2026", "2026-02-19"),
        ("19. feb. 2026", "2026-02-19"),
        ("19.02.2026", "2026-02-19"),
        ("2026-2-19", "2026-02-19"),
    ],
)
@pytest.mark.parametrize("language", ["nn", "nb"])
def test_a_date_written_in_words_is_told_its_iso_form(
    tmp_path: Path, language: str, written: str, iso: str
) -> None:
    """Before, «1. mars 2026» got only «expected a date of the form YYYY-MM-DD», where
    «01.03.2026» was told what to write."""
    folder = copy_pilot(MINIMAL, tmp_path, "testdalen", language)
    text = edit(folder / "plans" / "2026.yaml", MEETING, f"    date: {written}\n")
    finding = one_error(folder)
    assert str(finding["file"]).endswith("plans/2026.yaml")
    assert finding["line"] == line_of(text, f"date: {written}")
    assert AS_ISO[language].format(written, iso) in str(finding["message"])


def test_a_date_in_words_that_is_no_day_says_so(tmp_path: Path) -> None:
    folder = copy_pilot(MINIMAL, tmp_path, "testdalen", "nn")
    edit(folder / "plans" / "2026.yaml", MEETING, "    date: 30. februar 2026\n")
    finding = one_error(folder)
    assert finding["message"] == "schedule[2].date: «30. februar 2026» er ingen dag i kalenderen"


WEIGHT = "    weight: 40\n"
PERCENT_SAID = {
    ("nn", "40 %"): "Skriv prosentdelen som eit tal utan «%»: 40, ikkje «40 %»",
    ("nb", "40%"): "Skriv prosentandelen som et tall uten «%»: 40, ikke «40%»",
    ("nn", '"40,5 %"'): "Skriv prosentdelen som eit tal utan «%»: 40.5, ikkje «40,5 %»",
    # the example is as YAML takes it: «33,33» is told to be written with a point
    ("nn", "39.999"): "Ein prosentdel kan ha høgst to desimalar (t.d. 33.33), fekk 39.999",
    ("nb", "39.999"): "En prosentandel kan ha høyst to desimaler (f.eks. 33.33), fikk 39.999",
}


@pytest.mark.parametrize(("language", "written"), PERCENT_SAID.keys())
def test_a_weight_written_as_documents_write_it_is_told_how_to_write_it(
    tmp_path: Path, language: str, written: str
) -> None:
    """Before, «40 %» got «a percentage must be a number from 0 to 100», and the message
    for three decimals gave «33,33» as its example, which YAML reads as text."""
    folder = copy_pilot(MINIMAL, tmp_path, "testdalen", language)
    text = edit(folder / "agreement.yaml", WEIGHT, f"    weight: {written}\n")
    finding = one_error(folder)
    assert str(finding["file"]).endswith("agreement.yaml")
    assert finding["line"] == line_of(text, f"weight: {written}")
    assert finding["message"] == "sub_goals[2].weight: " + PERCENT_SAID[language, written]


YEAR_SAID = {
    "nn": "Fila heiter 2026.yaml, men year er 2025; skriv year: 2026, eller gje fila namnet"
    " 2025.yaml",
    "nb": "Filen heter 2026.yaml, men year er 2025; skriv year: 2026, eller gi filen navnet"
    " 2025.yaml",
}


@pytest.mark.parametrize("language", ["nn", "nb"])
def test_a_plan_whose_year_is_not_its_files_says_the_two_ways_to_mend_it(
    tmp_path: Path, language: str
) -> None:
    """Last year's plan copied under this year's name keeps its ``year``: the message said
    only «the file is called 2026, but year is 2025»."""
    folder = copy_pilot(MINIMAL, tmp_path, "testdalen", language)
    text = edit(folder / "plans" / "2026.yaml", "\nyear: 2026\n", "\nyear: 2025\n")
    finding = one_error(folder)
    assert (finding["code"], finding["line"]) == ("BV212", line_of(text, "year: 2025"))
    assert finding["message"] == YEAR_SAID[language]


KVITESEID = '    municipality_number: "4028"\n'
LEFT_SAID = {
    "nn": "Kviteseid kommune er ikkje part i 2026 (med frå … til 2025-12-31); ta parten ut av"
    " planen for 2026, eller rett member_from eller member_until i pilot.yaml",
    "nb": "Kviteseid kommune er ikke part i 2026 (med fra … til 2025-12-31); ta parten ut av"
    " planen for 2026, eller rett member_from eller member_until i pilot.yaml",
}


@pytest.mark.parametrize("language", ["nn", "nb"])
def test_a_council_that_left_the_pilot_in_a_later_plans_schedule_says_what_to_mend(
    tmp_path: Path, language: str
) -> None:
    """A municipality that left at the end of 2025, still in the 2026 plan's schedule: a
    warning (BV231) on its line that said only that it was no party in 2026."""
    folder = copy_pilot(MINIMAL, tmp_path, "testdalen", language)
    edit(folder / "pilot.yaml", KVITESEID, KVITESEID + "    member_until: 2025-12-31\n")
    code, findings = validate_json(folder)
    assert code == 0, findings
    plan = (folder / "plans" / "2026.yaml").read_text(encoding="utf-8")
    (left,) = (f for f in findings if f["code"] == "BV231")
    assert (left["severity"], left["line"]) == ("warning", line_of(plan, "party: kviteseid"))
    assert left["message"] == LEFT_SAID[language]


SPAN_SAID = {
    "nn": "year: Venta eitt årstal, t.d. 2026, ikkje tidsrommet «{}»; eit tiltak over fleire år"
    " har start_year og end_year",
    "nb": "year: Forventet ett årstall, f.eks. 2026, ikke tidsrommet «{}»; et tiltak over flere"
    " år har start_year og end_year",
}


@pytest.mark.parametrize("written", ["2026/2027", "2026–27", "'2026-2027'"])
@pytest.mark.parametrize("language", ["nn", "nb"])
def test_a_year_written_as_a_span_is_told_to_be_one_year(
    tmp_path: Path, language: str, written: str
) -> None:
    """Before, «year: 2026/2027» got «expected an integer, got «2026/2027»»."""
    folder = copy_pilot(MINIMAL, tmp_path, "testdalen", language)
    text = edit(folder / "plans" / "2026.yaml", "\nyear: 2026\n", f"\nyear: {written}\n")
    finding = one_error(folder)
    assert (finding["code"], finding["line"]) == ("BV103", line_of(text, f"year: {written}"))
    assert finding["message"] == SPAN_SAID[language].format(written.strip("'"))


def test_a_year_that_is_no_span_nor_number_keeps_the_general_message(tmp_path: Path) -> None:
    folder = copy_pilot(MINIMAL, tmp_path, "testdalen", "nn")
    edit(folder / "plans" / "2026.yaml", "\nyear: 2026\n", "\nyear: [2026]\n")
    assert one_error(folder)["message"] == "year: Venta eit heiltal, fekk ei liste"


TAB_SAID = {
    "nn": "YAML-syntaksfeil: tabulator der innrykket skal vere mellomrom",
    "nb": "YAML-syntaksfeil: tabulator der innrykket skal være mellomrom",
}


@pytest.mark.parametrize("marker", ["  -\t", "  - \t"])
@pytest.mark.parametrize("language", ["nn", "nb"])
def test_a_tab_after_a_list_marker_is_named_as_a_tab(
    tmp_path: Path, language: str, marker: str
) -> None:
    """The tab key after «-» in an editor: the parser's «a character that cannot start a
    value» did not say which character, and a tab is not seen."""
    folder = copy_pilot(MINIMAL, tmp_path, "testdalen", language)
    text = edit(folder / "plans" / "2026.yaml", '  - id: "2.1"', marker + 'id: "2.1"')
    finding = one_error(folder)
    line = line_of(text, marker + 'id: "2.1"')
    assert (finding["line"], finding["column"]) == (line, len(marker))
    assert finding["message"] == TAB_SAID[language]


def test_a_tab_after_a_dash_in_a_block_text_is_text(tmp_path: Path) -> None:
    """A bullet pasted from Word into a ``|`` text keeps its tab: that is no indentation."""
    folder = copy_pilot(MINIMAL, tmp_path, "testdalen", "nn")
    edit(
        folder / "plans" / "2026.yaml",
        "    title: Nettverk for næringane\n",
        "    title: Nettverk for næringane\n    description: |\n      -\tFørste punkt.\n",
    )
    assert validate_json(folder) == (0, [])


@pytest.mark.parametrize(
    ("file", "old", "typed", "field"),
    [
        ("agreement.yaml", "sub_goals:", "delmaal:", "sub_goals"),
        ("agreement.yaml", "sub_goals:", "delmål:", "sub_goals"),
        ("plans/2026.yaml", "measures:", "tiltak:", "measures"),
        ("plans/2026.yaml", "    title: Nettverk", "    overskrift: Nettverk", "title"),
        ("agreement.yaml", "    weight: 40", "    vekt: 40", "weight"),
    ],
)  # fmt: skip
@pytest.mark.parametrize(
    ("language", "meant"), [("nn", "; meinte du «{}»?"), ("nb", "; mente du «{}»?")]
)
def test_a_key_written_in_norwegian_is_told_the_field(
    tmp_path: Path, language: str, meant: str, file: str, old: str, typed: str, field: str
) -> None:
    """«delmaal:» for ``sub_goals:`` was an unknown field with the list of all the allowed
    ones (difflib finds no English field near a Norwegian word)."""
    folder = copy_pilot(MINIMAL, tmp_path, "testdalen", language)
    text = edit(folder / file, old, typed)
    code, findings = validate_json(folder)
    assert code == 1
    (unknown,) = (f for f in findings if f["code"] == "BV102")
    key = typed.strip().partition(":")[0]
    assert unknown["line"] == line_of(text, typed.splitlines()[0])
    assert str(unknown["message"]).endswith(f"«{key}»" + meant.format(field))


MERGE_SAID = {
    "nn": "measures[id «2.1»].«<<»: «<<» (ein flettenøkkel) er ikkje tillate;"
    " skriv felta ut i tabellen",
    "nb": "measures[id «2.1»].«<<»: «<<» (en flettenøkkel) er ikke tillatt;"
    " skriv feltene ut i tabellen",
}


@pytest.mark.parametrize("language", ["nn", "nb"])
def test_a_merge_key_is_told_as_one(tmp_path: Path, language: str) -> None:
    """«<<:» was «unknown field «<<»» with the list of the measure's fields."""
    folder = copy_pilot(MINIMAL, tmp_path, "testdalen", language)
    text = edit(
        folder / "plans" / "2026.yaml",
        '  - id: "2.1"\n    sub_goal: 2\n',
        '  - id: "2.1"\n    <<: {sub_goal: 2}\n',
    )
    finding = one_error(folder)
    assert (finding["code"], finding["line"]) == ("BV102", line_of(text, "<<:"))
    assert finding["message"] == MERGE_SAID[language]
