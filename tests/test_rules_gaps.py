"""Gaps the last review of the model and the rules left, each on a pilot written to show it.

* cost shares and weights with decimals («12,5 %» of eight municipalities, 33,33 % of
  three): accepted with at most two decimals, summed exactly, and shown the Norwegian way
  in messages, documents, the diff and the schema;
* the order of decisions (BV210): the municipal councils, then the county where it is a
  party, then the ministry;
* messages that name a party do so by the name the agreement gives it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bygdevekst_cli.models import FILE_KINDS
from bygdevekst_cli.schema_export import schema_for
from tests.helpers import NBSP, check, copy_minimal, edit, line_of, run_cli


@pytest.fixture(autouse=True)
def _nynorsk(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line's own words in Nynorsk, as the pilot's; every run reads the files
    as they are now (the pilots are edited between runs)."""
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    monkeypatch.setenv("BYGDEVEKST_NO_CACHE", "1")


def _findings(pilot: Path, code: str) -> list[tuple[str, int | None, str]]:
    """``(file name, line, message)`` of each finding of ``code``."""
    return [(Path(f.file).name, f.line, f.message) for f in check(pilot).findings if f.code == code]


def _shares(pilot: Path, shares: str) -> str:
    """The plan of the minimal pilot with the pilot's cost shares ``shares`` (YAML flow)."""
    return edit(
        pilot / "plans" / "2026.yaml",
        "funding:\n  grants:",
        f"funding:\n  cost_shares: {shares}\n  grants:",
    )


# --- 1. percentages with decimals ----------------------------------------------------------


@pytest.mark.parametrize(
    "shares",
    ["{fyresdal: 12.5, kviteseid: 87.5}", "{fyresdal: 33.33, kviteseid: 66.67}"],
)
def test_shares_with_decimals_that_sum_to_100_are_accepted(tmp_path: Path, shares: str) -> None:
    pilot = copy_minimal(tmp_path)
    _shares(pilot, shares)
    assert [(f.code, f.message) for f in check(pilot).findings] == []


@pytest.mark.parametrize(
    ("shares", "total"),
    [
        ("{fyresdal: 33.33, kviteseid: 66.66}", f"99,99{NBSP}%"),  # a rounding short
        ("{fyresdal: 33.34, kviteseid: 66.67}", f"100,01{NBSP}%"),  # a rounding over
        ("{fyresdal: 50, kviteseid: 49}", f"99{NBSP}%"),
    ],
)
def test_shares_off_100_by_a_hundredth_are_found_and_stated_exactly(
    tmp_path: Path, shares: str, total: str
) -> None:
    pilot = copy_minimal(tmp_path)
    text = _shares(pilot, shares)
    assert _findings(pilot, "BV241") == [
        (
            "2026.yaml",
            line_of(text, "cost_shares:"),
            f"Kostnadsdelinga av eigne midlar blir til saman {total}, ikkje 100\u00a0%",
        )
    ]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("33.333", "Ein prosentdel kan ha høgst to desimalar (t.d. 33.33), fekk 33.333"),
        ('"12,5"', "Skriv desimalane med punktum i YAML: 12.5, ikkje «12,5»"),
        ("100.5", "Ein prosentdel må liggje frå 0 til 100, fekk 100.5"),
        ("true", "Ein prosentdel må vere eit tal frå 0 til 100, fekk true"),
        (".nan", "Ein prosentdel må vere eit tal frå 0 til 100, fekk nan"),
    ],
)
def test_a_share_no_percentage_holds_is_an_error_at_its_line(
    tmp_path: Path, written: str, message: str
) -> None:
    pilot = copy_minimal(tmp_path)
    text = _shares(pilot, f"{{fyresdal: {written}, kviteseid: 50}}")
    code, output = run_cli("validate", str(pilot), "--format", "json")
    assert code == 1, output
    [finding] = [f for f in json.loads(output)["findings"] if f["severity"] == "error"]
    assert (finding["code"], Path(finding["file"]).name, finding["line"]) == (
        "BV103",
        "2026.yaml",
        line_of(text, "cost_shares:"),
    )
    assert finding["message"] == f"funding.cost_shares.fyresdal: {message}"


