"""``bygdevekst plan new``: next year's plan from the latest one, comments and order kept."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bygdevekst_cli.loader import load_yaml
from bygdevekst_cli.models import ActionPlan
from bygdevekst_cli.models.plan import MeasureStatus
from tests.helpers import REPO, copy_minimal, run_cli


def comments(text: str) -> list[str]:
    """Every comment (full line or end of line) in a YAML text, in order."""
    return [m.group(1).strip() for m in re.finditer(r"(?:^|\s)(#.*)$", text, re.MULTILINE)]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the repository's pilots and schemas."""
    shutil.copytree(REPO / "pilots", tmp_path / "pilots")
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_vest_telemark_2027_carries_every_open_measure_and_validates(repo: Path) -> None:
    folder = repo / "pilots" / "vest-telemark"
    source = (folder / "plans" / "2026.yaml").read_text(encoding="utf-8")
    code, output = run_cli("plan", "new", "vest-telemark", "2027")
    assert code == 0, output
    assert "Skreiv pilots/vest-telemark/plans/2027.yaml frå planen for 2026." in output
    written = (folder / "plans" / "2027.yaml").read_text(encoding="utf-8")
    plan = ActionPlan.model_validate(load_yaml(folder / "plans" / "2027.yaml").data)
    before = ActionPlan.model_validate(load_yaml(folder / "plans" / "2026.yaml").data)
    open_ids = [m.id for m in before.measures if m.status is not MeasureStatus.CLOSED]
    assert plan.year == 2027
    assert [m.id for m in plan.measures] == open_ids
    assert all(m.change_reason is None and m.report is None for m in plan.measures)
    assert not any(m.prioritised for m in plan.measures)
    assert plan.status.activities == [] and plan.status.overall is None and plan.notes == []
    assert all(t.date is None and t.outcome is None for t in plan.schedule)
    assert comments(written) == comments(source)
    assert written.startswith("# yaml-language-server: $schema=../../../schemas/plan.schema.json\n")
    code, output = run_cli("validate", "pilots/vest-telemark")
    assert code == 0, output
    assert not (REPO / "pilots" / "vest-telemark" / "plans" / "2027.yaml").exists()


def test_an_existing_plan_is_never_overwritten(repo: Path) -> None:
    target = repo / "pilots" / "vest-telemark" / "plans" / "2026.yaml"
    before = target.read_bytes()
    code, output = run_cli("plan", "new", "vest-telemark", "2026")
    assert code == 1
    assert output.strip() == (
        "bygdevekst: pilots/vest-telemark/plans/2026.yaml: planen finst allereie;"
        " han blir ikkje skriven over"
    )
    assert target.read_bytes() == before


def test_a_plan_saved_as_yml_is_named_by_its_own_name(repo: Path) -> None:
    """The refusal had named «2027.yaml», a file that is not there, for «2027.yml»."""
    plans = repo / "pilots" / "vest-telemark" / "plans"
    text = (plans / "2026.yaml").read_text(encoding="utf-8").replace("year: 2026", "year: 2027")
    (plans / "2027.yml").write_text(text, encoding="utf-8")
    code, output = run_cli("plan", "new", "vest-telemark", "2027")
    assert (code, output) == (
        1,
        "bygdevekst: pilots/vest-telemark/plans/2027.yml: planen finst allereie;"
        " han blir ikkje skriven over\n",
    )
    assert not (plans / "2027.yaml").exists()


