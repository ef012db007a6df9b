"""The scheme's rules on pilots shaped unlike the three bundled ones.

Each pilot is written here in ``tmp_path`` as a secretariat could write it, faithful to
the agreements and plans of the seeds, and checked through the real command line:

* Indre Finnmark: a Bokmål pilot of Porsanger – Porsáŋgu – Porsanki and Kárášjohka/Karasjok
  (Sámi names), without the county as a party; a measure funded by the Sámediggi alone,
  and a budget whose amount is not known yet;
* Fjellregionen: a Nynorsk pilot of eight municipalities in two counties, five plan years
  in which measures run across years, pause and resume, are split, merged, renumbered and
  moved to another sub-goal, a county's one-year grants, and one council that rejects
  the plan of 2026;
* the same pilot with its agreement amended mid-period (a new sub-goal, changed weights)
  in git, and with a plan written in Bokmål.

What is right must give no finding a secretariat would have to argue with; what is wrong
must be found, at its file and line, in the catalogue's words of the pilot's standard.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.gitrepo import commit, init_repo, tag
from tests.helpers import console_script, line_of, run_cli

Data = dict[str, Any]

PILOT_SCHEMA = "# yaml-language-server: $schema=../../schemas/pilot.schema.json\n"
AGREEMENT_SCHEMA = "# yaml-language-server: $schema=../../schemas/agreement.schema.json\n"
PLAN_SCHEMA = "# yaml-language-server: $schema=../../../schemas/plan.schema.json\n"


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every run reads the files as they are now (the pilots are rewritten between runs)."""
    monkeypatch.setenv("BYGDEVEKST_NO_CACHE", "1")


# --- writing a pilot ------------------------------------------------------------------------


def _dump(schema_line: str, data: Data) -> str:
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    return schema_line + "schema_version: 2\n" + body


def write_pilot(
    root: Path, pilot: Data, agreement: Data, plans: dict[int, Data]
) -> tuple[Path, dict[str, str]]:
    """The pilot in ``root/pilots/<id>``: its folder and the text of each file by name."""
    folder = root / "pilots" / pilot["id"]
    (folder / "plans").mkdir(parents=True, exist_ok=True)
    texts = {
        "pilot.yaml": _dump(PILOT_SCHEMA, pilot),
        "agreement.yaml": _dump(AGREEMENT_SCHEMA, agreement),
    }
    texts |= {f"plans/{year}.yaml": _dump(PLAN_SCHEMA, plan) for year, plan in plans.items()}
    for name in [p.relative_to(folder).as_posix() for p in folder.rglob("*.yaml")]:
        if name not in texts:
            (folder / name).unlink()
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8", newline="")
    return folder, texts


def validate(folder: Path) -> tuple[int, list[dict[str, Any]]]:
    code, output = run_cli("validate", str(folder), "--format", "json")
    assert code in (0, 1), output
    return code, json.loads(output)["findings"]


def found(findings: list[dict[str, Any]], code: str) -> list[tuple[str, int | None, str]]:
    """``(file name, line, message)`` of each finding of ``code``."""
    return [(Path(f["file"]).name, f["line"], f["message"]) for f in findings if f["code"] == code]


def errors(findings: list[dict[str, Any]]) -> list[str]:
    return [
        f"{f['code']} {f['file']}:{f['line']} {f['message']}"
        for f in findings
        if f["severity"] == "error"
    ]


def municipality(party_id: str, name: str, number: str, **extra: Any) -> Data:
    return {
        "id": party_id,
        "name": name,
        "kind": "municipality",
        "role": "main",
        "municipality_number": number,
        **extra,
        "case_document": {
            "chief_executive_title": "Kommunedirektør",
            "chief_executive_name": "Kari Nordmann",
        },
    }


def party(party_id: str, name: str, kind: str, role: str) -> Data:
    return {"id": party_id, "name": name, "kind": kind, "role": role}


def measure(
    measure_id: str,
    sub_goal: int | None,
    number: int,
    title: str,
    years: tuple[int, int],
    **extra: Any,
) -> Data:
    found: Data = {"id": measure_id}
    if sub_goal is not None:
        found["sub_goal"] = sub_goal
    found |= {"number": number, "title": title, "start_year": years[0], "end_year": years[1]}
    return found | {"status": "ongoing"} | extra


def treatments(year: int, parties: list[str], *, rejected: str | None = None) -> list[Data]:
    """Every party's treatment of the plan of ``year``, held and decided (one council
    ``rejected`` it), KDD's approval last."""
    found = []
    for day, party_id in enumerate(parties, start=10):
        body = "county_committee" if party_id.endswith("-fk") else "municipal_council"
        found.append(
            {
                "party": party_id,
                "body": body,
                "date": f"{year}-03-{day:02d}",
                "case_number": f"{year % 100}/{day}",
                "outcome": "rejected" if party_id == rejected else "adopted",
            }
        )
    kdd = {
        "party": "kdd",
        "body": "kdd",
        "date": f"{year}-06-15",
        "case_number": f"{year % 100}/900",
    }
    return [*found, kdd | {"outcome": "adopted"}]


