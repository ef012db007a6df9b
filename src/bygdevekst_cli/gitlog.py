"""The log a history reads: one ``git log --raw`` for the blob ids every commit changed,
its merges, renames across the pilot's folder and symbolic links read as in a working tree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from bygdevekst_cli import gitblobs
from bygdevekst_cli.gitlinks import (
    LINK_BROKEN,
    LINK_MODE,
    Entry,
    Lookup,
    Read,
    follow,
)
from bygdevekst_cli.gitrun import Checkout, GitPlace, call_in, legacy_text, run_git

if TYPE_CHECKING:
    pass


RECORD = "\x1e"
FIELD = "\x1f"
_CO_AUTHOR = "\x1d"
LOG_FORMAT = RECORD + FIELD.join(
    (
        "%H",
        "%P",
        "%aN",
        "%aE",
        "%aI",
        "%(trailers:key=Co-authored-by,valueonly,unfold,separator=%x1d)",
        "%s",
    )
)
"""The author as ``git log`` shows them: through the repository's ``.mailmap``, which
names one person's old or private addresses as the one they go by. Then the message's
``Co-authored-by:`` trailers (GitHub writes one for each other author of a squashed pull
request), and the subject last, which keeps any separator it holds."""


_LINK_MODE_TEXT = f"{LINK_MODE:06o}"
"""``120000``, a link's mode as ``git log --raw`` writes it."""
SUBMODULE_MODE = "160000"
"""A submodule's mode as ``git log --raw`` writes it (its "blob" is the submodule's commit)."""


@dataclass(frozen=True, slots=True)
class FileChange:
    """One path a commit changed, from ``git log --raw``: blob ids before and after.

    For a merge (``-c``) there is one old blob per parent, and only paths that differ from
    every parent are listed: what the merge itself added, not what it brought in.
    """

    status: str
    """``A``, ``M``, ``D``, ``T``, ``R`` (renamed), ``C`` (copied); a merge: one per parent."""
    path: str
    old_path: str
    old_blobs: tuple[str | None, ...]
    new_blob: str | None
    modes: tuple[str, ...] = ()
    """The file's modes, one per parent and then the new one (``120000``: a link)."""
    unfollowed: str | None = None
    """Why the new version, a symbolic link, is not read (``gitlinks.LinkEnd.refusal``);
    a link that is read has the blob it leads to as ``new_blob``."""
    moved_to: str | None = None
    """Where a file deleted from the pilot went, when git sees it moved out of the pilot's
    folder (to another pilot, or a folder outside the pilots): ``renames_across``."""
    submodule: tuple[str, str] | None = None
    """``(path, commit)`` of the submodule a new file came in from: the file was added where
    the history had a submodule, whose objects are in another repository."""

    @property
    def renamed(self) -> bool:
        return self.old_path != self.path

    def is_link(self, index: int) -> bool:
        """Whether the mode at ``index`` (``-1``: the new version) is a symbolic link's."""
        return bool(self.modes) and int(self.modes[index], 8) == LINK_MODE

    def is_submodule(self, index: int) -> bool:
        """Whether the mode at ``index`` (``-1``: the new version) is a submodule's."""
        return bool(self.modes) and self.modes[index] == SUBMODULE_MODE

    @property
    def has_link(self) -> bool:
        """Whether any version is a symbolic link's (asked of every change a history reads:
        the modes are compared as git writes them, without reading them as numbers)."""
        return _LINK_MODE_TEXT in self.modes


@dataclass(frozen=True, slots=True)
class LogEntry:
    commit: str
    parents: tuple[str, ...]
    author: str
    email: str
    date: str
    """Author date, ISO 8601 with the author's offset; empty when git cannot read it."""
    subject: str
    changes: tuple[FileChange, ...]
    co_authors: tuple[str, ...] = ()
    """``Name <address>`` of each ``Co-authored-by:`` trailer, as written."""


MAX_PULLS = 50
"""Rounds of ``git log`` after merges that undid a side (a guard; one is the rule)."""


def git_log(repo: GitPlace, revisions: Sequence[str], paths: Sequence[str]) -> list[LogEntry]:
    """Every commit reachable from ``revisions`` that changed ``paths``, newest first.

    git's log follows only the side a merge kept ``paths`` from. When that is not the
    first parent (a conflict resolved by taking the other side's plan), the commits of the
    branch's own side were undone by the merge, but they are the branch's history: the log
    is read again from each such merge's first parent too (``--show-pulls`` names them).
    Those merges took ``paths`` whole from one side and changed nothing themselves: they
    are not listed.
    """
    tips = list(revisions)
    for _ in range(MAX_PULLS):
        entries = parse_log(_log(repo, tips, paths))
        pulls = _pulls(repo, entries)
        more = [f"{pull}^1" for pull in pulls if f"{pull}^1" not in tips]
        if not more:
            break
        tips.extend(more)
    return with_mailmap(repo, [e for e in entries if e.commit not in pulls])


_CONTACT = re.compile(r"[^<>]*<[^<>\s]+>")
"""``Name <address>``, the form ``git check-mailmap`` reads (it stops at any other)."""


