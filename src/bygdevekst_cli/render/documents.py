"""Which data each document needs, and one job per file to render.

A document that lacks data (a case document for a pilot without plans) is a ``UserError``
naming what is missing, never an empty document.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bygdevekst_cli.diff import Kind, diff_plans, diff_years, indicator_titles
from bygdevekst_cli.errors import UsageError, UserError
from bygdevekst_cli.findings import Severity
from bygdevekst_cli.in_force import InForce, agreement_in_force
from bygdevekst_cli.language import cli_words, words
from bygdevekst_cli.models import ActionPlan, Agreement, Pilot
from bygdevekst_cli.models.pilot import AgreementState, Party
from bygdevekst_cli.models.plan import FundingSource
from bygdevekst_cli.pilotset import PilotFiles
from bygdevekst_cli.render import ALL_MUNICIPALITIES, DOCUMENTS
from bygdevekst_cli.render import indicators as ind
from bygdevekst_cli.render import views as v
from bygdevekst_cli.render.assumed import Assumptions
from bygdevekst_cli.render.changes_text import (
    funding_changes,
    grant_owner,
    marker,
    without_reasons,
)
from bygdevekst_cli.render.economy import by_funder, economy, in_kind_sums
from bygdevekst_cli.render.markdown import lang_link


@dataclass(frozen=True)
class Request:
    document: str
    year: int | None = None
    municipality: str | None = None
    """A municipality's id, ``all``, or None (case documents only)."""
    reference_docx: Path | None = None
    """A Word template whose styles, page set-up, header and footer the DOCX takes; it
    wins over a municipality's own ``reference_docx``."""
    draft: bool = False
    """``render --draft``: a case document without an innstilling is rendered with the
    gap marked and the document marked as a draft, instead of refused."""


@dataclass(frozen=True)
class Source:
    """A pilot read without errors: what the documents are made from."""

    files: PilotFiles
    pilot: Pilot
    agreement: Agreement
    """Today's agreement (the agreement document's; a plan year's is ``in_force``)."""
    plans: dict[int, ActionPlan]

    @property
    def display(self) -> str:
        return self.files.display

    def in_force(self, year: int) -> InForce:
        """The agreement the plan of ``year`` is read against: as it was at the revision
        the plan was adopted at (``in_force``)."""
        return agreement_in_force(self.files, year) or InForce(self.agreement)

    def agreement_of(self, year: int) -> Agreement:
        """The sub-goals, weights and partners a document of ``year`` shows."""
        return self.in_force(year).agreement

    @property
    def language(self) -> str:
        return self.pilot.language.value


#: The case record's fields as custom properties, by their Noark 5 metadata names (the
#: standard's identifiers, which case systems map: M307 saksbehandler, M003 mappeID, …).
NOARK5_NAMES: dict[str, str] = {
    "officer": "saksbehandler",
    "archive_case": "mappeID",
    "archive_code": "klasseID",
    "access_code": "tilgangsrestriksjon",
    "legal_basis": "skjermingshjemmel",
    "document_date": "dokumentetsDato",
    "case_title": "tittel",
    "municipality": "administrativEnhet",
}
"""Utvalssaksnummer per body are added as ``utvalgssaksnummer.<body>`` (M021 per body)."""


@dataclass(frozen=True)
class DocumentMeta:
    """What a file's metadata says beyond its title: for a case document the title with
    the municipality, the author, the case record (Noark 5 custom properties)."""

    title: str | None = None
    author: str | None = None
    municipality: str | None = None
    """The municipality a case document is for (a keyword of its metadata)."""
    custom: dict[str, str] = field(default_factory=dict)
    """Custom property name → value (DOCX ``docProps/custom.xml``)."""
    reference_docx: Path | None = None
    draft: str | None = None
    """The document's own draft marking (``UTKAST``): an agreement not yet signed, a case
    document without an innstilling. Shown on every page and put in the metadata."""


