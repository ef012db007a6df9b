"""Reading a pilot from git objects at any revision, without a checkout.

Every git problem a user can meet (no repository, no commits yet, an unknown revision, a
shallow clone without the base) becomes a ``UserError`` that says what to do.

The history reads git in bulk: one ``git log --raw`` for the blob ids every commit changed,
one ``git cat-file --batch`` for the blobs themselves, one ``git for-each-ref`` for tags.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
import posixpath
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from bygdevekst_cli.errors import UsageError, UserError
from bygdevekst_cli.gitlinks import (
    LINK_BROKEN,
    LINK_MODE,
    Entry,
    Listing,
    Lookup,
    Read,
    follow,
    list_folder,
)
from bygdevekst_cli.gitprogram import (
    NO_PROMPTS,
    git_environment,
    git_executable,
    remote_environment,
    without_password,
)
from bygdevekst_cli.language import cli_words, speak_named_pilots
from bygdevekst_cli.pilotfolder import PILOT_FILE, PILOTS_DIR

if TYPE_CHECKING:
    import git

_RECORD = "\x1e"
_FIELD = "\x1f"
_CO_AUTHOR = "\x1d"
LOG_FORMAT = _RECORD + _FIELD.join(
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
_RELATIVE = re.compile(r"[~^@:]")

_LINK_MODE_TEXT = f"{LINK_MODE:06o}"
"""``120000``, a link's mode as ``git log --raw`` writes it."""
SUBMODULE_MODE = "160000"
"""A submodule's mode as ``git log --raw`` writes it (its "blob" is the submodule's commit)."""


class NoGit(UserError):
    """``NoGit(program=...)``: there is no ``git`` program to run."""

    key = "cli.msg.git.no_git"


class UnsafeRepository(UserError):
    """``UnsafeRepository(folder=...)``: git refuses a repository another user owns."""

    key = "cli.msg.git.unsafe"


class MissingObject(UserError):
    """``MissingObject(file=..., revision=..., folder=...)``: a git object a command needs is
    not in the repository (a damaged one, or a partial clone that cannot reach its remote)."""

    key = "cli.msg.git.missing_object"


def require_gitpython() -> None:
    """Import GitPython, which runs ``git`` as it is imported and fails without one: that
    is a ``NoGit`` naming the program, not a traceback. Call before ``import git``."""
    try:
        importlib.import_module("git")
    except ImportError:
        raise NoGit(program=git_executable()) from None


def quiet(repo: git.Repo) -> git.Repo:
    """``repo`` with the git GitPython runs for it kept from asking for credentials
    (``gitprogram.NO_PROMPTS``, ssh in batch mode): a partial clone fetches what it lacks
    from its remote."""
    folder = str(repo.working_tree_dir or repo.git_dir)
    repo.git.update_environment(**NO_PROMPTS, **remote_environment(folder, str(repo.common_dir)))
    return repo


def open_repository(path: Path, *, need_head: bool = True) -> git.Repo:
    """The repository that holds ``path``; ``need_head=False``: also one whose ``HEAD``
    names no commit (a bare repository whose default branch was never pushed, read at a
    revision the user names)."""
    require_gitpython()
    import git

    try:
        repo = quiet(git.Repo(path, search_parent_directories=True))
    except git.InvalidGitRepositoryError:
        raise UsageError(cli_words()("cli.msg.git.not_a_repository", path=path)) from None
    except git.NoSuchPathError:
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
    listed = ["for-each-ref", "--format=%(refname)", "refs/heads/", "refs/remotes/"]
    refs = [r for r in _call(folder, listed)[1].splitlines() if not r.endswith("/HEAD")]
    if not refs:
        return UserError(cli_words()("cli.msg.git.no_commits", folder=folder))
    local = [r.removeprefix("refs/heads/") for r in refs if r.startswith("refs/heads/")]
    remote = [r.removeprefix("refs/remotes/") for r in refs if r.startswith("refs/remotes/")]
    branch = _call(folder, ["symbolic-ref", "--short", "-q", "HEAD"])[1] or "HEAD"
    # a branch only fetched (``origin/main``) is checked out as a branch of its own
    switch = f"git switch {local[0]}" if local else f"git switch -c {branch} {remote[0]}"
    message = cli_words()(
        "cli.msg.git.unborn_branch",
        folder=folder,
        branch=branch,
        branches=", ".join(local + remote),
        switch=switch,
    )
    return UserError(message)


