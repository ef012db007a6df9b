"""A change between two plan years as a sentence a council member reads.

``diff`` compares fields (``end_year: None → 2028``); the change documents say what it
means: «Tiltaket varer no til og med 2028», «Statlege tiltaksmidlar i budsjettet for 2027
er auka frå 400 000 kr til 500 000 kr». A figure the earlier plan did not have is said to
be set now, never reported as a change from nothing. Every word is the catalogue's
(``doc.changes3``); a change this module has no sentence for falls back to the diff's line.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any, NamedTuple

from bygdevekst_cli.diff import FieldChange, PathPart
from bygdevekst_cli.formatting import kroner, long_date, number, percent, quoted
from bygdevekst_cli.language import Words
from bygdevekst_cli.models import ActionPlan, Agreement
from bygdevekst_cli.models.plan import BudgetLine, Measure
from bygdevekst_cli.present.diff import MAX_TEXT, describe, excerpts, label, show

if TYPE_CHECKING:
    from bygdevekst_cli.render.assumed import Assumptions

Names = Callable[[str], str | None]
Mark = Callable[[str], str]
"""The printed new value of a change, marked where the later plan assumes it."""


def _as_is(text: str) -> str:
    return text


class Sentence:
    """A change worded when the document prints it (``str``): an assumed value's mark then
    gets the number of its note in the order the document is read."""

    def __init__(self, word: Callable[[], str]) -> None:
        self._word = word

    def __str__(self) -> str:
        return self._word()


def marker(assumed: Assumptions, owner: tuple[Any, str] | None) -> Mark:
    """The mark of ``owner``'s field (a model and a field name) for a change's new value;
    its note is kept only when the sentence prints the value (``Assumptions.note_mark``)."""
    if owner is None:
        return _as_is

    def mark(text: str) -> str:
        note = assumed.note_mark(*owner)
        return f"{text} {note}" if note else text

    return mark


def grant_owner(plan: ActionPlan, change: FieldChange) -> tuple[Any, str] | None:
    """The later plan's grant whose amount ``change`` is (None: any other change)."""
    if change.keys[:1] != ("grants",) or any(part.is_field for part in change.parts[1:]):
        return None
    ids = [part.key for part in change.parts[1:]]
    for grant in plan.funding.grants:
        if [grant.year, grant.source.value, *([grant.funder] if grant.funder else [])] == ids:
            return grant, "amount"
    return None


def assumed_owner(measure: Measure | None, keys: tuple[Any, ...]) -> tuple[Any, str] | None:
    """The model and field of ``measure`` (the later plan's) that a change's new value is:
    the measure's own field, a budget line's amount, or an entry of work in kind."""
    if measure is None or not keys:
        return None
    head = keys[0]
    if head == "budget" and (len(keys) == 3 or keys[3:] == ("amount",)):
        year = measure.budget.get(keys[1])
        line = getattr(year, str(keys[2]), None) if year is not None else None
        return (line, "amount") if isinstance(line, BudgetLine) else None
    if head == "in_kind" and len(keys) == 4:
        found = [k for k in measure.in_kind if (k.year, k.party) == (keys[1], keys[2])]
        return (found[0], str(keys[3])) if found else None
    return (measure, str(head)) if len(keys) == 1 else None


