"""Why a source was skipped, in the report's written standard, and where each pilot was read.

A reason was worded as the source was read, in the command line's language of that moment
(which follows the pilots read so far): a Nynorsk overview could give a Bokmål reason, and
the reverse. And a source named ``REPO@REF`` was reported as read from ``REPO`` alone.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from bygdevekst_cli.cli import app
from bygdevekst_cli.commands.overview import SUFFIXES
from bygdevekst_cli.language import words
from bygdevekst_cli.present.overview import column_label
from tests.gitrepo import commit, init_repo, tag
from tests.helpers import MINIMAL, copy_pilot, edit, invoke


@pytest.fixture
def sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A Nynorsk pilot, a Bokmål one with a broken plan, a path that is not there, a URL
    that cannot be cloned and the Nynorsk pilot named twice; no language chosen."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BYGDEVEKST_LANGUAGE", raising=False)
    for variable in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    copy_pilot(MINIMAL, tmp_path, "nynorskdal")
    broken = copy_pilot(MINIMAL, tmp_path / "b", "bokmaldal", language="nb")
    (broken / "plans" / "2026.yaml").write_text("year: 2026\nmeasures: [\n", encoding="utf-8")
    return {
        "nynorsk": "pilots/nynorskdal",
        "broken": "b/pilots/bokmaldal",
        "missing": "finst-ikkje",
        "url": (tmp_path / "ikkje.git").as_uri(),
    }


def _plan_finding(language: str) -> str:
    """What ``validate`` says of the broken plan, in ``language``."""
    env = {"BYGDEVEKST_LANGUAGE": language}
    result = CliRunner().invoke(app, ["validate", "-f", "json", "b/pilots/bokmaldal"], env=env)
    found = json.loads(result.stdout)["findings"]
    first = next(f for f in found if f["file"].endswith("2026.yaml"))
    return f"{first['file']}:{first['line']}: {first['message']}"


def _reasons(sources: dict[str, str], lang: str) -> dict[str, str]:
    """The reasons the report in ``lang`` gives, by source, as JSON."""
    named = [sources[k] for k in ("nynorsk", "missing", "broken", "url", "nynorsk")]
    result = invoke("overview", "-f", "json", "--lang", lang, *named)
    assert result.exit_code == 1, result.output
    return {f["source"]: f["message"] for f in json.loads(result.stdout)["failures"]}


@pytest.mark.parametrize("lang", ["nn", "nb"])
def test_every_reason_is_in_the_reports_language(sources: dict[str, str], lang: str) -> None:
    w = words(lang)
    reasons = _reasons(sources, lang)
    assert reasons[sources["missing"]] == w("cli.overview.no_path", path=sources["missing"])
    assert reasons[sources["broken"]] == _plan_finding(lang)
    assert reasons[sources["url"]].startswith(
        w("cli.overview.clone_failed", url=sources["url"], detail="")
    )
    # the second copy of the Nynorsk pilot
    place = f"{sources['nynorsk']}/pilot.yaml:3"  # the id's line, in both copies
    duplicate = w("cli.overview.duplicate", pilot="nynorskdal", first=place, second=place)
    assert reasons[sources["nynorsk"]] == duplicate
    other = words("nb" if lang == "nn" else "nn")
    assert other("cli.overview.no_path", path="") not in json.dumps(reasons, ensure_ascii=False)


@pytest.mark.parametrize("fmt", ["text", "md", "html", "xlsx"])
def test_every_format_gives_the_reasons_in_its_language(
    sources: dict[str, str], fmt: str, tmp_path: Path
) -> None:
    """A Nynorsk pilot read first made the reasons after it Nynorsk, in a Bokmål report;
    the reverse for a Nynorsk report of a Bokmål pilot."""
    for lang, first in (("nb", "nynorsk"), ("nn", "broken")):
        out = tmp_path / f"oversikt-{lang}{SUFFIXES[fmt]}"
        named = [sources[first], sources["missing"], sources["broken"]]
        result = invoke("overview", "--lang", lang, "-o", str(out), *named)
        assert result.exit_code == 1, result.output
        shown = _shown(out, fmt)
        assert words(lang)("cli.overview.no_path", path=sources["missing"]) in shown
        assert _plan_finding(lang) in shown
        other = words("nb" if lang == "nn" else "nn")
        assert other("cli.overview.no_path", path=sources["missing"]) not in shown


def _shown(out: Path, fmt: str) -> str:
    if fmt != "xlsx":
        text = out.read_text(encoding="utf-8")
        return text.replace("\\", "") if fmt == "md" else text
    book = load_workbook(io.BytesIO(out.read_bytes()))
    cells: list[Any] = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    return "\n".join(str(cell.value) for cell in cells if cell.value is not None)


def test_stderr_speaks_the_command_line(
    sources: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lines on stderr are the command line's: wholly in its language, the reason too,
    whichever the report is in."""
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    named = [sources["missing"], sources["broken"]]
    result = invoke("overview", "-f", "json", "--lang", "nb", *named)
    nn = words("nn")
    reason = nn("cli.overview.no_path", path=sources["missing"])
    line = nn("cli.overview.failed", source=sources["missing"], message=reason)
    assert f"bygdevekst: {line}" in result.stderr
    failures = json.loads(result.stdout)["failures"]
    assert failures[0]["message"] == words("nb")("cli.overview.no_path", path=sources["missing"])


