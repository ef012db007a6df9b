"""``bygdevekst validate`` and ``bygdevekst schema``."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from bygdevekst_cli.app import PilotPaths, app, fail
from bygdevekst_cli.errors import UserError
from bygdevekst_cli.language import cli_words
from bygdevekst_cli.repository import pilot_arguments


class ValidateFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


@app.command()
def validate(
    paths: PilotPaths = None,
    output_format: Annotated[
        ValidateFormat,
        typer.Option("--format", "-f", help="Utdata: text, json eller github (annotasjoner)."),
    ] = ValidateFormat.TEXT,
    list_rules: Annotated[
        bool, typer.Option("--list-rules", help="Vis alle kontrollene med kode og forklaring.")
    ] = False,
) -> None:
    """Kontroller pilotfilene mot skjemaene og reglene i ordningen.

    Avslutter med 0 når det ikke er feil (advarsler er lov), 1 ved feil og 2 ved feil bruk.
    """
    if list_rules:
        _print_rules()
        return
    from bygdevekst_cli.present.validate import REPORTER_BY_NAME
    from bygdevekst_cli.validate import validate_paths

    try:
        report = validate_paths(pilot_arguments(paths or [], Path.cwd(), cli_words()))
    except UserError as error:
        fail(error)
    REPORTER_BY_NAME[output_format.value](report, sys.stdout)
    raise typer.Exit(0 if report.ok else 1)


def _print_rules() -> None:
    from bygdevekst_cli.rules import CATALOGUE

    for code, entry in sorted(CATALOGUE.items()):
        severity = "feil" if entry.severity.value == "error" else "advarsel"
        typer.echo(f"{code}  {entry.name:<28} {severity:<9} {entry.summary}")


@app.command()
def schema(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            show_default=False,
            help="Mappen skjemaene skrives til.",
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Bare kontroller at skjemaene er oppdatert (exit 1 ellers)."),
    ] = False,
) -> None:
    """Skriv JSON-skjemaene for pilot.yaml, agreement.yaml og plans/ÅÅÅÅ.yaml."""
    from bygdevekst_cli.repository import schemas_folder
    from bygdevekst_cli.schema_export import export_schemas, stale_schemas
    from bygdevekst_cli.validate import display_path

    cwd = Path.cwd()
    output = schemas_folder(cwd) if output is None else output
    if check:
        stale = stale_schemas(output)
        for path in stale:
            typer.echo(f"{display_path(path.resolve(), cwd)}: utdatert; kjør «bygdevekst schema»")
        raise typer.Exit(1 if stale else 0)
    for path in export_schemas(output):
        typer.echo(f"Skrev {display_path(path.resolve(), cwd)}")
