"""The plan side of the model (schema version 2): measures without a sub-goal, sub-activities,
proposed themes, municipalities, links, money by funder and status, contributions in kind,
cost shares, and indicators.

``tests/data/full_plan`` uses every one of these fields; it validates without a finding and
renders plan, case, status and agreement in Nynorsk and Bokmål. Sums in the documents are
checked against sums worked out here from the YAML itself. The rules' own positive and
negative examples are in ``tests/test_rules.py`` (BV240-BV245).
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from bygdevekst_cli.app import app
from bygdevekst_cli.render.formats import FORMAT_BY_NAME
from bygdevekst_cli.render.pipeline import Rendered
from tests.helpers import NBSP, REPO, check, codes, copy_minimal, copy_pilot, edit, kr, line_of
from tests.test_render import one

FULL = REPO / "tests" / "data" / "full_plan"
PLAN = "plans/2026.yaml"
T11 = "    title: Kartlegging av bustadbehov\n"
SOURCES = (
    "operating_grant",
    "state_measure_funds",
    "project_management_grant",
    "own_funds",
    "other_grants",
)


def _yaml(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _amount(value: Any) -> int:
    return int(value["amount"] if isinstance(value, dict) else value)


def _copy(tmp_path: Path, language: str = "nn") -> Path:
    return copy_pilot(FULL, tmp_path, "fullplan", language)


# ------------------------------------------------------------------ the pilot as a whole


def test_the_full_plan_pilot_validates_without_a_finding() -> None:
    report = check(FULL)
    assert [(f.code, f.message) for f in report.findings] == []
    assert len(report.files) == 3


def test_the_full_plan_pilot_is_in_canonical_form_and_version_2(tmp_path: Path) -> None:
    pilot = _copy(tmp_path)
    runner = CliRunner()
    for command in ("fmt", "migrate"):
        result = runner.invoke(app, [command, str(pilot), "--check"])
        assert result.exit_code == 0, (command, result.output)


def test_the_yaml_really_uses_every_new_field() -> None:
    plan = _yaml(FULL / PLAN)
    agreement = _yaml(FULL / "agreement.yaml")
    measures = plan["measures"]
    keys = {key for m in measures for key in m}
    assert {"parent", "municipalities", "links", "in_kind", "cost_shares"} <= keys
    assert any("sub_goal" not in m for m in measures)
    assert {m["status"] for m in measures} >= {"proposed", "planned", "ongoing"}
    lines = [v for m in measures for year in m.get("budget", {}).values() for v in year.values()]
    assert any(isinstance(v, dict) for v in lines) and any(isinstance(v, int) for v in lines)
    grants = plan["funding"]["grants"]
    assert {g.get("status", "granted") for g in grants} == {"granted", "applied"}
    assert all({"funder"} <= set(g) for g in grants)
    assert plan["links"] and plan["indicator_values"] and plan["funding"]["cost_shares"]
    assert agreement["links"] and any(g.get("indicators") for g in agreement["sub_goals"])


# ---------------------------------------------------------------------- fields, one by one


@pytest.mark.parametrize(
    ("old", "new", "anchor", "code"),
    [
        # a budget line: amount whole kroner, only the three keys, a known status
        ("own_funds: 100000", "own_funds: {amount: 1.5}", "own_funds:", "BV104"),
        ("own_funds: 100000", "own_funds: {amount: 5, payer: kdd}", "own_funds:", "BV102"),
        ("own_funds: 100000", "own_funds: {amount: 5, status: approved}", "own_funds:", "BV103"),
        ("own_funds: 100000", "own_funds: {amount: 5, funder: nav}", "own_funds:", "BV202"),
        ("own_funds: 100000", "own_funds: 1.5", "own_funds:", "BV104"),
        # a grant's status is one of applied, granted, rejected
        ("covers_period: true", "covers_period: true\n      status: approved", "approved", "BV103"),
        ("covers_period: true", "covers_period: true\n      funder: nav", "funder: nav", "BV202"),
        (
            "covers_period: true",
            "covers_period: true\n      decided: 20.1.2026",
            "decided",
            "BV103",
        ),
        # a measure's new fields
        (
            "end_year: 2027\n    status: ongoing",
            "end_year: 2027\n    status: done",
            "status: done",
            "BV103",
        ),
        (T11, T11 + '    parent: "9.9"\n', "parent", "BV202"),
        (T11, T11 + "    municipalities: [husbanken]\n", "municip", "BV202"),
        (
            T11,
            T11 + "    cost_shares: {fyresdal: 120}\n",
            "cost_sh",
            "BV103",
        ),
        (T11, T11 + "    cost_shares: {nav: 100}\n", "cost_sh", "BV202"),
        (
            T11,
            T11 + "    links: [{title: A, url: heim}]\n",
            "links",
            "BV103",
        ),
        (T11, T11 + "    links: [{url: 'https://a.no'}]\n", "links", "BV101"),
        (
            T11,
            T11 + "    in_kind: [{party: nav, year: 2026, hours: 3}]\n",
            "in_kind",
            "BV202",
        ),
        (
            T11,
            T11 + "    in_kind: [{party: fyresdal, year: 2026, hours: 2.5}]\n",
            "in_kind",
            "BV103",
        ),
        # a plan's links and indicator values
        (
            "\nmeasures:\n",
            "\nlinks: [{title: A, url: 'ftp://a.no'}]\nmeasures:\n",
            "links",
            "BV103",
        ),
        (
            "\nstatus:\n",
            "\nindicator_values: [{indicator: folketal, year: 2026, value: mange}]\nstatus:\n",
            "indicator_values",
            "BV103",
        ),
    ],
)
def test_a_wrong_value_in_a_new_field_is_one_finding_at_its_line(
    old: str, new: str, anchor: str, code: str, tmp_path: Path
) -> None:
    pilot = copy_minimal(tmp_path)
    text = edit(pilot / PLAN, old, new)
    assert codes(check(pilot)) == [(code, "2026.yaml", line_of(text, anchor))]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("own_funds: 100000", "own_funds: {amount: 100000}"),
        ("own_funds: 100000", "own_funds: {amount: 100000, funder: fyresdal}"),
        (
            "covers_period: true",
            "covers_period: true\n      funder: kdd\n      decided: 2025-06-02",
        ),
        ("covers_period: true", "covers_period: true\n      reference: 25/1234"),
        (T11, T11 + '    parent: "2.1"\n'),
        (T11, T11 + "    municipalities: [kviteseid]\n"),
        (
            T11,
            T11 + "    links: [{title: Rapport, url: 'https://a.no/r'}]\n",
        ),
        (
            T11,
            T11 + "    in_kind: [{party: fylket, year: 2026, amount: 9}]\n",
        ),
        # a proposed theme needs no budget: neither BV220 nor BV205 for it
        (
            '  - id: "2.1"\n',
            '  - id: "2.2"\n    sub_goal: 2\n    number: 2\n    title: Nytt tema\n'
            "    start_year: 2026\n    end_year: 2026\n    status: proposed\n"
            '  - id: "2.1"\n',
        ),
        # shared work: no sub-goal
        (
            '  - id: "2.1"\n',
            "  - id: felles\n    number: 1\n    title: Kommunikasjon\n    start_year: 2026\n"
            "    end_year: 2026\n    status: ongoing\n    budget:\n      2026:\n"
            '        own_funds: 50000\n  - id: "2.1"\n',
        ),
    ],
)
def test_a_right_value_in_a_new_field_gives_no_finding(old: str, new: str, tmp_path: Path) -> None:
    pilot = copy_minimal(tmp_path)
    edit(pilot / PLAN, old, new)
    assert codes(check(pilot)) == []


def test_an_indicator_with_a_bad_direction_or_value_is_a_finding(tmp_path: Path) -> None:
    pilot = _copy(tmp_path)
    text = edit(pilot / "agreement.yaml", "direction: decrease", "direction: down")
    text = text.replace("baseline: {year: 2024, value: 80}", "baseline: {year: 2024, value: true}")
    (pilot / "agreement.yaml").write_text(text, encoding="utf-8")
    found = codes(check(pilot))
    assert found == [
        ("BV103", "agreement.yaml", line_of(text, "direction: down")),
        ("BV103", "agreement.yaml", line_of(text, "value: true")),
    ]


def test_the_applied_grant_is_not_counted_as_granted(tmp_path: Path) -> None:
    """Calling the budget line for Innovasjon Noreg granted does not make the applied grant
    count: BV242 names what is granted (0) and what is only applied for."""
    pilot = _copy(tmp_path)
    text = edit(
        pilot / PLAN,
        "          funder: innovasjon\n          status: applied",
        "          funder: innovasjon\n          status: granted",
    )
    (finding,) = check(pilot).findings
    assert (finding.code, finding.line) == ("BV242", line_of(text, "other_grants:", 2))
    assert "frå Innovasjon Noreg i 2026" in finding.message  # by the name pilot.yaml gives
    assert "50" in finding.message


def test_removing_a_municipality_share_breaks_the_sum(tmp_path: Path) -> None:
    pilot = _copy(tmp_path)
    text = edit(pilot / PLAN, "      kviteseid: 40\n", "")
    assert codes(check(pilot)) == [("BV241", "2026.yaml", line_of(text, "cost_shares:"))]


# ------------------------------------------------------------------------------ documents


def _by_source(plan: Any, year: int) -> dict[str, int]:
    """The year's budget per funding source over the adopted measures, from the YAML."""
    sums: dict[str, int] = {}
    for measure in plan["measures"]:
        if measure["status"] == "proposed":
            continue
        for source, value in measure.get("budget", {}).get(year, {}).items():
            sums[source] = sums.get(source, 0) + _amount(value)
    return sums


