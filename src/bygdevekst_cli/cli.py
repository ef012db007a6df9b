"""The console script: the application with every command registered."""

from __future__ import annotations

import importlib

from bygdevekst_cli.app import app

__all__ = ["app", "main"]

#: Modules in ``bygdevekst_cli.commands``; importing one registers its commands, in this order.
COMMAND_MODULES = (
    "validate",
    "diff",
    "history",
    "check",
    "render",
    "plan",
    "init",
    "importing",
    "fmt",
    "overview",
    "site",
)

for _module in COMMAND_MODULES:
    importlib.import_module(f"bygdevekst_cli.commands.{_module}")


def main() -> None:
    app()
