"""Validation: find the pilots a set of paths names, read them, run the rules, report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from bygdevekst_cli.errors import UsageError, UserError
from bygdevekst_cli.findings import Finding, Report, Severity, cut
from bygdevekst_cli.language import Words, cli_words
from bygdevekst_cli.loader import YamlCode
from bygdevekst_cli.models import file_kind
from bygdevekst_cli.pilotset import (
    AGREEMENT_FILE,
    MISSING_FILE,
    PILOT_FILE,
    PLANS_DIR,
    FolderSource,
    PilotFiles,
    inside,
    pilot_language,
    read_document,
    read_pilot,
)

PILOTS_DIR = "pilots"
RULES_NOT_RUN = "BV015"
"""A file checked without its pilot's rules: which rules were not run, and why."""


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
    raise UsageError(cli_words()("pilotset.usage.no_pilots_folder", folder=PILOTS_DIR, start=start))


def resolve_pilot(pilot: str, cwd: Path) -> Path:
    """A pilot named by its folder path, or by its id under the repository's ``pilots/``."""
    given = Path(pilot)
    direct = given if given.is_absolute() else cwd / given
    if (direct / PILOT_FILE).is_file():
        return direct.resolve()
    folder = find_repository_pilots(cwd) / pilot
    if not (folder / PILOT_FILE).is_file():
        raise UsageError(cli_words()("pilotset.usage.no_pilot", pilot=cut(pilot)))
    return folder.resolve()


def targets_for(paths: Sequence[Path], cwd: Path) -> list[Target]:
    """Resolve command-line paths to pilot folders; a missing path is a usage error."""
    if not paths:
        paths = [find_repository_pilots(cwd)]
    by_folder: dict[Path, set[Path] | None] = {}
    for given in paths:
        path = _absolute(cwd / given)  # an absolute ``given`` stays as it is
        if not path.exists():
            raise UsageError(cli_words()("pilotset.usage.no_path", path=given))
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


def _absolute(path: Path) -> Path:
    """``path`` made absolute with its folders resolved, but a link at its end kept as a
    link: a file linked from outside is reported, never read through."""
    if path.name in ("", ".", "..") or not path.is_symlink():
        return path.resolve()
    return path.parent.resolve() / path.name


def _targets_of(path: Path) -> Iterable[tuple[Path, Path | None]]:
    if path.is_file() or (path.is_symlink() and not path.is_dir()):
        yield _pilot_folder_of(path), path
    elif (path / PILOT_FILE).is_file() or path.parent.name == PILOTS_DIR:
        yield path, None
    else:
        # Under pilots/ every folder is a pilot, also one whose pilot.yaml is missing.
        wanted = _is_pilots_folder(path)
        folders = sorted(
            p
            for p in path.iterdir()
            if p.is_dir() and not p.name.startswith(".") and (wanted or (p / PILOT_FILE).is_file())
        )
        if not folders:
            message = cli_words()("pilotset.usage.no_pilot_folders", file=PILOT_FILE, path=path)
            raise UsageError(message)
        for folder in folders:
            yield folder, None


def _is_pilots_folder(path: Path) -> bool:
    return path.name == PILOTS_DIR


def _pilot_folder_of(file: Path) -> Path:
    """The nearest folder above ``file`` that holds a pilot.yaml, else the natural one."""
    for folder in file.parents:
        if (folder / PILOT_FILE).is_file() or folder.parent.name == PILOTS_DIR:
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
    """Files outside any pilot folder: checked against their schema, and a notice that the
    rules across a pilot's files were not run."""
    w = cli_words()
    findings: list[Finding] = []
    for path in sorted(files):
        shown = display_path(path, cwd)
        folder = path.parent.parent if path.parent.name == PLANS_DIR else path.parent
        relative = path.relative_to(folder).as_posix()
        kind = file_kind(PurePosixPath(relative))
        if kind is None:
            message = w("pilotset.unknown_standalone")
            findings.append(Finding(Severity.WARNING, "BV013", message, shown))
            continue
        findings.extend(read_document(FolderSource(folder), relative, shown, kind)[1])
        message = w("pilotset.rules_not_run_outside", codes=_pilot_rule_codes())
        findings.append(Finding(Severity.WARNING, RULES_NOT_RUN, message, shown))
    return findings


def _pilot_rule_codes() -> str:
    """The span of codes of the rules that need the whole pilot (``BV201–BV304``)."""
    from bygdevekst_cli.rules import CATALOGUE

    codes = sorted(code for code, rule in CATALOGUE.items() if rule.check is not None)
    return f"{codes[0]}–{codes[-1]}" if codes else ""


def _in_pilot(folder: Path) -> bool:
    """Every folder under pilots/ is a pilot, and so is any folder with a pilot.yaml."""
    return (folder / PILOT_FILE).is_file() or folder.parent.name == PILOTS_DIR


