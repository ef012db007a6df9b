"""Validation: find the pilots a set of paths names, read them, run the rules, report.

Finding the pilots and serving them from the results cache needs no model, rule or YAML
parser: those are imported where a pilot is really read (``check_pilot``), so a run whose
pilots are all in the cache (the pre-commit hook, an editor's save) never loads them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import os
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, NamedTuple

from bygdevekst_cli.collector import collect_less, collecting_less
from bygdevekst_cli.errors import UsageError, UserError
from bygdevekst_cli.findings import Finding, Report, Severity, cut
from bygdevekst_cli.fsutil import as_named_on_disk
from bygdevekst_cli.language import Words, cli_words, works_on
from bygdevekst_cli.pilotfolder import (
    AGREEMENT_FILE,
    MISSING_FILE,
    PILOT_FILE,
    PILOTS_DIR,
    PLANS_DIR,
    FileSource,
    FolderSource,
    holds_pilot_file,
    inside,
    leads_somewhere,
    not_a_folder,
    refuse_undecodable,
)
from bygdevekst_cli.resultcache import PilotOutcome

if TYPE_CHECKING:
    from bygdevekst_cli.pilotset import Parse, PilotFiles

RULES_NOT_RUN = "BV015"
"""A file checked without its pilot's rules: which rules were not run, and why."""


class Target(NamedTuple):
    """One pilot folder to check, and which of its files to report on (None: all)."""

    folder: Path
    only: frozenset[Path] | None = None
    typed_relative: bool = False
    """Whether the command line named it by a relative path (``../other/pilots/x``): its
    files are shown relative to the current folder then, also outside it
    (``display_path``)."""

    def shown(self, path: Path, cwd: Path) -> str:
        """``path`` (the folder, or a file of it) as messages name it."""
        return display_path(path, cwd, relative=self.typed_relative)

    def files(self) -> list[Path]:
        """The files a command that rewrites files (``fmt``, ``migrate``) goes through: the
        ones named, else every YAML file of the pilot folder; only its ``plans``, when that
        is no folder (``refuse_plans_not_folder``): none of its files is rewritten then."""
        if self.only is not None:
            return sorted(self.only)
        if self.folder.is_symlink() and not leads_somewhere(self.folder):
            return [self.folder]  # the pilot's folder a link to nothing: ``refuse_link_out``
        if not_a_folder(self.folder / PLANS_DIR):
            return [self.folder / PLANS_DIR]
        source = FolderSource(self.folder)
        # a link that leads nowhere too (``refuse_link_out`` names it): it had been passed by,
        # and ``fmt --check`` said all was in order while ``validate`` found an error there
        broken = [link for link, why in source.unfollowed_links() if why == "link_broken"]
        return [self.folder / name for name in sorted([*source.yaml_files(), *broken])]

    def language(self) -> str | None:
        """The written standard the pilot's pilot.yaml names (None: no pilot.yaml, or none
        named): ``fmt`` and ``migrate`` speak it (``language.works_on``)."""
        from bygdevekst_cli.pilotset import pilot_language

        folder = FolderSource(self.folder)
        return pilot_language(folder) if PILOT_FILE in folder.yaml_files() else None


def find_repository_pilots(start: Path) -> Path:
    """The ``pilots/`` folder of the repository that holds ``start``; wrong use when there
    is none, saying where pilots are when a folder below the repository's root (or
    ``start``) has them (``data/pilots/``)."""
    from bygdevekst_cli.repository import folder_named, pilots_elsewhere, refuse_pilots_not_folder

    w = cli_words()
    top = start
    for folder in (start, *start.parents):
        candidate = folder / PILOTS_DIR
        if candidate.is_dir():
            return candidate
        refuse_pilots_not_folder(candidate, start, w)
        if (folder / ".git").exists():
            top = folder
            break
    elsewhere = pilots_elsewhere(top, start, w)
    shown = folder_named(start, start, w)
    raise UsageError(
        elsewhere or w("pilotset.usage.no_pilots_folder", folder=PILOTS_DIR, start=shown)
    )


