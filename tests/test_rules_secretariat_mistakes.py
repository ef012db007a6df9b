"""The mistakes a secretariat makes typing a year's update by hand, each as one finding.

One wrong value is one finding, at the line to change: two errors for one wrong date send
the secretariat to correct a date that is right.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import check, copy_minimal, edit, line_of, run_cli


@pytest.fixture(autouse=True)
def _nynorsk(monkeypatch: pytest.MonkeyPatch) -> None:
    """The messages in the pilot's Nynorsk; every run reads the files as they are now."""
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    monkeypatch.setenv("BYGDEVEKST_NO_CACHE", "1")


def _findings(pilot: Path, code: str) -> list[tuple[str, int | None, str]]:
    return [(Path(f.file).name, f.line, f.message) for f in check(pilot).findings if f.code == code]


_COUNTY_COUNCIL = (
    "  - party: fylket\n    body: county_council\n    date: 2026-05-06\n"
    "    case_number: 26/41\n    outcome: adopted\n"
)


def test_a_municipal_council_dated_after_the_county_is_one_finding(tmp_path: Path) -> None:
    """Fyresdal's council typed in May, after both the county committee and the county
    council: one error, at the county's first meeting, not one per county meeting."""
    pilot = copy_minimal(tmp_path)
    plan = pilot / "plans" / "2026.yaml"
    edit(plan, "  - party: kdd\n", _COUNTY_COUNCIL + "  - party: kdd\n")
    text = edit(plan, "date: 2026-02-19", "date: 2026-05-20")
    assert _findings(pilot, "BV210") == [
        (
            "2026.yaml",
            line_of(text, "date: 2026-04-29"),
            "Telemark fylkeskommune handsamar planen i fylkesutvalet (2026-04-29) før"
            " kommunestyret i Fyresdal kommune (2026-05-20); kommunane vedtek planen før"
            " fylkeskommunen",
        )
    ]


_BUDGET_11 = """    budget:
      2026:
        state_measure_funds: 600000
        own_funds: 100000
      2027:
        state_measure_funds: 300000
"""


def test_a_sub_goal_whose_measures_lack_a_budget_is_not_zero_percent(tmp_path: Path) -> None:
    """Measure 1.1 without a budget yet: BV220 asks for it, and BV207 does not say that
    sub-goal 1 has «0 %» of the funds and sub-goal 2 «100 %», shares nobody knows yet."""
    pilot = copy_minimal(tmp_path)
    edit(pilot / "plans" / "2026.yaml", _BUDGET_11, "")
    assert _findings(pilot, "BV207") == []
    assert [message for _, _, message in _findings(pilot, "BV220")] == [
        "Tiltak 1.1 manglar budsjett for 2026"
    ]


def test_state_funds_written_without_an_amount_are_not_zero_percent(tmp_path: Path) -> None:
    pilot = copy_minimal(tmp_path)
    edit(
        pilot / "plans" / "2026.yaml",
        "        state_measure_funds: 600000\n        own_funds: 100000\n",
        "        state_measure_funds: null\n        own_funds: 100000\n",
    )
    assert _findings(pilot, "BV207") == []


def test_a_sub_goal_budgeted_without_state_funds_is_still_off_its_weight(tmp_path: Path) -> None:
    """A budget that leaves the state funds out gives none: 0 % is then known, and said."""
    pilot = copy_minimal(tmp_path)
    edit(
        pilot / "plans" / "2026.yaml",
        _BUDGET_11,
        "    budget:\n      2026:\n        own_funds: 1\n",
    )
    assert [message for _, _, message in _findings(pilot, "BV207")] == [
        "Delmål 1 har 0\u00a0% av tiltaksmidlane i planen, men vekta er 60\u00a0%",
        "Delmål 2 har 100\u00a0% av tiltaksmidlane i planen, men vekta er 40\u00a0%",
    ]


_MUNICIPALITIES = "".join(
    f"  - id: {pid}\n    name: {name} kommune\n    kind: municipality\n    role: main\n"
    f'    municipality_number: "{number}"\n'
    for pid, name, number in [
        ("bo", "Bø", "4020"),
        ("tinn", "Tinn", "4026"),
        ("seljord", "Seljord", "4022"),
    ]
)


