"""One command's view of the files: where the repository is, which pilot a name means, and
each pilot read once.

A command makes one ``Workspace`` and asks it for pilots; asking twice for the same folder at
the same revision returns the same ``PilotFiles`` (``check`` validates every pilot of the head
and then diffs the changed ones: each is read once). Path rules are ``validate``'s public
functions; this object only gathers them and remembers what it has read.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bygdevekst_cli.errors import PilotNotFound, UsageError
from bygdevekst_cli.pilotfolder import pilot_folders
from bygdevekst_cli.pilotset import PilotFiles, read_pilot
from bygdevekst_cli.validate import display_path, find_repository_pilots, resolve_pilot

if TYPE_CHECKING:
    import git

_Key = tuple[Path, str | None]


@dataclass
class Workspace:
    """The files one command works on, seen from ``cwd``."""

    cwd: Path = field(default_factory=Path.cwd)
    today: dt.date | None = None
    """The date rules compare with (None: today; fixed in tests)."""
    _read: dict[_Key, PilotFiles] = field(default_factory=dict, repr=False)

    @functools.cached_property
    def pilots_dir(self) -> Path:
        """The repository's ``pilots/`` folder (a ``UsageError`` when there is none)."""
        return find_repository_pilots(self.cwd).resolve()

    def known(self) -> list[str]:
        """The ids of the pilots under ``pilots/`` (empty outside a repository)."""
        try:
            folder = self.pilots_dir
        except UsageError:
            return []
        return [p.name for p in pilot_folders(folder, ids_only=True)]

    def resolve(self, pilot: str) -> Path:
        """The folder of a pilot named by id (under ``pilots/``) or by path."""
        try:
            return resolve_pilot(pilot, self.cwd)
        except UsageError:
            raise PilotNotFound(pilot=pilot, known=self.known()) from None

    def display(self, path: Path) -> str:
        return display_path(path, self.cwd)

    def pilot(self, pilot: str) -> PilotFiles:
        """The pilot a command-line argument names, as it is in the working tree."""
        return self.read(self.resolve(pilot))

    def read(
        self, folder: Path, commit: git.Commit | None = None, tree_folder: str | None = None
    ) -> PilotFiles:
        """The pilot in ``folder``, from the working tree or from ``commit`` (where it lies
        at ``tree_folder``, relative to the repository root); read once per command."""
        key = (folder.resolve(), commit.hexsha if commit is not None else None)
        if key not in self._read:
            shown = self.display(folder)
            if commit is None:
                files = read_pilot(folder, shown, self.today)
            else:
                from bygdevekst_cli.gitsource import GitTreeSource

                assert tree_folder is not None
                source = GitTreeSource(commit, tree_folder)
                files = read_pilot(folder, shown, self.today, source=source)
            self._read[key] = files
        return self._read[key]

    @property
    def reads(self) -> int:
        """How many pilot versions have been read (for tests of the read-once promise)."""
        return len(self._read)
