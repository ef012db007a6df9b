"""The pull-request check: validate the head, and diff every pilot the change touches.

``run_check`` compares a base revision with a head revision (or the working tree, which is
the head in CI after checkout) and returns a ``CheckResult``; ``bygdevekst_cli.present.check``
shows it (text, GitHub annotations, the markdown summary a reviewer reads). Each pilot is
read once (``Workspace``), for both the validation and the diff.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from bygdevekst_cli.diff import PilotDiff, diff_versions
from bygdevekst_cli.errors import NoPilotsFolder, RevisionWithoutPilots, UserError
from bygdevekst_cli.findings import Report
from bygdevekst_cli.language import words
from bygdevekst_cli.models import Language
from bygdevekst_cli.pilotset import PILOT_FILE, PilotFiles
from bygdevekst_cli.validate import PILOTS_DIR, validate_paths, validate_pilot
from bygdevekst_cli.workspace import Workspace

if TYPE_CHECKING:
    import git


@dataclass(frozen=True)
class PilotChange:
    """One pilot whose folder differs between base and head."""

    folder: str
    """Relative to the repository root (``pilots/vest-telemark``)."""
    diff: PilotDiff | None
    language: Language = Language.BOKMAAL
    removed: bool = False
    """The pilot is gone from the head (so there is no diff)."""
    error: UserError | None = None
    """Why there is no diff when the pilot is still there: its head or base does not read."""


@dataclass(frozen=True)
class CheckResult:
    base: str
    head: str | None
    """None: the working tree."""
    report: Report
    pilots: tuple[PilotChange, ...]

    @property
    def ok(self) -> bool:
        return self.report.ok


@dataclass(frozen=True)
class _Revisions:
    repo: git.Repo
    root: Path
    base: git.Commit
    head: git.Commit | None
    """None: the working tree."""


def run_check(base: str, head: str | None = None, cwd: Path | None = None) -> CheckResult:
    """Validate the head and diff the pilots that changed since ``base``."""
    from bygdevekst_cli.gitsource import open_repository, resolve_commit

    workspace = Workspace(cwd or Path.cwd())
    repo = open_repository(workspace.cwd)
    revisions = _Revisions(
        repo,
        Path(repo.working_dir).resolve(),
        resolve_commit(repo, base),
        resolve_commit(repo, head) if head is not None else None,
    )
    report = _validate_head(revisions, workspace)
    pilots = tuple(
        _compare(revisions, folder, base_folder, (base, head), workspace)
        for folder, base_folder in changed_pilots(revisions).items()
    )
    return CheckResult(base, head, report, pilots)


def changed_pilots(revisions: _Revisions) -> dict[str, str]:
    """Every pilot folder (``pilots/<id>``) with a file that differs between base and head,
    with the folder it had in base (another one when the pilot was moved)."""
    from bygdevekst_cli.gitsource import parse_name_status, run_git

    repo, base, head = revisions.repo, revisions.base.hexsha, revisions.head
    arguments = [base, head.hexsha] if head is not None else [base]
    output = run_git(repo, "diff", "--name-status", "-M", "-z", *arguments, "--", PILOTS_DIR)
    moves = dict(parse_name_status(output))
    if head is None:  # new files the working tree has not staged yet
        others = run_git(repo, "ls_files", "--others", "--exclude-standard", "-z", PILOTS_DIR)
        moves.update((name, name) for name in others.split("\0") if name)
    changed: dict[str, str] = {}
    for new, old in sorted(moves.items()):
        folder, old_folder = _pilot_folder(new), _pilot_folder(old)
        if folder is not None:
            changed.setdefault(folder, folder)
            if old_folder is not None and new.endswith(f"/{PILOT_FILE}"):
                changed[folder] = old_folder
    moved_away = {b for f, b in changed.items() if f != b}
    return {f: b for f, b in changed.items() if f != b or f not in moved_away}


def _pilot_folder(path: str) -> str | None:
    parts = PurePosixPath(path).parts
    return "/".join(parts[:2]) if len(parts) > 2 and parts[0] == PILOTS_DIR else None


def _validate_head(revisions: _Revisions, workspace: Workspace) -> Report:
    pilots_dir = revisions.root / PILOTS_DIR
    if revisions.head is None:
        if not pilots_dir.is_dir():
            raise NoPilotsFolder(folder=revisions.root.as_posix())
        # every folder is a pilot: one without pilot.yaml is reported (BV014), not skipped
        folders = sorted(p for p in pilots_dir.iterdir() if p.is_dir() and p.name[0] != ".")
        if not folders:  # validate says what is wrong (no pilot folders: a usage error)
            return validate_paths([pilots_dir], workspace.cwd)
    else:
        try:
            tree = revisions.head.tree / PILOTS_DIR
        except KeyError:
            raise RevisionWithoutPilots(revision=revisions.head.hexsha[:12]) from None
        folders = [revisions.root / str(t.path) for t in tree.trees]
    report = Report()
    for folder in sorted(folders):
        relative = folder.relative_to(revisions.root).as_posix()
        checked = validate_pilot(_read(revisions, relative, revisions.head, workspace))
        report.extend(checked.findings)
        report.files.extend(checked.files)
    return report.sorted()


def _read(
    revisions: _Revisions, folder: str, commit: git.Commit | None, workspace: Workspace
) -> PilotFiles:
    """A pilot folder at a commit (None: the working tree)."""
    return workspace.read(revisions.root / folder, commit, folder)


def _compare(
    revisions: _Revisions,
    folder: str,
    base_folder: str,
    labels: tuple[str, str | None],
    workspace: Workspace,
) -> PilotChange:
    new = _read(revisions, folder, revisions.head, workspace)
    if not new.files:
        return PilotChange(folder, None, removed=True)
    old = _read(revisions, base_folder, revisions.base, workspace)
    language = new.pilot.model.language if new.pilot else Language.BOKMAAL
    base, head = labels
    try:
        diff = diff_versions(old, new, base, head or words(language)("check.working_tree"))
    except UserError as error:
        return PilotChange(folder, None, language, error=error)
    return PilotChange(folder, diff, language)
