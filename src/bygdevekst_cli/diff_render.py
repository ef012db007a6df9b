"""A diff in words: one line per change in the pilot's written standard, as text or markdown."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator
from itertools import groupby
from typing import Any, TextIO

from bygdevekst_cli.console import make_console
from bygdevekst_cli.diff import FieldChange, Kind, MeasureDiff, PilotDiff
from bygdevekst_cli.formatting import kroner, percent, quoted
from bygdevekst_cli.models import Language
from bygdevekst_cli.vocabulary import has_word, word


def describe(change: FieldChange, language: Language) -> str:
    """``budget.2026.state_measure_funds`` 400000→500000 becomes
    ``budsjett 2026, statlege tiltaksmidlar 400 000 kr → 500 000 kr``."""
    parts = change.path.split(".")
    head = parts[0]
    if head in ("budget", "grants", "carry_over"):
        label = (
            f"{word('field.' + head, language)} {parts[1]}, {word('source.' + parts[2], language)}"
        )
        if change.old is None and change.new is None:  # carried over, amount not yet known
            return f"{label}: {word('amount_unknown', language)}"
        return f"{label}: {_money(change.old, language)} → {_money(change.new, language)}"
    if head == "sub_goals":
        label = f"{word('sub_goal', language)} {parts[1]}, {word('field.' + parts[2], language)}"
        if parts[2] == "weight":
            return f"{label}: {_percent(change.old, language)} → {_percent(change.new, language)}"
        return f"{label}: {_value(change.old)} → {_value(change.new)}"
    if head == "parties":
        label = f"{word('party', language)} {parts[1]}, {word('field.' + parts[2], language)}"
        return f"{label}: {_value(change.old)} → {_value(change.new)}"
    show = _status(language) if head == "status" else _value
    return f"{word('field.' + head, language)}: {show(change.old)} → {show(change.new)}"


@functools.lru_cache(maxsize=4096)
def _money(value: Any, language: Language) -> str:
    """Cached: Babel takes ~20 µs an amount, and a history repeats amounts thousands of times."""
    return kroner(value, language.value) if isinstance(value, int) else "–"


def _percent(value: Any, language: Language) -> str:
    return percent(value, language.value) if isinstance(value, int) else "–"


def _status(language: Language) -> Callable[[Any], str]:
    def show(value: Any) -> str:
        key = f"status.{value}"
        return word(key, language) if has_word(key) else _value(value)

    return show


def _value(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "–"
    if isinstance(value, str) and not value.isdigit():
        short = value if len(value) <= 80 else value[:77] + "…"
        return quoted(short)
    return str(value)


def lines(diff: PilotDiff, language: Language) -> Iterator[tuple[int, str, str]]:
    """``(level, style, text)`` for every line of the diff; level 0 is a heading."""
    sections = (
        (Kind.NEW, "green"),
        (Kind.CHANGED, "yellow"),
        (Kind.CLOSED, "cyan"),
        (Kind.DROPPED, "red"),
    )
    for kind, style in sections:
        measures = diff.of_kind(kind)
        if not measures:
            continue
        yield 0, style, word(kind.value, language)
        for sub_goal, group in groupby(measures, key=lambda m: m.sub_goal):
            title = diff.sub_goal_titles.get(sub_goal, "")
            yield (
                1,
                "bold",
                f"{word('sub_goal', language).capitalize()} {sub_goal} {title}".rstrip(),
            )
            for measure in group:
                yield from _measure_lines(measure, language)
    for key, changes in (("agreement", diff.agreement), ("funding", diff.funding)):
        if changes:
            yield 0, "magenta", word(key, language)
            for change in changes:
                yield 2, "", describe(change, language)
    if diff.is_empty:
        yield 0, "dim", word("no_changes", language)


def _measure_lines(measure: MeasureDiff, language: Language) -> Iterator[tuple[int, str, str]]:
    yield 2, "", f"{word('measure', language).capitalize()} {measure.id} {measure.title}"
    for change in measure.fields:
        yield 3, "", describe(change, language)
    if measure.kind is Kind.CHANGED:
        reason = measure.reason or f"({word('missing_reason', language)})"
        yield 3, "italic", f"{word('reason', language)}: {reason}"
    if measure.kind is Kind.CLOSED:
        assessment = measure.assessment or f"({word('missing_assessment', language)})"
        yield 3, "italic", f"{word('assessment', language)}: {assessment}"


def title_line(diff: PilotDiff) -> str:
    return f"{diff.pilot}: {diff.from_label} → {diff.to_label}"


def render_text(diff: PilotDiff, language: Language, out: TextIO) -> None:
    from rich.markup import escape

    console = make_console(out)
    console.print(f"[bold]{escape(title_line(diff))}[/bold]")
    for level, style, text in lines(diff, language):
        indent = "  " * level
        shown = f"[{style}]{escape(text)}[/{style}]" if style else escape(text)
        console.print(indent + shown, soft_wrap=True)


def render_markdown(diff: PilotDiff, language: Language, out: TextIO) -> None:
    out.write(f"## {title_line(diff)}\n")
    for level, _, text in lines(diff, language):
        if level == 0:
            out.write(f"\n### {text}\n\n")
        elif level == 1:
            out.write(f"**{md_escape(text)}**\n\n")
        elif level == 2:
            out.write(f"- {md_escape(text)}\n")
        else:
            out.write(f"  - {md_escape(text)}\n")
    out.write("\n")


def render_json(diff: PilotDiff, language: Language, out: TextIO) -> None:
    out.write(json.dumps(diff.to_json(), ensure_ascii=False, indent=2) + "\n")


def md_escape(text: str) -> str:
    """Escape what markdown would read as markup in free text."""
    for char in ("\\", "*", "_", "`", "[", "]", "<", ">", "#", "|"):
        text = text.replace(char, "\\" + char)
    return text


DiffRenderer = Callable[[PilotDiff, Language, TextIO], None]

#: Every output format of ``diff``; its keys are the ``--format`` choices.
DIFF_RENDERER_BY_NAME: dict[str, DiffRenderer] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
}
