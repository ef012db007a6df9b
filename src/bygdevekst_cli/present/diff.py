"""A diff shown: one line per change in the pilot's written standard, as text, markdown or
JSON. ``RENDERER_BY_NAME``'s keys are the ``--format`` choices of ``diff``.

Every word comes from the catalogue (``language.words``): a field's label is the key its
``Meta`` names (default ``field.<name>``), and a field without one is shown by its name.

The command line imports this module for its format choices, so it imports the diff
engine (pydantic and the models) only when it shows a diff.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from enum import Enum
from itertools import groupby
from typing import TYPE_CHECKING, Any, TextIO

from bygdevekst_cli.formatting import kroner, long_date, percent, quoted
from bygdevekst_cli.language import Words, words
from bygdevekst_cli.present.console import make_console

if TYPE_CHECKING:
    from bygdevekst_cli.diff import FieldChange, MeasureDiff, PathPart, PilotDiff
    from bygdevekst_cli.models import Language
    from bygdevekst_cli.models.plan import Amendment

KRONER, PERCENT = "kroner", "percent"
"""``models.meta.Unit``'s values (a StrEnum, equal to its text)."""

MAX_TEXT = 80
"""Two texts of which one is longer than this are shown where they differ (``excerpts``),
each piece at most this long."""


Names = Callable[[str], str | None]
"""A party's or group's name by its id (a document's ``views.Names``); the id itself when
the pilot does not know it."""


def describe(
    change: FieldChange,
    language: Language | str,
    names: Names | None = None,
    *,
    where: str | None = None,
    shown: Callable[[Any], str] | None = None,
) -> str:
    """``budget.2026.state_measure_funds`` 400000→500000 becomes
    ``budsjett 2026, statlege tiltaksmidlar: 400 000 kr → 500 000 kr``. With ``names`` (a
    document, read by council members) a party's id reads as its name. ``where`` (the path
    in words) and ``shown`` (a value in words) replace ``label``'s and ``show``'s."""
    w = words(str(getattr(language, "value", language)))
    where = where if where is not None else label(change.parts, w, names)
    if change.old is None and change.new is None:  # an entry whose values are not yet known
        if change.unit == KRONER:
            return f"{where}: {w('diff.amount_unknown')}"
        if change.added is not None:  # an entry of no value of its own (a signature)
            return f"{where}: {w('change.added' if change.added else 'change.removed')}"
        return f"{where}: {w('change.unknown')}"
    if _long_texts(change):
        old, new = (quoted(text) for text in excerpts(change.old, change.new))
    else:
        old, new = (
            shown(value) if shown is not None else show(value, change, w, names)
            for value in (change.old, change.new)
        )
    return arrow(where, old, new)


def arrow(where: str, old: str, new: str) -> str:
    """A change as a line: what changed, its old value and its new."""
    return f"{where}: {old} → {new}"


def _long_texts(change: FieldChange) -> bool:
    """Two texts of which one is too long for a line: shown where they differ."""
    old, new = change.old, change.new
    if not all(isinstance(v, str) and not isinstance(v, Enum) for v in (old, new)):
        return False
    return max(len(old), len(new)) > MAX_TEXT


CONTEXT = 25
"""How many characters of the text they share an excerpt shows before the difference."""


def excerpts(old: str, new: str) -> tuple[str, str]:
    """Two long texts as the short pieces around where they differ, «…» where a piece cuts
    the text: a reader sees the words that changed, not two whole paragraphs that look
    alike. Spacing and line breaks count as one space, as the diff compares them."""
    old, new = " ".join(old.split()), " ".join(new.split())
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0  # the length of the ends they share, after the start
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    begin = _word_start(old, max(0, start - CONTEXT))
    return _piece(old, begin, len(old) - end), _piece(new, begin, len(new) - end)


def _word_start(text: str, at: int) -> int:
    """``at``, moved forward to the start of a word (an excerpt does not begin mid-word)."""
    if at == 0 or text[at - 1] == " ":
        return at
    space = text.find(" ", at)
    return space + 1 if space != -1 else at


def _piece(text: str, begin: int, stop: int) -> str:
    """``text[begin:stop]`` with a few words after it, no longer than ``MAX_TEXT``."""
    stop = max(stop, begin)
    after = text.find(" ", min(stop + 10, len(text)))  # a few shared words after it
    end = len(text) if after == -1 else after
    if end > begin + MAX_TEXT:  # too long: cut at the last whole word that fits
        space = text.rfind(" ", begin, begin + MAX_TEXT)
        end = space if space > begin else begin + MAX_TEXT
    piece = text[begin:end]
    return ("…" if begin > 0 else "") + piece + ("…" if end < len(text) else "")


