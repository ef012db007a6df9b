"""Hostile input, command by command: never a traceback, a silent acceptance or a lost file.

Each failure is one Norwegian line naming the file (and its line where there is one) with a
non-zero exit. The repositories are real: ``git init`` and ``bygdevekst init`` in ``tmp_path``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import git
import pytest

from tests.gitrepo import commit, init_repo
from tests.helpers import run_cli
from tests.test_import_layouts import run_import
from tests.test_import_plan import pilot_without_2026, refused_plan

SCHEMA = Path("schemas/pilot.schema.json")


@pytest.fixture
def new_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A pilots repository as ``bygdevekst init`` sets one up (Bokmål), the current folder."""
    root = tmp_path / "pilotar"
    init_repo(root)
    monkeypatch.chdir(root)
    code, output = run_cli("init", "nye-dalen", "--name", "Nye dalen", "--lang", "nb")
    assert code == 0, output
    assert run_cli("schema", "--check") == (0, "")
    return root


def _no_python_leak(output: str) -> None:
    assert "Traceback" not in output
    assert "Error" not in output and "codec" not in output, output


# --- schema --check on a schema file that cannot be compared -----------------------------


@pytest.mark.parametrize(
    "content",
    [
        pytest.param('{"a": "æø"}'.encode("latin-1"), id="latin-1"),
        pytest.param(bytes(range(256)) * 4, id="binary"),
        pytest.param("{}".encode("utf-16"), id="utf-16"),
    ],
)
def test_a_schema_that_is_not_utf8_is_out_of_date_and_written_anew(
    new_repo: Path, content: bytes
) -> None:
    (new_repo / SCHEMA).write_bytes(content)
    code, output = run_cli("schema", "--check")
    _no_python_leak(output)
    assert (code, output) == (1, "schemas/pilot.schema.json: utdatert; kjør «bygdevekst schema»\n")
    assert run_cli("schema")[0] == 0
    assert run_cli("schema", "--check") == (0, "")


def test_a_schema_with_windows_line_endings_is_up_to_date(new_repo: Path) -> None:
    path = new_repo / SCHEMA
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert run_cli("schema", "--check") == (0, "")


def test_a_folder_by_a_schema_files_name_is_named_with_the_reason(new_repo: Path) -> None:
    (new_repo / SCHEMA).unlink()
    (new_repo / SCHEMA).mkdir()
    code, output = run_cli("schema", "--check")
    assert (code, output) == (
        1,
        "schemas/pilot.schema.json: kan ikke lese filen (det er en mappe, ikke en fil)\n",
    )
    code, output = run_cli("schema")
    assert code == 1
    assert output == (
        "bygdevekst: schemas/pilot.schema.json: kan ikke skrive filen (det er en mappe, ikke en"
        " fil)\n"
    )


def test_a_schema_link_to_itself_is_named_not_a_traceback(new_repo: Path) -> None:
    (new_repo / SCHEMA).unlink()
    (new_repo / SCHEMA).symlink_to(SCHEMA.name)
    code, output = run_cli("schema", "--check")
    _no_python_leak(output)
    assert code == 1
    assert output.startswith("schemas/pilot.schema.json: kan ikke lese filen (for mange symbolske")


def test_a_dangling_schema_link_is_named_by_its_own_name(new_repo: Path) -> None:
    (new_repo / SCHEMA).unlink()
    (new_repo / SCHEMA).symlink_to("borte.json")
    code, output = run_cli("schema", "--check")
    assert (code, output) == (1, "schemas/pilot.schema.json: utdatert; kjør «bygdevekst schema»\n")