def _own_share(plan: Any, municipality: str, year: int) -> int:
    total = 0
    for measure in plan["measures"]:
        own = measure.get("budget", {}).get(year, {}).get("own_funds")
        if own is None or measure["status"] == "proposed":
            continue
        shares = measure.get("cost_shares") or plan["funding"]["cost_shares"]
        total += (_amount(own) * shares.get(municipality, 0) + 50) // 100
    return total


@pytest.fixture(scope="module")
def plan_doc() -> Rendered:
    return one(FULL, "plan", year=2026)


def test_the_plan_shows_shared_work_sub_activities_and_proposed_themes(plan_doc: Rendered) -> None:
    body = plan_doc.body
    assert "## Felles arbeid" in body
    assert body.index("## Delmål 2") < body.index("## Felles arbeid")
    assert "### Tiltak Prosjektleiing og kommunikasjon" in body  # shared work: its title
    assert "- Delaktivitet under: 1.1 Kartlegging av bustadbehov" in body
    assert "- Gjeld berre: Kviteseid kommune" in body
    assert "- Status: føreslått" in body and "Tema som ikkje er vedteke" in body
    assert "- Bustadanalyse: https://fullplan.example.no/bustadanalyse" in body
    assert "## Lenker" in body
    assert "- Kostnadsdeling: Fyresdal kommune 60\u00a0%, Kviteseid kommune 40\u00a0%" in body
    assert f"- Eigeninnsats: Fyresdal kommune 2026: 120 timar, {kr(60_000)}" in body


