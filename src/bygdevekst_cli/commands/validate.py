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
    SARIF = "sarif"
    GITLAB = "gitlab"
    JUNIT = "junit"


#: ``--select``/``--ignore``: comma lists, repeatable (shared with ``check``).
SelectOption = Annotated[
    list[str] | None,
    typer.Option("--select", help=cli_words()("cli.options.select"), metavar="BVxxx"),
]
IgnoreOption = Annotated[
    list[str] | None,
    typer.Option("--ignore", help=cli_words()("cli.options.ignore"), metavar="BVxxx"),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help=cli_words()("cli.options.quiet"))]


@app.command()
def validate(
    paths: PilotPaths = None,
    output_format: Annotated[
        ValidateFormat | None,
        typer.Option("--format", "-f", help=cli_words()("cli.options.format_validate")),
    ] = None,
    list_rules: Annotated[
        bool, typer.Option("--list-rules", help="Vis alle kontrollene med kode og forklaring.")
    ] = False,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    quiet: QuietOption = False,
    statistics: Annotated[
        bool, typer.Option("--statistics", help=cli_words()("cli.options.statistics"))
    ] = False,
) -> None:
    """Kontroller pilotfilene mot skjemaene og reglene i ordningen.

    Avslutter med 0 når det ikke er feil (advarsler er lov), 1 ved feil og 2 ved feil bruk.
    """
    if list_rules:
        _print_rules()
        return
    from bygdevekst_cli.present.statistics import quiet as quiet_view
    from bygdevekst_cli.present.statistics import report_statistics
    from bygdevekst_cli.present.validate import REPORTER_BY_NAME
    from bygdevekst_cli.selection import command_choices, folder_reader, refine
    from bygdevekst_cli.validate import validate_paths

    cwd = Path.cwd()
    given = output_format.value if output_format else None
    try:
        choices = command_choices(given, REPORTER_BY_NAME, "text", select or [], ignore or [])
        report = validate_paths(paths or [], cwd)
    except UserError as error:
        fail(error)
    report = refine(report, choices.selection, cwd, folder_reader(cwd))
    if statistics:
        report_statistics(report, sys.stdout)
    else:
        shown = quiet_view(report) if quiet and choices.output_format in QUIET_FORMATS else report
        REPORTER_BY_NAME[choices.output_format](shown, sys.stdout)
    raise typer.Exit(0 if report.ok else 1)


#: The formats ``--quiet`` thins out; the machine formats always carry every finding.
QUIET_FORMATS = frozenset({"text", "github"})


def _print_rules() -> None:
    import bygdevekst_cli.selection  # noqa: F401  (registers BV090 and BV091)
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
