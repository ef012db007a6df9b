"""The Typer application and the one place a library error becomes an exit code.

Commands live in ``bygdevekst_cli.commands``, one module per command or group; each is a
thin layer that imports the library inside the command, so ``bygdevekst --help`` starts
without building the models.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

import typer

from bygdevekst_cli.click_i18n import LocalisedGroup
from bygdevekst_cli.errors import UserError
from bygdevekst_cli.language import cli_words


def _known_pilot(value: str) -> str:
    """A PILOT that names no pilot is wrong use (exit 2), with the ids that look like it."""
    from bygdevekst_cli.repository import unknown_pilot

    problem = unknown_pilot(value, Path.cwd(), cli_words())
    if problem is not None:
        raise typer.BadParameter(problem)
    return value


def _pilot_ids(incomplete: str) -> list[str]:
    """Shell completion of PILOT: the ids under the repository's ``pilots/``."""
    from bygdevekst_cli.repository import pilot_ids, pilots_root

    return [i for i in pilot_ids(pilots_root(Path.cwd())) if i.startswith(incomplete)]


#: The PILOT argument of every command that works on one pilot.
PilotArgument = Annotated[
    str,
    typer.Argument(
        help="Pilot-ID (mappe under pilots/) eller sti.",
        metavar="PILOT",
        callback=_known_pilot,
        autocompletion=_pilot_ids,
    ),
]

#: The PATH... argument of the commands that take pilot folders or files.
PilotPaths = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Pilotmapper eller filer. Standard: alle piloter under pilots/ i repoet.",
        show_default=False,
        metavar="STI",
    ),
]

app = typer.Typer(
    name="bygdevekst",
    cls=LocalisedGroup,  # click's own words (usage, headings, errors) from the catalogues
    help="Kontroll, endringer, dokumenter og revisjonsspor for bygdevekstavtaler.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: rich's help formatter costs ~60 ms at start-up
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        from bygdevekst_cli import __version__

        typer.echo(f"bygdevekst {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            help=cli_words()("cli.version.help"),
            callback=_print_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """Options of the program itself, before any command."""


def fail(error: UserError) -> NoReturn:
    """The one place a library error becomes a message and an exit code."""
    typer.echo(f"bygdevekst: {error}", err=True)
    raise typer.Exit(error.exit_code)
