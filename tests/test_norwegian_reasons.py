"""Why the system refused a file, said in the message's own language.

Python's ``strerror`` is English («Permission denied», «Is a directory»); a Nynorsk or
Bokmål message names the reason with the catalogue's words (``os_reasons``). The failures
here are real ones, made in ``tmp_path`` and met through the command line.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bygdevekst_cli.cli import app
from bygdevekst_cli.click_i18n import error_message
from bygdevekst_cli.language import words
from bygdevekst_cli.os_reasons import exception_reason, reason, reason_key
from tests.gitrepo import commit, init_repo
from tests.helpers import DATA

#: The reasons the tests meet, in each written standard.
REASONS = {
    "nn": {
        "eisdir": "det er ei mappe, ikkje ei fil",
        "enoent": "fila eller mappa finst ikkje",
        "eacces": "manglar løyve",
        "enametoolong": "namnet er for langt",
        "enotdir": "ein del av stien er ikkje ei mappe",
        "eloop": "for mange symbolske lenkjer, kanskje ei lenkje som peikar på seg sjølv",
    },
    "nb": {
        "eisdir": "det er en mappe, ikke en fil",
        "enoent": "filen eller mappen finnes ikke",
        "eacces": "mangler tillatelse",
        "enametoolong": "navnet er for langt",
        "enotdir": "en del av stien er ikke en mappe",
        "eloop": "for mange symbolske lenker, kanskje en lenke som peker på seg selv",
    },
}
ENGLISH = (
    "Is a directory",
    "Permission denied",
    "File name too long",
    "Not a directory",
    "File exists",
    "Too many levels",
    "No such file",
)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository holding ``fjellbygda`` (Nynorsk), the working folder of the test."""
    root = tmp_path / "repo"
    repository = init_repo(root)
    shutil.copytree(DATA / "fullpilot", root / "pilots" / "fjellbygda")
    commit(repository, "Fjellbygda")
    monkeypatch.chdir(root)
    return root


def invoke(language: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"BYGDEVEKST_LANGUAGE": language})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def assert_norwegian(output: str) -> None:
    assert "Traceback" not in output
    for english in ENGLISH:
        assert english not in output, output


@pytest.mark.parametrize("language", ["nn", "nb"])
def test_a_folder_where_the_document_should_be(repo: Path, language: str) -> None:
    (repo / "plan.md").mkdir()
    code, output = invoke(language, "render", "plan", "fjellbygda", "-o", "plan.md")
    assert code == 1, output
    reason = REASONS[language]["eisdir"]
    assert words(language)("error.not_writable", file="plan.md", reason=reason) in output
    assert_norwegian(output)


@pytest.mark.parametrize("language", ["nn", "nb"])
def test_a_read_only_document(repo: Path, language: str) -> None:
    target = repo / "plan.md"
    target.write_text("Signert\n", encoding="utf-8")
    target.chmod(0o444)
    code, output = invoke(language, "render", "plan", "fjellbygda", "-o", "plan.md")
    assert code == 1, output
    assert "plan.md: " in output and f"({REASONS[language]['eacces']})" in output
    assert_norwegian(output)
    assert target.read_text(encoding="utf-8") == "Signert\n"


@pytest.mark.parametrize("language", ["nn", "nb"])
def test_a_name_too_long(repo: Path, language: str) -> None:
    name = "p" * 300 + ".md"
    code, output = invoke(language, "render", "plan", "fjellbygda", "-o", name)
    assert code == 1, output
    assert f"({REASONS[language]['enametoolong']})" in output
    assert_norwegian(output)


@pytest.mark.parametrize("language", ["nn", "nb"])
def test_a_file_where_a_folder_should_be(repo: Path, language: str) -> None:
    (repo / "documents").write_text("not a folder\n", encoding="utf-8")
    code, output = invoke(language, "render", "plan", "fjellbygda", "-o", "documents/plan.md")
    assert code == 1, output
    assert "documents/plan.md" in output
    assert f"({REASONS[language]['enotdir']})" in output
    assert_norwegian(output)
    assert (repo / "documents").read_text(encoding="utf-8") == "not a folder\n"


