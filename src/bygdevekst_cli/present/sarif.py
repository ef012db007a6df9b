"""SARIF 2.1.0: the report GitHub code scanning (and other platforms) read.

One run; ``tool.driver.rules`` lists every code in the catalogue with its name and
explanation, results point at files relative to ``%SRCROOT%`` (the repository's root).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from bygdevekst_cli import __version__
from bygdevekst_cli.findings import Finding, Report, Severity
from bygdevekst_cli.fsutil import resolved
from bygdevekst_cli.jsontext import indented_json
from bygdevekst_cli.present.locations import repository_root, under_root

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning"}


def _rules() -> list[dict[str, Any]]:
    from bygdevekst_cli.rules import CATALOGUE

    return [
        {
            "id": code,
            "name": entry.name,
            "shortDescription": {"text": entry.explain()},
            "fullDescription": {"text": entry.explain()},
            "defaultConfiguration": {"level": _LEVEL[entry.severity]},
        }
        for code, entry in sorted(CATALOGUE.items())
    ]


def _result(finding: Finding, index: dict[str, int], cwd: Path, root: Path) -> dict[str, Any]:
    relative = under_root(finding.file, cwd, root)
    artifact = (
        {"uri": quote(relative), "uriBaseId": SRCROOT}
        if relative is not None
        else {"uri": resolved(cwd / finding.file).as_uri()}
    )
    location: dict[str, Any] = {"artifactLocation": artifact}
    if finding.line is not None:
        region = {"startLine": finding.line}
        if finding.column is not None:
            region["startColumn"] = finding.column
        location["region"] = region
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "level": _LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": location}],
    }
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    return result


def sarif_log(report: Report, cwd: Path | None = None) -> dict[str, Any]:
    """The SARIF log of a report, as JSON data."""
    cwd = cwd or Path.cwd()
    root = repository_root(cwd)
    rules = _rules()
    index = {rule["id"]: number for number, rule in enumerate(rules)}
    results = [
        _result(finding, index, cwd, root)
        for finding in sorted(report.findings, key=Finding.sort_key)
    ]
    run = {
        "tool": {
            "driver": {
                "name": "bygdevekst",
                "version": __version__,
                "rules": rules,
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": root.as_uri() + "/"}},
        "results": results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def report_sarif(report: Report, out: TextIO) -> None:
    out.write(indented_json(sarif_log(report)) + "\n")
