"""The gate (issue 9): every pilot is seen, nothing is shown from broken data, bounded values,
links out of a pilot, narrow console encodings and the pre-commit hook, through the real CLI
and real git repositories."""

from __future__ import annotations

import io
import json
import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from ruamel.yaml import YAML

from bygdevekst_cli.pilotset import read_pilot
from bygdevekst_cli.render.documents import Request
from bygdevekst_cli.render.formats.pdf import typst_source
from bygdevekst_cli.render.output import prepare_pilot
from bygdevekst_cli.validate import GATE_LIMIT, InvalidData, require_valid
from tests.gitrepo import PLAN, commit, pilot_repo
from tests.helpers import MINIMAL, REPO, console_script, copy_minimal, edit, run_cli

VESTRE_VARANGER = REPO / "pilots" / "vestre-varanger"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``tmp_path`` as the current folder, holding ``pilots/testdalen`` (valid, Nynorsk)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BYGDEVEKST_LANGUAGE", raising=False)
    copy_minimal(tmp_path)
    return tmp_path


def plan_of(workdir: Path) -> Path:
    return workdir / "pilots" / "testdalen" / "plans" / "2026.yaml"


def findings(output: str) -> list[tuple[str, str]]:
    return [(f["file"], f["code"]) for f in json.loads(output)["findings"]]


def under_missing_sub_goal(pilot: Path) -> None:
    """Measure 2.1 placed under sub-goal 9, which the agreement does not have (BV202)."""
    edit(pilot / "plans" / "2026.yaml", "    sub_goal: 2\n", "    sub_goal: 9\n")


# --- every pilot is seen ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "suggestion"),
    [("nn", "meinte du «Pilot.yaml»?"), ("nb", "mente du «Pilot.yaml»?")],
)
def test_a_pilot_folder_with_a_misspelt_pilot_yaml_is_an_error(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, language: str, suggestion: str
) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", language)
    broken = workdir / "pilots" / "austdalen"
    shutil.copytree(MINIMAL, broken)
    (broken / "pilot.yaml").rename(broken / "Pilot.yaml")
    code, output = run_cli("validate")
    assert code == 1, output
    assert "pilots/austdalen/pilot.yaml" in output
    assert "BV014" in output and suggestion in output


def test_a_pilot_folder_without_any_pilot_file_is_seen(workdir: Path) -> None:
    strays = workdir / "pilots" / "nordalen"
    strays.mkdir()
    (strays / "pilot.yml.txt").write_text("id: nordalen\n", encoding="utf-8")
    code, output = run_cli("validate", "-f", "json")
    assert code == 1
    assert ("pilots/nordalen/pilot.yaml", "BV014") in findings(output)
    message = next(
        f["message"]
        for f in json.loads(output)["findings"]
        if f["file"] == "pilots/nordalen/pilot.yaml"
    )
    assert "«pilot.yml.txt»" in message


def test_check_fails_on_a_pilot_without_pilot_yaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = pilot_repo(tmp_path / "repo")
    monkeypatch.chdir(repo.working_dir)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    base = repo.head.commit.hexsha
    shutil.copytree(MINIMAL, Path(repo.working_dir, "pilots", "austdalen"))
    Path(repo.working_dir, "pilots", "austdalen", "pilot.yaml").rename(
        Path(repo.working_dir, "pilots", "austdalen", "pilot.yml")
    )
    commit(repo, "Austdalen, med feil filnamn")
    code, output = run_cli("check", "--base", base)
    assert code == 1, output
    assert "pilots/austdalen/pilot.yaml" in output and "BV014" in output


def test_a_single_file_of_a_pilot_without_pilot_yaml_names_the_missing_file(
    workdir: Path,
) -> None:
    pilot = workdir / "pilots" / "testdalen"
    (pilot / "pilot.yaml").unlink()
    code, output = run_cli("validate", "-f", "json", "pilots/testdalen/plans/2026.yaml")
    assert code == 1
    found = findings(output)
    assert ("pilots/testdalen/pilot.yaml", "BV014") in found
    notices = [f for f in json.loads(output)["findings"] if f["code"] == "BV015"]
    assert [f["file"] for f in notices] == ["pilots/testdalen/plans/2026.yaml"]
    assert "BV016–BV305" in notices[0]["message"]


