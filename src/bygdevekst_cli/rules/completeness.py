"""What a pilot still lacks: text left as ``init`` wrote it, no municipalities yet, and a
sub-goal without measures in the newest plan."""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterator

from bygdevekst_cli.formatting import quoted
from bygdevekst_cli.in_force import agreement_in_force
from bygdevekst_cli.models.plan import MeasureStatus
from bygdevekst_cli.pilotset import PilotFiles
from bygdevekst_cli.placeholders import placeholder_pattern, placeholder_starts
from bygdevekst_cli.rules.registry import Hit, rule


@rule("BV226")
def placeholders_filled_in(files: PilotFiles) -> Iterator[Hit]:
    """Text left as ``init`` wrote it (the pattern looked up once: a pilot has hundreds of
    texts)."""
    fullmatch = placeholder_pattern().fullmatch
    starts = itertools.repeat(placeholder_starts())
    for document in files.documents():
        entries = document.texts
        # Every text's start tested in one pass of C (``map``), no step of Python per text:
        # nearly every document has no placeholder left, and then its texts are done with.
        if not any(map(str.startswith, map(str.lstrip, map(_TEXT, entries)), starts)):
            continue
        for path, text, _ in entries:
            if fullmatch(text.strip()) is not None:
                yield Hit(document, path, "unfilled", {"text": text.strip()})


_TEXT = operator.itemgetter(1)
"""The text of a ``(path, text, is_prose)`` entry."""


@rule("BV227")
def has_municipalities(files: PilotFiles) -> Iterator[Hit]:
    if files.pilot is not None and not files.pilot.model.municipalities:
        yield Hit(files.pilot, ("parties",), "none")


@rule("BV228")
def every_sub_goal_has_measures(files: PilotFiles) -> Iterator[Hit]:
    """A sub-goal with no measure in the newest plan: the agreements ask the parties to
    agree on measures for each sub-goal in the yearly plans, and one forgotten in the year's
    update, or whose measures were closed and none came after, has none.

    The newest plan only (those before it are adopted as they stand), and only once it has
    measures (a plan just begun has none for any sub-goal). A warning: a pilot may give a
    sub-goal no priority for a year, and says so with ``# bygdevekst: ignore[BV228]``.
    """
    if not files.plans:
        return
    year = max(files.plans)
    plan = files.plans[year]
    in_force = agreement_in_force(files, year)
    measures = plan.model.measures
    if in_force is None or not measures:
        return
    served = {m.sub_goal for m in measures}
    numbers = {goal.number for goal in in_force.agreement.sub_goals}
    if served - numbers - {None}:
        return  # a measure under a sub-goal number the agreement lacks: BV202 says it
    served |= _dropped_goals(files, year, {m.id for m in measures})
    for goal in in_force.agreement.sub_goals:
        if goal.number not in served:
            slots = {"number": goal.number, "title": quoted(goal.title), "year": year}
            yield Hit(plan, ("measures",), "none", slots, key=True)


def _dropped_goals(files: PilotFiles, year: int, ids: set[str]) -> set[int | None]:
    """The sub-goals of the measures the plan before ``year`` had open and this one lacks:
    each is BV302's error already, and one mistake is one finding."""
    previous = files.previous_plan(year)
    if previous is None:
        return set()
    gone = (m for m in previous.model.measures if m.id not in ids)
    return {m.sub_goal for m in gone if m.status is not MeasureStatus.CLOSED}
