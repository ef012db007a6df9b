"""The yearly update: which measures are new, changed (and why) and closed (and with what).

Measures are matched by their stable ``id``. A change is listed field by field in the terms
a council reads: title, description, a move to another sub-goal, responsible party,
partners, period, status, and the budget per year and funding source with both amounts.
Fields that belong to one year only (the report, the reason, the assessment, whether the
measure is prioritised) are not changes of the measure: the reason and the assessment are
carried beside the change instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from bygdevekst_cli.errors import UserError
from bygdevekst_cli.models import ActionPlan, Agreement, Pilot
from bygdevekst_cli.models.plan import FundingSource, Measure, MeasureStatus
from bygdevekst_cli.pilotset import PilotFiles


class Kind(StrEnum):
    NEW = "new"
    CHANGED = "changed"
    CLOSED = "closed"
    UNCHANGED = "unchanged"
    DROPPED = "dropped"
    """Gone from the new plan without having been closed: the cross-year rules flag it."""


@dataclass(frozen=True, slots=True)
class FieldChange:
    path: str
    """What changed, in stable machine terms: ``title``, ``budget.2026.state_measure_funds``."""
    old: Any
    new: Any

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "old": self.old, "new": self.new}


@dataclass(frozen=True, slots=True)
class MeasureDiff:
    kind: Kind
    id: str
    title: str
    sub_goal: int
    fields: tuple[FieldChange, ...] = ()
    reason: str | None = None
    assessment: str | None = None


@dataclass(frozen=True)
class PilotDiff:
    """Two versions of one pilot's plan (and agreement) compared."""

    pilot: str
    from_label: str
    to_label: str
    measures: tuple[MeasureDiff, ...]
    agreement: tuple[FieldChange, ...] = ()
    funding: tuple[FieldChange, ...] = ()
    sub_goal_titles: dict[int, str] = field(default_factory=dict)

    def of_kind(self, kind: Kind) -> list[MeasureDiff]:
        return [m for m in self.measures if m.kind is kind]

    @property
    def new(self) -> list[MeasureDiff]:
        return self.of_kind(Kind.NEW)

    @property
    def changed(self) -> list[MeasureDiff]:
        return self.of_kind(Kind.CHANGED)

    @property
    def closed(self) -> list[MeasureDiff]:
        return self.of_kind(Kind.CLOSED)

    @property
    def is_empty(self) -> bool:
        reported = (Kind.NEW, Kind.CHANGED, Kind.CLOSED, Kind.DROPPED)
        return not (
            any(m.kind in reported for m in self.measures) or self.agreement or self.funding
        )

    def to_json(self) -> dict[str, Any]:
        """The machine form fixed in DESIGN.md, plus agreement and funding changes."""
        return {
            "pilot": self.pilot,
            "from": self.from_label,
            "to": self.to_label,
            "new": [{"id": m.id, "title": m.title, "sub_goal": m.sub_goal} for m in self.new],
            "changed": [
                {
                    "id": m.id,
                    "title": m.title,
                    "sub_goal": m.sub_goal,
                    "fields": [f.to_json() for f in m.fields],
                    "reason": m.reason,
                }
                for m in self.changed
            ],
            "closed": [
                {"id": m.id, "title": m.title, "sub_goal": m.sub_goal, "assessment": m.assessment}
                for m in self.closed
            ],
            "agreement": [f.to_json() for f in self.agreement],
            "funding": [f.to_json() for f in self.funding],
        }


_COMPARED = (
    "title",
    "description",
    "sub_goal",
    "number",
    "responsible",
    "partners",
    "start_year",
    "end_year",
    "status",
)


def measure_changes(old: Measure, new: Measure, since: int | None = None) -> list[FieldChange]:
    """The fields of a measure that differ between two plan versions.

    ``since`` is the new plan's year when two plan years are compared: a budget year before
    it that the new plan no longer lists is history (reported in its own year), not a change.
    """
    changes = [
        FieldChange(name, getattr(old, name), getattr(new, name))
        for name in _COMPARED
        if getattr(old, name) != getattr(new, name)
    ]
    changes.extend(_budget_changes(old, new, since))
    return [_plain(change) for change in changes]


