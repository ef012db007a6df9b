"""A change of a pilot's own values in words: the agreement's (a sub-goal's weight, an
indicator added, its target moved), pilot.yaml's (its parties, organisation, the agreement's
stage and period: a nested value's field by one label, «namnet på prosjektleiaren») and the
plan's own (its contributors, links, indicator values). The changes document says each as a
sentence (``value_changes``: «delmål 1, indikatoren «Folketal i kommunane», mål: endra frå
5 400 i 2028 til 5 500 i 2030.»); ``diff`` and ``history`` as its «old → new» line, named
the same way (``value_lines``: «…, mål: 5 400 i 2028 → 5 500 i 2030»). Both say an entry
added or taken out whole as one sentence, «Ny indikator under delmål 1: «Nye bustader»
(eining: bustader; …).», never the field paths and codes of the data («indikatorar
nye-bustader, mål, år», «retning: increase»). Every word is the catalogue's
(``doc.changes3``); a value this module has no sentence for is the diff's line
(``present.diff.describe``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from enum import Enum
from typing import Any, NamedTuple

from bygdevekst_cli.diff import FieldChange, PathPart
from bygdevekst_cli.formatting import number, quoted
from bygdevekst_cli.language import Words
from bygdevekst_cli.present.diff import MAX_TEXT, Names, arrow, describe, excerpts, label, show


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
    if _is_link_title(change):
        return link_change(w, str(keys[1]), old, new)
    what = place(change, w, names, indicators)
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
    return [
        sentence
        for said in _worded(list(changes), w, names, indicators, _SENTENCES)
        for sentence in said.lines
    ]


def value_lines(
    changes: Iterable[FieldChange], w: Words, names: Names, indicators: Names | None = None
) -> list[str]:
    """Each change of the plan's own values or of the agreement as ``diff`` shows it: a
    value as the diff's line (``where: old → new``), but named and valued as the changes
    document names them (``value_line``: «målåret», an indicator by its title, a direction
    by its word); an entry added or taken out whole as the document's one sentence, a
    sub-goal's text (which a reviewer reads here) as a line after it; a point whose year
    and value both changed as one line, «mål: 30 i 2028 → 40 i 2030»."""
    said = _worded(list(changes), w, names, indicators, _LINES)
    return [line for begun in said for line in begun.lines]


class Begun(NamedTuple):
    """What one change begins to say (``value_lines_by_change``)."""

    lines: list[str]
    """Its lines: none for a change said with an earlier one."""
    part_of: int | None = None
    """For a change said with an earlier one (a field of an entry added whole, the other
    side of a point): the index of that change, whose first line says it."""


def value_lines_by_change(
    changes: Iterable[FieldChange], w: Words, names: Names, indicators: Names | None = None
) -> list[Begun]:
    """``value_lines``, as the lines each change begins: an entry added or taken out whole
    is said where its first change is, and its other changes begin none but are part of
    it (``history`` keeps each change apart, and shows the lines)."""
    return _worded(list(changes), w, names, indicators, _LINES)


class _Style(NamedTuple):
    """How ``_worded`` says a value and a point, and whether it says an entry's own text."""

    one: Callable[[FieldChange, Words, Names, Names | None], str]
    point: Callable[[str, str | None, str | None, Words], str]
    """A point by its path in words and its sides (None: no point on that side)."""
    texts: bool


def _worded(
    changes: list[FieldChange], w: Words, names: Names, indicators: Names | None, style: _Style
) -> list[Begun]:
    """What each change of ``changes`` begins to say, in ``style``: none for a change said
    with an earlier one (a field of an entry added whole, the other side of a point),
    which is part of that one's."""
    whole = _whole_entries(changes)
    points = _points(changes)
    by_change: list[Begun] = []
    told: dict[tuple[PathPart, ...], int] = {}  # entries and points said: by whose index
    for index, change in enumerate(changes):
        said: list[str] = []
        entry = _entry_of(change)
        whole_at = entry.parts if entry is not None and entry.parts in whole else None
        at = whole_at or (change.parts[:-1] if change.parts[:-1] in points else None)
        if entry is not None and whole_at is not None:
            if whole_at not in told:
                added, members = whole[whole_at]
                sentence = _WHOLE_SENTENCES[entry.kind]
                said.append(sentence(entry, added, members, w, names, indicators))
            if style.texts and _own_text(change, entry):
                said.append(style.one(change, w, names, indicators))
        elif at is not None:
            if at not in told:
                what = label(_nested_as_one(at, w), w, names, indicators)
                was, now = _point_sides(points[at], w)
                said.append(style.point(what, was, now, w))
        else:
            said.append(style.one(change, w, names, indicators))
        if at is not None:
            told.setdefault(at, index)
        by_change.append(Begun(said, None if said or at is None else told[at]))
    return by_change


