"""The audit trail: who changed which measure or budget, when, and which version was adopted.

The history reads git in bulk, so that a thousand commits take well under a second:

1. one ``git log --raw -M -c`` on the pilot folder gives every commit with the blob ids of
   the files it changed (and one more per earlier name of the folder, found with one
   ``git diff-tree`` on the commit that moved it);
2. one ``git cat-file --batch`` reads every blob that is needed;
3. each distinct blob is parsed once, and only the files a commit changed are compared
   (``commit_changes``), with the diff engine of ``bygdevekst diff``;
4. what was parsed is kept in the cache folder by blob id (``plan_pieces.PieceStore``), so
   a later history reads neither the blobs nor the YAML it has read before.

Adoptions (``adoptions``) are shown on the commit each council adopted. ``present.history``
shows the result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from bygdevekst_cli.adoptions import (
    Adoption,
    attach_adoptions,
    data_adoptions,
    merge_adoptions,
    tag_adoptions,
    unreachable,
)
from bygdevekst_cli.commit_changes import Blobs, Change, Differ, Step, kind_of
from bygdevekst_cli.errors import UsageError
from bygdevekst_cli.language import cli_words
from bygdevekst_cli.models import Language
from bygdevekst_cli.pilotset import PILOT_FILE, PilotFiles, read_pilot
from bygdevekst_cli.plan_pieces import PlanPieces, load_store, save_store

if TYPE_CHECKING:
    import git

    from bygdevekst_cli.gitsource import LogEntry

MAX_FOLDER_MOVES = 50
"""Earlier names of a pilot folder followed at most (a guard against a cycle of moves)."""


@dataclass(frozen=True)
class HistoryCommit:
    commit: str
    parents: tuple[str, ...]
    author: str
    email: str
    date: str
    message: str
    changes: tuple[Change, ...]
    adoptions: tuple[Adoption, ...] = ()

    @property
    def short(self) -> str:
        return self.commit[:7]


@dataclass(frozen=True)
class History:
    pilot: str
    language: Language
    commits: tuple[HistoryCommit, ...]
    measure: str | None = None
    unplaced: tuple[Adoption, ...] = ()
    """Adoptions whose commit is not in the history of HEAD (shown apart, not dropped)."""


# --- following the pilot folder ------------------------------------------------------------


def walk(repo: git.Repo, folder: str) -> list[Step]:
    """Every commit that changed the pilot, newest first, across moves of its folder."""
    from bygdevekst_cli.gitsource import git_log

    steps: list[Step] = []
    seen: set[str] = set()
    revision = "HEAD"
    for _ in range(MAX_FOLDER_MOVES):
        entries = git_log(repo, revision, [folder])
        steps.extend(Step(e, folder) for e in entries if e.commit not in seen)
        seen.update(e.commit for e in entries)
        moved = _folder_move(repo, entries, folder)
        if moved is None:
            break
        entry, old_folder = moved
        steps = [Step(entry, folder) if s.entry.commit == entry.commit else s for s in steps]
        revision, folder = entry.parents[0], old_folder
    return steps


def _folder_move(
    repo: git.Repo, entries: list[LogEntry], folder: str
) -> tuple[LogEntry, str] | None:
    """The commit that moved the folder here from elsewhere (with its renames), if any."""
    from bygdevekst_cli.gitsource import renames_into

    pilot_file = f"{folder}/{PILOT_FILE}"
    created = [
        e
        for e in entries
        if len(e.parents) == 1 and any(c.path == pilot_file and c.status == "A" for c in e.changes)
    ]
    if not created:
        return None
    entry = created[-1]
    moves = renames_into(repo, entry, folder)
    if pilot_file not in moves:
        return None
    changes = tuple(moves.get(c.path, c) for c in entry.changes)
    old_folder = moves[pilot_file].old_path.removesuffix(f"/{PILOT_FILE}")
    return replace(entry, changes=changes), old_folder


# --- the whole history -------------------------------------------------------------------------


def parse_since(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            cli_words()("cli.overview.bad_date", option="--since", text=text)
        ) from None


def pilot_history(
    pilot: str | Path,
    measure: str | None = None,
    since: dt.date | None = None,
    cwd: Path | None = None,
) -> History:
    """The audit trail of one pilot, newest commit first."""
    from bygdevekst_cli.gitsource import (
        UNSHALLOW,
        ShallowHistory,
        is_shallow,
        open_repository,
        read_blobs,
        repository_path,
    )
    from bygdevekst_cli.validate import display_path, resolve_pilot

    cwd = cwd or Path.cwd()
    folder = resolve_pilot(str(pilot), cwd)
    repo = open_repository(folder)
    if is_shallow(repo):  # every measure would look as if the oldest commit made it
        raise ShallowHistory(fetch=UNSHALLOW)
    files = read_pilot(folder, display_path(folder, cwd))
    language = files.pilot.model.language if files.pilot else Language.BOKMAAL
    pilot_id = files.pilot.model.id if files.pilot else folder.name
    path = repository_path(repo, folder)
    steps_walked = walk(repo, path)
    steps = steps_walked
    if since is not None:
        steps = [s for s in steps if s.entry.date[:10] >= since.isoformat()]
    store_name = _store_name(repo, path)
    pieces = PlanPieces(load_store(store_name))
    needed = (sha for sha in _needed_blobs(steps) if not pieces.store.has(sha))
    blobs = Blobs(repo, read_blobs(repo, needed), pieces=pieces)
    differ = Differ(repo, blobs)
    changes = {s.entry.commit: differ.commit_changes(s) for s in reversed(steps)}
    save_store(store_name, pieces.store)
    found = _adoptions(repo, files, (pilot_id, folder.name), language)
    adoptions = attach_adoptions(
        repo,
        found,
        set(changes),
        list(dict.fromkeys(s.folder for s in steps)),
    )
    commits = [
        _history_commit(s.entry, changes[s.entry.commit], adoptions.get(s.entry.commit, []))
        for s in steps
    ]
    if measure is not None:
        _require_measure(measure, files, commits, pilot_id)
        commits = _only_measure(commits, measure)
    # A commit the log of HEAD gave is in HEAD's history: only the others are asked about.
    walked = {s.entry.commit for s in steps_walked}
    unplaced = unreachable(repo, [a for a in found if a.commit not in walked])
    return History(pilot_id, language, tuple(commits), measure, unplaced)


def _adoptions(
    repo: git.Repo, files: PilotFiles, names: tuple[str, str], language: Language
) -> list[Adoption]:
    """From the plans' schedules and from ``vedtak/<pilot>/`` tags (by id or folder name)."""
    return merge_adoptions(data_adoptions(repo, files, language), tag_adoptions(repo, names))