def test_municipalities_missing_from_the_schedule_are_one_error(tmp_path: Path) -> None:
    """Three municipalities joined the pilot, the schedule was copied from last year: one
    error naming the three, where ``schedule`` is, not three errors on the same line."""
    pilot = copy_minimal(tmp_path)
    edit(pilot / "pilot.yaml", "  - id: fylket\n", _MUNICIPALITIES + "  - id: fylket\n")
    text = (pilot / "plans" / "2026.yaml").read_text(encoding="utf-8")
    assert _findings(pilot, "BV209") == [
        (
            "2026.yaml",
            line_of(text, "schedule:"),
            "3 kommunar manglar i den politiske handsaminga (schedule): Bø kommune, Tinn"
            " kommune og Seljord kommune",
        )
    ]


def test_one_municipality_missing_from_the_schedule_is_named_alone(tmp_path: Path) -> None:
    pilot = copy_minimal(tmp_path)
    edit(
        pilot / "pilot.yaml",
        "  - id: fylket\n",
        _MUNICIPALITIES.split("  - id: tinn")[0] + "  - id: fylket\n",
    )
    assert [m for _, _, m in _findings(pilot, "BV209")] == [
        "Bø kommune manglar i den politiske handsaminga (schedule)"
    ]


_MEASURE_21 = """  - id: "2.1"
    sub_goal: 2
    number: 1
    title: Nettverk for næringane
    start_year: 2026
    end_year: 2026
    status: ongoing
    budget:
      2026:
        state_measure_funds: 600000
"""


def _plan_2027(pilot: Path, text: str) -> str:
    """The 2026 plan as 2027's, with ``text`` for its measures of sub-goal 2."""
    plan = (pilot / "plans" / "2026.yaml").read_text(encoding="utf-8")
    plan = plan.replace("\nyear: 2026", "\nyear: 2027").replace(_MEASURE_21, text)
    (pilot / "plans" / "2027.yaml").write_text(plan, encoding="utf-8")
    return plan


def _sub_goal_2_done(tmp_path: Path) -> tuple[Path, str]:
    """Sub-goal 2's only measure closed in 2026, and no measure under it in the plan for
    2027 (returned): a sub-goal the year's update forgot."""
    pilot = copy_minimal(tmp_path)
    text = _plan_2027(pilot, "")
    closed = _MEASURE_21.replace("status: ongoing", "status: closed\n    assessment: Ferdig.")
    edit(pilot / "plans" / "2026.yaml", _MEASURE_21, closed)
    return pilot, text


def test_a_sub_goal_forgotten_in_the_years_plan_is_one_warning(tmp_path: Path) -> None:
    """2.1 closed in 2026 and nothing after it under sub-goal 2 in 2027: one warning, at
    the plan's measures, worded in the pilot's Nynorsk."""
    pilot, text = _sub_goal_2_done(tmp_path)
    found = check(pilot).findings  # not BV207 besides, of the shares this skews
    assert [(f.code, Path(f.file).name, f.line, f.severity.value, f.message) for f in found] == [
        (
            "BV228",
            "2027.yaml",
            line_of(text, "measures:"),
            "warning",
            "Delmål 2 «Fleire arbeidsplassar» har ingen tiltak i handlingsplanen for 2027;"
            " før opp tiltaka under measures (sub_goal: 2), eller sjå over sub_goal på"
            " tiltaka som høyrer til det",
        )
    ]


def test_measures_deleted_instead_of_closed_are_bv302_alone(tmp_path: Path) -> None:
    """2.1 left out of 2027 while open: BV302 says it, and BV228 does not say it again."""
    pilot = copy_minimal(tmp_path)
    _plan_2027(pilot, "")
    assert [f.code for f in check(pilot).findings if f.code in ("BV228", "BV302")] == ["BV302"]


