"""The pilot that uses every field of schema version 2 (issue 10, «Done when»):
``tests/data/fullpilot`` holds the pilot side (parties over time, names in Sami and Kven,
contacts, signatories, a working group, assumed values) and the plan side (shared work, a
sub-activity, a proposed theme, co-funding by funder and status, in-kind work, cost shares,
links, indicators and their values, assumed amounts). It validates without a finding, is in
canonical form, and every document renders in every format in Nynorsk and Bokmål with the
content that proves each feature is shown."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest
from ruamel.yaml import YAML

from bygdevekst_cli.language import words
from tests.helpers import DATA, NBSP, copy_pilot, edit, kr, line_of, run_cli, validate_json

FULL = DATA / "fullpilot"
FORMATS = ("md", "html", "docx", "pdf")


def copy_full(tmp_path: Path, language: str = "nn") -> Path:
    return copy_pilot(FULL, tmp_path, "fjellbygda", language)


def _keys(node: Any, path: str = "") -> set[str]:
    """Every key path in a YAML tree, list items as ``[]`` and years as ``<year>``."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            name = "<year>" if isinstance(key, int) else str(key)
            child = f"{path}.{name}" if path else name
            found.add(child)
            found |= _keys(value, child)
    elif isinstance(node, list):
        for item in node:
            found |= _keys(item, f"{path}[]")
    return found


# ------------------------------------------------------------------ the pilot as a whole


def test_the_full_pilot_validates_without_a_finding_and_is_canonical() -> None:
    assert validate_json(FULL) == (0, [])
    code, output = run_cli("fmt", "--check", str(FULL))
    assert code == 0, output


def test_the_full_pilot_really_uses_every_new_field() -> None:
    yaml = YAML(typ="safe")
    keys = set()
    for name in ("pilot.yaml", "agreement.yaml", "plans/2026.yaml", "plans/2027.yaml"):
        keys |= {f"{name}:{key}" for key in _keys(yaml.load((FULL / name).read_text("utf-8")))}
    pilot = [
        "parties[].member_from", "parties[].member_until", "parties[].names", "parties[].area",
        "parties[].contacts[].email", "parties[].signatory.title", "parties[].assumed",
        "organisation.groups[].members", "organisation.groups[].leader.title",
        "phases[].assumed", "agreement.period.assumed",
    ]  # fmt: skip
    agreement = [
        "links[].url", "sub_goals[].indicators[].source", "sub_goals[].indicators[].direction",
        "sub_goals[].indicators[].baseline.value", "sub_goals[].indicators[].target.value",
    ]  # fmt: skip
    plan = [
        "links[].url", "measures[].parent", "measures[].municipalities", "measures[].links[].url",
        "measures[].budget.<year>.other_grants.funder",
        "measures[].budget.<year>.other_grants.status",
        "measures[].budget.<year>.other_grants.assumed", "measures[].in_kind[].hours",
        "measures[].in_kind[].amount", "measures[].in_kind[].assumed", "measures[].cost_shares",
        "measures[].assumed", "indicator_values[].value", "indicator_values[].assumed",
        "funding.grants[].funder", "funding.grants[].status", "funding.grants[].decided",
        "funding.grants[].reference", "funding.grants[].assumed", "funding.cost_shares",
    ]  # fmt: skip
    wanted = (
        [f"pilot.yaml:{k}" for k in pilot]
        + [f"agreement.yaml:{k}" for k in agreement]
        + [f"plans/2026.yaml:{k}" for k in plan]
    )
    assert [key for key in wanted if key not in keys] == []
    plan_2026 = yaml.load((FULL / "plans/2026.yaml").read_text("utf-8"))
    statuses = {m["status"] for m in plan_2026["measures"]}
    assert "proposed" in statuses
    assert any("sub_goal" not in m for m in plan_2026["measures"])  # shared work


# ------------------------------------------------------- every document, every format


