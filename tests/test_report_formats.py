"""The report formats the platforms read: SARIF 2.1.0 (against the OASIS schema), GitLab
Code Quality (against the keys and types GitLab documents) and JUnit XML (against the Ant
schema), through the real CLI on the bundled pilots and on pilots in git repositories."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import git
import jsonschema
import pytest
from lxml import etree

from bygdevekst_cli.present.validate import REPORTER_BY_NAME
from bygdevekst_cli.rules import CATALOGUE
from tests.gitrepo import commit, init_repo
from tests.helpers import DATA, MINIMAL, REPO, edit, invoke

SCHEMAS = DATA / "schemas"
PLAN = "pilots/testdalen/plans/2026.yaml"

#: GitLab's Code Quality report format, as its documentation lists the required fields
#: (GitLab publishes no schema file; see tests/data/schemas/README.md).
GITLAB_CODE_QUALITY = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "minLength": 1},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}


def sarif_errors(log: Any) -> list[str]:
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]


def junit_errors(text: str) -> list[str]:
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "junit.xsd")))
    document = etree.fromstring(text.encode("utf-8"))
    if schema.validate(document):
        return []
    return [str(error) for error in schema.error_log]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with the minimal pilot: one error (BV104) and one warning (BV224)."""
    root = tmp_path / "repo"
    init_repo(root)
    shutil.copytree(MINIMAL, root / "pilots" / "testdalen")
    edit(root / PLAN, "    case_number: 26/10\n", "")
    edit(root / "pilots/testdalen/agreement.yaml", "Staten skal støtte", "Staten skal ikke støtte")
    edit(root / PLAN, "own_funds: 100000", "own_funds: -3")
    monkeypatch.chdir(root)
    return root


def test_the_formats_are_registered_as_choices() -> None:
    assert {"text", "json", "github", "sarif", "gitlab", "junit"} <= set(REPORTER_BY_NAME)
    assert f"<{'|'.join(REPORTER_BY_NAME)}>" in invoke("validate", "--help").stdout


@pytest.mark.parametrize("output_format", ["json", "sarif", "gitlab"])
def test_json_reports_are_the_text_json_dumps_writes(repo: Path, output_format: str) -> None:
    """The JSON reports are written by ``jsontext.indented_json`` (the C encoder), byte for
    byte as ``json.dumps(..., ensure_ascii=False, indent=2)`` writes the same data."""
    result = invoke("validate", "-f", output_format)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert "æ" in result.stdout or "ø" in result.stdout  # letters written as they are
    assert result.stdout == json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --- SARIF ---------------------------------------------------------------------------------


