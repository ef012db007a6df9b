"""A progress bar on standard error while a command works through a known number of items."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import TypeVar

from bygdevekst_cli.present.console import make_console

T = TypeVar("T")
U = TypeVar("U")

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
            for text, style in lines(item):  # the terminal wraps them: a path is not split
                progress.console.print(text, highlight=False, style=style, soft_wrap=True)
            progress.advance(task)


def with_steps(total: int, title: str, work: Callable[[Callable[[str], None]], U]) -> U:
    """Run ``work`` with a step function (called with each item's name as it starts) that
    advances a bar of ``total`` items on stderr; the bar goes when the work is done."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (
        TextColumn("{task.description}"),
        BarColumn(bar_width=20),
        MofNCompleteColumn(),
        TextColumn("{task.fields[source]}"),
    )
    with Progress(*columns, console=make_console(sys.stderr), transient=True) as progress:
        task = progress.add_task(title, total=total, source="")
        started = [0]

        def step(source: str) -> None:
            if started[0]:
                progress.advance(task)
            started[0] += 1
            shown = source if len(source) <= 40 else f"…{source[-39:]}"
            progress.update(task, source=shown)
            progress.refresh()

        result = work(step)
        progress.update(task, completed=total)
    return result
