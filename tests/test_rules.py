"""Every rule: a negative example gives exactly the intended finding at the right line,
and a positive example at the rule's edge gives none.

Each case edits the valid minimal pilot (tests/data/minimal, which has no findings at all)
and names the line the finding must point at by text that stands on that line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from bygdevekst_cli.rules import CATALOGUE
from tests.gitrepo import commit, init_repo, tag
from tests.helpers import check, codes, copy_minimal, edit, line_of, run_cli

PLAN = "plans/2026.yaml"
MEASURE_12 = """  - id: "1.2"
    sub_goal: 1
    number: 2
    title: Fleire tomter
    start_year: 2026
    end_year: 2026
    status: planned
    budget:
      2026:
        own_funds: 0
status:"""
MEASURE_12 = "\n" + MEASURE_12


@dataclass(frozen=True)
class Case:
    code: str
    file: str
    old: str
    new: str
    anchor: str | None
    """Text on the line the finding must point at (in the edited file); None: no line."""
    occurrence: int = 1
    count: int = 1
    """How many findings with this code (all on the anchor line)."""
    previous: tuple[tuple[str, str], ...] | None = None
    """Write plans/2025.yaml (the 2026 plan as 2025's) with these edits before the case's
    own edit: the cross-year rules compare the two."""
    git: bool = False
    """Commit the pilot in a git repository, tagged ``ADOPTED``, before the case's own edit."""
    remove: tuple[str, ...] = ()
    """Files of the minimal pilot to delete first."""
    also: tuple[tuple[str, str, str], ...] = ()
    """Edits ``(file, old, new)`` of other files, made first."""


SUB_GOAL_3 = (
    "  - number: 3\n    title: Meir kompetanse\n    weight: 5\n    partners: [fylket]\n"
    "    text: Partane skal samarbeide om kompetanse.\n"
)
"""A third sub-goal for the minimal agreement (weights 60/35/5), with no measure yet."""
ADOPTED = "vedtak/testdalen/2026/kommunestyret"
"""The tag of the commit a ``git`` case makes: a fixed revision for ``adopted_revision``."""
CONCLUSION = "  conclusion: Handlingsplanen byggjer vidare på arbeidet som er starta.\n"
RECOMMENDATION = "  recommendation:\n    - Handlingsplanen for 2026 blir vedteken.\n"
KDD_PENDING = (
    PLAN,
    "    date: 2026-06-15\n    case_number: 26/900\n    outcome: adopted\n",
    "    date: 2026-12-15\n",
)
"""The plan still on its way to KDD (a plan KDD has approved goes to no council any more)."""

NEGATIVE = [
    Case("BV201", "pilot.yaml", '"4028"', '"4032"', '"4032"', occurrence=2),
    Case("BV201", PLAN, 'id: "2.1"', 'id: "1.1"', 'id: "1.1"', occurrence=2),
    Case("BV202", PLAN, "partners: [husbanken]", "partners: [husbanken, nav]", "[husbanken, nav]"),
    Case("BV202", PLAN, "responsible: fyresdal", "responsible: kdd2", "responsible: kdd2"),
    Case(  # a county's body for a municipality (the county keeps its own treatment)
        "BV202",
        PLAN,
        "party: kviteseid\n    body: municipal_council",
        "party: kviteseid\n    body: county_committee",
        "body: county_committee",
    ),
    Case(
        "BV202",
        "agreement.yaml",
        "  - party: kdd\n",
        "  - party: kdd\n  - party: nav\n",
        "party: nav",
    ),
    Case("BV203", "agreement.yaml", "weight: 40", "weight: 50", "sub_goals:"),
    Case("BV204", PLAN, "end_year: 2027", "end_year: 2029", "end_year: 2029"),
    Case(
        "BV204",
        PLAN,
        "from_year: 2025\n      to_year: 2026",
        "from_year: 2025\n      to_year: 2030",
        "to_year: 2030",
    ),
    Case(
        "BV205",
        PLAN,
        "        state_measure_funds: 600000\nstatus:",
        "        state_measure_funds: 600000\n      2027:\n        own_funds: 1\nstatus:",
        "      2027:",
        occurrence=2,
    ),
    Case("BV104", PLAN, "own_funds: 100000", "own_funds: 100000.5", "own_funds: 100000.5"),
    Case("BV104", PLAN, "own_funds: 100000", "own_funds: -100", "own_funds: -100"),
    Case("BV104", PLAN, "own_funds: 100000", "own_funds: '100 000'", "own_funds: '100 000'"),
    Case("BV206", PLAN, "amount: 18000000", "amount: 1000000", "funding:"),
    Case(
        "BV207",
        PLAN,
        "        state_measure_funds: 600000\nstatus:",
        "        state_measure_funds: 1600000\nstatus:",
        "measures:",
        count=2,
    ),
    Case(
        "BV208",
        PLAN,
        "end_year: 2026\n    status: ongoing",
        "end_year: 2026\n    status: closed",
        "status: closed",
    ),
    Case(
        "BV209",
        PLAN,
        "  - party: kviteseid\n    body: municipal_council\n    date: 2026-02-12\n    case_number: 26/7\n    outcome: adopted\n",
        "",
        "schedule:",
    ),
    Case("BV210", PLAN, "date: 2026-01-28", "date: 2026-03-01", "date: 2026-02-19"),
    Case("BV210", PLAN, "date: 2026-06-15", "date: 2026-04-01", "date: 2026-04-01"),
    Case(
        "BV211", PLAN, "overall: Året har gått", "overall: Året har ikke gått", "Året har ikke gått"
    ),
    Case(
        "BV211",
        "agreement.yaml",
        "      Staten skal støtte arbeidet.",
        "      Staten skal støtte arbeidet.\n      Det er ikke lett.",
        "Det er ikke lett.",
    ),
    Case("BV212", PLAN, "\nyear: 2026", "\nyear: 2027", "year: 2027"),
    Case(
        "BV213",
        PLAN,
        "# yaml-language-server: $schema=../../../../schemas/plan.schema.json\n",
        "",
        "schema_version: 2",
        1,
    ),
    Case("BV016", PLAN, "schema_version: 2\n", "", "year: 2026"),
    # a pilot folder copied to start another, its id left as it was
    Case("BV214", "pilot.yaml", "id: testdalen", "id: nydalen", "id: nydalen"),
    Case(
        "BV213",
        "pilot.yaml",
        "schemas/pilot.schema.json",
        "schemas/plan.schema.json",
        "yaml-language-server",
    ),
    Case(
        "BV220",
        PLAN,
        "\nstatus:",
        MEASURE_12.replace("        own_funds: 0\n", "").replace("    budget:\n      2026:\n", ""),
        '- id: "1.2"',
    ),
    Case("BV221", PLAN, "\nstatus:", MEASURE_12.replace("    end_year: 2026\n", ""), '- id: "1.2"'),
    Case(
        "BV222",
        "pilot.yaml",
        "    case_document:\n      chief_executive_title: Kommunedirektør\n"
        "      chief_executive_name: Ola Nordmann\n  - id: fylket",
        "  - id: fylket",
        "- id: kviteseid",
    ),
    Case(
        "BV223",
        PLAN,
        "case_number: 26/10\n    outcome: adopted\n",
        "case_number: 26/10\n",
        "- party: fyresdal",
    ),
    Case("BV224", PLAN, "    case_number: 26/7\n", "", "- party: kviteseid"),
    Case(
        "BV225", PLAN, "      amount: 500000\n", "", "- source: state_measure_funds", occurrence=2
    ),
    Case("BV101", "agreement.yaml", "    title: Fleire arbeidsplassar\n", "", "- number: 2"),
    Case("BV102", "agreement.yaml", "weight: 40", "weight: 40\n    vekt: 40", "vekt: 40"),
    Case(
        "BV103",
        PLAN,
        "end_year: 2026\n    status: ongoing",
        "end_year: 2026\n    status: done",
        "status: done",
    ),
    Case("BV103", "pilot.yaml", '"4032"', "4032", "4032"),
]

# The plan side of the model (schema version 2): sub-activities, cost shares, money by
# funder and status, contributions in kind, indicators.
_GRANTS = "  carry_over:"
_FYLKET_GRANT = """    - source: other_grants
      year: 2026
      funder: fylket
      amount: {amount}
  carry_over:"""
_OWN_LINE = "        own_funds: 100000\n"
_FROM_FYLKET = (
    _OWN_LINE + "        other_grants:\n          amount: 200000\n          funder: fylket\n"
)
_INDICATOR_VALUE = (
    "\nindicator_values:\n  - indicator: folketal\n    year: 2026\n    value: 5\nstatus:\n"
)
_INDICATOR = (
    "    text: Samarbeidspartane skal utvikle ein handlingsplan.\n",
    "    text: Samarbeidspartane skal utvikle ein handlingsplan.\n"
    "    indicators:\n      - id: folketal\n        title: Folketal\n        unit: personar\n"
    "        direction: increase\n",
)
_TITLE_11 = "    title: Kartlegging av bustadbehov\n"
NEGATIVE += [
    Case("BV240", PLAN, _TITLE_11, '    parent: "1.1"\n' + _TITLE_11, 'parent: "1.1"'),
    Case(
        "BV241",
        PLAN,
        _TITLE_11,
        _TITLE_11 + "    cost_shares: {fyresdal: 60, kviteseid: 30}\n",
        "cost_shares",
    ),
    Case("BV241", PLAN, _GRANTS, "  cost_shares: {fyresdal: 50}\n" + _GRANTS, "cost_shares"),
    Case(
        "BV242",
        PLAN,
        _OWN_LINE,
        _FROM_FYLKET,
        "other_grants:",
        also=((PLAN, _GRANTS, _FYLKET_GRANT.format(amount=150000)),),
    ),
    Case(
        "BV243",
        PLAN,
        _OWN_LINE,
        "        own_funds: {amount: 100000, status: rejected}\n",
        "own_funds: {",
    ),
    Case(
        "BV244",
        PLAN,
        _TITLE_11,
        _TITLE_11 + "    in_kind:\n      - party: kviteseid\n        year: 2026\n",
        "- party: kviteseid",
    ),
    Case("BV245", PLAN, "\nstatus:\n", _INDICATOR_VALUE, "indicator: folketal"),
]


PLAN_2025 = "plans/2025.yaml"
MEASURE_12_2025 = """  - id: "1.2"
    sub_goal: 1
    number: 2
    title: Fleire tomter
    start_year: 2025
    end_year: 2025
    status: planned
    budget:
      2025:
        own_funds: 0
status:"""
BUDGET_11 = """    status: ongoing
    budget:
      2026:
        state_measure_funds: 600000
        own_funds"""
CLOSE_21 = (
    "end_year: 2026\n    status: ongoing",
    "end_year: 2026\n    status: closed\n    assessment: Nettverket er etablert.",
)
REASON_11 = (
    "end_year: 2027\n    status: ongoing",
    "end_year: 2027\n    status: ongoing\n    change_reason: Meir behov.",
)

MUNICIPALITIES = """  - id: fyresdal
    name: Fyresdal kommune
    kind: municipality
    role: main
    municipality_number: "4032"
    case_document:
      chief_executive_title: Kommunedirektør
      chief_executive_name: Kari Nordmann
  - id: kviteseid
    name: Kviteseid kommune
    kind: municipality
    role: main
    municipality_number: "4028"
    case_document:
      chief_executive_title: Kommunedirektør
      chief_executive_name: Ola Nordmann
"""

NEGATIVE += [
    # council-ready documents: cited tables, innstilling, conclusion, name, whole sentences
    Case(
        "BV250",
        PLAN,
        CONCLUSION,
        "  conclusion: Tabellane (2 og 3) viser budsjettet.\n",
        "conclusion:",
    ),
    Case("BV251", PLAN, RECOMMENDATION, "", "case:", also=(KDD_PENDING,)),
    Case("BV252", PLAN, CONCLUSION, "", "case:", also=(KDD_PENDING,)),
    Case(
        "BV253",
        "pilot.yaml",
        "      chief_executive_name: Ola Nordmann\n",
        "",
        "case_document:",
        occurrence=2,
    ),
    Case(
        "BV254",
        PLAN,
        CONCLUSION,
        "  conclusion: Arbeidet er starta. Planen byggjer vidare på\n",
        "conclusion:",
    ),
    # the innstilling «plan new» carried over from last year's plan
    Case(
        "BV255",
        PLAN,
        "Handlingsplanen for 2026 blir vedteken.",
        "Vedlagde utkast til handlingsplan for 2025 blir vedteke.",
        "Vedlagde utkast",
        also=(KDD_PENDING,),
    ),
]

NEGATIVE += [
    # what «bygdevekst init» leaves to fill in
    Case(
        "BV226",
        "agreement.yaml",
        "title: Fleire arbeidsplassar",
        "title: Tittel på delmål 2",
        "Tittel på delmål 2",
    ),
    Case("BV226", "pilot.yaml", "county: Telemark", "county: (fyll inn fylket)", "county:"),
    Case(
        "BV227",
        "pilot.yaml",
        MUNICIPALITIES,
        "",
        "parties:",
        remove=(PLAN,),
        also=(("agreement.yaml", "  - party: fyresdal\n  - party: kviteseid\n", ""),),
    ),
    # a sub-goal the year's plan has no measure for
    Case(
        "BV228",
        PLAN,
        "measures:\n",
        "measures:\n",
        "measures:",
        also=(
            ("agreement.yaml", "weight: 40", "weight: 35"),
            ("agreement.yaml", "signatures:\n", SUB_GOAL_3 + "signatures:\n"),
        ),
    ),
    # issue 10: an agreement period without an end; a party named after it left
    Case("BV230", "pilot.yaml", "    end: 2028-12-31\n", "", "period:"),
    Case(
        "BV231",
        PLAN,
        "party: kviteseid\n    body: municipal_council",
        "party: kviteseid\n    body: municipal_council",
        "party: kviteseid",
        also=(("pilot.yaml", '"4028"\n', '"4028"\n    member_until: 2025-12-31\n'),),
    ),
    # a municipality number typed wrong, still four digits (Fyresdal's 4032)
    Case("BV229", "pilot.yaml", '"4032"', '"4043"', '"4043"'),
    # an old word where a code now stands (read as the code; migrate rewrites it)
    Case(
        "BV232",
        PLAN,
        "body: municipal_council\n    date: 2026-02-12",
        "body: kommunestyre  # gammalt ord\n    date: 2026-02-12",
        "body: kommunestyre",
    ),
    # a municipality that joined in 2026 is required in the 2026 schedule
    Case(
        "BV209",
        PLAN,
        "  - party: kviteseid\n    body: municipal_council\n    date: 2026-02-12\n"
        "    case_number: 26/7\n    outcome: adopted\n",
        "",
        "schedule:",
        also=(("pilot.yaml", '"4028"\n', '"4028"\n    member_from: 2026-01-01\n'),),
    ),
]

# The cross-year rules need last year's plan too (``previous``), BV304 a git repository.
NEGATIVE += [
    # changed since last year without a reason
    Case("BV301", PLAN, BUDGET_11, BUDGET_11.replace("600000", "650000"), 'id: "1.1"', previous=()),
    # last year's reason copied unchanged
    Case(
        "BV301",
        PLAN,
        BUDGET_11,
        BUDGET_11.replace("ongoing", "ongoing\n    change_reason: Meir behov.").replace(
            "600000", "650000"
        ),
        'id: "1.1"',
        previous=(REASON_11,),
    ),
    Case(
        "BV302",
        PLAN,
        "\nmeasures:",
        "\nmeasures:",
        "measures:",
        previous=(("\nstatus:", "\n" + MEASURE_12_2025),),
    ),
    Case(
        "BV303",
        PLAN,
        "end_year: 2026\n    status: ongoing",
        "end_year: 2026\n    status: ongoing\n    change_reason: Teke opp att.",
        "status: ongoing",
        occurrence=2,
        previous=(CLOSE_21,),
    ),
    Case(
        "BV304",
        PLAN,
        "case_number: 26/11\n    outcome: adopted",
        "case_number: 26/11\n    outcome: adopted\n    adopted_revision: vedtak/testdalen/2026/ukjend",
        "adopted_revision:",
        git=True,
    ),
    Case(
        "BV304",
        PLAN,
        "case_number: 26/11\n    outcome: adopted",
        "case_number: 26/11\n    outcome: adopted\n    adopted_revision: HEAD",
        "adopted_revision:",
        git=True,
    ),
    # the plan the kommunestyre adopted (the commit before the edit) changed without an
    # amendment (tests/test_amendments.py has the positive examples and the CLI)
    Case(
        "BV305",
        PLAN,
        "state_measure_funds: 300000",
        "state_measure_funds: 350000",
        'id: "1.1"',
        git=True,
        also=(
            (
                PLAN,
                "case_number: 26/11\n",
                f"case_number: 26/11\n    adopted_revision: {ADOPTED}\n",
            ),
        ),
    ),
    # a character the PDF's fonts cannot show (an emoji in a measure's title)
    Case(
        "BV256",
        PLAN,
        "title: Kartlegging av bustadbehov",
        'title: "Kartlegging 🏠 av bustadbehov"',
        "Kartlegging 🏠",
    ),
]


def prepare(case: Case, tmp_path: Path) -> tuple[Path, str]:
    """The minimal pilot with the case's files and edit; returns the edited file's text."""
    pilot = copy_minimal(tmp_path)
    for name in case.remove:
        (pilot / name).unlink()
    for name, old, new in case.also:
        edit(pilot / name, old, new)
    if case.previous is not None:
        text = (pilot / PLAN).read_text(encoding="utf-8").replace("\nyear: 2026", "\nyear: 2025")
        for old, new in case.previous:
            assert text.count(old) == 1, old
            text = text.replace(old, new)
        (pilot / PLAN_2025).write_text(text, encoding="utf-8")
    if case.git:
        repo = init_repo(tmp_path)
        commit(repo, "Testdalen")
        tag(repo, ADOPTED)
    return pilot, edit(pilot / case.file, case.old, case.new)


def _id(case: Case) -> str:
    return f"{case.code}-{case.file.split('/')[-1]}-{case.new.strip()[:24]}"


@pytest.mark.parametrize("case", NEGATIVE, ids=_id)
def test_negative_example_gives_exactly_the_intended_finding(case: Case, tmp_path: Path) -> None:
    pilot, text = prepare(case, tmp_path)
    report = check(pilot)
    expected_line = line_of(text, case.anchor, case.occurrence) if case.anchor else None
    name = Path(case.file).name
    assert codes(report) == [(case.code, name, expected_line)] * case.count
    assert CATALOGUE[case.code].severity == report.findings[0].severity


POSITIVE = [
    # issue 10: a municipality that left before the plan's year needs no place in its schedule
    Case(
        "BV209",
        PLAN,
        "  - party: kviteseid\n    body: municipal_council\n    date: 2026-02-12\n"
        "    case_number: 26/7\n    outcome: adopted\n",
        "",
        None,
        also=(("pilot.yaml", '"4028"\n', '"4028"\n    member_until: 2025-12-31\n'),),
    ),
    # ... nor does one that joins after it
    Case(
        "BV209",
        PLAN,
        "  - party: kviteseid\n    body: municipal_council\n    date: 2026-02-12\n"
        "    case_number: 26/7\n    outcome: adopted\n",
        "",
        None,
        also=(("pilot.yaml", '"4028"\n', '"4028"\n    member_from: 2027-01-01\n'),),
    ),
    # a party named in the last year it is a member
    Case(
        "BV231",
        PLAN,
        "party: kviteseid\n    body: municipal_council",
        "party: kviteseid\n    body: municipal_council",
        None,
        also=(("pilot.yaml", '"4028"\n', '"4028"\n    member_until: 2026-06-30\n'),),
    ),
    # a table the plan has; a text that ends with a colon; an abbreviation is no sentence
    Case("BV250", PLAN, CONCLUSION, "  conclusion: Tabell 1 og 2 viser budsjettet.\n", None),
    Case("BV254", PLAN, CONCLUSION, "  conclusion: 'Planen er klar. Sjå punkta under:'\n", None),
    Case("BV254", PLAN, CONCLUSION, "  conclusion: Kari Nordmann, repr. frå fylket\n", None),
    # the plan's own year, another year that names no action plan, a plan KDD approved
    Case(
        "BV255",
        PLAN,
        RECOMMENDATION,
        RECOMMENDATION + "    - Styringsgruppa får fullmakt ut 2028.\n",
        None,
        also=(KDD_PENDING,),
    ),
    Case(
        "BV255",
        PLAN,
        "Handlingsplanen for 2026 blir vedteken.",
        "Handlingsplanen for 2025 blir vedteken.",
        None,
    ),
    # Sami letters and typographic characters the PDF's fonts have
    Case(
        "BV256",
        PLAN,
        "title: Kartlegging av bustadbehov",
        "title: Kartlegging – «Ŋ đ ŧ ž č á» av bustadbehov … ½ € ✓",
        None,
    ),
    # a text that only starts like a placeholder is the user's own
    Case(
        "BV226",
        "agreement.yaml",
        "Partane skal utforske nye næringar.",
        "Skriv teksten her om næringar.",
        None,
    ),
    Case("BV203", "agreement.yaml", "weight: 60", "weight: 60", None),
    Case("BV205", PLAN, "end_year: 2027", "end_year: 2027", None),  # budget in the end year
    Case(
        "BV213", PLAN, "$schema=../../../../schemas/", "$schema=https://example.org/schemas/", None
    ),
    # a share exactly WEIGHT_TOLERANCE points from the weight: 700/1400 = 50 % against 60 %
    Case("BV207", PLAN, "state_measure_funds: 300000", "state_measure_funds: 100000", None),
    Case(
        "BV208",
        PLAN,
        "end_year: 2026\n    status: ongoing",
        "end_year: 2026\n    status: closed\n    assessment: Nettverket er etablert.",
        None,
    ),
    Case("BV210", PLAN, "date: 2026-06-15", "date: 2026-04-29", None),  # same day as the county
    Case("BV206", PLAN, "amount: 18000000", "amount: 1500000", None),  # exactly what is allocated
    Case(
        "BV206",
        PLAN,
        "year: 2025\n      amount: 18000000",
        "year: 2026\n      amount: 1000000",
        None,
    ),  # + 500 000 carried from 2025
    Case(
        "BV211",
        "pilot.yaml",
        "signed: 2025-06-02\n",
        "signed: 2025-06-02\nnotes:\n  - Sjå Meld. St. 27 Eit godt liv i heile Noreg.\nlanguage_exceptions:\n  - Eit godt liv\n",
        None,
    ),
    Case(
        "BV223",
        PLAN,
        "date: 2026-06-15\n    case_number: 26/900\n    outcome: adopted",
        "date: 2026-12-15",
        None,
    ),  # not held yet
]

POSITIVE += [
    Case(
        "BV240",
        PLAN,
        "    title: Nettverk for næringane\n",
        '    parent: "1.1"\n    title: Nettverk for næringane\n',
        None,
    ),
    Case(
        "BV241",
        PLAN,
        _TITLE_11,
        _TITLE_11 + "    cost_shares: {fyresdal: 60, kviteseid: 40}\n",
        None,
    ),
    # granted exactly what the budget counts on; the applied part is left out of the budget
    Case(
        "BV242",
        PLAN,
        _OWN_LINE,
        _FROM_FYLKET,
        None,
        also=((PLAN, _GRANTS, _FYLKET_GRANT.format(amount=200000)),),
    ),
    Case(
        "BV242",
        PLAN,
        _OWN_LINE,
        _FROM_FYLKET.replace("funder: fylket", "funder: fylket\n          status: applied"),
        None,
        also=((PLAN, _GRANTS, _FYLKET_GRANT.format(amount=150000)),),
    ),
    Case("BV243", PLAN, _OWN_LINE, "        own_funds: {amount: 100000, status: granted}\n", None),
    Case(
        "BV244",
        PLAN,
        _TITLE_11,
        _TITLE_11
        + "    in_kind:\n      - party: kviteseid\n        year: 2026\n        hours: 0\n",
        None,
    ),
    Case(
        "BV245",
        PLAN,
        "\nstatus:\n",
        _INDICATOR_VALUE,
        None,
        also=(("agreement.yaml", *_INDICATOR),),
    ),
]


POSITIVE += [
    # changed, with this year's own reason
    Case(
        "BV301",
        PLAN,
        BUDGET_11,
        BUDGET_11.replace("ongoing", "ongoing\n    change_reason: Endå meir behov.").replace(
            "600000", "650000"
        ),
        None,
        previous=(REASON_11,),
    ),
    # last year's reason kept while nothing changed
    Case("BV301", PLAN, REASON_11[0], REASON_11[1], None, previous=(REASON_11,)),
    Case(
        "BV302",
        PLAN,
        "\nmeasures:",
        "\nmeasures:",
        None,
        previous=(
            (
                "\nstatus:",
                "\n"
                + MEASURE_12_2025.replace(
                    "status: planned", "status: closed\n    assessment: Tomtene er klare."
                ),
            ),
        ),
    ),
    Case(
        "BV303",
        PLAN,
        "end_year: 2026\n    status: ongoing",
        "end_year: 2026\n    status: ongoing\n    reopened: true\n    change_reason: Teke opp att.",
        None,
        previous=(CLOSE_21,),
    ),
    Case(
        "BV304",
        PLAN,
        "outcome: adopted\n  - party: kviteseid",
        f"outcome: adopted\n    adopted_revision: {ADOPTED}\n  - party: kviteseid",
        None,
        git=True,
    ),
    # outside a git repository the revision cannot be checked: no finding
    Case(
        "BV304",
        PLAN,
        "outcome: adopted\n  - party: kviteseid",
        "outcome: adopted\n    adopted_revision: ukjend\n  - party: kviteseid",
        None,
    ),
]


@pytest.mark.parametrize("case", POSITIVE, ids=_id)
def test_positive_example_at_the_edge_gives_no_finding(case: Case, tmp_path: Path) -> None:
    pilot, _ = prepare(case, tmp_path)
    assert codes(check(pilot)) == []


def test_the_minimal_pilot_has_no_findings(tmp_path: Path) -> None:
    report = check(copy_minimal(tmp_path))
    assert report.findings == []
    assert len(report.files) == 3


def test_a_pilot_not_under_pilots_may_be_in_a_folder_of_any_name(tmp_path: Path) -> None:
    """A pilot at a repository's root sits in whatever folder the clone was made in (a CI
    workspace, «pilotar»): BV214 holds only for folders under ``pilots/``."""
    pilot = copy_minimal(tmp_path)
    moved = pilot.rename(tmp_path / "home-runner-work")
    assert codes(check(moved)) == []


def test_a_pilot_straight_in_pilots_is_told_to_move_into_its_own_folder(tmp_path: Path) -> None:
    """``pilots/pilot.yaml``, the files copied one folder too high: ``validate`` reads
    them as a pilot, and BV214 says where they belong (overview reads it the same way)."""
    pilot = copy_minimal(tmp_path)
    for file in pilot.iterdir():
        file.rename(pilot.parent / file.name)
    pilot.rmdir()
    report = check(tmp_path / "pilots")
    assert codes(report) == [("BV214", "pilot.yaml", 3)]  # the id's line
    assert report.findings[0].message == (
        "Filene til piloten «testdalen» ligg rett i pilots/; flytt dei til pilots/testdalen/"
        " (git mv), så kan fleire pilotar stå i repoet og history og check finn piloten"
    )


def test_every_rule_has_a_negative_example() -> None:
    tested = {case.code for case in NEGATIVE}
    rules = {code for code, rule in CATALOGUE.items() if rule.check is not None}
    assert rules <= tested


def test_a_reason_copied_from_last_year_is_named_as_such(tmp_path: Path) -> None:
    # the minimal pilot is Nynorsk, so its findings are worded in Nynorsk
    case = next(c for c in NEGATIVE if c.code == "BV301" and c.previous)
    pilot, _ = prepare(case, tmp_path)
    (finding,) = check(pilot).findings
    assert finding.message == (
        "Tiltak 1.1 er endra sidan 2025 (budsjett 2026, statlege tiltaksmidlar),"
        " men manglar grunngjevinga for i år (teksten er frå i fjor);"
        " skriv grunngjevinga for i år i change_reason"
    )


def test_unknown_field_suggests_the_closest_name(tmp_path: Path) -> None:
    pilot = copy_minimal(tmp_path)
    edit(pilot / "agreement.yaml", "title: Fleire arbeidsplassar", "titel: Fleire arbeidsplassar")
    report = check(pilot)
    assert [f.code for f in report.findings] == ["BV101", "BV102"]
    assert "meinte du «title»" in report.findings[1].message  # the pilot writes Nynorsk


def test_written_standard_names_the_word_and_its_counterpart(tmp_path: Path) -> None:
    pilot = copy_minimal(tmp_path)
    edit(pilot / PLAN, "overall: Året har gått", "overall: Året har ikke gått")
    (finding,) = check(pilot).findings
    assert "«ikke» (nynorsk: «ikkje»)" in finding.message


def test_missing_required_file_and_stray_file(tmp_path: Path) -> None:
    pilot = copy_minimal(tmp_path)
    (pilot / "agreement.yaml").unlink()
    (pilot / "notater.yaml").write_text("a: 1\n", encoding="utf-8")
    assert codes(check(pilot)) == [
        ("BV013", "notater.yaml", None),
        ("BV014", "agreement.yaml", None),
    ]


def test_a_yaml_defect_stops_only_its_own_file(tmp_path: Path) -> None:
    pilot = copy_minimal(tmp_path)
    edit(pilot / PLAN, "\nyear: 2026", "\nyear: 2026\nyear: 2026")
    assert codes(check(pilot)) == [("BV003", "2026.yaml", 4)]


def test_findings_are_worded_in_the_pilots_written_standard(tmp_path: Path) -> None:
    nynorsk = copy_minimal(tmp_path / "nn")
    bokmaal = copy_minimal(tmp_path / "nb")
    edit(bokmaal / "pilot.yaml", "language: nn", "language: nb")
    for pilot in (nynorsk, bokmaal):
        edit(pilot / PLAN, "state_measure_funds: 300000", "state_measure_funds: 30000000")
    nn_messages = {f.code: f.message for f in check(nynorsk).findings}
    nb_messages = {f.code: f.message for f in check(bokmaal).findings}
    assert nn_messages["BV206"].startswith("Tiltaka er tildelte")
    assert nb_messages["BV206"].startswith("Tiltakene er tildelt")


def test_every_rule_explains_itself_in_both_standards() -> None:
    from bygdevekst_cli.language import words

    same = [c for c, e in CATALOGUE.items() if e.explain(words("nn")) == e.explain(words("nb"))]
    assert same == []
    assert "10 prosentpoeng" in CATALOGUE["BV207"].explain(words("nb"))


@pytest.mark.parametrize("member_until", [None, "2025-12-31", "2026-12-31"])
def test_bv231_finds_what_looking_up_every_reference_finds(
    tmp_path: Path, member_until: str | None
) -> None:
    """BV231 looks up only the parties outside a plan's year, and passes a plan by when
    there are none: its hits are those of looking up every reference's party."""
    from bygdevekst_cli.loader import load_yaml_bytes
    from bygdevekst_cli.models.meta import Ref
    from bygdevekst_cli.pilotset import read_pilot
    from bygdevekst_cli.rules.consistency import parties_named_in_their_years

    pilot = copy_minimal(tmp_path)
    if member_until is not None:
        edit(pilot / "pilot.yaml", '"4028"\n', f'"4028"\n    member_until: {member_until}\n')
    files = read_pilot(pilot, "testdalen", None, None, load_yaml_bytes)
    assert files.pilot is not None
    parties = {p.id: p for p in files.pilot.model.parties}
    named = (Ref.PARTY, Ref.PARTY_OR_GROUP, Ref.MUNICIPALITY)
    expected = [
        (plan.path, reference.path)
        for plan in files.plans.values()
        for reference in plan.references
        if reference.ref in named
        and (party := parties.get(str(reference.value))) is not None
        and not party.member_in(plan.model.year)
    ]
    found = [(hit.document.path, hit.path) for hit in parties_named_in_their_years(files)]
    assert found == expected
    assert bool(found) == (member_until == "2025-12-31")


def test_bv254_remembers_each_text_as_it_first_judged_it() -> None:
    """``unfinished_ending`` keeps its answer per text: asked again, in any order, it gives
    what judging the text afresh gives."""
    from bygdevekst_cli.rules.documents import unfinished_ending

    texts = ["Planen er klar.", "Arbeidet held fram etter", "Kari Nordmann, repr.", ""]
    texts += ["Dette er ein setning. Og så sluttar det med og", "Tittel", "   "]
    texts += ["Vi skal rapportere.\nDet skjer etter\nplanen og etter"]
    afresh = [unfinished_ending.__wrapped__(text) for text in texts]
    assert any(afresh) and None in afresh
    for order in (texts, texts[::-1], texts):
        assert [unfinished_ending(text) for text in order] == (
            afresh if order is texts else afresh[::-1]
        )


@pytest.mark.parametrize("broken", [False, True])
def test_bv202_finds_what_asking_of_every_reference_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: bool
) -> None:
    """BV202 settles a reference that is among the values that resolve with one look-up;
    its findings are those of asking ``problem`` of every reference, for every kind of
    reference (a party, a party or group, a municipality, a measure, a sub-goal)."""
    from bygdevekst_cli.loader import load_yaml_bytes
    from bygdevekst_cli.pilotset import read_pilot
    from bygdevekst_cli.rules.consistency import _Known

    pilot = copy_minimal(tmp_path)
    if broken:
        edit(pilot / PLAN, "    sub_goal: 2\n", "    sub_goal: 9\n    parent: '9.9'\n")
        edit(pilot / PLAN, "responsible: fyresdal", "responsible: kdd2")
        edit(
            pilot / PLAN,
            "partners: [husbanken]",
            "partners: [husbanken, nav]\n    municipalities: [husbanken]",
        )
    files = read_pilot(pilot, "testdalen", None, None, load_yaml_bytes)
    quick = list(CATALOGUE["BV202"].findings(files))
    monkeypatch.setattr(_Known, "resolving", property(lambda self: {}))
    assert list(CATALOGUE["BV202"].findings(files)) == quick
    assert len(quick) == (5 if broken else 0), [f.message for f in quick]


