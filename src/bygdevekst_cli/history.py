"""The audit trail: who changed which measure or budget, when, and which version was adopted.

The history reads git in bulk, so that a thousand commits take well under a second:

1. one ``git log --raw -M -c`` on the pilot folder gives every commit with the blob ids of
   the files it changed (and one more per earlier name of the folder, found with one
   ``git diff-tree`` on the commit that moved it; and one more after a merge that undid
   the branch's own side, see ``gitlog.git_log``);
2. one ``git cat-file --batch`` reads every blob that is needed;
3. each distinct blob is parsed once, and only the files a commit changed are compared
   (``commit_changes``), with the diff engine of ``bygdevekst diff``;
4. what was parsed is kept in the cache folder by blob id (``plan_pieces.PieceStore``), so
   a later history reads neither the blobs nor the YAML it has read before.

``pilot_history`` gives each change as data (``commit_changes.Change``). ``shown_history``,
the command's, gives each change as shown and keeps it in the cache folder by the blob ids
it compared (``change_store``): a later history then reads, parses and compares only what
is new, and imports neither the models nor GitPython. Both follow the same commits and
adoptions, and ``present.history`` shows either.

Adoptions (``adoptions``) are shown on the commit each council adopted.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from bygdevekst_cli import cache, change_store
from bygdevekst_cli.adoptions import (
    Adoption,
    attach_adoptions,
    data_adoptions,
    merge_adoptions,
    tag_adoptions,
    unreachable,
)
from bygdevekst_cli.change_store import (
    AGREEMENT_FILES,
    AgreementBlobs,
    ChangeKey,
    ChangeStore,
    FileOutcome,
    LastReadable,
    PilotFacts,
    ShownChange,
    Step,
)
from bygdevekst_cli.errors import UsageError
from bygdevekst_cli.language import (
    cli_language,
    cli_words,
    report_language,
    speak_named_pilots,
    works_on,
)
from bygdevekst_cli.pilotfolder import PILOT_FILE

if TYPE_CHECKING:
    from bygdevekst_cli.commit_changes import Change, Differ
    from bygdevekst_cli.gitlog import FileChange, LogEntry
    from bygdevekst_cli.gitrun import Checkout, GitPlace
    from bygdevekst_cli.pilotfolder import FileSource
    from bygdevekst_cli.pilotset import PilotFiles
    from bygdevekst_cli.plan_pieces import PlanPieces

MAX_FOLDER_MOVES = 50
"""Earlier names of a pilot folder followed at most (a guard against a cycle of moves)."""


class _OfMeasure(Protocol):
    @property
    def file(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def measure(self) -> str | None: ...


C = TypeVar("C", bound=_OfMeasure)
"""A change: as data (``commit_changes.Change``) or as shown (``ShownChange``)."""
D = TypeVar("D", bound=_OfMeasure)


@dataclass(frozen=True)
class HistoryCommit(Generic[C]):
    commit: str
    parents: tuple[str, ...]
    author: str
    email: str
    date: str
    message: str
    changes: tuple[C, ...]
    adoptions: tuple[Adoption, ...] = ()
    co_authors: tuple[str, ...] = ()
    """The message's ``Co-authored-by:`` people (``Name <address>``)."""

    @property
    def short(self) -> str:
        return self.commit[:7]

    def with_changes(self, changes: tuple[D, ...]) -> HistoryCommit[D]:
        """This commit with ``changes`` (as shown, say) in place of its own."""
        return HistoryCommit(
            self.commit,
            self.parents,
            self.author,
            self.email,
            self.date,
            self.message,
            changes,
            self.adoptions,
            self.co_authors,
        )


@dataclass(frozen=True)
class History(Generic[C]):
    pilot: str
    language: str
    """The pilot's written standard (``nn``, ``nb``); in a history as shown, the language it
    is shown in (``report_language``)."""
    commits: tuple[HistoryCommit[C], ...]
    measure: str | None = None
    unplaced: tuple[Adoption, ...] = ()
    """Adoptions whose commit is not in the history of HEAD (shown apart, not dropped)."""
    cut_at: tuple[str, ...] = ()
    """The commits of the history where a shallow clone cut it off (``shallow_cut``): what
    each changed, and every commit before it, is not in the clone."""
    since: dt.date | None = None
    """The day the history was asked from (``--since``); None: the whole history."""
    until: dt.date | str | None = None
    """The day or revision the history was asked up to (``--until``); None: to HEAD."""
    names: tuple[tuple[str, str], ...] = ()
    """The pilot's parties' and groups' names by id (its working tree's), as changes show
    them."""
    uncommitted: bool = False
    """The pilot's folder in the working copy has changes no commit holds (``git status``):
    a history up to HEAD does not have them, and says so."""

    def with_commits(self, commits: tuple[HistoryCommit[D], ...]) -> History[D]:
        return History(
            self.pilot,
            self.language,
            commits,
            self.measure,
            self.unplaced,
            self.cut_at,
            self.since,
            self.until,
            self.names,
            self.uncommitted,
        )


# --- following the pilot folder ------------------------------------------------------------


def walk(repo: GitPlace, folder: str, tip: str = "HEAD") -> list[Step]:
    """Every commit that changed the pilot, newest first, across moves of its folder
    (in the history of ``tip``).

    The log of a name that the folder had before (``A`` moved to ``B`` and back to ``A``)
    reaches past the move that gave it that name: that older part is left to the log of
    the older name (what no later log reaches stays, last, as before). That log starts
    from the move's parents and from the commits merges brought in beside the move (main
    changed the plan while a pull request moved the folder), so it has those, but none
    made after the move (the older name given to another pilot later): see ``_beside``.
    """
    from bygdevekst_cli.gitlog import git_log

    steps: list[Step] = []
    left: list[Step] = []
    seen: set[str] = set()
    tips = [tip]
    for _ in range(MAX_FOLDER_MOVES):
        entries = _moves_in(repo, git_log(repo, tips, [folder]), folder)
        moved = _folder_move(entries, folder)
        if moved is not None:
            cut = 1 + next(i for i, e in enumerate(entries) if e.commit == moved[0].commit)
            left.extend(Step(e, folder) for e in entries[cut:])
            entries = entries[:cut]
        steps.extend(Step(e, folder) for e in entries if e.commit not in seen)
        seen.update(e.commit for e in entries)
        if moved is None:
            break
        entry, old_folder = moved
        steps = [Step(entry, folder) if s.entry.commit == entry.commit else s for s in steps]
        tips, folder = _beside(repo, entry, tip), old_folder
    for step in left:
        if step.entry.commit not in seen:
            steps.append(step)
            seen.add(step.entry.commit)
    return _from_submodules(_links_read(repo, steps))


