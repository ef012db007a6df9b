"""The pull-request check: validate the head, and diff every pilot the change touches.

``run_check`` compares a base revision with a head revision (or the working tree, which is
the head in CI after checkout); ``write_summary`` writes the markdown a reviewer reads (the
``$GITHUB_STEP_SUMMARY`` of a GitHub Actions job, or any file).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, TextIO

from bygdevekst_cli.diff import PilotDiff, diff_versions
from bygdevekst_cli.diff_render import md_escape, render_markdown
from bygdevekst_cli.errors import UsageError, UserError
from bygdevekst_cli.findings import Finding, Report, Severity
from bygdevekst_cli.models import Language
from bygdevekst_cli.pilotset import PILOT_FILE, PilotFiles, read_pilot
from bygdevekst_cli.present.validate import summary
from bygdevekst_cli.validate import PILOTS_DIR, display_path, validate_paths, validate_pilot

if TYPE_CHECKING:
    import git

SUMMARY_ENV = "GITHUB_STEP_SUMMARY"
WORKING_TREE = "arbeidskopien"


@dataclass(frozen=True)
class PilotChange:
    """One pilot whose folder differs between base and head."""

    folder: str
    """Relative to the repository root (``pilots/vest-telemark``)."""
    diff: PilotDiff | None
    language: Language = Language.BOKMAAL
    problem: str | None = None
    """Why there is no diff: the pilot was removed, or its head does not read."""


@dataclass(frozen=True)
class CheckResult:
    base: str
    head: str
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

    cwd = cwd or Path.cwd()
    repo = open_repository(cwd)
    revisions = _Revisions(
        repo,
        Path(repo.working_dir).resolve(),
        resolve_commit(repo, base),
        resolve_commit(repo, head) if head is not None else None,
    )
    report = _validate_head(revisions, cwd)
    pilots = tuple(
        _compare(revisions, folder, base_folder, (base, head), cwd)
        for folder, base_folder in changed_pilots(revisions).items()
    )
    return CheckResult(base, head or WORKING_TREE, report, pilots)


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


def _validate_head(revisions: _Revisions, cwd: Path) -> Report:
    pilots_dir = revisions.root / PILOTS_DIR
    if revisions.head is None:
        if not pilots_dir.is_dir():
            raise UsageError(f"Fant ingen {PILOTS_DIR}/-mappe i {revisions.root}")
        return validate_paths([pilots_dir], cwd)
    try:
        tree = revisions.head.tree / PILOTS_DIR
    except KeyError:
        raise UsageError(f"Revisjonen har ingen {PILOTS_DIR}/-mappe") from None
    report = Report()
    for folder in sorted(str(t.path) for t in tree.trees):
        files = _read(revisions, folder, revisions.head, cwd)
        checked = validate_pilot(files)
        report.extend(checked.findings)
        report.files.extend(checked.files)
    return report.sorted()


def _read(revisions: _Revisions, folder: str, commit: git.Commit | None, cwd: Path) -> PilotFiles:
    """A pilot folder at a commit (None: the working tree)."""
    from bygdevekst_cli.gitsource import GitTreeSource

    path = revisions.root / folder
    shown = display_path(path, cwd)
    if commit is None:
        return read_pilot(path, shown)
    return read_pilot(path, shown, source=GitTreeSource(commit, folder))


def _compare(
    revisions: _Revisions,
    folder: str,
    base_folder: str,
    labels: tuple[str, str | None],
    cwd: Path,
) -> PilotChange:
    new = _read(revisions, folder, revisions.head, cwd)
    if not new.files:
        return PilotChange(folder, None, problem="piloten er fjernet")
    old = _read(revisions, base_folder, revisions.base, cwd)
    language = new.pilot.model.language if new.pilot else Language.BOKMAAL
    base, head = labels
    try:
        diff = diff_versions(old, new, base, head or WORKING_TREE)
    except UserError as error:
        # the summary already heads this with the folder
        problem = str(error).removeprefix(f"{new.display}: ")
        return PilotChange(folder, None, language, problem=problem)
    return PilotChange(folder, diff, language)


# --- the markdown summary ------------------------------------------------------------------


_SEVERITY_WORD = {Severity.ERROR: "feil", Severity.WARNING: "advarsel"}


def render_summary(result: CheckResult, out: TextIO) -> None:
    """The job summary: the validation outcome, the findings, then each changed pilot."""
    mark = "✅" if result.ok else "❌"
    out.write(f"# bygdevekst check: {md_escape(result.base)} → {md_escape(result.head)}\n\n")
    out.write(f"{mark} {md_escape(summary(result.report))}\n\n")
    errors = [f for f in result.report.findings if f.severity is Severity.ERROR]
    warnings = [f for f in result.report.findings if f.severity is Severity.WARNING]
    if errors:
        _findings_table(errors, out)
    if warnings:
        count = f"{len(warnings)} {'advarsel' if len(warnings) == 1 else 'advarsler'}"
        out.write(f"<details><summary>{count}</summary>\n\n")
        _findings_table(warnings, out)
        out.write("</details>\n\n")
    if not result.pilots:
        out.write("Ingen piloter er endret.\n")
    for pilot in result.pilots:
        if pilot.diff is not None:
            render_markdown(pilot.diff, pilot.language, out)
        else:
            out.write(f"## {md_escape(pilot.folder)}\n\n{md_escape(pilot.problem or '')}\n\n")


def _findings_table(findings: list[Finding], out: TextIO) -> None:
    out.write("| | Kode | Sted | Melding |\n|---|---|---|---|\n")
    for finding in findings:
        place = finding.file + (f":{finding.line}" if finding.line is not None else "")
        message = md_escape(finding.message).replace("\n", " ")
        word = _SEVERITY_WORD[finding.severity]
        out.write(f"| {word} | {finding.code} | `{place}` | {message} |\n")
    out.write("\n")


def write_summary(result: CheckResult, path: Path | None = None) -> Path | None:
    """Append the summary to ``path``, or to ``$GITHUB_STEP_SUMMARY`` when set (as GitHub
    expects: each step appends); None when there is nowhere to write it."""
    if path is None:
        target = os.environ.get(SUMMARY_ENV)
        if not target:
            return None
        path = Path(target)
    try:
        with path.open("a", encoding="utf-8", newline="\n") as out:
            render_summary(result, out)
    except OSError as exc:
        raise UserError(f"Kan ikke skrive sammendraget til {path}: {exc.strerror}") from None
    return path
