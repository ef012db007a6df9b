"""One commit's changes to a pilot, in the terms a council reads.

Only the files a commit changed are compared, each against its version in the parent (each
parent, for a merge: what the merge itself changed is what differs from all of them). Every
distinct blob is parsed and validated once. A file that does not validate at some commit
becomes a change of kind ``file`` that says so; the next readable version is compared with
the last readable one before it.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from bygdevekst_cli.change_store import AGREEMENT_FILES, BlobRef, LastReadable, Step
from bygdevekst_cli.diff import (
    FieldChange,
    Kind,
    MeasureDiff,
    diff_agreements,
    diff_funding,
    diff_plan_values,
    diff_plans,
    diff_schedule,
    indicator_titles,
    new_amendments,
)
from bygdevekst_cli.findings import Finding, Severity, cut
from bygdevekst_cli.language import cli_language, cli_words
from bygdevekst_cli.loader import LoadedYaml, YamlCode, load_yaml_bytes
from bygdevekst_cli.models import ActionPlan, Agreement, FileKind, Model, Pilot, file_kind
from bygdevekst_cli.models.plan import Measure
from bygdevekst_cli.pilotset import PLANS_DIR, read_document
from bygdevekst_cli.plan_pieces import PlanPieces

if TYPE_CHECKING:
    from bygdevekst_cli.gitlog import FileChange
    from bygdevekst_cli.gitrun import GitPlace


class ChangeKind(StrEnum):
    NEW = "new"
    CHANGED = "changed"
    CLOSED = "closed"
    DROPPED = "dropped"
    AGREEMENT = "agreement"
    FUNDING = "funding"
    SCHEDULE = "schedule"
    """A political treatment: meeting date, case number, outcome, adopted revision."""
    PLAN = "plan"
    """The plan's own values: links, contributors, notes, indicator values."""
    AMENDMENT = "amendment"
    """An amendment recorded in an adopted plan (``new``: the ``Amendment``)."""
    FILE = "file"


@dataclass(frozen=True, slots=True)
class Change:
    """One change a commit made, as data; ``present.history`` words it."""

    file: str
    """The file relative to the pilot folder (``plans/2026.yaml``)."""
    kind: ChangeKind
    measure: str | None = None
    path: str | None = None
    """The changed field, dotted (``budget.2026.own_funds``; relative to the measure)."""
    old: Any = None
    new: Any = None
    field: FieldChange | None = None
    """The structured change, for a change of a compared field."""
    event: str | None = None
    """For a change of kind ``file``: the catalogue key of what happened to the file."""
    detail: tuple[Any, ...] = ()
    """What the event names: the earlier path, the years compared, a finding's code and
    line; for a closed measure its assessment."""
    indicators: Titles | None = dataclasses.field(default=None, compare=False)
    """For a change of the agreement's or the plan's own values: an indicator's title by
    its id (looked up when a line names one; ``LazyTitles``)."""


Titles = Callable[[str], str | None]
"""An indicator's title by its id; None where none is known."""


class LazyTitles:
    """The titles of the indicators of ``agreements`` (the earlier first, the later's
    title winning: ``diff.indicator_titles``), found when first asked for: most commits
    name no indicator, and pay nothing for them. ``of_commit``: the agreements are those
    of the commit (``Differ._agreements``), not the versions of the file compared, so
    that words which asked for a title (``asked``) depend on them."""

    __slots__ = ("_agreements", "_titles", "asked", "of_commit")

    def __init__(
        self, agreements: Callable[[], Iterator[Model | None]], *, of_commit: bool = False
    ) -> None:
        self._agreements = agreements
        self._titles: dict[str, str] | None = None
        self.asked = False
        self.of_commit = of_commit

    def __call__(self, indicator: str) -> str | None:
        if self._titles is None:
            self.asked = True
            found = (a for a in self._agreements() if isinstance(a, Agreement))
            self._titles = indicator_titles(*found)
        return self._titles.get(indicator)


