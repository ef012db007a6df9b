"""Findings are data: what a check found, where, and how bad it is."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bygdevekst_cli.language import Words

#: Longest value a message quotes; longer ones are cut with an ellipsis.
VALUE_LIMIT = 60


def cut(text: str, limit: int = VALUE_LIMIT) -> str:
    """``text`` on one line and at most ``limit`` characters (``…`` marks a cut)."""
    flat = " ".join(text.split()) if ("\n" in text or "\r" in text) else text
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
"""Characters an editor shows as nothing: a soft hyphen, zero-width spaces and joiners,
direction marks, a byte order mark inside the text (pasted from a web page or Word)."""


def visible(text: str) -> str:
    """``text`` with each invisible character written as its code (``<U+200B>``), for a
    message that quotes a value or key the editor shows as right: «1.1<U+200B>» says why
    «1.1» is not an id; «1.1» did not."""
    if not _INVISIBLE.search(text):
        return text
    return _INVISIBLE.sub(lambda found: f"<U+{ord(found.group()):04X}>", text)


def shown_value(value: Any, w: Words) -> str:
    """An offending value as a message quotes it: text in «», numbers as written, cut."""
    if isinstance(value, dict):
        return w("value.table")
    if isinstance(value, list):
        return w("value.list")
    if value is None:
        return w("value.none")
    if isinstance(value, str):
        return f"«{cut(visible(value))}»"
    if isinstance(value, bool):  # as YAML writes it, not Python's «True»
        return "true" if value else "false"
    return cut(repr(value) if not isinstance(value, int | float) else str(value))


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


YamlPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    severity: Severity
    code: str
    message: str
    file: str
    line: int | None = None
    column: int | None = None
    path: YamlPath = ()
    """Where in the YAML document the finding points (keys and list indexes)."""
    language: str | None = field(default=None, compare=False)
    """The written standard of the pilot whose rules worded the message (``validate``
    sets it): the command line words the finding's severity in the same standard, so a
    run over pilots in both standards shows no line half in each. Not in the JSON."""

    def to_json(self) -> dict[str, Any]:
        """The stable machine form fixed in DESIGN.md."""
        return {
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
        }

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line or 0, self.column or 0, self.code)

    def to_data(self) -> tuple[Any, ...]:
        """The finding as plain values, for the caches (``marshal`` keeps no classes)."""
        return (
            self.severity.value,
            self.code,
            self.message,
            self.file,
            self.line,
            self.column,
            self.path,
            self.language,
        )

    @classmethod
    def from_data(cls, data: Any) -> Finding:
        """The finding ``to_data`` gave (also one kept before it gave the language)."""
        severity, code, message, file, line, column, path, *language = data
        return cls(
            Severity(severity),
            code,
            message,
            file,
            line,
            column,
            tuple(path),
            str(language[0]) if language and language[0] is not None else None,
        )


@dataclass
class Report:
    """The outcome of validating one or more files: every finding, sorted by place."""

    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    """Every file that was checked, also those without findings."""

    def extend(self, findings: Iterable[Finding]) -> None:
        self.findings.extend(findings)

    def sorted(self) -> Report:
        return Report(sorted(self.findings, key=Finding.sort_key), sorted(set(self.files)))

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def by_file(self) -> Iterator[tuple[str, list[Finding]]]:
        current: list[Finding] = []
        for finding in sorted(self.findings, key=Finding.sort_key):
            if current and current[0].file != finding.file:
                yield current[0].file, current
                current = []
            current.append(finding)
        if current:
            yield current[0].file, current

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "errors": self.errors,
            "warnings": self.warnings,
            "findings": [f.to_json() for f in sorted(self.findings, key=Finding.sort_key)],
        }