def _store_name(repo: git.Repo, folder: str) -> str:
    """The cache entry of one pilot's plan pieces: by repository and pilot folder."""
    import hashlib

    where = f"{Path(repo.common_dir).resolve()}\0{folder}"
    return f"history/{hashlib.sha256(where.encode()).hexdigest()[:32]}"


def _needed_blobs(steps: list[Step]) -> Iterator[str]:
    """The blobs the history compares: of the pilot's own files (a file of no known kind,
    a README in the folder, is only named)."""
    for step in steps:
        for change in step.entry.changes:
            relative = change.path.removeprefix(step.folder + "/")
            if kind_of(relative) is not None:
                yield from (sha for sha in (*change.old_blobs, change.new_blob) if sha)


def _history_commit(
    entry: LogEntry, changes: list[Change], adoptions: list[Adoption]
) -> HistoryCommit:
    return HistoryCommit(
        entry.commit,
        entry.parents,
        entry.author,
        entry.email,
        entry.date,
        entry.subject,
        tuple(changes),
        tuple(adoptions),
    )


def _require_measure(
    measure: str, files: PilotFiles, commits: list[HistoryCommit], pilot: str
) -> None:
    """A measure the pilot never had (in a plan now or in a commit) is wrong use (exit 2)."""
    from bygdevekst_cli.suggest import unknown_measure

    known = {m.id for plan in files.plans.values() for m in plan.model.measures}
    known |= {c.measure for commit in commits for c in commit.changes if c.measure}
    problem = unknown_measure(measure, known, pilot, cli_words())
    if problem is not None:
        raise UsageError(problem)


def _only_measure(commits: list[HistoryCommit], measure: str) -> list[HistoryCommit]:
    kept = []
    for commit in commits:
        changes = tuple(c for c in commit.changes if c.measure == measure)
        if changes:
            kept.append(replace(commit, changes=changes))
    return kept