@dataclass(frozen=True)
class Job:
    """One file to render: a template, what it shows, and the file's name."""

    document: str
    template: str
    context: dict[str, Any]
    stem: str
    year: int | None
    warnings: list[str] = field(default_factory=list)
    meta: DocumentMeta = field(default_factory=DocumentMeta)
    in_force: InForce | None = None
    """The agreement a plan year's document shows (None: the agreement itself, or a
    document that shows none): the footer says when it is not today's."""

    def agreement_line(self, today: Agreement) -> tuple[str, str] | None:
        """The footer's sentence on the agreement shown, and its revision: one read at the
        revision the plan was adopted at that differs from today's, or today's standing in
        for one that could not be read; None for today's agreement as it always was."""
        in_force = self.in_force
        if in_force is None or in_force.revision is None:
            return None
        if in_force.fallback is not None:
            return "doc.footer.agreement_today", in_force.revision
        if in_force.agreement == today:
            return None
        return "doc.footer.agreement_at", in_force.revision


def source_of(files: PilotFiles) -> Source:
    """The pilot's models, or a one-line error when its files do not pass the schema."""
    errors = [f for f in files.findings if f.severity is Severity.ERROR]
    if errors:
        first = errors[0]
        where = f"{first.file}:{first.line}" if first.line else first.file
        raise UserError(
            cli_words().plural(
                "doc.message.schema_errors",
                len(errors),
                pilot=files.display,
                where=where,
                first=first.message,
            )
        )
    if files.pilot is None or files.agreement is None:
        raise UserError(say("files_missing", pilot=files.display))
    plans = {year: doc.model for year, doc in files.plans.items()}
    return Source(files, files.pilot.model, files.agreement.model, plans)


def jobs(source: Source, request: Request) -> list[Job]:
    if request.document not in JOBS_BY_DOCUMENT:
        raise UsageError(
            say("unknown_document", document=request.document, choices=", ".join(DOCUMENTS))
        )
    if request.municipality is not None and request.document != "case":
        raise UsageError(say("municipality_only_for_case"))
    planned = _with_in_force(source, JOBS_BY_DOCUMENT[request.document](source, request))
    if request.reference_docx is not None:
        planned = [
            replace(job, meta=replace(job.meta, reference_docx=request.reference_docx))
            for job in planned
        ]
    return planned


IN_FORCE_DOCUMENTS = frozenset({"plan", "case", "changes", "status"})
"""The documents of a plan year that show the agreement's sub-goals, weights and partners."""


def _with_in_force(source: Source, planned: list[Job]) -> list[Job]:
    """Each plan year's job with the agreement it shows; a warning, on the first job of a
    year, when that is today's agreement standing in for the one the plan was adopted with."""
    told: set[int] = set()
    marked = []
    for job in planned:
        if job.document not in IN_FORCE_DOCUMENTS or job.year is None:
            marked.append(job)
            continue
        in_force = source.in_force(job.year)
        warnings = job.warnings
        if in_force.fallback is not None and job.year not in told:
            told.add(job.year)
            warnings = [*warnings, _fallback_warning(source, job.year, in_force)]
        marked.append(replace(job, in_force=in_force, warnings=warnings))
    return marked


def _fallback_warning(source: Source, year: int, in_force: InForce) -> str:
    plan = source.files.plans[year]
    slots = {"file": plan.display, "year": year, "revision": in_force.revision}
    return say(f"in_force_{in_force.fallback}", **slots)


# ------------------------------------------------------------------------ the documents


def _base(source: Source, year: int | None) -> dict[str, Any]:
    pilot = source.pilot
    return {
        "lang": source.language,
        "year": year,
        "pilot": pilot,
        "names": v.Names(pilot),
        "assumed": Assumptions(source.language),
        "lang_link": lang_link,
        "limited_to": functools.partial(v.limited_to, pilot=pilot, year=year),
        "municipalities": [
            m.name for m in (pilot.members_in(year) if year is not None else pilot.municipalities)
        ],
    }


def _job(source: Source, document: str, stem: str, year: int | None, **context: Any) -> Job:
    return Job(
        document=document,
        template=f"{document}/layout.md.j2",
        context=_base(source, year) | context,
        stem=stem,
        year=year,
    )


