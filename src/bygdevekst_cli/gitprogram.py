"""The one ``git`` program every part of the tool runs, as GitPython runs it.

A module of its own, importing nothing, so that a command that only asks ``git status``
(``render``'s provenance) does not load the git readers of ``gitsource`` for it.
"""

from __future__ import annotations

import os


def git_executable() -> str:
    """The ``git`` GitPython runs (``$GIT_PYTHON_GIT_EXECUTABLE``, else ``git``): every git
    the tool runs itself is this one, as a machine whose git is not on ``PATH`` names it."""
    return os.environ.get("GIT_PYTHON_GIT_EXECUTABLE") or "git"
