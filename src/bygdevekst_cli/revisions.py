"""A pilot in two versions: two plan years in the working tree, or two git revisions."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from bygdevekst_cli.diff import PilotDiff, Revisions, diff_versions, diff_years
from bygdevekst_cli.errors import PilotNotAtRevision, PilotUnreadable, UserError
from bygdevekst_cli.language import report_language, words
from bygdevekst_cli.models import Language
from bygdevekst_cli.pilotset import PilotFiles, read_pilot
from bygdevekst_cli.validate import display_path, require_valid, resolve_pilot

if TYPE_CHECKING:
    import git


def head_label(head: str | None, language: Language) -> str:
    """The name of the newer side of a diff: the revision, or the working tree in words."""
    return head if head is not None else words(report_language(language))("check.working_tree")


def base_label(base: str, named: str, start: str, language: Language) -> str:
    """The name of the older side of a diff: ``base``, and the commit the diff starts from
    when that is not the one ``base`` names (its merge base with the head: main moved on
    since the branch was made), so that nobody reads the diff as against today's main."""
    if start == named:
        return base
    return words(report_language(language))("check.merge_base", base=base, commit=start[:7])


def merge_base(repo: git.Repo, base: git.Commit, head: git.Commit | None) -> git.Commit:
    """The newest common ancestor of ``base`` and ``head`` (None: the commit checked out),
    which is what a pull request changes against (``git diff base...head``). ``base``
    itself when the histories share no commit; in a shallow clone that cuts the common
    ancestor off, say what to fetch."""
    from bygdevekst_cli.gitrun import run_git
    from bygdevekst_cli.gitsource import UNSHALLOW, ShallowHistory, is_shallow

    if head is None and not repo.head.is_valid():
        return base
    tip = head.hexsha if head is not None else "HEAD"
    try:
        found = run_git(repo, "merge_base", base.hexsha, tip).strip()
    except UserError:
        found = ""
    if found:
        return repo.commit(found)
    if is_shallow(repo):
        raise ShallowHistory(fetch=UNSHALLOW) from None
    return base


def head_commit(folder: Path, head: str | None) -> str | None:
    """The commit ``head`` names; None for the working tree."""
    if head is None:
        return None
    from bygdevekst_cli.gitsource import open_repository, resolve_commit

    return resolve_commit(open_repository(folder, need_head=False), head).hexsha


def diff_start(folder: Path, base: str, head: str | None) -> tuple[str, str]:
    """The commit ``base`` names, and the one a diff to ``head`` (None: the working tree,
    on the commit checked out) starts from: their merge base, as ``check`` and ``git diff
    base...head`` compare a pull request, so that what main did since the branch was made
    is not shown undone; the commit itself when ``head`` is in its history (a look back at
    an older version, or a branch with no commit of its own), where the merge base is the
    head and would show nothing."""
    from bygdevekst_cli.gitsource import open_repository, resolve_commit

    repo = open_repository(folder, need_head=False)
    named = resolve_commit(repo, base)
    tip = resolve_commit(repo, head) if head is not None else None
    if tip is None and repo.head.is_valid():
        tip = repo.head.commit
    if tip is not None and repo.is_ancestor(tip, named):
        return named.hexsha, named.hexsha
    return named.hexsha, merge_base(repo, named, tip).hexsha


def read_at(
    folder: Path,
    revision: str | None,
    cwd: Path,
    *,
    head: str | None = None,
    commit_id: str | None = None,
) -> PilotFiles:
    """The pilot in ``folder`` as it is at ``revision`` (None: the working tree), or at
    ``commit_id`` when given (the commit a diff from ``revision`` starts from), which then
    names it in messages.

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
    commit = repo.commit(commit_id) if commit_id else resolve_commit(repo, revision)
    path = tree_folder(repo, folder)  # "": a pilot at the root of its repository (a submodule)
    earlier = moved_from(repo, commit.hexsha, head, path) if path else None
    at = commit_id[:7] if commit_id else revision
    if path and not source_folder_in(commit, earlier or path):
        from bygdevekst_cli.language import speak_named_pilots

        speak_named_pilots()  # refused in the written standard of the pilot named
        raise PilotNotAtRevision(pilot=shown, revision=at)
    source = tree_source(commit, earlier or path)
    name = display_path(Path(repo.working_dir) / earlier, cwd) if earlier else shown
    return read_pilot(Path(repo.working_dir) / (earlier or path), f"{name}@{at}", source=source)


def moved_from(repo: git.Repo, base: str, head: str | None, folder: str) -> str | None:
    """The name ``folder`` (relative to the repository) had at ``base``, when git sees its
    ``pilot.yaml`` moved there between ``base`` and ``head`` (None: the working tree)."""
    from bygdevekst_cli.gitlog import parse_name_status
    from bygdevekst_cli.gitrun import run_git
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
    named, start = diff_start(folder, base, head)
    old = read_at(folder, base, cwd, head=head, commit_id=start if start != named else None)
    if start != named:  # the gate read the named base: what is compared must read too
        require_valid(old, revision=start[:7])
    language = new.pilot.model.language if new.pilot else Language.BOKMAAL
    labels = base_label(base, named, start, language), head_label(head, language)
    result = diff_versions(old, new, *labels, year)
    revisions = Revisions(base, start, head, head_commit(folder, head))
    return replace(result, revisions=revisions), report_language(_language(new))


def _language(files: PilotFiles) -> Language:
    if files.pilot is None:
        raise PilotUnreadable(pilot=files.display)
    return files.pilot.model.language