def resolve_pilot(pilot: str, cwd: Path) -> Path:
    """A pilot named by its folder path, or by its id under the repository's ``pilots/``."""
    given = Path(pilot)
    direct = given if given.is_absolute() else cwd / given
    if holds_pilot_file(direct):
        return as_named_on_disk(direct.resolve())
    try:
        folder = find_repository_pilots(cwd) / pilot
    except UsageError:
        if not direct.is_dir():
            raise
        folder = None
    if folder is not None and holds_pilot_file(folder):
        return as_named_on_disk(folder.resolve())
    if direct.is_dir():  # a folder, but not a pilot's: say what it lacks
        from bygdevekst_cli.gitsource import git_folder_instead

        instead = git_folder_instead(direct, cut(pilot))
        if instead is not None:  # a repository's git folder, or a bare repository
            raise UsageError(instead)
        words = cli_words()
        raise UsageError(words("cli.suggest.no_pilot_file", name=cut(pilot), file=PILOT_FILE))
    raise UsageError(cli_words()("pilotset.usage.no_pilot", pilot=cut(pilot)))


def targets_for(paths: Sequence[Path], cwd: Path) -> list[Target]:
    """Resolve command-line paths to pilot folders; a missing path is a usage error.

    With no path, every pilot of the repository: its files are shown relative to the
    current folder, as a path typed there would be (``../pilots/x`` from a folder beside
    ``pilots/``), not absolute as a path typed absolute is."""
    typed = bool(paths)
    if not paths:
        paths = [find_repository_pilots(cwd)]
    by_folder: dict[Path, set[Path] | None] = {}
    typed_relative: dict[Path, bool] = {}
    for given in paths:
        path = _absolute(cwd / given)  # an absolute ``given`` stays as it is
        if not path.exists():
            _speak_the_language_of_its_pilot(path)
            raise UsageError(cli_words()("pilotset.usage.no_path", path=given))
        relative = not typed or not Path(given).is_absolute()
        shown = functools.partial(display_path, cwd=cwd, relative=relative)
        for folder, file in _targets_of(path, shown):
            typed_relative.setdefault(folder, relative)
            if file is None or by_folder.get(folder, set()) is None:
                by_folder[folder] = None
            else:
                files = by_folder.setdefault(folder, set())
                assert files is not None
                files.add(file)
    return [
        Target(folder, None if files is None else frozenset(files), typed_relative[folder])
        for folder, files in sorted(by_folder.items())
    ]


def named_files(paths: Sequence[Path], cwd: Path) -> Iterator[tuple[Path, str, Path]]:
    """Every YAML file of the pilots (or the single files) ``paths`` names, with the path
    messages show and its pilot folder, for the commands that rewrite files one by one
    (``fmt``, ``migrate``). Each pilot's written standard is set before its first file, so
    that what is said of a file is said in its pilot's words."""
    for target in targets_for(paths, cwd):
        works_on(target.language())
        for path in target.files():
            yield path, target.shown(path, cwd), target.folder


def refuse_link_out(path: Path, display: str, folder: Path) -> None:
    """Refuse a file of ``named_files`` that is a symbolic link out of its pilot folder:
    named on the command line, ``fmt`` and ``migrate`` read it through the link and
    replaced the link by a file of their own; ``validate`` neither reads it nor follows it
    (BV011), and a folder's walk leaves it out (``FolderSource``)."""
    if path.is_symlink() and not leads_somewhere(path):
        raise UserError(cli_words()("pilotset.link_broken", name=display))
    if path.is_symlink() and not inside(path, folder.resolve()):
        raise UserError(cli_words()("pilotset.link_outside", name=display))


def refuse_plans_not_folder(path: Path, display: str, folder: Path) -> None:
    """Refuse a pilot of ``named_files`` whose ``plans`` is a file (or a link to one), not
    a folder: ``fmt`` and ``migrate`` went through its other files and said all was in
    order, as if it had no plans."""
    if path == folder / PLANS_DIR and not_a_folder(path):
        w = cli_words()
        plan_file = w("cli.msg.file.plan_file", plans=PLANS_DIR)
        raise UserError(
            w("cli.msg.file.plans_not_folder", path=display, plans=PLANS_DIR, file=plan_file)
        )


def _absolute(path: Path) -> Path:
    """``path`` made absolute with its folders resolved, but a link at its end kept as a
    link: a file linked from outside is reported, never read through."""
    if path.name in ("", ".", "..") or not path.is_symlink():
        return path.resolve()
    return path.parent.resolve() / path.name


def _speak_the_language_of_its_pilot(path: Path) -> None:
    """A path in a pilot folder that is wrong (a file missing, its ``plans/`` named as if a
    folder of pilots) is told in the pilot's written standard, as its findings are."""
    folder = _pilot_folder_of(path)
    if holds_pilot_file(folder):
        works_on(Target(folder).language())


