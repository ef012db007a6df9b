"""What a history found, kept in the cache folder so that the next history needs no model.

The changes a commit makes to one file of the pilot depend only on the file (its path in
the pilot folder, and its earlier path when it moved) and on its blob ids before and after
(and on the tool). Three cases depend on more, and their key or entry says on what: a file
added to a commit is compared with the newest earlier plan of that commit (the key names
the commit); a version compared with one that did not read is compared with the last
version that did; and a plan's measured value is worded with its indicator's title in the
agreement of the commit and of its first parent. The last two are kept by what they
depended on too (the blob bridged from, the agreement's blobs: ``exact_key``), and serve
only when it is the same.

The changes are kept as shown (``ShownChange``: plain values and their line of text in
the pilot's written standard), so that a history whose commits are all in the store reads,
parses and compares nothing: a new commit costs only its own changes. What the history
needs of the pilot's working tree (``PilotFacts``: its id, written standard, recorded
adoptions and measures) is kept by the hashes of its files. A run over the whole history
keeps only the outcomes it used, so commits rewritten away do not pile up.

One entry per installation, repository and pilot folder, keyed by the tool (version and
code stamp), the libraries that read, check and word a file (a stamp of their files: an
upgrade is a miss) and the Python. The languages the words are in (the report's, and the
command line's for the words of a file that does not read) are part of each outcome's key
(``ChangeKey``), not of the entry's: they are known only once the pilot's facts are, and a
history asked for twice in one process (not from the command line) finds its outcomes
again, whichever pilots that process read before. A checksum makes a damaged entry a miss,
and each value is checked as it is read: a wrong one is a miss, never a wrong answer.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bygdevekst_cli import cache
from bygdevekst_cli.adoptions import Adoption

if TYPE_CHECKING:
    from bygdevekst_cli.gitlog import FileChange, LogEntry
    from bygdevekst_cli.pilotfolder import FileSource

FORMAT = "history-changes-6"

BlobRef = tuple[str, str]
"""A blob that read: ``(blob id, path in the pilot folder)``."""

ChangeKey = tuple[Any, ...]
"""``(languages and names the words are in, path in the pilot, earlier path or None, old
blob ids, new blob id, why a new version that is a link is not read or None, (commit, pilot
folder) of a file added, else None, where a file moved out of the pilot went or None)``."""

AGREEMENT_FILES = ("agreement.yaml", "agreement.yml")
"""The names the agreement may have in the pilot folder (``models.FILE_KINDS``)."""

AgreementBlobs = tuple[str | None, ...]
"""The blob ids of the agreement at a commit's first parent and at the commit, each as
``AGREEMENT_FILES`` (None: no such file)."""


@dataclass(frozen=True, slots=True)
class Step:
    """A commit of the pilot, with the name the pilot folder had in it."""

    entry: LogEntry
    folder: str


@dataclass(frozen=True, slots=True)
class ShownChange:
    """One change a commit made, as the history shows it: the values as JSON has them and
    the line of text (``present.history`` makes it from a ``commit_changes.Change``)."""

    file: str
    kind: str
    measure: str | None
    path: str | None
    old: Any
    new: Any
    text: str
    """The change in words (the JSON's ``text``): the line the text form shows for it;
    for a change that is part of an earlier one's line (``joins``), that line."""
    lines: tuple[str, ...] | None = None
    """The lines the text form shows for it, where they are not ``text``: an indicator
    added whole is one sentence at its first change, and its other changes show none."""
    joins: int | None = None
    """For a change said in an earlier one's line (a field of an indicator added whole):
    how many changes before it in its file that one is."""

    @property
    def shown_lines(self) -> tuple[str, ...]:
        """The lines the text form shows for this change."""
        return (self.text,) if self.lines is None else self.lines

    def to_json(self, index: int) -> dict[str, Any]:
        """As JSON, where it is the ``index``-th change of its commit (``part_of``: the
        index of the change whose line it is part of)."""
        return {
            "file": self.file,
            "measure": self.measure,
            "kind": self.kind,
            "path": self.path,
            "old": self.old,
            "new": self.new,
            "text": self.text,
            "part_of": None if self.joins is None else index - self.joins,
        }

    def to_data(self) -> tuple[Any, ...]:
        kept = (self.file, self.kind, self.measure, self.path, self.old, self.new, self.text)
        return (*kept, self.lines, self.joins)

    @classmethod
    def from_data(cls, data: Any) -> ShownChange:
        file, kind, measure, path, old, new, text, lines, joins = data
        if not (isinstance(file, str) and isinstance(kind, str) and isinstance(text, str)):
            raise TypeError("change")  # checked one by one: a history reads thousands
        if not (measure is None or isinstance(measure, str)):
            raise TypeError("change")
        if not (path is None or isinstance(path, str)):
            raise TypeError("change")
        if lines is not None and not all(isinstance(v, str) for v in lines):
            raise TypeError("change")
        if joins is not None and not (type(joins) is int and joins > 0):
            raise TypeError("change")
        kept = None if lines is None else tuple(lines)
        return cls(file, kind, measure, path, old, new, text, kept, joins)


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """What comparing one file of a commit gave, and what it depended on."""

    changes: tuple[ShownChange, ...]
    readable: bool
    """Whether the new version read (it is then the file's last readable version)."""
    bridged: tuple[str | None, ...] = ()
    """Empty when no version the file was compared with failed to read; else the blob it
    was compared with instead (the last readable version; None: there was none)."""
    worded_from: AgreementBlobs = ()
    """Empty unless the words name an indicator by the title the agreement of the commit
    gives it (a plan's measured value); then that agreement's blobs."""

    def to_data(self) -> tuple[Any, ...]:
        changes = [c.to_data() for c in self.changes]
        return (self.readable, self.bridged, self.worded_from, changes)

    @classmethod
    def from_data(cls, data: Any) -> FileOutcome:
        readable, bridged, worded_from, changes = data
        if not (isinstance(readable, bool) and isinstance(bridged, tuple) and len(bridged) < 2):
            raise TypeError("outcome")
        if worded_from != () and not _agreement_blobs(worded_from):
            raise TypeError("outcome")
        shown = tuple(ShownChange.from_data(c) for c in changes)
        return cls(shown, readable, bridged, worded_from)

    def fits(self, last: str | None, agreements: Callable[[], AgreementBlobs]) -> bool:
        """Whether this outcome holds where the file's last readable version is ``last``
        and the agreement's blobs are ``agreements()`` (asked only when it matters)."""
        if self.bridged and self.bridged[0] != last:
            return False
        return not self.worded_from or self.worded_from == agreements()


def _agreement_blobs(value: Any) -> bool:
    """Whether ``value`` has the shape of ``AgreementBlobs``."""
    return (
        isinstance(value, tuple)
        and len(value) == 4
        and all(sha is None or isinstance(sha, str) for sha in value)
    )


def exact_key(key: ChangeKey, bridged: tuple[str | None, ...], worded: AgreementBlobs) -> ChangeKey:
    """``key`` with what an outcome depended on beside it (the blob it bridged from, the
    agreement's blobs it was worded from): two outcomes that differ only in those are kept
    apart by it."""
    return (*key, *bridged, *((worded,) if worded else ()))


@dataclass
class LastReadable:
    """The last version of each file (by repository path) that read: a version that does
    not read is compared with it, and the history follows it through moves."""

    by_path: dict[str, BlobRef] = field(default_factory=dict)

    def of(self, path: str) -> BlobRef | None:
        return self.by_path.get(path)

    def blob(self, path: str) -> str | None:
        ref = self.by_path.get(path)
        return None if ref is None else ref[0]

    def read(self, change: FileChange, ref: BlobRef) -> None:
        """``change`` gave a version that read: the file's last readable one."""
        self.by_path.pop(change.old_path, None)
        self.by_path[change.path] = ref


@dataclass(frozen=True)
class PilotFacts:
    """What the history needs of the pilot in the working tree."""

    pilot: str | None
    """Its id (None when pilot.yaml does not read)."""
    language: str
    """Its written standard."""
    recorded: tuple[Adoption, ...]
    """The adoptions its plans record (``adopted_revision``), their commit not resolved."""
    measures: frozenset[str]
    """Every measure id of its plans."""
    names: tuple[tuple[str, str], ...] = ()
    """Its parties' and groups' names by id, as a change shows them («Husbanken»)."""

    def to_data(self) -> tuple[Any, ...]:
        recorded = [_adoption_data(a) for a in self.recorded]
        names = [list(pair) for pair in self.names]
        return (self.pilot, self.language, recorded, sorted(self.measures), names)

    @classmethod
    def from_data(cls, data: Any) -> PilotFacts:
        pilot, language, recorded, measures, names = data
        if not ((pilot is None or isinstance(pilot, str)) and isinstance(language, str)):
            raise TypeError("facts")
        if not all(isinstance(m, str) for m in measures):
            raise TypeError("facts")
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in names):
            raise TypeError("facts")
        adoptions = tuple(_adoption(a) for a in recorded)
        pairs = tuple((k, v) for k, v in names)
        return cls(pilot, language, adoptions, frozenset(measures), pairs)


