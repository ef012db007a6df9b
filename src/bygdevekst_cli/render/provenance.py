"""Where a document comes from: pilot, plan year, git commit, uncommitted changes, date.

Every document carries this in its footer and its metadata, so that a printed saksframlegg
traces back to one revision of the data. Outside a git repository (or without git) the
document says so instead of failing.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

from bygdevekst_cli import __version__
from bygdevekst_cli.gitprogram import git_executable


@dataclass(frozen=True)
class Provenance:
    pilot: str
    """The pilot's id."""
    date: dt.date
    """The day the document was made."""
    commit: str | None = None
    """The full hash of HEAD, or None outside a git repository (or before the first commit)."""
    dirty: bool = False
    """The pilot folder had changes that were not committed (with no ``commit``: it is in a
    repository without commits yet, where every file is uncommitted)."""
    year: int | None = None
    """The plan year the document is about (None for the agreement)."""
    tool_version: str = __version__

    @property
    def short_commit(self) -> str | None:
        return self.commit[:12] if self.commit else None

    def for_year(self, year: int | None) -> Provenance:
        return replace(self, year=year)

    def metadata(self) -> dict[str, str]:
        """Provenance as name → value pairs for the files' metadata fields."""
        return {
            "pilot": self.pilot,
            "year": str(self.year) if self.year is not None else "",
            "commit": self.commit or "",
            "dirty": "true" if self.dirty else "false",
            "date": self.date.isoformat(),
            "generator": f"bygdevekst {self.tool_version}",
        }


def today() -> dt.date:
    """Today, or the day ``SOURCE_DATE_EPOCH`` names (for reproducible builds)."""
    epoch = _source_date_epoch()
    return epoch.date() if epoch is not None else dt.date.today()


def fixed_time() -> dt.datetime:
    """The moment a file is dated where a time is needed (a zip entry, a package's
    properties): ``SOURCE_DATE_EPOCH`` to the second, else the start of ``today()``; UTC,
    without a time zone. Never the clock's time: two runs on one day give the same bytes."""
    epoch = _source_date_epoch()
    return epoch if epoch is not None else dt.datetime.combine(today(), dt.time())


def _source_date_epoch() -> dt.datetime | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).replace(tzinfo=None)
    return None


def provenance_of(pilot_id: str, folder: Path, date: dt.date | None = None) -> Provenance:
    """The revision the pilot in ``folder`` is at; never raises for git problems."""
    commit, dirty = git_state(folder)
    return Provenance(pilot=pilot_id, date=date or today(), commit=commit, dirty=dirty)


def git_state(folder: Path) -> tuple[str | None, bool]:
    """HEAD's commit and whether ``folder`` has uncommitted (or untracked) changes.

    One ``git status`` answers both (porcelain v2: the branch header names HEAD's commit,
    every other line a change), so rendering loads no git library for it.
    """
    command = [git_executable(), "status", "--porcelain=v2", "--branch", "--untracked-files=all"]
    try:
        done = subprocess.run(
            [*command, "--", str(folder)], cwd=folder, capture_output=True, check=False
        )
    except OSError:  # no git executable
        return None, False
    if done.returncode != 0:  # not inside a git repository
        return None, False
    lines = done.stdout.decode("utf-8", "replace").splitlines()
    head = next((line.split()[2] for line in lines if line.startswith("# branch.oid ")), None)
    if head is None or head == "(initial)":  # a repository without commits
        return None, _has_files(folder)
    return head, any(not line.startswith("#") for line in lines)


def _has_files(folder: Path) -> bool:
    """In a repository without commits, anything in the folder is uncommitted."""
    return any(p.is_file() for p in folder.rglob("*"))