def case(year: int, adopted: str) -> Data:
    return {
        "conclusion": "Handlingsplanen byggjer vidare på arbeidet.",
        "recommendation": [f"Handlingsplanen for {year} {adopted}."],
    }


# --- Indre Finnmark: Sámi names, no county, money from others, an amount not known --------


def indre_finnmark() -> tuple[Data, Data, dict[int, Data]]:
    pilot = {
        "id": "indre-finnmark",
        "name": "Porsanger – Porsáŋgu – Porsanki og Kárášjohka",
        "language": "nb",
        "cohort": 2,
        "county": "Finnmark",
        "phases": [{"name": "Fase 2", "start_year": 2025, "end_year": 2028}],
        "parties": [
            municipality(
                "porsanger",
                "Porsanger kommune – Porsáŋggu gielda – Porsangin komuuni",
                "5622",
                names={"se": "Porsáŋggu gielda", "fkv": "Porsangin komuuni"},
            ),
            municipality(
                "karasjok",
                "Kárášjoga gielda – Karasjok kommune",
                "5610",
                names={"se": "Kárášjoga gielda"},
            ),
            party("kdd", "Kommunal- og distriktsdepartementet", "state", "main"),
            party("sametinget", "Sametinget – Sámediggi", "other", "partner"),
            party("innovasjon-norge", "Innovasjon Norge", "agency", "partner"),
        ],
        "agreement": {
            "state": "signed",
            "period": {"start": "2025-03-01", "end": "2028-12-31"},
            "signed": "2025-03-01",
        },
    }
    agreement = {
        "chapters": [
            {
                "kind": "background",
                "number": "1",
                "title": "Bakgrunn",
                "text": "Målet med avtalen er å bidra til bosetting i Kárášjohka og Porsáŋgu.",
            }
        ],
        "sub_goals": [
            {
                "number": 1,
                "title": "Flere boliger",
                "weight": 50,
                "partners": ["sametinget"],
                "text": "Partene skal utvikle en handlingsplan.",
            },
            {
                "number": 2,
                "title": "Samisk næringsliv og reindrift",
                "weight": 50,
                "partners": ["sametinget", "innovasjon-norge"],
                "text": "Partene skal utforske nye næringer.",
            },
        ],
        "signatures": [{"party": "porsanger"}, {"party": "karasjok"}, {"party": "kdd"}],
    }
    plan = {
        "year": 2026,
        "measures": [
            measure(
                "1.1",
                1,
                1,
                "Boligkartlegging i Kárášjohka",
                (2026, 2027),
                responsible="karasjok",
                budget={
                    2026: {"state_measure_funds": 400000},
                    2027: {"state_measure_funds": 400000},
                },
            ),
            measure(
                "1.2",
                1,
                2,
                "Boliger for unge i Porsáŋgu",
                (2026, 2027),
                responsible="porsanger",
                budget={2026: {"own_funds": None}},
            ),
            measure(
                "2.1",
                2,
                1,
                "Duodji og reiseliv",
                (2026, 2026),
                budget={
                    2026: {
                        "other_grants": {
                            "amount": 300000,
                            "funder": "sametinget",
                            "status": "granted",
                        }
                    }
                },
            ),
            measure(
                "2.2",
                2,
                2,
                "Reindrift og ny teknologi",
                (2026, 2027),
                budget={2026: {"state_measure_funds": 300000}},
            ),
        ],
        "funding": {
            "grants": [
                {
                    "source": "state_measure_funds",
                    "year": 2025,
                    "amount": 10000000,
                    "covers_period": True,
                },
                {"source": "other_grants", "year": 2026, "funder": "sametinget", "amount": 300000},
            ]
        },
        "schedule": treatments(2026, ["porsanger", "karasjok"]),
        "case": {
            "conclusion": "Handlingsplanen bygger videre på arbeidet.",
            "recommendation": ["Handlingsplanen for 2026 blir vedtatt."],
        },
    }
    return pilot, agreement, {2026: plan}


# --- Fjellregionen: eight municipalities, two counties, five plan years ---------------------

FJELL_MUNICIPALITIES = [
    ("tynset", "Tynset", "3427"),
    ("tolga", "Tolga", "3426"),
    ("os", "Os", "3430"),
    ("rendalen", "Rendalen", "3424"),
    ("folldal", "Folldal", "3429"),
    ("alvdal", "Alvdal", "3428"),
    ("holtalen", "Holtålen", "5026"),
    ("roros", "Røros", "5025"),
]
COUNTIES = ["innlandet-fk", "trondelag-fk"]
LOCAL = [m[0] for m in FJELL_MUNICIPALITIES] + COUNTIES


def _state(amount: int) -> Data:
    return {"state_measure_funds": amount}


