"""A pilot folder on disk: its file names, and its YAML files found and read safely.

Light on purpose (no models, no YAML parser): the results cache reads and hashes a pilot's
files through ``FolderSource`` before it knows whether anything must be parsed.
"""

from __future__ import annotations

import errno
import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from bygdevekst_cli.filesize import read_within_limit

MISSING_FILE = "BV014"
PILOTS_DIR = "pilots"
"""The folder of a repository that holds its pilots, one folder each (``pilots/<id>``)."""
PILOT_FILE = "pilot.yaml"
AGREEMENT_FILE = "agreement.yaml"
PLANS_DIR = "plans"
PLAN_FILE_PATTERN = r"(?P<year>\d{4})\.ya?ml"
"""The name of a year's plan in ``plans/`` (``2026.yaml``), the year as group ``year``."""


def is_yaml_name(name: str) -> bool:
    """Whether a file name is a YAML file's, whatever the case of its extension: a file
    saved as ``2026.YAML`` (Windows and macOS do not tell the cases apart) must be listed,
    and so reported, not passed over in silence."""
    return name.lower().endswith((".yaml", ".yml"))


def holds_pilot_file(folder: Path) -> bool:
    """Whether ``folder`` holds a pilot.yaml. One that cannot be searched (no permission)
    may: it is taken for a pilot, and reading it reports that the folder cannot be read
    (BV011), where ``Path.is_file`` raised and stopped the command on every other pilot."""
    try:
        return (folder / PILOT_FILE).is_file()
    except OSError:
        return True


def refuse_undecodable(path: Path) -> None:
    """Raise ``OSError`` (EILSEQ) for ``path`` if its name is not UTF-8: a folder or file
    named on an old Latin-1 or Mac system, which Python holds with stand-ins for the bytes
    it cannot read (``surrogateescape``). Every report, page and SARIF file is UTF-8, so
    such a name stopped ``overview``, ``site`` and ``validate -f sarif`` with a traceback;
    it is named instead, its bytes shown as ``\xe6``, so the folder can be renamed."""
    try:
        os.fsencode(path.name).decode("utf-8")  # the bytes on disk, whatever the locale
    except UnicodeDecodeError:
        if path.is_absolute() and path.is_relative_to(Path.cwd()):
            path = path.relative_to(Path.cwd())  # named as from where the user stands
        shown = os.fsencode(path).decode("utf-8", "backslashreplace")
        raise OSError(errno.EILSEQ, os.strerror(errno.EILSEQ), shown) from None


def pilot_folders(base: Path, *, ids_only: bool = False) -> list[Path]:
    """The pilot folders in ``base`` (a ``pilots/`` folder), by name. A hidden folder is
    none, as ``validate`` passes it over: a run killed while it wrote a pilot (``init``,
    ``import``) leaves its files in a hidden ``.ID.XXXXXXXX``, not the pilot itself. A
    folder whose name is not UTF-8 is refused (``refuse_undecodable``), or with
    ``ids_only`` (the ids a PILOT argument may name, and is told of) left out: no id has
    such a name, and one pilot's command is no place to stop for another's folder."""
    found = []
    for path in base.iterdir():
        if not path.name.startswith(".") and path.is_dir() and holds_pilot_file(path):
            try:
                refuse_undecodable(path)
            except OSError:
                if ids_only:
                    continue
                raise
            found.append(path)
    return sorted(found)


PILOTS_SEARCH_DEPTH = 3
"""How far below a folder without ``pilots/`` ``pilots_below`` looks (``data/pilots``)."""
PILOTS_SEARCH_LIMIT = 2000
"""How many folders it lists at most (a home folder, a synced OneDrive)."""


def pilots_below(root: Path) -> list[Path]:
    """The ``pilots/`` folders with a pilot in them below ``root`` (at most
    ``PILOTS_SEARCH_DEPTH`` levels down, breadth first, hidden folders passed over): where a
    repository keeps its pilots when it has no ``root/pilots``, to tell a command run at its
    root where they are. Only for that message: nothing reads them from here."""
    found: list[Path] = []
    level, listed = [root], 0
    for _ in range(PILOTS_SEARCH_DEPTH):
        below: list[Path] = []
        for folder in level:
            listed += 1
            if listed > PILOTS_SEARCH_LIMIT:
                return found
            try:
                with os.scandir(folder) as listing:
                    names = sorted(
                        entry.name
                        for entry in listing
                        if not entry.name.startswith(".") and entry.is_dir(follow_symlinks=False)
                    )
                if PILOTS_DIR in names and pilot_folders(folder / PILOTS_DIR):
                    found.append(folder / PILOTS_DIR)
                    names.remove(PILOTS_DIR)
            except OSError:
                continue
            below.extend(folder / name for name in names)
        level = below
    return found


