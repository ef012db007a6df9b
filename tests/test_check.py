"""``bygdevekst check`` as CI runs it on a pull request: annotations, summary, exit codes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import git
import pytest

from bygdevekst_cli.check import run_check
from tests.gitrepo import (
    PLAN,
    commit,
    move,
    pilot_repo,
    raise_21,
    shallow_clone,
    stale_branch,
    the_three_changes,
)
from tests.helpers import MINIMAL, edit, invoke, named_as_folder


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> git.Repo:
    """Two pilots, testdalen and austdalen; the CI environment of GitHub Actions."""
    repo = pilot_repo(tmp_path / "repo")
    named_as_folder(shutil.copytree(MINIMAL, Path(repo.working_dir, "pilots", "austdalen")))
    commit(repo, "Austdalen")
    monkeypatch.chdir(repo.working_dir)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    return repo


def summary_file() -> Path:
    return Path(os.environ["GITHUB_STEP_SUMMARY"])


def test_a_clean_change_exits_0_and_summarises_only_the_changed_pilot(repo: git.Repo) -> None:
    base = repo.head.commit.hexsha
    the_three_changes(repo)
    summary_file().write_text("# Eit tidlegare steg\n", encoding="utf-8")
    result = invoke("check", "--base", base)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "Ingen feil, 0 åtvaringar; 6 filer kontrollerte."
    text = summary_file().read_text(encoding="utf-8")
    assert text.startswith("# Eit tidlegare steg\n# bygdevekst check: ")  # appended
    assert "✅ Ingen feil, 0 åtvaringar; 6 filer kontrollerte." in text
    assert f"## testdalen: {base} → arbeidskopien" in text
    assert "- Tiltak 1.2 Fleire tomter" in text
    assert "austdalen" not in text


def test_errors_give_annotations_and_exit_1(repo: git.Repo) -> None:
    edit(Path(repo.working_dir, PLAN), "own_funds: 100000", "own_funds: -3")
    commit(repo, "Feil beløp")
    result = invoke("check", "--base", "HEAD~1")
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(
        "::error file=pilots/testdalen/plans/2026.yaml,line=17,col=20,title=BV104 whole-kroner::"
    )
    text = summary_file().read_text(encoding="utf-8")
    assert "❌ 1 feil, 0 åtvaringar" in text
    assert "| feil | BV104 | `pilots/testdalen/plans/2026.yaml:17` |" in text
    # the broken plan cannot be diffed: said once, under the pilot's heading
    problem = "har ingen gyldig handlingsplan å samanlikne; køyr «bygdevekst validate»"
    assert f"## pilots/testdalen\n\n{problem}\n" in text
    assert f"pilots/testdalen: {problem}" in result.output


def test_warnings_are_folded_away_and_do_not_fail(repo: git.Repo) -> None:
    edit(Path(repo.working_dir, PLAN), "    case_number: 26/7\n", "")
    commit(repo, "Utan saksnummer")
    result = invoke("check", "--base", "HEAD~1")
    assert result.exit_code == 0
    # the warning points at the treatment, not at the deleted line: counted, not annotated
    assert result.stdout.startswith("1 funn utanfor linjene endringa rører")
    assert "<details><summary>1 åtvaring</summary>" in summary_file().read_text(encoding="utf-8")


NO_BUDGET_12 = """
  - id: "1.2"
    sub_goal: 1
    number: 2
    title: Fleire tomter
    status: planned
