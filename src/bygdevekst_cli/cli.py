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
    "migrate",
    "overview",
    "site",
    "completion",
)

for _module in COMMAND_MODULES:
    importlib.import_module(f"bygdevekst_cli.commands.{_module}")


def main() -> None:
    from bygdevekst_cli.textio import tolerate_narrow_encodings

    tolerate_narrow_encodings()  # a cp1252 console gets "?" for what it lacks, not a crash
    app()