def measure_change(change: FieldChange, w: Words, names: Names, mark: Mark = _as_is) -> str:
    """One changed field of a measure in plain words; ``mark`` marks its new value where
    the later plan assumes it."""
    keys, old, new = change.keys, change.old, change.new
    head = keys[0] if keys else None
    if head == "budget" and len(keys) in (3, 4):
        return _budget(change, w, names, mark)
    if head == "in_kind" and len(keys) == 4 and keys[3] in ("hours", "amount"):
        return _in_kind(change, w, names, mark)
    if head == "parent":
        return _set_or_changed(w, "parent", old, new, mark)
    if head == "municipalities":
        return _members(w, names, "municipalities", old or [], new or [])
    if head == "end_year":
        return _set_or_changed(w, "end_year", old, new, mark)
    if head == "start_year":
        return _set_or_changed(w, "start_year", old, new, mark)
    if head == "status":
        return w("doc.changes3.status", old=_status(w, old), new=_status(w, new))
    if head == "responsible":
        old_name = names(old) if old else None
        new_name = names(new) if new else None
        return _set_or_changed(w, "responsible", old_name, new_name, mark)
    if head == "partners":
        return _members(w, names, "partners", old or [], new or [])
    if head == "title" and old and new:
        return w("doc.changes3.title", old=quoted(old), new=quoted(new))
    if head == "description":
        return w("doc.changes3.description_set" if not old else "doc.changes3.description")
    if head == "sub_goal" and old is not None and new is not None:
        return w("doc.changes3.sub_goal", old=old, new=new)
    if head == "sub_goal":  # to or from the shared work, which has no sub-goal
        return _set_or_changed(w, "sub_goal", old, new)
    if head == "number" and old is not None and new is not None:
        return w("doc.changes3.number", old=old, new=new)
    if head == "cost_shares" and len(keys) == 2:
        return _cost_share(w, names, keys[1], old, new)
    if head == "links" and len(keys) == 3 and keys[2] == "title":
        return _link(w, str(keys[1]), old, new)
    return describe(change, w.language, names)


def value_change(
    change: FieldChange, w: Words, names: Names, indicators: Names | None = None
) -> str:
    """One changed value of the plan itself (its contributors, its links) or of the
    agreement (a sub-goal's weight, title, partners) as a sentence: «Delmål 1, vekt: endra
    frå 60 % til 30 %.», «Bidragsytarar: lagt til Husbanken.», never the diff's «ikkje
    fylt ut → …». An indicator is named by its title (``indicators``: a title by its id,
    ``indicator_titles``), its id only where none is known. A value that is no text,
    figure or list of them is the diff's line."""
    keys, old, new = change.keys, change.old, change.new
    if keys[:1] == ("links",) and len(keys) == 3 and keys[2] == "title":
        return _link(w, str(keys[1]), old, new)
    what = label(_nested_as_one(change.parts, w), w, names, indicators)
    if isinstance(old, list | tuple) or isinstance(new, list | tuple):
        return _items(w, names, change, what)
    if any(isinstance(value, dict) or hasattr(value, "model_dump") for value in (old, new)):
        return describe(change, w.language, names)
    if old is None and new is None:  # an entry of no value of its own (a signature)
        if change.added is None:
            return describe(change, w.language, names)
        return w(f"doc.changes3.entry_{'added' if change.added else 'removed'}", what=what)
    if isinstance(old, str) and isinstance(new, str) and max(len(old), len(new)) > MAX_TEXT:
        was, now = (quoted(text) for text in excerpts(old, new))
    else:
        was, now = (_value(value, change, w, names) for value in (old, new))
    if old is None:
        return _one_stop(w("doc.changes3.value_set", what=what, new=now))
    if new is None:
        return w("doc.changes3.value_removed", what=what, old=was)
    return _one_stop(w("doc.changes3.value_changed", what=what, old=was, new=now))


_QUOTE_ENDS_SENTENCE = re.compile(rf"[.!?]{re.escape(quoted('')[-1])}\.$")
"""A full stop after a closing quotation mark (``formatting.quoted``'s) that follows one."""


def _one_stop(sentence: str) -> str:
    """``sentence`` without its full stop where it ends in a quotation that ends a
    sentence of its own: ``tekst: sett til «Partane skal betre samferdsla.»``, without a
    second full stop after the closing quotation mark."""
    return sentence[:-1] if _QUOTE_ENDS_SENTENCE.search(sentence) else sentence