def test_a_single_file_is_checked_with_its_pilots_rules(workdir: Path) -> None:
    under_missing_sub_goal(workdir / "pilots" / "testdalen")
    code, output = run_cli("validate", "-f", "json", "pilots/testdalen/plans/2026.yaml")
    assert code == 1
    assert ("pilots/testdalen/plans/2026.yaml", "BV202") in findings(output)


def test_a_single_file_beside_a_broken_pilot_yaml_says_which_rules_did_not_run(
    workdir: Path,
) -> None:
    edit(workdir / "pilots" / "testdalen" / "pilot.yaml", "language: nn", "language: 7")
    code, output = run_cli("validate", "pilots/testdalen/plans/2026.yaml")
    assert code == 0, output  # the file itself has no error; the notice is a warning
    assert "BV015" in output
    assert "pilots/testdalen/pilot.yaml har feil" in output


# --- nothing is shown from broken data -----------------------------------------------------------


def test_render_stops_on_a_measure_under_a_missing_sub_goal(workdir: Path) -> None:
    under_missing_sub_goal(workdir / "pilots" / "testdalen")
    code, output = run_cli("render", "plan", "testdalen")
    assert code == 1
    assert "pilots/testdalen/plans/2026.yaml:" in output and "BV202" in output
    assert "--draft" in output
    assert not (workdir / "out").exists()


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pdf"])
def test_render_draft_marks_every_format(workdir: Path, fmt: str) -> None:
    under_missing_sub_goal(workdir / "pilots" / "testdalen")
    code, output = run_cli("render", "plan", "testdalen", "--draft", "-f", fmt)
    assert code == 0, output
    data = (workdir / "out" / "testdalen" / "2026" / f"handlingsplan.{fmt}").read_bytes()
    mark = "UTKAST – inneheld feil"
    if fmt == "md":
        assert data.decode().splitlines()[0] == f"**{mark}**"
    elif fmt == "html":
        page = data.decode()
        assert f"<title>{mark}: " in page
        assert '<p class="draft" role="note"' in page and f"<strong>{mark}</strong>" in page
        assert f'content="{mark}"' in page
    elif fmt == "docx":
        document = Document(io.BytesIO(data))
        assert document.core_properties.title.startswith(f"{mark}: ")
        assert mark in document.core_properties.keywords
        assert all(s.header.paragraphs[0].text == mark for s in document.sections)
    else:
        assert data.startswith(b"%PDF")
        assert f'<rdf:li xml:lang="x-default">{mark}: '.encode() in data  # XMP title


def test_the_pdf_source_marks_title_keywords_and_every_page(workdir: Path) -> None:
    under_missing_sub_goal(workdir / "pilots" / "testdalen")
    rendered = next(prepare_pilot("testdalen", Request("plan", None, None)).render())
    source = typst_source(rendered, "UTKAST – inneheld feil")
    assert 'title: "UTKAST – inneheld feil: ' in source
    assert 'keywords: ("UTKAST – inneheld feil", ' in source
    assert '#set page(header: align(center, text(weight: "bold"' in source
    assert "UTKAST" not in typst_source(rendered)


def test_a_valid_pilot_is_never_marked(workdir: Path) -> None:
    code, output = run_cli("render", "plan", "testdalen", "--draft", "-o", "-")
    assert code == 0
    assert "UTKAST" not in output


def test_render_draft_in_bokmaal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BYGDEVEKST_LANGUAGE", raising=False)
    pilot = tmp_path / "pilots" / "vestre-varanger"
    shutil.copytree(VESTRE_VARANGER, pilot)
    edit(pilot / "agreement.yaml", "      - husbanken\n", "      - ingen-slik-part\n")
    code, output = run_cli("render", "agreement", "vestre-varanger", "-o", "-")
    assert code == 1
    assert output.startswith("bygdevekst: pilots/vestre-varanger: dataene har 1 feil")
    assert "agreement.yaml:" in output and "BV202" in output
    assert "Med --draft blir dokumentet laget likevel" in output
    code, output = run_cli("render", "agreement", "vestre-varanger", "--draft", "-o", "-")
    assert code == 0
    assert output.splitlines()[0] == "**UTKAST – inneholder feil**"


def test_diff_stops_on_a_duplicate_measure_id(workdir: Path) -> None:
    plan = plan_of(workdir)
    edit(plan, '  - id: "2.1"', '  - id: "1.1"')
    code, output = run_cli("diff", "testdalen", "--from", "2025", "--to", "2026")
    assert code == 1
    assert "BV201" in output
    assert "Endra tiltak" not in output


