"""The national overview: every pilot of many sources at a glance, as plain result objects.

A *source* is one of:

- a pilot folder (``pilots/vest-telemark``) or a folder holding pilot folders (``pilots/``,
  or a repository root with ``pilots/``), read from the working tree;
- ``PATH@REF``: a local repository (or a pilot folder in one) at a revision, read from git
  objects without a checkout;
- a git URL (``file://``, ``https://``, ``ssh://``, ``user@host:path``), optionally
  ``URL@REF``, cloned bare into a temporary folder and read from git objects.

``at`` (``--at DATE``) reads every source at the last commit at or before the end of that
day, also for working-tree sources (their repository's ``HEAD`` history).

Figures follow DESIGN.md's contract. Three rules matter:

- unknown is never 0: a measure active in the budget year without a budget for it is
  counted in ``unknown``; ``total`` sums the known amounts only;
- a grant for the whole period (``covers_period``) is never added to one-year grants: the
  totals keep them apart;
- the totals' budget counts what is decided: the plans every party has adopted
  (``PlanAdoption``); a draft's, one awaiting decisions and a rejected plan's are apart.

Nothing here prints: the command and ``present.overview`` show the result.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import re
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from bygdevekst_cli.adoptions import treatment_decision
from bygdevekst_cli.errors import UsageError, UserError
from bygdevekst_cli.findings import Finding, Severity
from bygdevekst_cli.gitprogram import git_executable, without_password
from bygdevekst_cli.models import file_kind
from bygdevekst_cli.models.pilot import PartyRole
from bygdevekst_cli.models.plan import ActionPlan, Body, FundingSource, Measure, Outcome
from bygdevekst_cli.pilotfolder import PILOTS_DIR, PLANS_DIR, holds_pilot_file, pilot_folders
from bygdevekst_cli.pilotset import PILOT_FILE, FileSource, PilotFiles, read_pilot

if TYPE_CHECKING:
    import git

    from bygdevekst_cli.models.pilot import Pilot


CLONE_SECONDS = 600
"""How long a ``git clone`` of a source named by URL may take before the source is
skipped (a server that accepts the connection and never answers)."""

#: Measure statuses the overview counts, in the contract's order. ``proposed`` comes with
#: schema version 2 (issue 10); until the model has it, its count is simply 0.
STATUSES = ("proposed", "planned", "ongoing", "closed")

_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|[\w.-]+@[\w.-]+:)", re.IGNORECASE)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Municipality:
    id: str
    name: str
    number: str | None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "number": self.number}


@dataclass(frozen=True)
class GrantLine:
    source: str
    funder: str | None
    year: int
    amount: int
    covers_period: bool
    status: str = "granted"
    """``granted`` (also a grant listed without a status), ``applied`` or ``rejected``
    (``models.plan.GrantStatus``). The JSON lists every grant as the plan does, with the
    fields of the contract, and as the plan does it names the status of money not granted
    (a grant without one is granted); the workbook says which is which."""

    @property
    def granted(self) -> bool:
        """Money granted (not only applied for, nor refused): only such grants are summed."""
        return self.status == "granted"

    def to_json(self) -> dict[str, Any]:
        """The contract's fields, and ``status`` for an application or a refusal: without it
        a script summing the amounts would count money only applied for as granted."""
        data: dict[str, Any] = {
            "source": self.source,
            "funder": self.funder,
            "year": self.year,
            "amount": self.amount,
            "covers_period": self.covers_period,
        }
        if not self.granted:
            data["status"] = self.status
        return data


@dataclass(frozen=True)
class Budget:
    """The budget of one year in a plan: known amounts by source, and how many are unknown."""

    year: int | None
    by_source: dict[str, int]
    unknown: int
    """Measures active in ``year`` (not closed) whose budget for the year is not given, or
    not wholly (a source named without an amount)."""

    @property
    def total(self) -> int | None:
        """The sum of the known amounts; None when no amount at all is known (never 0 for
        nothing known: 0 is a figure someone wrote down)."""
        return sum(self.by_source.values()) if self.by_source else None

    def to_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "by_source": dict(self.by_source),
            "total": self.total,
            "unknown": self.unknown,
        }


@dataclass(frozen=True)
class PlanYear:
    """One of a pilot's plans: its budget for its own year, and where it stands with the
    parties (``PlanAdoption.status``). Only an adopted plan's budget is a decided one."""

    budget: Budget
    status: str


