"""The warnings audit: one fact repeated per measure, meeting or year is one finding.

A secretariat that sees sixty warnings on its adopted data stops reading them. These tests
edit the valid minimal pilot (no findings at all) and the bundled Vest-Telemark pilot, and
check that a rule reports a repeated fact once, with its count, where it is filled in, and
that a single occurrence is still reported as before, on its own line.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from tests.helpers import REPO, check, copy_minimal, edit, line_of, run_cli

PLAN = "plans/2026.yaml"


@pytest.fixture(autouse=True)
def pilot_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in the pilots' own standard (Nynorsk), whatever the machine's locale."""
    monkeypatch.delenv("BYGDEVEKST_LANGUAGE", raising=False)
    monkeypatch.setenv("BYGDEVEKST_NO_CACHE", "1")


def findings_of(pilot: Path, *only: str) -> list[tuple[str, str, int | None, str]]:
    """``(code, file name, line, message)`` of every finding of ``pilot`` (of the codes
    ``only``, when given), sorted."""
    report = check(pilot)
    found = [(f.code, Path(f.file).name, f.line, f.message) for f in report.findings]
    return sorted(f for f in found if not only or f[0] in only)


def test_budgets_missing_for_several_measures_are_one_finding(tmp_path: Path) -> None:
    pilot = copy_minimal(tmp_path)
    edit(
        pilot / PLAN,
        "    budget:\n      2026:\n        state_measure_funds: 600000\n"
        "        own_funds: 100000\n",
        "    budget:\n",
    )
    edit(
        pilot / PLAN,
        "    budget:\n      2026:\n        state_measure_funds: 600000\nstatus:",
        "status:",
    )
    text = (pilot / PLAN).read_text(encoding="utf-8")
    assert findings_of(pilot, "BV220") == [
        (
            "BV220",
            "2026.yaml",
            line_of(text, "measures:"),
            "2 tiltak manglar budsjett for 2026: 1.1 og 2.1;"
            " fyll inn budget for 2026 på kvart tiltak",
        )
    ]


def test_one_budget_missing_stays_on_its_measure(tmp_path: Path) -> None:
    pilot = copy_minimal(tmp_path)
    text = edit(
        pilot / PLAN,
        "    budget:\n      2026:\n        state_measure_funds: 600000\nstatus:",
        "status:",
    )
    assert findings_of(pilot, "BV220") == [
        ("BV220", "2026.yaml", line_of(text, '- id: "2.1"'), "Tiltak 2.1 manglar budsjett for 2026")
    ]


def _plan_2025(pilot: Path, *edits: tuple[str, str]) -> None:
    """plans/2025.yaml: the 2026 plan as 2025's (same measures), with ``edits``."""
    text = (pilot / PLAN).read_text(encoding="utf-8").replace("year: 2026", "year: 2025", 1)
    for old, new in edits:
        assert text.count(old) == 1
        text = text.replace(old, new)
    (pilot / "plans" / "2025.yaml").write_text(text, encoding="utf-8")


def test_a_measure_period_is_reported_once_in_the_latest_plan(tmp_path: Path) -> None:
    pilot = copy_minimal(tmp_path)
    text = edit(pilot / PLAN, "    end_year: 2026\n", "")
    _plan_2025(pilot)  # the same measure, without end_year, in both years
    found = [f for f in findings_of(pilot) if f[0] == "BV221"]
    assert found == [
        ("BV221", "2026.yaml", line_of(text, '- id: "2.1"'), "Tiltak 2.1 manglar end_year")
    ]


def test_a_period_given_in_the_latest_plan_is_not_reported_for_an_earlier_one(
    tmp_path: Path,
) -> None:
    pilot = copy_minimal(tmp_path)
    _plan_2025(pilot, ("    end_year: 2026\n", ""))  # filled in by 2026
    assert [f for f in findings_of(pilot) if f[0] == "BV221"] == []


