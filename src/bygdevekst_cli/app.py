"""The Typer application, and the one place a library error becomes a message and an exit code.

Commands live in ``bygdevekst_cli.commands``, one module per command or group; each is a
thin layer that imports the library inside the command, so ``bygdevekst --help`` starts
without building the models. A command lets a ``UserError`` go: ``_Group.invoke`` words it
(in the command line's language) and exits 1, or 2 for a ``UsageError``.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from bygdevekst_cli.click_i18n import LocalisedGroup
from bygdevekst_cli.errors import UserError
from bygdevekst_cli.language import cli_words

#: The command line's words, read once at import (help texts are built from them).
w = cli_words()


class WrittenStandard(StrEnum):
    """``--lang`` of ``init`` and ``import``: the pilot's written standard (``models.Language``
    without importing the models at start-up)."""

    NN = "nn"
    NB = "nb"


def error_line(error: UserError) -> str:
    """The one wording of an error: ``bygdevekst: <message>``."""
    return w("cli.error.line", message=error.message(w))


class QuickHelpGroup(LocalisedGroup):
    """A group whose ``--help`` flag defaults to ``False`` rather than ``None``.

    Typer passes every parameter value that is not already a bool through its pydantic
    coercion; the help flag of a group defaults to ``None``, so ``<command> --help`` would
    import pydantic on the way to the command. With ``False`` the flag skips coercion.
    Sub-groups (``import``, ``plan``) use this class too.
    """

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None and option.default is None:
            option.default = False
        return option


class _Group(QuickHelpGroup):
    """The top command group: every command and sub-group runs inside its ``invoke``."""

    def invoke(self, ctx: Any) -> Any:  # typer vendors click: its Context is private
        try:
            return super().invoke(ctx)
        except UserError as error:
            typer.echo(error_line(error), err=True)
            raise typer.Exit(error.exit_code) from None


def _known_pilot(value: str) -> str:
    """A PILOT that names no pilot is wrong use (exit 2), with the ids that look like it."""
    from bygdevekst_cli.repository import unknown_pilot

    problem = unknown_pilot(value, Path.cwd(), w)
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
        help=w("cli.app.pilot_help"),
        metavar="PILOT",
        callback=_known_pilot,
        autocompletion=_pilot_ids,
    ),
]

#: The PATH... argument of the commands that take pilot folders or files.
PilotPaths = Annotated[
    list[Path] | None,
    typer.Argument(help=w("cli.app.paths_help"), show_default=False, metavar=w("cli.app.paths")),
]

app = typer.Typer(
    name="bygdevekst",
    cls=_Group,
    help=w("cli.app.help"),
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
            help=w("cli.version.help"),
            callback=_print_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """Options of the program itself, before any command."""