@dataclass(frozen=True)
class PilotSummary:
    """One pilot's line in the overview (DESIGN.md's contract), and the models it came from."""

    id: str
    name: str
    language: str
    cohort: int
    county: str
    state: str
    period_start: dt.date | None
    period_end: dt.date | None
    municipalities: tuple[Municipality, ...]
    latest_plan: int | None
    measures: dict[str, int]
    budget: Budget
    grants: tuple[GrantLine, ...]
    errors: int
    warnings: int
    location: str
    commit: str | None
    files: PilotFiles = field(repr=False, compare=False)
    uncommitted: bool = False
    """Read from a working tree with changes not in ``commit`` (the figures are not its)."""
    adoption: PlanAdoption | None = None
    """Where the latest plan stands with the parties that adopt it (None: no plan)."""
    plans: dict[int, PlanYear] = field(default_factory=dict, repr=False, compare=False)
    """Every plan the pilot has, by its year: the ministry compares years, and the latest
    plan's figures alone say nothing of the years before it."""

    @property
    def rejected_by(self) -> tuple[str, ...]:
        """The parties (ids) whose last decision on the latest plan rejected it: its figures
        are a plan's, not one in force (``plan_rejected_by``)."""
        return self.adoption.rejected_by if self.adoption is not None else ()

    @property
    def plan_status(self) -> str | None:
        """``PlanAdoption.status`` of the latest plan; None without a plan."""
        return self.adoption.status if self.adoption is not None else None

    @property
    def budget_kind(self) -> str | None:
        """Which of the totals' budgets (``BUDGET_KINDS``) the latest plan's is summed in;
        None without a plan."""
        status = self.plan_status
        return next((kind for kind, of in BUDGET_KINDS.items() if status in of), None)

    def to_json(self) -> dict[str, Any]:
        """The contract's keys, and where the latest plan stands: ``plan_status`` always (a
        script must not take a draft's budget for one in force); who adopted it and who is
        still to decide only when not every party has adopted it, and who rejected it only
        when a party did (as before). ``plans``: every plan by year, where it stands and its
        budget for its year, the figures ``budget_by_plan_year`` sums."""
        data = self._contract_json()
        data["plan_status"] = self.plan_status
        adoption = self.adoption
        if adoption is not None and adoption.status != "adopted":
            data["plan_adopted_by"] = list(adoption.adopted_by)
            data["plan_awaiting"] = list(adoption.awaiting)
        if self.rejected_by:
            data["plan_rejected_by"] = list(self.rejected_by)
        data["plans"] = {
            str(year): {"plan_status": plan.status, "budget": plan.budget.to_json()}
            for year, plan in self.plans.items()
        }
        return data

    def _contract_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "language": self.language,
            "cohort": self.cohort,
            "county": self.county,
            "state": self.state,
            "period": {
                "start": _iso(self.period_start),
                "end": _iso(self.period_end),
            },
            "municipalities": [m.to_json() for m in self.municipalities],
            "latest_plan": self.latest_plan,
            "measures": dict(self.measures),
            "budget": self.budget.to_json(),
            "grants": [g.to_json() for g in self.grants],
            "findings": {"errors": self.errors, "warnings": self.warnings},
            "source": {
                "location": self.location,
                "commit": self.commit,
                "uncommitted": self.uncommitted,
            },
        }

    @property
    def one_year_by_year(self) -> dict[int, int]:
        """The one-year grants summed per year, in year order."""
        by_year: Counter[int] = Counter()
        for grant in self.grants:
            if grant.granted and not grant.covers_period:
                by_year[grant.year] += grant.amount
        return dict(sorted(by_year.items()))

    @property
    def one_year_grants(self) -> int | None:
        """The one-year grants' sum when they are all of one year; None when the plan records
        none (not known to be 0) or when they are of several years, as one sum would add the
        years together (``one_year_by_year`` tells the two apart)."""
        by_year = self.one_year_by_year
        return sum(by_year.values()) if len(by_year) == 1 else None

    @property
    def period_grants(self) -> int | None:
        """The grants that cover the period, summed; None when the plan records none."""
        amounts = [g.amount for g in self.grants if g.granted and g.covers_period]
        return sum(amounts) if amounts else None


@dataclass(frozen=True)
class Failure:
    """A source that could not be read: reported, skipped, and the exit code says so.

    ``message`` is worded as the failure arose; ``worded`` holds the reason in each
    language of the command line (``failure``): the report's language is chosen only
    once every source is read, and a report in Nynorsk must not give a reason in Bokmål."""

    source: str
    message: str
    worded: Mapping[str, str] = field(default_factory=dict, compare=False)

    def message_in(self, language: str) -> str:
        """The reason in ``language`` (``nn``, ``nb`` or ``en``)."""
        return self.worded.get(language, self.message)

    def to_json(self, language: str | None = None) -> dict[str, Any]:
        message = self.message if language is None else self.message_in(language)
        return {"source": self.source, "message": message}


def failure(source: str, error: UserError, again: Callable[[], object]) -> Failure:
    """``error``, which made ``source`` be skipped, with its reason in each language: a typed
    error worded from its data, any other by running ``again`` (the step that raised it,
    which words its message as it raises it) once more speaking each language."""
    from bygdevekst_cli.language import CLI_LANGUAGES, words

    worded: dict[str, str] = {}
    for language in CLI_LANGUAGES:
        if error.key is not None:
            worded[language] = error.message(words(language))
            continue
        with speaking(language):
            try:
                again()
            except UserError as raised:
                worded[language] = str(raised)
    return Failure(without_password(source), str(error), worded)


@contextlib.contextmanager
def speaking(language: str) -> Iterator[None]:
    """Every message worded inside is in ``language``: for a while the command line's
    language is chosen (``BYGDEVEKST_LANGUAGE``, which the configuration sets too, and which
    comes before the written standard of the pilot being read)."""
    from bygdevekst_cli.language import LANGUAGE_VARIABLE

    saved = os.environ.get(LANGUAGE_VARIABLE)
    os.environ[LANGUAGE_VARIABLE] = language
    try:
        yield
    finally:
        if saved is None:
            del os.environ[LANGUAGE_VARIABLE]
        else:
            os.environ[LANGUAGE_VARIABLE] = saved