def agreement_jobs(source: Source, request: Request) -> list[Job]:
    pilot = source.pilot
    is_draft = pilot.agreement.state is AgreementState.DRAFT
    job = _job(
        source,
        "agreement",
        _stem(source, "agreement"),
        None,
        agreement=source.agreement,
        is_draft=is_draft,
        # from «adopted» on the parties have decided: a date the data lacks is unknown, and
        # said so; before, the column is the form's, left blank to be filled in on signing
        decided=pilot.agreement.state in (AgreementState.ADOPTED, AgreementState.SIGNED),
        main_parties=v.main_parties(pilot),
        partners=v.Names(pilot).list(v.agreement_partners(source.agreement)),
        any_weight=any(g.weight is not None for g in source.agreement.sub_goals),
        indicators=ind.agreement_indicators(source.agreement),
        point=lambda p: ind.cell(ind.point_text(p, words(source.language), source.language)),
    )
    if is_draft:  # «UTKAST» on every page and in the metadata, not only in the title
        job = replace(job, meta=replace(job.meta, draft=words(source.language)("doc.draft.mark")))
    return [job]


def plan_jobs(source: Source, request: Request) -> list[Job]:
    year = _plan_year(source, request, "plan")
    plan, agreement = source.plans[year], source.agreement_of(year)
    previous = max((y for y in source.plans if y < year), default=None)
    new = (
        {d.id for d in diff_plans(source.plans[previous], plan) if d.kind is Kind.NEW}
        if previous is not None
        else set()
    )
    return [
        _job(
            source,
            "plan",
            _stem(source, "plan"),
            year,
            goals=v.measures_by_goal(agreement, plan, plan.measures),
            period_budget=v.period_budget(
                agreement,
                plan,
                words(source.language)("doc.measures2.shared"),
                source.plans,
            ),
            year_budget=v.year_budget(plan, year),
            tables=v.plan_tables(agreement, plan, year, source.plans),
            unbudgeted=v.unbudgeted(plan, year),
            sources=list(FundingSource),
            links=list(plan.links),
            measure_labels={m.id: v.named(m) for m in plan.measures},
            by_funder=by_funder(
                [m for m in plan.measures if year in m.budget and m.is_adopted], year
            ),
            in_kind=in_kind_sums([m for m in plan.measures if m.is_adopted], year),
            funding=v.funding_view(source.plans, year),
            contributors=list(plan.contributors),
            previous=previous,
            new_measures=[m for m in plan.measures if m.id in new],
        )
    ]


def changes_jobs(source: Source, request: Request) -> list[Job]:
    year = _plan_year(source, request, "changes")
    earlier = [y for y in source.plans if y < year]
    if not earlier:
        raise UserError(
            say("needs_earlier_plan", pilot=source.display, year=year, years=_years(source))
        )
    diff = diff_years(source.files, max(earlier), year)
    w = words(source.language)
    names = v.Names(source.pilot)
    plan = source.plans[year]
    assumed = Assumptions(source.language)
    funding = funding_changes(
        diff.funding, w, names, marks=lambda change: marker(assumed, grant_owner(plan, change))
    )
    labels = v.measure_labels(source.plans[max(earlier)], plan)
    view = v.changes_view(
        diff.measures,
        diff.sub_goal_titles,
        source.language,
        funding,
        names,
        labels,
        assumed=assumed,
        plan=plan,
        others=(diff.plan, diff.agreement),
        indicators=indicator_titles(*map(source.agreement_of, (max(earlier), year))).get,
    )
    stem = _stem(source, "changes")
    context = {"previous": max(earlier), "changes": view, "assumed": assumed}
    return [_job(source, "changes", stem, year, **context)]