def test_a_whole_share_written_with_a_point_zero_is_the_whole_number(tmp_path: Path) -> None:
    pilot = copy_minimal(tmp_path)
    _shares(pilot, "{fyresdal: 50.0, kviteseid: 50}")
    assert [(f.code, f.message) for f in check(pilot).findings] == []


def _measure_shares(pilot: Path, shares: str, own_funds: int) -> None:
    """Measure 1.1 of the minimal pilot shared ``shares`` (YAML flow), ``own_funds`` its own
    funds in 2026."""
    edit(
        pilot / "plans" / "2026.yaml",
        "    status: ongoing\n    budget:\n      2026:\n        state_measure_funds: 600000\n"
        "        own_funds: 100000\n",
        f"    status: ongoing\n    cost_shares: {shares}\n    budget:\n      2026:\n"
        f"        state_measure_funds: 600000\n        own_funds: {own_funds}\n",
    )


def test_documents_show_a_share_with_decimals_and_count_it_exactly(tmp_path: Path) -> None:
    """The plan shows «12,5 %»; the case document counts the municipality's part of the own
    funds from it in whole kroner, rounded half up (12,5 % of 100 004 kr is 12 500,5 kr)."""
    pilot = copy_minimal(tmp_path)
    _measure_shares(pilot, "{fyresdal: 12.5, kviteseid: 87.5}", 100_004)
    out = tmp_path / "out"
    for document in (["plan"], ["case", "-m", "fyresdal"]):
        code, output = run_cli("render", *document, str(pilot), "-o", str(out))
        assert code == 0, output
    plan = (out / "testdalen" / "2026" / "handlingsplan.md").read_text(encoding="utf-8")
    assert f"Kostnadsdeling: Fyresdal kommune 12,5{NBSP}%, Kviteseid kommune 87,5{NBSP}%" in plan
    case = (out / "testdalen" / "2026" / "saksframlegg-fyresdal.md").read_text(encoding="utf-8")
    assert f"fell 12{NBSP}501{NBSP}kr på Fyresdal kommune etter kostnadsdelinga" in case


def test_the_diff_shows_a_share_with_decimals_in_words_and_as_a_json_number(
    tmp_path: Path,
) -> None:
    from tests.gitrepo import commit, pilot_repo

    repo = pilot_repo(tmp_path / "repo")
    pilot = tmp_path / "repo" / "pilots" / "testdalen"
    _shares(pilot, "{fyresdal: 50, kviteseid: 50}")
    commit(repo, "Kostnadsdeling")
    edit(
        pilot / "plans" / "2026.yaml",
        "{fyresdal: 50, kviteseid: 50}",
        "{fyresdal: 12.5, kviteseid: 87.5}",
    )
    code, output = run_cli("diff", str(pilot), "--base", "HEAD", "-f", "json")
    assert code == 0, output
    assert json.loads(output)["funding"] == [
        {"path": "cost_shares.fyresdal", "old": 50, "new": 12.5},
        {"path": "cost_shares.kviteseid", "old": 50, "new": 87.5},
    ]
    code, output = run_cli("diff", str(pilot), "--base", "HEAD")
    assert code == 0, output
    assert f"50{NBSP}% → 12,5{NBSP}%" in output