def test_a_first_plan_without_measures_asks_for_none_per_sub_goal(tmp_path: Path) -> None:
    pilot = copy_minimal(tmp_path)
    plan = pilot / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8")
    measures = text[text.index("measures:\n") : text.index("status:\n")]
    edit(plan, measures, "")
    assert _findings(pilot, "BV228") == []


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "Sub-goal 2 «Fleire arbeidsplassar» has no measures in the action plan for 2027"),
        ("nb", "Delmål 2 «Fleire arbeidsplassar» har ingen tiltak i handlingsplanen for 2027"),
    ],
)
def test_the_forgotten_sub_goal_is_worded_in_the_command_lines_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, said: str
) -> None:
    pilot, _ = _sub_goal_2_done(tmp_path)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", language)
    code, output = run_cli("validate", str(pilot), "--format", "json")
    (finding,) = json.loads(output)["findings"]
    assert (code, finding["code"], finding["severity"]) == (0, "BV228", "warning")
    assert finding["message"].startswith(said + ";")


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("nn", "Ukjend part «toke»; meinte du «tokke»?"),
        ("nb", "Ukjent part «toke»; mente du «tokke»?"),
        ("en", "Unknown party «toke»; did you mean «tokke»?"),
    ],
)
def test_a_misspelt_party_is_told_the_id_it_was_meant_to_be(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, said: str
) -> None:
    """«toke» for «tokke» in the schedule: the id to write, not a list of sixteen to search."""
    pilot = copy_minimal(tmp_path)
    edit(
        pilot / "pilot.yaml",
        "  - id: fylket\n",
        _MUNICIPALITIES.replace("bo", "tokke") + "  - id: fylket\n",
    )
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", language)
    text = edit(pilot / "plans" / "2026.yaml", "  - party: kviteseid\n", "  - party: toke\n")
    assert [(line, message) for _, line, message in _findings(pilot, "BV202")] == [
        (line_of(text, "party: toke"), said)
    ]


def test_an_unknown_party_like_none_still_lists_the_parties(tmp_path: Path) -> None:
    pilot = copy_minimal(tmp_path)
    edit(pilot / "plans" / "2026.yaml", "  - party: kviteseid\n", "  - party: statsforvaltaren\n")
    assert [message for _, _, message in _findings(pilot, "BV202")] == [
        "Ukjend part «statsforvaltaren»; kjende partar: fyresdal, kviteseid, fylket, kdd og"
        " husbanken"
    ]


def test_a_title_written_in_quotation_marks_is_quoted_once(tmp_path: Path) -> None:
    """A measure titled «Kompetansesirkel» with its marks (as Vest-Telemark's 1.4 is) and
    dropped without being closed: the message quotes the title once, not ««…»»; a title
    without marks gets them."""
    pilot = copy_minimal(tmp_path)
    _plan_2027(pilot, "")
    edit(pilot / "plans" / "2026.yaml", "title: Nettverk for næringane", "title: «Nettverk»")
    messages = [m for _, _, m in _findings(pilot, "BV302")]
    assert len(messages) == 1
    assert messages[0].startswith("Tiltak 2.1 «Nettverk» står i planen før 2027"), messages
    plain = copy_minimal(tmp_path / "plain")
    _plan_2027(plain, "")
    assert next(m for _, _, m in _findings(plain, "BV302")).startswith(
        "Tiltak 2.1 «Nettverk for næringane» står"
    )
    pilot, _ = _sub_goal_2_done(tmp_path / "done")
    assert next(m for _, _, m in _findings(pilot, "BV228")).startswith(
        "Delmål 2 «Fleire arbeidsplassar» har ingen tiltak"
    )


_NEW_MEASURE = """  - id: "1.2"
    sub_goal: 1
    number: 2
    title: Bustadnettverk
    start_year: 2027
    status: planned
"""


def test_measures_dropped_from_the_next_plan_are_one_error(tmp_path: Path) -> None:
    """The plan for 2027 begun on a blank page, both measures of 2026 left out while open:
    one error naming the two, where ``measures`` is, not two errors on the same line."""
    pilot = copy_minimal(tmp_path)
    plan = (pilot / "plans" / "2026.yaml").read_text(encoding="utf-8")
    old = plan[plan.index("measures:\n") : plan.index("status:\n")]
    text = plan.replace("\nyear: 2026", "\nyear: 2027").replace(old, "measures:\n" + _NEW_MEASURE)
    (pilot / "plans" / "2027.yaml").write_text(text, encoding="utf-8")
    assert _findings(pilot, "BV302") == [
        (
            "2027.yaml",
            line_of(text, "measures:"),
            "2 tiltak står i planen før 2027, men manglar no utan å vere avslutta:"
            " 1.1 «Kartlegging av bustadbehov» og 2.1 «Nettverk for næringane»;"
            " behald dei med status closed og ei vurdering",
        )
    ]


def test_one_measure_dropped_from_the_next_plan_is_named_alone(tmp_path: Path) -> None:
    pilot = copy_minimal(tmp_path)
    _plan_2027(pilot, "")
    assert [m for _, _, m in _findings(pilot, "BV302")] == [
        "Tiltak 2.1 «Nettverk for næringane» står i planen før 2027, men manglar no utan å"
        " vere avslutta; behald det med status closed og ei vurdering"
    ]