def shallow_cut(repo: GitPlace, steps: list[Step]) -> tuple[list[Step], tuple[str, ...]]:
    """``steps`` without the changes of the commits a shallow clone cut the history at,
    and those commits. git shows such a commit as one without parents that added every file
    of the pilot («ny fil», every measure new): what it changed is not in the clone, so it
    is listed with no changes, and the history says where it was cut (``History.cut_at``)."""
    from bygdevekst_cli.gitsource import shallow_boundary

    boundary = shallow_boundary(repo)
    cut = tuple(s.entry.commit for s in steps if s.entry.commit in boundary)
    if not cut:
        return steps, ()
    kept = [
        replace(s, entry=replace(s.entry, changes=())) if s.entry.commit in boundary else s
        for s in steps
    ]
    return kept, cut


def _from_submodules(steps: list[Step]) -> list[Step]:
    """``steps`` with each file added where the history had a submodule (the pilot, or a
    folder of it, kept in a repository of its own and then taken in) marked with that
    submodule and its last commit: ``git log`` sees a new file, and the versions it had
    there are in the other repository, so that is what the history can tell."""
    from bygdevekst_cli.gitlog import SUBMODULE_MODE

    submodules: dict[str, str] = {}
    done = []
    for step in reversed(steps):
        changes = step.entry.changes
        if submodules or any(SUBMODULE_MODE in c.modes for c in changes):
            marked = tuple(_submodule_origin(change, submodules) for change in changes)
            step = replace(step, entry=replace(step.entry, changes=marked))
        done.append(step)
    return done[::-1]


def _submodule_origin(change: FileChange, submodules: dict[str, str]) -> FileChange:
    """``change``, marked with the submodule it came from when it adds a file where
    ``submodules`` (path → its last commit, kept up to date from the oldest commit on) had
    one; a change of a submodule itself is recorded there."""
    if any(change.is_submodule(i) for i in range(len(change.modes))):
        commit = change.new_blob or next((b for b in change.old_blobs if b), None)
        if commit is not None:
            submodules[change.path] = commit
        return change
    if change.renamed or any(change.old_blobs) or change.new_blob is None:
        return change
    for path, commit in submodules.items():
        if change.path.startswith(f"{path}/"):
            return replace(change, submodule=(path, commit))
    return change


def _beside(repo: GitPlace, move: LogEntry, tip: str = "HEAD") -> list[str]:
    """Where the history before ``move`` ends in the history of HEAD: the move's parents,
    and the parents the merges made on top of it brought in from beside it (one ``git
    rev-list --ancestry-path --parents``). A log from these has every commit of HEAD's
    history that is not the move or made on top of it, and walks no commit after it."""
    from bygdevekst_cli.gitrun import run_git

    on_top: set[str] = set()
    parents = set(move.parents)
    listing = run_git(repo, "rev_list", "--ancestry-path", "--parents", f"{move.commit}..{tip}")
    for line in listing.splitlines():
        commit, *its = line.split()
        on_top.add(commit)
        parents.update(its)
    return sorted(parents - on_top - {move.commit})


def _links_read(repo: GitPlace, steps: list[Step]) -> list[Step]:
    """``steps`` with their symbolic links read as ``validate`` reads them in a working
    tree (``gitlog.with_links_read``), following the links from the oldest commit on."""
    from bygdevekst_cli.gitlog import with_links_read

    links: dict[str, str] = {}
    done = []
    for step in reversed(steps):
        entry = with_links_read(repo, step.entry, step.folder, links)
        done.append(step if entry is step.entry else replace(step, entry=entry))  # most
    return done[::-1]


def _moves_in(repo: GitPlace, entries: list[LogEntry], folder: str) -> list[LogEntry]:
    """``entries`` with each file moved into ``folder`` from elsewhere (a plan from another
    pilot, the whole folder from its earlier name) or out of it (a plan given to another
    pilot) as the move it was: ``git log -- folder`` sees only a new or a deleted file
    there, and asked without the path limit (one ``git diff-tree`` for each commit that
    added or deleted a file), git finds where it came from or went."""
    from bygdevekst_cli.gitlog import renames_across

    found = []
    for entry in entries:
        if len(entry.parents) == 1 and any(c.status in ("A", "D") for c in entry.changes):
            moved_in, moved_out = renames_across(repo, entry, folder)
            if moved_in or moved_out:
                changes = (_moved(c, moved_in, moved_out) for c in entry.changes)
                entry = replace(entry, changes=tuple(changes))
            entry = _renamed_yaml(entry)
        found.append(entry)
    return found


def _moved(
    change: FileChange, moved_in: dict[str, FileChange], moved_out: dict[str, str]
) -> FileChange:
    """``change`` as the move across the folder's edge it was (``renames_across``), if any."""
    if change.status == "A":
        return moved_in.get(change.path, change)
    if change.status == "D" and change.path in moved_out:
        return replace(change, moved_to=moved_out[change.path])
    return change


_YAML_SUFFIXES = (".yaml", ".yml")


def _renamed_yaml(entry: LogEntry) -> LogEntry:
    """``entry`` (of one parent) with a file deleted and one added by the same name but
    for ``.yaml``/``.yml`` (``plans/2026.yaml`` to ``plans/2026.yml``) as the move it was:
    git pairs a deleted and an added file only when their texts are at least half alike,
    and a plan reformatted or commented as it was renamed would be told as a plan deleted
    and every measure new, its real changes lost."""
    # a file moved out of the pilot (``moved_to``) went elsewhere: it is no rename here
    gone = (c for c in entry.changes if c.new_blob is None and c.moved_to is None)
    deleted = {_without_suffix(c.path): c for c in gone}
    deleted.pop(None, None)
    if not deleted:
        return entry
    changes, paired = [], set()
    for change in entry.changes:
        old = deleted.get(_without_suffix(change.path)) if change.status == "A" else None
        if old is not None and old.path != change.path and old.path not in paired:
            paired.add(old.path)
            modes = (*old.modes[:1], *change.modes[-1:])
            change = replace(
                change, status="R", old_path=old.path, old_blobs=old.old_blobs, modes=modes
            )
        changes.append(change)
    kept = tuple(c for c in changes if not (c.new_blob is None and c.path in paired))
    return replace(entry, changes=kept)


