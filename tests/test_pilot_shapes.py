"""Good pilots shaped unlike the bundled ones, kept in git the way a secretariat keeps them.

Each pilot is set up with ``bygdevekst init`` in a repository under ``tmp_path``, then
written and committed over several plan years by several authors. The tests run the real
command line on them and compare its answers with what the files say, worked out by hand:

- *Lierne*: one municipality alone, no county party, Bokmål;
- *Fjellregionen*: six municipalities, the county and two regional partners with
  contributions in kind, Nynorsk; one council rejected the plan and one postponed it;
- *Kysten*: an agreement amended mid-period (a sub-goal added, weights changed), measures
  moved between sub-goals, one split in two and two merged, a plan year skipped;
- *Grenseland*: amounts from a few hundred kroner to millions, a measure without a budget,
  a carry-over of unknown amount, an agreement period from July to June, one council that
  postponed the plan before adopting it and one that rejected it.
"""

from __future__ import annotations

import json
from pathlib import Path

import git
import pytest

from tests.gitrepo import KARI, OLA, commit, init_repo
from tests.helpers import as_read, edit, run_cli

PER = "Per Hansen <per@kysten.no>"

SCHEMA_LINE = "# yaml-language-server: $schema=../../../schemas/plan.schema.json\n"


def _pilot_repo(root: Path, monkeypatch: pytest.MonkeyPatch, *init: str) -> git.Repo:
    """A repository whose first commit is what ``bygdevekst init`` writes; the tests run
    in its root, as a secretariat does."""
    repo = init_repo(root)
    monkeypatch.chdir(root)
    code, output = run_cli("init", *init)
    assert code == 0, output
    commit(repo, "Ny pilot", author="Sekretariatet <post@testdalen.no>")
    return repo


def _plan(year: int, body: str) -> str:
    return f"{SCHEMA_LINE}schema_version: 2\nyear: {year}\n{body}"


def _cli(*args: str) -> str:
    """The command's output (exit 0), its kroner's no-break spaces as plain ones."""
    code, output = run_cli(*args)
    assert code == 0, output
    return output.replace("\N{NO-BREAK SPACE}", " ").replace("\N{NARROW NO-BREAK SPACE}", " ")


# --- Lierne: one municipality, no county, Bokmål --------------------------------------

LIERNE_PILOT = """\
# yaml-language-server: $schema=../../schemas/pilot.schema.json
schema_version: 2
id: lierne
name: Lierne
language: nb
cohort: 2
county: Trøndelag
phases:
  - name: Fase 2
    start_year: 2024
    end_year: 2028
parties:
  - id: lierne
    name: Lierne kommune
    kind: municipality
    role: main
    municipality_number: "5042"
    case_document:
      chief_executive_title: Kommunedirektør
      chief_executive_name: Berit Hansen
  - id: kdd
    name: Kommunal- og distriktsdepartementet
    short_name: KDD
    kind: state
    role: main
  - id: innovasjon-norge
    name: Innovasjon Norge
    kind: agency
    role: partner
agreement:
  state: signed
  period:
    start: 2024-03-01
    end: 2028-12-31
  signed: 2024-03-01
"""

LIERNE_AGREEMENT = """\
# yaml-language-server: $schema=../../schemas/agreement.schema.json
schema_version: 2
chapters:
  - kind: background
    number: "1"
    title: Bakgrunn
    text: Målet med avtalen er å bidra til bosetting i Lierne.
sub_goals:
  - number: 1
    title: Flere boliger
    weight: 70
    text: Kommunen skal bygge flere boliger.
  - number: 2
    title: Flere arbeidsplasser
    weight: 30
    partners: [innovasjon-norge]
    text: Partene skal utforske nye næringer.
signatures:
  - party: lierne
  - party: kdd
"""

LIERNE_2025 = _plan(
    2025,
    """\
measures:
  - id: "1.1"
    sub_goal: 1
    number: 1
    title: Utleieboliger i sentrum
    responsible: lierne
    start_year: 2025
    end_year: 2027
    status: ongoing
    budget:
      2025:
        state_measure_funds: 2500000
        own_funds: 750
  - id: "2.1"
    sub_goal: 2
    number: 1
    title: Næringshage
    responsible: lierne
    partners: [innovasjon-norge]
    start_year: 2025
    end_year: 2025
    status: ongoing
    budget:
      2025:
        state_measure_funds: 1000000
        other_grants:
          amount: 400000
          funder: innovasjon-norge
          status: granted
  - id: "2.2"
    sub_goal: 2
    number: 2
    title: Reiseliv
    status: proposed
funding:
  grants:
    - source: state_measure_funds
      year: 2024
      amount: 12000000
      covers_period: true
    - source: other_grants
      year: 2025
      funder: innovasjon-norge
      amount: 400000
schedule:
  - party: lierne
    body: executive_committee
    date: 2025-04-02
    case_number: 25/31
    outcome: adopted
  - party: lierne
    body: municipal_council
    date: 2025-04-24
    case_number: 25/40
    outcome: adopted
  - party: kdd
    body: kdd
    date: 2025-06-10
    case_number: 25/1234
    outcome: adopted
case:
  conclusion: Handlingsplanen legger grunnlaget for arbeidet.
  recommendation:
    - Handlingsplanen for 2025 vedtas.
""",
)


