"""A history shown: as text (styled on a terminal) or JSON. ``RENDERER_BY_NAME``'s keys are
the ``--format`` choices of ``history``.

Each change of a commit is data (``commit_changes.Change``); ``change_text`` words it in the
pilot's written standard, for the text and for the JSON's ``text``, and ``shown_changes``
makes the changes of a file the ``ShownChange``s both are written from (the form the history
keeps in the cache folder). The agreement's, pilot.yaml's and the plan's own values are
worded as ``diff`` words them (``value_text.value_lines``: an indicator added whole is one
sentence), in the text form and in the JSON's ``text`` alike; a change that is part of an
earlier one's sentence shows no line, and its ``text`` is that sentence (``part_of``: the
change that says it). The command line imports this module for its format choices, so it
imports nothing heavy.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from itertools import groupby
from typing import TYPE_CHECKING, Any, TextIO

from bygdevekst_cli.change_store import ShownChange
from bygdevekst_cli.formatting import long_date, quoted
from bygdevekst_cli.jsontext import indented_json
from bygdevekst_cli.language import Words, words
from bygdevekst_cli.present.diff import Names, amendment_text, describe

if TYPE_CHECKING:
    from bygdevekst_cli.commit_changes import Change
    from bygdevekst_cli.history import History, HistoryCommit
    from bygdevekst_cli.verify import Verification


def change_text(change: Change, language: str, names: Names | None = None) -> str:
    """One change as a line in the pilot's written standard, e.g.
    ``tiltak 2.4: budsjett 2026, statlege tiltaksmidlar: 400 000 kr → 500 000 kr``; with
    ``names``, a party or group by its name."""
    return _worded(change, words(str(getattr(language, "value", language))), names)


def _worded(change: Change, w: Words, names: Names | None = None) -> str:
    """``change_text`` with the catalogue looked up once per history, not per change."""
    kind = change.kind.value
    if kind == "file":
        return _event(change, w)
    if kind == "amendment":
        return w("history.line.amendment", amendment=amendment_text(change.new, w))
    if change.field is not None and change.measure is None:  # agreement, funding, schedule
        return describe(change.field, w.language, names)
    measure = change.measure
    if kind == "new":
        return w("history.line.new", measure=measure, title=quoted(str(change.new)))
    if kind == "dropped":
        return w("history.line.dropped", measure=measure, title=quoted(str(change.old)))
    if kind == "closed":
        assessment = change.detail[0] if change.detail else None
        if assessment:
            return w(
                "history.line.closed_assessed", measure=measure, assessment=quoted(str(assessment))
            )
        return w("history.line.closed", measure=measure)
    if change.field is not None:
        from bygdevekst_cli.present.value_text import measure_field_line

        shown = measure_field_line(change.field, w, names)
        return w("history.line.field", measure=measure, change=shown)
    key = "history.line.reason" if change.path == "change_reason" else "history.line.assessment"
    value = quoted(str(change.new)) if change.new is not None else "–"
    return w(key, measure=measure, value=value)


def _event(change: Change, w: Words) -> str:
    """What happened to a file: added, moved, unreadable, a new plan compared with the one
    before it, or changes the history does not itemise."""
    event = change.event or "history.file_changed"
    if event == "history.file_moved":
        return w("history.line.moved", path=change.detail[0])
    if event == "history.file_moved_to":
        return w("history.line.moved_to", path=change.detail[0])
    if event == "history.file_from_submodule":
        return w(event, path=change.detail[0], commit=change.detail[1])
    if event.startswith("history.submodule_"):
        return w(event, commit=change.detail[0])
    if event == "diff.new_plan":
        year, previous = change.detail
        return w("history.line.new_plan", year=year, previous=previous)
    if event == "history.file_unreadable" and change.detail:
        code, line = change.detail
        if line:
            return w("history.line.unreadable_at", code=code, line=line)
        return w("history.line.unreadable", code=code)
    return w(event)


def shown_changes(
    changes: Sequence[Change], language: str, names: Names | None = None
) -> tuple[ShownChange, ...]:
    """``changes`` (of one commit) as the history shows them (``_shown``), the
    agreement's and the plan's own values in the text form's lines as ``diff`` words them
    (``value_text.value_lines``): «delmål 1, indikatoren «Folketal i kommunane», målåret:
    2028 → 2030», an indicator added as one sentence, the text and the JSON's ``text``
    alike (``_own_values_shown``)."""
    w = words(str(getattr(language, "value", language)))
    return tuple(_shown_all(changes, w, names))


def _shown_all(
    changes: Sequence[Change | ShownChange], w: Words, names: Names | None
) -> Iterator[ShownChange]:
    """Each change as shown (one shown already as it is), the own values of a file
    together (``_own_values_shown``)."""
    for own, run in groupby(changes, key=_own_values_of):
        if own is not None:
            yield from _own_values_shown(list(run), w, names)  # type: ignore[arg-type]
        else:
            yield from (c if isinstance(c, ShownChange) else _shown(c, w, names) for c in run)


def _own_values_of(change: Change | ShownChange) -> tuple[str, str] | None:
    """The file and kind of a change of the agreement's, pilot.yaml's (both of kind
    agreement) or the plan's own values, which ``diff`` words as the changes document does;
    None for any other (a measure's, the funding's: the diff's line) and for one shown
    already."""
    if isinstance(change, ShownChange) or change.field is None or change.measure is not None:
        return None
    kind = change.kind.value
    if kind in ("plan", "agreement"):
        return change.file, kind
    return None


def _own_values_shown(
    changes: list[Change], w: Words, names: Names | None
) -> Iterator[ShownChange]:
    """The own values' changes of one file, each with the lines it begins as its text; one
    that begins none (a field of an indicator added whole, the other side of a target
    moved in year and value) with the line it is part of, and how far back that is."""
    from bygdevekst_cli.present.value_text import value_lines_by_change

    fields = [change.field for change in changes if change.field is not None]
    by_id = names or _no_name
    said = value_lines_by_change(fields, w, by_id, changes[0].indicators)
    for index, (change, begun) in enumerate(zip(changes, said, strict=True)):
        lines = tuple(begun.lines)
        if begun.part_of is not None:  # its text: the line it is part of; it shows none
            text = said[begun.part_of].lines[0]
            yield replace(_shown(change, w, names, text), lines=(), joins=index - begun.part_of)
        else:
            text = "\n".join(lines)
            yield replace(_shown(change, w, names, text), lines=None if len(lines) == 1 else lines)


def _no_name(_id: str) -> str | None:
    return None


def _shown(
    change: Change, w: Words, names: Names | None = None, text: str | None = None
) -> ShownChange:
    """``change`` as the history shows it: its values as JSON has them, and its text
    (``text``, else its line)."""
    from bygdevekst_cli.diff import plain

    return ShownChange(
        change.file,
        change.kind.value,
        change.measure,
        change.path,
        plain(change.old),
        plain(change.new),
        _worded(change, w, names) if text is None else text,
    )


def shown(history: History[Change] | History[ShownChange]) -> History[ShownChange]:
    """``history`` with every change as shown (a history from ``shown_history`` already is)."""
    w = words(history.language)
    names = dict(history.names).get
    commits = tuple(_shown_commit(commit, w, names) for commit in history.commits)
    return history.with_commits(commits)


def _shown_commit(
    commit: HistoryCommit[Change] | HistoryCommit[ShownChange], w: Words, names: Names
) -> HistoryCommit[ShownChange]:
    return commit.with_changes(tuple(_shown_all(commit.changes, w, names)))


def _commit_json(commit: HistoryCommit[ShownChange]) -> dict[str, Any]:
    return {
        "commit": commit.commit,
        "short": commit.short,
        "parents": list(commit.parents),
        "date": commit.date,
        "author": commit.author,
        "email": commit.email,
        "co_authors": list(commit.co_authors),
        "message": commit.message,
        "changes": [c.to_json(i) for i, c in enumerate(commit.changes)],
        "adoptions": [a.to_json() for a in commit.adoptions],
    }


def to_json(
    history: History[Change] | History[ShownChange], verification: Verification | None = None
) -> dict[str, Any]:
    """The history for machines: every commit with its changes (each also in words), the
    adoptions HEAD's history does not hold, and (``--verify``) the trail's findings."""
    history = shown(history)
    found: dict[str, Any] = {
        "pilot": history.pilot,
        "commits": [_commit_json(c) for c in history.commits],
        "unreachable_adoptions": [a.to_json() for a in history.unplaced],
        # the part of the history asked for, so that a script knows what the commits cover
        "since": history.since.isoformat() if history.since is not None else None,
        "until": _until_json(history.until),
        "uncommitted": history.uncommitted,
    }
    if history.cut_at:  # a shallow clone: the commits the history was cut off at
        found["shallow_boundary"] = list(history.cut_at)
    if verification is not None:
        found["verify"] = verification.to_json()
    return found


def _until_json(until: dt.date | str | None) -> str | None:
    """``--until`` as given: a day in ISO form, a revision as written; None: up to HEAD."""
    return until.isoformat() if isinstance(until, dt.date) else until


def _bound(history: History[Any]) -> str:
    """The catalogue suffix of the part of the history asked for: ``""`` (all of it),
    ``_since``, ``_until`` or ``_between``."""
    if history.until is None:
        return "_since" if history.since is not None else ""
    return "_between" if history.since is not None else "_until"


def _until_text(history: History[Any], w: Words) -> str:
    """``--until`` as the reader gave it: a day in long form, a revision as written."""
    if history.until is None or isinstance(history.until, str):
        return history.until or ""
    return long_date(history.until, w.language)


def lines(history: History[Change] | History[ShownChange]) -> Iterator[tuple[int, str, str]]:
    """``(level, style, text)`` for every line of the text form."""
    history = shown(history)
    w = words(history.language)
    commits = w.plural("history.commits", len(history.commits))
    yield 0, "bold", w("history.heading", pilot=history.pilot, commits=commits)
    if history.cut_at:  # said first: every line below is read in its light
        cut = w.join(commit[:7] for commit in history.cut_at)
        yield 0, "yellow", w.plural("history.shallow", len(history.cut_at), commits=cut)
    if history.uncommitted:  # the history ends at HEAD: the working copy has more
        yield 0, "yellow", w("history.uncommitted")
    bound = _bound(history)
    date = long_date(history.since, w.language) if history.since is not None else ""
    until = _until_text(history, w)
    if history.until is not None and history.commits:  # the reader knows where it stops
        yield 0, "dim", w(f"history.{bound.removeprefix('_')}_heading", date=date, until=until)
    if not history.commits:  # in the days or revisions asked, when asked: others may have
        measure = "_measure" if history.measure is not None else ""
        key = f"history.no_history{measure}{bound}"
        yield 0, "dim", w(key, measure=history.measure, date=date, until=until)
    for commit in history.commits:
        yield from _commit_lines(commit, w)
    if history.unplaced:
        yield 0, "", ""
        yield from _unplaced_lines(history, w)


def _unplaced_lines(history: History[Any], w: Words) -> Iterator[tuple[int, str, str]]:
    """The adoptions the history cannot show on a commit: those of a commit not in it, and
    the ``vedtak/`` tags of no commit (a folder's tree, a file; also one a plan records as
    its ``adopted_revision``), said apart."""
    of_no_commit = [a for a in history.unplaced if a.tag is not None and not a.commit]
    elsewhere = [a for a in history.unplaced if a not in of_no_commit]
    if elsewhere:
        refs = w.join(a.ref for a in elsewhere)
        # in a clone cut short, a commit it lacks may well be in the history before the cut
        missing = "history.outside_clone" if history.cut_at else "verify.missing"
        yield 0, "red", w.plural(missing, len(elsewhere), refs=refs)
    if of_no_commit:
        refs = w.join(a.ref for a in of_no_commit)
        yield 0, "red", w.plural("history.tag_no_commit", len(of_no_commit), refs=refs)


def _commit_lines(commit: HistoryCommit[ShownChange], w: Words) -> Iterator[tuple[int, str, str]]:
    when = norwegian_clock(commit.date) or w("history.unknown_date")
    yield 0, "", ""
    who = f"{commit.author} <{commit.email}>" if commit.email else commit.author  # «Ola <>»
    yield 0, "yellow", f"{commit.short}  {when}  {who}"
    if commit.co_authors:
        names = w.join(commit.co_authors)
        yield 1, "dim", w.plural("history.co_authors", len(commit.co_authors), names=names)
    merge = f" ({w('history.merge')})" if len(commit.parents) > 1 else ""
    # a commit made with --allow-empty-message: said, where a blank line would read as a gap
    message = commit.message or f"({w('history.no_message')})"
    yield 1, "bold", message + merge
    file = None
    for change in commit.changes:
        if change.file != file:
            file = change.file
            yield 1, "cyan", file
        for line in change.shown_lines:
            yield 2, "", line
    for adoption in commit.adoptions:
        tag = f" [{adoption.tag}]" if adoption.tag and adoption.tag != adoption.text else ""
        style, mark = _DECISION_MARKS[adoption.decision]
        yield 1, style, f"{mark} {adoption.text}{tag}"


def norwegian_clock(date: str) -> str:
    """``2026-03-01 03:40``: when a commit was made (``date``, ISO 8601 with the author's
    offset) on Norway's clock, so that the times of a trail read in order whatever zone
    each author's machine was set to; empty when git could not read the date (before 1970:
    the text says so, where it would otherwise leave a gap)."""
    import datetime as dt

    from bygdevekst_cli.norwegian_time import in_norway

    try:
        made = dt.datetime.fromisoformat(date)
    except ValueError:
        return date[:16].replace("T", " ")
    return in_norway(made).isoformat(" ", "minutes")[:16]


_DECISION_MARKS = {
    "adopted": ("green", "✓"),
    "rejected": ("red", "✗"),
    "undecided": ("yellow", "–"),
}
"""The style and mark of an adoption in the text form, by its ``Adoption.decision``: a
treatment that rejected or postponed the plan is no ✓ (its text says the outcome)."""


def render_text(
    history: History[Change] | History[ShownChange],
    out: TextIO,
    verification: Verification | None = None,
) -> None:
    """Styled on a terminal; plain otherwise, without rich (which would drop the styles
    anyway, and takes longer to do so than the whole history takes to build). With
    ``verification`` (``--verify``), the trail's findings follow."""
    _history_text(history, out)
    if verification is not None:
        render_verification(verification, history.language, out)


