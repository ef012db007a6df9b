"""What changed between two versions of a pilot, as data: the engine of ``diff``,
``history``, ``check`` and the changes document.

Which fields are compared is said once, in the model (``Meta(compared=True)``); nothing
here names a field. ``compare`` walks nested models, lists of models matched by their key
fields (``Meta(key=True)``), dicts (a measure's budget by year) and plain values. Each
difference is a ``FieldChange`` with a structured path and the typed old and new values;
the words come only when it is shown (``present.diff``).

Measures are matched by their stable ``id`` and classified as new, changed (with this
year's reason), closed (with the assessment) or removed without being closed. Fields that
belong to one year only (the report, the reason, the assessment, whether the measure is
prioritised) are not changes of the measure: the reason and the assessment are carried
beside the change instead. The agreement (sub-goals, parties), the funding and, between
two versions of one plan year, the political schedule are compared the same way.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Any, NamedTuple

from pydantic import BaseModel

from bygdevekst_cli.errors import UserError
from bygdevekst_cli.in_force import agreement_in_force
from bygdevekst_cli.language import cli_words
from bygdevekst_cli.models import ActionPlan, Agreement, Pilot
from bygdevekst_cli.models.meta import Meta, Unit, field_meta, label_key
from bygdevekst_cli.models.plan import Amendment, BudgetLine, Measure, MeasureStatus, line_of
from bygdevekst_cli.pilotset import PilotFiles

PathKey = str | int


class PathPart(NamedTuple):
    """One step of a change's path: a field, or the id of an entry or a dict key."""

    key: PathKey
    label: str | None
    """Catalogue key of the field's label; None for an id."""
    name: str
    """The field's name; for an id, the name of the field the id comes from (``source``)."""
    position: bool = False
    """The id is the entry's place in a list of entries with no key (from 0, as JSON
    counts); shown from 1, as people count."""

    @property
    def is_field(self) -> bool:
        return self.label is not None


class FieldChange(NamedTuple):
    """One value that differs: where (a path of fields and ids), from what, to what."""

    parts: tuple[PathPart, ...]
    old: Any
    new: Any
    unit: Unit | None = None
    added: bool | None = None
    """An entry added (True) or taken out (False) whose values are all unknown: ``old``
    and ``new`` are both None; None for every other change."""

    @property
    def keys(self) -> tuple[PathKey, ...]:
        """The structured path: ``("budget", 2026, "state_measure_funds")``."""
        return tuple(part.key for part in self.parts)

    @property
    def path(self) -> str:
        """The path as dotted text, the form of the JSON output: ``budget.2026.own_funds``."""
        return ".".join(str(key) for key in self.keys)

    @property
    def field(self) -> str:
        """The name of the last field on the path (the one whose value changed)."""
        return next((p.name for p in reversed(self.parts) if p.is_field), self.parts[-1].name)

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "old": plain(self.old), "new": plain(self.new)}