def _without_suffix(path: str) -> str | None:
    """``path`` without its ``.yaml`` or ``.yml``; None for any other file."""
    stem, dot, suffix = path.rpartition(".")
    return stem if dot and f".{suffix}" in _YAML_SUFFIXES else None


def _folder_move(entries: list[LogEntry], folder: str) -> tuple[LogEntry, str] | None:
    """The newest commit that moved the folder here from elsewhere (its ``pilot.yaml`` moved
    in, ``_moves_in``), if any; a ``pilot.yaml`` added anew since (deleted and added again)
    is not a move."""
    pilot_file = f"{folder}/{PILOT_FILE}"
    for entry in entries:
        if len(entry.parents) != 1:
            continue
        moved = next((c for c in entry.changes if c.path == pilot_file and c.renamed), None)
        if moved is not None and not moved.old_path.startswith(f"{folder}/"):
            return entry, moved.old_path.removesuffix(f"/{PILOT_FILE}")
    return None


# --- a pilot asked for by a name its folder no longer has --------------------------------------


@dataclass(frozen=True)
class FolderMoved:
    """A pilot folder that was moved (``git mv``) in the history of HEAD."""

    old: str
    """The folder asked for, as a repository path."""
    folder: Path
    """Where the pilot is now."""
    commit: str
    """The commit that moved it (the last move, when it was moved more than once)."""


def moved_folder_problem(value: str, cwd: Path, key: str) -> str | None:
    """``key``'s words for a pilot folder ``value`` that the history of HEAD moved to one
    that holds a pilot now (``moved_folder``), in that pilot's written standard, which the
    command speaks from here on; None when it was not moved. Asked only once ``value``
    names no pilot."""
    from bygdevekst_cli.language import cli_words, works_on
    from bygdevekst_cli.pilotfolder import PILOTS_DIR, FolderSource
    from bygdevekst_cli.pilotset import pilot_language
    from bygdevekst_cli.repository import pilots_root

    moved = moved_folder(value, cwd)
    if moved is None:
        return None
    works_on(pilot_language(FolderSource(moved.folder)))
    by_id = pilots_root(cwd) / PILOTS_DIR / moved.folder.name
    name = moved.folder.name if by_id.resolve() == moved.folder.resolve() else None
    new = Path(os.path.relpath(moved.folder, cwd)).as_posix()
    return cli_words()(key, old=moved.old, new=new, commit=moved.commit[:7], pilot=name or new)


def moved_folder(value: str, cwd: Path) -> FolderMoved | None:
    """Where the pilot folder ``value`` names (a path, or an id under ``pilots/``) went,
    when no pilot has that name now but the history of HEAD moved a pilot's folder from it
    to one that holds a pilot now; None otherwise (not in a repository, never there, or
    deleted). Asked only once ``value`` names no pilot: a ``git log`` and a ``git
    diff-tree`` per move."""
    from bygdevekst_cli.errors import UserError
    from bygdevekst_cli.gitsource import open_checkout
    from bygdevekst_cli.pilotfolder import PILOTS_DIR
    from bygdevekst_cli.repository import pilots_root

    root = pilots_root(cwd)
    try:
        repo = open_checkout(root)
    except UserError:
        return None
    given = Path(value)
    top = Path(repo.working_dir).resolve()
    for asked in (cwd / given, root / PILOTS_DIR / given):
        try:
            folder = asked.resolve().relative_to(top).as_posix()
        except ValueError:  # outside the repository
            continue
        found = _moved_from(repo, folder)
        if found is not None:
            return found
    return None


def _moved_from(repo: Checkout, folder: str) -> FolderMoved | None:
    """Where the folder ``folder`` moved to, followed across later moves."""
    from bygdevekst_cli.pilotfolder import holds_pilot_file

    old, last = folder, None
    for _ in range(MAX_FOLDER_MOVES):
        moved = _move_of(repo, folder)
        if moved is None:
            break
        last, folder = moved
        if holds_pilot_file(Path(repo.working_dir, folder)):
            return FolderMoved(old, Path(repo.working_dir, folder), last)
    return None


def _move_of(repo: Checkout, folder: str) -> tuple[str, str] | None:
    """``(commit, new folder)`` of the newest commit that deleted the folder's pilot.yaml,
    when it moved the file to another folder."""
    from bygdevekst_cli.gitlog import LogEntry, renames_across
    from bygdevekst_cli.gitrun import run_git

    pilot_file = f"{folder}/{PILOT_FILE}"
    asked = ("-1", "--diff-filter=D", "--format=%H %P", "HEAD", "--", pilot_file)
    found = run_git(repo, "log", *asked)
    commit, *parents = found.split() or [""]
    if len(parents) != 1:
        return None
    entry = LogEntry(commit, tuple(parents), "", "", "", "", ())
    moved_to = renames_across(repo, entry, folder)[1].get(pilot_file)
    if moved_to is None or not moved_to.endswith(f"/{PILOT_FILE}"):
        return None
    return commit, moved_to.removesuffix(f"/{PILOT_FILE}")


# --- the whole history -------------------------------------------------------------------------


def made_since(date: str, day: dt.date) -> bool:
    """Whether a commit made at ``date`` (ISO 8601 with the author's offset; empty: a date
    git cannot read) was made on ``day`` or later in Norway's time, whatever the author's
    clock or the machine's zone: a commit made at 03:40 on 1 March in Norway by someone
    whose clock said 18:40 on 28 February is one of 1 March's, on a laptop and in CI."""
    from bygdevekst_cli.norwegian_time import start_of_day

    try:
        made = dt.datetime.fromisoformat(date)
    except ValueError:  # no date: no day to count it from
        return False
    return made >= start_of_day(day)


def made_until(date: str, day: dt.date) -> bool:
    """Whether a commit made at ``date`` was made on ``day`` or earlier in Norway's time
    (``made_since``'s other end)."""
    return bool(date) and not made_since(date, day + dt.timedelta(days=1))


Until = dt.date | str
"""``--until``: a day, or a revision (a tag, a branch, a commit) whose history is asked."""