def worded_by_commit(changes: Iterable[Change]) -> bool:
    """Whether the words of ``changes`` named an indicator by the title the agreement of
    their commit gives it (``LazyTitles.of_commit``): what else they depend on than the
    versions of their file."""
    return any(
        isinstance(c.indicators, LazyTitles) and c.indicators.of_commit and c.indicators.asked
        for c in changes
    )


@functools.lru_cache(maxsize=1024)  # a history names the same few paths a thousand times
def kind_of(relative: str) -> FileKind | None:
    """``models.file_kind`` of a path in the pilot folder, given as text."""
    return file_kind(PurePosixPath(relative))


# --- blobs, parsed once ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Parsed:
    model: Model | None
    problem: Finding | None = None
    """Why the blob did not give a model: its first error."""


@dataclass(frozen=True, slots=True)
class _Bytes:
    """One blob's bytes as a ``pilotset.FileSource`` for ``read_document``."""

    data: bytes

    def yaml_files(self) -> list[str]:
        return []

    def read(self, relative: str) -> bytes:
        return self.data

    def unfollowed_links(self) -> list[tuple[str, str]]:
        return []


class BlobMissing(Exception):
    """A blob the history needs is not in the repository: ``BlobMissing(relative)``, its
    path in the pilot folder; ``Differ.compare``, which knows the commit, makes it a
    ``gitrun.MissingObject``."""

    def __init__(self, relative: str) -> None:
        super().__init__(relative)
        self.relative = relative


@dataclass
class Blobs:
    """Blob contents, read in bulk, and their models, each parsed once (a plan piece by
    piece: see ``plan_pieces``). A blob in ``pieces.store`` (the cache of an earlier run)
    is not read at all: its model is built from the stored pieces."""

    repo: GitPlace
    data: dict[str, bytes]
    parsed: dict[tuple[str, str], Parsed] = field(default_factory=dict)
    pieces: PlanPieces = field(default_factory=PlanPieces)

    def parse(self, sha: str, relative: str, kind: FileKind) -> Parsed:
        key = (sha, kind.name)
        if key not in self.parsed:
            stored = self._stored(sha, relative, kind)
            parsed = stored or self._parse(sha, relative, kind)
            self.parsed[key] = self._measures_once(parsed, sha, relative, kind)
        return self.parsed[key]

    def _measures_once(self, parsed: Parsed, sha: str, relative: str, kind: FileKind) -> Parsed:
        """``parsed``, unless it is a plan that names a measure id twice (BV201): the history
        follows measures by id, so the second would stand in for the first («tiltak 1.1:
        tittel: … → …» for what is another measure) and the first would look dropped. Such a
        version does not read, like one with a schema error, at the line of the second."""
        plan = parsed.model
        if not isinstance(plan, ActionPlan):
            return parsed
        ids = [measure.id for measure in plan.measures]
        if len(set(ids)) == len(ids):
            return parsed
        return Parsed(None, self._duplicate_measure(sha, relative, kind))

    def _duplicate_measure(self, sha: str, relative: str, kind: FileKind) -> Finding | None:
        """BV201 for the first measure id the plan blob names twice, as ``validate`` words
        it (read again with positions: a rare, broken version)."""
        from bygdevekst_cli.rules.consistency import duplicate_measures

        raw = self.data.get(sha) or self._read(sha)
        document = None if raw is None else read_document(_Bytes(raw), relative, relative, kind)[0]
        if document is None:
            return None
        return next(duplicate_measures(document, cli_words()), None)

    def _stored(self, sha: str, relative: str, kind: FileKind) -> Parsed | None:
        """The model of a blob an earlier run read, from the store; None when not there."""
        if kind.model is ActionPlan and (plan := self.pieces.stored(sha)) is not None:
            return Parsed(plan)
        document = self.pieces.store.documents.get(sha)
        if document is None or document[:2] != (kind.name, relative):
            return None
        try:
            if document[2] == _READ:
                return Parsed(kind.model.model_validate(document[3]))
            if document[2] == cli_language():  # the problem, worded in this language
                return Parsed(None, None if document[3] is None else Finding.from_data(document[3]))
        except (ValueError, TypeError, IndexError):  # damaged: read the blob again
            return None
        return None

    def _parse(self, sha: str, relative: str, kind: FileKind) -> Parsed:
        raw = self.data.get(sha)
        if raw is None:
            raw = self._read(sha)
        if raw is None:  # not "a file that did not read": the repository lacks it
            raise BlobMissing(relative)
        if kind.model is ActionPlan and (plan := self.pieces.parse(raw, sha=sha)) is not None:
            return Parsed(plan)
        read = _Reading()
        document, findings = read_document(_Bytes(raw), relative, relative, kind, None, read)
        store = self.pieces.store
        if document is not None:
            if read.data is not None:
                store.add_document(sha, (kind.name, relative, _READ, read.data))
            return Parsed(document.model)
        errors = [f for f in findings if f.severity is Severity.ERROR] or findings
        problem = errors[0] if errors else None
        kept = None if problem is None else problem.to_data()
        store.add_document(sha, (kind.name, relative, cli_language(), kept))
        return Parsed(None, problem)

    def _read(self, sha: str) -> bytes | None:
        """A blob not read in bulk (an earlier plan a new one is compared with); None when
        the repository does not have it."""
        from bygdevekst_cli.gitblobs import read_blobs

        return read_blobs(self.repo, [sha]).get(sha)