def test_bv226_finds_what_matching_every_text_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """BV226 matches a document's texts only when one of them starts as a placeholder
    does: on a pilot ``init`` wrote, and on one with every placeholder filled in, its
    findings are those of matching every text."""
    from bygdevekst_cli import placeholders
    from bygdevekst_cli.loader import load_yaml_bytes
    from bygdevekst_cli.pilotset import read_pilot
    from bygdevekst_cli.rules import completeness

    for language in ("nn", "nb"):
        made = [placeholders.text(language), placeholders.county(language)]
        made.append(placeholders.sub_goal_title(3, language))
        assert all(
            f"  {text}\n".lstrip().startswith(placeholders.placeholder_starts()) for text in made
        )
    (tmp_path / "pilots").mkdir()
    monkeypatch.chdir(tmp_path)
    code, output = run_cli("init", "nye-dalen", "--name", "Nye dalen", "--lang", "nn")
    assert code == 0, output
    done = tmp_path / "pilots" / "nye-dalen"
    for folder in (done, copy_minimal(tmp_path / "filled")):
        files = read_pilot(folder, folder.name, None, None, load_yaml_bytes)
        quick = list(CATALOGUE["BV226"].findings(files))
        with monkeypatch.context() as patched:
            patched.setattr(completeness, "placeholder_starts", lambda: ("",))
            assert list(CATALOGUE["BV226"].findings(files)) == quick
        assert len(quick) == (10 if folder == done else 0)


