"""``bygdevekst validate`` and ``bygdevekst schema``."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bygdevekst_cli.app import PilotPaths, app, w
from bygdevekst_cli.present.validate import REPORTER_BY_NAME

if TYPE_CHECKING:
    ValidateFormat = str
else:
    # The choices come from the registry, not from a copy here.
    ValidateFormat = StrEnum("ValidateFormat", {name: name for name in REPORTER_BY_NAME})


@app.command(help=w("cli.validate.help"))
def validate(
    paths: PilotPaths = None,
    output_format: Annotated[
        ValidateFormat,
        typer.Option(
            "--format",
            "-f",
            help=w("cli.validate.format", formats=w.join(REPORTER_BY_NAME, style="or")),
        ),
    ] = "text",
    list_rules: Annotated[
        bool, typer.Option("--list-rules", help=w("cli.validate.list_rules"))
    ] = False,
    whole_pilots: Annotated[
        bool,
        typer.Option(
            "--whole-pilots",
            help=w("gate.whole_pilots_help"),
        ),
    ] = False,
) -> None:
    if list_rules:
        _print_rules()
        return
    from bygdevekst_cli.validate import validate_paths

    report = validate_paths(paths or [], whole_pilots=whole_pilots)
    REPORTER_BY_NAME[str(output_format)](report, sys.stdout)
    raise typer.Exit(0 if report.ok else 1)


def _print_rules() -> None:
    from bygdevekst_cli.present.validate import severity_word
    from bygdevekst_cli.rules import CATALOGUE

    for code, entry in sorted(CATALOGUE.items()):
        severity = severity_word(entry.severity, w)
        typer.echo(f"{code}  {entry.name:<28} {severity:<9} {entry.explain(w)}")


@app.command(help=w("cli.schema.help"))
def schema(
    output: Annotated[Path, typer.Option("--output", "-o", help=w("cli.schema.output"))] = Path(
        "schemas"
    ),
    check: Annotated[bool, typer.Option("--check", help=w("cli.schema.check"))] = False,
) -> None:
    from bygdevekst_cli.schema_export import export_schemas, stale_schemas

    if check:
        stale = stale_schemas(output)
        for path in stale:
            typer.echo(w("cli.schema.stale", file=path.as_posix()))
        raise typer.Exit(1 if stale else 0)
    for path in export_schemas(output):
        typer.echo(w("cli.schema.wrote", file=path.as_posix()))