def test_meetings_without_outcome_or_case_number_are_one_finding_each(tmp_path: Path) -> None:
    pilot = copy_minimal(tmp_path)
    edit(pilot / PLAN, "    case_number: 26/7\n", "")
    edit(pilot / PLAN, "    case_number: 26/40\n", "")
    edit(pilot / PLAN, "26/10\n    outcome: adopted\n", "26/10\n")
    text = edit(pilot / PLAN, "26/11\n    outcome: adopted\n", "26/11\n")
    line = line_of(text, "schedule:")
    assert findings_of(pilot) == [
        (
            "BV223",
            "2026.yaml",
            line,
            "2 møte i 2026 er haldne, men utfallet (outcome) manglar: Fyresdal kommune;"
            " før inn vedtaket for kvart møte",
        ),
        (
            "BV224",
            "2026.yaml",
            line,
            "2 vedtak i 2026 manglar saksnummer: Kviteseid kommune og Telemark fylkeskommune;"
            " før inn case_number frå arkivet",
        ),
    ]


def test_municipalities_without_case_data_are_one_finding(tmp_path: Path) -> None:
    pilot = copy_minimal(tmp_path)
    for name in ("Kari", "Ola"):
        block = (
            "    case_document:\n      chief_executive_title: Kommunedirektør\n"
            f"      chief_executive_name: {name} Nordmann\n"
        )
        text = edit(pilot / "pilot.yaml", block, "")
    found = [f for f in findings_of(pilot) if f[0] == "BV222"]
    assert len(found) == 1
    assert found[0][2] == line_of(text, "parties:")
    assert found[0][3].startswith("2 kommunar manglar case_document")


def test_bundled_pilots_report_each_repeated_fact_once(tmp_path: Path) -> None:
    """The bundled Vest-Telemark pilot: every plan lacks all its budgets, case numbers and
    outcomes (the case document gives none), which is one finding per plan, not 68."""
    target = tmp_path / "pilots" / "vest-telemark"
    shutil.copytree(REPO / "pilots" / "vest-telemark", target)
    code, output = run_cli("validate", "-f", "json", str(target))
    assert code == 0
    found = json.loads(output)["findings"]
    per_file = Counter((f["code"], Path(f["file"]).name) for f in found)
    assert per_file[("BV224", "2025.yaml")] == 1
    assert per_file[("BV223", "2026.yaml")] == 1
    assert per_file[("BV220", "2025.yaml")] == per_file[("BV220", "2026.yaml")] == 1
    assert per_file[("BV221", "2026.yaml")] == 1 and per_file[("BV221", "2025.yaml")] == 0
    assert per_file[("BV222", "pilot.yaml")] == 1
    case_numbers = next(f for f in found if f["code"] == "BV224")
    assert case_numbers["message"].startswith(
        "13 vedtak i 2025 manglar saksnummer: Fyresdal kommune"
    )


@pytest.mark.parametrize(
    ("code", "removed"),
    [
        ("BV251", "  recommendation:\n    - Handlingsplanen for 2026 blir vedteken.\n"),
        ("BV252", "  conclusion: Handlingsplanen byggjer vidare på arbeidet som er starta.\n"),
    ],
)
@pytest.mark.parametrize(
    ("outcome", "reported"),
    [("adopted", False), ("adopted_with_changes", False), ("rejected", True), ("noted", True)],
)
def test_case_text_is_asked_for_only_until_kdd_approves_the_plan(
    tmp_path: Path, code: str, removed: str, outcome: str, reported: bool
) -> None:
    """A past year's plan that KDD has approved goes to no council: its case document is not
    made any more, and its missing innstilling or conclusion is nothing to act on. One KDD
    has not approved (rejected, only noted) is still on its way."""
    pilot = copy_minimal(tmp_path)
    edit(pilot / PLAN, removed, "")
    text = edit(pilot / PLAN, "26/900\n    outcome: adopted\n", f"26/900\n    outcome: {outcome}\n")
    expected = [(code, "2026.yaml", line_of(text, "case:"))] if reported else []
    assert [f[:3] for f in findings_of(pilot, code)] == expected