def _targets_of(path: Path, shown: Callable[[Path], str]) -> Iterable[tuple[Path, Path | None]]:
    """The pilot folders (and the file, for a file) ``path`` names; ``shown``: a path as
    messages name it (as the user typed it, or relative to the current folder)."""
    if path.is_file() or (path.is_symlink() and not path.is_dir()):
        yield _pilot_folder_of(path), path
    elif holds_pilot_file(path) or path.parent.name == PILOTS_DIR:
        yield path, None
    else:
        # Under pilots/ every folder is a pilot, also one whose pilot.yaml is missing.
        wanted = _is_pilots_folder(path)
        folders = sorted(
            p
            for p in path.iterdir()
            if not p.name.startswith(".")
            and (
                (p.is_dir() and (wanted or holds_pilot_file(p)))
                # a pilot's folder linked from where it is not (not cloned, moved): reported
                # as the link it is, not passed by as if the pilot were not there
                or (wanted and p.is_symlink() and not leads_somewhere(p))
            )
        )
        if not folders and not wanted and (path / PILOTS_DIR).is_dir():
            # a repository's root (``validate .`` there): the pilots under its pilots/
            yield from _targets_of(path / PILOTS_DIR, shown)
            return
        pilot = None if folders or wanted else _pilot_around(path)
        if pilot is not None:  # a folder of a pilot (``validate .`` in its plans/): the pilot
            yield pilot, None
            return
        if not folders:  # (a folder of no pilots, an empty pilots/)
            _speak_the_language_of_its_pilot(path)
            words = cli_words()
            message = words("pilotset.usage.no_pilot_folders", file=PILOT_FILE, path=shown(path))
            raise UsageError(message)
        for folder in folders:
            refuse_undecodable(folder)  # every report is UTF-8: such a name is refused
            yield folder, None


def _is_pilots_folder(path: Path) -> bool:
    return path.name == PILOTS_DIR


def _pilot_folder_of(file: Path) -> Path:
    """The nearest folder above ``file`` that holds a pilot.yaml, else the natural one."""
    found = _pilot_around(file)
    if found is not None:
        return found
    return file.parent.parent if file.parent.name == PLANS_DIR else file.parent


def _pilot_around(path: Path) -> Path | None:
    """The pilot folder ``path`` (a file, or a folder such as ``plans/``) is in: the
    nearest folder above it that holds a pilot.yaml or stands in a ``pilots/``; None when
    there is none (a ``pilots/`` folder ends the search)."""
    for folder in path.parents:
        if holds_pilot_file(folder) or folder.parent.name == PILOTS_DIR:
            return folder
        if folder.name == PILOTS_DIR:
            break
    return None


def display_path(path: Path, cwd: Path, *, relative: bool = False) -> str:
    """Paths in findings: relative to where the user stands, with forward slashes. One
    outside it (an absolute ``path``) is absolute, unless ``relative``: named on the command
    line by a relative path, it is shown as it was typed (``../other/pilots/x``), as
    ``fsutil.seen_from`` shows the paths ``init`` and ``plan new`` write."""
    here = cwd.resolve()
    try:
        return path.relative_to(here).as_posix() or "."
    except ValueError:
        pass
    if relative:
        with contextlib.suppress(ValueError):  # on another drive (Windows): no relative path
            return Path(os.path.relpath(path, here)).as_posix()
    return path.as_posix()


def command_argument(text: str) -> str:
    """``text`` (a path) as one argument of a command the user is told to run: in double
    quotes when it holds a space or a character a shell reads, as a folder chosen with
    ``--dir`` may (cmd, PowerShell and POSIX shells all take a double-quoted path)."""
    return f'"{text}"' if any(c.isspace() or c in "'\"&|;<>()$`*?!#" for c in text) else text


def validate_pilot(files: PilotFiles) -> Report:
    """Every finding for one pilot that has already been read."""
    from bygdevekst_cli.rules import run_rules

    report = Report(list(files.findings), list(files.files))
    report.extend(run_rules(files))
    return report


def _standalone(target: Target, cwd: Path) -> Report:
    """Files outside any pilot folder (``target``'s ``only``): checked against their
    schema, and a notice that the rules across a pilot's files were not run. A file of no
    kind the tool knows (``notat.txt``) is said not to be checked (BV013), and is not
    counted among the files checked."""
    from bygdevekst_cli.models import file_kind
    from bygdevekst_cli.pilotset import read_document

    w = cli_words()
    report = Report()
    for path in sorted(target.only or ()):
        shown = target.shown(path, cwd)
        folder = path.parent.parent if path.parent.name == PLANS_DIR else path.parent
        relative = path.relative_to(folder).as_posix()
        kind = file_kind(PurePosixPath(relative))
        if kind is None:
            message = w("pilotset.unknown_standalone")
            report.findings.append(Finding(Severity.WARNING, "BV013", message, shown))
            continue
        report.files.append(shown)
        report.findings.extend(read_document(FolderSource(folder), relative, shown, kind)[1])
        message = w("pilotset.rules_not_run_outside", codes=_pilot_rule_codes())
        report.findings.append(Finding(Severity.WARNING, RULES_NOT_RUN, message, shown))
    return report