def test_schema_names_the_files_relative_to_where_it_runs(
    new_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (new_repo / SCHEMA).write_bytes(b"\xff\xfe")
    monkeypatch.chdir(new_repo / "pilots" / "nye-dalen")
    code, output = run_cli("schema", "--check")
    assert (code, output) == (
        1,
        "../../schemas/pilot.schema.json: utdatert; kjør «bygdevekst schema»\n",
    )
    code, output = run_cli("schema")
    assert code == 0
    assert output.splitlines()[0] == "Skrev ../../schemas/pilot.schema.json"


# --- no pilots/ folder: the folder as the user can type it ---------------------------------


@pytest.mark.parametrize("command", [["validate"], ["fmt"], ["migrate"]])
def test_no_pilots_folder_names_the_current_folder_not_its_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    init_repo(tmp_path / "tom")
    monkeypatch.chdir(tmp_path / "tom")
    code, output = run_cli(*command)
    assert code == 2
    assert output.startswith("bygdevekst: Fant ingen pilots/-mappe i mappen du står i (.): lag ")
    assert tmp_path.as_posix() not in output


def test_no_pilots_folder_below_the_root_names_the_root_relatively(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    init_repo(tmp_path / "tom")
    (tmp_path / "tom" / "notat").mkdir()
    monkeypatch.chdir(tmp_path / "tom" / "notat")
    code, output = run_cli("validate")
    assert code == 2
    assert output.startswith("bygdevekst: Fant ingen pilots/-mappe i ..: lag ")
    assert tmp_path.as_posix() not in output


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (["overview"], "i mappen du står i (.) eller mappene over; angi en sti til en pilot"),
        (["render", "plan", "x"], "i mappen du står i (.) eller mappene over; angi en sti"),
        (["check", "--base", "HEAD"], "i mappen du står i (.)"),
    ],
)
def test_other_commands_without_pilots_name_the_current_folder_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], expected: str
) -> None:
    repo = init_repo(tmp_path / "tom")
    repo.index.commit("Tomt")
    monkeypatch.chdir(tmp_path / "tom")
    code, output = run_cli(*command)
    assert code == 2
    assert output.startswith("bygdevekst: Fant ingen pilots/-mappe ")
    assert expected in output
    assert tmp_path.as_posix() not in output


# --- import: a file that begins as a zip but is none ---------------------------------------

CUT_OFF = b"PK\x03\x04" + b"\x00" * 20 + b"resten mangler"
"""A zip's signature and nothing of a zip after it (a download cut off, a sync gone wrong):
the libraries said «File is not a zip file» or «Package not found at …», in English."""


@pytest.mark.parametrize(
    ("suffix", "wanted"),
    [
        (".docx", "er ikkje ei Word-fil (.docx), eller ho er skadd"),
        (".xlsx", "er ikkje ei .xlsx-fil, eller ho er skadd"),
        (".ods", "er ikkje ei .ods-fil, eller ho er skadd"),
    ],
)
def test_a_cut_off_plan_table_is_refused_in_norwegian(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str, wanted: str
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / f"handlingsplan{suffix}"
    source.write_bytes(CUT_OFF)
    output = refused_plan(folder, source)
    assert output == f"bygdevekst: {source.name}: {wanted}\n"


@pytest.mark.parametrize(
    ("suffix", "wanted"),
    [
        (".docx", "er ikke en Word-fil (.docx), eller den er skadet"),
        (".odt", "er ikke en .odt-fil, eller den er skadet"),
    ],
)
def test_a_cut_off_agreement_is_refused_in_norwegian(
    tmp_path: Path, suffix: str, wanted: str
) -> None:
    source = tmp_path / f"avtale{suffix}"
    source.write_bytes(CUT_OFF)
    code, output = run_import(tmp_path, source, "nye-dalen", "--lang", "nb")
    assert (code, output) == (1, f"bygdevekst: {source.as_posix()}: {wanted}\n")
    assert not (tmp_path / "pilots").exists()


# --- bygdevekst.toml that is no file: said, not passed by -----------------------------------


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda path: path.mkdir(), "det er en mappe, ikke en fil"),
        (lambda path: path.symlink_to(path.name), "for mange symbolske lenker"),
        (lambda path: path.symlink_to("borte.toml"), "filen eller mappen finnes ikke"),
    ],
    ids=["folder", "link-loop", "dangling-link"],
)
def test_a_configuration_that_is_no_file_is_named_not_silently_passed_by(
    new_repo: Path, make: Callable[[Path], None], reason: str
) -> None:
    """Its settings (``ignore``, ``severity``) had silently not applied: validate passed."""
    config = new_repo / "bygdevekst.toml"
    config.unlink()
    make(config)
    code, output = run_cli("validate")
    assert code == 2
    assert output.startswith(f"bygdevekst: {config.as_posix()}: {reason}"), output


# --- fmt and migrate: a pilot file that is a link to nothing ---------------------------------


@pytest.mark.parametrize("command", [["fmt", "--check"], ["fmt"], ["migrate", "--check"]])
@pytest.mark.parametrize("target", ["2026.yaml", "borte.yaml"], ids=["loop", "dangling"])
def test_a_plan_link_that_leads_nowhere_fails_fmt_as_it_fails_validate(
    new_repo: Path, command: list[str], target: str
) -> None:
    """``fmt --check`` said all was in order (exit 0) while ``validate`` had an error."""
    plans = new_repo / "pilots" / "nye-dalen" / "plans"
    plans.mkdir()
    (plans / "2026.yaml").symlink_to(target)
    assert run_cli("validate")[0] == 1
    code, output = run_cli(*command)
    assert (code, output) == (
        1,
        "bygdevekst: «pilots/nye-dalen/plans/2026.yaml» er en symbolsk lenke som ikke fører"
        " frem (målet finnes ikke, eller lenken går i ring); den blir ikke fulgt\n",
    )
    assert (plans / "2026.yaml").is_symlink()