def _county(amount: int, status: str = "granted") -> Data:
    """Money from Innlandet fylkeskommune alone (no state money)."""
    return {"other_grants": {"amount": amount, "funder": "innlandet-fk", "status": status}}


def _fjell_measures() -> dict[int, list[Data]]:
    """The measures of each plan year: 1.1 runs over three years and is moved to sub-goal 3
    as it closes; 1.2 is paused in 2025 (no money that year) and resumed; 2.1 is split into
    2.3 and 2.4, which are merged again in 2026; 2.2 is renumbered 2.1 once 2.1 is gone; 3.1
    is paid by the county alone; 4.1 comes with the amended agreement's sub-goal 4."""
    nursing = "Desentralisert sjukepleiarutdanning"
    return {
        2024: [
            measure(
                "1.1",
                1,
                1,
                "Bustadprogram",
                (2024, 2026),
                budget={y: _state(1_000_000) for y in (2024, 2025, 2026)},
            ),
            measure("1.2", 1, 2, "Utleigebustader", (2024, 2027), budget={2024: _state(500_000)}),
            measure(
                "2.1",
                2,
                1,
                "Næringshage og nettverk",
                (2024, 2025),
                budget={2024: _state(1_500_000)},
            ),
            measure(
                "2.2", 2, 2, "Reiseliv i fjellet", (2024, 2028), budget={2024: _state(300_000)}
            ),
            measure("3.1", 3, 1, nursing, (2024, 2028), budget={2024: _county(800_000)}),
            measure(
                "pl",
                None,
                1,
                "Prosjektleiing",
                (2024, 2028),
                budget={2024: {"operating_grant": 2_000_000}},
            ),
        ],
        2025: [
            measure(
                "1.1",
                1,
                1,
                "Bustadprogram",
                (2024, 2026),
                budget={y: _state(1_000_000) for y in (2024, 2025, 2026)},
            ),
            measure(
                "1.2",
                1,
                2,
                "Utleigebustader",
                (2024, 2027),
                change_reason="Sett på pause i 2025 medan kommunane ventar på svar frå Husbanken.",
                budget={2024: _state(500_000), 2025: _state(0)},
            ),
            measure(
                "2.1",
                2,
                1,
                "Næringshage og nettverk",
                (2024, 2025),
                status="closed",
                assessment="Delt i to tiltak, 2.3 og 2.4, som held fram arbeidet.",
                budget={2024: _state(1_500_000)},
            ),
            measure(
                "2.2",
                2,
                2,
                "Reiseliv i fjellet",
                (2024, 2028),
                budget={2024: _state(300_000), 2025: _state(300_000)},
            ),
            measure("2.3", 2, 3, "Næringshage", (2025, 2026), budget={2025: _state(700_000)}),
            measure(
                "2.4", 2, 4, "Nettverk for landbruket", (2025, 2026), budget={2025: _state(700_000)}
            ),
            measure(
                "3.1",
                3,
                1,
                nursing,
                (2024, 2028),
                budget={2024: _county(800_000), 2025: _county(800_000)},
            ),
            measure(
                "pl",
                None,
                1,
                "Prosjektleiing",
                (2024, 2028),
                budget={y: {"operating_grant": 2_000_000} for y in (2024, 2025)},
            ),
        ],
        2026: [
            measure(
                "1.1",
                3,
                2,
                "Bustadprogram",
                (2024, 2026),
                status="closed",
                change_reason="Flytta til delmål 3: arbeidet gjeld no bustader for lærlingar.",
                assessment="Programmet gav tolv nye bustader.",
                budget={2026: _state(1_000_000)},
            ),
            measure(
                "1.2",
                1,
                2,
                "Utleigebustader",
                (2024, 2027),
                change_reason="Teke opp att i 2026 etter svar frå Husbanken.",
                budget={2026: _state(2_500_000)},
            ),
            measure(
                "2.2",
                2,
                1,
                "Reiseliv i fjellet",
                (2024, 2028),
                change_reason="Nytt nummer etter at 2.1 vart avslutta.",
                budget={2026: _state(300_000)},
            ),
            measure(
                "2.3",
                2,
                3,
                "Næringshage og nettverk for landbruket",
                (2025, 2027),
                change_reason="Slått saman med 2.4.",
                budget={2026: _state(1_400_000)},
            ),
            measure(
                "2.4",
                2,
                4,
                "Nettverk for landbruket",
                (2025, 2026),
                status="closed",
                assessment="Slått saman med 2.3; nettverket held fram der.",
            ),
            measure("3.1", 3, 1, nursing, (2024, 2028), budget={2026: _county(800_000)}),
            measure(
                "pl",
                None,
                1,
                "Prosjektleiing",
                (2024, 2028),
                budget={2026: {"operating_grant": 2_000_000}},
            ),
        ],
        2027: [
            measure("1.2", 1, 2, "Utleigebustader", (2024, 2027), budget={2027: _state(1_500_000)}),
            measure(
                "2.2", 2, 1, "Reiseliv i fjellet", (2024, 2028), budget={2027: _state(300_000)}
            ),
            measure(
                "2.3",
                2,
                3,
                "Næringshage og nettverk for landbruket",
                (2025, 2027),
                budget={2027: _state(1_400_000) | {"own_funds": None}},
            ),
            measure("3.1", 3, 1, nursing, (2024, 2028), budget={2027: _county(800_000)}),
            measure(
                "4.1",
                4,
                1,
                "Kraftkrevjande industri",
                (2027, 2028),
                budget={2027: _state(1_000_000)},
            ),
            measure(
                "pl",
                None,
                1,
                "Prosjektleiing",
                (2024, 2028),
                budget={2027: {"operating_grant": 2_000_000}},
            ),
        ],
        2028: [
            measure(
                "1.2",
                1,
                2,
                "Utleigebustader",
                (2024, 2027),
                status="closed",
                assessment="Førte til tjue nye utleigebustader.",
            ),
            measure(
                "2.2", 2, 1, "Reiseliv i fjellet", (2024, 2028), budget={2028: {"own_funds": None}}
            ),
            measure(
                "2.3",
                2,
                3,
                "Næringshage og nettverk for landbruket",
                (2025, 2027),
                status="closed",
                assessment="Næringshagen er etablert.",
            ),
            measure("3.1", 3, 1, nursing, (2024, 2028), budget={2028: _county(800_000, "applied")}),
            measure(
                "4.1",
                4,
                1,
                "Kraftkrevjande industri",
                (2027, 2028),
                budget={2028: _state(1_000_000) | {"own_funds": None}},
            ),
            measure(
                "pl",
                None,
                1,
                "Prosjektleiing",
                (2024, 2028),
                budget={2028: {"operating_grant": 2_000_000}},
            ),
        ],
    }