def pilot_history(
    pilot: str | Path,
    measure: str | None = None,
    since: dt.date | None = None,
    cwd: Path | None = None,
    until: Until | None = None,
) -> History[Change]:
    """The audit trail of one pilot, newest commit first, each change as data."""
    from bygdevekst_cli.pilotset import read_pilot

    trail = _trail(pilot, since, cwd, until)
    facts = facts_of(read_pilot(trail.folder, trail.display))
    found = _data_history(trail, facts, measure)
    uncommitted = _uncommitted(trail, until)
    return replace(found, since=since, until=until, names=facts.names, uncommitted=uncommitted)


def history_at(files: PilotFiles) -> History[Change] | None:
    """The audit trail of a pilot read at a revision (``PATH@REF``), each change as data:
    the commits in the history of that revision, told with the files read there. None
    when the pilot was not read from a repository's objects, or the repository is gone
    (a URL's clone, removed once read)."""
    from bygdevekst_cli.gitrun import Checkout
    from bygdevekst_cli.gitsource import GitTreeSource

    source = files.source
    if not isinstance(source, GitTreeSource):
        return None
    git_repo = source.commit.repo
    if not Path(git_repo.common_dir).is_dir():
        return None
    place = str(git_repo.working_tree_dir or git_repo.git_dir)
    repo = Checkout(place, str(git_repo.common_dir))
    walked, cut_at = shallow_cut(repo, walk(repo, source.folder or ".", source.commit.hexsha))
    folder, tip = source.folder or ".", source.commit.hexsha
    trail = _Trail(files.folder, files.display, repo, folder, walked, walked, cut_at, tip, tip)
    return _data_history(trail, facts_of(files), None)


def shown_history(
    pilot: str | Path,
    measure: str | None = None,
    since: dt.date | None = None,
    cwd: Path | None = None,
    until: Until | None = None,
) -> History[ShownChange]:
    """The history of ``pilot_history``, each change as shown; what an earlier history
    found is taken from the cache folder (``change_store``), what is new is kept there."""
    trail = _trail(pilot, since, cwd, until)
    name = change_store.store_name(trail.repo.common_dir, trail.path)
    key = change_store.store_key()  # no language: each outcome's key has the words' own
    store = change_store.load(name, key) if cache.enabled() else ChangeStore()
    facts = _stored_facts(trail, store)
    works_on(facts.language)  # what is worded from here on, cold or warm, is in it
    language = report_language(facts.language)
    shown = _Shown(trail, store, language, dict(facts.names))
    changes = {s.entry.commit: shown.commit_changes(s) for s in reversed(trail.steps)}
    shown.finish()
    if since is None and until is None:  # the whole history: what it did not use is stale
        store.forget_unused()
    change_store.save(name, store, key)
    found = _history(trail, facts, changes, measure)
    uncommitted = _uncommitted(trail, until)
    return replace(
        found,
        language=language,
        since=since,
        until=until,
        names=facts.names,
        uncommitted=uncommitted,
    )


def _data_history(trail: _Trail, facts: PilotFacts, measure: str | None) -> History[Change]:
    """The commits of ``trail``, each change compared as data."""
    differ, pieces = _differ(trail.repo, trail.path, trail.changed(trail.steps))
    changes: dict[str, tuple[Change, ...]] = {}
    partial = trail.from_later_commit
    for step in reversed(trail.steps):
        changes[step.entry.commit] = tuple(differ.commit_changes(step))
        if partial:
            _last_before_deletions(differ.last_good, step)
    _save_pieces(trail.repo, trail.path, pieces)
    return _history(trail, facts, changes, measure)


def _uncommitted(trail: _Trail, until: Until | None) -> bool:
    """Whether the pilot's folder has changes no commit holds, for a history that goes up to
    HEAD (one ``--until`` stops before is not about the working copy): one ``git status``."""
    from bygdevekst_cli.render.provenance import git_state

    return until is None and git_state(trail.folder)[1]


@dataclass(frozen=True)
class _Trail:
    """The pilot's folder, its repository, and the commits that changed it."""

    folder: Path
    display: str
    repo: Checkout
    path: str
    """The folder relative to the repository root."""
    walked: list[Step]
    """Every commit of the pilot in the history of HEAD, newest first."""
    steps: list[Step]
    """Those asked for (``--since``, ``--until``)."""
    cut_at: tuple[str, ...] = ()
    """Where a shallow clone cut the history off (``shallow_cut``)."""
    tip: str = "HEAD"
    """The revision whose history was walked: HEAD, or the one a pilot was read at
    (``history_at``)."""
    up_to: str | dt.date | None = None
    """The commit or day the commits asked for end at (``--until``, ``history_at``): an
    adoption of a later commit is not shown on them."""

    @staticmethod
    def changed(steps: list[Step]) -> Iterator[tuple[Step, FileChange]]:
        return ((step, change) for step in steps for change in step.entry.changes)

    @functools.cached_property
    def from_later_commit(self) -> bool:
        """Whether the commits asked for start after the pilot's first (``--since``): which
        files held a measure at their start is then not seen in them."""
        first = self.walked[-1].entry.commit if self.walked else None
        return first is not None and (not self.steps or self.steps[-1].entry.commit != first)


def _trail(
    pilot: str | Path, since: dt.date | None, cwd: Path | None, until: Until | None = None
) -> _Trail:
    from bygdevekst_cli.gitsource import open_checkout, repository_path
    from bygdevekst_cli.validate import display_path, resolve_pilot

    cwd = cwd or Path.cwd()
    folder = resolve_pilot(str(pilot), cwd)
    repo = open_checkout(folder)
    path = repository_path(repo, folder)
    walked, cut_at = shallow_cut(repo, walk(repo, path))
    steps = walked
    if since is not None:  # a cut before the day asked from leaves nothing out
        steps = [s for s in steps if made_since(s.entry.date, since)]
    up_to: str | dt.date | None = None
    if until is not None:  # one look-up for the whole history, not one per commit
        steps, up_to = _up_to(repo, steps, until)
    if since is not None or until is not None:
        asked = {s.entry.commit for s in steps}
        cut_at = tuple(commit for commit in cut_at if commit in asked)
    shown_as = display_path(folder, cwd)
    return _Trail(folder, shown_as, repo, path, walked, steps, cut_at, up_to=up_to)


