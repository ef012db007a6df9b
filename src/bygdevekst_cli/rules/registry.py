"""The catalogue of finding codes, and the registry of rules that run on a pilot.

Every code the tool can report is listed here with its name, severity and a one-line
explanation: the YAML and schema codes (checked while reading) and the rules (checked
on the models). ``bygdevekst validate --list-rules`` prints this catalogue.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from bygdevekst_cli.findings import Finding, Severity, YamlPath
from bygdevekst_cli.loader import YamlCode
from bygdevekst_cli.models import Model
from bygdevekst_cli.pilotset import Document, PilotFiles
from bygdevekst_cli.schema_errors import SchemaCode


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule found: the document, the YAML path, and the message."""

    document: Document[Model]
    path: YamlPath
    message: str
    key: bool = False
    """Point at the key rather than the value (for a field that should not be there)."""
    line_offset: int = 0
    """Lines below the value's start, for a hit inside a literal block (column unknown)."""


Check = Callable[[PilotFiles], Iterable[Hit]]


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    check: Check | None = None
    """None for codes reported while reading files (YAML, schema, folder layout)."""

    def findings(self, files: PilotFiles) -> Iterable[Finding]:
        if self.check is None:
            return
        for hit in self.check(files):
            found = hit.document.finding(
                self.severity, self.code, hit.message, hit.path, key=hit.key
            )
            if hit.line_offset and found.line is not None:
                found = replace(found, line=found.line + hit.line_offset, column=None)
            yield found


CATALOGUE: dict[str, Rule] = {}


def _register(rule: Rule) -> None:
    if rule.code in CATALOGUE:
        raise RuntimeError(f"finding code {rule.code} is registered twice")
    CATALOGUE[rule.code] = rule


def rule(code: str, name: str, severity: Severity, summary: str) -> Callable[[Check], Check]:
    """Register a check under a stable code."""

    def register(check: Check) -> Check:
        _register(Rule(code, name, severity, summary, check))
        return check

    return register


def _reading(code: str, name: str, summary: str, severity: Severity = Severity.ERROR) -> None:
    _register(Rule(code, name, severity, summary))


_reading(YamlCode.SYNTAX, "yaml-syntax", "Filen er ikke gyldig YAML.")
_reading(YamlCode.TAB, "tab-indent", "Innrykk med tabulator; YAML krever mellomrom.")
_reading(YamlCode.DUPLICATE_KEY, "duplicate-key", "Samme nøkkel står to ganger i en tabell.")
_reading(YamlCode.TAG, "yaml-tag", "YAML-tagger (!!str, !tag) er ikke tillatt i pilotfiler.")
_reading(YamlCode.ANCHOR, "anchor-alias", "Ankre og alias (&navn, *navn) er ikke tillatt.")
_reading(YamlCode.TOO_DEEP, "too-deep", "Nøstingen er for dyp.")
_reading(YamlCode.TOO_LARGE, "too-large", "Filen er for stor.")
_reading(YamlCode.ENCODING, "not-utf8", "Filen er ikke lagret som UTF-8.")
_reading(YamlCode.MULTI_DOCUMENT, "multi-document", "Filen har mer enn ett YAML-dokument.")
_reading(YamlCode.NOT_MAPPING, "root-not-mapping", "Toppnivået er ikke en tabell med felt.")
_reading(YamlCode.UNREADABLE, "unreadable", "Filen kan ikke leses.")
_reading(YamlCode.COMPLEX_KEY, "complex-key", "En nøkkel er en liste eller tabell.")
_reading("BV013", "unknown-file", "Ukjent YAML-fil i pilotmappen.", Severity.WARNING)
_reading("BV014", "missing-file", "Pilotmappen mangler pilot.yaml eller agreement.yaml.")
_reading("BV015", "rules-not-run", "En fil er kontrollert uten pilotens regler.", Severity.WARNING)
_reading(SchemaCode.MISSING, "missing-field", "Et påkrevd felt mangler.")
_reading(SchemaCode.UNKNOWN_FIELD, "unknown-field", "Et felt modellen ikke kjenner (skrivefeil?).")
_reading(SchemaCode.INVALID, "invalid-value", "En verdi har feil type eller form.")
_reading(SchemaCode.KRONER, "whole-kroner", "Beløp skal være ikke-negative hele kroner (heltall).")


def run_rules(files: PilotFiles) -> list[Finding]:
    """Run every registered rule on one pilot."""
    from bygdevekst_cli import rules  # noqa: F401  (importing the package registers the rules)

    found: list[Finding] = []
    for entry in CATALOGUE.values():
        found.extend(entry.findings(files))
    return found
