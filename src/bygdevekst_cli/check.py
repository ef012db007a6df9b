"""The pull-request check: validate the head, and diff every pilot the change touches.

``run_check`` compares a base revision with a head revision (or the working tree, which is
the head in CI after checkout) and returns a ``CheckResult``; ``bygdevekst_cli.present.check``
shows it (text, GitHub annotations, the markdown summary a reviewer reads). Each pilot is
read once (``Workspace``), for both the validation and the diff.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from bygdevekst_cli.diff import PilotDiff, diff_versions, diff_without_plan
from bygdevekst_cli.errors import (
    FilesNotRead,
    NoPilotsFolder,
    PilotsElsewhere,
    RevisionWithoutPilots,
    UserError,
)
from bygdevekst_cli.findings import Finding, Report, Severity
from bygdevekst_cli.fsutil import resolved
from bygdevekst_cli.language import cli_words, report_language, words
from bygdevekst_cli.loader import YamlCode
from bygdevekst_cli.models import Language
from bygdevekst_cli.pilotfolder import PILOTS_DIR
from bygdevekst_cli.pilotset import PILOT_FILE, PilotFiles
from bygdevekst_cli.revisions import base_label, head_label, merge_base
from bygdevekst_cli.validate import validate_paths, validate_pilot
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
    earlier: tuple[tuple[int, PilotDiff], ...] = ()
    """The other plan years that changed (a past plan too may have been adopted), oldest
    first; ``diff`` is the newest year with the agreement, pilot.yaml and funding."""
    year: int | None = None
    """The plan year of ``diff``."""
    deleted_plans: tuple[tuple[int, str], ...] = ()
    """The plans of the base that the head no longer has (year, file in the base): the
    diff compares the plans that are left, and would say of a deleted plan nothing."""

    @property
    def by_year(self) -> tuple[tuple[int | None, PilotDiff], ...]:
        """Every year's diff with its year, the newest first."""
        if self.diff is None:
            return ()
        return ((self.year, self.diff), *reversed(self.earlier))

    @property
    def diffs(self) -> tuple[PilotDiff, ...]:
        """Every year's diff, the newest first."""
        return tuple(diff for _, diff in self.by_year)


@dataclass(frozen=True)
class CheckResult:
    base: str
    head: str | None
    """None: the working tree."""
    report: Report
    pilots: tuple[PilotChange, ...]
    merge_base: str | None = None
    """The commit the head is compared with: the merge base of ``base`` and the head, so a
    stale branch does not show the base's later work reversed."""
    changed_lines: Mapping[str, frozenset[int]] = field(default_factory=dict)
    """The lines the change added or altered, by absolute path of each changed file under
    ``pilots/`` (a new file: all its lines); where ``github`` puts its annotations."""

    def on_changed_line(self, finding: Finding, cwd: Path) -> bool:
        """True when ``finding`` points into what the change touched (a finding without a
        line: anywhere in a changed file)."""
        lines = self.changed_lines.get(resolved(cwd / finding.file).as_posix())
        if lines is None:
            return False
        return finding.line is None or finding.line in lines

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
    pilots: str = PILOTS_DIR
    """The ``pilots/`` folder read, relative to the root (``bygdevekst/pilots``): see
    ``pilots_folder``."""
    named_base: str = ""
    """The commit ``--base`` names; ``base`` is its merge base with the head."""


def run_check(base: str, head: str | None = None, cwd: Path | None = None) -> CheckResult:
    """Validate the head and diff the pilots that changed since ``base``."""
    from bygdevekst_cli.gitsource import open_repository, resolve_commit

    workspace = Workspace(cwd or Path.cwd())
    repo = open_repository(workspace.cwd)
    head_commit = resolve_commit(repo, head) if head is not None else None
    root = Path(repo.working_dir).resolve()
    named_base = resolve_commit(repo, base, unshallow=True)
    base_commit = merge_base(repo, named_base, head_commit)
    pilots_dir = pilots_folder(repo, root, workspace.cwd, head_commit)
    if head_commit is None and not (root / pilots_dir).is_dir():
        from bygdevekst_cli.repository import folder_named, refuse_pilots_not_folder

        refuse_pilots_not_folder(root / pilots_dir, workspace.cwd, cli_words())
        raise NoPilotsFolder(folder=folder_named(root, workspace.cwd, cli_words()))
    submodule = _submodule_in(root, pilots_dir, head_commit)
    if submodule is not None:
        raise _refused_submodule(submodule, pilots_dir, (base, base_commit), head_commit)
    revisions = _Revisions(repo, root, base_commit, head_commit, pilots_dir, named_base.hexsha)
    report = _validate_head(revisions, workspace)
    report.extend(_verify_trail(revisions, workspace, base, head))
    report = report.sorted()
    pilots = tuple(
        _compare(revisions, folder, base_folder, (base, head), workspace)
        for folder, base_folder in changed_pilots(revisions).items()
    )
    lines = changed_lines(revisions)
    return CheckResult(base, head, report, pilots, revisions.base.hexsha, lines)


