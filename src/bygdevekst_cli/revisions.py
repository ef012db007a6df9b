"""A pilot in two versions: two plan years in the working tree, or two git revisions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bygdevekst_cli.diff import PilotDiff, diff_versions, diff_years
from bygdevekst_cli.errors import PilotNotAtRevision, PilotUnreadable
from bygdevekst_cli.language import report_language, words
from bygdevekst_cli.models import Language
from bygdevekst_cli.pilotset import PilotFiles, read_pilot
from bygdevekst_cli.validate import display_path, resolve_pilot

if TYPE_CHECKING:
    import git


def head_label(head: str | None, language: Language) -> str:
    """The name of the newer side of a diff: the revision, or the working tree in words."""
    return head if head is not None else words(report_language(language))("check.working_tree")


def read_at(
    folder: Path, revision: str | None, cwd: Path, *, head: str | None = None
) -> PilotFiles:
    """The pilot in ``folder`` as it is at ``revision`` (None: the working tree).

    When ``folder`` is the pilot's name at ``head`` (None: the working tree) and it had
    another name at ``revision``, the pilot is read from that name: a moved folder is the
    same pilot, as ``check`` and ``history`` see it.
    """
    shown = display_path(folder, cwd)
    if revision is None:
        return read_pilot(folder, shown)
    from bygdevekst_cli.gitsource import (
        open_repository,
        resolve_commit,
        source_folder_in,
        tree_folder,
        tree_source,
    )

    repo = open_repository(folder, need_head=False)  # a named revision needs no HEAD
    commit = resolve_commit(repo, revision)
    path = tree_folder(repo, folder)  # "": a pilot at the root of its repository (a submodule)
    earlier = moved_from(repo, commit.hexsha, head, path) if path else None
    if path and not source_folder_in(commit, earlier or path):
        raise PilotNotAtRevision(pilot=shown, revision=revision)
    source = tree_source(commit, earlier or path)
    name = display_path(Path(repo.working_dir) / earlier, cwd) if earlier else shown
    return read_pilot(
        Path(repo.working_dir) / (earlier or path), f"{name}@{revision}", source=source
    )


def moved_from(repo: git.Repo, base: str, head: str | None, folder: str) -> str | None:
    """The name ``folder`` (relative to the repository) had at ``base``, when git sees its
    ``pilot.yaml`` moved there between ``base`` and ``head`` (None: the working tree)."""
    from bygdevekst_cli.gitsource import parse_name_status, run_git
    from bygdevekst_cli.pilotset import PILOT_FILE

    target = f"{folder}/{PILOT_FILE}"
    arguments = [base] if head is None else [base, head]
    output = run_git(repo, "diff", "--name-status", "-M", "-z", *arguments, "--")
    for new, old in parse_name_status(output):
        if new == target and old != new and old.endswith(f"/{PILOT_FILE}"):
            return old.removesuffix(f"/{PILOT_FILE}")
    return None


def compare(
    pilot: Path,
    from_year: int | None,
    to_year: int | None,
    base: str | None,
    head: str | None,
    year: int | None,
    cwd: Path | None = None,
) -> tuple[PilotDiff, str]:
    """The diff the ``diff`` command shows, and the language to show it in."""
    cwd = cwd or Path.cwd()
    folder = resolve_pilot(str(pilot), cwd)
    if base is None:
        assert from_year is not None and to_year is not None
        files = read_pilot(folder, display_path(folder, cwd))
        return diff_years(files, from_year, to_year), report_language(_language(files))
    new = read_at(folder, head, cwd)
    old = read_at(folder, base, cwd, head=head)
    language = new.pilot.model.language if new.pilot else Language.BOKMAAL
    result = diff_versions(old, new, base, head_label(head, language), year)
    return result, report_language(_language(new))


def _language(files: PilotFiles) -> Language:
    if files.pilot is None:
        raise PilotUnreadable(pilot=files.display)
    return files.pilot.model.language
