"""Running git for the git readers (``gitsource``, ``gitlog``, ``gitblobs``, ``gittags``).

A repository is GitPython's or a ``Checkout`` asked through ``git`` processes; every git
problem a user can meet becomes a ``UserError`` in the command line's words
(``explain_git``), with what to do.
"""

from __future__ import annotations

import functools
import importlib
import re
import subprocess
import sys
from typing import TYPE_CHECKING, TypeAlias

from bygdevekst_cli.errors import UserError
from bygdevekst_cli.gitprogram import (
    NO_PROMPTS,
    git_environment,
    git_executable,
    remote_environment,
    without_password,
)
from bygdevekst_cli.language import cli_words

if TYPE_CHECKING:
    import git


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
        status, output, _ = run_in(self.working_dir, list(arguments), env=self.environment)
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


def call_in(cwd: str, arguments: list[str]) -> tuple[int, str]:
    status, output, _ = run_in(cwd, arguments)
    return status, output


def run_in(
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


_UNDECODED = re.compile("[\udc80-\udcff]")
"""A byte that was not UTF-8, as ``surrogateescape`` keeps it."""


def legacy_text(text: str) -> str:
    """A name or message from git with its bytes that are not UTF-8 read as Latin-1.

    ``--encoding=UTF-8`` converts only commits that name their encoding; one written by an
    old tool without that header is passed on byte for byte, and its ``ø`` in Latin-1 would
    go into the output as a byte no reader can decode (or a lone surrogate in JSON).
    """
    return _UNDECODED.sub(lambda undecoded: chr(ord(undecoded[0]) - 0xDC00), text)
