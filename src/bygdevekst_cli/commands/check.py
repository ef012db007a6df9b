"""``bygdevekst check``: what CI runs on a pull request."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bygdevekst_cli.app import app, fail
from bygdevekst_cli.commands.validate import IgnoreOption, QuietOption, SelectOption
from bygdevekst_cli.errors import UserError
from bygdevekst_cli.language import cli_words

if TYPE_CHECKING:
    from bygdevekst_cli.check import CheckResult


class CheckFormat(StrEnum):
    AUTO = "auto"
    TEXT = "text"
    GITHUB = "github"
    JSON = "json"
    SARIF = "sarif"
    GITLAB = "gitlab"
    JUNIT = "junit"


@app.command()
def check(
    base: Annotated[
        str, typer.Option("--base", help="Revisjonen endringen sammenlignes med (origin/main).")
    ],
    head: Annotated[
        str | None,
        typer.Option("--head", help="Revisjonen som kontrolleres. Standard: arbeidskopien."),
    ] = None,
    output_format: Annotated[
        CheckFormat | None,
        typer.Option("--format", "-f", help=cli_words()("cli.options.format_check")),
    ] = None,
    summary: Annotated[
        Path | None,
        typer.Option(
            "--summary",
            help="Markdown-sammendrag legges til denne filen. Standard: $GITHUB_STEP_SUMMARY.",
        ),
    ] = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    quiet: QuietOption = False,
) -> None:
    """Kontroller en endring: valider piloten(e) slik de er i head, og vis hva som er endret
    i hver pilot siden base.

    Avslutter med 0 når det ikke er feil (advarsler er lov), 1 ved feil og 2 ved feil bruk
    (for eksempel en revisjon som ikke finnes).
    """
    from dataclasses import replace

    from bygdevekst_cli.check import run_check, write_summary
    from bygdevekst_cli.selection import command_choices, commit_reader, folder_reader, refine

    cwd = Path.cwd()
    given = output_format.value if output_format else None
    try:
        choices = command_choices(given, list(CheckFormat), "auto", select or [], ignore or [])
        result = run_check(base, head)
        read = folder_reader(cwd) if head is None else commit_reader(cwd, head)
        result = replace(result, report=refine(result.report, choices.selection, cwd, read))
        write_summary(result, summary)
    except UserError as error:
        fail(error)
    chosen = CheckFormat(choices.output_format)
    if chosen is CheckFormat.AUTO:
        github = os.environ.get("GITHUB_ACTIONS") == "true"
        chosen = CheckFormat.GITHUB if github else CheckFormat.TEXT
    _print(result, chosen, quiet)
    raise typer.Exit(0 if result.ok else 1)


def _print(result: CheckResult, output_format: CheckFormat, quiet: bool) -> None:
    from bygdevekst_cli.diff_render import render_text
    from bygdevekst_cli.present.statistics import quiet as quiet_view
    from bygdevekst_cli.present.validate import REPORTER_BY_NAME

    report = result.report
    if output_format not in (CheckFormat.TEXT, CheckFormat.GITHUB):
        # a machine format: the report alone, so the output parses
        REPORTER_BY_NAME[output_format.value](report, sys.stdout)
        return
    REPORTER_BY_NAME[output_format.value](quiet_view(report) if quiet else report, sys.stdout)
    for pilot in result.pilots:
        if pilot.diff is not None:
            render_text(pilot.diff, pilot.language, sys.stdout)
        else:
            typer.echo(f"{pilot.folder}: {pilot.problem}")
    if not result.pilots:
        typer.echo("Ingen piloter er endret.")