_READ = "read"
"""A stored document that was read and validated (else the language of its problem)."""


@dataclass
class _Reading:
    """The parse step of ``read_document``, keeping the data it read (for the store)."""

    data: Any = None

    def __call__(self, raw: bytes, path: Path, display: str, language: str | None) -> LoadedYaml:
        loaded = load_yaml_bytes(raw, path, display, language)
        self.data = loaded.data
        return loaded


# --- one commit's changes ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Compared:
    """One file of a commit compared: its changes, and what they depended on (what
    ``change_store.FileOutcome`` keeps)."""

    changes: list[Change]
    readable: bool
    """Whether the new version read."""
    bridged: tuple[str | None, ...] = ()
    """Empty unless a version compared with did not read; then the blob compared with
    instead (None: none)."""


@dataclass
class Differ:
    """Turns the files a commit changed into changes, oldest commit first."""

    repo: GitPlace
    blobs: Blobs
    last_good: LastReadable = field(default_factory=LastReadable)
    """The last readable version of each file, to bridge broken commits."""

    def commit_changes(self, step: Step) -> list[Change]:
        found: list[Change] = []
        for change in step.entry.changes:
            found.extend(self.file_changes(step, change))
        return found

    def file_changes(self, step: Step, change: FileChange) -> list[Change]:
        return self.compare(step, change).changes

    def compare(self, step: Step, change: FileChange) -> Compared:
        from bygdevekst_cli.gitrun import MissingObject

        try:
            return self._compare(step, change)
        except BlobMissing as missing:  # this commit's file, its parent's, an earlier plan
            file = f"{step.folder}/{missing.relative}"
            revision = step.entry.commit[:12]
            raise MissingObject(
                file=file, revision=revision, folder=self.repo.working_dir
            ) from None

    def _compare(self, step: Step, change: FileChange) -> Compared:
        relative = change.path.removeprefix(step.folder + "/")
        kind = kind_of(relative)
        if change.new_blob is None or kind is None:
            return Compared([_file(relative, *_status_word(change))], readable=False)
        if change.unfollowed is not None:  # a link not read, in the words validate uses
            message = cli_words()(f"pilotset.{change.unfollowed}", name=cut(relative))
            problem = Finding(Severity.ERROR, YamlCode.UNREADABLE, message, relative)
            return Compared([self._unreadable(relative, problem)], readable=False)
        new = self.blobs.parse(change.new_blob, relative, kind)
        if new.model is None:
            return Compared([self._unreadable(relative, new.problem)], readable=False)
        olds = change.old_blobs if change.old_blobs else (None,)
        last = self.last_good.of(change.old_path)
        added = olds == (None,)  # by a commit of one parent
        if added and last is not None:  # deleted earlier, here again: not new
            versions = [self._again(step, relative, new.model, last)]
        else:
            versions = [self._against(step, change, relative, kind, new.model, o) for o in olds]
        unread = any(o and self.blobs.parse(o, relative, kind).model is None for o in olds)
        self.last_good.read(change, (change.new_blob, relative))
        # what the comparison depended on beside the blobs: the version it bridged from
        bridged = (last[0] if last else None,) if unread or added else ()
        return Compared(_common(versions), readable=True, bridged=bridged)

    def _again(self, step: Step, relative: str, new: Model, last: BlobRef) -> list[Change]:
        """A file added where one was deleted earlier in the history (a pilot restored by
        ``git revert``): compared with the version it had last, not told as all new."""
        head = [_file(relative, "history.file_added_again")]
        old = self._model(last)
        if old is None:
            return head
        same_year = getattr(old, "year", None) == getattr(new, "year", None)
        return head + self.model_changes(step, relative, old, new, same_year=same_year)

    def _against(
        self,
        step: Step,
        change: FileChange,
        relative: str,
        kind: FileKind,
        new: Model,
        old_blob: str | None,
    ) -> list[Change]:
        """The changes to ``new`` from one parent's version of the file."""
        if old_blob is None:
            return self._added(step, change, relative, new)
        head: list[Change] = []
        if change.renamed:
            head.append(_file(relative, "history.file_moved", change.old_path))
        old = self.blobs.parse(old_blob, relative, kind).model
        bridged = old is None
        if old is None:
            old = self._model(self.last_good.of(change.old_path))
            head.append(_file(relative, "history.file_readable_again"))
            if old is None:
                return head
        same_year = getattr(old, "year", None) == getattr(new, "year", None)
        found = self.model_changes(step, relative, old, new, same_year=same_year)
        if not found and not bridged and old_blob != change.new_blob:
            other = "history.other_changes" if old != new else "history.form_only"
            found = [_file(relative, other)]
        return head + found

    def _added(self, step: Step, change: FileChange, relative: str, new: Model) -> list[Change]:
        head = _file(relative, *_new_file_word(change))
        if not isinstance(new, ActionPlan):
            return [head]
        previous = self._previous_plan(step, new.year)
        if previous is None:
            return [head, *self.model_changes(step, relative, None, new, same_year=False)]
        return [
            *([head] if change.submodule else []),
            _file(relative, "diff.new_plan", new.year, previous.year),
            *self.model_changes(step, relative, previous, new, same_year=False),
        ]

    def _model(self, ref: BlobRef | None) -> Model | None:
        """The model of a blob that read before."""
        if ref is None:
            return None
        sha, relative = ref
        kind = kind_of(relative)
        return None if kind is None else self.blobs.parse(sha, relative, kind).model

    def _previous_plan(self, step: Step, year: int) -> ActionPlan | None:
        """The newest plan before ``year`` in the same commit."""
        from bygdevekst_cli.gitblobs import tree_blobs

        kind = file_kind(PurePosixPath(f"{PLANS_DIR}/{year}.yaml"))
        assert kind is not None
        earlier = {}
        for name, sha in tree_blobs(self.repo, step.entry.commit, f"{step.folder}/{PLANS_DIR}"):
            match = kind.pattern.match(f"{PLANS_DIR}/{name}")
            if match and int(match["year"]) < year:
                earlier[int(match["year"])] = (sha, f"{PLANS_DIR}/{name}")
        if not earlier:
            return None
        sha, relative = earlier[max(earlier)]
        model = self.blobs.parse(sha, relative, kind).model
        return model if isinstance(model, ActionPlan) else None

    def model_changes(
        self,
        step: Step,
        relative: str,
        old: Model | None,
        new: Model,
        *,
        same_year: bool,
    ) -> list[Change]:
        if isinstance(new, ActionPlan):
            assert old is None or isinstance(old, ActionPlan)
            titles = LazyTitles(lambda: self._agreements(step), of_commit=True)
            return plan_changes(relative, old, new, same_year=same_year, indicators=titles)
        if isinstance(new, Agreement):
            assert old is None or isinstance(old, Agreement)
            titles = LazyTitles(lambda: iter((old, new)))
            fields = diff_agreements(old, new, None, None)
            return [_field(relative, ChangeKind.AGREEMENT, f, indicators=titles) for f in fields]
        assert isinstance(new, Pilot) and (old is None or isinstance(old, Pilot))
        fields = diff_agreements(None, None, old, new)
        return [_field(relative, ChangeKind.AGREEMENT, f) for f in fields]

    def _agreements(self, step: Step) -> Iterator[Model | None]:
        """The agreement of the pilot at ``step``'s first parent and at ``step`` (each
        where it is there and reads): the indicators a plan's measured values name."""
        from bygdevekst_cli.gitblobs import tree_blobs

        for commit in (*step.entry.parents[:1], step.entry.commit):
            for name, sha in tree_blobs(self.repo, commit, step.folder):
                kind = kind_of(name)
                if kind is not None and kind.model is Agreement:
                    assert name in AGREEMENT_FILES  # what the change store checks by
                    yield self.blobs.parse(sha, name, kind).model

    def _unreadable(self, relative: str, problem: Finding | None) -> Change:
        if problem is None:
            return _file(relative, "history.file_unreadable")
        return Change(
            relative,
            ChangeKind.FILE,
            new={"code": problem.code, "line": problem.line, "message": problem.message},
            event="history.file_unreadable",
            detail=(problem.code, problem.line),
        )