_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def changed_lines(revisions: _Revisions) -> dict[str, frozenset[int]]:
    """From ``git diff -U0 merge-base..head`` (or the working tree, with its untracked
    files whole): the new side's lines of every hunk, by absolute path."""
    from bygdevekst_cli.gitrun import run_git

    head = [revisions.head.hexsha] if revisions.head is not None else []
    output = run_git(
        revisions.repo,
        "diff",
        "-U0",
        "--no-color",
        "--no-ext-diff",
        "-M",
        "--src-prefix=a/",
        "--dst-prefix=b/",
        revisions.base.hexsha,
        *head,
        "--",
        revisions.pilots,
    )
    found: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in output.splitlines():
        if line.startswith("+++ "):
            name = _unquote(line[4:])
            current = None if name == "/dev/null" else found.setdefault(name[2:], set())
        elif current is not None and (hunk := _HUNK.match(line)):
            start, count = int(hunk[1]), int(hunk[2] or 1)
            # a deletion touches the lines on either side of where the text was
            current.update(range(start, start + count) if count else (start, start + 1))
    if revisions.head is None:
        others = run_git(
            revisions.repo, "ls_files", "--others", "--exclude-standard", "-z", revisions.pilots
        )
        for name in filter(None, others.split("\0")):
            found[name] = set(range(1, _line_count(revisions.root / name) + 1))
    return {resolved(revisions.root / n).as_posix(): frozenset(v) for n, v in found.items()}