def value_changes(
    changes: Iterable[FieldChange], w: Words, names: Names, indicators: Names | None = None
) -> list[str]:
    """Each change of the plan's own values or of the agreement as a sentence
    (``value_change``); an entry added or taken out whole (an indicator of a sub-goal, a
    plan's value of one) as one sentence with its values, «Ny indikator under delmål 1:
    «Nye bustader» (eining: bustader; …)», not a line for each of its fields; a point (an
    indicator's target) whose year and value both changed as one, «mål: endra frå 30 i
    2028 til 40 i 2030»."""
    changes = list(changes)
    whole = _whole_entries(changes)
    points = _points(changes)
    said: list[str] = []
    told: set[tuple[PathPart, ...]] = set()
    for change in changes:
        entry = _entry_of(change)
        if entry is not None and entry.parts in whole:
            if entry.parts not in told:
                told.add(entry.parts)
                added, members = whole[entry.parts]
                sentence = _WHOLE_SENTENCES[entry.kind]
                said.append(sentence(entry, added, members, w, names, indicators))
        elif change.parts[:-1] in points:
            if change.parts[:-1] not in told:
                told.add(change.parts[:-1])
                said.append(_point_change(change.parts[:-1], points, w, names, indicators))
        else:
            said.append(value_change(change, w, names, indicators))
    return said


def _points(changes: list[FieldChange]) -> dict[tuple[PathPart, ...], list[FieldChange]]:
    """The changes of a point's year and value (an indicator's baseline or target) where
    both changed, by the point's path."""
    grouped: dict[tuple[PathPart, ...], list[FieldChange]] = {}
    for change in changes:
        parts = change.parts
        if len(parts) > 1 and parts[-2].is_field and parts[-1].name in ("year", "value"):
            grouped.setdefault(parts[:-1], []).append(change)
    return {
        parts: members
        for parts, members in grouped.items()
        if sorted(c.parts[-1].name for c in members) == ["value", "year"]
    }


def _point_change(
    parts: tuple[PathPart, ...],
    points: dict[tuple[PathPart, ...], list[FieldChange]],
    w: Words,
    names: Names,
    indicators: Names | None,
) -> str:
    """A point set, changed or taken out as one: «…, mål: endra frå 30 i 2028 til 40 i 2030»."""
    members = points[parts]
    what = label(_nested_as_one(parts, w), w, names, indicators)

    def point(side: str) -> str | None:
        values = {c.parts[-1].name: getattr(c, side) for c in members}
        if values["year"] is None or values["value"] is None:
            return None
        shown = _fact_value("value", values["value"], w)
        return w("doc.changes3.point", value=shown, year=values["year"])

    was, now = point("old"), point("new")
    if was is None:
        return w("doc.changes3.value_set", what=what, new=now)
    if now is None:
        return w("doc.changes3.value_removed", what=what, old=was)
    return w("doc.changes3.value_changed", what=what, old=was, new=now)


class _Entry(NamedTuple):
    """An entry of a list said whole when added or taken out (``WHOLE_ENTRIES``)."""

    kind: str
    """The list field's name (``indicators``)."""
    at: int
    """Where the list field is on the path."""
    parts: tuple[PathPart, ...]
    """The path to the entry: to its list, and the entry's own ids."""


WHOLE_ENTRIES = {"sub_goals": "title", "indicators": "title", "indicator_values": "value"}
"""The lists whose entry added or taken out is one sentence, by the list field's name, and
the entry's field that must have a value: set from nothing only when the whole entry is
new, and taken out to nothing only when the entry is gone."""


def _entry_of(change: FieldChange) -> _Entry | None:
    """The innermost entry of a ``WHOLE_ENTRIES`` list that ``change`` is a value of, if
    any: an indicator of a sub-goal is an entry of its own, said apart from the sub-goal."""
    parts = change.parts
    found = None
    for at, part in enumerate(parts):
        if part.is_field and part.name in WHOLE_ENTRIES:
            end = at + 1
            while end < len(parts) and not parts[end].is_field:
                end += 1
            found = _Entry(part.name, at, parts[:end]) if end > at + 1 else found
    return found


