"""The command line: thin Typer commands, each one call into the library.

The library is imported inside each command, so ``bygdevekst --help`` and a command that
does not need the models start without building them.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from bygdevekst_cli.errors import UserError

app = typer.Typer(
    name="bygdevekst",
    help="Kontroll, endringer, dokumenter og revisjonsspor for bygdevekstavtaler.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: rich's help formatter costs ~60 ms at start-up
    context_settings={"help_option_names": ["-h", "--help"]},
)


class ValidateFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


def _fail(error: UserError) -> NoReturn:
    """The one place a library error becomes a message and an exit code."""
    typer.echo(f"bygdevekst: {error}", err=True)
    raise typer.Exit(error.exit_code)


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Pilotmapper eller filer. Standard: alle piloter under pilots/ i repoet.",
            show_default=False,
        ),
    ] = None,
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
    from bygdevekst_cli.reporters import REPORTER_BY_NAME
    from bygdevekst_cli.validate import validate_paths

    try:
        report = validate_paths(paths or [])
    except UserError as error:
        _fail(error)
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


class DiffFormat(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"


@app.command()
def diff(
    pilot: Annotated[str, typer.Argument(help="Pilot-ID (mappe under pilots/) eller sti.")],
    from_year: Annotated[
        int | None, typer.Option("--from", help="Planåret det sammenlignes fra.")
    ] = None,
    to_year: Annotated[
        int | None, typer.Option("--to", help="Planåret det sammenlignes med.")
    ] = None,
    base: Annotated[
        str | None, typer.Option("--base", help="Git-revisjon det sammenlignes fra (f.eks. main).")
    ] = None,
    head: Annotated[
        str | None,
        typer.Option("--head", help="Git-revisjon det sammenlignes med. Standard: arbeidskopien."),
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", help="Planåret med --base (standard: det nyeste).")
    ] = None,
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="Utdata: text, markdown eller json.")
    ] = DiffFormat.TEXT,
) -> None:
    """Vis nye, endrede og avsluttede tiltak mellom to planår eller to git-revisjoner."""
    from bygdevekst_cli.diff_render import DIFF_RENDERER_BY_NAME
    from bygdevekst_cli.revisions import compare

    if (from_year is None) != (to_year is None) or (base is None) == (from_year is None):
        raise typer.BadParameter(
            "bruk enten --from ÅR --to ÅR, eller --base REV [--head REV]", param_hint="diff"
        )
    try:
        result, language = compare(Path(pilot), from_year, to_year, base, head, year)
    except UserError as error:
        _fail(error)
    DIFF_RENDERER_BY_NAME[output_format.value](result, language, sys.stdout)


def main() -> None:
    app()