class FileSource(Protocol):
    """Where a pilot's files come from: a folder, or a folder in a git revision."""

    def yaml_files(self) -> list[str]:
        """Relative paths (with ``/``) of the YAML files under the pilot folder."""
        ...

    def read(self, relative: str) -> bytes: ...

    def unfollowed_links(self) -> list[tuple[str, str]]:
        """``(relative path, why)`` of each symbolic link not followed: ``link_outside``
        (out of the pilot folder) or ``link_broken`` (to nothing, or a loop)."""
        ...


@dataclass(frozen=True)
class FolderSource:
    """A pilot folder on disk. Symbolic links that lead out of it are never followed."""

    folder: Path

    def yaml_files(self) -> list[str]:
        return self._walked[0]

    def links_outside(self) -> list[str]:
        """Relative paths of YAML files and folders that are links leading out of the folder."""
        return self._walked[1]

    def unfollowed_links(self) -> list[tuple[str, str]]:
        # a link that leads nowhere (dangling, or a loop) is not one that leads out
        return [
            (link, "link_outside" if leads_somewhere(self.folder / link) else "link_broken")
            for link in self.links_outside()
        ]

    def unreadable_folders(self) -> list[tuple[str, OSError]]:
        """The folders the walk could not list (``""``: the pilot folder itself), with the
        reason: the files in them are neither read nor known to be missing."""
        return self._walked[2]

    @functools.cached_property
    def _walked(self) -> tuple[list[str], list[str], list[tuple[str, OSError]]]:
        """The folder walked once per source (a source lives for one reading of a pilot)."""
        return self._walk()

    @functools.cached_property
    def _inside_files(self) -> frozenset[str]:
        return frozenset(self._walked[0])

    def plans_not_folder(self) -> bool:
        """Whether the pilot's ``plans`` is there (links followed) but is no folder: a file
        where the plans belong, whose plans the walk cannot find."""
        return not_a_folder(self.folder / PLANS_DIR)

    def top_level_names(self) -> list[str]:
        """Every name directly in the folder (for suggestions when a file is misspelt)."""
        try:
            return sorted(p.name for p in self.folder.iterdir())
        except OSError:
            return []

    def _walk(self) -> tuple[list[str], list[str], list[tuple[str, OSError]]]:
        root = self.folder.resolve()
        found: list[str] = []
        outside: list[str] = []
        unreadable: list[tuple[str, OSError]] = []
        self._scan(self.folder, "", root, (found, outside, unreadable))
        return sorted(found), sorted(outside), sorted(unreadable, key=lambda item: item[0])

    def _scan(
        self,
        folder: Path,
        prefix: str,
        root: Path,
        into: tuple[list[str], list[str], list[tuple[str, OSError]]],
    ) -> None:
        """One folder's YAML files and links, then its subfolders (as ``os.walk`` sees them,
        from one ``scandir``: a folder that cannot be read is noted in ``into``'s third
        list, so that it is reported rather than taken for empty); a link to a folder is
        never walked into."""
        found, outside, unreadable = into
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except FileNotFoundError:  # no such folder: nothing in it, as before
            return
        except OSError as exc:
            unreadable.append((prefix.rstrip("/"), exc))
            return
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            if _is_dir(entry) or is_yaml_name(name):  # what the walk lists or enters
                refuse_undecodable(Path(entry.path))
            relative = prefix + name
            if _is_dir(entry) and is_yaml_name(name) and not entry.is_symlink():
                found.append(relative)  # a folder where a file belongs: reading it says so
            elif _is_dir(entry):
                if entry.is_symlink():
                    if not inside(Path(entry.path), root):
                        outside.append(relative)
                else:
                    self._scan(Path(entry.path), relative + "/", root, into)
            elif relative == PLANS_DIR and not leads_somewhere(Path(entry.path)):
                outside.append(relative)  # a link to nowhere or a loop: the plans go unread
            elif is_yaml_name(name):
                if entry.is_symlink() and not inside(Path(entry.path), root):
                    outside.append(relative)
                elif entry.is_file():
                    found.append(relative)

    def read(self, relative: str) -> bytes:
        path = self.folder / relative
        # The walk has checked the files it found; anything else is checked here.
        if relative not in self._inside_files and not inside(path, self.folder.resolve()):
            raise OSError(errno.EACCES, os.strerror(errno.EACCES), relative)
        return read_within_limit(path)  # a file too large is refused unread (BV007)


def not_a_folder(path: Path) -> bool:
    """Whether ``path`` is there (links followed) but is no folder."""
    return path.exists() and not path.is_dir()


def inside(path: Path, root: Path) -> bool:
    """Whether ``path``, links followed, lies in ``root`` (a dangling link counts as outside)."""
    target = _target(path)
    return target is not None and target.is_relative_to(root)


def leads_somewhere(path: Path) -> bool:
    """Whether ``path``, links followed, ends at something (not a dangling link or a loop)."""
    return _target(path) is not None


def _target(path: Path) -> Path | None:
    """Where ``path`` leads, links followed; None when it leads nowhere."""
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):  # RuntimeError: a loop, before Python 3.13
        return None


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """``os.walk``'s test: a folder, or a link to one; an entry that cannot be asked is not."""
    try:
        return entry.is_dir()
    except OSError:
        return False
