"""The catalogue of finding codes, and the registry of rules that run on a pilot.

Every code the tool can report is listed here with its name, severity and a one-line
explanation: the YAML and schema codes (checked while reading) and the rules (checked
on the models). ``bygdevekst validate --list-rules`` prints this catalogue.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from bygdevekst_cli.findings import Finding, Severity, YamlPath
from bygdevekst_cli.formatting import Kroner, Percent, kroner, percent
from bygdevekst_cli.language import Words, cli_words
from bygdevekst_cli.models import Model
from bygdevekst_cli.models.codes import Body
from bygdevekst_cli.pilotset import Document, PilotFiles
from bygdevekst_cli.rulebook import CODES, Code, Stage

if TYPE_CHECKING:
    from bygdevekst_cli.diff import FieldChange

#: The slots of a sentence that has none (one shared mapping, read only).
NO_SLOTS: Mapping[str, Any] = MappingProxyType({})


class ChangedFields(NamedTuple):
    """Changed fields in a slot, named as ``diff`` names them (``value_text.place``):
    «budsjett 2026, statlege tiltaksmidlar; tittel», not ``budget.2026.state_measure_funds,
    title``; a party in a path by its name (``names``: a name by id)."""

    changes: tuple[FieldChange, ...]
    names: Mapping[str, str] = NO_SLOTS


class Hit(NamedTuple):
    """What a rule found: the document, the YAML path, and the message.

    ``message`` names the sentence in the catalogue (``rule.<code>.<message>``) and ``slots``
    fills it; a list in a slot is joined («A, B og C»). The rule's ``Rule.findings`` words it
    in the pilot's language (``rule_words``).
    """

    document: Document[Model]
    path: YamlPath
    message: str
    slots: Mapping[str, Any] = NO_SLOTS
    key: bool = False
    """Point at the key rather than the value (for a field that should not be there)."""
    line_offset: int = 0
    """Lines below the value's start, for a hit inside a literal block (column unknown)."""


Check = Callable[[PilotFiles], Iterable[Hit]]


def folded(
    code: str,
    files: PilotFiles,
    hits: list[Hit],
    at: YamlPath,
    item: str,
    many: str = "many",
    **slots: Any,
) -> Iterator[Hit]:
    """The hits of one fact repeated per measure, meeting or party of one document, as one
    finding at ``at`` (message ``many``: their ``count`` and the ``item`` slot of each).

    Thirteen warnings that each say «this meeting lacks its case number» read as noise, and
    a secretariat that stops reading warnings misses the one that matters. A single hit is
    reported as it is, where it is; so is a hit whose line a ``# bygdevekst: ignore[…]``
    comment suppresses, so that the comment still drops it (and counts as used).
    """
    if len(hits) < 2:
        yield from hits  # nothing to fold (and no file to read again)
        return
    dropped, kept = suppressed_apart(code, files, hits)
    yield from dropped
    if len(kept) == 1:
        yield kept[0]
    elif kept:
        items = list(dict.fromkeys(hit.slots[item] for hit in kept))  # each named once
        yield Hit(kept[0].document, at, many, {**slots, "count": len(kept), item: items})


def suppressed_apart(code: str, files: PilotFiles, hits: list[Hit]) -> tuple[list[Hit], list[Hit]]:
    """``hits`` (of one document) as those whose line a comment suppresses and the rest: a
    rule that folds its hits into one yields the first as they are, for the comment to drop."""
    lines = _suppressed_lines(code, files, hits[0].document) if hits else frozenset()
    dropped = [hit for hit in hits if _line(hit) in lines]
    return dropped, [hit for hit in hits if _line(hit) not in lines]


def _line(hit: Hit) -> int | None:
    line = hit.document.position(hit.path, key=hit.key)[0]
    return None if line is None else line + hit.line_offset


def _suppressed_lines(code: str, files: PilotFiles, document: Document[Model]) -> frozenset[int]:
    """The lines of ``document`` whose findings of ``code`` a comment suppresses (read from
    where the pilot was read; nothing when the file cannot be read again)."""
    if files.source is None:
        return frozenset()
    try:
        raw = files.source.read(document.path.as_posix())
        text = raw.decode("utf-8") if b"bygdevekst" in raw else ""
    except (OSError, UnicodeDecodeError):
        return frozenset()
    if not text:
        return frozenset()
    from bygdevekst_cli.selection import scan_suppressions

    suppressions = scan_suppressions(text)[0]
    return frozenset(s.target for s in suppressions if any(map(code.startswith, s.codes)))


def rule_words(files: PilotFiles) -> Words:
    """The language of a pilot's findings: the command line's, chosen by the pilot's."""
    language = files.pilot.model.language.value if files.pilot is not None else None
    return cli_words(language)