def fjellregionen(*, amended: bool = True) -> tuple[Data, Data, dict[int, Data]]:
    """The pilot with its agreement as amended in 2027 (sub-goal 4, weights 30/30/20/20), or
    as first signed (40/40/20) with the plans up to 2026."""
    parties = [
        municipality(party_id, f"{name} kommune", number)
        for party_id, name, number in FJELL_MUNICIPALITIES
    ]
    parties += [
        party("innlandet-fk", "Innlandet fylkeskommune", "county", "main"),
        party("trondelag-fk", "Trøndelag fylkeskommune", "county", "main"),
        party("kdd", "Kommunal- og distriktsdepartementet", "state", "main"),
        party("husbanken", "Husbanken", "agency", "partner"),
        party("nord", "Nord universitet", "other", "partner"),
    ]
    pilot = {
        "id": "fjellregionen",
        "name": "Fjellregionen",
        "language": "nn",
        "cohort": 1,
        "county": "Innlandet og Trøndelag",
        "phases": [{"name": "Fase 2", "start_year": 2024, "end_year": 2028}],
        "parties": parties,
        "agreement": {
            "state": "signed",
            "period": {"start": "2024-01-01", "end": "2028-12-31"},
            "signed": "2024-01-01",
        },
    }
    goals = [
        {
            "number": 1,
            "title": "Fleire eigna bustader",
            "weight": 40,
            "partners": ["husbanken"],
            "text": "Partane skal utvikle ein handlingsplan.",
        },
        {
            "number": 2,
            "title": "Fleire arbeidsplassar",
            "weight": 40,
            "partners": COUNTIES,
            "text": "Partane skal utforske nye næringar.",
        },
        {
            "number": 3,
            "title": "Meir kompetanse",
            "weight": 20,
            "partners": ["nord"],
            "text": "Partane skal byggje kompetanse.",
        },
    ]
    if amended:
        goals[0]["weight"] = goals[1]["weight"] = 30
        goals.append(
            {
                "number": 4,
                "title": "Grøn industri",
                "weight": 20,
                "partners": ["innlandet-fk"],
                "text": "Partane skal utforske grøn industri.",
            }
        )
    agreement = {
        "chapters": [
            {
                "kind": "background",
                "number": "1",
                "title": "Bakgrunn",
                "text": "Målet med avtala er å bidra til busetjing i dei minst sentrale kommunane.",
            }
        ],
        "sub_goals": goals,
        "signatures": [{"party": p} for p in [*LOCAL, "kdd"]],
    }
    plans = {}
    for year, measures in _fjell_measures().items():
        if not amended and year > 2026:
            continue
        grants = [
            {
                "source": "state_measure_funds",
                "year": 2024,
                "amount": 20_000_000,
                "covers_period": True,
            },
            {"source": "other_grants", "year": year, "funder": "innlandet-fk", "amount": 800_000},
        ]
        plans[year] = {
            "year": year,
            "measures": measures,
            "funding": {"grants": grants},
            "schedule": _fjell_schedule(year),
            "case": case(year, "blir vedteken"),
        }
    return pilot, agreement, plans