def _only(files: PilotFiles, report: Report, wanted: set[str]) -> Report:
    """The findings on the files asked for, plus what stops the pilot being read whole
    (a missing pilot.yaml), and a notice when a broken pilot-wide file kept rules from
    running on them."""
    kept = [f for f in report.findings if f.file in wanted or f.code == MISSING_FILE]
    broken = [
        _join_display(files.display, name)
        for name, document in ((PILOT_FILE, files.pilot), (AGREEMENT_FILE, files.agreement))
        if document is None
    ]
    if broken:
        w = cli_words(_language_of(files))
        codes = _pilot_rule_codes()
        for shown in sorted(wanted - set(broken)):
            message = w("pilotset.rules_not_run_broken", file=broken[0], codes=codes)
            kept.append(Finding(Severity.WARNING, RULES_NOT_RUN, message, shown))
    return Report(kept, sorted(wanted))


def _link_out(shown: str) -> Finding:
    message = cli_words()("pilotset.link_outside", name=cut(shown))
    return Finding(Severity.ERROR, YamlCode.UNREADABLE, message, shown)


def _join_display(display: str, relative: str) -> str:
    return f"{display.rstrip('/')}/{relative}" if display not in ("", ".") else relative


def validate_paths(
    paths: Sequence[Path],
    cwd: Path | None = None,
    today: dt.date | None = None,
    *,
    whole_pilots: bool = False,
) -> Report:
    """Validate the pilots the paths name (default: every pilot of the repository).

    A file is checked in its pilot, with the pilot's rules; only its own findings are
    reported, unless ``whole_pilots``, which reports on every pilot a path belongs to whole
    (the pre-commit hook: a change to one plan can break a rule in another).
    """
    cwd = cwd or Path.cwd()
    report = Report()
    for target in targets_for(paths, cwd):
        shown = display_path(target.folder, cwd)
        if not _in_pilot(target.folder) and target.only is not None:
            report.extend(_standalone(target.only, cwd))
            report.files.extend(display_path(p, cwd) for p in target.only)
            continue
        if target.folder.is_symlink() and not inside(target.folder, target.folder.parent.resolve()):
            report.extend([_link_out(shown)])  # a pilot folder linked in from elsewhere
            continue
        files = read_pilot(target.folder, shown, today)
        pilot_report = validate_pilot(files)
        if target.only is not None and not whole_pilots:
            wanted = {display_path(p, cwd) for p in target.only}
            pilot_report = _only(files, pilot_report, wanted)
        report.extend(pilot_report.findings)
        report.files.extend(pilot_report.files)
    return report.sorted()


# --- the gate: nothing is shown from data that breaks a rule ---------------------------------

#: How many errors the gate's message names before it counts the rest.
GATE_LIMIT = 5


class InvalidData(UserError):
    """A pilot's data breaks rules of severity error: no document or diff is made from it."""

    def __init__(self, display: str, report: Report, language: str | None, hint: str = "") -> None:
        self.display = display
        self.report = report
        self.language = language
        super().__init__(gate_message(display, report, cli_words(language), hint))


def gate_message(display: str, report: Report, w: Words, hint: str = "") -> str:
    """One line naming the pilot and the count, then the first errors, one per line."""
    errors = [
        f for f in sorted(report.findings, key=Finding.sort_key) if f.severity is Severity.ERROR
    ]
    lines = [w("gate.stopped", pilot=display, errors=w.plural("gate.errors", len(errors)))]
    for finding in errors[:GATE_LIMIT]:
        place = finding.file + (f":{finding.line}" if finding.line is not None else "")
        lines.append(f"  {place}: {finding.code} {cut(finding.message, 160)}")
    if len(errors) > GATE_LIMIT:
        lines.append("  " + w("gate.more", count=len(errors) - GATE_LIMIT))
    if hint:
        lines.append(hint)
    return "\n".join(lines)


def _language_of(files: PilotFiles) -> str | None:
    if files.pilot is not None:
        return str(files.pilot.model.language.value)
    return pilot_language(FolderSource(files.folder)) if files.folder.is_dir() else None


def require_valid(files: PilotFiles, *, allow_errors: bool = False, hint: str = "") -> Report:
    """The pilot's report; ``InvalidData`` when it has errors (unless ``allow_errors``)."""
    report = validate_pilot(files)
    if not report.ok and not allow_errors:
        raise InvalidData(files.display, report, _language_of(files), hint)
    return report


def require_valid_pilot(
    pilot: str, cwd: Path | None = None, *, draft: bool | None = None
) -> Report:
    """``require_valid`` for a pilot named as the commands name it (an id or a folder).

    ``draft`` is for ``render``: True lets errors through (the document is marked), False
    adds the hint that ``--draft`` exists to the message.
    """
    cwd = cwd or Path.cwd()
    folder = resolve_pilot(pilot, cwd)
    files = read_pilot(folder, display_path(folder, cwd))
    hint = cli_words(_language_of(files))("gate.draft_hint") if draft is False else ""
    return require_valid(files, allow_errors=bool(draft), hint=hint)


def require_valid_versions(
    pilot: str, base: str | None, head: str | None, cwd: Path | None = None
) -> None:
    """The gate for ``diff``: the working tree, or each git revision compared."""
    cwd = cwd or Path.cwd()
    if base is None:
        require_valid_pilot(pilot, cwd)
        return
    from bygdevekst_cli.revisions import read_at

    folder = resolve_pilot(pilot, cwd)
    for revision in (base, head):
        require_valid(read_at(folder, revision, cwd))
