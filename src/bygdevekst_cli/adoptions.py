"""Which version of a pilot each council (and the county, and KDD) adopted.

Two sources, both shown on the commit they name: a treatment's ``adopted_revision`` in a
plan's ``schedule`` (a commit id or a tag), and annotated tags ``vedtak/<pilot>/…`` (the
convention is described in ci/README.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from bygdevekst_cli.language import words

if TYPE_CHECKING:
    from bygdevekst_cli.gitrun import GitPlace
    from bygdevekst_cli.models import Language
    from bygdevekst_cli.models.plan import Treatment
    from bygdevekst_cli.pilotset import PilotFiles

TAG_NAMESPACE = "vedtak"
"""Adoption tags are named ``vedtak/<pilot>/<year>/<party>-<body>``."""

NOT_ADOPTING = frozenset({"rejected", "postponed", "noted"})
"""Outcomes (``models.plan.Outcome``) of a treatment that did not adopt the plan: its
``adopted_revision`` names the version the council had before it, not one it adopted."""

DECIDED_AGAINST = frozenset({"rejected"})
"""Of those, the outcome that decided against the plan (the others left it undecided)."""


def decision_of(outcome: str | None) -> str:
    """What a recorded decision did to the plan: ``adopted``, ``rejected`` or ``undecided``
    (postponed, or taken for information). None is a decision recorded without an outcome
    (a ``vedtak/`` tag, an ``adopted_revision``): an adoption by the convention that names it.
    The history's marks and the overview's plan statuses both read decisions this way."""
    if outcome not in NOT_ADOPTING:
        return "adopted"
    return "rejected" if outcome in DECIDED_AGAINST else "undecided"


def treatment_decision(treatment: Treatment) -> str | None:
    """``decision_of`` a treatment of a plan's schedule; None for one not yet held (neither
    an outcome nor an ``adopted_revision`` recorded)."""
    if treatment.outcome is None and treatment.adopted_revision is None:
        return None
    return decision_of(treatment.outcome.value if treatment.outcome else None)


class Adoption(NamedTuple):
    """A council's (or the county's, or KDD's) adoption of the pilot as it was at a commit."""

    source: str
    """``data`` (a treatment's ``adopted_revision``) or ``tag`` (a ``vedtak/…`` tag)."""
    ref: str
    """The revision as written: the ``adopted_revision`` or the tag's name."""
    commit: str
    """The commit the revision names (the history shows it on the commit it belongs to)."""
    text: str
    tag: str | None = None
    party: str | None = None
    body: str | None = None
    date: str | None = None
    case_number: str | None = None
    outcome: str | None = None
    year: int | None = None

    @property
    def adopted(self) -> bool:
        """True unless the outcome says the plan was not adopted: a ``vedtak/`` tag, and a
        treatment recorded without an outcome, are adoptions by the convention that names
        them."""
        return self.outcome not in NOT_ADOPTING

    @property
    def decision(self) -> str:
        """``adopted``, ``rejected`` or ``undecided`` (postponed, or taken for information),
        for the mark the history shows."""
        return decision_of(self.outcome)

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "ref": self.ref,
            "commit": self.commit or None,  # None: the revision names no commit here
            "tag": self.tag,
            "party": self.party,
            "body": self.body,
            "date": self.date,
            "case_number": self.case_number,
            "outcome": self.outcome,
            "adopted": self.adopted,
            "decision": self.decision,
            "year": self.year,
            "text": self.text,
        }


def recorded_adoptions(files: PilotFiles, language: Language) -> list[Adoption]:
    """Every treatment in the plans that names the revision it adopted; the commit is
    found later (``data_adoptions``), as it depends on the repository, not the files."""
    names = {p.id: p.name for p in files.pilot.model.parties} if files.pilot else {}
    found = []
    for year, plan in files.plans.items():
        for treatment in plan.model.schedule:
            if treatment.adopted_revision is not None:
                text = adoption_text(treatment, names, year, language)
                found.append(_from_treatment(treatment, "", year, text))
    return found


def data_adoptions(repo: GitPlace, recorded: Iterable[Adoption]) -> list[Adoption]:
    """The recorded adoptions whose ``adopted_revision`` names a commit in the repository."""
    from bygdevekst_cli.gitsource import commits_named

    adoptions = list(recorded)
    commits = commits_named(repo, [a.ref for a in adoptions])
    return [
        adoption._replace(commit=commit)
        for adoption, commit in zip(adoptions, commits, strict=True)
        if commit is not None
    ]