@pytest.mark.parametrize("edited", [False, True])
def test_bv211_finds_what_looking_through_every_text_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edited: bool
) -> None:
    """BV211 passes a document by when none of its running texts holds a marker (one pass
    over them); its findings are those of looking through every text of every document."""
    from bygdevekst_cli.loader import load_yaml_bytes
    from bygdevekst_cli.pilotset import read_pilot
    from bygdevekst_cli.rules import language

    pilot = copy_minimal(tmp_path)
    if edited:
        edit(pilot / PLAN, "overall: Året har gått", "overall: Året har ikke gått")
        edit(pilot / "agreement.yaml", "Staten skal støtte", "Staten skal ikke støtte")
    files = read_pilot(pilot, "testdalen", None, None, load_yaml_bytes)
    quick = list(CATALOGUE["BV211"].findings(files))
    monkeypatch.setattr(language, "_prose", lambda entries: ["ikke"])  # every text looked at
    assert list(CATALOGUE["BV211"].findings(files)) == quick
    assert [Path(f.file).name for f in quick] == (["agreement.yaml", "2026.yaml"] if edited else [])


def test_an_unknown_carry_over_is_not_taken_as_no_money(tmp_path: Path) -> None:
    # the grant is for 2026, so the 500 000 carried from 2025 is added to it (the edge case
    # above); written without its amount (BV225), BV206 took it as 0 and said the measures
    # were allocated more than granted and carried over, which nobody can know
    folder = copy_minimal(tmp_path)
    plan = folder / PLAN
    edit(plan, "year: 2025\n      amount: 18000000", "year: 2026\n      amount: 1000000")
    assert "BV206" not in {f.code for f in check(folder).findings}
    edit(plan, "to_year: 2026\n      amount: 500000\n", "to_year: 2026\n")
    found = {f.code for f in check(folder).findings}
    assert "BV225" in found and "BV206" not in found
    edit(plan, "to_year: 2026\n", "to_year: 2026\n      amount: 0\n")
    assert "BV206" in {f.code for f in check(folder).findings}  # known to be none: exceeded


def test_no_grant_recorded_is_said_so_and_never_called_0_kr(tmp_path: Path) -> None:
    # a new pilot's first plan budgets state measure funds before anyone has entered the
    # grant: the plans record none, which is not «only 0 kr has been granted»
    folder = copy_minimal(tmp_path)
    edit(
        folder / PLAN,
        "  grants:\n    - source: state_measure_funds\n      year: 2025\n"
        "      amount: 18000000\n      covers_period: true\n"
        "  carry_over:\n    - source: state_measure_funds\n      from_year: 2025\n"
        "      to_year: 2026\n      amount: 500000\n",
        "  grants: []\n",
    )
    (finding,) = [f for f in check(folder).findings if f.code == "BV206"]
    assert "fører ikkje inn nokon løyving av statlege tiltaksmidlar" in finding.message
    assert "berre" not in finding.message
    # a grant recorded as 0 kr is known: then the plans do say only 0 kr is granted
    zero = "  grants:\n    - source: state_measure_funds\n      year: 2026\n      amount: 0\n"
    edit(folder / PLAN, "  grants: []\n", zero)
    (finding,) = [f for f in check(folder).findings if f.code == "BV206"]
    assert "berre 0\xa0kr er løyvt" in finding.message
