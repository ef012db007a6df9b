"""The one ``git`` program every part of the tool runs, as GitPython runs it.

A module of its own, importing nothing of the tool, so that a command that only asks ``git status``
(``render``'s provenance) does not load the git readers of ``gitsource`` for it.
"""

from __future__ import annotations

import os
import re


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


_URL_PASSWORD = re.compile(r"(?P<start>\b[a-zA-Z][a-zA-Z0-9+.-]*://[^/:@\s']*):[^/@\s']*@")
"""The password of a URL's ``user:password@`` (to be left out wherever a URL is shown)."""


def without_password(text: str) -> str:
    """``text`` with the password of every URL in it left out (``https://kari@host/…``
    for ``https://kari:hemmeleg@host/…``): a URL the user gave with credentials in it is
    named in messages and CI logs, and what git says of it may repeat it."""
    return _URL_PASSWORD.sub(r"\g<start>@", text)