_ADOPTION_FIELDS = Adoption._fields


def _adoption_data(adoption: Adoption) -> tuple[Any, ...]:
    return tuple(getattr(adoption, name) for name in _ADOPTION_FIELDS)


def _adoption(values: Any) -> Adoption:
    if len(values) != len(_ADOPTION_FIELDS) or not all(
        v is None or type(v) in (str, int) for v in values
    ):
        raise TypeError("adoption")
    return Adoption(*values)


@dataclass
class ChangeStore:
    """One pilot's entry: outcomes by ``ChangeKey``, and the facts of its working tree."""

    outcomes: dict[ChangeKey, Any] = field(default_factory=dict)
    """Each as ``FileOutcome.to_data`` (decoded when used)."""
    facts: tuple[Any, Any] | None = None
    """``(the working tree's files and their hashes, PilotFacts.to_data())``."""
    added: int = 0
    """Entries added since it was loaded (nothing added: nothing to save)."""
    used: set[ChangeKey] = field(default_factory=set)
    """The keys of the outcomes this run used or kept."""

    def outcome(
        self, key: ChangeKey, last: str | None, agreements: Callable[[], AgreementBlobs]
    ) -> FileOutcome | None:
        """The stored outcome for ``key`` when the file's last readable version is the blob
        ``last`` and, for words that name an indicator by the commit agreement's title, the
        agreement's blobs are ``agreements()``; None when there is none or it is damaged."""
        found = self._decoded(key)
        if found is None:
            return None
        if not (found.bridged or found.worded_from):  # most: depend on their key alone
            self.used.add(key)
            return found
        if not found.fits(last, agreements):  # kept by what it depended on (``exact_key``)
            bridged = (last,) if found.bridged else ()
            found = self._decoded(exact_key(key, bridged, found.worded_from and agreements()))
            if found is None or not found.fits(last, agreements):
                return None
        self.used.update((key, exact_key(key, found.bridged, found.worded_from)))
        return found

    def _decoded(self, key: ChangeKey) -> FileOutcome | None:
        kept = self.outcomes.get(key)
        if kept is None:
            return None
        try:
            return FileOutcome.from_data(kept)
        except (TypeError, ValueError):
            return None

    def keep(self, key: ChangeKey, outcome: FileOutcome) -> None:
        """Keep ``outcome`` by ``key``, and by what it depended on beside it when it did
        (``exact_key``: so a history that starts at a broken version and one that does not
        both find theirs, as do two commits of the same change whose agreements give its
        indicator other titles)."""
        exact = exact_key(key, outcome.bridged, outcome.worded_from)
        self.outcomes[key] = self.outcomes[exact] = outcome.to_data()
        self.used.update((key, exact))
        self.added += 1

    def forget_unused(self) -> None:
        """Drop the outcomes this run did not use: after a run over the whole history, those
        of commits no longer in it (rewritten, or of a file's earlier content)."""
        self.outcomes = {k: v for k, v in self.outcomes.items() if k in self.used}

    def pilot_facts(self, files: Any) -> PilotFacts | None:
        """The stored facts when they were found in these very files; else None."""
        if self.facts is None or self.facts[0] != files:
            return None
        try:
            return PilotFacts.from_data(self.facts[1])
        except (TypeError, ValueError):
            return None

    def keep_facts(self, files: Any, facts: PilotFacts) -> None:
        self.facts = (files, facts.to_data())
        self.added += 1

    def encode(self) -> bytes:
        return marshal.dumps((self.outcomes, self.facts))

    @classmethod
    def decode(cls, raw: bytes) -> ChangeStore:
        outcomes, facts = marshal.loads(raw)
        if not (isinstance(outcomes, dict) and (facts is None or isinstance(facts, tuple))):
            raise TypeError("store")
        return cls(outcomes, facts)


