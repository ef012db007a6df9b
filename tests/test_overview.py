"""``bygdevekst overview`` on real git repositories: by path, by ``repo@ref`` and by
``file://`` URL, at two revisions and at a date; every contract field checked, the sums
checked against the YAML itself, and csv, xlsx and md checked against the JSON."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import git
import pytest
from ruamel.yaml import YAML

from bygdevekst_cli.charts import Series, stacked_bars
from bygdevekst_cli.commands.overview import FORMATS
from bygdevekst_cli.present.overview import COLUMNS, OVERVIEW_FORMATS, PLAN_COLUMNS
from tests.axe import axe_violations, needs_axe
from tests.gitrepo import commit, init_repo, pilot_repo, the_three_changes
from tests.helpers import MINIMAL, REPO, copy_minimal, edit, invoke, run_cli

PLAN = "pilots/testdalen/plans/2026.yaml"

UNBUDGETED = """  - id: "1.3"
    sub_goal: 1
    number: 3
    title: Møteplass for tilflyttarar
    start_year: 2026
    end_year: 2027
    status: planned
  - id: "2.1"
"""

ONE_YEAR_GRANT = """    - source: project_management_grant
      year: 2026
      amount: 1000000
  carry_over:"""


def _first_repo(path: Path) -> tuple[git.Repo, str, str]:
    """testdalen: revision 1 with an unbudgeted measure and a one-year grant; revision 2
    adds 1.2 (own funds 50 000), raises 2.1 to 700 000 and closes 1.1."""
    repo = pilot_repo(path)
    plan = path / PLAN
    edit(plan, '  - id: "2.1"\n', UNBUDGETED)
    edit(plan, "  carry_over:", ONE_YEAR_GRANT)
    first = commit(repo, "Eit tiltak utan budsjett og eit eittårig tilskot").hexsha
    commit(repo, "Tom commit")
    second = the_three_changes(repo).hexsha
    return repo, first, second


def _second_repo(path: Path) -> git.Repo:
    """nordbygd (Bokmål) in its own repository, with no plan at all."""
    repo = init_repo(path)
    folder = path / "pilots" / "nordbygd"
    shutil.copytree(MINIMAL, folder)
    shutil.rmtree(folder / "plans")
    edit(
        folder / "pilot.yaml",
        "id: testdalen\nname: Testdalen\nlanguage: nn",
        "id: nordbygd\nname: Nordbygd\nlanguage: nb",
    )
    commit(repo, "Nordbygd")
    return repo


def _broken_repo(path: Path) -> git.Repo:
    repo = pilot_repo(path, "brokendal")
    (path / "pilots" / "brokendal" / "pilot.yaml").write_text("id: [\n", encoding="utf-8")
    commit(repo, "Øydelagd")
    return repo


def _overview(*args: str) -> tuple[int, dict[str, Any], str]:
    code, output = run_cli("overview", "--format", "json", *args)
    start = output.index("{")
    return code, json.loads(output[start:]), output[:start]


def _yaml_plan(repo: git.Repo, revision: str, path: str = PLAN) -> dict[str, Any]:
    """The plan as plain YAML at a revision (not through the models)."""
    text = repo.git.show(f"{revision}:{path}")
    data: dict[str, Any] = YAML(typ="safe").load(text)
    return data


def _expected_budget(plan: dict[str, Any]) -> tuple[dict[str, int], int]:
    year = plan["year"]
    sums: dict[str, int] = {}
    unknown = 0
    for measure in plan["measures"]:
        amounts = measure.get("budget", {}).get(year) or {}
        if not amounts:
            active = measure.get("start_year", year) <= year <= measure.get("end_year", year)
            unknown += active and measure["status"] != "closed"
        for source, amount in amounts.items():
            sums[source] = sums.get(source, 0) + amount
    return sums, unknown


def _check_testdalen(entry: dict[str, Any], repo: git.Repo, revision: str) -> None:
    plan = _yaml_plan(repo, revision)
    pilot = YAML(typ="safe").load(repo.git.show(f"{revision}:pilots/testdalen/pilot.yaml"))
    assert entry["id"] == "testdalen"
    assert entry["name"] == "Testdalen"
    assert entry["language"] == "nn"
    assert entry["cohort"] == 2
    assert entry["county"] == "Telemark"
    assert entry["state"] == "signed"
    assert entry["period"] == {"start": "2025-06-02", "end": "2028-12-31"}
    assert entry["municipalities"] == [
        {"id": p["id"], "name": p["name"], "number": p["municipality_number"]}
        for p in pilot["parties"]
        if p["kind"] == "municipality"
    ]
    assert entry["latest_plan"] == 2026
    statuses = [m["status"] for m in plan["measures"]]
    assert entry["measures"] == {
        "proposed": statuses.count("proposed"),
        "planned": statuses.count("planned"),
        "ongoing": statuses.count("ongoing"),
        "closed": statuses.count("closed"),
    }
    sums, unknown = _expected_budget(plan)
    assert entry["budget"] == {
        "year": 2026,
        "by_source": sums,
        "total": sum(sums.values()),
        "unknown": unknown,
    }
    assert entry["grants"] == [
        {
            "source": g["source"],
            "funder": None,
            "year": g["year"],
            "amount": g["amount"],
            "covers_period": g.get("covers_period", False),
        }
        for g in plan["funding"]["grants"]
    ]
    assert entry["source"]["commit"] == repo.commit(revision).hexsha


def check_against_yaml(entry: dict[str, Any], folder: Path) -> None:
    """Every figure of one pilot's entry, computed again from its YAML files on disk."""
    yaml = YAML(typ="safe")
    pilot = yaml.load((folder / "pilot.yaml").read_text(encoding="utf-8"))
    plans = {int(p.stem): p for p in (folder / "plans").glob("*.yaml")}
    latest = max(plans, default=None)
    plan = yaml.load(plans[latest].read_text(encoding="utf-8")) if latest else None
    period = pilot["agreement"]["period"]
    assert entry["id"] == pilot["id"]
    assert entry["name"] == pilot["name"]
    assert entry["language"] == pilot["language"]
    assert entry["cohort"] == pilot["cohort"]
    assert entry["county"] == pilot["county"]
    assert entry["state"] == pilot["agreement"]["state"]
    assert entry["period"] == {
        "start": period["start"].isoformat() if period.get("start") else None,
        "end": period["end"].isoformat(),
    }
    assert entry["municipalities"] == [
        {"id": p["id"], "name": p["name"], "number": p["municipality_number"]}
        for p in pilot["parties"]
        if p["kind"] == "municipality"
    ]
    assert entry["latest_plan"] == latest
    statuses = [m["status"] for m in plan["measures"]] if plan else []
    assert entry["measures"] == {
        s: statuses.count(s) for s in ("proposed", "planned", "ongoing", "closed")
    }
    if plan is None:
        assert entry["budget"] == {"year": None, "by_source": {}, "total": None, "unknown": 0}
        assert entry["grants"] == []
        return
    sums, unknown = _expected_budget(plan)
    assert entry["budget"] == {
        "year": latest,
        "by_source": sums,
        "total": sum(sums.values()) if sums else None,
        "unknown": unknown,
    }
    assert entry["grants"] == [
        {
            "source": g["source"],
            "funder": g.get("funder"),
            "year": g["year"],
            "amount": g["amount"],
            "covers_period": g.get("covers_period", False),
        }
        for g in plan.get("funding", {}).get("grants", [])
    ]


