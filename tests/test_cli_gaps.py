"""Gaps the last review left in the files written, the command line and the wheel: a pilot
file that is a link, what a killed run leaves beside the pilot files, option values refused
as the arguments are parsed, and the files the wheel must carry; then the command line as a
secretariat member on Windows meets it (a slash at the end, an empty or folder --output, a
narrow terminal, a closed output, Ctrl+C). Real files, real git repositories and the real
command line (POSIX: the helpers of test_files_written lock files with fcntl)."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from bygdevekst_cli.fsutil import made_names
from tests.gitrepo import commit, pilot_repo
from tests.helpers import copy_minimal, edit
from tests.test_files_written import (
    half_imported_pilot,
    import_update,
    import_update_args,
    invoke,
    snapshot,
)

REPO = Path(__file__).resolve().parent.parent
needs_links = pytest.mark.skipif(os.name == "nt", reason="symbolic links need rights on Windows")


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")


# --- 1. a pilot file that is a symbolic link ---------------------------------------------


def linked_agreement(pilot: Path, target: Path) -> Path:
    """``pilot``'s agreement.yaml moved to ``target`` (made out of its canonical layout) and
    linked back from where it was; the file the link names."""
    target.parent.mkdir(parents=True, exist_ok=True)
    edit(pilot / "agreement.yaml", "schema_version: 2", "schema_version:    2")
    (pilot / "agreement.yaml").rename(target)
    (pilot / "agreement.yaml").symlink_to(os.path.relpath(target, pilot))
    return target


@needs_links
def test_fmt_writes_through_a_link_within_the_pilot_and_keeps_the_link(tmp_path: Path) -> None:
    """``fmt`` replaced the link by a formatted copy and left the file it named unformatted:
    the link was lost and the file validate reads for it still not canonical."""
    pilot = copy_minimal(tmp_path)
    shared = linked_agreement(pilot, pilot / ".shared" / "agreement.yaml")
    code, output = invoke("fmt", "pilots/testdalen")
    assert (code, output) == (0, "Formaterte pilots/testdalen/agreement.yaml\n")
    assert (pilot / "agreement.yaml").is_symlink()
    assert "schema_version: 2\n" in shared.read_text(encoding="utf-8")
    assert invoke("fmt", "--check", "pilots/testdalen") == (0, "")


@needs_links
def test_migrate_writes_through_a_link_within_the_pilot_and_keeps_the_link(
    tmp_path: Path,
) -> None:
    """``migrate`` rewrites pilot files as ``fmt`` does (``validate.named_files``), and
    replaced the link in the same way."""
    pilot = copy_minimal(tmp_path)
    shared = linked_agreement(pilot, pilot / ".shared" / "agreement.yaml")
    edit(shared, "schema_version:    2", "schema_version: 1")
    code, output = invoke("migrate", "pilots/testdalen")
    assert code == 0, output
    assert (pilot / "agreement.yaml").is_symlink()
    assert "schema_version: 2\n" in shared.read_text(encoding="utf-8")


@needs_links
def test_fmt_never_writes_through_a_link_out_of_the_pilot(tmp_path: Path) -> None:
    """A link out of the pilot folder is not read (validate: BV011), so nor written."""
    pilot = copy_minimal(tmp_path)
    theirs = linked_agreement(pilot, tmp_path / "elsewhere" / "agreement.yaml")
    before = theirs.read_bytes()
    code, _ = invoke("fmt", "pilots/testdalen")
    assert code == 0
    assert (pilot / "agreement.yaml").is_symlink() and theirs.read_bytes() == before


@needs_links
def test_import_writes_through_a_link_within_the_pilot_and_keeps_the_link(
    tmp_path: Path,
) -> None:
    folder, source, _ = half_imported_pilot(tmp_path)
    kept = folder / "shared" / "agreement.yaml"
    kept.parent.mkdir()
    (folder / "agreement.yaml").rename(kept)
    (folder / "agreement.yaml").symlink_to(Path("shared", "agreement.yaml"))
    code, output = import_update(folder, source)
    assert code == 0, output
    assert (folder / "agreement.yaml").is_symlink()
    assert "the old agreement" not in kept.read_text(encoding="utf-8")
    assert "chapters:" in kept.read_text(encoding="utf-8")


@needs_links
@pytest.mark.parametrize("command", [["fmt"], ["fmt", "--check"], ["migrate"]])
def test_a_file_named_that_links_out_of_the_pilot_is_refused_and_kept(
    tmp_path: Path, command: list[str]
) -> None:
    """Named on the command line (not found by a folder's walk), such a link was read
    through, and ``fmt``/``migrate`` replaced it by a formatted copy of the user's file."""
    pilot = copy_minimal(tmp_path)
    theirs = linked_agreement(pilot, tmp_path / "elsewhere" / "agreement.yaml")
    before = theirs.read_bytes()
    code, output = invoke(*command, "pilots/testdalen/agreement.yaml")
    assert (code, output) == (
        1,
        "bygdevekst: «pilots/testdalen/agreement.yaml» er ei symbolsk lenkje ut av "
        "pilotmappa; ho blir ikkje følgd, og innhaldet blir ikkje lese\n",
    )
    assert (pilot / "agreement.yaml").is_symlink() and theirs.read_bytes() == before


# --- 2. what a killed run leaves beside the pilot files ----------------------------------


def git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=folder, check=True, capture_output=True, text=True
    ).stdout


