"""A secretariat's year as the README tells it: a plan for one year, ``plan new`` for the
next, the councils' decisions, through the real CLI on a pilot in ``tmp_path``.

Each test stands for a step a new secretariat member took by following the docs, and that
stopped or misled them.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import docx
import git
import pytest

from bygdevekst_cli.loader import load_yaml
from bygdevekst_cli.models import Pilot
from tests.gitrepo import OLA, PLAN, commit, pilot_repo, tag
from tests.helpers import copy_minimal, edit, run_cli

#: The minimal pilot's state measure funds as a grant for 2026 alone, as a pilot granted
#: its money year by year writes it (not one grant that covers the period).
YEARLY_GRANT = """\
funding:
  grants:
    - source: state_measure_funds
      year: 2026
      amount: 1500000
schedule:"""


@pytest.fixture
def pilot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The minimal pilot in ``tmp_path/pilots/testdalen``, the current folder ``tmp_path``."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    return copy_minimal(tmp_path)


def findings(folder: Path, code: str) -> list[dict[str, Any]]:
    """The findings of ``code`` that ``validate --format json`` reports for ``folder``."""
    _, output = run_cli("validate", str(folder), "--format", "json")
    return [f for f in json.loads(output)["findings"] if f["code"] == code]


def granted_year_by_year(pilot: Path) -> Path:
    """The 2026 plan granted 1 500 000 kr for 2026 (all that it allocates over 2026 and
    2027), then ``plan new`` for 2027, which leaves that one-year grant out; returns the
    2027 plan."""
    plan_2026 = pilot / "plans" / "2026.yaml"
    text = plan_2026.read_text(encoding="utf-8")
    start, end = text.index("funding:\n"), text.index("schedule:")
    plan_2026.write_text(text[:start] + YEARLY_GRANT + text[end + len("schedule:") :])
    assert findings(pilot, "BV206") == []
    code, output = run_cli("plan", "new", "testdalen", "2027")
    assert code == 0, output
    return pilot / "plans" / "2027.yaml"


def test_next_years_plan_counts_the_grants_earlier_plans_listed(pilot: Path) -> None:
    """``plan new`` leaves last year's one-year grant out of the new plan, as the README
    says; BV206 still counted last year's spending against it, so the 2027 plan of a pilot
    granted money year by year was an error («berre 0 kr er løyvt») that no grant for 2027
    could mend, and every document of the year was refused."""
    plan_2027 = granted_year_by_year(pilot)
    assert findings(pilot, "BV206") == []
    edit(
        plan_2027,
        "schedule:",
        "funding:\n  grants:\n    - source: state_measure_funds\n      year: 2027\n"
        "      amount: 300000\nschedule:",
    )
    assert findings(pilot, "BV206") == []
    code, output = run_cli("render", "changes", "testdalen", "-o", "-")
    assert code == 0, output


def test_next_years_plan_still_reports_money_it_does_not_have(pilot: Path) -> None:
    """What earlier plans granted is counted once, and a plan that allocates more than all
    of it still gets BV206, with the sum of both years' grants and what to do about it (the
    message said only what was wrong, not where the grant goes)."""
    plan_2027 = granted_year_by_year(pilot)
    edit(plan_2027, "state_measure_funds: 300000", "state_measure_funds: 2000000")
    edit(
        plan_2027,
        "schedule:",
        "funding:\n  grants:\n    - source: state_measure_funds\n      year: 2027\n"
        "      amount: 300000\nschedule:",
    )
    (found,) = findings(pilot, "BV206")
    assert found["file"].endswith("plans/2027.yaml")
    assert found["message"].replace("\N{NO-BREAK SPACE}", " ") == (
        "Tiltaka er tildelte 3 200 000 kr i statlege tiltaksmidlar, "
        "men berre 1 800 000 kr er løyvt og overført; før inn løyvingane under funding.grants "
        "(source: state_measure_funds), eller minsk tiltaksmidlane i budsjetta"
    )


@pytest.mark.parametrize(
    "recommendation",
    [
        "Handlingsplanen for Testdalen 2026 blir vedteken.",
        "Handlingsplan for Testdalen 2026 vert vedteken med endringane i saka.",
    ],
)
def test_an_innstilling_naming_the_pilot_before_the_year_is_checked(
    pilot: Path, recommendation: str
) -> None:
    """``plan new`` carries the innstilling over as it stands; BV255 caught «Handlingsplanen
    for 2026» but not the way a municipality names its plan, with the pilot's name before
    the year, so the 2027 case documents asked the councils to adopt the 2026 plan."""
    edit(
        pilot / "plans" / "2026.yaml",
        "    - Handlingsplanen for 2026 blir vedteken.",
        f"    - {recommendation}",
    )
    code, output = run_cli("plan", "new", "testdalen", "2027")
    assert code == 0, output
    (found,) = findings(pilot, "BV255")
    assert found["file"].endswith("plans/2027.yaml")
    assert found["message"].startswith(
        "Innstillinga gjeld handlingsplanen for 2026, men planen er for 2027"
    )
    edit(pilot / "plans" / "2027.yaml", "Testdalen 2026", "Testdalen 2027")
    assert findings(pilot, "BV255") == []


def test_plan_new_names_the_new_year_in_the_head_comment_the_tool_wrote(pilot: Path) -> None:
    """The plan ``import plan`` or ``plan new`` writes starts with «# Handlingsplan for
    2026. …»; ``plan new`` copied it into plans/2027.yaml as it stood, so the secretariat's
    2027 plan said at its top that it was the plan for 2026."""
    (pilot / "plans" / "2026.yaml").unlink()
    code, output = run_cli("plan", "new", "testdalen", "2026")
    assert code == 0, output
    first = pilot / "plans" / "2026.yaml"
    edit(first, "year: 2026\n", "year: 2026\n# Tala for 2026 er frå styringsgruppa.\n")
    head = "# Handlingsplan for {}. Kvart tiltak har ein fast id som følgjer det frå år til år."
    assert head.format(2026) in first.read_text(encoding="utf-8").splitlines()
    code, output = run_cli("plan", "new", "testdalen", "2027")
    assert code == 0, output
    lines = (pilot / "plans" / "2027.yaml").read_text(encoding="utf-8").splitlines()
    assert head.format(2027) in lines
    assert head.format(2026) not in lines
    assert "# Tala for 2026 er frå styringsgruppa." in lines  # the secretariat's own words
    # a 2027 plan an earlier version wrote names 2026; the 2028 plan names 2028
    edit(pilot / "plans" / "2027.yaml", head.format(2027), head.format(2026))
    code, output = run_cli("plan", "new", "testdalen", "2028")
    assert code == 0, output
    lines = (pilot / "plans" / "2028.yaml").read_text(encoding="utf-8").splitlines()
    assert head.format(2028) in lines and head.format(2026) not in lines


def test_init_with_its_municipalities_asks_only_for_the_parties_still_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``init -m … --county … --end …`` writes the municipalities with their numbers; its
    «Fyll inn» list still asked for «kommunane med kommunenummer», sending the secretariat
    to look for what was already there instead of the county and the other parties."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pilots").mkdir()
    arguments = ["init", "nye-dalen", "--name", "Nye dalen", "--lang", "nn", "--county"]
    arguments += ["Telemark", "--end", "2028-12-31", "-m", "Seljord", "-m", "Tinn"]
    code, output = run_cli(*arguments)
    assert code == 0, output
    todo = output[output.index("Fyll inn:") :].splitlines()[1:-1]
    assert todo == [
        "  - fylkeskommunen og andre partar i pilot.yaml "
        "(kommunane med kommunenummer står der alt)",
        "  - tekstane i dei sju kapitla og delmåla i agreement.yaml",
    ]
    text = (tmp_path / "pilots" / "nye-dalen" / "pilot.yaml").read_text(encoding="utf-8")
    assert 'municipality_number: "4022"' in text and 'municipality_number: "4026"' in text
    code, output = run_cli("init", "sordalen", "--name", "Sørdalen", "--lang", "nn")
    assert code == 0, output
    assert "kommunane med kommunenummer, fylkeskommunen, andre partar" in output


def municipal_agreement(
    path: Path,
    period: str = "Avtala gjeld frå 1. september 2025 og fram til 31. desember 2028.",
    partners: str = "Samarbeidspartar under dette delmålet er Seljord kommune.",
) -> Path:
    """An agreement in Word as a municipality writes it from KDD's template: a title with
    the pilot's name, the main parties in a table with their municipality numbers, and the
    period with both its dates."""
    document = docx.Document()
    document.add_heading("Bygdevekstavtale for Nye dalen", 0)
    chapters = {
        "1. Bakgrunn": "Folketalet i dalen har gått ned i mange år.",
        "2. Hovudpartar i avtala": None,
        "3. Andre aktørar med særlege rollar i avtala": "Husbanken kan inviterast inn.",
        "4. Føremålet og omfanget av avtala": "Avtala skal styrkje busetjinga.",
        "5. Forankring": "Avtala er handsama i kommunestyra.",
        "6. Delmål, samarbeidspartar og ansvar": "Partane er samde om eitt delmål.",
    }
    for title, text in chapters.items():
        document.add_heading(title, 1)
        if text is not None:
            document.add_paragraph(text)
            continue
        table = document.add_table(rows=1, cols=2)
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Part", "Kommunenummer"
        for name, number in (("Seljord kommune", "4022"), ("Tinn kommune", "4026")):
            row = table.add_row()
            row.cells[0].text, row.cells[1].text = name, number
    document.add_heading("6.1 Delmål 1: Fleire bustader i dalen", 2)
    document.add_paragraph("Kommunane skal byggje fleire utleigebustader.")
    document.add_paragraph(partners)
    document.add_heading("7. Overordna oppfølging av avtala", 1)
    document.add_paragraph(f"Partane møtest to gongar i året. {period}")
    document.save(str(path))
    return path


@pytest.mark.parametrize(
    ("sentence", "start", "note"),
    [
        ("Avtala gjeld frå 1. september 2025 og fram til 31. desember 2028.", "2025-09-01", None),
        (
            "Avtala gjeld frå ho er godkjend av alle partane og fram til 31. desember 2028.",
            "None",
            "frå ho er godkjend av alle partane",
        ),
    ],
)
def test_an_agreement_in_word_brings_its_name_numbers_and_period(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sentence: str, start: str, note: str | None
) -> None:
    """``import agreement`` of such a document named the pilot «Seljord og Tinn» (the title
    «Bygdevekstavtale for …» starts with a capital letter, and a name has lower-case words),
    wrote each municipality's number a second time as its description (printed in the
    agreement), and left the period's start out («gjeld frå <dato> og fram til <dato>»), or
    its condition («gjeld frå ho er godkjend …»: only «skal gjelde frå …» was read)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pilots").mkdir()
    source = municipal_agreement(tmp_path / "avtale.docx", sentence)
    code, output = run_cli("import", "agreement", str(source), "--pilot", "nye-dalen")
    assert code == 0, output
    pilot = Pilot.model_validate(load_yaml(tmp_path / "pilots/nye-dalen/pilot.yaml").data)
    assert pilot.name == "Nye dalen"
    numbered = {p.id: (p.municipality_number, p.description) for p in pilot.parties}
    assert numbered["seljord"] == ("4022", None)
    assert numbered["tinn"] == ("4026", None)
    period = pilot.agreement.period
    assert (str(period.start), str(period.end)) == (start, "2028-12-31")
    assert period.start_note == note


