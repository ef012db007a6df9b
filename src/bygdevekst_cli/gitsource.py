"""Reading a pilot from git objects at any revision, without a checkout.

Every git problem a user can meet (no repository, no commits yet, an unknown revision, a
shallow clone without the base) becomes a ``UserError`` that says what to do. The log is
read by ``gitlog``, blobs in bulk by ``gitblobs``, tags by ``gittags``; git is run through
``gitrun``.
"""

from __future__ import annotations

import contextlib
import functools
import os
import posixpath
import re
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bygdevekst_cli.errors import UsageError, UserError
from bygdevekst_cli.gitlinks import (
    Listing,
    list_folder,
)
from bygdevekst_cli.gitprogram import (
    git_executable,
)
from bygdevekst_cli.gitrun import (
    Checkout,
    GitPlace,
    MissingObject,
    UnsafeRepository,
    call_in,
    environment_of,
    explain_git,
    legacy_text,
    quiet,
    require_gitpython,
    run_in,
)
from bygdevekst_cli.language import cli_words, speak_named_pilots
from bygdevekst_cli.pilotfolder import PILOT_FILE, PILOTS_DIR

if TYPE_CHECKING:
    import git


_RELATIVE = re.compile(r"[~^@:]")


def open_repository(path: Path, *, need_head: bool = True) -> git.Repo:
    """The repository that holds ``path``; ``need_head=False``: also one whose ``HEAD``
    names no commit (a bare repository whose default branch was never pushed, read at a
    revision the user names)."""
    require_gitpython()
    import git

    try:
        repo = quiet(git.Repo(path, search_parent_directories=True))
    except git.InvalidGitRepositoryError:
        speak_named_pilots()  # in the written standard of the pilot asked about
        raise UsageError(cli_words()("cli.msg.git.not_a_repository", path=path)) from None
    except git.NoSuchPathError:
        speak_named_pilots()
        raise UsageError(cli_words()("cli.msg.git.no_path", path=path)) from None
    try:
        valid = repo.head.is_valid()
    except ValueError:  # GitPython cannot parse the ref: SHA-256 ids
        valid = False
    if not valid:
        _refuse_unreadable(str(repo.working_dir))
        if need_head:
            raise _no_head(str(repo.working_dir))
    return repo


def _no_head(folder: str) -> UserError:
    """Why ``HEAD`` names no commit: no branch has one yet, or ``HEAD`` is on a branch that
    has none while others do (``git checkout --orphan``, ``git init`` and a fetch), where
    "no commits yet" would be wrong; then the message names the branches to switch to."""
    from bygdevekst_cli.repository import folder_named

    listed = ["for-each-ref", "--format=%(refname)", "refs/heads/", "refs/remotes/"]
    refs = [r for r in call_in(folder, listed)[1].splitlines() if not r.endswith("/HEAD")]
    speak_named_pilots()  # in the written standard of the pilot asked about
    w = cli_words()
    shown = folder_named(Path(folder), Path.cwd(), w)  # as the user can type it
    if not refs:
        return UserError(w("cli.msg.git.no_commits", folder=shown))
    local = [r.removeprefix("refs/heads/") for r in refs if r.startswith("refs/heads/")]
    remote = [r.removeprefix("refs/remotes/") for r in refs if r.startswith("refs/remotes/")]
    branch = call_in(folder, ["symbolic-ref", "--short", "-q", "HEAD"])[1] or "HEAD"
    # a branch only fetched (``origin/main``) is checked out as a branch of its own
    switch = f"git switch {local[0]}" if local else f"git switch -c {branch} {remote[0]}"
    message = w(
        "cli.msg.git.unborn_branch",
        folder=shown,
        branch=branch,
        branches=", ".join(local + remote),
        switch=switch,
    )
    return UserError(message)