@pytest.mark.parametrize("language", ["nn", "nb"])
def test_a_link_to_itself_where_a_folder_should_be(repo: Path, language: str) -> None:
    (repo / "schemas").symlink_to("schemas")
    code, output = invoke(language, "schema", "-o", "schemas/new")
    assert code == 1, output
    assert "schemas/new/pilot.schema.json" in output
    assert f"({REASONS[language]['eloop']})" in output
    assert_norwegian(output)


@pytest.mark.parametrize("language", ["nn", "nb"])
def test_a_dangling_link_as_the_summary(repo: Path, language: str) -> None:
    """The summary is written through the link (CI points it at a file of its own), and
    the folder the link leads to is gone."""
    (repo / "summary.md").symlink_to("gone/summary.md")
    code, output = invoke(language, "check", "--base", "HEAD", "--summary", "summary.md")
    assert code == 1, output
    assert "summary.md: " in output and f"({REASONS[language]['enoent']})" in output
    assert_norwegian(output)


# --- the table itself -----------------------------------------------------------------------


def windows_error(code: int) -> OSError:
    """The OSError Windows raises for a file another program has open: errno EACCES, and
    the Windows code (on other systems Python ignores the fourth argument: set it here)."""
    exc = PermissionError(errno.EACCES, "The process cannot access the file", "plan.docx", code)
    if getattr(exc, "winerror", None) != code:
        setattr(exc, "winerror", code)  # noqa: B010 (POSIX's OSError declares no winerror)
    return exc


@pytest.mark.parametrize(
    ("code", "nn", "nb"),
    [
        (32, "fila er open i eit anna program, til dømes Word", "filen er åpen i et annet"),
        (33, "ein del av fila er låst av eit anna program", "en del av filen er låst av"),
    ],
)
def test_a_file_open_in_word_on_windows(code: int, nn: str, nb: str) -> None:
    exc = windows_error(code)
    assert reason(exc, words("nn")) == nn
    assert reason(exc, words("nb")).startswith(nb)
    message = words("nn")("error.not_writable", file="plan.docx", reason=exc)
    assert message == f"plan.docx: kan ikkje skrive fila ({nn})"


def test_other_windows_codes_fall_back_to_the_errno() -> None:
    assert reason(windows_error(5), words("nn")) == "manglar løyve"  # ERROR_ACCESS_DENIED


def test_every_errno_of_the_table_has_words_in_every_catalogue() -> None:
    names = ["ENOENT", "EACCES", "EPERM", "EEXIST", "EISDIR", "ENOTDIR", "ENOSPC", "EROFS"]
    names += ["ENAMETOOLONG", "ELOOP", "EBUSY", "ETXTBSY", "EIO", "EMFILE", "EXDEV"]
    for name in names:
        exc = OSError(getattr(errno, name), os.strerror(getattr(errno, name)))
        assert reason_key(exc) == f"os_error.{name.lower()}"
        said = {language: reason(exc, words(language)) for language in ("nn", "nb", "en")}
        assert said["nn"] != said["nb"] or name == "EIO", said
        assert exc.strerror not in (said["nn"], said["nb"])


def test_an_errno_not_in_the_table_keeps_the_system_text() -> None:
    exc = OSError(errno.ECONNRESET, os.strerror(errno.ECONNRESET))
    assert reason_key(exc) is None
    assert reason(exc, words("nn")) == os.strerror(errno.ECONNRESET)
    assert reason(OSError("no errno at all"), words("nn")) == "no errno at all"


def test_a_library_error_keeps_its_first_line() -> None:
    assert exception_reason(ValueError("bad zip\nmore"), words("nn")) == "bad zip"
    assert exception_reason(KeyError(), words("nn")) == "KeyError"
    exc = IsADirectoryError(errno.EISDIR, "Is a directory", "a.docx")
    assert exception_reason(exc, words("nb")) == "det er en mappe, ikke en fil"