def test_sarif_of_the_bundled_pilots_is_valid_and_complete(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(REPO)
    expected = json.loads(invoke("validate", "-f", "json").stdout)
    result = invoke("validate", "-f", "sarif")
    assert result.exit_code == 0
    log = json.loads(result.stdout)
    assert sarif_errors(log) == []
    assert sarif_errors({**log, "version": "2.0.0"}) != []  # the schema does check
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == sorted(CATALOGUE)
    by_id = {rule["id"]: rule for rule in rules}
    assert by_id["BV224"]["name"] == "case-number-missing"
    assert by_id["BV224"]["shortDescription"]["text"] == CATALOGUE["BV224"].explain()
    assert by_id["BV090"]["defaultConfiguration"]["level"] == "warning"
    results = run["results"]
    assert len(results) == expected["warnings"]
    for finding, item in zip(expected["findings"], results, strict=True):
        assert item["ruleId"] == finding["code"]
        assert rules[item["ruleIndex"]]["id"] == finding["code"]
        assert item["level"] == finding["severity"]
        assert item["message"]["text"] == finding["message"]
        location = item["locations"][0]["physicalLocation"]
        assert location["artifactLocation"] == {"uri": finding["file"], "uriBaseId": "%SRCROOT%"}
        assert location["region"]["startLine"] == finding["line"]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == REPO.resolve().as_uri() + "/"


def test_sarif_uris_are_relative_to_the_repository_root_from_a_subfolder(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo / "pilots" / "testdalen")
    result = invoke("validate", "-f", "sarif")
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    assert sarif_errors(log) == []
    places = {
        (r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        for r in log["runs"][0]["results"]
    }
    assert places == {
        ("BV104", "error", PLAN),
        ("BV211", "warning", "pilots/testdalen/agreement.yaml"),
    }


def test_sarif_quotes_uris_and_leaves_out_unknown_lines(tmp_path: Path) -> None:
    from bygdevekst_cli.findings import Finding, Report, Severity
    from bygdevekst_cli.present.sarif import sarif_log

    init_repo(tmp_path)
    finding = Finding(Severity.ERROR, "BV014", "mangler", "pilots/nye dalen/pilot.yaml")
    log = sarif_log(Report([finding], [finding.file]), tmp_path)
    assert sarif_errors(log) == []
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location == {
        "artifactLocation": {"uri": "pilots/nye%20dalen/pilot.yaml", "uriBaseId": "%SRCROOT%"}
    }
    # a file outside the repository: an absolute file URI, without the base
    outside = Finding(Severity.ERROR, "BV014", "mangler", "../andre/pilot.yaml", 2)
    log = sarif_log(Report([outside], [outside.file]), tmp_path)
    assert sarif_errors(log) == []
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {
        "uri": (tmp_path.parent / "andre" / "pilot.yaml").resolve().as_uri()
    }


def test_check_writes_sarif_alone(repo: Path) -> None:
    commit(git.Repo(repo), "Første versjon")
    edit(repo / PLAN, "own_funds: -3", "own_funds: -4")
    result = invoke("check", "--base", "HEAD", "-f", "sarif")
    assert result.exit_code == 1
    log = json.loads(result.stdout)  # nothing but the log: the diff is left out
    assert sarif_errors(log) == []
    assert {r["ruleId"] for r in log["runs"][0]["results"]} == {"BV104", "BV211"}


# --- GitLab Code Quality --------------------------------------------------------------------


def test_gitlab_code_quality_has_the_documented_fields(repo: Path) -> None:
    result = invoke("validate", "-f", "gitlab")
    assert result.exit_code == 1
    issues = json.loads(result.stdout)
    jsonschema.validate(issues, GITLAB_CODE_QUALITY)
    assert [(i["check_name"], i["severity"], i["location"]["path"]) for i in issues] == [
        ("BV211", "minor", "pilots/testdalen/agreement.yaml"),
        ("BV104", "major", PLAN),
    ]
    expected = json.loads(invoke("validate", "-f", "json").stdout)["findings"]
    assert [i["location"]["lines"]["begin"] for i in issues] == [f["line"] for f in expected]
    assert issues[1]["description"] == f"BV104 {expected[1]['message']}"
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_gitlab_fingerprints_survive_moved_lines_and_tell_twins_apart(repo: Path) -> None:
    before = json.loads(invoke("validate", "-f", "gitlab").stdout)
    plan = repo / PLAN
    plan.write_text("# ein kommentar\n" + plan.read_text(encoding="utf-8"), encoding="utf-8")
    after = json.loads(invoke("validate", "-f", "gitlab").stdout)
    assert [i["fingerprint"] for i in after] == [i["fingerprint"] for i in before]
    assert after[1]["location"]["lines"]["begin"] == before[1]["location"]["lines"]["begin"] + 1

    from bygdevekst_cli.findings import Finding, Report, Severity
    from bygdevekst_cli.present.gitlab import code_quality

    twin = Finding(Severity.WARNING, "BV211", "same", "pilots/a/agreement.yaml", 3)
    issues = code_quality(Report([twin, twin], [twin.file]), repo)
    assert issues[0]["fingerprint"] != issues[1]["fingerprint"]


def test_gitlab_for_a_clean_repository_is_an_empty_list(repo: Path) -> None:
    assert json.loads(invoke("validate", "-f", "gitlab", "--select", "BV3").stdout) == []


# --- JUnit -------------------------------------------------------------------------------


def test_junit_has_a_suite_per_file_and_failures_for_errors(repo: Path) -> None:
    result = invoke("validate", "-f", "junit")
    assert result.exit_code == 1
    assert junit_errors(result.stdout) == []
    suites = ET.fromstring(result.stdout)
    assert suites.tag == "testsuites"
    by_name = {suite.get("name"): suite for suite in suites}
    assert sorted(by_name) == [
        "pilots/testdalen/agreement.yaml",
        "pilots/testdalen/pilot.yaml",
        PLAN,
    ]
    plan = by_name[PLAN]
    assert (plan.get("tests"), plan.get("failures")) == ("1", "1")
    (case,) = plan.findall("testcase")
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("type") == "BV104"
    assert case.get("name", "").startswith(f"BV104 {PLAN}:")
    agreement = by_name["pilots/testdalen/agreement.yaml"]
    assert agreement.get("failures") == "0"
    assert agreement.find("testcase/failure") is None
    assert "åtvaring BV211" in (agreement.findtext("system-out") or "")
    clean = by_name["pilots/testdalen/pilot.yaml"]
    assert [c.get("name") for c in clean.findall("testcase")] == ["ingen funn"]


def test_junit_of_the_bundled_pilots_is_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = invoke("validate", "-f", "junit")
    assert result.exit_code == 0
    assert junit_errors(result.stdout) == []
    suites = ET.fromstring(result.stdout)
    assert len(suites) == 8
    assert sum(int(s.get("failures", "x")) for s in suites) == 0


def test_check_writes_junit_and_gitlab(repo: Path) -> None:
    commit(git.Repo(repo), "Første versjon")
    result = invoke("check", "--base", "HEAD", "-f", "junit")
    assert result.exit_code == 1
    assert junit_errors(result.stdout) == []
    result = invoke("check", "--base", "HEAD", "-f", "gitlab")
    jsonschema.validate(json.loads(result.stdout), GITLAB_CODE_QUALITY)
