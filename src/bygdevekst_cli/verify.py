"""The tamper-evident trail: is every adoption of a pilot signed, trusted and still there?

An adoption revision is a treatment's ``adopted_revision`` in a plan's ``schedule`` (a
commit id or a tag) or a ``vedtak/<pilot>/…`` tag (``adoptions``). For each one,
``verify_pilot`` asks git (never parsing a signature itself):

- **signed** (tags only; a commit id fixes its content by itself): an annotated tag with a
  signature that ``git verify-tag`` accepts, made with a key git trusts
  (``gpg.ssh.allowedSignersFile`` for SSH keys, the GPG keyring for GPG keys). Unsigned is
  BV310 (a warning; ``severity = { BV310 = "error" }`` in the configuration makes it an
  error), a signature that does not hold or a tag copied to another name BV311, a key git
  does not trust BV312;
- **there**: the commit is an ancestor of the head (BV313: squashed, rewritten or on another
  branch), and, in ``check``, a commit in the base's history that the head no longer has
  (BV314: the change rewrites history and drops an adopted commit);
- **known**: a revision git does not have at all is BV304 (as ``validate`` reports it), and
  so is a ``vedtak/`` tag of no commit (``git tag -a NAME HEAD:plans``, a folder's tree or a
  file): it names no adopted version to verify.

A shallow clone cannot answer these questions: BV315 says so once, and nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bygdevekst_cli.adoptions import TAG_NAMESPACE, is_ancestor
from bygdevekst_cli.findings import Finding, Report, Severity
from bygdevekst_cli.language import Words
from bygdevekst_cli.pilotset import Document, PilotFiles
from bygdevekst_cli.rules.registry import CATALOGUE, rule_words

if TYPE_CHECKING:
    import git

    from bygdevekst_cli.models import Model

UNSIGNED = "BV310"
BAD_SIGNATURE = "BV311"
UNTRUSTED_KEY = "BV312"
UNREACHABLE = "BV313"
DROPPED = "BV314"
NOT_VERIFIED = "BV315"
UNKNOWN = "BV304"

DETAIL_LIMIT = 100
"""Longest piece of git's own explanation a message quotes."""

_FIELD = "\x1f"
_RECORD = "\x1e"
_TAG_FORMAT = _RECORD + _FIELD.join(
    (
        "%(refname:strip=2)",
        "%(objecttype)",
        "%(objectname)",
        "%(*objectname)",
        "%(*objecttype)",
        "%(tag)",
        "%(contents:signature)",
    )
)


class Signature(StrEnum):
    GOOD = "good"
    UNSIGNED = "unsigned"
    LIGHTWEIGHT = "lightweight"
    BAD = "bad"
    RENAMED = "renamed"
    UNTRUSTED = "untrusted"
    NO_SIGNERS = "no_signers"
    NO_PROGRAM = "no_program"


@dataclass(frozen=True, slots=True)
class Tag:
    """A tag as git stores it."""

    name: str
    """Without ``refs/tags/``."""
    commit: str
    annotated: bool
    stored_name: str
    """The name written inside an annotated tag (another one: the tag was copied)."""
    signed: bool


