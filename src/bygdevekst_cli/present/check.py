"""How a ``CheckResult`` is shown: text or GitHub annotations on standard out
(``CHECK_PRESENTER_BY_NAME``, the ``--format`` choices), and the markdown summary a reviewer
reads (``write_summary``: ``$GITHUB_STEP_SUMMARY`` or any file).

The check's own words are the command line's; each finding is already worded in its pilot's
written standard, and so is each pilot's list of changes.
"""

from __future__ import annotations

import io
import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bygdevekst_cli.errors import NotWritable
from bygdevekst_cli.findings import Finding, Report, Severity
from bygdevekst_cli.formatting import quoted
from bygdevekst_cli.language import Words, cli_words, report_language, words
from bygdevekst_cli.present.validate import (
    finding_severity,
    report_github,
    report_text,
    summary,
)

if TYPE_CHECKING:
    from bygdevekst_cli.check import CheckResult, PilotChange

SUMMARY_ENV = "GITHUB_STEP_SUMMARY"


def head_label(result: CheckResult, w: Words) -> str:
    return result.head if result.head is not None else w("check.working_tree")


def problem(pilot: PilotChange, w: Words) -> str:
    """Why a changed pilot has no diff, without the folder (its heading names it)."""
    if pilot.removed or pilot.error is None:
        return w("check.removed")
    message = pilot.error.message(w)
    return message.removeprefix(f"{pilot.folder}: ")


def deleted_plans(pilot: PilotChange, w: Words) -> list[str]:
    """A line for each plan the change deleted, which no diff shows (it compares the plans
    that are left)."""
    return [w("check.plan_deleted", year=year, file=file) for year, file in pilot.deleted_plans]


def _changes_text(result: CheckResult, out: TextIO) -> None:
    from bygdevekst_cli.present.diff import render_text

    w = cli_words()
    for pilot in result.pilots:
        if pilot.diff is not None:
            for diff in pilot.diffs:
                render_text(diff, report_language(pilot.language), out)
            out.writelines(f"{line}\n" for line in deleted_plans(pilot, w))
        else:
            out.write(w("check.no_diff_line", folder=pilot.folder, problem=problem(pilot, w)))
            out.write("\n")
    if not result.pilots:
        out.write(w("check.no_changes") + "\n")


def present_text(result: CheckResult, out: TextIO) -> None:
    report_text(result.report, out)
    _changes_text(result, out)


def annotated(result: CheckResult, cwd: Path | None = None) -> tuple[Report, list[Finding]]:
    """The findings GitHub annotates (every error, and what stands on a changed line) and
    the rest, which the summary counts per code."""
    cwd = cwd or Path.cwd()
    shown: list[Finding] = []
    rest: list[Finding] = []
    for finding in result.report.findings:
        here = finding.severity is Severity.ERROR or result.on_changed_line(finding, cwd)
        (shown if here else rest).append(finding)
    return Report(shown, list(result.report.files)), rest


def counts_per_code(findings: list[Finding]) -> list[tuple[str, int]]:
    return sorted(Counter(f.code for f in findings).items())


def present_github(result: CheckResult, out: TextIO) -> None:
    """Annotations on the lines the change touched (errors anywhere), the measures removed
    without being closed as notices, one line counting the rest, then the changes."""
    w = cli_words()
    shown, rest = annotated(result)
    buffer = io.StringIO()
    report_github(shown, buffer)
    out.writelines(buffer.getvalue().splitlines(keepends=True)[:-1])  # without its summary
    for line in _removed_notices(result):
        out.write(line + "\n")
    if rest:
        codes = ", ".join(f"{code} ×{n}" for code, n in counts_per_code(rest))
        out.write(w.plural("check.outside.line", len(rest), codes=codes) + "\n")
    out.write(summary(result.report, w) + "\n")
    _changes_text(result, out)


def _removed_notices(result: CheckResult) -> list[str]:
    """``::notice`` on each plan from which a measure disappeared without being closed."""
    from bygdevekst_cli.present.validate import escape_data, escape_property

    lines = []
    for pilot in result.pilots:
        pilot_words = words(report_language(pilot.language))
        for year, diff in pilot.by_year:
            place = f"{pilot.folder}/plans/{year}.yaml" if year is not None else pilot.folder
            for measure in diff.removed:
                message = pilot_words(
                    "check.outside.removed", measure=measure.id, title=quoted(measure.title)
                )
                title = escape_property(f"{diff.pilot} {measure.id}")
                lines.append(
                    f"::notice file={escape_property(place)},title={title}::" + escape_data(message)
                )
    return lines


Presenter = Callable[["CheckResult", TextIO], None]

#: Every output format of ``check``; its keys are the ``--format`` choices (with ``auto``).
CHECK_PRESENTER_BY_NAME: dict[str, Presenter] = {
    "text": present_text,
    "github": present_github,
}


# --- the markdown summary ------------------------------------------------------------------


def render_summary(result: CheckResult, out: TextIO) -> None:
    """The job summary: the validation outcome, the findings, then each changed pilot."""
    from bygdevekst_cli.present.diff import md_escape, render_markdown

    w = cli_words()
    mark = "✅" if result.ok else "❌"
    base, head = md_escape(result.base), md_escape(head_label(result, w))
    out.write(f"# {w('check.summary_title', base=base, head=head)}\n\n")
    out.write(f"{mark} {md_escape(summary(result.report, w))}\n\n")
    errors = [f for f in result.report.findings if f.severity is Severity.ERROR]
    warnings = [f for f in result.report.findings if f.severity is Severity.WARNING]
    if errors:
        _findings_table(errors, out, w)
    if warnings:
        count = w.plural("cli.validate.warnings", len(warnings))
        out.write(f"<details><summary>{count}</summary>\n\n")
        _findings_table(warnings, out, w)
        out.write("</details>\n\n")
    _, rest = annotated(result)
    if rest:
        out.write(f"### {md_escape(w.plural('check.outside.heading', len(rest)))}\n\n")
        out.write(f"| {w('check.column.code')} | {w('check.outside.count')} |\n|---|---|\n")
        for code, number in counts_per_code(rest):
            out.write(f"| {code} | {number} |\n")
        out.write("\n")
    if not result.pilots:
        out.write(w("check.no_changes") + "\n")
    for pilot in result.pilots:
        if pilot.diff is not None:
            for diff in pilot.diffs:
                render_markdown(diff, report_language(pilot.language), out)
            out.writelines(f"{md_escape(line)}\n\n" for line in deleted_plans(pilot, w))
        else:
            shown = md_escape(problem(pilot, w))
            out.write(f"## {md_escape(pilot.folder)}\n\n{shown}\n\n")


def _findings_table(findings: list[Finding], out: TextIO, w: Words) -> None:
    from bygdevekst_cli.present.diff import md_escape

    columns = (w("check.column.code"), w("check.column.place"), w("check.column.message"))
    out.write("| | " + " | ".join(columns) + " |\n|---|---|---|---|\n")
    for finding in findings:
        place = finding.file + (f":{finding.line}" if finding.line is not None else "")
        message = md_escape(finding.message).replace("\n", " ")
        word = finding_severity(finding, w)
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
        raise NotWritable(file=path.as_posix(), reason=exc) from None
    return path