def test_the_changes_document_states_a_changed_share_with_decimals_in_every_format(
    tmp_path: Path,
) -> None:
    """The plan of 2027 made by ``plan new`` keeps 12,5 %; its changes document, in Markdown
    and in Word, says the share went from 12,5 % to 33,33 %."""
    from docx import Document

    pilot = copy_minimal(tmp_path)
    _shares(pilot, "{fyresdal: 12.5, kviteseid: 87.5}")
    code, output = run_cli("plan", "new", str(pilot), "2027")
    assert code == 0, output
    edit(
        pilot / "plans" / "2027.yaml",
        "fyresdal: 12.5, kviteseid: 87.5",
        "fyresdal: 33.33, kviteseid: 66.67",
    )
    out = tmp_path / "out"
    code, output = run_cli(
        "render", "changes", str(pilot), "-y", "2027", "-f", "md,docx", "-o", str(out)
    )
    assert code == 0, output
    said = f"Delen Fyresdal kommune ber av eigne midlar, er endra frå 12,5{NBSP}% til 33,33{NBSP}%."
    folder = out / "testdalen" / "2027"
    assert said in (folder / "endringar.md").read_text(encoding="utf-8")
    assert said in [p.text for p in Document(str(folder / "endringar.docx")).paragraphs]


def test_the_schema_takes_a_share_with_decimals_and_says_how_it_is_written() -> None:
    [plan] = [kind for kind in FILE_KINDS if kind.schema_file.startswith("plan")]
    share = schema_for(plan)["$defs"]["Funding"]["properties"]["cost_shares"]
    [value] = share["patternProperties"].values()
    assert value == {
        "type": "number",
        "minimum": 0,
        "maximum": 100,
        "description": "Prosent fra 0 til 100, heltall eller med høyst to desimaler"
        " (12.5 for 12,5 %).",
    }


def test_an_imported_weight_with_decimals_is_written_as_the_agreement_gives_it(
    tmp_path: Path,
) -> None:
    """«vekt 12,5 %» was left out as no whole per cent; now it is the weight ``12.5`` in
    agreement.yaml, a whole one stays ``50``, and the weights add up (no BV203)."""
    from bygdevekst_cli.loader import load_yaml
    from tests.test_import_layouts_2 import TITLES, _text_agreement

    source = tmp_path / "avtale.txt"
    weights = {1: "vekt 12,5 %", 2: "vekt 50 %", 3: "Vekting: 0,375"}
    _text_agreement(source, {n: f"{TITLES[n]} ({w})" for n, w in weights.items()})
    code, output = run_cli(
        "import", "agreement", str(source), "--pilot", "vest-telemark",
        "--dir", str(tmp_path / "pilots"),
    )  # fmt: skip
    assert code == 0, output
    written = tmp_path / "pilots" / "vest-telemark" / "agreement.yaml"
    assert [goal["weight"] for goal in load_yaml(written).data["sub_goals"]] == [12.5, 50, 37.5]
    assert "    weight: 12.5\n" in written.read_text(encoding="utf-8")
    assert "BV203" not in output


def test_weights_with_decimals_are_summed_exactly_and_compared_with_the_plan(
    tmp_path: Path,
) -> None:
    """72,5 + 27,5 is 100 (BV203 is silent); the plan shares its measure funds 60/40, so
    BV207 warns of each sub-goal 12,5 points off its weight, stating the weight as written."""
    pilot = copy_minimal(tmp_path)
    edit(pilot / "agreement.yaml", "weight: 60", "weight: 72.5")
    edit(pilot / "agreement.yaml", "weight: 40", "weight: 27.5")
    assert _findings(pilot, "BV203") == []
    assert [message for _, _, message in _findings(pilot, "BV207")] == [
        f"Delmål 1 har 60{NBSP}% av tiltaksmidlane i planen, men vekta er 72,5{NBSP}%",
        f"Delmål 2 har 40{NBSP}% av tiltaksmidlane i planen, men vekta er 27,5{NBSP}%",
    ]


# --- 2. the order of decisions: councils, the county, the ministry --------------------------

_COUNTY_TREATMENT = (
    "  - party: fylket\n    body: county_committee\n    date: 2026-04-29\n"
    "    case_number: 26/40\n    outcome: adopted\n"
)


def _treatment(party: str, body: str, date: str, number: str) -> str:
    return (
        f"  - party: {party}\n    body: {body}\n    date: {date}\n"
        f"    case_number: {number}\n    outcome: adopted\n"
    )