def test_a_shallow_pull_request_clone_needs_one_fetch_the_message_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``check --base origin/main`` in a depth-1 clone of a pull request's branch (what
    actions/checkout makes without ``fetch-depth: 0``) said to fetch only the base; done
    as told, the next run stopped again, as the clone's own history was still cut off
    before the common ancestor. The fetch it names now brings both."""
    repo = pilot_repo(tmp_path / "repo")
    repo.git.checkout("-b", "pr")
    edit(Path(repo.working_dir, PLAN), "title: Nettverk for næringane", "title: Næringsnettverk")
    commit(repo, "Ny tittel på 2.1", author=OLA)
    source = Path(repo.working_dir).as_uri()
    clone = tmp_path / "clone"
    git.Repo.clone_from(source, clone, depth=1, no_local=True, branch="pr")
    monkeypatch.chdir(clone)
    code, output = run_cli("check", "--base", "origin/main", "--summary", str(tmp_path / "s"))
    assert code == 2, output
    (fetch,) = re.findall(r"«(git fetch[^»]*)»", output)
    assert fetch == "git fetch --unshallow origin main:refs/remotes/origin/main"
    subprocess.run(shlex.split(fetch), cwd=clone, check=True, capture_output=True)
    code, output = run_cli("check", "--base", "origin/main", "--summary", str(tmp_path / "s"))
    assert code == 0, output
    assert "«Nettverk for næringane» → «Næringsnettverk»" in output


def section(markdown: str, heading: str) -> str:
    """The text under ``heading`` (a ``###`` line) up to the next heading."""
    start = markdown.index(heading)
    end = markdown.find("\n#", start + len(heading))
    return markdown[start : end if end != -1 else None]


def test_the_plan_asks_for_no_budget_from_a_measure_it_closes(pilot: Path) -> None:
    """Measure 2.1 ran in 2026 and the 2027 plan closes it with its assessment; the 2027
    action plan still said under it «Budsjettet for 2027 er ikkje fastsett», as if money
    were missing for a measure that has ended. A measure running in 2027 without a budget
    for it is still said to lack one."""
    code, output = run_cli("plan", "new", "testdalen", "2027")
    assert code == 0, output
    plan = pilot / "plans" / "2027.yaml"
    edit(
        plan,
        "    end_year: 2026\n    status: ongoing\n",
        "    end_year: 2026\n    status: closed\n    assessment: Nettverket er i drift.\n",
    )
    edit(plan, "      2027:\n        state_measure_funds: 300000\n", "")
    edit(plan, "    budget:\n", "    change_reason: Kostnaden for 2027 er ikkje klar.\n")
    code, markdown = run_cli("render", "plan", "testdalen", "--year", "2027", "-o", "-")
    assert code == 0, markdown
    closed = section(markdown, "### Tiltak 2.1 Nettverk for næringane")
    assert "- Status: avslutta" in closed
    assert "Budsjettet for 2027" not in closed
    running = section(markdown, "### Tiltak 1.1 Kartlegging av bustadbehov")
    assert "Budsjettet for 2027 er ikkje fastsett." in running


def test_the_budget_for_the_whole_period_keeps_the_years_behind_it(pilot: Path) -> None:
    """``plan new`` leaves 2026's budget in the 2026 plan (as the README says); the 2027
    action plan's «Budsjett for heile finansieringsperioden» then showed 2027 alone, its sum
    short by all that 2026 spent. The past year now comes from its own plan, as BV206
    counts it."""
    code, output = run_cli("plan", "new", "testdalen", "2027")
    assert code == 0, output
    code, markdown = run_cli("render", "plan", "testdalen", "--year", "2027", "-o", "-")
    assert code == 0, markdown
    table = section(markdown, "### Tabell 1: Budsjett for heile finansieringsperioden")
    rows = [line for line in table.splitlines() if line.startswith("| ")]
    assert rows[0] == "| Delmål | 2026 | 2027 | Sum |"
    assert rows[-1].replace("\N{NO-BREAK SPACE}", " ") == (
        "| Sum | 1 300 000 kr | 300 000 kr | 1 600 000 kr |"
    )


def test_an_amendment_dated_before_the_newest_adoption_is_named_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fyresdal's kommunestyre changed measure 1.1 on 19 February; KDD approved the plan on
    15 June. The secretariat wrote the change and its amendment dated 19 February, as the
    README shows; BV305 still said «før endringa inn under amendments …», which it had done:
    the message now says that the amendment is dated before the adoption it is compared
    with, and which date counts."""
    repo = pilot_repo(tmp_path / "repo")
    monkeypatch.chdir(repo.working_dir)
    tag(repo, "vedtak/testdalen/2026/kdd-kdd", "KDD, sak 26/900")
    plan = Path(repo.working_dir, PLAN)
    adopted = "    adopted_revision: vedtak/testdalen/2026/kdd-kdd\n"
    edit(plan, "case_number: 26/900\n", "case_number: 26/900\n" + adopted)
    commit(repo, "KDD har godkjent planen")
    edit(plan, "title: Kartlegging av bustadbehov", "title: Kartlegging av bustader og tomter")
    with plan.open("a", encoding="utf-8") as out:
        out.write(
            "amendments:\n  - date: 2026-02-19\n    reason: Kommunestyret tok med tomtene.\n"
            "    decided_by: {party: fyresdal, body: municipal_council}\n"
        )
    (found,) = findings(Path(repo.working_dir, "pilots", "testdalen"), "BV305")
    assert found["message"] == (
        "Handlingsplan 2026 vart vedteken av Kommunal- og distriktsdepartementet (KDD)"
        " 2026-06-15 som "
        "«vedtak/testdalen/2026/kdd-kdd», men tiltak 1.1 er endra sidan, og endringane under "
        "amendments er daterte før det vedtaket (2026-02-19); ei endring som gjeld den "
        "vedtekne planen, har dato 2026-06-15 eller seinare"
    )


def test_the_command_bv310_gives_makes_the_tag_again_signed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """BV310 said «lag han på nytt med «git tag -s»»: git refuses that for a name that
    exists («tag … already exists»). The command it now prints, run as printed (with the
    tag's message), replaces the tag with a signed one on the adopted commit."""
    keys = tmp_path / "keys"
    keys.mkdir()
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(keys / "vedtak")], check=True
    )
    public = (keys / "vedtak.pub").read_text(encoding="utf-8")
    (keys / "allowed_signers").write_text(f"post@testdalen.no {public}", encoding="utf-8")
    repo = pilot_repo(tmp_path / "repo")
    monkeypatch.chdir(repo.working_dir)
    with repo.config_writer() as config:
        config.set_value("gpg", "format", "ssh")
        config.set_value("user", "signingkey", str(keys / "vedtak.pub"))
        config.set_value("gpg.ssh", "allowedSignersFile", str(keys / "allowed_signers"))
    name = "vedtak/testdalen/2026/fyresdal-municipal_council"
    adopted = repo.head.commit.hexsha
    tag(repo, name, "Kommunestyret i Fyresdal, sak 26/11")
    plan = Path(repo.working_dir, PLAN)
    edit(plan, "case_number: 26/11\n", f"case_number: 26/11\n    adopted_revision: {name}\n")
    commit(repo, "Vedtaket i kommunestyret")
    code, output = run_cli("history", "testdalen", "--verify")
    assert code == 0, output
    (remake,) = re.findall(r"«(git tag -f -s [^»]*)»", output)
    assert remake == f"git tag -f -s {name} {adopted[:12]}"
    subprocess.run(
        [*shlex.split(remake), "-m", "Kommunestyret i Fyresdal, sak 26/11"],
        cwd=repo.working_dir,
        check=True,
        capture_output=True,
    )
    assert repo.git.rev_parse(f"{name}^{{commit}}") == adopted
    code, output = run_cli("history", "testdalen", "--verify")
    assert code == 0, output
    assert "BV310" not in output and "1 med godkjend signatur" in output