def with_mailmap(repo: GitPlace, entries: list[LogEntry]) -> list[LogEntry]:
    """``entries`` with their ``Co-authored-by:`` people named through the repository's
    ``.mailmap``, as ``git log`` names authors: one person who wrote a trailer with an old
    or private address is then named as they are as an author (one ``git check-mailmap``,
    only when there are such people)."""
    people = sorted({p for e in entries for p in e.co_authors if _CONTACT.fullmatch(p)})
    if not people:
        return entries
    status, output = call_in(str(repo.working_dir), ["check-mailmap", *people])
    mapped = output.splitlines()
    if status != 0 or len(mapped) != len(people):
        return entries
    named = dict(zip(people, mapped, strict=True))
    return [
        replace(e, co_authors=tuple(named.get(p, p) for p in e.co_authors)) if e.co_authors else e
        for e in entries
    ]


def _log(repo: GitPlace, tips: list[str], paths: Sequence[str]) -> str:
    return run_git(
        repo,
        "log",
        *tips,
        "--show-pulls",
        "--raw",
        "-M",
        "-c",
        "--no-abbrev",
        "-z",
        "--no-show-signature",
        "--no-color",
        # whatever the user's configuration says: the root commit's files (log.showRoot),
        # and the folder as a path, not one file followed across renames (log.follow)
        "--root",
        "--no-follow",
        # names and messages in UTF-8, whatever encoding a commit was written in (a
        # repository with i18n.commitEncoding set would otherwise print in that encoding)
        "--encoding=UTF-8",
        f"--format={LOG_FORMAT}",
        "--",
        *paths,
    )


def _pulls(repo: GitPlace, entries: list[LogEntry]) -> set[str]:
    """The merges ``--show-pulls`` listed: shown with the one parent they took ``paths``
    from, and no change of their own (a commit of one parent that is listed changed
    something); one ``git rev-list`` tells which of those are merges, when any is."""
    alone = [e.commit for e in entries if len(e.parents) == 1 and not e.changes]
    if not alone:
        return set()
    return set(run_git(repo, "rev_list", "--no-walk", "--min-parents=2", *alone).split())


_RECORD_START = re.compile(f"{RECORD}(?=[0-9a-f]{{40,64}}{FIELD})")
"""Where a commit's record begins: the separator, then its id (a message may hold the
separators themselves; they are control characters, not forbidden ones)."""


def parse_log(output: str) -> list[LogEntry]:
    entries = []
    for record in _RECORD_START.split(output)[1:]:
        header, _, raw = record.partition("\0")
        # the subject, last, keeps any separator it holds; the header read as one text
        fields = legacy_text(header).split(FIELD, 6)
        sha, parents, author, email, date, co_authors, subject = fields
        if date == "%aI":  # a date git cannot read (before 1970, say): it leaves the "%aI"
            date = ""
        date = with_offset(date)
        entries.append(
            LogEntry(
                sha,
                tuple(parents.split()),
                author,
                email,
                date,
                subject,
                tuple(parse_raw(raw)),
                tuple(name.strip() for name in co_authors.split(_CO_AUTHOR) if name.strip()),
            )
        )
    return entries


def with_offset(date: str) -> str:
    """An ISO 8601 time as git writes it (``%aI``, ``iso-strict``) with its offset written
    out, ``+00:00`` where a newer git writes ``Z`` for UTC: one form whatever git's version."""
    return f"{date[:-1]}+00:00" if date.endswith("Z") else date


def parse_raw(raw: str) -> Iterator[FileChange]:
    """``--raw -z`` lines: ``:meta\\0path\\0`` (``:meta\\0old\\0new\\0`` for a rename)."""
    tokens = iter(raw.lstrip("\n").split("\0"))
    for meta in tokens:
        meta = meta.strip("\n")
        if not meta.startswith(":"):
            continue
        parents = len(meta) - len(meta.lstrip(":"))
        fields = meta.lstrip(":").split()
        # no blob: all zeros (40 of them, or 64 in a repository of SHA-256 objects)
        shas = [s if s.strip("0") else None for s in fields[parents + 1 : 2 * parents + 2]]
        status = fields[-1]
        path = next(tokens)
        old_path = path
        if parents == 1 and status[0] in "RC":
            old_path, path = path, next(tokens)
        modes = tuple(fields[: parents + 1])
        yield FileChange(status, path, old_path, tuple(shas[:-1]), shas[-1], modes)


def with_links_read(
    repo: GitPlace, entry: LogEntry, folder: str, links: dict[str, str]
) -> LogEntry:
    """``entry`` with the symbolic links among its files read as ``gitlinks`` reads a tree.

    A version that is a link to a file in the pilot ``folder`` has the blob of that file
    (in the same commit, or the parent's for the old version); a new version that is a
    link out of the folder, or to nothing, says why it is not read (``unfollowed``).
    ``links`` (each link read so far → the repository path it leads to; commits passed
    oldest first) is kept up to date, and a commit that changes a file a link leads to
    changes the link too: the pilot reads that file by the link's name.
    """
    if not links and not any(c.has_link for c in entry.changes):
        return entry
    changes = [_links_read(repo, entry, folder, change, links) for change in entry.changes]
    changed = {c.path for c in changes}
    for change in list(changes):
        for link in [k for k, target in links.items() if target == change.path]:
            if link not in changed:
                changes.append(_through(change, link))
    return replace(entry, changes=tuple(changes))