def _pilot_rule_codes() -> str:
    """The span of codes of the rules that need the whole pilot (``BV016–BV305``)."""
    from bygdevekst_cli.rulebook import pilot_rule_span

    return pilot_rule_span()


def _in_pilot(folder: Path) -> bool:
    """Every folder under pilots/ is a pilot, and so is any folder with a pilot.yaml."""
    return holds_pilot_file(folder) or folder.parent.name == PILOTS_DIR


def _only(outcome: PilotOutcome, wanted: set[str]) -> Report:
    """The findings on the files asked for, plus what stops the pilot being read whole
    (a missing pilot.yaml), and a notice when a broken pilot-wide file kept rules from
    running on them."""
    kept = [f for f in outcome.findings if f.file in wanted or f.code == MISSING_FILE]
    if outcome.broken:
        w = cli_words(outcome.language)
        codes = _pilot_rule_codes()
        for shown in sorted(wanted - set(outcome.broken)):
            message = w("pilotset.rules_not_run_broken", file=outcome.broken[0], codes=codes)
            kept.append(Finding(Severity.WARNING, RULES_NOT_RUN, message, shown))
    return Report(kept, sorted(wanted))


def check_pilot(
    folder: Path,
    display: str,
    today: dt.date | None = None,
    source: FileSource | None = None,
    parse: Parse | None = None,
) -> PilotOutcome:
    """Read one pilot and run its rules: what ``validate`` reports on it (``parse``:
    ``load_yaml_bytes`` unless given)."""
    from bygdevekst_cli.loader import load_yaml_bytes
    from bygdevekst_cli.pilotset import read_pilot

    files = read_pilot(folder, display, today, source, parse or load_yaml_bytes)
    report = validate_pilot(files)
    broken = [
        _join_display(files.display, name)
        for name, document in ((PILOT_FILE, files.pilot), (AGREEMENT_FILE, files.agreement))
        if document is None
    ]
    language = pilot_language_of(files)
    return PilotOutcome(in_standard(report.findings, language), report.files, broken, language)


def in_standard(findings: list[Finding], language: str | None) -> list[Finding]:
    """``findings`` marked as worded in ``language``, the pilot's written standard (which
    its rules word their messages in: ``rules.registry.rule_words``)."""
    if language is None:
        return findings
    return [dataclasses.replace(finding, language=language) for finding in findings]


def _link_out(shown: str, folder: Path) -> Finding:
    from bygdevekst_cli.loader import YamlCode

    why = "pilotset.link_outside" if leads_somewhere(folder) else "pilotset.link_broken"
    message = cli_words()(why, name=cut(shown))
    return Finding(Severity.ERROR, YamlCode.UNREADABLE, message, shown)


def _join_display(display: str, relative: str) -> str:
    return f"{display.rstrip('/')}/{relative}" if display not in ("", ".") else relative


def validate_paths(
    paths: Sequence[Path],
    cwd: Path | None = None,
    today: dt.date | None = None,
    *,
    whole_pilots: bool = False,
    use_cache: bool = True,
    jobs: int | None = 1,
) -> Report:
    """Validate the pilots the paths name (default: every pilot of the repository).

    A file is checked in its pilot, with the pilot's rules; only its own findings are
    reported, unless ``whole_pilots``, which reports on every pilot a path belongs to whole
    (the pre-commit hook: a change to one plan can break a rule in another).

    ``use_cache``: keep and reuse results (``resultcache``); ``jobs``: at most this many
    worker processes across pilots (None: one per CPU), used only when there are enough
    pilots to gain from them (``workers_for``). The report is the same either way.
    """
    from bygdevekst_cli import cache

    cwd = cwd or Path.cwd()
    today = today or dt.date.today()
    with contextlib.ExitStack() as stack:
        if not use_cache:
            stack.enter_context(cache.disabled())
        return _validate_targets(targets_for(paths, cwd), cwd, today, whole_pilots, jobs)


