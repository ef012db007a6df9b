"""Validation: find the pilots a set of paths names, read them, run the rules, report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from bygdevekst_cli.errors import UsageError
from bygdevekst_cli.findings import Finding, Report, Severity
from bygdevekst_cli.models import file_kind
from bygdevekst_cli.pilotset import (
    PILOT_FILE,
    PLANS_DIR,
    FolderSource,
    PilotFiles,
    read_document,
    read_pilot,
)

PILOTS_DIR = "pilots"


@dataclass(frozen=True)
class Target:
    """One pilot folder to check, and which of its files to report on (None: all)."""

    folder: Path
    only: frozenset[Path] | None = None


def find_repository_pilots(start: Path) -> Path:
    """The ``pilots/`` folder of the repository that holds ``start``."""
    for folder in (start, *start.parents):
        candidate = folder / PILOTS_DIR
        if candidate.is_dir():
            return candidate
        if (folder / ".git").exists():
            break
    raise UsageError(
        f"Fant ingen {PILOTS_DIR}/-mappe i {start} eller mappene over; angi en sti til en pilot"
    )


def resolve_pilot(pilot: str, cwd: Path) -> Path:
    """A pilot named by its folder path, or by its id under the repository's ``pilots/``."""
    given = Path(pilot)
    direct = given if given.is_absolute() else cwd / given
    if (direct / PILOT_FILE).is_file():
        return direct.resolve()
    folder = find_repository_pilots(cwd) / pilot
    if not (folder / PILOT_FILE).is_file():
        raise UsageError(f"Fant ingen pilot «{pilot}» (verken som mappe eller under pilots/)")
    return folder.resolve()


def targets_for(paths: Sequence[Path], cwd: Path) -> list[Target]:
    """Resolve command-line paths to pilot folders; a missing path is a usage error."""
    if not paths:
        paths = [find_repository_pilots(cwd)]
    by_folder: dict[Path, set[Path] | None] = {}
    for given in paths:
        path = (cwd / given).resolve()  # an absolute ``given`` stays as it is
        if not path.exists():
            raise UsageError(f"Stien finnes ikke: {given}")
        for folder, file in _targets_of(path):
            if file is None or by_folder.get(folder, set()) is None:
                by_folder[folder] = None
            else:
                files = by_folder.setdefault(folder, set())
                assert files is not None
                files.add(file)
    return [
        Target(folder, None if files is None else frozenset(files))
        for folder, files in sorted(by_folder.items())
    ]


def _targets_of(path: Path) -> Iterable[tuple[Path, Path | None]]:
    if path.is_file():
        yield _pilot_folder_of(path), path
    elif (path / PILOT_FILE).is_file() or path.parent.name == PILOTS_DIR:
        yield path, None
    else:
        folders = sorted(p for p in path.iterdir() if p.is_dir() and (p / PILOT_FILE).is_file())
        if not folders:
            raise UsageError(f"Fant ingen pilotmapper (med {PILOT_FILE}) i {path}")
        for folder in folders:
            yield folder, None


def _pilot_folder_of(file: Path) -> Path:
    """The nearest folder above ``file`` that holds a pilot.yaml, else the natural one."""
    for folder in file.parents:
        if (folder / PILOT_FILE).is_file():
            return folder
        if folder.name == PILOTS_DIR:
            break
    return file.parent.parent if file.parent.name == PLANS_DIR else file.parent


def display_path(path: Path, cwd: Path) -> str:
    """Paths in findings: relative to where the user stands, with forward slashes."""
    try:
        return path.relative_to(cwd.resolve()).as_posix() or "."
    except ValueError:
        return path.as_posix()


def validate_pilot(files: PilotFiles) -> Report:
    """Every finding for one pilot that has already been read."""
    from bygdevekst_cli.rules import run_rules

    report = Report(list(files.findings), list(files.files))
    report.extend(run_rules(files))
    return report


def _standalone(files: Iterable[Path], cwd: Path) -> list[Finding]:
    """Files outside any pilot folder: checked against their schema, without the rules."""
    findings: list[Finding] = []
    for path in sorted(files):
        shown = display_path(path, cwd)
        folder = path.parent.parent if path.parent.name == PLANS_DIR else path.parent
        relative = path.relative_to(folder).as_posix()
        kind = file_kind(PurePosixPath(relative))
        if kind is None:
            findings.append(
                Finding(Severity.WARNING, "BV013", "Ukjent fil; den blir ikke kontrollert", shown)
            )
            continue
        findings.extend(read_document(FolderSource(folder), relative, shown, kind)[1])
    return findings


def validate_paths(
    paths: Sequence[Path], cwd: Path | None = None, today: dt.date | None = None
) -> Report:
    """Validate the pilots the paths name (default: every pilot of the repository)."""
    cwd = cwd or Path.cwd()
    report = Report()
    for target in targets_for(paths, cwd):
        shown = display_path(target.folder, cwd)
        if not (target.folder / PILOT_FILE).is_file() and target.only is not None:
            report.extend(_standalone(target.only, cwd))
            report.files.extend(display_path(p, cwd) for p in target.only)
            continue
        pilot_report = validate_pilot(read_pilot(target.folder, shown, today))
        if target.only is not None:
            wanted = {display_path(p, cwd) for p in target.only}
            pilot_report = Report(
                [f for f in pilot_report.findings if f.file in wanted], sorted(wanted)
            )
        report.extend(pilot_report.findings)
        report.files.extend(pilot_report.files)
    return report.sorted()