def _fjell_schedule(year: int) -> list[Data]:
    """Held and decided up to 2026 (Røros rejects the plan of 2026); later plans are still
    to be scheduled (no dates: no finding depends on the day the test runs)."""
    if year <= 2026:
        return treatments(year, LOCAL, rejected="roros" if year == 2026 else None)
    bodies = [
        {"party": p, "body": "county_committee" if p in COUNTIES else "municipal_council"}
        for p in LOCAL
    ]
    return [*bodies, {"party": "kdd", "body": "kdd"}]


# --- what is right gives no false alarm -----------------------------------------------------


def test_a_sami_pilot_without_the_county_has_no_errors(tmp_path: Path) -> None:
    """No county among the parties (Vestre Varanger's shape), Sámi names beside the
    Norwegian, a measure funded by the Sámediggi alone, a schedule without a county."""
    folder, texts = write_pilot(tmp_path, *indre_finnmark())
    code, findings = validate(folder)
    assert (code, errors(findings)) == (0, [])
    # no state money for the Sámediggi's measure: sub-goal 2's share is off its weight
    assert [(f["code"], f["line"]) for f in findings] == [
        ("BV207", 4),
        ("BV207", 4),
        ("BV220", line_of(texts["plans/2026.yaml"], "own_funds: null") - 1),
    ]


def test_five_years_of_measures_that_move_have_no_errors(tmp_path: Path) -> None:
    folder, _ = write_pilot(tmp_path, *fjellregionen())
    code, findings = validate(folder)
    assert (code, errors(findings)) == (0, [])
    moves = {"BV301", "BV302", "BV303", "BV201", "BV209", "BV204"}
    assert not moves & {f["code"] for f in findings}


# --- money: grants recorded in earlier plans, amounts not known yet -------------------------


def test_a_past_years_grant_from_the_county_covers_the_lines_kept_for_that_year(
    tmp_path: Path,
) -> None:
    """The county's one-year grant for 2024 stands in the plan of 2024; ``plan new`` leaves
    it out of the plan of 2025, which keeps the 2024 budget line: it is granted, not
    «0 kr granted» (BV242 reads the grants the plans up to the year record, as BV206 does)."""
    pilot, agreement, plans = fjellregionen()
    assert plans[2025]["measures"][6]["budget"][2024] == _county(800_000)
    assert [g["year"] for g in plans[2025]["funding"]["grants"]] == [2024, 2025]  # state, county
    folder, _ = write_pilot(tmp_path, pilot, agreement, plans)
    assert found(validate(folder)[1], "BV242") == []

    # more than the county granted is still found, in the plan and at the line that says so
    plans[2025]["measures"][6]["budget"][2024] = _county(900_000)
    folder, texts = write_pilot(tmp_path, pilot, agreement, plans)
    code, findings = validate(folder)
    line = line_of(texts["plans/2025.yaml"], "amount: 900000") - 1  # other_grants:
    assert code == 1
    assert found(findings, "BV242") == [
        (
            "2025.yaml",
            line,
            "Budsjettet reknar med 900\u00a0000\u00a0kr frå Innlandet fylkeskommune i 2024, "
            "men berre 800\u00a0000\u00a0kr er løyvd; før inn løyvinga under funding.grants "
            "(funder: innlandet-fk), eller minsk beløpet i budsjettet",
        )
    ]


