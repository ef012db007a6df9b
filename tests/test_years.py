"""Across plan years: a new plan may leave past budget years out without that being a change,
and the funds allocated over the period count each past year as its own plan budgeted it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bygdevekst_cli.diff import Kind, diff_years
from bygdevekst_cli.findings import Finding
from bygdevekst_cli.pilotset import read_pilot
from bygdevekst_cli.rules import years
from bygdevekst_cli.validate import validate_paths
from tests.helpers import TODAY, check, copy_minimal, edit

REPO = Path(__file__).resolve().parent.parent
GENERATED = ("--pilots", "3", "--years", "3", "--measures", "9")

PLAN = "plans/2026.yaml"
STARTS_2025 = (
    "    start_year: 2026\n    end_year: 2027",
    "    start_year: 2025\n    end_year: 2027",
)
BUDGET_2026 = "      2026:\n        state_measure_funds: 600000\n        own_funds: 100000"


def two_years(tmp_path: Path, funds_2025: int) -> Path:
    """Plans 2025 and 2026; measure 1.1 ran in 2025 too, and the 2026 plan leaves 2025 out."""
    pilot = copy_minimal(tmp_path)
    edit(pilot / PLAN, *STARTS_2025)
    text = (pilot / PLAN).read_text(encoding="utf-8").replace("\nyear: 2026", "\nyear: 2025")
    past = f"      2025:\n        state_measure_funds: {funds_2025}\n"
    (pilot / "plans/2025.yaml").write_text(
        text.replace(BUDGET_2026, past + BUDGET_2026), encoding="utf-8"
    )
    return pilot


def test_a_past_budget_year_left_out_of_the_new_plan_is_not_a_change(tmp_path: Path) -> None:
    pilot = two_years(tmp_path, 9_000_000)
    diff = diff_years(read_pilot(pilot, "testdalen"), 2025, 2026)
    assert {m.id: m.kind for m in diff.measures} == {"1.1": Kind.UNCHANGED, "2.1": Kind.UNCHANGED}
    assert [f.code for f in check(pilot).findings if f.code.startswith("BV3")] == []


def test_a_changed_future_budget_year_still_is(tmp_path: Path) -> None:
    pilot = two_years(tmp_path, 9_000_000)
    edit(pilot / PLAN, "state_measure_funds: 300000", "state_measure_funds: 350000")
    (measure,) = diff_years(read_pilot(pilot, "testdalen"), 2025, 2026).changed
    assert [(f.path, f.old, f.new) for f in measure.fields] == [
        ("budget.2027.state_measure_funds", 300_000, 350_000)
    ]


def test_funds_allocated_in_past_plans_count_against_the_grant(tmp_path: Path) -> None:
    within = two_years(tmp_path / "a", 16_500_000)  # 16.5 + 1.5 mill. = the 18 mill. granted
    assert "BV206" not in {f.code for f in check(within).findings}
    over = two_years(tmp_path / "b", 16_500_001)
    exceeded = [f for f in check(over).findings if f.code == "BV206"]
    assert {Path(f.file).name for f in exceeded} == {"2025.yaml", "2026.yaml"}
    assert "18 000 001" in next(
        f for f in exceeded if f.file.endswith("2026.yaml")
    ).message.replace("\u00a0", " ")


def _generated_with_edits(tmp_path: Path) -> Path:
    """Generated pilots whose plans change measures with and without this year's reason:
    one pilot's 2026 plan without its reasons and with budgets changed, another's 2027 plan
    a copy of its 2026 plan (the same reasons: stale) with budgets changed, budgets changed
    in a third."""
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "generate.py"), str(tmp_path), *GENERATED],
        check=True,
        capture_output=True,
    )
    pilots = tmp_path / "pilots"
    first = pilots / "bench-001" / "plans" / "2026.yaml"
    first.write_text(
        "".join(
            line
            for line in first.read_text(encoding="utf-8").splitlines(keepends=True)
            if "change_reason:" not in line
        ).replace("own_funds: ", "own_funds: 2", 3),
        encoding="utf-8",
    )
    second = pilots / "bench-002" / "plans"
    text = (second / "2026.yaml").read_text(encoding="utf-8").replace("year: 2026", "year: 2027")
    (second / "2027.yaml").write_text(text.replace("own_funds: ", "own_funds: 3"), "utf-8")
    third = pilots / "bench-003" / "plans" / "2027.yaml"
    text = third.read_text(encoding="utf-8")
    third.write_text(text.replace("own_funds: ", "own_funds: 1", 4), encoding="utf-8")
    return pilots


def test_bv301_without_a_diff_where_none_can_find_anything_finds_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rule skips the diff of a measure that gives its own reason or is closed this
    year; with every measure diffed it reports exactly the same."""
    pilots = _generated_with_edits(tmp_path)

    def bv301() -> list[Finding]:
        report = validate_paths([pilots], cwd=tmp_path, today=TODAY, use_cache=False)
        return [f for f in report.findings if f.code == "BV301"]

    quick = bv301()
    monkeypatch.setattr(years, "_may_lack_reason", lambda old, new: True)
    every = bv301()
    assert quick == every
    stale = [f for f in every if f.file.endswith("bench-002/plans/2027.yaml")]  # the copy
    assert len(every) > len(stale) > 3
