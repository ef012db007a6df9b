"""Symbolic links in a git tree, read by the rule ``validate`` keeps in a working tree.

Git keeps a link as a blob of mode 120000 whose content is the path it points to. Read as
a file, that is a path, not YAML: the history said «the top level is not a mapping», and a
commit's pilot had a plan that was not there. The rule is the working tree's
(``pilotfolder.FolderSource``): a link to a file inside the pilot folder is read through
(the file it leads to, in the same commit), so every change to what the pilot reads is a
change inside its folder, which the history, ``check`` and a document's provenance all
see; a link out of the folder, out of the repository, or to nothing is a finding (BV011)
that names it, and is not followed.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bygdevekst_cli.pilotfolder import is_yaml_name

if TYPE_CHECKING:
    import git

LINK_MODE = 0o120000
"""The mode git gives a symbolic link."""

MAX_LINKS = 40
"""Links followed on the way at most (Linux's limit): more is a loop."""

LINK_OUTSIDE = "link_outside"
LINK_BROKEN = "link_broken"
"""Why a link is not followed: the keys of the findings' words (``pilotset.link_*``)."""


@dataclass(frozen=True)
class Entry:
    """What a path is in a commit's tree."""

    mode: int
    kind: str
    """``blob`` or ``tree`` (``commit`` for a submodule)."""
    sha: str


Lookup = Callable[[str], Entry | None]
"""A repository path's entry in one commit (None: nothing there)."""
Read = Callable[[str], bytes]
"""A blob's bytes by its id."""


@dataclass(frozen=True)
class LinkEnd:
    """Where a link leads, links on the way followed."""

    path: str | None
    """The repository path it leads to; None: out of the repository."""
    entry: Entry | None
    """What is there; None: nothing (a dangling link, a loop, or out of the repository)."""

    def refusal(self, folder: str) -> str | None:
        """Why a pilot in ``folder`` (a repository path, ``""`` for the root) does not read
        through the link (``LINK_OUTSIDE``, ``LINK_BROKEN``); None when it does."""
        if self.path is not None and self.entry is None:
            return LINK_BROKEN
        if self.path is None or not _inside(self.path, folder):
            return LINK_OUTSIDE
        return None


def _inside(path: str, folder: str) -> bool:
    return not folder or path.startswith(folder.rstrip("/") + "/")


def follow(path: str, lookup: Lookup, read: Read) -> LinkEnd:
    """Where ``path`` (a repository path) leads: itself when it is no link."""
    for _ in range(MAX_LINKS):
        entry = lookup(path)
        if entry is None or entry.mode != LINK_MODE:
            return LinkEnd(path, entry)
        target = read(entry.sha).decode("utf-8", "surrogateescape")
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
        if target.startswith("/") or joined == ".." or joined.startswith("../"):
            return LinkEnd(None, None)
        path = joined
    return LinkEnd(path, None)


@dataclass(frozen=True)
class Listing:
    """A pilot folder's YAML files in one commit, as ``pilotset.FileSource`` gives them."""

    files: dict[str, str]
    """Each file's path in the folder → the repository path its content is read from."""
    unfollowed: list[tuple[str, str]]
    """``(path in the folder, why)`` of each link not followed (``LinkEnd.refusal``)."""


def list_folder(commit: git.Commit, folder: str, *, hidden: bool = True) -> Listing:
    """The YAML files of ``folder`` (a repository path, ``""`` for the root) in ``commit``,
    links read by the working tree's rule (``hidden``: whether names that start with a dot
    are listed). A link to a folder is never walked into; one out of the pilot is
    reported whatever its name, as a link to a file is when it has a YAML name."""
    import git

    tree: Any = commit.tree / folder if folder else commit.tree
    lookup, read = tree_lookup(commit)
    files: dict[str, str] = {}
    unfollowed: list[tuple[str, str]] = []

    def pruned(item: Any, _depth: int) -> bool:
        return not hidden and str(item.name).startswith(".")

    for item in tree.traverse(prune=pruned):
        if not isinstance(item, git.Blob):
            continue
        path = str(item.path)
        relative = path[len(folder) + 1 :] if folder else path
        if item.mode != LINK_MODE:
            if is_yaml_name(relative):
                files[relative] = path
            continue
        end = follow(path, lookup, read)
        why = end.refusal(folder)
        to_folder = end.entry is not None and end.entry.kind == "tree"
        if why is None and not to_folder and is_yaml_name(relative):
            files[relative] = str(end.path)
        elif why is not None and (to_folder or is_yaml_name(relative)):
            unfollowed.append((relative, why))
    return Listing(files, sorted(unfollowed))


def tree_lookup(commit: git.Commit) -> tuple[Lookup, Read]:
    """``follow``'s look-ups in ``commit`` through GitPython's object database."""

    def lookup(path: str) -> Entry | None:
        try:
            item = commit.tree / path
        except (KeyError, TypeError, ValueError):  # not there, or under a link to a folder
            return None
        return Entry(item.mode, item.type, item.hexsha)

    def read(sha: str) -> bytes:
        data: bytes = commit.repo.odb.stream(bytes.fromhex(sha)).read()
        return data

    return lookup, read