def _whole_entries(
    changes: list[FieldChange],
) -> dict[tuple[PathPart, ...], tuple[bool, list[FieldChange]]]:
    """Each entry added (True) or taken out (False) whole, by its path, with its changes."""
    grouped: dict[tuple[PathPart, ...], list[FieldChange]] = {}
    kinds: dict[tuple[PathPart, ...], str] = {}
    for change in changes:
        entry = _entry_of(change)
        if entry is not None:
            grouped.setdefault(entry.parts, []).append(change)
            kinds[entry.parts] = entry.kind
    whole = {}
    for parts, members in grouped.items():
        required = [
            c
            for c in members
            if len(c.parts) == len(parts) + 1 and c.parts[-1].name == WHOLE_ENTRIES[kinds[parts]]
        ]
        if required and (required[0].old is None) != (required[0].new is None):
            whole[parts] = (required[0].old is None, members)
    return whole


def _indicator_entry(
    entry: _Entry,
    added: bool,
    changes: list[FieldChange],
    w: Words,
    names: Names,
    indicators: Names | None,
) -> str:
    """An indicator of a sub-goal added or taken out: its title, then its unit, source,
    direction, baseline and target, each by its label."""
    where = label(entry.parts[: entry.at], w, names)
    own = [c for c in changes if c.parts[len(entry.parts)].name != "title"]
    title = next(c for c in changes if c.parts[len(entry.parts)].name == "title")
    facts = _facts(own, len(entry.parts), added, w, names)
    key = "indicator_added" if added else "indicator_removed"
    shown = quoted(str(title.new if added else title.old))
    return w(f"doc.changes3.{key}", where=where, title=shown, facts=facts)


def _sub_goal_entry(
    entry: _Entry,
    added: bool,
    changes: list[FieldChange],
    w: Words,
    names: Names,
    indicators: Names | None,
) -> str:
    """A sub-goal of the agreement added or taken out: its number and title, then its
    other values (section, weight, partners, who may be invited), each by its label. Its
    text is the agreement's to print; its indicators are said each on its own
    (``_indicator_entry``)."""
    depth = len(entry.parts)
    title = next(c for c in changes if c.parts[depth].name == "title")
    own = [c for c in changes if c.parts[depth].name not in ("title", "text")]
    facts = _facts(own, depth, added, w, names)
    key = f"sub_goal_{'added' if added else 'taken_out'}{'_with' if facts else ''}"
    shown = quoted(str(title.new if added else title.old))
    number = entry.parts[entry.at + 1].key
    return w(f"doc.changes3.{key}", number=number, title=shown, facts=facts)


def _indicator_value_entry(
    entry: _Entry,
    added: bool,
    changes: list[FieldChange],
    w: Words,
    names: Names,
    indicators: Names | None,
) -> str:
    """A plan's measured value of an indicator for a year added or taken out: the value,
    then its source and note."""
    ids = {part.name: part.key for part in entry.parts[entry.at + 1 :]}
    indicator = str(ids.get("indicator", ""))
    title = indicators(indicator) if indicators is not None else None
    named = w("doc.changes3.indicator", title=quoted(title) if title else indicator)
    value = next(c for c in changes if c.parts[len(entry.parts)].name == "value")
    shown = _fact_value("value", value.new if added else value.old, w)
    own = [c for c in changes if c is not value]
    facts = _facts(own, len(entry.parts), added, w, names)
    key = f"indicator_value_{'added' if added else 'removed'}{'_with' if facts else ''}"
    return w(f"doc.changes3.{key}", indicator=named, year=ids.get("year"), value=shown, facts=facts)


_WHOLE_SENTENCES = {
    "sub_goals": _sub_goal_entry,
    "indicators": _indicator_entry,
    "indicator_values": _indicator_value_entry,
}