def _third_repo(path: Path) -> git.Repo:
    """sordal: plans 2026 and 2027; in 2027 measure 2.1 (ended 2026) is not unknown."""
    repo = pilot_repo(path, "sordal")
    folder = path / "pilots" / "sordal"
    edit(folder / "pilot.yaml", "id: testdalen\nname: Testdalen", "id: sordal\nname: Sørdal")
    text = (folder / "plans" / "2026.yaml").read_text(encoding="utf-8")
    (folder / "plans" / "2027.yaml").write_text(
        text.replace("\nyear: 2026\n", "\nyear: 2027\n"), encoding="utf-8"
    )
    commit(repo, "Handlingsplan 2027")
    return repo


def test_bundled_pilots_and_three_more_repositories_match_their_yaml(tmp_path: Path) -> None:
    _first_repo(tmp_path / "one")
    _second_repo(tmp_path / "two")
    _third_repo(tmp_path / "three")
    sources = [str(REPO / "pilots"), *(str(tmp_path / n) for n in ("one", "two", "three"))]
    code, data, _ = _overview(*sources)
    assert code == 0
    folders = [
        *(REPO / "pilots" / p for p in ("innlandet", "vest-telemark", "vestre-varanger")),
        tmp_path / "one" / "pilots" / "testdalen",
        tmp_path / "two" / "pilots" / "nordbygd",
        tmp_path / "three" / "pilots" / "sordal",
    ]
    assert [p["id"] for p in data["pilots"]] == [f.name for f in folders]
    for entry, folder in zip(data["pilots"], folders, strict=True):
        check_against_yaml(entry, folder)
        assert (
            entry["source"]["commit"]
            == git.Repo(folder, search_parent_directories=True).head.commit.hexsha
        )
    sordal = data["pilots"][-1]
    assert sordal["latest_plan"] == 2027
    assert sordal["budget"] == {
        "year": 2027,
        "by_source": {"state_measure_funds": 300_000},
        "total": 300_000,
        "unknown": 0,
    }
    assert sordal["measures"] == {"proposed": 0, "planned": 0, "ongoing": 2, "closed": 0}


