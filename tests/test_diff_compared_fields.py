"""Which fields ``diff`` compares, said once in the model, and checked here two ways.

Every field of every file (what the files hold, walked from ``Pilot``, ``Agreement``,
``ActionPlan`` and ``Measure`` through the compared fields) is compared, a key, or says why
it is not (``Meta(not_compared=...)``): a field added to the model without either fails
``test_every_field_is_compared_or_says_why_not``. And a table changes one field at a time in
a real repository and asks ``diff --base`` in JSON: each change must be reported, at its path.
"""

from __future__ import annotations

import json
import shutil
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import git
import pytest
import yaml
from pydantic import BaseModel

from bygdevekst_cli.models import ActionPlan, Agreement, Pilot
from bygdevekst_cli.models.meta import field_meta
from bygdevekst_cli.models.plan import Measure
from tests.gitrepo import commit, init_repo
from tests.helpers import MINIMAL, invoke

ROOTS: tuple[type[BaseModel], ...] = (Pilot, Agreement, ActionPlan, Measure)


def _nested(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    for argument in typing.get_args(annotation):
        yield from _nested(argument)


def _models() -> list[type[BaseModel]]:
    """The roots and every model a compared field of one holds."""
    found: list[type[BaseModel]] = []

    def walk(model: type[BaseModel]) -> None:
        if model in found:
            return
        found.append(model)
        for name, meta in field_meta(model).items():
            if meta.compared:
                for inner in _nested(model.model_fields[name].annotation):
                    walk(inner)

    for root in ROOTS:
        walk(root)
    return found


def test_every_field_is_compared_or_says_why_not() -> None:
    unaccounted = [
        f"{model.__name__}.{name}"
        for model in _models()
        for name, meta in field_meta(model).items()
        if not (meta.compared or meta.key or meta.not_compared)
    ]
    assert unaccounted == []


def test_the_walk_reaches_the_models_of_the_files() -> None:
    """The check above is only as good as its walk: it must reach the nested models."""
    names = {model.__name__ for model in _models()}
    assert {"Party", "Signatory", "Person", "Chapter", "Signature", "IndicatorValue"} <= names
    assert {"Grant", "InKind", "AgreementEvent", "CaseDocumentInfo", "Contact"} <= names


# --- the table: one field changed, one change reported --------------------------------------

Step = str | dict[str, Any]
"""A key of a mapping, or the entry of a list whose fields have these values."""


def _set(data: Any, steps: tuple[Step, ...], value: Any) -> None:
    *walk, last = steps
    for step in walk:
        if isinstance(step, dict):
            data = next(e for e in data if all(e.get(k) == v for k, v in step.items()))
        else:
            data = data.setdefault(step, {})
    assert isinstance(last, str)
    data[last] = value


PILOT, AGREEMENT, PLAN = "pilot.yaml", "agreement.yaml", "plans/2026.yaml"
HUSBANKEN, FYRESDAL = {"id": "husbanken"}, {"id": "fyresdal"}

#: (name, file, where, new value, section of the JSON, path reported)
ROWS: list[tuple[str, str, tuple[Step, ...], Any, str, str]] = [
    ("party short name", PILOT, ("parties", HUSBANKEN, "short_name"), "HB", "agreement",
     "parties.husbanken.short_name"),
    ("party description", PILOT, ("parties", HUSBANKEN, "description"), "Statens bank",
     "agreement", "parties.husbanken.description"),
    ("party signatory", PILOT, ("parties", FYRESDAL, "signatory"),
     {"name": "Per Hansen", "title": "Ordførar"}, "agreement", "parties.fyresdal.signatory.name"),
    ("party contact", PILOT, ("parties", HUSBANKEN, "contacts"),
     [{"name": "Åse Li", "role": "Rådgjevar", "email": "ase@husbanken.no"}], "agreement",
     "parties.husbanken.contacts.Åse Li.role"),
    ("case document", PILOT, ("parties", FYRESDAL, "case_document", "chief_executive_name"),
     "Per Hansen", "agreement", "parties.fyresdal.case_document.chief_executive_name"),
    ("case document assessed", PILOT, ("parties", FYRESDAL, "case_document", "assessed_against"),
     "Kommuneplanen", "agreement", "parties.fyresdal.case_document.assessed_against"),
    ("case document signature", PILOT, ("parties", FYRESDAL, "case_document", "signature_name"),
     "Kari N.", "agreement", "parties.fyresdal.case_document.signature_name"),
    ("organisation owner", PILOT, ("organisation", "owner"), "Kviteseid kommune", "agreement",
     "organisation.owner"),
    ("project leader", PILOT, ("organisation", "project_leader"), {"name": "Ola Dunk"},
     "agreement", "organisation.project_leader.name"),
    ("organisation responsible", PILOT, ("organisation", "responsible"),
     {"name": "Kari", "title": "Rådmann"}, "agreement", "organisation.responsible.title"),
    ("steering group", PILOT, ("organisation", "steering_group"),
     [{"name": "Per", "title": "Ordførar"}], "agreement", "organisation.steering_group.Per.title"),
    ("other roles", PILOT, ("organisation", "other_roles"), [{"role": "Rådgjevar", "name": "Eva"}],
     "agreement", "organisation.other_roles.Rådgjevar.name"),
    ("group leader", PILOT, ("organisation", "groups", {"id": "arbeidsgruppa"}, "leader"),
     {"name": "Eva", "title": "Leiar"}, "agreement",
     "organisation.groups.arbeidsgruppa.leader.name"),
    ("phase description", PILOT, ("phases", {"name": "Fase 2"}, "description"), "Hovudfasen",
     "agreement", "phases.Fase 2.description"),
    ("agreement event", PILOT, ("agreement", "events", {"state": "draft"}, "date"), "2025-02-01",
     "agreement", "agreement.events.draft.date"),
    ("period start note", PILOT, ("agreement", "period", "start_note"), "Frå signering",
     "agreement", "agreement.period.start_note"),
    ("pilot notes", PILOT, ("notes",), ["Sjå møtebok"], "agreement", "notes"),
    ("agreement title", AGREEMENT, ("title",), "Bygdevekstavtale for Testdalen", "agreement",
     "title"),
    ("chapter text", AGREEMENT, ("chapters", {"kind": "background"}, "text"), "Ny tekst.",
     "agreement", "chapters.background.text"),
    ("chapter title", AGREEMENT, ("chapters", {"kind": "background"}, "title"), "Bakgrunn og mål",
     "agreement", "chapters.background.title"),
    ("sub-goal text", AGREEMENT, ("sub_goals", {"number": 1}, "text"), "Ein ny tekst.",
     "agreement", "sub_goals.1.text"),
    ("sub-goal section", AGREEMENT, ("sub_goals", {"number": 1}, "section"), "6.1", "agreement",
     "sub_goals.1.section"),
    ("sub-goal municipalities", AGREEMENT, ("sub_goals", {"number": 2}, "includes_municipalities"),
     False, "agreement", "sub_goals.2.includes_municipalities"),
    ("sub-goal may invite", AGREEMENT, ("sub_goals", {"number": 1}, "may_invite"),
     ["Bustadbyggjarar"], "agreement", "sub_goals.1.may_invite"),
    ("signature decision date", AGREEMENT, ("signatures", {"party": "fyresdal"}, "decision_date"),
     "2025-05-20", "agreement", "signatures.fyresdal.decision_date"),
    ("open point", AGREEMENT, ("open_points",), [{"text": "Vekta er ikkje avklart."}], "agreement",
     "open_points.0.text"),
    ("plan links", PLAN, ("links",), [{"title": "Nettstad", "url": "https://testdalen.no"}],
     "plan", "links.https://testdalen.no.title"),
    ("plan contributors", PLAN, ("contributors",), ["Kari Nordmann"], "plan", "contributors"),
    ("plan notes", PLAN, ("notes",), ["Utkast"], "plan", "notes"),
    ("indicator value", PLAN, ("indicator_values", {"indicator": "bustader"}, "value"), 4, "plan",
     "indicator_values.2025.bustader.value"),
    ("indicator value note", PLAN, ("indicator_values", {"indicator": "bustader"}, "note"),
     "Førebels", "plan", "indicator_values.2025.bustader.note"),
    ("grant covers period", PLAN, ("funding", "grants", {"year": 2025}, "covers_period"), False,
     "funding", "grants.2025.state_measure_funds.covers_period"),
    ("grant note", PLAN, ("funding", "grants", {"year": 2025}, "note"), "Brev frå KDD", "funding",
     "grants.2025.state_measure_funds.note"),
    ("carry-over note", PLAN, ("funding", "carry_over", {"from_year": 2025}, "note"), "Ubrukt",
     "funding", "carry_over.2025-2026.state_measure_funds.note"),
    ("in-kind note", PLAN, ("measures", {"id": "1.1"}, "in_kind", {"party": "fyresdal"}, "note"),
     "Timar i planavdelinga", "changed", "in_kind.2026.fyresdal.note"),
]  # fmt: skip


def _base(root: Path) -> None:
    """The minimal pilot with the entries the table changes a field of."""
    folder = root / "pilots" / "testdalen"
    shutil.copytree(MINIMAL, folder)
    extras: dict[str, list[tuple[tuple[Step, ...], Any]]] = {
        PILOT: [
            (("organisation",), {"groups": [
                {"id": "arbeidsgruppa", "name": "Arbeidsgruppa", "members": ["fyresdal"]}
            ]}),
            (("agreement", "events"), [{"state": "draft", "date": "2025-01-10"}]),
        ],
        AGREEMENT: [
            (("sub_goals", {"number": 1}, "indicators"), [
                {"id": "bustader", "title": "Nye bustader", "unit": "tal", "direction": "increase"}
            ]),
        ],
        PLAN: [
            (("indicator_values",), [{"indicator": "bustader", "year": 2025, "value": 3}]),
            (("measures", {"id": "1.1"}, "in_kind"),
             [{"party": "fyresdal", "year": 2026, "hours": 10}]),
        ],
    }  # fmt: skip
    for name, changes in extras.items():
        _edit(folder / name, changes)


def _edit(path: Path, changes: list[tuple[tuple[Step, ...], Any]]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for steps, value in changes:
        _set(data, steps, value)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def base_repo(tmp_path_factory: pytest.TempPathFactory) -> git.Repo:
    root = tmp_path_factory.mktemp("compared") / "repo"
    repo = init_repo(root)
    _base(root)
    commit(repo, "Utgangspunktet")
    return repo


@pytest.mark.parametrize(
    ("file", "steps", "value", "section", "path"),
    [pytest.param(*row[1:], id=row[0]) for row in ROWS],
)
def test_a_changed_field_is_reported(
    base_repo: git.Repo,
    monkeypatch: pytest.MonkeyPatch,
    cache_dir: Path,
    file: str,
    steps: tuple[Step, ...],
    value: Any,
    section: str,
    path: str,
) -> None:
    root = Path(base_repo.working_dir)
    monkeypatch.chdir(root)
    base = base_repo.head.commit.hexsha
    try:
        _edit(root / "pilots" / "testdalen" / file, [(steps, value)])
        commit(base_repo, f"Endra {path}")
        result = invoke("diff", "testdalen", "--base", base, "--head", "HEAD", "-f", "json")
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        if section == "changed":
            reported = [f["path"] for m in data["changed"] for f in m["fields"]]
        else:
            reported = [f["path"] for f in data[section]]
        assert path in reported, data
    finally:
        base_repo.git.reset("--hard", base)
