"""The one ``git`` program every part of the tool runs, as GitPython runs it.

A module of its own, importing nothing of the tool, so that a command that only asks ``git status``
(``render``'s provenance) does not load the git readers of ``gitsource`` and ``gitlog`` for it.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path


def git_executable() -> str:
    """The ``git`` GitPython runs (``$GIT_PYTHON_GIT_EXECUTABLE``, else ``git``): every git
    the tool runs itself is this one, as a machine whose git is not on ``PATH`` names it."""
    return os.environ.get("GIT_PYTHON_GIT_EXECUTABLE") or "git"


NO_PROMPTS = {
    "GIT_TERMINAL_PROMPT": "0",  # git's own "Username for …:" on the terminal
    "GCM_INTERACTIVE": "never",  # Git Credential Manager's sign-in window
    "SSH_ASKPASS_REQUIRE": "never",  # ssh's graphical password window
}
"""What keeps git from asking anyone anything: a server that wants credentials the
machine does not have is then a failure git reports at once, where a prompt would hang a
CI job (no terminal) until it timed out. Credential helpers that answer without asking
(a token in CI, a keychain) still answer, and a ``GIT_ASKPASS`` the user set is theirs."""


def git_environment() -> dict[str, str]:
    """The environment every ``git`` the tool runs gets: the user's, in the C locale (git's
    messages in English, as the tool reads them, as GitPython runs git) and with no
    prompts (``NO_PROMPTS``)."""
    return {**os.environ, "LANGUAGE": "C", "LC_ALL": "C", **NO_PROMPTS}


def batch_ssh(configured: str | None) -> dict[str, str]:
    """The ssh command for git that never asks for a password or passphrase (``BatchMode``:
    a key that works, or a failure): the user's own (``$GIT_SSH_COMMAND``, else
    ``configured``, their ``core.sshCommand``, else ``ssh``) with that option added. Empty
    when ``$GIT_SSH`` names a program of the user's, whose options the tool cannot add to."""
    if "GIT_SSH_COMMAND" not in os.environ and os.environ.get("GIT_SSH"):
        return {}
    command = os.environ.get("GIT_SSH_COMMAND") or configured or "ssh"
    return {"GIT_SSH_COMMAND": f"{command} -o BatchMode=yes"}


def configured_ssh(folder: str | Path) -> str | None:
    """The user's own ssh command for git (``core.sshCommand``, as git reads it in
    ``folder``), which batch mode extends; None when there is none, or when
    ``$GIT_SSH_COMMAND`` or ``$GIT_SSH`` (which git takes first) make it of no account."""
    if os.environ.get("GIT_SSH_COMMAND") or os.environ.get("GIT_SSH"):
        return None
    try:
        done = subprocess.run(
            [git_executable(), "config", "--get", "core.sshCommand"],
            cwd=folder,
            capture_output=True,
            text=True,
            errors="replace",
            check=False,
            env=git_environment(),
        )
    except OSError:  # no git, or no folder: the git that follows says so in its words
        return None
    return done.stdout.strip() or None


def remote_environment(working_dir: str, common_dir: str) -> dict[str, str]:
    """What more the git processes run in a repository need so that ssh never asks (batch
    mode, ``batch_ssh``), when they can reach a remote: in a partial clone (``git clone
    --filter=blob:none``, as CI's checkout can make) any process that reads a file git has
    not fetched yet (a blob of an older commit, one compared to find a rename) fetches it
    from the remote, through ssh for an ``ssh://`` or ``git@host:`` remote. Empty for any
    other repository, where no git the tool runs reaches a remote; so the user's
    ``core.sshCommand`` (one ``git config``) is asked only in a partial clone."""
    # a partial clone's packs from its remote are marked ``.promisor``, from the first fetch
    if not any(Path(common_dir, "objects", "pack").glob("*.promisor")):
        return {}
    return batch_ssh(configured_ssh(working_dir))


_URL_PASSWORD = re.compile(r"(?P<start>\b[a-zA-Z][a-zA-Z0-9+.-]*://[^/:@\s']*):[^/@\s']*@")
"""The password of a URL's ``user:password@`` (to be left out wherever a URL is shown)."""


def without_password(text: str) -> str:
    """``text`` with the password of every URL in it left out (``https://kari@host/…``
    for ``https://kari:hemmeleg@host/…``): a URL the user gave with credentials in it is
    named in messages and CI logs, and what git says of it may repeat it."""
    return _URL_PASSWORD.sub(r"\g<start>@", text)
