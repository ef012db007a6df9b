"""``overview`` and ``site`` as a ministry officer runs them: ten pilot repositories built
in a temporary folder (Nynorsk and Bokmål, cohorts 1 and 2, with and without plans, plans
for different years, unknown amounts, one-year and whole-period grants, two pilots in one
repository, a broken plan, a repository with no commits, one reached by ``file://`` URL,
one at a tag, a path with spaces and æøå, a copy of a pilot), every figure checked against
sums computed here from the YAML as plain dicts."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import git
import pytest
from click.testing import Result
from openpyxl import load_workbook
from ruamel.yaml import YAML
from typer.testing import CliRunner

from bygdevekst_cli.cli import app
from bygdevekst_cli.language import words
from bygdevekst_cli.present.overview import COLUMNS
from tests.gitrepo import commit, init_repo, shallow_clone, tag
from tests.helpers import DATA, MINIMAL, REPO, as_read, edit

VEST_TELEMARK = "vest telemark æøå"
SOURCES = (
    VEST_TELEMARK,  # nn, two commits: the 2025 plan, then the 2026 plan (unknown amounts)
    "innlandet",  # nb, no plan
    "varanger@v1",  # nb, cohort 1, at a tag (a later commit renames it)
    "fjellbygda",  # nn, plans 2026 and 2027; replaced by its file:// URL in the fixture
    "testdalen",  # nn, a measure without budget, a one-year grant
    "to piloter",  # two pilots: nordbygd (nb) and fullplan (nn)
    "sørdal",  # nb, a plan for 2027 only
    "empty",  # a pilot in a repository with no commits: read from the working tree
)
UNBUDGETED = """  - id: "1.3"
    sub_goal: 1
    number: 3
    title: Utan budsjett
    start_year: 2026
    end_year: 2027
    status: planned
  - id: "2.1"