# --- click's own checks of a path argument --------------------------------------------------


@pytest.mark.parametrize("language", ["nn", "nb"])
def test_a_folder_given_as_the_file_to_import(repo: Path, language: str) -> None:
    (repo / "avtale.docx").mkdir()
    code, output = invoke(language, "import", "agreement", "avtale.docx")
    assert code == 2, output
    assert words(language)("cli.msg.click.is_a_folder", path="avtale.docx") in output
    assert "is a directory" not in output


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("Invalid value for 'FILE': File 'a.docx' is not readable.",
         "Ugyldig verdi for «FIL»: a.docx kan ikkje lesast (manglar løyve)"),
        ("Invalid value for '--output': File 'b.md' is not writable.",
         "Ugyldig verdi for «--output»: b.md kan ikkje skrivast (manglar løyve)"),
    ],
)  # fmt: skip
def test_a_path_without_permission_in_nynorsk(message: str, expected: str) -> None:
    """As root (CI's containers) ``chmod`` does not stop click's check: its message here."""
    assert error_message(message, words("nn")) == expected


# --- a command's arguments checked before the pilot is read ---------------------------------


def invoke_plain(*args: str, **env: str) -> tuple[int, str]:
    """The command line with no ``BYGDEVEKST_LANGUAGE`` (the locale is C, so Bokmål
    wherever no pilot chooses), ``env`` added."""
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("args", "key", "slots"),
    [
        (("--from", "2027", "--to", "2026"), "backwards", {"from_year": 2027, "to_year": 2026}),
        (("--from", "2027", "--to", "2027"), "same_year", {"year": 2027, "before": 2026}),
        (("--from", "2027"), "either", {}),
    ],
)
def test_wrong_diff_years_in_the_pilots_nynorsk(
    repo: Path, args: tuple[str, ...], key: str, slots: dict[str, int]
) -> None:
    nn = words("nn")
    code, output = invoke_plain("diff", "fjellbygda", *args)
    assert code == 2, output
    assert nn(f"cli.msg.diff.{key}", **slots) in output
    assert nn("click.try_help", command="bygdevekst diff", option="-h") in output


def test_the_chosen_language_still_comes_first(repo: Path) -> None:
    code, output = invoke_plain(
        "diff", "fjellbygda", "--from", "2027", "--to", "2026", BYGDEVEKST_LANGUAGE="nb"
    )
    assert code == 2, output
    assert words("nb")("cli.msg.diff.backwards", from_year=2027, to_year=2026) in output


@pytest.mark.parametrize("pilot_yaml", ["language: [nn\n", "language: sv\n", None])
def test_a_pilot_without_a_readable_language_leaves_the_locale(
    repo: Path, pilot_yaml: str | None
) -> None:
    """pilot.yaml broken, naming no written standard, or a folder: no guess, no traceback."""
    pilot = repo / "pilots" / "fjellbygda" / "pilot.yaml"
    pilot.unlink()
    if pilot_yaml is None:
        pilot.mkdir()
    else:
        pilot.write_text(pilot_yaml, encoding="utf-8")
    code, output = invoke_plain("diff", "fjellbygda", "--from", "2027", "--to", "2026")
    assert code == 2, output
    assert "Traceback" not in output
    if pilot_yaml is not None:  # a folder named pilot.yaml: the pilot is not found
        nb = words("nb")
        assert nb("cli.msg.diff.backwards", from_year=2027, to_year=2026) in output


def test_help_does_not_read_the_pilot(repo: Path) -> None:
    """``--help`` is answered before PILOT is looked up: a pilot that is not there is no
    error, and the help is in the locale's language."""
    code, output = invoke_plain("diff", "nowhere", "--help")
    assert code == 0, output
    assert "nowhere" not in output
