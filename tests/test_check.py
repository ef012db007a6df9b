"""``bygdevekst check`` as CI runs it on a pull request: annotations, summary, exit codes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import git
import pytest
from typer.testing import CliRunner, Result

from bygdevekst_cli.check import run_check
from bygdevekst_cli.cli import app
from tests.gitrepo import PLAN, commit, move, pilot_repo, shallow_clone, the_three_changes
from tests.helpers import MINIMAL, edit


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> git.Repo:
    """Two pilots, testdalen and austdalen; the CI environment of GitHub Actions."""
    repo = pilot_repo(tmp_path / "repo")
    shutil.copytree(MINIMAL, Path(repo.working_dir, "pilots", "austdalen"))
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
    assert result.stdout.splitlines()[0] == "Ingen feil, 0 advarsler; 6 filer kontrollert."
    text = summary_file().read_text(encoding="utf-8")
    assert text.startswith("# Eit tidlegare steg\n# bygdevekst check: ")  # appended
    assert "✅ Ingen feil, 0 advarsler; 6 filer kontrollert." in text
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
        "::error file=pilots/testdalen/plans/2026.yaml,line=16,col=20,title=BV104 whole-kroner::"
    )
    text = summary_file().read_text(encoding="utf-8")
    assert "❌ 1 feil, 0 advarsler" in text
    assert "| feil | BV104 | `pilots/testdalen/plans/2026.yaml:16` |" in text
    # the broken plan cannot be diffed: said once, under the pilot's heading
    problem = "har ingen gyldig handlingsplan å sammenligne; kjør «bygdevekst validate»"
    assert f"## pilots/testdalen\n\n{problem}\n" in text
    assert f"pilots/testdalen: {problem}" in result.output


def test_warnings_are_folded_away_and_do_not_fail(repo: git.Repo) -> None:
    edit(Path(repo.working_dir, PLAN), "    case_number: 26/7\n", "")
    commit(repo, "Utan saksnummer")
    result = invoke("check", "--base", "HEAD~1")
    assert result.exit_code == 0
    assert result.stdout.startswith("::warning file=pilots/testdalen/plans/2026.yaml")
    assert "<details><summary>1 advarsel</summary>" in summary_file().read_text(encoding="utf-8")


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
    shutil.copytree(MINIMAL, Path(repo.working_dir, "pilots", "nydalen"))
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
    assert f"git fetch origin {base}" in result.stderr
    assert "Traceback" not in result.output
    result = invoke("check", "--base", "origin/main~1")
    assert result.exit_code == 2
    assert "git fetch --deepen=50 origin" in result.stderr


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