def _refuse_unreadable(folder: str) -> None:
    """Why HEAD does not read, when it is not that there are no commits yet: git refuses
    a repository another user owns (a container's checkout, a shared folder), and
    GitPython reads no repository of SHA-256 objects; it opens both all the same."""
    status, output, said = run_in(folder, ["rev-parse", "--show-object-format"])
    if status != 0 and "dubious ownership" in said:
        raise UnsafeRepository(folder=folder)
    if status == 0 and output.strip() != "sha1":
        raise UserError(
            cli_words()("cli.msg.git.object_format", folder=folder, format=output.strip())
        )
    _refuse_damaged(folder, "HEAD")


_HEX_ID = re.compile(r"[0-9a-fA-F]{4,64}")


def _refuse_damaged(folder: str, revision: str) -> None:
    """A ``UserError`` with git's reason in the command line's words when git knows the name
    ``revision`` but cannot read its commit (a damaged repository, an object gone): said
    otherwise, it would be "no commits yet" or "no such revision". A commit id git has no
    object for is only not there: git "verifies" any id of full length."""
    name = ["rev-parse", "-q", "--verify", "--end-of-options", revision]
    if _HEX_ID.fullmatch(revision) or call_in(folder, name)[0] != 0:
        return
    status, _, said = run_in(folder, ["log", "-1", "--format=%H", "--end-of-options", revision])
    if status != 0:
        detail = explain_git(said, folder, status)
        message = cli_words()("cli.msg.git.unreadable_revision", revision=revision, detail=detail)
        raise UserError(message)


def stores_crlf_as_lf(path: Path, data: bytes) -> bool:
    """Whether git stores ``data``, as the file ``path`` of its repository, with LF where
    ``data`` has CRLF (``core.autocrlf``, a ``text`` or ``eol`` attribute).

    Then CRLF in the working tree is git's doing on checkout (Git for Windows' default), not
    the file's: git asked to hash ``data`` at that path gives the blob of its LF text. False
    outside a repository and without git (one ``rev-parse`` tells, before any hashing).
    """
    folder = str(path.parent)
    if call_in(folder, ["rev-parse", "--is-inside-work-tree"]) != (0, "true"):
        return False
    stored = run_in(folder, ["hash-object", "--stdin", f"--path={path.name}"], data)
    plain = data.replace(b"\r\n", b"\n")
    with_lf = run_in(folder, ["hash-object", "--stdin", "--no-filters"], plain)
    return stored[0] == 0 and stored[:2] == with_lf[:2]


def git_folder_instead(path: Path, name: str) -> str | None:
    """What to give instead, when a command that reads a pilot's working tree was given a
    repository's git folder (``repo/.git``) or a bare repository: it holds no files of
    the pilot, and "no pilot.yaml" would leave the user guessing. None for other folders
    (the look is at the files git keeps, so an ordinary folder costs no ``git``)."""
    if not all((path / part).exists() for part in ("HEAD", "objects", "refs")):
        return None
    status, bare = call_in(str(path), ["rev-parse", "--is-bare-repository"])
    if status != 0:
        return None
    w = cli_words()
    if bare.strip() == "true":
        return w("cli.suggest.no_working_tree", name=name)
    # as the user wrote it: beside ``.git``, the first pilot of the working tree's pilots/
    worktree = path.parent if path.name == ".git" else None
    pilots = [] if worktree is None else sorted((worktree / PILOTS_DIR).glob(f"*/{PILOT_FILE}"))
    pilot = pilots[0].parent.name if pilots else "PILOT-ID"
    example = Path(name).parent / PILOTS_DIR / pilot if worktree is not None else "PILOT-ID"
    return w("cli.suggest.git_folder", name=name, example=example)