"""
YEAR_GRANT = """    - source: project_management_grant
      year: 2026
      amount: 1000000
  carry_over:"""


def _pilot(repo: Path, source: Path, folder: str, **fields: str) -> Path:
    """Copy a pilot folder into ``repo/pilots/folder``, with other top-level fields."""
    target = repo / "pilots" / folder
    shutil.copytree(source, target)
    text = (target / "pilot.yaml").read_text(encoding="utf-8")
    for key, value in fields.items():
        text = re.sub(rf"^{key}: .*$", f"{key}: {value}", text, count=1, flags=re.M)
    (target / "pilot.yaml").write_text(text, encoding="utf-8")
    return target


def _build(root: Path) -> dict[str, Any]:
    """The repositories; returns what the tests need to know about them."""
    vt = init_repo(root / VEST_TELEMARK)
    plans = _pilot(root / VEST_TELEMARK, REPO / "pilots" / "vest-telemark", "vest-telemark")
    plans = plans / "plans"
    (plans / "2026.yaml").unlink()
    first = commit(vt, "Handlingsplan 2025").hexsha
    shutil.copy(REPO / "pilots" / "vest-telemark" / "plans" / "2026.yaml", plans / "2026.yaml")
    second = commit(vt, "Handlingsplan 2026").hexsha
    commit(init_repo(root / "innlandet"), "x") if _pilot(
        root / "innlandet", REPO / "pilots" / "innlandet", "innlandet"
    ) else None
    varanger = init_repo(root / "varanger")
    _pilot(root / "varanger", REPO / "pilots" / "vestre-varanger", "vestre-varanger")
    tagged = commit(varanger, "Utkast").hexsha
    tag(varanger, "v1", "Første utkast")
    pilot_file = root / "varanger" / "pilots" / "vestre-varanger" / "pilot.yaml"
    edit(pilot_file, "name: Vestre Varanger", "name: Etter taggen")
    commit(varanger, "Etter taggen")
    fjell = init_repo(root / "fjellbygda")
    _pilot(root / "fjellbygda", DATA / "fullpilot", "fjellbygda")
    commit(fjell, "x")
    testdalen = init_repo(root / "testdalen")
    plan = _pilot(root / "testdalen", MINIMAL, "testdalen") / "plans" / "2026.yaml"
    edit(plan, '  - id: "2.1"\n', UNBUDGETED)
    edit(plan, "  carry_over:", YEAR_GRANT)
    commit(testdalen, "x")
    two = init_repo(root / "to piloter")
    _pilot(root / "to piloter", MINIMAL, "nordbygd", id="nordbygd", name="Nordbygd", language="nb")
    _pilot(root / "to piloter", DATA / "full_plan", "fullplan")
    commit(two, "x")
    sordal = init_repo(root / "sørdal")
    plans = _pilot(root / "sørdal", MINIMAL, "sordal", id="sordal", name="Sørdal", language="nb")
    text = (plans / "plans" / "2026.yaml").read_text(encoding="utf-8")
    text = text.replace("year: 2026\nmeasures", "year: 2027\nmeasures")
    text = text.replace(
        "      2026:\n        state_measure_funds: 600000\n        own_funds: 100000\n", ""
    )
    (plans / "plans" / "2027.yaml").write_text(text, encoding="utf-8")
    (plans / "plans" / "2026.yaml").unlink()
    commit(sordal, "x")
    init_repo(root / "empty")
    _pilot(root / "empty", MINIMAL, "tomdal", id="tomdal", name="Tomdal")
    broken = init_repo(root / "broken")
    plans = _pilot(root / "broken", MINIMAL, "brokendal", id="brokendal", name="Brokendal")
    shutil.copy(plans / "plans" / "2026.yaml", plans / "plans" / "2025.yaml")
    (plans / "plans" / "2026.yaml").write_text("year: 2026\nmeasures: [\n", encoding="utf-8")
    commit(broken, "Ein øydelagd plan")
    copy = init_repo(root / "kopi")
    _pilot(root / "kopi", MINIMAL, "testdalen")
    commit(copy, "Ein kopi av testdalen")
    return {"vt": (first, second), "tagged": tagged}


@pytest.fixture(scope="module")
def repos(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ti repo")
    _build(root)
    return root


@pytest.fixture(autouse=True)
def _here(repos: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repos)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nb")


def sources(repos: Path) -> list[str]:
    return [(repos / "fjellbygda").as_uri() if s == "fjellbygda" else s for s in SOURCES]


def run(*args: str) -> Result:
    """The real command line, which must not end in an exception (a traceback)."""
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def overview_json(*args: str) -> tuple[Result, dict[str, Any]]:
    result = run("overview", "-f", "json", *args)
    return result, json.loads(result.stdout)


# ------------------------------------------------------------------ the sums, from YAML


def _yaml(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _pilot_folders(repos: Path) -> dict[str, Path]:
    found = {}
    for name in ("vest telemark æøå", "innlandet", "fjellbygda", "testdalen", "to piloter"):
        found.update({p.name: p for p in (repos / name / "pilots").iterdir()})
    found.update(
        {"sordal": repos / "sørdal/pilots/sordal", "tomdal": repos / "empty/pilots/tomdal"}
    )
    found["vestre-varanger"] = repos / "varanger/pilots/vestre-varanger"
    return found


def expected(folder: Path) -> dict[str, Any]:
    """A pilot's figures computed from its latest plan as plain dicts."""
    plans = sorted((folder / "plans").glob("*.yaml")) if (folder / "plans").is_dir() else []
    if not plans:
        return {"year": None, "known": {}, "unknown": 0, "one_year": Counter(), "period": 0}
    plan = _yaml(plans[-1])
    year = plan["year"]
    known: Counter[str] = Counter()
    unknown = 0
    for measure in plan["measures"]:
        if measure["status"] == "proposed":
            continue
        entry = (measure.get("budget") or {}).get(year) or {}
        amounts = {k: v["amount"] if isinstance(v, dict) else v for k, v in entry.items()}
        known.update(amounts)
        runs = measure.get("start_year", year) <= year <= measure.get("end_year", year)
        if not amounts and runs and measure["status"] != "closed":
            unknown += 1
    one_year: Counter[int] = Counter()
    period = 0
    for grant in plan.get("funding", {}).get("grants", []):
        if grant.get("status", "granted") != "granted":
            continue  # applied for or refused: not granted money
        if grant.get("covers_period"):
            period += grant["amount"]
        else:
            one_year[grant["year"]] += grant["amount"]
    return {
        "year": year,
        "known": known,
        "unknown": unknown,
        "one_year": one_year,
        "period": period,
    }


def test_every_total_is_the_sum_of_the_yaml(repos: Path) -> None:
    result, data = overview_json(*sources(repos))
    assert result.exit_code == 0, result.stderr
    folders = _pilot_folders(repos)
    assert sorted(p["id"] for p in data["pilots"]) == sorted(folders)
    figures = {pilot: expected(folder) for pilot, folder in folders.items()}
    budget: dict[tuple[str, int], Counter[str]] = {}
    unknown: Counter[tuple[str, int]] = Counter()
    one_year: Counter[int] = Counter()
    for pilot in data["pilots"]:
        mine = figures[pilot["id"]]
        assert pilot["budget"]["year"] == mine["year"]
        assert pilot["budget"]["by_source"] == dict(mine["known"])
        assert pilot["budget"]["total"] == (sum(mine["known"].values()) or None)
        assert pilot["budget"]["unknown"] == mine["unknown"]
        if mine["year"] is not None:  # adopted plans' budgets apart from the others'
            kind = "budget" if pilot["plan_status"] == "adopted" else "budget_not_adopted"
            budget.setdefault((kind, mine["year"]), Counter()).update(mine["known"])
            unknown[kind, mine["year"]] += mine["unknown"]
        one_year.update(mine["one_year"])
    totals = data["totals"]
    assert totals["budget_rejected"] == {}
    for kind in ("budget", "budget_not_adopted"):
        assert {(kind, int(year)) for year in totals[kind]} == {k for k in budget if k[0] == kind}
        for year, entry in totals[kind].items():
            assert entry["by_source"] == dict(budget[kind, int(year)])
            known = budget[kind, int(year)]
            assert entry["total"] == (sum(known.values()) if known else None)
            assert entry["unknown"] == unknown[kind, int(year)]
    years = {year for kind in ("budget", "budget_not_adopted") for year in totals[kind]}
    assert years == {"2026", "2027"}  # never one sum across budget years
    assert sum(unknown[kind, 2026] for kind in ("budget", "budget_not_adopted")) > 0
    assert totals["grants"]["one_year"] == {str(y): a for y, a in sorted(one_year.items())}
    period = sum(f["period"] for f in figures.values())
    assert totals["grants"]["covers_period"] == period
    assert period not in totals["grants"]["one_year"].values()
    text = run("overview", *sources(repos)).stdout
    count = unknown["budget_not_adopted", 2026]
    assert f"{count} tiltak uten budsjett for året (ukjent, ikke regnet som 0)" in text