AWKWARD = """\
# yaml-language-server: $schema=../../../../schemas/plan.schema.json
# Planen for 2026
year: 2026  # planåret
# Tiltaka
measures:
  # Første tiltak
  - id: "1.1"  # fast id
    sub_goal: 1
    number: 1
    title: Kartlegging av bustadbehov
    responsible: fyresdal
    partners: [husbanken]
    start_year: 2026
    end_year: 2027
    status: ongoing
    prioritised: true  # berre i 2026
    budget:
      # Budsjett per år
      2026:
        state_measure_funds: 600000  # 2026-midlar
        own_funds: 100000
      # Neste år
      2027:
        state_measure_funds: 300000
      # slutt på budsjettet
    report:
      done: Kartlagt.
      # inne i rapporten
    # før tiltak 2.1
  - id: "2.1"
    sub_goal: 2
    number: 1
    title: Nettverk for næringane
    start_year: 2026
    end_year: 2026
    status: closed
    assessment: Vel gjennomført.
  # etter siste tiltak
# før status
status:
  overall: Året har gått som planlagt.
funding:
  grants:
    - source: state_measure_funds
      year: 2025
      amount: 18000000
      covers_period: true
  carry_over:
    # overføring
    - source: state_measure_funds
      from_year: 2025
      to_year: 2026
      amount: 500000
schedule:
  - party: fyresdal
    body: executive_committee
    date: 2026-01-28  # møtedato
    case_number: 26/10
    outcome: adopted
    # etter utfallet
  - party: fyresdal
    body: municipal_council
    date: 2026-02-19
  - party: kviteseid
    body: municipal_council
  - party: fylket
    body: county_committee
  - party: kdd
    body: kdd
# siste kommentar
"""

AWKWARD_2027 = """\
# yaml-language-server: $schema=../../../../schemas/plan.schema.json
schema_version: 2
# Planen for 2026
year: 2027  # planåret
# Tiltaka
measures:
  # Første tiltak
  - id: "1.1"  # fast id
    sub_goal: 1
    number: 1
    title: Kartlegging av bustadbehov
    responsible: fyresdal
    partners: [husbanken]
    start_year: 2026
    end_year: 2027
    status: ongoing
    budget:
      # Budsjett per år
      # Neste år
      2027:
        state_measure_funds: 300000
      # slutt på budsjettet
    # før tiltak 2.1
  # etter siste tiltak
# før status
funding:
  grants:
    - source: state_measure_funds
      year: 2025
      amount: 18000000
      covers_period: true
  # overføring
schedule:
  - party: fyresdal
    body: executive_committee
    # etter utfallet
  - party: fyresdal
    body: municipal_council
  - party: kviteseid
    body: municipal_council
  - party: fylket
    body: county_committee
  - party: kdd
    body: kdd
# siste kommentar
"""

AWKWARD_2027_KEPT = AWKWARD_2027.replace(
    """      # Budsjett per år
      # Neste år
""",
    """      # Budsjett per år
      2026:
        state_measure_funds: 600000  # 2026-midlar
        own_funds: 100000
      # Neste år
""",
)