def _refuse_unreadable(folder: str) -> None:
    """Why HEAD does not read, when it is not that there are no commits yet: git refuses
    a repository another user owns (a container's checkout, a shared folder), and
    GitPython reads no repository of SHA-256 objects; it opens both all the same."""
    status, output, said = _run(folder, ["rev-parse", "--show-object-format"])
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
    if _HEX_ID.fullmatch(revision) or _call(folder, name)[0] != 0:
        return
    status, _, said = _run(folder, ["log", "-1", "--format=%H", "--end-of-options", revision])
    if status != 0:
        detail = explain_git(said, folder, status)
        message = cli_words()("cli.msg.git.unreadable_revision", revision=revision, detail=detail)
        raise UserError(message)


class Checkout:
    """A repository asked through ``git`` processes, as GitPython asks it, without
    importing GitPython (about 120 ms, the largest part of a cached ``history``).

    ``repo`` opens GitPython's view of the same repository for what still needs it
    (resolving an ``adopted_revision``), and a failing command is run again through it
    so that the message is the one GitPython gives.
    """

    def __init__(self, working_dir: str, common_dir: str) -> None:
        self.working_dir = working_dir
        self.common_dir = common_dir

    @functools.cached_property
    def repo(self) -> git.Repo:
        import git

        return quiet(git.Repo(self.working_dir))

    @functools.cached_property
    def environment(self) -> dict[str, str]:
        """The environment of its git processes: ``git_environment``, and ssh in batch
        mode where they can reach a remote (``gitprogram.remote_environment``)."""
        return {**git_environment(), **remote_environment(self.working_dir, self.common_dir)}

    def call(self, command: str, *arguments: str) -> tuple[int, str]:
        """``git <command> <arguments>`` run as GitPython runs it (in the working tree, in
        the C locale, no input, one trailing newline dropped): its status and output."""
        arguments = (command.replace("_", "-"), *arguments)
        status, output, _ = _run(self.working_dir, list(arguments), env=self.environment)
        return status, output


GitPlace: TypeAlias = "git.Repo | Checkout"
"""A repository: GitPython's, or one asked through ``git`` processes."""


def environment_of(repo: GitPlace) -> dict[str, str]:
    """The environment of a git process the tool runs itself in ``repo``
    (``Checkout.environment``); a GitPython repository's is what ``quiet`` gave its git
    (every one the tool opens is made quiet), not looked up again for each process."""
    if isinstance(repo, Checkout):
        return repo.environment
    return {**git_environment(), **repo.git.environment()}


def _call(cwd: str, arguments: list[str]) -> tuple[int, str]:
    status, output, _ = _run(cwd, arguments)
    return status, output


def _run(
    cwd: str, arguments: list[str], data: bytes | None = None, env: dict[str, str] | None = None
) -> tuple[int, str, str]:
    """``git <arguments>`` in ``cwd`` as GitPython runs it (the C locale, no input unless
    ``data``, one trailing newline dropped; ``env``, default ``git_environment()``): its
    status, output and error output (-1: no git)."""
    try:
        done = subprocess.run(
            [git_executable(), *arguments],
            cwd=cwd,
            env=env or git_environment(),
            stdin=subprocess.DEVNULL if data is None else None,
            input=data,
            capture_output=True,
            check=False,
        )
    except OSError:
        return -1, "", ""
    encoding = sys.getfilesystemencoding()
    output = done.stdout.decode(encoding, "surrogateescape").removesuffix("\n")
    return done.returncode, output, done.stderr.decode(encoding, "replace")


def stores_crlf_as_lf(path: Path, data: bytes) -> bool:
    """Whether git stores ``data``, as the file ``path`` of its repository, with LF where
    ``data`` has CRLF (``core.autocrlf``, a ``text`` or ``eol`` attribute).

    Then CRLF in the working tree is git's doing on checkout (Git for Windows' default), not
    the file's: git asked to hash ``data`` at that path gives the blob of its LF text. False
    outside a repository and without git (one ``rev-parse`` tells, before any hashing).
    """
    folder = str(path.parent)
    if _call(folder, ["rev-parse", "--is-inside-work-tree"]) != (0, "true"):
        return False
    stored = _run(folder, ["hash-object", "--stdin", f"--path={path.name}"], data)
    plain = data.replace(b"\r\n", b"\n")
    with_lf = _run(folder, ["hash-object", "--stdin", "--no-filters"], plain)
    return stored[0] == 0 and stored[:2] == with_lf[:2]