def _bv210(pilot: Path) -> list[tuple[int | None, str]]:
    return [(line, message) for _, line, message in _findings(pilot, "BV210")]


def test_kdd_approving_before_the_county_council_is_out_of_order(tmp_path: Path) -> None:
    pilot = copy_minimal(tmp_path)
    after = _treatment("fylket", "county_council", "2026-07-01", "26/41")
    text = edit(pilot / "plans" / "2026.yaml", _COUNTY_TREATMENT, _COUNTY_TREATMENT + after)
    assert _bv210(pilot) == [
        (
            line_of(text, "date: 2026-06-15"),
            "KDD godkjenner (2026-06-15) før Telemark fylkeskommune har handsama planen"
            " (2026-07-01)",
        )
    ]


def test_the_county_deciding_before_a_municipal_council_is_out_of_order(tmp_path: Path) -> None:
    pilot = copy_minimal(tmp_path)
    text = edit(pilot / "plans" / "2026.yaml", "date: 2026-04-29", "date: 2026-02-15")
    assert _bv210(pilot) == [
        (
            line_of(text, "date: 2026-02-15"),
            "Telemark fylkeskommune handsamar planen i fylkesutvalet (2026-02-15) før"
            " kommunestyret i Fyresdal kommune (2026-02-19); kommunane vedtek planen før"
            " fylkeskommunen",
        )
    ]


def test_the_county_council_before_its_committee_is_out_of_order(tmp_path: Path) -> None:
    pilot = copy_minimal(tmp_path)
    before = _treatment("fylket", "county_council", "2026-04-20", "26/41")
    text = edit(pilot / "plans" / "2026.yaml", _COUNTY_TREATMENT, _COUNTY_TREATMENT + before)
    assert _bv210(pilot) == [
        (
            line_of(text, "date: 2026-04-20"),
            "Fylkestinget i Telemark fylkeskommune (2026-04-20) handsamar planen før"
            " fylkesutvalet (2026-04-29)",
        )
    ]


def test_kdd_approving_a_plan_the_county_never_treated_is_found(tmp_path: Path) -> None:
    pilot = copy_minimal(tmp_path)
    text = edit(pilot / "plans" / "2026.yaml", _COUNTY_TREATMENT, "")
    assert _bv210(pilot) == [
        (
            line_of(text, "date: 2026-06-15"),
            "KDD godkjenner (2026-06-15), men Telemark fylkeskommune har ikkje handsama"
            " planen; fylkeskommunen er hovudpart og vedtek planen før KDD (før inn møtet i"
            " fylkesutvalet eller fylkestinget under schedule)",
        )
    ]


def test_a_county_meeting_without_a_date_is_a_treatment_in_the_schedule(tmp_path: Path) -> None:
    """Not «has not treated the plan»: the meeting is there, its date not fixed yet."""
    pilot = copy_minimal(tmp_path)
    edit(pilot / "plans" / "2026.yaml", "    date: 2026-04-29\n", "")
    assert _bv210(pilot) == []


def test_a_county_that_is_only_a_partner_is_asked_for_no_decision(tmp_path: Path) -> None:
    pilot = copy_minimal(tmp_path)
    edit(pilot / "plans" / "2026.yaml", _COUNTY_TREATMENT, "")
    edit(pilot / "pilot.yaml", "kind: county\n    role: main", "kind: county\n    role: partner")
    edit(pilot / "agreement.yaml", "  - party: fylket\n", "")  # a partner does not sign
    assert [(f.code, f.message) for f in check(pilot).findings] == []


def test_a_pilot_without_a_county_is_asked_for_no_county_decision(tmp_path: Path) -> None:
    pilot = copy_minimal(tmp_path)
    edit(pilot / "plans" / "2026.yaml", _COUNTY_TREATMENT, "")
    edit(pilot / "pilot.yaml", "  - id: fylket\n    name: Telemark fylkeskommune\n"
         "    kind: county\n    role: main\n", "")  # fmt: skip
    edit(pilot / "agreement.yaml", "[husbanken, fylket]", "[husbanken]")
    edit(pilot / "agreement.yaml", "    partners: [fylket]\n", "")
    edit(pilot / "agreement.yaml", "  - party: fylket\n", "")
    assert [(f.code, f.message) for f in check(pilot).findings] == []