status:
  sub_goals"""


def test_annotations_only_where_the_change_is_the_rest_counted_per_code(
    repo: git.Repo,
) -> None:
    edit(Path(repo.working_dir, PLAN), "    case_number: 26/7\n", "")
    commit(repo, "Utan saksnummer")  # a warning from before the pull request
    base = repo.head.commit.hexsha
    text = edit(Path(repo.working_dir, PLAN), "\nstatus:\n  sub_goals", NO_BUDGET_12)
    commit(repo, "Tiltak 1.2")
    result = invoke("check", "--base", base)
    assert result.exit_code == 0, result.output
    line = text.splitlines().index('  - id: "1.2"') + 1
    annotations = [ln for ln in result.stdout.splitlines() if ln.startswith("::")]
    assert [a.split("::")[1] for a in annotations] == [
        f"warning file={PLAN},line={line},col=5,title=BV220 budget-missing",
        f"warning file={PLAN},line={line},col=5,title=BV221 measure-period-missing",
    ]
    assert "1 funn utanfor linjene endringa rører, ikkje markerte (sjå samandraget): BV224 ×1" in (
        result.stdout
    )
    summary = summary_file().read_text(encoding="utf-8")
    assert "### 1 funn utanfor linjene endringa rører (ikkje markerte)" in summary
    assert "| Kode | Tal |\n|---|---|\n| BV224 | 1 |" in summary


def test_an_error_is_annotated_anywhere_and_a_removed_measure_is_a_notice(
    repo: git.Repo,
) -> None:
    base = repo.head.commit.hexsha
    plan = Path(repo.working_dir, PLAN)
    text = plan.read_text(encoding="utf-8")
    start = text.index('  - id: "2.1"')
    plan.write_text(text[:start] + text[text.index("status:\n  sub_goals") :])
    commit(repo, "2.1 er borte")
    result = invoke("check", "--base", base, "--head", "HEAD")
    assert (
        f"::notice file={PLAN},title=testdalen 2.1::"
        "Tiltak 2.1 «Nettverk for næringane» er fjerna frå planen utan å vere avslutta"
    ) in result.stdout.splitlines()
    assert "Tiltak 2.1 Nettverk for næringane" in summary_file().read_text(encoding="utf-8")


def test_an_error_is_annotated_anywhere(repo: git.Repo) -> None:
    base = repo.head.commit.hexsha
    edit(Path(repo.working_dir, "pilots/testdalen/pilot.yaml"), "id: kviteseid", "id: kvitsei")
    commit(repo, "Nytt id for Kviteseid")  # the plan and agreement, unchanged, still name it
    result = invoke("check", "--base", base, "--head", "HEAD")
    assert result.exit_code == 1
    errors = [ln.split(",")[0] for ln in result.stdout.splitlines() if ln.startswith("::error")]
    assert f"::error file={PLAN}" in errors, result.output
    assert "::error file=pilots/testdalen/agreement.yaml" in errors


def test_head_revision_is_checked_not_the_working_tree(repo: git.Repo) -> None:
    the_three_changes(repo)
    Path(repo.working_dir, PLAN).write_text("year: [\n", encoding="utf-8")  # not committed
    assert invoke("check", "--base", "HEAD~1").exit_code == 1
    result = invoke("check", "--base", "HEAD~1", "--head", "HEAD")
    assert result.exit_code == 0, result.output
    assert "## testdalen: HEAD~1 → HEAD" in summary_file().read_text(encoding="utf-8")


def test_text_format_outside_github_and_no_summary_file(
    repo: git.Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY")
    the_three_changes(repo)
    result = invoke("check", "--base", "HEAD~1")
    assert result.exit_code == 0
    assert "::" not in result.stdout
    assert "testdalen: HEAD~1 → arbeidskopien" in result.stdout
    assert "Nye tiltak" in result.stdout


def test_a_moved_pilot_is_compared_with_its_old_folder(repo: git.Repo) -> None:
    move(repo, "pilots/austdalen", "pilots/vestdalen", "Nytt namn")
    result = run_check("HEAD~1")
    assert [(p.folder, p.diff is not None and p.diff.is_empty) for p in result.pilots] == [
        ("pilots/vestdalen", True)
    ]


def test_untracked_new_pilot_counts_as_changed(repo: git.Repo) -> None:
    named_as_folder(shutil.copytree(MINIMAL, Path(repo.working_dir, "pilots", "nydalen")))
    result = run_check("HEAD")
    assert [p.folder for p in result.pilots] == ["pilots/nydalen"]
    assert result.pilots[0].diff is not None
    assert [m.id for m in result.pilots[0].diff.new] == ["1.1", "2.1"]


def test_a_removed_pilot_is_named(repo: git.Repo) -> None:
    shutil.rmtree(Path(repo.working_dir, "pilots", "austdalen"))
    commit(repo, "Austdalen er ute")
    (removed,) = run_check("HEAD~1").pilots
    assert (removed.folder, removed.removed, removed.diff) == ("pilots/austdalen", True, None)


def test_shallow_clone_without_the_base_says_what_to_fetch(
    repo: git.Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = repo.head.commit.hexsha
    the_three_changes(repo)
    clone = shallow_clone(repo, tmp_path / "clone")
    monkeypatch.chdir(clone.working_dir)
    result = invoke("check", "--base", base)
    assert result.exit_code == 2
    assert f"git fetch --unshallow origin {base}" in result.stderr
    assert "Traceback" not in result.output
    result = invoke("check", "--base", "origin/main~1")
    assert result.exit_code == 2
    assert "git fetch --deepen=50 origin" in result.stderr


def test_a_stale_branch_is_compared_with_its_merge_base(repo: git.Repo) -> None:
    fork = stale_branch(repo)
    result = invoke("check", "--base", "main", "--head", "HEAD")
    assert result.exit_code == 0, result.output
    assert run_check("main", "HEAD").merge_base == fork.hexsha
    text = summary_file().read_text(encoding="utf-8")
    assert "«Kartlegging av bustadbehov» → «Kartlegging av bustader»" in text
    assert "2.1" not in text  # main raised 2.1 after the fork: not this branch's change
    assert "650" not in text


def test_a_shallow_clone_without_the_merge_base_says_what_to_fetch(
    repo: git.Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fork = repo.head.commit
    raise_21(repo, 650000, "Større behov.")
    repo.git.checkout("-b", "pr", fork.hexsha)
    raise_21(repo, 700000, "Endå større behov.")
    repo.git.checkout("main")
    clone = shallow_clone(repo, tmp_path / "clone")  # main's tip alone
    clone.git.fetch("--depth=1", "origin", "pr:pr")
    clone.git.checkout("pr")  # the pull request's tip alone: their fork is cut off
    monkeypatch.chdir(clone.working_dir)
    result = invoke("check", "--base", "origin/main")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "«git fetch --unshallow»" in result.stderr
    clone.git.fetch("--unshallow")
    assert run_check("origin/main").merge_base == fork.hexsha


def test_a_change_to_an_earlier_plan_year_is_shown(repo: git.Repo) -> None:
    assert invoke("plan", "new", "testdalen", "2027").exit_code == 0
    commit(repo, "Handlingsplan 2027")
    edit(Path(repo.working_dir, PLAN), "case_number: 26/7", "case_number: 26/8")
    commit(repo, "Rett saksnummer i 2026")
    result = invoke("check", "--base", "HEAD~1", "--head", "HEAD")
    text = summary_file().read_text(encoding="utf-8")
    assert "## testdalen: HEAD~1 → HEAD\n" in text  # the newest year: no change
    assert "## testdalen: HEAD~1, handlingsplan 2026 → HEAD, handlingsplan 2026" in text
    assert "saksnummer: «26/7» → «26/8»" in text.split("handlingsplan 2026")[-1]
    assert "saksnummer: «26/7» → «26/8»" in result.stdout


def test_base_is_required(repo: git.Repo) -> None:
    result = invoke("check")
    assert result.exit_code == 2
    assert "--base" in result.output


def test_outside_a_repository_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(MINIMAL, tmp_path / "utan-git" / "pilots" / "testdalen")
    monkeypatch.chdir(tmp_path / "utan-git")
    result = invoke("check", "--base", "main")
    assert result.exit_code == 2
    assert "er ikke i et git-repo" in result.stderr
    assert "Traceback" not in result.output


def test_the_format_choices_are_the_presenters_registry(repo: git.Repo) -> None:
    from bygdevekst_cli.commands.check import CHOICES
    from bygdevekst_cli.present.check import CHECK_PRESENTER_BY_NAME
    from bygdevekst_cli.present.validate import REPORTER_BY_NAME

    assert set(CHECK_PRESENTER_BY_NAME) == {"text", "github"}
    assert set(CHOICES) == {"auto", *CHECK_PRESENTER_BY_NAME, *REPORTER_BY_NAME}
    help_text = invoke("check", "--help").output
    assert f"<{'|'.join(CHOICES)}>" in help_text
    result = invoke("check", "--base", "HEAD", "--format", "markdown")
    assert result.exit_code == 2
