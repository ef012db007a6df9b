"""The text forms ``--statistics`` and ``--quiet`` give a report.

``--statistics`` prints one line per code (count, code, name, severity), most frequent
first, instead of each finding, then the usual summary line. ``--quiet`` passes the text
and github reporters a view of the report with the errors only, whose summary still counts
the warnings it does not show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TextIO

from bygdevekst_cli.findings import Report, Severity
from bygdevekst_cli.language import cli_words
from bygdevekst_cli.present.console import make_console
from bygdevekst_cli.rulebook import name_of
from bygdevekst_cli.selection import count_by_code


@dataclass
class QuietReport(Report):
    """The errors of a report; ``warnings`` counts those of the whole report."""

    hidden_warnings: int = 0

    @property
    def warnings(self) -> int:
        return super().warnings + self.hidden_warnings


def quiet(report: Report) -> QuietReport:
    errors = [f for f in report.findings if f.severity is Severity.ERROR]
    return QuietReport(errors, list(report.files), report.warnings)


def report_statistics(report: Report, out: TextIO) -> None:
    """``  13  BV224  case-number-missing  advarsel`` per code, then the summary line."""
    from rich.markup import escape

    from bygdevekst_cli.present.validate import summary

    w = cli_words()
    severities = {f.code: f.severity for f in report.findings}
    console = make_console(out)
    counts = count_by_code(report)
    if counts:
        console.print(w("report.statistics"))
        width = max(len(str(count)) for _, count in counts)
        names = {code: name_of(code) for code, _ in counts}
        name_width = max(len(name) for name in names.values())
        for code, count in counts:
            word = w("report.error" if severities[code] is Severity.ERROR else "report.warning")
            line = f"  {count:>{width}}  {code}  {names[code]:<{name_width}}  {word}"
            console.print(escape(line.rstrip()), soft_wrap=True)
    style = "bold green" if report.ok else "bold red"
    console.print(f"[{style}]{escape(summary(report))}[/{style}]", soft_wrap=True)