def test_diff_between_revisions_stops_on_a_broken_head(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = pilot_repo(tmp_path / "repo")
    monkeypatch.chdir(repo.working_dir)
    under_missing_sub_goal(Path(repo.working_dir, "pilots", "testdalen"))
    code, output = run_cli("diff", "testdalen", "--base", "HEAD", "-f", "json")
    assert code == 1
    assert "BV202" in output
    assert '"pilot"' not in output
    commit(repo, "Delmål 9")
    code, output = run_cli("diff", "testdalen", "--base", "HEAD~1", "--head", "HEAD")
    assert code == 1 and "BV202" in output


def test_plan_new_stops_on_errors_and_writes_nothing(workdir: Path) -> None:
    under_missing_sub_goal(workdir / "pilots" / "testdalen")
    code, output = run_cli("plan", "new", "testdalen", "2027")
    assert code == 1
    assert "BV202" in output
    assert not (workdir / "pilots" / "testdalen" / "plans" / "2027.yaml").exists()


def test_the_gate_names_at_most_five_errors_then_counts(workdir: Path) -> None:
    plan = plan_of(workdir)
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("status: ongoing", "status: flying"), encoding="utf-8")
    edit(plan, "own_funds: 100000", "own_funds: -1")
    edit(plan, "case_number: 26/10\n    outcome: adopted", "case_number: 26/10\n    outcome: maybe")
    edit(plan, "    number: 1\n    title: Nettverk", "    number: x\n    title: Nettverk")
    edit(plan, "amount: 500000", "amount: 1.5")
    edit(plan, "from_year: 2025", "from_year: 1800")
    files = read_pilot(workdir / "pilots" / "testdalen", "pilots/testdalen")
    with pytest.raises(InvalidData) as caught:
        require_valid(files)
    lines = str(caught.value).splitlines()
    errors = caught.value.report.errors
    assert errors > GATE_LIMIT
    assert lines[0].startswith(f"pilots/testdalen: dataa har {errors} feil")
    assert len([line for line in lines if "pilots/testdalen/plans/2026.yaml:" in line]) == 5
    assert lines[-1] == f"  … og {errors - GATE_LIMIT} til"


# --- bounds and messages ----------------------------------------------------------------------


def test_bv104_shows_the_value(workdir: Path) -> None:
    edit(
        plan_of(workdir),
        "own_funds: 100000",
        "own_funds: 1.5",
    )
    code, output = run_cli("validate")
    assert code == 1
    assert "{value" not in output
    assert "BV104" in output and "fekk 1.5" in output


def test_a_26_digit_amount_is_a_finding_and_render_does_not_crash(workdir: Path) -> None:
    huge = "12345678901234567890123456"
    edit(
        plan_of(workdir),
        "own_funds: 100000",
        f"own_funds: {huge}",
    )
    code, output = run_cli("validate")
    assert code == 1
    assert "BV104" in output and f"Beløpet {huge} er for stort" in output
    code, output = run_cli("render", "plan", "testdalen", "-o", "-")
    assert code == 1 and "BV104" in output
    edit(plan_of(workdir), huge, str(10**12 - 1))
    assert "BV104" not in run_cli("validate")[1]


@pytest.mark.parametrize("date", ["1900-01-28", "2101-01-01"])
def test_dates_lie_in_2000_to_2100(workdir: Path, date: str) -> None:
    edit(
        plan_of(workdir),
        "date: 2026-01-28",
        f"date: {date}",
    )
    code, output = run_cli("validate", "-f", "json")
    assert code == 1
    messages = [f["message"] for f in json.loads(output)["findings"] if f["code"] == "BV103"]
    assert messages == [f"schedule[1].date: Datoen {date} ligg ikkje mellom år 2000 og 2100"]


def test_a_long_value_is_cut_in_the_message(workdir: Path) -> None:
    long = "x" * 500
    edit(
        plan_of(workdir),
        "26/10\n    outcome: adopted",
        f"26/10\n    outcome: {long}",
    )
    code, output = run_cli("validate", "-f", "json")
    assert code == 1
    message = next(f["message"] for f in json.loads(output)["findings"] if f["code"] == "BV103")
    assert "x" * 59 + "…" in message
    assert "x" * 61 not in message