def label(
    parts: tuple[PathPart, ...],
    w: Words,
    names: Names | None = None,
    indicators: Names | None = None,
) -> str:
    """The path in words: each field by its label, each id after the field it is in. With
    ``indicators`` (an indicator's title by its id: a document), an indicator is named by
    its title, «indikatoren «Folketal i kommunane»», not «indikatorar folketal»."""
    pieces: list[str] = []
    after_field = False
    for at, part in enumerate(parts):
        if part.is_field:
            assert part.label is not None
            pieces.append(w.get(part.label, part.name) or part.name)
            after_field = True
            continue
        indicator = _indicator(parts, at, w, indicators)
        if indicator is not None and after_field and pieces:
            pieces[-1] = indicator  # in place of the list's label, «indikatorar»
        elif indicator is not None:
            pieces.append(indicator)
        elif after_field and pieces:
            pieces[-1] = f"{pieces[-1]} {_id(part, w, names)}"
        else:
            pieces.append(_id(part, w, names))
        after_field = False
    return ", ".join(pieces)


def _indicator(
    parts: tuple[PathPart, ...], at: int, w: Words, indicators: Names | None
) -> str | None:
    """``parts[at]``, an indicator's id (of an agreement's indicator, or of a plan's value
    of one), as its title in words; None for any other id, or an indicator whose title
    ``indicators`` does not know (then its id is shown)."""
    part = parts[at]
    of_agreement = part.name == "id" and at > 0 and parts[at - 1].key == "indicators"
    if indicators is None or not (of_agreement or part.name == "indicator"):
        return None
    title = indicators(str(part.key))
    return w("doc.changes3.indicator", title=quoted(title)) if title else None


def _id(part: PathPart, w: Words, names: Names | None = None) -> str:
    """An id as it reads: a funding source or a body by its word, a party by its name
    (with ``names``), others as they are."""
    if isinstance(part.key, str):
        return w.get(f"{part.name}.{part.key}") or _party(part.key, names) or part.key
    if part.position and isinstance(part.key, int):
        return str(part.key + 1)  # the first open point is «opne punkt 1», not 0
    return str(part.key)


def _party(value: str, names: Names | None) -> str | None:
    """The name of the party or group ``value`` is the id of, if ``names`` knows one."""
    found = names(value) if names is not None else None
    return found if found != value else None


def show(value: Any, change: FieldChange, w: Words, names: Names | None = None) -> str:
    """One value of a change in words: amounts in kroner, statuses and outcomes by their
    word, parties by their names (with ``names``), dates in long form, texts quoted whole
    on one line, a value not filled in (or an empty list) as that in words. (Two long
    texts are shown where they differ: ``excerpts``. A text added or taken out has no
    other side; cut at 80 characters, most of what a reviewer was to approve was hidden.)"""
    from bygdevekst_cli.diff import plain

    if value is None:  # in words: a dash could be read as nothing, or as zero
        return w("change.not_set")
    if isinstance(value, bool):
        return w("change.yes" if value else "change.no")
    if isinstance(value, int) and change.unit == KRONER:
        return _money(value, w.language)
    if isinstance(value, int | Decimal) and change.unit == PERCENT:
        return percent(value, w.language)
    if isinstance(value, Enum | str):
        text = str(value.value if isinstance(value, Enum) else value)
        word = w.get(f"{change.field}.{text}")
        if word is not None:
            return word
        if isinstance(value, Enum) or text.isdigit():
            return text
        party = _party(text, names)
        if party is not None:
            return party
        text = " ".join(text.split())  # one change, one line: a text's breaks are spaces here
        return quoted(text)
    if isinstance(value, dt.date):
        return long_date(value, w.language)
    if isinstance(value, list | tuple):
        shown = (str(plain(v)) for v in value)
        return ", ".join(_party(v, names) or v for v in shown) or w("change.not_set")
    if isinstance(value, dict) or hasattr(value, "model_dump"):
        return json.dumps(plain(value), ensure_ascii=False)
    return str(value)


@functools.lru_cache(maxsize=4096)
def _money(value: int, language: str) -> str:
    """Cached: Babel takes ~20 µs an amount, and a history repeats amounts thousands of times."""
    return kroner(value, language)


def lines(diff: PilotDiff, language: Language | str) -> Iterator[tuple[int, str, str]]:
    """``(level, style, text)`` for every line of the diff: 0 a section, 1 a sub-goal, 2 a
    measure or another change, 3 a measure's change."""
    from bygdevekst_cli.diff import Kind

    w = words(str(getattr(language, "value", language)))
    if diff.no_old_plan is not None and diff.new:  # else the measures read as added here
        yield 0, "dim", w("diff.no_old_plan", revision=diff.from_label, year=diff.no_old_plan)
    sections = ((Kind.NEW, "green"), (Kind.CHANGED, "yellow"), (Kind.CLOSED, "cyan"))
    for kind, style in (*sections, (Kind.DROPPED, "red")):
        measures = diff.of_kind(kind)
        if not measures:
            continue
        yield 0, style, w(f"diff.{kind.value}")
        for sub_goal, group in groupby(measures, key=lambda m: m.sub_goal):
            yield 1, "bold", sub_goal_line(diff, sub_goal, w)
            for measure in group:
                yield from _measure_lines(measure, language, w, diff.names.get)
    others = (
        ("diff.agreement", _own_values(diff, diff.agreement, w)),
        ("diff.pilot_file", _own_values(diff, diff.pilot_file, w)),
        ("diff.funding", _described(diff, diff.funding, language)),
        ("diff.plan_values", _own_values(diff, diff.plan, w)),
        ("change.schedule_changes", _described(diff, diff.schedule, language)),
    )
    for key, said in others:
        if said:
            yield 0, "magenta", w(key)
            for text in said:
                yield 2, "", text
    if diff.amendments:
        yield 0, "magenta", w("amendment.heading")
        for amendment in diff.amendments:
            yield 2, "", amendment_text(amendment, w)
    if diff.is_empty:
        yield 0, "dim", w("diff.no_changes")