def value_line(change: FieldChange, w: Words, names: Names, indicators: Names | None = None) -> str:
    """One changed value as ``diff`` shows it (``present.diff.describe``), named as the
    changes document names it: «delmål 1, indikatoren «Folketal i kommunane», målåret: 2028
    → 2030», «retning: auke → nedgang», not «indikatorar folketal, mål, år» nor a code."""
    if _is_link_title(change):  # a link added, taken out or retitled: one sentence
        return link_change(w, str(change.keys[1]), change.old, change.new)
    where = place(change, w, names, indicators)
    return describe(
        change, w.language, names, where=where, shown=lambda v: _value(v, change, w, names)
    )


def measure_field_line(change: FieldChange, w: Words, names: Names | None = None) -> str:
    """A measure's changed field as ``diff`` and ``history`` show it: a link added, taken
    out or retitled as one sentence, as the plan's own links are, any other field as its
    «old → new» line (``describe``)."""
    if _is_link_title(change):
        return link_change(w, str(change.keys[1]), change.old, change.new)
    return describe(change, w.language, names)


def _is_link_title(change: FieldChange) -> bool:
    """Whether ``change`` is the title of a link (of the plan, the agreement or a measure),
    known by its address: its only compared value, so a link added or taken out is this
    change."""
    keys = change.keys
    return keys[:1] == ("links",) and len(keys) == 3 and keys[2] == "title"


def _own_text(change: FieldChange, entry: _Entry) -> bool:
    """Whether ``change`` is the text of the entry itself (a sub-goal's), which its
    sentence leaves out (``_sub_goal_entry``)."""
    return len(change.parts) == len(entry.parts) + 1 and change.field == "text"


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


def _point_sides(members: list[FieldChange], w: Words) -> tuple[str | None, str | None]:
    """A point's old and new side in words, «30 i 2028» (None: no point on that side)."""

    def point(side: str) -> str | None:
        values = {c.parts[-1].name: getattr(c, side) for c in members}
        if values["year"] is None or values["value"] is None:
            return None
        shown = _fact_value("value", values["value"], w)
        return w("doc.changes3.point", value=shown, year=values["year"])

    return point("old"), point("new")


def _point_sentence(what: str, was: str | None, now: str | None, w: Words) -> str:
    """A point set, changed or taken out as one: «…, mål: endra frå 30 i 2028 til 40 i 2030»."""
    if was is None:
        return w("doc.changes3.value_set", what=what, new=now)
    if now is None:
        return w("doc.changes3.value_removed", what=what, old=was)
    return w("doc.changes3.value_changed", what=what, old=was, new=now)


def _point_line(what: str, was: str | None, now: str | None, w: Words) -> str:
    """A point as ``diff`` shows a change: «…, mål: 30 i 2028 → 40 i 2030»."""
    return arrow(what, was or w("change.not_set"), now or w("change.not_set"))


class _Entry(NamedTuple):
    """An entry of a list said whole when added or taken out (``WHOLE_ENTRIES``)."""

    kind: str
    """The list field's name (``indicators``)."""
    at: int
    """Where the list field is on the path."""
    parts: tuple[PathPart, ...]
    """The path to the entry: to its list, and the entry's own ids."""


WHOLE_ENTRIES = {
    "sub_goals": "title",
    "indicators": "title",
    "indicator_values": "value",
    # pilot.yaml's lists, said by ``_named_entry``
    "parties": "name",
    "contacts": "role",
    "other_roles": "name",
    "groups": "name",
    "phases": "start_year",
}
"""The lists whose entry added or taken out is one sentence, by the list field's name, and
the entry's field that must have a value: set from nothing only when the whole entry is
new, and taken out to nothing only when the entry is gone."""

NAMED_BY = {"parties": "name", "groups": "name"}
"""pilot.yaml's lists whose entry is named by a field of its own (a party by its name, not
its id); an entry of the other lists is named by its key (a role, a phase, a contact). A
member of the steering group is not said whole: its name is its key, so a member added
with a title and a title given to a member differ in nothing the diff keeps."""


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


def _named_entry(
    entry: _Entry,
    added: bool,
    changes: list[FieldChange],
    w: Words,
    names: Names,
    indicators: Names | None,
) -> str:
    """An entry of pilot.yaml added or taken out (a party, a contact of a party, a role, a
    group, a phase): what it is and its name, then its other values, each by its label.
    «Ny part: Vest-Telemark næringshage (type: anna; rolle: samarbeidspart).», «Fasen
    Forfase er teken ut (startår: 2023; sluttår: 2023).»"""
    depth = len(entry.parts)
    named_by = NAMED_BY.get(entry.kind)
    own = [c for c in changes if c.parts[depth].name != named_by]
    if named_by is None:
        title = str(entry.parts[-1].key)
    else:
        name = next(c for c in changes if c.parts[depth].name == named_by)
        title = str(name.new if added else name.old)
    owner = entry.parts[entry.at - 1] if entry.at else None  # a contact's party
    where = ""
    if owner is not None and not owner.is_field:
        where = names(str(owner.key)) or str(owner.key)
    side = "added" if added else "removed"
    said = w(f"doc.changes3.named_{side}.{entry.kind}", title=title, where=where)
    facts = _facts(own, depth, added, w, names)
    if facts:
        return w("doc.changes3.named_with", entry=said, facts=facts)
    return w("doc.changes3.named", entry=said)


