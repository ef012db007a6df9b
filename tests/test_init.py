"""``bygdevekst init``: a new pilot folder that validates, with comments in its own standard."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from bygdevekst_cli import __version__
from bygdevekst_cli.errors import UserError
from bygdevekst_cli.language import cli_words
from bygdevekst_cli.loader import load_yaml
from bygdevekst_cli.models import Language, Pilot
from bygdevekst_cli.repository import CiChoice, InstallSource, bootstrap
from bygdevekst_cli.rules.language import marker_words
from tests.gitrepo import init_repo
from tests.helpers import run_cli, tree


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pilots").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def comment_text(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(
        m.group(1) for line in lines if (m := re.search(r"#(?! yaml-language-server)(.*)$", line))
    )


@pytest.mark.parametrize("language", [Language.NYNORSK, Language.BOKMAAL])
def test_a_new_pilot_validates_and_speaks_its_own_standard(repo: Path, language: Language) -> None:
    code, output = run_cli("init", "nye-dalen", "--name", "Nye dalen", "--lang", language.value)
    assert code == 0, output
    folder = repo / "pilots" / "nye-dalen"
    assert sorted(p.name for p in folder.iterdir()) == ["agreement.yaml", "pilot.yaml"]
    wrote = {Language.NYNORSK: "Skreiv", Language.BOKMAAL: "Skrev"}[language]
    assert f"{wrote} pilots/nye-dalen/pilot.yaml" in output
    assert "Fyll inn:" in output
    code, output = run_cli("validate", "pilots/nye-dalen", "--format", "json")
    assert code == 0, output
    warnings = Counter(f["code"] for f in json.loads(output)["findings"])
    # what is still to fill in: the county, the texts, the sub-goal's title, municipalities,
    # and the period's end, which init was not given and so does not invent (issue 10)
    assert warnings == {"BV226": 10, "BV227": 1, "BV230": 1}
    markers = marker_words()
    for name in ("pilot.yaml", "agreement.yaml"):
        text = comment_text(folder / name)
        assert len(text.splitlines()) >= 4
        assert markers.find(text, language) == [], (name, markers.find(text, language))
        first = (folder / name).read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../../schemas/{name[:-5]}.schema.json"
    pilot = Pilot.model_validate(load_yaml(folder / "pilot.yaml").data)
    assert (pilot.id, pilot.name, pilot.language) == ("nye-dalen", "Nye dalen", language)
    assert pilot.agreement.period.end is None
    assert not re.search(r"\d{4}-\d\d-\d\d", (folder / "pilot.yaml").read_text(encoding="utf-8"))


def test_the_new_files_are_in_canonical_form(repo: Path) -> None:
    run_cli("init", "nye-dalen", "--name", "Nye dalen", "--lang", "nn")
    assert run_cli("fmt", "--check")[0] == 0


def test_municipalities_get_their_numbers(repo: Path) -> None:
    code, _ = run_cli(
        "init", "vest", "--name", "Vest", "--lang", "nn", "--county", "Telemark",
        "-m", "Fyresdal", "-m", "Tokke",
    )  # fmt: skip
    assert code == 0
    pilot = Pilot.model_validate(load_yaml(repo / "pilots" / "vest" / "pilot.yaml").data)
    assert pilot.county == "Telemark"
    assert [(p.id, p.municipality_number) for p in pilot.municipalities] == [
        ("fyresdal", "4032"),
        ("tokke", "4034"),
    ]
    assert run_cli("validate", "pilots/vest")[0] == 0


def test_a_name_in_two_counties_needs_the_county(repo: Path) -> None:
    code, output = run_cli("init", "sor", "--name", "Sør", "--lang", "nb", "-m", "Våler")
    assert code == 1
    assert "det finnes flere kommuner som heter «Våler»; angi fylket med --county" in output
    code, _ = run_cli(
        "init", "sor", "--name", "Sør", "--lang", "nb", "-m", "Våler", "--county", "Innlandet"
    )
    assert code == 0
    pilot = Pilot.model_validate(load_yaml(repo / "pilots" / "sor" / "pilot.yaml").data)
    assert pilot.municipalities[0].municipality_number == "3419"


def test_an_existing_folder_is_refused(repo: Path) -> None:
    (repo / "pilots" / "nye-dalen").mkdir()
    code, output = run_cli("init", "nye-dalen", "--name", "Nye dalen", "--lang", "nn")
    assert code == 1
    assert "pilots/nye-dalen finst alt; vel ein annan ID eller ei anna mappe" in output
    assert list((repo / "pilots" / "nye-dalen").iterdir()) == []


@pytest.mark.parametrize("bad", ["Nye-Dalen", "nye dalen", "_dalen", "dalen/x", "a" * 65])
def test_an_id_outside_the_pattern_is_refused(repo: Path, bad: str) -> None:
    """The id is typed on the command line: wrong use, exit 2 (it was 1, the exit of
    errors in the data)."""
    code, output = run_cli("init", bad, "--name", "X", "--lang", "nn")
    assert code == 2
    assert "ugyldig pilot-ID" in output
    assert list((repo / "pilots").iterdir()) == []


def test_import_refuses_a_bad_pilot_id_as_wrong_use(repo: Path) -> None:
    source = repo / "avtale.md"
    source.write_text("# Bygdevekstavtale for Nye Dalen\n", encoding="utf-8")
    code, output = run_cli("import", "agreement", "avtale.md", "--pilot", "Nye Dalen")
    assert (code, output) == (
        2,
        "bygdevekst: ugyldig pilot-ID «Nye Dalen»: bruk små bokstaver (a–z), tall, punktum og "
        "bindestrek, og begynn med bokstav eller tall (f.eks. «nye-dalen»)\n",
    )
    assert list((repo / "pilots").iterdir()) == []


def test_an_empty_name_is_refused_as_wrong_use(repo: Path) -> None:
    code, output = run_cli("init", "nye-dalen", "--name", " ", "--lang", "nn")
    assert (code, output) == (2, "bygdevekst: namnet på piloten kan ikkje vere tomt (--name)\n")
    assert list((repo / "pilots").iterdir()) == []


def test_dir_puts_the_pilot_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = run_cli("init", "x", "--name", "X", "--lang", "nb", "--dir", "andre")
    assert code == 0, output
    assert (tmp_path / "andre" / "x" / "pilot.yaml").is_file()
    assert not [p for p in (tmp_path / "andre").iterdir() if p.name.startswith(".")]


def test_a_language_other_than_nn_or_nb_is_a_usage_error(repo: Path) -> None:
    code, _ = run_cli("init", "x", "--name", "X", "--lang", "se")
    assert code == 2


@pytest.mark.parametrize(
    ("lang", "refusal"),
    [
        ("nn", "Feil: Ugyldig verdi for «--cohort»: må vere høgst 2\n"),
        ("nb", "Feil: Ugyldig verdi for «--cohort»: må være høyst 2\n"),
    ],
)
def test_a_usage_error_is_told_in_the_written_standard_lang_gives(
    repo: Path, lang: str, refusal: str
) -> None:
    """A Nynorsk secretariat was told of its other mistakes in Bokmål, whatever --lang."""
    code, output = run_cli("init", "x", "--name", "X", "--lang", lang, "--cohort", "3")
    assert code == 2
    assert output.endswith(refusal), output
    assert not (repo / "pilots" / "x").exists()


def test_the_municipality_table_is_whole_and_consistent() -> None:
    from bygdevekst_cli.municipalities import register

    table = register()

    def number(name: str, county: str | None = None) -> str | None:
        found = table.find(name, county)
        return found.number if found is not None else None

    numbers = [m.number for m in table.municipalities]
    assert len(numbers) == len(set(numbers)) == 357
    for municipality in table.municipalities:
        assert re.fullmatch(r"\d{4}", municipality.number)
        assert municipality.number[:2] == table.counties[municipality.county]
    assert number("Seljord") == "4022"
    assert number("Tana") == number("Deatnu") == "5628"
    assert number("Våler") is None
    assert number("Våler kommune", "Østfold") == "3114"


# --- a new pilots repository ------------------------------------------------------------


@pytest.fixture
def empty_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "pilotar"
    init_repo(root)
    monkeypatch.chdir(root)
    return root


def schema_target(path: Path) -> Path:
    """The file the ``$schema`` line at the top of ``path`` points to."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema="), first
    return (path.parent / first.split("$schema=", 1)[1]).resolve()


