"""JUnit XML, as Apache Ant writes it: what GitLab (and most CI) shows as test results.

One ``testsuite`` per checked file; one ``testcase`` per finding, named by its code and
place; an error is a ``failure``, a warning a passed test case whose message goes to the
suite's ``system-out``. A file without findings has one passed test case, so every checked
file shows. The layout follows the Ant schema (``tests/data/schemas/junit.xsd``).
"""

from __future__ import annotations

import datetime as dt
import socket
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TextIO

from bygdevekst_cli.findings import Finding, Report, Severity
from bygdevekst_cli.language import cli_words
from bygdevekst_cli.present.locations import repository_root, root_relative
from bygdevekst_cli.present.validate import place as where


def _suite(path: str, findings: list[Finding], number: int, stamp: str, host: str) -> ET.Element:
    w = cli_words()
    failures = sum(1 for f in findings if f.severity is Severity.ERROR)
    suite = ET.Element(
        "testsuite",
        name=path,
        package=path,
        id=str(number),
        timestamp=stamp,
        hostname=host,
        tests=str(max(len(findings), 1)),
        failures=str(failures),
        errors="0",
        skipped="0",
        time="0",
    )
    ET.SubElement(suite, "properties")
    output: list[str] = []
    for finding in findings:
        place = where(finding, path)
        case = ET.SubElement(
            suite, "testcase", name=f"{finding.code} {place}", classname=path, time="0"
        )
        if finding.severity is Severity.ERROR:
            failure = ET.SubElement(case, "failure", message=finding.message, type=finding.code)
            failure.text = f"{place}: {finding.code} {finding.message}"
        else:
            output.append(f"{place}: {w('report.warning')} {finding.code} {finding.message}")
    if not findings:
        ET.SubElement(suite, "testcase", name=w("report.no_findings"), classname=path, time="0")
    ET.SubElement(suite, "system-out").text = "\n".join(output)
    ET.SubElement(suite, "system-err").text = ""
    return suite


def junit_xml(report: Report, cwd: Path | None = None) -> ET.Element:
    """The ``testsuites`` element of a report."""
    cwd = cwd or Path.cwd()
    root = repository_root(cwd)
    by_file: dict[str, list[Finding]] = {file: [] for file in report.files}
    for finding in sorted(report.findings, key=Finding.sort_key):
        by_file.setdefault(finding.file, []).append(finding)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")
    host = socket.gethostname() or "localhost"
    suites = ET.Element("testsuites")
    for number, file in enumerate(sorted(by_file)):
        path = root_relative(file, cwd, root)
        suites.append(_suite(path, by_file[file], number, stamp, host))
    return suites


def report_junit(report: Report, out: TextIO) -> None:
    suites = junit_xml(report)
    ET.indent(suites)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(suites, encoding="unicode") + "\n")