# --- a plan whose year is not its file's -----------------------------------------------------


@pytest.mark.parametrize("suffix", [".yaml", ".yml"])
def test_a_plan_year_that_is_not_its_files_names_the_file_as_it_is_called(
    new_repo: Path, suffix: str
) -> None:
    """``plans/2027.yml`` holding ``year: 2026`` was said to be called «2027.yaml»."""
    plans = new_repo / "pilots" / "nye-dalen" / "plans"
    plans.mkdir()
    assert run_cli("plan", "new", "nye-dalen", "2026")[0] == 0
    (plans / "2026.yaml").rename(plans / f"2027{suffix}")
    code, output = run_cli("validate", "--select", "BV212")
    assert code == 1
    assert (
        f"pilots/nye-dalen/plans/2027{suffix}:4:7: feil BV212 Filen heter 2027{suffix}, men year er"
        f" 2026; skriv year: 2027, eller gi filen navnet 2026{suffix}\n"
    ) in output


def test_an_agreement_refused_speaks_the_written_standard_given_with_lang(tmp_path: Path) -> None:
    """``import agreement --lang nn`` refused a file in Bokmål, while ``init --lang nn`` and
    the report after a good import speak Nynorsk."""
    source = tmp_path / "avtale.txt"
    source.write_bytes(b"\x00\x00\x00")
    for lang, wanted in (
        ("nn", "er ikkje ei tekstfil, sjølv om namnet endar på .txt"),
        ("nb", "er ikke en tekstfil, selv om navnet slutter på .txt"),
    ):
        code, output = run_import(tmp_path, source, "nye-dalen", "--lang", lang)
        assert (code, output) == (1, f"bygdevekst: {source.as_posix()}: {wanted}\n")


@pytest.mark.parametrize(
    "command",
    [["validate"], ["fmt"], ["overview"], ["render", "plan", "x"], ["check", "--base", "HEAD"]],
)
def test_a_file_called_pilots_is_named_as_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """It was said that there was no pilots/ folder, as if nothing stood there."""
    repo = init_repo(tmp_path / "tom")
    (tmp_path / "tom" / "pilots").write_text("notat\n", encoding="utf-8")
    repo.index.add(["pilots"])
    repo.index.commit("Eit notat")
    monkeypatch.chdir(tmp_path / "tom")
    code, output = run_cli(*command)
    assert (code, output) == (
        2,
        "bygdevekst: pilots er en fil, ikke en mappe: pilotene skal ligge i mappen pilots/"
        " (pilots/PILOT-ID/pilot.yaml); flytt filen bort, eller angi stien til en pilot\n",
    )


# --- an output folder that is a link to itself ------------------------------------------------


def test_an_output_folder_linked_to_itself_is_named_not_a_traceback(new_repo: Path) -> None:
    """``render -o loop`` (``loop`` → ``loop``): ``Path.resolve`` raised ``RuntimeError``
    («Symlink loop from …») before Python 3.13, which no handler took."""
    (new_repo / "ring").symlink_to("ring")
    code, output = run_cli("render", "agreement", "nye-dalen", "-o", "ring")
    _no_python_leak(output)
    assert (code, output) == (
        1,
        "bygdevekst: ring/nye-dalen/bygdevekstavtale.md: kan ikke bruke stien (for mange"
        " symbolske lenker, kanskje en lenke som peker på seg selv)\n",
    )


# --- a pilot's folder under pilots/ that is a link to nothing ---------------------------------

BROKEN_PILOT_LINK = (
    "«pilots/borte» er en symbolsk lenke som ikke fører frem (målet finnes ikke, eller lenken"
    " går i ring); den blir ikke fulgt"
)


def test_a_pilot_folder_linked_to_nothing_is_an_error_not_passed_by(new_repo: Path) -> None:
    """``pilots/borte`` → a folder not there (not cloned, moved): validate said «no errors»
    as if the pilot did not exist, and fmt --check said all was in order."""
    (new_repo / "pilots" / "borte").symlink_to("../finst-ikkje")
    code, output = run_cli("validate", "--select", "BV011")
    assert code == 1
    assert f"  pilots/borte: feil BV011 {BROKEN_PILOT_LINK}\n" in output
    for command in (["fmt", "--check"], ["migrate"]):
        assert run_cli(*command) == (1, f"bygdevekst: {BROKEN_PILOT_LINK}\n")
    assert (new_repo / "pilots" / "borte").is_symlink()


