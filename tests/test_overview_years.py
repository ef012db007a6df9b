"""The ministry's overview compared year by year, and the inputs nobody tried before.

The ten repositories of ``test_overview_ministry`` (built once here as well): each plan
year's adopted budgets summed across pilots, naming the pilots without a plan for the year
(unknown, never 0) and those whose plan is not adopted; the git the tool runs is the one
``GIT_PYTHON_GIT_EXECUTABLE`` names; ``init --pages`` writes the site's workflow filled in.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bygdevekst_cli import repository
from bygdevekst_cli.present.overview import KRONER_FORMAT
from bygdevekst_cli.repository import InstallSource
from tests.gitrepo import commit, init_repo
from tests.helpers import run_cli
from tests.test_overview_many import overview_json, run
from tests.test_overview_ministry import build_ten

SCRIPT = Path(sys.executable).parent / "bygdevekst"


@pytest.fixture(scope="module")
def ten(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    base = tmp_path_factory.mktemp("years")
    return base, build_ten(base)


@pytest.fixture
def in_ten(ten: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(ten[0])
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nb")
    return ten[1]


# ------------------------------------------------------------------- per plan year

#: Every pilot's plan for 2026, adopted by all its parties: Vest-Telemark, Loppa,
#: Sør-Helgeland (its 2026 plan, not its rejected 2027 one), Alfa, Beta, the older format
#: and the working tree's 999 000.
ADOPTED_2026 = 950_000 + 1_000_000 + 700_000 + 150_000 + 50_000 + 200_000 + 999_000


def test_each_plan_years_adopted_budgets_are_summed_across_pilots(in_ten: list[str]) -> None:
    """Not only the latest plans: Sør-Helgeland's adopted 2026 plan counts for 2026 though
    its latest (2027) was rejected; a year without a plan is named, never summed as 0."""
    result, data = overview_json(*in_ten)
    assert result.exit_code == 1  # the broken plan and the copy, as before
    by_year = data["totals"]["budget_by_plan_year"]
    assert by_year == {
        "2026": {
            "by_source": {
                "operating_grant": 250_000,
                "state_measure_funds": 600_000 + 1_000_000 + 700_000 + 200_000 + 999_000,
                "project_management_grant": 150_000,
                "own_funds": 100_000 + 50_000,
            },
            "total": ADOPTED_2026,
            "unknown": 0,
            "adopted": ["alfa", "beta", "gamal", "helgeland", "loppa", "usikra", "vest"],
            "not_adopted": {},
            "without_plan": ["innlandet", "varanger"],
        },
        "2027": {
            "by_source": {},
            "total": None,
            "unknown": 0,
            "adopted": [],
            "not_adopted": {"helgeland": "rejected", "varanger": "awaiting"},
            "without_plan": ["alfa", "beta", "gamal", "innlandet", "loppa", "usikra", "vest"],
        },
    }
    # the latest plans' totals (the contract's keys) are as they were
    assert data["totals"]["budget"]["2026"]["total"] == ADOPTED_2026 - 700_000
    assert set(data["totals"]) >= {"budget", "budget_not_adopted", "budget_rejected", "grants"}


def test_each_years_sum_adds_up_from_the_pilots_own_plans(in_ten: list[str]) -> None:
    """Every pilot's JSON lists its plans by year (where each stands, its budget): the
    year's sums are theirs, and every pilot is in exactly one of the year's three lists."""
    _, data = overview_json(*in_ten)
    pilots = {p["id"]: p["plans"] for p in data["pilots"]}
    assert pilots["helgeland"] == {
        "2026": {"plan_status": "adopted", "budget": budget(2026, 700_000)},
        "2027": {"plan_status": "rejected", "budget": budget(2027, 800_000)},
    }
    assert pilots["innlandet"] == {}
    for year, entry in data["totals"]["budget_by_plan_year"].items():
        having = {pid for pid, plans in pilots.items() if year in plans}
        assert set(entry["adopted"]) | set(entry["not_adopted"]) == having
        assert set(entry["without_plan"]) == set(pilots) - having
        assert not set(entry["adopted"]) & set(entry["not_adopted"])
        summed = [pilots[pid][year]["budget"]["total"] for pid in entry["adopted"]]
        known = [total for total in summed if total is not None]
        assert entry["total"] == (sum(known) if known else None)
        for pid, status in entry["not_adopted"].items():
            assert pilots[pid][year]["plan_status"] == status != "adopted"


def budget(year: int, state_measure_funds: int) -> dict[str, object]:
    """A plan's budget of one source, as the JSON gives it."""
    return {
        "year": year,
        "by_source": {"state_measure_funds": state_measure_funds},
        "total": state_measure_funds,
        "unknown": 0,
    }