def _unquote(name: str) -> str:
    """A path as git prints it: C-quoted when it holds unusual characters."""
    if not name.startswith('"'):
        return name
    raw = name[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")
    return raw.encode("latin-1").decode("utf-8", "replace")


def _line_count(path: Path) -> int:
    try:
        return len(path.read_bytes().splitlines()) or 1
    except OSError:
        return 1


def changed_pilots(revisions: _Revisions) -> dict[str, str]:
    """Every pilot folder (``pilots/<id>``) with a file that differs between base and head,
    with the folder it had in base (another one when the pilot was moved); a pilot a file
    was moved out of (a plan given to another pilot) is one of them."""
    from bygdevekst_cli.gitlog import parse_name_status
    from bygdevekst_cli.gitrun import run_git

    repo, base, head = revisions.repo, revisions.base.hexsha, revisions.head
    pilots = revisions.pilots
    arguments = [base, head.hexsha] if head is not None else [base]
    output = run_git(repo, "diff", "--name-status", "-M", "-z", *arguments, "--", pilots)
    moves = dict(parse_name_status(output))
    if head is None:  # new files the working tree has not staged yet
        others = run_git(repo, "ls_files", "--others", "--exclude-standard", "-z", pilots)
        moves.update((name, name) for name in others.split("\0") if name)
    changed: dict[str, str] = {}
    for new, old in sorted(moves.items()):
        folder, old_folder = _pilot_folder(new, pilots), _pilot_folder(old, pilots)
        if folder is not None:
            changed.setdefault(folder, folder)
            if old_folder is not None and new.endswith(f"/{PILOT_FILE}"):
                changed[folder] = old_folder
        if old_folder is not None and old_folder != folder:  # a file moved out of a pilot
            changed.setdefault(old_folder, old_folder)
    moved_away = {b for f, b in changed.items() if f != b}
    return {f: b for f, b in changed.items() if f != b or f not in moved_away}


def _pilot_folder(path: str, pilots: str) -> str | None:
    """The pilot folder (``<pilots>/<id>``) a repository path is in; None outside one, or
    in a hidden folder under ``pilots/`` (what a killed import left), which ``validate``
    does not read either."""
    parts = PurePosixPath(path).relative_to(pilots).parts if path.startswith(f"{pilots}/") else ()
    if len(parts) > 1 and not _hidden(parts[0]):
        return f"{pilots}/{parts[0]}"
    return None


def _hidden(name: str) -> bool:
    return name.startswith(".")


def pilots_folder(repo: git.Repo, root: Path, cwd: Path, head: git.Commit | None) -> str:
    """The ``pilots/`` folder ``check`` reads, relative to ``root``: the nearest at or above
    ``cwd`` in the repository, as ``validate`` finds it from there (``bygdevekst/pilots``
    when the pilots are kept in a subfolder and check runs in it or below), in the working
    tree or at ``head``; the root's ``pilots`` when there is none (then what is wrong is
    said where the folder is read, with where the pilots are when they are elsewhere)."""
    try:
        inside = cwd.resolve().relative_to(root)
    except ValueError:  # the working tree named elsewhere ($GIT_WORK_TREE)
        inside = Path()
    for folder in (inside, *inside.parents):
        candidate = (folder / PILOTS_DIR).as_posix()
        if _is_folder(root, candidate, head):
            return candidate
    elsewhere = _pilots_elsewhere(repo, head)
    if elsewhere:  # run where validate would find them: say where that is
        example = (root / elsewhere[0]).parent
        with contextlib.suppress(ValueError):  # on another drive (Windows): in full
            example = Path(os.path.relpath(example, cwd))
        from bygdevekst_cli.repository import folder_named

        shown = folder_named(cwd, cwd, cli_words())
        raise PilotsElsewhere(folder=shown, found=", ".join(elsewhere), example=example)
    return PILOTS_DIR


def _pilots_elsewhere(repo: git.Repo, head: git.Commit | None) -> list[str]:
    """The ``pilots/`` folders deeper in the repository (``bygdevekst/pilots``) that hold a
    pilot, in git's index or at ``head``; asked only when there is none where check looks."""
    from bygdevekst_cli.gitrun import run_git

    listed = ["ls_tree", "-r", "--name-only", "-z", head.hexsha] if head else ["ls_files", "-z"]
    try:
        paths = run_git(repo, *listed).split("\0")
    except UserError:  # no index (a bare repository): nothing to name
        return []
    found = set()
    for path in paths:
        parts = PurePosixPath(path).parts
        if len(parts) > 3 and parts[-3] == PILOTS_DIR and parts[-1] == PILOT_FILE:
            found.add(PurePosixPath(*parts[:-2]).as_posix())
    return sorted(found)


def _submodule_in(root: Path, pilots: str, head: git.Commit | None) -> str | None:
    """``pilots``, or the first pilot folder in it, that is a git submodule (a repository
    of its own) at ``head`` or, for None, in the working tree, where its checkout has a
    ``.git`` of its own: git's diff and trees have the submodule's commit only, not the
    pilot files in it."""
    if head is None:
        folder = root / pilots
        inside = sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
        found = next((p for p in (folder, *inside) if (p / ".git").exists()), None)
        return found.relative_to(root).as_posix() if found is not None else None
    try:
        node = head.tree / pilots
    except KeyError:
        return None
    if node.type == "submodule":
        return pilots
    return next((str(item.path) for item in node if item.type == "submodule"), None)


def _refused_submodule(
    submodule: str, pilots: str, base: tuple[str, git.Commit], head: git.Commit | None
) -> UserError:
    """check does not read pilots through a submodule (the repository's diff and trees
    have its commit only): what to run instead, with the commits the submodule has where
    the head left the base and at the head, which ``diff`` reads in its own repository."""
    w = cli_words()
    name, commit = base
    at_base = _submodule_commit(submodule, commit)
    at_head = _submodule_commit(submodule, head) if head is not None else ""
    if at_base is None or at_head is None:  # new, or gone: no commit to compare with
        return UserError(w("cli.msg.git.pilots_submodule", folder=f"{submodule}/"))
    pilot = "PILOT" if submodule == pilots else submodule
    command = f"bygdevekst diff {pilot} --base {at_base[:7]}"
    if at_head:
        command += f" --head {at_head[:7]}"
    return UserError(
        w(
            "cli.msg.git.pilots_submodule_commits",
            folder=f"{submodule}/",
            command=command,
            commit=at_base[:7],
            revision=name,
        )
    )


def _submodule_commit(submodule: str, at: git.Commit) -> str | None:
    """The commit the submodule ``submodule`` has at ``at``; None where it is none."""
    try:
        node = at.tree / submodule
    except KeyError:
        return None
    return str(node.hexsha) if node.type == "submodule" else None


def _is_folder(root: Path, relative: str, head: git.Commit | None) -> bool:
    if head is None:
        return (root / relative).is_dir()
    try:
        return bool((head.tree / relative).type == "tree")
    except KeyError:
        return False


def _head_folders(revisions: _Revisions) -> list[Path]:
    """Every pilot folder of the head (every folder under ``pilots/`` is a pilot)."""
    from bygdevekst_cli.pilotfolder import refuse_undecodable

    pilots_dir = revisions.root / revisions.pilots
    if revisions.head is None:  # (run_check has seen that the folder is there)
        # every folder is a pilot: one without pilot.yaml is reported (BV014), not skipped
        found = sorted(p for p in pilots_dir.iterdir() if p.is_dir() and not _hidden(p.name))
    else:
        try:
            tree = revisions.head.tree / revisions.pilots
        except KeyError:
            raise RevisionWithoutPilots(revision=revisions.head.hexsha[:12]) from None
        found = [revisions.root / str(t.path) for t in tree.trees if not _hidden(t.name)]
    for folder in found:
        refuse_undecodable(folder)  # as validate: every report is UTF-8
    return found


def _verify_trail(
    revisions: _Revisions, workspace: Workspace, base: str, head: str | None
) -> list[Finding]:
    """The tamper-evident trail of every pilot in the head (``verify``): adoption tags
    signed and trusted, adopted commits in the head's history, none dropped by a rewrite
    of the base's history. A revision git does not know is BV304, from the validation."""
    from bygdevekst_cli.verify import verify_pilot

    found: list[Finding] = []
    for folder in _head_folders(revisions):
        relative = folder.relative_to(revisions.root).as_posix()
        files = _read(revisions, relative, revisions.head, workspace)
        if not files.files:
            continue
        tip = head if head is not None else "HEAD"
        checked = verify_pilot(revisions.repo, files, tip, base, report_unknown=False)
        found.extend(checked.report.findings)
    return found


def _validate_head(revisions: _Revisions, workspace: Workspace) -> Report:
    folders = _head_folders(revisions)
    if revisions.head is None and not folders:
        # validate says what is wrong (no pilot folders: a usage error)
        return validate_paths([revisions.root / revisions.pilots], workspace.cwd)
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
    unread = _unread_files(new)
    if not new.files:  # gone, unless its folder could not be read (no permission)
        unlisted = [f.file for f in new.findings if f.code == YamlCode.UNREADABLE]
        error = FilesNotRead(files=unlisted) if unlisted else None
        return PilotChange(folder, None, removed=error is None, error=error)
    old = _read(revisions, base_folder, revisions.base, workspace)
    language = new.pilot.model.language if new.pilot else Language.BOKMAAL
    base = base_label(labels[0], revisions.named_base, revisions.base.hexsha, language)
    shown = head_label(labels[1], language)
    deleted = tuple((y, old.plans[y].display) for y in sorted(old.plans) if y not in new.plans)
    try:
        if not new.plans and not unread:  # no plan (left): the agreement and parties changed
            diff = diff_without_plan(old, new, base, shown)
            return PilotChange(folder, diff, language, deleted_plans=deleted)
        diff = diff_versions(old, new, base, shown)
        earlier = tuple(_earlier_years(old, new, (base, shown), language))
    except UserError as error:
        return PilotChange(folder, None, language, error=error)
    if unread:
        return PilotChange(folder, None, language, error=FilesNotRead(files=unread))
    year = max(new.plans)
    return PilotChange(folder, diff, language, earlier=earlier, year=year, deleted_plans=deleted)


def _unread_files(files: PilotFiles) -> list[str]:
    """The files of the pilot that did not read (YAML or model errors).

    A diff without them is wrong, not partial: a plan that does not read leaves the newest
    plan that does, so the diff compared last year's plan with itself and said that nothing
    changed, in the summary a reviewer reads beside the errors.
    """
    read = {document.display for document in files.documents()}
    return sorted(
        {f.file for f in files.findings if f.severity is Severity.ERROR and f.file not in read}
    )


def _earlier_years(
    old: PilotFiles, new: PilotFiles, labels: tuple[str, str], language: Language
) -> Iterator[tuple[int, PilotDiff]]:
    """A diff of each plan year before the newest whose plan changed, labelled with its
    year; the agreement and pilot.yaml are in the newest year's diff only."""
    w = words(report_language(language))
    for year in sorted(new.plans)[:-1]:
        before = old.plans.get(year)
        if before is not None and before.model == new.plans[year].model:
            continue
        base, head = (f"{label}, {w('diff.plan')} {year}" for label in labels)
        diff = diff_versions(old, new, base, head, year)
        yield year, replace(diff, agreement=(), pilot_file=())
