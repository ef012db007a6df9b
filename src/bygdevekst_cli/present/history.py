"""A history shown: as text (styled on a terminal) or JSON. ``RENDERER_BY_NAME``'s keys are
the ``--format`` choices of ``history``.

The command line imports this module for its format choices, so it imports nothing heavy.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TextIO

from bygdevekst_cli.language import Words, words

if TYPE_CHECKING:
    from bygdevekst_cli.history import History, HistoryCommit


def lines(history: History) -> Iterator[tuple[int, str, str]]:
    """``(level, style, text)`` for every line of the text form."""
    w = words(history.language.value)
    count = len(history.commits)
    commits = "commit" if count == 1 else "commits"
    yield 0, "bold", f"{w('history.history')} {history.pilot} ({count} {commits})"
    if not history.commits:
        if history.measure is not None:
            yield 0, "dim", f"{w('history.no_history_measure')} {history.measure}."
        else:
            yield 0, "dim", w("history.no_history")
    for commit in history.commits:
        yield from _commit_lines(commit, w)


def _commit_lines(commit: HistoryCommit, w: Words) -> Iterator[tuple[int, str, str]]:
    when = commit.date[:16].replace("T", " ")
    yield 0, "", ""
    yield 0, "yellow", f"{commit.short}  {when}  {commit.author} <{commit.email}>"
    merge = f" ({w('history.merge')})" if len(commit.parents) > 1 else ""
    yield 1, "bold", commit.message + merge
    file = None
    for change in commit.changes:
        if change.file != file:
            file = change.file
            yield 1, "cyan", file
        yield 2, "", change.text
    for adoption in commit.adoptions:
        tag = f" [{adoption.tag}]" if adoption.tag and adoption.tag != adoption.text else ""
        yield 1, "green", f"✓ {adoption.text}{tag}"


def render_text(history: History, out: TextIO) -> None:
    """Styled on a terminal; plain otherwise, without rich (which would drop the styles
    anyway, and takes longer to do so than the whole history takes to build)."""
    found = list(lines(history))
    if not _is_terminal(out):
        out.write("\n".join("  " * level + text for level, _, text in found) + "\n")
        return
    from rich.markup import escape

    from bygdevekst_cli.console import make_console

    shown = []
    for level, style, text in found:
        body = f"[{style}]{escape(text)}[/{style}]" if style and text else escape(text)
        shown.append("  " * level + body)
    make_console(out).print("\n".join(shown), soft_wrap=True)


def _is_terminal(out: TextIO) -> bool:
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty()) or bool(os.environ.get("FORCE_COLOR"))


def render_json(history: History, out: TextIO) -> None:
    out.write(json.dumps(history.to_json(), ensure_ascii=False, indent=2) + "\n")


HistoryRenderer = Callable[["History", TextIO], None]

#: Every output format of ``history``; its keys are the ``--format`` choices.
RENDERER_BY_NAME: dict[str, HistoryRenderer] = {"text": render_text, "json": render_json}