def open_checkout(path: Path) -> Checkout:
    """The repository that holds ``path``, as ``open_repository`` finds it, opened with
    one ``git rev-parse``; anything out of the ordinary (no repository, no commits yet,
    ``$GIT_DIR`` set) goes through ``open_repository``, which says what is wrong."""
    if not any(name in os.environ for name in ("GIT_DIR", "GIT_WORK_TREE")):
        asked = ["rev-parse", "--show-toplevel", "--git-common-dir", "--verify", "-q", "HEAD"]
        status, output = call_in(str(path), asked)
        lines = output.splitlines()
        if status == 0 and len(lines) == 3:  # the common folder is relative to ``path``
            return Checkout(lines[0], str((path / lines[1]).resolve()))
    repo = open_repository(path)
    checkout = Checkout(str(repo.working_dir), str(repo.common_dir))
    checkout.__dict__["repo"] = repo  # already open: ``repo`` gives this one
    return checkout


def find_commit(repo: GitPlace, revision: str) -> git.Commit | None:
    """The commit ``revision`` names, if its object is present; else None.

    GitPython resolves ``HEAD~1`` from the child's parent line without reading the parent,
    so a commit cut off by a shallow clone looks found until its tree is read: read it here.
    """
    import git

    if _SHORT_ID.fullmatch(revision):
        revision = _commit_id(repo, revision) or revision
    if isinstance(repo, Checkout):
        repo = repo.repo

    try:
        commit = repo.commit(revision)
        _ = commit.tree
    except (git.BadName, git.BadObject, ValueError, IndexError, git.GitCommandError):
        return None
    return commit


_SHORT_ID = re.compile(r"[0-9a-fA-F]{4,39}")
"""An abbreviated object id (git reads one of 4 characters or more)."""


def _commit_id(repo: GitPlace, revision: str) -> str | None:
    """The full id of the commit ``revision`` names where git expects a commit
    (``<revision>^{commit}``), as ``git log`` reads it. GitPython looks an abbreviated id
    up among all objects: a folder or file whose id begins alike (for 4 or 5 characters,
    likely in a repository of a few thousand objects) made it find no commit at all."""
    asked = ["rev-parse", "-q", "--verify", "--end-of-options", f"{revision}^{{commit}}"]
    status, found = call_in(str(repo.working_dir), asked)
    return found.strip() if status == 0 and found.strip() else None


def ambiguous_commits(repo: GitPlace, revision: str) -> list[str]:
    """``<id> «<subject>»`` of each commit whose id begins with ``revision``, when that is an
    abbreviated id that names more than one commit (git then takes none of them: the id
    was unique when written, and later commits share it); else empty."""
    if not _SHORT_ID.fullmatch(revision):
        return []
    folder = str(repo.working_dir)
    status, listing = call_in(folder, ["rev-parse", f"--disambiguate={revision.lower()}"])
    objects = listing.split() if status == 0 else []
    if len(objects) < 2:
        return []
    asked = ["cat-file", "--batch-check=%(objectname) %(objecttype)"]
    kinds = run_in(folder, asked, listing.encode())
    commits = [line.split()[0] for line in kinds[1].splitlines() if line.endswith(" commit")]
    if len(commits) < 2:
        return []
    shown = ["log", "--no-walk=unsorted", "--encoding=UTF-8", "--format=%h «%s»", *commits]
    status, output = call_in(folder, shown)
    return [legacy_text(line) for line in output.splitlines()] if status == 0 else commits


def names_no_commit(repo: GitPlace, revision: str) -> bool:
    """Whether ``revision`` names a folder's tree or a file git has, not a commit: a tree's
    or a file's id (in full or abbreviated), ``HEAD:plans``, ``<commit>:pilots/x``,
    ``HEAD^{tree}``, or a tag of one. Asked of ``git cat-file --batch-check``, which reads
    the name from its input (never as an option) and says ``missing`` of an object it does
    not have (``rev-parse --verify`` takes any id of 40 digits); a tag is asked again
    peeled (``^{}``), which a name of a path in a tree cannot take."""
    if not revision.strip() or "\n" in revision:
        return False
    asked = ["cat-file", "--batch-check=%(objecttype)"]
    names = f"{revision}\n{revision}^{{}}\n".encode()
    status, output, _ = run_in(str(repo.working_dir), asked, names, environment_of(repo))
    kinds = output.split("\n") if status == 0 else []
    if len(kinds) != 2:
        return False
    kind, peeled = kinds
    return kind in _NO_COMMIT or (kind == "tag" and peeled in _NO_COMMIT)


