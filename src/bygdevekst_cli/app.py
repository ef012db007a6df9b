"""The Typer application and the one place a library error becomes an exit code.

Commands live in ``bygdevekst_cli.commands``, one module per command or group; each is a
thin layer that imports the library inside the command, so ``bygdevekst --help`` starts
without building the models.
"""

from __future__ import annotations

from typing import NoReturn

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


def fail(error: UserError) -> NoReturn:
    """The one place a library error becomes a message and an exit code."""
    typer.echo(f"bygdevekst: {error}", err=True)
    raise typer.Exit(error.exit_code)