def _facts(changes: list[FieldChange], depth: int, added: bool, w: Words, names: Names) -> str:
    """The values of an entry added (its new values) or taken out (its old), each by its
    field's label, «eining: bustader; mål: 30 i 2028»; a year and a value as one point."""
    by_field: dict[str, list[FieldChange]] = {}
    for change in changes:
        by_field.setdefault(change.parts[depth].name, []).append(change)
    facts = []
    for members in by_field.values():
        part = members[0].parts[depth]
        assert part.label is not None
        values = {
            c.parts[-1].name: (c.new if added else c.old) for c in members if len(c.parts) > depth
        }
        if len(members) == 1 and len(members[0].parts) == depth + 1:
            shown = _fact(members[0], values[part.name], w, names)
        elif set(values) == {"year", "value"}:
            point = _fact_value("value", values["value"], w)
            shown = w("doc.changes3.point", value=point, year=values["year"])
        else:
            continue  # no entry of these lists has other nested values
        facts.append(w("doc.changes3.fact", label=w.get(part.label, part.name), value=shown))
    return "; ".join(facts)


def _fact(change: FieldChange, value: Any, w: Words, names: Names) -> str:
    """A value of an entry as a fact: a share in per cent, a yes or no in words, a list of
    parties by their names, joined as a sentence joins them; else ``_fact_value``."""
    if isinstance(value, bool) or change.unit is not None:
        return show(value, change, w, names)
    if isinstance(value, list | tuple):
        return w.join(names(str(item)) or str(item) for item in value)
    return _fact_value(change.field, value, w)


def _fact_value(field: str, value: Any, w: Words) -> str:
    """A value of an entry as a fact: a direction by its word, a figure in the language's
    form (a year as written), a note quoted, a name as it is."""
    text = str(value.value if isinstance(value, Enum) else value)
    if field == "direction":
        return w.get(f"doc.indicators.{text}", text) or text
    if field == "value" and isinstance(value, int | float | Decimal):
        return number(value, w.language)  # type: ignore[arg-type]  # Babel formats any number
    if field == "note":
        return quoted(" ".join(text.split()))
    return text


def _nested_as_one(parts: tuple[PathPart, ...], w: Words) -> tuple[PathPart, ...]:
    """``parts`` with a field of a nested value and the field it is in as one, named as
    a reader says it: «målåret», not «mål, år» (``doc.changes3.nested.<field>.<field>``;
    «mål (år)» for a pair the catalogue has no words for)."""
    joined: list[PathPart] = []
    for part in parts:
        before = joined[-1] if joined else None
        if part.is_field and before is not None and before.is_field:
            within, own = (_field_word(p, w) for p in (before, part))
            fallback = w("doc.changes3.nested_field", within=within, field=own)
            key = f"doc.changes3.nested.{before.name}.{part.name}"
            joined[-1] = PathPart(part.key, key, w.get(key, fallback) or fallback)
        else:
            joined.append(part)
    return tuple(joined)


def _field_word(part: PathPart, w: Words) -> str:
    return w.get(part.label or "", part.name) or part.name


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


def _value(value: Any, change: FieldChange, w: Words, names: Names) -> str:
    """A value as ``diff`` shows it, but a number with decimals in the language's form
    («68,5», not «68.5»), an indicator's measured value too («5 260», as the documents
    print it), and a direction by its word. Any other whole number stays as written: it
    may be a year."""
    if isinstance(value, float | Decimal) and change.unit is None:
        return number(value, w.language)  # type: ignore[arg-type]  # Babel formats any number
    if change.field in ("direction", "value") and value is not None:
        return _fact_value(change.field, value, w)
    return show(value, change, w, names)