@dataclass(frozen=True)
class Overview:
    pilots: tuple[PilotSummary, ...]
    failures: tuple[Failure, ...] = ()
    at: dt.date | None = None

    @property
    def ok(self) -> bool:
        return not self.failures

    def totals(self) -> dict[str, Any]:
        """Sums across pilots. Budgets are summed per budget year (pilots' latest plans may
        be for different years): ``budget`` those of plans every party has adopted, what is
        decided; ``budget_not_adopted`` (a draft, or a plan awaiting decisions) and
        ``budget_rejected`` apart, never added to it. One-year grants per year, whole-period
        grants apart."""
        measures = {status: sum(p.measures[status] for p in self.pilots) for status in STATUSES}
        one_year: Counter[int] = Counter()
        for pilot in self.pilots:
            one_year.update(pilot.one_year_by_year)
        return {
            "pilots": len(self.pilots),
            # a municipality named in two pilots is one: by its number, else its name
            "municipalities": len(
                {m.number or m.name for p in self.pilots for m in p.municipalities}
            ),
            "measures": measures,
            **{
                kind: budget_totals(p for p in self.pilots if p.budget_kind == kind)
                for kind in BUDGET_KINDS
            },
            "budget_by_plan_year": plan_year_totals(self.pilots),
            "grants": {
                "one_year": {str(year): one_year[year] for year in sorted(one_year)},
                "covers_period": _sum_known(p.period_grants for p in self.pilots),
            },
            "grants_left_out": self._grants_left_out(sorted(one_year)),
            "findings": {
                "errors": sum(p.errors for p in self.pilots),
                "warnings": sum(p.warnings for p in self.pilots),
            },
            "failed_sources": len(self.failures),
        }

    def _grants_left_out(self, years: list[int]) -> dict[str, Any]:
        """The pilots each grant total leaves out as they record no such grant: unknown,
        never 0. ``one_year``: per year summed, those without a one-year grant for it;
        ``covers_period``: those without a grant for the whole period (pilots without a
        plan among them), empty when no pilot has one (there is no sum to leave them out
        of)."""
        without_period = [p.id for p in self.pilots if p.period_grants is None]
        return {
            "one_year": {
                str(year): [p.id for p in self.pilots if year not in p.one_year_by_year]
                for year in years
            },
            "covers_period": without_period if len(without_period) < len(self.pilots) else [],
        }

    def to_json(self, language: str | None = None) -> dict[str, Any]:
        """The contract; ``language``: the one the failures' reasons are given in (the
        report's), else as they arose."""
        return {
            "at": _iso(self.at),
            "pilots": [p.to_json() for p in self.pilots],
            "totals": self.totals(),
            "failures": [f.to_json(language) for f in self.failures],
        }

    @property
    def languages(self) -> set[str]:
        return {p.language for p in self.pilots}


NOT_ADOPTED = frozenset({"partly_adopted", "awaiting", "draft"})
"""Plan statuses whose budget is not yet decided (a rejected plan's is apart again)."""

BUDGET_KINDS = {
    "budget": frozenset({"adopted"}),
    "budget_not_adopted": NOT_ADOPTED,
    "budget_rejected": frozenset({"rejected"}),
}
"""The totals' budgets, each apart, and the latest plans' statuses summed in each: what
every party has adopted, what is not decided yet, and what was rejected."""


def budget_totals(pilots: Iterable[PilotSummary]) -> dict[str, dict[str, Any]]:
    """The pilots' budgets summed per budget year (``"2026"``: ``by_source``, ``total``
    (None when no amount is known), ``unknown``, ``pilots``), in year order."""
    by_year: dict[int, list[Budget]] = {}
    for pilot in pilots:
        if pilot.budget.year is not None:
            by_year.setdefault(pilot.budget.year, []).append(pilot.budget)
    return {
        str(year): {**summed(by_year[year]), "pilots": len(by_year[year])}
        for year in sorted(by_year)
    }


def summed(budgets: Sequence[Budget]) -> dict[str, Any]:
    """Budgets added up: ``by_source`` in the sources' order, ``total`` of the known
    amounts (None when none is known: never 0 for nothing known) and ``unknown``."""
    by_source: dict[str, int] = {}
    for budget in budgets:
        for source, amount in budget.by_source.items():
            by_source[source] = by_source.get(source, 0) + amount
    return {
        "by_source": in_source_order(by_source),
        "total": _sum_known(budget.total for budget in budgets),
        "unknown": sum(budget.unknown for budget in budgets),
    }


def _sum_known(amounts: Iterable[int | None]) -> int | None:
    """The known amounts added up; None when none is known (never 0 for nothing known)."""
    known = [amount for amount in amounts if amount is not None]
    return sum(known) if known else None


def plan_year_totals(pilots: Sequence[PilotSummary]) -> dict[str, dict[str, Any]]:
    """The adopted budgets of every plan year any pilot has a plan for, each pilot's plan
    for that year (not only the latest plans, as ``budget`` is): what the ministry
    compares year by year. Beside the sums, which pilots they are of (``adopted``), whose
    plan for the year is not adopted (``not_adopted``: id → its status, left out of the
    sum) and who has no plan for the year (``without_plan``: unknown, never counted as 0),
    so that a year's figure always says what it leaves out. Pilots are named by id in id
    order: the totals are the same whatever order the sources were named in."""
    pilots = sorted(pilots, key=lambda pilot: pilot.id)  # whatever order they were named in
    years = sorted({year for pilot in pilots for year in pilot.plans})
    totals: dict[str, dict[str, Any]] = {}
    for year in years:
        having = [p for p in pilots if year in p.plans]
        adopted = [p for p in having if p.plans[year].status == "adopted"]
        totals[str(year)] = {
            **summed([p.plans[year].budget for p in adopted]),
            "adopted": [p.id for p in adopted],
            "not_adopted": {
                p.id: p.plans[year].status for p in having if p.plans[year].status != "adopted"
            },
            "without_plan": [p.id for p in pilots if year not in p.plans],
        }
    return totals


