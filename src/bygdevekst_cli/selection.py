"""Which findings a report shows: inline suppression, severity overrides, select and ignore.

Pure functions over ``Report`` and ``Finding``; the commands call ``refine`` once with the
configuration and the command line's choices. Every ``validate`` loads this module, also
one the results cache serves: it knows the codes from the rulebook (``rulebook.py``), never
from the rules, and its records are named tuples (far cheaper to define than dataclasses).

- **Inline suppression.** ``# bygdevekst: ignore[BV224]`` (or ``ignore[BV224,BV225]``, codes
  or prefixes) at the end of the finding's line, or alone on the line above it, drops those
  findings there. A suppression that drops nothing is reported as BV090, a marker that
  cannot be read as BV091 (both warnings, themselves subject to select and ignore).
- **Severity.** ``severity = { BV224 = "error" }`` changes a code's severity (a prefix
  changes every code under it; the longest prefix wins).
- **Select and ignore.** A code is shown when it matches a ``select`` prefix and no
  ``ignore`` prefix that is as long or longer (the more specific entry wins, as in ruff).
  ``--select`` on the command line replaces the file's ``select``; ``--ignore`` adds to the
  file's ``ignore``. ``per-path-ignores`` drop codes in the files their glob matches,
  whatever ``select`` says.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from bygdevekst_cli.config import Config, check_code, place
from bygdevekst_cli.errors import UsageError
from bygdevekst_cli.filesize import read_within_limit
from bygdevekst_cli.findings import Finding, Report, Severity
from bygdevekst_cli.fsutil import resolved
from bygdevekst_cli.language import cli_words
from bygdevekst_cli.rulebook import is_known

if TYPE_CHECKING:  # pathspec is loaded only when the configuration has per-path-ignores
    import pathspec

UNUSED_SUPPRESSION = "BV090"
BAD_SUPPRESSION = "BV091"


# --- choosing codes ------------------------------------------------------------------------


def _longest(code: str, prefixes: Iterable[str]) -> int:
    """The length of the longest prefix that matches ``code`` (-1: none)."""
    return max((len(prefix) for prefix in prefixes if code.startswith(prefix)), default=-1)


def is_selected(code: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """Shown when the most specific matching entry is in ``select`` (a tie: ignored)."""
    chosen = _longest(code, select)
    return chosen >= 0 and chosen > _longest(code, ignore)


def parse_codes(values: Iterable[str]) -> tuple[str, ...]:
    """Codes from repeatable, comma-separated options (``--ignore BV22,BV304 --ignore BV1``)."""
    codes: list[str] = []
    for value in values:
        for part in value.split(","):
            if not part.strip():
                continue
            try:
                codes.append(check_code(part))
            except ValueError as error:
                raise UsageError(str(error)) from None
    return tuple(codes)


def _known(codes: Iterable[str], where: str | Config, *keys: str) -> None:
    """Refuse a code or prefix no rule has; ``where``: the option, or the configuration
    whose ``keys`` hold the codes (the message names its file and line)."""
    for code in codes:
        if not is_known(code):
            message = cli_words()("selection.unknown_code", code=code)
            raise UsageError(f"{_place(where, keys, code)}: {message}")


def _place(where: str | Config, keys: Sequence[str], value: str | None = None) -> str:
    """An option as it is, or ``file:line`` in the configuration (``bygdevekst``: none)."""
    if isinstance(where, str):
        return where
    if where.file is None:
        return "bygdevekst"
    return place(where.file, keys, value)


class PathIgnore(NamedTuple):
    """One ``per-path-ignores`` entry: a glob in ``.gitignore`` syntax and its codes."""

    pattern: str
    codes: tuple[str, ...]

    def matches(self, relative: str) -> bool:
        return _gitignore_spec(self.pattern).match_file(relative)


@functools.cache
def _gitignore_spec(pattern: str) -> pathspec.GitIgnoreSpec:
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines([pattern])


class Selection(NamedTuple):
    """What to show, from the configuration and the command line together."""

    select: tuple[str, ...] = ("BV",)
    ignore: tuple[str, ...] = ()
    per_path: tuple[PathIgnore, ...] = ()
    severity: Mapping[str, Severity] | None = None
    root: Path | None = None
    """The folder ``per_path`` globs are relative to (the configuration file's)."""


def selection_from(
    config: Config, select: Sequence[str] = (), ignore: Sequence[str] = ()
) -> Selection:
    """Combine the file's settings with ``--select``/``--ignore`` (see the module's notes)."""
    settings = config.settings
    _known(settings.select or (), config, "select")
    _known(settings.ignore, config, "ignore")
    for code in settings.severity:
        _known([code], config, "severity", code)
    for pattern, codes in settings.per_path_ignores.items():
        _known(codes, config, "per-path-ignores", pattern)
    cli_select, cli_ignore = parse_codes(select), parse_codes(ignore)
    _known(cli_select, "--select")
    _known(cli_ignore, "--ignore")
    return Selection(
        select=cli_select or settings.select or ("BV",),
        ignore=(*settings.ignore, *cli_ignore),
        per_path=tuple(PathIgnore(g, c) for g, c in settings.per_path_ignores.items()),
        severity=dict(settings.severity),
        root=config.root,
    )


def _relative(file: str, cwd: Path, root: Path | None) -> str | None:
    if root is None:
        return None
    try:
        return (cwd / file).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


def _override(finding: Finding, severity: Mapping[str, Severity]) -> Finding:
    best = max((code for code in severity if finding.code.startswith(code)), key=len, default=None)
    if best is None or severity[best] is finding.severity:
        return finding
    return replace(finding, severity=severity[best])


def select_findings(report: Report, selection: Selection, cwd: Path) -> Report:
    """Severity overrides, then ``select``/``ignore`` and ``per-path-ignores``."""
    kept: list[Finding] = []
    for finding in report.findings:
        if not is_selected(finding.code, selection.select, selection.ignore):
            continue
        relative = _relative(finding.file, cwd, selection.root) if selection.per_path else None
        if relative is not None and any(
            finding.code.startswith(code)
            for rule in selection.per_path
            if rule.matches(relative)
            for code in rule.codes
        ):
            continue  # a per-path ignore wins over any select, as in ruff
        kept.append(_override(finding, selection.severity or {}))
    return Report(kept, list(report.files))


# --- inline suppression --------------------------------------------------------------------

_MARKER = re.compile(r"#\s*bygdevekst\s*:")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SUPPRESSION = re.compile(r"#\s*bygdevekst\s*:\s*ignore\[([^\]]*)\]\s*(?:#.*)?$")


class Suppression(NamedTuple):
    """One ``# bygdevekst: ignore[...]`` comment."""

    line: int
    """The comment's own line."""
    column: int
    target: int
    """The line whose findings it drops: its own, or the next when it stands alone."""
    codes: tuple[str, ...]


class BadMarker(NamedTuple):
    line: int
    column: int
    text: str


def scan_suppressions(text: str) -> tuple[list[Suppression], list[BadMarker]]:
    """Every suppression comment in a YAML file's text, and the markers that do not parse."""
    found: list[Suppression] = []
    bad: list[BadMarker] = []
    # lines as editors and git count them (not ``splitlines``, which also breaks at U+2028)
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        marker = _MARKER.search(line)
        if marker is None:
            continue
        column = marker.start() + 1
        match = _SUPPRESSION.match(line, marker.start())
        codes: tuple[str, ...] = ()
        if match is not None:
            try:
                codes = parse_codes([match.group(1)])
            except UsageError:
                codes = ()
        if not codes:
            bad.append(BadMarker(number, column, line[marker.start() :].strip()))
            continue
        alone = not line[: marker.start()].strip()
        found.append(Suppression(number, column, number + 1 if alone else number, codes))
    return found, bad


TextReader = Callable[[str], str | None]
"""The text of a file as findings name it (None: it cannot be read; a reader may also give
None for a file without the word ``bygdevekst``, as it can hold no suppression)."""


def folder_reader(cwd: Path) -> TextReader:
    """Files on disk, relative to where the command runs (as findings name them).

    Every file of the report is read again here, and few hold a marker: the bytes are
    searched for the word first (in UTF-8 an ASCII word is found in the bytes exactly when it
    is in the text), so most files are never decoded."""

    def read(file: str) -> str | None:
        try:
            data = read_within_limit(cwd / file)  # a file too large (BV007) is left unread
            return data.decode("utf-8") if _MARKER_WORD in data else None
        except (OSError, UnicodeDecodeError):
            return None

    return read


_MARKER_WORD = b"bygdevekst"
"""The word every suppression marker holds (``_MARKER``)."""


def _suppressed_by(finding: Finding, suppressions: Iterable[Suppression]) -> list[str]:
    """The ``(line, code)`` keys of the suppressions that drop ``finding``."""
    return [
        f"{s.line}:{code}"
        for s in suppressions
        if s.target == finding.line
        for code in s.codes
        if finding.code.startswith(code)
    ]


def suppress(report: Report, read: TextReader) -> Report:
    """Drop the findings an inline comment suppresses; report unused and unreadable ones."""
    w = cli_words()
    by_file: dict[str, tuple[list[Suppression], list[BadMarker]]] = {}
    for file in sorted(set(report.files) | {f.file for f in report.findings}):
        text = read(file) if file.endswith((".yaml", ".yml")) else None
        if text is not None and "bygdevekst" in text:
            by_file[file] = scan_suppressions(text)
    if not by_file:
        return report
    used: set[tuple[str, str]] = set()
    kept: list[Finding] = []
    for finding in report.findings:
        suppressions = by_file.get(finding.file, ([], []))[0]
        hits = _suppressed_by(finding, suppressions) if finding.line is not None else []
        used.update((finding.file, key) for key in hits)
        if not hits:
            kept.append(finding)
    for file, (suppressions, bad) in by_file.items():
        for s in suppressions:
            unused = [c for c in s.codes if (file, f"{s.line}:{c}") not in used]
            if unused:
                message = w.plural("selection.unused", len(unused), codes=", ".join(unused))
                kept.append(
                    Finding(Severity.WARNING, UNUSED_SUPPRESSION, message, file, s.line, s.column)
                )
        for marker in bad:
            message = w("selection.bad", text=marker.text)
            kept.append(
                Finding(
                    Severity.WARNING, BAD_SUPPRESSION, message, file, marker.line, marker.column
                )
            )
    return Report(kept, list(report.files)).sorted()


def refine(report: Report, selection: Selection, cwd: Path, read: TextReader | None) -> Report:
    """Everything this module does, in order: suppress inline, then override and select."""
    if read is not None:
        report = suppress(report, read)
    return select_findings(report, selection, cwd).sorted()


def count_by_code(report: Report) -> list[tuple[str, int]]:
    """``(code, count)`` for the statistics, most frequent first, then by code."""
    counts = Counter(f.code for f in report.findings)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def commit_reader(cwd: Path, revision: str) -> TextReader:
    """Files as they are in a commit (``check --head REV``), named relative to ``cwd``."""
    from bygdevekst_cli.gitsource import open_repository, resolve_commit

    repo = open_repository(cwd)
    commit = resolve_commit(repo, revision)
    root = Path(repo.working_dir).resolve()

    def read(file: str) -> str | None:
        try:
            relative = resolved(cwd / file).relative_to(root).as_posix()
            data: bytes = (commit.tree / relative).data_stream.read()
            return data.decode("utf-8")
        except (KeyError, ValueError, UnicodeDecodeError):
            return None

    return read


# --- what a command needs ------------------------------------------------------------------


class CommandChoices(NamedTuple):
    """The configuration and the command line, resolved for ``validate`` and ``check``."""

    selection: Selection
    output_format: str
    config: Config


def command_choices(
    given_format: str | None,
    formats: Iterable[str],
    default_format: str,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    cwd: Path | None = None,
) -> CommandChoices:
    """Read the configuration (warning on stderr when two files compete), set its language,
    and combine it with the options; a bad value is a ``UsageError`` naming the file."""
    import sys

    from bygdevekst_cli.config import apply_language, load_config

    loaded = load_config(cwd)
    if loaded.warning is not None:
        print(loaded.warning, file=sys.stderr)
    config = loaded.config
    apply_language(config)
    choices = sorted(formats)
    configured = config.settings.format
    if configured is not None and configured not in choices:
        message = cli_words()("config.bad_format", value=configured, choices=", ".join(choices))
        raise UsageError(f"{_place(config, ['format'], configured)}: {message}")
    output_format = given_format or configured or default_format
    return CommandChoices(selection_from(config, select, ignore), output_format, config)