@pytest.fixture
def lierne(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> git.Repo:
    repo = _pilot_repo(tmp_path, monkeypatch, "lierne", "--name", "Lierne", "--lang", "nb")
    commit(
        repo,
        "Avtalen og handlingsplanen for 2025",
        {
            "pilots/lierne/pilot.yaml": LIERNE_PILOT,
            "pilots/lierne/agreement.yaml": LIERNE_AGREEMENT,
            "pilots/lierne/plans/2025.yaml": LIERNE_2025,
        },
        author=KARI,
    )
    return repo


def test_lierne_is_valid_and_its_case_document_speaks_of_its_one_council(lierne: git.Repo) -> None:
    assert "Ingen feil, 0 advarsler" in _cli("validate")
    case = _cli("render", "case", "lierne", "--year", "2025", "-f", "md", "-o", "-")
    assert "Lierne kommune er en pilot i det nasjonale bygdevekstprosjektet." in case
    assert "Andre avtaleparter er staten ved Kommunal- og distriktsdepartementet (KDD)." in case
    # one council adopts the plan: not «all the councils»
    assert "Handlingsplanen for 2025 skal vedtas i kommunestyret i Lierne kommune." in case
    assert "alle kommunestyrene" not in case
    # 2 500 000 + 750 + 1 000 000 + 400 000, the 750 kroner not lost among the millions
    assert "Budsjettet i handlingsplanen for 2025 er på 3 900 750 kr" in case
    assert "| Egne midler | 750 kr |" in case
    assert "egne midler budsjettert til 750 kr i 2025" in case


def test_lierne_plan_document_sums_by_sub_goal_and_source(lierne: git.Repo) -> None:
    plan = _cli("render", "plan", "lierne", "--year", "2025", "-f", "md", "-o", "-")
    assert "| 1 Flere boliger | 2 500 750 kr | 2 500 750 kr |" in plan
    assert "| 2 Flere arbeidsplasser | 1 400 000 kr | 1 400 000 kr |" in plan
    assert "| Sum | 3 500 000 kr | 750 kr | 400 000 kr | 3 900 750 kr |" in plan
    assert "| Andre tilskudd | Innovasjon Norge | bevilget | 400 000 kr |" in plan
    html = _cli("render", "plan", "lierne", "--year", "2025", "-f", "html", "-o", "-")
    assert "3 900 750 kr" in html


def test_lierne_agreement_names_its_one_municipality_as_partner(lierne: git.Repo) -> None:
    """Not «avtalekommunene» (the agreement's municipalities, plural) for one."""
    agreement = _cli("render", "agreement", "lierne", "-f", "md", "-o", "-")
    assert "| 1 Flere boliger | 70 % | Lierne kommune |" in agreement
    assert "| 2 Flere arbeidsplasser | 30 % | Lierne kommune og Innovasjon Norge |" in agreement
    assert "avtalekommunene" not in agreement


# --- Fjellregionen: six municipalities, county, two partners, Nynorsk --------------------

FJELL_MUNICIPALITIES = ("Tolga", "Tynset", "Alvdal", "Folldal", "Rendalen", "Os")

FJELL_AGREEMENT = """\
# yaml-language-server: $schema=../../schemas/agreement.schema.json
schema_version: 2
chapters:
  - kind: background
    number: "1"
    title: Bakgrunn
    text: Målet med avtala er å bidra til busetjing i Fjellregionen.
sub_goals:
  - number: 1
    title: Fleire bustader
    weight: 40
    partners: [husbanken, innlandet]
    text: Partane skal byggje fleire bustader.
  - number: 2
    title: Fleire arbeidsplassar
    weight: 35
    partners: [innovasjon-norge, innlandet]
    text: Partane skal utforske nye næringar.
  - number: 3
    title: Kompetanse
    weight: 25
    partners: [innlandet]
    text: Partane skal auke kompetansen.
signatures:
  - party: tolga
  - party: tynset
  - party: alvdal
  - party: folldal
  - party: rendalen
  - party: os
  - party: innlandet
  - party: kdd
"""

FJELL_OUTCOMES = {
    "tolga": ("2026-02-05", "adopted"),
    "tynset": ("2026-02-12", "adopted"),
    "alvdal": ("2026-02-19", "adopted_with_changes"),
    "folldal": ("2026-02-10", "rejected"),
    "rendalen": ("2026-02-26", "postponed"),
    "os": ("2026-02-17", "adopted"),
}

FJELL_2026 = _plan(
    2026,
    """\
measures:
  - id: "1.1"
    sub_goal: 1
    number: 1
    title: Bustadprogram
    responsible: tynset
    partners: [husbanken]
    start_year: 2026
    end_year: 2028
    status: ongoing
    budget:
      2026:
        state_measure_funds: 1600000
        own_funds: 600000
    cost_shares: {tolga: 10, tynset: 30, alvdal: 20, folldal: 15, rendalen: 15, os: 10}
    in_kind:
      - {party: husbanken, year: 2026, hours: 200}
      - {party: innlandet, year: 2026, amount: 150000}
  - id: "2.1"
    sub_goal: 2
    number: 1
    title: Næringsnettverk
    responsible: alvdal
    partners: [innovasjon-norge]
    start_year: 2026
    end_year: 2027
    status: planned
    budget:
      2026:
        state_measure_funds: 1400000
        other_grants: {amount: 500000, funder: innovasjon-norge, status: applied}
    in_kind:
      - {party: innovasjon-norge, year: 2026, hours: 120, amount: 90000}
  - id: "3.1"
    sub_goal: 3
    number: 1
    title: Desentralisert utdanning
    responsible: tolga
    start_year: 2026
    end_year: 2026
    status: planned
    budget:
      2026:
        state_measure_funds: 1000000
        own_funds: 200000
funding:
  grants:
    - source: state_measure_funds
      year: 2025
      amount: 18000000
      covers_period: true
    - source: other_grants
      year: 2026
      funder: innovasjon-norge
      amount: 500000
      status: applied
  cost_shares: {tolga: 15, tynset: 25, alvdal: 15, folldal: 15, rendalen: 15, os: 15}
schedule:
"""
    + "".join(
        f"  - party: {party}\n    body: municipal_council\n    date: {date}\n"
        f"    case_number: 26/{n}\n    outcome: {outcome}\n"
        for n, (party, (date, outcome)) in enumerate(FJELL_OUTCOMES.items(), start=10)
    )
    + """\
  - party: innlandet
    body: county_committee
    date: 2026-04-22
    case_number: 26/400
    outcome: adopted
  - party: kdd
    body: kdd
case:
  conclusion: Handlingsplanen byggjer vidare på arbeidet.
  recommendation:
    - Handlingsplanen for 2026 vert vedteken.
""",
)


def _fjell_pilot(init_text: str) -> str:
    """``init``'s pilot.yaml with the county, the partners, signatures and chief executives."""
    text = init_text.replace(
        "  - id: kdd\n",
        "  - id: innlandet\n    name: Innlandet fylkeskommune\n    kind: county\n    role: main\n"
        "  - id: innovasjon-norge\n    name: Innovasjon Norge\n    kind: agency\n"
        "    role: partner\n"
        "  - id: husbanken\n    name: Husbanken\n    kind: agency\n    role: partner\n"
        "  - id: kdd\n",
    )
    text = text.replace(
        "  state: draft\n  period:", "  state: signed\n  signed: 2025-05-20\n  period:"
    ).replace("    end: 2028-12-31", "    start: 2025-05-20\n    end: 2028-12-31")
    for name in FJELL_MUNICIPALITIES:
        text = text.replace(
            f"    name: {name} kommune\n    kind: municipality\n    role: main\n",
            f"    name: {name} kommune\n    kind: municipality\n    role: main\n"
            "    case_document:\n      chief_executive_title: Kommunedirektør\n"
            f"      chief_executive_name: Direktør i {name}\n",
        )
    return text


@pytest.fixture
def fjella(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> git.Repo:
    municipalities = [arg for name in FJELL_MUNICIPALITIES for arg in ("-m", name)]
    init = ("fjella", "--name", "Fjellregionen", "--lang", "nn", "--county", "Innlandet")
    repo = _pilot_repo(tmp_path, monkeypatch, *init, *municipalities, "--end", "2028-12-31")
    pilot = tmp_path / "pilots" / "fjella" / "pilot.yaml"
    files = {
        "pilots/fjella/pilot.yaml": _fjell_pilot(pilot.read_text(encoding="utf-8")),
        "pilots/fjella/agreement.yaml": FJELL_AGREEMENT,
    }
    commit(repo, "Avtala", files, author=KARI)
    commit(repo, "Handlingsplan 2026", {"pilots/fjella/plans/2026.yaml": FJELL_2026}, author=OLA)
    return repo


def test_fjella_overview_counts_only_granted_money(fjella: git.Repo) -> None:
    """Innovasjon Norge's 500 000 kr is applied for, not granted: no grant total counts it
    (the JSON still lists every grant of the plan, as the contract says)."""
    data = json.loads(_cli("overview", "-f", "json"))
    assert data["totals"]["grants"] == {"one_year": {}, "covers_period": 18_000_000}
    assert [g["amount"] for g in data["pilots"][0]["grants"]] == [18_000_000, 500_000]
    text = _cli("overview", "-f", "text")
    assert "Tilskot for 2026" not in text
    assert "Handlingsplanen har ingen tilskot." not in text
    csv_head, csv_row = _cli("overview", "-f", "csv").splitlines()[:2]
    row = dict(zip(csv_head.split(","), csv_row.split(","), strict=False))
    # no one-year grant recorded: unknown, an empty cell, never 0
    assert (row["grants.one_year"], row["grants.covers_period"]) == ("", "18000000")
    html = as_read(_cli("overview", "-f", "html"))
    caption = html.index("Tilskot i handlingsplanen for 2026</span></caption>")
    table = html[caption : html.index("</table>", caption)]
    assert "18 000 000 kr" in table
    assert "500 000 kr" not in table
    # the budget itself counts the applied line where the plan puts it
    assert data["pilots"][0]["budget"]["total"] == 5_300_000


def test_fjella_case_documents_give_each_council_its_decision_and_share(fjella: git.Repo) -> None:
    assert "Ingen feil" in _cli("validate")
    own = {  # measure 1.1's 600 000 kr by its shares, 3.1's 200 000 kr by the pilot's
        "tolga": 60_000 + 30_000,
        "tynset": 180_000 + 50_000,
        "alvdal": 120_000 + 30_000,
        "folldal": 90_000 + 30_000,
        "rendalen": 90_000 + 30_000,
        "os": 60_000 + 30_000,
    }
    decided = {
        "folldal": "vedtok ikkje handlingsplanen for 2026 den 10. februar 2026, sak 26/13.",
        "rendalen": "utsette handsaminga av handlingsplanen for 2026 den 26. februar 2026",
        "alvdal": "vedtok med endringar handlingsplanen for 2026 den 19. februar 2026",
        "tolga": "vedtok handlingsplanen for 2026 den 5. februar 2026, sak 26/10.",
    }
    for party, amount in own.items():
        case = _cli("render", "case", "fjella", "-m", party, "-f", "md", "-o", "-")
        assert "Alle seks kommunane i Fjellregionen er ein felles pilot" in case
        assert "staten ved Kommunal- og distriktsdepartementet (KDD) og Innlandet" in case
        assert "skal vedtakast i alle kommunestyra i Fjellregionen." in case
        shown = f"{amount:,}".replace(",", " ")
        assert f"fell {shown} kr på {party.capitalize()} kommune" in case
        if party in decided:
            assert decided[party] in case
    plan = _cli("render", "plan", "fjella", "-f", "md", "-o", "-")
    assert "| Innovasjon Norge | 120 | 90 000 kr |" in plan
    assert "| Sum | 4 000 000 kr | 800 000 kr | 500 000 kr | 5 300 000 kr |" in plan


# --- Kysten: amended agreement, measures moved, split and merged, a year skipped ---------

KYSTEN_AGREEMENT = """\
# yaml-language-server: $schema=../../schemas/agreement.schema.json
schema_version: 2
chapters:
  - kind: background
    number: "1"
    title: Bakgrunn
    text: Målet med avtalen er bosetting langs kysten.
sub_goals:
  - number: 1
    title: Boliger
    weight: 50
    text: Flere boliger.
  - number: 2
    title: Næring
    weight: 50
    text: Flere arbeidsplasser.
signatures:
  - party: hamaroy
  - party: steigen
  - party: kdd
"""

KYSTEN_SUB_GOAL_3 = """\
  - number: 3
    title: Kompetanse og ungdom
    weight: 20
    text: Ungdom skal få utdanning og jobb i regionen.
signatures:"""


def _measure(measure_id: str, goal: int, number: int, title: str, end: int, **more: str) -> str:
    lines = [
        f"  - id: {measure_id}",
        f"    sub_goal: {goal}",
        f"    number: {number}",
        f"    title: {title}",
        f"    start_year: {more.pop('start', '2024')}",
        f"    end_year: {end}",
        f"    status: {more.pop('status', 'ongoing')}",
    ]
    lines += [f"    {key}: {value}" for key, value in more.items()]
    return "\n".join(lines) + "\n"


def _kysten_plan(year: int, measures: str) -> str:
    return _plan(
        year,
        "measures:\n"
        + measures
        + f"""\
funding:
  grants:
    - source: state_measure_funds
      year: 2024
      amount: 15000000
      covers_period: true
schedule:
  - party: hamaroy
    body: municipal_council
    date: {year}-03-12
    case_number: {year % 100}/5
    outcome: adopted
  - party: steigen
    body: municipal_council
    date: {year}-03-13
    case_number: {year % 100}/6
    outcome: adopted
  - party: kdd
    body: kdd
    date: {year}-05-02
    case_number: {year % 100}/99
    outcome: adopted
case:
  conclusion: Planen vedtas.
  recommendation:
    - Handlingsplanen for {year} vedtas.
""",
    )


def _budget(year: int, amount: int) -> str:
    return f"\n      {year}:\n        state_measure_funds: {amount}"


KYSTEN_2024 = _kysten_plan(
    2024,
    _measure("bolig-kartlegging", 1, 1, "Boligkartlegging", 2025, budget=_budget(2024, 500_000))
    + _measure("bolig-tomter", 1, 2, "Tomter og utleie", 2026, budget=_budget(2024, 800_000))
    + _measure("fiskeri", 2, 1, "Fiskerinæring", 2026, budget=_budget(2024, 700_000))
    + _measure("reiseliv", 2, 2, "Reiseliv", 2026, budget=_budget(2024, 300_000))
    + _measure("havbruk", 2, 3, "Havbruk", 2026, budget=_budget(2024, 200_000))
    + _measure("ungdom", 2, 4, "Ungdomsarbeid", 2026, budget=_budget(2024, 100_000)),
)

KYSTEN_2026 = _kysten_plan(
    2026,
    _measure(
        "bolig-kartlegging",
        1,
        1,
        "Boligkartlegging",
        2025,
        status="closed",
        assessment="Kartleggingen ligger til grunn for boligstrategien.",
    )
    + _measure(
        "bolig-tomter",
        1,
        2,
        "Tomter",
        2026,
        budget=_budget(2026, 600_000),
        change_reason="Tiltaket er delt i to; utleie er nå tiltak 1.3.",
    )
    + _measure("bolig-utleie", 1, 3, "Utleieboliger", 2027, start="2026", status="planned")
    + _measure("fiskeri", 2, 1, "Fiskerinæring", 2026, budget=_budget(2026, 700_000))
    + _measure(
        "reiseliv",
        2,
        2,
        "Reiseliv og havbruk",
        2027,
        budget=_budget(2026, 600_000),
        change_reason="Havbruk er slått sammen med reiseliv.",
    )
    + _measure(
        "havbruk",
        2,
        3,
        "Havbruk",
        2025,
        status="closed",
        assessment="Slått sammen med tiltak 2.2.",
    )
    + _measure(
        "ungdom",
        3,
        1,
        "Ungdomsarbeid",
        2027,
        budget=_budget(2026, 500_000),
        change_reason="Flyttet til det nye delmål 3.",
    )
    + _measure("kai", 2, 5, "Kai", 2026, start="2026", budget=_budget(2026, 0)),
)


@pytest.fixture
def kysten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> git.Repo:
    init = ("kysten", "--name", "Kysten", "--lang", "nb", "--county", "Nordland")
    repo = _pilot_repo(tmp_path, monkeypatch, *init, "-m", "Hamarøy", "-m", "Steigen")
    pilot = tmp_path / "pilots" / "kysten" / "pilot.yaml"
    text = pilot.read_text(encoding="utf-8").replace(
        "  state: draft\n",
        "  state: signed\n  signed: 2024-02-01\n  period:\n    start: 2024-02-01\n"
        "    end: 2028-12-31\n",
    )
    files = {
        "pilots/kysten/pilot.yaml": text,
        "pilots/kysten/agreement.yaml": KYSTEN_AGREEMENT,
        "pilots/kysten/plans/2024.yaml": KYSTEN_2024,
    }
    commit(repo, "Handlingsplan 2024", files, author=KARI)
    repo.git.tag("vedtatt-2024")
    amended = KYSTEN_AGREEMENT.replace("weight: 50", "weight: 40").replace(
        "signatures:", KYSTEN_SUB_GOAL_3
    )
    commit(repo, "Avtalen endret", {"pilots/kysten/agreement.yaml": amended}, author=OLA)
    commit(repo, "Handlingsplan 2026", {"pilots/kysten/plans/2026.yaml": KYSTEN_2026}, author=PER)
    return repo


def test_kysten_diff_over_a_skipped_year_counts_each_measure_once(kysten: git.Repo) -> None:
    data = json.loads(_cli("diff", "kysten", "--from", "2024", "--to", "2026", "-f", "json"))
    assert [m["id"] for m in data["new"]] == ["bolig-utleie", "kai"]
    assert [m["id"] for m in data["changed"]] == ["bolig-tomter", "fiskeri", "reiseliv", "ungdom"]
    assert [m["id"] for m in data["closed"]] == ["bolig-kartlegging", "havbruk"]
    assert data["removed"] == []
    moved = next(m for m in data["changed"] if m["id"] == "ungdom")
    assert {"path": "sub_goal", "old": 2, "new": 3} in moved["fields"]
    assert moved["sub_goal"] == 3
    revisions = json.loads(_cli("diff", "kysten", "--base", "vedtatt-2024", "-f", "json"))
    assert [m["id"] for m in revisions["changed"]] == [m["id"] for m in data["changed"]]


def test_a_budget_set_for_the_new_year_is_not_called_a_change_without_reason(
    kysten: git.Repo,
) -> None:
    """Fiskeri only gets its 2026 budget, which needs no reason (BV301 agrees): no output
    says its reason is missing. Without Ungdom's reason for its move, BV301 names Ungdom
    alone."""
    assert "Ingen feil" in _cli("validate")
    text = _cli("diff", "kysten", "--from", "2024", "--to", "2026")
    fiskeri = text[text.index("Tiltak fiskeri") : text.index("Tiltak reiseliv")]
    assert "budsjett 2026, statlige tiltaksmidler: ikke fylt ut → 700 000 kr" in fiskeri
    assert "begrunnelse" not in fiskeri
    for document in ("changes", "case"):
        args = ("render", document, "kysten", "--year", "2026", "-f", "md", "-o", "-")
        out = _cli(*args, *(("-m", "steigen") if document == "case" else ()))
        fiskeri = out[out.index("Tiltak 2.1 Fiskerinæring") : out.index("Tiltak 2.2 Reiseliv")]
        assert "Budsjettet for 2026 er satt til 700 000 kr" in fiskeri
        assert "Begrunnelse mangler." not in out
    plan = Path(kysten.working_dir, "pilots/kysten/plans/2026.yaml")
    edit(plan, "    change_reason: Flyttet til det nye delmål 3.\n", "")
    code, output = run_cli("validate", "-f", "json")
    assert code == 1
    findings = json.loads(output)["findings"]
    found = [(f["code"], f["line"]) for f in findings if f["code"] == "BV301"]
    ungdom = plan.read_text(encoding="utf-8").splitlines().index("  - id: ungdom") + 1
    assert found == [("BV301", ungdom)]


def test_kysten_history_names_who_changed_what(kysten: git.Repo) -> None:
    text = _cli("history", "kysten", "--measure", "ungdom")
    assert "Per Hansen <per@kysten.no>" in text
    assert "tiltak ungdom: delmål: 2 → 3" in text
    agreement = _cli("history", "kysten")
    amended = agreement[agreement.index("Ola Dunk") : agreement.index("Kari Nordmann")]
    assert "Nytt delmål 3: «Kompetanse og ungdom» (vekt: 20 %)." in amended
    assert "delmål 1, vekt: 50 % → 40 %" in amended


def test_a_municipality_that_has_left_has_no_row_in_the_schedule(
    fjella: git.Repo, tmp_path: Path
) -> None:
    """Os leaves at the end of 2025: the 2026 case documents speak of five councils, and
    the schedule table lists those five, not Os with empty meetings."""
    pilot = tmp_path / "pilots" / "fjella" / "pilot.yaml"
    edit(
        pilot,
        '    municipality_number: "3430"\n',
        '    municipality_number: "3430"\n    member_until: 2025-12-31\n',
    )
    plan = tmp_path / "pilots" / "fjella" / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8")
    meeting = text[text.index("  - party: os\n") : text.index("  - party: innlandet\n    body")]
    text = text.replace(meeting, "").replace(", os: 10}", "}").replace(", os: 15}", "}")
    text = text.replace("{tolga: 10,", "{tolga: 20,").replace("{tolga: 15,", "{tolga: 30,")
    plan.write_text(text, encoding="utf-8")
    assert "Ingen feil" in _cli("validate")
    case = _cli("render", "case", "fjella", "-m", "tolga", "-f", "md", "-o", "-")
    assert "Alle fem kommunane i Fjellregionen" in case
    table = case[case.index("| Kommune |") : case.index("### Vedtak")]
    assert "| Rendalen kommune | ikkje ført opp | 26. februar 2026 |" in table
    assert "Os kommune" not in table
    # nor does Os get a case document for a plan its council does not adopt
    code, output = run_cli("render", "case", "fjella", "-m", "os", "-o", "-")
    assert code == 2
    assert output.startswith("bygdevekst: «os» er ikkje med i fjella i 2026")
    assert "(kommunar i 2026: tolga, tynset, alvdal, folldal, rendalen)" in output


# --- Grenseland: millions and a few hundred kroner, unknowns, a period over new year -----

GRENSA_AGREEMENT = """\
# yaml-language-server: $schema=../../schemas/agreement.schema.json
schema_version: 2
chapters:
  - kind: background
    number: "1"
    title: Bakgrunn
    text: Bosetting i grenseland.
sub_goals:
  - number: 1
    title: Boliger
    weight: 60
    text: Flere boliger.
  - number: 2
    title: Næring
    weight: 40
    text: Flere arbeidsplasser.
signatures:
  - party: sor-varanger
  - party: vardo
  - party: batsfjord
  - party: kdd
"""

GRENSA_2025 = _plan(
    2025,
    """\
measures:
  - id: "1.1"
    sub_goal: 1
    number: 1
    title: Boligbygging
    responsible: sor-varanger
    start_year: 2024
    end_year: 2026
    status: ongoing
    budget:
      2024:
        state_measure_funds: 1250000
      2025:
        state_measure_funds: 3750000
        own_funds: 425
        operating_grant: 1000000
  - id: "1.2"
    sub_goal: 1
    number: 2
    title: Utleie
    responsible: vardo
    start_year: 2025
    end_year: 2025
    status: ongoing
    budget:
      2025:
        state_measure_funds: 999999
  - id: "2.1"
    sub_goal: 2
    number: 1
    title: Næringsutvikling
    responsible: batsfjord
    start_year: 2025
    end_year: 2026
    status: ongoing
  - id: "2.2"
    sub_goal: 2
    number: 2
    title: Fiskerihavn
    responsible: vardo
    start_year: 2025
    end_year: 2026
    status: planned
    budget:
      2025:
        state_measure_funds: 3200000
        own_funds:
          amount: 300
          assumed:
            amount: Anslag.
funding:
  grants:
    - source: state_measure_funds
      year: 2024
      amount: 20000000
      covers_period: true
    - source: operating_grant
      year: 2025
      amount: 1000000
  carry_over:
    - source: state_measure_funds
      from_year: 2024
      to_year: 2025
schedule:
  - party: sor-varanger
    body: municipal_council
    date: 2025-02-13
    case_number: 25/12
    outcome: adopted
  - party: vardo
    body: municipal_council
    date: 2025-02-20
    case_number: 25/13
    outcome: postponed
  - party: vardo
    body: municipal_council
    date: 2025-03-20
    case_number: 25/20
    outcome: adopted
  - party: batsfjord
    body: municipal_council
    date: 2025-02-27
    case_number: 25/8
    outcome: rejected
  - party: kdd
    body: kdd
case:
  conclusion: Planen vedtas.
  recommendation:
    - Handlingsplanen for 2025 vedtas.
""",
)


@pytest.fixture
def grensa(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> git.Repo:
    init = ("grensa", "--name", "Grenseland", "--lang", "nb", "--county", "Finnmark")
    municipalities = ("-m", "Sør-Varanger", "-m", "Vardø", "-m", "Båtsfjord")
    repo = _pilot_repo(tmp_path, monkeypatch, *init, *municipalities, "--end", "2028-06-30")
    pilot = tmp_path / "pilots" / "grensa" / "pilot.yaml"
    text = pilot.read_text(encoding="utf-8").replace(
        "  state: draft\n  period:",
        "  state: signed\n  signed: 2024-06-20\n  period:\n    start: 2024-07-01",
    )
    files = {
        "pilots/grensa/pilot.yaml": text,
        "pilots/grensa/agreement.yaml": GRENSA_AGREEMENT,
        "pilots/grensa/plans/2025.yaml": GRENSA_2025,
    }
    commit(repo, "Handlingsplan 2025", files, author=KARI)
    return repo


def test_grensa_sums_keep_every_krone_and_never_count_unknown_as_zero(grensa: git.Repo) -> None:
    code, output = run_cli("validate", "-f", "json")
    assert code == 0, output
    found = sorted((f["code"], f["line"]) for f in json.loads(output)["findings"])
    plan = GRENSA_2025.splitlines()
    assert found == [
        ("BV220", plan.index('  - id: "2.1"') + 1),  # 2.1 has no budget for 2025
        ("BV222", 14),  # no chief executive named yet
        ("BV225", plan.index("  carry_over:") + 2),  # the amount carried over is not known
    ]
    # 3 750 000 + 999 999 + 3 200 000 state; 425 + 300 own; 1 000 000 operating
    case = _cli("render", "case", "grensa", "-m", "vardo", "-f", "md", "-o", "-")
    assert "Budsjettet i handlingsplanen for 2025 er på 8 950 724 kr" in case
    assert "| Statlige tiltaksmidler | 7 949 999 kr |" in case
    assert "| Egne midler | 725 kr |" in case
    assert "Ett tiltak har ikke budsjett for 2025: 2.1 Næringsutvikling." in case
    plan_md = _cli("render", "plan", "grensa", "-f", "md", "-o", "-")
    assert "| 1 Boliger | 1 250 000 kr | 5 750 424 kr | 7 000 424 kr |" in plan_md
    assert "| 2 Næring | – | 3 200 300 kr | 3 200 300 kr |" in plan_md
    summary = json.loads(_cli("overview", "-f", "json"))["pilots"][0]
    assert summary["budget"]["total"] == 8_950_724
    assert summary["budget"]["unknown"] == 1
    assert summary["period"] == {"start": "2024-07-01", "end": "2028-06-30"}


def test_grensa_schedule_shows_the_meeting_after_a_postponement(grensa: git.Repo) -> None:
    """Vardø postponed the plan on 20 February and adopted it on 20 March; Båtsfjord
    rejected it. The schedule gives Vardø's council meeting that decides, and every
    decision is listed once."""
    case = _cli("render", "case", "grensa", "-m", "vardo", "-f", "md", "-o", "-")
    table = case[case.index("| Kommune |") : case.index("### Vedtak")]
    assert "| Vardø kommune | ikke ført opp | 20. mars 2025 |" in table
    assert "| Båtsfjord kommune | ikke ført opp | 27. februar 2025 |" in table
    assert "utsatte behandlingen av handlingsplanen for 2025 den 20. februar 2025" in case
    assert "vedtok handlingsplanen for 2025 den 20. mars 2025, sak 25/20." in case
    others = case[case.index("De andre partene:") : case.index("## Nye")]
    assert (
        "| Båtsfjord kommune | Kommunestyret | 2025 | 27. februar 2025 | 25/8 | ikke vedtatt |"
        in others
    )
    assert others.count("Vardø kommune") == 0


def test_an_amendment_covers_its_own_change_not_every_later_one(fjella: git.Repo) -> None:
    """Tolga adopts the plan, Alvdal adopts it with a change, recorded as an amendment.
    A later change to another measure, committed without an amendment of its own, is BV305;
    with one it is not."""
    for party in ("tolga", "alvdal"):
        fjella.git.tag("-a", f"vedtak/fjella/2026/{party}", "-m", f"Kommunestyret i {party}")
    plan = Path(fjella.working_dir, "pilots/fjella/plans/2026.yaml")
    for party in ("tolga", "alvdal"):
        edit(
            plan,
            f"  - party: {party}\n    body: municipal_council\n",
            f"  - party: {party}\n    body: municipal_council\n"
            f"    adopted_revision: vedtak/fjella/2026/{party}\n",
        )
    commit(fjella, "Vedtaka ført inn", author=KARI)
    edit(plan, "state_measure_funds: 1600000", "state_measure_funds: 1800000")
    amendment = (
        "amendments:\n  - date: 2026-02-19\n"
        "    reason: Kommunestyret i Alvdal auka budsjettet til tiltak 1.1.\n"
        "    decided_by: {party: alvdal, body: municipal_council}\n"
        "    case_number: 26/12\ncase:\n"
    )
    edit(plan, "case:\n", amendment)
    commit(fjella, "Endringa frå Alvdal", author=OLA)
    assert "Ingen feil" in _cli("validate")
    text = edit(plan, "state_measure_funds: 1400000", "state_measure_funds: 1500000")
    commit(fjella, "Meir til næringsnettverket", author=OLA)
    code, output = run_cli("validate", "-f", "json")
    assert code == 1, output
    found = [(f["code"], f["line"]) for f in json.loads(output)["findings"] if f["code"] == "BV305"]
    assert found == [("BV305", text.splitlines().index('  - id: "2.1"') + 1)]
    edit(
        plan,
        "case:\n",
        "  - date: 2026-03-02\n    reason: Styringsgruppa auka budsjettet til tiltak 2.1.\n"
        "    decided_by: {party: tolga, body: municipal_council}\ncase:\n",
    )
    assert "Ingen feil" in _cli("validate")


def test_plan_new_after_a_skipped_year_is_warned_of_last_years_innstilling(
    kysten: git.Repo,
) -> None:
    """``plan new`` carries the innstilling over as it stood: the 2027 plan would ask the
    councils to adopt the plan for 2026 until someone corrects the year (BV255)."""
    assert "Skrev pilots/kysten/plans/2027.yaml" in _cli("plan", "new", "kysten", "2027")
    code, output = run_cli("validate", "-f", "json")
    assert code == 0, output
    found = [f for f in json.loads(output)["findings"] if f["code"] == "BV255"]
    text = Path(kysten.working_dir, "pilots/kysten/plans/2027.yaml").read_text(encoding="utf-8")
    line = text.splitlines().index("    - Handlingsplanen for 2026 vedtas.") + 1
    assert [(f["file"], f["line"]) for f in found] == [("pilots/kysten/plans/2027.yaml", line)]
    assert "handlingsplanen for 2026, men planen er for 2027" in found[0]["message"]


def test_a_council_that_sends_the_plan_back_to_the_executive_committee_is_in_order(
    grensa: git.Repo,
) -> None:
    """Vardø's formannskap recommends the plan, the council postpones it and sends it back,
    the formannskap treats it again and the council adopts it: no BV210, and the schedule
    gives the meetings that decided."""
    plan = Path(grensa.working_dir, "pilots/grensa/plans/2025.yaml")
    again = "".join(
        f"  - party: vardo\n    body: executive_committee\n    date: {date}\n"
        f"    case_number: {case}\n    outcome: adopted\n"
        for date, case in (("2025-02-06", "25/3"), ("2025-03-06", "25/9"))
    )
    edit(
        plan,
        "  - party: vardo\n    body: municipal_council\n    date: 2025-02-20\n",
        again + "  - party: vardo\n    body: municipal_council\n    date: 2025-02-20\n",
    )
    code, output = run_cli("validate", "-f", "json")
    assert code == 0, output
    assert [f for f in json.loads(output)["findings"] if f["code"] == "BV210"] == []
    case = _cli("render", "case", "grensa", "-m", "vardo", "-f", "md", "-o", "-")
    assert "| Vardø kommune | 6. mars 2025 | 20. mars 2025 |" in case
    # a council before every formannskap meeting is still out of order
    edit(plan, "date: 2025-02-06", "date: 2025-02-21")
    code, output = run_cli("validate", "-f", "json")
    found = [f["message"] for f in json.loads(output)["findings"] if f["code"] == "BV210"]
    assert found == [
        "Kommunestyret i Vardø kommune (2025-02-20) behandler planen før formannskapet (2025-02-21)"
    ]


def test_a_proposed_theme_adopted_next_year_is_a_new_measure(lierne: git.Repo) -> None:
    """2.2 Reiseliv was only proposed in 2025 (no measure yet, counted nowhere); the 2026
    plan adopts it: a new measure of that plan, not a change that lacks its reason."""
    assert "Skrev pilots/lierne/plans/2026.yaml" in _cli("plan", "new", "lierne", "2026")
    plan = Path(lierne.working_dir, "pilots/lierne/plans/2026.yaml")
    edit(
        plan,
        "    title: Reiseliv\n    status: proposed\n",
        "    title: Reiseliv\n    start_year: 2026\n    end_year: 2027\n    status: planned\n"
        "    budget:\n      2026:\n        state_measure_funds: 300000\n",
    )
    code, output = run_cli("validate", "-f", "json")
    assert code == 0, output
    assert "BV301" not in {f["code"] for f in json.loads(output)["findings"]}
    data = json.loads(_cli("diff", "lierne", "--from", "2025", "--to", "2026", "-f", "json"))
    assert [m["id"] for m in data["new"]] == ["2.2"]
    assert "2.2" not in [m["id"] for m in data["changed"]]
    case = _cli("render", "case", "lierne", "--year", "2026", "--draft", "-f", "md", "-o", "-")
    new = case[case.index("### Nye tiltak") : case.index("### Endrede tiltak")]
    assert "- Tiltak 2.2 Reiseliv" in new