def test_plan_new_keeping_past_budgets_leaves_no_grant_uncounted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The way a secretariat gets there: ``plan new --keep-past-budget`` keeps the county's
    lines of 2024 and 2025 in the plan of 2026 and leaves their one-year grants out."""
    pilot, agreement, plans = fjellregionen(amended=False)
    folder, _ = write_pilot(tmp_path, pilot, agreement, {y: plans[y] for y in (2024, 2025)})
    monkeypatch.chdir(tmp_path)
    code, output = run_cli("plan", "new", "fjellregionen", "2026", "--keep-past-budget")
    assert code == 0, output
    new_plan = (folder / "plans" / "2026.yaml").read_text(encoding="utf-8")
    assert new_plan.count("funder: innlandet-fk") == 2  # the lines of 2024 and 2025
    assert "source: other_grants" not in new_plan  # their grants are not
    assert found(validate(folder)[1], "BV242") == []


def test_a_yearly_grant_is_a_frame_for_that_year(tmp_path: Path) -> None:
    """The project management grant of 2026 (1 million, as Vest-Telemark's) is that year's
    frame: project management budgeted at 1.2 million from it is over, at 1 million within.
    A year the plans record no such grant for is not checked."""
    pilot, agreement, plans = fjellregionen()
    grant = {"source": "project_management_grant", "year": 2026, "amount": 1_000_000}
    plans[2026]["funding"]["grants"].append(grant)
    management = plans[2026]["measures"][6]
    plans[2027]["measures"][5]["budget"][2027]["project_management_grant"] = 900_000
    for amount, expected in ((1_000_000, []), (1_200_000, ["2026.yaml"])):
        management["budget"][2026]["project_management_grant"] = amount
        folder, texts = write_pilot(tmp_path, pilot, agreement, plans)
        assert [name for name, _, _ in found(validate(folder)[1], "BV206")] == expected
    [(_, line, message)] = found(validate(folder)[1], "BV206")
    assert line == line_of(texts["plans/2026.yaml"], "funding:")
    assert message == (
        "Tiltaka er tildelte 1\u00a0200\u00a0000\u00a0kr i midlar til prosjektleiing for 2026, "
        "men berre 1\u00a0000\u00a0000\u00a0kr er løyvt for året; før inn løyvinga under "
        "funding.grants (source: project_management_grant), eller minsk beløpa i budsjetta"
    )


def test_a_budget_whose_amount_is_not_known_is_reported_as_unknown(tmp_path: Path) -> None:
    """``own_funds: null`` is money expected, how much not known: BV220 says so (and that
    it is not counted as 0), at the year's budget, instead of «has no budget»."""
    folder, texts = write_pilot(tmp_path, *indre_finnmark())
    [(name, line, message)] = found(validate(folder)[1], "BV220")
    assert (name, line) == ("2026.yaml", line_of(texts["plans/2026.yaml"], "own_funds: null") - 1)
    assert message == (
        "Tiltak 1.2 har budsjett for 2026, men beløpet fra egne midler er ikke kjent ennå "
        "(regnes ikke som 0); fyll det inn når det er avklart"
    )


def test_unknown_amounts_and_missing_budgets_are_told_apart(tmp_path: Path) -> None:
    """Several measures of each kind: one finding for those without a budget, one for those
    whose amounts are not known; a budget year written empty is a missing budget."""
    pilot, agreement, plans = indre_finnmark()
    measures = plans[2026]["measures"]
    measures[0]["budget"][2026] = {"own_funds": None, "other_grants": None}
    measures[2]["budget"] = {2026: {}}
    measures[3]["budget"] = {}
    folder, _ = write_pilot(tmp_path, pilot, agreement, plans)
    assert [m for _, _, m in found(validate(folder)[1], "BV220")] == [
        "2 tiltak mangler budsjett for 2026: 2.1 og 2.2; fyll inn budget for 2026 på hvert tiltak",
        "2 tiltak har budsjett for 2026 uten kjente beløp: 1.1 og 1.2 (regnes ikke som 0); "
        "fyll inn beløpene når de er avklart",
    ]


# --- the command line's words before a pilot is read ----------------------------------------


@pytest.fixture
def two_standards(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with the Nynorsk Fjellregionen and the Bokmål Indre Finnmark, as the
    current folder (no BYGDEVEKST_LANGUAGE; the locale says nothing: Bokmål)."""
    write_pilot(tmp_path, *fjellregionen(amended=False))
    write_pilot(tmp_path, *indre_finnmark())
    init_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


NYNORSK_USAGE = "Bruk: bygdevekst diff [VAL] {PILOT}\nSjå «bygdevekst diff -h» for hjelp."
BOKMAAL_USAGE = "Bruk: bygdevekst diff [VALG] {PILOT}\nSe «bygdevekst diff -h» for hjelp."


@pytest.mark.usefixtures("two_standards")
@pytest.mark.parametrize(
    ("pilot", "usage", "error"),
    [
        ("fjellregionen", NYNORSK_USAGE, "Feil: Ugyldig verdi for «--to»: må vere eit heilt tal"),
        ("indre-finnmark", BOKMAAL_USAGE, "Feil: Ugyldig verdi for «--to»: må være et heltall"),
        ("fjellregion", BOKMAAL_USAGE, "Feil: Ugyldig verdi for «--to»: må være et heltall"),
    ],
)
def test_a_bad_option_after_the_pilot_is_told_in_its_standard(
    pilot: str, usage: str, error: str
) -> None:
    """Click checks the options before PILOT: the Nynorsk pilot was told of a bad ``--to``
    in Bokmål, and of its next mistake (``--from`` after ``--to``) in Nynorsk. A pilot that
    is not found leaves the locale to choose."""
    code, output = run_cli("diff", pilot, "--from", "2024", "--to", "x")
    assert (code, output) == (2, f"{usage}\n\n{error}\n")


@pytest.mark.usefixtures("two_standards")
def test_every_mistake_with_a_nynorsk_pilot_is_told_in_nynorsk() -> None:
    for args, said in [
        (["diff", "--format", "xx", "fjellregionen", "--from", "2024", "--to", "2025"], "ikkje"),
        (["diff", "fjellregionen", "--formt", "json"], "Ukjent val: --formt. Meinte du"),
        (["render", "plann", "fjellregionen"], "«plann» er ikkje agreement, plan"),
        (["render", "plan", "fjellregionen", "--year", "20x6"], "må vere eit heilt tal"),
        (["diff", "fjellregionen", "--from", "2026", "--to", "2024"], "kjem etter --to 2024"),
    ]:
        code, output = run_cli(*args)
        assert code == 2, (args, output)
        assert said in output, (args, output)
        bokmaal = {"Se", "[VALG]", "ikke", "Mente", "velg", "kommer"}  # Nynorsk: Sjå, [VAL], …
        assert not bokmaal & set(output.split()), (args, output)


@pytest.mark.usefixtures("two_standards")
def test_the_chosen_language_and_the_help_page_are_never_mixed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A help page is made in the environment's language (its texts at import): the pilot
    it names does not switch its headings to another standard.

    In a process of its own, as a user runs it: in this one the command's texts are fixed
    when its module is first imported, in the language an earlier test had then."""
    environment = {k: v for k, v in os.environ.items() if k != "BYGDEVEKST_LANGUAGE"}
    shown = subprocess.run(
        [console_script(), "diff", "fjellregionen", "--to", "x", "--help"],
        env={**environment, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith(BOKMAAL_USAGE.splitlines()[0])
    assert "Vis nye, endrede og avsluttede tiltak" in shown.stdout  # not the pilot's Nynorsk
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "en")
    code, output = run_cli("diff", "fjellregionen", "--from", "2024", "--to", "x")
    assert (code, output.splitlines()[-1]) == (
        2,
        "Error: Invalid value for «--to»: must be a whole number",
    )


@pytest.mark.usefixtures("two_standards")
def test_a_file_missing_from_a_pilot_is_told_in_its_standard() -> None:
    for path, said in [
        ("pilots/fjellregionen/plans/2099.yaml", "Stien finst ikkje"),
        ("pilots/fjellregionen/plan/2026.yaml", "Stien finst ikkje"),
        ("pilots/indre-finnmark/plans/2099.yaml", "Stien finnes ikke"),
        ("pilots/fjellregion", "Stien finnes ikke"),  # no pilot: the locale's
    ]:
        for command in ("validate", "fmt"):
            code, output = run_cli(command, path)
            assert (code, output) == (2, f"bygdevekst: {said}: {path}\n")


# --- what is wrong is found, where it is, with what to do -----------------------------------


def test_every_real_error_is_found_at_its_line_with_what_to_do(tmp_path: Path) -> None:
    """Five mistakes a secretariat makes in Fjellregionen, each one finding, in Nynorsk,
    at its file and line, saying what to do."""
    pilot, agreement, plans = fjellregionen()
    agreement["sub_goals"][3]["weight"] = 19  # 30 + 30 + 20 + 19
    for year in (2027, 2028):  # 2.2, moved to sub-goal 4 in 2027 without a reason
        moved = next(m for m in plans[year]["measures"] if m["id"] == "2.2")
        moved["sub_goal"], moved["number"] = 4, 2
    closed = plans[2028]["measures"][5]  # project management closed, no assessment
    closed["status"] = "closed"
    plans[2028]["measures"][4] |= {"end_year": 2029, "change_reason": "Forlengd eitt år."}
    plans[2028]["measures"][4]["budget"][2028] = _state(4_900_000)  # over the 20 million
    folder, texts = write_pilot(tmp_path, pilot, agreement, plans)
    code, findings = validate(folder)
    plan_2027, plan_2028 = texts["plans/2027.yaml"], texts["plans/2028.yaml"]
    assert code == 1
    assert sorted(errors(findings)) == sorted(
        [
            f"BV203 {folder}/agreement.yaml:{line_of(texts['agreement.yaml'], 'sub_goals:')} "
            "Vektene blir til saman 99\u00a0%, ikkje 100\u00a0%; rett weight på delmåla så "
            "summen blir 100\u00a0%",
            f"BV206 {folder}/plans/2028.yaml:{line_of(plan_2028, 'funding:')} Tiltaka er "
            "tildelte 20\u00a0300\u00a0000\u00a0kr i statlege tiltaksmidlar, men berre "
            "20\u00a0000\u00a0000\u00a0kr er løyvt og overført; før inn løyvingane under "
            "funding.grants (source: state_measure_funds), eller minsk tiltaksmidlane i "
            "budsjetta",
            f"BV301 {folder}/plans/2027.yaml:{line_of(plan_2027, 'id: ', 2)} Tiltak 2.2 er "
            "endra sidan 2026 (delmål; nummer; budsjett 2027, statlege tiltaksmidlar), men "
            "manglar grunngjevinga for i år; skriv ho i change_reason",
            f"BV204 {folder}/plans/2028.yaml:{line_of(plan_2028, 'end_year: 2029')} Tiltak "
            "4.1: end_year 2029 er utanfor avtaleperioden 2024–2028",
            f"BV208 {folder}/plans/2028.yaml:{line_of(plan_2028, 'status: closed', 3)} Tiltak "
            "pl er avslutta, men manglar assessment (vurdering)",
        ]
    )


def test_an_amendment_or_a_grant_decided_after_the_agreement_ended_is_found(
    tmp_path: Path,
) -> None:
    """Every date of a plan lies within the agreement period, not only its meetings: an
    amendment dated 2029 (for 2028) and a grant «decided» then are typing errors. Dates
    before the start are not (the plan of 2024 is adopted as the agreement is signed)."""
    pilot, agreement, plans = fjellregionen()
    plans[2028]["amendments"] = [
        {
            "date": "2029-02-01",
            "reason": "Budsjettet for 4.1 er auka.",
            "decided_by": {"party": "kdd", "body": "kdd"},
        }
    ]
    plans[2028]["funding"]["grants"][1]["decided"] = "2029-01-15"
    plans[2024]["funding"]["grants"][1]["decided"] = "2023-11-30"
    folder, texts = write_pilot(tmp_path, pilot, agreement, plans)
    code, findings = validate(folder)
    plan = texts["plans/2028.yaml"]
    assert code == 1
    assert found(findings, "BV204") == [
        (
            "2028.yaml",
            line_of(plan, "decided: "),
            "Løyvinga er vedteken 2029-01-15 (decided), etter slutten på avtaleperioden "
            "2028-12-31; rett datoen",
        ),
        (
            "2028.yaml",
            line_of(plan, "2029-02-01"),
            "Endringa av planen er datert 2029-02-01, etter slutten på avtaleperioden "
            "2028-12-31; rett datoen",
        ),
    ]


@pytest.mark.parametrize("blank", ["   ", "\u00a0", " \n "])
def test_a_blank_assessment_or_reason_is_no_text(tmp_path: Path, blank: str) -> None:
    """A measure closed with ``assessment: " "`` has no assessment, and a reason of spaces
    is no reason: each is refused where it is written, as an empty text is."""
    pilot, agreement, plans = fjellregionen()
    plans[2028]["measures"][5] |= {"status": "closed", "assessment": blank}
    plans[2028]["measures"][3]["change_reason"] = blank
    folder, _ = write_pilot(tmp_path, pilot, agreement, plans)
    code, findings = validate(folder)
    assert code == 1
    assert sorted(
        (f["code"], f["message"].partition(", fekk")[0])
        for f in findings
        if f["severity"] == "error"
    ) == [
        ("BV103", "measures[id «3.1»].change_reason: Teksten kan ikkje vere tom"),
        ("BV103", "measures[id «pl»].assessment: Teksten kan ikkje vere tom"),
    ]


# --- an agreement amended mid-period; a plan in the other standard --------------------------


def test_plans_adopted_before_the_amendment_are_read_against_it(tmp_path: Path) -> None:
    """The councils adopted the plans of 2024-2026 at tag vedtak/2024 (weights 40/40/20);
    the agreement was then amended (sub-goal 4, weights 30/30/20/20) and the plans of 2027
    and 2028 name sub-goal 4. Each plan is weighed against the agreement it was adopted
    with, and the new sub-goal is no unknown reference."""
    repo = init_repo(tmp_path)
    pilot, first, plans = fjellregionen(amended=False)
    write_pilot(tmp_path, pilot, first, plans)
    commit(repo, "Avtala og planane 2024-2026")
    tag(repo, "vedtak/2024")
    pilot, amended, plans = fjellregionen()
    for year in (2024, 2025, 2026):
        for treatment in plans[year]["schedule"]:
            treatment["adopted_revision"] = "vedtak/2024"
    write_pilot(tmp_path, pilot, amended, plans)
    commit(repo, "Avtala endra: delmål 4")
    code, findings = validate(tmp_path / "pilots" / "fjellregionen")
    assert (code, errors(findings)) == (0, [])
    messages = [m for name, _, m in found(findings, "BV207") if name == "2024.yaml"]
    assert messages == [
        "Delmål 1 har 66\u00a0% av tiltaksmidlane i planen, men vekta er 40\u00a0%",
        "Delmål 3 har 0\u00a0% av tiltaksmidlane i planen, men vekta er 20\u00a0%",
    ]


def test_a_plan_in_bokmaal_for_a_nynorsk_pilot_is_warned_of_text_by_text(tmp_path: Path) -> None:
    pilot, agreement, plans = fjellregionen()
    rental = plans[2027]["measures"][0]
    rental["title"] = "Flere boliger til utleie"
    rental["change_reason"] = "Tittelen er endret fordi vi ikke skriver nynorsk her."
    folder, texts = write_pilot(tmp_path, pilot, agreement, plans)
    code, findings = validate(folder)
    plan = texts["plans/2027.yaml"]
    assert (code, errors(findings)) == (0, [])
    assert found(findings, "BV211") == [
        (
            "2027.yaml",
            line_of(plan, "title: Flere boliger"),
            "Ord på bokmål i teksten: «Flere» (nynorsk: «fleire») og «boliger» "
            "(nynorsk: «bustader»)",
        ),
        (
            "2027.yaml",
            line_of(plan, "change_reason: Tittelen"),
            "Ord på bokmål i teksten: «ikke» (nynorsk: «ikkje»)",
        ),
    ]