def _items(w: Words, names: Names, change: FieldChange, what: str) -> str:
    """A list of names or texts (contributors, partners): what was added, what taken out,
    or only their order changed. A party by its name, a text quoted: «Styringsgruppa,
    inkludert fylket og KDD» in a list of contributors is one of them."""
    before, after = list(change.old or []), list(change.new or [])

    def shown(items: list[Any]) -> str:
        return w.join(show(item, change, w, names) for item in items)

    added = [item for item in after if item not in before]
    removed = [item for item in before if item not in after]
    said = [w("doc.changes3.items_added", names=shown(added))] if added else []
    if removed:
        said.append(w("doc.changes3.items_removed", names=shown(removed)))
    return w(
        "doc.changes3.items", what=what, changes="; ".join(said) or w("doc.changes3.items_order")
    )


def _link(w: Words, url: str, old: str | None, new: str | None) -> str:
    """A link (known by its address) added, taken out, or given a new title."""
    if new is None:
        return w("doc.changes3.link_removed", title=quoted(old or url), url=url)
    if old is None:
        return w("doc.changes3.link_added", title=quoted(new), url=url)
    return w("doc.changes3.link_title", old=quoted(old), new=quoted(new), url=url)


def _budget(change: FieldChange, w: Words, names: Names, mark: Mark = _as_is) -> str:
    """A budget amount (bare, or the ``amount`` of a line) set, raised, lowered or taken
    out; a line's funder or status set, changed or taken out."""
    keys, old, new = change.keys, change.old, change.new
    slots = {"year": keys[1], "source": _source(w, keys[2])}
    what = keys[3] if len(keys) == 4 else "amount"
    if what == "amount":
        return _amount(w, "budget", old, new, mark, **slots)
    if what == "funder":
        shown = [names(value) or value if value else None for value in (old, new)]
    elif what == "status":
        shown = [_status(w, value) if value else None for value in (old, new)]
    else:
        return describe(change, w.language, names)
    return _set_or_changed(w, f"budget_{what}", shown[0], shown[1], _as_is, **slots)


def _in_kind(change: FieldChange, w: Words, names: Names, mark: Mark = _as_is) -> str:
    """A party's contribution in kind in a year: its hours or its value set, changed or
    taken out."""
    _, year, party, what = change.keys
    old, new = change.old, change.new
    if what == "amount":
        old, new = (kroner(v, w.language) if v is not None else None for v in (old, new))
    else:  # the hours in groups, the new with their unit («1 time», «2 timar»), then the mark
        old = number(old, w.language) if old is not None else None
        if new is not None:
            new = w.plural("doc.money.hours_amount", new, hours=number(new, w.language))
    slots = {"year": year, "party": names(str(party)) or str(party)}
    return _set_or_changed(w, f"in_kind_{what}", old, new, mark, **slots)


def in_document(change: FieldChange) -> bool:
    """Whether the changes document words ``change``: not a note on a grant, carry-over or
    contribution in kind, which the secretariat keeps for itself (``diff`` shows it; the
    council's document says what the money is, as it did before notes were compared)."""
    return change.field != "note"


def funding_changes(
    changes: Iterable[FieldChange],
    w: Words,
    names: Names,
    marks: Callable[[FieldChange], Mark] | None = None,
) -> list[str | Sentence]:
    """Each changed grant, carry-over or cost share in plain words. A grant new this year
    is one sentence with its status: money applied for is never said to be granted. With
    ``marks`` (each change's ``Mark``), a new amount the later plan assumes is marked, in
    a ``Sentence`` worded as the document prints it."""
    changes = [change for change in changes if in_document(change)]
    fresh = {
        change.keys[:-1]: change.new
        for change in changes
        if change.keys[:1] == ("grants",) and _is_status(change) and change.old is None
    }
    said: list[str | Sentence] = []
    for change in changes:
        mark = marks(change) if marks is not None else _as_is
        status = fresh.get(change.keys) if change.old is None else None
        if status is not None and status != "granted":
            grant = _grant(change, w, names)
            if grant is not None and grant[1] is None and change.new is not None:
                amount = kroner(change.new, w.language)
                key = f"doc.changes3.grant_set_{status}"
                said.append(_said(marks, functools.partial(_fresh, w, key, amount, mark, grant[0])))
                continue
        if _is_status(change) and change.keys[:-1] in fresh and _new_grant(change, changes):
            continue  # said with the amount
        said.append(_said(marks, functools.partial(funding_change, change, w, names, mark)))
    return said


