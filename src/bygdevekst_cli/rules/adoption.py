"""Rules on adopted revisions: the version a council adopted must be one git knows."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from bygdevekst_cli.models.plan import Treatment
from bygdevekst_cli.pilotset import PilotFiles
from bygdevekst_cli.rules.registry import Hit, rule

if TYPE_CHECKING:
    import git

    from bygdevekst_cli.gitrun import GitPlace


_shared: dict[Path, git.Repo] | None = None
"""Repositories opened in the current ``repositories_shared()`` block, by their root."""


@contextmanager
def repositories_shared() -> Iterator[None]:
    """Within this block each repository is opened once, whatever number of pilots it
    holds: one set of git processes for a run of ``validate``, not one per pilot."""
    global _shared
    if _shared is not None:  # an enclosing block already shares
        yield
        return
    _shared = {}
    try:
        yield
    finally:
        opened, _shared = _shared, None
        for repo in opened.values():
            repo.close()


def share_repositories_in_this_process() -> None:
    """For a worker process: share repositories until it ends."""
    global _shared
    _shared = {}


def _root(folder: Path) -> Path | None:
    """The nearest folder holding a ``.git`` entry, at or above ``folder``."""
    return next((p for p in (folder, *folder.parents) if (p / ".git").exists()), None)


def repository_of(folder: Path) -> git.Repo | None:
    """The repository holding ``folder`` (or its nearest existing parent), if there is one
    with commits; git is imported only here, when some treatment names a revision and a
    ``.git`` entry stands at or above the folder."""
    existing = next((p for p in (folder, *folder.parents) if p.is_dir()), None)
    if existing is None:
        return None
    root = _root(existing)
    if root is None:  # no repository above: asking GitPython to search costs a traceback
        return None
    repo = _shared.get(root) if _shared is not None else None
    if repo is None:
        from bygdevekst_cli.gitrun import quiet, require_gitpython

        require_gitpython()
        import git

        try:
            repo = quiet(git.Repo(existing, search_parent_directories=True))
        except (git.InvalidGitRepositoryError, git.NoSuchPathError, git.GitCommandError):
            return None
        if _shared is not None:
            _shared[root] = repo
    return repo if repo.head.is_valid() else None


def unknown_revision(repo: GitPlace, revision: str, unknown: str) -> tuple[str, dict[str, str]]:
    """The message (of BV304) and its slots for a ``revision`` that names no commit: a tag
    of a folder's tree or of a file is told as ``verify`` tells a ``vedtak/`` tag of no
    commit, a tree or a file named otherwise (its id, ``HEAD:plans``) as such too, and an
    abbreviated id that several commits now share with them, not as unknown (``unknown``:
    the key for any other)."""
    from bygdevekst_cli.gitsource import ambiguous_commits, names_no_commit
    from bygdevekst_cli.gittags import tag_named

    tag = tag_named(repo, revision)
    if tag is not None and not tag.commit:
        return "tag_no_commit", {"tag": tag.name}
    if names_no_commit(repo, revision):
        return "no_commit", {"revision": revision}
    candidates = ambiguous_commits(repo, revision)
    if candidates:
        return "ambiguous", {"revision": revision, "candidates": ", ".join(candidates)}
    return unknown, {"revision": revision}


@rule("BV304")
def adopted_revisions_resolve(files: PilotFiles) -> Iterator[Hit]:
    named = [
        (plan, at, treatment.adopted_revision)
        for plan in files.plans.values()
        for at, treatment in plan.objects(Treatment)
        if treatment.adopted_revision is not None
    ]
    if not named:
        return
    from bygdevekst_cli.gitsource import moves_by_itself, names_no_commit

    repo = repository_of(files.folder)
    moving = {r for _, _, r in named if moves_by_itself(r)}
    if repo is not None:  # ``HEAD:plans`` names a folder before it moves: said as ``verify`` says
        moving = {r for r in moving if not names_no_commit(repo, r)}
    for plan, at, revision in named:  # ``HEAD`` moves in every repository, and outside one
        if revision in moving:
            yield Hit(plan, (*at, "adopted_revision"), "moving", {"revision": revision})
    fixed = [(plan, at, revision) for plan, at, revision in named if revision not in moving]
    if repo is None:
        return
    from bygdevekst_cli.gitsource import find_commit, follows_a_branch, is_shallow

    message = "unknown_shallow" if is_shallow(repo) else "unknown"
    for plan, at, revision in fixed:
        if find_commit(repo, revision) is None:
            key, slots = unknown_revision(repo, revision, message)
            yield Hit(plan, (*at, "adopted_revision"), key, slots)
        elif follows_a_branch(repo, revision):  # the adoption would move with the branch
            yield Hit(plan, (*at, "adopted_revision"), "branch", {"revision": revision})