def git_folder_instead(path: Path, name: str) -> str | None:
    """What to give instead, when a command that reads a pilot's working tree was given a
    repository's git folder (``repo/.git``) or a bare repository: it holds no files of
    the pilot, and "no pilot.yaml" would leave the user guessing. None for other folders
    (the look is at the files git keeps, so an ordinary folder costs no ``git``)."""
    if not all((path / part).exists() for part in ("HEAD", "objects", "refs")):
        return None
    status, bare = _call(str(path), ["rev-parse", "--is-bare-repository"])
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
        status, output = _call(str(path), asked)
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
    status, found = _call(str(repo.working_dir), asked)
    return found.strip() if status == 0 and found.strip() else None


def ambiguous_commits(repo: GitPlace, revision: str) -> list[str]:
    """``<id> «<subject>»`` of each commit whose id begins with ``revision``, when that is an
    abbreviated id that names more than one commit (git then takes none of them: the id
    was unique when written, and later commits share it); else empty."""
    if not _SHORT_ID.fullmatch(revision):
        return []
    folder = str(repo.working_dir)
    status, listing = _call(folder, ["rev-parse", f"--disambiguate={revision.lower()}"])
    objects = listing.split() if status == 0 else []
    if len(objects) < 2:
        return []
    asked = ["cat-file", "--batch-check=%(objectname) %(objecttype)"]
    kinds = _run(folder, asked, listing.encode())
    commits = [line.split()[0] for line in kinds[1].splitlines() if line.endswith(" commit")]
    if len(commits) < 2:
        return []
    shown = ["log", "--no-walk=unsorted", "--encoding=UTF-8", "--format=%h «%s»", *commits]
    status, output = _call(folder, shown)
    return [legacy_text(line) for line in output.splitlines()] if status == 0 else commits


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
    found = _peeled(repo, plain) if isinstance(repo, Checkout) and plain else {}
    named = []
    for revision in revisions:
        if revision in found:
            named.append(found[revision])
        else:
            commit = find_commit(repo, revision)
            named.append(None if commit is None else str(commit.hexsha))
    return named


def _peeled(repo: GitPlace, revisions: list[str]) -> dict[str, str | None]:
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


# --- the log -------------------------------------------------------------------------------


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


def run_git(repo: GitPlace, command: str, *arguments: str) -> str:
    """``git <command> <arguments>``; a failure is a ``UserError`` with git's own words."""
    if isinstance(repo, Checkout):
        status, found = repo.call(command, *arguments)
        if status == 0:
            return found
        repo = repo.repo  # failed: asked again through GitPython, for its words
    import git

    try:
        output: str = getattr(repo.git, command)(*arguments)
    except git.GitCommandError as exc:
        # GitPython quotes it: "\n  stderr: '<what git said>'"
        said = str(exc.stderr).strip().removeprefix("stderr: '").removesuffix("'")
        detail = explain_git(said, str(repo.working_dir), exc.status)
        name = command.replace("_", "-")
        raise UserError(cli_words()("cli.msg.git.failed", command=name, detail=detail)) from None
    return output