def test_the_plan_budget_sums_are_those_of_the_yaml(plan_doc: Rendered) -> None:
    plan = _yaml(FULL / PLAN)
    sums = _by_source(plan, 2026)
    total = sum(sums.values())
    assert total == 2_240_000  # the proposed theme's figures are not in it
    row = [line for line in plan_doc.body.splitlines() if line.startswith("| Sum |")][1]
    assert row == "| Sum | " + " | ".join(kr(sums[s]) for s in SOURCES if s in sums) + (
        f" | {kr(total)} |"
    )
    shared = sum(_amount(v) for v in plan["measures"][-1]["budget"][2026].values())
    assert f"| Felles arbeid | {kr(shared)} | – | {kr(shared)} |" in plan_doc.body


def test_the_plan_shows_money_by_funder_and_status(plan_doc: Rendered) -> None:
    body = plan_doc.body
    assert f"| Andre tilskot | Telemark fylkeskommune | løyvd | {kr(150_000)} |" in body
    assert f"| Andre tilskot | Innovasjon Noreg | søkt | {kr(50_000)} |" in body
    assert f"| Fyresdal kommune | 120 | {kr(60_000)} |" in body
    assert "| Kviteseid kommune | 80 | ikkje registrert |" in body  # no value given
    # the funding paragraph counts only granted money; the application is listed apart
    assert f"I 2026 kjem {kr(150_000)} frå andre tilskot." in body.replace(NBSP + "kr", NBSP + "kr")
    assert f"Søkt, ikkje avgjort: {kr(50_000)} i andre tilskot frå Innovasjon Noreg" in body


