"""A change between two plan years as a sentence a council member reads.

``diff`` compares fields (``end_year: None → 2028``); the change documents say what it
means: «Tiltaket varer no til og med 2028», «Statlege tiltaksmidlar i budsjettet for 2027
er auka frå 400 000 kr til 500 000 kr». A figure the earlier plan did not have is said to
be set now, never reported as a change from nothing. Every word is the catalogue's
(``doc.changes3``); a change this module has no sentence for falls back to the diff's line.
The agreement's and the plan's own values are said as ``diff`` says them
(``present.value_text``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from enum import Enum
from typing import TYPE_CHECKING, Any

from bygdevekst_cli.diff import FieldChange
from bygdevekst_cli.formatting import kroner, long_date, number, percent, quoted
from bygdevekst_cli.language import Words
from bygdevekst_cli.models import ActionPlan
from bygdevekst_cli.models.plan import BudgetLine, Measure
from bygdevekst_cli.present.diff import describe
from bygdevekst_cli.present.value_text import link_change

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
        return link_change(w, str(keys[1]), old, new)
    return describe(change, w.language, names)


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