def _up_to(repo: Checkout, steps: list[Step], until: Until) -> tuple[list[Step], Until]:
    """The steps made on or before the day ``until``, or in the history of the revision
    ``until`` (the revision's own commit too), and the day or that revision's commit."""
    from bygdevekst_cli.gitrun import run_git
    from bygdevekst_cli.gitsource import is_shallow, names_no_commit, resolve_commit

    if isinstance(until, dt.date):
        return [s for s in steps if made_until(s.entry.date, until)], until
    asked = f"{until}^{{commit}}"
    status, found = repo.call("rev_parse", "--verify", "-q", "--end-of-options", asked)
    commit = found.strip()
    if status != 0 or not commit:
        speak_named_pilots()  # in the written standard of the pilot asked about
        if names_no_commit(repo, until):  # a folder's tree or a file (or a tag of one)
            raise UsageError(cli_words()("cli.msg.history.until_no_commit", until=until))
        if not is_shallow(repo):
            raise UsageError(cli_words()("cli.msg.history.until_unknown", until=until))
        commit = resolve_commit(repo.repo, until).hexsha  # says what to fetch
    reachable = set(run_git(repo, "rev_list", commit).split())
    return [s for s in steps if s.entry.commit in reachable], commit


def _history(
    trail: _Trail, facts: PilotFacts, changes: dict[str, tuple[C, ...]], measure: str | None
) -> History[C]:
    """The commits with their changes and the adoptions placed on them."""
    repo, folder = trail.repo, trail.folder
    pilot_id = facts.pilot or folder.name
    earlier = _earlier_names(trail, (pilot_id, folder.name))
    found, nowhere = _found_adoptions(repo, facts, (pilot_id, folder.name), earlier)
    # A commit the log of HEAD gave is in HEAD's history: only the others are asked about.
    # One outside it (on a branch not merged) is told as such, and not also shown on the
    # commit before it that last touched the pilot.
    walked = {s.entry.commit for s in trail.walked}
    outside = set(_outside(repo, [a for a in found if a.commit not in walked], trail.tip))
    adoptions = attach_adoptions(
        repo,
        _made_by(repo, [a for a in found if a not in outside], set(changes), trail.up_to),
        set(changes),
        list(dict.fromkeys(s.folder for s in trail.steps)),
    )
    commits = [
        _history_commit(s.entry, changes[s.entry.commit], adoptions.get(s.entry.commit, []))
        for s in trail.steps
    ]
    if measure is not None:
        held_by = _held_in_blob(repo, measure) if trail.from_later_commit else None
        found_measure = _only_measure(commits, trail.steps, measure, held_by)
        # none of its changes here: the measure may be unknown, or one of a plan deleted
        # before the commits asked for
        if not found_measure and not (held_by and _held_before(trail, measure)):
            _require_measure(measure, facts.measures, commits, pilot_id)
        commits = found_measure
    elsewhere = [a for a in found if a in outside and not _under_earlier_name(a, earlier)]
    unplaced = nowhere + tuple(elsewhere)
    return History(pilot_id, facts.language, tuple(commits), measure, unplaced, trail.cut_at)


def _found_adoptions(
    repo: GitPlace, facts: PilotFacts, names: tuple[str, ...], earlier: frozenset[str]
) -> tuple[list[Adoption], tuple[Adoption, ...]]:
    """The pilot's adoptions (recorded in its plans, and its ``vedtak/`` tags under its
    names and the folder's ``earlier`` ones) that name a commit, and those that name none
    here: a recorded revision git does not know (mistyped, or of a history since rewritten)
    and a tag of a folder or a file, told with the ones no longer in the history, not left
    out (a tag of no commit under an earlier name is another pilot's, as on another
    branch: ``_under_earlier_name``). A recorded revision that is such a tag is told as
    one (with its ``tag``), not as an adoption missing from the history."""
    named = data_adoptions(repo, facts.recorded)
    tags = tag_adoptions(repo, (*names, *earlier))
    found = merge_adoptions(named, tags)
    known = {adoption.ref for adoption in named}
    of_no_commit = {a.ref for a in tags if not a.commit and not _under_earlier_name(a, earlier)}
    nowhere = [_as_tag(a, of_no_commit) for a in facts.recorded if a.ref not in known]
    told = {_tag_name(a.ref) for a in nowhere}
    nowhere += [
        a
        for a in found
        if not a.commit and a.ref not in told and not _under_earlier_name(a, earlier)
    ]
    return [a for a in found if a.commit], tuple(nowhere)


def _tag_name(revision: str) -> str:
    return revision.removeprefix("refs/").removeprefix("tags/")


def _as_tag(adoption: Adoption, tags: set[str]) -> Adoption:
    """``adoption`` (recorded, of no commit here) with the tag it names, when it is one of
    ``tags``."""
    name = _tag_name(adoption.ref)
    return adoption._replace(tag=name) if name in tags else adoption


def _made_by(
    repo: GitPlace, adoptions: list[Adoption], shown: set[str], up_to: str | dt.date | None
) -> list[Adoption]:
    """The adoptions of commits made by ``up_to`` (in a revision's history, or by the end of
    a day; None: all of them): one of a later commit (a council's tag on a commit after it,
    which changed nothing in the pilot) is not shown on the last commit before it that did."""
    from bygdevekst_cli.adoptions import is_ancestor

    if up_to is None:
        return adoptions
    if isinstance(up_to, dt.date):
        dates = _commit_dates(repo, [a.commit for a in adoptions if a.commit not in shown])
        return [
            a
            for a in adoptions
            if a.commit in shown or a.commit not in dates or made_until(dates[a.commit], up_to)
        ]
    return [a for a in adoptions if a.commit in shown or is_ancestor(repo, a.commit, up_to)]


def _commit_dates(repo: GitPlace, commits: list[str]) -> dict[str, str]:
    """The author date of each commit (as the log has it; empty when git cannot read it),
    from one ``git log --no-walk``; none when git cannot tell (a commit a shallow clone
    lacks): such an adoption is placed as before."""
    from bygdevekst_cli.gitlog import with_offset
    from bygdevekst_cli.gitrun import call_in

    if not commits:
        return {}
    asked = ["log", "--no-walk=unsorted", "--format=%H %aI", *sorted(set(commits))]
    status, listing = call_in(str(repo.working_dir), asked)
    if status != 0:
        return {}
    found = {}
    for line in listing.splitlines():
        commit, _, date = line.partition(" ")
        found[commit] = "" if date == "%aI" else with_offset(date)
    return found