def test_a_link_out_of_the_pilot_is_not_followed(workdir: Path) -> None:
    secret = workdir / "elsewhere" / "secret.yaml"
    secret.parent.mkdir()
    secret.write_text("year: 2027\nmeasures: løyndom-4711\n", encoding="utf-8")
    plans = workdir / "pilots" / "testdalen" / "plans"
    (plans / "2027.yaml").symlink_to(secret)
    (workdir / "pilots" / "testdalen" / "extra").symlink_to(secret.parent, target_is_directory=True)
    for args in (["validate"], ["validate", "pilots/testdalen/plans/2027.yaml"]):
        code, output = run_cli(*args)
        assert code == 1, output
        assert "pilots/testdalen/plans/2027.yaml" in output and "BV011" in output
        assert "symbolsk lenkje" in output
        assert "løyndom" not in output
    code, output = run_cli("validate", "-f", "json")
    assert ("pilots/testdalen/extra", "BV011") in findings(output)


# --- narrow console encodings -----------------------------------------------------------------


def test_a_cp1252_console_gets_replacements_not_a_crash(workdir: Path) -> None:
    pilot = workdir / "pilots" / "testdalen"
    (pilot / "ŋotat-čáhci.yaml").write_text("a: 1\n", encoding="utf-8")  # BV013, a warning
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "NO_COLOR": "1"}
    env.pop("PYTHONUTF8", None)
    run = subprocess.run(
        [console_script(), "validate"], cwd=workdir, env=env, capture_output=True, check=False
    )
    assert b"Traceback" not in run.stderr, run.stderr.decode("cp1252", "replace")
    assert run.returncode == 0  # warnings only: the data's exit code
    assert "?otat-?áhci.yaml".encode("cp1252") in run.stdout
    edit(pilot / "plans" / "2026.yaml", "own_funds: 100000", "own_funds: -1")
    run = subprocess.run(
        [console_script(), "render", "plan", "testdalen"],
        cwd=workdir,
        env=env,
        capture_output=True,
        check=False,
    )
    assert b"Traceback" not in run.stderr
    assert run.returncode == 1
    assert b"BV104" in run.stderr


# --- pre-commit --------------------------------------------------------------------------------


def _hook_entry() -> list[str]:
    hooks = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "bygdevekst-validate")
    assert hook["pass_filenames"] is True
    command = shlex.split(hook["entry"])
    assert command[0] == "bygdevekst"
    return command[1:]


def test_the_pre_commit_hook_checks_every_affected_pilot_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = pilot_repo(tmp_path / "repo")
    root = Path(repo.working_dir)
    monkeypatch.chdir(root)
    assert run_cli("plan", "new", "testdalen", "2027")[0] == 0
    commit(repo, "Handlingsplan 2027")
    assert run_cli("validate")[0] == 0
    # A new measure in 2026 that 2027 does not carry on: BV302 in the 2027 plan.
    plan = root / PLAN
    text = plan.read_text(encoding="utf-8")
    measure = (
        '  - id: "1.9"\n    sub_goal: 1\n    number: 9\n    title: Eit nytt tiltak\n'
        "    start_year: 2026\n    end_year: 2027\n    status: ongoing\n"
    )
    plan.write_text(text.replace("measures:\n", "measures:\n" + measure, 1), encoding="utf-8")
    repo.git.add(PLAN)
    staged = repo.git.diff("--cached", "--name-only").split()
    assert staged == [PLAN]
    code, output = run_cli(*_hook_entry(), *staged)
    assert code == 1, output
    assert "pilots/testdalen/plans/2027.yaml" in output and "BV302" in output
    # Only the staged file: the break in 2027 is not shown (what the hook did before).
    code, output = run_cli("validate", *staged)
    assert "BV302" not in output


def test_a_pilot_folder_linked_in_from_elsewhere_is_not_read(workdir: Path) -> None:
    elsewhere = workdir / "elsewhere" / "nordalen"
    shutil.copytree(MINIMAL, elsewhere)
    edit(elsewhere / "plans" / "2026.yaml", "own_funds: 100000", "own_funds: løyndom-4711")
    (workdir / "pilots" / "nordalen").symlink_to(elsewhere, target_is_directory=True)
    for args in (["validate", "-f", "json"], ["validate", "-f", "json", "pilots/nordalen"]):
        code, output = run_cli(*args)
        assert code == 1, output
        assert ("pilots/nordalen", "BV011") in findings(output)
        assert "løyndom" not in output