_NO_COMMIT = ("tree", "blob")


def ambiguous_revision(repo: GitPlace, revision: str, folder: object) -> UsageError | None:
    """The error that says ``revision`` is an abbreviated id of several commits (with
    them, so that the user can write the one meant in full); None when it is not."""
    candidates = ambiguous_commits(repo, revision)
    if not candidates:
        return None
    message = cli_words()(
        "cli.msg.git.ambiguous_revision",
        revision=revision,
        folder=folder,
        candidates=", ".join(candidates),
    )
    return UsageError(message)


_BRANCHES = ("refs/heads/", "refs/remotes/")


def follows_a_branch(repo: git.Repo, revision: str) -> bool:
    """Whether ``revision`` is a branch (``main``, ``origin/vedtak``) or is counted from one
    (``main~2``): it names another commit once the branch has a new one. The name is looked
    up where git looks first (``git help revisions``: a tag before a branch), in the refs
    GitPython reads without running git."""
    import git

    name = _RELATIVE.split(revision, maxsplit=1)[0]
    if not name:
        return False
    places = ("", "refs/", "refs/tags/", "refs/heads/", "refs/remotes/")
    for candidate in [f"{place}{name}" for place in places] + [f"refs/remotes/{name}/HEAD"]:
        try:
            found = git.SymbolicReference(repo, candidate).is_valid()
        except (ValueError, OSError):  # a name no ref can have
            return False
        if found:
            return candidate.startswith(_BRANCHES)
    return False


_MOVING_NAMES = frozenset(
    {
        "HEAD",
        "FETCH_HEAD",
        "ORIG_HEAD",
        "MERGE_HEAD",
        "CHERRY_PICK_HEAD",
        "REVERT_HEAD",
        "REBASE_HEAD",
        "BISECT_HEAD",
        "AUTO_MERGE",
        "stash",
        "refs/stash",
    }
)
"""The names git itself moves (``git help revisions``): what is checked out, what was
fetched or merged last, the top of the stash."""


def moves_by_itself(revision: str) -> bool:
    """Whether ``revision`` names a commit by where git is or has been rather than by what
    it is: ``HEAD`` and the other names git moves (``HEAD~2`` counts from one), ``@``, a
    reflog entry or upstream (``main@{1}``, ``@{u}``), a search of commit messages
    (``:/text``). Each names another commit after the next commit, fetch or merge, whatever
    the repository holds; read from the text alone, without git."""
    if "@{" in revision or revision.startswith(":/"):
        return True
    name = _RELATIVE.split(revision, maxsplit=1)[0]
    return name in _MOVING_NAMES or (not name and revision.startswith("@"))


_PLAIN_REVISION = re.compile(r"[A-Za-z0-9_-]+(?:[./][A-Za-z0-9_-]+)*")
"""A revision written as a name or an id (a tag, a branch, a commit id): git and GitPython
look these up alike (GitPython asks ``git cat-file`` for an abbreviated id), while their
rules for the rest (``HEAD~1``, ``main@{1}``, ``:/text``) differ."""


def commits_named(repo: GitPlace, revisions: Sequence[str]) -> list[str | None]:
    """The commit each revision names, as ``find_commit`` finds it (None: none): a
    ``Checkout`` asks for plain names and ids with one ``git cat-file``, GitPython for the
    rest."""
    plain = [r for r in revisions if _PLAIN_REVISION.fullmatch(r)]
    found = peeled_commits(repo, plain) if isinstance(repo, Checkout) and plain else {}
    named = []
    for revision in revisions:
        if revision in found:
            named.append(found[revision])
        else:
            commit = find_commit(repo, revision)
            named.append(None if commit is None else str(commit.hexsha))
    return named