def leave_temporaries(pilots: Path, pilot: str) -> list[str]:
    """What a run killed while writing leaves: a file's temporary beside it (as
    ``fsutil.write_all`` names it) and an import's hidden pilot folder; their paths."""
    temporary = pilots / pilot / ".pilot.yaml.k3j4h5g6.tmp"
    staging = pilots / f".{pilot}.x9y8z7w6"
    assert made_names(".pilot.yaml.", ".tmp").fullmatch(temporary.name)
    assert made_names(f".{pilot}.").fullmatch(staging.name)
    temporary.write_text("id: half\n", encoding="utf-8")
    staging.mkdir()
    (staging / "pilot.yaml").write_text("id: half\n", encoding="utf-8")
    root = pilots.parent
    return [p.relative_to(root).as_posix() for p in (temporary, staging / "pilot.yaml")]


def test_inits_gitignore_keeps_a_killed_runs_temporaries_out_of_a_commit(
    tmp_path: Path,
) -> None:
    git(tmp_path, "init", "-q")
    code, output = invoke("init", "nye-dalen", "--name", "Nye Dalen", "--lang", "nn")
    assert code == 0, output
    left = leave_temporaries(tmp_path / "pilots", "nye-dalen")
    git(tmp_path, "add", "-A")
    staged = git(tmp_path, "diff", "--cached", "--name-only").splitlines()
    assert "pilots/nye-dalen/pilot.yaml" in staged
    assert not set(left) & set(staged)


def test_inits_gitignore_keeps_a_killed_sites_folders_out_of_a_commit(tmp_path: Path) -> None:
    """``site -o public`` killed while it wrote left ``.public.XXXXXXXX/`` (the half-built
    site) and ``.public.old.XXXXXXXX/`` (the old one aside) beside the output, at the
    repository's root or wherever ``-o`` pointed; ``git add -A`` took them in."""
    git(tmp_path, "init", "-q")
    code, output = invoke("init", "nye-dalen", "--name", "Nye Dalen", "--lang", "nn")
    assert code == 0, output
    left = []
    for folder in (".public.k3j4h5g6", ".public.old.x9y8z7w6/public", "build/.site.a1b2c3d4"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "index.html").write_text("<p>half</p>", encoding="utf-8")
        left.append(f"{folder}/index.html")
    (tmp_path / "build" / "kept.txt").write_text("a user's file\n", encoding="utf-8")
    git(tmp_path, "add", "-A")
    staged = git(tmp_path, "diff", "--cached", "--name-only").splitlines()
    assert {"pilots/nye-dalen/pilot.yaml", "build/kept.txt"} <= set(staged)
    assert not set(left) & set(staged)


def test_an_older_repositorys_gitignore_gets_the_lines_at_the_next_init(tmp_path: Path) -> None:
    """A repository made before: its ``.gitignore`` has ``out/`` only; a second ``init``
    adds what it lacks, and the user's lines stay as they were."""
    git(tmp_path, "init", "-q")
    old = "*.pyc\n# Dokumenta «bygdevekst render» lagar\nout/\n"
    (tmp_path / ".gitignore").write_text(old, encoding="utf-8")
    code, output = invoke("init", "nye-dalen", "--name", "Nye Dalen", "--lang", "nn")
    assert code == 0, output
    text = (tmp_path / ".gitignore").read_text(encoding="utf-8")
    assert text.startswith(old) and text.count("out/") == 1
    added = text[len(old) :].splitlines()
    assert [added[1:3], added[4:]] == [[".*.tmp", "pilots/.*.????????/"], [".*.????????/"]]
    code, output = invoke("init", "andre-dalen", "--name", "Andre Dalen", "--lang", "nn")
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == text
    assert "Skreiv .gitignore" not in output