#: The problems git names most often, by a stable code (their words are
#: ``cli.msg.git.problem.<code>``, with what to do), each with the pattern that finds it in
#: git's error output (``LC_ALL=C``: git's English). Looked for in this order, in all git
#: said: a partial clone whose remote is gone says "does not appear to be a git repository"
#: of the remote first, and "could not fetch … from promisor remote" after it. A ``path``
#: group is the file or folder git names (the one ``safe.directory`` needs), a ``name``
#: group the revision it does not know. Compiled only when git has failed (``re``'s cache).
GIT_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("dubious_ownership", r"dubious ownership in repository at '(?P<path>[^']+)'"),
    ("dubious_ownership", r"dubious ownership|safe\.directory"),
    # a server that wants credentials this machine does not have (git asks for none: see
    # ``gitprogram.NO_PROMPTS``), or refuses those it has: access to it, not to files here
    (
        "needs_access",
        r"terminal prompts disabled|could not read (?:Username|Password) for"
        r"|Authentication failed for|Permission denied \((?:publickey|password|keyboard)"
        r"|HTTP Basic: Access denied|requested URL returned error: 40[13]",
    ),
    ("permission_denied", r"(?i)permission denied|insufficient permission"),
    ("locked", r"Unable to create '(?P<path>[^']+\.lock)': File exists"),
    ("shallow", r"shallow update not allowed|from a shallow repository"),
    (
        "missing_object",
        r"promisor remote|[Cc]ould not read [0-9a-f]{7,}|missing (?:blob|tree|commit) object"
        r"|unable to read (?:tree|blob)|did not receive expected object",
    ),
    (
        "bad_object",
        r"bad object|is corrupt|inflate: data stream error|unable to unpack"
        r"|object file \S+ is empty|bad tree object|broken link from",
    ),
    (
        "not_a_repository",
        r"not a git repository|does not appear to be a git repository"
        r"|repository '[^']*' (?:does not exist|not found)",
    ),
    (
        "unreachable",
        r"unable to access '|Could not read from remote repository|Could not resolve host"
        r"|Connection (?:refused|timed out)",
    ),
    ("unknown_revision", r"(?:bad revision|invalid object name) '(?P<name>[^']+)'"),
    ("unknown_revision", r"ambiguous argument '(?P<name>[^']+)': unknown revision"),
    ("unknown_revision", r"[Nn]ot a valid object name:? '?(?P<name>[^'\s]+)"),
    ("unknown_revision", r"[Cc]ouldn't find remote ref (?P<name>\S+)"),
)


def git_problem(said: str) -> tuple[str, dict[str, str]] | None:
    """The code of the problem git's error output ``said`` names (``GIT_PROBLEMS``), with
    what git names with it (``path``, ``name``); None for a problem the command line has no
    words of its own for."""
    for code, pattern in GIT_PROBLEMS:
        found = re.search(pattern, said)
        if found is not None:
            return code, {k: v for k, v in found.groupdict().items() if v is not None}
    return None


def explain_git(said: str, folder: str, status: object = None) -> str:
    """What went wrong, in the command line's words, for git's error output ``said`` from a
    command run in ``folder`` (or on the URL ``folder``) that ended with ``status``: the
    words of a known problem with what to do, else git's own reason quoted (its first
    ``fatal:`` line), else the status it ended with."""
    w = cli_words()
    said, folder = without_password(said), without_password(folder)
    problem = git_problem(said)
    if problem is not None:
        code, named = problem
        return w(f"cli.msg.git.problem.{code}", **{"path": folder, **named})
    reason = git_reason(said)
    if reason:
        return w("cli.msg.git.problem.unknown", said=reason)
    return w("cli.msg.git.problem.silent", status=status)