_WHOLE_SENTENCES = {
    "sub_goals": _sub_goal_entry,
    "indicators": _indicator_entry,
    "indicator_values": _indicator_value_entry,
    **dict.fromkeys(("parties", "contacts", "other_roles", "groups", "phases"), _named_entry),
}


def _facts(changes: list[FieldChange], depth: int, added: bool, w: Words, names: Names) -> str:
    """The values of an entry added (its new values) or taken out (its old), each by its
    field's label, «eining: bustader; mål: 30 i 2028»; a year and a value as one point."""
    by_field: dict[str, list[FieldChange]] = {}
    for change in changes:
        by_field.setdefault(change.parts[depth].name, []).append(change)
    facts: list[str] = []
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
        else:  # a nested value (a party's case document): each field by its own label
            facts.extend(_nested_facts(members, depth, added, w, names))
            continue
        facts.append(w("doc.changes3.fact", label=w.get(part.label, part.name), value=shown))
    return "; ".join(facts)


def _nested_facts(
    members: list[FieldChange], depth: int, added: bool, w: Words, names: Names
) -> Iterator[str]:
    """The values of a nested value of an entry, each named with the field it is in as
    one («namnet på kommunedirektøren i saksframlegget: Ulf Pedersen»)."""
    for change in members:
        value = change.new if added else change.old
        if value is None:
            continue
        what = label(_nested_as_one(change.parts[depth:], w), w, names)
        yield w("doc.changes3.fact", label=what, value=_fact(change, value, w, names))


def _fact(change: FieldChange, value: Any, w: Words, names: Names) -> str:
    """A value of an entry as a fact: a share in per cent, a yes or no in words, a list of
    parties by their names, joined as a sentence joins them; else ``_fact_value``."""
    if isinstance(value, bool) or change.unit is not None:
        return show(value, change, w, names)
    if isinstance(value, Enum) and change.field != "direction":  # a party's kind by its word
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
    if field in ("note", "description"):
        return quoted(" ".join(text.split()))
    return text


def _nested_as_one(parts: tuple[PathPart, ...], w: Words) -> tuple[PathPart, ...]:
    """``parts`` with a field of a nested value and the field it is in as one, named as
    a reader says it: «målåret», not «mål, år» (``doc.changes3.nested.<field>.<field>``;
    «mål (år)» for a pair the catalogue has no words for). In a value nested twice the
    inner pair names the whole: pilot.yaml's ``agreement.period.start`` is
    ``nested.period.start``, «første dag i avtaleperioden»."""
    joined: list[PathPart] = []
    inner = ""  # the field name of the last part of ``joined`` (a pair's: its own field's)
    for part in parts:
        before = joined[-1] if joined else None
        if part.is_field and before is not None and before.is_field:
            within, own = (_field_word(p, w) for p in (before, part))
            fallback = w("doc.changes3.nested_field", within=within, field=own)
            key = f"doc.changes3.nested.{inner}.{part.name}"
            joined[-1] = PathPart(part.key, key, w.get(key, fallback) or fallback)
        else:
            joined.append(part)
        inner = part.name
    return tuple(joined)


def place(
    change: FieldChange, w: Words, names: Names | None = None, indicators: Names | None = None
) -> str:
    """Where ``change`` is, in words, as ``diff``, ``history`` and the findings name it:
    each field by its label, a nested value's field with the field it is in as one
    (``_nested_as_one``: «namnet på prosjektleiaren», not «organisering, prosjektleiar,
    namn»)."""
    return label(_nested_as_one(change.parts, w), w, names, indicators)


def _field_word(part: PathPart, w: Words) -> str:
    return w.get(part.label or "", part.name) or part.name


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


def link_change(w: Words, url: str, old: str | None, new: str | None) -> str:
    """A link (known by its address) added, taken out, or given a new title."""
    if new is None:
        return w("doc.changes3.link_removed", title=quoted(old or url), url=url)
    if old is None:
        return w("doc.changes3.link_added", title=quoted(new), url=url)
    return w("doc.changes3.link_title", old=quoted(old), new=quoted(new), url=url)


_SENTENCES = _Style(value_change, _point_sentence, texts=False)
_LINES = _Style(value_line, _point_line, texts=True)