def _render_all(pilot: Path, out: Path) -> dict[str, Path]:
    """Every document of the pilot in every format; the Markdown files by document."""
    jobs = [
        ("agreement", []),
        ("plan", ["-y", "2026"]),
        ("status", ["-y", "2026"]),
        ("case", ["-y", "2026", "-m", "all"]),
        ("case", ["-y", "2027", "-m", "all"]),
    ]
    for document, extra in jobs:
        for fmt in FORMATS:
            code, output = run_cli(
                "render", document, str(pilot), "-f", fmt, "-o", str(out / fmt), *extra
            )
            assert code == 0, (document, fmt, output)
    made = {p.relative_to(out / "md").as_posix(): p for p in (out / "md").rglob("*.md")}
    for fmt in FORMATS[1:]:
        other = {
            p.relative_to(out / fmt).with_suffix(".md").as_posix()
            for p in (out / fmt).rglob(f"*.{fmt}")
        }
        assert other == set(made), fmt
    return made


@pytest.mark.parametrize("language", ["nn", "nb"])
def test_every_document_shows_every_feature_in_every_format(tmp_path: Path, language: str) -> None:
    pilot = copy_full(tmp_path, language)
    out = tmp_path / "out"
    made = _render_all(pilot, out)
    case = "saksframlegg" if language == "nn" else "saksfremlegg"  # the file names' language
    made = {name.replace(case, "saksframlegg"): path for name, path in made.items()}
    assert sorted(made) == [
        "fjellbygda/2026/handlingsplan.md",
        "fjellbygda/2026/saksframlegg-fyresdal.md",
        "fjellbygda/2026/saksframlegg-kviteseid.md",
        "fjellbygda/2026/statusrapport.md",
        "fjellbygda/2027/saksframlegg-fyresdal.md",
        "fjellbygda/2027/saksframlegg-gaivuotna.md",
        "fjellbygda/bygdevekstavtale.md",
    ]
    w = words(language)
    text = {name: path.read_text(encoding="utf-8") for name, path in made.items()}
    agreement = text["fjellbygda/bygdevekstavtale.md"]
    plan = text["fjellbygda/2026/handlingsplan.md"]
    status = text["fjellbygda/2026/statusrapport.md"]
    case_kviteseid = text["fjellbygda/2026/saksframlegg-kviteseid.md"]
    case_gaivuotna = text["fjellbygda/2027/saksframlegg-gaivuotna.md"]

    # Sami and Kven names, marked with their language
    for body in (agreement, case_gaivuotna):
        assert "[Gáivuona suohkan]{lang=se}" in body and "[Kaivuonon komuuni]{lang=fkv}" in body
    # indicators with baseline and target (agreement), the year's value against them (status)
    assert f"5{NBSP}200 (2024) | 5{NBSP}400 (2028) |" in agreement
    assert f"| 5{NBSP}200 (2024) | 5{NBSP}260 | 5{NBSP}400 (2028) |" in status
    # co-funding by funder and status; the application is not counted as granted
    other = w("source.other_grants").capitalize()
    assert f"| {other} | Troms fylkeskommune | {w('status.granted')} | {kr(150_000)} |" in plan
    assert f"| {other} | Innovasjon Noreg | {w('status.applied')} | {kr(50_000)} |" in plan
    # in-kind work
    assert w("doc.money.in_kind_heading", year=2026) in plan
    assert f"| Fyresdal kommune | 120 | {kr(60_000)} |" in plan
    # groups: the working group as the responsible party
    assert f"- {w('doc.common.responsible')}: Arbeidsgruppa for bustad" in plan
    assert "Arbeidsgruppa for bustad" in case_kviteseid
    # the new shared measure is listed under shared work in the changes, not under «Delmål –»
    assert f"#### {w('doc.measures2.shared')}\n\n- " in case_kviteseid
    assert f"{w('doc.common.sub_goal')} –" not in case_kviteseid
    # shared work, sub-activities, a proposed theme, municipalities, links, cost shares
    assert f"## {w('doc.measures2.shared')}" in plan
    assert f"- {w('doc.measures2.sub_activity_of')}: 1.1 Kartlegging av bustadbehov" in plan
    assert f"- {w('doc.measures2.only_in')}: Fyresdal kommune" in plan
    assert f"- {w('doc.common.status')}: {w('status.proposed')}" in plan
    assert "- Bustadanalyse: https://fjellbygda.example.no/bustadanalyse" in plan
    assert f"{w('doc.money.cost_shares_line')}: Fyresdal kommune 60{NBSP}%" in plan
    # assumed values, marked where they stand, with their notes at the end
    mark = w("doc.assumed.mark", number=1)
    heading = f"## {w('doc.assumed.heading')}"
    assert (
        f"Kviteseid kommune 2026: {w.plural('doc.money.hours_amount', 80, hours='80')} {mark}"
        in plan
    )
    notes = plan[plan.index(heading) :]
    assert "Timetalet er rekna frå møteplanen." in notes
    assert "Søknaden er ikkje send; summen er eit overslag." in notes
    assert "Prosjektleiinga held truleg fram ut avtaleperioden." in notes
    assert f"{kr(50_000)} {w('doc.assumed.mark', number=2)}" in plan
    # a one-year period is one year, marked because its end year is assumed
    assert f"- {w('doc.common.period')}: 2026 {w('doc.assumed.mark', number=3)}\n" in plan
    assert f"| 70 {mark} |" in status
    assert "Kviteseid har ikkje rapportert" in status[status.index(heading) :]
    assert f"{kr(50_000)} {w('doc.assumed.mark', number=3)}" in case_kviteseid
    assert heading in agreement and "Kommunestyret har ikkje gjort vedtak" in agreement

    # the other formats carry the same content
    agreement_html = (out / "html" / "fjellbygda" / "bygdevekstavtale.html").read_text("utf-8")
    assert '<span lang="se">Gáivuona suohkan</span>' in agreement_html
    assert '<span lang="fkv">Kaivuonon komuuni</span>' in agreement_html
    with zipfile.ZipFile(out / "docx" / "fjellbygda" / "bygdevekstavtale.docx") as package:
        xml = package.read("word/document.xml").decode()
    assert '<w:lang w:val="se"/></w:rPr><w:t>Gáivuona suohkan' in xml
    plan_docx = docx.Document(str(out / "docx" / "fjellbygda" / "2026" / "handlingsplan.docx"))
    plan_docx_text = "\n".join(p.text for p in plan_docx.paragraphs)
    assert "Arbeidsgruppa for bustad" in plan_docx_text
    assert w("doc.measures2.shared") in plan_docx_text
    assert "Timetalet er rekna frå møteplanen." in plan_docx_text
    for name, wanted in (
        ("bygdevekstavtale.pdf", ["Gáivuona suohkan", "Svein Leiros", "Folketal i kommunane"]),
        ("2026/handlingsplan.pdf", ["Arbeidsgruppa for bustad", "Innovasjon Noreg", "overslag"]),
        ("2026/statusrapport.pdf", ["5 260", "Kviteseid har ikkje rapportert"]),
        (f"2027/{case}-gaivuotna.pdf", ["Gáivuona suohkan", "Arbeidsgruppa for bustad"]),
    ):
        reader = pypdf.PdfReader(io.BytesIO((out / "pdf" / "fjellbygda" / name).read_bytes()))
        pdf_text = " ".join(page.extract_text() for page in reader.pages).replace(NBSP, " ")
        for piece in wanted:
            assert piece in " ".join(pdf_text.split()), (name, piece)


