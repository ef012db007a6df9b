"""The project's exceptions. Only problems that stop a run are exceptions; the rest are findings."""

from __future__ import annotations


class BygdevekstError(Exception):
    """Root of every error this package raises on purpose."""


class UserError(BygdevekstError):
    """A problem the user can fix; its message is shown as is, without a traceback."""

    exit_code = 1


class UsageError(UserError):
    """Bad command-line use: an unknown option value, a path that does not exist."""

    exit_code = 2