# --------------------------------------------------------------- where a pilot was read


@pytest.fixture
def tagged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """testdalen committed, tagged ``v2026.1``, then changed on a branch ``arbeid``."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nb")
    root = tmp_path / "testdalen"
    repo = init_repo(root)
    copy_pilot(MINIMAL, root, "testdalen")
    commit(repo, "Testdalen")
    tag(repo, "v2026.1", "Handlingsplanen som kommunestyra vedtok")
    repo.git.switch("-c", "arbeid")
    edit(root / "pilots/testdalen/pilot.yaml", "name: Testdalen", "name: Testdalen arbeid")
    commit(repo, "Nytt namn")
    return root


@pytest.mark.parametrize(
    "source",
    ["testdalen@v2026.1", "testdalen@arbeid", "testdalen/pilots/testdalen@v2026.1", "URL@arbeid"],
)
def test_a_source_at_a_ref_is_said_to_be_read_there(tagged: Path, source: str) -> None:
    """``REPO@REF`` was reported as read from ``REPO``: the ministry could not tell the
    adopted plan's tag from the branch the secretariat works on."""
    source = source.replace("URL", tagged.as_uri())
    result = invoke("overview", "-f", "json", source)
    assert result.exit_code == 0, result.output
    (pilot,) = json.loads(result.stdout)["pilots"]
    assert pilot["source"]["location"] == source
    commit_id = pilot["source"]["commit"]
    result = invoke("overview", "-f", "csv", source)
    assert f",{source},{commit_id}," in result.stdout
    result = invoke("overview", "-f", "text", source)
    assert f"{source} (commit {commit_id[:12]})" in result.stdout
    out = tagged.parent / "oversikt.xlsx"
    assert invoke("overview", "-o", str(out), source).exit_code == 0
    sheet = load_workbook(out).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, (cell.value for cell in sheet[2]), strict=True))
    assert row[column_label(words("nn"), "source.location")] == source  # a Nynorsk pilot
    # the folder read as it is: no ref to name
    result = invoke("overview", "-f", "json", "testdalen")
    assert json.loads(result.stdout)["pilots"][0]["source"]["location"].endswith("testdalen")


def test_at_a_date_before_a_ref_names_the_ref(tagged: Path) -> None:
    """``--at`` searches the history of what was named: a tag with no commit that early
    was said to be the repository's lack («testdalen har ingen commit …»)."""
    result = invoke("overview", "-f", "json", "--at", "2001-05-17", "testdalen@v2026.1")
    assert result.exit_code == 1
    (failure,) = json.loads(result.stdout)["failures"]
    at = dt.date(2001, 5, 17)
    expected = words("nb")("cli.overview.no_commit_at", source="testdalen@v2026.1", date=at)
    assert failure == {"source": "testdalen@v2026.1", "message": expected}


def test_a_clone_that_failed_is_not_tried_again_to_word_its_reason(
    sources: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reason is worded in each language by asking again: a clone that failed (a server
    that timed out after ten minutes) must not be cloned once more for each language."""
    from bygdevekst_cli import overview

    cloned: list[str] = []
    real = overview._run_clone

    def counted(url: str, target: Path) -> None:
        cloned.append(url)
        real(url, target)

    monkeypatch.setattr(overview, "_run_clone", counted)
    result = invoke("overview", "-f", "json", "--lang", "nn", sources["url"])
    assert result.exit_code == 1
    assert cloned == [sources["url"]]
    (failure,) = json.loads(result.stdout)["failures"]
    assert failure["message"].startswith(
        words("nn")("cli.overview.clone_failed", url=sources["url"], detail="")
    )
