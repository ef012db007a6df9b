"""The workspace: one command resolves pilots once and reads each version of a pilot once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import bygdevekst_cli.workspace as workspace_module
from bygdevekst_cli.check import run_check
from bygdevekst_cli.errors import PilotNotFound
from bygdevekst_cli.pilotset import PilotFiles
from bygdevekst_cli.workspace import Workspace
from tests.gitrepo import commit, pilot_repo, raise_21
from tests.helpers import MINIMAL, copy_minimal


def test_a_pilot_is_named_by_id_or_path_and_read_once(tmp_path: Path) -> None:
    folder = copy_minimal(tmp_path)
    space = Workspace(tmp_path / "pilots")
    files = space.pilot("testdalen")
    assert files.folder == folder.resolve()
    assert files.display == "testdalen"
    assert space.pilot(str(folder)) is files
    assert space.reads == 1
    assert files.pilot is not None and files.pilot.model.id == "testdalen"


def test_an_unknown_pilot_names_the_known_ones(tmp_path: Path) -> None:
    copy_minimal(tmp_path)
    copy_minimal(tmp_path, "austdalen")
    with pytest.raises(PilotNotFound) as raised:
        Workspace(tmp_path).resolve("vestdalen")
    assert raised.value.data == {"pilot": "vestdalen", "known": ["austdalen", "testdalen"]}
    assert raised.value.exit_code == 2


def test_check_reads_each_pilot_version_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = pilot_repo(tmp_path / "repo")
    shutil.copytree(MINIMAL, Path(repo.working_dir, "pilots", "austdalen"))
    commit(repo, "Austdalen")
    raise_21(repo, 450_000, "Meir til tomter")
    reads: list[str] = []
    real = workspace_module.read_pilot

    def counting(folder: Path, *args: object, **kwargs: object) -> PilotFiles:
        reads.append(folder.name)
        return real(folder, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(workspace_module, "read_pilot", counting)
    result = run_check("HEAD~1", "HEAD", cwd=Path(repo.working_dir))
    # head: both pilots, validated, and testdalen's head diffed from the same read;
    # base: testdalen only (before the workspace, testdalen's head was read twice)
    assert [p.folder for p in result.pilots] == ["pilots/testdalen"]
    assert sorted(reads) == ["austdalen", "testdalen", "testdalen"]
