"""A pilot in two versions: two plan years in the working tree, or two git revisions."""

from __future__ import annotations

from pathlib import Path

from bygdevekst_cli.diff import PilotDiff, diff_versions, diff_years
from bygdevekst_cli.errors import UserError
from bygdevekst_cli.models import Language
from bygdevekst_cli.pilotset import PilotFiles, read_pilot
from bygdevekst_cli.validate import display_path, resolve_pilot

WORKING_TREE = "arbeidskopien"


def read_at(folder: Path, revision: str | None, cwd: Path) -> PilotFiles:
    """The pilot in ``folder`` as it is at ``revision`` (None: the working tree)."""
    shown = display_path(folder, cwd)
    if revision is None:
        return read_pilot(folder, shown)
    from bygdevekst_cli.gitsource import (
        GitTreeSource,
        open_repository,
        repository_path,
        resolve_commit,
    )

    repo = open_repository(folder)
    commit = resolve_commit(repo, revision)
    source = GitTreeSource(commit, repository_path(repo, folder))
    return read_pilot(folder, f"{shown}@{revision}", source=source)


def compare(
    pilot: Path,
    from_year: int | None,
    to_year: int | None,
    base: str | None,
    head: str | None,
    year: int | None,
    cwd: Path | None = None,
) -> tuple[PilotDiff, Language]:
    """The diff the ``diff`` command shows, and the language to show it in."""
    cwd = cwd or Path.cwd()
    folder = resolve_pilot(str(pilot), cwd)
    if base is None:
        assert from_year is not None and to_year is not None
        files = read_pilot(folder, display_path(folder, cwd))
        return diff_years(files, from_year, to_year), _language(files)
    new = read_at(folder, head, cwd)
    old = read_at(folder, base, cwd)
    result = diff_versions(old, new, base, head or WORKING_TREE, year)
    return result, _language(new)


def _language(files: PilotFiles) -> Language:
    if files.pilot is None:
        raise UserError(f"{files.display}: pilot.yaml mangler eller har feil")
    return files.pilot.model.language