def _from_treatment(treatment: Treatment, commit: str, year: int, text: str) -> Adoption:
    assert treatment.adopted_revision is not None
    return Adoption(
        "data",
        treatment.adopted_revision,
        commit,
        text,
        party=treatment.party,
        body=treatment.body.value,
        date=treatment.date.isoformat() if treatment.date else None,
        case_number=treatment.case_number,
        outcome=treatment.outcome.value if treatment.outcome else None,
        year=year,
    )


def adoption_text(
    treatment: Treatment, names: dict[str, str], year: int, language: Language
) -> str:
    """``Kommunestyret i Fyresdal kommune: vedteke 19. februar 2026, sak 26/11 (handlingsplan
    2026)``."""
    from bygdevekst_cli.formatting import long_date
    from bygdevekst_cli.models.plan import Body

    w = words(language.value)
    who = w(f"body.{treatment.body.value}")
    if treatment.body is not Body.KDD:
        party = names.get(treatment.party, treatment.party)
        who = w("diff.body_in_party", body=who.capitalize(), party=party)
    outcome = treatment.outcome.value if treatment.outcome else "none"
    text = f"{who}: {w(f'outcome.{outcome}')}"
    if treatment.date is not None:
        text += f" {long_date(treatment.date, language.value)}"
    if treatment.case_number:
        text += f", {w('diff.case_number')} {treatment.case_number}"
    return f"{text} ({w('diff.plan')} {year})"


def tag_adoptions(repo: GitPlace, pilot_ids: Iterable[str]) -> list[Adoption]:
    from bygdevekst_cli.gittags import tags_under

    found = []
    for pilot_id in dict.fromkeys(pilot_ids):
        for tag in tags_under(repo, f"{TAG_NAMESPACE}/{pilot_id}", of_no_commit=True):
            text = tag.message or tag.name
            date = tag.date or None
            found.append(Adoption("tag", tag.name, tag.commit, text, tag=tag.name, date=date))
    return found


def merge_adoptions(data: list[Adoption], tags: list[Adoption]) -> list[Adoption]:
    """A treatment whose ``adopted_revision`` is a ``vedtak/`` tag is one adoption, not two."""
    by_name = {t.ref: t for t in tags}
    merged = []
    for adoption in data:
        name = adoption.ref.removeprefix("refs/").removeprefix("tags/")
        tag = by_name.pop(name, None)
        merged.append(adoption._replace(tag=tag.ref) if tag else adoption)
    return merged + list(by_name.values())


def is_ancestor(repo: GitPlace, commit: str, tip: str) -> bool:
    """True when ``commit`` is in the history of ``tip`` (``git merge-base --is-ancestor``)."""
    from bygdevekst_cli.gitrun import Checkout

    if isinstance(repo, Checkout):
        return repo.call("merge_base", "--is-ancestor", commit, tip)[0] == 0
    status, _, _ = repo.git.merge_base(
        "--is-ancestor", commit, tip, with_extended_output=True, with_exceptions=False
    )
    return bool(status == 0)


def unreachable(repo: GitPlace, adoptions: Iterable[Adoption]) -> tuple[Adoption, ...]:
    """The adoptions whose commit is not in the history of HEAD (squashed or rewritten
    away, or on another branch): the history cannot show them on a commit, so it says so."""
    return tuple(a for a in adoptions if not is_ancestor(repo, a.commit, "HEAD"))


def attach_adoptions(
    repo: GitPlace, adoptions: list[Adoption], shown: set[str], folders: list[str]
) -> dict[str, list[Adoption]]:
    """Adoptions by the commit of the history they belong to.

    A tag on a later commit that did not touch the pilot adopts the pilot as it was at the
    newest commit before it that did.
    """
    from bygdevekst_cli.gitlog import last_commit_touching

    placed: dict[str, list[Adoption]] = {}
    for adoption in adoptions:
        commit: str | None = adoption.commit
        if commit not in shown:
            commit = last_commit_touching(repo, adoption.commit, folders)
        if commit in shown:
            assert commit is not None
            placed.setdefault(commit, []).append(adoption)
    return placed