def _outside(repo: GitPlace, adoptions: list[Adoption], tip: str) -> tuple[Adoption, ...]:
    """The adoptions whose commit is not in the history of ``tip`` (HEAD, or the revision
    a pilot was read at); at a revision, not those of a commit made on top of it since (a
    later adoption is no part of the history up to it)."""
    from bygdevekst_cli.adoptions import is_ancestor

    if tip == "HEAD":
        return unreachable(repo, adoptions)
    return tuple(
        a
        for a in adoptions
        if not is_ancestor(repo, a.commit, tip) and not is_ancestor(repo, tip, a.commit)
    )


def _earlier_names(trail: _Trail, names: tuple[str, ...]) -> frozenset[str]:
    """The names the pilot's folder had before it was moved (``git mv``): the ``vedtak/``
    tags under such a name are the pilot's adoptions of that time."""
    return frozenset(PurePosixPath(s.folder).name for s in trail.walked) - {"", *names}


def _under_earlier_name(adoption: Adoption, earlier: frozenset[str]) -> bool:
    """Whether ``adoption`` is a ``vedtak/<name>/…`` tag (not named in the data) under an
    earlier name: one on a commit outside the history of HEAD is of a pilot given that
    name since, not of this one."""
    return adoption.source == "tag" and adoption.ref.split("/")[1] in earlier


# --- the pilot in the working tree -------------------------------------------------------------


def facts_of(files: PilotFiles) -> PilotFacts:
    """What the history needs of a pilot that was read. Its written standard is the one
    pilot.yaml names even when the file has an error elsewhere (an id in capitals): the
    history of a Nynorsk pilot is not told in Bokmål while someone mends it."""
    from bygdevekst_cli.adoptions import recorded_adoptions
    from bygdevekst_cli.diff import party_names
    from bygdevekst_cli.models import Language
    from bygdevekst_cli.validate import pilot_language_of

    # the standard pilot.yaml names even when it fails the schema (a bad cohort): a
    # Nynorsk pilot's history stays Nynorsk, as validate's messages do
    language = Language(pilot_language_of(files) or Language.BOKMAAL)
    return PilotFacts(
        files.pilot.model.id if files.pilot else None,
        language.value,
        tuple(recorded_adoptions(files, language)),
        frozenset(m.id for plan in files.plans.values() for m in plan.model.measures),
        tuple(party_names(files.pilot.model).items()) if files.pilot else (),
    )


def _stored_facts(trail: _Trail, store: ChangeStore) -> PilotFacts:
    """The facts of the pilot's files: kept by their hashes, read when they changed."""
    from_tree = change_store.working_tree(trail.folder) if cache.enabled() else None
    if from_tree is None:
        return _read_facts(trail, None)
    files, source = from_tree
    facts = store.pilot_facts(files)
    if facts is None:
        facts = _read_facts(trail, source)
        store.keep_facts(files, facts)
    return facts


def _read_facts(trail: _Trail, source: FileSource | None) -> PilotFacts:
    from bygdevekst_cli.pilotset import read_pilot

    return facts_of(read_pilot(trail.folder, trail.display, source=source))


# --- changes compared, or as shown from the store ----------------------------------------------


def _differ(
    repo: GitPlace,
    path: str,
    changed: Iterator[tuple[Step, FileChange]],
    last_good: LastReadable | None = None,
) -> tuple[Differ, PlanPieces]:
    """A differ with the blobs of ``changed`` read in bulk (those not in the pieces the
    cache folder keeps); ``last_good``, the files' last readable versions so far."""
    from bygdevekst_cli.commit_changes import Blobs, Differ
    from bygdevekst_cli.gitblobs import read_blobs
    from bygdevekst_cli.plan_pieces import PlanPieces, load_store

    pieces = PlanPieces(load_store(_store_name(repo, path)))
    needed = (sha for sha in _needed_blobs(changed) if not pieces.store.has(sha))
    blobs = Blobs(repo, read_blobs(repo, needed), pieces=pieces)
    return Differ(repo, blobs, last_good or LastReadable()), pieces


def _save_pieces(repo: GitPlace, path: str, pieces: PlanPieces) -> None:
    from bygdevekst_cli.plan_pieces import save_store

    save_store(_store_name(repo, path), pieces.store)


@dataclass
class _Shown:
    """Each commit's changes as shown, oldest commit first: from the store when it has
    them, else compared (by a differ made at the first miss) and kept."""

    trail: _Trail
    store: ChangeStore
    language: str
    names: dict[str, str] = field(default_factory=dict)
    """The parties' and groups' names the changes are shown with."""
    last_good: LastReadable = field(default_factory=LastReadable)
    differ: tuple[Differ, PlanPieces] | None = None

    def commit_changes(self, step: Step) -> tuple[ShownChange, ...]:
        found: list[ShownChange] = []
        for change in step.entry.changes:
            found.extend(self.file_outcome(step, change).changes)
        if self.trail.from_later_commit:
            _last_before_deletions(self.last_good, step)
        return tuple(found)

    @functools.cached_property
    def shown_as(self) -> str:
        """What a change's text depends on besides its blobs: the language it is shown in,
        the command line's (the words of a file that does not read: asked once the pilot's
        standard is known, ``works_on``), and the names it reads ids with (a party renamed
        since is shown by its new name)."""
        digest = hashlib.sha1(repr(sorted(self.names.items())).encode()).hexdigest()[:12]
        return f"{self.language}:{cli_language()}:{digest}"

    def file_outcome(self, step: Step, change: FileChange) -> FileOutcome:
        key = change_key(self.shown_as, step, change)
        last = self.last_good.blob(change.old_path)
        outcome = self.store.outcome(key, last, lambda: self.agreements.at(step))
        if outcome is not None:
            if outcome.readable:
                relative = change.path.removeprefix(step.folder + "/")
                assert change.new_blob is not None
                self.last_good.read(change, (change.new_blob, relative))
            return outcome
        outcome = self._compare(step, change)
        self.store.keep(key, outcome)
        return outcome

    def _compare(self, step: Step, change: FileChange) -> FileOutcome:
        from bygdevekst_cli.commit_changes import worded_by_commit
        from bygdevekst_cli.present.history import shown_changes

        if self.differ is None:  # the blobs of every change the store lacks, in bulk
            missing = (
                (s, c)
                for s, c in self.trail.changed(self.trail.steps)
                if change_key(self.shown_as, s, c) not in self.store.outcomes
            )
            self.differ = _differ(self.trail.repo, self.trail.path, missing, self.last_good)
        compared = self.differ[0].compare(step, change)
        changes = shown_changes(compared.changes, self.language, self.names.get)
        worded = self.agreements.at(step) if worded_by_commit(compared.changes) else ()
        return FileOutcome(changes, compared.readable, compared.bridged, worded)

    @functools.cached_property
    def agreements(self) -> _Agreements:
        """The agreement's blobs at each commit (``_Agreements``)."""
        return _Agreements(self.trail.repo, self.trail.steps[::-1])

    def finish(self) -> None:
        """Keep the plan pieces read for what was compared."""
        if self.differ is not None:
            _save_pieces(self.trail.repo, self.trail.path, self.differ[1])


