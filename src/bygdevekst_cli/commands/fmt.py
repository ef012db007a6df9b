"""``bygdevekst fmt``: one canonical layout for the pilot files, comments kept."""

from pathlib import Path
from typing import Annotated

import typer

from bygdevekst_cli.app import PilotPaths, command_help, registry, w


@registry.command(help=command_help("fmt"))
def fmt(
    paths: PilotPaths = None,
    check: Annotated[bool, typer.Option("--check", help=w("cli.fmt.check"))] = False,
) -> None:
    from bygdevekst_cli.editing.formatrun import format_paths
    from bygdevekst_cli.repository import pilot_arguments

    run = format_paths(pilot_arguments(paths or [], Path.cwd(), w), Path.cwd(), write=not check)
    for problem in run.errors:
        typer.echo(w("cli.error.line", message=problem), err=True)
    for result in run.changed:
        key = "cli.fmt.not_canonical" if check else "cli.fmt.formatted"
        typer.echo(w(key, file=result.display))
    if not check and not run.changed and not run.errors:  # not "all" with a file unread
        typer.echo(w.plural("cli.fmt.all_canonical", run.checked))
    raise typer.Exit(1 if run.errors or (check and run.changed) else 0)
