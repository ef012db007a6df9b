"""The tags of a pilot's decisions (``vedtak/…``), from one ``git for-each-ref``."""

from __future__ import annotations

from dataclasses import dataclass

from bygdevekst_cli.gitlog import FIELD, with_offset
from bygdevekst_cli.gitrun import GitPlace, legacy_text, run_git
from bygdevekst_cli.gitsource import peeled_commits


@dataclass(frozen=True, slots=True)
class TagInfo:
    name: str
    """Without ``refs/tags/``."""
    commit: str
    """Empty for a tag of no commit (an annotated tag of a folder's tree or of a file)."""
    message: str
    """First line of an annotated tag's message; empty for a lightweight tag."""
    tagger: str
    date: str


_TAG_FORMAT = FIELD.join(
    (
        "%(refname:strip=2)",
        "%(objecttype)",
        "%(objectname)",
        "%(*objectname)",
        "%(*objecttype)",
        "%(taggername)",
        "%(taggerdate:iso-strict)",
        "%(contents:subject)",  # last: free text, which may hold the separator itself
    )
)


def tags_under(repo: GitPlace, prefix: str, *, of_no_commit: bool = False) -> list[TagInfo]:
    """Tags named ``prefix…`` that point (through annotated tags) at a commit; with
    ``of_no_commit``, also those that point at none (``git tag -a NAME HEAD:plans``, a
    tree or a file), with no commit (``""``), so that they can be told, not left out."""
    return _tags(repo, f"refs/tags/{prefix}/", of_no_commit=of_no_commit)


def tag_named(repo: GitPlace, revision: str) -> TagInfo | None:
    """The tag ``revision`` names (``vedtak/…``, ``tags/vedtak/…`` or ``refs/tags/vedtak/…``),
    read as ``tags_under`` reads tags: its commit is empty when it points at none (a
    folder's tree or a file); None when no tag has that name."""
    name = revision.removeprefix("refs/").removeprefix("tags/")
    found = _tags(repo, f"refs/tags/{name}", of_no_commit=True)
    return next((tag for tag in found if tag.name == name), None)


def _tags(repo: GitPlace, pattern: str, *, of_no_commit: bool) -> list[TagInfo]:
    output = run_git(repo, "for_each_ref", f"--format={_TAG_FORMAT}", pattern)
    records = [
        tuple(map(legacy_text, line.split(FIELD, 7)))
        for line in output.split("\n")  # not splitlines(): it also splits at \x1c-\x1e
        if line
    ]
    below = commits_below_tags(repo, [r[0] for r in records if r[1] == r[4] == "tag"])
    tags = []
    for name, kind, target, peeled, peeled_kind, tagger, iso_date, subject in records:
        date = with_offset(iso_date)
        if kind == "commit":
            tags.append(TagInfo(name, target, "", "", ""))
        elif kind == "tag" and (commit := peeled if peeled_kind == "commit" else below.get(name)):
            tags.append(TagInfo(name, commit, subject, tagger, date))
        elif of_no_commit and kind == "tag":  # of a tree or a file, through annotated tags
            tags.append(TagInfo(name, "", subject, tagger, date))
        elif of_no_commit:  # a lightweight tag of a tree or a file
            tags.append(TagInfo(name, "", "", "", ""))
    return tags


def commits_below_tags(repo: GitPlace, names: list[str]) -> dict[str, str]:
    """The commit each tag of a tag (``git tag -a vedtak/… forslag``, where ``forslag`` is
    an annotated tag itself) leads to, by the tag's name: ``git for-each-ref`` peels a tag
    once, which leaves the inner tag. Those that lead to no commit are left out."""
    if not names:
        return {}
    found = peeled_commits(repo, [f"refs/tags/{name}" for name in names])
    return {name: commit for name in names if (commit := found.get(f"refs/tags/{name}"))}
