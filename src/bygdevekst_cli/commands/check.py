"""``bygdevekst check``: what CI runs on a pull request."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bygdevekst_cli.app import app, fail
from bygdevekst_cli.errors import UserError

if TYPE_CHECKING:
    from bygdevekst_cli.check import CheckResult


class CheckFormat(StrEnum):
    AUTO = "auto"
    TEXT = "text"
    GITHUB = "github"


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
        CheckFormat,
        typer.Option(
            "--format",
            "-f",
            help="Utdata: github (annotasjoner), text, eller auto (github i GitHub Actions).",
        ),
    ] = CheckFormat.AUTO,
    summary: Annotated[
        Path | None,
        typer.Option(
            "--summary",
            help="Markdown-sammendrag legges til denne filen. Standard: $GITHUB_STEP_SUMMARY.",
        ),
    ] = None,
) -> None:
    """Kontroller en endring: valider piloten(e) slik de er i head, og vis hva som er endret
    i hver pilot siden base.

    Avslutter med 0 når det ikke er feil (advarsler er lov), 1 ved feil og 2 ved feil bruk
    (for eksempel en revisjon som ikke finnes).
    """
    from bygdevekst_cli.check import run_check, write_summary

    try:
        result = run_check(base, head)
        write_summary(result, summary)
    except UserError as error:
        fail(error)
    if output_format is CheckFormat.AUTO:
        github = os.environ.get("GITHUB_ACTIONS") == "true"
        output_format = CheckFormat.GITHUB if github else CheckFormat.TEXT
    _print(result, output_format)
    raise typer.Exit(0 if result.ok else 1)


def _print(result: CheckResult, output_format: CheckFormat) -> None:
    from bygdevekst_cli.diff_render import render_text
    from bygdevekst_cli.present.validate import report_github, report_text

    if output_format is CheckFormat.GITHUB:
        report_github(result.report, sys.stdout)
    else:
        report_text(result.report, sys.stdout)
    for pilot in result.pilots:
        if pilot.diff is not None:
            render_text(pilot.diff, pilot.language, sys.stdout)
        else:
            typer.echo(f"{pilot.folder}: {pilot.problem}")
    if not result.pilots:
        typer.echo("Ingen piloter er endret.")
