"""Defects noticed in review and fixed later, each through the real command line on real
files (and real git repositories) in ``tmp_path``."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from bygdevekst_cli.cli import app
from tests.gitrepo import commit, pilot_repo
from tests.helpers import MINIMAL, REPO, copy_minimal, run_cli

# --- diff: two plan years go from the earlier to the later --------------------------------


@pytest.fixture
def two_years(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``tmp_path`` as the current folder, holding the bundled Vest-Telemark pilot (plans for
    2025 and 2026, Nynorsk)."""
    shutil.copytree(REPO / "pilots" / "vest-telemark", tmp_path / "pilots" / "vest-telemark")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("output_format", ["text", "markdown", "json"])
def test_diff_refuses_plan_years_given_backwards(two_years: Path, output_format: str) -> None:
    result = CliRunner().invoke(
        app, ["diff", "vest-telemark", "--from", "2026", "--to", "2025", "-f", output_format]
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    # in the pilot's written standard (Nynorsk), though told before the pilot is read
    assert "Feil: Ugyldig verdi for «--from»: 2026 kjem etter --to 2025;" in result.output
    assert "det tidlegare året skal i --from (--from 2025 --to 2026)" in result.output
    assert "Traceback" not in result.output


def test_diff_refuses_backwards_years_in_the_users_language(
    two_years: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    result = CliRunner().invoke(app, ["diff", "vest-telemark", "--from", "2027", "--to", "2025"])
    assert result.exit_code == 2
    assert "2027 kjem etter --to 2025; det tidlegare året skal i --from" in result.output
    assert "handlingsplan for 2027" not in result.output  # the order is told first


def test_diff_refuses_the_same_plan_year_twice(two_years: Path) -> None:
    result = CliRunner().invoke(app, ["diff", "vest-telemark", "--from", "2026", "--to", "2026"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "2026 er same året som --to 2026, så det er ingenting å samanlikne" in result.output
    assert "(til dømes --from 2025 --to 2026)" in result.output


def test_diff_in_the_right_order_still_compares(two_years: Path) -> None:
    result = CliRunner().invoke(app, ["diff", "vest-telemark", "--from", "2025", "--to", "2026"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("vest-telemark: 2025 → 2026\n")


# --- writers read the tabs validate reads --------------------------------------------------

PLAN = (MINIMAL / "plans" / "2026.yaml").read_text(encoding="utf-8")
TABBED = (
    PLAN.replace(
        "    title: Kartlegging av bustadbehov\n", "    title: Kartlegging\tav bustadbehov\n"
    )
    .replace("    status: ongoing\n", "    status: ongoing\t# merknad\n", 1)
    .replace('  - id: "2.1"\n', '  - id: "2.1" \t # nytt tiltak\n')
    .replace("    sub_goal: 2\n", "    sub_goal:\t2\n")
    .replace("    end_year: 2026\n", "    end_year\t: 2026\t\n")
)
"""The minimal plan with tabs where YAML (and libyaml) take them as separation white space:
inside a plain scalar, before an end-of-line comment (alone and among spaces), after a
key's ``:``, before it, and at the end of a line."""


@pytest.fixture
def tabbed_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    path = copy_minimal(tmp_path) / "plans" / "2026.yaml"
    path.write_text(TABBED, encoding="utf-8")
    return path


def data_of(path: Path) -> object:
    """The file's data as libyaml (the validating loader's parser) reads it."""
    return yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)


def test_validate_reads_the_tabbed_plan(tabbed_plan: Path) -> None:
    code, output = run_cli("validate", str(tabbed_plan.parent.parent))
    assert code == 0, output
    assert data_of(tabbed_plan)["measures"][0]["title"] == "Kartlegging\tav bustadbehov"  # type: ignore[index]


def test_fmt_reads_tabs_and_keeps_them_before_comments(tabbed_plan: Path) -> None:
    before = data_of(tabbed_plan)
    code, output = run_cli("fmt", str(tabbed_plan))
    assert code == 0, output
    after = tabbed_plan.read_text(encoding="utf-8")
    assert data_of(tabbed_plan) == before
    assert "    status: ongoing\t# merknad\n" in after
    assert '  - id: "2.1" \t # nytt tiltak\n' in after
    assert "    sub_goal: 2\n    number: 1\n" in after  # the layout fmt exists to make
    code, output = run_cli("fmt", "--check", str(tabbed_plan))
    assert code == 0, output
    assert tabbed_plan.read_text(encoding="utf-8") == after


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_migrate_reads_tabs_and_changes_only_the_version(tabbed_plan: Path, line_end: str) -> None:
    version_one = TABBED.replace("schema_version: 2\n", "").replace("\n", line_end)
    tabbed_plan.write_bytes(version_one.encode("utf-8"))
    code, output = run_cli("migrate", str(tabbed_plan))
    assert code == 0, output
    assert tabbed_plan.read_bytes() == TABBED.replace("\n", line_end).encode("utf-8")


def test_plan_new_reads_tabs_and_keeps_them_before_comments(tabbed_plan: Path) -> None:
    code, output = run_cli("plan", "new", "testdalen", "2027")
    assert code == 0, output
    new = tabbed_plan.with_name("2027.yaml").read_text(encoding="utf-8")
    assert '  - id: "2.1" \t # nytt tiltak\n' in new
    assert "Kartlegging\tav bustadbehov" in new or "Kartlegging\\tav bustadbehov" in new
    assert tabbed_plan.read_text(encoding="utf-8") == TABBED
    code, output = run_cli("validate", "pilots/testdalen")
    assert code == 0, output


REFUSED_TABS = {
    # a tab after "-" indents the item: libyaml and validate refuse it, in validate's words
    "after-dash": (
        PLAN.replace('  - id: "2.1"\n', '  -\tid: "2.1"\n'),
        20,
        "YAML-syntaksfeil: tabulator der innrykket skal vere mellomrom",
    ),
    # a tab in the blanks that open a line: validate's BV002, in its words
    "comment-line": (
        PLAN.replace('  - id: "2.1"\n', '\t# tiltak 2.1\n  - id: "2.1"\n'),
        20,
        "Tabulator i innrykk; bruk mellomrom i YAML",
    ),
    # libyaml takes it; ruamel's scanner cannot, without a copy of its block scalar code
    "block-header": (
        PLAN.replace(
            "    title: Nettverk for næringane\n", "    title: |-\t# merknad\n      Nett\n"
        ),
        23,
        "tabulatoren i kolonne 14 kan ikkje lesast når fila skal skrivast om",
    ),
}


@pytest.mark.parametrize("name", sorted(REFUSED_TABS))
@pytest.mark.parametrize("command", ["fmt", "migrate", "plan new"])
def test_a_tab_the_writers_cannot_read_is_refused_in_words_with_file_and_line(
    tabbed_plan: Path, name: str, command: str
) -> None:
    text, line, words = REFUSED_TABS[name]
    tabbed_plan.write_text(text, encoding="utf-8")
    args = ["plan", "new", "testdalen", "2027"] if command == "plan new" else [command]
    code, output = run_cli(*args, *([] if command == "plan new" else [str(tabbed_plan)]))
    assert code == 1
    assert f"plans/2026.yaml:{line}: " in output
    assert words in output
    assert "Traceback" not in output and "'\\t'" not in output
    assert tabbed_plan.read_text(encoding="utf-8") == text
    assert not tabbed_plan.with_name("2027.yaml").exists()


# --- symbolic links read alike from the working tree and from git ---------------------------

PILOT = Path("pilots/testdalen")
LINKED = PILOT / "plans" / "2026.yaml"
OUTSIDE = "«plans/2026.yaml» er ei symbolsk lenkje ut av pilotmappa"
BROKEN = "«plans/2026.yaml» er ei symbolsk lenkje som ikkje fører fram"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose first commit holds the minimal pilot (Nynorsk), as the current
    folder."""
    pilot_repo(tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    return tmp_path / "repo"


def link_plan(repo: Path, goal: Path, message: str, *, move: bool = True) -> None:
    """Make plans/2026.yaml a (relative) link to ``goal``, which gets the plan's text when
    ``move``, and commit."""
    text = (repo / LINKED).read_text(encoding="utf-8")
    (repo / LINKED).unlink()
    if move:
        goal.parent.mkdir(parents=True, exist_ok=True)
        goal.write_text(text, encoding="utf-8")
    (repo / LINKED).symlink_to(os.path.relpath(goal, (repo / LINKED).parent))
    commit(pilot_git(repo), message)  # type: ignore[arg-type]


def pilot_git(repo: Path) -> object:
    import git

    return git.Repo(repo)


def retitle(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    new = text.replace("title: Kartlegging av bustadbehov", "title: Kartlegging i dalen")
    assert new != text
    path.write_text(new, encoding="utf-8")


def history(*args: str) -> dict[str, object]:
    code, output = run_cli("history", "testdalen", "-f", "json", *args)
    assert code == 0, output
    data: dict[str, object] = json.loads(output)
    return data


def changes_of(data: dict[str, object], message: str) -> list[dict[str, object]]:
    commits = data["commits"]
    assert isinstance(commits, list)
    found: list[dict[str, object]] = next(c["changes"] for c in commits if c["message"] == message)
    return found


def test_a_link_inside_the_pilot_is_read_through_in_git_as_in_the_working_tree(
    repo: Path,
) -> None:
    link_plan(repo, repo / PILOT / "utkast" / "2026.yaml", "Planen som lenkje")
    retitle(repo / PILOT / "utkast" / "2026.yaml")
    commit(pilot_git(repo), "Ny tittel")  # type: ignore[arg-type]
    code, output = run_cli("validate", str(PILOT))
    assert code == 0, output
    # the history shows the plan's change by the name the pilot reads it by
    said = changes_of(history(), "Ny tittel")
    assert {"file": "plans/2026.yaml", "path": "title", "measure": "1.1"}.items() <= next(
        c for c in said if c["file"] == "plans/2026.yaml"
    ).items()
    assert not any(
        c["file"] == "plans/2026.yaml" for c in changes_of(history(), "Planen som lenkje")
    )
    for args in (
        ["diff", "testdalen", "--base", "HEAD~2", "--head", "HEAD"],
        ["check", "--base", "HEAD~2", "--head", "HEAD"],
    ):
        code, output = run_cli(*args)
        assert code == 0, output
        assert "«Kartlegging av bustadbehov» → «Kartlegging i dalen»" in output


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ("shared/2026.yaml", OUTSIDE),  # elsewhere in the repository
        ("../elsewhere/2026.yaml", OUTSIDE),  # out of the repository
        (f"{PILOT}/plans/gone.yaml", BROKEN),  # in the pilot, to nothing
    ],
)
def test_a_link_out_of_the_pilot_or_to_nothing_is_named_alike_everywhere(
    repo: Path, target: str, words: str
) -> None:
    link_plan(repo, repo / target, "Planen som lenkje", move=not target.endswith("gone.yaml"))
    code, output = run_cli("validate", str(PILOT))
    assert code == 1 and words in output and f"{LINKED}: feil BV011" in output
    code, output = run_cli("check", "--base", "HEAD~1", "--head", "HEAD")
    assert code == 1 and words in output and f"{LINKED}: feil BV011" in output
    code, output = run_cli("diff", "testdalen", "--base", "HEAD~1", "--head", "HEAD")
    assert code == 1 and words in output and "plans/2026.yaml: BV011" in output
    code, output = run_cli("overview", "-f", "json", ".@HEAD")
    assert code == 1 and words in output
    last = changes_of(history(), "Planen som lenkje")
    plan = next(c for c in last if c["file"] == "plans/2026.yaml")
    assert plan["new"]["code"] == "BV011" and words in plan["new"]["message"]  # type: ignore[index]
    assert "Traceback" not in output


def test_the_history_of_a_link_out_is_the_same_from_the_cache(repo: Path) -> None:
    link_plan(repo, repo / "shared" / "2026.yaml", "Planen som lenkje")
    first = history()
    assert history() == first