def test_the_case_document_gives_the_municipalitys_share_from_cost_shares() -> None:
    plan = _yaml(FULL / PLAN)
    for municipality, name in (("fyresdal", "Fyresdal"), ("kviteseid", "Kviteseid")):
        body = one(FULL, "case", year=2026, municipality=municipality).body
        share = _own_share(plan, municipality, 2026)
        assert (
            f"Av eigne midlar i 2026 fell {kr(share)} på {name} kommune etter kostnadsdelinga"
            in body
        )
        assert "Søkt, ikkje avgjort" in body
    assert _own_share(plan, "kviteseid", 2026) == 160_000  # 40 000 + 20 000 + 100 000
    body = one(FULL, "case", year=2026, municipality="kviteseid").body
    assert "Kviteseid kommune bidreg i 2026 med eigeninnsats: 80 timar." in body
    assert f"| Andre tilskot | Innovasjon Noreg | søkt | {kr(50_000)} |" in body


def test_the_agreement_has_the_indicator_appendix() -> None:
    body = one(FULL, "agreement").body
    assert "## Vedlegg: Indikatorar (utleidd frå delmåla)" in body
    assert (
        "| 1 | Folketal i kommunane | personar | SSB tabell 07459 | auke |"
        " 5\u00a0200 (2024) | 5\u00a0400 (2028) |"
    ) in body
    assert "| 2 | Del sysselsette | prosent | SSB tabell 11618 | auke | 68,5 (2024) |" in body
    assert "ikkje fastsett |" in body  # a target the agreement does not give
    assert "- Bygdevekstavtalene på regjeringen.no: https://www.regjeringen.no/" in body


def test_the_status_report_shows_the_years_indicator_values_and_chart() -> None:
    rendered = one(FULL, "status", year=2026)
    body = rendered.body
    assert (
        "| Folketal i kommunane | personar | 5\u00a0200 (2024) | 5\u00a0260"
        " | 5\u00a0400 (2028) |  |" in body
    )
    assert "| Ledige bustader | bustader | 80 (2024) | 70 | 40 (2028) | Tal frå kommunane |" in body
    chart = rendered.charts["status-2026-indicators"]
    # (5260 - 5200) / (5400 - 5200) = 30 %; (70 - 80) / (40 - 80) = 25 %; no target: none
    assert [(c, v) for c, v, _ in chart.rows] == [
        ("Folketal i kommunane", ("30",)),
        ("Ledige bustader", ("25",)),
    ]  # no bar for an indicator without a target: the description says so
    assert "Del sysselsette: målet er ikkje fastsett" in chart.description
    assert "(chart:status-2026-indicators)" in body
    html = FORMAT_BY_NAME["html"].convert(rendered).decode("utf-8")
    assert 'role="img" id="status-2026-indicators"' in html
    assert f'<desc id="status-2026-indicators-desc">{chart.description}</desc>' in html


@pytest.mark.parametrize(
    ("language", "said"),
    [("nn", "Ledige bustader: ikkje rapportert"), ("nb", "Ledige bustader: ikke rapportert")],
)
def test_the_indicator_chart_says_why_an_indicator_has_no_bar(
    tmp_path: Path, language: str, said: str
) -> None:
    """An indicator the year's report gives no value for is «not reported» in the chart's
    description, as in the table; one without a target says that its target is not set."""
    pilot = _copy(tmp_path, language)
    edit(
        pilot / "plans" / "2026.yaml",
        "  - indicator: ledige-bustader\n    year: 2026\n    value: 70\n"
        "    note: Tal frå kommunane\n",
        "",
    )
    chart = one(pilot, "status", year=2026).charts["status-2026-indicators"]
    assert said in chart.description
    target = "målet er ikkje fastsett" if language == "nn" else "målet er ikke fastsatt"
    assert f"Del sysselsette: {target}" in chart.description


