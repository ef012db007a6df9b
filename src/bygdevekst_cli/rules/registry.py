"""The catalogue of finding codes, and the registry of rules that run on a pilot.

Every code the tool can report is listed here with its name, severity and a one-line
explanation: the YAML and schema codes (checked while reading) and the rules (checked
on the models). ``bygdevekst validate --list-rules`` prints this catalogue.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from bygdevekst_cli.findings import Finding, Severity, YamlPath
from bygdevekst_cli.language import Words, cli_words
from bygdevekst_cli.loader import YamlCode
from bygdevekst_cli.models import Model
from bygdevekst_cli.models.codes import Body
from bygdevekst_cli.pilotset import Document, PilotFiles
from bygdevekst_cli.schema_errors import SchemaCode


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule found: the document, the YAML path, and the message.

    ``message`` names the sentence in the catalogue (``rule.<code>.<message>``) and ``slots``
    fills it; a list in a slot is joined («A, B og C»). The rule's ``Rule.findings`` words it
    in the pilot's language (``rule_words``).
    """

    document: Document[Model]
    path: YamlPath
    message: str
    slots: Mapping[str, Any] = field(default_factory=dict)
    key: bool = False
    """Point at the key rather than the value (for a field that should not be there)."""
    line_offset: int = 0
    """Lines below the value's start, for a hit inside a literal block (column unknown)."""


Check = Callable[[PilotFiles], Iterable[Hit]]


def rule_words(files: PilotFiles) -> Words:
    """The language of a pilot's findings: the command line's, chosen by the pilot's."""
    language = files.pilot.model.language.value if files.pilot is not None else None
    return cli_words(language)


def _worded(value: Any, words: Words) -> Any:
    if isinstance(value, list | tuple):
        return words.join(value)
    if isinstance(value, Body):  # a code is shown by its word (issue 10)
        return words(f"body.{value.value}")
    return value


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    check: Check | None = None
    """None for codes reported while reading files (YAML, schema, folder layout)."""
    summary_slots: Mapping[str, Any] = field(default_factory=dict)

    def explain(self, words: Words | None = None) -> str:
        """The one-line explanation ``--list-rules`` shows (``rule.<code>.summary``)."""
        return (words or cli_words())(f"rule.{self.code}.summary", **self.summary_slots)

    def findings(self, files: PilotFiles) -> Iterable[Finding]:
        if self.check is None:
            return
        words: Words | None = None  # looked up at the first hit: most rules find nothing
        for hit in self.check(files):
            if words is None:
                words = rule_words(files)
            slots = {name: _worded(value, words) for name, value in hit.slots.items()}
            message = words(f"rule.{self.code}.{hit.message}", **slots)
            found = hit.document.finding(self.severity, self.code, message, hit.path, key=hit.key)
            if hit.line_offset and found.line is not None:
                found = replace(found, line=found.line + hit.line_offset, column=None)
            yield found


CATALOGUE: dict[str, Rule] = {}


def _register(rule: Rule) -> None:
    if rule.code in CATALOGUE:
        raise RuntimeError(f"finding code {rule.code} is registered twice")
    CATALOGUE[rule.code] = rule


def rule(code: str, name: str, severity: Severity, **summary: Any) -> Callable[[Check], Check]:
    """Register a check under a stable code; its words are the catalogue's ``rule.<code>``
    (``summary`` fills the slots of its explanation)."""

    def register(check: Check) -> Check:
        _register(Rule(code, name, severity, check, summary))
        return check

    return register


def _reading(code: str, name: str, severity: Severity = Severity.ERROR) -> None:
    _register(Rule(code, name, severity))


_reading(YamlCode.SYNTAX, "yaml-syntax")
_reading(YamlCode.TAB, "tab-indent")
_reading(YamlCode.DUPLICATE_KEY, "duplicate-key")
_reading(YamlCode.TAG, "yaml-tag")
_reading(YamlCode.ANCHOR, "anchor-alias")
_reading(YamlCode.TOO_DEEP, "too-deep")
_reading(YamlCode.TOO_LARGE, "too-large")
_reading(YamlCode.ENCODING, "not-utf8")
_reading(YamlCode.MULTI_DOCUMENT, "multi-document")
_reading(YamlCode.NOT_MAPPING, "root-not-mapping")
_reading(YamlCode.UNREADABLE, "unreadable")
_reading(YamlCode.COMPLEX_KEY, "complex-key")
_reading("BV013", "unknown-file", Severity.WARNING)
_reading("BV014", "missing-file")
_reading("BV015", "rules-not-run", Severity.WARNING)
_reading("BV090", "unused-suppression", Severity.WARNING)
_reading("BV091", "bad-suppression", Severity.WARNING)
_reading(SchemaCode.MISSING, "missing-field")
_reading(SchemaCode.UNKNOWN_FIELD, "unknown-field")
_reading(SchemaCode.INVALID, "invalid-value")
_reading(SchemaCode.KRONER, "whole-kroner")


def run_rules(files: PilotFiles) -> list[Finding]:
    """Run every registered rule on one pilot."""
    from bygdevekst_cli import rules  # noqa: F401  (importing the package registers the rules)

    found: list[Finding] = []
    for entry in CATALOGUE.values():
        found.extend(entry.findings(files))
    return found