def _validate_targets(
    targets: list[Target], cwd: Path, today: dt.date, whole_pilots: bool, jobs: int | None
) -> Report:
    from bygdevekst_cli import cache

    report = Report()
    tasks: list[_Task] = []
    pending: list[Target | Report] = []
    for target in targets:
        shown = target.shown(target.folder, cwd)
        if not _in_pilot(target.folder) and target.only is not None:
            pending.append(_standalone(target, cwd))
        elif target.folder.is_symlink() and not inside(
            target.folder, target.folder.parent.resolve()
        ):
            # a pilot folder linked in from elsewhere, or from nowhere (a target not there)
            pending.append(Report([_link_out(shown, target.folder)]))
        else:
            pending.append(target)
            tasks.append((target.folder, shown, today, cache.enabled()))
    outcomes = iter(_run_tasks(tasks, jobs))
    for item in pending:
        if isinstance(item, Report):
            report.extend(item.findings)
            report.files.extend(item.files)
            continue
        outcome = _named_from_within(next(outcomes), item.folder, cwd)
        works_on(outcome.language)  # also when the results cache served the pilot
        if item.only is not None and not whole_pilots:
            pilot_report = _only(outcome, {item.shown(p, cwd) for p in item.only})
        else:
            pilot_report = Report(outcome.findings, outcome.files)
        report.extend(pilot_report.findings)
        report.files.extend(pilot_report.files)
    return report.sorted()


def _named_from_within(outcome: PilotOutcome, folder: Path, cwd: Path) -> PilotOutcome:
    """``outcome`` with its files named from the current folder when that is inside the
    pilot's (its ``plans/``): ``2026.yaml``, as the file is typed there and as a file asked
    for is named (``Target.shown``), not ``../plans/2026.yaml`` nor an absolute path."""
    here = cwd.resolve()
    if here == folder or not here.is_relative_to(folder):
        return outcome

    def seen(file: str) -> str:
        typed_relative = not Path(file).is_absolute()
        return display_path(Path(os.path.normpath(here / file)), here, relative=typed_relative)

    return outcome._replace(
        findings=[dataclasses.replace(f, file=seen(f.file)) for f in outcome.findings],
        files=[seen(file) for file in outcome.files],
        broken=[seen(file) for file in outcome.broken],
    )


_Task = tuple[Path, str, dt.date, bool]
"""One pilot to check: its folder, how it is shown, the date, whether to use the cache."""

#: Below this many pilots per worker, a worker process costs more than it saves: starting
#: it and handing its results back costs about what checking some 15 small pilots does.
MIN_PILOTS_PER_WORKER = 16


def default_jobs() -> int:
    """One worker per CPU this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def workers_for(pilots: int, jobs: int | None) -> int:
    """How many worker processes check ``pilots`` pilots (1: in this process)."""
    wanted = default_jobs() if jobs is None else jobs
    return max(1, min(wanted, pilots // MIN_PILOTS_PER_WORKER))


CheckPilot = Callable[..., PilotOutcome]
"""``check_pilot``, or a function that does what it does and more (``_SharingChecks``)."""


def _check_task(task: _Task, check: CheckPilot = check_pilot) -> PilotOutcome:
    from bygdevekst_cli import cache

    folder, shown, today, use_cache = task
    if use_cache and cache.enabled():
        from bygdevekst_cli.resultcache import check_pilot_cached

        return check_pilot_cached(folder, shown, today, check)
    with cache.disabled():
        return check(folder, shown, today)


class _SharingChecks:
    """``check_pilot`` within one ``repositories_shared()`` block (each repository opened
    once for the run), opened at the first pilot that is really checked: a run that the
    cache serves whole imports no rule."""

    def __init__(self, stack: contextlib.ExitStack) -> None:
        self.stack = stack
        self.sharing = False

    def __call__(self, *args: Any, **kwargs: Any) -> PilotOutcome:
        if not self.sharing:
            from bygdevekst_cli.rules.adoption import repositories_shared

            self.stack.enter_context(repositories_shared())
            self.sharing = True
        return check_pilot(*args, **kwargs)


def _start_worker() -> None:
    """A worker process: Ctrl+C left to the command, repositories shared and fewer
    collections until it ends.

    Ctrl+C reaches every process of the console (its process group; on Windows, every
    process attached to it), and each worker printed a traceback of its own; the command
    alone stops the pool and says so in one line. A worker forked with Ctrl+C held back
    (``_interrupt_held``) ignores it before it is let through."""
    from bygdevekst_cli.rules.adoption import share_repositories_in_this_process

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):  # not on Windows
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    share_repositories_in_this_process()
    collect_less()


def _run_tasks(tasks: list[_Task], jobs: int | None) -> list[PilotOutcome]:
    """Every task's outcome, in the order of the tasks, serially or in worker processes."""
    workers = workers_for(len(tasks), jobs)
    if workers == 1:
        with contextlib.ExitStack() as stack:
            stack.enter_context(collecting_less())
            checks = _SharingChecks(stack)
            return [_check_task(task, checks) for task in tasks]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunk = max(1, len(tasks) // (workers * 4))
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_start_worker
    ) as pool:
        try:
            with _interrupt_held():  # the workers are forked at the first task
                outcomes = pool.map(_check_task, tasks, chunksize=chunk)
            return list(outcomes)
        except KeyboardInterrupt:  # the pilots not yet begun are not waited for
            pool.shutdown(wait=False, cancel_futures=True)
            raise