def _budget_changes(old: Measure, new: Measure, since: int | None) -> Iterator[FieldChange]:
    years = set(new.budget) | {y for y in old.budget if since is None or y >= since}
    for year in sorted(years):
        before, after = old.budget.get(year), new.budget.get(year)
        for source in FundingSource:
            a = getattr(before, source.value) if before is not None else None
            b = getattr(after, source.value) if after is not None else None
            if a != b:
                yield FieldChange(f"budget.{year}.{source.value}", a, b)


def _plain(change: FieldChange) -> FieldChange:
    """Enum values as their text, so JSON and messages show ``closed``, not an object."""

    def plain(value: Any) -> Any:
        return value.value if isinstance(value, StrEnum) else value

    return FieldChange(change.path, plain(change.old), plain(change.new))


def classify(
    old: Measure | None, new: Measure | None, since: int | None = None
) -> MeasureDiff | None:
    """One measure across two versions; None when it was closed before and is gone now.

    ``since``: the new plan's year when the versions are two plan years (see
    ``measure_changes``)."""
    if new is None:
        assert old is not None
        if old.status is MeasureStatus.CLOSED:
            return None
        return MeasureDiff(Kind.DROPPED, old.id, old.title, old.sub_goal)
    if old is None:
        return MeasureDiff(Kind.NEW, new.id, new.title, new.sub_goal, reason=new.change_reason)
    if old is new or old == new:  # the history compares hundreds of versions: be quick
        return MeasureDiff(Kind.UNCHANGED, new.id, new.title, new.sub_goal)
    fields = tuple(measure_changes(old, new, since))
    if new.status is MeasureStatus.CLOSED and old.status is not MeasureStatus.CLOSED:
        return MeasureDiff(
            Kind.CLOSED, new.id, new.title, new.sub_goal, fields, new.change_reason, new.assessment
        )
    fresh_reason = new.change_reason is not None and new.change_reason != old.change_reason
    if fields or fresh_reason:
        return MeasureDiff(Kind.CHANGED, new.id, new.title, new.sub_goal, fields, new.change_reason)
    return MeasureDiff(Kind.UNCHANGED, new.id, new.title, new.sub_goal)


def diff_plans(old: ActionPlan | None, new: ActionPlan) -> tuple[MeasureDiff, ...]:
    before = {m.id: m for m in old.measures} if old is not None else {}
    after = {m.id: m for m in new.measures}
    order = list(after) + [i for i in before if i not in after]
    since = new.year if old is not None and old.year < new.year else None
    results = (classify(before.get(i), after.get(i), since) for i in order)
    return tuple(sorted((r for r in results if r is not None), key=_measure_order))


def _measure_order(diff: MeasureDiff) -> tuple[int, tuple[tuple[int, str], ...]]:
    """By sub-goal, then by id with its numbers compared as numbers (1.6 before 1.10)."""
    parts = re.findall(r"\d+|\D+", diff.id)
    return diff.sub_goal, tuple((int(p), "") if p.isdigit() else (-1, p) for p in parts)


def diff_funding(
    old: ActionPlan | None, new: ActionPlan, *, same_year: bool
) -> tuple[FieldChange, ...]:
    """Grants and carry-over that were added or changed.

    Between two plan years a grant the new plan no longer lists (last year's operating grant)
    is history, not a change; between two versions of the same plan, removing it is one.
    """

    def entries(plan: ActionPlan | None) -> dict[str, int | None]:
        if plan is None:
            return {}
        found: dict[str, int | None] = {
            f"grants.{g.year}.{g.source.value}": g.amount for g in plan.funding.grants
        }
        for c in plan.funding.carry_over:
            found[f"carry_over.{c.from_year}-{c.to_year}.{c.source.value}"] = c.amount
        return found

    a, b = entries(old), entries(new)
    keys = sorted(set(a) | set(b)) if same_year else sorted(b)
    return tuple(
        FieldChange(key, a.get(key), b.get(key))
        for key in keys
        if (key in a) != (key in b) or a.get(key) != b.get(key)
    )