def _file(relative: str, event: str, *detail: Any) -> Change:
    return Change(relative, ChangeKind.FILE, event=event, detail=detail)


def _status_word(change: FileChange) -> tuple[str, ...]:
    """What happened to a file the history does not compare: its event and what it names
    (a move, to a name the pilot does not read, names where the file came from; a
    submodule, the commit it is at)."""
    if change.is_submodule(-1) or (change.new_blob is None and change.is_submodule(0)):
        return _submodule_word(change)
    if change.new_blob is None:  # moved out of the pilot: where to, not "deleted"
        return (
            ("history.file_moved_to", change.moved_to)
            if change.moved_to
            else ("history.file_deleted",)
        )
    if change.renamed:  # 2026.yaml to 2026-vedtatt.yaml: moved, its text unchanged or not
        return ("history.file_moved", change.old_path)
    return _new_file_word(change) if not any(change.old_blobs) else ("history.file_changed",)


def _new_file_word(change: FileChange) -> tuple[str, ...]:
    """A new file: from the submodule the history had where it is, when it had one."""
    if change.submodule is None:
        return ("history.file_added",)
    path, commit = change.submodule
    return ("history.file_from_submodule", path, commit[:7])


def _submodule_word(change: FileChange) -> tuple[str, ...]:
    """A submodule added, moved to another of its commits, or removed (with that commit)."""
    if change.new_blob is None:
        old = next((b for b in change.old_blobs if b), "")
        return ("history.submodule_removed", old[:7])
    if any(change.is_submodule(i) for i in range(len(change.modes) - 1)):
        return ("history.submodule_changed", change.new_blob[:7])
    return ("history.submodule_added", change.new_blob[:7])


