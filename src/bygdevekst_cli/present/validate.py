"""One reporter per output format of ``validate``, registered in ``REPORTER_BY_NAME``.

A reporter writes a report to a stream. Only the text reporter knows about colour; it
imports rich when it runs, and rich decides on colour (a terminal, ``NO_COLOR``).
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import TextIO

from bygdevekst_cli.findings import Finding, Report, Severity
from bygdevekst_cli.jsontext import indented_json
from bygdevekst_cli.language import Words, cli_words
from bygdevekst_cli.present.console import make_console
from bygdevekst_cli.rulebook import name_of

_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow"}


def severity_word(severity: Severity, words: Words | None = None) -> str:
    """``feil`` or ``advarsel``: the one wording of a severity on the command line."""
    return (words or cli_words())(f"cli.validate.severity.{severity.value}")


def finding_severity(finding: Finding, words: Words) -> str:
    """The severity of ``finding`` in the standard its message is in (``Finding.language``),
    else in ``words``: «åtvaring» before a Nynorsk pilot's message in a run whose own words
    are Bokmål, as over pilots in both standards."""
    own = words if finding.language is None else cli_words(finding.language)
    return severity_word(finding.severity, own)


def summary(report: Report, words: Words | None = None) -> str:
    """``Ingen feil, 2 advarsler; 5 filer kontrollert.`` in the command line's language."""
    w = words or cli_words()
    slots = {
        "warnings": w.plural("cli.validate.warnings", report.warnings),
        "checked": w.plural("cli.validate.checked", len(report.files)),
    }
    if report.ok:
        return w("cli.validate.summary_ok", **slots)
    errors = w.plural("cli.validate.errors", report.errors)
    return w("cli.validate.summary_errors", errors=errors, **slots)


def place(finding: Finding, file: str | None = None) -> str:
    """``file:line:column`` of a finding (``file``: its file named another way)."""
    text = file if file is not None else finding.file
    if finding.line is not None:
        text += f":{finding.line}"
        if finding.column is not None:
            text += f":{finding.column}"
    return text


def report_text(report: Report, out: TextIO) -> None:
    """Grouped by file; ``file:line:col`` first so terminals and editors can jump there.

    Styled by rich on a terminal; written as plain lines (the same words, one line each)
    when the output is a file or a pipe, where styles would be dropped anyway.
    """
    if not _styled(out):
        _report_plain(report, out)
        return
    from rich.markup import escape

    console = make_console(out)
    w = cli_words()
    for file, findings in report.by_file():
        console.print(f"[bold]{escape(file)}[/bold]", soft_wrap=True)  # a path: never split
        for finding in findings:
            style = _SEVERITY_STYLE[finding.severity]
            console.print(
                f"  {escape(place(finding))}: [{style}]{finding_severity(finding, w)}"
                f"[/{style}] [dim]{finding.code}[/dim] {escape(finding.message)}",
                soft_wrap=True,
            )
    style = "bold green" if report.ok else "bold red"
    console.print(f"[{style}]{escape(summary(report, w))}[/{style}]", soft_wrap=True)


def _styled(out: TextIO) -> bool:
    """Whether the text goes to a terminal that shows styles (``NO_COLOR``: never;
    ``FORCE_COLOR``: also elsewhere, as rich reads them)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(out, "isatty", None)
    return bool(isatty is not None and isatty())


def _report_plain(report: Report, out: TextIO) -> None:
    w = cli_words()
    lines = []
    for file, findings in report.by_file():
        lines.append(file)
        lines.extend(
            f"  {place(f)}: {finding_severity(f, w)} {f.code} {f.message}" for f in findings
        )
    lines.append(summary(report, w))
    out.write("\n".join(lines) + "\n")


def report_json(report: Report, out: TextIO) -> None:
    out.write(indented_json(report.to_json()) + "\n")


def _below_root() -> str:
    """Where the command runs, relative to the repository's root (``bygdevekst``); empty
    at the root, or outside any repository."""
    from bygdevekst_cli.fsutil import resolved
    from bygdevekst_cli.present.locations import repository_root

    cwd = resolved(Path.cwd())
    try:
        below = cwd.relative_to(repository_root(cwd)).as_posix()
    except ValueError:
        return ""
    return "" if below == "." else below


def escape_data(value: str) -> str:
    """``value`` as the message of a GitHub Actions workflow command."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """``value`` as a property (``file=``, ``title=``) of a workflow command."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def report_github(report: Report, out: TextIO) -> None:
    """GitHub Actions workflow commands: one annotation per finding, then the summary. Each
    names its file relative to the repository's root, where GitHub looks for it, whichever
    folder the command ran in (``check`` in ``bygdevekst/`` of a repository that keeps its
    pilots there)."""
    lines = []
    below = _below_root()
    for finding in sorted(report.findings, key=Finding.sort_key):
        file = finding.file
        if below and not PurePath(file).is_absolute():  # as written, links not followed
            file = posixpath.normpath(posixpath.join(below, PurePath(file).as_posix()))
        properties = [f"file={escape_property(file)}"]
        if finding.line is not None:
            properties.append(f"line={finding.line}")
        if finding.column is not None:
            properties.append(f"col={finding.column}")
        name = name_of(finding.code)
        title = f"{finding.code} {name}" if name else finding.code
        properties.append(f"title={escape_property(title)}")
        command = f"::{finding.severity.value} {','.join(properties)}"
        lines.append(f"{command}::{escape_data(finding.message)}")
    lines.append(summary(report))
    out.write("\n".join(lines) + "\n")


Reporter = Callable[[Report, TextIO], None]

#: Every output format of ``validate``; its keys are the ``--format`` choices.
REPORTER_BY_NAME: dict[str, Reporter] = {
    "text": report_text,
    "json": report_json,
    "github": report_github,
}


def report_sarif(report: Report, out: TextIO) -> None:
    """SARIF 2.1.0 (``present/sarif.py``, imported when this format is asked for)."""
    from bygdevekst_cli.present.sarif import report_sarif as write

    write(report, out)


def report_gitlab(report: Report, out: TextIO) -> None:
    """GitLab Code Quality (``present/gitlab.py``, imported when asked for)."""
    from bygdevekst_cli.present.gitlab import report_gitlab as write

    write(report, out)


def report_junit(report: Report, out: TextIO) -> None:
    """JUnit XML (``present/junit.py``, imported when asked for)."""
    from bygdevekst_cli.present.junit import report_junit as write

    write(report, out)


REPORTER_BY_NAME.update(sarif=report_sarif, gitlab=report_gitlab, junit=report_junit)
