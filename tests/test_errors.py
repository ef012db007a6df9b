"""Typed errors: keyword data, worded in the catalogue, turned into one line and an exit code
once, at the command line's top."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import git
import pytest
from typer.testing import CliRunner

from bygdevekst_cli.cli import app
from bygdevekst_cli.errors import (
    NoPilotsFolder,
    NotWritable,
    PilotNotFound,
    UsageError,
    UserError,
)
from bygdevekst_cli.language import command_language, words, works_on
from tests.gitrepo import commit, pilot_repo
from tests.helpers import MINIMAL


def test_an_error_carries_its_data_and_is_worded_per_language() -> None:
    error = PilotNotFound(pilot="nye-dalen", known=["austdalen", "testdalen"])
    assert error.data == {"pilot": "nye-dalen", "known": ["austdalen", "testdalen"]}
    assert error.exit_code == 2
    assert error.message(words("nb")) == (
        "Fant ingen pilot «nye-dalen» (verken som mappe eller under pilots/);"
        " kjente piloter: austdalen og testdalen"
    )
    assert error.message(words("nn")).startswith("Fann ingen pilot «nye-dalen» (korkje")
    assert error.message(words("en")).endswith("known pilots: austdalen and testdalen")


def test_an_empty_list_is_worded_not_left_blank() -> None:
    assert PilotNotFound(pilot="x", known=[]).message(words("nb")).endswith("kjente piloter: ingen")


def test_a_plain_message_still_works_during_the_transition() -> None:
    assert str(UserError("noko gjekk gale")) == "noko gjekk gale"
    assert UsageError("bruk").exit_code == 2
    assert UserError("x").exit_code == 1


def test_every_typed_error_has_its_words_in_both_standards_and_english() -> None:
    import bygdevekst_cli.errors as errors

    typed = [
        cls
        for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, UserError) and cls.key is not None
    ]
    assert len(typed) >= 6
    for cls in typed:
        assert cls.key is not None
        for language in ("nn", "nb", "en"):
            assert words(language).has(cls.key), (language, cls.key)


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> git.Repo:
    repo = pilot_repo(tmp_path / "repo")
    monkeypatch.chdir(repo.working_dir)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return repo


def test_a_data_error_is_one_line_and_exit_1(repo: git.Repo, tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "summary.md"
    code, _, stderr = _invoke("check", "--base", "HEAD", "--summary", str(target))
    assert code == 1
    with command_language():
        works_on("nn")  # the pilot's written standard, which the command speaks once it read it
        expected = str(NotWritable(file=target.as_posix(), reason="fila eller mappa finst ikkje"))
    assert stderr == f"bygdevekst: {expected}\n"
    assert "Traceback" not in stderr


def test_a_usage_error_is_one_line_and_exit_2(repo: git.Repo) -> None:
    shutil.rmtree(Path(repo.working_dir, "pilots"))
    commit(repo, "No pilots")
    code, stdout, stderr = _invoke("check", "--base", "HEAD")
    assert code == 2
    assert stdout == ""
    assert stderr == f"bygdevekst: {NoPilotsFolder(folder='mappen du står i (.)')}\n"
    assert stderr.startswith("bygdevekst: Fant ingen pilots/-mappe i ")


def test_an_error_inside_a_sub_command_group_is_caught_there_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(MINIMAL, tmp_path / "pilots" / "testdalen")
    monkeypatch.chdir(tmp_path)
    code, _, stderr = _invoke("plan", "new", "testdalen", "2026")  # the plan exists
    assert code == 1
    assert stderr.count("\n") == 1
    assert stderr.startswith("bygdevekst: ")


OS_ERROR = {
    "nn": "bygdevekst: operativsystemet melde ein feil (lese- eller skrivefeil på disken);"
    " kommandoen er stoppa\n",
    "nb": "bygdevekst: operativsystemet meldte en feil (lese- eller skrivefeil på disken);"
    " kommandoen er stoppet\n",
}


@pytest.mark.parametrize("language", ["nn", "nb"])
@pytest.mark.parametrize(
    ("command", "deep"),
    [
        ("validate", "bygdevekst_cli.validate.validate_paths"),
        ("fmt", "bygdevekst_cli.editing.formatrun.format_paths"),
    ],
)
def test_an_os_error_naming_no_file_is_one_line_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, command: str, deep: str
) -> None:
    """Raised deep in a command with no file name (a disk failing under it): the command
    ended with exit 1 and not a word, the error handed back to click."""
    shutil.copytree(MINIMAL, tmp_path / "pilots" / "testdalen")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", language)

    def failing(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(deep, failing)
    code, stdout, stderr = _invoke(command, "pilots/testdalen")
    assert (code, stdout, stderr) == (1, "", OS_ERROR[language])