def test_validate_and_check_do_not_read_a_killed_runs_temporaries(tmp_path: Path) -> None:
    """Committed anyway (a repository without the lines, ``git add -f``): ``check`` read
    the hidden folder an import left under pilots/ as a pilot (BV101 about «.testdalen.…»),
    where ``validate`` skips it."""
    repo = pilot_repo(tmp_path)
    base = repo.head.commit.hexsha
    left = leave_temporaries(tmp_path / "pilots", "testdalen")
    git(tmp_path, "add", "-f", *left)
    commit(repo, "Det ei avbroten køyring la att")
    for args in (["validate", "pilots"], ["check", "--base", base, "--head", "HEAD"]):
        code, output = invoke(*args)
        assert code == 0, output
        assert ".tmp" not in output and ".testdalen." not in output, output


# --- 3. values refused as the arguments are parsed ---------------------------------------


def test_an_unknown_render_format_is_refused_as_a_choice_is(tmp_path: Path) -> None:
    copy_minimal(tmp_path)
    code, output = invoke("render", "plan", "testdalen", "-f", "docc")
    assert code == 2
    assert output.endswith(
        "Feil: Ugyldig verdi for «--format»: Ukjent format «docc» (vel mellom md, html, docx, "
        "pdf)\n"
    )


def test_an_unknown_render_format_is_refused_before_the_pilot_is_looked_for() -> None:
    code, output = invoke("render", "-f", "docx,docc", "plan", "no-such-pilot")
    assert code == 2
    assert "«--format»: Ukjent format «docc»" in output and "no-such-pilot" not in output


@pytest.mark.parametrize(
    "args",
    [
        ["history", "testdalen", "--since", "2026-W01-1"],
        ["history", "testdalen", "--since", "20260101"],
        ["overview", "pilots", "--at", "2026-02-30"],
        ["overview", "pilots", "--at", "20260101"],
        ["site", "pilots", "-o", "site", "--at", "1.3.2026"],
        ["init", "x", "--name", "X", "--lang", "nn", "--end", "2026-W01-1"],
    ],
    ids=["since-week", "since-basic", "at-no-day", "at-basic", "site-at", "init-end"],
)
def test_a_date_option_takes_yyyy_mm_dd_only_and_says_so_as_it_is_parsed(
    tmp_path: Path, args: list[str]
) -> None:
    """``fromisoformat`` took the week date and ``20260101`` for ``--since`` and ``--at``;
    a bad date was refused only once the pilots were found, in a form of its own."""
    pilot_repo(tmp_path)
    code, output = invoke(*args)
    option, value = args[-2:]
    assert code == 2, output
    assert output.endswith(
        f"Feil: Ugyldig verdi for «{option}»: «{value}» er ikkje ein dato på forma ÅÅÅÅ-MM-DD.\n"
    )
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("item", ["Tiltak", "Tiltak=tittel", "=title", "X=budget.2026.nope"])
def test_a_map_item_without_a_known_field_is_refused_as_the_arguments_are_parsed(
    tmp_path: Path, item: str
) -> None:
    """``import plan --map`` was checked once the pilot and the table were read, exit 1
    (here the table's own problem, no measures, was told instead): now the --map, exit 2."""
    copy_minimal(tmp_path)
    (tmp_path / "plan.csv").write_text("Tiltak;Ansvarleg\n", encoding="utf-8")
    code, output = invoke(
        "import", "plan", "plan.csv", "--pilot", "testdalen", "--year", "2026", "--map", item
    )
    assert code == 2, output
    assert output.splitlines()[-1].startswith(f"Feil: --map «{item}»: skriv «Kolonne=felt» med")
    # the funding sources a budget field ends in are named, as written in a plan
    assert output.rstrip().endswith(
        "budget.ÅR.kjelde (kjelde: operating_grant, state_measure_funds,"
        " project_management_grant, own_funds, other_grants)"
    )


# --- 4. the files the wheel carries ------------------------------------------------------