def _number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def test_every_format_gives_the_same_figures(repos: Path, tmp_path: Path) -> None:
    _, data = overview_json(*sources(repos))
    by_id = {p["id"]: p for p in data["pilots"]}
    rows = list(csv.DictReader(io.StringIO(run("overview", "-f", "csv", *sources(repos)).stdout)))
    target = tmp_path / "oversikt æøå.xlsx"
    assert run("overview", "-o", str(target), *sources(repos)).exit_code == 0
    book = load_workbook(target)
    # plans of 2025, 2026 and 2027: each plan year's budgets on a sheet of their own
    assert book.sheetnames == [
        "Piloter",
        "Tilskudd",
        "Samlet for alle pilotene",
        "Tilskudd samlet",
        "Budsjett per planår",
    ]
    sheet = book["Piloter"]
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["ID", "Navn", "Målform"]
    assert header[COLUMNS.index("budget.total")] == "Budsjett, kjente beløp i alt"
    assert header[COLUMNS.index("budget.by_source.own_funds")] == "Budsjett, egne midler"
    assert header[COLUMNS.index("measures.ongoing")] == "Tiltak i gang"
    assert not [name for name in header if "." in name or "_" in name]  # no key paths
    book_rows = [
        dict(zip(COLUMNS, (c.value for c in row), strict=True)) for row in sheet.iter_rows(2)
    ]
    for cell in (c for row in sheet.iter_rows() for c in row):
        assert cell.data_type != "f"  # no formula that could be stale
    for row, book in zip(rows, book_rows, strict=True):
        pilot = by_id[row["id"]]
        assert book["id"] == row["id"]
        total = pilot["budget"]["total"]
        assert row["budget.total"] == ("" if total is None else str(total))
        assert book["budget.total"] == total
        assert book["budget.unknown"] == pilot["budget"]["unknown"]
        assert isinstance(book["budget.unknown"], int)
        assert isinstance(book["measures.ongoing"], int)
        end = book["period.end"]
        assert end.date().isoformat() == row["period.end"] == pilot["period"]["end"]
    text = run("overview", *sources(repos)).stdout
    md = run("overview", "-f", "md", *sources(repos)).stdout
    html = run("overview", "-f", "html", *sources(repos)).stdout
    labels = {
        "budget": "Budsjett i vedtatte planer",
        "budget_not_adopted": "Budsjett i planer som ikke er vedtatt ennå",
    }
    for kind, label in labels.items():
        for year, entry in data["totals"][kind].items():
            totals = text.split("Samlet for alle pilotene")[1]
            found = re.search(rf"{label}[^:]*: ({year}: ([^;\n]+))", totals)
            assert found is not None, (kind, year)
            if entry["total"] is None:
                assert found[2] == "ingen kjente beløp"
            else:
                assert found[2].endswith("kr i kjente beløp")
                assert _number(found[2]) == entry["total"]
            assert found[0] in md
            assert found[1] in html


# ------------------------------------------------------------------------ failures


def test_a_broken_plan_is_named_and_skipped_not_shown_as_no_plan(repos: Path) -> None:
    """brokendal has a readable 2025 plan and a broken 2026 plan: it was shown with the
    2025 plan as its latest (or «no plan yet»), and the exit code was 0."""
    result, data = overview_json("broken", "testdalen")
    assert result.exit_code == 1
    assert [p["id"] for p in data["pilots"]] == ["testdalen"]
    where = "broken/pilots/brokendal/plans/2026.yaml:3: "
    assert f"bygdevekst: hoppet over broken: {where}" in result.stderr
    assert data["failures"][0]["message"].startswith(where)