def plain(value: Any) -> Any:
    """A value as JSON has it: enums as their text, dates in ISO form, models as dicts, a
    percentage with decimals as a number (``12.5``: its two places are exact in a float)."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, BaseModel):  # its fields made plain here, as any other value
        return plain(value.model_dump(exclude_defaults=True))
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


class Scope(NamedTuple):
    """What kind of comparison this is.

    ``since`` is the new plan's year when two plan years are compared (None for two versions
    of one plan). Across plan years, what belongs to one year (``Meta(yearly=True)``) is not
    compared, an entry of the old plan that the new one leaves out is history, not a change,
    and so is a year-keyed entry (a budget year) before ``since``.
    """

    since: int | None = None

    @property
    def across_years(self) -> bool:
        return self.since is not None


SAME_PLAN = Scope()


def compare(
    old: BaseModel | None,
    new: BaseModel | None,
    scope: Scope = SAME_PLAN,
    prefix: tuple[PathPart, ...] = (),
    skip: frozenset[str] = frozenset(),
) -> Iterator[FieldChange]:
    """Every compared field that differs between ``old`` and ``new`` (one may be None: an
    entry added or removed), in the model's field order; ``skip`` names fields of ``old``
    and ``new`` themselves that are compared elsewhere."""
    sample = new if new is not None else old
    if sample is None:
        return
    defaults = _defaults(type(sample)) if old is None or new is None else {}
    for name, meta in field_meta(type(sample)).items():
        if not meta.compared or (scope.across_years and meta.yearly) or name in skip:
            continue
        before = getattr(old, name) if old is not None else None
        after = getattr(new, name) if new is not None else None
        if before == after or (_nothing(before) and _nothing(after)):
            continue
        if name in defaults and getattr(sample, name) == defaults[name]:
            continue  # an entry added (or taken out) says nothing by a field it left as is
        label = label_key(name, meta)
        part = () if label == "" else (PathPart(name, label, name),)
        yield from _values(before, after, meta, scope, (*prefix, *part))


@functools.cache
def _defaults(model: type[BaseModel]) -> dict[str, Any]:
    """The default of each field of ``model`` that has one (``covers_period: false``)."""
    found: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if not info.is_required():
            found[name] = info.get_default(call_default_factory=True)
    return found


def _nothing(value: Any) -> bool:
    """No value: None, or an empty list or dict (an entry added with an empty list has
    changed nothing in it)."""
    return value is None or (isinstance(value, list | dict | tuple) and not value)


def _values(
    old: Any, new: Any, meta: Meta, scope: Scope, path: tuple[PathPart, ...]
) -> Iterator[FieldChange]:
    if old == new:  # nothing changed (two empty schedules, say): no change to report
        return
    old, new = _same_shape(old, new)
    if old == new or _same_text(old, new):
        return
    sample = new if new is not None else old
    if isinstance(sample, BaseModel) and not any(
        m.compared for m in field_meta(type(sample)).values()
    ):
        yield FieldChange(path, old, new, meta.unit)  # a model with no compared field: whole
    elif isinstance(sample, BaseModel):
        yield from compare(old, new, scope, path)
    elif isinstance(sample, list) and _models(old, new):
        yield from _entries(old or [], new or [], meta, scope, path)
    elif isinstance(sample, dict):
        yield from _mapping(old or {}, new or {}, meta, scope, path)
    else:
        yield FieldChange(path, old, new, meta.unit)


def _same_shape(old: Any, new: Any) -> tuple[Any, Any]:
    """A budget amount written bare on one side and as a line (``{amount: …}``) on the
    other, in one shape: both bare when the line says no more than its amount (``600000``
    and ``{amount: 600000}`` are the same budget), else both lines (a funder or a status
    added to an amount is that, not a new kind of value)."""
    if isinstance(old, BudgetLine) is isinstance(new, BudgetLine):
        return old, new
    if not all(isinstance(v, int | BudgetLine) for v in (old, new)):
        return old, new  # a line added or removed (None on one side): compared as it is
    line = old if isinstance(old, BudgetLine) else new
    if line == line_of(line.amount):
        return (line.amount, new) if line is old else (old, line.amount)
    return line_of(old), line_of(new)


def _same_text(old: Any, new: Any) -> bool:
    """Two texts that differ only in spacing (a space doubled or left at the end, a line
    wrapped elsewhere) are the same text: the documents print them alike. A new paragraph
    break is a change."""
    if not (isinstance(old, str) and isinstance(new, str)):
        return False
    return _paragraphs(old) == _paragraphs(new)


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip())]


def _models(old: list[Any] | None, new: list[Any] | None) -> bool:
    items = [*(old or []), *(new or [])]
    return bool(items) and all(isinstance(item, BaseModel) for item in items)


def _mapping(
    old: dict[Any, Any], new: dict[Any, Any], meta: Meta, scope: Scope, path: tuple[PathPart, ...]
) -> Iterator[FieldChange]:
    name = path[-1].name if path else ""
    keys = list(new) + [k for k in old if k not in new]
    for key in sorted(keys, key=_sortable):
        if key not in new and _history(key, scope):
            continue
        before, after = old.get(key), new.get(key)
        if before != after:
            yield from _values(before, after, meta, scope, (*path, PathPart(key, None, name)))


def _history(key: Any, scope: Scope) -> bool:
    """A year-keyed entry before the new plan's year, left out of it: history."""
    return scope.since is not None and isinstance(key, int) and key < scope.since