def _w(key: str, **slots: Any) -> str:
    """A command-line message in the user's language."""
    from bygdevekst_cli.language import cli_words

    return cli_words()(key, **slots)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


# ---------------------------------------------------------------------- the figures


def _optional(model: object, name: str) -> Any:
    """A field the model may not have yet (schema version 2: ``funder``, …): None if absent."""
    return getattr(model, name, None)


def active_in(measure: Measure, year: int) -> bool:
    """Whether a measure is meant to run in ``year``, as far as its period says."""
    starts = measure.start_year is None or measure.start_year <= year
    ends = measure.end_year is None or measure.end_year >= year
    return starts and ends


def count_measures(plan: ActionPlan | None) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for measure in plan.measures if plan is not None else ():
        status = str(getattr(measure.status, "value", measure.status))
        if status in counts:
            counts[status] += 1
    return counts


def plan_budget(plan: ActionPlan | None, year: int | None) -> Budget:
    """Known amounts by source for ``year``; unknown: measures with none for the year, or
    with a source whose amount is not known (``own_funds: null``: its known amounts are
    summed, but the sum is not the whole)."""
    if plan is None or year is None:
        return Budget(year, {}, 0)
    by_source: dict[str, int] = {}
    unknown = 0
    for measure in plan.measures:
        if not measure.is_adopted:  # a proposed theme's figures are not yet a budget
            continue
        entry = measure.budget.get(year)
        amounts = list(entry.amounts()) if entry is not None else []
        # none given, or a source named without an amount: the sum is not the whole
        not_whole = not amounts or (entry is not None and bool(entry.unknown_sources()))
        if not_whole and active_in(measure, year) and count_status(measure) != "closed":
            unknown += 1
        for source, amount in amounts:
            by_source[source.value] = by_source.get(source.value, 0) + amount
    return Budget(year, in_source_order(by_source), unknown)


def in_source_order(by_source: dict[str, int]) -> dict[str, int]:
    """Sums by funding source in the sources' own order, whatever order they were added
    in: the totals' keys must not change with the order the sources were named in."""
    return {s.value: by_source[s.value] for s in FundingSource if s.value in by_source}


def plan_rejected_by(plan: ActionPlan | None) -> tuple[str, ...]:
    """The parties whose last decided treatment of ``plan`` rejected it, in schedule order
    (``party_standings``): a rejection later overturned is no rejection."""
    if plan is None:
        return ()
    return tuple(party for party, s in party_standings(plan).items() if s == "rejected")


PENDING = "pending"
"""A party's standing while a treatment of the plan is still to be held."""

NOTED = "noted"
"""A party's standing when it took the plan for information (orienteringssak): not an
adoption (``adoptions.decision_of``: undecided), but no decision is to come either."""

_RECOMMENDING = frozenset({Body.FORMANNSKAP, Body.FYLKESUTVAL})
"""Bodies that recommend (innstilling) what the council or the county council decides."""

_NOT_YET = dt.date.max.toordinal() + 1
"""The place in time of a treatment still to be held without a date: after every dated one."""


def party_standings(plan: ActionPlan) -> dict[str, str]:
    """Each party the schedule names, in schedule order, with where it stands on the plan.

    A party that treats the plan twice (the executive committee, then the council) stands
    by its last treatment held (``adoptions.treatment_decision``: ``adopted``, ``rejected``
    or ``undecided``; ``noted`` for a notice), by date, then by place in the schedule (one
    held without a date counts before the dated ones). It is ``pending`` while a treatment
    still to be held comes after that one (undated: still to come), or when it has held
    none; a meeting of a recommending body left open after the council itself decided is
    no such wait, and a rejection stands until a later decision overturns it."""
    last: dict[str, tuple[tuple[int, int], str, Body]] = {}
    for place, treatment in enumerate(plan.schedule):
        decision = treatment_decision(treatment)
        if decision is not None:
            decision = NOTED if treatment.outcome is Outcome.NOTED else decision
            when = (treatment.date.toordinal() if treatment.date else 0, place)
            if treatment.party not in last or when >= last[treatment.party][0]:
                last[treatment.party] = (when, decision, treatment.body)
    standings = {t.party: last[t.party][1] if t.party in last else PENDING for t in plan.schedule}
    for place, treatment in enumerate(plan.schedule):
        held = last.get(treatment.party)
        if held is None or held[1] == "rejected" or treatment_decision(treatment) is not None:
            continue
        if treatment.body in _RECOMMENDING and held[2] not in _RECOMMENDING:
            continue
        when = (treatment.date.toordinal() if treatment.date else _NOT_YET, place)
        if when > held[0]:
            standings[treatment.party] = PENDING
    return standings


PLAN_STATUSES = ("adopted", "partly_adopted", "awaiting", "draft", "rejected")
"""Where a plan stands (``PlanAdoption.status``); only an ``adopted`` plan's budget is in
the totals' ``budget``."""