def party_name(files: PilotFiles, party_id: str) -> str:
    """A party as a message names it: by the name pilot.yaml gives it («Tokke kommune»),
    where a reader knows it; by its id where pilot.yaml names no such party (a reference
    BV202 reports, and the id is then what the user must find in the file)."""
    party = files.pilot.model.party(party_id) if files.pilot is not None else None
    return party.name if party is not None else party_id


class Meeting(NamedTuple):
    """A body of a party, as a message names it: «kommunestyret i Tokke kommune». KDD is
    named by its own word alone: the ministry is the party («KDD i Kommunal- og
    distriktsdepartementet» said it twice)."""

    body: Body
    party: str
    """The party's name (``party_name``)."""


def meeting(files: PilotFiles, body: Body, party_id: str) -> Meeting:
    return Meeting(body, party_name(files, party_id))


def _worded(value: Any, words: Words) -> Any:
    if isinstance(value, ChangedFields):  # a path holds commas: the places apart by «;»
        from bygdevekst_cli.present.value_text import place

        return "; ".join(place(c, words, value.names.get) for c in value.changes)
    if isinstance(value, Meeting):
        body = words(f"body.{value.body.value}")
        if value.body is Body.KDD:
            return body
        return words("diff.body_in_party", body=body, party=value.party)
    if isinstance(value, list | tuple):
        return words.join(value)
    if isinstance(value, Kroner):
        return kroner(value, words.language)
    if isinstance(value, Percent):
        return percent(value, words.language)
    if isinstance(value, Body):  # a code is shown by its word (issue 10)
        return words(f"body.{value.value}")
    return value


class Rule(NamedTuple):
    code: str
    name: str
    severity: Severity
    check: Check | None = None
    """None for codes reported while reading files (YAML, schema, folder layout)."""
    summary_slots: Mapping[str, Any] = NO_SLOTS

    def explain(self, words: Words | None = None) -> str:
        """The one-line explanation ``--list-rules`` shows (``rule.<code>.summary``)."""
        return (words or cli_words())(f"rule.{self.code}.summary", **self.summary_slots)

    def findings(self, files: PilotFiles) -> list[Finding]:
        """What the check finds, worded (a list, not a generator: a pilot runs every rule
        and most find nothing, so a generator's frame around the check's would be waste)."""
        found: list[Finding] = []
        if self.check is None:
            return found
        words: Words | None = None  # looked up at the first hit: most rules find nothing
        for hit in self.check(files):
            if words is None:
                words = rule_words(files)
            found.append(self.worded(hit, words))
        return found

    def worded(self, hit: Hit, words: Words) -> Finding:
        """``hit`` as the finding ``validate`` reports: in ``words``, at its position."""
        key = f"rule.{self.code}.{hit.message}"
        words = words.sentence(key)  # its lists and amounts in the sentence's language
        slots = {name: _worded(value, words) for name, value in hit.slots.items()}
        message = words(key, **slots)
        found = hit.document.finding(self.severity, self.code, message, hit.path, key=hit.key)
        if hit.line_offset and found.line is not None:
            found = replace(found, line=found.line + hit.line_offset, column=None)
        return found


CATALOGUE: dict[str, Rule] = {}


def _register(rule: Rule) -> None:
    if rule.code in CATALOGUE:
        raise RuntimeError(f"finding code {rule.code} is registered twice")
    CATALOGUE[rule.code] = rule


def _entry(code: str, stage: Stage) -> Code:
    entry = CODES.get(code)
    if entry is None or entry.stage is not stage:
        raise RuntimeError(f"finding code {code} is not a {stage.value} code in rulebook.py")
    return entry


def rule(code: str, **summary: Any) -> Callable[[Check], Check]:
    """Register a check under a stable code; its name and severity are the rulebook's, its
    words the catalogue's ``rule.<code>`` (``summary`` fills the slots of its explanation)."""
    entry = _entry(code, Stage.RULE)

    def register(check: Check) -> Check:
        _register(Rule(code, entry.name, entry.severity, check, summary))
        return check

    return register


def register_unchecked(stage: Stage) -> None:
    """Register the rulebook's codes of ``stage`` that no rule checks (found while reading
    files, or by the trail)."""
    for code, entry in CODES.items():
        if entry.stage is stage:
            _register(Rule(code, entry.name, entry.severity))


register_unchecked(Stage.READING)


def run_rules(files: PilotFiles) -> list[Finding]:
    """Run every registered rule on one pilot."""
    from bygdevekst_cli import rules  # noqa: F401  (importing the package registers the rules)

    found: list[Finding] = []
    for entry in CATALOGUE.values():
        if entry.check is not None:  # a code reported while reading files has no check
            found.extend(entry.findings(files))
    return found
