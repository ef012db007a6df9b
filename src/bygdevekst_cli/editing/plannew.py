"""Next year's action plan from the latest one (``bygdevekst plan new``).

What the new plan takes from the latest plan before its year, and what it leaves behind:

carried over, as they stand (comments, order and quoting too)
    every measure that is not closed, with its id and its budget from the new year on; the
    contributors; the schedule's parties and bodies; grants that cover the whole period or
    a year from the new one on; carry-over into the new year or later; the case document's
    background, action-plan paragraphs and recommendation (standing texts: update the
    years in them).
left behind, as belonging to one year
    closed measures (they were reported closed last year); every field the model marks
    ``Meta(yearly=True)`` on the plan, a measure, a treatment of the schedule and the case
    texts (today: a measure's ``report``, ``change_reason``, ``assessment``,
    ``prioritised``, ``reopened``; the year's ``status`` and ``notes``; a treatment's
    ``date``, ``date_note``, ``case_number``, ``outcome``, ``adopted_revision``,
    ``decision_notes``; the case's ``assessment``, ``local_assessment``, ``conclusion``);
    one-year grants and carry-over of earlier years.

Budget years and contributions in kind (``in_kind``) before the new year are left behind
too (``keep_past_budget`` keeps them):
each past year stays in its own plan, which is where the diff and BV206 (funds allocated
over the period) read it.

Comments inside a removed block go with it; every other comment stays, including those
above or after a removed entry. The one comment rewritten is the head line the tool itself
wrote («Handlingsplan for 2026. …»), which names the new year.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, get_args

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from bygdevekst_cli.editing import layout, roundtrip, scaffold
from bygdevekst_cli.editing.comments import (
    AddBefore,
    HeaderSlot,
    PreSlot,
    clamp,
    delete_entry,
    post_slot,
)
from bygdevekst_cli.editing.version import with_version
from bygdevekst_cli.errors import UserError
from bygdevekst_cli.fsutil import write_or_refuse
from bygdevekst_cli.language import Words, cli_words
from bygdevekst_cli.models import FILE_KINDS, ActionPlan, Pilot, misnamed_plan_year
from bygdevekst_cli.models.meta import fields_where
from bygdevekst_cli.models.pilot import PartyKind
from bygdevekst_cli.pilotset import PLANS_DIR, PilotFiles, read_pilot
from bygdevekst_cli.rules.period import agreement_years, outside


def of_one_year(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``model`` that belong to one plan year (``Meta(yearly=True)``)."""
    return tuple(fields_where(model, yearly=True))


def _model_of(owner: type[BaseModel], name: str) -> type[BaseModel]:
    """The model of a field's values (``ActionPlan.measures`` → ``Measure``), read from the
    model itself, so that a model that replaces one of its parts is followed."""
    found = _model_or_none(owner.model_fields[name].annotation)
    assert found is not None, f"{owner.__name__}.{name} holds no model"
    return found