@dataclass(frozen=True, slots=True)
class Checked:
    """One adoption revision and what git says about it."""

    ref: str
    """As written: the ``adopted_revision`` or the tag's name."""
    commit: str | None
    tag: str | None = None
    signature: Signature | None = None
    """None: not a tag (a commit id is not signed), or not asked (a shallow clone)."""
    reachable: bool | None = None
    detail: str = ""
    """Git's own words when a signature does not verify (its last line, cut)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "commit": self.commit,
            "tag": self.tag,
            "signature": self.signature.value if self.signature else None,
            "reachable": self.reachable,
        }


@dataclass(frozen=True)
class Verification:
    """The trail of one pilot: every adoption revision checked, and what was found."""

    pilot: str
    checked: tuple[Checked, ...]
    report: Report

    @property
    def verified(self) -> int:
        """The revisions git could check: those that name a commit (one of no commit, or
        unknown, is told by its finding instead)."""
        return sum(1 for c in self.checked if c.commit is not None)

    @property
    def signed(self) -> int:
        return sum(1 for c in self.checked if c.signature is Signature.GOOD)

    def to_json(self) -> dict[str, Any]:
        return {
            "pilot": self.pilot,
            "adoptions": [c.to_json() for c in self.checked],
            **self.report.to_json(),
        }


# --- asking git ----------------------------------------------------------------------------


def all_tags(repo: git.Repo) -> dict[str, Tag]:
    """Every tag, by name, with the commit it names (directly or through annotated tags);
    a tag of no commit (a folder's tree or a file) has none (``""``)."""
    from bygdevekst_cli.gitrun import run_git
    from bygdevekst_cli.gittags import commits_below_tags

    output = run_git(repo, "for_each_ref", f"--format={_TAG_FORMAT}", "refs/tags/")
    records = [r for r in (record.split(_FIELD) for record in output.split(_RECORD)) if len(r) == 7]
    below = commits_below_tags(repo, [r[0] for r in records if r[1] == r[4] == "tag"])
    tags: dict[str, Tag] = {}
    for name, kind, target, peeled, peeled_kind, stored, signature in records:
        if kind == "commit":
            tags[name] = Tag(name, target, False, name, False)
        elif kind == "tag" and (commit := peeled if peeled_kind == "commit" else below.get(name)):
            tags[name] = Tag(name, commit, True, stored, bool(signature.strip()))
        else:  # of a tree or a file (``git tag -a NAME HEAD:plans``): told, not left out
            tags[name] = Tag(name, "", kind == "tag", stored, bool(signature.strip()))
    return tags


def check_signature(repo: git.Repo, tag: Tag) -> tuple[Signature, str]:
    """What ``git verify-tag`` says of ``tag``, with git's explanation when it refuses."""
    if not tag.annotated:
        return Signature.LIGHTWEIGHT, ""
    if not tag.signed:
        return Signature.UNSIGNED, ""
    status, stdout, stderr = repo.git.verify_tag(
        "--raw", f"refs/tags/{tag.name}", with_extended_output=True, with_exceptions=False
    )
    said = f"{stdout}\n{stderr}"
    if status == 0:
        if tag.stored_name != tag.name:
            return Signature.RENAMED, tag.stored_name
        return Signature.GOOD, ""
    return _refusal(said), _detail(said)


def _refusal(said: str) -> Signature:
    """Which refusal git's words (SSH) or GPG's status lines (``--raw``) describe."""
    if "allowedSignersFile needs to be configured" in said:
        return Signature.NO_SIGNERS
    if "cannot run" in said or "failed to run" in said:  # no gpg or ssh-keygen to ask
        return Signature.NO_PROGRAM
    untrusted = ("No principal matched", "[GNUPG:] NO_PUBKEY", "[GNUPG:] ERRSIG", "No public key")
    if any(marker in said for marker in untrusted):
        return Signature.UNTRUSTED
    return Signature.BAD


def _detail(said: str) -> str:
    from bygdevekst_cli.findings import cut

    lines = [line.strip() for line in said.splitlines() if line.strip()]
    human = [line for line in lines if not line.startswith("[GNUPG:]")]
    return cut((human or lines or [""])[-1], DETAIL_LIMIT)


# --- one pilot -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Place:
    """Where a finding about one revision points: a plan's ``adopted_revision`` line, or,
    for a tag the data does not name, the pilot file."""

    document: Document[Model] | None
    path: tuple[str | int, ...]
    file: str


def _data_revisions(files: PilotFiles) -> Iterator[tuple[str, _Place]]:
    for plan in files.plans.values():
        for index, treatment in enumerate(plan.model.schedule):
            if treatment.adopted_revision is not None:
                path = ("schedule", index, "adopted_revision")
                yield treatment.adopted_revision, _Place(plan, path, plan.display)


def _tag_name(revision: str) -> str:
    return revision.removeprefix("refs/").removeprefix("tags/")


def verify_pilot(
    repo: git.Repo,
    files: PilotFiles,
    head: str = "HEAD",
    base: str | None = None,
    *,
    report_unknown: bool = True,
) -> Verification:
    """Check every adoption revision of one pilot against ``head`` (and ``base``, for a
    change that rewrites history). ``report_unknown``: report a revision git does not have
    (BV304); ``check`` leaves that to the validation it runs anyway."""
    from bygdevekst_cli.gitsource import find_commit, is_shallow
    from bygdevekst_cli.rules.adoption import unknown_revision

    w = rule_words(files)
    pilot_id = files.pilot.model.id if files.pilot else files.folder.name
    pilot_file = files.pilot.display if files.pilot else files.display
    findings: list[Finding] = []
    if is_shallow(repo):
        place = _Place(files.pilot, (), pilot_file)
        findings.append(_finding(place, NOT_VERIFIED, "shallow", w, fetch="git fetch --unshallow"))
        return Verification(pilot_id, (), Report(findings, [pilot_file]))
    tags = all_tags(repo)
    wanted: dict[str, _Place] = {}
    for revision, place in _data_revisions(files):
        wanted.setdefault(revision, place)
    for namespace in dict.fromkeys((pilot_id, files.folder.name)):
        prefix = f"{TAG_NAMESPACE}/{namespace}/"
        named = {_tag_name(r) for r in wanted}
        for name in sorted(tags):
            if name.startswith(prefix) and name not in named:
                wanted[name] = _Place(files.pilot, (), pilot_file)
    checked: list[Checked] = []
    for revision, place in wanted.items():
        tag = tags.get(_tag_name(revision))
        if tag is not None and not tag.commit:
            # validate says it of a revision the data names (BV304), in ``check`` too
            if report_unknown or place.document is None:
                findings.append(_finding(place, UNKNOWN, "tag_no_commit", w, tag=tag.name))
            checked.append(Checked(revision, None, tag.name))
            continue
        commit = tag.commit if tag else _commit_of(find_commit(repo, revision))
        if commit is None:
            if report_unknown:
                key, slots = unknown_revision(repo, revision, "unknown")
                findings.append(_finding(place, UNKNOWN, key, w, **slots))
            checked.append(Checked(revision, None))
            continue
        one, found = _check_one(repo, revision, commit, tag, head, base)
        checked.append(one)
        findings.extend(_finding(place, code, key, w, **slots) for code, key, slots in found)
    files_checked = sorted({p.file for p in wanted.values()} | {pilot_file})
    return Verification(pilot_id, tuple(checked), Report(findings, files_checked).sorted())


def _commit_of(commit: git.Commit | None) -> str | None:
    return commit.hexsha if commit is not None else None


Found = tuple[str, str, dict[str, str]]
"""A finding before it is worded: code, message key, slots."""


def _check_one(
    repo: git.Repo, revision: str, commit: str, tag: Tag | None, head: str, base: str | None
) -> tuple[Checked, list[Found]]:
    found: list[Found] = []
    signature, detail = (None, "") if tag is None else check_signature(repo, tag)
    if tag is not None and signature is not None:
        found.extend(_signature_findings(tag, signature, detail, commit))
    reachable = is_ancestor(repo, commit, head)
    if not reachable:
        slots = {"revision": revision, "commit": commit[:12], "head": head}
        if base is not None and is_ancestor(repo, commit, base):
            found.append((DROPPED, "dropped", {**slots, "base": base}))
        else:
            found.append((UNREACHABLE, "unreachable", slots))
    return Checked(revision, commit, tag.name if tag else None, signature, reachable, detail), found


def _signature_findings(
    tag: Tag, signature: Signature, detail: str, commit: str
) -> Iterable[Found]:
    """The finding a tag's signature gives; ``commit`` (the adopted one) goes into the
    command that makes the tag again, as ``git tag -s`` alone refuses a name that exists."""
    slots = {"tag": tag.name, "detail": detail, "commit": commit[:12]}
    codes = {
        Signature.UNSIGNED: UNSIGNED,
        Signature.LIGHTWEIGHT: UNSIGNED,
        Signature.BAD: BAD_SIGNATURE,
        Signature.RENAMED: BAD_SIGNATURE,
        Signature.UNTRUSTED: UNTRUSTED_KEY,
        Signature.NO_SIGNERS: UNTRUSTED_KEY,
        Signature.NO_PROGRAM: UNTRUSTED_KEY,
    }
    if signature in codes:
        yield codes[signature], signature.value, slots


def _finding(place: _Place, code: str, key: str, w: Words, **slots: str) -> Finding:
    from bygdevekst_cli.findings import cut

    severity = CATALOGUE[code].severity if code in CATALOGUE else Severity.ERROR
    shown = {name: cut(value, DETAIL_LIMIT) for name, value in slots.items()}
    message = w(f"rule.{code}.{key}", **shown)
    if place.document is not None:
        return place.document.finding(severity, code, message, place.path)
    return Finding(severity, code, message, place.file)


def verify_named_pilot(pilot: str, cwd: Path | None = None) -> Verification:
    """``history --verify``: the trail of the pilot the command line names, against HEAD,
    with the configuration's ``select``, ``ignore`` and ``severity`` applied."""
    from bygdevekst_cli.config import load_config
    from bygdevekst_cli.gitsource import open_repository
    from bygdevekst_cli.pilotset import read_pilot
    from bygdevekst_cli.selection import select_findings, selection_from
    from bygdevekst_cli.validate import display_path, resolve_pilot

    cwd = cwd or Path.cwd()
    folder = resolve_pilot(pilot, cwd)
    repo = open_repository(folder)
    files = read_pilot(folder, display_path(folder, cwd))
    found = verify_pilot(repo, files)
    selection = selection_from(load_config(cwd).config, (), ())
    report = select_findings(found.report, selection, cwd).sorted()
    return Verification(found.pilot, found.checked, report)
