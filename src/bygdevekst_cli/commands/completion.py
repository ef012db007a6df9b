"""``bygdevekst completion SHELL``: the completion script for bash, zsh, fish or PowerShell."""

from enum import StrEnum
from typing import Annotated

import typer

from bygdevekst_cli.app import command_help, registry
from bygdevekst_cli.language import cli_words

_w = cli_words()

#: The variable the completion script sets when it asks the program for completions.
COMPLETE_VARIABLE = "_BYGDEVEKST_COMPLETE"


class Shell(StrEnum):
    BASH = "bash"
    ZSH = "zsh"
    FISH = "fish"
    POWERSHELL = "powershell"


@registry.command(help=command_help("completion"))
def completion(
    shell: Annotated[
        Shell, typer.Argument(metavar="SHELL", help=_w("cli.completion.shell"), show_default=False)
    ],
) -> None:
    from typer._completion_classes import completion_init

    from bygdevekst_cli.click_i18n import click

    completion_init()  # Typer's completion classes (PowerShell among them) for click
    script_class = click.shell_completion.get_completion_class(shell.value)
    typer.echo(script_class(None, {}, "bygdevekst", COMPLETE_VARIABLE).source())