def peeled_commits(repo: GitPlace, revisions: list[str]) -> dict[str, str | None]:
    """The commit of each revision, from one ``git cat-file --batch-check`` (``<rev>^0``:
    a tag is followed to its commit); empty when git cannot be asked."""
    wanted = list(dict.fromkeys(revisions))
    try:
        done = subprocess.run(
            [git_executable(), "cat-file", "--batch-check"],
            input="".join(f"{r}^0\n" for r in wanted).encode(),
            capture_output=True,
            env=environment_of(repo),
            cwd=repo.working_dir,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return {}
    lines = done.stdout.decode("ascii", "replace").splitlines()
    if len(lines) != len(wanted):
        return {}
    found: dict[str, str | None] = {}
    for revision, line in zip(wanted, lines, strict=True):
        fields = line.split()
        found[revision] = fields[0] if len(fields) == 3 and fields[1] == "commit" else None
    return found


def resolve_commit(
    repo: git.Repo, revision: str, place: str | None = None, *, unshallow: bool = False
) -> git.Commit:
    """The commit ``revision`` names; in a shallow clone, say exactly what to fetch.
    ``place``: the repository as the user named it, when its folder is not (a URL cloned
    into a temporary folder). ``unshallow``: the command goes on to need the history that
    joins the revision to HEAD (``check``'s merge base), so the fetch brings that too."""
    if not revision.strip() or revision.endswith("/"):  # a CI variable that is not set
        raise UsageError(cli_words()("cli.msg.git.empty_revision", revision=revision))
    commit = find_commit(repo, revision)
    if commit is not None:
        return commit
    speak_named_pilots()  # refused in the written standard of the pilot the command names
    if is_shallow(repo):
        fetch = fetch_advice(revision, unshallow=unshallow)
        message = cli_words()("cli.msg.git.shallow_revision", revision=revision, fetch=fetch)
        raise UsageError(message)
    folder = place or repo.working_dir
    ambiguous = ambiguous_revision(repo, revision, folder)
    if ambiguous is not None:
        raise ambiguous
    if place is None:
        _refuse_damaged(str(repo.working_dir or repo.git_dir), revision)
    unfetched = unfetched_branch(repo, revision)
    if unfetched is not None:
        remote, branch = unfetched
        fetch = f"git fetch {remote} {branch}:refs/remotes/{remote}/{branch}"
        message = cli_words()(
            "cli.msg.git.unfetched_branch",
            revision=revision,
            folder=folder,
            remote=remote,
            branch=branch,
            fetch=fetch,
        )
        raise UsageError(message)
    raise UsageError(cli_words()("cli.msg.git.no_revision", revision=revision, folder=folder))


def unfetched_branch(repo: git.Repo, revision: str) -> tuple[str, str] | None:
    """``(remote, branch)`` when ``revision`` (which names no commit here) is a branch of a
    remote of the repository (``origin/main``, ``origin/main~1``) that the clone has not
    fetched: a clone with ``--single-branch`` (CI's checkout) has its own branch alone, and
    "not found" would leave the user guessing what to fetch."""
    name = _RELATIVE.split(revision, maxsplit=1)[0].removeprefix("refs/remotes/")
    remote, _, branch = name.partition("/")
    if not branch or remote not in {r.name for r in repo.remotes}:
        return None
    return remote, branch


#: The fetch that brings a shallow clone's whole history.
UNSHALLOW = "git fetch --unshallow"


class ShallowHistory(UsageError):
    """``ShallowHistory(fetch=...)``: the history a command needs is cut off by a shallow
    clone; ``fetch`` is the command that brings it (exit 2, as for a missing base)."""

    key = "shallow.history"


def is_shallow(repo: GitPlace) -> bool:
    return Path(repo.common_dir, "shallow").is_file()


def shallow_boundary(repo: GitPlace) -> frozenset[str]:
    """The commits whose parents a shallow clone cut off (git's ``shallow`` file; empty
    in a full clone). git shows each as a commit without parents that added every file it
    holds: what it really changed, and all before it, is not in the clone."""
    try:
        listed = Path(repo.common_dir, "shallow").read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return frozenset()
    return frozenset(listed.split())


def fetch_advice(revision: str, *, unshallow: bool = False) -> str:
    """The fetch that brings ``revision`` into a shallow clone; with ``unshallow``, in the
    same fetch, the history of the commit checked out, which a depth-1 clone cuts off
    before any common ancestor (fetching the revision alone then ends in a second stop)."""
    if _RELATIVE.search(revision):
        return "git fetch --deepen=50 origin"
    flag = " --unshallow" if unshallow else ""
    if revision.startswith("origin/"):
        branch = revision.removeprefix("origin/")
        return f"git fetch{flag} origin {branch}:refs/remotes/origin/{branch}"
    return f"git fetch{flag} origin {revision}"


def repository_path(repo: GitPlace, path: Path) -> str:
    """``path`` relative to the repository root, with ``/``."""
    root = Path(repo.working_dir).resolve()
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        raise UserError(cli_words()("cli.msg.git.outside", path=path, root=root)) from None


def tree_folder(repo: GitPlace, path: Path) -> str:
    """``path`` as a folder of the repository's trees: relative to its root, ``""`` for the
    root itself (``repository_path`` gives ``.`` there, a name no tree holds) and for the
    repository's git folder (``repo/.git`` named as the repository: no tree holds it)."""
    if path.resolve() == Path(repo.common_dir).resolve():
        return ""
    folder = repository_path(repo, path)
    return "" if folder == "." else folder


def tree_source(commit: git.Commit, folder: str) -> GitTreeSource:
    """The pilot ``folder`` (``tree_folder``) as it is in ``commit``: a pilot at the root
    of the repository leaves out the names that start with a dot, as in a working tree."""
    return GitTreeSource(commit, folder, hidden=bool(folder))


@contextlib.contextmanager
def object_reads(commit: git.Commit, file: str) -> Iterator[None]:
    """Reading ``file`` (its path in the repository) at ``commit`` from GitPython's object
    database: an object that is not there (GitPython says ``ValueError``, as its
    ``cat-file`` does not find it) is a ``MissingObject`` naming the file and commit."""
    import git

    try:
        yield
    except (ValueError, git.BadObject, git.GitCommandError):
        folder = commit.repo.working_tree_dir or commit.repo.git_dir
        raise MissingObject(file=file, revision=commit.hexsha[:12], folder=folder) from None


def source_folder_in(commit: git.Commit, folder: str) -> bool:
    """Whether ``folder`` (relative to the repository root) is a folder in ``commit``."""
    with object_reads(commit, folder):
        try:
            return (commit.tree / folder).type == "tree"
        except KeyError:
            return False


@dataclass(frozen=True)
class GitTreeSource:
    """A pilot folder as it is in one commit (implements ``pilotset.FileSource``); its
    symbolic links read as in a working tree (``gitlinks``)."""

    commit: git.Commit
    folder: str
    """The pilot folder relative to the repository root (``""``: the root itself)."""
    hidden: bool = True
    """Whether files and folders whose names start with a dot are read (a pilot at the
    root of a repository leaves them out, as in a working tree)."""

    def yaml_files(self) -> list[str]:
        return sorted(self._listing.files)

    def unfollowed_links(self) -> list[tuple[str, str]]:
        return self._listing.unfollowed

    @functools.cached_property
    def _listing(self) -> Listing:
        with object_reads(self.commit, self.folder or "."):
            try:
                return list_folder(self.commit, self.folder, hidden=self.hidden)
            except KeyError:  # the folder is not in the commit
                return Listing({}, [])

    def read(self, relative: str) -> bytes:
        path = self._listing.files.get(relative) or posixpath.join(self.folder, relative)
        with object_reads(self.commit, path):
            data: bytes = (self.commit.tree / path).data_stream.read()
        return data