def test_the_documents_say_which_pilots_each_years_sum_leaves_out(
    in_ten: list[str], tmp_path: Path
) -> None:
    lines = [
        "Budsjett per planår i vedtatte planer: 2026 (7 piloter): 4 049 000 kr i kjente beløp;"
        " ingen plan for 2026: Innlandet og Varanger (ukjent, ikke regnet som 0)",
        "Budsjett per planår i vedtatte planer: 2027: ingen plan er vedtatt av alle partene;"
        " ikke vedtatt og holdt utenfor summen: Sør-Helgeland (forkastet) og Varanger (venter"
        " på vedtak); ingen plan for 2027: Alfa, Beta, Gamalt format, Innlandet, Loppa, Usikra"
        " og Vest-Telemark (ukjent, ikke regnet som 0)",
    ]
    text = spaced(run("overview", *in_ten).stdout)
    assert all(f"\n  {line}\n" in text for line in lines)
    run("overview", "-o", str(tmp_path / "o.md"), *in_ten)
    markdown = spaced((tmp_path / "o.md").read_text(encoding="utf-8"))
    assert all(f"\n- {line}\n" in markdown for line in lines)
    run("overview", "-o", str(tmp_path / "o.html"), *in_ten)
    page = spaced((tmp_path / "o.html").read_text(encoding="utf-8"))
    assert all(f"<li>{line}</li>" in page for line in lines)


def spaced(text: str) -> str:
    """``text`` with its no-break spaces (between digits and «kr») as plain ones."""
    return text.replace("\u00a0", " ")


def test_an_older_plan_whose_file_names_another_year_is_not_summed_as_its(
    in_ten: list[str], tmp_path: Path
) -> None:
    """Sør-Helgeland's 2026.yaml says ``year: 2025`` (BV212, last year's copied): which
    year its budget is for is not known, so 2026's sum leaves it out and names the pilot
    among those without a plan; its latest plan (2027) is read as before."""
    copy = tmp_path / "r05"
    shutil.copytree(Path("r05").resolve(), copy)
    plan = copy / "pilots" / "helgeland" / "plans" / "2026.yaml"
    plan.write_text(plan.read_text("utf-8").replace("year: 2026\n", "year: 2025\n"), "utf-8")
    _, data = overview_json("r01", str(copy))
    assert [p["id"] for p in data["pilots"]] == ["vest", "helgeland"]
    assert data["pilots"][1]["findings"]["errors"] > 0  # BV212 says why
    by_year = data["totals"]["budget_by_plan_year"]
    assert by_year["2026"]["total"] == 950_000  # Vest-Telemark's only
    assert by_year["2026"]["without_plan"] == ["helgeland"]
    assert by_year["2027"]["not_adopted"] == {"helgeland": "rejected"}


def test_the_workbook_has_a_sheet_of_each_plan_years_budgets(
    in_ten: list[str], tmp_path: Path
) -> None:
    run("overview", "-o", str(tmp_path / "o.xlsx"), *in_ten)
    sheet = load_workbook(tmp_path / "o.xlsx")["Budsjett per planår"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Planår" and rows[0][-3:] == (
        "Piloter med vedtatt plan",
        "Plan ikke vedtatt",
        "Uten plan for året",
    )
    assert [row[0] for row in rows[1:]] == [2026, 2027]
    assert rows[1][6] == ADOPTED_2026 and sheet.cell(2, 7).number_format == KRONER_FORMAT
    assert rows[1][-1] == "Innlandet og Varanger"
    assert rows[2][6] is None  # no adopted plan: unknown, not 0
    assert rows[2][-2] == "Sør-Helgeland (forkastet) og Varanger (venter på vedtak)"


def test_two_pilots_of_one_name_are_told_apart_by_id(in_ten: list[str], tmp_path: Path) -> None:
    """A fork of Vest-Telemark under an id of its own, without a 2027 plan like its original:
    «Vest-Telemark og Vest-Telemark» would not say which."""
    fork = tmp_path / "fork"
    repo = init_repo(fork)
    shutil.copytree(Path(in_ten[0]).resolve() / "pilots", fork / "pilots")
    pilot = fork / "pilots" / "vest" / "pilot.yaml"
    pilot.write_text(pilot.read_text("utf-8").replace("id: vest\n", "id: vest-2\n"), "utf-8")
    commit(repo, "kopi")
    text = spaced(run("overview", "r01", str(fork), "r05").stdout)
    assert "ingen plan for 2027: Vest-Telemark (vest) og Vest-Telemark (vest-2)" in text