def diff_agreements(
    old: Agreement | None, new: Agreement | None, old_pilot: Pilot | None, new_pilot: Pilot | None
) -> tuple[FieldChange, ...]:
    """Sub-goals (title, weight, partners) and parties (name, kind, role) that differ."""
    goals = _keyed_changes(
        "sub_goals",
        {g.number: g for g in old.sub_goals} if old else {},
        {g.number: g for g in new.sub_goals} if new else {},
        ("title", "weight", "partners"),
    )
    parties = _keyed_changes(
        "parties",
        {p.id: p for p in old_pilot.parties} if old_pilot else {},
        {p.id: p for p in new_pilot.parties} if new_pilot else {},
        ("name", "kind", "role"),
    )
    return (*goals, *parties)


def _keyed_changes(
    prefix: str, before: dict[Any, Any], after: dict[Any, Any], names: tuple[str, ...]
) -> list[FieldChange]:
    """Field by field, the differences between two collections matched by key."""
    changes = []
    for key in sorted(set(before) | set(after)):
        for name in names:
            old_value = getattr(before.get(key), name, None)
            new_value = getattr(after.get(key), name, None)
            if old_value != new_value:
                changes.append(_plain(FieldChange(f"{prefix}.{key}.{name}", old_value, new_value)))
    return changes


def diff_versions(
    old: PilotFiles, new: PilotFiles, from_label: str, to_label: str, year: int | None = None
) -> PilotDiff:
    """Compare two versions of a pilot: plan ``year`` (default: the newest in ``new``) against
    the same year in ``old``, or, when ``old`` has no plan for it, the newest before it."""
    if new.pilot is None:
        raise UserError(
            f"{new.display}: pilot.yaml mangler eller har feil; kjør «bygdevekst validate»"
        )
    target_year = year if year is not None else max(new.plans, default=None)
    if target_year is None or target_year not in new.plans:
        wanted = f"for {year}" if year is not None else "å sammenligne"
        raise UserError(
            f"{new.display}: har ingen gyldig handlingsplan {wanted}; kjør «bygdevekst validate»"
        )
    before = old.plans.get(target_year) or old.previous_plan(target_year)
    after = new.plans[target_year]
    agreement = new.agreement.model if new.agreement else None
    return PilotDiff(
        pilot=new.pilot.model.id,
        from_label=from_label,
        to_label=to_label,
        measures=diff_plans(before.model if before else None, after.model),
        agreement=diff_agreements(
            old.agreement.model if old.agreement else None,
            agreement,
            old.pilot.model if old.pilot else None,
            new.pilot.model,
        ),
        funding=diff_funding(
            before.model if before else None,
            after.model,
            same_year=before is not None and before.model.year == target_year,
        ),
        sub_goal_titles={g.number: g.title for g in agreement.sub_goals} if agreement else {},
    )


def diff_years(files: PilotFiles, from_year: int, to_year: int) -> PilotDiff:
    """Compare two plan years of one pilot in the working tree."""
    if files.pilot is None:
        raise UserError(
            f"{files.display}: pilot.yaml mangler eller har feil; kjør «bygdevekst validate»"
        )
    for year in (from_year, to_year):
        if year not in files.plans:
            known = ", ".join(str(y) for y in files.plans) or "ingen"
            raise UserError(
                f"{files.display}: fant ingen gyldig handlingsplan for {year} (har: {known});"
                " kjør «bygdevekst validate» om filen finnes"
            )
    before, after = files.plans[from_year].model, files.plans[to_year].model
    agreement = files.agreement.model if files.agreement else None
    return PilotDiff(
        pilot=files.pilot.model.id,
        from_label=str(from_year),
        to_label=str(to_year),
        measures=diff_plans(before, after),
        funding=diff_funding(before, after, same_year=False),
        sub_goal_titles={g.number: g.title for g in agreement.sub_goals} if agreement else {},
    )