def _fresh(w: Words, key: str, amount: str, mark: Mark, slots: dict[str, Any]) -> str:
    """A grant new this year, applied for or refused, with its amount."""
    return w(key, new=mark(amount), **slots)


def _said(marks: object, word: Callable[[], str]) -> str | Sentence:
    """``word``'s sentence: worded when printed where values are marked, else now."""
    return Sentence(word) if marks is not None else word()


def _is_status(change: FieldChange) -> bool:
    return bool(change.parts) and change.parts[-1].is_field and change.field == "status"


def _new_grant(status: FieldChange, changes: list[FieldChange]) -> bool:
    """Whether the grant ``status`` belongs to is new (its amount set from nothing) and
    applied for or rejected (the sentence of its amount says so)."""
    return status.new not in (None, "granted") and any(
        c.keys == status.keys[:-1] and c.old is None and c.new is not None for c in changes
    )


def funding_change(change: FieldChange, w: Words, names: Names, mark: Mark = _as_is) -> str:
    """One changed grant, carry-over or cost share of the pilot in plain words; ``mark``
    marks a grant's new amount where the later plan assumes it."""
    keys, old, new = change.keys, change.old, change.new
    if len(keys) == 2 and keys[0] == "cost_shares":
        return _cost_share(w, names, keys[1], old, new)
    grant = _grant(change, w, names) if keys[:1] == ("grants",) else None
    if grant is not None:
        slots, field = grant
        if field is None:
            return _amount(w, "grant", old, new, mark, **slots)
        if field == "status" and old is None:  # a grant new this year, or one granted
            return w("doc.changes3.grant_status_set", new=_status(w, new or "granted"), **slots)
        if field == "status":  # a grant without a status is granted
            was, now = (_status(w, value or "granted") for value in (old, new))
            return w("doc.changes3.grant_status", old=was, new=now, **slots)
        if field == "decided":
            dates = [long_date(v, w.language) if v is not None else None for v in (old, new)]
            return _set_or_changed(w, "grant_decided", dates[0], dates[1], _as_is, **slots)
        if field == "reference":
            references = [quoted(v) if v is not None else None for v in (old, new)]
            return _set_or_changed(
                w, "grant_reference", references[0], references[1], _as_is, **slots
            )
    if len(keys) == 3 and keys[0] == "carry_over":
        years = re.findall(r"\d{4}", str(keys[1]))
        if len(years) == 2:
            slots = {"source": _source(w, keys[2]), "from_year": years[0], "to_year": years[1]}
            if new is None:
                return w("doc.changes3.carry_over_unknown", **slots)
            return w("doc.changes3.carry_over", amount=kroner(new, w.language), **slots)
    return describe(change, w.language, names)


def _grant(change: FieldChange, w: Words, names: Names) -> tuple[dict[str, Any], str | None] | None:
    """The year and source of a changed grant (the source with its funder, when the grant
    names one), and the field that changed (None: the amount, which has no label)."""
    ids = [part.key for part in change.parts[1:] if not part.is_field]
    fields = [part.name for part in change.parts[1:] if part.is_field]
    if len(ids) not in (2, 3) or not isinstance(ids[0], int) or len(fields) > 1:
        return None
    source = _source(w, ids[1])
    if len(ids) == 3:
        funder = names(str(ids[2])) or str(ids[2])
        source = w("doc.changes3.source_from", source=source, funder=funder)
    return {"year": ids[0], "source": source}, (fields[0] if fields else None)