def test_a_pilots_name_in_the_totals_stays_text_in_markdown(
    in_ten: list[str], tmp_path: Path
) -> None:
    """The totals named no pilot before; a name with Markdown's marks in it must show as
    written, not as emphasis, a link or HTML."""
    copy = tmp_path / "r03"
    shutil.copytree(Path("r03").resolve(), copy)
    pilot = copy / "pilots" / "innlandet" / "pilot.yaml"
    odd = 'name: "Inn_landet *ny* <b>[x](y)"\n'
    pilot.write_text(pilot.read_text("utf-8").replace("name: Innlandet\n", odd), "utf-8")
    run("overview", "-o", str(tmp_path / "o.md"), "r01", str(copy))
    markdown = spaced((tmp_path / "o.md").read_text(encoding="utf-8"))
    assert "ingen plan for 2026: Inn\\_landet \\*ny\\* \\<b\\>\\[x\\](y) (ukjent" in markdown


def test_pilots_with_plans_of_one_same_year_get_no_second_line(in_ten: list[str]) -> None:
    """Two pilots, each with an adopted 2026 plan only: the latest plans' line says it all."""
    text = run("overview", "r01", "r02").stdout
    assert "per planår" not in text
    _, data = overview_json("r01", "r02")
    assert data["totals"]["budget_by_plan_year"]["2026"]["without_plan"] == []


# ----------------------------------------------------------------------- the git run


def test_every_git_the_overview_runs_is_the_one_gitpython_is_told_to(
    in_ten: list[str], tmp_path: Path
) -> None:
    """No git on PATH, only ``GIT_PYTHON_GIT_EXECUTABLE``: the working tree's commit
    (``git status``) and the clone of a URL both go through it."""
    log = tmp_path / "git.log"
    wrapper = tmp_path / "bin" / "git-of-the-office"
    wrapper.parent.mkdir()
    wrapper.write_text(
        f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{shutil.which("git")}" "$@"\n', encoding="utf-8"
    )
    wrapper.chmod(0o755)
    (tmp_path / "empty").mkdir()
    environment = {
        **os.environ,
        "PATH": str(tmp_path / "empty"),
        "GIT_PYTHON_GIT_EXECUTABLE": str(wrapper),
    }
    done = subprocess.run(
        [str(SCRIPT), "overview", "-f", "json", "r01", in_ten[-1]],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert [p["id"] for p in data["pilots"]] == ["vest", "loppa"]
    assert all(p["source"]["commit"] for p in data["pilots"])
    ran = log.read_text(encoding="utf-8")
    assert "clone --bare" in ran and "status --porcelain=v2" in ran


# ---------------------------------------------------------------------- init --pages


@pytest.mark.parametrize(
    ("choice", "target"),
    [("github", ".github/workflows/pages.yml"), ("gitlab", "ci/pages.gitlab-ci.yml")],
)
def test_init_writes_the_sites_workflow_naming_the_tools_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, choice: str, target: str
) -> None:
    """The template of ``ci/pages`` names a placeholder (``github.com/ORG``): the workflow
    ``init --pages`` writes installs from the repository the tool came from instead."""
    url = "https://git.example.org/vest-telemark/bygdevekst.git"
    monkeypatch.setattr(repository, "install_source", lambda: InstallSource(url, url))
    init_repo(tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    code, output = run_cli("init", "ny", "--name", "Ny", "--lang", "nb", "--pages", choice)
    assert code == 0, output
    workflow = (tmp_path / "repo" / target).read_text(encoding="utf-8")
    assert "ORG" not in workflow
    assert f"BYGDEVEKST_SOURCE: git+{url}\n" in workflow
    assert "bygdevekst site pilots --output public" in workflow
    if choice == "gitlab":  # included from the root file GitLab reads
        root = (tmp_path / "repo" / ".gitlab-ci.yml").read_text(encoding="utf-8")
        assert root.endswith("include:\n  - local: ci/pages.gitlab-ci.yml\n")


def test_init_without_a_known_repository_says_to_fill_in_the_sites_workflow(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(repository, "install_source", lambda: InstallSource(None, ""))
    init_repo(tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    code, output = run_cli(
        "init", "ny", "--name", "Ny", "--lang", "nn", "--ci", "gitlab", "--pages", "gitlab"
    )
    assert code == 0, output
    assert "ci/bygdevekst.gitlab-ci.yml, ci/pages.gitlab-ci.yml (BYGDEVEKST_SOURCE" in output
    root = (tmp_path / "repo" / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert root == (
        "# CI for pilotane: jobbane står i ci/bygdevekst.gitlab-ci.yml og ci/pages.gitlab-ci.yml.\n"
        "include:\n  - local: ci/bygdevekst.gitlab-ci.yml\n  - local: ci/pages.gitlab-ci.yml\n"
    )