def _bokmaal_in_agreement(pilot: Path) -> str:
    """Two texts of the minimal pilot's (Nynorsk) agreement with a Bokmål word each."""
    agreement = pilot / "agreement.yaml"
    edit(agreement, "Samarbeidspartane skal utvikle", "Kommunene skal utvikle")
    return edit(agreement, "Partane skal utforske", "Partane skal utforske bygdevekstavtaler og")


def test_bokmaal_words_of_a_signed_agreement_are_one_finding(tmp_path: Path) -> None:
    pilot = copy_minimal(tmp_path)
    text = _bokmaal_in_agreement(pilot)
    assert findings_of(pilot, "BV211") == [
        (
            "BV211",
            "agreement.yaml",
            line_of(text, "Kommunene skal utvikle"),
            "2 tekstar i den vedtekne avtala har ord på bokmål: «Kommunene» (nynorsk:"
            " «kommunane») og «bygdevekstavtaler» (nynorsk: «bygdevekstavtalar»); står dei"
            " slik i originalen, før dei opp under language_exceptions i pilot.yaml",
        )
    ]


@pytest.mark.parametrize("state", ["draft", "submitted", "agreed"])
def test_bokmaal_words_of_an_agreement_still_in_draft_are_reported_per_text(
    tmp_path: Path, state: str
) -> None:
    """A draft's words can still be corrected where they stand: one finding per text."""
    pilot = copy_minimal(tmp_path)
    edit(pilot / "pilot.yaml", "  state: signed\n", f"  state: {state}\n")
    text = _bokmaal_in_agreement(pilot)
    found = findings_of(pilot, "BV211")
    assert [f[2] for f in found] == [
        line_of(text, "Kommunene skal utvikle"),
        line_of(text, "bygdevekstavtaler og"),
    ]
    assert found[0][3] == "Ord på bokmål i teksten: «Kommunene» (nynorsk: «kommunane»)"


def test_bokmaal_words_in_a_plan_of_a_signed_agreement_are_reported_per_text(
    tmp_path: Path,
) -> None:
    """Only the signed agreement's own text is fixed; a plan is the secretariat's to word."""
    pilot = copy_minimal(tmp_path)
    edit(pilot / PLAN, "text: Arbeidet er i gang.", "text: Kommunene har starta.")
    text = edit(pilot / PLAN, "overall: Året har gått", "overall: Kommunene meiner året har gått")
    assert [f[2] for f in findings_of(pilot, "BV211")] == [
        line_of(text, "text: Kommunene"),
        line_of(text, "overall: Kommunene"),
    ]


@pytest.mark.parametrize(("status", "reported"), [("proposed", False), ("planned", True)])
def test_a_proposed_theme_needs_no_period_yet(tmp_path: Path, status: str, reported: bool) -> None:
    """A theme not yet adopted as a measure needs no budget (BV220) and no period either."""
    pilot = copy_minimal(tmp_path)
    text = edit(
        pilot / PLAN,
        "    start_year: 2026\n    end_year: 2026\n    status: ongoing\n"
        "    budget:\n      2026:\n        state_measure_funds: 600000\n",
        f"    status: {status}\n",
    )
    line = line_of(text, '- id: "2.1"')
    expected = [(code, "2026.yaml", line) for code in ("BV220", "BV221")] if reported else []
    assert [f[:3] for f in findings_of(pilot, "BV220", "BV221")] == expected


def _case_numbers_left_out(pilot: Path) -> str:
    """Three decisions of the minimal pilot's plan without their case numbers."""
    for number in ("26/7", "26/40", "26/900"):
        text = edit(pilot / PLAN, f"    case_number: {number}\n", "")
    return text