@dataclass(frozen=True)
class PlanAdoption:
    """Where the latest plan stands with the parties that are to adopt it."""

    adopted_by: tuple[str, ...] = ()
    awaiting: tuple[str, ...] = ()
    """Parties still to decide: a treatment not yet held (or postponed, or only noted), or
    a municipality taking part in the plan year that the schedule leaves out."""
    rejected_by: tuple[str, ...] = ()
    scheduled: bool = False
    """The plan's schedule names any treatment at all (without one it is a draft)."""

    @property
    def status(self) -> str:
        """One of ``PLAN_STATUSES``: a rejection first, then a plan sent to no one (a
        draft), one no one has adopted yet, one some have adopted, one every party that
        is to decide has adopted."""
        if self.rejected_by:
            return "rejected"
        if not self.scheduled:
            return "draft"
        if not self.adopted_by:
            return "awaiting"
        return "partly_adopted" if self.awaiting else "adopted"


def plan_adoption(plan: ActionPlan, members: Sequence[str] = ()) -> PlanAdoption:
    """Who adopted ``plan``, who rejected it and who is still to decide; ``members``: the
    main municipalities taking part in the plan year, each of which is to adopt it
    (BV209), whether the schedule names it or not. A member that only took the plan for
    information has not adopted it; another party (a county that takes it «til
    orientering») has treated it as it was to."""
    standings = party_standings(plan)
    left_out = [m for m in members if m not in standings]

    def having(*standing: str) -> tuple[str, ...]:
        return tuple(party for party, s in standings.items() if s in standing)

    noted = tuple(party for party in having(NOTED) if party in members)
    return PlanAdoption(
        adopted_by=having("adopted"),
        awaiting=(*having(PENDING, "undecided"), *noted, *left_out),
        rejected_by=having("rejected"),
        scheduled=bool(plan.schedule),
    )


def count_status(measure: Measure) -> str:
    return str(getattr(measure.status, "value", measure.status))


def grant_lines(plan: ActionPlan | None) -> tuple[GrantLine, ...]:
    if plan is None:
        return ()
    return tuple(
        GrantLine(
            source=str(getattr(grant.source, "value", grant.source)),
            funder=_optional(grant, "funder"),
            year=grant.year,
            amount=grant.amount,
            covers_period=grant.covers_period,
            status="granted" if grant.is_granted else str(grant.status),
        )
        for grant in plan.funding.grants
    )


def summarise(
    files: PilotFiles, location: str, commit: str | None, uncommitted: bool = False
) -> PilotSummary:
    """One pilot's figures from its files (``pilot.yaml`` must have been read)."""
    from bygdevekst_cli.validate import validate_pilot

    if files.pilot is None:
        raise UserError(_unreadable(files))
    broken = _unreadable_plan(files)
    if broken is not None:
        raise UserError(_where(broken))
    pilot = files.pilot.model
    report = validate_pilot(files)
    latest = max(files.plans) if files.plans else None
    misnamed = _misnamed_plan(report.findings, files, latest)
    if misnamed is not None:
        raise UserError(_where(misnamed))
    plan = files.plans[latest].model if latest is not None else None
    period = pilot.agreement.period
    return PilotSummary(
        id=pilot.id,
        name=pilot.name,
        language=pilot.language.value,
        cohort=pilot.cohort,
        county=pilot.county,
        state=pilot.agreement.state.value,
        period_start=period.start,
        period_end=period.end,
        municipalities=tuple(
            Municipality(m.id, m.name, m.municipality_number) for m in pilot.municipalities
        ),
        latest_plan=latest,
        measures=count_measures(plan),
        budget=plan_budget(plan, latest),
        grants=grant_lines(plan),
        errors=report.errors,
        warnings=report.warnings,
        location=location,
        commit=commit,
        files=files,
        uncommitted=uncommitted,
        adoption=plan_adoption(plan, _members(pilot, latest)) if plan is not None else None,
        plans={
            year: plan_year(pilot, year, files.plans[year].model)
            for year in sorted(files.plans)
            if _misnamed_plan(report.findings, files, year) is None
        },
    )


def plan_year(pilot: Pilot, year: int, plan: ActionPlan) -> PlanYear:
    """The plan for ``year``: its budget for the year, and where it stands."""
    return PlanYear(plan_budget(plan, year), plan_adoption(plan, _members(pilot, year)).status)


def _members(pilot: Pilot, year: int | None) -> list[str]:
    """The main municipalities taking part in ``year``: each is to adopt its plan."""
    if year is None:
        return []
    return [
        party.id
        for party in pilot.members_in(year)
        if party.role is PartyRole.MAIN  # a partner municipality adopts nothing
    ]


def _unreadable(files: PilotFiles) -> str:
    """One line for a pilot without a readable pilot.yaml, naming the file and line."""
    errors = [f for f in files.findings if f.severity is Severity.ERROR]
    if errors:
        return _where(errors[0])
    return _w("cli.overview.no_pilot_file", file=f"{files.display}/{PILOT_FILE}")


def _unreadable_plan(files: PilotFiles) -> Finding | None:
    """The first error that kept a plan file out of ``files.plans``: without that plan the
    overview would show an older plan (or none) as the latest, and its figures as current."""
    read = {document.display for document in files.plans.values()}
    for finding in files.findings:
        if finding.severity is Severity.ERROR and finding.file not in read:
            name = PurePosixPath(finding.file)
            if name.parent.name == PLANS_DIR and file_kind(PLANS_DIR / PurePosixPath(name.name)):
                return finding
    return None


