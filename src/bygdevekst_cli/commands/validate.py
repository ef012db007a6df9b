"""``bygdevekst validate`` and ``bygdevekst schema``."""

import contextlib
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bygdevekst_cli.app import PilotPaths, command_help, format_option, given_folder, registry, w
from bygdevekst_cli.commands.report_options import (
    FORMATS,
    IgnoreOption,
    NoCacheOption,
    QuietOption,
    SelectOption,
)

if TYPE_CHECKING:
    ValidateFormat = str
else:
    ValidateFormat = StrEnum("ValidateFormat", {name: name for name in FORMATS})


@registry.command(help=command_help("validate"))
def validate(
    paths: PilotPaths = None,
    output_format: Annotated[
        ValidateFormat | None, format_option("cli.validate.format", FORMATS)
    ] = None,
    list_rules: Annotated[
        bool, typer.Option("--list-rules", help=w("cli.validate.list_rules"))
    ] = False,
    whole_pilots: Annotated[
        bool,
        typer.Option(
            "--whole-pilots",
            help=w("cli.help.validate.whole_pilots"),
        ),
    ] = False,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    quiet: QuietOption = False,
    statistics: Annotated[
        bool, typer.Option("--statistics", help=w("cli.options.statistics"))
    ] = False,
    no_cache: NoCacheOption = False,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, metavar="N", help=w("cli.jobs.help"))
    ] = None,
) -> None:
    if list_rules:
        _print_rules()
        return
    from bygdevekst_cli import cache

    with cache.disabled() if no_cache else contextlib.nullcontext():
        ok = _validate(paths, output_format, whole_pilots, select, ignore, quiet, statistics, jobs)
    raise typer.Exit(0 if ok else 1)


def _validate(
    paths: list[Path] | None,
    output_format: str | None,
    whole_pilots: bool,
    select: list[str] | None,
    ignore: list[str] | None,
    quiet: bool,
    statistics: bool,
    jobs: int | None,
) -> bool:
    """Check, refine and print; whether the report has no errors."""
    from bygdevekst_cli.present.validate import REPORTER_BY_NAME
    from bygdevekst_cli.repository import pilot_arguments
    from bygdevekst_cli.selection import command_choices, folder_reader, refine
    from bygdevekst_cli.validate import validate_paths

    cwd = Path.cwd()
    given = str(output_format) if output_format else None
    choices = command_choices(given, REPORTER_BY_NAME, "text", select or [], ignore or [])
    report = validate_paths(
        pilot_arguments(paths or [], cwd, w), cwd, whole_pilots=whole_pilots, jobs=jobs
    )
    report = refine(report, choices.selection, cwd, folder_reader(cwd))
    if statistics:
        from bygdevekst_cli.present.statistics import report_statistics

        report_statistics(report, sys.stdout)
    else:
        from bygdevekst_cli.textio import stdout_for

        shown = report
        if quiet and choices.output_format in QUIET_FORMATS:  # its module only when asked
            from bygdevekst_cli.present.statistics import quiet as quiet_view

            shown = quiet_view(report)
        with stdout_for(choices.output_format) as out:
            REPORTER_BY_NAME[choices.output_format](shown, out)
    return report.ok


#: The formats ``--quiet`` thins out; the machine formats always carry every finding.
QUIET_FORMATS = frozenset({"text", "github"})


def _print_rules() -> None:
    from bygdevekst_cli.present.validate import severity_word
    from bygdevekst_cli.rules import CATALOGUE

    for code, entry in sorted(CATALOGUE.items()):
        severity = severity_word(entry.severity, w)
        typer.echo(f"{code}  {entry.name:<28} {severity:<9} {entry.explain(w)}")


@registry.command(help=command_help("schema"))
def schema(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            show_default=False,
            parser=given_folder,
            help=w("cli.schema.output"),
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help=w("cli.schema.check")),
    ] = False,
) -> None:
    from bygdevekst_cli.repository import schemas_folder
    from bygdevekst_cli.schema_export import export_schemas, schema_states
    from bygdevekst_cli.validate import display_path

    cwd = Path.cwd()
    if output is None:  # named as typed from here (``../../schemas``), not absolute
        output = Path(display_path(schemas_folder(cwd), cwd, relative=True))
    if check:
        stale = schema_states(output)
        for path, error in stale:
            file = display_path(path, cwd)  # a link named, not the file it names
            if error is None:
                typer.echo(w("cli.schema.stale", file=file))
            else:
                typer.echo(w("cli.msg.file.cannot_read", file=file, reason=error))
        raise typer.Exit(1 if stale else 0)
    for path in export_schemas(output):
        typer.echo(w("cli.schema.wrote", file=display_path(path, cwd)))