def _last_before_deletions(last_good: LastReadable, step: Step) -> None:
    """In commits that start after the pilot's first (``--since``), each file ``step``
    deleted whose last readable version was not among them: the version the deletion took
    away is its last, so that the file added again later is compared with it («lagd til
    att»), as in the whole history, not told as all new. (A version before the commits
    asked for that no deletion among them showed is not bridged from.)"""
    for change in step.entry.changes:
        if change.new_blob is not None or change.moved_to is not None:
            continue
        blob = next((b for b in change.old_blobs if b), None)
        if blob is not None and last_good.of(change.path) is None:
            relative = change.path.removeprefix(step.folder + "/")
            last_good.by_path[change.path] = (blob, relative)


@dataclass
class _Agreements:
    """The agreement's blobs at each commit of a trail and its first parent: what a plan's
    measured value is worded from. Looked up when first asked, for that commit and the
    next ones (``AGREEMENTS_AT_ONCE``): one git process for many, none for a history that
    names no indicator."""

    repo: GitPlace
    steps: list[Step]
    """Oldest first."""
    found: dict[str, AgreementBlobs] = field(default_factory=dict)
    position: dict[str, int] = field(default_factory=dict)

    def at(self, step: Step) -> AgreementBlobs:
        found = self.found.get(step.entry.commit)
        if found is None:
            if not self.position:
                self.position = {s.entry.commit: i for i, s in enumerate(self.steps)}
            start = self.position[step.entry.commit]
            chunk = self.steps[start : start + AGREEMENTS_AT_ONCE]
            self.found.update(agreement_blobs(self.repo, chunk))
            found = self.found[step.entry.commit]
        return found


AGREEMENTS_AT_ONCE = 64
"""Commits whose agreement is looked up in one git process: a history that names an
indicator now and then pays for a few, one that names one in every commit for few
processes."""


def agreement_blobs(repo: GitPlace, steps: list[Step]) -> dict[str, AgreementBlobs]:
    """The blobs of the agreement at each step's first parent and at its commit
    (``AgreementBlobs``), from one ``git cat-file --batch-check`` (``<commit>:<path>``); a
    folder whose name that cannot take (a line break) from its trees, one by one."""
    asked = {
        step.entry.commit: [
            _agreement_path(commit, step.folder, name)
            for commit in (*step.entry.parents[:1], step.entry.commit)
            for name in AGREEMENT_FILES
        ]
        for step in steps
    }
    names = sorted({name for named in asked.values() for name in named})
    blobs = None if any("\n" in name for name in names) else _batch_blobs(repo, names)
    if blobs is None:
        return {step.entry.commit: _listed_agreement(repo, step) for step in steps}
    return {
        commit: _no_parent(named) + tuple(map(blobs.get, named)) for commit, named in asked.items()
    }


def _no_parent(named: list[Any]) -> AgreementBlobs:
    """The parent's part of ``AgreementBlobs`` for a commit that has none (``named``: the
    blobs asked for, of the commit's own agreement only), else nothing."""
    return (None,) * len(AGREEMENT_FILES) if len(named) == len(AGREEMENT_FILES) else ()


def _agreement_path(commit: str, folder: str, name: str) -> str:
    """``<commit>:<path>`` of the agreement ``name`` in ``folder`` (from the root)."""
    return f"{commit}:{name}" if folder in ("", ".") else f"{commit}:{folder.rstrip('/')}/{name}"


def _batch_blobs(repo: GitPlace, names: list[str]) -> dict[str, str | None] | None:
    """The blob each of ``names`` (``<commit>:<path>``) is, None where it is none; None
    when git could not be asked."""
    from bygdevekst_cli.gitrun import environment_of, run_in

    asked = ["cat-file", "--batch-check=%(objectname) %(objecttype)"]
    data = "".join(f"{name}\n" for name in names).encode()
    status, output, _ = run_in(str(repo.working_dir), asked, data, environment_of(repo))
    lines = output.split("\n") if names else []
    if status != 0 or len(lines) != len(names):
        return None
    found: dict[str, str | None] = {}
    for name, line in zip(names, lines, strict=True):
        sha, _, kind = line.partition(" ")
        found[name] = sha if kind == "blob" else None
    return found


def _listed_agreement(repo: GitPlace, step: Step) -> AgreementBlobs:
    """``agreement_blobs`` of one step, from ``git ls-tree`` of each commit."""
    from bygdevekst_cli.gitblobs import tree_blobs

    found: list[str | None] = []
    for commit in (*step.entry.parents[:1], step.entry.commit):
        listed = dict(tree_blobs(repo, commit, step.folder))
        found.extend(listed.get(name) for name in AGREEMENT_FILES)
    return _no_parent(found) + tuple(found)


def change_key(shown_as: str, step: Step, change: FileChange) -> ChangeKey:
    """What the changes one commit made to one file depend on (see ``change_store``);
    ``shown_as``, the languages and names they are worded with (``_Shown.shown_as``)."""
    relative = change.path.removeprefix(step.folder + "/")
    added = None
    if not change.old_blobs or None in change.old_blobs:  # compared with the commit's plans
        added = (step.entry.commit, step.folder)
    moved_from = change.old_path if change.renamed else None
    blobs = (change.old_blobs, change.new_blob, change.unfollowed)
    return (shown_as, relative, moved_from, *blobs, added, change.moved_to)


def _store_name(repo: GitPlace, folder: str) -> str:
    """The cache entry of one pilot's plan pieces: by installation, repository and pilot
    folder."""
    return cache.entry_name("history", str(Path(repo.common_dir).resolve()), folder)