@pytest.mark.parametrize("package", ["bygdevekst_cli.ci", "bygdevekst_cli.templates"])
def test_every_file_of_a_data_package_is_in_the_wheel(package: str) -> None:
    """``ci/pages/README.md`` (the Pages workflows' details the README points to) was left
    out of the wheel: no package-data pattern named it. Every file git holds in the
    folder a data package maps must match one (setuptools' globs, ``**`` recursive)."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = project["tool"]["setuptools"]
    folder = REPO / setuptools["package-dir"][package]
    packaged = {
        path.relative_to(folder).as_posix()
        for pattern in setuptools["package-data"][package]
        for path in folder.glob(pattern)
    }
    held = git(REPO, "ls-files", "--", folder.name).splitlines()
    data = {
        name.removeprefix(f"{folder.name}/")
        for name in held
        if not name.endswith(".py") and (REPO / name).is_file()
    }
    assert data and data - packaged == set()


# --- the sweep: as a secretariat member on Windows meets the command line ----------------


@pytest.mark.parametrize("command", [["render", "plan"], ["history"], ["plan", "new"]])
def test_a_pilot_id_typed_with_a_slash_at_its_end_names_the_pilot(
    tmp_path: Path, command: list[str]
) -> None:
    """``testdalen/`` (what a shell completes in pilots/) was «pilots/testdalen/ has no
    pilot.yaml», of a folder that has one."""
    pilot_repo(tmp_path)
    extra = {"render": ["-o", "-"], "plan": ["2027"], "history": []}[command[0]]
    code, output = invoke(*command, "testdalen/", *extra)
    assert code == 0, output
    assert "pilot.yaml" not in output.splitlines()[-1]


def invoke_interrupted(owner: object, name: str, about: str, *args: str) -> tuple[int, str]:
    """``args`` run with Ctrl+C landing as soon as ``owner.name`` has made a file whose
    path holds ``about`` (the call done, before its caller has the result)."""
    real = getattr(owner, name)

    def made_then_interrupted(*call: object, **kwargs: object) -> object:
        result = real(*call, **kwargs)
        if any(about in str(argument) for argument in call):
            raise KeyboardInterrupt
        return result

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(owner, name, made_then_interrupted)
        return invoke(*args)


def test_ctrl_c_as_a_temporary_file_is_made_leaves_none_behind(tmp_path: Path) -> None:
    """``mkstemp`` tells the name of its file only once it is made: Ctrl+C in between
    (one run in twenty of ``render`` interrupted by hand) left ``.plan.md.….tmp``."""
    copy_minimal(tmp_path)
    (tmp_path / "plan.md").write_text("last week's plan")
    code, output = invoke_interrupted(
        os, "open", "/.plan.md.", "render", "plan", "testdalen", "-f", "md", "-o", "plan.md"
    )
    assert (code, output) == (130, "bygdevekst: avbrote med Ctrl+C\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pilots", "plan.md"]
    assert (tmp_path / "plan.md").read_text(encoding="utf-8") == "last week's plan"


def test_ctrl_c_as_the_old_file_is_kept_leaves_no_copy_behind(tmp_path: Path) -> None:
    """An import writes pilot.yaml and agreement.yaml all or nothing, keeping a second
    name for each old file until both are in place: Ctrl+C as it was made left it."""
    folder, source, before = half_imported_pilot(tmp_path)
    code, output = invoke_interrupted(
        os, "link", "/.agreement.yaml.", *import_update_args(folder, source)
    )
    assert (code, output[-31:]) == (130, "bygdevekst: avbrote med Ctrl+C\n")
    assert snapshot(folder) == before


def test_a_path_in_a_narrow_terminal_is_never_split_over_two_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """rich broke a long path (a OneDrive folder with spaces) where the terminal ended, in
    validate's file headings and render's «Wrote …» above its progress bar: the two
    halves could not be copied as one path."""
    from bygdevekst_cli.present.progress import with_progress

    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.setenv("FORCE_COLOR", "1")  # styled, as on a terminal
    folder = tmp_path / "OneDrive - Testdalen kommune" / "Bygdevekst æøå"
    pilot = copy_minimal(folder)
    edit(pilot / "pilot.yaml", "id: testdalen", "id: annan")  # a finding in pilot.yaml
    shown = (pilot / "pilot.yaml").relative_to(tmp_path).as_posix()
    _, output = invoke("validate", str(pilot))
    assert shown in shown_lines(output)
    monkeypatch.setattr("sys.stderr", io.StringIO())
    with_progress([shown], 1, "Lagar dokument", lambda item: [(f"Skreiv {item}", None)])
    assert f"Skreiv {shown}" in shown_lines(sys.stderr.getvalue())


def shown_lines(text: str) -> list[str]:
    """The lines a terminal shows of ``text``: without styles, and of a line rewritten
    after a carriage return (the progress bar's) only what was written last."""
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)
    return [line.rsplit("\r", 1)[-1] for line in plain.split("\n")]


