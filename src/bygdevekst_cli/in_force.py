"""The agreement in force for a plan year: agreement.yaml as the councils had it.

An agreement changes over the years: sub-goal weights are revised, a sub-goal is added,
partners change. A plan is read against the agreement it was adopted with, not today's:
when a treatment of its ``schedule`` adopted it at an ``adopted_revision`` (the newest such
adoption, as BV305 picks it: by date, else by the commit's date), the plan is read against
agreement.yaml as it was at that revision. A plan that names no revision is read against
today's agreement, as it always was: finding the commit that last changed each plan file
would cost a git process per plan on every ``validate``, and an unadopted plan is being
written against today's agreement anyway.

When a plan names a revision but the agreement cannot be read there (no git repository, a
revision git does not know, a shallow clone without it, no agreement.yaml at it, or one that
does not read), today's agreement is used and ``InForce.fallback`` says why, for the
finding or the warning that tells the user: never a silent guess.

Git is asked only for a plan that names a revision, through the repository ``validate``
opens once per run (``rules.adoption.repository_of``), and once per plan year: the answer
is kept with the pilot's files (``PilotFiles.in_force``) for every rule and document.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, NamedTuple

from bygdevekst_cli.adoptions import NOT_ADOPTING
from bygdevekst_cli.errors import UserError
from bygdevekst_cli.models import Agreement, file_kind

if TYPE_CHECKING:
    import git

    from bygdevekst_cli.models import ActionPlan
    from bygdevekst_cli.models.plan import Treatment
    from bygdevekst_cli.pilotset import PilotFiles


NO_REPOSITORY = "no_repository"
UNKNOWN = "unknown"
SHALLOW = "shallow"
NO_AGREEMENT = "no_agreement"
UNREADABLE = "unreadable"
FALLBACKS = (NO_REPOSITORY, UNKNOWN, SHALLOW, NO_AGREEMENT, UNREADABLE)
"""Why today's agreement is read for a plan that names an adopted revision (each names
the warning ``render`` gives, ``doc.message.in_force_<why>`` in the catalogues)."""


class InForce(NamedTuple):
    """The agreement one plan year is read against, and where it comes from."""

    agreement: Agreement
    revision: str | None = None
    """The ``adopted_revision`` of the plan's newest adoption; None: the plan names none."""
    fallback: str | None = None
    """Why ``agreement`` is today's although the plan names ``revision`` (``FALLBACKS``)."""

    @property
    def at_revision(self) -> str | None:
        """The revision ``agreement`` was read at, when it is not today's."""
        return self.revision if self.fallback is None else None


class Adopted(NamedTuple):
    """The newest adoption of one plan year that git knows."""

    treatment: Treatment
    commit: git.Commit
    date: dt.date


def adopting(plan: ActionPlan) -> list[Treatment]:
    """The treatments that adopted ``plan`` at a named revision: an outcome that adopts, or
    none (a treatment recorded with its revision and no outcome is an adoption, as the
    history reads it: ``adoptions.Adoption.adopted``)."""
    return [
        t
        for t in plan.schedule
        if t.adopted_revision is not None
        and (t.outcome is None or t.outcome.value not in NOT_ADOPTING)
    ]


def newest_adoption(repo: git.Repo, treatments: list[Treatment]) -> Adopted | None:
    """Of ``treatments``, the newest whose revision git knows: by the treatment's date,
    else the commit's; None when git knows none of them."""
    from bygdevekst_cli.gitsource import find_commit

    found = []
    for treatment in treatments:
        assert treatment.adopted_revision is not None
        commit = find_commit(repo, treatment.adopted_revision)
        if commit is not None:
            date = treatment.date or commit.committed_datetime.date()
            found.append(Adopted(treatment, commit, date))
    return max(found, key=lambda a: (a.date, a.commit.committed_date), default=None)


def agreement_in_force(files: PilotFiles, year: int) -> InForce | None:
    """The agreement the plan of ``year`` is read against (None: the pilot has no
    agreement that reads), found once per year and kept in ``files``."""
    if files.agreement is None:
        return None
    found = files.in_force.get(year)
    if found is None:
        found = files.in_force[year] = _in_force(files, files.agreement.model, year)
    return found


def _in_force(files: PilotFiles, today: Agreement, year: int) -> InForce:
    plan = files.plans.get(year)
    treatments = adopting(plan.model) if plan is not None else []
    if not treatments:
        return InForce(today)
    from bygdevekst_cli.rules.adoption import repository_of

    repo = repository_of(files.folder)
    if repo is None:
        return InForce(today, _newest_named(treatments), NO_REPOSITORY)
    adopted = newest_adoption(repo, treatments)
    if adopted is None:
        from bygdevekst_cli.gitsource import is_shallow

        why = SHALLOW if is_shallow(repo) else UNKNOWN
        return InForce(today, _newest_named(treatments), why)
    revision = adopted.treatment.adopted_revision
    then = _agreement_at(repo, files, adopted.commit)
    if isinstance(then, str):
        return InForce(today, revision, then)
    return InForce(then, revision)


def _newest_named(treatments: list[Treatment]) -> str | None:
    """The revision of the newest treatment by date (the last written, among equals), for
    the message when git knows none of them."""
    newest = max(enumerate(treatments), key=lambda it: (it[1].date or dt.date.min, it[0]))
    return newest[1].adopted_revision


def _agreement_at(repo: git.Repo, files: PilotFiles, commit: git.Commit) -> Agreement | str:
    """agreement.yaml of the pilot as it is at ``commit``, or why it cannot be read there."""
    from bygdevekst_cli.gitsource import tree_folder, tree_source
    from bygdevekst_cli.pilotset import read_document

    try:
        source = tree_source(commit, _folder_at(repo, commit, tree_folder(repo, files.folder)))
        present = [name for name in source.yaml_files() if _is_agreement(name)]
        if not present:
            return NO_AGREEMENT
        kind = file_kind(PurePosixPath(present[0]))
        assert kind is not None
        shown = f"{files.display}@{commit.hexsha[:12]}"
        document, _ = read_document(source, present[0], shown, kind)
    except UserError:  # outside the repository, or an object git does not have
        return UNREADABLE
    if document is None or not isinstance(document.model, Agreement):
        return UNREADABLE
    return document.model


def _folder_at(repo: git.Repo, commit: git.Commit, folder: str) -> str:
    """The name the pilot ``folder`` had at ``commit``: a folder renamed since is the same
    pilot (git is asked where it came from only when the name is not there)."""
    from bygdevekst_cli.gitsource import source_folder_in

    if not folder or source_folder_in(commit, folder):
        return folder
    from bygdevekst_cli.revisions import moved_from

    return moved_from(repo, commit.hexsha, None, folder) or folder


def _is_agreement(relative: str) -> bool:
    kind = file_kind(PurePosixPath(relative))
    return kind is not None and kind.name == "agreement"