def _sortable(key: Any) -> tuple[int, Any]:
    return (0, key) if isinstance(key, int) else (1, str(key))


def _entries(
    old: list[BaseModel],
    new: list[BaseModel],
    meta: Meta,
    scope: Scope,
    path: tuple[PathPart, ...],
) -> Iterator[FieldChange]:
    """A list of models, matched by their key fields (by content when they have none)."""
    name = path[-1].name if path else ""
    places = functools.cache(lambda: _places(old, new))  # only for entries without a key

    def ids(items: list[BaseModel], side: int) -> dict[EntryKey, BaseModel]:
        """Each entry by its id and its place among the entries that share it (two grants
        from one source in one year, their funders not named): the n-th of the old list is
        compared with the n-th of the new, and no entry hides another. An entry without a
        key is named by its place (``_places``)."""
        found: dict[EntryKey, BaseModel] = {}
        seen: Counter[tuple[PathPart, ...]] = Counter()
        for i, item in enumerate(items):
            key = entry_id(item)
            if not key:
                place, own = places()[side][i]
                found[((PathPart(place, None, name, position=True),), own)] = item
                continue
            found[(key, seen[key])] = item
            seen[key] += 1
        return found

    after = ids(new, 1)
    before = _restated(ids(old, 0), after)
    for key in list(after) + [k for k in before if k not in after]:
        a, b = before.get(key), after.get(key)
        if a == b or (b is None and scope.across_years and _of_a_year(a)):
            continue
        present = b if b is not None else a
        where = (*_entry_path(path, present), *key[0])
        found = list(_values(a, b, meta, scope, where))
        added_or_removed = a is None or b is None
        if added_or_removed and present is not None and len(found) > 1:
            found = _without_own_key(found, present, len(where))
        if added_or_removed and present is not None and (not found or _value_unknown(present)):
            found = [_presence(present, where, a is None), *found]  # a carry-over of no amount
        yield from found


EntryKey = tuple[tuple[PathPart, ...], int]


