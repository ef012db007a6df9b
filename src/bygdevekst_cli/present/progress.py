"""A progress bar on standard error while a command works through a known number of items."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import TypeVar

from bygdevekst_cli.present.console import make_console

T = TypeVar("T")

#: What to print for one finished item: ``(text, style)`` lines (style None: plain).
Lines = Callable[[T], Iterable[tuple[str, str | None]]]


def with_progress(items: Iterable[T], total: int, title: str, lines: Lines[T]) -> None:
    """Consume ``items``, printing each one's lines above a bar that counts them."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = make_console(sys.stderr)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task(title, total=total)
        for item in items:
            for text, style in lines(item):
                progress.console.print(text, highlight=False, style=style)
            progress.advance(task)
