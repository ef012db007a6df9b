"""``bygdevekst check``: what CI runs on a pull request."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bygdevekst_cli.app import app, w
from bygdevekst_cli.present.check import CHECK_PRESENTER_BY_NAME

AUTO = "auto"

if TYPE_CHECKING:
    CheckFormat = str
else:
    # The choices come from the registry, not from a copy here.
    CheckFormat = StrEnum("CheckFormat", {n: n for n in (AUTO, *CHECK_PRESENTER_BY_NAME)})


@app.command(help=w("cli.check.help"))
def check(
    base: Annotated[str, typer.Option("--base", help=w("cli.check.base"))],
    head: Annotated[str | None, typer.Option("--head", help=w("cli.check.head"))] = None,
    output_format: Annotated[
        CheckFormat,
        typer.Option(
            "--format",
            "-f",
            help=w(
                "cli.check.format", formats=w.join([AUTO, *CHECK_PRESENTER_BY_NAME], style="or")
            ),
        ),
    ] = AUTO,
    summary: Annotated[Path | None, typer.Option("--summary", help=w("cli.check.summary"))] = None,
) -> None:
    from bygdevekst_cli.check import run_check
    from bygdevekst_cli.present.check import write_summary

    result = run_check(base, head)
    write_summary(result, summary)
    chosen = str(output_format)
    if chosen == AUTO:
        chosen = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    CHECK_PRESENTER_BY_NAME[chosen](result, sys.stdout)
    raise typer.Exit(0 if result.ok else 1)
