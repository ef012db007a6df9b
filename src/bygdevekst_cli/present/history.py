"""A history shown: as text (styled on a terminal) or JSON. ``RENDERER_BY_NAME``'s keys are
the ``--format`` choices of ``history``.

Each change of a commit is data (``commit_changes.Change``); ``change_text`` words it in the
pilot's written standard, for the text and for the JSON's ``text``. The command line imports
this module for its format choices, so it imports nothing heavy.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TextIO

from bygdevekst_cli.formatting import quoted
from bygdevekst_cli.language import Words, words
from bygdevekst_cli.present.diff import describe

if TYPE_CHECKING:
    from bygdevekst_cli.commit_changes import Change
    from bygdevekst_cli.history import History, HistoryCommit


def change_text(change: Change, language: str) -> str:
    """One change as a line in the pilot's written standard, e.g.
    ``tiltak 2.4: budsjett 2026, statlege tiltaksmidlar: 400 000 kr → 500 000 kr``."""
    w = words(str(getattr(language, "value", language)))
    kind = change.kind.value
    if kind == "file":
        return _event(change, w)
    if change.field is not None and change.measure is None:  # agreement, funding, schedule
        return describe(change.field, w.language)
    measure = f"{w('diff.measure')} {change.measure}"
    if kind == "new":
        return f"{w('history.new_measure')} {change.measure} {quoted(str(change.new))}"
    if kind == "dropped":
        return f"{measure} {quoted(str(change.old))} {w('history.dropped_measure')}"
    if kind == "closed":
        text = f"{measure} {w('history.closed_measure')}"
        assessment = change.detail[0] if change.detail else None
        if assessment:
            text += f", {w('diff.assessment').lower()}: {quoted(str(assessment))}"
        return text
    if change.field is not None:
        return f"{measure}: {describe(change.field, w.language)}"
    key = "diff.reason" if change.path == "change_reason" else "diff.assessment"
    value = quoted(str(change.new)) if change.new is not None else "–"
    return f"{measure}: {w(key).lower()}: {value}"


def _event(change: Change, w: Words) -> str:
    """What happened to a file: added, moved, unreadable, a new plan compared with the one
    before it, or changes the history does not itemise."""
    event = change.event or "history.file_changed"
    if event == "history.file_moved":
        return f"{w(event)} {change.detail[0]}"
    if event == "diff.new_plan":
        year, previous = change.detail
        return f"{w('diff.new_plan')} {year}, {w('diff.compared_with')} {previous}"
    if event == "history.file_unreadable" and change.detail:
        code, line = change.detail
        place = f", {w('diff.line')} {line}" if line else ""
        return f"{w(event)} ({code}{place})"
    return w(event)


def change_json(change: Change, language: str) -> dict[str, Any]:
    from bygdevekst_cli.diff import plain

    return {
        "file": change.file,
        "measure": change.measure,
        "kind": change.kind.value,
        "path": change.path,
        "old": plain(change.old),
        "new": plain(change.new),
        "text": change_text(change, language),
    }


def commit_json(commit: HistoryCommit, language: str) -> dict[str, Any]:
    return {
        "commit": commit.commit,
        "short": commit.short,
        "parents": list(commit.parents),
        "date": commit.date,
        "author": commit.author,
        "email": commit.email,
        "message": commit.message,
        "changes": [change_json(c, language) for c in commit.changes],
        "adoptions": [a.to_json() for a in commit.adoptions],
    }


def to_json(history: History) -> dict[str, Any]:
    """The history for machines: every commit with its changes (each also in words)."""
    language = history.language.value
    return {"pilot": history.pilot, "commits": [commit_json(c, language) for c in history.commits]}


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
        yield 2, "", change_text(change, w.language)
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

    from bygdevekst_cli.present.console import make_console

    shown = []
    for level, style, text in found:
        body = f"[{style}]{escape(text)}[/{style}]" if style and text else escape(text)
        shown.append("  " * level + body)
    make_console(out).print("\n".join(shown), soft_wrap=True)


def _is_terminal(out: TextIO) -> bool:
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty()) or bool(os.environ.get("FORCE_COLOR"))


def render_json(history: History, out: TextIO) -> None:
    out.write(json.dumps(to_json(history), ensure_ascii=False, indent=2) + "\n")


HistoryRenderer = Callable[["History", TextIO], None]

#: Every output format of ``history``; its keys are the ``--format`` choices.
RENDERER_BY_NAME: dict[str, HistoryRenderer] = {"text": render_text, "json": render_json}