def test_init_in_an_empty_repository_sets_it_up(empty_repo: Path) -> None:
    code, output = run_cli(
        "init", "nye-dalen", "--name", "Nye dalen", "--lang", "nn", "--ci", "github"
    )
    assert code == 0, output
    files = sorted(
        p.relative_to(empty_repo).as_posix()
        for p in empty_repo.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(empty_repo).parts[:1]
    )
    assert files == [
        ".github/workflows/bygdevekst.yml",
        ".gitignore",
        ".pre-commit-config.yaml",
        "bygdevekst.toml",
        "pilots/nye-dalen/agreement.yaml",
        "pilots/nye-dalen/pilot.yaml",
        "schemas/agreement.schema.json",
        "schemas/pilot.schema.json",
        "schemas/plan.schema.json",
    ]
    for name in ("pilot.yaml", "agreement.yaml"):
        target = schema_target(empty_repo / "pilots" / "nye-dalen" / name)
        assert target.is_file() and target.parent == empty_repo / "schemas"
    assert "out/" in (empty_repo / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert tomllib.loads((empty_repo / "bygdevekst.toml").read_text(encoding="utf-8")) == {}
    workflow = (empty_repo / ".github/workflows/bygdevekst.yml").read_text(encoding="utf-8")
    assert f"BYGDEVEKST_VERSION: v{__version__}" in workflow
    pre_commit = (empty_repo / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert f"rev: v{__version__}" in pre_commit
    assert (
        "Skreiv .gitignore" in output and "Køyr «bygdevekst validate pilots/nye-dalen»." in output
    )
    assert run_cli("schema", "--check")[0] == 0
    assert run_cli("validate")[0] == 0


def test_the_config_file_documents_every_key(empty_repo: Path) -> None:
    run_cli("init", "x", "--name", "X", "--lang", "nb")
    text = (empty_repo / "bygdevekst.toml").read_text(encoding="utf-8")
    uncommented = "\n".join(
        line[2:] for line in text.splitlines() if re.match(r"# (\[|\"|[a-zA-Z0-9-]+ = )", line)
    )
    config = tomllib.loads(uncommented)
    assert set(config) == {"select", "ignore", "language", "format", "per-path-ignores", "severity"}


def test_init_from_a_subfolder_writes_at_the_root(
    empty_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (empty_repo / "docs" / "notes").mkdir(parents=True)
    monkeypatch.chdir(empty_repo / "docs" / "notes")
    code, output = run_cli("init", "x", "--name", "X", "--lang", "nb")
    assert code == 0, output
    assert (empty_repo / "pilots" / "x" / "pilot.yaml").is_file()
    assert (empty_repo / "schemas" / "pilot.schema.json").is_file()
    assert not (empty_repo / "docs" / "notes" / "schemas").exists()
    assert schema_target(empty_repo / "pilots" / "x" / "pilot.yaml").is_file()


def test_a_second_init_leaves_the_users_files_alone(empty_repo: Path) -> None:
    (empty_repo / ".gitignore").write_text("*.pyc", encoding="utf-8")
    (empty_repo / "bygdevekst.toml").write_text('ignore = ["BV224"]\n', encoding="utf-8")
    code, output = run_cli("init", "a", "--name", "A", "--lang", "nb", "--ci", "gitlab")
    assert code == 0, output
    assert (empty_repo / ".gitignore").read_text(encoding="utf-8").splitlines() == [
        "*.pyc",
        "# Dokumentene «bygdevekst render» lager (de lages på nytt fra dataene)",
        "out/",
        "# Midlertidige filer og mapper som en avbrutt kjøring av bygdevekst kan ha etterlatt",
        ".*.tmp",
        "pilots/.*.????????/",
        "# Mappene en avbrutt «bygdevekst site» kan ha etterlatt ved siden av nettstedet",
        ".*.????????/",
    ]
    assert (empty_repo / "bygdevekst.toml").read_text(encoding="utf-8") == 'ignore = ["BV224"]\n'
    assert "bygdevekst.toml finnes fra før; står urørt" in output
    include = (empty_repo / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert "- local: ci/bygdevekst.gitlab-ci.yml" in include
    assert (empty_repo / "ci" / "bygdevekst.gitlab-ci.yml").is_file()
    before = {
        p: p.read_bytes() for p in empty_repo.rglob("*") if p.is_file() and ".git" not in p.parts
    }
    code, output = run_cli("init", "b", "--name", "B", "--lang", "nb", "--ci", "github")
    assert code == 0, output
    assert all(p.read_bytes() == data for p, data in before.items())
    assert "Skrev .gitignore" not in output and "Skrev schemas/" not in output
    assert (empty_repo / ".github" / "workflows" / "bygdevekst.yml").is_file()


@pytest.mark.parametrize(
    ("saved", "refusal"),
    [
        (
            "out/\r\nmine/\r\n".encode("utf-16"),
            "bygdevekst: .gitignore:1: Fila er lagra som UTF-16 («Unicode» i Notisblokk); "
            "lagre ho som UTF-8\n",
        ),
        (
            b"mine/\nf\xf8rste/\n",
            "bygdevekst: .gitignore:2: Fila er ikkje UTF-8, men ser ut til å vere lagra som"
            " Windows-1252 («ANSI» i Notisblokk): byte 0xf8 er «ø» der; lagre ho som UTF-8\n",
        ),
    ],
    ids=["utf-16-from-powershell", "windows-1252"],
)
def test_a_gitignore_not_in_utf8_is_refused_by_name_and_left_as_it_was(
    empty_repo: Path, saved: bytes, refusal: str
) -> None:
    """It had been a traceback (``UnicodeDecodeError``) after the pilot folder was made."""
    (empty_repo / ".gitignore").write_bytes(saved)
    code, output = run_cli("init", "x", "--name", "X", "--lang", "nn")
    assert (code, output) == (1, refusal)
    assert (empty_repo / ".gitignore").read_bytes() == saved
    assert not (empty_repo / "pilots" / "x").exists()
    assert not (empty_repo / "schemas").exists() and not (empty_repo / "bygdevekst.toml").exists()


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_a_gitignore_saved_on_windows_keeps_its_line_endings(empty_repo: Path, bom: bytes) -> None:
    """Its lines had all been rewritten with LF: a diff of every line of the user's file."""
    (empty_repo / ".gitignore").write_bytes(bom + b"mine/\r\n*.bak")
    code, output = run_cli("init", "x", "--name", "X", "--lang", "nn")
    assert code == 0, output
    raw = (empty_repo / ".gitignore").read_bytes()
    assert raw.startswith(bom + b"mine/\r\n*.bak\r\n# ")
    assert raw.count(b"\n") == raw.count(b"\r\n") > 3
    assert "out/" in raw.decode("utf-8-sig").splitlines()
    # not «Skreiv .gitignore», which reads as if the user's file had been written over
    assert "Skreiv .gitignore" not in output
    assert "La til linjene til bygdevekst i .gitignore; linjene som stod der, står urørde\n" in (
        output
    )


def test_init_outside_a_repository_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = run_cli("init", "x", "--name", "X", "--lang", "nn")
    assert code == 1
    assert output.strip() == (
        f"bygdevekst: {tmp_path.resolve().as_posix()} er ikkje i eit git-repo: køyr «git init»"
        " først (eller vel mappe med --dir)"
    )
    assert list(tmp_path.iterdir()) == []


def test_schema_writes_and_checks_at_the_repository_root(
    empty_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (empty_repo / "sub").mkdir()
    monkeypatch.chdir(empty_repo / "sub")
    assert run_cli("schema", "--check")[0] == 1
    code, output = run_cli("schema")
    assert code == 0, output
    assert sorted(p.name for p in (empty_repo / "schemas").iterdir()) == [
        "agreement.schema.json",
        "pilot.schema.json",
        "plan.schema.json",
    ]
    assert not (empty_repo / "sub" / "schemas").exists()
    assert run_cli("schema", "--check")[0] == 0
    (empty_repo / "schemas" / "plan.schema.json").write_text("{}", encoding="utf-8")
    code, output = run_cli("schema", "--check")
    assert code == 1 and "plan.schema.json" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lang", "nn", "-m", "Fyresdl"],
         "fann ikkje kommunen «Fyresdl» i kommunelista (2024). Meinte du «Fyresdal»?"),
        (["--lang", "nb", "-m", "Tokk", "--county", "telemark"],
         "fant ikke kommunen «Tokk» i telemark i kommunelisten (2024). Mente du «Tokke»?"),
        (["--lang", "nb", "-m", "Qwerty"], "fant ikke kommunen «Qwerty» i kommunelisten (2024)."),
    ],
)  # fmt: skip
def test_an_unknown_municipality_gets_a_suggestion(
    repo: Path, args: list[str], message: str
) -> None:
    code, output = run_cli("init", "x", "--name", "X", *args)
    assert code == 1
    assert output.strip() == f"bygdevekst: {message}"
    assert list((repo / "pilots").iterdir()) == []


def test_validate_and_fmt_take_a_pilot_id(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run_cli("init", "nye-dalen", "--name", "Nye dalen", "--lang", "nb")
    (repo / "pilots" / "sub").mkdir()
    monkeypatch.chdir(repo / "pilots" / "sub")
    code, output = run_cli("validate", "nye-dalen", "--format", "json")
    assert code == 0, output
    assert {Path(f["file"]).name for f in json.loads(output)["findings"]} == {
        "pilot.yaml",
        "agreement.yaml",
    }
    assert run_cli("fmt", "--check", "nye-dalen")[0] == 0
    code, output = run_cli("validate", "nye-dalne")
    assert code == 2
    assert output.strip() == (
        "bygdevekst: Fant ingen pilot «nye-dalne» (verken som mappe eller under pilots/)."
        " Mente du «nye-dalen»?"
    )
    assert run_cli("fmt", "nye-dalne")[0] == 2


def test_validate_without_pilots_says_how_to_begin(empty_repo: Path) -> None:
    code, output = run_cli("validate")
    assert code == 2
    assert output.strip() == (
        "bygdevekst: Fant ingen pilots/-mappe i mappen du står i (.): lag den"
        " første piloten med «bygdevekst init PILOT-ID --name NAVN --lang nn|nb», eller angi"
        " stien til en pilot"
    )
    assert run_cli("fmt")[0] == 2


def test_init_with_end_writes_the_period_end_and_validate_does_not_warn(repo: Path) -> None:
    code, output = run_cli(
        "init", "nye-dalen", "--name", "Nye dalen", "--lang", "nn", "--end", "2029-06-30"
    )
    assert code == 0, output
    folder = repo / "pilots" / "nye-dalen"
    pilot = Pilot.model_validate(load_yaml(folder / "pilot.yaml").data)
    assert str(pilot.agreement.period.end) == "2029-06-30"
    # the period's end is no longer among what is left to fill in
    assert "agreement.period.end" not in output
    code, output = run_cli("validate", "pilots/nye-dalen", "--format", "json")
    assert code == 0, output
    found = Counter(f["code"] for f in json.loads(output)["findings"])
    assert "BV230" not in found and found == {"BV226": 10, "BV227": 1}


def test_init_without_end_names_it_as_left_to_fill_in(repo: Path) -> None:
    code, output = run_cli("init", "nye-dalen", "--name", "Nye dalen", "--lang", "nn")
    assert code == 0, output
    assert "agreement.period.end" in output


@pytest.mark.parametrize("bad", ["31.12.2029", "2029-02-30", "snart"])
def test_init_with_a_bad_end_is_one_clear_line_and_writes_nothing(repo: Path, bad: str) -> None:
    code, output = run_cli("init", "nye-dalen", "--name", "Nye dalen", "--lang", "nn", "--end", bad)
    assert code == 2
    assert "--end" in output and bad in output and "Traceback" not in output
    assert not (repo / "pilots" / "nye-dalen").exists()


@pytest.fixture
def windows_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository in a folder with spaces and Norwegian letters, as on a laptop."""
    root = tmp_path / "Mine dokument" / "Bygdevekst Å Ø"
    init_repo(root)
    monkeypatch.chdir(root)
    return root


def test_init_twice_names_the_folder_from_where_the_user_stands(windows_folder: Path) -> None:
    """The second run named the pilot folder from the root of the disk
    (``/home/…/Mine dokument/Bygdevekst Å Ø/pilots/nye-dalen``)."""
    code, output = run_cli("init", "nye-dalen", "--name", "Nye dalen", "--lang", "nn")
    assert code == 0, output
    code, output = run_cli("init", "nye-dalen", "--name", "Nye dalen", "--lang", "nn")
    assert (code, output) == (
        1,
        "bygdevekst: pilots/nye-dalen finst alt; vel ein annan ID eller ei anna mappe\n",
    )


def test_a_path_the_system_refuses_is_told_in_the_pilots_standard(windows_folder: Path) -> None:
    """``--dir`` through a file: the system's refusal was worded in the command line's
    default (Bokmål) while the run's other messages were in ``--lang`` (Nynorsk)."""
    (windows_folder / "notat.txt").write_text("ikkje ei mappe\n", encoding="utf-8")
    code, output = run_cli("init", "ny", "--name", "Ny", "--lang", "nn", "--dir", "notat.txt/ny")
    assert (code, output) == (
        1,
        "bygdevekst: notat.txt/ny: kan ikkje bruke stien (ein del av stien er ikkje ei mappe)\n",
    )


def test_a_repository_file_init_cannot_write_is_told_in_the_chosen_language(
    windows_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``BYGDEVEKST_LANGUAGE`` comes before ``--lang`` for the command line's messages (as
    it comes before a pilot's written standard): the refusal to write ``.gitignore`` was in
    Nynorsk while «finst alt» was in English."""
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "en")
    (windows_folder / ".gitignore").mkdir()
    code, output = run_cli("init", "nye-dalen", "--name", "Nye dalen", "--lang", "nn")
    assert (code, output) == (
        1,
        "bygdevekst: .gitignore: cannot write (it is a folder, not a file)\n",
    )


def test_a_repository_file_init_cannot_write_leaves_no_pilot_behind(windows_folder: Path) -> None:
    """The pilot folder was written before the repository's files: when one of those could
    not be written the run failed, the pilot stayed, and the run after the fix was told
    «pilots/nye-dalen finst alt»."""
    (windows_folder / ".gitignore").mkdir()
    code, output = run_cli("init", "nye-dalen", "--name", "Nye dalen", "--lang", "nn")
    assert (code, output) == (
        1,
        "bygdevekst: .gitignore: kan ikkje skrive (det er ei mappe, ikkje ei fil)\n",
    )
    assert not (windows_folder / "pilots").exists()  # made for the pilot: gone with it
    (windows_folder / ".gitignore").rmdir()
    code, output = run_cli("init", "nye-dalen", "--name", "Nye dalen", "--lang", "nn")
    assert code == 0, output
    assert (windows_folder / "pilots" / "nye-dalen" / "pilot.yaml").is_file()


# --- a failed init leaves the repository as it was --------------------------------------


def _user_gitignore(root: Path) -> None:
    (root / ".gitignore").write_text("*.pyc\n", encoding="utf-8")


def _file_at(relative: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        (root / relative).write_text("mine\n", encoding="utf-8")

    return make


def _folder_at(relative: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        (root / relative).mkdir(parents=True)
        (root / relative / "notat.txt").write_text("mine\n", encoding="utf-8")

    return make


IS_A_FOLDER = "kan ikkje skrive (det er ei mappe, ikkje ei fil)"
NOT_A_FOLDER = "kan ikkje skrive (ein del av stien er ikkje ei mappe)"


@pytest.mark.parametrize(
    ("in_the_way", "ci", "refusal"),
    [
        pytest.param(
            _folder_at("bygdevekst.toml"),
            "none",
            f"bygdevekst.toml: {IS_A_FOLDER}",
            id="folder-for-config",
        ),
        pytest.param(
            _folder_at("schemas/plan.schema.json"),
            "none",
            f"schemas/plan.schema.json: {IS_A_FOLDER}",
            id="folder-for-a-schema",
        ),
        pytest.param(
            _file_at(".github"),
            "github",
            f".github/workflows: {NOT_A_FOLDER}",
            id="file-for-github-folder",
        ),
        pytest.param(_file_at("ci"), "gitlab", f"ci: {NOT_A_FOLDER}", id="file-for-ci-folder"),
    ],
)
def test_a_repository_file_in_the_way_leaves_the_repository_as_it_was(
    empty_repo: Path, in_the_way: Callable[[Path], None], ci: str, refusal: str
) -> None:
    """``bootstrap`` wrote its files one by one: the schemas, ``.gitignore`` (the user's
    added to) and the others written before the one that failed stayed, half a set-up."""
    _user_gitignore(empty_repo)
    in_the_way(empty_repo)
    before = tree(empty_repo)
    code, output = run_cli("init", "nye-dalen", "--name", "Nye dalen", "--lang", "nn", "--ci", ci)
    assert (code, output) == (1, f"bygdevekst: {refusal}\n")
    assert tree(empty_repo) == before


def test_a_failed_bootstrap_removes_only_what_it_made(empty_repo: Path) -> None:
    """The library call alone, failing as the files are moved into place (after the
    folders for them were made): its own ``pilots/`` and ``.github/workflows/`` go, the
    schemas moved in before the failure go, the user's empty ``.github/`` and the
    ``schemas/`` that held something stay, and the user's ``.gitignore`` is as it was."""
    _user_gitignore(empty_repo)
    (empty_repo / ".github").mkdir()
    (empty_repo / "schemas" / "plan.schema.json").mkdir(parents=True)
    before = tree(empty_repo)
    with pytest.raises(UserError) as refused:
        bootstrap(empty_repo, CiChoice.GITHUB, "nb", InstallSource(None, ""))
    where = (empty_repo / "schemas" / "plan.schema.json").as_posix()
    assert refused.value.message(cli_words("nb")) == (
        f"{where}: kan ikke skrive (det er en mappe, ikke en fil)"
    )
    assert tree(empty_repo) == before


def test_ctrl_c_while_the_files_are_moved_in_leaves_the_repository_as_it_was(
    empty_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+C after the schemas were moved into place, before ``.gitignore`` was: the
    interruption goes on to the command line (its own line and exit status), and nothing
    of the set-up stays."""
    _user_gitignore(empty_repo)
    before = tree(empty_repo)
    real_replace = Path.replace

    def interrupted(self: Path, target: str | os.PathLike[str]) -> Path:
        if Path(target).name == ".gitignore":
            raise KeyboardInterrupt
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        bootstrap(empty_repo, CiChoice.GITHUB, "nn", InstallSource(None, ""))
    monkeypatch.undo()
    assert tree(empty_repo) == before


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="chmod does not stop root")
def test_a_read_only_folder_leaves_the_repository_as_it_was(empty_repo: Path) -> None:
    _user_gitignore(empty_repo)
    workflows = empty_repo / ".github" / "workflows"
    workflows.mkdir(parents=True)
    workflows.chmod(0o555)
    before = tree(empty_repo)
    try:
        code, output = run_cli("init", "ny", "--name", "Ny", "--lang", "nn", "--ci", "github")
    finally:
        workflows.chmod(0o755)
    assert (code, output) == (
        1,
        "bygdevekst: .github/workflows/bygdevekst.yml: kan ikkje skrive (manglar løyve)\n",
    )
    assert tree(empty_repo) == before


def _at_most(size: int) -> Callable[[], None]:
    """For a child process: no file it writes may grow past ``size`` bytes (a disk that
    fills up, as root meets it too; Python ignores the signal, the write fails: EFBIG)."""

    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


def test_a_write_the_system_cuts_short_leaves_the_repository_as_it_was(
    empty_repo: Path,
) -> None:
    """A real failure of the system midway, in a real process: the schemas are in place,
    the small files fit, the workflow (~2 KB) does not."""
    pytest.importorskip("resource")  # POSIX
    bootstrap(empty_repo, CiChoice.NONE, "nn", InstallSource(None, ""))
    for name in (".gitignore", "bygdevekst.toml", ".pre-commit-config.yaml"):
        (empty_repo / name).unlink()
    _user_gitignore(empty_repo)
    before = tree(empty_repo)
    args = ["init", "ny", "--name", "Ny", "--lang", "nn", "--ci", "github"]
    env = {**os.environ, "BYGDEVEKST_NO_CACHE": "1", "BYGDEVEKST_LANGUAGE": "nn"}
    done = subprocess.run(
        [sys.executable, "-m", "bygdevekst_cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=empty_repo,
        preexec_fn=_at_most(1500),
        check=False,
        timeout=60,
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        1,
        "",
        "bygdevekst: .github/workflows/bygdevekst.yml: kan ikkje skrive"
        " (fila er større enn systemet tillèt)\n",
    )
    assert tree(empty_repo) == before
    done = subprocess.run(
        [sys.executable, "-m", "bygdevekst_cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=empty_repo,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr  # once there is room: the whole set-up
    assert (empty_repo / ".github" / "workflows" / "bygdevekst.yml").is_file()


def test_init_needs_no_git_program(empty_repo: Path, tmp_path: Path) -> None:
    """``init`` sets up a repository made by ``git init`` without running git: a PATH
    without it (git for Windows not on PATH) changes nothing."""
    no_git = tmp_path / "bin"
    no_git.mkdir()
    env = {"PATH": str(no_git), "HOME": str(tmp_path), "BYGDEVEKST_NO_CACHE": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "bygdevekst_cli", "init", "ny", "--name", "Ny", "--lang", "nn"],
        capture_output=True,
        text=True,
        env={**env, "BYGDEVEKST_LANGUAGE": "nn"},
        cwd=empty_repo,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert {".gitignore", "bygdevekst.toml", "schemas", "pilots/ny"} <= set(tree(empty_repo))