MISNAMED_PLAN = "BV212"
"""The rule that a plan's ``year`` is its file's name."""


def _misnamed_plan(
    findings: Sequence[Finding], files: PilotFiles, year: int | None
) -> Finding | None:
    """BV212's finding on the plan of ``year``: a file named for one year that holds another
    year's plan (last year's copied and not yet changed) leaves the overview no way to tell
    which year's plan it is, nor which budget year its figures are for; the figures would
    be shown as the latest plan's, or summed as that year's (an older plan's: the year's
    sum leaves it out, and names the pilot among those without a plan for it)."""
    if year is None:
        return None
    shown = files.plans[year].display
    return next((f for f in findings if f.code == MISNAMED_PLAN and f.file == shown), None)


def _where(finding: Finding) -> str:
    """A finding as one line that names its file and line."""
    where = f"{finding.file}:{finding.line}" if finding.line else finding.file
    return f"{where}: {finding.message}"


# ------------------------------------------------------------------------- sources


@dataclass(frozen=True)
class PilotRef:
    """One pilot found in a source: how to read it, and where it came from."""

    folder: Path
    display: str
    location: str
    commit: str | None
    file_source: FileSource | None = None
    """None: the working tree at ``folder``."""
    uncommitted: bool = False
    """The working tree at ``folder`` has changes ``commit`` does not have."""


def split_ref(source: str) -> tuple[str, str | None]:
    """``repo@ref`` → ``(repo, ref)``; the ``user@`` of a URL is no ref, whether scp-like
    (``git@host:path``) or before the host (``ssh://git@host/path``)."""
    head, sep, tail = source.rpartition("@")
    if not sep or not head or not tail or ":" in tail:
        return source, None
    scheme = head.find("://")
    if scheme != -1 and "/" not in head[scheme + 3 :]:
        return source, None  # the @ is inside the URL's host part
    return head, tail


def is_url(location: str) -> bool:
    return bool(_URL.match(location))


CloneFailure = subprocess.CalledProcessError | subprocess.TimeoutExpired
"""Why ``git clone`` of a source's URL failed (worded each time it is asked)."""


class SourceReader:
    """Finds the pilots of each source; owns the temporary bare clones of URLs."""

    def __init__(
        self, cwd: Path, at: dt.date | None = None, stack: contextlib.ExitStack | None = None
    ) -> None:
        self.cwd = cwd
        self.at = at
        self._stack = stack or contextlib.ExitStack()
        self._clones: dict[str, Path | CloneFailure] = {}
        """Each URL's bare clone, or why it could not be cloned."""

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> SourceReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- finding pilots

    def pilots(self, source: str) -> list[PilotRef]:
        # a folder that is there is read as it is named, even with an @ in its path
        location, ref = (source, None) if self._local(source).exists() else split_ref(source)
        if is_url(location):
            repo = self._clone(location)
            shown = without_password(location)
            return self._from_git(repo, "", shown, ref, place=shown)
        path = self._local(location)
        if not path.exists():
            raise UsageError(_w("cli.overview.no_path", path=location))
        if not path.is_dir():
            raise UserError(_w("cli.overview.not_a_folder", path=location))
        if ref is None and self.at is None and not is_bare_repository(path):
            return self._from_folder(path.resolve(), location)
        from bygdevekst_cli.gitsource import open_repository, tree_folder

        repo = open_repository(path, need_head=False)  # a named ref needs no HEAD
        return self._from_git(repo, tree_folder(repo, path), location, ref)

    def _local(self, location: str) -> Path:
        path = Path(location)
        return path if path.is_absolute() else self.cwd / path

    def _from_folder(self, path: Path, location: str) -> list[PilotRef]:
        from bygdevekst_cli.render.provenance import git_state

        commit, dirty = git_state(path)
        folders = _pilot_folders(path)
        if not folders:
            raise UserError(_w("cli.overview.no_pilots", source=location))
        refs = []
        for folder in folders:
            display = _display(folder, self.cwd)
            # one git status for a clean source; one per pilot only when it has changes
            changed = dirty and (len(folders) == 1 or git_state(folder)[1])
            refs.append(PilotRef(folder, display, display, commit, uncommitted=changed))
        return refs

    def _from_git(
        self,
        repo: git.Repo,
        inside: str,
        location: str,
        ref: str | None,
        place: str | None = None,
    ) -> list[PilotRef]:
        """The pilots of ``repo`` at ``ref`` (None: ``HEAD``; ``place``: the repository as
        the user named it, for a URL cloned into a temporary folder). Each is said to be
        read from ``location@ref`` when a ref is named: what was read, not only where."""
        from bygdevekst_cli.gitsource import GitTreeSource, resolve_commit

        revision = ref or "HEAD"
        if revision == "HEAD":
            _require_head(repo, place or location)
        commit = resolve_commit(repo, revision, place)
        read_as = f"{location}@{ref}" if ref else location
        if self.at is not None:  # in the history of what was named
            commit = self._commit_at(repo, commit.hexsha, read_as)
        tree = commit.tree
        folders = _tree_pilot_folders(tree, inside)
        if not folders:
            raise UserError(_w("cli.overview.no_pilots", source=f"{location}@{revision}"))
        root = Path(repo.working_tree_dir or repo.git_dir)
        refs = []
        for folder in folders:
            at = f"{location}@{commit.hexsha[:12]}"
            source: FileSource = GitTreeSource(commit, folder, hidden=bool(folder))
            display = f"{at}:{folder}" if folder else at
            refs.append(PilotRef(root / folder, display, read_as, commit.hexsha, source))
        return refs

    def _commit_at(self, repo: git.Repo, tip: str, location: str) -> git.Commit:
        from bygdevekst_cli.gitrun import run_git
        from bygdevekst_cli.gitsource import UNSHALLOW, ShallowHistory, is_shallow

        assert self.at is not None
        found = ""
        if self.at.year >= 1970:  # no commit is older: git cannot record one
            before = f"--before=@{end_of_day(self.at)} +0000"
            # the branch's own line: a pull request's commit made that day but merged
            # later was not yet on it (each merge is dated when it was made)
            found = run_git(repo, "rev_list", "-1", "--first-parent", before, tip).strip()
        if not found and is_shallow(repo):  # the commit may be there, but not fetched
            raise ShallowHistory(fetch=UNSHALLOW)
        if not found:
            raise UserError(_w("cli.overview.no_commit_at", source=location, date=self.at))
        return repo.commit(found)

    def _clone(self, url: str) -> git.Repo:
        from bygdevekst_cli.gitrun import NoGit, explain_git, quiet, require_gitpython

        require_gitpython()
        import git

        if url not in self._clones:
            target = Path(self._stack.enter_context(tempfile.TemporaryDirectory()))
            try:
                _run_clone(url, target / "repo.git")
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
                self._clones[url] = exc  # asked again (a reason worded anew), not cloned again
            except OSError:  # GitPython was told not to mind a missing git
                raise NoGit(program=git_executable()) from None
            else:
                self._clones[url] = target / "repo.git"
        cloned = self._clones[url]
        if not isinstance(cloned, Path):
            shown = without_password(url)
            if isinstance(cloned, subprocess.TimeoutExpired):
                detail = _w("cli.msg.git.problem.timeout", seconds=cloned.timeout)
            else:
                detail = explain_git(cloned.stderr, shown, cloned.returncode)
            raise UserError(_w("cli.overview.clone_failed", url=shown, detail=detail))
        return quiet(git.Repo(cloned))