@pytest.mark.parametrize("typed", ["oversikter/", "."])
def test_overview_to_a_path_typed_as_a_folder_is_refused(tmp_path: Path, typed: str) -> None:
    """``-o oversikter/`` (a folder not made yet) wrote a file named «oversikter»; ``-o .``
    said the folder was «in use»."""
    copy_minimal(tmp_path)
    code, output = invoke("overview", "pilots", "-o", typed)
    example = (Path(typed) / "oversikt.xlsx").as_posix()
    assert (code, output.splitlines()[-1]) == (
        2,
        f"Feil: Ugyldig verdi for «--output»: «{typed}» er ei mappe; oversikta er éi fil: "
        f"gi namnet på fila, til dømes «{example}»",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pilots"]


@pytest.mark.parametrize(
    "command",
    [
        ["overview", "pilots", "-o"],
        ["render", "plan", "testdalen", "-o"],
        ["schema", "-o"],
        ["site", "pilots", "-o"],
        ["init", "nye-dalen", "--name", "Nye Dalen", "--lang", "nn", "--dir"],
        ["import", "agreement", "pilots/testdalen/agreement.yaml", "--pilot", "x", "--dir"],
    ],
)
def test_an_empty_output_path_is_refused_not_taken_for_here(
    tmp_path: Path, command: list[str]
) -> None:
    """``-o "$OUT"`` with the variable unset (``Path("")`` is ``.``): render and schema wrote
    into the folder one stood in, init and import put the pilot there, overview said it
    was «in use», site that «.» was no site."""
    copy_minimal(tmp_path)
    code, output = invoke(*command, "")
    option = "--dir" if command[-1] == "--dir" else "--output"
    assert (code, output.splitlines()[-1]) == (
        2,
        f"Feil: Ugyldig verdi for «{option}»: stien er tom",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pilots"]


def test_a_file_written_over_the_folder_one_stands_in_is_refused_in_words(
    tmp_path: Path,
) -> None:
    """The temporary file's name is made beside ``.`` as ``mkstemp`` made it: not a
    ValueError («has an empty name») from ``with_name``."""
    from bygdevekst_cli.errors import UserError
    from bygdevekst_cli.fsutil import write_or_refuse

    with pytest.raises(UserError, match=r"^\.: kan ikkje skrive fila \("):
        write_or_refuse(Path(), "x", ".")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name == "nt", reason="a descriptor closed before the start: POSIX")
@pytest.mark.parametrize(
    "args",
    [["render", "plan", "testdalen", "-o", "-"], ["overview", "pilots", "-f", "xlsx"]],
    ids=["render-to-stdout", "overview-workbook"],
)
def test_bytes_to_a_standard_output_closed_from_the_start_say_so(
    tmp_path: Path, args: list[str]
) -> None:
    """``>&-``: the stand-in for the closed output had no binary side, and the commands
    that write bytes there ended in a traceback (AttributeError: no attribute 'buffer')."""
    copy_minimal(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "bygdevekst_cli", *args],
        cwd=tmp_path,
        env={**os.environ, "BYGDEVEKST_LANGUAGE": "nn"},
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),  # as the shell's >&- does
        check=False,
    )
    assert (done.returncode, done.stderr.decode()) == (
        1,
        "bygdevekst: kan ikkje skrive til standard utdata: fila er stengd\n",
    )


@pytest.mark.parametrize("command", [["validate"], ["fmt", "--check"], ["render", "plan", "x"]])
def test_a_repository_with_its_pilots_in_a_subfolder_is_told_where_they_are(
    tmp_path: Path, command: list[str]
) -> None:
    """``data/pilots/testdalen/pilot.yaml``: run at the repository's root, every command
    said to create the first pilot with ``init``."""
    git(tmp_path, "init", "-q")
    copy_minimal(tmp_path / "Delte dokumenter")
    (tmp_path / "docs" / "pilots").mkdir(parents=True)  # no pilot in it: not named
    code, output = invoke(*command)
    assert (code, output) == (
        2,
        "bygdevekst: Fann ingen pilots/-mappe i mappa du står i (.), men pilotar i "
        "Delte dokumenter/pilots: køyr kommandoen i mappa «Delte dokumenter», eller gje "
        "stien til ein pilot (t.d. «Delte dokumenter/pilots/testdalen»)\n",
    )
    code, output = invoke("validate", "Delte dokumenter/pilots/testdalen")
    assert code == 0, output


def test_a_repository_without_pilots_anywhere_is_told_to_create_one(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / "a" / "b" / "c" / "pilots" / "deep").mkdir(parents=True)
    (tmp_path / "a" / "b" / "c" / "pilots" / "deep" / "pilot.yaml").touch()  # too deep
    code, output = invoke("validate")
    assert code == 2
    assert output.startswith(
        "bygdevekst: Fann ingen pilots/-mappe i mappa du står i (.): lag den første piloten "
        "med «bygdevekst init PILOT-ID"
    )