def _places(old: list[BaseModel], new: list[BaseModel]) -> tuple[list[tuple[int, int]], ...]:
    """``(place, mark)`` of each entry of ``old`` and of ``new`` that has no key, matched by
    content as a line diff matches lines (``difflib.SequenceMatcher``): an open point put
    first is one added, not every later one changed. An entry of ``new`` has its place in
    ``new`` (mark 0), and so does the entry of ``old`` it is matched with: the same entry,
    or, in a run of entries replaced, the one in the same place of the run (changed, say
    its text reworded). An entry of ``old`` that matches none keeps its place in ``old``,
    marked apart (-1) from the entries of ``new``."""
    old_places = [(i, -1) for i in range(len(old))]
    new_places = [(j, 0) for j in range(len(new))]
    texts = [
        [json.dumps(plain(item), sort_keys=True, default=str) for item in items]
        for items in (old, new)
    ]
    matcher = difflib.SequenceMatcher(None, texts[0], texts[1], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("equal", "replace"):
            for i, j in zip(range(i1, i2), range(j1, j2), strict=False):
                old_places[i] = (j, 0)
    return old_places, new_places


def _restated(before: dict[EntryKey, Any], after: dict[EntryKey, Any]) -> dict[EntryKey, Any]:
    """``before`` with an entry the new list restates with an optional key field named or
    left out (a grant with its funder, then without) under the new entry's key: it is the
    same entry, not one taken out and one added. Only when exactly one entry on each side
    fits; else the entries stay apart."""
    gone = [key for key in before if key not in after]
    fresh = [key for key in after if key not in before]

    def nested(a: EntryKey, b: EntryKey) -> bool:
        parts_a, parts_b = set(a[0]), set(b[0])
        return a[1] == b[1] and parts_a != parts_b and (parts_a < parts_b or parts_b < parts_a)

    result = dict(before)
    for new_key in fresh:
        fits = [key for key in gone if nested(key, new_key)]
        if len(fits) == 1 and sum(nested(fits[0], key) for key in fresh) == 1:
            result[new_key] = result.pop(fits[0])
            gone.remove(fits[0])
    return result


def _of_a_year(item: BaseModel | None) -> bool:
    """Whether an entry belongs to a year (a grant, a carry-over, work in kind: a year is
    among its key fields), so that a later plan that leaves it out has made it history. An
    entry of no year (a measure's link) that a later plan leaves out is taken out."""
    if item is None:
        return True
    fields = field_meta(type(item)).items()
    return any(isinstance(getattr(item, name), int) for name, meta in fields if meta.key)


def _entry_path(path: tuple[PathPart, ...], entry: BaseModel | None) -> tuple[PathPart, ...]:
    """``path`` to the list, its last field labelled as ``entry`` asks (``entry_label``:
    an application is no grant), as the entry is after the change (before, if removed)."""
    label = getattr(entry, "entry_label", None)
    if not label or not path or not path[-1].is_field:
        return path
    return (*path[:-1], path[-1]._replace(label=label))


def entry_id(item: BaseModel) -> tuple[PathPart, ...]:
    """The path parts naming an entry of a list: its key fields, years first, and
    consecutive years as one span (a carry-over ``2025-2026``)."""
    keys = [name for name, meta in field_meta(type(item)).items() if meta.key]
    values = sorted(
        ((name, getattr(item, name)) for name in keys), key=lambda p: not isinstance(p[1], int)
    )
    parts: list[PathPart] = []
    for name, value in values:
        if value is None:  # an optional key field left out (a grant without a funder)
            continue
        key = value.value if isinstance(value, Enum) else value
        if parts and isinstance(key, int):  # years come first: the one before is a year too
            parts[-1] = PathPart(f"{parts[-1].key}-{key}", None, parts[-1].name)
            continue
        parts.append(PathPart(key, None, name))
    return tuple(parts)


def _without_own_key(found: list[FieldChange], entry: BaseModel, depth: int) -> list[FieldChange]:
    """The changes of an entry added or taken out, less those of a key field that is also
    compared (a person's name): the entry's path names it already («styringsgruppe Kari
    Bø, tittel: …», not also «styringsgruppe Kari Bø, namn: – → «Kari Bø»»)."""
    keys = {name for name, meta in field_meta(type(entry)).items() if meta.key}
    rest = [c for c in found if not (len(c.parts) == depth + 1 and c.parts[-1].name in keys)]
    return rest or found


def _value_unknown(item: BaseModel) -> bool:
    """Whether the entry's own value (its amount, ``label=""``) is not known."""
    fields = field_meta(type(item)).items()
    return any(m.compared and m.label == "" and getattr(item, n) is None for n, m in fields)


def _presence(item: BaseModel, where: tuple[PathPart, ...], added: bool) -> FieldChange:
    """An entry added or removed whose compared values are all unknown: one change at it,
    unknown on both sides (``overført 2025-2026, …: beløp ikkje kjent``, ``signatur
    Fyresdal kommune: lagt til``)."""
    units = [m.unit for m in field_meta(type(item)).values() if m.compared and m.unit]
    return FieldChange(where, None, None, units[0] if units else None, added)


# --- measures and pilots ------------------------------------------------------------------


class Kind(StrEnum):
    NEW = "new"
    CHANGED = "changed"
    CLOSED = "closed"
    UNCHANGED = "unchanged"
    DROPPED = "dropped"
    """Gone from the new plan without having been closed (``removed`` in JSON)."""


class MeasureDiff(NamedTuple):
    kind: Kind
    id: str
    title: str
    sub_goal: int | None
    """None: shared work, under no sub-goal."""
    fields: tuple[FieldChange, ...] = ()
    """Paths relative to the measure (``budget.2026.own_funds``)."""
    reason: str | None = None
    assessment: str | None = None
    progress_only: bool = False
    """Every change is the plan's normal work (``is_progress``): a changed measure that needs
    no reason of its own, so no document says its reason is missing."""

    @property
    def lacks_reason(self) -> bool:
        """A changed measure without the reason its change needs."""
        return self.kind is Kind.CHANGED and not self.reason and not self.progress_only


def is_progress(change: FieldChange, year: int) -> bool:
    """Normal work of a plan, not a change that needs a reason: a planned measure getting
    under way, or the plan year's budget set where the plan before had none (the README:
    setting the plan year's budget needs no reason)."""
    if change.path.startswith(f"budget.{year}.") and change.old is None:
        return True
    return change.path == "status" and (change.old, change.new) == ("planned", "ongoing")


class Revisions(NamedTuple):
    """Which versions a diff compares, as given and as the commits they resolved to: a
    machine reading the JSON needs the commit (``main`` moves on; ``--base main`` on a
    branch is compared from the merge base, not from ``main``)."""

    from_ref: str | None = None
    """``--base`` as given."""
    from_commit: str | None = None
    """The commit the diff starts from (the merge base when it is not ``--base``'s)."""
    to_ref: str | None = None
    """``--head`` as given; None: the working tree."""
    to_commit: str | None = None
    """``--head``'s commit; None: the working tree, which is no commit."""

    def to_json(self) -> dict[str, str | None]:
        return {
            "from_ref": self.from_ref,
            "from_commit": self.from_commit,
            "to_ref": self.to_ref,
            "to_commit": self.to_commit,
        }


NO_REVISIONS = Revisions()
"""Two plan years of the working tree: no git revision on either side."""


@dataclass(frozen=True)
class PilotDiff:
    """Two versions of one pilot's plan (and agreement) compared."""

    pilot: str
    from_label: str
    to_label: str
    measures: tuple[MeasureDiff, ...]
    agreement: tuple[FieldChange, ...] = ()
    pilot_file: tuple[FieldChange, ...] = ()
    """pilot.yaml's own values (its id, parties, organisation): shown apart from the
    agreement's, in the JSON under ``agreement`` with them (its paths are pilot.yaml's)."""
    funding: tuple[FieldChange, ...] = ()
    plan: tuple[FieldChange, ...] = ()
    """The plan's own values (its links, contributors, notes, indicator values): what is
    neither a measure, the funding nor the schedule."""
    schedule: tuple[FieldChange, ...] = ()
    """The political schedule (meetings, outcomes, case numbers, adoptions); compared
    between two versions of one plan year only."""
    sub_goal_titles: dict[int, str] = field(default_factory=dict)
    indicator_titles: dict[str, str] = field(default_factory=dict)
    """Each indicator's title by its id (``indicator_titles``), so that a change names
    «indikatoren «Folketal i kommunane»», not ``folketal``."""
    names: dict[str, str] = field(default_factory=dict)
    """Each party's and group's name by its id, so that a change reads «Husbanken», not
    ``husbanken``: the newer version's names, and the older's for one taken out."""
    amendments: tuple[Amendment, ...] = ()
    """Amendments recorded in the plan since the old version (BV305: a change to an
    adopted plan, as decided)."""
    revisions: Revisions | None = None
    """The git revisions compared (``--base``/``--head``); None for two plan years."""
    no_old_plan: int | None = None
    """The plan year compared, when the old version has no plan for it nor any year before
    (deleted there, or not yet written): every measure of it shows as new, and is said to."""

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
    def removed(self) -> list[MeasureDiff]:
        return self.of_kind(Kind.DROPPED)

    @property
    def is_empty(self) -> bool:
        reported = (Kind.NEW, Kind.CHANGED, Kind.CLOSED, Kind.DROPPED)
        return not (
            any(m.kind in reported for m in self.measures)
            or self.agreement
            or self.pilot_file
            or self.funding
            or self.plan
            or self.schedule
            or self.amendments
        )

    def to_json(self) -> dict[str, Any]:
        """The machine form fixed in DESIGN.md, plus agreement, funding and schedule
        changes. A closed measure carries its changed fields as a changed one does (its
        status, and whatever else was changed as it closed), so that the JSON says all the
        text does. A path is dotted text (``budget.2026.state_measure_funds``): relative to
        the measure, to ``funding``, or to the agreement or pilot file."""
        return {
            "pilot": self.pilot,
            "from": self.from_label,
            "to": self.to_label,
            "new": [_measure_json(m) for m in self.new],
            "changed": [
                {
                    **_measure_json(m),
                    "fields": [f.to_json() for f in m.fields],
                    "reason": m.reason,
                }
                for m in self.changed
            ],
            "closed": [
                {
                    **_measure_json(m),
                    "fields": [f.to_json() for f in m.fields],
                    "assessment": m.assessment,
                }
                for m in self.closed
            ],
            "removed": [_measure_json(m) for m in self.removed],
            "agreement": [f.to_json() for f in (*self.agreement, *self.pilot_file)],
            "funding": [f.to_json() for f in self.funding],
            "plan": [f.to_json() for f in self.plan],
            "schedule": [f.to_json() for f in self.schedule],
            "amendments": [a.model_dump(mode="json") for a in self.amendments],
            **(self.revisions or NO_REVISIONS).to_json(),
        }


def _measure_json(measure: MeasureDiff) -> dict[str, Any]:
    return {"id": measure.id, "title": measure.title, "sub_goal": measure.sub_goal}


def measure_changes(old: Measure, new: Measure, since: int | None = None) -> list[FieldChange]:
    """The compared fields of a measure that differ between two plan versions.

    ``since`` is the new plan's year when two plan years are compared: a budget year before
    it that the new plan no longer lists is history (reported in its own year), not a change.
    """
    return list(compare(old, new, Scope(since)))


def classify(
    old: Measure | None, new: Measure | None, since: int | None = None
) -> MeasureDiff | None:
    """One measure across two versions; None when it was closed before and is gone now.

    ``since``: the new plan's year when the versions are two plan years (see
    ``measure_changes``). Across plan years, a theme the plan before only proposed and this
    one adopts is a new measure of this plan (a proposed theme is no measure yet), not a
    changed one."""
    if new is None:
        assert old is not None
        if old.status is MeasureStatus.CLOSED:
            return None
        return MeasureDiff(Kind.DROPPED, old.id, old.title, old.sub_goal)
    if old is None:
        return MeasureDiff(Kind.NEW, new.id, new.title, new.sub_goal, reason=new.change_reason)
    if old is new or old == new:  # the history compares hundreds of versions: be quick
        return MeasureDiff(Kind.UNCHANGED, new.id, new.title, new.sub_goal)
    adopted_now = new.is_adopted and new.status is not MeasureStatus.CLOSED
    if since is not None and not old.is_adopted and adopted_now:
        return MeasureDiff(Kind.NEW, new.id, new.title, new.sub_goal, reason=new.change_reason)
    fields = tuple(measure_changes(old, new, since))
    if new.status is MeasureStatus.CLOSED and old.status is not MeasureStatus.CLOSED:
        return MeasureDiff(
            Kind.CLOSED, new.id, new.title, new.sub_goal, fields, new.change_reason, new.assessment
        )
    fresh_reason = new.change_reason is not None and new.change_reason != old.change_reason
    if fields or fresh_reason:
        progress = since is not None and bool(fields) and all(is_progress(f, since) for f in fields)
        return MeasureDiff(
            Kind.CHANGED, new.id, new.title, new.sub_goal, fields, new.change_reason, None, progress
        )
    return MeasureDiff(Kind.UNCHANGED, new.id, new.title, new.sub_goal)


def diff_plans(
    old: ActionPlan | None, new: ActionPlan, *, changed_only: bool = False
) -> tuple[MeasureDiff, ...]:
    """Every measure of either version, classified; ``changed_only`` leaves out a measure
    that is the very same object in both (the history's unchanged pieces), which can only
    be unchanged."""
    before = {m.id: m for m in old.measures} if old is not None else {}
    after = {m.id: m for m in new.measures}
    order = list(after) + [i for i in before if i not in after]
    if changed_only:
        order = [i for i in order if before.get(i) is not after.get(i)]
    since = new.year if old is not None and old.year < new.year else None
    results = (classify(before.get(i), after.get(i), since) for i in order)
    return tuple(sorted((r for r in results if r is not None), key=_measure_order))


def _measure_order(diff: MeasureDiff) -> tuple[bool, int, tuple[tuple[int, str], ...]]:
    """By sub-goal (shared work last), then by id with its numbers compared as numbers (1.6
    before 1.10)."""
    return diff.sub_goal is None, diff.sub_goal or 0, id_order(diff.id)


@functools.lru_cache(maxsize=4096)  # the history sorts the same ids in every version
def id_order(measure_id: str) -> tuple[tuple[int, str], ...]:
    """A measure id (or the number a document shows) as a sort key, its numbers compared
    as numbers: «1.6» before «1.10»."""
    parts = re.findall(r"\d+|\D+", measure_id)
    return tuple((int(p), "") if p.isdigit() else (-1, p) for p in parts)


def diff_funding(
    old: ActionPlan | None, new: ActionPlan, *, same_year: bool
) -> tuple[FieldChange, ...]:
    """Grants and carry-over that were added or changed, ordered by path.

    Between two plan years a grant the new plan no longer lists (last year's operating grant)
    is history, not a change; between two versions of the same plan, removing it is one.
    """
    scope = SAME_PLAN if same_year else Scope(new.year)
    found = compare(old.funding if old is not None else None, new.funding, scope)
    return tuple(sorted(found, key=lambda change: change.path))


_OWN_SECTIONS = frozenset({"funding", "schedule"})
"""The plan's fields a diff shows in sections of their own (``diff_funding``,
``diff_schedule``), left out of ``diff_plan_values``."""


def diff_plan_values(old: ActionPlan | None, new: ActionPlan) -> tuple[FieldChange, ...]:
    """The plan's own compared values that differ: its links, its contributors and, between
    two versions of one plan year, its notes and indicator values."""
    if old is None:
        return ()
    scope = SAME_PLAN if old.year == new.year else Scope(new.year)
    return tuple(compare(old, new, scope, skip=_OWN_SECTIONS))


def new_amendments(old: ActionPlan | None, new: ActionPlan) -> tuple[Amendment, ...]:
    """The amendments ``new`` records that ``old`` (the same plan year) did not."""
    before = old.amendments if old is not None and old.year == new.year else []
    return tuple(a for a in new.amendments if a not in before)


def diff_schedule(old: ActionPlan | None, new: ActionPlan) -> tuple[FieldChange, ...]:
    """The political treatments (by party and body) that differ between two versions of one
    plan year: meeting dates, case numbers, outcomes, adoptions, decision notes."""
    parts = (PathPart("schedule", "change.schedule", "schedule"),)
    meta = field_meta(ActionPlan)["schedule"]
    return tuple(_values(old.schedule if old else [], new.schedule, meta, SAME_PLAN, parts))


def diff_agreements(
    old: Agreement | None,
    new: Agreement | None,
    old_pilot: Pilot | None = None,
    new_pilot: Pilot | None = None,
) -> tuple[FieldChange, ...]:
    """The compared fields of the agreement (sub-goals) and of pilot.yaml (its own values,
    parties, organisation, the agreement's stage and period)."""
    goals = compare(old, new) if old is not None or new is not None else iter(())
    pilot = (
        compare(old_pilot, new_pilot)
        if old_pilot is not None or new_pilot is not None
        else iter(())
    )
    return (*goals, *pilot)


def diff_versions(
    old: PilotFiles, new: PilotFiles, from_label: str, to_label: str, year: int | None = None
) -> PilotDiff:
    """Compare two versions of a pilot: plan ``year`` (default: the newest in ``new``) against
    the same year in ``old``, or, when ``old`` has no plan for it, the newest before it."""
    if new.pilot is None:
        raise UserError(cli_words()("cli.msg.diff.pilot_unreadable", pilot=new.display))
    target_year = year if year is not None else max(new.plans, default=None)
    if target_year is None or target_year not in new.plans:
        w = cli_words()
        known = ", ".join(str(y) for y in sorted(new.plans)) or w("error.none")
        raise UserError(
            w("cli.msg.diff.missing_year", pilot=new.display, year=year, known=known)
            if year is not None
            else w("cli.msg.diff.no_plan", pilot=new.display)
        )
    before = old.plans.get(target_year) or old.previous_plan(target_year)
    after = new.plans[target_year]
    same_year = before is not None and before.model.year == target_year
    return replace(
        diff_without_plan(old, new, from_label, to_label),
        measures=diff_plans(before.model if before else None, after.model),
        funding=diff_funding(before.model if before else None, after.model, same_year=same_year),
        plan=diff_plan_values(before.model if before else None, after.model),
        schedule=diff_schedule(before.model if before else None, after.model) if same_year else (),
        amendments=new_amendments(before.model if before else None, after.model),
        no_old_plan=target_year if before is None else None,
    )


def diff_without_plan(
    old: PilotFiles, new: PilotFiles, from_label: str, to_label: str
) -> PilotDiff:
    """The agreement and pilot.yaml of two versions of a pilot, without its plans: the whole
    diff of a pilot that has no action plan yet (its agreement under negotiation)."""
    if new.pilot is None:
        raise UserError(cli_words()("cli.msg.diff.pilot_unreadable", pilot=new.display))
    agreement = new.agreement.model if new.agreement else None
    earlier = old.agreement.model if old.agreement else None
    return PilotDiff(
        pilot=new.pilot.model.id,
        from_label=from_label,
        to_label=to_label,
        measures=(),
        agreement=diff_agreements(earlier, agreement),
        pilot_file=diff_agreements(
            None, None, old.pilot.model if old.pilot else None, new.pilot.model
        ),
        sub_goal_titles={g.number: g.title for g in agreement.sub_goals} if agreement else {},
        indicator_titles=indicator_titles(earlier, agreement),
        names=party_names(old.pilot.model if old.pilot else None, new.pilot.model),
    )


def party_names(*pilots: Pilot | None) -> dict[str, str]:
    """The names of the parties and groups of ``pilots`` by id, a later pilot's winning."""
    found: dict[str, str] = {}
    for pilot in pilots:
        if pilot is not None:
            found.update({p.id: p.name for p in pilot.parties})
            found.update({g.id: g.name for g in pilot.organisation.groups})
    return found


def indicator_titles(*agreements: Agreement | None) -> dict[str, str]:
    """Each indicator's title by its id in ``agreements`` (the earlier first), the later
    agreement's title winning; an indicator taken out keeps the earlier's."""
    return {
        indicator.id: indicator.title
        for agreement in agreements
        if agreement is not None
        for goal in agreement.sub_goals
        for indicator in goal.indicators
    }


def diff_years(files: PilotFiles, from_year: int, to_year: int) -> PilotDiff:
    """Compare two plan years of one pilot in the working tree."""
    if files.pilot is None:
        raise UserError(cli_words()("cli.msg.diff.pilot_unreadable", pilot=files.display))
    for year in (from_year, to_year):
        if year not in files.plans:
            w = cli_words()
            known = ", ".join(str(y) for y in files.plans) or w("error.none")
            raise UserError(
                w("cli.msg.diff.missing_year", pilot=files.display, year=year, known=known)
            )
    before, after = files.plans[from_year].model, files.plans[to_year].model
    in_force = agreement_in_force(files, to_year)  # the sub-goals the newer plan was adopted with
    agreement = in_force.agreement if in_force else None
    earlier = agreement_in_force(files, from_year)
    return PilotDiff(
        pilot=files.pilot.model.id,
        from_label=str(from_year),
        to_label=str(to_year),
        measures=diff_plans(before, after),
        agreement=_agreement_between(earlier.agreement if earlier else None, agreement),
        funding=diff_funding(before, after, same_year=False),
        plan=diff_plan_values(before, after),
        sub_goal_titles={g.number: g.title for g in agreement.sub_goals} if agreement else {},
        indicator_titles=indicator_titles(earlier.agreement if earlier else None, agreement),
        names=party_names(files.pilot.model),
    )


def _agreement_between(old: Agreement | None, new: Agreement | None) -> tuple[FieldChange, ...]:
    """What differs between the agreements two plan years were adopted against (its
    sub-goals' weights, say, revised between them); none when both read today's."""
    if old is None or new is None or old is new:
        return ()
    return tuple(compare(old, new))
