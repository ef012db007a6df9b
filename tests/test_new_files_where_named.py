"""``init`` and ``plan new``: what a failed write leaves (exactly what was there: a folder
made for the new files goes again, one that was there stays), how the files written are
named (as the user can use them where they stand, as ``validate`` names its findings), and
a target whose folder is missing or a file (``fmt`` and ``migrate`` too): the path named,
a non-zero exit, no traceback. Real command line, real git repositories in tmp_path."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
from pathlib import Path

import git
import pytest

from tests.helpers import run_cli
from tests.test_files_written import FULL, REFUSED, fail_on_call


@pytest.fixture(autouse=True)
def _nynorsk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every entry below ``folder`` by relative path: a file's bytes, None for a folder
    (empty folders count: an empty ``plans/`` left behind is a change)."""
    return {
        p.relative_to(folder).as_posix(): None if p.is_dir() else p.read_bytes()
        for p in folder.rglob("*")
        if ".git" not in p.relative_to(folder).parts
    }


def root_of(repo: git.Repo) -> Path:
    return Path(repo.working_dir)


def without_plans(repo: git.Repo) -> Path:
    """The repository's pilot with no ``plans/`` folder: its next plan is its first."""
    folder = root_of(repo) / "pilots" / "testdalen"
    shutil.rmtree(folder / "plans")
    return folder


def written(output: str) -> list[str]:
    """The paths a run says it wrote («Skreiv …»), as it names them."""
    return re.findall(r"^Skreiv (\S+?)(?:: | frå |$)", output, re.MULTILINE)


# --- 1. a failed write leaves the folder as it was -----------------------------------------

FAILURES = [
    pytest.param(os, "fsync", FULL, 1, id="disk-full"),
    pytest.param(Path, "replace", REFUSED, 1, id="move-refused"),
    pytest.param(os, "fsync", KeyboardInterrupt(), 130, id="ctrl-c"),
]


@pytest.mark.parametrize(("owner", "name", "error", "exit_code"), FAILURES)
def test_a_first_plan_that_cannot_be_written_leaves_no_plans_folder(
    repo: git.Repo, owner: object, name: str, error: BaseException, exit_code: int
) -> None:
    """The write failed and an empty ``plans/`` stayed in the pilot folder."""
    folder = without_plans(repo)
    before = tree(folder)
    with pytest.MonkeyPatch.context() as patch:
        fail_on_call(patch, owner, name, 1, error, "2027.yaml")
        code, output = run_cli("plan", "new", "testdalen", "2027")
    assert code == exit_code, output
    assert "Traceback" not in output
    if exit_code == 1:
        assert "pilots/testdalen/plans/2027.yaml: kan ikkje skrive fila (" in output
    assert tree(folder) == before
    assert not (folder / "plans").exists()


def test_a_failed_plan_keeps_a_plans_folder_that_was_there(repo: git.Repo) -> None:
    """Only a folder the run made is removed: an empty ``plans/`` of the user's stays."""
    folder = without_plans(repo)
    (folder / "plans").mkdir()
    before = tree(folder)
    with pytest.MonkeyPatch.context() as patch:
        fail_on_call(patch, os, "fsync", 1, FULL, "2027.yaml")
        code, output = run_cli("plan", "new", "testdalen", "2027")
    assert code == 1, output
    assert tree(folder) == before
    assert (folder / "plans").is_dir()


def test_the_first_plan_written_after_a_failed_one(repo: git.Repo) -> None:
    folder = without_plans(repo)
    with pytest.MonkeyPatch.context() as patch:
        fail_on_call(patch, os, "fsync", 1, FULL, "2027.yaml")
        assert run_cli("plan", "new", "testdalen", "2027")[0] == 1
    code, output = run_cli("plan", "new", "testdalen", "2027")
    assert code == 0, output
    assert sorted(p.name for p in (folder / "plans").iterdir()) == ["2027.yaml"]


@pytest.mark.parametrize(
    ("owner", "name", "error", "exit_code"),
    [
        pytest.param(Path, "write_text", FULL, 1, id="disk-full"),
        pytest.param(Path, "write_text", KeyboardInterrupt(), 130, id="ctrl-c"),
    ],
)
def test_init_that_fails_removes_the_folders_made_for_dir_and_no_others(
    repo: git.Repo, owner: object, name: str, error: BaseException, exit_code: int
) -> None:
    """``--dir nye/pilotar`` made both folders; a failure left them behind, empty."""
    root = root_of(repo)
    (root / "nye").mkdir()  # there before: stays
    before = tree(root)
    with pytest.MonkeyPatch.context() as patch:
        fail_on_call(patch, owner, name, 1, error, "pilot.yaml")
        code, output = run_cli(
            "init", "ny", "--name", "Ny", "--lang", "nn", "--dir", "nye/pilotar/her"
        )
    assert code == exit_code, output
    assert "Traceback" not in output
    assert tree(root) == before