def status_jobs(source: Source, request: Request) -> list[Job]:
    if request.year is None:
        reported = [y for y, plan in source.plans.items() if v.has_report(plan)]
        if not reported:
            if source.plans:
                message = say("needs_report_has", pilot=source.display, years=_years(source))
            else:
                message = say("needs_report", pilot=source.display)
            raise UserError(message)
        year = max(reported)
    else:
        year = _plan_year(source, request, "status")
        if not v.has_report(source.plans[year]):
            raise UserError(say("no_report", pilot=source.display, year=year))
    plan, agreement = source.plans[year], source.agreement_of(year)
    view = v.status_view(agreement, plan, prioritised_only=False)
    decided = v.decisions(source.pilot, source.plans, year)
    return [
        _job(
            source,
            "status",
            _stem(source, "status"),
            year,
            status=view,
            decided=decided,
            indicators=ind.year_indicators(agreement, plan, year),
            split_charts=functools.partial(ind.split_charts, year=year),
            point=lambda p: ind.cell(ind.point_text(p, words(source.language), source.language)),
            number=lambda value: ind.cell(ind.number(value, source.language)),
        )
    ]


def case_jobs(source: Source, request: Request) -> list[Job]:
    year = _plan_year(source, request, "case")
    chosen = _municipalities(source, request.municipality, year)
    if not source.plans[year].case.recommendation and not request.draft:
        raise UserError(cli_words()("doc.draft.refused", pilot=source.display, year=year))
    return [_case_job(source, year, m, draft=request.draft) for m in chosen]


def _case_job(source: Source, year: int, municipality: Party, *, draft: bool = False) -> Job:
    pilot, agreement, plan = source.pilot, source.agreement_of(year), source.plans[year]
    earlier = [y for y in source.plans if y < year]
    previous = source.plans[max(earlier)] if earlier else None
    diff = diff_plans(previous, plan)
    titles = {g.number: g.title for g in agreement.sub_goals}
    info = municipality.case_document
    warnings = []
    if info is None or info.chief_executive_name is None:
        warnings.append(say("no_chief_executive_name", municipality=municipality.name))
    period = pilot.agreement.period
    start = period.start or pilot.agreement.signed
    labels = v.measure_labels(previous, plan)
    assumed = Assumptions(source.language)  # the document's: the changes mark values too
    changes = v.changes_view(
        diff,
        titles,
        source.language,
        names=v.Names(pilot),
        labels=labels,
        assumed=assumed,
        plan=plan,
    )
    reasons = [
        (m.label or m.title, m.reason)
        for goal in changes.changed
        for m in goal.measures
        if m.reason
    ]
    job = _job(
        source,
        "case",
        f"{_stem(source, 'case')}-{municipality.id}",
        year,
        municipality=municipality,
        chief_executive_name=info.chief_executive_name if info else None,
        chief_executive_title=info.chief_executive_title if info else None,
        assessed_against=info.assessed_against if info else None,
        meetings=v.meetings_of(plan, municipality.id),
        decided=v.own_decisions(
            v.decisions(pilot, source.plans, year, since=max(earlier) if earlier else year),
            municipality.id,
        ),
        other_main_parties=v.other_main_parties(pilot),
        signed=pilot.agreement.signed,
        period_start=start.year if start else None,
        period_end=period.end.year if period.end is not None else None,
        period=period,
        sub_goals=agreement.sub_goals,
        phases=pilot.phases,
        national=v.national(),
        funding=v.funding_view(source.plans, year),
        organisation=pilot.organisation,
        case=plan.case,
        contributors=list(plan.contributors),
        schedule=v.schedule_view(pilot, plan),
        previous=(
            v.status_view(agreement, previous, prioritised_only=True)
            if previous is not None
            else None
        ),
        changes=changes,
        assumed=assumed,
        assessment=(
            without_reasons(plan.case.assessment, reasons, words(source.language))
            if plan.case.assessment
            else None
        ),
        local_assessment=plan.case.local_assessment.get(municipality.id),
        record=plan.case.records.get(municipality.id),
        economy=economy(source.plans, year, municipality.id),
    )
    meta = _case_meta(source, job, municipality, year)
    if not plan.case.recommendation:
        warnings.append(cli_words()("doc.draft.warning", municipality=municipality.name, year=year))
        meta = replace(meta, draft=words(source.language)("doc.draft.mark"))
    return replace(job, warnings=warnings, meta=meta)