def _run_clone(url: str, target: Path) -> None:
    """``git clone --bare url target``, which asks no one for anything: a server that wants
    credentials the machine lacks fails at once (``gitprogram``'s ``NO_PROMPTS``, ssh in
    batch mode), where a prompt would hang CI, which has no terminal to answer it."""
    from bygdevekst_cli.gitprogram import batch_ssh, configured_ssh, git_environment

    # the user's own ssh command, which batch mode extends, as the clone reads it: outside
    # any repository (not one the command was run in)
    configured = configured_ssh(target.parent)
    subprocess.run(
        [git_executable(), "clone", "--bare", "--quiet", url, str(target)],
        check=True,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        errors="replace",
        env={**git_environment(), **batch_ssh(configured)},
        timeout=CLONE_SECONDS,
    )


def _require_head(repo: git.Repo, location: str) -> None:
    """A repository read at ``HEAD`` whose ``HEAD`` names no commit: a server's bare copy
    whose default branch (``main``) was never pushed, while the work is on another
    branch. «No commits yet» would be wrong; the message names its branches to read."""
    try:
        valid = repo.head.is_valid()
    except ValueError:  # a ref GitPython cannot parse: resolving it says why
        return
    if valid:
        return
    branches = sorted(head.name for head in repo.heads)
    if not branches:
        raise UserError(_w("cli.msg.git.no_commits", folder=location))
    raise UserError(
        _w(
            "cli.overview.head_unborn",
            source=location,
            branch="HEAD" if repo.head.is_detached else repo.head.reference.name,
            branches=", ".join(branches),
            example=f"{location}@{branches[0]}",
        )
    )


def is_bare_repository(path: Path) -> bool:
    """Whether ``path`` is a bare repository (``git clone --bare``, a server's copy): it has
    no working tree to read, so its pilots are read from git at ``HEAD``, as ``PATH@HEAD``
    would read them (read as a folder, it holds no pilot folder at all)."""
    return (
        (path / "HEAD").is_file()
        and (path / "objects").is_dir()
        and (path / "refs").is_dir()
        and not (path / ".git").exists()
    )


def end_of_day(day: dt.date) -> int:
    """The last second of ``day`` in Norway's time (as ``history --since`` counts days,
    whatever the machine's zone), as seconds since 1970 for git's ``--before=@<seconds>
    +0000``: git reads a date it is given as text only for the years 1970 to 2099, and
    takes any other for some other day."""
    from bygdevekst_cli.norwegian_time import start_of_day

    return int(start_of_day(day + dt.timedelta(days=1)).timestamp()) - 1


def _pilot_folders(path: Path) -> list[Path]:
    """The pilot folders of a source: the folder itself, its ``pilots/`` or the folders in
    it. A ``pilots/`` holding a pilot's files itself is read as that pilot, as ``validate``
    reads it (whose BV214 says to move them into ``pilots/<id>/``)."""
    if holds_pilot_file(path):
        return [path]
    base = path / PILOTS_DIR if (path / PILOTS_DIR).is_dir() else path
    return [base] if holds_pilot_file(base) else pilot_folders(base)