def test_every_contract_field_by_path_revision_and_url(tmp_path: Path) -> None:
    first_repo, first, second = _first_repo(tmp_path / "testdalen-repo")
    _second_repo(tmp_path / "nordbygd-repo")
    url = (tmp_path / "testdalen-repo").as_uri()

    nordbygd_folder = str(tmp_path / "nordbygd-repo" / "pilots" / "nordbygd")
    code, data, _ = _overview(str(tmp_path / "testdalen-repo"), nordbygd_folder)
    assert code == 0
    working, nordbygd = data["pilots"]
    # one pilot is counted once in an overview: each revision in an overview of its own
    code, at_first_data, _ = _overview(f"{tmp_path / 'testdalen-repo'}@{first}")
    assert code == 0
    (at_first,) = at_first_data["pilots"]
    code, by_url_data, _ = _overview(f"{url}@main")
    assert code == 0
    (by_url,) = by_url_data["pilots"]
    _check_testdalen(working, first_repo, second)
    _check_testdalen(at_first, first_repo, first)
    _check_testdalen(by_url, first_repo, second)

    # Revision 1: one measure without a budget is counted, not summed as 0.
    assert at_first["budget"]["unknown"] == 1
    assert at_first["budget"]["by_source"] == {
        "state_measure_funds": 1_200_000,
        "own_funds": 100_000,
    }
    # Revision 2: 1.2 adds own funds, 2.1 is raised; closed 1.1 still has its budget.
    assert working["budget"]["by_source"] == {
        "state_measure_funds": 1_300_000,
        "own_funds": 150_000,
    }
    assert working["measures"]["closed"] == 1
    assert working["source"]["location"].endswith("testdalen-repo/pilots/testdalen")
    assert at_first["source"]["location"].endswith(f"testdalen-repo@{first}")
    assert by_url["source"]["location"] == f"{url}@main"

    # Findings: the same counts validate reports on the working tree.
    _, validated = run_cli(
        "validate", "--format", "json", str(tmp_path / "testdalen-repo" / "pilots")
    )
    report = json.loads(validated)
    assert working["findings"] == {"errors": report["errors"], "warnings": report["warnings"]}

    assert nordbygd["id"] == "nordbygd"
    assert nordbygd["language"] == "nb"
    assert nordbygd["latest_plan"] is None
    assert nordbygd["budget"] == {"year": None, "by_source": {}, "total": None, "unknown": 0}
    assert nordbygd["grants"] == []

    # Totals: budgets by year; whole-period grants never added to one-year grants.
    totals = data["totals"]
    assert totals["pilots"] == 2
    assert totals["municipalities"] == 2  # both pilots name the same two: counted once
    assert totals["budget"]["2026"]["total"] == 1_450_000
    assert totals["budget"]["2026"]["unknown"] == 1
    assert totals["grants"] == {"one_year": {"2026": 1_000_000}, "covers_period": 18_000_000}