def _needed_blobs(changed: Iterator[tuple[Step, FileChange]]) -> Iterator[str]:
    """The blobs the history compares: of the pilot's own files (a file of no known kind,
    a README in the folder, is only named)."""
    from bygdevekst_cli.commit_changes import kind_of

    for step, change in changed:
        relative = change.path.removeprefix(step.folder + "/")
        if kind_of(relative) is not None:
            yield from (sha for sha in (*change.old_blobs, change.new_blob) if sha)


def _history_commit(
    entry: LogEntry, changes: tuple[C, ...], adoptions: list[Adoption]
) -> HistoryCommit[C]:
    return HistoryCommit(
        entry.commit,
        entry.parents,
        entry.author,
        entry.email,
        entry.date,
        entry.subject,
        changes,
        tuple(adoptions),
        entry.co_authors,
    )


def _require_measure(
    measure: str, measures: frozenset[str], commits: list[HistoryCommit[C]], pilot: str
) -> None:
    """A measure the pilot never had (in a plan now or in a commit) is wrong use (exit 2)."""
    from bygdevekst_cli.suggest import unknown_measure

    known = set(measures)
    known |= {c.measure for commit in commits for c in commit.changes if c.measure}
    problem = unknown_measure(measure, known, pilot, cli_words())
    if problem is not None:
        raise UsageError(problem)


def _only_measure(
    commits: list[HistoryCommit[C]],
    steps: list[Step],
    measure: str,
    held_by: Callable[[str], bool] | None = None,
) -> list[HistoryCommit[C]]:
    """The commits that changed ``measure``, with only those changes: its own, and the
    deletion and restoring of the file that held it (``_HeldIn``), oldest first.
    ``held_by`` (a blob id: whether that version holds the measure) for commits that start
    after the pilot's first: a file deleted in them is asked about."""
    held = _HeldIn(measure, held_by)
    kept = []
    for commit, step in reversed(list(zip(commits, steps, strict=True))):
        changes = held.changes(commit.changes, step)
        if changes:
            kept.append(replace(commit, changes=changes))
    return kept[::-1]


@dataclass
class _HeldIn:
    """Which files hold one measure, followed from the oldest commit on: a plan deleted
    (``git rm``) takes its measures with it, and one added again brings them back, so the
    measure's history shows both, as the whole history does."""

    measure: str
    held_by: Callable[[str], bool] | None = None
    """For commits that start after the pilot's first (``--since``): whether a version (a
    blob id) of a file not yet followed holds the measure. None: every file is followed from
    the commit that added it."""
    holders: set[str] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)
    followed: set[str] = field(default_factory=set)
    """The files whose holding of the measure is known (``held_by`` is not asked)."""

    def changes(self, changes: tuple[C, ...], step: Step) -> tuple[C, ...]:
        files = {c.path.removeprefix(step.folder + "/"): c for c in step.entry.changes}
        gone = {f for f, c in files.items() if c.new_blob is None and c.moved_to is None}
        back = {f for f, c in files.items() if not any(c.old_blobs) and not c.renamed}
        self._ask_first(files, gone)
        for relative, moved in files.items():  # a plan moved keeps its measures
            old = moved.old_path.removeprefix(step.folder + "/")
            if moved.renamed and old in self.holders:
                self.holders.discard(old)
                self.holders.add(relative)
        kept = []
        for change in changes:
            if change.measure == self.measure:
                kept.append(change)
                self._follow(change)
            elif change.measure is None and self._carried(change.file, gone, back):
                kept.append(change)
        for file in gone & self.holders:
            self.holders.discard(file)
            self.deleted.add(file)
        for file in back & self.deleted:
            self.deleted.discard(file)
            self.holders.add(file)
        return tuple(kept)

    def _ask_first(self, files: dict[str, FileChange], gone: set[str]) -> None:
        """Whether each file deleted, and not followed so far, held the measure when it was
        deleted: it did so since before the commits asked for. (A file added again whose
        deletion is not among them is compared as new: its new measure is the measure's.)"""
        if self.held_by is None:
            return
        for file in sorted(gone - self.followed):
            self.followed.add(file)
            blob = next((b for b in files[file].old_blobs if b), None)
            if blob is not None and self.held_by(blob):
                self.holders.add(file)

    def _carried(self, file: str, gone: set[str], back: set[str]) -> bool:
        """Whether a change of the file itself takes the measure away or brings it back."""
        return (file in gone and file in self.holders) or (file in back and file in self.deleted)

    def _follow(self, change: _OfMeasure) -> None:
        self.followed.add(change.file)
        if change.kind == _DROPPED:
            self.holders.discard(change.file)
        else:
            self.holders.add(change.file)


def _held_in_blob(repo: GitPlace, measure: str) -> Callable[[str], bool]:
    """Whether a version of a file (a blob id) is a plan that holds ``measure``."""
    from bygdevekst_cli.gitblobs import read_blobs

    def holds(blob: str) -> bool:
        return _holds(read_blobs(repo, [blob]).get(blob), measure)

    return holds


def _held_before(trail: _Trail, measure: str) -> bool:
    """Whether a version of a plan that the pilot's other commits (before those asked for,
    or after) made or deleted held ``measure`` (asked only when those asked for have no
    change of it: one ``git cat-file``)."""
    from bygdevekst_cli.gitblobs import read_blobs

    asked = {step.entry.commit for step in trail.steps}
    blobs = (
        blob
        for step in trail.walked
        if step.entry.commit not in asked
        for change in step.entry.changes
        if change.path.endswith(_YAML_SUFFIXES)
        for blob in (change.new_blob, *change.old_blobs)
        if blob
    )
    return any(_holds(raw, measure) for raw in read_blobs(trail.repo, blobs).values())


def _holds(raw: bytes | None, measure: str) -> bool:
    """Whether ``raw`` is a plan that holds ``measure``; read with the loader ``validate``
    uses (a version that does not read holds none)."""
    from bygdevekst_cli.loader import load_yaml_bytes

    if not raw or measure.encode() not in raw:  # most versions, without parsing them
        return False
    data = load_yaml_bytes(raw, Path("plan.yaml"), "plan.yaml").data
    measures = data.get("measures") if isinstance(data, dict) else None
    if not isinstance(measures, list):
        return False
    return any(isinstance(m, dict) and str(m.get("id")) == measure for m in measures)


_DROPPED = "dropped"
"""``commit_changes.ChangeKind.DROPPED``, as a shown change has it (the models not imported)."""