def test_a_pilot_is_counted_once(repos: Path) -> None:
    """The same repository twice, or the same pilot id in two repositories, doubled every
    figure of that pilot in the totals."""
    _, once = overview_json("testdalen")
    for twice in (
        ["testdalen", "testdalen"],
        ["testdalen", "testdalen@main"],
        ["testdalen", "kopi"],
    ):
        result, data = overview_json(*twice)
        assert result.exit_code == 1
        assert [p["id"] for p in data["pilots"]] == ["testdalen"]
        assert data["totals"]["budget"] == once["totals"]["budget"]
        assert data["totals"]["grants"] == once["totals"]["grants"]
        commit = once["pilots"][0]["source"]["commit"][:12]
        first = (
            f"piloten testdalen er allerede lest fra testdalen/pilots/testdalen/pilot.yaml:3"
            f" @ {commit}; kopien i "
        )
        assert f"bygdevekst: hoppet over {twice[1]}: {first}" in result.stderr
    result, data = overview_json("--at", "2026-06-01", "testdalen", "kopi")
    assert [p["id"] for p in data["pilots"]] == ["testdalen"]
    first = (
        f"piloten testdalen er allerede lest fra testdalen@{commit}:pilots/testdalen/pilot.yaml:3;"
        " kopien i kopi@"
    )
    assert first in result.stderr


def test_a_second_copy_is_listed_as_left_out_not_as_unreadable(repos: Path, tmp_path: Path) -> None:
    """A second copy of a pilot was read well and left out on purpose (it would double the
    totals), yet text, md and the workbook listed it under «Kilder som ikke kunne leses»."""
    for lang, heading, wrong, why in (
        ("nb", "Kilder som er hoppet over", "ikke kunne leses", "er allerede lest fra"),
        ("nn", "Kjelder som er hoppa over", "ikkje kunne lesast", "er alt lesen frå"),
    ):
        for form in ("text", "md"):
            shown = run("overview", "-f", form, "--lang", lang, "testdalen", "kopi").stdout
            assert heading in shown and wrong not in shown, (lang, form)
            # the reason in the report's written standard too
            assert f"kopi: piloten testdalen {why}" in shown.split(heading)[1]
        target = tmp_path / f"oversikt-{lang}.xlsx"
        run("overview", "-o", str(target), "--lang", lang, "testdalen", "kopi")
        rows = list(load_workbook(target)[heading].iter_rows(values_only=True))
        assert [row[0] for row in rows[1:]] == ["kopi"]


def test_the_workbook_gives_state_language_and_funding_source_in_words(
    repos: Path, tmp_path: Path
) -> None:
    """The workbook is for people, yet its «Avtalen», «Målform» and the grants sheet's
    «Finansieringskilde» held the YAML's codes («signed», «nn», «state_measure_funds»)
    where text, md and the dashboard say «signert», «nynorsk», «statlige tiltaksmidler»."""
    for lang, expected in (
        ("nb", [("signert", "nynorsk"), ("enighet om teksten", "bokmål")]),
        ("nn", [("signert", "nynorsk"), ("semje om teksten", "bokmål")]),
    ):
        target = tmp_path / f"oversikt-{lang}.xlsx"
        assert (
            run("overview", "--lang", lang, "-o", str(target), "testdalen", "innlandet").exit_code
            == 0
        )
        book = load_workbook(target)
        pilots, grants = book.worksheets[:2]
        rows = [
            dict(zip(COLUMNS, row, strict=True)) for row in pilots.iter_rows(2, values_only=True)
        ]
        assert [(row["state"], row["language"]) for row in rows] == expected, lang
        funding = {row[1] for row in grants.iter_rows(2, values_only=True)}
        assert words(lang)("source.state_measure_funds") in funding, lang
        assert not [source for source in funding if "_" in source], lang


def test_period_grants_no_plan_records_are_not_totalled_as_0(repos: Path) -> None:
    """A pilot with no plan, or none read, says «ikke ført inn» of its grants, yet the
    totals said «Tilskudd for hele perioden …: 0 kr»: unknown is never 0."""
    for source in ("innlandet", "finst-ikkje"):
        _, data = overview_json(source)
        assert data["totals"]["grants"] == {"one_year": {}, "covers_period": None}, source
        text = run("overview", source).stdout.split("Samlet for alle pilotene")[1]
        assert "  Tilskudd for hele perioden: ikke ført inn\n" in text, source
        assert "0 kr" not in text, source
    _, data = overview_json("innlandet", "testdalen")  # the known ones are summed
    assert data["totals"]["grants"]["covers_period"] == 18_000_000


def test_a_failing_source_is_named_and_the_others_shown(repos: Path) -> None:
    result, data = overview_json("finst-ikkje", "testdalen", "file:///finst/ikkje.git")
    assert result.exit_code == 1
    assert [p["id"] for p in data["pilots"]] == ["testdalen"]
    assert [f["source"] for f in data["failures"]] == ["finst-ikkje", "file:///finst/ikkje.git"]
    assert "Traceback" not in result.output


# ----------------------------------------------------------------------------- --at