def _root_pilot_repo(path: Path) -> tuple[git.Repo, str, str]:
    """A secretariat's repository whose root is the pilot itself (pilot.yaml at the top, a
    workflow file beside it): revision 1 the minimal pilot, revision 2 with an unbudgeted
    measure and a one-year grant."""
    repo = init_repo(path)
    shutil.copytree(MINIMAL, path, dirs_exist_ok=True)
    workflow = path / ".github" / "workflows" / "bygdevekst.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text("on: push\n", encoding="utf-8")
    first = commit(repo, "Testdalen i eige repo").hexsha
    edit(path / "plans" / "2026.yaml", '  - id: "2.1"\n', UNBUDGETED)
    edit(path / "plans" / "2026.yaml", "  carry_over:", ONE_YEAR_GRANT)
    second = commit(repo, "Eit tiltak utan budsjett og eit eittårig tilskot").hexsha
    return repo, first, second


def _checkout(repo: git.Repo, revision: str, path: Path) -> Path:
    """The files of ``revision`` in a folder of their own (a real git worktree)."""
    repo.git.worktree("add", "--detach", str(path), revision)
    return path


def test_a_repository_whose_root_is_the_pilot(tmp_path: Path) -> None:
    root = tmp_path / "testdalen"
    repo, first, second = _root_pilot_repo(root)
    url = root.as_uri()
    entries = []
    for source in (str(root), f"{root}@{first}", f"{url}@main", f"{url}@{first}", f"{root}@main"):
        code, data, errors = _overview(source)  # a pilot is counted once in an overview
        assert code == 0, errors
        entries += data["pilots"]
    working, at_first, by_url, by_url_first, at_main = entries
    old = _checkout(repo, first, tmp_path / "first")
    for entry, revision, folder in (
        (working, second, root),
        (at_first, first, old),
        (by_url, second, root),
        (by_url_first, first, old),
        (at_main, second, root),
    ):
        check_against_yaml(entry, folder)
        assert entry["source"]["commit"] == revision
    assert by_url["source"]["location"] == f"{url}@main"  # what was read, with its ref
    assert working["budget"]["unknown"] == 1 and at_first["budget"]["unknown"] == 0
    assert {g["year"] for g in working["grants"] if not g["covers_period"]} == {2026}
    # the workflow file beside the pilot is not read as one of its files
    assert working["findings"] == at_main["findings"] == by_url["findings"]
    _, validated = run_cli("validate", "--format", "json", str(root))
    report = json.loads(validated)
    assert working["findings"] == {"errors": report["errors"], "warnings": report["warnings"]}
    code, data, _ = _overview(str(root), "--at", "2026-01-01")
    assert code == 0
    assert data["pilots"][0]["source"]["commit"] == first


def test_at_a_date_reads_the_last_commit_before_it(tmp_path: Path) -> None:
    _, _, second = _first_repo(tmp_path / "repo")
    code, data, _ = _overview(str(tmp_path / "repo"), "--at", "2026-01-02")
    assert code == 0
    (entry,) = data["pilots"]
    assert data["at"] == "2026-01-02"
    assert entry["source"]["commit"] != second
    assert entry["budget"]["unknown"] == 1  # the state of revision 1
    assert entry["measures"]["closed"] == 0
    code, data, _ = _overview(str(tmp_path / "repo"), "--at", "2027-01-01")
    assert data["pilots"][0]["source"]["commit"] == second
    code, _, errors = _overview(str(tmp_path / "repo"), "--at", "2020-01-01")
    assert code == 1
    assert "2020-01-01" in errors


def test_an_overview_of_no_readable_source_does_not_replace_the_last_one(tmp_path: Path) -> None:
    _first_repo(tmp_path / "good")
    _broken_repo(tmp_path / "bad")
    written = tmp_path / "oversikt.html"
    code, output = run_cli("overview", str(tmp_path / "good"), "-f", "html", "-o", str(written))
    assert code == 0, output
    before = written.read_bytes()
    code, output = run_cli("overview", str(tmp_path / "bad"), "-f", "html", "-o", str(written))
    assert code == 1
    assert f"Skrev ikke {written.as_posix()}: ingen kilde kunne leses" in output
    assert written.read_bytes() == before
    # one source read of two: the overview of it is written, and the exit code says the rest
    both = (str(tmp_path / "good"), str(tmp_path / "bad"))
    code, output = run_cli("overview", *both, "-f", "html", "-o", str(written))
    assert code == 1
    assert f"Skreiv {written.as_posix()}" in output  # the pilot read is in Nynorsk