@pytest.mark.parametrize("language", ["nn", "nb"])
def test_every_document_renders_in_every_format(language: str, tmp_path: Path) -> None:
    pilot = _copy(tmp_path, language)
    if language == "nb":  # the pilot's own texts in Bokmål too (the written-standard rule)
        for name, old, new in ((PLAN, "Tal frå kommunane", "Tall fra kommunene"),):
            edit(pilot / name, old, new)
    runner = CliRunner()
    out = tmp_path / "out"
    jobs = [("agreement", []), ("plan", []), ("status", []), ("case", ["-m", "kviteseid"])]
    for document, extra in jobs:
        for fmt in ("md", "html", "docx", "pdf"):
            target = out / f"{document}.{fmt}"
            result = runner.invoke(
                app,
                ["render", document, str(pilot), "-f", fmt, "-o", str(target), *extra],
            )
            assert result.exit_code == 0, (document, fmt, result.output)
            assert target.stat().st_size > 0
    shared = "Felles arbeid"
    funder = "Finansiering etter finansiør 2026"
    indicators = "Indikatorar 2026" if language == "nn" else "Indikatorer 2026"
    assert shared in (out / "plan.md").read_text(encoding="utf-8")
    assert funder in (out / "case.md").read_text(encoding="utf-8")
    assert indicators in (out / "status.md").read_text(encoding="utf-8")
    document = docx.Document(str(out / "status.docx"))
    alts = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert any(alt and alt.startswith(("Vegen mot måla", "Veien mot målene")) for alt in alts)
    with zipfile.ZipFile(out / "plan.docx") as archive:
        text = archive.read("word/document.xml").decode("utf-8")
    assert shared in text and "Innovasjon" in text
    reader = pypdf.PdfReader(io.BytesIO((out / "status.pdf").read_bytes()))
    pdf_text = "".join(page.extract_text() for page in reader.pages).replace(NBSP, " ")
    assert "5 260" in pdf_text
    if language == "nb":
        nb_text = (out / "plan.md").read_text(encoding="utf-8")
        assert "Tema som ikke er vedtatt som tiltak" in nb_text
        assert "ikkje" not in nb_text


# ------------------------------------------------------------------- diff and overview


def test_diff_names_changes_of_the_new_fields(tmp_path: Path) -> None:
    pilot = _copy(tmp_path)
    text = (pilot / PLAN).read_text(encoding="utf-8")
    for old, new in (
        ("year: 2026\nlinks", "year: 2027\nlinks"),
        ("      fyresdal: 60\n      kviteseid: 40\n", "      fyresdal: 70\n      kviteseid: 30\n"),
        ('    parent: "1.1"\n', "    change_reason: Eige tiltak.\n"),
        (
            "    end_year: 2027\n    status: ongoing\n",
            "    end_year: 2027\n    status: ongoing\n    change_reason: Ny fordeling.\n",
        ),
        (
            "      amount: 50000\n      status: applied",
            "      amount: 50000\n      status: granted",
        ),
        (
            "          funder: innovasjon\n          status: applied",
            "          funder: innovasjon\n          status: granted",
        ),
    ):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (pilot / "plans" / "2027.yaml").write_text(text, encoding="utf-8")
    runner = CliRunner()
    args = ["diff", str(pilot), "--from", "2026", "--to", "2027"]
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    changed = {
        m["id"]: {f["path"]: (f["old"], f["new"]) for f in m["fields"]} for m in data["changed"]
    }
    assert changed["1.1"] == {"cost_shares.fyresdal": (60, 70), "cost_shares.kviteseid": (40, 30)}
    assert changed["1.2"] == {
        "parent": ("1.1", None),
        "budget.2026.other_grants.status": ("applied", "granted"),
    }
    assert {f["path"]: (f["old"], f["new"]) for f in data["funding"]} == {
        "grants.2026.other_grants.innovasjon.status": ("applied", "granted")
    }
    shown = runner.invoke(app, args).output.replace(NBSP, " ")
    assert "kostnadsdeling Fyresdal kommune: 60 % → 70 %" in shown
    assert "overordna tiltak: «1.1» → ikkje fylt ut" in shown
    assert "status: søkt → løyvd" in shown