@pytest.mark.parametrize(
    ("day", "plan", "commit"),
    [
        ("2026-01-01", 2025, 0),
        ("2026-01-02", 2026, 1),
        ("2026-12-01", 2026, 1),
        ("2099-12-31", 2026, 1),
    ],
)
def test_at_reads_the_commit_of_that_day_and_names_it(
    repos: Path, day: str, plan: int, commit: int
) -> None:
    commits = [c.hexsha for c in git.Repo(repos / VEST_TELEMARK).iter_commits()]
    result, data = overview_json("--at", day, VEST_TELEMARK, "varanger@v1")
    assert result.exit_code == 0, result.stderr
    vt, varanger = data["pilots"]
    assert vt["latest_plan"] == plan
    assert vt["source"]["commit"] == commits[::-1][commit]
    assert varanger["name"] == "Vestre Varanger"  # the tag, not the later commit
    text = run("overview", "--at", day, VEST_TELEMARK).stdout
    assert f"Kjelde: {VEST_TELEMARK} (commit {commits[::-1][commit][:12]})" in text


def test_at_a_date_before_the_pilot_existed(repos: Path) -> None:
    result, data = overview_json("--at", "2025-12-31", VEST_TELEMARK, "empty", "testdalen")
    assert result.exit_code == 1
    assert data["pilots"] == []
    assert f"hoppet over {VEST_TELEMARK}: {VEST_TELEMARK} har ingen commit 2025-12-31" in (
        result.stderr
    )
    assert "hoppet over empty:" in result.stderr


# ------------------------------------------------------------------------------ -o