def test_a_bad_source_is_reported_and_skipped(tmp_path: Path) -> None:
    _first_repo(tmp_path / "good")
    _broken_repo(tmp_path / "bad")
    code, data, errors = _overview(
        str(tmp_path / "good"), str(tmp_path / "bad"), str(tmp_path / "missing")
    )
    assert code == 1
    assert [p["id"] for p in data["pilots"]] == ["testdalen"]
    lines = [line for line in errors.splitlines() if line]
    assert len(lines) == 2
    assert re.search(r"brokendal/pilot\.yaml:\d+: ", lines[0])
    assert "missing" in lines[1]
    assert "Traceback" not in errors
    assert [f["source"] for f in data["failures"]] == [
        str(tmp_path / "bad"),
        str(tmp_path / "missing"),
    ]


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    code, output = run_cli("overview", "--at", "i går", str(REPO / "pilots"))
    assert code == 2 and "--at" in output
    code, output = run_cli("overview", "--format", "pdf", str(REPO / "pilots"))
    assert code == 2 and "pdf" in output
    code, output = run_cli("overview", "--lang", "de", str(REPO / "pilots"))
    assert code == 2 and "de" in output


def test_csv_xlsx_and_md_agree_with_the_json(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    _first_repo(tmp_path / "repo")
    sources = [str(tmp_path / "repo"), str(REPO / "pilots")]
    _, data, _ = _overview(*sources)
    code, text = run_cli("overview", "--format", "csv", *sources)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(text)))
    target = tmp_path / "overview.xlsx"
    code, _ = run_cli("overview", "--format", "xlsx", "--output", str(target), *sources)
    assert code == 0
    book = load_workbook(target)
    sheet = list(book["Piloter"].iter_rows(values_only=True))
    assert sheet[0][:2] == ("ID", "Navn")  # the csv's columns, named for people
    assert len(sheet[0]) == len(COLUMNS)
    by_xlsx = [dict(zip(COLUMNS, row, strict=True)) for row in sheet[1:]]
    assert len(rows) == len(by_xlsx) == len(data["pilots"]) == 4

    def flat(entry: dict[str, Any], column: str) -> Any:
        value: Any = entry
        for part in column.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value

    for pilot, row, cells in zip(data["pilots"], rows, by_xlsx, strict=True):
        for column in COLUMNS:
            if column in ("municipalities", "grants.one_year", "grants.covers_period"):
                continue
            if column in PLAN_COLUMNS:  # party lists joined, words in the workbook
                continue
            if column in ("state", "language"):  # the code in the csv, words in the workbook
                assert row[column] == flat(pilot, column), column
                continue
            expected = flat(pilot, column)
            assert row[column] == ("" if expected is None else str(expected)), column
            cell = cells[column]
            if column.startswith("period.") and cell is not None:
                cell = cell.date().isoformat()  # a date in the workbook
            assert cell == expected, column
        one_year = sum(g["amount"] for g in pilot["grants"] if not g["covers_period"])
        if pilot["latest_plan"] is not None:
            assert cells["grants.one_year"] == one_year
        assert len(row["municipalities"].split("; ")) == len(pilot["municipalities"])
        assert row["plan_status"] == (pilot["plan_status"] or "")
    grants = list(book["Tilskudd"].iter_rows(values_only=True))[1:]
    assert len(grants) == sum(len(p["grants"]) for p in data["pilots"])

    code, markdown = run_cli("overview", "--format", "md", "--lang", "nn", *sources)
    assert code == 0
    table = [line for line in markdown.splitlines() if line.startswith("| ") and "---" not in line]
    for pilot, line in zip(data["pilots"], table[1:], strict=True):
        cells_md = [c.strip() for c in line.strip("|").split("|")]
        assert cells_md[0] == pilot["name"]
        assert cells_md[4:8] == [
            str(pilot["measures"][s]) for s in ("proposed", "planned", "ongoing", "closed")
        ]
        assert cells_md[9] == str(pilot["budget"]["unknown"])
        total = pilot["budget"]["total"]
        if total is not None:
            assert re.sub(r"\D", "", cells_md[8].split("(")[0]) == str(total)