def _common(versions: list[list[Change]]) -> list[Change]:
    """What a merge itself changed: what differs from every parent in the same way (the
    same field to the same value), told against the first parent."""
    first, *rest = versions
    others = [[_outcome(c) for c in other] for other in rest]
    return [c for c in first if all(_outcome(c) in other for other in others)]


def _outcome(change: Change) -> tuple[Any, ...]:
    return change.file, change.kind, change.measure, change.path, change.new


def _field(
    relative: str,
    kind: ChangeKind,
    change: FieldChange,
    measure: str | None = None,
    indicators: Titles | None = None,
) -> Change:
    return Change(
        relative, kind, measure, change.path, change.old, change.new, change, indicators=indicators
    )


# --- plans ---------------------------------------------------------------------------------------


def plan_changes(
    relative: str,
    old: ActionPlan | None,
    new: ActionPlan,
    *,
    same_year: bool,
    indicators: Titles | None = None,
) -> list[Change]:
    """Measures and funding that differ between two versions (or years) of a plan, and,
    between two versions of one plan year, the political schedule; the plan's own values
    with ``indicators``, the titles of the indicators they name."""
    before = {m.id: m for m in old.measures} if old is not None else {}
    after = {m.id: m for m in new.measures}
    found: list[Change] = []
    # A measure that is the same object in both versions (the same piece of text) has
    # nothing to say: only the others are classified.
    for diff in diff_plans(old, new, changed_only=True):
        pair = before.get(diff.id), after.get(diff.id)
        found.extend(measure_changes(relative, diff, *pair, same_year=same_year))
    # Most commits change one measure: equal funding or schedules have nothing to say, and
    # comparing them whole is much quicker than walking them field by field.
    if old is None or (old.funding is not new.funding and old.funding != new.funding):
        for change in diff_funding(old, new, same_year=same_year):
            found.append(_field(relative, ChangeKind.FUNDING, change))
    if same_year and (
        old is None or (old.schedule is not new.schedule and old.schedule != new.schedule)
    ):
        for change in diff_schedule(old, new):
            found.append(_field(relative, ChangeKind.SCHEDULE, change))
    for change in diff_plan_values(old, new):
        found.append(_field(relative, ChangeKind.PLAN, change, indicators=indicators))
    if same_year:
        for amendment in new_amendments(old, new):
            found.append(Change(relative, ChangeKind.AMENDMENT, new=amendment))
    return found