def render_verification(verification: Verification, language: str, out: TextIO) -> None:
    """The trail's findings as ``validate`` shows findings, under a heading, with a count of
    the revisions checked (those that name a commit) and of those with a trusted signature."""
    from bygdevekst_cli.language import cli_words
    from bygdevekst_cli.present.validate import severity_word, summary

    w = cli_words(language)
    out.write(f"\n{w('verify.heading')}\n")
    count = verification.verified
    if not verification.checked and not verification.report.findings:
        out.write(f"{w('verify.none')}\n")
        return
    if count:
        out.write(w.plural("verify.checked", count, signed=verification.signed) + "\n")
    for finding in verification.report.findings:
        place = ":".join(str(p) for p in (finding.file, finding.line) if p is not None)
        severity = severity_word(finding.severity, w)
        out.write(f"  {place}: {severity} {finding.code} {finding.message}\n")
    if verification.report.findings:
        out.write(summary(verification.report, w) + "\n")
    else:
        out.write(f"{w('verify.ok')}\n")


def _history_text(history: History[Change] | History[ShownChange], out: TextIO) -> None:
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


def render_json(
    history: History[Change] | History[ShownChange],
    out: TextIO,
    verification: Verification | None = None,
) -> None:
    out.write(indented_json(to_json(history, verification)) + "\n")


# --- JSON, indented, quickly -------------------------------------------------------------------


HistoryRenderer = Callable[["History[ShownChange]", TextIO, "Verification | None"], None]

#: Every output format of ``history``; its keys are the ``--format`` choices.
RENDERER_BY_NAME: dict[str, HistoryRenderer] = {"text": render_text, "json": render_json}
