"""The case document's economic consequences: sums computed again from the YAML itself."""

from __future__ import annotations

import re
from pathlib import Path

from ruamel.yaml import YAML

from bygdevekst_cli.formatting import kroner
from tests.helpers import copy_minimal, edit, run_cli


def _case(pilot: Path, municipality: str, out: Path) -> str:
    code, output = run_cli(
        "render", "case", str(pilot), "-m", municipality, "-f", "md", "-o", str(out)
    )
    assert code == 0, output
    text = out.read_text(encoding="utf-8")
    return text.split("## Økonomiske konsekvensar")[1].split("\n## ")[0].split("\n---")[0]


def _sums_from_yaml(plan: Path, year: int) -> dict[str, int]:
    data = YAML(typ="safe").load(plan.read_text(encoding="utf-8"))
    sums: dict[str, int] = {}
    for measure in data["measures"]:
        for source, amount in (measure.get("budget", {}).get(year) or {}).items():
            sums[source] = sums.get(source, 0) + amount
    return sums


def test_the_budget_by_source_and_its_sum_match_the_yaml(tmp_path: Path) -> None:
    pilot = copy_minimal(tmp_path)
    plan = pilot / "plans" / "2026.yaml"
    edit(
        plan,
        "        state_measure_funds: 600000\nstatus:",
        "        state_measure_funds: 650000\n        other_grants: 45000\nstatus:",
    )
    section = _case(pilot, "fyresdal", tmp_path / "f.md")
    sums = _sums_from_yaml(plan, 2026)
    rows = dict(re.findall(r"^\| ([^|]+) \| ([^|]+) \|$", section, re.MULTILINE))
    assert rows["Statlege tiltaksmidlar"] == kroner(sums["state_measure_funds"], "nn")
    assert rows["Eigne midlar"] == kroner(sums["own_funds"], "nn")
    assert rows["Andre tilskot"] == kroner(45000, "nn")
    assert rows["Sum"] == kroner(sum(sums.values()), "nn") == kroner(1_395_000, "nn")
    assert f"er på {kroner(1_395_000, 'nn')}" in section
    assert f"budsjetterte til {kroner(100_000, 'nn')}" in section  # 1.1, Fyresdal's
    assert f"{kroner(500_000, 'nn')} i statlege tiltaksmidlar er overført frå 2025" in section
    assert f"Staten har løyvd {kroner(18_000_000, 'nn')}" in section


def test_unknown_figures_are_said_to_be_not_fixed_never_zero(tmp_path: Path) -> None:
    pilot = copy_minimal(tmp_path)
    plan = pilot / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace(
        "    budget:\n      2026:\n        state_measure_funds: 600000\nstatus", "status"
    ).replace("      amount: 500000\n", "")
    plan.write_text(text, encoding="utf-8")
    section = _case(pilot, "kviteseid", tmp_path / "k.md")
    assert "Eitt tiltak har ikkje budsjett for 2026: 2.1 Nettverk for næringane." in section
    assert (
        "Kor mykje statlege tiltaksmidlar som er overført frå 2025 til 2026, er ikkje fastsett."
        in section
    )
    assert " 0 kr" not in section
    assert "Kviteseid kommune er ansvarleg" not in section  # it is responsible for none


def test_a_plan_without_any_budget_says_so_in_one_sentence(tmp_path: Path) -> None:
    pilot = copy_minimal(tmp_path)
    plan = pilot / "plans" / "2026.yaml"
    text = re.sub(r"    budget:\n(      .*\n|        .*\n)+", "", plan.read_text(encoding="utf-8"))
    plan.write_text(text, encoding="utf-8")
    section = _case(pilot, "fyresdal", tmp_path / "f.md")
    assert "Handlingsplanen har ikkje budsjett per tiltak for 2026" in section
    assert "| Sum |" not in section
    assert "Eigne midlar i tiltak der Fyresdal kommune er ansvarleg, er ikkje fastsette" in section