def test_init_whose_repository_file_fails_removes_the_pilots_folder_it_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new repository without ``pilots/``: the pilot is removed when ``.gitignore``
    cannot be written, and ``pilots/``, made for it, with it."""
    git.Repo.init(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".gitignore").mkdir()
    code, output = run_cli("init", "ny", "--name", "Ny", "--lang", "nn")
    assert code == 1, output
    assert not (tmp_path / "pilots").exists()


# --- 2. the files written named as the user can use them -----------------------------------


def test_init_with_a_relative_dir_from_a_subfolder_names_what_it_wrote_as_given(
    repo: git.Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run in ``notat/`` with ``--dir ../pilots``: every path was absolute."""
    root = root_of(repo)
    (root / "notat").mkdir()
    monkeypatch.chdir(root / "notat")
    code, output = run_cli("init", "ny", "--name", "Ny", "--lang", "nn", "--dir", "../pilots")
    assert code == 0, output
    assert written(output) == ["../pilots/ny/pilot.yaml", "../pilots/ny/agreement.yaml"]
    assert output.endswith("Køyr «bygdevekst validate ../pilots/ny».\n")
    assert str(root) not in output
    assert all(Path(path).is_file() for path in written(output))


def test_init_in_the_pilots_folder_names_the_pilot_below_it_relatively(
    repo: git.Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a subfolder of the repository: what lies below it relative to it; the files at
    the root, above it, as found (the root's path), as ``validate`` names a file there.
    Every path named is one the user can open from where they stand."""
    root = root_of(repo)
    monkeypatch.chdir(root / "pilots")
    code, output = run_cli("init", "ny", "--name", "Ny", "--lang", "nn")
    assert code == 0, output
    paths = written(output)
    assert paths[-2:] == ["ny/pilot.yaml", "ny/agreement.yaml"]
    assert f"{root.resolve().as_posix()}/bygdevekst.toml" in paths
    assert all(Path(path).is_file() for path in paths)
    assert output.endswith("Køyr «bygdevekst validate ny».\n")


def test_plan_new_with_a_relative_pilot_path_names_the_plan_as_given(
    repo: git.Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = root_of(repo)
    (root / "notat").mkdir()
    monkeypatch.chdir(root / "notat")
    code, output = run_cli("plan", "new", "../pilots/testdalen/", "2027")
    assert code == 0, output
    assert output.startswith("Skreiv ../pilots/testdalen/plans/2027.yaml frå planen for 2026.\n")
    assert output.endswith("køyr «bygdevekst validate ../pilots/testdalen».\n")
    assert str(root) not in output
    assert (root / "pilots" / "testdalen" / "plans" / "2027.yaml").is_file()


def test_plan_new_from_inside_the_pilot_folder(
    repo: git.Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = root_of(repo) / "pilots" / "testdalen"
    monkeypatch.chdir(folder / "plans")
    code, output = run_cli("plan", "new", "..", "2027")
    assert code == 0, output
    assert output.startswith("Skreiv ../plans/2027.yaml frå planen for 2026.\n")
    assert Path("../plans/2027.yaml").is_file()


def test_plan_new_with_an_absolute_path_below_cwd_names_it_relatively(repo: git.Repo) -> None:
    folder = root_of(repo) / "pilots" / "testdalen"
    code, output = run_cli("plan", "new", str(folder.resolve()), "2027")
    assert code == 0, output
    assert output.startswith("Skreiv pilots/testdalen/plans/2027.yaml frå planen for 2026.\n")


def test_plan_new_names_the_plan_as_validate_names_its_findings(
    repo: git.Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run in ``pilots/`` with the pilot's id: both name ``testdalen/plans/2027.yaml``."""
    monkeypatch.chdir(root_of(repo) / "pilots")
    code, output = run_cli("plan", "new", "testdalen", "2027")
    assert code == 0, output
    assert written(output) == ["testdalen/plans/2027.yaml"]
    _, report = run_cli("validate", "--format", "json", "testdalen")
    named = {finding["file"] for finding in json.loads(report)["findings"]}
    assert "testdalen/plans/2027.yaml" in named


def test_validate_names_a_pilot_outside_the_current_folder_as_given(
    repo: git.Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run in ``notat/`` with ``../pilots/testdalen``: ``plan new`` named the plan as
    given, ``validate`` its findings by absolute path. Served from the results cache the
    second time, named alike; named by an absolute path, absolute as before."""
    root = root_of(repo)
    (root / "notat").mkdir()
    monkeypatch.chdir(root / "notat")
    code, output = run_cli("plan", "new", "../pilots/testdalen", "2027")
    assert written(output) == ["../pilots/testdalen/plans/2027.yaml"], output
    plan = Path("../pilots/testdalen/plans/2027.yaml")
    plan.write_text(plan.read_text(encoding="utf-8").replace("year: 2027", "year: 2028"))
    for _ in range(2):
        code, output = run_cli("validate", "../pilots/testdalen")
        assert code == 1, output
        assert "\n  ../pilots/testdalen/plans/2027.yaml:" in output
        assert str(root) not in output and root.resolve().as_posix() not in output
    for args in (("../pilots/testdalen/plans/2027.yaml",), ("../pilots",), ("..",)):
        _, report = run_cli("validate", "--format", "json", *args)
        named = {finding["file"] for finding in json.loads(report)["findings"]}
        assert named == {"../pilots/testdalen/plans/2027.yaml"}, report
    absolute = (root / "pilots" / "testdalen").resolve()
    _, report = run_cli("validate", "--format", "json", str(absolute))
    named = {finding["file"] for finding in json.loads(report)["findings"]}
    assert named == {f"{absolute.as_posix()}/plans/2027.yaml"}


# --- 4. a target whose folder is missing or a file -----------------------------------------


@pytest.mark.parametrize(
    ("args", "exit_code", "expected"),
    [
        pytest.param(
            ["init", "ny", "--name", "Ny", "--lang", "nn", "--dir", "notat.txt"],
            1,
            "bygdevekst: notat.txt: kan ikkje bruke stien (ein del av stien er ikkje ei mappe)",
            id="init-dir-is-a-file",
        ),
        pytest.param(
            ["init", "ny", "--name", "Ny", "--lang", "nn", "--dir", "notat.txt/pilotar"],
            1,
            "bygdevekst: notat.txt/pilotar: kan ikkje bruke stien (ein del av stien er ikkje "
            "ei mappe)",
            id="init-dir-below-a-file",
        ),
        pytest.param(
            ["plan", "new", "pilots/flat", "2027"],
            1,
            # refused before a file is written: validate tells the plans file (BV011)
            "skal liggje i mappa plans/, så ingen handlingsplan er kontrollert",
            id="plan-new-plans-is-a-file",
        ),
        pytest.param(
            ["plan", "new", "finst-ikkje/testdalen", "2027"],
            2,
            "Fann ingen pilot «finst-ikkje/testdalen»",
            id="plan-new-pilot-missing",
        ),
        pytest.param(
            ["plan", "new", "notat.txt/testdalen", "2027"],
            2,
            "Fann ingen pilot «notat.txt/testdalen»",
            id="plan-new-pilot-below-a-file",
        ),
        *(
            pytest.param(
                [command, path],
                2,
                f"bygdevekst: Stien finst ikkje: {path}",
                id=f"{command}-{name}",
            )
            for command in ("fmt", "migrate")
            for name, path in (
                ("folder-missing", "finst-ikkje/2026.yaml"),
                ("folder-is-a-file", "notat.txt/2026.yaml"),
                ("below-a-pilot-file", "pilots/testdalen/pilot.yaml/2026.yaml"),
            )
        ),
    ],
)
def test_a_target_whose_folder_is_missing_or_a_file_is_named_without_a_traceback(
    repo: git.Repo, args: list[str], exit_code: int, expected: str
) -> None:
    root = root_of(repo)
    (root / "notat.txt").write_text("ikkje ei mappe\n", encoding="utf-8")
    flat = root / "pilots" / "flat"
    shutil.copytree(root / "pilots" / "testdalen", flat)
    (flat / "pilot.yaml").write_text(
        (flat / "pilot.yaml").read_text(encoding="utf-8").replace("id: testdalen", "id: flat"),
        encoding="utf-8",
    )
    shutil.rmtree(flat / "plans")
    (flat / "plans").write_text("ikkje ei mappe\n", encoding="utf-8")
    before = tree(root)
    code, output = run_cli(*args)
    assert code == exit_code, output
    assert expected in output
    assert "Traceback" not in output
    assert tree(root) == before


def test_init_whose_dir_cannot_be_made_names_it(
    repo: git.Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ``--dir`` the system refuses to make (no permission: as root, simulated)."""
    root = root_of(repo)
    before = tree(root)
    real = Path.mkdir

    def refused(self: Path, *args: object, **kwargs: object) -> None:
        if self.name == "stengd":  # as the system refuses it: the error names the folder
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "mkdir", refused)
    code, output = run_cli("init", "ny", "--name", "Ny", "--lang", "nn", "--dir", "stengd/her")
    assert (code, output) == (1, "bygdevekst: stengd: kan ikkje bruke stien (manglar løyve)\n")
    assert tree(root) == before