def _tree_pilot_folders(tree: Any, inside: str) -> list[str]:
    """Pilot folders in a git tree below ``inside`` (the folder itself, its ``pilots/``,
    or its direct children with a pilot.yaml), as ``_pilot_folders`` finds them."""

    def has(path: str) -> bool:
        try:
            tree / path
        except KeyError:
            return False
        return True

    prefix = f"{inside}/" if inside else ""
    if has(f"{prefix}{PILOT_FILE}"):
        return [inside]  # the folder is a pilot; "" when the repository's root is one
    base = f"{prefix}{PILOTS_DIR}" if has(f"{prefix}{PILOTS_DIR}") else inside
    if base != inside and has(f"{base}/{PILOT_FILE}"):
        return [base]  # a pilot's files straight in pilots/
    try:
        node = tree / base if base else tree
    except KeyError:
        return []
    # a repository of its own (pilots/, or a pilot in it): the tree has only its commit
    inner = [node] if node.type == "submodule" else [i for i in node if i.type == "submodule"]
    if inner:
        raise UserError(_w("cli.overview.pilots_submodule", folder=inner[0].path))
    found = []
    for item in node.trees:
        if has(f"{item.path}/{PILOT_FILE}"):
            found.append(str(item.path))
    return sorted(found)


def _display(path: Path, cwd: Path) -> str:
    try:
        return path.relative_to(cwd.resolve()).as_posix() or "."
    except ValueError:
        return path.as_posix()


# ------------------------------------------------------------------------ the whole


Progress = Callable[[str], None]
"""Called with each source's name as reading it starts (a progress display)."""


def read_sources(
    sources: Sequence[str],
    *,
    cwd: Path | None = None,
    at: dt.date | None = None,
    today: dt.date | None = None,
    reader: SourceReader | None = None,
) -> Iterator[tuple[str, list[tuple[PilotRef, PilotFiles]] | Failure]]:
    """Each source with its pilots read, or the failure that made it skip."""
    cwd = cwd or Path.cwd()
    own = reader is None
    reader = reader or SourceReader(cwd, at)
    try:
        for source in sources or [_default_source(cwd)]:

            def read(named: str = source) -> list[tuple[PilotRef, PilotFiles]]:
                return [
                    (ref, read_pilot(ref.folder, ref.display, today or at, source=ref.file_source))
                    for ref in reader.pilots(named)
                ]

            try:
                found = read()
            except UserError as error:
                yield source, failure(source, error, read)
                continue
            yield source, found
    finally:
        if own:
            reader.close()


def _default_source(cwd: Path) -> str:
    """The repository's ``pilots/``, named as typed from ``cwd`` (``pilots``, ``../pilots``)
    in the lines about a source that could not be read, not by its absolute path."""
    from bygdevekst_cli.validate import display_path, find_repository_pilots

    return display_path(find_repository_pilots(cwd).resolve(), cwd, relative=True)


def build_overview(
    sources: Sequence[str],
    *,
    cwd: Path | None = None,
    at: dt.date | None = None,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> Overview:
    """The overview of every pilot the sources name; a bad source is a ``Failure``.

    A pilot id is counted once: a second copy (the same repository named twice, or a fork
    beside its original) is a ``Failure`` naming where the first was read, as adding both
    would double its figures in the totals."""
    pilots: dict[str, PilotSummary] = {}
    failures: list[Failure] = []
    cwd = cwd or Path.cwd()
    from bygdevekst_cli.rules.adoption import repositories_shared

    # each repository opened once for every pilot's rules, and closed before a clone goes
    with SourceReader(cwd, at) as reader, repositories_shared():
        for source in sources or [_default_source(cwd)]:
            if progress is not None:
                progress(source)
            for _, result in read_sources([source], cwd=cwd, at=at, today=today, reader=reader):
                if isinstance(result, Failure):
                    failures.append(result)
                    continue
                for ref, files in result:
                    try:
                        summary = summarise(files, ref.location, ref.commit, ref.uncommitted)
                    except UserError as error:
                        again = functools.partial(_summarise_again, ref, today or at)
                        failures.append(failure(source, error, again))
                        continue
                    first = pilots.setdefault(summary.id, summary)
                    if first is not summary:
                        duplicate = Duplicate(
                            pilot=summary.id, first=_place(first), second=_place(summary)
                        )
                        failures.append(failure(source, duplicate, lambda: None))
    return Overview(tuple(pilots.values()), tuple(failures), at)


def _summarise_again(ref: PilotRef, today: dt.date | None) -> PilotSummary:
    """A pilot read and summed up once more (a failure's reason, worded anew)."""
    files = read_pilot(ref.folder, ref.display, today, source=ref.file_source)
    return summarise(files, ref.location, ref.commit, ref.uncommitted)


class Duplicate(UserError):
    """``Duplicate(pilot=..., first=..., second=...)``: a pilot id already read from another
    source, with where each copy says so (``_place``)."""

    key = "cli.overview.duplicate"


def _place(pilot: PilotSummary) -> str:
    """Where a pilot's id was read: its pilot.yaml and the line of ``id``, and the commit
    when it came from git (a source read from git objects names it in its path already:
    ``repo@<commit>:pilots/x/pilot.yaml:3``). Both copies are named so, as a folder alone
    did not say which file to open to tell them apart or to remove one."""
    document = pilot.files.pilot
    if document is None:  # a summary is made of a pilot.yaml; its folder otherwise
        shown = pilot.files.display
    else:
        line, _ = document.position(("id",))
        shown = f"{document.display}:{line}" if line is not None else document.display
    if pilot.commit and pilot.commit[:12] not in shown:
        shown += f" @ {pilot.commit[:12]}"
    return shown