def _described(
    diff: PilotDiff, changes: tuple[FieldChange, ...], language: Language | str
) -> list[str]:
    """Each change as a line of its path and values (``describe``)."""
    return [describe(change, language, diff.names.get) for change in changes]


def _own_values(diff: PilotDiff, changes: tuple[FieldChange, ...], w: Words) -> list[str]:
    """The agreement's, pilot.yaml's or the plan's own values named as the changes document
    names them (``value_text.value_lines``): an indicator added as one sentence with its
    values, a target's year and value as one line, «målåret» for «mål, år», «namnet på
    prosjektleiaren» for «organisering, prosjektleiar, namn», a direction by its word."""
    from bygdevekst_cli.present.value_text import value_lines

    return value_lines(changes, w, diff.names.get, diff.indicator_titles.get)


def amendment_text(amendment: Amendment, w: Words) -> str:
    """``Endring vedteken 12. mars 2026 av kommunestyret (fyresdal), sak 26/30: …``."""
    slots = {
        "date": long_date(amendment.date, w.language),
        "body": w(f"body.{amendment.decided_by.body.value}"),
        "party": amendment.decided_by.party,
        "reason": amendment.reason,
    }
    if amendment.case_number:
        return w("amendment.decided_case", case_number=amendment.case_number, **slots)
    return w("amendment.decided", **slots)


def sub_goal_line(diff: PilotDiff, sub_goal: int | None, w: Words) -> str:
    if sub_goal is None:
        return w("doc.measures2.shared")
    title = diff.sub_goal_titles.get(sub_goal, "")
    return f"{w('diff.sub_goal').capitalize()} {sub_goal} {title}".rstrip()


def _measure_lines(
    measure: MeasureDiff, language: Language | str, w: Words, names: Names
) -> Iterator[tuple[int, str, str]]:
    from bygdevekst_cli.diff import Kind
    from bygdevekst_cli.present.value_text import measure_field_line

    yield 2, "", f"{w('diff.measure').capitalize()} {measure.id} {measure.title}"
    for change in measure.fields:
        yield 3, "", measure_field_line(change, w, names)
    if measure.kind is Kind.CHANGED and measure.reason:
        yield 3, "italic", f"{w('diff.reason')}: {measure.reason}"
    elif measure.lacks_reason:
        yield 3, "italic", f"{w('diff.reason')}: ({w('diff.missing_reason')})"
    if measure.kind is Kind.CLOSED:
        assessment = measure.assessment or f"({w('diff.missing_assessment')})"
        yield 3, "italic", f"{w('diff.assessment')}: {assessment}"


def title_line(diff: PilotDiff) -> str:
    return f"{diff.pilot}: {diff.from_label} → {diff.to_label}"


def render_text(diff: PilotDiff, language: Language | str, out: TextIO) -> None:
    from rich.markup import escape

    console = make_console(out)
    console.print(f"[bold]{escape(title_line(diff))}[/bold]")
    for level, style, text in lines(diff, language):
        indent = "  " * level
        shown = f"[{style}]{escape(text)}[/{style}]" if style else escape(text)
        console.print(indent + shown, soft_wrap=True)


def render_markdown(diff: PilotDiff, language: Language | str, out: TextIO) -> None:
    """Headings for the pilot, each section and each sub-goal, so that CommonMark never
    reads a sub-goal as part of the list before it; the measures and their changes as a
    nested list under their sub-goal."""
    out.write(f"## {md_escape(title_line(diff))}\n")
    after_heading = True
    for level, _, text in lines(diff, language):
        if level <= 1:
            out.write(f"\n{'#' * (3 + level)} {md_escape(text)}\n")
            after_heading = True
            continue
        if after_heading:
            out.write("\n")
            after_heading = False
        indent = "" if level == 2 else "  "
        out.write(f"{indent}- {md_escape(text)}\n")
    out.write("\n")


def render_json(diff: PilotDiff, language: Language | str, out: TextIO) -> None:
    out.write(json.dumps(diff.to_json(), ensure_ascii=False, indent=2) + "\n")


def md_escape(text: str) -> str:
    """Escape what markdown would read as markup in free text."""
    for char in ("\\", "*", "_", "`", "[", "]", "<", ">", "#", "|"):
        text = text.replace(char, "\\" + char)
    return text


DiffRenderer = Callable[["PilotDiff", "Language | str", TextIO], None]

#: Every output format of ``diff``; its keys are the ``--format`` choices.
RENDERER_BY_NAME: dict[str, DiffRenderer] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
}