@pytest.mark.parametrize(
    ("name", "starts"),
    [
        ("oversikt.html", b"<!DOCTYPE html>"),
        ("oversikt.json", b"{"),
        ("o.md", b"# "),
        ("o.csv", b"id,name"),
        ("o.xlsx", b"PK"),
        ("oversikt", b"Oversikt"),
    ],
)
def test_output_without_format_follows_the_extension(
    repos: Path, tmp_path: Path, name: str, starts: bytes
) -> None:
    """``-o oversikt.html`` wrote the text format into the .html file."""
    target = tmp_path / name
    result = run("overview", "testdalen", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(starts)


def test_a_format_that_contradicts_the_extension_is_refused(repos: Path, tmp_path: Path) -> None:
    (tmp_path / "oversikt.html").write_text("forrige veke", encoding="utf-8")
    result = run("overview", "testdalen", "-f", "xlsx", "-o", str(tmp_path / "oversikt.html"))
    assert result.exit_code == 2
    assert "--format xlsx passer ikke med filendelsen til" in result.stderr
    assert (tmp_path / "oversikt.html").read_text(encoding="utf-8") == "forrige veke"
    result = run("overview", "testdalen", "-o", str(tmp_path / "oversikt.pdf"))
    assert result.exit_code == 2
    assert "endelsen «.pdf»" in result.stderr
    assert not (tmp_path / "oversikt.pdf").exists()
    assert run("overview", "testdalen", "-f", "json", "-o", str(tmp_path / "o.txt2")).exit_code == 0


# -------------------------------------------------------------------------- grants


def test_one_year_grants_of_different_years_are_never_one_sum(repos: Path) -> None:
    """vest-telemark's 2025 plan has an operating grant for each of 2023, 2024 and 2025:
    the pilot's line said «tilskudd for ett år: 6 000 000 kr», three years added up."""
    plan = _yaml(REPO / "pilots" / "vest-telemark" / "plans" / "2025.yaml")
    by_year: Counter[int] = Counter()
    for grant in plan["funding"]["grants"]:
        if not grant.get("covers_period"):
            by_year[grant["year"]] += grant["amount"]
    assert len(by_year) == 3
    text = run("overview", "--lang", "nb", "--at", "2026-01-01", VEST_TELEMARK).stdout
    pilot_line = next(line for line in text.splitlines() if line.startswith("  Tilskudd: "))
    assert "ett år" not in pilot_line
    for year, amount in by_year.items():
        assert re.search(rf"tilskudd for {year}: {amount // 1_000_000}\s000\s000\skr", pilot_line)
    rows = list(
        csv.DictReader(
            io.StringIO(run("overview", "--at", "2026-01-01", "-f", "csv", VEST_TELEMARK).stdout)
        )
    )
    assert rows[0]["grants.one_year"] == ""  # no single figure: the grants sheet has each
    md = run("overview", "--lang", "nb", "--at", "2026-01-01", "-f", "md", VEST_TELEMARK).stdout
    assert re.search(r"\| 2023: 2\s000\s000\skr; 2024: 2\s000\s000\skr; 2025: ", md)
    # one year only: the sentence and the column as before
    text = run("overview", "--lang", "nb", "testdalen").stdout
    assert re.search(r"Tilskudd: tilskudd for ett år: 1\s000\s000\skr; tilskudd for hele", text)
    rows = list(csv.DictReader(io.StringIO(run("overview", "-f", "csv", "testdalen").stdout)))
    assert rows[0]["grants.one_year"] == "1000000"


def test_a_pilot_without_a_plan_is_not_said_to_have_a_plan_without_grants(repos: Path) -> None:
    text = run("overview", "innlandet").stdout
    assert "  Tilskudd: ingen handlingsplan ennå\n" in text
    assert "Handlingsplanen har ingen tilskudd" not in text
    html = run("overview", "-f", "html", "innlandet").stdout
    assert "Handlingsplanen har ingen tilskudd" not in html


# ---------------------------------------------------------------------------- site


def _links(page: Path) -> list[str]:
    return [
        link
        for link in re.findall(r'href="([^"#]+)', page.read_text(encoding="utf-8"))
        if not re.match(r"[a-z]+:", link)
    ]


def test_the_site_of_ten_repositories(repos: Path, tmp_path: Path) -> None:
    output = tmp_path / "nettstad æøå"
    result = run(
        "site", "-o", str(output), "--downloads", "docx", *sources(repos), "broken", "kopi"
    )
    assert result.exit_code == 1
    assert "hoppet over broken: broken/pilots/brokendal/plans/2026.yaml:3: " in result.stderr
    assert "hoppet over kopi: piloten testdalen er allerede lest fra" in result.stderr
    pages = sorted(output.rglob("*.html"))
    for page in pages:  # every link leads to a page or a download that is there
        for link in _links(page):
            target = (page.parent / link).resolve()
            assert target.is_file(), f"{page.relative_to(output)} → {link}"
            if target.suffix == ".docx":
                assert target.read_bytes()[:2] == b"PK"
    front = output / "index.html"
    folders = _pilot_folders(repos)
    pilot_pages = [link for link in _links(front) if link.endswith("/index.html")]
    assert sorted(set(pilot_pages)) == sorted(f"{p}/index.html" for p in folders)
    assert len(pilot_pages) == 2 * len(folders)  # the summary table and each pilot's heading
    for pilot, folder in folders.items():
        page = output / pilot / "index.html"
        language = _yaml(folder / "pilot.yaml")["language"]
        text = page.read_text(encoding="utf-8")
        assert f'<html lang="{language}">' in text
        assert {"nn": "<h2>Dokument</h2>", "nb": "<h2>Dokumenter</h2>"}[language] in text
        years = sorted(int(p.stem) for p in (folder / "plans").glob("*.yaml"))
        if not years:
            continue
        # two clicks from the front page: the pilot's page, then its latest plan and changes
        links = _links(page)
        assert f"{years[-1]}/plan.html" in links
        assert (f"{years[-1]}/changes.html" in links) == (len(years) > 1)


# --------------------------------------------------------------- sources, as named


@pytest.mark.parametrize(
    ("source", "split"),
    [
        ("ssh://git@git.example.no/sekretariat/sordal.git", None),
        ("ssh://git@git.example.no/sekretariat/sordal.git@v2026.1", "v2026.1"),
        ("https://kari@git.example.no/sordal.git@main", "main"),
        ("git@git.example.no:sekretariat/sordal.git", None),
        ("git@git.example.no:sekretariat/sordal.git@main", "main"),
        ("../sordal@feature/ny-plan", "feature/ny-plan"),
    ],
)
def test_the_user_of_a_url_is_no_revision(source: str, split: str | None) -> None:
    """``ssh://git@host/repo.git`` was split at its @ into the URL ``ssh://git`` and the
    revision ``host/repo.git``."""
    from bygdevekst_cli.overview import split_ref

    location, ref = split_ref(source)
    assert ref == split
    assert location + (f"@{ref}" if ref else "") == source


def test_a_url_with_a_user_is_cloned_as_named(repos: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_TERMINAL_PROMPT", "0")
    url = "https://kari@127.0.0.1/finst-ikkje.git"
    result, data = overview_json(url, "testdalen")
    assert result.exit_code == 1
    assert f"hoppet over {url}: git clone {url} feilet" in result.stderr
    assert [p["id"] for p in data["pilots"]] == ["testdalen"]


def test_a_folder_with_an_at_in_its_path(repos: Path, tmp_path: Path) -> None:
    """A folder such as ``kari@kommune.no/testdalen`` was read as the revision
    ``kommune.no/testdalen`` of a folder ``kari`` that is not there."""
    folder = tmp_path / "kari@kommune.no" / "testdalen"
    shutil.copytree(repos / "testdalen", folder)
    for source in (str(folder), f"{folder}@main"):
        result, data = overview_json(source)
        assert result.exit_code == 0, result.stderr
        assert [p["id"] for p in data["pilots"]] == ["testdalen"]


def test_a_file_as_source_is_named_not_a_traceback(repos: Path) -> None:
    """``overview pilots/x/pilot.yaml`` listed the file as a folder: NotADirectoryError."""
    file = "testdalen/pilots/testdalen/pilot.yaml"
    for source in (file, f"{file}@main"):
        result, data = overview_json(source, "innlandet")
        assert result.exit_code == 1
        said = f"hoppet over {source}: {file} er en fil, ikke en mappe; gi pilotmappen"
        assert said in result.stderr
        assert [p["id"] for p in data["pilots"]] == ["innlandet"]


def test_text_that_starts_with_equals_is_no_formula_in_the_workbook(
    repos: Path, tmp_path: Path
) -> None:
    """openpyxl wrote a name «=HYPERLINK(…)» as a formula the spreadsheet would run."""
    name = '=HYPERLINK("https://example.org";"Trykk her")'
    pilot = tmp_path / "pilots" / "formeldal"
    _pilot(tmp_path, MINIMAL, "formeldal", id="formeldal", name=json.dumps(name))
    target = tmp_path / "o.xlsx"
    assert run("overview", str(pilot), "-o", str(target)).exit_code == 0
    sheet = load_workbook(target).worksheets[0]
    cell = sheet.cell(2, COLUMNS.index("name") + 1)
    assert (cell.value, cell.data_type) == (name, "s")
    with zipfile.ZipFile(target) as book:
        sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not [n for n in sheets if b"<f>" in book.read(n)]


def test_at_in_a_shallow_clone_says_what_to_fetch(repos: Path, tmp_path: Path) -> None:
    """A clone as actions/checkout makes it (depth 1) said «… has no commit on or before
    2026-01-01», though the repository has one: it was only not fetched."""
    clone = shallow_clone(git.Repo(repos / VEST_TELEMARK), tmp_path / "grunn")
    result, data = overview_json("--at", "2026-01-01", str(clone.working_dir), "testdalen")
    assert result.exit_code == 1
    assert "har ingen commit" not in result.stderr
    assert "klonen er grunn (shallow clone)" in result.stderr
    assert "git fetch --unshallow" in result.stderr
    assert [p["id"] for p in data["pilots"]] == ["testdalen"]
    result, data = overview_json("--at", "2026-01-02", str(clone.working_dir))
    assert result.exit_code == 0  # the commit it has is read
    assert data["pilots"][0]["source"]["commit"] == clone.head.commit.hexsha


def test_two_files_for_one_plan_year_are_an_error_not_a_silent_choice(tmp_path: Path) -> None:
    """plans/2026.yaml and a copy plans/2026.yml with other amounts: one of them was the
    plan, silently, and validate found nothing."""
    pilot = _pilot(tmp_path, MINIMAL, "testdalen")
    plan = (pilot / "plans" / "2026.yaml").read_text(encoding="utf-8")
    (pilot / "plans" / "2026.yml").write_text(plan.replace("600000", "999000"), "utf-8")
    result, data = overview_json(str(pilot))
    assert result.exit_code == 1
    assert data["pilots"] == []
    said = f"{pilot.as_posix()}/plans/2026.yml: Både denne filen og «plans/2026.yaml» finnes"
    assert said in result.stderr
    result = run("validate", str(pilot), "--format", "json")
    assert result.exit_code == 1
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["code"], finding["severity"]) == ("BV011", "error")
    assert finding["file"].endswith("plans/2026.yml")


def test_the_dashboards_budget_column_names_each_budgets_year(repos: Path) -> None:
    """The summary table's budget column gave bare sums: Sørdal's 2027 budget beside
    Testdalen's 2026 one read as one year's figures."""
    html = as_read(run("overview", "-f", "html", "testdalen", "sørdal").stdout)
    table = html[html.index("<tbody>") : html.index("</tbody>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    assert re.search(r"Testdalen</a>.*>1\s300\s000\skr \(2026\)</td>", rows[0], re.S)
    assert re.search(r"Sørdal</a>.*>300\s000\skr \(2027\)</td>", rows[1], re.S)


# ------------------------------------------------------------------------- the cost


def test_ten_repositories_are_read_with_one_git_look_each(repos: Path, tmp_path: Path) -> None:
    """Every git process the overview starts is logged by a ``git`` ahead of the real one
    on PATH: each repository is looked at once (its status, or one rev-list and GitPython's
    two object readers), a URL cloned once; and the whole stays well within a CPU budget."""
    real = shutil.which("git")
    assert real is not None
    shim = tmp_path / "bin" / "git"
    shim.parent.mkdir()
    log = tmp_path / "git.log"
    shim.write_text(f'#!/bin/sh\necho "$PWD|$1" >> "{log}"\nexec "{real}" "$@"\n', "utf-8")
    shim.chmod(0o755)
    env = {**os.environ, "PATH": f"{shim.parent}{os.pathsep}{os.environ['PATH']}"}
    env |= {"BYGDEVEKST_NO_CACHE": "1", "BYGDEVEKST_LANGUAGE": "nb"}
    for at in ([], ["--at", "2026-06-01"]):
        log.write_text("", encoding="utf-8")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(
            [sys.executable, "-m", "bygdevekst_cli", "overview", *at, *sources(repos)[:-1]],
            cwd=repos,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        assert done.returncode == 0, done.stderr
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        assert cpu < 20, cpu  # about 2 s here; a repository read per pilot would show
        calls = Counter(
            line.split("|")[0]
            for line in log.read_text("utf-8").splitlines()
            if "|version" not in line
        )
        for place, count in calls.items():
            assert count <= (3 if at else 2), (place, count, at)  # two pilots: still once
        assert sum(1 for line in log.read_text("utf-8").splitlines() if "|clone" in line) == 1


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_the_site_never_replaces_a_folder_that_is_not_a_site(
    repos: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``site -o testdalen testdalen`` (or ``-o .`` in the repository) replaced the pilots'
    repository, .git and all, with the site, and deleted it."""
    repo = tmp_path / "testdalen"
    shutil.copytree(repos / "testdalen", repo)
    mine = tmp_path / "notat"
    mine.mkdir()
    (mine / "viktig.txt").write_text("ikkje slett meg", encoding="utf-8")
    before = _tree(tmp_path)
    for output, cwd in ((repo, tmp_path), (Path(), repo), (mine, tmp_path)):
        monkeypatch.chdir(cwd)
        result = run("site", "-o", str(output), "--downloads", "none", str(repo))
        assert result.exit_code == 2, result.output
        assert f"{output.as_posix()} blir ikke byttet ut med nettstedet" in result.stderr
        assert _tree(tmp_path) == before
    monkeypatch.chdir(tmp_path)
    for output in ("public", "public", "tom"):  # new, a site made before, an empty folder
        (tmp_path / "tom").mkdir(exist_ok=True)
        result = run("site", "-o", output, "--downloads", "none", str(repo))
        assert result.exit_code == 0, result.output
        assert (tmp_path / output / "testdalen" / "index.html").is_file()
    monkeypatch.chdir(tmp_path / "public")  # the folder you are in, though a site
    assert run("site", "-o", ".", "--downloads", "none", str(repo)).exit_code == 2


def test_a_working_tree_with_changes_is_not_passed_off_as_its_commit(
    repos: Path, tmp_path: Path
) -> None:
    """«Kilde: … (commit <commit>)» was shown for figures read from uncommitted edits."""
    repo = tmp_path / "to piloter"
    shutil.copytree(repos / "to piloter", repo)
    plan = repo / "pilots" / "nordbygd" / "plans" / "2026.yaml"
    plan.write_text(plan.read_text("utf-8").replace("600000", "650000"), "utf-8")
    text = run("overview", str(repo)).stdout
    blocks = [block.splitlines() for block in text.split("\n\n")[1:-1]]
    sources = {block[0]: block[-1] for block in blocks}  # «Name (id)» → «  Kilde: …»
    commit = git.Repo(repo).head.commit.hexsha[:12]
    assert sources["Fullplan (fullplan)"].endswith(f"pilots/fullplan (commit {commit})")
    said = f"pilots/nordbygd (commit {commit}, med endringer som ikke er committet)"
    assert sources["Nordbygd (nordbygd)"].endswith(said)
    html = run("overview", "-f", "html", str(repo)).stdout
    assert html.count(", med endringer som ikke er committet)") == 1
    result = run("overview", str(repos / "empty"))  # no commit at all: every file is new
    assert "tomdal (med endringar som ikkje er committa)\n" in result.stdout  # a nn pilot


def test_the_machine_formats_say_which_rows_are_not_what_is_committed(
    repos: Path, tmp_path: Path
) -> None:
    """text, md and html said a pilot had uncommitted edits; json, csv and xlsx did not, so
    the ministry's spreadsheet took the working tree's figures for the commit's."""
    repo = tmp_path / "to piloter"
    shutil.copytree(repos / "to piloter", repo)

    def machine() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        data = json.loads(run("overview", "-f", "json", str(repo)).stdout)
        rows = csv.DictReader(io.StringIO(run("overview", "-f", "csv", str(repo)).stdout))
        book = tmp_path / "oversikt.xlsx"
        assert run("overview", "-o", str(book), str(repo)).exit_code == 0
        sheet = list(load_workbook(book).worksheets[0].iter_rows(values_only=True))
        assert sheet[0][-1] == "Endringer ikke committet"
        return (
            {p["id"]: p["source"] for p in data["pilots"]},
            {row["id"]: row for row in rows},
            {row[0]: dict(zip(COLUMNS, row, strict=True)) for row in sheet[1:]},
        )

    sources, rows, cells = machine()  # as committed
    assert {i: s["uncommitted"] for i, s in sources.items()} == {
        "fullplan": False,
        "nordbygd": False,
    }
    assert [r["source.uncommitted"] for r in rows.values()] == ["False", "False"]
    assert [c["source.uncommitted"] for c in cells.values()] == [False, False]
    assert COLUMNS[-3:] == ("source.location", "source.commit", "source.uncommitted")
    assert list(sources["nordbygd"]) == ["location", "commit", "uncommitted"]

    plan = repo / "pilots" / "nordbygd" / "plans" / "2026.yaml"
    plan.write_text(plan.read_text("utf-8").replace("600000", "650000"), "utf-8")
    sources, rows, cells = machine()
    assert sources["nordbygd"]["uncommitted"] is True
    assert sources["fullplan"]["uncommitted"] is False
    assert rows["nordbygd"]["source.uncommitted"] == "True"
    assert rows["fullplan"]["source.uncommitted"] == "False"
    assert cells["nordbygd"]["source.uncommitted"] is True
    assert cells["fullplan"]["source.uncommitted"] is False
    committed = json.loads(run("overview", "-f", "json", f"{repo}@HEAD").stdout)
    assert [p["source"]["uncommitted"] for p in committed["pilots"]] == [False, False]
