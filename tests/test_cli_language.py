"""The command line's own messages follow the pilot it works on (docs/design.md):
``BYGDEVEKST_LANGUAGE`` first, then the pilot's written standard, then the locale."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import git
import pytest

from bygdevekst_cli.language import cli_language
from tests.helpers import MINIMAL, copy_pilot, run_cli

NYNORSK_SUMMARY = "åtvaringar; 3 filer kontrollerte."
BOKMAAL_SUMMARY = "advarsler; 3 filer kontrollert."
"""The end of ``validate``'s last line (the Bokmål copy of the Nynorsk pilot has warnings)."""


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with a Nynorsk pilot (nynorsk) and a Bokmål one (bokmaal)."""
    copy_pilot(MINIMAL, tmp_path, "nynorsk")
    copy_pilot(MINIMAL, tmp_path, "bokmaal", language="nb")
    repo = git.Repo.init(tmp_path)
    repo.git.add(A=True)
    repo.git.commit(m="Pilotane", author="Kari Nordmann <kari@example.no>")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.usefixtures("repository")
@pytest.mark.parametrize(
    ("pilot", "summary"), [("nynorsk", NYNORSK_SUMMARY), ("bokmaal", BOKMAAL_SUMMARY)]
)
def test_validate_speaks_the_pilots_written_standard(pilot: str, summary: str) -> None:
    for _ in range(2):  # the second run is served by the results cache
        code, output = run_cli("validate", f"pilots/{pilot}")
        assert code == 0
        assert output.strip().splitlines()[-1].endswith(summary)


@pytest.mark.usefixtures("repository")
def test_pilots_of_both_standards_leave_the_locale_to_choose() -> None:
    code, output = run_cli("validate")
    assert code == 0
    assert output.strip().splitlines()[-1].endswith("advarsler; 6 filer kontrollert.")


@pytest.mark.usefixtures("repository")
def test_the_chosen_language_goes_before_the_pilots(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nb")
    assert run_cli("validate", "pilots/nynorsk")[1].strip().endswith(BOKMAAL_SUMMARY)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "en")
    assert "No errors" in run_cli("validate", "pilots/nynorsk")[1]


def test_render_and_plan_new_speak_nynorsk_for_a_nynorsk_pilot(repository: Path) -> None:
    code, output = run_cli("plan", "new", "nynorsk", "2027")
    assert code == 0, output
    assert output.startswith("Skreiv pilots/nynorsk/plans/2027.yaml")
    code, output = run_cli("render", "plan", "nynorsk", "-o", str(repository / "ut"))
    assert code == 0, output
    assert output.startswith("Skreiv ")


@pytest.mark.usefixtures("repository")
def test_an_error_after_the_pilot_is_read_is_in_its_standard() -> None:
    code, output = run_cli("render", "changes", "nynorsk")
    assert code == 1
    assert "treng handlingsplanen for eit tidlegare år" in output
    code, output = run_cli("render", "changes", "bokmaal")
    assert code == 1
    assert "trenger handlingsplanen for et tidligere år" in output


@pytest.mark.usefixtures("repository")
def test_the_pilots_language_ends_with_the_command() -> None:
    run_cli("validate", "pilots/nynorsk")
    assert cli_language() == "nb"


def test_fmt_speaks_the_standard_of_the_pilot_it_formats(repository: Path) -> None:
    for pilot, expected in (
        ("nynorsk", "ikkje i fast form; køyr"),
        ("bokmaal", "ikke i fast form; kjør"),
    ):
        plan = repository / "pilots" / pilot / "plans" / "2026.yaml"
        plan.write_text(plan.read_text(encoding="utf-8") + "\n\n\n", encoding="utf-8")
        code, output = run_cli("fmt", "--check", f"pilots/{pilot}")
        assert code == 1
        assert f"pilots/{pilot}/plans/2026.yaml: {expected}" in output


@pytest.mark.parametrize(
    ("pilot", "words"),
    [("nynorsk", ("åtvaringar", "kontrollerte.")), ("bokmaal", ("advarsler", "kontrollert."))],
)
def test_a_pilot_yaml_that_does_not_parse_is_told_in_its_standard(
    repository: Path, pilot: str, words: tuple[str, str]
) -> None:
    # a syntax error below «language:» used to leave the messages in the locale's standard
    pilot_yaml = repository / "pilots" / pilot / "pilot.yaml"
    pilot_yaml.write_text(pilot_yaml.read_text(encoding="utf-8") + "name: [\n", encoding="utf-8")
    code, output = run_cli("validate", f"pilots/{pilot}")
    assert code == 1
    summary = output.strip().splitlines()[-1]
    assert all(word in summary for word in words), summary
    assert summary.endswith(words[1])


@pytest.mark.parametrize(("value", "warned"), [("nyn", True), (" NN ", False), ("", False)])
def test_a_language_variable_naming_no_language_is_said_once_and_the_command_goes_on(
    tmp_path: Path, value: str, warned: bool
) -> None:
    """``BYGDEVEKST_LANGUAGE=nyn`` was passed over in silence: the messages came in the
    locale's language with no word of why. One warning line, in the language used instead;
    the command runs as it would without the variable."""
    done = subprocess.run(
        [sys.executable, "-m", "bygdevekst_cli", "--version"],
        cwd=tmp_path,
        env={**os.environ, "BYGDEVEKST_LANGUAGE": value, "LANG": "C.UTF-8", "LC_ALL": ""},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("bygdevekst ")
    expected = (
        f"bygdevekst: advarsel: BYGDEVEKST_LANGUAGE={value} er ukjent og blir ikke brukt; "
        "kjente verdier: nn, nb, en\n"
    )
    assert done.stderr == (expected if warned else "")