def test_with_two_counties_each_main_county_decides_before_kdd(tmp_path: Path) -> None:
    """A pilot across a county border: both counties are main parties; the one that has
    treated the plan is in order, the other is named."""
    pilot = copy_minimal(tmp_path)
    edit(
        pilot / "pilot.yaml",
        "  - id: kdd\n",
        "  - id: vestland\n    name: Vestland fylkeskommune\n    kind: county\n    role: main\n"
        "  - id: kdd\n",
    )
    edit(pilot / "agreement.yaml", "  - party: kdd\n", "  - party: vestland\n  - party: kdd\n")
    assert _bv210(pilot) == [
        (
            line_of((pilot / "plans" / "2026.yaml").read_text(encoding="utf-8"), "2026-06-15"),
            "KDD godkjenner (2026-06-15), men Vestland fylkeskommune har ikkje handsama"
            " planen; fylkeskommunen er hovudpart og vedtek planen før KDD (før inn møtet i"
            " fylkesutvalet eller fylkestinget under schedule)",
        )
    ]
    vestland = _treatment("vestland", "county_council", "2026-05-20", "26/77")
    edit(pilot / "plans" / "2026.yaml", _COUNTY_TREATMENT, _COUNTY_TREATMENT + vestland)
    assert [(f.code, f.message) for f in check(pilot).findings] == []


# --- 3. parties by their names -------------------------------------------------------------

_IN_KIND = "    in_kind:\n      - party: kviteseid\n        year: 2026\n"
_RESPONSIBLE = "    responsible: fyresdal\n"
_BY_COUNTY = "        own_funds: 100000\n"
_COUNTY_LINE = "        other_grants: {amount: 50000, funder: fylket, status: granted}\n"


@pytest.mark.parametrize(
    ("language", "edits", "code", "message"),
    [
        (
            "nn",
            [("    case_number: 26/40\n", "")],
            "BV224",
            "Vedtaket i fylkesutvalet i Telemark fylkeskommune manglar saksnummer",
        ),
        (
            "nb",
            [("    case_number: 26/40\n", "")],
            "BV224",
            "Vedtaket i fylkesutvalget i Telemark fylkeskommune mangler saksnummer",
        ),
        (
            "nn",
            [("    case_number: 26/40\n    outcome: adopted\n", "    case_number: 26/40\n")],
            "BV223",
            "fylkesutvalet i Telemark fylkeskommune 2026-04-29 er halde, men utfallet"
            " (outcome) manglar",
        ),
        (
            "nn",
            [(_RESPONSIBLE, _RESPONSIBLE + _IN_KIND)],
            "BV244",
            "Eigeninnsatsen frå Kviteseid kommune i 2026 har verken timar (hours) eller beløp"
            " (amount)",
        ),
        (
            "nn",
            [(_BY_COUNTY, _BY_COUNTY + _COUNTY_LINE)],
            "BV242",
            f"Budsjettet reknar med 50{NBSP}000{NBSP}kr frå Telemark fylkeskommune i 2026, men"
            f" berre 0{NBSP}kr er løyvd; før inn løyvinga under funding.grants (funder: fylket),"
            " eller minsk beløpet i budsjettet",
        ),
    ],
)
def test_a_message_names_a_party_by_its_name_and_a_yaml_key_by_its_id(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    edits: list[tuple[str, str]],
    code: str,
    message: str,
) -> None:
    """The name where a reader is told who (pilot.yaml's «Telemark fylkeskommune», not
    ``fylket``); the id where the message says what to write in the YAML (``funder:``)."""
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", language)
    pilot = copy_minimal(tmp_path)
    for old, new in edits:
        edit(pilot / "plans" / "2026.yaml", old, new)
    assert [found for _, _, found in _findings(pilot, code)] == [message]