# ------------------------------------------------------------ assumed on the plan side


WRONG_ASSUMED = {
    # object: (the assumed key's line as written, what it is changed to, anchor, says)
    "measure: not a field": (
        "      end_year: Prosjektleiinga held truleg fram ut avtaleperioden.\n",
        "      budget_total: Truleg.\n",
        "- id: prosjektleiing",
        "«budget_total»",
    ),
    "in kind: a field without a value": (
        "          hours: Timetalet er rekna frå møteplanen.\n",
        "          amount: Truleg.\n",
        "- party: kviteseid",
        "«amount»",
    ),
    "grant: not a field": (
        "        amount: Søknaden er ikkje send; summen er eit overslag.\n",
        "        total: Truleg.\n",
        "- source: other_grants\n      year: 2026\n      funder: innovasjon",
        "«total»",
    ),
}


@pytest.mark.parametrize(
    ("old", "new", "anchor", "says"), WRONG_ASSUMED.values(), ids=WRONG_ASSUMED.keys()
)
def test_an_assumed_key_for_no_such_value_is_one_error_on_its_line(
    tmp_path: Path, old: str, new: str, anchor: str, says: str
) -> None:
    pilot = copy_full(tmp_path)
    path = pilot / "plans" / "2026.yaml"
    text = path.read_text(encoding="utf-8")
    # the grant's note is the last of the two with that text
    index = text.rindex(old) if "total" in new else text.index(old)
    text = text[:index] + new + text[index + len(old) :]
    path.write_text(text, encoding="utf-8")
    code, findings = validate_json(pilot)
    assert code == 1
    assert len(findings) == 1, findings
    (finding,) = findings
    assert finding["severity"] == "error" and finding["file"].endswith("2026.yaml")
    assert finding["line"] == line_of(text, anchor.split("\n")[0], occurrence=_nth(text, anchor))
    assert says in str(finding["message"]), finding