@pytest.fixture
def awkward(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    pilot = copy_minimal(tmp_path)
    (pilot / "plans" / "2026.yaml").write_text(AWKWARD, encoding="utf-8")
    return pilot


def test_comments_in_awkward_places_stay_where_they_belong(awkward: Path) -> None:
    code, output = run_cli("plan", "new", str(awkward), "2027")
    assert code == 0, output
    assert "Ført vidare: 1 tiltak (1.1)." in output
    assert "Ikkje ført vidare (avslutta): 2.1." in output
    assert (awkward / "plans" / "2027.yaml").read_text(encoding="utf-8") == AWKWARD_2027
    code, output = run_cli("validate", str(awkward))
    assert code == 0, output


def test_past_budget_years_stay_only_when_asked(awkward: Path) -> None:
    code, _ = run_cli("plan", "new", str(awkward), "2027", "--keep-past-budget")
    assert code == 0
    assert (awkward / "plans" / "2027.yaml").read_text(encoding="utf-8") == AWKWARD_2027_KEPT
    plan = ActionPlan.model_validate(load_yaml(awkward / "plans" / "2027.yaml").data)
    assert list(plan.measures[0].budget) == [2026, 2027]
    assert run_cli("validate", str(awkward))[0] == 0


def test_windows_line_endings_in_last_years_plan(awkward: Path) -> None:
    plan = awkward / "plans" / "2026.yaml"
    plan.write_bytes(b"\xef\xbb\xbf" + AWKWARD.replace("\n", "\r\n").encode("utf-8"))
    assert run_cli("plan", "new", str(awkward), "2027")[0] == 0
    assert (awkward / "plans" / "2027.yaml").read_bytes() == AWKWARD_2027.encode("utf-8")


def test_a_measure_past_its_end_year_is_carried_with_a_warning(awkward: Path) -> None:
    plan = awkward / "plans" / "2026.yaml"
    plan.write_text(AWKWARD.replace("status: closed", "status: ongoing"), encoding="utf-8")
    code, output = run_cli("plan", "new", str(awkward), "2027")
    assert code == 0
    assert "Merk: tiltak 2.1 har end_year før 2027, men er ikkje avslutta" in output


def test_a_year_outside_the_agreement_period_is_refused(awkward: Path) -> None:
    code, output = run_cli("plan", "new", str(awkward), "2031")
    assert code == 1
    assert "2031 er utanfor avtaleperioden 2025–2028" in output
    assert not (awkward / "plans" / "2031.yaml").exists()


def test_an_unknown_pilot_is_a_usage_error(awkward: Path) -> None:
    code, output = run_cli("plan", "new", "finst-ikkje", "2027")
    assert code == 2
    assert "Fant ingen pilot «finst-ikkje»" in output


def test_last_years_plan_with_errors_is_named(awkward: Path) -> None:
    (awkward / "plans" / "2026.yaml").write_text("year: 2026\nmeasures: 3\n", encoding="utf-8")
    code, output = run_cli("plan", "new", str(awkward), "2027")
    assert code == 1
    assert "plans/2026.yaml:2: BV103" in output  # the gate names the first errors
    assert "Traceback" not in output


def test_the_first_plan_lists_every_main_party_in_the_schedule(awkward: Path) -> None:
    (awkward / "plans" / "2026.yaml").unlink()
    code, output = run_cli("plan", "new", str(awkward), "2026")
    assert code == 0, output
    assert "første plan, utan tiltak" in output
    plan = ActionPlan.model_validate(load_yaml(awkward / "plans" / "2026.yaml").data)
    assert [(t.party, t.body.value) for t in plan.schedule] == [
        ("fyresdal", "executive_committee"),
        ("fyresdal", "municipal_council"),
        ("kviteseid", "executive_committee"),
        ("kviteseid", "municipal_council"),
        ("fylket", "county_committee"),
        ("kdd", "kdd"),
    ]
    assert run_cli("validate", str(awkward))[0] == 0


@pytest.mark.parametrize("measures_last", [False, True], ids=["before-status", "end-of-file"])
def test_comments_after_measures_that_all_closed_stand_below_an_empty_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, measures_last: bool
) -> None:
    monkeypatch.chdir(tmp_path)
    pilot = copy_minimal(tmp_path)
    path = pilot / "plans" / "2026.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("status: ongoing", "status: closed\n    assessment: Gjennomført.")
    head, rest = text.split("measures:\n", 1)
    measures, rest = rest.split("status:\n", 1)
    key = "measures:  # Tiltaka\n"
    if measures_last:  # the list last in the file, a comment below it at the end
        text = f"{head}status:\n{rest}{key}{measures}# Tiltak for 2027 kjem her\n"
    else:
        text = f"{head}{key}{measures}  # Tiltak for 2027 kjem her\nstatus:\n{rest}"
    path.write_text(text, encoding="utf-8")

    code, output = run_cli("plan", "new", "pilots/testdalen", "2027")
    assert code == 0, output
    assert "Ikkje ført vidare (avslutta): 1.1, 2.1." in output
    written = (pilot / "plans" / "2027.yaml").read_text(encoding="utf-8")
    below = r"^measures: \[\] +# Tiltaka\n *# Tiltak for 2027 kjem her\n"
    assert re.search(below, written, re.MULTILINE), written
    assert ActionPlan.model_validate(load_yaml(pilot / "plans" / "2027.yaml").data).measures == []
    code, output = run_cli("validate", "pilots/testdalen")
    assert code == 0, output