def _links_read(
    repo: GitPlace, entry: LogEntry, folder: str, change: FileChange, links: dict[str, str]
) -> FileChange:
    links.pop(change.old_path, None)
    links.pop(change.path, None)
    if not change.has_link:
        return change
    old_blobs = (
        tuple(
            (_blob_at(repo, parent, change.old_path, folder)[2] or blob)
            if change.is_link(i)
            else blob
            for i, (parent, blob) in enumerate(zip(entry.parents, change.old_blobs, strict=False))
        )
        or change.old_blobs
    )
    new_blob, unfollowed = change.new_blob, None
    if change.new_blob is not None and change.is_link(-1):
        unfollowed, target, blob = _blob_at(repo, entry.commit, change.path, folder)
        if unfollowed is None:
            links[change.path] = target
        new_blob = blob or change.new_blob
    return replace(change, old_blobs=old_blobs, new_blob=new_blob, unfollowed=unfollowed)


def _through(change: FileChange, link: str) -> FileChange:
    """The change ``change`` makes to the file ``link`` leads to, as a change of the link
    (deleted: the link leads to nothing from here on)."""
    if change.new_blob is None:
        blobs = (change.old_blobs, next((b for b in change.old_blobs if b), None))
        return FileChange("M", link, link, *blobs, unfollowed=LINK_BROKEN)
    return FileChange("M", link, link, change.old_blobs, change.new_blob)


def _blob_at(
    repo: GitPlace, commit: str, path: str, folder: str
) -> tuple[str | None, str, str | None]:
    """``(why not, where, blob)``: why the pilot does not read through the link at ``path``
    in ``commit`` (None: it does), the repository path it leads to and the blob there."""
    end = follow(path, *_git_lookup(repo, commit))
    why = end.refusal(folder)
    if why is None and end.entry is not None and end.entry.kind == "blob":
        return None, str(end.path), end.entry.sha
    return why or LINK_BROKEN, str(end.path), None


def _git_lookup(repo: GitPlace, commit: str) -> tuple[Lookup, Read]:
    """``gitlinks.follow``'s look-ups in ``commit`` through git itself (no GitPython)."""

    def lookup(path: str) -> Entry | None:
        for line in run_git(repo, "ls_tree", "-z", commit, "--", path).split("\0"):
            meta, _, name = line.partition("\t")
            fields = meta.split()
            if name == path and len(fields) == 3:
                return Entry(int(fields[0], 8), fields[1], fields[2])
        return None

    def read(sha: str) -> bytes:
        return gitblobs.read_blobs(repo, [sha]).get(sha, b"")

    return lookup, read


def parse_name_status(output: str) -> Iterator[tuple[str, str]]:
    """``git diff --name-status -z``: ``(new path, old path)`` for every changed file."""
    tokens = iter(output.split("\0"))
    for status in tokens:
        if not status:
            continue
        path = next(tokens)
        if status[0] in "RC":
            yield next(tokens), path
        else:
            yield path, path


def renames_across(
    repo: GitPlace, entry: LogEntry, folder: str
) -> tuple[dict[str, FileChange], dict[str, str]]:
    """The files ``entry`` moved into ``folder`` from elsewhere, by their new path, and
    where it moved files out of ``folder`` to, by their old path.

    ``git log -- folder`` sees a file moved in as a new file and one moved out as a deleted
    one; asked without the path limit (one ``git diff-tree``), git finds where each came
    from or went.
    """
    if len(entry.parents) != 1:
        return {}, {}
    output = run_git(
        repo,
        "diff_tree",
        *("-r", "-M", "--raw", "--no-abbrev", "-z", "--no-color"),
        *(entry.parents[0], entry.commit),
    )
    prefix = folder.rstrip("/") + "/"
    moved_in: dict[str, FileChange] = {}
    moved_out: dict[str, str] = {}
    for change in parse_raw(output):
        if not change.renamed:
            continue
        inside, was_inside = change.path.startswith(prefix), change.old_path.startswith(prefix)
        if inside and not was_inside:
            moved_in[change.path] = change
        elif was_inside and not inside:
            moved_out[change.old_path] = change.path
    return moved_in, moved_out


def last_commit_touching(repo: GitPlace, revision: str, paths: Sequence[str]) -> str | None:
    """The newest commit reachable from ``revision`` that changed ``paths``."""
    if isinstance(repo, Checkout):
        status, found = repo.call("log", revision, "-1", "--format=%H", "--", *paths)
        return (found.strip() or None) if status == 0 else None
    import git

    try:
        sha: str = repo.git.log(revision, "-1", "--format=%H", "--", *paths)
    except git.GitCommandError:
        return None
    return sha.strip() or None