def _case_meta(source: Source, job: Job, municipality: Party, year: int) -> DocumentMeta:
    """Title with the municipality's name, the saksbehandlar (else the municipality) as
    author, and the case record under Noark 5 names."""
    w = words(source.language)
    plan = source.plans[year]
    record = plan.case.records.get(municipality.id)
    info = municipality.case_document
    title = w("doc.case2.file_title", municipality=municipality.name, year=year)
    values: dict[str, object] = {"municipality": municipality.name, "case_title": title}
    if record is not None:
        values |= {
            "officer": record.officer,
            "archive_case": record.archive_case,
            "archive_code": record.archive_code,
            "access_code": record.access_code,
            "legal_basis": record.legal_basis,
            "document_date": record.date.isoformat() if record.date else None,
            "case_title": record.title or title,
        }
    custom = {NOARK5_NAMES[k]: str(v) for k, v in values.items() if v is not None}
    for meeting in job.context["meetings"]:
        if meeting.case_number:
            custom[f"utvalgssaksnummer.{meeting.body}"] = meeting.case_number
    reference = None
    if info is not None and info.reference_docx is not None:
        reference = source.files.folder / info.reference_docx
    return DocumentMeta(
        title=title,
        author=(record.officer if record and record.officer else municipality.name),
        municipality=municipality.name,
        custom=custom,
        reference_docx=reference,
    )


def _municipalities(source: Source, wanted: str | None, year: int) -> list[Party]:
    """The municipalities a case document is asked for; ``all`` means those that take part
    in ``year`` (issue 10: one that has left or not yet joined gets none)."""
    municipalities = source.pilot.municipalities
    ids = ", ".join(m.id for m in municipalities)
    if wanted is None:
        if len(municipalities) == 1:
            return municipalities
        raise UsageError(say("one_municipality", all=ALL_MUNICIPALITIES, ids=ids))
    if wanted == ALL_MUNICIPALITIES:
        return [m for m in municipalities if m.member_in(year)]
    found = [m for m in municipalities if m.id == wanted]
    if not found:
        from bygdevekst_cli.suggest import did_you_mean

        known = [m.id for m in municipalities]
        raise UsageError(
            say("no_such_municipality", municipality=wanted, pilot=source.pilot.id, ids=ids)
            + did_you_mean(wanted, known, cli_words())
        )
    if not found[0].member_in(year):  # its council adopts none of this year's plan
        members = ", ".join(m.id for m in source.pilot.members_in(year))
        raise UsageError(
            say("not_member", municipality=wanted, pilot=source.pilot.id, year=year, ids=members)
        )
    return found


def _plan_year(source: Source, request: Request, document: str) -> int:
    if not source.plans:
        if document == "plan":  # not «the action plan needs an action plan»
            raise UserError(say("no_plans", pilot=source.display))
        what = say(f"document.{document}")
        raise UserError(say("needs_plan", pilot=source.display, document=what))
    year = request.year if request.year is not None else max(source.plans)
    if year not in source.plans:
        raise UserError(
            say("no_plan_for_year", pilot=source.display, year=year, years=_years(source))
        )
    return year


def _years(source: Source) -> str:
    return ", ".join(str(y) for y in source.plans) or say("no_years")


def say(key: str, /, **slots: Any) -> str:
    """A message of the render command (``doc.message.<key>``) in the command line's
    language (``language.cli_words``: ``BYGDEVEKST_LANGUAGE``, the locale, else Bokmål)."""
    return cli_words()(f"doc.message.{key}", **slots)


def _stem(source: Source, document: str) -> str:
    """The file name (without extension) in the pilot's written standard."""
    return words(source.language)(f"doc.file.{document}")


JobBuilder = Callable[[Source, Request], list[Job]]

JOBS_BY_DOCUMENT: dict[str, JobBuilder] = {
    "agreement": agreement_jobs,
    "plan": plan_jobs,
    "case": case_jobs,
    "changes": changes_jobs,
    "status": status_jobs,
}
