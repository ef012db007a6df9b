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
    whole_pilots: Annotated[
        bool,
        typer.Option(
            "--whole-pilots",
            help=cli_words()("gate.whole_pilots_help"),
        ),
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
        report = validate_paths(paths or [], whole_pilots=whole_pilots)
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
        Path, typer.Option("--output", "-o", help="Mappen skjemaene skrives til.")
    ] = Path("schemas"),
    check: Annotated[
        bool,
        typer.Option("--check", help="Bare kontroller at skjemaene er oppdatert (exit 1 ellers)."),
    ] = False,
) -> None:
    """Skriv JSON-skjemaene for pilot.yaml, agreement.yaml og plans/ÅÅÅÅ.yaml."""
    from bygdevekst_cli.schema_export import export_schemas, stale_schemas

    if check:
        stale = stale_schemas(output)
        for path in stale:
            typer.echo(f"{path.as_posix()}: utdatert; kjør «bygdevekst schema»")
        raise typer.Exit(1 if stale else 0)
    for path in export_schemas(output):
        typer.echo(f"Skrev {path.as_posix()}")