def store_name(common_dir: str, folder: str) -> str:
    """The entry of one pilot: by installation, repository and pilot folder."""
    return cache.entry_name("history-changes", str(Path(common_dir).resolve()), folder)


def store_key() -> tuple[Any, ...]:
    """What every stored outcome depends on besides its key (see the module's text); the
    code stamp covers the libraries that read, check and word a file. No language: that is
    in each outcome's key, so the key is the same at every call of one process."""
    from bygdevekst_cli.resultcache import code_stamp, tool_version

    return (FORMAT, tool_version(), code_stamp(), sys.version_info[:2])


def load(name: str, key: tuple[Any, ...] | None = None) -> ChangeStore:
    """The entry ``name`` (kept under ``key``, default ``store_key()``); empty when there is
    none, or it is stale or damaged."""
    found = cache.load_decoded(name, key or store_key(), ChangeStore.decode)
    return ChangeStore() if found is None else found


def save(name: str, store: ChangeStore, key: tuple[Any, ...] | None = None) -> None:
    """Keep ``store`` as ``name`` (under ``key``, default ``store_key()``) when anything was
    added to it."""
    if store.added:
        cache.store_encoded(name, key or store_key(), store.encode)


def working_tree(folder: Path) -> tuple[Any, FileSource] | None:
    """The pilot's files in the working tree, each read once: what the facts depend on
    (the listing and every file's hash), and the files as a source to read the pilot from
    (the very bytes hashed). None when the folder cannot be read."""
    from bygdevekst_cli.resultcache import Snapshot

    source = Snapshot(folder)
    try:
        listing = source.fill()
    except OSError:
        return None
    hashes = sorted((rel, hashlib.sha256(raw).digest()) for rel, raw in source.contents.items())
    return (listing, tuple(hashes)), source