def git_reason(stderr: str) -> str:
    """What git said went wrong: its first ``fatal:`` or ``error:`` line (the advice it
    prints after one, such as "and the repository exists.", says nothing alone), else its
    last line; empty when it said nothing."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    reasons = [line for line in lines if line.startswith(("fatal:", "error:"))]
    if reasons:
        return reasons[0]
    return lines[-1] if lines else ""


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
    status, output = _call(str(repo.working_dir), ["check-mailmap", *people])
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


_RECORD_START = re.compile(f"{_RECORD}(?=[0-9a-f]{{40,64}}{_FIELD})")
"""Where a commit's record begins: the separator, then its id (a message may hold the
separators themselves; they are control characters, not forbidden ones)."""


def parse_log(output: str) -> list[LogEntry]:
    entries = []
    for record in _RECORD_START.split(output)[1:]:
        header, _, raw = record.partition("\0")
        # the subject, last, keeps any separator it holds; the header read as one text
        fields = legacy_text(header).split(_FIELD, 6)
        sha, parents, author, email, date, co_authors, subject = fields
        if date == "%aI":  # a date git cannot read (before 1970, say): it leaves the "%aI"
            date = ""
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


_UNDECODED = re.compile("[\udc80-\udcff]")
"""A byte that was not UTF-8, as ``surrogateescape`` keeps it."""


def legacy_text(text: str) -> str:
    """A name or message from git with its bytes that are not UTF-8 read as Latin-1.

    ``--encoding=UTF-8`` converts only commits that name their encoding; one written by an
    old tool without that header is passed on byte for byte, and its ``ø`` in Latin-1 would
    go into the output as a byte no reader can decode (or a lone surrogate in JSON).
    """
    return _UNDECODED.sub(lambda undecoded: chr(ord(undecoded[0]) - 0xDC00), text)


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
        return read_blobs(repo, [sha]).get(sha, b"")

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


def tree_blobs(repo: GitPlace, commit: str, folder: str) -> list[tuple[str, str]]:
    """``(name, blob id)`` of every file directly in ``folder`` at ``commit`` (none when
    the folder is not there), from one ``git ls-tree``."""
    output = run_git(repo, "ls_tree", "-z", commit, "--", folder.rstrip("/") + "/")
    found = []
    for line in output.split("\0"):
        meta, _, path = line.partition("\t")
        fields = meta.split()
        if len(fields) == 3 and fields[1] == "blob":
            found.append((path.rsplit("/", 1)[-1], fields[2]))
    return found


def read_blobs(repo: GitPlace, shas: Iterable[str]) -> dict[str, bytes]:
    """Many blobs through one ``git cat-file --batch``: a process per blob costs ~2 ms."""
    wanted = list(dict.fromkeys(shas))
    if not wanted:
        return {}
    try:
        result = subprocess.run(
            [git_executable(), "cat-file", "--batch"],
            input=("\n".join(wanted) + "\n").encode("ascii"),
            capture_output=True,
            env=environment_of(repo),
            cwd=repo.working_dir,
            check=True,
        )
    except OSError:
        raise NoGit(program=git_executable()) from None
    except subprocess.CalledProcessError as exc:  # in git's words
        said = exc.stderr.decode(sys.getfilesystemencoding(), "replace")
        detail = explain_git(said, str(repo.working_dir), exc.returncode)
        raise UserError(
            cli_words()("cli.msg.git.objects", folder=repo.working_dir, detail=detail)
        ) from None
    return dict(_batch_objects(result.stdout))


def _batch_objects(data: bytes) -> Iterator[tuple[str, bytes]]:
    """Parse ``<sha> <type> <size>\\n<content>\\n`` records; ``<name> missing`` is skipped."""
    position = 0
    while position < len(data):
        end = data.index(b"\n", position)
        header = data[position:end].split()
        position = end + 1
        if len(header) != 3:
            continue
        size = int(header[2])
        yield header[0].decode("ascii"), data[position : position + size]
        position += size + 1


# --- tags ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TagInfo:
    name: str
    """Without ``refs/tags/``."""
    commit: str
    message: str
    """First line of an annotated tag's message; empty for a lightweight tag."""
    tagger: str
    date: str


_TAG_FORMAT = _FIELD.join(
    (
        "%(refname:strip=2)",
        "%(objecttype)",
        "%(objectname)",
        "%(*objectname)",
        "%(*objecttype)",
        "%(taggername)",
        "%(taggerdate:iso-strict)",
        "%(contents:subject)",  # last: free text, which may hold the separator itself
    )
)


def tags_under(repo: GitPlace, prefix: str) -> list[TagInfo]:
    """Tags named ``prefix…`` that point (through an annotated tag) at a commit."""
    output = run_git(repo, "for_each_ref", f"--format={_TAG_FORMAT}", f"refs/tags/{prefix}/")
    records = [
        tuple(map(legacy_text, line.split(_FIELD, 7)))
        for line in output.split("\n")  # not splitlines(): it also splits at \x1c-\x1e
        if line
    ]
    below = commits_below_tags(repo, [r[0] for r in records if r[1] == r[4] == "tag"])
    tags = []
    for name, kind, target, peeled, peeled_kind, tagger, date, subject in records:
        if kind == "commit":
            tags.append(TagInfo(name, target, "", "", ""))
        elif kind == "tag" and (commit := peeled if peeled_kind == "commit" else below.get(name)):
            tags.append(TagInfo(name, commit, subject, tagger, date))
    return tags


def commits_below_tags(repo: GitPlace, names: list[str]) -> dict[str, str]:
    """The commit each tag of a tag (``git tag -a vedtak/… forslag``, where ``forslag`` is
    an annotated tag itself) leads to, by the tag's name: ``git for-each-ref`` peels a tag
    once, which leaves the inner tag. Those that lead to no commit are left out."""
    if not names:
        return {}
    found = _peeled(repo, [f"refs/tags/{name}" for name in names])
    return {name: commit for name in names if (commit := found.get(f"refs/tags/{name}"))}