def measure_changes(
    relative: str,
    diff: MeasureDiff,
    old: Measure | None,
    new: Measure | None,
    *,
    same_year: bool = True,
) -> Iterator[Change]:
    """A measure's changes: new, closed, dropped, or field by field with its reason."""
    if diff.kind is Kind.UNCHANGED and old is new:  # the same piece of text: nothing to say
        return
    if diff.kind is Kind.NEW:
        yield Change(relative, ChangeKind.NEW, diff.id, new=diff.title)
        return
    if diff.kind is Kind.DROPPED:
        yield Change(relative, ChangeKind.DROPPED, diff.id, old=diff.title)
        return
    assert old is not None and new is not None
    if diff.kind is Kind.CLOSED:
        yield Change(
            relative,
            ChangeKind.CLOSED,
            diff.id,
            "status",
            old.status.value,
            "closed",
            detail=(diff.assessment,),
        )
    for change in diff.fields:
        if not (diff.kind is Kind.CLOSED and change.path == "status"):
            yield _field(relative, ChangeKind.CHANGED, change, diff.id)
    yield from _texts(relative, diff, (old, new), same_year=same_year)


def _texts(
    relative: str,
    diff: MeasureDiff,
    pair: tuple[Measure, Measure],
    *,
    same_year: bool,
) -> Iterator[Change]:
    """A new reason (or assessment) is part of the audit trail even without other changes.

    Across plan years, last year's text left out of the new plan is not news.
    """
    for name in ("change_reason", "assessment"):
        if name == "assessment" and diff.kind is Kind.CLOSED:
            continue
        before, after = (getattr(m, name) for m in pair)
        if before != after and (same_year or after is not None):
            yield Change(relative, ChangeKind.CHANGED, diff.id, name, before, after)
