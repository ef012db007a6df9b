"""The plan an action plan's rows go into (``import plan``): the existing plan, or one
begun from last year's; each row matched to a measure (by id, number or title) and applied;
what changed since last year without a reason.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path, PurePosixPath
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from bygdevekst_cli.diff import PilotDiff, diff_funding, diff_plans, diff_schedule
from bygdevekst_cli.editing import layout, roundtrip, scaffold
from bygdevekst_cli.editing.newpilot import ID_MAX_LENGTH, ID_PATTERN
from bygdevekst_cli.editing.plannew import NewPlan, roll_forward
from bygdevekst_cli.errors import UserError
from bygdevekst_cli.importer.plan_cells import norm
from bygdevekst_cli.importer.plan_rows import FIELDS, RowMeasure
from bygdevekst_cli.importer.plan_table import PlanTable
from bygdevekst_cli.models import FILE_KINDS, ActionPlan, Pilot
from bygdevekst_cli.pilotset import PLANS_DIR

_SAME_NUMBER = 0.5
_SAME_TITLE = 0.85
_PLAN_KIND = next(kind for kind in FILE_KINDS if kind.model is ActionPlan)


def plan_schema(target: Path) -> str:
    return layout.schema_reference(target, PurePosixPath(PLANS_DIR, target.name), _PLAN_KIND)


def refuse_bad_ids(rows: list[RowMeasure], tables: list[PlanTable], display: str, say: Any) -> None:
    """Refuse an id column's value that a new measure would get as its id but that is no
    id (lower case, no spaces: «T 3/5»), before a plan is written that would not validate.
    A value that found its measure otherwise (by number or title) was never used."""
    column = next((t.headers["id"] for t in tables if "id" in t.headers), "id")
    for row in rows:
        wanted = row.values.get("id")
        if row.id != wanted or row.match != "new":
            continue
        if not ID_PATTERN.match(row.id) or len(row.id) > ID_MAX_LENGTH:
            raise UserError(
                say(
                    "cli.import.plan_bad_id",
                    file=display,
                    row=row.where,
                    value=row.id,
                    column=column,
                )
            )


def base_plan(
    folder: Path, display: str, target: Path, shown: str, year: int, pilot: Pilot
) -> tuple[CommentedMap, str]:
    if target.exists():
        return roundtrip.load(target, shown), "existing"
    earlier = sorted(
        int(p.stem)
        for p in (folder / PLANS_DIR).glob("*.yaml")
        if p.stem.isdigit() and int(p.stem) < year
    )
    if not earlier:
        text = scaffold.first_plan(pilot, year, plan_schema(target))
        return roundtrip.loads(text, shown), "first"
    source = folder / PLANS_DIR / f"{earlier[-1]}.yaml"
    tree = roundtrip.load(source, f"{display.rstrip('/')}/{PLANS_DIR}/{source.name}")
    layout.normalise_comments(tree)
    roll_forward(tree, year, NewPlan(target, shown, year, earlier[-1]))
    return tree, f"previous:{earlier[-1]}"


def plan_measures(tree: CommentedMap) -> CommentedSeq:
    measures = tree.get("measures")
    if not isinstance(measures, CommentedSeq):
        measures = CommentedSeq()
        tree["measures"] = measures
    return measures


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, norm(a), norm(b)).ratio()


def match_rows(rows: list[RowMeasure], existing: CommentedSeq, year: int) -> None:
    by_id = {str(m.get("id")): m for m in existing}
    taken: set[str] = set()
    for row in rows:
        values = row.values
        number = f"{values['sub_goal']}.{values['number']}" if "number" in values else None
        if "id" in values and values["id"] in by_id:
            row.id, row.match = values["id"], "id"
        elif (
            number in by_id
            and number not in taken
            and _similar(str(by_id[number].get("title", "")), row.title) >= _SAME_NUMBER
        ):
            row.id, row.match = number, "number"
        else:
            best = max(
                (m for m in existing if str(m.get("id")) not in taken),
                key=lambda m: _similar(str(m.get("title", "")), row.title),
                default=None,
            )
            if best is not None and _similar(str(best.get("title", "")), row.title) >= _SAME_TITLE:
                row.id, row.match = str(best.get("id")), "title"
            else:
                row.id = values.get("id") or _new_id(number, values, by_id, taken, rows, year)
        taken.add(row.id)


def _new_id(
    number: str | None,
    values: dict[str, Any],
    by_id: dict[str, Any],
    taken: set[str],
    rows: list[RowMeasure],
    year: int,
) -> str:
    used = set(by_id) | taken
    if number is None:
        goal = values["sub_goal"]
        numbers = [int(i.split(".")[1]) for i in used if re.fullmatch(rf"{goal}\.\d+", i)]
        values["number"] = max(numbers, default=0) + 1
        number = f"{goal}.{values['number']}"
    return number if number not in used else f"{number}-{year}"


def apply_row(existing: CommentedSeq, row: RowMeasure) -> None:
    measure = next((m for m in existing if str(m.get("id")) == row.id), None)
    if measure is None:
        measure = CommentedMap()
        measure["id"] = DoubleQuotedScalarString(row.id)
        measure["sub_goal"] = row.values["sub_goal"]
        measure["number"] = row.values.get("number", 1)
        measure["title"] = row.title
        measure["status"] = row.values.get("status", "planned")
        existing.append(measure)
    for name in FIELDS:
        if name in row.values and name not in ("id", "period"):
            measure[name] = row.values[name]
    if row.budget:
        budget = measure.get("budget")
        if not isinstance(budget, CommentedMap):
            budget = CommentedMap()
            measure["budget"] = budget
        for budget_year, amounts in sorted(row.budget.items()):
            line = budget.get(budget_year)
            if not isinstance(line, CommentedMap):
                line = CommentedMap()
                budget[budget_year] = line
            for source, amount in amounts.items():
                line[source] = amount


def _parsed(text: str, shown: str) -> ActionPlan | None:
    from pydantic import ValidationError

    from bygdevekst_cli.loader import load_yaml_bytes

    try:
        return ActionPlan.model_validate(
            load_yaml_bytes(text.encode("utf-8"), Path(shown), shown).data
        )
    except ValidationError:
        return None  # validation after writing reports it with positions


def measure_diff(
    files: Any, year: int, text: str, shown: str, source_display: str
) -> PilotDiff | None:
    """The existing plan against what the import would write, as ``bygdevekst diff`` shows
    two versions of one plan year (None when either does not validate)."""
    before = files.plans.get(year)
    after = _parsed(text, shown)
    if before is None or after is None or files.pilot is None:
        return None
    agreement = files.agreement.model if files.agreement else None
    return PilotDiff(
        pilot=files.pilot.model.id,
        from_label=shown,
        to_label=source_display,
        measures=diff_plans(before.model, after),
        funding=diff_funding(before.model, after, same_year=True),
        schedule=diff_schedule(before.model, after),
        sub_goal_titles={g.number: g.title for g in agreement.sub_goals} if agreement else {},
    )


def needs_reason(files: Any, text: str, shown: str, year: int) -> list[tuple[str, str]]:
    """Measures changed since last year's plan, beyond this year's budget, without a reason."""
    from bygdevekst_cli.diff import measure_changes

    earlier = [y for y in files.plans if y < year]
    new = _parsed(text, shown) if earlier else None
    if new is None:
        return []
    old = {m.id: m for m in files.plans[max(earlier)].model.measures}
    needs: list[tuple[str, str]] = []
    for measure in new.measures:
        before = old.get(measure.id)
        if before is None or measure.change_reason:
            continue
        changed = [
            change.path
            for change in measure_changes(before, measure, since=year)
            if not (change.path.startswith(f"budget.{year}.") and change.old is None)
            and not (change.path == "status" and (change.old, change.new) == ("planned", "ongoing"))
        ]
        if changed:
            needs.append((measure.id, ", ".join(changed)))
    return needs