def _model_or_none(annotation: Any) -> type[BaseModel] | None:
    """The model an annotation holds: itself, or the items of a list or optional."""
    for candidate in (annotation, *get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


_PLAN_KIND = next(kind for kind in FILE_KINDS if kind.model is ActionPlan)


@dataclass
class NewPlan:
    """What ``new_plan`` wrote, for the command to report."""

    path: Path
    display: str
    year: int
    source_year: int | None
    carried: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    past_end: list[str] = field(default_factory=list)
    """Measures carried over although their end_year is before the new year."""
    joined: list[str] = field(default_factory=list)
    """Municipalities added to the schedule: members in the new year, not in the old one."""


def new_plan(folder: Path, display: str, year: int, *, keep_past_budget: bool = False) -> NewPlan:
    """Write ``plans/<year>.yaml`` for the pilot in ``folder``; never overwrites a plan."""
    shown = f"{display.rstrip('/')}/{PLANS_DIR}/{year}.yaml"
    target = folder / PLANS_DIR / f"{year}.yaml"
    for present in (target, target.with_suffix(".yml")):
        if present.exists():  # named as it is: «2027.yml», not the «2027.yaml» not there
            named = f"{display.rstrip('/')}/{PLANS_DIR}/{present.name}"
            raise UserError(cli_words()("cli.msg.plan.exists", file=named))
    files = read_pilot(folder, display)
    pilot = files.pilot
    if pilot is None:
        raise UserError(cli_words()("cli.msg.plan.pilot_unreadable", folder=display))
    _check_period(files, year, shown)
    source = _latest_before(folder, year)
    refuse_misnamed_plan(folder, display, year, source)
    relative = PurePosixPath(PLANS_DIR, f"{year}.yaml")
    schema = layout.schema_reference(target, relative, _PLAN_KIND)
    if source is None:
        text = scaffold.first_plan(pilot.model, year, schema)
        result = NewPlan(target, shown, year, None)
    else:
        text, result = _from_previous(
            files, folder, display, source, year, schema, keep_past_budget
        )
        result.path, result.display = target, shown
    _check_result(text, shown)
    write_or_refuse(target, text, shown)
    return result


def _check_period(files: PilotFiles, year: int, shown: str) -> None:
    assert files.pilot is not None
    first, last = agreement_years(files.pilot.model)
    if outside(year, first, last):
        w = cli_words()
        if last is None:
            span = f"{first}–"
        else:
            span = f"{first}–{last}" if first is not None else w("cli.msg.plan.until", last=last)
        raise UserError(w("cli.msg.plan.outside", file=shown, year=year, span=span))


def _latest_before(folder: Path, year: int) -> int | None:
    years = [
        int(path.stem)
        for path in (folder / PLANS_DIR).glob("*.y*ml")
        if path.stem.isdigit() and len(path.stem) == 4 and path.suffix in (".yaml", ".yml")
    ]
    earlier = [y for y in years if y < year]
    return max(earlier, default=None)


def _refuse_plans_folder_in_other_case(folder: Path, display: str, w: Words) -> None:
    """Refuse a pilot whose plans are in ``Plans/`` (or ``PLANS/``): a new plan went into a
    second ``plans/`` beside it on Linux (as the first plan, the others unseen), and into
    ``Plans/`` on Windows and macOS, where ``validate`` does not read it."""
    try:
        names = [entry.name for entry in folder.iterdir() if entry.is_dir()]
    except OSError:
        return
    for name in names:
        if name != PLANS_DIR and name.casefold() == PLANS_DIR:
            shown = f"{display.rstrip('/')}/{name}"
            raise UserError(w("cli.msg.plan.plans_folder_case", folder=shown, name=PLANS_DIR))


def refuse_misnamed_plan(folder: Path, display: str, year: int, source: int | None) -> None:
    """Refuse when a file named as a plan is not (``plans/2026.YAML``, ``plan-2026.yaml``)
    would be this year's plan, or a later one than ``source``: the new plan was written as
    «the first plan, without measures» beside last year's plan, read under no name."""
    w = cli_words()
    _refuse_plans_folder_in_other_case(folder, display, w)
    try:
        names = sorted(entry.name for entry in (folder / PLANS_DIR).iterdir())
    except OSError:  # no plans folder: nothing misnamed in it
        return
    for name in names:
        named = misnamed_plan_year(PurePosixPath(PLANS_DIR, name))
        shown = f"{display.rstrip('/')}/{PLANS_DIR}/{name}"
        if named == year:  # this year's plan, under another name
            raise UserError(w("cli.msg.plan.exists", file=shown))
        if named is not None and (source or 0) < named < year:
            where = f"{PLANS_DIR}/{named}.yaml"
            raise UserError(
                w("cli.msg.plan.misnamed", file=shown, year=named, name=where, new=year)
            )


def _from_previous(
    files: PilotFiles,
    folder: Path,
    display: str,
    source: int,
    year: int,
    schema: str,
    keep_past_budget: bool,
) -> tuple[str, NewPlan]:
    path = next(
        p
        for p in (folder / PLANS_DIR / f"{source}.yaml", folder / PLANS_DIR / f"{source}.yml")
        if p.exists()
    )
    shown = f"{display.rstrip('/')}/{PLANS_DIR}/{path.name}"
    if source not in files.plans:
        raise UserError(cli_words()("cli.msg.plan.source_invalid", file=shown, folder=display))
    text = roundtrip.read_text(path, shown)
    data = roundtrip.loads(text, shown)
    roundtrip.refuse_lost_comments(text, roundtrip.dumps(data), shown)
    layout.normalise_comments(data)
    result = NewPlan(path, shown, year, source)
    roll_forward(data, year, result, keep_past_budget=keep_past_budget)
    assert files.pilot is not None
    _joining(data, files.pilot.model, year, result)
    written = roundtrip.keep_comment_separators(text, roundtrip.dumps(data))
    assert files.pilot is not None  # new_plan stops before a pilot it cannot read
    written = retitle_head(written, files.pilot.model.language.value, year)
    return with_version(layout.schema_line_first(written, schema)), result


def retitle_head(text: str, language: str, year: int) -> str:
    """The plan's head comment as the tool wrote it («Handlingsplan for 2026. …») names the
    new year, whichever year it named (an earlier version of ``plan new`` copied it as it
    stood); a comment the secretariat wrote is theirs and stays as it is. ``import plan``
    starts a new year's plan the same way."""
    marker = "\0"  # where the year stands in the catalogue's sentence
    head = re.escape(scaffold.plan_head(language, marker))
    pattern = re.compile(head.replace(re.escape(marker), r"\d{4}"))
    new = scaffold.plan_head(language, year)
    lines = text.split("\n")
    return "\n".join(new if pattern.fullmatch(line) else line for line in lines)


def roll_forward(
    plan: CommentedMap, year: int, result: NewPlan, *, keep_past_budget: bool = False
) -> None:
    """Turn last year's plan (a round-trip tree) into next year's, in place."""
    header = HeaderSlot(plan)
    if "year" in plan:
        plan["year"] = year
    else:
        plan.insert(0, "year", year)
    _measures(plan, year, result, keep_past_budget)
    _funding(plan, year)
    _parts_of_one_year(plan, skip=("measures",))
    _drop_empty(plan, "case", 0, header.add)
    for key in of_one_year(ActionPlan):
        if key in plan:
            delete_entry(plan, key, 0, header.add)
    _no_measures_left(plan)


def _no_measures_left(plan: CommentedMap) -> None:
    """Every measure closed: ``measures: []``, written in flow style, with the comments that
    stood above or after the measures (and one on the key's line) below it. As an emptied
    block list, ruamel wrote them between ``measures:`` and ``[]``: a file that is no YAML."""
    measures = plan.get("measures")
    if isinstance(measures, CommentedSeq) and not measures:
        measures.fa.set_flow_style()
        post_slot(plan, "measures").add(PreSlot(plan, "measures").take())


def _joining(plan: CommentedMap, pilot: Pilot, year: int, result: NewPlan) -> None:
    """The treatments of a municipality that is a member in the new year but not in the
    schedule carried over (one that joins, ``member_from``), as a first plan has them:
    without them the new plan failed BV209 («… manglar i den politiske handsaminga»)."""
    schedule = plan.get("schedule")
    items = schedule if isinstance(schedule, CommentedSeq) else []
    scheduled = {item.get("party") for item in items if isinstance(item, CommentedMap)}
    missing = [
        (party, body)
        for party, body in scaffold.main_treatments(pilot, year, (PartyKind.MUNICIPALITY,))
        if party not in scheduled
    ]
    if not missing:
        return
    if not isinstance(schedule, CommentedSeq):
        schedule = plan["schedule"] = CommentedSeq()
    schedule.fa.set_block_style()  # «schedule: []» gets its entries as lines
    for party, body in missing:
        schedule.append(CommentedMap([("party", party), ("body", body.value)]))
    result.joined.extend(dict.fromkeys(party for party, _ in missing))


def _measures(plan: CommentedMap, year: int, result: NewPlan, keep_past_budget: bool) -> None:
    measures = plan.get("measures")
    if not isinstance(measures, CommentedSeq):
        return
    of_the_year = of_one_year(_model_of(ActionPlan, "measures"))
    for index in reversed(range(len(measures))):
        measure = measures[index]
        before = _item_before(plan, "measures", index)
        if measure.get("status") == "closed":
            result.closed.insert(0, str(measure.get("id")))
            delete_entry(measures, index, 4, before)
            continue
        result.carried.insert(0, str(measure.get("id")))
        end = measure.get("end_year")
        if isinstance(end, int) and end < year:
            result.past_end.insert(0, str(measure.get("id")))
        for key in of_the_year:
            if key in measure:
                delete_entry(measure, key, 4, before)
        if not keep_past_budget:
            _past_budget(measure, year, before)
            _past_in_kind(measure, year, before)


def _past_budget(measure: CommentedMap, year: int, before: AddBefore) -> None:
    budget = measure.get("budget")
    if not isinstance(budget, CommentedMap):
        return
    for budget_year in list(budget):
        if isinstance(budget_year, int) and budget_year < year:
            delete_entry(budget, budget_year, 6, PreSlot(measure, "budget").add)
    _drop_empty(measure, "budget", 4, before)


def _past_in_kind(measure: CommentedMap, year: int, before: AddBefore) -> None:
    """Contributions in kind of years before the new one stay in their own plans."""
    items = measure.get("in_kind")
    if not isinstance(items, CommentedSeq):
        return
    for index in reversed(range(len(items))):
        item = items[index]
        dated = isinstance(item, CommentedMap) and isinstance(item.get("year"), int)
        if dated and item["year"] < year:
            item_before = clamp(_before(items, index, PreSlot(measure, "in_kind").add), 6)
            delete_entry(items, index, 8, item_before)
    _drop_empty(measure, "in_kind", 4, before)


def _parts_of_one_year(plan: CommentedMap, skip: tuple[str, ...]) -> None:
    """Clear the fields of one year inside the plan's parts: a part that is an object (the
    case texts) or a list of objects (the schedule's treatments), each by its own model."""
    for name, info in ActionPlan.model_fields.items():
        value = plan.get(name)
        if name in skip or name in of_one_year(ActionPlan) or value is None:
            continue
        model = _model_or_none(info.annotation)
        if model is None or not of_one_year(model):
            continue
        if isinstance(value, CommentedMap):
            for key in of_one_year(model):
                if key in value:
                    delete_entry(value, key, 2, PreSlot(plan, name).add)
        elif isinstance(value, CommentedSeq):
            for index, item in enumerate(value):
                if isinstance(item, CommentedMap):
                    before = _item_before(plan, name, index)
                    for key in of_one_year(model):
                        if key in item:
                            delete_entry(item, key, 4, before)


def _funding(plan: CommentedMap, year: int) -> None:
    funding = plan.get("funding")
    if not isinstance(funding, CommentedMap):
        return

    def grant_of_the_past(grant: Any) -> bool:
        return (
            not grant.get("covers_period")
            and isinstance(grant.get("year"), int)
            and (grant["year"] < year)
        )

    def carried_before(carry: Any) -> bool:
        return isinstance(carry.get("to_year"), int) and carry["to_year"] < year

    for key, is_past in (("grants", grant_of_the_past), ("carry_over", carried_before)):
        items = funding.get(key)
        if isinstance(items, CommentedSeq):
            for index in reversed(range(len(items))):
                if isinstance(items[index], CommentedMap) and is_past(items[index]):
                    before = clamp(_before(items, index, PreSlot(funding, key).add), 4)
                    delete_entry(items, index, 6, before)
            _drop_empty(funding, key, 2, PreSlot(plan, "funding").add)
    _drop_empty(plan, "funding", 0, HeaderSlot(plan).add)


def _drop_empty(mapping: CommentedMap, key: Hashable, column: int, before: AddBefore) -> None:
    value = mapping.get(key)
    if isinstance(value, CommentedMap | CommentedSeq) and len(value) == 0:
        delete_entry(mapping, key, column, before)


def _before(sequence: CommentedSeq, index: int, first: AddBefore) -> AddBefore:
    return post_slot(sequence, index - 1).add if index > 0 else first


def _item_before(plan: CommentedMap, key: str, index: int) -> AddBefore:
    """Where lines go that must stand just above item ``index`` of a top-level list."""
    return clamp(_before(plan[key], index, PreSlot(plan, key).add), 2)


def _check_result(text: str, shown: str) -> None:
    """The new plan must at least read as a plan; anything else is a bug, not a user error."""
    from pydantic import ValidationError

    from bygdevekst_cli.loader import load_yaml_bytes

    loaded = load_yaml_bytes(text.encode("utf-8"), Path(shown), shown)
    try:
        ActionPlan.model_validate(loaded.data)
    except ValidationError as exc:
        detail = exc.errors()[0]["msg"]
        raise UserError(cli_words()("cli.msg.plan.not_valid", file=shown, detail=detail)) from None