def test_import_plan_for_a_new_year_names_that_year_in_its_head_comment(pilot: Path) -> None:
    """``import plan`` of next year's spreadsheet begins the plan as ``plan new`` does, and
    kept the head comment «Handlingsplan for 2026» in plans/2027.yaml. The table is a
    .csv as Excel saves it: «;» and cp1252."""
    head = "# Handlingsplan for {}. Kvart tiltak har ein fast id som følgjer det frå år til år."
    version = "schema_version: 2\n"
    edit(pilot / "plans" / "2026.yaml", version, f"{version}{head.format(2026)}\n")
    table = pilot.parent.parent / "tiltak-2027.csv"
    rows = ["Nr;Delmål;Tiltak;Tiltaksmidlar 2027", "1.1;1;Kartlegging av bustadbehov;300 000"]
    table.write_bytes("\r\n".join(rows).encode("cp1252") + b"\r\n")
    code, output = run_cli("import", "plan", str(table), "--pilot", "testdalen", "--year", "2027")
    assert code == 0, output
    assert "Skreiv pilots/testdalen/plans/2027.yaml" in output, output
    lines = (pilot / "plans" / "2027.yaml").read_text(encoding="utf-8").splitlines()
    assert head.format(2027) in lines and head.format(2026) not in lines
    assert "        state_measure_funds: 300000" in lines