@contextlib.contextmanager
def _interrupt_held() -> Iterator[None]:
    """Ctrl+C held back, not lost, within this block: a process forked here begins with it
    blocked (until ``_start_worker`` ignores it), and this one receives it at the block's
    end. Where signals cannot be blocked (Windows) the block changes nothing."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


# --- the gate: nothing is shown from data that breaks a rule ---------------------------------

#: How many errors the gate's message names before it counts the rest.
GATE_LIMIT = 5


class InvalidData(UserError):
    """A pilot's data breaks rules of severity error: no document or diff is made from it."""

    def __init__(
        self,
        display: str,
        report: Report,
        language: str | None,
        hint: str = "",
        revision: str | None = None,
    ) -> None:
        self.display = display
        self.report = report
        self.language = language
        super().__init__(gate_message(display, report, cli_words(language), hint, revision))


def gate_message(
    display: str, report: Report, w: Words, hint: str = "", revision: str | None = None
) -> str:
    """One line naming the pilot and the count, then the first errors, one per line.

    The first line says how to see every finding: ``validate`` for the working tree,
    ``check`` for a git ``revision`` (``validate`` reads no revision)."""
    errors = [
        f for f in sorted(report.findings, key=Finding.sort_key) if f.severity is Severity.ERROR
    ]
    count = w.plural("gate.errors", len(errors))
    if revision is None:
        lines = [w("gate.stopped", pilot=display, errors=count)]
    else:
        lines = [w("gate.stopped_at_revision", pilot=display, errors=count, revision=revision)]
    for finding in errors[:GATE_LIMIT]:
        place = finding.file + (f":{finding.line}" if finding.line is not None else "")
        lines.append(f"  {place}: {finding.code} {cut(finding.message, 160)}")
    if len(errors) > GATE_LIMIT:
        lines.append("  " + w("gate.more", count=len(errors) - GATE_LIMIT))
    if hint:
        lines.append(hint)
    return "\n".join(lines)


def pilot_language_of(files: PilotFiles) -> str | None:
    """The written standard of the pilot ``files`` were read from (its pilot.yaml, else the
    folder's), for messages about it; None when neither says."""
    if files.pilot is not None:
        return str(files.pilot.model.language.value)
    from bygdevekst_cli.pilotset import pilot_language

    return pilot_language(FolderSource(files.folder)) if files.folder.is_dir() else None


def require_valid(
    files: PilotFiles,
    *,
    allow_errors: bool = False,
    hint: str = "",
    revision: str | None = None,
) -> Report:
    """The pilot's report; ``InvalidData`` when it has errors (unless ``allow_errors``);
    ``revision``: the git revision the files were read at (None: the working tree)."""
    report = validate_pilot(files)
    if not report.ok and not allow_errors:
        raise InvalidData(files.display, report, pilot_language_of(files), hint, revision)
    return report


def require_valid_pilot(
    pilot: str, cwd: Path | None = None, *, draft: bool | None = None
) -> Report:
    """``require_valid`` for a pilot named as the commands name it (an id or a folder).

    ``draft`` is for ``render``: True lets errors through (the document is marked), False
    adds the hint that ``--draft`` exists to the message.
    """
    from bygdevekst_cli.pilotset import read_pilot

    cwd = cwd or Path.cwd()
    folder = resolve_pilot(pilot, cwd)
    files = read_pilot(folder, display_path(folder, cwd))
    hint = cli_words(pilot_language_of(files))("gate.draft_hint") if draft is False else ""
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
        require_valid(read_at(folder, revision, cwd), revision=revision)