def _nth(text: str, anchor: str) -> int:
    """Which occurrence of the anchor's first line starts the whole (multi-line) anchor."""
    first = anchor.split("\n")[0]
    return text[: text.index(anchor) + len(first)].count(first)


def test_an_assumed_amount_is_marked_and_an_unmarked_one_is_not(tmp_path: Path) -> None:
    pilot = copy_full(tmp_path)
    code, output = run_cli("render", "plan", str(pilot), "-y", "2026", "-o", str(tmp_path / "a"))
    assert code == 0, output
    w = words("nn")
    marked = (tmp_path / "a" / "fjellbygda" / "2026" / "handlingsplan.md").read_text("utf-8")
    assert w("doc.assumed.heading") in marked
    # without the assumed maps no value is marked and there are no notes
    for name in ("plans/2026.yaml",):
        path = pilot / name
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        kept: list[str] = []
        skip_indent: int | None = None
        for line in lines:
            indent = len(line) - len(line.lstrip())
            if skip_indent is not None and indent > skip_indent:
                continue
            skip_indent = None
            if line.strip() == "assumed:":
                skip_indent = indent
                continue
            kept.append(line)
        path.write_text("".join(kept), encoding="utf-8")
    assert validate_json(pilot) == (0, [])
    code, output = run_cli("render", "plan", str(pilot), "-y", "2026", "-o", str(tmp_path / "b"))
    assert code == 0, output
    plain = (tmp_path / "b" / "fjellbygda" / "2026" / "handlingsplan.md").read_text("utf-8")
    assert w("doc.assumed.heading") not in plain
    assert w("doc.assumed.mark", number=1) not in plain


# ------------------------------------------------------------------------- plan new


FYRESDAL_IN_KIND = "      - party: fyresdal\n        year: 2026\n"


@pytest.mark.parametrize("keep", [False, True])
def test_plan_new_leaves_past_in_kind_behind_like_past_budget_years(
    tmp_path: Path, keep: bool
) -> None:
    pilot = copy_full(tmp_path)
    (pilot / "plans" / "2027.yaml").unlink()
    future = (
        "      # promised for next year\n"
        "      - party: fyresdal\n        year: 2027\n        hours: 40\n"
    )
    edit(pilot / "plans" / "2026.yaml", FYRESDAL_IN_KIND, future + FYRESDAL_IN_KIND)
    args = ["plan", "new", str(pilot), "2027", *(["--keep-past-budget"] if keep else [])]
    code, output = run_cli(*args)
    assert code == 0, output
    text = (pilot / "plans" / "2027.yaml").read_text(encoding="utf-8")
    plan = YAML(typ="safe").load(text)
    measure = next(m for m in plan["measures"] if m["id"] == "1.1")
    years = [entry["year"] for entry in measure["in_kind"]]
    assert years == ([2027, 2026, 2026] if keep else [2027])
    assert "# promised for next year" in text
    # a measure whose contributions all lie in the past keeps no empty list
    assert all(m.get("in_kind") != [] for m in plan["measures"])
    code, output = run_cli("fmt", "--check", str(pilot))
    assert code == 0, output