def test_the_overview_counts_proposed_themes_and_names_funders(tmp_path: Path) -> None:
    pilot = _copy(tmp_path)
    result = CliRunner().invoke(app, ["overview", str(pilot), "--format", "json"])
    assert result.exit_code == 0, result.output
    (summary,) = json.loads(result.output)["pilots"]
    assert summary["measures"]["proposed"] == 1
    assert summary["budget"]["by_source"] == _by_source(_yaml(FULL / PLAN), 2026)
    grants = {(g["source"], g["funder"]): g["amount"] for g in summary["grants"]}
    assert grants[("other_grants", "fylket")] == 150_000
    assert grants[("state_measure_funds", "kdd")] == 18_000_000


@pytest.mark.parametrize(("language", "words"), [("nn", "ligg før"), ("nb", "ligger før")])
def test_a_period_in_the_wrong_order_is_worded_from_the_catalogue(
    language: str, words: str, tmp_path: Path
) -> None:
    pilot = copy_minimal(tmp_path)
    if language == "nb":
        edit(pilot / "pilot.yaml", "language: nn", "language: nb")
    text = edit(pilot / PLAN, "end_year: 2027", "end_year: 2025")
    # (a Bokmål pilot also hears about the minimal pilot's Nynorsk texts: BV211)
    (finding,) = [f for f in check(pilot).findings if f.code != "BV211"]
    assert (finding.code, finding.line) == ("BV103", line_of(text, '- id: "1.1"'))
    assert f"end_year 2025 {words} start_year 2026" in finding.message


def test_an_indicator_moving_the_wrong_way_gets_no_bar_but_its_figure() -> None:
    from bygdevekst_cli.language import words
    from bygdevekst_cli.models.indicators import Indicator, IndicatorValue
    from bygdevekst_cli.render.indicators import IndicatorRow, indicator_chart

    indicator = Indicator.model_validate(
        {
            "id": "folk",
            "title": "Folketal",
            "unit": "personar",
            "direction": "increase",
            "baseline": {"year": 2024, "value": 100},
            "target": {"year": 2028, "value": 200},
        }
    )
    back = IndicatorRow(1, indicator, IndicatorValue(indicator="folk", year=2026, value=80))
    ahead = IndicatorRow(1, indicator, IndicatorValue(indicator="folk", year=2026, value=250))
    assert (back.progress, ahead.progress) == (-20, 150)
    assert indicator_chart("P", 2026, [back], words("nn"), "nn") is None
    chart = indicator_chart("P", 2026, [back, ahead], words("nn"), "nn")
    assert chart is not None and chart.series[0].values == (150,)
    assert "-20" in chart.description or "−20" in chart.description


def test_the_funder_rules_leave_out_only_lines_without_funder_or_status() -> None:
    """BV242 and BV243 read only the amounts written as lines (``written_lines``): every
    other line of a budget (a bare amount) names no funder and no status, and the order is
    the budget's."""
    from bygdevekst_cli.models.plan import Measure
    from bygdevekst_cli.pilotset import read_pilot

    written_seen = bare_seen = 0
    for folder in [REPO / "tests" / "data" / "full_plan", REPO / "tests" / "data" / "fullpilot"]:
        for plan in read_pilot(folder, folder.name).plans.values():
            for _, measure in plan.objects(Measure):
                for budget in measure.budget.values():
                    every = list(budget.lines())
                    written = list(budget.written_lines())
                    assert written == [entry for entry in every if entry in written]
                    bare = [line for entry in every if entry not in written for line in entry[1:]]
                    assert all(line.funder is None and line.status is None for line in bare)
                    written_seen += len(written)
                    bare_seen += len(bare)
    assert written_seen > 3 and bare_seen > 3
