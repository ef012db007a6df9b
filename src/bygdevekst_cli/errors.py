"""The project's exceptions. Only problems that stop a run are exceptions; the rest are findings.

An error carries its data as keyword arguments and names its catalogue key (the ``[error]``
table of ``templates/words/<lang>.toml``); it is worded, and its exit code chosen, in one
place at the command line's top (``bygdevekst_cli.app``)::

    raise PilotNotFound(pilot="nye-dalen", known=["vest-telemark", "innlandet"])

A ``UserError`` raised with a plain message (``UserError("...")``) is shown as it is; that
keeps code written before the typed errors working.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from bygdevekst_cli.language import Words


class BygdevekstError(Exception):
    """Root of every error this package raises on purpose."""


class UserError(BygdevekstError):
    """A problem the user can fix; shown as one line without a traceback, exit code 1."""

    exit_code: ClassVar[int] = 1
    key: ClassVar[str | None] = None
    """Catalogue key of the message; None: the message given to the constructor."""

    def __init__(self, message: str | None = None, /, **data: Any) -> None:
        self.data = data
        super().__init__(message if message is not None else self.key or type(self).__name__)

    def message(self, words: Words | None = None) -> str:
        """The message in ``words``'s language (default: the command line's language)."""
        if self.key is None:
            return str(self.args[0])
        if words is None:
            from bygdevekst_cli.language import cli_words

            words = cli_words()
        words = words.sentence(self.key)  # a list in it joined in the sentence's language
        slots = {
            name: (words.join(value) or words("error.none")) if _is_list(value) else value
            for name, value in self.data.items()
        }
        return words(self.key, **slots)

    def __str__(self) -> str:
        return self.message()


def _is_list(value: object) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, str | bytes)


class UsageError(UserError):
    """Bad command-line use: an unknown option value, a path that does not exist. Exit 2."""

    exit_code: ClassVar[int] = 2


class PilotNotFound(UsageError):
    """``PilotNotFound(pilot=..., known=[...])``: no pilot folder by that id or path."""

    key = "error.pilot_not_found"


class NoPilotsFolder(UsageError):
    """``NoPilotsFolder(folder=...)``: the repository (or revision) has no ``pilots/``."""

    key = "error.no_pilots_folder"


class PilotsElsewhere(UsageError):
    """``PilotsElsewhere(folder=..., found=..., example=...)``: no ``pilots/`` at or above
    the working directory, but the repository keeps its pilots in another folder."""

    key = "error.pilots_elsewhere"


class RevisionWithoutPilots(UsageError):
    """``RevisionWithoutPilots(revision=...)``: the revision has no ``pilots/`` folder."""

    key = "error.revision_without_pilots"


class PilotNotAtRevision(UsageError):
    """``PilotNotAtRevision(pilot=..., revision=...)``: the pilot's folder is not in the
    revision (it came later), so there is no version of it to compare."""

    key = "error.pilot_not_at_revision"


class NotWritable(UserError):
    """``NotWritable(file=..., reason=...)``: a file the tool could not write."""

    key = "error.not_writable"


class FolderNotWritable(UserError):
    """``FolderNotWritable(folder=..., reason=...)``: a folder the tool could not write in
    (the site's output folder, or the folder above it)."""

    key = "error.folder_not_writable"


class PathRefused(UserError):
    """``PathRefused(file=..., reason=...)``: the file system refused a path a command was
    given or made (a name too long, a folder that cannot be searched), where the command did
    not word the failure itself: one line naming the path, not a traceback."""

    key = "error.path_refused"


class FilesNotRead(UserError):
    """``FilesNotRead(files=[...])``: a pilot's files with errors that keep them from being
    read, so no diff is made of the pilot (``check``); a list, joined in the sentence's
    language («a.yaml og b.yaml har feil»)."""

    key = "error.files_not_read"


class PilotUnreadable(UserError):
    """``PilotUnreadable(pilot=...)``: pilot.yaml is missing or has errors."""

    key = "error.pilot_unreadable"