def _amount(w: Words, what: str, old: Any, new: Any, mark: Mark = _as_is, **slots: Any) -> str:
    """``budget``/``grant``: set, raised, lowered or taken out (kroner, never a dash)."""
    money = {"old": kroner(old, w.language) if old is not None else None}
    money["new"] = mark(kroner(new, w.language)) if new is not None else None
    if old is None and new is None:
        return w(f"doc.changes3.{what}_unknown", **slots)
    if old is None:
        return w(f"doc.changes3.{what}_set", new=money["new"], **slots)
    if new is None:
        return w(f"doc.changes3.{what}_removed", old=money["old"], **slots)
    direction = "raised" if new > old else "lowered"
    return w(f"doc.changes3.{what}_{direction}", old=money["old"], new=money["new"], **slots)


def _set_or_changed(
    w: Words, what: str, old: Any, new: Any, mark: Mark = _as_is, **slots: Any
) -> str:
    slots.update(old=old, new=mark(str(new)) if new is not None else None)
    if old is None:
        return w(f"doc.changes3.{what}_set", **slots)
    if new is None:
        return w(f"doc.changes3.{what}_removed", **slots)
    return w(f"doc.changes3.{what}_changed", **slots)


def _cost_share(w: Words, names: Names, party: Any, old: Any, new: Any) -> str:
    """A municipality's share of the own funds, by its name (the diff's line has its id)."""
    municipality = names(str(party)) or str(party)
    old_share = percent(old, w.language) if old is not None else None
    new_share = percent(new, w.language) if new is not None else None
    return _set_or_changed(w, "cost_share", old_share, new_share, municipality=municipality)


def _members(w: Words, names: Names, what: str, old: Iterable[str], new: Iterable[str]) -> str:
    """``partners`` or ``municipalities`` of a measure: who was added, who left (by
    name), or only their order changed."""
    before, after = list(old), list(new)
    added = [names(p) or p for p in after if p not in before]
    removed = [names(p) or p for p in before if p not in after]
    sentences = []
    if added:
        sentences.append(w.plural(f"doc.changes3.{what}_added", len(added), names=w.join(added)))
    if removed:
        count = len(removed)
        sentences.append(w.plural(f"doc.changes3.{what}_removed", count, names=w.join(removed)))
    return " ".join(sentences) or w(f"doc.changes3.{what}_order")


def _source(w: Words, key: Any) -> str:
    return w.get(f"source.{key}", str(key)) or str(key)


def _status(w: Words, value: Any) -> str:
    text = str(value.value if isinstance(value, Enum) else value)
    return w.get(f"status.{text}", text) or text


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+")


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences: after ., ! or ? when the next word starts a sentence
    (a capital or a quotation mark; «2. juni» and «repr. frå» stay whole)."""
    pieces = _SENTENCE_BREAK.split(text.strip())
    result: list[str] = []
    for piece in pieces:
        starts = piece[:1]
        if result and not (starts.isupper() or not starts.isalnum()):
            result[-1] = f"{result[-1]} {piece}"
        else:
            result.append(piece)
    return result


def without_reasons(text: str, reasons: Iterable[tuple[str, str]], w: Words) -> str:
    """``text`` (the case's assessment) without the sentences that repeat a change reason
    the document already prints; where they stood, one pointer to the measure's reason."""
    known: dict[str, str] = {}
    for measure, reason in reasons:
        for sentence in sentences(reason):
            known.setdefault(_plain(sentence), measure)
    if not known:
        return text
    heading = w("doc.common.changed")
    paragraphs = []
    for paragraph in text.split("\n\n"):
        kept: list[str] = []
        pointed: set[str] = set()
        for sentence in sentences(paragraph):
            cited = known.get(_plain(sentence))
            if cited is None:
                kept.append(sentence)
            elif cited not in pointed:
                pointed.add(cited)
                kept.append(w("doc.changes3.see_reason", measure=cited, heading=heading))
        if kept:
            paragraphs.append(" ".join(kept) if pointed else paragraph)
    return "\n\n".join(paragraphs)


def _plain(sentence: str) -> str:
    return " ".join(sentence.split()).casefold()