@pytest.mark.parametrize(
    ("suppressed", "expected"),
    [
        # the other two still fold into one finding, at the schedule
        (
            ("kviteseid",),
            [
                (
                    "schedule:",
                    "2 vedtak i 2026 manglar saksnummer: Telemark fylkeskommune og"
                    " Kommunal- og distriktsdepartementet;",
                )
            ],
        ),
        # the one left is reported as before, on its own line
        (
            ("kviteseid", "fylket"),
            [
                (
                    "- party: kdd",
                    "Vedtaket i KDD manglar saksnummer",
                )
            ],
        ),
        (("kviteseid", "fylket", "kdd"), []),
    ],
)
def test_a_suppressed_decision_stays_suppressed_when_the_rest_are_folded(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    suppressed: tuple[str, ...],
    expected: list[tuple[str, str]],
) -> None:
    """``# bygdevekst: ignore[BV224]`` on a meeting's line (docs/configuration.md) drops that
    meeting's finding and counts as used (no BV090), however many others are folded."""
    pilot = copy_minimal(tmp_path)
    _case_numbers_left_out(pilot)
    for party in suppressed:
        text = edit(
            pilot / PLAN,
            f"  - party: {party}\n",
            f"  - party: {party}  # bygdevekst: ignore[BV224]\n",
        )
    monkeypatch.chdir(tmp_path)
    code, output = run_cli("validate", "-f", "json", "pilots/testdalen")
    assert code == 0
    found = [(f["code"], f["line"], f["message"]) for f in json.loads(output)["findings"]]
    assert [(c, line) for c, line, _ in found] == [
        ("BV224", line_of(text, anchor)) for anchor, _ in expected
    ]
    assert all(m.startswith(start) for (_, _, m), (_, start) in zip(found, expected, strict=True))


def test_a_suppressed_word_of_a_signed_agreement_stays_suppressed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ``# bygdevekst: ignore[BV211]`` comment on one of the texts drops that text's
    finding and counts as used; the other text is reported on its own, as before."""
    pilot = copy_minimal(tmp_path)
    text = _bokmaal_in_agreement(pilot)
    old = "    text: Kommunene skal utvikle ein handlingsplan.\n"
    text = edit(pilot / "agreement.yaml", old, old.rstrip("\n") + "  # bygdevekst: ignore[BV211]\n")
    monkeypatch.chdir(tmp_path)
    code, output = run_cli("validate", "-f", "json", "pilots/testdalen")
    assert code == 0
    found = [(f["code"], f["line"], f["message"]) for f in json.loads(output)["findings"]]
    assert found == [
        (
            "BV211",
            line_of(text, "bygdevekstavtaler og"),
            "Ord på bokmål i teksten: «bygdevekstavtaler» (nynorsk: «bygdevekstavtalar»)",
        )
    ]


@pytest.mark.parametrize(
    ("date", "reported"),
    [("2026-12-15", True), ("2027-06-15", True), ("2026-11-22", False), ("2026-06-15", False)],
)
def test_an_outcome_for_a_meeting_not_yet_held_is_reported(
    tmp_path: Path, date: str, reported: bool
) -> None:
    """KDD's approval recorded for a date after today (the tests' today: 2026-11-22): a
    mistyped date or an outcome written in before the vote. On the day itself it may be
    recorded."""
    pilot = copy_minimal(tmp_path)
    text = edit(pilot / PLAN, "    date: 2026-06-15\n", f"    date: {date}\n")
    expected = (
        [
            (
                "BV223",
                "2026.yaml",
                line_of(text, "outcome: adopted", occurrence=5),
                "KDD har utfall (outcome), men møtet"
                f" {date} er ikkje halde enno; rett datoen eller ta bort utfallet",
            )
        ]
        if reported
        else []
    )
    assert findings_of(pilot, "BV223") == expected
