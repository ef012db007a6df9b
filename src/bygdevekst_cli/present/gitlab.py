"""GitLab's Code Quality report (a subset of Code Climate's issue format).

Each finding is one issue: ``description``, ``check_name`` (the code), ``fingerprint``,
``severity`` (an error is ``major``, a warning ``minor``) and ``location`` with the path
relative to the repository's root and ``lines.begin``. GitLab requires a line; a finding
about a whole file (no line) points at line 1.

The fingerprint is a SHA-256 of the code, the path and the message, not the line, so it
stays the same when lines above move (GitLab compares fingerprints between the merge
request and its target); identical findings in one file are told apart by a counter.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path
from typing import Any, TextIO

from bygdevekst_cli.findings import Finding, Report, Severity
from bygdevekst_cli.fsutil import name_bytes
from bygdevekst_cli.jsontext import indented_json
from bygdevekst_cli.present.locations import repository_root, root_relative

_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor"}


def fingerprint(code: str, path: str, message: str, occurrence: int) -> str:
    text = "\0".join((code, path, message, str(occurrence)))
    return hashlib.sha256(name_bytes(text)).hexdigest()


def code_quality(report: Report, cwd: Path | None = None) -> list[dict[str, Any]]:
    """The Code Quality issues of a report, as JSON data."""
    cwd = cwd or Path.cwd()
    root = repository_root(cwd)
    seen: Counter[tuple[str, str, str]] = Counter()
    issues: list[dict[str, Any]] = []
    for finding in sorted(report.findings, key=Finding.sort_key):
        path = root_relative(finding.file, cwd, root)
        key = (finding.code, path, finding.message)
        seen[key] += 1
        issues.append(
            {
                "type": "issue",
                "description": f"{finding.code} {finding.message}",
                "check_name": finding.code,
                "fingerprint": fingerprint(*key, seen[key]),
                "severity": _SEVERITY[finding.severity],
                "location": {"path": path, "lines": {"begin": finding.line or 1}},
            }
        )
    return issues


def report_gitlab(report: Report, out: TextIO) -> None:
    out.write(indented_json(code_quality(report)) + "\n")
