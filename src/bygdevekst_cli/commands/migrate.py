"""``bygdevekst migrate``: files of an older format version to the current one."""

from pathlib import Path
from typing import Annotated

import typer

from bygdevekst_cli.app import PilotPaths, command_help, registry, w


@registry.command(help=command_help("migrate"))
def migrate(
    paths: PilotPaths = None,
    check: Annotated[bool, typer.Option("--check", help=w("migrate.check"))] = False,
) -> None:
    from bygdevekst_cli.migrate import migrate_paths
    from bygdevekst_cli.models.base import SCHEMA_VERSION
    from bygdevekst_cli.repository import pilot_arguments

    run = migrate_paths(pilot_arguments(paths or [], Path.cwd(), w), Path.cwd(), w, write=not check)
    for problem in run.errors:
        typer.echo(w("cli.error.line", message=problem), err=True)
    for result in run.migrated:
        if result.version == SCHEMA_VERSION:  # only old words for codes: not «from 2 to 2»
            key = "migrate.old_words" if check else "migrate.recoded"
        else:
            key = "migrate.outdated" if check else "migrate.migrated"
        typer.echo(w(key, file=result.display, version=result.version, current=2))
    if not run.migrated and not run.errors:  # "all" is not true of a file it could not read
        if run.checked:
            typer.echo(w.plural("migrate.all_current", run.checked, current=2))
        else:  # only a pilot's own YAML files (notes), which have no format version
            typer.echo(w("migrate.none_versioned"))
    raise typer.Exit(1 if run.errors or (check and run.migrated) else 0)