def test_overview_output_dash_is_standard_output_not_a_file_named_dash(new_repo: Path) -> None:
    """``overview -o -`` made a file named «-» and said «Skrev -», where ``render -o -``
    writes to standard output."""
    code, output = run_cli("overview", "-o", "-", "-f", "csv")
    assert code == 0, output
    assert output.startswith("id,name,language,")
    assert "nye-dalen,Nye dalen,nb," in output
    assert not (new_repo / "-").exists()


@pytest.mark.parametrize(
    "nested", ["[" * 10_000 + "]" * 10_000, "{b = " * 5_000 + "1" + "}" * 5_000]
)
def test_a_configuration_nested_thousands_deep_is_refused_not_a_traceback(
    new_repo: Path, nested: str
) -> None:
    """tomllib recursed once per level: a RecursionError's traceback."""
    config = new_repo / "bygdevekst.toml"
    config.write_text(f"a = {nested}\n", encoding="utf-8")
    code, output = run_cli("validate")
    assert (code, output) == (
        2,
        f"bygdevekst: {config.as_posix()}: ikke gyldig TOML: listene eller tabellene ligger"
        " for mange nivåer inni hverandre\n",
    )


# --- a file or folder name that is not UTF-8 ------------------------------------------------

#: A folder named on an old Latin-1 system: «æ» as the one byte 0xE6.
LATIN1_NAME = os.fsdecode(b"\xe6ra")
REFUSED = "kan ikke bruke stien (navnet er ikke gyldig UTF-8; gi filen eller mappen et nytt navn)"


@pytest.mark.parametrize(
    "command",
    [
        ["validate"],
        ["validate", "-f", "sarif"],
        ["fmt", "--check"],
        ["overview"],
        ["site", "-o", "nettstad"],
        ["check", "--base", "HEAD", "-f", "sarif"],
        ["check", "--base", "HEAD", "--head", "HEAD", "-f", "sarif"],
    ],
)
def test_a_pilot_folder_whose_name_is_not_utf8_is_named_not_a_traceback(
    new_repo: Path, command: list[str]
) -> None:
    """Every report, page and SARIF file is UTF-8: ``overview``, ``site`` and SARIF ended in
    «surrogates not allowed». The folder is named, its byte as ``\\xe6``, with what to do."""
    shutil.copytree(new_repo / "pilots" / "nye-dalen", new_repo / "pilots" / LATIN1_NAME)
    commit(git.Repo(new_repo), "To pilotar")
    code, output = run_cli(*command)
    _no_python_leak(output)
    assert (code, output) == (1, f"bygdevekst: pilots/\\xe6ra: {REFUSED}\n")


def test_a_plan_whose_file_name_is_not_utf8_is_named_and_other_pilots_commands_go_on(
    new_repo: Path,
) -> None:
    plans = new_repo / "pilots" / "nye-dalen" / "plans"
    plans.mkdir()
    (plans / os.fsdecode(b"pl\xe6n.yaml")).write_text("year: 2026\n", encoding="utf-8")
    code, output = run_cli("validate", "-f", "sarif")
    _no_python_leak(output)
    assert (code, output) == (1, f"bygdevekst: pilots/nye-dalen/plans/pl\\xe6n.yaml: {REFUSED}\n")
    # a command on one pilot is not stopped by another pilot's folder
    shutil.rmtree(plans)
    shutil.copytree(new_repo / "pilots" / "nye-dalen", new_repo / "pilots" / LATIN1_NAME)
    commit(git.Repo(new_repo), "To pilotar")
    code, output = run_cli("history", "nye-dalen")
    assert code == 0, output
    assert "nye-dalen" in output


def test_a_file_of_no_kind_named_alone_is_not_counted_as_checked(new_repo: Path) -> None:
    """``validate notat.txt`` said «den blir ikke kontrollert» and then «1 fil kontrollert»;
    a pilot file named beside it is counted, the note is not."""
    (new_repo / "notat.txt").write_text("Møte tysdag.\n", encoding="utf-8")
    code, output = run_cli("validate", "notat.txt")
    assert code == 0, output
    assert "BV013 Ukjent fil; den blir ikke kontrollert" in output
    assert output.endswith("Ingen feil, 1 advarsel; 0 filer kontrollert.\n"), output
    pilot = "pilots/nye-dalen/agreement.yaml"
    (new_repo / "agreement.yaml").write_bytes((new_repo / pilot).read_bytes())
    code, output = run_cli("validate", "notat.txt", "agreement.yaml")
    assert "; 1 fil kontrollert.\n" in output, output