def test_text_names_unknown_budgets_and_keeps_grants_apart(tmp_path: Path) -> None:
    _, first, _ = _first_repo(tmp_path / "repo")
    code, text = run_cli("overview", f"{tmp_path / 'repo'}@{first}", "--lang", "nn")
    assert code == 0
    text = text.replace("\xa0", " ")
    assert "1 tiltak utan budsjett" in text
    assert "1 300 000 kr" in text  # 1 200 000 + 100 000 known
    assert "tilskot for eitt år: 1 000 000 kr" in text
    assert "18 000 000 kr" in text and "19 000 000" not in text


def test_default_source_and_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    code, data, _ = _overview()
    assert code == 0
    assert {p["id"] for p in data["pilots"]} == {"vest-telemark", "vestre-varanger", "innlandet"}
    code, text = run_cli("overview")
    assert "Oversikt over bygdevekstpilotene" in text  # a mixed set: Bokmål


def test_a_mixed_set_speaks_the_command_lines_written_standard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mixed set read by someone whose command line speaks Nynorsk: the overview is in
    Nynorsk, as the line about a source that could not be read is (it was in Bokmål
    around a Nynorsk line); English or no choice leaves it in Bokmål."""
    monkeypatch.chdir(REPO)
    missing = str(tmp_path / "finst-ikkje")
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    code, text = run_cli("overview", ".", missing)
    assert code == 1
    assert "Oversikt over bygdevekstpilotane" in text
    assert "Kilder" not in text and "Stien finst ikkje" in text
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "en")
    assert "Oversikt over bygdevekstpilotene" in run_cli("overview", ".")[1]
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    assert "Oversikt over bygdevekstpilotene" in run_cli("overview", ".", "--lang", "nb")[1]


def test_the_format_choices_are_the_registry() -> None:
    assert tuple(OVERVIEW_FORMATS) == FORMATS


def test_a_chart_has_its_text_alternative_and_no_chart_of_nothing() -> None:
    chart = stacked_bars(
        "c1",
        "Budsjett <2026>",
        "Ei skildring & meir",
        ["2026", "2027"],
        [Series("A", (100, None)), Series("B", (50, 25))],
        str,
    )
    assert chart is not None
    assert 'role="img"' in chart.svg
    assert 'aria-labelledby="c1-title c1-desc"' in chart.svg
    assert '<title id="c1-title">Budsjett &lt;2026&gt;</title>' in chart.svg
    assert '<desc id="c1-desc">Ei skildring &amp; meir</desc>' in chart.svg
    assert chart.rows() == [("2026", [100, 50], 150), ("2027", [None, 25], 25)]
    assert stacked_bars("c2", "t", "d", ["2026"], [Series("A", (None,))], str) is None
    assert stacked_bars("c3", "t", "d", [], [], str) is None


# --------------------------------------------------------------------- the dashboard


def check_page_structure(page: str) -> None:
    """Language, charts labelled by their own title and description, each with a table,
    and nothing fetched from the network."""
    from html.parser import HTMLParser

    class Walk(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.svgs: list[dict[str, str | None]] = []
            self.ids: set[str] = set()
            self.tags: list[str] = []
            self.urls: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found = dict(attrs)
            self.tags.append(tag)
            if tag == "svg":
                self.svgs.append(found)
            if found.get("id"):
                self.ids.add(str(found["id"]))
            for name in ("src", "href"):
                if found.get(name):
                    self.urls.append(str(found[name]))

    walk = Walk()
    walk.feed(page)
    assert re.search(r'<html lang="(nn|nb)">', page)
    assert walk.tags.count("main") == 1
    for svg in walk.svgs:
        assert svg.get("role") == "img"
        labels = str(svg.get("aria-labelledby")).split()
        assert len(labels) == 2 and all(label in walk.ids for label in labels)
    assert walk.tags.count("figure") == len(walk.svgs)
    assert not [u for u in walk.urls if re.match(r"^[a-z]+://", u) or u.startswith("//")]


@needs_axe
def test_a_chart_has_a_scale_to_read_its_bars_against() -> None:
    """Marks at 0, the middle and the top under the bars, each with its value as the
    caller formats it; a bar ends where the scale puts its value."""
    chart = stacked_bars(
        "c1", "t", "d", ["2026", "2027"], [Series("A", (100, 150))], lambda v: f"{v} kr"
    )
    assert chart is not None
    marks = re.findall(
        r'<text x="([\d.]+)" y="\d+" text-anchor="middle"[^>]*>([^<]*)</text>', chart.svg
    )
    assert [label for _, label in marks] == ["0 kr", "100 kr", "200 kr"]
    bar = re.search(r'<rect x="([\d.]+)" y="10" width="([\d.]+)"', chart.svg)
    assert bar is not None
    assert float(bar[1]) + float(bar[2]) == float(marks[1][0])  # 100 ends at the 100 mark
    few = stacked_bars("c2", "t", "d", ["a"], [Series("A", (3,))], str)
    assert few is not None
    labels = re.findall(r'text-anchor="middle"[^>]*>([^<]*)</text>', few.svg)
    assert labels == ["0", "1", "2", "3", "4", "5"]  # counts up to 5: every whole number


@needs_axe
def test_dashboard_shows_charts_and_passes_axe(tmp_path: Path) -> None:
    _first_repo(tmp_path / "repo")
    pages = []
    for lang in ("nn", "nb"):
        target = tmp_path / f"dashboard-{lang}.html"
        code, _ = run_cli(
            "overview",
            str(tmp_path / "repo"),
            str(REPO / "pilots"),
            "-f",
            "html",
            "--lang",
            lang,
            "-o",
            str(target),
        )
        assert code == 0
        page = target.read_text(encoding="utf-8")
        check_page_structure(page)
        assert page.count("<svg") == 3  # testdalen: budget and status; vest-telemark: status
        assert f'<html lang="{lang}">' in page
        pages.append(target)
    assert "tiltak utan budsjett" in pages[0].read_text(encoding="utf-8")
    violations = axe_violations(pages)
    assert violations == {str(p): [] for p in pages}


def _on_a_terminal(*args: str, cwd: Path) -> tuple[int, bytes]:
    """The command run with its standard output on a pseudo-terminal, as in a console."""
    import pty  # POSIX only: imported here so that the module's other tests run anywhere

    leader, follower = pty.openpty()
    env = {**os.environ, "BYGDEVEKST_LANGUAGE": "nn"}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bygdevekst_cli", *args],
            stdout=follower, stderr=subprocess.PIPE, cwd=cwd, env=env, timeout=60, check=False,
        )  # fmt: skip
    finally:
        os.close(follower)
    shown = b""
    try:
        while chunk := os.read(leader, 65536):
            shown += chunk
    except OSError:  # the terminal is closed once everything written has been read
        pass
    os.close(leader)
    return done.returncode, shown + done.stderr


def test_an_xlsx_overview_is_not_written_to_a_terminal(tmp_path: Path) -> None:
    # the workbook's bytes scrambled the console; piped or redirected they are a file
    code, shown = _on_a_terminal("overview", str(REPO), "-f", "xlsx", cwd=tmp_path)
    assert code == 2
    assert "xlsx er ei binærfil" in shown.decode() and "--output" in shown.decode()
    assert b"PK\x03\x04" not in shown
    piped = subprocess.run(
        [sys.executable, "-m", "bygdevekst_cli", "overview", str(REPO), "-f", "xlsx"],
        capture_output=True, cwd=tmp_path, timeout=60, check=False,
    )  # fmt: skip
    assert piped.returncode == 0 and piped.stdout.startswith(b"PK\x03\x04")  # a pipe: written


def test_a_pilot_straight_in_pilots_is_read_from_the_folder_and_from_git(tmp_path: Path) -> None:
    """A repository whose ``pilots/`` holds a pilot's files itself: the overview reads the
    pilot, from the folder and at a revision alike, as ``validate`` does, with BV214's
    warning in its count (it had said the source held no pilot)."""
    repo = init_repo(tmp_path / "repo")
    shutil.copytree(MINIMAL, tmp_path / "repo" / "pilots")
    commit(repo, "Piloten rett i pilots/")
    for source in ("repo", "repo@HEAD"):
        code, data, _ = _overview(str(tmp_path / source))
        assert code == 0, source
        assert [p["id"] for p in data["pilots"]] == ["testdalen"]
        assert data["pilots"][0]["findings"] == {"errors": 0, "warnings": 1}
        assert data["failures"] == []


def test_a_kind_of_grant_the_plan_does_not_record_is_said_not_entered_never_0_kr(
    tmp_path: Path,
) -> None:
    # the minimal pilot's plan records the grant for the whole period and no one-year grant:
    # the overview said «tilskot for eitt år: 0 kr», which nobody knows
    folder = copy_minimal(tmp_path)
    text = invoke("overview", str(folder)).stdout
    line = next(x for x in text.splitlines() if x.startswith("  Tilskot: "))
    assert line.startswith("  Tilskot: tilskot for eitt år: ikkje ført inn; tilskot for heile")
    assert "0\xa0kr;" not in line and not line.endswith(" 0\xa0kr")
    rows = list(csv.DictReader(io.StringIO(invoke("overview", "-f", "csv", str(folder)).stdout)))
    assert rows[0]["grants.one_year"] == ""
    assert rows[0]["grants.covers_period"] == "18000000"
    # and the other way round: a one-year grant only
    edit(
        folder / "plans" / "2026.yaml",
        "year: 2025\n      amount: 18000000\n      covers_period: true\n",
        "year: 2026\n      amount: 1000000\n",
    )
    text = invoke("overview", "--lang", "nb", str(folder)).stdout
    line = next(x for x in text.splitlines() if x.startswith("  Tilskudd: "))
    assert re.fullmatch(
        r"  Tilskudd: tilskudd for ett år: 1\s000\s000\skr; "
        r"tilskudd for hele perioden: ikke ført inn",
        line,
    )
    rows = list(csv.DictReader(io.StringIO(invoke("overview", "-f", "csv", str(folder)).stdout)))
    assert rows[0]["grants.one_year"] == "1000000"
    assert rows[0]["grants.covers_period"] == ""


@pytest.mark.parametrize(
    ("lang", "formats", "language"),
    [
        ("nb", "csv (for skript), xlsx (regneark)", "Målform for text, md, xlsx og html"),
        ("nn", "csv (for skript), xlsx (rekneark)", "Målform for text, md, xlsx og html"),
        ("en", "csv (for scripts), xlsx (spreadsheet)", "standard for text, md, xlsx and html"),
    ],
)
def test_help_names_the_workbook_for_people_and_its_language(
    lang: str, formats: str, language: str
) -> None:
    """The help offered csv beside xlsx with no word of which is for a spreadsheet (the
    csv is for scripts: commas, codes), and said --lang was for text, md and html only,
    though the workbook is written in it too. (A process of its own: the options' help
    is worded as the command line starts.)"""
    shown = subprocess.run(
        [sys.executable, "-m", "bygdevekst_cli", "overview", "--help"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "BYGDEVEKST_LANGUAGE": lang, "COLUMNS": "200"},
        check=True,
    ).stdout
    flat = " ".join(shown.replace("│", " ").split())
    assert formats in flat and language in flat


def test_a_grants_funder_is_named_in_the_workbook_and_the_dashboard(tmp_path: Path) -> None:
    """A grant's funder is a party id in the plan («fylket»); the workbook's grants sheet
    and the dashboard's grants table showed that id where the documents name the party."""
    from openpyxl import load_workbook

    pilot = copy_minimal(tmp_path)
    funded = (
        "      covers_period: true\n"
        "    - source: other_grants\n"
        "      year: 2026\n"
        "      funder: fylket\n"
        "      amount: 200000\n"
    )
    edit(pilot / "plans" / "2026.yaml", "      covers_period: true\n", funded)
    target = tmp_path / "oversikt.xlsx"
    code, output = run_cli("overview", str(tmp_path / "pilots"), "-o", str(target))
    assert code == 0, output
    rows = list(load_workbook(target)["Tilskot"].iter_rows(values_only=True))
    assert [row[2] for row in rows[1:]] == [None, "Telemark fylkeskommune"]
    # the pilot by its name, as in the other sheets, not by its folder's id
    assert {row[0] for row in rows[1:]} == {"Testdalen"}
    code, page = run_cli("overview", str(tmp_path / "pilots"), "-f", "html")
    assert "<td>Telemark fylkeskommune</td>" in page and "<td>fylket</td>" not in page