def test_a_sub_goals_partners_after_a_label_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """«Samarbeidspartar: Seljord kommune, Tinn kommune» under a sub-goal, as a municipality
    writes it instead of the template's sentence: the import stopped with «Fann ikkje
    samarbeidspartane i delmål 1» and wrote nothing."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pilots").mkdir()
    partners = "Samarbeidspartar: Seljord kommune, Tinn kommune"
    source = municipal_agreement(tmp_path / "avtale.docx", partners=partners)
    code, output = run_cli("import", "agreement", str(source), "--pilot", "nye-dalen")
    assert code == 0, output
    data = load_yaml(tmp_path / "pilots/nye-dalen/agreement.yaml").data
    assert data["sub_goals"][0]["partners"] == ["seljord", "tinn"]


def test_an_agreement_without_its_period_gets_no_invented_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An agreement whose text gives no period was imported with «end: <three years from
    today>-12-31», announced as a guess but written as a fact that every document then
    printed. Unknown is left out, as ``init`` does: the import lists the period as not
    found, and ``validate`` warns (BV230)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pilots").mkdir()
    source = municipal_agreement(tmp_path / "avtale.docx", period="")
    code, output = run_cli("import", "agreement", str(source), "--pilot", "nye-dalen")
    assert code == 0, output
    assert "Fann ikkje avtaleperioden; agreement.period (start og end) må fyllast inn" in output
    pilot = Pilot.model_validate(load_yaml(tmp_path / "pilots/nye-dalen/pilot.yaml").data)
    assert (pilot.agreement.period.start, pilot.agreement.period.end) == (None, None)
    assert [f["code"] for f in findings(tmp_path / "pilots/nye-dalen", "BV230")] == ["BV230"]


def test_a_municipality_named_by_its_name_gets_one_readable_sentence_pair(pilot: Path) -> None:
    """``render case -m Fyresdal`` (the name, not the id) said «… (kommunar: fyresdal,
    kviteseid) Meinte du «fyresdal»?»: two sentences run together without a stop."""
    code, output = run_cli("render", "case", "testdalen", "-m", "Fyresdal", "-o", "-")
    assert code == 2
    assert output.strip().endswith(
        "«Fyresdal» er ingen kommune i testdalen (kommunar: fyresdal, kviteseid). "
        "Meinte du «fyresdal»?"
    )
