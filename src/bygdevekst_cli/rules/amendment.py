"""BV305: a plan a council has adopted is changed only by a recorded amendment.

*Adopted*: a treatment in the plan's ``schedule`` with outcome ``adopted`` or
``adopted_with_changes`` and an ``adopted_revision`` (commit or tag) that git knows. Of
several, the newest adoption counts (by the treatment's ``date``, else the revision's
commit date): a plan the formannskap recommended and the kommunestyre adopted with changes
is compared with what the kommunestyre adopted.

*Changed*: the plan file now differs from the same file at that revision in what the council
decided: its measures (every field but the year's ``report``, which is written afterwards)
and its funding. The schedule (where decisions are recorded), the year's status, the case
texts, notes and the amendments themselves may change freely.

*Recorded*: the plan has an entry in ``amendments`` dated on or after the adoption (so an
``adopted_with_changes`` is carried into the plan by an amendment dated the same day). An
amendment covers the changes made up to the commit that recorded it (the oldest of the
commits since which the plan has held every such entry), not every later one: a change made
after that is compared with the plan as that commit left it, and needs an amendment of its
own. Amendments not yet committed cover the working tree's changes.

A revision git does not know is BV304's finding, and a plan file that is not in the pilot
folder at the adopted revision is not compared: nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from bygdevekst_cli.errors import UserError
from bygdevekst_cli.in_force import Adopted, newest_adoption
from bygdevekst_cli.models.plan import ActionPlan, Amendment, Outcome, Treatment
from bygdevekst_cli.pilotset import Document, PilotFiles
from bygdevekst_cli.rules.adoption import repository_of
from bygdevekst_cli.rules.registry import Hit, party_name, rule

if TYPE_CHECKING:
    import git

ADOPTING = (Outcome.ADOPTED, Outcome.ADOPTED_WITH_CHANGES)
UNREPORTED = {"report"}
"""Measure fields written after the adoption (the year's report)."""


@rule("BV305")
def adopted_plans_change_by_amendment(files: PilotFiles) -> Iterator[Hit]:
    if not any(_adopting(plan.model) for plan in files.plans.values()):
        return
    repo = repository_of(files.folder)
    if repo is None:
        return
    for year, plan in sorted(files.plans.items()):
        adopted = newest_adoption(repo, _adopting(plan.model))
        if adopted is None:
            continue
        recorded = [a for a in plan.model.amendments if a.date >= adopted.date]
        since = _recorded_at(repo, files, year, recorded) if recorded else adopted.commit
        if since is None:
            continue  # recorded in the working tree alone: they cover its changes
        before = _plan_at(repo, files, since, year)
        if before is not None:
            yield from _changes(files, plan, before, adopted)


def _adopting(plan: ActionPlan) -> list[Treatment]:
    return [t for t in plan.schedule if t.outcome in ADOPTING and t.adopted_revision is not None]


def _recorded_at(
    repo: git.Repo, files: PilotFiles, year: int, recorded: list[Amendment]
) -> git.Commit | None:
    """The commit that recorded the last of ``recorded``: of the commits that touched the
    pilot, newest first from the one read (``HEAD`` for the working tree), the oldest
    from which on the plan holds every one of them; None when no commit holds them all."""
    from bygdevekst_cli.gitsource import repository_path

    try:
        folder = repository_path(repo, files.folder)
    except UserError:  # a folder outside the repository: nothing to compare
        return None
    start = getattr(files.source, "commit", None) or repo.head.commit
    found = None
    for commit in repo.iter_commits(start, paths=folder):
        then = _plan_at(repo, files, commit, year)
        if then is None or any(a not in then.amendments for a in recorded):
            break
        found = commit
    return found


def _plan_at(repo: git.Repo, files: PilotFiles, commit: git.Commit, year: int) -> ActionPlan | None:
    """The plan of ``year`` as it is at ``commit``, when it reads there."""
    from bygdevekst_cli.gitsource import tree_folder, tree_source
    from bygdevekst_cli.pilotset import read_pilot

    try:
        folder = tree_folder(repo, files.folder)
    except UserError:  # a folder outside the repository: nothing to compare
        return None
    then = read_pilot(files.folder, files.display, source=tree_source(commit, folder))
    document = then.plans.get(year)
    return document.model if document is not None else None


def _decided(measure: Any) -> dict[str, Any]:
    data: dict[str, Any] = measure.model_dump(exclude=UNREPORTED)
    return data


def _changes(
    files: PilotFiles, plan: Document[ActionPlan], before: ActionPlan, adopted: Adopted
) -> Iterator[Hit]:
    then = {m.id: _decided(m) for m in before.measures}
    now = {m.id: _decided(m) for m in plan.model.measures}
    changed = [i for i in dict.fromkeys([*then, *now]) if then.get(i) != now.get(i)]
    funding = before.funding != plan.model.funding
    if not changed and not funding:
        return
    treatment = adopted.treatment
    slots: dict[str, Any] = {
        "year": plan.model.year,
        "party": party_name(files, treatment.party),
        "body": treatment.body,
        "date": adopted.date.isoformat(),
        "revision": treatment.adopted_revision,
    }
    # amendments that are there but dated before the adoption compared with do not count:
    # the plain message («record the amendment») would send the secretariat to write the
    # entry it has already written
    dates = {a.date for a in plan.model.amendments}
    early = sorted(dates) if dates and max(dates) < adopted.date else []
    suffix = "_early" if early else ""
    if early:
        slots["dates"] = [d.isoformat() for d in early]
    indexes = {m.id: n for n, m in enumerate(plan.model.measures)}
    for measure in changed:
        at = ("measures", indexes[measure]) if measure in indexes else ("measures",)
        yield Hit(plan, at, f"measure{suffix}", {**slots, "measure": measure})
    if funding:
        yield Hit(plan, ("funding",), f"funding{suffix}", slots)
